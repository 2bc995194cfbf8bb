/* loop.c: tui_run, curses setup, layout, key dispatch and the poll loop.
 * This thread alone owns curses: it polls the keyboard together with the
 * self-pipe where signals (and, later, background work) wake it up. */
#include "config.h"

#include <curses.h>
#include <errno.h>
#include <locale.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "tui/private.h"
#include "tui/reader_image.h"
#include "util/i18n.h"

void tui_message(struct tui *t, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	char *clean = text_sanitize(msg);
	buf_reset(&t->message);
	buf_adds(&t->message, clean);
	t->message_error = error;
	free(clean);
	free(msg);
}

int tui_parse_size(const char *s, int *cols, int *rows)
{
	char *end;
	long c = strtol(s, &end, 10);
	if (end == s || (*end != 'x' && *end != 'X'))
		return -1;
	const char *r_s = end + 1;
	long r = strtol(r_s, &end, 10);
	if (end == r_s || *end || c < 1 || r < 1 || c > 1000 || r > 1000)
		return -1;
	*cols = (int)c;
	*rows = (int)r;
	return 0;
}

/* ---- layout and drawing ---- */

void tui_layout(struct tui *t)
{
	getmaxyx(stdscr, t->rows, t->cols);
	t->too_small = t->cols < 40 || t->rows < 10;
	int body = t->rows - 2;
	int tw = t->cols * 3 / 10;
	if (tw < 16)
		tw = 16;
	if (tw > 36)
		tw = 36;
	int rx = tw + 1, rw = t->cols - tw - 1;
	int lh = body * 11 / 20;
	t->views[PANE_TREE].r = (struct rect){1, 0, body, tw};
	t->views[PANE_LIST].r = (struct rect){1, rx, lh, rw};
	t->views[PANE_DETAIL].r = (struct rect){1 + lh + 1, rx, body - lh - 1, rw};
	t->help.r = (struct rect){1, 0, body, t->cols};
	t->summary.r = t->help.r;
	t->review.r = t->help.r;
	t->stats.r = t->help.r;
	t->downloads.r = t->help.r;
	t->reader.r = (struct rect){1, 0, body + 1, t->cols}; /* its status line included */
	if (t->too_small)
		return;
	for (int i = 0; i < PANE_COUNT; i++) {
		if (t->views[i].ops->layout)
			t->views[i].ops->layout(t, &t->views[i]);
		/* the detail pane has no cursor: its layout keeps its offset in range */
		if (i != PANE_DETAIL)
			view_clamp(&t->views[i]);
	}
	t->help.ops->layout(t, &t->help);
	if (t->summary_open)
		t->summary.ops->layout(t, &t->summary);
	if (t->review_open)
		t->review.ops->layout(t, &t->review);
	if (t->stats_open)
		t->stats.ops->layout(t, &t->stats);
	t->downloads.ops->layout(t, &t->downloads);
	if (t->reader_open)
		t->reader.ops->layout(t, &t->reader);
}

static const char *filter_name(int status)
{
	return status < 0 ? _("all") : paper_status_name((enum paper_status)status);
}

