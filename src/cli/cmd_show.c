/* cmd_show.c: `quire show KEY` */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cli/private.h"
#include "util/i18n.h"

static void field(const char *label, const char *value)
{
	if (value && *value) {
		char *clean = text_sanitize(value); /* one line, whatever it holds */
		printf("%-9s %s\n", label, clean);
		free(clean);
	}
}

int cmd_show(const struct cli_globals *g, int argc, char **argv)
{
	if (argc != 2)
		return cli_usage_error("show");
	struct library *lib = cli_open_library(g);
	if (!lib)
		return 1;
	struct paper p;
	char *err = NULL;
	int r = library_paper_get(lib, argv[1], &p, &err);
	if (r != 0) {
		library_close(&lib);
		if (r > 0)
			err = xasprintf(_("%s: no such paper in the library (see `quire list`)"), argv[1]);
		return cli_fail(err);
	}
	char year[16] = "";
	if (p.year)
		snprintf(year, sizeof year, "%d", p.year);
	char *arxiv = p.arxiv && p.arxiv_version ? xasprintf("%sv%d", p.arxiv, p.arxiv_version)
						 : xstrdup(p.arxiv ? p.arxiv : "");
	field(_("key:"), p.key);
	field(_("title:"), p.title);
	field(_("authors:"), p.authors);
	field(_("year:"), year);
	field(_("arXiv:"), arxiv);
	field(_("DOI:"), p.doi);
	field(_("url:"), p.url);
	field(_("kind:"), paper_kind_name(p.kind));
	field(_("status:"), paper_status_name(p.status));
	for (size_t i = 0; i < p.n_topics; i++)
		field(_("topic:"), p.topics[i]);
	struct buf tags = BUF_INIT;
	for (size_t i = 0; i < p.n_tags; i++)
		buf_printf(&tags, "%s%s", i ? ", " : "", p.tags[i]);
	field(_("tags:"), buf_str(&tags));
	buf_free(&tags);
	if (p.rating)
		printf("%-9s %d/5\n", _("rating:"), p.rating);
	field(_("added:"), p.added);
	field(_("read:"), p.read_date);
	if (p.comment && *p.comment)
		printf("\n%s\n", p.comment);
	char *note = library_note_body(lib, p.key);
	if (note && *note) {
		char *path = library_note_path(lib, p.key);
		printf("\n-- %s --\n%s", path, note);
		if (!str_ends_with(note, "\n"))
			putchar('\n');
		free(path);
	}
	free(note);
	free(arxiv);
	paper_free(&p);
	library_close(&lib);
	return 0;
}
