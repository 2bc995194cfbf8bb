/* Cards: the hand-written parser on good and bad input, the generator on
 * the patterns of knowledge sections (each case written by hand, several
 * from the judged sample of the seeds' cards), and card ids. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "study/cards_private.h"
#include "study/study.h"
#include "tap.h"
#include "util/util.h"

/* The cards of text as "kind|front|back|line" lines. */
static char *show(const struct card_set *s)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < s->n; i++)
		buf_printf(&b, "%s|%s|%s|%d\n", card_kind_name(s->v[i].kind), s->v[i].front,
			   s->v[i].back, s->v[i].line);
	return buf_detach(&b);
}

static char *parse(const char *text, struct strvec *w)
{
	struct card_set s = CARD_SET_INIT;
	cards_parse("cards/t.md", text, strlen(text), "t", &s, w);
	char *r = show(&s);
	card_set_free(&s);
	return r;
}

static char *gen(const char *body)
{
	struct card_set s = CARD_SET_INIT;
	cards_generate("T", "Sec", body, "lists/l.md", 10, &s);
	char *r = show(&s);
	card_set_free(&s);
	return r;
}

static void test_parse(void)
{
	struct strvec w = STRVEC_INIT;
	char *r = parse("Q: one\ntwo\nA: three\nfour\n\nC: a \\[b\\] [c] d\n"
			"```\nQ: in code\nA: x\n```\nx :: y\n- a ::: b\nstd::vector\n",
			&w);
	is_str(r, "qa|one\ntwo|three\nfour|1\ncloze|a [b] [...] d|c|6\nterm|x|y|11\nterm|a|b|12\n",
	       "Q/A over several lines, an escaped bracket, code skipped, :: and :::");
	is(w.n, 0, "no warnings");
	free(r);
	static const struct {
		const char *text, *warning;
	} bad[] = {
		{"x\nQ: q\n\nmore\n", "cards/t.md:2: Q: without an A: line after it; block skipped"},
		{"A: a\n", "cards/t.md:1: A: without a Q: before it; line skipped"},
		{"Q:\nA: a\n", "cards/t.md:1: Q: with an empty question; block skipped"},
		{"Q: q\nA:\n", "cards/t.md:1: A: with an empty answer; block skipped"},
		{"\n\nC: [a [b]]\n", "cards/t.md:3: C: card with a [ inside a [gap]; block skipped"},
		{"C: a] b\n", "cards/t.md:1: C: card with a ] that closes no [; block skipped"},
		{"C: [a b\n", "cards/t.md:1: C: card with a [ that is never closed; block skipped"},
		{"C: [] b\n", "cards/t.md:1: C: card with an empty [] gap; block skipped"},
		{"C: no gap\n", "cards/t.md:1: C: card without a [gap] in brackets; block skipped"},
		{"- :: b\n", "cards/t.md:1: term :: definition with nothing on one side; line skipped"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct strvec ww = STRVEC_INIT;
		char *got = parse(bad[i].text, &ww);
		ok(ww.n == 1 && strcmp(ww.v[0], bad[i].warning) == 0 && !*got, "%s",
		   ww.n ? ww.v[0] : "(no warning)");
		free(got);
		strvec_free(&ww);
	}
	/* the block after a bad one still parses */
	r = parse("Q: lost\nC: [x] y\n", &w);
	is_str(r, "cloze|[...] y|x|2\n", "a bad block does not take the next one with it");
	free(r);
	strvec_free(&w);
}

static void test_generate(void)
{
	char *r = gen("| Model | Role |\n|---|---|\n| **Actor (πθ)** | Generates responses |\n"
		      "| Layers | 12 |\n| 7 | seven |\n");
	is_str(r, "table|Actor (πθ)|Generates responses|12\n",
	       "a table whose first column names things; a number cell and a number term left out");
	free(r);
	r = gen("RLHF consists of three major stages:\n\n1. **SFT** – Teach the model to follow.\n"
		"2. **RM** - Learn what humans prefer.\n- **State space:** information available\n"
		"- **Result:** A model that is helpful\n- **Note**: see the paper\n");
	is_str(r, "term|SFT|Teach the model to follow.|12\nterm|RM|Learn what humans prefer.|13\n"
		  "term|State space|information available|14\n",
	       "numbered stages and bold terms; generic labels (Result, Note) left out");
	free(r);
	struct card_set s = CARD_SET_INIT;
	cards_generate("T", "Sec", "RLHF consists of three major stages:\n\n1. **SFT** – Teach it.\n",
		       "lists/l.md", 1, &s);
	is_str(s.n ? s.v[0].context : "", "T > Sec · RLHF consists of three major stages",
	       "a stage's context: the heading path and the sentence introducing the list");
	card_set_free(&s);
	r = gen("* the algorithm for computing the gradient efficiently is called *backpropagation*\n"
		"* it is called *x*\n"
		"* we batch the training set and run backpropagation on a batch; this is faster; "
		"this is called *stochastic gradient descent*\n"
		"* *hallucination* refers to a response that is not grounded in facts\n");
	is_str(r, "cloze|the algorithm for computing the gradient efficiently is called [...]|"
		  "backpropagation|10\n"
		  "cloze|we batch the training set and run backpropagation on a batch; this is faster; "
		  "this is called [...]|stochastic gradient descent|12\n"
		  "cloze|[...] refers to a response that is not grounded in facts|hallucination|13\n",
	       "italic terms as clozes; a sentence that is mostly the term left out; \"this is "
	       "called\" takes the whole sentence (judged sample)");
	free(r);
	r = gen("**RLHF** aligns large language models with human preferences.\n");
	is_str(r, "cloze|[...] aligns large language models with human preferences.|RLHF|10\n",
	       "a bold subject of a sentence as a cloze");
	free(r);
	r = gen("* Q: do models take tensors or ids? ids are not tensors. A. Not the same, tensors\n"
		"* Q: a question with no answer?\n");
	is_str(r, "qa|do models take tensors or ids?|ids are not tensors. Not the same, tensors|10\n",
	       "Q: ... A. ... lines; what follows the question mark goes to the answer (judged "
	       "sample)");
	free(r);
	r = gen("**Loss function:**\n`L = −log(σ(a − b))`\n\n* memory requirements\n"
		"    * inference: $$N * M * 1.2$$\n"
		"* the probability of a sequence $x$: \n$$p(x) = \\Pi p(x_i)$$\n");
	is_str(r, "qa|Loss function|L = −log(σ(a − b))|11\n"
		  "qa|Formula: memory requirements, inference|N * M * 1.2|14\n"
		  "qa|Formula: the probability of a sequence x|p(x) = \\Pi p(x_i)|16\n",
	       "formulas asked by their label, the line before, and without $ marks (judged sample)");
	free(r);
	r = gen("```\nReward:     r = rφ(x, y)\nA = r − V\n```\n```python\nx = f(y)\n```\n"
		"```\nchk = \"distilbert\"\ntok = AutoTokenizer.from_pretrained(chk)\n```\n"
		"```\n┌──┐\n│ a = b │\n```\n");
	is_str(r, "qa|Reward|r = rφ(x, y)|11\nqa|A = ?|r − V|12\n",
	       "a block of equations; code and diagrams are no formulas");
	free(r);
	r = gen("#### empty\n\n");
	is_str(r, "", "a heading with no body gives nothing");
	free(r);
}

static void test_duplicates(void)
{
	struct card_set s = CARD_SET_INIT;
	card_set_add(&s, CARD_QA, "Advantage", "A = r − V", "", "", "l", 1);
	card_set_add(&s, CARD_QA, "A = ?", "r − V", "", "", "l", 2);
	card_set_add(&s, CARD_QA, "L = ?", "x", "", "", "l", 3);
	cards_drop_duplicate_formulas(&s, 0);
	char *r = show(&s);
	is_str(r, "qa|Advantage|A = r − V|1\nqa|L = ?|x|3\n",
	       "\"A = ?\" dropped where another card gives A = r − V (judged sample)");
	free(r);
	card_set_free(&s);
}

static void test_ids(void)
{
	char *a = card_id_make("**Term**  one", "Def"), *b = card_id_make("term one", "def"),
	     *c = card_id_make("term one", "def!"), *d = card_id_make("term", "one def");
	ok(strlen(a) == CARD_ID_LEN && strspn(a, "0123456789abcdef") == CARD_ID_LEN,
	   "an id is %d hex digits: %s", CARD_ID_LEN, a);
	is_str(a, b, "emphasis, case and spaces do not change the id");
	ok(strcmp(b, c) != 0 && strcmp(b, d) != 0, "other text, or the same words split "
						     "otherwise between front and back: another id");
	free(a);
	free(b);
	free(c);
	free(d);
	struct card_set s = CARD_SET_INIT;
	ok(card_set_add(&s, CARD_QA, "q", "a", "", "", "f", 1), "a card added");
	ok(!card_set_add(&s, CARD_QA, "Q", "A", "", "", "g", 9), "the same card again: once");
	card_set_free(&s);
}

int main(void)
{
	test_parse();
	test_generate();
	test_duplicates();
	test_ids();
	return done_testing();
}
