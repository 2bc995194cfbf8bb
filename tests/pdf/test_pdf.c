/* test_pdf: pdf_text on the two real fixture PDFs (tests/data/
 * pdf), a truncated PDF and a file that is no PDF. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/pdf.h"
#include "tap.h"
#include "util/util.h"

#include <unistd.h>

/* Page 1 of the two-column introduction: left column, then right. */
#define INTRO_LEFT "The R language and environment"
#define INTRO_RIGHT "First Steps with Rcpp"

static char *fixture(const char *name)
{
	char *rel = path_join("pdf", name);
	char *p = test_data(rel);
	free(rel);
	return p;
}

static void one_error_line(const char *err, const char *path, const char *what)
{
	ok(err && strstr(err, path) && !strchr(err, '\n'), "%s: one error line naming the file (%s)",
	   what, err ? err : "none");
}

int main(void)
{
	char *err = NULL;
	char *jss = fixture("Rcpp-jss-2011.pdf"), *intro = fixture("Rcpp-introduction.pdf");
	if (!file_exists(jss) || !file_exists(intro)) {
		printf("Bail out! fixture PDFs not found in tests/data/pdf (%s)\n", jss);
		return 1;
	}
	is(pdf_page_count(jss, &err), 19, "Rcpp-jss-2011.pdf has 19 pages");
	is(pdf_page_count(intro, &err), 8, "Rcpp-introduction.pdf has 8 pages");

	char *p1 = pdf_text(jss, 0, &err);
	ok(p1 && strstr(p1, "Rcpp: Seamless R and C++ Integration"), "jss page 1: title");
	ok(p1 && strstr(p1, "Dirk Eddelbuettel"), "jss page 1: author");
	ok(p1 && strstr(p1, "Abstract"), "jss page 1: abstract heading");
	ok(p1 && utf8_valid(p1, strlen(p1)), "jss page 1: valid UTF-8");
	ok(p1 && !strchr(p1, '\f'), "one page: no form feed");
	free(p1);

	char *all = pdf_text(jss, -1, &err);
	size_t ff = 0;
	for (const char *p = all; p && *p; p++)
		ff += *p == '\f';
	is(ff, 18, "all pages of jss: 18 page breaks");
	free(all);

	/* Two columns: the left column's text comes before the right one's. */
	char *i1 = pdf_text(intro, 0, &err);
	ok(i1 && strstr(i1, "Extending R"), "intro page 1: title");
	const char *a = i1 ? strstr(i1, INTRO_LEFT) : NULL, *b = i1 ? strstr(i1, INTRO_RIGHT) : NULL;
	ok(a && b && a < b, "intro page 1: left column before right column");
	free(i1);

	free(pdf_text(jss, 19, &err));
	one_error_line(err, jss, "page out of range");
	FREE(&err);

	/* A truncated PDF and a text file. */
	char tmpl[] = "/tmp/quire-pdf-XXXXXX";
	int fd = mkstemp(tmpl);
	close(fd);
	size_t len;
	char *data = file_read_all(jss, &len, NULL);
	file_write_atomic(tmpl, data, len / 3, NULL);
	free(data);
	char *t = pdf_text(tmpl, -1, &err);
	ok(t || err, "a truncated PDF: text (MuPDF repairs) or an error");
	if (!t)
		one_error_line(err, tmpl, "truncated PDF");
	free(t);
	FREE(&err);
	file_write_atomic(tmpl, "%PDF-1.4\nnothing here\n", 22, NULL);
	ok(pdf_text(tmpl, -1, &err) == NULL, "a broken PDF: NULL");
	one_error_line(err, tmpl, "broken PDF");
	FREE(&err);
	file_write_atomic(tmpl, "just some words\n", 16, NULL);
	ok(pdf_text(tmpl, -1, &err) == NULL, "not a PDF: NULL");
	one_error_line(err, tmpl, "not a PDF");
	FREE(&err);
	is(pdf_page_count("/nonexistent/x.pdf", &err), -1, "missing file: -1");
	one_error_line(err, "/nonexistent/x.pdf", "missing file");
	FREE(&err);
	unlink(tmpl);
	free(jss);
	free(intro);
	return done_testing();
}
