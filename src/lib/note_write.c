/* note_write.c: every change quire makes to a note is a compare-and-swap:
 * under the notes lock the note is read, the new text computed and written
 * to a temporary file, and renamed into place only if the note still holds
 * what was read (an editor or another program does not take the lock);
 * otherwise the change is computed again from the new text. On top of it:
 * status, tags, rating, appended lines and the editor. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/private.h"
#include "util/i18n.h"

/* How often a change is computed again when the note keeps changing. */
#define CAS_TRIES 20

void time_now_iso(char out[21])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Does the note at path still hold old (NULL: no note)? */
static bool note_unchanged(const char *path, const char *old, size_t old_len)
{
	size_t len;
	char *cur = file_read_regular(path, NOTE_MAX, &len, NULL);
	bool same = cur ? old && len == old_len && memcmp(cur, old, len) == 0
			: !old && errno == ENOENT;
	free(cur);
	return same;
}

int note_cas_commit(const char *path, const char *old, size_t old_len, const char *text,
		    size_t len, char **errp)
{
	char *tmp = xasprintf("%s.tmp.XXXXXX", path);
	int fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		error_set(errp, _("%s: cannot create temporary file: %s"), path, strerror(errno));
		free(tmp);
		return -1;
	}
	struct stat st;
	mode_t mode = lstat(path, &st) == 0 ? (st.st_mode & 07777) : 0644;
	int r = 0;
	if (fchmod(fd, mode) < 0 || write_full(fd, text, len) < 0 || fsync(fd) < 0) {
		error_set(errp, "%s: %s", path, strerror(errno));
		r = -1;
	}
	if (close(fd) < 0 && r == 0)
		r = error_set(errp, "%s: %s", path, strerror(errno));
	if (r == 0 && !note_unchanged(path, old, old_len))
		r = 1;
	if (r == 0 && rename(tmp, path) < 0)
		r = error_set(errp, "%s: %s", path, strerror(errno));
	if (r != 0)
		unlink(tmp);
	free(tmp);
	if (r == 0) {
		char *dir = path_join(path, "..");
		int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0)
			fsync(dfd), close(dfd);
		free(dir);
	}
	return r;
}

int note_update(struct library *lib, const char *key, note_edit_fn *edit, void *ctx, char **errp)
{
	int lock = notes_lock(lib, true);
	int r = -1;
	char *path = NULL;
	bool written = false;
	for (int i = 0; i < CAS_TRIES; i++) {
		char *old;
		size_t len, new_len = 0;
		FREE(&path);
		if (note_load_for_write(lib, key, &path, &old, &len, errp) < 0)
			break;
		char *text = edit(old, len, ctx, &new_len);
		if (!text || (old && new_len == len && memcmp(text, old, len) == 0)) {
			/* nothing to change: the note is not rewritten */
			r = 0;
		} else {
			r = note_cas_commit(path, old, len, text, new_len, errp);
			written = r == 0;
		}
		free(text);
		free(old);
		if (r != 1)
			break;
		if (i == CAS_TRIES - 1)
			r = error_set(errp, _("%s: the note kept changing while quire wrote it; "
					      "nothing was changed, try again"), path);
	}
	notes_unlock(&lock);
	/* The note on disk is the change; the index only follows it. */
	if (written)
		note_written(lib, key, path);
	free(path);
	return r;
}

/* The text of a note that does not exist yet: front matter and nothing else. */
static char *new_note(size_t *out_len)
{
	char today[11];
	date_today(today);
	char *s = xasprintf("---\nadded: %s\n---\n", today);
	*out_len = strlen(s);
	return s;
}

/* Set key to value (NULL: remove it), then stamp key_changed with now. */
static char *set_stamped(const char *text, size_t len, const char *key, const char *value,
			 const char *stamp_key, size_t *out_len)
{
	char now[21];
	time_now_iso(now);
	size_t n1;
	char *a = note_front_matter_set(text, len, key, value, &n1);
	char *b = note_front_matter_set(a, n1, stamp_key, now, out_len);
	free(a);
	return b;
}

struct mark_ctx { enum paper_status status; };

