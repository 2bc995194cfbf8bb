/* walk.c: walk the document blocks in order and recognise topics, entries
 * and knowledge sections (the rules are in src/import/README.md).
 *
 * Headings give the topic path. A section is the text between a heading and
 * the next one; its entries come from list items, paragraph lines and table
 * rows. A section is knowledge when it lies under a "Knowledge"/"Notes"
 * heading, or when its own text holds notes (bullets that are not entries,
 * code, tables, quotes) and no entries at its top level. In a section of
 * entries, the notes nested under an entry are its comment and a knowledge
 * section, and so are other top-level bullets with nested notes. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "import/private.h"
#include "import/walk.h"

struct heading_ctx {
	int level;
	char *display;
	bool topic;
	bool knowledge;
	int kind;
};

struct section {
	int line;            /* heading line, 0 for the text before any heading */
	char *title;         /* heading display text */
	char *parent_topic;  /* topic path above the heading */
	char *topic;         /* topic path including it */
	bool knowledge;
	bool skip;           /* title, table of contents, licence */
	long heading_entry;  /* entry made of the heading itself, or -1 */
	int n_entries;       /* entries at its top level */
	int n_notes;         /* note blocks at its top level */
	int *note_items;     /* top-level note items with nested notes */
	size_t n_note_items, cap_note_items;
};

struct topic_set {
	char **slots;        /* pointers to the result's topic strings */
	size_t cap, n;
};

struct walk {
	const char *source;
	struct md_doc *doc;
	struct import_result *out;
	size_t cap_entries, cap_sections, cap_topics;
	struct heading_ctx *hs;
	size_t n_hs, cap_hs;
	char *topic;         /* current topic path or NULL */
	bool knowledge;
	bool toc;
	int kind_hint;
	long blurb_entry;    /* entry that root paragraphs now describe, or -1 */
	int n_h1;
	bool seen_heading;
	int last_line;
	int *item_depth;     /* per node: list items above it */
	bool *consumed;      /* per node: already read as part of an entry */
	int year_ctx;        /* year of a "### 2021" heading or "**2021**" line, or 0 */
	bool reading_legend; /* the list says 📖 means reading */
	struct section sec;
	struct topic_set topics;
};

/* ---- small helpers ---- */

static struct md_inline node_inline(const struct md_node *n)
{
	return (struct md_inline){ buf_str(&n->text), n->text.len, n->links, n->n_links,
				   n->spans, n->n_spans };
}

static int node_line(struct walk *w, const struct md_node *n)
{
	if (!n->has_off)
		return w->last_line + 1;
	int l = md_doc_line(w->doc, n->first_off);
	return l;
}

static int node_last_line(struct walk *w, const struct md_node *n)
{
	if (!n->has_off)
		return w->last_line;
	return md_doc_line(w->doc, n->last_off);
}

/* Last line of a block's own text (not of nested blocks). */
static int own_last_line(struct walk *w, const struct md_node *n)
{
	if (n->has_own_off)
		return md_doc_line(w->doc, n->own_last_off);
	if (n->has_off)
		return md_doc_line(w->doc, n->first_off);
	return w->last_line;
}

static unsigned long str_hash(const char *s)
{
	unsigned long h = 5381;
	for (; *s; s++)
		h = h * 33 + (unsigned char)*s;
	return h;
}

/* Add topic path t to the result unless it is there already. */
static void topic_add(struct walk *w, const char *t)
{
	struct topic_set *ts = &w->topics;
	if (ts->n * 2 >= ts->cap) {
		size_t ncap = ts->cap ? ts->cap * 2 : 64;
		char **slots = xcalloc(ncap, sizeof(*slots));
		for (size_t i = 0; i < ts->cap; i++) {
			if (!ts->slots[i])
				continue;
			size_t j = str_hash(ts->slots[i]) & (ncap - 1);
			while (slots[j])
				j = (j + 1) & (ncap - 1);
			slots[j] = ts->slots[i];
		}
		free(ts->slots);
		ts->slots = slots;
		ts->cap = ncap;
	}
	size_t j = str_hash(t) & (ts->cap - 1);
	while (ts->slots[j]) {
		if (strcmp(ts->slots[j], t) == 0)
			return;
		j = (j + 1) & (ts->cap - 1);
	}
	struct import_result *o = w->out;
	o->topics = xgrow(o->topics, &w->cap_topics, o->n_topics + 1, sizeof(*o->topics));
	o->topics[o->n_topics] = xstrdup(t);
	ts->slots[j] = o->topics[o->n_topics++];
	ts->n++;
}

static void section_add(struct walk *w, const char *topic, const char *title, char *body, int line)
{
	if (!body || !*body) {
		free(body);
		return;
	}
	struct import_result *o = w->out;
	o->sections = xgrow(o->sections, &w->cap_sections, o->n_sections + 1, sizeof(*o->sections));
	struct knowledge *k = &o->sections[o->n_sections++];
	memset(k, 0, sizeof(*k));
	k->topic = topic ? xstrdup(topic) : NULL;
	k->title = xstrdup(title && *title ? title : w->source);
	k->body = text_clean_block(body);
	free(body);
	k->source = xstrdup(w->source);
	k->line = line;
}

/* Drop trailing thematic breaks ("---") from a body. */
static char *body_trim_rules(char *body)
{
	if (!body)
		return NULL;
	for (;;) {
		size_t n = strlen(body);
		while (n > 0 && (body[n - 1] == '\n' || body[n - 1] == ' '))
			body[--n] = '\0';
		char *nl = strrchr(body, '\n');
		char *last = nl ? nl + 1 : body;
		if (strspn(last, "-*_ ") != strlen(last) || strlen(last) < 3)
			break;
		*last = '\0';
	}
	if (!*body)
		FREE(&body);
	return body;
}

/* ---- entries ---- */

