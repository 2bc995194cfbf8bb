/* draw.c: the theme and width-aware drawing on stdscr. Every cell advance
 * comes from utf8_cp_width, so what we clip is what the terminal shows:
 * wide characters and emoji take two cells, combining marks none. */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "tui/private.h"

/* The theme: one row per element. Colours are used only when the terminal
 * has them and NO_COLOR is unset; attributes always apply. */
static const struct {
	short fg, bg;
	int attr; /* with colour */
	int mono; /* without colour */
} theme[TH_COUNT_] = {
        [TH_NORMAL] = {-1, -1, A_NORMAL, A_NORMAL},
        [TH_TITLE] = {COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE},
        [TH_STATUS] = {-1, -1, A_NORMAL, A_NORMAL},
        [TH_CURSOR] = {COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE},
        [TH_CURSOR_DIM] = {-1, -1, A_UNDERLINE, A_UNDERLINE},
        [TH_SEPARATOR] = {COLOR_BLUE, -1, A_NORMAL, A_NORMAL},
        [TH_TOPIC] = {-1, -1, A_NORMAL, A_NORMAL},
        [TH_COUNT] = {COLOR_CYAN, -1, A_NORMAL, A_NORMAL},
        [TH_MARK_UNREAD] = {COLOR_YELLOW, -1, A_BOLD, A_BOLD},
        [TH_MARK_READING] = {COLOR_MAGENTA, -1, A_BOLD, A_BOLD},
        [TH_MARK_READ] = {COLOR_GREEN, -1, A_NORMAL, A_NORMAL},
        [TH_YEAR] = {COLOR_CYAN, -1, A_NORMAL, A_NORMAL},
        [TH_AUTHORS] = {COLOR_GREEN, -1, A_NORMAL, A_NORMAL},
        [TH_LABEL] = {COLOR_YELLOW, -1, A_BOLD, A_BOLD},
        [TH_HEADING] = {-1, -1, A_BOLD, A_BOLD},
        [TH_ERROR] = {COLOR_RED, -1, A_BOLD, A_BOLD},
        [TH_PROMPT] = {-1, -1, A_BOLD, A_BOLD},
        [TH_CHART] = {COLOR_GREEN, -1, A_NORMAL, A_NORMAL},
        [TH_CODE] = {COLOR_YELLOW, -1, A_NORMAL, A_NORMAL},
};

static int attrs[TH_COUNT_];
static int italic = A_UNDERLINE; /* A_ITALIC when the terminal has it */

void theme_init(void)
{
	const char *no_color = getenv("NO_COLOR");
	bool color = !(no_color && *no_color) && has_colors();
	if (color) {
		start_color();
		use_default_colors();
		color = COLOR_PAIRS > TH_COUNT_;
	}
	for (int e = 0; e < TH_COUNT_; e++) {
		if (color && (theme[e].fg >= 0 || theme[e].bg >= 0)) {
			init_pair((short)(e + 1), theme[e].fg, theme[e].bg);
			attrs[e] = theme[e].attr | COLOR_PAIR(e + 1);
		} else {
			attrs[e] = color ? theme[e].attr : theme[e].mono;
		}
	}
#ifdef A_ITALIC
	italic = (term_attrs() & A_ITALIC) ? A_ITALIC : A_UNDERLINE;
#endif
}

int theme_attr(enum theme_elem e)
{
	return attrs[e];
}

/* Put one cell: base character plus the zero-width marks after it. */
static void put_cell(int y, int x, const wchar_t *wc, int attr)
{
	cchar_t cc;
	if (setcchar(&cc, wc, (attr_t)(attr & ~A_COLOR), (short)PAIR_NUMBER(attr), NULL) == OK)
		mvadd_wch(y, x, &cc);
}

size_t text_fit(const char *s, int width, int *used)
{
	return text_fit_n(s, strlen(s), width, used);
}

