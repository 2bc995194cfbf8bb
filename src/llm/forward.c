/* forward: the transformer forward pass (RMSNorm, RoPE, grouped-query
 * attention with a KV cache, SwiGLU) over batches of tokens. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "llm/engine.h"
#include "util/util.h"

#define N_BATCH 64
#define ATT_CHUNK 64   /* cached positions per attention work item */
#define ATT_TOKENS 8   /* batch tokens per attention work item */
#define ATT_PART_BYTES (4u << 20)   /* default of llm_ctx.att_part_bytes */

struct llm_ctx *llm_ctx_new(const struct llm_model *m, size_t n_ctx, int n_threads, char **errp)
{
	const struct llm_hparams *hp = &m->hp;
	if (n_ctx == 0 || n_ctx > hp->n_ctx_train)
		n_ctx = hp->n_ctx_train;
	size_t kvd = hp->n_head_kv * hp->head_dim, qd = hp->n_head * hp->head_dim;
	size_t cache = hp->n_layer * n_ctx * kvd;
	if (cache / n_ctx / kvd != hp->n_layer || cache > SIZE_MAX / sizeof(uint16_t) / 2) {
		error_set(errp, "llm: KV cache of %zu positions is too large", n_ctx);
		return NULL;
	}
	struct llm_ctx *c = xcalloc(1, sizeof(*c));
	c->m = m;
	c->n_ctx = n_ctx;
	c->n_batch = N_BATCH;
	c->att_part_bytes = ATT_PART_BYTES;
	/* calloc: untouched pages cost no memory until positions are used */
	c->k_cache = xcalloc(cache, sizeof(uint16_t));
	c->v_cache = xcalloc(cache, sizeof(uint16_t));
	size_t nb = c->n_batch;
	c->x = xmalloc(nb * hp->n_embd * sizeof(float));
	c->xn = xmalloc(nb * (hp->n_embd > qd ? hp->n_embd : qd) * sizeof(float));
	c->q = xmalloc(nb * qd * sizeof(float));
	c->k = xmalloc(nb * kvd * sizeof(float));
	c->v = xmalloc(nb * kvd * sizeof(float));
	c->att = xmalloc(nb * qd * sizeof(float));
	c->gate = xmalloc(nb * hp->n_ff * sizeof(float));
	c->up = xmalloc(nb * hp->n_ff * sizeof(float));
	c->rope_cs = xmalloc(nb * hp->n_rot * sizeof(float));
	c->pool = threadpool_new(n_threads);
	size_t nth = (size_t)threadpool_size(c->pool), group = hp->n_head / hp->n_head_kv;
	c->scores = xmalloc(nth * group * ATT_CHUNK * sizeof(float));
	c->att_tile = xmalloc(nth * 2 * ATT_CHUNK * hp->head_dim * sizeof(float));
	return c;
}

void llm_ctx_free(struct llm_ctx **cp)
{
	struct llm_ctx *c = *cp;
	if (!c)
		return;
	threadpool_free(&c->pool);
	free(c->k_cache);
	free(c->v_cache);
	free(c->x);
	free(c->xn);
	free(c->q);
	free(c->k);
	free(c->v);
	free(c->att);
	free(c->gate);
	free(c->up);
	free(c->rope_cs);
	free(c->scores);
	free(c->att_tile);
	free(c->att_part);
	for (size_t i = 0; i < ARRAY_SIZE(c->act); i++)
		free(c->act[i]);
	free(c);
	*cp = NULL;
}

size_t llm_ctx_n_ctx(const struct llm_ctx *c) { return c->n_ctx; }
size_t llm_ctx_n_past(const struct llm_ctx *c) { return c->n_past; }

void llm_ctx_truncate(struct llm_ctx *c, size_t pos)
{
	if (pos < c->n_past)
		c->n_past = pos;
}

static void rmsnorm(float *out, const float *x, const float *w, size_t n, float eps)
{
	double ss = 0;
	for (size_t i = 0; i < n; i++)
		ss += (double)x[i] * x[i];
	float s = (float)(1.0 / sqrt(ss / (double)n + eps));
	for (size_t i = 0; i < n; i++)
		out[i] = x[i] * s * w[i];
}

