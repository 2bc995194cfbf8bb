/* reader_links.c: the reader's list of the document's links (L). Enter on
 * an internal link goes to its page (the reader keeps where it was, for
 * Backspace); on an external one the URL is shown whole; c copies it to
 * the terminal's clipboard with OSC 52 when the config allows it. */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui/reader_ext.h"
#include "util/i18n.h"
#include "util/settings.h"

/* Rows under the list that show the selected link's target whole. */
#define TARGET_ROWS 3

void rlinks_set(struct rlinks *l, struct pdf_links *links)
{
	pdf_links_free(&l->links);
	l->links = *links;
	memset(links, 0, sizeof *links);
	l->open = false;
	l->cursor = l->offset = 0;
}

void rlinks_free(struct rlinks *l)
{
	pdf_links_free(&l->links);
	memset(l, 0, sizeof *l);
}

/* Rows of the list itself: the title row and the target rows aside. */
static size_t link_rows(size_t rows)
{
	return rows > TARGET_ROWS + 2 ? rows - TARGET_ROWS - 2 : 1;
}

static void keep_visible(struct rlinks *l, size_t rows)
{
	size_t h = link_rows(rows);
	if (l->cursor < l->offset)
		l->offset = l->cursor;
	if (l->cursor >= l->offset + h)
		l->offset = l->cursor - h + 1;
}

unsigned rlinks_show(struct tui *t, struct rlinks *l, size_t page, size_t rows)
{
	if (!l->links.n) {
		tui_message(t, false, "%s", _("This document has no links"));
		return REDRAW_READER;
	}
	l->open = true;
	l->cursor = l->offset = 0;
	while (l->cursor + 1 < l->links.n && (size_t)l->links.v[l->cursor].page < page)
		l->cursor++;
	keep_visible(l, rows);
	return REDRAW_READER;
}

/* ---- copying with OSC 52 ---- */

static void base64(struct buf *out, const unsigned char *s, size_t n)
{
	static const char tab[] =
	        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)s[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)s[i + 1] << 8;
		if (i + 2 < n)
			v |= s[i + 2];
		buf_addc(out, tab[v >> 18 & 63]);
		buf_addc(out, tab[v >> 12 & 63]);
		buf_addc(out, i + 1 < n ? tab[v >> 6 & 63] : '=');
		buf_addc(out, i + 2 < n ? tab[v & 63] : '=');
	}
}

/* [reader] osc52 in the config: 1 yes, 0 no (the default), -1 with *errp
 * set for a value that is neither. */
static int osc52_enabled(char **errp)
{
	char *path = config_path();
	struct config *c = NULL;
	int r = config_load(path, &c, errp);
	if (r == 0) {
		const char *v = config_get(c, "reader", "osc52");
		if (!v || !strcmp(v, "no") || !strcmp(v, "off") || !strcmp(v, "false") ||
		    !strcmp(v, "0"))
			r = 0;
		else if (!strcmp(v, "yes") || !strcmp(v, "on") || !strcmp(v, "true") ||
		         !strcmp(v, "1"))
			r = 1;
		else
			r = error_set(errp, _("%s: [reader] osc52 = %s: expected yes or no"), path,
			              v);
	}
	config_free(&c);
	free(path);
	return r;
}

/* Send uri to the terminal's clipboard: OSC 52 written to the terminal
 * itself, past the output sanitiser (the URI has no control characters:
 * pdf_links_load removed them, and base64 carries it). Inside tmux the same
 * sequence goes to tmux, which takes it into its paste buffer and on to
 * the outer terminal when its set-clipboard option is on. The headless
 * harness has no terminal: nothing is sent. */
static unsigned copy_uri(struct tui *t, const char *uri)
{
	char *err = NULL;
	int on = osc52_enabled(&err);
	if (on < 0) {
		tui_message(t, true, "%s", err);
		free(err);
		return REDRAW_READER;
	}
	if (!on) {
		char *path = config_path();
		tui_message(t, false, _("Copying is off: [reader] osc52 = yes in %s turns it on"),
		            path);
		free(path);
		return REDRAW_READER;
	}
	char *clean = text_sanitize(uri);
	struct buf seq = BUF_INIT;
	buf_adds(&seq, "\033]52;c;");
	base64(&seq, (const unsigned char *)clean, strlen(clean));
	buf_adds(&seq, "\a");
	if (!t->headless && write_full(STDOUT_FILENO, seq.data, seq.len) < 0)
		tui_message(t, true, _("Cannot write to the terminal to copy %s"), clean);
	else
		tui_message(t, false, _("Copied to the clipboard (OSC 52): %s"), clean);
	buf_free(&seq);
	free(clean);
	return REDRAW_READER;
}

/* ---- keys ---- */

