/* cmd_model.c: `quire model add|list|default`: the GGUF models in
 * models_dir() and the default one in the config file. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <mupdf/fitz.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/private.h"
#include "llm/gguf.h"
#include "llm/llm.h"
#include "llm/summarize.h"
#include "net/net.h"
#include "util/settings.h"
#include "util/i18n.h"

/* The SHA-256 of a file as 64 hex digits into hex[65]. */
static int file_sha256(const char *path, char hex[65], char **errp)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return error_set(errp, "%s: %s", path, strerror(errno));
	fz_sha256 st;
	fz_sha256_init(&st);
	unsigned char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		fz_sha256_update(&st, chunk, n);
	bool bad = ferror(f);
	fclose(f);
	if (bad)
		return error_set(errp, _("%s: read error"), path);
	unsigned char d[32];
	fz_sha256_final(&st, d);
	for (int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
	return 0;
}

static bool is_url(const char *s)
{
	return str_starts_with_ci(s, "http://") || str_starts_with_ci(s, "https://");
}

/* The file name a model gets: the last path component (URL query dropped),
 * ".gguf" added when missing. Caller frees. */
static char *model_file_name(const char *src)
{
	const char *end = src + strcspn(src, "?#");
	const char *slash = end;
	while (slash > src && slash[-1] != '/')
		slash--;
	char *name = xstrndup(slash, (size_t)(end - slash));
	if (!*name || name[0] == '.') {
		free(name);
		name = xstrdup("model.gguf");
	}
	if (!str_ends_with(name, ".gguf")) {
		char *n2 = xasprintf("%s.gguf", name);
		free(name);
		name = n2;
	}
	return name;
}

/* The .part file being written, removed if quire is interrupted. */
static volatile sig_atomic_t part_armed;
static char *part_path;

static void on_fatal_signal(int sig)
{
	if (part_armed)
		unlink(part_path);
	signal(sig, SIG_DFL); /* then die of it as before */
	raise(sig);
}

/* Remove path if a signal ends quire (NULL: stop). Signals that were
 * ignored when quire started stay ignored. */
static void part_guard(const char *path)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
	static void (*saved[ARRAY_SIZE(sigs)])(int);
	static bool guarding;
	part_armed = 0;
	free(part_path);
	part_path = path ? xstrdup(path) : NULL;
	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++) {
		if (path && !guarding) {
			saved[i] = signal(sigs[i], on_fatal_signal);
			if (saved[i] == SIG_IGN)
				signal(sigs[i], SIG_IGN);
		} else if (!path && guarding) {
			signal(sigs[i], saved[i]);
		}
	}
	guarding = path != NULL;
	part_armed = guarding;
}

/* Remove the .part files that no running `quire model add` holds locked:
 * left behind by a crash or a kill -9. */
static void clean_stale_parts(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] != '.' || !strstr(de->d_name, ".part."))
			continue;
		char *path = path_join(dir, de->d_name);
		int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		struct stat a, b;
		if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0 && fstat(fd, &a) == 0 &&
		    lstat(path, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev &&
		    S_ISREG(a.st_mode))
			unlink(path);
		if (fd >= 0)
			close(fd);
		free(path);
	}
	closedir(d);
}

/* A new .part file for name in dir, locked for as long as *lockfd is open
 * (clean_stale_parts leaves it alone). Returns the descriptor or -1. */
static int part_create(const char *dir, const char *name, char **tmp, int *lockfd)
{
	for (int tries = 0; tries < 5; tries++) {
		*tmp = xasprintf("%s/.%s.part.XXXXXX", dir, name);
		int fd = mkstemp(*tmp);
		if (fd < 0)
			return -1;
		struct stat st;
		/* a cleaner may have removed it between mkstemp and flock */
		if (flock(fd, LOCK_EX) == 0 && fstat(fd, &st) == 0 && st.st_nlink > 0) {
			*lockfd = dup(fd);
			return fd;
		}
		close(fd);
		FREE(tmp);
	}
	errno = EAGAIN;
	return -1;
}

static bool has_gguf_magic(const unsigned char *p)
{
	return memcmp(p, "GGUF", 4) == 0;
}

/* Download url into fd through the network layer, with a progress line
 * on stderr. */
