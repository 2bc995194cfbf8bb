/* keymap.c: the one table of commands (name, default keys, where they
 * apply, help). The help screen (help.c) and the man page's KEYS section
 * (tui_keys_roff, man/keys.inc) are generated from it. */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui/private.h"
#include "util/i18n.h"

/* Order matters: lookups take the first row whose context and key match,
 * and the help screen and the man page list rows in this order. */
const struct command tui_commands[] = {
        {CMD_QUIT, "quit", "q", CTX_GLOBAL, N_("Quit quire")},
        {CMD_HELP, "help", "? F1", CTX_GLOBAL, N_("Show the keys and commands")},
        {CMD_NEXT_PANE, "next-pane", "Tab", CTX_GLOBAL,
         N_("Move the focus to the next pane (topics, papers, detail)")},
        {CMD_PREV_PANE, "prev-pane", "BackTab", CTX_GLOBAL,
         N_("Move the focus to the previous pane")},
        {CMD_SEARCH, "search", "/", CTX_GLOBAL,
         N_("Search the whole library; results update as you type")},
        {CMD_FILTER_CYCLE, "filter-cycle", "f", CTX_GLOBAL,
         N_("Cycle the status filter: all, unread, reading, read")},
        {CMD_FILTER_ALL, "filter-all", "1", CTX_GLOBAL, N_("Show papers of any status")},
        {CMD_FILTER_UNREAD, "filter-unread", "2", CTX_GLOBAL, N_("Show unread papers only")},
        {CMD_FILTER_READING, "filter-reading", "3", CTX_GLOBAL, N_("Show papers being read only")},
        {CMD_FILTER_READ, "filter-read", "4", CTX_GLOBAL, N_("Show read papers only")},
        {CMD_REDRAW, "redraw", "C-l", CTX_GLOBAL, N_("Redraw the screen")},
        {CMD_REVIEW, "review", "F", CTX_GLOBAL,
         N_("Review the flashcards due")},
        {CMD_STATS, "statistics", "s", CTX_GLOBAL,
         N_("Show the review statistics")},
        {CMD_ADD, "add", "a", CTX_GLOBAL,
         N_("Add a paper by arXiv id, URL or DOI, then look it up")},
        {CMD_RESOLVE_ALL, "resolve-all", "C-r", CTX_GLOBAL,
         N_("Look up every unresolved paper on arXiv (background)")},
        {CMD_DOWNLOADS, "downloads", "w", CTX_GLOBAL,
         N_("Show the downloads (progress, cancel, retry)")},
        {CMD_SYNC, "sync", "y", CTX_GLOBAL,
         N_("Sync the library with its git remote (in the background)")},

        {CMD_MOVE_DOWN, "move-down", "j Down", CTX_MOVE, N_("Move down one line")},
        {CMD_MOVE_UP, "move-up", "k Up", CTX_MOVE, N_("Move up one line")},
        {CMD_PAGE_DOWN, "page-down", "PgDn C-f Space", CTX_MOVE, N_("Move down one page")},
        {CMD_PAGE_UP, "page-up", "PgUp C-b", CTX_MOVE, N_("Move up one page")},
        {CMD_FIRST, "first", "g Home", CTX_MOVE, N_("Go to the first line")},
        {CMD_LAST, "last", "G End", CTX_MOVE, N_("Go to the last line")},

        {CMD_ENTER, "enter", "Enter l Right", CTX_TREE,
         N_("Show the papers of the selected topic")},
        {CMD_BACK, "parent", "h Left", CTX_TREE, N_("Go to the parent topic")},
        {CMD_NOTE_EDIT, "edit-note", "n", CTX_TREE,
         N_("Edit the note of the paper selected in the list")},
        {CMD_NOTE_APPEND, "quick-note", "N", CTX_TREE,
         N_("Append a line to the note of the paper selected in the list")},
        {CMD_TAG, "tag", "+", CTX_TREE, N_("Tag the paper selected in the list")},

        {CMD_ENTER, "enter", "Enter l Right", CTX_LIST,
         N_("Open the selected paper in the detail pane; there, read its PDF")},
        {CMD_BACK, "back", "h Left", CTX_LIST,
         N_("Go back: from the detail pane to the list, from the list to the topics")},
        {CMD_MARK_READ, "mark-read", "r", CTX_LIST, N_("Mark the selected paper read")},
        {CMD_MARK_READING, "mark-reading", "i", CTX_LIST,
         N_("Mark the selected paper as being read (in progress)")},
        {CMD_MARK_UNREAD, "mark-unread", "u", CTX_LIST, N_("Mark the selected paper unread")},
        {CMD_TOGGLE_READ, "toggle-read", "x", CTX_LIST,
         N_("Toggle the selected paper between read and unread")},
        {CMD_RESOLVE, "resolve", "R", CTX_LIST,
         N_("Look up the selected paper on arXiv (in the background)")},
        {CMD_FETCH, "fetch", "d", CTX_LIST,
         N_("Download the selected paper's PDF (in the background)")},
        {CMD_FETCH_LIST, "fetch-list", "D", CTX_LIST,
         N_("Download the PDFs of every paper in the list")},
        {CMD_SUMMARIZE, "summarize", "S", CTX_LIST,
         N_("Summarise the selected paper into its note")},
        {CMD_READ, "read", "o", CTX_LIST,
         N_("Read the selected paper's PDF (not in the cache: offers to download it)")},
        {CMD_NOTE_EDIT, "edit-note", "n", CTX_LIST,
         N_("Edit the selected paper's note in $VISUAL or $EDITOR")},
        {CMD_NOTE_APPEND, "quick-note", "N", CTX_LIST,
         N_("Append a line to the selected paper's note (asks for it)")},
        {CMD_TAG, "tag", "+", CTX_LIST,
         N_("Tag the selected paper: +tag adds, -tag removes (Tab completes)")},
        {CMD_TAG_FILTER, "tag-filter", "#", CTX_LIST,
         N_("Show only the papers with a tag (asks for it; empty: all)")},
        {CMD_DETAIL_DOWN, "detail-down", "C-d", CTX_LIST,
         N_("Scroll the detail pane (the note) down half its height")},
        {CMD_DETAIL_UP, "detail-up", "C-u", CTX_LIST, N_("Scroll the detail pane up half its height")},
        {CMD_CLEAR_SEARCH, "clear-search", "Esc", CTX_LIST,
         N_("Leave the kept search results and show the topic again")},

        {CMD_PROMPT_ACCEPT, "search-keep", "Enter", CTX_PROMPT, N_("Keep the search results")},
        {CMD_PROMPT_CANCEL, "search-cancel", "Esc C-g", CTX_PROMPT,
         N_("Cancel the search and go back to the list as it was")},
        {CMD_PROMPT_ERASE, "erase-char", "Backspace", CTX_PROMPT, N_("Erase the last character")},
        {CMD_PROMPT_ERASE_WORD, "erase-word", "C-w", CTX_PROMPT, N_("Erase the last word")},
        {CMD_PROMPT_CLEAR, "erase-line", "C-u", CTX_PROMPT, N_("Erase the whole search")},

        {CMD_CANCEL, "cancel", "c", CTX_DOWNLOADS, N_("Cancel the selected download")},
        {CMD_RETRY, "retry", "r", CTX_DOWNLOADS,
         N_("Retry the selected download (failed or cancelled)")},
        {CMD_CLOSE_DOWNLOADS, "close-downloads", "q w Esc", CTX_DOWNLOADS,
         N_("Close the downloads view (downloads go on)")},

        {CMD_CLOSE_HELP, "close-help", "q ? Esc", CTX_HELP, N_("Close the help screen")},

        {CMD_CLOSE_SUMMARY, "close-summary", "q Esc", CTX_SUMMARY,
         N_("Cancel the summary at once and close the pane")},

        {CMD_REVIEW_REVEAL, "show-answer", "Space Enter", CTX_REVIEW,
         N_("Show the answer and what each grade would do")},
        {CMD_REVIEW_AGAIN, "grade-again", "1", CTX_REVIEW,
         N_("Again: not recalled (on a hidden answer: show it)")},
        {CMD_REVIEW_HARD, "grade-hard", "2", CTX_REVIEW, N_("Hard: recalled with difficulty")},
        {CMD_REVIEW_GOOD, "grade-good", "3", CTX_REVIEW, N_("Good: recalled")},
        {CMD_REVIEW_EASY, "grade-easy", "4", CTX_REVIEW, N_("Easy: recalled at once")},
        {CMD_REVIEW_UNDO, "undo", "u", CTX_REVIEW,
         N_("Undo the last grade (an undo line in reviews.log)")},
        {CMD_REVIEW_EDIT, "edit-card", "e", CTX_REVIEW,
         N_("Edit the card's source in $VISUAL or $EDITOR")},
        {CMD_REVIEW_SUSPEND, "suspend", "s", CTX_REVIEW,
         N_("Suspend the card (recorded in cards.state)")},
        {CMD_REVIEW_BURY, "bury", "b", CTX_REVIEW, N_("Bury the card until tomorrow")},
        {CMD_REVIEW_CLOSE, "end-review", "q Esc", CTX_REVIEW,
         N_("End the session: show its summary, then close")},

        {CMD_STATS_CLOSE, "close-statistics", "q Esc", CTX_STATS,
         N_("Close the statistics")},
        {CMD_READER_CLOSE, "close-reader", "q Esc", CTX_READER,
         N_("Close the outline, else the reader (the position is remembered)")},
        {CMD_HALF_DOWN, "half-page-down", "C-d", CTX_READER, N_("Move down half a screen")},
        {CMD_HALF_UP, "half-page-up", "C-u", CTX_READER, N_("Move up half a screen")},
        {CMD_NEXT_PAGE, "next-page", "] J", CTX_READER, N_("Go to the next page of the document")},
        {CMD_PREV_PAGE, "prev-page", "[ K", CTX_READER,
         N_("Go to the top of this page, else of the previous one")},
        {CMD_GOTO_PAGE, "goto-page", ": p", CTX_READER, N_("Go to a page (asks for its number)")},
        {CMD_OUTLINE, "outline", "t", CTX_READER,
         N_("Show the document's outline (table of contents) to jump from")},
        {CMD_ENTER, "outline-go", "Enter", CTX_READER,
         N_("In the outline or the links: go to the selected heading or link (an "
            "external link's URL is shown whole)")},
        {CMD_READER_SEARCH, "find", "/", CTX_READER,
         N_("Search the document; matches are highlighted and counted")},
        {CMD_SEARCH_NEXT, "find-next", "n", CTX_READER, N_("Go to the next match")},
        {CMD_SEARCH_PREV, "find-prev", "N", CTX_READER, N_("Go to the previous match")},
        {CMD_LINKS, "links", "L", CTX_READER,
         N_("Show the document's links: their page, text and target")},
        {CMD_COPY_URL, "copy-link", "c", CTX_READER,
         N_("In the links: copy the URL to the clipboard with OSC 52 (when [reader] osc52 = "
            "yes)")},
        {CMD_JUMP_BACK, "jump-back", "Backspace `", CTX_READER,
         N_("Go back to where a link, the outline or a page number took you from")},
        {CMD_QUOTE, "quote", ">", CTX_READER,
         N_("Quote the paragraph of the current match (else the top one) into the note, "
            "with its page")},
        {CMD_IMAGE_VIEW, "image-view", "i", CTX_READER,
         N_("Switch between the reading text and the page images")},
        {CMD_IMAGE_MODE, "image-mode", "I", CTX_READER,
         N_("Cycle the image mode: auto, symbols, sixel, kitty, iterm (those the terminal shows)")},
        {CMD_IMAGE_FIT, "fit", "w", CTX_READER,
         N_("Page images: fit the width, or the whole page")},
        {CMD_ZOOM_IN, "zoom-in", "+", CTX_READER, N_("Page images: zoom in")},
        {CMD_ZOOM_OUT, "zoom-out", "-", CTX_READER, N_("Page images: zoom out")},
        {CMD_ZOOM_RESET, "zoom-reset", "=", CTX_READER, N_("Page images: back to 100%")},
        {CMD_PAN_LEFT, "pan-left", "h Left", CTX_READER,
         N_("Page images: move left on a page wider than the window")},
        {CMD_PAN_RIGHT, "pan-right", "l Right", CTX_READER,
         N_("Page images: move right on a page wider than the window")},
        {CMD_DARK, "dark", "x", CTX_READER, N_("Page images: dark mode (the page inverted)")},
};
const size_t tui_n_commands = ARRAY_SIZE(tui_commands);

