/* Unit tests for src/import: arXiv id forms, DOIs, mojibake repair, topic
 * keys. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "import/import.h"

static void check_id(const char *text, const char *want, int want_version)
{
	char *id = NULL;
	int v = -1;
	bool ok_ = arxiv_parse(text, &id, &v);
	ok(ok_, "arxiv_parse accepts \"%s\"", text);
	is_str(id, want, "  id of \"%s\"", text);
	is(v, want_version, "  version of \"%s\"", text);
	free(id);
}

static void check_not_id(const char *text)
{
	char *id = NULL;
	ok(!arxiv_parse(text, &id, NULL) && id == NULL, "arxiv_parse rejects \"%s\"", text);
}

static void check_find(const char *text, const char *want, size_t want_start, size_t want_end)
{
	char *id = NULL;
	size_t s = 0, e = 0;
	int v = 0;
	bool found = arxiv_find(text, strlen(text), &s, &e, &id, &v);
	if (!want) {
		ok(!found, "no arXiv id in \"%s\"", text);
		free(id);
		return;
	}
	ok(found, "arxiv_find finds an id in \"%s\"", text);
	is_str(id, want, "  the id");
	is(s, want_start, "  start");
	is(e, want_end, "  end");
	free(id);
}

static void test_arxiv(void)
{
	check_id("2106.09685", "2106.09685", 0);
	check_id("2106.09685v2", "2106.09685", 2);
	check_id("arXiv:2106.09685", "2106.09685", 0);
	check_id("arxiv: 2106.09685v3", "2106.09685", 3);
	check_id("https://arxiv.org/abs/1707.06347", "1707.06347", 0);
	check_id("http://arxiv.org/abs/1707.06347v1", "1707.06347", 1);
	check_id("https://arxiv.org/pdf/1312.6114", "1312.6114", 0);
	check_id("https://arxiv.org/pdf/1907.05242v2.pdf", "1907.05242", 2);
	check_id("https://arxiv.org/pdf/2412.15287.pdf", "2412.15287", 0);
	check_id("https://export.arxiv.org/abs/2505.24832", "2505.24832", 0);
	check_id("https://www.arxiv.org/pdf/2408.08152", "2408.08152", 0);
	check_id("https://arxiv.org/html/2410.11758v1", "2410.11758", 1);
	check_id("https://arxiv.org/abs/2106.09685?context=cs#x", "2106.09685", 0);
	check_id("arxiv.org/abs/2106.09685/", "2106.09685", 0);
	/* arXiv's own DOIs name the arXiv id */
	check_id("10.48550/arXiv.2106.09685", "2106.09685", 0);
	check_id("https://doi.org/10.48550/arXiv.2305.18290", "2305.18290", 0);
	check_id("doi:10.48550/ARXIV.hep-th/9711200", "hep-th/9711200", 0);
	ok(!arxiv_parse("10.48550/arXiv.2106.09685/extra", NULL, NULL), "an arXiv DOI with more after the id: no id");
	ok(!arxiv_parse("10.1145/3442188.3445922", NULL, NULL), "another DOI: no arXiv id");
	check_id("0704.0001", "0704.0001", 0);        /* first new-style id */
	check_id("1412.6980", "1412.6980", 0);        /* last 4-digit month */
	check_id("1501.00001", "1501.00001", 0);      /* 5 digits from 2015 */
	check_id("hep-th/9901001", "hep-th/9901001", 0);
	check_id("hep-th/9901001v2", "hep-th/9901001", 2);
	check_id("arXiv:hep-th/9901001", "hep-th/9901001", 0);
	check_id("https://arxiv.org/abs/hep-th/9901001", "hep-th/9901001", 0);
	check_id("math.GT/0309136", "math/0309136", 0);
	check_id("cond-mat.mes-hall/0102536v1", "cond-mat/0102536", 1);
	check_id("cs/0112017", "cs/0112017", 0);
	check_id("  2201.11903  ", "2201.11903", 0);

	check_not_id("");
	check_not_id("2106.0968");        /* too short */
	check_not_id("1501.0001");        /* 4 digits after 2014 */
	check_not_id("1412.12345");       /* 5 digits before 2015 */
	check_not_id("0612.0001");        /* before April 2007 */
	check_not_id("2113.00001");       /* month 13 */
	check_not_id("2106.09685v0");
	check_not_id("2106.09685x");
	check_not_id("https://example.org/abs/2106.09685");
	check_not_id("https://arxiv.org/list/cs.LG/recent");
	check_not_id("foo-th/9901001");   /* unknown archive */
	check_not_id("hep-th/0801001");   /* old style ended in March 2007 */
	check_not_id("arXiv:");

	check_find("see arXiv:2106.09685 for details", "2106.09685", 4, 20);
	check_find("Paper (https://arxiv.org/abs/1707.06347v2)", "1707.06347", 7, 41);
	check_find("bare 2303.18223 id", "2303.18223", 5, 15);
	check_find("old hep-th/9901001 id", "hep-th/9901001", 4, 18);
	check_find("version 1.2106.09685", NULL, 0, 0);
	check_find("phone 12106.096851", NULL, 0, 0);
	check_find("no id here", NULL, 0, 0);
	check_find("ends with arXiv:", NULL, 0, 0);
}

