/* Private to src/import: the document model built from md4c events, text
 * helpers and resource classification. */
#ifndef QUIRE_IMPORT_PRIVATE_H
#define QUIRE_IMPORT_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "import/import.h"

/* ---- markdown.c: the document as a flat, pre-ordered array of blocks ---- */

enum md_kind {
	MDN_DOC, MDN_QUOTE, MDN_LIST, MDN_ITEM, MDN_HR, MDN_HEADING, MDN_CODE,
	MDN_HTML, MDN_PARA, MDN_TABLE, MDN_ROW, MDN_CELL, MDN_OTHER
};

/* A link inside a block's inline text. */
struct md_link {
	char *href;          /* destination, entities decoded */
	size_t start, end;   /* byte range of its text in the block's text */
	bool image_only;     /* its content is only an image (a badge) */
	bool wiki;           /* [[wiki link]] */
};

/* An emphasis span of a block's inline text: 's' strong, 'e' emphasis,
 * 'd' strikethrough. */
struct md_span {
	size_t start, end;
	char kind;
};

struct md_node {
	enum md_kind kind;
	int parent;          /* index of the parent block, -1 for the document */
	int end;             /* index one past the last descendant */
	int level;           /* heading level */
	bool task;           /* list item with [ ] or [x] */
	char task_mark;      /* ' ', 'x' or 'X' */
	bool header_cell;    /* <th> */
	struct buf text;     /* inline text directly in this block; '\n' for line breaks */
	struct md_link *links;
	size_t n_links, cap_links;
	struct md_span *spans;  /* in order of their start */
	size_t n_spans, cap_spans;
	bool has_off;        /* first_off/last_off are known */
	size_t first_off, last_off; /* source bytes covered by text in the subtree */
	bool has_own_off;    /* own_last_off is known */
	size_t own_last_off; /* last source byte of the block's own text */
};

struct md_doc {
	struct md_node *nodes;
	size_t n, cap;
	const char *src;     /* the parsed text (not owned) */
	size_t len;
	size_t *nl;          /* offsets of '\n' in src */
	size_t n_nl;
};

/* Parse src[start..len) with md4c into doc. src must stay valid while doc
 * is used. Returns 0 or -1 (md4c failure). */
int md_doc_parse(struct md_doc *doc, const char *src, size_t len, size_t start);
void md_doc_free(struct md_doc *doc);
/* 1-based line of byte offset off. */
int md_doc_line(const struct md_doc *doc, size_t off);
/* Source text of lines [first, last] (1-based, inclusive), blank lines
 * trimmed at both ends, common indentation removed; NULL when empty. */
char *md_doc_lines(const struct md_doc *doc, int first, int last);
/* Byte offset of the start of line `line` (1-based). */
size_t md_doc_line_start(const struct md_doc *doc, int line);
int md_doc_n_lines(const struct md_doc *doc);

/* ---- text.c ---- */

/* Is cp an emoji, pictograph, variation selector or joiner? */
bool text_is_emoji(uint32_t cp);
/* Is cp a check mark that means "read" (✔ ✓ ✅ ☑ ✔️)? */
bool text_is_check(uint32_t cp);
/* Skip leading whitespace, emoji and check marks; *checked set when a check
 * mark was among them. Returns the new start. */
const char *text_skip_marks(const char *s, bool *checked);
/* A one-line field: controls removed, whitespace squeezed, cut at `max`
 * bytes on a character boundary. Caller frees. */
char *text_clean_line(const char *s, size_t n, size_t max);
/* A multi-line field (Markdown): invalid controls removed. Caller frees. */
char *text_clean_block(const char *s);
/* Remove Obsidian Tasks plugin marks (⏫ 🔼 🔽 ⏬ 📅 2025-01-12 ...) from the
 * end of s, in place. */
void text_strip_task_marks(char *s);
/* Does s contain an upper-case "TO READ" marker? */
bool text_has_to_read(const char *s);
/* Remove the "TO READ" markers (with * or _ around them) from s in place. */
void text_strip_to_read(char *s);
/* Split "... (Authors, 2021)" or "... (2021)" at the end of s: on success
 * returns the year, cuts s before the parenthesis and sets *authors to what
 * the parenthesis held besides the year (or NULL). 0 when no year. */
int text_cut_paren_year(char *s, char **authors);
/* Count words in s[0..n). */
size_t text_count_words(const char *s, size_t n);
/* Does s look like a URL (scheme:// or www.)? */
bool text_is_url(const char *s);
/* ASCII lower-case copy with emoji removed and whitespace squeezed. */
char *text_match_key(const char *s);

/* ---- classify.c: hosts, repositories and kinds ---- */