static const struct {
	unsigned ctx;
	const char *title;
} ctx_titles[] = {
        {CTX_GLOBAL, N_("Everywhere")},
        {CTX_MOVE, N_("Moving (in every pane and in this help)")},
        {CTX_TREE, N_("Topic tree")},
        {CTX_LIST, N_("Paper list and detail pane")},
        {CTX_PROMPT, N_("Search prompt")},
        {CTX_SUMMARY, N_("Summary pane")},
        {CTX_REVIEW, N_("Review")},
        {CTX_STATS, N_("Statistics (moving keys scroll)")},
        {CTX_DOWNLOADS, N_("Downloads view")},
        {CTX_READER, N_("Reader")},
        {CTX_HELP, N_("Help screen")},
};

const char *keymap_ctx_title(unsigned ctx)
{
	for (size_t i = 0; i < ARRAY_SIZE(ctx_titles); i++)
		if (ctx_titles[i].ctx == ctx)
			return ctx_titles[i].title;
	return "";
}

static const struct {
	const char *name;
	int key;
} key_names[] = {
        {"Enter", KEY_ENTER_},
        {"Tab", '\t'},
        {"BackTab", KEY_FN(KEY_BTAB)},
        {"Esc", KEY_ESC},
        {"Space", ' '},
        {"Backspace", KEY_FN(KEY_BACKSPACE)},
        {"Up", KEY_FN(KEY_UP)},
        {"Down", KEY_FN(KEY_DOWN)},
        {"Left", KEY_FN(KEY_LEFT)},
        {"Right", KEY_FN(KEY_RIGHT)},
        {"PgUp", KEY_FN(KEY_PPAGE)},
        {"PgDn", KEY_FN(KEY_NPAGE)},
        {"Home", KEY_FN(KEY_HOME)},
        {"End", KEY_FN(KEY_END)},
        {"F1", KEY_FN(KEY_F(1))},
        {"Resize", KEY_FN(KEY_RESIZE)},
};