static char *mark_edit(const char *old, size_t len, void *ctx, size_t *out_len)
{
	const struct mark_ctx *m = ctx;
	struct note_meta meta;
	size_t body;
	note_meta_parse(old ? old : "", len, &meta, &body);
	bool same = old && meta.status == (int)m->status;
	note_meta_free(&meta);
	if (same)
		return NULL;
	char today[11], now[21];
	date_today(today);
	time_now_iso(now);
	size_t n1;
	char *a = note_set_status(old, len, m->status, today, NULL, &n1);
	char *b = note_front_matter_set(a, n1, "status_changed", now, out_len);
	free(a);
	return b;
}

int library_mark(struct library *lib, const char *key, enum paper_status status, char **errp)
{
	struct mark_ctx m = {status};
	if (note_update(lib, key, mark_edit, &m, errp) < 0)
		return -1;
	list_writeback(lib, key, status);
	return 0;
}

char *tag_normalize(const char *tag)
{
	struct buf b = BUF_INIT;
	const char *s = tag;
	size_t len = strlen(s);
	while (*s == ' ' || *s == '\t' || *s == '#' || *s == '+')
		s++;
	bool gap = false;
	for (size_t i = (size_t)(s - tag); i < len;) {
		uint32_t cp;
		i += utf8_decode(tag + i, len - i, &cp);
		if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r') {
			gap = b.len > 0;
			continue;
		}
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || cp == 0xFFFD ||
		    strchr(",[]\"'#:", (int)(cp < 0x80 ? cp : 'x')) != NULL)
			continue;
		if (gap)
			buf_addc(&b, '-');
		gap = false;
		char enc[4];
		buf_add(&b, enc, utf8_encode(utf8_lower(cp), enc));
	}
	return b.len ? buf_detach(&b) : NULL;
}

/* "a,b" (note_meta's form) into v, normalised. */
static void tags_split(const char *csv, struct strvec *v)
{
	for (const char *p = csv; p && *p;) {
		size_t n = strcspn(p, ",");
		char *raw = xstrndup(p, n);
		char *t = tag_normalize(raw);
		if (t && !strvec_contains(v, t))
			strvec_push(v, t);
		free(t);
		free(raw);
		p += n + (p[n] == ',');
	}
}

