/* summarize_text.c: cleaning, sectioning and chunking a paper's text for
 * the summariser. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "llm/extractive.h"
#include "llm/summarize.h"
#include "llm/tokenizer.h"

static bool is_blank_line(const char *p, const char *e)
{
	for (; p < e; p++)
		if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\f')
			return false;
	return true;
}

char *summarize_clean(const char *text)
{
	struct buf out = BUF_INIT;
	const char *p = text, *end = text + strlen(text);
	bool in_para = false;
	while (p < end) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		if (!e)
			e = end;
		if (is_blank_line(p, e)) {
			if (in_para)
				buf_adds(&out, "\n\n");
			in_para = false;
		} else {
			const char *s = p, *t = e;
			while (s < t && (*s == ' ' || *s == '\t' || *s == '\f' || *s == '\r'))
				s++;
			while (t > s && (t[-1] == ' ' || t[-1] == '\t' || t[-1] == '\r' || t[-1] == '\f'))
				t--;
			if (in_para) {
				/* "es-" + "tablished": join a word hyphenated at the line end */
				bool hyph = out.len >= 2 && out.data[out.len - 1] == '-' &&
					    isalpha((unsigned char)out.data[out.len - 2]) &&
					    islower((unsigned char)*s);
				if (hyph)
					out.len--;
				else
					buf_addc(&out, ' ');
			}
			for (const char *q = s; q < t; q++)
				if (*q != '\f')
					buf_addc(&out, *q == '\t' ? ' ' : *q);
			in_para = true;
		}
		p = e + 1;
	}
	while (out.len && out.data[out.len - 1] == '\n')
		out.len--;
	if (out.data)
		out.data[out.len] = '\0';
	return buf_detach(&out);
}

enum heading { H_NONE, H_OTHER, H_ABSTRACT, H_INTRO, H_CONCL, H_REFS };

/* Skip a section number: "1", "1.", "1.2", "IV.", "A." */
static const char *skip_number(const char *s, const char *e, int *num)
{
	const char *p = s;
	*num = 0;
	if (p < e && isdigit((unsigned char)*p)) {
		while (p < e && isdigit((unsigned char)*p))
			*num = *num * 10 + (*p++ - '0');
		while (p < e && (*p == '.' || isdigit((unsigned char)*p)))
			p++;
	} else {
		while (p < e && strchr("IVX", *p))
			p++;
		if (p == s || p >= e || *p != '.')
			return s;
		p++;
	}
	if (p < e && *p != ' ')
		return s;
	while (p < e && *p == ' ')
		p++;
	return p;
}

static bool word_is(const char *p, const char *e, const char *w)
{
	size_t n = strlen(w);
	if ((size_t)(e - p) < n || strncasecmp(p, w, n) != 0)
		return false;
	return p + n == e || !isalpha((unsigned char)p[n]);
}

/* What heading, if any, the paragraph [p, e) is. */
static enum heading classify(const char *p, const char *e, int *num)
{
	const char *s = skip_number(p, e, num);
	size_t len = (size_t)(e - s);
	bool numbered = s != p;
	static const char *const intro[] = {"Introduction", NULL};
	static const char *const concl[] = {"Conclusions", "Conclusion", "Concluding remarks",
					    "Summary and conclusions", "Discussion and conclusions",
					    "Summary", "Discussion", NULL};
	static const char *const refs[] = {"References", "Bibliography", "Acknowledgments",
					   "Acknowledgements", NULL};
	if (len <= 40) {
		for (int i = 0; intro[i]; i++)
			if (word_is(s, e, intro[i]) && (size_t)(e - s) <= strlen(intro[i]) + 1)
				return H_INTRO;
		for (int i = 0; concl[i]; i++)
			if (word_is(s, e, concl[i]) && (size_t)(e - s) <= strlen(concl[i]) + 1)
				return H_CONCL;
		for (int i = 0; refs[i]; i++)
			if (word_is(s, e, refs[i]) && (size_t)(e - s) <= strlen(refs[i]) + 1)
				return H_REFS;
		if (!numbered && word_is(s, e, "Abstract") && (size_t)(e - s) <= 9)
			return H_ABSTRACT;
	}
	/* Any other short line that looks like a title: no final period, a
	 * capital or a number first, a few words. */
	if (len == 0 || len > 60 || e[-1] == '.' || e[-1] == ',' || e[-1] == ':')
		return H_NONE;
	if (!isupper((unsigned char)*s))
		return H_NONE;
	int words = 1;
	for (const char *q = s; q < e; q++)
		words += *q == ' ';
	if (words > 8)
		return H_NONE;
	return numbered ? H_OTHER : (words <= 6 ? H_OTHER : H_NONE);
}

