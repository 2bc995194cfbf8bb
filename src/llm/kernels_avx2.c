/* kernels_avx2: AVX2+FMA dot products, compiled with target attributes and
 * chosen at run time, so the default build stays portable. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "llm/quant.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>

#include "llm/kernels_x86.h"

#define TARGET X86_BASE
#define RND (_MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC)

/* signed x signed int8 dot of 32 lanes -> 8 int32 sums as floats */
TARGET static inline __m256 dot_i8(__m256i x, __m256i y)
{
	__m256i ax = _mm256_sign_epi8(x, x);
	__m256i sy = _mm256_sign_epi8(y, x);
	__m256i p = _mm256_maddubs_epi16(ax, sy);
	return _mm256_cvtepi32_ps(_mm256_madd_epi16(p, _mm256_set1_epi16(1)));
}

/* unsigned x signed int8 dot of 32 lanes -> 8 int32 sums as floats */
TARGET static inline __m256 dot_u8i8(__m256i x, __m256i y)
{
	__m256i p = _mm256_maddubs_epi16(x, y);
	return _mm256_cvtepi32_ps(_mm256_madd_epi16(p, _mm256_set1_epi16(1)));
}

TARGET static float dot_f32(const float *a, const float *b, size_t n)
{
	__m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
	size_t i = 0;
	for (; i + 16 <= n; i += 16) {
		s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
		s1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), s1);
	}
	for (; i + 8 <= n; i += 8)
		s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
	float s = hsum_ps(_mm256_add_ps(s0, s1));
	for (; i < n; i++)
		s += a[i] * b[i];
	return s;
}

TARGET static inline __m256 load_half8(const uint16_t *p)
{
	return _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)p));
}

TARGET static void half_rows(float *tile, const uint16_t *rows, size_t stride, size_t n_rows,
			     size_t n)
{
	for (size_t p = 0; p < n_rows; p++, tile += n, rows += stride) {
		size_t i = 0;
		for (; i + 8 <= n; i += 8)
			_mm256_storeu_ps(tile + i, load_half8(rows + i));
		for (; i < n; i++)
			tile[i] = h2f(rows[i]);
	}
}

/* sums of 4 x 8 lanes -> 4 floats at out */
TARGET static inline void hsum4_store(float *out, __m256 a0, __m256 a1, __m256 a2, __m256 a3)
{
	__m256 h = _mm256_hadd_ps(_mm256_hadd_ps(a0, a1), _mm256_hadd_ps(a2, a3));
	_mm_storeu_ps(out, _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1)));
}

/* two queries by four positions at a time, so that each load of a row
 * serves both; an odd query alone */