char *tags_format(const struct strvec *v)
{
	struct buf b = BUF_INIT;
	buf_addc(&b, '[');
	for (size_t i = 0; i < v->n; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", v->v[i]);
	buf_addc(&b, ']');
	return buf_detach(&b);
}

struct tag_ctx { const struct strvec *add, *remove; };

static char *tag_edit(const char *old, size_t len, void *ctx, size_t *out_len)
{
	const struct tag_ctx *t = ctx;
	struct note_meta meta;
	size_t body;
	note_meta_parse(old ? old : "", len, &meta, &body);
	struct strvec tags = STRVEC_INIT, next = STRVEC_INIT;
	tags_split(meta.tags, &tags);
	note_meta_free(&meta);
	for (size_t i = 0; i < tags.n; i++)
		if (!strvec_contains(t->remove, tags.v[i]))
			strvec_push(&next, tags.v[i]);
	for (size_t i = 0; i < t->add->n; i++)
		if (!strvec_contains(&next, t->add->v[i]))
			strvec_push(&next, t->add->v[i]);
	bool same = next.n == tags.n;
	for (size_t i = 0; same && i < next.n; i++)
		same = strcmp(next.v[i], tags.v[i]) == 0;
	char *text = NULL;
	if (!same) {
		size_t n0 = len;
		char *fresh = old ? NULL : new_note(&n0);
		char *value = next.n ? tags_format(&next) : NULL;
		text = set_stamped(old ? old : fresh, n0, "tags", value, "tags_changed", out_len);
		free(value);
		free(fresh);
	}
	strvec_free(&tags);
	strvec_free(&next);
	return text;
}

int library_tag(struct library *lib, const char *key, const struct strvec *add,
		const struct strvec *remove, char **errp)
{
	struct strvec a = STRVEC_INIT, r = STRVEC_INIT;
	for (size_t i = 0; i < add->n; i++) {
		char *t = tag_normalize(add->v[i]);
		if (!t) {
			strvec_free(&a), strvec_free(&r);
			return error_set(errp, _("%s: not a usable tag (letters, digits, '-', '_', '/', '.')"),
					 add->v[i]);
		}
		strvec_push_owned(&a, t);
	}
	for (size_t i = 0; i < remove->n; i++) {
		char *t = tag_normalize(remove->v[i]);
		if (t)
			strvec_push_owned(&r, t);
	}
	struct tag_ctx ctx = {&a, &r};
	int rc = note_update(lib, key, tag_edit, &ctx, errp);
	strvec_free(&a);
	strvec_free(&r);
	return rc;
}

static char *rate_edit(const char *old, size_t len, void *ctx, size_t *out_len)
{
	int rating = *(const int *)ctx;
	struct note_meta meta;
	size_t body;
	note_meta_parse(old ? old : "", len, &meta, &body);
	int cur = meta.rating;
	note_meta_free(&meta);
	if (cur == rating && (old || !rating))
		return NULL;
	size_t n0 = len;
	char *fresh = old ? NULL : new_note(&n0);
	char value[4];
	snprintf(value, sizeof value, "%d", rating);
	char *text = set_stamped(old ? old : fresh, n0, "rating", rating ? value : NULL,
				 "rating_changed", out_len);
	free(fresh);
	return text;
}

int library_rate(struct library *lib, const char *key, int rating, char **errp)
{
	if (rating < 0 || rating > 5)
		return error_set(errp, _("%d: not a rating; use 1 to 5, or 0 to clear it"), rating);
	return note_update(lib, key, rate_edit, &rating, errp);
}

static char *append_edit(const char *old, size_t len, void *ctx, size_t *out_len)
{
	const char *add = ctx;
	struct buf out = BUF_INIT;
	const char *nl = old ? memchr(old, '\n', len) : NULL;
	const char *eol = nl && nl > old && nl[-1] == '\r' ? "\r\n" : "\n";
	if (old) {
		buf_add(&out, old, len);
	} else {
		size_t n0;
		char *fresh = new_note(&n0);
		buf_add(&out, fresh, n0);
		free(fresh);
	}
	size_t body = note_front_matter_end(out.data, out.len);
	if (out.len && out.data[out.len - 1] != '\n')
		buf_adds(&out, eol);
	/* a paragraph of its own: after a blank line, unless the body is empty */
	bool empty_body = true;
	for (size_t i = body; i < out.len && empty_body; i++)
		empty_body = strchr(" \t\r\n", out.data[i]) != NULL;
	if (!empty_body) {
		size_t e = strlen(eol);
		if (!(out.len >= body + 2 * e && memcmp(out.data + out.len - 2 * e, eol, e) == 0))
			buf_adds(&out, eol);
	} else if (out.len == body) {
		buf_adds(&out, eol);
	}
	char *clean = text_sanitize_lines(add);
	for (const char *p = clean; *p; p++) {
		if (*p == '\n')
			buf_adds(&out, eol);
		else
			buf_addc(&out, *p);
	}
	free(clean);
	buf_adds(&out, eol);
	*out_len = out.len;
	return buf_detach(&out);
}

int library_note_append(struct library *lib, const char *key, const char *text, char **errp)
{
	char *t = xstrdup(text);
	size_t n = strlen(t);
	while (n && strchr(" \t\r\n", t[n - 1]))
		t[--n] = '\0';
	int r = n ? note_update(lib, key, append_edit, t, errp)
		  : error_set(errp, _("%s: nothing to append"), key);
	free(t);
	return r;
}

struct create_ctx { const char *title; };

static char *create_edit(const char *old, size_t len, void *ctx, size_t *out_len)
{
	const struct create_ctx *c = ctx;
	UNUSED(len);
	if (old)
		return NULL;
	char today[11];
	date_today(today);
	char *title = c->title ? text_sanitize(c->title) : NULL;
	char *s = title && *title ? xasprintf("---\nadded: %s\n---\n\n# %s\n\n", today, title)
				  : xasprintf("---\nadded: %s\n---\n\n", today);
	free(title);
	*out_len = strlen(s);
	return s;
}

/* Which of status, tags and rating the editor changed: stamped after it. */
struct stamp_ctx { bool status, tags, rating; };

static char *stamp_edit(const char *old, size_t len, void *ctx, size_t *out_len)
{
	const struct stamp_ctx *c = ctx;
	if (!old)
		return NULL;
	char now[21];
	time_now_iso(now);
	const char *keys[] = {c->status ? "status_changed" : NULL, c->tags ? "tags_changed" : NULL,
			      c->rating ? "rating_changed" : NULL};
	char *text = xstrndup(old, len);
	size_t n = len;
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		if (!keys[i])
			continue;
		char *next = note_front_matter_set(text, n, keys[i], now, &n);
		free(text);
		text = next;
	}
	*out_len = n;
	return text;
}

