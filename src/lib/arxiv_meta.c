/* arxiv_meta.c: what `quire resolve` learns from the arXiv API (raw entries
 * in the cache, fields in the index), and lists/ files quire appends to. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "lib/private.h"
#include "util/i18n.h"

void arxiv_record_clear(struct arxiv_record *r)
{
	free(r->arxiv), free(r->title), free(r->authors), free(r->abstract);
	free(r->categories), free(r->published), free(r->updated), free(r->doi);
	free(r->journal_ref), free(r->raw);
	memset(r, 0, sizeof *r);
}

void arxiv_records_free(struct arxiv_record **recs, size_t n)
{
	if (!*recs)
		return;
	for (size_t i = 0; i < n; i++)
		arxiv_record_clear(&(*recs)[i]);
	FREE(recs);
}

static void bind_opt(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

static int store_once(struct library *lib, const struct arxiv_record *recs, size_t n, char **errp)
{
	if (store_exec(lib, "BEGIN IMMEDIATE", errp) < 0)
		return -1;
	sqlite3_stmt *put = store_prepare(lib,
		"INSERT OR REPLACE INTO arxiv_meta(arxiv, version, title, authors, abstract,"
		" categories, published, updated, doi, journal_ref) VALUES(?,?,?,?,?,?,?,?,?,?)", errp);
	sqlite3_stmt *keys = store_prepare(lib, "SELECT key FROM papers WHERE arxiv = ?", errp);
	int r = put && keys ? 0 : -1;
	struct strvec touched = STRVEC_INIT;
	for (size_t i = 0; r == 0 && i < n; i++) {
		const struct arxiv_record *a = &recs[i];
		sqlite3_reset(put);
		bind_opt(put, 1, a->arxiv);
		sqlite3_bind_int(put, 2, a->version);
		bind_opt(put, 3, a->title);
		bind_opt(put, 4, a->authors);
		bind_opt(put, 5, a->abstract);
		bind_opt(put, 6, a->categories);
		bind_opt(put, 7, a->published);
		bind_opt(put, 8, a->updated);
		bind_opt(put, 9, a->doi);
		bind_opt(put, 10, a->journal_ref);
		if (sqlite3_step(put) != SQLITE_DONE) {
			r = store_error(lib, errp, "store arXiv metadata");
			break;
		}
		sqlite3_reset(keys);
		sqlite3_bind_text(keys, 1, a->arxiv, -1, SQLITE_TRANSIENT);
		int rc;
		while ((rc = sqlite3_step(keys)) == SQLITE_ROW)
			strvec_push(&touched, (const char *)sqlite3_column_text(keys, 0));
		if (rc != SQLITE_DONE)
			r = store_error(lib, errp, "find papers");
	}
	sqlite3_finalize(put);
	sqlite3_finalize(keys);
	for (size_t i = 0; r == 0 && i < touched.n; i++)
		r = store_fts_update(lib, touched.v[i], errp);
	strvec_free(&touched);
	if (r == 0)
		return store_exec(lib, "COMMIT", errp);
	sqlite3_exec(lib->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

int library_arxiv_store(struct library *lib, const struct arxiv_record *recs, size_t n,
			char **errp)
{
	/* the raw entries are a convenience (resolve reads them back after a
	 * rebuild): a cache that cannot take them is a warning */
	char *dir = path_join(lib->cache_dir, "arxiv");
	char *err = NULL;
	int r = mkdir_p(dir, &err);
	for (size_t i = 0; r == 0 && i < n; i++) {
		char *key = paper_key(recs[i].arxiv, NULL, NULL);
		char *name = key ? xasprintf("%s.xml", key) : NULL;
		char *path = name ? path_join(dir, name) : NULL;
		if (path && recs[i].raw)
			r = file_write_atomic(path, recs[i].raw, recs[i].raw_len, &err);
		free(path);
		free(name);
		free(key);
	}
	if (r < 0)
		library_warn(lib, _("%s; the arXiv entries are kept in the index only"), err);
	free(err);
	free(dir);
	store_op_begin(lib);
	r = store_once(lib, recs, n, errp);
	if (r < 0 && store_recover(lib, errp) == 0)
		r = store_once(lib, recs, n, errp);
	return r;
}

static int ids_once(struct library *lib, bool unresolved, struct strvec *out, char **errp)
{
	sqlite3_stmt *st = store_prepare(lib,
		unresolved ? "SELECT p.arxiv FROM papers p" META_JOIN
			     " WHERE p.arxiv IS NOT NULL AND m.arxiv IS NULL ORDER BY p.position"
			   : "SELECT arxiv FROM papers WHERE arxiv IS NOT NULL ORDER BY position", errp);
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		if (!strvec_contains(out, id))
			strvec_push(out, id);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : store_error(lib, errp, "read arXiv ids");
}

int library_arxiv_ids(struct library *lib, bool unresolved, struct strvec *out, char **errp)
{
	store_op_begin(lib);
	int r = ids_once(lib, unresolved, out, errp);
	if (r < 0 && store_recover(lib, errp) == 0) {
		strvec_free(out);
		r = ids_once(lib, unresolved, out, errp);
	}
	return r;
}

int library_list_append(struct library *lib, const char *name, const char *head,
			const char *text, char **errp)
{
	if (!key_is_safe(name))
		return error_set(errp, _("%s: not a usable list name"), name);
	int lock = open(lib->lists_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	while (lock >= 0 && flock(lock, LOCK_EX) < 0 && errno == EINTR)
		;
	char *path = path_join(lib->lists_dir, name);
	size_t len = 0;
	char *err = NULL;
	char *old = file_read_regular(path, LIST_MAX, &len, &err);
	int r = 0;
	if (!old && errno != ENOENT) {
		error_set(errp, "%s", err);
		r = -1;
	}
	free(err);
	if (r == 0) {
		struct buf b = BUF_INIT;
		if (old && len) {
			buf_add(&b, old, len);
			if (old[len - 1] != '\n')
				buf_addc(&b, '\n');
		} else if (head) {
			buf_adds(&b, head);
		}
		buf_adds(&b, text);
		if (b.len > LIST_MAX)
			r = error_set(errp, _("%s: would grow beyond %zu MiB"), path, LIST_MAX >> 20);
		else
			r = file_write_atomic(path, b.data, b.len, errp);
		buf_free(&b);
	}
	free(old);
	free(path);
	if (lock >= 0)
		close(lock);
	return r;
}
