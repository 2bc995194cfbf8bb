/* Fuzz target for the terminal reply parser (termquery_parse): any bytes,
 * cut at every split into two reads, give the same replies, never report
 * a nonsense size, and hand back every byte that is no reply. Built with
 * -fsanitize=fuzzer when CC is clang; tests/fuzz_replay.c replays it. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/termquery.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool cond)
{
	if (!cond)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *d = (const char *)data;
	struct term_replies whole = {0};
	struct buf other = BUF_INIT;
	size_t used = termquery_parse(d, size, true, &whole, &other);
	check(used == size);
	check(other.len <= size);
	check(whole.cell_w >= 0 && whole.cell_h >= 0 && whole.win_w >= 0 && whole.win_h >= 0);
	/* the same bytes in two reads */
	size_t cut = size ? (size_t)data[0] % (size + 1) : 0;
	struct term_replies split = {0};
	struct buf other2 = BUF_INIT;
	size_t done = termquery_parse(d, cut, false, &split, &other2);
	check(done <= cut);
	struct buf rest = BUF_INIT;
	buf_add(&rest, d + done, size - done);
	termquery_parse(rest.data ? rest.data : "", rest.len, true, &split, &other2);
	check(memcmp(&whole, &split, sizeof whole) == 0);
	check(other.len == other2.len && (!other.len || memcmp(other.data, other2.data, other.len) == 0));
	buf_free(&rest);
	buf_free(&other);
	buf_free(&other2);
	return 0;
}
