/* Fuzz target: the detail pane's Markdown renderer (mdrender.c) on any
 * bytes, at a width taken from the first byte. Every line must be valid
 * UTF-8 without control characters, no wider than the width unless it is
 * one character, with its spans inside it. */
#include "config.h"

#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tui/private.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool init;
	if (!init) {
		setlocale(LC_ALL, "C.UTF-8");
		init = true;
	}
	int width = size ? 1 + data[0] % 100 : 40;
	char *text = xstrndup(size ? (const char *)data + 1 : "", size ? size - 1 : 0);
	struct lines l = {0};
	mdrender_lines(text, width, &l);
	for (size_t i = 0; i < l.n; i++) {
		const char *t = l.v[i].text;
		size_t len = strlen(t), end = 0;
		if (!utf8_valid(t, len))
			abort();
		uint32_t cp;
		size_t first = len ? utf8_decode(t, len, &cp) : 0;
		if ((int)utf8_width(t) > width && first != len)
			abort();
		for (size_t k = 0; k < len;) {
			k += utf8_decode(t + k, len - k, &cp);
			if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
				abort();
		}
		for (size_t s = 0; s < l.v[i].n_spans; s++) {
			const struct text_span *sp = &l.v[i].spans[s];
			if (sp->off < end || sp->off + sp->len > len || !sp->len)
				abort();
			end = sp->off + sp->len;
		}
	}
	lines_free(&l);
	free(text);
	return 0;
}
