/* script.c: the headless harness. A script drives the same dispatch and
 * drawing code as the terminal, and :dump reads the screen back from
 * curses. Script lines (blank lines and lines starting with # ignored):
 *   :key NAME...       press keys by name (j, Enter, Down, C-f, Esc, ...)
 *   :type TEXT         type TEXT, one key per character
 *   :dump [LABEL]      write the screen, preceded by "--- LABEL"
 *   :resize COLS ROWS  resize the screen
 *   :wait [SECONDS]    run the loop until no download, look-up, sync,
 *                      PDF indexing or summary is left (30 s at most, else
 *                      the script fails)
 *   :sleep SECONDS     let that much time pass, running the loop's timers
 *                      (the reader's check for a rewritten PDF)
 * With --key-times, the times of the start-up steps ("start:tree" ...) and
 * of every key are written, one "NAME<TAB>MICROSECONDS" line each.
 * The run ends at the end of the script or when a key quits. */
#include "config.h"

#include <curses.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "tui/private.h"

void screen_dump(struct buf *out)
{
	int rows, cols;
	getmaxyx(stdscr, rows, cols);
	for (int y = 0; y < rows; y++) {
		size_t start = out->len;
		for (int x = 0; x < cols;) {
			cchar_t cc;
			wchar_t wc[CCHARW_MAX + 1];
			attr_t attrs;
			short pair;
			int w = 1;
			if (mvin_wch(y, x, &cc) == OK &&
			    getcchar(&cc, wc, &attrs, &pair, NULL) != ERR && wc[0]) {
				for (int i = 0; wc[i]; i++) {
					char enc[4];
					buf_add(out, enc, utf8_encode((uint32_t)wc[i], enc));
				}
				int ww = wcwidth(wc[0]);
				w = ww > 0 ? ww : 1;
			} else {
				buf_addc(out, ' ');
			}
			x += w;
		}
		while (out->len > start && out->data[out->len - 1] == ' ')
			out->len--;
		buf_addc(out, '\n');
	}
}

struct script_state {
	struct tui *t;
	FILE *dump;
	FILE *times;
	int dumps;
};

static void press(struct script_state *s, int key, const char *name)
{
	double t0 = tui_now_us();
	unsigned bits = tui_key(s->t, key);
	if (!s->t->quit)
		bits |= tui_idle(s->t);
	if (!s->t->quit && bits)
		tui_draw(s->t, bits);
	doupdate();
	double t1 = tui_now_us();
	if (s->times)
		fprintf(s->times, "%s\t%.0f\n", name, t1 - t0);
}

/* Take the network's events as the loop does until nothing runs. */
static int script_wait(struct script_state *s, double seconds, const char *where, char **errp)
{
	double end = tui_now_us() + seconds * 1e6;
	while (netq_busy(s->t) || tsync_busy(s->t) || tindex_busy(s->t) ||
	       summary_wake_fd(s->t) >= 0) {
		double left = (end - tui_now_us()) / 1e3;
		if (left <= 0)
			return error_set(errp, "%s: downloads, look-ups, a sync, indexing or a summary "
			                 "still running after %g s", where, seconds);
		struct pollfd fd[4] = {{.fd = netq_fd(s->t), .events = POLLIN},
		                       {.fd = tsync_fd(s->t), .events = POLLIN},
		                       {.fd = tindex_fd(s->t), .events = POLLIN},
		                       {.fd = summary_wake_fd(s->t), .events = POLLIN}};
		if (poll(fd, 4, (int)left + 1) > 0) {
			unsigned bits = (fd[0].fd >= 0 && (fd[0].revents & POLLIN) ? netq_pump(s->t) : 0) |
			                (fd[1].fd >= 0 && (fd[1].revents & POLLIN) ? tsync_pump(s->t) : 0) |
			                (fd[2].fd >= 0 && (fd[2].revents & POLLIN) ? tindex_pump(s->t) : 0) |
			                (fd[3].fd >= 0 && (fd[3].revents & POLLIN) ? summary_pump(s->t) : 0);
			if (bits)
				tui_draw(s->t, bits);
			doupdate();
		}
	}
	return 0;
}

