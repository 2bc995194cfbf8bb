/* lib: the library model (papers, topics, knowledge sections), the library
 * and cache directories, notes front matter, and the SQLite index.
 * Plain text under the library directory is the truth; the index is a cache
 * rebuilt from it. Depends on util only. */
#ifndef QUIRE_LIB_H
#define QUIRE_LIB_H

#include <stdbool.h>
#include <stddef.h>

#include "util/util.h"

enum paper_status { STATUS_UNREAD, STATUS_READING, STATUS_READ };
enum paper_kind {
	KIND_PAPER, KIND_BLOG, KIND_VIDEO, KIND_BOOK, KIND_COURSE, KIND_TOOL, KIND_OTHER
};
#define KIND_COUNT (KIND_OTHER + 1)

const char *paper_status_name(enum paper_status s);  /* "unread", ... */
int paper_status_parse(const char *s);                /* -1 if unknown */
const char *paper_kind_name(enum paper_kind k);      /* "paper", ... */
int paper_kind_parse(const char *s);                  /* -1 if unknown */

/* Topic paths: levels joined by TOPIC_SEP, display form (emoji kept). */
#define TOPIC_SEP " > "

/* One paper (or other resource) as the library knows it. All strings are
 * owned by the struct, UTF-8, NULL where unknown. */
struct paper {
	char *key;          /* stable, filesystem-safe key (see paper_key) */
	char *arxiv;        /* normalised arXiv id without version, or NULL */
	int arxiv_version;  /* 0 when the source named none */
	char *doi;
	char *title;
	char *authors;      /* as written in the list */
	int year;           /* 0 when unknown */
	char *url;
	enum paper_kind kind;
	enum paper_status status;
	char *comment;      /* imported blurb / nested notes (Markdown) */
	char **topics;      /* NULL-terminated topic paths */
	size_t n_topics;
	/* from notes/<key>.md front matter */
	char **tags;        /* NULL-terminated */
	size_t n_tags;
	int rating;         /* 0 = none, 1..5 */
	char *added;        /* YYYY-MM-DD */
	char *read_date;    /* YYYY-MM-DD when marked read */
	/* from the arXiv API (quire resolve), NULL / 0 until resolved; title,
	 * authors and year above are then the resolved ones */
	char *alias;        /* the list's own title when it differs ("DPO") */
	char *abstract;
	char *categories;   /* primary first, space-separated */
	char *published, *updated; /* first and latest version (ISO 8601) */
	char *journal_ref;
	int latest_version; /* the latest version arXiv has (above arxiv_version:
	                       the list names an older one) */
	int line;           /* for list entries: 1-based line in the list, 0 unknown */
};

void paper_free(struct paper *p);          /* frees members, not p */
void paper_add_topic(struct paper *p, const char *topic); /* no duplicates */
void paper_add_tag(struct paper *p, const char *tag);     /* no duplicates */

/* Derive the key: arXiv id ('/' -> '_'), else "doi-" + sanitised DOI, else a
 * slug of the title (ASCII letters/digits and '-', at most 64 bytes).
 * Always safe as a file name. Caller frees. */
char *paper_key(const char *arxiv, const char *doi, const char *title);
/* True if key is safe to use as a file name component. */
bool key_is_safe(const char *key);

/* A knowledge-base section: Markdown under a heading, for flashcards. */
struct knowledge {
	char *topic;   /* topic path the section belongs to */
	char *title;   /* its heading */
	char *body;    /* Markdown */
	char *source;  /* list file it came from (file name under lists/) */
	int line;
};
void knowledge_free(struct knowledge *k);

/* ---- The library: directory, notes and the SQLite index ---- */

struct library;

