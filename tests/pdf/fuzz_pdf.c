/* Fuzz target for the PDF open/extract path: pdf_reflow_memory on arbitrary
 * bytes with tight limits, then every page wrapped. Built with
 * -fsanitize=fuzzer when CC is clang; tests/fuzz_replay.c runs the same target
 * over a corpus and deterministic mutations with any compiler. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pdf/pdf.h"
#include "util/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool cond)
{
	if (!cond)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pdf_limits lim = {.page_seconds = 2, .memory_mb = 256};
	char *err = NULL;
	struct pdf_doc_text *d = pdf_reflow_memory(data, size, "fuzz.pdf", &lim, &err);
	if (!d) {
		/* One line naming the document. */
		check(err && str_starts_with(err, "fuzz.pdf: ") && !strchr(err, '\n'));
		free(err);
		return 0;
	}
	check(d->n > 0);
	for (size_t p = 0; p < d->n && p < 50; p++) {
		struct pdf_lines l = PDF_LINES_INIT;
		pdf_wrap_page(d, p, 40, &l);
		for (size_t i = 0; i < l.n; i++) {
			const char *s = l.v[i].text;
			check(utf8_valid(s, strlen(s)) && utf8_width(s) <= 40);
			for (const char *c = s; *c; c++)
				check((unsigned char)*c >= 0x20 && *c != 0x7f);
		}
		pdf_lines_free(&l);
	}
	pdf_doc_text_free(&d);
	return 0;
}
