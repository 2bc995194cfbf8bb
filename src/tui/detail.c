/* detail.c: the selected paper in full: title, authors, year, arXiv id,
 * kind and status, topics, link, the imported comment and the user's
 * note, rendered from its Markdown (mdrender.c). Scrolls when focused, and
 * from the list (C-d, C-u). */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui/private.h"
#include "util/i18n.h"

struct detail {
	struct paper paper;
	bool have_paper;
	int page;           /* the search's best hit in the PDF's text, 0 none */
	char *note;         /* note body, or NULL */
	struct lines lines; /* wrapped for the current width */
};

static struct detail *detail_of(const struct view *v)
{
	return v->priv;
}

/* Add a Markdown text paragraph by paragraph (its line breaks kept). */
static void add_text(struct lines *l, const char *text, int width)
{
	const char *p = text;
	while (*p) {
		size_t n = strcspn(p, "\n");
		char *line = xstrndup(p, n);
		/* a tab or leading spaces are indentation: keep it visible */
		lines_add(l, NULL, line, width, TH_NORMAL);
		free(line);
		p += n;
		if (*p == '\n')
			p++;
	}
	/* drop trailing blank lines */
	while (l->n && !l->v[l->n - 1].text[0]) {
		free(l->v[l->n - 1].text);
		l->n--;
	}
}

/* What arXiv said (quire resolve): the list's own title, categories, the
 * version flag, the journal, then the abstract. */
static void add_arxiv(struct lines *l, const struct paper *p, int w)
{
	if (p->alias && *p->alias)
		lines_add(l, _("Alias: "), p->alias, w, TH_NORMAL);
	if (p->categories && *p->categories)
		lines_add(l, _("Categories: "), p->categories, w, TH_NORMAL);
	if (p->latest_version > 0) {
		char *v = p->arxiv_version > 0 && p->arxiv_version < p->latest_version
		                  ? xasprintf(_("v%d in the list, arXiv has v%d"), p->arxiv_version,
		                              p->latest_version)
		                  : xasprintf(_("v%d (the latest)"), p->latest_version);
		lines_add(l, _("Version: "), v, w,
		          p->arxiv_version > 0 && p->arxiv_version < p->latest_version ? TH_ERROR
		                                                                       : TH_NORMAL);
		free(v);
	}
	if (p->journal_ref && *p->journal_ref)
		lines_add(l, _("Journal: "), p->journal_ref, w, TH_NORMAL);
	if (p->abstract && *p->abstract) {
		lines_add(l, NULL, "", w, TH_NORMAL);
		lines_add(l, _("Abstract: "), p->abstract, w, TH_NORMAL);
	}
}

static void detail_layout(struct tui *t, struct view *v)
{
	struct detail *d = detail_of(v);
	if (!d)
		return;
	lines_free(&d->lines);
	v->n = 0;
	if (!d->have_paper)
		return;
	const struct paper *p = &d->paper;
	int w = v->r.w - 1; /* one column of margin on the left */
	struct lines *l = &d->lines;
	lines_add(l, NULL, p->title ? p->title : p->key, w, TH_HEADING);
	if (p->authors && *p->authors)
		lines_add(l, _("Authors: "), p->authors, w, TH_AUTHORS);
	struct buf meta = BUF_INIT;
	if (p->year > 0)
		buf_printf(&meta, "%d", p->year);
	if (p->arxiv)
		buf_printf(&meta, "%sarXiv:%s", meta.len ? " · " : "", p->arxiv);
	buf_printf(&meta, "%s%s · %s", meta.len ? " · " : "", paper_kind_name(p->kind),
	           paper_status_name(p->status));
	/* no "Year:" label over a line that holds no year */
	lines_add(l, p->year > 0 ? _("Year: ") : NULL, buf_str(&meta), w, TH_YEAR);
	buf_free(&meta);
	if (p->read_date && *p->read_date && p->status == STATUS_READ)
		lines_add(l, _("Read on: "), p->read_date, w, TH_NORMAL);
	if (p->n_topics) {
		struct buf topics = BUF_INIT;
		for (size_t i = 0; i < p->n_topics; i++)
			buf_printf(&topics, "%s%s", i ? "; " : "", p->topics[i]);
		lines_add(l, _("Topics: "), buf_str(&topics), w, TH_NORMAL);
		buf_free(&topics);
	}
	if (p->n_tags) {
		struct buf tags = BUF_INIT;
		for (size_t i = 0; i < p->n_tags; i++)
			buf_printf(&tags, "%s%s", i ? ", " : "", p->tags[i]);
		lines_add(l, _("Tags: "), buf_str(&tags), w, TH_NORMAL);
		buf_free(&tags);
	}
	if (p->url && *p->url)
		lines_add(l, _("Link: "), p->url, w, TH_NORMAL);
	if (d->page > 0) {
		char *where = xasprintf(_("page %d of the PDF"), d->page);
		/* TRANSLATORS: where the search found its words in the paper's PDF */
		lines_add(l, _("Found on: "), where, w, TH_NORMAL);
		free(where);
	}
	add_arxiv(l, p, w);
	if (p->comment && *p->comment) {
		lines_add(l, NULL, "", w, TH_NORMAL);
		add_text(l, p->comment, w);
	}
	if (d->note && *d->note) {
		lines_add(l, NULL, "", w, TH_NORMAL);
		lines_add(l, _("Note:"), "", w, TH_NORMAL);
		mdrender_lines(d->note, w, l);
	}
	v->n = l->n;
	size_t h = v->r.h > 0 ? (size_t)v->r.h : 1;
	if (v->offset + h > v->n)
		v->offset = v->n > h ? v->n - h : 0;
}

