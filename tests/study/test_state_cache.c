/* The card states cached in the index: a second load takes them from
 * SQLite (shown by a value planted in the cache coming back), and any
 * change to what they depend on (a grade appended, the parameters, the
 * cards) replays the log again and replaces the cache. */
#include "config.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/lib.h"
#include "study/study.h"
#include "tap.h"
#include "util/util.h"

static char *dir, *cache;

static struct study *load(const struct srs_params *p)
{
	struct library *lib = NULL;
	struct study *s = NULL;
	char *err = NULL;
	if (library_open(dir, &lib, &err) < 0) {
		printf("# %s\n", err);
		free(err);
		return NULL;
	}
	struct strvec warnings = STRVEC_INIT;
	if (study_open(lib, p, INT64_C(1800000000) * SRS_USEC_PER_SEC, &s, &warnings, &err) < 0) {
		printf("# %s\n", err);
		free(err);
	}
	for (size_t i = 0; i < warnings.n; i++)
		printf("# warning: %s\n", warnings.v[i]);
	strvec_free(&warnings);
	library_close(&lib);
	return s;
}

static const struct study_card *card(const struct study *s, const char *front)
{
	for (size_t i = 0; s && i < s->cards.n; i++)
		if (strcmp(s->cards.v[i].front, front) == 0)
			return &s->st[i];
	return NULL;
}

static void grade(const struct study *s, const char *front, const char *when, int rating)
{
	long i = -1;
	for (size_t k = 0; k < s->cards.n; k++)
		if (strcmp(s->cards.v[k].front, front) == 0)
			i = (long)k;
	int64_t t = 0;
	const char *why;
	srs_time_parse(when, strlen(when), &t, &why);
	struct revlog_entry e = {s->cards.v[i].id, t, REVLOG_GRADE, rating, 1000, 0, 0};
	char *err = NULL;
	if (revlog_append(s->log_path, &e, &err) < 0)
		printf("# %s\n", err);
	free(err);
}

static void sql(const char *stmt)
{
	char *path = path_join(cache, "index.sqlite");
	sqlite3 *db;
	if (sqlite3_open(path, &db) != SQLITE_OK || sqlite3_exec(db, stmt, NULL, NULL, NULL) != SQLITE_OK)
		printf("# %s: %s\n", stmt, sqlite3_errmsg(db));
	sqlite3_close(db);
	free(path);
}

static bool same_card(const struct study_card *a, const struct study_card *b)
{
	return a && b && a->s.state == b->s.state && a->s.step == b->s.step &&
	       a->s.stability == b->s.stability && a->s.difficulty == b->s.difficulty &&
	       a->s.due == b->s.due && a->s.last_review == b->s.last_review &&
	       a->s.reps == b->s.reps && a->s.lapses == b->s.lapses &&
	       a->first_review == b->first_review;
}

int main(void)
{
	char tmpl[] = "/tmp/quire-state-cache.XXXXXX";
	char *top = mkdtemp(tmpl);
	if (!top)
		return 1;
	dir = path_join(top, "lib");
	cache = path_join(top, "cache");
	setenv("QUIRE_CACHE_DIR", cache, 1);
	char *cards_dir = path_join(dir, "cards");
	mkdir_p(cards_dir, NULL);
	char *cards = path_join(cards_dir, "deck.md");
	const char *text = "Q: one\nA: 1\n\nQ: two\nA: 2\n\nQ: three\nA: 3\n";
	file_write_atomic(cards, text, strlen(text), NULL);

	struct srs_params p;
	srs_params_default(&p);
	struct study *s = load(&p);
	ok(s && s->cards.n == 3, "three cards");
	if (!s)
		return done_testing();
	grade(s, "one", "2026-01-01T10:00:00Z", SRS_GOOD);
	grade(s, "one", "2026-01-03T10:00:00Z", SRS_GOOD);
	grade(s, "two", "2026-01-01T10:05:00Z", SRS_AGAIN);
	study_free(&s);

	struct study *first = load(&p);
	ok(first && !first->states_cached, "the first load after new grades replays the log");
	const struct study_card *one = card(first, "one");
	ok(one && one->s.state == SRS_REVIEW && one->s.reps == 2, "card one reviewed twice: %d",
	   one ? (int)one->s.reps : -1);
	struct study *second = load(&p);
	ok(second && second->states_cached, "the second load takes the states from the index");
	bool all = second != NULL;
	for (size_t i = 0; all && i < 3; i++)
		all = same_card(&first->st[i], card(second, first->cards.v[i].front));
	ok(all, "the cached states equal the replayed ones, field by field");
	study_free(&second);

	/* a value planted in the cache comes back: the states are read from it */
	sql("UPDATE card_states SET stability = 123.5 WHERE lapses = 0 AND reps = 2");
	s = load(&p);
	ok(s && s->states_cached && card(s, "one")->s.stability == 123.5,
	   "the states come from SQLite (planted stability read back)");
	study_free(&s);

	/* a grade appended makes the cache stale */
	grade(first, "three", "2026-01-04T09:00:00Z", SRS_EASY);
	s = load(&p);
	ok(s && !s->states_cached, "a new grade: replayed again");
	ok(s && card(s, "one")->s.stability == one->s.stability,
	   "the planted value is gone after the replay");
	ok(s && card(s, "three")->s.state == SRS_REVIEW, "the new grade counts");
	study_free(&s);
	s = load(&p);
	ok(s && s->states_cached, "and cached again");
	study_free(&s);

	/* other parameters: stale */
	struct srs_params q = p;
	q.desired_retention = 0.8;
	s = load(&q);
	ok(s && !s->states_cached, "other parameters: replayed");
	study_free(&s);

	/* another card: stale */
	const char *more = "Q: one\nA: 1\n\nQ: two\nA: 2\n\nQ: three\nA: 3\n\nQ: four\nA: 4\n";
	file_write_atomic(cards, more, strlen(more), NULL);
	s = load(&p);
	ok(s && !s->states_cached && s->cards.n == 4, "a card added: replayed");
	study_free(&s);

	/* a damaged cache row set, a fingerprint that does not match, no cache */
	sql("UPDATE meta SET value = 'v1:garbage' WHERE key = 'card_states'");
	s = load(&p);
	ok(s && !s->states_cached && same_card(card(s, "one"), one),
	   "a foreign fingerprint: replayed, same states");
	study_free(&s);
	sql("DROP TABLE card_states");
	s = load(&p);
	ok(s && !s->states_cached && same_card(card(s, "one"), one),
	   "the cache table gone: replayed, same states");
	study_free(&s);

	study_free(&first);
	free(cards);
	free(cards_dir);
	char *cmd = xasprintf("rm -rf '%s'", top);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", top);
	free(cmd);
	free(dir);
	free(cache);
	return done_testing();
}