TARGET static void dot_rows(const float *q, size_t nq, const float *tile, size_t n_rows, size_t n,
			    float *out)
{
	size_t p = 0;
	if (n % 8 == 0)
		for (; p + 4 <= n_rows; p += 4) {
			const float *r = tile + p * n;
			size_t j = 0;
			for (; j + 2 <= nq; j += 2) {
				const float *q0 = q + j * n, *q1 = q0 + n;
				__m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
				__m256 b0 = a0, b1 = a0, b2 = a0, b3 = a0;
				for (size_t i = 0; i < n; i += 8) {
					__m256 u = _mm256_loadu_ps(q0 + i), v = _mm256_loadu_ps(q1 + i);
					__m256 r0 = _mm256_loadu_ps(r + i), r1 = _mm256_loadu_ps(r + n + i);
					__m256 r2 = _mm256_loadu_ps(r + 2 * n + i);
					__m256 r3 = _mm256_loadu_ps(r + 3 * n + i);
					a0 = _mm256_fmadd_ps(u, r0, a0);
					a1 = _mm256_fmadd_ps(u, r1, a1);
					a2 = _mm256_fmadd_ps(u, r2, a2);
					a3 = _mm256_fmadd_ps(u, r3, a3);
					b0 = _mm256_fmadd_ps(v, r0, b0);
					b1 = _mm256_fmadd_ps(v, r1, b1);
					b2 = _mm256_fmadd_ps(v, r2, b2);
					b3 = _mm256_fmadd_ps(v, r3, b3);
				}
				hsum4_store(out + j * n_rows + p, a0, a1, a2, a3);
				hsum4_store(out + (j + 1) * n_rows + p, b0, b1, b2, b3);
			}
			for (; j < nq; j++) {
				const float *q0 = q + j * n;
				__m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
				for (size_t i = 0; i < n; i += 8) {
					__m256 u = _mm256_loadu_ps(q0 + i);
					a0 = _mm256_fmadd_ps(u, _mm256_loadu_ps(r + i), a0);
					a1 = _mm256_fmadd_ps(u, _mm256_loadu_ps(r + n + i), a1);
					a2 = _mm256_fmadd_ps(u, _mm256_loadu_ps(r + 2 * n + i), a2);
					a3 = _mm256_fmadd_ps(u, _mm256_loadu_ps(r + 3 * n + i), a3);
				}
				hsum4_store(out + j * n_rows + p, a0, a1, a2, a3);
			}
		}
	for (; p < n_rows; p++)
		for (size_t j = 0; j < nq; j++) {
			float s = 0;
			for (size_t i = 0; i < n; i++)
				s += q[j * n + i] * tile[p * n + i];
			out[j * n_rows + p] = s;
		}
}

/* y kept in registers 64 floats at a time while every row goes by (the
 * unrolling keeps acc out of memory) */
TARGET static void axpy_rows(float *y, const float *w, const float *tile, size_t n_rows, size_t n)
{
	size_t i = 0;
	for (; i + 64 <= n; i += 64) {
		__m256 acc[8];
#pragma GCC unroll 8
		for (int j = 0; j < 8; j++)
			acc[j] = _mm256_loadu_ps(y + i + 8 * j);
		for (size_t p = 0; p < n_rows; p++) {
			__m256 wv = _mm256_broadcast_ss(w + p);
			const float *r = tile + p * n + i;
#pragma GCC unroll 8
			for (int j = 0; j < 8; j++)
				acc[j] = _mm256_fmadd_ps(wv, _mm256_loadu_ps(r + 8 * j), acc[j]);
		}
#pragma GCC unroll 8
		for (int j = 0; j < 8; j++)
			_mm256_storeu_ps(y + i + 8 * j, acc[j]);
	}
	for (; i < n; i++)
		for (size_t p = 0; p < n_rows; p++)
			y[i] += w[p] * tile[p * n + i];
}

TARGET static void store_half(uint16_t *out, const float *x, size_t n)
{
	size_t i = 0;
	for (; i + 8 <= n; i += 8)
		_mm_storeu_si128((__m128i *)(out + i),
				 _mm256_cvtps_ph(_mm256_loadu_ps(x + i), _MM_FROUND_TO_NEAREST_INT));
	for (; i < n; i++)
		out[i] = (uint16_t)_cvtss_sh(x[i], _MM_FROUND_TO_NEAREST_INT);
}

/* e^x for 8 lanes, within 2 ulp of expf over [-87.3, 88] (Cephes' range
 * reduction and polynomial); inputs are clamped to that range, so below it
 * the result is ~1e-38 rather than 0, harmless in a softmax or SiLU */
TARGET static inline __m256 exp8(__m256 x)
{
	x = _mm256_min_ps(_mm256_max_ps(x, _mm256_set1_ps(-87.3f)), _mm256_set1_ps(88.0f));
	__m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504f)), RND);
	x = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), x);
	x = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), x);
	__m256 y = _mm256_set1_ps(1.9875691500e-4f);
	y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(1.3981999507e-3f));
	y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(8.3334519073e-3f));
	y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(4.1665795894e-2f));
	y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(1.6666665459e-1f));
	y = _mm256_fmadd_ps(y, x, _mm256_set1_ps(5.0000001201e-1f));
	y = _mm256_fmadd_ps(y, _mm256_mul_ps(x, x), _mm256_add_ps(x, _mm256_set1_ps(1.0f)));
	__m256i e = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
	return _mm256_mul_ps(y, _mm256_castsi256_ps(e));
}

