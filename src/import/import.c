/* import.c: import_parse: make the text safe (valid UTF-8, no NUL bytes),
 * repair mojibake, skip front matter, parse the Markdown and recognise the
 * list. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "import/import.h"
#include "import/private.h"
#include "import/walk.h"

#define IMPORT_MAX_BYTES ((size_t)64 << 20)

/* Valid UTF-8 without NUL bytes: invalid bytes and NUL become U+FFFD; a
 * file with no UTF-8 multi-byte character at all but high bytes is read
 * as Windows-1252. Caller frees. */
static char *text_make_safe(const char *text, size_t len, size_t *out_len)
{
	bool valid = utf8_valid(text, len);
	if (!valid) {
		bool multibyte = false;
		for (size_t i = 0; i < len && !multibyte;) {
			uint32_t cp;
			size_t n = utf8_decode(text + i, len - i, &cp);
			multibyte = n > 1;
			i += n;
		}
		if (!multibyte)
			return text_from_cp1252(text, len, out_len);
	}
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = utf8_decode(text + i, len - i, &cp);
		if (cp == 0 || (cp == 0xFFFD && n == 1))
			buf_adds(&b, "\xEF\xBF\xBD");
		else
			buf_add(&b, text + i, n);
		i += n;
	}
	*out_len = b.len;
	return buf_detach(&b);
}

#define PARA_MAX_LINES 400

/* md4c 0.4.8 takes time quadratic in the lines of one paragraph that holds
 * brackets. After every PARA_MAX_LINES non-blank lines in a row, put a "\r"
 * at the start of the next line: md4c reads it as a blank line (ending the
 * paragraph) while our line numbers, which count '\n', stay right. */
static char *split_long_paragraphs(char *s, size_t *len)
{
	struct buf b = BUF_INIT;
	size_t run = 0, n = *len;
	bool changed = false;
	for (size_t i = 0; i < n;) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - s) + 1 : n;
		bool blank = true;
		for (size_t k = i; k < e && blank; k++)
			blank = s[k] == ' ' || s[k] == '\t' || s[k] == '\r' || s[k] == '\n';
		run = blank ? 0 : run + 1;
		if (run > PARA_MAX_LINES) {
			buf_addc(&b, '\r');
			run = 1;
			changed = true;
		}
		buf_add(&b, s + i, e - i);
		i = e;
	}
	if (!changed) {
		buf_free(&b);
		return s;
	}
	free(s);
	*len = b.len;
	return buf_detach(&b);
}

/* Bytes of a leading BOM and YAML front matter ("---" ... "---"). */
static size_t front_matter_end(const char *s, size_t len)
{
	size_t start = 0;
	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		start = 3;
	if (len - start < 4 || memcmp(s + start, "---", 3) != 0 ||
	    (s[start + 3] != '\n' && s[start + 3] != '\r'))
		return start;
	for (size_t i = start + 3; i < len; i++) {
		if (s[i] != '\n')
			continue;
		size_t j = i + 1;
		if (len - j >= 3 && (memcmp(s + j, "---", 3) == 0 || memcmp(s + j, "...", 3) == 0)) {
			size_t k = j + 3;
			while (k < len && (s[k] == ' ' || s[k] == '\r'))
				k++;
			if (k == len || s[k] == '\n')
				return k < len ? k + 1 : k;
		}
	}
	return start;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash && slash[1] ? slash + 1 : path;
}

int import_parse(const char *name, const char *text, size_t len,
		 struct import_result *out, char **errp)
{
	memset(out, 0, sizeof(*out));
	if (!name)
		name = "(list)";
	if (len > IMPORT_MAX_BYTES)
		return error_set(errp, "%s: reading list too large (%zu bytes; at most %zu)",
				 name, len, IMPORT_MAX_BYTES);
	size_t n = 0;
	char *work = text_make_safe(text ? text : "", text ? len : 0, &n);
	size_t fixed_len = 0;
	char *fixed = mojibake_repair(work, n, &fixed_len);
	if (fixed) {
		free(work);
		work = fixed;
		n = fixed_len;
		out->repaired_mojibake = true;
	}
	work = split_long_paragraphs(work, &n);
	struct md_doc doc;
	size_t start = front_matter_end(work, n);
	if (md_doc_parse(&doc, work, n, start) < 0) {
		md_doc_free(&doc);
		free(work);
		return error_set(errp, "%s: the Markdown parser failed", name);
	}
	walk_document(&doc, base_name(name), out);
	md_doc_free(&doc);
	free(work);
	return 0;
}

void import_result_free(struct import_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_entries; i++)
		paper_free(&r->entries[i].paper);
	free(r->entries);
	for (size_t i = 0; i < r->n_sections; i++)
		knowledge_free(&r->sections[i]);
	free(r->sections);
	for (size_t i = 0; i < r->n_topics; i++)
		free(r->topics[i]);
	free(r->topics);
	memset(r, 0, sizeof(*r));
}
