/* cmd_add.c: `quire add ID|URL...`: papers into lists/inbox.md, the list
 * quire keeps itself, resolved at once when the network is there. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/private.h"
#include "import/import.h"
#include "net/net.h"
#include "util/i18n.h"

#define INBOX "inbox.md"
#define INBOX_HEAD "# Inbox\n\nPapers added with `quire add`.\n\n"

struct addition {
	const char *arg;
	char *arxiv, *doi, *url;
	int version;
};

/* What an argument names: an arXiv id or URL, a DOI, or a web address. */
static int addition_parse(const char *arg, struct addition *a, char **errp)
{
	memset(a, 0, sizeof *a);
	a->arg = arg;
	char *t = str_trim(xstrdup(arg));
	int r = 0;
	if (arxiv_parse(t, &a->arxiv, &a->version))
		;
	else if (!str_starts_with_ci(t, "http://") && !str_starts_with_ci(t, "https://") &&
		 (a->doi = doi_find(t)))
		a->url = xasprintf("https://doi.org/%s", a->doi);
	else if ((str_starts_with_ci(t, "http://") || str_starts_with_ci(t, "https://")) &&
		 !strpbrk(t, " \t\n<>\"")) {
		a->doi = str_starts_with_ci(t, "https://doi.org/") ? doi_find(t) : NULL;
		a->url = xstrdup(t);
	} else
		r = error_set(errp, _("%s: not an arXiv id, a DOI or a web address; nothing was added"),
			      arg);
	free(t);
	return r;
}

static void addition_free(struct addition *a)
{
	free(a->arxiv), free(a->doi), free(a->url);
}

/* The list line: "- [ ] [Title](URL) - Authors (Year)" once resolved, else
 * "- [ ] URL". Brackets in a title would end the link text: escaped. */
static void line_for(struct buf *b, const struct addition *a, const struct paper *known)
{
	char *url = a->arxiv ? (a->version ? xasprintf("https://arxiv.org/abs/%sv%d", a->arxiv, a->version)
					   : xasprintf("https://arxiv.org/abs/%s", a->arxiv))
			     : xstrdup(a->url);
	if (known && known->title) {
		buf_adds(b, "- [ ] [");
		for (const char *c = known->title; *c; c++) {
			if (*c == '[' || *c == ']' || *c == '\\')
				buf_addc(b, '\\');
			buf_addc(b, *c == '\n' ? ' ' : *c);
		}
		buf_printf(b, "](%s)", url);
		if (known->authors)
			buf_printf(b, " - %s", known->authors);
		if (known->year)
			buf_printf(b, " (%d)", known->year);
		buf_addc(b, '\n');
	} else {
		buf_printf(b, "- [ ] %s\n", url);
	}
	free(url);
}

/* The first three authors of a resolved list, "et al." for the rest. */
static char *short_authors(const char *authors)
{
	if (!authors)
		return NULL;
	const char *p = authors;
	for (int i = 0; i < 3 && p; i++) {
		p = strstr(p, ", ");
		if (p && i < 2)
			p += 2;
	}
	return p ? xasprintf("%.*s et al.", (int)(p - authors), authors) : xstrdup(authors);
}

int cli_add_offline(struct library *lib, const char *what, char **key, char **arxiv, char **errp)
{
	*key = *arxiv = NULL;
	struct addition a;
	if (addition_parse(what, &a, errp) < 0)
		return -1;
	int r = 1;
	if (!(a.arxiv || a.doi) || library_key_find(lib, a.arxiv, a.doi, key, NULL) != 0) {
		struct buf line = BUF_INIT;
		line_for(&line, &a, NULL);
		r = library_list_append(lib, INBOX, INBOX_HEAD, line.data, errp);
		buf_free(&line);
		if (r == 0)
			r = cli_refresh_lists_silent(lib, errp);
		if (r == 0 && library_key_find(lib, a.arxiv, a.doi, key, NULL) != 0)
			*key = paper_key(a.arxiv, a.doi, a.url);
	}
	if (r >= 0 && a.arxiv)
		*arxiv = xstrdup(a.arxiv);
	addition_free(&a);
	return r;
}

