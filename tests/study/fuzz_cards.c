/* Fuzz target for the card parsers: hand-written cards (cards_parse), the
 * generator over a knowledge section (cards_generate) and cards.state, on
 * arbitrary bytes, checking what they produce. Built with -fsanitize=fuzzer
 * when CC is clang; tests/fuzz_replay.c runs it over tests/study/corpus_cards
 * and deterministic mutations with any compiler. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "study/state_private.h"
#include "study/study.h"
#include "util/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool cond)
{
	if (!cond)
		abort();
}

static void check_set(const struct card_set *s, int max_line)
{
	for (size_t i = 0; i < s->n; i++) {
		const struct card *c = &s->v[i];
		check(strlen(c->id) == CARD_ID_LEN && srs_card_id_valid(c->id, strlen(c->id)));
		check(c->front && c->back && c->file && c->topic && c->context);
		check(c->line >= 1 && c->line <= max_line);
		check(c->kind >= CARD_QA && c->kind <= CARD_TABLE);
		char *id = card_id_make(c->front, c->back);
		check(strcmp(id, c->id) == 0);
		free(id);
		for (size_t j = 0; j < i; j++)
			check(strcmp(s->v[j].id, c->id) != 0);
		if (c->kind == CARD_CLOZE)
			check(strstr(c->front, "[...]") != NULL);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	int lines = 1;
	for (size_t i = 0; i < size; i++)
		lines += text[i] == '\n';
	struct card_set set = CARD_SET_INIT;
	struct strvec w = STRVEC_INIT;
	size_t bad = cards_parse("cards/f.md", text, size, "t", &set, &w);
	check(bad == w.n);
	check_set(&set, lines);
	card_set_free(&set);
	strvec_free(&w);

	char *body = xstrndup(text, size);
	cards_generate("A > B", "Title", body, "lists/f.md", 1, &set);
	check_set(&set, lines + 1);
	card_set_free(&set);
	free(body);

	struct cardstate cs = {0};
	cardstate_parse("cards.state", text, size, &cs, &w);
	for (size_t i = 0; i < cs.n; i++) {
		check(srs_card_id_valid(cs.v[i].card, strlen(cs.v[i].card)));
		check((cs.v[i].verb == CS_ALIAS) == (cs.v[i].arg != NULL));
		check(i == 0 || cs.v[i - 1].time <= cs.v[i].time);
	}
	cardstate_free(&cs);
	strvec_free(&w);
	return 0;
}
