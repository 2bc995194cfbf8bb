/* cli: the subcommands of `quire`. One file per subcommand (cmd_NAME.c),
 * one row per subcommand in the table in commands.c. */
#ifndef QUIRE_CLI_H
#define QUIRE_CLI_H

#include "lib/lib.h"

/* Global options parsed by main() before the subcommand. */
struct cli_globals {
	const char *dir;   /* --dir DIR, or NULL for the default */
};

/* A subcommand: argv[0] is its name; returns the process exit status.
 * Errors are printed by the command as one line "quire: ...". */
typedef int cli_run_fn(const struct cli_globals *g, int argc, char **argv);

struct cli_command {
	const char *name;
	cli_run_fn *run;
	const char *usage;    /* "KEY read|reading|unread" (translatable) */
	const char *summary;  /* one line (translatable) */
	const char *help;     /* paragraph for `quire help NAME` (translatable) */
};

extern const struct cli_command cli_commands[];
const struct cli_command *cli_command_find(const char *name);

/* Open the library for a subcommand, refreshing the index from the reading
 * lists; prints the error and returns NULL on failure. */
struct library *cli_open_library(const struct cli_globals *g);

/* Is this whole text mojibake the importer repairs? (For
 * library_set_mojibake_test; cli_open_library sets it.) */
bool cli_is_mojibake(const char *text, size_t len);

/* For the interface: bring the index up to date with lists/ as the
 * commands do, printing nothing; the first problem with a list is returned
 * in *errp (the other lists are still re-read), -1. */
int cli_refresh_lists_quiet(struct library *lib, char **errp);

/* The same, for the library's own rebuilds under the interface: problems
 * with single lists are dropped; only an index failure is -1. */
int cli_refresh_lists_silent(struct library *lib, char **errp);

#endif
