/* store.c: opening the library directory and its SQLite index, the schema
 * and its migrations. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/private.h"
#include "util/i18n.h"

/* Each entry migrates the schema from version i to i + 1. The index is a
 * cache: a migration may also drop and recreate, since the text files are
 * the truth. */
static const char *const migrations[] = {
	/* 0 -> 1 */
	"CREATE TABLE lists(name TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER,"
	"  position INTEGER);"
	/* one row per appearance of a paper in a list */
	"CREATE TABLE entries(list TEXT NOT NULL, position INTEGER NOT NULL,"
	"  key TEXT NOT NULL, arxiv TEXT, arxiv_version INTEGER, doi TEXT, title TEXT,"
	"  authors TEXT, year INTEGER, url TEXT, kind INTEGER, status INTEGER,"
	"  comment TEXT, topic TEXT);"
	"CREATE INDEX entries_key ON entries(key);"
	"CREATE INDEX entries_list ON entries(list);"
	"CREATE TABLE papers(key TEXT PRIMARY KEY, arxiv TEXT, arxiv_version INTEGER,"
	"  doi TEXT, title TEXT, authors TEXT, year INTEGER, url TEXT, kind INTEGER,"
	"  list_status INTEGER, comment TEXT, topic TEXT, position INTEGER);"
	"CREATE INDEX papers_position ON papers(position);"
	"CREATE TABLE paper_topics(key TEXT NOT NULL, topic TEXT NOT NULL,"
	"  position INTEGER, PRIMARY KEY(key, topic));"
	"CREATE INDEX paper_topics_topic ON paper_topics(topic);"
	"CREATE TABLE topics(path TEXT PRIMARY KEY, name TEXT, depth INTEGER,"
	"  position INTEGER);"
	"CREATE TABLE notes(key TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER,"
	"  status INTEGER, tags TEXT, rating INTEGER, added TEXT, read_date TEXT,"
	"  body TEXT);"
	"CREATE TABLE knowledge(list TEXT NOT NULL, position INTEGER, topic TEXT,"
	"  title TEXT, body TEXT, line INTEGER);"
	"CREATE VIRTUAL TABLE fts USING fts5(key UNINDEXED, title, authors, topics,"
	"  comment, notes, tokenize = 'unicode61 remove_diacritics 2');",
	/* 1 -> 2: prefix indexes, so that the first letters typed into a search
	 * do not scan every term of the library */
	"DROP TABLE fts;"
	"CREATE VIRTUAL TABLE fts USING fts5(key UNINDEXED, title, authors, topics,"
	"  comment, notes, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3');"
	"INSERT INTO fts(rowid, key, title, authors, topics, comment, notes)"
	" SELECT p.rowid, p.key, p.title, p.authors,"
	"  (SELECT group_concat(topic, ' ; ') FROM paper_topics t WHERE t.key = p.key),"
	"  p.comment, n.body FROM papers p LEFT JOIN notes n ON n.key = p.key;",
	/* 2 -> 3: the library the index belongs to (key 'library': its path) */
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);",
	/* 3 -> 4: arXiv metadata (quire resolve), by arXiv id; abstracts and
	 * the lists' own titles (aliases) in the full-text index */
	"CREATE TABLE arxiv_meta(arxiv TEXT PRIMARY KEY, version INTEGER, title TEXT,"
	"  authors TEXT, abstract TEXT, categories TEXT, published TEXT, updated TEXT,"
	"  doi TEXT, journal_ref TEXT);"
	"DROP TABLE fts;"
	"CREATE VIRTUAL TABLE fts USING fts5(key UNINDEXED, title, authors, topics,"
	"  comment, notes, abstract, alias, tokenize = 'unicode61 remove_diacritics 2',"
	"  prefix = '1 2 3');"
	FTS_INSERT ";",
	/* 4 -> 5: the line of each entry in its list, for check marks written
	 * back; every list is read again to fill it */
	"ALTER TABLE entries ADD COLUMN line INTEGER;"
	"UPDATE lists SET size = -1;",
	/* 5 -> 6: card states, a cache of the review log's replay
	 * (card_states.c); meta 'card_states' is their inputs' fingerprint */
	"CREATE TABLE card_states(id TEXT PRIMARY KEY, state INTEGER, step INTEGER,"
	"  stability REAL, difficulty REAL, due INTEGER, last_review INTEGER,"
	"  reps INTEGER, lapses INTEGER, first_review INTEGER);",
	/* 6 -> 7: the text of the cached PDFs (fulltext.c): what each PDF's
	 * text was taken from (error: why it could not be read), and its
	 * pages, rowid = pdf_text.id * 10000 + page */
	"CREATE TABLE pdf_text(id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE,"
	"  size INTEGER, mtime_ns INTEGER, pages INTEGER, error TEXT);"
	"CREATE VIRTUAL TABLE pdf_fts USING fts5(text,"
	"  tokenize = 'unicode61 remove_diacritics 2');",
};
#define SCHEMA_VERSION ((int)ARRAY_SIZE(migrations))

