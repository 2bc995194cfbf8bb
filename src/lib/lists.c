/* lists.c: what the index knows from the reading lists, and the tables
 * derived from it (papers merged across lists, the topic tree, full text). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/private.h"

static int list_stamp_once(struct library *lib, const char *name, struct list_stamp *out)
{
	sqlite3_stmt *st = store_prepare(lib, "SELECT size, mtime_ns FROM lists WHERE name = ?", NULL);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st), r = 1;
	if (rc == SQLITE_ROW) {
		out->size = sqlite3_column_int64(st, 0);
		out->mtime_ns = sqlite3_column_int64(st, 1);
		r = 0;
	} else if (rc != SQLITE_DONE) {
		r = store_error(lib, NULL, "read list");
	}
	sqlite3_finalize(st);
	return r;
}

int library_list_stamp(struct library *lib, const char *name, struct list_stamp *out)
{
	store_op_begin(lib);
	int r = list_stamp_once(lib, name, out);
	if (r < 0 && store_recover(lib, NULL) == 0)
		r = list_stamp_once(lib, name, out);
	return r;
}

static int list_names_once(struct library *lib, struct strvec *out, char **errp)
{
	sqlite3_stmt *st = store_prepare(lib, "SELECT name FROM lists ORDER BY position", errp);
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		strvec_push(out, (const char *)sqlite3_column_text(st, 0));
	if (rc != SQLITE_DONE)
		store_error(lib, errp, "read lists");
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int library_list_names(struct library *lib, struct strvec *out, char **errp)
{
	store_op_begin(lib);
	int r = list_names_once(lib, out, errp);
	if (r < 0 && store_recover(lib, errp) == 0) {
		strvec_free(out);
		r = list_names_once(lib, out, errp);
	}
	return r;
}

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

static int insert_entries(struct library *lib, const char *name, const struct paper *papers,
			  size_t n, char **errp)
{
	sqlite3_stmt *st = store_prepare(lib,
		"INSERT INTO entries(list, position, key, arxiv, arxiv_version, doi, title, authors,"
		" year, url, kind, status, comment, topic, line) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", errp);
	if (!st)
		return -1;
	int pos = 0;
	for (size_t i = 0; i < n; i++) {
		const struct paper *p = &papers[i];
		if (!p->key || !key_is_safe(p->key))
			continue;
		size_t nt = p->n_topics ? p->n_topics : 1;
		for (size_t t = 0; t < nt; t++) {
			sqlite3_reset(st);
			sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int(st, 2, pos++);
			sqlite3_bind_text(st, 3, p->key, -1, SQLITE_TRANSIENT);
			bind_text_or_null(st, 4, p->arxiv);
			sqlite3_bind_int(st, 5, p->arxiv_version);
			bind_text_or_null(st, 6, p->doi);
			bind_text_or_null(st, 7, p->title);
			bind_text_or_null(st, 8, p->authors);
			sqlite3_bind_int(st, 9, p->year);
			bind_text_or_null(st, 10, p->url);
			sqlite3_bind_int(st, 11, p->kind);
			sqlite3_bind_int(st, 12, p->status);
			bind_text_or_null(st, 13, p->comment);
			bind_text_or_null(st, 14, p->n_topics ? p->topics[t] : NULL);
			sqlite3_bind_int(st, 15, p->line);
			if (sqlite3_step(st) != SQLITE_DONE) {
				sqlite3_finalize(st);
				return store_error(lib, errp, "insert entry");
			}
		}
	}
	sqlite3_finalize(st);
	return 0;
}

static int insert_sections(struct library *lib, const char *name, const struct knowledge *k,
			   size_t n, char **errp)
{
	sqlite3_stmt *st = store_prepare(lib,
		"INSERT INTO knowledge(list, position, topic, title, body, line) VALUES(?,?,?,?,?,?)", errp);
	if (!st)
		return -1;
	for (size_t i = 0; i < n; i++) {
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 2, (int)i);
		bind_text_or_null(st, 3, k[i].topic);
		bind_text_or_null(st, 4, k[i].title);
		bind_text_or_null(st, 5, k[i].body);
		sqlite3_bind_int(st, 6, k[i].line);
		if (sqlite3_step(st) != SQLITE_DONE) {
			sqlite3_finalize(st);
			return store_error(lib, errp, "insert knowledge");
		}
	}
	sqlite3_finalize(st);
	return 0;
}

static int replace_list_once(struct library *lib, const char *name, struct list_stamp stamp,
			     const struct paper *papers, size_t n_papers,
			     const struct knowledge *sections, size_t n_sections, char **errp)
{
	if (store_exec(lib, "BEGIN IMMEDIATE", errp) < 0)
		return -1;
	sqlite3_stmt *st = store_prepare(lib,
		"INSERT INTO lists(name, size, mtime_ns, position) VALUES(?1, ?2, ?3,"
		" (SELECT coalesce(max(position), -1) + 1 FROM lists))"
		" ON CONFLICT(name) DO UPDATE SET size = ?2, mtime_ns = ?3", errp);
	int r = -1;
	if (!st)
		goto out;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, stamp.size);
	sqlite3_bind_int64(st, 3, stamp.mtime_ns);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		store_error(lib, errp, "update lists");
		goto out;
	}
	char *q = sqlite3_mprintf("DELETE FROM entries WHERE list = %Q; DELETE FROM knowledge WHERE list = %Q;",
				  name, name);
	rc = store_exec(lib, q, errp);
	sqlite3_free(q);
	if (rc < 0 || insert_entries(lib, name, papers, n_papers, errp) < 0 ||
	    insert_sections(lib, name, sections, n_sections, errp) < 0 ||
	    store_rebuild_derived(lib, errp) < 0)
		goto out;
	r = 0;
out:
	if (r == 0)
		r = store_exec(lib, "COMMIT", errp);
	else
		sqlite3_exec(lib->db, "ROLLBACK", NULL, NULL, NULL);
	return r;
}

int library_replace_list(struct library *lib, const char *name, struct list_stamp stamp,
			 const struct paper *papers, size_t n_papers,
			 const struct knowledge *sections, size_t n_sections, char **errp)
{
	store_op_begin(lib);
	int r = replace_list_once(lib, name, stamp, papers, n_papers, sections, n_sections, errp);
	if (r < 0 && store_recover(lib, errp) == 0)
		r = replace_list_once(lib, name, stamp, papers, n_papers, sections, n_sections, errp);
	return r;
}

static int drop_list_once(struct library *lib, const char *name, char **errp)
{
	char *q = sqlite3_mprintf("BEGIN IMMEDIATE; DELETE FROM entries WHERE list = %Q;"
				  " DELETE FROM knowledge WHERE list = %Q; DELETE FROM lists WHERE name = %Q;",
				  name, name, name);
	int r = store_exec(lib, q, errp);
	sqlite3_free(q);
	if (r == 0 && store_rebuild_derived(lib, errp) == 0)
		return store_exec(lib, "COMMIT", errp);
	sqlite3_exec(lib->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

int library_drop_list(struct library *lib, const char *name, char **errp)
{
	store_op_begin(lib);
	int r = drop_list_once(lib, name, errp);
	if (r < 0 && store_recover(lib, errp) == 0)
		r = drop_list_once(lib, name, errp);
	return r;
}

/* ---- derived tables ---- */

