/* cite.c: bibliographic text in reading lists.
 *
 *   citation lines   Vaswani, A., ... (2017). Title. Venue. URL        APA
 *                    Leslie Lamport. 1978. Title. Venue.              ACM
 *                    [1] A. Vaswani et al., “Title,” in Venue, 2017.  IEEE
 *                    Vaswani, Ashish, et al. “Title.” Venue, 2017.    MLA
 *                    Last, First. 2015. “Title.” In Venue.            Chicago
 *                    Jumper, J. et al. (2021) 'Title', Venue.         Harvard
 *                    Tewari et al., "Title". Venue.                   awesome lists
 *   tails            — Jason Wei et al., 2022.   - Keskar et al. ICLR 2017.
 *                    Ilya Loshchilov, Frank Hutter. ICLR 2019.   ECCV 2020.
 *
 * The text given is plain (Markdown already parsed, links replaced by
 * their text, bare URLs removed). Authors are kept as written. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "import/private.h"

#define AUTHORS_MAX 2000

int cite_year_at(const char *s, const char *start)
{
	if (s > start && (isalnum((unsigned char)s[-1]) || s[-1] == '.' || s[-1] == '/' ||
			  s[-1] == '-' || s[-1] == ':'))
		return 0;
	for (int i = 0; i < 4; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	if (isdigit((unsigned char)s[4]) || (s[4] == '.' && isdigit((unsigned char)s[5])) ||
	    s[4] == '/' || (s[4] == '-' && isdigit((unsigned char)s[5]) && !isdigit((unsigned char)s[6])))
		return 0;
	int y = atoi(s);
	return (y >= 1900 && y <= 2099) ? y : 0;
}

/* A two-digit year after a venue: "ICLR'23" -> 2023, "NIPS'99" -> 1999. */
static int short_year_at(const char *s, const char *start)
{
	if (s == start || !isalpha((unsigned char)s[-1]) || s[0] != '\'' ||
	    !isdigit((unsigned char)s[1]) || !isdigit((unsigned char)s[2]) ||
	    isalnum((unsigned char)s[3]))
		return 0;
	int yy = (s[1] - '0') * 10 + (s[2] - '0');
	return yy < 70 ? 2000 + yy : 1900 + yy;
}

int cite_year_in(const char *s)
{
	for (const char *p = s; *p; p++) {
		int y = strlen(p) >= 4 ? cite_year_at(p, s) : 0;
		if (!y)
			y = short_year_at(p, s);
		if (y)
			return y;
	}
	return 0;
}

/* First year in s[from..], its position in *at. */
static int find_year(const char *s, size_t from, size_t *at)
{
	size_t n = strlen(s);
	for (size_t i = from; i + 4 <= n; i++) {
		int y = cite_year_at(s + i, s);
		if (y) {
			if (at)
				*at = i;
			return y;
		}
	}
	return 0;
}

/* Last year in s[0..n). */
static int find_last_year(const char *s, size_t n, size_t *at)
{
	int year = 0;
	for (size_t i = 0; i + 3 <= n; i++) {
		int y = i + 4 <= n ? cite_year_at(s + i, s) : 0;
		if (!y)
			y = short_year_at(s + i, s);
		if (y) {
			year = y;
			*at = i;
		}
	}
	return year;
}

/* Remove the punctuation that ends an author field: trailing , ; : and a
 * '.' unless it ends an initial ("A.") or "et al.". */
void cite_trim_authors(char *s)
{
	str_trim(s);
	size_t n = strlen(s);
	for (;;) {
		while (n > 0 && (s[n - 1] == ',' || s[n - 1] == ';' || s[n - 1] == ':' ||
				 s[n - 1] == ' ' || s[n - 1] == '(' || s[n - 1] == '-'))
			s[--n] = '\0';
		if (n > 0 && s[n - 1] == '.') {
			bool initial = n >= 2 && isupper((unsigned char)s[n - 2]) &&
				       (n == 2 || !isalpha((unsigned char)s[n - 3]));
			bool al = n >= 3 && strncmp(s + n - 3, "al.", 3) == 0 &&
				  (n == 3 || !isalpha((unsigned char)s[n - 4]));
			if (!initial && !al) {
				s[--n] = '\0';
				continue;
			}
		}
		break;
	}
	str_trim(s);
}

static bool word_is(const char *w, size_t n, const char *x)
{
	return strlen(x) == n && strncasecmp(w, x, n) == 0;
}

