/* summarize.c: the model summariser: prompt, map-reduce over chunks,
 * generation with streaming and prompt cancellation. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "llm/chat.h"
#include "llm/gguf.h"
#include "llm/llm.h"
#include "llm/sampler.h"
#include "llm/summarize.h"
#include "llm/tokenizer.h"
#include "util/i18n.h"

#define SUMMARY_SYSTEM "You are a helpful assistant who summarises scientific papers accurately and briefly."
#define SUMMARY_ASK "Summarise this paper in 3-5 sentences:\n\n"
#define SUMMARY_ASK_PART "Summarise this part of a paper in 2-3 sentences:\n\n"

struct summarizer {
	struct llm_model *model;
	struct tokenizer *tok;
	struct llm_ctx *ctx;
	enum chat_family fam;
	char *name;
	float *logits;
	struct summary_opts opts;
	size_t overhead; /* prompt tokens around the text */
};

void summary_opts_default(struct summary_opts *o)
{
	memset(o, 0, sizeof *o);
	o->n_ctx = 2048;
	o->max_new = 256;
	o->max_new_chunk = 160;
	o->temperature = 0;
	o->repeat_penalty = 1.1f;
	o->batch = 256;
	o->max_chunks = 4;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *render(const struct summarizer *s, const char *ask, const char *text)
{
	char *user = xasprintf("%s%s", ask, text);
	struct chat_msg msgs[2] = {{"system", SUMMARY_SYSTEM}, {"user", user}};
	char *p = chat_render(s->fam, msgs, 2, NULL, true);
	free(user);
	return p;
}

struct summarizer *summarizer_open(const char *path, const struct summary_opts *opts, char **errp)
{
	struct summarizer *s = xcalloc(1, sizeof *s);
	summary_opts_default(&s->opts);
	if (opts)
		s->opts = *opts;
	struct summary_opts *o = &s->opts;
	if (!o->n_ctx)
		o->n_ctx = 2048;
	if (!o->max_new)
		o->max_new = 256;
	if (!o->max_new_chunk)
		o->max_new_chunk = 160;
	if (!o->batch)
		o->batch = 256;
	if (!o->max_chunks)
		o->max_chunks = 4;
	s->model = llm_model_open(path, errp);
	if (!s->model)
		goto fail;
	s->tok = llm_model_tokenizer(s->model, errp);
	if (!s->tok)
		goto fail;
	size_t trained = llm_model_n_ctx(s->model);
	if (trained && trained < o->n_ctx)
		o->n_ctx = trained;
	s->ctx = llm_ctx_new(s->model, o->n_ctx, o->n_threads, errp);
	if (!s->ctx)
		goto fail;
	s->fam = chat_detect(tok_chat_template(s->tok));
	const char *name = llm_model_name(s->model);
	if (!name || !*name) {
		const char *slash = strrchr(path, '/');
		name = slash ? slash + 1 : path;
	}
	s->name = xstrdup(name);
	s->logits = xmalloc(llm_model_n_vocab(s->model) * sizeof(float));
	char *p = render(s, SUMMARY_ASK_PART, "");
	s->overhead = summarize_count_tokens(s->tok, p, strlen(p)) + 8;
	free(p);
	size_t need = s->overhead + (o->max_new > o->max_new_chunk ? o->max_new : o->max_new_chunk);
	if (need + 64 > o->n_ctx) {
		error_set(errp, _("%s: a context of %zu tokens is too small for a summary"), path,
			  o->n_ctx);
		goto fail;
	}
	return s;
fail:
	summarizer_free(&s);
	return NULL;
}

void summarizer_free(struct summarizer **sp)
{
	struct summarizer *s = *sp;
	if (!s)
		return;
	llm_ctx_free(&s->ctx);
	tok_free(&s->tok);
	llm_model_free(&s->model);
	free(s->name);
	free(s->logits);
	FREE(sp);
}

const char *summarizer_model_name(const struct summarizer *s)
{
	return s->name;
}

const struct tokenizer *summarizer_tokenizer(const struct summarizer *s)
{
	return s->tok;
}

size_t summarizer_budget(const struct summarizer *s)
{
	size_t gen = s->opts.max_new > s->opts.max_new_chunk ? s->opts.max_new : s->opts.max_new_chunk;
	return s->opts.n_ctx - s->overhead - gen;
}

/* Cut an answer that ran out of tokens back to its last full sentence. */
static void trim_answer(struct buf *b)
{
	while (b->len && strchr(" \n\t", b->data[b->len - 1]))
		b->len--;
	size_t i = b->len;
	while (i && !strchr(".!?", b->data[i - 1]))
		i--;
	if (i > b->len / 2)
		b->len = i;
	size_t lead = 0;
	while (lead < b->len && strchr(" \n\t", b->data[lead]))
		lead++;
	memmove(b->data, b->data + lead, b->len - lead);
	b->len -= lead;
	if (b->data)
		b->data[b->len] = '\0';
}

/* One prompt-and-answer pass. stream: send pieces to the callback. Returns
 * 0, 1 when cancelled, -1 on error. */
static int pass(struct summarizer *s, const char *ask, const char *text, size_t max_new, bool stream,
		summary_piece_fn *piece, void *ud, struct summary_stats *st, struct buf *out,
		char **errp)
{
	char *prompt = render(s, ask, text);
	int32_t *ids = NULL;
	size_t n = 0;
	int r = -1;
	struct sampler_params sp;
	sampler_params_default(&sp);
	sp.temperature = s->opts.temperature;
	sp.repeat_penalty = s->opts.repeat_penalty;
	struct sampler *smp = sampler_create(&sp, llm_model_n_vocab(s->model));
	struct tok_stream ts = TOK_STREAM_INIT;
	struct stop_scan ss;
	const char *const *stops = chat_stop_strings(s->fam);
	size_t ns = 0;
	while (stops[ns])
		ns++;
	stop_scan_init(&ss, stops, ns);
	struct buf shown = BUF_INIT, pc = BUF_INIT;
	if (tok_encode(s->tok, prompt, strlen(prompt), false, true, &ids, &n, errp) < 0)
		goto done;
	if (n + max_new > s->opts.n_ctx) {
		/* should not happen: the text was chunked to fit */
		error_set(errp, _("the prompt (%zu tokens) does not fit the context (%zu)"), n,
			  s->opts.n_ctx);
		goto done;
	}
	llm_ctx_truncate(s->ctx, 0);
	double t0 = now();
	for (size_t i = 0; i < n; i += s->opts.batch) {
		if (piece && piece(NULL, 0, ud)) {
			r = 1;
			goto done;
		}
		size_t k = n - i < s->opts.batch ? n - i : s->opts.batch;
		if (llm_eval(s->ctx, ids + i, k, s->logits, errp) < 0)
			goto done;
	}
	for (size_t i = 0; i < n; i++)
		sampler_accept(smp, ids[i]);
	if (st) {
		st->prompt_tokens += n;
		st->prompt_seconds += now() - t0;
	}
	if (piece && piece(NULL, 0, ud)) {
		r = 1;
		goto done;
	}
	t0 = now();
	size_t gen = 0;
	bool stopped = false;
	for (; gen < max_new; gen++) {
		int32_t id = sampler_sample(smp, s->logits);
		if (tok_is_eog(s->tok, id))
			break;
		sampler_accept(smp, id);
		buf_reset(&pc);
		tok_stream_push(s->tok, &ts, id, &pc);
		size_t before = shown.len;
		stopped = stop_scan_feed(&ss, buf_str(&pc), pc.len, &shown);
		/* no leading blank lines in what is shown */
		if (stream && shown.len > before) {
			size_t from = before;
			if (before == 0)
				while (from < shown.len && strchr(" \n", shown.data[from]))
					from++;
			if (piece && (from < shown.len ? piece(shown.data + from, shown.len - from, ud)
						       : piece(NULL, 0, ud))) {
				shown.len = from;
				r = 1;
				goto gen_done;
			}
		} else if (piece && piece(NULL, 0, ud)) {
			r = 1;
			goto gen_done;
		}
		if (stopped)
			break;
		if (gen + 1 < max_new && llm_eval(s->ctx, &id, 1, s->logits, errp) < 0)
			goto gen_done;
	}
	if (!stopped) {
		buf_reset(&pc);
		tok_stream_flush(&ts, &pc);
		size_t before = shown.len;
		stop_scan_feed(&ss, buf_str(&pc), pc.len, &shown);
		stop_scan_finish(&ss, &shown);
		if (stream && piece && shown.len > before)
			piece(shown.data + before, shown.len - before, ud);
	}
	r = 0;
gen_done:
	if (st) {
		st->gen_tokens += gen;
		st->gen_seconds += now() - t0;
	}
	if (r == 0) {
		trim_answer(&shown);
		buf_add(out, buf_str(&shown), shown.len);
	}
done:
	free(prompt);
	free(ids);
	sampler_free(&smp);
	tok_stream_free(&ts);
	stop_scan_free(&ss);
	buf_free(&shown);
	buf_free(&pc);
	return r;
}

int summarizer_run(struct summarizer *s, const char *text, summary_piece_fn *piece, void *ud,
		   struct summary_stats *stats, char **out, char **errp)
{
	struct summary_stats local;
	struct summary_stats *st = stats ? stats : &local;
	memset(st, 0, sizeof *st);
	*out = NULL;
	char *doc = summarize_reorder(text);
	size_t budget = summarizer_budget(s);
	int r = 0;
	/* Map: while the text does not fit, summarise it chunk by chunk and
	 * go on with the concatenated chunk summaries. */
	for (int round = 0; r == 0; round++) {
		struct strvec chunks = STRVEC_INIT;
		summarize_chunks(s->tok, doc, budget, &chunks);
		if (chunks.n <= 1 || round >= 4) {
			strvec_free(&chunks);
			break;
		}
		if (round == 0)
			st->chunks = chunks.n;
		while (chunks.n > s->opts.max_chunks)
			free(chunks.v[--chunks.n]);
		struct buf joined = BUF_INIT;
		for (size_t i = 0; i < chunks.n && r == 0; i++) {
			struct buf one = BUF_INIT;
			r = pass(s, SUMMARY_ASK_PART, chunks.v[i], s->opts.max_new_chunk, false, piece,
				 ud, st, &one, errp);
			if (r == 0 && one.len) {
				if (joined.len)
					buf_adds(&joined, "\n\n");
				buf_add(&joined, one.data, one.len);
			}
			buf_free(&one);
		}
		strvec_free(&chunks);
		free(doc);
		doc = buf_detach(&joined);
	}
	if (st->chunks == 0)
		st->chunks = 1;
	if (r == 0) {
		/* Reduce (or the only pass): what still does not fit is cut. */
		struct strvec chunks = STRVEC_INIT;
		summarize_chunks(s->tok, doc, budget, &chunks);
		struct buf res = BUF_INIT;
		r = pass(s, SUMMARY_ASK, chunks.n ? chunks.v[0] : "", s->opts.max_new, true, piece, ud,
			 st, &res, errp);
		strvec_free(&chunks);
		if (r == 0)
			*out = buf_detach(&res);
		buf_free(&res);
	}
	free(doc);
	return r;
}
