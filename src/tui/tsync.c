/* tsync.c: `quire sync` from the interface. sync_run runs on a thread of
 * its own; each line it logs and its end wake the loop through a pipe
 * (tsync_fd), and the status line shows the latest line. After a pull that
 * changed files the index and the views follow. */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "sync/sync.h"
#include "tui/private.h"
#include "util/i18n.h"

struct tsync {
	pthread_t thread;
	pthread_mutex_t mu;
	int wake[2];
	char *dir;
	/* under mu */
	char *line; /* the latest line logged, not shown yet */
	bool done, pulled;
	char *err;
};

static void wake(struct tsync *s)
{
	char c = 1;
	ssize_t r = write(s->wake[1], &c, 1); /* a full pipe is awake already */
	(void)r;
}

/* sync_log_fn: keep the line for the loop. */
static void log_line(void *ctx, const char *line)
{
	struct tsync *s = ctx;
	pthread_mutex_lock(&s->mu);
	free(s->line);
	s->line = xstrdup(line);
	pthread_mutex_unlock(&s->mu);
	wake(s);
}

static void *worker(void *arg)
{
	struct tsync *s = arg;
	struct sync_opts o = {.log = log_line, .ctx = s};
	bool pulled = false;
	char *err = NULL;
	int r = sync_run(s->dir, &o, &pulled, &err);
	pthread_mutex_lock(&s->mu);
	s->done = true;
	s->pulled = pulled;
	s->err = r < 0 ? (err ? err : xstrdup(_("the sync failed"))) : NULL;
	if (r == 0)
		free(err);
	pthread_mutex_unlock(&s->mu);
	wake(s);
	return NULL;
}

unsigned tsync_start(struct tui *t)
{
	if (t->sync) {
		tui_message(t, false, "%s", _("A sync is running already."));
		return REDRAW_BARS;
	}
	struct tsync *s = xcalloc(1, sizeof *s);
	if (pipe(s->wake) < 0) {
		free(s);
		tui_message(t, true, "%s", _("cannot start the sync"));
		return REDRAW_BARS;
	}
	pthread_mutex_init(&s->mu, NULL);
	s->dir = xstrdup(library_dir(t->lib));
	if (pthread_create(&s->thread, NULL, worker, s) != 0) {
		close(s->wake[0]);
		close(s->wake[1]);
		pthread_mutex_destroy(&s->mu);
		free(s->dir);
		free(s);
		tui_message(t, true, "%s", _("cannot start the sync"));
		return REDRAW_BARS;
	}
	t->sync = s;
	tui_message(t, false, "%s", _("Syncing…"));
	return REDRAW_BARS;
}

int tsync_fd(const struct tui *t)
{
	return t->sync ? t->sync->wake[0] : -1;
}

bool tsync_busy(const struct tui *t)
{
	return t->sync != NULL;
}

/* Wait for the thread and free what is left. */
static void finish(struct tui *t)
{
	struct tsync *s = t->sync;
	pthread_join(s->thread, NULL);
	close(s->wake[0]);
	close(s->wake[1]);
	pthread_mutex_destroy(&s->mu);
	free(s->line);
	free(s->err);
	free(s->dir);
	free(s);
	t->sync = NULL;
}

unsigned tsync_pump(struct tui *t)
{
	struct tsync *s = t->sync;
	if (!s)
		return REDRAW_NONE;
	char drain[64];
	ssize_t r = read(s->wake[0], drain, sizeof drain);
	(void)r;
	pthread_mutex_lock(&s->mu);
	char *line = s->line, *err = s->err;
	s->line = s->err = NULL;
	bool done = s->done, pulled = s->pulled;
	pthread_mutex_unlock(&s->mu);
	unsigned bits = REDRAW_BARS;
	if (line)
		tui_message(t, false, "%s", line);
	free(line);
	if (!done)
		return bits;
	finish(t);
	if (pulled)
		bits |= tui_reload(t, WATCH_LISTS | WATCH_NOTES);
	if (err)
		tui_message(t, true, "%s", err);
	else
		tui_message(t, false, "%s", pulled ? _("Synced; the library has changes from the remote.")
		                                    : _("Synced."));
	free(err);
	return bits;
}

void tsync_close(struct tui *t)
{
	if (t->sync)
		finish(t); /* git has its time limit: this ends */
}
