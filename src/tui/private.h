/* private.h: what the files of src/tui share and nobody else sees.
 *
 * The screen is one curses window (stdscr) cut into rectangles, one per
 * view. Each view is a struct view plus a table of operations:
 *   - handle() changes state for a command and returns what to redraw,
 *   - layout() recomputes what depends on the view's size (wrapping),
 *   - draw() reads state and paints the view's rectangle, changing nothing.
 * loop.c owns curses and dispatches keys; keymap.c holds the one table of
 * commands from which the help screen and the man page are generated. */
#ifndef QUIRE_TUI_PRIVATE_H
#define QUIRE_TUI_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/lib.h"
#include "tui/tui.h"
#include "util/util.h"

/* ---- commands and keys (keymap.c) ---- */

enum cmd {
	CMD_NONE,
	CMD_QUIT,
	CMD_HELP,
	CMD_NEXT_PANE,
	CMD_PREV_PANE,
	CMD_SEARCH,
	CMD_FILTER_CYCLE,
	CMD_FILTER_ALL,
	CMD_FILTER_UNREAD,
	CMD_FILTER_READING,
	CMD_FILTER_READ,
	CMD_REDRAW,
	CMD_MOVE_DOWN,
	CMD_MOVE_UP,
	CMD_PAGE_DOWN,
	CMD_PAGE_UP,
	CMD_FIRST,
	CMD_LAST,
	CMD_ENTER,
	CMD_BACK,
	CMD_MARK_READ,
	CMD_MARK_READING,
	CMD_MARK_UNREAD,
	CMD_TOGGLE_READ,
	CMD_CLEAR_SEARCH,
	CMD_CLOSE_HELP,
	CMD_PROMPT_ACCEPT,
	CMD_PROMPT_CANCEL,
	CMD_PROMPT_ERASE,
	CMD_PROMPT_CLEAR,
	CMD_PROMPT_ERASE_WORD,
	CMD_SUMMARIZE,
	CMD_CLOSE_SUMMARY,
	CMD_REVIEW,
	CMD_STATS,
	CMD_REVIEW_REVEAL,
	CMD_REVIEW_AGAIN, /* the four grades in order */
	CMD_REVIEW_HARD,
	CMD_REVIEW_GOOD,
	CMD_REVIEW_EASY,
	CMD_REVIEW_UNDO,
	CMD_REVIEW_EDIT,
	CMD_REVIEW_SUSPEND,
	CMD_REVIEW_BURY,
	CMD_REVIEW_CLOSE,
	CMD_STATS_CLOSE,
	/* the network (downloads.c) */
	CMD_ADD,
	CMD_RESOLVE,
	CMD_RESOLVE_ALL,
	CMD_FETCH,
	CMD_FETCH_LIST,
	CMD_DOWNLOADS,
	CMD_CLOSE_DOWNLOADS,
	CMD_CANCEL,
	CMD_RETRY,
	CMD_READ,
	CMD_NOTE_EDIT,
	CMD_NOTE_APPEND,
	CMD_TAG,
	CMD_TAG_FILTER,
	CMD_SYNC,
	CMD_READER_CLOSE,
	CMD_HALF_DOWN,
	CMD_HALF_UP,
	CMD_NEXT_PAGE,
	CMD_PREV_PAGE,
	CMD_GOTO_PAGE,
	CMD_OUTLINE,
	CMD_READER_SEARCH,
	CMD_SEARCH_NEXT,
	CMD_SEARCH_PREV,
	CMD_LINKS,
	CMD_JUMP_BACK,
	CMD_COPY_URL,
	CMD_QUOTE,
	CMD_DETAIL_DOWN,
	CMD_DETAIL_UP,
	/* the reader's image view (reader_image.c) */
	CMD_IMAGE_VIEW,
	CMD_IMAGE_MODE,
	CMD_IMAGE_FIT,
	CMD_ZOOM_IN,
	CMD_ZOOM_OUT,
	CMD_ZOOM_RESET,
	CMD_PAN_LEFT,
	CMD_PAN_RIGHT,
	CMD_DARK,
};

/* Where a command applies; the first matching context wins. */
enum ctx {
	CTX_GLOBAL = 1 << 0, /* anywhere outside help and the prompt */
	CTX_MOVE = 1 << 1,   /* moves in the focused view (and in help) */
	CTX_TREE = 1 << 2,
	CTX_LIST = 1 << 3, /* the paper list and the detail pane */
	CTX_HELP = 1 << 4,
	CTX_PROMPT = 1 << 5, /* the search prompt */
	CTX_SUMMARY = 1 << 6, /* the summary pane */
	CTX_REVIEW = 1 << 7,  /* the review view */
	CTX_STATS = 1 << 8,   /* the statistics view */
	CTX_DOWNLOADS = 1 << 9, /* the downloads view */
	CTX_READER = 1 << 12, /* the reader view */
};