static void draw_title(const struct tui *t)
{
	int attr = theme_attr(TH_TITLE);
	struct buf b = BUF_INIT;
	const char *q = list_search_query(t);
	if (t->help_open) {
		buf_printf(&b, " quire  %s", _("Keys and commands"));
	} else if (t->review_open) {
		buf_printf(&b, " quire  %s", _("Review"));
	} else if (t->stats_open) {
		buf_printf(&b, " quire  %s", _("Statistics"));
	} else if (t->downloads_open) {
		buf_printf(&b, " quire  %s", _("Downloads"));
	} else if (t->prompt_add) {
		buf_printf(&b, " quire  %s", _("Add a paper"));
	} else if (t->prompt.active && t->prompt_for != PROMPT_FOR_SEARCH) {
		buf_printf(&b, " quire  %s", notes_prompt_title(t));
	} else if (t->prompt.active || q) {
		buf_printf(&b, " quire  %s \"%s\"", _("Search:"),
		           t->prompt.active ? buf_str(&t->prompt.text) : q);
	} else {
		const char *topic = tree_selected_topic(t);
		char *clean = text_sanitize(topic ? topic : _("All papers"));
		buf_printf(&b, " quire  %s", clean);
		free(clean);
	}
	if (!t->help_open && !t->review_open && !t->stats_open)
		buf_printf(&b, "  [%s]", filter_name(t->status_filter));
	if (!t->help_open && !t->review_open && !t->stats_open && t->tag_filter)
		buf_printf(&b, " #%s", t->tag_filter);
	/* the key hints on the right only when the left part fits */
	/* TRANSLATORS: key hints on the right of the title bar; the keys
	   themselves (? and q) stay as they are. */
	const char *right = _("?:help  q:quit ");
	int rw = (int)utf8_width(right);
	if ((int)utf8_width(buf_str(&b)) + 2 + rw <= t->cols) {
		draw_text_pad(0, 0, t->cols - rw, buf_str(&b), attr);
		draw_text_pad(0, t->cols - rw, rw, right, attr);
	} else {
		draw_text_pad(0, 0, t->cols, buf_str(&b), attr);
	}
	buf_free(&b);
}

static void draw_status(const struct tui *t)
{
	int y = t->rows - 1;
	if (t->prompt.active) {
		struct buf b = BUF_INIT;
		buf_adds(&b, t->prompt.label);
		char *clean = text_sanitize(buf_str(&t->prompt.text));
		buf_adds(&b, clean);
		free(clean);
		/* keep the end of a long query visible */
		const char *s = buf_str(&b);
		while ((int)utf8_width(s) > t->cols - 1 && *s) {
			uint32_t cp;
			s += utf8_decode(s, strlen(s), &cp);
		}
		int used = draw_text(y, 0, t->cols, s, theme_attr(TH_PROMPT));
		for (int c = used; c < t->cols; c++)
			mvaddch(y, c, ' ');
		/* the tags Tab could complete to, after two spaces (clipped) */
		if (t->prompt_hint && used + 3 < t->cols)
			draw_text(y, used + 2, t->cols - used - 2, t->prompt_hint, theme_attr(TH_STATUS));
		buf_free(&b);
		return;
	}
	if (t->message.len) {
		draw_text_pad(y, 0, t->cols, buf_str(&t->message),
		              theme_attr(t->message_error ? TH_ERROR : TH_STATUS));
		return;
	}
	struct buf progress = BUF_INIT;
	bool busy = !t->downloads_open && netq_status(t, &progress);
	if (busy)
		draw_text_pad(y, 0, t->cols, buf_str(&progress), theme_attr(TH_STATUS));
	buf_free(&progress);
	if (busy)
		return;
	draw_text_pad(y, 0, t->cols,
	              /* TRANSLATORS: key hints on the status line; keep the keys. */
	              t->help_open     ? _("j/k:scroll  q:close help")
	              : t->review_open && review_finished(t) ? _("q:close")
	              : t->review_open ? _("Space:answer  1-4:grade  u:undo  e:edit  s:suspend  "
	                                   "b:bury  q:end")
	              : t->stats_open  ? _("j/k:scroll  q:close")
	              : t->downloads_open ? _("j/k:move  c:cancel  r:retry  q:close downloads")
	                               : _("Tab:pane  /:search  f:filter  r/i/u:mark "
	                                   "read/reading/unread  x:toggle"),
	              theme_attr(TH_STATUS));
}

/* The line between the list and the detail pane: "── 3/40 ──". */
static void draw_separators(const struct tui *t)
{
	const struct view *tree = &t->views[PANE_TREE], *list = &t->views[PANE_LIST];
	int sep = theme_attr(TH_SEPARATOR);
	draw_vline(tree->r.y, tree->r.w, tree->r.h, sep);
	int y = list->r.y + list->r.h;
	draw_hline(y, list->r.x, list->r.w, sep);
	char *pos = list->n ? xasprintf(" %zu/%zu ", list->cursor + 1, list->n)
	                    : xasprintf(" %s ", _("no papers"));
	draw_text(y, list->r.x + 2, list->r.w - 2, pos, sep);
	free(pos);
}

