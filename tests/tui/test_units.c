/* Unit tests of the TUI's pure helpers: key names and the command table,
 * width-aware fitting and wrapping, the prompt editor, view movement. */
#include "config.h"

#include <curses.h>
#include <locale.h>
#include <string.h>

#include "tap.h"
#include "tui/private.h"

static char *wrap_joined(const char *text, int width, const char *indent)
{
	struct strvec v = STRVEC_INIT;
	struct buf b = BUF_INIT;
	text_wrap(text, width, indent, &v);
	for (size_t i = 0; i < v.n; i++)
		buf_printf(&b, "%s%s", i ? "|" : "", v.v[i]);
	strvec_free(&v);
	return buf_detach(&b);
}

static void test_keys(void)
{
	is(keymap_parse_key("j"), 'j', "key j");
	is(keymap_parse_key("C-f"), 6, "key C-f");
	is(keymap_parse_key("Enter"), '\n', "key Enter");
	is(keymap_parse_key("PgDn"), KEY_FN(KEY_NPAGE), "key PgDn");
	is(keymap_parse_key("é"), 0xe9, "a non-ASCII key");
	is(keymap_parse_key("Hyper-x"), -1, "unknown key name");
	is(keymap_normalise('\r'), '\n', "CR is Enter");
	is(keymap_normalise(0x7f), KEY_FN(KEY_BACKSPACE), "DEL is Backspace");
	is(keymap_lookup(CTX_GLOBAL | CTX_MOVE | CTX_LIST, 'j'), CMD_MOVE_DOWN, "j moves down");
	is(keymap_lookup(CTX_GLOBAL | CTX_MOVE | CTX_LIST, KEY_CTRL('b')), CMD_PAGE_UP,
	   "C-b pages up");
	is(keymap_lookup(CTX_GLOBAL | CTX_MOVE | CTX_TREE, 'h'), CMD_BACK, "h in the tree");
	is(keymap_lookup(CTX_GLOBAL | CTX_MOVE | CTX_TREE, 'x'), CMD_NONE,
	   "x does nothing in the tree");
	is(keymap_lookup(CTX_HELP | CTX_MOVE, 'q'), CMD_CLOSE_HELP, "q closes help");
	is(keymap_lookup(CTX_GLOBAL | CTX_MOVE | CTX_LIST, KEY_CTRL('d')), CMD_DETAIL_DOWN,
	   "C-d scrolls the detail pane from the list");
	is(keymap_lookup(CTX_GLOBAL | CTX_MOVE | CTX_LIST, KEY_CTRL('u')), CMD_DETAIL_UP,
	   "C-u scrolls it back");
	is(keymap_lookup(CTX_GLOBAL | CTX_MOVE | CTX_TREE, 'n'), CMD_NOTE_EDIT, "n in the tree");
	is(keymap_lookup(CTX_GLOBAL | CTX_MOVE | CTX_TREE, 'N'), CMD_NOTE_APPEND, "N in the tree");
	is(keymap_lookup(CTX_GLOBAL | CTX_MOVE | CTX_TREE, '+'), CMD_TAG, "+ in the tree");
	is(keymap_lookup(CTX_GLOBAL | CTX_MOVE | CTX_TREE, '#'), CMD_NONE, "# not in the tree");
	is(keymap_lookup(CTX_PROMPT, KEY_ESC), CMD_PROMPT_CANCEL, "Esc cancels the prompt");
	/* no key is bound to two commands within what one pane sees */
	unsigned panes[] = {CTX_GLOBAL | CTX_MOVE | CTX_TREE, CTX_GLOBAL | CTX_MOVE | CTX_LIST,
	                    CTX_HELP | CTX_MOVE, CTX_PROMPT};
	int dups = 0;
	for (size_t p = 0; p < ARRAY_SIZE(panes); p++) {
		struct strvec seen = STRVEC_INIT;
		for (size_t i = 0; i < tui_n_commands; i++) {
			if (!(tui_commands[i].ctx & panes[p]))
				continue;
			char *keys = xstrdup(tui_commands[i].keys);
			for (char *k = strtok(keys, " "); k; k = strtok(NULL, " ")) {
				if (strvec_contains(&seen, k)) {
					printf("# key %s bound twice\n", k);
					dups++;
				}
				strvec_push(&seen, k);
			}
			free(keys);
		}
		strvec_free(&seen);
	}
	is(dups, 0, "no key has two commands in one pane");
	char *d = keymap_keys_display(&tui_commands[0]);
	is_str(d, "q", "keys for display");
	free(d);
}

