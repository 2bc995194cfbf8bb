/* cmd_stats.c: `quire stats`, the review statistics as text. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <string.h>

#include "cli/private.h"
#include "study/study.h"
#include "util/i18n.h"

int cmd_stats(const struct cli_globals *g, int argc, char **argv)
{
	int c;
	while ((c = getopt_long(argc, argv, "h", cli_help_option, NULL)) != -1)
		return c == 'h' ? cli_print_help("stats") : cli_usage_error("stats");
	if (optind < argc)
		return cli_usage_error("stats");
	struct library *lib;
	struct study *st;
	if (cli_study_open(g, study_now(), &lib, &st))
		return 1;
	struct strvec lines = STRVEC_INIT;
	study_stats_render(st, 80, &lines);
	for (size_t i = 0; i < lines.n; i++)
		printf("%s\n", lines.v[i]);
	strvec_free(&lines);
	study_free(&st);
	library_close(&lib);
	if (fflush(stdout) != 0)
		return cli_fail(xasprintf(_("standard output: %s"), strerror(errno)));
	return 0;
}
