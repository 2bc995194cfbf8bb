/* open.c: MuPDF contexts with a capped heap, and documents opened safely. */
#include "config.h"

#include <mupdf/fitz.h>
#include <mupdf/pdf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/private.h"
#include "util/i18n.h"
#include "util/util.h"

#define DEFAULT_PAGE_SECONDS 20.0
#define DEFAULT_MEMORY_MB 1024

/* Each block carries its size in front, aligned for any type. */
#define HEAD 16

struct pdf_limits pdf_limits_resolve(const struct pdf_limits *limits)
{
	struct pdf_limits l = limits ? *limits : (struct pdf_limits){0};
	if (!(l.page_seconds > 0))
		l.page_seconds = DEFAULT_PAGE_SECONDS;
	if (!l.memory_mb)
		l.memory_mb = DEFAULT_MEMORY_MB;
	return l;
}

static void *cap_malloc(void *user, size_t n)
{
	struct pdf_ctx *pc = user;
	if (n > pc->cap - pc->used || n > SIZE_MAX - HEAD) {
		pc->refused = true;
		return NULL;
	}
	unsigned char *p = malloc(n + HEAD);
	if (!p)
		return NULL;
	memcpy(p, &n, sizeof n);
	pc->used += n;
	return p + HEAD;
}

static void cap_free(void *user, void *ptr)
{
	struct pdf_ctx *pc = user;
	if (!ptr)
		return;
	unsigned char *p = (unsigned char *)ptr - HEAD;
	size_t n;
	memcpy(&n, p, sizeof n);
	pc->used -= n;
	free(p);
}

static void *cap_realloc(void *user, void *ptr, size_t n)
{
	struct pdf_ctx *pc = user;
	if (!ptr)
		return cap_malloc(user, n);
	if (n == 0) {
		cap_free(user, ptr);
		return NULL;
	}
	unsigned char *p = (unsigned char *)ptr - HEAD;
	size_t old;
	memcpy(&old, p, sizeof old);
	if ((n > old && n - old > pc->cap - pc->used) || n > SIZE_MAX - HEAD) {
		pc->refused = true;
		return NULL;
	}
	unsigned char *q = realloc(p, n + HEAD);
	if (!q)
		return NULL;
	memcpy(q, &n, sizeof n);
	pc->used = pc->used - old + n;
	return q + HEAD;
}

static void quiet(void *user, const char *message)
{
	(void)user;
	(void)message;
}

int pdf_ctx_open(struct pdf_ctx *pc, const char *name, const struct pdf_limits *limits,
		 char **errp)
{
	struct pdf_limits l = pdf_limits_resolve(limits);
	memset(pc, 0, sizeof *pc);
	pc->name = name;
	pc->cap = l.memory_mb > SIZE_MAX >> 21 ? SIZE_MAX >> 1 : l.memory_mb << 20;
	fz_alloc_context alloc = {pc, cap_malloc, cap_realloc, cap_free};
	/* The store (cached fonts and images) gets a quarter of the heap. */
	pc->ctx = fz_new_context(&alloc, NULL, pc->cap / 4);
	if (!pc->ctx)
		return error_set(errp, _("%s: cannot start MuPDF"), name);
	fz_set_error_callback(pc->ctx, quiet, NULL);
	fz_set_warning_callback(pc->ctx, quiet, NULL);
	fz_try(pc->ctx)
		fz_register_document_handlers(pc->ctx);
	fz_catch(pc->ctx)
	{
		fz_drop_context(pc->ctx);
		pc->ctx = NULL;
		return error_set(errp, _("%s: cannot start MuPDF"), name);
	}
	return 0;
}

void pdf_ctx_close(struct pdf_ctx *pc)
{
	if (pc->ctx)
		fz_drop_context(pc->ctx);
	pc->ctx = NULL;
}

fz_document *pdf_ctx_open_doc(struct pdf_ctx *pc, const char *path, const void *data, size_t len)
{
	fz_context *ctx = pc->ctx;
	fz_document *doc = NULL;
	fz_var(doc);
	if (data) {
		fz_stream *stm = fz_open_memory(ctx, data, len);
		fz_try(ctx)
			doc = fz_open_document_with_stream(ctx, "application/pdf", stm);
		fz_always(ctx)
			fz_drop_stream(ctx, stm);
		fz_catch(ctx)
			fz_rethrow(ctx);
	} else {
		doc = fz_open_document(ctx, path);
	}
	/* MuPDF runs a PDF's JavaScript only once pdf_enable_js is called,
	 * which quire never does; make sure of it all the same. */
	pdf_document *pdf = pdf_specifics(ctx, doc);
	if (pdf && pdf_js_supported(ctx, pdf))
		pdf_disable_js(ctx, pdf);
	/* The empty password opens PDFs that are only protected against
	 * editing. */
	if (fz_needs_password(ctx, doc) && !fz_authenticate_password(ctx, doc, "")) {
		pc->locked = true;
		fz_drop_document(ctx, doc);
		fz_throw(ctx, FZ_ERROR_GENERIC, "encrypted");
	}
	return doc;
}

/* MuPDF's own message for a file that is no PDF, "no objects found", does
 * not say what is wrong; for one that cannot be read, it says why. */
void pdf_ctx_error(struct pdf_ctx *pc, const char *path, char **errp)
{
	if (pc->locked)
		error_set(errp, _("%s: the PDF is encrypted (password-protected); quire cannot "
				  "read its text"), pc->name);
	else if (pc->refused)
		error_set(errp, _("%s: the document needs more than %zu MB of memory"), pc->name,
			  pc->cap >> 20);
	else if (path && pdf_sniff(path) == 0)
		error_set(errp, _("%s: not a PDF document"), pc->name);
	else
		error_set(errp, "%s: %s", pc->name, fz_caught_message(pc->ctx));
}