/* After the editor: the time of each change it made to status, tags or
 * rating, and the status written back to the lists. */
static void stamp_editor_changes(struct library *lib, const char *key, const char *before,
				 size_t len0, const char *after, size_t len1)
{
	struct note_meta m0, m1;
	size_t body;
	note_meta_parse(before, len0, &m0, &body);
	note_meta_parse(after, len1, &m1, &body);
	struct stamp_ctx c = {
		m0.status != m1.status,
		!((!m0.tags && !m1.tags) || (m0.tags && m1.tags && strcmp(m0.tags, m1.tags) == 0)),
		m0.rating != m1.rating,
	};
	int status = m1.status;
	note_meta_free(&m0);
	note_meta_free(&m1);
	if (!c.status && !c.tags && !c.rating)
		return;
	char *err = NULL;
	if (note_update(lib, key, stamp_edit, &c, &err) < 0)
		library_warn(lib, "%s", err);
	free(err);
	if (c.status && status >= 0)
		list_writeback(lib, key, (enum paper_status)status);
}

int library_note_edit(struct library *lib, const char *key, library_edit_fn *run, void *ctx,
		      bool *changed, char **errp)
{
	*changed = false;
	struct paper p;
	memset(&p, 0, sizeof p);
	if (library_paper_get(lib, key, &p, NULL) != 0)
		memset(&p, 0, sizeof p);
	struct create_ctx cc = {p.title};
	int r = note_update(lib, key, create_edit, &cc, errp);
	paper_free(&p);
	if (r < 0)
		return -1;
	char *path = library_note_path(lib, key);
	size_t len0 = 0, len1 = 0;
	char *before = file_read_regular(path, NOTE_MAX, &len0, errp);
	if (!before) {
		free(path);
		return -1;
	}
	/* The lock is not held while the editor runs: the interface and other
	 * commands go on writing, and the editor's own save wins. */
	r = run(path, ctx, errp);
	/* read again even when the editor failed: what it saved counts */
	char *err = NULL;
	char *after = file_read_regular(path, NOTE_MAX, &len1, &err);
	if (!after) {
		if (errno == ENOENT) {
			*changed = true;   /* the editor removed it: the index forgets it */
			library_notes_refresh(lib, NULL);
		} else if (r == 0) {
			r = error_set(errp, "%s", err);
		}
	} else if (after && (len0 != len1 || memcmp(before, after, len0) != 0)) {
		*changed = true;
		note_written(lib, key, path);
		stamp_editor_changes(lib, key, before, len0, after, len1);
	}
	free(err);
	free(before);
	free(after);
	free(path);
	return r;
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int library_tags_all(struct library *lib, struct strvec *out, char **errp)
{
	store_op_begin(lib);
	sqlite3_stmt *st = store_prepare(lib, "SELECT tags FROM notes WHERE tags IS NOT NULL", errp);
	if (!st && store_recover(lib, errp) == 0)
		st = store_prepare(lib, "SELECT tags FROM notes WHERE tags IS NOT NULL", errp);
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		tags_split((const char *)sqlite3_column_text(st, 0), out);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_error(lib, errp, "read tags");
	if (out->n > 1)
		qsort(out->v, out->n, sizeof *out->v, compare_strings);
	return 0;
}