/* A key: a Unicode code point, or a curses function key tagged KEY_FN. */
#define KEY_FN(code) (0x40000000 | (code))
#define KEY_IS_FN(k) (((k)&0x40000000) != 0)
#define KEY_CTRL(c) ((c)&0x1f)
#define KEY_ESC 27
#define KEY_ENTER_ '\n'

struct command {
	enum cmd cmd;
	const char *name; /* stable name, e.g. "move-down" */
	const char *keys; /* default keys, space-separated key names */
	unsigned ctx;     /* enum ctx bits */
	const char *help; /* N_() marked; translate with _() when shown */
};

extern const struct command tui_commands[];
extern const size_t tui_n_commands;
/* Context headings for the help screen and the man page (N_() marked). */
const char *keymap_ctx_title(unsigned ctx);

/* The command bound to key in the given context (first match), or CMD_NONE. */
enum cmd keymap_lookup(unsigned ctx, int key);
/* Parse a key name ("j", "Down", "C-f", "Enter", "PgDn"...); -1 if unknown. */
int keymap_parse_key(const char *name);
/* Normalise what curses returned: Enter, Backspace and friends. */
int keymap_normalise(int key);
/* Human name of the keys of a command for display, e.g. "j, Down".
 * Caller frees. */
char *keymap_keys_display(const struct command *c);

/* ---- drawing helpers and theme (draw.c) ---- */

enum theme_elem {
	TH_NORMAL,
	TH_TITLE,
	TH_STATUS,
	TH_CURSOR,
	TH_CURSOR_DIM,
	TH_SEPARATOR,
	TH_TOPIC,
	TH_COUNT,
	TH_MARK_UNREAD,
	TH_MARK_READING,
	TH_MARK_READ,
	TH_YEAR,
	TH_AUTHORS,
	TH_LABEL,
	TH_HEADING,
	TH_ERROR,
	TH_PROMPT,
	TH_CHART, /* bars and heat map of the statistics */
	TH_CODE,  /* code in notes */
	TH_COUNT_
};

/* Set up colours (none when NO_COLOR is set or the terminal has none). */
void theme_init(void);
/* Curses attributes of an element (colour pair included). */
int theme_attr(enum theme_elem e);

struct rect {
	int y, x, h, w;
};

/* Draw text (UTF-8, already sanitised) at y, x using at most width cells;
 * when it does not fit, clip it and end with "…". Wide characters take two
 * cells, combining marks join the character before them. Returns the cells
 * used. */
int draw_text(int y, int x, int width, const char *text, int attr);
/* As draw_text, then fill the rest of the width with spaces (same attr). */
void draw_text_pad(int y, int x, int width, const char *text, int attr);
/* Text right-aligned in width cells (clipped when wider). */
void draw_text_right(int y, int x, int width, const char *text, int attr);
/* Fill a rectangle with spaces. */
void draw_fill(const struct rect *r, int attr);
/* Horizontal/vertical lines made of ─ and │. */
void draw_hline(int y, int x, int width, int attr);
void draw_vline(int y, int x, int height, int attr);

/* Wrap one paragraph of UTF-8 text into lines of at most width cells,
 * breaking at spaces (or anywhere inside a word too long for a line).
 * The text is sanitised first; lines are appended to out (owned copies).
 * An empty paragraph gives one empty line. */
void text_wrap(const char *text, int width, const char *indent, struct strvec *out);
/* Byte length of the longest prefix of s that fits in width cells. */
size_t text_fit(const char *s, int width, int *used);
/* The same for the first len bytes of s. */
size_t text_fit_n(const char *s, size_t len, int width, int *used);

/* How a run of a line is drawn (bits); draw.c maps them to attributes. */
enum text_style {
	STYLE_BOLD = 1 << 0,
	STYLE_ITALIC = 1 << 1, /* underlined where the terminal has no italics */
	STYLE_UNDERLINE = 1 << 2,
	STYLE_CODE = 1 << 3, /* in the theme's TH_CODE */
	STYLE_DIM = 1 << 4,
	STYLE_STRIKE = 1 << 5, /* dim: curses has no strike-through */
};
/* Bytes [off, off + len) of a line drawn with style. */
struct text_span {
	size_t off, len;
	unsigned style;
};
/* A line of text in a pane: the first label_len bytes are drawn as a
 * label, the rest with elem, the spans (sorted, disjoint, owned) with
 * their styles over elem. */
