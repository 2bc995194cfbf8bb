/* reader_image.h: the reader's image view (reader_image.c), hooked into
 * reader.c: the page rendered by MuPDF and drawn as Unicode symbols
 * through curses, or as kitty, sixel or iTerm2 images written to the terminal
 * after curses' refresh; the next and previous pages rendered ahead on a
 * worker thread. */
#ifndef QUIRE_TUI_READER_IMAGE_H
#define QUIRE_TUI_READER_IMAGE_H

#include "tui/private.h"

struct rimg;

/* A key the image view does not take: reader.c handles it as in text. */
#define RIMG_PASS 0x40000000u

/* The image view of the document at path (copied), for t. Reads [reader]
 * image_mode and cell_size from the config (an error goes to the status
 * line). Free with rimg_free, which also removes kitty images. */
struct rimg *rimg_new(struct tui *t, const char *path);
void rimg_free(struct rimg **im);
/* The document is read: npages pages, the reader at page (0-based).
 * Switches to the image view when the config asks for it. */
unsigned rimg_ready(struct tui *t, struct rimg *im, size_t npages, size_t page);
/* The PDF was read again (rewritten while open): npages pages; what was
 * rendered of the old file is dropped, the page shown made again. */
unsigned rimg_reload(struct rimg *im, size_t npages);
/* Is the image view shown (instead of the text)? */
bool rimg_active(const struct rimg *im);
/* The page shown. */
size_t rimg_page(const struct rimg *im);
/* The text view moved to page (a prompt, the outline, a search). */
unsigned rimg_set_page(struct tui *t, struct rimg *im, size_t page);
/* The rectangle the page is drawn into. */
void rimg_layout(struct tui *t, struct rimg *im, const struct rect *body);
/* A command: the redraw bits, or RIMG_PASS. *page: where the text view
 * is, updated when the image view turns the page. */
unsigned rimg_key(struct tui *t, struct rimg *im, enum cmd cmd, size_t *page);
/* The worker's pipe (-1 when none) and taking what it rendered. */
int rimg_wake_fd(const struct rimg *im);
unsigned rimg_pump(struct tui *t, struct rimg *im);
/* Paint the page (symbols, kitty placeholders, or blank cells under a
 * kitty or sixel image), or what keeps it from showing. */
void rimg_draw(const struct rimg *im, const struct rect *body);
/* The mode etc. for the status line, e.g. "kitty  fit width  125%". */
void rimg_status(const struct rimg *im, struct buf *out);
/* Replies to the terminal query that came after its time limit arrive as
 * keys, ESC first: a few seconds after such a query, an ESC key and what
 * comes with it are parsed as replies and dropped. Returns true when key
 * was one, else false with *key the first key that is none (the others
 * given back to curses). */
bool rimg_swallow(int *key);
/* The outline is over the page (or no more): kitty images go, sixels are
 * painted over, and both come back after. Returns the redraw bits. */
unsigned rimg_cover(struct rimg *im, bool covered);
/* After curses' refresh: write a kitty, sixel or iTerm2 image to the terminal
 * when it changed (reader_flush in reader.c calls it for the open reader;
 * loop.c calls that after doupdate). */
void rimg_flush(struct rimg *im);
void reader_flush(struct tui *t);

/* For bench/reader-image-bench: what the image view does for page
 * (0-based) of the document at path in mode (enum pdf_image_mode), fitted
 * to the width of cols x rows cells of cw x ch pixels. *ahead_ms: the
 * worker's part, done before the turn (rendering; for symbols also the
 * cells of the page's top); *turn_ms: the UI thread's part when the page
 * is turned (symbols: taking the cells; kitty and sixel: encoding), *bytes
 * written to the terminal then (symbols: 0, they go through curses).
 * The document stays open from one call to the next on the same path, as
 * the worker keeps it; path NULL closes it. Returns 0, or -1 with *errp
 * set. */
int rimg_bench_page(const char *path, int page, int mode, int cols, int rows, int cw, int ch,
		    double *ahead_ms, double *turn_ms, size_t *bytes, char **errp);

#endif
