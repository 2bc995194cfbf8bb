/* test_links: pdf_links_load on tests/pdf/data/links.pdf (made by
 * make-pdfs.py, whose annotations are listed there), on the real fixtures
 * (whose Ghostscript run left no link annotations: `mutool show FILE
 * pages/N/Annots` is null on every page) and on bad input; and
 * pdf_sniff_end on whole and cut PDFs. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pdf/pdf.h"
#include "tap.h"
#include "util/util.h"

static char *data_file(const char *rel)
{
	return test_data(rel);
}

static void one_error_line(const char *err, const char *path, const char *what)
{
	ok(err && strstr(err, path) && !strchr(err, '\n'),
	   "%s: one error line naming the file (%s)", what, err ? err : "none");
}

/* A one-page PDF with n link annotations to uri (xref offsets left out:
 * MuPDF repairs the table, as it does for many files in the wild). */
static void write_many_links(const char *path, size_t n, const char *uri)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
	             "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
	             "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Annots [");
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%zu 0 R ", i + 4);
	buf_adds(&b, "] >>\nendobj\n");
	for (size_t i = 0; i < n; i++)
		buf_printf(&b,
		           "%zu 0 obj\n<< /Type /Annot /Subtype /Link /Rect [%zu 10 %zu 20] "
		           "/A << /S /URI /URI (%s) >> >>\nendobj\n",
		           i + 4, i % 600, i % 600 + 5, uri);
	buf_printf(&b, "trailer\n<< /Size %zu /Root 1 0 R >>\n%%%%EOF\n", n + 4);
	ok(file_write_atomic(path, b.data, b.len, NULL) == 0, "wrote %zu links to %s", n, path);
	buf_free(&b);
}

int main(void)
{
	char *err = NULL;
	struct pdf_links l;
	char *path = data_file("../pdf/data/links.pdf");
	if (!file_exists(path)) {
		printf("Bail out! %s not found\n", path);
		return 1;
	}
	is(pdf_links_load(path, &l, &err), 0, "links.pdf: loaded");
	/* the JavaScript action of page 1 is no link: 6 on page 1, 1 on page 2 */
	is(l.n, 7, "links.pdf: seven links");
	is(l.dropped, 0, "links.pdf: none left out");
	if (l.n == 7) {
		ok(l.v[0].page == 0 && l.v[0].kind == PDF_LINK_INTERNAL && l.v[0].target == 1,
		   "a /Dest to the second page: internal, page 2");
		is_str(l.v[0].text, "Section 2", "its anchor text");
		ok(l.v[1].kind == PDF_LINK_EXTERNAL && l.v[1].target == -1,
		   "a URI action: external");
		is_str(l.v[1].uri, "https://example.org/quire?q=links&lang=en", "its URI");
		is_str(l.v[1].text, "project page", "its anchor text");
		ok(l.v[2].kind == PDF_LINK_INTERNAL && l.v[2].target == 2,
		   "a GoTo action to the third page: internal, page 3");
		is_str(l.v[2].text, "last page", "its anchor text");
		/* the PDF's URI: https://evil.example/ ESC ]52;c;SGk= BEL x LF next */
		is_str(l.v[3].uri, "https://evil.example/x%20next",
		       "a URI with an OSC 52 sequence and a newline: both gone");
		is_str(l.v[3].text, "hostile link", "its anchor text");
		is_str(l.v[4].uri, "mailto:author@example.org", "a mailto: link");
		ok(l.v[4].kind == PDF_LINK_EXTERNAL, "external");
		is_str(l.v[4].text, "mail", "its anchor text, without the full stop after it");
		is_str(l.v[5].uri, "https://example.org/blank", "a link over no text");
		is_str(l.v[5].text, "", "has no anchor text");
		ok(l.v[6].page == 1 && l.v[6].kind == PDF_LINK_INTERNAL && l.v[6].target == 0,
		   "page 2's link goes back to page 1");
		is_str(l.v[6].text, "first page", "its anchor text");
	}
	pdf_links_free(&l);
	ok(l.v == NULL && l.n == 0, "pdf_links_free empties the list");

	/* the real fixtures have no link annotations left */
	char *jss = data_file("pdf/Rcpp-jss-2011.pdf");
	is(pdf_links_load(jss, &l, &err), 0, "Rcpp-jss-2011.pdf: loaded");
	is(l.n, 0, "Rcpp-jss-2011.pdf: no links (no /Annots on any page)");
	pdf_links_free(&l);
	char *zero = data_file("../pdf/data/zero-pages.pdf");
	is(pdf_links_load(zero, &l, &err), 0, "zero pages: loaded");
	is(l.n, 0, "zero pages: no links");
	pdf_links_free(&l);

	/* bad input */
	char tmpl[] = "/tmp/quire-links-XXXXXX";
	int fd = mkstemp(tmpl);
	close(fd);
	is(pdf_links_load("/nonexistent/x.pdf", &l, &err), -1, "missing file: -1");
	one_error_line(err, "/nonexistent/x.pdf", "missing file");
	FREE(&err);
	file_write_atomic(tmpl, "just some words\n", 16, NULL);
	is(pdf_links_load(tmpl, &l, &err), -1, "not a PDF: -1");
	one_error_line(err, tmpl, "not a PDF");
	ok(l.v == NULL && l.n == 0, "not a PDF: the list is empty");
	FREE(&err);
	size_t len;
	char *data = file_read_all(path, &len, NULL);
	is(pdf_sniff_end(path), 1, "links.pdf ends like a whole PDF");
	is(pdf_sniff_end("/nonexistent/x.pdf"), -1, "a missing file: -1");
	for (size_t cut = 64; data && cut < len; cut += len / 7) {
		file_write_atomic(tmpl, data, cut, NULL);
		is(pdf_sniff_end(tmpl), 0, "links.pdf cut at %zu bytes: does not end like a PDF",
		   cut);
		int r = pdf_links_load(tmpl, &l, &err);
		ok((r == 0 && l.n <= 7) || (r < 0 && err && strstr(err, tmpl)),
		   "links.pdf cut at %zu bytes: links (MuPDF repairs) or an error", cut);
		pdf_links_free(&l);
		FREE(&err);
	}
	free(data);

	/* bounded: past 5000 links, and a URI over 8 KiB, are counted out */
	write_many_links(tmpl, 5003, "https://example.org/many");
	is(pdf_links_load(tmpl, &l, &err), 0, "5003 links: loaded");
	is(l.n, 5000, "5003 links: 5000 kept");
	is(l.dropped, 3, "5003 links: 3 left out and counted");
	pdf_links_free(&l);
	char *huge = xmalloc(9000);
	memcpy(huge, "https://example.org/", 20);
	memset(huge + 20, 'a', 9000 - 21);
	huge[8999] = '\0';
	write_many_links(tmpl, 2, huge);
	is(pdf_links_load(tmpl, &l, &err), 0, "URIs of 9000 bytes: loaded");
	ok(l.n == 0 && l.dropped == 2, "URIs over 8 KiB: left out, not cut, and counted");
	pdf_links_free(&l);
	free(huge);

	unlink(tmpl);
	free(zero);
	free(jss);
	free(path);
	return done_testing();
}
