/* matmul: weight x activation products over a batch, spread over the
 * thread pool in contiguous row ranges. Packed weights go 8 rows at a time
 * across the whole batch, so each group is read from memory once. */
#include "config.h"

#include <stdatomic.h>
#include <stdlib.h>

#include "llm/engine.h"
#include "util/util.h"

#define MAX_JOBS 4
#define ROW_ALIGN 8     /* thread ranges start on multiples of this (PACK_ROWS) */

struct mm_task {
	struct mm_job *jobs;
	int n_jobs;
	size_t n_tok;
	vec_dot_fn *dot[MAX_JOBS];
	packed_dot_fn *packed[MAX_JOBS];
};

static void mm_rows(const struct mm_task *t, int ji, size_t r0, size_t r1)
{
	const struct mm_job *j = &t->jobs[ji];
	const struct weight *w = j->w;
	const uint8_t *act = j->act;
	if (w->pack) {
		packed_dot_fn *pk = t->packed[ji];
		size_t nb = w->n_in / QK, group = nb * pack_block_size(w->pack);
		for (size_t r = r0; r < r1; r += PACK_ROWS)
			pk(w->data + r / PACK_ROWS * group, act, j->act_stride, nb, j->out + r,
			   j->out_stride, (int)t->n_tok);
		return;
	}
	vec_dot_fn *dot = t->dot[ji];
	for (size_t r = r0; r < r1; r++) {
		const uint8_t *row = w->data + r * w->row_bytes;
		for (size_t tk = 0; tk < t->n_tok; tk++)
			j->out[tk * j->out_stride + r] = dot(row, act + tk * j->act_stride, w->n_in);
	}
}

/* Row range [*r0, *r1) of n rows for thread ith of nth: contiguous, so each
 * core streams its own part of the weights and the prefetchers keep up. */
static void thread_rows(size_t n, int ith, int nth, size_t *r0, size_t *r1)
{
	size_t units = (n + ROW_ALIGN - 1) / ROW_ALIGN;
	size_t a = units * (size_t)ith / (size_t)nth * ROW_ALIGN;
	size_t b = units * (size_t)(ith + 1) / (size_t)nth * ROW_ALIGN;
	*r0 = a < n ? a : n;
	*r1 = b < n ? b : n;
}

static void mm_worker(void *arg, int ith, int nth)
{
	struct mm_task *t = arg;
	for (int ji = 0; ji < t->n_jobs; ji++) {
		const struct mm_job *j = &t->jobs[ji];
		size_t r0, r1;
		thread_rows(j->w->n_out, ith, nth, &r0, &r1);
		mm_rows(t, ji, r0, r1);
	}
}

/* Make sure c->act[k] holds n_tok quantised rows of x (n elements). */
static const void *quantize_input(struct llm_ctx *c, enum act_kind k, const float *x,
				  size_t stride, size_t n, size_t n_tok, size_t *row_size)
{
	size_t rs = act_row_size(k, n);
	*row_size = rs;
	if (k == ACT_F32 && stride == n)
		return x;
	if (c->act_cap[k] < rs * n_tok) {
		free(c->act[k]);
		c->act_cap[k] = rs * n_tok;
		c->act[k] = xmalloc(c->act_cap[k]);
	}
	uint8_t *out = c->act[k];
	for (size_t t = 0; t < n_tok; t++)
		act_quantize(k, x + t * stride, out + t * rs, n);
	return out;
}

void matmul_run(struct llm_ctx *c, struct mm_job *jobs, int n_jobs, size_t n_tok)
{
	const struct kernels *k = kernels_get();
	struct mm_task t = {.jobs = jobs, .n_jobs = n_jobs, .n_tok = n_tok};
	for (int i = 0; i < n_jobs; i++) {
		const struct mm_job *j = &jobs[i];
		enum act_kind kind = act_kind_for(j->w->type);
		const void *act = NULL;
		size_t rs = 0;
		/* jobs sharing input and format share one quantisation */
		for (int p = 0; p < i; p++)
			if (jobs[p].x == j->x && act_kind_for(jobs[p].w->type) == kind) {
				act = jobs[p].act;
				rs = jobs[p].act_stride;
			}
		if (!act)
			act = quantize_input(c, kind, j->x, j->x_stride, j->w->n_in, n_tok, &rs);
		jobs[i].act = act;
		jobs[i].act_stride = rs;
		t.dot[i] = k->dot[j->w->type];
		t.packed[i] = k->packed[j->w->pack];
	}
	threadpool_run(c->pool, mm_worker, &t);
}

struct par_task {
	size_t n;
	atomic_size_t next;
	par_item_fn *fn;
	void *arg;
};

static void par_worker(void *arg, int ith, int nth)
{
	struct par_task *t = arg;
	(void)nth;
	for (;;) {
		size_t i = atomic_fetch_add_explicit(&t->next, 1, memory_order_relaxed);
		if (i >= t->n)
			break;
		t->fn(t->arg, i, ith);
	}
}

void par_for(struct llm_ctx *c, size_t n, par_item_fn *fn, void *arg)
{
	if (n == 1) {   /* not worth waking the pool for */
		fn(arg, 0, 0);
		return;
	}
	struct par_task t = {.n = n, .fn = fn, .arg = arg};
	atomic_init(&t.next, 0);
	threadpool_run(c->pool, par_worker, &t);
}
