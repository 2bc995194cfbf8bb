/* cardgen.c: cards generated from the knowledge sections of reading lists
 * (what the user wrote down while learning): definition tables, bold-term
 * bullets, numbered stage lists, italic terms defined in a sentence,
 * "Q: ... A. ..." lines and formulas. What means nothing out of context is
 * left out: a cloze whose sentence is mostly the term, a cell that is a
 * number, a label with no definition. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "study/cards_private.h"

struct gen {
	const char *topic, *file;
	char *context; /* topic > title */
	int first_line;
	struct card_set *out;
};

/* s without Markdown emphasis (* and `), links reduced to their text,
 * white space squeezed. Caller frees. */
static char *plain(const char *s, size_t n)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '*' || c == '`')
			continue;
		if (c == '[') {
			/* [text](url) -> text */
			const char *close = memchr(s + i, ']', n - i);
			if (close && (size_t)(close - s) + 1 < n && close[1] == '(') {
				const char *end = memchr(close, ')', n - (size_t)(close - s));
				if (end) {
					buf_add(&b, s + i + 1, (size_t)(close - s) - i - 1);
					i = (size_t)(end - s);
					continue;
				}
			}
		}
		buf_addc(&b, c == '\t' ? ' ' : c);
	}
	char *r = str_squeeze(buf_str(&b));
	buf_free(&b);
	return r;
}

static char *plain_s(const char *s)
{
	return plain(s, strlen(s));
}

/* plain_s without emoji (and their variation selectors). Caller frees. */
static char *no_emoji(const char *s)
{
	struct buf b = BUF_INIT;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (!utf8_is_emoji(cp) && cp != 0xFE0F && cp != 0x200D)
			buf_add(&b, s + i, k);
		i += k;
	}
	char *r = plain_s(buf_str(&b));
	buf_free(&b);
	return r;
}

static size_t count_words(const char *s)
{
	size_t n = 0;
	bool in = false;
	for (; *s; s++) {
		bool w = !isspace((unsigned char)*s);
		if (w && !in)
			n++;
		in = w;
	}
	return n;
}

/* A number, a percentage, an amount: nothing to learn alone. */
static bool is_number(const char *s)
{
	bool digit = false;
	for (; *s; s++) {
		if (isdigit((unsigned char)*s))
			digit = true;
		else if (!strchr(" .,%$€£+-−×x~≈<>()/", *s) && !((unsigned char)*s >= 0x80))
			return false;
		else if ((unsigned char)*s >= 0x80 && !digit)
			return false;
	}
	return digit;
}

static void add(struct gen *g, enum card_kind kind, const char *front, const char *back,
		const char *extra, int idx)
{
	char *ctx = extra && *extra ? xasprintf("%s · %s", g->context, extra) : xstrdup(g->context);
	card_set_add(g->out, kind, front, back, g->topic, ctx, g->file, g->first_line + idx);
	free(ctx);
}

/* ---- tables ---- */

static void split_cells(const char *line, struct strvec *cells)
{
	const char *s = card_skip_ws(line);
	if (*s == '|')
		s++;
	while (*s) {
		const char *e = s;
		bool code = false;
		while (*e && (code || *e != '|')) {
			if (*e == '`')
				code = !code;
			if (*e == '\\' && e[1])
				e++;
			e++;
		}
		if (!*e && card_is_blank(s))
			break;
		strvec_push_owned(cells, plain(s, (size_t)(e - s)));
		s = *e ? e + 1 : e;
	}
}

static bool is_separator_row(const struct strvec *cells)
{
	if (!cells->n)
		return false;
	for (size_t i = 0; i < cells->n; i++) {
		const char *c = cells->v[i];
		if (*c == ':')
			c++;
		if (*c != '-')
			return false;
		while (*c == '-')
			c++;
		if (*c == ':')
			c++;
		if (*c)
			return false;
	}
	return true;
}

