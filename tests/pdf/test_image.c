/* test_image: pdf_image_encode's iTerm2 inline images, taken apart as a
 * terminal would: the OSC 1337 File sequence, its base64, and the PNG in
 * it (signature, chunk CRCs, IHDR, the IDAT inflated back to the pixels
 * given), on known pixels and on a real page; and a pdf_renderer kept open
 * drawing what pdf_render_page draws, in any order, and squashed. */
#include "config.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "pdf/pdf.h"
#include "tap.h"
#include "util/util.h"

static unsigned be32(const unsigned char *p)
{
	return (unsigned)p[0] << 24 | (unsigned)p[1] << 16 | (unsigned)p[2] << 8 | p[3];
}

struct png {
	unsigned w, h, depth, type;
	unsigned char *pixels; /* the inflated IDAT: filter byte + row, a row */
	size_t len;
};

/* Parse a PNG; returns NULL when well-formed, else what is wrong. */
static const char *png_parse(const unsigned char *d, size_t n, struct png *out)
{
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	memset(out, 0, sizeof *out);
	if (n < 8 || memcmp(d, sig, 8) != 0)
		return "no PNG signature";
	size_t off = 8;
	struct buf idat = BUF_INIT;
	bool ihdr = false, iend = false;
	while (off + 12 <= n && !iend) {
		unsigned len = be32(d + off);
		if (off + 12 + len > n)
			return "a chunk past the end";
		const unsigned char *type = d + off + 4, *data = d + off + 8;
		uLong crc = crc32(crc32(0, type, 4), data, len);
		if (crc != be32(data + len))
			return "a chunk's CRC is wrong";
		if (!memcmp(type, "IHDR", 4) && len == 13) {
			ihdr = true;
			out->w = be32(data);
			out->h = be32(data + 4);
			out->depth = data[8];
			out->type = data[9];
		} else if (!memcmp(type, "IDAT", 4)) {
			buf_add(&idat, (const char *)data, len);
		} else if (!memcmp(type, "IEND", 4)) {
			iend = true;
		}
		off += 12 + len;
	}
	if (!ihdr || !iend || off != n) {
		buf_free(&idat);
		return "no IHDR, no IEND, or bytes after it";
	}
	uLongf len = (uLongf)out->h * (out->w * 3 + 1);
	out->pixels = xmalloc(len + 1);
	int zr = uncompress(out->pixels, &len, (const Bytef *)idat.data, (uLong)idat.len);
	buf_free(&idat);
	out->len = len;
	return zr == Z_OK ? NULL : "the IDAT does not inflate to the rows";
}

