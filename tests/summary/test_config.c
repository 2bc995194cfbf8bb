/* test_config: the ini reader: good files, each kind of bad line (one error
 * line naming file and line), updating a file in place, and a bounded,
 * deterministic fuzz run. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "util/settings.h"
#include "util/util.h"

static void bad(const char *text, const char *want, const char *what)
{
	struct config *c = NULL;
	char *err = NULL;
	int r = config_parse("cfg", text, strlen(text), &c, &err);
	ok(r < 0 && c == NULL && err && str_starts_with(err, want) && !strchr(err, '\n'),
	   "%s: %s", what, err ? err : "(accepted)");
	free(err);
	config_free(&c);
}

static uint32_t rng = 12345;
static uint32_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

int main(void)
{
	const char *good = "# comment\n; other\n\n[llm]\nmodel = a.gguf\n  threads=2  \n"
			   "[ui]\ntheme = \"dark blue\"\r\n[llm]\nmodel = b.gguf\n";
	struct config *c = NULL;
	char *err = NULL;
	ok(config_parse("cfg", good, strlen(good), &c, &err) == 0, "a good file parses");
	is_str(config_get(c, "llm", "model"), "b.gguf", "the last assignment wins");
	is_str(config_get(c, "llm", "threads"), "2", "spaces trimmed");
	is_str(config_get(c, "ui", "theme"), "dark blue", "quotes and CR removed");
	ok(config_get(c, "ui", "model") == NULL, "keys are per section");
	config_free(&c);
	ok(c == NULL, "config_free nulls the pointer");

	bad("[llm]\nmodel\n", "cfg:2: expected", "a line without =");
	bad("[llm\n", "cfg:1: missing ]", "an unclosed section");
	bad("[llm] x\n", "cfg:1: text after", "text after a section");
	bad("[a b]\n", "cfg:1: bad section", "a bad section name");
	bad("\n\n = v\n", "cfg:3: bad key", "an empty key");
	bad("k\xff = v\n", "cfg:1: invalid UTF-8", "invalid UTF-8");
	ok(config_parse("cfg", "[x]\nk = v\0w\n", 12, &c, &err) < 0 && str_starts_with(err, "cfg:2: NUL"),
	   "a NUL byte: %s", err ? err : "(accepted)");
	FREE(&err);

	char dir[] = "/tmp/quire-cfg-XXXXXX";
	ok(mkdtemp(dir) != NULL, "temp dir");
	char *path = xasprintf("%s/sub/config", dir);
	ok(config_set(path, "llm", "model", "x.gguf", &err) == 0, "config_set creates the file");
	char *t = file_read_all(path, NULL, NULL);
	is_str(t, "[llm]\nmodel = x.gguf\n", "new file content");
	free(t);
	file_write_atomic(path, "# mine\n[ui]\ntheme = x\n[llm]\nmodel = old # keep\nn = 1\n",
			  strlen("# mine\n[ui]\ntheme = x\n[llm]\nmodel = old # keep\nn = 1\n"), NULL);
	config_set(path, "llm", "model", "new.gguf", &err);
	t = file_read_all(path, NULL, NULL);
	is_str(t, "# mine\n[ui]\ntheme = x\n[llm]\nmodel = new.gguf\nn = 1\n",
	       "an existing key is replaced in place, the rest kept");
	free(t);
	file_write_atomic(path, "[llm]\nn = 1\n[ui]\ntheme = x", 26, NULL);
	config_set(path, "llm", "model", "m", &err);
	t = file_read_all(path, NULL, NULL);
	is_str(t, "[llm]\nn = 1\nmodel = m\n[ui]\ntheme = x", "a new key goes at the end of its section");
	free(t);
	file_write_atomic(path, "[llm\n", 5, NULL);
	ok(config_set(path, "llm", "model", "m", &err) < 0 && strstr(err, ":1:"),
	   "a broken file is not rewritten: %s", err ? err : "");
	FREE(&err);
	c = NULL;
	ok(config_load("/nonexistent/quire/config", &c, &err) == 0 && c, "a missing file is empty");
	config_free(&c);

	/* Fuzz: 20000 random and mutated inputs; no crash, and every error is
	 * one line naming the file. */
	const char *alpha = "[]=#; \n\r\t\"abcXYZ019._-\xc3\xa4\xff";
	size_t alen = strlen(alpha), bad_errors = 0;
	for (int i = 0; i < 20000; i++) {
		char in[96];
		size_t n = next() % sizeof in;
		for (size_t k = 0; k < n; k++)
			in[k] = (i % 3 == 0) ? (char)next() : alpha[next() % alen];
		struct config *f = NULL;
		char *e = NULL;
		if (config_parse("fz", in, n, &f, &e) < 0)
			bad_errors += !e || !str_starts_with(e, "fz:") || strchr(e, '\n');
		else
			config_get(f, "a", "b");
		free(e);
		config_free(&f);
	}
	ok(bad_errors == 0, "fuzz: 20000 inputs, every error one line naming the file");
	unlink(path);
	free(path);
	char *sub = xasprintf("%s/sub", dir);
	rmdir(sub);
	free(sub);
	rmdir(dir);
	return done_testing();
}
