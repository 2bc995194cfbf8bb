/* tokenizer: construction from plain vocabulary arrays, special-token
 * partitioning, encoding dispatch, decoding and streaming decoding. The
 * model-specific parts are in tok_bpe.c, tok_spm.c and tok_pretok.c. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "llm/tok_private.h"

static uint64_t hash_bytes(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h ^ (h >> 29);
}

static uint64_t hash_pair(uint64_t key)
{
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdULL;
	key ^= key >> 33;
	return key;
}

static size_t pow2_at_least(size_t n)
{
	size_t c = 16;
	while (c < n)
		c <<= 1;
	return c;
}

int32_t tok_strmap_get(const struct tokenizer *t, const char *s, size_t len)
{
	size_t i = hash_bytes(s, len) & t->vocab.mask;
	for (;; i = (i + 1) & t->vocab.mask) {
		int32_t id = t->vocab.slots[i];
		if (id < 0)
			return -1;
		if (t->text_len[id] == len && memcmp(t->text + t->text_off[id], s, len) == 0)
			return id;
	}
}

/* Insert id unless its text is already there (the first id wins). */
static void strmap_put(struct tokenizer *t, int32_t id)
{
	const char *s = t->text + t->text_off[id];
	size_t len = t->text_len[id];
	size_t i = hash_bytes(s, len) & t->vocab.mask;
	for (;; i = (i + 1) & t->vocab.mask) {
		int32_t o = t->vocab.slots[i];
		if (o < 0) {
			t->vocab.slots[i] = id;
			return;
		}
		if (t->text_len[o] == len && memcmp(t->text + t->text_off[o], s, len) == 0)
			return;
	}
}

int32_t tok_pairmap_get(const struct tok_pairmap *m, int32_t l, int32_t r, int32_t *rank)
{
	if (!m->slots)
		return -1;
	uint64_t key = (uint64_t)(uint32_t)l << 32 | (uint32_t)r;
	for (size_t i = hash_pair(key) & m->mask;; i = (i + 1) & m->mask) {
		if (m->slots[i].key == UINT64_MAX)
			return -1;
		if (m->slots[i].key == key) {
			*rank = m->slots[i].rank;
			return m->slots[i].id;
		}
	}
}

static void pairmap_put(struct tok_pairmap *m, int32_t l, int32_t r, int32_t rank, int32_t id)
{
	uint64_t key = (uint64_t)(uint32_t)l << 32 | (uint32_t)r;
	for (size_t i = hash_pair(key) & m->mask;; i = (i + 1) & m->mask) {
		if (m->slots[i].key == key)
			return; /* a duplicate merge keeps its first rank */
		if (m->slots[i].key == UINT64_MAX) {
			m->slots[i] = (struct tok_pair){key, rank, id};
			return;
		}
	}
}

void tok_ids_push(struct tok_ids *ids, int32_t id)
{
	if (ids->n == ids->cap)
		ids->v = xgrow(ids->v, &ids->cap, ids->n + 1, sizeof(*ids->v));
	ids->v[ids->n++] = id;
}

static void load_merges(struct tokenizer *t, const struct tok_spec *spec)
{
	size_t cap = pow2_at_least(spec->n_merges * 2 + 1);
	t->merges.slots = xmalloc(cap * sizeof(*t->merges.slots));
	for (size_t i = 0; i < cap; i++)
		t->merges.slots[i].key = UINT64_MAX;
	t->merges.mask = cap - 1;
	struct buf joined = BUF_INIT;
	for (size_t i = 0; i < spec->n_merges && i < INT32_MAX; i++) {
		const char *m = spec->merges[i].s;
		size_t len = spec->merges[i].len;
		const char *sp = m ? memchr(m, ' ', len) : NULL;
		if (!sp)
			continue;
		size_t a = (size_t)(sp - m);
		int32_t l = tok_strmap_get(t, m, a);
		int32_t r = tok_strmap_get(t, sp + 1, len - a - 1);
		buf_reset(&joined);
		buf_add(&joined, m, a);
		buf_add(&joined, sp + 1, len - a - 1);
		int32_t id = tok_strmap_get(t, joined.data ? joined.data : "", joined.len);
		if (l >= 0 && r >= 0 && id >= 0)
			pairmap_put(&t->merges, l, r, (int32_t)i, id);
	}
	buf_free(&joined);
}

