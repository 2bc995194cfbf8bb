/* llm_forward: load a model, evaluate token ids, print what the tests and
 * benchmarks compare.
 *
 *   llm_forward [options] MODEL ID...
 *     -t N        threads (default: all CPUs)
 *     -g N        then generate N tokens greedily; prints them on one line
 *     -o FILE     write the last logits (float32, n_vocab) to FILE
 *     -b N        feed the prompt in pieces of at most N tokens
 *     -p TEXT     prompt text, tokenised with the model's tokenizer (ids
 *                 given too are appended); generated text is printed too
 *     -k NAME     use the kernels NAME (generic, avx2, avx512)
 *     -a BYTES    bound on attention's partial softmaxes kept at once
 *                 (tests: 1 makes a batch's attention go token by token)
 *     --info      print the model's metadata
 *     --time      print timings on stderr
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "llm/engine.h"
#include "llm/llm.h"
#include "llm/quant.h"
#include "llm/tokenizer.h"
#include "util/util.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int32_t argmax(const float *v, size_t n)
{
	size_t best = 0;
	for (size_t i = 1; i < n; i++)
		if (v[i] > v[best])
			best = i;
	return (int32_t)best;
}

int main(int argc, char **argv)
{
	int threads = 0, n_gen = 0, info = 0, timing = 0;
	size_t piece = 0, att_part = 0;
	const char *out = NULL, *text = NULL;
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-t") && i + 1 < argc)
			threads = atoi(argv[++i]);
		else if (!strcmp(argv[i], "-g") && i + 1 < argc)
			n_gen = atoi(argv[++i]);
		else if (!strcmp(argv[i], "-o") && i + 1 < argc)
			out = argv[++i];
		else if (!strcmp(argv[i], "-b") && i + 1 < argc)
			piece = (size_t)atol(argv[++i]);
		else if (!strcmp(argv[i], "-a") && i + 1 < argc)
			att_part = (size_t)atol(argv[++i]);
		else if (!strcmp(argv[i], "-p") && i + 1 < argc)
			text = argv[++i];
		else if (!strcmp(argv[i], "-k") && i + 1 < argc) {
			if (!kernels_select(argv[++i]))
				die("kernels %s: not available on this CPU", argv[i]);
		}
		else if (!strcmp(argv[i], "--info"))
			info = 1;
		else if (!strcmp(argv[i], "--time"))
			timing = 1;
		else
			die("unknown option %s", argv[i]);
	}
	if (i >= argc)
		die("usage: llm_forward [-t N] [-g N] [-o FILE] [-b N] [-k KERNELS] [-a BYTES] [--info] [--time] MODEL ID...");
	char *err = NULL;
	double t0 = now();
	struct llm_model *m = llm_model_open(argv[i++], &err);
	if (!m) {
		fprintf(stderr, "%s\n", err);
		free(err);
		return 1;
	}
	if (info)
		printf("name=%s arch=%s n_ctx=%zu n_vocab=%zu kernels=%s\n", llm_model_name(m),
		       llm_model_arch(m), llm_model_n_ctx(m), llm_model_n_vocab(m), kernels_get()->name);
	struct tokenizer *tk = NULL;
	int32_t *tids = NULL;
	size_t nt = 0;
	if (text) {
		tk = llm_model_tokenizer(m, &err);
		if (!tk || tok_encode(tk, text, strlen(text), true, true, &tids, &nt, &err) < 0)
			die("%s", err);
	}
	size_t n = nt + (size_t)(argc - i);
	int32_t *ids = xmalloc((n + (size_t)n_gen + 1) * sizeof(*ids));
	for (size_t j = 0; j < nt; j++)
		ids[j] = tids[j];
	free(tids);
	for (size_t j = nt; j < n; j++)
		ids[j] = (int32_t)strtol(argv[i + (int)(j - nt)], NULL, 10);
	size_t need = n + (size_t)n_gen;
	struct llm_ctx *c = llm_ctx_new(m, need > 0 ? need : 1, threads, &err);
	if (!c) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	if (att_part)
		c->att_part_bytes = att_part;
	size_t nv = llm_model_n_vocab(m);
	float *logits = xmalloc(nv * sizeof(float));
	double t1 = now();
	int rc = 0;
	if (n) {
		size_t step = piece ? piece : n;
		for (size_t j = 0; j < n && rc == 0; j += step)
			rc = llm_eval(c, ids + j, n - j < step ? n - j : step, logits, &err);
	}
	double t2 = now();
	if (rc == 0 && out) {
		FILE *f = fopen(out, "wb");
		if (!f || fwrite(logits, sizeof(float), nv, f) != nv || fclose(f) != 0)
			die("%s: cannot write", out);
	}
	struct buf gen_text = BUF_INIT;
	for (int g = 0; g < n_gen && rc == 0; g++) {
		int32_t next = argmax(logits, nv);
		printf("%s%d", g ? " " : "", (int)next);
		if (tk) {
			if (tok_is_eog(tk, next))
				break;
			tok_decode(tk, &next, 1, false, &gen_text);
		}
		rc = llm_eval(c, &next, 1, logits, &err);
	}
	if (n_gen)
		printf("\n");
	if (tk)
		printf("%s\n", buf_str(&gen_text));
	buf_free(&gen_text);
	tok_free(&tk);
	double t3 = now();
	if (rc < 0) {
		fprintf(stderr, "%s\n", err);
		free(err);
	}
	if (timing)
		fprintf(stderr, "load %.3f s; prompt %zu tokens %.3f s (%.1f tok/s); "
			"generate %d tokens %.3f s (%.1f tok/s); weights %.1f MB/token\n",
			t1 - t0, n, t2 - t1, n / (t2 - t1), n_gen, t3 - t2, n_gen / (t3 - t2),
			llm_model_weight_bytes(m) / 1e6);
	free(logits);
	free(ids);
	llm_ctx_free(&c);
	llm_model_free(&m);
	return rc < 0;
}
