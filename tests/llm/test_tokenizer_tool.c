/* test_tokenizer_tool: a helper of the tokenizer tests (not a test itself).
 *
 *   test_tokenizer_tool VOCAB CASES         one line of ids per case, then
 *                                           "roundtrip N bad" (decode(encode))
 *   test_tokenizer_tool VOCAB --bench BYTES "MS TOKENS SLOW": milliseconds to
 *                                           encode BYTES of mixed text, tokens,
 *                                           1 for a debug/sanitizer build
 *
 * VOCAB is a GGUF file (read by gguf_tok_spec) or a vocabulary dump; it
 * and CASES are written by tok_reference.py (strings in hex, "-" for an
 * empty one). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "llm/gguf.h"
#include "llm/tokenizer.h"
#include "util/util.h"

static char *unhex(const char *h, size_t *len)
{
	size_t n = strcspn(h, "\r\n");
	if (n == 1 && h[0] == '-')
		n = 0;
	char *out = xmalloc(n / 2 + 1);
	for (size_t i = 0; i + 1 < n; i += 2) {
		unsigned v;
		sscanf(h + i, "%2x", &v);
		out[i / 2] = (char)v;
	}
	*len = n / 2;
	out[*len] = '\0';
	return out;
}

struct vocab_file {
	struct tok_spec spec;
	struct llm_str *tokens, *merges;
	float *scores;
	int32_t *types;
	char model[32], pre[64];
};

static char *next_line(char **p)
{
	char *s = *p;
	if (!*s)
		return NULL;
	char *e = strchr(s, '\n');
	if (e) {
		*e = '\0';
		*p = e + 1;
	} else {
		*p = s + strlen(s);
	}
	return s;
}

static void load_vocab(const char *path, struct vocab_file *v, char **data)
{
	char *err = NULL;
	size_t len;
	*data = file_read_all(path, &len, &err);
	if (!*data)
		die("%s", err);
	char *p = *data, *l;
	memset(v, 0, sizeof(*v));
	long num;
	while ((l = next_line(&p))) {
		char key[32];
		if (sscanf(l, "model %31s", v->model) == 1 || sscanf(l, "pre %63s", v->pre) == 1)
			continue;
		if (sscanf(l, "%31s %ld", key, &num) != 2)
			die("%s: bad line %s", path, l);
		if (!strcmp(key, "bos"))
			v->spec.bos = (int32_t)num;
		else if (!strcmp(key, "eos"))
			v->spec.eos = (int32_t)num;
		else if (!strcmp(key, "eot"))
			v->spec.eot = (int32_t)num;
		else if (!strcmp(key, "pad"))
			v->spec.pad = (int32_t)num;
		else if (!strcmp(key, "unk"))
			v->spec.unk = (int32_t)num;
		else if (!strcmp(key, "add_bos"))
			v->spec.add_bos = num;
		else if (!strcmp(key, "add_eos"))
			v->spec.add_eos = num;
		else if (!strcmp(key, "space_prefix"))
			v->spec.no_space_prefix = !num;
		else if (!strcmp(key, "tokens")) {
			v->spec.n_vocab = (size_t)num;
			v->tokens = xcalloc((size_t)num, sizeof(*v->tokens));
			v->scores = xcalloc((size_t)num, sizeof(float));
			v->types = xcalloc((size_t)num, sizeof(int32_t));
			for (long i = 0; i < num && (l = next_line(&p)); i++) {
				char *sp1 = strchr(l, ' '),
				     *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
				if (!sp2)
					die("%s: bad token line %ld", path, i);
				v->types[i] = (int32_t)strtol(l, NULL, 10);
				v->scores[i] = strtof(sp1 + 1, NULL);
				size_t n;
				v->tokens[i].s = unhex(sp2 + 1, &n);
				v->tokens[i].len = n;
			}
		} else if (!strcmp(key, "merges")) {
			v->spec.n_merges = (size_t)num;
			v->merges = xcalloc((size_t)num + 1, sizeof(*v->merges));
			for (long i = 0; i < num && (l = next_line(&p)); i++) {
				size_t n;
				v->merges[i].s = unhex(l, &n);
				v->merges[i].len = n;
			}
		}
	}
	v->spec.model = (struct llm_str){v->model, strlen(v->model)};
	v->spec.pre = (struct llm_str){v->pre, strlen(v->pre)};
	v->spec.tokens = v->tokens;
	v->spec.scores = v->scores;
	v->spec.token_types = v->types;
	v->spec.merges = v->merges;
}

static void free_vocab(struct vocab_file *v)
{
	for (size_t i = 0; i < v->spec.n_vocab; i++)
		free((char *)v->tokens[i].s);
	for (size_t i = 0; i < v->spec.n_merges; i++)
		free((char *)v->merges[i].s);
	free(v->tokens);
	free(v->merges);
	free(v->scores);
	free(v->types);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Built without optimisation or with sanitizers: timings are not meant. */
