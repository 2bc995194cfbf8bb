/* kernels_generic: portable dot products of weight rows with activations. */
#include "config.h"

#include <math.h>

#include "llm/quant.h"

static float dot_f32(const float *a, const float *b, size_t n)
{
	float s = 0;
	for (size_t i = 0; i < n; i++)
		s += a[i] * b[i];
	return s;
}

static void half_rows(float *tile, const uint16_t *rows, size_t stride, size_t n_rows, size_t n)
{
	for (size_t p = 0; p < n_rows; p++)
		for (size_t i = 0; i < n; i++)
			tile[p * n + i] = fp16_to_fp32(rows[p * stride + i]);
}

static void dot_rows(const float *q, size_t nq, const float *tile, size_t n_rows, size_t n,
		     float *out)
{
	for (size_t j = 0; j < nq; j++)
		for (size_t p = 0; p < n_rows; p++)
			out[j * n_rows + p] = dot_f32(q + j * n, tile + p * n, n);
}

static void axpy_rows(float *y, const float *w, const float *tile, size_t n_rows, size_t n)
{
	for (size_t p = 0; p < n_rows; p++)
		for (size_t i = 0; i < n; i++)
			y[i] += w[p] * tile[p * n + i];
}

static void store_half(uint16_t *out, const float *x, size_t n)
{
	for (size_t i = 0; i < n; i++)
		out[i] = fp32_to_fp16(x[i]);
}

static float softmax_exp(float *s, size_t n, float scale, float *max)
{
	float mx = -INFINITY, sum = 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] * scale > mx)
			mx = s[i] * scale;
	for (size_t i = 0; i < n; i++) {
		s[i] = expf(s[i] * scale - mx);
		sum += s[i];
	}
	*max = mx;
	return sum;
}

static void swiglu(float *g, const float *u, size_t n)
{
	for (size_t i = 0; i < n; i++)
		g[i] = g[i] / (1.0f + expf(-g[i])) * u[i];
}

static void quant_q8a(const float *x, struct blk_q8a *y, size_t n)
{
	for (size_t i = 0; i < n / QK; i++, x += QK) {
		float amax = 0;
		for (int j = 0; j < QK; j++)
			amax = fmaxf(amax, fabsf(x[j]));
		float d = amax / 127, id = d ? 1 / d : 0;
		int s = 0;
		for (int j = 0; j < QK; j++) {
			y[i].qs[j] = (int8_t)lrintf(x[j] * id);
			s += y[i].qs[j];
		}
		y[i].d = d;
		y[i].s = d * (float)s;
	}
}

static float vd_f32(const void *w, const void *a, size_t n)
{
	return dot_f32(w, a, n);
}

static float vd_f16(const void *w, const void *a, size_t n)
{
	const uint16_t *x = w;
	const float *y = a;
	float s = 0;
	for (size_t i = 0; i < n; i++)
		s += fp16_to_fp32(x[i]) * y[i];
	return s;
}

static float vd_bf16(const void *w, const void *a, size_t n)
{
	const uint16_t *x = w;
	const float *y = a;
	float s = 0;
	for (size_t i = 0; i < n; i++)
		s += bf16_to_fp32(x[i]) * y[i];
	return s;
}

static float vd_q4_0(const void *w, const void *a, size_t n)
{
	const struct blk_q4_0 *x = w;
	const struct blk_q8a *y = a;
	float s = 0;
	for (size_t i = 0; i < n / QK; i++) {
		int acc = 0;
		for (int j = 0; j < QK / 2; j++)
			acc += ((x[i].qs[j] & 0xF) - 8) * y[i].qs[j] +
			       ((x[i].qs[j] >> 4) - 8) * y[i].qs[j + QK / 2];
		s += fp16_to_fp32(x[i].d) * y[i].d * (float)acc;
	}
	return s;
}

static float vd_q4_1(const void *w, const void *a, size_t n)
{
	const struct blk_q4_1 *x = w;
	const struct blk_q8a *y = a;
	float s = 0;
	for (size_t i = 0; i < n / QK; i++) {
		int acc = 0;
		for (int j = 0; j < QK / 2; j++)
			acc += (x[i].qs[j] & 0xF) * y[i].qs[j] +
			       (x[i].qs[j] >> 4) * y[i].qs[j + QK / 2];
		s += fp16_to_fp32(x[i].d) * y[i].d * (float)acc + fp16_to_fp32(x[i].m) * y[i].s;
	}
	return s;
}

static float vd_q8_0(const void *w, const void *a, size_t n)
{
	const struct blk_q8_0 *x = w;
	const struct blk_q8a *y = a;
	float s = 0;
	for (size_t i = 0; i < n / QK; i++) {
		int acc = 0;
		for (int j = 0; j < QK; j++)
			acc += x[i].qs[j] * y[i].qs[j];
		s += fp16_to_fp32(x[i].d) * y[i].d * (float)acc;
	}
	return s;
}

