/* Unit tests of src/study: times, the review log (parse, append, resolve),
 * the card table, fuzz ranges, previews and settings. Expected values are
 * worked out by hand in the comments. The FSRS formulas themselves are
 * checked against the reference's replay (test_replay.sh) and against an
 * independent transcription of the formulas (test_edges.py). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "study/study.h"
#include "tap.h"
#include "util/settings.h"
#include "util/util.h"

static int64_t T(const char *s)
{
	int64_t t = 0;
	const char *why = NULL;
	if (srs_time_parse(s, strlen(s), &t, &why) < 0) {
		printf("# cannot parse %s: %s\n", s, why);
		return INT64_MIN;
	}
	return t;
}

static char *fmt(int64_t t)
{
	struct buf b = BUF_INIT;
	srs_time_format(t, &b);
	return buf_detach(&b);
}

static void test_times(void)
{
	is(T("1970-01-01T00:00:00Z"), 0, "the epoch is 0");
	is(T("1970-01-02T00:00:00.000001+00:00"), SRS_USEC_PER_DAY + 1, "a day and a microsecond");
	is(T("2024-03-29T20:32:32.25+00:00"), T("2024-03-29T20:32:32.250000Z"),
	   "two digits of fraction mean 250000 microseconds");
	is(T("2024-03-29 20:32:32+0000"), T("2024-03-29T20:32:32-00:00"), "space, +0000, -00:00");
	/* 2038-01-19T03:14:08Z is 2^31 seconds. */
	is(T("2038-01-19T03:14:08Z"), INT64_C(2147483648) * SRS_USEC_PER_SEC,
	   "2^31 seconds: past the 32-bit time_t limit");
	/* 2100 is not a leap year, 2000 and 2400 are: days from 1970 by hand:
	 * 1970..2099 has 130 years and 32 leap days (1972..2096), so
	 * 2100-01-01 is day 130*365+32 = 47482; + 31 + 28 = 2100-03-01. */
	is(T("2100-03-01T00:00:00Z"), (INT64_C(47482) + 59) * SRS_USEC_PER_DAY,
	   "2100-03-01 (2100 is no leap year)");
	const char *why;
	int64_t t;
	ok(srs_time_parse("2100-02-29T00:00:00Z", 20, &t, &why) < 0, "2100-02-29 refused");
	ok(T("2000-02-29T00:00:00Z") != INT64_MIN && T("2400-02-29T00:00:00Z") != INT64_MIN,
	   "2000-02-29 and 2400-02-29 exist");
	static const char *const bad[] = {
		"", "2024-03-29", "2024-03-29T20:32:32", "2024-03-29T20:32:32+01:00",
		"2024-13-01T00:00:00Z", "2024-03-29T24:00:00Z", "2024-03-29T20:60:00Z",
		"2024-03-29T20:32:60Z", "0000-01-01T00:00:00Z", "2024-03-29T20:32:32.Z",
		"2024-03-29T20:32:32.1234567Z", "2024-3-29T20:32:32Z", "2024-03-29T20:32:32Zx",
		"+2024-03-29T20:32:32Z", "2024-03-29T20:32Z",
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		why = NULL;
		int r = srs_time_parse(bad[i], strlen(bad[i]), &t, &why);
		ok(r < 0 && why && *why, "refused: \"%s\" (%s)", bad[i], why ? why : "");
	}

	struct {
		const char *in, *out;
	} rt[] = {
		{"2024-03-29T20:32:32.250000+00:00", "2024-03-29T20:32:32.250000+00:00"},
		{"2024-03-30T17:03:18Z", "2024-03-30T17:03:18+00:00"},
		{"0001-01-01T00:00:00Z", "0001-01-01T00:00:00+00:00"},
		{"9999-12-31T23:59:59.999999Z", "9999-12-31T23:59:59.999999+00:00"},
		{"2106-02-07T06:28:16.000001Z", "2106-02-07T06:28:16.000001+00:00"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(rt); i++) {
		char *s = fmt(T(rt[i].in));
		is_str(s, rt[i].out, "formatted back as the reference prints it: %s", rt[i].in);
		free(s);
	}
	/* A due date past year 9999 (a review in 9999 + 36500 days) still prints. */
	char *s = fmt(T("9999-12-31T00:00:00Z") + 366 * SRS_USEC_PER_DAY);
	is_str(s, "10000-12-31T00:00:00+00:00", "year 10000 (10000 is a leap year)");
	free(s);
}

