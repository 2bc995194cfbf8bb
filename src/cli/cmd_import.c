/* cmd_import.c: `quire import [--as NAME] FILE...` */
#include "config.h"

#include <getopt.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>

#include "cli/private.h"
#include "util/i18n.h"

/* The name a list gets under lists/: its own base name, made safe. */
static char *list_name(const char *path, const char *as)
{
	char *copy = xstrdup(as ? as : path);
	const char *base = basename(copy);
	struct buf b = BUF_INIT;
	for (const char *p = base; *p; p++) {
		unsigned char c = (unsigned char)*p;
		bool ok = c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
		buf_addc(&b, ok ? (char)c : '_');
	}
	free(copy);
	if (b.len == 0 || b.data[0] == '.')
		buf_adds(&b, "list");
	if (!str_ends_with(buf_str(&b), ".md") && !str_ends_with(buf_str(&b), ".txt") &&
	    !str_ends_with(buf_str(&b), ".markdown"))
		buf_adds(&b, ".md");
	return buf_detach(&b);
}

int cmd_import(const struct cli_globals *g, int argc, char **argv)
{
	static const struct option opts[] = {{"as", required_argument, NULL, 'a'}, {NULL, 0, NULL, 0}};
	const char *as = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "a:", opts, NULL)) != -1) {
		if (c != 'a')
			return cli_usage_error("import");
		as = optarg;
	}
	if (optind >= argc || (as && argc - optind != 1))
		return cli_usage_error("import");
	struct library *lib = NULL;
	char *err = NULL;
	if (library_open(g->dir, &lib, &err) < 0)
		return cli_fail(err);
	library_set_refresh(lib, cli_refresh_lists);
	int status = 0;
	char *lists_dir = path_join(library_dir(lib), "lists");
	for (int i = optind; i < argc; i++) {
		size_t len;
		char *text = file_read_all(argv[i], &len, &err);
		if (!text) {
			status = cli_fail(err);
			err = NULL;
			continue;
		}
		char *name = list_name(argv[i], as);
		char *dest = path_join(lists_dir, name);
		size_t old_len;
		char *old = file_read_regular(dest, LIST_MAX, &old_len, NULL);
		bool same = old && old_len == len && memcmp(old, text, len) == 0;
		if (!same && file_write_atomic(dest, text, len, &err) < 0) {
			status = cli_fail(err);
			err = NULL;
		}
		free(old);
		free(dest);
		free(name);
		free(text);
	}
	free(lists_dir);
	int refreshed = cli_refresh_lists(lib, &err);
	cli_print_warnings(lib);
	if (refreshed < 0)
		status = cli_fail(err);
	else {
		size_t n;
		struct paper_row *rows;
		if (library_rows(lib, NULL, &rows, &n, &err) == 0) {
			printf(ngettext("%zu paper in the library\n", "%zu papers in the library\n", n), n);
			library_rows_free(&rows, n);
		} else
			status = cli_fail(err);
	}
	library_close(&lib);
	return status;
}
