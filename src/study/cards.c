/* cards.c: card sets, card ids, and the parser of hand-written cards
 * (Q:/A: and C: blocks as hashcards writes them, term :: definition lines
 * as Obsidian's spaced-repetition plugin does). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "study/cards_private.h"
#include "study/private.h"
#include "util/i18n.h"

const char *card_kind_name(enum card_kind k)
{
	static const char *const names[] = {"qa", "cloze", "term", "table"};
	return (unsigned)k < ARRAY_SIZE(names) ? names[k] : "?";
}

static void card_free(struct card *c);

void card_set_free(struct card_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		card_free(&s->v[i]);
	srs_deck_free(&s->ids);
	free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
}

/* Append s with Markdown emphasis (* and `) dropped, letters lower-cased
 * and runs of white space made one space. */
static void add_normalised(struct buf *b, const char *s)
{
	bool space = false;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		i += k;
		if (cp == '*' || cp == '`')
			continue;
		if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r') {
			space = true;
			continue;
		}
		if (space && b->len && b->data[b->len - 1] != '\x1f')
			buf_addc(b, ' ');
		space = false;
		char enc[4];
		buf_add(b, enc, utf8_encode(utf8_lower(cp), enc));
	}
}

char *card_text_normalise(const char *front, const char *back)
{
	struct buf b = BUF_INIT;
	add_normalised(&b, front);
	buf_addc(&b, '\x1f');
	add_normalised(&b, back);
	return buf_detach(&b);
}

char *card_id_make(const char *front, const char *back)
{
	char *norm = card_text_normalise(front, back);
	uint64_t h = UINT64_C(0xcbf29ce484222325);
	for (const unsigned char *p = (const unsigned char *)norm; *p; p++) {
		h ^= *p;
		h *= UINT64_C(0x100000001b3);
	}
	free(norm);
	/* splitmix64's finaliser spreads FNV's weak high bits */
	h ^= h >> 30;
	h *= UINT64_C(0xbf58476d1ce4e5b9);
	h ^= h >> 27;
	h *= UINT64_C(0x94d049bb133111eb);
	h ^= h >> 31;
	return xasprintf("%012llx", (unsigned long long)(h >> 16));
}

bool card_set_add(struct card_set *s, enum card_kind kind, const char *front, const char *back,
		  const char *topic, const char *context, const char *file, int line)
{
	char *id = card_id_make(front, back);
	if (!s->ids)
		s->ids = srs_deck_new();
	size_t before = srs_deck_count(s->ids);
	srs_deck_get(s->ids, id, true);
	if (srs_deck_count(s->ids) == before) {
		free(id);
		return false;
	}
	s->v = xgrow(s->v, &s->cap, s->n + 1, sizeof *s->v);
	s->v[s->n++] = (struct card){id,
				     kind,
				     xstrdup(front),
				     xstrdup(back),
				     xstrdup(topic ? topic : ""),
				     xstrdup(context ? context : ""),
				     xstrdup(file),
				     line};
	return true;
}

/* ---- lines ---- */

void card_lines_split(const char *text, size_t len, struct strvec *out)
{
	size_t i = 0;
	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - text) : len;
		size_t n = e - i;
		if (n && text[i + n - 1] == '\r')
			n--;
		/* NUL bytes would cut the line short: shown as spaces */
		char *line = xstrndup(text + i, n);
		for (size_t k = strlen(line); k < n; k = strlen(line))
			line[k] = ' ';
		strvec_push_owned(out, line);
		i = e + 1;
	}
}

