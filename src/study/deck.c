/* deck.c: card states by card id (an open-addressing hash table over an
 * array kept in insertion order), and the replay of a log into them. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "study/study.h"
#include "util/util.h"

struct deck_card {
	char *id;
	uint64_t key; /* srs_card_key(id) */
	struct srs_card c;
};

struct srs_deck {
	struct deck_card *v;
	size_t n, cap;
	uint32_t *slots; /* index + 1 into v; 0 free */
	size_t n_slots;  /* a power of two, at least twice n */
};

struct srs_deck *srs_deck_new(void)
{
	return xcalloc(1, sizeof(struct srs_deck));
}

void srs_deck_free(struct srs_deck **dp)
{
	struct srs_deck *d = *dp;
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++)
		free(d->v[i].id);
	free(d->v);
	free(d->slots);
	FREE(dp);
}

static void rehash(struct srs_deck *d, size_t n_slots)
{
	free(d->slots);
	d->slots = xcalloc(n_slots, sizeof *d->slots);
	d->n_slots = n_slots;
	for (size_t i = 0; i < d->n; i++) {
		size_t s = (size_t)d->v[i].key & (n_slots - 1);
		while (d->slots[s])
			s = (s + 1) & (n_slots - 1);
		d->slots[s] = (uint32_t)(i + 1);
	}
}

struct srs_card *srs_deck_get(struct srs_deck *d, const char *id, bool create)
{
	uint64_t key = srs_card_key(id);
	if (d->n_slots) {
		for (size_t s = (size_t)key & (d->n_slots - 1); d->slots[s];
		     s = (s + 1) & (d->n_slots - 1)) {
			struct deck_card *c = &d->v[d->slots[s] - 1];
			if (c->key == key && strcmp(c->id, id) == 0)
				return &c->c;
		}
	}
	if (!create)
		return NULL;
	if (d->n >= UINT32_MAX - 1)
		abort();
	d->v = xgrow(d->v, &d->cap, d->n + 1, sizeof *d->v);
	d->v[d->n] = (struct deck_card){xstrdup(id), key, SRS_CARD_NEW};
	d->n++;
	if (d->n * 2 > d->n_slots)
		rehash(d, d->n_slots ? d->n_slots * 2 : 64);
	else {
		size_t s = (size_t)key & (d->n_slots - 1);
		while (d->slots[s])
			s = (s + 1) & (d->n_slots - 1);
		d->slots[s] = (uint32_t)d->n;
	}
	return &d->v[d->n - 1].c;
}

size_t srs_deck_count(const struct srs_deck *d)
{
	return d->n;
}

const struct srs_card *srs_deck_at(const struct srs_deck *d, size_t i, const char **id)
{
	if (id)
		*id = d->v[i].id;
	return &d->v[i].c;
}

void srs_replay(const struct srs_params *p, const struct revlog *log, struct srs_deck *deck,
		srs_replay_fn *cb, void *ctx)
{
	for (size_t i = 0; i < log->n; i++) {
		const struct revlog_entry *e = &log->v[i];
		if (e->kind != REVLOG_GRADE)
			continue;
		struct srs_card *c = srs_deck_get(deck, e->card, true);
		srs_review(p, c, (enum srs_rating)e->rating, e->time, srs_card_key(e->card), c);
		if (cb)
			cb(ctx, e, c);
	}
}

struct srs_deck *srs_deck_load(const struct srs_params *p, const char *log_path,
			       struct strvec *warnings, char **errp)
{
	struct revlog log = REVLOG_INIT;
	if (revlog_read(log_path, &log, warnings, errp) < 0)
		return NULL;
	revlog_resolve(&log);
	struct srs_deck *d = srs_deck_new();
	srs_replay(p, &log, d, NULL, NULL);
	revlog_free(&log);
	return d;
}

/* printf's %.10g with a decimal point whatever the locale. */
static int printf_g10(char *s, double x)
{
	int n = snprintf(s, 32, "%.10g", x);
	for (char *p = s; *p; p++)
		if (*p == ',')
			*p = '.';
	return n;
}

/* %.10g of x into s (at least 32 bytes), without printf for the values a
 * replay prints (1e-4 <= x < 1e10): x is scaled by an exact power of ten
 * to ten digits before the point and rounded to an integer. The product
 * is within half an ulp (under 1e-6) of the exact one, so the rounding
 * matches printf's unless the scaled value is within 1e-5 of a half,
 * which is left to printf, as is everything outside that range. */
static int format_g10(char *s, double x)
{
	static const double p10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
				     1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14};
	if (!(x >= 1e-4 && x < 1e10))
		return printf_g10(s, x);
	int e = (int)floor(log10(x));
	double y;
	for (int tries = 0;; tries++) {
		if (e < -4 || e > 9 || tries > 2)
			return printf_g10(s, x);
		y = x * p10[9 - e];
		if (y < 1e9)
			e--;
		else if (y >= 1e10)
			e++;
		else
			break;
	}
	double f = y - floor(y);
	if (fabs(f - 0.5) < 1e-5)
		return printf_g10(s, x);
	uint64_t r = (uint64_t)nearbyint(y);
	if (r >= UINT64_C(10000000000)) {
		r /= 10;
		e++;
		if (e > 9)
			return printf_g10(s, x);
	}
	char d[10];
	for (int i = 9; i >= 0; i--, r /= 10)
		d[i] = (char)('0' + r % 10);
	int n = 0;
	if (e >= 0) {
		memcpy(s, d, (size_t)e + 1);
		n = e + 1;
		s[n++] = '.';
		memcpy(s + n, d + e + 1, (size_t)(9 - e));
		n += 9 - e;
	} else {
		s[n++] = '0';
		s[n++] = '.';
		for (int i = 0; i < -e - 1; i++)
			s[n++] = '0';
		memcpy(s + n, d, 10);
		n += 10;
	}
	while (s[n - 1] == '0')
		n--;
	if (s[n - 1] == '.')
		n--;
	s[n] = '\0';
	return n;
}

void srs_replay_row(const struct revlog_entry *e, const struct srs_card *c, struct buf *out)
{
	char num[32];
	buf_adds(out, e->card);
	buf_addc(out, ',');
	buf_addc(out, (char)('0' + e->rating));
	buf_addc(out, ',');
	srs_time_format(e->time, out);
	buf_addc(out, ',');
	buf_addc(out, (char)('0' + c->state));
	buf_addc(out, ',');
	if (c->step >= 0)
		buf_add(out, num, (size_t)snprintf(num, sizeof num, "%d", c->step));
	buf_addc(out, ',');
	buf_add(out, num, (size_t)format_g10(num, c->stability));
	buf_addc(out, ',');
	buf_add(out, num, (size_t)format_g10(num, c->difficulty));
	buf_addc(out, ',');
	srs_time_format(c->due, out);
	buf_addc(out, '\n');
}
