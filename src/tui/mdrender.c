/* mdrender.c: a note's Markdown as styled lines for the detail pane.
 * md4c parses; the callbacks gather each block's inline text with one
 * style byte per text byte, and each block is wrapped to the width in
 * display cells under the prefixes of the blocks around it (quote bars,
 * list markers with their hanging indent). No curses here: draw.c maps
 * the styles to attributes. */
#include "config.h"

#include <md4c.h>
#include <stdlib.h>
#include <string.h>

#include "tui/private.h"
#include "util/i18n.h"

/* Text with one style byte (enum text_style bits) per byte. */
struct styled {
	struct buf text;
	unsigned char *style;
	size_t cap;
};

enum cont_kind { CONT_QUOTE, CONT_LIST, CONT_ITEM };

/* A container block open around the text: its lines get its prefix. */
struct cont {
	enum cont_kind kind;
	bool tight, ordered; /* CONT_LIST */
	char delim;          /* CONT_LIST: '.' or ')' after the numbers */
	unsigned next;       /* CONT_LIST: the number of its next item */
	char *marker;        /* CONT_ITEM: "• ", "2. ", "[x] " until shown */
	int indent;          /* CONT_ITEM: cells of the hanging indent */
};

struct open_span {
	unsigned style;
	char *href;   /* links and images: where they point, sanitised */
	size_t start; /* where the span's text begins in the inline text */
};

struct cell {
	struct styled s;
	MD_ALIGN align;
};

struct row {
	struct cell *v;
	size_t n, cap;
	bool head;
};

struct mdr {
	struct lines *out;
	int width;
	size_t first;     /* out->n when the note began */
	size_t max_lines; /* lines of the note at most */
	bool full;        /* max_lines reached: md4c is told to stop */
	struct cont *stack;
	size_t n_stack, cap_stack;
	size_t pending; /* no item below this index has its marker still to show */
	struct open_span *spans;
	size_t n_spans, cap_spans;
	struct styled inl; /* inline text of the block being read */
	unsigned heading;  /* level of the heading being read, else 0 */
	bool in_code, in_html;
	bool in_comment; /* inside an inline HTML comment */
	struct buf code; /* the code or HTML block being read */
	bool need_blank; /* a block ended: a blank line before the next */
	bool in_head, in_cell;
	struct row *rows; /* the table being read */
	size_t n_rows, cap_rows;
};

static const char BAR[] = "\xE2\x94\x82";  /* │ */
static const char RULE[] = "\xE2\x94\x80"; /* ─ */
static const char CROSS[] = "\xE2\x94\xBC"; /* ┼ */
static const char ELLIPSIS[] = "\xE2\x80\xA6";
static const char REPLACEMENT[] = "\xEF\xBF\xBD";

/* ---- styled text ---- */

static void styled_add(struct styled *s, const char *p, size_t n, unsigned style)
{
	if (!n)
		return;
	s->style = xgrow(s->style, &s->cap, s->text.len + n, 1);
	memset(s->style + s->text.len, (int)style, n);
	buf_add(&s->text, p, n);
}

static void styled_adds(struct styled *s, const char *p, unsigned style)
{
	styled_add(s, p, strlen(p), style);
}

static void styled_spaces(struct styled *s, int n)
{
	for (int i = 0; i < n; i++)
		styled_add(s, " ", 1, 0);
}

/* Add outside text through the sanitiser (control characters and escape
 * sequences dropped, tabs and line ends made spaces). */
static void styled_add_clean(struct styled *s, const char *p, size_t n, unsigned style)
{
	char *raw = xstrndup(p, n);
	char *clean = text_sanitize(raw);
	styled_adds(s, clean, style);
	free(clean);
	free(raw);
}

static void styled_free(struct styled *s)
{
	buf_free(&s->text);
	FREE(&s->style);
	s->cap = 0;
}

/* ---- entities and attributes ---- */

/* Decode an entity ("&amp;", "&#233;", "&#x1F600;"); unknown named ones
 * stay as they are. */