static long entry_add(struct walk *w, struct entry_cand *c, int line, int status_hint)
{
	struct import_result *o = w->out;
	o->entries = xgrow(o->entries, &w->cap_entries, o->n_entries + 1, sizeof(*o->entries));
	struct import_entry *e = &o->entries[o->n_entries];
	memset(e, 0, sizeof(*e));
	struct paper *p = &e->paper;
	p->title = c->title ? c->title : xstrdup("");
	c->title = NULL;
	p->authors = c->authors ? text_clean_line(c->authors, strlen(c->authors), 2000) : NULL;
	p->url = c->url;
	c->url = NULL;
	p->arxiv = c->arxiv;
	c->arxiv = NULL;
	p->arxiv_version = c->version;
	p->doi = c->doi;
	c->doi = NULL;
	p->year = c->year ? c->year : w->year_ctx;
	if (c->desc) {
		p->comment = text_clean_block(c->desc);
	}
	if (status_hint >= 0)
		p->status = (enum paper_status)status_hint;
	else if (c->checked)
		p->status = STATUS_READ;
	else if (c->reading || (c->reading_mark && w->reading_legend))
		p->status = STATUS_READING;
	else
		p->status = STATUS_UNREAD;   /* also what "TO READ" says */
	if (w->topic)
		paper_add_topic(p, w->topic);
	p->kind = c->book && w->kind_hint < 0 ? KIND_BOOK
					      : kind_classify(w->kind_hint, p->url, p->title, p->comment);
	p->key = paper_key(p->arxiv, p->doi, p->title);
	e->line = line;
	return (long)o->n_entries++;
}

/* Append Markdown to an entry's comment and classify it again (a blurb may
 * say "textbook"). */
static void entry_add_comment(struct walk *w, long idx, const char *md)
{
	struct paper *p = &w->out->entries[idx].paper;
	char *clean = text_clean_block(md);
	if (p->comment) {
		char *both = xasprintf("%s\n\n%s", p->comment, clean);
		free(p->comment);
		free(clean);
		p->comment = both;
	} else {
		p->comment = clean;
	}
	p->kind = kind_classify(w->kind_hint, p->url, p->title, p->comment);
}

/* Add c and its extra papers; returns the index of the first. */
static long entry_add_all(struct walk *w, struct entry_cand *c, int line, int status_hint)
{
	long first = entry_add(w, c, line, status_hint);
	for (size_t i = 0; i < c->n_extra; i++)
		entry_add(w, &c->extra[i], line, status_hint);
	return first;
}

/* ---- headings ---- */

static bool key_in(const char *key, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(key, list[i]) == 0)
			return true;
	return false;
}

/* Display text of a heading: its text without bare URLs. */
static char *heading_display(const struct md_node *n)
{
	struct buf t = BUF_INIT;
	size_t pos = 0;
	const char *s = buf_str(&n->text);
	for (size_t i = 0; i < n->n_links; i++) {
		const struct md_link *l = &n->links[i];
		if (l->start < pos)
			continue;
		buf_add(&t, s + pos, l->start - pos);
		char *lt = xstrndup(s + l->start, l->end - l->start);
		if (!text_is_url(lt) && strcmp(lt, l->href) != 0)
			buf_adds(&t, lt);
		free(lt);
		pos = l->end;
	}
	buf_add(&t, s + pos, n->text.len - pos);
	char *line = text_clean_line(buf_str(&t), t.len, 1000);
	buf_free(&t);
	char *br = strstr(line, "](");
	if (br && line[0] == '[') {
		*br = '\0';
		memmove(line, line + 1, strlen(line));
	}
	size_t len = strlen(line);
	while (len > 0 && (line[len - 1] == ':' || line[len - 1] == ' '))
		line[--len] = '\0';
	return line;
}

static void path_rebuild(struct walk *w)
{
	struct buf b = BUF_INIT;
	w->knowledge = false;
	w->kind_hint = -1;
	w->toc = false;
	for (size_t i = 0; i < w->n_hs; i++) {
		struct heading_ctx *h = &w->hs[i];
		if (h->topic) {
			if (b.len)
				buf_adds(&b, TOPIC_SEP);
			buf_adds(&b, h->display);
		}
		w->knowledge = w->knowledge || h->knowledge;
		if (h->kind >= 0)
			w->kind_hint = h->kind;
	}
	free(w->topic);
	w->topic = b.len ? buf_detach(&b) : NULL;
	buf_free(&b);
}

/* Level of the next heading after node i, or 0. */
static int next_heading_level(struct walk *w, size_t i)
{
	for (size_t j = i + 1; j < w->doc->n; j++)
		if (w->doc->nodes[j].kind == MDN_HEADING)
			return w->doc->nodes[j].level;
	return 0;
}

static void section_finish(struct walk *w, int next_line);

/* The year a heading or line consists of ("2021", "**2021**"), or 0. */
static int year_only(const char *s)
{
	char *k = text_match_key(s);
	char *p = k + strspn(k, "*_ ");
	p[strcspn(p, "*_ ")] = '\0';
	int y = strlen(p) == 4 ? cite_year_at(p, p) : 0;
	free(k);
	return y;
}

/* "Authors: ..." (a field line of a digest), or NULL. */
static char *authors_field(const char *line)
{
	static const char *const keys[] = { "authors:", "author:", "author(s):", "by:" };
	const char *p = line + strspn(line, " *_");
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		if (str_starts_with_ci(p, keys[i])) {
			p += strlen(keys[i]);
			char *a = text_clean_line(p, strcspn(p, "\n"), 2000);
			char *q = a + strspn(a, " *_");
			char *r = xstrdup(q);
			free(a);
			size_t n = strlen(r);
			while (n > 0 && (r[n - 1] == '*' || r[n - 1] == '_'))
				r[--n] = '\0';
			cite_trim_authors(r);
			return r;
		}
	return NULL;
}

