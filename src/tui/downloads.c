/* downloads.c: the network in the interface, and the downloads view.
 * Requests go to src/net (a worker thread; this thread never waits on
 * it): PDFs of papers, arXiv look-ups, papers added at the prompt. Their
 * events come through net_fd(), which the loop polls, and netq_pump takes
 * them. The view lists the PDF jobs with a progress bar each, and cancels
 * or retries the selected one; while it is closed the status line shows
 * the overall progress. */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "net/net.h"
#include "tui/private.h"
#include "util/i18n.h"

enum job_kind { JOB_PDF, JOB_RESOLVE };
enum job_state { JOB_WAITING, JOB_RUNNING, JOB_DONE, JOB_FAILED, JOB_CANCELLED };

struct job {
	enum job_kind kind;
	enum job_state state;
	unsigned id;         /* the net request */
	char *key;           /* JOB_PDF: the paper */
	struct strvec ids;   /* JOB_RESOLVE: the arXiv ids asked for */
	long long now, total;
	double rate;
	char *note;          /* the last retry's reason, or the error */
};

struct netq {
	struct net *net;
	struct job **pdf;    /* every PDF job of the session, in order */
	size_t n_pdf, cap_pdf;
	struct job **look;   /* arXiv look-ups still running */
	size_t n_look, cap_look;
	/* the batch of downloads since the queue was last idle */
	size_t saved, failed;
	char *last_error;
};

static bool job_active(const struct job *j)
{
	return j->state == JOB_WAITING || j->state == JOB_RUNNING;
}

static void job_free(struct job **jp)
{
	struct job *j = *jp;
	if (!j)
		return;
	free(j->key);
	strvec_free(&j->ids);
	free(j->note);
	FREE(jp);
}

static struct netq *netq_get(struct tui *t)
{
	if (!t->netq)
		t->netq = xcalloc(1, sizeof *t->netq);
	return t->netq;
}

/* The network, started on first use; NULL with the reason on the status
 * line when the settings are bad. */
static struct net *net_get(struct tui *t)
{
	struct netq *q = netq_get(t);
	if (q->net)
		return q->net;
	struct net_settings s;
	char *err = NULL;
	if (net_settings_load(&s, &err) < 0 || net_open(&s, &q->net, &err) < 0) {
		tui_message(t, true, "%s", err ? err : _("cannot start the network"));
		free(err);
		return NULL;
	}
	return q->net;
}

static size_t active_pdf(const struct netq *q)
{
	size_t n = 0;
	for (size_t i = 0; q && i < q->n_pdf; i++)
		n += job_active(q->pdf[i]);
	return n;
}

static void human(struct buf *b, double bytes)
{
	if (bytes >= 1e9)
		buf_printf(b, "%.2f GB", bytes / 1e9);
	else if (bytes >= 1e6)
		buf_printf(b, "%.1f MB", bytes / 1e6);
	else
		buf_printf(b, "%.0f kB", bytes / 1e3);
}

/* ---- PDFs ---- */

static struct job *pdf_job_of(struct netq *q, const char *key)
{
	for (size_t i = q->n_pdf; i-- > 0;)
		if (strcmp(q->pdf[i]->key, key) == 0)
			return q->pdf[i];
	return NULL;
}

/* Queue the PDF of one paper. Returns 1 when queued, 0 when there was
 * nothing to do (cached, already queued), -1 with *errp set. */
