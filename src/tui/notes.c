/* notes.c: the selected paper's note from the list: n opens it in the
 * user's editor (curses suspended meanwhile). */
#include "config.h"

#include <curses.h>
#include <stdlib.h>

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
