/* test_summarize_text: cleaning, sections and chunks of the fixture PDFs'
 * text, the extractive fallback, lead-3, strategy names, the shape of a
 * summary, the faithfulness check and the summary marker; no model
 * needed. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/lib.h"
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

static void test_strategies(void)
{
	const char *names[] = {"lead3", "extractive", "mapreduce", "onepass", "hybrid"};
	for (int i = 0; i < SUMMARY_N_STRATEGIES; i++) {
		enum summary_strategy st = SUMMARY_N_STRATEGIES;
		ok(summary_strategy_parse(names[i], &st) && (int)st == i &&
			   strcmp(summary_strategy_name(st), names[i]) == 0 &&
			   strstr(summary_strategy_names(), names[i]),
		   "strategy %s: parsed, named, listed", names[i]);
	}
	enum summary_strategy st = SUMMARY_HYBRID;
	ok(!summary_strategy_parse("Hybrid", &st) && !summary_strategy_parse("", &st) &&
		   st == SUMMARY_HYBRID,
	   "unknown names are refused");
	ok(!summary_strategy_uses_model(SUMMARY_LEAD3) &&
		   !summary_strategy_uses_model(SUMMARY_EXTRACTIVE) &&
		   summary_strategy_uses_model(SUMMARY_MAPREDUCE) &&
		   summary_strategy_uses_model(SUMMARY_ONEPASS) &&
		   summary_strategy_uses_model(SUMMARY_HYBRID),
	   "lead3 and extractive need no model, the others do");
	ok(summary_strategy_uses_model(SUMMARY_DEFAULT_STRATEGY), "the default runs the model");
}

static void test_shape(void)
{
	char *s = summary_shape("The paper adds X to R. It uses C++ templates. Tests pass on "
				"Linux. It is fast.");
	is_str(s, "TL;DR: The paper adds X to R.\n- It uses C++ templates.\n- Tests pass on "
		  "Linux.\n- It is fast.\n",
	       "sentences: the first is the TL;DR, the others points");
	free(s);
	s = summary_shape(" Rcpp joins R and C++.\n\n1. Problem: the C API is hard.\n* Method: "
			  "classes wrap R objects.\n- Result: less code.\n- Result: less code.\n");
	is_str(s, "TL;DR: Rcpp joins R and C++.\n- Problem: the C API is hard.\n- Method: classes "
		  "wrap R objects.\n- Result: less code.\n",
	       "list marks taken off, a repeated point dropped");
	free(s);
	s = summary_shape(": A one-line summary here.\n- one point here.\n- two points here.\n- "
			  "three points here.\n\nSummary: more text that goes on.");
	is_str(s, "TL;DR: A one-line summary here.\n- one point here.\n- two points here.\n- "
		  "three points here.\n",
	       "a blank line after three points ends the summary");
	free(s);
	s = summary_shape("First sentence is here.\n- a point that ends.\nTL;DR: First "
			  "sentence again.\n- and again.");
	is_str(s, "TL;DR: First sentence is here.\n- a point that ends.\n",
	       "a second TL;DR (the model starting over) ends it");
	free(s);
	s = summary_shape("One. Two is a sentence. Three is one too. Four is one too. Five is "
			  "here too. Six is here too. Seven is too many.");
	is_str(s, "TL;DR: Two is a sentence.\n- Three is one too.\n- Four is one too.\n- Five is "
		  "here too.\n- Six is here too.\n- Seven is too many.\n",
	       "fragments dropped, at most a TL;DR and five points");
	free(s);
	s = summary_shape("Rcpp joins R and C++.\n- Here is the summary:\n- It has classes.\n");
	is_str(s, "TL;DR: Rcpp joins R and C++.\n- It has classes.\n",
	       "a line announcing more (\"...:\") is no point");
	free(s);
	s = summary_shape("A summary that ends. A sentence cut by the token cap and");
	is_str(s, "TL;DR: A summary that ends.\n", "an unfinished last sentence is dropped");
	free(s);
	/* fed token by token, the shaped text only grows and ends the same */
	const char *ans = "TL;DR: Rcpp maps R types to C++ classes. It was written by two "
			  "people.\n- It uses templates e.g. for wrap.\n- The API is small.";
	struct summary_shaper sh;
	summary_shaper_init(&sh, NULL);
	struct buf prev = BUF_INIT, pv = BUF_INIT;
	size_t grew = 1, len = 0, early = 0;
	for (const char *p = ans; *p; p += 3) {
		summary_shaper_feed(&sh, p, strnlen(p, 3));
		grew &= sh.out.len >= len;
		len = sh.out.len;
		/* the preview shows the TL;DR as it grows, and only grows */
		summary_shaper_preview(&sh, &pv);
		grew &= pv.len >= prev.len && memcmp(pv.data, buf_str(&prev), prev.len) == 0;
		early += !sh.units && pv.len > 0;
		buf_reset(&prev);
		buf_add(&prev, buf_str(&pv), pv.len);
		if (strnlen(p, 3) < 3)
			break;
	}
	summary_shaper_finish(&sh);
	char *whole = summary_shape(ans);
	ok(grew && strcmp(buf_str(&sh.out), whole) == 0, "streamed shaping equals the whole: %s",
	   whole);
	/* with a source, a point with words not in it is dropped */
	struct summary_shaper sf;
	const char *src = "Rcpp maps R types to C++ classes. It was written by two people.";
	summary_shaper_init(&sf, src);
	summary_shaper_feed(&sf, ans, strlen(ans));
	const char *more = "\n- It was published in Nature.";
	summary_shaper_feed(&sf, more, strlen(more));
	summary_shaper_finish(&sf);
	is_str(buf_str(&sf.out), "TL;DR: Rcpp maps R types to C++ classes.\n- It was written by two "
				 "people.\n",
	       "points with words not in the source are dropped");
	ok(sf.dropped == 3 && !sf.tldr_unfaithful, "three dropped (%zu), the TL;DR faithful",
	   sf.dropped);
	summary_shaper_free(&sf);
	summary_shaper_init(&sf, src);
	const char *bad = "Rcpp was made at Google in 1999.\n- Rcpp maps R types.\n";
	summary_shaper_feed(&sf, bad, strlen(bad));
	summary_shaper_finish(&sf);
	ok(sf.tldr_unfaithful && sf.units == 2, "an unfaithful TL;DR is kept and flagged");
	summary_shaper_free(&sf);
	ok(early > 5, "the TL;DR is previewed before it ends (%zu of its pieces)", early);
	summary_shaper_preview(&sh, &pv);
	is_str(buf_str(&pv), whole, "the final preview is the summary");
	free(whole);
	buf_free(&prev);
	buf_free(&pv);
	summary_shaper_free(&sh);
}

