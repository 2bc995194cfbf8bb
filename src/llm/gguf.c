/* gguf: bounds-checked GGUF v2/v3 reader over a read-only mapping. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "llm/gguf.h"
#include "util/util.h"

#define GGUF_MAGIC 0x46554747u   /* "GGUF" little-endian */
#define MAX_ARRAY_DEPTH 1        /* arrays of arrays are not used by models */

/* A cursor over the file image; every read checks the remaining length. */
struct rd {
	const uint8_t *p;
	size_t pos, size;
	const char *name;
	char **errp;
	bool failed;
};

static int rd_fail(struct rd *r, const char *what)
{
	if (!r->failed)
		error_set(r->errp, "%s: %s at byte %zu", r->name, what, r->pos);
	r->failed = true;
	return -1;
}

static int rd_bytes(struct rd *r, void *out, size_t n)
{
	if (r->failed)
		return -1;
	if (n > r->size - r->pos)
		return rd_fail(r, "file is truncated");
	memcpy(out, r->p + r->pos, n);
	r->pos += n;
	return 0;
}

static uint32_t rd_u32(struct rd *r)
{
	uint32_t v = 0;
	rd_bytes(r, &v, 4);
	return v;
}

static uint64_t rd_u64(struct rd *r)
{
	uint64_t v = 0;
	rd_bytes(r, &v, 8);
	return v;
}

static struct llm_str rd_str(struct rd *r)
{
	struct llm_str s = {"", 0};
	uint64_t n = rd_u64(r);
	if (r->failed)
		return s;
	if (n > r->size - r->pos) {
		rd_fail(r, "string runs past the end of the file");
		return s;
	}
	s.s = (const char *)r->p + r->pos;
	s.len = (size_t)n;
	r->pos += (size_t)n;
	return s;
}

static size_t scalar_size(enum gguf_type t)
{
	switch (t) {
	case GGUF_T_UINT8: case GGUF_T_INT8: case GGUF_T_BOOL: return 1;
	case GGUF_T_UINT16: case GGUF_T_INT16: return 2;
	case GGUF_T_UINT32: case GGUF_T_INT32: case GGUF_T_FLOAT32: return 4;
	case GGUF_T_UINT64: case GGUF_T_INT64: case GGUF_T_FLOAT64: return 8;
	default: return 0;
	}
}

/* Read one scalar of type t into kv->v. */
static void rd_scalar(struct rd *r, enum gguf_type t, struct gguf_kv *kv)
{
	uint8_t b[8] = {0};
	size_t n = scalar_size(t);
	if (rd_bytes(r, b, n) < 0)
		return;
	switch (t) {
	case GGUF_T_UINT8: case GGUF_T_BOOL: kv->v.u = b[0]; break;
	case GGUF_T_INT8: kv->v.i = (int8_t)b[0]; break;
	case GGUF_T_UINT16: { uint16_t x; memcpy(&x, b, 2); kv->v.u = x; break; }
	case GGUF_T_INT16: { int16_t x; memcpy(&x, b, 2); kv->v.i = x; break; }
	case GGUF_T_UINT32: { uint32_t x; memcpy(&x, b, 4); kv->v.u = x; break; }
	case GGUF_T_INT32: { int32_t x; memcpy(&x, b, 4); kv->v.i = x; break; }
	case GGUF_T_FLOAT32: { float x; memcpy(&x, b, 4); kv->v.f = x; break; }
	case GGUF_T_UINT64: memcpy(&kv->v.u, b, 8); break;
	case GGUF_T_INT64: memcpy(&kv->v.i, b, 8); break;
	case GGUF_T_FLOAT64: memcpy(&kv->v.f, b, 8); break;
	default: break;
	}
}

static void rd_array(struct rd *r, struct gguf_kv *kv)
{
	uint32_t t = rd_u32(r);
	uint64_t n = rd_u64(r);
	if (r->failed)
		return;
	kv->arr_type = (enum gguf_type)t;
	kv->arr_n = n;
	kv->arr_data = r->p + r->pos;
	if (t == GGUF_T_STRING) {
		/* each entry takes at least 8 bytes: bounds n before allocating */
		if (n > (r->size - r->pos) / 8) {
			rd_fail(r, "string array longer than the file");
			return;
		}
		struct llm_str *v = xcalloc(n ? (size_t)n : 1, sizeof(*v));
		kv->arr_strs = v;
		for (uint64_t i = 0; i < n && !r->failed; i++)
			v[i] = rd_str(r);
		return;
	}
	size_t es = scalar_size((enum gguf_type)t);
	if (es == 0) {
		rd_fail(r, t == GGUF_T_ARRAY ? "nested arrays are not supported"
					     : "unknown array element type");
		return;
	}
	if (n > (r->size - r->pos) / es) {
		rd_fail(r, "array runs past the end of the file");
		return;
	}
	r->pos += (size_t)n * es;
}