void tui_draw(struct tui *t, unsigned bits)
{
	if (bits & REDRAW_FULL)
		clearok(curscr, TRUE);
	if (t->too_small) {
		erase();
		draw_text(0, 0, t->cols, _("Too small (40x10 needed)"), theme_attr(TH_ERROR));
		wnoutrefresh(stdscr);
		return;
	}
	if (t->reader_open) {
		if (bits & (REDRAW_READER | REDRAW_BARS))
			t->reader.ops->draw(t, &t->reader);
		wnoutrefresh(stdscr);
		return;
	}
	if ((t->review_open || t->stats_open || t->downloads_open) && !t->help_open) {
		struct view *v = t->review_open ? &t->review : t->stats_open ? &t->stats : &t->downloads;
		if (bits & REDRAW_BARS) {
			draw_title(t);
			draw_status(t);
		}
		if (bits & (v->ops->redraw_bit | REDRAW_BARS))
			v->ops->draw(t, v);
	} else if (t->summary_open && !t->help_open) {
		if (bits & REDRAW_BARS) {
			draw_title(t);
			draw_status(t);
		}
		if (bits & (REDRAW_SUMMARY | REDRAW_BARS))
			t->summary.ops->draw(t, &t->summary);
	} else if (t->help_open) {
		if (bits & (REDRAW_HELP | REDRAW_BARS)) {
			draw_title(t);
			draw_status(t);
		}
		if (bits & REDRAW_HELP)
			t->help.ops->draw(t, &t->help);
	} else {
		if (bits & REDRAW_BARS) {
			draw_title(t);
			draw_status(t);
			draw_separators(t);
		}
		for (int i = 0; i < PANE_COUNT; i++)
			if (bits & t->views[i].ops->redraw_bit)
				t->views[i].ops->draw(t, &t->views[i]);
	}
	if (t->prompt.active) {
		int x = (int)utf8_width(t->prompt.label) +
		        (int)utf8_width(buf_str(&t->prompt.text));
		move(t->rows - 1, x < t->cols ? x : t->cols - 1);
	}
	wnoutrefresh(stdscr);
}

/* ---- keys ---- */

static unsigned set_filter(struct tui *t, int status)
{
	if (t->status_filter == status)
		return REDRAW_NONE;
	t->status_filter = status;
	t->views[PANE_LIST].ops->load(t, &t->views[PANE_LIST]);
	detail_select(t);
	return REDRAW_LIST | REDRAW_DETAIL | REDRAW_BARS;
}