static int fetch_one(struct tui *t, struct net *net, const char *key, char **errp)
{
	struct netq *q = t->netq;
	struct job *j = pdf_job_of(q, key);
	if (j && job_active(j))
		return 0;
	char *have = library_pdf_cached(t->lib, key);
	free(have);
	if (have)
		return 0;
	struct paper p;
	memset(&p, 0, sizeof p);
	int r = library_paper_get(t->lib, key, &p, errp);
	if (r != 0) {
		paper_free(&p);
		return r < 0 ? -1 : error_set(errp, _("%s: no such paper"), key);
	}
	if (active_pdf(q) == 0)
		q->saved = q->failed = 0, FREE(&q->last_error);
	bool fresh = !j;
	if (fresh) {
		j = xcalloc(1, sizeof *j);
		j->kind = JOB_PDF;
		j->key = xstrdup(key);
	}
	j->id = cli_fetch_submit(t->lib, net, &p, j, errp);
	paper_free(&p);
	if (!j->id) {
		if (fresh)
			job_free(&j);
		return -1;
	}
	j->state = JOB_WAITING;
	j->now = 0;
	j->total = -1;
	j->rate = 0;
	FREE(&j->note);
	if (fresh) {
		q->pdf = xgrow(q->pdf, &q->cap_pdf, q->n_pdf + 1, sizeof *q->pdf);
		q->pdf[q->n_pdf++] = j;
		t->downloads.n = q->n_pdf;
	}
	return 1;
}

static unsigned fetch_selected(struct tui *t)
{
	const struct paper_row *row = list_selected(t);
	if (!row) {
		tui_message(t, true, _("No paper selected"));
		return REDRAW_BARS;
	}
	char *have = library_pdf_cached(t->lib, row->key);
	if (have) {
		tui_message(t, false, _("%s: the PDF is in the cache already"), row->key);
		free(have);
		return REDRAW_BARS;
	}
	struct net *net = net_get(t);
	if (!net)
		return REDRAW_BARS;
	char *err = NULL;
	int r = fetch_one(t, net, row->key, &err);
	if (r < 0)
		tui_message(t, true, "%s", err);
	else if (r == 0)
		tui_message(t, false, _("%s: being downloaded already"), row->key);
	free(err);
	return REDRAW_BARS | REDRAW_DOWNLOADS;
}

static unsigned fetch_list(struct tui *t)
{
	size_t n;
	const struct paper_row *rows = list_rows(t, &n);
	if (!n) {
		tui_message(t, true, _("No papers in the list"));
		return REDRAW_BARS;
	}
	struct net *net = net_get(t);
	if (!net)
		return REDRAW_BARS;
	size_t queued = 0, skipped = 0, nolink = 0;
	char *first_err = NULL;
	for (size_t i = 0; i < n; i++) {
		char *err = NULL;
		int r = fetch_one(t, net, rows[i].key, &err);
		if (r > 0)
			queued++;
		else if (r == 0)
			skipped++;
		else if (!first_err)
			nolink++, first_err = err, err = NULL;
		else
			nolink++;
		free(err);
	}
	struct buf b = BUF_INIT;
	buf_printf(&b, ngettext("Queued %zu PDF", "Queued %zu PDFs", queued), queued);
	if (skipped)
		buf_printf(&b, _(", %zu in the cache or queued already"), skipped);
	if (nolink)
		buf_printf(&b, ngettext("; %zu cannot be fetched: %s", "; %zu cannot be fetched, e.g. %s",
		                        nolink),
		           nolink, first_err);
	tui_message(t, nolink > 0, "%s", buf_str(&b));
	buf_free(&b);
	free(first_err);
	return REDRAW_BARS | REDRAW_DOWNLOADS;
}

/* ---- arXiv look-ups ---- */

/* Queue look-ups for ids, ARXIV_BATCH at a time. */
static void resolve_ids(struct tui *t, struct net *net, char *const *ids, size_t n)
{
	struct netq *q = t->netq;
	for (size_t first = 0; first < n; first += ARXIV_BATCH) {
		size_t k = n - first < ARXIV_BATCH ? n - first : ARXIV_BATCH;
		struct job *j = xcalloc(1, sizeof *j);
		j->kind = JOB_RESOLVE;
		for (size_t i = 0; i < k; i++)
			strvec_push(&j->ids, ids[first + i]);
		j->id = cli_resolve_submit(net, j->ids.v, k, j);
		q->look = xgrow(q->look, &q->cap_look, q->n_look + 1, sizeof *q->look);
		q->look[q->n_look++] = j;
	}
}

