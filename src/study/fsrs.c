/* fsrs.c: the FSRS-6 scheduler. Every formula is written in the reference
 * scheduler's order of operations, with pow(M_E, x) for its math.e ** x,
 * so results agree with it to the last bit on the same libm. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "study/study.h"
#include "util/i18n.h"
#include "util/util.h"

#define S_MIN 0.001
#define D_MIN 1.0
#define D_MAX 10.0

static double decay(const struct srs_params *p)
{
	return -p->w[20];
}

static double factor(const struct srs_params *p)
{
	return pow(0.9, 1.0 / decay(p)) - 1.0;
}

static double clamp_d(double d)
{
	return d < D_MIN ? D_MIN : d > D_MAX ? D_MAX : d;
}

static double clamp_s(double s)
{
	return s < S_MIN ? S_MIN : s;
}

/* Whole days from a to b, rounded down (Python's timedelta.days). */
static int64_t days_between(int64_t a, int64_t b)
{
	int64_t d = b - a;
	int64_t q = d / SRS_USEC_PER_DAY;
	if (d % SRS_USEC_PER_DAY != 0 && d < 0)
		q--;
	return q;
}

static double initial_difficulty(const struct srs_params *p, int rating, bool clamp)
{
	double d = p->w[4] - pow(M_E, p->w[5] * (rating - 1)) + 1;
	return clamp ? clamp_d(d) : d;
}

static double next_difficulty(const struct srs_params *p, double d, int rating)
{
	double arg1 = initial_difficulty(p, SRS_EASY, false);
	double delta = -(p->w[6] * (rating - 3));
	double arg2 = d + (10.0 - d) * delta / 9.0;
	return clamp_d(p->w[7] * arg1 + (1 - p->w[7]) * arg2);
}

static double short_term_stability(const struct srs_params *p, double s, int rating)
{
	double inc = pow(M_E, p->w[17] * ((rating - 3) + p->w[18])) * pow(s, -p->w[19]);
	/* Good and Easy never lower the stability; Hard may (fsrs6.md, and
	 * py-fsrs up to 6.2: py-fsrs 6.3 clamps Hard too). */
	if (rating >= SRS_GOOD && inc < 1.0)
		inc = 1.0;
	return clamp_s(s * inc);
}

static double next_stability(const struct srs_params *p, double d, double s, double r, int rating)
{
	const double *w = p->w;
	double next;
	if (rating == SRS_AGAIN) {
		double lt = w[11] * pow(d, -w[12]) * (pow(s + 1, w[13]) - 1) *
			    pow(M_E, (1 - r) * w[14]);
		double st = s / pow(M_E, w[17] * w[18]);
		next = lt < st ? lt : st;
	} else {
		double hard = rating == SRS_HARD ? w[15] : 1;
		double easy = rating == SRS_EASY ? w[16] : 1;
		next = s * (1 + pow(M_E, w[8]) * (11 - d) * pow(s, -w[9]) *
				    (pow(M_E, (1 - r) * w[10]) - 1) * hard * easy);
	}
	return clamp_s(next);
}

double srs_retrievability(const struct srs_params *p, const struct srs_card *c, int64_t now)
{
	if (c->state == SRS_NEW || c->stability <= 0)
		return 0;
	int64_t days = days_between(c->last_review, now);
	if (days < 0)
		days = 0;
	return pow(1 + factor(p) * (double)days / c->stability, decay(p));
}

int srs_interval_days(const struct srs_params *p, double stability)
{
	double ivl = stability / factor(p) * (pow(p->desired_retention, 1.0 / decay(p)) - 1);
	ivl = nearbyint(ivl); /* half to even, as Python's round() */
	if (!(ivl >= 1))
		ivl = 1;
	if (ivl > p->maximum_interval)
		ivl = p->maximum_interval;
	return (int)ivl;
}

static uint64_t mix64(uint64_t x)
{
	x += 0x9E3779B97F4A7C15ULL;
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
	return x ^ (x >> 31);
}

uint64_t srs_card_key(const char *id)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (const unsigned char *s = (const unsigned char *)id; *s; s++)
		h = (h ^ *s) * 0x100000001b3ULL;
	return h;
}

/* The reference's fuzz: a day count from [min_ivl, max_ivl] widened by
 * 15% of the part of the interval between 2.5 and 7 days, 10% of 7-20 and
 * 5% above 20, drawn as round(u * (max - min + 1) + min) with u uniform in
 * [0, 1) (so max + 1 can come out, as in the reference), capped at the
 * maximum interval. u comes from the seed, the card and the time. */
static int fuzzed_days(const struct srs_params *p, int days, uint64_t key, int64_t now)
{
	static const struct {
		double start, end, factor;
	} ranges[] = {{2.5, 7.0, 0.15}, {7.0, 20.0, 0.1}, {20.0, INFINITY, 0.05}};
	if (days < 2.5)
		return days;
	double delta = 1.0;
	for (size_t i = 0; i < ARRAY_SIZE(ranges); i++) {
		double x = fmin((double)days, ranges[i].end) - ranges[i].start;
		delta += ranges[i].factor * fmax(x, 0.0);
	}
	double lo = nearbyint(days - delta), hi = nearbyint(days + delta);
	if (lo < 2)
		lo = 2;
	if (hi > p->maximum_interval)
		hi = p->maximum_interval;
	if (lo > hi)
		lo = hi;
	uint64_t bits = mix64(p->fuzz_seed ^ mix64(key ^ mix64((uint64_t)now)));
	double u = (double)(bits >> 11) * 0x1.0p-53;
	double f = nearbyint(u * (hi - lo + 1) + lo);
	if (f > p->maximum_interval)
		f = p->maximum_interval;
	return (int)f;
}

