/* reflow.c: a document's reading text: every page's lines extracted from
 * MuPDF's structured text under time and memory limits, then laid out
 * (layout.c) and joined into paragraphs (paras.c). */
#include "config.h"

#include <math.h>
#include <mupdf/fitz.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pdf/private.h"
#include "pdf/reflow.h"
#include "util/i18n.h"
#include "util/util.h"

/* ---- extraction -------------------------------------------------------- */

static bool name_has(const char *name, const char *const *parts)
{
	for (; *parts; parts++)
		if (strstr(name, *parts))
			return true;
	return false;
}

static bool font_bold(fz_context *ctx, fz_font *f)
{
	static const char *const parts[] = {"Bold", "Black", "Heavy", "Semibold", "Demi", NULL};
	return f && (fz_font_is_bold(ctx, f) || name_has(fz_font_name(ctx, f), parts));
}

static bool font_mono(fz_context *ctx, fz_font *f)
{
	static const char *const parts[] = {"Mono", "Courier", "Typewriter", "Consol", "CMTT",
					    "SFTT", "Inconsolata", NULL};
	return f && (fz_font_is_monospaced(ctx, f) || name_has(fz_font_name(ctx, f), parts));
}

/* Append a code point as reading text: ligatures spelt out, controls and
 * private-use points left out. */
static void add_char(struct buf *b, int c, bool keep_spaces)
{
	static const char *const lig[] = {"ff", "fi", "fl", "ffi", "ffl", "st", "st"};
	if (c >= 0xFB00 && c <= 0xFB06) {
		buf_adds(b, lig[c - 0xFB00]);
		return;
	}
	if (c == '\t' || c == 0xA0)
		c = ' ';
	if (c < 0x20 || (c >= 0x7F && c < 0xA0) || c == 0xAD || c > 0x10FFFF ||
	    (c >= 0xD800 && c < 0xE000) || (c >= 0x202A && c <= 0x202E) ||
	    (c >= 0x2066 && c <= 0x2069))
		return;
	if (c < 0)
		c = 0xFFFD;
	if (c == ' ' && !keep_spaces && (b->len == 0 || b->data[b->len - 1] == ' '))
		return;
	char enc[4];
	buf_add(b, enc, utf8_encode((uint32_t)c, enc));
}

static bool finite_box(fz_rect r)
{
	return isfinite(r.x0) && isfinite(r.y0) && isfinite(r.x1) && isfinite(r.y1);
}

/* The lines of one MuPDF page, one struct line each; a line that continues
 * the previous one on its baseline (a word set apart, a superscript) is
 * merged into it. */