static unsigned resolve_cmd(struct tui *t, bool all)
{
	struct strvec ids = STRVEC_INIT;
	if (all) {
		char *err = NULL;
		if (library_arxiv_ids(t->lib, true, &ids, &err) < 0) {
			tui_message(t, true, "%s", err);
			free(err);
			return REDRAW_BARS;
		}
		if (!ids.n) {
			tui_message(t, false, _("Every paper with an arXiv id is resolved already"));
			return REDRAW_BARS;
		}
	} else {
		const struct paper_row *row = list_selected(t);
		if (!row) {
			tui_message(t, true, _("No paper selected"));
			return REDRAW_BARS;
		}
		if (!row->arxiv) {
			tui_message(t, true, _("%s: no arXiv id to look up"), row->key);
			return REDRAW_BARS;
		}
		strvec_push(&ids, row->arxiv);
	}
	struct net *net = net_get(t);
	if (net) {
		resolve_ids(t, net, ids.v, ids.n);
		tui_message(t, false, ngettext("Looking up %zu paper on arXiv…",
		                               "Looking up %zu papers on arXiv…", ids.n),
		            ids.n);
	}
	strvec_free(&ids);
	return REDRAW_BARS;
}

/* A look-up is done: store what it brought (this thread owns the library)
 * and reload the views on the same topic and paper. */
static unsigned resolve_done(struct tui *t, struct job *j, const struct net_event *ev)
{
	struct strvec resolved = STRVEC_INIT, failed = STRVEC_INIT, problems = STRVEC_INIT;
	char *err = NULL;
	if (cli_resolve_done(t->lib, ev, j->ids.v, j->ids.n, &resolved, &failed, &problems,
	                     &err) < 0) {
		tui_message(t, true, "%s", err);
		free(err);
	} else if (problems.n) {
		if (resolved.n)
			tui_message(t, true, _("Resolved %zu, %zu failed: %s"), resolved.n,
			            failed.n, problems.v[0]);
		else
			tui_message(t, true, "%s", problems.v[0]);
	} else {
		tui_message(t, false, ngettext("Resolved %zu paper", "Resolved %zu papers",
		                               resolved.n),
		            resolved.n);
	}
	unsigned bits = resolved.n ? tui_reload(t, 0) : REDRAW_BARS;
	strvec_free(&resolved);
	strvec_free(&failed);
	strvec_free(&problems);
	return bits;
}

/* ---- adding ---- */

unsigned netq_add(struct tui *t, const char *what)
{
	char *text = str_squeeze(what);
	if (!*text) {
		free(text);
		return REDRAW_BARS;
	}
	char *key = NULL, *arxiv = NULL, *err = NULL;
	int r = cli_add_offline(t->lib, text, &key, &arxiv, &err);
	if (r < 0) {
		tui_message(t, true, "%s", err);
		free(err);
		free(text);
		return REDRAW_BARS;
	}
	/* show it: All papers, no search, no filter, the new paper selected */
	list_search_clear(t);
	t->status_filter = -1;
	tree_select_path(t, NULL);
	t->views[PANE_LIST].ops->load(t, &t->views[PANE_LIST]);
	list_select_key(t, key);
	unsigned bits = tui_reload(t, 0);
	if (r == 1)
		tui_message(t, false, _("%s is in the library already"), key);
	else
		tui_message(t, false, _("Added %s"), key);
	if (arxiv && r == 0) {
		struct net *net = net_get(t);
		if (net) {
			resolve_ids(t, net, &arxiv, 1);
			tui_message(t, false, _("Added %s; looking it up on arXiv…"), key);
		}
	}
	free(key);
	free(arxiv);
	free(text);
	return bits;
}

