/* merge.c: quire's merge driver for notes (`quire merge-note %O %A %B`):
 * the front matter field by field, the body three-way. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/lib.h"
#include "sync/private.h"
#include "util/i18n.h"

struct side {
	const char *text;
	size_t len;
};

/* The keys of a note's front matter, in order, once each (lower case). */
static void fm_keys(struct side s, struct strvec *keys)
{
	size_t end = note_front_matter_end(s.text, s.len);
	if (!end)
		return;
	const char *p = memchr(s.text, '\n', end);
	for (p = p ? p + 1 : s.text + end; p < s.text + end;) {
		const char *e = memchr(p, '\n', (size_t)(s.text + end - p));
		if (!e)
			e = s.text + end;
		const char *colon = memchr(p, ':', (size_t)(e - p));
		if (colon) {
			char *k = xstrndup(p, (size_t)(colon - p));
			str_trim(k);
			for (char *c = k; *c; c++)
				*c = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
			if (*k && strcmp(k, "---") != 0 && !strvec_contains(keys, k))
				strvec_push(keys, k);
			free(k);
		}
		p = e + 1;
	}
}

static char *get(struct side s, const char *key)
{
	return note_front_matter_get(s.text, s.len, key);
}

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Fields that change together, and the field recording when. */
static const char *const status_group[] = {"status", "read", "status_changed", NULL};
static const char *const rating_group[] = {"rating", "rating_changed", NULL};

static bool group_same(struct side a, struct side b, const char *const *group)
{
	bool eq = true;
	for (size_t i = 0; eq && group[i]; i++) {
		char *x = get(a, group[i]), *y = get(b, group[i]);
		eq = same(x, y);
		free(x), free(y);
	}
	return eq;
}

/* Which side's group wins: 'a' or 'b'. */
static char group_winner(struct side o, struct side a, struct side b, const char *const *group)
{
	if (group_same(a, b, group) || group_same(o, b, group))
		return 'a';
	if (group_same(o, a, group))
		return 'b';
	/* both changed: the later recorded change; a tie by value, so that
	 * both machines reach the same answer */
	size_t last = 0;
	while (group[last + 1])
		last++;
	char *ta = get(a, group[last]), *tb = get(b, group[last]);
	int c = strcmp(ta ? ta : "", tb ? tb : "");
	free(ta), free(tb);
	if (c == 0) {
		char *va = get(a, group[0]), *vb = get(b, group[0]);
		c = strcmp(va ? va : "", vb ? vb : "");
		free(va), free(vb);
	}
	return c >= 0 ? 'a' : 'b';
}

static void tags_of(struct side s, struct strvec *v)
{
	char *t = get(s, "tags");
	if (t) {
		char *p = t + (*t == '[');
		p[strcspn(p, "]")] = '\0';
		for (char *tok = strtok(p, ","); tok; tok = strtok(NULL, ",")) {
			char *n = tag_normalize(tok);
			if (n && !strvec_contains(v, n))
				strvec_push(v, n);
			free(n);
		}
	}
	free(t);
}

/* Union of additions minus removals, in ours' order, then theirs' new ones. */
static char *merge_tags(struct side o, struct side a, struct side b)
{
	struct strvec to = STRVEC_INIT, ta = STRVEC_INIT, tb = STRVEC_INIT, out = STRVEC_INIT;
	tags_of(o, &to), tags_of(a, &ta), tags_of(b, &tb);
	for (int pass = 0; pass < 2; pass++) {
		const struct strvec *v = pass ? &tb : &ta;
		for (size_t i = 0; i < v->n; i++) {
			const char *t = v->v[i];
			bool removed = strvec_contains(&to, t) &&
				       (!strvec_contains(&ta, t) || !strvec_contains(&tb, t));
			if (!removed && !strvec_contains(&out, t))
				strvec_push(&out, t);
		}
	}
	char *r = out.n ? tags_format(&out) : NULL;
	strvec_free(&to), strvec_free(&ta), strvec_free(&tb), strvec_free(&out);
	return r;
}

static bool in_group(const char *key, const char *const *group)
{
	for (size_t i = 0; group[i]; i++)
		if (strcmp(key, group[i]) == 0)
			return true;
	return false;
}

