/* Fuzz target: the Atom parser and the landing-page reader on any bytes. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/net.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arxiv_record *r = NULL;
	size_t n = 0;
	char *err = NULL;
	if (atom_parse((const char *)data, size, &r, &n, &err) == 0) {
		for (size_t i = 0; i < n; i++)
			if (!r[i].arxiv || !r[i].title || (r[i].raw && strlen(r[i].raw) != r[i].raw_len))
				abort(); /* a record always has its id and title */
	} else if (!err || !*err || strchr(err, '\n')) {
		abort(); /* a failure is one line */
	}
	arxiv_records_free(&r, n);
	free(err);
	free(landing_pdf_url((const char *)data, size, "https://example.org/a/b"));
	return 0;
}
