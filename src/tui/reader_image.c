/* reader_image.c: the reader's image view. The page is rendered by MuPDF
 * on a worker thread (reader_pages.c), the next and previous pages ahead of
 * time with what their tops show, and handed to the UI thread through a
 * pipe the loop polls; a few rendered pages are kept.
 * Symbols are drawn through curses from chafa's canvas, cell by cell, so
 * curses knows the screen; kitty and sixel images are written to the
 * terminal after curses' refresh, past the output filter, with the cursor
 * put back where curses left it. Inside tmux, kitty images go through
 * tmux's passthrough and are shown by Unicode placeholders (U+10EEEE with
 * row and column diacritics, the image id as foreground colour) that
 * curses draws like any text. What the terminal can show is asked once a
 * session, when the reader opens wanting images or on the first i
 * (src/util/termquery: 150 ms at most, 1 s over SSH), together with
 * chafa's own detection from the environment. */
#include "config.h"

#include <chafa.h>
#include <curses.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "pdf/pdf.h"
#include "tui/reader_image.h"
#include "tui/reader_pages.h"
#include "util/i18n.h"
#include "util/settings.h"
#include "util/termquery.h"

#define QUERY_MS 150
/* Over SSH the replies take a round trip: wait longer (a terminal that
 * answers DA1, nearly every one, ends the wait as soon as it does). */
#define QUERY_SSH_MS 1000
#define CACHE_N 6
#define ZOOM_MIN (-4)
#define ZOOM_MAX 6
#define MAX_RENDER_W 4096
#define CACHE_BYTES (160u << 20) /* the rendered pages kept, at most */
#define MAX_CELL_PX 256
#define DEFAULT_CELL_W 8
#define DEFAULT_CELL_H 16
#define KITTY_CHUNK 4096
#define PLACEHOLDER 0x10EEEE

/* kitty's rowcolumn-diacritics.txt: entry i encodes row or column i */
static const wchar_t diacritics[] = {
	0x0305, 0x030D, 0x030E, 0x0310, 0x0312, 0x033D, 0x033E, 0x033F, 0x0346, 0x034A,
	0x034B, 0x034C, 0x0350, 0x0351, 0x0352, 0x0357, 0x035B, 0x0363, 0x0364, 0x0365,
	0x0366, 0x0367, 0x0368, 0x0369, 0x036A, 0x036B, 0x036C, 0x036D, 0x036E, 0x036F,
	0x0483, 0x0484, 0x0485, 0x0486, 0x0487, 0x0592, 0x0593, 0x0594, 0x0595, 0x0597,
	0x0598, 0x0599, 0x059C, 0x059D, 0x059E, 0x059F, 0x05A0, 0x05A1, 0x05A8, 0x05A9,
	0x05AB, 0x05AC, 0x05AF, 0x05C4, 0x0610, 0x0611, 0x0612, 0x0613, 0x0614, 0x0615,
	0x0616, 0x0617, 0x0657, 0x0658, 0x0659, 0x065A, 0x065B, 0x065D, 0x065E, 0x06D6,
	0x06D7, 0x06D8, 0x06D9, 0x06DA, 0x06DB, 0x06DC, 0x06DF, 0x06E0, 0x06E1, 0x06E2,
	0x06E4, 0x06E7, 0x06E8, 0x06EB, 0x06EC, 0x0730, 0x0732, 0x0733, 0x0735, 0x0736,
	0x073A, 0x073D, 0x073F, 0x0740, 0x0741, 0x0743, 0x0745, 0x0747, 0x0749, 0x074A,
	0x07EB, 0x07EC, 0x07ED, 0x07EE, 0x07EF, 0x07F0, 0x07F1, 0x07F3, 0x0816, 0x0817,
	0x0818, 0x0819, 0x081B, 0x081C, 0x081D, 0x081E, 0x081F, 0x0820, 0x0821, 0x0822,
	0x0823, 0x0825, 0x0826, 0x0827, 0x0829, 0x082A, 0x082B, 0x082C, 0x082D, 0x0951,
	0x0953, 0x0954, 0x0F82, 0x0F83, 0x0F86, 0x0F87, 0x135D, 0x135E, 0x135F, 0x17DD,
	0x193A, 0x1A17, 0x1A75, 0x1A76, 0x1A77, 0x1A78, 0x1A79, 0x1A7A, 0x1A7B, 0x1A7C,
	0x1B6B, 0x1B6D, 0x1B6E, 0x1B6F, 0x1B70, 0x1B71, 0x1B72, 0x1B73, 0x1CD0, 0x1CD1,
};

enum choice { CHOICE_AUTO = -1 }; /* else an enum pdf_image_mode */

struct caps {
	bool known, kitty, sixel, iterm, tmux;
	int cw, ch; /* a cell in pixels */
};

struct rimg {
	char *path;
	size_t npages;
	bool headless, active, start_active;
	int choice; /* CHOICE_AUTO or a mode */
	int mode;   /* the mode in use */
	bool fit_page, dark;
	int zoom;
	size_t page;
	int pan_x, pan_y; /* pixels; pan_y INT_MAX: the bottom of the page */
	int cfg_cw, cfg_ch; /* [reader] cell_size, 0 when not set */
	struct caps caps;
	struct rpix cache[CACHE_N];
	unsigned long tick;
	struct worker *w;
	struct pdf_renderer *doc; /* the UI thread's, where no worker renders */
	char *error;
	struct rect body;
	/* the view of the page: ccols x crows cells from column cx */
	bool ready;
	int ccols, crows, cx;
	struct cell *cells; /* symbols */
	struct buf raw;     /* kitty or sixel output to write after the refresh */
	bool raw_dirty;
	int kitty_id, shown_id; /* shown_id: the kitty image on the screen, 0 none */
	bool cells_shown; /* a sixel or iTerm2 image is in the terminal's cells */
	bool covered; /* the outline is over the page */
};