static void table_cards(struct gen *g, struct strvec *lines, size_t from, size_t to)
{
	struct strvec head = STRVEC_INIT, sep = STRVEC_INIT;
	split_cells(lines->v[from], &head);
	if (from + 1 < to)
		split_cells(lines->v[from + 1], &sep);
	if (head.n < 2 || !is_separator_row(&sep))
		goto out;
	struct buf hb = BUF_INIT;
	for (size_t i = 0; i < head.n; i++)
		buf_printf(&hb, "%s%s", i ? " | " : "", head.v[i]);
	for (size_t r = from + 2; r < to; r++) {
		struct strvec cells = STRVEC_INIT;
		split_cells(lines->v[r], &cells);
		const char *term = cells.n ? cells.v[0] : "";
		struct buf def = BUF_INIT;
		bool all_numbers = true;
		for (size_t c = 1; c < cells.n && c < head.n; c++) {
			if (!*cells.v[c])
				continue;
			if (!is_number(cells.v[c]))
				all_numbers = false;
			if (head.n == 2)
				buf_adds(&def, cells.v[c]);
			else
				buf_printf(&def, "%s%s: %s", def.len ? "; " : "", head.v[c], cells.v[c]);
		}
		if (*term && !is_number(term) && def.len && !all_numbers)
			add(g, CARD_TABLE, term, buf_str(&def), buf_str(&hb), (int)r);
		buf_free(&def);
		strvec_free(&cells);
	}
	buf_free(&hb);
out:
	strvec_free(&head);
	strvec_free(&sep);
}

/* ---- bold terms ---- */

/* Labels that name a part of the text, not a thing to learn. */
static bool generic_label(const char *t)
{
	static const char *const words[] = {"result", "results", "example", "examples", "note",
					    "notes", "summary", "tip", "warning", "output", "input",
					    "answer", "question", "see also", "todo", "update",
					    "important", "conclusion", "idea", "why", "how"};
	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (strcasecmp(t, words[i]) == 0)
			return true;
	return false;
}

/* "**Term:** def", "**Term**: def", "**Term** – def": term and definition
 * (plain text, caller frees); a term with nothing after it is a label
 * (*def is ""). Returns false when s does not start with a bold term. A
 * bold phrase followed by a sentence ("**RLHF** aligns ...") gives the
 * rest of the sentence in *verb with *def NULL. */
static bool bold_term(const char *s, char **term, char **def, char **verb)
{
	*term = *def = *verb = NULL;
	if (!str_starts_with(s, "**"))
		return false;
	const char *close = strstr(s + 2, "**");
	if (!close || close == s + 2)
		return false;
	char *t = plain(s + 2, (size_t)(close - s - 2));
	const char *rest = card_skip_ws(close + 2);
	size_t tn = strlen(t);
	const char *d = NULL;
	if (tn && t[tn - 1] == ':') {
		t[--tn] = '\0';
		d = rest;
	} else if (*rest == ':') {
		d = rest + 1;
	} else if (str_starts_with(rest, "- ") || str_starts_with(rest, "– ") ||
		   str_starts_with(rest, "— ")) {
		d = rest + (*rest == '-' ? 1 : 3);
	}
	str_trim(t);
	if (!*t) {
		free(t);
		return false;
	}
	*term = t;
	if (d)
		*def = plain_s(d);
	else if (*rest)
		*verb = plain_s(rest);
	else
		*def = xstrdup("");
	return true;
}

/* ---- italic terms in a sentence: clozes ---- */

static bool ends_with_word(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);
	if (n < k || strncasecmp(s + n - k, w, k) != 0)
		return false;
	return n == k || !isalnum((unsigned char)s[n - k - 1]);
}

/* Does the text before an italic term introduce it ("is called", "known
 * as", "aka the")? */
static bool introduces(const char *s, size_t n)
{
	while (n && s[n - 1] == ' ')
		n--;
	static const char *const articles[] = {"a", "an", "the"};
	for (size_t i = 0; i < ARRAY_SIZE(articles); i++)
		if (ends_with_word(s, n, articles[i])) {
			n -= strlen(articles[i]);
			while (n && s[n - 1] == ' ')
				n--;
			break;
		}
	static const char *const words[] = {"called", "known as", "aka", "termed", "named",
					    "refers to as", "is defined as"};
	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (ends_with_word(s, n, words[i]))
			return true;
	return false;
}

