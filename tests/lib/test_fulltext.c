/* Unit tests for src/lib/fulltext.c on a real index: which cached PDFs are
 * pending, the bounds on what is stored of one, a failure recorded for its
 * size and mtime, the page of the best hit, a second connection. The text
 * comes from the real PDF reader (pdf_page_texts) on the fixtures, and from
 * a generator of large text for the bounds. */
#include "config.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "lib/lib.h"
#include "pdf/pdf.h"
#include "tap.h"

static char *tmpdir;

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	UNUSED(st), UNUSED(flag), UNUSED(ftw);
	return remove(path);
}

static struct paper mk(const char *key, const char *title)
{
	struct paper p;
	memset(&p, 0, sizeof p);
	p.key = xstrdup(key);
	p.arxiv = xstrdup(key);
	p.title = xstrdup(title);
	p.authors = xstrdup("A. Author");
	p.year = 2020;
	return p;
}

static void copy_file(const char *from, const char *to)
{
	size_t len;
	char *data = file_read_all(from, &len, NULL);
	if (data)
		file_write_atomic(to, data, len, NULL);
	free(data);
}

/* 3000 pages of "wordNNNN " filling about 1.2 kB each, "é" at the end of
 * page 1700 so that the byte bound falls near a two-byte character. */
static int big_text(const char *path, struct strvec *pages, char **errp)
{
	UNUSED(path), UNUSED(errp);
	for (int i = 0; i < 3000; i++) {
		struct buf b = BUF_INIT;
		buf_printf(&b, "page%d ", i + 1);
		while (b.len < 1200)
			buf_adds(&b, "filler ");
		buf_adds(&b, "é");
		strvec_push_owned(pages, buf_detach(&b));
	}
	return 0;
}

static size_t rows_for(struct library *lib, const char *query, int *page)
{
	struct paper_filter f = {NULL, -1, query, NULL, NULL};
	struct paper_row *rows = NULL;
	size_t n = 0;
	*page = -1;
	if (library_rows(lib, &f, &rows, &n, NULL) == 0 && n)
		*page = rows[n - 1].page;
	library_rows_free(&rows, n);
	return n;
}

int main(void)
{
	char tmpl[] = "/tmp/quire-fulltext.XXXXXX";
	tmpdir = mkdtemp(tmpl);
	char *dir = path_join(tmpdir, "lib"), *cache = path_join(tmpdir, "cache");
	setenv("QUIRE_CACHE_DIR", cache, 1);
	struct library *lib = NULL;
	char *err = NULL;
	ok(library_open(dir, &lib, &err) == 0, "open a library");
	struct paper ps[3] = {mk("2401.00001", "Rcpp"), mk("2401.00002", "Big"),
			      mk("2401.00003", "Broken")};
	struct list_stamp st = {1, 1};
	library_replace_list(lib, "l.md", st, ps, 3, NULL, 0, &err);
	for (int i = 0; i < 3; i++)
		paper_free(&ps[i]);
	char *pdfdir = path_join(cache, "pdf");
	mkdir(pdfdir, 0755);
	char *a = path_join(pdfdir, "2401.00001.pdf"), *b = path_join(pdfdir, "2401.00002.pdf");
	char *c = path_join(pdfdir, "2401.00003.pdf");
	char *intro = test_data("pdf/Rcpp-introduction.pdf");
	copy_file(intro, a);
	copy_file(intro, b);
	file_write_atomic(c, "%PDF-1.4 broken", 15, NULL);

	struct fulltext_jobs jobs;
	ok(library_fulltext_pending(lib, &jobs, &err) == 0, "pending");
	is(jobs.n, 3, "three PDFs pending");
	ok(jobs.n == 3 && strcmp(jobs.v[0].key, "2401.00001") == 0 && strcmp(jobs.v[0].path, a) == 0,
	   "by key, with the path");
	is(library_fulltext_index(lib, &jobs.v[0], pdf_page_texts, &err), 0, "the fixture is indexed");
	is(library_fulltext_index(lib, &jobs.v[1], big_text, &err), 0, "3000 pages of text are indexed");
	FREE(&err);
	is(library_fulltext_index(lib, &jobs.v[2], pdf_page_texts, &err), 1,
	   "a broken PDF: 1, recorded");
	ok(err && strstr(err, c), "... the reason names the file (%s)", err ? err : "");
	FREE(&err);
	fulltext_jobs_free(&jobs);
	ok(library_fulltext_pending(lib, &jobs, &err) == 0 && jobs.n == 0,
	   "nothing pending after that, the broken PDF included");
	fulltext_jobs_free(&jobs);

	int page;
	is(rows_for(lib, "covariance", &page), 1, "a word of the fixture's page 7 is found");
	is(page, 7, "... on page 7");
	/* the bounds: 2000 pages, 2 MB of text */
	is(rows_for(lib, "page1700", &page), 1, "page 1700 of the big text is indexed");
	is(page, 1700, "... as page 1700");
	is(rows_for(lib, "page1760", &page), 0, "the text stops at 2 MB (about 1205 bytes a page: page 1741)");
	is(rows_for(lib, "page2500", &page), 0, "no page after the 2000th");

	/* A second connection sees the same, and a changed file is pending. */
	struct library *w = NULL;
	ok(library_open_shared(lib, &w, &err) == 0, "a second connection");
	struct timeval tv[2] = {{1000000000, 0}, {1000000000, 0}};
	utimes(c, tv);
	ok(library_fulltext_pending(w, &jobs, &err) == 0 && jobs.n == 1 &&
	   strcmp(jobs.v[0].key, "2401.00003") == 0, "the broken PDF with a new mtime is pending again");
	fulltext_jobs_free(&jobs);
	unlink(a);
	ok(library_fulltext_pending(w, &jobs, &err) == 0, "pending after a deletion");
	fulltext_jobs_free(&jobs);
	is(rows_for(lib, "covariance", &page), 0, "a deleted PDF's text is gone");
	library_close(&w);
	library_close(&lib);

	free(intro), free(a), free(b), free(c), free(pdfdir), free(dir), free(cache);
	nftw(tmpdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	return done_testing();
}
