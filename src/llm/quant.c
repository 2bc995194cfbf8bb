/* quant: half/bfloat conversion, dequantisation, activation quantisers and
 * the run-time choice of kernels. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "llm/quant.h"

float fp16_to_fp32(uint16_t h)
{
	uint32_t sign = (uint32_t)(h & 0x8000) << 16;
	uint32_t exp = (h >> 10) & 0x1f, mant = h & 0x3ff;
	union { uint32_t u; float f; } v;
	if (exp == 0) {
		/* zero or subnormal: mant * 2^-24 */
		float f = ldexpf((float)mant, -24);
		return sign ? -f : f;
	}
	if (exp == 31)
		v.u = sign | 0x7f800000u | (mant << 13);
	else
		v.u = sign | ((exp + 112) << 23) | (mant << 13);
	return v.f;
}

uint16_t fp32_to_fp16(float f)
{
	union { float f; uint32_t u; } v = {f};
	uint32_t sign = (v.u >> 16) & 0x8000;
	uint32_t a = v.u & 0x7fffffff;
	if (a >= 0x7f800000)
		return (uint16_t)(sign | 0x7c00 | (a > 0x7f800000 ? 0x200 : 0));
	if (a >= 0x477ff000)   /* rounds to >= 65520: overflow */
		return (uint16_t)(sign | 0x7c00);
	if (a < 0x38800000) {  /* subnormal half */
		float m = fabsf(f) * 16777216.0f;   /* 2^24 */
		return (uint16_t)(sign | (uint32_t)lrintf(m));
	}
	uint32_t r = a + 0xfff + ((a >> 13) & 1);   /* round to nearest even */
	return (uint16_t)(sign | ((r - 0x38000000) >> 13));
}

static void get_scale_min_k4(int j, const uint8_t *q, uint8_t *d, uint8_t *m)
{
	if (j < 4) {
		*d = q[j] & 63;
		*m = q[j + 4] & 63;
	} else {
		*d = (uint8_t)((q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4));
		*m = (uint8_t)((q[j + 4] >> 4) | ((q[j] >> 6) << 4));
	}
}

