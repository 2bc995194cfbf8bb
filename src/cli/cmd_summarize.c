/* cmd_summarize.c: `quire summarize KEY|PATH|-` */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli/private.h"
#include "llm/summarize.h"
#include "pdf/pdf.h"
#include "util/i18n.h"

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

/* A paper's text: its cached PDF, else title, imported comment and note,
 * with the resolved abstract when there is one (*enough then: a model may
 * summarise it; title and comment alone are not enough). */
static char *paper_text(struct library *lib, const struct paper *p, bool *enough, char **errp)
{
	char *pdf = library_pdf_cached(lib, p->key);
	*enough = true;
	if (pdf) {
		char *t = pdf_text(pdf, -1, errp);
		free(pdf);
		return t;
	}
	char *own = library_paper_own_text(lib, p);
	if (p->abstract && *p->abstract) {
		fprintf(stderr, _("quire: %s: no PDF in the cache; summarising its abstract\n"), p->key);
		char *t = xasprintf("%s\n\nAbstract\n\n%s\n\n%s", p->title ? p->title : p->key,
				    p->abstract, own);
		free(own);
		return t;
	}
	*enough = false;
	fprintf(stderr, _("quire: %s: no PDF in the cache; summarising its title, comment and note\n"),
		p->key);
	return own;
}

