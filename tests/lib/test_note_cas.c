/* Unit tests for src/lib/note_write.c: a note changed by another program
 * (one that does not take the notes lock, as an editor) between quire's
 * read and its write is never overwritten: the change is computed again
 * from the new text. */
#include "config.h"

#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/lib.h"
#include "lib/private.h"
#include "tap.h"

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	UNUSED(st), UNUSED(flag), UNUSED(ftw);
	return remove(path);
}

struct ctx {
	const char *path;
	int calls;
	int interfere;   /* calls during which another program writes the note */
};

/* Append "quire's line" to whatever the note holds; on the first calls,
 * another program rewrites the note after quire read it. */
static char *edit(const char *old, size_t len, void *p, size_t *out_len)
{
	struct ctx *c = p;
	c->calls++;
	if (c->calls <= c->interfere) {
		char *other = xasprintf("%.*sother program %d\n", (int)len, old ? old : "", c->calls);
		file_write_atomic(c->path, other, strlen(other), NULL);
		free(other);
	}
	char *text = xasprintf("%.*squire's line\n", (int)len, old ? old : "");
	*out_len = strlen(text);
	return text;
}

int main(void)
{
	char tmpl[] = "/tmp/quire-cas.XXXXXX";
	char *dir = mkdtemp(tmpl);
	if (!dir)
		return 1;
	char *cache = path_join(dir, "cache"), *libdir = path_join(dir, "lib");
	setenv("QUIRE_CACHE_DIR", cache, 1);
	struct library *lib = NULL;
	char *err = NULL;
	ok(library_open(libdir, &lib, &err) == 0, "open a library");
	struct paper p;
	memset(&p, 0, sizeof p);
	p.key = "2106.09685";
	p.title = "LoRA";
	struct list_stamp st = {1, 1};
	ok(library_replace_list(lib, "l.md", st, &p, 1, NULL, 0, &err) == 0, "a paper");
	char *path = library_note_path(lib, "2106.09685");
	file_write_atomic(path, "---\nadded: 2026-01-01\n---\n", 26, NULL);

	struct ctx c = {path, 0, 1};
	ok(note_update(lib, "2106.09685", edit, &c, &err) == 0, "the change is written");
	is(c.calls, 2, "computed again after the other program's write");
	size_t n;
	char *text = file_read_all(path, &n, NULL);
	is_str(text, "---\nadded: 2026-01-01\n---\nother program 1\nquire's line\n",
	       "both changes are in the note");
	free(text);

	struct ctx busy = {path, 0, 1000};
	FREE(&err);
	ok(note_update(lib, "2106.09685", edit, &busy, &err) < 0, "a note that never settles is reported");
	ok(err && strstr(err, "kept changing"), "saying so (%s)", err ? err : "");
	text = file_read_all(path, &n, NULL);
	ok(text && strstr(text, "other program 20\n") && !strstr(text + n - 20, "quire's line"),
	   "and the other program's text is what stays");
	free(text);

	/* tags, rating and status stamp the time of their change */
	struct strvec add = STRVEC_INIT, rm = STRVEC_INIT;
	strvec_push(&add, "#Deep Learning");
	ok(library_tag(lib, "2106.09685", &add, &rm, &err) == 0, "tag");
	ok(library_rate(lib, "2106.09685", 4, &err) == 0, "rate");
	ok(library_mark(lib, "2106.09685", STATUS_READ, &err) == 0, "mark");
	text = file_read_all(path, &n, NULL);
	char *v = note_front_matter_get(text, n, "tags");
	is_str(v, "[deep-learning]", "the tag normalised");
	free(v);
	v = note_front_matter_get(text, n, "rating_changed");
	ok(v && strlen(v) == 20 && v[10] == 'T' && v[19] == 'Z', "rating_changed: %s", v ? v : "");
	free(v);
	v = note_front_matter_get(text, n, "status_changed");
	ok(v && strlen(v) == 20, "status_changed: %s", v ? v : "");
	free(v);
	v = note_front_matter_get(text, n, "tags_changed");
	ok(v != NULL, "tags_changed");
	free(v);
	struct stat before, after;
	stat(path, &before);
	ok(library_rate(lib, "2106.09685", 4, &err) == 0, "the same rating again");
	stat(path, &after);
	ok(before.st_ino == after.st_ino, "leaves the note as it was (not rewritten)");
	free(text);
	strvec_free(&add);

	free(err);
	free(path);
	library_close(&lib);
	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(cache), free(libdir);
	return done_testing();
}
