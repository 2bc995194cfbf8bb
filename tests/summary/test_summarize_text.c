/* test_summarize_text: cleaning, sections and chunks of the fixture PDFs'
 * text, and the extractive fallback; no model needed. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "llm/summarize.h"
#include "pdf/pdf.h"
#include "tap.h"
#include "util/util.h"

static char *fixture_text(const char *name)
{
	char *rel = xasprintf("pdf/%s", name);
	char *p = test_data(rel);
	free(rel);
	char *t = pdf_text(p, -1, NULL);
	free(p);
	return t;
}

static void check_chunks(const char *text, size_t budget, const char *what)
{
	struct strvec v = STRVEC_INIT;
	summarize_chunks(NULL, text, budget, &v);
	size_t bad = 0, total = 0;
	for (size_t i = 0; i < v.n; i++) {
		if (summarize_count_tokens(NULL, v.v[i], strlen(v.v[i])) > budget)
			bad++;
		total += strlen(v.v[i]);
	}
	ok(v.n > 0 && bad == 0, "%s: %zu chunks of at most %zu tokens", what, v.n, budget);
	ok(total + 2 * v.n >= strlen(text) / 2, "%s: the chunks keep the text (%zu of %zu bytes)",
	   what, total, strlen(text));
	strvec_free(&v);
}

int main(void)
{
	char *c = summarize_clean("A para-\ngraph over\nthree lines.\n\n\n\fNext one.\n");
	is_str(c, "A paragraph over three lines.\n\nNext one.", "clean: dehyphenate, join, paragraphs");
	free(c);

	char *jss = fixture_text("Rcpp-jss-2011.pdf"), *intro = fixture_text("Rcpp-introduction.pdf");
	if (!jss || !intro) {
		printf("# fixture PDFs not found: skipping their part\n");
	} else {
		char *cj = summarize_clean(jss);
		struct summary_parts p;
		summarize_parts(cj, &p);
		ok(p.head && strstr(p.head, "Rcpp: Seamless R and C++ Integration"), "jss: head has the title");
		ok(p.abstract && str_starts_with(p.abstract, "The Rcpp package simplifies"),
		   "jss: the abstract found");
		ok(p.intro && str_starts_with(p.intro, "1. Introduction"), "jss: introduction found");
		/* "1.2. Related work" belongs to it; "2. The Rcpp API" does not. */
		ok(p.intro && strstr(p.intro, "1.3. Rcpp use cases") &&
			   !strstr(p.intro, "2. The Rcpp API"),
		   "jss: introduction ends before section 2 (%zu bytes)", p.intro ? strlen(p.intro) : 0);
		ok(p.conclusion && str_starts_with(p.conclusion, "10. Summary"),
		   "jss: conclusion found (%zu bytes)", p.conclusion ? strlen(p.conclusion) : 0);
		ok(p.rest && !strstr(p.rest, "Eddelbuettel D, François R (2011)"), "jss: references dropped");
		summary_parts_free(&p);
		char *r = summarize_reorder(jss);
		const char *a = strstr(r, "1. Introduction"), *b = p.conclusion ? NULL : NULL;
		ok(a && str_starts_with(r, "Rcpp: Seamless"), "jss: reordered text starts with the title, then the introduction");
		UNUSED(b);
		check_chunks(r, 1700, "jss");
		check_chunks(r, 50, "jss, tiny budget");
		free(r);
		free(cj);

		char *ci = summarize_clean(intro);
		summarize_parts(ci, &p);
		ok(p.head && strstr(p.head, "R has always provided an application programming interface"),
		   "intro: the unlabelled abstract is in the head");
		ok(p.intro && str_starts_with(p.intro, "Introduction"), "intro: introduction found");
		ok(p.intro && !strstr(p.intro, "First Steps with Rcpp"),
		   "intro: introduction ends at the next (unnumbered) heading");
		summary_parts_free(&p);
		free(ci);
		char *e = summarize_extractive(intro, 5);
		size_t lines = 0;
		for (const char *q = e; *q; q++)
			lines += *q == '\n';
		ok(lines >= 4 && lines <= 5, "extractive: five sentences (%zu lines)", lines);
		ok(utf8_valid(e, strlen(e)), "extractive: valid UTF-8");
		printf("# extractive summary of Rcpp-introduction.pdf:\n");
		for (char *line = strtok(e, "\n"); line; line = strtok(NULL, "\n"))
			printf("#   %s\n", line);
		free(e);
	}
	/* Hard cases for the chunker: one huge word, multibyte text. */
	char *word = xmalloc(5001);
	memset(word, 'x', 5000);
	word[5000] = '\0';
	check_chunks(word, 100, "one 5000-byte word");
	free(word);
	struct buf b = BUF_INIT;
	for (int i = 0; i < 800; i++)
		buf_adds(&b, "äöü€ ");
	check_chunks(buf_str(&b), 64, "multibyte words");
	struct strvec v = STRVEC_INIT;
	summarize_chunks(NULL, buf_str(&b), 64, &v);
	size_t badutf = 0;
	for (size_t i = 0; i < v.n; i++)
		badutf += !utf8_valid(v.v[i], strlen(v.v[i]));
	ok(badutf == 0, "chunks are valid UTF-8");
	strvec_free(&v);
	buf_free(&b);
	struct summary_parts none;
	summarize_parts("", &none);
	ok(!none.head && !none.intro && !none.rest, "empty text: no parts");
	summary_parts_free(&none);
	free(jss);
	free(intro);
	return done_testing();
}
