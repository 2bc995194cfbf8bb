/* pdf: documents read with MuPDF. Depends on util only. */
#ifndef QUIRE_PDF_PDF_H
#define QUIRE_PDF_PDF_H

#include <stddef.h>

/* The reading text of a PDF (or any format MuPDF opens), as pdf_reflow
 * finds it, unwrapped: page (0-based), or every page when page is -1, pages
 * separated by a form feed; each paragraph (headings, captions and
 * footnotes included, without marks) on one line followed by a blank line,
 * code listings line by line. Returns a new UTF-8 string (caller frees) or
 * NULL with *errp set to "PATH: problem". */
char *pdf_text(const char *path, int page, char **errp);

/* The reading text of every page of the document at path, as pdf_text
 * gives one page, appended to pages (one string a page, "" for a page
 * without text). Returns 0, or -1 with *errp set to "PATH: problem". The
 * full-text index takes it (library_extract_fn). */
struct strvec;
int pdf_page_texts(const char *path, struct strvec *pages, char **errp);

/* Does the file start like a PDF ("%PDF" within its first 1024 bytes, as
 * readers accept)? 1 yes, 0 no, -1 when it cannot be read. */
int pdf_sniff(const char *path);
/* Does the file end like a whole PDF ("%%EOF" within its last 1024 bytes,
 * as readers look for it)? A PDF being written, or cut short, does not.
 * 1 yes, 0 no, -1 when it cannot be read. */
int pdf_sniff_end(const char *path);

/* The number of pages, or -1 with *errp set ("PATH: problem"). */
int pdf_page_count(const char *path, char **errp);

/* Reading text: a document extracted once into pages of blocks in reading
 * order (columns read one after the other, running headers, footers and
 * page numbers dropped, hyphenation undone, a paragraph cut by a page
 * break made one on the page where it starts), then wrapped to any width
 * as often as the window changes. */

enum pdf_kind {
	PDF_BODY,
	PDF_HEADING,
	PDF_CAPTION,  /* figure, table and listing captions */
	PDF_FOOTNOTE, /* small text under a page's body, kept at the page's end */
	PDF_CODE,     /* monospaced lines, kept line by line */
};

/* Consecutive paragraphs of one kind. Each paragraph is one UTF-8 string
 * without line breaks (PDF_CODE: one string per source line, its
 * indentation as leading spaces). */
struct pdf_block {
	enum pdf_kind kind;
	int level; /* PDF_HEADING: 1 (largest) to 3; 0 otherwise */
	char **paras;
	size_t n;
};

struct pdf_page_text {
	struct pdf_block *blocks;
	size_t n;
};

struct pdf_doc_text {
	struct pdf_page_text *pages; /* every page of the document */
	size_t n;
	char **warnings; /* "PATH: page N: problem" for pages left empty */
	size_t nwarnings;
};

/* Bounds on the work one page may take; 0 means the default. */
struct pdf_limits {
	double page_seconds; /* default 20 */
	size_t memory_mb;    /* MuPDF's heap for the whole document, default 1024 */
};

/* Extract the reading text of every page of the document at path. Returns
 * a new document (free with pdf_doc_text_free) or NULL with *errp set to
 * one line "PATH: problem" (encrypted, no PDF, no pages, a page over its
 * limits...). limits may be NULL. MuPDF's JavaScript is never run. */
struct pdf_doc_text *pdf_reflow(const char *path, const struct pdf_limits *limits, char **errp);
/* The same for a document in memory; name is used in messages. */
struct pdf_doc_text *pdf_reflow_memory(const void *data, size_t len, const char *name,
				       const struct pdf_limits *limits, char **errp);
void pdf_doc_text_free(struct pdf_doc_text **doc);

/* One page wrapped to a width: display lines, each with the kind of the
 * block it comes from (blank separator lines have kind PDF_BODY). */
struct pdf_line {
	char *text;
	enum pdf_kind kind;
};
struct pdf_lines {
	struct pdf_line *v;
	size_t n, cap;
};
#define PDF_LINES_INIT {NULL, 0, 0}

/* Append page (0-based) of doc wrapped to width display cells (at least
 * 10) to out: headings as "# ", "## " or "### " and their text, paragraphs
 * separated by a blank line, captions indented, footnotes after a rule at
 * the page's end. Cheap: no MuPDF call. */
void pdf_wrap_page(const struct pdf_doc_text *doc, size_t page, int width, struct pdf_lines *out);
/* The paragraph (owned by doc) that display line `line` of page, counted
 * from the page's first line as pdf_wrap_page wraps it to width, belongs
 * to, with its kind; NULL for a blank line, the footnote rule or a line
 * past the page's end. */
const char *pdf_wrap_para_at(const struct pdf_doc_text *doc, size_t page, int width, size_t line,
			     enum pdf_kind *kind);
void pdf_lines_free(struct pdf_lines *lines);

/* Pages first..last (0-based, inclusive) wrapped to width as one string,
 * lines ending in '\n', pages separated by a form feed. Caller frees. */
