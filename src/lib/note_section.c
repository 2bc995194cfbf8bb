/* note_section.c: replacing one "## Heading" section of a paper's note,
 * keeping the rest of the user's text byte for byte. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/private.h"
#include "util/i18n.h"

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

/* The note old[0, len) into out, ended so that a new section can follow:
 * its last line closed and, when it has a body, a blank line after it. */
static void append_after(struct buf *out, const char *old, size_t len, size_t body_off,
			 const char *eol)
{
	buf_add(out, old, len);
	if (len && old[len - 1] != '\n')
		buf_adds(out, eol);
	if (len > body_off && !ends_with_blank_line(old, len, eol))
		buf_adds(out, eol);
}

/* One attempt; 1 when the note changed while it was being written. */
static int set_section_once(struct library *lib, const char *key, const char *heading,
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
			append_after(&out, old, len, body_off, eol);
			add_lines(&out, sec.data, sec.len, eol);
		}
	}
	int r = note_cas_commit(path, old, len, buf_str(&out), out.len, errp);
	notes_unlock(&lock);
	if (r == 0)
		note_written(lib, key, path);
	buf_free(&out);
	buf_free(&sec);
	free(old);
	free(path);
	return r;
}

int library_note_set_section(struct library *lib, const char *key, const char *heading,
			     const char *body, char **errp)
{
	for (int i = 0; i < 20; i++) {
		int r = set_section_once(lib, key, heading, body, errp);
		if (r != 1)
			return r;
	}
	return error_set(errp, _("notes/%s.md: the note kept changing while quire wrote it; "
				 "nothing was changed, try again"), key);
}

#define SUMMARY_OPEN "<!-- quire:summary"
#define SUMMARY_CLOSE "<!-- /quire:summary -->"

/* The line [p, e) without its leading and trailing blanks equals / starts
 * with a marker. */
static bool line_is(const char *p, const char *e, const char *s, bool prefix)
{
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	size_t n = strlen(s);
	if ((size_t)(e - p) < n || memcmp(p, s, n) != 0)
		return false;
	return prefix ? e - p >= 3 && memcmp(e - 3, "-->", 3) == 0 : (size_t)(e - p) == n;
}

/* Find quire's summary block in text[from, len): from its opening marker
 * line to the end of its closing marker line (newline included). An
 * opening marker without a closing one is not a block. Code fences are
 * not looked at: a fence the user left open must not hide the block. */
static bool find_block(const char *text, size_t from, size_t len, size_t *start, size_t *end)
{
	const char *p = text + from, *endp = text + len, *open = NULL;
	while (p < endp) {
		const char *e = memchr(p, '\n', (size_t)(endp - p));
		if (!e)
			e = endp;
		if (line_is(p, e, SUMMARY_OPEN, true)) {
			open = p;
		} else if (open && line_is(p, e, SUMMARY_CLOSE, false)) {
			*start = (size_t)(open - text);
			*end = (size_t)(e < endp ? e + 1 - text : endp - text);
			return true;
		}
		p = e < endp ? e + 1 : endp;
	}
	return false;
}

/* Whether Markdown could read the line [p, e) as structure that breaks out
 * of a paragraph: a heading, a code fence, HTML (our own markers among
 * it), or a setext underline that turns the line above into a heading. */
