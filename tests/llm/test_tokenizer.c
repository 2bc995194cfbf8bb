/* Unit tests of src/llm/tokenizer: pre-tokenizer splits, byte-level BPE and
 * SentencePiece on small hand-built vocabularies (expected ids derived by
 * hand in the comments), special tokens, decoding, streaming, bad input and
 * a bounded deterministic fuzz of decode(encode(x)) == x. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tap.h"
#include "llm/tok_private.h"
#include "llm/tokenizer.h"
#include "util/util.h"

/* ---- pre-tokenizers ---- */

static char *split(enum tok_pre pre, const char *text)
{
	struct tok_scratch sc;
	memset(&sc, 0, sizeof(sc));
	tok_pretokenize(pre, text, strlen(text), &sc);
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < sc.n_words; i++) {
		if (i)
			buf_addc(&b, '|');
		buf_add(&b, text + sc.words[2 * i], sc.words[2 * i + 1] - sc.words[2 * i]);
	}
	free(sc.cp);
	free(sc.cls);
	free(sc.off);
	free(sc.words);
	return buf_detach(&b);
}

static void check_split(enum tok_pre pre, const char *text, const char *want, const char *what)
{
	char *got = split(pre, text);
	is_str(got, want, "%s", what);
	free(got);
}

static void test_pretok(void)
{
	const char *s = "Hello world's  42x!!\n";
	check_split(TOK_PRE_GPT2, s, "Hello| world|'s| | 42|x|!!|\n", "gpt2 split");
	check_split(TOK_PRE_SMOLLM, s, "Hello| world|'s|  |4|2|x|!!|\n",
	            "smollm splits digits first");
	check_split(TOK_PRE_LLAMA3, s, "Hello| world|'s| | |42|x|!!\n", "llama3 split");
	check_split(TOK_PRE_QWEN2, s, "Hello| world|'s| | |4|2|x|!!\n", "qwen2 split");
	check_split(TOK_PRE_LLAMA3, "1234567 'S IT'S", "123|456|7| '|S| IT|'S",
	            "llama3: 3-digit groups, case-insensitive contractions");
	check_split(TOK_PRE_GPT2, "IT'S", "IT|'|S", "gpt2: contractions are lowercase only");
	check_split(TOK_PRE_LLAMA3, "a\n\n  b", "a|\n\n| | b",
	            "llama3: newlines end a whitespace word");
	check_split(TOK_PRE_LLAMA3, "(hello\tworld", "(hello|\tworld",
	            "llama3: one non-letter joins a word");
	check_split(TOK_PRE_GPT2, "a   ", "a|   ", "gpt2: trailing spaces stay together");
	check_split(TOK_PRE_GPT2, "caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC",
	            "caf\xC3\xA9| \xE6\x97\xA5\xE6\x9C\xAC",
	            "gpt2: accented and CJK letters are letters");
	check_split(TOK_PRE_GPT2, "x\xFF\xFEy", "x|\xFF\xFE|y",
	            "invalid bytes count as punctuation");
	check_split(TOK_PRE_GPT2,
	            "\xC2\xA0\xC2\xA0"
	            "a",
	            "\xC2\xA0|\xC2\xA0|a", "gpt2: NBSP is whitespace that does not join a word");
	is(unicode_class(0x0661), UCLASS_NUMBER, "Arabic-Indic digit is a number");
	is(unicode_class(0x2167), UCLASS_NUMBER, "Roman numeral is a number (Nl)");
	is(unicode_class(0x00BD), UCLASS_NUMBER, "vulgar fraction is a number (No)");
	is(unicode_class(0x4E2D), UCLASS_LETTER, "CJK ideograph is a letter");
	is(unicode_class(0x1F600), UCLASS_OTHER, "emoji is other");
	is(unicode_class(0x3000), UCLASS_SPACE, "ideographic space is whitespace");
}

/* ---- byte-level BPE on a hand-built vocabulary ----
 * ids 0-2: <|endoftext|> <|im_start|> <|im_end|> (control)
 * ids 3-258: the 256 byte characters, id = 3 + byte
 * merges (rank: result id): 0 "a b": 259 "ab", 1 "Ġ a": 260 "Ġa",
 * 2 "ab c": 261 "abc", 3 "Ġa b": 262 "Ġab", 4 "b c": 263 "bc",
 * 5 "1 2": 264 "12", 6 "a a": 265 "aa", 7 "aa aa": 266 "aaaa" */