/* cos/sin for each batch position and rotary pair */
static void rope_tables(struct llm_ctx *c, size_t n_tok)
{
	const struct llm_hparams *hp = &c->m->hp;
	for (size_t t = 0; t < n_tok; t++) {
		float *cs = c->rope_cs + t * hp->n_rot;
		double pos = (double)(c->n_past + t);
		for (size_t i = 0; i < hp->n_rot / 2; i++) {
			double a = pos * c->m->rope_inv_freq[i];
			cs[2 * i] = (float)cos(a);
			cs[2 * i + 1] = (float)sin(a);
		}
	}
}

/* Rotate n_heads heads of one token in place. NORM style rotates adjacent
 * pairs (llama GGUFs have Q/K permuted for it); NEOX rotates (i, i + n/2). */
static void rope_apply(const struct llm_hparams *hp, float *v, size_t n_heads, const float *cs)
{
	size_t half = hp->n_rot / 2;
	for (size_t h = 0; h < n_heads; h++, v += hp->head_dim) {
		for (size_t i = 0; i < half; i++) {
			float co = cs[2 * i], si = cs[2 * i + 1];
			size_t a = hp->rope_neox ? i : 2 * i, b = hp->rope_neox ? i + half : 2 * i + 1;
			float x0 = v[a], x1 = v[b];
			v[a] = x0 * co - x1 * si;
			v[b] = x0 * si + x1 * co;
		}
	}
}

/* Attention goes in chunks of ATT_CHUNK cached positions: one work item is
 * a (chunk, KV head, block of ATT_TOKENS tokens), in that order, so that a
 * thread's run of items reads the cache once and in order. An item
 * converts the chunk's keys and values to floats once, into the thread's
 * tile, and serves from there every token of the block and every query
 * head sharing that KV head (GQA), leaving a partial softmax (max, sum,
 * unnormalised output) per token and query head; a second pass merges the
 * chunks in order, rescaling each by exp(its max - the overall max). So
 * one token's attention over a long context is split over positions and
 * spread on all threads. Each partial depends only on its token, head and
 * chunk, so results do not depend on the thread count or batching. */

struct attn_task {
	struct llm_ctx *c;
	size_t layer, t0, nt, n_chunk;   /* tokens t0..t0 + nt of the batch */
	size_t n_blocks;                 /* of ATT_TOKENS tokens */
};

/* (max, sum, output[head_dim]) of one token, head and chunk */
static float *attn_partial(const struct attn_task *at, size_t t, size_t h, size_t ch)
{
	const struct llm_hparams *hp = &at->c->m->hp;
	return at->c->att_part + (((t - at->t0) * hp->n_head + h) * at->n_chunk + ch) * (hp->head_dim + 2);
}

static void attn_chunk(void *arg, size_t item, int ith)
{
	struct attn_task *at = arg;
	struct llm_ctx *c = at->c;
	const struct llm_hparams *hp = &c->m->hp;
	const struct kernels *k = kernels_get();
	size_t tb = at->t0 + item % at->n_blocks * ATT_TOKENS;
	size_t kvh = item / at->n_blocks % hp->n_head_kv, ch = item / at->n_blocks / hp->n_head_kv;
	size_t te = tb + ATT_TOKENS < at->t0 + at->nt ? tb + ATT_TOKENS : at->t0 + at->nt;
	size_t p0 = ch * ATT_CHUNK, n_pos = c->n_past + te;   /* the last token sees most */
	if (p0 >= n_pos)
		return;
	size_t n_max = n_pos - p0 < ATT_CHUNK ? n_pos - p0 : ATT_CHUNK;
	size_t hd = hp->head_dim, kvd = hp->n_head_kv * hd, group = hp->n_head / hp->n_head_kv;
	size_t off = (at->layer * c->n_ctx + p0) * kvd + kvh * hd;
	float *sc = c->scores + (size_t)ith * group * ATT_CHUNK;
	float *kt = c->att_tile + (size_t)ith * 2 * ATT_CHUNK * hd, *vt = kt + ATT_CHUNK * hd;
	k->half_rows(kt, c->k_cache + off, kvd, n_max, hd);
	k->half_rows(vt, c->v_cache + off, kvd, n_max, hd);
	float scale = 1.0f / sqrtf((float)hd);
	for (size_t t = tb; t < te; t++) {
		if (p0 >= c->n_past + t + 1)
			continue;
		size_t n = c->n_past + t + 1 - p0 < n_max ? c->n_past + t + 1 - p0 : n_max;
		k->dot_rows(c->q + (t * hp->n_head + kvh * group) * hd, group, kt, n, hd, sc);
		for (size_t j = 0; j < group; j++) {
			float mx, sum = k->softmax_exp(sc + j * n, n, scale, &mx);
			float *part = attn_partial(at, t, kvh * group + j, ch);
			part[0] = mx;
			part[1] = sum;
			memset(part + 2, 0, hd * sizeof(float));
			k->axpy_rows(part + 2, sc + j * n, vt, n, hd);
		}
	}
}

