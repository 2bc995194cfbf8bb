/* open.c: opening the library for a command and refreshing the index from
 * the reading lists. */
#include "config.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/private.h"
#include "import/import.h"
#include "util/i18n.h"

int cli_fail(char *msg)
{
	fprintf(stderr, "quire: %s\n", msg ? msg : _("unknown error"));
	free(msg);
	return 1;
}

const struct option cli_help_option[] = {CLI_HELP_OPTION, {NULL, 0, NULL, 0}};

int cli_usage_error(const char *name)
{
	const struct cli_command *c = cli_command_find(name);
	fprintf(stderr, _("Usage: quire %s %s\n"), name, c ? _(c->usage) : "");
	return 2;
}

static bool is_list_file(const char *name)
{
	return name[0] != '.' && (str_ends_with(name, ".md") || str_ends_with(name, ".markdown") ||
				  str_ends_with(name, ".txt"));
}

/* Re-read one list whose size or time changed. A list that cannot be read
 * or parsed is a warning (the others still count): printed, or kept in
 * *warning (the first one) when warning is not NULL. An index that cannot
 * take it is an error. */
static int refresh_one(struct library *lib, const char *lists_dir, const char *name,
		       const struct stat *st, char **warning, char **errp)
{
	struct list_stamp now = {(long long)st->st_size,
				 (long long)st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec};
	struct list_stamp known;
	if (library_list_stamp(lib, name, &known) == 0 && known.size == now.size &&
	    known.mtime_ns == now.mtime_ns)
		return 0;
	char *path = path_join(lists_dir, name);
	char *err = NULL;
	size_t len;
	char *text = file_read_regular(path, LIST_MAX, &len, &err);
	int r = 0;
	struct import_result res;
	memset(&res, 0, sizeof res);
	char *decoded = text ? import_decode(path, text, len, &len, &err) : NULL;
	free(text);
	text = decoded;
	if (text && import_parse(path, text, len, &res, &err) == 0) {
		struct paper *papers = xcalloc(res.n_entries ? res.n_entries : 1, sizeof *papers);
		for (size_t i = 0; i < res.n_entries; i++)
			papers[i] = res.entries[i].paper; /* shallow: res keeps ownership */
		for (size_t i = 0; i < res.n_entries; i++)
			papers[i].line = res.entries[i].line;
		r = library_replace_list(lib, name, now, papers, res.n_entries, res.sections,
					 res.n_sections, errp);
		free(papers);
	} else if (warning) {
		if (!*warning)
			*warning = xstrdup(err ? err : path);
	} else {
		fprintf(stderr, _("quire: warning: %s\n"), err ? err : path);
	}
	import_result_free(&res);
	free(text);
	free(err);
	free(path);
	return r;
}

static void refresh_warn_link(const char *path, char **warning)
{
	char *msg = xasprintf(_("%s: a symbolic link; quire does not follow links in the library"), path);
	if (!warning)
		fprintf(stderr, _("quire: warning: %s\n"), msg);
	if (warning && !*warning)
		*warning = msg;
	else
		free(msg);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int refresh_lists(struct library *lib, char **warning, char **errp)
{
	char *lists_dir = path_join(library_dir(lib), "lists");
	DIR *d = opendir(lists_dir);
	if (!d) {
		error_set(errp, _("%s: cannot open the lists directory"), lists_dir);
		free(lists_dir);
		return -1;
	}
	struct strvec names = STRVEC_INIT;
	struct dirent *de;
	while ((de = readdir(d)))
		if (is_list_file(de->d_name))
			strvec_push(&names, de->d_name);
	closedir(d);
	if (names.n)
		qsort(names.v, names.n, sizeof *names.v, compare_names); /* a stable order */
	int r = 0;
	for (size_t i = 0; r == 0 && i < names.n; i++) {
		char *path = path_join(lists_dir, names.v[i]);
		struct stat st;
		if (lstat(path, &st) == 0 && S_ISREG(st.st_mode))
			r = refresh_one(lib, lists_dir, names.v[i], &st, warning, errp);
		else if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
			refresh_warn_link(path, warning);
		free(path);
	}
	struct strvec known = STRVEC_INIT;
	if (r == 0)
		r = library_list_names(lib, &known, errp);
	for (size_t i = 0; r == 0 && i < known.n; i++) {
		if (strvec_contains(&names, known.v[i]))
			continue;
		/* A list another quire imported since readdir is not dropped. */
		char *path = path_join(lists_dir, known.v[i]);
		if (!file_exists(path))
			r = library_drop_list(lib, known.v[i], errp);
		free(path);
	}
	strvec_free(&known);
	strvec_free(&names);
	free(lists_dir);
	return r;
}

int cli_refresh_lists(struct library *lib, char **errp)
{
	return refresh_lists(lib, NULL, errp);
}

int cli_refresh_lists_silent(struct library *lib, char **errp)
{
	char *warning = NULL;
	int r = refresh_lists(lib, &warning, errp);
	free(warning);
	return r;
}

int cli_refresh_lists_quiet(struct library *lib, char **errp)
{
	char *warning = NULL;
	if (refresh_lists(lib, &warning, errp) < 0) {
		free(warning);
		return -1;
	}
	if (warning) {
		error_set(errp, "%s", warning);
		free(warning);
		return -1;
	}
	return 0;
}

bool cli_is_mojibake(const char *text, size_t len)
{
	size_t n;
	char *fixed = mojibake_repair(text, len, &n);
	bool is = fixed != NULL;
	free(fixed);
	return is;
}

void cli_print_warnings(struct library *lib)
{
	struct strvec w = STRVEC_INIT;
	library_warnings(lib, &w);
	for (size_t i = 0; i < w.n; i++)
		fprintf(stderr, _("quire: warning: %s\n"), w.v[i]);
	strvec_free(&w);
}

struct library *cli_open_library(const struct cli_globals *g)
{
	struct library *lib = NULL;
	char *err = NULL;
	if (library_open(g->dir, &lib, &err) < 0) {
		cli_fail(err);
		return NULL;
	}
	library_set_refresh(lib, cli_refresh_lists);
	library_set_mojibake_test(lib, cli_is_mojibake);
	if (cli_refresh_lists(lib, &err) < 0) {
		cli_print_warnings(lib);
		cli_fail(err);
		library_close(&lib);
		return NULL;
	}
	cli_print_warnings(lib);
	return lib;
}
