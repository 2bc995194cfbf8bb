/* paras.c: a page's lines, in reading order, joined into paragraphs:
 * breaks, de-hyphenation, and the kind of each (heading, caption,
 * footnote, code, body). */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/reflow.h"
#include "util/util.h"

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
	int ncols = reflow_columns(b, nb, cx0, cx1, 16);
	for (size_t i = 0; i < nb; i++) {
		ax0 = fminf(ax0, b[i].x0);
		ax1 = fmaxf(ax1, b[i].x1);
	}
	size_t *order = xcalloc(nb ? nb : 1, sizeof *order);
	reflow_reading_order(b, nb, order);
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
		float cols = (p->code_x[i] - minx) / cw;
		if (!(cols >= 0.5f))
			continue;
		int sp = cols > 40 ? 40 : (int)lrintf(cols);
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
void reflow_join_page_hyphens(struct pdf_doc_text *d, const struct docinfo *di)
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

/* Does a paragraph end a sentence (or a clause that may end one: ':' and
 * ';' before a list or a display)? Closing quotes and brackets aside. */
static bool ends_clause(const char *s)
{
	size_t n = strlen(s);
	while (n > 0) {
		size_t start = n - 1;
		while (start > 0 && ((unsigned char)s[start] & 0xC0) == 0x80)
			start--;
		uint32_t c = 0;
		utf8_decode(s + start, n - start, &c);
		if (c == ' ' || c == ')' || c == ']' || c == '"' || c == '\'' || c == 0x201D ||
		    c == 0x2019 || c == 0xBB) {
			n = start;
			continue;
		}
		return c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == 0x2026;
	}
	return true; /* nothing to continue */
}

/* A paragraph that runs from the foot of a page onto the next is made one,
 * on the page where it starts: when the page's last body paragraph
 * (footnotes aside; not a heading, caption or code) ends no sentence and
 * the next page's first body paragraph (after any captions of a figure at
 * its top, not after a heading or code) starts with a lowercase letter. */
void reflow_join_page_paras(struct pdf_doc_text *d)
{
	for (size_t i = 0; i + 1 < d->n; i++) {
		char **prev = page_last_body(&d->pages[i]);
		struct pdf_page_text *next = &d->pages[i + 1];
		size_t b = 0;
		while (b < next->n && next->blocks[b].kind == PDF_CAPTION)
			b++;
		if (!prev || b >= next->n || next->blocks[b].kind != PDF_BODY || !next->blocks[b].n)
			continue;
		struct pdf_block *nb = &next->blocks[b];
		uint32_t c = 0;
		utf8_decode(nb->paras[0], strlen(nb->paras[0]), &c);
		if (!**prev || ends_clause(*prev) || !reflow_is_lower(c))
			continue;
		size_t len = strlen(*prev);
		/* "C++-" + "based": the hyphen the page break left stays, no space */
		bool glue = len >= 2 && (*prev)[len - 1] == '-' && (*prev)[len - 2] != ' ';
		char *joined = xasprintf("%s%s%s", *prev, glue ? "" : " ", nb->paras[0]);
		free(*prev);
		*prev = joined;
		free(nb->paras[0]);
		memmove(nb->paras, nb->paras + 1, (nb->n - 1) * sizeof *nb->paras);
		if (--nb->n == 0) {
			free(nb->paras);
			memmove(nb, nb + 1, (next->n - b - 1) * sizeof *nb);
			next->n--;
		}
	}
}


void reflow_page(const struct docinfo *di, struct page *pg, struct pdf_page_text *out)
{
	struct builder bd = {.di = di};
	page_paras(&bd, pg);
	page_blocks(&bd, out);
	free(bd.v);
}