/* ---- events ---- */

static void pdf_done(struct tui *t, struct job *j, const struct net_event *ev)
{
	struct netq *q = t->netq;
	j->now = ev->now;
	j->rate = 0;
	FREE(&j->note);
	switch (ev->result) {
	case NET_OK:
		j->state = JOB_DONE;
		if (j->total < 0)
			j->total = ev->now;
		q->saved++;
		tindex_kick(t); /* its text into the full-text index */
		break;
	case NET_CANCELLED:
		j->state = JOB_CANCELLED;
		j->note = xstrdup(_("cancelled"));
		break;
	default:
		j->state = JOB_FAILED;
		j->note = text_sanitize(ev->error ? ev->error : _("failed"));
		q->failed++;
		FREE(&q->last_error);
		q->last_error = xasprintf("%s: %s", j->key, j->note);
		break;
	}
	if (active_pdf(q))
		return;
	/* the batch is over: say how it went */
	if (q->failed == 1 && !q->saved)
		tui_message(t, true, "%s", q->last_error);
	else if (q->failed)
		tui_message(t, true, _("Downloads done: %zu saved, %zu failed (last: %s)"), q->saved,
		            q->failed, q->last_error);
	else if (q->saved)
		tui_message(t, false, ngettext("Downloads done: %zu PDF saved",
		                               "Downloads done: %zu PDFs saved", q->saved),
		            q->saved);
	else
		tui_message(t, false, _("Downloads cancelled"));
}

unsigned netq_pump(struct tui *t)
{
	struct netq *q = t->netq;
	if (!q || !q->net)
		return REDRAW_NONE;
	unsigned bits = REDRAW_NONE;
	struct net_event ev;
	while (net_next(q->net, &ev) == 1) {
		struct job *j = ev.user;
		if (j->kind == JOB_RESOLVE) {
			if (ev.type == NET_EV_DONE) {
				bits |= resolve_done(t, j, &ev);
				for (size_t i = 0; i < q->n_look; i++)
					if (q->look[i] == j) {
						q->look[i] = q->look[--q->n_look];
						break;
					}
				job_free(&j);
			}
			net_event_free(&ev);
			continue;
		}
		switch (ev.type) {
		case NET_EV_PROGRESS:
			if (ev.now != j->now)
				FREE(&j->note); /* a retry's reason, once bytes come again */
			j->state = JOB_RUNNING;
			j->now = ev.now;
			j->total = ev.total;
			j->rate = ev.rate;
			break;
		case NET_EV_RETRY:
			FREE(&j->note);
			j->note = xasprintf(_("retrying in %.0f s: %s"), ev.wait,
			                    ev.error ? ev.error : "");
			break;
		case NET_EV_DONE:
			pdf_done(t, j, &ev);
			bits |= REDRAW_LIST | REDRAW_DETAIL; /* the cache mark */
			break;
		}
		bits |= REDRAW_BARS | REDRAW_DOWNLOADS;
		net_event_free(&ev);
	}
	return bits;
}

int netq_fd(const struct tui *t)
{
	return t->netq && t->netq->net ? net_fd(t->netq->net) : -1;
}

bool netq_busy(const struct tui *t)
{
	return t->netq && (t->netq->n_look || active_pdf(t->netq));
}

bool netq_status(const struct tui *t, struct buf *out)
{
	const struct netq *q = t->netq;
	size_t active = active_pdf(q);
	if (!active)
		return false;
	long long now = 0, total = 0;
	double rate = 0;
	for (size_t i = 0; i < q->n_pdf; i++) {
		const struct job *j = q->pdf[i];
		if (!job_active(j))
			continue;
		now += j->now;
		total += j->total > 0 ? j->total : j->now;
		rate += j->rate;
	}
	buf_printf(out, ngettext("Downloading %zu PDF: ", "Downloading %zu PDFs: ", active), active);
	if (!now && !total) {
		/* TRANSLATORS: w is the key of the downloads view */
		buf_adds(out, _("starting  (w: downloads)"));
		return true;
	}
	human(out, (double)now);
	buf_adds(out, " / ");
	human(out, (double)total);
	buf_adds(out, ", ");
	human(out, rate);
	/* TRANSLATORS: after a rate ("12 kB/s"); w is the key of the downloads view */
	buf_adds(out, _("/s  (w: downloads)"));
	return true;
}

