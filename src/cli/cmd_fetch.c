/* cmd_fetch.c: `quire fetch [KEY...|--topic T|--unread|--all]`: PDFs into
 * the cache, several at once, with a progress bar per file on a terminal. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli/private.h"
#include "net/net.h"
#include "pdf/pdf.h"
#include "util/i18n.h"

struct download {
	char *key, *url, *dest;
	unsigned id;
	long long now, total;
	double rate;
	char *note;   /* a retry under way */
	bool active, done;
};

/* MuPDF must open it and find a page. Runs on the network thread. */
static int verify_pdf(const char *path, void *user, char **errp)
{
	UNUSED(user);
	char *err = NULL;
	int pages = pdf_page_count(path, &err);
	if (pages >= 1) {
		free(err);
		return 0;
	}
	/* MuPDF names the file it opened: the hidden .part */
	const char *why = err ? err : "";
	if (str_starts_with(why, path) && str_starts_with(why + strlen(path), ": "))
		why += strlen(path) + 2;
	if (pages == 0)
		error_set(errp, _("a PDF without pages; not stored"));
	else
		error_set(errp, _("not a PDF MuPDF can open (%s); not stored"), why);
	free(err);
	return -1;
}

/* ---- progress on a terminal: one line per active download ---- */

struct screen {
	FILE *out;     /* the raw stream (our own escapes) or NULL: plain lines */
	int drawn;     /* lines of bars below the messages */
};

static void human(char *out, size_t size, double bytes)
{
	if (bytes >= 1e9)
		snprintf(out, size, "%.2f GB", bytes / 1e9);
	else if (bytes >= 1e6)
		snprintf(out, size, "%.1f MB", bytes / 1e6);
	else
		snprintf(out, size, "%.0f kB", bytes / 1e3);
}

static void bar_line(FILE *f, const struct download *d)
{
	char now[32], total[32], rate[32];
	human(now, sizeof now, (double)d->now);
	human(rate, sizeof rate, d->rate);
	char *key = text_sanitize(d->key);
	fprintf(f, "%-16.16s ", key);
	free(key);
	if (d->note) {
		char *note = text_sanitize(d->note);
		fprintf(f, "%.100s", note);
		free(note);
		return;
	}
	if (d->total > 0) {
		human(total, sizeof total, (double)d->total);
		int w = 20, fill = (int)((double)w * (double)d->now / (double)d->total);
		fill = fill < 0 ? 0 : fill > w ? w : fill;
		fputc('[', f);
		for (int i = 0; i < w; i++)
			fputc(i < fill ? '#' : '.', f);
		fprintf(f, "] %s / %s  %s/s", now, total, rate);
		if (d->rate > 0) {
			long eta = (long)((double)(d->total - d->now) / d->rate);
			fprintf(f, "  ETA %ld:%02ld", eta / 60, eta % 60);
		}
	} else {
		fprintf(f, "%s  %s/s", now, rate);
	}
}

/* The terminal's width (80 when it cannot be known). */
static int term_cols(void)
{
	struct winsize ws;
	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

/* Print s cut to width cells: a longer line would wrap, and the bars
 * would no longer be where the cursor goes back to. */
static void put_cut(FILE *f, const char *s, int width)
{
	size_t len = strlen(s), i = 0;
	int used = 0;
	while (i < len) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, len - i, &cp);
		int w = utf8_cp_width(cp);
		if (used + w > width)
			break;
		fwrite(s + i, 1, k, f);
		used += w;
		i += k;
	}
}

static void screen_redraw(struct screen *s, const struct download *dl, size_t n)
{
	if (!s->out)
		return;
	if (!s->drawn) {
		bool any = false;
		for (size_t i = 0; i < n && !any; i++)
			any = dl[i].active;
		if (!any)
			return;
	}
	if (s->drawn)
		fprintf(s->out, "\033[%dA", s->drawn);
	s->drawn = 0;
	for (size_t i = 0; i < n; i++) {
		if (!dl[i].active)
			continue;
		char *line = NULL;
		size_t size = 0;
		FILE *m = open_memstream(&line, &size);
		if (!m)
			continue;
		bar_line(m, &dl[i]);
		fclose(m);
		fputs("\r\033[K", s->out);
		put_cut(s->out, line, term_cols() - 1);
		fputc('\n', s->out);
		free(line);
		s->drawn++;
	}
	fputs("\033[J", s->out);
	fflush(s->out);
}

