/* landing.c: the PDF link a landing page declares, read with gumbo. */
#include "config.h"

#include <curl/curl.h>
#include <gumbo.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "net/private.h"

/* The content of the first <meta name="citation_pdf_url"> under node
 * (an explicit stack: pages may nest deeply). */
static const char *find_meta(GumboNode *root)
{
	GumboNode **stack = NULL;
	size_t n = 0, cap = 0;
	const char *found = NULL;
	stack = xgrow(stack, &cap, 1, sizeof *stack);
	stack[n++] = root;
	while (n && !found) {
		GumboNode *node = stack[--n];
		if (node->type != GUMBO_NODE_ELEMENT)
			continue;
		GumboElement *e = &node->v.element;
		if (e->tag == GUMBO_TAG_META) {
			GumboAttribute *name = gumbo_get_attribute(&e->attributes, "name");
			GumboAttribute *content = gumbo_get_attribute(&e->attributes, "content");
			if (name && content && strcasecmp(name->value, "citation_pdf_url") == 0 &&
			    *content->value)
				found = content->value;
			continue;
		}
		for (unsigned i = e->children.length; i > 0; i--) {
			stack = xgrow(stack, &cap, n + 1, sizeof *stack);
			stack[n++] = e->children.data[i - 1];
		}
	}
	free(stack);
	return found;
}

/* url resolved against base, http(s) only. Caller frees; NULL if unusable. */
static char *resolve(const char *base, const char *url)
{
	CURLU *u = curl_url();
	char *out = NULL, *scheme = NULL;
	if (curl_url_set(u, CURLUPART_URL, base, 0) == CURLUE_OK &&
	    curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    (strcasecmp(scheme, "http") == 0 || strcasecmp(scheme, "https") == 0)) {
		char *s = NULL;
		if (curl_url_get(u, CURLUPART_URL, &s, 0) == CURLUE_OK)
			out = xstrdup(s);
		curl_free(s);
	}
	curl_free(scheme);
	curl_url_cleanup(u);
	return out;
}

char *landing_pdf_url(const char *html, size_t len, const char *base_url)
{
	GumboOutput *g = gumbo_parse_with_options(&kGumboDefaultOptions, html, len);
	if (!g)
		return NULL;
	const char *meta = find_meta(g->root);
	char *url = NULL;
	if (meta) {
		char *trimmed = str_trim(xstrdup(meta));
		url = resolve(base_url, trimmed);
		free(trimmed);
	}
	gumbo_destroy_output(&kGumboDefaultOptions, g);
	return url;
}
