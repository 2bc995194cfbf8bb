/* reader_pages.c: the page images' work that may run off the UI thread:
 * MuPDF's rendering (a pdf_renderer, the document kept open with a context
 * of its own, one for the worker and one for the UI thread: no MuPDF
 * context is shared between threads), chafa's symbols,
 * kitty payloads and sixels of the top of a page, and the worker thread
 * that makes them for the pages next to the one shown. */
#include "config.h"

#include <chafa.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "tui/reader_pages.h"
#include "util/util.h"

static void worker_free(struct worker *w)
{
	for (int i = 0; i < w->ndone; i++) {
		pdf_pixels_free(&w->done[i].px);
		free(w->done[i].top.v);
		free(w->done[i].top.data);
	}
	for (int i = 0; i < 2; i++)
		if (w->wake[i] >= 0)
			close(w->wake[i]);
	free(w->err);
	free(w->path);
	pdf_renderer_close(&w->doc);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->cond);
	free(w);
}

static void invert(struct pdf_pixels *px)
{
	for (int y = 0; y < px->h; y++) {
		unsigned char *row = px->data + (size_t)y * (size_t)px->stride;
		for (int x = 0; x < px->w * 3; x++)
			row[x] = (unsigned char)(255 - row[x]);
	}
}

int pages_render(struct pdf_renderer **doc, const char *path, const struct rkey *k,
		 struct pdf_pixels *px, char **errp)
{
	memset(px, 0, sizeof *px);
	if (!*doc && !(*doc = pdf_renderer_open(path, NULL, errp)))
		return -1;
	if (pdf_renderer_page(*doc, k->page, k->w, k->h, k->yscale, px, errp) < 0)
		return -1;
	if (k->dark)
		invert(px);
	return 0;
}

static void *worker_run(void *arg)
{
	struct worker *w = arg;
	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (!w->quit && !w->nwant)
			pthread_cond_wait(&w->cond, &w->mu);
		if (w->quit)
			break;
		struct rkey k = w->want[0];
		memmove(w->want, w->want + 1, (size_t)--w->nwant * sizeof *w->want);
		w->busy = k;
		w->is_busy = true;
		pthread_mutex_unlock(&w->mu);
		struct pdf_pixels px;
		struct cells top = {0};
		char *err = NULL;
		int rc = pages_render(&w->doc, w->path, &k, &px, &err);
		if (rc == 0)
			pages_make_top(&k, &px, &top);
		pthread_mutex_lock(&w->mu);
		w->is_busy = false;
		if (rc < 0) {
			free(w->err);
			w->err = err;
			w->err_page = k.page;
		} else if (w->ndone < (int)ARRAY_SIZE(w->done)) {
			w->done[w->ndone++] = (struct rpix){k, px, top, 0};
		} else {
			pdf_pixels_free(&px);
			free(top.v);
			free(top.data);
		}
		char c = 1;
		ssize_t wr = write(w->wake[1], &c, 1);
		UNUSED(wr);
	}
	pthread_mutex_unlock(&w->mu);
	worker_free(w);
	return NULL;
}

struct worker *pages_worker_start(const char *path)
{
	struct worker *w = xcalloc(1, sizeof *w);
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cond, NULL);
	w->path = xstrdup(path);
	w->wake[0] = w->wake[1] = -1;
	if (pipe(w->wake) != 0) {
		worker_free(w);
		return NULL;
	}
	for (int i = 0; i < 2; i++) {
		fcntl(w->wake[i], F_SETFL, O_NONBLOCK);
		fcntl(w->wake[i], F_SETFD, FD_CLOEXEC);
	}
	if (pthread_create(&w->th, NULL, worker_run, w) != 0) {
		worker_free(w);
		return NULL;
	}
	pthread_detach(w->th);
	return w;
}

void pages_worker_stop(struct worker *w)
{
	pthread_mutex_lock(&w->mu);
	w->quit = true;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->mu);
}

/* kitty's payload: the pixels zlib-compressed (*zipped) and in base64
 * (any thread). Caller frees. */
char *pages_kitty_payload(const unsigned char *data, int w, int h, int stride, bool *zipped)
{
	size_t rawlen = (size_t)w * 3 * (size_t)h;
	unsigned char *rgb = xmalloc(rawlen);
	for (int y = 0; y < h; y++)
		memcpy(rgb + (size_t)y * (size_t)w * 3, data + (size_t)y * (size_t)stride, (size_t)w * 3);
	uLongf zlen = compressBound((uLong)rawlen);
	unsigned char *z = xmalloc(zlen);
	*zipped = compress2(z, &zlen, rgb, (uLong)rawlen, 1) == Z_OK;
	gchar *b64 = g_base64_encode(*zipped ? z : rgb, *zipped ? (size_t)zlen : rawlen);
	char *r = xstrdup(b64);
	g_free(b64);
	free(z);
	free(rgb);
	return r;
}

