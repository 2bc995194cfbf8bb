/* reader_reload.c: a PDF rewritten while the reader shows it (a LaTeX
 * build writes it again, truncated for a moment) is read again once it
 * has stopped changing and ends like a whole PDF; until then, and when it
 * cannot be read, the text read before stays. The file is checked with
 * stat() on the loop's timer: the cache may be on any file system, and a
 * build replaces the file as often as it rewrites it in place. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tui/reader_ext.h"
#include "util/i18n.h"

#define CHECK_US 250000.0  /* between two stat() calls */
#define STABLE_US 300000.0 /* unchanged this long before it is read */

static struct rfile file_state(const char *path)
{
	struct rfile f = {0};
	struct stat st;
	if (stat(path, &st) == 0) {
		f.exists = true;
		f.dev = st.st_dev;
		f.ino = st.st_ino;
		f.size = st.st_size;
		f.mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
	}
	return f;
}

static bool same(const struct rfile *a, const struct rfile *b)
{
	return a->exists == b->exists && a->dev == b->dev && a->ino == b->ino &&
	       a->size == b->size && a->mtime_ns == b->mtime_ns;
}

void rwatch_init(struct rwatch *w, const char *path)
{
	memset(w, 0, sizeof *w);
	w->loaded = w->seen = file_state(path);
}

bool rwatch_due(struct rwatch *w, const char *path, double now, char **msg)
{
	*msg = NULL;
	if (w->pending || now - w->checked_at < CHECK_US)
		return false;
	w->checked_at = now;
	struct rfile cur = file_state(path);
	if (same(&cur, &w->loaded)) {
		w->seen = cur;
		return false;
	}
	if (!same(&cur, &w->seen)) {
		w->seen = cur; /* changed: wait until it stays so */
		w->seen_at = now;
		return false;
	}
	if (now - w->seen_at < STABLE_US)
		return false;
	/* stable: taken as it is, so that a broken file is reported once */
	w->loaded = cur;
	if (!cur.exists) {
		*msg = xstrdup(_("The PDF is gone; the text read before stays"));
		return false;
	}
	if (pdf_sniff_end(path) != 1) {
		*msg = xstrdup(_("The PDF changed but is cut short; the text read before stays"));
		return false;
	}
	return true;
}

int rwatch_timeout(const struct rwatch *w)
{
	UNUSED(w);
	return (int)(CHECK_US / 1000);
}
