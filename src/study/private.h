/* private.h: helpers shared by the files of src/study. */
#ifndef QUIRE_STUDY_PRIVATE_H
#define QUIRE_STUDY_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

#include "study/study.h"
#include "util/util.h"

/* Add "NAME:LINE: problem; line skipped" to w (when not NULL). */
void study_warn(struct strvec *w, const char *name, int line, const char *problem);
/* A decimal count of at most 15 digits, or -1. */
int64_t study_parse_count(const char *s, size_t n);
/* Append a copy of *e (which gives its strings to the log). */
void study_revlog_push(struct revlog *log, const struct revlog_entry *e);

#endif
