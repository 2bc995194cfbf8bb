/* writeback.c: a paper's check mark written back to the reading lists it
 * came from, as the smallest in-place edit in each list's own style:
 * "- [ ]" <-> "- [x]" in task lists; else the list's own check mark (in
 * the list's own bytes, mojibake included) added or removed where the list
 * puts it: before the title when its marks are there, else after the
 * title's link. Every other byte of the file is kept. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/private.h"
#include "util/i18n.h"
#include "util/settings.h"

/* Check marks as lists write them: clean, and UTF-8 once decoded as Mac
 * Roman and encoded again (what src/import/mojibake.c repairs; "‚úîÔ∏è" is
 * "✔️"). Longer forms first. */
static const char *const marks[] = {
	"\xe2\x80\x9a\xc3\xba\xc3\xae\xc3\x94\xe2\x88\x8f\xc3\xa8", /* ✔️ as Mac Roman mojibake */
	"\xe2\x80\x9a\xc3\xba\xc3\xae",                             /* ✔ */
	"\xe2\x80\x9a\xc3\xba\xc3\xac",                             /* ✓ */
	"\xe2\x80\x9a\xc3\xba\xc3\x96",                             /* ✅ */
	"\xe2\x9c\x94\xef\xb8\x8f", "\xe2\x9c\x94", "\xe2\x9c\x93", "\xe2\x9c\x85",
	"\xe2\x98\x91\xef\xb8\x8f", "\xe2\x98\x91",
};
#define DEFAULT_MARK "\xe2\x9c\x94\xef\xb8\x8f" /* ✔️ */

/* The mark at p (within e), its length, or 0. */
static size_t mark_at(const char *p, const char *e)
{
	for (size_t i = 0; i < ARRAY_SIZE(marks); i++) {
		size_t n = strlen(marks[i]);
		if ((size_t)(e - p) >= n && memcmp(p, marks[i], n) == 0)
			return n;
	}
	return 0;
}

/* After a list item's bullet ("- ", "* ", "1. ") and blanks, or NULL. */
static const char *item_text(const char *p, const char *e)
{
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	if (p < e && (*p == '-' || *p == '*' || *p == '+')) {
		p++;
	} else {
		const char *d = p;
		while (p < e && *p >= '0' && *p <= '9')
			p++;
		if (p == d || p >= e || (*p != '.' && *p != ')'))
			return NULL;
		p++;
	}
	if (p >= e || (*p != ' ' && *p != '\t'))
		return NULL;
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/* Where the title's link ends ("[T](u)" with emphasis around it), or NULL. */
static const char *link_end(const char *p, const char *e)
{
	const char *q = p;
	while (q < e && (*q == '*' || *q == '_'))
		q++;
	if (q >= e || *q != '[')
		return NULL;
	int depth = 0;
	for (; q < e; q++) {
		if (*q == '[')
			depth++;
		else if (*q == ']' && --depth == 0)
			break;
	}
	if (q + 1 >= e || q[1] != '(')
		return NULL;
	q += 2;
	for (depth = 1; q < e && depth; q++) {
		if (*q == '(')
			depth++;
		else if (*q == ')')
			depth--;
	}
	if (depth)
		return NULL;
	while (q < e && (*q == '*' || *q == '_'))
		q++;
	return q;
}

struct style {
	const char *mark;  /* the list's own mark (borrowed from marks[]) */
	bool before;       /* before the title (else after its link) */
};

/* The list's style: its first check mark on a list item, and where. */
static struct style list_style(const char *text, size_t len, bool mojibake)
{
	struct style s = {mojibake ? marks[0] : DEFAULT_MARK, false};
	const char *end = text + len;
	for (const char *p = text; p < end;) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		if (!e)
			e = end;
		const char *t = item_text(p, e);
		if (t && *t != '[') {
			for (const char *q = t; q < e; q++) {
				size_t n = mark_at(q, e);
				if (!n)
					continue;
				for (size_t i = 0; i < ARRAY_SIZE(marks); i++)
					if (strlen(marks[i]) == n && memcmp(q, marks[i], n) == 0)
						s.mark = marks[i];
				s.before = q == t;
				return s;
			}
		}
		p = e < end ? e + 1 : end;
	}
	return s;
}