static void test_labels(void)
{
	struct {
		int64_t s;
		const char *want;
	} v[] = {
		{30, "30s"}, {60, "1m"}, {330, "5.5m"}, {600, "10m"}, {5400, "1.5h"},
		{4 * 86400, "4d"}, {100 * 86400, "3.3mo"}, {400 * 86400, "1.1y"},
		{36500LL * 86400, "99.9y"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
		char *l = srs_delay_label(v[i].s * SRS_USEC_PER_SEC);
		is_str(l, v[i].want, "label of %lld s", (long long)v[i].s);
		free(l);
	}
}

static void test_log_parse(void)
{
	const char text[] =
		"# quire review log\n"
		"2024-05-01T10:00:00.000001Z\tcard-a\t3\t4200\n"
		"\n"
		"2024-05-01T10:00:05.000000Z\tcard-b\t1\t-\r\n"
		"2024-05-01T10:01:00.000000Z\tcard-a\tundo\t2024-05-01T10:00:00.000001Z\n"
		"2024-05-01T10:02:00Z\tcard-a\t5\t100\n"          /* 6: rating */
		"2024-05-01T10:02:00Z\tcard a\t3\t100\n"          /* 7: card id */
		"2024-05-01T10:02:00Z\tcard-a\t3\n"               /* 8: 3 fields */
		"2024-05-01T10:02:00+02:00\tcard-a\t3\t100\n"     /* 9: not UTC */
		"2024-05-01T10:02:00Z\tcard-a\t3\t1.5\n"          /* 10: duration */
		"2024-05-01T10:02:00Z\tcard-a\tundo\tyesterday\n" /* 11: undo time */
		"2024-05-01T10:02:00Z\tcard-a\t3\t100\textra\n"   /* 12: 5 fields */
		"2024-05-01T10:03:00Z\tcard-c\t4\t0"; /* no final newline: still a line */
	struct revlog log = REVLOG_INIT;
	struct strvec w = STRVEC_INIT;
	size_t bad = revlog_parse("reviews.log", text, sizeof text - 1, &log, &w);
	is(bad, 7, "seven malformed lines");
	is(w.n, 7, "one warning each");
	const int lines[] = {6, 7, 8, 9, 10, 11, 12};
	for (size_t i = 0; i < w.n && i < 7; i++) {
		char *want = xasprintf("reviews.log:%d: ", lines[i]);
		ok(str_starts_with(w.v[i], want) && str_ends_with(w.v[i], "; line skipped"),
		   "warning names the file and line %d: %s", lines[i], w.v[i]);
		free(want);
	}
	is(log.n, 4, "four good records");
	if (log.n == 4) {
		is_str(log.v[0].card, "card-a", "card id");
		is(log.v[0].rating, 3, "rating");
		is(log.v[0].duration_ms, 4200, "duration");
		is(log.v[0].line, 2, "line number kept");
		is(log.v[1].duration_ms, -1, "- is an unknown duration; CRLF accepted");
		is(log.v[2].kind, REVLOG_UNDO, "undo record");
		is(log.v[2].target, log.v[0].time, "undo names the grade's time");
		is(log.v[3].rating, 4, "last line without newline");
	}
	revlog_free(&log);
	strvec_free(&w);
}

/* The resolved log as text, one record a line. */
static char *resolved_text(const char *text)
{
	struct revlog log = REVLOG_INIT;
	revlog_parse("x", text, strlen(text), &log, NULL);
	revlog_resolve(&log);
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < log.n; i++) {
		revlog_format(&log.v[i], &b);
		buf_addc(&b, '\n');
	}
	revlog_free(&log);
	return buf_detach(&b);
}

