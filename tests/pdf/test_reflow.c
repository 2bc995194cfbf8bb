/* test_reflow: the reading text of the fixture PDFs (tests/data/pdf) and of
 * the small PDFs made by tests/pdf/data/make-pdfs.py, checked against text
 * transcribed from the rendered pages (mutool draw), not from quire's
 * output; and documents that must fail with one clear message. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "pdf/pdf.h"
#include "tap.h"
#include "util/util.h"

static char *fixture(const char *name)
{
	char *rel = path_join("pdf", name);
	char *p = test_data(rel);
	free(rel);
	return p;
}

/* tests/pdf/data/NAME */
static char *local(const char *name)
{
	const char *src = getenv("QUIRE_SRCDIR");
	return xasprintf("%s/tests/pdf/data/%s", src && *src ? src : ".", name);
}

/* Position of the paragraph of page (0-based) equal to text (or, with
 * sub, containing it): blocks then paragraphs counted together; -1. */
static long find(const struct pdf_doc_text *d, size_t page, const char *text, bool sub,
		 enum pdf_kind *kind)
{
	if (!d || page >= d->n)
		return -1;
	long pos = 0;
	const struct pdf_page_text *pt = &d->pages[page];
	for (size_t b = 0; b < pt->n; b++)
		for (size_t i = 0; i < pt->blocks[b].n; i++, pos++) {
			const char *p = pt->blocks[b].paras[i];
			if (sub ? strstr(p, text) != NULL : strcmp(p, text) == 0) {
				if (kind)
					*kind = pt->blocks[b].kind;
				return pos;
			}
		}
	return -1;
}

/* Does any paragraph of any page contain text? */
static bool anywhere(const struct pdf_doc_text *d, const char *text, size_t *page)
{
	for (size_t p = 0; d && p < d->n; p++)
		if (find(d, p, text, true, NULL) >= 0) {
			if (page)
				*page = p;
			return true;
		}
	return false;
}

static void one_error_line(const char *err, const char *path, const char *want, const char *what)
{
	ok(err && strstr(err, path) && strstr(err, want) && !strchr(err, '\n'),
	   "%s: one error line naming the file and saying '%s' (%s)", what, want,
	   err ? err : "none");
}

