/* sync: the library directory as a git work tree, synced with a remote
 * (`quire sync`), and quire's merge driver for notes. git is the user's
 * own (their config, SSH keys and credential helpers), run with argument
 * vectors, never a shell, without a terminal (GIT_TERMINAL_PROMPT=0) and
 * with a time limit. Depends on lib and util. */
#ifndef QUIRE_SYNC_H
#define QUIRE_SYNC_H

#include <stdbool.h>
#include <stddef.h>

#include "util/util.h"

/* Where a sync reports what it does, one line at a time (translated,
 * without a newline): the command prints them, the interface shows them
 * in a pane. May be NULL. */
typedef void sync_log_fn(void *ctx, const char *line);

struct sync_opts {
	sync_log_fn *log;
	void *ctx;
	int timeout_s;      /* limit for each git run; 0: $QUIRE_SYNC_TIMEOUT, else 120 */
	const char *self;   /* the quire program for the merge driver; NULL: this one */
};

/* Sync the library directory dir: check that git is there, that dir is a
 * repository of its own with a remote, fetch (a network or authentication
 * failure stops here, with nothing changed), write the .gitignore,
 * .gitattributes and merge driver quire needs, commit every change with a
 * generated message (N notes, N status changes, N reviews), rebase onto
 * the remote branch (a failed rebase is aborted: the local commit stays),
 * and push. *pulled tells whether the pull changed any file (the caller
 * refreshes its index then). Returns 0, or -1 with *errp set to one line
 * naming the problem and what to do. Touches no index: may run in a
 * thread of its own. */
int sync_run(const char *dir, const struct sync_opts *o, bool *pulled, char **errp);

/* Make dir a repository with remote origin = url (or point origin there):
 * a remote with content is checked out into an empty library (a clone);
 * into a library with content, files only the remote has are added and
 * the library's own versions of the others are kept and committed. Then
 * sync as sync_run does. A failure leaves dir as it was. */
int sync_init(const char *dir, const char *url, const struct sync_opts *o, bool *pulled,
	      char **errp);

/* The merge driver for notes (`quire merge-note %O %A %B`): merge the
 * note texts base, ours and theirs. Front matter field by field: status
 * (with read and status_changed) and rating (with rating_changed) from the
 * side whose recorded change is later; tags as the union of both sides'
 * additions minus both sides' removals; any other field taken from the
 * side that changed it. The body line by line when the sides changed
 * different lines and no line was added or removed (check marks in a
 * list), else three-way (git merge-file), where lines both sides only
 * added at the end are both kept. Lists go through it too. Returns the merged text
 * (caller frees, length in *out_len) and *conflicts, the number of body
 * conflicts left marked in it; NULL with *errp on error. */
char *sync_merge_note_text(const char *base, size_t base_len, const char *ours, size_t ours_len,
			   const char *theirs, size_t theirs_len, size_t *out_len, int *conflicts,
			   char **errp);

/* The driver itself: merge the files and write the result to ours_path.
 * Returns 0 when clean, 1 when the body has conflicts, -1 on error. */
int sync_merge_note_files(const char *base_path, const char *ours_path, const char *theirs_path,
			  char **errp);

#endif