bool cite_is_venue(const char *s)
{
	static const char *const words[] = {
		"neurips", "nips", "icml", "iclr", "cvpr", "iccv", "eccv", "acl", "emnlp",
		"naacl", "coling", "aaai", "ijcai", "kdd", "sigir", "www", "siggraph", "tacl",
		"jmlr", "tmlr", "tpami", "arxiv", "corl", "icra", "iros", "uai", "aistats",
		"colt", "osdi", "sosp", "nsdi", "usenix", "vldb", "sigmod", "nature", "science",
		"pnas", "cell", "proceedings", "proc", "conference", "journal", "workshop",
		"transactions", "symposium", "preprint", "forum", "letters", "review", "oral",
		"spotlight", "findings", "wacv", "bmvc", "interspeech", "icassp", "chi", "uist",
	};
	for (const char *p = s; *p;) {
		while (*p && !isalpha((unsigned char)*p))
			p++;
		const char *w = p;
		while (isalpha((unsigned char)*p))
			p++;
		size_t n = (size_t)(p - w);
		for (size_t i = 0; n && i < ARRAY_SIZE(words); i++)
			if (word_is(w, n, words[i]))
				return true;
	}
	return false;
}

bool cite_looks_like_names(const char *s)
{
	static const char *const particles[] = {
		"and", "&", "et", "al", "al.", "van", "von", "de", "der", "den", "da", "di", "du",
		"le", "la", "y", "dos", "del", "team", "others",
	};
	size_t words = 0, lower = 0;
	if (!*s || strlen(s) > AUTHORS_MAX)
		return false;
	for (const char *p = s; *p;) {
		while (*p == ' ' || *p == ',' || *p == '\n')
			p++;
		if (!*p)
			break;
		const char *w = p;
		while (*p && *p != ' ' && *p != ',' && *p != '\n')
			p++;
		size_t n = (size_t)(p - w);
		words++;
		bool particle = false;
		for (size_t i = 0; i < ARRAY_SIZE(particles); i++)
			particle = particle || word_is(w, n, particles[i]);
		if (isdigit((unsigned char)w[0]) || (w[0] == '(' && n > 1))
			return false;
		if (!particle && islower((unsigned char)w[0]))
			lower++;
	}
	return words > 0 && words <= 80 && lower <= words / 8;
}

/* Skip a leading reference number: "[12] ", "12. ", "12) ". */
static const char *skip_number(const char *s)
{
	const char *p = s;
	while (*p == ' ')
		p++;
	if (*p == '[') {   /* [12] or an alpha key [KSH12] */
		const char *q = p + 1;
		while (isalnum((unsigned char)*q) && q - p <= 16)
			q++;
		if (q > p + 1 && *q == ']')
			return q + 1;
	}
	const char *q = p;
	while (isdigit((unsigned char)*q))
		q++;
	if (q > p && (*q == '.' || *q == ')') && q[1] == ' ')
		return q + 2;
	return p;
}

/* Opening and closing quotes of a quoted title. */
static bool find_quoted(const char *s, size_t *open, size_t *inner, size_t *close, size_t *after)
{
	for (size_t i = 0; s[i]; i++) {
		const char *q = s + i;
		const char *end_mark = NULL;
		size_t ql = 0;
		if (strncmp(q, "\xE2\x80\x9C", 3) == 0) {        /* “ ... ” */
			end_mark = "\xE2\x80\x9D";
			ql = 3;
		} else if (*q == '"') {
			end_mark = "\"";
			ql = 1;
		} else if (strncmp(q, "\xE2\x80\x98", 3) == 0) { /* ‘ ... ’ */
			end_mark = "\xE2\x80\x99";
			ql = 3;
		} else if (*q == '\'' && (i == 0 || s[i - 1] == ' ') && isalnum((unsigned char)q[1])) {
			end_mark = "'";
			ql = 1;
		}
		if (!end_mark)
			continue;
		const char *p = q + ql;
		for (;;) {
			const char *e = strstr(p, end_mark);
			if (!e)
				return false;
			/* a closing ' must end a word: "Amazon's" does not close */
			if (*end_mark == '\'' && isalnum((unsigned char)e[1])) {
				p = e + 1;
				continue;
			}
			if (e == q + ql)
				return false;
			*open = i;
			*inner = i + ql;
			*close = (size_t)(e - s);
			*after = *close + strlen(end_mark);
			return true;
		}
	}
	return false;
}

