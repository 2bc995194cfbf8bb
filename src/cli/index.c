/* index.c: the text of the cached PDFs into the full-text index, for
 * `quire search` (before it searches) and `quire fetch` (after it
 * downloaded). */
#include "config.h"

#include <stdlib.h>
#include <unistd.h>

#include "cli/private.h"
#include "pdf/pdf.h"
#include "util/i18n.h"

int cli_index_pdfs(struct library *lib, char **errp)
{
	struct fulltext_jobs jobs;
	if (library_fulltext_pending(lib, &jobs, errp) < 0)
		return -1;
	if (jobs.n && isatty(STDERR_FILENO)) {
		fprintf(stderr, ngettext("quire: indexing the text of %zu PDF…\n",
					 "quire: indexing the text of %zu PDFs…\n", jobs.n), jobs.n);
		fflush(stderr);
	}
	int r = 0;
	for (size_t i = 0; i < jobs.n && r == 0; i++) {
		char *why = NULL;
		int x = library_fulltext_index(lib, &jobs.v[i], pdf_page_texts, &why);
		if (x == 1)
			fprintf(stderr, _("quire: %s; its text is not searched until the file changes\n"),
				why);
		if (x < 0) {
			error_set(errp, "%s", why);
			r = -1;
		}
		free(why);
	}
	fulltext_jobs_free(&jobs);
	return r;
}
