/* Run the review-log parsers' fuzz target without libFuzzer: every file of the
 * corpus directories given as arguments, then a fixed number of inputs made
 * from them by deterministic mutations (so any failure reproduces). TAP. */
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

static const char *const tokens[] = {
	",", "\t", "\n", "\r\n", "\"", "\"\"", "card_id,review_rating,review_time,review_duration\n",
	"+00:00", "Z", "+01:00", ".", ".000001", ".9999999", "T", " ", "-", ":", "undo", "1", "2", "3",
	"4", "5", "0", "2038-01-19T03:14:08", "9999-12-31T23:59:59.999999Z", "0001-01-01T00:00:00Z",
	"2100-02-29T00:00:00Z", "2024-02-29T12:00:00Z", "1711684180217", "#", "\0", "\xEF\xBB\xBF",
	"99999999999999999999", "-1",
};

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

/* The corpus under the source directory (the card parser's target is
 * built with -DFUZZ_CORPUS=...). */
#ifndef FUZZ_CORPUS
#define FUZZ_CORPUS "tests/study/corpus"
#endif

int main(int argc, char **argv)
{
	long iterations = 3000;
	double max_seconds = 60;
	const char *env = getenv("QUIRE_FUZZ_ITERATIONS");
	if (env)
		iterations = atol(env);
	for (int i = 1; i < argc; i++)
		corpus_add_dir(argv[i]);
	if (argc < 2) {
		const char *src = getenv("QUIRE_SRCDIR");
		char *d = xasprintf("%s/" FUZZ_CORPUS, src ? src : ".");
		corpus_add_dir(d);
		free(d);
	}
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
