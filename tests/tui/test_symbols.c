/* test_symbols: the reader's symbols made with the margins left out of
 * chafa (pages_symbols) are the cells chafa gives for the whole view
 * (pages_symbols_all), on every page of both fixture PDFs as the image
 * view draws them at 160x49 cells (light and inverted), on a blank page
 * and on pixels that are no whole cells. */
#include "config.h"

#include <chafa.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/pdf.h"
#include "tap.h"
#include "tui/reader_pages.h"
#include "util/util.h"

static bool same(const unsigned char *data, int w, int h, int stride, int ccols, int crows)
{
	int cm = CHAFA_CANVAS_MODE_INDEXED_240;
	struct cell *a = pages_symbols(data, w, h, stride, ccols, crows, 8, 8, cm);
	struct cell *b = pages_symbols_all(data, w, h, stride, ccols, crows, 8, 8, cm);
	bool eq = true;
	int nd = 0;
	for (size_t i = 0; i < (size_t)ccols * (size_t)crows; i++) {
		bool e = a[i].ch == b[i].ch && a[i].fg == b[i].fg && a[i].bg == b[i].bg;
		if (!e && !nd)
			printf("# cell %zu: U+%04X %d/%d, the whole view's U+%04X %d/%d\n", i,
			       (unsigned)a[i].ch, a[i].fg, a[i].bg, (unsigned)b[i].ch, b[i].fg,
			       b[i].bg);
		nd += !e;
		eq = eq && e;
	}
	free(a);
	free(b);
	return eq;
}

int main(void)
{
	const char *names[] = {"Rcpp-jss-2011.pdf", "Rcpp-introduction.pdf"};
	for (size_t f = 0; f < ARRAY_SIZE(names); f++) {
		char *rel = path_join("pdf", names[f]), *path = test_data(rel), *err = NULL;
		free(rel);
		struct pdf_renderer *r = pdf_renderer_open(path, NULL, &err);
		ok(r != NULL, "%s: opened (%s)", names[f], err ? err : "ok");
		int bad = 0, pages = 0;
		for (int p = 0; r; p++) {
			struct pdf_pixels px;
			if (pdf_renderer_page(r, p, 1280, 1 << 20, 0.5, &px, &err) < 0)
				break;
			int h = px.h < 392 ? px.h / 8 * 8 : 392;
			if (!same(px.data, 1280, h, px.stride, 160, h / 8))
				bad++;
			/* dark mode: the margin black */
			for (size_t i = 0; i < (size_t)px.stride * (size_t)px.h; i++)
				px.data[i] = (unsigned char)(255 - px.data[i]);
			if (!same(px.data, 1280, h, px.stride, 160, h / 8))
				bad++;
			pdf_pixels_free(&px);
			pages++;
		}
		ok(pages > 5 && bad == 0,
		   "%s: %d pages, light and dark, the same cells (%d differ)", names[f], pages,
		   bad);
		pdf_renderer_close(&r);
		free(err);
		free(path);
	}
	/* a blank page, and a page with one dot in a corner */
	unsigned char *white = xmalloc(160 * 8 * 3 * 40 * 8);
	memset(white, 0xff, 160 * 8 * 3 * 40 * 8);
	ok(same(white, 1280, 320, 1280 * 3, 160, 40), "a blank page");
	white[(size_t)319 * 1280 * 3 + 1279 * 3] = 0;
	ok(same(white, 1280, 320, 1280 * 3, 160, 40), "one dark pixel in the last cell");
	white[0] = 0;
	ok(same(white, 1280, 320, 1280 * 3, 160, 40), "and in the first (the margin's colour)");
	/* 1275 pixels in 160 cells: chafa stretches, every cell goes to it */
	ok(same(white, 1275, 317, 1280 * 3, 160, 40), "pixels that are no whole cells");
	free(white);
	return done_testing();
}
