/* state.c: cards.state, the append-only record of suspended, buried and
 * renamed (edited) cards, and what it says about each card. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "study/state_private.h"
#include "util/i18n.h"

static const char *const verbs[] = {"suspend", "unsuspend", "bury", "unbury", "alias"};

int cardstate_append(const char *path, int64_t time, const char *card, enum cardstate_verb verb,
		     const char *arg, char **errp)
{
	if (!srs_card_id_valid(card, strlen(card)) ||
	    (verb == CS_ALIAS && (!arg || !srs_card_id_valid(arg, strlen(arg)))))
		return error_set(errp, _("%s: bad card id for %s"), card, CARDSTATE_NAME);
	/* TIME<TAB>CARD as reviews.log writes them */
	struct buf line = BUF_INIT;
	struct revlog_entry e = {(char *)card, time, REVLOG_GRADE, 1, -1, 0, 0};
	revlog_format(&e, &line);
	line.len = (size_t)(strchr(line.data, '\t') - line.data);
	buf_printf(&line, "\t%s\t%s", card, verbs[verb]);
	if (verb == CS_ALIAS)
		buf_printf(&line, "\t%s", arg);
	buf_addc(&line, '\n');
	int r = file_append_record(path, line.data, line.len, errp);
	buf_free(&line);
	return r;
}

static int cmp_rec(const void *pa, const void *pb)
{
	const struct cardstate_rec *a = pa, *b = pb;
	if (a->time != b->time)
		return a->time < b->time ? -1 : 1;
	int c = strcmp(a->card, b->card);
	return c ? c : (int)a->verb - (int)b->verb;
}

void cardstate_parse(const char *name, const char *text, size_t len, struct cardstate *out,
		     struct strvec *warnings)
{
	int ln = 0;
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - text) : len;
		char *line = xstrndup(text + i, e - i);
		i = e + 1;
		ln++;
		size_t n = strlen(line);
		if (n && line[n - 1] == '\r')
			line[--n] = '\0';
		if (!n || line[0] == '#') {
			free(line);
			continue;
		}
		char *f[5] = {0};
		size_t nf = 0;
		for (char *p = line; nf < 5;) {
			f[nf++] = p;
			char *tab = strchr(p, '\t');
			if (!tab)
				break;
			*tab = '\0';
			p = tab + 1;
		}
		const char *why = NULL;
		struct cardstate_rec r = {0};
		int v = -1;
		for (int k = 0; nf >= 3 && k < (int)ARRAY_SIZE(verbs); k++)
			if (strcmp(f[2], verbs[k]) == 0)
				v = k;
		if (nf < 3)
			why = N_("expected TIME, CARD and what to do, separated by tabs");
		else if (srs_time_parse(f[0], strlen(f[0]), &r.time, &why) < 0)
			;
		else if (!srs_card_id_valid(f[1], strlen(f[1])))
			why = N_("bad card id");
		else if (v < 0)
			why = N_("unknown record (expected suspend, unsuspend, bury, unbury or alias)");
		else if ((v == CS_ALIAS) != (nf == 4) || nf > 4 ||
			 (v == CS_ALIAS && !srs_card_id_valid(f[3], strlen(f[3]))))
			why = v == CS_ALIAS ? N_("alias needs the new card id")
					    : N_("unexpected field after the record");
		if (why) {
			if (warnings)
				strvec_push_owned(warnings, xasprintf(_("%s:%d: %s; line skipped"), name,
								      ln, _(why)));
		} else {
			r.card = xstrdup(f[1]);
			r.verb = (enum cardstate_verb)v;
			r.arg = v == CS_ALIAS ? xstrdup(f[3]) : NULL;
			out->v = xgrow(out->v, &out->cap, out->n + 1, sizeof *out->v);
			out->v[out->n++] = r;
		}
		free(line);
	}
	if (out->n)
		qsort(out->v, out->n, sizeof *out->v, cmp_rec);
}

int cardstate_read(const char *path, struct cardstate *out, struct strvec *warnings, char **errp)
{
	size_t len;
	char *err = NULL;
	if (!file_exists(path))
		return 0;
	char *text = file_read_regular(path, REVLOG_MAX, &len, &err);
	if (!text) {
		error_set(errp, "%s", err);
		free(err);
		return -1;
	}
	cardstate_parse(path, text, len, out, warnings);
	free(text);
	return 0;
}

void cardstate_free(struct cardstate *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].card);
		free(s->v[i].arg);
	}
	free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
}

int64_t study_day_start(int64_t t)
{
	time_t secs = (time_t)(t / SRS_USEC_PER_SEC - (t % SRS_USEC_PER_SEC < 0));
	struct tm tm;
	localtime_r(&secs, &tm);
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm) * SRS_USEC_PER_SEC;
}

/* The start of the local day after the one containing t. */
int64_t study_next_day(int64_t t)
{
	time_t secs = (time_t)(study_day_start(t) / SRS_USEC_PER_SEC);
	struct tm tm;
	localtime_r(&secs, &tm);
	tm.tm_mday++;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm) * SRS_USEC_PER_SEC;
}

int64_t study_now(void)
{
	const char *s = getenv("QUIRE_NOW");
	int64_t t;
	const char *why;
	if (s && *s && srs_time_parse(s, strlen(s), &t, &why) == 0)
		return t;
	return srs_time_now();
}
