/* The Atom parser on the hand-written fixtures in tests/net/atom/ (modelled
 * on the arXiv API's answers), on arXiv's error entry and on bad input;
 * the landing-page reader on citation_pdf_url forms. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "net/net.h"
#include "tap.h"

static const char head[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
	"  <link href=\"http://arxiv.org/api/query?search_query%3D%26id_list%3D2305.18290\" rel=\"self\" type=\"application/atom+xml\"/>\n"
	"  <title type=\"html\">ArXiv Query: search_query=&amp;id_list=2305.18290</title>\n"
	"  <id>http://arxiv.org/api/cHxbiOdZaP56ODnBPIenZhzg5f8</id>\n"
	"  <updated>2024-11-29T00:00:00-05:00</updated>\n"
	"  <opensearch:totalResults xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\">1</opensearch:totalResults>\n";

static char *fixture(const char *name)
{
	const char *src = getenv("QUIRE_SRCDIR");
	char *path = xasprintf("%s/tests/net/atom/%s", src ? src : ".", name);
	char *text = file_read_all(path, NULL, NULL);
	if (!text)
		printf("# cannot read %s\n", path);
	free(path);
	return text ? text : xstrdup("");
}

/* A feed of the given entries. Caller frees. */
static char *feed(const char *entries)
{
	return xasprintf("%s%s</feed>\n", head, entries);
}

static int parse(const char *xml, struct arxiv_record **r, size_t *n, char **err)
{
	return atom_parse(xml, strlen(xml), r, n, err);
}

static void test_fixtures(void)
{
	char *dpo = fixture("2305.18290.xml"), *lora = fixture("2106.09685.xml");
	char *adscft = fixture("hep-th_9711200.xml");
	char *all = xasprintf("%s%s%s", dpo, lora, adscft);
	char *xml = feed(all);
	struct arxiv_record *r = NULL;
	size_t n = 0;
	char *err = NULL;
	is(parse(xml, &r, &n, &err), 0, "a feed of three entries parses");
	is(n, 3, "three records");
	if (n == 3) {
		is_str(r[0].arxiv, "2305.18290", "id without version");
		is(r[0].version, 3, "latest version from the entry id");
		is_str(r[0].title, "Direct Preference Optimization: Your Language Model is Secretly a Reward Model",
		       "a title wrapped over two lines becomes one line");
		is_str(r[0].authors,
		       "Rafael Rafailov, Archit Sharma, Eric Mitchell, Stefano Ermon, Christopher D. Manning, Chelsea Finn",
		       "all six authors, in order");
		is_str(r[0].categories, "cs.LG cs.AI cs.CL", "primary category first, then the others");
		is_str(r[0].published, "2023-05-29T17:57:46Z", "first version's date");
		is_str(r[0].updated, "2024-07-29T22:26:36Z", "latest version's date");
		ok(r[0].abstract && str_starts_with(r[0].abstract, "While large-scale unsupervised") &&
			   !strchr(r[0].abstract, '\n'),
		   "abstract, whitespace squeezed");
		ok(r[0].doi == NULL && r[0].journal_ref == NULL, "no DOI or journal reference when absent");
		ok(r[0].raw && str_starts_with(r[0].raw, "<entry>") && str_ends_with(r[0].raw, "</entry>"),
		   "the raw entry is the <entry> element");
		is_str(r[1].categories, "cs.CL cs.AI cs.LG", "second entry's categories");
		is(r[1].version, 2, "second entry's version");
		is_str(r[2].arxiv, "hep-th/9711200", "old-style id");
		is_str(r[2].doi, "10.1023/A:1026654312961", "DOI");
		is_str(r[2].journal_ref, "Adv.Theor.Math.Phys.2:231-252,1998", "journal reference");
		is_str(r[2].authors, "Juan M. Maldacena", "an author with an affiliation: the name only");
	}
	arxiv_records_free(&r, n);
	free(err);
	free(xml), free(all), free(dpo), free(lora), free(adscft);
}

