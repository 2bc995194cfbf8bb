/* Unit tests of src/llm/sampler: greedy, the exact sets top-k/top-p/min-p
 * keep on hand-made logits, repetition penalty values, seeded determinism,
 * the shape of the sampled distribution, and stop strings split across
 * pieces of decoded text. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "llm/sampler.h"

/* softmax of {1, 3, 2, 0, -1}: p(1)=.6364 p(2)=.2341 p(0)=.0861 p(3)=.0317
 * p(4)=.0117; cumulative in order 1,2,0: .6364 .8705 .9566 */
static const float L[5] = {1.0f, 3.0f, 2.0f, 0.0f, -1.0f};

static struct sampler_params plain(void)
{
	return (struct sampler_params){.temperature = 1.0f,
	                               .top_k = 0,
	                               .top_p = 1.0f,
	                               .min_p = 0.0f,
	                               .repeat_penalty = 1.0f,
	                               .repeat_last_n = 64,
	                               .seed = 1};
}

/* The kept ids as "a,b,c" in rank order. */
static char *kept(struct sampler_params p)
{
	struct sampler *s = sampler_create(&p, 5);
	const struct sampler_cand *c;
	size_t n = sampler_candidates(s, L, &c);
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%s%d", i ? "," : "", (int)c[i].id);
	sampler_free(&s);
	return buf_detach(&b);
}

static void check_kept(struct sampler_params p, const char *want, const char *what)
{
	char *got = kept(p);
	is_str(got, want, "%s", what);
	free(got);
}

static void test_filters(void)
{
	struct sampler_params p = plain();
	check_kept(p, "1,2,0,3,4", "no filter keeps everything, best first");
	p.top_k = 2;
	check_kept(p, "1,2", "top-k 2");
	p = plain();
	p.top_p = 0.8f;
	check_kept(p, "1,2", "top-p 0.8 stops once .8705 >= .8");
	p.top_p = 0.9f;
	check_kept(p, "1,2,0", "top-p 0.9 needs the third");
	p.top_p = 0.5f;
	check_kept(p, "1", "top-p 0.5 keeps the best alone");
	p = plain();
	p.min_p = 0.1f;
	check_kept(p, "1,2,0", "min-p 0.1 keeps p >= .0636");
	p.min_p = 0.2f;
	check_kept(p, "1,2", "min-p 0.2 keeps p >= .1273");
	p = plain();
	p.top_k = 4;
	p.top_p = 0.95f;
	p.min_p = 0.2f;
	check_kept(p, "1,2", "filters combine");
	p = plain();
	p.temperature = 0;
	check_kept(p, "1", "greedy leaves one candidate");

	struct sampler *s = sampler_create(&p, 5);
	is(sampler_sample(s, L), 1, "greedy picks the argmax");
	sampler_free(&s);

	/* the heap path of top-k: many candidates, small k */
	p = plain();
	p.top_k = 3;
	float big[1000];
	for (int i = 0; i < 1000; i++)
		big[i] = (float)((i * 7919) % 1000); /* a permutation of 0..999 */
	s = sampler_create(&p, 1000);
	const struct sampler_cand *c;
	size_t n = sampler_candidates(s, big, &c);
	ok(n == 3 && c[0].logit == 999 && c[1].logit == 998 && c[2].logit == 997,
	   "top-k 3 of 1000 finds the three largest in order");
	sampler_free(&s);
}