/* The bytes a token decodes to. */
static void make_piece(const struct tokenizer *t, int32_t id, struct buf *out)
{
	const char *s = t->text + t->text_off[id];
	size_t len = t->text_len[id];
	uint8_t ty = t->types ? t->types[id] : TOK_TYPE_NORMAL;
	if (ty == TOK_TYPE_CONTROL || ty == TOK_TYPE_USER_DEFINED) {
		buf_add(out, s, len);
		return;
	}
	if (t->model == TOK_MODEL_SPM) {
		unsigned b;
		if (ty == TOK_TYPE_BYTE && len == 6 && sscanf(s, "<0x%2X>", &b) == 1) {
			buf_addc(out, (char)b);
		} else if (ty == TOK_TYPE_UNKNOWN) {
			buf_adds(out, " \xE2\x81\x87 "); /* " ⁇ " as llama.cpp */
		} else {
			for (size_t i = 0; i < len; i++) {
				if (i + 3 <= len && memcmp(s + i, "\xE2\x96\x81", 3) == 0) {
					buf_addc(out, ' ');
					i += 2;
				} else {
					buf_addc(out, s[i]);
				}
			}
		}
		return;
	}
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, len - i, &cp);
		int b = tok_cp_to_byte(cp);
		if (b >= 0)
			buf_addc(out, (char)b);
		else
			buf_add(out, s + i, k); /* not a mapped byte: keep as is */
		i += k;
	}
}

static bool str_is(struct llm_str a, const char *s)
{
	size_t n = strlen(s);
	return a.s && a.len == n && memcmp(a.s, s, n) == 0;
}

static enum tok_pre pre_from_name(struct llm_str pre)
{
	static const struct {
		const char *name;
		enum tok_pre pre;
	} names[] = {
	        {"smollm", TOK_PRE_SMOLLM},
	        {"qwen2", TOK_PRE_QWEN2},
	        {"deepseek-r1-qwen", TOK_PRE_QWEN2},
	        {"llama-bpe", TOK_PRE_LLAMA3},
	        {"llama3", TOK_PRE_LLAMA3},
	        {"smaug-bpe", TOK_PRE_LLAMA3},
	        {"dbrx", TOK_PRE_LLAMA3},
	};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (str_is(pre, names[i].name))
			return names[i].pre;
	return TOK_PRE_GPT2; /* "default", "gpt2" and anything unknown */
}

static bool is_special(const struct tokenizer *t, int32_t id)
{
	if (t->text_len[id] == 0)
		return false;
	if (t->types)
		return t->types[id] == TOK_TYPE_CONTROL || t->types[id] == TOK_TYPE_USER_DEFINED;
	return id == t->bos || id == t->eos || id == t->eot || id == t->pad;
}

struct special_key {
	unsigned char first;
	uint32_t len;
	int32_t id;
};

