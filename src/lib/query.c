/* query.c: reading the index — paper rows, one paper, topics, knowledge. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/private.h"

static char *col_dup(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	return s ? xstrdup(s) : NULL;
}

/* User words -> an FTS5 query of quoted prefix terms: `deep rein` ->
 * `"deep"* "rein"*`. Quotes are doubled, so any input is a valid query. */
static char *fts_query(const char *q)
{
	struct buf b = BUF_INIT;
	const char *p = q;
	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (!*p)
			break;
		const char *s = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n')
			p++;
		if (b.len)
			buf_addc(&b, ' ');
		buf_addc(&b, '"');
		for (const char *c = s; c < p; c++) {
			if (*c == '"')
				buf_addc(&b, '"');
			buf_addc(&b, *c);
		}
		buf_adds(&b, "\"*");
	}
	return b.len ? buf_detach(&b) : NULL;
}

/* Code points in s other than whitespace. */
static size_t letters(const char *s)
{
	size_t n = 0, len = strlen(s), i = 0;
	while (i < len) {
		uint32_t cp;
		i += utf8_decode(s + i, len - i, &cp);
		n += cp != ' ' && cp != '\t' && cp != '\n';
	}
	return n;
}

#define LEVEL_SEP '\x1f'

char *topic_key(const char *topic)
{
	struct buf b = BUF_INIT;
	size_t len = strlen(topic), i = 0;
	bool space = false, level_start = true;
	while (i < len) {
		uint32_t cp;
		i += utf8_decode(topic + i, len - i, &cp);
		if (cp == '>') {
			if (!level_start)
				buf_addc(&b, LEVEL_SEP);
			level_start = true;
			space = false;
		} else if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0) {
			space = !level_start;
		} else if (!utf8_is_emoji(cp) && cp >= 0x20 && cp != 0x7F) {
			if (space)
				buf_addc(&b, ' ');
			char out[4];
			buf_add(&b, out, utf8_encode(utf8_lower(cp), out));
			space = level_start = false;
		}
	}
	if (b.len && b.data[b.len - 1] == LEVEL_SEP)
		b.len--;
	return buf_detach(&b);
}

bool topic_key_match(const char *path_key, const char *name_key)
{
	size_t n = strlen(name_key);
	if (n == 0)
		return false;
	for (const char *p = path_key; p; p = strchr(p, LEVEL_SEP), p = p ? p + 1 : NULL)
		if (strncmp(p, name_key, n) == 0 && (p[n] == '\0' || p[n] == LEVEL_SEP))
			return true;
	return false;
}

/* topic_match(path, name_key): 1 when the topic path contains the levels
 * of name_key (as topic_key makes it) in a row. */
static void sql_topic_match(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const char *path = (const char *)sqlite3_value_text(argv[0]);
	const char *name = (const char *)sqlite3_value_text(argv[1]);
	if (!path || !name) {
		sqlite3_result_int(ctx, 0);
		return;
	}
	char *key = topic_key(path);
	sqlite3_result_int(ctx, topic_key_match(key, name));
	free(key);
}

int query_functions_register(struct library *lib, char **errp)
{
	if (sqlite3_create_function(lib->db, "topic_match", 2,
				    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
				    sql_topic_match, NULL, NULL) != SQLITE_OK)
		return store_error(lib, errp, "register topic_match");
	return 0;
}

#define STATUS_SQL "coalesce(n.status, p.list_status)"
#define TOPIC_FILTER \
	" AND (?1 IS NULL OR EXISTS (SELECT 1 FROM paper_topics t WHERE t.key = p.key" \
	"  AND (t.topic = ?1 OR substr(t.topic, 1, length(?1) + 3) = ?1 || ' > ')))" \
	" AND (?4 IS NULL OR EXISTS (SELECT 1 FROM paper_topics t WHERE t.key = p.key" \
	"  AND topic_match(t.topic, ?4)))" \
	" AND (?2 < 0 OR " STATUS_SQL " = ?2)" \
	" AND (?5 IS NULL OR instr(',' || replace(n.tags, ', ', ',') || ',', ',' || ?5 || ',') > 0)"