TARGET static float softmax_exp(float *s, size_t n, float scale, float *max)
{
	size_t i = 0;
	__m256 vs = _mm256_set1_ps(scale), vm = _mm256_set1_ps(-INFINITY);
	for (; i + 8 <= n; i += 8)
		vm = _mm256_max_ps(vm, _mm256_mul_ps(_mm256_loadu_ps(s + i), vs));
	float mx = hmax_ps(vm);
	for (; i < n; i++)
		if (s[i] * scale > mx)
			mx = s[i] * scale;
	vm = _mm256_set1_ps(mx);
	__m256 acc = _mm256_setzero_ps();
	for (i = 0; i + 8 <= n; i += 8) {
		__m256 e = exp8(_mm256_fmsub_ps(_mm256_loadu_ps(s + i), vs, vm));
		_mm256_storeu_ps(s + i, e);
		acc = _mm256_add_ps(acc, e);
	}
	float sum = hsum_ps(acc);
	for (; i < n; i++) {
		s[i] = expf(s[i] * scale - mx);
		sum += s[i];
	}
	*max = mx;
	return sum;
}

TARGET static void swiglu(float *g, const float *u, size_t n)
{
	size_t i = 0;
	const __m256 one = _mm256_set1_ps(1.0f), signbit = _mm256_set1_ps(-0.0f);
	for (; i + 8 <= n; i += 8) {
		__m256 x = _mm256_loadu_ps(g + i);
		__m256 d = _mm256_add_ps(one, exp8(_mm256_xor_ps(x, signbit)));
		_mm256_storeu_ps(g + i, _mm256_mul_ps(_mm256_div_ps(x, d), _mm256_loadu_ps(u + i)));
	}
	for (; i < n; i++)
		g[i] = g[i] / (1.0f + expf(-g[i])) * u[i];
}

TARGET static void quant_q8a(const float *x, struct blk_q8a *y, size_t n)
{
	const __m256 signbit = _mm256_set1_ps(-0.0f);
	const __m256i perm = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
	for (size_t i = 0; i < n / QK; i++, x += QK) {
		__m256 v0 = _mm256_loadu_ps(x), v1 = _mm256_loadu_ps(x + 8);
		__m256 v2 = _mm256_loadu_ps(x + 16), v3 = _mm256_loadu_ps(x + 24);
		__m256 m = _mm256_max_ps(_mm256_max_ps(_mm256_andnot_ps(signbit, v0), _mm256_andnot_ps(signbit, v1)),
					 _mm256_max_ps(_mm256_andnot_ps(signbit, v2), _mm256_andnot_ps(signbit, v3)));
		float amax = hmax_ps(m);
		float d = amax / 127, id = d ? 1 / d : 0;
		__m256 vid = _mm256_set1_ps(id);
		__m256i i0 = _mm256_cvtps_epi32(_mm256_round_ps(_mm256_mul_ps(v0, vid), RND));
		__m256i i1 = _mm256_cvtps_epi32(_mm256_round_ps(_mm256_mul_ps(v1, vid), RND));
		__m256i i2 = _mm256_cvtps_epi32(_mm256_round_ps(_mm256_mul_ps(v2, vid), RND));
		__m256i i3 = _mm256_cvtps_epi32(_mm256_round_ps(_mm256_mul_ps(v3, vid), RND));
		__m256i s = _mm256_add_epi32(_mm256_add_epi32(i0, i1), _mm256_add_epi32(i2, i3));
		__m128i s4 = _mm_add_epi32(_mm256_castsi256_si128(s), _mm256_extracti128_si256(s, 1));
		s4 = _mm_hadd_epi32(s4, s4);
		s4 = _mm_hadd_epi32(s4, s4);
		i0 = _mm256_packs_epi32(i0, i1);
		i2 = _mm256_packs_epi32(i2, i3);
		i0 = _mm256_packs_epi16(i0, i2);
		i0 = _mm256_permutevar8x32_epi32(i0, perm);
		_mm256_storeu_si256((__m256i *)y[i].qs, i0);
		y[i].d = d;
		y[i].s = d * (float)_mm_cvtsi128_si32(s4);
	}
}

