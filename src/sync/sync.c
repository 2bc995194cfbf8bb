/* sync.c: `quire sync` and `quire sync --init URL`: commit, pull with
 * rebase, push, with the user's own git. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/lib.h"
#include "sync/private.h"
#include "util/i18n.h"

#define DRIVER "quire-note"

static const char gitignore[] =
	"# quire: per-machine state stays out of the repository\n"
	"*.tmp.*\n"
	".quire/\n"
	"*.swp\n"
	"*~\n";

void sync_say(struct sync *s, const char *fmt, ...)
{
	if (!s->o || !s->o->log)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *line = xvasprintf(fmt, ap);
	va_end(ap);
	s->o->log(s->o->ctx, line);
	free(line);
}

void sync_init_ctx(struct sync *s, const char *dir, const struct sync_opts *o)
{
	memset(s, 0, sizeof *s);
	s->o = o;
	int t = o && o->timeout_s > 0 ? o->timeout_s : 0;
	const char *env = getenv("QUIRE_SYNC_TIMEOUT");
	if (!t && env && atoi(env) > 0)
		t = atoi(env);
	s->g.dir = dir;
	s->g.timeout_s = t ? t : 120;
	s->g.errp = &s->err;
}

void sync_free(struct sync *s)
{
	free(s->err);
	free(s->remote);
	free(s->branch);
	free(s->remote_branch);
	free(s->url);
}

/* Run git; on failure set *errp to "WHAT: git's error" and return -1. */
int sync_git(struct sync *s, char **errp, const char *what, const char *arg, ...)
{
	char *argv[40] = {"git"};
	int n = 1;
	va_list ap;
	va_start(ap, arg);
	for (const char *a = arg; a && n < 38; a = va_arg(ap, const char *))
		argv[n++] = (char *)a;
	va_end(ap);
	argv[n] = NULL;
	struct spawn_result r;
	int st = git_runv(&s->g, &r, argv);
	if (st < 0)
		return error_set(errp, "%s", s->err);
	if (st != 0) {
		char *e = git_last_error(&r);
		error_set(errp, _("sync: %s failed: %s"), what, e);
		free(e);
	}
	spawn_result_free(&r);
	return st == 0 ? 0 : -1;
}

/* git is on PATH and works. */
int sync_check_git(struct sync *s, char **errp)
{
	struct spawn_result r;
	int st = git_run(&s->g, &r, "--version", NULL);
	if (st < 0) {
		if (errno == ENOENT)
			return error_set(errp, _("sync: git was not found on PATH; install git to sync "
						 "the library (nothing was changed)"));
		return error_set(errp, _("sync: cannot run git: %s"), s->err);
	}
	spawn_result_free(&r);
	return st == 0 ? 0 : error_set(errp, _("sync: git --version failed; check the git installation"));
}

/* dir is the top of a work tree of its own. */
bool sync_is_own_repo(struct sync *s)
{
	char *top = git_line(&s->g, "rev-parse", "--show-toplevel", NULL);
	char real[PATH_MAX];
	bool own = top && realpath(s->g.dir, real) && strcmp(top, real) == 0;
	free(top);
	return own;
}

static bool rebase_in_progress(struct sync *s)
{
	bool busy = false;
	for (const char *const *d = (const char *const[]){"rebase-merge", "rebase-apply", "MERGE_HEAD", NULL};
	     *d; d++) {
		char *p = git_line(&s->g, "rev-parse", "--git-path", *d, NULL);
		if (p) {
			char *full = p[0] == '/' ? xstrdup(p) : path_join(s->g.dir, p);
			busy = busy || file_exists(full);
			free(full);
		}
		free(p);
	}
	return busy;
}

