/* Unit tests for quire's merge driver for notes (src/sync/merge.c): the
 * front matter field by field, the body three-way through git merge-file. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/lib.h"
#include "sync/sync.h"
#include "tap.h"

static char *merge(const char *o, const char *a, const char *b, int *conflicts)
{
	size_t n;
	char *err = NULL;
	*conflicts = -1;
	char *m = sync_merge_note_text(o, o ? strlen(o) : 0, a, strlen(a), b, strlen(b), &n,
				       conflicts, &err);
	if (!m)
		printf("# merge failed: %s\n", err ? err : "?");
	free(err);
	return m;
}

static void test_front_matter(void)
{
	const char *o = "---\nstatus: unread\nadded: 2026-01-01\n---\n\nbody\n";
	const char *a = "---\nstatus: read\nadded: 2026-01-01\nread: 2026-11-02\n"
			"status_changed: 2026-11-02T10:00:00Z\n---\n\nbody\n";
	const char *b = "---\nstatus: reading\nadded: 2026-01-01\n"
			"status_changed: 2026-11-03T09:00:00Z\n---\n\nbody\n";
	int c;
	char *m = merge(o, a, b, &c);
	char *st = m ? note_front_matter_get(m, strlen(m), "status") : NULL;
	is_str(st, "reading", "the later status change wins (theirs)");
	free(st);
	st = m ? note_front_matter_get(m, strlen(m), "read") : NULL;
	ok(st == NULL, "the read date goes with the losing status");
	free(st);
	is(c, 0, "no conflict");
	free(m);
	m = merge(o, b, a, &c);
	st = m ? note_front_matter_get(m, strlen(m), "status") : NULL;
	is_str(st, "reading", "the same answer with the sides swapped");
	free(st);
	free(m);

	/* equal times: decided by value, the same from both sides */
	const char *x = "---\nstatus: read\nstatus_changed: 2026-11-03T09:00:00Z\n---\n";
	const char *y = "---\nstatus: reading\nstatus_changed: 2026-11-03T09:00:00Z\n---\n";
	char *m1 = merge("", x, y, &c), *m2 = merge("", y, x, &c);
	char *s1 = m1 ? note_front_matter_get(m1, strlen(m1), "status") : NULL;
	char *s2 = m2 ? note_front_matter_get(m2, strlen(m2), "status") : NULL;
	ok(s1 && s2 && strcmp(s1, s2) == 0, "a tie ends the same on both machines (%s, %s)", s1, s2);
	free(s1), free(s2), free(m1), free(m2);

	/* tags: union of additions minus removals; rating: later change */
	o = "---\ntags: [a, b]\nrating: 2\n---\ntext\n";
	a = "---\ntags: [a, b, c]\nrating: 4\nrating_changed: 2026-11-05T00:00:00Z\n---\ntext\n";
	b = "---\ntags: [b, d]\nrating: 5\nrating_changed: 2026-11-04T00:00:00Z\n---\ntext\n";
	m = merge(o, a, b, &c);
	char *tags = m ? note_front_matter_get(m, strlen(m), "tags") : NULL;
	is_str(tags, "[b, c, d]", "tags: both additions, the removal of a kept");
	free(tags);
	char *r = m ? note_front_matter_get(m, strlen(m), "rating") : NULL;
	is_str(r, "4", "the later rating wins");
	free(r);
	free(m);

	/* another field changed on one side only: taken from it */
	o = "---\nadded: 2026-01-01\nsource: x\n---\n";
	a = "---\nadded: 2026-01-01\nsource: x\n---\nmine\n";
	b = "---\nadded: 2026-01-01\nsource: y\n---\n";
	m = merge(o, a, b, &c);
	is_str(m, "---\nadded: 2026-01-01\nsource: y\n---\nmine\n", "a field only theirs changed, and ours' body");
	free(m);
}

static void test_body(void)
{
	int c;
	const char *o = "---\nstatus: unread\n---\n\nFirst paragraph.\n\nSecond paragraph.\n";
	const char *a = "---\nstatus: unread\n---\n\nFirst paragraph, edited here.\n\nSecond paragraph.\n";
	const char *b = "---\nstatus: unread\n---\n\nFirst paragraph.\n\nSecond paragraph, edited there.\n";
	char *m = merge(o, a, b, &c);
	is_str(m, "---\nstatus: unread\n---\n\nFirst paragraph, edited here.\n\nSecond paragraph, edited there.\n",
	       "edits to different paragraphs merge");
	is(c, 0, "without conflict");
	free(m);

	/* neighbouring lines changed on each side (check marks in a list) */
	m = merge("# L\n- [ ] a\n- [ ] b\n- [ ] c\n", "# L\n- [x] a\n- [ ] b\n- [ ] c\n",
		  "# L\n- [ ] a\n- [x] b\n- [ ] c\n", &c);
	is_str(m, "# L\n- [x] a\n- [x] b\n- [ ] c\n", "neighbouring lines changed on both sides merge");
	is(c, 0, "without conflict");
	free(m);

	const char *base = "---\nadded: 2026-01-01\n---\n\nNotes.\n";
	m = merge(base, "---\nadded: 2026-01-01\n---\n\nNotes.\n\nfrom A\n",
		  "---\nadded: 2026-01-01\n---\n\nNotes.\n\nfrom B\n", &c);
	is_str(m, "---\nadded: 2026-01-01\n---\n\nNotes.\n\nfrom A\n\nfrom B\n",
	       "lines both sides appended are both kept, ours first");
	is(c, 0, "appends do not conflict");
	free(m);

	m = merge(o, "---\nstatus: unread\n---\n\nA's words.\n\nSecond paragraph.\n",
		  "---\nstatus: read\nstatus_changed: 2026-11-01T00:00:00Z\n---\n\nB's words.\n\nSecond paragraph.\n", &c);
	ok(c > 0, "both rewrote one paragraph: a conflict");
	ok(m && strstr(m, "A's words.") && strstr(m, "B's words.") && strstr(m, "<<<<<<<"),
	   "both versions kept between markers");
	char *st = m ? note_front_matter_get(m, strlen(m), "status") : NULL;
	is_str(st, "read", "the front matter still merges");
	free(st);
	free(m);

	/* CRLF notes and no base at all (both added the note) */
	m = merge(NULL, "---\r\ntags: [x]\r\n---\r\nsame\r\n", "---\r\ntags: [y]\r\n---\r\nsame\r\n", &c);
	is_str(m, "---\r\ntags: [x, y]\r\n---\r\nsame\r\n", "a note both added: tags joined, CRLF kept");
	free(m);
}

static void test_files(void)
{
	char dir[] = "/tmp/quire-merge-test.XXXXXX";
	if (!mkdtemp(dir))
		return;
	char *o = path_join(dir, "o"), *a = path_join(dir, "a"), *b = path_join(dir, "b");
	file_write_atomic(o, "---\ntags: [a]\n---\n", 18, NULL);
	file_write_atomic(a, "---\ntags: [a, b]\n---\n", 21, NULL);
	file_write_atomic(b, "---\ntags: [c]\n---\n", 18, NULL);
	char *err = NULL;
	is(sync_merge_note_files(o, a, b, &err), 0, "the driver merges the files");
	size_t n;
	char *text = file_read_all(a, &n, NULL);
	is_str(text, "---\ntags: [b, c]\n---\n", "into ours");
	free(text);
	free(err);
	unlink(o), unlink(a), unlink(b), rmdir(dir);
	free(o), free(a), free(b);
}

int main(void)
{
	test_front_matter();
	test_body();
	test_files();
	return done_testing();
}
