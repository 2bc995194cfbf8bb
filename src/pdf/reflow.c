/* reflow.c: MuPDF's structured text turned into reading text: lines in
 * columns, running headers and footers dropped, paragraphs joined and
 * de-hyphenated, headings, captions and footnotes told apart. */
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

/* One line of text as MuPDF placed it (lines on one baseline merged). */
struct line {
	float x0, y0, x1, y1, base, size;
	bool bold, mono, drop;
	int block, col;
	char *text;
	size_t len;
};

struct page {
	struct line *v;
	size_t n, cap;
	float w, h;
};

/* A MuPDF block: its lines (after dropping headers) and box. */
struct blk {
	float x0, y0, x1, y1;
	size_t first, n; /* lines */
	int col;         /* -1: spans columns */
};

/* Sizes in half points, for histograms. */
#define BUCKET(s) ((int)lrintf((s) * 2.0f))
#define MAX_BUCKET 400

/* What the whole document says about its body text. */
struct docinfo {
	float body;               /* the body's font size */
	float pitch[MAX_BUCKET];  /* usual baseline distance per size */
	struct wordcount words;
};

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

/* ---- the document ------------------------------------------------------ */

/* The words of a line with digits as '#', lowercase, as sorted hashes:
 * running headers differ in their page numbers and, on odd and even pages,
 * in some of their words. */
struct cand {
	size_t page, line;
	float y;
	uint64_t *tok;
	size_t ntok;
};

static int u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static void cand_tokens(struct cand *c, const char *s)
{
	size_t cap = 0;
	c->tok = NULL;
	c->ntok = 0;
	while (*s) {
		while (*s == ' ')
			s++;
		if (!*s)
			break;
		uint64_t h = 1469598103934665603ULL;
		bool digit = false;
		for (; *s && *s != ' '; s++) {
			char ch = *s;
			if (ch >= '0' && ch <= '9') {
				if (digit)
					continue;
				digit = true;
				ch = '#';
			} else {
				digit = false;
				if (ch >= 'A' && ch <= 'Z')
					ch = (char)(ch + 32);
			}
			h = (h ^ (unsigned char)ch) * 1099511628211ULL;
		}
		c->tok = xgrow(c->tok, &cap, c->ntok + 1, sizeof *c->tok);
		c->tok[c->ntok++] = h;
	}
	if (c->ntok)
		qsort(c->tok, c->ntok, sizeof *c->tok, u64_cmp);
}

/* Do two lines share most of their words (Jaccard index of at least 1/2)? */
static bool similar(const struct cand *a, const struct cand *b)
{
	size_t i = 0, j = 0, both = 0, all = 0;
	while (i < a->ntok || j < b->ntok) {
		all++;
		if (j == b->ntok || (i < a->ntok && a->tok[i] < b->tok[j]))
			i++;
		else if (i == a->ntok || b->tok[j] < a->tok[i])
			j++;
		else {
			both++;
			i++;
			j++;
		}
	}
	return all && both * 2 >= all;
}

static int cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	return x->y < y->y ? -1 : x->y > y->y;
}

/* Drop lines near the top or bottom of a page that recur, with similar
 * words, at about the same height on several pages (running headers,
 * footers, page numbers). */
static void drop_running(struct page *pages, size_t npages)
{
	struct cand *c = NULL;
	size_t n = 0, cap = 0;
	for (size_t p = 0; p < npages; p++) {
		struct page *pg = &pages[p];
		for (size_t i = 0; i < pg->n; i++) {
			struct line *l = &pg->v[i];
			if (l->y0 > 0.12f * pg->h && l->y1 < 0.88f * pg->h)
				continue;
			c = xgrow(c, &cap, n + 1, sizeof *c);
			c[n] = (struct cand){.page = p, .line = i, .y = l->y0};
			cand_tokens(&c[n++], l->text);
		}
	}
	if (n)
		qsort(c, n, sizeof *c, cand_cmp);
	size_t need = npages >= 3 ? 3 : 2;
	size_t *seen = xcalloc(need, sizeof *seen);
	for (size_t i = 0; i < n; i++) {
		float tol = 0.02f * pages[c[i].page].h;
		size_t distinct = 1;
		seen[0] = c[i].page;
		size_t a = i;
		while (a > 0 && c[i].y - c[a - 1].y <= tol)
			a--;
		for (size_t k = a; k < n && c[k].y - c[i].y <= tol && distinct < need; k++) {
			bool dup = false;
			for (size_t m = 0; m < distinct && !dup; m++)
				dup = seen[m] == c[k].page;
			if (!dup && similar(&c[i], &c[k]))
				seen[distinct++] = c[k].page;
		}
		if (distinct >= need)
			pages[c[i].page].v[c[i].line].drop = true;
	}
	free(seen);
	for (size_t i = 0; i < n; i++)
		free(c[i].tok);
	free(c);
}

