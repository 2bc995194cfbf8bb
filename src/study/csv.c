/* csv.c: review logs in the reference scheduler's CSV form
 * (card_id,review_rating,review_time,review_duration). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "study/private.h"
#include "study/study.h"
#include "util/i18n.h"
#include "util/util.h"

struct field {
	size_t off, len; /* in the line, or in the scratch buffer when quoted */
	bool quoted;
};

struct fields {
	struct field *v;
	size_t n, cap;
	struct buf scratch; /* quoted fields, unquoted */
};

/* Split a line at commas; "..." fields may hold commas and "" for a
 * quote. Returns false for a quote left open or text after a closing one. */
static bool split(const char *p, size_t n, struct fields *f)
{
	f->n = 0;
	buf_reset(&f->scratch);
	size_t i = 0;
	for (;;) {
		struct field fd = {i, 0, false};
		if (i < n && p[i] == '"') {
			fd.quoted = true;
			fd.off = f->scratch.len;
			for (i++;; i++) {
				if (i >= n)
					return false;
				if (p[i] == '"') {
					if (i + 1 < n && p[i + 1] == '"') {
						buf_addc(&f->scratch, '"');
						i++;
						continue;
					}
					i++;
					break;
				}
				buf_addc(&f->scratch, p[i]);
			}
			fd.len = f->scratch.len - fd.off;
			if (i < n && p[i] != ',')
				return false;
		} else {
			while (i < n && p[i] != ',')
				i++;
			fd.len = i - fd.off;
		}
		f->v = xgrow(f->v, &f->cap, f->n + 1, sizeof *f->v);
		f->v[f->n++] = fd;
		if (i >= n)
			return true;
		i++; /* the comma */
	}
}

static const char *field_text(const char *line, const struct fields *f, size_t k)
{
	if (f->v[k].quoted)
		return f->scratch.data ? f->scratch.data + f->v[k].off : "";
	return line + f->v[k].off;
}

static bool field_is(const char *line, const struct fields *f, size_t k, const char *name)
{
	return f->v[k].len == strlen(name) && memcmp(field_text(line, f, k), name, f->v[k].len) == 0;
}

enum { COL_CARD, COL_RATING, COL_TIME, COL_DURATION, N_COLS };
static const char *const col_names[N_COLS] = {"card_id", "review_rating", "review_time",
					      "review_duration"};

/* One row into e; NULL, or the problem. */
static char *parse_row(const char *line, const struct fields *f, const size_t *col, size_t ncols,
		       struct revlog_entry *e)
{
	if (f->n != ncols)
		return xasprintf(_("expected %zu comma-separated fields, found %zu"), ncols, f->n);
	const char *s = field_text(line, f, col[COL_CARD]);
	size_t n = f->v[col[COL_CARD]].len;
	if (!srs_card_id_valid(s, n))
		return xstrdup(_("bad card_id (1-128 characters of A-Z a-z 0-9 . _ : / + = -)"));
	const char *r = field_text(line, f, col[COL_RATING]);
	if (f->v[col[COL_RATING]].len != 1 || r[0] < '1' || r[0] > '4')
		return xstrdup(_("bad review_rating (1-4)"));
	const char *why;
	if (srs_time_parse(field_text(line, f, col[COL_TIME]), f->v[col[COL_TIME]].len, &e->time,
			   &why) < 0)
		return xasprintf(_("bad review_time: %s"), _(why));
	e->duration_ms = -1;
	if (col[COL_DURATION] != (size_t)-1 && f->v[col[COL_DURATION]].len) {
		e->duration_ms = study_parse_count(field_text(line, f, col[COL_DURATION]),
						   f->v[col[COL_DURATION]].len);
		if (e->duration_ms < 0)
			return xstrdup(_("bad review_duration (milliseconds)"));
	}
	e->kind = REVLOG_GRADE;
	e->rating = r[0] - '0';
	e->card = xstrndup(s, n);
	return NULL;
}

long srs_csv_parse(const char *name, const char *text, size_t len, struct revlog *out,
		   struct strvec *warnings, char **errp)
{
	struct fields f = {NULL, 0, 0, BUF_INIT};
	size_t col[N_COLS] = {(size_t)-1, (size_t)-1, (size_t)-1, (size_t)-1};
	size_t ncols = 0;
	long bad = 0;
	const char *p = text, *end = text + len;
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	bool header = false;
	for (int line = 1; p < end || !header; line++) {
		const char *nl = p < end ? memchr(p, '\n', (size_t)(end - p)) : NULL;
		const char *e = nl ? nl : end;
		size_t n = (size_t)(e - p);
		if (n && p[n - 1] == '\r')
			n--;
		if (!header) {
			bool split_ok = memchr(p, '\0', n) == NULL && split(p, n, &f);
			for (size_t k = 0; split_ok && k < f.n; k++)
				for (int c = 0; c < N_COLS; c++)
					if (col[c] == (size_t)-1 && field_is(p, &f, k, col_names[c]))
						col[c] = k;
			int missing = -1;
			for (int c = COL_TIME; c >= COL_CARD; c--)
				if (col[c] == (size_t)-1)
					missing = c;
			if (!split_ok || missing >= 0) {
				bool none = !split_ok || (col[0] == (size_t)-1 && col[1] == (size_t)-1 &&
							  col[2] == (size_t)-1);
				if (none)
					error_set(errp, _("%s:%d: no header line; expected %s,%s,%s,%s"),
						  name, line, col_names[0], col_names[1], col_names[2],
						  col_names[3]);
				else
					error_set(errp, _("%s:%d: the header has no %s column; expected %s,%s,%s,%s"),
						  name, line, col_names[missing], col_names[0],
						  col_names[1], col_names[2], col_names[3]);
				free(f.v);
				buf_free(&f.scratch);
				return -1;
			}
			ncols = f.n;
			header = true;
		} else if (n) {
			struct revlog_entry ent = {0};
			ent.line = line;
			char *problem = memchr(p, '\0', n) ? xstrdup(_("NUL byte in the line")) :
					!split(p, n, &f) ? xstrdup(_("unbalanced quotes")) :
					parse_row(p, &f, col, ncols, &ent);
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
	free(f.v);
	buf_free(&f.scratch);
	return bad;
}