static void decode_entity(const char *p, size_t n, struct buf *out)
{
	static const struct {
		const char *name, *text;
	} named[] = {
	        {"&amp;", "&"},
	        {"&lt;", "<"},
	        {"&gt;", ">"},
	        {"&quot;", "\""},
	        {"&apos;", "'"},
	        {"&nbsp;", "\xC2\xA0"},
	        {"&ndash;", "\xE2\x80\x93"},
	        {"&mdash;", "\xE2\x80\x94"},
	        {"&hellip;", "\xE2\x80\xA6"},
	        {"&copy;", "\xC2\xA9"},
	};
	if (n >= 4 && p[1] == '#') {
		bool hex = p[2] == 'x' || p[2] == 'X';
		uint32_t cp = 0;
		for (size_t i = hex ? 3 : 2; i < n && p[i] != ';'; i++) {
			unsigned d = p[i] >= '0' && p[i] <= '9'   ? (unsigned)(p[i] - '0')
			             : p[i] >= 'a' && p[i] <= 'f' ? (unsigned)(p[i] - 'a' + 10)
			             : p[i] >= 'A' && p[i] <= 'F' ? (unsigned)(p[i] - 'A' + 10)
			                                          : 99;
			if (d >= (hex ? 16u : 10u))
				break;
			cp = cp * (hex ? 16 : 10) + d;
			if (cp > 0x10FFFF)
				break;
		}
		if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
			buf_adds(out, REPLACEMENT);
		} else {
			char enc[4];
			buf_add(out, enc, utf8_encode(cp, enc));
		}
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(named); i++)
		if (strlen(named[i].name) == n && memcmp(named[i].name, p, n) == 0) {
			buf_adds(out, named[i].text);
			return;
		}
	buf_add(out, p, n);
}

/* An attribute (a link's destination) as sanitised text. Caller frees. */
static char *attr_text(const MD_ATTRIBUTE *a)
{
	struct buf b = BUF_INIT;
	for (unsigned i = 0; a->substr_offsets && a->substr_offsets[i] < a->size; i++) {
		const char *p = a->text + a->substr_offsets[i];
		size_t n = a->substr_offsets[i + 1] - a->substr_offsets[i];
		if (a->substr_types[i] == MD_TEXT_ENTITY)
			decode_entity(p, n, &b);
		else if (a->substr_types[i] == MD_TEXT_NULLCHAR)
			buf_adds(&b, REPLACEMENT);
		else
			buf_add(&b, p, n);
	}
	char *clean = text_sanitize(buf_str(&b));
	buf_free(&b);
	return clean;
}

/* Raw HTML without its comments (quire's summary markers are comments);
 * *in_comment carries a comment on from one piece to the next. */
static void html_strip_comments(const char *p, size_t n, bool *in_comment, struct buf *out)
{
	const char *end = p + n;
	while (p < end) {
		if (*in_comment) {
			const char *close = memmem(p, (size_t)(end - p), "-->", 3);
			if (!close)
				return;
			p = close + 3;
			*in_comment = false;
		}
		const char *open = memmem(p, (size_t)(end - p), "<!--", 4);
		if (!open) {
			buf_add(out, p, (size_t)(end - p));
			return;
		}
		buf_add(out, p, (size_t)(open - p));
		p = open + 4;
		*in_comment = true;
	}
}

/* ---- lines out ---- */

/* Append one line: pre then text[0..len) (style bytes alongside), trailing
 * spaces dropped, the styles as spans. Nothing once the note is full. */
static void put_line(struct mdr *m, const struct styled *pre, const char *text,
                     const unsigned char *style, size_t len)
{
	if (m->out->n - m->first >= m->max_lines) {
		m->full = true;
		return;
	}
	struct styled all = {BUF_INIT, NULL, 0};
	if (pre)
		for (size_t i = 0; i < pre->text.len;) {
			size_t j = i;
			while (j < pre->text.len && pre->style[j] == pre->style[i])
				j++;
			styled_add(&all, pre->text.data + i, j - i, pre->style[i]);
			i = j;
		}
	for (size_t i = 0; i < len;) {
		size_t j = i;
		while (j < len && style[j] == style[i])
			j++;
		styled_add(&all, text + i, j - i, style[i]);
		i = j;
	}
	while (all.text.len && all.text.data[all.text.len - 1] == ' ')
		all.text.len--;
	struct line ln = {.elem = TH_NORMAL};
	size_t cap = 0;
	for (size_t i = 0; i < all.text.len;) {
		size_t j = i;
		while (j < all.text.len && all.style[j] == all.style[i])
			j++;
		if (all.style[i]) {
			ln.spans = xgrow(ln.spans, &cap, ln.n_spans + 1, sizeof *ln.spans);
			ln.spans[ln.n_spans++] = (struct text_span){i, j - i, all.style[i]};
		}
		i = j;
	}
	ln.text = xstrndup(all.text.data ? all.text.data : "", all.text.len);
	styled_free(&all);
	struct lines *l = m->out;
	l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
	l->v[l->n++] = ln;
}

