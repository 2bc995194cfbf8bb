/* import.c: import_decode: UTF-16 to UTF-8, binary data refused;
 * import_parse: make the text safe (valid UTF-8, no NUL bytes, no terminal
 * escape sequences), repair mojibake, skip front matter, parse the Markdown
 * and recognise the list. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "import/import.h"
#include "import/private.h"
#include "import/walk.h"
#include "util/i18n.h"

/* UTF-16 after its BOM as UTF-8: unpaired surrogates become U+FFFD, an odd
 * last byte is dropped. Caller frees. */
static char *utf16_to_utf8(const unsigned char *s, size_t len, bool big_endian, size_t *out_len)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i + 1 < len; i += 2) {
		uint32_t u = big_endian ? (uint32_t)s[i] << 8 | s[i + 1] : (uint32_t)s[i + 1] << 8 | s[i];
		if (u >= 0xD800 && u <= 0xDBFF && i + 3 < len) {
			uint32_t lo = big_endian ? (uint32_t)s[i + 2] << 8 | s[i + 3]
						 : (uint32_t)s[i + 3] << 8 | s[i + 2];
			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
				i += 2;
			}
		}
		if (u >= 0xD800 && u <= 0xDFFF)
			u = 0xFFFD;
		char out[4];
		buf_add(&b, out, utf8_encode(u, out));
	}
	*out_len = b.len;
	return buf_detach(&b);
}

/* A copy of the text with a UTF-16 BOM'd text as UTF-8 and a UTF-8 BOM
 * dropped. Caller frees. */
static char *decode_bom(const char *text, size_t len, size_t *out_len)
{
	const unsigned char *u = (const unsigned char *)text;
	if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
		return utf16_to_utf8(u + 2, len - 2, u[0] == 0xFE, out_len);
	size_t skip = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	*out_len = len - skip;
	char *copy = xmalloc(len - skip + 1);
	memcpy(copy, text + skip, len - skip);
	copy[len - skip] = '\0';
	return copy;
}

/* Binary data: a NUL byte, or more than 1 in 32 bytes (and more than 4)
 * C0 controls other than tab, line and page breaks, backspace and escape.
 * Text in any 8-bit or UTF-8 encoding has next to none. */
static bool looks_binary(const char *s, size_t len)
{
	size_t controls = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == 0)
			return true;
		if ((c < 0x20 && !strchr("\t\n\v\f\r\b\x1b", c)) || c == 0x7F)
			controls++;
	}
	return controls > 4 && controls > len / 32;
}

char *import_decode(const char *name, const char *bytes, size_t len, size_t *out_len,
		    char **errp)
{
	char *text = decode_bom(bytes ? bytes : "", bytes ? len : 0, out_len);
	if (looks_binary(text, *out_len)) {
		free(text);
		error_set(errp, _("%s: not a text file (binary data)"), name ? name : "(list)");
		return NULL;
	}
	return text;
}

/* Terminal escape sequences removed in place: CSI (ESC [ ... final byte),
 * OSC, DCS, SOS, PM and APC strings (up to BEL or ESC \, never past the
 * end of the line) and two-byte escapes. Returns the new length. */
static size_t strip_escapes(char *s, size_t len)
{
	size_t o = 0;
	for (size_t i = 0; i < len;) {
		if (s[i] != '\x1b') {
			s[o++] = s[i++];
			continue;
		}
		char k = i + 1 < len ? s[i + 1] : '\0';
		i += 2;
		if (k == '[') {
			while (i < len && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] <= 0x3F)
				i++;
			while (i < len && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] <= 0x2F)
				i++;
			if (i < len && (unsigned char)s[i] >= 0x40 && (unsigned char)s[i] <= 0x7E)
				i++;
		} else if (k == ']' || k == 'P' || k == 'X' || k == '^' || k == '_') {
			while (i < len && s[i] != '\a' && s[i] != '\n' &&
			       !(s[i] == '\x1b' && i + 1 < len && s[i + 1] == '\\'))
				i++;
			if (i < len && s[i] == '\a')
				i++;
			else if (i < len && s[i] == '\x1b')
				i += 2;
		} else if (k == '\n' || k == '\0') {
			i--; /* a lone ESC: keep what follows */
		}
	}
	return o;
}

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

/* Bytes of a leading BOM (left by mojibake repair) and YAML front matter
 * ("---" ... "---"). */
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
	char *decoded = decode_bom(text ? text : "", text ? len : 0, &n);
	n = strip_escapes(decoded, n);
	char *work = text_make_safe(decoded, n, &n);
	free(decoded);
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