/* Is a paragraph only link labels, perhaps after a field name
 * ("**Links:** [arXiv](...) · [PDF](...)")? */
static bool label_line(const struct md_node *n)
{
	const char *s = buf_str(&n->text);
	struct buf rest = BUF_INIT;   /* the text outside the links */
	size_t pos = 0;
	for (size_t i = 0; i < n->n_links; i++) {
		if (!entry_link_is_label(s, &n->links[i])) {
			buf_free(&rest);
			return false;
		}
		buf_add(&rest, s + pos, n->links[i].start - pos);
		buf_addc(&rest, ' ');
		pos = n->links[i].end;
	}
	buf_add(&rest, s + pos, n->text.len - pos);
	/* only separators, and perhaps one field name ("Links:") */
	char *k = text_match_key(buf_str(&rest));
	buf_free(&rest);
	struct buf words = BUF_INIT;
	size_t kn = strlen(k);
	for (size_t i = 0; i < kn;) {
		uint32_t cp;
		size_t len = utf8_decode(k + i, kn - i, &cp);
		bool sep = cp == 0xB7 || cp == 0x2022 || cp == 0x2013 || cp == 0x2014 ||
			   (cp < 0x80 && strchr("|/-*()_[],", (int)cp));   /* · • – — */
		if (cp == ' ') {
			if (words.len && words.data[words.len - 1] != ' ')
				buf_addc(&words, ' ');
		} else if (!sep) {
			buf_add(&words, k + i, len);
		}
		i += len;
	}
	char *w = xstrdup(buf_str(&words));
	buf_free(&words);
	free(k);
	str_trim(w);
	bool ok = n->n_links > 0 && (!*w || (!strchr(w, ' ') && str_ends_with(w, ":")));
	free(w);
	return ok;
}

static int cell_year(const char *t, size_t len);
static int status_from_cell(const char *t);

/* A field line "Key: value" ("**Key:** value", "Key:: value", as Notion,
 * Zotero note exports and Dataview write them): the key, lower-cased, in
 * key[cap] and the offset of the value in line, or 0 when it is none. */
static size_t field_of(const char *line, size_t n, char *key, size_t cap)
{
	size_t i = strspn(line, " *_");
	size_t k = i;
	while (k < n && k - i < cap - 1 && line[k] != ':' && line[k] != '\n' &&
	       (line[k] == ' ' || line[k] == '(' || line[k] == ')' ||
		(line[k] >= 'A' && line[k] <= 'Z') || (line[k] >= 'a' && line[k] <= 'z')))
		k++;
	if (k >= n || line[k] != ':' || k == i || text_count_words(line + i, k - i) > 2)
		return 0;
	for (size_t j = i; j < k; j++)
		key[j - i] = (char)((line[j] >= 'A' && line[j] <= 'Z') ? line[j] - 'A' + 'a' : line[j]);
	key[k - i] = '\0';
	k++;
	while (k < n && (line[k] == ':' || line[k] == '*' || line[k] == '_' || line[k] == ' '))
		k++;
	return k;
}

/* The fields of a paper in one block of a heading's section (Notion page
 * properties, "* Authors: ..." items of Zotero note exports): its link,
 * authors, year and status into c. True when it held the link. */
static bool fields_below(const struct md_node *n, struct entry_cand *c, char **authors)
{
	static const char *const link_keys[] = {
		"url", "link", "pdf", "doi", "arxiv", "paper", "source", "website",
	};
	static const char *const author_keys[] = { "authors", "author", "by", "creators", "author(s)" };
	static const char *const year_keys[] = {
		"year", "date", "published", "publication date", "publish date",
	};
	const char *s = buf_str(&n->text);
	bool linked = false;
	for (size_t a = 0; a < n->text.len;) {
		size_t e = a + strcspn(s + a, "\n");
		char key[32];
		size_t v = field_of(s + a, e - a, key, sizeof(key));
		if (v) {
			const char *val = s + a + v;
			size_t vn = e - a - v;
			if (key_in(key, link_keys, ARRAY_SIZE(link_keys)) && !c->url) {
				for (size_t i = 0; i < n->n_links; i++)
					if (n->links[i].start >= a + v && n->links[i].end <= e &&
					    entry_link_usable(&n->links[i])) {
						struct entry_cand lc = {0};
						struct md_inline in = node_inline(n);
						entry_recognise_any(&in, n->links[i].start, n->links[i].end, &lc);
						c->url = lc.url, lc.url = NULL;
						c->arxiv = lc.arxiv, lc.arxiv = NULL;
						c->doi = lc.doi, lc.doi = NULL;
						c->version = lc.version;
						entry_cand_free(&lc);
						linked = c->url != NULL;
						break;
					}
			} else if (key_in(key, author_keys, ARRAY_SIZE(author_keys)) && !*authors) {
				*authors = text_clean_line(val, vn, 2000);
				cite_trim_authors(*authors);
			} else if (key_in(key, year_keys, ARRAY_SIZE(year_keys)) && !c->year) {
				c->year = cell_year(val, vn);
			} else if (!strcmp(key, "status") || !strcmp(key, "read")) {
				char *st = xstrndup(val, vn);
				int status = status_from_cell(st);
				free(st);
				c->checked = c->checked || status == STATUS_READ;
				c->reading = c->reading || status == STATUS_READING;
			}
		}
		a = e + 1;
	}
	return linked;
}

/* A heading that names a paper whose links are in a line of labels below
 * it ("### Title" / "[arXiv](...) | [PDF](...)" / "**Authors:** ..."), as
 * digests write them: fills c with the link and authors, and marks those
 * lines as read. */