static int float_cmp(const void *a, const void *b)
{
	float x = *(const float *)a, y = *(const float *)b;
	return x < y ? -1 : x > y;
}

/* The body's size (most characters) and the usual line pitch per size. */
static void doc_measure(struct page *pages, size_t npages, struct docinfo *di)
{
	size_t *weight = xcalloc(MAX_BUCKET, sizeof *weight);
	float *pitches = NULL;
	size_t np = 0, cap = 0;
	for (size_t p = 0; p < npages; p++)
		for (size_t i = 0; i < pages[p].n; i++) {
			struct line *l = &pages[p].v[i];
			if (l->drop)
				continue;
			int k = BUCKET(l->size);
			if (k >= 0 && k < MAX_BUCKET)
				weight[k] += l->len;
			wordcount_add_line(&di->words, l->text, l->len);
		}
	int best = 20;
	for (int k = 0; k < MAX_BUCKET; k++)
		if (weight[k] > weight[best])
			best = k;
	di->body = best / 2.0f;
	for (int k = 0; k < MAX_BUCKET; k++) {
		np = 0;
		if (!weight[k])
			continue;
		for (size_t p = 0; p < npages; p++)
			for (size_t i = 1; i < pages[p].n; i++) {
				struct line *a = &pages[p].v[i - 1], *b = &pages[p].v[i];
				if (a->drop || b->drop || BUCKET(a->size) != k || BUCKET(b->size) != k)
					continue;
				float d = b->base - a->base;
				if (d > 0.5f * a->size && d < 2.5f * a->size) {
					pitches = xgrow(pitches, &cap, np + 1, sizeof *pitches);
					pitches[np++] = d;
				}
			}
		if (np) {
			qsort(pitches, np, sizeof *pitches, float_cmp);
			di->pitch[k] = pitches[np / 2];
		}
	}
	free(pitches);
	free(weight);
}

/* ---- columns and reading order ---------------------------------------- */

/* Columns of a page from the gaps between narrow blocks that stand side by
 * side; each block gets its column, or -1 when it spans a gutter. */