int cmd_add(const struct cli_globals *g, int argc, char **argv)
{
	int c;
	while ((c = getopt_long(argc, argv, "h", cli_help_option, NULL)) != -1)
		return c == 'h' ? cli_print_help("add") : cli_usage_error("add");
	if (optind == argc)
		return cli_usage_error("add");
	struct library *lib = cli_open_library(g);
	if (!lib)
		return 1;
	int status = 0;
	size_t n = 0;
	struct addition *adds = xcalloc((size_t)(argc - optind), sizeof *adds);
	struct strvec ids = STRVEC_INIT;
	char *err = NULL;
	for (int i = optind; i < argc; i++) {
		struct addition a;
		if (addition_parse(argv[i], &a, &err) < 0) {
			status = cli_fail(err);
			err = NULL;
			continue;
		}
		char *key = NULL;
		if ((a.arxiv || a.doi) && library_key_find(lib, a.arxiv, a.doi, &key, NULL) == 0) {
			fprintf(stderr, _("quire: %s: already in the library as %s\n"), argv[i], key);
			free(key);
			addition_free(&a);
			continue;
		}
		if (a.arxiv && !strvec_contains(&ids, a.arxiv))
			strvec_push(&ids, a.arxiv);
		adds[n++] = a;
	}
	/* metadata first, so that the list gets the real titles */
	struct arxiv_record *recs = NULL;
	size_t n_recs = 0;
	char *offline = NULL;
	if (ids.n) {
		struct net_settings s;
		struct net *net = NULL;
		if (net_settings_load(&s, &err) < 0 || net_open(&s, &net, &err) < 0) {
			offline = err;
			err = NULL;
		} else {
			for (size_t i = 0; i < ids.n; i += ARXIV_BATCH) {
				size_t k = ids.n - i < ARXIV_BATCH ? ids.n - i : ARXIV_BATCH;
				char *url = arxiv_api_url(net_settings(net), ids.v + i, k);
				struct net_request rq = {.url = url, .fd = -1, .arxiv_api = true};
				net_submit(net, &rq);
				free(url);
			}
			for (size_t left = (ids.n + ARXIV_BATCH - 1) / ARXIV_BATCH; left;) {
				struct net_event ev;
				if (!net_wait(net, &ev, -1))
					continue;
				if (ev.type == NET_EV_DONE) {
					left--;
					struct arxiv_record *r = NULL;
					size_t nr = 0;
					if (ev.result != NET_OK) {
						if (!offline)
							offline = xstrdup(ev.error);
					} else if (atom_parse(ev.body, ev.len, &r, &nr, &err) < 0) {
						if (!offline)
							offline = xasprintf("%s: %s", ev.url, err);
						FREE(&err);
					} else {
						recs = xrealloc(recs, (n_recs + nr) * sizeof *recs);
						memcpy(recs + n_recs, r, nr * sizeof *r);
						n_recs += nr;
						free(r);
					}
				}
				net_event_free(&ev);
			}
			net_close(&net);
		}
	}
	struct buf lines = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		const struct arxiv_record *r = NULL;
		for (size_t k = 0; adds[i].arxiv && k < n_recs && !r; k++)
			if (strcmp(recs[k].arxiv, adds[i].arxiv) == 0)
				r = &recs[k];
		struct paper known;
		memset(&known, 0, sizeof known);
		if (r) {
			known.title = r->title;
			known.authors = short_authors(r->authors);
			known.year = r->published ? atoi(r->published) : 0;
		}
		line_for(&lines, &adds[i], r ? &known : NULL);
		free(known.authors);
		if (adds[i].arxiv && !r && !offline)
			fprintf(stderr, _("quire: %s: unknown to arXiv (no entry for it in the API's answer); added with what is known\n"),
				adds[i].arg);
	}
	if (n && library_list_append(lib, INBOX, INBOX_HEAD, lines.data, &err) < 0) {
		status = cli_fail(err);
		err = NULL;
		n = 0;
	}
	buf_free(&lines);
	if (n && cli_refresh_lists(lib, &err) < 0) {
		status = cli_fail(err);
		err = NULL;
	}
	if (n_recs && library_arxiv_store(lib, recs, n_recs, &err) < 0) {
		fprintf(stderr, _("quire: warning: %s\n"), err);
		FREE(&err);
	}
	char *inbox = path_join(library_dir(lib), "lists/" INBOX);
	for (size_t i = 0; i < n; i++) {
		char *key = NULL;
		if (library_key_find(lib, adds[i].arxiv, adds[i].doi, &key, NULL) != 0 || !key)
			key = paper_key(adds[i].arxiv, adds[i].doi, adds[i].url);
		printf("%s\n", key ? key : adds[i].arg);
		free(key);
	}
	if (n)
		fprintf(stderr, _("quire: added %zu to %s\n"), n, inbox);
	if (n && offline)
		fprintf(stderr, _("quire: not resolved (%s); added with what is known: `quire resolve` fetches the rest later\n"),
			offline);
	free(inbox);
	free(offline);
	arxiv_records_free(&recs, n_recs);
	for (size_t i = 0; i < n; i++)
		addition_free(&adds[i]);
	free(adds);
	strvec_free(&ids);
	cli_print_warnings(lib);
	library_close(&lib);
	return status;
}
