/* private.h: what the files of src/lib share and nobody else sees. */
#ifndef QUIRE_LIB_PRIVATE_H
#define QUIRE_LIB_PRIVATE_H

#include <sqlite3.h>

#include "lib/lib.h"

struct library {
	char *dir;        /* library directory (absolute) */
	char *notes_dir;  /* dir/notes */
	char *lists_dir;  /* dir/lists */
	char *cache_dir;  /* where index.sqlite lives */
	sqlite3 *db;
};

/* store.c */
int store_exec(struct library *lib, const char *sql, char **errp);
sqlite3_stmt *store_prepare(struct library *lib, const char *sql, char **errp);
int store_error(struct library *lib, char **errp, const char *what);
/* Recompute papers, topics and the full-text index from the list entries
 * and notes (inside the caller's transaction). */
int store_rebuild_derived(struct library *lib, char **errp);
/* Refresh one paper's full-text row. */
int store_fts_update(struct library *lib, const char *key, char **errp);

/* query.c: SQL functions the queries use (topic_match(path, name_key)),
 * registered on the connection once it is open. */
int query_functions_register(struct library *lib, char **errp);

/* notes.c: the front matter of notes/<key>.md */
struct note_meta {
	int status;       /* -1 when the note names none */
	char *tags;       /* comma-separated, NULL if none */
	int rating;
	char *added, *read_date;
};
/* Parse the front matter at the start of text; *body_off is where the
 * Markdown body starts. Unknown keys are ignored. Never fails: text
 * without front matter is all body. */
void note_meta_parse(const char *text, size_t len, struct note_meta *m, size_t *body_off);
void note_meta_free(struct note_meta *m);
/* Bring the notes table up to date with notes/ (stat every file, reparse
 * the changed ones). */
int notes_scan(struct library *lib, char **errp);
/* Before quire writes a paper's note: its path and current text (*old NULL,
 * *len 0 when there is none yet). Fails for an unknown key or a note that
 * cannot be read; on success the caller frees both. */
int note_load_for_write(struct library *lib, const char *key, char **path, char **old,
			size_t *len, char **errp);
/* Index the one note quire just wrote at path. */
int note_reindex(struct library *lib, const char *key, const char *path, char **errp);
/* Rewrite text (the note's whole content, len bytes, any bytes; NULL for a
 * new note) with status set; returns the new content (caller frees) and its
 * length in *out_len. Everything but the status and read-date lines is kept
 * byte for byte. */
char *note_set_status(const char *text, size_t len, enum paper_status status,
		      const char *today, const char *added, size_t *out_len);

#endif