void netq_close(struct tui *t)
{
	struct netq *q = t->netq;
	if (!q)
		return;
	net_close(&q->net);
	for (size_t i = 0; i < q->n_pdf; i++)
		job_free(&q->pdf[i]);
	for (size_t i = 0; i < q->n_look; i++)
		job_free(&q->look[i]);
	free(q->pdf);
	free(q->look);
	free(q->last_error);
	FREE(&t->netq);
}

unsigned netq_command(struct tui *t, enum cmd cmd)
{
	switch (cmd) {
	case CMD_RESOLVE:
		return resolve_cmd(t, false);
	case CMD_RESOLVE_ALL:
		return resolve_cmd(t, true);
	case CMD_FETCH:
		netq_get(t);
		return fetch_selected(t);
	case CMD_FETCH_LIST:
		netq_get(t);
		return fetch_list(t);
	case CMD_DOWNLOADS:
		t->downloads_open = true;
		t->downloads.n = t->netq ? t->netq->n_pdf : 0;
		view_clamp(&t->downloads);
		return REDRAW_ALL;
	case CMD_ADD:
		t->prompt_add = true;
		t->prompt.active = true;
		t->prompt.label = _("Add (arXiv id, URL or DOI): ");
		buf_reset(&t->prompt.text);
		return REDRAW_BARS;
	default:
		return REDRAW_NONE;
	}
}

/* ---- the view ---- */

static void downloads_load(struct tui *t, struct view *v)
{
	v->n = t->netq ? t->netq->n_pdf : 0;
	view_clamp(v);
}

static unsigned downloads_handle(struct tui *t, struct view *v, enum cmd cmd)
{
	struct netq *q = t->netq;
	struct job *j = q && v->cursor < q->n_pdf ? q->pdf[v->cursor] : NULL;
	switch (cmd) {
	case CMD_CANCEL:
		if (j && job_active(j) && q->net)
			net_cancel(q->net, j->id);
		return REDRAW_NONE; /* the done event redraws */
	case CMD_RETRY: {
		if (!j || job_active(j))
			return REDRAW_NONE;
		if (j->state == JOB_DONE) {
			char *have = library_pdf_cached(t->lib, j->key);
			free(have);
			if (have)
				return REDRAW_NONE;
		}
		struct net *net = net_get(t);
		char *err = NULL;
		if (net && fetch_one(t, net, j->key, &err) < 0) {
			tui_message(t, true, "%s", err);
			free(err);
		}
		return REDRAW_BARS | REDRAW_DOWNLOADS;
	}
	default:
		return view_move(v, cmd) ? REDRAW_DOWNLOADS : REDRAW_NONE;
	}
}

/* "[#####.....] 113 kB / 226 kB  45 kB/s", or the state in words. */
static void job_line(const struct job *j, struct buf *b)
{
	switch (j->state) {
	case JOB_WAITING:
		buf_adds(b, j->note ? j->note : _("waiting"));
		return;
	case JOB_DONE:
		buf_adds(b, _("saved, "));
		human(b, (double)j->now);
		return;
	case JOB_FAILED:
	case JOB_CANCELLED:
		buf_adds(b, j->note);
		return;
	case JOB_RUNNING:
		break;
	}
	if (j->total > 0) {
		int w = 20, fill = (int)((double)w * (double)j->now / (double)j->total);
		fill = fill < 0 ? 0 : fill > w ? w : fill;
		buf_addc(b, '[');
		for (int i = 0; i < w; i++)
			buf_addc(b, i < fill ? '#' : '.');
		buf_adds(b, "] ");
	}
	human(b, (double)j->now);
	if (j->total > 0) {
		buf_adds(b, " / ");
		human(b, (double)j->total);
	}
	buf_adds(b, "  ");
	human(b, j->rate);
	buf_adds(b, "/s");
	if (j->note) {
		buf_adds(b, "  ");
		buf_adds(b, j->note);
	}
}