/* Cut a year that ends `s` ("... (2021)", "... Bengio. 2015", "..., 2017"). */
static int cut_trailing_year(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '.' || s[n - 1] == ',' || s[n - 1] == ')'))
		n--;
	/* allow a letter suffix: (2020a) */
	size_t e = n;
	if (e > 0 && islower((unsigned char)s[e - 1]) && e >= 5 && isdigit((unsigned char)s[e - 2]))
		e--;
	if (e < 4)
		return 0;
	int y = cite_year_at(s + e - 4, s);
	if (!y)
		return 0;
	size_t k = e - 4;
	while (k > 0 && (s[k - 1] == ' ' || s[k - 1] == '(' || s[k - 1] == ','))
		k--;
	s[k] = '\0';
	return y;
}

static void cite_set(struct cite *c, const char *title, size_t tn, const char *authors, size_t an,
		     int year)
{
	c->title = text_clean_line(title, tn, 1000);
	size_t n = strlen(c->title);
	while (n > 0 && (c->title[n - 1] == ',' || c->title[n - 1] == '.' || c->title[n - 1] == ' ' ||
			 c->title[n - 1] == ';' || c->title[n - 1] == ':'))
		c->title[--n] = '\0';
	c->authors = text_clean_line(authors, an, AUTHORS_MAX);
	cite_trim_authors(c->authors);
	c->year = year;
}

/* Authors, then a quoted title, then the rest (year in either). */
static bool parse_quoted(const char *s, struct cite *c)
{
	size_t open, inner, close, after;
	if (!find_quoted(s, &open, &inner, &close, &after))
		return false;
	char *before = xstrndup(s, open);
	int year = cut_trailing_year(before);
	cite_trim_authors(before);
	bool ok = *before && cite_looks_like_names(before) && close > inner;
	if (ok) {
		if (!year)
			year = find_year(s, after, NULL);
		cite_set(c, s + inner, close - inner, before, strlen(before), year);
		ok = *c->title != '\0';
	}
	free(before);
	return ok;
}

/* Authors, then the year ("(2017)." or ". 1978."), then the title up to
 * the end of its sentence. */
static bool parse_author_year(const char *s, struct cite *c)
{
	size_t n = strlen(s);
	for (size_t i = 1; i + 4 <= n; i++) {
		int y = cite_year_at(s + i, s);
		if (!y)
			continue;
		size_t a_end, t_start;
		if (s[i - 1] == '(') {
			const char *close = strchr(s + i, ')');
			if (!close || close - (s + i) > 20)
				return false;
			a_end = i - 1;
			t_start = (size_t)(close - s) + 1;
		} else if (i >= 2 && s[i - 1] == ' ' && s[i - 2] == '.' && s[i + 4] == '.') {
			a_end = i - 1;
			t_start = i + 5;
		} else {
			return false;   /* the first year is not where authors end */
		}
		while (s[t_start] == '.' || s[t_start] == ',' || s[t_start] == ' ')
			t_start++;
		/* The title runs to the end of its sentence. */
		size_t t_end = t_start;
		while (s[t_end] && !((s[t_end] == '.' || s[t_end] == '?' || s[t_end] == '!') &&
				     (s[t_end + 1] == ' ' || s[t_end + 1] == '\0')))
			t_end++;
		if (s[t_end] == '?' || s[t_end] == '!')
			t_end++;
		char *authors = xstrndup(s, a_end);
		cite_trim_authors(authors);
		bool ok = *authors && cite_looks_like_names(authors) && t_end > t_start;
		if (ok)
			cite_set(c, s + t_start, t_end - t_start, authors, strlen(authors), y);
		free(authors);
		return ok && *c->title;
	}
	return false;
}

static size_t sentence_end(const char *s, size_t i);

/* One author as Vancouver writes it: "Topol EJ". */
static bool vancouver_name(const char *s)
{
	const char *sp = strrchr(s, ' ');
	if (!sp || strchr(s, ' ') != sp || !isupper((unsigned char)s[0]))
		return false;
	size_t n = strlen(sp + 1);
	if (n < 1 || n > 3)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isupper((unsigned char)sp[1 + i]))
			return false;
	return true;
}

/* "Authors. Title. Venue, Year." (Vancouver, plain BibTeX renderings):
 * names in the first sentence (an "et al." ends it), the title in the
 * second, a year after it. */
