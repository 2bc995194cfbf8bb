/* store.c: opening the library directory and its SQLite index, the schema
 * and its migrations. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/private.h"

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
};
#define SCHEMA_VERSION ((int)ARRAY_SIZE(migrations))

int store_error(struct library *lib, char **errp, const char *what)
{
	return error_set(errp, "%s/index.sqlite: %s: %s (delete the cache directory to rebuild it)",
			 lib->cache_dir, what, sqlite3_errmsg(lib->db));
}

int store_exec(struct library *lib, const char *sql, char **errp)
{
	char *msg = NULL;
	if (sqlite3_exec(lib->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		error_set(errp, "%s/index.sqlite: %s", lib->cache_dir, msg ? msg : "error");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

sqlite3_stmt *store_prepare(struct library *lib, const char *sql, char **errp)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(lib->db, sql, -1, &st, NULL) != SQLITE_OK) {
		store_error(lib, errp, "prepare");
		return NULL;
	}
	return st;
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

/* The default library directory: $QUIRE_DIR, else $XDG_DATA_HOME/quire,
 * else ~/.local/share/quire. */
static char *default_dir(void)
{
	const char *e = getenv("QUIRE_DIR");
	if (e && *e)
		return xstrdup(e);
	e = getenv("XDG_DATA_HOME");
	if (e && *e == '/')
		return path_join(e, "quire");
	const char *home = getenv("HOME");
	return xasprintf("%s/.local/share/quire", home && *home ? home : ".");
}

/* One cache per library: $QUIRE_CACHE_DIR, else $XDG_CACHE_HOME/quire/<id>
 * where <id> is a readable, filesystem-safe form of the library's path. */
static char *default_cache_dir(const char *dir)
{
	const char *e = getenv("QUIRE_CACHE_DIR");
	if (e && *e)
		return xstrdup(e);
	char *base;
	e = getenv("XDG_CACHE_HOME");
	if (e && *e == '/')
		base = path_join(e, "quire");
	else {
		const char *home = getenv("HOME");
		base = xasprintf("%s/.cache/quire", home && *home ? home : ".");
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
	char *sub = xasprintf("libraries/%s", buf_str(&id));
	char *cache = path_join(base, sub);
	free(sub);
	free(base);
	buf_free(&id);
	return cache;
}

static const char gitattributes[] =
	"# quire: the review history merges by keeping both sides' lines\n"
	"reviews.log merge=union\n"
	"*.md text eol=lf\n";

static int prepare_dirs(struct library *lib, char **errp)
{
	if (mkdir_p(lib->notes_dir, errp) < 0 || mkdir_p(lib->lists_dir, errp) < 0 ||
	    mkdir_p(lib->cache_dir, errp) < 0)
		return -1;
	char *ga = path_join(lib->dir, ".gitattributes");
	int r = 0;
	if (!file_exists(ga))
		r = file_write_atomic(ga, gitattributes, sizeof gitattributes - 1, errp);
	free(ga);
	return r;
}

static int index_open(struct library *lib, char **errp)
{
	char *db_path = path_join(lib->cache_dir, "index.sqlite");
	int rc = sqlite3_open_v2(db_path, &lib->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	free(db_path);
	if (rc != SQLITE_OK)
		return store_error(lib, errp, "cannot open");
	sqlite3_busy_timeout(lib->db, 5000);
	if (query_functions_register(lib, errp) < 0 ||
	    store_exec(lib, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;", errp) < 0 ||
	    migrate(lib, errp) < 0 || notes_scan(lib, errp) < 0)
		return -1;
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

int library_open(const char *dir, struct library **out, char **errp)
{
	struct library *lib = xcalloc(1, sizeof *lib);
	char *d = dir ? xstrdup(dir) : default_dir();
	char resolved[PATH_MAX];
	if (mkdir_p(d, errp) < 0) {
		free(d);
		free(lib);
		return -1;
	}
	lib->dir = realpath(d, resolved) ? xstrdup(resolved) : xstrdup(d);
	free(d);
	lib->notes_dir = path_join(lib->dir, "notes");
	lib->lists_dir = path_join(lib->dir, "lists");
	lib->cache_dir = default_cache_dir(lib->dir);
	if (prepare_dirs(lib, errp) < 0)
		goto fail;
	if (index_open(lib, errp) < 0) {
		/* The index is only a cache: start it afresh from the text files. */
		char *first = errp ? *errp : NULL;
		if (errp)
			*errp = NULL;
		sqlite3_close(lib->db);
		lib->db = NULL;
		index_remove(lib);
		if (index_open(lib, errp) < 0) {
			free(first);
			goto fail;
		}
		free(first);
	}
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