/* Open the library at dir (NULL: $QUIRE_DIR, else $XDG_DATA_HOME/quire,
 * else ~/.local/share/quire, ~ from $HOME or the password database),
 * creating lists/ and notes/ and .gitattributes when missing, and its index
 * under the cache directory ($QUIRE_CACHE_DIR, else $XDG_CACHE_HOME/quire/
 * libraries/<name>-<hash of the library's path>). notes/ or lists/ linked
 * out of the library are refused. The index records the library it belongs
 * to and is created, migrated or rebuilt from the notes as needed; when the
 * one on disk cannot be written (disk full, read-only, locked) the library
 * works from an index in memory, with a warning. Reading lists are
 * refreshed by the caller (cli_refresh_lists). */
int library_open(const char *dir, struct library **out, char **errp);
void library_close(struct library **lib);
const char *library_dir(const struct library *lib);
const char *library_cache_dir(const struct library *lib);
/* The function that refreshes the index from the reading lists (they are
 * parsed outside lib): called again after a damaged index was rebuilt in
 * the middle of a run. */
void library_set_refresh(struct library *lib, int (*refresh)(struct library *lib, char **errp));
/* The importer's test for a list that is mojibake as a whole (UTF-8
 * decoded once with a legacy code page; import lives above lib): check
 * marks written back keep such a list mojibake, or it is left alone. */
void library_set_mojibake_test(struct library *lib, bool (*is_mojibake)(const char *text,
									size_t len));
/* Move the warnings gathered so far (one line each: a note left out, the
 * index rebuilt or not saved, ...) into out, which the caller frees. */
void library_warnings(struct library *lib, struct strvec *out);

/* The largest reading list quire reads. */
#define LIST_MAX ((size_t)256 << 20)

/* A row of the paper list: what a list view shows. Strings owned by the
 * array returned from library_rows (free with library_rows_free). */
struct paper_row {
	char *key, *arxiv, *title, *authors, *topic; /* topic: first topic path */
	int year;
	enum paper_kind kind;
	enum paper_status status;
	int page;            /* search results: the page (from 1) of the best
	                        hit in the paper's PDF text, 0 when none */
};

struct paper_filter {
	const char *topic;   /* papers in this topic path (exactly, from the
	                        top level) or below it; NULL: all */
	int status;          /* enum paper_status, or -1 for any */
	const char *query;   /* full-text search (FTS5); NULL: none. Words
	                        match as prefixes ("trans" finds "transformer");
	                        results best first (bm25, title weighted most),
	                        except for a one-letter query: list order.
	                        From three letters on, the text of the cached
	                        PDFs is searched too: papers found only there
	                        come after the others (row.page says where). */
	const char *topic_name; /* a topic as a user names it: papers in any
	                        topic whose path has these levels in a row
	                        ("Architectures", "foundations > architectures"),
	                        and below it; levels compare without emoji,
	                        case or extra spaces (topic_key). NULL: all */
	const char *tag;     /* papers with this tag (normalised as by
	                        tag_normalize); NULL: all */
};

/* A topic path or a user's topic name for matching: levels split at '>',
 * emoji and variation selectors removed, letters lower-cased, whitespace
 * squeezed, levels joined by '\x1f' ("🧠 Reasoning > RL" -> "reasoning\x1frl").
 * Caller frees. */
char *topic_key(const char *topic);
/* Does the topic path contain the levels of the name (both as topic_key
 * gives them) in a row, at any depth? */
bool topic_key_match(const char *path_key, const char *name_key);

/* Papers matching f, in list order (topic order, then position in the list)
 * or by rank when f->query is set. *rows is malloc'd; free with
 * library_rows_free. */
int library_rows(struct library *lib, const struct paper_filter *f,
		 struct paper_row **rows, size_t *n, char **errp);
void library_rows_free(struct paper_row **rows, size_t n);

/* One paper in full, with topics and note front matter. Returns 0, 1 when
 * no paper has that key, -1 on error. Caller frees with paper_free. */
int library_paper_get(struct library *lib, const char *key, struct paper *out, char **errp);

/* The key of a paper with this arXiv id (normalised, no version) or this
 * DOI (compared without case); either may be NULL. Returns 0 with *key set
 * (caller frees), 1 when no paper has them, -1 on error. */