/* The merged value of one key (NULL: absent); caller frees. */
static char *merge_field(struct side o, struct side a, struct side b, const char *key)
{
	if (strcmp(key, "tags") == 0)
		return merge_tags(o, a, b);
	if (strcmp(key, "tags_changed") == 0) {
		char *x = get(a, key), *y = get(b, key);
		if (!x || (y && strcmp(y, x) > 0)) {
			free(x);
			return y;
		}
		free(y);
		return x;
	}
	const char *const *group = in_group(key, status_group) ? status_group
				   : in_group(key, rating_group) ? rating_group : NULL;
	if (group)
		return get(group_winner(o, a, b, group) == 'a' ? a : b, key);
	char *vo = get(o, key), *va = get(a, key), *vb = get(b, key);
	char *r;
	if (same(va, vo) && !same(vb, vo))
		r = vb, vb = NULL;   /* only theirs changed it */
	else
		r = va, va = NULL;   /* ours changed it, or both did: ours */
	free(vo), free(va), free(vb);
	return r;
}

static int write_temp(const char *data, size_t len, char **path, char **errp)
{
	const char *tmpdir = getenv("TMPDIR");
	*path = xasprintf("%s/quire-merge.XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	int fd = mkstemp(*path);
	if (fd < 0) {
		error_set(errp, _("%s: cannot create temporary file: %s"), *path, strerror(errno));
		FREE(path);
		return -1;
	}
	size_t off = 0;
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			error_set(errp, "%s: %s", *path, strerror(errno));
			close(fd);
			unlink(*path);
			FREE(path);
			return -1;
		}
		off += (size_t)w;
	}
	close(fd);
	return 0;
}

static bool has_prefix(struct side s, struct side prefix)
{
	return s.len >= prefix.len && memcmp(s.text, prefix.text, prefix.len) == 0;
}

/* The lines of s (line ends included). */
static size_t split_lines(struct side s, const char ***starts)
{
	size_t n = 0, cap = 0;
	*starts = NULL;
	for (const char *p = s.text, *end = s.text + s.len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		*starts = xgrow(*starts, &cap, n + 2, sizeof **starts);
		(*starts)[n++] = p;
		p = nl ? nl + 1 : end;
	}
	*starts = xgrow(*starts, &cap, n + 1, sizeof **starts);
	(*starts)[n] = s.text + s.len;
	return n;
}

/* Same number of lines on all three sides and no line changed differently
 * on both: each line from the side that changed it (check marks written
 * back on neighbouring lines of a list, which git's merge takes for a
 * conflict). Returns false when that does not apply. */
static bool merge_by_line(struct side o, struct side a, struct side b, struct buf *out)
{
	const char **lo, **la, **lb;
	size_t no = split_lines(o, &lo), na = split_lines(a, &la), nb = split_lines(b, &lb);
	bool fits = no == na && no == nb;
	for (size_t i = 0; fits && i < no; i++) {
		size_t so = (size_t)(lo[i + 1] - lo[i]), sa = (size_t)(la[i + 1] - la[i]);
		size_t sb = (size_t)(lb[i + 1] - lb[i]);
		bool a_same = sa == so && memcmp(la[i], lo[i], so) == 0;
		bool b_same = sb == so && memcmp(lb[i], lo[i], so) == 0;
		bool ab_same = sa == sb && memcmp(la[i], lb[i], sa) == 0;
		fits = a_same || b_same || ab_same;
	}
	for (size_t i = 0; fits && i < no; i++) {
		size_t so = (size_t)(lo[i + 1] - lo[i]), sa = (size_t)(la[i + 1] - la[i]);
		bool a_same = sa == so && memcmp(la[i], lo[i], so) == 0;
		if (a_same)
			buf_add(out, lb[i], (size_t)(lb[i + 1] - lb[i]));
		else
			buf_add(out, la[i], sa);
	}
	free(lo), free(la), free(lb);
	return fits;
}

