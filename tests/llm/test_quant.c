/* Unit tests for quant: half conversion, and every dot-product kernel
 * (portable and SIMD) against dequantise-then-multiply. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "llm/quant.h"
#include "tap.h"
#include "util/util.h"

static uint32_t rng = 12345;
static uint32_t rnd(void)
{
	rng = rng * 1664525u + 1013904223u;
	return rng >> 8;
}
static float frnd(void) { return (float)rnd() / (float)(1u << 24) * 2.0f - 1.0f; }

/* a random but valid block image of n elements of type t */
static void *random_weights(enum ggml_type t, size_t n, size_t *bytes)
{
	*bytes = ggml_type_size(t, n, NULL);
	uint8_t *w = xmalloc(*bytes);
	for (size_t i = 0; i < *bytes; i++)
		w[i] = (uint8_t)rnd();
	/* make every half/bfloat scale a small sane number */
	size_t bs = t == GGML_Q4_K || t == GGML_Q6_K ? 256 : 32;
	size_t bb = *bytes / (n / bs);
	for (size_t b = 0; b < n / bs; b++) {
		uint8_t *p = w + b * bb;
		uint16_t h1 = fp32_to_fp16(0.01f + 0.02f * (float)(rnd() % 100) / 100);
		uint16_t h2 = fp32_to_fp16(0.005f * (float)(rnd() % 100) / 100);
		switch (t) {
		case GGML_Q4_0: case GGML_Q8_0: memcpy(p, &h1, 2); break;
		case GGML_Q4_1: case GGML_Q4_K: memcpy(p, &h1, 2); memcpy(p + 2, &h2, 2); break;
		case GGML_Q6_K: memcpy(p + 208, &h1, 2); break;
		default: break;
		}
	}
	if (t == GGML_F32)
		for (size_t i = 0; i < n; i++)
			((float *)w)[i] = frnd();
	if (t == GGML_F16)
		for (size_t i = 0; i < n; i++)
			((uint16_t *)w)[i] = fp32_to_fp16(frnd());
	if (t == GGML_BF16)
		for (size_t i = 0; i < n; i++) {
			float f = frnd();
			uint32_t u;
			memcpy(&u, &f, 4);
			((uint16_t *)w)[i] = (uint16_t)(u >> 16);
		}
	return w;
}

static const enum ggml_type types[] = {GGML_F32, GGML_F16, GGML_BF16, GGML_Q4_0,
	GGML_Q4_1, GGML_Q8_0, GGML_Q4_K, GGML_Q6_K};

/* Packed rows (two groups of 8) by 3 activation rows against the same
 * table's row-by-row dot products of the unpacked rows. */
