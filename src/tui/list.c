/* list.c: the paper list of the selected topic, or the results of a
 * search across the whole library (updated on every key of the prompt).
 * One line per paper: status mark, year, title, authors. */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui/private.h"
#include "util/i18n.h"

struct list {
	struct paper_row *rows;
	size_t n_rows;
	char *query;       /* search in effect (live while the prompt is open) */
	char *saved_query; /* what to go back to when the search is cancelled */
	size_t saved_cursor, saved_offset;
};

static struct list *list_of(const struct view *v)
{
	return v->priv;
}

static struct list *the_list(const struct tui *t)
{
	return list_of(&t->views[PANE_LIST]);
}

const struct paper_row *list_selected(const struct tui *t)
{
	const struct view *v = &t->views[PANE_LIST];
	const struct list *l = list_of(v);
	if (!l || v->cursor >= l->n_rows)
		return NULL;
	return &l->rows[v->cursor];
}

const char *list_search_query(const struct tui *t)
{
	const struct list *l = the_list(t);
	return l && !t->prompt.active ? l->query : NULL;
}

/* Query the library for the rows to show. On error the old rows stay and
 * the message says why. */
static void list_load(struct tui *t, struct view *v)
{
	if (!v->priv)
		v->priv = xcalloc(1, sizeof(struct list));
	struct list *l = list_of(v);
	struct paper_filter f = {
	        .topic = l->query ? NULL : tree_selected_topic(t),
	        .status = t->status_filter,
	        .query = l->query,
	        .tag = t->tag_filter,
	};
	struct paper_row *rows = NULL;
	size_t n = 0;
	char *err = NULL;
	if (library_rows(t->lib, &f, &rows, &n, &err) < 0) {
		tui_message(t, true, "%s", err ? err : _("search failed"));
		free(err);
		return;
	}
	library_rows_free(&l->rows, l->n_rows);
	l->rows = rows;
	l->n_rows = n;
	v->n = n;
	view_clamp(v);
}

const struct paper_row *list_rows(const struct tui *t, size_t *n)
{
	const struct list *l = the_list(t);
	*n = l ? l->n_rows : 0;
	return l ? l->rows : NULL;
}

void list_select_key(struct tui *t, const char *key)
{
	struct view *v = &t->views[PANE_LIST];
	const struct list *l = list_of(v);
	for (size_t i = 0; key && l && i < l->n_rows; i++)
		if (strcmp(l->rows[i].key, key) == 0)
			v->cursor = i;
	view_clamp(v);
}

void list_search_begin(struct tui *t)
{
	struct view *v = &t->views[PANE_LIST];
	struct list *l = list_of(v);
	t->prompt.active = true;
	buf_reset(&t->prompt.text);
	FREE(&l->saved_query);
	l->saved_query = l->query ? xstrdup(l->query) : NULL;
	l->saved_cursor = v->cursor;
	l->saved_offset = v->offset;
	t->focus = PANE_LIST;
}

unsigned list_search_update(struct tui *t)
{
	struct view *v = &t->views[PANE_LIST];
	struct list *l = list_of(v);
	FREE(&l->query);
	char *q = str_squeeze(buf_str(&t->prompt.text));
	if (*q) {
		l->query = q;
	} else {
		free(q);
		l->query = l->saved_query ? xstrdup(l->saved_query) : NULL;
	}
	v->cursor = v->offset = 0;
	list_load(t, v);
	detail_select(t);
	return REDRAW_LIST | REDRAW_DETAIL | REDRAW_BARS;
}

unsigned list_search_end(struct tui *t, bool keep)
{
	struct view *v = &t->views[PANE_LIST];
	struct list *l = list_of(v);
	if (!t->prompt.active)
		return REDRAW_NONE;
	t->prompt.active = false;
	char *q = str_squeeze(buf_str(&t->prompt.text));
	bool empty = !*q;
	free(q);
	if (!keep || empty) {
		FREE(&l->query);
		l->query = l->saved_query;
		l->saved_query = NULL;
		list_load(t, v);
		v->cursor = l->saved_cursor;
		v->offset = l->saved_offset;
		view_clamp(v);
		detail_select(t);
	} else if (l->n_rows == 0) {
		tui_message(t, false, _("No paper matches \"%s\""), l->query);
	}
	FREE(&l->saved_query);
	return REDRAW_ALL;
}