static int page_columns(struct blk *b, size_t nb, float *cx0, float *cx1, int maxcols)
{
	float ax0 = INFINITY, ax1 = -INFINITY;
	for (size_t i = 0; i < nb; i++) {
		ax0 = fminf(ax0, b[i].x0);
		ax1 = fmaxf(ax1, b[i].x1);
	}
	float aw = ax1 - ax0;
	float bounds[16];
	int nbounds = 0;
	if (nb > 1 && aw > 20) {
		int bins = aw > 2000 ? 2000 : (int)aw;
		float scale = bins / aw;
		/* Coverage by lines: a caption or figure label straddling a
		 * gutter does not close it. */
		size_t *cov = xcalloc((size_t)bins, sizeof *cov), top = 0;
		for (size_t i = 0; i < nb; i++) {
			if (b[i].x1 - b[i].x0 >= 0.6f * aw)
				continue;
			int s = (int)((b[i].x0 - ax0) * scale), e = (int)((b[i].x1 - ax0) * scale);
			for (int x = s < 0 ? 0 : s; x <= e && x < bins; x++)
				cov[x] += b[i].n;
		}
		for (int x = 0; x < bins; x++)
			top = cov[x] > top ? cov[x] : top;
		size_t low = top / 12;
		int first = 0, last = bins - 1;
		while (first < bins && cov[first] <= low)
			first++;
		while (last >= 0 && cov[last] <= low)
			last--;
		for (int x = first; x < last && nbounds < maxcols - 1 && nbounds < 15;) {
			if (cov[x] > low) {
				x++;
				continue;
			}
			int e = x;
			while (e < last && cov[e] <= low)
				e++;
			float g0 = ax0 + x / scale, g1 = ax0 + e / scale;
			/* A gutter: narrow blocks left and right of it, side by side. */
			bool side = false;
			if (g1 - g0 >= fmaxf(4.0f, 0.012f * aw))
				for (size_t i = 0; i < nb && !side; i++) {
					if (b[i].x1 > g0 + 0.5f || b[i].x1 - b[i].x0 >= 0.6f * aw)
						continue;
					for (size_t j = 0; j < nb && !side; j++)
						side = b[j].x0 >= g1 - 0.5f &&
						       b[j].x1 - b[j].x0 < 0.6f * aw &&
						       fminf(b[i].y1, b[j].y1) > fmaxf(b[i].y0, b[j].y0);
				}
			if (side)
				bounds[nbounds++] = (g0 + g1) / 2;
			x = e;
		}
		free(cov);
	}
	int ncols = nbounds + 1;
	for (int c = 0; c < ncols; c++) {
		cx0[c] = INFINITY;
		cx1[c] = -INFINITY;
	}
	for (size_t i = 0; i < nb; i++) {
		int c = 0;
		while (c < nbounds && b[i].x0 > bounds[c])
			c++;
		bool spans = c < nbounds && b[i].x1 > bounds[c];
		b[i].col = spans ? -1 : c;
		if (!spans) {
			cx0[c] = fminf(cx0[c], b[i].x0);
			cx1[c] = fmaxf(cx1[c], b[i].x1);
		}
	}
	return ncols;
}

/* A block's place for sorting (no global state: pages may be read on
 * several threads at once). */
struct order_key {
	size_t i;
	int col;
	float y0, x0;
};

static int by_y(const void *a, const void *b)
{
	const struct order_key *x = a, *y = b;
	if (fabsf(x->y0 - y->y0) > 2)
		return x->y0 < y->y0 ? -1 : 1;
	return x->x0 < y->x0 ? -1 : x->x0 > y->x0;
}

static int by_col_y(const void *a, const void *b)
{
	const struct order_key *x = a, *y = b;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return by_y(a, b);
}

/* Reading order: bands cut by blocks that span columns; inside a band,
 * column after column, each from the top. */
static void reading_order(const struct blk *b, size_t nb, size_t *order)
{
	struct order_key *k = xcalloc(nb ? nb : 1, sizeof *k);
	for (size_t i = 0; i < nb; i++)
		k[i] = (struct order_key){i, b[i].col, b[i].y0, b[i].x0};
	if (nb)
		qsort(k, nb, sizeof *k, by_y);
	size_t start = 0;
	for (size_t i = 0; i <= nb; i++) {
		if (i < nb && k[i].col >= 0)
			continue;
		if (i > start)
			qsort(k + start, i - start, sizeof *k, by_col_y);
		start = i + 1;
	}
	for (size_t i = 0; i < nb; i++)
		order[i] = k[i].i;
	free(k);
}

/* ---- paragraphs -------------------------------------------------------- */

struct para {
	struct buf text;
	struct strvec code;
	float *code_x;
	size_t ncode_x;
	enum pdf_kind kind;
	int level;
	float size, x0, y0, x1, y1;
	bool bold, mono;
	int nlines;
	const struct line *last;
	float ref0, ref1; /* the column's edges at its last line */
};

struct builder {
	struct para *v;
	size_t n, cap;
	const struct docinfo *di;
	const struct page *pg;
	float *body_bottom; /* lowest body line per column + 1 (index 0: spanning) */
};

static bool short_line(const struct line *l, float ref1, float ref0)
{
	return ref1 - l->x1 > fmaxf(1.5f * l->size, 0.05f * (ref1 - ref0));
}

static bool ends_sentence(const struct buf *t)
{
	if (!t->len)
		return true;
	char c = t->data[t->len - 1];
	return c == '.' || c == '?' || c == '!' || c == ':';
}

/* "Figure 2:", "Fig. 1.", "Table 3 |", "TABLE IV." — a label, a number and
 * a separator; "Figure 2 shows" is a sentence. */
