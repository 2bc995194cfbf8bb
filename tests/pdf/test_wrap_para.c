/* test_wrap_para: pdf_wrap_para_at finds the paragraph each wrapped line
 * of a page comes from (what the reader quotes into a note), on
 * tests/pdf/data/hyphen.pdf (a heading, three paragraphs and a caption;
 * see make-pdfs.py) and the two-column Rcpp-introduction.pdf. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/pdf.h"
#include "tap.h"
#include "util/util.h"

/* Every line of page at width maps to the paragraph holding its text, and
 * blank lines and the footnote rule to none (an empty line of a code
 * listing belongs to it). */
static void check_page(const struct pdf_doc_text *doc, size_t page, int width, const char *what)
{
	struct pdf_lines lines = PDF_LINES_INIT;
	pdf_wrap_page(doc, page, width, &lines);
	size_t bad = 0, mapped = 0;
	for (size_t i = 0; i < lines.n; i++) {
		const char *text = lines.v[i].text;
		enum pdf_kind kind;
		const char *para = pdf_wrap_para_at(doc, page, width, i, &kind);
		if (!text[0] || strcmp(text, "----------") == 0) {
			/* an empty line of a code listing is part of it */
			if (para && !(kind == PDF_CODE && !text[0] && !para[0])) {
				bad++;
				printf("# line %zu \"%s\" (kind %d): %s\n", i, text,
				       lines.v[i].kind, para);
			}
			continue;
		}
		/* the line without its heading mark or caption indent */
		const char *body = text + strspn(text, "# ");
		char *first = xstrndup(body, strcspn(body, " "));
		if (!para || !strstr(para, first) || kind != lines.v[i].kind) {
			bad++;
			printf("# line %zu \"%s\": %s\n", i, text, para ? para : "(none)");
		}
		mapped++;
		free(first);
	}
	ok(bad == 0 && mapped > 0, "%s at %d: %zu lines, each in its paragraph", what, width,
	   mapped);
	ok(pdf_wrap_para_at(doc, page, width, lines.n, NULL) == NULL, "%s: past the end: none",
	   what);
	pdf_lines_free(&lines);
}

int main(void)
{
	char *err = NULL;
	char *hyphen = test_data("../pdf/data/hyphen.pdf");
	struct pdf_doc_text *doc = pdf_reflow(hyphen, NULL, &err);
	ok(doc != NULL, "hyphen.pdf read (%s)", err ? err : "");
	if (!doc)
		return done_testing();
	check_page(doc, 0, 30, "hyphen.pdf");
	check_page(doc, 0, 80, "hyphen.pdf");
	enum pdf_kind kind;
	const char *p = pdf_wrap_para_at(doc, 0, 80, 0, &kind);
	ok(p && kind == PDF_HEADING && strcmp(p, "Hyphens at the Ends of Lines") == 0,
	   "line 0: the heading, without its mark (%s)", p ? p : "none");
	ok(pdf_wrap_para_at(doc, 0, 80, 1, NULL) == NULL, "line 1: the blank line after it: none");
	p = pdf_wrap_para_at(doc, 0, 80, 2, &kind);
	ok(p && kind == PDF_BODY && str_starts_with(p, "The fixed- and random-effects models") &&
	           strstr(p, "every database course and then"),
	   "line 2: the whole first paragraph, its three lines joined");
	ok(pdf_wrap_para_at(doc, 5, 80, 0, NULL) == NULL, "no such page: none");
	pdf_doc_text_free(&doc);

	char *intro = test_data("pdf/Rcpp-introduction.pdf");
	doc = pdf_reflow(intro, NULL, &err);
	ok(doc != NULL, "Rcpp-introduction.pdf read");
	for (size_t pg = 0; doc && pg < doc->n; pg += 3)
		check_page(doc, pg, 60, "Rcpp-introduction.pdf");
	pdf_doc_text_free(&doc);
	free(intro);
	free(hyphen);
	return done_testing();
}
