/* private.h: MuPDF contexts and documents opened with quire's limits. */
#ifndef QUIRE_PDF_PRIVATE_H
#define QUIRE_PDF_PRIVATE_H

#include <mupdf/fitz.h>
#include <stdbool.h>

#include "pdf/pdf.h"

/* A MuPDF context whose heap is capped, that prints nothing itself, and
 * the state behind it. */
struct pdf_ctx {
	fz_context *ctx;
	size_t used, cap; /* bytes */
	bool refused;     /* an allocation went over the cap */
	bool locked;      /* the document wants a password */
	const char *name; /* for messages */
};

/* Start a context with limits (NULL: defaults); on failure *errp is set. */
int pdf_ctx_open(struct pdf_ctx *pc, const char *name, const struct pdf_limits *limits,
		 char **errp);
void pdf_ctx_close(struct pdf_ctx *pc);

/* Open a document from a path (data NULL) or from memory, inside fz_try:
 * raises when it cannot be opened or a password locks it (pc->locked).
 * JavaScript stays disabled. */
fz_document *pdf_ctx_open_doc(struct pdf_ctx *pc, const char *path, const void *data, size_t len);

/* "NAME: problem" for the error just caught. */
void pdf_ctx_error(struct pdf_ctx *pc, const char *path, char **errp);

/* The default limits filled in. */
struct pdf_limits pdf_limits_resolve(const struct pdf_limits *limits);

#endif
