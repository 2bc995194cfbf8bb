/* arxiv.c: arXiv identifiers in every form a reading list uses, and DOIs.
 *
 * New style (since April 2007): YYMM.NNNN (to 1412) or YYMM.NNNNN (from
 * 1501), optionally followed by vN. Old style (1991 to March 2007):
 * archive[.SUBJECT]/YYMMNNN; the subject class is not part of the id, so
 * "math.GT/0309136" normalises to "math/0309136". */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "import/private.h"

static const char *const old_archives[] = {
	"acc-phys", "adap-org", "alg-geom", "ao-sci", "astro-ph", "atom-ph",
	"bayes-an", "chao-dyn", "chem-ph", "cmp-lg", "comp-gas", "cond-mat",
	"cs", "dg-ga", "funct-an", "gr-qc", "hep-ex", "hep-lat", "hep-ph",
	"hep-th", "math", "math-ph", "mtrl-th", "nlin", "nucl-ex", "nucl-th",
	"patt-sol", "physics", "plasm-ph", "q-alg", "q-bio", "q-fin", "quant-ph",
	"solv-int", "stat", "supr-con",
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alnum(char c)
{
	return isalnum((unsigned char)c) != 0;
}

static size_t count_digits(const char *s, size_t len)
{
	size_t n = 0;
	while (n < len && is_digit(s[n]))
		n++;
	return n;
}

static int two_digits(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/* Optional "vN" after an id; returns bytes used, sets *version. */
static size_t match_version(const char *s, size_t len, int *version)
{
	*version = 0;
	if (len < 2 || (s[0] != 'v' && s[0] != 'V'))
		return 0;
	size_t d = count_digits(s + 1, len - 1);
	if (d == 0 || d > 3)
		return 0;
	int v = 0;
	for (size_t i = 0; i < d; i++)
		v = v * 10 + (s[1 + i] - '0');
	if (v == 0)
		return 0;
	*version = v;
	return 1 + d;
}

/* YYMM.NNNN(N) at s; returns bytes used (without version) or 0. */
static size_t match_new(const char *s, size_t len, struct buf *id)
{
	if (len < 9 || count_digits(s, len) != 4 || s[4] != '.')
		return 0;
	int yy = two_digits(s), mm = two_digits(s + 2);
	if (mm < 1 || mm > 12 || yy < 7 || (yy == 7 && mm < 4))
		return 0;
	size_t d = count_digits(s + 5, len - 5);
	size_t want = (yy * 100 + mm <= 1412) ? 4 : 5;
	if (d != want)
		return 0;
	buf_add(id, s, 5 + d);
	return 5 + d;
}

/* archive[.SUBJ]/YYMMNNN at s; returns bytes used or 0. */
static size_t match_old(const char *s, size_t len, struct buf *id)
{
	/* Cheap tests first: this runs at every word of running text. */
	if (len < 9 || !isalpha((unsigned char)s[0]) || !memchr(s, '/', len < 24 ? len : 24))
		return 0;
	char first = (char)tolower((unsigned char)s[0]);
	for (size_t a = 0; a < ARRAY_SIZE(old_archives); a++) {
		size_t n = strlen(old_archives[a]);
		if (old_archives[a][0] != first || len <= n ||
		    strncasecmp(s, old_archives[a], n) != 0)
			continue;
		size_t i = n;
		if (s[i] == '.') {   /* subject class: letters and '-' */
			size_t j = i + 1;
			while (j < len && (isalpha((unsigned char)s[j]) || s[j] == '-'))
				j++;
			if (j == i + 1)
				continue;
			i = j;
		}
		if (i >= len || s[i] != '/')
			continue;
		i++;
		if (len - i < 7 || count_digits(s + i, len - i) != 7)
			continue;
		int yy = two_digits(s + i), mm = two_digits(s + i + 2);
		if (mm < 1 || mm > 12 || (yy > 7 && yy < 91) || (yy == 7 && mm > 3))
			continue;
		for (size_t k = 0; k < n; k++)
			buf_addc(id, (char)tolower((unsigned char)s[k]));
		buf_addc(id, '/');
		buf_add(id, s + i, 7);
		return i + 7;
	}
	return 0;
}

/* An id (new or old style) plus optional version at s. */
static size_t match_id(const char *s, size_t len, struct buf *id, int *version)
{
	buf_reset(id);
	size_t n = match_new(s, len, id);
	if (n == 0)
		n = match_old(s, len, id);
	if (n == 0)
		return 0;
	return n + match_version(s + n, len - n, version);
}

static bool starts_ci(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);
	return len >= n && tolower((unsigned char)s[0]) == tolower((unsigned char)prefix[0]) &&
	       strncasecmp(s, prefix, n) == 0;
}

/* "arxiv.org/" (with www. or export. before it) at s: bytes of the whole
 * URL up to the id, or 0. */
static size_t match_arxiv_url_prefix(const char *s, size_t len)
{
	static const char *const paths[] = { "abs/", "pdf/", "html/", "format/", "ps/" };
	if (!starts_ci(s, len, "arxiv.org/"))
		return 0;
	size_t i = strlen("arxiv.org/");
	for (size_t p = 0; p < ARRAY_SIZE(paths); p++)
		if (starts_ci(s + i, len - i, paths[p]))
			return i + strlen(paths[p]);
	return 0;
}

/* Bytes after an id that may end a URL: ".pdf", then '/', '?', '#'. */
static size_t match_url_tail(const char *s, size_t len, bool url)
{
	size_t i = 0;
	if (url && starts_ci(s, len, ".pdf"))
		i = 4;
	if (i < len && is_alnum(s[i]))
		return SIZE_MAX;      /* the id runs on: not an id */
	if (i < len && s[i] == '.' && i + 1 < len && is_digit(s[i + 1]))
		return SIZE_MAX;
	return i;
}

static void set_out(struct buf *id, int v, char **idp, int *versionp)
{
	if (idp)
		*idp = buf_detach(id);
	else
		buf_free(id);
	if (versionp)
		*versionp = v;
}

bool arxiv_find(const char *text, size_t len, size_t *start, size_t *end,
		char **idp, int *versionp)
{
	struct buf id = BUF_INIT;
	int v = 0;
	for (size_t i = 0; i < len; i++) {
		size_t n, m;
		char prev = i > 0 ? text[i - 1] : ' ';
		/* arxiv.org URL (its scheme and host prefix are not needed). */
		if ((n = match_arxiv_url_prefix(text + i, len - i)) > 0 &&
		    (m = match_id(text + i + n, len - i - n, &id, &v)) > 0) {
			size_t t = match_url_tail(text + i + n + m, len - i - n - m, true);
			if (t != SIZE_MAX) {
				size_t s0 = i;
				/* extend back over scheme and host prefix */
				while (s0 > 0 && !isspace((unsigned char)text[s0 - 1]) &&
				       text[s0 - 1] != '(' && text[s0 - 1] != '<' && text[s0 - 1] != '[')
					s0--;
				if (start)
					*start = s0;
				if (end)
					*end = i + n + m + t;
				set_out(&id, v, idp, versionp);
				return true;
			}
		}
		/* "arXiv:" prefix */
		if (!is_alnum(prev) && starts_ci(text + i, len - i, "arxiv:")) {
			size_t j = i + 6;
			while (j < len && text[j] == ' ')
				j++;
			if ((m = match_id(text + j, len - j, &id, &v)) > 0 &&
			    match_url_tail(text + j + m, len - j - m, false) != SIZE_MAX) {
				if (start)
					*start = i;
				if (end)
					*end = j + m;
				set_out(&id, v, idp, versionp);
				return true;
			}
		}
		/* a bare id standing alone */
		if (!is_alnum(prev) && prev != '.' && prev != '/' && prev != '-' && prev != '_' &&
		    (m = match_id(text + i, len - i, &id, &v)) > 0 &&
		    match_url_tail(text + i + m, len - i - m, false) != SIZE_MAX) {
			if (start)
				*start = i;
			if (end)
				*end = i + m;
			set_out(&id, v, idp, versionp);
			return true;
		}
	}
	buf_free(&id);
	return false;
}

bool arxiv_parse(const char *text, char **idp, int *versionp)
{
	if (!text)
		return false;
	size_t len = strlen(text);
	while (len > 0 && isspace((unsigned char)text[0]))
		text++, len--;
	while (len > 0 && isspace((unsigned char)text[len - 1]))
		len--;
	const char *s = text;
	size_t n = len;
	bool url = false;
	/* arXiv's own DOIs, 10.48550/arXiv.ID, bare or as a doi.org URL */
	static const char *const doi_forms[] = {"https://doi.org/", "http://doi.org/",
						"https://dx.doi.org/", "http://dx.doi.org/",
						"doi:", ""};
	for (size_t i = 0; i < sizeof doi_forms / sizeof *doi_forms; i++) {
		size_t k = strlen(doi_forms[i]);
		if ((k == 0 || starts_ci(s, n, doi_forms[i])) &&
		    starts_ci(s + k, n - k, "10.48550/arxiv.")) {
			s += k + 15, n -= k + 15;
			struct buf id = BUF_INIT;
			int v = 0;
			size_t m = match_id(s, n, &id, &v);
			if (m == 0 || m != n) {
				buf_free(&id);
				return false;
			}
			set_out(&id, v, idp, versionp);
			return true;
		}
	}
	if (starts_ci(s, n, "https://"))
		s += 8, n -= 8, url = true;
	else if (starts_ci(s, n, "http://"))
		s += 7, n -= 7, url = true;
	if (starts_ci(s, n, "www."))
		s += 4, n -= 4, url = true;
	else if (starts_ci(s, n, "export."))
		s += 7, n -= 7, url = true;
	size_t p = match_arxiv_url_prefix(s, n);
	if (p > 0)
		s += p, n -= p, url = true;
	else if (url)
		return false;
	else if (starts_ci(s, n, "arxiv:")) {
		s += 6, n -= 6;
		while (n > 0 && *s == ' ')
			s++, n--;
	}
	struct buf id = BUF_INIT;
	int v = 0;
	size_t m = match_id(s, n, &id, &v);
	if (m == 0) {
		buf_free(&id);
		return false;
	}
	s += m, n -= m;
	if (url && starts_ci(s, n, ".pdf"))
		s += 4, n -= 4;
	if (n > 0 && !(url && (*s == '/' || *s == '?' || *s == '#'))) {
		buf_free(&id);
		return false;
	}
	set_out(&id, v, idp, versionp);
	return true;
}

char *doi_find(const char *text)
{
	if (!text)
		return NULL;
	for (const char *p = text; (p = strstr(p, "10.")) != NULL; p++) {
		if (p > text && (is_alnum(p[-1]) || p[-1] == '.'))
			continue;
		size_t d = count_digits(p + 3, 10);
		if (d < 4 || d > 9 || p[3 + d] != '/')
			continue;
		const char *e = p + 4 + d;
		while (*e && !isspace((unsigned char)*e) && *e != '?' && *e != '#' && *e != '&' &&
		       *e != '"' && *e != '<' && *e != '>' && *e != ')')
			e++;
		while (e > p + 4 + d && (e[-1] == '.' || e[-1] == ',' || e[-1] == ';'))
			e--;
		if (e == p + 4 + d)
			continue;
		/* Publisher file suffixes are not part of the DOI. */
		if ((size_t)(e - p) > 4 && strncasecmp(e - 4, ".pdf", 4) == 0)
			e -= 4;
		/* bioRxiv/medRxiv pages: 10.1101/2021.07.09.450648v2.full */
		if ((size_t)(e - p) > 5 && strncasecmp(e - 5, ".full", 5) == 0)
			e -= 5;
		if (strncmp(p, "10.1101/", 8) == 0) {
			const char *v = e;
			while (v > p + 8 && is_digit(v[-1]))
				v--;
			if (v < e && v > p + 9 && v[-1] == 'v' && is_digit(v[-2]))
				e = v - 1;
		}
		char *doi = xstrndup(p, (size_t)(e - p));
		for (char *q = doi; *q; q++)
			*q = (char)tolower((unsigned char)*q);
		return doi;
	}
	return NULL;
}