/* ---- the cache ---- */

static bool key_eq(const struct rkey *a, const struct rkey *b)
{
	return a->page == b->page && a->w == b->w && a->h == b->h && a->yscale == b->yscale &&
	       a->dark == b->dark;
}

/* Was the top of the page made ahead for b's view of it? */
static bool top_eq(const struct rkey *a, const struct rkey *b)
{
	return a->mode == b->mode && a->cols == b->cols && a->rows == b->rows && a->cw == b->cw &&
	       a->ch == b->ch && a->cm == b->cm && a->max_rows == b->max_rows;
}

static struct rpix *cache_find(struct rimg *im, const struct rkey *k)
{
	for (int i = 0; i < CACHE_N; i++)
		if (im->cache[i].px.data && key_eq(&im->cache[i].k, k)) {
			im->cache[i].used = ++im->tick;
			return &im->cache[i];
		}
	return NULL;
}

static void cache_put(struct rimg *im, const struct rkey *k, struct pdf_pixels *px,
		      struct cells *top)
{
	struct rpix *slot = &im->cache[0];
	for (int i = 0; i < CACHE_N; i++) {
		if (!im->cache[i].px.data) {
			slot = &im->cache[i];
			break;
		}
		if (im->cache[i].used < slot->used)
			slot = &im->cache[i];
	}
	pdf_pixels_free(&slot->px);
	free(slot->top.v);
	free(slot->top.data);
	slot->k = *k;
	slot->px = *px;
	slot->used = ++im->tick;
	memset(px, 0, sizeof *px);
	/* large pages (zoomed in) keep fewer of the others */
	for (;;) {
		size_t total = 0;
		struct rpix *old = NULL;
		for (int i = 0; i < CACHE_N; i++) {
			struct rpix *c = &im->cache[i];
			if (!c->px.data)
				continue;
			total += (size_t)c->px.stride * (size_t)c->px.h;
			if (c != slot && c->k.page != (int)im->page && (!old || c->used < old->used))
				old = c;
		}
		if (total <= CACHE_BYTES || !old)
			break;
		pdf_pixels_free(&old->px);
		FREE(&old->top.v);
		FREE(&old->top.data);
		old->top.made = false;
	}
	if (top) {
		slot->top = *top;
		memset(top, 0, sizeof *top);
	} else {
		memset(&slot->top, 0, sizeof slot->top);
	}
}

/* ---- the terminal ---- */

static bool parse_cell(const char *s, int *w, int *h)
{
	char *end;
	long a = strtol(s, &end, 10);
	if (end == s || *end != 'x')
		return false;
	const char *s2 = end + 1;
	long b = strtol(s2, &end, 10);
	if (end == s2 || *end || a < 1 || b < 1 || a > MAX_CELL_PX || b > MAX_CELL_PX)
		return false;
	*w = (int)a;
	*h = (int)b;
	return true;
}

/* Hand keys typed during the query back to curses (ungetch is LIFO). */
static void unget_bytes(const struct buf *b)
{
	for (size_t i = b->len; i-- > 0;)
		ungetch((unsigned char)b->data[i]);
}

/* What the terminal shows, asked once a session (one terminal). */
static struct caps session_caps;
/* Until when replies that came too late may still arrive (as keys). */
static double late_until_ms;
#define LATE_MS 5000

