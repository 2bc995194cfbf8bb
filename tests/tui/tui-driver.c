/* tui-driver: open a library and run the TUI, for developing and testing
 * the TUI before (or without) main.c. Same options as quire:
 *   tui-driver --dir DIR [--headless SCRIPT] [--size CxR] [--dump FILE]
 *              [--key-times FILE] [--keys-roff] [--seed LIST.md]
 * --seed fills the index from a reading list with a tiny line parser (only
 * `## Topic` headings and `- [x] **[Title](url)** - Authors (Year)`
 * bullets), for when the real importer is not available. */
#include "config.h"

#include <getopt.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "lib/lib.h"
#include "tui/tui.h"
#include "util/util.h"

static void seed_line(const char *line, struct strvec *topics, struct paper **papers, size_t *n,
		      size_t *cap)
{
	if (line[0] == '#') {
		int depth = 0;
		while (line[depth] == '#')
			depth++;
		depth -= 2; /* "##" is the top level */
		if (depth < 0)
			return;
		while (topics->n > (size_t)depth)
			free(topics->v[--topics->n]);
		strvec_push(topics, line + depth + 3);
		return;
	}
	const char *lb = strstr(line, "[");
	if (strncmp(line, "- ", 2) != 0 || !lb)
		return;
	bool read = strncmp(line, "- [x]", 5) == 0;
	const char *t0 = strstr(line, "**[");
	if (!t0)
		return;
	t0 += 3;
	const char *t1 = strstr(t0, "](");
	const char *u1 = t1 ? strstr(t1, ")**") : NULL;
	if (!t1 || !u1)
		return;
	*papers = xgrow(*papers, cap, *n + 1, sizeof **papers);
	struct paper *p = &(*papers)[(*n)++];
	memset(p, 0, sizeof *p);
	p->title = xstrndup(t0, (size_t)(t1 - t0));
	p->url = xstrndup(t1 + 2, (size_t)(u1 - t1 - 2));
	const char *abs = strstr(p->url, "arxiv.org/abs/");
	if (abs)
		p->arxiv = xstrdup(abs + 14);
	const char *a0 = strstr(u1, " - ");
	if (a0) {
		a0 += 3;
		const char *y = strrchr(a0, '(');
		p->authors = xstrndup(a0, y ? (size_t)(y - a0 - 1) : strlen(a0));
		if (y)
			p->year = atoi(y + 1);
	}
	p->status = read ? STATUS_READ : STATUS_UNREAD;
	p->kind = KIND_PAPER;
	p->key = paper_key(p->arxiv, NULL, p->title);
	struct buf path = BUF_INIT;
	for (size_t i = 0; i < topics->n; i++)
		buf_printf(&path, "%s%s", i ? TOPIC_SEP : "", topics->v[i]);
	paper_add_topic(p, buf_str(&path));
	buf_free(&path);
}

static int seed(struct library *lib, const char *file)
{
	char *err = NULL;
	size_t len;
	char *text = file_read_all(file, &len, &err);
	if (!text)
		die("%s", err);
	struct strvec topics = STRVEC_INIT;
	struct paper *papers = NULL;
	size_t n = 0, cap = 0;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
		seed_line(line, &topics, &papers, &n, &cap);
	struct list_stamp stamp = {(long long)len, 0};
	const char *base = strrchr(file, '/');
	int r = library_replace_list(lib, base ? base + 1 : file, stamp, papers, n, NULL, 0, &err);
	if (r < 0)
		die("%s", err);
	for (size_t i = 0; i < n; i++)
		paper_free(&papers[i]);
	free(papers);
	strvec_free(&topics);
	free(text);
	return 0;
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	static const struct option opts[] = {
		{"dir", required_argument, NULL, 'd'},
		{"headless", required_argument, NULL, 'H'},
		{"size", required_argument, NULL, 'S'},
		{"dump", required_argument, NULL, 'D'},
		{"key-times", required_argument, NULL, 'K'},
		{"keys-roff", no_argument, NULL, 'R'},
		{"seed", required_argument, NULL, 's'},
		{NULL, 0, NULL, 0},
	};
	struct tui_options opt = {0};
	const char *dir = NULL, *seed_file = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "d:", opts, NULL)) != -1) {
		switch (c) {
		case 'd': dir = optarg; break;
		case 'H': opt.script = optarg; break;
		case 'D': opt.dump_path = optarg; break;
		case 'K': opt.key_times_path = optarg; break;
		case 's': seed_file = optarg; break;
		case 'R': tui_keys_roff(stdout); return 0;
		case 'S':
			if (tui_parse_size(optarg, &opt.cols, &opt.rows) < 0)
				die("--size %s: expected COLSxROWS", optarg);
			break;
		default: return 2;
		}
	}
	struct library *lib = NULL;
	char *err = NULL;
	if (library_open(dir, &lib, &err) < 0)
		die("%s", err);
	if (seed_file) {
		seed(lib, seed_file);
		library_close(&lib);
		return 0;
	}
	int r = tui_run(lib, &opt);
	library_close(&lib);
	return r;
}