unsigned tui_key(struct tui *t, int key)
{
	key = keymap_normalise(key);
	if (t->prompt.active) {
		enum cmd cmd = keymap_lookup(CTX_PROMPT, key);
		if (t->prompt_for != PROMPT_FOR_SEARCH)
			return notes_prompt_key(t, cmd, key);
		if (t->prompt_add && (cmd == CMD_PROMPT_ACCEPT || cmd == CMD_PROMPT_CANCEL)) {
			t->prompt.active = t->prompt_add = false;
			t->prompt.label = "/";
			return REDRAW_ALL | (cmd == CMD_PROMPT_ACCEPT
			                             ? netq_add(t, buf_str(&t->prompt.text))
			                             : REDRAW_NONE);
		}
		if (cmd == CMD_PROMPT_ACCEPT || cmd == CMD_PROMPT_CANCEL) {
			unsigned bits = tui_idle(t);
			return bits | list_search_end(t, cmd == CMD_PROMPT_ACCEPT);
		}
		if (prompt_key(&t->prompt, cmd, key)) {
			/* keys typed ahead (or pasted) make one query */
			t->search_pending = !t->prompt_add;
			return REDRAW_BARS;
		}
		return REDRAW_NONE;
	}
	unsigned bits = REDRAW_NONE;
	if (t->message.len) {
		buf_reset(&t->message);
		bits |= REDRAW_BARS;
	}
	if (t->offer_paper) {
		bool handled;
		unsigned b = reader_offer_key(t, key, &handled);
		if (handled)
			return bits | b;
		bits |= b;
	}
	if (t->reader_open)
		return bits | reader_key(t, key);
	if (t->review_open) {
		enum cmd cmd = keymap_lookup(CTX_REVIEW, key);
		return bits | t->review.ops->handle(t, &t->review, cmd);
	}
	if (t->stats_open) {
		enum cmd cmd = keymap_lookup(CTX_STATS | CTX_MOVE, key);
		if (cmd == CMD_STATS_CLOSE) {
			stats_close(t);
			return REDRAW_ALL;
		}
		return bits | t->stats.ops->handle(t, &t->stats, cmd);
	}
	if (t->summary_open) {
		enum cmd cmd = keymap_lookup(CTX_SUMMARY | CTX_MOVE, key);
		if (cmd == CMD_CLOSE_SUMMARY) {
			summary_close(t);
			return REDRAW_ALL;
		}
		return bits | t->summary.ops->handle(t, &t->summary, cmd);
	}
	if (t->downloads_open && !t->help_open) {
		enum cmd cmd = keymap_lookup(CTX_DOWNLOADS | CTX_MOVE, key);
		if (cmd == CMD_CLOSE_DOWNLOADS) {
			t->downloads_open = false;
			return REDRAW_ALL;
		}
		if (cmd == CMD_HELP) {
			t->help_open = true;
			t->help.offset = 0;
			return REDRAW_ALL;
		}
		return bits | t->downloads.ops->handle(t, &t->downloads, cmd);
	}
	if (t->help_open) {
		enum cmd cmd = keymap_lookup(CTX_HELP | CTX_MOVE, key);
		if (cmd == CMD_CLOSE_HELP) {
			t->help_open = false;
			return REDRAW_ALL;
		}
		return bits | t->help.ops->handle(t, &t->help, cmd);
	}
	struct view *v = &t->views[t->focus];
	enum cmd cmd = keymap_lookup(CTX_GLOBAL | CTX_MOVE | v->ops->ctx, key);
	switch (cmd) {
	case CMD_NONE:
		return bits;
	case CMD_QUIT:
		t->quit = true;
		return bits;
	case CMD_HELP:
		t->help_open = true;
		t->help.offset = 0;
		return REDRAW_ALL;
	case CMD_NEXT_PANE:
	case CMD_PREV_PANE:
		t->focus = (enum pane)((t->focus + (cmd == CMD_NEXT_PANE ? 1 : PANE_COUNT - 1)) %
		                       PANE_COUNT);
		return bits | REDRAW_TREE | REDRAW_LIST | REDRAW_DETAIL;
	case CMD_SEARCH:
		list_search_begin(t);
		return REDRAW_ALL;
	case CMD_FILTER_CYCLE:
		return bits |
		       set_filter(t, t->status_filter >= STATUS_READ ? -1 : t->status_filter + 1);
	case CMD_FILTER_ALL:
		return bits | set_filter(t, -1);
	case CMD_FILTER_UNREAD:
		return bits | set_filter(t, STATUS_UNREAD);
	case CMD_FILTER_READING:
		return bits | set_filter(t, STATUS_READING);
	case CMD_FILTER_READ:
		return bits | set_filter(t, STATUS_READ);
	case CMD_REDRAW:
		return REDRAW_ALL | REDRAW_FULL;
	case CMD_SUMMARIZE:
		return bits | summary_open(t);
	case CMD_REVIEW:
		return bits | review_open(t);
	case CMD_STATS:
		return bits | stats_open(t);
	case CMD_ADD:
	case CMD_RESOLVE:
	case CMD_RESOLVE_ALL:
	case CMD_FETCH:
	case CMD_FETCH_LIST:
	case CMD_DOWNLOADS:
		return bits | netq_command(t, cmd);
	case CMD_READ:
		return bits | reader_open(t);
	case CMD_NOTE_EDIT:
		return bits | notes_edit(t);
	case CMD_NOTE_APPEND:
		return bits | notes_prompt_open(t, PROMPT_FOR_NOTE);
	case CMD_TAG:
		return bits | notes_prompt_open(t, PROMPT_FOR_TAGS);
	case CMD_TAG_FILTER:
		return bits | notes_prompt_open(t, PROMPT_FOR_TAG_FILTER);
	case CMD_SYNC:
		return bits | tsync_start(t);
	case CMD_DETAIL_DOWN:
	case CMD_DETAIL_UP:
		return bits | detail_scroll(t, cmd);
	default:
		return bits | v->ops->handle(t, v, cmd);
	}
}

