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

/* The first n sentences of text, one per line, whitespace squeezed. */
static void first_sentences(struct buf *b, const char *text, size_t n)
{
	struct ext_sentence *v = NULL;
	size_t k = extractive_split(text, strlen(text), &v);
	for (size_t i = 0; i < k && n; i++) {
		const char *s = text + v[i].start;
		size_t len = v[i].len;
		/* a heading or a fragment is not a sentence */
		if (len < 20 || !memchr(s, ' ', len))
			continue;
		bool space = false;
		for (size_t j = 0; j < len; j++) {
			if (strchr(" \t\n\r\f", s[j])) {
				space = true;
				continue;
			}
			if (space && b->len && b->data[b->len - 1] != '\n')
				buf_addc(b, ' ');
			space = false;
			buf_addc(b, s[j]);
		}
		buf_addc(b, '\n');
		n--;
	}
	free(v);
}

char *summarize_lead3(const char *text)
{
	char *clean = summarize_clean(text);
	struct summary_parts p;
	summarize_parts(clean, &p);
	struct buf prose = BUF_INIT, b = BUF_INIT;
	const char *from = p.intro ? p.intro : p.rest ? p.rest : clean;
	if (p.intro) {
		/* past the heading */
		const char *e = strstr(from, "\n\n");
		from = e ? e + 2 : "";
	}
	add_prose(&prose, from);
	first_sentences(&b, buf_str(&prose), 3);
	buf_free(&prose);
	summary_parts_free(&p);
	free(clean);
	if (!b.len)
		buf_adds(&b, "");
	return buf_detach(&b);
}

/* ---- faithfulness ---- */

/* Words a summary uses to talk about a paper, and function words: not
 * claims about its content. */
static const char *const faith_stop[] = { /* sorted */
        "about", "above", "after", "again", "against", "also", "among", "approach", "article",
        "authors", "based", "because", "been", "before", "being", "below", "between", "both",
        "brief", "briefly", "could", "describe", "described", "describes", "does", "done",
        "during", "each", "either", "even", "every", "find", "finds", "first", "focus",
        "focuses", "from", "further", "given", "have", "having", "here", "highlight",
        "highlights", "however", "into", "introduce", "introduces", "itself", "just", "key",
        "like", "main", "make", "makes", "many", "more", "most", "much", "must", "need", "only",
        "other", "others", "over", "overall", "paper", "point", "points", "present", "presents",
        "problem", "propose", "proposes", "provide", "provides", "result", "results", "same",
        "several", "shall", "should", "show", "shows", "since", "some", "study", "such",
        "summary", "than", "that", "their", "them", "then", "there", "these", "they", "this",
        "those", "through", "under", "until", "upon", "used", "uses", "using", "very", "want",
        "well", "were", "what", "when", "where", "whether", "which", "while", "will", "with",
        "within", "without", "work", "would", "your",
};

static int cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool word_byte(unsigned char c)
{
	return isalnum(c) || c >= 0x80;
}

/* The words of text, lowercased, in order. */
static void words_of(const char *text, struct strvec *out, struct strvec *orig)
{
	for (const char *p = text; *p;) {
		if (!word_byte((unsigned char)*p)) {
			p++;
			continue;
		}
		const char *s = p;
		while (*p && (word_byte((unsigned char)*p) ||
			      ((*p == '.' || *p == ',') && isdigit((unsigned char)p[-1]) &&
			       isdigit((unsigned char)p[1]))))
			p++;
		char *w = xstrndup(s, (size_t)(p - s));
		if (orig)
			strvec_push(orig, w);
		for (char *q = w; *q; q++)
			*q = (char)tolower((unsigned char)*q);
		strvec_push_owned(out, w);
	}
}

static bool in_sorted(const struct strvec *v, const char *w)
{
	return v->n && bsearch(&w, v->v, v->n, sizeof *v->v, cmp_cstr) != NULL;
}

