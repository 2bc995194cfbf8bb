/* test_summarize_model: the summariser on the real SmolLM2-135M-Instruct
 * ($QUIRE_TEST_MODEL): a short text streams valid UTF-8 and stops; a
 * callback that cancels after 3 pieces returns promptly with nothing; chunks
 * fit the budget in real tokens. Skipped without the model or when
 * QUIRE_SLOW_TESTS=0. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "llm/summarize.h"
#include "pdf/pdf.h"
#include "tap.h"
#include "util/util.h"

static const char *text =
	"Attention Is All You Need\n\nAbstract\n\nThe dominant sequence transduction models are "
	"based on complex recurrent or convolutional neural networks that include an encoder and a "
	"decoder. The best performing models also connect the encoder and decoder through an "
	"attention mechanism. We propose a new simple network architecture, the Transformer, based "
	"solely on attention mechanisms, dispensing with recurrence and convolutions entirely. "
	"Experiments on two machine translation tasks show these models to be superior in quality "
	"while being more parallelizable and requiring significantly less time to train. Our model "
	"achieves 28.4 BLEU on the WMT 2014 English-to-German translation task, improving over the "
	"existing best results, including ensembles, by over 2 BLEU.\n";

struct sink {
	struct buf text;
	int pieces, cancel_after, calls;
};

static int on_piece(const char *piece, size_t len, void *ud)
{
	struct sink *s = ud;
	s->calls++;
	if (piece) {
		buf_add(&s->text, piece, len);
		s->pieces++;
	}
	return s->cancel_after && s->pieces >= s->cancel_after;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void)
{
	const char *path = getenv("QUIRE_TEST_MODEL");
	const char *slow = getenv("QUIRE_SLOW_TESTS");
	if (slow && strcmp(slow, "0") == 0) {
		printf("1..0 # SKIP QUIRE_SLOW_TESTS=0\n");
		return 0;
	}
	if (!path || !*path || !file_exists(path)) {
		printf("1..0 # SKIP QUIRE_TEST_MODEL is not set (scripts/fetch-model.sh fetches it)\n");
		return 0;
	}
	char *err = NULL;
	struct summary_opts o;
	summary_opts_default(&o);
	o.max_new = 96;
	struct summarizer *s = summarizer_open(path, &o, &err);
	ok(s != NULL, "model opened%s%s", err ? ": " : "", err ? err : "");
	if (!s)
		return done_testing();
	printf("# model: %s, budget %zu tokens\n", summarizer_model_name(s), summarizer_budget(s));

	struct sink k = {BUF_INIT, 0, 0, 0};
	struct summary_stats st;
	char *out = NULL;
	double t0 = now();
	int r = summarizer_run(s, text, on_piece, &k, &st, &out, &err);
	is(r, 0, "a short text is summarised%s%s", err ? ": " : "", err ? err : "");
	ok(out && *out && k.pieces > 1, "it streamed %d pieces", k.pieces);
	ok(out && utf8_valid(out, strlen(out)) && utf8_valid(buf_str(&k.text), k.text.len),
	   "valid UTF-8");
	ok(out && !strstr(out, "<|im_"), "no chat markers");
	is(st.chunks, 1, "one chunk");
	ok(st.gen_tokens > 0 && st.gen_tokens <= 96, "it stopped (%zu tokens)", st.gen_tokens);
	printf("# %.1f s; %zu tokens at %.1f tokens/s; prompt %zu tokens at %.0f tokens/s\n",
	       now() - t0, st.gen_tokens, st.gen_tokens / (st.gen_seconds + 1e-9), st.prompt_tokens,
	       st.prompt_tokens / (st.prompt_seconds + 1e-9));
	printf("# summary: %s\n", out ? out : "");
	FREE(&out);
	buf_free(&k.text);

	struct sink c = {BUF_INIT, 0, 3, 0};
	t0 = now();
	r = summarizer_run(s, text, on_piece, &c, &st, &out, &err);
	double dt = now() - t0;
	is(r, 1, "cancelled after 3 pieces");
	ok(out == NULL, "nothing returned when cancelled");
	is(c.pieces, 3, "no piece after the cancel");
	ok(dt < 10, "returned promptly (%.2f s)", dt);
	buf_free(&c.text);

	/* Cancel while the prompt is evaluated: the first heartbeat. */
	struct sink h = {BUF_INIT, 0, 0, 0};
	h.cancel_after = 0;
	const struct tokenizer *tk = summarizer_tokenizer(s);
	char *pdf = test_data("pdf/Rcpp-jss-2011.pdf");
	char *jss = pdf_text(pdf, -1, NULL);
	if (jss) {
		char *re = summarize_reorder(jss);
		struct strvec v = STRVEC_INIT;
		size_t budget = summarizer_budget(s), over = 0;
		summarize_chunks(tk, re, budget, &v);
		for (size_t i = 0; i < v.n; i++)
			over += summarize_count_tokens(tk, v.v[i], strlen(v.v[i])) > budget;
		ok(v.n > 1 && over == 0, "jss: %zu chunks, each within %zu real tokens", v.n, budget);
		strvec_free(&v);
		free(re);
	}
	free(jss);
	free(pdf);
	buf_free(&h.text);
	summarizer_free(&s);
	ok(s == NULL, "summarizer_free nulls");
	free(err);
	return done_testing();
}
