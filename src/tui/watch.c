/* watch.c: changes other processes make under the library (a `quire mark`
 * from another shell, a note saved in an editor, a git pull). inotify on
 * notes/ and lists/ where the system has it, else a stat of both
 * directories' files every WATCH_POLL_MS. A burst of changes (a pull writes
 * many files) makes one reload, once the directories have been quiet for
 * WATCH_QUIET_MS, or WATCH_MAX_DELAY_MS after its first change at the
 * latest. QUIRE_WATCH=poll in the environment makes it poll even where
 * inotify is there (to test the fallback). */
#include "config.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/inotify.h>
#endif

#include "tui/private.h"

#define WATCH_QUIET_MS 150
#define WATCH_MAX_DELAY_MS 1000
#define WATCH_POLL_MS 1000

struct watch {
	char *dirs[2];      /* notes/ and lists/, WATCH_NOTES and WATCH_LISTS */
	int fd;             /* inotify, or -1: stat polling */
	int wd[2];          /* inotify watch of each directory */
	uint64_t sig[2];    /* stat polling: signature of each directory */
	double next_poll;   /* stat polling: when to look next (ms) */
	unsigned pending;   /* WATCH_* bits changed and not yet reported */
	double first, last; /* times (ms) of the first and latest pending change */
};

static double now_ms(void)
{
	return tui_now_us() / 1000.0;
}

/* FNV-1a over the names, sizes and modification times of a directory's
 * entries (in any order: each entry's hash is added). */
static uint64_t dir_signature(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	uint64_t sum = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char *path = path_join(dir, de->d_name);
		struct stat st;
		uint64_t h = 1469598103934665603ULL;
		for (const char *c = de->d_name; *c; c++)
			h = (h ^ (unsigned char)*c) * 1099511628211ULL;
		if (stat(path, &st) == 0) {
			uint64_t v[3] = {(uint64_t)st.st_size, (uint64_t)st.st_mtim.tv_sec,
					 (uint64_t)st.st_mtim.tv_nsec};
			for (size_t i = 0; i < 3; i++)
				h = (h ^ v[i]) * 1099511628211ULL;
		}
		sum += h;
		free(path);
	}
	closedir(d);
	return sum;
}

static void note_change(struct watch *w, unsigned what, double now)
{
	if (!w->pending)
		w->first = now;
	w->pending |= what;
	w->last = now;
}

struct watch *watch_open(const char *lib_dir)
{
	struct watch *w = xcalloc(1, sizeof *w);
	w->dirs[0] = path_join(lib_dir, "notes");
	w->dirs[1] = path_join(lib_dir, "lists");
	w->fd = -1;
#ifdef __linux__
	const char *how = getenv("QUIRE_WATCH");
	if (!how || strcmp(how, "poll") != 0)
		w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	for (int i = 0; i < 2 && w->fd >= 0; i++) {
		w->wd[i] = inotify_add_watch(w->fd, w->dirs[i],
					     IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE |
						     IN_DELETE | IN_ATTRIB | IN_ONLYDIR);
		if (w->wd[i] < 0) {
			close(w->fd);
			w->fd = -1;
		}
	}
#endif
	if (w->fd < 0) {
		for (int i = 0; i < 2; i++)
			w->sig[i] = dir_signature(w->dirs[i]);
		w->next_poll = now_ms() + WATCH_POLL_MS;
	}
	return w;
}

void watch_close(struct watch **wp)
{
	struct watch *w = *wp;
	if (!w)
		return;
	if (w->fd >= 0)
		close(w->fd);
	free(w->dirs[0]);
	free(w->dirs[1]);
	FREE(wp);
}

int watch_fd(const struct watch *w)
{
	return w ? w->fd : -1;
}

int watch_timeout(const struct watch *w)
{
	if (!w)
		return -1;
	double now = now_ms(), due = -1;
	if (w->pending) {
		due = w->last + WATCH_QUIET_MS;
		if (due > w->first + WATCH_MAX_DELAY_MS)
			due = w->first + WATCH_MAX_DELAY_MS;
	}
	if (w->fd < 0 && (due < 0 || w->next_poll < due))
		due = w->next_poll;
	if (due < 0)
		return -1;
	return due <= now ? 0 : (int)(due - now) + 1;
}

void watch_read(struct watch *w)
{
#ifdef __linux__
	if (!w || w->fd < 0)
		return;
	/* the buffer inotify(7) suggests, aligned for struct inotify_event */
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	ssize_t n;
	double now = now_ms();
	while ((n = read(w->fd, buf, sizeof buf)) > 0) {
		for (char *p = buf; p < buf + n;) {
			const struct inotify_event *ev = (const struct inotify_event *)p;
			/* temporary files (quire's "KEY.md.tmp.XXXXXX", an
			 * editor's swap files) do not count, their rename does */
			if (!ev->len || str_ends_with(ev->name, ".md") ||
			    str_ends_with(ev->name, ".markdown") || str_ends_with(ev->name, ".txt"))
				note_change(w, ev->wd == w->wd[0] ? WATCH_NOTES : WATCH_LISTS, now);
			if (ev->mask & IN_Q_OVERFLOW)
				note_change(w, WATCH_NOTES | WATCH_LISTS, now);
			p += sizeof *ev + ev->len;
		}
	}
#else
	(void)w;
#endif
}

unsigned watch_due(struct watch *w)
{
	if (!w)
		return 0;
	double now = now_ms();
	if (w->fd < 0 && now >= w->next_poll) {
		for (int i = 0; i < 2; i++) {
			uint64_t s = dir_signature(w->dirs[i]);
			if (s != w->sig[i])
				note_change(w, i == 0 ? WATCH_NOTES : WATCH_LISTS, now);
			w->sig[i] = s;
		}
		w->next_poll = now + WATCH_POLL_MS;
	}
	if (!w->pending || (now < w->last + WATCH_QUIET_MS && now < w->first + WATCH_MAX_DELAY_MS))
		return 0;
	unsigned what = w->pending;
	w->pending = 0;
	return what;
}