struct line {
	char *text;
	size_t label_len;
	enum theme_elem elem;
	struct text_span *spans;
	size_t n_spans;
};
struct lines {
	struct line *v;
	size_t n, cap;
};
/* Append label + value wrapped to width (continuation lines indented by
 * the label's width); value is sanitised. */
void lines_add(struct lines *l, const char *label, const char *value, int width,
               enum theme_elem elem);
void lines_free(struct lines *l);
/* Draw lines[offset..] in r. */
void lines_draw(const struct lines *l, size_t offset, const struct rect *r);

/* ---- Markdown notes (mdrender.c) ---- */

/* Bytes of a note rendered at most, and lines made at most. */
#define MDRENDER_MAX_BYTES ((size_t)1 << 20)
#define MDRENDER_MAX_LINES ((size_t)50000)
/* Render Markdown (a note's body, front matter excluded) as styled lines
 * of at most width cells (a line may be wider only where one character is
 * wider than the width), appended to out: headings with their level
 * ("## "), lists with markers and hanging indents, quotes with a bar,
 * code blocks cut (not wrapped) with a marker, links followed by where they
 * point, tables with their cells joined by " │ ". All text goes through
 * the sanitiser. Past MDRENDER_MAX_BYTES or MDRENDER_MAX_LINES the note
 * stops with a line saying so. */
void mdrender_lines(const char *text, int width, struct lines *out);

/* ---- the prompt line (prompt.c) ---- */

/* What the prompt asks for besides a search or a paper to add. */
enum prompt_for { PROMPT_FOR_SEARCH, PROMPT_FOR_NOTE, PROMPT_FOR_TAGS, PROMPT_FOR_TAG_FILTER };

struct prompt {
	bool active;
	struct buf text;   /* what was typed, UTF-8 */
	const char *label; /* e.g. "/" */
};
/* Edit the prompt with key (a printable character or an editing command).
 * Returns true when the text changed. */
bool prompt_key(struct prompt *p, enum cmd cmd, int key);

/* ---- views ---- */

enum redraw {
	REDRAW_NONE = 0,
	REDRAW_TREE = 1 << 0,
	REDRAW_LIST = 1 << 1,
	REDRAW_DETAIL = 1 << 2,
	REDRAW_BARS = 1 << 3, /* title bar and status line */
	REDRAW_HELP = 1 << 4,
	REDRAW_SUMMARY = 1 << 5,
	REDRAW_REVIEW = 1 << 6,
	REDRAW_STATS = 1 << 7,
	REDRAW_DOWNLOADS = 1 << 8,
	REDRAW_READER = 1 << 9,
	REDRAW_ALL = 0x7fff,
	REDRAW_FULL = 0x8000, /* clear the terminal first (C-l) */
};

struct tui;
struct view;

struct view_ops {
	const char *name;
	/* Load or reload data from the library; errors go to the status line. */
	void (*load)(struct tui *t, struct view *v);
	/* Recompute what depends on the view's rectangle. */
	void (*layout)(struct tui *t, struct view *v);
	/* Apply a command; return the enum redraw bits of what changed. */
	unsigned (*handle)(struct tui *t, struct view *v, enum cmd cmd);
	/* Paint the view's rectangle from its state. */
	void (*draw)(const struct tui *t, const struct view *v);
	void (*free)(struct view *v);
	unsigned redraw_bit; /* REDRAW_xxx for this view */
	unsigned ctx;        /* CTX_xxx of this view's commands */
};

struct view {
	const struct view_ops *ops;
	struct rect r;
	size_t cursor, offset, n; /* selected line, first line shown, lines */
	void *priv;               /* the view's own state */
};

/* Move v's cursor for a movement command, keeping it visible; returns
 * true if the cursor or offset changed. Shared by all views. */
bool view_move(struct view *v, enum cmd cmd);
/* Keep the cursor inside [0, n) and visible. */
void view_clamp(struct view *v);
/* Scroll (no cursor) for a movement command: detail and help. */
bool view_scroll(struct view *v, enum cmd cmd);

extern const struct view_ops tree_ops, list_ops, detail_ops, help_ops, summary_ops;
extern const struct view_ops review_ops, stats_ops, downloads_ops, reader_ops;

enum pane { PANE_TREE, PANE_LIST, PANE_DETAIL, PANE_COUNT };