struct cell *pages_symbols_all(const unsigned char *data, int w, int h, int stride, int ccols,
				int crows, int cw, int ch, int cm)
{
	ChafaCanvasConfig *cfg = chafa_canvas_config_new();
	chafa_canvas_config_set_geometry(cfg, ccols, crows);
	chafa_canvas_config_set_cell_geometry(cfg, cw, ch);
	chafa_canvas_config_set_pixel_mode(cfg, CHAFA_PIXEL_MODE_SYMBOLS);
	chafa_canvas_config_set_canvas_mode(cfg, (ChafaCanvasMode)cm);
	ChafaSymbolMap *map = chafa_symbol_map_new();
	chafa_symbol_map_add_by_tags(map, CHAFA_SYMBOL_TAG_BLOCK | CHAFA_SYMBOL_TAG_BORDER |
						  CHAFA_SYMBOL_TAG_SPACE);
	chafa_canvas_config_set_symbol_map(cfg, map);
	chafa_canvas_config_set_work_factor(cfg, 0.2f);
	ChafaCanvas *canvas = chafa_canvas_new(cfg);
	chafa_canvas_draw_all_pixels(canvas, CHAFA_PIXEL_RGB8, data, w, h, stride);
	struct cell *cells = xcalloc((size_t)ccols * (size_t)crows, sizeof *cells);
	for (int y = 0; y < crows; y++)
		for (int x = 0; x < ccols; x++) {
			struct cell *c = &cells[(size_t)y * (size_t)ccols + (size_t)x];
			c->ch = chafa_canvas_get_char_at(canvas, x, y);
			gint fg = -1, bg = -1;
			if (cm != CHAFA_CANVAS_MODE_FGBG)
				chafa_canvas_get_raw_colors_at(canvas, x, y, &fg, &bg);
			c->fg = (short)(fg >= 0 && fg < 256 ? fg : -1);
			c->bg = (short)(bg >= 0 && bg < 256 ? bg : -1);
			/* the colour a cell does not show is left to the default
			 * (chafa's pick there is arbitrary: fewer colour pairs) */
			if (c->ch == ' ')
				c->fg = -1;
			else if (c->ch == 0x2588) /* full block */
				c->bg = -1;
		}
	chafa_canvas_unref(canvas);
	chafa_symbol_map_unref(map);
	chafa_canvas_config_unref(cfg);
	return cells;
}

/* Is the cell at pixel (x0, y0) all of colour row (cw pixels of it)? */
static bool cell_blank(const unsigned char *data, int stride, int x0, int y0, int cw, int ch,
		       const unsigned char *row)
{
	for (int y = 0; y < ch; y++)
		if (memcmp(data + (size_t)(y0 + y) * (size_t)stride + (size_t)x0 * 3, row,
			   (size_t)cw * 3) != 0)
			return false;
	return true;
}

/* chafa's time goes by the cell, whatever the cell shows, and a page is
 * mostly margin: only the rectangle around the cells that are not all of
 * the margin's colour goes to chafa, with one such cell in it, whose
 * symbol and colours the others outside take. Cells are matched on their
 * own pixels (no dithering), so the result is the same as the whole. */