int keymap_parse_key(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(key_names); i++)
		if (strcmp(key_names[i].name, name) == 0)
			return key_names[i].key;
	if (name[0] == 'C' && name[1] == '-' && name[2] >= 'a' && name[2] <= 'z' && !name[3])
		return KEY_CTRL(name[2]);
	size_t len = strlen(name);
	uint32_t cp;
	if (len && utf8_decode(name, len, &cp) == len && cp >= 0x20 && cp != 0x7f)
		return (int)cp;
	return -1;
}

int keymap_normalise(int key)
{
	switch (key) {
	case '\r':
	case KEY_FN(KEY_ENTER):
		return KEY_ENTER_;
	case 0x7f:
	case 0x08:
		return KEY_FN(KEY_BACKSPACE);
	default:
		return key;
	}
}

/* Does the space-separated key list contain key? */
static bool keys_contain(const char *keys, int key)
{
	const char *p = keys;
	while (*p) {
		size_t n = strcspn(p, " ");
		char *one = xstrndup(p, n);
		int k = keymap_parse_key(one);
		free(one);
		if (k == key)
			return true;
		p += n;
		p += strspn(p, " ");
	}
	return false;
}

enum cmd keymap_lookup(unsigned ctx, int key)
{
	for (size_t i = 0; i < tui_n_commands; i++)
		if ((tui_commands[i].ctx & ctx) && keys_contain(tui_commands[i].keys, key))
			return tui_commands[i].cmd;
	return CMD_NONE;
}

