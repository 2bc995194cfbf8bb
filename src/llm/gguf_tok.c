/* gguf_tok: fill the tokenizer's spec from a GGUF file's tokenizer.ggml.*
 * metadata, checking every array's type and length. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "llm/engine.h"
#include "llm/tokenizer.h"
#include "util/util.h"

static const struct gguf_kv *find_array(const struct gguf_file *f, const char *key,
					enum gguf_type want, bool required, char **errp, int *rc)
{
	const struct gguf_kv *kv = gguf_find(f, key);
	if (!kv) {
		if (required) {
			error_set(errp, "%s: %s is missing", f->path, key);
			*rc = -1;
		}
		return NULL;
	}
	bool ok = kv->type == GGUF_T_ARRAY && (kv->arr_type == want ||
		(want == GGUF_T_INT32 && kv->arr_type == GGUF_T_UINT32));
	if (!ok) {
		error_set(errp, "%s: %s has the wrong type", f->path, key);
		*rc = -1;
		return NULL;
	}
	return kv;
}

static int32_t get_id(const struct gguf_file *f, const char *key)
{
	int64_t v;
	if (!gguf_get_int(f, key, &v) || v < 0 || v > INT32_MAX)
		return -1;
	return (int32_t)v;
}

int gguf_tok_spec(const struct gguf_file *f, struct tok_spec *s, char **errp)
{
	memset(s, 0, sizeof(*s));
	int rc = 0;
	if (!gguf_get_str(f, "tokenizer.ggml.model", &s->model))
		return error_set(errp, "%s: tokenizer.ggml.model is missing", f->path);
	gguf_get_str(f, "tokenizer.ggml.pre", &s->pre);
	const struct gguf_kv *toks = find_array(f, "tokenizer.ggml.tokens", GGUF_T_STRING, true, errp, &rc);
	if (rc < 0)
		return -1;
	s->n_vocab = (size_t)toks->arr_n;
	s->tokens = toks->arr_strs;
	const struct gguf_kv *sc = find_array(f, "tokenizer.ggml.scores", GGUF_T_FLOAT32, false, errp, &rc);
	const struct gguf_kv *ty = find_array(f, "tokenizer.ggml.token_type", GGUF_T_INT32, false, errp, &rc);
	const struct gguf_kv *mg = find_array(f, "tokenizer.ggml.merges", GGUF_T_STRING, false, errp, &rc);
	if (rc < 0)
		return -1;
	if ((sc && sc->arr_n != s->n_vocab) || (ty && ty->arr_n != s->n_vocab))
		return error_set(errp, "%s: tokenizer scores or token types do not match the %zu tokens",
				 f->path, s->n_vocab);
	if (sc) {
		float *v = xmalloc((s->n_vocab ? s->n_vocab : 1) * sizeof(float));
		memcpy(v, sc->arr_data, s->n_vocab * sizeof(float));   /* may be unaligned */
		s->scores = v;
	}
	if (ty) {
		int32_t *v = xmalloc((s->n_vocab ? s->n_vocab : 1) * sizeof(int32_t));
		memcpy(v, ty->arr_data, s->n_vocab * sizeof(int32_t));
		s->token_types = v;
	}
	if (mg) {
		s->n_merges = (size_t)mg->arr_n;
		s->merges = mg->arr_strs;
	}
	s->bos = get_id(f, "tokenizer.ggml.bos_token_id");
	s->eos = get_id(f, "tokenizer.ggml.eos_token_id");
	s->eot = get_id(f, "tokenizer.ggml.eot_token_id");
	s->pad = get_id(f, "tokenizer.ggml.padding_token_id");
	s->unk = get_id(f, "tokenizer.ggml.unknown_token_id");
	/* llama.cpp's defaults: SentencePiece adds BOS, BPE does not */
	s->add_bos = llm_str_eq(s->model, "llama");
	gguf_get_bool(f, "tokenizer.ggml.add_bos_token", &s->add_bos);
	gguf_get_bool(f, "tokenizer.ggml.add_eos_token", &s->add_eos);
	bool space = true;
	gguf_get_bool(f, "tokenizer.ggml.add_space_prefix", &space);
	s->no_space_prefix = !space;
	gguf_get_str(f, "tokenizer.chat_template", &s->chat_template);
	return 0;
}

void gguf_tok_spec_release(struct tok_spec *s)
{
	free((void *)s->scores);
	free((void *)s->token_types);
	s->scores = NULL;
	s->token_types = NULL;
}

struct tokenizer *llm_model_tokenizer(const struct llm_model *m, char **errp)
{
	struct tok_spec spec;
	if (gguf_tok_spec(m->gguf, &spec, errp) < 0) {
		gguf_tok_spec_release(&spec);
		return NULL;
	}
	struct tokenizer *t = tok_create(&spec, errp);
	gguf_tok_spec_release(&spec);
	return t;
}
