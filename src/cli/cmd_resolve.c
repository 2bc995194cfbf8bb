/* cmd_resolve.c: `quire resolve [KEY...|--all]`: arXiv metadata for the
 * papers with an arXiv id, ARXIV_BATCH ids per API request. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/private.h"
#include "net/net.h"
#include "util/i18n.h"

unsigned cli_resolve_submit(struct net *net, char *const *ids, size_t n, void *user)
{
	char *url = arxiv_api_url(net_settings(net), ids, n);
	struct net_request rq = {.url = url, .fd = -1, .arxiv_api = true, .user = user};
	unsigned id = net_submit(net, &rq);
	free(url);
	return id;
}

static bool asked_for(const char *id, char *const *ids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(id, ids[i]) == 0)
			return true;
	return false;
}

int cli_resolve_done(struct library *lib, const struct net_event *ev, char *const *ids, size_t n,
		     struct strvec *resolved, struct strvec *failed, struct strvec *problems,
		     char **errp)
{
	struct arxiv_record *recs = NULL;
	size_t nr = 0;
	char *err = NULL;
	if (ev->result != NET_OK || atom_parse(ev->body, ev->len, &recs, &nr, &err) < 0) {
		strvec_push_owned(problems, ev->result != NET_OK ? xstrdup(ev->error)
								 : xasprintf("%s: %s", ev->url, err));
		free(err);
		for (size_t i = 0; i < n; i++)
			strvec_push(failed, ids[i]);
		return 0;
	}
	/* only what was asked for */
	size_t kept = 0;
	for (size_t k = 0; k < nr; k++) {
		if (asked_for(recs[k].arxiv, ids, n))
			recs[kept++] = recs[k];
		else
			arxiv_record_clear(&recs[k]);
	}
	nr = kept;
	int r = nr ? library_arxiv_store(lib, recs, nr, errp) : 0;
	struct strvec got = STRVEC_INIT;
	for (size_t k = 0; k < nr; k++)
		strvec_push(&got, recs[k].arxiv);
	arxiv_records_free(&recs, nr);
	if (nr == 0 && n > 1)
		strvec_push_owned(problems, xasprintf(_("%s: an empty feed: arXiv returned none of the %zu ids asked for"),
						      ev->url, n));
	for (size_t i = 0; i < n; i++) {
		if (r == 0 && strvec_contains(&got, ids[i])) {
			strvec_push(resolved, ids[i]);
			continue;
		}
		strvec_push(failed, ids[i]);
		if (r == 0 && (nr > 0 || n == 1))
			strvec_push_owned(problems, xasprintf(_("%s: unknown to arXiv (no entry for it in the API's answer)"),
							      ids[i]));
	}
	strvec_free(&got);
	return r;
}

/* Resolve ids, ARXIV_BATCH per request, printing each problem. -1 when the
 * index could not take an answer. */
static int resolve_all(struct library *lib, struct net *net, const struct strvec *ids,
		       struct strvec *failed, struct strvec *resolved)
{
	size_t nb = (ids->n + ARXIV_BATCH - 1) / ARXIV_BATCH;
	for (size_t i = 0; i < nb; i++) {
		size_t first = i * ARXIV_BATCH;
		size_t k = ids->n - first < ARXIV_BATCH ? ids->n - first : ARXIV_BATCH;
		cli_resolve_submit(net, ids->v + first, k, (void *)first);
	}
	int r = 0;
	for (size_t left = nb; left;) {
		struct net_event ev;
		if (!net_wait(net, &ev, -1))
			continue;
		if (ev.type == NET_EV_RETRY)
			fprintf(stderr, _("quire: %s; trying again in %.1f s\n"), ev.error, ev.wait);
		if (ev.type == NET_EV_DONE) {
			left--;
			size_t first = (size_t)ev.user;
			size_t k = ids->n - first < ARXIV_BATCH ? ids->n - first : ARXIV_BATCH;
			struct strvec problems = STRVEC_INIT;
			char *err = NULL;
			if (cli_resolve_done(lib, &ev, ids->v + first, k, resolved, failed, &problems,
					     &err) < 0) {
				fprintf(stderr, "quire: %s\n", err);
				free(err);
				r = -1;
			}
			for (size_t i = 0; i < problems.n; i++)
				fprintf(stderr, "quire: %s\n", problems.v[i]);
			strvec_free(&problems);
		}
		net_event_free(&ev);
	}
	return r;
}

/* Take what the cache still holds (<cache>/arxiv/KEY.xml, the raw entries
 * of earlier look-ups: the index was rebuilt since) out of ids, into the
 * index, without the network. Returns how many. */
static size_t from_cache(struct library *lib, struct strvec *ids, struct strvec *resolved)
{
	struct strvec left = STRVEC_INIT;
	struct arxiv_record *all = NULL;
	size_t n_all = 0;
	for (size_t i = 0; i < ids->n; i++) {
		char *key = paper_key(ids->v[i], NULL, NULL);
		char *name = key ? xasprintf("arxiv/%s.xml", key) : NULL;
		char *path = name ? path_join(library_cache_dir(lib), name) : NULL;
		size_t len = 0;
		char *entry = path ? file_read_regular(path, (size_t)1 << 20, &len, NULL) : NULL;
		struct arxiv_record *r = NULL;
		size_t nr = 0;
		if (entry) {
			char *feed = xasprintf("<feed xmlns=\"http://www.w3.org/2005/Atom\">%s</feed>", entry);
			if (atom_parse(feed, strlen(feed), &r, &nr, NULL) < 0 || nr != 1 ||
			    strcmp(r[0].arxiv, ids->v[i]) != 0) {
				arxiv_records_free(&r, nr);
				nr = 0;
			}
			free(feed);
		}
		if (nr == 1) {
			all = xrealloc(all, (n_all + 1) * sizeof *all);
			all[n_all++] = r[0];
			free(r);
		} else {
			strvec_push(&left, ids->v[i]);
		}
		free(entry), free(path), free(name), free(key);
	}
	size_t got = 0;
	if (n_all && library_arxiv_store(lib, all, n_all, NULL) == 0) {
		for (size_t i = 0; i < n_all; i++)
			strvec_push(resolved, all[i].arxiv);
		got = n_all;
	} else {
		for (size_t i = 0; i < n_all; i++)
			strvec_push(&left, all[i].arxiv);
	}
	arxiv_records_free(&all, n_all);
	strvec_free(ids);
	*ids = left;
	return got;
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
	struct strvec resolved = STRVEC_INIT;
	size_t asked = ids.n, cached = 0;
	if (optind == argc && !all)
		cached = from_cache(lib, &ids, &resolved);
	struct net_settings s;
	struct net *net = NULL;
	if (ids.n && (net_settings_load(&s, &err) < 0 || net_open(&s, &net, &err) < 0)) {
		status = cli_fail(err);
		err = NULL;
		strvec_free(&ids);
	}
	if (ids.n && resolve_all(lib, net, &ids, &failed, &resolved) < 0)
		status = 1;
	if (asked) {
		report_versions(lib, &resolved);
		if (cached)
			fprintf(stderr, _("quire: resolved %zu of %zu arXiv ids (%zu from the cache)\n"),
				resolved.n, asked, cached);
		else
			fprintf(stderr, _("quire: resolved %zu of %zu arXiv ids\n"), resolved.n, asked);
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