static bool parse_sentences(const char *s, struct cite *c)
{
	size_t e0 = sentence_end(s, 0);
	const char *al = strstr(s, " et al. ");
	if (al && (size_t)(al - s) + 7 < e0)
		e0 = (size_t)(al - s) + 7;
	if (!s[e0])
		return false;
	size_t t0 = e0 + 1;
	while (s[t0] == ' ')
		t0++;
	size_t e1 = sentence_end(s, t0);
	size_t t1 = e1;
	while (t1 > t0 && (s[t1 - 1] == '.' || s[t1 - 1] == ' '))
		t1--;
	int year = find_year(s, e1, NULL);
	char *authors = xstrndup(s, e0);
	cite_trim_authors(authors);
	char *title = xstrndup(s + t0, t1 - t0);
	bool ok = year && t1 > t0 && text_count_words(authors, strlen(authors)) >= 2 &&
		  (strchr(authors, ',') || strstr(authors, " and ") || strstr(authors, " & ") ||
		   strstr(authors, "et al") || vancouver_name(authors)) &&
		  cite_looks_like_names(authors) && !cite_is_venue(authors) &&
		  text_count_words(title, strlen(title)) >= 2 && !cite_is_venue(title);
	if (ok)
		cite_set(c, title, strlen(title), authors, strlen(authors), year);
	free(authors);
	free(title);
	return ok && *c->title;
}

bool cite_parse(const char *text, struct cite *c)
{
	memset(c, 0, sizeof(*c));
	char *s = text_clean_line(text, strlen(text), SIZE_MAX);
	const char *p = skip_number(s);
	bool ok = parse_quoted(p, c);
	if (!ok) {
		cite_free(c);
		ok = parse_author_year(p, c);
	}
	if (!ok) {
		cite_free(c);
		ok = parse_sentences(p, c);
	}
	if (!ok)
		cite_free(c);
	free(s);
	return ok;
}

void cite_free(struct cite *c)
{
	FREE(&c->title);
	FREE(&c->authors);
	c->year = 0;
}

/* Offset of the first venue word of s, or 0. */
static size_t venue_start(const char *s)
{
	for (const char *p = s; *p;) {
		while (*p && !isalpha((unsigned char)*p))
			p++;
		const char *w = p;
		while (isalpha((unsigned char)*p))
			p++;
		char *word = xstrndup(w, (size_t)(p - w));
		bool venue = *word && cite_is_venue(word);
		free(word);
		if (venue)
			return (size_t)(w - s);
	}
	return 0;
}

/* End of the sentence that starts at s[i]: ". " not after an initial or
 * "al", or a line break. */
static size_t sentence_end(const char *s, size_t i)
{
	for (; s[i]; i++) {
		if (s[i] == '\n')
			return i;
		if (s[i] != '.' || (s[i + 1] != ' ' && s[i + 1] != '\0' && s[i + 1] != '\n'))
			continue;
		bool initial = i >= 1 && isupper((unsigned char)s[i - 1]) &&
			       (i == 1 || !isalpha((unsigned char)s[i - 2]));
		bool al = i >= 2 && s[i - 2] == 'a' && s[i - 1] == 'l' &&
			  (i == 2 || !isalpha((unsigned char)s[i - 3]));
		if (!initial && !al)
			return i + 1;
	}
	return i;
}

bool cite_tail(const char *text, char **authors, int *year)
{
	*authors = NULL;
	*year = 0;
	size_t n = strlen(text);
	size_t at = 0;
	int y = find_last_year(text, n, &at);
	if (!y)
		return false;
	*year = y;
	/* the sentence (or line) holding the year, and the one before it */
	size_t start = 0, prev = SIZE_MAX;
	for (size_t e; (e = sentence_end(text, start)) < at && text[e];) {
		prev = start;
		start = e + 1;
	}
	/* Besides the year, its sentence may hold only a venue or authors. */
	char *own = xstrndup(text + start, at - start);
	char *o = own + strspn(own, " -:,.|(\n");
	bool own_venue = !*o || cite_is_venue(o);
	char *cand = NULL;
	if (prev != SIZE_MAX) {
		cand = xstrndup(text + prev, start - prev);
	} else if (!own_venue) {
		cand = own;
		own = NULL;
	} else {
		/* "Keskar et al. ICLR 2017": authors before the venue */
		size_t v = venue_start(own);
		if (v > 0)
			cand = xstrndup(own, v);
	}
	free(own);
	if (cand) {
		/* leading separators of the tail */
		char *c = cand;
		for (;;) {
			if (*c == ' ' || *c == '-' || *c == ':' || *c == ',' || *c == '\n')
				c++;
			else if (str_starts_with(c, "\xE2\x80\x93") || str_starts_with(c, "\xE2\x80\x94"))
				c += 3;   /* – — */
			else
				break;
		}
		char *a = xstrdup(c);
		free(cand);
		cite_trim_authors(a);
		if (*a && cite_looks_like_names(a) && !cite_is_venue(a))
			*authors = a;
		else
			free(a);
	}
	if (!*authors && !own_venue) {
		*year = 0;     /* "CMU 11-785, Fall 2025": a description */
		return false;
	}
	return true;
}