/* The sequence's cells and PNG; NULL when well-formed, else the problem. */
static const char *iterm_parse(const char *s, size_t n, int *cols, int *rows, struct png *png)
{
	size_t size;
	int used = 0;
	static const char head[] =
		"\033]1337;File=inline=1;size=%zu;width=%d;height=%d;preserveAspectRatio=0:%n";
	if (sscanf(s, head, &size, cols, rows, &used) != 3 || !used)
		return "not OSC 1337 File=inline=1;size=;width=;height=;preserveAspectRatio=0:";
	if (n < 1 || s[n - 1] != '\a')
		return "does not end with BEL";
	char *b64 = xstrndup(s + used, n - 1 - (size_t)used);
	if (strspn(b64, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") !=
	    strlen(b64)) {
		free(b64);
		return "a byte that is no base64";
	}
	gsize dlen;
	guchar *d = g_base64_decode(b64, &dlen);
	free(b64);
	const char *e = dlen != size ? "size= is not the PNG's size" : png_parse(d, dlen, png);
	g_free(d);
	return e;
}

int main(void)
{
	is(pdf_image_mode_parse("iterm"), PDF_IMAGE_ITERM, "\"iterm\" is a mode");
	is_str(pdf_image_mode_name(PDF_IMAGE_ITERM), "iterm", "and its name");

	/* 5x3 pixels, each its own colour, rows 20 bytes apart (not 15) */
	enum { W = 5, H = 3, STRIDE = 20 };
	unsigned char data[STRIDE * H];
	memset(data, 0xee, sizeof data);
	for (int y = 0; y < H; y++)
		for (int x = 0; x < W; x++) {
			unsigned char *p = data + y * STRIDE + x * 3;
			p[0] = (unsigned char)(x * 50);
			p[1] = (unsigned char)(y * 100);
			p[2] = (unsigned char)(200 + x + y);
		}
	struct pdf_pixels px = {data, W, H, STRIDE};
	size_t len;
	/* into 4x4 cells of 5x3 pixels: scaled by 4, 4x4 cells */
	char *s = pdf_image_encode(&px, PDF_IMAGE_ITERM, 4, 4, 5, 3, &len);
	int cols = 0, rows = 0;
	struct png png;
	const char *e = iterm_parse(s, len, &cols, &rows, &png);
	ok(!e, "known pixels: a well-formed sequence and PNG (%s)", e ? e : "yes");
	ok(strlen(s) == len, "no NUL inside");
	is(cols, 4, "width=4 cells");
	is(rows, 4, "height=4 cells");
	is(png.w, W, "PNG width 5");
	is(png.h, H, "PNG height 3");
	ok(png.depth == 8 && png.type == 2, "8-bit RGB");
	bool same = !e && png.len == (size_t)H * (W * 3 + 1);
	for (int y = 0; same && y < H; y++)
		same = png.pixels[y * (W * 3 + 1)] == 0 &&
		       !memcmp(png.pixels + y * (W * 3 + 1) + 1, data + y * STRIDE, W * 3);
	ok(same, "the rows are the pixels given, unfiltered");
	free(png.pixels);
	free(s);

	/* a wide image in 10x10 cells of 10x20: 10 cells wide, 3 high */
	s = pdf_image_encode(&px, PDF_IMAGE_ITERM, 10, 10, 10, 20, &len);
	e = iterm_parse(s, len, &cols, &rows, &png);
	ok(!e && cols == 10 && rows == 3, "fitted: %dx%d cells (%s)", cols, rows, e ? e : "ok");
	free(png.pixels);
	free(s);

	/* page 1 of a real paper, A4, in 80x24 cells of 10x20 */
	char *rel = path_join("pdf", "Rcpp-jss-2011.pdf"), *jss = test_data(rel), *err = NULL;
	free(rel);
	struct pdf_pixels page;
	if (pdf_render_page(jss, 0, 800, 480, NULL, &page, &err) < 0) {
		ok(0, "render page 1: %s", err);
	} else {
		s = pdf_image_encode(&page, PDF_IMAGE_ITERM, 80, 24, 10, 20, &len);
		e = iterm_parse(s, len, &cols, &rows, &png);
		ok(!e, "a page: well-formed (%s)", e ? e : "yes");
		ok(png.w == (unsigned)page.w && png.h == (unsigned)page.h && page.h == 480,
		   "a page: the PNG is the page's %dx%d pixels (%ux%u)", page.w, page.h, png.w,
		   png.h);
		/* 480 px high; 480 * 595/842 = 339 wide: 34 cells */
		ok(cols == 34 && rows == 24, "a page: 34x24 cells (%dx%d)", cols, rows);
		size_t white = 0, dark = 0;
		for (size_t i = 0; !e && i < png.len; i++)
			if (i % ((size_t)png.w * 3 + 1))
				white += png.pixels[i] == 0xff, dark += png.pixels[i] < 64;
		ok(white > png.len / 2 && dark > 100, "a page: white with dark text");
		ok(len < (size_t)page.w * page.h, "a page: smaller than its raw pixels (%zu bytes)",
		   len);
		free(png.pixels);
		free(s);
		pdf_pixels_free(&page);
	}
	FREE(&err);

	/* a renderer kept open: the same pixels as opening the file each time,
	 * pages taken out of order */
	struct pdf_renderer *r = pdf_renderer_open(jss, NULL, &err);
	ok(r != NULL, "renderer: opened (%s)", err ? err : "ok");
	int order[] = {4, 0, 18, 4};
	for (size_t i = 0; r && i < ARRAY_SIZE(order); i++) {
		struct pdf_pixels a, b;
		int ra = pdf_renderer_page(r, order[i], 300, 1 << 20, 1, &a, &err);
		int rb = pdf_render_page(jss, order[i], 300, 1 << 20, NULL, &b, &err);
		ok(ra == 0 && rb == 0 && a.w == b.w && a.h == b.h &&
			   !memcmp(a.data, b.data, (size_t)a.stride * (size_t)a.h),
		   "renderer: page %d as pdf_render_page draws it (%dx%d)", order[i] + 1, a.w, a.h);
		pdf_pixels_free(&a);
		pdf_pixels_free(&b);
	}
	if (r) {
		/* squashed to half its height: A4 (595x842) 300 px wide is 424.5
		 * high, 212.3 squashed; MuPDF rounds a page's box up: 213 */
		struct pdf_pixels a;
		int rc = pdf_renderer_page(r, 0, 300, 1 << 20, 0.5, &a, &err);
		ok(rc == 0 && a.w == 300 && a.h == 213,
		   "renderer: yscale 0.5 draws 300x213 (%dx%d)", a.w, a.h);
		pdf_pixels_free(&a);
		/* fitted into 300x100 squashed: limited by the height, 100 high and
		 * 100 / (842 * 0.5) * 595 = 141.3 wide, 142 */
		rc = pdf_renderer_page(r, 0, 300, 100, 0.5, &a, &err);
		ok(rc == 0 && a.h == 100 && a.w == 142,
		   "renderer: yscale 0.5 fitted into 300x100: 142x100 (%dx%d)", a.w, a.h);
		pdf_pixels_free(&a);
		ok(pdf_renderer_page(r, 19, 300, 300, 1, &a, &err) < 0 && err &&
			   strstr(err, "no page 20 (the document has 19)") && strstr(err, jss),
		   "renderer: a page past the end is an error naming the file");
		FREE(&err);
	}
	pdf_renderer_close(&r);
	ok(r == NULL, "renderer: closed");
	ok(pdf_renderer_open("/nonexistent/x.pdf", NULL, &err) == NULL && err &&
		   strstr(err, "/nonexistent/x.pdf"),
	   "renderer: a missing file is an error naming it");
	free(err);
	free(jss);
	return done_testing();
}
