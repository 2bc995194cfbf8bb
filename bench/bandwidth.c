/* bandwidth: measure memory read bandwidth the way inference streams
 * weights: T threads each summing its slice of a buffer much larger than the
 * caches. Prints GB/s for 1 thread and for all threads (best of 5 runs).
 *
 *   bandwidth [MB] [THREADS]     (defaults: 1024 MB, all CPUs)
 */
#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/util.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
__attribute__((target("avx2"))) static uint64_t sum_avx2(const uint8_t *p, size_t n)
{
	__m256i a0 = _mm256_setzero_si256(), a1 = a0, a2 = a0, a3 = a0;
	for (size_t i = 0; i + 128 <= n; i += 128) {
		a0 = _mm256_add_epi64(a0, _mm256_load_si256((const __m256i *)(p + i)));
		a1 = _mm256_add_epi64(a1, _mm256_load_si256((const __m256i *)(p + i + 32)));
		a2 = _mm256_add_epi64(a2, _mm256_load_si256((const __m256i *)(p + i + 64)));
		a3 = _mm256_add_epi64(a3, _mm256_load_si256((const __m256i *)(p + i + 96)));
	}
	a0 = _mm256_add_epi64(_mm256_add_epi64(a0, a1), _mm256_add_epi64(a2, a3));
	uint64_t out[4];
	_mm256_storeu_si256((__m256i *)out, a0);
	return out[0] + out[1] + out[2] + out[3];
}
#endif

static uint64_t sum_plain(const uint8_t *p, size_t n)
{
	const uint64_t *q = (const uint64_t *)p;
	uint64_t s0 = 0, s1 = 0;
	for (size_t i = 0; i + 1 < n / 8; i += 2) {
		s0 += q[i];
		s1 += q[i + 1];
	}
	return s0 + s1;
}

struct job {
	const uint8_t *p;
	size_t n;
	uint64_t out;
};

static void *run(void *v)
{
	struct job *j = v;
#if defined(__x86_64__) && defined(__GNUC__)
	if (__builtin_cpu_supports("avx2")) {
		j->out = sum_avx2(j->p, j->n);
		return NULL;
	}
#endif
	j->out = sum_plain(j->p, j->n);
	return NULL;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double measure(const uint8_t *buf, size_t size, int nt)
{
	double best = 0;
	pthread_t *th = xcalloc((size_t)nt, sizeof(*th));
	struct job *jobs = xcalloc((size_t)nt, sizeof(*jobs));
	size_t slice = size / (size_t)nt / 128 * 128;
	for (int rep = 0; rep < 5; rep++) {
		double t0 = now();
		for (int i = 0; i < nt; i++) {
			jobs[i].p = buf + (size_t)i * slice;
			jobs[i].n = slice;
			pthread_create(&th[i], NULL, run, &jobs[i]);
		}
		uint64_t s = 0;
		for (int i = 0; i < nt; i++) {
			pthread_join(th[i], NULL);
			s += jobs[i].out;
		}
		double gbs = (double)slice * nt / (now() - t0) / 1e9;
		if (gbs > best)
			best = gbs;
		if (s == 42)
			printf(" ");   /* keep the sums alive */
	}
	free(th);
	free(jobs);
	return best;
}

int main(int argc, char **argv)
{
	size_t mb = argc > 1 ? (size_t)atol(argv[1]) : 1024;
	long nt = argc > 2 ? atol(argv[2]) : sysconf(_SC_NPROCESSORS_ONLN);
	if (nt < 1)
		nt = 1;
	size_t size = mb << 20;
	uint8_t *buf = NULL;
	if (posix_memalign((void **)&buf, 64, size) != 0)
		die("cannot allocate %zu MB", mb);
	for (size_t i = 0; i < size; i += 4096)
		memset(buf + i, (int)(i >> 12), 4096);
	printf("read bandwidth over %zu MB: 1 thread %.2f GB/s", mb, measure(buf, size, 1));
	if (nt > 1)
		printf(", %ld threads %.2f GB/s", nt, measure(buf, size, (int)nt));
	printf("\n");
	free(buf);
	return 0;
}
