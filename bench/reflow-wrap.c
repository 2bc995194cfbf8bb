/* reflow-wrap: time pdf_reflow on a PDF and the re-wrap of each page to a
 * new width (the page turn of the reader's text mode).
 *   bench/reflow-wrap FILE.pdf [ROUNDS]
 * Prints the median reflow time and the median and worst re-wrap time. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "pdf/pdf.h"
#include "util/util.h"

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE.pdf [ROUNDS]\n", argv[0]);
		return 2;
	}
	int rounds = argc > 2 ? atoi(argv[2]) : 10;
	if (rounds < 1)
		rounds = 1;
	double *t = xcalloc((size_t)rounds, sizeof *t);
	struct pdf_doc_text *d = NULL;
	char *err = NULL;
	for (int r = 0; r < rounds; r++) {
		pdf_doc_text_free(&d);
		double t0 = now();
		d = pdf_reflow(argv[1], NULL, &err);
		t[r] = now() - t0;
		if (!d) {
			fprintf(stderr, "%s\n", err);
			return 1;
		}
	}
	qsort(t, (size_t)rounds, sizeof *t, cmp);
	printf("reflow %s: %zu pages, median %.1f ms over %d rounds\n", argv[1], d->n,
	       t[rounds / 2] * 1e3, rounds);
	/* Each page wrapped at widths a terminal is resized through. */
	static const int widths[] = {80, 120, 60, 200, 100, 40};
	size_t n = d->n * (sizeof widths / sizeof *widths);
	double *w = xcalloc(n, sizeof *w);
	size_t k = 0, lines = 0;
	for (size_t p = 0; p < d->n; p++)
		for (size_t i = 0; i < sizeof widths / sizeof *widths; i++) {
			struct pdf_lines l = PDF_LINES_INIT;
			double t0 = now();
			pdf_wrap_page(d, p, widths[i], &l);
			w[k++] = now() - t0;
			lines += l.n;
			pdf_lines_free(&l);
		}
	qsort(w, n, sizeof *w, cmp);
	printf("re-wrap one page to a new width: median %.3f ms, worst %.3f ms (%zu wraps, %zu "
	       "lines)\n",
	       w[n / 2] * 1e3, w[n - 1] * 1e3, n, lines);
	pdf_doc_text_free(&d);
	free(t);
	free(w);
	return 0;
}
