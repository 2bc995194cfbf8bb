/* private.h: the subcommands and the helpers they share. */
#ifndef QUIRE_CLI_PRIVATE_H
#define QUIRE_CLI_PRIVATE_H

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>

#include "cli/cli.h"

cli_run_fn cmd_import, cmd_list, cmd_show, cmd_mark, cmd_search, cmd_help;
cli_run_fn cmd_summarize, cmd_model, cmd_srs, cmd_text, cmd_resolve, cmd_add, cmd_fetch;
cli_run_fn cmd_render, cmd_links;
cli_run_fn cmd_note, cmd_tag, cmd_rate, cmd_sync, cmd_merge_note;
cli_run_fn cmd_cards, cmd_review, cmd_stats;

struct study;
/* Load the settings, the library and its cards with their states at now
 * (cmd_cards.c), printing warnings; 0, or 1 after printing the error. */
int cli_study_open(const struct cli_globals *g, int64_t now, struct library **lib,
		   struct study **st);

/* Print "quire: msg" on stderr and free msg; returns 1. */
int cli_fail(char *msg);

/* Bring the index up to date with the files under lists/ (parse what
 * changed, forget what was removed). Problems with one list (unreadable,
 * a symbolic link, too large) are printed as warnings and do not stop the
 * others; an index that cannot take a list is an error. */
int cli_refresh_lists(struct library *lib, char **errp);
/* Extract and index the text of the cached PDFs whose text the index
 * lacks or holds for an older file (index.c). A PDF that cannot be read is
 * one line on stderr, recorded, and not tried again until it changes;
 * -1 only when the index failed. */
int cli_index_pdfs(struct library *lib, char **errp);
/* Print the library's pending warnings on stderr, one line each. */
void cli_print_warnings(struct library *lib);

enum output_format { FORMAT_TSV, FORMAT_JSON };
int output_format_parse(const char *s);  /* -1 when unknown */
/* The rows as TSV (a header line first) or JSON; with pages (search
 * results), a last column / field "page": the page of the best hit in
 * the paper's PDF text (empty / null when none). */
void print_rows(FILE *out, const struct paper_row *rows, size_t n, enum output_format f,
		bool pages);
/* Print s as a JSON string (quotes, escapes), or null for NULL. */
void cli_put_json_string(FILE *out, const char *s);
/* Print "Usage: quire NAME USAGE" for a command and return 2. */
int cli_usage_error(const char *name);
/* Print the help of a command (what `quire help NAME` prints); returns 0,
 * or 2 when there is no such command. */
int cli_print_help(const char *name);
/* {"help", no_argument, NULL, 'h'} and the end of the table, for a command
 * with no options of its own; others list CLI_HELP_OPTION in their table. */
extern const struct option cli_help_option[];
#define CLI_HELP_OPTION {"help", no_argument, NULL, 'h'}

/* The paper a user means by `what`: a key, an arXiv id in any form (old or
 * new style, with or without version, "arXiv:ID", an arxiv.org abs/pdf URL)
 * or a DOI (or doi.org URL). Returns 0 with *out filled (free with
 * paper_free), 1 when no paper matches (*errp says so, naming `what`), -1
 * on error. */
int cli_paper_lookup(struct library *lib, const char *what, struct paper *out, char **errp);

/* The PDF meant by what: a file, else the cached PDF of the paper it names.
 * Returns a new path (caller frees) or NULL with *errp set. */
char *cli_pdf_resolve(const struct cli_globals *g, const char *what, char **errp);

#endif
