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

int pdf_sniff_end(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	char tail[1024];
	size_t n = 0;
	if (fseeko(f, 0, SEEK_END) == 0) {
		off_t size = ftello(f);
		if (size >= 0 && fseeko(f, size > (off_t)sizeof tail ? size - (off_t)sizeof tail : 0,
				       SEEK_SET) == 0)
			n = fread(tail, 1, sizeof tail, f);
	}
	fclose(f);
	return memmem(tail, n, "%%EOF", 5) != NULL;
}

/* Append one page of reading text: each paragraph on one line, a code
 * listing line by line, a blank line after each. */
static void page_text(const struct pdf_page_text *pt, struct buf *out)
{
	for (size_t b = 0; b < pt->n; b++) {
		const struct pdf_block *bl = &pt->blocks[b];
		for (size_t i = 0; i < bl->n; i++) {
			buf_adds(out, bl->paras[i]);
			buf_addc(out, '\n');
			if (bl->kind != PDF_CODE)
				buf_addc(out, '\n');
		}
		if (bl->kind == PDF_CODE)
			buf_addc(out, '\n');
	}
}

char *pdf_text(const char *path, int page, char **errp)
{
	struct pdf_doc_text *d = pdf_reflow(path, NULL, errp);
	if (!d)
		return NULL;
	if (page < -1 || (page >= 0 && (size_t)page >= d->n)) {
		error_set(errp, _("%s: no page %d (the document has %zu)"), path, page + 1, d->n);
		pdf_doc_text_free(&d);
		return NULL;
	}
	struct buf out = BUF_INIT;
	size_t first = page < 0 ? 0 : (size_t)page, last = page < 0 ? d->n - 1 : (size_t)page;
	for (size_t i = first; i <= last; i++) {
		if (i > first)
			buf_addc(&out, '\f');
		page_text(&d->pages[i], &out);
	}
	pdf_doc_text_free(&d);
	return buf_detach(&out);
}

int pdf_page_texts(const char *path, struct strvec *pages, char **errp)
{
	struct pdf_doc_text *d = pdf_reflow(path, NULL, errp);
	if (!d)
		return -1;
	for (size_t i = 0; i < d->n; i++) {
		struct buf b = BUF_INIT;
		page_text(&d->pages[i], &b);
		strvec_push_owned(pages, buf_detach(&b));
	}
	pdf_doc_text_free(&d);
	return 0;
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