static void test_resolve(void)
{
	/* Machine A and machine B graded different cards; B's copy of the log
	 * also holds A's first line (synced before), and A undid a grade. */
	const char *a = "2024-05-01T10:00:00.000000Z\tx\t3\t100\n"
			"2024-05-01T10:00:10.000000Z\tx\t1\t200\n"
			"2024-05-01T10:00:20.000000Z\tx\tundo\t2024-05-01T10:00:10.000000Z\n"
			"2024-05-01T10:00:30.000000Z\tx\t4\t300\n";
	const char *b = "2024-05-01T10:00:00.000000Z\tx\t3\t100\n"
			"2024-05-01T09:59:00.000000Z\ty\t2\t50\n"
			"2024-05-01T10:00:10.000000Z\ty\t3\t60\n";
	const char *want = "2024-05-01T09:59:00.000000Z\ty\t2\t50\n"
			   "2024-05-01T10:00:00.000000Z\tx\t3\t100\n"
			   "2024-05-01T10:00:10.000000Z\ty\t3\t60\n"
			   "2024-05-01T10:00:30.000000Z\tx\t4\t300\n";
	char *ab = xasprintf("%s%s", a, b), *ba = xasprintf("%s%s", b, a);
	char *r1 = resolved_text(ab), *r2 = resolved_text(ba);
	is_str(r1, want, "A then B: sorted, the duplicate once, the undone grade gone");
	is_str(r2, want, "B then A: the same");
	free(r1);
	free(r2);
	free(ab);
	free(ba);
	/* The undo may come before the grade it cancels (lines from another
	 * machine merged later), and an undo of a grade not (yet) in the log
	 * changes nothing. */
	r1 = resolved_text("2024-05-01T10:00:20.000000Z\tx\tundo\t2024-05-01T10:00:10.000000Z\n"
			   "2024-05-01T10:00:20.000000Z\tx\tundo\t2024-05-01T10:00:11.000000Z\n"
			   "2024-05-01T10:00:10.000000Z\tx\t1\t200\n"
			   "2024-05-01T10:00:10.000000Z\tz\t1\t200\n");
	is_str(r1, "2024-05-01T10:00:10.000000Z\tz\t1\t200\n",
	       "undo before its grade; undo of a missing grade ignored; other card kept");
	free(r1);
	/* The same grade twice with different durations counts once (the
	 * shorter kept, whatever the order). */
	r1 = resolved_text("2024-05-01T10:00:10.000000Z\tx\t3\t900\n"
			   "2024-05-01T10:00:10.000000Z\tx\t3\t100\n");
	is_str(r1, "2024-05-01T10:00:10.000000Z\tx\t3\t100\n", "duplicate grade once");
	free(r1);
}

static char *tmpdir;

