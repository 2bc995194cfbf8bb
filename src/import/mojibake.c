/* mojibake.c: undo UTF-8 that was decoded once as Mac Roman or
 * Windows-1252 and encoded again ("‚úîÔ∏è" for "✔️", "â€™" for "’").
 *
 * The decision is made over the whole document: every non-ASCII character
 * must map back to a byte of the legacy code page, the bytes must form valid
 * UTF-8 with at least one multi-byte character, and the result must hold no
 * C1 control characters. Clean text fails the test as soon as it has one
 * character such as "é" that maps to a lone continuation byte, or any
 * character outside the code page (CJK, emoji), so it is never touched. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "import/private.h"

/* Unicode for bytes 0x80..0xFF. */
static const uint16_t mac_roman[128] = {
	0x00C4, 0x00C5, 0x00C7, 0x00C9, 0x00D1, 0x00D6, 0x00DC, 0x00E1,
	0x00E0, 0x00E2, 0x00E4, 0x00E3, 0x00E5, 0x00E7, 0x00E9, 0x00E8,
	0x00EA, 0x00EB, 0x00ED, 0x00EC, 0x00EE, 0x00EF, 0x00F1, 0x00F3,
	0x00F2, 0x00F4, 0x00F6, 0x00F5, 0x00FA, 0x00F9, 0x00FB, 0x00FC,
	0x2020, 0x00B0, 0x00A2, 0x00A3, 0x00A7, 0x2022, 0x00B6, 0x00DF,
	0x00AE, 0x00A9, 0x2122, 0x00B4, 0x00A8, 0x2260, 0x00C6, 0x00D8,
	0x221E, 0x00B1, 0x2264, 0x2265, 0x00A5, 0x00B5, 0x2202, 0x2211,
	0x220F, 0x03C0, 0x222B, 0x00AA, 0x00BA, 0x03A9, 0x00E6, 0x00F8,
	0x00BF, 0x00A1, 0x00AC, 0x221A, 0x0192, 0x2248, 0x2206, 0x00AB,
	0x00BB, 0x2026, 0x00A0, 0x00C0, 0x00C3, 0x00D5, 0x0152, 0x0153,
	0x2013, 0x2014, 0x201C, 0x201D, 0x2018, 0x2019, 0x00F7, 0x25CA,
	0x00FF, 0x0178, 0x2044, 0x20AC, 0x2039, 0x203A, 0xFB01, 0xFB02,
	0x2021, 0x00B7, 0x201A, 0x201E, 0x2030, 0x00C2, 0x00CA, 0x00C1,
	0x00CB, 0x00C8, 0x00CD, 0x00CE, 0x00CF, 0x00CC, 0x00D3, 0x00D4,
	0xF8FF, 0x00D2, 0x00DA, 0x00DB, 0x00D9, 0x0131, 0x02C6, 0x02DC,
	0x00AF, 0x02D8, 0x02D9, 0x02DA, 0x00B8, 0x02DD, 0x02DB, 0x02C7,
};

/* Windows-1252; the five undefined bytes decode as the C1 control of the
 * same value, as browsers and many converters do. */
static const uint16_t cp1252[128] = {
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
	0x00A0, 0x00A1, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7,
	0x00A8, 0x00A9, 0x00AA, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,
	0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7,
	0x00B8, 0x00B9, 0x00BA, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x00BF,
	0x00C0, 0x00C1, 0x00C2, 0x00C3, 0x00C4, 0x00C5, 0x00C6, 0x00C7,
	0x00C8, 0x00C9, 0x00CA, 0x00CB, 0x00CC, 0x00CD, 0x00CE, 0x00CF,
	0x00D0, 0x00D1, 0x00D2, 0x00D3, 0x00D4, 0x00D5, 0x00D6, 0x00D7,
	0x00D8, 0x00D9, 0x00DA, 0x00DB, 0x00DC, 0x00DD, 0x00DE, 0x00DF,
	0x00E0, 0x00E1, 0x00E2, 0x00E3, 0x00E4, 0x00E5, 0x00E6, 0x00E7,
	0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x00EC, 0x00ED, 0x00EE, 0x00EF,
	0x00F0, 0x00F1, 0x00F2, 0x00F3, 0x00F4, 0x00F5, 0x00F6, 0x00F7,
	0x00F8, 0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x00FD, 0x00FE, 0x00FF,
};

/* Byte of the code page for cp, or -1. */
static int reverse_map(const uint16_t table[128], uint32_t cp)
{
	if (cp < 0x80)
		return (int)cp;
	if (table == mac_roman && cp == 0x00A4)   /* pre-1998 Mac Roman: ¤ */
		return 0xDB;
	for (int i = 0; i < 128; i++)
		if (table[i] == cp)
			return 0x80 + i;
	return -1;
}

/* Map text back through one code page; NULL unless the result is valid
 * UTF-8 with multi-byte characters and no C1 controls. */
static char *try_reverse(const uint16_t table[128], const char *text, size_t len, size_t *out_len)
{
	struct buf b = BUF_INIT;
	bool multibyte = false;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = utf8_decode(text + i, len - i, &cp);
		int byte = reverse_map(table, cp);
		if (byte < 0 || (cp == 0xFFFD && n == 1)) {
			buf_free(&b);
			return NULL;
		}
		if (byte >= 0x80)
			multibyte = true;
		buf_addc(&b, (char)byte);
		i += n;
	}
	if (!multibyte || !utf8_valid(b.data, b.len)) {
		buf_free(&b);
		return NULL;
	}
	for (size_t i = 0; i < b.len;) {
		uint32_t cp;
		i += utf8_decode(b.data + i, b.len - i, &cp);
		if (cp >= 0x80 && cp <= 0x9F) {
			buf_free(&b);
			return NULL;
		}
	}
	*out_len = b.len;
	return buf_detach(&b);
}

/* How many characters of s are unlikely in real text: combining marks
 * (Windows-1252 mojibake read as Mac Roman turns "é" into a combining
 * mark), private-use characters. */
static size_t oddness(const char *s, size_t len)
{
	size_t odd = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		i += utf8_decode(s + i, len - i, &cp);
		if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x0483 && cp <= 0x0489) ||
		    (cp >= 0xE000 && cp <= 0xF8FF))
			odd++;
	}
	return odd;
}

char *mojibake_repair(const char *text, size_t len, size_t *out_len)
{
	if (!text || !utf8_valid(text, len))
		return NULL;
	char *best = NULL;
	size_t best_len = 0;
	/* Text garbled twice is repaired twice; three rounds at most. */
	for (int round = 0; round < 3; round++) {
		const char *cur = best ? best : text;
		size_t cur_len = best ? best_len : len;
		size_t n = 0, n2 = 0;
		char *fixed = try_reverse(cp1252, cur, cur_len, &n);
		char *mac = try_reverse(mac_roman, cur, cur_len, &n2);
		/* Both code pages can map back: keep the more plausible text. */
		if (mac && (!fixed || oddness(mac, n2) < oddness(fixed, n))) {
			free(fixed);
			fixed = mac;
			n = n2;
		} else {
			free(mac);
		}
		if (!fixed)
			break;
		free(best);
		best = fixed;
		best_len = n;
	}
	if (best && out_len)
		*out_len = best_len;
	return best;
}

char *text_from_cp1252(const char *s, size_t len, size_t *out_len)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			buf_addc(&b, (char)c);
		} else {
			char tmp[4];
			buf_add(&b, tmp, utf8_encode(cp1252[c - 0x80], tmp));
		}
	}
	if (out_len)
		*out_len = b.len;
	return buf_detach(&b);
}
