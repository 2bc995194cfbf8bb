/* summary.c: the summary pane. S on a paper opens it over the panes; a
 * worker thread extracts the paper's text and runs the model, handing the
 * streamed pieces to this (curses) thread through a mutex-guarded buffer and
 * a wake-up byte on a pipe that the loop polls (summary_wake_fd). Esc or q
 * cancels at once: the flag is checked by the summariser between tokens and
 * prompt batches, and the worker is joined. Without a model (or with a
 * strategy that needs none) the summary is extractive, computed here
 * directly (it is fast and bounded), and labelled. The model is not run on
 * a paper with neither a PDF nor an abstract: the pane says what it needs.
 * A finished summary is saved under "## Summary" in the note, with the
 * model and the strategy in its marker. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "llm/summarize.h"
#include "pdf/pdf.h"
#include "tui/private.h"
#include "util/i18n.h"


struct summary {
	char *key, *title;
	char *label;         /* model name or the extractive label */
	enum summary_strategy strategy;
	char *model_name;    /* once the model is loaded */
	bool fell_back;      /* the model's summary failed the faithfulness check */
	struct buf text;     /* what has been shown so far */
	struct lines lines;  /* text wrapped */
	char *status;        /* error or final state; NULL while running */
	bool running;
	double t_first;      /* µs when the first piece came */
	size_t n_pieces;
	/* shared with the worker, under mu */
	pthread_t thread;
	bool have_thread;
	pthread_mutex_t mu;
	struct buf incoming;
	size_t w_pieces;
	bool w_done;
	int w_result;
	char *w_err, *w_summary, *w_name;
	struct summary_stats w_stats;
	atomic_int cancel;
	int wake[2];
	/* the worker's input, owned by the worker while it runs */
	char *model_path, *pdf_path, *input;
};

static struct summary *summary_of(const struct view *v)
{
	return v->priv;
}

static void wake(struct summary *s)
{
	char c = 1;
	ssize_t r = write(s->wake[1], &c, 1); /* a full pipe is awake already */
	UNUSED(r);
}

static int on_piece(const char *piece, size_t len, void *ud)
{
	struct summary *s = ud;
	if (piece && len) {
		pthread_mutex_lock(&s->mu);
		buf_add(&s->incoming, piece, len);
		s->w_pieces++;
		pthread_mutex_unlock(&s->mu);
		wake(s);
	}
	return atomic_load(&s->cancel);
}

static void *worker(void *arg)
{
	struct summary *s = arg;
	char *err = NULL, *out = NULL;
	int r = -1;
	struct summary_stats st = {0};
	char *name = NULL;
	char *text = s->input;
	if (!text && s->pdf_path)
		text = pdf_text(s->pdf_path, -1, &err);
	struct summarizer *z = NULL;
	struct summary_opts o;
	summary_opts_default(&o);
	o.strategy = s->strategy;
	if (text && !atomic_load(&s->cancel))
		z = summarizer_open(s->model_path, &o, &err);
	if (z) {
		name = xstrdup(summarizer_model_name(z));
		pthread_mutex_lock(&s->mu);
		s->w_name = xstrdup(name);
		pthread_mutex_unlock(&s->mu);
		wake(s);
		r = summarizer_run(z, text, on_piece, s, &st, &out, &err);
		summarizer_free(&z);
	} else if (text && !err) {
		r = 1; /* cancelled before the model was loaded */
	}
	if (text != s->input)
		free(text);
	free(name);
	pthread_mutex_lock(&s->mu);
	s->w_done = true;
	s->w_result = r;
	s->w_err = err;
	s->w_summary = out;
	s->w_stats = st;
	pthread_mutex_unlock(&s->mu);
	wake(s);
	return NULL;
}

/* model: its name, NULL for an extractive summary. */
static void save(struct tui *t, struct summary *s, const char *model, const char *summary)
{
	char *err = NULL;
	const char *strategy = summary_strategy_name(model ? s->strategy : SUMMARY_EXTRACTIVE);
	if (!model && s->strategy == SUMMARY_LEAD3)
		strategy = summary_strategy_name(SUMMARY_LEAD3);
	if (library_note_set_summary(t->lib, s->key, model, strategy, model ? model : s->label,
				     summary, &err) == 0) {
		free(s->status);
		s->status = xstrdup(_("saved to the note"));
		detail_select(t);
	} else {
		tui_message(t, true, "%s", err);
		free(s->status);
		s->status = xstrdup(_("not saved"));
	}
	free(err);
}

static void summary_free_state(struct summary *s)
{
	if (s->have_thread) {
		atomic_store(&s->cancel, 1);
		pthread_join(s->thread, NULL);
		s->have_thread = false;
	}
	pthread_mutex_destroy(&s->mu);
	if (s->wake[0] >= 0)
		close(s->wake[0]);
	if (s->wake[1] >= 0)
		close(s->wake[1]);
	free(s->key);
	free(s->title);
	free(s->label);
	buf_free(&s->text);
	buf_free(&s->incoming);
	lines_free(&s->lines);
	free(s->status);
	free(s->w_err);
	free(s->w_summary);
	free(s->w_name);
	free(s->model_name);
	free(s->model_path);
	free(s->pdf_path);
	free(s->input);
	free(s);
}