/* Does the text after an italic term at the start of a clause define it? */
static bool defines(const char *after)
{
	after = card_skip_ws(after);
	static const char *const words[] = {"is ", "are ", "refers to ", "means "};
	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (str_starts_with(after, words[i]))
			return true;
	return false;
}

static void cloze_clause(struct gen *g, const char *c, size_t n, int idx)
{
	for (size_t i = 0; i < n; i++) {
		if (c[i] != '*' || (i + 1 < n && c[i + 1] == '*') || (i && c[i - 1] == '*'))
			continue;
		const char *end = memchr(c + i + 1, '*', n - i - 1);
		if (!end || end == c + i + 1 || ((size_t)(end - c) + 1 < n && end[1] == '*'))
			continue;
		size_t e = (size_t)(end - c);
		const char *lead = c;
		size_t lead_n = i;
		while (lead_n && (*lead == ' '))
			lead++, lead_n--;
		bool ok = introduces(c, i) || (lead_n == 0 && defines(end + 1));
		if (ok) {
			char *term = plain(c + i + 1, e - i - 1);
			struct buf f = BUF_INIT;
			buf_add(&f, c, i);
			buf_adds(&f, "[...]");
			buf_add(&f, end + 1, n - e - 1);
			char *front = plain_s(buf_str(&f));
			/* the sentence must say something besides the term */
			size_t rest = count_words(front) - 1;
			if (*term && strlen(term) <= 60 && rest >= 5 && count_words(term) < rest)
				add(g, CARD_CLOZE, front, term, NULL, idx);
			free(front);
			free(term);
			buf_free(&f);
		}
		i = e;
	}
}

/* "this is called *X*": a clause that names what the sentence before it
 * says, too short to mean anything alone. */
static bool anaphoric(const char *c, size_t n)
{
	while (n && *c == ' ')
		c++, n--;
	static const char *const words[] = {"this ", "that ", "it ", "which ", "these "};
	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (n > strlen(words[i]) && strncasecmp(c, words[i], strlen(words[i])) == 0) {
			char *t = xstrndup(c, n);
			size_t w = count_words(t);
			free(t);
			return w <= 6;
		}
	return false;
}

static void clozes(struct gen *g, const char *s, int idx)
{
	size_t stars = 0;
	for (const char *q = s; *q; q++)
		stars += *q == '*';
	const char *p = s;
	while (*p) {
		size_t n = strcspn(p, ";");
		/* the whole line when it has this one term, named at its end */
		if (stars == 2 && anaphoric(p, n) && memchr(p, '*', n)) {
			cloze_clause(g, s, strlen(s), idx);
			return;
		}
		cloze_clause(g, p, n, idx);
		p += n;
		if (*p)
			p++;
	}
}

/* ---- formulas ---- */

static bool has_box_drawing(const char *s)
{
	/* U+2500-U+259F: E2 94 80 - E2 96 9F */
	for (; *s; s++)
		if ((unsigned char)s[0] == 0xE2 && (unsigned char)s[1] >= 0x94 &&
		    (unsigned char)s[1] <= 0x96)
			return true;
	return false;
}

/* A line of a program rather than an equation: strings, comments, calls
 * of methods ("tokenizer.tokenize("), keyword arguments. */
static bool looks_like_code(const char *l)
{
	if (strpbrk(l, "\"'#{};") || strstr(l, "(**") || strstr(l, "import "))
		return true;
	for (const char *p = l; *p; p++)
		if (*p == '.' && p > l && isalpha((unsigned char)p[-1]) && isalpha((unsigned char)p[1])) {
			const char *e = p + 1;
			while (isalnum((unsigned char)*e) || *e == '_')
				e++;
			if (*e == '(')
				return true;
		}
	return false;
}

/* A fenced block of equations (not code, not a diagram)? */
static bool formula_block(struct strvec *lines, size_t from, size_t to, const char *lang)
{
	if (*lang && strcmp(lang, "math") && strcmp(lang, "latex") && strcmp(lang, "text"))
		return false;
	size_t n = 0;
	for (size_t i = from; i < to; i++) {
		const char *l = card_skip_ws(lines->v[i]);
		if (!*l)
			continue;
		if (!strchr(l, '=') || strlen(l) > 100 || has_box_drawing(l) ||
		    str_starts_with(l, "for ") || str_starts_with(l, "def ") ||
		    looks_like_code(l) || strstr(l, "==") || strchr(l, '<'))
			return false;
		n++;
	}
	return n > 0 && n <= 16;
}

