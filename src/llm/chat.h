/* chat: prompts in the chat format of a model family. The family is found
 * by looking at the GGUF chat_template string (no Jinja is run). */
#ifndef QUIRE_LLM_CHAT_H
#define QUIRE_LLM_CHAT_H

#include <stdbool.h>
#include <stddef.h>

enum chat_family {
	CHAT_CHATML, /* <|im_start|>role\n...<|im_end|>\n (SmolLM2, Qwen) */
	CHAT_LLAMA3, /* <|start_header_id|>role<|end_header_id|>\n\n...<|eot_id|> */
};

struct chat_msg {
	const char *role; /* "system", "user", "assistant" */
	const char *content;
};

/* The family of a chat template (NULL or unknown: ChatML). */
enum chat_family chat_detect(const char *tmpl);

/* The system prompt a template inserts when the conversation has none, as
 * SmolLM2's does ("You are a helpful AI assistant named SmolLM, ..."), or
 * NULL. Caller frees. */
char *chat_default_system(const char *tmpl);

/* Render msgs in the family's format, ending with the assistant header when
 * add_generation_prompt. Llama 3 output starts with <|begin_of_text|>, so
 * encode it with add_special false. default_system (may be NULL) is put
 * first when msgs has no system message. Caller frees. */
char *chat_render(enum chat_family fam, const struct chat_msg *msgs, size_t n,
                  const char *default_system, bool add_generation_prompt);

/* The strings that end an assistant turn in the family (NULL-terminated
 * static array), for stop_scan_init. */
const char *const *chat_stop_strings(enum chat_family fam);

#endif
