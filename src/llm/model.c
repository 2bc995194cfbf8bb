/* model: load a llama/qwen2 GGUF model, check every tensor it uses against
 * the hyperparameters, and expose its metadata. */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "llm/engine.h"
#include "util/util.h"

struct loader {
	const struct gguf_file *f;
	const char *path;
	char **errp;
	struct buf key;
};

static const char *lkey(struct loader *l, const char *arch, const char *suffix)
{
	buf_reset(&l->key);
	buf_printf(&l->key, "%s.%s", arch, suffix);
	return buf_str(&l->key);
}

static int get_size(struct loader *l, const char *arch, const char *suffix, size_t *out,
		    bool required, size_t max)
{
	int64_t v;
	const char *key = lkey(l, arch, suffix);
	if (!gguf_get_int(l->f, key, &v)) {
		if (!required)
			return 0;
		return error_set(l->errp, "%s: missing or non-integer metadata key %s", l->path, key);
	}
	if (v <= 0 || (uint64_t)v > max)
		return error_set(l->errp, "%s: metadata key %s has an invalid value %lld",
				 l->path, key, (long long)v);
	*out = (size_t)v;
	return 0;
}

static bool type_supported(enum ggml_type t)
{
	switch (t) {
	case GGML_F32: case GGML_F16: case GGML_BF16: case GGML_Q4_0: case GGML_Q4_1:
	case GGML_Q8_0: case GGML_Q4_K: case GGML_Q6_K:
		return true;
	default:
		return false;
	}
}

static const struct gguf_tensor *find_tensor(struct loader *l, const char *name,
					     uint64_t ne0, uint64_t ne1, bool required)
{
	const struct gguf_tensor *t = gguf_tensor_find(l->f, name);
	if (!t) {
		if (required)
			error_set(l->errp, "%s: tensor %s is missing", l->path, name);
		return NULL;
	}
	if (!type_supported(t->type)) {
		error_set(l->errp, "%s: tensor %s has type %u, which quire does not support "
			  "(use F32, F16, BF16, Q4_0, Q4_1, Q8_0, Q4_K or Q6_K)", l->path, name,
			  (unsigned)t->type);
		return NULL;
	}
	if (t->ne[0] != ne0 || t->ne[1] != ne1 || t->ne[2] != 1 || t->ne[3] != 1) {
		error_set(l->errp, "%s: tensor %s has shape [%llu, %llu, %llu, %llu], expected [%llu, %llu]",
			  l->path, name, (unsigned long long)t->ne[0], (unsigned long long)t->ne[1],
			  (unsigned long long)t->ne[2], (unsigned long long)t->ne[3],
			  (unsigned long long)ne0, (unsigned long long)ne1);
		return NULL;
	}
	return t;
}

static int load_weight(struct loader *l, struct weight *w, const char *name,
		       size_t n_in, size_t n_out, bool required)
{
	const struct gguf_tensor *t = find_tensor(l, name, n_in, n_out, required);
	if (!t)
		return required || gguf_tensor_find(l->f, name) ? -1 : 0;
	uint64_t blk = 1;
	size_t row = ggml_type_size(t->type, n_in, &blk);
	if (row == 0 || (act_kind_for(t->type) == ACT_Q8A && n_in % QK) ||
	    (act_kind_for(t->type) == ACT_Q8K && n_in % QK_K))
		return error_set(l->errp, "%s: tensor %s rows are not whole blocks", l->path, name);
	w->data = t->data;
	w->type = t->type;
	w->n_in = n_in;
	w->n_out = n_out;
	w->row_bytes = row;
	return 0;
}

/* A vector tensor (norm weight, bias) dequantised to floats; NULL when absent
 * or invalid (then *errp is set when it was required or is malformed). */
static float *load_vec(struct loader *l, const char *name, size_t n, bool required, int *rc)
{
	const struct gguf_tensor *t = gguf_tensor_find(l->f, name);
	if (!t && !required)
		return NULL;
	t = find_tensor(l, name, n, 1, true);
	if (!t || ggml_type_size(t->type, n, NULL) == 0) {
		if (t)
			error_set(l->errp, "%s: tensor %s is not a whole number of blocks", l->path, name);
		*rc = -1;
		return NULL;
	}
	float *v = xmalloc(n * sizeof(float));
	dequant_row(t->type, t->data, v, n);
	return v;
}

