/* sampler: the filters run in llama.cpp's default order: repetition
 * penalty, top-k, top-p, min-p, then temperature and a draw. The PRNG is
 * splitmix64: integer-only, so a seed repeats everywhere. */
#include "config.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "llm/sampler.h"

struct sampler {
	struct sampler_params p;
	size_t n_vocab;
	struct sampler_cand *cand;
	int32_t *recent; /* ring of the last repeat_last_n tokens */
	size_t n_recent, recent_pos;
	uint8_t *seen; /* n_vocab flags, scratch of the penalty */
	int32_t *hist; /* tokens accepted since sampler_mark (no_repeat_ngram) */
	size_t n_hist, cap_hist;
	uint64_t rng;
};

void sampler_params_default(struct sampler_params *p)
{
	*p = (struct sampler_params){
	        .temperature = 0.7f,
	        .top_k = 40,
	        .top_p = 0.95f,
	        .min_p = 0.05f,
	        .repeat_penalty = 1.1f,
	        .repeat_last_n = 64,
	        .seed = 42,
	};
}

static uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, 1) with 53 random bits. */
static double uniform(struct sampler *s)
{
	return (double)(splitmix64(&s->rng) >> 11) * 0x1.0p-53;
}

struct sampler *sampler_create(const struct sampler_params *p, size_t n_vocab)
{
	struct sampler *s = xcalloc(1, sizeof(*s));
	s->p = *p;
	if (s->p.repeat_last_n < 0)
		s->p.repeat_last_n = 0;
	s->n_vocab = n_vocab;
	s->cand = xmalloc((n_vocab ? n_vocab : 1) * sizeof(*s->cand));
	s->recent = xmalloc(((size_t)s->p.repeat_last_n + 1) * sizeof(int32_t));
	s->seen = xcalloc(n_vocab ? n_vocab : 1, 1);
	s->rng = p->seed;
	return s;
}

void sampler_free(struct sampler **sp)
{
	struct sampler *s = *sp;
	if (!s)
		return;
	free(s->cand);
	free(s->recent);
	free(s->seen);
	free(s->hist);
	FREE(sp);
}

void sampler_reset(struct sampler *s)
{
	s->n_recent = s->recent_pos = 0;
	s->n_hist = 0;
	s->rng = s->p.seed;
}

void sampler_mark(struct sampler *s)
{
	s->n_hist = 0;
}

void sampler_accept(struct sampler *s, int32_t id)
{
	size_t n = (size_t)s->p.repeat_last_n;
	if (id < 0 || (size_t)id >= s->n_vocab)
		return;
	if (s->p.no_repeat_ngram >= 2) {
		s->hist = xgrow(s->hist, &s->cap_hist, s->n_hist + 1, sizeof *s->hist);
		s->hist[s->n_hist++] = id;
	}
	if (n == 0)
		return;
	s->recent[s->recent_pos] = id;
	s->recent_pos = (s->recent_pos + 1) % n;
	if (s->n_recent < n)
		s->n_recent++;
}

/* Divide positive logits by the penalty, multiply negative ones, once per
 * distinct recent token. */
static void apply_penalty(struct sampler *s)
{
	float pen = s->p.repeat_penalty;
	if (pen == 1.0f || pen <= 0 || s->n_recent == 0)
		return;
	for (size_t i = 0; i < s->n_recent; i++) {
		int32_t id = s->recent[i];
		if (s->seen[id])
			continue;
		s->seen[id] = 1;
		float *l = &s->cand[id].logit;
		*l = *l > 0 ? *l / pen : *l * pen;
	}
	for (size_t i = 0; i < s->n_recent; i++)
		s->seen[s->recent[i]] = 0;
}

/* Ban every token that would complete an n-gram already in the history:
 * the n-1 last tokens are looked for earlier in it. */
static void block_ngrams(struct sampler *s)
{
	size_t n = (size_t)s->p.no_repeat_ngram, h = s->n_hist;
	if (n < 2 || h < n)
		return;
	const int32_t *tail = s->hist + h - (n - 1);
	for (size_t i = 0; i + n - 1 < h; i++)
		if (memcmp(s->hist + i, tail, (n - 1) * sizeof *tail) == 0)
			s->cand[s->hist[i + n - 1]].logit = -FLT_MAX;
}

