/* notes.c: the selected paper's note from the list: n opens it in the
 * user's editor (curses suspended meanwhile). */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui/private.h"
#include "util/i18n.h"
#include "util/spawn.h"

/* library_edit_fn: the user's editor on the terminal curses gave back. */
static int run_editor(const char *path, void *ctx, char **errp)
{
	UNUSED(ctx);
	struct strvec argv = STRVEC_INIT;
	if (editor_argv(path, &argv, errp) < 0)
		return -1;
	def_prog_mode();
	endwin();
	signals_curses_active(false);
	int st = spawn_wait(argv.v, errp);
	signals_curses_active(true);
	reset_prog_mode();
	refresh();
	int r = 0;
	if (st > 0)
		r = error_set(errp, _("%s: the editor exited with status %d"), argv.v[0], st);
	else if (st < 0)
		r = -1;
	strvec_free(&argv);
	return r;
}

unsigned notes_edit(struct tui *t)
{
	const struct paper_row *row = list_selected(t);
	if (!row) {
		tui_message(t, true, "%s", _("No paper selected"));
		return REDRAW_BARS;
	}
	char *err = NULL;
	bool changed = false;
	if (library_note_edit(t->lib, row->key, run_editor, NULL, &changed, &err) < 0) {
		tui_message(t, true, "%s", err ? err : _("cannot edit the note"));
		free(err);
		return REDRAW_ALL | REDRAW_FULL;
	}
	/* the list and the detail pane show the note as the editor left it */
	unsigned bits = tui_reload(t, 0) | REDRAW_FULL;
	tui_message(t, false, "%s", changed ? _("Note saved.") : _("Note unchanged."));
	return bits;
}

unsigned notes_prompt_open(struct tui *t, enum prompt_for what)
{
	const struct paper_row *row = list_selected(t);
	if (what != PROMPT_FOR_TAG_FILTER && !row) {
		tui_message(t, true, "%s", _("No paper selected"));
		return REDRAW_BARS;
	}
	FREE(&t->prompt_paper);
	if (row)
		t->prompt_paper = xstrdup(row->key);
	t->prompt_for = what;
	t->prompt.active = true;
	t->prompt.label = what == PROMPT_FOR_NOTE   ? _("Note: ")
	                  : what == PROMPT_FOR_TAGS ? _("Tags (+add -remove): ")
	                                        : _("Tag (empty: all): ");
	buf_reset(&t->prompt.text);
	if (t->prompt.text.data)
		t->prompt.text.data[0] = 0;
	return REDRAW_BARS;
}

const char *notes_prompt_title(const struct tui *t)
{
	return t->prompt_for == PROMPT_FOR_NOTE   ? _("Quick note")
	       : t->prompt_for == PROMPT_FOR_TAGS ? _("Tags")
	                                      : _("Filter by tag");
}

/* Tab: complete the last word of the prompt from the library's tags, as
 * far as every tag it could be agrees; a word completed to one tag gets a
 * space after it (on the tags prompt); when several tags are left, they
 * are shown after the prompt. */
static void complete_tag(struct tui *t)
{
	struct buf *b = &t->prompt.text;
	const char *text = b->data ? b->data : "";
	size_t start = b->len;
	while (start > 0 && text[start - 1] != ' ')
		start--;
	if (start < b->len && (text[start] == '+' || text[start] == '-' || text[start] == '#'))
		start++;
	const char *word = text + start;
	size_t wlen = b->len - start;
	struct strvec tags = STRVEC_INIT;
	char *err = NULL;
	if (library_tags_all(t->lib, &tags, &err) < 0) {
		tui_message(t, true, "%s", err ? err : _("cannot read the tags"));
		free(err);
		return;
	}
	const char *first = NULL;
	size_t common = 0, n = 0;
	struct buf hint = BUF_INIT;
	for (size_t i = 0; i < tags.n; i++) {
		if (strncmp(tags.v[i], word, wlen) != 0)
			continue;
		if (n < 100) /* more would not fit on the line anyway */
			buf_printf(&hint, "%s%s", n ? " " : "", tags.v[i]);
		if (!first) {
			first = tags.v[i];
			common = strlen(first);
		} else {
			size_t k = wlen;
			while (k < common && tags.v[i][k] == first[k])
				k++;
			common = k;
		}
		n++;
	}
	if (first && common > wlen)
		buf_add(b, first + wlen, common - wlen);
	if (n == 1 && t->prompt_for == PROMPT_FOR_TAGS)
		buf_adds(b, " ");
	FREE(&t->prompt_hint);
	if (n > 1)
		/* TRANSLATORS: the tags the word at the prompt could be, after it */
		t->prompt_hint = xasprintf(_("tags: %s"), buf_str(&hint));
	buf_free(&hint);
	strvec_free(&tags);
}

/* "+t -u v": t and v added, u removed, as `quire tag` takes them. */
static int apply_tags(struct tui *t, const char *text, char **errp)
{
	struct strvec add = STRVEC_INIT, remove = STRVEC_INIT, words = STRVEC_INIT;
	int r = split_words(text, &words, errp);
	for (size_t i = 0; r == 0 && i < words.n; i++) {
		const char *w = words.v[i];
		if ((w[0] == '-' || w[0] == '+') && !w[1])
			continue;
		strvec_push(w[0] == '-' ? &remove : &add, w[0] == '-' || w[0] == '+' ? w + 1 : w);
	}
	if (r == 0 && (add.n || remove.n))
		r = library_tag(t->lib, t->prompt_paper, &add, &remove, errp);
	strvec_free(&add);
	strvec_free(&remove);
	strvec_free(&words);
	return r;
}

unsigned notes_prompt_key(struct tui *t, enum cmd cmd, int key)
{
	FREE(&t->prompt_hint); /* until the next Tab */
	if (cmd != CMD_PROMPT_ACCEPT && cmd != CMD_PROMPT_CANCEL) {
		if (key == '\t' && t->prompt_for != PROMPT_FOR_NOTE) {
			complete_tag(t);
			return REDRAW_BARS;
		}
		return prompt_key(&t->prompt, cmd, key) ? REDRAW_BARS : REDRAW_NONE;
	}
	enum prompt_for what = t->prompt_for;
	t->prompt.active = false;
	t->prompt_for = PROMPT_FOR_SEARCH;
	t->prompt.label = "/";
	if (cmd == CMD_PROMPT_CANCEL)
		return REDRAW_ALL;
	char *text = str_squeeze(buf_str(&t->prompt.text));
	char *err = NULL;
	int r = 0;
	bool appended = what == PROMPT_FOR_NOTE && *text;
	if (what == PROMPT_FOR_TAG_FILTER) {
		FREE(&t->tag_filter);
		if (*text && !(t->tag_filter = tag_normalize(text)))
			r = error_set(&err, _("%s: not a tag"), text);
	} else if (what == PROMPT_FOR_NOTE) {
		if (*text)
			r = library_note_append(t->lib, t->prompt_paper, text, &err);
	} else {
		r = apply_tags(t, text, &err);
	}
	free(text);
	unsigned bits = REDRAW_ALL;
	if (r < 0) {
		tui_message(t, true, "%s", err ? err : _("cannot change the note"));
		free(err);
		if (what != PROMPT_FOR_TAG_FILTER)
			return bits;
	}
	/* the list (filtered by tag or not) and the detail pane follow */
	bits |= tui_reload(t, 0);
	if (appended)
		detail_scroll(t, CMD_LAST); /* where the new line is */
	return bits;
}