static void heading_links_below(struct walk *w, size_t i, struct entry_cand *c)
{
	struct md_doc *d = w->doc;
	long label = -1;
	bool from_fields = false;     /* the link is a "URL: ..." field */
	char *found_authors = NULL;
	for (size_t j = i + 1; j < d->n && j < i + 12; j++) {
		struct md_node *n = &d->nodes[j];
		if (n->kind == MDN_HEADING)
			break;
		if ((n->kind != MDN_PARA && n->kind != MDN_ITEM) || n->text.len == 0 ||
		    w->item_depth[j] > 0)
			continue;
		char *a = authors_field(buf_str(&n->text));
		if (a && !found_authors) {
			found_authors = a;
			a = NULL;
		}
		free(a);
		if (fields_below(n, c, &found_authors) && label < 0) {
			label = (long)j;
			from_fields = true;
		}
		if (label >= 0 || n->n_links == 0)
			continue;
		struct md_inline in = node_inline(n);
		struct entry_cand lc;
		entry_recognise_any(&in, 0, n->text.len, &lc);
		if (lc.has_link && label_line(n)) {
			label = (long)j;
			c->has_link = true;
			c->url = lc.url, lc.url = NULL;
			c->arxiv = lc.arxiv, lc.arxiv = NULL;
			c->doi = lc.doi, lc.doi = NULL;
			c->version = lc.version;
		}
		entry_cand_free(&lc);
	}
	/* A lone "Website: URL" is no paper: fields need a second field. */
	if (from_fields && !found_authors && !c->authors && !c->year && !c->checked &&
	    !c->reading) {
		FREE(&c->url);
		FREE(&c->arxiv);
		FREE(&c->doi);
		label = -1;
	}
	if (label >= 0) {
		c->has_link = true;
		w->consumed[label] = true;
		/* the other field blocks of the paper (Authors, Date items) */
		for (size_t j = i + 1; j < d->n && j < i + 12 && d->nodes[j].kind != MDN_HEADING; j++) {
			char key[32];
			const struct md_node *n = &d->nodes[j];
			if ((n->kind == MDN_PARA || n->kind == MDN_ITEM) && w->item_depth[j] == 0 &&
			    field_of(buf_str(&n->text), n->text.len, key, sizeof(key)))
				w->consumed[j] = true;
		}
		if (!c->authors) {
			c->authors = found_authors;
			found_authors = NULL;
		}
		if (c->title && c->title[0] == '[' && str_ends_with(c->title, "]")) {
			size_t n = strlen(c->title);
			memmove(c->title, c->title + 1, n - 2);
			c->title[n - 2] = '\0';
		}
	}
	free(found_authors);
}

static void on_heading(struct walk *w, size_t i)
{
	static const char *const toc_names[] = {
		"contents", "content", "table of contents", "toc", "content by topic",
		"contents by topic",
	};
	static const char *const boiler[] = {
		"license", "licence", "contributing", "acknowledgements", "acknowledgments",
		"citation", "star history", "contributors",
	};
	static const char *const grouping[] = {
		"papers", "papers and blogs", "papers & blogs", "reading list", "research papers",
		"paper list", "papers list", "papers and articles",
	};
	struct md_node *n = &w->doc->nodes[i];
	int line = node_line(w, n);
	section_finish(w, line);
	w->blurb_entry = -1;

	char *display = heading_display(n);
	char *key = text_match_key(display);
	bool first = !w->seen_heading;
	w->seen_heading = true;
	while (w->n_hs > 0 && w->hs[w->n_hs - 1].level >= n->level) {
		free(w->hs[w->n_hs - 1].display);
		w->n_hs--;
	}
	path_rebuild(w);
	char *parent_topic = w->topic ? xstrdup(w->topic) : NULL;
	bool parent_knowledge = w->knowledge;
	int parent_kind = w->kind_hint;

	bool is_title = n->level == 1 && w->n_h1 == 1 && first;
	bool toc = key_in(key, toc_names, ARRAY_SIZE(toc_names)) ||
		   str_starts_with(key, "table of contents");
	bool boil = key_in(key, boiler, ARRAY_SIZE(boiler));
	bool group = key_in(key, grouping, ARRAY_SIZE(grouping)) &&
		     next_heading_level(w, i) > n->level;
	bool knowledge = parent_knowledge || strstr(key, "knowledge") ||
			 strcmp(key, "notes") == 0 || strcmp(key, "study notes") == 0;

	w->hs = xgrow(w->hs, &w->cap_hs, w->n_hs + 1, sizeof(*w->hs));
	struct heading_ctx *h = &w->hs[w->n_hs++];
	h->level = n->level;
	h->display = display;
	h->topic = !is_title && !toc && !boil && !group && *key;
	h->knowledge = knowledge;
	h->kind = kind_from_heading(key);
	path_rebuild(w);
	w->toc = toc;
	if (h->topic)
		topic_add(w, w->topic);

	memset(&w->sec, 0, sizeof(w->sec));
	w->sec.line = line;
	w->sec.title = xstrdup(display);
	w->sec.parent_topic = parent_topic;
	w->sec.topic = w->topic ? xstrdup(w->topic) : NULL;
	w->sec.knowledge = knowledge;
	w->sec.skip = is_title || toc || boil || !*key;
	w->sec.heading_entry = -1;
	w->year_ctx = year_only(display);

	/* A heading that links a resource, or names a paper with its year, is
	 * an entry of the topic above it. */
	if (!w->sec.skip || is_title) {
		/* The document title is a paper only when fields of a paper
		 * follow it (a Notion page: "URL: ...", "Authors: ...") */
		struct entry_cand c;
		struct md_inline in = node_inline(n);
		entry_recognise(&in, 0, n->text.len, NULL, &c);
		if (is_title) {
			bool year = c.year;
			entry_cand_free(&c);
			memset(&c, 0, sizeof(c));
			if (!year)
				c.title = entry_clean_title(display, strlen(display));
		}
		if (c.title && !c.has_link && !c.year && !year_only(display))
			heading_links_below(w, i, &c);
		if (is_title && !c.has_link)
			c.year = 0;
		if (c.has_link || (c.year && c.title && *c.title)) {
			char *saved = w->topic;
			int saved_kind = w->kind_hint;
			w->topic = parent_topic;
			w->kind_hint = parent_kind;
			w->sec.heading_entry = entry_add_all(w, &c, line, -1);
			w->topic = saved;
			w->kind_hint = saved_kind;
		}
		entry_cand_free(&c);
	}
	free(key);
}

