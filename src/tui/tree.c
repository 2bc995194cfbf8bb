/* tree.c: the topic tree. Line 0 is "All papers"; line i > 0 is topic
 * i - 1 of library_topics (document order, depth gives the indentation).
 * Moving the cursor shows that topic's papers in the list at once. */
#include "config.h"

#include <curses.h>
#include <string.h>
#include <stdlib.h>

#include "tui/private.h"
#include "util/i18n.h"

struct tree {
	struct topic_row *topics;
	size_t n_topics;
};

static struct tree *tree_of(const struct view *v)
{
	return v->priv;
}

const char *tree_selected_topic(const struct tui *t)
{
	const struct view *v = &t->views[PANE_TREE];
	const struct tree *tr = tree_of(v);
	if (!tr || v->cursor == 0 || v->cursor > tr->n_topics)
		return NULL;
	return tr->topics[v->cursor - 1].path;
}

static void tree_load(struct tui *t, struct view *v)
{
	if (!v->priv)
		v->priv = xcalloc(1, sizeof(struct tree));
	struct tree *tr = tree_of(v);
	library_topics_free(&tr->topics, tr->n_topics);
	tr->n_topics = 0;
	char *err = NULL;
	if (library_topics(t->lib, &tr->topics, &tr->n_topics, &err) < 0) {
		tui_message(t, true, "%s", err);
		free(err);
		tr->topics = NULL;
		tr->n_topics = 0;
	}
	v->n = tr->n_topics + 1;
	view_clamp(v);
}

void tree_select_path(struct tui *t, const char *path)
{
	struct view *v = &t->views[PANE_TREE];
	const struct tree *tr = tree_of(v);
	v->cursor = 0;
	for (size_t i = 0; path && tr && i < tr->n_topics; i++)
		if (strcmp(tr->topics[i].path, path) == 0)
			v->cursor = i + 1;
	view_clamp(v);
}

/* The list and the detail pane follow the selected topic. */
static unsigned topic_changed(struct tui *t)
{
	struct view *list = &t->views[PANE_LIST];
	list->cursor = list->offset = 0;
	list_search_clear(t);
	list->ops->load(t, list);
	detail_select(t);
	return REDRAW_TREE | REDRAW_LIST | REDRAW_DETAIL | REDRAW_BARS;
}

static unsigned tree_handle(struct tui *t, struct view *v, enum cmd cmd)
{
	const struct tree *tr = tree_of(v);
	switch (cmd) {
	case CMD_ENTER:
		t->focus = PANE_LIST;
		return REDRAW_TREE | REDRAW_LIST | REDRAW_DETAIL;
	case CMD_BACK: {
		/* the nearest line above with a smaller depth, else "All" */
		if (v->cursor == 0)
			return REDRAW_NONE;
		int depth = tr->topics[v->cursor - 1].depth;
		size_t i = v->cursor - 1;
		while (i > 0 && tr->topics[i - 1].depth >= depth)
			i--;
		v->cursor = i; /* line i is topic i - 1, or "All" when i == 0 */
		view_clamp(v);
		return topic_changed(t);
	}
	default:
		if (view_move(v, cmd)) {
			return topic_changed(t);
		}
		return REDRAW_NONE;
	}
}

static void tree_draw(const struct tui *t, const struct view *v)
{
	const struct tree *tr = tree_of(v);
	draw_fill(&v->r, theme_attr(TH_NORMAL));
	for (int row = 0; row < v->r.h; row++) {
		size_t i = v->offset + (size_t)row;
		if (i >= v->n)
			break;
		bool sel = i == v->cursor;
		int attr = sel ? theme_attr(t->focus == PANE_TREE ? TH_CURSOR : TH_CURSOR_DIM)
		               : theme_attr(TH_TOPIC);
		int y = v->r.y + row;
		char *count = NULL;
		struct buf name = BUF_INIT;
		if (i == 0) {
			buf_adds(&name, _("All papers"));
		} else {
			const struct topic_row *tp = &tr->topics[i - 1];
			for (int d = 0; d < tp->depth && d < 8; d++)
				buf_adds(&name, "  ");
			char *clean = text_sanitize(tp->name ? tp->name : tp->path);
			buf_adds(&name, clean);
			free(clean);
			count = xasprintf("%d", tp->count);
		}
		int cw = count ? (int)utf8_width(count) : 0;
		int nw = v->r.w - 1 - (cw ? cw + 1 : 0);
		mvaddch(y, v->r.x, ' ' | (chtype)attr);
		draw_text_pad(y, v->r.x + 1, nw, buf_str(&name), attr);
		if (count) {
			mvaddch(y, v->r.x + 1 + nw, ' ' | (chtype)attr);
			draw_text(y, v->r.x + 2 + nw, cw, count, sel ? attr : theme_attr(TH_COUNT));
		}
		free(count);
		buf_free(&name);
	}
}

static void tree_free(struct view *v)
{
	struct tree *tr = tree_of(v);
	if (!tr)
		return;
	library_topics_free(&tr->topics, tr->n_topics);
	FREE(&v->priv);
}

const struct view_ops tree_ops = {
        .name = "tree",
        .load = tree_load,
        .layout = NULL,
        .handle = tree_handle,
        .draw = tree_draw,
        .free = tree_free,
        .redraw_bit = REDRAW_TREE,
        .ctx = CTX_TREE,
};
