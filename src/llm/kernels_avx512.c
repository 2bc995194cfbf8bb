/* kernels_avx512: the tile products again with AVX-512 VNNI's byte dot
 * product on 256-bit vectors (EVEX encoding gives 32 registers, so tiles
 * of 4 x 4), over the AVX2 table; chosen at run time. */
#include "config.h"

#include "llm/quant.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include "llm/kernels_x86.h"

#define TARGET __attribute__((target("avx2,fma,f16c,avx512f,avx512vl,avx512bw,avx512vnni")))

/* one instruction, and no 16-bit intermediate to saturate */
TARGET static inline __m256i udot(__m256i u, __m256i s)
{
	return _mm256_dpbusd_epi32(_mm256_setzero_si256(), u, s);
}

#define TILE_RN 4
#include "llm/kernels_tile.h"

int kernels_avx512_fill(struct kernels *k)
{
	__builtin_cpu_init();
	if (!__builtin_cpu_supports("avx512f") || !__builtin_cpu_supports("avx512vl") ||
	    !__builtin_cpu_supports("avx512bw") || !__builtin_cpu_supports("avx512vnni"))
		return 0;
	if (!kernels_avx2_fill(k))
		return 0;
	tiles_fill(k);
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
