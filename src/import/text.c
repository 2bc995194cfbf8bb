/* text.c: small text rules of reading lists: emoji and check marks,
 * "TO READ" markers, "(Authors, 2021)" tails, one-line clean-up. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "import/private.h"

bool text_is_emoji(uint32_t cp)
{
	return utf8_is_emoji(cp);
}

bool text_is_check(uint32_t cp)
{
	return cp == 0x2714 || cp == 0x2713 || cp == 0x2705 || cp == 0x2611 || cp == 0x1F5F8;
}

const char *text_skip_marks(const char *s, bool *checked)
{
	size_t len = strlen(s);
	while (len > 0) {
		uint32_t cp;
		size_t n = utf8_decode(s, len, &cp);
		if (*s != ' ' && *s != '\t' && *s != '\n') {
			if (!text_is_emoji(cp))
				break;
			if (text_is_check(cp) && checked)
				*checked = true;
		}
		s += n;
		len -= n;
	}
	return s;
}

static bool is_control(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||
	       (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

char *text_clean_line(const char *s, size_t n, size_t max)
{
	struct buf b = BUF_INIT;
	bool space = false;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0) {
			space = b.len > 0;
		} else if (!is_control(cp)) {
			if (b.len + k + (space ? 1 : 0) > max) {
				buf_adds(&b, "\xE2\x80\xA6");   /* … */
				break;
			}
			if (space)
				buf_addc(&b, ' ');
			space = false;
			if (cp == 0xFFFD && k == 1)
				buf_adds(&b, "\xEF\xBF\xBD");
			else
				buf_add(&b, s + i, k);
		}
		i += k;
	}
	return buf_detach(&b);
}

char *text_clean_block(const char *s)
{
	struct buf b = BUF_INIT;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (cp == '\n' || cp == '\t' || !is_control(cp)) {
			if (cp == 0xFFFD && k == 1)
				buf_adds(&b, "\xEF\xBF\xBD");
			else
				buf_add(&b, s + i, k);
		}
		i += k;
	}
	return buf_detach(&b);
}

/* Is s[0..] a date YYYY-MM-DD? */
static bool is_date(const char *s)
{
	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return false;
		} else if (!isdigit((unsigned char)s[i])) {
			return false;
		}
	}
	return true;
}

/* Obsidian Tasks signs: priority ⏫ 🔼 🔽 ⏬ 🔺, dates 📅 ⏳ 🛫 ✅ ➕ ❌,
 * recurrence 🔁. */
static bool is_task_sign(uint32_t cp)
{
	return cp == 0x23EB || cp == 0x1F53C || cp == 0x1F53D || cp == 0x23EC ||
	       cp == 0x1F53A || cp == 0x1F4C5 || cp == 0x23F3 || cp == 0x1F6EB ||
	       cp == 0x2795 || cp == 0x274C || cp == 0x1F501 || cp == 0x2705;
}

void text_strip_task_marks(char *s)
{
	/* Cut at the first sign of the trailing run made only of signs,
	 * other emoji, dates and spaces. One pass. */
	size_t n = strlen(s);
	size_t cut = SIZE_MAX;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (is_task_sign(cp) && i > 0) {
			if (cut == SIZE_MAX)
				cut = i;
		} else if (cp == ' ' || text_is_emoji(cp)) {
			/* part of a run, or of ordinary text */
		} else if (cut != SIZE_MAX && n - i >= 10 && is_date(s + i)) {
			k = 10;
		} else {
			cut = SIZE_MAX;
		}
		i += k;
	}
	if (cut != SIZE_MAX) {
		s[cut] = '\0';
		str_trim(s);
	}
}

bool text_has_to_read(const char *s)
{
	return s && strstr(s, "TO READ") != NULL;
}

void text_strip_to_read(char *s)
{
	/* One pass: copy s onto itself without the markers and the * or _
	 * around them. */
	char *out = s;
	for (const char *p = s; *p;) {
		if (strncmp(p, "TO READ", 7) == 0) {
			while (out > s && (out[-1] == '*' || out[-1] == '_'))
				out--;
			p += 7;
			while (*p == '*' || *p == '_')
				p++;
			continue;
		}
		*out++ = *p++;
	}
	*out = '\0';
	str_trim(s);
}

static int year_at(const char *s)
{
	if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]) ||
	    !isdigit((unsigned char)s[2]) || !isdigit((unsigned char)s[3]) ||
	    isdigit((unsigned char)s[4]))
		return 0;
	int y = atoi(s);
	return (y >= 1900 && y <= 2099) ? y : 0;
}

int text_cut_paren_year(char *s, char **authors)
{
	if (authors)
		*authors = NULL;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '.' || s[n - 1] == ','))
		n--;
	if (n < 6 || s[n - 1] != ')')
		return 0;
	char *open = NULL;
	for (size_t i = n - 1; i-- > 0;) {
		if (s[i] == ')')
			return 0;
		if (s[i] == '(') {
			open = s + i;
			break;
		}
	}
	if (!open)
		return 0;
	/* Inside: "2021", "2022-3", "openai, 2022", "Smith et al. 2020". */
	char *close = s + n - 1;
	int year = 0;
	char *ystart = NULL;
	for (char *p = open + 1; p + 4 <= close; p++) {
		if ((p == open + 1 || !isalnum((unsigned char)p[-1])) && (year = year_at(p)) != 0) {
			ystart = p;
			break;
		}
	}
	if (!year)
		return 0;
	/* Only a short suffix such as "-3" may follow the year. */
	for (char *p = ystart + 4; p < close; p++)
		if (!isdigit((unsigned char)*p) && *p != '-' && *p != ' ' && *p != '/')
			return 0;
	if (authors) {
		char *a = xstrndup(open + 1, (size_t)(ystart - open - 1));
		size_t al = strlen(a);
		while (al > 0 && (a[al - 1] == ',' || a[al - 1] == ' '))
			a[--al] = '\0';
		str_trim(a);
		if (*a)
			*authors = a;
		else
			free(a);
	}
	*open = '\0';
	str_trim(s);
	return year;
}

size_t text_count_words(const char *s, size_t n)
{
	size_t words = 0;
	bool in = false;
	for (size_t i = 0; i < n; i++) {
		bool sp = s[i] == ' ' || s[i] == '\t' || s[i] == '\n';
		if (!sp && !in)
			words++;
		in = !sp;
	}
	return words;
}

bool text_is_url(const char *s)
{
	return str_starts_with_ci(s, "http://") || str_starts_with_ci(s, "https://") ||
	       str_starts_with_ci(s, "www.") || str_starts_with_ci(s, "ftp://");
}

char *text_match_key(const char *s)
{
	struct buf b = BUF_INIT;
	size_t n = strlen(s);
	bool space = false;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (text_is_emoji(cp) || is_control(cp)) {
			/* dropped */
		} else if (cp == ' ' || cp == '\t' || cp == '\n' || cp == 0xA0) {
			space = b.len > 0;
		} else {
			if (space)
				buf_addc(&b, ' ');
			space = false;
			if (cp < 0x80)
				buf_addc(&b, (char)tolower((int)cp));
			else
				buf_add(&b, s + i, k);
		}
		i += k;
	}
	return buf_detach(&b);
}

char *import_topic_key(const char *topic)
{
	return text_match_key(topic ? topic : "");
}