static void test_doi(void)
{
	char *d = doi_find("https://journals.plos.org/digitalhealth/article?id=10.1371/journal.pdig.0001037");
	is_str(d, "10.1371/journal.pdig.0001037", "DOI from a query string");
	free(d);
	d = doi_find("https://link.springer.com/article/10.1007/s11023-012-9281-3");
	is_str(d, "10.1007/s11023-012-9281-3", "DOI from a path");
	free(d);
	d = doi_find("doi:10.1145/3292500.3330701.");
	is_str(d, "10.1145/3292500.3330701", "DOI in text, trailing dot dropped");
	free(d);
	d = doi_find("https://doi.org/10.1000/ABC.pdf");
	is_str(d, "10.1000/abc", "DOI lower-cased, .pdf dropped");
	free(d);
	ok(doi_find("version 10.5 of it") == NULL, "no DOI in \"version 10.5\"");
	ok(doi_find("https://www.nature.com/articles/nature24270") == NULL, "no DOI in a Nature URL");
}

static void check_repair(const char *garbled, const char *want, const char *what)
{
	size_t n = 0;
	char *fixed = mojibake_repair(garbled, strlen(garbled), &n);
	is_str(fixed, want, "%s", what);
	if (fixed)
		is(n, strlen(want), "  length of the repair");
	free(fixed);
}

static void check_clean(const char *text, const char *what)
{
	size_t n = 0;
	char *fixed = mojibake_repair(text, strlen(text), &n);
	ok(fixed == NULL, "untouched: %s", what);
	free(fixed);
}

static void test_mojibake(void)
{
	/* Mac Roman */
	check_repair("- \xE2\x80\x9A\xC3\xBA\xC3\xAE\xC3\x94\xE2\x88\x8F\xC3\xA8 [Paper](url)",
		     "- \xE2\x9C\x94\xEF\xB8\x8F [Paper](url)", "‚úîÔ∏è -> ✔️ (Mac Roman)");
	check_repair("\xEF\xA3\xBF\xC3\xBC\xC3\xB6\xC3\x9F Under Construction",
		     "\xF0\x9F\x9A\xA7 Under Construction", "\xEF\xA3\xBF\xC3\xBC\xC3\xB6\xC3\x9F -> 🚧 (Apple logo byte)");
	check_repair("caf\xE2\x88\x9A\xC2\xA9", "caf\xC3\xA9", "café garbled via Mac Roman (caf√©)");
	/* Windows-1252 */
	check_repair("it\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2s", "it\xE2\x80\x99s", "â€™ -> ’ (Windows-1252)");
	check_repair("caf\xC3\x83\xC2\xA9 cr\xC3\x83\xC2\xA8me", "caf\xC3\xA9 cr\xC3\xA8me",
		     "Ã© Ã¨ -> é è (Windows-1252)");
	/* twice garbled */
	check_repair("caf\xC3\x83\xC6\x92\xC3\x82\xC2\xA9", "caf\xC3\xA9", "garbled twice, repaired twice");

	check_clean("plain ASCII text", "ASCII");
	check_clean("caf\xC3\xA9", "a clean document with é");
	check_clean("na\xC3\xAFve r\xC3\xA9sum\xC3\xA9 \xE2\x80\x9C\xC3\x89" "cole\xE2\x80\x9D",
		    "French with quotes");
	check_clean("\xE2\x9C\x94\xEF\xB8\x8F read", "a real check mark");
	check_clean("\xF0\x9F\xA7\xA0 Reasoning", "emoji");
	check_clean("\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E", "Japanese");
	check_clean("x\xC3\xA9y \xE2\x80\x9A\xC3\xBA\xC3\xAE\xC3\x94\xE2\x88\x8F\xC3\xA8",
		    "mixed: one character that cannot be mojibake keeps the document");
	check_clean("\xC2\x81", "result would be a C1 control");
	ok(mojibake_repair("\xFF\xFE", 2, NULL) == NULL, "invalid UTF-8 is not mojibake");
}

static void test_topic_key(void)
{
	char *k = import_topic_key("\xF0\x9F\xA7\xA0 Reasoning");
	is_str(k, "reasoning", "emoji stripped, lower-cased");
	free(k);
	k = import_topic_key("\xF0\x9F\x93\x96  AI/ML   Knowledge ");
	is_str(k, "ai/ml knowledge", "spaces squeezed");
	free(k);
	k = import_topic_key("\xE2\x9A\x96\xEF\xB8\x8F Concept Summary");
	is_str(k, "concept summary", "emoji with variation selector");
	free(k);
	k = import_topic_key("Caf\xC3\xA9");
	is_str(k, "caf\xC3\xA9", "non-ASCII letters kept");
	free(k);
}

int main(void)
{
	test_arxiv();
	test_doi();
	test_mojibake();
	test_topic_key();
	return done_testing();
}
