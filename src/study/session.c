/* session.c: a review session: the queue of cards to show, grading into
 * reviews.log, undo by a compensating record, suspend and bury. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "study/state_private.h"
#include "util/i18n.h"

/* A card graded again within this time is shown again in the session. */
#define LEARN_AHEAD (INT64_C(20) * 60 * SRS_USEC_PER_SEC)

struct undo {
	char *id;
	struct srs_card before;
	int64_t time;     /* of the grade */
	size_t pos;       /* queue position it was shown at */
	bool requeued;    /* the grade put the card at the end of the queue */
	int rating;
	bool was_review;
};

struct study_session {
	struct study *st;
	size_t *q;
	size_t n, cap, pos;
	struct undo *undo;
	size_t n_undo, cap_undo;
	int64_t started, shown, clock;
	int ratings[4];
	size_t n_review, n_review_pass;
};

static void push(struct study_session *s, size_t card)
{
	s->q = xgrow(s->q, &s->cap, s->n + 1, sizeof *s->q);
	s->q[s->n++] = card;
}

static const struct study *sort_st;

static int cmp_due(const void *a, const void *b)
{
	int64_t x = sort_st->st[*(const size_t *)a].s.due, y = sort_st->st[*(const size_t *)b].s.due;
	if (x != y)
		return x < y ? -1 : 1;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

/* Fill the queue from st at now. */
static void fill(struct study_session *s, int64_t now)
{
	struct study *st = s->st;
	st->now = now;
	size_t n_learn = 0, n_rev = 0;
	size_t *learn = xmalloc((st->cards.n + 1) * sizeof *learn);
	size_t *rev = xmalloc((st->cards.n + 1) * sizeof *rev);
	int64_t today = study_day_start(now);
	long new_today = 0;
	for (size_t i = 0; i < st->cards.n; i++)
		if (st->st[i].first_review >= today)
			new_today++;
	long new_left = st->p.new_per_day - new_today;
	for (size_t i = 0; i < st->cards.n; i++) {
		const struct study_card *c = &st->st[i];
		if (c->suspended || c->buried_until > now)
			continue;
		if (c->s.state == SRS_LEARNING || c->s.state == SRS_RELEARNING) {
			/* a learning step ending soon is shown now rather than missed */
			if (c->s.due <= now + LEARN_AHEAD)
				learn[n_learn++] = i;
		} else if (c->s.state == SRS_REVIEW && c->s.due <= now) {
			rev[n_rev++] = i;
		}
	}
	sort_st = st;
	qsort(learn, n_learn, sizeof *learn, cmp_due);
	qsort(rev, n_rev, sizeof *rev, cmp_due);
	for (size_t i = 0; i < n_learn; i++)
		push(s, learn[i]);
	for (size_t i = 0; i < n_rev; i++)
		push(s, rev[i]);
	for (size_t i = 0; i < st->cards.n && new_left > 0; i++) {
		const struct study_card *c = &st->st[i];
		if (c->s.state == SRS_NEW && !c->suspended && c->buried_until <= now) {
			push(s, i);
			new_left--;
		}
	}
	free(learn);
	free(rev);
}

struct study_session *study_session_start(struct study *st, int64_t now)
{
	struct study_session *s = xcalloc(1, sizeof *s);
	s->st = st;
	s->started = s->shown = s->clock = now;
	fill(s, now);
	return s;
}

void study_session_free(struct study_session **sp)
{
	struct study_session *s = *sp;
	if (!s)
		return;
	for (size_t i = 0; i < s->n_undo; i++)
		free(s->undo[i].id);
	free(s->undo);
	free(s->q);
	FREE(sp);
}

const struct card *study_session_card(const struct study_session *s, size_t *idx)
{
	if (s->pos >= s->n)
		return NULL;
	if (idx)
		*idx = s->q[s->pos];
	return &s->st->cards.v[s->q[s->pos]];
}

size_t study_session_left(const struct study_session *s)
{
	return s->n - s->pos;
}

void study_session_shown(struct study_session *s, int64_t now)
{
	s->shown = now;
}

void study_session_preview(const struct study_session *s, int64_t now, struct srs_card out[4])
{
	size_t i = s->q[s->pos];
	srs_preview(&s->st->p, &s->st->st[i].s, now, srs_card_key(s->st->cards.v[i].id), out);
}

char *study_session_button(const struct study_session *s, int64_t now, int rating)
{
	/* TRANSLATORS: the four grades of a flashcard review. */
	static const char *const names[] = {N_("Again"), N_("Hard"), N_("Good"), N_("Easy")};
	struct srs_card out[4];
	study_session_preview(s, now, out);
	char *delay = srs_delay_label(out[rating - 1].due - now);
	char *r = xasprintf("%s %s", _(names[rating - 1]), delay);
	free(delay);
	return r;
}

/* Times a session writes strictly increase, so that two records of one
 * card never share a time (a fixed $QUIRE_NOW included). */
static int64_t tick(struct study_session *s, int64_t now)
{
	s->clock = now > s->clock ? now : s->clock + 1;
	return s->clock;
}

int study_session_grade(struct study_session *s, int rating, int64_t now, char **errp)
{
	size_t i;
	const struct card *c = study_session_card(s, &i);
	if (!c || rating < 1 || rating > 4)
		return error_set(errp, _("no card to grade"));
	int64_t t = tick(s, now);
	int64_t ms = (t - s->shown) / 1000;
	struct revlog_entry e = {c->id, t, REVLOG_GRADE, rating, ms < 0 ? 0 : ms, 0, 0};
	if (revlog_append(s->st->log_path, &e, errp) < 0)
		return -1;
	struct study_card *sc = &s->st->st[i];
	struct undo u = {xstrdup(c->id), sc->s, t, s->pos, false, rating,
			 sc->s.state == SRS_REVIEW};
	srs_review(&s->st->p, &sc->s, (enum srs_rating)rating, t, srs_card_key(c->id), &sc->s);
	if (!sc->first_review)
		sc->first_review = t;
	s->pos++;
	if (sc->s.state != SRS_REVIEW && sc->s.due - t <= LEARN_AHEAD) {
		push(s, i);
		u.requeued = true;
	}
	s->undo = xgrow(s->undo, &s->cap_undo, s->n_undo + 1, sizeof *s->undo);
	s->undo[s->n_undo++] = u;
	s->ratings[rating - 1]++;
	if (u.was_review) {
		s->n_review++;
		s->n_review_pass += rating > 1;
	}
	s->shown = t;
	return 0;
}

int study_session_undo(struct study_session *s, int64_t now, char **errp)
{
	if (!s->n_undo)
		return 1;
	struct undo *u = &s->undo[s->n_undo - 1];
	int64_t t = tick(s, now);
	struct revlog_entry e = {u->id, t, REVLOG_UNDO, 0, -1, u->time, 0};
	if (revlog_append(s->st->log_path, &e, errp) < 0)
		return -1;
	long i = study_find(s->st, u->id);
	if (i >= 0) {
		struct study_card *sc = &s->st->st[i];
		sc->s = u->before;
		if (sc->first_review == u->time)
			sc->first_review = 0;
		if (u->requeued) {
			/* drop the copy the grade queued (the last one of the card) */
			for (size_t k = s->n; k-- > s->pos;)
				if (s->q[k] == (size_t)i) {
					memmove(s->q + k, s->q + k + 1, (s->n - k - 1) * sizeof *s->q);
					s->n--;
					break;
				}
		}
		/* show it again now */
		if (s->pos > 0 && s->pos <= s->n && u->pos < s->pos) {
			s->pos--;
			s->q[s->pos] = (size_t)i;
		} else {
			push(s, (size_t)i);
		}
	}
	s->ratings[u->rating - 1]--;
	if (u->was_review) {
		s->n_review--;
		s->n_review_pass -= u->rating > 1;
	}
	free(u->id);
	s->n_undo--;
	s->shown = t;
	return 0;
}

int study_session_put_aside(struct study_session *s, bool bury, int64_t now, char **errp)
{
	size_t i;
	const struct card *c = study_session_card(s, &i);
	if (!c)
		return error_set(errp, _("no card to put aside"));
	int64_t t = tick(s, now);
	if (cardstate_append(s->st->state_path, t, c->id, bury ? CS_BURY : CS_SUSPEND, NULL, errp) <
	    0)
		return -1;
	if (bury)
		s->st->st[i].buried_until = study_next_day(t);
	else
		s->st->st[i].suspended = true;
	/* every later copy of the card leaves the queue too */
	size_t k = s->pos + 1, w = s->pos + 1;
	for (; k < s->n; k++)
		if (s->q[k] != i)
			s->q[w++] = s->q[k];
	s->n = w;
	s->pos++;
	s->shown = t;
	return 0;
}

void study_session_reload(struct study_session *s, struct study *st, int64_t now)
{
	s->st = st;
	s->n = s->pos = 0;
	fill(s, now);
	s->shown = now;
	/* the undo stack names cards by id: still valid */
}

void study_session_summary(const struct study_session *s, int64_t now, struct buf *out)
{
	size_t n = 0;
	for (int r = 0; r < 4; r++)
		n += (size_t)s->ratings[r];
	int64_t secs = (now - s->started) / SRS_USEC_PER_SEC;
	buf_printf(out, _("Reviewed %zu cards in %lld:%02lld."), n, (long long)(secs / 60),
		   (long long)(secs % 60));
	buf_addc(out, '\n');
	buf_printf(out, _("Again %d · Hard %d · Good %d · Easy %d"), s->ratings[0], s->ratings[1],
		   s->ratings[2], s->ratings[3]);
	buf_addc(out, '\n');
	if (s->n_review)
		buf_printf(out, _("Retention: %.0f%% of %zu review cards recalled."),
			   100.0 * (double)s->n_review_pass / (double)s->n_review, s->n_review);
	else
		buf_adds(out, _("Retention: no review cards in this session."));
	buf_addc(out, '\n');
}