static double mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void caps_detect(struct rimg *im)
{
	struct caps *c = &im->caps;
	if (session_caps.known && !im->headless) {
		*c = session_caps;
		goto config;
	}
	c->known = true;
	c->cw = DEFAULT_CELL_W;
	c->ch = DEFAULT_CELL_H;
	const char *tmux = getenv("TMUX");
	c->tmux = tmux && *tmux;
	if (!im->headless && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
		struct term_replies rep;
		struct buf other = BUF_INIT;
		const char *ssh = getenv("SSH_CONNECTION"), *ssh_tty = getenv("SSH_TTY");
		bool remote = (ssh && *ssh) || (ssh_tty && *ssh_tty);
		int rc = termquery_run(STDIN_FILENO, STDOUT_FILENO, remote ? QUERY_SSH_MS : QUERY_MS,
				       c->tmux, &rep, &other);
		unget_bytes(&other);
		buf_free(&other);
		if (rc == 0)
			late_until_ms = mono_ms() + LATE_MS;
		/* chafa's guess from the environment (TERM, TERM_PROGRAM,
		 * KITTY_WINDOW_ID...), for a terminal that did not answer */
		gchar **envp = g_get_environ();
		ChafaTermInfo *ti = chafa_term_db_detect(chafa_term_db_get_default(), envp);
		bool ch_kitty = chafa_term_info_have_seq(ti, CHAFA_TERM_SEQ_BEGIN_KITTY_IMMEDIATE_IMAGE_V1);
		bool ch_sixel = chafa_term_info_have_seq(ti, CHAFA_TERM_SEQ_BEGIN_SIXELS);
		chafa_term_info_unref(ti);
		g_strfreev(envp);
		bool answered = rc == 1;
		c->kitty = rep.kitty || (!answered && !c->tmux && ch_kitty);
		/* tmux's placeholders name the image by a 256-colour foreground */
		if (c->tmux && (COLORS < 256 || COLOR_PAIRS < 2))
			c->kitty = false;
		c->sixel = rep.sixel || (!answered && !c->tmux && ch_sixel);
		/* iTerm2 and WezTerm answer no query for their inline images:
		 * their names in the environment (LC_TERMINAL survives SSH).
		 * Not inside tmux: its passthrough writes where the outer
		 * terminal's cursor happens to be, not at the pane's. */
		const char *prog = getenv("TERM_PROGRAM"), *lct = getenv("LC_TERMINAL");
		c->iterm = !c->tmux && ((prog && (strcmp(prog, "iTerm.app") == 0 ||
						  strcmp(prog, "WezTerm") == 0)) ||
					(lct && strcmp(lct, "iTerm2") == 0));
		struct winsize ws;
		if (rep.cell_w > 0 && rep.cell_h > 0) {
			c->cw = rep.cell_w;
			c->ch = rep.cell_h;
		} else if (rep.win_w > 0 && rep.win_h > 0 && COLS > 0 && LINES > 0 &&
			   rep.win_w >= COLS && rep.win_h >= LINES) {
			c->cw = rep.win_w / COLS;
			c->ch = rep.win_h / LINES;
		} else if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col && ws.ws_row &&
			   ws.ws_xpixel >= ws.ws_col && ws.ws_ypixel >= ws.ws_row) {
			c->cw = ws.ws_xpixel / ws.ws_col;
			c->ch = ws.ws_ypixel / ws.ws_row;
		}
	}
	if (!im->headless)
		session_caps = *c;
config:
	if (im->cfg_cw) {
		c->cw = im->cfg_cw;
		c->ch = im->cfg_ch;
	}
}

static bool mode_available(const struct rimg *im, int mode)
{
	return mode == PDF_IMAGE_SYMBOLS || (mode == PDF_IMAGE_SIXEL && im->caps.sixel) ||
	       (mode == PDF_IMAGE_KITTY && im->caps.kitty) ||
	       (mode == PDF_IMAGE_ITERM && im->caps.iterm);
}

static int auto_mode(const struct rimg *im)
{
	return im->caps.kitty   ? PDF_IMAGE_KITTY
	       : im->caps.iterm ? PDF_IMAGE_ITERM
	       : im->caps.sixel ? PDF_IMAGE_SIXEL
				: PDF_IMAGE_SYMBOLS;
}

