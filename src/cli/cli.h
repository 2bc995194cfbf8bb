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

/* ---- the network, for the commands and the interface ---- */

struct net;
struct net_event;

/* Queue the download of a paper's PDF into the cache, as `quire fetch`
 * does: from the arXiv PDF prefix (with the version the list names), else
 * from the list's link, following a landing page's citation_pdf_url; into
 * <cache>/pdf/<key>.pdf through a resumable .part, accepted only when
 * MuPDF opens it with a page (checked on the network thread). Returns the
 * request id (user comes back in its events), or 0 with *errp set when
 * the paper has no link. */
unsigned cli_fetch_submit(struct library *lib, struct net *net, const struct paper *p, void *user,
			  char **errp);

/* Add what a user typed (an arXiv id or URL, a DOI, a web address) to
 * lists/inbox.md as `quire add` does, without the network (resolve it
 * after with cli_resolve_submit), and refresh the index quietly. *key gets
 * the paper's key and *arxiv its arXiv id (NULL: nothing to resolve), both
 * for the caller to free. Returns 0, 1 when the paper was in the library
 * already, -1 with *errp set. */
int cli_add_offline(struct library *lib, const char *what, char **key, char **arxiv, char **errp);

/* Queue one arXiv API request for ids[0..n) (n <= ARXIV_BATCH, the ids as
 * library_arxiv_ids gives them); user comes back in its events. */
unsigned cli_resolve_submit(struct net *net, char *const *ids, size_t n, void *user);
/* Take the NET_EV_DONE event of such a request, on the thread that owns
 * lib: parse the answer and store what it says. Ids stored are pushed to
 * resolved, the others to failed; each problem is one line pushed to
 * problems (a failed request or a bad answer: one line for the batch).
 * Returns -1 with *errp set only when the index could not take them. */
int cli_resolve_done(struct library *lib, const struct net_event *ev, char *const *ids, size_t n,
		     struct strvec *resolved, struct strvec *failed, struct strvec *problems,
		     char **errp);

#endif
