/* study: flashcards and their spaced-repetition scheduling (FSRS-6, as the
 * open-spaced-repetition reference scheduler computes it), the review log
 * the schedule is replayed from, review sessions and statistics. Depends
 * on util, and on lib for a library's notes and knowledge sections
 * (collection.c).
 *
 * The pieces, for the review view, the cards and the statistics:
 *  - srs_review(): a pure scheduler, card state + rating + time -> new state
 *    and due; srs_preview() gives what each grade would do (the buttons);
 *  - revlog_*: reviews.log in the library directory, read, appended, and
 *    resolved (sorted by time, duplicates once, undone grades dropped);
 *  - srs_deck + srs_replay(): per-card states as a pure function of a log;
 *  - cards_parse/cards_generate: cards written by hand and made from
 *    knowledge sections; study_open: a library's cards with their states;
 *    study_session_*: a review; study_stats_render: the statistics.
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
	int new_per_day;                         /* new cards a day in a review (20) */
};

/* The reference's defaults, fuzz off. */
void srs_params_default(struct srs_params *p);

/* Defaults overridden by the [srs] section of c (NULL: none): keys
 * desired_retention, parameters (21 numbers), learning_steps,
 * relearning_steps (e.g. "1m 10m"; units s, m, h, d; a bare number is
 * minutes), maximum_interval, fuzz (on/off), fuzz_seed, new_per_day. Returns 0, or -1
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

/* ---- Cards (cards.c, cardgen.c) ----
 *
 * Hand-written cards, in cards/NAME.md and anywhere in notes/KEY.md:
 *	Q: question (more lines until A:)
 *	A: answer (more lines until a blank line)
 *	C: a cloze with [gaps] in brackets, one card per gap
 *	term :: definition      (a space on at least one side of ::)
 * and cards generated from knowledge sections (cards_generate). A card's
 * id is a hash of its normalised front and back (CARD_ID_LEN hex digits):
 * the same card anywhere has the same id. */

#define CARD_ID_LEN 12

enum card_kind { CARD_QA, CARD_CLOZE, CARD_TERM, CARD_TABLE };

/* "qa", "cloze", "term", "table". */
const char *card_kind_name(enum card_kind k);

struct card {
	char *id;      /* CARD_ID_LEN hex digits */
	enum card_kind kind;
	char *front;   /* a cloze's text with its gap shown as [...] */
	char *back;    /* a cloze's gap */
	char *topic;   /* topic path, "" when none */
	char *context; /* heading path shown with the card, "" when none */
	char *file;    /* relative to the library directory */
	int line;
};

struct card_set {
	struct card *v;
	size_t n, cap;
	struct srs_deck *ids; /* the ids in v, for card_set_add */
};
#define CARD_SET_INIT {NULL, 0, 0, NULL}

void card_set_free(struct card_set *s);
/* Add a card (copies of the strings; the id is computed). A card whose id
 * is already in s is left out, and false returned. */
bool card_set_add(struct card_set *s, enum card_kind kind, const char *front, const char *back,
		  const char *topic, const char *context, const char *file, int line);

/* The id of a card: a hash of its front and back with Markdown emphasis
 * dropped, letters lower-cased and white space squeezed. Caller frees. */
char *card_id_make(const char *front, const char *back);
/* The normalised text the id is computed from. Caller frees. */
char *card_text_normalise(const char *front, const char *back);

/* Parse hand-written cards from len bytes of Markdown read from file (the
 * name cards get and messages use; its path in the library); topic is
 * the cards' topic. Fenced code is skipped. A malformed block is left out
 * and reported in warnings as "FILE:LINE: problem". Returns the number of
 * malformed blocks. */
size_t cards_parse(const char *file, const char *text, size_t len, const char *topic,
		   struct card_set *out, struct strvec *warnings);

/* Cards generated from a knowledge section (topic, title, body): definition
 * tables, bold-term bullets, numbered stage lists, italic terms defined in a
 * sentence (clozes), "Q: ... A. ..." lines and formulas. file is the list's
 * path in the library and first_line the line of the body's first line in
 * it. Fragments that mean nothing alone are skipped. */
void cards_generate(const char *topic, const char *title, const char *body, const char *file,
		    int first_line, struct card_set *out);

/* ---- A library's cards and their states (collection.c, state.c) ----
 *
 * cards.state in the library directory records what is not a grade, one
 * line each, appended and fsynced like reviews.log (merge=union):
 *	TIME	CARD	suspend | unsuspend | bury | unbury
 *	TIME	OLD	alias	NEW     NEW (an edit of OLD) inherits OLD's history
 * A buried card comes back at the next local midnight. The last record of a
 * card wins, in time order. */

#define CARDSTATE_NAME "cards.state"
#define CARDS_DIR "cards"

enum cardstate_verb { CS_SUSPEND, CS_UNSUSPEND, CS_BURY, CS_UNBURY, CS_ALIAS };