static int download(const char *url, int fd, char **errp)
{
	struct net_settings s;
	struct net *net = NULL;
	if (net_settings_load(&s, errp) < 0 || net_open(&s, &net, errp) < 0) {
		close(fd);
		return -1;
	}
	struct net_request rq = {.url = url, .fd = fd, .expect = NET_EXPECT_GGUF};
	net_submit(net, &rq);
	double last = -1;
	int r = -1;
	for (bool done = false; !done;) {
		struct net_event ev;
		if (!net_wait(net, &ev, -1))
			continue;
		if (ev.type == NET_EV_PROGRESS) {
			double mb = (double)ev.now / 1e6;
			if (mb - last >= 1.0 || (ev.total > 0 && ev.now == ev.total)) {
				last = mb;
				/* the raw stream: the carriage return is ours (numbers
				 * only) and the sanitiser would drop it */
				FILE *err = term_raw(stderr);
				if (ev.total > 0)
					fprintf(err, _("\rquire: downloading: %.1f / %.1f MB (%d%%)"), mb,
						(double)ev.total / 1e6, (int)(100 * ev.now / ev.total));
				else
					fprintf(err, _("\rquire: downloading: %.1f MB"), mb);
			}
		} else if (ev.type == NET_EV_RETRY) {
			if (last >= 0)
				fputc('\n', stderr);
			last = -1;
			fprintf(stderr, _("quire: %s; trying again in %.1f s\n"), ev.error, ev.wait);
		} else {
			done = true;
			if (last >= 0)
				fputc('\n', stderr);
			if (ev.result == NET_OK)
				r = 0;
			else
				error_set(errp, "%s", ev.error);
		}
		net_event_free(&ev);
	}
	net_close(&net);
	if (r == 0 && fsync(fd) != 0)
		r = error_set(errp, "%s: %s", url, strerror(errno));
	close(fd);
	return r;
}

/* A local model file: a regular file that starts with "GGUF". */
static int check_source(const char *src, char **errp)
{
	struct stat st;
	if (stat(src, &st) != 0)
		return error_set(errp, "%s: %s", src, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return error_set(errp, _("%s: not a regular file; nothing was added"), src);
	FILE *in = fopen(src, "rb");
	if (!in)
		return error_set(errp, "%s: %s", src, strerror(errno));
	unsigned char head[4];
	bool ok = fread(head, 1, sizeof head, in) == sizeof head && has_gguf_magic(head);
	fclose(in);
	if (!ok)
		return error_set(errp, _("%s: not a GGUF model file (it does not start with \"GGUF\"); "
					 "nothing was added"), src);
	return 0;
}

static int copy_file(const char *src, int fd, const char *name, char **errp)
{
	FILE *in = fopen(src, "rb");
	if (!in) {
		close(fd);
		return error_set(errp, "%s: %s", src, strerror(errno));
	}
	unsigned char chunk[65536];
	size_t n;
	int r = 0;
	while (r == 0 && (n = fread(chunk, 1, sizeof chunk, in)) > 0)
		if (write(fd, chunk, n) != (ssize_t)n)
			r = error_set(errp, _("%s: cannot write %s in the models directory: %s"), src,
				      name, strerror(errno));
	if (ferror(in))
		r = error_set(errp, _("%s: read error"), src);
	fclose(in);
	if (fsync(fd) != 0 && r == 0)
		r = error_set(errp, _("%s: cannot write %s in the models directory: %s"), src, name,
			      strerror(errno));
	close(fd);
	return r;
}

static int model_add(int argc, char **argv)
{
	const char *src = NULL, *want = NULL, *name_opt = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--sha256") == 0 && i + 1 < argc)
			want = argv[++i];
		else if (strcmp(argv[i], "--name") == 0 && i + 1 < argc)
			name_opt = argv[++i];
		else if (!src && strcmp(argv[i], "--") == 0 && i + 2 == argc)
			src = argv[++i];
		else if (!src && argv[i][0] != '-')
			src = argv[i];
		else
			return cli_usage_error("model");
	}
	if (!src)
		return cli_usage_error("model");
	if (want && (strlen(want) != 64 || strspn(want, "0123456789abcdefABCDEF") != 64))
		return cli_fail(xasprintf(_("--sha256 %s: expected 64 hexadecimal digits"), want));
	char *err = NULL, *dir = models_dir();
	char *name = name_opt ? model_file_name(name_opt) : model_file_name(src);
	char *dest = path_join(dir, name);
	char *tmp = NULL;
	int fd = -1, lockfd = -1, r = -1;
	char hex[65];
	if (file_exists(dest)) {
		err = xasprintf(_("%s: already exists (remove it first)"), dest);
		goto out;
	}
	if (!is_url(src) && check_source(src, &err) < 0)
		goto out;
	if (mkdir_p(dir, &err) < 0)
		goto out;
	if ((fd = part_create(dir, name, &tmp, &lockfd)) < 0) {
		err = xasprintf(_("%s: cannot write in %s: %s"), name, dir, strerror(errno));
		goto out;
	}
	part_guard(tmp);
	if ((is_url(src) ? download(src, fd, &err) : copy_file(src, fd, name, &err)) < 0)
		goto out;
	if (file_sha256(tmp, hex, &err) < 0)
		goto out;
	if (want && strcasecmp(want, hex) != 0) {
		err = xasprintf(_("%s: SHA-256 mismatch: expected %s, got %s; nothing was added"), src,
				want, hex);
		goto out;
	}
	struct llm_model *m = llm_model_open(tmp, &err);
	if (!m) {
		/* the reader names the file it opened: the hidden .part */
		const char *why = err;
		if (str_starts_with(why, tmp) && str_starts_with(why + strlen(tmp), ": "))
			why += strlen(tmp) + 2;
		char *e2 = xasprintf(_("%s: not a usable GGUF model: %s; nothing was added"), src, why);
		free(err);
		err = e2;
		goto out;
	}
	llm_model_free(&m);
	if (rename(tmp, dest) != 0) {
		err = xasprintf("%s: %s", dest, strerror(errno));
		goto out;
	}
	part_guard(NULL);
	FREE(&tmp);
	printf("%s  %s\n", hex, name);
	fprintf(stderr, _("quire: added %s\n"), dest);
	r = 0;
out:
	if (tmp)
		unlink(tmp);
	part_guard(NULL);
	if (lockfd >= 0)
		close(lockfd);
	free(tmp);
	free(dest);
	free(name);
	free(dir);
	return r == 0 ? 0 : cli_fail(err);
}

