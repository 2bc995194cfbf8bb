/* test_tokenizer_generate: the tokenizer, chat template, sampler, streaming
 * decoder and stop strings together on the real SmolLM2-135M-Instruct
 * ($QUIRE_TEST_MODEL): the rendered prompt's ids equal those Hugging Face
 * `tokenizers` gives for the same text (pinned below), and a greedy answer
 * streams cleanly and names Paris. Skips without the model. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tap.h"
#include "llm/chat.h"
#include "llm/gguf.h"
#include "llm/llm.h"
#include "llm/sampler.h"
#include "llm/tokenizer.h"
#include "util/util.h"

/* tokenizers' ids of SmolLM2's chat template rendered for one user turn
 * "What is the capital of France?" with its default system prompt. */
static const int32_t want_prompt[] = {
        1,   9690, 198, 2683, 359,   253,  5356, 5646, 11173, 3365, 3511, 308,  34519,
        28,  7018, 411, 407,  19712, 8182, 2,    198,  1,     4093, 198,  1780, 314,
        260, 3575, 282, 4649, 47,    2,    198,  1,    520,   9531, 198,
};

static struct tokenizer *load_tokenizer(const struct llm_model *m)
{
	struct tok_spec spec;
	char *err = NULL;
	struct tokenizer *t = NULL;
	if (gguf_tok_spec(llm_model_gguf(m), &spec, &err) == 0)
		t = tok_create(&spec, &err);
	gguf_tok_spec_release(&spec);
	ok(t != NULL, "tokenizer from the model%s%s", err ? ": " : "", err ? err : "");
	free(err);
	return t;
}

/* Greedy generation of at most max tokens; returns the shown text. */
static char *generate(struct llm_ctx *c, const struct tokenizer *t, enum chat_family fam,
                      const int32_t *ids, size_t n, size_t n_vocab, int max, bool *eog)
{
	char *err = NULL;
	float *logits = xmalloc(n_vocab * sizeof(float));
	struct sampler_params sp;
	sampler_params_default(&sp);
	sp.temperature = 0;
	struct sampler *s = sampler_create(&sp, n_vocab);
	struct tok_stream st = TOK_STREAM_INIT;
	struct stop_scan ss;
	const char *const *stops = chat_stop_strings(fam);
	size_t ns = 0;
	while (stops[ns])
		ns++;
	stop_scan_init(&ss, stops, ns);
	struct buf out = BUF_INIT, piece = BUF_INIT;
	*eog = false;
	if (llm_eval(c, ids, n, logits, &err) < 0)
		goto done;
	for (size_t i = 0; i < n; i++)
		sampler_accept(s, ids[i]);
	for (int k = 0; k < max; k++) {
		int32_t id = sampler_sample(s, logits);
		if (tok_is_eog(t, id)) {
			*eog = true;
			break;
		}
		sampler_accept(s, id);
		buf_reset(&piece);
		tok_stream_push(t, &st, id, &piece);
		if (stop_scan_feed(&ss, buf_str(&piece), piece.len, &out))
			break;
		if (llm_eval(c, &id, 1, logits, &err) < 0)
			break;
	}
	buf_reset(&piece);
	tok_stream_flush(&st, &piece);
	stop_scan_feed(&ss, buf_str(&piece), piece.len, &out);
	stop_scan_finish(&ss, &out);
done:
	if (err)
		printf("# %s\n", err);
	free(err);
	free(logits);
	sampler_free(&s);
	tok_stream_free(&st);
	stop_scan_free(&ss);
	buf_free(&piece);
	return buf_detach(&out);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void)
{
	double t0 = now();
	const char *path = getenv("QUIRE_TEST_MODEL");
	if (!path || !*path || !file_exists(path)) {
		printf("1..0 # SKIP QUIRE_TEST_MODEL is not set (scripts/fetch-model.sh fetches "
		       "it)\n");
		return 0;
	}
	char *err = NULL;
	struct llm_model *m = llm_model_open(path, &err);
	if (!m) {
		printf("Bail out! %s\n", err);
		return 1;
	}
	printf("# model opened in %.2f s\n", now() - t0);
	t0 = now();
	struct tokenizer *t = load_tokenizer(m);
	printf("# tokenizer built in %.3f s\n", now() - t0);
	if (!t) {
		llm_model_free(&m);
		return done_testing();
	}
	const char *tmpl = tok_chat_template(t);
	enum chat_family fam = chat_detect(tmpl);
	is(fam, CHAT_CHATML, "SmolLM2 speaks ChatML");
	char *sys = chat_default_system(tmpl);
	struct chat_msg msg = {"user", "What is the capital of France?"};
	char *prompt = chat_render(fam, &msg, 1, sys, true);
	int32_t *ids;
	size_t n;
	tok_encode(t, prompt, strlen(prompt), false, true, &ids, &n, NULL);
	ok(n == ARRAY_SIZE(want_prompt) && memcmp(ids, want_prompt, sizeof(want_prompt)) == 0,
	   "the rendered chat prompt encodes to the reference ids (%zu tokens)", n);
	ok(tok_is_eog(t, tok_lookup(t, "<|im_end|>", 10)), "<|im_end|> ends a turn");

	struct llm_ctx *c = llm_ctx_new(m, 256, 0, &err);
	if (c) {
		bool eog;
		t0 = now();
		char *answer = generate(c, t, fam, ids, n, tok_n_vocab(t), 16, &eog);
		printf("# answer (%.2f s): %s\n", now() - t0, answer);
		ok(strstr(answer, "Paris") != NULL, "the greedy answer names Paris");
		ok(utf8_valid(answer, strlen(answer)), "the streamed answer is valid UTF-8");
		ok(!strstr(answer, "<|im_"), "no chat marker leaks into the answer");
		free(answer);
		llm_ctx_free(&c);
	} else {
		ok(0, "context: %s", err);
	}
	free(err);
	free(ids);
	free(prompt);
	free(sys);
	tok_free(&t);
	llm_model_free(&m);
	return done_testing();
}