/* The branch, its remote and the remote's branch. */
static int find_remote(struct sync *s, char **errp)
{
	s->branch = git_line(&s->g, "symbolic-ref", "--short", "-q", "HEAD", NULL);
	if (!s->branch)
		return error_set(errp, _("sync: %s: not on a branch (detached HEAD); check out a branch "
					 "first"), s->g.dir);
	char *key = xasprintf("branch.%s.remote", s->branch);
	s->remote = git_line(&s->g, "config", "--get", key, NULL);
	free(key);
	if (!s->remote) {
		struct spawn_result r;
		if (git_run(&s->g, &r, "remote", NULL) == 0) {
			const char *out = buf_str(&r.out);
			if (strstr(out, "origin\n") == out || strstr(out, "\norigin\n"))
				s->remote = xstrdup("origin");
			else if (*out && strchr(out, '\n') == out + strlen(out) - 1)
				s->remote = xstrndup(out, strlen(out) - 1);
			spawn_result_free(&r);
		}
	}
	if (!s->remote)
		return error_set(errp, _("sync: %s has no remote; run `quire sync --init URL` to name one "
					 "(nothing was changed)"), s->g.dir);
	key = xasprintf("branch.%s.merge", s->branch);
	char *merge = git_line(&s->g, "config", "--get", key, NULL);
	free(key);
	s->remote_branch = xstrdup(merge && str_starts_with(merge, "refs/heads/") ? merge + 11 : s->branch);
	free(merge);
	s->url = git_line(&s->g, "remote", "get-url", s->remote, NULL);
	if (!s->url)
		s->url = xstrdup(s->remote);
	return 0;
}

static bool contains_ci(const char *hay, const char *needle)
{
	return strcasestr(hay, needle) != NULL;
}

/* One line for a failed fetch or push, by what git said. */
static int network_error(struct sync *s, const struct spawn_result *r, const char *what,
			 char **errp)
{
	const char *e = buf_str(&r->err);
	if (r->timed_out)
		return error_set(errp, _("sync: %s: no answer from %s within %d seconds (network down?)"),
				 what, s->url, s->g.timeout_s);
	if (contains_ci(e, "Authentication failed") || contains_ci(e, "Permission denied") ||
	    contains_ci(e, "could not read Username") || contains_ci(e, "could not read Password") ||
	    contains_ci(e, "terminal prompts disabled") || contains_ci(e, "Host key verification failed") ||
	    contains_ci(e, "returned error: 401") || contains_ci(e, "returned error: 403"))
		return error_set(errp, _("sync: %s: authentication to %s failed; check your SSH key or "
					 "git credentials (nothing was changed)"), what, s->url);
	if (contains_ci(e, "Could not resolve host") || contains_ci(e, "Connection refused") ||
	    contains_ci(e, "Network is unreachable") || contains_ci(e, "Connection timed out") ||
	    contains_ci(e, "Failed to connect") || contains_ci(e, "Temporary failure in name resolution") ||
	    contains_ci(e, "Could not connect") || contains_ci(e, "No route to host"))
		return error_set(errp, _("sync: %s: cannot reach %s (no network?); nothing was changed"),
				 what, s->url);
	if (contains_ci(e, "does not appear to be a git repository") ||
	    contains_ci(e, "repository not found") || contains_ci(e, "not found") ||
	    contains_ci(e, "No such file or directory"))
		return error_set(errp, _("sync: %s: no repository at %s; check the remote's URL "
					 "(git -C %s remote -v)"), what, s->url, s->g.dir);
	char *last = git_last_error(r);
	error_set(errp, _("sync: %s from %s failed: %s"), what, s->url, last);
	free(last);
	return -1;
}

int sync_fetch(struct sync *s, char **errp)
{
	struct spawn_result r;
	int st = git_run(&s->g, &r, "fetch", "--quiet", "--no-write-fetch-head", s->remote, NULL);
	if (st < 0)
		return error_set(errp, "%s", s->err);
	if (st != 0 && strstr(buf_str(&r.err), "no-write-fetch-head")) {
		/* git before 2.29 */
		spawn_result_free(&r);
		st = git_run(&s->g, &r, "fetch", "--quiet", s->remote, NULL);
		if (st < 0)
			return error_set(errp, "%s", s->err);
	}
	if (st != 0)
		network_error(s, &r, "fetch", errp);
	spawn_result_free(&r);
	return st == 0 ? 0 : -1;
}

/* Append the lines of want missing from the file at path. */
static int ensure_lines(const char *path, const char *want, bool *changed, char **errp)
{
	size_t len = 0;
	char *err = NULL;
	char *cur = file_read_regular(path, (size_t)1 << 20, &len, &err);
	if (!cur && errno != ENOENT) {
		error_set(errp, "%s", err);
		free(err);
		return -1;
	}
	free(err);
	struct buf out = BUF_INIT;
	buf_add(&out, cur ? cur : "", len);
	for (const char *p = want; *p;) {
		size_t n = strcspn(p, "\n");
		char *line = xstrndup(p, n);
		bool have = false;
		for (const char *q = buf_str(&out); *q && !have;) {
			size_t m = strcspn(q, "\n");
			have = m == n && memcmp(q, line, n) == 0;
			q += m + (q[m] == '\n');
		}
		if (!have) {
			if (out.len && out.data[out.len - 1] != '\n')
				buf_addc(&out, '\n');
			buf_printf(&out, "%s\n", line);
		}
		free(line);
		p += n + (p[n] == '\n');
	}
	int r = 0;
	if (!cur || out.len != len) {
		r = file_write_atomic(path, buf_str(&out), out.len, errp);
		*changed = true;
	}
	buf_free(&out);
	free(cur);
	return r;
}

