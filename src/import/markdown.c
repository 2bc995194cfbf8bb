/* markdown.c: run md4c over a reading list and keep what the recogniser
 * needs: a flat array of blocks in document order, each with its inline
 * text, its links and the source lines it covers. No recursion: deeply
 * nested input only makes the array longer. */
#include "config.h"

#include <md4c.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "import/private.h"

struct md_state {
	struct md_doc *doc;
	int *stack;             /* open blocks */
	size_t n_stack, cap_stack;
	int *links;             /* open links: index into top block's links, -1 if none */
	size_t n_links, cap_links;
	int *spans;             /* open emphasis spans: index into top block's spans */
	size_t n_spans, cap_spans;
	int img_depth;
	int code_block_depth;
};

static int top_block(const struct md_state *st)
{
	return st->n_stack ? st->stack[st->n_stack - 1] : 0;
}

static void node_cover(struct md_node *n, size_t first, size_t last)
{
	if (!n->has_off) {
		n->has_off = true;
		n->first_off = first;
		n->last_off = last;
		return;
	}
	if (first < n->first_off)
		n->first_off = first;
	if (last > n->last_off)
		n->last_off = last;
}

/* Offset of p in the document, or SIZE_MAX when md4c handed us a string
 * of its own (line breaks, replacement characters). */
static size_t doc_offset(const struct md_doc *doc, const char *p)
{
	uintptr_t a = (uintptr_t)p, base = (uintptr_t)doc->src;
	if (a < base || a >= base + doc->len)
		return SIZE_MAX;
	return (size_t)(a - base);
}

static enum md_kind block_kind(MD_BLOCKTYPE t)
{
	switch (t) {
	case MD_BLOCK_DOC: return MDN_DOC;
	case MD_BLOCK_QUOTE: return MDN_QUOTE;
	case MD_BLOCK_UL: case MD_BLOCK_OL: return MDN_LIST;
	case MD_BLOCK_LI: return MDN_ITEM;
	case MD_BLOCK_HR: return MDN_HR;
	case MD_BLOCK_H: return MDN_HEADING;
	case MD_BLOCK_CODE: return MDN_CODE;
	case MD_BLOCK_HTML: return MDN_HTML;
	case MD_BLOCK_P: return MDN_PARA;
	case MD_BLOCK_TABLE: return MDN_TABLE;
	case MD_BLOCK_TR: return MDN_ROW;
	case MD_BLOCK_TH: case MD_BLOCK_TD: return MDN_CELL;
	default: return MDN_OTHER;
	}
}

static int on_enter_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
	struct md_state *st = userdata;
	struct md_doc *doc = st->doc;
	if (type == MD_BLOCK_DOC && doc->n > 0)
		return 0;
	doc->nodes = xgrow(doc->nodes, &doc->cap, doc->n + 1, sizeof(*doc->nodes));
	struct md_node *n = &doc->nodes[doc->n];
	memset(n, 0, sizeof(*n));
	n->kind = block_kind(type);
	n->parent = doc->n ? top_block(st) : -1;
	if (type == MD_BLOCK_H)
		n->level = (int)((MD_BLOCK_H_DETAIL *)detail)->level;
	if (type == MD_BLOCK_LI) {
		MD_BLOCK_LI_DETAIL *d = detail;
		n->task = d->is_task != 0;
		n->task_mark = d->is_task ? d->task_mark : 0;
		if (d->is_task && d->task_mark_offset < doc->len)
			node_cover(n, d->task_mark_offset, d->task_mark_offset);
	}
	if (type == MD_BLOCK_TH)
		n->header_cell = true;
	if (type == MD_BLOCK_CODE)
		st->code_block_depth++;
	st->stack = xgrow(st->stack, &st->cap_stack, st->n_stack + 1, sizeof(*st->stack));
	st->stack[st->n_stack++] = (int)doc->n;
	doc->n++;
	return 0;
}

static int on_leave_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
	struct md_state *st = userdata;
	struct md_doc *doc = st->doc;
	UNUSED(detail);
	if (st->n_stack == 0)
		return 0;
	int i = st->stack[--st->n_stack];
	struct md_node *n = &doc->nodes[i];
	n->end = (int)doc->n;
	if (type == MD_BLOCK_CODE)
		st->code_block_depth--;
	if (n->has_off && n->parent >= 0)
		node_cover(&doc->nodes[n->parent], n->first_off, n->last_off);
	return 0;
}