TARGET static float vd_f32(const void *w, const void *a, size_t n)
{
	return dot_f32(w, a, n);
}

TARGET static float vd_f16(const void *w, const void *a, size_t n)
{
	const uint16_t *x = w;
	const float *y = a;
	__m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
	size_t i = 0;
	for (; i + 16 <= n; i += 16) {
		s0 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(x + i))),
				     _mm256_loadu_ps(y + i), s0);
		s1 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(x + i + 8))),
				     _mm256_loadu_ps(y + i + 8), s1);
	}
	float s = hsum_ps(_mm256_add_ps(s0, s1));
	for (; i < n; i++)
		s += h2f(x[i]) * y[i];
	return s;
}

TARGET static float vd_bf16(const void *w, const void *a, size_t n)
{
	const uint16_t *x = w;
	const float *y = a;
	__m256 s0 = _mm256_setzero_ps();
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		__m256i v = _mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)(x + i)));
		__m256 f = _mm256_castsi256_ps(_mm256_slli_epi32(v, 16));
		s0 = _mm256_fmadd_ps(f, _mm256_loadu_ps(y + i), s0);
	}
	float s = hsum_ps(s0);
	for (; i < n; i++)
		s += bf16_to_fp32(x[i]) * y[i];
	return s;
}

TARGET static float vd_q8_0(const void *w, const void *a, size_t n)
{
	const struct blk_q8_0 *x = w;
	const struct blk_q8a *y = a;
	__m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
	size_t nb = n / QK, i = 0;
	for (; i + 2 <= nb; i += 2) {
		__m256 p0 = dot_i8(_mm256_loadu_si256((const __m256i *)x[i].qs),
				   _mm256_loadu_si256((const __m256i *)y[i].qs));
		__m256 p1 = dot_i8(_mm256_loadu_si256((const __m256i *)x[i + 1].qs),
				   _mm256_loadu_si256((const __m256i *)y[i + 1].qs));
		acc0 = _mm256_fmadd_ps(_mm256_set1_ps(h2f(x[i].d) * y[i].d), p0, acc0);
		acc1 = _mm256_fmadd_ps(_mm256_set1_ps(h2f(x[i + 1].d) * y[i + 1].d), p1, acc1);
	}
	for (; i < nb; i++) {
		__m256 p0 = dot_i8(_mm256_loadu_si256((const __m256i *)x[i].qs),
				   _mm256_loadu_si256((const __m256i *)y[i].qs));
		acc0 = _mm256_fmadd_ps(_mm256_set1_ps(h2f(x[i].d) * y[i].d), p0, acc0);
	}
	return hsum_ps(_mm256_add_ps(acc0, acc1));
}

