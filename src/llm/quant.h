/* quant: ggml block layouts, half/bfloat conversion, dequantisation, and the
 * activation quantisers and dot-product kernels used by matmul.
 * Weight blocks are exactly ggml's; activation blocks (q8a, q8k) are quire's
 * own in-memory format. */
#ifndef QUIRE_LLM_QUANT_H
#define QUIRE_LLM_QUANT_H

#include <stddef.h>
#include <stdint.h>

#include "llm/gguf.h"

#define QK 32        /* block size of Q4_0, Q4_1, Q8_0 */
#define QK_K 256     /* block size of the K-quants */

struct blk_q4_0 { uint16_t d; uint8_t qs[QK / 2]; };
struct blk_q4_1 { uint16_t d, m; uint8_t qs[QK / 2]; };
struct blk_q8_0 { uint16_t d; int8_t qs[QK]; };
struct blk_q4_k { uint16_t d, dmin; uint8_t scales[12]; uint8_t qs[QK_K / 2]; };
struct blk_q6_k { uint8_t ql[QK_K / 2]; uint8_t qh[QK_K / 4]; int8_t scales[QK_K / 16]; uint16_t d; };

/* Weights repacked at load time, PACK_ROWS rows interleaved per block: one
 * 32-byte vector holds the same 4 columns of 8 rows, so a kernel gets the 8
 * rows' sums in the 8 lanes with no horizontal additions. Q4_0 and Q4_1
 * become q4x8 (value = d q + m; Q4_0 has m = -8 d), Q8_0 becomes q8x8.
 * q4x8: qs[32 j + 4 r + i] is byte 4 j + i of row r's block (low nibble:
 * column 4 j + i, high nibble: column 16 + 4 j + i), j < 4.
 * q8x8: qs[32 k + 4 r + i] is column 4 k + i of row r, k < 8. */
#define PACK_ROWS 8
enum pack_kind { PACK_NONE, PACK_Q4X8, PACK_Q8X8, PACK_N };
struct blk_q4x8 { uint16_t d[PACK_ROWS], m[PACK_ROWS]; uint8_t qs[PACK_ROWS * QK / 2]; };
struct blk_q8x8 { uint16_t d[PACK_ROWS]; int8_t qs[PACK_ROWS * QK]; };

/* The packed form n_out rows of type t with n_in columns take, or
 * PACK_NONE when t has none or the shape does not allow it. */
enum pack_kind weight_pack_kind(enum ggml_type t, size_t n_in, size_t n_out);
/* Pack n_rows rows (a multiple of PACK_ROWS, row_bytes apart) into out, in
 * groups of PACK_ROWS rows, each group's blocks consecutive. Returns -1 when
 * a Q4_0 scale is too large for its packed minimum (-8 d in half precision). */
int weight_pack(enum ggml_type t, const void *rows, size_t row_bytes, size_t n_in, size_t n_rows,
		void *out);
/* Bytes of one packed block (PACK_ROWS rows by 32 columns). */
size_t pack_block_size(enum pack_kind k);

/* Activations quantised for the 32-blocks: d scale, s = d * sum(qs). */
struct blk_q8a { float d, s; int8_t qs[QK]; };
/* Activations quantised for the K-quants: bsums are sums of 16-groups. */
struct blk_q8k { float d; int8_t qs[QK_K]; int16_t bsums[QK_K / 16]; };

float fp16_to_fp32(uint16_t h);
uint16_t fp32_to_fp16(float f);
static inline float bf16_to_fp32(uint16_t h)
{
	union { uint32_t u; float f; } v = {(uint32_t)h << 16};
	return v.f;
}

/* Dequantise n elements (a whole number of blocks) of type t into out. */
void dequant_row(enum ggml_type t, const void *src, float *out, size_t n);

/* The activation format a weight type is multiplied with. */
enum act_kind { ACT_F32, ACT_Q8A, ACT_Q8K };
enum act_kind act_kind_for(enum ggml_type t);
/* Bytes of one quantised activation row of n elements. */
size_t act_row_size(enum act_kind k, size_t n);
/* Quantise a row of n floats into the activation format k. */
void act_quantize(enum act_kind k, const float *x, void *out, size_t n);

/* Dot of one weight row (type t, n elements) with an activation row in the
 * matching format. */
typedef float vec_dot_fn(const void *w, const void *a, size_t n);

/* PACK_ROWS packed rows (nb blocks, the start of a group) by nt activation
 * rows (a_stride apart): out[j * out_stride + r] for r < PACK_ROWS. */
typedef void packed_dot_fn(const void *w, const void *a, size_t a_stride, size_t nb, float *out,
			   size_t out_stride, int nt);

/* Kernel table, chosen once at run time: the widest the CPU has. */
struct kernels {
	packed_dot_fn *packed[PACK_N];
	vec_dot_fn *dot[GGML_BF16 + 1];
	/* attention over the half-precision cache: half_rows converts n_rows
	 * rows of n halves (stride apart) into a dense tile of floats, once
	 * for all the query heads that read them; over such a tile, dot_rows
	 * gives out[j * n_rows + p] = q[j] . tile[p] for nq queries of n
	 * floats one after the other, and axpy_rows adds the sum of w[p]
	 * tile[p] to y; store_half writes n floats as halves (round to
	 * nearest even) */
	void (*half_rows)(float *tile, const uint16_t *rows, size_t stride, size_t n_rows, size_t n);
	void (*dot_rows)(const float *q, size_t nq, const float *tile, size_t n_rows, size_t n,
			 float *out);
	void (*axpy_rows)(float *y, const float *w, const float *tile, size_t n_rows, size_t n);
	void (*store_half)(uint16_t *out, const float *x, size_t n);
	/* softmax numerators: s[i] = exp(s[i] * scale - max) where max (put in
	 * *max) is the largest s[i] * scale, scale > 0; returns their sum */
	float (*softmax_exp)(float *s, size_t n, float scale, float *max);
	/* SwiGLU: g[i] = silu(g[i]) * u[i] */
	void (*swiglu)(float *g, const float *u, size_t n);
	void (*quant_q8a)(const float *x, struct blk_q8a *out, size_t n);
	const char *name;
};
const struct kernels *kernels_get(void);
/* Use the named table ("generic", "avx2", "avx512"), or the best with
 * NULL; returns 0 if this CPU cannot run it. The environment variable
 * QUIRE_KERNELS names the first choice (benchmarks compare them). */
int kernels_select(const char *name);

/* Portable implementations (quant.c / kernels_generic.c). */
void kernels_generic_fill(struct kernels *k);
/* AVX2+FMA implementations (kernels_avx2.c); returns 0 if not built or
 * the CPU lacks them. */
int kernels_avx2_fill(struct kernels *k);
/* AVX-512 VNNI packed kernels over the AVX2 table (kernels_avx512.c). */
int kernels_avx512_fill(struct kernels *k);

#endif