size_t text_fit_n(const char *s, size_t len, int width, int *used)
{
	size_t i = 0;
	int w = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		int cw = utf8_cp_width(cp);
		if (w + cw > width)
			break;
		w += cw;
		i += n;
	}
	if (used)
		*used = w;
	return i;
}

int draw_text(int y, int x, int width, const char *text, int attr)
{
	if (width <= 0)
		return 0;
	size_t len = strlen(text);
	int total = (int)utf8_width(text);
	/* Reserve one cell for the ellipsis when the text is too wide. */
	int limit = total > width ? width - 1 : width;
	int col = 0;
	size_t i = 0;
	wchar_t wc[CCHARW_MAX + 1];
	while (i < len) {
		uint32_t cp;
		i += utf8_decode(text + i, len - i, &cp);
		int cw = utf8_cp_width(cp);
		if (cw == 0)
			continue; /* combining marks are gathered with their base */
		if (col + cw > limit)
			break;
		int nw = 0;
		wc[nw++] = (wchar_t)cp;
		/* following zero-width code points join this cell */
		while (i < len) {
			uint32_t next;
			size_t n = utf8_decode(text + i, len - i, &next);
			if (utf8_cp_width(next) != 0 || next < 0x20)
				break;
			if (nw < CCHARW_MAX - 1)
				wc[nw++] = (wchar_t)next;
			i += n;
		}
		wc[nw] = 0;
		/* curses advances by wcwidth; where it disagrees with our width,
		 * draw something that takes exactly our width. */
		int cwc = wcwidth(wc[0]);
		if (cwc != cw) {
			wc[0] = cw == 2 ? L'\xFF1F' /* fullwidth ? */ : L'?';
			wc[1] = 0;
		}
		put_cell(y, x + col, wc, attr);
		col += cw;
	}
	if (total > width && col < width) {
		/* pad a skipped wide character, then the ellipsis */
		while (col < width - 1) {
			mvaddch(y, x + col, ' ' | (chtype)attr);
			col++;
		}
		put_cell(y, x + col, L"…", attr);
		col++;
	}
	return col;
}

void draw_text_pad(int y, int x, int width, const char *text, int attr)
{
	int used = draw_text(y, x, width, text, attr);
	for (int c = used; c < width; c++)
		mvaddch(y, x + c, ' ' | (chtype)attr);
}

void draw_text_right(int y, int x, int width, const char *text, int attr)
{
	int w = (int)utf8_width(text);
	if (w > width)
		w = width;
	draw_text(y, x + width - w, w, text, attr);
}

void draw_fill(const struct rect *r, int attr)
{
	for (int y = r->y; y < r->y + r->h; y++)
		for (int x = r->x; x < r->x + r->w; x++)
			mvaddch(y, x, ' ' | (chtype)attr);
}

void draw_hline(int y, int x, int width, int attr)
{
	for (int c = 0; c < width; c++)
		put_cell(y, x + c, L"─", attr);
}

void draw_vline(int y, int x, int height, int attr)
{
	for (int r = 0; r < height; r++)
		put_cell(y + r, x, L"│", attr);
}

void text_wrap(const char *text, int width, const char *indent, struct strvec *out)
{
	char *clean = text_sanitize(text);
	if (width < 1)
		width = 1;
	const char *p = clean;
	int iw = indent ? (int)utf8_width(indent) : 0;
	bool first = true;
	while (*p == ' ')
		p++;
	if (!*p)
		strvec_push(out, "");
	while (*p) {
		int avail = width - (first ? 0 : iw);
		if (avail < 1)
			avail = 1;
		int used;
		size_t fit = text_fit(p, avail, &used);
		size_t cut = fit;
		if (p[fit]) {
			/* break at the last space inside the fitting part */
			size_t sp = fit;
			while (sp > 0 && p[sp] != ' ')
				sp--;
			if (sp > 0)
				cut = sp;
			else if (fit == 0) {
				uint32_t cp; /* a character wider than the line */
				cut = utf8_decode(p, strlen(p), &cp);
			}
		}
		size_t end = cut;
		while (end > 0 && p[end - 1] == ' ')
			end--;
		struct buf line = BUF_INIT;
		if (!first && indent)
			buf_adds(&line, indent);
		buf_add(&line, p, end);
		strvec_push_owned(out, buf_detach(&line));
		p += cut;
		while (*p == ' ')
			p++;
		first = false;
	}
	free(clean);
}

