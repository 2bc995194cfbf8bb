/* fulltext.c: the text of the PDFs in the cache (<cache>/pdf/<key>.pdf) in
 * the full-text index, one row of pdf_fts per page, and what each PDF's
 * text was taken from (pdf_text: size and mtime, or why it could not be
 * read), so that a PDF is extracted once and again only when it changes. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/private.h"
#include "util/i18n.h"

void fulltext_jobs_free(struct fulltext_jobs *jobs)
{
	for (size_t i = 0; i < jobs->n; i++)
		free(jobs->v[i].key), free(jobs->v[i].path);
	FREE(&jobs->v);
	jobs->n = jobs->cap = 0;
}

static int compare_jobs(const void *a, const void *b)
{
	const struct fulltext_job *x = a, *y = b;
	return strcmp(x->key, y->key);
}

static long long stat_mtime_ns(const struct stat *st)
{
	return (long long)st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec;
}

/* The keys pdf_text knows, each with its stamp, sorted by key. */
static int known_stamps(struct library *lib, struct fulltext_jobs *out, char **errp)
{
	sqlite3_stmt *st = store_prepare(lib, "SELECT key, size, mtime_ns FROM pdf_text ORDER BY key",
					 errp);
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->v = xgrow(out->v, &out->cap, out->n + 1, sizeof *out->v);
		struct fulltext_job *j = &out->v[out->n++];
		j->key = xstrdup((const char *)sqlite3_column_text(st, 0));
		j->path = NULL;
		j->size = sqlite3_column_int64(st, 1);
		j->mtime_ns = sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : store_error(lib, errp, "read pdf_text");
}

static int forget_once(struct library *lib, const char *key, char **errp)
{
	char *q = sqlite3_mprintf(
		"DELETE FROM pdf_fts WHERE rowid BETWEEN (SELECT id FROM pdf_text WHERE key = %Q) * %d"
		" AND (SELECT id FROM pdf_text WHERE key = %Q) * %d + %d;"
		" DELETE FROM pdf_text WHERE key = %Q;",
		key, FULLTEXT_PAGE_SLOTS, key, FULLTEXT_PAGE_SLOTS, FULLTEXT_PAGE_SLOTS - 1, key);
	int r = store_exec(lib, q, errp);
	sqlite3_free(q);
	return r;
}

/* Is key a paper of the library? */
static int is_paper(struct library *lib, sqlite3_stmt *st, const char *key)
{
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : store_error(lib, NULL, "find a paper");
}

int library_fulltext_pending(struct library *lib, struct fulltext_jobs *out, char **errp)
{
	memset(out, 0, sizeof *out);
	if (lib->in_memory)
		return 0; /* extracting every PDF on every run is no index */
	struct fulltext_jobs known = {0};
	char *dir = path_join(lib->cache_dir, "pdf");
	DIR *d = opendir(dir);
	int r = -1;
	sqlite3_stmt *paper = store_prepare(lib, "SELECT 1 FROM papers WHERE key = ?", errp);
	if (!paper || known_stamps(lib, &known, errp) < 0)
		goto out;
	struct dirent *de;
	while (d && (de = readdir(d))) {
		const char *name = de->d_name;
		if (name[0] == '.' || !str_ends_with(name, ".pdf"))
			continue; /* .part files are not done yet */
		char *key = xstrndup(name, strlen(name) - 4);
		char *path = path_join(dir, name);
		struct stat st;
		int isp = key_is_safe(key) && stat(path, &st) == 0 && S_ISREG(st.st_mode) ?
			is_paper(lib, paper, key) : 0;
		if (isp < 0) {
			error_set(errp, "%s/index.sqlite: %s", lib->cache_dir, sqlite3_errmsg(lib->db));
			free(key), free(path);
			goto out;
		}
		struct fulltext_job probe = {key, NULL, 0, 0};
		struct fulltext_job *k = known.n ? bsearch(&probe, known.v, known.n, sizeof *known.v,
							   compare_jobs) : NULL;
		if (k)
			k->path = xstrdup(path); /* still there */
		if (isp && (!k || k->size != (long long)st.st_size || k->mtime_ns != stat_mtime_ns(&st))) {
			out->v = xgrow(out->v, &out->cap, out->n + 1, sizeof *out->v);
			out->v[out->n++] = (struct fulltext_job){key, path, (long long)st.st_size,
								  stat_mtime_ns(&st)};
		} else {
			free(key), free(path);
		}
	}
	/* the text of a PDF that was deleted goes with it */
	for (size_t i = 0; i < known.n; i++)
		if (!known.v[i].path && forget_once(lib, known.v[i].key, errp) < 0)
			goto out;
	if (out->n > 1)
		qsort(out->v, out->n, sizeof *out->v, compare_jobs);
	r = 0;
out:
	if (d)
		closedir(d);
	sqlite3_finalize(paper);
	fulltext_jobs_free(&known);
	free(dir);
	if (r < 0)
		fulltext_jobs_free(out);
	return r;
}

