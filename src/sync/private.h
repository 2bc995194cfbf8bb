/* private.h: what the files of src/sync share. */
#ifndef QUIRE_SYNC_PRIVATE_H
#define QUIRE_SYNC_PRIVATE_H

#include "sync/sync.h"
#include "util/spawn.h"

/* One git run in a directory: git_run(&ctx, &result, "status", "-z", NULL).
 * The environment: GIT_TERMINAL_PROMPT=0 (never a prompt), LC_ALL=C
 * (messages quire reads), no editor. Returns git's exit status (r is
 * filled; the caller frees it), or -1 when git could not be started
 * (*errp, errno ENOENT when it is not on PATH). */
struct git_ctx {
	const char *dir;
	int timeout_s;
	char **errp;
};
int git_run(const struct git_ctx *g, struct spawn_result *r, const char *arg, ...);
/* Like git_run, the arguments in a vector (git's own name first). */
int git_runv(const struct git_ctx *g, struct spawn_result *r, char *const argv[]);
/* The first line of git's output (stdout), trimmed. Caller frees; NULL
 * when git failed or printed nothing. */
char *git_line(const struct git_ctx *g, const char *arg, ...);
/* The last non-empty line of git's error output, for a message. Caller frees. */
char *git_last_error(const struct spawn_result *r);

/* sync.c: the steps of a sync, shared with init.c. */
struct sync {
	struct git_ctx g;
	const struct sync_opts *o;
	char *err;          /* where git_ctx reports a failed start */
	char *remote, *branch, *remote_branch, *url;
};

void sync_init_ctx(struct sync *s, const char *dir, const struct sync_opts *o);
void sync_free(struct sync *s);
/* A line for the caller's log. */
void sync_say(struct sync *s, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* Run git with the arguments (NULL-terminated); on failure *errp is
 * "sync: WHAT failed: git's error" and -1 is returned. */
int sync_git(struct sync *s, char **errp, const char *what, const char *arg, ...);
/* git is on PATH and runs ("git was not found" otherwise). */
int sync_check_git(struct sync *s, char **errp);
/* The directory is the top of a work tree of its own. */
bool sync_is_own_repo(struct sync *s);
/* Fetch s->remote; a failure is one line saying what went wrong. */
int sync_fetch(struct sync *s, char **errp);
/* After a successful fetch: set up, commit, rebase, push. */
int sync_steps(struct sync *s, bool *pulled, char **errp);

#endif
