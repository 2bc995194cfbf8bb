/* term.c: stdout and stderr through the sanitiser. Notes come through git
 * and PDFs from the web; whatever quire prints of them must not reach the
 * terminal as escape sequences (window titles, clipboard writes, screen
 * clears). glibc's fopencookie streams take the place of stdout and
 * stderr and write the sanitised text to the real descriptors. */
#include "config.h"

#include <errno.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/util.h"

/* Text is filtered in slices of this size, so a huge fwrite does not need
 * a copy as large. */
#define SLICE 65536

struct term_out {
	int fd;          /* the real descriptor */
	FILE *raw;       /* the stream quire started with */
	FILE *filtered;  /* the stream that took its place */
	struct text_filter f;
	struct buf b;
};

static struct term_out outs[2];
static char stdout_buf[SLICE]; /* stdout's buffer when it is no terminal */

static ssize_t out_write(void *cookie, const char *data, size_t n)
{
	struct term_out *t = cookie;
	for (size_t off = 0; off < n; off += SLICE) {
		size_t k = n - off < SLICE ? n - off : SLICE;
		buf_reset(&t->b);
		text_filter_feed(&t->f, data + off, k, &t->b);
		if (write_full(t->fd, t->b.data, t->b.len) < 0)
			return off ? (ssize_t)off : -1;
	}
	return (ssize_t)n;
}

/* At exit: the streams, then what is left of a split UTF-8 sequence. */
static void flush_at_exit(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(outs); i++) {
		struct term_out *t = &outs[i];
		if (!t->filtered)
			continue;
		fflush(t->filtered);
		buf_reset(&t->b);
		text_filter_end(&t->f, &t->b);
		if (t->b.len)
			write_full(t->fd, t->b.data, t->b.len);
	}
}

static FILE *install(struct term_out *t, FILE *orig, bool line_buffered)
{
	int fd = fileno(orig);
	if (fd < 0)
		return orig;
	cookie_io_functions_t io = {.write = out_write};
	FILE *f = fopencookie(t, "w", io);
	if (!f)
		return orig;
	fflush(orig);
	t->fd = fd;
	t->raw = orig;
	t->filtered = f;
	text_filter_init(&t->f, true);
	if (!line_buffered) {
		setvbuf(f, NULL, _IONBF, 0);
		return f;
	}
	/* Only the main thread prints results, character by character at
	 * times (TSV): glibc's locking per character costs more than the
	 * filter. */
	__fsetlocking(f, FSETLOCKING_BYCALLER);
	if (isatty(fd))
		setvbuf(f, NULL, _IOLBF, BUFSIZ);
	else
		setvbuf(f, stdout_buf, _IOFBF, sizeof stdout_buf);
	return f;
}

int term_filter_install(void)
{
	if (outs[0].filtered)
		return 0;
	stdout = install(&outs[0], stdout, true);
	stderr = install(&outs[1], stderr, false);
	atexit(flush_at_exit);
	return outs[0].filtered && outs[1].filtered ? 0 : -1;
}

FILE *term_raw(FILE *f)
{
	for (size_t i = 0; i < ARRAY_SIZE(outs); i++)
		if (f && f == outs[i].filtered) {
			fflush(f);
			return outs[i].raw;
		}
	return f;
}
