/* Unit tests for src/lib: keys, notes front matter, the index, marking. */
#include "config.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/lib.h"
#include "lib/private.h"
#include "tap.h"

static char *tmpdir;

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	UNUSED(st), UNUSED(flag), UNUSED(ftw);
	return remove(path);
}

static void test_keys(void)
{
	char *k = paper_key("2106.09685", NULL, "LoRA");
	is_str(k, "2106.09685", "arXiv id is the key");
	free(k);
	k = paper_key("hep-th/9901001", NULL, NULL);
	is_str(k, "hep-th_9901001", "old-style id: slash becomes underscore");
	free(k);
	k = paper_key(NULL, "10.1371/journal.pdig.0001037", "x");
	is_str(k, "doi-10.1371_journal.pdig.0001037", "DOI-derived key");
	free(k);
	k = paper_key(NULL, NULL, "Attention Is All You Need!");
	is_str(k, "attention-is-all-you-need", "title slug");
	free(k);
	k = paper_key(NULL, NULL, "../../etc/passwd");
	ok(key_is_safe(k), "slug of a path-like title is safe (%s)", k);
	is_str(k, "etc-passwd", "slug drops the dots and slashes");
	free(k);
	k = paper_key(NULL, NULL, "日本語");
	ok(key_is_safe(k) && str_starts_with(k, "untitled-"), "title without ASCII gets a hashed key");
	free(k);
	ok(!key_is_safe("../x"), "dot-dot is not safe");
	ok(!key_is_safe(".hidden"), "leading dot is not safe");
	ok(!key_is_safe(""), "empty is not safe");
	ok(!key_is_safe("a/b"), "slash is not safe");
}

static void test_front_matter(void)
{
	const char *note = "---\nstatus: reading\ntags: [llm, \"rl\"]\nrating: 4\nadded: 2026-01-02\n"
			   "custom: kept\n---\n# My note\nbody text\n";
	struct note_meta m;
	size_t body;
	note_meta_parse(note, strlen(note), &m, &body);
	is(m.status, STATUS_READING, "status parsed");
	is_str(m.tags, "llm,rl", "tags parsed, quotes removed");
	is(m.rating, 4, "rating parsed");
	is_str(m.added, "2026-01-02", "added parsed");
	is_str(note + body, "# My note\nbody text\n", "body starts after the fence");
	note_meta_free(&m);

	size_t olen;
	char *out = note_set_status(note, strlen(note), STATUS_READ, "2026-11-23", NULL, &olen);
	is_str(out, "---\nstatus: read\ntags: [llm, \"rl\"]\nrating: 4\nadded: 2026-01-02\n"
		    "custom: kept\nread: 2026-11-23\n---\n# My note\nbody text\n",
	       "marking read keeps other fields and the body, adds the read date");
	char *back = note_set_status(out, strlen(out), STATUS_UNREAD, "2026-11-24", NULL, &olen);
	is_str(back, "---\nstatus: unread\ntags: [llm, \"rl\"]\nrating: 4\nadded: 2026-01-02\n"
		     "custom: kept\n---\n# My note\nbody text\n",
	       "marking unread drops the read date");
	free(out);
	free(back);

	out = note_set_status(NULL, 0, STATUS_READ, "2026-11-23", NULL, &olen);
	is_str(out, "---\nstatus: read\nadded: 2026-11-23\nread: 2026-11-23\n---\n", "new note");
	free(out);
	const char *plain = "no front matter\n---\n";
	out = note_set_status(plain, strlen(plain), STATUS_READING, "2026-11-23", NULL, &olen);
	is_str(out, "---\nstatus: reading\nadded: 2026-11-23\n---\nno front matter\n---\n",
	       "a note without front matter gets one, text kept");
	free(out);
	const char *unterminated = "---\nstatus: read\nno closing fence";
	note_meta_parse(unterminated, strlen(unterminated), &m, &body);
	is(m.status, -1, "unterminated front matter is body");
	is(body, 0, "... all of it");
	note_meta_free(&m);
}

static struct paper mk(const char *key, const char *title, const char *topic, int year,
		       enum paper_status st)
{
	struct paper p;
	memset(&p, 0, sizeof p);
	p.key = xstrdup(key);
	p.arxiv = xstrdup(key);
	p.title = xstrdup(title);
	p.authors = xstrdup("A. Author");
	p.year = year;
	p.status = st;
	if (topic)
		paper_add_topic(&p, topic);
	return p;
}

