/* tui-topics.c: library_topics() is most of the TUI's start-up time on a
 * large library (its SQL counts every topic with two correlated subqueries
 * that scan paper_topics once per topic). This benchmark compares it with
 * a one-pass version (one ordered scan of paper_topics, counts per topic
 * and ancestor in C, each paper counted once per topic) and checks that
 * both give the same rows. A proposal for src/lib/query.c, not built by
 * make. Build and run from a build directory:
 *   cc -O2 -I. -I$SRC/src $SRC/bench/tui-topics.c libquire.a \
 *      $(pkg-config --libs sqlite3 md4c ncursesw) -lm -o tui-topics
 *   QUIRE_CACHE_DIR=... ./tui-topics LIBRARY_DIR */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "lib/private.h"

struct ent {
	const char *path;
	size_t idx;
};
static int ent_cmp(const void *a, const void *b)
{
	return strcmp(((const struct ent *)a)->path, ((const struct ent *)b)->path);
}

static int topics_fast(struct library *lib, struct topic_row **rows, size_t *n, char **errp)
{
	*rows = NULL;
	*n = 0;
	sqlite3_stmt *st =
	        store_prepare(lib, "SELECT path, name, depth FROM topics ORDER BY position", errp);
	if (!st)
		return -1;
	size_t cap = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		*rows = xgrow(*rows, &cap, *n + 1, sizeof **rows);
		struct topic_row *r = &(*rows)[(*n)++];
		r->path = xstrdup((const char *)sqlite3_column_text(st, 0));
		r->name = xstrdup((const char *)sqlite3_column_text(st, 1));
		r->depth = sqlite3_column_int(st, 2);
		r->count = r->unread = 0;
	}
	sqlite3_finalize(st);
	struct ent *ix = xcalloc(*n + 1, sizeof *ix);
	long *stamp = xcalloc(*n + 1, sizeof *stamp);
	for (size_t i = 0; i < *n; i++)
		ix[i] = (struct ent){(*rows)[i].path, i};
	qsort(ix, *n, sizeof *ix, ent_cmp);
	st = store_prepare(lib,
	                   "SELECT t.key, t.topic, coalesce(n.status, p.list_status)"
	                   " FROM paper_topics t JOIN papers p ON p.key = t.key"
	                   " LEFT JOIN notes n ON n.key = t.key ORDER BY t.key",
	                   errp);
	if (!st)
		return -1;
	char *last = NULL;
	long group = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(st, 0);
		if (!last || strcmp(last, key) != 0) {
			free(last);
			last = xstrdup(key);
			group++;
		}
		char *path = xstrdup((const char *)sqlite3_column_text(st, 1));
		int unread = sqlite3_column_int(st, 2) == STATUS_UNREAD;
		/* the topic and each ancestor: cut at every " > " from the end */
		for (;;) {
			struct ent k = {path, 0}, *e = bsearch(&k, ix, *n, sizeof *ix, ent_cmp);
			if (e && stamp[e->idx] != group) {
				stamp[e->idx] = group;
				(*rows)[e->idx].count++;
				(*rows)[e->idx].unread += unread;
			}
			char *sep = NULL, *p = path;
			while ((p = strstr(p, TOPIC_SEP)))
				sep = p++;
			if (!sep)
				break;
			*sep = 0;
		}
		free(path);
	}
	free(last);
	sqlite3_finalize(st);
	free(ix);
	free(stamp);
	return 0;
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}
int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: tui-topics LIBRARY_DIR\n");
		return 2;
	}
	struct library *lib;
	char *err = NULL;
	if (library_open(argv[1], &lib, &err) < 0) {
		puts(err);
		return 1;
	}
	struct topic_row *a, *b;
	size_t na, nb;
	double t0 = now();
	library_topics(lib, &a, &na, &err);
	double t1 = now();
	topics_fast(lib, &b, &nb, &err);
	double t2 = now();
	int same = na == nb;
	for (size_t i = 0; same && i < na; i++)
		same = !strcmp(a[i].path, b[i].path) && a[i].count == b[i].count &&
		       a[i].unread == b[i].unread;
	printf("library_topics %.1f ms, one pass %.1f ms, %zu topics, identical: %s\n", t1 - t0,
	       t2 - t1, na, same ? "yes" : "NO");
	library_topics_free(&a, na);
	library_topics_free(&b, nb);
	library_close(&lib);
	return same ? 0 : 1;
}
