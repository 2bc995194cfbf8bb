/* Fuzz target for the reading-list importer: import_parse, the arXiv and
 * DOI finders and mojibake repair on arbitrary bytes. Built with
 * -fsanitize=fuzzer when CC is clang; tests/fuzz_replay.c runs the same target
 * over a corpus and deterministic mutations with any compiler. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "import/import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool cond)
{
	if (!cond)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct import_result r;
	char *err = NULL;
	if (import_parse("fuzz.md", (const char *)data, size, &r, &err) == 0) {
		for (size_t i = 0; i < r.n_entries; i++) {
			const struct paper *p = &r.entries[i].paper;
			check(key_is_safe(p->key));
			check(p->title && utf8_valid(p->title, strlen(p->title)));
			check(!strchr(p->title, '\n'));
			check(!p->arxiv || arxiv_parse(p->arxiv, NULL, NULL));
			check(p->n_topics <= 1);
		}
		for (size_t i = 0; i < r.n_sections; i++)
			check(r.sections[i].body && utf8_valid(r.sections[i].body, strlen(r.sections[i].body)));
	}
	free(err);
	import_result_free(&r);

	char *s = xmalloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	char *id = NULL;
	int v = 0;
	size_t a = 0, b = 0;
	if (arxiv_find(s, size, &a, &b, &id, &v))
		check(a < b && b <= size && id && arxiv_parse(id, NULL, NULL));
	free(id);
	id = NULL;
	if (arxiv_parse(s, &id, &v))
		check(id != NULL && v >= 0);
	free(id);
	free(doi_find(s));
	free(import_topic_key(s));
	size_t n = 0;
	char *fixed = mojibake_repair((const char *)data, size, &n);
	if (fixed)
		check(utf8_valid(fixed, n) && n < size);
	free(fixed);
	free(s);
	return 0;
}
