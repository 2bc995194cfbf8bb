/* Fuzz target for the review-log parsers: the CSV form and reviews.log on
 * arbitrary bytes, then resolving and replaying what they accept (with and
 * without fuzz), checking the invariants of every state. Built with
 * -fsanitize=fuzzer when CC is clang; fuzz_replay.c runs the same target
 * over a corpus and deterministic mutations with any compiler. */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "study/study.h"
#include "util/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool cond)
{
	if (!cond)
		abort();
}

static void check_state(void *ctx, const struct revlog_entry *e, const struct srs_card *c)
{
	UNUSED(ctx);
	check(c->state >= SRS_LEARNING && c->state <= SRS_RELEARNING);
	check((c->state == SRS_REVIEW) == (c->step < 0));
	check(isfinite(c->stability) && c->stability >= 0.001);
	check(c->difficulty >= 1 && c->difficulty <= 10);
	check(c->due > e->time && c->last_review == e->time);
	check(c->due - e->time <= 36500 * SRS_USEC_PER_DAY);
}

static void replay(const struct revlog *log)
{
	struct srs_params p;
	srs_params_default(&p);
	for (int fuzz = 0; fuzz < 2; fuzz++) {
		p.fuzz = fuzz;
		struct srs_deck *d = srs_deck_new();
		srs_replay(&p, log, d, check_state, NULL);
		size_t n = srs_deck_count(d);
		for (size_t i = 0; i < n; i++) {
			const char *id;
			const struct srs_card *c = srs_deck_at(d, i, &id);
			check(srs_deck_get(d, id, false) == c);
		}
		srs_deck_free(&d);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct strvec w = STRVEC_INIT;
	struct revlog log = REVLOG_INIT;
	char *err = NULL;
	long bad = srs_csv_parse("fuzz.csv", text, size, &log, &w, &err);
	check(bad < 0 ? err != NULL && log.n == 0 : (size_t)bad == w.n);
	free(err);
	for (size_t i = 0; i < log.n; i++)
		check(srs_card_id_valid(log.v[i].card, strlen(log.v[i].card)) &&
		      log.v[i].rating >= 1 && log.v[i].rating <= 4);
	replay(&log);
	revlog_free(&log);
	strvec_free(&w);

	size_t nbad = revlog_parse("reviews.log", text, size, &log, &w);
	check(nbad == w.n);
	revlog_resolve(&log);
	/* What the resolved log holds formats into lines that parse back. */
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < log.n; i++) {
		check(log.v[i].kind == REVLOG_GRADE);
		check(i == 0 || log.v[i - 1].time <= log.v[i].time);
		revlog_format(&log.v[i], &b);
		buf_addc(&b, '\n');
	}
	struct revlog again = REVLOG_INIT;
	check(revlog_parse("again", buf_str(&b), b.len, &again, NULL) == 0 && again.n == log.n);
	for (size_t i = 0; i < log.n; i++)
		check(again.v[i].time == log.v[i].time && strcmp(again.v[i].card, log.v[i].card) == 0);
	revlog_free(&again);
	buf_free(&b);
	replay(&log);
	revlog_free(&log);
	strvec_free(&w);

	/* Times: whatever parses formats back to an equal time. */
	int64_t t;
	const char *why;
	if (srs_time_parse(text, size, &t, &why) == 0) {
		struct buf s = BUF_INIT;
		srs_time_format(t, &s);
		int64_t t2;
		check(srs_time_parse(s.data, s.len, &t2, &why) == 0 && t2 == t);
		buf_free(&s);
	}
	return 0;
}
