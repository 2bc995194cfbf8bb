/* cmd_review.c: `quire review`, a review session as a plain line-by-line
 * prompt (works over a dumb terminal, and reads a script from a pipe). */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/private.h"
#include "study/study.h"
#include "util/i18n.h"

/* One line of standard input, trimmed; NULL at the end. Caller frees. */
static char *read_line(void)
{
	struct buf b = BUF_INIT;
	int c;
	fflush(stdout);
	while ((c = getchar()) != EOF && c != '\n')
		buf_addc(&b, (char)c);
	if (c == EOF && !b.len) {
		buf_free(&b);
		return NULL;
	}
	char *s = buf_detach(&b);
	return str_trim(s);
}

static const char *state_label(const struct study_card *c)
{
	switch (c->s.state) {
	case SRS_NEW:
		return _("new");
	case SRS_LEARNING:
		return _("learning");
	case SRS_RELEARNING:
		return _("relearning");
	default:
		return _("review");
	}
}

static void show_front(const struct study_session *s, const struct study *st)
{
	size_t i;
	const struct card *c = study_session_card(s, &i);
	printf("\n[%zu] %s · %s:%d\n", study_session_left(s), state_label(&st->st[i]), c->file,
	       c->line);
	if (*c->context)
		printf("%s\n", c->context);
	printf(_("Q: %s\n"), c->front);
	printf("%s", _("(Enter: show the answer; e: edit; s: suspend; b: bury; u: undo; q: stop) > "));
}

static void show_back(const struct study_session *s, int64_t now)
{
	const struct card *c = study_session_card(s, NULL);
	if (c->kind == CARD_CLOZE) {
		/* the text with its gap filled */
		const char *gap = strstr(c->front, "[...]");
		if (gap)
			printf(_("A: %.*s[%s]%s\n"), (int)(gap - c->front), c->front, c->back, gap + 5);
		else
			printf(_("A: %s\n"), c->back);
	} else {
		printf(_("A: %s\n"), c->back);
	}
	for (int r = 1; r <= 4; r++) {
		char *b = study_session_button(s, now, r);
		printf("%s%d %s", r > 1 ? "   " : "", r, b);
		free(b);
	}
	printf("\n%s", _("(1-4: grade; e: edit; s: suspend; b: bury; u: undo; q: stop) > "));
}

/* Reload the cards after an edit and go on with the session. */
static int reload(const struct cli_globals *g, struct library **lib, struct study **st,
		  struct study_session *s, int64_t now)
{
	struct library *nlib;
	struct study *nst;
	if (cli_study_open(g, now, &nlib, &nst))
		return 1;
	study_session_reload(s, nst, now);
	study_free(st);
	library_close(lib);
	*st = nst;
	*lib = nlib;
	return 0;
}

int cmd_review(const struct cli_globals *g, int argc, char **argv)
{
	int c;
	while ((c = getopt_long(argc, argv, "h", cli_help_option, NULL)) != -1)
		return c == 'h' ? cli_print_help("review") : cli_usage_error("review");
	if (optind < argc)
		return cli_usage_error("review");
	struct library *lib;
	struct study *st;
	int64_t now = study_now();
	if (cli_study_open(g, now, &lib, &st))
		return 1;
	struct study_session *s = study_session_start(st, now);
	if (!study_session_card(s, NULL)) {
		printf("%s\n", _("No cards to review now."));
		study_session_free(&s);
		study_free(&st);
		library_close(&lib);
		return 0;
	}
	printf(_("%zu cards to review.\n"), study_session_left(s));
	int r = 0;
	bool revealed = false, quit = false;
	while (!quit && study_session_card(s, NULL)) {
		if (!revealed) {
			show_front(s, st);
			study_session_shown(s, study_now());
		}
		char *line = read_line();
		if (!line)
			break;
		char *err = NULL;
		now = study_now();
		int res = 0;
		if (strcmp(line, "q") == 0) {
			quit = true;
		} else if (strcmp(line, "u") == 0) {
			res = study_session_undo(s, now, &err);
			if (res == 1)
				printf("%s\n", _("Nothing to undo."));
			else if (res == 0)
				printf("%s\n", _("Undone."));
			revealed = false;
		} else if (strcmp(line, "s") == 0 || strcmp(line, "b") == 0) {
			bool bury = line[0] == 'b';
			res = study_session_put_aside(s, bury, now, &err);
			if (res == 0)
				printf("%s\n", bury ? _("Buried until tomorrow.") : _("Suspended."));
			revealed = false;
		} else if (strcmp(line, "e") == 0) {
			const struct card *k = study_session_card(s, NULL);
			char *path = path_join(library_dir(lib), k->file);
			res = study_edit(path, k->line, &err);
			free(path);
			if (res == 0 && reload(g, &lib, &st, s, study_now())) {
				r = 1;
				quit = true;
			}
			revealed = false;
		} else if (line[0] >= '1' && line[0] <= '4' && !line[1]) {
			if (!revealed)
				show_back(s, now);
			res = study_session_grade(s, line[0] - '0', now, &err);
			revealed = false;
			if (res == 0)
				putchar('\n');
		} else if (!revealed && (!line[0] || strcmp(line, " ") == 0)) {
			revealed = true;
			show_back(s, now);
		} else {
			printf("%s", revealed ? _("(1-4: grade; e: edit; s: suspend; b: bury; u: undo; q: stop) > ")
					      : _("(Enter: show the answer; e: edit; s: suspend; b: bury; u: undo; q: stop) > "));
		}
		if (res < 0) {
			fprintf(stderr, "quire: %s\n", err);
			free(err);
			r = 1;
			quit = true;
		}
		free(line);
	}
	struct buf sum = BUF_INIT;
	study_session_summary(s, study_now(), &sum);
	printf("\n%s", buf_str(&sum));
	buf_free(&sum);
	study_session_free(&s);
	study_free(&st);
	library_close(&lib);
	if (fflush(stdout) != 0)
		return cli_fail(xasprintf(_("standard output: %s"), strerror(errno)));
	return r;
}