static char *layer_name(struct buf *b, size_t i, const char *suffix)
{
	buf_reset(b);
	buf_printf(b, "blk.%zu.%s", i, suffix);
	return b->data;
}

static int load_hparams(struct loader *l, struct llm_model *m)
{
	struct llm_hparams *hp = &m->hp;
	const char *a = m->arch;
	const size_t big = (size_t)1 << 24;
	if (get_size(l, a, "embedding_length", &hp->n_embd, true, big) < 0 ||
	    get_size(l, a, "block_count", &hp->n_layer, true, 4096) < 0 ||
	    get_size(l, a, "attention.head_count", &hp->n_head, true, 4096) < 0 ||
	    get_size(l, a, "feed_forward_length", &hp->n_ff, true, big) < 0 ||
	    get_size(l, a, "context_length", &hp->n_ctx_train, true, (size_t)1 << 22) < 0)
		return -1;
	hp->n_head_kv = hp->n_head;
	if (get_size(l, a, "attention.head_count_kv", &hp->n_head_kv, false, 4096) < 0)
		return -1;
	if (hp->n_head % hp->n_head_kv)
		return error_set(l->errp, "%s: head_count %zu is not a multiple of head_count_kv %zu",
				 l->path, hp->n_head, hp->n_head_kv);
	hp->head_dim = hp->n_embd / hp->n_head;
	if (get_size(l, a, "attention.key_length", &hp->head_dim, false, 4096) < 0)
		return -1;
	size_t vlen = hp->head_dim;
	if (get_size(l, a, "attention.value_length", &vlen, false, 4096) < 0)
		return -1;
	if (vlen != hp->head_dim || hp->head_dim % 2)
		return error_set(l->errp, "%s: unsupported attention head size", l->path);
	hp->n_rot = hp->head_dim;
	if (get_size(l, a, "rope.dimension_count", &hp->n_rot, false, 4096) < 0)
		return -1;
	if (hp->n_rot > hp->head_dim || hp->n_rot % 2)
		return error_set(l->errp, "%s: rope.dimension_count %zu does not fit head size %zu",
				 l->path, hp->n_rot, hp->head_dim);
	double d;
	hp->rms_eps = 1e-5f;
	if (gguf_get_float(l->f, lkey(l, a, "attention.layer_norm_rms_epsilon"), &d))
		hp->rms_eps = (float)d;
	hp->rope_base = 10000.0f;
	if (gguf_get_float(l->f, lkey(l, a, "rope.freq_base"), &d))
		hp->rope_base = (float)d;
	if (!(hp->rms_eps >= 0 && hp->rms_eps < 1) || !(hp->rope_base > 1))
		return error_set(l->errp, "%s: invalid rms epsilon or rope base", l->path);
	hp->rope_scale = 1.0f;
	struct llm_str st;
	bool has_type = gguf_get_str(l->f, lkey(l, a, "rope.scaling.type"), &st);
	if (has_type && !llm_str_eq(st, "none") && !llm_str_eq(st, "linear"))
		return error_set(l->errp, "%s: rope scaling type %.*s is not supported",
				 l->path, (int)st.len, st.s);
	if ((!has_type || llm_str_eq(st, "linear")) &&
	    gguf_get_float(l->f, lkey(l, a, "rope.scaling.factor"), &d) && d > 0) {
		if (!(d >= 1 && d < 1e6))
			return error_set(l->errp, "%s: invalid rope scaling factor", l->path);
		hp->rope_scale = (float)d;
	}
	hp->rope_neox = strcmp(a, "qwen2") == 0;
	return 0;
}

/* A layer's weight matrices, for what is done to every one of them. */
#define LAYER_WEIGHTS 7
static void layer_weights(struct llm_layer *ly, struct weight *ws[LAYER_WEIGHTS])
{
	struct weight *all[LAYER_WEIGHTS] = {&ly->wq, &ly->wk, &ly->wv, &ly->wo,
					     &ly->w_gate, &ly->w_up, &ly->w_down};
	memcpy(ws, all, sizeof(all));
}