TARGET static float vd_q4_0(const void *w, const void *a, size_t n)
{
	const struct blk_q4_0 *x = w;
	const struct blk_q8a *y = a;
	const __m256i off = _mm256_set1_epi8(8);
	__m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
	size_t nb = n / QK, i = 0;
	for (; i + 2 <= nb; i += 2) {
		__m256 p0 = dot_i8(_mm256_sub_epi8(unpack_nibbles(x[i].qs), off),
				   _mm256_loadu_si256((const __m256i *)y[i].qs));
		__m256 p1 = dot_i8(_mm256_sub_epi8(unpack_nibbles(x[i + 1].qs), off),
				   _mm256_loadu_si256((const __m256i *)y[i + 1].qs));
		acc0 = _mm256_fmadd_ps(_mm256_set1_ps(h2f(x[i].d) * y[i].d), p0, acc0);
		acc1 = _mm256_fmadd_ps(_mm256_set1_ps(h2f(x[i + 1].d) * y[i + 1].d), p1, acc1);
	}
	for (; i < nb; i++) {
		__m256 p0 = dot_i8(_mm256_sub_epi8(unpack_nibbles(x[i].qs), off),
				   _mm256_loadu_si256((const __m256i *)y[i].qs));
		acc0 = _mm256_fmadd_ps(_mm256_set1_ps(h2f(x[i].d) * y[i].d), p0, acc0);
	}
	return hsum_ps(_mm256_add_ps(acc0, acc1));
}

TARGET static float vd_q4_1(const void *w, const void *a, size_t n)
{
	const struct blk_q4_1 *x = w;
	const struct blk_q8a *y = a;
	__m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
	float ms = 0;
	size_t nb = n / QK, i = 0;
	for (; i + 2 <= nb; i += 2) {
		__m256 p0 = dot_u8i8(unpack_nibbles(x[i].qs), _mm256_loadu_si256((const __m256i *)y[i].qs));
		__m256 p1 = dot_u8i8(unpack_nibbles(x[i + 1].qs), _mm256_loadu_si256((const __m256i *)y[i + 1].qs));
		acc0 = _mm256_fmadd_ps(_mm256_set1_ps(h2f(x[i].d) * y[i].d), p0, acc0);
		acc1 = _mm256_fmadd_ps(_mm256_set1_ps(h2f(x[i + 1].d) * y[i + 1].d), p1, acc1);
		ms += h2f(x[i].m) * y[i].s + h2f(x[i + 1].m) * y[i + 1].s;
	}
	for (; i < nb; i++) {
		__m256 p0 = dot_u8i8(unpack_nibbles(x[i].qs), _mm256_loadu_si256((const __m256i *)y[i].qs));
		acc0 = _mm256_fmadd_ps(_mm256_set1_ps(h2f(x[i].d) * y[i].d), p0, acc0);
		ms += h2f(x[i].m) * y[i].s;
	}
	return hsum_ps(_mm256_add_ps(acc0, acc1)) + ms;
}

/* 16-bit pair sums, then pairs of those: fine for |u| <= 128, |s| <= 127 */
TARGET static inline __m256i udot(__m256i u, __m256i s)
{
	return _mm256_madd_epi16(_mm256_maddubs_epi16(u, s), _mm256_set1_epi16(1));
}

TARGET static inline __m256i udot_acc(__m256i acc, __m256i u, __m256i s)
{
	return _mm256_add_epi32(acc, udot(u, s));
}

#include "llm/kernels_packed.h"

int kernels_avx2_fill(struct kernels *k)
{
	unsigned a, b, c, d;
	__builtin_cpu_init();
	if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma"))
		return 0;
	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_F16C))
		return 0;
	k->dot[GGML_F32] = vd_f32;
	k->dot[GGML_F16] = vd_f16;
	k->dot[GGML_BF16] = vd_bf16;
	k->dot[GGML_Q4_0] = vd_q4_0;
	k->dot[GGML_Q4_1] = vd_q4_1;
	k->dot[GGML_Q8_0] = vd_q8_0;
	k->half_rows = half_rows;
	k->dot_rows = dot_rows;
	k->axpy_rows = axpy_rows;
	k->store_half = store_half;
	k->softmax_exp = softmax_exp;
	k->swiglu = swiglu;
	k->quant_q8a = quant_q8a;
	packed_fill(k);
	k->name = "avx2";
	return 1;
}

#else

int kernels_avx2_fill(struct kernels *k)
{
	(void)k;
	return 0;
}

#endif