/* What the library had to warn of since the last look (an index rebuilt,
 * a linked note skipped, a check mark not written back): the last one on
 * the status line. */
static unsigned show_library_warnings(struct tui *t)
{
	struct strvec w = STRVEC_INIT;
	library_warnings(t->lib, &w);
	if (w.n == 1)
		tui_message(t, true, _("warning: %s"), w.v[0]);
	else if (w.n > 1)
		tui_message(t, true, ngettext("warning: %s (and %zu more)", "warning: %s (and %zu more)",
					      w.n - 1), w.v[w.n - 1], w.n - 1);
	unsigned bits = w.n ? REDRAW_BARS : REDRAW_NONE;
	strvec_free(&w);
	return bits;
}

unsigned tui_idle(struct tui *t)
{
	unsigned bits = show_library_warnings(t);
	if (!t->search_pending)
		return bits;
	t->search_pending = false;
	return bits | (t->prompt.active ? list_search_update(t) : REDRAW_NONE);
}

unsigned tui_reload(struct tui *t, unsigned what)
{
	char *err = NULL;
	if ((what & WATCH_LISTS) && t->refresh_lists && t->refresh_lists(t->lib, &err) < 0) {
		tui_message(t, true, "%s", err ? err : _("cannot re-read the reading lists"));
		FREE(&err);
	}
	if ((what & WATCH_NOTES) && library_notes_refresh(t->lib, &err) < 0) {
		tui_message(t, true, "%s", err ? err : _("cannot re-read the notes"));
		FREE(&err);
	}
	const char *topic = tree_selected_topic(t);
	const struct paper_row *row = list_selected(t);
	char *path = topic ? xstrdup(topic) : NULL, *key = row ? xstrdup(row->key) : NULL;
	struct view *list = &t->views[PANE_LIST], *detail = &t->views[PANE_DETAIL];
	size_t detail_offset = detail->offset;
	t->views[PANE_TREE].ops->load(t, &t->views[PANE_TREE]);
	tree_select_path(t, path);
	list->ops->load(t, list);
	list_select_key(t, key);
	detail_select(t);
	/* the same paper: stay where the reader was (tui_layout keeps it in range) */
	if (key && (row = list_selected(t)) && strcmp(row->key, key) == 0)
		detail->offset = detail_offset;
	free(path);
	free(key);
	tui_layout(t);
	return REDRAW_ALL;
}

/* ---- setup ---- */

static void tui_init_state(struct tui *t, struct library *lib)
{
	memset(t, 0, sizeof *t);
	t->lib = lib;
	t->status_filter = -1;
	t->focus = PANE_TREE;
	t->prompt.label = "/";
	t->views[PANE_TREE].ops = &tree_ops;
	t->views[PANE_LIST].ops = &list_ops;
	t->views[PANE_DETAIL].ops = &detail_ops;
	t->help.ops = &help_ops;
	t->summary.ops = &summary_ops;
	t->review.ops = &review_ops;
	t->stats.ops = &stats_ops;
	t->downloads.ops = &downloads_ops;
	t->reader.ops = &reader_ops;
}

