/* Reading lists in the styles people use (tests/import/styles/NAME.md),
 * each imported through import_parse() and compared entry by entry and
 * field by field with the table written by hand beside it (NAME.tsv:
 * key, arxiv, doi, title, authors, year, status, kind, topic; see the
 * README there). TAP by default; with --score, one line per list: entries
 * expected, entries found, fields right out of fields expected.
 *
 *   test_styles [--score] [DIR]    DIR defaults to $QUIRE_SRCDIR/tests/import/styles */
#include "config.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "import/import.h"

enum { F_KEY, F_ARXIV, F_DOI, F_TITLE, F_AUTHORS, F_YEAR, F_STATUS, F_KIND, F_TOPIC, N_FIELDS };

static const char *const field_names[N_FIELDS] = {
	"key", "arxiv", "doi", "title", "authors", "year", "status", "kind", "topic",
};

struct row {
	char *f[N_FIELDS];    /* "" where the table cell is empty */
};

struct table {
	struct row *rows;
	size_t n, cap;
};

static bool score_mode;

/* Split one TSV line in place into at most n fields. */
static size_t split_tabs(char *line, char **out, size_t n)
{
	size_t k = 0;
	char *p = line;
	while (k < n) {
		out[k++] = p;
		char *t = strchr(p, '\t');
		if (!t)
			break;
		*t = '\0';
		p = t + 1;
	}
	return k;
}

static int table_load(const char *path, struct table *t, char **text_out)
{
	char *err = NULL;
	size_t len;
	char *text = file_read_all(path, &len, &err);
	if (!text) {
		printf("# %s: %s\n", path, err ? err : "cannot read");
		free(err);
		return -1;
	}
	*text_out = text;
	bool header = true;
	for (char *line = text; line && *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		if (*line && *line != '#' && !header) {
			t->rows = xgrow(t->rows, &t->cap, t->n + 1, sizeof(*t->rows));
			struct row *r = &t->rows[t->n++];
			char *f[N_FIELDS];
			size_t k = split_tabs(line, f, N_FIELDS);
			for (size_t i = 0; i < N_FIELDS; i++)
				r->f[i] = i < k ? f[i] : "";
		}
		if (*line && *line != '#')
			header = false;
		line = nl ? nl + 1 : NULL;
	}
	return 0;
}

/* The value of field i of a paper, as the table writes it. */
static char *paper_field(const struct paper *p, int i)
{
	const char *s = NULL;
	switch (i) {
	case F_KEY: s = p->key; break;
	case F_ARXIV: s = p->arxiv; break;
	case F_DOI: s = p->doi; break;
	case F_TITLE: s = p->title; break;
	case F_AUTHORS: s = p->authors; break;
	case F_YEAR: return p->year ? xasprintf("%d", p->year) : xstrdup("");
	case F_STATUS: s = paper_status_name(p->status); break;
	case F_KIND: s = paper_kind_name(p->kind); break;
	case F_TOPIC: s = p->n_topics ? p->topics[0] : NULL; break;
	}
	return xstrdup(s ? s : "");
}

struct score {
	size_t expected, found, fields_right, fields_expected;
};

/* Compare one expected row with a found entry (or none); returns the
 * number of fields right and prints a diagnostic per wrong field. */
static size_t compare(const char *list, size_t k, const struct row *r, const struct paper *p)
{
	size_t right = 0;
	for (int i = 0; i < N_FIELDS; i++) {
		char *got = p ? paper_field(p, i) : NULL;
		if (got && strcmp(got, r->f[i]) == 0)
			right++;
		else if (!score_mode)
			printf("#   %s: entry %zu (%s): %s: got \"%s\", want \"%s\"\n", list, k + 1,
			       r->f[F_KEY], field_names[i], got ? got : "(no entry)", r->f[i]);
		free(got);
	}
	return right;
}

