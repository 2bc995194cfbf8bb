/* tokenizer: text <-> token ids for the models quire runs, built from the
 * vocabulary arrays of a GGUF file (but independent of GGUF itself).
 *
 * Two models: byte-level BPE ("gpt2": GPT-2, SmolLM, Qwen2, Llama 3) with
 * the pre-tokenizer named by tokenizer.ggml.pre, and SentencePiece ("llama":
 * score-ordered merges, byte fallback, "▁" for spaces). Special tokens
 * (control and user-defined token types) are matched in the text before
 * pre-tokenisation, as llama.cpp does.
 *
 *	struct tok_spec spec;
 *	if (gguf_tok_spec(gguf, &spec, &err) == 0)
 *		t = tok_create(&spec, &err);
 *	gguf_tok_spec_release(&spec);
 *	tok_encode(t, prompt, len, false, true, &ids, &n, &err);  // chat prompt
 *	...
 *	tok_stream_push(t, &stream, id, &out);  // each generated id, unless
 *	                                         // tok_is_eog(t, id)
 *
 * A tokenizer is read-only after tok_create: any number of threads may
 * encode and decode with it at once. */
#ifndef QUIRE_LLM_TOKENIZER_H
#define QUIRE_LLM_TOKENIZER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "llm/gguf.h"
#include "util/util.h"

/* Token types as stored in tokenizer.ggml.token_type. */
enum tok_type {
	TOK_TYPE_NORMAL = 1,
	TOK_TYPE_UNKNOWN = 2,
	TOK_TYPE_CONTROL = 3,
	TOK_TYPE_USER_DEFINED = 4,
	TOK_TYPE_UNUSED = 5,
	TOK_TYPE_BYTE = 6,
};

/* Everything the tokenizer needs; the strings and arrays are only read
 * during tok_create (it copies what it keeps). gguf_tok_spec (llm/gguf.h)
 * fills it from a GGUF file. */
struct tok_spec {
	struct llm_str model, pre; /* "gpt2"/"llama"; tokenizer.ggml.pre */
	size_t n_vocab;
	const struct llm_str *tokens; /* n_vocab entries */
	const float *scores;          /* n_vocab entries or NULL */
	const int32_t *token_types;   /* n_vocab entries (enum tok_type) or NULL */
	size_t n_merges;
	const struct llm_str *merges;    /* "left right" (BPE only) */
	int32_t bos, eos, eot, pad, unk; /* -1 when absent */
	bool add_bos, add_eos;
	/* SentencePiece: tokenizer.ggml.add_space_prefix was false. */
	bool no_space_prefix;
	struct llm_str chat_template; /* may be empty */
};

struct tokenizer;
/* Build a tokenizer. Returns NULL with *errp set ("tokenizer: problem") for
 * an unknown model, an empty vocabulary or out-of-range special ids. An
 * unknown pre-tokenizer name falls back to the GPT-2 rules. Free with
 * tok_free. */
struct tokenizer *tok_create(const struct tok_spec *spec, char **errp);
void tok_free(struct tokenizer **t);

/* Encode len bytes of text (any bytes: invalid UTF-8 and NULs are encoded
 * too). add_special adds BOS/EOS as the vocabulary asks; parse_special
 * matches control tokens such as "<|im_start|>" in the text (user-defined
 * tokens are always matched). On success returns 0 and *out is a new array
 * of *n_out ids (caller frees); on error -1 with *errp set. */
int tok_encode(const struct tokenizer *t, const char *text, size_t len, bool add_special,
               bool parse_special, int32_t **out, size_t *n_out, char **errp);

/* The bytes a token stands for in decoded text ("▁" already a space, byte
 * tokens already one byte). Control tokens give their text. Points into the
 * tokenizer; NULL for an id out of range. */
const char *tok_piece(const struct tokenizer *t, int32_t id, size_t *len);
/* The token's raw vocabulary text; NULL for an id out of range. */
const char *tok_text(const struct tokenizer *t, int32_t id, size_t *len);
/* Id of the token whose vocabulary text is exactly s (len bytes), or -1. */
int32_t tok_lookup(const struct tokenizer *t, const char *s, size_t len);

/* Append the decoded text of ids to out. Control tokens are written only
 * when special is true; SentencePiece's dummy-prefix space is dropped from
 * the start. The bytes are the model's: they may be invalid UTF-8. */
void tok_decode(const struct tokenizer *t, const int32_t *ids, size_t n, bool special,
                struct buf *out);

/* Streaming decoder for generated tokens: text is released only once each
 * UTF-8 sequence is complete, so a character split across tokens is never
 * shown half. */
struct tok_stream {
	struct buf pending;
	bool started;
};
#define TOK_STREAM_INIT                                                                            \
	{                                                                                          \
		BUF_INIT, false                                                                    \
	}
/* Decode id and append whatever is now complete to out (control tokens are
 * skipped). */
void tok_stream_push(const struct tokenizer *t, struct tok_stream *s, int32_t id, struct buf *out);
/* End of stream: append held bytes (an incomplete sequence becomes U+FFFD)
 * and reset s for reuse. */
void tok_stream_flush(struct tok_stream *s, struct buf *out);
void tok_stream_free(struct tok_stream *s);

/* Does id end a generation (eos, eot, or an end-of-turn token such as
 * <|im_end|> or <|eot_id|>)? */
bool tok_is_eog(const struct tokenizer *t, int32_t id);

size_t tok_n_vocab(const struct tokenizer *t);
int32_t tok_bos(const struct tokenizer *t);
int32_t tok_eos(const struct tokenizer *t);
/* The chat template string from the spec ("" when none). */
const char *tok_chat_template(const struct tokenizer *t);

#endif