static void test_index(void)
{
	char *dir = path_join(tmpdir, "lib");
	char *cache = path_join(tmpdir, "cache");
	setenv("QUIRE_CACHE_DIR", cache, 1);
	struct library *lib = NULL;
	char *err = NULL;
	int r = library_open(dir, &lib, &err);
	ok(r == 0, "open a new library");
	char *ga = path_join(dir, ".gitattributes");
	ok(file_exists(ga), ".gitattributes written");
	free(ga);

	struct paper a[3] = {
		mk("1706.03762", "Attention Is All You Need", "Architectures", 2017, STATUS_READ),
		mk("2106.09685", "LoRA: Low-Rank Adaptation", "LLM > Fine-tuning", 2021, STATUS_UNREAD),
		mk("2305.10601", "Tree of Thoughts", "Reasoning", 2023, STATUS_UNREAD),
	};
	a[1].comment = xstrdup("parameter-efficient transformers tuning");
	struct paper b[1] = {mk("2106.09685", "LoRA (again)", "Reasoning", 0, STATUS_UNREAD)};
	struct knowledge k = {xstrdup("Knowledge"), xstrdup("RLHF"), xstrdup("body"), NULL, 3};
	struct list_stamp s1 = {100, 1}, s2 = {200, 2};
	ok(library_replace_list(lib, "a.md", s1, a, 3, &k, 1, &err) == 0, "index list a");
	ok(library_replace_list(lib, "b.md", s2, b, 1, NULL, 0, &err) == 0, "index list b");
	struct list_stamp got;
	ok(library_list_stamp(lib, "a.md", &got) == 0 && got.size == 100 && got.mtime_ns == 1,
	   "stamp stored");
	is(library_list_stamp(lib, "zzz.md", &got), 1, "unknown list has no stamp");

	struct paper_row *rows;
	size_t n;
	ok(library_rows(lib, NULL, &rows, &n, &err) == 0, "rows");
	is(n, 3, "a paper in two lists is one paper");
	if (n == 3) {
		is_str(rows[0].key, "1706.03762", "list order kept (1)");
		is_str(rows[1].key, "2106.09685", "list order kept (2)");
		is_str(rows[1].title, "LoRA: Low-Rank Adaptation", "first list's title wins");
		is(rows[1].year, 2021, "year from the list that has one");
		is(rows[0].status, STATUS_READ, "status from the list's check mark");
	}
	library_rows_free(&rows, n);

	struct paper p;
	ok(library_paper_get(lib, "2106.09685", &p, &err) == 0, "get paper");
	is(p.n_topics, 2, "merged topics");
	if (p.n_topics == 2) {
		is_str(p.topics[0], "LLM > Fine-tuning", "first topic");
		is_str(p.topics[1], "Reasoning", "second topic");
	}
	paper_free(&p);
	is(library_paper_get(lib, "nope", &p, &err), 1, "unknown key: 1");

	struct topic_row *t;
	ok(library_topics(lib, &t, &n, &err) == 0, "topics");
	is(n, 4, "three topics plus the parent LLM");
	if (n == 4) {
		is_str(t[0].path, "Architectures", "tree order 1");
		is_str(t[1].path, "LLM", "tree order 2: parent before child");
		is_str(t[2].path, "LLM > Fine-tuning", "tree order 3");
		is(t[2].depth, 1, "child depth");
		is_str(t[2].name, "Fine-tuning", "child name is its last level");
		is_str(t[3].path, "Reasoning", "tree order 4");
		is(t[3].count, 2, "Reasoning holds two papers");
		is(t[1].count, 1, "parent counts its subtopic's paper");
		is(t[0].unread, 0, "read paper is not unread");
	}
	library_topics_free(&t, n);

	struct paper_filter f = {.topic = "LLM", .status = -1};
	library_rows(lib, &f, &rows, &n, &err);
	is(n, 1, "topic filter includes subtopics");
	library_rows_free(&rows, n);
	struct paper_filter fl = {.topic = "LL", .status = -1};
	library_rows(lib, &fl, &rows, &n, &err);
	is(n, 0, "topic filter matches whole levels only");
	library_rows_free(&rows, n);
	struct paper_filter fs = {.status = STATUS_UNREAD};
	library_rows(lib, &fs, &rows, &n, &err);
	is(n, 2, "status filter");
	library_rows_free(&rows, n);
	struct paper_filter q = {.status = -1, .query = "transf"};
	library_rows(lib, &q, &rows, &n, &err);
	is(n, 1, "search matches a prefix in the comment");
	library_rows_free(&rows, n);
	struct paper_filter q2 = {.status = -1, .query = "\"unbalanced ( quote"};
	ok(library_rows(lib, &q2, &rows, &n, &err) == 0, "any user query is a valid FTS query");
	library_rows_free(&rows, n);

	ok(library_mark(lib, "2106.09685", STATUS_READING, &err) == 0, "mark reading");
	ok(library_mark(lib, "../etc", STATUS_READ, &err) < 0, "unsafe key refused");
	ok(library_mark(lib, "9999.99999", STATUS_READ, &err) < 0, "unknown key refused");
	ok(err && strstr(err, "9999.99999"), "error names the key");
	char *np = library_note_path(lib, "2106.09685");
	char *text = file_read_all(np, NULL, NULL);
	ok(text && str_starts_with(text, "---\nstatus: reading\n"), "note written");
	free(text);
	library_rows(lib, &fs, &rows, &n, &err);
	is(n, 1, "status from the note wins over the list");
	/* Binary junk in a note (a NUL byte) is kept, not truncated. */
	static const char binary_note[] = "---\nstatus: unread\n---\nbefore\0after\n";
	file_write_atomic(np, binary_note, sizeof binary_note - 1, NULL);
	library_mark(lib, "2106.09685", STATUS_READING, &err);
	size_t jl;
	char *jt = file_read_all(np, &jl, NULL);
	ok(jl >= 13 && memcmp(jt + jl - 13, "before\0after\n", 13) == 0, "bytes after a NUL survive a status change");
	free(jt);
	library_rows_free(&rows, n);

	/* An edit by hand is seen on the next open. */
	const char *edited = "---\nstatus: read\ntags: [x]\n---\nhand-written words\n";
	file_write_atomic(np, edited, strlen(edited), NULL);
	struct timespec ts[2] = {{0, UTIME_OMIT}, {12345, 0}};
	utimensat(AT_FDCWD, np, ts, 0);
	library_close(&lib);
	ok(lib == NULL, "close nulls the pointer");
	ok(library_open(dir, &lib, &err) == 0, "reopen");
	library_paper_get(lib, "2106.09685", &p, &err);
	is(p.status, STATUS_READ, "hand edit of the note is picked up");
	ok(p.n_tags == 1 && strcmp(p.tags[0], "x") == 0, "tags from the note");
	paper_free(&p);
	char *body = library_note_body(lib, "2106.09685");
	is_str(body, "hand-written words\n", "note body");
	free(body);
	struct paper_filter q3 = {.status = -1, .query = "hand-written"};
	library_rows(lib, &q3, &rows, &n, &err);
	is(n, 1, "notes are searchable");
	library_rows_free(&rows, n);
	struct knowledge *ks;
	ok(library_knowledge(lib, &ks, &n, &err) == 0 && n == 1, "knowledge stored");
	if (n == 1) {
		is_str(ks[0].title, "RLHF", "knowledge title");
		is_str(ks[0].source, "a.md", "knowledge source");
		knowledge_free(&ks[0]);
	}
	free(ks);
	library_close(&lib);
	unlink(np);
	library_open(dir, &lib, &err);
	library_paper_get(lib, "2106.09685", &p, &err);
	is(p.status, STATUS_UNREAD, "a deleted note is forgotten: status from the list again");
	paper_free(&p);
	ok(library_drop_list(lib, "b.md", &err) == 0, "drop list b");
	library_paper_get(lib, "2106.09685", &p, &err);
	is(p.n_topics, 1, "dropping a list removes its memberships");
	paper_free(&p);
	library_close(&lib);

	/* A corrupt index is rebuilt, not fatal. */
	char *idx = path_join(cache, "index.sqlite");
	unlink(idx);
	char *junk = "this is not a database, just junk bytes that SQLite will reject........";
	file_write_atomic(idx, junk, strlen(junk), NULL);
	r = library_open(dir, &lib, &err);
	ok(r == 0, "corrupt index is rebuilt");
	library_close(&lib);
	free(idx);
	free(np);
	for (int i = 0; i < 3; i++)
		paper_free(&a[i]);
	paper_free(&b[0]);
	knowledge_free(&k);
	free(err);
	free(dir);
	free(cache);
}