#define B(c) (3 + (unsigned char)(c))

struct vocab {
	struct llm_str tok[300];
	int32_t types[300];
	float scores[300];
	char bytes[300][8];
	struct llm_str merges[16];
	size_t n, n_merges;
};

static void add_tok(struct vocab *v, const char *s, size_t len, int32_t type, float score)
{
	memcpy(v->bytes[v->n], s, len);
	v->tok[v->n] = (struct llm_str){v->bytes[v->n], len};
	v->types[v->n] = type;
	v->scores[v->n] = score;
	v->n++;
}

static struct tokenizer *bpe_vocab(const char *pre)
{
	static struct vocab v;
	static const char *const specials[] = {"<|endoftext|>", "<|im_start|>", "<|im_end|>"};
	static char special_text[3][16];
	static const char *const merged[] = {"ab", "\304\240a", "abc", "\304\240ab",
	                                     "bc", "12",        "aa",  "aaaa"};
	static const char *const merges[] = {"a b", "\xC4\xA0 a", "ab c", "\304\240a b",
	                                     "b c", "1 2",        "a a",  "aa aa"};
	memset(&v, 0, sizeof(v));
	for (int i = 0; i < 3; i++) {
		strcpy(special_text[i], specials[i]);
		v.tok[v.n] = (struct llm_str){special_text[i], strlen(specials[i])};
		v.types[v.n++] = TOK_TYPE_CONTROL;
	}
	for (unsigned b = 0; b < 256; b++) {
		char u[4];
		add_tok(&v, u, utf8_encode(tok_byte_to_cp((uint8_t)b), u), TOK_TYPE_NORMAL, 0);
	}
	for (size_t i = 0; i < ARRAY_SIZE(merged); i++) {
		add_tok(&v, merged[i], strlen(merged[i]), TOK_TYPE_NORMAL, 0);
		v.merges[i] = (struct llm_str){merges[i], strlen(merges[i])};
	}
	v.n_merges = ARRAY_SIZE(merges);
	struct tok_spec spec = {
	        .model = {"gpt2", 4},
	        .pre = {pre, strlen(pre)},
	        .n_vocab = v.n,
	        .tokens = v.tok,
	        .token_types = v.types,
	        .n_merges = v.n_merges,
	        .merges = v.merges,
	        .bos = -1,
	        .eos = 2,
	        .eot = -1,
	        .pad = -1,
	        .unk = -1,
	};
	char *err = NULL;
	struct tokenizer *t = tok_create(&spec, &err);
	ok(t != NULL, "BPE vocabulary (%s) builds%s%s", pre, err ? ": " : "", err ? err : "");
	free(err);
	return t;
}

/* Encode and compare with the ids in want (terminated by -2). */
static void check_ids(const struct tokenizer *t, const char *text, size_t len, bool special,
                      const int32_t *want, const char *what)
{
	int32_t *ids;
	size_t n, nw = 0;
	while (want[nw] != -2)
		nw++;
	if (tok_encode(t, text, len, false, special, &ids, &n, NULL) < 0) {
		ok(0, "%s: encode failed", what);
		return;
	}
	bool same = n == nw && (n == 0 || memcmp(ids, want, n * sizeof(*ids)) == 0);
	ok(same, "%s", what);
	if (!same) {
		printf("#   got ");
		for (size_t i = 0; i < n; i++)
			printf(" %d", (int)ids[i]);
		printf("\n");
	}
	free(ids);
}

#define IDS(...) ((const int32_t[]){__VA_ARGS__, -2})
#define CHECK(t, s, special, what, ...)                                                            \
	check_ids(t, s, sizeof(s) - 1, special, IDS(__VA_ARGS__), what)

static char *decode(const struct tokenizer *t, const int32_t *ids, size_t n, bool special)
{
	struct buf b = BUF_INIT;
	tok_decode(t, ids, n, special, &b);
	return buf_detach(&b);
}