/* ---- sections ---- */

static size_t item_lead(struct walk *w, size_t i);

static void section_finish(struct walk *w, int next_line)
{
	struct section *s = &w->sec;
	int first = s->line + 1, last = next_line - 1;
	if (!s->skip) {
		bool whole = s->knowledge || (s->n_notes > 0 && s->n_entries == 0);
		char *body = NULL;
		if (whole || s->heading_entry >= 0)
			body = body_trim_rules(md_doc_lines(w->doc, first, last));
		if (body && s->heading_entry >= 0)
			entry_add_comment(w, s->heading_entry, body);
		if (whole && body) {
			section_add(w, s->line ? s->parent_topic : NULL, s->title, body,
				    s->line ? s->line : first);
			body = NULL;
		} else if (s->n_entries > 0) {
			for (size_t i = 0; i < s->n_note_items; i++) {
				size_t ii = (size_t)s->note_items[i];
				struct md_node *it = &w->doc->nodes[ii];
				const struct md_node *lead = &w->doc->nodes[item_lead(w, ii)];
				int l0 = own_last_line(w, lead) + 1, l1 = node_last_line(w, it);
				size_t first_nl = strcspn(buf_str(&lead->text), "\n");
				char *title = entry_clean_title(buf_str(&lead->text), first_nl);
				section_add(w, s->topic, title, md_doc_lines(w->doc, l0, l1), node_line(w, it));
				free(title);
			}
		}
		free(body);
	}
	free(s->title);
	free(s->parent_topic);
	free(s->topic);
	free(s->note_items);
	memset(s, 0, sizeof(*s));
	s->heading_entry = -1;
}

static void note_count(struct walk *w, size_t i)
{
	if (w->item_depth[i] == 0)
		w->sec.n_notes++;
}

/* ---- list items ---- */

static int scan_lines(struct walk *w, const struct md_node *n, size_t from);

/* Index of the block holding an item's own text: the item itself (tight
 * lists) or its first paragraph. */
static size_t item_lead(struct walk *w, size_t i)
{
	struct md_node *it = &w->doc->nodes[i];
	if (it->text.len > 0 || i + 1 >= (size_t)it->end)
		return i;
	struct md_node *c = &w->doc->nodes[i + 1];
	return (c->parent == (int)i && (c->kind == MDN_PARA || c->kind == MDN_HEADING)) ? i + 1 : i;
}

static bool all_links_anchors(const struct md_node *n)
{
	if (n->n_links == 0)
		return false;
	for (size_t i = 0; i < n->n_links; i++)
		if (n->links[i].href[0] != '#')
			return false;
	return true;
}

/* "Authors: ..." on one of the lines of text (an item's lead after its
 * first line), or NULL. */
static char *authors_below(const char *text)
{
	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		char *a = authors_field(p);
		if (a)
			return a;
	}
	return NULL;
}

/* Returns the next block to visit. */
static size_t on_item(struct walk *w, size_t i)
{
	struct md_doc *d = w->doc;
	struct md_node *it = &d->nodes[i];
	size_t li = item_lead(w, i);
	struct md_node *lead = &d->nodes[li];
	size_t next = li == i ? i + 1 : i + 2;
	bool top = w->item_depth[i] == 0;
	if (w->consumed[i] || w->consumed[li])
		return next;                   /* the links of a heading's paper */

	if (w->toc || all_links_anchors(lead))
		return (size_t)it->end;        /* table of contents */

	/* The lead's first line, or two when a bare URL follows a title. */
	const char *s = buf_str(&lead->text);
	size_t len = lead->text.len;
	struct md_inline in = node_inline(lead);
	size_t e1 = entry_line_end(s, len, 0, lead->links, lead->n_links);
	size_t b = e1;
	char *title_line = NULL;
	bool first_has = true;
	if (e1 < len) {
		size_t e2 = entry_line_end(s, len, e1 + 1, lead->links, lead->n_links);
		struct entry_cand probe;
		entry_recognise(&in, 0, e1, NULL, &probe);
		first_has = probe.has_link;
		entry_cand_free(&probe);
		if (!first_has && entry_is_bare_url(s, e1 + 1, e2, lead->links, lead->n_links)) {
			title_line = xstrndup(s, e1);
			b = e2;
		}
	}
	struct entry_cand c;
	entry_recognise(&in, title_line ? e1 + 1 : 0, b, title_line, &c);
	free(title_line);
	if (!c.has_link && (it->task || c.checked)) {
		entry_cand_free(&c);
		entry_recognise_any(&in, 0, b, &c);
	}
	if (!c.has_link && !first_has && !it->task && !c.checked && !c.to_read) {
		/* One paper over a few lines: title, authors, "Venue 2020.
		 * [Paper](...)" */
		struct entry_cand whole;
		entry_recognise_any(&in, 0, len, &whole);
		if (whole.has_link && whole.labelled && whole.title && *whole.title &&
		    text_count_words(s, len) <= 120) {
			entry_cand_free(&c);
			c = whole;
			b = len;
		} else {
			entry_cand_free(&whole);
		}
	}
	bool marked = it->task || c.checked || c.to_read;
	/* Lines run on into the item (lazy continuation) list more papers. */
	size_t rest = b < len ? b + 1 : len;
	bool entry = c.has_link || (marked && c.title && *c.title);
	if (!entry) {
		entry_cand_free(&c);
		if (rest < len)
			scan_lines(w, lead, rest);
		if (top) {
			note_count(w, i);
			if (lead->has_off && it->has_off &&
			    node_last_line(w, it) > own_last_line(w, lead)) {
				struct section *sec = &w->sec;
				sec->note_items = xgrow(sec->note_items, &sec->cap_note_items,
							sec->n_note_items + 1, sizeof(int));
				sec->note_items[sec->n_note_items++] = (int)i;
			}
		}
		return next;
	}
	int status = -1;
	if (it->task)
		status = (it->task_mark == 'x' || it->task_mark == 'X') ? STATUS_READ : STATUS_UNREAD;
	int line = node_line(w, it);
	if (!c.authors && b < len)
		c.authors = authors_below(s + b + 1);
	long idx = entry_add_all(w, &c, line, status);
	char *title = xstrdup(w->out->entries[idx].paper.title);
	entry_cand_free(&c);
	if (top)
		w->sec.n_entries++;
	if (rest < len)
		scan_lines(w, lead, rest);

	/* Nested notes: the comment, and a knowledge section. */
	int from = own_last_line(w, lead) + 1, to = node_last_line(w, it);
	if (lead->has_off && it->has_off && to >= from) {
		char *notes = md_doc_lines(d, from, to);
		if (notes) {
			entry_add_comment(w, idx, notes);
			section_add(w, w->topic, title, notes, line);
		}
	}
	free(title);
	/* Paragraphs after a list's last item describe it (a blurb). */
	struct md_node *list = &d->nodes[it->parent];
	if (list->end == it->end && list->parent >= 0 &&
	    (d->nodes[list->parent].kind == MDN_DOC || d->nodes[list->parent].kind == MDN_QUOTE))
		w->blurb_entry = idx;
	return (size_t)it->end;
}