static void test_packed(const struct kernels *k)
{
	static const enum ggml_type pt[] = {GGML_Q4_0, GGML_Q4_1, GGML_Q8_0};
	enum { R = 2 * PACK_ROWS, A = 3 };
	size_t n = 576, nb = n / QK;
	for (size_t ti = 0; ti < ARRAY_SIZE(pt); ti++) {
		enum ggml_type t = pt[ti];
		size_t bytes = 0;
		uint8_t *w = NULL;
		for (int r = 0; r < R; r++) {
			void *row = random_weights(t, n, &bytes);
			w = xrealloc(w, bytes * R);
			memcpy(w + r * bytes, row, bytes);
			free(row);
		}
		enum pack_kind kind = weight_pack_kind(t, n, R);
		uint8_t *pk = xmalloc(R / PACK_ROWS * nb * pack_block_size(kind));
		if (weight_pack(t, w, bytes, n, R, pk) < 0)
			FREE(&pk);
		size_t as = act_row_size(ACT_Q8A, n);
		uint8_t *a = xmalloc(as * A);
		float *x = xmalloc(n * sizeof(float));
		for (int j = 0; j < A; j++) {
			for (size_t i = 0; i < n; i++)
				x[i] = frnd() * (float)(j + 1);
			act_quantize(ACT_Q8A, x, a + j * as, n);
		}
		int bad = 0;
		float out[A * R];
		for (int g = 0; pk && g < R / PACK_ROWS; g++)
			k->packed[kind](pk + g * nb * pack_block_size(kind), a, as, nb,
					out + g * PACK_ROWS, R, A);
		for (int r = 0; pk && r < R; r++)
			for (int j = 0; j < A; j++) {
				float want = k->dot[t](w + r * bytes, a + j * as, n);
				bad += fabsf(out[j * R + r] - want) > 1e-5f * (fabsf(want) + 1);
			}
		ok(pk && bad == 0, "%s %s packed: 16 rows x 3 agree with the dot products (%d off)",
		   k->name, ggml_type_name(t), bad);
		ok(weight_pack_kind(t, n, R - 1) == PACK_NONE && weight_pack_kind(t, n + 16, R) == PACK_NONE,
		   "%s: no packing for rows not a multiple of 8 or columns not of 32",
		   ggml_type_name(t));
		if (t == GGML_Q4_0) {
			((struct blk_q4_0 *)w)[3].d = fp32_to_fp16(60000.0f);
			uint8_t *big = xmalloc(R / PACK_ROWS * nb * pack_block_size(kind));
			ok(weight_pack(t, w, bytes, n, R, big) < 0,
			   "Q4_0 with a scale whose -8 d overflows half precision stays unpacked");
			free(big);
		}
		free(pk);
		free(w);
		free(a);
		free(x);
	}
}

/* softmax numerators and SwiGLU against double precision, on 19 values
 * (two vectors and a tail) wide enough to reach the clamped exp range.
 * Values are multiples of 1/64 and the scale 1/2, so every exp argument
 * is exact in float and the tolerance is a few ulp of exp itself. */
static void test_exp(const struct kernels *k)
{
	enum { NS = 19 };
	float s[NS], s0[NS], g[NS], g0[NS], u[NS];
	for (int i = 0; i < NS; i++) {
		s[i] = s0[i] = roundf(80.0f * 64 * frnd()) / 64;
		g[i] = g0[i] = roundf(30.0f * 64 * frnd()) / 64;
		u[i] = frnd();
	}
	s[3] = s0[3] = -200.0f;   /* far below the max: ~0 */
	g[1] = g0[1] = 100.0f;    /* silu(g) = g */
	g[2] = g0[2] = -100.0f;   /* silu(g) = -0 */
	const float scale = 0.5f;
	double want_mx = -INFINITY, want_sum = 0;
	for (int i = 0; i < NS; i++)
		if ((double)s0[i] * scale > want_mx)
			want_mx = (double)s0[i] * scale;
	float mx;
	float sum = k->softmax_exp(s, NS, scale, &mx);
	int bad = fabs(mx - want_mx) > 1e-6 * fabs(want_mx);
	for (int i = 0; i < NS; i++) {
		double e = exp((double)s0[i] * scale - want_mx);
		want_sum += e;
		bad += fabs(s[i] - e) > 3e-7 * e + 1e-30;
	}
	bad += fabs(sum - want_sum) > 1e-6 * want_sum;
	ok(bad == 0, "%s softmax_exp: max, numerators and sum (%d off)", k->name, bad);
	bad = 0;
	k->swiglu(g, u, NS);
	for (int i = 0; i < NS; i++) {
		double want = g0[i] / (1.0 + exp(-(double)g0[i])) * u[i];
		bad += fabs(g[i] - want) > 5e-7 * fabs(want) + 1e-30;
	}
	ok(bad == 0, "%s swiglu (%d off)", k->name, bad);
}