/* Append one record to the cards.state at path (arg: NEW for CS_ALIAS).
 * Returns 0 or -1 with *errp set. */
int cardstate_append(const char *path, int64_t time, const char *card, enum cardstate_verb verb,
		     const char *arg, char **errp);

struct library;

struct study_card {
	struct srs_card s;     /* from the log */
	bool suspended;
	int64_t buried_until;  /* 0: not buried */
	int64_t first_review;  /* 0: never reviewed */
};

struct study {
	struct card_set cards;
	struct study_card *st; /* st[i] belongs to cards.v[i] */
	struct srs_params p;
	struct revlog log;     /* resolved grades, ids after aliases */
	char *dir, *log_path, *state_path;
	int64_t now;
	size_t n_inherited;    /* edits that inherited a history in this load */
	bool states_cached;    /* the states came from the index, not a replay */
	uint32_t *slots;       /* id -> index + 1 */
	size_t n_slots;
};

/* Load every card of the library (cards/NAME.md, notes/KEY.md and the knowledge
 * sections of its lists) and their states as of `now`: the log replayed
 * (after aliases), suspensions and burials. A new card without history
 * found where a card with history was (same file and heading path, at
 * least half its words in common) while that one is gone inherits its
 * history: an alias record is appended to cards.state. The cards seen are
 * remembered in the cache directory for this. Malformed card blocks and
 * log lines are reported in warnings. Returns 0 with *out (free with
 * study_free), or -1 with *errp set. */
int study_open(struct library *lib, const struct srs_params *p, int64_t now, struct study **out,
	       struct strvec *warnings, char **errp);
void study_free(struct study **sp);
/* The index of the card with this id, or -1. */
long study_find(const struct study *s, const char *id);
/* Is card i due at s->now (learning, relearning or review, due by now;
 * not suspended or buried)? New cards are not "due". */
bool study_is_due(const struct study *s, size_t i);
/* The start of the local day containing t. */
int64_t study_day_start(int64_t t);
/* $QUIRE_NOW (an ISO-8601 UTC time, for tests) or the clock. */
int64_t study_now(void);

/* ---- A review session (session.c) ---- */

struct study_session;

/* The cards to review at now: learning and relearning cards due within
 * 20 minutes, by due time; then review cards due, by due time; then new
 * cards, up to p.new_per_day less those first reviewed today. Borrows st. */
struct study_session *study_session_start(struct study *st, int64_t now);
void study_session_free(struct study_session **sp);
/* The card to show (its index in st->cards in *idx), or NULL when done. */
const struct card *study_session_card(const struct study_session *s, size_t *idx);
/* Cards left in the queue, the current one included. */
size_t study_session_left(const struct study_session *s);
/* The state the current card would have after each grade at now. */
void study_session_preview(const struct study_session *s, int64_t now, struct srs_card out[4]);
/* "Again 1m", "Hard 6m", "Good 10m", "Easy 8d" for the current card. */
char *study_session_button(const struct study_session *s, int64_t now, int rating);
/* Mark the current card shown at now (for the answer's duration). */
void study_session_shown(struct study_session *s, int64_t now);
/* Grade the current card: a line appended to reviews.log, the card
 * rescheduled (shown again in this session when due within 20 minutes).
 * Returns 0 or -1 with *errp set (nothing changed). */
int study_session_grade(struct study_session *s, int rating, int64_t now, char **errp);
/* Undo the last grade: an undo line appended to reviews.log, the card back
 * to its state before and shown again. Returns 1 when there is nothing to
 * undo, 0, or -1 with *errp set. */
int study_session_undo(struct study_session *s, int64_t now, char **errp);
/* Suspend (until unsuspended) or bury (until tomorrow) the current card:
 * recorded in cards.state, and the card leaves the session. */
int study_session_put_aside(struct study_session *s, bool bury, int64_t now, char **errp);
/* Replace the study after the cards were edited: the session keeps its
 * counts and goes on with the cards still due. */
void study_session_reload(struct study_session *s, struct study *st, int64_t now);
/* The summary: cards, time, ratings and retention, a few lines. */
void study_session_summary(const struct study_session *s, int64_t now, struct buf *out);

/* Open path in $VISUAL, else $EDITOR, else vi (its words as the argument
 * vector, no shell; +LINE for editors known to take it) and wait for it.
 * The caller suspends curses around it. Returns 0 or -1 with *errp set. */
int study_edit(const char *path, int line, char **errp);

/* ---- Statistics (stats.c) ---- */

/* The statistics of st at st->now, as lines of text within 80 columns
 * (width is for later layouts):
 * reviews a day over the last year (a calendar heat map), the due forecast
 * for 30 days (a bar chart), true retention a week, and the cards by
 * state. Charts use Unicode block characters; the levels of the heat map
 * are ·░▒▓█ so that they read without colour. */
void study_stats_render(const struct study *st, int width, struct strvec *out);

#endif
