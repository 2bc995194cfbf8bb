/* reader_pages.h: the page images' work that may run off the UI thread
 * (reader_pages.c): a page rendered, what the top of it shows (symbols,
 * a kitty payload, sixels), and the worker thread that makes them ahead
 * of a page turn. Private to the reader (reader_image.c). */
#ifndef QUIRE_TUI_READER_PAGES_H
#define QUIRE_TUI_READER_PAGES_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pdf/pdf.h"

/* What to render: a page fitted into w x h pixels, its height scaled
 * yscale times as much as its width. */
struct rkey {
	int page, w, h;
	double yscale;
	bool dark;
	/* what the top of the page shows is made ahead too: in mode, for
	 * cols x rows cells of cw x ch pixels (at most max_rows), in chafa's
	 * canvas mode cm for symbols */
	int mode, cols, rows, cw, ch, cm, max_rows;
};

struct cell {
	uint32_t ch;
	short fg, bg;
};

/* The top of a page as shown, made ahead: ccols x crows cells from
 * column cx, as symbols (v), or kitty's payload (zlib-compressed if
 * zipped, base64) of w x h pixels, or sixels or an iTerm2 image (data). */
struct cells {
	struct cell *v;
	int ccols, crows, cx;
	char *data;
	size_t len;
	int w, h;
	bool zipped, made;
};

struct rpix {
	struct rkey k;
	struct pdf_pixels px;
	struct cells top; /* top.made: made ahead */
	unsigned long used; /* for the least recently used one to go */
};

/* The worker: renders what the UI wants, in order, and hands the pixels
 * back under mu. When the view is closed while it renders, it frees
 * itself. */
struct worker {
	pthread_mutex_t mu;
	pthread_cond_t cond;
	pthread_t th;
	char *path;
	struct pdf_renderer *doc; /* the worker's, opened on its first page */
	int wake[2];
	bool quit;
	struct rkey want[3];
	int nwant;
	struct rkey busy; /* being rendered, when is_busy */
	bool is_busy;
	struct rpix done[4];
	int ndone;
	char *err; /* the last page that failed */
	int err_page;
};

/* The part of a page in view: pan kept inside the page, the pixels and
 * the cells they take. */
struct pages_geo {
	int w, h, ccols, crows, cx;
};

/* Render the page k names (inverted when k->dark) into px with *doc, the
 * document at path opened into *doc first when NULL (the caller's thread
 * owns it; close with pdf_renderer_close). Returns 0, or -1 with *errp set
 * ("PATH: problem"). */
int pages_render(struct pdf_renderer **doc, const char *path, const struct rkey *k,
		 struct pdf_pixels *px, char **errp);

/* The worker of the document at path (copied): renders what want asks,
 * in order, with what the top of each page shows, into done, and writes a
 * byte to wake[1] each time. NULL when it cannot start. Stop it with
 * pages_worker_stop: it frees itself once its page is done. */
struct worker *pages_worker_start(const char *path);
void pages_worker_stop(struct worker *w);

/* ccols x crows cells of symbols in chafa's canvas mode cm for w x h
 * pixels in cells of cw x ch (any thread). Caller frees. */
struct cell *pages_symbols(const unsigned char *data, int w, int h, int stride, int ccols,
			   int crows, int cw, int ch, int cm);
/* The same, every cell through chafa (pages_symbols leaves out the
 * margins when the pixels are whole cells; the two give the same cells). */
struct cell *pages_symbols_all(const unsigned char *data, int w, int h, int stride, int ccols,
			       int crows, int cw, int ch, int cm);
/* kitty's payload: the pixels zlib-compressed (*zipped) and in base64
 * (any thread). Caller frees. */
char *pages_kitty_payload(const unsigned char *data, int w, int h, int stride, bool *zipped);
/* The part of px in view of cols x rows cells of cw x ch pixels (at most
 * max_rows), the pan kept inside the page. */
void pages_geometry(const struct pdf_pixels *px, int cols, int rows, int cw, int ch,
		    int max_rows, int *pan_x, int *pan_y, struct pages_geo *g);
/* What the top of a page just rendered shows, in k's mode, into out. */
void pages_make_top(const struct rkey *k, const struct pdf_pixels *px, struct cells *out);

#endif