/* The delay of a learning or relearning step after a grade; moves *state
 * and *step. Returns the delay in microseconds, or -1 when the card
 * graduates to Review (the caller schedules it in days). */
static int64_t step_delay(const int64_t *steps, int n, int rating, enum srs_state *state, int *step)
{
	if (n == 0 || (*step >= n && rating >= SRS_HARD)) {
		*state = SRS_REVIEW;
		*step = -1;
		return -1;
	}
	switch (rating) {
	case SRS_AGAIN:
		*step = 0;
		return steps[0] * SRS_USEC_PER_SEC;
	case SRS_HARD:
		if (*step == 0 && n == 1)
			return steps[0] * SRS_USEC_PER_SEC * 3 / 2;
		if (*step == 0)
			return (steps[0] + steps[1]) * SRS_USEC_PER_SEC / 2;
		return steps[*step] * SRS_USEC_PER_SEC;
	case SRS_GOOD:
		if (*step + 1 == n) {
			*state = SRS_REVIEW;
			*step = -1;
			return -1;
		}
		(*step)++;
		return steps[*step] * SRS_USEC_PER_SEC;
	default:
		*state = SRS_REVIEW;
		*step = -1;
		return -1;
	}
}

void srs_review(const struct srs_params *p, const struct srs_card *card, enum srs_rating rating,
		int64_t now, uint64_t fuzz_key, struct srs_card *out)
{
	struct srs_card c = *card;
	int g = rating < SRS_AGAIN ? SRS_AGAIN : rating > SRS_EASY ? SRS_EASY : (int)rating;
	if (c.state == SRS_NEW || c.stability <= 0) {
		c.state = c.state == SRS_NEW ? SRS_LEARNING : c.state;
		if (c.step < 0)
			c.step = 0;
		c.stability = clamp_s(p->w[g - 1]);
		c.difficulty = initial_difficulty(p, g, true);
	} else if (days_between(c.last_review, now) < 1) {
		c.stability = short_term_stability(p, c.stability, g);
		c.difficulty = next_difficulty(p, c.difficulty, g);
	} else {
		double r = srs_retrievability(p, &c, now);
		c.stability = next_stability(p, c.difficulty, c.stability, r, g);
		c.difficulty = next_difficulty(p, c.difficulty, g);
	}

	int64_t delay = -1;
	switch (c.state) {
	case SRS_LEARNING:
		delay = step_delay(p->learning_steps, p->n_learning, g, &c.state, &c.step);
		break;
	case SRS_RELEARNING:
		delay = step_delay(p->relearning_steps, p->n_relearning, g, &c.state, &c.step);
		break;
	default:
		c.step = -1;
		if (g == SRS_AGAIN) {
			c.lapses++;
			if (p->n_relearning > 0) {
				c.state = SRS_RELEARNING;
				c.step = 0;
				delay = p->relearning_steps[0] * SRS_USEC_PER_SEC;
			}
		}
		break;
	}
	if (delay < 0) {
		int days = srs_interval_days(p, c.stability);
		if (p->fuzz)
			days = fuzzed_days(p, days, fuzz_key, now);
		delay = (int64_t)days * SRS_USEC_PER_DAY;
	}
	c.due = now + delay;
	c.last_review = now;
	c.reps++;
	*out = c;
}

void srs_preview(const struct srs_params *p, const struct srs_card *card, int64_t now,
		 uint64_t fuzz_key, struct srs_card out[4])
{
	for (int g = SRS_AGAIN; g <= SRS_EASY; g++)
		srs_review(p, card, (enum srs_rating)g, now, fuzz_key, &out[g - 1]);
}

/* x with at most one decimal, ".0" left out, put into fmt's %s. */
static char *label(double x, const char *fmt)
{
	double r = round(x * 10) / 10;
	char num[32];
	snprintf(num, sizeof num, r == floor(r) ? "%.0f" : "%.1f", r);
	return xasprintf(fmt, num);
}

char *srs_delay_label(int64_t usec)
{
	double s = (double)usec / SRS_USEC_PER_SEC;
	/* TRANSLATORS: delays on the review buttons ("Good 4d"), as short as
	   possible; %s is the number, with at most one decimal. */
	if (s < 60)
		return label(floor(s < 0 ? 0 : s + 0.5), _("%ss"));
	if (s < 3600)
		return label(s / 60, _("%sm"));
	if (s < 86400)
		return label(s / 3600, _("%sh"));
	double d = s / 86400;
	if (d < 31)
		return label(d, _("%sd"));
	if (d < 365)
		return label(d / 30.4375, _("%smo"));
	return label(d / 365.25, _("%sy"));
}
