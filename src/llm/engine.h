/* engine: the model and context structures shared by model.c, forward.c and
 * matmul.c. Private to src/llm. */
#ifndef QUIRE_LLM_ENGINE_H
#define QUIRE_LLM_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "llm/gguf.h"
#include "llm/llm.h"
#include "llm/quant.h"
#include "llm/threadpool.h"

/* A weight matrix of n_out rows of n_in elements, rows row_bytes apart in
 * the file; or, when pack is set, repacked at load into own (data points
 * there, PACK_ROWS rows a group, groups n_in / 32 packed blocks long). */
struct weight {
	const uint8_t *data;
	enum ggml_type type;
	size_t n_in, n_out, row_bytes;
	enum pack_kind pack;
	void *own;
};

struct llm_layer {
	float *attn_norm, *ffn_norm;      /* n_embd, dequantised at load */
	float *bq, *bk, *bv;              /* qwen2 biases or NULL */
	struct weight wq, wk, wv, wo, w_gate, w_up, w_down;
};

struct llm_hparams {
	size_t n_embd, n_layer, n_head, n_head_kv, head_dim, n_ff, n_vocab, n_ctx_train;
	size_t n_rot;
	float rms_eps, rope_base, rope_scale;   /* positions are divided by rope_scale */
	bool rope_neox;
};

struct llm_model {
	struct gguf_file *gguf;
	char *name, *arch;
	struct llm_hparams hp;
	struct llm_layer *layers;
	struct weight tok_embd, output;
	float *output_norm;
	float *rope_inv_freq;   /* n_rot / 2 */
	size_t weight_bytes;
};

struct llm_ctx {
	const struct llm_model *m;
	struct threadpool *pool;
	size_t n_ctx, n_past, n_batch;
	/* [layer][pos][n_head_kv * head_dim], half precision as llama.cpp
	 * keeps them: half the bytes attention reads at every step */
	uint16_t *k_cache, *v_cache;
	/* batch buffers, n_batch rows each */
	float *x, *xn, *q, *k, *v, *att, *gate, *up;
	void *act[3];               /* quantised activations per enum act_kind */
	size_t act_cap[3];
	float *scores;              /* n_threads * n_head / n_head_kv * ATT_CHUNK */
	float *att_tile;            /* n_threads * 2 * ATT_CHUNK * head_dim: keys, values */
	float *att_part;            /* partial softmaxes of attention chunks */
	size_t att_part_cap;
	size_t att_part_bytes;      /* at most this many at once (4 MiB; tests lower it) */
	float *rope_cs;             /* n_batch * n_rot: cos, sin pairs */
};

/* Build a model from a parsed file, taking ownership of f (closed on
 * failure too). Used by llm_model_open and the fuzz target. */
struct llm_model *llm_model_from_gguf(struct gguf_file *f, char **errp);

/* Attention of the n_tok batch tokens at positions n_past.. of layer il:
 * their query heads (c->q), over the keys and values of that layer's
 * cache up to each token's own position, into c->att. */
void llm_attention(struct llm_ctx *c, size_t il, size_t n_tok);

/* One matrix product out[t][r] = W[r] . act[t] for t < n_tok. */
struct mm_job {
	const struct weight *w;
	const float *x;        /* n_tok rows of w->n_in floats, stride x_stride */
	size_t x_stride;
	float *out;            /* n_tok rows, stride out_stride */
	size_t out_stride;
	const void *act;       /* filled by matmul_run */
	size_t act_stride;
};

/* Run up to 4 products over the same batch in one parallel pass; their
 * inputs are quantised to the formats the weights need first. */
void matmul_run(struct llm_ctx *c, struct mm_job *jobs, int n_jobs, size_t n_tok);
/* The gate and up products of equal shape, finished in place by each
 * thread on its own rows: gate = silu(gate) * up. */
void matmul_swiglu(struct llm_ctx *c, struct mm_job gate_up[2], size_t n_tok);

#endif