static void downloads_draw(const struct tui *t, const struct view *v)
{
	const struct netq *q = t->netq;
	draw_fill(&v->r, theme_attr(TH_NORMAL));
	if (!q || !q->n_pdf) {
		struct lines text = {0};
		lines_add(&text, NULL,
		          _("No downloads yet: d downloads the selected paper's PDF, D those of "
		            "every paper in the list. c cancels, r retries, q closes this view."),
		          v->r.w - 2, TH_NORMAL);
		struct rect r = {v->r.y, v->r.x + 1, v->r.h, v->r.w - 2};
		lines_draw(&text, 0, &r);
		lines_free(&text);
		return;
	}
	/* the selected job's whole message (the error, the retry's reason)
	 * under a line at the bottom: the row is cut at the view's width */
	const struct job *cj = v->cursor < q->n_pdf ? q->pdf[v->cursor] : NULL;
	int rows = v->r.h;
	if (cj && cj->note && cj->state != JOB_CANCELLED && v->r.h >= 8) {
		struct lines text = {0};
		char *what = xasprintf("%s: ", cj->key);
		lines_add(&text, what, cj->note, v->r.w - 2,
		          cj->state == JOB_FAILED ? TH_ERROR : TH_NORMAL);
		free(what);
		int nl = text.n < 4 ? (int)text.n : 4;
		rows = v->r.h - nl - 1;
		draw_hline(v->r.y + rows, v->r.x, v->r.w, theme_attr(TH_SEPARATOR));
		struct rect r = {v->r.y + rows + 1, v->r.x + 1, nl, v->r.w - 2};
		lines_draw(&text, 0, &r);
		lines_free(&text);
	}
	int kw = v->r.w / 4;
	if (kw < 10)
		kw = 10;
	if (kw > 24)
		kw = 24;
	for (int row = 0; row < rows; row++) {
		size_t i = v->offset + (size_t)row;
		if (i >= q->n_pdf)
			break;
		const struct job *j = q->pdf[i];
		bool sel = i == v->cursor;
		int cur = theme_attr(TH_CURSOR);
		int y = v->r.y + row, x = v->r.x + 1, w = v->r.w - 2;
		mvaddch(y, v->r.x, ' ' | (chtype)(sel ? cur : 0));
		char *key = text_sanitize(j->key);
		draw_text_pad(y, x, kw, key, sel ? cur : theme_attr(TH_LABEL));
		free(key);
		struct buf b = BUF_INIT;
		job_line(j, &b);
		enum theme_elem e = j->state == JOB_FAILED ? TH_ERROR
		                    : j->state == JOB_DONE ? TH_MARK_READ
		                                           : TH_NORMAL;
		mvaddch(y, x + kw, ' ' | (chtype)(sel ? cur : 0));
		char *clean = text_sanitize(buf_str(&b));
		draw_text_pad(y, x + kw + 1, w - kw - 1, clean, sel ? cur : theme_attr(e));
		free(clean);
		buf_free(&b);
	}
}

static void downloads_free(struct view *v)
{
	(void)v;
}

const struct view_ops downloads_ops = {
        .name = "downloads",
        .load = downloads_load,
        .layout = downloads_load,
        .handle = downloads_handle,
        .draw = downloads_draw,
        .free = downloads_free,
        .redraw_bit = REDRAW_DOWNLOADS,
        .ctx = CTX_DOWNLOADS,
};
