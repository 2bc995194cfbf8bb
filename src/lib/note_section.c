/* note_section.c: replacing one "## Heading" section of a paper's note,
 * keeping the rest of the user's text byte for byte. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/private.h"

/* Level of an ATX heading line ("## x" -> 2), 0 if it is none. */
static int heading_level(const char *p, const char *e)
{
	int lvl = 0, indent = 0;
	while (p < e && *p == ' ' && indent < 3)
		p++, indent++;
	while (p < e && *p == '#')
		p++, lvl++;
	if (lvl < 1 || lvl > 6 || (p < e && *p != ' ' && *p != '\t' && *p != '\r'))
		return 0;
	return lvl;
}

static bool heading_is(const char *p, const char *e, const char *title)
{
	while (p < e && (*p == ' ' || *p == '#'))
		p++;
	while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '#'))
		e--;
	size_t n = strlen(title);
	return (size_t)(e - p) == n && strncasecmp(p, title, n) == 0;
}

static bool is_code_fence(const char *p, const char *e)
{
	while (p < e && *p == ' ')
		p++;
	return e - p >= 3 && (memcmp(p, "```", 3) == 0 || memcmp(p, "~~~", 3) == 0);
}

/* Find "## title" in text[from, len): its start and the start of the next
 * heading of level <= 2 (or len). Returns false when absent. */
static bool find_section(const char *text, size_t from, size_t len, const char *title,
			 size_t *start, size_t *end)
{
	const char *p = text + from, *endp = text + len;
	bool in_code = false, found = false;
	while (p < endp) {
		const char *e = memchr(p, '\n', (size_t)(endp - p));
		if (!e)
			e = endp;
		if (is_code_fence(p, e)) {
			in_code = !in_code;
		} else if (!in_code) {
			int lvl = heading_level(p, e);
			if (found && lvl >= 1 && lvl <= 2) {
				*end = (size_t)(p - text);
				return true;
			}
			if (!found && lvl == 2 && heading_is(p, e, title)) {
				found = true;
				*start = (size_t)(p - text);
			}
		}
		p = e < endp ? e + 1 : endp;
	}
	if (found)
		*end = len;
	return found;
}

/* Append s to out with its "\n" line ends as eol. */
static void add_lines(struct buf *out, const char *s, size_t n, const char *eol)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r'))
			buf_adds(out, eol);
		else
			buf_addc(out, s[i]);
	}
}

static bool ends_with_blank_line(const char *s, size_t n, const char *eol)
{
	size_t e = strlen(eol);
	return n >= 2 * e && memcmp(s + n - e, eol, e) == 0 && memcmp(s + n - 2 * e, eol, e) == 0;
}

int library_note_set_section(struct library *lib, const char *key, const char *heading,
			     const char *body, char **errp)
{
	char *path, *old;
	size_t len;
	int lock = notes_lock(lib, true);
	if (note_load_for_write(lib, key, &path, &old, &len, errp) < 0) {
		notes_unlock(&lock);
		return -1;
	}
	/* the note's own line ends throughout */
	const char *nl = old ? memchr(old, '\n', len) : NULL;
	const char *eol = nl && nl > old && nl[-1] == '\r' ? "\r\n" : "\n";
	struct buf sec = BUF_INIT;
	buf_printf(&sec, "## %s\n\n%s", heading, body);
	while (sec.len && sec.data[sec.len - 1] == '\n')
		sec.len--;
	buf_adds(&sec, "\n");
	struct buf out = BUF_INIT;
	if (!old) {
		char today[11];
		date_today(today);
		buf_printf(&out, "---\nadded: %s\n---\n\n", today);
		buf_add(&out, sec.data, sec.len);
	} else {
		struct note_meta m;
		size_t body_off, start = 0, end = 0;
		note_meta_parse(old, len, &m, &body_off);
		note_meta_free(&m);
		if (find_section(old, body_off, len, heading, &start, &end)) {
			buf_add(&out, old, start);
			add_lines(&out, sec.data, sec.len, eol);
			if (end < len)
				buf_adds(&out, eol);
			buf_add(&out, old + end, len - end);
		} else {
			buf_add(&out, old, len);
			if (len && old[len - 1] != '\n')
				buf_adds(&out, eol);
			if (len > body_off && !ends_with_blank_line(old, len, eol))
				buf_adds(&out, eol);
			add_lines(&out, sec.data, sec.len, eol);
		}
	}
	int r = file_write_atomic(path, buf_str(&out), out.len, errp);
	notes_unlock(&lock);
	if (r == 0)
		note_written(lib, key, path);
	buf_free(&out);
	buf_free(&sec);
	free(old);
	free(path);
	return r;
}

char *library_pdf_cached(const struct library *lib, const char *key)
{
	char *dir = path_join(library_cache_dir(lib), "pdf");
	char *name = xasprintf("%s.pdf", key);
	char *path = path_join(dir, name);
	free(dir);
	free(name);
	if (!file_exists(path))
		FREE(&path);
	return path;
}

char *library_paper_own_text(struct library *lib, const struct paper *p)
{
	struct buf b = BUF_INIT;
	if (p->title)
		buf_printf(&b, "%s\n\n", p->title);
	if (p->comment)
		buf_printf(&b, "%s\n\n", p->comment);
	char *note = library_note_body(lib, p->key);
	if (note) {
		size_t len = strlen(note), start, end;
		if (find_section(note, 0, len, "Summary", &start, &end))
			memmove(note + start, note + end, len - end + 1);
		buf_adds(&b, note);
	}
	free(note);
	return buf_detach(&b);
}
