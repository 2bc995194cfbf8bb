/* init.c: `quire sync --init URL`. */
#include "config.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sync/private.h"
#include "util/i18n.h"

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	UNUSED(st), UNUSED(flag), UNUSED(ftw);
	return remove(path);
}

/* Is the library free of the user's files (only what quire creates)? */
static bool library_empty(struct sync *s)
{
	struct spawn_result r;
	bool empty = false;
	if (git_run(&s->g, &r, "status", "--porcelain", "-uall", "-z", NULL) == 0) {
		empty = true;
		for (const char *p = r.out.data, *end = r.out.data + r.out.len; p < end && empty;
		     p += strlen(p) + 1) {
			const char *path = strlen(p) > 3 ? p + 3 : "";
			empty = strcmp(path, ".gitattributes") == 0 || strcmp(path, ".gitignore") == 0;
		}
		spawn_result_free(&r);
	}
	return empty;
}

int sync_init(const char *dir, const char *url, const struct sync_opts *o, bool *pulled,
	      char **errp)
{
	struct sync s;
	sync_init_ctx(&s, dir, o);
	*pulled = false;
	int r = sync_check_git(&s, errp);
	char *gitdir = path_join(dir, ".git");
	bool created = false;
	if (r == 0 && !sync_is_own_repo(&s)) {
		if (file_exists(gitdir))
			r = error_set(errp, _("sync: %s: exists but is not a usable repository"), gitdir);
		else if ((r = sync_git(&s, errp, "git init", "init", "-q", NULL)) == 0)
			created = true;
	}
	char *cur = r == 0 ? git_line(&s.g, "remote", "get-url", "origin", NULL) : NULL;
	if (r == 0 && !cur)
		r = sync_git(&s, errp, "git remote add", "remote", "add", "origin", url, NULL);
	else if (r == 0 && strcmp(cur, url) != 0)
		r = sync_git(&s, errp, "git remote set-url", "remote", "set-url", "origin", url, NULL);
	free(cur);
	s.remote = xstrdup("origin");
	s.url = xstrdup(url);
	if (r == 0)
		r = sync_fetch(&s, errp);
	/* the remote's default branch, if it has one */
	char *rb = NULL;
	if (r == 0) {
		struct spawn_result x;
		if (git_run(&s.g, &x, "ls-remote", "--symref", "origin", "HEAD", NULL) == 0) {
			const char *p = strstr(buf_str(&x.out), "ref: refs/heads/");
			if (p) {
				p += strlen("ref: refs/heads/");
				rb = xstrndup(p, strcspn(p, "\t\n"));
			}
			spawn_result_free(&x);
		}
	}
	s.branch = r == 0 ? git_line(&s.g, "symbolic-ref", "--short", "-q", "HEAD", NULL) : NULL;
	if (r == 0 && !s.branch)
		r = error_set(errp, _("sync: %s: not on a branch (detached HEAD); check out a branch "
				      "first"), dir);
	if (r == 0 && rb && created && strcmp(rb, s.branch) != 0) {
		/* a new repository takes the remote's branch name */
		char *ref = xasprintf("refs/heads/%s", rb);
		r = sync_git(&s, errp, "git symbolic-ref", "symbolic-ref", "HEAD", ref, NULL);
		free(ref);
		free(s.branch);
		s.branch = xstrdup(rb);
	}
	if (r == 0 && rb && created) {
		char *upstream = xasprintf("origin/%s", rb);
		if (library_empty(&s)) {
			/* a clone: the remote's files as they are */
			r = sync_git(&s, errp, "git checkout", "checkout", "-q", "-f", "-B", s.branch, upstream, NULL);
			*pulled = r == 0;
		} else {
			/* the remote's history under the library's own files; files
			 * only the remote has are added */
			r = sync_git(&s, errp, "git reset", "reset", "-q", upstream, NULL);
			struct spawn_result x;
			if (r == 0 && git_run(&s.g, &x, "ls-files", "-d", "-z", NULL) == 0) {
				for (const char *p = x.out.data, *end = x.out.data + x.out.len;
				     r == 0 && p < end; p += strlen(p) + 1)
					r = sync_git(&s, errp, "git checkout", "checkout", "-q", "--", p, NULL);
				*pulled = true;
				spawn_result_free(&x);
			}
		}
		free(upstream);
	}
	if (r == 0) {
		char *k1 = xasprintf("branch.%s.remote", s.branch);
		char *k2 = xasprintf("branch.%s.merge", s.branch);
		char *v2 = xasprintf("refs/heads/%s", rb ? rb : s.branch);
		r = sync_git(&s, errp, "git config", "config", k1, "origin", NULL);
		if (r == 0)
			r = sync_git(&s, errp, "git config", "config", k2, v2, NULL);
		free(k1), free(k2), free(v2);
		s.remote_branch = xstrdup(rb ? rb : s.branch);
	}
	if (r == 0) {
		sync_say(&s, _("%s: a repository with remote origin %s"), dir, url);
		bool more = false;
		r = sync_steps(&s, &more, errp);
		*pulled = *pulled || more;
	}
	if (r < 0 && created) {
		/* leave the library as it was */
		nftw(gitdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	}
	free(rb);
	free(gitdir);
	sync_free(&s);
	return r;
}
