/* cmd_srs.c: `quire srs replay [FILE]` and `quire srs params`: the FSRS-6
 * scheduler and its settings. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/private.h"
#include "study/study.h"
#include "util/i18n.h"
#include "util/settings.h"

/* The settings in effect: [srs] of the config file over the defaults. */
static int load_params(struct srs_params *p, char **path_out)
{
	char *path = config_path();
	struct config *c = NULL;
	char *err = NULL;
	if (config_load(path, &c, &err) < 0 || srs_params_load(c, path, p, &err) < 0) {
		config_free(&c);
		free(path);
		return cli_fail(err);
	}
	config_free(&c);
	if (path_out)
		*path_out = path;
	else
		free(path);
	return 0;
}

struct replay_out {
	FILE *f;
	struct buf b;
};

static void print_review(void *ctx, const struct revlog_entry *e, const struct srs_card *c)
{
	struct replay_out *o = ctx;
	srs_replay_row(e, c, &o->b);
	if (o->b.len >= 1 << 16) {
		fwrite(o->b.data, 1, o->b.len, o->f);
		buf_reset(&o->b);
	}
}

/* The whole of FILE ("-": standard input), a regular file or a pipe, at
 * most REVLOG_MAX bytes. Caller frees. */
static char *read_bounded(const char *file, size_t *lenp, char **errp)
{
	bool in = strcmp(file, "-") == 0;
	const char *name = in ? _("standard input") : file;
	int fd = in ? STDIN_FILENO : open(file, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0) {
		error_set(errp, "%s: %s", name, strerror(errno));
		if (fd >= 0 && !in)
			close(fd);
		return NULL;
	}
	if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode)) {
		error_set(errp, _("%s: not a regular file"), name);
		if (!in)
			close(fd);
		return NULL;
	}
	struct buf b = BUF_INIT;
	char chunk[65536];
	ssize_t n;
	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || b.len + (size_t)n > REVLOG_MAX) {
			if (n < 0)
				error_set(errp, "%s: %s", name, strerror(errno));
			else
				error_set(errp, _("%s: too large for a review log (over 1 GiB)"), name);
			buf_free(&b);
			if (!in)
				close(fd);
			return NULL;
		}
		buf_add(&b, chunk, (size_t)n);
	}
	if (!in)
		close(fd);
	*lenp = b.len;
	return buf_detach(&b);
}

/* Read the log to replay: FILE (CSV when its name ends in .csv or its
 * first line has a comma, else a reviews.log; - is standard input), or
 * the library's log. */
static int read_log(const struct cli_globals *g, const char *file, struct revlog *log,
		    struct strvec *warnings)
{
	char *err = NULL;
	if (!file) {
		struct library *lib = NULL;
		if (library_open(g->dir, &lib, &err) < 0)
			return cli_fail(err);
		cli_print_warnings(lib);
		char *path = path_join(library_dir(lib), REVLOG_NAME);
		library_close(&lib);
		int r = revlog_read(path, log, warnings, &err);
		free(path);
		if (r < 0)
			return cli_fail(err);
		revlog_resolve(log);
		return 0;
	}
	size_t len;
	char *text = read_bounded(file, &len, &err);
	if (!text)
		return cli_fail(err);
	const char *name = strcmp(file, "-") == 0 ? _("standard input") : file;
	const char *nl = memchr(text, '\n', len);
	size_t first = nl ? (size_t)(nl - text) : len;
	int r = 0;
	if (str_ends_with(file, ".csv") || memchr(text, ',', first)) {
		if (srs_csv_parse(name, text, len, log, warnings, &err) < 0)
			r = cli_fail(err);
	} else {
		revlog_parse(name, text, len, log, warnings);
		revlog_resolve(log);
	}
	free(text);
	return r;
}

static int srs_replay_cmd(const struct cli_globals *g, const char *file)
{
	struct srs_params p;
	if (load_params(&p, NULL))
		return 1;
	struct revlog log = REVLOG_INIT;
	struct strvec warnings = STRVEC_INIT;
	int r = read_log(g, file, &log, &warnings);
	for (size_t i = 0; i < warnings.n; i++)
		fprintf(stderr, _("quire: warning: %s\n"), warnings.v[i]);
	strvec_free(&warnings);
	if (r) {
		revlog_free(&log);
		return r;
	}
	/* Only card ids (checked characters), numbers and times are printed:
	 * nothing for the terminal filter to do. */
	struct replay_out o = {term_raw(stdout), BUF_INIT};
	buf_adds(&o.b, SRS_REPLAY_HEADER);
	struct srs_deck *deck = srs_deck_new();
	srs_replay(&p, &log, deck, print_review, &o);
	fwrite(o.b.data, 1, o.b.len, o.f);
	buf_free(&o.b);
	srs_deck_free(&deck);
	revlog_free(&log);
	if (fflush(o.f) != 0 || ferror(o.f))
		return cli_fail(xasprintf(_("standard output: %s"), strerror(errno)));
	return 0;
}

static int srs_params_cmd(void)
{
	struct srs_params p;
	char *path = NULL;
	if (load_params(&p, &path))
		return 1;
	struct buf b = BUF_INIT;
	buf_printf(&b, _("# FSRS-6 settings in effect: [srs] in %s over the defaults\n"), path);
	srs_params_print(&p, &b);
	fputs(buf_str(&b), stdout);
	buf_free(&b);
	free(path);
	return 0;
}

int cmd_srs(const struct cli_globals *g, int argc, char **argv)
{
	int c;
	while ((c = getopt_long(argc, argv, "+h", cli_help_option, NULL)) != -1)
		return c == 'h' ? cli_print_help("srs") : cli_usage_error("srs");
	if (optind >= argc)
		return cli_usage_error("srs");
	const char *sub = argv[optind++];
	/* Options after the subcommand: only -h and --. */
	while ((c = getopt_long(argc, argv, "h", cli_help_option, NULL)) != -1)
		return c == 'h' ? cli_print_help("srs") : cli_usage_error("srs");
	int left = argc - optind;
	if (strcmp(sub, "replay") == 0 && left <= 1)
		return srs_replay_cmd(g, left ? argv[optind] : NULL);
	if (strcmp(sub, "params") == 0 && left == 0)
		return srs_params_cmd();
	return cli_usage_error("srs");
}
