/* kernel-stream: how fast the packed Q4_1 kernel streams a weight matrix
 * much larger than the caches for one token, on T threads each taking a
 * contiguous range of row groups, as generation does. Compare its GB/s with
 * bench/bandwidth's: the kernel is memory-bound when they agree.
 *
 *   kernel-stream [MB] [THREADS]     (defaults: 512 MB, all CPUs)
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "llm/quant.h"
#include "util/util.h"

#define N_IN 576   /* SmolLM2's width */
#define REPS 5

struct job {
	const uint8_t *w, *act;
	size_t g0, g1;
	float *out;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *run(void *v)
{
	const struct job *j = v;
	const struct kernels *k = kernels_get();
	size_t nb = N_IN / QK, group = nb * sizeof(struct blk_q4x8);
	for (size_t g = j->g0; g < j->g1; g++)
		k->packed[PACK_Q4X8](j->w + g * group, j->act, 0, nb, j->out + g * PACK_ROWS, 0, 1);
	return NULL;
}

int main(int argc, char **argv)
{
	size_t mb = argc > 1 ? (size_t)atol(argv[1]) : 512;
	long nproc = sysconf(_SC_NPROCESSORS_ONLN);
	int nt = argc > 2 ? atoi(argv[2]) : (int)(nproc > 0 ? nproc : 1);
	if (mb == 0 || nt < 1 || nt > 64) {
		fprintf(stderr, "usage: kernel-stream [MB] [THREADS]\n");
		return 2;
	}
	size_t group = N_IN / QK * sizeof(struct blk_q4x8);
	size_t groups = mb * 1000000 / group, bytes = groups * group;
	uint8_t *w = xmalloc(bytes);
	for (size_t i = 0; i < bytes; i++)
		w[i] = (uint8_t)(i * 2654435761u >> 13);
	for (size_t b = 0; b < bytes / sizeof(struct blk_q4x8); b++)
		for (int r = 0; r < PACK_ROWS; r++) {
			struct blk_q4x8 *x = (struct blk_q4x8 *)w + b;
			x->d[r] = fp32_to_fp16(0.01f);
			x->m[r] = fp32_to_fp16(-0.08f);
		}
	float x[N_IN];
	for (int i = 0; i < N_IN; i++)
		x[i] = (float)((i * 37) % 101) / 50.0f - 1.0f;
	uint8_t *act = xmalloc(act_row_size(ACT_Q8A, N_IN));
	act_quantize(ACT_Q8A, x, act, N_IN);
	float *out = xmalloc(groups * PACK_ROWS * sizeof(float));
	struct job jobs[64];
	pthread_t th[64];
	double best = 1e30;
	for (int rep = 0; rep < REPS; rep++) {
		double t0 = now();
		for (int i = 0; i < nt; i++) {
			jobs[i] = (struct job){w, act, groups * (size_t)i / (size_t)nt,
					       groups * (size_t)(i + 1) / (size_t)nt, out};
			pthread_create(&th[i], NULL, run, &jobs[i]);
		}
		for (int i = 0; i < nt; i++)
			pthread_join(th[i], NULL);
		double t = now() - t0;
		if (t < best)
			best = t;
	}
	printf("packed Q4_1 kernel (%s) over %zu MB: %d thread%s %.2f GB/s (best of %d)\n",
	       kernels_get()->name, bytes / 1000000, nt, nt == 1 ? "" : "s", (double)bytes / best / 1e9,
	       REPS);
	free(w);
	free(act);
	free(out);
	return 0;
}
