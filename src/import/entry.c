/* entry.c: turn one line of a reading list into an entry candidate.
 *
 *   **[Title](url)** - Authors (Year)       link first: title = link text,
 *   - ✔️ [Title](url) (2015)                the tail gives authors and year
 *   pi's [new paper](url) (read ??)         a short label (<= 5 words) before
 *                                           the link: the line is the title
 *   Title line\nhttps://bare.url            the line before a bare URL
 *   Some Paper arXiv:2106.09685             a bare arXiv id
 *   ditto                                   no link: title only (the caller
 *                                           decides whether that is an entry)
 * A link after a longer run of prose is a reference inside a note, not an
 * entry. Code repositories are used only when nothing else is linked. */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "import/private.h"

#define TITLE_MAX 1000
#define FIELD_MAX 2000
#define URL_MAX 8192
#define LABEL_WORDS 5

void entry_cand_free(struct entry_cand *c)
{
	FREE(&c->title);
	FREE(&c->authors);
	FREE(&c->url);
	FREE(&c->arxiv);
	FREE(&c->doi);
	FREE(&c->desc);
	for (size_t i = 0; i < c->n_extra; i++)
		entry_cand_free(&c->extra[i]);
	FREE(&c->extra);
	c->n_extra = 0;
}

bool entry_link_usable(const struct md_link *l)
{
	if (l->wiki || l->image_only || !l->href || !*l->href || l->href[0] == '#')
		return false;
	if (strlen(l->href) > URL_MAX)
		return false;
	if (arxiv_parse(l->href, NULL, NULL))
		return true;
	return url_is_absolute(l->href) && !url_is_badge(l->href);
}

static bool link_text_is_url(const char *text, const struct md_link *l)
{
	size_t n = l->end - l->start;
	const char *t = text + l->start;
	if (n == 0)
		return true;
	if (strlen(l->href) == n && memcmp(l->href, t, n) == 0)
		return true;
	char *copy = xstrndup(t, n);
	bool url = text_is_url(copy);
	free(copy);
	return url;
}

bool entry_is_bare_url(const char *text, size_t a, size_t b, const struct md_link *links,
		       size_t n_links)
{
	while (a < b && isspace((unsigned char)text[a]))
		a++;
	while (b > a && isspace((unsigned char)text[b - 1]))
		b--;
	for (size_t i = 0; i < n_links; i++)
		if (links[i].start == a && links[i].end == b && entry_link_usable(&links[i]) &&
		    link_text_is_url(text, &links[i]))
			return true;
	return false;
}

/* Remove a run of `c` characters around s (stray ** or __). */
static void strip_emphasis(char *s)
{
	size_t n = strlen(s);
	size_t lead = 0, trail = 0;
	while (lead < n && (s[lead] == '*' || s[lead] == '_'))
		lead++;
	while (trail < n - lead && (s[n - 1 - trail] == '*' || s[n - 1 - trail] == '_'))
		trail++;
	if (lead == 0 && trail == 0)
		return;
	s[n - trail] = '\0';
	memmove(s, s + lead, n - trail - lead + 1);
	str_trim(s);
}

char *entry_clean_title(const char *s, size_t n)
{
	char *line = text_clean_line(s, n, TITLE_MAX);
	text_strip_to_read(line);
	bool checked = false;
	const char *p = text_skip_marks(line, &checked);
	char *t = xstrdup(p);
	free(line);
	text_strip_task_marks(t);
	/* "[Title](" left from a link whose destination md4c refused */
	char *br = strstr(t, "](");
	if (br && t[0] == '[') {
		*br = '\0';
		memmove(t, t + 1, strlen(t));
	}
	strip_emphasis(t);
	size_t len = strlen(t);
	while (len > 0 && (t[len - 1] == ':' || t[len - 1] == ' ' || t[len - 1] == '-' ||
			   t[len - 1] == ',' || t[len - 1] == '(' || t[len - 1] == '|'))
		t[--len] = '\0';
	str_trim(t);
	return t;
}

/* Set url/arxiv/doi of c from a link destination. */
static void cand_set_url(struct entry_cand *c, const char *href)
{
	c->url = xstrdup(href);
	int v = 0;
	char *id = NULL;
	if (arxiv_parse(href, &id, &v) || arxiv_find(href, strlen(href), NULL, NULL, &id, &v)) {
		c->arxiv = id;
		c->version = v;
	}
	if (!c->arxiv)
		c->doi = doi_find(href);
	if (!url_is_absolute(href) && c->arxiv) {  /* "arXiv:1234.5678" as a link */
		free(c->url);
		c->url = xasprintf("https://arxiv.org/abs/%s", c->arxiv);
	}
}