enum prefix_for { PREFIX_TEXT, PREFIX_BLANK };

/* The prefix of the next line: a bar per quote, for each list item its
 * marker the first time (PREFIX_TEXT) and its hanging indent after. Built
 * only as far as the width (deep nesting costs no more per line), the
 * markers beyond it consumed all the same. */
static void make_prefix(struct mdr *m, struct styled *pre, enum prefix_for what)
{
	int w = 0;
	size_t i;
	for (i = 0; i < m->n_stack && w < m->width; i++) {
		struct cont *c = &m->stack[i];
		if (c->kind == CONT_QUOTE) {
			styled_adds(pre, BAR, STYLE_DIM);
			styled_add(pre, " ", 1, 0);
			w += 2;
		} else if (c->kind == CONT_ITEM && c->marker && what == PREFIX_TEXT) {
			styled_adds(pre, c->marker, 0);
			FREE(&c->marker);
			w += c->indent;
		} else if (c->kind == CONT_ITEM) {
			styled_spaces(pre, c->indent);
			w += c->indent;
		}
	}
	if (what != PREFIX_TEXT)
		return;
	for (i = i > m->pending ? i : m->pending; i < m->n_stack; i++)
		FREE(&m->stack[i].marker);
	m->pending = m->n_stack;
}

/* A prefix that leaves no cell for the text is cut to half the width;
 * returns the cells it takes. */
static int prefix_fit(struct styled *pre, int width)
{
	int w = (int)utf8_width_n(pre->text.data ? pre->text.data : "", pre->text.len);
	if (w < width)
		return w;
	pre->text.len = text_fit_n(pre->text.data, pre->text.len, width / 2, &w);
	return w;
}

static void blank_if_needed(struct mdr *m)
{
	if (!m->need_blank)
		return;
	m->need_blank = false;
	if (m->out->n == m->first)
		return;
	struct styled pre = {BUF_INIT, NULL, 0};
	make_prefix(m, &pre, PREFIX_BLANK);
	prefix_fit(&pre, m->width);
	put_line(m, &pre, "", NULL, 0);
	styled_free(&pre);
}

/* Wrap s to the width under the prefixes, breaking at spaces (a word
 * longer than a line is cut) and at the hard breaks ('\n'). Leading
 * spaces are dropped unless keep_lead (a table's padded row). */
static void emit_text(struct mdr *m, const struct styled *s, bool keep_lead)
{
	const char *t = s->text.data;
	size_t len = s->text.len, i = 0;
	if (!keep_lead)
		while (i < len && t[i] == ' ')
			i++;
	if (i >= len)
		return;
	blank_if_needed(m);
	while (i < len && !m->full) {
		struct styled pre = {BUF_INIT, NULL, 0};
		make_prefix(m, &pre, PREFIX_TEXT);
		int pw = prefix_fit(&pre, m->width);
		uint32_t c0;
		utf8_decode(t + i, len - i, &c0);
		int w0 = utf8_cp_width(c0);
		if (w0 > m->width - pw && pw > 0) /* a wide character the prefix leaves no room for */
			pre.text.len = text_fit_n(pre.text.data, pre.text.len, m->width > w0 ? m->width - w0 : 0, &pw);
		int avail = m->width - pw;
		size_t j = i, space = SIZE_MAX;
		int w = 0;
		uint32_t cp = 0;
		size_t n = 0;
		while (j < len && t[j] != '\n') {
			n = utf8_decode(t + j, len - j, &cp);
			int cw = utf8_cp_width(cp);
			if (w + cw > avail)
				break;
			if (t[j] == ' ')
				space = j;
			w += cw;
			j += n;
		}
		size_t cut;
		if (j >= len || t[j] == '\n' || t[j] == ' ')
			cut = j;
		else if (space != SIZE_MAX && space > i)
			cut = space;
		else if (j == i)
			cut = i + n; /* one character wider than the line */
		else
			cut = j; /* a word longer than the line */
		size_t end = cut;
		while (end > i && t[end - 1] == ' ')
			end--;
		put_line(m, &pre, t + i, s->style + i, end - i);
		styled_free(&pre);
		i = cut;
		while (i < len && t[i] == ' ')
			i++;
		if (i < len && t[i] == '\n') {
			i++;
			while (i < len && t[i] == ' ')
				i++;
		}
	}
}