/* The line [p, e) edited for the status into out; false when it needs no
 * edit or is no list item quire can mark. */
static bool edit_line(const char *p, const char *e, bool read, struct style st, struct buf *out)
{
	const char *t = item_text(p, e);
	if (!t)
		return false;
	/* a task item: the box */
	if (e - t >= 3 && t[0] == '[' && t[2] == ']' && strchr(" xX", t[1])) {
		bool checked = t[1] != ' ';
		if (checked == read)
			return false;
		buf_add(out, p, (size_t)(t + 1 - p));
		buf_addc(out, read ? 'x' : ' ');
		buf_add(out, t + 2, (size_t)(e - t - 2));
		return true;
	}
	/* a check mark anywhere on the line already? */
	const char *at = NULL;
	size_t n = 0;
	for (const char *q = t; q < e && !at; q++)
		if ((n = mark_at(q, e)))
			at = q;
	if (read == (at != NULL))
		return false;
	if (!read) {
		/* the mark goes, with one blank next to it */
		const char *a = at, *b = at + n;
		if (b < e && *b == ' ')
			b++;
		else if (a > t && a[-1] == ' ')
			a--;
		buf_add(out, p, (size_t)(a - p));
		buf_add(out, b, (size_t)(e - b));
		return true;
	}
	const char *le = st.before ? NULL : link_end(t, e);
	if (!le) {
		buf_add(out, p, (size_t)(t - p));
		buf_printf(out, "%s ", st.mark);
		buf_add(out, t, (size_t)(e - t));
	} else {
		buf_add(out, p, (size_t)(le - p));
		buf_printf(out, " %s", st.mark);
		buf_add(out, le, (size_t)(e - le));
	}
	return true;
}

char *list_set_marks(const char *text, size_t len, const int *lines, const bool *read,
		     size_t n_lines, bool mojibake, size_t *out_len)
{
	struct style st = list_style(text, len, mojibake);
	struct buf out = BUF_INIT;
	bool changed = false;
	const char *end = text + len;
	int line = 1;
	for (const char *p = text; p < end; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		const char *ce = e > p && e[-1] == '\r' ? e - 1 : e; /* the line's own end kept */
		size_t i = 0;
		while (i < n_lines && lines[i] != line)
			i++;
		if (!(i < n_lines && edit_line(p, ce, read[i], st, &out)))
			buf_add(&out, p, (size_t)(ce - p));
		else
			changed = true;
		buf_add(&out, ce, (size_t)((nl ? nl + 1 : end) - ce));
		p = nl ? nl + 1 : end;
	}
	if (!changed) {
		buf_free(&out);
		return NULL;
	}
	*out_len = out.len;
	return buf_detach(&out);
}

/* Is write-back on for this list? [lists] writeback, and
 * writeback.NAME for one list, in the config; on by default. */
static bool writeback_on(const struct config *c, const char *name)
{
	char *key = xasprintf("writeback.%s", name);
	const char *v = c ? config_get(c, "lists", key) : NULL;
	free(key);
	if (!v && c)
		v = config_get(c, "lists", "writeback");
	return !v || !(strcasecmp(v, "false") == 0 || strcasecmp(v, "no") == 0 ||
		       strcmp(v, "0") == 0 || strcasecmp(v, "off") == 0);
}

static long long mtime_ns(const struct stat *st)
{
	return (long long)st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec;
}