/* The topic tree, kept in first-appearance order of each node's children. */
struct topic_node {
	char *path;
	size_t first_child, next_sibling, last_child; /* indices + 1; 0 = none */
	int depth;
};

struct topic_tree {
	struct topic_node *nodes;
	size_t n, cap;
	size_t first_root, last_root;
};

static size_t tree_find(const struct topic_tree *t, const char *path, size_t len)
{
	for (size_t i = 0; i < t->n; i++)
		if (strlen(t->nodes[i].path) == len && memcmp(t->nodes[i].path, path, len) == 0)
			return i + 1;
	return 0;
}

/* Add path and its ancestors; returns the node index + 1. */
static size_t tree_add(struct topic_tree *t, const char *path, size_t len)
{
	size_t found = tree_find(t, path, len);
	if (found)
		return found;
	size_t parent = 0;
	int depth = 0;
	for (size_t i = len; i >= strlen(TOPIC_SEP); i--) {
		if (memcmp(path + i - strlen(TOPIC_SEP), TOPIC_SEP, strlen(TOPIC_SEP)) == 0) {
			parent = tree_add(t, path, i - strlen(TOPIC_SEP));
			depth = t->nodes[parent - 1].depth + 1;
			break;
		}
	}
	t->nodes = xgrow(t->nodes, &t->cap, t->n + 1, sizeof *t->nodes);
	struct topic_node *nd = &t->nodes[t->n++];
	memset(nd, 0, sizeof *nd);
	nd->path = xstrndup(path, len);
	nd->depth = depth;
	size_t self = t->n;
	if (parent) {
		struct topic_node *p = &t->nodes[parent - 1];
		if (p->last_child)
			t->nodes[p->last_child - 1].next_sibling = self;
		else
			p->first_child = self;
		p->last_child = self;
	} else {
		if (t->last_root)
			t->nodes[t->last_root - 1].next_sibling = self;
		else
			t->first_root = self;
		t->last_root = self;
	}
	return self;
}

