/* llm: local inference of small GGUF language models (llama and qwen2
 * architectures) on the CPU. Weights stay memory-mapped; a context holds the
 * KV cache of one sequence.
 *
 *	char *err = NULL;
 *	struct llm_model *m = llm_model_open(path, &err);
 *	struct llm_ctx *c = llm_ctx_new(m, 0, 0, &err);
 *	float *logits = xmalloc(llm_model_n_vocab(m) * sizeof(float));
 *	llm_eval(c, ids, n, logits);        // prompt, batched
 *	llm_eval(c, &next, 1, logits);      // one generated token
 */
#ifndef QUIRE_LLM_LLM_H
#define QUIRE_LLM_LLM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct llm_model;
struct llm_ctx;
struct gguf_file;

/* Map and check the GGUF model at path. Returns the model (free with
 * llm_model_free) or NULL with *errp set to "PATH: problem" (caller frees). */
struct llm_model *llm_model_open(const char *path, char **errp);
void llm_model_free(struct llm_model **mp);

/* Metadata. Strings belong to the model and live as long as it. */
const char *llm_model_name(const struct llm_model *m);   /* general.name or "" */
const char *llm_model_arch(const struct llm_model *m);   /* "llama", "qwen2" */
size_t llm_model_n_ctx(const struct llm_model *m);       /* trained context */
size_t llm_model_n_vocab(const struct llm_model *m);
/* Bytes of weights one token's forward pass reads (for bandwidth bounds). */
size_t llm_model_weight_bytes(const struct llm_model *m);
/* The parsed file, e.g. for the tokenizer's gguf_tok_spec(). Owned by m. */
const struct gguf_file *llm_model_gguf(const struct llm_model *m);

/* The model's tokenizer (llm/tokenizer.h), built from its GGUF metadata.
 * Returns a new tokenizer (free with tok_free) or NULL with *errp set. */
struct tokenizer;
struct tokenizer *llm_model_tokenizer(const struct llm_model *m, char **errp);

/* A sequence's state: KV cache for n_ctx positions (0: the model's own
 * context length) and a pool of n_threads workers (0: one per CPU).
 * The model must outlive the context. Free with llm_ctx_free. */
struct llm_ctx *llm_ctx_new(const struct llm_model *m, size_t n_ctx, int n_threads, char **errp);
void llm_ctx_free(struct llm_ctx **cp);
size_t llm_ctx_n_ctx(const struct llm_ctx *c);
/* Positions already in the cache. */
size_t llm_ctx_n_past(const struct llm_ctx *c);
/* Forget cached positions from pos on (0: start a new sequence). */
void llm_ctx_truncate(struct llm_ctx *c, size_t pos);

/* Append n tokens to the sequence, processing them as one batch, and write
 * the logits after the last one into logits_out_last (n_vocab floats; may be
 * NULL). Returns 0, or -1 with *errp set when a token id is out of range or
 * the context is full (the cache is then unchanged). */
int llm_eval(struct llm_ctx *c, const int32_t *tokens, size_t n, float *logits_out_last, char **errp);

#endif
