/* state_private.h: cards.state read back (state.c), for collection.c. */
#ifndef QUIRE_STUDY_STATE_PRIVATE_H
#define QUIRE_STUDY_STATE_PRIVATE_H

#include "study/study.h"
#include "util/util.h"

struct cardstate_rec {
	int64_t time;
	char *card;
	enum cardstate_verb verb;
	char *arg; /* the new id of an alias */
};

struct cardstate {
	struct cardstate_rec *v;
	size_t n, cap;
};

/* Parse cards.state text (malformed lines reported as "NAME:LINE: problem"
 * and skipped); records sorted by time. */
void cardstate_parse(const char *name, const char *text, size_t len, struct cardstate *out,
		     struct strvec *warnings);
/* Read the file at path (missing: no records). */
int cardstate_read(const char *path, struct cardstate *out, struct strvec *warnings, char **errp);
void cardstate_free(struct cardstate *s);
/* The start of the local day after the one containing t. */
int64_t study_next_day(int64_t t);

#endif