static void test_kernels(const char *name)
{
	if (!kernels_select(name)) {
		skip("kernels %s: not on this CPU", name);
		return;
	}
	const struct kernels *k = kernels_get();
	size_t n = 512 + 256;
	float *x = xmalloc(n * sizeof(float)), *wf = xmalloc(n * sizeof(float));
	for (size_t i = 0; i < n; i++)
		x[i] = frnd() * (i % 7 == 0 ? 4.0f : 1.0f);
	for (size_t ti = 0; ti < ARRAY_SIZE(types); ti++) {
		enum ggml_type t = types[ti];
		size_t bytes;
		void *w = random_weights(t, n, &bytes);
		dequant_row(t, w, wf, n);
		double ref = 0, mag = 0;
		for (size_t i = 0; i < n; i++) {
			ref += (double)wf[i] * x[i];
			mag += fabs((double)wf[i] * x[i]);
		}
		enum act_kind ak = act_kind_for(t);
		void *a = xmalloc(act_row_size(ak, n));
		act_quantize(ak, x, a, n);
		double got = k->dot[t](w, a, n);
		/* Q8 activations: relative error per element <= 1/254 of the block max */
		double tol = ak == ACT_F32 ? 1e-4 * mag + 1e-5 : 0.01 * mag;
		ok(fabs(got - ref) <= tol, "%s %s dot: got %g want %g (tol %g)", k->name,
		   ggml_type_name(t), got, ref, tol);
		free(a);
		free(w);
	}
	/* attention rows: 7 rows (a group of 4 and a tail) of 72 floats (a
	 * 64-float slice and a tail), 80 apart in the cache */
	enum { NR = 7, HD = 72, ST = 80 };
	float rows[NR * ST], tile[NR * HD], w7[NR], dots[3 * NR], y[HD], y2[HD];
	uint16_t hrows[NR * ST];
	for (size_t i = 0; i < NR * ST; i++)
		rows[i] = frnd();
	k->store_half(hrows, rows, NR * ST);
	int bad = 0;
	for (size_t i = 0; i < NR * ST; i++) {
		bad += hrows[i] != fp32_to_fp16(rows[i]);
		rows[i] = fp16_to_fp32(hrows[i]);
	}
	k->half_rows(tile, hrows, ST, NR, HD);
	for (int p = 0; p < NR; p++)
		for (int i = 0; i < HD; i++)
			bad += tile[p * HD + i] != rows[p * ST + i];
	for (int p = 0; p < NR; p++)
		w7[p] = frnd();
	for (int i = 0; i < HD; i++)
		y[i] = y2[i] = frnd();
	k->dot_rows(x, 3, tile, NR, HD, dots);
	k->axpy_rows(y, w7, tile, NR, HD);
	for (int j = 0; j < 3; j++)   /* queries x, x + HD, x + 2 HD: a pair and one alone */
		for (int p = 0; p < NR; p++) {
			double want = 0;
			for (int i = 0; i < HD; i++)
				want += (double)x[j * HD + i] * rows[p * ST + i];
			bad += fabs(dots[j * NR + p] - want) > 1e-4 * (fabs(want) + 1);
		}
	for (int i = 0; i < HD; i++) {
		double want = y2[i];
		for (int p = 0; p < NR; p++)
			want += (double)w7[p] * rows[p * ST + i];
		bad += fabs(y[i] - want) > 1e-4 * (fabs(want) + 1);
	}
	ok(bad == 0, "%s attention rows: store_half, half_rows, dot_rows and axpy_rows (%d off)",
	   k->name, bad);
	test_exp(k);
	free(x);
	free(wf);
	test_packed(k);
	kernels_select(NULL);
}

int main(void)
{
	float vals[] = {0.0f, 1.0f, -2.5f, 65504.0f, 6.1e-5f, 1e-7f, 0.333f};
	int bad = 0;
	for (size_t i = 0; i < ARRAY_SIZE(vals); i++) {
		float back = fp16_to_fp32(fp32_to_fp16(vals[i]));
		if (fabsf(back - vals[i]) > fabsf(vals[i]) * 1e-3f + 6e-8f)
			bad++;
	}
	is(bad, 0, "fp16 round trip");
	int mism = 0;
	for (uint32_t h = 0; h < 0x7c00; h++)
		if (fp32_to_fp16(fp16_to_fp32((uint16_t)h)) != h)
			mism++;
	is(mism, 0, "every finite half converts back exactly");
	test_kernels("generic");
	test_kernels("avx2");
	test_kernels("avx512");
	return done_testing();
}