static int tree_store(struct library *lib, const struct topic_tree *t, char **errp)
{
	sqlite3_stmt *st = store_prepare(lib,
		"INSERT INTO topics(path, name, depth, position) VALUES(?,?,?,?)", errp);
	if (!st)
		return -1;
	/* Depth-first walk without recursion: an explicit stack of siblings. */
	size_t *stack = xmalloc((t->n + 1) * sizeof *stack);
	size_t sp = 0, pos = 0;
	int r = 0;
	if (t->first_root)
		stack[sp++] = t->first_root;
	while (sp && r == 0) {
		size_t i = stack[--sp];
		const struct topic_node *nd = &t->nodes[i - 1];
		if (nd->next_sibling)
			stack[sp++] = nd->next_sibling;
		if (nd->first_child)
			stack[sp++] = nd->first_child;
		const char *name = nd->path;
		for (const char *s = nd->path; (s = strstr(s, TOPIC_SEP)); s += strlen(TOPIC_SEP))
			name = s + strlen(TOPIC_SEP);
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, nd->path, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 3, nd->depth);
		sqlite3_bind_int64(st, 4, (sqlite3_int64)pos++);
		if (sqlite3_step(st) != SQLITE_DONE)
			r = store_error(lib, errp, "insert topic");
	}
	free(stack);
	sqlite3_finalize(st);
	return r;
}

static void tree_free(struct topic_tree *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->nodes[i].path);
	free(t->nodes);
}

/* Merge entries into papers: first non-empty value of each field in list
 * order, the strongest status, every distinct comment and topic. */
struct merged {
	struct paper p;
	struct buf comment;
	long long position;
};