static void run_list(const char *dir, const char *name, struct score *total)
{
	char *md = xasprintf("%s/%s.md", dir, name);
	char *tsv = xasprintf("%s/%s.tsv", dir, name);
	struct table t = {0};
	char *tsv_text = NULL;
	size_t len;
	char *err = NULL;
	char *text = file_read_all(md, &len, &err);
	struct import_result res = {0};
	if (!text || table_load(tsv, &t, &tsv_text) < 0 ||
	    import_parse(name, text, len, &res, &err) != 0) {
		ok(0, "%s: read and import (%s)", name, err ? err : "?");
		goto out;
	}
	/* Pair expected rows with entries: by key in order, then the rest in
	 * document order. */
	size_t *match = xcalloc(t.n ? t.n : 1, sizeof(*match));
	bool *used = xcalloc(res.n_entries ? res.n_entries : 1, sizeof(*used));
	for (size_t k = 0; k < t.n; k++) {
		match[k] = SIZE_MAX;
		for (size_t e = 0; e < res.n_entries; e++)
			if (!used[e] && strcmp(res.entries[e].paper.key, t.rows[k].f[F_KEY]) == 0) {
				match[k] = e;
				used[e] = true;
				break;
			}
	}
	size_t next = 0;
	for (size_t k = 0; k < t.n; k++) {
		if (match[k] != SIZE_MAX)
			continue;
		while (next < res.n_entries && used[next])
			next++;
		if (next < res.n_entries) {
			match[k] = next;
			used[next] = true;
		}
	}
	struct score s = { t.n, res.n_entries, 0, t.n * N_FIELDS };
	if (!score_mode)
		is(res.n_entries, t.n, "%s: entries", name);
	for (size_t e = 0; e < res.n_entries && !score_mode; e++)
		if (!used[e])
			printf("#   %s: unexpected entry at line %d: key \"%s\", title \"%s\"\n", name,
			       res.entries[e].line, res.entries[e].paper.key, res.entries[e].paper.title);
	for (size_t k = 0; k < t.n; k++) {
		const struct paper *p = match[k] != SIZE_MAX ? &res.entries[match[k]].paper : NULL;
		size_t right = compare(name, k, &t.rows[k], p);
		s.fields_right += right;
		if (!score_mode)
			ok(right == N_FIELDS, "%s: entry %zu (%s)", name, k + 1, t.rows[k].f[F_KEY]);
	}
	if (score_mode)
		printf("%-28s %4zu %4zu %5zu/%-5zu\n", name, s.expected, s.found, s.fields_right,
		       s.fields_expected);
	total->expected += s.expected;
	total->found += s.found;
	total->fields_right += s.fields_right;
	total->fields_expected += s.fields_expected;
	free(match);
	free(used);
out:
	import_result_free(&res);
	free(err);
	free(text);
	free(tsv_text);
	free(t.rows);
	free(md);
	free(tsv);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	const char *dir_arg = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--score") == 0)
			score_mode = true;
		else
			dir_arg = argv[i];
	}
	const char *src = getenv("QUIRE_SRCDIR");
	char *dir = dir_arg ? xstrdup(dir_arg)
			    : xasprintf("%s/tests/import/styles", src ? src : ".");
	DIR *d = opendir(dir);
	if (!d) {
		ok(0, "open %s", dir);
		free(dir);
		return done_testing();
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);
		if (l > 4 && strcmp(e->d_name + l - 4, ".tsv") == 0) {
			names = xgrow(names, &cap, n + 1, sizeof(*names));
			names[n++] = xstrndup(e->d_name, l - 4);
		}
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	if (score_mode)
		printf("%-28s %4s %4s %11s\n", "list", "exp", "got", "fields");
	struct score total = {0};
	for (size_t i = 0; i < n; i++) {
		run_list(dir, names[i], &total);
		free(names[i]);
	}
	free(names);
	free(dir);
	if (score_mode) {
		printf("%-28s %4zu %4zu %5zu/%-5zu\n", "TOTAL", total.expected, total.found,
		       total.fields_right, total.fields_expected);
		return 0;
	}
	ok(n >= 25, "at least 25 lists (%zu)", n);
	return done_testing();
}