/* The longest prefix of s, at most max bytes, that ends on a whole UTF-8
 * character. */
static size_t utf8_cut(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	size_t n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

/* Replace the text of job->key: pages (NULL with error set: a PDF that
 * could not be read), in one transaction. */
static int store_text(struct library *lib, const struct fulltext_job *job,
		      const struct strvec *pages, const char *error, char **errp)
{
	if (store_exec(lib, "BEGIN IMMEDIATE", errp) < 0)
		return -1;
	sqlite3_stmt *put = NULL, *page = NULL;
	int r = -1;
	if (forget_once(lib, job->key, errp) < 0)
		goto out;
	size_t n = pages ? pages->n : 0;
	if (n > FULLTEXT_MAX_PAGES)
		n = FULLTEXT_MAX_PAGES;
	put = store_prepare(lib, "INSERT INTO pdf_text(key, size, mtime_ns, pages, error)"
			    " VALUES(?, ?, ?, ?, ?)", errp);
	if (!put)
		goto out;
	sqlite3_bind_text(put, 1, job->key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(put, 2, job->size);
	sqlite3_bind_int64(put, 3, job->mtime_ns);
	sqlite3_bind_int64(put, 4, (sqlite3_int64)(pages ? pages->n : 0));
	if (error)
		sqlite3_bind_text(put, 5, error, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(put) != SQLITE_DONE) {
		store_error(lib, errp, "store pdf_text");
		goto out;
	}
	sqlite3_int64 id = sqlite3_last_insert_rowid(lib->db);
	page = store_prepare(lib, "INSERT INTO pdf_fts(rowid, text) VALUES(?, ?)", errp);
	if (!page)
		goto out;
	size_t budget = FULLTEXT_MAX_BYTES;
	for (size_t i = 0; i < n && budget > 0; i++) {
		const char *text = pages->v[i];
		size_t len = utf8_cut(text, strlen(text), budget);
		budget -= len;
		if (len == 0)
			continue;
		sqlite3_reset(page);
		sqlite3_bind_int64(page, 1, id * FULLTEXT_PAGE_SLOTS + (sqlite3_int64)i + 1);
		sqlite3_bind_text(page, 2, text, (int)len, SQLITE_TRANSIENT);
		if (sqlite3_step(page) != SQLITE_DONE) {
			store_error(lib, errp, "store pdf_fts");
			goto out;
		}
	}
	r = 0;
out:
	sqlite3_finalize(put);
	sqlite3_finalize(page);
	if (r == 0)
		r = store_exec(lib, "COMMIT", errp);
	if (r < 0)
		sqlite3_exec(lib->db, "ROLLBACK", NULL, NULL, NULL);
	return r;
}

int library_fulltext_index(struct library *lib, const struct fulltext_job *job,
			   library_extract_fn *extract, char **errp)
{
	struct strvec pages = STRVEC_INIT;
	char *why = NULL;
	int x = extract(job->path, &pages, &why);
	if (x < 0 && !why)
		why = xasprintf(_("%s: cannot read its text"), job->path);
	int r = store_text(lib, job, x < 0 ? NULL : &pages, x < 0 ? why : NULL, errp);
	strvec_free(&pages);
	if (r == 0 && x < 0) {
		error_set(errp, "%s", why);
		r = 1;
	}
	free(why);
	return r;
}

int library_open_shared(const struct library *lib, struct library **out, char **errp)
{
	*out = NULL;
	if (lib->in_memory || !lib->db)
		return error_set(errp, _("%s/index.sqlite: not in use (the index is in memory)"),
				 lib->cache_dir);
	struct library *w = xcalloc(1, sizeof *w);
	w->dir = xstrdup(lib->dir);
	w->notes_dir = xstrdup(lib->notes_dir);
	w->lists_dir = xstrdup(lib->lists_dir);
	w->cache_dir = xstrdup(lib->cache_dir);
	w->db_ino = lib->db_ino;
	w->recovering = true; /* a second connection never rebuilds the index */
	char *db_path = path_join(w->cache_dir, "index.sqlite");
	int rc = sqlite3_open_v2(db_path, &w->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	free(db_path);
	if (rc != SQLITE_OK || !w->db) {
		if (w->db)
			store_error(w, errp, "cannot open");
		else
			error_set(errp, "%s/index.sqlite: cannot open", w->cache_dir);
		library_close(&w);
		return -1;
	}
	sqlite3_busy_timeout(w->db, 5000);
	if (query_functions_register(w, errp) < 0) {
		library_close(&w);
		return -1;
	}
	*out = w;
	return 0;
}
