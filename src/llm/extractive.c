/* extractive: sentence splitting and TextRank. Similarity of two sentences
 * is the number of content words they share over log|Si| + log|Sj| (Mihalcea
 * and Tarau's TextRank); stop words are ignored and a plural "s" is
 * dropped. Damping 0.85, power iteration until scores move less than 1e-7. */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "llm/extractive.h"
#include "util/util.h"

/* ---- splitting ---- */

/* Lowercase words that end with a '.' that does not end a sentence. */
static const char *const abbrevs[] = {
        "al",  "app",  "approx", "apr",  "art",   "aug", "ca",   "cf",   "ch",  "chap", "co",
        "col", "corp", "dec",    "dept", "dr",    "ed",  "eds",  "eq",   "eqs", "esp",  "est",
        "feb", "fig",  "figs",   "gen",  "govt",  "inc", "jan",  "jr",   "jul", "jun",  "lt",
        "ltd", "mar",  "max",    "min",  "mr",    "mrs", "ms",   "mt",   "no",  "nos",  "nov",
        "oct", "op",   "p",      "pp",   "prof",  "ref", "refs", "resp", "rev", "sec",  "sect",
        "sep", "sept", "sr",     "st",   "suppl", "tab", "thm",  "viz",  "vol", "vols", "vs",
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool in_list(const char *const *list, size_t n, const char *w)
{
	return bsearch(&w, list, n, sizeof(*list), cmp_str) != NULL;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Does the '.' at text[i] close an abbreviation or an initial? */
static bool is_abbrev_dot(const char *text, size_t i)
{
	size_t j = i;
	while (j > 0 && isalpha((unsigned char)text[j - 1]))
		j--;
	size_t n = i - j;
	if (n == 0)
		return false;
	if (n == 1)
		return true; /* "J. Smith", "e.g.", "i.e." */
	if (j > 0 && text[j - 1] == '.')
		return true; /* the end of "e.g" style runs: "U.S." */
	if (n > 7)
		return false;
	char w[8];
	for (size_t k = 0; k < n; k++)
		w[k] = (char)tolower((unsigned char)text[j + k]);
	w[n] = '\0';
	return in_list(abbrevs, ARRAY_SIZE(abbrevs), w);
}

static bool starts_sentence(unsigned char c)
{
	return isupper(c) || isdigit(c) || c == '"' || c == '\'' || c == '(' || c == '[' ||
	       c >= 0x80; /* a non-ASCII letter or quote: assume a start */
}

/* Is there a sentence end at the terminator text[i]? Sets *end past any
 * closing quotes or brackets. */
static bool sentence_end(const char *text, size_t len, size_t i, size_t *end)
{
	size_t j = i + 1;
	while (j < len && (text[j] == '.' || text[j] == '!' || text[j] == '?'))
		j++;
	while (j < len && (text[j] == '"' || text[j] == '\'' || text[j] == ')' || text[j] == ']'))
		j++;
	*end = j;
	if (j >= len)
		return true;
	if (!is_space(text[j]))
		return false; /* "3.14", "e.g.x", "a.b" */
	if (text[i] == '.' && j == i + 1 && is_abbrev_dot(text, i))
		return false;
	size_t k = j;
	while (k < len && is_space(text[k]))
		k++;
	return k >= len || starts_sentence((unsigned char)text[k]);
}

static void add_sentence(struct ext_sentence **out, size_t *n, size_t *cap, const char *text,
                         size_t a, size_t b)
{
	while (a < b && is_space(text[a]))
		a++;
	while (b > a && is_space(text[b - 1]))
		b--;
	if (a == b)
		return;
	*out = xgrow(*out, cap, *n + 1, sizeof(**out));
	(*out)[(*n)++] = (struct ext_sentence){a, b - a};
}

/* U+3002 。, U+FF01 ！, U+FF1F ？ */
static bool is_wide_stop(const char *s)
{
	return memcmp(s, "\xE3\x80\x82", 3) == 0 || memcmp(s, "\xEF\xBC\x81", 3) == 0 ||
	       memcmp(s, "\xEF\xBC\x9F", 3) == 0;
}

size_t extractive_split(const char *text, size_t len, struct ext_sentence **out)
{
	size_t n = 0, cap = 0, start = 0;
	*out = NULL;
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		size_t end;
		if ((c == '.' || c == '!' || c == '?') && sentence_end(text, len, i, &end)) {
			add_sentence(out, &n, &cap, text, start, end);
			start = end;
			i = end - 1;
		} else if (i + 3 <= len && is_wide_stop(text + i)) {
			/* 。！？ end a sentence with no space after them */
			add_sentence(out, &n, &cap, text, start, i + 3);
			start = i + 3;
			i += 2;
		} else if (c == '\n') {
			/* a blank line ends a paragraph and so a sentence */
			size_t k = i + 1;
			while (k < len && (text[k] == ' ' || text[k] == '\t' || text[k] == '\r'))
				k++;
			if (k < len && text[k] == '\n') {
				add_sentence(out, &n, &cap, text, start, i);
				start = k;
				i = k;
			}
		}
	}
	add_sentence(out, &n, &cap, text, start, len);
	return n;
}

/* ---- words ---- */

static const char *const stop_words[] = {
        "a",       "about",   "above",   "after",  "again", "all",   "also",    "am",    "an",
        "and",     "any",     "are",     "as",     "at",    "be",    "because", "been",  "before",
        "being",   "between", "both",    "but",    "by",    "can",   "could",   "did",   "do",
        "does",    "doing",   "during",  "each",   "et",    "few",   "for",     "from",  "further",
        "had",     "has",     "have",    "having", "he",    "her",   "here",    "hers",  "him",
        "his",     "how",     "however", "i",      "if",    "in",    "into",    "is",    "it",
        "its",     "itself",  "just",    "may",    "me",    "more",  "most",    "much",  "must",
        "my",      "no",      "nor",     "not",    "now",   "of",    "off",     "on",    "once",
        "one",     "only",    "or",      "other",  "our",   "ours",  "out",     "over",  "own",
        "same",    "she",     "should",  "so",     "some",  "such",  "than",    "that",  "the",
        "their",   "theirs",  "them",    "then",   "there", "these", "they",    "this",  "those",
        "through", "thus",    "to",      "too",    "under", "until", "up",      "upon",  "us",
        "very",    "was",     "we",      "were",   "what",  "when",  "where",   "which", "while",
        "who",     "whom",    "why",     "will",   "with",  "would", "you",     "your",
};

/* Word ids by an open-addressing hash over the distinct words. */
struct words {
	char **word;
	size_t n, cap;
	int32_t *slot;
	size_t mask;
};

static uint64_t hash_str(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

static void words_rehash(struct words *w)
{
	size_t cap = (w->mask + 1) * 2;
	free(w->slot);
	w->slot = xmalloc(cap * sizeof(int32_t));
	memset(w->slot, 0xff, cap * sizeof(int32_t));
	w->mask = cap - 1;
	for (size_t i = 0; i < w->n; i++) {
		size_t h = hash_str(w->word[i], strlen(w->word[i])) & w->mask;
		while (w->slot[h] >= 0)
			h = (h + 1) & w->mask;
		w->slot[h] = (int32_t)i;
	}
}

static int32_t words_id(struct words *w, const char *s, size_t n)
{
	if ((w->n + 1) * 2 > w->mask + 1)
		words_rehash(w);
	size_t h = hash_str(s, n) & w->mask;
	for (; w->slot[h] >= 0; h = (h + 1) & w->mask) {
		const char *o = w->word[w->slot[h]];
		if (strncmp(o, s, n) == 0 && o[n] == '\0')
			return w->slot[h];
	}
	w->word = xgrow(w->word, &w->cap, w->n + 1, sizeof(*w->word));
	w->word[w->n] = xstrndup(s, n);
	w->slot[h] = (int32_t)w->n;
	return (int32_t)w->n++;
}

static int cmp_i32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return x < y ? -1 : x > y;
}

/* The distinct content words of a sentence, as sorted ids. */
static size_t sentence_words(struct words *w, const char *s, size_t len, int32_t **ids)
{
	size_t n = 0, cap = 0;
	struct buf word = BUF_INIT;
	*ids = NULL;
	for (size_t i = 0; i <= len; i++) {
		unsigned char c = i < len ? (unsigned char)s[i] : ' ';
		if (isalnum(c) || c >= 0x80) {
			buf_addc(&word, (char)tolower(c));
			continue;
		}
		if (c == '\'' && word.len) /* "model's" -> "model" */
			for (; i + 1 < len && isalpha((unsigned char)s[i + 1]); i++)
				;
		if (word.len >= 2 && !in_list(stop_words, ARRAY_SIZE(stop_words), word.data)) {
			if (word.len > 3 && word.data[word.len - 1] == 's' &&
			    word.data[word.len - 2] != 's')
				word.len--; /* a light stemmer: plural s */
			*ids = xgrow(*ids, &cap, n + 1, sizeof(**ids));
			(*ids)[n++] = words_id(w, word.data, word.len);
		}
		buf_reset(&word);
	}
	buf_free(&word);
	if (n)
		qsort(*ids, n, sizeof(**ids), cmp_i32);
	size_t u = 0;
	for (size_t i = 0; i < n; i++)
		if (u == 0 || (*ids)[u - 1] != (*ids)[i])
			(*ids)[u++] = (*ids)[i];
	return u;
}

static size_t overlap(const int32_t *a, size_t na, const int32_t *b, size_t nb)
{
	size_t i = 0, j = 0, n = 0;
	while (i < na && j < nb) {
		if (a[i] < b[j])
			i++;
		else if (a[i] > b[j])
			j++;
		else
			n++, i++, j++;
	}
	return n;
}

/* ---- TextRank ---- */

/* Headings, captions and equations ("Results", "Fig. 2: x") are ranked
 * after real sentences, and so are run-ons (often extraction debris). */
#define EXT_MIN_WORDS 3
#define EXT_MAX_BYTES 800

struct edge {
	uint32_t from;
	float w; /* weight / out-weight of from */
};

static void textrank(int32_t **ids, const size_t *nids, size_t n, double *score)
{
	/* edges into each node, grouped by node (CSR) */
	struct edge *e = NULL;
	size_t ne = 0, ecap = 0;
	size_t *first = xcalloc(n + 1, sizeof(size_t));
	double *out = xcalloc(n, sizeof(double)), *next = xmalloc(n * sizeof(double));
	for (size_t i = 0; i < n; i++) {
		first[i] = ne;
		for (size_t j = 0; j < n; j++) {
			size_t common = j == i ? 0 : overlap(ids[i], nids[i], ids[j], nids[j]);
			if (!common)
				continue;
			double denom = log((double)nids[i]) + log((double)nids[j]);
			float v = (float)(common / (denom > 0 ? denom : 1.0));
			e = xgrow(e, &ecap, ne + 1, sizeof(*e));
			e[ne++] = (struct edge){(uint32_t)j, v};
			out[j] += v;
		}
	}
	first[n] = ne;
	for (size_t k = 0; k < ne; k++)
		e[k].w = (float)(e[k].w / out[e[k].from]);
	const double d = 0.85;
	for (size_t i = 0; i < n; i++)
		score[i] = 1.0 / (double)n;
	for (int iter = 0; iter < 200; iter++) {
		double delta = 0;
		for (size_t i = 0; i < n; i++) {
			double sum = 0;
			for (size_t k = first[i]; k < first[i + 1]; k++)
				sum += e[k].w * score[e[k].from];
			next[i] = (1 - d) / (double)n + d * sum;
			delta = fmax(delta, fabs(next[i] - score[i]));
		}
		memcpy(score, next, n * sizeof(double));
		if (delta < 1e-7)
			break;
	}
	free(e);
	free(first);
	free(out);
	free(next);
}

struct ranked {
	size_t idx;
	bool fit; /* a proper sentence: neither a fragment nor a run-on */
	double score;
};

static int cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->fit != y->fit)
		return x->fit ? -1 : 1;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static int cmp_idx(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* One line: whitespace squeezed, "inter-\nnational" joined. */
static void add_clean(struct buf *out, const char *s, size_t len)
{
	char *copy = xstrndup(s, len);
	size_t k = 0;
	for (size_t i = 0; i < len; i++) {
		if (copy[i] == '-' && i > 0 && isalpha((unsigned char)copy[i - 1]) && i + 1 < len &&
		    copy[i + 1] == '\n' && i + 2 < len && islower((unsigned char)copy[i + 2])) {
			i++;
			continue;
		}
		copy[k++] = copy[i];
	}
	copy[k] = '\0';
	char *sq = str_squeeze(copy);
	buf_adds(out, sq);
	free(sq);
	free(copy);
}

char *extractive_summary(const char *text, size_t n_sentences)
{
	struct buf out = BUF_INIT;
	struct ext_sentence *all = NULL;
	size_t n_all = text ? extractive_split(text, strlen(text), &all) : 0;
	if (n_all == 0 || n_sentences == 0) {
		free(all);
		return xstrdup("");
	}
	/* past EXTRACTIVE_MAX, rank an evenly spaced subset */
	size_t n = n_all < EXTRACTIVE_MAX ? n_all : EXTRACTIVE_MAX;
	size_t *pick = xmalloc(n * sizeof(*pick));
	for (size_t i = 0; i < n; i++)
		pick[i] = n == n_all ? i : i * n_all / n;
	struct words w = {NULL, 0, 0, NULL, 15};
	w.slot = xmalloc(16 * sizeof(int32_t));
	memset(w.slot, 0xff, 16 * sizeof(int32_t));
	int32_t **ids = xmalloc(n * sizeof(*ids));
	size_t *nids = xmalloc(n * sizeof(*nids));
	for (size_t i = 0; i < n; i++)
		nids[i] = sentence_words(&w, text + all[pick[i]].start, all[pick[i]].len, &ids[i]);
	double *score = xmalloc(n * sizeof(double));
	textrank(ids, nids, n, score);
	struct ranked *r = xmalloc(n * sizeof(*r));
	for (size_t i = 0; i < n; i++)
		r[i] = (struct ranked){
		        pick[i], nids[i] >= EXT_MIN_WORDS && all[pick[i]].len <= EXT_MAX_BYTES,
		        score[i]};
	qsort(r, n, sizeof(*r), cmp_ranked);
	size_t k = n_sentences < n ? n_sentences : n;
	qsort(r, k, sizeof(*r), cmp_idx);
	for (size_t i = 0; i < k; i++) {
		if (i)
			buf_addc(&out, '\n');
		add_clean(&out, text + all[r[i].idx].start, all[r[i].idx].len);
	}
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	for (size_t i = 0; i < w.n; i++)
		free(w.word[i]);
	free(w.word);
	free(w.slot);
	free(ids);
	free(nids);
	free(score);
	free(r);
	free(pick);
	free(all);
	return buf_detach(&out);
}