static int slow_build(void)
{
#if defined(QUIRE_DEBUG) || defined(__SANITIZE_ADDRESS__)
	return 1;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
	return 1;
#else
	return 0;
#endif
#else
	return 0;
#endif
}

static int bench(const struct tokenizer *t, size_t bytes)
{
	static const char *parts[] = {
	        "The transformer model (Vaswani et al., 2017) uses attention. ",
	        "Results: 93.4% on 12,000 examples; see Fig. 3.\n",
	        "caf\xC3\xA9 na\xC3\xAFve \xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E \xF0\x9F\x98\x80 ",
	        "def f(x):\n    return x * 2\n\n",
	};
	struct buf b = BUF_INIT;
	for (size_t i = 0; b.len < bytes; i++)
		buf_adds(&b, parts[i % ARRAY_SIZE(parts)]);
	int32_t *ids;
	size_t n;
	double t0 = now_ms();
	if (tok_encode(t, b.data, b.len, false, false, &ids, &n, NULL) < 0)
		return 1;
	double ms = now_ms() - t0;
	printf("%.1f %zu %d\n", ms, n, slow_build());
	free(ids);
	buf_free(&b);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 3 && !(argc == 4 && !strcmp(argv[2], "--bench")))
		die("usage: %s VOCAB CASES | VOCAB --bench BYTES", argv[0]);
	struct vocab_file v;
	char *vdata = NULL, *err = NULL;
	struct tokenizer *t;
	memset(&v, 0, sizeof(v));
	if (str_ends_with(argv[1], ".gguf")) {
		struct gguf_file *g = gguf_open(argv[1], &err);
		if (!g)
			die("%s", err);
		struct tok_spec spec;
		t = NULL;
		if (gguf_tok_spec(g, &spec, &err) == 0)
			t = tok_create(&spec, &err);
		gguf_tok_spec_release(&spec);
		gguf_close(&g);
	} else {
		load_vocab(argv[1], &v, &vdata);
		t = tok_create(&v.spec, &err);
	}
	if (!t)
		die("%s", err);
	int rc = 0;
	if (argc == 4) {
		rc = bench(t, strtoul(argv[3], NULL, 10));
	} else {
		size_t len, bad = 0;
		char *cdata = file_read_all(argv[2], &len, &err), *p = cdata, *l;
		if (!cdata)
			die("%s", err);
		while ((l = next_line(&p))) {
			size_t n, n_ids;
			char *text = unhex(l, &n);
			int32_t *ids;
			if (tok_encode(t, text, n, false, true, &ids, &n_ids, &err) < 0)
				die("%s", err);
			for (size_t i = 0; i < n_ids; i++)
				printf("%s%d", i ? " " : "", (int)ids[i]);
			printf("\n");
			struct buf d = BUF_INIT;
			tok_decode(t, ids, n_ids, true, &d);
			if (d.len != n || memcmp(buf_str(&d), text, n) != 0)
				bad++;
			buf_free(&d);
			free(ids);
			free(text);
		}
		printf("roundtrip %zu bad\n", bad);
		free(cdata);
	}
	tok_free(&t);
	free_vocab(&v);
	free(vdata);
	return rc;
}