/* The quire program, quoted for the shell git runs the driver with. */
static char *driver_command(const struct sync_opts *o)
{
	char self[PATH_MAX];
	const char *prog = o && o->self ? o->self : NULL;
	if (!prog) {
		ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
		if (n > 0) {
			self[n] = '\0';
			prog = self;
		} else {
			prog = "quire";
		}
	}
	struct buf b = BUF_INIT;
	buf_addc(&b, '\'');
	for (const char *p = prog; *p; p++)
		buf_adds(&b, *p == '\'' ? "'\\''" : (char[]){*p, 0});
	buf_adds(&b, "' merge-note %O %A %B");
	return buf_detach(&b);
}

/* Is the program the configured driver names still there? */
static bool driver_usable(const char *cmd)
{
	if (!cmd || cmd[0] != '\'')
		return cmd != NULL;
	const char *end = strchr(cmd + 1, '\'');
	if (!end)
		return false;
	char *prog = xstrndup(cmd + 1, (size_t)(end - cmd - 1));
	bool ok = access(prog, X_OK) == 0;
	free(prog);
	return ok;
}

/* .gitignore, .gitattributes and the merge driver in .git/config. */
static int ensure_setup(struct sync *s, char **errp)
{
	char *ign = path_join(s->g.dir, ".gitignore");
	char *attr = path_join(s->g.dir, ".gitattributes");
	bool changed = false;
	int r = ensure_lines(ign, gitignore, &changed, errp);
	if (r == 0)
		r = ensure_lines(attr,
				 "# quire: the review history, card states and reading positions merge\n"
				 "# by keeping both sides' lines\n"
				 "reviews.log merge=union\n"
				 "cards.state merge=union\n"
				 "positions.log merge=union\n"
				 "# quire: notes merge field by field, lists line by line (quire merge-note)\n"
				 "notes/*.md merge=" DRIVER "\n"
				 "lists/* merge=" DRIVER "\n", &changed, errp);
	free(ign);
	free(attr);
	if (r < 0)
		return -1;
	char *cur = git_line(&s->g, "config", "--get", "merge." DRIVER ".driver", NULL);
	if (!driver_usable(cur)) {
		char *cmd = driver_command(s->o);
		r = sync_git(s, errp, "git config", "config", "merge." DRIVER ".name",
			 "quire: notes field by field", NULL);
		if (r == 0)
			r = sync_git(s, errp, "git config", "config", "merge." DRIVER ".driver", cmd, NULL);
		free(cmd);
	}
	free(cur);
	return r;
}

/* Does the staged note at path have another status than in HEAD? */
static int count_status_change(struct sync *s, const char *path, bool have_head)
{
	char *spec = xasprintf("HEAD:%s", path);
	struct spawn_result r;
	int st = have_head ? git_run(&s->g, &r, "show", spec, NULL) : -1;
	free(spec);
	char *before = st == 0 ? note_front_matter_get(r.out.data, r.out.len, "status") : NULL;
	if (st >= 0)
		spawn_result_free(&r);
	char *full = path_join(s->g.dir, path);
	size_t len;
	char *text = file_read_regular(full, (size_t)16 << 20, &len, NULL);
	char *after = text ? note_front_matter_get(text, len, "status") : NULL;
	int changed = (before || after) && !(before && after && strcmp(before, after) == 0) &&
		      !(!before && after && strcmp(after, "unread") == 0);
	free(before), free(after), free(text), free(full);
	return changed;
}

