/* tindex.c: the text of the cached PDFs into the full-text index, in the
 * background. A worker thread with its own connection to the index (and
 * MuPDF contexts of its own, as src/pdf makes one per call) extracts the
 * PDFs whose text is missing or stale, one at a time, and wakes the loop
 * through a pipe after each, so that a search on the screen shows what was
 * found. It starts once the first screen is drawn, and again after a
 * download. $QUIRE_TEST_INDEX_DELAY (milliseconds) makes it wait before
 * each PDF, for the tests that watch the interface while it works. */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "pdf/pdf.h"
#include "tui/private.h"
#include "util/i18n.h"

/* How long quitting waits for the PDF being indexed. */
#define QUIT_WAIT_S 3

struct tindex {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int wake[2];
	struct library *lib; /* the worker's connection */
	long delay_ms;
	/* under mu */
	bool stop, again, busy, exited;
	size_t indexed; /* PDFs stored since the loop last looked */
	char *failed;   /* the latest PDF that could not be read, not shown yet */
};

static void wake(struct tindex *x)
{
	char c = 1;
	ssize_t r = write(x->wake[1], &c, 1); /* a full pipe is awake already */
	(void)r;
}

/* Wait ms milliseconds, or less when told to stop. */
static void pause_ms(struct tindex *x, long ms)
{
	struct timespec end;
	clock_gettime(CLOCK_REALTIME, &end);
	end.tv_sec += ms / 1000;
	end.tv_nsec += (ms % 1000) * 1000000L;
	if (end.tv_nsec >= 1000000000L) {
		end.tv_sec++;
		end.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&x->mu);
	while (!x->stop && pthread_cond_timedwait(&x->cv, &x->mu, &end) == 0)
		;
	pthread_mutex_unlock(&x->mu);
}

/* One round: every PDF pending when it starts. */
static void index_round(struct tindex *x)
{
	struct fulltext_jobs jobs;
	char *err = NULL;
	if (library_fulltext_pending(x->lib, &jobs, &err) < 0) {
		pthread_mutex_lock(&x->mu);
		free(x->failed);
		x->failed = err;
		pthread_mutex_unlock(&x->mu);
		wake(x);
		return;
	}
	for (size_t i = 0; i < jobs.n; i++) {
		pthread_mutex_lock(&x->mu);
		bool stop = x->stop;
		pthread_mutex_unlock(&x->mu);
		if (stop)
			break;
		if (x->delay_ms > 0)
			pause_ms(x, x->delay_ms);
		pthread_mutex_lock(&x->mu);
		stop = x->stop;
		pthread_mutex_unlock(&x->mu);
		if (stop)
			break;
		int r = library_fulltext_index(x->lib, &jobs.v[i], pdf_page_texts, &err);
		pthread_mutex_lock(&x->mu);
		if (r == 0)
			x->indexed++;
		else {
			free(x->failed);
			x->failed = err;
			err = NULL;
		}
		pthread_mutex_unlock(&x->mu);
		FREE(&err);
		wake(x);
		if (r < 0)
			break; /* the index is busy or broken: the next round tries again */
	}
	fulltext_jobs_free(&jobs);
}

static void *worker(void *arg)
{
	struct tindex *x = arg;
	pthread_mutex_lock(&x->mu);
	while (!x->stop) {
		if (!x->again) {
			if (x->busy) {
				x->busy = false;
				wake(x);
			}
			pthread_cond_wait(&x->cv, &x->mu);
			continue;
		}
		x->again = false;
		x->busy = true;
		pthread_mutex_unlock(&x->mu);
		index_round(x);
		pthread_mutex_lock(&x->mu);
	}
	x->exited = true;
	pthread_cond_broadcast(&x->cv);
	pthread_mutex_unlock(&x->mu);
	return NULL;
}

void tindex_start(struct tui *t)
{
	struct library *lib = NULL;
	if (t->index || library_open_shared(t->lib, &lib, NULL) < 0)
		return; /* an index in memory: no PDF text in it */
	struct tindex *x = xcalloc(1, sizeof *x);
	if (pipe(x->wake) < 0) {
		library_close(&lib);
		free(x);
		return;
	}
	x->lib = lib;
	const char *d = getenv("QUIRE_TEST_INDEX_DELAY");
	x->delay_ms = d ? strtol(d, NULL, 10) : 0;
	x->again = x->busy = true;
	pthread_mutex_init(&x->mu, NULL);
	pthread_cond_init(&x->cv, NULL);
	if (pthread_create(&x->thread, NULL, worker, x) != 0) {
		close(x->wake[0]);
		close(x->wake[1]);
		pthread_mutex_destroy(&x->mu);
		pthread_cond_destroy(&x->cv);
		library_close(&x->lib);
		free(x);
		return;
	}
	t->index = x;
}

void tindex_kick(struct tui *t)
{
	struct tindex *x = t->index;
	if (!x)
		return;
	pthread_mutex_lock(&x->mu);
	x->again = x->busy = true;
	pthread_cond_broadcast(&x->cv);
	pthread_mutex_unlock(&x->mu);
}

int tindex_fd(const struct tui *t)
{
	return t->index ? t->index->wake[0] : -1;
}

bool tindex_busy(const struct tui *t)
{
	struct tindex *x = t->index;
	if (!x)
		return false;
	pthread_mutex_lock(&x->mu);
	bool busy = x->busy || x->again || x->indexed || x->failed;
	pthread_mutex_unlock(&x->mu);
	return busy;
}

unsigned tindex_pump(struct tui *t)
{
	struct tindex *x = t->index;
	if (!x)
		return REDRAW_NONE;
	char drain[64];
	ssize_t r = read(x->wake[0], drain, sizeof drain);
	(void)r;
	pthread_mutex_lock(&x->mu);
	size_t indexed = x->indexed;
	char *failed = x->failed;
	x->indexed = 0;
	x->failed = NULL;
	pthread_mutex_unlock(&x->mu);
	unsigned bits = REDRAW_NONE;
	if (indexed)
		bits |= list_search_refresh(t);
	if (failed) {
		/* TRANSLATORS: %s is "PATH: problem" */
		tui_message(t, true, _("%s; its text is not searched until the file changes"), failed);
		bits |= REDRAW_BARS;
	}
	free(failed);
	return bits;
}

void tindex_close(struct tui *t)
{
	struct tindex *x = t->index;
	if (!x)
		return;
	/* The worker stops after the PDF at hand; one that takes longer than
	 * QUIT_WAIT_S (a book) is left to the end of the process rather than
	 * keep quitting waiting: its transaction is then never committed. */
	struct timespec end;
	clock_gettime(CLOCK_REALTIME, &end);
	end.tv_sec += QUIT_WAIT_S;
	pthread_mutex_lock(&x->mu);
	x->stop = true;
	pthread_cond_broadcast(&x->cv);
	while (!x->exited && pthread_cond_timedwait(&x->cv, &x->mu, &end) == 0)
		;
	bool exited = x->exited;
	pthread_mutex_unlock(&x->mu);
	t->index = NULL;
	if (!exited) {
		pthread_detach(x->thread);
		return;
	}
	pthread_join(x->thread, NULL);
	close(x->wake[0]);
	close(x->wake[1]);
	pthread_mutex_destroy(&x->mu);
	pthread_cond_destroy(&x->cv);
	library_close(&x->lib);
	free(x->failed);
	free(x);
}