/* Is the text of any PDF in the index? (Searching without is quicker.) */
static bool has_pdf_text(struct library *lib)
{
	sqlite3_stmt *st = store_prepare(lib, "SELECT 1 FROM pdf_text WHERE pages > 0 LIMIT 1", NULL);
	bool any = st && sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return any;
}

static int rows_once(struct library *lib, const struct paper_filter *f,
		     struct paper_row **rows, size_t *n, char **errp)
{
	*rows = NULL;
	*n = 0;
	char *match = f && f->query ? fts_query(f->query) : NULL;
	/* One typed letter matches most of a large library and says nothing
	 * about relevance: rank from the second letter on (bm25 over thousands
	 * of matches costs more than a keystroke may). */
	bool ranked = match && letters(f->query) > 1;
	/* The PDFs' text from the third letter on: papers that match there
	 * only come after the others, best page first. */
	bool pdfs = match && letters(f->query) > 2 && has_pdf_text(lib);
	const char *sql = !match ?
		"SELECT p.key, p.arxiv, " TITLE_SQL ", " AUTHORS_SQL ", p.topic, " YEAR_SQL ", p.kind, " STATUS_SQL ", 0"
		" FROM papers p LEFT JOIN notes n ON n.key = p.key" META_JOIN
		" WHERE 1" TOPIC_FILTER " ORDER BY p.position" :
		pdfs ?
		"WITH hits AS MATERIALIZED (SELECT rowid AS rid, bm25(pdf_fts) AS score FROM pdf_fts"
		"  WHERE pdf_fts MATCH ?3),"
		" best AS MATERIALIZED (SELECT x.key AS key, h.rid % 10000 AS page,"
		"  min(h.score) AS score FROM hits h JOIN pdf_text x"
		"  ON x.id = h.rid / 10000 GROUP BY x.id),"
		/* each paper once or twice: its metadata's score, its PDF's */
		" cand AS (SELECT rowid AS rid,"
		"  bm25(fts, 0.0, 10.0, 4.0, 2.0, 1.0, 1.0, 1.0, 8.0) AS meta, NULL AS text, 0 AS page"
		"  FROM fts WHERE fts MATCH ?3"
		"  UNION ALL SELECT q.rowid, NULL, b.score, b.page FROM best b JOIN papers q ON q.key = b.key)"
		" SELECT p.key, p.arxiv, " TITLE_SQL ", " AUTHORS_SQL ", p.topic, " YEAR_SQL ", p.kind, " STATUS_SQL ","
		"  max(c.page)"
		" FROM cand c JOIN papers p ON p.rowid = c.rid"
		" LEFT JOIN notes n ON n.key = p.key" META_JOIN
		" WHERE 1" TOPIC_FILTER
		" GROUP BY p.rowid ORDER BY min(c.meta) IS NULL, min(c.meta), min(c.text), p.position" :
		ranked ?
		"SELECT p.key, p.arxiv, " TITLE_SQL ", " AUTHORS_SQL ", p.topic, " YEAR_SQL ", p.kind, " STATUS_SQL ", 0"
		" FROM fts JOIN papers p ON p.rowid = fts.rowid LEFT JOIN notes n ON n.key = p.key" META_JOIN
		" WHERE fts MATCH ?3" TOPIC_FILTER
		" ORDER BY bm25(fts, 0.0, 10.0, 4.0, 2.0, 1.0, 1.0, 1.0, 8.0), p.position" :
		"SELECT p.key, p.arxiv, " TITLE_SQL ", " AUTHORS_SQL ", p.topic, " YEAR_SQL ", p.kind, " STATUS_SQL ", 0"
		" FROM fts JOIN papers p ON p.rowid = fts.rowid LEFT JOIN notes n ON n.key = p.key" META_JOIN
		" WHERE fts MATCH ?3" TOPIC_FILTER " ORDER BY p.position";
	sqlite3_stmt *st = store_prepare(lib, sql, errp);
	if (!st) {
		free(match);
		return -1;
	}
	if (f && f->topic)
		sqlite3_bind_text(st, 1, f->topic, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, f ? f->status : -1);
	if (match)
		sqlite3_bind_text(st, 3, match, -1, SQLITE_TRANSIENT);
	char *name_key = f && f->topic_name ? topic_key(f->topic_name) : NULL;
	if (name_key)
		sqlite3_bind_text(st, 4, name_key, -1, SQLITE_TRANSIENT);
	free(name_key);
	char *tag = f && f->tag ? tag_normalize(f->tag) : NULL;
	if (f && f->tag)
		sqlite3_bind_text(st, 5, tag ? tag : "", -1, SQLITE_TRANSIENT);
	free(tag);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*rows = xgrow(*rows, &cap, *n + 1, sizeof **rows);
		struct paper_row *r = &(*rows)[(*n)++];
		r->key = col_dup(st, 0);
		r->arxiv = col_dup(st, 1);
		r->title = col_dup(st, 2);
		r->authors = col_dup(st, 3);
		r->topic = col_dup(st, 4);
		r->year = sqlite3_column_int(st, 5);
		r->kind = (enum paper_kind)sqlite3_column_int(st, 6);
		r->status = (enum paper_status)sqlite3_column_int(st, 7);
		r->page = sqlite3_column_int(st, 8);
	}
	sqlite3_finalize(st);
	free(match);
	if (rc != SQLITE_DONE) {
		library_rows_free(rows, *n);
		*n = 0;
		return store_error(lib, errp, "query papers");
	}
	return 0;
}

