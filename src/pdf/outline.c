/* outline.c: a document's outline (table of contents) as a flat list. */
#include "config.h"

#include <mupdf/fitz.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/private.h"
#include "util/util.h"

/* Entries past this many are left out (a hostile outline can be huge). */
#define MAX_ENTRIES 10000
#define MAX_DEPTH 16

static void walk(fz_context *ctx, fz_document *doc, fz_outline *o, int level,
		 struct pdf_outline *out)
{
	for (; o && out->n < MAX_ENTRIES; o = o->next) {
		int page = -1;
		if (o->uri) {
			fz_location loc = fz_resolve_link(ctx, doc, o->uri, NULL, NULL);
			page = fz_page_number_from_location(ctx, doc, loc);
		}
		if (out->n == out->cap) {
			out->cap = out->cap ? out->cap * 2 : 16;
			out->v = xrealloc(out->v, out->cap * sizeof *out->v);
		}
		char *title = text_sanitize(o->title ? o->title : "");
		out->v[out->n++] = (struct pdf_outline_entry){title, level, page};
		if (level + 1 < MAX_DEPTH)
			walk(ctx, doc, o->down, level + 1, out);
	}
}

int pdf_outline_load(const char *path, struct pdf_outline *out, char **errp)
{
	memset(out, 0, sizeof *out);
	struct pdf_ctx pc;
	if (pdf_ctx_open(&pc, path, NULL, errp) != 0)
		return -1;
	fz_context *ctx = pc.ctx;
	fz_document *doc = NULL;
	fz_outline *o = NULL;
	int r = 0;
	fz_var(doc);
	fz_var(o);
	fz_var(r);
	fz_try(ctx)
	{
		doc = pdf_ctx_open_doc(&pc, path, NULL, 0);
		o = fz_load_outline(ctx, doc);
		walk(ctx, doc, o, 0, out);
	}
	fz_always(ctx)
	{
		fz_drop_outline(ctx, o);
		fz_drop_document(ctx, doc);
	}
	fz_catch(ctx)
	{
		pdf_ctx_error(&pc, path, errp);
		r = -1;
	}
	pdf_ctx_close(&pc);
	if (r < 0)
		pdf_outline_free(out);
	return r;
}

void pdf_outline_free(struct pdf_outline *o)
{
	for (size_t i = 0; i < o->n; i++)
		free(o->v[i].title);
	free(o->v);
	memset(o, 0, sizeof *o);
}