/* Front matter as other tools write it: a byte-order mark, CRLF line
 * ends, keys in capitals. */
static void test_front_matter_variants(void)
{
	struct note_meta m;
	size_t body, olen;
	const char *bom = "\xEF\xBB\xBF---\nstatus: reading\n---\nbody\n";
	note_meta_parse(bom, strlen(bom), &m, &body);
	is(m.status, STATUS_READING, "front matter after a BOM is read");
	is_str(bom + body, "body\n", "... and its body found");
	note_meta_free(&m);
	char *out = note_set_status(bom, strlen(bom), STATUS_READ, "2026-11-23", NULL, &olen);
	is_str(out, "\xEF\xBB\xBF---\nstatus: read\nadded: 2026-11-23\nread: 2026-11-23\n---\nbody\n",
	       "marking a note with a BOM keeps one front matter, BOM first");
	free(out);

	const char *crlf = "---\r\nstatus: unread\r\ntags: [a]\r\n---\r\nbody\r\n";
	note_meta_parse(crlf, strlen(crlf), &m, &body);
	is(m.status, STATUS_UNREAD, "CRLF front matter is read");
	is_str(m.tags, "a", "... tags without the CR");
	note_meta_free(&m);
	out = note_set_status(crlf, strlen(crlf), STATUS_READ, "2026-11-23", NULL, &olen);
	is_str(out, "---\r\nstatus: read\r\ntags: [a]\r\nadded: 2026-11-23\r\nread: 2026-11-23\r\n---\r\nbody\r\n",
	       "CRLF front matter stays CRLF throughout");
	char *back = note_set_status(out, olen, STATUS_UNREAD, "2026-11-24", NULL, &olen);
	is_str(back, "---\r\nstatus: unread\r\ntags: [a]\r\nadded: 2026-11-23\r\n---\r\nbody\r\n",
	       "... and after un-reading");
	free(back);
	free(out);
	const char *crlf_plain = "words\r\nmore\r\n";
	out = note_set_status(crlf_plain, strlen(crlf_plain), STATUS_READING, "2026-11-23", NULL, &olen);
	is_str(out, "---\r\nstatus: reading\r\nadded: 2026-11-23\r\n---\r\nwords\r\nmore\r\n",
	       "a CRLF note without front matter gets a CRLF one");
	free(out);

	const char *caps = "---\nStatus: unread\nTags: [x, y]\nRating: 3\nAdded: 2020-01-01\n---\nb\n";
	note_meta_parse(caps, strlen(caps), &m, &body);
	is(m.status, STATUS_UNREAD, "Status: is the status key");
	is_str(m.tags, "x,y", "Tags: are tags");
	is(m.rating, 3, "Rating: is the rating");
	is_str(m.added, "2020-01-01", "Added: is the date added");
	note_meta_free(&m);
	out = note_set_status(caps, strlen(caps), STATUS_READ, "2026-11-23", NULL, &olen);
	is_str(out, "---\nStatus: read\nTags: [x, y]\nRating: 3\nAdded: 2020-01-01\nread: 2026-11-23\n---\nb\n",
	       "Status: is replaced in place, not doubled; Added: counts");
	back = note_set_status(out, olen, STATUS_READ, "2026-11-25", NULL, &olen);
	is_str(back, out, "marking read again changes nothing");
	free(back);
	free(out);
	const char *upper_read = "---\nSTATUS: read\nREAD: 2020-02-02\n---\n";
	out = note_set_status(upper_read, strlen(upper_read), STATUS_UNREAD, "2026-11-23", "2020-01-01", &olen);
	is_str(out, "---\nSTATUS: unread\nadded: 2020-01-01\n---\n", "READ: is the read date, dropped on un-reading");
	free(out);
}