/* "quire sync: 2 notes, 1 status change, 3 reviews" from the staged changes. */
static char *commit_message(struct sync *s, bool have_head)
{
	struct spawn_result r;
	int notes = 0, statuses = 0, lists = 0, other = 0;
	long reviews = 0;
	if (git_run(&s->g, &r, "diff", "--cached", "--numstat", "-z", NULL) == 0) {
		const char *p = r.out.data, *end = r.out.data + r.out.len;
		while (p && p < end) {
			/* "ADDED\tDELETED\tPATH\0" */
			long added = strtol(p, NULL, 10);
			const char *tab = memchr(p, '\t', (size_t)(end - p));
			tab = tab ? memchr(tab + 1, '\t', (size_t)(end - tab - 1)) : NULL;
			if (!tab)
				break;
			const char *path = tab + 1;
			if (str_starts_with(path, "notes/") && str_ends_with(path, ".md")) {
				notes++;
				statuses += count_status_change(s, path, have_head);
			} else if (strcmp(path, "reviews.log") == 0) {
				reviews += added;
			} else if (str_starts_with(path, "lists/")) {
				lists++;
			} else {
				other++;
			}
			p = path + strlen(path) + 1;
		}
		spawn_result_free(&r);
	}
	struct buf m = BUF_INIT;
	buf_adds(&m, "quire sync:");
	const char *sep = " ";
	if (notes)
		buf_printf(&m, "%s%d note%s", sep, notes, notes == 1 ? "" : "s"), sep = ", ";
	if (statuses)
		buf_printf(&m, "%s%d status change%s", sep, statuses, statuses == 1 ? "" : "s"), sep = ", ";
	if (reviews)
		buf_printf(&m, "%s%ld review%s", sep, reviews, reviews == 1 ? "" : "s"), sep = ", ";
	if (lists)
		buf_printf(&m, "%s%d list%s", sep, lists, lists == 1 ? "" : "s"), sep = ", ";
	if (other)
		buf_printf(&m, "%s%d other file%s", sep, other, other == 1 ? "" : "s"), sep = ", ";
	char host[256];
	if (gethostname(host, sizeof host) == 0) {
		host[sizeof host - 1] = '\0';
		buf_printf(&m, "\n\nfrom %s", host);
	}
	return buf_detach(&m);
}

/* Commit whatever changed; *summary gets the message's first line. */
static int commit_all(struct sync *s, char **summary, char **errp)
{
	*summary = NULL;
	if (sync_git(s, errp, "git add", "add", "-A", ".", NULL) < 0)
		return -1;
	struct spawn_result r;
	int st = git_run(&s->g, &r, "diff", "--cached", "--quiet", NULL);
	if (st < 0)
		return error_set(errp, "%s", s->err);
	spawn_result_free(&r);
	if (st == 0)
		return 0;
	char *head = git_line(&s->g, "rev-parse", "-q", "--verify", "HEAD", NULL);
	char *msg = commit_message(s, head != NULL);
	free(head);
	int rc = sync_git(s, errp, "git commit", "commit", "-q", "--no-verify", "-m", msg, NULL);
	if (rc == 0)
		*summary = xstrndup(msg, strcspn(msg, "\n"));
	free(msg);
	return rc;
}

/* The files with conflicts, "a, b". */
static char *conflicted(struct sync *s)
{
	struct spawn_result r;
	struct buf b = BUF_INIT;
	if (git_run(&s->g, &r, "diff", "--name-only", "--diff-filter=U", NULL) >= 0) {
		for (const char *p = buf_str(&r.out); *p;) {
			size_t n = strcspn(p, "\n");
			if (n)
				buf_printf(&b, "%s%.*s", b.len ? ", " : "", (int)n, p);
			p += n + (p[n] == '\n');
		}
		spawn_result_free(&r);
	}
	return b.len ? buf_detach(&b) : NULL;
}

static int rebase(struct sync *s, const char *upstream, char **errp)
{
	struct spawn_result r;
	int st = git_run(&s->g, &r, "rebase", "--quiet", upstream, NULL);
	if (st < 0)
		return error_set(errp, "%s", s->err);
	if (st == 0) {
		spawn_result_free(&r);
		return 0;
	}
	char *files = conflicted(s);
	char *why = git_last_error(&r);
	spawn_result_free(&r);
	struct spawn_result a;
	int ab = git_run(&s->g, &a, "rebase", "--abort", NULL);
	if (ab >= 0)
		spawn_result_free(&a);
	if (files)
		error_set(errp, _("sync: %s: both machines changed the same lines; nothing was pulled "
				  "or pushed and your version is kept (committed). The other version is "
				  "%s/%s: merge it by hand (git -C %s pull --rebase, edit the file, git add "
				  "it, git rebase --continue), then run quire sync again"),
			  files, s->remote, s->remote_branch, s->g.dir);
	else
		error_set(errp, _("sync: git rebase onto %s/%s failed and was undone (your changes "
				  "are committed): %s"), s->remote, s->remote_branch, why);
	free(files);
	free(why);
	return -1;
}

