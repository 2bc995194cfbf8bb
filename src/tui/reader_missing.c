/* reader_missing.c: o on a paper whose PDF is not in the cache. The status
 * line offers to download it (d, as the list's d does) or to show its
 * abstract and note (Enter: the detail pane, focused); any other key
 * declines and does what it does anyway. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tui/reader_ext.h"
#include "util/i18n.h"

unsigned reader_offer(struct tui *t, const char *key)
{
	free(t->offer_paper);
	t->offer_paper = xstrdup(key);
	tui_message(t, false,
	            _("%s: no PDF in the cache. d: download it, Enter: abstract and note"), key);
	return REDRAW_BARS;
}

unsigned reader_offer_key(struct tui *t, int key, bool *handled)
{
	char *paper = t->offer_paper;
	t->offer_paper = NULL;
	const struct paper_row *row = list_selected(t);
	*handled = true;
	unsigned bits = REDRAW_BARS;
	if (!row || strcmp(row->key, paper) != 0) {
		*handled = false; /* the list changed under the offer */
	} else if (key == 'd') {
		bits |= netq_command(t, CMD_FETCH);
	} else if (key == KEY_ENTER_) {
		t->focus = PANE_DETAIL;
		t->views[PANE_DETAIL].offset = 0;
		bits |= REDRAW_TREE | REDRAW_LIST | REDRAW_DETAIL;
	} else if (key != KEY_ESC) {
		*handled = false;
	}
	free(paper);
	return bits;
}