static void test_bpe(void)
{
	struct tokenizer *t = bpe_vocab("default");
	if (!t)
		return;
	/* "abc": a b c -> (a,b) rank 0 -> ab c -> (ab,c) rank 2 -> abc.
	 * " abc": Ġ a b c -> (a,b) rank 0 beats (Ġ,a) rank 1 -> Ġ ab c ->
	 * (ab,c) -> Ġ abc; "Ġ abc" is no merge. */
	CHECK(t, "abc abc", false, "merges apply lowest rank first", 261, B(' '), 261);
	/* "bcab": b c a b -> (b,c) 4, (a,b) 0 -> b c ab -> (b,c) -> bc ab */
	CHECK(t, "bcab", false, "ranks, not positions, order merges", 263, 259);
	CHECK(t, " a", false, "space + letter merge", 260);
	CHECK(t, "12", false, "gpt2 keeps digits together", 264);
	/* 5 a's: (a,a) at 0,1,2,3 all rank 6, leftmost first: aa a a a ->
	 * aa aa a (pair at 2) -> (aa,aa) rank 7 -> aaaa a */
	CHECK(t, "aaaaa", false, "ties merge leftmost first", 266, B('a'));
	check_ids(t, "", 0, false, (const int32_t[]){-2}, "empty text gives no ids");
	CHECK(t, "<|im_start|>ab<|im_end|>", true, "control tokens are parsed with parse_special",
	      1, 259, 2);
	CHECK(t, "<|im_end", true, "a partial special token is text", B('<'), B('|'), B('i'),
	      B('m'), B('_'), B('e'), B('n'), B('d'));
	int32_t *ids;
	size_t n;
	tok_encode(t, "<|im_end|>", 10, false, false, &ids, &n, NULL);
	is(n, 10, "without parse_special a control token's text is plain text");
	free(ids);
	tok_free(&t);

	t = bpe_vocab("smollm");
	CHECK(t, "12", false, "smollm splits digits before merging", B('1'), B('2'));
	tok_free(&t);
	t = bpe_vocab("llama-bpe");
	CHECK(t, "121", false, "llama3 keeps up to three digits", 264, B('1'));
	tok_free(&t);
}

static void test_decode(void)
{
	struct tokenizer *t = bpe_vocab("default");
	if (!t)
		return;
	int32_t ids[] = {1, 261, 260, 2};
	char *s = decode(t, ids, ARRAY_SIZE(ids), false);
	is_str(s, "abc a", "decode maps bytes back and skips control tokens");
	free(s);
	s = decode(t, ids, ARRAY_SIZE(ids), true);
	is_str(s, "<|im_start|>abc a<|im_end|>", "decode with special shows control tokens");
	free(s);
	size_t len;
	const char *p = tok_piece(t, B('\n'), &len);
	ok(p && len == 1 && p[0] == '\n', "piece of the byte token for newline is a newline");
	ok(tok_piece(t, 100000, &len) == NULL, "piece of an out-of-range id is NULL");
	is(tok_lookup(t, "<|im_end|>", 10), 2, "lookup by text");
	ok(tok_is_eog(t, 2), "eos ends generation");
	ok(tok_is_eog(t, 0), "<|endoftext|> ends generation");
	ok(!tok_is_eog(t, 259), "a normal token does not");

	/* Streaming: 😀 is F0 9F 98 80, four byte tokens. */
	struct tok_stream st = TOK_STREAM_INIT;
	struct buf out = BUF_INIT;
	tok_stream_push(t, &st, B('x'), &out);
	tok_stream_push(t, &st, B(0xF0), &out);
	tok_stream_push(t, &st, B(0x9F), &out);
	tok_stream_push(t, &st, B(0x98), &out);
	is_str(buf_str(&out), "x", "stream holds an incomplete UTF-8 sequence");
	tok_stream_push(t, &st, 2, &out);
	is_str(buf_str(&out), "x", "stream skips control tokens");
	tok_stream_push(t, &st, B(0x80), &out);
	is_str(buf_str(&out), "x\xF0\x9F\x98\x80", "stream releases the completed character");
	tok_stream_push(t, &st, B(0xE6), &out);
	tok_stream_flush(&st, &out);
	is_str(buf_str(&out), "x\xF0\x9F\x98\x80\xEF\xBF\xBD",
	       "flush turns a cut sequence into U+FFFD");
	buf_reset(&out);
	tok_stream_push(t, &st, B(0xFF), &out);
	is(out.len, 1, "an invalid byte is not held forever");
	tok_stream_free(&st);
	buf_free(&out);
	tok_free(&t);
}

/* ---- SentencePiece on a hand-built vocabulary ----
 * 0 <unk> (unknown), 1 <s>, 2 </s> (control), 3-258 <0x00>..<0xFF> (byte),
 * 259 ▁ -10, 260 h -10, 261 e -10, 262 l -10, 263 o -10, 264 ll -1,
 * 265 he -2, 266 ▁he -3, 267 llo -4, 268 ▁hello -0.5 */