static int push(struct sync *s, bool set_upstream, char **errp)
{
	char *ref = xasprintf("HEAD:refs/heads/%s", s->remote_branch);
	struct spawn_result r;
	int st = set_upstream ? git_run(&s->g, &r, "push", "--quiet", "-u", s->remote, ref, NULL)
			      : git_run(&s->g, &r, "push", "--quiet", s->remote, ref, NULL);
	free(ref);
	if (st < 0)
		return error_set(errp, "%s", s->err);
	if (st != 0) {
		const char *e = buf_str(&r.err);
		if (strstr(e, "[rejected]") || strstr(e, "non-fast-forward") || strstr(e, "fetch first"))
			error_set(errp, _("sync: push to %s was refused: the remote changed meanwhile; "
					  "your changes are committed locally, run quire sync again"), s->url);
		else
			network_error(s, &r, "push", errp);
	}
	spawn_result_free(&r);
	return st == 0 ? 0 : -1;
}

/* After the checks and a successful fetch: set up, commit, rebase, push. */
int sync_steps(struct sync *s, bool *pulled, char **errp)
{
	*pulled = false;
	if (ensure_setup(s, errp) < 0)
		return -1;
	char *summary = NULL;
	if (commit_all(s, &summary, errp) < 0)
		return -1;
	if (summary)
		sync_say(s, _("committed: %s"), summary + strlen("quire sync: "));
	free(summary);
	char *upstream = xasprintf("%s/%s", s->remote, s->remote_branch);
	char *upref = xasprintf("refs/remotes/%s", upstream);
	char *theirs = git_line(&s->g, "rev-parse", "-q", "--verify", upref, NULL);
	char *head = git_line(&s->g, "rev-parse", "-q", "--verify", "HEAD", NULL);
	int r = 0;
	if (theirs && !head) {
		/* nothing committed here yet: take the remote's branch */
		r = sync_git(s, errp, "git reset", "reset", "-q", "--hard", upstream, NULL);
		*pulled = r == 0;
	} else if (theirs && head) {
		char *tree0 = git_line(&s->g, "rev-parse", "HEAD^{tree}", NULL);
		r = rebase(s, upstream, errp);
		char *tree1 = r == 0 ? git_line(&s->g, "rev-parse", "HEAD^{tree}", NULL) : NULL;
		*pulled = r == 0 && tree0 && tree1 && strcmp(tree0, tree1) != 0;
		free(tree0), free(tree1);
	}
	if (r == 0 && *pulled)
		sync_say(s, _("pulled changes from %s"), s->url);
	free(head);
	head = r == 0 ? git_line(&s->g, "rev-parse", "-q", "--verify", "HEAD", NULL) : NULL;
	if (r == 0 && head && (!theirs || strcmp(head, theirs) != 0)) {
		char *key = xasprintf("branch.%s.remote", s->branch);
		char *up = git_line(&s->g, "config", "--get", key, NULL);
		free(key);
		r = push(s, up == NULL, errp);
		free(up);
		if (r == 0)
			sync_say(s, _("pushed to %s"), s->url);
	} else if (r == 0) {
		sync_say(s, _("up to date with %s"), s->url);
	}
	free(head);
	free(theirs);
	free(upref);
	free(upstream);
	return r;
}

int sync_run(const char *dir, const struct sync_opts *o, bool *pulled, char **errp)
{
	struct sync s;
	sync_init_ctx(&s, dir, o);
	*pulled = false;
	int r = sync_check_git(&s, errp);
	if (r == 0 && !sync_is_own_repo(&s))
		r = error_set(errp, _("sync: %s is not a git repository; run `quire sync --init URL` "
				      "first (nothing was changed)"), dir);
	if (r == 0 && rebase_in_progress(&s))
		r = error_set(errp, _("sync: a rebase or merge is in progress in %s; finish it (git "
				      "rebase --continue) or undo it (git rebase --abort), then sync "
				      "again"), dir);
	if (r == 0)
		r = find_remote(&s, errp);
	if (r == 0)
		r = sync_fetch(&s, errp);
	if (r == 0)
		r = sync_steps(&s, pulled, errp);
	sync_free(&s);
	return r;
}
