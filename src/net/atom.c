/* atom.c: the arXiv API's Atom feed, read with expat. */
#include "config.h"

#include <expat.h>
#include <stdlib.h>
#include <string.h>

#include "import/import.h"
#include "net/private.h"
#include "util/i18n.h"

#define NS_ATOM "http://www.w3.org/2005/Atom"
#define NS_ARXIV "http://arxiv.org/schemas/atom"
#define SEP '\x01'
#define MAX_CATEGORIES 64

/* The elements read inside an <entry>. */
enum field {
	F_NONE, F_ID, F_TITLE, F_SUMMARY, F_PUBLISHED, F_UPDATED, F_AUTHOR_NAME, F_DOI,
	F_JOURNAL_REF,
};

struct atom {
	XML_Parser p;
	const char *xml;
	int depth;
	bool feed;            /* the root is an Atom <feed> */
	bool in_entry, in_author;
	int entry_depth;
	enum field field;
	struct buf text;
	/* the entry being read */
	struct buf authors, categories;
	int n_categories;
	char *primary;
	char *id, *title, *summary, *published, *updated, *doi, *journal_ref;
	long entry_start;
	/* results */
	struct arxiv_record *recs;
	size_t n, cap;
	char *error;          /* the first problem */
};

static bool name_is(const char *name, const char *ns, const char *local)
{
	size_t n = strlen(ns);
	return strncmp(name, ns, n) == 0 && name[n] == SEP && strcmp(name + n + 1, local) == 0;
}

static void entry_reset(struct atom *a)
{
	FREE(&a->id), FREE(&a->title), FREE(&a->summary), FREE(&a->published);
	FREE(&a->updated), FREE(&a->doi), FREE(&a->journal_ref), FREE(&a->primary);
	buf_free(&a->authors);
	buf_free(&a->categories);
	a->n_categories = 0;
}

static void set_error(struct atom *a, char *msg)
{
	if (!a->error)
		a->error = msg;
	else
		free(msg);
	XML_StopParser(a->p, XML_FALSE);
}

static const char *attr(const char **atts, const char *name)
{
	for (int i = 0; atts[i]; i += 2)
		if (strcmp(atts[i], name) == 0)
			return atts[i + 1];
	return NULL;
}

static void on_start(void *ud, const char *name, const char **atts)
{
	struct atom *a = ud;
	a->depth++;
	if (a->depth == 1) {
		a->feed = name_is(name, NS_ATOM, "feed");
		if (!a->feed)
			set_error(a, xstrdup(_("not an Atom feed")));
		return;
	}
	if (!a->in_entry) {
		if (a->depth == 2 && name_is(name, NS_ATOM, "entry")) {
			a->in_entry = true;
			a->entry_depth = a->depth;
			a->entry_start = (long)XML_GetCurrentByteIndex(a->p);
			entry_reset(a);
		}
		return;
	}
	int d = a->depth - a->entry_depth;
	a->field = F_NONE;
	buf_reset(&a->text);
	if (d == 1 && name_is(name, NS_ATOM, "author")) {
		a->in_author = true;
	} else if (d == 2 && a->in_author && name_is(name, NS_ATOM, "name")) {
		a->field = F_AUTHOR_NAME;
	} else if (d == 1) {
		if (name_is(name, NS_ATOM, "id"))
			a->field = F_ID;
		else if (name_is(name, NS_ATOM, "title"))
			a->field = F_TITLE;
		else if (name_is(name, NS_ATOM, "summary"))
			a->field = F_SUMMARY;
		else if (name_is(name, NS_ATOM, "published"))
			a->field = F_PUBLISHED;
		else if (name_is(name, NS_ATOM, "updated"))
			a->field = F_UPDATED;
		else if (name_is(name, NS_ARXIV, "doi"))
			a->field = F_DOI;
		else if (name_is(name, NS_ARXIV, "journal_ref"))
			a->field = F_JOURNAL_REF;
		else if (name_is(name, NS_ARXIV, "primary_category")) {
			const char *t = attr(atts, "term");
			if (t && *t && !a->primary)
				a->primary = xstrdup(t);
		} else if (name_is(name, NS_ATOM, "category")) {
			const char *t = attr(atts, "term");
			/* arXiv gives a handful; a feed with thousands is not
			 * searched for duplicates again and again */
			if (t && *t && a->n_categories++ < MAX_CATEGORIES) {
				/* each term once, space-separated */
				char *pad = xasprintf(" %s ", t), *have = xasprintf(" %s ", buf_str(&a->categories));
				if (!strstr(have, pad) && !strchr(t, ' '))
					buf_printf(&a->categories, "%s%s", a->categories.len ? " " : "", t);
				free(pad);
				free(have);
			}
		}
	}
}

