/* cmd_sync.c: `quire sync [--init URL]` and `quire merge-note`, git's merge
 * driver for notes. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>

#include "cli/private.h"
#include "sync/sync.h"
#include "util/i18n.h"

static void print_line(void *ctx, const char *line)
{
	UNUSED(ctx);
	printf("%s\n", line);
	fflush(stdout);
}

int cmd_sync(const struct cli_globals *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{"init", required_argument, NULL, 'i'},
		CLI_HELP_OPTION,
		{NULL, 0, NULL, 0},
	};
	const char *url = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h')
			return cli_print_help("sync");
		if (c != 'i')
			return cli_usage_error("sync");
		url = optarg;
	}
	if (optind != argc || (url && !*url))
		return cli_usage_error("sync");
	struct library *lib = cli_open_library(g);
	if (!lib)
		return 1;
	struct sync_opts o = {print_line, NULL, 0, NULL};
	bool pulled = false;
	char *err = NULL;
	int r = url ? sync_init(library_dir(lib), url, &o, &pulled, &err)
		    : sync_run(library_dir(lib), &o, &pulled, &err);
	if (pulled) {
		/* the files changed under the index: bring it up to date */
		char *e2 = NULL;
		if (library_notes_refresh(lib, &e2) < 0 || cli_refresh_lists(lib, &e2) < 0)
			fprintf(stderr, _("quire: warning: %s\n"), e2 ? e2 : _("index not refreshed"));
		free(e2);
	}
	cli_print_warnings(lib);
	library_close(&lib);
	return r < 0 ? cli_fail(err) : 0;
}

int cmd_merge_note(const struct cli_globals *g, int argc, char **argv)
{
	UNUSED(g);
	int c;
	while ((c = getopt_long(argc, argv, "h", cli_help_option, NULL)) != -1)
		return c == 'h' ? cli_print_help("merge-note") : cli_usage_error("merge-note");
	if (argc - optind != 3 && argc - optind != 4)
		return cli_usage_error("merge-note");
	char *err = NULL;
	const char *name = argc - optind == 4 ? argv[optind + 3] : argv[optind + 1];
	int r = sync_merge_note_files(argv[optind], argv[optind + 1], argv[optind + 2], &err);
	if (r < 0)
		return cli_fail(err);
	if (r > 0)
		fprintf(stderr, _("quire: %s: both sides changed the same lines of the note; "
				  "both versions are kept between conflict markers\n"), name);
	return r;
}