unsigned summary_open(struct tui *t)
{
	const struct paper_row *row = list_selected(t);
	if (!row) {
		tui_message(t, true, "%s", _("No paper selected"));
		return REDRAW_BARS;
	}
	struct paper p;
	char *err = NULL;
	if (library_paper_get(t->lib, row->key, &p, &err) != 0) {
		tui_message(t, true, "%s", err ? err : row->key);
		free(err);
		return REDRAW_BARS;
	}
	struct summary *s = xcalloc(1, sizeof *s);
	pthread_mutex_init(&s->mu, NULL);
	s->wake[0] = s->wake[1] = -1;
	s->key = xstrdup(p.key);
	s->title = xstrdup(p.title ? p.title : p.key);
	s->pdf_path = library_pdf_cached(t->lib, p.key);
	bool enough = true, own_words = true;
	if (!s->pdf_path) {
		char *own = library_paper_own_text(t->lib, &p);
		if (p.abstract && *p.abstract) {
			s->input = xasprintf("%s\n\nAbstract\n\n%s\n\n%s", s->title, p.abstract, own);
			free(own);
		} else {
			s->input = own;
			enough = false;
			own_words = library_paper_has_own_text(t->lib, &p);
		}
	}
	paper_free(&p);
	if (summary_strategy_default(&s->strategy, &err) < 0) {
		tui_message(t, true, "%s", err);
		FREE(&err);
	}
	char *model = NULL;
	if (summary_strategy_uses_model(s->strategy))
		model = models_default(&err);
	if (!model && err) {
		tui_message(t, true, "%s", err);
		FREE(&err);
	}
	t->summary.priv = s;
	t->summary.offset = 0;
	t->summary_open = true;
	if (!enough && (model || !own_words)) {
		/* a title alone makes a small model invent the paper, and the
		 * extractive summary of a title is the title */
		s->label = xstrdup(_("No summary"));
		buf_adds(&s->text, model ? _("This paper has no PDF and no abstract: not enough text "
					     "for a model summary, which would be invented.")
					 : _("This paper has no PDF, no abstract, no comment and no "
					     "note: nothing to summarise but its title."));
		free(model);
		buf_adds(&s->text, "\n\n");
		buf_adds(&s->text, _("Fetch the PDF with d or resolve the abstract with R, then press "
				     "S again."));
		s->status = xstrdup(_("nothing saved"));
	} else if (model) {
		s->model_path = model;
		s->running = true;
		s->label = xstrdup(_("loading the model"));
		if (pipe(s->wake) == 0) {
			fcntl(s->wake[0], F_SETFL, O_NONBLOCK);
			fcntl(s->wake[1], F_SETFL, O_NONBLOCK);
			fcntl(s->wake[0], F_SETFD, FD_CLOEXEC);
			fcntl(s->wake[1], F_SETFD, FD_CLOEXEC);
			s->have_thread = pthread_create(&s->thread, NULL, worker, s) == 0;
		}
		if (!s->have_thread) {
			s->running = false;
			s->status = xasprintf(_("cannot start the summary: %s"), strerror(errno));
		}
	} else {
		char *text = s->input ? xstrdup(s->input) : pdf_text(s->pdf_path, -1, &err);
		s->label = xstrdup(s->strategy == SUMMARY_LEAD3 ? _("Lead-3 summary (no model)")
								: _("Extractive summary (no model)"));
		if (text) {
			char *sum = summarize_without_model(s->strategy, text);
			if (*sum) {
				buf_adds(&s->text, sum);
				save(t, s, NULL, sum);
			} else {
				s->status = xstrdup(_("no text to summarise"));
			}
			free(sum);
			free(text);
		} else {
			s->status = err;
			err = NULL;
		}
	}
	t->summary.ops->layout(t, &t->summary);
	return REDRAW_ALL;
}

int summary_wake_fd(const struct tui *t)
{
	const struct summary *s = t->summary_open ? summary_of(&t->summary) : NULL;
	return s && s->running ? s->wake[0] : -1;
}

