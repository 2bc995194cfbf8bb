/* Unit tests of src/llm/threadpool: threadpool_run calls every worker once;
 * threadpool_for runs every unit exactly once for pools of 1 to 4 threads
 * and unit counts around the run boundaries; a slow worker's units are
 * taken from the end of its run by the others, while it keeps working
 * through its own run from the front. */
#include "config.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#include "tap.h"
#include "llm/threadpool.h"
#include "util/util.h"

struct count {
	atomic_int *runs;     /* per unit: times run */
	int *by;              /* per unit: the worker that ran it */
	atomic_int bad_ith;
	int nth;
	int slow_ith;         /* this worker sleeps on every unit (-1: none) */
};

static void count_unit(void *arg, size_t u, int ith)
{
	struct count *c = arg;
	if (ith < 0 || ith >= c->nth)
		atomic_fetch_add(&c->bad_ith, 1);
	atomic_fetch_add(&c->runs[u], 1);
	c->by[u] = ith;
	if (ith == c->slow_ith)
		nanosleep(&(struct timespec){0, 200 * 1000}, NULL);
}

static void count_worker(void *arg, int ith, int nth)
{
	struct count *c = arg;
	(void)nth;
	atomic_fetch_add(&c->runs[ith], 1);
}

static int exactly_once(struct threadpool *p, struct count *c, size_t n)
{
	for (size_t u = 0; u < n; u++)
		atomic_init(&c->runs[u], 0);
	threadpool_for(p, n, count_unit, c);
	int bad = atomic_load(&c->bad_ith);
	for (size_t u = 0; u < n; u++)
		bad += atomic_load(&c->runs[u]) != 1;
	return bad;
}

int main(void)
{
	enum { MAX_UNITS = 70001 };
	struct count c = {.runs = xcalloc(MAX_UNITS, sizeof(atomic_int)),
			  .by = xcalloc(MAX_UNITS, sizeof(int)),
			  .slow_ith = -1};
	atomic_init(&c.bad_ith, 0);
	static const size_t sizes[] = {0, 1, 2, 3, 4, 5, 7, 8, 1000, 70001};
	for (int nth = 1; nth <= 4; nth++) {
		struct threadpool *p = threadpool_new(nth);
		c.nth = threadpool_size(p);
		is(c.nth, nth, "pool of %d threads", nth);
		for (int i = 0; i < nth; i++)
			atomic_init(&c.runs[i], 0);
		threadpool_run(p, count_worker, &c);
		int bad = 0;
		for (int i = 0; i < nth; i++)
			bad += atomic_load(&c.runs[i]) != 1;
		is(bad, 0, "%d threads: threadpool_run calls each worker once", nth);
		for (size_t s = 0; s < ARRAY_SIZE(sizes); s++)
			is(exactly_once(p, &c, sizes[s]), 0, "%d threads, %zu units: each run exactly once",
			   nth, sizes[s]);
		/* many small tasks back to back, as inference runs them */
		bad = 0;
		for (int r = 0; r < 2000; r++)
			bad += exactly_once(p, &c, (size_t)(r % 37));
		is(bad, 0, "%d threads: 2000 tasks in a row", nth);
		threadpool_free(&p);
		ok(p == NULL, "%d threads: freed", nth);
	}

	/* worker 0 is slow: the others finish their runs and take its units
	 * from the end; worker 0 still goes from the front of its own run */
	struct threadpool *p = threadpool_new(2);
	c.nth = 2;
	c.slow_ith = 0;
	size_t n = 200;
	is(exactly_once(p, &c, n), 0, "slow worker: each unit run exactly once");
	size_t own = 0, stolen = 0;
	while (own < n / 2 && c.by[own] == 0)
		own++;
	for (size_t u = own; u < n / 2; u++)
		stolen += c.by[u] == 1;
	ok(own > 0 && own + stolen == n / 2,
	   "slow worker ran a prefix of its run (%zu units), the other the rest (%zu)", own, stolen);
	ok(stolen > 0, "the fast worker took %zu of the slow one's units", stolen);
	threadpool_free(&p);
	free(c.runs);
	free(c.by);
	return done_testing();
}