static void formula_lines(struct gen *g, struct strvec *lines, size_t from, size_t to,
			  const char *label)
{
	for (size_t i = from; i < to; i++) {
		const char *l = card_skip_bullet(lines->v[i]);
		if (!*l)
			continue;
		const char *eq = strchr(l, '=');
		const char *colon = strchr(l, ':');
		char *front, *back;
		if (colon && colon < eq) {
			front = plain(l, (size_t)(colon - l));
			back = str_squeeze(colon + 1);
		} else {
			char *raw = xstrndup(l, (size_t)(eq - l)), *lhs = str_squeeze(raw);
			front = xasprintf("%s = ?", lhs);
			free(lhs);
			free(raw);
			back = str_squeeze(eq + 1);
		}
		if (*front && *back && !is_number(back))
			add(g, CARD_QA, front, back, label, (int)i);
		free(front);
		free(back);
	}
}

/* What the line before a formula says it is: the whole line when short,
 * else the term it starts with (*attention pattern* is ...), else the
 * heading. Caller frees. */
static char *formula_label(const char *prev, const char *title)
{
	const char *s = card_skip_bullet(prev);
	char *p = plain_s(s);
	size_t n = strlen(p);
	while (n && (p[n - 1] == ':' || p[n - 1] == ' '))
		p[--n] = '\0';
	if (count_words(p) <= 12 && count_words(p) >= 2)
		return p;
	free(p);
	if (*s == '*') {
		size_t k = strspn(s, "*");
		const char *e = strstr(s + k, k > 1 ? "**" : "*");
		if (e && e > s + k)
			return plain(s + k, (size_t)(e - s - k));
	}
	return xstrdup(title);
}

/* "$$...$$" in a line: a formula card, asked by the text before it (or
 * the line before, or the heading). */
static void display_math(struct gen *g, const char *s, const char *prev, const char *title,
			 int idx)
{
	const char *a = strstr(s, "$$");
	if (!a)
		return;
	const char *b = strstr(a + 2, "$$");
	if (!b || b == a + 2)
		return;
	char *formula = xstrndup(a + 2, (size_t)(b - a - 2));
	str_trim(formula);
	char *label = plain(s, (size_t)(a - s));
	size_t n = strlen(label);
	while (n && (label[n - 1] == ':' || label[n - 1] == ' '))
		label[--n] = '\0';
	if (count_words(label) < 2) {
		/* "inference: $$...$$" under "memory requirements" */
		char *before = prev ? formula_label(prev, title) : NULL;
		char *both = before && *label ? xasprintf("%s, %s", before, label) : NULL;
		free(label);
		label = both ? both : before;
		if (both)
			free(before);
	}
	if (label) {
		/* inline math marks in the question: $x$ -> x */
		char *d = label;
		for (char *q = label; *q; q++)
			if (*q != '$')
				*d++ = *q;
		*d = '\0';
	}
	if (label && count_words(label) >= 1) {
		char *front = xasprintf("Formula: %s", label);
		add(g, CARD_QA, front, formula, NULL, idx);
		free(front);
	}
	free(label);
	free(formula);
}

/* A line that is only `code` with an equation in it. */
static char *inline_formula(const char *s)
{
	s = card_skip_ws(s);
	size_t n = strlen(s);
	while (n && s[n - 1] == ' ')
		n--;
	if (n < 3 || s[0] != '`' || s[n - 1] != '`' || memchr(s + 1, '`', n - 2))
		return NULL;
	char *f = xstrndup(s + 1, n - 2);
	if (!strchr(f, '='))
		FREE(&f);
	return f;
}

/* ---- the section ---- */