/* ---- paragraphs ---- */

/* Entries from the lines of block n's text from byte `from` on (a bare URL
 * takes its title from the plain line above it). Returns how many. */
static int scan_lines(struct walk *w, const struct md_node *n, size_t from)
{
	const char *s = buf_str(&n->text);
	size_t len = n->text.len;
	int line0 = node_line(w, n);
	for (size_t k = 0; k < from && k < len; k++)
		if (s[k] == '\n')
			line0++;
	int found = 0;
	size_t prev_a = 0, prev_b = 0;
	int prev_line = line0;
	bool prev_free = false;      /* previous line is plain text, unused */
	int cur = line0;
	size_t li = 0;               /* links of the current line: [li, lj) */
	size_t si = 0;               /* emphasis spans of the current line: [si, sj) */
	for (size_t a = from; a <= len;) {
		size_t b = entry_line_end(s, len, a, n->links ? n->links + li : NULL, n->n_links - li);
		while (li < n->n_links && n->links[li].start < a)
			li++;
		while (si < n->n_spans && n->spans[si].start < a)
			si++;
		size_t sj = si;
		while (sj < n->n_spans && n->spans[sj].start < b)
			sj++;
		size_t lj = li;
		while (lj < n->n_links && n->links[lj].start < b)
			lj++;
		const struct md_link *ll = n->links ? n->links + li : NULL;
		size_t nl = lj - li;
		struct entry_cand c;
		bool bare = entry_is_bare_url(s, a, b, ll, nl);
		char *tl = (bare && prev_free) ? xstrndup(s + prev_a, prev_b - prev_a) : NULL;
		struct md_inline in = { s, len, ll, nl, n->spans ? n->spans + si : NULL, sj - si };
		entry_recognise(&in, a, b, tl, &c);
		if (c.has_link && !w->toc) {
			entry_add_all(w, &c, tl ? prev_line : cur, -1);
			found++;
			prev_free = false;
		} else {
			prev_free = nl == 0 && b > a;
			prev_a = a;
			prev_b = b;
			prev_line = cur;
		}
		free(tl);
		entry_cand_free(&c);
		for (size_t k = a; k < b; k++)
			if (s[k] == '\n')
				cur++;
		cur++;
		a = b + 1;
	}
	return found;
}

static void on_para(struct walk *w, size_t i)
{
	struct md_node *n = &w->doc->nodes[i];
	bool root = n->parent >= 0 && (w->doc->nodes[n->parent].kind == MDN_DOC ||
				       w->doc->nodes[n->parent].kind == MDN_QUOTE);
	if (w->consumed[i])
		return;
	if (root && n->n_links == 0 && year_only(buf_str(&n->text))) {
		w->year_ctx = year_only(buf_str(&n->text));   /* "**2021**" above its papers */
		return;
	}
	if (scan_lines(w, n, 0) > 0) {
		if (root)
			w->sec.n_entries++;
		w->blurb_entry = -1;
		return;
	}
	if (root && w->blurb_entry >= 0 && n->has_off) {
		/* A blurb. Its TO READ marker changes nothing when the entry
		 * has a check mark; unread is the default anyway. */
		char *md = md_doc_lines(w->doc, node_line(w, n), node_last_line(w, n));
		if (md) {
			char *rest = xstrdup(md);
			text_strip_to_read(rest);
			if (*rest)
				entry_add_comment(w, w->blurb_entry, md);
			free(rest);
		}
		free(md);
	}
}

/* ---- tables ---- */

enum col_role { COL_NONE, COL_TITLE, COL_AUTHORS, COL_YEAR, COL_STATUS, COL_VENUE };