static int load_tensors(struct loader *l, struct llm_model *m)
{
	struct llm_hparams *hp = &m->hp;
	const struct gguf_tensor *emb = gguf_tensor_find(l->f, "token_embd.weight");
	if (!emb)
		return error_set(l->errp, "%s: tensor token_embd.weight is missing", l->path);
	hp->n_vocab = emb->ne[1];
	size_t qd = hp->n_head * hp->head_dim, kvd = hp->n_head_kv * hp->head_dim;
	if (load_weight(l, &m->tok_embd, "token_embd.weight", hp->n_embd, hp->n_vocab, true) < 0)
		return -1;
	if (!gguf_tensor_find(l->f, "output.weight"))
		m->output = m->tok_embd;   /* tied embeddings */
	else if (load_weight(l, &m->output, "output.weight", hp->n_embd, hp->n_vocab, true) < 0)
		return -1;
	int rc = 0;
	m->output_norm = load_vec(l, "output_norm.weight", hp->n_embd, true, &rc);
	if (rc < 0)
		return -1;
	m->rope_inv_freq = xmalloc(hp->n_rot / 2 * sizeof(float));
	float *ff = load_vec(l, "rope_freqs.weight", hp->n_rot / 2, false, &rc);
	if (rc < 0)
		return -1;
	for (size_t i = 0; i < hp->n_rot / 2; i++) {
		double f = pow(hp->rope_base, -2.0 * (double)i / (double)hp->n_rot);
		if (ff)
			f /= ff[i];
		m->rope_inv_freq[i] = (float)(f / hp->rope_scale);
	}
	free(ff);
	bool biases = strcmp(m->arch, "qwen2") == 0;
	m->layers = xcalloc(hp->n_layer, sizeof(*m->layers));
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < hp->n_layer && rc == 0; i++) {
		struct llm_layer *ly = &m->layers[i];
		ly->attn_norm = load_vec(l, layer_name(&b, i, "attn_norm.weight"), hp->n_embd, true, &rc);
		if (rc == 0)
			ly->ffn_norm = load_vec(l, layer_name(&b, i, "ffn_norm.weight"), hp->n_embd, true, &rc);
		if (rc == 0)
			ly->bq = load_vec(l, layer_name(&b, i, "attn_q.bias"), qd, biases, &rc);
		if (rc == 0)
			ly->bk = load_vec(l, layer_name(&b, i, "attn_k.bias"), kvd, biases, &rc);
		if (rc == 0)
			ly->bv = load_vec(l, layer_name(&b, i, "attn_v.bias"), kvd, biases, &rc);
		if (rc == 0)
			rc = load_weight(l, &ly->wq, layer_name(&b, i, "attn_q.weight"), hp->n_embd, qd, true);
		if (rc == 0)
			rc = load_weight(l, &ly->wk, layer_name(&b, i, "attn_k.weight"), hp->n_embd, kvd, true);
		if (rc == 0)
			rc = load_weight(l, &ly->wv, layer_name(&b, i, "attn_v.weight"), hp->n_embd, kvd, true);
		if (rc == 0)
			rc = load_weight(l, &ly->wo, layer_name(&b, i, "attn_output.weight"), qd, hp->n_embd, true);
		if (rc == 0)
			rc = load_weight(l, &ly->w_gate, layer_name(&b, i, "ffn_gate.weight"), hp->n_embd, hp->n_ff, true);
		if (rc == 0)
			rc = load_weight(l, &ly->w_up, layer_name(&b, i, "ffn_up.weight"), hp->n_embd, hp->n_ff, true);
		if (rc == 0)
			rc = load_weight(l, &ly->w_down, layer_name(&b, i, "ffn_down.weight"), hp->n_ff, hp->n_embd, true);
		if (rc == 0) {
			struct weight *ws[LAYER_WEIGHTS];
			layer_weights(ly, ws);
			for (size_t j = 0; j < LAYER_WEIGHTS; j++)
				m->weight_bytes += ws[j]->row_bytes * ws[j]->n_out;
		}
	}
	buf_free(&b);
	m->weight_bytes += m->output.row_bytes * m->output.n_out + m->tok_embd.row_bytes;
	return rc;
}

/* Give the file's pages under [p, p + len) back to the page cache. */
static void drop_pages(const struct gguf_file *f, const void *p, size_t len)
{
	if (!f->mapped)
		return;
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t a = ((uintptr_t)p + page - 1) & ~(page - 1);
	uintptr_t e = ((uintptr_t)p + len) & ~(page - 1);
	if (e > a)
		madvise((void *)a, e - a, MADV_DONTNEED);
}

