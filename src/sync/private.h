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

#endif