static void tui_free_state(struct tui *t)
{
	for (int i = 0; i < PANE_COUNT; i++)
		t->views[i].ops->free(&t->views[i]);
	t->help.ops->free(&t->help);
	t->summary.ops->free(&t->summary);
	t->review.ops->free(&t->review);
	t->stats.ops->free(&t->stats);
	t->downloads.ops->free(&t->downloads);
	tindex_close(t);
	netq_close(t);
	tsync_close(t);
	if (t->reader_open)
		reader_close(t);
	t->reader.ops->free(&t->reader);
	buf_free(&t->prompt.text);
	buf_free(&t->message);
	free(t->prompt_paper);
	free(t->prompt_hint);
	free(t->tag_filter);
	free(t->offer_paper);
}

/* Load every view and draw the first screen. */
static void tui_start(struct tui *t)
{
	double *step[PANE_COUNT] = {&t->t_tree, &t->t_list, &t->t_detail};
	tui_layout(t);
	for (int i = 0; i < PANE_COUNT; i++) {
		double t0 = tui_now_us();
		t->views[i].ops->load(t, &t->views[i]);
		*step[i] = tui_now_us() - t0;
	}
	double t0 = tui_now_us();
	t->help.ops->load(t, &t->help);
	tui_layout(t);
	tui_draw(t, REDRAW_ALL);
	doupdate();
	t->t_draw = tui_now_us() - t0;
}

double tui_now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static void curses_setup(void)
{
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	theme_init();
}

/* Wide characters need a UTF-8 locale; main() has called setlocale. */
static void ensure_utf8_locale(void)
{
	if (MB_CUR_MAX == 1)
		setlocale(LC_CTYPE, "C.UTF-8");
}

/* Lay out and draw everything for the size curses now has. */
static void redraw_resized(struct tui *t)
{
	tui_layout(t);
	erase();
	tui_draw(t, REDRAW_ALL);
}

/* SIGWINCH: tell curses the new size (it queues a KEY_RESIZE too, which
 * only redraws again). */
static void handle_winch(struct tui *t)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row && ws.ws_col &&
	    (ws.ws_row != LINES || ws.ws_col != COLS))
		resizeterm(ws.ws_row, ws.ws_col);
	redraw_resized(t);
}

