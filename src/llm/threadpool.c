/* threadpool: workers spin briefly on a generation counter (tasks arrive
 * every few microseconds during inference), then sleep on a condition
 * variable so an idle pool costs nothing. */
#include "config.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "llm/threadpool.h"
#include "util/util.h"

#define SPIN_ITERS 200000

struct threadpool {
	int n;
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
		int spins = 0;
		while ((g = atomic_load_explicit(&p->gen, memory_order_acquire)) == seen) {
			if (++spins < SPIN_ITERS) {
#if defined(__x86_64__) || defined(__i386__)
				__builtin_ia32_pause();
#endif
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
	int spins = 0;
	while (atomic_load_explicit(&p->pending, memory_order_acquire) > 0) {
		if (++spins > SPIN_ITERS)
			sched_yield();
#if defined(__x86_64__) || defined(__i386__)
		else
			__builtin_ia32_pause();
#endif
	}
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
	free(p);
	*pp = NULL;
}
