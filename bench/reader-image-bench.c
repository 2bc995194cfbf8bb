/* reader-image-bench: the image view's page turn on the fixture PDFs.
 * For every page: symbols at 160x50 cells, and a full-width kitty, sixel
 * and iTerm2 image (10x20-pixel cells): the worker's part done ahead of the
 * turn (rendering; symbols: the cells too), the UI thread's part at the
 * turn (symbols: drawn through curses too), their sum (a page turn that
 * nothing was made ahead for), and the bytes written to the terminal.
 * Each document is opened once and its pages rendered in turn, as the
 * reader's worker does. Prints medians.
 *   make -C build bench/reader-image-bench && build/bench/reader-image-bench PDF... */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>

#include "pdf/pdf.h"
#include "tui/reader_image.h"

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp);
	return n ? (n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2) : 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: reader-image-bench PDF...\n");
		return 2;
	}
	/* the page turn draws through curses, as in the reader: a 256-colour
	 * terminal writing to /dev/null */
	FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
	SCREEN *scr = out && in ? newterm("xterm-256color", out, in) : NULL;
	if (!scr) {
		fprintf(stderr, "reader-image-bench: cannot set up curses (xterm-256color)\n");
		return 1;
	}
	start_color();
	use_default_colors();
	resizeterm(50, 160);
	static const struct {
		int mode, cols, rows, cw, ch;
		const char *name;
	} runs[] = {
		{PDF_IMAGE_SYMBOLS, 160, 49, 10, 20, "symbols 160x50"},
		{PDF_IMAGE_KITTY, 160, 49, 10, 20, "kitty 160 cols (1600 px wide)"},
		{PDF_IMAGE_SIXEL, 160, 49, 10, 20, "sixel 160 cols (1600 px wide)"},
		{PDF_IMAGE_ITERM, 160, 49, 10, 20, "iterm 160 cols (1600 px wide)"},
	};
	for (size_t r = 0; r < sizeof runs / sizeof *runs; r++) {
		double *render = NULL, *encode = NULL, *total = NULL, *bytes = NULL;
		size_t n = 0, cap = 0;
		for (int a = 1; a < argc; a++) {
			char *err = NULL;
			int pages = pdf_page_count(argv[a], &err);
			if (pages < 0) {
				fprintf(stderr, "%s\n", err);
				return 1;
			}
			for (int p = 0; p < pages; p++) {
				double rm, em;
				size_t b;
				if (rimg_bench_page(argv[a], p, runs[r].mode, runs[r].cols, runs[r].rows,
						    runs[r].cw, runs[r].ch, &rm, &em, &b, &err) < 0) {
					fprintf(stderr, "%s\n", err);
					return 1;
				}
				if (n == cap) {
					cap = cap ? cap * 2 : 64;
					render = realloc(render, cap * sizeof *render);
					encode = realloc(encode, cap * sizeof *encode);
					total = realloc(total, cap * sizeof *total);
					bytes = realloc(bytes, cap * sizeof *bytes);
					if (!render || !encode || !total || !bytes)
						return 1;
				}
				render[n] = rm;
				encode[n] = em;
				total[n] = rm + em;
				bytes[n] = (double)b;
				n++;
			}
		}
		printf("%-30s pages %zu  median: ahead (worker) %.1f ms  page turn (UI) %.1f ms  "
		       "not ahead %.1f ms",
		       runs[r].name, n, median(render, n), median(encode, n), median(total, n));
		if (runs[r].mode != PDF_IMAGE_SYMBOLS)
			printf("  %.0f bytes", median(bytes, n));
		printf("\n");
		free(render);
		free(encode);
		free(total);
		free(bytes);
	}
	rimg_bench_page(NULL, 0, 0, 0, 0, 0, 0, NULL, NULL, NULL, NULL);
	endwin();
	delscreen(scr);
	fclose(out);
	fclose(in);
	return 0;
}
