/* kernels_x86: helpers shared by the x86-64 kernel files, compiled for
 * AVX2+FMA+F16C; the AVX-512 file inlines them into its wider target. */
#ifndef QUIRE_LLM_KERNELS_X86_H
#define QUIRE_LLM_KERNELS_X86_H

#include <immintrin.h>

#define X86_BASE __attribute__((target("avx2,fma,f16c")))

X86_BASE static inline float hsum_ps(__m256 v)
{
	__m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
	s = _mm_add_ps(s, _mm_movehl_ps(s, s));
	s = _mm_add_ss(s, _mm_movehdup_ps(s));
	return _mm_cvtss_f32(s);
}

X86_BASE static inline float hmax_ps(__m256 v)
{
	__m128 m = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
	m = _mm_max_ps(m, _mm_movehl_ps(m, m));
	m = _mm_max_ss(m, _mm_movehdup_ps(m));
	return _mm_cvtss_f32(m);
}

X86_BASE static inline float h2f(uint16_t h)
{
	return _cvtsh_ss(h);
}

/* 16 bytes of nibbles -> 32 bytes: low nibbles then high nibbles */
X86_BASE static inline __m256i unpack_nibbles(const uint8_t *qs)
{
	__m128i t = _mm_loadu_si128((const __m128i *)qs);
	__m256i v = _mm256_insertf128_si256(_mm256_castsi128_si256(t), _mm_srli_epi16(t, 4), 1);
	return _mm256_and_si256(v, _mm256_set1_epi8(0x0F));
}

#endif
