/* notes.c: notes/<key>.md — the front matter quire reads and writes, and
 * keeping the index in step with the notes directory. */
#include "config.h"

#include <dirent.h>
#include <fcntl.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/private.h"
#include "util/i18n.h"

/* Find the end of the line starting at p (exclusive of '\n'). */
static const char *line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	return nl ? nl : end;
}

static bool is_fence(const char *p, const char *e)
{
	while (e > p && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
		e--;
	return e - p == 3 && memcmp(p, "---", 3) == 0;
}

/* Bytes of a UTF-8 byte-order mark at the start of text: 3 or 0. */
static size_t bom_len(const char *text, size_t len)
{
	return len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/* The file's own line end: that of its first line ("\n" when it has none). */
static const char *eol_of(const char *text, size_t len)
{
	const char *nl = text ? memchr(text, '\n', len) : NULL;
	return nl && nl > text && nl[-1] == '\r' ? "\r\n" : "\n";
}

/* Where the body starts after the front matter block (BOM and both fences
 * included), 0 if there is none. */
static size_t front_matter_len(const char *text, size_t len)
{
	const char *end = text + len, *p = text + bom_len(text, len);
	const char *e = line_end(p, end);
	if (!is_fence(p, e) || e == end)
		return 0;
	for (p = e + 1; p < end; p = e + 1) {
		e = line_end(p, end);
		if (is_fence(p, e))
			return (size_t)((e < end ? e + 1 : e) - text);
		if (e == end)
			break;
	}
	return 0;
}

static char *unquote(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	if (n >= 2 && (s[0] == '"' || s[0] == '\'') && s[n - 1] == s[0])
		s++, n -= 2;
	return xstrndup(s, n);
}

/* "[a, b]" or "a, b" -> "a,b" */
static char *parse_tags(const char *v)
{
	struct buf b = BUF_INIT;
	const char *p = v;
	if (*p == '[')
		p++;
	while (*p && *p != ']') {
		const char *q = p;
		while (*q && *q != ',' && *q != ']')
			q++;
		char *raw = unquote(p, (size_t)(q - p));
		char *t = tag_normalize(raw);
		if (t) {
			if (b.len)
				buf_addc(&b, ',');
			buf_adds(&b, t);
		}
		free(t);
		free(raw);
		p = *q == ',' ? q + 1 : q;
	}
	return b.len ? buf_detach(&b) : NULL;
}

void note_meta_parse(const char *text, size_t len, struct note_meta *m, size_t *body_off)
{
	memset(m, 0, sizeof *m);
	m->status = -1;
	size_t fm = front_matter_len(text, len);
	*body_off = fm ? fm : bom_len(text, len);
	if (!fm)
		return;
	const char *end = text + fm, *p = line_end(text + bom_len(text, len), end) + 1;
	while (p < end) {
		const char *e = line_end(p, end);
		const char *colon = memchr(p, ':', (size_t)(e - p));
		if (colon && !is_fence(p, e)) {
			char *k = unquote(p, (size_t)(colon - p));
			char *v = unquote(colon + 1, (size_t)(e - colon - 1));
			if (strcasecmp(k, "status") == 0)
				m->status = paper_status_parse(v);
			else if (strcasecmp(k, "tags") == 0)
				free(m->tags), m->tags = parse_tags(v);
			else if (strcasecmp(k, "rating") == 0)
				m->rating = atoi(v) >= 0 && atoi(v) <= 5 ? atoi(v) : 0;
			else if (strcasecmp(k, "added") == 0)
				free(m->added), m->added = *v ? xstrdup(v) : NULL;
			else if (strcasecmp(k, "read") == 0)
				free(m->read_date), m->read_date = *v ? xstrdup(v) : NULL;
			free(k);
			free(v);
		}
		p = e + 1;
	}
}

void note_meta_free(struct note_meta *m)
{
	FREE(&m->tags);
	FREE(&m->added);
	FREE(&m->read_date);
}

char *note_set_status(const char *text, size_t len, enum paper_status status,
		      const char *today, const char *added, size_t *out_len)
{
	struct buf out = BUF_INIT;
	size_t fm = text ? front_matter_len(text, len) : 0;
	size_t bom = text ? bom_len(text, len) : 0;
	const char *eol = eol_of(text, len);
	bool have_status = false, have_read = false, have_added = false;
	buf_add(&out, text, bom);
	buf_printf(&out, "---%s", eol);
	if (fm) {
		const char *end = text + fm, *p = line_end(text + bom, end) + 1;
		while (p < end) {
			const char *e = line_end(p, end);
			if (is_fence(p, e))
				break;
			const char *colon = memchr(p, ':', (size_t)(e - p));
			char *k = colon ? unquote(p, (size_t)(colon - p)) : NULL;
			/* Known keys in any case are replaced in place, under the
			 * user's own spelling of the key. */
			if (k && strcasecmp(k, "status") == 0) {
				buf_add(&out, p, (size_t)(colon - p));
				buf_printf(&out, ": %s%s", paper_status_name(status), eol);
				have_status = true;
			} else if (k && strcasecmp(k, "read") == 0) {
				have_read = true;
				if (status == STATUS_READ) {
					char *v = unquote(colon + 1, (size_t)(e - colon - 1));
					buf_add(&out, p, (size_t)(colon - p));
					buf_printf(&out, ": %s%s", *v ? v : today, eol);
					free(v);
				}
				/* un-reading a paper drops its read date */
			} else {
				if (k && strcasecmp(k, "added") == 0)
					have_added = true;
				buf_add(&out, p, (size_t)(e - p));
				buf_addc(&out, '\n');
			}
			free(k);
			p = e + 1;
		}
	}
	if (!have_status)
		buf_printf(&out, "status: %s%s", paper_status_name(status), eol);
	if (!have_added)
		buf_printf(&out, "added: %s%s", added ? added : today, eol);
	if (!have_read && status == STATUS_READ)
		buf_printf(&out, "read: %s%s", today, eol);
	buf_printf(&out, "---%s", eol);
	if (text) {
		size_t body = fm ? fm : bom;
		buf_add(&out, text + body, len - body);
	}
	*out_len = out.len;
	return buf_detach(&out);
}

static long long mtime_ns(const struct stat *st)
{
	return (long long)st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec;
}

/* Reparse one note file into the notes table. A note that cannot be read
 * (a link, too large) is left out with a warning; one that vanished since
 * readdir is caught up by the next scan. */
static int note_index(struct library *lib, sqlite3_stmt *put, const char *key, const char *path,
		      const struct stat *st, char **errp)
{
	size_t len;
	char *err = NULL;
	char *text = file_read_regular(path, NOTE_MAX, &len, &err);
	if (!text) {
		if (errno != ENOENT)
			library_warn(lib, "%s", err);
		free(err);
		return 0;
	}
	struct note_meta m;
	size_t body;
	note_meta_parse(text, len, &m, &body);
	sqlite3_reset(put);
	sqlite3_bind_text(put, 1, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(put, 2, (sqlite3_int64)st->st_size);
	sqlite3_bind_int64(put, 3, mtime_ns(st));
	if (m.status >= 0)
		sqlite3_bind_int(put, 4, m.status);
	else
		sqlite3_bind_null(put, 4);
	sqlite3_bind_text(put, 5, m.tags, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(put, 6, m.rating);
	sqlite3_bind_text(put, 7, m.added, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(put, 8, m.read_date, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(put, 9, text + body, (int)(len - body), SQLITE_TRANSIENT);
	int rc = sqlite3_step(put);
	note_meta_free(&m);
	free(text);
	if (rc != SQLITE_DONE)
		return store_error(lib, errp, "update note");
	return store_fts_update(lib, key, errp);
}

int notes_lock(struct library *lib, bool wait)
{
	int fd = open(lib->notes_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	while (flock(fd, wait ? LOCK_EX : LOCK_EX | LOCK_NB) < 0) {
		if (errno == EINTR && wait)
			continue;
		close(fd);
		return -1;
	}
	return fd;
}

void notes_unlock(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* Remove the temp files that interrupted atomic writes left behind. A
 * writer holds the notes lock while its temp file exists, so when the lock
 * is free every one of them is stale; when it is not, they wait for the
 * next run. */
static void remove_stale_temp(struct library *lib, const struct strvec *names)
{
	int lock = names->n ? notes_lock(lib, false) : -1;
	if (lock < 0)
		return;
	for (size_t i = 0; i < names->n; i++) {
		char *p = path_join(lib->notes_dir, names->v[i]);
		unlink(p);
		free(p);
	}
	notes_unlock(&lock);
}

/* What the index knows of one note file. */
struct known_note {
	char *key;
	long long size, mtime_ns;
	bool seen;
};

static int compare_known(const void *a, const void *b)
{
	return strcmp(((const struct known_note *)a)->key, ((const struct known_note *)b)->key);
}

static int load_known(struct library *lib, struct known_note **out, size_t *n, char **errp)
{
	sqlite3_stmt *st = store_prepare(lib, "SELECT key, size, mtime_ns FROM notes ORDER BY key", errp);
	size_t cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = xgrow(*out, &cap, *n + 1, sizeof **out);
		struct known_note *k = &(*out)[(*n)++];
		k->key = xstrdup((const char *)sqlite3_column_text(st, 0));
		k->size = sqlite3_column_int64(st, 1);
		k->mtime_ns = sqlite3_column_int64(st, 2);
		k->seen = false;
	}
	if (rc != SQLITE_DONE) {
		store_error(lib, errp, "read notes");
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	/* SQLite's ORDER BY uses the same byte order as strcmp for TEXT with
	 * the default BINARY collation, but sort anyway: bsearch relies on it. */
	if (*n)
		qsort(*out, *n, sizeof **out, compare_known);
	return 0;
}

static int begin_once(struct library *lib, bool *in_tx, char **errp)
{
	if (*in_tx)
		return 0;
	*in_tx = true;
	return store_exec(lib, "BEGIN IMMEDIATE", errp);
}

int notes_scan(struct library *lib, char **errp)
{
	DIR *d = opendir(lib->notes_dir);
	if (!d)
		return error_set(errp, "%s: %s", lib->notes_dir, strerror(errno));
	struct known_note *known = NULL;
	size_t n_known = 0;
	sqlite3_stmt *put = store_prepare(lib,
		"INSERT OR REPLACE INTO notes(key, size, mtime_ns, status, tags, rating, added,"
		" read_date, body) VALUES(?,?,?,?,?,?,?,?,?)", errp);
	sqlite3_stmt *del = store_prepare(lib, "DELETE FROM notes WHERE key = ?", errp);
	bool in_tx = false;
	int r = -1;
	struct strvec temps = STRVEC_INIT;
	if (!put || !del || load_known(lib, &known, &n_known, errp) < 0)
		goto out;
	struct dirent *de;
	while ((de = readdir(d))) {
		const char *name = de->d_name;
		if (name[0] == '.' || !str_ends_with(name, ".md")) {
			if (strstr(name, ".md.tmp."))
				strvec_push(&temps, name);
			continue;
		}
		struct known_note probe = {xstrndup(name, strlen(name) - 3), 0, 0, false};
		char *path = path_join(lib->notes_dir, name);
		struct stat st;
		bool here = key_is_safe(probe.key) && lstat(path, &st) == 0;
		if (here && S_ISLNK(st.st_mode))
			library_warn(lib, _("%s: a symbolic link; quire does not follow links in the library"),
				     path);
		if (here && S_ISREG(st.st_mode)) {
			struct known_note *k = n_known ? bsearch(&probe, known, n_known, sizeof *known,
								 compare_known) : NULL;
			if (k)
				k->seen = true;
			if (!k || k->size != st.st_size || k->mtime_ns != mtime_ns(&st)) {
				if (begin_once(lib, &in_tx, errp) < 0 ||
				    note_index(lib, put, probe.key, path, &st, errp) < 0) {
					free(path), free(probe.key);
					goto out;
				}
			}
		}
		free(probe.key);
		free(path);
	}
	/* Notes deleted since the last scan. */
	for (size_t i = 0; i < n_known; i++) {
		if (known[i].seen)
			continue;
		if (begin_once(lib, &in_tx, errp) < 0)
			goto out;
		sqlite3_reset(del);
		sqlite3_bind_text(del, 1, known[i].key, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(del) != SQLITE_DONE || store_fts_update(lib, known[i].key, errp) < 0) {
			store_error(lib, errp, "forget deleted note");
			goto out;
		}
	}
	r = 0;
out:
	if (in_tx && store_exec(lib, r == 0 ? "COMMIT" : "ROLLBACK", r == 0 ? errp : NULL) < 0)
		r = -1;
	remove_stale_temp(lib, &temps);
	strvec_free(&temps);
	for (size_t i = 0; i < n_known; i++)
		free(known[i].key);
	free(known);
	sqlite3_finalize(put);
	sqlite3_finalize(del);
	closedir(d);
	return r;
}

int library_notes_refresh(struct library *lib, char **errp)
{
	store_op_begin(lib);
	if (notes_scan(lib, errp) == 0)
		return 0;
	return store_recover(lib, errp) == 0 ? notes_scan(lib, errp) : -1;
}

static char *note_body_once(struct library *lib, const char *key)
{
	sqlite3_stmt *st = store_prepare(lib, "SELECT body FROM notes WHERE key = ?", NULL);
	char *body = NULL;
	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_text(st, 0))
		body = xstrdup((const char *)sqlite3_column_text(st, 0));
	else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		store_error(lib, NULL, "read note");
	sqlite3_finalize(st);
	return body;
}

char *library_note_body(struct library *lib, const char *key)
{
	store_op_begin(lib);
	char *body = note_body_once(lib, key);
	if (!body && store_recover(lib, NULL) == 0)
		body = note_body_once(lib, key);
	return body;
}

/* Is key a paper of the library? 1 yes, 0 no, -1 the index failed. */
static int paper_known(struct library *lib, const char *key, char **errp)
{
	sqlite3_stmt *st = store_prepare(lib, "SELECT 1 FROM papers WHERE key = ?", errp);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		store_error(lib, errp, "find paper");
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int note_load_for_write(struct library *lib, const char *key, char **path, char **old,
			size_t *len, char **errp)
{
	*old = NULL;
	*len = 0;
	*path = library_note_path(lib, key);
	if (!*path)
		return error_set(errp, "%s: not a valid paper key", key);
	store_op_begin(lib);
	int known = paper_known(lib, key, errp);
	if (known < 0 && store_recover(lib, errp) == 0)
		known = paper_known(lib, key, errp);
	if (known == 0)
		error_set(errp, "%s: no such paper in the library (see `quire list`)", key);
	if (known == 1) {
		char *err = NULL;
		*old = file_read_regular(*path, NOTE_MAX, len, &err);
		if (!*old && errno != ENOENT) {
			error_set(errp, "%s", err);
			known = 0;
		}
		free(err);
	}
	if (known != 1)
		FREE(path);
	return known == 1 ? 0 : -1;
}

static int note_reindex(struct library *lib, const char *key, const char *path, char **errp)
{
	struct stat stt;
	if (lstat(path, &stt) < 0)
		return 0;
	if (store_exec(lib, "BEGIN IMMEDIATE", errp) < 0)
		return -1;
	sqlite3_stmt *put = store_prepare(lib,
		"INSERT OR REPLACE INTO notes(key, size, mtime_ns, status, tags, rating, added,"
		" read_date, body) VALUES(?,?,?,?,?,?,?,?,?)", errp);
	int r = put ? note_index(lib, put, key, path, &stt, errp) : -1;
	sqlite3_finalize(put);
	if (r == 0)
		return store_exec(lib, "COMMIT", errp);
	sqlite3_exec(lib->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

void note_written(struct library *lib, const char *key, const char *path)
{
	char *err = NULL;
	store_op_begin(lib);
	if (note_reindex(lib, key, path, &err) < 0 && !(store_damaged(lib) && store_recover(lib, NULL) == 0))
		library_warn(lib, _("%s; the index catches up on the next run"), err);
	free(err);
}

size_t note_front_matter_end(const char *text, size_t len)
{
	return text ? front_matter_len(text, len) : 0;
}

char *note_front_matter_get(const char *text, size_t len, const char *key)
{
	size_t fm = note_front_matter_end(text, len);
	if (!fm)
		return NULL;
	const char *end = text + fm, *p = line_end(text + bom_len(text, len), end) + 1;
	char *found = NULL;
	for (; p < end; p = line_end(p, end) + 1) {
		const char *e = line_end(p, end);
		const char *colon = memchr(p, ':', (size_t)(e - p));
		if (!colon || is_fence(p, e))
			continue;
		char *k = unquote(p, (size_t)(colon - p));
		if (strcasecmp(k, key) == 0) {
			free(found);
			found = unquote(colon + 1, (size_t)(e - colon - 1));
		}
		free(k);
	}
	return found;
}

char *note_front_matter_set(const char *text, size_t len, const char *key, const char *value,
			    size_t *out_len)
{
	struct buf out = BUF_INIT;
	size_t fm = note_front_matter_end(text, len);
	size_t bom = text ? bom_len(text, len) : 0;
	const char *eol = eol_of(text, len);
	bool done = false;
	buf_add(&out, text, bom);
	buf_printf(&out, "---%s", eol);
	if (fm) {
		const char *end = text + fm, *p = line_end(text + bom, end) + 1;
		for (; p < end; p = line_end(p, end) + 1) {
			const char *e = line_end(p, end);
			if (is_fence(p, e))
				break;
			const char *colon = memchr(p, ':', (size_t)(e - p));
			char *k = colon ? unquote(p, (size_t)(colon - p)) : NULL;
			if (k && strcasecmp(k, key) == 0) {
				/* in place, under the user's spelling; a repeated key once */
				if (value && !done) {
					buf_add(&out, p, (size_t)(colon - p));
					buf_printf(&out, ": %s%s", value, eol);
				}
				done = true;
			} else {
				buf_add(&out, p, (size_t)(e - p));
				buf_addc(&out, '\n');
			}
			free(k);
		}
	}
	if (!done && value)
		buf_printf(&out, "%s: %s%s", key, value, eol);
	buf_printf(&out, "---%s", eol);
	if (text) {
		size_t body = fm ? fm : bom;
		buf_add(&out, text + body, len - body);
	}
	*out_len = out.len;
	return buf_detach(&out);
}
