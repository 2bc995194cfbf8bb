/* study: spaced-repetition scheduling (FSRS-6, as the open-spaced-repetition
 * reference scheduler computes it) and the review log the schedule is
 * replayed from. Depends on util only.
 *
 * The pieces, for the review view, the cards and the statistics:
 *  - srs_review(): a pure scheduler, card state + rating + time -> new state
 *    and due; srs_preview() gives what each grade would do (the buttons);
 *  - revlog_*: reviews.log in the library directory, read, appended, and
 *    resolved (sorted by time, duplicates once, undone grades dropped);
 *  - srs_deck + srs_replay(): per-card states as a pure function of a log.
 *
 * Times are microseconds since 1970-01-01 00:00 UTC (int64_t), so dates far
 * beyond 2038 and microsecond timestamps are exact. */
#ifndef QUIRE_STUDY_H
#define QUIRE_STUDY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;
struct config;
struct strvec;

#define SRS_USEC_PER_SEC INT64_C(1000000)
#define SRS_USEC_PER_DAY (INT64_C(86400) * SRS_USEC_PER_SEC)

enum srs_rating { SRS_AGAIN = 1, SRS_HARD = 2, SRS_GOOD = 3, SRS_EASY = 4 };
/* The reference's states (1-3), and New for a card never reviewed (which
 * the reference counts as Learning at step 0 with no stability). */
enum srs_state { SRS_NEW = 0, SRS_LEARNING = 1, SRS_REVIEW = 2, SRS_RELEARNING = 3 };

/* ---- Settings: [srs] in the config file ---- */

#define SRS_N_WEIGHTS 21
#define SRS_MAX_STEPS 16

struct srs_params {
	double w[SRS_N_WEIGHTS];
	double desired_retention;
	int64_t learning_steps[SRS_MAX_STEPS];   /* seconds */
	int64_t relearning_steps[SRS_MAX_STEPS]; /* seconds */
	int n_learning, n_relearning;
	int maximum_interval;                    /* days */
	bool fuzz;                               /* off by default */
	uint64_t fuzz_seed;
};

/* The reference's defaults, fuzz off. */
void srs_params_default(struct srs_params *p);

/* Defaults overridden by the [srs] section of c (NULL: none): keys
 * desired_retention, parameters (21 numbers), learning_steps,
 * relearning_steps (e.g. "1m 10m"; units s, m, h, d; a bare number is
 * minutes), maximum_interval, fuzz (on/off), fuzz_seed. Returns 0, or -1
 * with *errp naming file (the config's path), key and problem. */
int srs_params_load(const struct config *c, const char *file, struct srs_params *p,
		    char **errp);

/* Append p to out as the [srs] section of a config file. */
void srs_params_print(const struct srs_params *p, struct buf *out);

/* ---- The scheduler ---- */

struct srs_card {
	enum srs_state state;
	int step;                     /* learning/relearning step; -1 in Review */
	double stability, difficulty; /* 0 while New */
	int64_t due, last_review;     /* 0 while New */
	uint32_t reps, lapses;        /* reviews; Again in Review */
};
#define SRS_CARD_NEW {SRS_NEW, 0, 0.0, 0.0, 0, 0, 0, 0}

/* The card after being graded `rating` at time `now`: a pure function.
 * fuzz_key (srs_card_key of its id) and p->fuzz_seed choose the fuzz, when
 * p->fuzz is on, so replaying a log always gives the same schedule. */
void srs_review(const struct srs_params *p, const struct srs_card *card, enum srs_rating rating,
		int64_t now, uint64_t fuzz_key, struct srs_card *out);

/* What each grade would give at `now`: out[rating - 1]; the delay a
 * button shows is out[i].due - now. */
void srs_preview(const struct srs_params *p, const struct srs_card *card, int64_t now,
		 uint64_t fuzz_key, struct srs_card out[4]);

/* Probability of recall at `now` (0 for a New card). */
double srs_retrievability(const struct srs_params *p, const struct srs_card *card, int64_t now);

/* The interval in days for a stability, before fuzz. */
int srs_interval_days(const struct srs_params *p, double stability);

/* A hash of a card's id, the fuzz_key of srs_review. */
uint64_t srs_card_key(const char *id);

/* A short label for a delay, as review buttons show it: "1m", "5.5m",
 * "4d", "3.2mo", "1.5y". Caller frees. */
char *srs_delay_label(int64_t usec);

/* ---- Times ---- */

/* Parse an ISO-8601 UTC time, YYYY-MM-DD[T ]HH:MM:SS[.ffffff] followed by
 * Z or +00:00 (or +0000, -00:00), years 1-9999, into *out. Returns 0, or
 * -1 with *why a static English reason (translate with _()). */
int srs_time_parse(const char *s, size_t len, int64_t *out, const char **why);

/* The current time (CLOCK_REALTIME). */
int64_t srs_time_now(void);

/* Append t as the reference prints it: 2024-03-29T20:32:32.250000+00:00,
 * the fraction left out when it is zero. */
void srs_time_format(int64_t t, struct buf *out);