/* A message above the bars (stderr, through the sanitiser). */
static void screen_message(struct screen *s, const char *fmt, ...) PRINTF_LIKE(2, 3);
static void screen_message(struct screen *s, const char *fmt, ...)
{
	if (s->out && s->drawn) {
		fprintf(s->out, "\033[%dA\r\033[J", s->drawn);
		fflush(s->out);
		s->drawn = 0;
	}
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fflush(stderr);
}

/* The URL a paper's PDF comes from, or NULL. Caller frees. */
static char *pdf_url(const struct net_settings *s, const struct paper *p)
{
	if (p->arxiv)
		return arxiv_pdf_url(s, p->arxiv, p->arxiv_version);
	if (p->url && (str_starts_with_ci(p->url, "http://") || str_starts_with_ci(p->url, "https://")))
		return xstrdup(p->url);
	return NULL;
}

static char *pdf_dest(struct library *lib, const char *key)
{
	char *name = xasprintf("pdf/%s.pdf", key);
	char *dest = path_join(library_cache_dir(lib), name);
	free(name);
	return dest;
}

/* ---- which papers ---- */

/* Add the paper's download, or say why there is none (quiet: only count). */
static void plan(struct library *lib, const struct net_settings *s, const struct paper *p,
		 bool quiet, struct download **dl, size_t *n, size_t *cap, int *cached, int *failed)
{
	char *have = library_pdf_cached(lib, p->key);
	if (have) {
		if (!quiet)
			fprintf(stderr, _("quire: %s: already in the cache (%s)\n"), p->key, have);
		free(have);
		(*cached)++;
		return;
	}
	char *url = pdf_url(s, p);
	if (!url) {
		if (!quiet) {
			fprintf(stderr, _("quire: %s: no PDF link known (no arXiv id, no web address)\n"),
				p->key);
			(*failed)++;
		}
		return;
	}
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*dl)[i].key, p->key) == 0) {
			free(url);
			return;
		}
	*dl = xgrow(*dl, cap, *n + 1, sizeof **dl);
	struct download *d = &(*dl)[(*n)++];
	memset(d, 0, sizeof *d);
	d->key = xstrdup(p->key);
	d->url = url;
	d->dest = pdf_dest(lib, p->key);
	d->total = -1;
}

static unsigned submit(struct net *net, const char *url, const char *dest, void *user)
{
	struct net_request rq = {.url = url, .dest = dest, .fd = -1, .resume = true,
				 .expect = NET_EXPECT_PDF, .follow_landing = true,
				 .verify = verify_pdf, .user = user};
	return net_submit(net, &rq);
}

unsigned cli_fetch_submit(struct library *lib, struct net *net, const struct paper *p, void *user,
			  char **errp)
{
	char *url = pdf_url(net_settings(net), p);
	if (!url || !key_is_safe(p->key)) {
		free(url);
		error_set(errp, _("%s: no PDF link known (no arXiv id, no web address)"), p->key);
		return 0;
	}
	char *dest = pdf_dest(lib, p->key);
	unsigned id = submit(net, url, dest, user);
	free(dest);
	free(url);
	return id;
}