static void page_lines(fz_context *ctx, fz_stext_page *sp, struct page *pg)
{
	struct buf b = BUF_INIT;
	int block = 0;
	for (fz_stext_block *bl = sp->first_block; bl; bl = bl->next) {
		if (bl->type != FZ_STEXT_BLOCK_TEXT)
			continue;
		bool first_in_block = true;
		for (fz_stext_line *l = bl->u.t.first_line; l; l = l->next) {
			buf_reset(&b);
			size_t nch = 0, nbold = 0, nmono = 0;
			float sizes[8];
			size_t counts[8], nsizes = 0;
			float base = 0;
			fz_font *font = NULL;
			bool fbold = false, fmono = false;
			for (fz_stext_char *ch = l->first_char; ch; ch = ch->next) {
				if (ch->font != font) {
					font = ch->font;
					fbold = font_bold(ctx, font);
					fmono = font_mono(ctx, font);
				}
				if (nch == 0)
					base = ch->origin.y;
				add_char(&b, ch->c, fmono);
				if (ch->c == ' ')
					continue;
				nch++;
				nbold += fbold;
				nmono += fmono;
				size_t k = 0;
				while (k < nsizes && fabsf(sizes[k] - ch->size) > 0.3f)
					k++;
				if (k == nsizes && nsizes < 8) {
					sizes[nsizes] = ch->size;
					counts[nsizes++] = 0;
				}
				if (k < nsizes)
					counts[k]++;
			}
			while (b.len && b.data[b.len - 1] == ' ')
				b.len--;
			/* Leading spaces (a listing's indentation) stay only for
			 * monospaced lines. */
			size_t lead = 0;
			while (lead < b.len && b.data[lead] == ' ')
				lead++;
			if (nch && nmono * 5 < nch * 4 && lead) {
				memmove(b.data, b.data + lead, b.len - lead);
				b.len -= lead;
			}
			if (!nch || !b.len || !finite_box(l->bbox))
				continue;
			size_t best = 0;
			for (size_t k = 1; k < nsizes; k++)
				if (counts[k] > counts[best])
					best = k;
			struct line ln = {
				.x0 = l->bbox.x0, .y0 = l->bbox.y0, .x1 = l->bbox.x1, .y1 = l->bbox.y1,
				.base = isfinite(base) ? base : l->bbox.y1,
				.size = isfinite(sizes[best]) && sizes[best] > 0 ? sizes[best] : 1,
				.bold = nbold * 2 > nch, .mono = nmono * 5 >= nch * 4,
				.block = block,
			};
			struct line *prev = pg->n && !first_in_block ? &pg->v[pg->n - 1] : NULL;
			float oy = prev ? fminf(prev->y1, ln.y1) - fmaxf(prev->y0, ln.y0) : 0;
			float hmin = prev ? fminf(prev->y1 - prev->y0, ln.y1 - ln.y0) : 0;
			if (prev && ln.x0 >= prev->x1 - 1 && oy > 0.5f * hmin &&
			    (ln.x0 - prev->x1 < 2.5f * fmaxf(prev->size, ln.size) || prev->len < 20 ||
			     b.len < 20)) {
				/* Same baseline, further right: one line (but not two
				 * long pieces far apart, lines of two columns). */
				size_t nl = prev->len + 1 + b.len;
				prev->text = xrealloc(prev->text, nl + 1);
				bool gap = ln.x0 - prev->x1 > 0.15f * fminf(prev->size, ln.size);
				if (gap)
					prev->text[prev->len++] = ' ';
				memcpy(prev->text + prev->len, b.data, b.len);
				prev->len += b.len;
				prev->text[prev->len] = '\0';
				prev->x1 = ln.x1;
				prev->y0 = fminf(prev->y0, ln.y0);
				prev->y1 = fmaxf(prev->y1, ln.y1);
				if (ln.size > prev->size && b.len > 3)
					prev->size = ln.size;
				prev->bold = prev->bold && ln.bold;
				prev->mono = prev->mono && ln.mono;
				continue;
			}
			ln.text = xstrndup(b.data, b.len);
			ln.len = b.len;
			pg->v = xgrow(pg->v, &pg->cap, pg->n + 1, sizeof *pg->v);
			pg->v[pg->n++] = ln;
			first_in_block = false;
		}
		block++;
	}
	buf_free(&b);
}

/* ---- limits ------------------------------------------------------------ */

/* A watchdog that aborts MuPDF's work on a page past its deadline. */
struct watchdog {
	pthread_mutex_t mu;
	pthread_cond_t cond;
	pthread_t thread;
	struct timespec deadline;
	bool armed, stop, fired;
	fz_cookie cookie;
};

static void *watchdog_run(void *arg)
{
	struct watchdog *w = arg;
	pthread_mutex_lock(&w->mu);
	while (!w->stop) {
		if (!w->armed) {
			pthread_cond_wait(&w->cond, &w->mu);
			continue;
		}
		struct timespec d = w->deadline;
		if (pthread_cond_timedwait(&w->cond, &w->mu, &d) != 0 && w->armed) {
			struct timespec now;
			clock_gettime(CLOCK_REALTIME, &now);
			if (now.tv_sec > d.tv_sec ||
			    (now.tv_sec == d.tv_sec && now.tv_nsec >= d.tv_nsec)) {
				w->fired = true;
				w->armed = false;
				__atomic_store_n(&w->cookie.abort, 1, __ATOMIC_RELAXED);
			}
		}
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

static void watchdog_arm(struct watchdog *w, double seconds)
{
	pthread_mutex_lock(&w->mu);
	clock_gettime(CLOCK_REALTIME, &w->deadline);
	double s = floor(seconds);
	w->deadline.tv_sec += (time_t)s;
	w->deadline.tv_nsec += (long)((seconds - s) * 1e9);
	if (w->deadline.tv_nsec >= 1000000000L) {
		w->deadline.tv_sec++;
		w->deadline.tv_nsec -= 1000000000L;
	}
	w->armed = true;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->mu);
}

static bool watchdog_disarm(struct watchdog *w)
{
	pthread_mutex_lock(&w->mu);
	w->armed = false;
	bool fired = w->fired;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->mu);
	return fired;
}


