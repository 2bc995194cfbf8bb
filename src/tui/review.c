/* review.c: the review view. F opens it over the panes with the cards
 * due; Space shows the answer and the interval each grade would give;
 * 1-4 grade, u undoes, e edits the card's source in $EDITOR (curses
 * suspended meanwhile), s suspends, b buries; at the end (or on q) the
 * session's summary is shown until q closes the view. */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "study/study.h"
#include "tui/private.h"
#include "util/i18n.h"
#include "util/settings.h"

struct review {
	struct study *st;
	struct study_session *s;
	bool revealed, finished;
	struct lines lines; /* what draw shows, built by build() */
};

static struct review *review_of(const struct view *v)
{
	return v->priv;
}

static const char *state_label(enum srs_state s)
{
	switch (s) {
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

/* The lines the view shows for its state at now. */
static void build(struct tui *t, struct view *v)
{
	struct review *r = review_of(v);
	(void)t;
	lines_free(&r->lines);
	int w = v->r.w - 4 > 10 ? v->r.w - 4 : 10;
	size_t idx;
	const struct card *c = r->s && !r->finished ? study_session_card(r->s, &idx) : NULL;
	if (!c) {
		struct buf b = BUF_INIT;
		if (r->s)
			study_session_summary(r->s, study_now(), &b);
		lines_add(&r->lines, NULL, _("Review finished"), w, TH_HEADING);
		lines_add(&r->lines, NULL, "", w, TH_NORMAL);
		const char *p = buf_str(&b);
		while (*p) {
			size_t n = strcspn(p, "\n");
			char *one = xstrndup(p, n);
			lines_add(&r->lines, NULL, one, w, TH_NORMAL);
			free(one);
			p += n;
			if (*p)
				p++;
		}
		buf_free(&b);
		lines_add(&r->lines, NULL, "", w, TH_NORMAL);
		lines_add(&r->lines, NULL, _("q: close"), w, TH_STATUS);
		v->n = r->lines.n;
		return;
	}
	char *head = xasprintf(_("%zu left · %s · %s:%d"), study_session_left(r->s),
			       state_label(r->st->st[idx].s.state), c->file, c->line);
	lines_add(&r->lines, NULL, head, w, TH_COUNT);
	free(head);
	if (*c->context)
		lines_add(&r->lines, NULL, c->context, w, TH_HEADING);
	lines_add(&r->lines, NULL, "", w, TH_NORMAL);
	lines_add(&r->lines, NULL, c->front, w, TH_NORMAL);
	lines_add(&r->lines, NULL, "", w, TH_NORMAL);
	if (!r->revealed) {
		lines_add(&r->lines, NULL, _("Space: show the answer"), w, TH_STATUS);
	} else {
		lines_add(&r->lines, NULL, "────", w, TH_SEPARATOR);
		if (c->kind == CARD_CLOZE && strstr(c->front, "[...]")) {
			const char *gap = strstr(c->front, "[...]");
			char *full = xasprintf("%.*s[%s]%s", (int)(gap - c->front), c->front, c->back,
					       gap + 5);
			lines_add(&r->lines, NULL, full, w, TH_NORMAL);
			free(full);
		} else {
			lines_add(&r->lines, NULL, c->back, w, TH_NORMAL);
		}
		lines_add(&r->lines, NULL, "", w, TH_NORMAL);
		struct buf b = BUF_INIT;
		int64_t now = study_now();
		for (int g = 1; g <= 4; g++) {
			char *label = study_session_button(r->s, now, g);
			buf_printf(&b, "%s[%d] %s", g > 1 ? "   " : "", g, label);
			free(label);
		}
		lines_add(&r->lines, NULL, buf_str(&b), w, TH_LABEL);
		buf_free(&b);
	}
	v->n = r->lines.n;
}

static void review_free_state(struct review *r)
{
	study_session_free(&r->s);
	study_free(&r->st);
	lines_free(&r->lines);
	r->revealed = r->finished = false;
}

/* Load the cards and start a session. */
static int start(struct tui *t, struct review *r, char **errp)
{
	char *path = config_path();
	struct config *c = NULL;
	struct srs_params p;
	int rc = config_load(path, &c, errp);
	if (rc == 0)
		rc = srs_params_load(c, path, &p, errp);
	config_free(&c);
	free(path);
	if (rc < 0)
		return -1;
	struct strvec warnings = STRVEC_INIT;
	int64_t now = study_now();
	struct study *st;
	if (study_open(t->lib, &p, now, &st, &warnings, errp) < 0) {
		strvec_free(&warnings);
		return -1;
	}
	if (warnings.n)
		tui_message(t, true, "%s", warnings.v[0]);
	strvec_free(&warnings);
	if (r->s) {
		study_session_reload(r->s, st, now);
		study_free(&r->st);
	} else {
		r->s = study_session_start(st, now);
	}
	r->st = st;
	study_session_shown(r->s, now);
	return 0;
}

unsigned review_open(struct tui *t)
{
	struct view *v = &t->review;
	if (!v->priv)
		v->priv = xcalloc(1, sizeof(struct review));
	struct review *r = review_of(v);
	review_free_state(r);
	char *err = NULL;
	if (start(t, r, &err) < 0) {
		tui_message(t, true, "%s", err ? err : _("cannot load the cards"));
		free(err);
		return REDRAW_BARS;
	}
	if (!study_session_card(r->s, NULL)) {
		review_free_state(r);
		tui_message(t, false, "%s", _("No cards to review now."));
		return REDRAW_BARS;
	}
	t->review_open = true;
	v->offset = 0;
	build(t, v);
	return REDRAW_ALL;
}

bool review_finished(const struct tui *t)
{
	const struct review *r = review_of(&t->review);
	return r && (r->finished || !r->s || !study_session_card(r->s, NULL));
}

void review_close(struct tui *t)
{
	struct review *r = review_of(&t->review);
	if (r)
		review_free_state(r);
	t->review_open = false;
}

static unsigned review_handle(struct tui *t, struct view *v, enum cmd cmd)
{
	struct review *r = review_of(v);
	char *err = NULL;
	int64_t now = study_now();
	int rc = 0;
	if (r->finished || !study_session_card(r->s, NULL)) {
		r->finished = true;
		if (cmd == CMD_REVIEW_CLOSE)
			review_close(t);
		return REDRAW_ALL;
	}
	switch (cmd) {
	case CMD_REVIEW_REVEAL:
		if (r->revealed)
			return REDRAW_NONE;
		r->revealed = true;
		break;
	case CMD_REVIEW_AGAIN:
	case CMD_REVIEW_HARD:
	case CMD_REVIEW_GOOD:
	case CMD_REVIEW_EASY:
		if (!r->revealed) {
			/* grade only what was seen: the first key shows the answer */
			r->revealed = true;
			break;
		}
		rc = study_session_grade(r->s, (int)(cmd - CMD_REVIEW_AGAIN) + 1, now, &err);
		if (rc == 0) {
			r->revealed = false;
			study_session_shown(r->s, now);
		}
		break;
	case CMD_REVIEW_UNDO:
		rc = study_session_undo(r->s, now, &err);
		if (rc == 1)
			tui_message(t, false, "%s", _("Nothing to undo."));
		else if (rc == 0)
			r->revealed = false;
		break;
	case CMD_REVIEW_SUSPEND:
	case CMD_REVIEW_BURY:
		rc = study_session_put_aside(r->s, cmd == CMD_REVIEW_BURY, now, &err);
		if (rc == 0) {
			tui_message(t, false, "%s",
				    cmd == CMD_REVIEW_BURY ? _("Buried until tomorrow.") : _("Suspended."));
			r->revealed = false;
		}
		break;
	case CMD_REVIEW_EDIT: {
		const struct card *c = study_session_card(r->s, NULL);
		char *path = path_join(library_dir(t->lib), c->file);
		def_prog_mode();
		endwin();
		signals_curses_active(false);
		rc = study_edit(path, c->line, &err);
		signals_curses_active(true);
		reset_prog_mode();
		/* the index follows the edited list or note before the cards reload */
		if (rc == 0 && str_starts_with(c->file, "lists/") && t->refresh_lists)
			rc = t->refresh_lists(t->lib, &err);
		else if (rc == 0 && str_starts_with(c->file, "notes/"))
			rc = library_notes_refresh(t->lib, &err);
		free(path);
		if (rc == 0)
			rc = start(t, r, &err);
		r->revealed = false;
		if (rc == 0 && !study_session_card(r->s, NULL))
			r->finished = true;
		build(t, v);
		return REDRAW_ALL | REDRAW_FULL;
	}
	case CMD_REVIEW_CLOSE:
		/* the summary first; q again closes */
		r->finished = true;
		break;
	default:
		return REDRAW_NONE;
	}
	if (rc < 0) {
		tui_message(t, true, "%s", err ? err : _("cannot save the review"));
		free(err);
	}
	if (!study_session_card(r->s, NULL))
		r->finished = true;
	build(t, v);
	return REDRAW_REVIEW | REDRAW_BARS;
}

static void review_layout(struct tui *t, struct view *v)
{
	if (v->priv && t->review_open)
		build(t, v);
}

static void review_load(struct tui *t, struct view *v)
{
	(void)t;
	(void)v;
}

static void review_draw(const struct tui *t, const struct view *v)
{
	(void)t;
	const struct review *r = review_of(v);
	draw_fill(&v->r, theme_attr(TH_NORMAL));
	if (!r)
		return;
	struct rect in = {v->r.y + 1, v->r.x + 2, v->r.h - 1, v->r.w - 4};
	lines_draw(&r->lines, v->offset, &in);
}

static void review_free(struct view *v)
{
	struct review *r = review_of(v);
	if (r) {
		review_free_state(r);
		FREE(&v->priv);
	}
}

const struct view_ops review_ops = {
	"review", review_load, review_layout, review_handle, review_draw, review_free,
	REDRAW_REVIEW, CTX_REVIEW,
};