static void merged_flush(struct library *lib, sqlite3_stmt *put, sqlite3_stmt *put_topic,
			 struct merged *m, int *rc, char **errp)
{
	if (!m->p.key)
		return;
	struct paper *p = &m->p;
	sqlite3_reset(put);
	sqlite3_bind_text(put, 1, p->key, -1, SQLITE_TRANSIENT);
	bind_text_or_null(put, 2, p->arxiv);
	sqlite3_bind_int(put, 3, p->arxiv_version);
	bind_text_or_null(put, 4, p->doi);
	bind_text_or_null(put, 5, p->title);
	bind_text_or_null(put, 6, p->authors);
	sqlite3_bind_int(put, 7, p->year);
	bind_text_or_null(put, 8, p->url);
	sqlite3_bind_int(put, 9, p->kind);
	sqlite3_bind_int(put, 10, p->status);
	bind_text_or_null(put, 11, buf_str(&m->comment));
	bind_text_or_null(put, 12, p->n_topics ? p->topics[0] : NULL);
	sqlite3_bind_int64(put, 13, m->position);
	if (sqlite3_step(put) != SQLITE_DONE && *rc == 0)
		*rc = store_error(lib, errp, "insert paper");
	for (size_t i = 0; i < p->n_topics; i++) {
		sqlite3_reset(put_topic);
		sqlite3_bind_text(put_topic, 1, p->key, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(put_topic, 2, p->topics[i], -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(put_topic, 3, (int)i);
		if (sqlite3_step(put_topic) != SQLITE_DONE && *rc == 0)
			*rc = store_error(lib, errp, "insert paper topic");
	}
	paper_free(p);
	buf_free(&m->comment);
	memset(m, 0, sizeof *m);
}

static void take_text(char **dst, sqlite3_stmt *st, int col)
{
	const char *s = (const char *)sqlite3_column_text(st, col);
	if (!*dst && s && *s)
		*dst = xstrdup(s);
}

/* What the full-text index holds of a note: its tags and its body. */
int store_rebuild_derived(struct library *lib, char **errp)
{
	if (store_exec(lib, "DELETE FROM papers; DELETE FROM paper_topics; DELETE FROM topics;", errp) < 0)
		return -1;
	sqlite3_stmt *st = store_prepare(lib,
		"SELECT e.key, e.arxiv, e.arxiv_version, e.doi, e.title, e.authors, e.year, e.url,"
		" e.kind, e.status, e.comment, e.topic, l.position * 100000000 + e.position"
		" FROM entries e JOIN lists l ON l.name = e.list"
		" ORDER BY e.key, l.position, e.position", errp);
	sqlite3_stmt *order = store_prepare(lib,
		"SELECT e.topic FROM entries e JOIN lists l ON l.name = e.list"
		" WHERE e.topic IS NOT NULL ORDER BY l.position, e.position", errp);
	sqlite3_stmt *put = store_prepare(lib,
		"INSERT INTO papers(key, arxiv, arxiv_version, doi, title, authors, year, url, kind,"
		" list_status, comment, topic, position) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)", errp);
	sqlite3_stmt *put_topic = store_prepare(lib,
		"INSERT OR IGNORE INTO paper_topics(key, topic, position) VALUES(?,?,?)", errp);
	int rc = (st && order && put && put_topic) ? 0 : -1;
	struct merged m;
	memset(&m, 0, sizeof m);
	int step = SQLITE_DONE;
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(st, 0);
		if (!m.p.key || strcmp(m.p.key, key) != 0) {
			merged_flush(lib, put, put_topic, &m, &rc, errp);
			m.p.key = xstrdup(key);
			m.p.kind = sqlite3_column_int(st, 8);
			m.position = sqlite3_column_int64(st, 12);
		}
		take_text(&m.p.arxiv, st, 1);
		if (!m.p.arxiv_version)
			m.p.arxiv_version = sqlite3_column_int(st, 2);
		take_text(&m.p.doi, st, 3);
		take_text(&m.p.title, st, 4);
		take_text(&m.p.authors, st, 5);
		if (!m.p.year)
			m.p.year = sqlite3_column_int(st, 6);
		take_text(&m.p.url, st, 7);
		if (sqlite3_column_int(st, 9) > (int)m.p.status)
			m.p.status = sqlite3_column_int(st, 9);
		const char *c = (const char *)sqlite3_column_text(st, 10);
		if (c && *c && !strstr(buf_str(&m.comment), c)) {
			if (m.comment.len)
				buf_adds(&m.comment, "\n\n");
			buf_adds(&m.comment, c);
		}
		const char *t = (const char *)sqlite3_column_text(st, 11);
		if (t && *t)
			paper_add_topic(&m.p, t);
	}
	merged_flush(lib, put, put_topic, &m, &rc, errp);
	if (rc == 0 && step != SQLITE_DONE)
		rc = store_error(lib, errp, "merge entries");
	struct topic_tree tree;
	memset(&tree, 0, sizeof tree);
	while (rc == 0 && (step = sqlite3_step(order)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(order, 0);
		tree_add(&tree, t, strlen(t));
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = store_error(lib, errp, "read topics");
	if (rc == 0)
		rc = tree_store(lib, &tree, errp);
	tree_free(&tree);
	sqlite3_finalize(st);
	sqlite3_finalize(order);
	sqlite3_finalize(put);
	sqlite3_finalize(put_topic);
	if (rc == 0)
		rc = store_exec(lib,
			"DELETE FROM fts;" FTS_INSERT ";", errp);
	return rc;
}

int store_fts_update(struct library *lib, const char *key, char **errp)
{
	sqlite3_stmt *del = store_prepare(lib,
		"DELETE FROM fts WHERE rowid = (SELECT rowid FROM papers WHERE key = ?1)", errp);
	sqlite3_stmt *ins = store_prepare(lib,
		FTS_INSERT " WHERE p.key = ?1", errp);
	int r = -1;
	if (del && ins) {
		sqlite3_bind_text(del, 1, key, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 1, key, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(del) == SQLITE_DONE && sqlite3_step(ins) == SQLITE_DONE)
			r = 0;
		else
			store_error(lib, errp, "update full-text index");
	}
	sqlite3_finalize(del);
	sqlite3_finalize(ins);
	return r;
}
