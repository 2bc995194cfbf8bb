/* signals.c: the terminal is restored on every exit (atexit, and the crash
 * and termination signals, which then re-raise so the exit status tells
 * what happened), and SIGWINCH wakes the loop through a self-pipe. The
 * same pipe is where background work will report to the UI thread. */
#include "config.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "tui/private.h"

static volatile sig_atomic_t curses_active;
static volatile sig_atomic_t winch_pending;
static int wake_pipe[2] = {-1, -1};
static bool installed;

static void restore_terminal(void)
{
	if (curses_active) {
		curses_active = 0;
		endwin();
	}
}

static void on_fatal(int sig)
{
	/* endwin is not async-signal-safe, but a terminal left in raw mode
	 * is worse; htop and tig do the same. */
	restore_terminal();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void on_winch(int sig)
{
	int saved = errno;
	winch_pending = 1;
	if (wake_pipe[1] >= 0) {
		ssize_t r = write(wake_pipe[1], "w", 1);
		(void)r;
	}
	errno = saved;
	(void)sig;
}

void signals_install(void)
{
	if (installed)
		return;
	installed = true;
	if (pipe(wake_pipe) == 0) {
		for (int i = 0; i < 2; i++) {
			fcntl(wake_pipe[i], F_SETFL, fcntl(wake_pipe[i], F_GETFL) | O_NONBLOCK);
			fcntl(wake_pipe[i], F_SETFD, FD_CLOEXEC);
		}
	}
	atexit(restore_terminal);
	static const int fatal[] = {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL,
	                            SIGTERM, SIGINT,  SIGHUP, SIGQUIT};
	struct sigaction sa = {0};
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_fatal;
	sa.sa_flags = SA_RESETHAND;
	for (size_t i = 0; i < ARRAY_SIZE(fatal); i++)
		sigaction(fatal[i], &sa, NULL);
	/* Installed before curses starts, so curses leaves SIGWINCH to us;
	 * the loop calls resizeterm itself. */
	sa.sa_handler = on_winch;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGWINCH, &sa, NULL);
}

void signals_curses_active(bool on)
{
	curses_active = on;
}

int signals_wake_fd(void)
{
	return wake_pipe[0];
}

bool signals_take_winch(void)
{
	char drain[64];
	if (wake_pipe[0] >= 0)
		while (read(wake_pipe[0], drain, sizeof drain) > 0)
			;
	if (!winch_pending)
		return false;
	winch_pending = 0;
	return true;
}
