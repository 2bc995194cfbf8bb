/* git.c: running git in the library directory. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "sync/private.h"

int git_runv(const struct git_ctx *g, struct spawn_result *r, char *const argv[])
{
	static char *const env[] = {
		"GIT_TERMINAL_PROMPT=0", "LC_ALL=C", "LANGUAGE=", "GIT_EDITOR=true",
		"GIT_MERGE_AUTOEDIT=no", "GIT_SEQUENCE_EDITOR=true", NULL,
	};
	if (spawn_capture(argv, g->dir, env, g->timeout_s, r, g->errp) < 0)
		return -1;
	return r->timed_out ? 124 : r->status;
}

#define GIT_ARGS_MAX 32

int git_run(const struct git_ctx *g, struct spawn_result *r, const char *arg, ...)
{
	char *argv[GIT_ARGS_MAX + 2] = {"git"};
	int n = 1;
	va_list ap;
	va_start(ap, arg);
	for (const char *a = arg; a && n <= GIT_ARGS_MAX; a = va_arg(ap, const char *))
		argv[n++] = (char *)a;
	va_end(ap);
	argv[n] = NULL;
	return git_runv(g, r, argv);
}

char *git_line(const struct git_ctx *g, const char *arg, ...)
{
	char *argv[GIT_ARGS_MAX + 2] = {"git"};
	int n = 1;
	va_list ap;
	va_start(ap, arg);
	for (const char *a = arg; a && n <= GIT_ARGS_MAX; a = va_arg(ap, const char *))
		argv[n++] = (char *)a;
	va_end(ap);
	argv[n] = NULL;
	struct spawn_result r;
	char *line = NULL;
	if (git_runv(g, &r, argv) < 0)
		return NULL;
	if (r.status == 0 && r.out.len) {
		size_t k = strcspn(r.out.data, "\n");
		line = xstrndup(r.out.data, k);
		str_trim(line);
		if (!*line)
			FREE(&line);
	}
	spawn_result_free(&r);
	return line;
}

char *git_last_error(const struct spawn_result *r)
{
	const char *s = buf_str(&r->err);
	const char *best = NULL;
	size_t best_len = 0;
	for (const char *p = s; *p;) {
		size_t n = strcspn(p, "\n");
		const char *q = p;
		size_t k = n;
		while (k && (*q == ' ' || *q == '\t'))
			q++, k--;
		/* the first fatal: or error: line is the error; hints are advice */
		if (k && (str_starts_with(q, "fatal:") || str_starts_with(q, "error:"))) {
			best = q + (q[0] == 'f' ? 6 : 6), best_len = k - 6;
			break;
		}
		if (k && !str_starts_with(q, "hint:"))
			best = q, best_len = k;
		p += n + (p[n] == '\n');
	}
	if (!best)
		return xstrdup(r->timed_out ? "timed out" : "failed");
	char *line = xstrndup(best, best_len);
	str_trim(line);
	return line;
}
