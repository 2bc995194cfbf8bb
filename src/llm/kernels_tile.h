/* kernels_tile.h: tiles of up to 4 weight rows by up to TILE_RN activation
 * rows for the 32-element block types (Q4_0, Q4_1, Q8_0). Each weight block
 * is unpacked once per tile and each activation block loaded once per tile,
 * and the horizontal sums wait until the end of the row.
 *
 * Included by a kernels_*.c file after it defines:
 *   TARGET       the target attribute of its instruction set
 *   TILE_RN      the widest tile in activation rows (registers allow)
 *   udot(u, s)   8 int32 sums of 4 products of unsigned by signed bytes;
 *                u <= 128 and |s| <= 127, so no pair sum saturates
 *   hsum_ps, h2f, unpack_nibbles
 * Signed weights (Q4_0 after -8, Q8_0) go to udot as |w| with the signs
 * moved onto the activation, so every product is exact. */

#define FORCE_INLINE inline __attribute__((always_inline))

enum { TILE_Q4_0, TILE_Q4_1, TILE_Q8_0 };

TARGET static FORCE_INLINE void tile_impl(const int T, const int RM, const int RN,
					  const uint8_t *w, size_t ws, const uint8_t *a,
					  size_t as, size_t nb, float *out, size_t os)
{
	const size_t bb = T == TILE_Q4_0 ? sizeof(struct blk_q4_0)
			: T == TILE_Q4_1 ? sizeof(struct blk_q4_1) : sizeof(struct blk_q8_0);
	__m256 acc[4][TILE_RN];
	__m128 mins[TILE_RN];   /* Q4_1: sum over blocks of m * s, one lane per row */
#pragma GCC unroll 4
	for (int r = 0; r < RM; r++)
#pragma GCC unroll 4
		for (int t = 0; t < RN; t++)
			acc[r][t] = _mm256_setzero_ps();
#pragma GCC unroll 4
	for (int t = 0; t < RN; t++)
		mins[t] = _mm_setzero_ps();

	for (size_t b = 0; b < nb; b++) {
		__m256i wu[4], wsgn[4];
		__m256 dwv[4];
		float mw[4] = {0, 0, 0, 0};
#pragma GCC unroll 4
		for (int r = 0; r < RM; r++) {
			const uint8_t *blk = w + r * ws + b * bb;
			if (T == TILE_Q4_1) {
				const struct blk_q4_1 *x = (const void *)blk;
				wu[r] = wsgn[r] = unpack_nibbles(x->qs);
				dwv[r] = _mm256_set1_ps(h2f(x->d));
				mw[r] = h2f(x->m);
			} else if (T == TILE_Q4_0) {
				const struct blk_q4_0 *x = (const void *)blk;
				wsgn[r] = _mm256_sub_epi8(unpack_nibbles(x->qs), _mm256_set1_epi8(8));
				wu[r] = _mm256_sign_epi8(wsgn[r], wsgn[r]);
				dwv[r] = _mm256_set1_ps(h2f(x->d));
			} else {
				const struct blk_q8_0 *x = (const void *)blk;
				wsgn[r] = _mm256_loadu_si256((const __m256i *)x->qs);
				wu[r] = _mm256_sign_epi8(wsgn[r], wsgn[r]);
				dwv[r] = _mm256_set1_ps(h2f(x->d));
			}
		}
		/* lane by lane: four scalar stores read back as one vector
		 * would stall on store forwarding every block */
		__m128 mwv = _mm_setr_ps(mw[0], RM > 1 ? mw[1] : 0.0f, RM > 2 ? mw[2] : 0.0f,
					 RM > 3 ? mw[3] : 0.0f);
#pragma GCC unroll 4
		for (int t = 0; t < RN; t++) {
			const struct blk_q8a *y = (const struct blk_q8a *)(a + t * as) + b;
			__m256i yq = _mm256_loadu_si256((const __m256i *)y->qs);
			__m256 dav = _mm256_broadcast_ss(&y->d);   /* a load, no shuffle */
#pragma GCC unroll 4
			for (int r = 0; r < RM; r++) {
				__m256i s = T == TILE_Q4_1 ? yq : _mm256_sign_epi8(yq, wsgn[r]);
				__m256 p = _mm256_cvtepi32_ps(udot(wu[r], s));
				acc[r][t] = _mm256_fmadd_ps(_mm256_mul_ps(dwv[r], dav), p, acc[r][t]);
			}
			if (T == TILE_Q4_1)
				mins[t] = _mm_fmadd_ps(mwv, _mm_set1_ps(y->s), mins[t]);
		}
	}

#pragma GCC unroll 4
	for (int t = 0; t < RN; t++) {
		float m[4];
		_mm_storeu_ps(m, mins[t]);
#pragma GCC unroll 4
		for (int r = 0; r < RM; r++)
			out[t * os + r] = hsum_ps(acc[r][t]) + m[r];
	}
}

/* Specialise on the activation rows... */
TARGET static FORCE_INLINE void tile_cols(const int T, const int RM, const uint8_t *w, size_t ws,
					  const uint8_t *a, size_t as, size_t nb, float *out,
					  size_t os, int nt)
{
	switch (nt) {
	case 1: tile_impl(T, RM, 1, w, ws, a, as, nb, out, os); break;
	case 2: tile_impl(T, RM, 2, w, ws, a, as, nb, out, os); break;
#if TILE_RN > 2
	case 3: tile_impl(T, RM, 3, w, ws, a, as, nb, out, os); break;
	case 4: tile_impl(T, RM, 4, w, ws, a, as, nb, out, os); break;
#endif
	default: break;
	}
}

/* ...and on the weight rows, so every tile shape is straight-line code. */
TARGET static FORCE_INLINE void tile_rows(const int T, const void *w, size_t ws, const void *a,
					  size_t as, size_t n, float *out, size_t os, int nr, int nt)
{
	switch (nr) {
	case 1: tile_cols(T, 1, w, ws, a, as, n / QK, out, os, nt); break;
	case 2: tile_cols(T, 2, w, ws, a, as, n / QK, out, os, nt); break;
	case 3: tile_cols(T, 3, w, ws, a, as, n / QK, out, os, nt); break;
	case 4: tile_cols(T, 4, w, ws, a, as, n / QK, out, os, nt); break;
	default: break;
	}
}

TARGET static void tile_q4_0(const void *w, size_t ws, const void *a, size_t as, size_t n,
			     float *out, size_t os, int nr, int nt)
{
	tile_rows(TILE_Q4_0, w, ws, a, as, n, out, os, nr, nt);
}

TARGET static void tile_q4_1(const void *w, size_t ws, const void *a, size_t as, size_t n,
			     float *out, size_t os, int nr, int nt)
{
	tile_rows(TILE_Q4_1, w, ws, a, as, n, out, os, nr, nt);
}

TARGET static void tile_q8_0(const void *w, size_t ws, const void *a, size_t as, size_t n,
			     float *out, size_t os, int nr, int nt)
{
	tile_rows(TILE_Q8_0, w, ws, a, as, n, out, os, nr, nt);
}

static void tiles_fill(struct kernels *k)
{
	k->tile[GGML_Q4_0] = tile_q4_0;
	k->tile[GGML_Q4_1] = tile_q4_1;
	k->tile[GGML_Q8_0] = tile_q8_0;
	k->tile_rn = TILE_RN;
}
