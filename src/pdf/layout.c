/* layout.c: what the pages of a document share (running headers and
 * footers, the body's size and line pitch), and each page's columns and
 * reading order. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/reflow.h"
#include "util/util.h"

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
void reflow_drop_running(struct page *pages, size_t npages)
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
void reflow_measure(struct page *pages, size_t npages, struct docinfo *di)
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


/* Columns of a page from the gaps between narrow blocks that stand side by
 * side; each block gets its column, or -1 when it spans a gutter. */
int reflow_columns(struct blk *b, size_t nb, float *cx0, float *cx1, int maxcols)
{
	float ax0 = INFINITY, ax1 = -INFINITY;
	for (size_t i = 0; i < nb; i++) {
		ax0 = fminf(ax0, b[i].x0);
		ax1 = fmaxf(ax1, b[i].x1);
	}
	float aw = ax1 - ax0;
	float bounds[16];
	int nbounds = 0;
	if (nb > 1 && aw > 20 && isfinite(aw)) {
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
void reflow_reading_order(const struct blk *b, size_t nb, size_t *order)
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
