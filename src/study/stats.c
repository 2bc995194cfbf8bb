/* stats.c: review statistics drawn as text with Unicode block characters:
 * a calendar heat map of reviews a day over the last year, the due
 * forecast for 30 days, true retention a week, the cards by state. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "study/state_private.h"
#include "util/i18n.h"

#define HEAT_DAYS 371 /* 53 weeks */
#define FORECAST_DAYS 30
#define FORECAST_ROWS 6
#define RETENTION_WEEKS 12

/* Local days between the day starts a and b (b later), DST-proof. */
static long days_between(int64_t a, int64_t b)
{
	double d = (double)(b - a) / (double)SRS_USEC_PER_DAY;
	return (long)(d + (d < 0 ? -0.5 : 0.5));
}

static int weekday(int64_t t)
{
	time_t secs = (time_t)(t / SRS_USEC_PER_SEC);
	struct tm tm;
	localtime_r(&secs, &tm);
	return (tm.tm_wday + 6) % 7; /* Monday 0 */
}

static void date_label(int64_t t, const char *fmt, char out[32])
{
	time_t secs = (time_t)(t / SRS_USEC_PER_SEC);
	struct tm tm;
	localtime_r(&secs, &tm);
	strftime(out, 32, fmt, &tm);
}

static void heat_map(const struct study *st, int64_t today, struct strvec *out)
{
	/* the first column is the week (from Monday) 52 weeks before this one */
	long counts[HEAT_DAYS] = {0};
	int64_t start = today;
	long back = 52 * 7 + weekday(today);
	for (long i = 0; i < back; i++)
		start = study_day_start(start - SRS_USEC_PER_DAY / 2);
	long total = 0, max = 0, active = 0;
	for (size_t i = 0; i < st->log.n; i++) {
		long d = days_between(start, study_day_start(st->log.v[i].time));
		if (d >= 0 && d < HEAT_DAYS && d <= back) {
			counts[d]++;
			total++;
		}
	}
	for (long d = 0; d <= back; d++) {
		if (counts[d] > max)
			max = counts[d];
		active += counts[d] > 0;
	}
	strvec_push_owned(out, xasprintf(_("Reviews a day, last 12 months: %ld reviews on %ld days "
					   "(most in a day: %ld)"),
					 total, active, max));
	/* month labels over the weeks where a month begins */
	struct buf b = BUF_INIT;
	buf_adds(&b, "    ");
	/* a month's name over the week its first day falls in */
	size_t col = 0;
	int prev_month = -1;
	for (long w = 0; w * 7 <= back; w++) {
		int64_t t = start + (int64_t)w * 7 * SRS_USEC_PER_DAY + SRS_USEC_PER_DAY / 2;
		time_t secs = (time_t)(t / SRS_USEC_PER_SEC);
		struct tm tm;
		localtime_r(&secs, &tm);
		if (w > 0 && tm.tm_mon != prev_month && (size_t)w >= col) {
			char m[32];
			strftime(m, sizeof m, "%b", &tm);
			buf_adds(&b, m);
			col = (size_t)w + utf8_width(m);
		} else if ((size_t)w >= col) {
			buf_addc(&b, ' ');
			col++;
		}
		prev_month = tm.tm_mon;
	}
	while (b.len && b.data[b.len - 1] == ' ')
		b.data[--b.len] = '\0';
	strvec_push_owned(out, buf_detach(&b));
	static const char *const glyph[] = {"·", "░", "▒", "▓", "█"};
	/* TRANSLATORS: weekday initials for the rows of the heat map, Monday first. */
	const char *days = _("Mon,,Wed,,Fri,,Sun");
	const char *p = days;
	for (int row = 0; row < 7; row++) {
		size_t n = strcspn(p, ",");
		buf_add(&b, p, n);
		p += n;
		if (*p)
			p++;
		while (utf8_width(buf_str(&b)) < 4)
			buf_addc(&b, ' ');
		for (long w = 0; w * 7 + row <= back; w++) {
			long c = counts[w * 7 + row];
			int level = c == 0 ? 0 : max <= 0 ? 1 : (int)((c * 4 + max - 1) / max);
			buf_adds(&b, glyph[level > 4 ? 4 : level]);
		}
		strvec_push_owned(out, buf_detach(&b));
	}
	strvec_push_owned(out, xasprintf(_("    less · ░ ▒ ▓ █ more (█: up to %ld)"), max));
}