/* "Q4_1 87%, F32 13%": weight bytes per tensor type, largest first. */
static char *quant_summary(const struct gguf_file *f)
{
	size_t bytes[64] = {0}, total = 0;
	for (uint64_t i = 0; i < f->n_tensors; i++) {
		unsigned t = (unsigned)f->tensors[i].type;
		if (t < ARRAY_SIZE(bytes))
			bytes[t] += f->tensors[i].nbytes;
		total += f->tensors[i].nbytes;
	}
	struct buf b = BUF_INIT;
	for (int k = 0; k < 3; k++) {
		size_t best = 0;
		for (size_t t = 1; t < ARRAY_SIZE(bytes); t++)
			if (bytes[t] > bytes[best])
				best = t;
		if (!bytes[best] || !total || bytes[best] * 100 < total)
			break;
		buf_printf(&b, "%s%s %d%%", b.len ? ", " : "", ggml_type_name((enum ggml_type)best),
			   (int)(100.0 * (double)bytes[best] / (double)total + 0.5));
		bytes[best] = 0;
	}
	return buf_detach(&b);
}

static int model_list(void)
{
	struct strvec v = STRVEC_INIT;
	models_list(&v);
	char *err = NULL, *def = models_default(&err);
	if (err) {
		fprintf(stderr, _("quire: warning: %s\n"), err);
		FREE(&err);
	}
	char *dir = models_dir();
	if (!v.n)
		fprintf(stderr, _("quire: no models in %s (add one with `quire model add PATH|URL`)\n"),
			dir);
	else
		printf("  %-40s %8s  %-8s %-26s %s\n", _("NAME"), _("SIZE"), _("ARCH"), _("WEIGHTS"),
		       _("CONTEXT"));
	for (size_t i = 0; i < v.n; i++) {
		char *path = path_join(dir, v.v[i]);
		struct stat st;
		double mb = stat(path, &st) == 0 ? (double)st.st_size / 1e6 : 0;
		struct llm_model *m = llm_model_open(path, &err);
		bool is_def = def && strcmp(def, path) == 0;
		if (m) {
			char *q = quant_summary(llm_model_gguf(m));
			printf("%s %-40s %6.1fMB  %-8s %-26s %zu\n", is_def ? "*" : " ", v.v[i], mb,
			       llm_model_arch(m), q, llm_model_n_ctx(m));
			free(q);
			llm_model_free(&m);
		} else {
			printf("%s %-40s %6.1fMB  %s\n", is_def ? "*" : " ", v.v[i], mb,
			       _("(unreadable)"));
			fprintf(stderr, "quire: %s\n", err);
			FREE(&err);
		}
		free(path);
	}
	free(dir);
	free(def);
	strvec_free(&v);
	return 0;
}

static int model_default(int argc, char **argv)
{
	if (argc != 2)
		return cli_usage_error("model");
	char *err = NULL;
	char *path = models_resolve(argv[1], &err);
	if (!path)
		return cli_fail(err);
	/* a default that cannot be loaded would only fail at the next summary */
	struct llm_model *m = llm_model_open(path, &err);
	free(path);
	if (!m) {
		char *e2 = xasprintf(_("%s: not a usable GGUF model, the default is unchanged: %s"),
				     argv[1], err);
		free(err);
		return cli_fail(e2);
	}
	llm_model_free(&m);
	char *cpath = config_path();
	int r = config_set(cpath, "llm", "model", argv[1], &err);
	if (r == 0)
		fprintf(stderr, _("quire: %s: [llm] model = %s\n"), cpath, argv[1]);
	free(cpath);
	return r == 0 ? 0 : cli_fail(err);
}

int cmd_model(const struct cli_globals *g, int argc, char **argv)
{
	UNUSED(g);
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return cli_print_help("model");
	char *dir = models_dir();
	clean_stale_parts(dir);
	free(dir);
	if (argc < 2)
		return model_list();
	if (strcmp(argv[1], "add") == 0)
		return model_add(argc - 1, argv + 1);
	if (strcmp(argv[1], "list") == 0 && argc == 2)
		return model_list();
	if (strcmp(argv[1], "default") == 0)
		return model_default(argc - 1, argv + 1);
	return cli_usage_error("model");
}