/* The inline text read so far, as a paragraph of its own. */
static void flush(struct mdr *m)
{
	if (m->in_cell)
		return;
	if (m->inl.text.len)
		emit_text(m, &m->inl, false);
	m->inl.text.len = 0;
}

/* A code block: its lines as they are (tabs to 4-cell stops), each cut at
 * the width with a marker, two cells in. */
static void emit_code(struct mdr *m)
{
	const char *p = buf_str(&m->code), *end = p + m->code.len;
	if (p == end)
		return;
	blank_if_needed(m);
	while (p < end && !m->full) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		struct buf ln = BUF_INIT;
		int col = 0;
		for (const char *q = p; q < e;) {
			uint32_t cp;
			size_t n = utf8_decode(q, (size_t)(e - q), &cp);
			if (cp == '\t') {
				do
					buf_addc(&ln, ' ');
				while (++col % 4);
			} else if (cp >= 0x20 && cp != 0x7f) {
				buf_add(&ln, q, n);
				col += utf8_cp_width(cp);
			}
			q += n;
		}
		struct styled pre = {BUF_INIT, NULL, 0};
		make_prefix(m, &pre, PREFIX_TEXT);
		styled_spaces(&pre, 2);
		int avail = m->width - prefix_fit(&pre, m->width);
		struct styled code = {BUF_INIT, NULL, 0};
		size_t len = ln.len;
		if ((int)utf8_width_n(buf_str(&ln), len) > avail) {
			len = text_fit_n(buf_str(&ln), len, avail - 1, NULL);
			styled_add(&code, buf_str(&ln), len, STYLE_CODE);
			styled_adds(&code, ELLIPSIS, STYLE_CODE | STYLE_DIM);
		} else {
			styled_add(&code, buf_str(&ln), len, STYLE_CODE);
		}
		put_line(m, &pre, buf_str(&code.text), code.style, code.text.len);
		styled_free(&code);
		styled_free(&pre);
		buf_free(&ln);
		if (!nl)
			break;
		p = nl + 1;
	}
}

/* An HTML block: shown as text, line by line, its comments left out. */
static void emit_html(struct mdr *m)
{
	struct buf text = BUF_INIT;
	bool in_comment = false;
	html_strip_comments(buf_str(&m->code), m->code.len, &in_comment, &text);
	struct styled s = {BUF_INIT, NULL, 0};
	const char *p = buf_str(&text), *end = p + text.len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		if (s.text.len)
			styled_add(&s, "\n", 1, 0);
		styled_add_clean(&s, p, (size_t)(e - p), 0);
		p = nl ? nl + 1 : end;
	}
	while (s.text.len && (s.text.data[s.text.len - 1] == '\n' || s.text.data[s.text.len - 1] == ' '))
		s.text.len--;
	bool blank = true;
	for (size_t i = 0; i < s.text.len && blank; i++)
		blank = s.text.data[i] == ' ' || s.text.data[i] == '\n';
	if (!blank) {
		emit_text(m, &s, false);
		m->need_blank = true;
	}
	styled_free(&s);
	buf_free(&text);
}

static void emit_rule(struct mdr *m)
{
	blank_if_needed(m);
	struct styled pre = {BUF_INIT, NULL, 0}, rule = {BUF_INIT, NULL, 0};
	make_prefix(m, &pre, PREFIX_TEXT);
	int avail = m->width - prefix_fit(&pre, m->width);
	for (int i = 0; i < avail; i++)
		styled_adds(&rule, RULE, STYLE_DIM);
	put_line(m, &pre, rule.text.data, rule.style, rule.text.len);
	styled_free(&pre);
	styled_free(&rule);
	m->need_blank = true;
}

/* A table: its cells joined with " │ ", padded into columns (and a rule
 * under the head) when the widest row fits, else each row wrapped. */
