/* entry.c: turn one line of a reading list into an entry candidate.
 *
 *   **[Title](url)** - Authors (Year)       link first: title = link text,
 *   - ✔️ [Title](url) (2015)                the tail gives authors and year
 *   **Title** — A et al., 2022. [[paper]](url) [[code]](url)
 *                                           link labels: the text before
 *                                           them names the paper
 *   Mikolov et al. [Title](url). 2013.      authors before a titled link
 *   <url> Title                             a URL first, then the title
 *   A. Author, “Title,” in Venue, 2017.     a citation (cite.c), its link
 *                                           or DOI anywhere
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

/* Is the link's text its address: a URL, or an arXiv id ("2106.09685",
 * "arXiv:2106.09685") rather than a title? */
static bool link_text_is_url(const char *text, const struct md_link *l)
{
	size_t n = l->end - l->start;
	const char *t = text + l->start;
	if (n == 0)
		return true;
	if (strlen(l->href) == n && memcmp(l->href, t, n) == 0)
		return true;
	char *copy = xstrndup(t, n);
	bool url = text_is_url(copy) || (n <= 40 && arxiv_parse(copy, NULL, NULL));
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

static void drop_empty_brackets(char *s);

/* Is s[0..] a date "YYYY-MM-DD"? */
static bool iso_date_at(const char *s)
{
	for (int i = 0; i < 10; i++)
		if ((i == 4 || i == 7) ? s[i] != '-' : !(s[i] >= '0' && s[i] <= '9'))
			return false;
	return true;
}

/* Length of a leading date label ("2024-01-08: ", "2024-01-08 - "), or 0. */
static size_t date_label(const char *s)
{
	size_t i = strspn(s, " ");
	if (!iso_date_at(s + i))
		return 0;
	i += 10;
	size_t j = i + strspn(s + i, " :-|");
	if (j == i && s[i])
		return 0;
	return j;
}

/* A status word at the end of s: "(read)", "[done]", "— done", "#read",
 * "(reading)". Returns the status, or -1; with cut, removes it. */
static int status_word(char *s, bool cut)
{
	static const struct { const char *word; int status; } words[] = {
		{ "read", STATUS_READ }, { "done", STATUS_READ }, { "finished", STATUS_READ },
		{ "reading", STATUS_READING }, { "in progress", STATUS_READING },
	};
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	for (size_t i = 0; i < ARRAY_SIZE(words); i++) {
		size_t w = strlen(words[i].word);
		for (int form = 0; form < 3; form++) {
			/* (word) [word] / #word / "— word" "- word" */
			size_t len = form == 0 ? w + 2 : form == 1 ? w + 1 : w;
			if (n < len + 1)
				continue;
			const char *p = s + n - len;
			bool match;
			if (form == 0)
				match = ((p[0] == '(' && p[len - 1] == ')') || (p[0] == '[' && p[len - 1] == ']')) &&
					strncasecmp(p + 1, words[i].word, w) == 0;
			else if (form == 1)
				match = p[0] == '#' && strncasecmp(p + 1, words[i].word, w) == 0 && p[-1] == ' ';
			else
				match = strncasecmp(p, words[i].word, w) == 0 && n >= len + 3 &&
					((n >= len + 4 && (str_starts_with(p - 4, "\xE2\x80\x94 ") ||
							   str_starts_with(p - 4, "\xE2\x80\x93 "))) ||
					 (p[-1] == ' ' && p[-2] == '-' && p[-3] == ' '));
			if (!match)
				continue;
			if (cut) {
				size_t k = (size_t)(p - s);
				if (form == 2)
					k -= p[-2] == '-' ? 2 : 4;
				s[k] = '\0';
				str_trim(s);
			}
			return words[i].status;
		}
	}
	return -1;
}

/* Around a title: a leading number ("01.", "3) "), a leading source tag
 * ("[Google] "), quotes, trailing hashtags ("#reading"). In place. */
static void strip_title_extras(char *t)
{
	char *p = t;
	size_t dl = date_label(t);
	if (dl && t[dl])
		memmove(t, t + dl, strlen(t + dl) + 1);
	/* a separator left from "<URL> — Title", "[id](URL): Title" */
	static const char *const seps[] = { "\xE2\x80\x94 ", "\xE2\x80\x93 ", "- ", ": ", "| " };
	for (size_t i = 0; i < ARRAY_SIZE(seps); i++)
		if (str_starts_with(t, seps[i])) {
			size_t k = strlen(seps[i]);
			memmove(t, t + k, strlen(t + k) + 1);
			str_trim(t);
			break;
		}
	while (*p >= '0' && *p <= '9')
		p++;
	if (p > t && p - t <= 3 && (*p == '.' || *p == ')') && p[1] != '\0' &&
	    !(p[1] >= '0' && p[1] <= '9'))
		memmove(t, p + 1, strlen(p + 1) + 1);
	str_trim(t);
	while (status_word(t, true) >= 0)
		;
	drop_empty_brackets(t);
	if (t[0] == '[') {
		char *close = strchr(t, ']');
		if (close && close[1] == ' ' && close - t <= 40 &&
		    text_count_words(t, (size_t)(close - t)) <= 3) {
			memmove(t, close + 2, strlen(close + 2) + 1);
			str_trim(t);
		}
	}
	size_t n = strlen(t);
	for (;;) {   /* trailing #tags */
		char *hash = strrchr(t, '#');
		if (!hash || hash == t || hash[-1] != ' ' || strchr(hash, ' ') || !hash[1])
			break;
		*hash = '\0';
		str_trim(t);
	}
	n = strlen(t);
	static const char *const quotes[][2] = {
		{ "\"", "\"" }, { "\xE2\x80\x9C", "\xE2\x80\x9D" }, { "'", "'" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(quotes); i++) {
		size_t a = strlen(quotes[i][0]), b = strlen(quotes[i][1]);
		if (n > a + b && str_starts_with(t, quotes[i][0]) && str_ends_with(t, quotes[i][1]) &&
		    strstr(t + a, quotes[i][1]) == t + n - b) {
			t[n - b] = '\0';
			memmove(t, t + a, n - a - b + 1);
			break;
		}
	}
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
	strip_title_extras(t);
	size_t len = strlen(t);
	while (len > 0 && (t[len - 1] == ':' || t[len - 1] == ' ' || t[len - 1] == '-' ||
			   t[len - 1] == ',' || t[len - 1] == '(' || t[len - 1] == '|' ||
			   t[len - 1] == '[' || t[len - 1] == ';' ||
			   (t[len - 1] == '.' && (len < 2 || t[len - 2] != '.'))))
		t[--len] = '\0';
	if (len >= 3 && str_ends_with(t, "\xE2\x80\x94")) {   /* — */
		t[len - 3] = '\0';
		str_trim(t);
	}
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
	/* arXiv's own DOIs (10.48550/arXiv.ID) name the arXiv paper */
	if (c->doi && str_starts_with(c->doi, "10.48550/arxiv.") &&
	    arxiv_parse(c->doi + strlen("10.48550/arxiv."), &id, &v)) {
		c->arxiv = id;
		c->version = v;
		FREE(&c->doi);
	}
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

/* Is the link text a generic label? Compared in lower case without the
 * brackets, emphasis marks, emoji and spaces around it. */
bool entry_link_is_label(const char *text, const struct md_link *l)
{
	static const char *const labels[] = {
		"paper", "pdf", "arxiv", "abs", "abstract", "html", "code", "github", "gitlab",
		"project", "project page", "website", "web", "page", "homepage", "site", "video",
		"youtube", "talk", "slides", "poster", "blog", "blog post", "demo", "colab",
		"notebook", "data", "dataset", "datasets", "model", "models", "weights",
		"checkpoint", "checkpoints", "huggingface", "hf", "doi", "openreview", "acl",
		"acm", "ieee", "springer", "semantic scholar", "scholar", "bibtex", "bib",
		"citation", "cite", "link", "url", "here", "official", "supp", "supplementary",
		"appendix", "review", "reviews", "tweet", "thread", "twitter", "summary",
		"notes", "note", "reddit", "podcast", "docs", "documentation", "repo",
		"repository", "implementation", "pytorch", "tensorflow", "jax", "online",
		"preprint", "full text", "download", "proceedings", "publisher", "pmlr",
		"papers with code", "pwc", "arxiv pdf", "arxiv abs", "paper link", "code link",
	};
	if (l->end <= l->start || l->end - l->start > 40)
		return false;
	char *t = xstrndup(text + l->start, l->end - l->start);
	char *k = text_match_key(t);
	free(t);
	char *p = k;
	while (*p == '[' || *p == '(' || *p == ' ' || *p == '*' || *p == '_')
		p++;
	size_t n = strlen(p);
	while (n > 0 && (p[n - 1] == ']' || p[n - 1] == ')' || p[n - 1] == ' ' || p[n - 1] == '*' ||
			 p[n - 1] == '_' || p[n - 1] == ':'))
		p[--n] = '\0';
	bool label = false;
	for (size_t i = 0; i < ARRAY_SIZE(labels) && !label; i++)
		label = strcmp(p, labels[i]) == 0;
	free(k);
	return label;
}

bool entry_link_names_paper(const char *text, const struct md_link *l)
{
	return entry_link_usable(l) && !url_is_repo(l->href) && !entry_link_is_label(text, l) &&
	       !link_text_is_url(text, l) && text_count_words(text + l->start, l->end - l->start) >= 2;
}

/* How much a link looks like the paper itself: arXiv 4, DOI 3, a paper
 * host or PDF 2, another page 1, a code repository or a label of another
 * kind (code, video, slides...) 0. */
static int link_paper_score(const char *text, const struct md_link *l)
{
	static const char *const other[] = {
		"code", "github", "gitlab", "project", "project page", "website", "video", "youtube",
		"talk", "slides", "poster", "blog", "blog post", "demo", "colab", "notebook", "data",
		"dataset", "datasets", "model", "models", "weights", "bibtex", "bib", "citation",
		"cite", "tweet", "thread", "twitter", "reddit", "podcast", "docs", "repo",
		"repository", "implementation", "pytorch", "tensorflow", "jax", "homepage",
	};
	if (!entry_link_usable(l))
		return -1;
	if (url_is_repo(l->href))
		return 0;
	if (entry_link_is_label(text, l)) {
		char *t = xstrndup(text + l->start, l->end - l->start);
		char *k = text_match_key(t);
		free(t);
		char *p = k + strspn(k, "[( *_");
		p[strcspn(p, "]) *_:")] = '\0';
		bool is_other = false;
		for (size_t i = 0; i < ARRAY_SIZE(other) && !is_other; i++)
			is_other = strcmp(p, other[i]) == 0;
		free(k);
		if (is_other)
			return 0;
	}
	if (arxiv_parse(l->href, NULL, NULL))
		return 4;
	char *doi = doi_find(l->href);
	free(doi);
	if (doi)
		return 3;
	if (kind_classify(-1, l->href, "", NULL) == KIND_PAPER && strcmp(url_path(l->href), "") &&
	    strcmp(url_path(l->href), "/"))
		return 2;
	return 1;
}

/* The link of [a, b) that best names the paper (see link_paper_score). */
static const struct md_link *best_link(const char *text, size_t a, size_t b,
				       const struct md_link *links, size_t n_links)
{
	const struct md_link *best = NULL;
	int best_score = -1;
	for (size_t i = 0; i < n_links; i++) {
		if (links[i].start < a || links[i].end > b)
			continue;
		int s = link_paper_score(text, &links[i]);
		if (s > best_score) {
			best = &links[i];
			best_score = s;
		}
	}
	return best_score >= 0 ? best : NULL;
}

/* Strip leading separators of a tail in place: spaces - – — : , | */
static char *skip_separators(char *p)
{
	for (;;) {
		if (*p == ' ' || *p == '-' || *p == ':' || *p == ',' || *p == '|' || *p == '\n' ||
		    *p == '.')
			p++;
		else if (str_starts_with(p, "\xE2\x80\x93") || str_starts_with(p, "\xE2\x80\x94"))
			p += 3;   /* – — */
		else
			return p;
	}
}

/* Remove check marks and status emoji from the end of s, in place. */
static void strip_trailing_marks(char *s)
{
	size_t n = strlen(s), cut = n;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (text_is_emoji(cp) || text_is_check(cp)) {
			if (cut == n)
				cut = i;
		} else if (cp != ' ') {
			cut = n;
		}
		i += k;
	}
	s[cut] = '\0';
	str_trim(s);
}

/* Authors and year from the text after a title; false when it is not
 * bibliographic (a description). */
static bool apply_tail(struct entry_cand *c, const char *tail)
{
	char *spaced = xasprintf(" %s", tail);   /* task marks are cut after text */
	text_strip_task_marks(spaced);
	char *rest = xstrdup(skip_separators(spaced));
	free(spaced);
	strip_trailing_marks(rest);
	text_strip_to_read(rest);
	char *paren_authors = NULL;
	char *authors = NULL;
	int year = text_cut_paren_year(rest, &paren_authors);
	bool ok = false;
	if (year) {   /* "- Authors (Year)", "(Name, 2022)" */
		char *r = skip_separators(rest);
		strip_emphasis(r);
		cite_trim_authors(r);
		if (*r && !cite_is_venue(r))
			authors = xstrdup(r);
		else if (paren_authors && !cite_is_venue(paren_authors))
			authors = xstrdup(paren_authors);
		ok = true;
	} else if (cite_tail(rest, &authors, &year)) {
		ok = true;
	}
	if (ok) {
		if (!c->year)
			c->year = year;
		if (!c->authors && authors) {
			c->authors = authors;
			authors = NULL;
		}
	}
	free(authors);
	free(paren_authors);
	free(rest);
	return ok;
}

/* Remove "()" and "[]" left where label links were, in place. */
static void drop_empty_brackets(char *s)
{
	char *o = s;
	for (const char *p = s; *p;) {
		if (((p[0] == '(' && p[1] == ')') || (p[0] == '[' && p[1] == ']')) &&
		    (p == s || p[-1] == ' ')) {
			p += 2;
			continue;
		}
		*o++ = *p++;
	}
	*o = '\0';
	str_trim(s);
}

/* Parse what follows the link: " - Authors (Year)", " (2015)",
 * "— Authors et al., 2022", or a description (kept as c->desc). */
static void parse_tail(struct entry_cand *c, const char *text, size_t a, size_t b,
		       const struct md_link *links, size_t n_links)
{
	if (a > b)
		a = b;
	struct buf t = BUF_INIT;   /* the tail without label links */
	size_t pos = a;
	for (size_t i = 0; i < n_links; i++) {
		if (links[i].start < pos || links[i].end > b || !entry_link_is_label(text, &links[i]))
			continue;
		buf_add(&t, text + pos, links[i].start - pos);
		pos = links[i].end;
	}
	buf_add(&t, text + pos, b - pos);
	char *tail = text_clean_line(buf_str(&t), t.len, SIZE_MAX); /* cut later */
	buf_free(&t);
	drop_empty_brackets(tail);
	while (status_word(tail, true) >= 0)
		;
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
	/* leftovers of bracketed labels: "[[Paper](...)] [[Code](...)]" */
	size_t n = strlen(tail);
	while (n > 0 && strchr("[]| ", tail[n - 1]))
		tail[--n] = '\0';
	if (!apply_tail(c, tail)) {
		char *rest = xstrdup(skip_separators(tail));
		text_strip_to_read(rest);
		text_strip_task_marks(rest);
		strip_emphasis(rest);
		if (*rest)
			c->desc = xstrdup(rest);
		free(rest);
	}
	free(tail);
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

/* The first usable link of [a, b) when it is a label ([paper], [PDF]):
 * the text before it names the paper. */
static const struct md_link *first_label(const char *text, size_t a, size_t b,
					 const struct md_link *links, size_t n_links)
{
	for (size_t i = 0; i < n_links; i++) {
		const struct md_link *l = &links[i];
		if (l->start < a || l->end > b || !entry_link_usable(l))
			continue;
		if (entry_link_is_label(text, l))
			return l;
		if (!url_is_repo(l->href))
			return NULL;
	}
	return NULL;
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

/* The line's text without bare URLs and without label links. */
static char *plain_text(const char *text, size_t a, size_t b, const struct md_link *links,
			size_t n_links)
{
	struct buf t = BUF_INIT;
	size_t pos = a;
	for (size_t i = 0; i < n_links; i++) {
		if (links[i].start < pos || links[i].end > b)
			continue;
		buf_add(&t, text + pos, links[i].start - pos);
		if (!link_text_is_url(text, &links[i]) && !entry_link_is_label(text, &links[i]))
			buf_add(&t, text + links[i].start, links[i].end - links[i].start);
		pos = links[i].end;
	}
	buf_add(&t, text + pos, b - pos);
	char *s = text_clean_line(buf_str(&t), t.len, SIZE_MAX);
	buf_free(&t);
	return s;
}

/* Is s[0..n) only spaces, marks, bullets, numbering ("01.") or ':'? */
static bool only_lead(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strchr(" \t\n.:#0123456789", s[i]))
			return false;
	return true;
}

static void split_title_tail(struct entry_cand *c);

/* The text before a label link: "**Title** — Authors, 2022",
 * "Authors. **Title**. *Venue*, 2017", a citation, or a plain title. */
static void parse_head(struct entry_cand *c, const struct md_inline *in, size_t h0, size_t h1)
{
	const char *text = in->text;
	const struct md_span *sp = NULL;
	/* a leading venue tag "**[ICLR'23]**" is not the title */
	for (size_t i = 0; i < in->n_spans; i++) {
		const struct md_span *s = &in->spans[i];
		if (s->start >= h0 && s->end <= h1 && s->end > s->start + 1 && text[s->start] == '[' &&
		    text[s->end - 1] == ']' && only_lead(text + h0, s->start - h0) &&
		    s->end - s->start <= 40) {
			h0 = s->end;
			break;
		}
	}
	for (size_t i = 0; i < in->n_spans; i++) {
		const struct md_span *s = &in->spans[i];
		if (s->start < h0 || s->end > h1 || s->end <= s->start || s->kind == 'd')
			continue;
		if (only_lead(text + h0, s->start - h0) || (s->kind == 's' && !sp)) {
			sp = s;
			if (only_lead(text + h0, s->start - h0))
				break;
		}
	}
	char *after = NULL;
	if (sp) {
		c->title = entry_clean_title(text + sp->start, sp->end - sp->start);
		if (!only_lead(text + h0, sp->start - h0)) {
			char *au = text_clean_line(text + h0, sp->start - h0, FIELD_MAX);
			cite_trim_authors(au);
			if (*au && cite_looks_like_names(au))
				c->authors = au;
			else
				free(au);
		}
		/* lines after the title are fields: authors, then venue and year */
		struct buf ab = BUF_INIT;
		for (size_t i = sp->end; i < h1; i++) {
			if (text[i] == '\n' && i > sp->end && text[i - 1] == '\n')
				continue;
			if (text[i] == '\n')
				buf_adds(&ab, ab.len && ab.data[ab.len - 1] != '.' ? ". " : " ");
			else
				buf_addc(&ab, text[i]);
		}
		after = text_clean_line(buf_str(&ab), ab.len, SIZE_MAX);
		buf_free(&ab);
	} else {
		char *line = plain_text(text, h0, h1, in->links, in->n_links);
		struct cite ct;
		if (cite_parse(line, &ct)) {
			c->title = ct.title;
			c->authors = ct.authors;
			c->year = ct.year;
			after = xstrdup("");
		} else {
			const char *dash = NULL;
			static const char *const seps[] = { " \xE2\x80\x94 ", " \xE2\x80\x93 ", " - " };
			for (size_t i = 0; i < ARRAY_SIZE(seps) && !dash; i++)
				dash = strstr(line, seps[i]);
			size_t tn = dash ? (size_t)(dash - line) : strlen(line);
			c->title = entry_clean_title(line, tn);
			after = xstrdup(dash ? dash : "");
			if (!dash)
				split_title_tail(c);   /* "Title. Authors. Venue 2019." */
		}
		free(line);
	}
	if (after && *after)
		apply_tail(c, after);
	free(after);
}

/* "Title (Authors, 2020)" or "Title (NeurIPS 2022)" at the end of a
 * title: the year, and the authors unless they are a venue. */
static void title_paren_year(struct entry_cand *c)
{
	char *pa = NULL;
	int y = text_cut_paren_year(c->title, &pa);
	if (y) {
		c->year = y;
		if (pa && !cite_is_venue(pa) && !c->authors)
			c->authors = pa, pa = NULL;
	}
	free(pa);
}

/* "Title — Authors et al., 2017" or "Title. Authors. Venue 2017." as one
 * title: cut the tail off when it reads as authors and year. */
static void split_title_tail(struct entry_cand *c)
{
	static const char *const seps[] = { " \xE2\x80\x94 ", " \xE2\x80\x93 ", " - ", ". " };
	if (!c->title)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(seps); i++) {
		char *dash = strstr(c->title, seps[i]);
		if (!dash || dash == c->title)
			continue;
		struct entry_cand t = {0};
		char *al = strstr(c->title, " et al");
		if (apply_tail(&t, dash) && t.authors && cite_looks_like_names(t.authors) &&
		    (!al || al > dash)) {   /* "Name et al. Title": authors first */
			*dash = '\0';
			str_trim(c->title);
			if (!c->year)
				c->year = t.year;
			if (!c->authors)
				c->authors = t.authors, t.authors = NULL;
		}
		free(t.authors);
		return;
	}
}

/* Check marks, 📖 and strikethrough anywhere in the line's own text. */
static void status_marks(const struct md_inline *in, size_t a, size_t b, struct entry_cand *c)
{
	size_t li = 0;
	for (size_t i = a; i < b;) {
		while (li < in->n_links && in->links[li].end <= i)
			li++;
		uint32_t cp;
		size_t k = utf8_decode(in->text + i, b - i, &cp);
		bool in_link = li < in->n_links && in->links[li].start <= i && i < in->links[li].end;
		if (!in_link && text_is_check(cp))
			c->checked = true;
		if (!in_link && cp == 0x1F4D6)   /* 📖 */
			c->reading_mark = true;
		i += k;
	}
	for (size_t i = 0; i < in->n_spans; i++)
		if (in->spans[i].kind == 'd' && in->spans[i].start >= a && in->spans[i].end <= b &&
		    in->spans[i].end - in->spans[i].start >= 3)
			c->checked = true;
	char *line = text_clean_line(in->text + a, b - a, SIZE_MAX);
	text_strip_task_marks(line);
	strip_trailing_marks(line);
	int st = status_word(line, false);
	if (st == STATUS_READ)
		c->checked = true;
	else if (st == STATUS_READING)
		c->reading = true;
	free(line);
}

/* Is s only a field label ("Paper: ", "**Required reading:** ")? */
static bool label_only(const char *s)
{
	char *t = text_clean_line(s, strlen(s), 200);
	char *p = t + strspn(t, "*_ ");
	size_t n = strlen(p);
	while (n > 0 && (p[n - 1] == '*' || p[n - 1] == '_' || p[n - 1] == ' '))
		p[--n] = '\0';
	bool label = n > 1 && p[n - 1] == ':' && text_count_words(p, n) <= 3 &&
		     strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz ") == n - 1;
	free(t);
	return label;
}

/* Length of a leading field label of a line ("Required reading: ",
 * "**Optional:** "): at most three words ending in ':', then more text. */
static size_t field_label(const char *s)
{
	size_t i = strspn(s, " *_");
	size_t k = i;
	while (s[k] && s[k] != ':' && s[k] != '\n' && k - i < 40 &&
	       (s[k] == ' ' || (s[k] >= 'A' && s[k] <= 'Z') || (s[k] >= 'a' && s[k] <= 'z')))
		k++;
	if (s[k] != ':' || k == i || text_count_words(s + i, k - i) > 3)
		return 0;
	k++;
	k += strspn(s + k, " *_");
	return s[k] && s[k] != '/' ? k : 0;   /* not "https://" */
}

/* A line with no link near its head: a citation whose link (or DOI or
 * arXiv id) may come anywhere. */
static bool recognise_citation(const struct md_inline *in, size_t m, size_t b, struct entry_cand *c)
{
	const char *text = in->text;
	char *line = plain_text(text, m, b, in->links, in->n_links);
	struct cite ct;
	bool ok = cite_parse(line + field_label(line), &ct);
	if (ok && !c->url) {   /* its link, unless the caller has one */
		const struct md_link *l = best_link(text, m, b, in->links, in->n_links);
		char *id = NULL, *doi = NULL;
		int v = 0;
		size_t s = 0, e = 0;
		char *raw = xstrndup(text + m, b - m);
		if (l) {
			cand_set_url(c, l->href);
		} else if (arxiv_find(raw, strlen(raw), &s, &e, &id, &v)) {
			c->arxiv = id;
			c->version = v;
			c->url = xasprintf("https://arxiv.org/abs/%s", id);
		} else if ((strstr(raw, "doi:") || strstr(raw, "DOI:") || strstr(raw, "doi.org")) &&
			   (doi = doi_find(raw)) != NULL) {
			c->doi = doi;
			c->url = xasprintf("https://doi.org/%s", doi);
		} else {
			ok = false;
		}
		free(raw);
	}
	if (ok) {
		c->has_link = true;
		c->title = ct.title;
		c->authors = ct.authors;
		c->year = ct.year;
		/* APA sets a book's title in italics (an article's journal) */
		for (size_t i = 0; i < in->n_spans && !c->book; i++) {
			const struct md_span *sp = &in->spans[i];
			if (sp->kind != 'e' || sp->start < m || sp->end > b)
				continue;
			char *t = entry_clean_title(text + sp->start, sp->end - sp->start);
			c->book = strcmp(t, c->title) == 0;
			free(t);
		}
	} else {
		cite_free(&ct);
	}
	free(line);
	return ok;
}

/* Does the text before the link name its authors ("Mikolov et al.",
 * "Pennington, Socher and Manning.", "Caruana (1997).")? A year in it goes
 * to *year. */
static char *author_prefix(const char *text, size_t a, size_t b, int *year)
{
	char *raw = text_clean_line(text + a, b - a, FIELD_MAX);
	char *p = xstrdup(raw + field_label(raw));
	free(raw);
	size_t n = strlen(p);
	bool sep = n > 0 && (p[n - 1] == '.' || p[n - 1] == ':' || p[n - 1] == ',' ||
			     str_ends_with(p, "\xE2\x80\x94") || str_ends_with(p, " -"));
	/* "Caruana (1997)." */
	int y = 0;
	if (n > 7 && p[n - 1] == '.' && p[n - 2] == ')' && p[n - 7] == '(' &&
	    (y = cite_year_at(p + n - 6, p)) != 0)
		p[n - 7] = '\0';
	cite_trim_authors(p);
	/* one word alone ("Read:", "Paper:") is a label, not an author */
	bool several = y || text_count_words(p, strlen(p)) >= 2;
	if (sep && several && strstr(p, "'") == NULL && cite_looks_like_names(p) &&
	    !cite_is_venue(p)) {
		if (y && !*year)
			*year = y;
		return p;
	}
	free(p);
	return NULL;
}

/* The year of a leading venue tag ("**[ICLR'23]**", "[CVPR 2023]"), or 0. */
static int tag_year(const char *s, size_t n)
{
	size_t i = strspn(s, " *_");
	if (i >= n || s[i] != '[')
		return 0;
	const char *close = memchr(s + i, ']', n - i < 40 ? n - i : 40);
	if (!close)
		return 0;
	char *tag = xstrndup(s + i + 1, (size_t)(close - s - i - 1));
	int y = cite_year_in(tag);
	free(tag);
	return y;
}

/* Dataview inline fields "[author:: ...]" "[year:: ...]" in a title:
 * removed, and used for authors and year. */
static void take_fields(struct entry_cand *c)
{
	char *t = c->title;
	for (char *o; t && (o = strstr(t, "::")) != NULL;) {
		char *open = o;
		while (open > t && open[-1] != '[')
			open--;
		char *close = strchr(o, ']');
		if (open == t || !close || strchr(open, ' ') < o) {
			t = o + 2;
			continue;
		}
		char *key = xstrndup(open, (size_t)(o - open));
		char *val = text_clean_line(o + 2, (size_t)(close - o - 2), FIELD_MAX);
		char *k = text_match_key(key);
		if ((!strcmp(k, "author") || !strcmp(k, "authors")) && !c->authors)
			c->authors = xstrdup(val);
		else if ((!strcmp(k, "year") || !strcmp(k, "date")) && !c->year)
			c->year = atoi(val) >= 1900 && atoi(val) <= 2099 ? atoi(val) : 0;
		free(k);
		free(key);
		free(val);
		memmove(open - 1, close + 1, strlen(close + 1) + 1);
		t = open - 1;
	}
	if (c->title) {
		char *clean = entry_clean_title(c->title, strlen(c->title));
		free(c->title);
		c->title = clean;
	}
}

/* Does s[0..n) start, after blanks, with a date "YYYY-MM-DD"? */
static bool starts_with_date(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && s[i] == ' ')
		i++;
	static const char shape[] = "dddd-dd-dd";
	for (size_t j = 0; shape[j]; j++, i++)
		if (i >= n || (shape[j] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != '-'))
			return false;
	return true;
}

static void recognise(const struct md_inline *in, size_t a, size_t b, const char *title_line,
		      size_t max_words, struct entry_cand *c)
{
	const char *text = in->text;
	const struct md_link *links = in->links;
	size_t n_links = in->n_links;
	memset(c, 0, sizeof(*c));
	/* Marks before the text; Obsidian's "[/]" (in progress), "[-]". */
	char *head = xstrndup(text + a, b - a);
	bool checked = false;
	const char *after = text_skip_marks(head, &checked);
	if (str_starts_with(after, "[/] ") || str_starts_with(after, "[-] ")) {
		c->reading = after[1] == '/';
		after = text_skip_marks(after + 4, &checked);
	}
	size_t m = a + (size_t)(after - head);
	free(head);
	c->checked = checked;
	status_marks(in, a, b, c);
	char *whole = xstrndup(text + a, b - a);
	c->to_read = text_has_to_read(whole);
	free(whole);

	const struct md_link *l = primary_link(text, m, b, links, n_links, max_words);
	const struct md_link *lab = first_label(text, m, b, links, n_links);
	if (lab && text_count_words(text + m, lab->start - m) > 0 && !title_line) {
		/* "Title — Authors, 2022. [paper](URL) [code](URL)" */
		c->labelled = true;
		parse_head(c, in, m, lab->start);
		parse_tail(c, text, lab->end, b, links, n_links);
		FREE(&c->desc);
		l = best_link(text, m, b, links, n_links);
		c->has_link = true;
		cand_set_url(c, l->href);
	} else if (l) {
		c->has_link = true;
		cand_set_url(c, l->href);
		char *before = xstrndup(text + m, l->start - m);
		size_t dl = date_label(before);
		bool at_start = text_count_words(before, strlen(before)) == 0 ||
				strspn(before, "*_ ([") == strlen(before) ||
				(dl && strspn(before + dl, "*_ ([") == strlen(before + dl)) ||
				(label_only(before) && !link_text_is_url(text, l));
		free(before);
		char *authors = NULL;
		if (title_line && link_text_is_url(text, l)) {
			c->title = entry_clean_title(title_line, strlen(title_line));
			parse_tail(c, text, l->end, b, links, n_links);
		} else if (at_start && link_text_is_url(text, l) &&
			   text_count_words(text + l->end, b - l->end) > 0) {
			/* "<URL> Title (Authors, 2020)", or a citation after the URL */
			if (!recognise_citation(in, l->end, b, c)) {
				char *t = plain_text(text, l->end, b, links, n_links);
				c->title = entry_clean_title(t, strlen(t));
				free(t);
				title_paren_year(c);
			}
		} else if (at_start) {
			if (link_text_is_url(text, l))
				c->title = c->arxiv ? xasprintf("arXiv:%s", c->arxiv)
						    : text_clean_line(l->href, strlen(l->href), TITLE_MAX);
			else
				c->title = entry_clean_title(text + l->start, l->end - l->start);
			/* a mark right after the link ("[T](u) ✔️ - Authors", as quire
			 * writes it back) is skipped; one before a date ("✅
			 * 2024-02-20", Obsidian Tasks' done date) is left to the tail */
			size_t k = marks_after(text, l->end, b, &c->checked);
			if (k && starts_with_date(text + l->end + k, b - l->end - k))
				k = 0;
			parse_tail(c, text, l->end + k, b, links, n_links);
		} else if (!link_text_is_url(text, l) &&
			   (authors = author_prefix(text, m, l->start, &c->year)) != NULL) {
			/* "Mikolov et al. [Title](URL). 2013." */
			c->title = entry_clean_title(text + l->start, l->end - l->start);
			c->authors = authors;
			parse_tail(c, text, l->end, b, links, n_links);
			FREE(&c->desc);
		} else {
			/* The line is the title, without bare URLs in it. */
			char *t = plain_text(text, m, b, links, n_links);
			c->title = entry_clean_title(t, strlen(t));
			free(t);
			split_title_tail(c);
			title_paren_year(c);
		}
		/* Further arXiv links are papers of their own (not labels of this one). */
		for (size_t i = 0; i < n_links; i++) {
			char *id = NULL;
			int v = 0;
			if (&links[i] == l || links[i].start < a || links[i].end > b ||
			    !entry_link_usable(&links[i]) || entry_link_is_label(text, &links[i]) ||
			    !arxiv_parse(links[i].href, &id, &v))
				continue;
			bool dup = c->arxiv && strcmp(id, c->arxiv) == 0;
			for (size_t k = 0; k < c->n_extra && !dup; k++)
				dup = strcmp(c->extra[k].arxiv, id) == 0;
			if (!dup)
				add_extra(c, text, &links[i], id, v);
			free(id);
		}
	} else if (!recognise_citation(in, m, b, c)) {
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
			split_et_al(c);
			split_title_tail(c);
			if (!*c->title) {
				free(c->title);
				c->title = xasprintf("arXiv:%s", id);
			}
		} else {
			/* Title only; bare URLs further on are dropped from it. */
			char *t = plain_text(text, m, b, links, n_links);
			c->title = entry_clean_title(t, strlen(t));
			free(t);
		}
		title_paren_year(c);
	}
	if (!c->year)
		c->year = tag_year(text + m, b - m);
	take_fields(c);
	if (c->title && !*c->title && c->url) {
		free(c->title);
		c->title = text_clean_line(c->url, strlen(c->url), TITLE_MAX);
	}
	split_et_al(c);
	if (c->authors)
		cite_trim_authors(c->authors);
	if (c->authors && !*c->authors)
		FREE(&c->authors);
}

void entry_recognise(const struct md_inline *in, size_t a, size_t b, const char *title_line,
		     struct entry_cand *c)
{
	recognise(in, a, b, title_line, LABEL_WORDS, c);
}

void entry_recognise_any(const struct md_inline *in, size_t a, size_t b, struct entry_cand *c)
{
	recognise(in, a, b, NULL, SIZE_MAX, c);
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
