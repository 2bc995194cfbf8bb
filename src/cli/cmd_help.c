/* cmd_help.c: `quire help [COMMAND]` */
#include "config.h"

#include "cli/private.h"
#include "util/i18n.h"

int cmd_help(const struct cli_globals *g, int argc, char **argv)
{
	UNUSED(g);
	if (argc == 1) {
		printf(_("Usage: quire [--dir DIR] [COMMAND [ARG...]]\n\nCommands:\n"));
		for (const struct cli_command *c = cli_commands; c->name; c++)
			printf("  %-10s %s\n", c->name, _(c->summary));
		return 0;
	}
	if (argc != 2)
		return cli_usage_error("help");
	const struct cli_command *c = cli_command_find(argv[1]);
	if (!c) {
		fprintf(stderr, _("quire: %s: no such command (see `quire --help')\n"), argv[1]);
		return 2;
	}
	printf(_("Usage: quire %s %s\n\n%s\n\n%s\n"), c->name, _(c->usage), _(c->summary), _(c->help));
	return 0;
}