void cards_generate(const char *topic, const char *title, const char *body, const char *file,
		    int first_line, struct card_set *out)
{
	struct gen g = {topic ? topic : "", file, NULL, first_line, out};
	char *t = no_emoji(title ? title : "");
	char *shown = plain_s(title ? title : "");
	g.context = *g.topic ? xasprintf("%s%s%s", g.topic, TOPIC_SEP_CARDS, shown) : xstrdup(shown);
	free(shown);
	struct strvec lines = STRVEC_INIT;
	card_lines_split(body, strlen(body), &lines);
	char *intro = NULL; /* the sentence that introduces a numbered list */
	char *label = NULL; /* a bold label with nothing after it */
	const char *prev = NULL;
	for (size_t i = 0; i < lines.n; i++) {
		const char *l = lines.v[i];
		if (card_is_blank(l))
			continue;
		int fence = card_fence(l);
		if (fence) {
			char *lang = xstrdup(card_skip_ws(l) + 3);
			str_trim(lang);
			size_t j = i + 1;
			while (j < lines.n && card_fence(lines.v[j]) != fence)
				j++;
			if (formula_block(&lines, i + 1, j, lang))
				formula_lines(&g, &lines, i + 1, j, label);
			free(lang);
			FREE(&label);
			i = j;
			prev = NULL;
			continue;
		}
		if (*card_skip_ws(l) == '|') {
			size_t j = i;
			while (j < lines.n && *card_skip_ws(lines.v[j]) == '|')
				j++;
			table_cards(&g, &lines, i, j);
			i = j - 1;
			FREE(&label);
			prev = NULL;
			continue;
		}
		const char *s = card_skip_bullet(l);
		bool numbered = isdigit((unsigned char)*card_skip_ws(l)) && s != card_skip_ws(l);
		bool bullet = s != card_skip_ws(l);
		if (*s == '>') {
			prev = NULL;
			continue;
		}
		char *f = inline_formula(s);
		if (f) {
			char *front = label ? xstrdup(label) : xasprintf("Formula: %s", t);
			add(&g, CARD_QA, front, f, NULL, (int)i);
			free(front);
			free(f);
			FREE(&label);
			prev = l;
			continue;
		}
		FREE(&label);
		if (strstr(s, "$$")) {
			display_math(&g, s, prev, t, (int)i);
			prev = l;
			continue;
		}
		char *term, *def, *verb;
		if (str_starts_with(s, "Q:")) {
			const char *a = strstr(s, " A. ");
			if (!a)
				a = strstr(s, " A: ");
			if (a) {
				/* what follows the question mark belongs to the answer */
				const char *qm = memchr(s, '?', (size_t)(a - s));
				const char *qend = qm ? qm + 1 : a;
				struct buf ab = BUF_INIT;
				buf_add(&ab, qend, (size_t)(a - qend));
				buf_addc(&ab, ' ');
				buf_adds(&ab, a + 4);
				char *q = plain(s + 2, (size_t)(qend - s - 2)), *ans = plain_s(buf_str(&ab));
				buf_free(&ab);
				if (*q && *ans)
					add(&g, CARD_QA, q, ans, NULL, (int)i);
				free(q);
				free(ans);
			}
		} else if (bold_term(s, &term, &def, &verb)) {
			if (def && *def && !is_number(def) && !is_number(term) &&
			    count_words(def) >= 2 && !generic_label(term))
				add(&g, CARD_TERM, term, def, numbered ? intro : NULL, (int)i);
			else if (def && !*def)
				label = xstrdup(term);
			else if (verb && !bullet && count_words(verb) >= 4 &&
				 islower((unsigned char)*verb)) {
				char *front = xasprintf("[...] %s", verb);
				add(&g, CARD_CLOZE, front, term, NULL, (int)i);
				free(front);
			}
			free(term);
			free(def);
			free(verb);
		} else {
			clozes(&g, s, (int)i);
		}
		if (!bullet) {
			/* "RLHF consists of three major stages:" */
			free(intro);
			char *p = plain_s(s);
			size_t n = strlen(p);
			intro = n && p[n - 1] == ':' ? (p[n - 1] = '\0', p) : (free(p), NULL);
		}
		prev = l;
	}
	free(intro);
	free(label);
	free(t);
	free(g.context);
	strvec_free(&lines);
}