static void test_penalty(void)
{
	struct sampler_params p = plain();
	p.repeat_penalty = 2.0f;
	struct sampler *s = sampler_create(&p, 5);
	sampler_accept(s, 1);
	sampler_accept(s, 4);
	sampler_accept(s, 1);
	const struct sampler_cand *c;
	size_t n = sampler_candidates(s, L, &c);
	float l1 = 0, l4 = 0, l2 = 0;
	for (size_t i = 0; i < n; i++) {
		if (c[i].id == 1)
			l1 = c[i].logit;
		if (c[i].id == 4)
			l4 = c[i].logit;
		if (c[i].id == 2)
			l2 = c[i].logit;
	}
	ok(l1 == 1.5f, "a positive logit is divided once (3 -> 1.5, seen twice)");
	ok(l4 == -2.0f, "a negative logit is multiplied (-1 -> -2)");
	ok(l2 == 2.0f, "an unseen token is untouched");
	is(c[0].id, 2, "the penalised best token loses first place");
	sampler_free(&s);

	p.repeat_last_n = 1;
	s = sampler_create(&p, 5);
	sampler_accept(s, 1);
	sampler_accept(s, 4); /* pushes 1 out of a window of one */
	p.temperature = 0;
	n = sampler_candidates(s, L, &c);
	ok(n == 5 && c[0].id == 1 && c[0].logit == 3.0f,
	   "only the last repeat_last_n tokens count");
	sampler_free(&s);
}

static void test_determinism(void)
{
	struct sampler_params p = plain();
	p.seed = 1234;
	struct sampler *a = sampler_create(&p, 5), *b = sampler_create(&p, 5);
	struct buf sa = BUF_INIT, sb = BUF_INIT;
	for (int i = 0; i < 40; i++) {
		buf_printf(&sa, "%d", (int)sampler_sample(a, L));
		buf_printf(&sb, "%d", (int)sampler_sample(b, L));
	}
	is_str(buf_str(&sa), buf_str(&sb), "the same seed gives the same tokens");
	/* pinned: splitmix64 is integer-only, so this holds on every platform */
	is_str(buf_str(&sa), "2111221112112100221111111122111112121021",
	       "seed 1234 draws the pinned sequence");
	sampler_reset(a);
	buf_reset(&sb);
	for (int i = 0; i < 40; i++)
		buf_printf(&sb, "%d", (int)sampler_sample(a, L));
	is_str(buf_str(&sb), buf_str(&sa), "reset restarts the sequence");
	sampler_free(&a);
	p.seed = 99;
	a = sampler_create(&p, 5);
	buf_reset(&sb);
	for (int i = 0; i < 40; i++)
		buf_printf(&sb, "%d", (int)sampler_sample(a, L));
	ok(strcmp(buf_str(&sa), buf_str(&sb)) != 0, "another seed gives other tokens");
	sampler_free(&a);
	sampler_free(&b);
	buf_free(&sa);
	buf_free(&sb);

	/* frequencies follow the softmax */
	p = plain();
	p.seed = 7;
	a = sampler_create(&p, 5);
	int count[5] = {0};
	for (int i = 0; i < 20000; i++)
		count[sampler_sample(a, L)]++;
	ok(fabs(count[1] / 20000.0 - 0.6364) < 0.02 && fabs(count[2] / 20000.0 - 0.2341) < 0.02 &&
	           fabs(count[4] / 20000.0 - 0.0117) < 0.01,
	   "sampled frequencies follow the probabilities (%d %d %d %d %d)", count[0], count[1],
	   count[2], count[3], count[4]);
	sampler_free(&a);
	/* a low temperature sharpens */
	p.temperature = 0.1f;
	a = sampler_create(&p, 5);
	int best = 0;
	for (int i = 0; i < 1000; i++)
		best += sampler_sample(a, L) == 1;
	ok(best > 995, "temperature 0.1 nearly always picks the best (%d/1000)", best);
	sampler_free(&a);
	float nan_logits[3] = {NAN, 1.0f, 0.5f};
	p.temperature = 0;
	a = sampler_create(&p, 3);
	is(sampler_sample(a, nan_logits), 1, "a NaN logit is never chosen");
	sampler_free(&a);
}