static int run_terminal(struct tui *t)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "quire: %s\n",
		        _("the interface needs a terminal on stdin and stdout; "
		          "use a command (see `quire --help`) or --headless SCRIPT"));
		return 1;
	}
	SCREEN *scr = newterm(NULL, term_raw(stdout), stdin); /* curses draws unfiltered */
	if (!scr) {
		const char *term = getenv("TERM");
		fprintf(stderr,
		        _("quire: cannot use the terminal type \"%s\"; set TERM to one your system "
		          "knows, e.g. xterm-256color\n"),
		        term ? term : "");
		return 1;
	}
	signals_curses_active(true);
	curses_setup();
	tui_start(t);

	/* stdin, the signal self-pipe, the summary worker's pipe (-1, which
	 * poll ignores, when no summary streams), the library watch and the
	 * network's events (-1 until it is used) */
	struct watch *watch = watch_open(library_dir(t->lib));
	tindex_start(t); /* after the first screen: start-up never waits for it */
	struct pollfd fds[8] = {
	        {.fd = STDIN_FILENO, .events = POLLIN},
	        {.fd = signals_wake_fd(), .events = POLLIN},
	        {.fd = -1, .events = POLLIN},
	        {.fd = watch_fd(watch), .events = POLLIN},
	        {.fd = -1, .events = POLLIN}, /* the network */
	        {.fd = -1, .events = POLLIN}, /* the reader's extraction */
	        {.fd = -1, .events = POLLIN}, /* the sync */
	        {.fd = -1, .events = POLLIN}, /* the PDF text indexer */
	};
	while (!t->quit) {
		fds[2].fd = summary_wake_fd(t);
		fds[4].fd = netq_fd(t);
		fds[5].fd = reader_wake_fd(t);
		fds[6].fd = tsync_fd(t);
		fds[2].revents = fds[3].revents = fds[4].revents = fds[5].revents = 0;
		fds[7].fd = tindex_fd(t);
		fds[6].revents = fds[7].revents = 0;
		int timeout = watch_timeout(watch), rt = reader_timeout(t);
		if (rt >= 0 && (timeout < 0 || rt < timeout))
			timeout = rt;
		int n = poll(fds, 8, timeout);
		if (n < 0 && errno != EINTR)
			break;
		unsigned bits = REDRAW_NONE;
		if (signals_take_winch())
			handle_winch(t);
		if (n > 0 && (fds[0].revents & (POLLHUP | POLLERR)) && !(fds[0].revents & POLLIN))
			break;
		if (n > 0 && (fds[0].revents & POLLIN)) {
			wint_t wc;
			int rc;
			while (!t->quit && (rc = get_wch(&wc)) != ERR) {
				if (rc == KEY_CODE_YES && wc == KEY_RESIZE) {
					redraw_resized(t);
					continue;
				}
				int key = rc == KEY_CODE_YES ? KEY_FN((int)wc) : (int)wc;
				bits |= tui_key(t, key);
			}
		}
		if (n > 0 && fds[2].fd >= 0 && (fds[2].revents & POLLIN))
			bits |= summary_pump(t);
		if (n > 0 && (fds[3].revents & POLLIN))
			watch_read(watch);
		if (n > 0 && fds[4].fd >= 0 && (fds[4].revents & POLLIN))
			bits |= netq_pump(t);
		if (n > 0 && fds[5].fd >= 0 && (fds[5].revents & POLLIN))
			bits |= reader_pump(t);
		if (n > 0 && fds[6].fd >= 0 && (fds[6].revents & POLLIN))
			bits |= tsync_pump(t);
		if (n > 0 && fds[7].fd >= 0 && (fds[7].revents & POLLIN))
			bits |= tindex_pump(t);
		if (!t->quit)
			bits |= reader_tick(t);
		unsigned changed = t->quit ? 0 : watch_due(watch);
		if (changed)
			bits |= tui_reload(t, changed);
		if (!t->quit)
			bits |= tui_idle(t);
		if (bits && !t->quit) {
			tui_draw(t, bits);
			curs_set(t->prompt.active ? 1 : 0);
		}
		doupdate();
		reader_flush(t); /* kitty and sixel images, past curses */
	}
	watch_close(&watch);
	endwin();
	signals_curses_active(false);
	delscreen(scr);
	return 0;
}

static int run_headless(struct tui *t, const struct tui_options *opt)
{
	FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
	if (!out || !in) {
		fprintf(stderr, "quire: /dev/null: cannot open\n");
		if (out)
			fclose(out);
		if (in)
			fclose(in);
		return 1;
	}
	double t0 = tui_now_us();
	SCREEN *scr = newterm("xterm-256color", out, in);
	if (!scr)
		scr = newterm("xterm", out, in);
	if (!scr) {
		fprintf(stderr, "quire: headless mode needs the xterm terminfo entry (Debian "
		                "package ncurses-base)\n");
		fclose(out);
		fclose(in);
		return 1;
	}
	signals_curses_active(true);
	curses_setup();
	resizeterm(opt->rows > 0 ? opt->rows : 24, opt->cols > 0 ? opt->cols : 80);
	t->t_curses = tui_now_us() - t0;
	t->headless = true;
	tui_start(t);
	tindex_start(t);
	char *err = NULL;
	int r = script_run(t, opt, &err);
	endwin();
	signals_curses_active(false);
	delscreen(scr);
	fclose(out);
	fclose(in);
	if (r < 0) {
		fprintf(stderr, "quire: %s\n", err);
		free(err);
		return 1;
	}
	return 0;
}

int tui_run(struct library *lib, const struct tui_options *opt)
{
	static const struct tui_options none;
	if (!opt)
		opt = &none;
	ensure_utf8_locale();
	signals_install();
	struct tui t;
	tui_init_state(&t, lib);
	t.refresh_lists = opt->refresh_lists;
	int r = opt->script ? run_headless(&t, opt) : run_terminal(&t);
	tui_free_state(&t);
	return r;
}