static void intro(void)
{
	char *path = fixture("Rcpp-introduction.pdf"), *err = NULL;
	struct pdf_doc_text *d = pdf_reflow(path, NULL, &err);
	ok(d && d->n == 8, "introduction: 8 pages (%s)", err ? err : "");
	if (!d) {
		free(path);
		return;
	}
	/* Page 1, as rendered: the left column opens under "Introduction"
	 * ("has es-" / "tablished"), the right column with "Chambers (2016". */
	const char *left = "The R language and environment (R Core Team, 2021a) has established "
			   "itself as both an increasingly dominant facility for data analysis, "
			   "and the lingua franca for statistical computing in both research and "
			   "application settings.";
	const char *right = "Chambers (2016, p. 4) builds and expands on this theme. Two core "
			    "facets of what \u201cmakes\u201d R are carried over from the previous "
			    "book. The first states what R is composed of: Everything that exists "
			    "in R is an object. The second states how these objects are created or "
			    "altered: Everything that happens in R is a function call. A third "
			    "statement is now added: Interfaces to other software are part of R.";
	long l = find(d, 0, left, false, NULL), r = find(d, 0, right, false, NULL);
	ok(l >= 0, "intro p1: the left column's first paragraph, de-hyphenated (es-tablished)");
	ok(r >= 0, "intro p1: the right column's first paragraph, whole");
	ok(l >= 0 && r > l, "intro p1: left column before right column (%ld < %ld)", l, r);
	/* The "Background." paragraph ends the left column ("dis-" / "cussion"). */
	long bg = find(d, 0, "Background. Chambers (2008, p. 3) provides a very thorough discussion "
			     "of desirable traits", true, NULL);
	ok(bg >= 0 && bg < r, "intro p1: Background paragraph, de-hyphenated, before the right column");
	enum pdf_kind k = PDF_BODY;
	ok(find(d, 0, "Introduction", false, &k) >= 0 && k == PDF_HEADING,
	   "intro p1: \"Introduction\" is a heading");
	ok(find(d, 0, "First Steps with Rcpp", false, &k) >= 0 && k == PDF_HEADING,
	   "intro p1: \"First Steps with Rcpp\" is a heading");
	ok(find(d, 0, "Extending R with C++: A Brief Introduction to Rcpp", false, &k) >= 0 &&
		   k == PDF_HEADING,
	   "intro p1: the two-line title is one heading");
	/* Page 2, left column: "a statically-" / "typed language". */
	ok(find(d, 1, "as C++ is a statically-typed language, there needs to be additional", true,
		NULL) >= 0,
	   "intro p2: a compound's hyphen at a line end is kept (statically-typed)");
	/* The foot of page 1 ("beyond the scope of this pa-") goes on at the
	 * top of page 2 ("per. However, many external resources exist that
	 * provide detailed / installation guides for R toolschains in Windows
	 * and macOS."): one paragraph, on page 1 where it starts, the word
	 * whole; page 2 starts with the next one ("As a first step"). */
	ok(find(d, 0, "Details of these installation steps are beyond the scope of this paper. "
		      "However, many external resources exist that provide detailed installation "
		      "guides for R toolschains in Windows and macOS.",
		true, NULL) >= 0,
	   "intro: a paragraph cut by the page break is one, on page 1, the split word whole");
	ok(find(d, 1, "As a first step, and chiefly to establish that the toolchain is set up",
		true, NULL) == 0,
	   "intro: page 2 starts with the paragraph after it");
	/* Running footers, page numbers: gone from every page. */
	ok(!anywhere(d, "Rcpp Vignette", NULL), "intro: footer \"Rcpp Vignette\" on no page");
	ok(!anywhere(d, "January 11, 2022 |", NULL), "intro: footer date on no page");
	bool url = false;
	for (size_t p = 0; p < d->n; p++)
		url = url || find(d, p, "https://cran.r-project.org/package=Rcpp", false, NULL) >= 0;
	ok(!url, "intro: footer URL on no page");
	/* Page 3: the figure caption apart; footnotes 1 and 2 at the page's end,
	 * not in the paragraph that refers to them. */
	ok(find(d, 2, "Fig. 1. Graphical annotation of the is_odd_cpp function.", false, &k) >= 0 &&
		   k == PDF_CAPTION,
	   "intro p3: Fig. 1 caption is a caption of its own");
	long fn = find(d, 2, "Theoretical analysis is often directed", true, &k);
	ok(fn >= 0 && k == PDF_FOOTNOTE, "intro p3: footnote 1 is a footnote");
	long body = find(d, 2, "Optimization of an algorithm involves performing", true, NULL);
	ok(body >= 0 && fn > body, "intro p3: the footnote comes after the body text");
	ok(body >= 0 && !strstr(d->pages[2].blocks[0].paras[0], "Theoretical"),
	   "intro p3: no footnote text inside a body paragraph");
	/* The right column of page 3 goes on from the left one's last line
	 * ("The result vector" / "is already initialized at zero"). */
	ok(find(d, 2, "The result vector is already initialized at zero as well", true, NULL) >= 0,
	   "intro p3: a paragraph going on in the next column is one paragraph");
	/* Page 5: a sentence that starts with "Figure 2" is body text; the
	 * paragraph at the foot of the left column ("in C++ use a") goes on at
	 * the top of the right one ("zero-based indexing system"). */
	ok(find(d, 4, "Figure 2 shows that the bootstrap procedure worked well!", false, &k) >= 0 &&
		   k == PDF_BODY,
	   "intro p5: \"Figure 2 shows...\" is body text, not a caption");
	ok(find(d, 4, "vectors and matrices in C++ use a zero-based indexing system, meaning that",
		true, &k) >= 0 && k == PDF_BODY,
	   "intro p5: the paragraph goes on from the left column into the right one");
	ok(find(d, 4, "For more flexibility in sampling see", true, &k) >= 0 && k == PDF_FOOTNOTE,
	   "intro p5: footnote 3 is a footnote");
	/* Page 6: a bold run-in heading ("Compute RNG draws from a multivariate
	 * Normal.") opens its paragraph, "appli-" / "cation" joined; the
	 * figure's axis numbers are no headings. */
	ok(find(d, 5, "Compute RNG draws from a multivariate Normal. A common application in "
		      "statistical computing is simulating from a multivariate normal distribution.",
		true, &k) >= 0 && k == PDF_BODY,
	   "intro p6: a run-in heading stays in its paragraph");
	ok(find(d, 5, "20.0 20.5 21.0 21.5", false, &k) >= 0 && k != PDF_HEADING,
	   "intro p6: a figure's axis numbers are no heading");
	/* Every paragraph of every page: valid UTF-8, no ligature code points. */
	bool valid = true, lig = false;
	for (size_t p = 0; p < d->n; p++)
		for (size_t b = 0; b < d->pages[p].n; b++)
			for (size_t i = 0; i < d->pages[p].blocks[b].n; i++) {
				const char *s = d->pages[p].blocks[b].paras[i];
				valid = valid && utf8_valid(s, strlen(s));
				lig = lig || strstr(s, "\xef\xac");
			}
	ok(valid && !lig, "intro: valid UTF-8 and no ligature code points");
	pdf_doc_text_free(&d);
	ok(d == NULL, "pdf_doc_text_free nulls the pointer");
	free(path);
}

