/* summarize: what a paper is about, in a few sentences. The text (from a
 * PDF, a file or a note) is cleaned and reordered so that title, abstract,
 * introduction and conclusion come first; a model summarises it with a
 * chat prompt, chunk by chunk when it does not fit its context (map-reduce:
 * the chunk summaries are summarised again), streaming the final pass token
 * by token. Without a model, extractive_summary (extractive.h) stands in,
 * and the caller labels it as such.
 *
 *	struct summarizer *s = summarizer_open(path, NULL, &err);
 *	summarizer_run(s, text, on_piece, ud, &stats, &summary, &err);
 *	summarizer_free(&s);
 */
#ifndef QUIRE_LLM_SUMMARIZE_H
#define QUIRE_LLM_SUMMARIZE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/util.h"

struct tokenizer;

/* ---- Text preparation (no model needed) ---- */

/* Clean extracted text: form feeds dropped, words hyphenated across lines
 * joined, the lines of a paragraph joined with spaces, paragraphs separated
 * by one blank line. Returns a new string (caller frees). */
char *summarize_clean(const char *text);

/* The parts of a paper found in cleaned text by their headings
 * ("Abstract", "1. Introduction", "Conclusions", case-insensitive,
 * numbered or not). All strings are owned by the struct; NULL when the part
 * was not found. References and what follows them are dropped. */
struct summary_parts {
	char *head;       /* everything before the introduction: title, authors, abstract */
	char *abstract;   /* the abstract alone (also inside head) */
	char *intro;      /* the introduction, heading included */
	char *conclusion; /* the conclusion, heading included */
	char *rest;       /* the other sections, in order */
};
void summarize_parts(const char *clean, struct summary_parts *out);
void summary_parts_free(struct summary_parts *p);

/* Cleaned text reordered: head, introduction, conclusion, then the rest;
 * paragraphs that look like code or tables (many symbols, few words) are
 * left out. Returns a new string (caller frees). */
char *summarize_reorder(const char *text);

/* Tokens in len bytes of s: exact with a tokenizer, else an upper estimate
 * (one per 3 bytes, rounded up). */
size_t summarize_count_tokens(const struct tokenizer *t, const char *s, size_t len);

/* Split text into chunks of at most budget tokens (see
 * summarize_count_tokens), at paragraph ends where possible, else at
 * sentence ends, else between words, else between UTF-8 characters. Chunks
 * are appended to out. */
void summarize_chunks(const struct tokenizer *t, const char *text, size_t budget,
		      struct strvec *out);

/* ---- Extractive fallback ---- */

/* The n most central sentences of the reordered text (extractive.h), one
 * per line. Caller frees. */
char *summarize_extractive(const char *text, size_t n);

/* The first three sentences of the introduction (of the text after the
 * head when there is no introduction heading), one per line. Caller
 * frees. */
char *summarize_lead3(const char *text);

/* How far a summary sticks to its source: the share of the summary's
 * content words (four letters or more and not a stop word), numbers and
 * capitalised names that occur in source, case-insensitively, a word also
 * counting when its first five letters begin a word of the source
 * ("models" for "modelling"). 1 when the summary has no such word. */
double summary_faithfulness(const char *summary, const char *source);

/* A summary below this faithfulness falls back to the extractive one
 * (chosen from bench/summary-results.md). */
#define SUMMARY_MIN_FAITHFUL 0.80
/* A point of a shaped summary below this faithfulness is dropped; a TL;DR
 * below it makes the whole summary fall back. */
#define SUMMARY_MIN_FAITHFUL_POINT 0.90

/* ---- Strategies ---- */

enum summary_strategy {
	SUMMARY_LEAD3,      /* first three sentences of the introduction */
	SUMMARY_EXTRACTIVE, /* TextRank's most central sentences */
	SUMMARY_MAPREDUCE,  /* the model over the whole paper, chunk by chunk */
	SUMMARY_ONEPASS,    /* the model once over title, introduction, conclusion */
	SUMMARY_HYBRID,     /* central sentences rewritten by the model */
	SUMMARY_N_STRATEGIES
};
/* The default for a small model, the best in bench/summary-results.md. */
#define SUMMARY_DEFAULT_STRATEGY SUMMARY_HYBRID

/* "lead3", "extractive", "mapreduce", "onepass", "hybrid". */
const char *summary_strategy_name(enum summary_strategy st);
/* The strategy called name; false when there is none. */
bool summary_strategy_parse(const char *name, enum summary_strategy *out);
/* Whether the strategy runs a model. */
bool summary_strategy_uses_model(enum summary_strategy st);
/* The names, comma-separated ("lead3, extractive, ..."), for messages. */
const char *summary_strategy_names(void);
/* A summary without a model (lead3, extractive). Caller frees. */
char *summarize_without_model(enum summary_strategy st, const char *text);

/* ---- With a model ---- */

/* A piece of the streamed summary (len bytes of valid UTF-8), or piece NULL
 * with len 0 between batches of the prompt and between passes, so that the
 * caller can cancel while nothing is generated. Return non-zero to cancel. */
typedef int summary_piece_fn(const char *piece, size_t len, void *ud);

