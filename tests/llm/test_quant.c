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

/* Every tile shape against the same table's row-by-row dot products: 5 rows
 * by 5 activation rows, each shape at both ends, so tiles start at odd rows. */
static void test_tiles(const struct kernels *k)
{
	enum { R = 5, A = 5 };
	size_t n = 576;   /* SmolLM2's width: 18 blocks, an even and an odd half */
	for (size_t ti = 0; ti < ARRAY_SIZE(types); ti++) {
		enum ggml_type t = types[ti];
		if (!k->tile[t])
			continue;
		size_t bytes = 0;
		uint8_t *w = NULL;
		for (int r = 0; r < R; r++) {
			void *row = random_weights(t, n, &bytes);
			w = xrealloc(w, bytes * R);
			memcpy(w + r * bytes, row, bytes);
			free(row);
		}
		enum act_kind ak = act_kind_for(t);
		size_t as = act_row_size(ak, n);
		uint8_t *a = xmalloc(as * A);
		float *x = xmalloc(n * sizeof(float));
		for (int j = 0; j < A; j++) {
			for (size_t i = 0; i < n; i++)
				x[i] = frnd() * (float)(j + 1);
			act_quantize(ak, x, a + j * as, n);
		}
		int bad = 0, shapes = 0;
		for (int nr = 1; nr <= 4; nr++)
			for (int nt = 1; nt <= k->tile_rn; nt++)
				for (int r0 = 0; r0 + nr <= R; r0 += R - nr)
					for (int j0 = 0; j0 + nt <= A; j0 += A - nt) {
						float out[4 * 4];
						k->tile[t](w + r0 * bytes, bytes, a + j0 * as, as, n, out, 4, nr, nt);
						shapes++;
						for (int r = 0; r < nr; r++)
							for (int j = 0; j < nt; j++) {
								float want = k->dot[t](w + (r0 + r) * bytes, a + (j0 + j) * as, n);
								if (fabsf(out[j * 4 + r] - want) > 1e-5f * (fabsf(want) + 1))
									bad++;
							}
					}
		ok(bad == 0, "%s %s tiles: %d shapes agree with the dot products (%d off)", k->name,
		   ggml_type_name(t), shapes, bad);
		free(w);
		free(a);
		free(x);
	}
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
	float d1 = k->dot_f32(x, x + 1, n - 1), d2 = 0;
	for (size_t i = 0; i + 1 < n; i++)
		d2 += x[i] * x[i + 1];
	ok(fabsf(d1 - d2) < 1e-3f * n, "%s f32 dot", k->name);
	free(x);
	free(wf);
	test_tiles(k);
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
