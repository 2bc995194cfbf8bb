/* cmd_text.c: `quire text PATH|KEY [--page N] [--width W]` */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli/private.h"
#include "pdf/pdf.h"
#include "util/i18n.h"

#define DEFAULT_WIDTH 80

/* A whole number in [lo, hi], or -1. */
static long parse_num(const char *s, long lo, long hi)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	return v;
}

static int terminal_width(void)
{
	struct winsize ws;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return DEFAULT_WIDTH;
}

char *cli_pdf_resolve(const struct cli_globals *g, const char *what, char **errp)
{
	if (file_exists(what))
		return xstrdup(what);
	struct library *lib = cli_open_library(g);
	if (!lib) {
		error_set(errp, _("%s: cannot open the library"), what);
		return NULL;
	}
	struct paper p;
	char *pdf = NULL;
	int r = cli_paper_lookup(lib, what, &p, errp);
	if (r == 0) {
		pdf = library_pdf_cached(lib, p.key);
		if (!pdf)
			error_set(errp, _("%s: no PDF of this paper in the cache"), p.key);
		paper_free(&p);
	} else if (r > 0) {
		FREE(errp);
		error_set(errp, _("%s: no such paper in the library and no such file"), what);
	}
	cli_print_warnings(lib);
	library_close(&lib);
	return pdf;
}

int cmd_text(const struct cli_globals *g, int argc, char **argv)
{
	static const struct option longs[] = {
		{"page", required_argument, NULL, 'p'},
		{"width", required_argument, NULL, 'w'},
		CLI_HELP_OPTION,
		{NULL, 0, NULL, 0},
	};
	long page = 0, width = 0;
	int c;
	while ((c = getopt_long(argc, argv, "p:w:h", longs, NULL)) != -1) {
		if (c == 'h')
			return cli_print_help("text");
		if (c == 'p' && (page = parse_num(optarg, 1, INT_MAX)) < 0)
			return cli_fail(xasprintf(_("--page %s: not a page number (1 is the first)"),
						  optarg));
		if (c == 'w' && (width = parse_num(optarg, 10, 10000)) < 0)
			return cli_fail(xasprintf(_("--width %s: not a width from 10 to 10000"),
						  optarg));
		if (c != 'p' && c != 'w')
			return cli_usage_error("text");
	}
	if (argc - optind != 1)
		return cli_usage_error("text");
	const char *what = argv[optind];
	char *err = NULL;
	char *path = cli_pdf_resolve(g, what, &err);
	if (!path)
		return cli_fail(err ? err : xasprintf(_("%s: cannot be read"), what));
	struct pdf_doc_text *doc = pdf_reflow(path, NULL, &err);
	if (!doc) {
		free(path);
		return cli_fail(err);
	}
	for (size_t i = 0; i < doc->nwarnings; i++)
		fprintf(stderr, _("quire: warning: %s\n"), doc->warnings[i]);
	if (page > 0 && (size_t)page > doc->n) {
		err = xasprintf(_("%s: no page %ld (the document has %zu)"), path, page, doc->n);
		pdf_doc_text_free(&doc);
		free(path);
		return cli_fail(err);
	}
	size_t first = page ? (size_t)page - 1 : 0, last = page ? (size_t)page - 1 : doc->n - 1;
	char *text = pdf_wrap_text(doc, first, last, width ? (int)width : terminal_width());
	char *clean = text_sanitize_lines(text);
	fputs(clean, stdout);
	free(clean);
	free(text);
	pdf_doc_text_free(&doc);
	free(path);
	if (fflush(stdout) != 0 || ferror(stdout))
		return cli_fail(xasprintf(_("cannot write the text: %s"), strerror(errno)));
	return 0;
}