/* one head of one token (item: token t0 + item / n_head): its chunks'
 * partial softmaxes, in order */
static void attn_merge(void *arg, size_t item, int ith)
{
	struct attn_task *at = arg;
	struct llm_ctx *c = at->c;
	const struct llm_hparams *hp = &c->m->hp;
	size_t t = at->t0 + item / hp->n_head, h = item % hp->n_head, hd = hp->head_dim;
	size_t n_used = (c->n_past + t) / ATT_CHUNK + 1;
	float *out = c->att + (t * hp->n_head + h) * hd, mx = -INFINITY, sum = 0;
	(void)ith;
	for (size_t ch = 0; ch < n_used; ch++)
		if (attn_partial(at, t, h, ch)[0] > mx)
			mx = attn_partial(at, t, h, ch)[0];
	memset(out, 0, hd * sizeof(float));
	for (size_t ch = 0; ch < n_used; ch++) {
		const float *part = attn_partial(at, t, h, ch);
		float w = expf(part[0] - mx);
		sum += w * part[1];
		for (size_t i = 0; i < hd; i++)
			out[i] += w * part[2 + i];
	}
	for (size_t i = 0; i < hd; i++)
		out[i] /= sum;
}

void llm_attention(struct llm_ctx *c, size_t il, size_t n_tok)
{
	const struct llm_hparams *hp = &c->m->hp;
	struct attn_task at = {c, il, 0, 0, (c->n_past + n_tok + ATT_CHUNK - 1) / ATT_CHUNK, 0};
	size_t per_tok = hp->n_head * at.n_chunk * (hp->head_dim + 2);
	size_t step = c->att_part_bytes / sizeof(float) / per_tok;
	if (step == 0)
		step = 1;
	if (step > n_tok)
		step = n_tok;
	if (c->att_part_cap < step * per_tok) {
		free(c->att_part);
		c->att_part_cap = step * per_tok;
		c->att_part = xmalloc(c->att_part_cap * sizeof(float));
	}
	for (at.t0 = 0; at.t0 < n_tok; at.t0 += step) {
		at.nt = n_tok - at.t0 < step ? n_tok - at.t0 : step;
		at.n_blocks = (at.nt + ATT_TOKENS - 1) / ATT_TOKENS;
		threadpool_for(c->pool, at.n_blocks * hp->n_head_kv * at.n_chunk, attn_chunk, &at);
		threadpool_for(c->pool, at.nt * hp->n_head, attn_merge, &at);
	}
}

static void add_bias(float *x, const float *b, size_t n_tok, size_t n)
{
	if (!b)
		return;
	for (size_t t = 0; t < n_tok; t++)
		for (size_t i = 0; i < n; i++)
			x[t * n + i] += b[i];
}

