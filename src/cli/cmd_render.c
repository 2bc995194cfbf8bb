/* cmd_render.c: `quire render PATH|KEY --page N --mode symbols|sixel|kitty|iterm
 * [--cols C --rows R]` */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli/private.h"
#include "pdf/pdf.h"
#include "util/i18n.h"
#include "util/settings.h"

#define DEFAULT_COLS 80
#define DEFAULT_ROWS 24
#define DEFAULT_CELL_W 10
#define DEFAULT_CELL_H 20
#define MAX_CELLS 2000
#define MAX_CELL_PX 200

static long parse_num(const char *s, long lo, long hi)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	return v;
}

/* "WxH" with both in [1, MAX_CELL_PX]. */
static bool parse_cell(const char *s, int *w, int *h)
{
	char *x = strchr(s, 'x');
	if (!x)
		return false;
	char *ws = xstrndup(s, (size_t)(x - s));
	long a = parse_num(ws, 1, MAX_CELL_PX), b = parse_num(x + 1, 1, MAX_CELL_PX);
	free(ws);
	if (a < 0 || b < 0)
		return false;
	*w = (int)a;
	*h = (int)b;
	return true;
}

/* The size of a cell in pixels: [reader] cell_size in the config, else the
 * terminal's (when it reports its size in pixels), else 10x20. */
static int cell_size(int *w, int *h, char **errp)
{
	*w = DEFAULT_CELL_W;
	*h = DEFAULT_CELL_H;
	struct winsize ws;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col &&
	    ws.ws_row && ws.ws_xpixel >= ws.ws_col && ws.ws_ypixel >= ws.ws_row) {
		*w = ws.ws_xpixel / ws.ws_col;
		*h = ws.ws_ypixel / ws.ws_row;
	}
	char *path = config_path();
	struct config *c = NULL;
	int r = 0;
	if (config_load(path, &c, errp) < 0) {
		r = -1;
	} else {
		const char *v = config_get(c, "reader", "cell_size");
		if (v && !parse_cell(v, w, h))
			r = error_set(errp, _("%s: [reader] cell_size = %s: expected WIDTHxHEIGHT in "
					      "pixels, each from 1 to %d"),
				      path, v, MAX_CELL_PX);
	}
	config_free(&c);
	free(path);
	return r;
}

int cmd_render(const struct cli_globals *g, int argc, char **argv)
{
	static const struct option longs[] = {
		{"page", required_argument, NULL, 'p'},
		{"mode", required_argument, NULL, 'm'},
		{"cols", required_argument, NULL, 'c'},
		{"rows", required_argument, NULL, 'r'},
		CLI_HELP_OPTION,
		{NULL, 0, NULL, 0},
	};
	long page = 1, cols = 0, rows = 0;
	int mode = PDF_IMAGE_SYMBOLS, c;
	while ((c = getopt_long(argc, argv, "p:m:c:r:h", longs, NULL)) != -1) {
		switch (c) {
		case 'h':
			return cli_print_help("render");
		case 'p':
			if ((page = parse_num(optarg, 1, INT_MAX)) < 0)
				return cli_fail(xasprintf(
					_("--page %s: not a page number (1 is the first)"), optarg));
			break;
		case 'm':
			if ((mode = pdf_image_mode_parse(optarg)) < 0)
				return cli_fail(xasprintf(
					_("--mode %s: expected symbols, sixel, kitty or iterm"), optarg));
			break;
		case 'c':
		case 'r':
			if ((*(c == 'c' ? &cols : &rows) = parse_num(optarg, 1, MAX_CELLS)) < 0)
				return cli_fail(xasprintf(_("--%s %s: expected a number from 1 to %d"),
							  c == 'c' ? "cols" : "rows", optarg,
							  MAX_CELLS));
			break;
		default:
			return cli_usage_error("render");
		}
	}
	if (argc - optind != 1)
		return cli_usage_error("render");
	struct winsize ws;
	bool tty = isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
		   ws.ws_col > 0 && ws.ws_row > 1;
	if (!cols)
		cols = tty ? ws.ws_col : DEFAULT_COLS;
	if (!rows)
		rows = tty ? ws.ws_row - 1 : DEFAULT_ROWS;
	int cw, ch;
	char *err = NULL;
	if (cell_size(&cw, &ch, &err) < 0)
		return cli_fail(err);
	char *path = cli_pdf_resolve(g, argv[optind], &err);
	if (!path)
		return cli_fail(err ? err : xasprintf(_("%s: cannot be read"), argv[optind]));
	struct pdf_pixels px;
	int r = pdf_render_page(path, (int)page - 1, (int)cols * cw, (int)rows * ch, NULL, &px,
				&err);
	free(path);
	if (r < 0)
		return cli_fail(err);
	size_t len;
	char *out = pdf_image_encode(&px, (enum pdf_image_mode)mode, (int)cols, (int)rows, cw, ch,
				     &len);
	pdf_pixels_free(&px);
	/* Graphics are meant for the terminal: the sanitising filter would
	 * take their escape sequences out. */
	FILE *raw = term_raw(stdout);
	fwrite(out, 1, len, raw);
	free(out);
	if (fflush(raw) != 0 || ferror(raw))
		return cli_fail(xasprintf(_("cannot write the image: %s"), strerror(errno)));
	return 0;
}
