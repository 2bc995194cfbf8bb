/* spawn: running other programs (git, the user's editor) with an argument
 * vector, never through a shell. */
#ifndef QUIRE_UTIL_SPAWN_H
#define QUIRE_UTIL_SPAWN_H

#include <stdbool.h>

#include "util/util.h"

/* What a captured run gave. */
struct spawn_result {
	int status;      /* exit status; 128 + signal when killed by one */
	bool timed_out;  /* killed after the time limit */
	struct buf out;  /* standard output */
	struct buf err;  /* standard error */
};
void spawn_result_free(struct spawn_result *r);

/* Run argv (argv[0] looked up on PATH) in directory cwd (NULL: the current
 * one) with extra_env ("NAME=VALUE" strings, NULL-terminated; may be NULL)
 * added to the environment, standard input from /dev/null and its output
 * captured through pipes; the process and its children are killed after
 * timeout_s seconds (0: no limit). Returns 0 when the program ran (its
 * status in r, which the caller frees with spawn_result_free), -1 when it
 * could not be started: *errp says why, errno ENOENT when argv[0] is not
 * on PATH. */
int spawn_capture(char *const argv[], const char *cwd, char *const extra_env[], int timeout_s,
		  struct spawn_result *r, char **errp);

/* Run argv on the terminal (standard streams inherited) and wait for it.
 * Returns its exit status (128 + signal when killed by one), or -1 with
 * *errp set when it could not be started (errno ENOENT: not on PATH). */
int spawn_wait(char *const argv[], char **errp);

/* Split a command line such as "code -w" or "emacs -nw" into words the
 * way a shell would, without expanding anything: blanks separate words,
 * '...' and "..." quote, a backslash escapes the next character. Returns
 * 0, or -1 with *errp set for an unterminated quote or no words at all
 * (out is then empty). */
int split_words(const char *s, struct strvec *out, char **errp);

/* The user's editor as an argument vector: $VISUAL, else $EDITOR, else
 * "vi", split with split_words, file appended. */
int editor_argv(const char *file, struct strvec *out, char **errp);

#endif