static void jss(void)
{
	char *path = fixture("Rcpp-jss-2011.pdf"), *err = NULL;
	struct pdf_doc_text *d = pdf_reflow(path, NULL, &err);
	ok(d && d->n == 19, "jss: 19 pages (%s)", err ? err : "");
	if (!d) {
		free(path);
		return;
	}
	enum pdf_kind k = PDF_BODY;
	/* The running headers "Rcpp: Seamless R and C++ Integration" (even
	 * pages) and "Dirk Eddelbuettel, Romain François" (odd pages), with
	 * their page numbers, are gone; the title stays on page 1. */
	ok(find(d, 0, "Rcpp: Seamless R and C++ Integration", false, &k) == 0 && k == PDF_HEADING,
	   "jss p1: the title is the first heading");
	size_t at = 0;
	bool hdr = false;
	for (size_t p = 1; p < d->n; p++)
		for (size_t b = 0; b < d->pages[p].n; b++)
			for (size_t i = 0; i < d->pages[p].blocks[b].n; i++) {
				const char *s = d->pages[p].blocks[b].paras[i];
				s += strspn(s, "0123456789 ");
				hdr = hdr || str_starts_with(s, "Rcpp: Seamless R and C++ Integration");
			}
	ok(!hdr, "jss: running header of even pages on no page");
	ok(!anywhere(d, "Dirk Eddelbuettel, Romain Fran\u00e7ois", &at),
	   "jss: running header of odd pages on no page (page %zu)", at + 1);
	bool num = false;
	for (size_t p = 0; p < d->n; p++) {
		char n[24];
		snprintf(n, sizeof n, "%zu", p + 1);
		num = num || find(d, p, n, false, NULL) >= 0;
	}
	ok(!num, "jss: no page number on its own");
	ok(find(d, 0, "Abstract", false, &k) >= 0 && k == PDF_HEADING, "jss p1: Abstract heading");
	ok(find(d, 0, "Romain Fran\u00e7ois", false, &k) >= 0 && k == PDF_HEADING &&
		   find(d, 0, "R Enthusiasts", false, NULL) >= 0,
	   "jss p1: an author's name apart from the affiliation under it");
	ok(find(d, 0, "1. Introduction", false, &k) >= 0 && k == PDF_HEADING,
	   "jss p1: 1. Introduction heading");
	/* Page 1's abstract, as rendered: eight lines, one paragraph. */
	ok(find(d, 0, "The Rcpp package simplifies integrating C++ code with R. It provides a "
		      "consistent C++ class hierarchy that maps various types of R objects "
		      "(vectors, matrices, functions, environments, . . . ) to dedicated C++ "
		      "classes.",
		true, &k) >= 0 && k == PDF_BODY,
	   "jss p1: the abstract's lines joined into one paragraph");
	ok(find(d, 1, "1.1. Historical context", false, &k) >= 0 && k == PDF_HEADING,
	   "jss p2: 1.1. Historical context heading");
	/* Page 2: "pack-" / "age", "signif-" / "icant". */
	ok(find(d, 1, "Rcpp first appeared in 2005 as a contribution (by Dominick Samperi) to "
		      "the RQuantLib package (?) and became a CRAN package in early 2006.",
		true, NULL) >= 0,
	   "jss p2: pack-age de-hyphenated");
	ok(find(d, 1, "Eddelbuettel and Fran\u00e7ois started a significant redesign of the code "
		      "base in 2009.",
		true, NULL) >= 0,
	   "jss p2: signif-icant de-hyphenated");
	ok(anywhere(d, "Table 1: Rcpp versus the R API: Five ways of calling rnorm(10L, sd = 100) "
		       "in C/C++.",
		    &at) &&
		   find(d, at, "Table 1: Rcpp versus", true, &k) >= 0 && k == PDF_CAPTION,
	   "jss: Table 1 caption is a caption of its own");
	/* Paragraphs across page breaks, read with mutool draw -F txt: page 1
	 * ends "(and is", page 2 starts "still mostly identical"; page 2 ends
	 * "add C++-", page 3 starts "based functions."; page 9 ends "any other
	 * R", page 10 "package using"; page 15 ends "By using only", page 16
	 * "thin wrappers". Page 5 ends "emulates this R code:" before code on
	 * page 6: apart. */
	ok(find(d, 0, "(and is still mostly identical to the published paper). It had been "
		      "distributed",
		true, &k) >= 0 && k == PDF_BODY,
	   "jss p1-2: the paragraph cut by the page is one, on page 1");
	ok(find(d, 1, "For citations, please use", true, NULL) == 0,
	   "jss p2: starts with the paragraph after it");
	ok(find(d, 1, "helping the programmer to more easily add C++-based functions. Here, we use",
		true, NULL) >= 0,
	   "jss p2-3: \"C++-\" + \"based\" joined without a space, the hyphen kept");
	ok(find(d, 8, "just like any other R package using, for examples, the install.packages()",
		true, NULL) >= 0,
	   "jss p9-10: joined on page 9");
	ok(find(d, 14, "By using only thin wrappers around SEXP objects", true, NULL) >= 0,
	   "jss p15-16: joined on page 15");
	ok(find(d, 4, "emulates this R code:", true, NULL) >= 0 &&
		   find(d, 5, "R> c(\"foo\", \"bar\")", true, NULL) == 0,
	   "jss p5-6: a paragraph ending in a colon stays apart from the code on the next page");
	/* "simple, flexible and extensible": the ligature of the abstract. */
	ok(find(d, 0, "managed by simple, flexible and extensible concepts", true, NULL) >= 0,
	   "jss p1: fl ligature as two letters");
	pdf_doc_text_free(&d);
	free(path);
}