/* The whole state of the interface. */
struct tui {
	struct library *lib;
	struct view views[PANE_COUNT];
	struct view help;
	enum pane focus;
	bool help_open;
	struct view summary; /* the summary pane, over the others when open */
	bool summary_open;
	struct view review; /* the review view, over the others when open */
	bool review_open;
	struct view stats; /* the statistics view, likewise */
	bool stats_open;
	struct view reader; /* the reader view, over the others when open */
	bool reader_open;
	bool headless; /* the headless harness runs the interface */
	bool quit;
	bool too_small;
	int rows, cols;
	int status_filter;    /* -1 all, else enum paper_status */
	struct prompt prompt; /* the search prompt */
	bool search_pending;  /* the prompt changed; query when input is idle */
	/* microseconds spent by each start-up step, for --key-times */
	double t_curses, t_tree, t_list, t_detail, t_draw;
	struct buf message; /* status line message */
	bool message_error;
	struct view downloads; /* the downloads view, over the others when open */
	bool downloads_open;
	bool prompt_add;       /* the prompt asks for a paper to add, not a search */
	enum prompt_for prompt_for; /* else what the prompt asks for (notes.c) */
	char *prompt_paper;    /* the paper a note or tags prompt is about */
	char *prompt_hint;     /* after the prompt's text: the tags Tab could complete to */
	char *tag_filter;      /* the list shows papers with this tag only; NULL: all */
	struct tsync *sync;    /* the sync running (tsync.c), NULL when none */
	struct netq *netq;     /* the network and its jobs (downloads.c), NULL until used */
	struct tindex *index;  /* the PDF text indexer (tindex.c), NULL when none */
	char *offer_paper;     /* the status line offers to fetch its PDF (reader_missing.c) */
	/* re-reads lists/ into the index (tui_options.refresh_lists) */
	int (*refresh_lists)(struct library *lib, char **errp);
};

/* Set the status line message (printf-like); error ones are highlighted. */
void tui_message(struct tui *t, bool error, const char *fmt, ...) PRINTF_LIKE(3, 4);

/* tree.c: the selected topic path, NULL for "All papers". */
const char *tree_selected_topic(const struct tui *t);
/* list.c */
const struct paper_row *list_selected(const struct tui *t);
const char *list_search_query(const struct tui *t); /* NULL: none kept */
void list_search_begin(struct tui *t);
unsigned list_search_update(struct tui *t);
unsigned list_search_end(struct tui *t, bool keep);
/* Run the search on the screen again (new PDF text was indexed), the
 * cursor staying on its paper; nothing when no search is shown. */
unsigned list_search_refresh(struct tui *t);
/* Forget a kept search (the caller reloads the list). */
void list_search_clear(struct tui *t);
unsigned list_mark(struct tui *t, enum cmd cmd);
/* Put the list's cursor on the paper with this key, if it is there. */
void list_select_key(struct tui *t, const char *key);
/* tree.c: put the cursor on the topic with this path (NULL: All papers). */
void tree_select_path(struct tui *t, const char *path);
/* detail.c: reload for the list's selection */
void detail_select(struct tui *t);
/* Scroll the detail pane half its height (CMD_DETAIL_DOWN or _UP), or to
 * its end (CMD_LAST); returns what to redraw. */
unsigned detail_scroll(struct tui *t, enum cmd cmd);

/* summary.c: open the summary pane for the list's selection; the fd the
 * loop polls while a summary streams (-1 when none); take what the worker
 * sent; cancel and close. */
unsigned summary_open(struct tui *t);
int summary_wake_fd(const struct tui *t);
unsigned summary_pump(struct tui *t);
void summary_close(struct tui *t);

/* review.c: start a review session in the review view (a message when
 * there is nothing to review), and close it. */
unsigned review_open(struct tui *t);
void review_close(struct tui *t);
/* Does the review view show the session's summary? */
bool review_finished(const struct tui *t);
/* stats.c: open the statistics view, and close it. */
unsigned stats_open(struct tui *t);
void stats_close(struct tui *t);
/* downloads.c: the network in the interface. Commands that use it
 * (CMD_ADD ... CMD_DOWNLOADS); what the user typed at the add prompt; the
 * fd the loop polls (-1 while nothing was sent); take the events that
 * came; whether jobs are still running (the script's :wait); the overall
 * progress for the status line (false when nothing runs); cancel
 * everything and free it (partial files stay for a resume). */