static void layer_forward(struct llm_ctx *c, size_t il, size_t n_tok)
{
	const struct llm_model *m = c->m;
	const struct llm_hparams *hp = &m->hp;
	const struct llm_layer *ly = &m->layers[il];
	size_t E = hp->n_embd, hd = hp->head_dim;
	size_t qd = hp->n_head * hd, kvd = hp->n_head_kv * hd;

	for (size_t t = 0; t < n_tok; t++)
		rmsnorm(c->xn + t * E, c->x + t * E, ly->attn_norm, E, hp->rms_eps);
	struct mm_job qkv[3] = {
		{&ly->wq, c->xn, E, c->q, qd, NULL, 0},
		{&ly->wk, c->xn, E, c->k, kvd, NULL, 0},
		{&ly->wv, c->xn, E, c->v, kvd, NULL, 0},
	};
	matmul_run(c, qkv, 3, n_tok);
	add_bias(c->q, ly->bq, n_tok, qd);
	add_bias(c->k, ly->bk, n_tok, kvd);
	add_bias(c->v, ly->bv, n_tok, kvd);
	uint16_t *kc = c->k_cache + il * c->n_ctx * kvd, *vc = c->v_cache + il * c->n_ctx * kvd;
	const struct kernels *k = kernels_get();
	for (size_t t = 0; t < n_tok; t++) {
		const float *cs = c->rope_cs + t * hp->n_rot;
		rope_apply(hp, c->q + t * qd, hp->n_head, cs);
		rope_apply(hp, c->k + t * kvd, hp->n_head_kv, cs);
		k->store_half(kc + (c->n_past + t) * kvd, c->k + t * kvd, kvd);
		k->store_half(vc + (c->n_past + t) * kvd, c->v + t * kvd, kvd);
	}
	llm_attention(c, il, n_tok);

	/* attention output, added to the residual */
	struct mm_job o = {&ly->wo, c->att, qd, c->xn, E, NULL, 0};
	matmul_run(c, &o, 1, n_tok);
	for (size_t i = 0; i < n_tok * E; i++)
		c->x[i] += c->xn[i];

	for (size_t t = 0; t < n_tok; t++)
		rmsnorm(c->xn + t * E, c->x + t * E, ly->ffn_norm, E, hp->rms_eps);
	struct mm_job gu[2] = {
		{&ly->w_gate, c->xn, E, c->gate, hp->n_ff, NULL, 0},
		{&ly->w_up, c->xn, E, c->up, hp->n_ff, NULL, 0},
	};
	matmul_swiglu(c, gu, n_tok);
	struct mm_job down = {&ly->w_down, c->gate, hp->n_ff, c->xn, E, NULL, 0};
	matmul_run(c, &down, 1, n_tok);
	for (size_t i = 0; i < n_tok * E; i++)
		c->x[i] += c->xn[i];
}

static void batch_forward(struct llm_ctx *c, const int32_t *tokens, size_t n_tok, float *logits)
{
	const struct llm_model *m = c->m;
	const struct llm_hparams *hp = &m->hp;
	size_t E = hp->n_embd;
	for (size_t t = 0; t < n_tok; t++)
		dequant_row(m->tok_embd.type, m->tok_embd.data + (size_t)tokens[t] * m->tok_embd.row_bytes,
			    c->x + t * E, E);
	rope_tables(c, n_tok);
	for (size_t il = 0; il < hp->n_layer; il++)
		layer_forward(c, il, n_tok);
	c->n_past += n_tok;
	if (!logits)
		return;
	rmsnorm(c->xn, c->x + (n_tok - 1) * E, m->output_norm, E, hp->rms_eps);
	struct mm_job out = {&m->output, c->xn, E, logits, hp->n_vocab, NULL, 0};
	matmul_run(c, &out, 1, 1);
}

int llm_eval(struct llm_ctx *c, const int32_t *tokens, size_t n, float *logits_out_last, char **errp)
{
	const struct llm_hparams *hp = &c->m->hp;
	if (n == 0)
		return error_set(errp, "llm: no tokens to evaluate");
	if (n > c->n_ctx - c->n_past)
		return error_set(errp, "llm: context is full (%zu + %zu tokens > %zu)",
				 c->n_past, n, c->n_ctx);
	for (size_t i = 0; i < n; i++)
		if (tokens[i] < 0 || (size_t)tokens[i] >= hp->n_vocab)
			return error_set(errp, "llm: token id %d is out of range (vocabulary %zu)",
					 (int)tokens[i], hp->n_vocab);
	for (size_t i = 0; i < n; i += c->n_batch) {
		size_t nb = n - i < c->n_batch ? n - i : c->n_batch;
		batch_forward(c, tokens + i, nb, i + nb == n ? logits_out_last : NULL);
	}
	return 0;
}