static void made(void)
{
	char *err = NULL;
	char *p3 = local("three-columns.pdf");
	struct pdf_doc_text *d = pdf_reflow(p3, NULL, &err);
	ok(d && d->n == 3, "three-columns.pdf: 3 pages (%s)", err ? err : "");
	for (size_t pg = 0; d && pg < 3; pg++) {
		long c[3];
		static const char *const words[] = {"alpha", "beta", "gamma"};
		for (int i = 0; i < 3; i++) {
			char *want = xasprintf("Page %zu column %d starts here with the %s words of "
					       "a paragraph set in a narrow column, and it goes "
					       "on down the column to end.",
					       pg + 1, i + 1, words[i]);
			c[i] = find(d, pg, want, false, NULL);
			free(want);
		}
		ok(c[0] >= 0 && c[1] > c[0] && c[2] > c[1],
		   "three columns, page %zu: each column one paragraph, in order", pg + 1);
		ok(find(d, pg, "Proceedings", true, NULL) < 0 && find(d, pg, "Vol. 7", true, NULL) < 0,
		   "three columns, page %zu: running header dropped", pg + 1);
		char n[8];
		snprintf(n, sizeof n, "%zu", pg + 1);
		ok(find(d, pg, n, false, NULL) < 0, "three columns, page %zu: page number dropped",
		   pg + 1);
	}
	enum pdf_kind k = PDF_BODY;
	ok(find(d, 0, "Reading Three Columns", false, &k) == 0 && k == PDF_HEADING,
	   "three columns: the full-width title first, a heading");
	pdf_doc_text_free(&d);
	free(p3);

	char *ph = local("hyphen.pdf");
	d = pdf_reflow(ph, NULL, &err);
	ok(find(d, 0, "We fitted the models again with fixed- and random-effects terms, and a "
		      "state-of-the-art database was used, a well-known method.",
		false, NULL) >= 0,
	   "hyphen.pdf: mod-els and data-base joined, fixed- and, state-of-the-art and "
	   "well-known kept");
	ok(find(d, 0, "Figure 1: A caption between two paragraphs.", false, &k) >= 0 &&
		   k == PDF_CAPTION,
	   "hyphen.pdf: the caption is a caption");
	ok(find(d, 0, "The last paragraph comes after the caption and ends the page.", false,
		NULL) >= 0,
	   "hyphen.pdf: the paragraph after the caption is whole");
	pdf_doc_text_free(&d);
	free(ph);

	char *pf = local("footnote.pdf");
	d = pdf_reflow(pf, NULL, &err);
	long body = find(d, 0, "A paragraph that starts in the left column and runs all the way "
			       "down to its foot, where the sentence is not finished yet but goes "
			       "on in the right column to its full stop.",
			 false, NULL);
	long fn = find(d, 0, "1 The footnote under the left column.", false, &k);
	ok(body >= 0, "footnote.pdf: the paragraph goes on past the footnote into the next column");
	ok(fn > body && k == PDF_FOOTNOTE, "footnote.pdf: the footnote apart, after the body");
	ok(find(d, 0, "Then a second paragraph follows.", false, NULL) > body,
	   "footnote.pdf: an indented line starts a new paragraph");
	pdf_doc_text_free(&d);
	free(pf);

	char *pl = local("ligatures.pdf");
	d = pdf_reflow(pl, NULL, &err);
	ok(find(d, 0, "We find the floor, the effort, the office and the baffled.", true, NULL) >= 0,
	   "ligatures.pdf: fi fl ff ffi ffl spelt out");
	ok(find(d, 0, "\u03b1 \u2264 \u03b2 \u2211", true, NULL) >= 0,
	   "ligatures.pdf: Symbol font as Unicode math (alpha <= beta sum)");
	pdf_doc_text_free(&d);
	free(pl);

	char *pg = local("huge-page.pdf");
	d = pdf_reflow(pg, NULL, &err);
	ok(find(d, 0, "A line on a page far larger than any sheet.", false, NULL) >= 0,
	   "huge-page.pdf: an enormous page is read (%s)", err ? err : "");
	pdf_doc_text_free(&d);
	FREE(&err);
	free(pg);
}

