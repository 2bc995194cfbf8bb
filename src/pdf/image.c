/* image.c: pixels drawn for a terminal with chafa (Unicode symbols with
 * colours, sixels or kitty graphics). */
#include "config.h"

#include <chafa.h>
#include <math.h>
#include <string.h>

#include "pdf/pdf.h"
#include "util/util.h"

int pdf_image_mode_parse(const char *s)
{
	if (strcmp(s, "symbols") == 0)
		return PDF_IMAGE_SYMBOLS;
	if (strcmp(s, "sixel") == 0)
		return PDF_IMAGE_SIXEL;
	if (strcmp(s, "kitty") == 0)
		return PDF_IMAGE_KITTY;
	return -1;
}

const char *pdf_image_mode_name(enum pdf_image_mode mode)
{
	switch (mode) {
	case PDF_IMAGE_SIXEL:
		return "sixel";
	case PDF_IMAGE_KITTY:
		return "kitty";
	case PDF_IMAGE_SYMBOLS:
		break;
	}
	return "symbols";
}

void pdf_image_fit(int px_w, int px_h, int cols, int rows, int cell_w, int cell_h, int *out_cols,
		   int *out_rows)
{
	double scale = fmin((double)cols * cell_w / px_w, (double)rows * cell_h / px_h);
	int w = (int)lround(px_w * scale / cell_w), h = (int)lround(px_h * scale / cell_h);
	*out_cols = w < 1 ? 1 : w > cols ? cols : w;
	*out_rows = h < 1 ? 1 : h > rows ? rows : h;
}

char *pdf_image_encode(const struct pdf_pixels *px, enum pdf_image_mode mode, int cols, int rows,
		       int cell_w, int cell_h, size_t *lenp)
{
	int w, h;
	pdf_image_fit(px->w, px->h, cols, rows, cell_w, cell_h, &w, &h);
	ChafaCanvasConfig *cfg = chafa_canvas_config_new();
	chafa_canvas_config_set_geometry(cfg, w, h);
	chafa_canvas_config_set_cell_geometry(cfg, cell_w, cell_h);
	ChafaSymbolMap *map = NULL;
	switch (mode) {
	case PDF_IMAGE_SIXEL:
		chafa_canvas_config_set_pixel_mode(cfg, CHAFA_PIXEL_MODE_SIXELS);
		break;
	case PDF_IMAGE_KITTY:
		chafa_canvas_config_set_pixel_mode(cfg, CHAFA_PIXEL_MODE_KITTY);
		break;
	case PDF_IMAGE_SYMBOLS:
		chafa_canvas_config_set_pixel_mode(cfg, CHAFA_PIXEL_MODE_SYMBOLS);
		chafa_canvas_config_set_canvas_mode(cfg, CHAFA_CANVAS_MODE_TRUECOLOR);
		map = chafa_symbol_map_new();
		chafa_symbol_map_add_by_tags(map, CHAFA_SYMBOL_TAG_BLOCK | CHAFA_SYMBOL_TAG_BORDER |
						      CHAFA_SYMBOL_TAG_SPACE);
		chafa_canvas_config_set_symbol_map(cfg, map);
		break;
	}
	ChafaCanvas *canvas = chafa_canvas_new(cfg);
	chafa_canvas_draw_all_pixels(canvas, CHAFA_PIXEL_RGB8, px->data, px->w, px->h, px->stride);
	/* The fallback description of a terminal knows every sequence; which
	 * one the terminal takes is the caller's choice. */
	ChafaTermInfo *ti = chafa_term_db_get_fallback_info(chafa_term_db_get_default());
	GString *gs = chafa_canvas_print(canvas, ti);
	struct buf b = BUF_INIT;
	buf_add(&b, gs->str, gs->len);
	if (mode == PDF_IMAGE_SYMBOLS) {
		/* Exactly rows lines, each ending in a newline; the colours reset
		 * at the end. */
		if (b.len && b.data[b.len - 1] != '\n')
			buf_addc(&b, '\n');
		for (int i = h; i < rows; i++)
			buf_addc(&b, '\n');
	}
	g_string_free(gs, TRUE);
	chafa_term_info_unref(ti);
	chafa_canvas_unref(canvas);
	chafa_canvas_config_unref(cfg);
	if (map)
		chafa_symbol_map_unref(map);
	*lenp = b.len;
	return buf_detach(&b);
}