static void test_fit_wrap(void)
{
	int used;
	is(text_fit("abcdef", 4, &used), 4, "fit ASCII");
	is(used, 4, "cells used");
	is(text_fit("深度学习", 5, &used), 6, "CJK: two characters fit in 5 cells");
	is(used, 4, "and take 4 cells");
	is(text_fit("🧠 Reasoning", 2, &used), 4, "an emoji is two cells");
	char *w = wrap_joined("the quick brown fox jumps", 10, NULL);
	is_str(w, "the quick|brown fox|jumps", "wrap at spaces");
	free(w);
	w = wrap_joined("Authors: Ann, Bob, Cy", 14, "         ");
	is_str(w, "Authors: Ann,|         Bob,|         Cy", "continuation indent");
	free(w);
	w = wrap_joined("abcdefghij", 4, NULL);
	is_str(w, "abcd|efgh|ij", "a long word is cut");
	free(w);
	w = wrap_joined("深度学习模型", 5, NULL);
	is_str(w, "深度|学习|模型", "CJK never split across a line end");
	free(w);
	w = wrap_joined("a\033[31mred\033[0m\tb", 20, NULL);
	is_str(w, "ared b", "escapes and tabs are sanitised");
	free(w);
	w = wrap_joined("", 10, NULL);
	is_str(w, "", "empty paragraph: one empty line");
	free(w);
}

static void test_prompt(void)
{
	struct prompt p = {0};
	ok(prompt_key(&p, CMD_NONE, 'a'), "type a");
	prompt_key(&p, CMD_NONE, 0x00e9);
	prompt_key(&p, CMD_NONE, ' ');
	prompt_key(&p, CMD_NONE, 'z');
	is_str(buf_str(&p.text), "aé z", "typed text");
	prompt_key(&p, CMD_PROMPT_ERASE_WORD, 0);
	is_str(buf_str(&p.text), "aé ", "C-w erases a word");
	prompt_key(&p, CMD_PROMPT_ERASE, 0);
	prompt_key(&p, CMD_PROMPT_ERASE, 0);
	is_str(buf_str(&p.text), "a", "Backspace erases a whole UTF-8 character");
	ok(!prompt_key(&p, CMD_NONE, KEY_FN(KEY_UP)), "function keys are not text");
	prompt_key(&p, CMD_PROMPT_CLEAR, 0);
	is(p.text.len, 0, "C-u clears");
	ok(!prompt_key(&p, CMD_PROMPT_ERASE, 0), "Backspace on empty");
	buf_free(&p.text);
}

static void test_view(void)
{
	struct view v = {.r = {0, 0, 10, 20}, .n = 25};
	view_move(&v, CMD_LAST);
	is(v.cursor, 24, "G: last line");
	is(v.offset, 15, "last page shown");
	view_move(&v, CMD_PAGE_UP);
	is(v.offset, 5, "PgUp moves a page");
	is(v.cursor, 14, "cursor keeps its row");
	view_move(&v, CMD_FIRST);
	is(v.cursor, 0, "g: first line");
	is(v.offset, 0, "first page");
	view_move(&v, CMD_PAGE_DOWN);
	is(v.offset, 10, "PgDn moves a page");
	view_move(&v, CMD_PAGE_DOWN);
	view_move(&v, CMD_PAGE_DOWN);
	is(v.cursor, 24, "PgDn on the last page goes to the last line");
	v.n = 3;
	view_clamp(&v);
	is(v.cursor, 2, "clamped to a shorter list");
	is(v.offset, 0, "no empty space above");
	struct view e = {.r = {0, 0, 10, 20}, .n = 0};
	ok(!view_move(&e, CMD_MOVE_DOWN), "empty list does not move");
	struct view s = {.r = {0, 0, 4, 20}, .n = 10};
	view_scroll(&s, CMD_LAST);
	is(s.offset, 6, "scroll to the end");
	ok(!view_scroll(&s, CMD_MOVE_DOWN), "no scrolling past the end");
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	test_keys();
	test_fit_wrap();
	test_prompt();
	test_view();
	return done_testing();
}
