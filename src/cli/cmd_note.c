/* cmd_note.c: `quire note KEY [--append TEXT]`, `quire tag KEY +t -u`,
 * `quire rate KEY N`: a paper's note, tags and rating. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/private.h"
#include "util/i18n.h"
#include "util/spawn.h"

/* library_edit_fn: the user's editor on the terminal. */
static int run_editor(const char *path, void *ctx, char **errp)
{
	UNUSED(ctx);
	struct strvec argv = STRVEC_INIT;
	if (editor_argv(path, &argv, errp) < 0)
		return -1;
	fflush(stdout);
	fflush(stderr);
	int st = spawn_wait(argv.v, errp);
	int r = 0;
	if (st > 0)
		r = error_set(errp, _("%s: the editor exited with status %d"), argv.v[0], st);
	else if (st < 0)
		r = -1;
	strvec_free(&argv);
	return r;
}

int cmd_note(const struct cli_globals *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{"append", required_argument, NULL, 'a'},
		CLI_HELP_OPTION,
		{NULL, 0, NULL, 0},
	};
	const char *append = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "a:h", opts, NULL)) != -1) {
		if (c == 'h')
			return cli_print_help("note");
		if (c != 'a')
			return cli_usage_error("note");
		append = optarg;
	}
	if (argc - optind != 1)
		return cli_usage_error("note");
	struct library *lib = cli_open_library(g);
	if (!lib)
		return 1;
	char *err = NULL;
	struct paper p;
	int r = 0;
	if (cli_paper_lookup(lib, argv[optind], &p, &err) != 0) {
		cli_print_warnings(lib);
		library_close(&lib);
		return cli_fail(err);
	}
	if (append) {
		if (library_note_append(lib, p.key, append, &err) < 0)
			r = cli_fail(err);
	} else {
		bool changed;
		if (library_note_edit(lib, p.key, run_editor, NULL, &changed, &err) < 0)
			r = cli_fail(err);
	}
	cli_print_warnings(lib);
	paper_free(&p);
	library_close(&lib);
	return r;
}

int cmd_tag(const struct cli_globals *g, int argc, char **argv)
{
	/* "-u" is a tag to remove, not an option: only --help and -- are. */
	if (argc >= 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0))
		return cli_print_help("tag");
	int first = argc >= 2 && strcmp(argv[1], "--") == 0 ? 2 : 1;
	if (argc - first < 1)
		return cli_usage_error("tag");
	struct strvec add = STRVEC_INIT, remove = STRVEC_INIT;
	for (int i = first + 1; i < argc; i++) {
		if (argv[i][0] == '-' && argv[i][1])
			strvec_push(&remove, argv[i] + 1);
		else if (argv[i][0] == '+' && argv[i][1])
			strvec_push(&add, argv[i] + 1);
		else if (argv[i][0] != '-' && argv[i][0] != '+')
			strvec_push(&add, argv[i]);
		else {
			strvec_free(&add), strvec_free(&remove);
			return cli_usage_error("tag");
		}
	}
	struct library *lib = cli_open_library(g);
	if (!lib) {
		strvec_free(&add), strvec_free(&remove);
		return 1;
	}
	char *err = NULL;
	struct paper p;
	int r = 0;
	if (cli_paper_lookup(lib, argv[first], &p, &err) != 0) {
		r = cli_fail(err);
	} else {
		if ((add.n || remove.n) && library_tag(lib, p.key, &add, &remove, &err) < 0) {
			r = cli_fail(err);
		} else {
			/* the tags as they now are, one line */
			struct paper now;
			if (library_paper_get(lib, p.key, &now, NULL) == 0) {
				printf("%s:", now.key);
				for (size_t i = 0; i < now.n_tags; i++)
					printf(" %s", now.tags[i]);
				printf("\n");
				paper_free(&now);
			}
		}
		paper_free(&p);
	}
	cli_print_warnings(lib);
	library_close(&lib);
	strvec_free(&add);
	strvec_free(&remove);
	return r;
}

int cmd_rate(const struct cli_globals *g, int argc, char **argv)
{
	int c;
	while ((c = getopt_long(argc, argv, "h", cli_help_option, NULL)) != -1)
		return c == 'h' ? cli_print_help("rate") : cli_usage_error("rate");
	if (argc - optind != 2)
		return cli_usage_error("rate");
	const char *n = argv[optind + 1];
	if (!(n[0] >= '0' && n[0] <= '5' && n[1] == '\0')) {
		fprintf(stderr, _("quire: %s: not a rating; use 1 to 5, or 0 to clear it\n"), n);
		return 2;
	}
	struct library *lib = cli_open_library(g);
	if (!lib)
		return 1;
	char *err = NULL;
	struct paper p;
	int r = 0;
	if (cli_paper_lookup(lib, argv[optind], &p, &err) != 0) {
		r = cli_fail(err);
	} else {
		if (library_rate(lib, p.key, n[0] - '0', &err) < 0)
			r = cli_fail(err);
		else if (n[0] == '0')
			printf(_("%s: no rating\n"), p.key);
		else
			printf(_("%s: rated %c/5\n"), p.key, n[0]);
		paper_free(&p);
	}
	cli_print_warnings(lib);
	library_close(&lib);
	return r;
}