static void test_append(void)
{
	char *path = path_join(tmpdir, REVLOG_NAME);
	char *err = NULL;
	struct revlog_entry e = {xstrdup("card-1"), T("2031-06-01T08:00:00.123456Z"),
				 REVLOG_GRADE, 3, 5000, 0, 0};
	ok(revlog_append(path, &e, &err) == 0, "append to a new log (%s)", err ? err : "");
	/* A crash left half a line without its newline: the next record starts
	 * on a line of its own; the half line is reported, never rewritten. */
	int fd = open(path, O_WRONLY | O_APPEND);
	ok(fd >= 0 && write(fd, "2031-06-01T08:00", 16) == 16, "a torn write");
	close(fd);
	struct revlog_entry u = {xstrdup("card-1"), T("2031-06-01T08:00:05Z"), REVLOG_UNDO, 0, 0,
				 e.time, 0};
	ok(revlog_append(path, &u, &err) == 0, "append an undo");
	size_t len;
	char *text = file_read_all(path, &len, NULL);
	is_str(text,
	       "2031-06-01T08:00:00.123456Z\tcard-1\t3\t5000\n"
	       "2031-06-01T08:00\n"
	       "2031-06-01T08:00:05.000000Z\tcard-1\tundo\t2031-06-01T08:00:00.123456Z\n",
	       "the log's lines");
	struct revlog log = REVLOG_INIT;
	struct strvec w = STRVEC_INIT;
	ok(revlog_read(path, &log, &w, &err) == 0 && log.n == 2 && w.n == 1 &&
		   strstr(w.v[0], ":2: "),
	   "read back: two records, the torn line 2 reported");
	revlog_free(&log);
	strvec_free(&w);
	free(text);
	free(e.card);
	free(u.card);

	struct revlog_entry badid = {"no\ttabs", 0, REVLOG_GRADE, 3, 0, 0, 0};
	int r = revlog_append(path, &badid, &err);
	ok(r < 0 && err, "a bad card id is refused: %s", err ? err : "");
	FREE(&err);

	/* Four processes appending at once: every line whole. */
	char *cpath = path_join(tmpdir, "concurrent.log");
	for (int p = 0; p < 4; p++) {
		pid_t pid = fork();
		if (pid == 0) {
			for (int i = 0; i < 200; i++) {
				char *id = xasprintf("p%d-%d", p, i);
				struct revlog_entry x = {id, (int64_t)i * SRS_USEC_PER_SEC + p,
							 REVLOG_GRADE, 1 + i % 4, i, 0, 0};
				if (revlog_append(cpath, &x, NULL) < 0)
					_exit(1);
				free(id);
			}
			_exit(0);
		}
	}
	int all = 1, st;
	while (wait(&st) > 0)
		all &= WIFEXITED(st) && WEXITSTATUS(st) == 0;
	ok(all, "four writers appended 200 records each");
	w = (struct strvec)STRVEC_INIT;
	ok(revlog_read(cpath, &log, &w, NULL) == 0 && log.n == 800 && w.n == 0,
	   "800 whole records, no malformed line (%zu, %zu)", log.n, w.n);
	revlog_free(&log);
	strvec_free(&w);
	free(cpath);

	/* The states as a function of the log: card-1's only grade was undone,
	 * so it is not in the deck; each of the 800 concurrent cards was
	 * graded once, at step 0 or 1 or in Review by its rating. */
	struct srs_params p;
	srs_params_default(&p);
	w = (struct strvec)STRVEC_INIT;
	struct srs_deck *d = srs_deck_load(&p, path, &w, &err);
	ok(d && srs_deck_count(d) == 0 && w.n == 1, "deck of the undone log: empty, one warning");
	srs_deck_free(&d);
	strvec_free(&w);
	cpath = path_join(tmpdir, "concurrent.log");
	d = srs_deck_load(&p, cpath, NULL, &err);
	const struct srs_card *c3 = d ? srs_deck_get(d, "p2-2", false) : NULL; /* rating 3 */
	const struct srs_card *c4 = d ? srs_deck_get(d, "p1-3", false) : NULL; /* rating 4 */
	ok(d && srs_deck_count(d) == 800 && c3 && c3->state == SRS_LEARNING && c3->step == 1 &&
		   c3->due == c3->last_review + 600 * SRS_USEC_PER_SEC && c4 &&
		   c4->state == SRS_REVIEW && c4->due == c4->last_review + 8 * SRS_USEC_PER_DAY,
	   "deck of the concurrent log: 800 cards; Good at step 1 due in 10 min, Easy in 8 days");
	srs_deck_free(&d);
	free(cpath);
	d = srs_deck_load(&p, tmpdir, NULL, &err);
	ok(d == NULL && err, "a directory as the log: %s", err ? err : "");
	FREE(&err);
	int64_t now = srs_time_now();
	ok(now > T("2026-01-01T00:00:00Z") && now < T("2200-01-01T00:00:00Z"), "srs_time_now");

	char *missing = path_join(tmpdir, "missing.log");
	ok(revlog_read(missing, &log, NULL, &err) == 0 && log.n == 0, "a missing log is empty");
	free(missing);
	free(path);
}

static void test_deck(void)
{
	struct srs_deck *d = srs_deck_new();
	for (int i = 0; i < 5000; i++) {
		char *id = xasprintf("c%d", i);
		srs_deck_get(d, id, true)->reps = (uint32_t)i;
		free(id);
	}
	int good = srs_deck_count(d) == 5000;
	for (int i = 0; i < 5000; i++) {
		char *id = xasprintf("c%d", i);
		struct srs_card *c = srs_deck_get(d, id, false);
		good &= c && c->reps == (uint32_t)i;
		const char *at;
		srs_deck_at(d, (size_t)i, &at);
		good &= strcmp(at, id) == 0;
		free(id);
	}
	ok(good, "5000 cards found by id and in insertion order");
	ok(!srs_deck_get(d, "nope", false), "unknown id: NULL");
	ok(srs_deck_get(d, "new", true)->state == SRS_NEW, "created cards are New");
	srs_deck_free(&d);
	ok(d == NULL, "freed and nulled");
}