int library_key_find(struct library *lib, const char *arxiv, const char *doi, char **key,
		     char **errp);

/* The topic tree in document order. */
struct topic_row {
	char *path;    /* full path, levels joined by TOPIC_SEP */
	char *name;    /* last level, display form */
	int depth;     /* 0 for top level */
	int count;     /* papers in this topic and below */
	int unread;    /* of them, unread */
};
int library_topics(struct library *lib, struct topic_row **rows, size_t *n, char **errp);
void library_topics_free(struct topic_row **rows, size_t n);

/* Set a paper's reading status: rewrites notes/<key>.md atomically (creating
 * it when missing; the user's text and line ends are kept byte for byte),
 * sets the read date when it becomes read, and updates the index. Fails
 * only when the note was not written; an index that could not follow is a
 * warning (library_warnings). A note that is a symbolic link, not a
 * regular file or over 16 MiB is refused. */
int library_mark(struct library *lib, const char *key, enum paper_status status, char **errp);

/* Bring the index up to date with notes/ (notes added, changed or removed
 * since, by another process or by hand). */
int library_notes_refresh(struct library *lib, char **errp);

/* notes/<key>.md of a paper (the file may not exist yet). Caller frees. */
char *library_note_path(const struct library *lib, const char *key);
/* The Markdown body of the note after its front matter, or NULL. Caller frees. */
char *library_note_body(struct library *lib, const char *key);

/* Put body under "## heading" in the paper's note (created when missing):
 * an existing section of that name is replaced, up to the next heading of
 * level 1 or 2; else the section is appended. Every other byte is kept; the
 * file is written atomically and the index updated. */
int library_note_set_section(struct library *lib, const char *key, const char *heading,
			     const char *body, char **errp);

/* Save quire's summary of a paper in its note (created when missing),
 * between the lines "<!-- quire:summary model=MODEL strategy=STRATEGY
 * date=DATE -->" and "<!-- /quire:summary -->": an earlier such block is
 * replaced exactly; else the block goes after the text of a "## Summary"
 * section the user wrote, or in a new "## Summary" section at the end. The
 * user's text is never changed. MODEL NULL means extractive; STRATEGY NULL
 * leaves it out; LABEL heads the block. Lines of TEXT that Markdown would
 * read as headings, fences or HTML get a backslash. Written atomically; the
 * index is updated. */
int library_note_set_summary(struct library *lib, const char *key, const char *model,
			     const char *strategy, const char *label, const char *text,
			     char **errp);

/* What the opening marker of the first summary block in a note's text
 * says; members NULL when absent (markers before strategies have none).
 * Returns false when there is no block. */
struct summary_marker {
	char *model, *strategy, *date;
};
bool summary_marker_parse(const char *note, struct summary_marker *out);
void summary_marker_free(struct summary_marker *m);

/* ---- Tags, rating, appended text, the editor (note_write.c) ----
 * Every change to a note is made under the notes lock as a compare-and-
 * swap on the note's previous content (computed again when an editor or
 * another program changed it meanwhile), keeps the user's text and line
 * ends, and stamps the time of the change in the front matter
 * (status_changed, tags_changed, rating_changed: UTC, ISO 8601) so that
 * `quire merge-note` can let the later change win. */

/* The current time as "YYYY-MM-DDTHH:MM:SSZ" (UTC) into out[21]. */
void time_now_iso(char out[21]);
/* A tag as quire stores it: '#' or '+' in front and blanks around
 * dropped, letters lower-cased, inner blanks as '-', commas, brackets,
 * quotes and control characters removed. NULL when nothing is left;
 * caller frees. */
char *tag_normalize(const char *tag);
/* "[a, b]": tags as the front matter holds them. Caller frees. */
char *tags_format(const struct strvec *v);
/* Add and remove tags (as typed; normalised here) in the paper's note,
 * created when missing. A tag that normalises to nothing is refused. */
int library_tag(struct library *lib, const char *key, const struct strvec *add,
		const struct strvec *remove, char **errp);