int cmd_fetch(const struct cli_globals *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{"all", no_argument, NULL, 'a'}, {"unread", no_argument, NULL, 'u'},
		{"topic", required_argument, NULL, 't'}, CLI_HELP_OPTION, {NULL, 0, NULL, 0}};
	bool all = false, unread = false;
	const char *topic = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'h': return cli_print_help("fetch");
		case 'a': all = true; break;
		case 'u': unread = true; break;
		case 't': topic = optarg; break;
		default: return cli_usage_error("fetch");
		}
	}
	bool bulk = all || unread || topic;
	if (bulk == (optind < argc))
		return cli_usage_error("fetch");
	struct library *lib = cli_open_library(g);
	if (!lib)
		return 1;
	char *err = NULL;
	struct net_settings s;
	if (net_settings_load(&s, &err) < 0) {
		library_close(&lib);
		return cli_fail(err);
	}
	struct download *dl = NULL;
	size_t n = 0, cap = 0;
	int cached = 0, failed = 0;
	struct strvec failed_keys = STRVEC_INIT;
	for (int i = optind; i < argc; i++) {
		struct paper p;
		if (cli_paper_lookup(lib, argv[i], &p, &err) != 0) {
			fprintf(stderr, "quire: %s\n", err);
			FREE(&err);
			strvec_push(&failed_keys, argv[i]);
			failed++;
			continue;
		}
		int before = failed;
		plan(lib, &s, &p, false, &dl, &n, &cap, &cached, &failed);
		if (failed > before)
			strvec_push(&failed_keys, p.key);
		paper_free(&p);
	}
	if (bulk) {
		struct paper_filter f = {.topic_name = topic, .status = unread ? STATUS_UNREAD : -1};
		struct paper_row *rows = NULL;
		size_t nr = 0;
		if (library_rows(lib, &f, &rows, &nr, &err) < 0) {
			fprintf(stderr, "quire: %s\n", err);
			FREE(&err);
			failed++;
		}
		for (size_t i = 0; i < nr; i++) {
			struct paper p;
			if (rows[i].kind != KIND_PAPER || library_paper_get(lib, rows[i].key, &p, NULL) != 0)
				continue;
			plan(lib, &s, &p, true, &dl, &n, &cap, &cached, &failed);
			paper_free(&p);
		}
		library_rows_free(&rows, nr);
	}
	struct net *net = NULL;
	if (n && net_open(&s, &net, &err) < 0) {
		fprintf(stderr, "quire: %s\n", err);
		FREE(&err);
		for (size_t i = 0; i < n; i++)
			strvec_push(&failed_keys, dl[i].key);
		failed += (int)n;
	}
	net_settings_free(&s);
	struct screen scr = {.out = isatty(STDERR_FILENO) ? term_raw(stderr) : NULL};
	for (size_t i = 0; net && i < n; i++)
		dl[i].id = submit(net, dl[i].url, dl[i].dest, &dl[i]);
	int done = 0;
	for (size_t left = net ? n : 0; left;) {
		struct net_event ev;
		if (!net_wait(net, &ev, -1))
			continue;
		struct download *d = ev.user;
		switch (ev.type) {
		case NET_EV_PROGRESS:
			d->active = true;
			d->now = ev.now;
			d->total = ev.total;
			d->rate = ev.rate;
			FREE(&d->note);
			break;
		case NET_EV_RETRY:
			free(d->note);
			d->note = xasprintf(_("%s; trying again in %.1f s"), ev.error, ev.wait);
			if (scr.out)
				d->active = true;
			else
				fprintf(stderr, "quire: %s: %s\n", d->key, d->note);
			break;
		case NET_EV_DONE:
			left--;
			d->active = false;
			d->done = true;
			if (ev.result == NET_OK) {
				char size[32];
				human(size, sizeof size, (double)ev.now);
				screen_message(&scr, _("quire: %s: saved (%s)\n"), d->key, size);
				printf("%s\t%s\n", d->key, d->dest);
				fflush(stdout);
				done++;
			} else {
				screen_message(&scr, "quire: %s: %s\n", d->key, ev.error);
				strvec_push(&failed_keys, d->key);
				failed++;
			}
			break;
		}
		net_event_free(&ev);
		screen_redraw(&scr, dl, n);
	}
	screen_redraw(&scr, dl, n);
	net_close(&net);
	if (failed) {
		struct buf names = BUF_INIT;
		for (size_t i = 0; i < failed_keys.n; i++)
			buf_printf(&names, "%s%s", i ? ", " : "", failed_keys.v[i]);
		fprintf(stderr, _("quire: %d downloaded, %d already in the cache, %d failed: %s\n"), done,
			cached, failed, buf_str(&names));
		buf_free(&names);
	} else if (bulk || n > 1) {
		fprintf(stderr, _("quire: %d downloaded, %d already in the cache\n"), done, cached);
	}
	/* what was downloaded (and any PDF not indexed yet) into the full-text index */
	if (done && cli_index_pdfs(lib, &err) < 0) {
		fprintf(stderr, "quire: %s\n", err);
		FREE(&err);
	}
	for (size_t i = 0; i < n; i++) {
		free(dl[i].key), free(dl[i].url), free(dl[i].dest), free(dl[i].note);
	}
	free(dl);
	strvec_free(&failed_keys);
	cli_print_warnings(lib);
	library_close(&lib);
	return failed ? 1 : 0;
}
