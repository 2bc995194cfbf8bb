/* cmd_show.c: `quire show KEY` */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/private.h"
#include "import/import.h"
#include "util/i18n.h"

/* `what` as a key, then as an arXiv id or DOI: the key paper_key derives
 * from it, else any paper carrying that id. */
int cli_paper_lookup(struct library *lib, const char *what, struct paper *out, char **errp)
{
	int r = library_paper_get(lib, what, out, errp);
	if (r != 1)
		return r;
	char *arxiv = NULL, *doi = NULL;
	const char *w = what;
	while (*w == ' ' || *w == '\t')
		w++;
	if (!arxiv_parse(w, &arxiv, NULL))
		doi = doi_find(w);
	if (arxiv || doi) {
		char *key = paper_key(arxiv, doi, NULL);
		r = key ? library_paper_get(lib, key, out, errp) : 1;
		free(key);
		if (r == 1 && library_key_find(lib, arxiv, doi, &key, errp) == 0) {
			r = library_paper_get(lib, key, out, errp);
			free(key);
		}
	}
	free(arxiv);
	free(doi);
	if (r == 1)
		error_set(errp, _("%s: no such paper in the library (see `quire list`)"), what);
	return r;
}

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
	int c;
	while ((c = getopt_long(argc, argv, "h", cli_help_option, NULL)) != -1)
		return c == 'h' ? cli_print_help("show") : cli_usage_error("show");
	if (argc - optind != 1)
		return cli_usage_error("show");
	struct library *lib = cli_open_library(g);
	if (!lib)
		return 1;
	struct paper p;
	char *err = NULL;
	if (cli_paper_lookup(lib, argv[optind], &p, &err) != 0) {
		cli_print_warnings(lib);
		library_close(&lib);
		return cli_fail(err);
	}
	char year[16] = "";
	if (p.year)
		snprintf(year, sizeof year, "%d", p.year);
	char *arxiv = p.arxiv && p.arxiv_version ? xasprintf("%sv%d", p.arxiv, p.arxiv_version)
						 : xstrdup(p.arxiv ? p.arxiv : "");
	if (p.arxiv && p.latest_version > p.arxiv_version && p.arxiv_version) {
		char *a2 = xasprintf(_("%s (the list names v%d; arXiv has v%d)"), arxiv,
				     p.arxiv_version, p.latest_version);
		free(arxiv);
		arxiv = a2;
	}
	field(_("key:"), p.key);
	field(_("title:"), p.title);
	field(_("alias:"), p.alias);
	field(_("authors:"), p.authors);
	field(_("year:"), year);
	field(_("arXiv:"), arxiv);
	field(_("subjects:"), p.categories);
	field(_("posted:"), p.published);
	field(_("updated:"), p.updated);
	field(_("journal:"), p.journal_ref);
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
	if (p.abstract && *p.abstract) {
		char *clean = text_sanitize_lines(p.abstract);
		printf("\n%s\n%s\n", _("Abstract:"), clean);
		free(clean);
	}
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
	cli_print_warnings(lib);
	library_close(&lib);
	return 0;
}