double summary_faithfulness(const char *summary, const char *source)
{
	struct strvec src = STRVEC_INIT, pre = STRVEC_INIT, sum = STRVEC_INIT, orig = STRVEC_INIT;
	words_of(source, &src, NULL);
	for (size_t i = 0; i < src.n; i++)
		if (strlen(src.v[i]) >= 5)
			strvec_push_owned(&pre, xstrndup(src.v[i], 5));
	qsort(src.v, src.n, sizeof *src.v, cmp_cstr);
	qsort(pre.v, pre.n, sizeof *pre.v, cmp_cstr);
	words_of(summary, &sum, &orig);
	size_t content = 0, found = 0;
	for (size_t i = 0; i < sum.n; i++) {
		const char *w = sum.v[i];
		size_t len = strlen(w);
		bool digit = false;
		for (const char *q = w; *q; q++)
			digit |= isdigit((unsigned char)*q) != 0;
		bool name = isupper((unsigned char)orig.v[i][0]) && len >= 2;
		bool stop = bsearch(&w, faith_stop, ARRAY_SIZE(faith_stop), sizeof *faith_stop,
				    cmp_cstr) != NULL;
		if (strcmp(w, "tl") == 0 || strcmp(w, "dr") == 0 || stop ||
		    !(digit || name || len >= 4))
			continue;
		content++;
		bool ok = in_sorted(&src, w);
		if (!ok && len >= 5 && !digit) {
			char *p5 = xstrndup(w, 5);
			ok = in_sorted(&pre, p5);
			free(p5);
		}
		found += ok;
	}
	strvec_free(&src);
	strvec_free(&pre);
	strvec_free(&sum);
	strvec_free(&orig);
	return content ? (double)found / (double)content : 1.0;
}

/* ---- shape ---- */

/* Squeezed copy of [s, s+n) without a leading list mark ("- ", "* ",
 * "1. ", "1) "). */
static char *point_text(const char *s, size_t n)
{
	while (n && strchr(" \t\n", *s))
		s++, n--;
	if (n >= 2 && strchr("-*\xe2", *s)) {
		if (*s == '\xe2' && n >= 3 && memcmp(s, "\xe2\x80\xa2", 3) == 0) /* • */
			s += 3, n -= 3;
		else if (*s != '\xe2' && s[1] == ' ')
			s++, n--;
	} else {
		size_t d = 0;
		while (d < n && isdigit((unsigned char)s[d]))
			d++;
		if (d && d < 3 && d + 1 < n && (s[d] == '.' || s[d] == ')') && s[d + 1] == ' ')
			s += d + 1, n -= d + 1;
	}
	struct buf b = BUF_INIT;
	bool space = false;
	for (size_t i = 0; i < n; i++) {
		if (strchr(" \t\n\r", s[i])) {
			space = true;
			continue;
		}
		if (space && b.len)
			buf_addc(&b, ' ');
		space = false;
		buf_addc(&b, s[i]);
	}
	if (!b.len)
		buf_adds(&b, "");
	return buf_detach(&b);
}

static bool ends_sentence(const char *s)
{
	size_t n = strlen(s);
	while (n && strchr("\"')]*", s[n - 1]))
		n--;
	return n && strchr(".!?", s[n - 1]);
}

void summary_shaper_init(struct summary_shaper *sh, const char *source)
{
	memset(sh, 0, sizeof *sh);
	sh->source = source;
}

void summary_shaper_free(struct summary_shaper *sh)
{
	buf_free(&sh->pending);
	buf_free(&sh->out);
	strvec_free(&sh->seen);
}

/* One finished unit (a line or a sentence) of the answer. */
static void shaper_unit(struct summary_shaper *sh, const char *u, size_t n)
{
	char *t = point_text(u, n);
	char *p = t;
	bool tldr = strncasecmp(p, "TL;DR", 5) == 0;
	if (tldr)
		p += 5;
	else if (strncasecmp(p, "Summary:", 8) == 0)
		p += 8;
	while (*p == ':' || *p == ' ' || *p == '-')
		p++;
	size_t len = strlen(p);
	if (tldr && sh->units > 0) {
		sh->done = true; /* the model starts over */
	} else if (len >= 8 && p[len - 1] != ':') { /* "Here is the summary:" says nothing */
		bool dup = false;
		for (size_t i = 0; i < sh->seen.n && !dup; i++)
			dup = strcasecmp(sh->seen.v[i], p) == 0;
		bool faithful = !sh->source ||
				summary_faithfulness(p, sh->source) >= SUMMARY_MIN_FAITHFUL_POINT;
		if (!faithful && sh->units)
			sh->dropped++;
		else if (!faithful)
			sh->tldr_unfaithful = true;
		if (!dup && (faithful || !sh->units)) {
			buf_printf(&sh->out, sh->units ? "- %s\n" : "TL;DR: %s\n", p);
			strvec_push(&sh->seen, p);
			if (++sh->units == SUMMARY_MAX_POINTS + 1)
				sh->done = true;
		}
	}
	free(t);
}

/* Where the first unit of s ends: after a newline, or after a sentence's
 * final mark followed by blanks and a capital or a digit; 0 when no unit
 * has ended yet. *blank: the unit is an empty line. */