const char *card_skip_ws(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

bool card_is_blank(const char *s)
{
	return *card_skip_ws(s) == '\0';
}

int card_fence(const char *s)
{
	s = card_skip_ws(s);
	if (str_starts_with(s, "```"))
		return '`';
	if (str_starts_with(s, "~~~"))
		return '~';
	return 0;
}

int card_heading_level(const char *s)
{
	int n = 0;
	while (s[n] == '#')
		n++;
	return n >= 1 && n <= 6 && (s[n] == ' ' || s[n] == '\t' || !s[n]) ? n : 0;
}

void card_headings_set(struct strvec *path, int level, const char *title)
{
	while ((int)path->n >= level) {
		free(path->v[--path->n]);
		path->v[path->n] = NULL;
	}
	while ((int)path->n < level - 1)
		strvec_push(path, "");
	char *t = xstrdup(card_skip_ws(title));
	str_trim(t);
	size_t n = strlen(t);
	while (n && t[n - 1] == '#')
		t[--n] = '\0';
	str_trim(t);
	strvec_push_owned(path, t);
}

char *card_headings_join(const struct strvec *path, const char *first)
{
	struct buf b = BUF_INIT;
	if (first && *first)
		buf_adds(&b, first);
	for (size_t i = 0; i < path->n; i++) {
		if (!*path->v[i])
			continue;
		if (b.len)
			buf_adds(&b, TOPIC_SEP_CARDS);
		buf_adds(&b, path->v[i]);
	}
	return buf_detach(&b);
}

/* ---- hand-written cards ---- */

static void warn(struct strvec *w, const char *file, int line, const char *problem)
{
	if (w)
		strvec_push_owned(w, xasprintf("%s:%d: %s", file, line, problem));
}

/* "Q:" / "A:" / "C:" at the start of a line (after indentation): the text
 * after it, else NULL. */
static const char *tag(const char *line, char t)
{
	const char *s = card_skip_ws(line);
	if (s[0] == t && s[1] == ':')
		return card_skip_ws(s + 2);
	return NULL;
}

/* Does a line end a block (blank, a heading, or a new card)? */
static bool ends_block(const char *line)
{
	return card_is_blank(line) || card_heading_level(line) || card_fence(line) ||
	       tag(line, 'Q') || tag(line, 'C');
}

static void join_line(struct buf *b, const char *s)
{
	char *t = xstrdup(s);
	str_trim(t);
	if (*t) {
		if (b->len)
			buf_addc(b, '\n');
		buf_adds(b, t);
	}
	free(t);
}

/* The cards of one cloze text: one per [gap]. Returns the number of
 * problems (reported). */
static size_t cloze_cards(const char *text, const char *file, int line, const char *topic,
			  const char *context, struct card_set *out, struct strvec *w)
{
	size_t n_gaps = 0;
	int depth = 0;
	for (const char *p = text; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			continue;
		}
		if (*p == '[') {
			if (depth) {
				warn(w, file, line, _("C: card with a [ inside a [gap]; block skipped"));
				return 1;
			}
			depth = 1;
			if (p[1] == ']') {
				warn(w, file, line, _("C: card with an empty [] gap; block skipped"));
				return 1;
			}
		} else if (*p == ']') {
			if (!depth) {
				warn(w, file, line, _("C: card with a ] that closes no [; block skipped"));
				return 1;
			}
			depth = 0;
			n_gaps++;
		}
	}
	if (depth) {
		warn(w, file, line, _("C: card with a [ that is never closed; block skipped"));
		return 1;
	}
	if (!n_gaps) {
		warn(w, file, line, _("C: card without a [gap] in brackets; block skipped"));
		return 1;
	}
	for (size_t g = 0; g < n_gaps; g++) {
		struct buf front = BUF_INIT, back = BUF_INIT;
		size_t i = 0;
		bool in = false;
		for (const char *p = text; *p; p++) {
			if (*p == '\\' && (p[1] == '[' || p[1] == ']')) {
				buf_addc(in && i == g ? &back : &front, p[1]);
				p++;
				continue;
			}
			if (*p == '[') {
				in = true;
				if (i == g)
					buf_adds(&front, "[...]");
				continue;
			}
			if (*p == ']') {
				in = false;
				i++;
				continue;
			}
			buf_addc(in && i == g ? &back : &front, *p);
		}
		card_set_add(out, CARD_CLOZE, buf_str(&front), buf_str(&back), topic, context, file,
			     line);
		buf_free(&front);
		buf_free(&back);
	}
	return 0;
}

/* "term :: definition": the position of "::" (with a space on at least
 * one side, outside `code`), or NULL. */
static const char *term_sep(const char *s)
{
	bool code = false;
	for (const char *p = s; *p; p++) {
		if (*p == '`')
			code = !code;
		if (code || p[0] != ':' || p[1] != ':')
			continue;
		const char *e = p + 2;
		while (*e == ':')
			e++;
		bool before = p > s && (p[-1] == ' ' || p[-1] == '\t');
		bool after = *e == ' ' || *e == '\t';
		if (before || after)
			return p;
		p = e - 1;
	}
	return NULL;
}

/* A list marker ("- ", "* ", "+ ", "1. ") and indentation skipped. */
const char *card_skip_bullet(const char *s)
{
	s = card_skip_ws(s);
	if ((s[0] == '-' || s[0] == '*' || s[0] == '+') && (s[1] == ' ' || s[1] == '\t'))
		return card_skip_ws(s + 1);
	const char *d = s;
	while (*d >= '0' && *d <= '9')
		d++;
	if (d > s && d - s <= 3 && (*d == '.' || *d == ')') && (d[1] == ' ' || d[1] == '\t'))
		return card_skip_ws(d + 1);
	return s;
}