void pdf_doc_text_free(struct pdf_doc_text **dp)
{
	struct pdf_doc_text *d = *dp;
	if (!d)
		return;
	for (size_t p = 0; p < d->n; p++) {
		for (size_t b = 0; b < d->pages[p].n; b++) {
			struct pdf_block *bl = &d->pages[p].blocks[b];
			for (size_t i = 0; i < bl->n; i++)
				free(bl->paras[i]);
			free(bl->paras);
		}
		free(d->pages[p].blocks);
	}
	for (size_t i = 0; i < d->nwarnings; i++)
		free(d->warnings[i]);
	free(d->warnings);
	free(d->pages);
	free(d);
	*dp = NULL;
}

static void pages_free(struct page *pages, size_t n)
{
	for (size_t p = 0; p < n; p++) {
		for (size_t i = 0; i < pages[p].n; i++)
			free(pages[p].v[i].text);
		free(pages[p].v);
	}
	free(pages);
}

/* Extract one page's lines under the watchdog. */
static void extract_page(fz_context *ctx, fz_document *doc, int i, struct watchdog *w,
			 double seconds, struct page *pg)
{
	fz_page *page = NULL;
	fz_stext_page *sp = NULL;
	fz_device *dev = NULL;
	fz_var(page);
	fz_var(sp);
	fz_var(dev);
	memset(&w->cookie, 0, sizeof w->cookie);
	watchdog_arm(w, seconds);
	fz_try(ctx)
	{
		page = fz_load_page(ctx, doc, i);
		fz_rect r = fz_bound_page(ctx, page);
		if (!finite_box(r))
			r = fz_empty_rect;
		pg->w = r.x1 - r.x0;
		pg->h = r.y1 - r.y0;
		fz_stext_options opts = {0};
		sp = fz_new_stext_page(ctx, r);
		dev = fz_new_stext_device(ctx, sp, &opts);
		fz_run_page(ctx, page, dev, fz_identity, &w->cookie);
		fz_close_device(ctx, dev);
		if (w->cookie.abort)
			fz_throw(ctx, FZ_ERROR_ABORT, "aborted");
		page_lines(ctx, sp, pg);
	}
	fz_always(ctx)
	{
		watchdog_disarm(w);
		fz_drop_device(ctx, dev);
		fz_drop_stext_page(ctx, sp);
		fz_drop_page(ctx, page);
	}
	fz_catch(ctx)
		fz_rethrow(ctx);
}

/* Extract page i; -1 with *msg set to MuPDF's message (NULL when memory
 * ran out) when it fails. */
static int try_page(struct pdf_ctx *pc, fz_document *doc, int i, struct watchdog *w,
		    double seconds, struct page *pg, char **msg)
{
	fz_context *ctx = pc->ctx;
	int r = 0;
	fz_var(r);
	fz_try(ctx)
		extract_page(ctx, doc, i, w, seconds, pg);
	fz_catch(ctx)
	{
		r = -1;
		if (fz_caught(ctx) != FZ_ERROR_MEMORY)
			*msg = xstrdup(fz_caught_message(ctx));
	}
	return r;
}

