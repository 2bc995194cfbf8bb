/* Unit tests for the GGUF reader: a well-formed image parses; every
 * truncation and a set of corruptions give "NAME: problem", never a crash. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "llm/gguf.h"
#include "tap.h"
#include "util/util.h"

static void put(struct buf *b, const void *p, size_t n) { buf_add(b, p, n); }
static void put_u32(struct buf *b, uint32_t v) { put(b, &v, 4); }
static void put_u64(struct buf *b, uint64_t v) { put(b, &v, 8); }
static void put_str(struct buf *b, const char *s)
{
	put_u64(b, strlen(s));
	put(b, s, strlen(s));
}

/* A small v3 file: three kvs (string, u32, string array), two tensors. */
static void build(struct buf *b)
{
	put_u32(b, 0x46554747);
	put_u32(b, 3);
	put_u64(b, 2);   /* tensors */
	put_u64(b, 3);   /* kvs */
	put_str(b, "general.architecture");
	put_u32(b, GGUF_T_STRING);
	put_str(b, "llama");
	put_str(b, "llama.block_count");
	put_u32(b, GGUF_T_UINT32);
	put_u32(b, 2);
	put_str(b, "tokenizer.ggml.tokens");
	put_u32(b, GGUF_T_ARRAY);
	put_u32(b, GGUF_T_STRING);
	put_u64(b, 2);
	put_str(b, "a");
	put_str(b, "bc");
	put_str(b, "w");
	put_u32(b, 2);
	put_u64(b, 32);
	put_u64(b, 2);
	put_u32(b, GGML_Q8_0);
	put_u64(b, 0);
	put_str(b, "n");
	put_u32(b, 1);
	put_u64(b, 4);
	put_u32(b, GGML_F32);
	put_u64(b, 96);
	while (b->len % 32)
		buf_addc(b, 0);
	for (int i = 0; i < 96 + 16; i++)
		buf_addc(b, (char)i);
}

int main(void)
{
	struct buf b = BUF_INIT;
	build(&b);
	char *err = NULL;
	struct gguf_file *f = gguf_parse(b.data, b.len, "mem.gguf", &err);
	ok(f != NULL, "well-formed file parses%s%s", err ? ": " : "", err ? err : "");
	if (f) {
		struct llm_str s;
		int64_t v;
		ok(gguf_get_str(f, "general.architecture", &s) && llm_str_eq(s, "llama"), "string kv");
		ok(gguf_get_int(f, "llama.block_count", &v) && v == 2, "int kv");
		const struct gguf_kv *kv = gguf_find(f, "tokenizer.ggml.tokens");
		ok(kv && kv->arr_n == 2 && llm_str_eq(kv->arr_strs[1], "bc"), "string array");
		const struct gguf_tensor *t = gguf_tensor_find(f, "w");
		ok(t && t->nbytes == 68 && t->ne[1] == 2, "tensor size from type and shape");
		t = gguf_tensor_find(f, "n");
		ok(t && (const uint8_t *)t->data == f->map + f->data_offset + 96, "tensor data offset");
		gguf_close(&f);
		ok(f == NULL, "close nulls the pointer");
	}
	free(err);
	err = NULL;

	/* every truncation fails cleanly */
	int bad = 0;
	for (size_t n = 0; n < b.len - 16; n++) {
		char *e = NULL;
		struct gguf_file *g = gguf_parse(b.data, n, "cut.gguf", &e);
		if (g || !e || !str_starts_with(e, "cut.gguf: "))
			bad++;
		gguf_close(&g);
		free(e);
	}
	is(bad, 0, "all %zu truncations are rejected with a message", b.len - 16);

	/* corruptions: bad magic, version, huge counts, huge string, bad offset */
	struct { size_t off; uint64_t val; int width; const char *what; } cases[] = {
		{0, 0x12345678, 4, "bad magic"},
		{4, 1, 4, "version 1"},
		{8, UINT64_MAX, 8, "huge tensor count"},
		{16, 1ull << 40, 8, "huge kv count"},
		{24, UINT64_MAX - 3, 8, "huge key length"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *copy = xmalloc(b.len);
		memcpy(copy, b.data, b.len);
		memcpy(copy + cases[i].off, &cases[i].val, (size_t)cases[i].width);
		char *e = NULL;
		struct gguf_file *g = gguf_parse(copy, b.len, "bad.gguf", &e);
		ok(!g && e && str_starts_with(e, "bad.gguf: "), "%s: %s", cases[i].what, e ? e : "(no error)");
		gguf_close(&g);
		free(e);
		free(copy);
	}
	f = gguf_open("/nonexistent/model.gguf", &err);
	ok(!f && err && str_starts_with(err, "/nonexistent/model.gguf: "), "missing file: %s", err);
	free(err);
	buf_free(&b);
	return done_testing();
}