/* Set the rating (1-5; 0 clears it). */
int library_rate(struct library *lib, const char *key, int rating, char **errp);
/* Append text (control characters dropped, line ends as the note's) as a
 * paragraph of its own at the end of the note, created when missing. */
int library_note_append(struct library *lib, const char *key, const char *text, char **errp);
/* Open a paper's note for editing: the note is created (front matter and
 * the title as a heading) when missing, then run(path, ctx, errp) is
 * called without the notes lock held (the interface suspends curses and
 * spawns the editor there; it returns 0, or -1 with *errp set). The note
 * is then read again and indexed if it changed (*changed). quire
 * rewrites it only when the editor changed the status, tags or rating:
 * to record the time of that change (the status is then also written back
 * to the lists). */
typedef int library_edit_fn(const char *path, void *ctx, char **errp);
int library_note_edit(struct library *lib, const char *key, library_edit_fn *run, void *ctx,
		      bool *changed, char **errp);
/* Every tag used in the library, sorted, once each (for completion). */
int library_tags_all(struct library *lib, struct strvec *out, char **errp);

/* Front matter of a note's text (for the merge driver and tools): where
 * the body starts (0: no front matter); the value of key (unquoted,
 * caller frees, NULL when absent); the text with key set to value (in
 * place under the user's spelling of the key, else added at the end of
 * the block; value NULL removes the line), every other byte kept. */
size_t note_front_matter_end(const char *text, size_t len);
char *note_front_matter_get(const char *text, size_t len, const char *key);
char *note_front_matter_set(const char *text, size_t len, const char *key, const char *value,
			    size_t *out_len);

/* The paper's PDF in the cache (<cache>/pdf/<key>.pdf) if it is there,
 * else NULL. Caller frees. */
char *library_pdf_cached(const struct library *lib, const char *key);
/* What there is to read of a paper without its PDF: title, imported
 * comment and note body, minus quire's summary blocks (see
 * library_note_set_summary). Caller frees. */
char *library_paper_own_text(struct library *lib, const struct paper *p);
/* Has the paper text of its own beyond its title: a comment from its list
 * or words in its note (quire's summaries left out)? */
bool library_paper_has_own_text(struct library *lib, const struct paper *p);

/* ---- arXiv metadata (quire resolve), kept in the index ---- */

/* One paper as the arXiv API describes it. Strings owned, NULL if absent. */
struct arxiv_record {
	char *arxiv;        /* normalised id without version */
	int version;        /* latest version */
	char *title;        /* whitespace squeezed */
	char *authors;      /* all of them, in order, joined by ", " */
	char *abstract;
	char *categories;   /* primary first, space-separated */
	char *published, *updated;
	char *doi, *journal_ref;
	char *raw;          /* the <entry> element as the API sent it */
	size_t raw_len;
};
void arxiv_record_clear(struct arxiv_record *r); /* frees the members */
void arxiv_records_free(struct arxiv_record **recs, size_t n);

/* Store records: each raw entry as <cache>/arxiv/<key>.xml (atomically;
 * a cache that cannot take them is a warning), then the fields in the
 * index and the full-text index, in one transaction. Either every record
 * is in the index or none. */
int library_arxiv_store(struct library *lib, const struct arxiv_record *recs, size_t n,
			char **errp);
/* The arXiv ids of the papers in the library (list order, no duplicates);
 * with unresolved, only those without metadata yet. */
int library_arxiv_ids(struct library *lib, bool unresolved, struct strvec *out, char **errp);

/* Append text (whole lines) to lists/NAME, creating it with head first
 * when missing: under an exclusive lock on lists/, read, append, written
 * atomically, so that two quires adding at once both keep their lines.
 * The index is refreshed by the caller. */
int library_list_append(struct library *lib, const char *name, const char *head,
			const char *text, char **errp);

/* ---- The text of cached PDFs in the full-text index (fulltext.c) ----
 * Each PDF in <cache>/pdf is extracted once, page by page, and again when
 * its size or mtime changes; a PDF that cannot be read is recorded as such
 * for that size and mtime and not tried again until it changes. */