static struct pdf_doc_text *reflow(const char *path, const void *data, size_t len,
				   const char *name, const struct pdf_limits *limits, char **errp)
{
	struct pdf_limits lim = pdf_limits_resolve(limits);
	struct pdf_ctx pc;
	if (pdf_ctx_open(&pc, name, &lim, errp) != 0)
		return NULL;
	fz_context *ctx = pc.ctx;
	struct watchdog w = {.armed = false};
	pthread_mutex_init(&w.mu, NULL);
	pthread_cond_init(&w.cond, NULL);
	if (pthread_create(&w.thread, NULL, watchdog_run, &w) != 0) {
		pdf_ctx_close(&pc);
		error_set(errp, _("%s: cannot start a thread"), name);
		return NULL;
	}
	fz_document *doc = NULL;
	struct page *pages = NULL;
	struct strvec warnings = STRVEC_INIT;
	int n = 0, failed_page = -1;
	bool failed = false, timeout = false;
	fz_var(doc);
	fz_var(pages);
	fz_var(n);
	fz_try(ctx)
	{
		doc = pdf_ctx_open_doc(&pc, path, data, len);
		n = fz_count_pages(ctx, doc);
		if (n <= 0)
			fz_throw(ctx, FZ_ERROR_GENERIC, "no pages");
		pages = xcalloc((size_t)n, sizeof *pages);
	}
	fz_catch(ctx)
	{
		failed = true;
		if (!pc.locked && !pc.refused && n == 0 && doc)
			error_set(errp, _("%s: the document has no pages"), name);
		else if (!pc.locked && !pc.refused && data && !memmem(data, len < 1024 ? len : 1024, "%PDF", 4))
			error_set(errp, _("%s: not a PDF document"), name);
		else
			pdf_ctx_error(&pc, path, errp);
	}
	for (int i = 0; !failed && i < n; i++) {
		char *msg = NULL;
		if (try_page(&pc, doc, i, &w, lim.page_seconds, &pages[i], &msg) == 0)
			continue;
		if (w.fired || pc.refused || !msg) {
			failed = true;
			failed_page = i;
			timeout = w.fired;
		} else {
			strvec_push_owned(&warnings, xasprintf(_("%s: page %d: %s"), name, i + 1, msg));
		}
		free(msg);
		/* Lines already extracted before an error are kept. */
	}
	if (failed && failed_page >= 0) {
		if (timeout)
			error_set(errp, _("%s: page %d takes longer than %g seconds to read; giving up"),
				  name, failed_page + 1, lim.page_seconds);
		else
			error_set(errp, _("%s: page %d needs more than %zu MB of memory; giving up"),
				  name, failed_page + 1, lim.memory_mb);
	}
	fz_drop_document(ctx, doc);
	pthread_mutex_lock(&w.mu);
	w.stop = true;
	pthread_cond_signal(&w.cond);
	pthread_mutex_unlock(&w.mu);
	pthread_join(w.thread, NULL);
	pthread_mutex_destroy(&w.mu);
	pthread_cond_destroy(&w.cond);
	pdf_ctx_close(&pc);
	if (!failed && warnings.n == (size_t)n) {
		error_set(errp, "%s", warnings.v[0]);
		failed = true;
	}
	if (failed) {
		pages_free(pages, (size_t)n);
		strvec_free(&warnings);
		return NULL;
	}

	struct docinfo *di = xcalloc(1, sizeof *di);
	reflow_drop_running(pages, (size_t)n);
	reflow_measure(pages, (size_t)n, di);
	struct pdf_doc_text *out = xcalloc(1, sizeof *out);
	out->n = (size_t)n;
	out->pages = xcalloc((size_t)n, sizeof *out->pages);
	out->warnings = warnings.v;
	out->nwarnings = warnings.n;
	for (int i = 0; i < n; i++)
		reflow_page(di, &pages[i], &out->pages[i]);
	reflow_join_page_hyphens(out, di);
	reflow_join_page_paras(out);
	wordcount_free(&di->words);
	free(di);
	pages_free(pages, (size_t)n);
	return out;
}

struct pdf_doc_text *pdf_reflow(const char *path, const struct pdf_limits *limits, char **errp)
{
	return reflow(path, NULL, 0, path, limits, errp);
}

struct pdf_doc_text *pdf_reflow_memory(const void *data, size_t len, const char *name,
				       const struct pdf_limits *limits, char **errp)
{
	return reflow(NULL, data ? data : "", len, name, limits, errp);
}
