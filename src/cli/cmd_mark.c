/* cmd_mark.c: `quire mark KEY... read|reading|unread` */
#include "config.h"

#include <stdlib.h>

#include "cli/private.h"
#include "util/i18n.h"

int cmd_mark(const struct cli_globals *g, int argc, char **argv)
{
	if (argc < 3)
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
	for (int i = 1; i < argc - 1; i++) {
		char *err = NULL;
		int m = library_mark(lib, argv[i], (enum paper_status)status, &err);
		cli_print_warnings(lib);
		if (m < 0) {
			r = cli_fail(err);
			continue;
		}
		/* Printed only once the note is on disk: scripts may rely on it. */
		printf(_("%s: %s\n"), argv[i], paper_status_name((enum paper_status)status));
		fflush(stdout);
	}
	library_close(&lib);
	return r;
}
