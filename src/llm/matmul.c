/* matmul: weight x activation products over a batch, spread over the
 * thread pool. Packed weights go 8 rows at a time across the whole batch,
 * so each group is read from memory once. The rows are cut into units of
 * about UNIT_BYTES of weights, which threadpool_for hands out in
 * contiguous runs. */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>

#include "llm/engine.h"
#include "util/util.h"

#define MAX_JOBS 4
#define ROW_ALIGN 8     /* units start on multiples of this (PACK_ROWS) */
#define UNIT_BYTES (32 * 1024)

struct mm_task {
	struct mm_job *jobs;
	int n_jobs;
	size_t n_tok;
	void (*swiglu)(float *g, const float *u, size_t n);   /* fused, or NULL */
	vec_dot_fn *dot[MAX_JOBS];
	packed_dot_fn *packed[MAX_JOBS];
	size_t unit_rows[MAX_JOBS];   /* rows per unit of each product */
	size_t first_unit[MAX_JOBS + 1];
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

/* Unit u: a row range of one product; in a SwiGLU task the same rows of
 * the gate and the up product, then gate = silu(gate) * up on them. */
static void mm_unit(void *arg, size_t u, int ith)
{
	const struct mm_task *t = arg;
	int ji = 0;
	(void)ith;
	while (u >= t->first_unit[ji + 1])
		ji++;
	size_t n = t->jobs[ji].w->n_out;
	size_t r0 = (u - t->first_unit[ji]) * t->unit_rows[ji];
	size_t r1 = r0 + t->unit_rows[ji] < n ? r0 + t->unit_rows[ji] : n;
	mm_rows(t, ji, r0, r1);
	if (!t->swiglu)
		return;
	mm_rows(t, 1, r0, r1);
	const struct mm_job *g = &t->jobs[0], *up = &t->jobs[1];
	for (size_t tk = 0; tk < t->n_tok; tk++)
		t->swiglu(g->out + tk * g->out_stride + r0,
				      up->out + tk * up->out_stride + r0, r1 - r0);
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

/* Cut the task's rows into units; returns how many. */
static size_t plan_units(struct mm_task *t)
{
	int n_spaces = t->swiglu ? 1 : t->n_jobs;   /* SwiGLU units cover both */
	t->first_unit[0] = 0;
	for (int i = 0; i < n_spaces; i++) {
		const struct weight *w = t->jobs[i].w;
		size_t bytes = w->row_bytes * (t->swiglu ? 2 : 1);
		size_t rows = UNIT_BYTES / bytes / ROW_ALIGN * ROW_ALIGN;
		t->unit_rows[i] = rows > ROW_ALIGN ? rows : ROW_ALIGN;
		t->first_unit[i + 1] = t->first_unit[i] + (w->n_out + t->unit_rows[i] - 1) / t->unit_rows[i];
	}
	for (int i = n_spaces + 1; i <= MAX_JOBS; i++)
		t->first_unit[i] = t->first_unit[n_spaces];
	return t->first_unit[n_spaces];
}

static void matmul_exec(struct llm_ctx *c, struct mm_job *jobs, int n_jobs, size_t n_tok, bool swiglu)
{
	const struct kernels *k = kernels_get();
	struct mm_task t = {.jobs = jobs, .n_jobs = n_jobs, .n_tok = n_tok,
			    .swiglu = swiglu ? k->swiglu : NULL};
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
	threadpool_for(c->pool, plan_units(&t), mm_unit, &t);
}

void matmul_run(struct llm_ctx *c, struct mm_job *jobs, int n_jobs, size_t n_tok)
{
	matmul_exec(c, jobs, n_jobs, n_tok, false);
}

void matmul_swiglu(struct llm_ctx *c, struct mm_job gate_up[2], size_t n_tok)
{
	matmul_exec(c, gate_up, 2, n_tok, true);
}
