/* tap.h: a tiny TAP producer for unit tests. Each test program includes it
 * once; ok()/is()/is_str() print one TAP line each, done_testing() the plan. */
#ifndef QUIRE_TAP_H
#define QUIRE_TAP_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_n, tap_failed;

static inline int tap_ok(int cond, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#include <stdarg.h>
static inline int tap_ok(int cond, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("%s %d - ", cond ? "ok" : "not ok", ++tap_n);
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	if (!cond) {
		printf("#   failed at %s:%d\n", file, line);
		tap_failed++;
	}
	fflush(stdout);
	return cond;
}

static inline void tap_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline void tap_skip(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("ok %d # SKIP ", ++tap_n);
	vprintf(fmt, ap);
	putchar('\n');
	va_end(ap);
}

#define skip(...) tap_skip(__VA_ARGS__)
#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is(got, want, ...) do { long long g_ = (long long)(got), w_ = (long long)(want); \
	if (!tap_ok(g_ == w_, __FILE__, __LINE__, __VA_ARGS__)) \
		printf("#   got %lld, want %lld\n", g_, w_); } while (0)
#define is_str(got, want, ...) do { const char *g_ = (got), *w_ = (want); \
	if (!tap_ok(g_ && w_ ? strcmp(g_, w_) == 0 : g_ == w_, __FILE__, __LINE__, __VA_ARGS__)) \
		printf("#   got  \"%s\"\n#   want \"%s\"\n", g_ ? g_ : "(null)", w_ ? w_ : "(null)"); } while (0)

/* The path of a file in the repository's test data (tests/data/REL), under
 * $QUIRE_SRCDIR (set by make check), else the current directory. Owned by
 * the caller. */
static inline char *test_data(const char *rel)
{
	const char *src = getenv("QUIRE_SRCDIR");
	if (!src || !*src)
		src = ".";
	size_t n = strlen(src) + strlen(rel) + sizeof "/tests/data/";
	char *p = malloc(n);
	if (!p)
		abort();
	snprintf(p, n, "%s/tests/data/%s", src, rel);
	return p;
}

static inline int done_testing(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