unsigned list_search_refresh(struct tui *t)
{
	struct view *v = &t->views[PANE_LIST];
	struct list *l = list_of(v);
	if (!l || !l->query)
		return REDRAW_NONE;
	const struct paper_row *row = list_selected(t);
	char *key = row ? xstrdup(row->key) : NULL;
	list_load(t, v);
	list_select_key(t, key);
	free(key);
	detail_select(t);
	return REDRAW_LIST | REDRAW_DETAIL | REDRAW_BARS;
}

void list_search_clear(struct tui *t)
{
	struct list *l = the_list(t);
	if (l)
		FREE(&l->query);
}

unsigned list_mark(struct tui *t, enum cmd cmd)
{
	const struct paper_row *row = list_selected(t);
	if (!row) {
		tui_message(t, true, _("No paper selected"));
		return REDRAW_BARS;
	}
	enum paper_status status;
	switch (cmd) {
	case CMD_MARK_READ:
		status = STATUS_READ;
		break;
	case CMD_MARK_READING:
		status = STATUS_READING;
		break;
	case CMD_MARK_UNREAD:
		status = STATUS_UNREAD;
		break;
	default: /* toggle */
		status = row->status == STATUS_READ ? STATUS_UNREAD : STATUS_READ;
		break;
	}
	char *key = xstrdup(row->key);
	char *title = text_sanitize(row->title ? row->title : row->key);
	char *err = NULL;
	if (library_mark(t->lib, key, status, &err) < 0) {
		tui_message(t, true, "%s", err);
		free(err);
	} else {
		/* the row may leave a filtered list: the cursor stays on the
		 * same line, which is then the next paper */
		list_load(t, &t->views[PANE_LIST]);
		detail_select(t); /* the tree shows totals, which do not change */
		tui_message(t, false, _("Marked %s: %s"), paper_status_name(status), title);
	}
	free(key);
	free(title);
	return REDRAW_LIST | REDRAW_DETAIL | REDRAW_BARS;
}

static unsigned list_handle(struct tui *t, struct view *v, enum cmd cmd)
{
	switch (cmd) {
	case CMD_ENTER:
		if (!list_selected(t))
			return REDRAW_NONE;
		t->focus = PANE_DETAIL;
		return REDRAW_LIST | REDRAW_DETAIL;
	case CMD_BACK:
		t->focus = PANE_TREE;
		return REDRAW_TREE | REDRAW_LIST;
	case CMD_CLEAR_SEARCH:
		if (!list_of(v)->query)
			return REDRAW_NONE;
		list_search_clear(t);
		v->cursor = v->offset = 0;
		list_load(t, v);
		detail_select(t);
		return REDRAW_LIST | REDRAW_DETAIL | REDRAW_BARS;
	case CMD_MARK_READ:
	case CMD_MARK_READING:
	case CMD_MARK_UNREAD:
	case CMD_TOGGLE_READ:
		return list_mark(t, cmd);
	default:
		if (view_move(v, cmd)) {
			detail_select(t);
			return REDRAW_LIST | REDRAW_DETAIL | REDRAW_BARS;
		}
		return REDRAW_NONE;
	}
}

static const char *status_mark(enum paper_status s)
{
	switch (s) {
	case STATUS_READ:
		return "[x]";
	case STATUS_READING:
		return "[~]";
	default:
		return "[ ]";
	}
}

static enum theme_elem status_elem(enum paper_status s)
{
	return s == STATUS_READ      ? TH_MARK_READ
	       : s == STATUS_READING ? TH_MARK_READING
	                             : TH_MARK_UNREAD;
}

/* "First Author et al." for three or more authors, else as written. */
static char *authors_short(const char *authors)
{
	char *clean = text_sanitize(authors ? authors : "");
	size_t first = strcspn(clean, ",");
	if (clean[first] && strchr(clean + first + 1, ',')) {
		char *s = xasprintf("%.*s et al.", (int)first, clean);
		free(clean);
		return s;
	}
	return clean;
}

