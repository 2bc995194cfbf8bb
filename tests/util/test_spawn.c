/* Unit tests for src/util/spawn.c: words of a command line without a
 * shell, captured runs, a program not found, the time limit, and a
 * program that leaves a daemon holding its output open. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tap.h"
#include "util/spawn.h"

static char *joined(const char *s)
{
	struct strvec v = STRVEC_INIT;
	char *err = NULL;
	if (split_words(s, &v, &err) < 0) {
		free(err);
		return NULL;
	}
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < v.n; i++)
		buf_printf(&b, "<%s>", v.v[i]);
	strvec_free(&v);
	return buf_detach(&b);
}

static void test_words(void)
{
	struct { const char *in, *want; } cases[] = {
		{"vi", "<vi>"},
		{"code -w", "<code><-w>"},
		{"  emacs   -nw  ", "<emacs><-nw>"},
		{"'/opt/my editor/bin/ed' --flag", "</opt/my editor/bin/ed><--flag>"},
		{"ed \"a \\\"b\\\" c\" x\\ y", "<ed><a \"b\" c><x y>"},
		{"vim $(rm -rf x); ls", "<vim><$(rm><-rf><x);><ls>"},
		{"e ''", "<e><>"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *got = joined(cases[i].in);
		is_str(got, cases[i].want, "split_words(%s)", cases[i].in);
		free(got);
	}
	ok(joined("vi 'open") == NULL, "an unterminated quote is an error");
	ok(joined("   ") == NULL, "no words is an error");
	setenv("VISUAL", "", 1);
	setenv("EDITOR", "nano -w", 1);
	struct strvec v = STRVEC_INIT;
	ok(editor_argv("/tmp/n.md", &v, NULL) == 0 && v.n == 3 && strcmp(v.v[0], "nano") == 0 &&
	   strcmp(v.v[2], "/tmp/n.md") == 0 && v.v[3] == NULL, "$EDITOR with an argument, file last");
	strvec_free(&v);
	unsetenv("EDITOR");
	unsetenv("VISUAL");
	ok(editor_argv("f", &v, NULL) == 0 && strcmp(v.v[0], "vi") == 0, "vi by default");
	strvec_free(&v);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void test_capture(void)
{
	struct spawn_result r;
	char *err = NULL;
	char *const echo[] = {"sh", "-c", "echo out; echo err >&2; exit 3", NULL};
	ok(spawn_capture(echo, NULL, NULL, 10, &r, &err) == 0, "a program runs");
	is(r.status, 3, "its exit status");
	is_str(buf_str(&r.out), "out\n", "its output");
	is_str(buf_str(&r.err), "err\n", "its error output, apart");
	spawn_result_free(&r);

	char *const env[] = {"QUIRE_T=yes", NULL};
	char *const show[] = {"sh", "-c", "printf %s \"$QUIRE_T\"; pwd", NULL};
	ok(spawn_capture(show, "/", env, 10, &r, &err) == 0, "with an environment and a directory");
	is_str(buf_str(&r.out), "yes/\n", "both applied");
	spawn_result_free(&r);

	char *const missing[] = {"quire-no-such-program", NULL};
	ok(spawn_capture(missing, NULL, NULL, 10, &r, &err) < 0 && errno == ENOENT,
	   "a program not on PATH: ENOENT");
	ok(err && strstr(err, "quire-no-such-program: command not found"), "named (%s)", err ? err : "");
	FREE(&err);

	char *const slow[] = {"sleep", "30", NULL};
	double t0 = now();
	ok(spawn_capture(slow, NULL, NULL, 1, &r, &err) == 0 && r.timed_out, "the time limit kills it");
	ok(now() - t0 < 10, "in time (%.1f s)", now() - t0);
	spawn_result_free(&r);

	char *const daemon[] = {"sh", "-c", "sleep 30 & echo started", NULL};
	t0 = now();
	ok(spawn_capture(daemon, NULL, NULL, 60, &r, &err) == 0 && r.status == 0 && !r.timed_out,
	   "a program that leaves a daemon holding its output");
	is_str(buf_str(&r.out), "started\n", "its output is read");
	ok(now() - t0 < 10, "and the run ends when it exits (%.1f s)", now() - t0);
	spawn_result_free(&r);

	char *const tty[] = {"sh", "-c", "if { true </dev/tty; } 2>/dev/null; then echo has-a-terminal; else echo none; fi", NULL};
	ok(spawn_capture(tty, NULL, NULL, 10, &r, &err) == 0 && strstr(buf_str(&r.out), "none"),
	   "no controlling terminal to prompt on");
	spawn_result_free(&r);
	is(spawn_wait((char *const[]){"sh", "-c", "exit 4", NULL}, &err), 4, "spawn_wait: exit status");
	ok(spawn_wait(missing, &err) < 0 && errno == ENOENT, "spawn_wait: not found");
	free(err);
}

int main(void)
{
	test_words();
	test_capture();
	return done_testing();
}