/* A Review card due in `days` days from a Good graded at `now`: stability
 * = days (with retention 0.9 the interval is the stability, rounded). */
static struct srs_card review_card(double stability, int64_t now)
{
	struct srs_card c = SRS_CARD_NEW;
	c.state = SRS_REVIEW;
	c.step = -1;
	c.stability = stability;
	c.difficulty = 5;
	c.last_review = now - SRS_USEC_PER_DAY / 2; /* same day: short-term S' */
	return c;
}

static void test_fuzz(void)
{
	struct srs_params p;
	srs_params_default(&p);
	int64_t now = T("2030-01-01T12:00:00Z");
	/* Unfuzzed, a Good on a same-day Review card gives
	 * S' = S * max(1, e^(w17 w18) S^-w19) = S * max(1, 1.0507 S^-0.0658)
	 * = S for S >= 3 (for S = 2: 2.0077), so the interval is round(S). */
	struct srs_card c = review_card(10.0, now), out;
	srs_review(&p, &c, SRS_GOOD, now, 1, &out);
	is((out.due - now) / SRS_USEC_PER_DAY, 10, "no fuzz by default: 10 days");

	/* With fuzz, 10 days: delta = 1 + 0.15 (7 - 2.5) + 0.1 (10 - 7) = 1.975,
	 * range round(8.025) .. round(11.975) = 8 .. 12, drawn as
	 * round(u * 5 + 8): 8 .. 13 (13 when u >= 0.9, as in the reference).
	 * 100 days: delta = 1 + 0.675 + 1.3 + 0.05 * 80 = 6.975: 93 .. 107 (108). */
	struct {
		double s;
		int lo, hi;
	} v[] = {{10.0, 8, 13}, {100.0, 93, 108}, {3.0, 2, 5}};
	/* 3 days: delta = 1 + 0.15 * 0.5 = 1.075: round(1.925) = 2 .. round(4.075)
	 * = 4, drawn from 2 .. 5. */
	p.fuzz = true;
	for (size_t k = 0; k < ARRAY_SIZE(v); k++) {
		c = review_card(v[k].s, now);
		int seen[200] = {0}, outside = 0;
		for (uint64_t key = 0; key < 4000; key++) {
			srs_review(&p, &c, SRS_GOOD, now, key * 2654435761u, &out);
			int64_t d = (out.due - now) / SRS_USEC_PER_DAY;
			if (d < v[k].lo || d > v[k].hi || (out.due - now) % SRS_USEC_PER_DAY)
				outside++;
			else
				seen[d]++;
		}
		int all = 1;
		for (int d = v[k].lo; d <= v[k].hi; d++)
			all &= seen[d] > 0;
		ok(outside == 0 && all, "fuzzed %g days: all of %d..%d drawn, nothing else", v[k].s,
		   v[k].lo, v[k].hi);
	}
	/* The same seed, card and time: the same draw; another seed: another
	 * draw for some card. */
	c = review_card(100.0, now);
	struct srs_card o2;
	int same = 1, differ = 0;
	for (uint64_t key = 0; key < 50; key++) {
		srs_review(&p, &c, SRS_GOOD, now, key * 7919, &out);
		srs_review(&p, &c, SRS_GOOD, now, key * 7919, &o2);
		same &= out.due == o2.due;
		p.fuzz_seed = 42;
		srs_review(&p, &c, SRS_GOOD, now, key * 7919, &o2);
		p.fuzz_seed = 0;
		differ |= out.due != o2.due;
	}
	ok(same && differ, "fuzz is a function of seed, card and time");
	/* 2 days (under 2.5) and learning steps are never fuzzed. */
	c = review_card(2.0, now);
	srs_review(&p, &c, SRS_GOOD, now, 5, &out);
	is((out.due - now) / SRS_USEC_PER_DAY, 2, "2 days: not fuzzed");
	struct srs_card n = SRS_CARD_NEW;
	srs_review(&p, &n, SRS_AGAIN, now, 5, &out);
	is(out.due - now, 60 * SRS_USEC_PER_SEC, "a learning step: not fuzzed");
	/* The maximum interval caps the fuzzed interval too. */
	p.maximum_interval = 100;
	c = review_card(100.0, now);
	int capped = 1;
	for (uint64_t key = 0; key < 200; key++) {
		srs_review(&p, &c, SRS_GOOD, now, key, &out);
		capped &= (out.due - now) / SRS_USEC_PER_DAY <= 100;
	}
	ok(capped, "fuzz stays within maximum_interval");
}

