/* words.c: how often each word occurs in a document, and the hyphen at a
 * line's end decided from that evidence. */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/reflow.h"
#include "util/util.h"

bool reflow_is_letter(uint32_t c)
{
	if (c < 0x80)
		return isalpha((int)c);
	if (c < 0xC0 || c == 0xD7 || c == 0xF7)
		return false;
	if (c >= 0x2000 && c < 0x2C00) /* punctuation, symbols, arrows, math */
		return false;
	if (c >= 0x3000 && c < 0x3040)
		return false;
	return c < 0xE000 || c >= 0xF900;
}

bool reflow_is_lower(uint32_t c)
{
	if (c < 0x80)
		return islower((int)c);
	return reflow_is_letter(c) && utf8_lower(c) == c;
}

static uint64_t hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

static void grow(struct wordcount *wc)
{
	size_t cap = wc->cap ? wc->cap * 2 : 1024;
	struct wordslot *v = xcalloc(cap, sizeof *v);
	for (size_t i = 0; i < wc->cap; i++) {
		if (!wc->v[i].word)
			continue;
		size_t j = wc->v[i].hash & (cap - 1);
		while (v[j].word)
			j = (j + 1) & (cap - 1);
		v[j] = wc->v[i];
	}
	free(wc->v);
	wc->v = v;
	wc->cap = cap;
}

/* Lowercase copy of s[0..n) into b. */
static void lower_into(struct buf *b, const char *s, size_t n)
{
	buf_reset(b);
	for (size_t i = 0; i < n;) {
		uint32_t c;
		size_t k = utf8_decode(s + i, n - i, &c);
		char enc[4];
		buf_add(b, enc, utf8_encode(utf8_lower(c), enc));
		i += k ? k : 1;
	}
	buf_addc(b, '\0');
	b->len--;
}

static struct wordslot *slot(struct wordcount *wc, const char *w, size_t n, bool add)
{
	if (add && (wc->n + 1) * 2 > wc->cap)
		grow(wc);
	if (!wc->cap)
		return NULL;
	uint64_t h = hash(w, n);
	for (size_t j = h & (wc->cap - 1);; j = (j + 1) & (wc->cap - 1)) {
		struct wordslot *s = &wc->v[j];
		if (!s->word) {
			if (!add)
				return NULL;
			s->word = xstrndup(w, n);
			s->len = n;
			s->hash = h;
			wc->n++;
			return s;
		}
		if (s->hash == h && s->len == n && memcmp(s->word, w, n) == 0)
			return s;
	}
}

int wordcount_get(const struct wordcount *wc, const char *w)
{
	struct buf b = BUF_INIT;
	lower_into(&b, w, strlen(w));
	struct wordslot *s = slot((struct wordcount *)wc, b.data, b.len, false);
	buf_free(&b);
	return s ? s->count : 0;
}

/* The end of the word (letters, inner hyphens) starting at s[i]. */
static size_t word_end(const char *s, size_t len, size_t i)
{
	while (i < len) {
		uint32_t c;
		size_t k = utf8_decode(s + i, len - i, &c);
		if (!k)
			break;
		if (reflow_is_letter(c)) {
			i += k;
			continue;
		}
		if (c == '-' && i + 1 < len) {
			uint32_t d;
			size_t k2 = utf8_decode(s + i + 1, len - i - 1, &d);
			if (k2 && reflow_is_letter(d)) {
				i += 1;
				continue;
			}
		}
		break;
	}
	return i;
}

void wordcount_add_line(struct wordcount *wc, const char *s, size_t len)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < len;) {
		uint32_t c;
		size_t k = utf8_decode(s + i, len - i, &c);
		if (!k)
			break;
		if (!reflow_is_letter(c)) {
			i += k;
			continue;
		}
		size_t e = word_end(s, len, i);
		/* A fragment before a line-end hyphen is no word. */
		bool fragment = e + 1 == len && s[e] == '-';
		if (!fragment) {
			lower_into(&b, s + i, e - i);
			slot(wc, b.data, b.len, true)->count++;
		}
		i = e;
	}
	buf_free(&b);
}

void wordcount_free(struct wordcount *wc)
{
	for (size_t i = 0; i < wc->cap; i++)
		free(wc->v[i].word);
	free(wc->v);
	memset(wc, 0, sizeof *wc);
}

static bool is_conjunction(const char *w, size_t n)
{
	static const char *const conj[] = {"and", "or", "nor", "und", "oder", "et", "ou", NULL};
	for (const char *const *c = conj; *c; c++)
		if (strlen(*c) == n && strncmp(*c, w, n) == 0)
			return true;
	return false;
}

static size_t letters(const char *s, size_t n)
{
	size_t count = 0;
	for (size_t i = 0; i < n;) {
		uint32_t c;
		size_t k = utf8_decode(s + i, n - i, &c);
		i += k ? k : 1;
		count++;
	}
	return count;
}

enum hyphen reflow_hyphen(const struct wordcount *wc, const char *w1, size_t n1, const char *next,
			  size_t nlen)
{
	uint32_t c;
	if (!n1 || !utf8_decode(next, nlen, &c) || !reflow_is_lower(c))
		return HYPHEN_KEEP;
	size_t e = word_end(next, nlen, 0);
	/* "fixed- and random-effects" */
	if (e == nlen || next[e] == ' ' || next[e] == ',')
		if (is_conjunction(next, e))
			return HYPHEN_KEEP_SPACE;
	size_t first = 0; /* the first part of a hyphenated word after the break */
	while (first < e && next[first] != '-')
		first++;
	struct buf b = BUF_INIT;
	buf_add(&b, w1, n1);
	buf_add(&b, next, first);
	int joined = wordcount_get(wc, b.data);
	buf_reset(&b);
	buf_add(&b, w1, n1);
	buf_addc(&b, '-');
	buf_add(&b, next, e);
	int hyphenated = wordcount_get(wc, b.data);
	buf_reset(&b);
	buf_add(&b, w1, n1);
	int left = wordcount_get(wc, b.data);
	buf_reset(&b);
	buf_add(&b, next, first);
	int right = wordcount_get(wc, b.data);
	buf_free(&b);
	if (joined != hyphenated)
		return joined > hyphenated ? HYPHEN_JOIN : HYPHEN_KEEP;
	/* "state-" + "of-the-art": a compound goes on. */
	if (first < e)
		return HYPHEN_KEEP;
	size_t l1 = letters(w1, n1), l2 = letters(next, first);
	/* Both halves are words of the document ("run-" + "time"). */
	if (left && right && l1 >= 3 && l2 >= 3)
		return HYPHEN_KEEP;
	/* An adverb in -ly before a participle ("statically-" + "typed"). */
	if (l1 >= 6 && l2 >= 4 && n1 >= 2 && w1[n1 - 2] == 'l' && w1[n1 - 1] == 'y')
		return HYPHEN_KEEP;
	return HYPHEN_JOIN;
}
