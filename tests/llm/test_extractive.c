/* Unit tests of src/llm/extractive: sentence splitting edge cases and the
 * sentences TextRank picks on a hand-written text. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tap.h"
#include "llm/extractive.h"
#include "util/util.h"

static char *split_str(const char *text)
{
	struct ext_sentence *s;
	size_t n = extractive_split(text, strlen(text), &s);
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_adds(&b, " | ");
		buf_add(&b, text + s[i].start, s[i].len);
	}
	free(s);
	return buf_detach(&b);
}

static void check_split(const char *text, const char *want, const char *what)
{
	char *got = split_str(text);
	is_str(got, want, "%s", what);
	free(got);
}

static void test_split(void)
{
	check_split("We follow Smith et al. (2020) in this. Results are in Fig. 3 and Tab. 2. "
	            "The value is 3.14 today! Is it? Yes.",
	            "We follow Smith et al. (2020) in this. | Results are in Fig. 3 and Tab. 2. | "
	            "The value is 3.14 today! | Is it? | Yes.",
	            "abbreviations, decimals, ! and ?");
	check_split("Use tools, e.g. this one, i.e. that. Next one.",
	            "Use tools, e.g. this one, i.e. that. | Next one.",
	            "e.g. and i.e. do not end sentences");
	check_split("He said \"Stop.\" Then he left.", "He said \"Stop.\" | Then he left.",
	            "a closing quote belongs to the sentence");
	check_split("A Title\n\nBody starts here.\n  \nLast", "A Title | Body starts here. | Last",
	            "blank lines end sentences");
	check_split("It costs approx. three dollars. The U.S. Army came.",
	            "It costs approx. three dollars. | The U.S. Army came.",
	            "lowercase next word, initials");
	check_split("Wait... What? Version 2.0 is out.", "Wait... | What? | Version 2.0 is out.",
	            "an ellipsis ends a sentence");
	check_split("J. R. R. Tolkien wrote it. See Sec. 4.",
	            "J. R. R. Tolkien wrote it. | See Sec. 4.", "initials and Sec.");
	check_split("\xE4\xBB\x8A\xE6\x97\xA5\xE3\x80\x82\xE6\x98\x8E\xE6\x97\xA5\xEF\xBC\x9F\xE5"
	            "\xA5\xBD",
	            "\xE4\xBB\x8A\xE6\x97\xA5\xE3\x80\x82 | \xE6\x98\x8E\xE6\x97\xA5\xEF\xBC\x9F | "
	            "\xE5\xA5\xBD",
	            "CJK full stop and question mark end sentences without a space");
	check_split("   ", "", "whitespace only gives no sentence");
	check_split("no terminator at all", "no terminator at all",
	            "text without a terminator is one sentence");
}

/* Content words (stop words out, plural s dropped):
 * S1 {tokenizer split text token language model}               6
 * S2 {byte level tokenizer map every text token unknown}        8
 * S3 {weather lisbon sunny yesterday}                           4
 * S4 {language model read token predict next}                   6
 * S5 {cat like sleeping warm windowsill}                        5
 * S6 {good tokenizer make language model faster text need fewer token} 10
 * Shared words over ln|Si| + ln|Sj|: S1-S2 3/3.87=.78, S1-S4 3/3.58=.84,
 * S1-S6 5/4.09=1.22, S2-S4 1/3.87=.26, S2-S6 3/4.38=.69, S4-S6 3/4.09=.73;
 * S3 and S5 share nothing. Weighted degrees: S1 2.83, S6 2.64, S4 1.83,
 * S2 1.72: TextRank orders them S1 > S6 > S4 > S2 > S3, S5. */
static const char text[] =
        "Tokenizers split text into tokens for language models. "
        "Byte-level tokenizers map every byte of the text to a token, so no text is unknown. "
        "The weather in Lisbon was sunny yesterday. "
        "Language models read tokens and predict the next token. "
        "My cat likes sleeping on warm windowsills. "
        "Good tokenizers make language models faster because text needs fewer tokens.";

static void test_rank(void)
{
	char *s2, *s = extractive_summary(text, 2);
	is_str(s,
	       "Tokenizers split text into tokens for language models.\n"
	       "Good tokenizers make language models faster because text needs fewer tokens.",
	       "the two most central sentences, in document order");
	free(s);
	s = extractive_summary(text, 3);
	is_str(s,
	       "Tokenizers split text into tokens for language models.\n"
	       "Language models read tokens and predict the next token.\n"
	       "Good tokenizers make language models faster because text needs fewer tokens.",
	       "three sentences add the next most central");
	free(s);
	s = extractive_summary(text, 10);
	ok(s && strstr(s, "Lisbon") && strstr(s, "windowsills"),
	   "asking for more than there is gives all");
	free(s);
	s = extractive_summary("", 3);
	is_str(s, "", "empty input gives an empty summary");
	free(s);
	s = extractive_summary(NULL, 3);
	is_str(s, "", "NULL input gives an empty summary");
	free(s);
	s = extractive_summary(text, 0);
	is_str(s, "", "zero sentences asked: empty");
	free(s);
	/* The heading {language model} shares 2 words with each sentence:
	 * 2/(ln2+ln3) = 1.12 three times = 3.35; each sentence has 1.12 +
	 * 2 * 2/(ln3+ln3) = 2.94. The heading is the most central, yet a
	 * fragment: the first sentence wins. */
	s = extractive_summary("Language models\n\nLanguage models are large. Language models are "
	                       "slow. Language models are costly.",
	                       1);
	is_str(s, "Language models are large.",
	       "a heading, however central, comes after real sentences");
	s2 = extractive_summary("Language models\n\nLanguage models are large. Language models are "
	                        "slow. Language models are costly.",
	                        4);
	ok(s2 && str_starts_with(s2, "Language models\n"), "but is kept when all are asked for");
	free(s2);
	free(s);
	s = extractive_summary("One inter-\nnational\n   sentence here.", 1);
	is_str(s, "One international sentence here.", "line breaks squeezed, hyphenation joined");
	free(s);
}

static void test_huge(void)
{
	static const char *const words[] = {"model", "token",  "paper",   "study",  "result",
	                                    "data",  "method", "layer",   "review", "figure",
	                                    "table", "graph",  "network", "score"};
	struct buf b = BUF_INIT;
	uint32_t x = 1;
	while (b.len < 3000000) {
		int n = 6 + (int)(x % 10);
		for (int i = 0; i < n; i++) {
			x = x * 1103515245u + 12345u;
			const char *w = words[(x >> 16) % ARRAY_SIZE(words)];
			if (i == 0)
				buf_printf(&b, "%c%s ", w[0] - 32, w + 1);
			else
				buf_printf(&b, "%s ", w);
		}
		buf_adds(&b, "end. ");
	}
	clock_t c0 = clock();
	char *s = extractive_summary(b.data, 5);
	double secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
	size_t lines = 0;
	for (const char *p = s; *p; p++)
		lines += *p == '\n';
	is(lines, 4, "3 MB of text gives 5 sentences");
	ok(secs < 30, "in bounded time (%.2f s)", secs);
	free(s);
	buf_free(&b);
}

int main(void)
{
	test_split();
	test_rank();
	test_huge();
	return done_testing();
}