/* Two libraries made to share one cache directory never see each other's
 * papers: the index records the library it belongs to. */
static void test_foreign_index(void)
{
	char *a = path_join(tmpdir, "fa"), *b = path_join(tmpdir, "fb");
	char *cache = path_join(tmpdir, "shared-cache");
	setenv("QUIRE_CACHE_DIR", cache, 1);
	struct library *lib = NULL;
	char *err = NULL;
	ok(library_open(a, &lib, &err) == 0, "open library A");
	struct paper pa[1] = {mk("2001.00001", "Paper of A", "T", 2020, STATUS_UNREAD)};
	struct list_stamp st = {1, 1};
	ok(library_replace_list(lib, "l.md", st, pa, 1, NULL, 0, &err) == 0, "A's list indexed");
	library_close(&lib);
	ok(library_open(b, &lib, &err) == 0, "open library B on the same cache");
	struct paper_row *rows;
	size_t n = 99;
	library_rows(lib, NULL, &rows, &n, &err);
	is(n, 0, "B does not see A's papers");
	library_rows_free(&rows, n);
	ok(library_mark(lib, "2001.00001", STATUS_READ, &err) < 0, "B cannot mark A's paper");
	char *np = library_note_path(lib, "2001.00001");
	ok(!file_exists(np), "... and writes no note for it");
	free(np);
	library_close(&lib);

	/* A CRLF note keeps CRLF when a section is added. */
	ok(library_open(a, &lib, &err) == 0, "open library A again");
	ok(library_replace_list(lib, "l.md", st, pa, 1, NULL, 0, &err) == 0, "A's list indexed again");
	np = library_note_path(lib, "2001.00001");
	const char *crlf = "---\r\nstatus: reading\r\n---\r\nmine\r\n";
	file_write_atomic(np, crlf, strlen(crlf), NULL);
	ok(library_note_set_section(lib, "2001.00001", "Summary", "line one\nline two\n", &err) == 0,
	   "section added to a CRLF note");
	char *text = file_read_all(np, NULL, NULL);
	is_str(text, "---\r\nstatus: reading\r\n---\r\nmine\r\n\r\n## Summary\r\n\r\nline one\r\nline two\r\n",
	       "... in CRLF");
	free(text);
	free(np);
	library_close(&lib);
	paper_free(&pa[0]);
	free(err);
	free(a), free(b), free(cache);
}