/* One script line; returns 0 or -1 with *errp set. */
static int script_line(struct script_state *s, char *line, const char *where, char **errp)
{
	char *p = line;
	if (str_starts_with(p, ":key ")) {
		for (char *tok = strtok(p + 5, " "); tok; tok = strtok(NULL, " ")) {
			int key = keymap_parse_key(tok);
			if (key < 0)
				return error_set(errp, "%s: unknown key name \"%s\"", where, tok);
			if (!s->t->quit)
				press(s, key, tok);
		}
	} else if (str_starts_with(p, ":type ")) {
		const char *text = p + 6;
		size_t len = strlen(text), i = 0;
		while (i < len && !s->t->quit) {
			uint32_t cp;
			size_t n = utf8_decode(text + i, len - i, &cp);
			char *name = xstrndup(text + i, n);
			press(s, (int)cp, name);
			free(name);
			i += n;
		}
	} else if (strcmp(p, ":dump") == 0 || str_starts_with(p, ":dump ")) {
		struct buf b = BUF_INIT;
		s->dumps++;
		if (p[5])
			buf_printf(&b, "--- %s\n", p + 6);
		else
			buf_printf(&b, "--- %d\n", s->dumps);
		screen_dump(&b);
		fwrite(b.data, 1, b.len, s->dump);
		fflush(s->dump);
		buf_free(&b);
	} else if (str_starts_with(p, ":resize ")) {
		int cols, rows;
		if (sscanf(p + 8, "%d %d", &cols, &rows) != 2 || cols < 1 || rows < 1 ||
		    cols > 1000 || rows > 1000)
			return error_set(errp, "%s: expected \":resize COLS ROWS\"", where);
		resizeterm(rows, cols);
		tui_layout(s->t);
		erase();
		tui_draw(s->t, REDRAW_ALL);
		doupdate();
	} else if (strcmp(p, ":wait") == 0 || str_starts_with(p, ":wait ")) {
		double secs = 30;
		char *end;
		if (p[5] && ((secs = strtod(p + 6, &end)) <= 0 || *end))
			return error_set(errp, "%s: expected \":wait [SECONDS]\"", where);
		return script_wait(s, secs, where, errp);
	} else if (str_starts_with(p, ":sleep ")) {
		char *end;
		double secs = strtod(p + 7, &end);
		if (!(secs > 0 && secs <= 60) || *end)
			return error_set(errp, "%s: expected \":sleep SECONDS\" (at most 60)", where);
		for (double until = tui_now_us() + secs * 1e6, left; (left = until - tui_now_us()) > 0;) {
			struct timespec ts = {0, (long)(left < 50000 ? left : 50000) * 1000};
			nanosleep(&ts, NULL);
			unsigned bits = reader_tick(s->t);
			if (bits)
				tui_draw(s->t, bits);
			doupdate();
		}
	} else {
		return error_set(errp,
		                 "%s: unknown script command \"%s\" (use :key, :type, :dump, "
		                 ":resize, :wait or :sleep)",
		                 where, line);
	}
	return 0;
}

int script_run(struct tui *t, const struct tui_options *opt, char **errp)
{
	bool from_stdin = strcmp(opt->script, "-") == 0;
	FILE *in = from_stdin ? stdin : fopen(opt->script, "r");
	if (!in)
		return error_set(errp, "%s: cannot open the script: %m", opt->script);
	struct script_state s = {.t = t, .dump = stdout};
	int r = 0;
	if (opt->dump_path && !(s.dump = fopen(opt->dump_path, "w"))) {
		r = error_set(errp, "%s: cannot write the screen dump: %m", opt->dump_path);
		goto out;
	}
	if (opt->key_times_path && !(s.times = fopen(opt->key_times_path, "w"))) {
		r = error_set(errp, "%s: cannot write the key times: %m", opt->key_times_path);
		goto out;
	}
	if (s.times)
		fprintf(s.times,
		        "start:curses\t%.0f\nstart:tree\t%.0f\nstart:list\t%.0f\n"
		        "start:detail\t%.0f\nstart:draw\t%.0f\n",
		        t->t_curses, t->t_tree, t->t_list, t->t_detail, t->t_draw);
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int lineno = 0;
	while (!t->quit && (n = getline(&line, &cap, in)) >= 0) {
		lineno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = 0;
		if (!line[0] || line[0] == '#')
			continue;
		char *where = xasprintf("%s:%d", opt->script, lineno);
		r = script_line(&s, line, where, errp);
		free(where);
		if (r < 0)
			break;
	}
	free(line);
out:
	if (s.dump && s.dump != stdout && fclose(s.dump) != 0 && r == 0)
		r = error_set(errp, "%s: cannot write the screen dump: %m", opt->dump_path);
	if (s.times)
		fclose(s.times);
	if (!from_stdin)
		fclose(in);
	return r;
}
