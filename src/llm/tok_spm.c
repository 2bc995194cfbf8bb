/* tok_spm: SentencePiece-style BPE ("llama" vocabularies). Spaces become
 * "▁" (and one is prefixed to the text), the text starts as one symbol per
 * UTF-8 character, and the adjacent pair whose concatenation is the
 * highest-scoring vocabulary piece is merged first (leftmost on ties).
 * Symbols left that are not pieces fall back to <0xXX> byte tokens. */
#include "config.h"

#include "llm/tok_private.h"

static const char SPM_SPACE[] = "\xE2\x96\x81"; /* U+2581 ▁ */

struct sym {
	size_t start, len; /* in the escaped text; len 0 once merged away */
	int32_t prev, next;
};

struct cand {
	float score;
	int32_t left, right;
	size_t len; /* combined length when queued */
};

static bool cand_before(const struct cand *a, const struct cand *b)
{
	return a->score > b->score || (a->score == b->score && a->left < b->left);
}

struct heap {
	struct cand *v;
	size_t n, cap;
};

static void heap_push(struct heap *h, struct cand c)
{
	if (h->n == h->cap)
		h->v = xgrow(h->v, &h->cap, h->n + 1, sizeof(*h->v));
	size_t i = h->n++;
	while (i > 0) {
		size_t p = (i - 1) / 2;
		if (!cand_before(&c, &h->v[p]))
			break;
		h->v[i] = h->v[p];
		i = p;
	}
	h->v[i] = c;
}

static struct cand heap_pop(struct heap *h)
{
	struct cand top = h->v[0], last = h->v[--h->n];
	size_t i = 0;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= h->n)
			break;
		if (c + 1 < h->n && cand_before(&h->v[c + 1], &h->v[c]))
			c++;
		if (!cand_before(&h->v[c], &last))
			break;
		h->v[i] = h->v[c];
		i = c;
	}
	if (h->n)
		h->v[i] = last;
	return top;
}

/* A piece that text may be merged into: normal, user-defined or (without
 * types) any token. Control, unknown and byte tokens are never formed. */
static int32_t piece_id(const struct tokenizer *t, const char *s, size_t len)
{
	int32_t id = tok_strmap_get(t, s, len);
	if (id < 0 || !t->types)
		return id;
	uint8_t ty = t->types[id];
	return ty == TOK_TYPE_NORMAL || ty == TOK_TYPE_USER_DEFINED || ty == 0 ? id : -1;
}

static void try_pair(const struct tokenizer *t, struct heap *h, const struct sym *s,
                     const char *text, int32_t l, int32_t r)
{
	if (l < 0 || r < 0)
		return;
	size_t len = s[l].len + s[r].len;
	int32_t id = piece_id(t, text + s[l].start, len);
	if (id < 0)
		return;
	heap_push(h, (struct cand){t->scores ? t->scores[id] : 0.0f, l, r, len});
}

static void emit(const struct tokenizer *t, const char *s, size_t len, struct tok_ids *out)
{
	int32_t id = piece_id(t, s, len);
	if (id >= 0) {
		tok_ids_push(out, id);
		return;
	}
	for (size_t i = 0; i < len; i++) {
		id = t->byte_tok[(uint8_t)s[i]];
		if (id < 0)
			id = t->unk;
		if (id >= 0)
			tok_ids_push(out, id);
		if (t->byte_tok[(uint8_t)s[i]] < 0)
			break; /* one <unk> for the whole symbol */
	}
}

void tok_spm_encode(const struct tokenizer *t, const char *text, size_t len, bool first,
                    struct tok_scratch *sc, struct tok_ids *out)
{
	struct buf *e = &sc->tmp;
	buf_reset(e);
	if (first && t->add_space_prefix)
		buf_add(e, SPM_SPACE, 3);
	for (size_t i = 0; i < len; i++) {
		if (text[i] == ' ')
			buf_add(e, SPM_SPACE, 3);
		else
			buf_addc(e, text[i]);
	}
	if (e->len == 0)
		return;
	size_t n = 0;
	if (e->len > sc->sym_cap)
		sc->sym = xgrow(sc->sym, &sc->sym_cap, e->len, sizeof(struct sym));
	struct sym *s = sc->sym;
	for (size_t i = 0; i < e->len; n++) {
		uint32_t cp;
		size_t k = utf8_decode(e->data + i, e->len - i, &cp);
		s[n] = (struct sym){i, k, (int32_t)n - 1, -1};
		if (n > 0)
			s[n - 1].next = (int32_t)n;
		i += k;
	}
	struct heap h = {sc->heap, 0, sc->heap_cap};
	for (size_t i = 0; i + 1 < n; i++)
		try_pair(t, &h, s, e->data, (int32_t)i, (int32_t)i + 1);
	while (h.n) {
		struct cand c = heap_pop(&h);
		struct sym *l = &s[c.left], *r = &s[c.right];
		if (l->len == 0 || r->len == 0 || l->len + r->len != c.len || l->next != c.right)
			continue; /* stale */
		l->len += r->len;
		r->len = 0;
		l->next = r->next;
		if (r->next >= 0)
			s[r->next].prev = c.left;
		try_pair(t, &h, s, e->data, l->prev, c.left);
		try_pair(t, &h, s, e->data, c.left, l->next);
	}
	sc->heap = h.v;
	sc->heap_cap = h.cap;
	for (int32_t i = 0; i >= 0; i = s[i].next)
		emit(t, e->data + s[i].start, s[i].len, out);
}
