/* links.c: a document's links (MuPDF's link annotations), page by page,
 * with the text under each and where it goes. */
#include "config.h"

#include <mupdf/fitz.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/private.h"
#include "util/util.h"

/* A paper has a few hundred links; a hostile file can have millions. */
#define MAX_LINKS 5000
/* Longer URIs are left out rather than cut (a cut URI goes elsewhere). */
#define MAX_URI 8192
/* The anchor text is a hint: cut with an ellipsis past this many bytes. */
#define MAX_ANCHOR 200

/* A URI safe to print and to send to a clipboard: no control characters
 * or escape sequences (text_sanitize), and no spaces (percent-encoded, as
 * a URI writes them). Caller frees. */
static char *clean_uri(const char *uri)
{
	char *s = text_sanitize(uri);
	struct buf b = BUF_INIT;
	for (const char *p = s; *p; p++) {
		if (*p == ' ')
			buf_adds(&b, "%20");
		else
			buf_addc(&b, *p);
	}
	free(s);
	return buf_detach(&b);
}

/* The characters whose centre is inside rect (not those that merely touch
 * it, as the punctuation after a link's words does), lines joined by a
 * space. */
static void chars_inside(fz_stext_page *st, fz_rect rect, struct buf *out)
{
	for (fz_stext_block *b = st ? st->first_block : NULL; b; b = b->next) {
		if (b->type != FZ_STEXT_BLOCK_TEXT ||
		    fz_is_empty_rect(fz_intersect_rect(b->bbox, rect)))
			continue;
		for (fz_stext_line *l = b->u.t.first_line; l; l = l->next) {
			size_t before = out->len;
			for (fz_stext_char *c = l->first_char; c; c = c->next) {
				fz_rect r = fz_rect_from_quad(c->quad);
				fz_point mid = {(r.x0 + r.x1) / 2, (r.y0 + r.y1) / 2};
				if (c->c <= 0 || c->c > 0x10ffff ||
				    !fz_is_point_inside_rect(mid, rect))
					continue;
				char enc[4];
				buf_add(out, enc, utf8_encode((uint32_t)c->c, enc));
			}
			if (out->len > before)
				buf_addc(out, ' ');
		}
	}
}

/* The text under rect on the page: one line, squeezed, cut at MAX_ANCHOR
 * (at a character boundary) with an ellipsis. Caller frees. */
static char *anchor_text(fz_stext_page *st, fz_rect rect)
{
	struct buf raw = BUF_INIT;
	chars_inside(st, rect, &raw);
	char *one = text_sanitize(buf_str(&raw));
	buf_free(&raw);
	char *s = str_squeeze(one);
	free(one);
	size_t n = strlen(s);
	if (n > MAX_ANCHOR) {
		n = MAX_ANCHOR;
		while (n && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		s[n] = '\0';
		char *cut = xasprintf("%s…", s);
		free(s);
		s = cut;
	}
	return s;
}

static void add_link(struct pdf_links *out, const struct pdf_link *l)
{
	out->v = xgrow(out->v, &out->cap, out->n + 1, sizeof *out->v);
	out->v[out->n++] = *l;
}

/* The links of one page, in the order the page lists them. */
static void page_links(fz_context *ctx, fz_document *doc, int pno, struct pdf_links *out)
{
	fz_page *page = NULL;
	fz_link *links = NULL;
	fz_stext_page *st = NULL;
	fz_var(page);
	fz_var(links);
	fz_var(st);
	fz_try(ctx)
	{
		page = fz_load_page(ctx, doc, pno);
		links = fz_load_links(ctx, page);
		if (links)
			st = fz_new_stext_page_from_page(ctx, page, NULL);
		for (fz_link *k = links; k; k = k->next) {
			if (!k->uri || !*k->uri)
				continue;
			if (out->n >= MAX_LINKS || strlen(k->uri) > MAX_URI) {
				out->dropped++;
				continue;
			}
			struct pdf_link l = {.page = pno, .target = -1};
			if (fz_is_external_link(ctx, k->uri)) {
				l.kind = PDF_LINK_EXTERNAL;
			} else {
				l.kind = PDF_LINK_INTERNAL;
				fz_location loc = fz_resolve_link(ctx, doc, k->uri, NULL, NULL);
				l.target = fz_page_number_from_location(ctx, doc, loc);
			}
			l.uri = clean_uri(k->uri);
			l.text = anchor_text(st, k->rect);
			add_link(out, &l);
		}
	}
	fz_always(ctx)
	{
		fz_drop_stext_page(ctx, st);
		fz_drop_link(ctx, links);
		fz_drop_page(ctx, page);
	}
	fz_catch(ctx)
	{
		fz_rethrow(ctx);
	}
}

int pdf_links_load(const char *path, struct pdf_links *out, char **errp)
{
	memset(out, 0, sizeof *out);
	struct pdf_ctx pc;
	if (pdf_ctx_open(&pc, path, NULL, errp) != 0)
		return -1;
	fz_context *ctx = pc.ctx;
	fz_document *doc = NULL;
	int r = 0;
	fz_var(doc);
	fz_var(r);
	fz_try(ctx)
	{
		doc = pdf_ctx_open_doc(&pc, path, NULL, 0);
		int n = fz_count_pages(ctx, doc);
		for (int p = 0; p < n; p++)
			page_links(ctx, doc, p, out);
	}
	fz_always(ctx) fz_drop_document(ctx, doc);
	fz_catch(ctx)
	{
		pdf_ctx_error(&pc, path, errp);
		r = -1;
	}
	pdf_ctx_close(&pc);
	if (r < 0)
		pdf_links_free(out);
	return r;
}

void pdf_links_free(struct pdf_links *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].uri);
		free(l->v[i].text);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}
