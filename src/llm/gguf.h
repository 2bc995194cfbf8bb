/* gguf: a bounds-checked reader of GGUF v2/v3 files, mapped read-only.
 * Every offset, size, count and string is checked against the mapping before
 * use; a bad file yields "PATH: problem", never a crash. */
#ifndef QUIRE_LLM_GGUF_H
#define QUIRE_LLM_GGUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A string that points into the mapping: not NUL-terminated. */
struct llm_str {
	const char *s;
	size_t len;
};

/* GGUF metadata value types (as in the file format). */
enum gguf_type {
	GGUF_T_UINT8 = 0, GGUF_T_INT8 = 1, GGUF_T_UINT16 = 2, GGUF_T_INT16 = 3,
	GGUF_T_UINT32 = 4, GGUF_T_INT32 = 5, GGUF_T_FLOAT32 = 6, GGUF_T_BOOL = 7,
	GGUF_T_STRING = 8, GGUF_T_ARRAY = 9, GGUF_T_UINT64 = 10, GGUF_T_INT64 = 11,
	GGUF_T_FLOAT64 = 12, GGUF_T_COUNT
};

/* ggml tensor types quire can read (numbering as in ggml). */
enum ggml_type {
	GGML_F32 = 0, GGML_F16 = 1, GGML_Q4_0 = 2, GGML_Q4_1 = 3,
	GGML_Q8_0 = 8, GGML_Q4_K = 12, GGML_Q6_K = 14, GGML_BF16 = 30,
};

/* One metadata key/value. For arrays, arr_type/arr_n/arr_data describe the
 * elements (arr_data points at the first element in the mapping; string
 * arrays are laid out as u64 length + bytes, see gguf_arr_str). */
struct gguf_kv {
	struct llm_str key;
	enum gguf_type type;
	union {
		uint64_t u;   /* unsigned ints and bool */
		int64_t i;    /* signed ints */
		double f;     /* floats */
		struct llm_str str;
	} v;
	enum gguf_type arr_type;
	uint64_t arr_n;
	const uint8_t *arr_data;
	const struct llm_str *arr_strs;  /* string arrays: decoded entries */
};

struct gguf_tensor {
	struct llm_str name;
	uint32_t n_dims;
	uint64_t ne[4];        /* ne[0] is the innermost (row) dimension */
	enum ggml_type type;
	uint64_t offset;       /* relative to the data section */
	size_t nbytes;
	const void *data;      /* into the mapping */
};

struct gguf_file {
	char *path;
	const uint8_t *map;
	size_t size;
	uint32_t version;
	uint64_t n_kv, n_tensors;
	struct gguf_kv *kv;
	struct gguf_tensor *tensors;
	uint64_t alignment;
	size_t data_offset;
	bool mapped;           /* map is ours to munmap (gguf_open) */
};

/* Map and parse path. Returns a new file (free with gguf_close) or NULL with
 * *errp set to "PATH: problem". */
struct gguf_file *gguf_open(const char *path, char **errp);
/* Parse an in-memory image (not copied: buf must outlive the result).
 * name is used in error messages. */
struct gguf_file *gguf_parse(const void *buf, size_t size, const char *name, char **errp);
void gguf_close(struct gguf_file **fp);

/* Look-ups; NULL when absent. */
const struct gguf_kv *gguf_find(const struct gguf_file *f, const char *key);
const struct gguf_tensor *gguf_tensor_find(const struct gguf_file *f, const char *name);

/* Typed getters: return true and fill *out when key exists with a
 * compatible type (any integer type for get_int, int or float for get_float). */
bool gguf_get_int(const struct gguf_file *f, const char *key, int64_t *out);
bool gguf_get_float(const struct gguf_file *f, const char *key, double *out);
bool gguf_get_bool(const struct gguf_file *f, const char *key, bool *out);
bool gguf_get_str(const struct gguf_file *f, const char *key, struct llm_str *out);

/* Size in bytes of n elements of a ggml type (n must be a multiple of the
 * block size); 0 for unsupported types. Block size in *blk when not NULL. */
size_t ggml_type_size(enum ggml_type t, uint64_t n, uint64_t *blk);
const char *ggml_type_name(enum ggml_type t);

/* Fill the tokenizer's spec (llm/tokenizer.h) from tokenizer.ggml.* keys.
 * Strings and string arrays point into f; scores and token types are
 * copied into arrays the caller releases with gguf_tok_spec_release (also
 * after a failure). Returns 0, or -1 with *errp set ("PATH: problem"). */
struct tok_spec;
int gguf_tok_spec(const struct gguf_file *f, struct tok_spec *out, char **errp);
void gguf_tok_spec_release(struct tok_spec *s);

/* Compare an llm_str with a C string. */
bool llm_str_eq(struct llm_str a, const char *s);

#endif