struct stream {
	double t0, t_first; /* seconds: start, first piece shown */
	char last;          /* the last byte printed */
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int print_piece(const char *piece, size_t len, void *ud)
{
	struct stream *sm = ud;
	if (piece) {
		if (!sm->t_first)
			sm->t_first = now();
		fwrite(piece, 1, len, stdout);
		fflush(stdout);
		if (len)
			sm->last = piece[len - 1];
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
		{"strategy", required_argument, NULL, 's'},
		{"timings", no_argument, NULL, 't'},
		CLI_HELP_OPTION,
		{NULL, 0, NULL, 0},
	};
	const char *model_name = NULL, *strategy_name = NULL;
	bool extractive = false, save = true, timings = false;
	struct stream sm = {now(), 0, 0};
	int c;
	while ((c = getopt_long(argc, argv, "m:ens:th", longs, NULL)) != -1) {
		if (c == 'h')
			return cli_print_help("summarize");
		else if (c == 'm')
			model_name = optarg;
		else if (c == 'e')
			extractive = true;
		else if (c == 'n')
			save = false;
		else if (c == 's')
			strategy_name = optarg;
		else if (c == 't')
			timings = true;
		else
			return cli_usage_error("summarize");
	}
	enum summary_strategy strategy;
	char *err = NULL;
	if (strategy_name) {
		if (!summary_strategy_parse(strategy_name, &strategy))
			return cli_fail(xasprintf(_("--strategy: unknown \"%s\" (one of %s)"),
						  strategy_name, summary_strategy_names()));
	} else if (summary_strategy_default(&strategy, &err) < 0) {
		return cli_fail(err);
	}
	if (extractive)
		strategy = SUMMARY_EXTRACTIVE;
	if (argc - optind != 1)
		return cli_usage_error("summarize");
	const char *what = argv[optind];
	char *text = NULL, *key = NULL;
	bool enough = true, own_words = true;
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
		text = paper_text(lib, &p, &enough, &err);
		own_words = enough || library_paper_has_own_text(lib, &p);
		paper_free(&p);
	}
	if (!text)
		goto fail;
	if (blank(text)) {
		err = xasprintf(_("%s: no text to summarise"), what);
		goto fail;
	}
	char *model = NULL;
	if (summary_strategy_uses_model(strategy))
		model = model_name ? models_resolve(model_name, &err) : models_default(&err);
	if (!model && err)
		goto fail;
	if (model && !enough) {
		/* a title alone makes a small model invent the paper */
		free(model);
		err = xasprintf(_("%s: no PDF and no abstract: not enough text for a model summary; "
				  "fetch the PDF (quire fetch %s) or resolve the abstract (quire "
				  "resolve %s), or ask for --strategy extractive"),
				key, key, key);
		goto fail;
	}
	if (!model && !enough && !own_words && !strategy_name && !extractive) {
		/* the extractive summary of a title is the title (unless asked
		 * for by name) */
		err = xasprintf(_("%s: no PDF, no abstract, no comment and no note: nothing to "
				  "summarise but the title; fetch the PDF (quire fetch %s) or resolve "
				  "the abstract (quire resolve %s)"),
				key, key, key);
		goto fail;
	}
	char *summary = NULL, *label = NULL, *model_tag = NULL;
	const char *strategy_tag = summary_strategy_name(strategy);
	if (model) {
		struct summary_opts o;
		summary_opts_default(&o);
		o.strategy = strategy;
		struct summarizer *s = summarizer_open(model, &o, &err);
		free(model);
		if (!s)
			goto fail;
		struct summary_stats st;
		int r = summarizer_run(s, text, print_piece, &sm, &st, &summary, &err);
		if (sm.last != '\n')
			putchar('\n');
		fflush(stdout);
		if (r == 0)
			fprintf(stderr,
				_("quire: %s: %zu tokens in %.1f s (%.1f tokens/s); prompt %zu tokens "
				  "in %.1f s (%.0f tokens/s), %zu chunk(s); %zu point(s) dropped as "
				  "unfaithful; faithfulness %.2f\n"),
				summarizer_model_name(s), st.gen_tokens, st.gen_seconds,
				st.gen_seconds > 0 ? st.gen_tokens / st.gen_seconds : 0.0,
				st.prompt_tokens, st.prompt_seconds,
				st.prompt_seconds > 0 ? st.prompt_tokens / st.prompt_seconds : 0.0,
				st.chunks, st.dropped, st.faithfulness);
		if (r == 0 && st.fell_back) {
			/* the streamed text is withdrawn: say so on stdout too */
			label = xstrdup(_("Extractive summary (the model's summary used words not in "
					  "the paper)"));
			fprintf(stderr, _("quire: %s: the model's summary failed the faithfulness "
					  "check (%.2f; %.2f needed, %.2f for its TL;DR): extractive "
					  "summary instead\n"),
				summarizer_model_name(s), st.faithfulness, SUMMARY_MIN_FAITHFUL,
				SUMMARY_MIN_FAITHFUL_POINT);
			printf("\n%s:\n%s", label, summary);
			if (!str_ends_with(summary, "\n"))
				putchar('\n');
			strategy_tag = summary_strategy_name(SUMMARY_EXTRACTIVE);
		} else if (r == 0) {
			label = xstrdup(summarizer_model_name(s));
			model_tag = xstrdup(label);
		}
		summarizer_free(&s);
		if (r != 0)
			goto fail;
	} else {
		summary = summarize_without_model(strategy, text);
		label = xstrdup(strategy == SUMMARY_LEAD3 ? _("Lead-3 summary (no model)")
							 : _("Extractive summary (no model)"));
		if (summary_strategy_uses_model(strategy)) {
			fprintf(stderr, _("quire: no model (see `quire model add`): extractive summary\n"));
			strategy_tag = summary_strategy_name(SUMMARY_EXTRACTIVE);
		}
		if (!sm.t_first)
			sm.t_first = now();
		printf("%s:\n%s", label, summary);
		if (!str_ends_with(summary, "\n"))
			putchar('\n');
	}
	if (timings)
		fprintf(stderr,
			_("quire: timings: first text after %.2f s, done after %.2f s; "
			  "faithfulness %.2f\n"),
			sm.t_first ? sm.t_first - sm.t0 : 0.0, now() - sm.t0,
			summary_faithfulness(summary, text));
	fflush(stdout);
	if (key && save) {
		int r = library_note_set_summary(lib, key, model_tag, strategy_tag, label, summary,
						 &err);
		cli_print_warnings(lib);
		if (r == 0) {
			char *path = library_note_path(lib, key);
			fprintf(stderr, _("quire: saved under \"## Summary\" in %s\n"), path);
			free(path);
		}
	}
	free(label);
	free(model_tag);
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