int library_rows(struct library *lib, const struct paper_filter *f,
		 struct paper_row **rows, size_t *n, char **errp)
{
	store_op_begin(lib);
	int r = rows_once(lib, f, rows, n, errp);
	if (r < 0 && store_recover(lib, errp) == 0)
		r = rows_once(lib, f, rows, n, errp);
	return r;
}

void library_rows_free(struct paper_row **rows, size_t n)
{
	if (!*rows)
		return;
	for (size_t i = 0; i < n; i++) {
		struct paper_row *r = &(*rows)[i];
		free(r->key), free(r->arxiv), free(r->title), free(r->authors), free(r->topic);
	}
	FREE(rows);
}

static int paper_get_once(struct library *lib, const char *key, struct paper *out, char **errp)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = store_prepare(lib,
		"SELECT p.key, p.arxiv, p.arxiv_version, coalesce(p.doi, m.doi), " TITLE_SQL ","
		" " AUTHORS_SQL ", " YEAR_SQL ", p.url,"
		" p.kind, " STATUS_SQL ", p.comment, n.tags, n.rating, n.added, n.read_date,"
		" " ALIAS_SQL ", m.abstract, m.categories, m.published, m.updated, m.journal_ref,"
		" m.version"
		" FROM papers p LEFT JOIN notes n ON n.key = p.key" META_JOIN " WHERE p.key = ?", errp);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		int r = rc == SQLITE_DONE ? 1 : store_error(lib, errp, "read paper");
		sqlite3_finalize(st);
		return r;
	}
	out->key = col_dup(st, 0);
	out->arxiv = col_dup(st, 1);
	out->arxiv_version = sqlite3_column_int(st, 2);
	out->doi = col_dup(st, 3);
	out->title = col_dup(st, 4);
	out->authors = col_dup(st, 5);
	out->year = sqlite3_column_int(st, 6);
	out->url = col_dup(st, 7);
	out->kind = (enum paper_kind)sqlite3_column_int(st, 8);
	out->status = (enum paper_status)sqlite3_column_int(st, 9);
	out->comment = col_dup(st, 10);
	const char *tags = (const char *)sqlite3_column_text(st, 11);
	out->rating = sqlite3_column_int(st, 12);
	out->added = col_dup(st, 13);
	out->read_date = col_dup(st, 14);
	out->alias = col_dup(st, 15);
	out->abstract = col_dup(st, 16);
	out->categories = col_dup(st, 17);
	out->published = col_dup(st, 18);
	out->updated = col_dup(st, 19);
	out->journal_ref = col_dup(st, 20);
	out->latest_version = sqlite3_column_int(st, 21);
	for (const char *t = tags; t && *t;) {
		const char *c = strchr(t, ',');
		size_t len = c ? (size_t)(c - t) : strlen(t);
		char *tag = xstrndup(t, len);
		paper_add_tag(out, tag);
		free(tag);
		t = c ? c + 1 : t + len;
	}
	sqlite3_finalize(st);
	st = store_prepare(lib, "SELECT topic FROM paper_topics WHERE key = ? ORDER BY position", errp);
	if (!st) {
		paper_free(out);
		return -1;
	}
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		paper_add_topic(out, (const char *)sqlite3_column_text(st, 0));
	if (rc != SQLITE_DONE) {
		store_error(lib, errp, "read topics");
		paper_free(out);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int library_paper_get(struct library *lib, const char *key, struct paper *out, char **errp)
{
	store_op_begin(lib);
	int r = paper_get_once(lib, key, out, errp);
	if (r < 0 && store_recover(lib, errp) == 0)
		r = paper_get_once(lib, key, out, errp);
	return r;
}

int library_key_find(struct library *lib, const char *arxiv, const char *doi, char **key,
		     char **errp)
{
	*key = NULL;
	sqlite3_stmt *st = store_prepare(lib,
		"SELECT key FROM papers WHERE arxiv = ?1 OR lower(doi) = lower(?2)"
		" ORDER BY position LIMIT 1", errp);
	if (!st)
		return -1;
	if (arxiv)
		sqlite3_bind_text(st, 1, arxiv, -1, SQLITE_TRANSIENT);
	if (doi)
		sqlite3_bind_text(st, 2, doi, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*key = col_dup(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_error(lib, errp, "find a paper");
	return *key ? 0 : 1;
}

static int compare_topic_path(const void *a, const void *b)
{
	const struct topic_row *const *x = a, *const *y = b;
	return strcmp((*x)->path, (*y)->path);
}

static int topics_once(struct library *lib, struct topic_row **rows, size_t *n, char **errp)
{
	*rows = NULL;
	*n = 0;
	sqlite3_stmt *st = store_prepare(lib, "SELECT path, name, depth FROM topics ORDER BY position", errp);
	if (!st)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*rows = xgrow(*rows, &cap, *n + 1, sizeof **rows);
		struct topic_row *r = &(*rows)[(*n)++];
		r->path = col_dup(st, 0);
		r->name = col_dup(st, 1);
		r->depth = sqlite3_column_int(st, 2);
		r->count = r->unread = 0;
	}
	if (rc != SQLITE_DONE) {
		store_error(lib, errp, "read topics");
		sqlite3_finalize(st);
		library_topics_free(rows, *n);
		*n = 0;
		return -1;
	}
	sqlite3_finalize(st);
	if (*n == 0)
		return 0;

	/* Each topic's parent, found by path; then one pass over the papers'
	 * memberships, counting each paper once in each topic it is in or
	 * below. */
	struct topic_row **by_path = xmalloc(*n * sizeof *by_path);
	for (size_t i = 0; i < *n; i++)
		by_path[i] = &(*rows)[i];
	qsort(by_path, *n, sizeof *by_path, compare_topic_path);
	size_t *parent = xcalloc(*n, sizeof *parent);   /* index + 1, 0 = root */
	size_t *stamp = xcalloc(*n, sizeof *stamp);     /* last paper counted + 1 */
	for (size_t i = 0; i < *n; i++) {
		const char *path = (*rows)[i].path, *sep = NULL;
		for (const char *s = path; (s = strstr(s, TOPIC_SEP)); s += strlen(TOPIC_SEP))
			sep = s;
		if (!sep)
			continue;
		char *up = xstrndup(path, (size_t)(sep - path));
		struct topic_row probe = {up, NULL, 0, 0, 0}, *pp = &probe;
		struct topic_row **hit = bsearch(&pp, by_path, *n, sizeof *by_path, compare_topic_path);
		parent[i] = hit ? (size_t)(*hit - *rows) + 1 : 0;
		free(up);
	}
	st = store_prepare(lib,
		"SELECT t.key, t.topic, " STATUS_SQL " FROM paper_topics t"
		" JOIN papers p ON p.key = t.key LEFT JOIN notes n ON n.key = t.key"
		" ORDER BY t.key", errp);
	int r = st ? 0 : -1;
	size_t paper = 0;
	char *last_key = NULL;
	while (st && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(st, 0);
		const char *topic = (const char *)sqlite3_column_text(st, 1);
		bool unread = sqlite3_column_int(st, 2) == STATUS_UNREAD;
		if (!last_key || strcmp(last_key, key) != 0) {
			free(last_key);
			last_key = xstrdup(key);
			paper++;
		}
		struct topic_row probe = {(char *)topic, NULL, 0, 0, 0}, *pp = &probe;
		struct topic_row **hit = bsearch(&pp, by_path, *n, sizeof *by_path, compare_topic_path);
		for (size_t i = hit ? (size_t)(*hit - *rows) + 1 : 0; i; i = parent[i - 1]) {
			if (stamp[i - 1] == paper)
				break; /* this paper is counted here and above already */
			stamp[i - 1] = paper;
			(*rows)[i - 1].count++;
			(*rows)[i - 1].unread += unread;
		}
	}
	if (st && rc != SQLITE_DONE)
		r = store_error(lib, errp, "count topics");
	sqlite3_finalize(st);
	free(last_key);
	free(stamp);
	free(parent);
	free(by_path);
	if (r < 0) {
		library_topics_free(rows, *n);
		*n = 0;
	}
	return r;
}

int library_topics(struct library *lib, struct topic_row **rows, size_t *n, char **errp)
{
	store_op_begin(lib);
	int r = topics_once(lib, rows, n, errp);
	if (r < 0 && store_recover(lib, errp) == 0)
		r = topics_once(lib, rows, n, errp);
	return r;
}

void library_topics_free(struct topic_row **rows, size_t n)
{
	if (!*rows)
		return;
	for (size_t i = 0; i < n; i++)
		free((*rows)[i].path), free((*rows)[i].name);
	FREE(rows);
}

static int knowledge_once(struct library *lib, struct knowledge **out, size_t *n, char **errp)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = store_prepare(lib,
		"SELECT k.topic, k.title, k.body, k.list, k.line FROM knowledge k"
		" JOIN lists l ON l.name = k.list ORDER BY l.position, k.position", errp);
	if (!st)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = xgrow(*out, &cap, *n + 1, sizeof **out);
		struct knowledge *k = &(*out)[(*n)++];
		k->topic = col_dup(st, 0);
		k->title = col_dup(st, 1);
		k->body = col_dup(st, 2);
		k->source = col_dup(st, 3);
		k->line = sqlite3_column_int(st, 4);
	}
	if (rc != SQLITE_DONE) {
		store_error(lib, errp, "read knowledge");
		for (size_t i = 0; i < *n; i++)
			knowledge_free(&(*out)[i]);
		FREE(out);
		*n = 0;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int library_knowledge(struct library *lib, struct knowledge **out, size_t *n, char **errp)
{
	store_op_begin(lib);
	int r = knowledge_once(lib, out, n, errp);
	if (r < 0 && store_recover(lib, errp) == 0)
		r = knowledge_once(lib, out, n, errp);
	return r;
}