/* By first byte, then longest first, then lower id. */
static int cmp_special(const void *a, const void *b)
{
	const struct special_key *x = a, *y = b;
	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	if (x->len != y->len)
		return x->len > y->len ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static void index_specials(struct tokenizer *t)
{
	struct special_key *keys = NULL;
	size_t cap = 0;
	for (size_t i = 0; i < t->n_vocab; i++) {
		if (!is_special(t, (int32_t)i))
			continue;
		keys = xgrow(keys, &cap, t->n_special + 1, sizeof(*keys));
		keys[t->n_special++] = (struct special_key){(unsigned char)t->text[t->text_off[i]],
		                                            t->text_len[i], (int32_t)i};
	}
	if (t->n_special)
		qsort(keys, t->n_special, sizeof(*keys), cmp_special);
	t->special = xmalloc((t->n_special + 1) * sizeof(int32_t));
	size_t j = 0;
	for (unsigned b = 0; b < 256; b++) {
		t->special_start[b] = j;
		for (; j < t->n_special && keys[j].first == b; j++)
			t->special[j] = keys[j].id;
	}
	t->special_start[256] = j;
	free(keys);
}

static void mark_eog(struct tokenizer *t)
{
	static const char *const ends[] = {
	        "<|eot_id|>",      "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>",
	        "<|end_of_text|>", "<|eom_id|>", "</s>",    "<EOT>",
	};
	t->eog = xcalloc(t->n_vocab, sizeof(bool));
	if (t->eos >= 0)
		t->eog[t->eos] = true;
	if (t->eot >= 0)
		t->eog[t->eot] = true;
	for (size_t i = 0; i < ARRAY_SIZE(ends); i++) {
		int32_t id = tok_strmap_get(t, ends[i], strlen(ends[i]));
		if (id >= 0 && (!t->types || t->types[id] == TOK_TYPE_CONTROL))
			t->eog[id] = true;
	}
}

static void find_byte_tokens(struct tokenizer *t)
{
	for (unsigned b = 0; b < 256; b++) {
		char s[8];
		size_t n;
		if (t->model == TOK_MODEL_BPE) {
			n = utf8_encode(tok_byte_to_cp((uint8_t)b), s);
		} else {
			snprintf(s, sizeof(s), "<0x%02X>", b);
			n = 6;
		}
		t->byte_tok[b] = tok_strmap_get(t, s, n);
	}
}

static int check_id(int32_t id, size_t n_vocab, const char *what, char **errp)
{
	if (id < -1 || (id >= 0 && (size_t)id >= n_vocab))
		return error_set(errp, "tokenizer: %s token id %d is outside the vocabulary of %zu",
		                 what, (int)id, n_vocab);
	return 0;
}

struct tokenizer *tok_create(const struct tok_spec *spec, char **errp)
{
	enum tok_model model;
	if (str_is(spec->model, "gpt2")) {
		model = TOK_MODEL_BPE;
	} else if (str_is(spec->model, "llama")) {
		model = TOK_MODEL_SPM;
	} else {
		error_set(errp,
		          "tokenizer: model \"%.*s\" is not supported (quire reads gpt2 and llama "
		          "vocabularies)",
		          (int)(spec->model.s ? spec->model.len : 0),
		          spec->model.s ? spec->model.s : "");
		return NULL;
	}
	if (spec->n_vocab == 0 || !spec->tokens || spec->n_vocab > INT32_MAX) {
		error_set(errp, "tokenizer: the vocabulary is empty or too large");
		return NULL;
	}
	if (check_id(spec->bos, spec->n_vocab, "BOS", errp) ||
	    check_id(spec->eos, spec->n_vocab, "EOS", errp) ||
	    check_id(spec->eot, spec->n_vocab, "EOT", errp) ||
	    check_id(spec->pad, spec->n_vocab, "PAD", errp) ||
	    check_id(spec->unk, spec->n_vocab, "UNK", errp))
		return NULL;
	struct tokenizer *t = xcalloc(1, sizeof(*t));
	t->model = model;
	t->pre = model == TOK_MODEL_BPE ? pre_from_name(spec->pre) : TOK_PRE_GPT2;
	t->n_vocab = spec->n_vocab;
	t->bos = spec->bos, t->eos = spec->eos, t->eot = spec->eot;
	t->pad = spec->pad, t->unk = spec->unk;
	t->add_bos = spec->add_bos, t->add_eos = spec->add_eos;
	t->add_space_prefix = model == TOK_MODEL_SPM && !spec->no_space_prefix;

	size_t total = 0;
	for (size_t i = 0; i < t->n_vocab; i++)
		total += (spec->tokens[i].s ? spec->tokens[i].len : 0) + 1;
	t->text = xmalloc(total);
	t->text_off = xmalloc(t->n_vocab * sizeof(*t->text_off));
	t->text_len = xmalloc(t->n_vocab * sizeof(*t->text_len));
	size_t off = 0;
	for (size_t i = 0; i < t->n_vocab; i++) {
		size_t len = spec->tokens[i].s ? spec->tokens[i].len : 0;
		if (len)
			memcpy(t->text + off, spec->tokens[i].s, len);
		t->text[off + len] = '\0';
		t->text_off[i] = off;
		t->text_len[i] = (uint32_t)len;
		off += len + 1;
	}
	if (spec->scores) {
		t->scores = xmalloc(t->n_vocab * sizeof(float));
		memcpy(t->scores, spec->scores, t->n_vocab * sizeof(float));
	}
	if (spec->token_types) {
		t->types = xmalloc(t->n_vocab);
		for (size_t i = 0; i < t->n_vocab; i++) {
			int32_t ty = spec->token_types[i];
			t->types[i] = ty >= 1 && ty <= 6 ? (uint8_t)ty : TOK_TYPE_NORMAL;
		}
	}
	size_t cap = pow2_at_least(t->n_vocab * 2 + 1);
	t->vocab.slots = xmalloc(cap * sizeof(int32_t));
	memset(t->vocab.slots, 0xff, cap * sizeof(int32_t));
	t->vocab.mask = cap - 1;
	for (size_t i = 0; i < t->n_vocab; i++)
		strmap_put(t, (int32_t)i);
	if (model == TOK_MODEL_BPE && spec->merges)
		load_merges(t, spec);
	find_byte_tokens(t);
	index_specials(t);
	mark_eog(t);

	struct buf pieces = BUF_INIT;
	t->piece_off = xmalloc(t->n_vocab * sizeof(*t->piece_off));
	t->piece_len = xmalloc(t->n_vocab * sizeof(*t->piece_len));
	for (size_t i = 0; i < t->n_vocab; i++) {
		size_t start = pieces.len;
		make_piece(t, (int32_t)i, &pieces);
		t->piece_off[i] = start;
		t->piece_len[i] = (uint32_t)(pieces.len - start);
	}
	buf_addc(&pieces, '\0');
	t->piece = buf_detach(&pieces);
	t->chat_template = spec->chat_template.s
	                           ? xstrndup(spec->chat_template.s, spec->chat_template.len)
	                           : xstrdup("");
	return t;
}

void tok_free(struct tokenizer **tp)
{
	struct tokenizer *t = *tp;
	if (!t)
		return;
	free(t->text);
	free(t->text_off);
	free(t->text_len);
	free(t->piece);
	free(t->piece_off);
	free(t->piece_len);
	free(t->scores);
	free(t->types);
	free(t->eog);
	free(t->vocab.slots);
	free(t->merges.slots);
	free(t->special);
	free(t->chat_template);
	FREE(tp);
}

/* The special token starting at s, longest first; -1 when none. */
static int32_t match_special(const struct tokenizer *t, const char *s, size_t len,
                             bool parse_special)
{
	unsigned char b = (unsigned char)s[0];
	for (size_t j = t->special_start[b]; j < t->special_start[b + 1]; j++) {
		int32_t id = t->special[j];
		if (!parse_special && (!t->types || t->types[id] == TOK_TYPE_CONTROL))
			continue;
		size_t n = t->text_len[id];
		if (n <= len && memcmp(s, t->text + t->text_off[id], n) == 0)
			return id;
	}
	return -1;
}

static void encode_raw(const struct tokenizer *t, const char *s, size_t len, bool first,
                       struct tok_scratch *sc, struct tok_ids *ids)
{
	if (t->model == TOK_MODEL_BPE)
		tok_bpe_encode(t, s, len, sc, ids);
	else if (len > 0)
		tok_spm_encode(t, s, len, first, sc, ids);
}

int tok_encode(const struct tokenizer *t, const char *text, size_t len, bool add_special,
               bool parse_special, int32_t **out, size_t *n_out, char **errp)
{
	*out = NULL;
	*n_out = 0;
	if (!text && len)
		return error_set(errp, "tokenizer: no text to encode");
	struct tok_ids ids = {NULL, 0, 0};
	struct tok_scratch sc;
	memset(&sc, 0, sizeof(sc));
	if (add_special && t->add_bos && t->bos >= 0)
		tok_ids_push(&ids, t->bos);
	size_t frag = 0;
	bool first = true;
	for (size_t i = 0; i < len;) {
		int32_t sp = t->n_special ? match_special(t, text + i, len - i, parse_special) : -1;
		if (sp < 0) {
			i++;
			continue;
		}
		if (i > frag)
			encode_raw(t, text + frag, i - frag, first, &sc, &ids);
		tok_ids_push(&ids, sp);
		first = true; /* llama.cpp: SentencePiece prefixes a space after a special */
		i += t->text_len[sp];
		frag = i;
	}
	if (len > frag)
		encode_raw(t, text + frag, len - frag, first, &sc, &ids);
	if (add_special && t->add_eos && t->eos >= 0)
		tok_ids_push(&ids, t->eos);
	free(sc.cp);
	free(sc.cls);
	free(sc.off);
	free(sc.words);
	free(sc.sym);
	free(sc.heap);
	buf_free(&sc.tmp);
	*out = ids.v ? ids.v : xmalloc(sizeof(int32_t));
	*n_out = ids.n;
	return 0;
}

const char *tok_piece(const struct tokenizer *t, int32_t id, size_t *len)
{
	if (id < 0 || (size_t)id >= t->n_vocab)
		return NULL;
	*len = t->piece_len[id];
	return t->piece + t->piece_off[id];
}

const char *tok_text(const struct tokenizer *t, int32_t id, size_t *len)
{
	if (id < 0 || (size_t)id >= t->n_vocab)
		return NULL;
	*len = t->text_len[id];
	return t->text + t->text_off[id];
}

int32_t tok_lookup(const struct tokenizer *t, const char *s, size_t len)
{
	return tok_strmap_get(t, s, len);
}

/* Append id's piece; false when nothing was written (skipped control). */
static bool add_piece(const struct tokenizer *t, int32_t id, bool special, bool *started,
                      struct buf *out)
{
	size_t len;
	const char *p = tok_piece(t, id, &len);
	if (!p || (!special && t->types && t->types[id] == TOK_TYPE_CONTROL))
		return false;
	if (!t->types && !special && (id == t->bos || id == t->eos || id == t->eot))
		return false;
	if (!*started && t->add_space_prefix && len > 0 && p[0] == ' ') {
		p++;
		len--;
	}
	*started = true;
	buf_add(out, p, len);
	return true;
}

void tok_decode(const struct tokenizer *t, const int32_t *ids, size_t n, bool special,
                struct buf *out)
{
	bool started = false;
	for (size_t i = 0; i < n; i++)
		add_piece(t, ids[i], special, &started, out);
}

/* Length of the complete prefix of b: an unfinished UTF-8 sequence at the
 * end is held back; invalid bytes are released as they are. */
static size_t complete_prefix(const char *b, size_t len)
{
	for (size_t back = 1; back <= 4 && back <= len; back++) {
		unsigned char c = (unsigned char)b[len - back];
		if ((c & 0xC0) == 0x80)
			continue; /* continuation byte: look further back */
		size_t need = c >= 0xF0 && c <= 0xF4   ? 4
		              : c >= 0xE0 && c <= 0xEF ? 3
		              : c >= 0xC2 && c <= 0xDF ? 2
		                                       : 1;
		return need > back ? len - back : len;
	}
	return len;
}

void tok_stream_push(const struct tokenizer *t, struct tok_stream *s, int32_t id, struct buf *out)
{
	if (!add_piece(t, id, false, &s->started, &s->pending))
		return;
	size_t n = complete_prefix(s->pending.data, s->pending.len);
	buf_add(out, s->pending.data, n);
	memmove(s->pending.data, s->pending.data + n, s->pending.len - n);
	s->pending.len -= n;
	s->pending.data[s->pending.len] = '\0';
}

void tok_stream_flush(struct tok_stream *s, struct buf *out)
{
	if (s->pending.len)
		buf_adds(out, "\xEF\xBF\xBD");
	buf_reset(&s->pending);
	s->started = false;
}

void tok_stream_free(struct tok_stream *s)
{
	buf_free(&s->pending);
	s->started = false;
}

bool tok_is_eog(const struct tokenizer *t, int32_t id)
{
	return id >= 0 && (size_t)id < t->n_vocab && t->eog[id];
}

size_t tok_n_vocab(const struct tokenizer *t)
{
	return t->n_vocab;
}
int32_t tok_bos(const struct tokenizer *t)
{
	return t->bos;
}
int32_t tok_eos(const struct tokenizer *t)
{
	return t->eos;
}
const char *tok_chat_template(const struct tokenizer *t)
{
	return t->chat_template;
}