/* Repack a matrix for the packed kernels when its type has a packed form,
 * a slice at a time, giving each slice's file pages back as it goes: memory
 * stays about one copy of the model. Tied embeddings still look rows up in
 * the file, which brings back only the pages of the tokens seen. */
static void pack_weight(const struct gguf_file *f, struct weight *w)
{
	enum pack_kind kind = weight_pack_kind(w->type, w->n_in, w->n_out);
	if (kind == PACK_NONE)
		return;
	size_t group = w->n_in / QK * pack_block_size(kind), slice = 64 * PACK_ROWS;
	uint8_t *p = malloc(w->n_out / PACK_ROWS * group);
	if (!p)
		return;   /* the unpacked kernels work too */
	for (size_t r = 0; r < w->n_out; r += slice) {
		size_t n = w->n_out - r < slice ? w->n_out - r : slice;
		const uint8_t *src = w->data + r * w->row_bytes;
		if (weight_pack(w->type, src, w->row_bytes, w->n_in, n, p + r / PACK_ROWS * group) < 0) {
			free(p);
			return;
		}
		drop_pages(f, src, n * w->row_bytes);
	}
	w->data = p;
	w->own = p;
	w->pack = kind;
}

static void pack_weights(struct llm_model *m)
{
	for (size_t i = 0; i < m->hp.n_layer; i++) {
		struct weight *ws[LAYER_WEIGHTS];
		layer_weights(&m->layers[i], ws);
		for (size_t j = 0; j < LAYER_WEIGHTS; j++)
			pack_weight(m->gguf, ws[j]);
	}
	pack_weight(m->gguf, &m->output);
}

struct llm_model *llm_model_from_gguf(struct gguf_file *f, char **errp)
{
	const char *path = f->path;
	struct llm_model *m = xcalloc(1, sizeof(*m));
	m->gguf = f;
	struct loader l = {f, path, errp, BUF_INIT};
	struct llm_str s;
	if (!gguf_get_str(f, "general.architecture", &s)) {
		error_set(errp, "%s: general.architecture is missing", path);
		goto fail;
	}
	m->arch = xstrndup(s.s, s.len);
	if (strcmp(m->arch, "llama") != 0 && strcmp(m->arch, "qwen2") != 0) {
		error_set(errp, "%s: architecture \"%s\" is not supported (quire runs llama and qwen2)",
			  path, m->arch);
		goto fail;
	}
	m->name = gguf_get_str(f, "general.name", &s) ? xstrndup(s.s, s.len) : xstrdup("");
	if (load_hparams(&l, m) < 0 || load_tensors(&l, m) < 0)
		goto fail;
	pack_weights(m);
	buf_free(&l.key);
	return m;
fail:
	buf_free(&l.key);
	llm_model_free(&m);
	return NULL;
}

struct llm_model *llm_model_open(const char *path, char **errp)
{
	struct gguf_file *f = gguf_open(path, errp);
	return f ? llm_model_from_gguf(f, errp) : NULL;
}

void llm_model_free(struct llm_model **mp)
{
	struct llm_model *m = *mp;
	if (!m)
		return;
	if (m->layers)
		for (size_t i = 0; i < m->hp.n_layer; i++) {
			struct llm_layer *ly = &m->layers[i];
			free(ly->attn_norm);
			free(ly->ffn_norm);
			free(ly->bq);
			free(ly->bk);
			free(ly->bv);
			struct weight *ws[LAYER_WEIGHTS];
			layer_weights(ly, ws);
			for (size_t j = 0; j < LAYER_WEIGHTS; j++)
				free(ws[j]->own);
		}
	free(m->output.own);
	free(m->layers);
	free(m->output_norm);
	free(m->rope_inv_freq);
	free(m->name);
	free(m->arch);
	gguf_close(&m->gguf);
	free(m);
	*mp = NULL;
}

const char *llm_model_name(const struct llm_model *m) { return m->name; }
const char *llm_model_arch(const struct llm_model *m) { return m->arch; }
size_t llm_model_n_ctx(const struct llm_model *m) { return m->hp.n_ctx_train; }
size_t llm_model_n_vocab(const struct llm_model *m) { return m->hp.n_vocab; }
size_t llm_model_weight_bytes(const struct llm_model *m) { return m->weight_bytes; }
const struct gguf_file *llm_model_gguf(const struct llm_model *m) { return m->gguf; }
