/* paper.c: the paper model — names of statuses and kinds, keys, topics. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/lib.h"

static const char *const status_names[] = {"unread", "reading", "read"};
static const char *const kind_names[] = {"paper", "blog", "video", "book", "course", "tool", "other"};

const char *paper_status_name(enum paper_status s)
{
	return (unsigned)s < ARRAY_SIZE(status_names) ? status_names[s] : "unread";
}

int paper_status_parse(const char *s)
{
	for (size_t i = 0; i < ARRAY_SIZE(status_names); i++)
		if (strcmp(s, status_names[i]) == 0)
			return (int)i;
	return -1;
}

const char *paper_kind_name(enum paper_kind k)
{
	return (unsigned)k < ARRAY_SIZE(kind_names) ? kind_names[k] : "other";
}

int paper_kind_parse(const char *s)
{
	for (size_t i = 0; i < ARRAY_SIZE(kind_names); i++)
		if (strcmp(s, kind_names[i]) == 0)
			return (int)i;
	return -1;
}

static void strv_free(char ***v, size_t *n)
{
	for (size_t i = 0; *v && i < *n; i++)
		free((*v)[i]);
	FREE(v);
	*n = 0;
}

void paper_free(struct paper *p)
{
	free(p->key), free(p->arxiv), free(p->doi), free(p->title), free(p->authors);
	free(p->url), free(p->comment), free(p->added), free(p->read_date);
	free(p->alias), free(p->abstract), free(p->categories), free(p->published);
	free(p->updated), free(p->journal_ref);
	strv_free(&p->topics, &p->n_topics);
	strv_free(&p->tags, &p->n_tags);
	memset(p, 0, sizeof *p);
}

/* Append s to a NULL-terminated vector unless it is there already. */
static void strv_add_unique(char ***v, size_t *n, const char *s)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*v)[i], s) == 0)
			return;
	*v = xrealloc(*v, (*n + 2) * sizeof **v);
	(*v)[(*n)++] = xstrdup(s);
	(*v)[*n] = NULL;
}

void paper_add_topic(struct paper *p, const char *topic)
{
	strv_add_unique(&p->topics, &p->n_topics, topic);
}

void paper_add_tag(struct paper *p, const char *tag)
{
	strv_add_unique(&p->tags, &p->n_tags, tag);
}

#define KEY_MAX 64

static bool key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '-' || c == '_';
}

bool key_is_safe(const char *key)
{
	size_t n = key ? strlen(key) : 0;
	if (n == 0 || n > 200 || key[0] == '.' || key[0] == '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!key_char(key[i]))
			return false;
	return true;
}

/* Lower-case s keeping [a-z0-9] and `keep`, other runs -> one `sep`. */
static char *slug(const char *s, const char *keep, char sep, size_t max)
{
	struct buf b = BUF_INIT;
	bool pending = false;
	for (; *s && b.len < max; s++) {
		char c = *s;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c && strchr(keep, c))) {
			if (pending && b.len)
				buf_addc(&b, sep);
			pending = false;
			buf_addc(&b, c);
		} else {
			pending = true;
		}
	}
	return buf_detach(&b);
}

static unsigned long fnv1a(const char *s)
{
	unsigned long h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h & 0xffffffffu;
}

char *paper_key(const char *arxiv, const char *doi, const char *title)
{
	if (arxiv && *arxiv) {
		char *k = xstrdup(arxiv);
		for (char *p = k; *p; p++)
			if (!key_char(*p))
				*p = '_';
		if (key_is_safe(k))
			return k;
		free(k);
	}
	if (doi && *doi) {
		char *s = slug(doi, ".", '_', KEY_MAX);
		char *k = xasprintf("doi-%s", s);
		free(s);
		if (key_is_safe(k))
			return k;
		free(k);
	}
	char *s = slug(title ? title : "", "", '-', KEY_MAX);
	if (*s && key_is_safe(s))
		return s;
	free(s);
	/* A title with no ASCII letters or digits at all. */
	return xasprintf("untitled-%08lx", fnv1a(title ? title : ""));
}

void knowledge_free(struct knowledge *k)
{
	free(k->topic), free(k->title), free(k->body), free(k->source);
	memset(k, 0, sizeof *k);
}