static bool is_caption(const char *s)
{
	static const char *const labels[] = {"Figure", "Fig.", "Table", "Tab.", "Listing",
					     "Algorithm", "Scheme", "Chart", "FIGURE", "TABLE",
					     "FIG.", NULL};
	for (const char *const *l = labels; *l; l++) {
		if (!str_starts_with(s, *l))
			continue;
		const char *p = s + strlen(*l);
		while (*p == ' ')
			p++;
		const char *num = p;
		while ((*p >= '0' && *p <= '9') || *p == '.' || (*p >= 'A' && *p <= 'Z' && p - num < 5))
			p++;
		if (p == num)
			return false;
		if (p[-1] == '.')
			return true;
		while (*p == ' ')
			p++;
		return *p == ':' || *p == '.' || *p == '|' || str_starts_with(p, "\u2014") ||
		       str_starts_with(p, "\u2013");
	}
	return false;
}

static void para_kind(struct builder *bd, struct para *p)
{
	float body = bd->di->body;
	const char *t = buf_str(&p->text);
	p->kind = PDF_BODY;
	p->level = 0;
	if (p->mono && p->size <= body * 1.15f) {
		p->kind = PDF_CODE;
		return;
	}
	bool letters = false;
	for (const char *c = t; *c && !letters; c++)
		letters = (*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (unsigned char)*c >= 0xC0;
	/* A heading has words: "0.5" or "20.0 20.5" is a figure's axis. */
	if (letters && p->nlines <= 3 && p->text.len < 300 &&
	    (p->size >= body * 1.15f ||
	     (p->bold && p->size >= body * 0.9f && p->nlines <= 2 && !ends_sentence(&p->text)))) {
		p->kind = PDF_HEADING;
		p->level = p->size >= body * 1.6f ? 1 : p->size >= body * 1.2f ? 2 : 3;
		return;
	}
	if (is_caption(t) && p->size <= body * 1.05f) {
		p->kind = PDF_CAPTION;
		return;
	}
	if (p->size <= body * 0.9f && p->y0 > 0.55f * bd->pg->h) {
		int c = p->last ? p->last->col + 1 : 0;
		if (p->y0 >= bd->body_bottom[c] && p->y0 >= bd->body_bottom[0])
			p->kind = PDF_FOOTNOTE;
	}
}

/* The word (letters and inner hyphens) that ends t before a final hyphen;
 * its start in *start. */
static size_t last_word(const struct buf *t, size_t *start)
{
	size_t e = t->len - 1, s = e;
	while (s > 0) {
		size_t i = s - 1;
		while (i > 0 && ((unsigned char)t->data[i] & 0xC0) == 0x80)
			i--;
		uint32_t c;
		utf8_decode(t->data + i, s - i, &c);
		if (!reflow_is_letter(c) && c != '-')
			break;
		s = i;
	}
	*start = s;
	return e - s;
}

/* Append a line's text to a paragraph, undoing a hyphen at the break. */
static void para_join(struct builder *bd, struct para *p, const struct line *l)
{
	struct buf *t = &p->text;
	if (!t->len) {
		buf_add(t, l->text, l->len);
		return;
	}
	uint32_t prevc = 0;
	if (t->len >= 2 && t->data[t->len - 1] == '-') {
		size_t i = t->len - 2;
		while (i > 0 && ((unsigned char)t->data[i] & 0xC0) == 0x80)
			i--;
		utf8_decode(t->data + i, t->len - 1 - i, &prevc);
	}
	if (reflow_is_letter(prevc)) {
		size_t ws;
		size_t wn = last_word(t, &ws);
		switch (reflow_hyphen(&bd->di->words, t->data + ws, wn, l->text, l->len)) {
		case HYPHEN_JOIN:
			t->len--;
			break;
		case HYPHEN_KEEP:
			break;
		case HYPHEN_KEEP_SPACE:
			buf_addc(t, ' ');
			break;
		}
	} else if (t->data[t->len - 1] != '/' &&
		   !(t->len >= 3 && memcmp(t->data + t->len - 3, "\xe2\x80\x94", 3) == 0)) {
		buf_addc(t, ' ');
	}
	buf_add(t, l->text, l->len);
}

static struct para *para_new(struct builder *bd, const struct line *l, float ref0, float ref1)
{
	bd->v = xgrow(bd->v, &bd->cap, bd->n + 1, sizeof *bd->v);
	struct para *p = &bd->v[bd->n++];
	memset(p, 0, sizeof *p);
	p->size = l->size;
	p->bold = l->bold;
	p->mono = l->mono;
	p->x0 = l->x0;
	p->y0 = l->y0;
	p->x1 = l->x1;
	p->y1 = l->y1;
	p->ref0 = ref0;
	p->ref1 = ref1;
	return p;
}

static void para_add(struct builder *bd, struct para *p, const struct line *l, float ref0,
		     float ref1)
{
	if (p->mono) {
		/* A blank line inside a listing stays. */
		if (p->last && l->base - p->last->base > 1.8f * l->size) {
			strvec_push(&p->code, "");
			p->code_x = xrealloc(p->code_x, p->code.n * sizeof *p->code_x);
			p->code_x[p->code.n - 1] = INFINITY;
		}
		strvec_push(&p->code, l->text);
		p->code_x = xrealloc(p->code_x, (p->code.n) * sizeof *p->code_x);
		p->code_x[p->code.n - 1] = l->x0;
	} else {
		para_join(bd, p, l);
	}
	p->nlines++;
	p->bold = p->bold && l->bold;
	p->x0 = fminf(p->x0, l->x0);
	p->x1 = fmaxf(p->x1, l->x1);
	p->y1 = fmaxf(p->y1, l->y1);
	p->last = l;
	p->ref0 = ref0;
	p->ref1 = ref1;
}

/* Does line l start a new paragraph after line p (same flow or not)? */
static bool breaks(const struct builder *bd, const struct para *cur, const struct line *p,
		   const struct line *l, float ref0, float ref1, bool *flow_change)
{
	bool same_flow = l->col == p->col && l->base > p->base + 0.3f * p->size &&
			 (l->col >= 0 || (l->x0 < p->x1 && l->x1 > p->x0));
	*flow_change = !same_flow;
	if (!same_flow)
		return true;
	if (l->mono != p->mono || fabsf(l->size - p->size) > 0.1f * p->size)
		return true;
	/* A bold line larger than its neighbour (a name over its
	 * affiliation); a bold run-in heading, no larger, goes on. */
	if (l->bold != p->bold && (l->bold ? l->size > 1.04f * p->size : p->size > 1.04f * l->size))
		return true;
	if (l->mono)
		return l->base - p->base > 4.0f * p->size;
	int k = BUCKET(p->size);
	float pitch = k >= 0 && k < MAX_BUCKET && bd->di->pitch[k] > 0 ? bd->di->pitch[k]
									  : 1.3f * p->size;
	if (l->base - p->base > pitch * 1.25f + 0.5f)
		return true;
	/* The lines of a title are short. */
	bool big = p->size >= 1.15f * bd->di->body && l->block == p->block;
	if (!big && short_line(p, cur->ref1, cur->ref0))
		return true;
	bool indented = l->x0 - ref0 > 0.5f * l->size && l->x0 > p->x0 + 0.5f * l->size;
	if (indented && ends_sentence(&cur->text))
		return true;
	(void)ref1;
	return false;
}

static void para_finish(struct builder *bd, struct para *p)
{
	if (!p)
		return;
	para_kind(bd, p);
}

/* The paragraphs of one page, lines taken in reading order. */
static void page_paras(struct builder *bd, struct page *pg)
{
	/* Blocks from the lines left after dropping running lines. */
	struct blk *b = NULL;
	size_t nb = 0, cap = 0;
	for (size_t i = 0; i < pg->n; i++) {
		struct line *l = &pg->v[i];
		if (l->drop)
			continue;
		if (!nb || b[nb - 1].first + b[nb - 1].n != i || pg->v[b[nb - 1].first].block != l->block) {
			b = xgrow(b, &cap, nb + 1, sizeof *b);
			b[nb++] = (struct blk){l->x0, l->y0, l->x1, l->y1, i, 0, 0};
		}
		struct blk *k = &b[nb - 1];
		k->n++;
		k->x0 = fminf(k->x0, l->x0);
		k->y0 = fminf(k->y0, l->y0);
		k->x1 = fmaxf(k->x1, l->x1);
		k->y1 = fmaxf(k->y1, l->y1);
	}
	float cx0[16], cx1[16], ax0 = INFINITY, ax1 = -INFINITY;
	int ncols = page_columns(b, nb, cx0, cx1, 16);
	for (size_t i = 0; i < nb; i++) {
		ax0 = fminf(ax0, b[i].x0);
		ax1 = fmaxf(ax1, b[i].x1);
	}
	size_t *order = xcalloc(nb ? nb : 1, sizeof *order);
	reading_order(b, nb, order);
	float bottoms[17];
	for (int c = 0; c <= ncols; c++)
		bottoms[c] = -INFINITY;
	for (size_t i = 0; i < nb; i++)
		for (size_t j = b[i].first; j < b[i].first + b[i].n; j++) {
			struct line *l = &pg->v[j];
			l->col = b[i].col;
			if (fabsf(l->size - bd->di->body) <= 0.1f * bd->di->body && !l->mono)
				bottoms[l->col + 1] = fmaxf(bottoms[l->col + 1], l->y0);
		}
	for (int c = 0; c <= ncols; c++)
		bottoms[c] = bottoms[c] == -INFINITY ? -INFINITY : bottoms[c] + 0.1f;
	bd->pg = pg;
	bd->body_bottom = bottoms;

	struct para *cur = NULL;
	ssize_t last_body = -1;
	const struct line *prev = NULL;
	for (size_t oi = 0; oi < nb; oi++) {
		const struct blk *k = &b[order[oi]];
		/* The edges lines are measured against: a block of several lines
		 * has its own, others those of their column. */
		float ref0 = k->n >= 3 ? k->x0 : k->col >= 0 ? cx0[k->col] : ax0;
		float ref1 = k->n >= 3 ? k->x1 : k->col >= 0 ? cx1[k->col] : ax1;
		for (size_t j = k->first; j < k->first + k->n; j++) {
			const struct line *l = &pg->v[j];
			bool flow = false;
			if (cur && !breaks(bd, cur, prev, l, ref0, ref1, &flow)) {
				para_add(bd, cur, l, ref0, ref1);
				prev = l;
				continue;
			}
			size_t cur_i = cur ? (size_t)(cur - bd->v) : 0;
			para_finish(bd, cur);
			if (cur && cur->kind == PDF_BODY)
				last_body = (ssize_t)cur_i;
			else if (cur && (cur->kind == PDF_HEADING || cur->kind == PDF_CODE))
				last_body = -1;
			/* A paragraph going on in the next column, past any caption
			 * or footnote in between. */
			if (flow && last_body >= 0) {
				struct para *lb = &bd->v[last_body];
				uint32_t c0 = 0;
				utf8_decode(l->text, l->len, &c0);
				bool indented = l->x0 - ref0 > 0.5f * l->size;
				if (lb->last->col >= 0 && l->col > lb->last->col && !l->mono &&
				    !lb->mono && l->bold == lb->bold &&
				    fabsf(l->size - lb->size) <= 0.1f * lb->size &&
				    !short_line(lb->last, lb->ref1, lb->ref0) && !indented &&
				    (!ends_sentence(&lb->text) || reflow_is_lower(c0))) {
					cur = lb;
					para_add(bd, cur, l, ref0, ref1);
					prev = l;
					continue;
				}
			}
			cur = para_new(bd, l, ref0, ref1);
			para_add(bd, cur, l, ref0, ref1);
			prev = l;
		}
	}
	para_finish(bd, cur);
	free(order);
	free(b);
}

/* Indentation of code lines as spaces, from their x. */
static void code_indent(struct para *p)
{
	float minx = INFINITY;
	for (size_t i = 0; i < p->code.n; i++)
		minx = fminf(minx, p->code_x[i]);
	float cw = 0.6f * p->size;
	for (size_t i = 0; i < p->code.n; i++) {
		if (!isfinite(p->code_x[i]))
			continue;
		int sp = (int)lrintf((p->code_x[i] - minx) / cw);
		if (sp <= 0)
			continue;
		if (sp > 40)
			sp = 40;
		char *s = xasprintf("%*s%s", sp, "", p->code.v[i]);
		free(p->code.v[i]);
		p->code.v[i] = s;
	}
}

static void block_push(struct pdf_page_text *pt, size_t *cap, struct para *p)
{
	struct pdf_block *last = pt->n ? &pt->blocks[pt->n - 1] : NULL;
	if (!last || last->kind != p->kind || p->kind == PDF_HEADING) {
		pt->blocks = xgrow(pt->blocks, cap, pt->n + 1, sizeof *pt->blocks);
		last = &pt->blocks[pt->n++];
		memset(last, 0, sizeof *last);
		last->kind = p->kind;
		last->level = p->level;
	}
	if (p->kind == PDF_CODE) {
		code_indent(p);
		for (size_t i = 0; i < p->code.n; i++) {
			last->paras = xrealloc(last->paras, (last->n + 1) * sizeof *last->paras);
			last->paras[last->n++] = p->code.v[i];
			p->code.v[i] = NULL;
		}
		return;
	}
	last->paras = xrealloc(last->paras, (last->n + 1) * sizeof *last->paras);
	last->paras[last->n++] = buf_detach(&p->text);
}

/* The page's paragraphs as blocks: footnotes after everything else. */
static void page_blocks(struct builder *bd, struct pdf_page_text *pt)
{
	size_t cap = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < bd->n; i++) {
			struct para *p = &bd->v[i];
			if ((p->kind == PDF_FOOTNOTE) == (pass == 1))
				block_push(pt, &cap, p);
		}
	for (size_t i = 0; i < bd->n; i++) {
		buf_free(&bd->v[i].text);
		strvec_free(&bd->v[i].code);
		free(bd->v[i].code_x);
	}
	bd->n = 0;
}

