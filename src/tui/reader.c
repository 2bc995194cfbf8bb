/* reader.c: the reader view. o on a paper whose PDF is in the cache opens
 * it over the panes as reading text (src/pdf's reflow), wrapped to the
 * window and re-wrapped on resize without extracting again. A worker
 * thread extracts the document and its outline, each MuPDF call with its
 * own context (pdf_reflow and pdf_outline_load create one per call, so no
 * context is shared between threads), and wakes the loop through a pipe;
 * the UI never waits for it. The position is appended to positions.log in
 * the library on close, one line per close ("KEY<TAB>PAGE<TAB>LINE<TAB>
 * UTC TIME"), the latest of a paper winning; the file is never rewritten,
 * and git merges it by keeping both sides' lines. The links list, quoting
 * into the note, reading a rewritten PDF again and the offer for a missing
 * PDF live in reader_*.c (reader_ext.h). */
#include "config.h"

#include <curses.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pdf/pdf.h"
#include "tui/private.h"
#include "tui/reader_ext.h"
#include "tui/reader_image.h"
#include "util/i18n.h"

#define POSITIONS_FILE "positions.log"
#define PAGE_BREAK "\f"

/* What the worker makes, handed over under mu. When the reader is closed
 * before the worker is done, the worker frees the job itself. */
struct job {
	pthread_mutex_t mu;
	char *path;
	int wake[2];
	bool done, abandoned;
	struct pdf_doc_text *doc;
	struct pdf_outline outline;
	struct pdf_links links;
	char *err;
};

struct match {
	size_t line, off, len;
};

enum prompt_kind { PROMPT_NONE, PROMPT_SEARCH, PROMPT_PAGE };

struct reader {
	char *key, *title;
	struct job *job; /* while extracting */
	pthread_t thread;
	bool joined; /* the thread is joined already (headless) */
	char *error; /* the document cannot be read */
	struct pdf_doc_text *doc;
	struct pdf_outline outline;
	struct pdf_lines lines; /* every page wrapped, pages separated by PAGE_BREAK */
	size_t *page_start;     /* first line of each page */
	int width;
	size_t want_page, want_line; /* the position to restore once loaded */
	bool outline_open;
	size_t ocursor, ooffset;
	struct prompt prompt;
	enum prompt_kind prompt_kind;
	char *query;
	struct match *m;
	size_t nm, cur;
	char *path;           /* the PDF */
	struct rlinks links;  /* the links list (reader_links.c) */
	struct rjumps jumps;  /* where jumps left from */
	struct rwatch watch;  /* the PDF rewritten? (reader_reload.c) */
	bool reloading;       /* the job reads it again */
	struct rimg *img; /* the page images (reader_image.c) */
	size_t goal;      /* the line go_to was last asked for, before clamping */
};

static struct reader *reader_of(const struct view *v)
{
	return v->priv;
}

/* ---- the worker ---- */

static void job_free(struct job *j)
{
	pdf_doc_text_free(&j->doc);
	pdf_outline_free(&j->outline);
	pdf_links_free(&j->links);
	free(j->err);
	free(j->path);
	for (int i = 0; i < 2; i++)
		if (j->wake[i] >= 0)
			close(j->wake[i]);
	pthread_mutex_destroy(&j->mu);
	free(j);
}

static void *job_run(void *arg)
{
	struct job *j = arg;
	char *err = NULL;
	struct pdf_doc_text *doc = pdf_reflow(j->path, NULL, &err);
	struct pdf_outline outline = {0};
	if (doc && pdf_outline_load(j->path, &outline, NULL) < 0)
		memset(&outline, 0, sizeof outline);
	struct pdf_links links = {0};
	if (doc && pdf_links_load(j->path, &links, NULL) < 0)
		memset(&links, 0, sizeof links);
	pthread_mutex_lock(&j->mu);
	j->doc = doc;
	j->outline = outline;
	j->links = links;
	j->err = err;
	j->done = true;
	bool abandoned = j->abandoned;
	if (!abandoned) {
		char c = 1;
		ssize_t w = write(j->wake[1], &c, 1);
		UNUSED(w);
	}
	pthread_mutex_unlock(&j->mu);
	if (abandoned)
		job_free(j);
	return NULL;
}

/* ---- positions ---- */

static char *positions_path(const struct tui *t)
{
	return xasprintf("%s/%s", library_dir(t->lib), POSITIONS_FILE);
}

/* The latest position of key in positions.log (1-based page; 0 when none):
 * the line with the greatest time, the last one of equal times (a git
 * union merge puts both sides' lines one after the other). */