static bool line_needs_escape(const char *p, const char *e)
{
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	if (p == e)
		return false;
	if (strchr("#`~<", *p))
		return true;
	if (*p != '-' && *p != '=')
		return false;
	char c = *p;
	while (p < e && *p == c)
		p++;
	while (p < e && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	return p == e;
}

/* Generated text made safe to store in a note: control characters
 * dropped, and a backslash before what would become structure. */
static void add_escaped(struct buf *b, const char *text)
{
	char *clean = text_sanitize_lines(text);
	const char *p = clean;
	while (*p) {
		const char *e = strchr(p, '\n');
		if (!e)
			e = p + strlen(p);
		if (line_needs_escape(p, e)) {
			const char *q = p;
			while (*q == ' ' || *q == '\t')
				q++;
			buf_add(b, p, (size_t)(q - p));
			buf_addc(b, '\\');
			p = q;
		}
		buf_add(b, p, (size_t)(e - p));
		buf_addc(b, '\n');
		p = *e ? e + 1 : e;
	}
	free(clean);
}

/* One attempt; 1 when the note changed while it was being written. */
/* A marker value: its characters that need no quoting, others as '_'. */
static void add_marker_value(struct buf *b, const char *v)
{
	for (const char *m = v; *m; m++)
		buf_addc(b, strchr("._+-", *m) || (*m >= '0' && *m <= '9') ||
				    (*m >= 'A' && *m <= 'Z') || (*m >= 'a' && *m <= 'z')
			       ? *m
			       : '_');
}

static int set_summary_once(struct library *lib, const char *key, const char *model,
			    const char *strategy, const char *label, const char *text, char **errp)
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
	char today[11];
	date_today(today);
	struct buf blk = BUF_INIT;
	buf_adds(&blk, SUMMARY_OPEN " model=");
	add_marker_value(&blk, model ? model : "extractive");
	if (strategy) {
		buf_adds(&blk, " strategy=");
		add_marker_value(&blk, strategy);
	}
	buf_printf(&blk, " date=%s -->\n", today);
	struct buf head = BUF_INIT;
	buf_printf(&head, "*%s, %s*", label, today);
	add_escaped(&blk, buf_str(&head));
	buf_addc(&blk, '\n');
	add_escaped(&blk, text);
	while (blk.len >= 2 && blk.data[blk.len - 1] == '\n' && blk.data[blk.len - 2] == '\n')
		blk.len--;
	buf_adds(&blk, SUMMARY_CLOSE "\n");
	buf_free(&head);

	struct buf out = BUF_INIT;
	size_t body_off = 0, start, end;
	if (old) {
		struct note_meta m;
		note_meta_parse(old, len, &m, &body_off);
		note_meta_free(&m);
	}
	if (!old) {
		buf_printf(&out, "---\nadded: %s\n---\n\n## Summary\n\n", today);
		buf_add(&out, blk.data, blk.len);
	} else if (find_block(old, body_off, len, &start, &end)) {
		/* quire's own block: replaced exactly */
		buf_add(&out, old, start);
		add_lines(&out, blk.data, blk.len, eol);
		buf_add(&out, old + end, len - end);
	} else if (find_section(old, body_off, len, "Summary", &start, &end)) {
		/* the user's "## Summary": kept, the block goes after its text */
		size_t at = end;
		while (at > start && (old[at - 1] == '\n' || old[at - 1] == ' ' ||
				      old[at - 1] == '\t' || old[at - 1] == '\r'))
			at--;
		while (at < end && old[at] != '\n')
			at++;
		buf_add(&out, old, at);
		if (at == len || old[at] != '\n')
			buf_adds(&out, eol);
		else
			buf_add(&out, old + at++, 1);
		buf_adds(&out, eol);
		add_lines(&out, blk.data, blk.len, eol);
		buf_add(&out, old + at, len - at);
	} else {
		append_after(&out, old, len, body_off, eol);
		add_lines(&out, "## Summary\n\n", 12, eol);
		add_lines(&out, blk.data, blk.len, eol);
	}
	int r = note_cas_commit(path, old, len, buf_str(&out), out.len, errp);
	notes_unlock(&lock);
	/* The note on disk is the change; the index only follows it. */
	if (r == 0)
		note_written(lib, key, path);
	buf_free(&out);
	buf_free(&blk);
	free(old);
	free(path);
	return r;
}

int library_note_set_summary(struct library *lib, const char *key, const char *model,
			     const char *strategy, const char *label, const char *text, char **errp)
{
	for (int i = 0; i < 20; i++) {
		int r = set_summary_once(lib, key, model, strategy, label, text, errp);
		if (r != 1)
			return r;
	}
	return error_set(errp, _("notes/%s.md: the note kept changing while quire wrote it; "
				 "nothing was changed, try again"), key);
}

/* The value of " name=" in the marker line [p, e), or NULL. */
static char *marker_value(const char *p, const char *e, const char *name)
{
	size_t n = strlen(name);
	for (const char *q = p; q + n + 1 < e; q++) {
		if (q[0] != ' ' || memcmp(q + 1, name, n) != 0 || q[n + 1] != '=')
			continue;
		const char *v = q + n + 2, *w = v;
		while (w < e && *w != ' ')
			w++;
		return w > v ? xstrndup(v, (size_t)(w - v)) : NULL;
	}
	return NULL;
}

bool summary_marker_parse(const char *note, struct summary_marker *out)
{
	memset(out, 0, sizeof *out);
	size_t start, end;
	if (!find_block(note, 0, strlen(note), &start, &end))
		return false;
	const char *p = note + start, *e = strchr(p, '\n');
	if (!e)
		e = p + strlen(p);
	while (e > p && e[-1] != '>')
		e--;
	e = e - p >= 3 ? e - 3 : p; /* before "-->" */
	out->model = marker_value(p, e, "model");
	out->strategy = marker_value(p, e, "strategy");
	out->date = marker_value(p, e, "date");
	return true;
}

void summary_marker_free(struct summary_marker *m)
{
	FREE(&m->model);
	FREE(&m->strategy);
	FREE(&m->date);
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

/* Where quire's block at start begins with the "## Summary" heading quire
 * put over it: the heading's line when only blank lines lie between them,
 * else start. */
static size_t block_with_heading(const char *text, size_t start)
{
	size_t i = start;
	while (i > 0 && (text[i - 1] == '\n' || text[i - 1] == ' ' || text[i - 1] == '\t'))
		i--;
	size_t line = i;
	while (line > 0 && text[line - 1] != '\n')
		line--;
	static const char heading[] = "## Summary";
	if (i - line == sizeof heading - 1 && memcmp(text + line, heading, i - line) == 0)
		return line;
	return start;
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
		/* quire's summary blocks are not the paper's text */
		size_t len = strlen(note), from = 0, start, end;
		while (find_block(note, from, len, &start, &end)) {
			start = block_with_heading(note, start);
			memmove(note + start, note + end, len - end + 1);
			len -= end - start;
			from = start;
		}
		buf_adds(&b, note);
	}
	free(note);
	return buf_detach(&b);
}

bool library_paper_has_own_text(struct library *lib, const struct paper *p)
{
	struct paper untitled = *p;
	untitled.title = NULL;
	char *own = library_paper_own_text(lib, &untitled);
	bool has = own[strspn(own, " \t\r\n\f")] != '\0';
	free(own);
	return has;
}
