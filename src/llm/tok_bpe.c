/* tok_bpe: byte-level BPE. Each pre-tokenized word starts as one symbol per
 * byte (the token of the byte's GPT-2 mapped character); adjacent pairs are
 * merged lowest rank first, leftmost on ties, using a binary heap of
 * candidate pairs and a linked list of symbols: O(n log n) per word. */
#include "config.h"

#include "llm/tok_private.h"

/* GPT-2's bytes_to_unicode: printable Latin-1 bytes stand for themselves,
 * the others are moved to U+0100 upwards in byte order. */
static bool byte_is_printable(unsigned b)
{
	return (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE;
}

uint32_t tok_byte_to_cp(uint8_t b)
{
	if (byte_is_printable(b))
		return b;
	uint32_t n = 0;
	for (unsigned c = 0; c < b; c++)
		if (!byte_is_printable(c))
			n++;
	return 0x100 + n;
}

int tok_cp_to_byte(uint32_t cp)
{
	if (cp < 0x100)
		return byte_is_printable(cp) ? (int)cp : -1;
	if (cp >= 0x100 + 68)
		return -1;
	uint32_t n = cp - 0x100;
	for (unsigned c = 0; c < 256; c++)
		if (!byte_is_printable(c) && n-- == 0)
			return (int)c;
	return -1;
}

struct sym {
	int32_t id;
	int32_t prev, next; /* -1 at the ends */
};

struct cand {
	int32_t rank, left, right;
	int32_t lid, rid; /* ids when queued, to detect stale entries */
};

static bool cand_less(const struct cand *a, const struct cand *b)
{
	return a->rank < b->rank || (a->rank == b->rank && a->left < b->left);
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
		if (!cand_less(&c, &h->v[p]))
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
		if (c + 1 < h->n && cand_less(&h->v[c + 1], &h->v[c]))
			c++;
		if (!cand_less(&h->v[c], &last))
			break;
		h->v[i] = h->v[c];
		i = c;
	}
	if (h->n)
		h->v[i] = last;
	return top;
}

static void try_pair(const struct tokenizer *t, struct heap *h, const struct sym *s, int32_t l,
                     int32_t r)
{
	if (l < 0 || r < 0 || s[l].id < 0 || s[r].id < 0)
		return;
	int32_t rank;
	if (tok_pairmap_get(&t->merges, s[l].id, s[r].id, &rank) < 0)
		return;
	heap_push(h, (struct cand){rank, l, r, s[l].id, s[r].id});
}

/* Llama 3's ignore_merges: a word that is a token as a whole is kept. */
static int32_t whole_word(const struct tokenizer *t, const char *w, size_t n, struct buf *tmp)
{
	buf_reset(tmp);
	for (size_t i = 0; i < n; i++) {
		char u[4];
		buf_add(tmp, u, utf8_encode(tok_byte_to_cp((uint8_t)w[i]), u));
	}
	return tok_strmap_get(t, tmp->data, tmp->len);
}

static void encode_word(const struct tokenizer *t, const char *w, size_t n, struct tok_scratch *sc,
                        struct tok_ids *out)
{
	if (t->pre == TOK_PRE_LLAMA3) {
		int32_t id = whole_word(t, w, n, &sc->tmp);
		if (id >= 0) {
			tok_ids_push(out, id);
			return;
		}
	}
	if (n > sc->sym_cap)
		sc->sym = xgrow(sc->sym, &sc->sym_cap, n, sizeof(struct sym));
	struct sym *s = sc->sym;
	for (size_t i = 0; i < n; i++) {
		s[i].id = t->byte_tok[(uint8_t)w[i]];
		s[i].prev = (int32_t)i - 1;
		s[i].next = i + 1 < n ? (int32_t)i + 1 : -1;
	}
	struct heap h = {sc->heap, 0, sc->heap_cap};
	for (size_t i = 0; i + 1 < n; i++)
		try_pair(t, &h, s, (int32_t)i, (int32_t)i + 1);
	while (h.n) {
		struct cand c = heap_pop(&h);
		struct sym *l = &s[c.left], *r = &s[c.right];
		if (l->id != c.lid || r->id != c.rid || l->next != c.right)
			continue; /* stale: one side was merged meanwhile */
		int32_t rank;
		l->id = tok_pairmap_get(&t->merges, c.lid, c.rid, &rank);
		l->next = r->next;
		if (r->next >= 0)
			s[r->next].prev = c.left;
		r->id = -1;
		try_pair(t, &h, s, l->prev, c.left);
		try_pair(t, &h, s, c.left, l->next);
	}
	sc->heap = h.v;
	sc->heap_cap = h.cap;
	for (int32_t i = 0; i >= 0; i = s[i].next) {
		int32_t id = s[i].id >= 0 ? s[i].id : t->unk;
		if (id >= 0) /* a byte the vocabulary lacks, and no <unk> */
			tok_ids_push(out, id);
	}
}

void tok_bpe_encode(const struct tokenizer *t, const char *text, size_t len, struct tok_scratch *sc,
                    struct tok_ids *out)
{
	if (len == 0)
		return;
	tok_pretokenize(t->pre, text, len, sc);
	for (size_t i = 0; i < sc->n_words; i++) {
		size_t a = sc->words[2 * i], b = sc->words[2 * i + 1];
		encode_word(t, text + a, b - a, sc, out);
	}
}
