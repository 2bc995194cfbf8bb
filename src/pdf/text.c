/* text.c: a document's text through MuPDF's structured text. */
#include "config.h"

#include <mupdf/fitz.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/pdf.h"
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

/* "PATH: problem" for an error MuPDF raised. MuPDF's own message for a file
 * that is no PDF, "no objects found", does not say what is wrong; for one
 * that cannot be read, it says why. */
static void set_error(fz_context *ctx, const char *path, bool locked, char **errp)
{
	if (locked)
		error_set(errp, _("%s: the PDF is encrypted (password-protected); quire cannot "
				  "read its text"), path);
	else if (pdf_sniff(path) == 0)
		error_set(errp, _("%s: not a PDF document"), path);
	else
		error_set(errp, "%s: %s", path, fz_caught_message(ctx));
}

static void quiet(void *user, const char *message)
{
	UNUSED(user);
	UNUSED(message);
}

/* A context that prints nothing itself: errors reach the caller instead. */
static fz_context *context_new(const char *path, char **errp)
{
	fz_context *ctx = fz_new_context(NULL, NULL, FZ_STORE_DEFAULT);
	if (!ctx) {
		error_set(errp, _("%s: cannot start MuPDF"), path);
		return NULL;
	}
	fz_set_error_callback(ctx, quiet, NULL);
	fz_set_warning_callback(ctx, quiet, NULL);
	fz_register_document_handlers(ctx);
	return ctx;
}

/* Open a document; one that a password locks (the empty password, which
 * opens PDFs that are only protected against editing, does not) sets
 * *locked and raises. */
static fz_document *open_doc(fz_context *ctx, const char *path, bool *locked)
{
	fz_document *doc = fz_open_document(ctx, path);
	if (fz_needs_password(ctx, doc) && !fz_authenticate_password(ctx, doc, "")) {
		*locked = true;
		fz_drop_document(ctx, doc);
		fz_throw(ctx, FZ_ERROR_GENERIC, "encrypted");
	}
	return doc;
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
	fz_context *ctx = context_new(path, errp);
	if (!ctx)
		return NULL;
	fz_document *doc = NULL;
	fz_stext_page *sp = NULL;
	struct buf out = BUF_INIT;
	bool failed = false, locked = false;
	fz_var(locked);
	fz_var(doc);
	fz_var(sp);
	fz_var(out);
	fz_try(ctx)
	{
		doc = open_doc(ctx, path, &locked);
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
		set_error(ctx, path, locked, errp);
		failed = true;
	}
	fz_drop_context(ctx);
	if (failed) {
		buf_free(&out);
		return NULL;
	}
	return buf_detach(&out);
}

int pdf_page_count(const char *path, char **errp)
{
	fz_context *ctx = context_new(path, errp);
	if (!ctx)
		return -1;
	fz_document *doc = NULL;
	int n = -1;
	bool locked = false;
	fz_var(doc);
	fz_var(n);
	fz_var(locked);
	fz_try(ctx)
	{
		doc = open_doc(ctx, path, &locked);
		n = fz_count_pages(ctx, doc);
	}
	fz_always(ctx)
		fz_drop_document(ctx, doc);
	fz_catch(ctx)
	{
		set_error(ctx, path, locked, errp);
		n = -1;
	}
	fz_drop_context(ctx);
	return n;
}
