/* kernels_avx512: the packed products again with AVX-512 VNNI's byte dot
 * product (one instruction, no 16-bit intermediate) on 256-bit vectors,
 * over the AVX2 table; chosen at run time. */
#include "config.h"

#include <string.h>

#include "llm/quant.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include "llm/kernels_x86.h"

#define TARGET __attribute__((target("avx2,fma,f16c,avx512f,avx512vl,avx512bw,avx512vnni")))

/* one instruction, and no 16-bit intermediate to saturate */
TARGET static inline __m256i udot_acc(__m256i acc, __m256i u, __m256i s)
{
	return _mm256_dpbusd_epi32(acc, u, s);
}

#include "llm/kernels_packed.h"

int kernels_avx512_fill(struct kernels *k)
{
	__builtin_cpu_init();
	if (!__builtin_cpu_supports("avx512f") || !__builtin_cpu_supports("avx512vl") ||
	    !__builtin_cpu_supports("avx512bw") || !__builtin_cpu_supports("avx512vnni"))
		return 0;
	if (!kernels_avx2_fill(k))
		return 0;
	packed_fill(k);
	k->name = "avx512";
	return 1;
}

#else

int kernels_avx512_fill(struct kernels *k)
{
	(void)k;
	return 0;
}

#endif