static size_t unit_end(const char *s, size_t n, bool *blank)
{
	*blank = false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n') {
			size_t k = 0;
			while (k < i && strchr(" \t\r", s[k]))
				k++;
			*blank = k == i;
			return i + 1;
		}
		if (!strchr(".!?", s[i]) || i == 0 || i + 1 >= n || s[i + 1] != ' ')
			continue;
		size_t j = i + 1;
		while (j < n && s[j] == ' ')
			j++;
		if (j >= n)
			return 0; /* what follows is not known yet */
		/* not after "e.g." (a capital alone ends a sentence: "in R.") */
		bool initial = i >= 2 && islower((unsigned char)s[i - 1]) &&
			       !isalpha((unsigned char)s[i - 2]);
		if (!initial && (isupper((unsigned char)s[j]) || isdigit((unsigned char)s[j])))
			return j;
	}
	return 0;
}

bool summary_shaper_feed(struct summary_shaper *sh, const char *text, size_t len)
{
	if (sh->done)
		return true;
	buf_add(&sh->pending, text, len);
	size_t end;
	bool blank;
	while (!sh->done && (end = unit_end(buf_str(&sh->pending), sh->pending.len, &blank))) {
		if (blank && sh->units >= SUMMARY_MIN_POINTS + 1)
			sh->done = true; /* a blank line after the points: the end */
		else
			shaper_unit(sh, sh->pending.data, end);
		memmove(sh->pending.data, sh->pending.data + end, sh->pending.len - end);
		sh->pending.len -= end;
		sh->pending.data[sh->pending.len] = '\0';
	}
	return sh->done;
}

void summary_shaper_finish(struct summary_shaper *sh)
{
	if (!sh->done && sh->pending.len) {
		char *t = point_text(sh->pending.data, sh->pending.len);
		/* a sentence cut by the token cap is dropped */
		if (sh->units == 0 || ends_sentence(t))
			shaper_unit(sh, sh->pending.data, sh->pending.len);
		free(t);
	}
	buf_reset(&sh->pending);
	sh->done = true;
}

void summary_shaper_preview(const struct summary_shaper *sh, struct buf *out)
{
	buf_reset(out);
	buf_add(out, buf_str(&sh->out), sh->out.len);
	if (sh->units || sh->done || !sh->pending.len)
		return;
	/* the TL;DR as it grows, once it is surely no label or fragment */
	char *t = point_text(sh->pending.data, sh->pending.len);
	char *p = t;
	if (strncasecmp(p, "TL;DR", 5) == 0)
		p += 5;
	while (*p == ':' || *p == ' ' || *p == '-')
		p++;
	if (strlen(p) >= 12 && strncasecmp(p, "Summary", 7) != 0 && strncasecmp(t, "Summary", 7) != 0)
		buf_printf(out, "TL;DR: %s", p);
	free(t);
}

char *summary_shape(const char *answer)
{
	struct summary_shaper sh;
	summary_shaper_init(&sh, NULL);
	summary_shaper_feed(&sh, answer, strlen(answer));
	summary_shaper_finish(&sh);
	char *r = xstrdup(buf_str(&sh.out));
	summary_shaper_free(&sh);
	return r;
}

/* ---- strategies ---- */

static const char *const strategy_names[SUMMARY_N_STRATEGIES] = {
        [SUMMARY_LEAD3] = "lead3",     [SUMMARY_EXTRACTIVE] = "extractive",
        [SUMMARY_MAPREDUCE] = "mapreduce", [SUMMARY_ONEPASS] = "onepass",
        [SUMMARY_HYBRID] = "hybrid",
};

const char *summary_strategy_name(enum summary_strategy st)
{
	return (unsigned)st < SUMMARY_N_STRATEGIES ? strategy_names[st] : "?";
}

bool summary_strategy_parse(const char *name, enum summary_strategy *out)
{
	for (int i = 0; i < SUMMARY_N_STRATEGIES; i++)
		if (strcmp(name, strategy_names[i]) == 0) {
			*out = (enum summary_strategy)i;
			return true;
		}
	return false;
}

bool summary_strategy_uses_model(enum summary_strategy st)
{
	return st == SUMMARY_MAPREDUCE || st == SUMMARY_ONEPASS || st == SUMMARY_HYBRID;
}

const char *summary_strategy_names(void)
{
	return "lead3, extractive, mapreduce, onepass, hybrid";
}

char *summarize_without_model(enum summary_strategy st, const char *text)
{
	return st == SUMMARY_LEAD3 ? summarize_lead3(text) : summarize_extractive(text, 5);
}
