/* termquery: what the terminal says it can draw. The queries (kitty
 * graphics, XTWINOPS cell and window size in pixels, primary device
 * attributes) are written, and the replies read back in raw mode with a
 * time limit; bytes that are no reply (keys typed meanwhile) are handed
 * back to the caller. */
#ifndef QUIRE_UTIL_TERMQUERY_H
#define QUIRE_UTIL_TERMQUERY_H

#include <stdbool.h>
#include <stddef.h>

#include "util/util.h"

struct term_replies {
	bool da1;         /* a primary device attributes reply came (the last query) */
	bool sixel;       /* ... listing attribute 4 */
	bool kitty;       /* the kitty graphics query was answered OK */
	bool kitty_error; /* ... or with an error */
	int cell_w, cell_h; /* a cell in pixels (CSI 6;h;w t), 0 when not said */
	int win_w, win_h;   /* the text area in pixels (CSI 4;h;w t), 0 when not said */
};

/* The queries termquery_run writes, DA1 last (every terminal answers it,
 * and in order, so its reply ends the wait). tmux: the kitty query is
 * wrapped for tmux's passthrough. Caller frees. */
char *termquery_queries(bool tmux, size_t *lenp);

/* Parse replies from len bytes of data into r; every byte that is not
 * part of a reply is appended to other (NULL: dropped). Returns the bytes
 * consumed: a reply cut short at the end is left for the next call, unless
 * final is true (no more input will come), when its bytes go to other. */
size_t termquery_parse(const char *data, size_t len, bool final, struct term_replies *r,
		       struct buf *other);

/* Wrap a sequence for tmux's passthrough: "ESC Ptmux;" + seq with every
 * ESC doubled + "ESC \". Appended to out. */
void termquery_tmux_wrap(const char *seq, size_t len, struct buf *out);

/* Write the queries to out_fd and read the replies from in_fd (a
 * terminal, switched to raw mode meanwhile and restored) for at most
 * timeout_ms milliseconds. Bytes that are no reply go to other. Returns 1
 * when the terminal answered DA1, 0 when the time ran out, -1 when in_fd
 * is no terminal or cannot be read. */
int termquery_run(int in_fd, int out_fd, int timeout_ms, bool tmux, struct term_replies *r,
		  struct buf *other);

#endif