static void test_stop(void)
{
	static const char *const stops[] = {"<|im_end|>", "\nUser:", ""};
	struct stop_scan s;
	struct buf out = BUF_INIT;
	stop_scan_init(&s, stops, 3);
	ok(!stop_scan_feed(&s, "Hello <|im", 10, &out), "no stop yet");
	is_str(buf_str(&out), "Hello ", "a possible stop start is held back");
	ok(stop_scan_feed(&s, "_end|> more", 11, &out), "stop string completed across pieces");
	is_str(buf_str(&out), "Hello ", "nothing from the stop string on is shown");
	ok(stop_scan_feed(&s, "x", 1, &out), "stays stopped");
	stop_scan_free(&s);

	buf_reset(&out);
	stop_scan_init(&s, stops, 3);
	stop_scan_feed(&s, "a <", 3, &out);
	stop_scan_feed(&s, "b", 1, &out);
	is_str(buf_str(&out), "a <b", "held text is released once it cannot be a stop");
	stop_scan_feed(&s, "\nUs", 3, &out);
	stop_scan_feed(&s, "er", 2, &out);
	is_str(buf_str(&out), "a <b", "a three-piece stop prefix stays held");
	ok(stop_scan_feed(&s, ":", 1, &out), "the second stop string is found");
	is_str(buf_str(&out), "a <b", "and cut");
	stop_scan_free(&s);

	buf_reset(&out);
	stop_scan_init(&s, stops, 3);
	stop_scan_feed(&s, "x\nU", 3, &out);
	stop_scan_finish(&s, &out);
	is_str(buf_str(&out), "x\nU", "finish releases held text");
	stop_scan_free(&s);

	buf_reset(&out);
	stop_scan_init(&s, stops, 3);
	ok(stop_scan_feed(&s, "ab<|im_end|>cd<|im_end|>", 24, &out), "stop inside one piece");
	is_str(buf_str(&out), "ab", "text before the first stop is kept");
	stop_scan_free(&s);
	buf_free(&out);
}

/* no_repeat_ngram: a token that would repeat an n-gram of the answer is
 * never drawn, the prompt before sampler_mark does not count. */
static void test_no_repeat_ngram(void)
{
	struct sampler_params p = plain();
	p.temperature = 0;
	p.repeat_penalty = 1;
	p.no_repeat_ngram = 3;
	struct sampler *s = sampler_create(&p, 5);
	/* the prompt has 0 2 1: not an n-gram of the answer */
	sampler_accept(s, 0);
	sampler_accept(s, 2);
	sampler_accept(s, 1);
	sampler_mark(s);
	sampler_accept(s, 0);
	sampler_accept(s, 2);
	is(sampler_sample(s, L), 1, "the prompt's 3-grams are not blocked");
	sampler_accept(s, 1);
	sampler_accept(s, 3);
	sampler_accept(s, 0);
	sampler_accept(s, 2); /* 0 2 again: 0 2 1 would repeat */
	const struct sampler_cand *c;
	size_t n = sampler_candidates(s, L, &c);
	ok(n == 1 && c[0].id == 2, "the best token that would repeat 0 2 1 is blocked (%d)",
	   n ? c[0].id : -1);
	sampler_accept(s, 2); /* 0 2 2 */
	sampler_accept(s, 0);
	sampler_accept(s, 2); /* 0 2 1 and 0 2 2 both seen: the third best */
	is(sampler_sample(s, L), 0, "every token that would repeat a 3-gram is blocked");
	sampler_free(&s);
	/* a greedy loop without the constraint, cut with it */
	for (int ngram = 0; ngram <= 2; ngram += 2) {
		p.no_repeat_ngram = ngram;
		s = sampler_create(&p, 5);
		sampler_mark(s);
		int32_t seq[8];
		for (int i = 0; i < 8; i++) {
			seq[i] = sampler_sample(s, L);
			sampler_accept(s, seq[i]);
		}
		int repeats = 0;
		for (int i = 1; i < 8; i++)
			for (int j = 1; j < i; j++)
				repeats += seq[j - 1] == seq[i - 1] && seq[j] == seq[i];
		if (ngram)
			is(repeats, 0, "no_repeat_ngram 2: no bigram twice in 8 greedy tokens");
		else
			ok(repeats > 0, "without it the greedy answer repeats itself");
		sampler_free(&s);
	}
}

int main(void)
{
	test_filters();
	test_penalty();
	test_no_repeat_ngram();
	test_determinism();
	test_stop();
	return done_testing();
}