static enum col_role column_role(const char *name)
{
	static const char *const title[] = {
		"title", "paper", "name", "papers", "resource", "paper title", "reading", "readings",
		"article",
	};
	static const char *const authors[] = { "authors", "author", "by", "first author" };
	static const char *const year[] = {
		"year", "date", "published", "publish date", "publication date", "pub date",
		"release date",
	};
	static const char *const status[] = { "status", "read", "done", "read?" };
	static const char *const venue[] = {
		"venue", "conference", "conf", "journal", "publication", "published in", "where",
		"source",
	};
	char *k = text_match_key(name);
	bool checked = false;
	text_skip_marks(name, &checked);
	enum col_role r = checked && !*k ? COL_STATUS :   /* a ✓ column */
			  key_in(k, title, ARRAY_SIZE(title)) ? COL_TITLE :
			  key_in(k, authors, ARRAY_SIZE(authors)) ? COL_AUTHORS :
			  key_in(k, year, ARRAY_SIZE(year)) ? COL_YEAR :
			  key_in(k, status, ARRAY_SIZE(status)) ? COL_STATUS :
			  key_in(k, venue, ARRAY_SIZE(venue)) ? COL_VENUE : COL_NONE;
	free(k);
	return r;
}

static int status_from_cell(const char *t)
{
	bool checked = false;
	text_skip_marks(t, &checked);
	char *k = text_match_key(t);
	int st = -1;
	if (checked || !strcmp(k, "x") || !strcmp(k, "[x]") || !strcmp(k, "yes") ||
	    !strcmp(k, "read") || !strcmp(k, "done") || !strcmp(k, "completed"))
		st = STATUS_READ;
	else if (!strcmp(k, "reading") || !strcmp(k, "in progress"))
		st = STATUS_READING;
	else if (*k)
		st = STATUS_UNREAD;
	free(k);
	return st;
}

/* First year in a cell ("NeurIPS 2022", "2023-05-23"), or 0. */
static int cell_year(const char *t, size_t len)
{
	char *y = text_clean_line(t, len, 100);
	char *p = y + strspn(y, "*_ ");
	int year = 0;
	/* a month after the year: "2022.05", "2022-05" */
	if (strlen(p) >= 6 && (p[4] == '.' || p[4] == '-' || p[4] == '/') &&
	    strspn(p, "0123456789") == 4 && strspn(p + 5, "0123456789") <= 2 &&
	    strspn(p + 5, "0123456789") >= 1) {
		int v = atoi(p);
		year = v >= 1900 && v <= 2099 ? v : 0;
	}
	if (!year)
		year = cite_year_in(y);
	free(y);
	return year;
}

struct row_cell {
	size_t start, end;   /* in the joined row text */
	enum col_role role;
};

static size_t on_table(struct walk *w, size_t ti)
{
	struct md_doc *d = w->doc;
	size_t end = (size_t)d->nodes[ti].end;
	enum col_role *roles = NULL;
	size_t n_roles = 0, cap_roles = 0;
	bool any = false;
	for (size_t r = ti + 1; r < end; r++) {
		if (d->nodes[r].kind != MDN_ROW)
			continue;
		size_t rend = (size_t)d->nodes[r].end;
		bool header = false;
		/* The row's cells joined with " | ", their links and spans. */
		struct buf joined = BUF_INIT;
		struct md_link *links = NULL;
		struct md_span *spans = NULL;
		struct row_cell *cells = NULL;
		size_t n_links = 0, cap_links = 0, n_spans = 0, cap_spans = 0, n_cells = 0, cap_cells = 0;
		for (size_t ci = r + 1; ci < rend; ci++) {
			struct md_node *cell = &d->nodes[ci];
			if (cell->kind != MDN_CELL)
				continue;
			const char *t = buf_str(&cell->text);
			if (cell->header_cell) {
				header = true;
				roles = xgrow(roles, &cap_roles, n_roles + 1, sizeof(*roles));
				roles[n_roles++] = column_role(t);
				continue;
			}
			if (joined.len)
				buf_adds(&joined, " | ");
			size_t base = joined.len;
			buf_add(&joined, t, cell->text.len);
			cells = xgrow(cells, &cap_cells, n_cells + 1, sizeof(*cells));
			cells[n_cells] = (struct row_cell){ base, joined.len,
							    n_cells < n_roles ? roles[n_cells] : COL_NONE };
			n_cells++;
			for (size_t k = 0; k < cell->n_links; k++) {
				links = xgrow(links, &cap_links, n_links + 1, sizeof(*links));
				links[n_links] = cell->links[k];
				links[n_links].start += base;
				links[n_links].end += base;
				n_links++;
			}
			for (size_t k = 0; k < cell->n_spans; k++) {
				spans = xgrow(spans, &cap_spans, n_spans + 1, sizeof(*spans));
				spans[n_spans] = cell->spans[k];
				spans[n_spans].start += base;
				spans[n_spans].end += base;
				n_spans++;
			}
		}
		if (!header && n_cells > 0) {
			const char *js = buf_str(&joined);
			struct md_inline in = { js, joined.len, links, n_links, spans, n_spans };
			/* The entry is read from the cell of its link (every cell
			 * when there is none: an arXiv id may stand in one). */
			size_t a = 0, b = joined.len, link_cell = SIZE_MAX;
			for (size_t k = 0; k < n_links && link_cell == SIZE_MAX; k++)
				if (entry_link_usable(&links[k]) && !url_is_repo(links[k].href))
					for (size_t ci = 0; ci < n_cells; ci++)
						if (links[k].start >= cells[ci].start && links[k].end <= cells[ci].end)
							link_cell = ci;
			if (link_cell != SIZE_MAX) {
				a = cells[link_cell].start;
				b = cells[link_cell].end;
			}
			struct entry_cand c;
			entry_recognise_any(&in, a, b, &c);
			int status = -1, venue_year = 0;
			for (size_t ci = 0; ci < n_cells && c.has_link; ci++) {
				const char *t = js + cells[ci].start;
				size_t tl = cells[ci].end - cells[ci].start;
				switch (cells[ci].role) {
				case COL_TITLE:
					if (ci != link_cell) {
						/* "**Title**<br>Authors": the title, then names */
						size_t first = strcspn(t, "\n");
						if (first < tl && !c.authors) {
							char *au = text_clean_line(t + first + 1, tl - first - 1, 2000);
							cite_trim_authors(au);
							if (*au && cite_looks_like_names(au))
								c.authors = au, au = NULL;
							free(au);
						}
						if (first < tl)
							tl = first;
						free(c.title);
						c.title = entry_clean_title(t, tl);
						char *pa = NULL;
						int y = text_cut_paren_year(c.title, &pa);
						if (y && !c.year)
							c.year = y;
						if (pa && !c.authors)
							c.authors = pa, pa = NULL;
						free(pa);
					}
					break;
				case COL_AUTHORS:
					free(c.authors);
					c.authors = text_clean_line(t, tl, 2000);
					break;
				case COL_YEAR:
					if (cell_year(t, tl))
						c.year = cell_year(t, tl);
					break;
				case COL_VENUE:
					venue_year = cell_year(t, tl);
					break;
				case COL_STATUS: {
					char *st = xstrndup(t, tl);
					status = status_from_cell(st);
					free(st);
					break;
				}
				default:
					break;
				}
			}
			if (c.has_link) {
				if (!c.year)
					c.year = venue_year;
				char *bar = strstr(c.title, " | ");
				if (bar)
					*bar = '\0';
				FREE(&c.desc);
				entry_add_all(w, &c, node_line(w, &d->nodes[r]), status);
				any = true;
				/* Papers of their own in other cells ("Suggested readings") */
				for (size_t ci = 0; ci < n_cells; ci++) {
					bool titled = false;
					for (size_t k = 0; k < n_links && !titled && ci != link_cell; k++)
						titled = links[k].start >= cells[ci].start &&
							 links[k].end <= cells[ci].end &&
							 entry_link_names_paper(js, &links[k]);
					if (!titled)
						continue;
					struct entry_cand x;
					entry_recognise_any(&in, cells[ci].start, cells[ci].end, &x);
					if (x.has_link)
						entry_add_all(w, &x, node_line(w, &d->nodes[r]), -1);
					entry_cand_free(&x);
				}
			}
			entry_cand_free(&c);
		}
		free(links);
		free(spans);
		free(cells);
		buf_free(&joined);
		r = rend - 1;
	}
	free(roles);
	if (w->item_depth[ti] == 0) {
		if (any)
			w->sec.n_entries++;
		else
			w->sec.n_notes++;
	}
	return end;
}

