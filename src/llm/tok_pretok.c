/* tok_pretok: the pre-tokenizers of byte-level BPE models. Each family's
 * regex split is implemented by hand as a scanner over Unicode classes:
 *
 *   GPT-2:   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+
 *            |\s+(?!\S)|\s+
 *   Llama 3: (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+
 *            |\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
 *   Qwen2:   as Llama 3 with \p{N} (one digit per word)
 *   SmolLM:  every digit is split off first, then GPT-2's regex
 *
 * Alternatives are tried in order at each position, as a backtracking regex
 * engine would. Bytes that are not valid UTF-8 count as "other". */
#include "config.h"

#include "llm/tok_private.h"

enum uclass unicode_class(uint32_t cp)
{
	if (cp < 0x80) {
		if (cp == ' ' || (cp >= 9 && cp <= 13))
			return UCLASS_SPACE;
		if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')
			return UCLASS_LETTER;
		if (cp >= '0' && cp <= '9')
			return UCLASS_NUMBER;
		return UCLASS_OTHER;
	}
	switch (cp) {
	case 0x85:
	case 0xA0:
	case 0x1680:
	case 0x2028:
	case 0x2029:
	case 0x202F:
	case 0x205F:
	case 0x3000:
		return UCLASS_SPACE;
	}
	if (cp >= 0x2000 && cp <= 0x200A)
		return UCLASS_SPACE;
	size_t lo = 0, hi = unicode_n_ranges;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cp < unicode_ranges[mid].lo)
			hi = mid;
		else if (cp > unicode_ranges[mid].hi)
			lo = mid + 1;
		else
			return (enum uclass)unicode_ranges[mid].cls;
	}
	return UCLASS_OTHER;
}

/* Code points of the text being split, with their classes. */
struct scan {
	const uint32_t *cp;
	const uint8_t *cls;
};

static bool is_l(const struct scan *s, size_t i)
{
	return s->cls[i] == UCLASS_LETTER;
}

static bool is_n(const struct scan *s, size_t i)
{
	return s->cls[i] == UCLASS_NUMBER;
}

static bool is_s(const struct scan *s, size_t i)
{
	return s->cls[i] == UCLASS_SPACE;
}

static bool is_p(const struct scan *s, size_t i)
{
	return s->cls[i] == UCLASS_OTHER;
}

static bool is_nl(const struct scan *s, size_t i)
{
	return s->cp[i] == '\r' || s->cp[i] == '\n';
}

/* 's 't 're 've 'm 'll 'd: length in code points, or 0. */
static size_t scan_contraction(const struct scan *s, size_t i, size_t end, bool icase)
{
	if (s->cp[i] != '\'' || i + 1 >= end)
		return 0;
	uint32_t a = s->cp[i + 1], b = i + 2 < end ? s->cp[i + 2] : 0;
	if (icase) {
		if (a < 0x80)
			a |= 0x20;
		if (b < 0x80)
			b |= 0x20;
	}
	if (a == 's' || a == 't' || a == 'm' || a == 'd')
		return 2;
	if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l'))
		return 3;
	return 0;
}

/* Length of the whitespace run from i. */
static size_t space_run(const struct scan *s, size_t i, size_t end)
{
	size_t j = i;
	while (j < end && is_s(s, j))
		j++;
	return j - i;
}

/* \s+(?!\S)|\s+ at i (which is whitespace). */
static size_t scan_spaces(const struct scan *s, size_t i, size_t end)
{
	size_t n = space_run(s, i, end);
	if (i + n < end && n > 1)
		return n - 1; /* leave the last space to the next word */
	return n;
}

static size_t scan_gpt2(const struct scan *s, size_t i, size_t end)
{
	size_t n = scan_contraction(s, i, end, false), j;
	if (n)
		return n;
	/* ` ?\p{L}+`, ` ?\p{N}+`, ` ?[^\s\p{L}\p{N}]+` */
	j = (s->cp[i] == ' ' && i + 1 < end) ? i + 1 : i;
	bool (*cls)(const struct scan *, size_t) = is_l(s, j)   ? is_l
	                                           : is_n(s, j) ? is_n
	                                           : is_p(s, j) ? is_p
	                                                        : NULL;
	if (cls) {
		while (j < end && cls(s, j))
			j++;
		return j - i;
	}
	return scan_spaces(s, i, end);
}

