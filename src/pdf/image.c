/* image.c: pixels drawn for a terminal with chafa (Unicode symbols with
 * colours, sixels or kitty graphics), or as an iTerm2 inline image (a PNG
 * written here: chafa 1.12's iTerm2 mode sends an uncompressed TIFF, ten
 * times the bytes of a page's PNG). */
#include "config.h"

#include <chafa.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <zlib.h>

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
	if (strcmp(s, "iterm") == 0)
		return PDF_IMAGE_ITERM;
	return -1;
}

const char *pdf_image_mode_name(enum pdf_image_mode mode)
{
	switch (mode) {
	case PDF_IMAGE_SIXEL:
		return "sixel";
	case PDF_IMAGE_KITTY:
		return "kitty";
	case PDF_IMAGE_ITERM:
		return "iterm";
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

static void put_be32(struct buf *b, uint32_t v)
{
	unsigned char c[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
			      (unsigned char)(v >> 8), (unsigned char)v};
	buf_add(b, (const char *)c, 4);
}

static void png_chunk(struct buf *b, const char *type, const unsigned char *data, size_t len)
{
	put_be32(b, (uint32_t)len);
	buf_add(b, type, 4);
	buf_add(b, (const char *)data, len);
	uLong crc = crc32(0, (const Bytef *)type, 4);
	if (len)
		crc = crc32(crc, data, (uInt)len);
	put_be32(b, (uint32_t)crc);
}

/* px as a PNG (8-bit RGB, rows unfiltered, deflated fast: a page is mostly
 * white), appended to out. */
static void png_write(const struct pdf_pixels *px, struct buf *out)
{
	size_t row = (size_t)px->w * 3 + 1;
	size_t rawlen = row * (size_t)px->h;
	unsigned char *raw = xmalloc(rawlen);
	for (int y = 0; y < px->h; y++) {
		raw[(size_t)y * row] = 0; /* filter: none */
		memcpy(raw + (size_t)y * row + 1, px->data + (size_t)y * (size_t)px->stride,
		       row - 1);
	}
	uLongf zlen = compressBound((uLong)rawlen);
	unsigned char *z = xmalloc(zlen);
	if (compress2(z, &zlen, raw, (uLong)rawlen, 1) != Z_OK)
		die("cannot compress a PNG of %dx%d pixels", px->w, px->h);
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	buf_add(out, (const char *)sig, sizeof sig);
	unsigned char ihdr[13] = {0};
	for (int i = 0; i < 4; i++) {
		ihdr[i] = (unsigned char)((uint32_t)px->w >> (24 - 8 * i));
		ihdr[4 + i] = (unsigned char)((uint32_t)px->h >> (24 - 8 * i));
	}
	ihdr[8] = 8; /* bits a channel */
	ihdr[9] = 2; /* RGB */
	png_chunk(out, "IHDR", ihdr, sizeof ihdr);
	/* IDAT chunks of at most 1 MiB (any size is valid; readers like them
	 * small) */
	for (size_t off = 0; off < zlen; off += 1u << 20)
		png_chunk(out, "IDAT", z + off, zlen - off < (1u << 20) ? zlen - off : 1u << 20);
	png_chunk(out, "IEND", NULL, 0);
	free(z);
	free(raw);
}

/* iTerm2's inline image (also WezTerm's): the PNG in base64, stretched by
 * the terminal over w x h cells. */
static char *iterm_encode(const struct pdf_pixels *px, int w, int h, size_t *lenp)
{
	struct buf png = BUF_INIT, b = BUF_INIT;
	png_write(px, &png);
	gchar *b64 = g_base64_encode((const guchar *)png.data, png.len);
	buf_printf(&b, "\033]1337;File=inline=1;size=%zu;width=%d;height=%d;preserveAspectRatio=0:",
		   png.len, w, h);
	buf_adds(&b, b64);
	buf_addc(&b, '\a');
	g_free(b64);
	buf_free(&png);
	*lenp = b.len;
	return buf_detach(&b);
}

char *pdf_image_encode(const struct pdf_pixels *px, enum pdf_image_mode mode, int cols, int rows,
		       int cell_w, int cell_h, size_t *lenp)
{
	int w, h;
	pdf_image_fit(px->w, px->h, cols, rows, cell_w, cell_h, &w, &h);
	if (mode == PDF_IMAGE_ITERM)
		return iterm_encode(px, w, h, lenp);
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
	case PDF_IMAGE_ITERM:
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
