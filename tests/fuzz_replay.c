/* Run a fuzz target without libFuzzer (any compiler): every file of the
 * corpus directories given as arguments (default: FUZZ_CORPUS, a list of
 * directories under the source tree separated by ':'), then a fixed number
 * of inputs made from them by deterministic mutations (so any failure
 * reproduces). Built once per target with
 *   -DFUZZ_TOKENS='"sub/fuzz_tokens.h"'  the tokens mutations insert
 *   -DFUZZ_CORPUS='"tests/sub/corpus"'   the default corpus
 *   -DFUZZ_ITERATIONS=N -DFUZZ_SECONDS=S budgets (QUIRE_FUZZ_ITERATIONS
 *                                         overrides N). TAP. */
#include "config.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tap.h"
#include "util/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct buf *corpus;
static size_t n_corpus, cap_corpus;

static void corpus_add_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char *path = path_join(dir, e->d_name);
		size_t len;
		char *text = file_read_all(path, &len, NULL);
		if (text) {
			corpus = xgrow(corpus, &cap_corpus, n_corpus + 1, sizeof(*corpus));
			struct buf b = BUF_INIT;
			buf_add(&b, text, len);
			corpus[n_corpus++] = b;
		}
		free(text);
		free(path);
	}
	closedir(d);
}

static uint64_t rng = 0x9E3779B97F4A7C15ULL;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

#ifndef FUZZ_TOKENS
#error "build with -DFUZZ_TOKENS='\"sub/fuzz_tokens.h\"'"
#endif
#include FUZZ_TOKENS
#ifndef FUZZ_CORPUS
#error "build with -DFUZZ_CORPUS='\"tests/sub/corpus\"'"
#endif

static void mutate(struct buf *b)
{
	int rounds = 1 + (int)(next() % 8);
	for (int r = 0; r < rounds; r++) {
		size_t pos = b->len ? (size_t)(next() % (b->len + 1)) : 0;
		switch (next() % 5) {
		case 0:   /* flip a byte */
			if (b->len)
				b->data[next() % b->len] ^= (char)(1u << (next() % 8));
			break;
		case 1: { /* insert a token */
			const char *t = tokens[next() % ARRAY_SIZE(tokens)];
			size_t tl = t[0] ? strlen(t) : 1;
			struct buf nb = BUF_INIT;
			buf_add(&nb, b->data, pos);
			buf_add(&nb, t, tl);
			buf_add(&nb, b->data + pos, b->len - pos);
			buf_free(b);
			*b = nb;
			break;
		}
		case 2: { /* delete a range */
			size_t n = (size_t)(next() % 64);
			if (pos + n > b->len)
				n = b->len - pos;
			memmove(b->data + pos, b->data + pos + n, b->len - pos - n);
			b->len -= n;
			break;
		}
		case 3: { /* duplicate a range */
			size_t n = (size_t)(next() % 256);
			if (pos + n > b->len)
				n = b->len - pos;
			char *copy = xstrndup(b->data + pos, n);
			struct buf nb = BUF_INIT;
			buf_add(&nb, b->data, pos + n);
			buf_add(&nb, copy, n);
			buf_add(&nb, b->data + pos + n, b->len - pos - n);
			free(copy);
			buf_free(b);
			*b = nb;
			break;
		}
		default: { /* splice in a piece of another input */
			const struct buf *o = &corpus[next() % n_corpus];
			if (!o->len)
				break;
			size_t at = (size_t)(next() % o->len);
			size_t n = (size_t)(next() % 512);
			if (at + n > o->len)
				n = o->len - at;
			struct buf nb = BUF_INIT;
			buf_add(&nb, b->data, pos);
			buf_add(&nb, o->data + at, n);
			buf_add(&nb, b->data + pos, b->len - pos);
			buf_free(b);
			*b = nb;
			break;
		}
		}
	}
}

#ifndef FUZZ_ITERATIONS
#define FUZZ_ITERATIONS 3000
#endif
#ifndef FUZZ_SECONDS
#define FUZZ_SECONDS 60
#endif

/* Add each ':'-separated directory of LIST, relative to QUIRE_SRCDIR. */
static void corpus_add_default(const char *list)
{
	const char *src = getenv("QUIRE_SRCDIR");
	while (*list) {
		size_t n = strcspn(list, ":");
		char *d = xasprintf("%s/%.*s", src && *src ? src : ".", (int)n, list);
		corpus_add_dir(d);
		free(d);
		list += n + (list[n] == ':');
	}
}

int main(int argc, char **argv)
{
	long iterations = FUZZ_ITERATIONS;
	double max_seconds = FUZZ_SECONDS;
	const char *env = getenv("QUIRE_FUZZ_ITERATIONS");
	if (env)
		iterations = atol(env);
	for (int i = 1; i < argc; i++)
		corpus_add_dir(argv[i]);
	if (argc < 2)
		corpus_add_default(FUZZ_CORPUS);
	ok(n_corpus > 0, "corpus loaded (%zu inputs)", n_corpus);
	if (n_corpus == 0)
		return done_testing();
	for (size_t i = 0; i < n_corpus; i++)
		LLVMFuzzerTestOneInput((const uint8_t *)corpus[i].data, corpus[i].len);
	ok(1, "every corpus input replayed");
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	long done = 0;
	for (; done < iterations; done++) {
		struct buf b = BUF_INIT;
		const struct buf *src = &corpus[next() % n_corpus];
		buf_add(&b, src->data ? src->data : "", src->len);
		mutate(&b);
		LLVMFuzzerTestOneInput((const uint8_t *)(b.data ? b.data : ""), b.len);
		buf_free(&b);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if ((double)(t1.tv_sec - t0.tv_sec) > max_seconds)
			break;
	}
	ok(1, "%ld mutated inputs run without a failure", done);
	for (size_t i = 0; i < n_corpus; i++)
		buf_free(&corpus[i]);
	free(corpus);
	return done_testing();
}