static void forecast(const struct study *st, int64_t today, struct strvec *out)
{
	long counts[FORECAST_DAYS] = {0};
	long max = 0, total = 0;
	for (size_t i = 0; i < st->cards.n; i++) {
		const struct study_card *c = &st->st[i];
		if (c->s.state == SRS_NEW || c->suspended)
			continue;
		long d = c->s.due <= st->now ? 0 : days_between(today, study_day_start(c->s.due));
		if (d >= 0 && d < FORECAST_DAYS) {
			counts[d]++;
			total++;
		}
	}
	for (int d = 0; d < FORECAST_DAYS; d++)
		if (counts[d] > max)
			max = counts[d];
	strvec_push_owned(out, xasprintf(_("Due in the next 30 days: %ld cards (today: %ld)"), total,
					 counts[0]));
	static const char *const eighth[] = {" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
	int label_w = snprintf(NULL, 0, "%ld", max) + 1;
	struct buf b = BUF_INIT;
	for (int row = FORECAST_ROWS - 1; row >= 0; row--) {
		if (row == FORECAST_ROWS - 1)
			buf_printf(&b, "%*ld ", label_w - 1, max);
		else if (row == 0)
			buf_printf(&b, "%*d ", label_w - 1, 0);
		else
			buf_printf(&b, "%*s", label_w, "");
		for (int d = 0; d < FORECAST_DAYS; d++) {
			long units = max ? (counts[d] * FORECAST_ROWS * 8 + max - 1) / max : 0;
			long cell = units - row * 8;
			if (row == 0 && counts[d] && cell < 1)
				cell = 1;
			buf_adds(&b, eighth[cell <= 0 ? 0 : cell >= 8 ? 8 : cell]);
			buf_addc(&b, ' ');
		}
		strvec_push_owned(out, buf_detach(&b));
	}
	/* the axis: each label starts under its day's bar (two columns a day) */
	static const int marks[] = {0, 10, 20, FORECAST_DAYS - 1};
	size_t col = 0;
	buf_printf(&b, "%*s", label_w, "");
	for (size_t i = 0; i < ARRAY_SIZE(marks); i++) {
		size_t at = (size_t)marks[i] * 2;
		if (i && col + 1 > at)
			continue; /* no room after a long label */
		for (; col < at; col++)
			buf_addc(&b, ' ');
		/* TRANSLATORS: the axis of the due forecast: "today", then
		   "+%dd" for in 10, 20 and 29 days */
		char *mark = marks[i] ? xasprintf(_("+%dd"), marks[i]) : xstrdup(_("today"));
		buf_adds(&b, mark);
		col += utf8_width(mark);
		free(mark);
	}
	strvec_push_owned(out, buf_detach(&b));
}

static void retention(const struct study *st, int64_t today, struct strvec *out)
{
	long seen[RETENTION_WEEKS] = {0}, passed[RETENTION_WEEKS] = {0};
	int64_t week0 = today;
	long back = (RETENTION_WEEKS - 1) * 7 + weekday(today);
	for (long i = 0; i < back; i++)
		week0 = study_day_start(week0 - SRS_USEC_PER_DAY / 2);
	/* replay to know each grade's state before it */
	struct srs_deck *d = srs_deck_new();
	for (size_t i = 0; i < st->log.n; i++) {
		const struct revlog_entry *e = &st->log.v[i];
		struct srs_card *c = srs_deck_get(d, e->card, true);
		if (c->state == SRS_REVIEW && e->time >= week0) {
			long w = days_between(week0, study_day_start(e->time)) / 7;
			if (w >= 0 && w < RETENTION_WEEKS) {
				seen[w]++;
				passed[w] += e->rating > 1;
			}
		}
		srs_review(&st->p, c, (enum srs_rating)e->rating, e->time, srs_card_key(e->card), c);
	}
	srs_deck_free(&d);
	strvec_push_owned(out, xstrdup(_("True retention a week (review cards recalled):")));
	static const char *const part[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
	for (int w = 0; w < RETENTION_WEEKS; w++) {
		char date[32];
		date_label(week0 + (int64_t)w * 7 * SRS_USEC_PER_DAY + SRS_USEC_PER_DAY / 2, "%Y-%m-%d",
			   date);
		struct buf b = BUF_INIT;
		buf_printf(&b, "  %s ", date);
		if (!seen[w]) {
			buf_adds(&b, "  —");
		} else {
			long eighths = (passed[w] * 20 * 8 + seen[w] / 2) / seen[w];
			for (long k = 0; k < eighths / 8; k++)
				buf_adds(&b, "█");
			buf_adds(&b, part[eighths % 8]);
			while (utf8_width(buf_str(&b)) < 35)
				buf_addc(&b, ' ');
			buf_printf(&b, " %3ld%% (%ld)", (passed[w] * 100 + seen[w] / 2) / seen[w], seen[w]);
		}
		strvec_push_owned(out, buf_detach(&b));
	}
}

static void counts(const struct study *st, struct strvec *out)
{
	long n[4] = {0}, suspended = 0, buried = 0;
	for (size_t i = 0; i < st->cards.n; i++) {
		const struct study_card *c = &st->st[i];
		if (c->suspended)
			suspended++;
		else if (c->buried_until > st->now)
			buried++;
		else
			n[c->s.state]++;
	}
	strvec_push_owned(out, xasprintf(_("Cards: %zu · new %ld · learning %ld · review %ld · "
					   "relearning %ld"),
					 st->cards.n, n[SRS_NEW], n[SRS_LEARNING], n[SRS_REVIEW],
					 n[SRS_RELEARNING]));
	strvec_push_owned(out, xasprintf(_("       suspended %ld · buried %ld"), suspended, buried));
}

void study_stats_render(const struct study *st, int width, struct strvec *out)
{
	(void)width;
	int64_t today = study_day_start(st->now);
	counts(st, out);
	strvec_push(out, "");
	heat_map(st, today, out);
	strvec_push(out, "");
	forecast(st, today, out);
	strvec_push(out, "");
	retention(st, today, out);
}