static void on_text(void *ud, const char *s, int len)
{
	struct atom *a = ud;
	if (a->field != F_NONE) {
		if (a->text.len + (size_t)len > NET_MEMORY_MAX) {
			set_error(a, xstrdup(_("an element too large")));
			return;
		}
		buf_add(&a->text, s, (size_t)len);
	}
}

/* The version from an entry id "http://arxiv.org/abs/2106.09685v2" and the
 * id itself; false when the id is no arXiv abstract URL. */
static bool entry_id(const char *url, char **id, int *version)
{
	return url && arxiv_parse(url, id, version);
}

/* Categories: the primary first, then the others in the feed's order. */
static char *categories(struct atom *a)
{
	struct buf b = BUF_INIT;
	if (a->primary)
		buf_adds(&b, a->primary);
	const char *c = buf_str(&a->categories);
	while (*c) {
		size_t n = strcspn(c, " ");
		if (!a->primary || strlen(a->primary) != n || strncmp(c, a->primary, n) != 0) {
			if (b.len)
				buf_addc(&b, ' ');
			buf_add(&b, c, n);
		}
		c += n;
		while (*c == ' ')
			c++;
	}
	return b.len ? buf_detach(&b) : NULL;
}

static void entry_end(struct atom *a)
{
	bool error_entry = (a->title && strcmp(a->title, "Error") == 0) ||
			   (a->id && strstr(a->id, "arxiv.org/api/errors"));
	if (error_entry) {
		set_error(a, xasprintf(_("the arXiv API answered with an error: %s"),
				       a->summary && *a->summary ? a->summary : a->id ? a->id : "?"));
		return;
	}
	char *id = NULL;
	int version = 0;
	if (!entry_id(a->id, &id, &version)) {
		set_error(a, xasprintf(_("an entry without an arXiv id (%s)"), a->id ? a->id : _("no <id>")));
		return;
	}
	if (!a->title || !*a->title) {
		/* how the API once answered an id it does not know: left out,
		 * as it does now */
		free(id);
		return;
	}
	a->recs = xgrow(a->recs, &a->cap, a->n + 1, sizeof *a->recs);
	struct arxiv_record *r = &a->recs[a->n++];
	memset(r, 0, sizeof *r);
	r->arxiv = id;
	r->version = version;
	r->title = a->title, a->title = NULL;
	r->authors = a->authors.len ? buf_detach(&a->authors) : NULL;
	r->abstract = a->summary, a->summary = NULL;
	r->categories = categories(a);
	r->published = a->published, a->published = NULL;
	r->updated = a->updated, a->updated = NULL;
	r->doi = a->doi, a->doi = NULL;
	r->journal_ref = a->journal_ref, a->journal_ref = NULL;
	long end = (long)XML_GetCurrentByteIndex(a->p) + XML_GetCurrentByteCount(a->p);
	if (a->entry_start >= 0 && end > a->entry_start) {
		r->raw_len = (size_t)(end - a->entry_start);
		r->raw = xstrndup(a->xml + a->entry_start, r->raw_len);
	}
}