static void emit_table(struct mdr *m)
{
	size_t ncol = 0;
	for (size_t r = 0; r < m->n_rows; r++)
		if (m->rows[r].n > ncol)
			ncol = m->rows[r].n;
	if (!ncol)
		return;
	int *colw = xcalloc(ncol, sizeof *colw);
	for (size_t r = 0; r < m->n_rows; r++)
		for (size_t c = 0; c < m->rows[r].n; c++) {
			const struct styled *s = &m->rows[r].v[c].s;
			int w = (int)utf8_width_n(buf_str(&s->text), s->text.len);
			if (w > colw[c])
				colw[c] = w;
		}
	int total = 3 * (int)(ncol - 1);
	for (size_t c = 0; c < ncol; c++)
		total += colw[c];
	struct styled pre = {BUF_INIT, NULL, 0};
	make_prefix(m, &pre, PREFIX_BLANK);
	bool padded = total <= m->width - prefix_fit(&pre, m->width);
	styled_free(&pre);
	for (size_t r = 0; r < m->n_rows && !m->full; r++) {
		const struct row *row = &m->rows[r];
		struct styled line = {BUF_INIT, NULL, 0};
		for (size_t c = 0; c < ncol; c++) {
			if (c)
				styled_adds(&line, " \xE2\x94\x82 ", STYLE_DIM);
			const struct cell *cell = c < row->n ? &row->v[c] : NULL;
			const struct styled *s = cell ? &cell->s : NULL;
			int w = s ? (int)utf8_width_n(buf_str(&s->text), s->text.len) : 0;
			int pad = padded ? colw[c] - w : 0;
			int left = !cell                          ? 0
			           : cell->align == MD_ALIGN_RIGHT  ? pad
			           : cell->align == MD_ALIGN_CENTER ? pad / 2
			                                            : 0;
			styled_spaces(&line, left);
			for (size_t i = 0; s && i < s->text.len; i++)
				styled_add(&line, s->text.data + i, 1,
				           s->style[i] | (row->head ? STYLE_BOLD : 0));
			styled_spaces(&line, pad - left);
		}
		emit_text(m, &line, padded);
		styled_free(&line);
		if (row->head && padded && (r + 1 == m->n_rows || !m->rows[r + 1].head)) {
			struct styled rule = {BUF_INIT, NULL, 0};
			for (size_t c = 0; c < ncol; c++) {
				if (c) {
					styled_adds(&rule, RULE, STYLE_DIM);
					styled_adds(&rule, CROSS, STYLE_DIM);
					styled_adds(&rule, RULE, STYLE_DIM);
				}
				for (int i = 0; i < colw[c]; i++)
					styled_adds(&rule, RULE, STYLE_DIM);
			}
			emit_text(m, &rule, true);
			styled_free(&rule);
		}
	}
	free(colw);
}

static void table_free(struct mdr *m)
{
	for (size_t r = 0; r < m->n_rows; r++) {
		for (size_t c = 0; c < m->rows[r].n; c++)
			styled_free(&m->rows[r].v[c].s);
		free(m->rows[r].v);
	}
	FREE(&m->rows);
	m->n_rows = m->cap_rows = 0;
}

/* ---- md4c callbacks ---- */

static struct cont *push(struct mdr *m, enum cont_kind kind)
{
	m->stack = xgrow(m->stack, &m->cap_stack, m->n_stack + 1, sizeof *m->stack);
	struct cont *c = &m->stack[m->n_stack++];
	memset(c, 0, sizeof *c);
	c->kind = kind;
	return c;
}

static void pop(struct mdr *m)
{
	if (!m->n_stack)
		return;
	FREE(&m->stack[m->n_stack - 1].marker);
	m->n_stack--;
	if (m->pending > m->n_stack)
		m->pending = m->n_stack;
}

/* The innermost open list, or NULL. */
static struct cont *list_of(struct mdr *m)
{
	for (size_t i = m->n_stack; i-- > 0;)
		if (m->stack[i].kind == CONT_LIST)
			return &m->stack[i];
	return NULL;
}

