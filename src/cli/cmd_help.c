/* cmd_help.c: `quire help [COMMAND]`, and -h/--help of every command. */
#include "config.h"

#include <getopt.h>

#include "cli/private.h"
#include "util/i18n.h"

int cli_print_help(const char *name)
{
	const struct cli_command *c = cli_command_find(name);
	if (!c) {
		fprintf(stderr, _("quire: %s: no such command (see `quire --help')\n"), name);
		return 2;
	}
	printf(_("Usage: quire %s %s\n\n%s\n\n%s\n"), c->name, _(c->usage), _(c->summary), _(c->help));
	return 0;
}

int cmd_help(const struct cli_globals *g, int argc, char **argv)
{
	UNUSED(g);
	int c;
	while ((c = getopt_long(argc, argv, "h", cli_help_option, NULL)) != -1)
		return c == 'h' ? cli_print_help("help") : cli_usage_error("help");
	if (optind == argc) {
		printf(_("Usage: quire [--dir DIR] [COMMAND [ARG...]]\n\nCommands:\n"));
		for (const struct cli_command *cmd = cli_commands; cmd->name; cmd++)
			printf("  %-10s %s\n", cmd->name, _(cmd->summary));
		return 0;
	}
	if (argc - optind != 1)
		return cli_usage_error("help");
	return cli_print_help(argv[optind]);
}