static void on_end(void *ud, const char *name)
{
	struct atom *a = ud;
	UNUSED(name);
	if (a->in_entry) {
		int d = a->depth - a->entry_depth;
		if (d == 0) {
			entry_end(a);
			a->in_entry = false;
			entry_reset(a);
		} else if (d == 1 && a->in_author) {
			a->in_author = false;
		} else if (a->field != F_NONE) {
			/* titles and abstracts wrap lines: one space each */
			char *v = str_squeeze(buf_str(&a->text));
			char **dst = NULL;
			switch (a->field) {
			case F_ID: dst = &a->id; break;
			case F_TITLE: dst = &a->title; break;
			case F_SUMMARY: dst = &a->summary; break;
			case F_PUBLISHED: dst = &a->published; break;
			case F_UPDATED: dst = &a->updated; break;
			case F_DOI: dst = &a->doi; break;
			case F_JOURNAL_REF: dst = &a->journal_ref; break;
			case F_AUTHOR_NAME:
				if (*v)
					buf_printf(&a->authors, "%s%s", a->authors.len ? ", " : "", v);
				break;
			case F_NONE: break;
			}
			if (dst && !*dst && *v) {
				*dst = v;
				v = NULL;
			}
			free(v);
			a->field = F_NONE;
		}
	}
	a->depth--;
}

/* No DTDs, no external entities: only what the document holds. */
static int on_external(XML_Parser p, const char *ctx, const char *base, const char *sys,
		       const char *pub)
{
	UNUSED(p), UNUSED(ctx), UNUSED(base), UNUSED(sys), UNUSED(pub);
	return XML_STATUS_ERROR;
}

static void on_doctype(void *ud, const char *name, const char *sys, const char *pub, int internal)
{
	UNUSED(name), UNUSED(sys), UNUSED(pub), UNUSED(internal);
	set_error(ud, xstrdup(_("a document type declaration (refused)")));
}

int atom_parse(const char *xml, size_t len, struct arxiv_record **out, size_t *n, char **errp)
{
	*out = NULL;
	*n = 0;
	struct atom a;
	memset(&a, 0, sizeof a);
	a.xml = xml;
	a.entry_start = -1;
	if (len == 0)
		return error_set(errp, _("an empty answer where an Atom feed was expected"));
	if (len > (size_t)INT32_MAX)
		return error_set(errp, _("an answer too large"));
	/* not XML at all (arXiv throttles with a bare "Rate exceeded."):
	 * show how it begins */
	size_t lead = 0;
	while (lead < len && (xml[lead] == ' ' || xml[lead] == '\t' || xml[lead] == '\r' ||
			      xml[lead] == '\n'))
		lead++;
	if (lead < len && xml[lead] != '<' && !(len - lead >= 3 && memcmp(xml + lead, "\xEF\xBB\xBF", 3) == 0)) {
		size_t k = 0;
		while (lead + k < len && k < 80 && xml[lead + k] != '\n' && xml[lead + k] != '\r')
			k++;
		char *line = xstrndup(xml + lead, k);
		char *clean = text_sanitize(line);
		error_set(errp, _("not an Atom feed (it begins \"%s\")"), clean);
		free(clean);
		free(line);
		return -1;
	}
	a.p = XML_ParserCreateNS("UTF-8", SEP);
	XML_SetUserData(a.p, &a);
	XML_SetElementHandler(a.p, on_start, on_end);
	XML_SetCharacterDataHandler(a.p, on_text);
	XML_SetExternalEntityRefHandler(a.p, on_external);
	XML_SetStartDoctypeDeclHandler(a.p, on_doctype);
	XML_SetParamEntityParsing(a.p, XML_PARAM_ENTITY_PARSING_NEVER);
	enum XML_Status st = XML_Parse(a.p, xml, (int)len, XML_TRUE);
	if (st != XML_STATUS_OK && !a.error)
		a.error = xasprintf(_("malformed XML at line %lu: %s"),
				    (unsigned long)XML_GetCurrentLineNumber(a.p),
				    XML_ErrorString(XML_GetErrorCode(a.p)));
	if (!a.error && !a.feed)
		a.error = xstrdup(_("not an Atom feed"));
	XML_ParserFree(a.p);
	entry_reset(&a);
	buf_free(&a.text);
	if (a.error) {
		arxiv_records_free(&a.recs, a.n);
		error_set(errp, "%s", a.error);
		free(a.error);
		return -1;
	}
	*out = a.recs;
	*n = a.n;
	return 0;
}