struct para {
	const char *s, *e;
	enum heading h;
	int num;
	bool numbered;
};

static char *join_paras(const struct para *v, size_t from, size_t to)
{
	if (from >= to)
		return NULL;
	return xstrndup(v[from].s, (size_t)(v[to - 1].e - v[from].s));
}

/* Index of the paragraph that ends the section starting at heading i. */
static size_t section_end(const struct para *v, size_t n, size_t i)
{
	for (size_t j = i + 1; j < n; j++) {
		if (v[j].h == H_NONE)
			continue;
		if (v[j].h != H_OTHER)
			return j;
		/* "1. Introduction" ends at "2. ...", not at "1.1 ..." */
		if (v[i].numbered && v[j].numbered && v[j].num == v[i].num)
			continue;
		if (v[i].numbered && !v[j].numbered)
			continue;
		return j;
	}
	return n;
}

void summarize_parts(const char *clean, struct summary_parts *out)
{
	memset(out, 0, sizeof *out);
	struct para *v = NULL;
	size_t n = 0, cap = 0;
	for (const char *p = clean; *p;) {
		const char *e = strstr(p, "\n\n");
		if (!e)
			e = p + strlen(p);
		v = xgrow(v, &cap, n + 1, sizeof *v);
		struct para *q = &v[n++];
		q->s = p;
		q->e = e;
		q->h = classify(p, e, &q->num);
		q->numbered = skip_number(p, e, &q->num) != p;
		p = *e ? e + 2 : e;
	}
	size_t intro = n, concl = n, refs = n, abs = n;
	for (size_t i = 0; i < n; i++) {
		if (v[i].h == H_INTRO && intro == n)
			intro = i;
		else if (v[i].h == H_ABSTRACT && abs == n)
			abs = i;
		else if (v[i].h == H_CONCL && intro != n)
			concl = i; /* the last one */
		else if (v[i].h == H_REFS && i > intro && intro != n && refs == n)
			refs = i;
	}
	if (concl != n && refs < concl)
		refs = n; /* acknowledgements before the conclusion: not the end */
	if (intro == n) {
		out->rest = n ? join_paras(v, 0, refs) : NULL;
		free(v);
		return;
	}
	out->head = join_paras(v, 0, intro);
	if (abs < intro)
		out->abstract = join_paras(v, abs + 1, section_end(v, intro, abs));
	size_t intro_end = section_end(v, n, intro);
	if (intro_end > refs)
		intro_end = refs;
	out->intro = join_paras(v, intro, intro_end);
	size_t concl_end = concl;
	if (concl != n) {
		concl_end = section_end(v, n, concl);
		if (concl_end > refs && refs > concl)
			concl_end = refs;
		out->conclusion = join_paras(v, concl, concl_end);
	}
	struct buf rest = BUF_INIT;
	for (size_t i = intro_end; i < refs; i++) {
		if (concl != n && i >= concl && i < concl_end)
			continue;
		if (rest.len)
			buf_adds(&rest, "\n\n");
		buf_add(&rest, v[i].s, (size_t)(v[i].e - v[i].s));
	}
	out->rest = rest.len ? buf_detach(&rest) : NULL;
	free(v);
}

void summary_parts_free(struct summary_parts *p)
{
	FREE(&p->head);
	FREE(&p->abstract);
	FREE(&p->intro);
	FREE(&p->conclusion);
	FREE(&p->rest);
}

/* Code, formulas, tables: many symbols or digits for their letters. */
static bool looks_like_code(const char *p, size_t n)
{
	size_t sym = 0, letters = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (strchr("{}();=<>[]#$\\_|&*+/~^", c) && c)
			sym++;
		else if (isalpha(c) || c >= 0x80)
			letters++;
	}
	return sym * 10 > letters || (n >= 2 && (memcmp(p, "R>", 2) == 0 || memcmp(p, "> ", 2) == 0));
}

/* Append the paragraphs of text that are prose. */
static void add_prose(struct buf *b, const char *text)
{
	for (const char *p = text; *p;) {
		const char *e = strstr(p, "\n\n");
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (!looks_like_code(p, n)) {
			if (b->len)
				buf_adds(b, "\n\n");
			buf_add(b, p, n);
		}
		p += n;
		if (*p)
			p += 2;
	}
}

char *summarize_reorder(const char *text)
{
	char *clean = summarize_clean(text);
	struct summary_parts parts;
	summarize_parts(clean, &parts);
	struct buf b = BUF_INIT;
	const char *order[] = {parts.head, parts.intro, parts.conclusion, parts.rest};
	for (size_t i = 0; i < ARRAY_SIZE(order); i++) {
		if (order[i])
			add_prose(&b, order[i]);
	}
	summary_parts_free(&parts);
	free(clean);
	return buf_detach(&b);
}