size_t cards_parse(const char *file, const char *text, size_t len, const char *topic,
		   struct card_set *out, struct strvec *warnings)
{
	struct strvec lines = STRVEC_INIT, heads = STRVEC_INIT;
	card_lines_split(text, len, &lines);
	size_t bad = 0;
	int fence = 0;
	for (size_t i = 0; i < lines.n;) {
		const char *l = lines.v[i];
		int ln = (int)i + 1;
		if (fence) {
			if (card_fence(l) == fence)
				fence = 0;
			i++;
			continue;
		}
		if ((fence = card_fence(l))) {
			i++;
			continue;
		}
		int level = card_heading_level(l);
		if (level) {
			card_headings_set(&heads, level, l + level);
			i++;
			continue;
		}
		const char *q = tag(l, 'Q'), *c = tag(l, 'C'), *a = tag(l, 'A');
		char *context = NULL;
		if (q) {
			struct buf front = BUF_INIT, back = BUF_INIT;
			join_line(&front, q);
			size_t j = i + 1;
			while (j < lines.n && !tag(lines.v[j], 'A') && !ends_block(lines.v[j]))
				join_line(&front, lines.v[j++]);
			if (j >= lines.n || !tag(lines.v[j], 'A')) {
				warn(warnings, file, ln, _("Q: without an A: line after it; block skipped"));
				bad++;
			} else {
				join_line(&back, tag(lines.v[j], 'A'));
				for (j++; j < lines.n && !ends_block(lines.v[j]) && !tag(lines.v[j], 'A');
				     j++)
					join_line(&back, lines.v[j]);
				if (!front.len || !back.len) {
					warn(warnings, file, ln,
					     !front.len ? _("Q: with an empty question; block skipped")
							: _("A: with an empty answer; block skipped"));
					bad++;
				} else {
					context = card_headings_join(&heads, NULL);
					card_set_add(out, CARD_QA, buf_str(&front), buf_str(&back), topic,
						     context, file, ln);
				}
			}
			buf_free(&front);
			buf_free(&back);
			i = j > i ? j : i + 1;
		} else if (c) {
			struct buf t = BUF_INIT;
			join_line(&t, c);
			size_t j = i + 1;
			while (j < lines.n && !ends_block(lines.v[j]) && !tag(lines.v[j], 'A'))
				join_line(&t, lines.v[j++]);
			context = card_headings_join(&heads, NULL);
			bad += cloze_cards(buf_str(&t), file, ln, topic, context, out, warnings);
			buf_free(&t);
			i = j;
		} else if (a) {
			warn(warnings, file, ln, _("A: without a Q: before it; line skipped"));
			bad++;
			i++;
		} else {
			const char *s = card_skip_bullet(l);
			const char *sep = term_sep(s);
			if (sep) {
				char *term = xstrndup(s, (size_t)(sep - s));
				const char *d = sep;
				while (*d == ':')
					d++;
				char *def = xstrdup(d);
				str_trim(term);
				str_trim(def);
				if (!*term || !*def) {
					warn(warnings, file, ln,
					     _("term :: definition with nothing on one side; line skipped"));
					bad++;
				} else {
					context = card_headings_join(&heads, NULL);
					card_set_add(out, CARD_TERM, term, def, topic, context, file, ln);
				}
				free(term);
				free(def);
			}
			i++;
		}
		free(context);
	}
	strvec_free(&lines);
	strvec_free(&heads);
	return bad;
}

/* Free the strings of one card. */
static void card_free(struct card *c)
{
	free(c->id);
	free(c->front);
	free(c->back);
	free(c->topic);
	free(c->context);
	free(c->file);
}

void cards_drop_duplicate_formulas(struct card_set *s, size_t from)
{
	struct strvec backs = STRVEC_INIT;
	for (size_t i = from; i < s->n; i++)
		strvec_push_owned(&backs, card_text_normalise(s->v[i].back, ""));
	size_t w = from;
	for (size_t i = from; i < s->n; i++) {
		struct card *c = &s->v[i];
		bool dup = false;
		if (c->kind == CARD_QA && str_ends_with(c->front, " = ?")) {
			char *lhs = xstrndup(c->front, strlen(c->front) - 4);
			char *eq = xasprintf("%s = %s", lhs, c->back);
			char *norm = card_text_normalise(eq, "");
			for (size_t j = 0; j < backs.n && !dup; j++)
				dup = from + j != i && strcmp(backs.v[j], norm) == 0;
			free(norm);
			free(eq);
			free(lhs);
		}
		if (dup)
			card_free(c);
		else
			s->v[w++] = *c;
	}
	s->n = w;
	strvec_free(&backs);
	srs_deck_free(&s->ids);
	s->ids = srs_deck_new();
	for (size_t i = 0; i < s->n; i++)
		srs_deck_get(s->ids, s->v[i].id, true);
}