static void pk_q4x8(const void *wv, const void *av, size_t as, size_t nb, float *out, size_t os,
		    int nt)
{
	const struct blk_q4x8 *w = wv;
	for (int t = 0; t < nt; t++) {
		const struct blk_q8a *y = (const void *)((const uint8_t *)av + (size_t)t * as);
		for (int r = 0; r < PACK_ROWS; r++) {
			float s = 0;
			for (size_t b = 0; b < nb; b++) {
				int acc = 0;
				for (int j = 0; j < 4; j++)
					for (int i = 0; i < 4; i++) {
						uint8_t q = w[b].qs[32 * j + 4 * r + i];
						acc += (q & 0xF) * y[b].qs[4 * j + i] + (q >> 4) * y[b].qs[16 + 4 * j + i];
					}
				s += fp16_to_fp32(w[b].d[r]) * y[b].d * (float)acc +
				     fp16_to_fp32(w[b].m[r]) * y[b].s;
			}
			out[(size_t)t * os + r] = s;
		}
	}
}

static void pk_q8x8(const void *wv, const void *av, size_t as, size_t nb, float *out, size_t os,
		    int nt)
{
	const struct blk_q8x8 *w = wv;
	for (int t = 0; t < nt; t++) {
		const struct blk_q8a *y = (const void *)((const uint8_t *)av + (size_t)t * as);
		for (int r = 0; r < PACK_ROWS; r++) {
			float s = 0;
			for (size_t b = 0; b < nb; b++) {
				int acc = 0;
				for (int k = 0; k < QK / 4; k++)
					for (int i = 0; i < 4; i++)
						acc += w[b].qs[32 * k + 4 * r + i] * y[b].qs[4 * k + i];
				s += fp16_to_fp32(w[b].d[r]) * y[b].d * (float)acc;
			}
			out[(size_t)t * os + r] = s;
		}
	}
}

static void scale_min_k4(int j, const uint8_t *q, int *d, int *m)
{
	if (j < 4) {
		*d = q[j] & 63;
		*m = q[j + 4] & 63;
	} else {
		*d = (q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4);
		*m = (q[j + 4] >> 4) | ((q[j] >> 6) << 4);
	}
}

static float vd_q4_k(const void *w, const void *a, size_t n)
{
	const struct blk_q4_k *x = w;
	const struct blk_q8k *y = a;
	float s = 0;
	for (size_t i = 0; i < n / QK_K; i++) {
		const uint8_t *q = x[i].qs;
		const int8_t *p = y[i].qs;
		int sum = 0, msum = 0;
		for (int j = 0; j < 4; j++, q += 32, p += 64) {
			int sc1, m1, sc2, m2, a1 = 0, a2 = 0;
			scale_min_k4(2 * j, x[i].scales, &sc1, &m1);
			scale_min_k4(2 * j + 1, x[i].scales, &sc2, &m2);
			for (int l = 0; l < 32; l++) {
				a1 += (q[l] & 0xF) * p[l];
				a2 += (q[l] >> 4) * p[l + 32];
			}
			sum += sc1 * a1 + sc2 * a2;
			msum += m1 * (y[i].bsums[4 * j] + y[i].bsums[4 * j + 1]) +
				m2 * (y[i].bsums[4 * j + 2] + y[i].bsums[4 * j + 3]);
		}
		s += y[i].d * (fp16_to_fp32(x[i].d) * (float)sum - fp16_to_fp32(x[i].dmin) * (float)msum);
	}
	return s;
}

static float vd_q6_k(const void *w, const void *a, size_t n)
{
	const struct blk_q6_k *x = w;
	const struct blk_q8k *y = a;
	float s = 0;
	for (size_t i = 0; i < n / QK_K; i++) {
		const uint8_t *ql = x[i].ql, *qh = x[i].qh;
		const int8_t *sc = x[i].scales, *p = y[i].qs;
		int sum = 0;
		for (int h = 0; h < 2; h++, ql += 64, qh += 32, sc += 8, p += 128) {
			int acc[8] = {0};
			for (int l = 0; l < 32; l++) {
				int is = l / 16;
				int q1 = ((ql[l] & 0xF) | (((qh[l] >> 0) & 3) << 4)) - 32;
				int q2 = ((ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) - 32;
				int q3 = ((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
				int q4 = ((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
				acc[is] += q1 * p[l];
				acc[is + 2] += q2 * p[l + 32];
				acc[is + 4] += q3 * p[l + 64];
				acc[is + 6] += q4 * p[l + 96];
			}
			for (int g = 0; g < 8; g++)
				sum += sc[g] * acc[g];
		}
		s += y[i].d * fp16_to_fp32(x[i].d) * (float)sum;
	}
	return s;
}

void kernels_generic_fill(struct kernels *k)
{
	k->dot[GGML_F32] = vd_f32;
	k->dot[GGML_F16] = vd_f16;
	k->dot[GGML_BF16] = vd_bf16;
	k->dot[GGML_Q4_0] = vd_q4_0;
	k->dot[GGML_Q4_1] = vd_q4_1;
	k->dot[GGML_Q8_0] = vd_q8_0;
	k->dot[GGML_Q4_K] = vd_q4_k;
	k->dot[GGML_Q6_K] = vd_q6_k;
	k->half_rows = half_rows;
	k->dot_rows = dot_rows;
	k->axpy_rows = axpy_rows;
	k->store_half = store_half;
	k->softmax_exp = softmax_exp;
	k->swiglu = swiglu;
	k->quant_q8a = quant_q8a;
	k->packed[PACK_Q4X8] = pk_q4x8;
	k->packed[PACK_Q8X8] = pk_q8x8;
	k->name = "generic";
}
