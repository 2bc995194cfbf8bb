/* reader_quote.c: > in the reader quotes a paragraph into the paper's
 * note as a Markdown block quote with its page:
 *
 *	> The paragraph's text, wrapped at 78 columns, each line after "> ",
 *	> — p. 7
 *
 * appended as a paragraph of its own by library_note_append (a compare-and-
 * swap on the note, so an editor or another quire writing it meanwhile
 * loses nothing). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tui/reader_ext.h"
#include "util/i18n.h"

#define QUOTE_WIDTH 78

/* The block quote of text from page (1-based): "> " lines of at most 78
 * cells, then "> — p. PAGE". Caller frees. */
static char *quote_format(const char *text, size_t page)
{
	struct strvec lines = STRVEC_INIT;
	text_wrap(text, QUOTE_WIDTH - 2, "", &lines);
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < lines.n; i++)
		buf_printf(&b, "> %s\n", lines.v[i]);
	/* TRANSLATORS: the page reference under a quote in a note. */
	buf_printf(&b, _("> — p. %zu\n"), page);
	strvec_free(&lines);
	return buf_detach(&b);
}

unsigned reader_quote(struct tui *t, const char *key, const struct pdf_doc_text *doc, int width,
                      const size_t *page_start, size_t npages, size_t from, size_t to,
                      bool at_match)
{
	const char *para = NULL, *heading = NULL;
	size_t page = 0, hpage = 0;
	for (size_t line = from; line < to && !para; line++) {
		while (page + 1 < npages && page_start[page + 1] <= line)
			page++;
		enum pdf_kind kind;
		const char *p =
		        line >= page_start[page]
		                ? pdf_wrap_para_at(doc, page, width, line - page_start[page], &kind)
		                : NULL;
		/* a heading only when the match is on it, or nothing else is */
		if (p && kind == PDF_HEADING && !(at_match && line == from)) {
			if (!heading) {
				heading = p;
				hpage = page;
			}
			continue;
		}
		para = p;
	}
	if (!para && heading) {
		para = heading;
		page = hpage;
	}
	if (!para || !*para) {
		tui_message(t, true, "%s", _("Nothing to quote here: no paragraph on the screen"));
		return REDRAW_READER;
	}
	char *quote = quote_format(para, page + 1);
	char *err = NULL;
	if (library_note_append(t->lib, key, quote, &err) < 0) {
		tui_message(t, true, "%s", err ? err : _("cannot change the note"));
		free(err);
		free(quote);
		return REDRAW_READER;
	}
	free(quote);
	/* the detail pane shows the note as it is now once the reader closes */
	unsigned bits = tui_reload(t, 0);
	tui_message(t, false, _("Quoted p. %zu into the note of %s"), page + 1, key);
	return bits | REDRAW_READER;
}
