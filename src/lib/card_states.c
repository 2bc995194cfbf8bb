/* card_states.c: the flashcards' states cached in the index. src/study
 * replays reviews.log into them; the rows and the fingerprint of the inputs
 * they came from are written in one transaction, so a reader sees either
 * the old states with the old fingerprint or the new with the new. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/private.h"

#define FINGERPRINT_KEY "card_states"

static int load_rows(struct library *lib, library_card_state_fn *fn, void *ctx, char **errp)
{
	sqlite3_stmt *st = store_prepare(lib,
		"SELECT id, state, step, stability, difficulty, due, last_review, reps, lapses,"
		" first_review FROM card_states", errp);
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		if (!id)
			continue;
		struct library_card_state row = {
			.id = id,
			.state = sqlite3_column_int(st, 1),
			.step = sqlite3_column_int(st, 2),
			.stability = sqlite3_column_double(st, 3),
			.difficulty = sqlite3_column_double(st, 4),
			.due = sqlite3_column_int64(st, 5),
			.last_review = sqlite3_column_int64(st, 6),
			.reps = (unsigned)sqlite3_column_int64(st, 7),
			.lapses = (unsigned)sqlite3_column_int64(st, 8),
			.first_review = sqlite3_column_int64(st, 9),
		};
		fn(ctx, &row);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : store_error(lib, errp, "read card states");
}

int library_card_states_load(struct library *lib, const char *fingerprint,
			     library_card_state_fn *fn, void *ctx, char **errp)
{
	if (!lib->db)
		return 0;
	if (store_exec(lib, "BEGIN", errp) < 0)
		return -1;
	sqlite3_stmt *st =
		store_prepare(lib, "SELECT value FROM meta WHERE key = '" FINGERPRINT_KEY "'", errp);
	int r = st ? 0 : -1;
	if (st) {
		int rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			const char *v = (const char *)sqlite3_column_text(st, 0);
			r = v && strcmp(v, fingerprint) == 0;
		} else if (rc != SQLITE_DONE) {
			r = store_error(lib, errp, "read card states");
		}
		sqlite3_finalize(st);
	}
	if (r == 1 && load_rows(lib, fn, ctx, errp) < 0)
		r = -1;
	sqlite3_exec(lib->db, "COMMIT", NULL, NULL, NULL);
	return r;
}

static int store_rows(struct library *lib, const char *fingerprint,
		      const struct library_card_state *rows, size_t n, char **errp)
{
	sqlite3_stmt *put = store_prepare(lib,
		"INSERT OR REPLACE INTO card_states(id, state, step, stability, difficulty, due,"
		" last_review, reps, lapses, first_review) VALUES(?,?,?,?,?,?,?,?,?,?)", errp);
	if (!put)
		return -1;
	int r = 0;
	for (size_t i = 0; r == 0 && i < n; i++) {
		const struct library_card_state *c = &rows[i];
		sqlite3_reset(put);
		sqlite3_bind_text(put, 1, c->id, -1, SQLITE_STATIC);
		sqlite3_bind_int(put, 2, c->state);
		sqlite3_bind_int(put, 3, c->step);
		sqlite3_bind_double(put, 4, c->stability);
		sqlite3_bind_double(put, 5, c->difficulty);
		sqlite3_bind_int64(put, 6, c->due);
		sqlite3_bind_int64(put, 7, c->last_review);
		sqlite3_bind_int64(put, 8, c->reps);
		sqlite3_bind_int64(put, 9, c->lapses);
		sqlite3_bind_int64(put, 10, c->first_review);
		if (sqlite3_step(put) != SQLITE_DONE)
			r = store_error(lib, errp, "store card states");
	}
	sqlite3_finalize(put);
	if (r < 0)
		return -1;
	sqlite3_stmt *fp = store_prepare(lib,
		"INSERT OR REPLACE INTO meta(key, value) VALUES('" FINGERPRINT_KEY "', ?)", errp);
	if (!fp)
		return -1;
	sqlite3_bind_text(fp, 1, fingerprint, -1, SQLITE_STATIC);
	r = sqlite3_step(fp) == SQLITE_DONE ? 0 : store_error(lib, errp, "store card states");
	sqlite3_finalize(fp);
	return r;
}

int library_card_states_store(struct library *lib, const char *fingerprint,
			      const struct library_card_state *rows, size_t n, char **errp)
{
	if (!lib->db)
		return 0;
	if (store_exec(lib, "BEGIN IMMEDIATE", errp) < 0)
		return -1;
	int r = store_exec(lib, "DELETE FROM card_states", errp);
	if (r == 0)
		r = store_rows(lib, fingerprint, rows, n, errp);
	if (r == 0)
		return store_exec(lib, "COMMIT", errp);
	sqlite3_exec(lib->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}
