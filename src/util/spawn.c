/* spawn.c: running git and the user's editor with an argument vector (fork
 * and execvpe, no shell), output captured through pipes, with a time limit. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/i18n.h"
#include "util/spawn.h"

extern char **environ;

void spawn_result_free(struct spawn_result *r)
{
	buf_free(&r->out);
	buf_free(&r->err);
}

/* environ with extra ("NAME=VALUE") replacing or adding variables. The
 * array is malloc'd; its strings are borrowed. */
static char **env_with(char *const extra[])
{
	size_t n = 0, m = 0;
	while (environ[n])
		n++;
	while (extra && extra[m])
		m++;
	char **env = xcalloc(n + m + 1, sizeof *env);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		bool replaced = false;
		for (size_t j = 0; j < m && !replaced; j++) {
			size_t name = strcspn(extra[j], "=");
			replaced = strncmp(environ[i], extra[j], name + 1) == 0;
		}
		if (!replaced)
			env[k++] = environ[i];
	}
	for (size_t j = 0; j < m; j++)
		env[k++] = extra[j];
	return env;
}

static int status_of(int ws)
{
	return WIFEXITED(ws) ? WEXITSTATUS(ws) : WIFSIGNALED(ws) ? 128 + WTERMSIG(ws) : 1;
}

/* After fork: report errno through the close-on-exec pipe, then exit. */
static void NORETURN child_fail(int fd)
{
	int e = errno;
	ssize_t w = write(fd, &e, sizeof e);
	UNUSED(w);
	_exit(127);
}

/* The errno the child sent before exec failed, 0 when exec succeeded. */
static int exec_errno(int fd)
{
	int e = 0;
	ssize_t r;
	while ((r = read(fd, &e, sizeof e)) < 0 && errno == EINTR)
		;
	close(fd);
	return r == (ssize_t)sizeof e ? e : 0;
}