static void enter_item(struct mdr *m, const MD_BLOCK_LI_DETAIL *d)
{
	static const char *const bullets[] = {"\xE2\x80\xA2 ", "\xE2\x97\xA6 ", "\xE2\x96\xAA "};
	struct cont *list = list_of(m);
	int depth = 0;
	for (size_t i = 0; i < m->n_stack; i++)
		depth += m->stack[i].kind == CONT_LIST;
	struct buf b = BUF_INIT;
	if (list && list->ordered)
		buf_printf(&b, "%u%c ", list->next++, list->delim);
	if (d && d->is_task)
		buf_adds(&b, d->task_mark == ' ' ? "[ ] " : "[x] ");
	else if (!list || !list->ordered)
		buf_adds(&b, bullets[(depth > 0 ? depth - 1 : 0) % ARRAY_SIZE(bullets)]);
	struct cont *c = push(m, CONT_ITEM);
	c->indent = (int)utf8_width(buf_str(&b));
	c->marker = buf_detach(&b);
	if (m->pending > m->n_stack - 1)
		m->pending = m->n_stack - 1;
}

static int on_enter_block(MD_BLOCKTYPE type, void *detail, void *data)
{
	struct mdr *m = data;
	if (type != MD_BLOCK_TH && type != MD_BLOCK_TD)
		flush(m);
	switch (type) {
	case MD_BLOCK_QUOTE:
		blank_if_needed(m); /* outside the quote: no bar on it */
		push(m, CONT_QUOTE);
		break;
	case MD_BLOCK_UL: {
		const MD_BLOCK_UL_DETAIL *d = detail;
		push(m, CONT_LIST)->tight = d && d->is_tight;
		break;
	}
	case MD_BLOCK_OL: {
		const MD_BLOCK_OL_DETAIL *d = detail;
		struct cont *c = push(m, CONT_LIST);
		c->tight = d && d->is_tight;
		c->ordered = true;
		c->next = d ? d->start : 1;
		c->delim = d && d->mark_delimiter == ')' ? ')' : '.';
		break;
	}
	case MD_BLOCK_LI:
		enter_item(m, detail);
		break;
	case MD_BLOCK_HR:
		emit_rule(m);
		break;
	case MD_BLOCK_H: {
		const MD_BLOCK_H_DETAIL *d = detail;
		m->heading = d && d->level >= 1 && d->level <= 6 ? d->level : 1;
		for (unsigned i = 0; i < m->heading; i++)
			styled_add(&m->inl, "#", 1, STYLE_BOLD);
		styled_add(&m->inl, " ", 1, STYLE_BOLD);
		break;
	}
	case MD_BLOCK_CODE:
		m->in_code = true;
		buf_reset(&m->code);
		break;
	case MD_BLOCK_HTML:
		m->in_html = true;
		buf_reset(&m->code);
		break;
	case MD_BLOCK_TABLE:
		table_free(m);
		break;
	case MD_BLOCK_THEAD:
		m->in_head = true;
		break;
	case MD_BLOCK_TR:
		m->rows = xgrow(m->rows, &m->cap_rows, m->n_rows + 1, sizeof *m->rows);
		memset(&m->rows[m->n_rows], 0, sizeof *m->rows);
		m->rows[m->n_rows++].head = m->in_head;
		break;
	case MD_BLOCK_TH:
	case MD_BLOCK_TD:
		m->in_cell = true;
		m->inl.text.len = 0;
		break;
	default:
		break;
	}
	return m->full;
}

static int on_leave_block(MD_BLOCKTYPE type, void *detail, void *data)
{
	struct mdr *m = data;
	if (type != MD_BLOCK_TH && type != MD_BLOCK_TD)
		flush(m);
	switch (type) {
	case MD_BLOCK_QUOTE:
		pop(m);
		m->need_blank = true;
		break;
	case MD_BLOCK_UL:
	case MD_BLOCK_OL: {
		pop(m);
		/* a list inside a tight list's item goes on without a gap */
		const struct cont *outer = list_of(m);
		m->need_blank = !outer || !outer->tight;
		break;
	}
	case MD_BLOCK_LI:
		if (m->n_stack && m->stack[m->n_stack - 1].marker) {
			/* an empty item: its marker alone */
			blank_if_needed(m);
			struct styled pre = {BUF_INIT, NULL, 0};
			make_prefix(m, &pre, PREFIX_TEXT);
			prefix_fit(&pre, m->width);
			put_line(m, &pre, "", NULL, 0);
			styled_free(&pre);
		}
		pop(m);
		break;
	case MD_BLOCK_H:
		m->heading = 0;
		m->need_blank = true;
		break;
	case MD_BLOCK_CODE:
		emit_code(m);
		m->in_code = false;
		m->need_blank = true;
		break;
	case MD_BLOCK_HTML:
		emit_html(m);
		m->in_html = false;
		break;
	case MD_BLOCK_P:
		m->need_blank = true;
		break;
	case MD_BLOCK_THEAD:
		m->in_head = false;
		break;
	case MD_BLOCK_TH:
	case MD_BLOCK_TD:
		if (m->n_rows) {
			const MD_BLOCK_TD_DETAIL *d = detail;
			struct row *row = &m->rows[m->n_rows - 1];
			row->v = xgrow(row->v, &row->cap, row->n + 1, sizeof *row->v);
			struct cell *c = &row->v[row->n++];
			c->s = m->inl;
			c->align = d ? d->align : MD_ALIGN_DEFAULT;
			memset(&m->inl, 0, sizeof m->inl);
		}
		m->inl.text.len = 0;
		m->in_cell = false;
		break;
	case MD_BLOCK_TABLE:
		emit_table(m);
		table_free(m);
		m->need_blank = true;
		break;
	default:
		break;
	}
	return m->full;
}

