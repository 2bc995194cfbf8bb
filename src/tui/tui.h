/* tui: the full-screen interface (topic tree, paper list, detail pane, help)
 * and its headless test harness. Depends on lib and util. */
#ifndef QUIRE_TUI_H
#define QUIRE_TUI_H

#include <stdio.h>

#include "lib/lib.h"

/* How tui_run is driven. All fields are optional (zero/NULL = default). */
struct tui_options {
	/* Headless mode: read keys and commands from this script instead of
	 * the terminal (see tests/tui/README.md for the script language);
	 * NULL runs on the real terminal. "-" reads the script from stdin. */
	const char *script;
	/* Screen size in headless mode; 0 means 80 x 24. */
	int cols, rows;
	/* Where :dump writes screen dumps in headless mode; NULL: stdout. */
	const char *dump_path;
	/* Headless only: write one line "KEY<TAB>MICROSECONDS" per key (time
	 * to handle the key, redraw and update the screen). For bench/. */
	const char *key_times_path;
	/* Bring the index up to date with lists/ after another process
	 * changed it (the importer lives outside the interface); returns 0,
	 * or -1 with *errp set. NULL: changed lists are not re-read. */
	int (*refresh_lists)(struct library *lib, char **errp);
};

/* Run the interface on lib until the user quits (or the script ends).
 * Changes other processes make to notes/ and lists/ are shown as they
 * happen, without a key press.
 * lib stays owned by the caller. Returns the process exit status: 0, or 1
 * after printing one line "quire: ..." on stderr when the terminal or the
 * script cannot be used. The terminal is restored on every exit path,
 * including crash signals. */
int tui_run(struct library *lib, const struct tui_options *opt);

/* Print the key table as roff (the man page's KEYS section, man/keys.inc). */
void tui_keys_roff(FILE *out);

/* Parse "COLSxROWS" (e.g. "80x24") for a --size option; 0 or -1. */
int tui_parse_size(const char *s, int *cols, int *rows);

#endif