/* Write all of s to the terminal, past curses and its output filter. */
static void tty_write(const char *s, size_t len)
{
	while (len) {
		ssize_t w = write(STDOUT_FILENO, s, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		s += w;
		len -= (size_t)w;
	}
}

static void kitty_seq(const struct rimg *im, const char *seq, struct buf *out)
{
	if (im->caps.tmux)
		termquery_tmux_wrap(seq, strlen(seq), out);
	else
		buf_adds(out, seq);
}

/* Remove the kitty image on the screen, if any. */
static void kitty_delete(struct rimg *im)
{
	if (!im->shown_id || im->headless)
		return;
	struct buf b = BUF_INIT;
	char *seq = xasprintf("\033_Ga=d,d=I,i=%d,q=2\033\\", im->shown_id);
	kitty_seq(im, seq, &b);
	tty_write(b.data, b.len);
	free(seq);
	buf_free(&b);
	im->shown_id = 0;
}

/* chafa's canvas mode for the terminal's colours (UI thread: curses). */
static int canvas_mode(void)
{
	const char *no_color = getenv("NO_COLOR");
	if (!stdscr) /* no curses (the bench): as on a 256-colour terminal */
		return CHAFA_CANVAS_MODE_INDEXED_240;
	if ((no_color && *no_color) || !has_colors())
		return CHAFA_CANVAS_MODE_FGBG;
	return COLORS >= 256 ? CHAFA_CANVAS_MODE_INDEXED_240 : CHAFA_CANVAS_MODE_INDEXED_8;
}

/* ---- the view of the page ---- */

/* A cell's pixels in the mode in use: the terminal's for kitty, sixel and
 * iterm; for symbols 8x8, what chafa looks at (no more pixels rendered
 * than it uses): the page drawn squashed by symbols_yscale. */
static void mode_cell(const struct rimg *im, int *cw, int *ch)
{
	if (im->mode != PDF_IMAGE_SYMBOLS) {
		*cw = im->caps.cw;
		*ch = im->caps.ch;
		return;
	}
	*cw = 8;
	*ch = 8;
}

/* How much less the page's height is drawn than its width for symbols:
 * 8 over a cell's height in pixels 8 wide, as the terminal's cells are in
 * proportion (kept between 8 and 32). */
static double symbols_yscale(const struct rimg *im)
{
	long h = lround(8.0 * im->caps.ch / im->caps.cw);
	return 8.0 / (double)(h < 8 ? 8 : h > 32 ? 32 : h);
}

static struct rkey want_key(const struct rimg *im, int page)
{
	int cw, ch;
	mode_cell(im, &cw, &ch);
	double z = pow(1.25, im->zoom);
	int w = (int)lround(im->body.w * cw * z), h = (int)lround(im->body.h * ch * z);
	if (w > MAX_RENDER_W)
		w = MAX_RENDER_W;
	if (w < 1)
		w = 1;
	if (h < 1)
		h = 1;
	struct rkey k = {.page = page, .w = w, .h = im->fit_page ? h : 1 << 20, .dark = im->dark};
	k.yscale = im->mode == PDF_IMAGE_SYMBOLS ? symbols_yscale(im) : 1;
	k.mode = im->mode;
	k.cols = im->body.w;
	k.rows = im->body.h;
	k.cw = cw;
	k.ch = ch;
	k.cm = im->mode == PDF_IMAGE_SYMBOLS ? canvas_mode() : 0;
	k.max_rows = im->mode == PDF_IMAGE_KITTY && im->caps.tmux ? (int)ARRAY_SIZE(diacritics)
								  : INT32_MAX;
	return k;
}

/* Ask the worker for the page shown, then the next and previous ones. */
static void request(struct rimg *im)
{
	if (!im->w)
		return;
	struct rkey ks[3];
	int n = 0;
	int p = (int)im->page;
	int order[3] = {p, p + 1, p - 1};
	for (int i = 0; i < 3; i++) {
		if (order[i] < 0 || (size_t)order[i] >= im->npages)
			continue;
		struct rkey k = want_key(im, order[i]);
		bool have = false;
		for (int j = 0; j < CACHE_N; j++)
			if (im->cache[j].px.data && key_eq(&im->cache[j].k, &k))
				have = true;
		if (!have)
			ks[n++] = k;
	}
	pthread_mutex_lock(&im->w->mu);
	/* pages rendered but not yet taken count as had */
	int m = 0;
	for (int i = 0; i < n; i++) {
		bool done = im->w->is_busy && key_eq(&im->w->busy, &ks[i]);
		for (int j = 0; j < im->w->ndone; j++)
			if (key_eq(&im->w->done[j].k, &ks[i]))
				done = true;
		if (!done)
			im->w->want[m++] = ks[i];
	}
	im->w->nwant = m;
	pthread_cond_signal(&im->w->cond);
	pthread_mutex_unlock(&im->w->mu);
}

/* The payload in kitty's chunks as a new image (its id the next one), each
 * chunk through tmux's passthrough inside tmux. */
static void kitty_send(struct rimg *im, const char *b64, bool zipped, int w, int h,
		       struct buf *out)
{
	size_t blen = strlen(b64);
	im->kitty_id = im->kitty_id % 250 + 1;
	for (size_t off = 0;; off += KITTY_CHUNK) {
		size_t n = blen - off < KITTY_CHUNK ? blen - off : KITTY_CHUNK;
		bool more = off + n < blen;
		struct buf seq = BUF_INIT;
		if (off == 0)
			buf_printf(&seq, "\033_Ga=T,f=24,%ss=%d,v=%d,c=%d,r=%d,i=%d,%sq=2,m=%d;",
				   zipped ? "o=z," : "", w, h, im->ccols, im->crows, im->kitty_id,
				   im->caps.tmux ? "U=1," : "C=1,", more);
		else
			buf_printf(&seq, "\033_Gm=%d;", more);
		buf_add(&seq, b64 + off, n);
		buf_adds(&seq, "\033\\");
		kitty_seq(im, buf_str(&seq), out);
		buf_free(&seq);
		if (!more)
			break;
	}
}


/* Make what is shown from the page's pixels, the pan kept inside. */
static void build(struct rimg *im, struct rpix *rp, const struct rkey *k)
{
	int cw, ch;
	mode_cell(im, &cw, &ch);
	const struct pdf_pixels *px = &rp->px;
	struct pages_geo g;
	pages_geometry(px, im->body.w, im->body.h, cw, ch, k->max_rows, &im->pan_x, &im->pan_y, &g);
	im->ccols = g.ccols;
	im->crows = g.crows;
	im->cx = g.cx;
	const unsigned char *data =
		px->data + (size_t)im->pan_y * (size_t)px->stride + (size_t)im->pan_x * 3;
	buf_reset(&im->raw);
	const struct cells *top = rp->top.made && !im->pan_x && !im->pan_y && top_eq(&rp->k, k) &&
					  rp->top.ccols == g.ccols && rp->top.crows == g.crows
				  ? &rp->top
				  : NULL; /* made ahead by the worker */
	if (im->mode == PDF_IMAGE_SYMBOLS) {
		free(im->cells);
		size_t n = (size_t)g.ccols * (size_t)g.crows;
		if (top) {
			im->cells = xmalloc(n * sizeof *im->cells);
			memcpy(im->cells, top->v, n * sizeof *im->cells);
		} else {
			im->cells = pages_symbols(data, g.w, g.h, px->stride, g.ccols, g.crows, cw, ch,
						 k->cm);
		}
	} else if (im->mode == PDF_IMAGE_KITTY) {
		if (top) {
			kitty_send(im, top->data, top->zipped, g.w, g.h, &im->raw);
		} else {
			bool zipped;
			char *b64 = pages_kitty_payload(data, g.w, g.h, px->stride, &zipped);
			kitty_send(im, b64, zipped, g.w, g.h, &im->raw);
			free(b64);
		}
		im->raw_dirty = true;
	} else { /* sixel or iterm */
		if (top) {
			buf_add(&im->raw, top->data, top->len);
		} else {
			struct pdf_pixels crop = {(unsigned char *)data, g.w, g.h, px->stride};
			size_t len;
			char *s6 = pdf_image_encode(&crop, (enum pdf_image_mode)im->mode, im->ccols,
						    im->crows, cw, ch, &len);
			buf_add(&im->raw, s6, len);
			free(s6);
		}
		im->raw_dirty = true;
	}
	im->ready = true;
}

/* Bring the view up to date with the state: the page from the cache (or
 * rendered here in the headless harness, which has no loop to wake), else
 * asked for. */
static void update(struct rimg *im)
{
	im->ready = false;
	if (!im->active || !im->npages || im->body.w < 1 || im->body.h < 1)
		return;
	struct rkey k = want_key(im, (int)im->page);
	struct rpix *rp = cache_find(im, &k);
	if (!rp && (im->headless || !im->w)) {
		struct pdf_pixels px;
		char *err = NULL;
		if (pages_render(&im->doc, im->path, &k, &px, &err) < 0) {
			free(im->error);
			im->error = err;
			kitty_delete(im);
			return;
		}
		cache_put(im, &k, &px, NULL);
		rp = cache_find(im, &k);
	}
	FREE(&im->error);
	if (rp)
		build(im, rp, &k);
	request(im);
}

/* ---- the interface ---- */

bool rimg_swallow(int *key)
{
	if (*key != KEY_ESC || !late_until_ms || mono_ms() > late_until_ms || !stdscr)
		return false;
	/* a reply comes at once, whole: take what is there after the ESC */
	struct buf b = BUF_INIT;
	buf_addc(&b, KEY_ESC);
	wint_t wc;
	int rc, stop_rc = ERR;
	wint_t stop = 0;
	while ((rc = get_wch(&wc)) != ERR) {
		if (rc == KEY_CODE_YES || wc >= 0x80 || wc == 0) {
			stop_rc = rc;
			stop = wc;
			break;
		}
		buf_addc(&b, (char)wc);
	}
	struct term_replies rep = {0};
	struct buf other = BUF_INIT;
	termquery_parse(b.data, b.len, true, &rep, &other);
	/* give back what is no reply, in order: the first now, the rest later */
	if (stop_rc == KEY_CODE_YES)
		ungetch((int)stop);
	else if (stop_rc != ERR)
		unget_wch((wchar_t)stop);
	for (size_t i = other.len; i-- > 1;)
		ungetch((unsigned char)other.data[i]);
	bool swallowed = other.len == 0;
	if (!swallowed)
		*key = (unsigned char)other.data[0];
	buf_free(&other);
	buf_free(&b);
	return swallowed;
}

struct rimg *rimg_new(struct tui *t, const char *path)
{
	struct rimg *im = xcalloc(1, sizeof *im);
	im->path = xstrdup(path);
	im->headless = t->headless;
	im->choice = CHOICE_AUTO;
	im->mode = PDF_IMAGE_SYMBOLS;
	char *cpath = config_path(), *err = NULL;
	struct config *c = NULL;
	if (config_load(cpath, &c, &err) < 0) {
		tui_message(t, true, "%s", err);
		free(err);
	} else {
		const char *v = config_get(c, "reader", "image_mode");
		if (v && strcmp(v, "auto") == 0) {
			im->start_active = true; /* when the terminal shows images */
		} else if (v && strcmp(v, "text") != 0) {
			int m = pdf_image_mode_parse(v);
			if (m < 0)
				tui_message(t, true,
					    _("%s: [reader] image_mode = %s: expected auto, text, "
					      "symbols, sixel, kitty or iterm"),
					    cpath, v);
			else
				im->choice = m, im->start_active = true;
		} else if (!v) {
			im->start_active = true;
		}
		v = config_get(c, "reader", "cell_size");
		if (v && !parse_cell(v, &im->cfg_cw, &im->cfg_ch))
			tui_message(t, true,
				    _("%s: [reader] cell_size = %s: expected WIDTHxHEIGHT in pixels, "
				      "each from 1 to %d"),
				    cpath, v, MAX_CELL_PX);
	}
	config_free(&c);
	free(cpath);
	/* asked now, in the key's handler, so that keys typed meanwhile are
	 * read with the others */
	if (im->start_active)
		caps_detect(im);
	if (!im->headless)
		im->w = pages_worker_start(path);
	return im;
}

void rimg_free(struct rimg **imp)
{
	struct rimg *im = *imp;
	if (!im)
		return;
	kitty_delete(im);
	if (im->w)
		pages_worker_stop(im->w); /* it frees itself */
	for (int i = 0; i < CACHE_N; i++) {
		pdf_pixels_free(&im->cache[i].px);
		free(im->cache[i].top.v);
		free(im->cache[i].top.data);
	}
	free(im->cells);
	buf_free(&im->raw);
	free(im->error);
	free(im->path);
	pdf_renderer_close(&im->doc);
	FREE(imp);
}

unsigned rimg_reload(struct rimg *im, size_t npages)
{
	if (!im)
		return REDRAW_NONE;
	if (im->w)
		pages_worker_stop(im->w); /* what it was making is of the old file */
	im->w = im->headless ? NULL : pages_worker_start(im->path);
	pdf_renderer_close(&im->doc);
	for (int i = 0; i < CACHE_N; i++) {
		pdf_pixels_free(&im->cache[i].px);
		FREE(&im->cache[i].top.v);
		FREE(&im->cache[i].top.data);
		im->cache[i].top.made = false;
	}
	FREE(&im->error);
	im->npages = npages;
	if (im->page >= npages)
		im->page = npages ? npages - 1 : 0;
	if (!im->active)
		return REDRAW_NONE;
	kitty_delete(im);
	update(im);
	return REDRAW_READER;
}

bool rimg_active(const struct rimg *im)
{
	return im && im->active;
}

size_t rimg_page(const struct rimg *im)
{
	return im->page;
}

static void set_mode(struct rimg *im)
{
	int m = im->choice == CHOICE_AUTO ? auto_mode(im) : im->choice;
	if (m != im->mode)
		kitty_delete(im);
	im->mode = m;
}

static unsigned enter(struct rimg *im, size_t page)
{
	if (!im->caps.known)
		caps_detect(im);
	set_mode(im);
	im->active = true;
	im->page = page;
	im->pan_x = im->pan_y = 0;
	update(im);
	return REDRAW_ALL | REDRAW_FULL;
}

unsigned rimg_ready(struct tui *t, struct rimg *im, size_t npages, size_t page)
{
	(void)t;
	im->npages = npages;
	if (!im->start_active)
		return REDRAW_NONE;
	if (im->choice == CHOICE_AUTO) {
		/* auto: pictures where the terminal shows them, else text */
		if (!im->caps.known)
			caps_detect(im);
		if (!im->caps.kitty && !im->caps.sixel && !im->caps.iterm)
			return REDRAW_NONE;
	}
	return enter(im, page);
}

unsigned rimg_set_page(struct tui *t, struct rimg *im, size_t page)
{
	(void)t;
	if (!im->active || page == im->page || page >= im->npages)
		return REDRAW_NONE;
	im->page = page;
	im->pan_x = im->pan_y = 0;
	update(im);
	return REDRAW_READER;
}

void rimg_layout(struct tui *t, struct rimg *im, const struct rect *body)
{
	(void)t;
	im->body = *body;
	im->raw_dirty = true;
	update(im);
}

static unsigned leave(struct rimg *im)
{
	kitty_delete(im);
	im->active = false;
	im->ready = false;
	buf_reset(&im->raw);
	return REDRAW_ALL | REDRAW_FULL;
}

static unsigned cycle(struct tui *t, struct rimg *im)
{
	if (!im->caps.known)
		caps_detect(im);
	/* auto -> symbols -> sixel -> kitty -> iterm -> auto, skipping what
	 * is missing */
	int next = im->choice;
	do
		next = next == CHOICE_AUTO ? PDF_IMAGE_SYMBOLS
		       : next == PDF_IMAGE_SYMBOLS ? PDF_IMAGE_SIXEL
		       : next == PDF_IMAGE_SIXEL   ? PDF_IMAGE_KITTY
		       : next == PDF_IMAGE_KITTY   ? PDF_IMAGE_ITERM
						   : CHOICE_AUTO;
	while (next != CHOICE_AUTO && !mode_available(im, next));
	im->choice = next;
	bool was_cells = (im->mode == PDF_IMAGE_SIXEL || im->mode == PDF_IMAGE_ITERM) &&
			 im->cells_shown;
	set_mode(im);
	if (next == CHOICE_AUTO)
		/* TRANSLATORS: %s is the image mode auto picked: symbols, sixel, kitty or
		 * iterm */
		tui_message(t, false, _("Image mode: auto (%s)"), pdf_image_mode_name(im->mode));
	else
		tui_message(t, false, _("Image mode: %s"), pdf_image_mode_name(im->mode));
	update(im);
	return REDRAW_READER | REDRAW_BARS | (was_cells ? REDRAW_ALL | REDRAW_FULL : 0);
}

/* Scroll by dy pixels, turning the page at its ends. */
static void pan_down(struct rimg *im, int dy, size_t *page)
{
	struct rkey k = want_key(im, (int)im->page);
	struct rpix *rp = cache_find(im, &k);
	int cw, ch;
	mode_cell(im, &cw, &ch);
	int vh = im->body.h * ch;
	int max_y = rp && rp->px.h > vh ? rp->px.h - vh : 0;
	if (dy > 0 && im->pan_y >= max_y) {
		if (im->page + 1 < im->npages) {
			im->page++;
			im->pan_y = 0;
		}
	} else if (dy < 0 && im->pan_y <= 0) {
		if (im->page > 0) {
			im->page--;
			im->pan_y = 1 << 30; /* its bottom */
		}
	} else {
		im->pan_y += dy;
		if (im->pan_y > max_y)
			im->pan_y = max_y;
		if (im->pan_y < 0)
			im->pan_y = 0;
	}
	*page = im->page;
}

unsigned rimg_key(struct tui *t, struct rimg *im, enum cmd cmd, size_t *page)
{
	if (!im->active) {
		if (cmd == CMD_IMAGE_VIEW && im->npages)
			return enter(im, *page < im->npages ? *page : 0);
		if (cmd == CMD_IMAGE_MODE)
			return cycle(t, im);
		return RIMG_PASS;
	}
	int cw, ch;
	mode_cell(im, &cw, &ch);
	int vh = im->body.h * ch, vw = im->body.w * cw;
	size_t old_page = im->page;
	int old_x = im->pan_x, old_y = im->pan_y;
	switch (cmd) {
	case CMD_IMAGE_VIEW:
		*page = im->page;
		return leave(im);
	case CMD_IMAGE_MODE:
		return cycle(t, im);
	case CMD_IMAGE_FIT:
		im->fit_page = !im->fit_page;
		im->pan_x = im->pan_y = 0;
		update(im);
		return REDRAW_READER | REDRAW_BARS;
	case CMD_ZOOM_IN:
	case CMD_ZOOM_OUT:
	case CMD_ZOOM_RESET: {
		int z = cmd == CMD_ZOOM_RESET ? 0 : im->zoom + (cmd == CMD_ZOOM_IN ? 1 : -1);
		if (z < ZOOM_MIN || z > ZOOM_MAX || (z == im->zoom && cmd != CMD_ZOOM_RESET))
			return REDRAW_NONE;
		/* keep the middle of the view where it was */
		double f = pow(1.25, z - im->zoom);
		im->pan_x = (int)lround((im->pan_x + vw / 2.0) * f - vw / 2.0);
		im->pan_y = (int)lround((im->pan_y + vh / 2.0) * f - vh / 2.0);
		if (cmd == CMD_ZOOM_RESET)
			im->pan_x = im->pan_y = 0;
		im->zoom = z;
		update(im);
		return REDRAW_READER | REDRAW_BARS;
	}
	case CMD_DARK:
		im->dark = !im->dark;
		update(im);
		return REDRAW_READER | REDRAW_BARS;
	case CMD_PAN_LEFT:
		im->pan_x -= vw / 4;
		break;
	case CMD_PAN_RIGHT:
		im->pan_x += vw / 4;
		break;
	case CMD_MOVE_DOWN:
		pan_down(im, 3 * ch, page);
		break;
	case CMD_MOVE_UP:
		pan_down(im, -3 * ch, page);
		break;
	case CMD_PAGE_DOWN:
		pan_down(im, vh - 2 * ch > ch ? vh - 2 * ch : ch, page);
		break;
	case CMD_PAGE_UP:
		pan_down(im, -(vh - 2 * ch > ch ? vh - 2 * ch : ch), page);
		break;
	case CMD_HALF_DOWN:
		pan_down(im, vh / 2 > ch ? vh / 2 : ch, page);
		break;
	case CMD_HALF_UP:
		pan_down(im, -(vh / 2 > ch ? vh / 2 : ch), page);
		break;
	case CMD_NEXT_PAGE:
		if (im->page + 1 < im->npages)
			im->page++, im->pan_y = 0;
		break;
	case CMD_PREV_PAGE:
		if (im->page > 0)
			im->page--;
		im->pan_y = 0;
		break;
	case CMD_FIRST:
		im->page = 0;
		im->pan_y = 0;
		break;
	case CMD_LAST:
		im->page = im->npages - 1;
		im->pan_y = 0;
		break;
	default:
		return RIMG_PASS;
	}
	*page = im->page;
	update(im);
	if (im->page == old_page && im->pan_x == old_x && im->pan_y == old_y)
		return REDRAW_NONE;
	return REDRAW_READER | REDRAW_BARS;
}

int rimg_wake_fd(const struct rimg *im)
{
	return im && im->w && im->active ? im->w->wake[0] : -1;
}

unsigned rimg_pump(struct tui *t, struct rimg *im)
{
	if (!im || !im->w)
		return REDRAW_NONE;
	char c;
	while (read(im->w->wake[0], &c, 1) == 1)
		;
	struct rpix got[ARRAY_SIZE(im->w->done)];
	pthread_mutex_lock(&im->w->mu);
	int n = im->w->ndone;
	memcpy(got, im->w->done, (size_t)n * sizeof *got);
	im->w->ndone = 0;
	char *err = im->w->err;
	int err_page = im->w->err_page;
	im->w->err = NULL;
	pthread_mutex_unlock(&im->w->mu);
	for (int i = 0; i < n; i++)
		cache_put(im, &got[i].k, &got[i].px, &got[i].top);
	unsigned bits = REDRAW_NONE;
	if (err && err_page == (int)im->page && im->active) {
		free(im->error);
		im->error = err;
		err = NULL;
		kitty_delete(im);
		bits = REDRAW_READER;
	}
	free(err);
	if (im->active && !im->ready && !im->error) {
		update(im);
		if (im->ready)
			bits |= REDRAW_READER;
	}
	(void)t;
	return bits;
}

void rimg_draw(const struct rimg *im, const struct rect *body)
{
	if (im->error) {
		struct strvec wrapped = STRVEC_INIT;
		text_wrap(im->error, body->w - 2, "", &wrapped);
		for (size_t i = 0; i < wrapped.n && (int)i < body->h; i++)
			draw_text(body->y + (int)i, 1, body->w - 1, wrapped.v[i], theme_attr(TH_ERROR));
		strvec_free(&wrapped);
		return;
	}
	if (!im->ready) {
		char *s = xasprintf(_("Rendering page %zu…"), im->page + 1);
		draw_text(body->y, 1, body->w - 1, s, theme_attr(TH_NORMAL));
		free(s);
		return;
	}
	if (im->mode == PDF_IMAGE_SYMBOLS && im->cells) {
		for (int y = 0; y < im->crows; y++)
			for (int x = 0; x < im->ccols; x++) {
				const struct cell *c = &im->cells[(size_t)y * (size_t)im->ccols + (size_t)x];
				wchar_t wc[2] = {(wchar_t)(c->ch ? c->ch : ' '), 0};
				int pair = c->fg >= 0 || c->bg >= 0 ? alloc_pair(c->fg, c->bg) : 0;
				cchar_t cc;
				setcchar(&cc, wc, A_NORMAL, 0, pair > 0 ? &pair : NULL);
				mvadd_wch(body->y + y, body->x + im->cx + x, &cc);
			}
	} else if (im->mode == PDF_IMAGE_KITTY && im->caps.tmux) {
		/* placeholders: the first cell of a row names row and column,
		 * the next ones follow on */
		int pair = alloc_pair(im->kitty_id, -1);
		for (int y = 0; y < im->crows; y++)
			for (int x = 0; x < im->ccols; x++) {
				wchar_t wc[4] = {PLACEHOLDER, diacritics[y], x ? 0 : diacritics[0], 0};
				cchar_t cc;
				setcchar(&cc, wc, A_NORMAL, 0, pair > 0 ? &pair : NULL);
				mvadd_wch(body->y + y, body->x + im->cx + x, &cc);
			}
	}
	/* kitty, sixel and iTerm2 images are written over blank cells after the
	 * refresh */
}

void rimg_status(const struct rimg *im, struct buf *out)
{
	buf_printf(out, "%s", pdf_image_mode_name(im->mode));
	buf_printf(out, "  %s", im->fit_page ? _("fit page") : _("fit width"));
	buf_printf(out, "  %.0f%%", 100 * pow(1.25, im->zoom));
	if (im->dark)
		buf_printf(out, "  %s", _("dark"));
}

unsigned rimg_cover(struct rimg *im, bool covered)
{
	if (!im || covered == im->covered)
		return REDRAW_NONE;
	im->covered = covered;
	if (!covered) {
		im->raw_dirty = true; /* shown again */
		return REDRAW_NONE;
	}
	kitty_delete(im);
	if (im->cells_shown) {
		im->cells_shown = false;
		return REDRAW_ALL | REDRAW_FULL; /* curses repaints over the sixels */
	}
	return REDRAW_NONE;
}

void rimg_flush(struct rimg *im)
{
	if (!im || !im->active || !im->ready || !im->raw_dirty || im->headless || im->covered ||
	    im->mode == PDF_IMAGE_SYMBOLS)
		return;
	im->raw_dirty = false;
	if ((im->mode == PDF_IMAGE_SIXEL || im->mode == PDF_IMAGE_ITERM) && im->cells_shown) {
		/* repaint the screen, which removes the old image */
		clearok(curscr, TRUE);
		wrefresh(curscr);
	}
	int cy, cx;
	getyx(curscr, cy, cx);
	struct buf b = BUF_INIT;
	int old = im->shown_id;
	if (!im->caps.tmux || im->mode != PDF_IMAGE_KITTY)
		buf_printf(&b, "\033[%d;%dH", im->body.y + 1, im->body.x + im->cx + 1);
	buf_add(&b, im->raw.data, im->raw.len);
	if (im->mode == PDF_IMAGE_KITTY && old && old != im->kitty_id) {
		char *seq = xasprintf("\033_Ga=d,d=I,i=%d,q=2\033\\", old);
		kitty_seq(im, seq, &b);
		free(seq);
	}
	buf_printf(&b, "\033[%d;%dH", cy + 1, cx + 1);
	tty_write(b.data, b.len);
	buf_free(&b);
	if (im->mode == PDF_IMAGE_KITTY)
		im->shown_id = im->kitty_id;
	else
		im->cells_shown = true;
}

static double ms_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

int rimg_bench_page(const char *path, int page, int mode, int cols, int rows, int cw, int ch,
		    double *ahead_ms, double *turn_ms, size_t *bytes, char **errp)
{
	/* the document stays open from page to page, as on the worker */
	static struct pdf_renderer *doc;
	static char *doc_path;
	if (!path || !doc_path || strcmp(path, doc_path) != 0) {
		pdf_renderer_close(&doc);
		FREE(&doc_path);
		if (!path)
			return 0;
	}
	struct rimg im = {.headless = true, .active = true, .mode = mode, .npages = (size_t)page + 1,
			  .page = (size_t)page, .body = {0, 0, rows, cols},
			  .caps = {.known = true, .cw = cw, .ch = ch}};
	im.path = (char *)path;
	struct rkey k = want_key(&im, page);
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct pdf_pixels px;
	if (!doc_path) {
		if (!(doc = pdf_renderer_open(path, NULL, errp)))
			return -1;
		doc_path = xstrdup(path);
	}
	if (pages_render(&doc, path, &k, &px, errp) < 0)
		return -1;
	struct cells top = {0};
	pages_make_top(&k, &px, &top); /* on the worker, ahead of the turn */
	*ahead_ms = ms_since(&t0);
	cache_put(&im, &k, &px, &top);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	update(&im);
	if (stdscr) { /* and drawn, when the caller set curses up */
		rimg_draw(&im, &im.body);
		wnoutrefresh(stdscr);
		doupdate();
	}
	*turn_ms = ms_since(&t0);
	*bytes = im.raw.len;
	for (int i = 0; i < CACHE_N; i++) {
		pdf_pixels_free(&im.cache[i].px);
		free(im.cache[i].top.v);
		free(im.cache[i].top.data);
	}
	free(im.cells);
	buf_free(&im.raw);
	free(im.error);
	return 0;
}