static unsigned span_style(const struct mdr *m)
{
	unsigned s = 0;
	for (size_t i = 0; i < m->n_spans; i++)
		s |= m->spans[i].style;
	if (m->heading)
		s |= STYLE_BOLD | (m->heading == 1 ? STYLE_UNDERLINE : 0);
	return s;
}

static int on_enter_span(MD_SPANTYPE type, void *detail, void *data)
{
	struct mdr *m = data;
	m->spans = xgrow(m->spans, &m->cap_spans, m->n_spans + 1, sizeof *m->spans);
	struct open_span *s = &m->spans[m->n_spans++];
	memset(s, 0, sizeof *s);
	s->start = m->inl.text.len;
	switch (type) {
	case MD_SPAN_EM:
		s->style = STYLE_ITALIC;
		break;
	case MD_SPAN_STRONG:
		s->style = STYLE_BOLD;
		break;
	case MD_SPAN_U:
		s->style = STYLE_UNDERLINE;
		break;
	case MD_SPAN_CODE:
		s->style = STYLE_CODE;
		break;
	case MD_SPAN_DEL:
		s->style = STYLE_STRIKE;
		break;
	case MD_SPAN_A:
		if (detail)
			s->href = attr_text(&((const MD_SPAN_A_DETAIL *)detail)->href);
		break;
	case MD_SPAN_IMG:
		if (detail)
			s->href = attr_text(&((const MD_SPAN_IMG_DETAIL *)detail)->src);
		break;
	default:
		break;
	}
	return m->full;
}

/* Does the link's text say where it points already (<https://...>)? */
static bool link_is_text(const struct mdr *m, const struct open_span *s)
{
	const char *text = m->inl.text.data ? m->inl.text.data + s->start : "";
	size_t len = m->inl.text.len - s->start;
	const char *href = s->href;
	if (str_starts_with(href, "mailto:") && strlen(href + 7) == len)
		href += 7;
	return strlen(href) == len && memcmp(href, text, len) == 0;
}

static int on_leave_span(MD_SPANTYPE type, void *detail, void *data)
{
	struct mdr *m = data;
	UNUSED(type);
	UNUSED(detail);
	if (!m->n_spans)
		return m->full;
	struct open_span *s = &m->spans[--m->n_spans];
	if (s->href && *s->href && !link_is_text(m, s)) {
		unsigned base = span_style(m) & ~(unsigned)STYLE_UNDERLINE;
		styled_add(&m->inl, " (", 2, base | STYLE_DIM);
		styled_adds(&m->inl, s->href, base | STYLE_DIM);
		styled_add(&m->inl, ")", 1, base | STYLE_DIM);
	}
	FREE(&s->href);
	return m->full;
}