static void position_load(const struct tui *t, const char *key, size_t *page, size_t *line)
{
	*page = *line = 0;
	char best[32] = "";
	char *path = positions_path(t);
	FILE *f = fopen(path, "r");
	free(path);
	if (!f)
		return;
	char *l = NULL;
	size_t cap = 0;
	size_t klen = strlen(key);
	while (getline(&l, &cap, f) > 0) {
		unsigned long p, n;
		char when[32];
		if (strncmp(l, key, klen) == 0 && l[klen] == '\t' &&
		    sscanf(l + klen + 1, "%lu\t%lu\t%31s", &p, &n, when) == 3 && p > 0 &&
		    strcmp(when, best) >= 0) {
			memcpy(best, when, sizeof best);
			*page = p;
			*line = n;
		}
	}
	free(l);
	fclose(f);
}

/* Append the position: one write on a file opened for appending, so two
 * quires closing at once each leave a whole line. */
static void position_save(struct tui *t, const char *key, size_t page, size_t line)
{
	char *path = positions_path(t);
	char when[32];
	time_t now = time(NULL);
	struct tm tm;
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
	char *rec = xasprintf("%s\t%zu\t%zu\t%s\n", key, page, line, when);
	if (file_append_record(path, rec, strlen(rec), NULL) < 0)
		tui_message(t, true, _("%s: cannot record the reading position"), path);
	free(rec);
	free(path);
}

/* ---- lines ---- */