/* Copy an md4c attribute, decoding the few entities URLs contain. */
static char *attr_string(const MD_ATTRIBUTE *a)
{
	struct buf b = BUF_INIT;
	for (unsigned i = 0; a->substr_offsets && a->substr_offsets[i] < a->size; i++) {
		const char *s = a->text + a->substr_offsets[i];
		size_t n = a->substr_offsets[i + 1] - a->substr_offsets[i];
		if (a->substr_types[i] == MD_TEXT_ENTITY && n == 5 && memcmp(s, "&amp;", 5) == 0)
			buf_addc(&b, '&');
		else if (a->substr_types[i] == MD_TEXT_NULLCHAR)
			buf_adds(&b, "\xEF\xBF\xBD");
		else
			buf_add(&b, s, n);
	}
	return buf_detach(&b);
}

static char span_kind(MD_SPANTYPE type)
{
	return type == MD_SPAN_STRONG ? 's' : type == MD_SPAN_EM ? 'e' : type == MD_SPAN_DEL ? 'd' : 0;
}

static int on_enter_span(MD_SPANTYPE type, void *detail, void *userdata)
{
	struct md_state *st = userdata;
	struct md_node *n = &st->doc->nodes[top_block(st)];
	if (span_kind(type)) {
		n->spans = xgrow(n->spans, &n->cap_spans, n->n_spans + 1, sizeof(*n->spans));
		n->spans[n->n_spans] = (struct md_span){ n->text.len, n->text.len, span_kind(type) };
		st->spans = xgrow(st->spans, &st->cap_spans, st->n_spans + 1, sizeof(*st->spans));
		st->spans[st->n_spans++] = (int)n->n_spans++;
		return 0;
	}
	if (type == MD_SPAN_IMG) {
		st->img_depth++;
		return 0;
	}
	if (type != MD_SPAN_A && type != MD_SPAN_WIKILINK)
		return 0;
	int idx = -1;
	if (st->img_depth == 0) {
		n->links = xgrow(n->links, &n->cap_links, n->n_links + 1, sizeof(*n->links));
		struct md_link *l = &n->links[n->n_links];
		memset(l, 0, sizeof(*l));
		if (type == MD_SPAN_A)
			l->href = attr_string(&((MD_SPAN_A_DETAIL *)detail)->href);
		else {
			l->href = attr_string(&((MD_SPAN_WIKILINK_DETAIL *)detail)->target);
			l->wiki = true;
		}
		l->start = l->end = n->text.len;
		l->image_only = true;
		idx = (int)n->n_links++;
	}
	st->links = xgrow(st->links, &st->cap_links, st->n_links + 1, sizeof(*st->links));
	st->links[st->n_links++] = idx;
	return 0;
}

static int on_leave_span(MD_SPANTYPE type, void *detail, void *userdata)
{
	struct md_state *st = userdata;
	struct md_node *n = &st->doc->nodes[top_block(st)];
	UNUSED(detail);
	if (span_kind(type)) {
		if (st->n_spans > 0) {
			int idx = st->spans[--st->n_spans];
			if (idx >= 0 && (size_t)idx < n->n_spans)
				n->spans[idx].end = n->text.len;
		}
		return 0;
	}
	if (type == MD_SPAN_IMG) {
		st->img_depth--;
		return 0;
	}
	if ((type != MD_SPAN_A && type != MD_SPAN_WIKILINK) || st->n_links == 0)
		return 0;
	int idx = st->links[--st->n_links];
	if (idx >= 0 && (size_t)idx < n->n_links)
		n->links[idx].end = n->text.len;
	return 0;
}

static bool starts_ci(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);
	return n >= k && strncasecmp(s, prefix, k) == 0;
}

static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Bare URLs (http://, https://, www.) in a run of plain text that starts at
 * byte `base` of n's text become links, as GitHub's autolinks do: the URL
 * ends at a space or '<', without trailing punctuation or an unbalanced ')'. */
static void text_autolinks(struct md_node *n, size_t base, const char *t, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (i > 0 && (is_alnum(t[i - 1]) || t[i - 1] == '/' || t[i - 1] == '.'))
			continue;
		if (!starts_ci(t + i, len - i, "http://") && !starts_ci(t + i, len - i, "https://") &&
		    !starts_ci(t + i, len - i, "www."))
			continue;
		size_t e = i;
		while (e < len && t[e] != ' ' && t[e] != '\t' && t[e] != '\n' && t[e] != '<' &&
		       (unsigned char)t[e] >= 0x20)
			e++;
		for (;;) {
			if (e > i && strchr("?!.,:;*_~'\"", t[e - 1])) {
				e--;
				continue;
			}
			if (e > i && t[e - 1] == ')') {
				long depth = 0;
				for (size_t k = i; k < e; k++)
					depth += t[k] == '(' ? 1 : t[k] == ')' ? -1 : 0;
				if (depth < 0) {
					e--;
					continue;
				}
			}
			break;
		}
		size_t host = i + (starts_ci(t + i, len - i, "www.") ? 4 :
				   starts_ci(t + i, len - i, "https://") ? 8 : 7);
		if (e <= host || !memchr(t + host, '.', e - host))
			continue;  /* no dot in it: not a host */
		n->links = xgrow(n->links, &n->cap_links, n->n_links + 1, sizeof(*n->links));
		struct md_link *l = &n->links[n->n_links++];
		memset(l, 0, sizeof(*l));
		l->href = xstrndup(t + i, e - i);
		l->start = base + i;
		l->end = base + e;
		i = e;
	}
}

