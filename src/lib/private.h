/* private.h: what the files of src/lib share and nobody else sees. */
#ifndef QUIRE_LIB_PRIVATE_H
#define QUIRE_LIB_PRIVATE_H

#include <sqlite3.h>
#include <sys/types.h>

#include "lib/lib.h"

struct library {
	char *dir;        /* library directory (absolute) */
	char *notes_dir;  /* dir/notes */
	char *lists_dir;  /* dir/lists */
	char *cache_dir;  /* where index.sqlite lives */
	sqlite3 *db;
	ino_t db_ino;     /* index.sqlite as opened, 0 in memory */
	bool in_memory;   /* the index on disk could not be used: one in memory */
	bool recovering;  /* inside store_recover: no second recovery */
	int fault_rc;     /* SQLite code of the last failure, SQLITE_OK if none */
	int (*refresh)(struct library *lib, char **errp);
	bool (*is_mojibake)(const char *text, size_t len);
	struct strvec warnings;
};

/* The largest note quire reads. */
#define NOTE_MAX ((size_t)16 << 20)

/* A paper's fields as quire shows them: the arXiv API's title, authors
 * and year once resolved (arxiv_meta m joined to papers p), else the
 * list's; the list's own title is then kept as the alias. */
#define META_JOIN " LEFT JOIN arxiv_meta m ON m.arxiv = p.arxiv"
#define TITLE_SQL "coalesce(m.title, p.title)"
#define AUTHORS_SQL "coalesce(m.authors, p.authors)"
#define YEAR_SQL \
	"(CASE WHEN p.year > 0 THEN p.year ELSE coalesce(CAST(substr(m.published, 1, 4) AS INTEGER), 0) END)"
#define ALIAS_SQL \
	"(CASE WHEN m.title IS NOT NULL AND p.title IS NOT NULL AND lower(p.title) <> lower(m.title)" \
	" THEN p.title END)"
/* The full-text row of papers p (append a WHERE clause to narrow it). */
/* The notes column of the full-text index: the note's tags and body. */
#define FTS_NOTES "trim(coalesce(replace(n.tags, ',', ' '), '') || char(10) || coalesce(n.body, ''))"
#define FTS_INSERT \
	"INSERT INTO fts(rowid, key, title, authors, topics, comment, notes, abstract, alias)" \
	" SELECT p.rowid, p.key, " TITLE_SQL ", " AUTHORS_SQL "," \
	"  (SELECT group_concat(topic, ' ; ') FROM paper_topics t WHERE t.key = p.key)," \
	"  p.comment, " FTS_NOTES ", m.abstract, " ALIAS_SQL \
	" FROM papers p LEFT JOIN notes n ON n.key = p.key" META_JOIN

/* pdf_fts rowids: pdf_text.id * FULLTEXT_PAGE_SLOTS + page (from 1). */
#define FULLTEXT_PAGE_SLOTS 10000 /* written out as 10000 in query.c's SQL */

/* store.c */
int store_exec(struct library *lib, const char *sql, char **errp);
sqlite3_stmt *store_prepare(struct library *lib, const char *sql, char **errp);
/* Report the index's last error ("<cache>/index.sqlite: what: reason") and
 * remember its code for store_recover. Returns -1. */
int store_error(struct library *lib, char **errp, const char *what);
/* Start of an operation that may recover: forget earlier faults. */
void store_op_begin(struct library *lib);
/* Is the last fault a damaged index (corrupt, or not the one expected)? */
bool store_damaged(const struct library *lib);
/* After a failed operation: rebuild a damaged index from the text files,
 * or go on with an index in memory when the one on disk cannot be written
 * (disk full, read-only, locked, I/O error); each says so in a warning.
 * Returns 0 when the caller should try once more, -1 when the error stands
 * (*errp kept). */
int store_recover(struct library *lib, char **errp);
/* Queue a warning for library_warnings(). */
void library_warn(struct library *lib, const char *fmt, ...) PRINTF_LIKE(2, 3);
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
/* Index the one note quire just wrote at path. The note is the commit
 * point, so this cannot fail: a damaged index is rebuilt, and an index that
 * cannot be written is left to catch up on the next run, with a warning. */
void note_written(struct library *lib, const char *key, const char *path);
/* Every quire writing a note holds an exclusive flock on notes/ from
 * reading the note to renaming the new text into place, so that two writers
 * do not undo each other's change and the clean-up of temp files (which
 * takes the lock without waiting) never removes one still being written.
 * Returns the locked descriptor, or -1 (then the caller goes on unlocked). */
int notes_lock(struct library *lib, bool wait);
void notes_unlock(int *fd);
/* Rewrite text (the note's whole content, len bytes, any bytes; NULL for a
 * new note) with status set; returns the new content (caller frees) and its
 * length in *out_len. Everything but the status and read-date lines is kept
 * byte for byte. */
char *note_set_status(const char *text, size_t len, enum paper_status status,
		      const char *today, const char *added, size_t *out_len);

/* writeback.c: the check marks of the entries on these 1-based lines of
 * a list's text set to read (read[i]) or not, in the list's own style (a
 * list that is mojibake and has no mark of its own gets its mojibake
 * form); the new text (caller frees), or NULL when nothing changes. */
char *list_set_marks(const char *text, size_t len, const int *lines, const bool *read,
		     size_t n_lines, bool mojibake, size_t *out_len);
/* After a paper's status changed: its check mark in every list it came
 * from (where write-back is on), under a lock on lists/, written
 * atomically; a list that cannot take it is a warning. */
void list_writeback(struct library *lib, const char *key, enum paper_status status);

/* note_write.c: compare-and-swap writes. Write text to a temporary file
 * beside path and rename it over path only if path still holds old
 * (old_len bytes; NULL: path must not exist). Returns 0 when written, 1
 * when the note changed meanwhile (nothing written), -1 on error. The
 * caller holds the notes lock. */
int note_cas_commit(const char *path, const char *old, size_t old_len, const char *text,
		    size_t len, char **errp);
/* A change to a note: the new text from the current one (old NULL when
 * there is no note yet), malloc'd with its length in *out_len, or NULL
 * when there is nothing to change. May be called more than once. */
typedef char *note_edit_fn(const char *old, size_t len, void *ctx, size_t *out_len);
/* Apply edit to the note of key under the notes lock as a
 * compare-and-swap, computing it again (up to 20 times) when another
 * program changed the note in between; the index follows. */
int note_update(struct library *lib, const char *key, note_edit_fn *edit, void *ctx, char **errp);

#endif