/* The bodies merged into out; returns the number of conflicts, -1 on error. */
static int merge_body(struct side o, struct side a, struct side b, struct buf *out, char **errp)
{
	if ((a.len == b.len && memcmp(a.text, b.text, a.len) == 0) ||
	    (o.len == b.len && memcmp(o.text, b.text, b.len) == 0)) {
		buf_add(out, a.text, a.len);
		return 0;
	}
	if (o.len == a.len && memcmp(o.text, a.text, a.len) == 0) {
		buf_add(out, b.text, b.len);
		return 0;
	}
	if (merge_by_line(o, a, b, out))
		return 0;
	/* Both only added at the end (quick notes on two machines): both kept,
	 * ours first. */
	if (o.len && o.text[o.len - 1] == '\n' && has_prefix(a, o) && has_prefix(b, o)) {
		buf_add(out, a.text, a.len);
		if (a.len && a.text[a.len - 1] != '\n')
			buf_addc(out, '\n');
		const char *extra = b.text + o.len;
		size_t n = b.len - o.len;
		/* one blank line between the two additions */
		while (n && *extra == '\n')
			extra++, n--;
		if (out->len >= 2 && !(out->data[out->len - 1] == '\n' && out->data[out->len - 2] == '\n'))
			buf_addc(out, '\n');
		buf_add(out, extra, n);
		return 0;
	}
	char *po = NULL, *pa = NULL, *pb = NULL;
	int r = -1;
	if (write_temp(o.text, o.len, &po, errp) == 0 && write_temp(a.text, a.len, &pa, errp) == 0 &&
	    write_temp(b.text, b.len, &pb, errp) == 0) {
		struct git_ctx g = {NULL, 60, errp};
		struct spawn_result res;
		int st = git_run(&g, &res, "merge-file", "-p", "-L", "yours", "-L", "base", "-L",
				 "theirs", pa, po, pb, NULL);
		if (st >= 0 && st < 127) {
			buf_add(out, res.out.data, res.out.len);
			r = st;
		} else if (st >= 0) {
			char *e = git_last_error(&res);
			error_set(errp, _("git merge-file: %s"), e);
			free(e);
		}
		if (st >= 0)
			spawn_result_free(&res);
	}
	if (po)
		unlink(po);
	if (pa)
		unlink(pa);
	if (pb)
		unlink(pb);
	free(po), free(pa), free(pb);
	return r;
}

static struct side body_of(struct side s)
{
	size_t fm = note_front_matter_end(s.text, s.len);
	if (!fm && s.len >= 3 && memcmp(s.text, "\xEF\xBB\xBF", 3) == 0)
		fm = 3;
	return (struct side){s.text + fm, s.len - fm};
}

char *sync_merge_note_text(const char *base, size_t base_len, const char *ours, size_t ours_len,
			   const char *theirs, size_t theirs_len, size_t *out_len, int *conflicts,
			   char **errp)
{
	struct side o = {base ? base : "", base ? base_len : 0};
	struct side a = {ours, ours_len}, b = {theirs, theirs_len};
	struct strvec keys = STRVEC_INIT;
	fm_keys(a, &keys), fm_keys(b, &keys), fm_keys(o, &keys);
	/* the front matter: ours, each field set to its merged value */
	char *text = xstrndup(a.text, a.len);
	size_t len = a.len;
	for (size_t i = 0; i < keys.n; i++) {
		char *cur = get((struct side){text, len}, keys.v[i]);
		char *v = merge_field(o, a, b, keys.v[i]);
		if (!same(cur, v)) {
			size_t n;
			char *next = note_front_matter_set(text, len, keys.v[i], v, &n);
			free(text);
			text = next, len = n;
		}
		free(cur), free(v);
	}
	strvec_free(&keys);
	size_t fm = note_front_matter_end(text, len);
	if (!fm && len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		fm = 3;
	struct buf out = BUF_INIT;
	buf_add(&out, text, fm);
	free(text);
	int c = merge_body(body_of(o), body_of(a), body_of(b), &out, errp);
	if (c < 0) {
		buf_free(&out);
		return NULL;
	}
	*conflicts = c;
	*out_len = out.len;
	buf_addc(&out, '\0');
	return buf_detach(&out);
}

int sync_merge_note_files(const char *base_path, const char *ours_path, const char *theirs_path,
			  char **errp)
{
	size_t lo = 0, la = 0, lb = 0;
	char *o = file_read_all(base_path, &lo, errp);
	char *a = o ? file_read_all(ours_path, &la, errp) : NULL;
	char *b = a ? file_read_all(theirs_path, &lb, errp) : NULL;
	int r = -1;
	if (b) {
		size_t n;
		int conflicts = 0;
		char *m = sync_merge_note_text(o, lo, a, la, b, lb, &n, &conflicts, errp);
		if (m && file_write_atomic(ours_path, m, n, errp) == 0)
			r = conflicts ? 1 : 0;
		free(m);
	}
	free(o), free(a), free(b);
	return r;
}
