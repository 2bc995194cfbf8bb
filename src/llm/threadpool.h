/* threadpool: a fixed set of pthread workers that run one parallel task at
 * a time; the calling thread takes part as worker 0. */
#ifndef QUIRE_LLM_THREADPOOL_H
#define QUIRE_LLM_THREADPOOL_H

#include <stddef.h>

/* A task: called once per worker with ith in [0, nth). */
typedef void threadpool_fn(void *arg, int ith, int nth);

struct threadpool;

/* Start n_threads - 1 workers (n_threads <= 0: one per online CPU).
 * Free with threadpool_free. */
struct threadpool *threadpool_new(int n_threads);
void threadpool_free(struct threadpool **pp);
int threadpool_size(const struct threadpool *p);
/* Run fn on all workers and return when every one has finished. */
void threadpool_run(struct threadpool *p, threadpool_fn *fn, void *arg);

/* fn(arg, u, ith) for every unit u in [0, n_units) exactly once, on worker
 * ith. Each worker starts on its own contiguous run of units (so it streams
 * through memory in order) and, when that is done, takes units from the far
 * end of the others' runs: on a shared machine one core is often slower for
 * a while, and the others then do not wait for it. */
typedef void threadpool_unit_fn(void *arg, size_t unit, int ith);
void threadpool_for(struct threadpool *p, size_t n_units, threadpool_unit_fn *fn, void *arg);

#endif