void detail_select(struct tui *t)
{
	struct view *v = &t->views[PANE_DETAIL];
	if (!v->priv)
		v->priv = xcalloc(1, sizeof(struct detail));
	struct detail *d = detail_of(v);
	if (d->have_paper)
		paper_free(&d->paper);
	d->have_paper = false;
	d->page = 0;
	FREE(&d->note);
	v->offset = 0;
	const struct paper_row *row = list_selected(t);
	if (row) {
		char *err = NULL;
		memset(&d->paper, 0, sizeof d->paper);
		int r = library_paper_get(t->lib, row->key, &d->paper, &err);
		if (r == 0) {
			d->have_paper = true;
			d->page = row->page;
			d->note = library_note_body(t->lib, row->key);
		} else {
			if (r < 0)
				tui_message(t, true, "%s", err);
			paper_free(&d->paper);
			free(err);
		}
	}
	detail_layout(t, v);
}

unsigned detail_scroll(struct tui *t, enum cmd cmd)
{
	struct view *v = &t->views[PANE_DETAIL];
	size_t h = v->r.h > 1 ? (size_t)v->r.h : 1;
	size_t max = v->n > h ? v->n - h : 0, old = v->offset, half = h > 1 ? h / 2 : 1;
	if (cmd == CMD_DETAIL_DOWN)
		v->offset = v->offset + half < max ? v->offset + half : max;
	else if (cmd == CMD_DETAIL_UP)
		v->offset = v->offset > half ? v->offset - half : 0;
	else if (cmd == CMD_LAST)
		v->offset = max;
	return v->offset != old ? REDRAW_DETAIL : REDRAW_NONE;
}

static void detail_load(struct tui *t, struct view *v)
{
	(void)v;
	detail_select(t);
}

static unsigned detail_handle(struct tui *t, struct view *v, enum cmd cmd)
{
	switch (cmd) {
	case CMD_BACK:
		t->focus = PANE_LIST;
		return REDRAW_LIST | REDRAW_DETAIL;
	case CMD_ENTER:
		return reader_open(t); /* Enter again reads the paper */
	case CMD_MARK_READ:
	case CMD_MARK_READING:
	case CMD_MARK_UNREAD:
	case CMD_TOGGLE_READ:
		return list_mark(t, cmd);
	default:
		return view_scroll(v, cmd) ? REDRAW_DETAIL : REDRAW_NONE;
	}
}

static void detail_draw(const struct tui *t, const struct view *v)
{
	const struct detail *d = detail_of(v);
	draw_fill(&v->r, theme_attr(TH_NORMAL));
	if (!d || !d->have_paper) {
		draw_text(v->r.y, v->r.x + 1, v->r.w - 1, _("No paper selected."),
		          theme_attr(TH_NORMAL));
		return;
	}
	struct rect r = {v->r.y, v->r.x + 1, v->r.h, v->r.w - 1};
	lines_draw(&d->lines, v->offset, &r);
	if (t->focus == PANE_DETAIL)
		mvaddch(v->r.y, v->r.x, '>' | (chtype)theme_attr(TH_LABEL));
}

static void detail_free(struct view *v)
{
	struct detail *d = detail_of(v);
	if (!d)
		return;
	if (d->have_paper)
		paper_free(&d->paper);
	FREE(&d->note);
	lines_free(&d->lines);
	FREE(&v->priv);
}

const struct view_ops detail_ops = {
        .name = "detail",
        .load = detail_load,
        .layout = detail_layout,
        .handle = detail_handle,
        .draw = detail_draw,
        .free = detail_free,
        .redraw_bit = REDRAW_DETAIL,
        .ctx = CTX_LIST,
};