/* "[[paper]](URL)": md4c reads a wiki link and then the text "(URL)".
 * When text right after a wiki link is "(http...)", that is the link's
 * destination: the wiki link becomes an ordinary link. Returns the bytes
 * of text used. */
static size_t wiki_label_url(struct md_node *n, const char *t, size_t len)
{
	if (n->n_links == 0 || len < 2 || t[0] != '(')
		return 0;
	struct md_link *l = &n->links[n->n_links - 1];
	if (!l->wiki || l->end != n->text.len || !(starts_ci(t + 1, len - 1, "http://") ||
						 starts_ci(t + 1, len - 1, "https://")))
		return 0;
	size_t e = 1;
	while (e < len && t[e] != ')' && t[e] != ' ' && t[e] != '\n' && t[e] != '(')
		e++;
	if (e >= len || t[e] != ')')
		return 0;
	free(l->href);
	l->href = xstrndup(t + 1, e - 1);
	l->wiki = false;
	l->image_only = false;
	return e + 1;
}

/* Append text, with a literal "<br>" (raw HTML is not parsed) as a line
 * break. */
static void add_text_br(struct buf *b, const char *t, size_t len)
{
	size_t i = 0;
	while (i < len) {
		const char *lt = memchr(t + i, '<', len - i);
		if (!lt) {
			buf_add(b, t + i, len - i);
			return;
		}
		size_t k = (size_t)(lt - t);
		buf_add(b, t + i, k - i);
		size_t j = k + 1;
		if (starts_ci(t + j, len - j, "br")) {
			j += 2;
			while (j < len && (t[j] == ' ' || t[j] == '/'))
				j++;
			if (j < len && t[j] == '>') {
				buf_addc(b, '\n');
				i = j + 1;
				continue;
			}
		}
		buf_addc(b, '<');
		i = k + 1;
	}
}

static int on_text(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *userdata)
{
	struct md_state *st = userdata;
	struct md_node *n = &st->doc->nodes[top_block(st)];
	size_t off = doc_offset(st->doc, text);
	if (off != SIZE_MAX && size > 0) {
		node_cover(n, off, off + size - 1);
		if (!n->has_own_off || off + size - 1 > n->own_last_off)
			n->own_last_off = off + size - 1;
		n->has_own_off = true;
	}
	switch (type) {
	case MD_TEXT_NULLCHAR:
		buf_adds(&n->text, "\xEF\xBF\xBD");
		break;
	case MD_TEXT_BR:
	case MD_TEXT_SOFTBR:
		buf_addc(&n->text, '\n');
		break;
	case MD_TEXT_ENTITY:
		if (size == 6 && memcmp(text, "&nbsp;", 6) == 0)
			buf_addc(&n->text, ' ');
		else if (size == 5 && memcmp(text, "&amp;", 5) == 0)
			buf_addc(&n->text, '&');
		else if (size == 4 && memcmp(text, "&lt;", 4) == 0)
			buf_addc(&n->text, '<');
		else if (size == 4 && memcmp(text, "&gt;", 4) == 0)
			buf_addc(&n->text, '>');
		else
			buf_add(&n->text, text, size);
		break;
	case MD_TEXT_NORMAL: {
		size_t skip = wiki_label_url(n, text, size);
		size_t base = n->text.len;
		add_text_br(&n->text, text + skip, size - skip);
		if (st->n_links == 0 && st->img_depth == 0 && st->code_block_depth == 0)
			text_autolinks(n, base, n->text.data + base, n->text.len - base);
		break;
	}
	default:
		buf_add(&n->text, text, size);
		break;
	}
	/* Text outside an image makes the enclosing link more than a badge. */
	if (st->img_depth == 0) {
		for (size_t i = 0; i < st->n_links; i++) {
			int idx = st->links[i];
			if (idx >= 0 && (size_t)idx < n->n_links && type != MD_TEXT_SOFTBR)
				n->links[idx].image_only = false;
		}
	}
	return 0;
}

