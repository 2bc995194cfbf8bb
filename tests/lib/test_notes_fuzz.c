/* Property test of the notes front matter over generated inputs: whatever a
 * note holds, setting its status keeps the user's text byte for byte and
 * reads back as that status. A bounded, deterministic run. */
#include "config.h"

#include <stdlib.h>

#include "lib/private.h"
#include "tap.h"

static const char *const fragments[] = {
	"---\n", "---", "--- \r\n", "status: read\n", "status: reading\n", "status: nope\n",
	"read: 2020-01-01\n", "tags: [a, b\n", "tags: \"x\"\n", "rating: 99\n", "rating: -3\n",
	":\n", "::::", "\n", "\r\n", "# heading\n", "text", " ", "\t", "ü", "\xF0\x9F\xA7\xA0",
	"\xFF", "\0", "added:\n", "key without colon\n", "status:read\n", "  status :  unread  \n",
};

static unsigned long long rng = 0x9E3779B97F4A7C15ull;

static unsigned next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng >> 11);
}

static void show_case(const struct buf *in)
{
	printf("# failing input: \"");
	for (size_t i = 0; i < in->len; i++) {
		unsigned char c = (unsigned char)in->data[i];
		if (c >= 0x20 && c < 0x7f && c != '\\' && c != '"')
			putchar(c);
		else
			printf("\\x%02x", c);
	}
	printf("\"\n");
}

int main(void)
{
	int bad_body = 0, bad_status = 0, runs = 20000;
	struct buf in = BUF_INIT;
	for (int i = 0; i < runs; i++) {
		buf_reset(&in);
		int parts = (int)(next() % 12);
		for (int j = 0; j < parts; j++) {
			const char *f = fragments[next() % ARRAY_SIZE(fragments)];
			buf_add(&in, f, f[0] ? strlen(f) : 1);
		}
		struct note_meta m;
		size_t body;
		note_meta_parse(in.data ? in.data : "", in.len, &m, &body);
		note_meta_free(&m);
		if (body > in.len) {
			bad_body++;
			continue;
		}
		enum paper_status want = (enum paper_status)(next() % 3);
		size_t out_len;
		char *out = note_set_status(in.data, in.len, want, "2026-11-23", NULL, &out_len);
		/* The body (after any front matter) is kept as the tail of the new text. */
		size_t tail = in.len - body;
		bool body_ok = out_len >= tail && memcmp(out + out_len - tail, in.data + body, tail) == 0;
		size_t body2;
		note_meta_parse(out, out_len, &m, &body2);
		bool status_ok = m.status == (int)want;
		bad_body += !body_ok;
		bad_status += !status_ok;
		if ((!body_ok || !status_ok) && bad_body + bad_status < 4)
			show_case(&in);
		note_meta_free(&m);
		free(out);
	}
	buf_free(&in);
	is(bad_body, 0, "the body survives a status change in all %d generated notes", runs);
	is(bad_status, 0, "the status reads back in all %d generated notes", runs);
	return done_testing();
}