/* Leading "Name et al." of a title -> authors. */
static void split_et_al(struct entry_cand *c)
{
	if (!c->title || c->authors)
		return;
	char *p = strstr(c->title, " et al.");
	if (!p || text_count_words(c->title, (size_t)(p - c->title)) > 2)
		return;
	char *rest = p + 7;
	while (*rest == ' ')
		rest++;
	if (!*rest)
		return;
	c->authors = xstrndup(c->title, (size_t)(p + 7 - c->title));
	char *t = xstrdup(rest);
	free(c->title);
	c->title = t;
}

/* Parse what follows the link: " - Authors (Year)", " (2015)", or a
 * description (kept as c->desc). */
static void parse_tail(struct entry_cand *c, const char *text, size_t a, size_t b,
		       const struct md_link *links, size_t n_links)
{
	if (a > b)
		a = b;
	char *tail = text_clean_line(text + a, b - a, SIZE_MAX); /* cut later */
	/* Drop a parenthesised secondary link right after the title:
	 * "([YouTube](...)) - CMU 11-777". */
	for (size_t i = 0; i < n_links; i++) {
		if (links[i].start < a || links[i].end > b || links[i].end <= links[i].start)
			continue;
		char *lt = text_clean_line(text + links[i].start, links[i].end - links[i].start, FIELD_MAX);
		char *grp = xasprintf("(%s)", lt);
		if (str_starts_with(tail, grp)) {
			size_t g = strlen(grp);
			memmove(tail, tail + g, strlen(tail + g) + 1);
			str_trim(tail);
		}
		free(grp);
		free(lt);
	}
	char *p = tail;
	for (;;) {
		if (*p == ' ' || *p == '-' || *p == ':' || *p == ',' || *p == '|')
			p++;
		else if (str_starts_with(p, "\xE2\x80\x93") || str_starts_with(p, "\xE2\x80\x94"))
			p += 3;   /* – — */
		else
			break;
	}
	char *rest = xstrdup(p);
	free(tail);
	text_strip_to_read(rest);
	text_strip_task_marks(rest);
	char *paren_authors = NULL;
	int year = text_cut_paren_year(rest, &paren_authors);
	if (year) {
		c->year = year;
		strip_emphasis(rest);
		if (*rest)
			c->authors = xstrdup(rest);
		else if (paren_authors)
			c->authors = xstrdup(paren_authors);
	} else if (*rest) {
		c->desc = xstrdup(rest);
	}
	free(paren_authors);
	free(rest);
}

/* The first link in [a, b) that can be an entry's own link, preferring
 * anything to a code repository; `label_ok` limits the words before it. */
static const struct md_link *primary_link(const char *text, size_t a, size_t b,
					  const struct md_link *links, size_t n_links,
					  size_t max_words)
{
	const struct md_link *repo = NULL;
	for (size_t i = 0; i < n_links; i++) {
		const struct md_link *l = &links[i];
		if (l->start < a || l->end > b || !entry_link_usable(l))
			continue;
		if (text_count_words(text + a, l->start - a) > max_words)
			break;
		if (url_is_repo(l->href)) {
			if (!repo)
				repo = l;
			continue;
		}
		return l;
	}
	return repo;
}

static void add_extra(struct entry_cand *c, const char *text, const struct md_link *l,
		      const char *id, int version)
{
	c->extra = xrealloc(c->extra, (c->n_extra + 1) * sizeof(*c->extra));
	struct entry_cand *e = &c->extra[c->n_extra++];
	memset(e, 0, sizeof(*e));
	e->url = xstrdup(l->href);
	e->arxiv = xstrdup(id);
	e->version = version;
	e->has_link = true;
	e->checked = c->checked;
	e->to_read = c->to_read;
	if (link_text_is_url(text, l))
		e->title = xasprintf("arXiv:%s", id);
	else
		e->title = entry_clean_title(text + l->start, l->end - l->start);
}

/* A check mark right after the title's link ("[T](u) ✔️ - Authors", as
 * quire writes it back for lists without marks of their own): sets
 * *checked and returns the bytes it takes, else 0. */
static size_t marks_after(const char *text, size_t a, size_t b, bool *checked)
{
	char *tail = xstrndup(text + a, b - a);
	bool found = false;
	size_t n = strlen(tail) - strlen(text_skip_marks(tail, &found));
	free(tail);
	if (!found)
		return 0;
	*checked = true;
	return n;
}

static void recognise(const char *text, size_t a, size_t b, const struct md_link *links,
		      size_t n_links, const char *title_line, size_t max_words,
		      struct entry_cand *c)
{
	memset(c, 0, sizeof(*c));
	/* Marks before the text. */
	char *head = xstrndup(text + a, b - a);
	bool checked = false;
	const char *after = text_skip_marks(head, &checked);
	size_t m = a + (size_t)(after - head);
	free(head);
	c->checked = checked;
	char *whole = xstrndup(text + a, b - a);
	c->to_read = text_has_to_read(whole);
	free(whole);