/* Write back into one list; a problem is a warning (the note is the truth). */
static void writeback_one(struct library *lib, const char *name, const int *lines,
			  const bool *read, size_t n)
{
	char *path = path_join(lib->lists_dir, name);
	int lock = open(lib->lists_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (lock >= 0)
		while (flock(lock, LOCK_EX) < 0 && errno == EINTR)
			;
	struct stat st;
	struct list_stamp known;
	char *err = NULL;
	size_t len, out_len;
	char *text = NULL, *out = NULL;
	if (lstat(path, &st) < 0 || !S_ISREG(st.st_mode))
		goto done; /* gone or a link: file_read_regular's rules, nothing to do */
	if (library_list_stamp(lib, name, &known) != 0 || known.size != st.st_size ||
	    known.mtime_ns != mtime_ns(&st)) {
		library_warn(lib, _("%s: changed since quire read it; its check mark is written back "
				    "the next time"), path);
		goto done;
	}
	text = file_read_regular(path, LIST_MAX, &len, &err);
	if (!text) {
		library_warn(lib, _("%s; its check mark was not written back"), err);
		goto done;
	}
	bool moji = lib->is_mojibake && lib->is_mojibake(text, len);
	out = list_set_marks(text, len, lines, read, n, moji, &out_len);
	if (out && moji && !lib->is_mojibake(out, out_len)) {
		/* the importer would no longer repair the list */
		library_warn(lib, _("%s: its check mark would not fit its character set; "
				    "not written back"), path);
		FREE(&out);
	}
	if (out && file_write_atomic(path, out, out_len, &err) < 0)
		library_warn(lib, _("%s; its check mark was not written back"), err);
	else if (out && lib->refresh && lib->refresh(lib, &err) < 0)
		library_warn(lib, "%s", err);   /* the index reads the list again */
done:
	if (lock >= 0)
		close(lock);
	free(out);
	free(text);
	free(err);
	free(path);
}

void list_writeback(struct library *lib, const char *key, enum paper_status status)
{
	sqlite3_stmt *q = store_prepare(lib,
		"SELECT list, line FROM entries WHERE key = ? AND line > 0 ORDER BY list, line", NULL);
	if (!q)
		return;
	sqlite3_bind_text(q, 1, key, -1, SQLITE_TRANSIENT);
	struct strvec names = STRVEC_INIT;
	int *lines = NULL;
	bool *read = NULL;
	size_t n = 0, cap = 0, cap2 = 0;
	while (sqlite3_step(q) == SQLITE_ROW) {
		lines = xgrow(lines, &cap, n + 1, sizeof *lines);
		read = xgrow(read, &cap2, n + 1, sizeof *read);
		strvec_push(&names, (const char *)sqlite3_column_text(q, 0));
		lines[n] = sqlite3_column_int(q, 1);
		read[n++] = status == STATUS_READ;
	}
	sqlite3_finalize(q);
	struct config *cfg = NULL;
	char *cpath = n ? config_path() : NULL;
	if (cpath && config_load(cpath, &cfg, NULL) < 0)
		cfg = NULL;
	free(cpath);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && strcmp(names.v[j], names.v[i]) == 0)
			j++;
		if (writeback_on(cfg, names.v[i]))
			writeback_one(lib, names.v[i], lines + i, read + i, j - i);
		i = j;
	}
	config_free(&cfg);
	strvec_free(&names);
	free(lines);
	free(read);
}

void library_list_apply_marks(struct library *lib, const char *name)
{
	store_op_begin(lib);
	sqlite3_stmt *q = store_prepare(lib,
		"SELECT e.line, n.status FROM entries e JOIN notes n ON n.key = e.key"
		" WHERE e.list = ? AND e.line > 0 AND n.status IS NOT NULL ORDER BY e.line", NULL);
	if (!q)
		return;
	sqlite3_bind_text(q, 1, name, -1, SQLITE_TRANSIENT);
	int *lines = NULL;
	bool *read = NULL;
	size_t n = 0, cap = 0, cap2 = 0;
	while (sqlite3_step(q) == SQLITE_ROW) {
		lines = xgrow(lines, &cap, n + 1, sizeof *lines);
		read = xgrow(read, &cap2, n + 1, sizeof *read);
		lines[n] = sqlite3_column_int(q, 0);
		read[n++] = sqlite3_column_int(q, 1) == STATUS_READ;
	}
	sqlite3_finalize(q);
	struct config *cfg = NULL;
	char *cpath = n ? config_path() : NULL;
	if (cpath && config_load(cpath, &cfg, NULL) < 0)
		cfg = NULL;
	free(cpath);
	if (n && writeback_on(cfg, name))
		writeback_one(lib, name, lines, read, n);
	config_free(&cfg);
	free(lines);
	free(read);
}
