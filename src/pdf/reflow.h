/* reflow.h: the pieces of the reading text shared inside src/pdf. */
#ifndef QUIRE_PDF_REFLOW_H
#define QUIRE_PDF_REFLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pdf/pdf.h"

struct wordslot {
	char *word; /* lowercase */
	size_t len;
	uint64_t hash;
	int count;
};
/* Lowercase words of a document and how often each occurs. */
struct wordcount {
	struct wordslot *v;
	size_t n, cap;
};

/* Count the words of one line of text (a fragment before a hyphen that
 * ends the line is not counted). */
void wordcount_add_line(struct wordcount *wc, const char *s, size_t len);
int wordcount_get(const struct wordcount *wc, const char *word);
void wordcount_free(struct wordcount *wc);

bool reflow_is_letter(uint32_t c);
bool reflow_is_lower(uint32_t c);

enum hyphen {
	HYPHEN_JOIN,       /* "mod-" + "els" -> "models" */
	HYPHEN_KEEP,       /* "state-" + "of-the-art" -> "state-of-the-art" */
	HYPHEN_KEEP_SPACE, /* "fixed-" + "and" -> "fixed- and" */
};
/* What to do with a hyphen ending a line after the word w1 (its letters
 * before the hyphen) when the next line starts with next. */
enum hyphen reflow_hyphen(const struct wordcount *wc, const char *w1, size_t n1, const char *next,
			  size_t nlen);

/* One line of text as MuPDF placed it (lines on one baseline merged). */
struct line {
	float x0, y0, x1, y1, base, size;
	bool bold, mono, drop;
	int block, col; /* MuPDF's block on the page; column, -1 spanning */
	char *text;
	size_t len;
};

/* The lines of one page. */
struct page {
	struct line *v;
	size_t n, cap;
	float w, h;
};

/* A MuPDF block: its lines (after dropping running ones) and box. */
struct blk {
	float x0, y0, x1, y1;
	size_t first, n; /* lines */
	int col;         /* -1: spans columns */
};

/* Sizes in half points, for histograms. */
#define BUCKET(s) ((int)lrintf((s) * 2.0f))
#define MAX_BUCKET 400

/* What the whole document says about its body text. */
struct docinfo {
	float body;              /* the body's font size */
	float pitch[MAX_BUCKET]; /* usual baseline distance per size */
	struct wordcount words;
};

/* layout.c: mark running headers, footers and page numbers (drop); */
void reflow_drop_running(struct page *pages, size_t npages);
/* measure the body size, line pitches and words of the document; */
void reflow_measure(struct page *pages, size_t npages, struct docinfo *di);
/* find a page's columns (b[i].col set, column extents in cx0/cx1), their
 * number returned; */
int reflow_columns(struct blk *b, size_t nb, float *cx0, float *cx1, int maxcols);
/* and the reading order of its blocks (order: nb indices). */
void reflow_reading_order(const struct blk *b, size_t nb, size_t *order);

/* paras.c: a page's lines as blocks of paragraphs, appended to out; */
void reflow_page(const struct docinfo *di, struct page *pg, struct pdf_page_text *out);
/* a word split at the foot of a page made whole on the next. */
void reflow_join_page_hyphens(struct pdf_doc_text *d, const struct docinfo *di);
/* a paragraph cut by a page break made one, on the page where it starts. */
void reflow_join_page_paras(struct pdf_doc_text *d);

#endif
