/* chat: ChatML and Llama 3 prompt rendering, family detection by markers
 * in the chat template. */
#include "config.h"

#include <string.h>

#include "llm/chat.h"
#include "util/util.h"

enum chat_family chat_detect(const char *tmpl)
{
	if (tmpl && (strstr(tmpl, "<|start_header_id|>") || strstr(tmpl, "<|eot_id|>")))
		return CHAT_LLAMA3;
	return CHAT_CHATML;
}

/* A plain literal system prompt right after the marker at p, or NULL. */
static char *literal_after(const char *p)
{
	/* the newline is a real one or a "\n" escape in the Jinja literal */
	if (*p == '\n')
		p++;
	else if (p[0] == '\\' && p[1] == 'n')
		p += 2;
	else
		return NULL;
	const char *end = strstr(p, "<|im_end|>");
	if (!end || end == p || memchr(p, '\'', (size_t)(end - p)) ||
	    memchr(p, '"', (size_t)(end - p)) || memchr(p, '{', (size_t)(end - p)))
		return NULL; /* not a plain literal */
	return xstrndup(p, (size_t)(end - p));
}

char *chat_default_system(const char *tmpl)
{
	static const char open[] = "<|im_start|>system";
	if (!tmpl || !strstr(tmpl, "'system'"))
		return NULL;
	for (const char *p = strstr(tmpl, open); p; p = strstr(p + 1, open)) {
		char *lit = literal_after(p + strlen(open));
		if (lit)
			return lit;
	}
	return NULL;
}

static bool has_system(const struct chat_msg *msgs, size_t n)
{
	return n > 0 && msgs[0].role && strcmp(msgs[0].role, "system") == 0;
}

static void add_msg(struct buf *b, enum chat_family fam, const char *role, const char *content)
{
	if (fam == CHAT_LLAMA3)
		buf_printf(b, "<|start_header_id|>%s<|end_header_id|>\n\n%s<|eot_id|>", role,
		           content);
	else
		buf_printf(b, "<|im_start|>%s\n%s<|im_end|>\n", role, content);
}

char *chat_render(enum chat_family fam, const struct chat_msg *msgs, size_t n,
                  const char *default_system, bool add_generation_prompt)
{
	struct buf b = BUF_INIT;
	if (fam == CHAT_LLAMA3)
		buf_adds(&b, "<|begin_of_text|>");
	if (default_system && !has_system(msgs, n))
		add_msg(&b, fam, "system", default_system);
	for (size_t i = 0; i < n; i++)
		add_msg(&b, fam, msgs[i].role ? msgs[i].role : "user",
		        msgs[i].content ? msgs[i].content : "");
	if (add_generation_prompt)
		buf_adds(&b, fam == CHAT_LLAMA3
		                     ? "<|start_header_id|>assistant<|end_header_id|>\n\n"
		                     : "<|im_start|>assistant\n");
	return buf_detach(&b);
}

const char *const *chat_stop_strings(enum chat_family fam)
{
	static const char *const chatml[] = {"<|im_end|>", "<|im_start|>", "<|endoftext|>", NULL};
	static const char *const llama3[] = {"<|eot_id|>", "<|start_header_id|>", "<|end_of_text|>",
	                                     NULL};
	return fam == CHAT_LLAMA3 ? llama3 : chatml;
}
