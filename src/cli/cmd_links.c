/* cmd_links.c: `quire links PATH|KEY`, a PDF's links one a line. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/private.h"
#include "pdf/pdf.h"
#include "util/i18n.h"

int cmd_links(const struct cli_globals *g, int argc, char **argv)
{
	static const struct option longs[] = {
	        CLI_HELP_OPTION,
	        {NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
		if (c == 'h')
			return cli_print_help("links");
		return cli_usage_error("links");
	}
	if (argc - optind != 1)
		return cli_usage_error("links");
	const char *what = argv[optind];
	char *err = NULL;
	char *path = cli_pdf_resolve(g, what, &err);
	if (!path)
		return cli_fail(err ? err : xasprintf(_("%s: cannot be read"), what));
	struct pdf_links links;
	if (pdf_links_load(path, &links, &err) < 0) {
		free(path);
		return cli_fail(err);
	}
	for (size_t i = 0; i < links.n; i++) {
		const struct pdf_link *k = &links.v[i];
		if (k->kind == PDF_LINK_EXTERNAL)
			printf("%d\texternal\t%s\t%s\n", k->page + 1, k->uri, k->text);
		else if (k->target >= 0)
			printf("%d\tinternal\t%d\t%s\n", k->page + 1, k->target + 1, k->text);
		else
			printf("%d\tinternal\t-\t%s\n", k->page + 1, k->text);
	}
	if (links.dropped)
		fprintf(stderr,
		        _("quire: warning: %s: %zu more links left out (past 5000, or a URI over "
		          "8 KiB)\n"),
		        path, links.dropped);
	pdf_links_free(&links);
	free(path);
	if (fflush(stdout) != 0 || ferror(stdout))
		return cli_fail(xasprintf(_("cannot write the links: %s"), strerror(errno)));
	return 0;
}
