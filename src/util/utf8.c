/* utf8.c: decoding, display width and sanitising text for the terminal. */
#include "config.h"

#include <string.h>
#include <wchar.h>

#include "util/util.h"

size_t utf8_decode(const char *str, size_t len, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	if (len == 0) {
		*cp = 0xFFFD;
		return 1;
	}
	unsigned c = s[0];
	size_t n;
	uint32_t v, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		n = 2, v = c & 0x1F, min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3, v = c & 0x0F, min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4, v = c & 0x07, min = 0x10000;
	} else {
		*cp = 0xFFFD;
		return 1;
	}
	if (len < n) {
		*cp = 0xFFFD;
		return 1;
	}
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
		*cp = 0xFFFD;
		return 1;
	}
	*cp = v;
	return n;
}

size_t utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

bool utf8_valid(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		if (cp == 0xFFFD && n == 1 && !(len - i >= 3 && memcmp(s + i, "\xEF\xBF\xBD", 3) == 0))
			return false;
		i += n;
	}
	return true;
}

bool utf8_is_emoji(uint32_t cp)
{
	return (cp >= 0x1F000 && cp <= 0x1FAFF) ||  /* pictographs, emoticons, ... */
	       (cp >= 0x2600 && cp <= 0x27BF) ||    /* symbols, dingbats (✔ ✅ ⭐ ...) */
	       (cp >= 0x2B00 && cp <= 0x2BFF) ||
	       (cp >= 0x23E9 && cp <= 0x23FA) ||    /* ⏩ ⏫ ⏳ ... */
	       (cp >= 0x2190 && cp <= 0x21FF && cp != 0x2192) ||
	       cp == 0x231A || cp == 0x231B || cp == 0x2328 || cp == 0x2139 ||
	       cp == 0x2122 || cp == 0x3030 || cp == 0x303D ||
	       cp == 0x3297 || cp == 0x3299 || cp == 0x200D || cp == 0x20E3 ||
	       (cp >= 0xFE00 && cp <= 0xFE0F) ||    /* variation selectors */
	       (cp >= 0xE0020 && cp <= 0xE007F) ||  /* tags */
	       cp == 0xF8FF;                        /* Apple logo (private use) */
}

uint32_t utf8_lower(uint32_t cp)
{
	if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) ||
	    (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2) || (cp >= 0x410 && cp <= 0x42F))
		return cp + 0x20;
	if (cp >= 0x400 && cp <= 0x40F)
		return cp + 0x50;
	if (cp == 0x178)
		return 0xFF;
	if (cp >= 0x100 && cp <= 0x17F && cp != 0x130 && cp != 0x131 && cp != 0x138 &&
	    cp != 0x149 && cp != 0x17F) {
		/* pairs: even upper/odd lower, except 0x139-0x148 and 0x179-0x17E */
		bool odd_upper = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
		if ((cp % 2 == 1) == odd_upper)
			return cp + 1;
	}
	return cp;
}

/* Emoji and pictographs that terminals draw two cells wide even where the
 * C library's tables are older. */
static bool is_wide_emoji(uint32_t cp)
{
	return (cp >= 0x1F300 && cp <= 0x1F64F) || (cp >= 0x1F680 && cp <= 0x1F6FF) ||
	       (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x1FA70 && cp <= 0x1FAFF) ||
	       (cp >= 0x2600 && cp <= 0x26FF && wcwidth((wchar_t)cp) == 2) ||
	       cp == 0x2705 || cp == 0x274C || cp == 0x2B50 || cp == 0x23F0 || cp == 0x23EB;
}

int utf8_cp_width(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return 0;
	if (cp == 0x200D || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0x300 && cp <= 0x36F))
		return 0;
	if (is_wide_emoji(cp))
		return 2;
	int w = wcwidth((wchar_t)cp);
	if (w < 0)
		return 1;
	return w;
}

size_t utf8_width(const char *s)
{
	size_t len = strlen(s), i = 0, w = 0;
	while (i < len) {
		uint32_t cp;
		i += utf8_decode(s + i, len - i, &cp);
		w += (size_t)utf8_cp_width(cp);
	}
	return w;
}

/* Skip an escape sequence starting at s[0] == ESC (or a C1 introducer
 * already decoded); returns bytes to skip. */
static size_t skip_escape(const char *s, size_t len)
{
	size_t i = 1;
	if (i >= len)
		return i;
	char c = s[i];
	if (c == '[') { /* CSI: parameters then a final byte 0x40-0x7E */
		for (i++; i < len; i++)
			if ((unsigned char)s[i] >= 0x40 && (unsigned char)s[i] <= 0x7E)
				return i + 1;
		return len;
	}
	if (c == ']' || c == 'P' || c == '_' || c == '^' || c == 'X') {
		/* OSC/DCS/APC/PM/SOS: until BEL or ST (ESC \) */
		for (i++; i < len; i++) {
			if (s[i] == '\a')
				return i + 1;
			if (s[i] == '\033' && i + 1 < len && s[i + 1] == '\\')
				return i + 2;
		}
		return len;
	}
	return 2; /* two-byte escape */
}

char *text_sanitize(const char *s)
{
	struct buf b = BUF_INIT;
	size_t len = strlen(s), i = 0;
	while (i < len) {
		if (s[i] == '\033') {
			i += skip_escape(s + i, len - i);
			continue;
		}
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);
		if (cp == '\t' || cp == '\n' || cp == '\r') {
			buf_addc(&b, ' ');
		} else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) ||
			   cp == 0x2028 || cp == 0x2029 || (cp >= 0x202A && cp <= 0x202E) ||
			   (cp >= 0x2066 && cp <= 0x2069)) {
			/* control, C1, line separators, bidi overrides: drop */
		} else {
			char enc[4];
			buf_add(&b, enc, utf8_encode(cp, enc));
		}
		i += n;
	}
	return buf_detach(&b);
}
