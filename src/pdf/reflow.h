/* reflow.h: the pieces of the reading text shared inside src/pdf. */
#ifndef QUIRE_PDF_REFLOW_H
#define QUIRE_PDF_REFLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct wordslot {
	char *word; /* lowercase */
	size_t len;
	uint64_t hash;
	int count;
};
/* Lowercase words of a document and how often each occurs. */
struct wordcount {
	struct wordslot *v;
	size_t n, cap;
};

/* Count the words of one line of text (a fragment before a hyphen that
 * ends the line is not counted). */
void wordcount_add_line(struct wordcount *wc, const char *s, size_t len);
int wordcount_get(const struct wordcount *wc, const char *word);
void wordcount_free(struct wordcount *wc);

bool reflow_is_letter(uint32_t c);
bool reflow_is_lower(uint32_t c);

enum hyphen {
	HYPHEN_JOIN,       /* "mod-" + "els" -> "models" */
	HYPHEN_KEEP,       /* "state-" + "of-the-art" -> "state-of-the-art" */
	HYPHEN_KEEP_SPACE, /* "fixed-" + "and" -> "fixed- and" */
};
/* What to do with a hyphen ending a line after the word w1 (its letters
 * before the hyphen) when the next line starts with next. */
enum hyphen reflow_hyphen(const struct wordcount *wc, const char *w1, size_t n1, const char *next,
			  size_t nlen);

#endif