/* ---- The review log: reviews.log in the library directory ----
 *
 * UTF-8 text, one record per line, fields separated by one tab:
 *	TIME	CARD	RATING	DURATION_MS   a grade (RATING 1-4)
 *	TIME	CARD	undo	GRADE_TIME    cancels CARD's grade at GRADE_TIME
 * TIME: UTC with microseconds, 2026-11-29T17:13:16.123456Z. CARD: 1-128
 * characters of A-Z a-z 0-9 . _ : / + = -. DURATION_MS: the time taken to
 * answer, in milliseconds (- when unknown). Lines starting with # and
 * empty lines are ignored. */

#define REVLOG_NAME "reviews.log"
#define REVLOG_MAX ((size_t)1 << 30)
#define SRS_CARD_ID_MAX 128

enum revlog_kind { REVLOG_GRADE, REVLOG_UNDO };

struct revlog_entry {
	char *card;          /* owned */
	int64_t time;
	enum revlog_kind kind;
	int rating;          /* GRADE: 1-4 */
	int64_t duration_ms; /* GRADE: -1 when unknown */
	int64_t target;      /* UNDO: the time of the grade it cancels */
	int line;            /* line in the file read, 0 otherwise */
};

struct revlog {
	struct revlog_entry *v;
	size_t n, cap;
};
#define REVLOG_INIT {NULL, 0, 0}

/* Is s (n bytes) a valid card id? */
bool srs_card_id_valid(const char *s, size_t n);

/* Parse a log's text; name is used in messages. Malformed lines are
 * skipped, each reported in warnings as "NAME:LINE: problem". Returns the
 * number of malformed lines. Entries are appended to out in file order. */
size_t revlog_parse(const char *name, const char *text, size_t len, struct revlog *out,
		    struct strvec *warnings);

/* Read and parse the log at path; a missing file is an empty log. Returns
 * 0, or -1 with *errp set when the file cannot be read. */
int revlog_read(const char *path, struct revlog *out, struct strvec *warnings, char **errp);

/* Append e's line (without newline) to out. */
void revlog_format(const struct revlog_entry *e, struct buf *out);

/* Append one record to the log at path (created 0644 when missing) with
 * one write(2) on an O_APPEND descriptor, then fsync: concurrent writers
 * never interleave within a line. A last line left without its newline
 * (a crash mid-write) is ended first. Returns 0 or -1 with *errp set. */
int revlog_append(const char *path, const struct revlog_entry *e, char **errp);

/* Bring a log read from one or more machines to its meaning: sorted by
 * time (then card, then rating), identical records once, grades cancelled
 * by an undo dropped, undo records removed. Only grades remain. */
void revlog_resolve(struct revlog *log);

void revlog_free(struct revlog *log);

/* Parse a review log in the reference's CSV form: a header naming the
 * columns card_id, review_rating, review_time and optionally
 * review_duration (any order, other columns ignored), then one review a
 * line. Malformed rows are reported in warnings ("NAME:LINE: problem") and
 * skipped. Returns the number of malformed rows, or -1 with *errp set when
 * the header is missing or lacks a column. */
long srs_csv_parse(const char *name, const char *text, size_t len, struct revlog *out,
		   struct strvec *warnings, char **errp);

/* ---- Card states ---- */

/* A table of card id -> state, in the order cards were first seen. */
struct srs_deck;

struct srs_deck *srs_deck_new(void);
void srs_deck_free(struct srs_deck **dp);
/* The state of card id (NULL when unknown, or a New card added when
 * create). Owned by the deck, valid until the next insertion. */
struct srs_card *srs_deck_get(struct srs_deck *d, const char *id, bool create);
size_t srs_deck_count(const struct srs_deck *d);
/* The i-th card (insertion order): its id in *id, owned by the deck. */
const struct srs_card *srs_deck_at(const struct srs_deck *d, size_t i, const char **id);

/* Called for each review replayed, with the card's new state. */
typedef void srs_replay_fn(void *ctx, const struct revlog_entry *e, const struct srs_card *c);

/* Grade every entry of log in order (the caller resolves a reviews.log
 * first) into deck; each card starts New. cb may be NULL. */
void srs_replay(const struct srs_params *p, const struct revlog *log, struct srs_deck *deck,
		srs_replay_fn *cb, void *ctx);

/* The states of every card in the review log at log_path (a reviews.log;
 * missing: no reviews), replayed with p after resolving it: the state of
 * the cards as a pure function of the log. Malformed lines are reported in
 * warnings. Returns a new deck (free with srs_deck_free), or NULL with
 * *errp set when the log cannot be read. */
struct srs_deck *srs_deck_load(const struct srs_params *p, const char *log_path,
			       struct strvec *warnings, char **errp);

/* The header of a replay's output, and one row of it: what the reference
 * prints for review e leaving the card in state c (the step empty in
 * Review, stability and difficulty as %.10g in the C locale, times as
 * srs_time_format). */
#define SRS_REPLAY_HEADER "card_id,review_rating,review_time,state,step,stability,difficulty,due\n"
void srs_replay_row(const struct revlog_entry *e, const struct srs_card *c, struct buf *out);

#endif
