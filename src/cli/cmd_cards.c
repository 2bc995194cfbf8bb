/* cmd_cards.c: `quire cards`, the flashcards of the library, and the
 * set-up the flashcard commands share (cli_study_open). */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/private.h"
#include "study/study.h"
#include "util/i18n.h"
#include "util/settings.h"

int cli_study_open(const struct cli_globals *g, int64_t now, struct library **libp,
		   struct study **stp)
{
	char *path = config_path(), *err = NULL;
	struct config *c = NULL;
	struct srs_params p;
	if (config_load(path, &c, &err) < 0 || srs_params_load(c, path, &p, &err) < 0) {
		config_free(&c);
		free(path);
		return cli_fail(err);
	}
	config_free(&c);
	free(path);
	struct library *lib = cli_open_library(g);
	if (!lib)
		return 1;
	struct strvec warnings = STRVEC_INIT;
	int r = study_open(lib, &p, now, stp, &warnings, &err);
	for (size_t i = 0; i < warnings.n; i++)
		fprintf(stderr, _("quire: warning: %s\n"), warnings.v[i]);
	strvec_free(&warnings);
	if (r < 0) {
		library_close(&lib);
		return cli_fail(err);
	}
	if ((*stp)->n_inherited)
		fprintf(stderr, _("quire: edited cards that keep the history of the cards they "
				  "replace: %zu\n"),
			(*stp)->n_inherited);
	*libp = lib;
	return 0;
}

/* A TSV field: tabs, newlines and other control characters become spaces. */
static void put_field(FILE *out, const char *s)
{
	for (; s && *s; s++)
		fputc((unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s, out);
}

static void put_json(FILE *out, const char *key, const char *s)
{
	fprintf(out, "\"%s\": ", key);
	cli_put_json_string(out, s);
}

static const char *state_name(const struct study_card *c)
{
	static const char *const names[] = {"new", "learning", "review", "relearning"};
	return c->suspended ? "suspended" : names[c->s.state];
}

/* Bring suspended cards back (a line each in cards.state). */
static int unsuspend_cards(struct study *st, const struct strvec *ids)
{
	for (size_t i = 0; i < ids->n; i++) {
		long k = study_find(st, ids->v[i]);
		if (k < 0)
			return cli_fail(xasprintf(_("%s: no such card (see quire cards)"), ids->v[i]));
		if (!st->st[k].suspended) {
			printf(_("%s: not suspended\n"), ids->v[i]);
			continue;
		}
		char *err = NULL;
		if (cardstate_append(st->state_path, study_now(), ids->v[i], CS_UNSUSPEND, NULL,
				     &err) < 0)
			return cli_fail(err);
		printf(_("%s: unsuspended\n"), ids->v[i]);
	}
	return 0;
}

int cmd_cards(const struct cli_globals *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{"topic", required_argument, NULL, 't'},
		{"due", no_argument, NULL, 'd'},
		{"format", required_argument, NULL, 'f'},
		{"unsuspend", required_argument, NULL, 'u'},
		CLI_HELP_OPTION,
		{NULL, 0, NULL, 0},
	};
	const char *topic = NULL;
	bool due = false;
	int format = FORMAT_TSV, c;
	struct strvec unsuspend = STRVEC_INIT;
	while ((c = getopt_long(argc, argv, "t:df:u:h", opts, NULL)) != -1) {
		switch (c) {
		case 'u':
			strvec_push(&unsuspend, optarg);
			break;
		case 't':
			topic = optarg;
			break;
		case 'd':
			due = true;
			break;
		case 'f':
			format = output_format_parse(optarg);
			if (format < 0) {
				fprintf(stderr, _("quire: --format %s: expected tsv or json\n"), optarg);
				return 2;
			}
			break;
		case 'h':
			strvec_free(&unsuspend);
			return cli_print_help("cards");
		default:
			strvec_free(&unsuspend);
			return cli_usage_error("cards");
		}
	}
	if (optind < argc) {
		strvec_free(&unsuspend);
		return cli_usage_error("cards");
	}
	struct library *lib;
	struct study *st;
	if (cli_study_open(g, study_now(), &lib, &st)) {
		strvec_free(&unsuspend);
		return 1;
	}
	if (unsuspend.n) {
		int r = unsuspend_cards(st, &unsuspend);
		strvec_free(&unsuspend);
		study_free(&st);
		library_close(&lib);
		return r;
	}
	char *want = topic ? topic_key(topic) : NULL;
	if (format == FORMAT_TSV)
		fputs("id\tkind\ttopic\tfront\tback\tsource\n", stdout);
	else
		fputs("[", stdout);
	size_t shown = 0;
	for (size_t i = 0; i < st->cards.n; i++) {
		const struct card *k = &st->cards.v[i];
		if (due && !study_is_due(st, i))
			continue;
		if (want) {
			char *have = topic_key(k->topic);
			bool m = topic_key_match(have, want);
			free(have);
			if (!m)
				continue;
		}
		if (format == FORMAT_TSV) {
			printf("%s\t%s\t", k->id, card_kind_name(k->kind));
			put_field(stdout, k->topic);
			fputc('\t', stdout);
			put_field(stdout, k->front);
			fputc('\t', stdout);
			put_field(stdout, k->back);
			fputc('\t', stdout);
			put_field(stdout, k->file);
			printf(":%d\n", k->line);
		} else {
			fputs(shown ? ",\n {" : "\n {", stdout);
			put_json(stdout, "id", k->id);
			fprintf(stdout, ", \"kind\": \"%s\", ", card_kind_name(k->kind));
			put_json(stdout, "topic", k->topic);
			fputs(", ", stdout);
			put_json(stdout, "context", k->context);
			fputs(", ", stdout);
			put_json(stdout, "front", k->front);
			fputs(", ", stdout);
			put_json(stdout, "back", k->back);
			fputs(", ", stdout);
			put_json(stdout, "file", k->file);
			fprintf(stdout, ", \"line\": %d, \"state\": \"%s\"", k->line,
				state_name(&st->st[i]));
			if (st->st[i].s.state != SRS_NEW) {
				struct buf t = BUF_INIT;
				srs_time_format(st->st[i].s.due, &t);
				fprintf(stdout, ", \"due\": \"%s\"", buf_str(&t));
				buf_free(&t);
			}
			fputc('}', stdout);
		}
		shown++;
	}
	if (format == FORMAT_JSON)
		fputs(shown ? "\n]\n" : "]\n", stdout);
	free(want);
	study_free(&st);
	cli_print_warnings(lib);
	library_close(&lib);
	if (fflush(stdout) != 0)
		return cli_fail(xasprintf(_("standard output: %s"), strerror(errno)));
	return 0;
}
