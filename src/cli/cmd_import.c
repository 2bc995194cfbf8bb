/* cmd_import.c: `quire import [--as NAME] FILE...` */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/private.h"
#include "import/import.h"
#include "util/i18n.h"

/* Bytes of a stored list name before its extension, at most. */
#define LIST_NAME_MAX 120

/* May a code point stay in a list name taken from a file name? Letters and
 * digits (ASCII, and non-ASCII outside the punctuation, symbol, emoji,
 * private-use and special blocks), '-', '_' and '.'. */
static bool name_cp_ok(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		       (cp >= '0' && cp <= '9') || cp == '-' || cp == '_' || cp == '.';
	return cp >= 0xC0 && cp != 0xD7 && cp != 0xF7 && !(cp >= 0x2000 && cp <= 0x2BFF) &&
	       !(cp >= 0x3000 && cp <= 0x303F) && !(cp >= 0xD800 && cp <= 0xF8FF) &&
	       !(cp >= 0xFE00 && cp <= 0xFE4F) && !(cp >= 0xFF00 && cp <= 0xFF0F) &&
	       cp < 0xFFF0 && cp != 0xFFFD && !utf8_is_emoji(cp);
}

static const char *list_extension(const char *name)
{
	static const char *const exts[] = {".md", ".markdown", ".txt"};
	size_t len = strlen(name);
	for (size_t i = 0; i < ARRAY_SIZE(exts); i++) {
		size_t n = strlen(exts[i]);
		if (len > n && strcmp(name + len - n, exts[i]) == 0)
			return name + len - n;
	}
	return NULL;
}

/* The name a list gets under lists/ from its source path: the base name's
 * letters and digits ('-', '_' and inner '.' too), other runs as one '_',
 * at most LIST_NAME_MAX bytes, with .md added unless it ends in .md,
 * .markdown or .txt. The same path always gives the same name. Caller frees. */
static char *list_name_from_path(const char *path)
{
	size_t end = strlen(path);
	while (end > 1 && path[end - 1] == '/')
		end--;
	size_t start = end;
	while (start > 0 && path[start - 1] != '/')
		start--;
	char *base = xstrndup(path + start, end - start);
	const char *ext = list_extension(base);
	size_t stem_len = ext ? (size_t)(ext - base) : strlen(base);
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < stem_len;) {
		uint32_t cp;
		size_t n = utf8_decode(base + i, stem_len - i, &cp);
		bool ok = name_cp_ok(cp) && !(cp == '.' && b.len == 0);
		if (ok && b.len + n <= LIST_NAME_MAX)
			buf_add(&b, base + i, n);
		else if (!ok && b.len && b.data[b.len - 1] != '_' && b.len < LIST_NAME_MAX)
			buf_addc(&b, '_');
		i += n;
	}
	while (b.len && (b.data[b.len - 1] == '_' || b.data[b.len - 1] == '.'))
		b.len--;
	if (b.len == 0)
		buf_adds(&b, "list");
	buf_adds(&b, ext ? ext : ".md");
	free(base);
	return buf_detach(&b);
}

/* The name --as NAME asks for (.md added unless it has a list extension),
 * or NULL with *errp set when it is not a usable file name. */
static char *list_name_as(const char *as, char **errp)
{
	bool ok = *as && as[0] != '.' && !strchr(as, '/') && strlen(as) <= LIST_NAME_MAX &&
		  utf8_valid(as, strlen(as));
	for (size_t i = 0, len = strlen(as); ok && i < len;) {
		uint32_t cp;
		i += utf8_decode(as + i, len - i, &cp);
		ok = cp >= 0x20 && cp != 0x7F && !(cp >= 0x80 && cp < 0xA0);
	}
	if (!ok) {
		char *shown = text_sanitize(as);
		error_set(errp,
			  _("--as %s: not a usable list name (it must not be empty, contain '/' or "
			    "control characters, start with '.', or exceed %d bytes)"),
			  shown, LIST_NAME_MAX);
		free(shown);
		return NULL;
	}
	return list_extension(as) ? xstrdup(as) : xasprintf("%s.md", as);
}

