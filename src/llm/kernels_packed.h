/* kernels_packed.h: products of 8 packed weight rows (quant.h's q4x8 and
 * q8x8) with activation rows. Each vector holds 4 columns of the 8 rows, the
 * activation's matching 4 bytes are broadcast to every lane, and the lanes
 * end up as the 8 rows' sums: no horizontal additions, and the 8 scales of
 * a block are converted with one instruction.
 *
 * Included by a kernels_*.c file after it defines TARGET and
 *   udot_acc(acc, u, s): acc + the 8 int32 sums of 4 products of unsigned
 *   bytes u by signed bytes s (u <= 128, |s| <= 127: no saturation). */

TARGET static inline __m256i bcast4(const int8_t *p)
{
	int32_t v;
	memcpy(&v, p, 4);
	return _mm256_set1_epi32(v);
}

TARGET static void packed_q4x8(const void *wv, const void *av, size_t as, size_t nb, float *out,
			       size_t os, int nt)
{
	const struct blk_q4x8 *w = wv;
	const __m256i low = _mm256_set1_epi8(0x0F);
	for (int t = 0; t < nt; t++) {
		const struct blk_q8a *y = (const void *)((const uint8_t *)av + (size_t)t * as);
		__m256 acc = _mm256_setzero_ps(), accm = _mm256_setzero_ps();
		for (size_t b = 0; b < nb; b++) {
			__m256i i0 = _mm256_setzero_si256(), i1 = _mm256_setzero_si256();
#pragma GCC unroll 4
			for (int j = 0; j < 4; j++) {
				__m256i q = _mm256_loadu_si256((const __m256i *)(w[b].qs + 32 * j));
				i0 = udot_acc(i0, _mm256_and_si256(q, low), bcast4(y[b].qs + 4 * j));
				i1 = udot_acc(i1, _mm256_and_si256(_mm256_srli_epi16(q, 4), low),
					      bcast4(y[b].qs + 16 + 4 * j));
			}
			__m256 d = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)w[b].d));
			__m256 m = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)w[b].m));
			__m256 sum = _mm256_cvtepi32_ps(_mm256_add_epi32(i0, i1));
			acc = _mm256_fmadd_ps(sum, _mm256_mul_ps(d, _mm256_broadcast_ss(&y[b].d)), acc);
			accm = _mm256_fmadd_ps(m, _mm256_broadcast_ss(&y[b].s), accm);
		}
		_mm256_storeu_ps(out + (size_t)t * os, _mm256_add_ps(acc, accm));
	}
}

/* Signed weights go to udot_acc as |w|, their signs moved onto the
 * activation bytes: every product exact. */
TARGET static void packed_q8x8(const void *wv, const void *av, size_t as, size_t nb, float *out,
			       size_t os, int nt)
{
	const struct blk_q8x8 *w = wv;
	for (int t = 0; t < nt; t++) {
		const struct blk_q8a *y = (const void *)((const uint8_t *)av + (size_t)t * as);
		__m256 acc = _mm256_setzero_ps();
		for (size_t b = 0; b < nb; b++) {
			__m256i i0 = _mm256_setzero_si256(), i1 = _mm256_setzero_si256();
#pragma GCC unroll 8
			for (int k = 0; k < 8; k += 2) {
				__m256i q0 = _mm256_loadu_si256((const __m256i *)(w[b].qs + 32 * k));
				__m256i q1 = _mm256_loadu_si256((const __m256i *)(w[b].qs + 32 * k + 32));
				i0 = udot_acc(i0, _mm256_sign_epi8(q0, q0),
					      _mm256_sign_epi8(bcast4(y[b].qs + 4 * k), q0));
				i1 = udot_acc(i1, _mm256_sign_epi8(q1, q1),
					      _mm256_sign_epi8(bcast4(y[b].qs + 4 * k + 4), q1));
			}
			__m256 d = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)w[b].d));
			__m256 sum = _mm256_cvtepi32_ps(_mm256_add_epi32(i0, i1));
			acc = _mm256_fmadd_ps(sum, _mm256_mul_ps(d, _mm256_broadcast_ss(&y[b].d)), acc);
		}
		_mm256_storeu_ps(out + (size_t)t * os, acc);
	}
}

static void packed_fill(struct kernels *k)
{
	k->packed[PACK_Q4X8] = packed_q4x8;
	k->packed[PACK_Q8X8] = packed_q8x8;
}