/* ---- the walk ---- */

/* Knowledge sections in document order (item sections are found late).
 * Insertion sort: stable, and the input is nearly sorted. */
static void sections_sort(struct import_result *out)
{
	for (size_t i = 1; i < out->n_sections; i++) {
		struct knowledge k = out->sections[i];
		size_t j = i;
		while (j > 0 && out->sections[j - 1].line > k.line) {
			out->sections[j] = out->sections[j - 1];
			j--;
		}
		out->sections[j] = k;
	}
}

/* Does a line of the list say that 📖 means reading ("📖 reading")? */
static bool reading_legend(const struct md_doc *doc)
{
	const char *end = doc->src + doc->len;
	for (const char *p = doc->src; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		const char *book = memmem(p, (size_t)(e - p), "\xF0\x9F\x93\x96", 4);
		if (book) {
			char *line = xstrndup(p, (size_t)(e - p));
			char *k = text_match_key(line);
			bool says = strstr(k, "reading") != NULL;
			free(k);
			free(line);
			if (says)
				return true;
		}
		p = e + 1;
	}
	return false;
}

int walk_document(struct md_doc *doc, const char *source, struct import_result *out)
{
	struct walk w;
	memset(&w, 0, sizeof(w));
	w.doc = doc;
	w.source = source;
	w.out = out;
	w.blurb_entry = -1;
	w.kind_hint = -1;
	w.sec.heading_entry = -1;
	w.item_depth = xcalloc(doc->n, sizeof(int));
	w.consumed = xcalloc(doc->n, sizeof(bool));
	w.reading_legend = reading_legend(doc);
	for (size_t i = 1; i < doc->n; i++) {
		int p = doc->nodes[i].parent;
		if (p >= 0)
			w.item_depth[i] = w.item_depth[p] + (doc->nodes[p].kind == MDN_ITEM);
		if (doc->nodes[i].kind == MDN_HEADING && doc->nodes[i].level == 1)
			w.n_h1++;
	}
	for (size_t i = 1; i < doc->n;) {
		struct md_node *n = &doc->nodes[i];
		if (n->has_off) {
			int l = md_doc_line(doc, n->first_off);
			if (l > w.last_line)
				w.last_line = l;
		}
		switch (n->kind) {
		case MDN_HEADING:
			if (w.item_depth[i] > 0)
				on_para(&w, i);   /* "text\n-" in an item: not a topic */
			else
				on_heading(&w, i);
			i++;
			break;
		case MDN_ITEM:
			i = on_item(&w, i);
			break;
		case MDN_PARA:
			on_para(&w, i);
			i++;
			break;
		case MDN_TABLE:
			w.blurb_entry = -1;
			i = on_table(&w, i);
			break;
		case MDN_CODE:
		case MDN_HTML:
		case MDN_QUOTE:
			if (w.item_depth[i] == 0 && n->kind != MDN_HTML)
				note_count(&w, i);
			w.blurb_entry = -1;
			i = n->kind == MDN_QUOTE ? i + 1 : (size_t)n->end;
			break;
		case MDN_LIST:
		case MDN_HR:
			w.blurb_entry = -1;
			i++;
			break;
		default:
			i++;
			break;
		}
		if (i <= (size_t)(n - doc->nodes))   /* never go backwards */
			i = (size_t)(n - doc->nodes) + 1;
	}
	section_finish(&w, md_doc_n_lines(doc) + 1);
	sections_sort(out);
	for (size_t k = 0; k < w.n_hs; k++)
		free(w.hs[k].display);
	free(w.hs);
	free(w.topic);
	free(w.item_depth);
	free(w.consumed);
	free(w.topics.slots);
	return 0;
}