/* SQLite's reason, with the system's when there is one ("disk I/O error:
 * No space left on device"). Caller frees. */
static char *store_reason(struct library *lib, const char *msg)
{
	int e = sqlite3_system_errno(lib->db);
	int rc = lib->fault_rc & 0xff;
	if (e && (rc == SQLITE_IOERR || rc == SQLITE_FULL || rc == SQLITE_CANTOPEN))
		return xasprintf("%s (%s)", msg, strerror(e));
	return xstrdup(msg);
}

int store_error(struct library *lib, char **errp, const char *what)
{
	lib->fault_rc = sqlite3_extended_errcode(lib->db);
	char *why = store_reason(lib, sqlite3_errmsg(lib->db));
	error_set(errp, "%s/index.sqlite: %s: %s", lib->cache_dir, what, why);
	free(why);
	return -1;
}

/* After a recovery that failed there is no index: say so, as a fault the
 * next store_recover mends with an index in memory. */
static int store_missing(struct library *lib, char **errp)
{
	lib->fault_rc = SQLITE_CANTOPEN;
	return error_set(errp, _("%s/index.sqlite: not open"), lib->cache_dir);
}

int store_exec(struct library *lib, const char *sql, char **errp)
{
	if (!lib->db)
		return store_missing(lib, errp);
	char *msg = NULL;
	if (sqlite3_exec(lib->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		lib->fault_rc = sqlite3_extended_errcode(lib->db);
		char *why = store_reason(lib, msg ? msg : "error");
		error_set(errp, "%s/index.sqlite: %s", lib->cache_dir, why);
		free(why);
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

sqlite3_stmt *store_prepare(struct library *lib, const char *sql, char **errp)
{
	sqlite3_stmt *st = NULL;
	if (!lib->db) {
		store_missing(lib, errp);
		return NULL;
	}
	if (sqlite3_prepare_v2(lib->db, sql, -1, &st, NULL) != SQLITE_OK) {
		store_error(lib, errp, "prepare");
		return NULL;
	}
	return st;
}

void library_warn(struct library *lib, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *w = xvasprintf(fmt, ap);
	va_end(ap);
	if (strvec_contains(&lib->warnings, w))
		free(w); /* a rebuild scans the notes again */
	else
		strvec_push_owned(&lib->warnings, w);
}

void library_warnings(struct library *lib, struct strvec *out)
{
	for (size_t i = 0; i < lib->warnings.n; i++)
		strvec_push(out, lib->warnings.v[i]);
	strvec_free(&lib->warnings);
}

void library_set_mojibake_test(struct library *lib, bool (*is_mojibake)(const char *text,
									size_t len))
{
	lib->is_mojibake = is_mojibake;
}

void library_set_refresh(struct library *lib, int (*refresh)(struct library *lib, char **errp))
{
	lib->refresh = refresh;
}

/* Faults of the file under the index, as opposed to its content. */
static bool unwritable(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_FULL:
	case SQLITE_IOERR:
	case SQLITE_READONLY:
	case SQLITE_CANTOPEN:
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
	case SQLITE_PERM:
	case SQLITE_NOLFS:
	case SQLITE_PROTOCOL:
	case SQLITE_NOMEM:
		return true;
	}
	return false;
}

void store_op_begin(struct library *lib)
{
	lib->fault_rc = SQLITE_OK;
}

bool store_damaged(const struct library *lib)
{
	return lib->fault_rc != SQLITE_OK && !unwritable(lib->fault_rc);
}

static int user_version(struct library *lib)
{
	sqlite3_stmt *st = store_prepare(lib, "PRAGMA user_version", NULL);
	int v = -1;
	if (st && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int migrate(struct library *lib, char **errp)
{
	int v = user_version(lib);
	if (v < 0)
		return store_error(lib, errp, "cannot read schema version");
	if (v > SCHEMA_VERSION)
		return error_set(errp, "%s/index.sqlite: made by a newer quire (schema %d, this one knows %d); delete it to rebuild",
				 lib->cache_dir, v, SCHEMA_VERSION);
	for (; v < SCHEMA_VERSION; v++) {
		char *sql = xasprintf("BEGIN; %s PRAGMA user_version = %d; COMMIT;", migrations[v], v + 1);
		int r = store_exec(lib, sql, errp);
		free(sql);
		if (r < 0) {
			sqlite3_exec(lib->db, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		}
	}
	return 0;
}

/* The user's home: $HOME, else the password database's entry. NULL with
 * *errp set when there is neither (var names the setting that would do
 * instead). */
static const char *home_dir(const char *var, char **errp)
{
	const char *home = getenv("HOME");
	if (home && *home)
		return home;
	struct passwd *pw = getpwuid(getuid());
	if (pw && pw->pw_dir && *pw->pw_dir)
		return pw->pw_dir;
	error_set(errp, _("no home directory: HOME is not set and user %u has none in the password database; set HOME or %s"),
		  (unsigned)getuid(), var);
	return NULL;
}

/* The default library directory: $QUIRE_DIR, else $XDG_DATA_HOME/quire,
 * else ~/.local/share/quire. */
static char *default_dir(char **errp)
{
	const char *e = getenv("QUIRE_DIR");
	if (e && *e)
		return xstrdup(e);
	e = getenv("XDG_DATA_HOME");
	if (e && *e == '/')
		return path_join(e, "quire");
	const char *home = home_dir("QUIRE_DIR", errp);
	return home ? path_join(home, ".local/share/quire") : NULL;
}

static uint64_t fnv1a64(const char *s)
{
	uint64_t h = 14695981039346656037ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* One cache per library: $QUIRE_CACHE_DIR, else $XDG_CACHE_HOME/quire/
 * libraries/<name>-<hash>: the end of the library's path made readable and
 * filesystem-safe, and a hash of the whole path, so that libraries whose
 * paths differ only in bytes the readable part loses ("a_b" and "a/b",
 * "My Papers" and "My_Papers") never share an index. */
static char *default_cache_dir(const char *dir, char **errp)
{
	const char *e = getenv("QUIRE_CACHE_DIR");
	if (e && *e)
		return xstrdup(e);
	char *base;
	e = getenv("XDG_CACHE_HOME");
	if (e && *e == '/')
		base = path_join(e, "quire");
	else {
		const char *home = home_dir("QUIRE_CACHE_DIR", errp);
		if (!home)
			return NULL;
		base = path_join(home, ".cache/quire");
	}
	struct buf id = BUF_INIT;
	for (const char *p = dir; *p; p++) {
		char c = *p;
		bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			    c == '-' || c == '.';
		if (id.len == 0 && c == '/')
			continue;
		buf_addc(&id, safe ? c : '_');
	}
	const char *readable = buf_str(&id);
	if (id.len > 48)
		readable += id.len - 48;
	char *sub = xasprintf("libraries/%s-%016llx", readable, (unsigned long long)fnv1a64(dir));
	char *cache = path_join(base, sub);
	free(sub);
	free(base);
	buf_free(&id);
	return cache;
}

static const char gitattributes[] =
	"# quire: the review history and the reading positions merge by keeping\n"
	"# both sides' lines\n"
	"reviews.log merge=union\n"
	"cards.state merge=union\n"
	"positions.log merge=union\n"
	"*.md text eol=lf\n";

/* notes/ and lists/ may be links, but not out of the library. */
static int check_inside(struct library *lib, const char *sub, char **errp)
{
	char resolved[PATH_MAX];
	if (!realpath(sub, resolved))
		return error_set(errp, "%s: %s", sub, strerror(errno));
	size_t n = strlen(lib->dir);
	if (strncmp(resolved, lib->dir, n) != 0 || (resolved[n] != '/' && resolved[n] != '\0') ||
	    strcmp(resolved, lib->dir) == 0)
		return error_set(errp, _("%s: a symbolic link to %s, outside the library; quire does not follow it"),
				 sub, resolved);
	return 0;
}

static int prepare_dirs(struct library *lib, char **errp)
{
	if (mkdir_p(lib->notes_dir, errp) < 0 || mkdir_p(lib->lists_dir, errp) < 0 ||
	    check_inside(lib, lib->notes_dir, errp) < 0 || check_inside(lib, lib->lists_dir, errp) < 0)
		return -1;
	char *ga = path_join(lib->dir, ".gitattributes");
	int r = 0;
	if (!file_exists(ga))
		r = file_write_atomic(ga, gitattributes, sizeof gitattributes - 1, errp);
	free(ga);
	return r;
}

/* The index must be the one of this library: a new index is claimed, one
 * recorded for another library is refused as damaged. */
static int check_owner(struct library *lib, char **errp)
{
	sqlite3_stmt *st = store_prepare(lib, "SELECT value FROM meta WHERE key = 'library'", errp);
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	char *owner = rc == SQLITE_ROW && sqlite3_column_text(st, 0) ?
		xstrdup((const char *)sqlite3_column_text(st, 0)) : NULL;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		store_error(lib, errp, "read owner");
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	int r = 0;
	if (!owner) {
		char *q = sqlite3_mprintf("INSERT OR REPLACE INTO meta(key, value) VALUES('library', %Q)", lib->dir);
		r = store_exec(lib, q, errp);
		sqlite3_free(q);
	} else if (strcmp(owner, lib->dir) != 0) {
		lib->fault_rc = SQLITE_NOTADB;
		r = error_set(errp, _("%s/index.sqlite: the index of another library (%s)"), lib->cache_dir, owner);
	}
	free(owner);
	return r;
}

static void index_close(struct library *lib)
{
	sqlite3_close(lib->db);
	lib->db = NULL;
}

/* Open the index on disk (in memory when memory is set) and bring it up to
 * date with the notes. On failure lib->fault_rc says why. */
static int index_open(struct library *lib, bool memory, char **errp)
{
	store_op_begin(lib);
	char *db_path = memory ? xstrdup(":memory:") : path_join(lib->cache_dir, "index.sqlite");
	int rc = sqlite3_open_v2(db_path, &lib->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	lib->in_memory = memory;
	struct stat st;
	lib->db_ino = !memory && stat(db_path, &st) == 0 ? st.st_ino : 0;
	free(db_path);
	if (rc != SQLITE_OK) {
		int r = store_error(lib, errp, "cannot open");
		lib->fault_rc = lib->db ? lib->fault_rc : rc;
		index_close(lib);
		return r;
	}
	sqlite3_busy_timeout(lib->db, 5000);
	if ((!memory && store_exec(lib, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;", errp) < 0) ||
	    query_functions_register(lib, errp) < 0 || migrate(lib, errp) < 0 ||
	    check_owner(lib, errp) < 0 || notes_scan(lib, errp) < 0) {
		int fault = lib->fault_rc;
		index_close(lib);
		lib->fault_rc = fault;
		return -1;
	}
	return 0;
}

static void index_remove(struct library *lib)
{
	static const char *const files[] = {"index.sqlite", "index.sqlite-wal", "index.sqlite-shm"};
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		char *p = path_join(lib->cache_dir, files[i]);
		unlink(p);
		free(p);
	}
}

/* Go on without the index on disk: one in memory, built from the text files. */
static int index_use_memory(struct library *lib, const char *why, char **errp)
{
	library_warn(lib, _("%s; working from the text files, the index is not saved"), why);
	return index_open(lib, true, errp);
}

/* Rebuild the damaged index on disk (lib->db_ino). Under an exclusive flock
 * on the cache directory, so that two quires finding it damaged at once do
 * not delete each other's new index: the second finds the file replaced and
 * tries it first. */
static int index_rebuild(struct library *lib, const char *why, char **errp)
{
	int lock = open(lib->cache_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	while (lock >= 0 && flock(lock, LOCK_EX) < 0 && errno == EINTR)
		;
	char *err = NULL, *db_path = path_join(lib->cache_dir, "index.sqlite");
	struct stat st;
	ino_t bad = lib->db_ino;
	int r = -1;
	lib->fault_rc = SQLITE_CORRUPT;
	if (stat(db_path, &st) == 0 && st.st_ino != bad)
		r = index_open(lib, false, &err);
	if (r < 0 && !unwritable(lib->fault_rc)) {
		library_warn(lib, _("%s; rebuilt from the text files"), why);
		index_remove(lib);
		r = index_open(lib, false, &err);
	}
	if (lock >= 0)
		close(lock);
	free(db_path);
	if (r < 0 && unwritable(lib->fault_rc))
		r = index_use_memory(lib, err, &err);
	if (r < 0)
		error_set(errp, "%s", err);
	free(err);
	return r;
}

int store_recover(struct library *lib, char **errp)
{
	int fault = lib->fault_rc;
	if (lib->recovering || fault == SQLITE_OK || (lib->in_memory && unwritable(fault)))
		return -1;
	lib->recovering = true;
	char *reason = lib->db ? store_reason(lib, sqlite3_errstr(fault)) : xstrdup("error");
	char *why = xasprintf("%s/index.sqlite: %s", lib->cache_dir, reason);
	free(reason);
	index_close(lib);
	char *err = NULL;
	int r = unwritable(fault) || lib->in_memory ? index_use_memory(lib, why, &err)
						     : index_rebuild(lib, why, &err);
	if (r == 0 && lib->refresh)
		r = lib->refresh(lib, &err);
	free(why);
	lib->recovering = false;
	lib->fault_rc = SQLITE_OK;
	if (r < 0) {
		error_set(errp, "%s", err);
		lib->fault_rc = SQLITE_ERROR;
	} else if (errp) {
		FREE(errp); /* the caller tries again: the first failure is gone */
	}
	free(err);
	return r;
}

int library_open(const char *dir, struct library **out, char **errp)
{
	struct library *lib = xcalloc(1, sizeof *lib);
	char *d = dir ? xstrdup(dir) : default_dir(errp);
	char resolved[PATH_MAX];
	if (!d || mkdir_p(d, errp) < 0) {
		free(d);
		free(lib);
		return -1;
	}
	lib->dir = realpath(d, resolved) ? xstrdup(resolved) : xstrdup(d);
	free(d);
	lib->notes_dir = path_join(lib->dir, "notes");
	lib->lists_dir = path_join(lib->dir, "lists");
	lib->cache_dir = default_cache_dir(lib->dir, errp);
	if (!lib->cache_dir || prepare_dirs(lib, errp) < 0)
		goto fail;
	char *err = NULL;
	int r;
	if (mkdir_p(lib->cache_dir, &err) < 0)
		r = index_use_memory(lib, err, errp);
	else if ((r = index_open(lib, false, &err)) < 0 && lib->fault_rc != SQLITE_OK)
		/* The index is only a cache: start it afresh from the text
		 * files, or do without it. */
		r = unwritable(lib->fault_rc) ? index_use_memory(lib, err, errp)
					      : index_rebuild(lib, err, errp);
	else if (r < 0)
		error_set(errp, "%s", err);
	free(err);
	if (r < 0)
		goto fail;
	*out = lib;
	return 0;
fail:
	library_close(&lib);
	return -1;
}

void library_close(struct library **libp)
{
	struct library *lib = *libp;
	if (!lib)
		return;
	sqlite3_close(lib->db);
	free(lib->dir);
	free(lib->notes_dir);
	free(lib->lists_dir);
	free(lib->cache_dir);
	strvec_free(&lib->warnings);
	FREE(libp);
}

const char *library_dir(const struct library *lib)
{
	return lib->dir;
}

const char *library_cache_dir(const struct library *lib)
{
	return lib->cache_dir;
}

char *library_note_path(const struct library *lib, const char *key)
{
	if (!key_is_safe(key))
		return NULL;
	char *name = xasprintf("%s.md", key);
	char *p = path_join(lib->notes_dir, name);
	free(name);
	return p;
}