struct summary_opts {
	size_t n_ctx;          /* working context (0: 2048, or the model's if smaller) */
	size_t max_new;        /* tokens of the final summary (0: 256) */
	size_t max_new_chunk;  /* tokens of a chunk's summary (0: 160) */
	float temperature;     /* 0: greedy */
	float repeat_penalty;  /* 1.1 */
	int n_threads;         /* 0: one per CPU */
	size_t batch;          /* prompt sub-batch (0: 256), the cancel granularity */
	size_t max_chunks;     /* chunks summarised at most (0: 4); the text is
	                          reordered, so what is left out is the middle of
	                          the paper's body */
	enum summary_strategy strategy; /* a model strategy (0: the default) */
	int no_repeat_ngram;   /* n-grams of the answer not repeated (0: 4, -1: off) */
	double min_faithful;   /* fallback threshold (0: SUMMARY_MIN_FAITHFUL, <0: off) */
};
void summary_opts_default(struct summary_opts *o);

struct summary_stats {
	size_t chunks;         /* 1 when the text fitted */
	size_t prompt_tokens, gen_tokens;
	double prompt_seconds, gen_seconds;
	double faithfulness;   /* of the model's summary (summary_faithfulness) */
	size_t dropped;        /* points dropped as unfaithful */
	bool fell_back;        /* it was below the threshold: *out is extractive */
};

struct summarizer;

/* Load the model at path (GGUF) with its tokenizer and a context. opts may
 * be NULL (defaults; copied). Returns NULL with *errp set ("PATH: ..."). */
struct summarizer *summarizer_open(const char *path, const struct summary_opts *opts, char **errp);
void summarizer_free(struct summarizer **sp);
/* The model's name (general.name, else the file name). Owned by s. */
const char *summarizer_model_name(const struct summarizer *s);
const struct tokenizer *summarizer_tokenizer(const struct summarizer *s);
/* Tokens of text the first pass can take (context minus prompt and answer). */
size_t summarizer_budget(const struct summarizer *s);

/* Summarise text (raw or cleaned) with the strategy of the options (a
 * model one). The final pass streams through piece. onepass and hybrid
 * answer "TL;DR: ..." then 3-5 lines "- ..." (summary_shape). A summary
 * whose faithfulness to text is below the threshold is replaced by the
 * extractive one (stats->fell_back). Returns 0 with *out the summary
 * (caller frees), 1 when cancelled (*out NULL), -1 with *errp set. stats
 * may be NULL. */
int summarizer_run(struct summarizer *s, const char *text, summary_piece_fn *piece, void *ud,
		   struct summary_stats *stats, char **out, char **errp);

/* A model's answer in the shape a reader wants: one line "TL;DR: ..."
 * then at most SUMMARY_MAX_POINTS lines "- ...", made as the answer
 * streams: each line or sentence of it is a point, list marks ("- ", "* ",
 * "1. ") and labels ("TL;DR:", "Summary:") taken off; a point that repeats
 * an earlier one is dropped. The answer ends after the last point, at a
 * blank line after SUMMARY_MIN_POINTS points, or where the model starts
 * over with a second "TL;DR"; an unfinished last sentence (the token cap)
 * is dropped, and, with a source, a point with words not in it (below
 * SUMMARY_MIN_FAITHFUL_POINT). */
#define SUMMARY_MIN_POINTS 3
#define SUMMARY_MAX_POINTS 5
struct summary_shaper {
	struct buf pending; /* the unit not finished yet */
	struct buf out;     /* the shaped text so far: only grows */
	struct strvec seen;
	size_t units;       /* TL;DR and points in out */
	bool done;
	const char *source; /* when set: points less faithful to it than
	                       SUMMARY_MIN_FAITHFUL_POINT are dropped */
	size_t dropped;     /* points dropped so */
	bool tldr_unfaithful; /* the TL;DR was below it (kept; out says so) */
};
/* source: the paper's text, or NULL (no check); not copied. */
void summary_shaper_init(struct summary_shaper *sh, const char *source);
/* Feed len bytes of the answer; returns true when the summary is complete
 * (what comes after is ignored). */
bool summary_shaper_feed(struct summary_shaper *sh, const char *text, size_t len);
/* What can be shown already: out, and the TL;DR sentence being written
 * (out reset first). */
void summary_shaper_preview(const struct summary_shaper *sh, struct buf *out);
/* The answer ended: its last unit is taken when it is a whole sentence. */
void summary_shaper_finish(struct summary_shaper *sh);
void summary_shaper_free(struct summary_shaper *sh);
/* The whole answer shaped at once. Caller frees. */
char *summary_shape(const char *answer);

/* ---- Where models live ---- */

/* $QUIRE_MODELS_DIR, else $XDG_DATA_HOME/quire/models, else
 * ~/.local/share/quire/models. Caller frees. */
char *models_dir(void);
/* A model named by the user: a path (contains '/' or exists) or a file in
 * models_dir(), with or without ".gguf". Returns a new path or NULL with
 * *errp set. */
char *models_resolve(const char *name, char **errp);
/* The model to use by default: [llm] model in the config file, else the
 * first *.gguf in models_dir() by name. Returns a new path; NULL with
 * *errp NULL when there is none (summaries are then extractive), NULL with
 * *errp set on a bad config or a configured model that is missing. */
char *models_default(char **errp);
/* The strategy to use by default: [llm] strategy in the config file, else
 * SUMMARY_DEFAULT_STRATEGY. Returns 0, or -1 with *errp set on a bad
 * config or an unknown name. */
int summary_strategy_default(enum summary_strategy *out, char **errp);
/* The *.gguf file names in models_dir(), sorted. */
void models_list(struct strvec *out);

#endif