void dequant_row(enum ggml_type t, const void *src, float *y, size_t n)
{
	switch (t) {
	case GGML_F32:
		memcpy(y, src, n * sizeof(float));
		break;
	case GGML_F16: {
		const uint16_t *x = src;
		for (size_t i = 0; i < n; i++)
			y[i] = fp16_to_fp32(x[i]);
		break;
	}
	case GGML_BF16: {
		const uint16_t *x = src;
		for (size_t i = 0; i < n; i++)
			y[i] = bf16_to_fp32(x[i]);
		break;
	}
	case GGML_Q4_0: {
		const struct blk_q4_0 *b = src;
		for (size_t i = 0; i < n / QK; i++, y += QK) {
			float d = fp16_to_fp32(b[i].d);
			for (int j = 0; j < QK / 2; j++) {
				y[j] = d * ((b[i].qs[j] & 0xF) - 8);
				y[j + QK / 2] = d * ((b[i].qs[j] >> 4) - 8);
			}
		}
		break;
	}
	case GGML_Q4_1: {
		const struct blk_q4_1 *b = src;
		for (size_t i = 0; i < n / QK; i++, y += QK) {
			float d = fp16_to_fp32(b[i].d), m = fp16_to_fp32(b[i].m);
			for (int j = 0; j < QK / 2; j++) {
				y[j] = d * (b[i].qs[j] & 0xF) + m;
				y[j + QK / 2] = d * (b[i].qs[j] >> 4) + m;
			}
		}
		break;
	}
	case GGML_Q8_0: {
		const struct blk_q8_0 *b = src;
		for (size_t i = 0; i < n / QK; i++, y += QK) {
			float d = fp16_to_fp32(b[i].d);
			for (int j = 0; j < QK; j++)
				y[j] = d * b[i].qs[j];
		}
		break;
	}
	case GGML_Q4_K: {
		const struct blk_q4_k *b = src;
		for (size_t i = 0; i < n / QK_K; i++) {
			float d = fp16_to_fp32(b[i].d), dmin = fp16_to_fp32(b[i].dmin);
			const uint8_t *q = b[i].qs;
			for (int j = 0; j < 4; j++, q += 32) {
				uint8_t sc, m;
				get_scale_min_k4(2 * j, b[i].scales, &sc, &m);
				float d1 = d * sc, m1 = dmin * m;
				get_scale_min_k4(2 * j + 1, b[i].scales, &sc, &m);
				float d2 = d * sc, m2 = dmin * m;
				for (int l = 0; l < 32; l++)
					*y++ = d1 * (q[l] & 0xF) - m1;
				for (int l = 0; l < 32; l++)
					*y++ = d2 * (q[l] >> 4) - m2;
			}
		}
		break;
	}
	case GGML_Q6_K: {
		const struct blk_q6_k *b = src;
		for (size_t i = 0; i < n / QK_K; i++) {
			float d = fp16_to_fp32(b[i].d);
			const uint8_t *ql = b[i].ql, *qh = b[i].qh;
			const int8_t *sc = b[i].scales;
			for (int h = 0; h < 2; h++, y += 128, ql += 64, qh += 32, sc += 8) {
				for (int l = 0; l < 32; l++) {
					int is = l / 16;
					int q1 = ((ql[l] & 0xF) | (((qh[l] >> 0) & 3) << 4)) - 32;
					int q2 = ((ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) - 32;
					int q3 = ((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
					int q4 = ((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
					y[l] = d * sc[is] * q1;
					y[l + 32] = d * sc[is + 2] * q2;
					y[l + 64] = d * sc[is + 4] * q3;
					y[l + 96] = d * sc[is + 6] * q4;
				}
			}
		}
		break;
	}
	}
}

enum act_kind act_kind_for(enum ggml_type t)
{
	switch (t) {
	case GGML_Q4_0: case GGML_Q4_1: case GGML_Q8_0: return ACT_Q8A;
	case GGML_Q4_K: case GGML_Q6_K: return ACT_Q8K;
	default: return ACT_F32;
	}
}

size_t act_row_size(enum act_kind k, size_t n)
{
	switch (k) {
	case ACT_Q8A: return n / QK * sizeof(struct blk_q8a);
	case ACT_Q8K: return n / QK_K * sizeof(struct blk_q8k);
	default: return n * sizeof(float);
	}
}

static void quant_q8k(const float *x, struct blk_q8k *y, size_t n)
{
	for (size_t i = 0; i < n / QK_K; i++, x += QK_K) {
		float amax = 0;
		for (int j = 0; j < QK_K; j++)
			amax = fmaxf(amax, fabsf(x[j]));
		float d = amax / 127, id = d ? 1 / d : 0;
		y[i].d = d;
		for (int j = 0; j < QK_K; j++)
			y[i].qs[j] = (int8_t)lrintf(x[j] * id);
		for (int g = 0; g < QK_K / 16; g++) {
			int s = 0;
			for (int j = 0; j < 16; j++)
				s += y[i].qs[g * 16 + j];
			y[i].bsums[g] = (int16_t)s;
		}
	}
}

size_t pack_block_size(enum pack_kind k)
{
	return k == PACK_Q4X8 ? sizeof(struct blk_q4x8) : k == PACK_Q8X8 ? sizeof(struct blk_q8x8) : 0;
}

enum pack_kind weight_pack_kind(enum ggml_type t, size_t n_in, size_t n_out)
{
	if (n_out % PACK_ROWS || n_in % QK)
		return PACK_NONE;
	return t == GGML_Q8_0 ? PACK_Q8X8 : t == GGML_Q4_0 || t == GGML_Q4_1 ? PACK_Q4X8 : PACK_NONE;
}

int weight_pack(enum ggml_type t, const void *rows, size_t row_bytes, size_t n_in, size_t n_rows,
		void *out)
{
	const uint8_t *src = rows;
	size_t nb = n_in / QK, groups = n_rows / PACK_ROWS;
	for (size_t g = 0; g < groups; g++)
		for (size_t b = 0; b < nb; b++) {
			const uint8_t *row0 = src + g * PACK_ROWS * row_bytes;
			if (t == GGML_Q8_0) {
				struct blk_q8x8 *o = (struct blk_q8x8 *)out + g * nb + b;
				for (int r = 0; r < PACK_ROWS; r++) {
					const struct blk_q8_0 *x = (const struct blk_q8_0 *)(row0 + r * row_bytes) + b;
					o->d[r] = x->d;
					for (int c = 0; c < QK / 4; c++)
						memcpy(o->qs + 32 * c + 4 * r, x->qs + 4 * c, 4);
				}
				continue;
			}
			struct blk_q4x8 *o = (struct blk_q4x8 *)out + g * nb + b;
			for (int r = 0; r < PACK_ROWS; r++) {
				const uint8_t *x = row0 + r * row_bytes;
				const uint8_t *qs;
				if (t == GGML_Q4_1) {
					const struct blk_q4_1 *q = (const struct blk_q4_1 *)x + b;
					o->d[r] = q->d;
					o->m[r] = q->m;
					qs = q->qs;
				} else {
					const struct blk_q4_0 *q = (const struct blk_q4_0 *)x + b;
					float d = fp16_to_fp32(q->d);
					/* -8 d is exact in half precision unless it overflows */
					if (!(fabsf(d) <= 8000.0f))
						return -1;
					o->d[r] = q->d;
					o->m[r] = fp32_to_fp16(-8.0f * d);
					qs = q->qs;
				}
				for (int j = 0; j < 4; j++)
					memcpy(o->qs + 32 * j + 4 * r, qs + 4 * j, 4);
			}
		}
	return 0;
}

void act_quantize(enum act_kind k, const float *x, void *out, size_t n)
{
	switch (k) {
	case ACT_Q8A: kernels_get()->quant_q8a(x, out, n); break;
	case ACT_Q8K: quant_q8k(x, out, n); break;
	default: memcpy(out, x, n * sizeof(float)); break;
	}
}

static struct kernels k_tables[3];
static int k_have[3], k_ready, k_current;
static const char *const k_names[3] = {"generic", "avx2", "avx512"};

static void kernels_init(void)
{
	kernels_generic_fill(&k_tables[0]);
	k_have[0] = 1;
	k_tables[1] = k_tables[0];
	k_have[1] = kernels_avx2_fill(&k_tables[1]);
	k_tables[2] = k_tables[0];
	k_have[2] = kernels_avx512_fill(&k_tables[2]);
	k_ready = 1;
	if (!kernels_select(getenv("QUIRE_KERNELS")))
		kernels_select(NULL);
}

const struct kernels *kernels_get(void)
{
	if (!k_ready)
		kernels_init();
	return &k_tables[k_current];
}

int kernels_select(const char *name)
{
	if (!k_ready)
		kernels_init();
	for (int i = 2; i >= 0; i--) {
		if (!k_have[i] || (name && *name && strcmp(name, k_names[i]) != 0))
			continue;
		k_current = i;
		return 1;
	}
	return 0;
}
