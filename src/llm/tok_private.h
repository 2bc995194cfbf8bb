/* tok_private: what the tokenizer's files share (tokenizer.c, tok_pretok.c,
 * tok_bpe.c, tok_spm.c, unicode_tables.c). Not for use outside them. */
#ifndef QUIRE_LLM_TOK_PRIVATE_H
#define QUIRE_LLM_TOK_PRIVATE_H

#include "llm/tokenizer.h"

/* Unicode classes the pre-tokenizer regexes need. */
enum uclass {
	UCLASS_OTHER = 0,
	UCLASS_LETTER, /* \p{L} */
	UCLASS_NUMBER, /* \p{N} */
	UCLASS_SPACE,  /* \s (White_Space) */
};

struct unicode_range {
	uint32_t lo, hi;
	uint8_t cls;
};
extern const struct unicode_range unicode_ranges[];
extern const size_t unicode_n_ranges;

enum uclass unicode_class(uint32_t cp);

enum tok_model { TOK_MODEL_BPE, TOK_MODEL_SPM };

/* Pre-tokenizer rules (the regex splits of the model families). */
enum tok_pre {
	TOK_PRE_GPT2,   /* GPT-2's regex */
	TOK_PRE_SMOLLM, /* digits split one by one, then GPT-2's regex */
	TOK_PRE_QWEN2,  /* Llama 3 style regex, single digits */
	TOK_PRE_LLAMA3, /* Llama 3 regex: up to 3 digits, ignore_merges */
};

/* Open-addressing hash from strings (token texts) to ids. */
struct tok_strmap {
	int32_t *slots; /* -1 empty */
	size_t mask;
};

/* Open-addressing hash from (left id, right id) to merge rank and result. */
struct tok_pair {
	uint64_t key; /* UINT64_MAX empty */
	int32_t rank, id;
};
struct tok_pairmap {
	struct tok_pair *slots;
	size_t mask;
};

struct tokenizer {
	enum tok_model model;
	enum tok_pre pre;
	size_t n_vocab;
	char *text; /* all token texts, NUL-separated */
	size_t *text_off;
	uint32_t *text_len;
	char *piece; /* decoded bytes of each token */
	size_t *piece_off;
	uint32_t *piece_len;
	float *scores;
	uint8_t *types;
	bool *eog;
	struct tok_strmap vocab;
	struct tok_pairmap merges;
	int32_t byte_tok[256]; /* BPE: token of the byte's mapped char; SPM: <0xXX> */
	int32_t *special;      /* special ids by first byte, then longest first */
	size_t n_special;
	size_t special_start[257];
	int32_t bos, eos, eot, pad, unk;
	bool add_bos, add_eos, add_space_prefix;
	char *chat_template;
};

/* Scratch space reused across the words of one tok_encode call. */
struct tok_scratch {
	uint32_t *cp;
	uint8_t *cls;
	size_t *off; /* byte offset of each code point (+ one past the end) */
	size_t cap;
	size_t *words; /* pairs of byte offsets [start, end) */
	size_t n_words, words_cap;
	void *sym;
	size_t sym_cap;
	void *heap;
	size_t heap_cap;
	struct buf tmp;
};

/* Growable output ids. */
struct tok_ids {
	int32_t *v;
	size_t n, cap;
};
void tok_ids_push(struct tok_ids *ids, int32_t id);

int32_t tok_strmap_get(const struct tokenizer *t, const char *s, size_t len);
int32_t tok_pairmap_get(const struct tok_pairmap *m, int32_t l, int32_t r, int32_t *rank);

/* Split text[0..len) into words by the pre-tokenizer rules; fills
 * sc->words / sc->n_words. */
void tok_pretokenize(enum tok_pre pre, const char *text, size_t len, struct tok_scratch *sc);

/* Model encoders of one raw-text fragment (no special tokens inside).
 * first: the fragment starts the text or follows a special token. */
void tok_bpe_encode(const struct tokenizer *t, const char *text, size_t len, struct tok_scratch *sc,
                    struct tok_ids *out);
void tok_spm_encode(const struct tokenizer *t, const char *text, size_t len, bool first,
                    struct tok_scratch *sc, struct tok_ids *out);

/* GPT-2 byte <-> code point mapping of byte-level BPE. */
uint32_t tok_byte_to_cp(uint8_t b);
int tok_cp_to_byte(uint32_t cp); /* -1 when cp is not a mapped byte */

#endif