/* Llama 3 and Qwen2 (max_digits 3 or 1). */
static size_t scan_llama3(const struct scan *s, size_t i, size_t end, size_t max_digits)
{
	size_t n = scan_contraction(s, i, end, true), j;
	if (n)
		return n;
	/* [^\r\n\p{L}\p{N}]?\p{L}+ */
	j = i;
	if (!is_nl(s, i) && !is_l(s, i) && !is_n(s, i) && i + 1 < end && is_l(s, i + 1))
		j++;
	if (is_l(s, j)) {
		while (j < end && is_l(s, j))
			j++;
		return j - i;
	}
	/* \p{N}{1,max_digits} */
	if (is_n(s, i)) {
		for (j = i; j < end && j - i < max_digits && is_n(s, j); j++)
			;
		return j - i;
	}
	/* ` ?[^\s\p{L}\p{N}]+[\r\n]*` */
	j = (s->cp[i] == ' ' && i + 1 < end && is_p(s, i + 1)) ? i + 1 : i;
	if (is_p(s, j)) {
		while (j < end && is_p(s, j))
			j++;
		while (j < end && is_nl(s, j))
			j++;
		return j - i;
	}
	/* \s*[\r\n]+: up to the last newline of the whitespace run */
	n = space_run(s, i, end);
	for (j = i + n; j > i; j--)
		if (is_nl(s, j - 1))
			return j - i;
	return scan_spaces(s, i, end);
}

static void add_word(struct tok_scratch *sc, size_t a, size_t b)
{
	if (sc->n_words * 2 + 2 > sc->words_cap)
		sc->words = xgrow(sc->words, &sc->words_cap, sc->n_words * 2 + 2, sizeof(size_t));
	sc->words[sc->n_words * 2] = a;
	sc->words[sc->n_words * 2 + 1] = b;
	sc->n_words++;
}

/* Split code points [i, end) by the family's regex. */
static void split_range(enum tok_pre pre, const struct scan *s, const size_t *off, size_t i,
                        size_t end, struct tok_scratch *sc)
{
	while (i < end) {
		size_t n;
		switch (pre) {
		case TOK_PRE_LLAMA3:
			n = scan_llama3(s, i, end, 3);
			break;
		case TOK_PRE_QWEN2:
			n = scan_llama3(s, i, end, 1);
			break;
		default:
			n = scan_gpt2(s, i, end);
			break;
		}
		if (n == 0)
			n = 1;
		add_word(sc, off[i], off[i + n]);
		i += n;
	}
}

void tok_pretokenize(enum tok_pre pre, const char *text, size_t len, struct tok_scratch *sc)
{
	sc->n_words = 0;
	if (len + 1 > sc->cap) {
		size_t cap = sc->cap;
		sc->cp = xgrow(sc->cp, &cap, len + 1, sizeof(*sc->cp));
		cap = sc->cap;
		sc->cls = xgrow(sc->cls, &cap, len + 1, sizeof(*sc->cls));
		cap = sc->cap;
		sc->off = xgrow(sc->off, &cap, len + 1, sizeof(*sc->off));
		sc->cap = cap;
	}
	size_t n = 0;
	for (size_t i = 0; i < len; n++) {
		uint32_t cp;
		size_t k;
		if ((unsigned char)text[i] < 0x80) {
			cp = (unsigned char)text[i];
			k = 1;
		} else {
			k = utf8_decode(text + i, len - i, &cp);
			/* an invalid byte decodes as U+FFFD (class other): fine */
		}
		sc->cp[n] = cp;
		sc->cls[n] = (uint8_t)unicode_class(cp);
		sc->off[n] = i;
		i += k;
	}
	sc->off[n] = len;
	struct scan s = {sc->cp, sc->cls};
	if (pre != TOK_PRE_SMOLLM) {
		split_range(pre, &s, sc->off, 0, n, sc);
		return;
	}
	/* SmolLM: each digit is a word of its own; GPT-2 rules in between. */
	size_t start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && !is_n(&s, i))
			continue;
		split_range(TOK_PRE_GPT2, &s, sc->off, start, i, sc);
		if (i < n)
			add_word(sc, sc->off[i], sc->off[i + 1]);
		start = i + 1;
	}
}