static void test_preview(void)
{
	struct srs_params p;
	srs_params_default(&p);
	int64_t now = T("2026-11-29T17:00:00Z");
	struct srs_card n = SRS_CARD_NEW, pv[4], one;
	srs_preview(&p, &n, now, 1, pv);
	int same = 1;
	for (int g = 1; g <= 4; g++) {
		srs_review(&p, &n, (enum srs_rating)g, now, 1, &one);
		same &= memcmp(&one, &pv[g - 1], sizeof one) == 0;
	}
	ok(same, "preview = the review of each grade");
	/* New card: Again 1 min, Hard (1 + 10) / 2 = 5.5 min, Good 10 min,
	 * Easy round(S0(4) = 8.2956) = 8 days. */
	const char *want[] = {"1m", "5.5m", "10m", "8d"};
	for (int g = 0; g < 4; g++) {
		char *l = srs_delay_label(pv[g].due - now);
		is_str(l, want[g], "button %d of a new card", g + 1);
		free(l);
	}
	ok(pv[0].state == SRS_LEARNING && pv[3].state == SRS_REVIEW && pv[3].step == -1,
	   "Again keeps it learning, Easy graduates it");
	ok(n.state == SRS_NEW && n.reps == 0, "the card previewed is unchanged");
	/* Retrievability of a card reviewed 9 days ago with S = 9: by the
	 * definition of FACTOR, R(S, S) = 0.9. */
	struct srs_card c = review_card(9.0, now);
	c.last_review = now - 9 * SRS_USEC_PER_DAY;
	ok(fabs(srs_retrievability(&p, &c, now) - 0.9) < 1e-12, "R after S days is 0.9");
	ok(srs_retrievability(&p, &n, now) == 0, "R of a new card is 0");
}

/* Stability and difficulty in a replay row are printf's %.10g (formatted
 * without printf for speed): compared on a million values across the
 * range, values next to a rounding half, and powers of ten. */
static void test_row_numbers(void)
{
	uint64_t st = 88172645463325252ULL;
	struct buf row = BUF_INIT;
	struct revlog_entry e = {"c", 0, REVLOG_GRADE, 3, 0, 0, 0};
	struct srs_card c = SRS_CARD_NEW;
	c.state = SRS_REVIEW;
	c.step = -1;
	long bad = 0, n = 0;
	char want[64];
	for (long i = 0; i < 1200000; i++) {
		st ^= st << 13, st ^= st >> 7, st ^= st << 17;
		double x;
		if (i < 1000000) /* log-uniform over 1e-6 .. 1e12 */
			x = pow(10, -6 + 18 * ((double)(st >> 11) * 0x1.0p-53));
		else if (i < 1100000) /* d.ddddddddd5 and neighbours */
			x = (1 + (double)(st % 9000000000ULL) / 1e9 + 5e-10) *
			    pow(10, (int)(st % 14) - 5) * (1 + ((int)(i % 3) - 1) * 1e-16);
		else
			x = pow(10, (int)(i % 20) - 8) * (1 + ((int)(i % 5) - 2) * 2.3e-16);
		c.stability = x;
		c.difficulty = 1 + 9 * ((double)(st & 0xFFFFF) / 0x100000);
		buf_reset(&row);
		srs_replay_row(&e, &c, &row);
		snprintf(want, sizeof want, ",%.10g,%.10g,", c.stability, c.difficulty);
		n++;
		if (!strstr(buf_str(&row), want) && bad++ < 5)
			printf("# %.17g: %s", x, buf_str(&row));
	}
	ok(bad == 0, "stability and difficulty as %%.10g: %ld of %ld differ", bad, n);
	buf_reset(&row);
	c.step = 1;
	c.state = SRS_LEARNING;
	c.stability = 0.212;
	c.difficulty = 6.4133;
	e.time = T("2024-03-29T20:32:32.250000Z");
	c.due = e.time + 60 * SRS_USEC_PER_SEC;
	srs_replay_row(&e, &c, &row);
	is_str(buf_str(&row),
	       "c,3,2024-03-29T20:32:32.250000+00:00,1,1,0.212,6.4133,2024-03-29T20:33:32.250000+00:00\n",
	       "a row as the reference prints it");
	buf_free(&row);
}