void lines_add(struct lines *l, const char *label, const char *value, int width,
               enum theme_elem elem)
{
	struct strvec wrapped = STRVEC_INIT;
	size_t label_len = label ? strlen(label) : 0;
	int lw = label ? (int)utf8_width(label) : 0;
	char *indent = xmalloc((size_t)lw + 1);
	memset(indent, ' ', (size_t)lw);
	indent[lw] = 0;
	struct buf all = BUF_INIT;
	buf_adds(&all, label ? label : "");
	buf_adds(&all, value ? value : "");
	text_wrap(buf_str(&all), width, indent, &wrapped);
	for (size_t i = 0; i < wrapped.n; i++) {
		l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
		struct line *ln = &l->v[l->n++];
		ln->text = wrapped.v[i];
		wrapped.v[i] = NULL;
		ln->label_len = i == 0 ? label_len : 0;
		if (ln->label_len > strlen(ln->text))
			ln->label_len = strlen(ln->text);
		ln->elem = elem;
		ln->spans = NULL;
		ln->n_spans = 0;
	}
	strvec_free(&wrapped);
	buf_free(&all);
	free(indent);
}

void lines_free(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].text);
		free(l->v[i].spans);
	}
	FREE(&l->v);
	l->n = l->cap = 0;
}

/* Attributes of a styled run over the element elem. */
static int style_attr(unsigned style, enum theme_elem elem)
{
	int a = theme_attr(style & STYLE_CODE ? TH_CODE : elem);
	if (style & STYLE_BOLD)
		a |= A_BOLD;
	if (style & STYLE_ITALIC)
		a |= italic;
	if (style & STYLE_UNDERLINE)
		a |= A_UNDERLINE;
	if (style & (STYLE_DIM | STYLE_STRIKE))
		a |= A_DIM;
	return a;
}

/* Draw text[from, to) of a line at column *col of row y: plain runs with
 * elem, the spans with their styles. */
static void draw_styled(const struct line *ln, size_t from, int y, int x, int w, int *col)
{
	size_t len = strlen(ln->text), at = from, s = 0;
	while (at < len && *col < w) {
		while (s < ln->n_spans && ln->spans[s].off + ln->spans[s].len <= at)
			s++;
		bool in = s < ln->n_spans && ln->spans[s].off <= at;
		size_t end = in ? ln->spans[s].off + ln->spans[s].len
		             : s < ln->n_spans ? ln->spans[s].off : len;
		if (end > len)
			end = len;
		char *run = xstrndup(ln->text + at, end - at);
		*col += draw_text(y, x + *col, w - *col, run,
		                  in ? style_attr(ln->spans[s].style, ln->elem) : theme_attr(ln->elem));
		free(run);
		at = end;
	}
}

void lines_draw(const struct lines *l, size_t offset, const struct rect *r)
{
	draw_fill(r, theme_attr(TH_NORMAL));
	for (int row = 0; row < r->h && offset + (size_t)row < l->n; row++) {
		const struct line *ln = &l->v[offset + (size_t)row];
		int used = 0;
		if (ln->label_len) {
			char *label = xstrndup(ln->text, ln->label_len);
			used = draw_text(r->y + row, r->x, r->w, label, theme_attr(TH_LABEL));
			free(label);
		}
		if (ln->n_spans)
			draw_styled(ln, ln->label_len, r->y + row, r->x, r->w, &used);
		else
			draw_text(r->y + row, r->x + used, r->w - used, ln->text + ln->label_len,
			          theme_attr(ln->elem));
	}
}
