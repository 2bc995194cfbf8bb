/* cards_private.h: line helpers shared by the card parser (cards.c) and
 * the card generator (cardgen.c). */
#ifndef QUIRE_STUDY_CARDS_PRIVATE_H
#define QUIRE_STUDY_CARDS_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

#include "study/study.h"
#include "util/util.h"

/* Levels of a card's heading path. */
#define TOPIC_SEP_CARDS " > "

/* Split text into lines (no line ends; \r\n taken as \n) appended to out. */
void card_lines_split(const char *text, size_t len, struct strvec *out);
const char *card_skip_ws(const char *s);
bool card_is_blank(const char *s);
/* '`' or '~' when the line opens or closes a fence, else 0. */
int card_fence(const char *s);
/* The level of an ATX heading line (1-6), else 0. */
int card_heading_level(const char *s);
/* Set level `level` of a heading path to title, dropping deeper levels. */
void card_headings_set(struct strvec *path, int level, const char *title);
/* first (may be NULL) and the non-empty levels joined by " > ". Caller frees. */
char *card_headings_join(const struct strvec *path, const char *first);
/* Skip indentation and a list marker ("- ", "* ", "+ ", "1. "). */
const char *card_skip_bullet(const char *s);

/* Drop the cards from index from on that ask "X = ?" of a formula another
 * card already gives whole ("X = ..." as its answer). */
void cards_drop_duplicate_formulas(struct card_set *s, size_t from);

#endif
