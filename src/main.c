/* main.c: global options, then a subcommand or the TUI. */
#include "config.h"

#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "tui/tui.h"
#include "util/i18n.h"
#include "util/util.h"

static void usage(FILE *out)
{
	fprintf(out, _("Usage: quire [--dir DIR] [COMMAND [ARG...]]\n\n"
		       "Without a command, quire opens the library in the terminal.\n\n"
		       "Commands:\n"));
	for (const struct cli_command *c = cli_commands; c->name; c++)
		fprintf(out, "  %-10s %s\n", c->name, _(c->summary));
	fprintf(out, _("\nOptions:\n"
		       "  -d, --dir DIR   use the library in DIR (default: $QUIRE_DIR,\n"
		       "                  else $XDG_DATA_HOME/quire)\n"
		       "  -h, --help      show this help\n"
		       "  -V, --version   show the version\n\n"
		       "`quire help COMMAND` explains a command; `man quire` has the rest.\n"));
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	bindtextdomain(PACKAGE, LOCALEDIR);
	textdomain(PACKAGE);
	/* Notes, lists and PDFs come from outside: nothing quire prints may
	 * reach the terminal as an escape sequence. */
	term_filter_install();

	static const struct option opts[] = {
		{"dir", required_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{"headless", required_argument, NULL, 'H'},
		{"size", required_argument, NULL, 'S'},
		{"dump", required_argument, NULL, 'D'},
		{"key-times", required_argument, NULL, 'K'},
		{"keys-roff", no_argument, NULL, 'R'},
		{NULL, 0, NULL, 0},
	};
	struct cli_globals g = {0};
	struct tui_options topt;
	memset(&topt, 0, sizeof topt);
	int c;
	/* '+': stop at the first non-option, the subcommand. */
	while ((c = getopt_long(argc, argv, "+d:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			g.dir = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("%s\n", PACKAGE_STRING);
			return 0;
		case 'H':
			topt.script = optarg;
			break;
		case 'D':
			topt.dump_path = optarg;
			break;
		case 'K':
			topt.key_times_path = optarg;
			break;
		case 'R':
			tui_keys_roff(stdout);
			return 0;
		case 'S':
			if (tui_parse_size(optarg, &topt.cols, &topt.rows) < 0) {
				fprintf(stderr, _("quire: --size %s: expected COLSxROWS, e.g. 80x24\n"), optarg);
				return 2;
			}
			break;
		default:
			fprintf(stderr, _("Try `quire --help'.\n"));
			return 2;
		}
	}
	if (optind < argc) {
		const struct cli_command *cmd = cli_command_find(argv[optind]);
		if (!cmd) {
			fprintf(stderr, _("quire: %s: no such command (see `quire --help')\n"), argv[optind]);
			return 2;
		}
		int first = optind;
		optind = 0; /* the subcommand runs getopt afresh */
		return cmd->run(&g, argc - first, argv + first);
	}
	struct library *lib = cli_open_library(&g);
	if (!lib)
		return 1;
	topt.refresh_lists = cli_refresh_lists_quiet;
	/* Under curses nothing may write to the terminal: an index rebuilt
	 * while the interface runs re-reads the lists without warnings. */
	library_set_refresh(lib, cli_refresh_lists_silent);
	int r = tui_run(lib, &topt);
	library_close(&lib);
	return r;
}