unsigned netq_command(struct tui *t, enum cmd cmd);
unsigned netq_add(struct tui *t, const char *what);
int netq_fd(const struct tui *t);
unsigned netq_pump(struct tui *t);
bool netq_busy(const struct tui *t);
bool netq_status(const struct tui *t, struct buf *out);
void netq_close(struct tui *t);
/* list.c: the rows the list shows */
const struct paper_row *list_rows(const struct tui *t, size_t *n);
/* reader.c: open the reader on the list's selection (a message when its
 * PDF is not cached); a key while it is open; the fd the loop polls while
 * the document is being extracted (-1 when none) and what to do when it is
 * readable; close it (its position appended to positions.log). */
unsigned reader_open(struct tui *t);

/* notes.c: open the selected paper's note in $VISUAL/$EDITOR. */
unsigned notes_edit(struct tui *t);
/* Open the prompt for a quick note, tags or the tag filter. */
unsigned notes_prompt_open(struct tui *t, enum prompt_for what);
/* A key while that prompt is open: edit, complete tags (Tab), accept, cancel. */
unsigned notes_prompt_key(struct tui *t, enum cmd cmd, int key);
/* The title bar's words for that prompt. */
const char *notes_prompt_title(const struct tui *t);

/* tsync.c: start a sync of the library in the background. */
unsigned tsync_start(struct tui *t);
/* The pipe that wakes the loop while a sync runs; -1 when none does. */
int tsync_fd(const struct tui *t);
bool tsync_busy(const struct tui *t);
/* The sync's news: its latest line on the status line, at its end the
 * result (and the views refreshed after a pull that changed files). */
unsigned tsync_pump(struct tui *t);
/* Wait for a running sync to end (on quitting). */
void tsync_close(struct tui *t);
/* tindex.c: index the text of the cached PDFs on a worker thread with its
 * own connection to the index (none when the index is in memory): start
 * it (after the first screen), make it look again (a download finished),
 * the pipe that wakes the loop (-1 when none), whether it has work or news
 * left (the script's :wait), take its news (a search on the screen is run
 * again), and stop it (after the PDF at hand). */
void tindex_start(struct tui *t);
void tindex_kick(struct tui *t);
int tindex_fd(const struct tui *t);
bool tindex_busy(const struct tui *t);
unsigned tindex_pump(struct tui *t);
void tindex_close(struct tui *t);
unsigned reader_key(struct tui *t, int key);
int reader_wake_fd(const struct tui *t);
unsigned reader_pump(struct tui *t);
void reader_close(struct tui *t);
/* The loop's timer: check whether the open PDF was rewritten (and read it
 * again), and how long the loop may sleep before the next check (ms, -1:
 * no limit). reader_reload.c */
unsigned reader_tick(struct tui *t);
int reader_timeout(const struct tui *t);
/* A key while the status line offers to fetch a missing PDF (d, Enter,
 * Esc); *handled is false when the key declines the offer and is to be
 * dispatched as usual. reader_missing.c */
unsigned reader_offer_key(struct tui *t, int key, bool *handled);

/* Dispatch one key; returns the redraw bits. loop.c */
unsigned tui_key(struct tui *t, int key);
/* Work deferred until the keys typed ahead are handled (the search query
 * of the prompt): the loop calls it when no input is pending. */
unsigned tui_idle(struct tui *t);
/* Lay out all views for the current size, and draw what bits say. */
void tui_layout(struct tui *t);
void tui_draw(struct tui *t, unsigned bits);

/* Monotonic clock in microseconds. */
double tui_now_us(void);

/* Screen dump of stdscr, rows right-trimmed, into out. script.c */
void screen_dump(struct buf *out);
/* Run the headless script; returns 0 or -1 with *errp set. */
int script_run(struct tui *t, const struct tui_options *opt, char **errp);

/* Changes other processes make to notes/ and lists/ (watch.c): the loop
 * polls watch_fd (-1 when there is none: stat polling), waits at most
 * watch_timeout ms (-1: no limit), calls watch_read when the fd is
 * readable, then watch_due, which says what changed once a burst of
 * changes is over (WATCH_* bits, 0 for nothing yet). */
enum { WATCH_NOTES = 1, WATCH_LISTS = 2 };
struct watch;
struct watch *watch_open(const char *lib_dir);
void watch_close(struct watch **w);
int watch_fd(const struct watch *w);
int watch_timeout(const struct watch *w);
void watch_read(struct watch *w);
unsigned watch_due(struct watch *w);
/* Re-read what changed (WATCH_* bits) and reload the views, the cursors
 * staying on the same topic and paper. loop.c */
unsigned tui_reload(struct tui *t, unsigned what);

/* Signals and terminal restore (signals.c). */
void signals_install(void);
void signals_curses_active(bool on);
/* Self-pipe: readable end for poll(); the write end is signal-safe. */
int signals_wake_fd(void);
bool signals_take_winch(void);

#endif
