/* edit.c: open a card's source in the user's editor. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "study/study.h"
#include "util/i18n.h"
#include "util/util.h"

/* Editors known to take +LINE before the file. */
static bool takes_line(const char *prog)
{
	const char *base = strrchr(prog, '/');
	base = base ? base + 1 : prog;
	static const char *const known[] = {"vi", "vim", "nvim", "view", "nano", "emacs", "emacsclient",
					    "micro", "kak", "joe", "mg", "jed", "ne", "pico", "hx"};
	for (size_t i = 0; i < ARRAY_SIZE(known); i++)
		if (strcmp(base, known[i]) == 0)
			return true;
	return false;
}

int study_edit(const char *path, int line, char **errp)
{
	const char *ed = getenv("VISUAL");
	if (!ed || !*ed)
		ed = getenv("EDITOR");
	if (!ed || !*ed)
		ed = "vi";
	/* the words of $EDITOR as the argument vector: no shell */
	struct strvec argv = STRVEC_INIT;
	const char *p = ed;
	while (*p) {
		p += strspn(p, " \t");
		size_t n = strcspn(p, " \t");
		if (n)
			strvec_push_owned(&argv, xstrndup(p, n));
		p += n;
	}
	if (!argv.n)
		strvec_push(&argv, "vi");
	if (line > 0 && takes_line(argv.v[0]))
		strvec_push_owned(&argv, xasprintf("+%d", line));
	strvec_push(&argv, path);
	pid_t pid = fork();
	if (pid < 0) {
		strvec_free(&argv);
		return error_set(errp, _("cannot start the editor %s: %s"), ed, strerror(errno));
	}
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		execvp(argv.v[0], argv.v);
		_exit(127);
	}
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	strvec_free(&argv);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return error_set(errp, _("cannot start the editor \"%s\" (set $EDITOR)"), ed);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return error_set(errp, _("the editor \"%s\" failed"), ed);
	return 0;
}
