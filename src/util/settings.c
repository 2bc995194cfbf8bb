/* settings.c: reading and updating the ini-style config file. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/settings.h"
#include "util/i18n.h"
#include "util/util.h"

struct config_entry {
	char *section, *key, *value;
};

struct config {
	struct config_entry *v;
	size_t n, cap;
};

char *config_path(void)
{
	const char *x = getenv("XDG_CONFIG_HOME");
	if (x && *x == '/')
		return xasprintf("%s/quire/config", x);
	const char *home = getenv("HOME");
	return xasprintf("%s/.config/quire/config", home && *home ? home : ".");
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Trimmed copy of [s, e), surrounding double quotes removed. */
static char *trimmed(const char *s, const char *e)
{
	while (s < e && is_space(*s))
		s++;
	while (e > s && is_space(e[-1]))
		e--;
	if (e - s >= 2 && *s == '"' && e[-1] == '"')
		s++, e--;
	return xstrndup(s, (size_t)(e - s));
}

static bool valid_name(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!(*s == '_' || *s == '-' || *s == '.' || (*s >= 'a' && *s <= 'z') ||
		      (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
			return false;
	return true;
}

/* One line: kind 0 blank/comment, 1 section (name in *a), 2 key (a = b),
 * -1 bad (problem in *a). */
static int parse_line(const char *p, const char *e, char **a, char **b)
{
	*a = *b = NULL;
	while (p < e && is_space(*p))
		p++;
	if (p == e || *p == '#' || *p == ';')
		return 0;
	if (memchr(p, '\0', (size_t)(e - p))) {
		*a = xstrdup(_("NUL byte in line"));
		return -1;
	}
	if (!utf8_valid(p, (size_t)(e - p))) {
		*a = xstrdup(_("invalid UTF-8"));
		return -1;
	}
	if (*p == '[') {
		const char *close = memchr(p, ']', (size_t)(e - p));
		if (!close) {
			*a = xstrdup(_("missing ] after the section name"));
			return -1;
		}
		for (const char *q = close + 1; q < e; q++)
			if (!is_space(*q)) {
				*a = xstrdup(_("text after the section name"));
				return -1;
			}
		*a = trimmed(p + 1, close);
		if (!valid_name(*a)) {
			free(*a);
			*a = xstrdup(_("bad section name (letters, digits, - _ . only)"));
			return -1;
		}
		return 1;
	}
	const char *eq = memchr(p, '=', (size_t)(e - p));
	if (!eq) {
		*a = xstrdup(_("expected `key = value` or `[section]`"));
		return -1;
	}
	*a = trimmed(p, eq);
	if (!valid_name(*a)) {
		free(*a);
		*a = xstrdup(_("bad key name before = (letters, digits, - _ . only)"));
		return -1;
	}
	*b = trimmed(eq + 1, e);
	return 2;
}

int config_parse(const char *name, const char *text, size_t len, struct config **out, char **errp)
{
	struct config *c = xcalloc(1, sizeof *c);
	char *section = xstrdup("");
	const char *p = text, *end = text + len;
	for (int line = 1; p < end; line++) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		if (!e)
			e = end;
		char *a, *b;
		int kind = parse_line(p, e, &a, &b);
		if (kind < 0) {
			error_set(errp, "%s:%d: %s", name, line, a);
			free(a);
			free(section);
			config_free(&c);
			return -1;
		}
		if (kind == 1) {
			free(section);
			section = a;
		} else if (kind == 2) {
			c->v = xgrow(c->v, &c->cap, c->n + 1, sizeof *c->v);
			c->v[c->n++] = (struct config_entry){xstrdup(section), a, b};
		}
		p = e + 1;
	}
	free(section);
	*out = c;
	return 0;
}

int config_load(const char *path, struct config **out, char **errp)
{
	size_t len;
	char *err = NULL;
	char *text = file_read_all(path, &len, &err);
	if (!text) {
		if (errno == ENOENT) {
			free(err);
			*out = xcalloc(1, sizeof **out);
			return 0;
		}
		error_set(errp, "%s", err);
		free(err);
		return -1;
	}
	int r = config_parse(path, text, len, out, errp);
	free(text);
	return r;
}

const char *config_get(const struct config *c, const char *section, const char *key)
{
	const char *v = NULL;
	for (size_t i = 0; c && i < c->n; i++)
		if (strcmp(c->v[i].section, section) == 0 && strcmp(c->v[i].key, key) == 0)
			v = c->v[i].value;
	return v;
}

void config_free(struct config **cp)
{
	struct config *c = *cp;
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].section);
		free(c->v[i].key);
		free(c->v[i].value);
	}
	free(c->v);
	FREE(cp);
}

int config_set(const char *path, const char *section, const char *key, const char *value,
	       char **errp)
{
	size_t len = 0;
	char *err = NULL;
	char *text = file_read_all(path, &len, &err);
	if (!text && errno != ENOENT) {
		error_set(errp, "%s", err);
		free(err);
		return -1;
	}
	FREE(&err);
	struct config *check;
	if (text && config_parse(path, text, len, &check, errp) < 0) {
		free(text);
		return -1;
	}
	if (text)
		config_free(&check);
	struct buf out = BUF_INIT;
	char *cur = xstrdup("");
	bool done = false;
	size_t insert_at = (size_t)-1; /* end of the wanted section */
	const char *p = text, *end = text ? text + len : NULL;
	while (p && p < end) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		const char *next = e ? e + 1 : end;
		if (!e)
			e = end;
		char *a, *b;
		int kind = parse_line(p, e, &a, &b);
		if (kind == 1) {
			free(cur);
			cur = a;
			a = NULL;
		}
		if (!done && kind == 2 && strcmp(cur, section) == 0 && strcmp(a, key) == 0) {
			buf_printf(&out, "%s = %s\n", key, value);
			done = true;
		} else {
			buf_add(&out, p, (size_t)(e - p));
			if (e < end)
				buf_addc(&out, '\n');
		}
		if (strcmp(cur, section) == 0 && kind != 0)
			insert_at = out.len;
		free(a);
		free(b);
		p = next;
	}
	if (!done) {
		if (insert_at != (size_t)-1) {
			char *tail = xstrdup(out.data + insert_at);
			out.len = insert_at;
			bool nl = insert_at == 0 || out.data[insert_at - 1] == '\n';
			buf_printf(&out, "%s%s = %s\n%s", nl ? "" : "\n", key, value, tail);
			free(tail);
		} else {
			if (out.len && out.data[out.len - 1] != '\n')
				buf_addc(&out, '\n');
			buf_printf(&out, "%s[%s]\n%s = %s\n", out.len ? "\n" : "", section, key, value);
		}
	}
	free(cur);
	free(text);
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	int r = 0;
	if (slash && slash != dir) {
		*slash = '\0';
		r = mkdir_p(dir, errp);
	}
	free(dir);
	if (r == 0)
		r = file_write_atomic(path, buf_str(&out), out.len, errp);
	buf_free(&out);
	return r;
}
