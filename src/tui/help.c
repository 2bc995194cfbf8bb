/* help.c: the help screen, generated from the command table (keymap.c)
 * like the man page's KEYS section. */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui/private.h"
#include "util/i18n.h"

/* Cells of the key column. */
#define KEY_COL 22

static struct lines *help_lines(const struct view *v)
{
	return v->priv;
}

static void help_layout(struct tui *t, struct view *v)
{
	(void)t;
	if (!v->priv)
		v->priv = xcalloc(1, sizeof(struct lines));
	struct lines *l = help_lines(v);
	lines_free(l);
	int w = v->r.w - 2;
	static const unsigned order[] = {CTX_GLOBAL, CTX_MOVE, CTX_TREE,   CTX_LIST,
	                                 CTX_PROMPT, CTX_HELP, CTX_SUMMARY, CTX_READER,
	                                 CTX_REVIEW, CTX_STATS, CTX_DOWNLOADS};
	for (size_t o = 0; o < ARRAY_SIZE(order); o++) {
		if (l->n)
			lines_add(l, NULL, "", w, TH_NORMAL);
		lines_add(l, NULL, _(keymap_ctx_title(order[o])), w, TH_HEADING);
		for (size_t i = 0; i < tui_n_commands; i++) {
			const struct command *c = &tui_commands[i];
			if (c->ctx != order[o])
				continue;
			/* the key column is a label padded to KEY_COL cells */
			char *keys = keymap_keys_display(c);
			struct buf label = BUF_INIT;
			buf_printf(&label, "  %s", keys);
			int lw = (int)utf8_width(buf_str(&label));
			do
				buf_addc(&label, ' ');
			while (++lw < KEY_COL);
			lines_add(l, buf_str(&label), _(c->help), w, TH_NORMAL);
			buf_free(&label);
			free(keys);
		}
	}
	v->n = l->n;
	size_t h = v->r.h > 0 ? (size_t)v->r.h : 1;
	if (v->offset + h > v->n)
		v->offset = v->n > h ? v->n - h : 0;
}

static void help_load(struct tui *t, struct view *v)
{
	help_layout(t, v);
}

static unsigned help_handle(struct tui *t, struct view *v, enum cmd cmd)
{
	(void)t;
	return view_scroll(v, cmd) ? REDRAW_HELP : REDRAW_NONE;
}

static void help_draw(const struct tui *t, const struct view *v)
{
	(void)t;
	struct rect r = {v->r.y, v->r.x + 1, v->r.h, v->r.w - 1};
	draw_fill(&v->r, theme_attr(TH_NORMAL));
	lines_draw(help_lines(v), v->offset, &r);
}

static void help_free(struct view *v)
{
	if (v->priv)
		lines_free(help_lines(v));
	FREE(&v->priv);
}

const struct view_ops help_ops = {
        .name = "help",
        .load = help_load,
        .layout = help_layout,
        .handle = help_handle,
        .draw = help_draw,
        .free = help_free,
        .redraw_bit = REDRAW_HELP,
        .ctx = CTX_HELP,
};