/* What is indexed of one PDF at most: its first pages, and its first
 * bytes of text (cut at a character). */
#define FULLTEXT_MAX_PAGES 2000
#define FULLTEXT_MAX_BYTES ((size_t)2 << 20)

/* A PDF whose text the index lacks or holds for an older file. */
struct fulltext_job {
	char *key, *path;
	long long size, mtime_ns; /* of the file when it was found */
};
struct fulltext_jobs {
	struct fulltext_job *v;
	size_t n, cap;
};
void fulltext_jobs_free(struct fulltext_jobs *jobs);

/* The cached PDFs of the library's papers whose text is missing or stale,
 * by key, into out (free with fulltext_jobs_free); the text of PDFs no
 * longer in the cache is removed on the way. None while the library works
 * from an index in memory. */
int library_fulltext_pending(struct library *lib, struct fulltext_jobs *out, char **errp);

/* Reads the text of the PDF at path into pages, one string a page (the
 * PDF reader's pdf_page_texts). Returns 0, or -1 with *errp set. */
typedef int library_extract_fn(const char *path, struct strvec *pages, char **errp);

/* Extract the text of one PDF with extract and store it in place of what
 * the index held, in one transaction (under the busy timeout, so another
 * quire may index at the same time). Returns 0 when stored; 1 when the
 * PDF could not be read (recorded, *errp says why); -1 when the index
 * failed. */
int library_fulltext_index(struct library *lib, const struct fulltext_job *job,
			   library_extract_fn *extract, char **errp);

/* A second connection to lib's index on disk, for a worker thread (the
 * same library; no migration, no scan of the notes, never a rebuild).
 * Fails when lib works from an index in memory. Close with library_close. */
int library_open_shared(const struct library *lib, struct library **out, char **errp);

/* Knowledge sections stored for flashcards. */
int library_knowledge(struct library *lib, struct knowledge **out, size_t *n, char **errp);

/* Card states as src/study replays them from reviews.log (a pure function
 * of the cards and the log), cached in the index with a fingerprint of
 * what they were computed from. */
struct library_card_state {
	const char *id;
	int state, step;
	double stability, difficulty;
	long long due, last_review, first_review; /* microseconds */
	unsigned reps, lapses;
};
typedef void library_card_state_fn(void *ctx, const struct library_card_state *row);
/* When the cached states were computed from inputs with this fingerprint,
 * call fn for each and return 1; 0 when the cache is stale or empty, -1
 * (with *errp set) when the index cannot be read. */
int library_card_states_load(struct library *lib, const char *fingerprint,
			     library_card_state_fn *fn, void *ctx, char **errp);
/* Replace the cached states with rows[0..n), computed from fingerprint. */
int library_card_states_store(struct library *lib, const char *fingerprint,
			      const struct library_card_state *rows, size_t n, char **errp);

/* Used by the importer: replace everything known from the list file `name`
 * (a file under lists/, identified by its size and mtime) with these
 * entries and sections, in one transaction. Papers keep the user's notes
 * and status; entries listed twice merge their topics. */
struct list_stamp { long long size, mtime_ns; };
int library_list_stamp(struct library *lib, const char *name, struct list_stamp *out); /* 1 if unknown */
int library_replace_list(struct library *lib, const char *name, struct list_stamp stamp,
			 const struct paper *papers, size_t n_papers,
			 const struct knowledge *sections, size_t n_sections, char **errp);
/* After a list was imported (again): the check marks of its entries set
 * to the status their notes hold, as library_mark writes them back, so
 * that importing a list again changes nothing quire wrote back (where
 * write-back is on for it; problems are warnings). */
void library_list_apply_marks(struct library *lib, const char *name);
/* Forget a list file that no longer exists under lists/. */
int library_drop_list(struct library *lib, const char *name, char **errp);
/* Names of the lists the index knows. */
int library_list_names(struct library *lib, struct strvec *out, char **errp);

#endif