static void rd_kv(struct rd *r, struct gguf_kv *kv)
{
	kv->key = rd_str(r);
	uint32_t t = rd_u32(r);
	if (r->failed)
		return;
	kv->type = (enum gguf_type)t;
	if (t == GGUF_T_STRING)
		kv->v.str = rd_str(r);
	else if (t == GGUF_T_ARRAY)
		rd_array(r, kv);
	else if (scalar_size(kv->type))
		rd_scalar(r, kv->type, kv);
	else
		rd_fail(r, "unknown metadata value type");
}

size_t ggml_type_size(enum ggml_type t, uint64_t n, uint64_t *blk)
{
	uint64_t bs, bb;
	switch (t) {
	case GGML_F32: bs = 1; bb = 4; break;
	case GGML_F16: case GGML_BF16: bs = 1; bb = 2; break;
	case GGML_Q4_0: bs = 32; bb = 18; break;
	case GGML_Q4_1: bs = 32; bb = 20; break;
	case GGML_Q8_0: bs = 32; bb = 34; break;
	case GGML_Q4_K: bs = 256; bb = 144; break;
	case GGML_Q6_K: bs = 256; bb = 210; break;
	default: return 0;
	}
	if (blk)
		*blk = bs;
	if (n % bs)
		return 0;
	if (n / bs > SIZE_MAX / bb)
		return 0;
	return (size_t)(n / bs * bb);
}

const char *ggml_type_name(enum ggml_type t)
{
	switch (t) {
	case GGML_F32: return "F32";
	case GGML_F16: return "F16";
	case GGML_BF16: return "BF16";
	case GGML_Q4_0: return "Q4_0";
	case GGML_Q4_1: return "Q4_1";
	case GGML_Q8_0: return "Q8_0";
	case GGML_Q4_K: return "Q4_K";
	case GGML_Q6_K: return "Q6_K";
	default: return "unsupported";
	}
}

static int rd_tensor(struct rd *r, struct gguf_tensor *t)
{
	t->name = rd_str(r);
	t->n_dims = rd_u32(r);
	if (r->failed)
		return -1;
	if (t->n_dims == 0 || t->n_dims > 4)
		return rd_fail(r, "tensor has an invalid number of dimensions");
	uint64_t total = 1;
	for (uint32_t i = 0; i < 4; i++) {
		t->ne[i] = i < t->n_dims ? rd_u64(r) : 1;
		if (r->failed)
			return -1;
		if (t->ne[i] == 0 || t->ne[i] > INT64_MAX / total)
			return rd_fail(r, "tensor has an invalid shape");
		total *= t->ne[i];
	}
	uint32_t type = rd_u32(r);
	t->offset = rd_u64(r);
	if (r->failed)
		return -1;
	t->type = (enum ggml_type)type;
	uint64_t blk = 1;
	/* unsupported types are reported when a model uses the tensor */
	size_t row = ggml_type_size(t->type, t->ne[0], &blk);
	if (row == 0 && blk == 1 && type != GGML_F32 && type != GGML_F16 && type != GGML_BF16) {
		t->nbytes = 0;
		return 0;
	}
	if (row == 0)
		return rd_fail(r, "tensor row is not a whole number of blocks");
	if (total / t->ne[0] > SIZE_MAX / row)
		return rd_fail(r, "tensor is too large");
	t->nbytes = row * (size_t)(total / t->ne[0]);
	return 0;
}

static void gguf_free_parts(struct gguf_file *f)
{
	if (f->kv)
		for (uint64_t i = 0; i < f->n_kv; i++)
			free((void *)f->kv[i].arr_strs);
	free(f->kv);
	free(f->tensors);
	free(f->path);
}