char *keymap_keys_display(const struct command *c)
{
	struct buf b = BUF_INIT;
	const char *p = c->keys;
	while (*p) {
		size_t n = strcspn(p, " ");
		if (b.len)
			buf_adds(&b, ", ");
		buf_add(&b, p, n);
		p += n;
		p += strspn(p, " ");
	}
	return buf_detach(&b);
}

/* Escape text for roff: backslashes, hyphens (as \-) and a leading dot. */
static void roff_puts(FILE *out, const char *s)
{
	if (*s == '.' || *s == '\'')
		fputs("\\&", out);
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\e", out);
		else if (*s == '-')
			fputs("\\-", out);
		else
			fputc(*s, out);
	}
}

void tui_keys_roff(FILE *out)
{
	fputs(".\\\" Generated by `quire --keys-roff` from src/tui/keymap.c; do not edit.\n"
	      ".\\\" Run `make update-docs` after changing the key table.\n",
	      out);
	for (size_t t = 0; t < ARRAY_SIZE(ctx_titles); t++) {
		fputs(".SS ", out);
		roff_puts(out, ctx_titles[t].title);
		fputc('\n', out);
		for (size_t i = 0; i < tui_n_commands; i++) {
			const struct command *c = &tui_commands[i];
			if (c->ctx != ctx_titles[t].ctx)
				continue;
			char *keys = keymap_keys_display(c);
			fputs(".TP\n.B ", out);
			roff_puts(out, keys);
			fputs("\n", out);
			roff_puts(out, c->help);
			fputs(" (", out);
			roff_puts(out, c->name);
			fputs(").\n", out);
			free(keys);
		}
	}
}