unsigned summary_pump(struct tui *t)
{
	struct summary *s = t->summary_open ? summary_of(&t->summary) : NULL;
	if (!s || !s->running)
		return REDRAW_NONE;
	char drain[256];
	while (read(s->wake[0], drain, sizeof drain) > 0)
		;
	pthread_mutex_lock(&s->mu);
	size_t before = s->text.len;
	if (s->incoming.len) {
		if (!s->n_pieces)
			s->t_first = tui_now_us();
		s->n_pieces = s->w_pieces;
		buf_add(&s->text, s->incoming.data, s->incoming.len);
		buf_reset(&s->incoming);
	}
	if (s->w_name) {
		free(s->model_name);
		s->model_name = s->w_name;
		s->w_name = NULL;
		free(s->label);
		/* which model and strategy make the summary */
		s->label = xasprintf("%s · %s", s->model_name, summary_strategy_name(s->strategy));
	}
	bool done = s->w_done;
	pthread_mutex_unlock(&s->mu);
	if (done) {
		pthread_join(s->thread, NULL);
		s->have_thread = false;
		s->running = false;
		if (s->w_result == 0 && s->w_summary && *s->w_summary) {
			buf_reset(&s->text);
			const struct summary_stats *st = &s->w_stats;
			const char *model = s->model_name;
			if (st->fell_back) {
				s->fell_back = true;
				buf_printf(&s->text, _("The model's summary used words that are not "
						       "in the paper (faithfulness %.2f); the "
						       "extractive summary instead:"),
					   st->faithfulness);
				buf_adds(&s->text, "\n\n");
				free(s->label);
				s->label = xstrdup(_("Extractive summary (model's failed the check)"));
			}
			buf_adds(&s->text, s->w_summary);
			char *speed = xasprintf(_("%zu tokens, %.1f tokens/s"), st->gen_tokens,
						st->gen_seconds > 0 ? st->gen_tokens / st->gen_seconds : 0.0);
			if (st->dropped && !st->fell_back) {
				char *more = xasprintf(_("%s; %zu point(s) not in the paper dropped"),
						       speed, st->dropped);
				free(speed);
				speed = more;
			}
			save(t, s, st->fell_back ? NULL : model, s->w_summary);
			char *both = xasprintf("%s; %s", speed, s->status ? s->status : "");
			free(s->status);
			s->status = both;
			free(speed);
		} else {
			free(s->status);
			s->status = s->w_err ? xstrdup(s->w_err) : xstrdup(_("no summary"));
		}
	}
	if (s->text.len != before || done)
		t->summary.ops->layout(t, &t->summary);
	return REDRAW_SUMMARY | REDRAW_DETAIL;
}

/* Esc or q: cancel the worker (it stops within a token or a prompt batch)
 * and close. */
void summary_close(struct tui *t)
{
	struct summary *s = summary_of(&t->summary);
	if (s) {
		if (s->running)
			tui_message(t, false, "%s", _("Summary cancelled; nothing saved"));
		summary_free_state(s);
	}
	t->summary.priv = NULL;
	t->summary_open = false;
}

static void summary_layout(struct tui *t, struct view *v)
{
	UNUSED(t);
	struct summary *s = summary_of(v);
	if (!s)
		return;
	lines_free(&s->lines);
	int w = v->r.w - 2;
	lines_add(&s->lines, NULL, s->title, w, TH_HEADING);
	lines_add(&s->lines, NULL, "", w, TH_NORMAL);
	const char *p = buf_str(&s->text);
	while (*p) {
		size_t n = strcspn(p, "\n");
		char *para = xstrndup(p, n);
		lines_add(&s->lines, NULL, para, w, TH_NORMAL);
		free(para);
		p += n;
		if (*p)
			p++;
	}
	v->n = s->lines.n;
	/* follow the stream: keep the end visible */
	size_t h = v->r.h > 1 ? (size_t)v->r.h - 1 : 1;
	if (s->running && v->n > h)
		v->offset = v->n - h;
}

static void summary_load(struct tui *t, struct view *v)
{
	summary_layout(t, v);
}

static unsigned summary_handle(struct tui *t, struct view *v, enum cmd cmd)
{
	UNUSED(t);
	return view_scroll(v, cmd) ? REDRAW_SUMMARY : REDRAW_NONE;
}

static void summary_draw(const struct tui *t, const struct view *v)
{
	UNUSED(t);
	const struct summary *s = summary_of(v);
	draw_fill(&v->r, theme_attr(TH_NORMAL));
	if (!s)
		return;
	struct rect r = {v->r.y, v->r.x + 1, v->r.h - 1, v->r.w - 1};
	lines_draw(&s->lines, v->offset, &r);
	struct buf st = BUF_INIT;
	buf_printf(&st, " %s", s->label ? s->label : "");
	if (s->running) {
		double secs = s->n_pieces > 1 ? (tui_now_us() - s->t_first) / 1e6 : 0;
		if (secs > 0)
			buf_printf(&st, _("  ~%.1f tokens/s"), (double)(s->n_pieces - 1) / secs);
		else if (!s->n_pieces)
			/* the prompt and, for a long paper, the summaries of its
			   parts come first: up to a minute on a small CPU */
			buf_adds(&st, "  …");
		buf_printf(&st, "  %s", _("Esc: cancel"));
	} else {
		if (s->status)
			buf_printf(&st, "  %s", s->status);
		buf_printf(&st, "  %s", _("Esc/q: close"));
	}
	char *clean = text_sanitize(buf_str(&st));
	draw_text_pad(v->r.y + v->r.h - 1, v->r.x, v->r.w, clean, theme_attr(TH_STATUS));
	free(clean);
	buf_free(&st);
}

static void summary_free(struct view *v)
{
	if (v->priv)
		summary_free_state(v->priv);
	v->priv = NULL;
}

const struct view_ops summary_ops = {
        .name = "summary",
        .load = summary_load,
        .layout = summary_layout,
        .handle = summary_handle,
        .draw = summary_draw,
        .free = summary_free,
        .redraw_bit = REDRAW_SUMMARY,
        .ctx = CTX_SUMMARY,
};
