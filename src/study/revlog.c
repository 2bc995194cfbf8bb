/* revlog.c: reviews.log, the review history: reading it (malformed lines
 * reported and skipped), appending to it, and resolving what two machines
 * wrote into one time-ordered list of grades. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "study/private.h"
#include "study/study.h"
#include "util/i18n.h"
#include "util/util.h"

bool srs_card_id_valid(const char *s, size_t n)
{
	if (n == 0 || n > SRS_CARD_ID_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      strchr("._:/+=-", c)) || c == '\0')
			return false;
	}
	return true;
}

void study_warn(struct strvec *w, const char *name, int line, const char *problem)
{
	if (w)
		strvec_push_owned(w, xasprintf(_("%s:%d: %s; line skipped"), name, line, problem));
}

int64_t study_parse_count(const char *s, size_t n)
{
	if (n == 0 || n > 15)
		return -1;
	int64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* One line of the log into e; NULL, or the problem. */
static char *parse_line(const char *p, size_t n, struct revlog_entry *e)
{
	const char *f[4];
	size_t fl[4], nf = 0;
	const char *s = p, *end = p + n;
	if (memchr(p, '\0', n))
		return xstrdup(_("NUL byte in the line"));
	for (;;) {
		const char *tab = memchr(s, '\t', (size_t)(end - s));
		const char *fe = tab ? tab : end;
		if (nf < 4) {
			f[nf] = s;
			fl[nf] = (size_t)(fe - s);
		}
		nf++;
		if (!tab)
			break;
		s = tab + 1;
	}
	if (nf != 4)
		return xasprintf(_("expected 4 tab-separated fields (TIME CARD RATING MS), found %zu"), nf);
	const char *why;
	if (srs_time_parse(f[0], fl[0], &e->time, &why) < 0)
		return xasprintf(_("bad time: %s"), _(why));
	if (!srs_card_id_valid(f[1], fl[1]))
		return xstrdup(_("bad card id (1-128 characters of A-Z a-z 0-9 . _ : / + = -)"));
	if (fl[2] == 4 && memcmp(f[2], "undo", 4) == 0) {
		e->kind = REVLOG_UNDO;
		if (srs_time_parse(f[3], fl[3], &e->target, &why) < 0)
			return xasprintf(_("bad time of the undone grade: %s"), _(why));
	} else if (fl[2] == 1 && f[2][0] >= '1' && f[2][0] <= '4') {
		e->kind = REVLOG_GRADE;
		e->rating = f[2][0] - '0';
		if (fl[3] == 1 && f[3][0] == '-')
			e->duration_ms = -1;
		else if ((e->duration_ms = study_parse_count(f[3], fl[3])) < 0)
			return xstrdup(_("bad duration (milliseconds, or - when unknown)"));
	} else {
		return xstrdup(_("bad rating (1-4, or undo)"));
	}
	e->card = xstrndup(f[1], fl[1]);
	return NULL;
}

void study_revlog_push(struct revlog *log, const struct revlog_entry *e)
{
	log->v = xgrow(log->v, &log->cap, log->n + 1, sizeof *log->v);
	log->v[log->n++] = *e;
}

size_t revlog_parse(const char *name, const char *text, size_t len, struct revlog *out,
		    struct strvec *warnings)
{
	size_t bad = 0;
	const char *p = text, *end = text + len;
	for (int line = 1; p < end; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		size_t n = (size_t)(e - p);
		if (n && p[n - 1] == '\r')
			n--;
		if (n && p[0] != '#') {
			struct revlog_entry ent = {0};
			ent.line = line;
			char *problem = parse_line(p, n, &ent);
			if (problem) {
				study_warn(warnings, name, line, problem);
				free(problem);
				bad++;
			} else {
				study_revlog_push(out, &ent);
			}
		}
		p = nl ? nl + 1 : end;
	}
	return bad;
}

int revlog_read(const char *path, struct revlog *out, struct strvec *warnings, char **errp)
{
	size_t len;
	char *err = NULL;
	char *text = file_read_regular(path, REVLOG_MAX, &len, &err);
	if (!text) {
		if (errno == ENOENT) {
			free(err);
			return 0;
		}
		error_set(errp, "%s", err);
		free(err);
		return -1;
	}
	revlog_parse(path, text, len, out, warnings);
	free(text);
	return 0;
}

