/* Attention (forward.c: chunks of cached positions, keys and values
 * converted once per KV head for all the query heads sharing them, partial
 * softmaxes merged) against a plain reference: double precision, one
 * softmax over all positions, on random queries and cache contents, for
 * every kernel table, several lengths and GQA ratios, one generated token
 * and a batch.
 *
 * Tolerance: values are in [-1, 1] and the output is a weighted mean of
 * them, so errors are absolute. Scores are float sums of head_dim products
 * (|q| <= 2, |k| <= 1): off by at most ~head_dim * 2^-24 * 2 ~ 1e-5 before
 * the 1/sqrt(head_dim) scale, ~1e-6 after, which moves each weight by as
 * little relatively; the exponential is within 2 ulp, and the sums of at
 * most 64 weighted rows per chunk and 64 chunks add ~128 * 2^-24 ~ 1e-5
 * at worst. 2e-5 covers that, while a position dropped or seen twice at
 * 4,096 moves the output by ~1/4096 ~ 2.4e-4 (the batch's causal mask and
 * the chunk edges at 63/64/65 are where that would happen). */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "llm/engine.h"
#include "llm/quant.h"
#include "tap.h"
#include "util/util.h"

#define TOL 2e-5
#define N_CTX 4096

static uint32_t rng = 4242;
static float frnd(void)
{
	rng = rng * 1664525u + 1013904223u;
	return (float)(rng >> 8) / (float)(1u << 24) * 2.0f - 1.0f;
}

/* max |c->att - reference| over the n_tok tokens of the batch */
static double max_error(struct llm_ctx *c, size_t n_tok)
{
	const struct llm_hparams *hp = &c->m->hp;
	size_t hd = hp->head_dim, kvd = hp->n_head_kv * hd, group = hp->n_head / hp->n_head_kv;
	double *s = xmalloc(N_CTX * sizeof(double)), worst = 0;
	for (size_t t = 0; t < n_tok; t++) {
		size_t n_pos = c->n_past + t + 1;
		for (size_t h = 0; h < hp->n_head; h++) {
			const float *q = c->q + (t * hp->n_head + h) * hd;
			size_t kv = h / group * hd;
			double mx = -INFINITY, sum = 0;
			for (size_t p = 0; p < n_pos; p++) {
				double d = 0;
				for (size_t i = 0; i < hd; i++)
					d += (double)q[i] * fp16_to_fp32(c->k_cache[p * kvd + kv + i]);
				s[p] = d / sqrt((double)hd);
				mx = s[p] > mx ? s[p] : mx;
			}
			for (size_t p = 0; p < n_pos; p++)
				sum += s[p] = exp(s[p] - mx);
			for (size_t i = 0; i < hd; i++) {
				double o = 0;
				for (size_t p = 0; p < n_pos; p++)
					o += s[p] * fp16_to_fp32(c->v_cache[p * kvd + kv + i]);
				double e = fabs(o / sum - c->att[(t * hp->n_head + h) * hd + i]);
				worst = e > worst || isnan(e) ? e : worst;
			}
		}
	}
	free(s);
	return worst;
}

static void test_shape(const char *kname, size_t n_head, size_t n_head_kv, size_t head_dim)
{
	struct llm_model m = {0};
	m.hp = (struct llm_hparams){.n_embd = 64, .n_layer = 1, .n_head = n_head,
				    .n_head_kv = n_head_kv, .head_dim = head_dim, .n_ff = 64,
				    .n_vocab = 1, .n_ctx_train = N_CTX, .n_rot = head_dim};
	char *err = NULL;
	struct llm_ctx *c = llm_ctx_new(&m, N_CTX, 2, &err);
	if (!c)
		die("llm_ctx_new: %s", err);
	size_t kvd = n_head_kv * head_dim, qd = n_head * head_dim;
	float *row = xmalloc(kvd * sizeof(float));
	for (size_t p = 0; p < N_CTX; p++) {
		for (size_t i = 0; i < kvd; i++)
			row[i] = frnd();
		kernels_get()->store_half(c->k_cache + p * kvd, row, kvd);
		for (size_t i = 0; i < kvd; i++)
			row[i] = frnd();
		kernels_get()->store_half(c->v_cache + p * kvd, row, kvd);
	}
	free(row);
	static const size_t lens[] = {1, 63, 64, 65, 1500, 4096};
	for (size_t li = 0; li < ARRAY_SIZE(lens); li++) {
		/* one generated token, then a batch of 19 (2 blocks and a
		 * part) ending at the same length, whole and token by token */
		size_t batch = lens[li] < 19 ? lens[li] : 19;
		size_t runs[][2] = {{1, 0}, {batch, 0}, {batch, 1}};
		for (size_t r = 0; r < ARRAY_SIZE(runs); r++) {
			size_t n_tok = runs[r][0];
			for (size_t i = 0; i < n_tok * qd; i++)
				c->q[i] = 2 * frnd();
			c->n_past = lens[li] - n_tok;
			c->att_part_bytes = runs[r][1] ? 1 : 4u << 20;
			llm_attention(c, 0, n_tok);
			double e = max_error(c, n_tok);
			ok(e <= TOL, "%s: %zu heads / %zu KV heads of %zu, %zu positions, %zu tokens%s: "
			   "max error %.2g <= %g", kname, n_head, n_head_kv, head_dim, lens[li], n_tok,
			   runs[r][1] ? " one by one" : "", e, TOL);
		}
	}
	llm_ctx_free(&c);
}

int main(void)
{
	static const char *const names[] = {"generic", "avx2", "avx512"};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		if (!kernels_select(names[i])) {
			skip("kernels %s: not on this CPU", names[i]);
			continue;
		}
		test_shape(names[i], 9, 3, 64);   /* SmolLM2-135M */
		test_shape(names[i], 4, 4, 64);   /* no sharing */
		test_shape(names[i], 8, 1, 40);   /* one KV head, vector tails */
	}
	kernels_select(NULL);
	return done_testing();
}
