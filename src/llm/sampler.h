/* sampler: choose the next token from a model's logits (greedy, or
 * temperature with top-k, top-p and min-p after a repetition penalty), with
 * its own seeded PRNG so a seed gives the same text on every platform; and
 * stop strings found in the decoded stream even when split across tokens.
 *
 *	sampler_params_default(&p);
 *	s = sampler_create(&p, n_vocab);
 *	stop_scan_init(&stop, chat_stop_strings(fam), n_stops);
 *	for each prompt id: sampler_accept(s, id);
 *	loop: id = sampler_sample(s, logits);
 *	      if (tok_is_eog(t, id)) break;
 *	      sampler_accept(s, id);
 *	      tok_stream_push(t, &ts, id, &piece);
 *	      if (stop_scan_feed(&stop, piece.data, piece.len, &shown)) break;
 *	      llm_eval(ctx, &id, 1, logits, &err);
 *	tok_stream_flush + stop_scan_feed, stop_scan_finish(&stop, &shown)
 *
 * tests/llm/test_tokenizer_generate.c does exactly this. */
#ifndef QUIRE_LLM_SAMPLER_H
#define QUIRE_LLM_SAMPLER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/util.h"

struct sampler_params {
	float temperature;     /* <= 0: greedy (argmax) */
	int32_t top_k;         /* <= 0: off */
	float top_p;           /* >= 1: off */
	float min_p;           /* <= 0: off */
	float repeat_penalty;  /* 1: off; llama.cpp semantics */
	int32_t repeat_last_n; /* how many recent tokens the penalty looks at */
	int32_t no_repeat_ngram; /* n >= 2: a token that would repeat an n-gram of
	                            the tokens accepted since sampler_mark is
	                            never drawn; 0: off */
	uint64_t seed;
};

/* quire's defaults: temperature 0.7, top-k 40, top-p 0.95, min-p 0.05,
 * repetition penalty 1.1 over the last 64 tokens, no n-gram blocking, seed
 * 42. */
void sampler_params_default(struct sampler_params *p);

/* A candidate token after the filters: its logit and probability. */
struct sampler_cand {
	int32_t id;
	float logit;
	float p;
};

struct sampler;

/* A sampler for a vocabulary of n_vocab logits. Free with sampler_free. */
struct sampler *sampler_create(const struct sampler_params *p, size_t n_vocab);
void sampler_free(struct sampler **s);

/* Pick the next token from n_vocab logits (not modified). */
int32_t sampler_sample(struct sampler *s, const float *logits);
/* Remember a token that became part of the context (prompt or generated)
 * for the repetition penalty. */
void sampler_accept(struct sampler *s, int32_t id);
/* Start of the answer: the n-grams that no_repeat_ngram blocks are those
 * of tokens accepted after this call (the prompt may repeat itself). */
void sampler_mark(struct sampler *s);
/* Forget the history and restart the PRNG from the seed. */
void sampler_reset(struct sampler *s);

/* The candidates sampler_sample would draw from (after penalty, top-k,
 * top-p and min-p, before temperature), most likely first; probabilities are
 * of the untempered, renormalised distribution. Points into s, valid until
 * the next call. Greedy samplers return the single best token. */
size_t sampler_candidates(struct sampler *s, const float *logits, const struct sampler_cand **out);

/* Stop strings in a stream of decoded text. Text that might be the start of
 * a stop string is held back until it is known not to be one. */
struct stop_scan {
	struct strvec stops;
	struct buf held;
	bool stopped;
};
/* stops: n strings (copied); empty strings are ignored. */
void stop_scan_init(struct stop_scan *s, const char *const *stops, size_t n);
/* Feed len bytes; append to out what is safe to show. Returns true when a
 * stop string is complete: the text before it was appended and the rest
 * dropped; later feeds add nothing. */
bool stop_scan_feed(struct stop_scan *s, const char *text, size_t len, struct buf *out);
/* End of generation: release held text (it was not a stop string). */
void stop_scan_finish(struct stop_scan *s, struct buf *out);
void stop_scan_free(struct stop_scan *s);

#endif