char *pdf_wrap_text(const struct pdf_doc_text *doc, size_t first, size_t last, int width);

/* Page images: a page rendered by MuPDF, drawn for a terminal by chafa. */

/* RGB pixels, 8 bits a channel, rows of stride bytes. */
struct pdf_pixels {
	unsigned char *data;
	int w, h, stride;
};

/* Render page (0-based) of the document at path, on white, scaled to fit
 * inside max_w x max_h pixels with its proportions kept. Returns 0 with
 * *out filled (free with pdf_pixels_free), or -1 with *errp set to one line
 * "PATH: problem" (no such page, encrypted, over the limits...). limits
 * may be NULL. */
int pdf_render_page(const char *path, int page, int max_w, int max_h,
		    const struct pdf_limits *limits, struct pdf_pixels *out, char **errp);
void pdf_pixels_free(struct pdf_pixels *px);

/* A document kept open to render page after page: its fonts, images and
 * glyphs are loaded once. One thread at a time (it holds a MuPDF context
 * of its own, which another thread may not use meanwhile). Returns NULL
 * with *errp set ("PATH: problem"); close with pdf_renderer_close. */
struct pdf_renderer;
struct pdf_renderer *pdf_renderer_open(const char *path, const struct pdf_limits *limits,
				       char **errp);
void pdf_renderer_close(struct pdf_renderer **r);
/* As pdf_render_page, with the document r holds, the page's height scaled
 * yscale times as much as its width (1: its proportions; 0.5 for pixels
 * twice as tall as wide, as chafa's 8x8-pixel cells stand for 1x2 ones). */
int pdf_renderer_page(struct pdf_renderer *r, int page, int max_w, int max_h, double yscale,
		      struct pdf_pixels *out, char **errp);

enum pdf_image_mode {
	PDF_IMAGE_SYMBOLS, /* Unicode block symbols with true colours */
	PDF_IMAGE_SIXEL,
	PDF_IMAGE_KITTY,   /* kitty graphics, sent inline in chunks */
	PDF_IMAGE_ITERM,   /* iTerm2's inline image (a PNG), also WezTerm's */
};
/* "symbols", "sixel", "kitty" or "iterm" to the mode, else -1; and back. */
int pdf_image_mode_parse(const char *s);
const char *pdf_image_mode_name(enum pdf_image_mode mode);

/* The cells (at most cols x rows) an image of px_w x px_h pixels takes
 * when fitted with its proportions into cells of cell_w x cell_h pixels. */
void pdf_image_fit(int px_w, int px_h, int cols, int rows, int cell_w, int cell_h, int *out_cols,
		   int *out_rows);

/* The terminal output drawing px fitted inside cols x rows cells of
 * cell_w x cell_h pixels, from the cursor. Symbols: exactly rows lines, each
 * ending in a newline; sixel and kitty: one image; iterm: one OSC 1337
 * File sequence (ending in BEL) of a PNG of px's pixels, stretched over
 * the cells it fits. Returns a new string
 * (caller frees) of *lenp bytes. */
char *pdf_image_encode(const struct pdf_pixels *px, enum pdf_image_mode mode, int cols, int rows,
		       int cell_w, int cell_h, size_t *lenp);

/* A document's outline (table of contents), flattened in order. */
struct pdf_outline_entry {
	char *title; /* sanitised UTF-8 */
	int level;   /* 0 for the top level */
	int page;    /* 0-based, -1 when it points nowhere in the document */
};
struct pdf_outline {
	struct pdf_outline_entry *v;
	size_t n, cap;
};
/* Load the outline of the document at path into out (empty when it has
 * none). Returns 0 (free with pdf_outline_free) or -1 with *errp set. */
int pdf_outline_load(const char *path, struct pdf_outline *out, char **errp);
void pdf_outline_free(struct pdf_outline *o);

/* A document's links (its link annotations), in page order. */
enum pdf_link_kind {
	PDF_LINK_INTERNAL, /* to a place in the document */
	PDF_LINK_EXTERNAL, /* to a URI: the web, mail... */
};
struct pdf_link {
	int page;   /* 0-based page the link is on */
	enum pdf_link_kind kind;
	int target; /* PDF_LINK_INTERNAL: 0-based page it goes to, -1 when
		     * nowhere in the document; else -1 */
	char *uri;  /* the URI (internal ones in MuPDF's "#page=N" form):
		     * no control characters or escape sequences, spaces as %20 */
	char *text; /* the text under the link, on one line; "" when none */
};
struct pdf_links {
	struct pdf_link *v;
	size_t n, cap;
	size_t dropped; /* links left out: past 5000, or a URI over 8 KiB */
};
/* Load the links of the document at path into out (empty when it has
 * none). Links without a place to go (JavaScript and the like) are not
 * links. Returns 0 (free with pdf_links_free) or -1 with *errp set to one
 * line "PATH: problem". */
int pdf_links_load(const char *path, struct pdf_links *out, char **errp);
void pdf_links_free(struct pdf_links *l);

#endif