static int cand_cmp(const void *a, const void *b)
{
	const struct sampler_cand *x = a, *y = b;
	if (x->logit != y->logit)
		return x->logit > y->logit ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Sort the k best of n to the front (in order). */
static void partial_sort(struct sampler_cand *c, size_t n, size_t k)
{
	if (k < n / 8) {
		/* a min-heap of the k best, then sorted */
		for (size_t i = 0; i < n; i++) {
			if (i >= k && cand_cmp(&c[i], &c[0]) >= 0)
				continue;
			struct sampler_cand x = c[i];
			size_t j;
			if (i < k) {
				j = i;
				while (j > 0 && cand_cmp(&x, &c[(j - 1) / 2]) > 0) {
					c[j] = c[(j - 1) / 2];
					j = (j - 1) / 2;
				}
				c[j] = x;
				continue;
			}
			c[i] = c[0]; /* the evicted one goes where x was */
			j = 0;
			for (;;) {
				size_t ch = 2 * j + 1;
				if (ch >= k)
					break;
				if (ch + 1 < k && cand_cmp(&c[ch + 1], &c[ch]) > 0)
					ch++;
				if (cand_cmp(&c[ch], &x) <= 0)
					break;
				c[j] = c[ch];
				j = ch;
			}
			c[j] = x;
		}
		qsort(c, k, sizeof(*c), cand_cmp);
	} else {
		qsort(c, n, sizeof(*c), cand_cmp);
	}
}

/* Probabilities of c[0..n) (sorted, best first) at temperature temp. */
static void softmax(struct sampler_cand *c, size_t n, float temp)
{
	double sum = 0;
	float max = c[0].logit;
	for (size_t i = 0; i < n; i++) {
		c[i].p = expf((c[i].logit - max) / temp);
		sum += c[i].p;
	}
	for (size_t i = 0; i < n; i++)
		c[i].p = (float)(c[i].p / sum);
}

static size_t greedy(struct sampler *s)
{
	size_t best = 0;
	for (size_t i = 1; i < s->n_vocab; i++)
		if (s->cand[i].logit > s->cand[best].logit)
			best = i;
	s->cand[0] = s->cand[best];
	s->cand[0].p = 1;
	return 1;
}

size_t sampler_candidates(struct sampler *s, const float *logits, const struct sampler_cand **out)
{
	*out = s->cand;
	if (s->n_vocab == 0)
		return 0;
	for (size_t i = 0; i < s->n_vocab; i++)
		s->cand[i] = (struct sampler_cand){(int32_t)i,
		                                   isnan(logits[i]) ? -FLT_MAX : logits[i], 0};
	apply_penalty(s);
	block_ngrams(s);
	if (s->p.temperature <= 0)
		return greedy(s);
	size_t n = s->n_vocab;
	if (s->p.top_k > 0 && (size_t)s->p.top_k < n) {
		partial_sort(s->cand, n, (size_t)s->p.top_k);
		n = (size_t)s->p.top_k;
	} else {
		qsort(s->cand, n, sizeof(*s->cand), cand_cmp);
	}
	softmax(s->cand, n, 1.0f);
	if (s->p.top_p < 1.0f) {
		double cum = 0;
		size_t keep = n;
		for (size_t i = 0; i < n; i++) {
			cum += s->cand[i].p;
			if (cum >= s->p.top_p) {
				keep = i + 1;
				break;
			}
		}
		n = keep;
	}
	if (s->p.min_p > 0) {
		float floor_p = s->p.min_p * s->cand[0].p;
		size_t keep = 1;
		while (keep < n && s->cand[keep].p >= floor_p)
			keep++;
		n = keep;
	}
	softmax(s->cand, n, 1.0f);
	return n;
}

int32_t sampler_sample(struct sampler *s, const float *logits)
{
	const struct sampler_cand *c;
	size_t n = sampler_candidates(s, logits, &c);
	if (n == 0)
		return -1;
	if (n == 1 || s->p.temperature <= 0)
		return c[0].id;
	softmax(s->cand, n, s->p.temperature);
	double r = uniform(s), cum = 0;
	for (size_t i = 0; i < n; i++) {
		cum += s->cand[i].p;
		if (r < cum)
			return s->cand[i].id;
	}
	return s->cand[n - 1].id;
}

/* ---- stop strings ---- */

void stop_scan_init(struct stop_scan *s, const char *const *stops, size_t n)
{
	*s = (struct stop_scan){STRVEC_INIT, BUF_INIT, false};
	for (size_t i = 0; i < n; i++)
		if (stops[i] && stops[i][0])
			strvec_push(&s->stops, stops[i]);
}

/* Length of the longest suffix of b that is a proper prefix of a stop. */
static size_t held_suffix(const struct stop_scan *s, const char *b, size_t len)
{
	size_t best = 0;
	for (size_t k = 0; k < s->stops.n; k++) {
		const char *st = s->stops.v[k];
		size_t sl = strlen(st);
		for (size_t n = sl - 1 < len ? sl - 1 : len; n > best; n--) {
			if (memcmp(b + len - n, st, n) == 0) {
				best = n;
				break;
			}
		}
	}
	return best;
}

bool stop_scan_feed(struct stop_scan *s, const char *text, size_t len, struct buf *out)
{
	if (s->stopped)
		return true;
	buf_add(&s->held, text, len);
	size_t hl = s->held.len, first = hl;
	const char *h = s->held.data;
	for (size_t k = 0; k < s->stops.n; k++) {
		const char *st = s->stops.v[k];
		size_t sl = strlen(st);
		for (size_t i = 0; i + sl <= hl && i < first; i++) {
			if (memcmp(h + i, st, sl) == 0) {
				first = i;
				break;
			}
		}
	}
	if (first < hl) {
		buf_add(out, h, first);
		buf_reset(&s->held);
		s->stopped = true;
		return true;
	}
	size_t keep = held_suffix(s, h, hl);
	buf_add(out, h, hl - keep);
	memmove(s->held.data, h + hl - keep, keep);
	s->held.len = keep;
	if (s->held.data)
		s->held.data[keep] = '\0';
	return false;
}

void stop_scan_finish(struct stop_scan *s, struct buf *out)
{
	if (!s->stopped)
		buf_add(out, s->held.data, s->held.len);
	buf_reset(&s->held);
}

void stop_scan_free(struct stop_scan *s)
{
	strvec_free(&s->stops);
	buf_free(&s->held);
}
