/* cmd_resolve.c: `quire resolve [KEY...|--all]`: arXiv metadata for the
 * papers with an arXiv id, ARXIV_BATCH ids per API request. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/private.h"
#include "net/net.h"
#include "util/i18n.h"

struct batch {
	char **ids;
	size_t n;
	unsigned id;
};

/* Record the ids of a batch that the answer did not describe. */
static void report_missing(const struct batch *b, const char *url,
			   const struct arxiv_record *recs, size_t n, struct strvec *failed)
{
	if (n == 0 && b->n > 1) {
		fprintf(stderr, _("quire: %s: an empty feed: arXiv returned none of the %zu ids asked for\n"),
			url, b->n);
		for (size_t i = 0; i < b->n; i++)
			strvec_push(failed, b->ids[i]);
		return;
	}
	for (size_t i = 0; i < b->n; i++) {
		bool found = false;
		for (size_t k = 0; k < n && !found; k++)
			found = strcmp(recs[k].arxiv, b->ids[i]) == 0;
		if (found)
			continue;
		fprintf(stderr, _("quire: %s: unknown to arXiv (no entry for it in the API's answer)\n"),
			b->ids[i]);
		strvec_push(failed, b->ids[i]);
	}
}

int cli_resolve_ids(struct library *lib, struct net *net, const struct strvec *ids,
		    struct strvec *failed, struct strvec *resolved)
{
	size_t nb = (ids->n + ARXIV_BATCH - 1) / ARXIV_BATCH;
	struct batch *batches = xcalloc(nb ? nb : 1, sizeof *batches);
	for (size_t i = 0; i < nb; i++) {
		struct batch *b = &batches[i];
		b->ids = ids->v + i * ARXIV_BATCH;
		b->n = ids->n - i * ARXIV_BATCH < ARXIV_BATCH ? ids->n - i * ARXIV_BATCH : ARXIV_BATCH;
		char *url = arxiv_api_url(net_settings(net), b->ids, b->n);
		struct net_request rq = {.url = url, .fd = -1, .arxiv_api = true, .user = b};
		b->id = net_submit(net, &rq);
		free(url);
	}
	int r = 0;
	size_t left = nb;
	while (left) {
		struct net_event ev;
		if (!net_wait(net, &ev, -1))
			continue;
		struct batch *b = ev.user;
		if (ev.type == NET_EV_RETRY)
			fprintf(stderr, _("quire: %s; trying again in %.1f s\n"), ev.error, ev.wait);
		if (ev.type != NET_EV_DONE) {
			net_event_free(&ev);
			continue;
		}
		left--;
		struct arxiv_record *recs = NULL;
		size_t n = 0;
		char *err = NULL;
		if (ev.result != NET_OK) {
			fprintf(stderr, "quire: %s\n", ev.error);
			for (size_t i = 0; i < b->n; i++)
				strvec_push(failed, b->ids[i]);
		} else if (atom_parse(ev.body, ev.len, &recs, &n, &err) < 0) {
			fprintf(stderr, "quire: %s: %s\n", ev.url, err);
			for (size_t i = 0; i < b->n; i++)
				strvec_push(failed, b->ids[i]);
			free(err);
		} else {
			/* only what was asked for */
			size_t kept = 0;
			for (size_t k = 0; k < n; k++) {
				bool asked = false;
				for (size_t i = 0; i < b->n && !asked; i++)
					asked = strcmp(recs[k].arxiv, b->ids[i]) == 0;
				if (asked)
					recs[kept++] = recs[k];
				else
					arxiv_record_clear(&recs[k]);
			}
			n = kept;
			report_missing(b, ev.url, recs, n, failed);
			if (n && library_arxiv_store(lib, recs, n, &err) < 0) {
				fprintf(stderr, "quire: %s\n", err);
				free(err);
				r = -1;
			} else {
				for (size_t k = 0; k < n; k++)
					strvec_push(resolved, recs[k].arxiv);
			}
			arxiv_records_free(&recs, n);
		}
		net_event_free(&ev);
	}
	free(batches);
	return r;
}

/* Papers whose list names an older version than the latest: one line each. */
static void report_versions(struct library *lib, const struct strvec *ids)
{
	struct paper_row *rows = NULL;
	size_t n = 0;
	if (library_rows(lib, NULL, &rows, &n, NULL) < 0)
		return;
	for (size_t i = 0; i < n; i++) {
		if (!rows[i].arxiv || !strvec_contains(ids, rows[i].arxiv))
			continue;
		struct paper p;
		if (library_paper_get(lib, rows[i].key, &p, NULL) != 0)
			continue;
		if (p.arxiv_version && p.latest_version > p.arxiv_version)
			fprintf(stderr, _("quire: %s: the list names v%d; arXiv has v%d\n"), p.key,
				p.arxiv_version, p.latest_version);
		paper_free(&p);
	}
	library_rows_free(&rows, n);
}

int cmd_resolve(const struct cli_globals *g, int argc, char **argv)
{
	static const struct option opts[] = {{"all", no_argument, NULL, 'a'}, CLI_HELP_OPTION,
					     {NULL, 0, NULL, 0}};
	bool all = false;
	int c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h')
			return cli_print_help("resolve");
		if (c != 'a')
			return cli_usage_error("resolve");
		all = true;
	}
	if (all && optind < argc)
		return cli_usage_error("resolve");
	struct library *lib = cli_open_library(g);
	if (!lib)
		return 1;
	struct strvec ids = STRVEC_INIT, failed = STRVEC_INIT;
	char *err = NULL;
	int status = 0;
	for (int i = optind; i < argc; i++) {
		struct paper p;
		if (cli_paper_lookup(lib, argv[i], &p, &err) != 0) {
			status = cli_fail(err);
			err = NULL;
			continue;
		}
		if (!p.arxiv) {
			fprintf(stderr, _("quire: %s: no arXiv id; nothing to resolve\n"), p.key);
			status = 1;
		} else if (!strvec_contains(&ids, p.arxiv)) {
			strvec_push(&ids, p.arxiv);
		}
		paper_free(&p);
	}
	if (optind == argc && library_arxiv_ids(lib, !all, &ids, &err) < 0) {
		status = cli_fail(err);
		err = NULL;
	}
	struct net_settings s;
	struct net *net = NULL;
	if (ids.n && (net_settings_load(&s, &err) < 0 || net_open(&s, &net, &err) < 0)) {
		status = cli_fail(err);
		err = NULL;
		strvec_free(&ids);
	}
	struct strvec resolved = STRVEC_INIT;
	if (ids.n) {
		if (cli_resolve_ids(lib, net, &ids, &failed, &resolved) < 0)
			status = 1;
		report_versions(lib, &resolved);
		fprintf(stderr, _("quire: resolved %zu of %zu arXiv ids\n"), resolved.n, ids.n);
	} else if (status == 0) {
		fprintf(stderr, _("quire: nothing to resolve (every paper with an arXiv id is resolved; --all resolves them again)\n"));
	}
	if (failed.n)
		status = 1;
	net_close(&net);
	cli_print_warnings(lib);
	library_close(&lib);
	strvec_free(&ids);
	strvec_free(&failed);
	strvec_free(&resolved);
	return status;
}
