/* wrap.c: a page's reading text wrapped to a width in display cells. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pdf/pdf.h"
#include "util/util.h"

#define MIN_WIDTH 10
#define CAPTION_INDENT "    "
#define FOOTNOTE_RULE "----------"

static void push(struct pdf_lines *out, char *text, enum pdf_kind kind)
{
	out->v = xgrow(out->v, &out->cap, out->n + 1, sizeof *out->v);
	out->v[out->n++] = (struct pdf_line){text, kind};
}

static int cp_width(const char *s, size_t n, size_t *len)
{
	uint32_t c;
	size_t k = utf8_decode(s, n, &c);
	*len = k ? k : 1;
	return k ? utf8_cp_width(c) : 1;
}

/* Greedy fill of text into lines of at most width cells after prefix (the
 * first line) or indent (the others); a word wider than a line is cut. */
static void wrap(struct pdf_lines *out, const char *text, const char *prefix, const char *indent,
		 int width, enum pdf_kind kind)
{
	struct buf line = BUF_INIT;
	buf_adds(&line, prefix);
	int used = (int)utf8_width(prefix), start = used;
	bool empty = true;
	const char *p = text;
	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		const char *w = p;
		int ww = 0;
		while (*p && *p != ' ') {
			size_t k;
			ww += cp_width(p, strlen(p), &k);
			p += k;
		}
		if (!empty && used + 1 + ww > width) {
			push(out, buf_detach(&line), kind);
			buf_adds(&line, indent);
			used = start = (int)utf8_width(indent);
			empty = true;
		}
		if (!empty) {
			buf_addc(&line, ' ');
			used++;
		}
		/* A word wider than the line: cut it at the width. */
		for (const char *q = w; q < p;) {
			size_t k;
			int cw = cp_width(q, (size_t)(p - q), &k);
			if (used + cw > width && used > start) {
				push(out, buf_detach(&line), kind);
				buf_adds(&line, indent);
				used = start = (int)utf8_width(indent);
			}
			buf_add(&line, q, k);
			used += cw;
			q += k;
		}
		empty = false;
	}
	push(out, buf_detach(&line), kind);
}

/* A line kept as it is (code), cut into pieces of at most width cells. */
static void wrap_hard(struct pdf_lines *out, const char *text, int width, enum pdf_kind kind)
{
	struct buf line = BUF_INIT;
	int used = 0;
	for (const char *q = text; *q;) {
		size_t k;
		int cw = cp_width(q, strlen(q), &k);
		if (used + cw > width && used > 0) {
			push(out, buf_detach(&line), kind);
			used = 0;
		}
		buf_add(&line, q, k);
		used += cw;
		q += k;
	}
	push(out, buf_detach(&line), kind);
}

static void blank(struct pdf_lines *out)
{
	if (out->n && out->v[out->n - 1].text[0])
		push(out, xstrdup(""), PDF_BODY);
}

/* Which paragraph a display line of the page comes from. */
struct para_find {
	size_t line; /* counted from the page's first line */
	const char *para;
	enum pdf_kind kind;
};

/* The lines [from, out->n) came from text: is f's line among them? */
static void found(struct para_find *f, size_t first, size_t from, const struct pdf_lines *out,
		  const char *text, enum pdf_kind kind)
{
	if (f && !f->para && f->line >= from - first && f->line < out->n - first) {
		f->para = text;
		f->kind = kind;
	}
}

static void wrap_page(const struct pdf_doc_text *doc, size_t page, int width, struct pdf_lines *out,
		      struct para_find *f)
{
	if (!doc || page >= doc->n)
		return;
	if (width < MIN_WIDTH)
		width = MIN_WIDTH;
	const struct pdf_page_text *pt = &doc->pages[page];
	size_t first = out->n;
	bool rule = false;
	for (size_t b = 0; b < pt->n; b++) {
		const struct pdf_block *bl = &pt->blocks[b];
		if (bl->kind == PDF_FOOTNOTE && !rule) {
			if (out->n > first)
				blank(out);
			push(out, xstrdup(FOOTNOTE_RULE), PDF_FOOTNOTE);
			rule = true;
		}
		for (size_t i = 0; i < bl->n; i++) {
			const char *t = bl->paras[i];
			/* from: its first line, after the blank line before it */
			size_t from = out->n;
			switch (bl->kind) {
			case PDF_HEADING: {
				char prefix[8] = "### ";
				int lv = bl->level < 1 ? 1 : bl->level > 3 ? 3 : bl->level;
				prefix[lv] = ' ';
				prefix[lv + 1] = '\0';
				if (out->n > first)
					blank(out);
				from = out->n;
				wrap(out, t, prefix, "", width, bl->kind);
				break;
			}
			case PDF_CODE:
				if (i == 0 && out->n > first)
					blank(out);
				from = out->n;
				wrap_hard(out, t, width, bl->kind);
				break;
			case PDF_CAPTION:
				if (out->n > first)
					blank(out);
				from = out->n;
				wrap(out, t, CAPTION_INDENT, CAPTION_INDENT, width, bl->kind);
				break;
			case PDF_FOOTNOTE:
				from = out->n;
				wrap(out, t, "", "", width, bl->kind);
				break;
			case PDF_BODY:
				if (out->n > first)
					blank(out);
				from = out->n;
				wrap(out, t, "", "", width, bl->kind);
				break;
			}
			found(f, first, from, out, t, bl->kind);
		}
	}
}

void pdf_wrap_page(const struct pdf_doc_text *doc, size_t page, int width, struct pdf_lines *out)
{
	wrap_page(doc, page, width, out, NULL);
}

const char *pdf_wrap_para_at(const struct pdf_doc_text *doc, size_t page, int width, size_t line,
			     enum pdf_kind *kind)
{
	struct pdf_lines lines = PDF_LINES_INIT;
	struct para_find f = {line, NULL, PDF_BODY};
	wrap_page(doc, page, width, &lines, &f);
	pdf_lines_free(&lines);
	if (f.para && kind)
		*kind = f.kind;
	return f.para;
}

void pdf_lines_free(struct pdf_lines *lines)
{
	for (size_t i = 0; i < lines->n; i++)
		free(lines->v[i].text);
	free(lines->v);
	memset(lines, 0, sizeof *lines);
}

char *pdf_wrap_text(const struct pdf_doc_text *doc, size_t first, size_t last, int width)
{
	struct buf b = BUF_INIT;
	for (size_t p = first; doc && p <= last && p < doc->n; p++) {
		if (p > first)
			buf_addc(&b, '\f');
		struct pdf_lines lines = PDF_LINES_INIT;
		pdf_wrap_page(doc, p, width, &lines);
		for (size_t i = 0; i < lines.n; i++) {
			buf_adds(&b, lines.v[i].text);
			buf_addc(&b, '\n');
		}
		pdf_lines_free(&lines);
	}
	return buf_detach(&b);
}