/* Host of an absolute URL, lower-cased, without "www." or port; "" if none. Caller frees. */
char *url_host(const char *url);
/* Path (with query) of an absolute URL, or "". Points into url. */
const char *url_path(const char *url);
bool url_is_absolute(const char *url);
/* github/gitlab/... repository page (owner/repo), not the paper itself. */
bool url_is_repo(const char *url);
/* shields.io style badge image. */
bool url_is_badge(const char *url);
/* Kind implied by a heading (stripped, lower-cased), or -1. */
int kind_from_heading(const char *key);
/* Kind of a resource from its URL, title and comment, given the kind the
 * enclosing heading implies (or -1). */
enum paper_kind kind_classify(int heading_kind, const char *url, const char *title,
			      const char *comment);


/* ---- cite.c: citation lines and the text after a title ---- */

struct cite {
	char *title, *authors;
	int year;
};

/* A citation line in a common style (APA, ACM, IEEE, MLA, Chicago,
 * Harvard, "Authors, \"Title\". Venue"): plain text without URLs. True
 * when it has authors and a title; free with cite_free. */
bool cite_parse(const char *text, struct cite *c);
void cite_free(struct cite *c);
/* Text after a title: "Authors et al., 2022", "Authors. Venue 2019",
 * "ECCV 2020". False when it holds no year (a description); else *year and
 * *authors (or NULL; caller frees). */
bool cite_tail(const char *text, char **authors, int *year);
/* The first year in s, 4-digit or after a venue ("ICLR'23"), or 0. */
int cite_year_in(const char *s);
/* A year 1900-2099 at s standing alone (not part of an id or a number). */
int cite_year_at(const char *s, const char *start);
/* Does s name a venue (NeurIPS, Proceedings, Journal, arXiv, ...)? */
bool cite_is_venue(const char *s);
/* Could s be a list of author names (capitalised words, and, et al.)? */
bool cite_looks_like_names(const char *s);
/* Remove the punctuation ending an author field, keeping "A." and "et al.". */
void cite_trim_authors(char *s);

/* ---- mojibake.c ---- */

/* Decode Windows-1252 bytes as UTF-8 (for lists saved in a legacy code
 * page). Caller frees; length in *out_len. */
char *text_from_cp1252(const char *s, size_t len, size_t *out_len);

/* ---- entry.c: one entry from a line of inline text ---- */

struct entry_cand {
	char *title, *authors, *url, *arxiv, *doi, *desc;
	int version, year;
	bool checked;        /* a check mark (before or after the title) or ~~strikethrough~~ */
	bool reading;        /* Obsidian's "[/]", "(reading)": in progress */
	bool reading_mark;   /* 📖: reading where the list's legend says so */
	bool to_read;        /* a TO READ marker was present */
	bool labelled;       /* its title is the text before a label link */
	bool book;           /* a citation with its title in italics (APA books) */
	bool has_link;       /* a qualifying link or arXiv id was found */
	struct entry_cand *extra; /* further papers (other arXiv links) */
	size_t n_extra;
};

/* The inline text of a block (or of a table row): links and emphasis
 * spans with offsets into text. */
struct md_inline {
	const char *text;
	size_t len;
	const struct md_link *links;
	size_t n_links;
	const struct md_span *spans;
	size_t n_spans;
};

/* Recognise an entry in in->text[a..b) (one item lead or one paragraph
 * line; '\n' separates lines). `title_line` (or NULL) is a preceding line
 * that names the link when the range is a bare URL. Fills *c (free with
 * entry_cand_free). */
void entry_recognise(const struct md_inline *in, size_t a, size_t b, const char *title_line,
		     struct entry_cand *c);
/* The same, with a link anywhere in the range (task items and checked
 * items are entries whatever precedes their link). */
void entry_recognise_any(const struct md_inline *in, size_t a, size_t b, struct entry_cand *c);
/* Is the link's text a generic label ([paper], [PDF], [code], [arXiv]...)? */
bool entry_link_is_label(const char *text, const struct md_link *l);
/* A usable link whose text is a title of at least two words (not a label,
 * a URL or a code repository). */
bool entry_link_names_paper(const char *text, const struct md_link *l);
void entry_cand_free(struct entry_cand *c);
/* A link an entry can be made of: absolute URL or arXiv id, not an in-page
 * anchor, badge, wiki link or relative path. */
bool entry_link_usable(const struct md_link *l);
/* Is the range only a bare URL (autolink) and nothing else? */
bool entry_is_bare_url(const char *text, size_t a, size_t b, const struct md_link *links,
		       size_t n_links);
/* End of the line of text[a..len) that starts at a, extended to the end of
 * the line where a link starting on it ends. */
size_t entry_line_end(const char *text, size_t len, size_t a, const struct md_link *links,
		      size_t n_links);
/* Clean a title: marks, TO READ, task plugin marks, stray Markdown. Caller frees. */
char *entry_clean_title(const char *s, size_t n);

#endif
