/* prompt.c: the one-line editor used by the search prompt. Editing only
 * at the end of the line, as in less and mutt's pager search. */
#include "config.h"

#include <string.h>

#include "tui/private.h"

/* Length of the last UTF-8 character of s[0..len). */
static size_t last_char_len(const char *s, size_t len)
{
	size_t i = len;
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	return i > 0 ? len - i + 1 : len;
}

bool prompt_key(struct prompt *p, enum cmd cmd, int key)
{
	size_t len = p->text.len;
	switch (cmd) {
	case CMD_PROMPT_ERASE:
		if (len == 0)
			return false;
		p->text.len -= last_char_len(p->text.data, len);
		p->text.data[p->text.len] = 0;
		return true;
	case CMD_PROMPT_ERASE_WORD:
		if (len == 0)
			return false;
		while (p->text.len > 0 && p->text.data[p->text.len - 1] == ' ')
			p->text.len--;
		while (p->text.len > 0 && p->text.data[p->text.len - 1] != ' ')
			p->text.len--;
		p->text.data[p->text.len] = 0;
		return true;
	case CMD_PROMPT_CLEAR:
		buf_reset(&p->text);
		if (p->text.data)
			p->text.data[0] = 0;
		return len > 0;
	default:
		break;
	}
	if (KEY_IS_FN(key) || key < 0x20 || key == 0x7f || key > 0x10FFFF)
		return false;
	char enc[4];
	size_t n = utf8_encode((uint32_t)key, enc);
	buf_add(&p->text, enc, n);
	return true;
}