static int start_error(char *const argv[], int e, char **errp)
{
	if (e == ENOENT)
		error_set(errp, _("%s: command not found"), argv[0]);
	else
		error_set(errp, "%s: %s", argv[0], strerror(e));
	errno = e;
	return -1;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int spawn_capture(char *const argv[], const char *cwd, char *const extra_env[], int timeout_s,
		  struct spawn_result *r, char **errp)
{
	memset(r, 0, sizeof *r);
	int out[2], err[2], ex[2];
	if (pipe2(out, O_CLOEXEC) < 0)
		return start_error(argv, errno, errp);
	if (pipe2(err, O_CLOEXEC) < 0) {
		int e = errno;
		close(out[0]), close(out[1]);
		return start_error(argv, e, errp);
	}
	if (pipe2(ex, O_CLOEXEC) < 0) {
		int e = errno;
		close(out[0]), close(out[1]), close(err[0]), close(err[1]);
		return start_error(argv, e, errp);
	}
	char **env = env_with(extra_env);
	pid_t pid = fork();
	if (pid == 0) {
		/* a session of its own: no terminal to prompt on (ssh cannot
		 * open /dev/tty), and a group a timeout kills with git's ssh */
		setsid();
		int devnull = open("/dev/null", O_RDONLY);
		if (devnull < 0 || dup2(devnull, 0) < 0 || dup2(out[1], 1) < 0 || dup2(err[1], 2) < 0)
			child_fail(ex[1]);
		if (cwd && chdir(cwd) < 0)
			child_fail(ex[1]);
		execvpe(argv[0], argv, env);
		child_fail(ex[1]);
	}
	int fork_errno = errno;
	free(env);
	close(out[1]), close(err[1]), close(ex[1]);
	if (pid < 0) {
		close(out[0]), close(err[0]), close(ex[0]);
		return start_error(argv, fork_errno, errp);
	}
	int e = exec_errno(ex[0]);
	struct pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
	struct buf *bufs[2] = {&r->out, &r->err};
	double deadline = timeout_s > 0 ? now_s() + timeout_s : 0;
	int open_fds = 2, ws = 0;
	bool exited = false;
	/* Read until both pipes close, or the program has exited and what it
	 * wrote is drained: a daemon it left behind (a credential cache) may
	 * hold the pipes open for good. */
	while (!e && open_fds) {
		int wait_ms = exited ? 0 : 200;
		if (deadline && !exited) {
			double left = deadline - now_s();
			if (left <= 0) {
				r->timed_out = true;
				kill(-pid, SIGKILL);
				break;
			}
			if (left * 1000 < wait_ms)
				wait_ms = (int)(left * 1000) + 1;
		}
		int n = poll(fds, 2, wait_ms);
		if (n < 0 && errno != EINTR)
			break;
		for (int i = 0; n > 0 && i < 2; i++) {
			if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			char chunk[4096];
			ssize_t got = read(fds[i].fd, chunk, sizeof chunk);
			if (got > 0) {
				buf_add(bufs[i], chunk, (size_t)got);
			} else if (got == 0 || errno != EINTR) {
				close(fds[i].fd);
				fds[i].fd = -1;
				open_fds--;
			}
		}
		if (exited && n <= 0)
			break;   /* exited, and nothing more to read */
		if (!exited && waitpid(pid, &ws, WNOHANG) == pid)
			exited = true;
	}
	for (int i = 0; i < 2; i++)
		if (fds[i].fd >= 0)
			close(fds[i].fd);
	if (!exited)
		while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
			;
	/* Whatever the program left running in its group goes with it. */
	if (r->timed_out)
		kill(-pid, SIGKILL);
	buf_addc(&r->out, '\0'), r->out.len--;
	buf_addc(&r->err, '\0'), r->err.len--;
	if (e) {
		spawn_result_free(r);
		return start_error(argv, e, errp);
	}
	r->status = status_of(ws);
	return 0;
}

int spawn_wait(char *const argv[], char **errp)
{
	int ex[2];
	if (pipe2(ex, O_CLOEXEC) < 0)
		return start_error(argv, errno, errp);
	pid_t pid = fork();
	if (pid == 0) {
		execvp(argv[0], argv);
		child_fail(ex[1]);
	}
	int fork_errno = errno;
	close(ex[1]);
	if (pid < 0) {
		close(ex[0]);
		return start_error(argv, fork_errno, errp);
	}
	int e = exec_errno(ex[0]);
	int ws = 0;
	while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
		;
	if (e)
		return start_error(argv, e, errp);
	return status_of(ws);
}

int split_words(const char *s, struct strvec *out, char **errp)
{
	struct buf w = BUF_INIT;
	bool in_word = false;
	char quote = 0;
	for (const char *p = s; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
			else if (quote == '"' && *p == '\\' && p[1] && strchr("\"\\$`", p[1]))
				buf_addc(&w, *++p);
			else
				buf_addc(&w, *p);
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
			in_word = true;
		} else if (*p == '\\' && p[1]) {
			buf_addc(&w, *++p);
			in_word = true;
		} else if (*p == ' ' || *p == '\t' || *p == '\n') {
			if (in_word)
				strvec_push(out, buf_str(&w));
			buf_reset(&w);
			in_word = false;
		} else {
			buf_addc(&w, *p);
			in_word = true;
		}
	}
	if (in_word && !quote)
		strvec_push(out, buf_str(&w));
	buf_free(&w);
	if (quote) {
		strvec_free(out);
		return error_set(errp, _("%s: unterminated quote"), s);
	}
	if (!out->n)
		return error_set(errp, _("the editor command is empty"));
	return 0;
}

int editor_argv(const char *file, struct strvec *out, char **errp)
{
	const char *ed = getenv("VISUAL");
	if (!ed || !*ed)
		ed = getenv("EDITOR");
	if (!ed || !*ed)
		ed = "vi";
	if (split_words(ed, out, errp) < 0)
		return -1;
	strvec_push(out, file);
	return 0;
}