	const struct md_link *l = primary_link(text, m, b, links, n_links, max_words);
	if (l) {
		c->has_link = true;
		cand_set_url(c, l->href);
		char *before = xstrndup(text + m, l->start - m);
		bool at_start = text_count_words(before, strlen(before)) == 0 ||
				strspn(before, "*_ ([") == strlen(before);
		free(before);
		if (title_line && link_text_is_url(text, l)) {
			c->title = entry_clean_title(title_line, strlen(title_line));
			parse_tail(c, text, l->end, b, links, n_links);
		} else if (at_start) {
			if (link_text_is_url(text, l))
				c->title = c->arxiv ? xasprintf("arXiv:%s", c->arxiv)
						    : text_clean_line(l->href, strlen(l->href), TITLE_MAX);
			else
				c->title = entry_clean_title(text + l->start, l->end - l->start);
			parse_tail(c, text, l->end + marks_after(text, l->end, b, &c->checked), b,
				   links, n_links);
		} else {
			/* The line is the title, without bare URLs in it. */
			struct buf t = BUF_INIT;
			size_t pos = m;
			for (size_t i = 0; i < n_links; i++) {
				if (links[i].start < pos || links[i].end > b)
					continue;
				buf_add(&t, text + pos, links[i].start - pos);
				if (!link_text_is_url(text, &links[i]))
					buf_add(&t, text + links[i].start, links[i].end - links[i].start);
				pos = links[i].end;
			}
			buf_add(&t, text + pos, b - pos);
			c->title = entry_clean_title(buf_str(&t), t.len);
			buf_free(&t);
			char *pa = NULL;
			int y = text_cut_paren_year(c->title, &pa);
			if (y) {
				c->year = y;
				c->authors = pa;
			}
		}
		/* Further arXiv links are papers of their own. */
		for (size_t i = 0; i < n_links; i++) {
			char *id = NULL;
			int v = 0;
			if (&links[i] == l || links[i].start < a || links[i].end > b ||
			    !entry_link_usable(&links[i]) || !arxiv_parse(links[i].href, &id, &v))
				continue;
			bool dup = c->arxiv && strcmp(id, c->arxiv) == 0;
			for (size_t k = 0; k < c->n_extra && !dup; k++)
				dup = strcmp(c->extra[k].arxiv, id) == 0;
			if (!dup)
				add_extra(c, text, &links[i], id, v);
			free(id);
		}
	} else {
		size_t s = 0, e = 0;
		char *id = NULL;
		int v = 0;
		if (arxiv_find(text + m, b - m, &s, &e, &id, &v)) {
			c->has_link = true;
			c->arxiv = id;
			c->version = v;
			c->url = xasprintf("https://arxiv.org/abs/%s", id);
			struct buf t = BUF_INIT;
			buf_add(&t, text + m, s);
			buf_add(&t, text + m + e, b - m - e);
			c->title = entry_clean_title(buf_str(&t), t.len);
			buf_free(&t);
			if (!*c->title) {
				free(c->title);
				c->title = xasprintf("arXiv:%s", id);
			}
		} else {
			/* Title only; bare URLs further on are dropped from it. */
			struct buf t = BUF_INIT;
			size_t pos = m;
			for (size_t i = 0; i < n_links; i++) {
				if (links[i].start < pos || links[i].end > b)
					continue;
				buf_add(&t, text + pos, links[i].start - pos);
				if (!link_text_is_url(text, &links[i]))
					buf_add(&t, text + links[i].start, links[i].end - links[i].start);
				pos = links[i].end;
			}
			buf_add(&t, text + pos, b - pos);
			c->title = entry_clean_title(buf_str(&t), t.len);
			buf_free(&t);
		}
		char *pa = NULL;
		int y = text_cut_paren_year(c->title, &pa);
		if (y) {
			c->year = y;
			c->authors = pa;
		}
	}
	if (c->title && !*c->title && c->url) {
		free(c->title);
		c->title = text_clean_line(c->url, strlen(c->url), TITLE_MAX);
	}
	split_et_al(c);
	if (c->authors && !*c->authors)
		FREE(&c->authors);
}

void entry_recognise(const char *text, size_t a, size_t b, const struct md_link *links,
		     size_t n_links, const char *title_line, struct entry_cand *c)
{
	recognise(text, a, b, links, n_links, title_line, LABEL_WORDS, c);
}

void entry_recognise_any(const char *text, size_t a, size_t b, const struct md_link *links,
			 size_t n_links, struct entry_cand *c)
{
	recognise(text, a, b, links, n_links, NULL, SIZE_MAX, c);
}

size_t entry_line_end(const char *text, size_t len, size_t a, const struct md_link *links,
		      size_t n_links)
{
	size_t e = a + strcspn(text + a, "\n");
	if (e > len)
		e = len;
	for (size_t i = 0; i < n_links; i++) {   /* links are in text order */
		if (links[i].start >= e)
			break;
		if (links[i].start >= a && links[i].end > e && links[i].end <= len) {
			e = links[i].end + strcspn(text + links[i].end, "\n");
			if (e > len)
				e = len;
		}
	}
	return e;
}