static void test_faithfulness(void)
{
	const char *paper = "Rcpp: Seamless R and C++ Integration. The Rcpp package simplifies "
			    "integrating C++ code with R. It maps R data types to C++ classes "
			    "such as NumericVector. In 2010 it had 1,200 lines of tests and was "
			    "written by Dirk Eddelbuettel and Romain Francois.";
	double f = summary_faithfulness("TL;DR: The Rcpp package simplifies integrating C++ with "
					"R.\n- It maps R data types to C++ classes.\n- Written by "
					"Eddelbuettel and Francois in 2010.",
					paper);
	ok(f == 1.0, "a summary in the paper's words: faithfulness 1 (%.2f)", f);
	f = summary_faithfulness("The package integrates code with classes.", paper);
	ok(f == 1.0, "inflections count by their first five letters (%.2f)", f);
	/* content words: published Journal Machine Learning Research applies
	 * recurrent neural networks Hinton 2015 Rcpp: 1 of 10 in the paper */
	f = summary_faithfulness("Rcpp was published in the Journal of Machine Learning Research "
				 "and applies recurrent neural networks, says Hinton (2015).",
				 paper);
	ok(f > 0.05 && f < 0.2, "invented journal, names and year: faithfulness 0.1 (%.2f)", f);
	ok(f < SUMMARY_MIN_FAITHFUL, "below the fallback threshold %.2f", SUMMARY_MIN_FAITHFUL);
	f = summary_faithfulness("It had 1,200 lines of tests in 2011.", paper);
	ok(f > 0.7 && f < 0.9, "a wrong year counts against (%.2f: 4 of 5)", f);
	ok(summary_faithfulness("It is one of those.", paper) == 1.0,
	   "no content words: 1");
}

static void test_marker(void)
{
	struct summary_marker m;
	ok(summary_marker_parse("# Note\n\n## Summary\n\n<!-- quire:summary model=Smol.gguf "
				"strategy=hybrid date=2026-11-29 -->\n*Smol, 2026-11-29*\n\ntext\n"
				"<!-- /quire:summary -->\n",
				&m) &&
		   m.model && strcmp(m.model, "Smol.gguf") == 0 && m.strategy &&
		   strcmp(m.strategy, "hybrid") == 0 && m.date && strcmp(m.date, "2026-11-29") == 0,
	   "a marker's model, strategy and date are read back");
	summary_marker_free(&m);
	ok(summary_marker_parse("<!-- quire:summary model=m.gguf date=2024-01-01 -->\nx\n<!-- "
				"/quire:summary -->\n",
				&m) &&
		   strcmp(m.model, "m.gguf") == 0 && !m.strategy && strcmp(m.date, "2024-01-01") == 0,
	   "an old marker without a strategy is still read");
	summary_marker_free(&m);
	ok(!summary_marker_parse("<!-- quire:summary model=m date=d -->\nno end\n", &m) && !m.model,
	   "an opening marker alone is no block");
}

int main(void)
{
	test_strategies();
	test_shape();
	test_faithfulness();
	test_marker();
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
	char *lead = summarize_lead3(jss);
	ok(strncmp(lead, "R (?) is an extensible system.\nThe ", 35) == 0,
	   "lead3: the introduction's first sentences, one per line");
	size_t lines = 0;
	for (const char *q = lead; *q; q++)
		lines += *q == '\n';
	is(lines, 3, "lead3: three sentences");
	free(lead);
	free(jss);
	free(intro);
	return done_testing();
}
