/* summarize.c: the model summariser: prompts, the strategies (map-reduce
 * over chunks, one pass over the paper's ends, extracted sentences
 * rewritten), generation with streaming and prompt cancellation, the
 * faithfulness fallback. */
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
/* onepass and hybrid: the text first, what to do after it */
#define SUMMARY_ASK_SHAPED                                                                       \
	"\n\nSummarise this paper for a reader. First one sentence that starts with \"TL;DR:\", " \
	"then 3 to 5 short points that start with \"- \": the problem, the method, the result. "  \
	"Use only facts from the text above."
#define SUMMARY_PREFILL "TL;DR:"
/* the text a one-pass summary reads at most, in tokens: the prompt is
 * then processed in about a second */
#define ONEPASS_MAX_TOKENS 900
#define HYBRID_SENTENCES 8

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
	o->strategy = SUMMARY_DEFAULT_STRATEGY;
	o->no_repeat_ngram = 4;
	o->min_faithful = SUMMARY_MIN_FAITHFUL;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The prompt: ask before the text, after after it (may be NULL), and the
 * start of the answer prefill (may be NULL). */
static char *render(const struct summarizer *s, const char *ask, const char *text,
		    const char *after, const char *prefill)
{
	char *user = xasprintf("%s%s%s", ask, text, after ? after : "");
	struct chat_msg msgs[2] = {{"system", SUMMARY_SYSTEM}, {"user", user}};
	char *p = chat_render(s->fam, msgs, 2, NULL, true);
	free(user);
	if (prefill) {
		char *q = xasprintf("%s%s", p, prefill);
		free(p);
		p = q;
	}
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
	if (!summary_strategy_uses_model(o->strategy))
		o->strategy = SUMMARY_DEFAULT_STRATEGY;
	if (!o->no_repeat_ngram)
		o->no_repeat_ngram = 4;
	if (o->min_faithful == 0)
		o->min_faithful = SUMMARY_MIN_FAITHFUL;
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
	char *p = render(s, SUMMARY_ASK_PART, "", SUMMARY_ASK_SHAPED, SUMMARY_PREFILL);
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

/* Send what is new in text since *sent to the callback; text must extend
 * what was sent (streamed: a copy of it), else nothing is sent yet. */
static int send_new(const struct buf *text, size_t *sent, struct buf *streamed,
		    summary_piece_fn *piece, void *ud)
{
	if (!piece)
		return 0;
	if (text->len <= *sent ||
	    (streamed && *sent && memcmp(text->data, streamed->data, *sent) != 0))
		return piece(NULL, 0, ud);
	size_t from = *sent;
	*sent = text->len;
	if (streamed)
		buf_add(streamed, text->data + from, text->len - from);
	return piece(text->data + from, text->len - from, ud);
}

/* One prompt-and-answer pass. stream: send pieces to the callback. after,
 * prefill: see render; with a prefill the answer is shaped as it streams
 * (summary_shaper) and ends with the shape. Returns 0, 1 when cancelled, -1
 * on error. */
static int pass(struct summarizer *s, const char *ask, const char *text, const char *after,
		const char *prefill, const char *source, size_t max_new, bool stream,
		summary_piece_fn *piece, void *ud, struct summary_stats *st, struct buf *out,
		bool *unfaithful, char **errp)
{
	char *prompt = render(s, ask, text, after, prefill);
	int32_t *ids = NULL;
	size_t n = 0;
	int r = -1;
	struct sampler_params sp;
	sampler_params_default(&sp);
	sp.temperature = s->opts.temperature;
	sp.repeat_penalty = s->opts.repeat_penalty;
	sp.no_repeat_ngram = s->opts.no_repeat_ngram > 0 ? s->opts.no_repeat_ngram : 0;
	struct sampler *smp = sampler_create(&sp, llm_model_n_vocab(s->model));
	struct tok_stream ts = TOK_STREAM_INIT;
	struct stop_scan ss;
	struct summary_shaper sh;
	summary_shaper_init(&sh, source);
	const char *const *stops = chat_stop_strings(s->fam);
	size_t ns = 0;
	while (stops[ns])
		ns++;
	stop_scan_init(&ss, stops, ns);
	struct buf shown = BUF_INIT, pc = BUF_INIT;
	/* what the reader sees: the shaped text (with the TL;DR as it grows),
	 * else the answer as it comes */
	struct buf preview = BUF_INIT, streamed = BUF_INIT;
	struct buf *seen = prefill ? &preview : &shown;
	size_t sent = 0;
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
	sampler_mark(smp);
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
	if (prefill)
		summary_shaper_feed(&sh, prefill, strlen(prefill));
	for (; gen < max_new; gen++) {
		int32_t id = sampler_sample(smp, s->logits);
		if (tok_is_eog(s->tok, id))
			break;
		sampler_accept(smp, id);
		buf_reset(&pc);
		tok_stream_push(s->tok, &ts, id, &pc);
		size_t before = shown.len;
		stopped = stop_scan_feed(&ss, buf_str(&pc), pc.len, &shown);
		if (prefill && summary_shaper_feed(&sh, shown.data + before, shown.len - before))
			stopped = true;
		/* no leading blank lines in what is shown */
		if (!prefill && sent == 0)
			while (sent < shown.len && strchr(" \n", shown.data[sent]))
				sent++;
		if (prefill)
			summary_shaper_preview(&sh, &preview);
		if (stream ? send_new(seen, &sent, prefill ? &streamed : NULL, piece, ud)
			   : piece && piece(NULL, 0, ud)) {
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
		if (prefill)
			summary_shaper_feed(&sh, shown.data + before, shown.len - before);
	}
	if (prefill) {
		summary_shaper_finish(&sh);
		summary_shaper_preview(&sh, &preview);
		if (stream && sent && (preview.len < sent || memcmp(preview.data, streamed.data, sent))) {
			/* the shown TL;DR was not kept as it was: show the summary again */
			piece("\n\n", 2, ud);
			sent = 0;
			buf_reset(&streamed);
		}
	}
	if (stream && seen->len > sent)
		send_new(seen, &sent, prefill ? &streamed : NULL, piece, ud);
	r = 0;
gen_done:
	if (st) {
		st->gen_tokens += gen;
		st->gen_seconds += now() - t0;
	}
	if (r == 0 && prefill) {
		if (st)
			st->dropped += sh.dropped;
		if (unfaithful)
			*unfaithful = sh.tldr_unfaithful;
		buf_add(out, buf_str(&sh.out), sh.out.len);
		while (out->len && out->data[out->len - 1] == '\n')
			out->data[--out->len] = '\0';
	} else if (r == 0) {
		trim_answer(&shown);
		buf_add(out, buf_str(&shown), shown.len);
	}
done:
	free(prompt);
	free(ids);
	sampler_free(&smp);
	tok_stream_free(&ts);
	stop_scan_free(&ss);
	summary_shaper_free(&sh);
	buf_free(&preview);
	buf_free(&streamed);
	buf_free(&shown);
	buf_free(&pc);
	return r;
}

/* The whole paper, chunk by chunk, then the chunk summaries together. */
static int run_mapreduce(struct summarizer *s, const char *text, summary_piece_fn *piece, void *ud,
			 struct summary_stats *st, char **out, char **errp)
{
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
			r = pass(s, SUMMARY_ASK_PART, chunks.v[i], NULL, NULL, NULL,
				 s->opts.max_new_chunk, false, piece, ud, st, &one, NULL, errp);
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
		r = pass(s, SUMMARY_ASK, chunks.n ? chunks.v[0] : "", NULL, NULL, NULL,
			 s->opts.max_new, true, piece, ud, st, &res, NULL, errp);
		strvec_free(&chunks);
		if (r == 0)
			*out = buf_detach(&res);
		buf_free(&res);
	}
	free(doc);
	return r;
}

/* The first paragraph of the head, when short enough to be a title. */
static char *title_of(const struct summary_parts *p)
{
	const char *h = p->head ? p->head : p->rest;
	if (!h)
		return NULL;
	size_t n = strcspn(h, "\n");
	return n && n <= 200 ? xstrndup(h, n) : NULL;
}

/* The first budget tokens of text, cut at a sentence end where possible. */
static char *first_tokens(const struct summarizer *s, const char *text, size_t budget)
{
	struct strvec chunks = STRVEC_INIT;
	summarize_chunks(s->tok, text, budget, &chunks);
	char *r = xstrdup(chunks.n ? chunks.v[0] : "");
	strvec_free(&chunks);
	return r;
}

/* Title, introduction and conclusion (two thirds of the room for the
 * introduction), in one pass. */
static char *onepass_input(const struct summarizer *s, const char *text)
{
	char *clean = summarize_clean(text);
	struct summary_parts p;
	summarize_parts(clean, &p);
	size_t budget = summarizer_budget(s);
	if (budget > ONEPASS_MAX_TOKENS)
		budget = ONEPASS_MAX_TOKENS;
	struct buf b = BUF_INIT;
	char *title = title_of(&p);
	if (title)
		buf_printf(&b, "Title: %s\n\n", title);
	free(title);
	const char *body = p.intro ? p.intro : p.rest ? p.rest : clean;
	size_t room = budget > summarize_count_tokens(s->tok, b.data ? b.data : "", b.len)
			      ? budget - summarize_count_tokens(s->tok, b.data ? b.data : "", b.len)
			      : 1;
	size_t concl = p.conclusion ? summarize_count_tokens(s->tok, p.conclusion,
							       strlen(p.conclusion))
				    : 0;
	if (concl > room / 3)
		concl = room / 3;
	char *intro = first_tokens(s, body, room - concl);
	buf_adds(&b, intro);
	free(intro);
	if (p.conclusion && concl) {
		char *c = first_tokens(s, p.conclusion, concl);
		buf_printf(&b, "\n\n%s", c);
		free(c);
	}
	summary_parts_free(&p);
	free(clean);
	return buf_detach(&b);
}

/* Title and the most central sentences. */
static char *hybrid_input(const char *text)
{
	char *clean = summarize_clean(text);
	struct summary_parts p;
	summarize_parts(clean, &p);
	char *title = title_of(&p);
	char *sents = summarize_extractive(text, HYBRID_SENTENCES);
	char *r = title ? xasprintf("Title: %s\n\n%s", title, sents) : xstrdup(sents);
	free(title);
	free(sents);
	summary_parts_free(&p);
	free(clean);
	return r;
}

int summarizer_run(struct summarizer *s, const char *text, summary_piece_fn *piece, void *ud,
		   struct summary_stats *stats, char **out, char **errp)
{
	struct summary_stats local;
	struct summary_stats *st = stats ? stats : &local;
	memset(st, 0, sizeof *st);
	*out = NULL;
	int r;
	bool unfaithful = false;
	char *clean = summarize_clean(text);
	if (s->opts.strategy == SUMMARY_MAPREDUCE) {
		r = run_mapreduce(s, text, piece, ud, st, out, errp);
	} else {
		char *in = s->opts.strategy == SUMMARY_ONEPASS ? onepass_input(s, text)
							       : hybrid_input(text);
		/* the extracted sentences are short: still cut to fit */
		char *fitted = first_tokens(s, in, summarizer_budget(s));
		free(in);
		struct buf res = BUF_INIT;
		st->chunks = 1;
		r = pass(s, "", fitted, SUMMARY_ASK_SHAPED, SUMMARY_PREFILL,
			 s->opts.min_faithful > 0 ? clean : NULL, s->opts.max_new, true, piece, ud, st,
			 &res, &unfaithful, errp);
		free(fitted);
		if (r == 0)
			*out = buf_detach(&res);
		buf_free(&res);
	}
	if (r != 0 || !*out) {
		free(clean);
		return r;
	}
	st->faithfulness = summary_faithfulness(*out, clean);
	free(clean);
	if (s->opts.min_faithful > 0 &&
	    (st->faithfulness < s->opts.min_faithful || !**out || unfaithful)) {
		free(*out);
		*out = summarize_extractive(text, 5);
		st->fell_back = true;
	}
	return 0;
}