/* The text a paper is summarised from when its PDF is not cached. */
static void test_own_text(void)
{
	char *dir = path_join(tmpdir, "own"), *cache = path_join(tmpdir, "own-cache");
	setenv("QUIRE_CACHE_DIR", cache, 1);
	struct library *lib = NULL;
	char *err = NULL;
	ok(library_open(dir, &lib, &err) == 0, "open a library for own text");
	struct paper a[1] = {mk("2106.09685", "LoRA", "LLM", 2021, STATUS_UNREAD)};
	a[0].comment = xstrdup("low-rank adapters");
	struct list_stamp st = {1, 1};
	library_replace_list(lib, "l.md", st, a, 1, NULL, 0, &err);
	ok(library_pdf_cached(lib, "2106.09685") == NULL, "no cached PDF yet");
	char *pdfdir = path_join(library_cache_dir(lib), "pdf");
	mkdir_p(pdfdir, &err);
	char *pdf = path_join(pdfdir, "2106.09685.pdf");
	file_write_atomic(pdf, "%PDF-1.4\n", 9, &err);
	char *got = library_pdf_cached(lib, "2106.09685");
	is_str(got, pdf, "the cached PDF is found");
	free(got);

	char *note = library_note_path(lib, "2106.09685");
	const char *text = "---\nstatus: reading\n---\nMy words.\n\n## Summary\n\nMy own summary.\n\n"
			   "<!-- quire:summary model=m.gguf date=2024-01-01 -->\n*m.gguf, 2024-01-01*\n\n"
			   "An old summary.\n<!-- /quire:summary -->\n\n## Questions\n\nWhy rank 8?\n";
	file_write_atomic(note, text, strlen(text), &err);
	library_close(&lib);
	ok(library_open(dir, &lib, &err) == 0, "reopen: the note is indexed");
	char *own = library_paper_own_text(lib, &a[0]);
	ok(own && strstr(own, "LoRA") && strstr(own, "low-rank adapters") && strstr(own, "My words.") &&
	   strstr(own, "## Questions") && strstr(own, "Why rank 8?"),
	   "own text: title, comment, note and the sections after the summary");
	ok(own && !strstr(own, "old summary") && !strstr(own, "quire:summary"),
	   "own text leaves quire's earlier summary block out");
	ok(own && strstr(own, "## Summary\n\nMy own summary."),
	   "own text keeps the user's own Summary section");
	free(own);
	free(note);
	free(pdf);
	free(pdfdir);
	paper_free(&a[0]);
	library_close(&lib);
	free(dir);
	free(cache);
	free(err);
}

int main(void)
{
	char tmpl[] = "/tmp/quire-lib-XXXXXX";
	tmpdir = mkdtemp(tmpl);
	test_keys();
	test_front_matter();
	test_index();
	test_own_text();
	test_front_matter_variants();
	test_foreign_index();
	nftw(tmpdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	return done_testing();
}