struct cell *pages_symbols(const unsigned char *data, int w, int h, int stride, int ccols,
			   int crows, int cw, int ch, int cm)
{
	/* chafa stretches the pixels: no cell is on its own */
	if (ccols < 1 || crows < 1 || w != ccols * cw || h != crows * ch)
		return pages_symbols_all(data, w, h, stride, ccols, crows, cw, ch, cm);
	unsigned char *row = xmalloc((size_t)cw * 3);
	for (int x = 0; x < cw; x++)
		memcpy(row + x * 3, data, 3); /* the top left pixel: the margin */
	bool *blank = xmalloc((size_t)ccols * (size_t)crows * sizeof *blank);
	int x0 = ccols, x1 = -1, y0 = crows, y1 = -1;
	for (int cy = 0; cy < crows; cy++)
		for (int cx = 0; cx < ccols; cx++) {
			bool b = cell_blank(data, stride, cx * cw, cy * ch, cw, ch, row);
			blank[(size_t)cy * (size_t)ccols + (size_t)cx] = b;
			if (!b) {
				x0 = cx < x0 ? cx : x0;
				x1 = cx > x1 ? cx : x1;
				y0 = cy < y0 ? cy : y0;
				y1 = cy > y1 ? cy : y1;
			}
		}
	free(row);
	if (x1 < 0) /* all margin */
		x0 = x1 = y0 = y1 = 0;
	/* a blank cell inside, else one next to the rectangle */
	int bx = -1, by = -1;
	for (int cy = y0; cy <= y1 && bx < 0; cy++)
		for (int cx = x0; cx <= x1; cx++)
			if (blank[(size_t)cy * (size_t)ccols + (size_t)cx]) {
				bx = cx, by = cy;
				break;
			}
	if (bx < 0) {
		if (x0 > 0)
			bx = --x0, by = y0;
		else if (x1 < ccols - 1)
			bx = ++x1, by = y0;
		else if (y0 > 0)
			bx = x0, by = --y0;
		else if (y1 < crows - 1)
			bx = x0, by = ++y1;
	}
	free(blank);
	int rw = x1 - x0 + 1, rh = y1 - y0 + 1;
	if (bx < 0 || (long)rw * rh * 10 > (long)ccols * crows * 9) /* no gain */
		return pages_symbols_all(data, w, h, stride, ccols, crows, cw, ch, cm);
	struct cell *part = pages_symbols_all(
		data + (size_t)(y0 * ch) * (size_t)stride + (size_t)(x0 * cw) * 3, rw * cw, rh * ch,
		stride, rw, rh, cw, ch, cm);
	struct cell fill = part[(size_t)(by - y0) * (size_t)rw + (size_t)(bx - x0)];
	size_t n = (size_t)ccols * (size_t)crows;
	struct cell *cells = xmalloc(n * sizeof *cells);
	for (size_t i = 0; i < n; i++)
		cells[i] = fill;
	for (int cy = 0; cy < rh; cy++)
		memcpy(&cells[(size_t)(y0 + cy) * (size_t)ccols + (size_t)x0],
		       &part[(size_t)cy * (size_t)rw], (size_t)rw * sizeof *cells);
	free(part);
	return cells;
}

void pages_geometry(const struct pdf_pixels *px, int cols, int rows, int cw, int ch, int max_rows,
		     int *pan_x, int *pan_y, struct pages_geo *g)
{
	int vw = cols * cw, vh = rows * ch;
	int max_x = px->w > vw ? px->w - vw : 0, max_y = px->h > vh ? px->h - vh : 0;
	*pan_x = *pan_x < 0 ? 0 : *pan_x > max_x ? max_x : *pan_x;
	*pan_y = *pan_y < 0 ? 0 : *pan_y > max_y ? max_y : *pan_y;
	g->w = px->w < vw ? px->w : vw;
	g->h = px->h < vh ? px->h : vh;
	g->ccols = (g->w + cw - 1) / cw;
	g->crows = (g->h + ch - 1) / ch;
	if (g->ccols > cols)
		g->ccols = cols;
	if (g->crows > rows)
		g->crows = rows;
	if (g->crows > max_rows)
		g->crows = max_rows;
	g->cx = (cols - g->ccols) / 2;
}

/* What the top of a page just rendered shows (the worker, ahead). */
void pages_make_top(const struct rkey *k, const struct pdf_pixels *px, struct cells *out)
{
	int pan_x = 0, pan_y = 0;
	struct pages_geo g;
	pages_geometry(px, k->cols, k->rows, k->cw, k->ch, k->max_rows, &pan_x, &pan_y, &g);
	if (g.ccols < 1 || g.crows < 1)
		return;
	out->ccols = g.ccols;
	out->crows = g.crows;
	out->cx = g.cx;
	out->w = g.w;
	out->h = g.h;
	if (k->mode == PDF_IMAGE_SYMBOLS) {
		out->v = pages_symbols(px->data, g.w, g.h, px->stride, g.ccols, g.crows, k->cw, k->ch,
				      k->cm);
	} else if (k->mode == PDF_IMAGE_KITTY) {
		out->data = pages_kitty_payload(px->data, g.w, g.h, px->stride, &out->zipped);
		out->len = strlen(out->data);
	} else {
		struct pdf_pixels crop = {px->data, g.w, g.h, px->stride};
		out->data = pdf_image_encode(&crop, (enum pdf_image_mode)k->mode, g.ccols, g.crows,
					     k->cw, k->ch, &out->len);
	}
	out->made = true;
}
