/* file.c: whole-file reads, atomic replacement, directories. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/i18n.h"
#include "util/util.h"

char *file_read_all(const char *path, size_t *lenp, char **errp)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		error_set(errp, "%s: %s", path, strerror(errno));
		return NULL;
	}
	struct buf b = BUF_INIT;
	char chunk[65536];
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof chunk);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			error_set(errp, "%s: %s", path, strerror(errno));
			close(fd);
			buf_free(&b);
			return NULL;
		}
		if (n == 0)
			break;
		buf_add(&b, chunk, (size_t)n);
	}
	close(fd);
	if (lenp)
		*lenp = b.len;
	return buf_detach(&b);
}

char *file_read_regular(const char *path, size_t max, size_t *lenp, char **errp)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		if (e == ELOOP)
			error_set(errp, _("%s: a symbolic link; quire does not follow links in the library"), path);
		else
			error_set(errp, "%s: %s", path, strerror(e));
		errno = e;
		return NULL;
	}
	struct stat st;
	int e = fstat(fd, &st) < 0 ? errno : S_ISREG(st.st_mode) ? 0 : EINVAL;
	if (e) {
		if (e == EINVAL)
			error_set(errp, _("%s: not a regular file"), path);
		else
			error_set(errp, "%s: %s", path, strerror(e));
		close(fd);
		errno = e;
		return NULL;
	}
	struct buf b = BUF_INIT;
	char chunk[65536];
	for (;;) {
		if ((unsigned long long)st.st_size > max || b.len > max) {
			error_set(errp, _("%s: too large (over %zu MiB); quire reads no bigger file here"), path,
				  max >> 20);
			close(fd);
			buf_free(&b);
			errno = EFBIG;
			return NULL;
		}
		ssize_t n = read(fd, chunk, sizeof chunk);
		if (n < 0) {
			e = errno;
			if (e == EINTR)
				continue;
			error_set(errp, "%s: %s", path, strerror(e));
			close(fd);
			buf_free(&b);
			errno = e;
			return NULL;
		}
		if (n == 0)
			break;
		buf_add(&b, chunk, (size_t)n);
	}
	close(fd);
	if (lenp)
		*lenp = b.len;
	return buf_detach(&b);
}

int write_full(int fd, const void *data, size_t n)
{
	const char *p = data;
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int fsync_dir_of(const char *path)
{
	char *copy = xstrdup(path);
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(copy);
	if (fd < 0)
		return -1;
	int r = fsync(fd);
	close(fd);
	return r;
}

int file_write_atomic(const char *path, const void *data, size_t len, char **errp)
{
	char *tmp = xasprintf("%s.tmp.XXXXXX", path);
	int fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		error_set(errp, "%s: cannot create temporary file: %s", path, strerror(errno));
		free(tmp);
		return -1;
	}
	struct stat st;
	mode_t mode = stat(path, &st) == 0 ? (st.st_mode & 07777) : 0644;
	if (fchmod(fd, mode) < 0 || write_full(fd, data, len) < 0 || fsync(fd) < 0) {
		error_set(errp, "%s: %s", path, strerror(errno));
		close(fd);
		unlink(tmp);
		free(tmp);
		return -1;
	}
	if (close(fd) < 0 || rename(tmp, path) < 0) {
		error_set(errp, "%s: %s", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	if (fsync_dir_of(path) < 0)
		return error_set(errp, "%s: cannot sync directory: %s", path, strerror(errno));
	return 0;
}

int file_append_record(const char *path, const char *rec, size_t len, char **errp)
{
	int fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return error_set(errp, "%s: %s", path, strerror(errno));
	struct stat st;
	if (fstat(fd, &st) == 0 && !S_ISREG(st.st_mode)) {
		close(fd);
		return error_set(errp, _("%s: not a regular file"), path);
	}
	/* a record never continues a line a crash left half-written */
	char last = '\n';
	if (st.st_size > 0 && pread(fd, &last, 1, st.st_size - 1) != 1)
		last = '\n';
	struct buf line = BUF_INIT;
	if (last != '\n')
		buf_addc(&line, '\n');
	buf_add(&line, rec, len);
	int r = 0;
	if (write_full(fd, line.data, line.len) < 0 || fsync(fd) < 0)
		r = error_set(errp, "%s: %s", path, strerror(errno));
	if (close(fd) < 0 && r == 0)
		r = error_set(errp, "%s: %s", path, strerror(errno));
	buf_free(&line);
	return r;
}

int mkdir_p(const char *path, char **errp)
{
	char *p = xstrdup(path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST) {
			error_set(errp, "%s: %s", p, strerror(errno));
			free(p);
			return -1;
		}
		*s = '/';
	}
	if (mkdir(p, 0755) < 0 && errno != EEXIST) {
		error_set(errp, "%s: %s", p, strerror(errno));
		free(p);
		return -1;
	}
	free(p);
	return 0;
}

bool file_exists(const char *path)
{
	return access(path, F_OK) == 0;
}

char *path_join(const char *a, const char *b)
{
	size_t n = strlen(a);
	while (n > 1 && a[n - 1] == '/')
		n--;
	while (*b == '/')
		b++;
	return xasprintf("%.*s/%s", (int)n, a, b);
}
