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
	return utf8_width_n(s, strlen(s));
}

size_t utf8_width_n(const char *s, size_t len)
{
	size_t i = 0, w = 0;
	while (i < len) {
		uint32_t cp;
		i += utf8_decode(s + i, len - i, &cp);
		w += (size_t)utf8_cp_width(cp);
	}
	return w;
}

/* Bytes a UTF-8 sequence starting with lead takes; 0 when lead cannot
 * start one. */
static unsigned utf8_need(unsigned char lead)
{
	if (lead < 0x80)
		return 1;
	if (lead >= 0xC2 && lead <= 0xDF)
		return 2;
	if (lead >= 0xE0 && lead <= 0xEF)
		return 3;
	if (lead >= 0xF0 && lead <= 0xF4)
		return 4;
	return 0;
}

enum { TF_NORMAL, TF_ESC, TF_ESC_INT, TF_CSI, TF_STR, TF_STR_ESC };

void text_filter_init(struct text_filter *f, bool lines)
{
	memset(f, 0, sizeof *f);
	f->lines = lines;
	f->state = TF_NORMAL;
}

static bool dropped_cp(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0x2028 ||
	       cp == 0x2029 || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* One code point through the escape-sequence state machine. */
static void filter_cp(struct text_filter *f, uint32_t cp, struct buf *out)
{
	for (;;) {
		switch (f->state) {
		case TF_ESC:
			if (cp == '[')
				f->state = TF_CSI;
			else if (cp == ']' || cp == 'P' || cp == '_' || cp == '^' || cp == 'X')
				f->state = TF_STR;
			else if (cp >= 0x20 && cp <= 0x2F)
				f->state = TF_ESC_INT;
			else if (cp == 0x1B)
				; /* ESC ESC: the second one starts afresh */
			else if (cp >= 0x30 && cp <= 0x7E)
				f->state = TF_NORMAL;
			else {
				f->state = TF_NORMAL;
				continue; /* not an escape: the code point stands */
			}
			return;
		case TF_ESC_INT:
			if (cp >= 0x20 && cp <= 0x2F)
				return;
			f->state = TF_NORMAL;
			if (cp >= 0x30 && cp <= 0x7E)
				return;
			continue;
		case TF_CSI:
			if (cp >= 0x20 && cp <= 0x3F)
				return;
			f->state = TF_NORMAL;
			if (cp >= 0x40 && cp <= 0x7E)
				return;
			continue;
		case TF_STR:
			/* OSC, DCS, APC, PM, SOS: up to BEL or ST; a newline ends
			 * it too, so an unterminated one hides one line at most */
			if (cp == '\a' || cp == 0x9C)
				f->state = TF_NORMAL;
			else if (cp == 0x1B)
				f->state = TF_STR_ESC;
			else if (cp == '\n') {
				f->state = TF_NORMAL;
				continue;
			}
			return;
		case TF_STR_ESC:
			if (cp == '\\') {
				f->state = TF_NORMAL;
				return;
			}
			f->state = TF_ESC;
			continue;
		default:
			break;
		}
		if (cp == 0x1B) {
			f->state = TF_ESC;
		} else if (cp == '\n' || cp == '\t' || cp == '\r' || cp == '\f') {
			/* one line: spaces (a form feed is dropped); lines: all
			 * but the carriage return, which could overwrite a line */
			if (!f->lines && cp != '\f')
				buf_addc(out, ' ');
			else if (f->lines && cp != '\r')
				buf_addc(out, (char)cp);
		} else if (!dropped_cp(cp)) {
			char enc[4];
			buf_add(out, enc, utf8_encode(cp, enc));
		}
		return;
	}
}

/* Bytes safe to copy as they are in the state TF_NORMAL. */
static bool plain_byte(const struct text_filter *f, unsigned char c)
{
	return (c >= 0x20 && c < 0x7F) || (f->lines && (c == '\n' || c == '\t' || c == '\f'));
}

void text_filter_feed(struct text_filter *f, const char *str, size_t len, struct buf *out)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < len) {
		if (f->npend) {
			/* finish a sequence split across calls */
			f->pend[f->npend++] = s[i++];
			unsigned need = utf8_need(f->pend[0]);
			if (f->npend < need && (f->pend[f->npend - 1] & 0xC0) == 0x80)
				continue;
			uint32_t cp;
			size_t n = utf8_decode((const char *)f->pend, f->npend, &cp);
			filter_cp(f, cp, out);
			/* what the code point did not take: continuation bytes,
			 * each invalid alone, then the byte just added, read again */
			for (size_t k = n; k + 1 < f->npend; k++)
				filter_cp(f, 0xFFFD, out);
			if (n < f->npend)
				i--;
			f->npend = 0;
			continue;
		}
		if (f->state == TF_NORMAL) {
			size_t run = i;
			while (run < len) {
				if (plain_byte(f, s[run])) {
					run++;
					continue;
				}
				if (s[run] < 0x80)
					break;
				uint32_t cp;
				size_t n = utf8_decode((const char *)s + run, len - run, &cp);
				if ((n == 1 && cp == 0xFFFD) || dropped_cp(cp))
					break;
				run += n;
			}
			if (run > i) {
				buf_add(out, s + i, run - i);
				i = run;
				continue;
			}
		}
		unsigned need = utf8_need(s[i]);
		if (need > len - i) {
			/* maybe the start of a sequence that the next call ends */
			size_t k = i + 1;
			while (k < len && (s[k] & 0xC0) == 0x80)
				k++;
			if (k == len) {
				memcpy(f->pend, s + i, len - i);
				f->npend = (unsigned char)(len - i);
				return;
			}
		}
		uint32_t cp;
		i += utf8_decode((const char *)s + i, len - i, &cp);
		filter_cp(f, cp, out);
	}
}

void text_filter_end(struct text_filter *f, struct buf *out)
{
	size_t i = 0;
	while (i < f->npend) {
		uint32_t cp;
		i += utf8_decode((const char *)f->pend + i, f->npend - i, &cp);
		filter_cp(f, cp, out);
	}
	f->npend = 0;
	f->state = TF_NORMAL;
}

static char *sanitize(const char *s, bool lines)
{
	struct text_filter f;
	struct buf b = BUF_INIT;
	text_filter_init(&f, lines);
	text_filter_feed(&f, s, strlen(s), &b);
	text_filter_end(&f, &b);
	return buf_detach(&b);
}

char *text_sanitize(const char *s)
{
	return sanitize(s, false);
}

char *text_sanitize_lines(const char *s)
{
	return sanitize(s, true);
}
