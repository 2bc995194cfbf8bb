/* util: memory, growable strings, UTF-8, atomic files, small helpers.
 * The bottom layer: depends on nothing else in quire. */
#ifndef QUIRE_UTIL_H
#define QUIRE_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define UNUSED(x) ((void)(x))

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#define NORETURN __attribute__((noreturn))
#else
#define PRINTF_LIKE(f, a)
#define NORETURN
#endif

/* Allocation: these never return NULL; out of memory aborts in one place. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
/* n bytes aligned to align (a power of two), freed with free() */
void *xaligned_alloc(size_t align, size_t n);
void *xrealloc(void *p, size_t n);
/* Grow *p (an array of *cap elements of elem bytes) to hold at least need. */
void *xgrow(void *p, size_t *cap, size_t need, size_t elem);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) PRINTF_LIKE(1, 2);
char *xvasprintf(const char *fmt, va_list ap);
/* Free *pp and set it to NULL. */
void util_free(void **pp);
#define FREE(pp) util_free((void **)(pp))

/* Print "quire: message" to stderr and exit(1). Start-up only. */
NORETURN void die(const char *fmt, ...) PRINTF_LIKE(1, 2);

/* Error reporting for functions that can fail: they return -1 and, when
 * errp is not NULL, set *errp to a malloc'd one-line message (caller frees). */
int error_set(char **errp, const char *fmt, ...) PRINTF_LIKE(2, 3);

/* Growable byte buffer, always NUL-terminated once anything was added. */
struct buf {
	char *data;
	size_t len, cap;
};
#define BUF_INIT {NULL, 0, 0}
void buf_add(struct buf *b, const void *data, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) PRINTF_LIKE(2, 3);
void buf_reset(struct buf *b);          /* len = 0, keeps memory */
void buf_free(struct buf *b);           /* releases memory */
char *buf_detach(struct buf *b);        /* caller owns result ("" if empty) */
const char *buf_str(const struct buf *b); /* "" when empty */

/* Vector of owned strings. */
struct strvec {
	char **v;
	size_t n, cap;
};
#define STRVEC_INIT {NULL, 0, 0}
void strvec_push(struct strvec *sv, const char *s);      /* copies s */
void strvec_push_owned(struct strvec *sv, char *s);      /* takes s */
bool strvec_contains(const struct strvec *sv, const char *s);
void strvec_free(struct strvec *sv);

/* Strings. */
bool str_starts_with(const char *s, const char *prefix);
bool str_ends_with(const char *s, const char *suffix);
bool str_starts_with_ci(const char *s, const char *prefix);
/* Trim ASCII whitespace in place; returns s. */
char *str_trim(char *s);
/* Collapse runs of whitespace (incl. tabs/newlines) to one space and trim;
 * returns a new string. */
char *str_squeeze(const char *s);

/* UTF-8. utf8_decode reads one code point from s (at most len bytes) and
 * returns the bytes consumed (>= 1); invalid bytes decode as U+FFFD, 1 byte. */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);
size_t utf8_encode(uint32_t cp, char out[4]);
bool utf8_valid(const char *s, size_t len);
/* Is cp an emoji, pictograph, dingbat, variation selector or joiner (what
 * reading lists put before a topic or title for show)? */
bool utf8_is_emoji(uint32_t cp);
/* Simple lower case of a letter (ASCII, Latin-1, Latin Extended-A, Greek,
 * Cyrillic); other code points unchanged. */
uint32_t utf8_lower(uint32_t cp);
/* Terminal cells a code point takes (0, 1 or 2); control characters are 0. */
int utf8_cp_width(uint32_t cp);
/* Display width of a UTF-8 string; of its first len bytes. */
size_t utf8_width(const char *s);
size_t utf8_width_n(const char *s, size_t len);
/* A copy of s safe to draw on a terminal: invalid UTF-8 replaced, C0/C1
 * control characters and escape sequences removed, tabs/newlines -> space. */
char *text_sanitize(const char *s);
/* The same, keeping newlines, tabs and form feeds (carriage returns are
 * dropped): for text printed or stored as lines. */
char *text_sanitize_lines(const char *s);

/* The sanitiser as a stream, for text that arrives in pieces (a UTF-8
 * sequence or an escape sequence may be split between calls). The safe
 * form of each piece is appended to out; text_filter_end adds what is
 * left of a split sequence (as U+FFFD) and resets the state. */
struct text_filter {
	unsigned char pend[4];
	unsigned char npend;
	unsigned char state;
	bool lines; /* keep newlines, tabs, form feeds (text_sanitize_lines) */
};
void text_filter_init(struct text_filter *f, bool lines);
void text_filter_feed(struct text_filter *f, const char *s, size_t len, struct buf *out);
void text_filter_end(struct text_filter *f, struct buf *out);

/* Pass everything printed on stdout and stderr through the sanitiser in
 * its lines form (main() calls it once, before any output). */
int term_filter_install(void);
/* The unfiltered stream behind stdout or stderr (flushed first), for
 * output that must reach the terminal as it is: curses, graphics. Any
 * other stream is returned as it is. */
FILE *term_raw(FILE *f);

/* Files. */
/* Read a whole file; returns malloc'd data (NUL-terminated) or NULL with
 * *errp set ("PATH: reason"). */
char *file_read_all(const char *path, size_t *len, char **errp);
/* Like file_read_all, for files inside the library: refuses a symbolic
 * link (errno ELOOP), anything but a regular file, and a file of more than
 * max bytes (errno EFBIG), each with a message naming the file. */
char *file_read_regular(const char *path, size_t max, size_t *len, char **errp);
/* Atomically replace path with data: write a temp file in the same directory,
 * fsync it, rename over path, fsync the directory. Returns 0 or -1 with *errp set. */
int file_write_atomic(const char *path, const void *data, size_t len, char **errp);
/* Append one record (whole lines, "\n"-terminated) to the log at path in a
 * single write on a descriptor opened O_APPEND (created if missing; never
 * through a symbolic link, never into anything but a regular file), then
 * fsync it; after a half-written last line it starts on a new line.
 * Returns 0 or -1 with *errp set. */
int file_append_record(const char *path, const char *rec, size_t len, char **errp);
/* write(2) until all n bytes are written (EINTR retried); 0 or -1. */
int write_full(int fd, const void *data, size_t n);
/* mkdir -p; returns 0 or -1 with *errp set. */
int mkdir_p(const char *path, char **errp);
bool file_exists(const char *path);
/* Join two path parts with a single '/'. Caller frees. */
char *path_join(const char *a, const char *b);

/* Today's date as YYYY-MM-DD (local time) into out[11]. */
void date_today(char out[11]);

#endif
