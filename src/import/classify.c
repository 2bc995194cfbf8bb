/* classify.c: what kind of resource an entry is (paper, blog, video, book,
 * course, tool, other), from the heading it sits under, its URL, its title
 * and its blurb. The rules, in order:
 *   1. a heading named Tools/Courses/Books/Videos/Blogs (emoji stripped)
 *   2. the URL: video hosts; blog hosts and paths; arXiv, DOI and
 *      publisher hosts (paper); code repositories (tool, or other for
 *      "awesome"/literature lists)
 *   3. words of the title and blurb: book/textbook/"this text", course,
 *      docs/library/package (tool), guide/tutorial (other), blog/post
 *   4. the URL again: course and book paths
 *   5. otherwise a paper. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "import/private.h"

bool url_is_absolute(const char *url)
{
	return str_starts_with_ci(url, "http://") || str_starts_with_ci(url, "https://") ||
	       str_starts_with_ci(url, "ftp://") || str_starts_with_ci(url, "www.");
}

static const char *after_scheme(const char *url)
{
	const char *p = strstr(url, "://");
	return p ? p + 3 : url;
}

char *url_host(const char *url)
{
	if (!url_is_absolute(url))
		return xstrdup("");
	const char *h = after_scheme(url);
	size_t n = strcspn(h, "/?#:");
	char *host = xstrndup(h, n);
	for (char *p = host; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	if (str_starts_with(host, "www.")) {
		memmove(host, host + 4, strlen(host + 4) + 1);
	}
	return host;
}

const char *url_path(const char *url)
{
	if (!url_is_absolute(url))
		return "";
	const char *h = after_scheme(url);
	return h + strcspn(h, "/?#");
}

static bool host_is(const char *host, const char *domain)
{
	size_t h = strlen(host), d = strlen(domain);
	if (h == d)
		return strcmp(host, domain) == 0;
	return h > d && host[h - d - 1] == '.' && strcmp(host + h - d, domain) == 0;
}

/* Case-insensitive substring search. */
static bool contains_ci(const char *s, const char *needle)
{
	size_t n = strlen(needle);
	int first = tolower((unsigned char)needle[0]);
	for (; s && *s; s++)
		if (tolower((unsigned char)*s) == first && strncasecmp(s, needle, n) == 0)
			return true;
	return false;
}

/* Does s contain `word` as a whole word (ASCII, case-insensitive)? */
static bool has_word(const char *s, const char *word)
{
	size_t n = strlen(word);
	int first = tolower((unsigned char)word[0]);
	for (const char *p = s; p && *p; p++) {
		if (tolower((unsigned char)*p) != first || strncasecmp(p, word, n) != 0)
			continue;
		bool before = p == s || !isalnum((unsigned char)p[-1]);
		bool after = !isalnum((unsigned char)p[n]);
		if (before && after)
			return true;
	}
	return false;
}

bool url_is_repo(const char *url)
{
	char *host = url_host(url);
	bool repo_host = strcmp(host, "github.com") == 0 || strcmp(host, "gitlab.com") == 0 ||
			 strcmp(host, "bitbucket.org") == 0 || strcmp(host, "codeberg.org") == 0 ||
			 strcmp(host, "git.sr.ht") == 0;
	free(host);
	if (!repo_host)
		return false;
	/* owner/repo: two non-empty path segments */
	const char *p = url_path(url);
	if (*p != '/')
		return false;
	p++;
	size_t owner = strcspn(p, "/?#");
	if (owner == 0 || p[owner] != '/')
		return false;
	return strcspn(p + owner + 1, "/?#") > 0;
}

bool url_is_badge(const char *url)
{
	char *host = url_host(url);
	bool badge = strcmp(host, "img.shields.io") == 0 || strcmp(host, "badgen.net") == 0 ||
		     strcmp(host, "badge.fury.io") == 0 || contains_ci(url, "/badge.svg");
	free(host);
	return badge;
}

int kind_from_heading(const char *key)
{
	static const struct { const char *name; enum paper_kind kind; } names[] = {
		{ "tools", KIND_TOOL }, { "tool", KIND_TOOL }, { "libraries", KIND_TOOL },
		{ "software", KIND_TOOL }, { "frameworks", KIND_TOOL }, { "code", KIND_TOOL },
		{ "courses", KIND_COURSE }, { "course", KIND_COURSE }, { "lectures", KIND_COURSE },
		{ "classes", KIND_COURSE }, { "books", KIND_BOOK }, { "book", KIND_BOOK },
		{ "textbooks", KIND_BOOK }, { "videos", KIND_VIDEO }, { "video", KIND_VIDEO },
		{ "blogs", KIND_BLOG }, { "blog posts", KIND_BLOG }, { "blog", KIND_BLOG },
		{ "articles", KIND_BLOG },
	};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (strcmp(key, names[i].name) == 0)
			return (int)names[i].kind;
	return -1;
}

