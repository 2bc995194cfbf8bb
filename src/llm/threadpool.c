/* threadpool: workers spin briefly on a generation counter (tasks arrive
 * every few microseconds during inference), then sleep on a condition
 * variable so an idle pool costs nothing. Spinning threads yield the CPU
 * now and then: with more threads than free cores, the thread that has the
 * work may be waiting for this one's core. */
#include "config.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "llm/threadpool.h"
#include "util/util.h"

#define SPIN_ITERS 200000
#define YIELD_EVERY 256   /* spins between sched_yield() calls */

static void spin_pause(unsigned spins)
{
	if (spins % YIELD_EVERY == 0)
		sched_yield();
#if defined(__x86_64__) || defined(__i386__)
	else
		__builtin_ia32_pause();
#endif
}

/* A worker's run of units [front, end), both in one word so the owner
 * (taking from the front) and a thief (from the end) never take the same
 * unit; on its own cache line. */
struct unit_run {
	_Alignas(64) atomic_uint_least64_t span;
};

struct threadpool {
	int n;
	struct unit_run *runs;   /* n, for threadpool_for */
	pthread_t *threads;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	atomic_uint gen;       /* bumped for every task */
	atomic_int pending;    /* workers still running the current task */
	atomic_int sleepers;
	atomic_bool stop;
	threadpool_fn *fn;
	void *arg;
};

struct worker_arg {
	struct threadpool *p;
	int ith;
};

static void *worker_main(void *v)
{
	struct worker_arg *wa = v;
	struct threadpool *p = wa->p;
	int ith = wa->ith;
	free(wa);
	unsigned seen = 0;
	for (;;) {
		unsigned g;
		unsigned spins = 0;
		while ((g = atomic_load_explicit(&p->gen, memory_order_acquire)) == seen) {
			if (++spins < SPIN_ITERS) {
				spin_pause(spins);
				continue;
			}
			pthread_mutex_lock(&p->mu);
			atomic_fetch_add(&p->sleepers, 1);
			while (atomic_load(&p->gen) == seen && !atomic_load(&p->stop))
				pthread_cond_wait(&p->cv, &p->mu);
			atomic_fetch_sub(&p->sleepers, 1);
			pthread_mutex_unlock(&p->mu);
			spins = 0;
		}
		seen = g;
		if (atomic_load(&p->stop))
			return NULL;
		p->fn(p->arg, ith, p->n);
		atomic_fetch_sub_explicit(&p->pending, 1, memory_order_acq_rel);
	}
}

struct threadpool *threadpool_new(int n_threads)
{
	if (n_threads <= 0) {
		long c = sysconf(_SC_NPROCESSORS_ONLN);
		n_threads = c > 0 ? (int)c : 1;
	}
	struct threadpool *p = xcalloc(1, sizeof(*p));
	p->n = n_threads;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	p->threads = xcalloc((size_t)n_threads, sizeof(*p->threads));
	p->runs = xaligned_alloc(_Alignof(struct unit_run), (size_t)n_threads * sizeof(*p->runs));
	for (int i = 1; i < n_threads; i++) {
		struct worker_arg *wa = xmalloc(sizeof(*wa));
		wa->p = p;
		wa->ith = i;
		if (pthread_create(&p->threads[i], NULL, worker_main, wa) != 0) {
			free(wa);
			p->n = i;   /* run with the workers we have */
			break;
		}
	}
	return p;
}

int threadpool_size(const struct threadpool *p)
{
	return p->n;
}

void threadpool_run(struct threadpool *p, threadpool_fn *fn, void *arg)
{
	if (p->n == 1) {
		fn(arg, 0, 1);
		return;
	}
	p->fn = fn;
	p->arg = arg;
	atomic_store(&p->pending, p->n - 1);
	atomic_fetch_add(&p->gen, 1);
	if (atomic_load(&p->sleepers) > 0) {
		pthread_mutex_lock(&p->mu);
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
	}
	fn(arg, 0, p->n);
	unsigned spins = 0;
	while (atomic_load_explicit(&p->pending, memory_order_acquire) > 0)
		spin_pause(++spins);
}

void threadpool_free(struct threadpool **pp)
{
	struct threadpool *p = *pp;
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	atomic_store(&p->stop, true);
	atomic_fetch_add(&p->gen, 1);
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	for (int i = 1; i < p->n; i++)
		pthread_join(p->threads[i], NULL);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	free(p->threads);
	free(p->runs);
	free(p);
	*pp = NULL;
}

static uint64_t span_make(uint32_t front, uint32_t end)
{
	return (uint64_t)end << 32 | front;
}

/* The next unit of a run, from its front (owner) or its end (thief);
 * -1 when the run is empty. */
static int64_t take_unit(struct unit_run *r, bool from_end)
{
	uint64_t s = atomic_load_explicit(&r->span, memory_order_relaxed);
	for (;;) {
		uint32_t front = (uint32_t)s, end = (uint32_t)(s >> 32);
		if (front >= end)
			return -1;
		uint64_t next = from_end ? span_make(front, end - 1) : span_make(front + 1, end);
		if (atomic_compare_exchange_weak_explicit(&r->span, &s, next, memory_order_relaxed,
							  memory_order_relaxed))
			return from_end ? (int64_t)end - 1 : (int64_t)front;
	}
}

struct for_task {
	struct threadpool *p;
	threadpool_unit_fn *fn;
	void *arg;
};

static void for_worker(void *arg, int ith, int nth)
{
	struct for_task *t = arg;
	int64_t u;
	while ((u = take_unit(&t->p->runs[ith], false)) >= 0)
		t->fn(t->arg, (size_t)u, ith);
	for (int v = 1; v < nth; v++)
		while ((u = take_unit(&t->p->runs[(ith + v) % nth], true)) >= 0)
			t->fn(t->arg, (size_t)u, ith);
}

void threadpool_for(struct threadpool *p, size_t n_units, threadpool_unit_fn *fn, void *arg)
{
	if (n_units <= 1 || p->n == 1) {   /* not worth waking the pool for */
		for (size_t u = 0; u < n_units; u++)
			fn(arg, u, 0);
		return;
	}
	if (n_units > UINT32_MAX)
		die("threadpool: %zu units are too many", n_units);
	uint64_t n = n_units, nth = (uint64_t)p->n;
	for (int i = 0; i < p->n; i++) {
		uint32_t front = (uint32_t)(n * (uint64_t)i / nth);
		uint32_t end = (uint32_t)(n * (uint64_t)(i + 1) / nth);
		atomic_store_explicit(&p->runs[i].span, span_make(front, end), memory_order_relaxed);
	}
	struct for_task t = {p, fn, arg};
	threadpool_run(p, for_worker, &t);   /* its release store publishes the runs */
}
