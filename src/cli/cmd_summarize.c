/* cmd_summarize.c: `quire summarize KEY|PATH|-` */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/private.h"
#include "llm/summarize.h"
#include "pdf/pdf.h"
#include "util/i18n.h"

#define EXTRACTIVE_SENTENCES 5
/* The most text read from standard input or a text file: a long paper is
 * a few hundred kilobytes. */
#define MAX_TEXT_MB 64

/* Standard input, up to MAX_TEXT_MB. */
static char *read_stdin(char **errp)
{
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0) {
		if (b.len + n > (size_t)MAX_TEXT_MB << 20) {
			buf_free(&b);
			error_set(errp, _("-: standard input is larger than %d MB; summarise a file "
					  "or a part of it"), MAX_TEXT_MB);
			return NULL;
		}
		buf_add(&b, chunk, n);
	}
	if (ferror(stdin)) {
		buf_free(&b);
		error_set(errp, _("-: cannot read standard input: %s"), strerror(errno));
		return NULL;
	}
	if (b.len && strlen(b.data) != b.len) {
		buf_free(&b);
		error_set(errp, _("-: binary input, not text"));
		return NULL;
	}
	return buf_detach(&b);
}

static char *read_document(const char *path, char **errp)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		error_set(errp, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		error_set(errp, _("%s: not a regular file (for a stream use `quire summarize - <FILE`)"),
			  path);
		return NULL;
	}
	int pdf = pdf_sniff(path);
	if (pdf == 1 || str_ends_with(path, ".pdf"))
		return pdf_text(path, -1, errp);
	if (st.st_size > (off_t)MAX_TEXT_MB << 20) {
		error_set(errp, _("%s: a text file larger than %d MB; summarise a part of it"), path,
			  MAX_TEXT_MB);
		return NULL;
	}
	size_t len;
	char *t = file_read_all(path, &len, errp);
	if (t && strlen(t) != len) {
		error_set(errp, _("%s: binary file, not text or PDF"), path);
		FREE(&t);
	}
	return t;
}

/* A paper's text: its cached PDF, else title, imported comment and note. */
static char *paper_text(struct library *lib, const struct paper *p, char **errp)
{
	char *pdf = library_pdf_cached(lib, p->key);
	if (pdf) {
		char *t = pdf_text(pdf, -1, errp);
		free(pdf);
		return t;
	}
	fprintf(stderr, _("quire: %s: no PDF in the cache; summarising its title, comment and note\n"),
		p->key);
	return library_paper_own_text(lib, p);
}

static int print_piece(const char *piece, size_t len, void *ud)
{
	UNUSED(ud);
	if (piece) {
		fwrite(piece, 1, len, stdout);
		fflush(stdout);
	}
	return 0;
}

static bool blank(const char *s)
{
	for (; *s; s++)
		if (!strchr(" \t\r\n\f", *s))
			return false;
	return true;
}

int cmd_summarize(const struct cli_globals *g, int argc, char **argv)
{
	static const struct option longs[] = {
		{"model", required_argument, NULL, 'm'},
		{"extractive", no_argument, NULL, 'e'},
		{"no-save", no_argument, NULL, 'n'},
		CLI_HELP_OPTION,
		{NULL, 0, NULL, 0},
	};
	const char *model_name = NULL;
	bool extractive = false, save = true;
	int c;
	while ((c = getopt_long(argc, argv, "m:enh", longs, NULL)) != -1) {
		if (c == 'h')
			return cli_print_help("summarize");
		else if (c == 'm')
			model_name = optarg;
		else if (c == 'e')
			extractive = true;
		else if (c == 'n')
			save = false;
		else
			return cli_usage_error("summarize");
	}
	if (argc - optind != 1)
		return cli_usage_error("summarize");
	const char *what = argv[optind];
	char *err = NULL, *text = NULL, *key = NULL;
	struct library *lib = NULL;
	if (strcmp(what, "-") == 0) {
		text = read_stdin(&err);
	} else if (file_exists(what)) {
		text = read_document(what, &err);
	} else {
		lib = cli_open_library(g);
		if (!lib)
			return 1;
		struct paper p;
		int r = cli_paper_lookup(lib, what, &p, &err);
		if (r != 0) {
			library_close(&lib);
			if (r > 0) {
				free(err);
				err = xasprintf(_("%s: no such paper in the library and no such file"), what);
			}
			return cli_fail(err);
		}
		key = xstrdup(p.key);
		text = paper_text(lib, &p, &err);
		paper_free(&p);
	}
	if (!text)
		goto fail;
	if (blank(text)) {
		err = xasprintf(_("%s: no text to summarise"), what);
		goto fail;
	}
	char *model = NULL;
	if (!extractive)
		model = model_name ? models_resolve(model_name, &err) : models_default(&err);
	if (!model && err)
		goto fail;
	char *summary = NULL, *label = NULL;
	bool model_used = model != NULL;
	if (model) {
		struct summarizer *s = summarizer_open(model, NULL, &err);
		free(model);
		if (!s)
			goto fail;
		struct summary_stats st;
		int r = summarizer_run(s, text, print_piece, NULL, &st, &summary, &err);
		putchar('\n');
		fflush(stdout);
		if (r == 0)
			fprintf(stderr,
				_("quire: %s: %zu tokens in %.1f s (%.1f tokens/s); prompt %zu tokens "
				  "in %.1f s (%.0f tokens/s), %zu chunk(s)\n"),
				summarizer_model_name(s), st.gen_tokens, st.gen_seconds,
				st.gen_seconds > 0 ? st.gen_tokens / st.gen_seconds : 0.0,
				st.prompt_tokens, st.prompt_seconds,
				st.prompt_seconds > 0 ? st.prompt_tokens / st.prompt_seconds : 0.0,
				st.chunks);
		if (r == 0)
			label = xstrdup(summarizer_model_name(s));
		summarizer_free(&s);
		if (r != 0)
			goto fail;
	} else {
		summary = summarize_extractive(text, EXTRACTIVE_SENTENCES);
		label = xstrdup(_("Extractive summary (no model)"));
		if (!extractive)
			fprintf(stderr, _("quire: no model (see `quire model add`): extractive summary\n"));
		printf("%s:\n%s", label, summary);
		if (!str_ends_with(summary, "\n"))
			putchar('\n');
	}
	fflush(stdout);
	if (key && save) {
		int r = library_note_set_summary(lib, key, model_used ? label : NULL, label,
						 summary, &err);
		cli_print_warnings(lib);
		if (r == 0) {
			char *path = library_note_path(lib, key);
			fprintf(stderr, _("quire: saved under \"## Summary\" in %s\n"), path);
			free(path);
		}
	}
	free(label);
	free(summary);
	if (err)
		goto fail;
	free(text);
	free(key);
	library_close(&lib);
	return 0;
fail:
	free(text);
	free(key);
	library_close(&lib);
	return cli_fail(err);
}
