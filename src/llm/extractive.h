/* extractive: a summary without a model. Sentences are ranked by TextRank
 * (a graph of sentences linked by shared content words, ranked by power
 * iteration like PageRank) and the best are given back in their original
 * order. The caller must label the result as extractive. */
#ifndef QUIRE_LLM_EXTRACTIVE_H
#define QUIRE_LLM_EXTRACTIVE_H

#include <stddef.h>

/* A sentence: len bytes of the text from start. */
struct ext_sentence {
	size_t start, len;
};

/* Split len bytes of text into sentences at ., ! and ? followed by space
 * and a capital letter, digit or opening mark, and at blank lines; not after
 * abbreviations ("e.g.", "et al.", "Fig.", initials) nor inside numbers
 * ("3.14"). Leading and trailing whitespace is excluded. Returns the count;
 * *out is a new array (caller frees; NULL when none). */
size_t extractive_split(const char *text, size_t len, struct ext_sentence **out);

/* The n_sentences most central sentences of text (NUL-terminated), in
 * document order, one per line with whitespace squeezed. Fragments of
 * fewer than three content words and run-ons come only after the others. Returns a new
 * string (caller frees): "" for empty input, every sentence when the text
 * has no more than n_sentences. Time is bounded: past EXTRACTIVE_MAX
 * sentences only an evenly spaced subset is ranked. */
char *extractive_summary(const char *text, size_t n_sentences);

#define EXTRACTIVE_MAX 1500

#endif