size_t summarize_count_tokens(const struct tokenizer *t, const char *s, size_t len)
{
	if (!t)
		return (len + 2) / 3;
	int32_t *ids = NULL;
	size_t n = 0;
	if (tok_encode(t, s, len, false, false, &ids, &n, NULL) < 0)
		n = (len + 2) / 3;
	free(ids);
	return n;
}

/* The longest prefix of [s, s+len) ending at one of the cut points that
 * fits budget; cut points found by next(), which returns the end of the next
 * unit after a position or 0 when none. Binary search over the units. */
typedef size_t next_cut_fn(const char *s, size_t len, size_t from);

static size_t cut_paragraph(const char *s, size_t len, size_t from)
{
	const char *p = from < len ? strstr(s + from, "\n\n") : NULL;
	if (!p || (size_t)(p - s) >= len)
		return from < len ? len : 0;
	return (size_t)(p - s) + 2;
}

static size_t cut_sentence(const char *s, size_t len, size_t from)
{
	for (size_t i = from; i + 1 < len; i++)
		if ((s[i] == '.' || s[i] == '?' || s[i] == '!' || s[i] == '\n') && s[i + 1] == ' ')
			return i + 2;
	return from < len ? len : 0;
}

static size_t cut_word(const char *s, size_t len, size_t from)
{
	for (size_t i = from + 1; i < len; i++)
		if (s[i] == ' ')
			return i + 1;
	return from < len ? len : 0;
}

static size_t cut_char(const char *s, size_t len, size_t from)
{
	if (from >= len)
		return 0;
	size_t i = from + 1;
	while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
		i++;
	return i;
}

/* Largest unit boundary <= len whose prefix fits; 0 if even the first
 * unit does not. */
static size_t fit(const struct tokenizer *t, const char *s, size_t len, size_t budget,
		  next_cut_fn *next)
{
	size_t best = 0, pos = 0;
	/* No token is longer than 16 bytes in practice: look no further than
	 * that, and do not take the window's end for a boundary. */
	bool windowed = len / 16 > budget;
	if (windowed)
		len = budget * 16;
	/* grow geometrically, then refine linearly: counts are monotone */
	size_t *cuts = NULL, n = 0, cap = 0;
	while ((pos = next(s, len, pos)) != 0) {
		if (pos >= len && windowed && next != cut_char)
			break;
		cuts = xgrow(cuts, &cap, n + 1, sizeof *cuts);
		cuts[n++] = pos;
		if (pos >= len)
			break;
	}
	size_t lo = 0, hi = n; /* cuts[lo-1] fits; find the last that fits */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (summarize_count_tokens(t, s, cuts[mid]) <= budget)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo > 0)
		best = cuts[lo - 1];
	free(cuts);
	return best;
}

void summarize_chunks(const struct tokenizer *t, const char *text, size_t budget,
		      struct strvec *out)
{
	static next_cut_fn *const levels[] = {cut_paragraph, cut_sentence, cut_word, cut_char};
	const char *s = text;
	size_t len = strlen(text);
	if (budget == 0)
		budget = 1;
	while (len) {
		while (len && (*s == ' ' || *s == '\n'))
			s++, len--;
		if (!len)
			break;
		size_t take = 0;
		for (size_t i = 0; i < ARRAY_SIZE(levels) && !take; i++)
			take = fit(t, s, len, budget, levels[i]);
		if (!take)
			take = cut_char(s, len, 0); /* one character over budget: still progress */
		size_t keep = take;
		while (keep && (s[keep - 1] == ' ' || s[keep - 1] == '\n'))
			keep--;
		if (keep)
			strvec_push_owned(out, xstrndup(s, keep));
		s += take;
		len -= take;
	}
}

char *summarize_extractive(const char *text, size_t n)
{
	char *clean = summarize_clean(text);
	struct summary_parts p;
	summarize_parts(clean, &p);
	/* The abstract, introduction and conclusion say what the paper is
	 * about; the middle sections' central sentences are details. */
	struct buf b = BUF_INIT;
	const char *parts[] = {p.abstract ? p.abstract : p.head, p.intro, p.conclusion};
	for (size_t i = 0; i < ARRAY_SIZE(parts); i++)
		if (parts[i])
			buf_printf(&b, "%s%s", b.len ? "\n\n" : "", parts[i]);
	char *sum = extractive_summary(b.len > 400 ? buf_str(&b) : clean, n);
	buf_free(&b);
	summary_parts_free(&p);
	free(clean);
	return sum;
}