int md_doc_parse(struct md_doc *doc, const char *src, size_t len, size_t start)
{
	memset(doc, 0, sizeof(*doc));
	doc->src = src;
	doc->len = len;
	size_t nl_cap = 0;
	for (const char *p = src; (p = memchr(p, '\n', len - (size_t)(p - src))) != NULL; p++) {
		doc->nl = xgrow(doc->nl, &nl_cap, doc->n_nl + 1, sizeof(*doc->nl));
		doc->nl[doc->n_nl++] = (size_t)(p - src);
		if ((size_t)(p - src) + 1 >= len)
			break;
	}
	struct md_state st = { .doc = doc };
	MD_PARSER parser = {
		.abi_version = 0,
		/* No permissive autolinks: md4c 0.4.8 takes quadratic time
		 * on them; bare URLs are found by text_autolinks() instead. */
		.flags = MD_FLAG_TABLES | MD_FLAG_TASKLISTS | MD_FLAG_STRIKETHROUGH |
			 MD_FLAG_WIKILINKS | MD_FLAG_LATEXMATHSPANS | MD_FLAG_NOHTML,
		.enter_block = on_enter_block,
		.leave_block = on_leave_block,
		.enter_span = on_enter_span,
		.leave_span = on_leave_span,
		.text = on_text,
	};
	int r = md_parse(src + start, (MD_SIZE)(len - start), &parser, &st);
	/* Close whatever md4c left open after an error. */
	while (st.n_stack > 0)
		on_leave_block(MD_BLOCK_DOC, NULL, &st);
	free(st.stack);
	free(st.links);
	free(st.spans);
	if (doc->n == 0) {
		doc->nodes = xgrow(doc->nodes, &doc->cap, 1, sizeof(*doc->nodes));
		memset(&doc->nodes[0], 0, sizeof(doc->nodes[0]));
		doc->nodes[0].parent = -1;
		doc->nodes[0].end = 1;
		doc->n = 1;
	}
	return r == 0 ? 0 : -1;
}

void md_doc_free(struct md_doc *doc)
{
	for (size_t i = 0; i < doc->n; i++) {
		struct md_node *n = &doc->nodes[i];
		buf_free(&n->text);
		for (size_t j = 0; j < n->n_links; j++)
			free(n->links[j].href);
		free(n->links);
		free(n->spans);
	}
	free(doc->nodes);
	free(doc->nl);
	memset(doc, 0, sizeof(*doc));
}

int md_doc_line(const struct md_doc *doc, size_t off)
{
	size_t lo = 0, hi = doc->n_nl;
	while (lo < hi) {             /* count newlines before off */
		size_t mid = lo + (hi - lo) / 2;
		if (doc->nl[mid] < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo + 1 > (size_t)INT32_MAX ? INT32_MAX : (int)(lo + 1);
}

int md_doc_n_lines(const struct md_doc *doc)
{
	size_t n = doc->n_nl + 1;
	return n > (size_t)INT32_MAX ? INT32_MAX : (int)n;
}

size_t md_doc_line_start(const struct md_doc *doc, int line)
{
	if (line <= 1)
		return 0;
	if ((size_t)(line - 1) > doc->n_nl)
		return doc->len;
	return doc->nl[line - 2] + 1;
}

static bool line_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return false;
	return true;
}

char *md_doc_lines(const struct md_doc *doc, int first, int last)
{
	int nlines = md_doc_n_lines(doc);
	if (first < 1)
		first = 1;
	if (last > nlines)
		last = nlines;
	/* Trim blank lines at both ends. */
	while (first <= last) {
		size_t a = md_doc_line_start(doc, first), b = md_doc_line_start(doc, first + 1);
		if (!line_blank(doc->src + a, b - a))
			break;
		first++;
	}
	while (last >= first) {
		size_t a = md_doc_line_start(doc, last), b = md_doc_line_start(doc, last + 1);
		if (!line_blank(doc->src + a, b - a))
			break;
		last--;
	}
	if (first > last)
		return NULL;
	/* Common indentation of the non-blank lines (same bytes). */
	const char *ref = NULL;
	size_t indent = SIZE_MAX;
	for (int l = first; l <= last; l++) {
		size_t a = md_doc_line_start(doc, l), b = md_doc_line_start(doc, l + 1);
		const char *s = doc->src + a;
		if (line_blank(s, b - a))
			continue;
		size_t k = 0;
		while (k < b - a && (s[k] == ' ' || s[k] == '\t') && (!ref || k < indent) &&
		       (!ref || s[k] == ref[k]))
			k++;
		if (!ref || k < indent)
			indent = k;
		if (!ref)
			ref = s;
	}
	struct buf out = BUF_INIT;
	for (int l = first; l <= last; l++) {
		size_t a = md_doc_line_start(doc, l), b = md_doc_line_start(doc, l + 1);
		size_t n = b - a;
		const char *s = doc->src + a;
		if (n > 0 && s[n - 1] == '\n')
			n--;
		if (n > 0 && s[n - 1] == '\r')
			n--;
		if (line_blank(s, n))
			n = 0;
		else if (indent != SIZE_MAX && n >= indent) {
			s += indent;
			n -= indent;
		}
		buf_add(&out, s, n);
		if (l < last)
			buf_addc(&out, '\n');
	}
	return buf_detach(&out);
}
