/* Unit tests of src/llm/chat: family detection from chat templates, the
 * default system prompt of SmolLM2's template, and rendering. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "llm/chat.h"

static const char smol_tmpl[] =
        "{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}"
        "{{ '<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging "
        "Face<|im_end|>\n' }}"
        "{% endif %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' "
        "+ '\n'}}"
        "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}";

static const char qwen_tmpl[] =
        "{%- if messages[0]['role'] == 'system' %}\n"
        "    {{- '<|im_start|>system\\n' + messages[0]['content'] + '<|im_end|>\\n' }}\n"
        "{%- else %}\n"
        "    {{- '<|im_start|>system\\nYou are Qwen, created by Alibaba Cloud. You are a helpful "
        "assistant.<|im_end|>\\n' }}\n"
        "{%- endif %}";

static const char llama3_tmpl[] =
        "{% set loop_messages = messages %}{% for message in loop_messages %}"
        "{% set content = '<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n'"
        "+ message['content'] | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}"
        "{% set content = bos_token + content %}{% endif %}{{ content }}{% endfor %}"
        "{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\n\n' }}{% "
        "endif %}";

int main(void)
{
	is(chat_detect(smol_tmpl), CHAT_CHATML, "SmolLM2's template is ChatML");
	is(chat_detect(llama3_tmpl), CHAT_LLAMA3, "Llama 3's template is detected");
	is(chat_detect(NULL), CHAT_CHATML, "no template: ChatML");
	is(chat_detect("{{ something else }}"), CHAT_CHATML, "unknown template: ChatML");

	char *sys = chat_default_system(smol_tmpl);
	is_str(sys, "You are a helpful AI assistant named SmolLM, trained by Hugging Face",
	       "SmolLM2's default system prompt is found");
	free(sys);
	sys = chat_default_system(qwen_tmpl);
	is_str(sys, "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.",
	       "Qwen's default system prompt is found past the non-literal one");
	free(sys);
	ok(chat_default_system(llama3_tmpl) == NULL, "Llama 3's template has none");

	struct chat_msg msgs[] = {
	        {"user", "Summarise this."}, {"assistant", "Sure."}, {"user", "Thanks"}};
	char *s = chat_render(CHAT_CHATML, msgs, 3, "Be brief.", true);
	is_str(s,
	       "<|im_start|>system\nBe brief.<|im_end|>\n"
	       "<|im_start|>user\nSummarise this.<|im_end|>\n"
	       "<|im_start|>assistant\nSure.<|im_end|>\n"
	       "<|im_start|>user\nThanks<|im_end|>\n"
	       "<|im_start|>assistant\n",
	       "ChatML with default system and generation prompt");
	free(s);

	struct chat_msg with_sys[] = {{"system", "S"}, {"user", "U"}};
	s = chat_render(CHAT_CHATML, with_sys, 2, "ignored", false);
	is_str(s, "<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nU<|im_end|>\n",
	       "an own system message replaces the default; no generation prompt");
	free(s);

	s = chat_render(CHAT_LLAMA3, with_sys, 2, NULL, true);
	is_str(s,
	       "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nS<|eot_id|>"
	       "<|start_header_id|>user<|end_header_id|>\n\nU<|eot_id|>"
	       "<|start_header_id|>assistant<|end_header_id|>\n\n",
	       "Llama 3 rendering");
	free(s);

	s = chat_render(CHAT_CHATML, NULL, 0, NULL, true);
	is_str(s, "<|im_start|>assistant\n", "no messages: just the generation prompt");
	free(s);

	is_str(chat_stop_strings(CHAT_CHATML)[0], "<|im_end|>", "ChatML stops at <|im_end|>");
	is_str(chat_stop_strings(CHAT_LLAMA3)[0], "<|eot_id|>", "Llama 3 stops at <|eot_id|>");
	return done_testing();
}