static int params_from(const char *text, struct srs_params *p, char **err)
{
	struct config *c = NULL;
	if (config_parse("cfg", text, strlen(text), &c, err) < 0)
		return -2;
	int r = srs_params_load(c, "/home/u/.config/quire/config", p, err);
	config_free(&c);
	return r;
}

static void test_params(void)
{
	struct srs_params p;
	char *err = NULL;
	ok(params_from("", &p, &err) == 0 && p.desired_retention == 0.9 && p.n_learning == 2 &&
		   p.learning_steps[1] == 600 && p.w[20] == 0.1542 && !p.fuzz,
	   "no [srs]: the defaults");
	ok(params_from("[srs]\ndesired_retention = 0.85\nlearning_steps = 30s, 2h 1d\n"
		       "relearning_steps =\nfuzz = on\nfuzz_seed = 7\nmaximum_interval = 365\n",
		       &p, &err) == 0 &&
		   p.desired_retention == 0.85 && p.n_learning == 3 && p.learning_steps[0] == 30 &&
		   p.learning_steps[1] == 7200 && p.learning_steps[2] == 86400 &&
		   p.n_relearning == 0 && p.fuzz && p.fuzz_seed == 7 && p.maximum_interval == 365,
	   "every key read");
	struct buf b = BUF_INIT;
	srs_params_print(&p, &b);
	ok(strstr(buf_str(&b), "learning_steps = 30s 2h 1d\n") &&
		   strstr(buf_str(&b), "desired_retention = 0.85\n") &&
		   strstr(buf_str(&b), "parameters = 0.212, 1.2931, 2.3065,") &&
		   strstr(buf_str(&b), "fuzz = on\n"),
	   "printed back");
	/* What params prints reads back as the same settings. */
	struct srs_params q;
	char *text = buf_detach(&b);
	ok(params_from(text, &q, &err) == 0 && memcmp(&p, &q, sizeof p) == 0,
	   "printed settings read back the same");
	free(text);

	struct {
		const char *text, *want;
	} bad[] = {
		{"[srs]\ndesired_retention = 1.5\n", "[srs] desired_retention = 1.5: expected a number between 0 and 1"},
		{"[srs]\ndesired_retention = 0,9\n", "[srs] desired_retention = 0,9:"},
		{"[srs]\nparameters = 1, 2, 3\n", "expected the 21 FSRS-6 parameters, found 3"},
		{"[srs]\nparameters = 0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.9\n",
		 "parameter 20 (counting from 0) is 0.9, outside [0.1, 0.8]"},
		{"[srs]\nparameters = 0.212 x\n", "x is not a number"},
		{"[srs]\nlearning_steps = 10x\n", "[srs] learning_steps = 10x:"},
		{"[srs]\nrelearning_steps = 0m\n", "[srs] relearning_steps = 0m:"},
		{"[srs]\nmaximum_interval = 0\n", "[srs] maximum_interval = 0: expected a number of days"},
		{"[srs]\nfuzz = maybe\n", "[srs] fuzz = maybe: expected on or off"},
		{"[srs]\nfuzz_seed = -1\n", "[srs] fuzz_seed = -1:"},
		{"[srs]\nnew_per_day = -3\n", "[srs] new_per_day = -3: expected a whole number"},
		{"[srs]\nnew_per_day = 20x\n", "[srs] new_per_day = 20x:"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		int r = params_from(bad[i].text, &p, &err);
		ok(r == -1 && err && str_starts_with(err, "/home/u/.config/quire/config: ") &&
			   strstr(err, bad[i].want),
		   "refused, naming file and key: %s", err ? err : "(none)");
		FREE(&err);
	}
}

int main(void)
{
	char tmpl[] = "/tmp/quire-study.XXXXXX";
	tmpdir = mkdtemp(tmpl);
	if (!tmpdir)
		return 1;
	test_times();
	test_labels();
	test_log_parse();
	test_resolve();
	test_append();
	test_deck();
	test_fuzz();
	test_preview();
	test_params();
	test_row_numbers();
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", tmpdir);
	free(cmd);
	return done_testing();
}