/* "/2023/05/..." */
static bool path_is_dated(const char *path)
{
	static const char pattern[] = "/dddd/dd/";
	for (size_t i = 0; i < sizeof(pattern) - 1; i++) {
		char c = path[i];
		if (c == '\0')
			return false;
		if (pattern[i] == 'd' ? !isdigit((unsigned char)c) : c != pattern[i])
			return false;
	}
	return true;
}

static int kind_from_url_strong(const char *url)
{
	char *host = url_host(url);
	const char *path = url_path(url);
	int kind = -1;
	if (host_is(host, "youtube.com") || host_is(host, "youtu.be") ||
	    host_is(host, "vimeo.com") || host_is(host, "bilibili.com"))
		kind = KIND_VIDEO;
	else if (host_is(host, "medium.com") || host_is(host, "substack.com") ||
		 str_starts_with(host, "blog.") || str_starts_with(host, "magazine.") ||
		 host_is(host, "lesswrong.com") || host_is(host, "alignmentforum.org") ||
		 host_is(host, "wordpress.com") || host_is(host, "ghost.io") ||
		 host_is(host, "towardsdatascience.com") || host_is(host, "dev.to") ||
		 str_starts_with(path, "/blog") || strstr(path, "/blog/") ||
		 strstr(path, "/posts/"))
		kind = KIND_BLOG;
	else if (arxiv_parse(url, NULL, NULL) || host_is(host, "doi.org") ||
		 host_is(host, "openreview.net") || host_is(host, "aclanthology.org") ||
		 host_is(host, "neurips.cc") || host_is(host, "nips.cc") ||
		 host_is(host, "mlr.press") || host_is(host, "thecvf.com") ||
		 host_is(host, "biorxiv.org") || host_is(host, "medrxiv.org") ||
		 host_is(host, "semanticscholar.org") || host_is(host, "acm.org") ||
		 host_is(host, "ieee.org") || host_is(host, "springer.com") ||
		 host_is(host, "sciencedirect.com") || host_is(host, "nature.com") ||
		 host_is(host, "plos.org") || host_is(host, "science.org"))
		kind = KIND_PAPER;
	else if (url_is_repo(url))
		kind = (contains_ci(path, "awesome") || contains_ci(path, "literature") ||
			contains_ci(path, "papers")) ? KIND_OTHER : KIND_TOOL;
	else if (host_is(host, "pypi.org") || host_is(host, "crates.io") ||
		 host_is(host, "npmjs.com"))
		kind = KIND_TOOL;
	else if (path_is_dated(path))
		kind = KIND_BLOG;  /* /2023/05/...: dated posts */
	free(host);
	return kind;
}

static int kind_from_words(const char *title, const char *comment)
{
	if (has_word(title, "book") || has_word(title, "textbook") || has_word(title, "booklet") ||
	    (comment && (has_word(comment, "textbook") || contains_ci(comment, "this book") ||
			 contains_ci(comment, "this text ") || contains_ci(comment, "this text."))))
		return KIND_BOOK;
	if (has_word(title, "course") || has_word(title, "lectures"))
		return KIND_COURSE;
	if (has_word(title, "docs") || has_word(title, "documentation") ||
	    has_word(title, "library") || has_word(title, "lib") || has_word(title, "package") ||
	    has_word(title, "toolkit") || has_word(title, "framework"))
		return KIND_TOOL;
	if (has_word(title, "blog") || has_word(title, "blogpost") || has_word(title, "blog post"))
		return KIND_BLOG;
	if (has_word(title, "guide") || has_word(title, "tutorial"))
		return KIND_OTHER;
	return -1;
}

static int kind_from_url_weak(const char *url)
{
	char *host = url_host(url);
	const char *path = url_path(url);
	int kind = -1;
	if (contains_ci(host, "course") || contains_ci(path, "course") ||
		 contains_ci(host, "-class") || host_is(host, "coursera.org") ||
		 host_is(host, "edx.org") || host_is(host, "udemy.com"))
		kind = KIND_COURSE;
	else if (strstr(path, "/book/") || str_ends_with(path, "/book"))
		kind = KIND_BOOK;
	free(host);
	return kind;
}

enum paper_kind kind_classify(int heading_kind, const char *url, const char *title,
			      const char *comment)
{
	int k;
	if (heading_kind >= 0)
		return (enum paper_kind)heading_kind;
	if (url && (k = kind_from_url_strong(url)) >= 0)
		return (enum paper_kind)k;
	if ((k = kind_from_words(title ? title : "", comment)) >= 0)
		return (enum paper_kind)k;
	if (url && (k = kind_from_url_weak(url)) >= 0)
		return (enum paper_kind)k;
	return KIND_PAPER;
}