static void test_bad(void)
{
	struct arxiv_record *r = NULL;
	size_t n = 0;
	char *err = NULL;
	char *xml = feed("  <entry>\n    <id>http://arxiv.org/api/errors#incorrect_id_format_for_2106.0968</id>\n"
			 "    <title>Error</title>\n    <summary>incorrect id format for 2106.0968</summary>\n"
			 "    <author><name>arXiv api core</name></author>\n  </entry>\n");
	is(parse(xml, &r, &n, &err), -1, "arXiv's error entry (HTTP 200) is an error");
	is_str(err, "the arXiv API answered with an error: incorrect id format for 2106.0968",
	       "its message is the API's");
	ok(r == NULL && n == 0, "and no record");
	FREE(&err);
	free(xml);

	xml = feed("");
	is(parse(xml, &r, &n, &err), 0, "an empty feed parses");
	is(n, 0, "to no record (the caller names the ids)");
	free(xml);

	char *dpo = fixture("2305.18290.xml");
	xml = feed(dpo);
	xml[strlen(xml) / 2] = '\0';
	is(parse(xml, &r, &n, &err), -1, "a feed cut in the middle is an error");
	ok(err && str_starts_with(err, "malformed XML at line "), "malformed XML, with its line (%s)",
	   err ? err : "");
	ok(r == NULL && n == 0, "nothing half-parsed is returned");
	FREE(&err);
	free(xml);
	free(dpo);

	static const char *const bad[] = {
		"", "<html><body>Just a moment...</body></html>", "not xml at all",
		"<feed xmlns=\"http://example.org/other\"><entry/></feed>",
		("<?xml version=\"1.0\"?><!DOCTYPE feed [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
		 "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>&b;</title></feed>"),
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		is(parse(bad[i], &r, &n, &err), -1, "bad input %zu refused (%s)", i, err ? err : "");
		FREE(&err);
	}

	is(parse("Rate exceeded.\n", &r, &n, &err), -1, "arXiv's throttling answer (plain text) is an error");
	is_str(err, "not an Atom feed (it begins \"Rate exceeded.\")", "which says what came");
	FREE(&err);

	xml = feed("  <entry>\n    <id>http://arxiv.org/abs/2412.99999v1</id>\n    <title/>\n  </entry>\n");
	is(parse(xml, &r, &n, &err), 0, "an entry without a title (an unknown id) parses");
	is(n, 0, "but gives no record");
	free(xml);
}

static void test_landing(void)
{
	char *u = landing_pdf_url("<html><head><meta name=\"citation_pdf_url\" content=\"../files/p.pdf\">"
				  "</head></html>", 77, "https://example.org/forum/paper?id=3");
	is_str(u, "https://example.org/files/p.pdf", "a relative citation_pdf_url is resolved");
	free(u);
	const char *page = "<!DOCTYPE html><html><head><title>x</title>"
			   "<META NAME=\"Citation_PDF_URL\" CONTENT=\" https://cdn.example.net/a.pdf \">"
			   "</head><body><meta name=\"citation_pdf_url\" content=\"/second.pdf\"></body></html>";
	u = landing_pdf_url(page, strlen(page), "https://example.org/");
	is_str(u, "https://cdn.example.net/a.pdf", "the first tag, any case, spaces trimmed");
	free(u);
	page = "<html><head><meta name=\"citation_title\" content=\"t\"></head><body>no pdf</body></html>";
	ok(landing_pdf_url(page, strlen(page), "https://example.org/") == NULL, "no tag: NULL");
	page = "<html><head><meta name=\"citation_pdf_url\" content=\"javascript:alert(1)\"></head></html>";
	ok(landing_pdf_url(page, strlen(page), "https://example.org/") == NULL,
	   "a javascript: link is not followed");
	page = "<html><head><meta name=\"citation_pdf_url\" content=\"file:///etc/passwd\"></head></html>";
	ok(landing_pdf_url(page, strlen(page), "https://example.org/") == NULL,
	   "a file: link is not followed");
}

static void test_urls(void)
{
	struct net_settings s = {.arxiv_api = "http://h/api/query", .arxiv_pdf = "https://h/pdf/"};
	char *ids[] = {"2106.09685", "hep-th/9711200"};
	char *u = arxiv_api_url(&s, ids, 2);
	is_str(u, "http://h/api/query?id_list=2106.09685,hep-th/9711200&max_results=2", "API URL");
	free(u);
	s.arxiv_api = "http://h/api/query?x=1";
	u = arxiv_api_url(&s, ids, 1);
	is_str(u, "http://h/api/query?x=1&id_list=2106.09685&max_results=1", "API URL with a query");
	free(u);
	u = arxiv_pdf_url(&s, "2305.18290", 1);
	is_str(u, "https://h/pdf/2305.18290v1", "PDF URL with the list's version");
	free(u);
	u = arxiv_pdf_url(&s, "hep-th/9711200", 0);
	is_str(u, "https://h/pdf/hep-th/9711200", "PDF URL, latest version");
	free(u);
}

int main(void)
{
	test_fixtures();
	test_bad();
	test_landing();
	test_urls();
	return done_testing();
}
