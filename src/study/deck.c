/* deck.c: card states by card id (an open-addressing hash table over an
 * array kept in insertion order), and the replay of a log into them. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "study/study.h"
#include "util/util.h"

struct deck_card {
	char *id;
	uint64_t key; /* srs_card_key(id) */
	struct srs_card c;
};

struct srs_deck {
	struct deck_card *v;
	size_t n, cap;
	uint32_t *slots; /* index + 1 into v; 0 free */
	size_t n_slots;  /* a power of two, at least twice n */
};

struct srs_deck *srs_deck_new(void)
{
	return xcalloc(1, sizeof(struct srs_deck));
}

void srs_deck_free(struct srs_deck **dp)
{
	struct srs_deck *d = *dp;
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++)
		free(d->v[i].id);
	free(d->v);
	free(d->slots);
	FREE(dp);
}

static void rehash(struct srs_deck *d, size_t n_slots)
{
	free(d->slots);
	d->slots = xcalloc(n_slots, sizeof *d->slots);
	d->n_slots = n_slots;
	for (size_t i = 0; i < d->n; i++) {
		size_t s = (size_t)d->v[i].key & (n_slots - 1);
		while (d->slots[s])
			s = (s + 1) & (n_slots - 1);
		d->slots[s] = (uint32_t)(i + 1);
	}
}

struct srs_card *srs_deck_get(struct srs_deck *d, const char *id, bool create)
{
	uint64_t key = srs_card_key(id);
	if (d->n_slots) {
		for (size_t s = (size_t)key & (d->n_slots - 1); d->slots[s];
		     s = (s + 1) & (d->n_slots - 1)) {
			struct deck_card *c = &d->v[d->slots[s] - 1];
			if (c->key == key && strcmp(c->id, id) == 0)
				return &c->c;
		}
	}
	if (!create)
		return NULL;
	if (d->n >= UINT32_MAX - 1)
		abort();
	d->v = xgrow(d->v, &d->cap, d->n + 1, sizeof *d->v);
	d->v[d->n] = (struct deck_card){xstrdup(id), key, SRS_CARD_NEW};
	d->n++;
	if (d->n * 2 > d->n_slots)
		rehash(d, d->n_slots ? d->n_slots * 2 : 64);
	else {
		size_t s = (size_t)key & (d->n_slots - 1);
		while (d->slots[s])
			s = (s + 1) & (d->n_slots - 1);
		d->slots[s] = (uint32_t)d->n;
	}
	return &d->v[d->n - 1].c;
}

size_t srs_deck_count(const struct srs_deck *d)
{
	return d->n;
}

const struct srs_card *srs_deck_at(const struct srs_deck *d, size_t i, const char **id)
{
	if (id)
		*id = d->v[i].id;
	return &d->v[i].c;
}

void srs_replay(const struct srs_params *p, const struct revlog *log, struct srs_deck *deck,
		srs_replay_fn *cb, void *ctx)
{
	for (size_t i = 0; i < log->n; i++) {
		const struct revlog_entry *e = &log->v[i];
		if (e->kind != REVLOG_GRADE)
			continue;
		struct srs_card *c = srs_deck_get(deck, e->card, true);
		srs_review(p, c, (enum srs_rating)e->rating, e->time, srs_card_key(e->card), c);
		if (cb)
			cb(ctx, e, c);
	}
}