struct gguf_file *gguf_parse(const void *buf, size_t size, const char *name, char **errp)
{
	struct rd r = {buf, 0, size, name, errp, false};
	struct gguf_file *f = xcalloc(1, sizeof(*f));
	f->path = xstrdup(name);
	f->map = buf;
	f->size = size;
	if (rd_u32(&r) != GGUF_MAGIC) {
		if (!r.failed)
			error_set(errp, "%s: not a GGUF file (bad magic)", name);
		goto fail;
	}
	f->version = rd_u32(&r);
	if (!r.failed && f->version != 2 && f->version != 3) {
		error_set(errp, "%s: unsupported GGUF version %u (quire reads 2 and 3)",
			  name, f->version);
		goto fail;
	}
	f->n_tensors = rd_u64(&r);
	f->n_kv = rd_u64(&r);
	if (r.failed)
		goto fail;
	/* each kv takes >= 12 bytes, each tensor info >= 24: bound the counts */
	if (f->n_kv > (size - r.pos) / 12 || f->n_tensors > (size - r.pos) / 24) {
		error_set(errp, "%s: header counts exceed the file size", name);
		goto fail;
	}
	f->kv = xcalloc(f->n_kv ? f->n_kv : 1, sizeof(*f->kv));
	for (uint64_t i = 0; i < f->n_kv && !r.failed; i++)
		rd_kv(&r, &f->kv[i]);
	if (r.failed)
		goto fail;
	f->alignment = 32;
	int64_t al;
	if (gguf_get_int(f, "general.alignment", &al)) {
		if (al <= 0 || al > 1 << 20 || (al & (al - 1))) {
			error_set(errp, "%s: general.alignment %lld is not a power of two",
				  name, (long long)al);
			goto fail;
		}
		f->alignment = (uint64_t)al;
	}
	f->tensors = xcalloc(f->n_tensors ? f->n_tensors : 1, sizeof(*f->tensors));
	for (uint64_t i = 0; i < f->n_tensors; i++)
		if (rd_tensor(&r, &f->tensors[i]) < 0)
			goto fail;
	uint64_t data = (r.pos + f->alignment - 1) / f->alignment * f->alignment;
	if (data > size && f->n_tensors) {
		error_set(errp, "%s: file is truncated before the tensor data", name);
		goto fail;
	}
	f->data_offset = (size_t)data;
	for (uint64_t i = 0; i < f->n_tensors; i++) {
		struct gguf_tensor *t = &f->tensors[i];
		if (t->offset % f->alignment) {
			error_set(errp, "%s: tensor %.*s is not aligned", name,
				  (int)t->name.len, t->name.s);
			goto fail;
		}
		if (t->offset > size - f->data_offset ||
		    t->nbytes > size - f->data_offset - t->offset) {
			error_set(errp, "%s: tensor %.*s lies past the end of the file (truncated?)",
				  name, (int)t->name.len, t->name.s);
			goto fail;
		}
		t->data = f->map + f->data_offset + t->offset;
	}
	return f;
fail:
	gguf_free_parts(f);
	free(f);
	return NULL;
}

struct gguf_file *gguf_open(const char *path, char **errp)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		error_set(errp, "%s: %s", path, strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) < 0) {
		error_set(errp, "%s: %s", path, strerror(errno));
		close(fd);
		return NULL;
	}
	if (!S_ISREG(st.st_mode) || st.st_size < 24) {
		error_set(errp, "%s: not a GGUF file (too small or not a regular file)", path);
		close(fd);
		return NULL;
	}
	size_t size = (size_t)st.st_size;
	void *map = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	if (map == MAP_FAILED) {
		error_set(errp, "%s: mmap: %s", path, strerror(errno));
		return NULL;
	}
	struct gguf_file *f = gguf_parse(map, size, path, errp);
	if (!f)
		munmap(map, size);
	else
		f->mapped = true;
	return f;
}

void gguf_close(struct gguf_file **fp)
{
	struct gguf_file *f = *fp;
	if (!f)
		return;
	if (f->mapped)
		munmap((void *)f->map, f->size);
	gguf_free_parts(f);
	free(f);
	*fp = NULL;
}

bool llm_str_eq(struct llm_str a, const char *s)
{
	size_t n = strlen(s);
	return a.len == n && memcmp(a.s, s, n) == 0;
}

const struct gguf_kv *gguf_find(const struct gguf_file *f, const char *key)
{
	for (uint64_t i = 0; i < f->n_kv; i++)
		if (llm_str_eq(f->kv[i].key, key))
			return &f->kv[i];
	return NULL;
}

const struct gguf_tensor *gguf_tensor_find(const struct gguf_file *f, const char *name)
{
	for (uint64_t i = 0; i < f->n_tensors; i++)
		if (llm_str_eq(f->tensors[i].name, name))
			return &f->tensors[i];
	return NULL;
}

bool gguf_get_int(const struct gguf_file *f, const char *key, int64_t *out)
{
	const struct gguf_kv *kv = gguf_find(f, key);
	if (!kv)
		return false;
	switch (kv->type) {
	case GGUF_T_UINT8: case GGUF_T_UINT16: case GGUF_T_UINT32: case GGUF_T_BOOL:
		*out = (int64_t)kv->v.u;
		return true;
	case GGUF_T_UINT64:
		if (kv->v.u > INT64_MAX)
			return false;
		*out = (int64_t)kv->v.u;
		return true;
	case GGUF_T_INT8: case GGUF_T_INT16: case GGUF_T_INT32: case GGUF_T_INT64:
		*out = kv->v.i;
		return true;
	default:
		return false;
	}
}

bool gguf_get_float(const struct gguf_file *f, const char *key, double *out)
{
	const struct gguf_kv *kv = gguf_find(f, key);
	if (kv && (kv->type == GGUF_T_FLOAT32 || kv->type == GGUF_T_FLOAT64)) {
		*out = kv->v.f;
		return true;
	}
	int64_t i;
	if (gguf_get_int(f, key, &i)) {
		*out = (double)i;
		return true;
	}
	return false;
}

bool gguf_get_bool(const struct gguf_file *f, const char *key, bool *out)
{
	int64_t i;
	if (!gguf_get_int(f, key, &i))
		return false;
	*out = i != 0;
	return true;
}

bool gguf_get_str(const struct gguf_file *f, const char *key, struct llm_str *out)
{
	const struct gguf_kv *kv = gguf_find(f, key);
	if (!kv || kv->type != GGUF_T_STRING)
		return false;
	*out = kv->v.str;
	return true;
}
