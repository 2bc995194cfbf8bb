/* fuzz_gguf: the GGUF reader and model loader on arbitrary bytes. A model
 * that loads is also run for one token, so every tensor the forward pass
 * touches is exercised. Built as a libFuzzer target with clang
 * (-fsanitize=fuzzer) or with fuzz_main.c as a standalone replayer. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "llm/engine.h"
#include "llm/tokenizer.h"
#include "util/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a private copy, so a reader that looked past size would be caught */
	uint8_t *copy = xmalloc(size ? size : 1);
	memcpy(copy, data, size);
	char *err = NULL;
	struct gguf_file *f = gguf_parse(copy, size, "fuzz.gguf", &err);
	if (f) {
		struct tok_spec spec;
		char *terr = NULL;
		if (gguf_tok_spec(f, &spec, &terr) == 0) {
			struct tokenizer *tk = tok_create(&spec, &terr);
			tok_free(&tk);
		}
		gguf_tok_spec_release(&spec);
		free(terr);
		struct llm_model *m = llm_model_from_gguf(f, &err);
		if (m) {
			struct llm_ctx *c = llm_ctx_new(m, 4, 1, &err);
			float *logits = xmalloc(llm_model_n_vocab(m) * sizeof(float));
			int32_t tok = 1;
			if (c)
				llm_eval(c, &tok, 1, logits, NULL);
			free(logits);
			llm_ctx_free(&c);
			llm_model_free(&m);
		}
	}
	if (!f && !err)
		abort();   /* every failure must explain itself */
	free(err);
	free(copy);
	return 0;
}