#define SP "\xE2\x96\x81"

static struct tokenizer *spm_vocab(bool byte_fallback)
{
	static struct vocab v;
	static const char *const pieces[] = {SP,   "h",  "e",     "l",   "o",
	                                     "ll", "he", SP "he", "llo", SP "hello"};
	static const float scores[] = {-10, -10, -10, -10, -10, -1, -2, -3, -4, -0.5f};
	memset(&v, 0, sizeof(v));
	add_tok(&v, "<unk>", 5, TOK_TYPE_UNKNOWN, 0);
	add_tok(&v, "<s>", 3, TOK_TYPE_CONTROL, 0);
	add_tok(&v, "</s>", 4, TOK_TYPE_CONTROL, 0);
	for (unsigned b = 0; b < 256; b++) {
		char s[8];
		snprintf(s, sizeof(s), byte_fallback ? "<0x%02X>" : "<x%02X>", b);
		add_tok(&v, s, strlen(s), byte_fallback ? TOK_TYPE_BYTE : TOK_TYPE_UNUSED, 0);
	}
	for (size_t i = 0; i < ARRAY_SIZE(pieces); i++)
		add_tok(&v, pieces[i], strlen(pieces[i]), TOK_TYPE_NORMAL, scores[i]);
	struct tok_spec spec = {
	        .model = {"llama", 5},
	        .pre = {"default", 7},
	        .n_vocab = v.n,
	        .tokens = v.tok,
	        .scores = v.scores,
	        .token_types = v.types,
	        .bos = 1,
	        .eos = 2,
	        .eot = -1,
	        .pad = -1,
	        .unk = 0,
	        .add_bos = true,
	};
	struct tokenizer *t = tok_create(&spec, NULL);
	ok(t != NULL, "SentencePiece vocabulary builds");
	return t;
}

static void test_spm(void)
{
	struct tokenizer *t = spm_vocab(true);
	if (!t)
		return;
	/* "▁hello": ll (-1) first, then he (-2), ▁he (-3), llo (-4), ▁hello */
	CHECK(t, "hello", false, "SPM merges by score to the whole word", 268);
	/* "▁world": only ▁, o and l are pieces; w r d fall back to bytes */
	CHECK(t, "world", false, "byte fallback for unknown characters", 259, B('w'), 263, B('r'),
	      262, B('d'));
	/* "▁lll": two ll pairs with equal score: the left one merges */
	CHECK(t, "lll", false, "equal scores merge leftmost first", 259, 264, 262);
	CHECK(t, "h\xC3\xA9", false, "a multi-byte character falls back to each byte", 259, 260,
	      B(0xC3), B(0xA9));
	CHECK(t, "<s>hello", true, "a control token, then a space prefix as llama.cpp", 1, 268);
	int32_t *ids;
	size_t n;
	tok_encode(t, "hello", 5, true, false, &ids, &n, NULL);
	ok(n == 2 && ids[0] == 1 && ids[1] == 268, "add_special prepends BOS");
	char *s = decode(t, ids, n, false);
	is_str(s, "hello", "decode drops BOS and the dummy-prefix space");
	free(s);
	free(ids);
	int32_t w[] = {259, B('w'), 263, 0};
	s = decode(t, w, ARRAY_SIZE(w), false);
	is_str(s, "wo \xE2\x81\x87 ", "decode of bytes and <unk>");
	free(s);
	tok_free(&t);

	t = spm_vocab(false);
	CHECK(t, "hw", false, "without byte tokens an unknown character is <unk>", 259, 260, 0);
	tok_free(&t);
}

static void test_errors(void)
{
	char *err = NULL;
	struct llm_str tok = {"a", 1};
	struct tok_spec spec = {.model = {"wordpiece", 9},
	                        .n_vocab = 1,
	                        .tokens = &tok,
	                        .bos = -1,
	                        .eos = -1,
	                        .eot = -1,
	                        .pad = -1,
	                        .unk = -1};
	ok(tok_create(&spec, &err) == NULL && err && strstr(err, "wordpiece"),
	   "unknown model is refused, naming it");
	free(err);
	err = NULL;
	spec.model = (struct llm_str){"gpt2", 4};
	spec.eos = 5;
	ok(tok_create(&spec, &err) == NULL && err && strstr(err, "EOS"),
	   "out-of-range EOS is refused");
	free(err);
	err = NULL;
	spec.eos = -1;
	spec.n_vocab = 0;
	ok(tok_create(&spec, &err) == NULL && err, "empty vocabulary is refused");
	free(err);
}