static int on_text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *data)
{
	struct mdr *m = data;
	if (m->in_code || m->in_html) {
		if (type == MD_TEXT_NULLCHAR)
			buf_adds(&m->code, REPLACEMENT);
		else
			buf_add(&m->code, text, size);
		return m->full;
	}
	unsigned style = span_style(m);
	switch (type) {
	case MD_TEXT_NULLCHAR:
		styled_adds(&m->inl, REPLACEMENT, style);
		break;
	case MD_TEXT_BR:
		styled_add(&m->inl, m->in_cell || m->heading ? " " : "\n", 1, style);
		break;
	case MD_TEXT_SOFTBR:
		styled_add(&m->inl, " ", 1, style);
		break;
	case MD_TEXT_HTML: { /* inline HTML as it is written, comments left out */
		struct buf b = BUF_INIT;
		html_strip_comments(text, size, &m->in_comment, &b);
		styled_add_clean(&m->inl, buf_str(&b), b.len, style);
		buf_free(&b);
		break;
	}
	case MD_TEXT_ENTITY: {
		struct buf b = BUF_INIT;
		decode_entity(text, size, &b);
		styled_add_clean(&m->inl, buf_str(&b), b.len, style);
		buf_free(&b);
		break;
	}
	default:
		styled_add_clean(&m->inl, text, size, style);
		break;
	}
	return m->full;
}

/* ---- the renderer ---- */

#define PARA_MAX_LINES 400

/* md4c 0.4.8 takes time quadratic in the lines of a paragraph that holds
 * brackets: a blank line after every PARA_MAX_LINES non-blank lines in a
 * row (outside fenced code) keeps such a note fast. Takes s. */
static char *split_long_paragraphs(char *s)
{
	struct buf b = BUF_INIT;
	size_t run = 0;
	bool fenced = false, changed = false;
	for (const char *p = s; *p;) {
		size_t n = strcspn(p, "\n");
		size_t k = 0;
		while (k < n && k < 3 && p[k] == ' ')
			k++;
		if (n - k >= 3 && (strncmp(p + k, "```", 3) == 0 || strncmp(p + k, "~~~", 3) == 0))
			fenced = !fenced;
		bool blank = strspn(p, " \t") == n;
		run = blank || fenced ? 0 : run + 1;
		if (run > PARA_MAX_LINES) {
			buf_addc(&b, '\n');
			run = 1;
			changed = true;
		}
		buf_add(&b, p, n + (p[n] == '\n'));
		p += n + (p[n] == '\n');
	}
	if (!changed) {
		buf_free(&b);
		return s;
	}
	free(s);
	return buf_detach(&b);
}

void mdrender_lines(const char *text, int width, struct lines *out)
{
	if (width < 1)
		width = 1;
	size_t len = strlen(text);
	bool cut = len > MDRENDER_MAX_BYTES;
	char *src;
	if (cut) {
		/* at the end of a line, so that no block is cut in two */
		len = MDRENDER_MAX_BYTES;
		while (len > 0 && text[len - 1] != '\n')
			len--;
		if (!len)
			len = MDRENDER_MAX_BYTES;
		char *head = xstrndup(text, len);
		src = text_sanitize_lines(head);
		free(head);
	} else {
		src = text_sanitize_lines(text);
	}
	src = split_long_paragraphs(src);
	struct mdr m = {.out = out, .width = width, .first = out->n,
	                .max_lines = MDRENDER_MAX_LINES};
	MD_PARSER parser = {
	        .abi_version = 0,
	        /* no permissive autolinks: md4c 0.4.8 takes quadratic time on
	         * them; raw HTML is shown as text, without its comments */
	        .flags = MD_FLAG_TABLES | MD_FLAG_TASKLISTS | MD_FLAG_STRIKETHROUGH,
	        .enter_block = on_enter_block,
	        .leave_block = on_leave_block,
	        .enter_span = on_enter_span,
	        .leave_span = on_leave_span,
	        .text = on_text,
	};
	md_parse(src, (MD_SIZE)strlen(src), &parser, &m);
	if (m.full)
		cut = true;
	else
		flush(&m); /* what md4c left open after an error */
	while (m.n_spans)
		FREE(&m.spans[--m.n_spans].href);
	while (m.n_stack)
		pop(&m);
	if (cut) {
		/* no silent truncation: say where the note stops */
		m.full = false;
		m.max_lines = SIZE_MAX;
		m.need_blank = true;
		struct styled notice = {BUF_INIT, NULL, 0};
		/* TRANSLATORS: the last line of a note too long to show whole;
		   n is the key that opens the note in the editor. */
		styled_adds(&notice, _("[The note goes on; n opens all of it in the editor.]"),
		            STYLE_DIM);
		m.in_cell = false;
		emit_text(&m, &notice, false);
		styled_free(&notice);
	}
	table_free(&m);
	free(m.stack);
	free(m.spans);
	styled_free(&m.inl);
	buf_free(&m.code);
	free(src);
}