static void list_draw(const struct tui *t, const struct view *v)
{
	const struct list *l = list_of(v);
	draw_fill(&v->r, theme_attr(TH_NORMAL));
	if (l->n_rows == 0) {
		bool empty_library =
		        t->views[PANE_TREE].n <= 1 && !l->query && t->status_filter < 0 &&
		        !t->tag_filter;
		const char *msg = l->query        ? _("No paper matches the search.")
		                  : empty_library ? _("The library is empty: quit and import a "
		                                      "reading list with `quire import FILE`.")
		                  : t->tag_filter ? _("No paper with this tag here.")
		                  : t->status_filter >= 0 ? _("No paper with this status here.")
		                                          : _("No papers in this topic.");
		struct lines text = {0};
		lines_add(&text, NULL, msg, v->r.w - 1, TH_NORMAL);
		struct rect r = {v->r.y, v->r.x + 1, v->r.h, v->r.w - 1};
		lines_draw(&text, 0, &r);
		lines_free(&text);
		return;
	}
	int aw = v->r.w / 4;
	if (aw < 8)
		aw = 8;
	if (aw > 28)
		aw = 28;
	for (int row = 0; row < v->r.h; row++) {
		size_t i = v->offset + (size_t)row;
		if (i >= l->n_rows)
			break;
		const struct paper_row *p = &l->rows[i];
		bool sel = i == v->cursor;
		int cur = theme_attr(t->focus == PANE_LIST ? TH_CURSOR : TH_CURSOR_DIM);
		int y = v->r.y + row, x = v->r.x + 1, w = v->r.w - 1;
		mvaddch(y, v->r.x, ' ' | (chtype)(sel ? cur : 0));
		/* mark (3) + PDF mark, year (4) + space, title, space, authors */
		draw_text_pad(y, x, 3, status_mark(p->status),
		              sel ? cur : theme_attr(status_elem(p->status)));
		/* the PDF is in the cache */
		char *pdf = library_pdf_cached(t->lib, p->key);
		draw_text_pad(y, x + 3, 1, pdf ? "•" : "", sel ? cur : theme_attr(TH_COUNT));
		free(pdf);
		char *year = p->year > 0 ? xasprintf("%d", p->year) : xstrdup("");
		draw_text_pad(y, x + 4, 5, year, sel ? cur : theme_attr(TH_YEAR));
		free(year);
		int tw = w - 9 - aw - 1;
		/* a search hit in the PDF's text: its page after the title */
		/* TRANSLATORS: the page of a search hit in a paper's PDF, after its
		   title in the list */
		char *page = p->page > 0 ? xasprintf(_("p. %d"), p->page) : NULL;
		int pw = page ? (int)utf8_width(page) + 1 : 0; /* a space before it */
		if (pw > tw / 2)
			pw = 0;
		char *title = text_sanitize(p->title ? p->title : p->key);
		draw_text_pad(y, x + 9, tw - pw, title, sel ? cur : theme_attr(TH_NORMAL));
		if (pw) {
			mvaddch(y, x + 9 + tw - pw, ' ' | (chtype)(sel ? cur : 0));
			draw_text_pad(y, x + 9 + tw - pw + 1, pw - 1, page,
			              sel ? cur : theme_attr(TH_COUNT));
		}
		mvaddch(y, x + 9 + tw, ' ' | (chtype)(sel ? cur : 0));
		free(page);
		free(title);
		char *authors = authors_short(p->authors);
		draw_text_pad(y, x + 9 + tw + 1, aw, authors, sel ? cur : theme_attr(TH_AUTHORS));
		free(authors);
	}
}

static void list_free(struct view *v)
{
	struct list *l = list_of(v);
	if (!l)
		return;
	library_rows_free(&l->rows, l->n_rows);
	FREE(&l->query);
	FREE(&l->saved_query);
	FREE(&v->priv);
}

const struct view_ops list_ops = {
        .name = "list",
        .load = list_load,
        .layout = NULL,
        .handle = list_handle,
        .draw = list_draw,
        .free = list_free,
        .redraw_bit = REDRAW_LIST,
        .ctx = CTX_LIST,
};
