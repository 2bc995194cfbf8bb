/* Unit tests for src/util: buffers, UTF-8, sanitising, atomic files. */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <unistd.h>

#include "tap.h"
#include "util/util.h"

static void test_buf(void)
{
	struct buf b = BUF_INIT;
	is_str(buf_str(&b), "", "empty buffer reads as empty string");
	for (int i = 0; i < 1000; i++)
		buf_addc(&b, 'x');
	is(b.len, 1000, "buffer grows past its first capacity");
	buf_printf(&b, "%d-%s", 42, "end");
	ok(str_ends_with(buf_str(&b), "42-end"), "buf_printf appends");
	char *s = buf_detach(&b);
	ok(b.data == NULL && b.len == 0, "detach empties the buffer");
	free(s);
	char *q = str_squeeze("  a\t\tb \n c  ");
	is_str(q, "a b c", "squeeze collapses whitespace");
	free(q);
}

static void test_utf8(void)
{
	uint32_t cp;
	is(utf8_decode("\xC3\xA9", 2, &cp), 2, "two-byte sequence length");
	is(cp, 0xE9, "é decodes");
	is(utf8_decode("\xF0\x9F\xA7\xA0", 4, &cp), 4, "emoji length");
	is(cp, 0x1F9E0, "🧠 decodes");
	utf8_decode("\xC0\xAF", 2, &cp);
	is(cp, 0xFFFD, "overlong encoding is rejected");
	utf8_decode("\xED\xA0\x80", 3, &cp);
	is(cp, 0xFFFD, "surrogate is rejected");
	ok(utf8_valid("héllo 🧠", strlen("héllo 🧠")), "valid text is valid");
	ok(!utf8_valid("h\xE9llo", 5), "Latin-1 byte is not valid UTF-8");
	is(utf8_width("abc"), 3, "ASCII width");
	is(utf8_width("日本"), 4, "CJK takes two cells each");
	is(utf8_width("🧠x"), 3, "emoji takes two cells");
	is(utf8_width("e\xCC\x81"), 1, "combining accent takes none");
}

static void test_sanitize(void)
{
	char *s = text_sanitize("a\033[31mred\033[0m\tb\033]0;title\007" "c\x01\xC2\x9B" "d");
	is_str(s, "ared bcd", "escape sequences, OSC, C0 and C1 controls stripped");
	free(s);
	s = text_sanitize("x\xFF" "y");
	is_str(s, "x\xEF\xBF\xBD" "y", "invalid byte becomes U+FFFD");
	free(s);
	s = text_sanitize("\xE2\x80\xAE" "evil");
	is_str(s, "evil", "bidi override dropped");
	free(s);
}

/* The streaming filter gives what the whole-string sanitiser gives, however
 * the text is cut. */
static void test_filter(void)
{
	static const char text[] = "a\033]0;t\007b\xC3\xA9\tc\033[2Jd\xE2\x82\xAC\xF0\x9F\x98\x80"
				   "\xC2\x9B" "e\xE2\x82" "f\033]52;c;eA==\033\\g\n\r\fh\xED\xA0\x80i\xF0";
	char *whole = text_sanitize_lines(text);
	is_str(whole,
	       "ab\xC3\xA9\tcd\xE2\x82\xAC\xF0\x9F\x98\x80" "e\xEF\xBF\xBD\xEF\xBF\xBD" "fg\n\fh"
	       "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDi\xEF\xBF\xBD",
	       "lines form: sequences dropped, newline/tab/form feed kept, CR dropped");
	size_t len = sizeof text - 1;
	bool same = true;
	for (size_t cut1 = 0; cut1 <= len; cut1++)
		for (size_t cut2 = cut1; cut2 <= len; cut2 += 3) {
			struct text_filter f;
			struct buf b = BUF_INIT;
			text_filter_init(&f, true);
			text_filter_feed(&f, text, cut1, &b);
			text_filter_feed(&f, text + cut1, cut2 - cut1, &b);
			text_filter_feed(&f, text + cut2, len - cut2, &b);
			text_filter_end(&f, &b);
			if (strcmp(buf_str(&b), whole) != 0) {
				printf("# cut at %zu and %zu: %s\n", cut1, cut2, buf_str(&b));
				same = false;
			}
			buf_free(&b);
		}
	ok(same, "streaming in three pieces, cut anywhere, gives the same text");
	free(whole);
	char *s = text_sanitize_lines("x\033]0;unterminated\nnext line\n");
	is_str(s, "x\nnext line\n", "an unterminated OSC hides the rest of its line only");
	free(s);
	s = text_sanitize("one\ntwo\tthree\rfour\ffive");
	is_str(s, "one two three fourfive", "one-line form: whitespace to spaces");
	free(s);
}

static void test_files(void)
{
	char dir[] = "/tmp/quire-test-XXXXXX";
	ok(mkdtemp(dir) != NULL, "temp dir");
	char *sub = path_join(dir, "a/b/c");
	ok(mkdir_p(sub, NULL) == 0, "mkdir_p creates nested directories");
	char *f = path_join(sub, "file.md");
	char *err = NULL;
	ok(file_write_atomic(f, "hello\n", 6, &err) == 0, "atomic write");
	ok(file_write_atomic(f, "bye\n", 4, &err) == 0, "atomic replace");
	size_t n;
	char *data = file_read_all(f, &n, &err);
	is_str(data, "bye\n", "replaced content read back");
	is(n, 4, "length read back");
	free(data);
	ok(file_read_all("/nonexistent/x", NULL, &err) == NULL, "missing file fails");
	ok(err && strstr(err, "/nonexistent/x"), "error names the file: %s", err ? err : "");
	free(err);
	char *cmd = xasprintf("rm -rf '%s'", dir);
	ok(unlink(f) == 0, "cleanup");
	free(cmd);
	rmdir(sub);
	free(f);
	free(sub);
	char *p = path_join("/a/", "/b");
	is_str(p, "/a/b", "path_join avoids doubled slashes");
	free(p);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	test_buf();
	test_utf8();
	test_sanitize();
	test_filter();
	test_files();
	return done_testing();
}