static size_t page_of_line(const struct reader *r, size_t line)
{
	size_t lo = 0, hi = r->doc->n;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (r->page_start[mid] <= line)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static size_t text_rows(const struct view *v)
{
	return v->r.h > 1 ? (size_t)v->r.h - 1 : 1; /* the last row is the status line */
}

static size_t max_offset(const struct view *v)
{
	size_t h = text_rows(v);
	return v->n > h ? v->n - h : 0;
}

static void go_to(struct view *v, size_t line)
{
	reader_of(v)->goal = line;
	size_t max = max_offset(v);
	v->offset = line < max ? line : max;
}

/* Find the query in every line, case-insensitively (ASCII). */
static void search_run(struct reader *r)
{
	r->nm = r->cur = 0;
	FREE(&r->m);
	if (!r->query || !*r->query)
		return;
	size_t cap = 0, qlen = strlen(r->query);
	for (size_t i = 0; i < r->lines.n; i++) {
		const char *s = r->lines.v[i].text, *p = s;
		while ((p = strcasestr(p, r->query))) {
			if (r->nm == cap) {
				cap = cap ? cap * 2 : 32;
				r->m = xrealloc(r->m, cap * sizeof *r->m);
			}
			r->m[r->nm++] = (struct match){i, (size_t)(p - s), qlen};
			p += qlen;
		}
	}
}

/* The first match at or after line (wrapping around). */
static size_t match_from(const struct reader *r, size_t line)
{
	for (size_t i = 0; i < r->nm; i++)
		if (r->m[i].line >= line)
			return i;
	return 0;
}

static void reader_layout(struct tui *t, struct view *v)
{
	(void)t;
	struct reader *r = reader_of(v);
	if (!r || !r->doc)
		return;
	int width = v->r.w - 2 < 10 ? 10 : v->r.w - 2;
	/* keep the page and the line within it across a new width */
	size_t page = r->want_page, pline = r->want_line;
	if (r->lines.n) {
		page = page_of_line(r, v->offset);
		pline = v->offset - r->page_start[page];
	}
	if (width != r->width || !r->lines.n) {
		pdf_lines_free(&r->lines);
		r->width = width;
		free(r->page_start);
		r->page_start = xcalloc(r->doc->n + 1, sizeof *r->page_start);
		for (size_t p = 0; p < r->doc->n; p++) {
			if (p) {
				struct pdf_line brk = {xstrdup(PAGE_BREAK), PDF_BODY};
				if (r->lines.n == r->lines.cap) {
					r->lines.cap = r->lines.cap ? r->lines.cap * 2 : 64;
					r->lines.v = xrealloc(r->lines.v,
							      r->lines.cap * sizeof *r->lines.v);
				}
				r->lines.v[r->lines.n++] = brk;
			}
			r->page_start[p] = r->lines.n;
			size_t first = r->lines.n;
			pdf_wrap_page(r->doc, p, width, &r->lines);
			for (size_t i = first; i < r->lines.n; i++) {
				char *clean = text_sanitize(r->lines.v[i].text);
				free(r->lines.v[i].text);
				r->lines.v[i].text = clean;
			}
		}
		r->page_start[r->doc->n] = r->lines.n;
		search_run(r);
	}
	v->n = r->lines.n;
	if (page >= r->doc->n)
		page = r->doc->n - 1;
	size_t end = r->page_start[page + 1];
	size_t line = r->page_start[page] + pline;
	go_to(v, line < end ? line : end ? end - 1 : 0);
	if (r->img)
		rimg_layout(t, r->img, &(struct rect){v->r.y, v->r.x, (int)text_rows(v), v->r.w});
}

static void position_now(const struct view *v, size_t *page, size_t *line);

/* A reload's result: the new text in place of the old, at the same page
 * and line; or the old text kept, with a message. */
static unsigned reload_take(struct tui *t, struct view *v, struct job *j)
{
	struct reader *r = reader_of(v);
	r->reloading = r->watch.pending = false;
	if (!j->doc || !j->doc->n) {
		/* "PATH: problem": the path is long, the reader's title names the paper */
		const char *p = j->err ? j->err : _("the document has no pages");
		size_t n = strlen(j->path);
		if (strncmp(p, j->path, n) == 0 && p[n] == ':' && p[n + 1] == ' ')
			p += n + 2;
		tui_message(t, true, _("The PDF changed but cannot be read (%s); the text read before "
				       "stays"),
			    p);
		return REDRAW_READER | REDRAW_BARS;
	}
	size_t page, line;
	position_now(v, &page, &line);
	pdf_doc_text_free(&r->doc);
	r->doc = j->doc;
	j->doc = NULL;
	pdf_outline_free(&r->outline);
	r->outline = j->outline;
	memset(&j->outline, 0, sizeof j->outline);
	rlinks_set(&r->links, &j->links);
	r->outline_open = false;
	pdf_lines_free(&r->lines); /* wrapped again from want_page, want_line */
	r->want_page = page < r->doc->n ? page : r->doc->n - 1;
	r->want_line = line;
	reader_layout(t, v);
	tui_message(t, false, _("The PDF changed and was read again (%zu pages)"), r->doc->n);
	return REDRAW_READER | REDRAW_BARS | rimg_reload(r->img, r->doc->n);
}

/* Take the worker's result once it is done. */
unsigned reader_pump(struct tui *t)
{
	struct view *v = &t->reader;
	struct reader *r = reader_of(v);
	if (r && !r->job && r->img)
		return rimg_pump(t, r->img);
	if (!r || !r->job)
		return REDRAW_NONE;
	struct job *j = r->job;
	char c;
	while (read(j->wake[0], &c, 1) == 1)
		;
	pthread_mutex_lock(&j->mu);
	bool done = j->done;
	pthread_mutex_unlock(&j->mu);
	if (!done)
		return REDRAW_NONE;
	if (!r->joined)
		pthread_join(r->thread, NULL);
	if (r->reloading) {
		unsigned bits = reload_take(t, v, j);
		job_free(j);
		r->job = NULL;
		return bits;
	}
	r->doc = j->doc;
	j->doc = NULL;
	r->outline = j->outline;
	memset(&j->outline, 0, sizeof j->outline);
	rlinks_set(&r->links, &j->links);
	if (!r->doc && j->err) {
		/* "PATH: problem": the key names the paper already */
		size_t n = strlen(j->path);
		const char *p = j->err;
		if (strncmp(p, j->path, n) == 0 && p[n] == ':' && p[n + 1] == ' ')
			p += n + 2;
		r->error = xstrdup(p);
	} else if (!r->doc) {
		r->error = xstrdup(_("the document cannot be read"));
	}
	job_free(j);
	r->job = NULL;
	r->watch.pending = false;
	if (r->doc && r->doc->n == 0) {
		pdf_doc_text_free(&r->doc);
		r->error = xstrdup(_("the document has no pages"));
	}
	if (r->doc) {
		if (r->want_page >= r->doc->n)
			r->want_page = r->want_line = 0;
		reader_layout(t, v);
		if (r->img)
			return REDRAW_READER | rimg_ready(t, r->img, r->doc->n, r->want_page);
	}
	return REDRAW_READER;
}

int reader_wake_fd(const struct tui *t)
{
	const struct reader *r = t->reader_open ? reader_of(&t->reader) : NULL;
	return r && r->job ? r->job->wake[0] : r ? rimg_wake_fd(r->img) : -1;
}

void reader_flush(struct tui *t)
{
	struct reader *r = t->reader_open ? reader_of(&t->reader) : NULL;
	if (r && r->img)
		rimg_flush(r->img);
}

/* ---- opening and closing ---- */

/* Start the worker on r->path; 0, or -1 when it cannot start. */
static int job_start(struct reader *r)
{
	struct job *j = xcalloc(1, sizeof *j);
	pthread_mutex_init(&j->mu, NULL);
	j->path = xstrdup(r->path);
	j->wake[0] = j->wake[1] = -1;
	if (pipe(j->wake) != 0 || pthread_create(&r->thread, NULL, job_run, j) != 0) {
		job_free(j);
		return -1;
	}
	fcntl(j->wake[0], F_SETFL, O_NONBLOCK);
	fcntl(j->wake[1], F_SETFL, O_NONBLOCK);
	fcntl(j->wake[0], F_SETFD, FD_CLOEXEC);
	fcntl(j->wake[1], F_SETFD, FD_CLOEXEC);
	r->job = j;
	return 0;
}

static void reader_clear(struct view *v)
{
	struct reader *r = reader_of(v);
	if (!r)
		return;
	if (r->job) {
		pthread_mutex_lock(&r->job->mu);
		bool done = r->job->done;
		r->job->abandoned = true;
		pthread_mutex_unlock(&r->job->mu);
		if (done) {
			if (!r->joined)
				pthread_join(r->thread, NULL);
			job_free(r->job);
		} else {
			pthread_detach(r->thread); /* it frees the job when done */
		}
	}
	free(r->key);
	free(r->title);
	free(r->error);
	pdf_doc_text_free(&r->doc);
	pdf_outline_free(&r->outline);
	pdf_lines_free(&r->lines);
	free(r->page_start);
	buf_free(&r->prompt.text);
	free(r->query);
	free(r->m);
	free(r->path);
	rlinks_free(&r->links);
	rjumps_free(&r->jumps);
	rimg_free(&r->img);
	FREE(&v->priv);
	v->offset = v->n = v->cursor = 0;
}

unsigned reader_open(struct tui *t)
{
	const struct paper_row *row = list_selected(t);
	if (!row)
		return REDRAW_NONE;
	char *path = library_pdf_cached(t->lib, row->key);
	if (!path)
		return reader_offer(t, row->key);
	struct view *v = &t->reader;
	reader_clear(v);
	struct reader *r = xcalloc(1, sizeof *r);
	v->priv = r;
	r->key = xstrdup(row->key);
	r->title = xstrdup(row->title && *row->title ? row->title : row->key);
	r->prompt.label = "/";
	size_t page, line;
	position_load(t, r->key, &page, &line);
	if (row->page > 0) /* a search found it in the PDF: there */
		page = (size_t)row->page, line = 0;
	r->want_page = page ? page - 1 : 0;
	r->want_line = line;
	r->path = path;
	rwatch_init(&r->watch, path);
	r->img = rimg_new(t, path);
	if (job_start(r) < 0)
		r->error = xstrdup(_("cannot start the worker thread"));
	t->reader_open = true;
	/* The headless harness has no loop to wake: it waits here. */
	if (t->headless && r->job) {
		pthread_join(r->thread, NULL);
		r->joined = true;
		reader_pump(t);
	}
	return REDRAW_ALL;
}

unsigned reader_tick(struct tui *t)
{
	struct reader *r = t->reader_open ? reader_of(&t->reader) : NULL;
	if (!r || (!r->doc && !r->error) || r->job)
		return REDRAW_NONE;
	char *msg = NULL;
	if (!rwatch_due(&r->watch, r->path, tui_now_us(), &msg)) {
		if (!msg)
			return REDRAW_NONE;
		tui_message(t, true, "%s", msg);
		free(msg);
		return REDRAW_READER | REDRAW_BARS;
	}
	if (job_start(r) < 0) {
		tui_message(t, true, "%s", _("cannot start the worker thread"));
		return REDRAW_READER | REDRAW_BARS;
	}
	/* a document that could not be read is read as when opened */
	r->reloading = r->doc != NULL;
	r->watch.pending = true;
	FREE(&r->error);
	r->joined = false;
	if (t->headless) {
		pthread_join(r->thread, NULL);
		r->joined = true;
		return reader_pump(t);
	}
	return REDRAW_NONE;
}

int reader_timeout(const struct tui *t)
{
	const struct reader *r = t->reader_open ? reader_of(&t->reader) : NULL;
	return r && (r->doc || r->error) ? rwatch_timeout(&r->watch) : -1;
}

/* The current position: 0-based page and the line within it. */
static void position_now(const struct view *v, size_t *page, size_t *line)
{
	const struct reader *r = reader_of(v);
	if (r->doc && r->lines.n) {
		*page = page_of_line(r, v->offset);
		*line = v->offset - r->page_start[*page];
	} else {
		*page = r->want_page;
		*line = r->want_line;
	}
}

void reader_close(struct tui *t)
{
	struct view *v = &t->reader;
	struct reader *r = reader_of(v);
	if (r && r->doc) {
		size_t page, line;
		position_now(v, &page, &line);
		if (rimg_active(r->img) && rimg_page(r->img) != page) {
			page = rimg_page(r->img); /* the image view's page, at its top */
			line = 0;
		}
		position_save(t, r->key, page + 1, line);
	}
	reader_clear(v);
	t->reader_open = false;
}

/* ---- keys ---- */

/* Remember the position at line before a jump, for CMD_JUMP_BACK. */
static void jump_from(struct reader *r, size_t line)
{
	size_t page = page_of_line(r, line);
	rjumps_push(&r->jumps, page, line - r->page_start[page]);
}

static unsigned search_step(struct view *v, bool back)
{
	struct reader *r = reader_of(v);
	if (!r->nm)
		return REDRAW_NONE;
	if (back)
		r->cur = r->cur ? r->cur - 1 : r->nm - 1;
	else
		r->cur = (r->cur + 1) % r->nm;
	go_to(v, r->m[r->cur].line > 2 ? r->m[r->cur].line - 2 : 0);
	return REDRAW_READER;
}

/* Enter in a prompt: search, or go to a page. */
static unsigned prompt_accept(struct tui *t, struct view *v)
{
	struct reader *r = reader_of(v);
	const char *text = buf_str(&r->prompt.text);
	if (r->prompt_kind == PROMPT_SEARCH) {
		free(r->query);
		r->query = xstrdup(text);
		search_run(r);
		if (r->query[0] && !r->nm)
			tui_message(t, true, _("Not found: %s"), r->query);
		if (r->nm) {
			r->cur = match_from(r, v->offset);
			go_to(v, r->m[r->cur].line > 2 ? r->m[r->cur].line - 2 : 0);
		}
	} else if (r->doc) {
		char *end;
		long p = strtol(text, &end, 10);
		if (end == text || *end || p < 1 || (size_t)p > r->doc->n) {
			tui_message(t, true, _("No page %s (the document has %zu)"), text, r->doc->n);
		} else {
			jump_from(r, v->offset);
			go_to(v, r->page_start[p - 1]);
		}
	}
	return REDRAW_READER | REDRAW_BARS;
}

static unsigned outline_key(struct view *v, enum cmd cmd)
{
	struct reader *r = reader_of(v);
	size_t n = r->outline.n, h = text_rows(v);
	switch (cmd) {
	case CMD_READER_CLOSE:
	case CMD_OUTLINE:
		r->outline_open = false;
		return REDRAW_READER;
	case CMD_ENTER:
		if (n && r->outline.v[r->ocursor].page >= 0 &&
		    (size_t)r->outline.v[r->ocursor].page < r->doc->n)
			go_to(v, r->page_start[r->outline.v[r->ocursor].page]);
		r->outline_open = false;
		return REDRAW_READER;
	case CMD_MOVE_DOWN:
		r->ocursor = r->ocursor + 1 < n ? r->ocursor + 1 : r->ocursor;
		break;
	case CMD_MOVE_UP:
		r->ocursor = r->ocursor ? r->ocursor - 1 : 0;
		break;
	case CMD_PAGE_DOWN:
	case CMD_HALF_DOWN:
		r->ocursor = r->ocursor + h < n ? r->ocursor + h : n ? n - 1 : 0;
		break;
	case CMD_PAGE_UP:
	case CMD_HALF_UP:
		r->ocursor = r->ocursor > h ? r->ocursor - h : 0;
		break;
	case CMD_FIRST:
		r->ocursor = 0;
		break;
	case CMD_LAST:
		r->ocursor = n ? n - 1 : 0;
		break;
	default:
		return REDRAW_NONE;
	}
	if (r->ocursor < r->ooffset)
		r->ooffset = r->ocursor;
	if (r->ocursor >= r->ooffset + h)
		r->ooffset = r->ocursor - h + 1;
	return REDRAW_READER;
}

static unsigned text_key(struct tui *t, int key)
{
	struct view *v = &t->reader;
	struct reader *r = reader_of(v);
	if (r->prompt.active) {
		enum cmd cmd = keymap_lookup(CTX_PROMPT, key);
		if (cmd == CMD_PROMPT_ACCEPT || cmd == CMD_PROMPT_CANCEL) {
			r->prompt.active = false;
			return cmd == CMD_PROMPT_ACCEPT ? prompt_accept(t, v) : REDRAW_READER;
		}
		return prompt_key(&r->prompt, cmd, key) ? REDRAW_READER : REDRAW_NONE;
	}
	enum cmd cmd = keymap_lookup(CTX_READER | CTX_MOVE, key);
	if (cmd == CMD_READER_CLOSE && !r->outline_open && !r->links.open) {
		reader_close(t);
		return REDRAW_ALL;
	}
	if (!r->doc)
		return REDRAW_NONE; /* still reading it, or it cannot be read */
	if (r->outline_open) {
		size_t before = v->offset;
		unsigned bits = outline_key(v, cmd);
		if (v->offset != before)
			jump_from(r, before);
		return bits;
	}
	size_t h = text_rows(v), old = v->offset, max = max_offset(v);
	size_t page = page_of_line(r, v->offset);
	if (r->links.open) {
		int to;
		unsigned bits = rlinks_key(t, &r->links, cmd, h, &to);
		if (to >= 0 && (size_t)to < r->doc->n) {
			jump_from(r, v->offset);
			go_to(v, r->page_start[to]);
		}
		return bits;
	}
	switch (cmd) {
	case CMD_MOVE_DOWN:
		go_to(v, v->offset + 1);
		break;
	case CMD_MOVE_UP:
		go_to(v, v->offset ? v->offset - 1 : 0);
		break;
	case CMD_PAGE_DOWN:
		go_to(v, v->offset + h);
		break;
	case CMD_PAGE_UP:
		go_to(v, v->offset > h ? v->offset - h : 0);
		break;
	case CMD_HALF_DOWN:
		go_to(v, v->offset + h / 2);
		break;
	case CMD_HALF_UP:
		go_to(v, v->offset > h / 2 ? v->offset - h / 2 : 0);
		break;
	case CMD_FIRST:
		go_to(v, 0);
		break;
	case CMD_LAST:
		go_to(v, max);
		break;
	case CMD_NEXT_PAGE:
		if (page + 1 < r->doc->n)
			go_to(v, r->page_start[page + 1]);
		break;
	case CMD_PREV_PAGE:
		/* to the top of this page first, as in a pager */
		go_to(v, v->offset > r->page_start[page] || !page ? r->page_start[page]
								   : r->page_start[page - 1]);
		break;
	case CMD_GOTO_PAGE:
	case CMD_READER_SEARCH:
		r->prompt.active = true;
		r->prompt_kind = cmd == CMD_GOTO_PAGE ? PROMPT_PAGE : PROMPT_SEARCH;
		r->prompt.label = cmd == CMD_GOTO_PAGE ? _("Go to page: ") : "/";
		buf_reset(&r->prompt.text);
		return REDRAW_READER;
	case CMD_SEARCH_NEXT:
	case CMD_SEARCH_PREV:
		if (!r->nm && r->query)
			tui_message(t, true, _("Not found: %s"), r->query);
		return search_step(v, cmd == CMD_SEARCH_PREV) | REDRAW_BARS;
	case CMD_LINKS:
		return rlinks_show(t, &r->links, page, h);
	case CMD_JUMP_BACK: {
		size_t p, l;
		if (!rjumps_pop(&r->jumps, &p, &l)) {
			tui_message(t, false, "%s", _("No jump to go back from"));
			return REDRAW_READER;
		}
		p = p < r->doc->n ? p : r->doc->n - 1;
		size_t end = r->page_start[p + 1];
		go_to(v, r->page_start[p] + l < end ? r->page_start[p] + l : r->page_start[p]);
		return REDRAW_READER;
	}
	case CMD_QUOTE: {
		/* the current match when it is on the screen, else the top */
		size_t from = v->offset, to = v->offset + h < v->n ? v->offset + h : v->n;
		bool at_match = r->nm && r->m[r->cur].line >= from && r->m[r->cur].line < to;
		if (at_match)
			from = r->m[r->cur].line;
		return reader_quote(t, r->key, r->doc, r->width, r->page_start, r->doc->n, from, to,
				    at_match);
	}
	case CMD_OUTLINE:
		if (!r->outline.n) {
			tui_message(t, false, _("This document has no outline"));
			return REDRAW_READER;
		}
		r->outline_open = true;
		/* the cursor on the last heading at or before this page */
		r->ocursor = r->ooffset = 0;
		for (size_t i = 0; i < r->outline.n; i++)
			if (r->outline.v[i].page >= 0 && (size_t)r->outline.v[i].page <= page)
				r->ocursor = i;
		if (r->ocursor >= h)
			r->ooffset = r->ocursor - h + 1;
		return REDRAW_READER;
	default:
		return REDRAW_NONE;
	}
	return v->offset != old ? REDRAW_READER : REDRAW_NONE;
}

/* The image view takes its keys first; the text view follows its page. */
unsigned reader_key(struct tui *t, int key)
{
	struct view *v = &t->reader;
	struct reader *r = reader_of(v);
	if (rimg_swallow(&key))
		return REDRAW_NONE; /* a late reply of the terminal */
	if (r->img && r->doc && !r->prompt.active && !r->outline_open) {
		enum cmd cmd = keymap_lookup(CTX_READER | CTX_MOVE, key);
		size_t pg = rimg_active(r->img) ? rimg_page(r->img) : page_of_line(r, v->offset);
		unsigned bits = rimg_key(t, r->img, cmd, &pg);
		if (bits != RIMG_PASS) {
			if (pg < r->doc->n)
				go_to(v, r->page_start[pg]);
			return bits;
		}
	}
	r->goal = SIZE_MAX;
	unsigned bits = text_key(t, key);
	r = reader_of(v);
	/* the page the text went to (a page near the end scrolls the text
	 * no further than its last screen, the image shows that page) */
	if (r && r->doc && rimg_active(r->img) && r->goal != SIZE_MAX && r->lines.n)
		bits |= rimg_set_page(t, r->img,
				      page_of_line(r, r->goal < r->lines.n ? r->goal : r->lines.n - 1));
	if (r && r->img)
		bits |= rimg_cover(r->img, r->outline_open);
	return bits;
}

static unsigned reader_handle(struct tui *t, struct view *v, enum cmd cmd)
{
	(void)t;
	(void)v;
	(void)cmd;
	return REDRAW_NONE; /* keys come through reader_key */
}

/* ---- drawing ---- */

/* One line of text with the matches on it highlighted. */
static void draw_line(const struct reader *r, size_t i, int y, int x, int w, int attr)
{
	const char *s = r->lines.v[i].text;
	size_t k = r->nm ? match_from(r, i) : 0, pos = 0;
	int used = 0;
	for (; r->nm && k < r->nm && r->m[k].line == i && used < w; k++) {
		const struct match *m = &r->m[k];
		char *before = xstrndup(s + pos, m->off - pos);
		char *hit = xstrndup(s + m->off, m->len);
		used += draw_text(y, x + used, w - used, before, attr);
		int hattr = theme_attr(k == r->cur ? TH_CURSOR : TH_PROMPT) | A_REVERSE;
		if (used < w)
			used += draw_text(y, x + used, w - used, hit, hattr);
		free(before);
		free(hit);
		pos = m->off + m->len;
	}
	if (used < w)
		draw_text(y, x + used, w - used, s + pos, attr);
}

static enum theme_elem kind_elem(enum pdf_kind kind)
{
	switch (kind) {
	case PDF_HEADING:
		return TH_HEADING;
	case PDF_CAPTION:
	case PDF_FOOTNOTE:
		return TH_AUTHORS;
	case PDF_CODE:
		return TH_YEAR;
	case PDF_BODY:
		break;
	}
	return TH_NORMAL;
}

static void draw_status_line(const struct tui *t, const struct view *v)
{
	const struct reader *r = reader_of(v);
	int y = v->r.y + v->r.h - 1;
	if (r->prompt.active) {
		char *clean = text_sanitize(buf_str(&r->prompt.text));
		char *s = xasprintf("%s%s", r->prompt.label, clean);
		draw_text_pad(y, v->r.x, v->r.w, s, theme_attr(TH_PROMPT));
		free(s);
		free(clean);
		return;
	}
	if (t->message.len) {
		draw_text_pad(y, v->r.x, v->r.w, buf_str(&t->message),
			      theme_attr(t->message_error ? TH_ERROR : TH_STATUS));
		return;
	}
	struct buf b = BUF_INIT;
	bool images = r->doc && rimg_active(r->img);
	if (images) {
		struct buf mode = BUF_INIT;
		rimg_status(r->img, &mode);
		/* TRANSLATORS: the reader's status line with page images: page,
		   number of pages, and the image mode, fit and zoom. */
		buf_printf(&b, _(" page %zu/%zu  %s"), rimg_page(r->img) + 1, r->doc->n,
			   buf_str(&mode));
		buf_free(&mode);
	} else if (r->doc && r->lines.n) {
		size_t page = page_of_line(r, v->offset);
		/* TRANSLATORS: the reader's status line: page, number of pages,
		   and the mode (text or an image mode). */
		buf_printf(&b, _(" page %zu/%zu  text"), page + 1, r->doc->n);
		if (r->query && *r->query)
			buf_printf(&b, r->nm ? _("  match %zu/%zu") : _("  no match"),
				   r->nm ? r->cur + 1 : 0, r->nm);
		size_t end = v->offset + text_rows(v);
		buf_printf(&b, "  %zu%%", (end >= v->n ? v->n : end) * 100 / (v->n ? v->n : 1));
	}
	const char *hints = !r->doc	    ? _("q:close")
			    : r->links.open   ? _("Enter:go  c:copy  q:close links")
			    : r->outline_open ? _("Enter:go  q:close outline")
			    : images	      ? _("i:text  I:mode  w:fit  +/-:zoom  x:dark  q:close")
					      : _("/:search  n/N  t:outline  ::page  q:close");
	int hw = (int)utf8_width(hints) + 1;
	if ((int)utf8_width(buf_str(&b)) + hw + 2 <= v->r.w) {
		draw_text_pad(y, v->r.x, v->r.w - hw, buf_str(&b), theme_attr(TH_STATUS));
		draw_text_pad(y, v->r.x + v->r.w - hw, hw, hints, theme_attr(TH_STATUS));
	} else {
		draw_text_pad(y, v->r.x, v->r.w, buf_str(&b), theme_attr(TH_STATUS));
	}
	buf_free(&b);
}

static void reader_draw(const struct tui *t, const struct view *v)
{
	const struct reader *r = reader_of(v);
	if (!r)
		return;
	char *title = text_sanitize(r->title);
	char *bar = xasprintf(" quire  %s", title);
	draw_text_pad(v->r.y - 1, 0, t->cols, bar, theme_attr(TH_TITLE));
	free(bar);
	free(title);
	struct rect body = {v->r.y, v->r.x, (int)text_rows(v), v->r.w};
	draw_fill(&body, theme_attr(TH_NORMAL));
	if (r->error) {
		char *msg = xasprintf("%s: %s", r->key, r->error);
		struct strvec wrapped = STRVEC_INIT;
		text_wrap(msg, body.w - 2, "", &wrapped);
		for (size_t i = 0; i < wrapped.n && (int)i < body.h; i++)
			draw_text(body.y + (int)i, 1, body.w - 1, wrapped.v[i], theme_attr(TH_ERROR));
		strvec_free(&wrapped);
		free(msg);
	} else if (!r->doc) {
		draw_text(body.y, 1, body.w - 1, _("Reading the document…"), theme_attr(TH_NORMAL));
	} else if (r->links.open) {
		rlinks_draw(&r->links, &body);
	} else if (r->outline_open) {
		draw_text(body.y, 1, body.w - 1, _("Outline"), theme_attr(TH_HEADING));
		for (int row = 1; row < body.h; row++) {
			size_t i = r->ooffset + (size_t)row - 1;
			if (i >= r->outline.n)
				break;
			const struct pdf_outline_entry *e = &r->outline.v[i];
			int indent = 1 + 2 * (e->level < 8 ? e->level : 8);
			int attr = theme_attr(i == r->ocursor ? TH_CURSOR : TH_NORMAL);
			char *pg = e->page >= 0 ? xasprintf(" %d", e->page + 1) : xstrdup("");
			int pw = (int)utf8_width(pg);
			if (i == r->ocursor)
				draw_text_pad(body.y + row, 0, body.w, "", attr);
			draw_text(body.y + row, indent, body.w - indent - pw - 1, e->title, attr);
			draw_text_right(body.y + row, body.w - pw - 1, pw, pg, attr);
			free(pg);
		}
	} else if (rimg_active(r->img)) {
		rimg_draw(r->img, &body);
	} else {
		for (int row = 0; row < body.h; row++) {
			size_t i = v->offset + (size_t)row;
			if (i >= r->lines.n)
				break;
			const struct pdf_line *l = &r->lines.v[i];
			if (strcmp(l->text, PAGE_BREAK) == 0) {
				int sep = theme_attr(TH_SEPARATOR);
				draw_hline(body.y + row, 0, body.w, sep);
				char *label = xasprintf(_(" page %zu "), page_of_line(r, i + 1) + 1);
				draw_text(body.y + row, 2, body.w - 2, label, sep);
				free(label);
				continue;
			}
			draw_line(r, i, body.y + row, 1, body.w - 1, theme_attr(kind_elem(l->kind)));
		}
	}
	draw_status_line(t, v);
}

static void reader_load(struct tui *t, struct view *v)
{
	(void)t;
	(void)v;
}

static void reader_free(struct view *v)
{
	reader_clear(v);
}

const struct view_ops reader_ops = {
        .name = "reader",
        .load = reader_load,
        .layout = reader_layout,
        .handle = reader_handle,
        .draw = reader_draw,
        .free = reader_free,
        .redraw_bit = REDRAW_READER,
        .ctx = CTX_READER,
};