/* The log's form of a time: always six digits of fraction, Z. */
static void format_time(int64_t t, struct buf *out)
{
	struct buf b = BUF_INIT;
	srs_time_format(t, &b);
	const char *s = buf_str(&b);
	size_t n = b.len - strlen("+00:00");
	buf_add(out, s, n);
	if (!memchr(s, '.', n))
		buf_adds(out, ".000000");
	buf_addc(out, 'Z');
	buf_free(&b);
}

void revlog_format(const struct revlog_entry *e, struct buf *out)
{
	format_time(e->time, out);
	buf_printf(out, "\t%s\t", e->card);
	if (e->kind == REVLOG_UNDO) {
		buf_adds(out, "undo\t");
		format_time(e->target, out);
	} else if (e->duration_ms < 0) {
		buf_printf(out, "%d\t-", e->rating);
	} else {
		buf_printf(out, "%d\t%lld", e->rating, (long long)e->duration_ms);
	}
}

int revlog_append(const char *path, const struct revlog_entry *e, char **errp)
{
	if (!srs_card_id_valid(e->card, strlen(e->card)))
		return error_set(errp, _("%s: bad card id for the review log"), e->card);
	struct buf line = BUF_INIT;
	revlog_format(e, &line);
	buf_addc(&line, '\n');
	int r = file_append_record(path, line.data, line.len, errp);
	buf_free(&line);
	return r;
}

static int cmp_i64(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

/* Time, card, kind, rating, the undone time, duration: a total order, so
 * the result does not depend on the order of the lines. */
static int cmp_entry(const void *pa, const void *pb)
{
	const struct revlog_entry *a = pa, *b = pb;
	int c = cmp_i64(a->time, b->time);
	if (!c)
		c = strcmp(a->card, b->card);
	if (!c)
		c = (int)a->kind - (int)b->kind;
	if (!c)
		c = a->rating - b->rating;
	if (!c)
		c = cmp_i64(a->target, b->target);
	if (!c)
		c = cmp_i64(a->duration_ms, b->duration_ms);
	return c;
}

static bool same_record(const struct revlog_entry *a, const struct revlog_entry *b)
{
	return a->time == b->time && a->kind == b->kind && a->rating == b->rating &&
	       a->target == b->target && strcmp(a->card, b->card) == 0;
}

/* The first grade of card at time t in the sorted log, or n. */
static size_t find_grade(const struct revlog *log, const char *card, int64_t t)
{
	size_t lo = 0, hi = log->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct revlog_entry *m = &log->v[mid];
		int c = cmp_i64(m->time, t);
		if (!c)
			c = strcmp(m->card, card);
		if (!c)
			c = m->kind == REVLOG_GRADE ? 0 : 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void revlog_resolve(struct revlog *log)
{
	if (log->n == 0)
		return;
	qsort(log->v, log->n, sizeof *log->v, cmp_entry);
	/* The same record twice (both machines' copies): the first stays. */
	size_t k = 1;
	for (size_t i = 1; i < log->n; i++) {
		if (same_record(&log->v[i], &log->v[k - 1]))
			free(log->v[i].card);
		else
			log->v[k++] = log->v[i];
	}
	log->n = k;
	bool *dropped = xcalloc(log->n, sizeof *dropped);
	for (size_t i = 0; i < log->n; i++) {
		const struct revlog_entry *u = &log->v[i];
		if (u->kind != REVLOG_UNDO)
			continue;
		dropped[i] = true;
		for (size_t j = find_grade(log, u->card, u->target); j < log->n; j++) {
			const struct revlog_entry *g = &log->v[j];
			if (g->time != u->target || strcmp(g->card, u->card) != 0 ||
			    g->kind != REVLOG_GRADE)
				break;
			dropped[j] = true;
		}
	}
	k = 0;
	for (size_t i = 0; i < log->n; i++) {
		if (dropped[i])
			free(log->v[i].card);
		else
			log->v[k++] = log->v[i];
	}
	log->n = k;
	free(dropped);
}

void revlog_free(struct revlog *log)
{
	for (size_t i = 0; i < log->n; i++)
		free(log->v[i].card);
	free(log->v);
	log->v = NULL;
	log->n = log->cap = 0;
}
