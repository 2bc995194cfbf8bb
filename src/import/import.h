/* import: reading lists in Markdown -> entries (papers and other resources)
 * and knowledge sections; the arXiv identifier rules; mojibake repair.
 * Depends on lib (struct paper, struct knowledge) and util.
 *
 * Rules the importer follows where the lists themselves are ambiguous are
 * documented in src/import/README.md. */
#ifndef QUIRE_IMPORT_H
#define QUIRE_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/lib.h"

/* One entry of a list: a paper, or another resource (paper.kind). */
struct import_entry {
	struct paper paper; /* key filled with paper_key(); topics: at most one */
	int line;           /* 1-based line in the list where it was found */
};

struct import_result {
	struct import_entry *entries;
	size_t n_entries;
	struct knowledge *sections;
	size_t n_sections;
	char **topics;          /* every topic path of the list, document order */
	size_t n_topics;
	bool repaired_mojibake; /* the text was mojibake and was repaired */
};

/* The largest reading list the importer takes. */
#define IMPORT_MAX_BYTES ((size_t)64 << 20)

/* The bytes of a reading list as a text to store and parse: UTF-16 with a
 * byte-order mark becomes UTF-8, a UTF-8 BOM is dropped, anything else is
 * returned as it is (8-bit text is decoded by import_parse). Binary data (a
 * NUL byte, or over 1 in 32 bytes C0 control characters other than tab,
 * line and page breaks, backspace and escape) is refused: NULL with *errp
 * "NAME: not a text file (binary data)". Caller frees; length in *out_len. */
char *import_decode(const char *name, const char *bytes, size_t len, size_t *out_len,
		    char **errp);

/* Parse `len` bytes of `text` (need not be NUL-terminated, may hold any
 * bytes; UTF-16 with a BOM is decoded, escape sequences are removed) of
 * the list called `name` (used in errors and knowledge.source).
 * Fills *out, which the caller frees with import_result_free. Returns 0, or
 * -1 with *errp set to "NAME: problem" (only for input over 64 MiB). The
 * same paper listed twice yields two entries; callers merge by key. */
int import_parse(const char *name, const char *text, size_t len,
		 struct import_result *out, char **errp);
void import_result_free(struct import_result *r);

/* arXiv identifiers. arxiv_parse accepts a whole string that is one id in any
 * form: "2106.09685", "2106.09685v2", "arXiv:2106.09685", "hep-th/9901001",
 * "math.GT/0309136", arxiv.org URLs (abs/ pdf/ html/ format/, export. and
 * www. hosts, ".pdf" suffix, query or fragment) and arXiv's DOIs
 * ("10.48550/arXiv.ID", bare, after "doi:" or as a doi.org URL). On success *id gets the
 * normalised id without version (old style: "hep-th/9901001"; caller frees)
 * and *version the version or 0. Either output may be NULL. */
bool arxiv_parse(const char *text, char **id, int *version);
/* Find the first arXiv id in running text (URL, "arXiv:" prefix, or a bare
 * id standing alone). Sets [*start, *end) to the matched bytes when those are
 * not NULL; *id and *version as for arxiv_parse. */
bool arxiv_find(const char *text, size_t len, size_t *start, size_t *end,
		char **id, int *version);

/* A DOI ("10.NNNN/suffix") in a URL or text, lower-cased, or NULL. Caller frees. */
char *doi_find(const char *text);

/* If the valid UTF-8 `text` is mojibake (UTF-8 once decoded as Mac Roman or
 * Windows-1252 and encoded again), return the repaired text (caller frees,
 * length in *out_len); otherwise NULL. Clean text is never changed: the
 * whole document must map back to valid UTF-8 with multi-byte characters. */
char *mojibake_repair(const char *text, size_t len, size_t *out_len);

/* A topic name or path for matching: emoji and variation selectors removed,
 * ASCII lower-cased, whitespace squeezed ("🧠 Reasoning" -> "reasoning").
 * Caller frees. */
char *import_topic_key(const char *topic);

#endif