/* The body paragraph a page ends with (footnotes aside), or NULL. */
static char **page_last_body(struct pdf_page_text *pt)
{
	for (size_t b = pt->n; b-- > 0;) {
		if (pt->blocks[b].kind == PDF_FOOTNOTE)
			continue;
		return pt->blocks[b].kind == PDF_BODY && pt->blocks[b].n
			       ? &pt->blocks[b].paras[pt->blocks[b].n - 1]
			       : NULL;
	}
	return NULL;
}

/* A word split by a hyphen at the foot of a page is made whole at the top
 * of the next one ("pa-" + "per." -> "paper."). */
static void join_page_hyphens(struct pdf_doc_text *d, const struct docinfo *di)
{
	for (size_t i = 0; i + 1 < d->n; i++) {
		char **prev = page_last_body(&d->pages[i]);
		struct pdf_page_text *next = &d->pages[i + 1];
		if (!prev || !next->n || next->blocks[0].kind != PDF_BODY || !next->blocks[0].n)
			continue;
		char **np = &next->blocks[0].paras[0];
		struct buf t = {*prev, strlen(*prev), strlen(*prev) + 1};
		uint32_t c = 0;
		utf8_decode(*np, strlen(*np), &c);
		if (t.len < 2 || t.data[t.len - 1] != '-' || !reflow_is_lower(c))
			continue;
		size_t ws, wn = last_word(&t, &ws);
		if (ws == 0 || wn == 0 || t.data[ws - 1] != ' ')
			continue;
		enum hyphen h = reflow_hyphen(&di->words, t.data + ws, wn, *np, strlen(*np));
		char *joined = xasprintf("%.*s%s%s", (int)wn, t.data + ws,
					 h == HYPHEN_JOIN ? "" : h == HYPHEN_KEEP ? "-" : "- ", *np);
		free(*np);
		*np = joined;
		(*prev)[ws - 1] = '\0';
	}
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
	drop_running(pages, (size_t)n);
	doc_measure(pages, (size_t)n, di);
	struct pdf_doc_text *out = xcalloc(1, sizeof *out);
	out->n = (size_t)n;
	out->pages = xcalloc((size_t)n, sizeof *out->pages);
	out->warnings = warnings.v;
	out->nwarnings = warnings.n;
	struct builder bd = {.di = di};
	for (int i = 0; i < n; i++) {
		page_paras(&bd, &pages[i]);
		page_blocks(&bd, &out->pages[i]);
	}
	free(bd.v);
	join_page_hyphens(out, di);
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
