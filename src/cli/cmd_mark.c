/* cmd_mark.c: `quire mark KEY... read|reading|unread` */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>

#include "cli/private.h"
#include "util/i18n.h"

int cmd_mark(const struct cli_globals *g, int argc, char **argv)
{
	int c;
	while ((c = getopt_long(argc, argv, "h", cli_help_option, NULL)) != -1)
		return c == 'h' ? cli_print_help("mark") : cli_usage_error("mark");
	if (argc - optind < 2)
		return cli_usage_error("mark");
	int status = paper_status_parse(argv[argc - 1]);
	if (status < 0) {
		fprintf(stderr, _("quire: %s: not a status; use read, reading or unread\n"), argv[argc - 1]);
		return 2;
	}
	struct library *lib = cli_open_library(g);
	if (!lib)
		return 1;
	int r = 0;
	for (int i = optind; i < argc - 1; i++) {
		char *err = NULL;
		struct paper p;
		if (cli_paper_lookup(lib, argv[i], &p, &err) != 0) {
			cli_print_warnings(lib);
			r = cli_fail(err);
			continue;
		}
		int m = library_mark(lib, p.key, (enum paper_status)status, &err);
		cli_print_warnings(lib);
		if (m < 0) {
			r = cli_fail(err);
			paper_free(&p);
			continue;
		}
		/* Printed only once the note is on disk: scripts may rely on it. */
		printf(_("%s: %s\n"), p.key, paper_status_name((enum paper_status)status));
		fflush(stdout);
		paper_free(&p);
	}
	library_close(&lib);
	return r;
}