/* Read the list the user named: a regular file (symbolic links followed),
 * at most IMPORT_MAX_BYTES; never reads more than one byte past that.
 * Caller frees. */
static char *read_list_file(const char *path, size_t *len, char **errp)
{
	int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0) {
		error_set(errp, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		error_set(errp, S_ISDIR(st.st_mode) ? _("%s: is a directory, not a reading list")
						    : _("%s: not a regular file, not a reading list"),
			  path);
		return NULL;
	}
	struct buf b = BUF_INIT;
	char chunk[65536];
	int r = 0;
	while (r == 0 && b.len <= IMPORT_MAX_BYTES) {
		size_t want = IMPORT_MAX_BYTES + 1 - b.len;
		ssize_t n = read(fd, chunk, want < sizeof chunk ? want : sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			r = error_set(errp, "%s: %s", path, strerror(errno));
		if (n <= 0)
			break;
		buf_add(&b, chunk, (size_t)n);
	}
	close(fd);
	if (r == 0 && b.len > IMPORT_MAX_BYTES)
		r = error_set(errp, _("%s: too large for a reading list (over %zu MiB)"), path,
			      IMPORT_MAX_BYTES >> 20);
	if (r < 0) {
		buf_free(&b);
		return NULL;
	}
	*len = b.len;
	return buf_detach(&b);
}

int cmd_import(const struct cli_globals *g, int argc, char **argv)
{
	static const struct option opts[] = {
		{"as", required_argument, NULL, 'a'}, CLI_HELP_OPTION, {NULL, 0, NULL, 0}};
	const char *as = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "a:h", opts, NULL)) != -1) {
		if (c == 'h')
			return cli_print_help("import");
		if (c != 'a')
			return cli_usage_error("import");
		as = optarg;
	}
	if (optind >= argc || (as && argc - optind != 1))
		return cli_usage_error("import");
	char *err = NULL, *as_name = as ? list_name_as(as, &err) : NULL;
	if (as && !as_name) {
		cli_fail(err);
		return 2;
	}
	struct library *lib = NULL;
	if (library_open(g->dir, &lib, &err) < 0) {
		free(as_name);
		return cli_fail(err);
	}
	library_set_refresh(lib, cli_refresh_lists);
	library_set_mojibake_test(lib, cli_is_mojibake);
	int status = 0;
	char *lists_dir = path_join(library_dir(lib), "lists");
	struct strvec imported = STRVEC_INIT;
	for (int i = optind; i < argc; i++) {
		size_t raw_len, len;
		char *raw = read_list_file(argv[i], &raw_len, &err);
		char *text = raw ? import_decode(argv[i], raw, raw_len, &len, &err) : NULL;
		free(raw);
		if (!text) {
			status = cli_fail(err);
			err = NULL;
			continue;
		}
		char *name = as_name ? xstrdup(as_name) : list_name_from_path(argv[i]);
		char *dest = path_join(lists_dir, name);
		size_t old_len;
		char *old = file_read_regular(dest, LIST_MAX, &old_len, NULL);
		bool same = old && old_len == len && memcmp(old, text, len) == 0;
		if (!same && file_write_atomic(dest, text, len, &err) < 0) {
			status = cli_fail(err);
			err = NULL;
		} else {
			strvec_push(&imported, name);
		}
		free(old);
		free(dest);
		free(name);
		free(text);
	}
	free(lists_dir);
	free(as_name);
	int refreshed = cli_refresh_lists(lib, &err);
	/* the notes' statuses into the lists' check marks, as marking writes them */
	for (size_t i = 0; refreshed == 0 && i < imported.n; i++)
		library_list_apply_marks(lib, imported.v[i]);
	strvec_free(&imported);
	cli_print_warnings(lib);
	if (refreshed < 0)
		status = cli_fail(err);
	else {
		size_t n;
		struct paper_row *rows;
		if (library_rows(lib, NULL, &rows, &n, &err) == 0) {
			printf(ngettext("%zu paper in the library\n", "%zu papers in the library\n", n), n);
			library_rows_free(&rows, n);
		} else
			status = cli_fail(err);
	}
	library_close(&lib);
	return status;
}
