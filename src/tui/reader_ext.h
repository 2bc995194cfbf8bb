/* reader_ext.h: the parts of the reader view that live in files of their
 * own (the links list and the jumps back, quoting into the note, reloading
 * a rewritten PDF, a paper without a PDF), and what reader.c gives them. */
#ifndef QUIRE_TUI_READER_EXT_H
#define QUIRE_TUI_READER_EXT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "pdf/pdf.h"
#include "tui/private.h"

/* ---- the links list, L (reader_links.c) ---- */

struct rlinks {
	struct pdf_links links;
	bool open;
	size_t cursor, offset;
};
/* Take the content of links (left empty). */
void rlinks_set(struct rlinks *l, struct pdf_links *links);
void rlinks_free(struct rlinks *l);
/* Open the list on the first link at or after page (0-based); a message
 * when the document has none. rows: the rows the list has. */
unsigned rlinks_show(struct tui *t, struct rlinks *l, size_t page, size_t rows);
/* A command while the list is open. Enter on an internal link closes the
 * list and sets *jump to the page (0-based) to go to; else *jump is -1. */
unsigned rlinks_key(struct tui *t, struct rlinks *l, enum cmd cmd, size_t rows, int *jump);
/* Paint the list in body. */
void rlinks_draw(const struct rlinks *l, const struct rect *body);

/* Where jumps (links, outline, go to page) left from, to go back to. */
struct rjump {
	size_t page, line; /* 0-based page, line within it */
};
struct rjumps {
	struct rjump *v;
	size_t n, cap;
};
void rjumps_push(struct rjumps *j, size_t page, size_t line);
/* The latest position pushed, taken off; false when there is none. */
bool rjumps_pop(struct rjumps *j, size_t *page, size_t *line);
void rjumps_free(struct rjumps *j);

/* ---- quoting into the note, > (reader_quote.c) ---- */

/* Append the first paragraph met on display lines [from, to) of the
 * document (pages wrapped to width and starting at page_start[0..npages),
 * as the reader lays them out) to the note of the paper key, as a
 * Markdown block quote with its page; headings are passed over unless
 * nothing else is there or at_match (line from holds the current search
 * match). A message says what happened. */
unsigned reader_quote(struct tui *t, const char *key, const struct pdf_doc_text *doc, int width,
                      const size_t *page_start, size_t npages, size_t from, size_t to,
                      bool at_match);

/* ---- a PDF rewritten while it is open (reader_reload.c) ---- */

/* What a file was, to see when it changes. */
struct rfile {
	dev_t dev;
	ino_t ino;
	off_t size;
	long long mtime_ns;
	bool exists;
};
struct rwatch {
	struct rfile loaded;        /* the file the text was read from */
	struct rfile seen;          /* the last different state seen */
	double seen_at, checked_at; /* tui_now_us() */
	bool pending;               /* a reload runs */
};
/* Start watching path as it is now. */
void rwatch_init(struct rwatch *w, const char *path);
/* Check the file (at most every few hundred ms): true when it changed and
 * has stayed the same for 300 ms since, and ends like a whole PDF; then
 * the new state counts as loaded. *msg is set (caller frees) when it
 * changed but cannot be taken yet (being written, or not a whole PDF). */
bool rwatch_due(struct rwatch *w, const char *path, double now, char **msg);
/* How long the loop may sleep before the next check (ms). */
int rwatch_timeout(const struct rwatch *w);

/* ---- a paper without a PDF (reader_missing.c) ---- */

/* o on a paper whose PDF is not in the cache: the status line offers to
 * download it (d) or to show its abstract and note (Enter). */
unsigned reader_offer(struct tui *t, const char *key);

#endif