/* A page of many path operators: slow to interpret, no text. */
static void write_slow_pdf(const char *path)
{
	struct buf content = BUF_INIT;
	for (int i = 0; i < 400000; i++)
		buf_adds(&content, "0 0 m 1 1 l S\n");
	struct buf f = BUF_INIT;
	size_t off[4];
	buf_adds(&f, "%PDF-1.4\n");
	off[0] = f.len;
	buf_adds(&f, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
	off[1] = f.len;
	buf_adds(&f, "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n");
	off[2] = f.len;
	buf_adds(&f, "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
		     ">>\nendobj\n");
	off[3] = f.len;
	buf_printf(&f, "4 0 obj\n<< /Length %zu >>\nstream\n", content.len);
	buf_add(&f, content.data, content.len);
	buf_adds(&f, "endstream\nendobj\n");
	size_t xref = f.len;
	buf_adds(&f, "xref\n0 5\n0000000000 65535 f \n");
	for (int i = 0; i < 4; i++)
		buf_printf(&f, "%010zu 00000 n \n", off[i]);
	buf_printf(&f, "trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", xref);
	file_write_atomic(path, f.data, f.len, NULL);
	buf_free(&f);
	buf_free(&content);
}

static void bad(void)
{
	char *err = NULL;
	char *enc = xasprintf("%s/tests/summary/data/encrypted.pdf",
			      getenv("QUIRE_SRCDIR") ? getenv("QUIRE_SRCDIR") : ".");
	ok(pdf_reflow(enc, NULL, &err) == NULL, "encrypted with a user password: NULL");
	one_error_line(err, enc, "encrypted", "encrypted PDF");
	FREE(&err);
	free(enc);

	char *empty = local("empty-password.pdf");
	struct pdf_doc_text *d = pdf_reflow(empty, NULL, &err);
	ok(find(d, 0, "Secret findings about attention.", false, NULL) >= 0,
	   "encrypted with an empty user password: read (%s)", err ? err : "");
	pdf_doc_text_free(&d);
	FREE(&err);
	free(empty);

	char *zero = local("zero-pages.pdf");
	ok(pdf_reflow(zero, NULL, &err) == NULL, "zero pages: NULL");
	one_error_line(err, zero, "no pages", "zero pages");
	FREE(&err);
	free(zero);

	char tmpl[] = "/tmp/quire-reflow-XXXXXX";
	int fd = mkstemp(tmpl);
	close(fd);
	file_write_atomic(tmpl, "just some words\n", 16, NULL);
	ok(pdf_reflow(tmpl, NULL, &err) == NULL, "not a PDF: NULL");
	one_error_line(err, tmpl, "not a PDF", "not a PDF");
	FREE(&err);
	ok(pdf_reflow_memory("just some words\n", 16, "mem.txt", NULL, &err) == NULL,
	   "not a PDF in memory: NULL");
	one_error_line(err, "mem.txt", "not a PDF", "not a PDF in memory");
	FREE(&err);
	ok(pdf_reflow("/nonexistent/x.pdf", NULL, &err) == NULL, "missing file: NULL");
	one_error_line(err, "/nonexistent/x.pdf", "x.pdf", "missing file");
	FREE(&err);

	/* Truncated at every tenth of the file: text or one error line. */
	char *jss = fixture("Rcpp-jss-2011.pdf");
	size_t len;
	char *data = file_read_all(jss, &len, NULL);
	bool fine = true;
	for (int t = 1; t < 10; t++) {
		file_write_atomic(tmpl, data, len * (size_t)t / 10, NULL);
		d = pdf_reflow(tmpl, NULL, &err);
		if (!d && !(err && strstr(err, tmpl) && !strchr(err, '\n')))
			fine = false;
		for (size_t i = 0; d && i < d->nwarnings; i++)
			fine = fine && strstr(d->warnings[i], tmpl) && !strchr(d->warnings[i], '\n');
		pdf_doc_text_free(&d);
		FREE(&err);
	}
	ok(fine, "truncated PDFs: text (repaired) or one error line naming the file");

	/* Limits: a small heap, and a page slower than its time. */
	struct pdf_limits small = {.memory_mb = 1};
	ok(pdf_reflow(jss, &small, &err) == NULL, "1 MB of memory: NULL");
	one_error_line(err, jss, "MB of memory", "memory limit");
	FREE(&err);
	free(data);
	free(jss);

	write_slow_pdf(tmpl);
	struct pdf_limits quick = {.page_seconds = 0.002};
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ok(pdf_reflow(tmpl, &quick, &err) == NULL, "a page over its time: NULL");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	one_error_line(err, tmpl, "takes longer than", "time limit");
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	ok(secs < 5, "the slow page was given up in %.2f s", secs);
	FREE(&err);
	d = pdf_reflow(tmpl, NULL, &err);
	ok(d && d->n == 1, "the same page with the default limit is read (%s)", err ? err : "");
	pdf_doc_text_free(&d);
	FREE(&err);
	unlink(tmpl);
}

static void wrapping(void)
{
	char *path = fixture("Rcpp-introduction.pdf"), *err = NULL;
	struct pdf_doc_text *d = pdf_reflow(path, NULL, &err);
	bool fits = true;
	for (int w = 10; d && w <= 120; w += 37) {
		struct pdf_lines lines = PDF_LINES_INIT;
		pdf_wrap_page(d, 0, w, &lines);
		for (size_t i = 0; i < lines.n; i++)
			fits = fits && utf8_width(lines.v[i].text) <= (size_t)w;
		pdf_lines_free(&lines);
	}
	ok(fits, "wrapped lines never exceed the width (10 to 120)");
	char *t = pdf_wrap_text(d, 0, 0, 60);
	ok(t && strstr(t, "## Introduction\n") && strstr(t, "# Extending R with C++:"),
	   "headings shown with # marks");
	ok(t && strstr(t, "The R language and environment (R Core Team, 2021a) has\nestablished "),
	   "body text wrapped at 60 between words");
	ok(t && !strchr(t, '\f'), "one page: no form feed");
	free(t);
	t = pdf_wrap_text(d, 0, d ? d->n - 1 : 0, 80);
	size_t ff = 0;
	for (const char *p = t; p && *p; p++)
		ff += *p == '\f';
	is(ff, 7, "8 pages: 7 form feeds");
	free(t);
	pdf_doc_text_free(&d);
	free(path);
}

struct job {
	const char *path;
	const char *want;
	bool same;
};

static void *reflow_job(void *arg)
{
	struct job *j = arg;
	j->same = true;
	for (int r = 0; r < 4; r++) {
		struct pdf_doc_text *d = pdf_reflow(j->path, NULL, NULL);
		char *t = d ? pdf_wrap_text(d, 0, d->n - 1, 80) : NULL;
		j->same = j->same && t && strcmp(t, j->want) == 0;
		free(t);
		pdf_doc_text_free(&d);
	}
	return NULL;
}

/* Documents read on several threads at once (the reader's worker and the
 * indexer) give the same text as one at a time. */
static void threads(void)
{
	char *path = fixture("Rcpp-introduction.pdf");
	struct pdf_doc_text *d = pdf_reflow(path, NULL, NULL);
	char *want = d ? pdf_wrap_text(d, 0, d->n - 1, 80) : xstrdup("");
	pdf_doc_text_free(&d);
	struct job jobs[3];
	pthread_t th[3];
	for (int i = 0; i < 3; i++) {
		jobs[i] = (struct job){path, want, false};
		pthread_create(&th[i], NULL, reflow_job, &jobs[i]);
	}
	bool same = true;
	for (int i = 0; i < 3; i++) {
		pthread_join(th[i], NULL);
		same = same && jobs[i].same;
	}
	ok(same, "three threads reflowing at once get the same text as one");
	free(want);
	free(path);
}

int main(void)
{
	intro();
	jss();
	made();
	bad();
	wrapping();
	threads();
	return done_testing();
}
