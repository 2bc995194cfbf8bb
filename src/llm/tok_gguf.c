/* tok_gguf: a tokenizer from the tokenizer.ggml.* metadata of a GGUF file
 * (read through gguf.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "llm/gguf.h"
#include "llm/tokenizer.h"

/* *out: the array key (NULL when absent). -1 with *errp set when it is
 * there with the wrong element type or length (n: expected, 0 any). */
static int find_array(const struct gguf_file *f, const char *key, enum gguf_type type,
	size_t n, const struct gguf_kv **out, char **errp)
{
	const struct gguf_kv *kv = gguf_find(f, key);
	*out = NULL;
	if (!kv)
		return 0;
	if (kv->type != GGUF_T_ARRAY || kv->arr_type != type || (n && kv->arr_n != n))
		return error_set(errp, "%s: %s has the wrong type or length", f->path ? f->path : "GGUF", key);
	*out = kv;
	return 0;
}

static int32_t get_id(const struct gguf_file *f, const char *key)
{
	int64_t v;
	return gguf_get_int(f, key, &v) && v >= 0 && v <= INT32_MAX ? (int32_t)v : -1;
}

int tok_spec_from_gguf(const struct gguf_file *f, struct tok_spec *spec, char **errp)
{
	const char *path = f->path ? f->path : "GGUF";
	memset(spec, 0, sizeof(*spec));
	if (!gguf_get_str(f, "tokenizer.ggml.model", &spec->model))
		return error_set(errp, "%s: no tokenizer.ggml.model: the file has no vocabulary", path);
	gguf_get_str(f, "tokenizer.ggml.pre", &spec->pre);
	const struct gguf_kv *toks, *scores, *types, *merges;
	if (find_array(f, "tokenizer.ggml.tokens", GGUF_T_STRING, 0, &toks, errp) < 0)
		return -1;
	if (!toks || toks->arr_n == 0)
		return error_set(errp, "%s: no tokenizer.ggml.tokens", path);
	spec->n_vocab = (size_t)toks->arr_n;
	spec->tokens = toks->arr_strs;
	if (find_array(f, "tokenizer.ggml.scores", GGUF_T_FLOAT32, spec->n_vocab, &scores, errp) < 0 ||
	    find_array(f, "tokenizer.ggml.token_type", GGUF_T_INT32, spec->n_vocab, &types, errp) < 0 ||
	    find_array(f, "tokenizer.ggml.merges", GGUF_T_STRING, 0, &merges, errp) < 0)
		return -1;
	if (scores) {
		float *v = xmalloc(spec->n_vocab * sizeof(float));
		memcpy(v, scores->arr_data, spec->n_vocab * sizeof(float));  /* may be unaligned */
		spec->scores = v;
	}
	if (types) {
		int32_t *v = xmalloc(spec->n_vocab * sizeof(int32_t));
		memcpy(v, types->arr_data, spec->n_vocab * sizeof(int32_t));
		spec->token_types = v;
	}
	if (merges) {
		spec->n_merges = (size_t)merges->arr_n;
		spec->merges = merges->arr_strs;
	}
	spec->bos = get_id(f, "tokenizer.ggml.bos_token_id");
	spec->eos = get_id(f, "tokenizer.ggml.eos_token_id");
	spec->eot = get_id(f, "tokenizer.ggml.eot_token_id");
	spec->pad = get_id(f, "tokenizer.ggml.padding_token_id");
	spec->unk = get_id(f, "tokenizer.ggml.unknown_token_id");
	bool b;
	bool spm = spec->model.len == 5 && memcmp(spec->model.s, "llama", 5) == 0;
	spec->add_bos = gguf_get_bool(f, "tokenizer.ggml.add_bos_token", &b) ? b : spm;
	spec->add_eos = gguf_get_bool(f, "tokenizer.ggml.add_eos_token", &b) ? b : false;
	spec->no_space_prefix = gguf_get_bool(f, "tokenizer.ggml.add_space_prefix", &b) ? !b : false;
	gguf_get_str(f, "tokenizer.chat_template", &spec->chat_template);
	return 0;
}

void tok_spec_release(struct tok_spec *spec)
{
	free((void *)spec->scores);
	free((void *)spec->token_types);
	spec->scores = NULL;
	spec->token_types = NULL;
}

struct tokenizer *tok_create_gguf(const struct gguf_file *f, char **errp)
{
	struct tok_spec spec;
	if (tok_spec_from_gguf(f, &spec, errp) < 0)
		return NULL;
	char *err = NULL;
	struct tokenizer *t = tok_create(&spec, &err);
	if (!t) {
		error_set(errp, "%s: %s", f->path ? f->path : "GGUF", err);
		free(err);
	}
	tok_spec_release(&spec);
	return t;
}