unsigned rlinks_key(struct tui *t, struct rlinks *l, enum cmd cmd, size_t rows, int *jump)
{
	*jump = -1;
	size_t n = l->links.n, h = link_rows(rows);
	const struct pdf_link *k = n ? &l->links.v[l->cursor] : NULL;
	switch (cmd) {
	case CMD_READER_CLOSE:
	case CMD_LINKS:
		l->open = false;
		return REDRAW_READER;
	case CMD_ENTER:
		if (!k)
			return REDRAW_NONE;
		if (k->kind == PDF_LINK_EXTERNAL) {
			tui_message(t, false, "%s", k->uri);
			return REDRAW_READER;
		}
		if (k->target < 0) {
			tui_message(t, true, "%s", _("This link points nowhere in the document"));
			return REDRAW_READER;
		}
		*jump = k->target;
		l->open = false;
		return REDRAW_READER;
	case CMD_COPY_URL:
		if (!k)
			return REDRAW_NONE;
		if (k->kind != PDF_LINK_EXTERNAL) {
			tui_message(t, false, _("An internal link, to page %d: no URL to copy"),
			            k->target + 1);
			return REDRAW_READER;
		}
		return copy_uri(t, k->uri);
	case CMD_MOVE_DOWN:
		l->cursor = l->cursor + 1 < n ? l->cursor + 1 : l->cursor;
		break;
	case CMD_MOVE_UP:
		l->cursor = l->cursor ? l->cursor - 1 : 0;
		break;
	case CMD_PAGE_DOWN:
	case CMD_HALF_DOWN:
		l->cursor = l->cursor + h < n ? l->cursor + h : n ? n - 1 : 0;
		break;
	case CMD_PAGE_UP:
	case CMD_HALF_UP:
		l->cursor = l->cursor > h ? l->cursor - h : 0;
		break;
	case CMD_FIRST:
		l->cursor = 0;
		break;
	case CMD_LAST:
		l->cursor = n ? n - 1 : 0;
		break;
	default:
		return REDRAW_NONE;
	}
	keep_visible(l, rows);
	return REDRAW_READER;
}

/* ---- drawing ---- */

/* Where a link goes, as the list shows it. Caller frees. */
static char *target_text(const struct pdf_link *k)
{
	if (k->kind == PDF_LINK_EXTERNAL)
		return xstrdup(k->uri);
	if (k->target < 0)
		return xstrdup(_("→ nowhere in the document"));
	return xasprintf(_("→ p. %d"), k->target + 1);
}

void rlinks_draw(const struct rlinks *l, const struct rect *body)
{
	const struct pdf_links *ls = &l->links;
	char *title = ls->dropped
	                      ? xasprintf(_("Links (%zu; %zu more left out)"), ls->n, ls->dropped)
	                      : xasprintf(_("Links (%zu)"), ls->n);
	draw_text(body->y, 1, body->w - 1, title, theme_attr(TH_HEADING));
	free(title);
	int h = (int)link_rows((size_t)body->h);
	int aw = (body->w - 10) * 2 / 5; /* the anchor text's column */
	for (int row = 0; row < h; row++) {
		size_t i = l->offset + (size_t)row;
		if (i >= ls->n)
			break;
		const struct pdf_link *k = &ls->v[i];
		int y = body->y + 1 + row;
		int attr = theme_attr(i == l->cursor ? TH_CURSOR : TH_NORMAL);
		if (i == l->cursor)
			draw_text_pad(y, 0, body->w, "", attr);
		char *pg = xasprintf(_("p. %d"), k->page + 1);
		draw_text_right(y, 1, 7, pg, i == l->cursor ? attr : theme_attr(TH_YEAR));
		free(pg);
		draw_text(y, 10, aw, k->text[0] ? k->text : "-", attr);
		char *target = target_text(k);
		draw_text(y, 11 + aw, body->w - 12 - aw, target,
		          i == l->cursor ? attr : theme_attr(TH_AUTHORS));
		free(target);
	}
	/* the selected link's target, whole (wrapped) */
	if (!ls->n || body->h < TARGET_ROWS + 3)
		return;
	int y = body->y + body->h - TARGET_ROWS - 1;
	draw_hline(y, 0, body->w, theme_attr(TH_SEPARATOR));
	char *target = target_text(&ls->v[l->cursor]);
	struct strvec wrapped = STRVEC_INIT;
	text_wrap(target, body->w - 2, "", &wrapped);
	for (size_t i = 0; i < wrapped.n && i < TARGET_ROWS; i++) {
		bool last = i + 1 == TARGET_ROWS && wrapped.n > TARGET_ROWS;
		char *s = last ? xasprintf("%s…", wrapped.v[i]) : xstrdup(wrapped.v[i]);
		draw_text(y + 1 + (int)i, 1, body->w - 1, s, theme_attr(TH_NORMAL));
		free(s);
	}
	strvec_free(&wrapped);
	free(target);
}

/* ---- jumps back ---- */

/* Jumps kept: the oldest go first. */
#define MAX_JUMPS 100

void rjumps_push(struct rjumps *j, size_t page, size_t line)
{
	if (j->n == MAX_JUMPS) {
		memmove(j->v, j->v + 1, (j->n - 1) * sizeof *j->v);
		j->n--;
	}
	j->v = xgrow(j->v, &j->cap, j->n + 1, sizeof *j->v);
	j->v[j->n++] = (struct rjump){page, line};
}

bool rjumps_pop(struct rjumps *j, size_t *page, size_t *line)
{
	if (!j->n)
		return false;
	j->n--;
	*page = j->v[j->n].page;
	*line = j->v[j->n].line;
	return true;
}

void rjumps_free(struct rjumps *j)
{
	free(j->v);
	memset(j, 0, sizeof *j);
}
