/* text.c: a document's text through MuPDF's structured text. */
#include "config.h"

#include <mupdf/fitz.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/pdf.h"
#include "pdf/private.h"
#include "util/i18n.h"
#include "util/util.h"

int pdf_sniff(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	char head[1024];
	size_t n = fread(head, 1, sizeof head, f);
	fclose(f);
	return memmem(head, n, "%PDF", 4) != NULL;
}

/* Append one page: blocks as paragraphs, lines joined by '\n'. */
static void page_text(fz_context *ctx, fz_stext_page *sp, struct buf *out)
{
	for (fz_stext_block *b = sp->first_block; b; b = b->next) {
		if (b->type != FZ_STEXT_BLOCK_TEXT)
			continue;
		size_t start = out->len;
		for (fz_stext_line *l = b->u.t.first_line; l; l = l->next) {
			for (fz_stext_char *ch = l->first_char; ch; ch = ch->next) {
				char enc[4];
				uint32_t c = ch->c >= 0 ? (uint32_t)ch->c : 0xFFFD;
				if (c < 0x20 && c != '\t')
					continue;
				buf_add(out, enc, utf8_encode(c, enc));
			}
			buf_addc(out, '\n');
		}
		if (out->len > start)
			buf_addc(out, '\n');
	}
	UNUSED(ctx);
}

char *pdf_text(const char *path, int page, char **errp)
{
	struct pdf_ctx pc;
	if (pdf_ctx_open(&pc, path, NULL, errp) != 0)
		return NULL;
	fz_context *ctx = pc.ctx;
	fz_document *doc = NULL;
	fz_stext_page *sp = NULL;
	struct buf out = BUF_INIT;
	bool failed = false;
	fz_var(doc);
	fz_var(sp);
	fz_var(out);
	fz_try(ctx)
	{
		doc = pdf_ctx_open_doc(&pc, path, NULL, 0);
		int n = fz_count_pages(ctx, doc);
		if (page >= n || page < -1)
			fz_throw(ctx, FZ_ERROR_GENERIC, "no page %d (the document has %d)", page + 1, n);
		int first = page < 0 ? 0 : page, last = page < 0 ? n - 1 : page;
		for (int i = first; i <= last; i++) {
			fz_stext_options opts = {0};
			sp = fz_new_stext_page_from_page_number(ctx, doc, i, &opts);
			if (i > first)
				buf_addc(&out, '\f');
			page_text(ctx, sp, &out);
			fz_drop_stext_page(ctx, sp);
			sp = NULL;
		}
	}
	fz_always(ctx)
	{
		fz_drop_stext_page(ctx, sp);
		fz_drop_document(ctx, doc);
	}
	fz_catch(ctx)
	{
		pdf_ctx_error(&pc, path, errp);
		failed = true;
	}
	pdf_ctx_close(&pc);
	if (failed) {
		buf_free(&out);
		return NULL;
	}
	return buf_detach(&out);
}

int pdf_page_count(const char *path, char **errp)
{
	struct pdf_ctx pc;
	if (pdf_ctx_open(&pc, path, NULL, errp) != 0)
		return -1;
	fz_context *ctx = pc.ctx;
	fz_document *doc = NULL;
	int n = -1;
	fz_var(doc);
	fz_var(n);
	fz_try(ctx)
	{
		doc = pdf_ctx_open_doc(&pc, path, NULL, 0);
		n = fz_count_pages(ctx, doc);
	}
	fz_always(ctx)
		fz_drop_document(ctx, doc);
	fz_catch(ctx)
	{
		pdf_ctx_error(&pc, path, errp);
		n = -1;
	}
	pdf_ctx_close(&pc);
	return n;
}