/* ---- bad input and fuzz ---- */

static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static bool roundtrip(const struct tokenizer *t, const char *s, size_t len)
{
	int32_t *ids;
	size_t n;
	if (tok_encode(t, s, len, false, false, &ids, &n, NULL) < 0)
		return false;
	struct buf b = BUF_INIT;
	tok_decode(t, ids, n, false, &b);
	bool same = b.len == len && (len == 0 || memcmp(b.data, s, len) == 0);
	buf_free(&b);
	free(ids);
	return same;
}

static void test_fuzz(void)
{
	static const char *const seeds[] = {
	        "Hello, world! 123",
	        "caf\xC3\xA9 \xF0\x9F\x98\x80\n\n  x",
	        "<|im_start|>a<|im_end|>",
	        "\xFF\xFE\x00\x01 a\tb",
	        "aaaaaaaabcabc 12 12",
	        "   \r\n\r\n",
	        "'s 'LL 'Re",
	};
	const char *pres[] = {"default", "smollm", "qwen2", "llama-bpe"};
	for (size_t p = 0; p < ARRAY_SIZE(pres); p++) {
		struct tokenizer *t = bpe_vocab(pres[p]);
		struct tokenizer *spm = spm_vocab(true);
		size_t bad = 0, bad_spm = 0;
		char buf[96];
		for (int iter = 0; iter < 1500; iter++) {
			const char *seed = seeds[next_rand() % ARRAY_SIZE(seeds)];
			size_t len = strlen(seed) + (seed[0] == '\xFF' ? 4 : 0);
			memcpy(buf, seed, len);
			int muts = 1 + (int)(next_rand() % 8);
			for (int m = 0; m < muts && len < sizeof(buf) - 2; m++) {
				size_t at = len ? next_rand() % len : 0;
				switch (next_rand() % 3) {
				case 0:
					buf[at] = (char)next_rand();
					break;
				case 1:
					memmove(buf + at + 1, buf + at, len - at);
					buf[at] = (char)next_rand();
					len++;
					break;
				default:
					if (len) {
						memmove(buf + at, buf + at + 1, len - at - 1);
						len--;
					}
					break;
				}
			}
			bad += !roundtrip(t, buf, len);
			bad_spm += !roundtrip(spm, buf, len);
		}
		is(bad, 0, "fuzz (%s): decode(encode(x)) == x for 1500 mutated inputs", pres[p]);
		if (p == 0)
			is(bad_spm, 0,
			   "fuzz (SentencePiece with byte fallback): decode(encode(x)) == x");
		tok_free(&t);
		tok_free(&spm);
	}
}

static void test_bad_input(void)
{
	struct tokenizer *t = bpe_vocab("llama-bpe");
	if (!t)
		return;
	ok(roundtrip(t, "a\0b\0\0c", 6), "NUL bytes are encoded and decoded");
	ok(roundtrip(t, "\xC3\x28\xE2\x82\xF0\x90\x80\xED\xA0\x80", 10),
	   "invalid UTF-8 roundtrips");
	size_t n = 200000;
	char *big = xmalloc(n);
	memset(big, 'a', n);
	clock_t c0 = clock();
	ok(roundtrip(t, big, n), "a 200000-byte run of one letter roundtrips");
	memset(big, ' ', n);
	ok(roundtrip(t, big, n), "a 200000-byte run of spaces roundtrips");
	for (size_t i = 0; i < n; i++)
		big[i] = "9\n\xF0\x9F\x98\x80.\t"[i % 8];
	ok(roundtrip(t, big, n), "200000 bytes of digits, emoji and punctuation roundtrip");
	double secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
	ok(secs < 20, "long runs take bounded time (%.2f s)", secs);
	free(big);
	int32_t *ids;
	size_t ni;
	char *err = NULL;
	ok(tok_encode(t, NULL, 3, false, false, &ids, &ni, &err) < 0 && err,
	   "NULL text is an error");
	free(err);
	tok_free(&t);
}

int main(void)
{
	test_pretok();
	test_bpe();
	test_decode();
	test_spm();
	test_errors();
	test_bad_input();
	test_fuzz();
	return done_testing();
}
