/* collection.c: all the cards of a library with their states: the cards
 * parsed and generated, the review log replayed, cards.state applied, and
 * edited cards matched with the cards they replace. */
#include "config.h"

#include <dirent.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "lib/lib.h"
#include "study/cards_private.h"
#include "study/state_private.h"

#define CARD_FILE_MAX ((size_t)16 << 20)
#define SNAPSHOT_NAME "cards.snapshot"

/* ---- index by id ---- */

static void index_build(struct study *s)
{
	free(s->slots);
	s->n_slots = 64;
	while (s->n_slots < s->cards.n * 2)
		s->n_slots *= 2;
	s->slots = xcalloc(s->n_slots, sizeof *s->slots);
	for (size_t i = 0; i < s->cards.n; i++) {
		size_t k = (size_t)srs_card_key(s->cards.v[i].id) & (s->n_slots - 1);
		while (s->slots[k])
			k = (k + 1) & (s->n_slots - 1);
		s->slots[k] = (uint32_t)(i + 1);
	}
}

long study_find(const struct study *s, const char *id)
{
	if (!s->n_slots)
		return -1;
	for (size_t k = (size_t)srs_card_key(id) & (s->n_slots - 1); s->slots[k];
	     k = (k + 1) & (s->n_slots - 1))
		if (strcmp(s->cards.v[s->slots[k] - 1].id, id) == 0)
			return (long)s->slots[k] - 1;
	return -1;
}

/* ---- reading the cards ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.md files of dir/sub, sorted. */
static void md_files(const char *dir, const char *sub, struct strvec *out)
{
	char *path = path_join(dir, sub);
	DIR *d = opendir(path);
	free(path);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && str_ends_with(e->d_name, ".md"))
			strvec_push(out, e->d_name);
	closedir(d);
	if (out->n)
		qsort(out->v, out->n, sizeof *out->v, cmp_str);
}

static void parse_dir(struct library *lib, struct study *s, const char *sub,
		      struct strvec *warnings)
{
	struct strvec names = STRVEC_INIT;
	md_files(s->dir, sub, &names);
	for (size_t i = 0; i < names.n; i++) {
		char *rel = xasprintf("%s/%s", sub, names.v[i]);
		char *path = path_join(s->dir, rel);
		size_t len;
		char *err = NULL;
		char *text = file_read_regular(path, CARD_FILE_MAX, &len, &err);
		if (!text) {
			strvec_push_owned(warnings, err);
		} else {
			char *topic = xstrndup(names.v[i], strlen(names.v[i]) - 3);
			if (strcmp(sub, "notes") == 0) {
				/* a paper's note: the cards go under the paper's topic */
				struct paper p;
				char *perr = NULL;
				int r = strstr(text, ":") ? library_paper_get(lib, topic, &p, &perr) : 1;
				free(topic);
				topic = xstrdup(r == 0 && p.n_topics ? p.topics[0] : "");
				if (r == 0)
					paper_free(&p);
				free(perr);
			}
			cards_parse(rel, text, len, topic, &s->cards, warnings);
			free(topic);
		}
		free(text);
		free(path);
		free(rel);
	}
	strvec_free(&names);
}

/* The line of lines[] where body starts, searching from the heading's
 * line (1-based); the heading's line + 1 when not found. */
static int body_line(const struct strvec *lines, int heading, const char *body)
{
	size_t n = strcspn(body, "\n");
	char *first = xstrndup(body, n);
	str_trim(first);
	int found = heading + 1;
	for (size_t i = heading > 0 ? (size_t)heading : 0; i < lines->n && i < (size_t)heading + 200;
	     i++) {
		char *l = xstrdup(lines->v[i]);
		str_trim(l);
		bool eq = strcmp(l, first) == 0;
		free(l);
		if (eq) {
			found = (int)i + 1;
			break;
		}
	}
	free(first);
	return found;
}

static void generate(struct library *lib, struct study *s, struct strvec *warnings)
{
	struct knowledge *k = NULL;
	size_t n = 0;
	char *err = NULL;
	if (library_knowledge(lib, &k, &n, &err) < 0) {
		strvec_push_owned(warnings, err);
		return;
	}
	char *cur = NULL;
	struct strvec lines = STRVEC_INIT;
	size_t from = s->cards.n;
	for (size_t i = 0; i < n; i++) {
		if (!k[i].body || !k[i].source)
			continue;
		if (!cur || strcmp(cur, k[i].source) != 0) {
			free(cur);
			cur = xstrdup(k[i].source);
			strvec_free(&lines);
			char *rel = xasprintf("lists/%s", cur);
			char *path = path_join(s->dir, rel);
			size_t len;
			char *text = file_read_regular(path, LIST_MAX, &len, NULL);
			if (text)
				card_lines_split(text, len, &lines);
			free(text);
			free(path);
			free(rel);
		}
		char *rel = xasprintf("lists/%s", k[i].source);
		cards_generate(k[i].topic, k[i].title, k[i].body, rel,
			       body_line(&lines, k[i].line, k[i].body), &s->cards);
		free(rel);
	}
	free(cur);
	strvec_free(&lines);
	cards_drop_duplicate_formulas(&s->cards, from);
	for (size_t i = 0; i < n; i++)
		knowledge_free(&k[i]);
	free(k);
}

/* ---- edited cards ---- */

struct snap {
	char *id, *file, *context, *norm;
};

static void snapshot_read(const char *path, struct snap **out, size_t *n)
{
	size_t len;
	char *text = path ? file_read_regular(path, (size_t)256 << 20, &len, NULL) : NULL;
	*out = NULL;
	*n = 0;
	if (!text)
		return;
	size_t cap = 0;
	for (char *line = text, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		char *f[4];
		int nf = 0;
		for (char *p = line; nf < 4; nf++) {
			f[nf] = p;
			p = strchr(p, '\t');
			if (!p) {
				nf++;
				break;
			}
			*p++ = '\0';
		}
		if (nf != 4)
			continue;
		*out = xgrow(*out, &cap, *n + 1, sizeof **out);
		(*out)[(*n)++] = (struct snap){xstrdup(f[0]), xstrdup(f[1]), xstrdup(f[2]),
					       xstrdup(f[3])};
	}
	free(text);
}

static void snap_free(struct snap *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].id);
		free(v[i].file);
		free(v[i].context);
		free(v[i].norm);
	}
	free(v);
}

/* Tabs and newlines as spaces, for one field of the snapshot. */
static void add_field(struct buf *b, const char *s)
{
	for (; *s; s++)
		buf_addc(b, *s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

static void words(const char *s, struct strvec *out)
{
	const char *p = s;
	while (*p) {
		size_t n = strcspn(p, " \x1f");
		if (n)
			strvec_push_owned(out, xstrndup(p, n));
		p += n;
		if (*p)
			p++;
	}
	if (out->n)
		qsort(out->v, out->n, sizeof *out->v, cmp_str);
}

/* Words in common over words in either (Jaccard), of two normalised texts. */
static double similarity(const char *a, const char *b)
{
	struct strvec wa = STRVEC_INIT, wb = STRVEC_INIT;
	words(a, &wa);
	words(b, &wb);
	size_t i = 0, j = 0, common = 0, all = 0;
	while (i < wa.n || j < wb.n) {
		int c = i >= wa.n ? 1 : j >= wb.n ? -1 : strcmp(wa.v[i], wb.v[j]);
		all++;
		if (c == 0)
			common++, i++, j++;
		else if (c < 0)
			i++;
		else
			j++;
	}
	strvec_free(&wa);
	strvec_free(&wb);
	return all ? (double)common / (double)all : 0;
}

/* ---- the log and the states ---- */

/* Follow aliases from id to the card that now holds its history: the last
 * card of the chain that is in s (an edit undone gives the history back to
 * the card edited), else the end of the chain. */
static const char *alias_target(const struct study *s, const struct cardstate *cs,
				 const char *id)
{
	const char *present = study_find(s, id) >= 0 ? id : NULL;
	for (int hops = 0; hops < 64; hops++) {
		const char *next = NULL;
		for (size_t i = 0; i < cs->n; i++)
			if (cs->v[i].verb == CS_ALIAS && strcmp(cs->v[i].card, id) == 0)
				next = cs->v[i].arg;
		if (!next || strcmp(next, id) == 0)
			break;
		id = next;
		if (study_find(s, id) >= 0)
			present = id;
	}
	return present ? present : id;
}

/* Fold n bytes into an FNV-1a hash. */
static uint64_t fnv(uint64_t h, const void *data, size_t n)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * UINT64_C(0x100000001b3);
	return h;
}

/* What the replay depends on: the parameters, the cards (their ids in
 * order) and the resolved grades, as "v1:CARDS:GRADES:HASH". */
static char *replay_fingerprint(const struct study *s)
{
	const struct srs_params *p = &s->p;
	uint64_t h = UINT64_C(0xcbf29ce484222325);
	h = fnv(h, p->w, sizeof p->w);
	h = fnv(h, &p->desired_retention, sizeof p->desired_retention);
	h = fnv(h, p->learning_steps, (size_t)p->n_learning * sizeof *p->learning_steps);
	h = fnv(h, p->relearning_steps, (size_t)p->n_relearning * sizeof *p->relearning_steps);
	int ints[3] = {p->maximum_interval, p->fuzz, p->n_learning * 100 + p->n_relearning};
	h = fnv(h, ints, sizeof ints);
	h = fnv(h, &p->fuzz_seed, sizeof p->fuzz_seed);
	for (size_t i = 0; i < s->cards.n; i++)
		h = fnv(h, s->cards.v[i].id, strlen(s->cards.v[i].id) + 1);
	for (size_t i = 0; i < s->log.n; i++) {
		const struct revlog_entry *e = &s->log.v[i];
		h = fnv(h, e->card, strlen(e->card) + 1);
		h = fnv(h, &e->time, sizeof e->time);
		h = fnv(h, &e->rating, sizeof e->rating);
	}
	return xasprintf("v1:%zu:%zu:%016" PRIx64, s->cards.n, s->log.n, h);
}

static void cached_row(void *ctx, const struct library_card_state *row)
{
	struct study *s = ctx;
	long i = study_find(s, row->id);
	if (i < 0)
		return;
	struct study_card *sc = &s->st[i];
	sc->s = (struct srs_card){(enum srs_state)row->state, row->step, row->stability,
				  row->difficulty, row->due, row->last_review, row->reps,
				  row->lapses};
	sc->first_review = row->first_review;
}

/* Replay the log into the states, or take them from the index when it
 * holds a replay of the same inputs; a replay is stored for the next run
 * (the index is a cache: failing to read or write it costs only time). */
static void replay(struct library *lib, struct study *s)
{
	char *fingerprint = replay_fingerprint(s);
	if (library_card_states_load(lib, fingerprint, cached_row, s, NULL) == 1) {
		s->states_cached = true;
		free(fingerprint);
		return;
	}
	for (size_t i = 0; i < s->log.n; i++) {
		const struct revlog_entry *e = &s->log.v[i];
		long c = study_find(s, e->card);
		if (c < 0)
			continue;
		struct study_card *sc = &s->st[c];
		srs_review(&s->p, &sc->s, (enum srs_rating)e->rating, e->time, srs_card_key(e->card),
			   &sc->s);
		if (!sc->first_review)
			sc->first_review = e->time;
	}
	struct library_card_state *rows = xcalloc(s->cards.n ? s->cards.n : 1, sizeof *rows);
	size_t n = 0;
	for (size_t i = 0; i < s->cards.n; i++) {
		const struct study_card *sc = &s->st[i];
		if (sc->s.state == SRS_NEW)
			continue;
		rows[n++] = (struct library_card_state){
			s->cards.v[i].id, (int)sc->s.state, sc->s.step, sc->s.stability,
			sc->s.difficulty, sc->s.due, sc->s.last_review, sc->first_review,
			sc->s.reps, sc->s.lapses};
	}
	library_card_states_store(lib, fingerprint, rows, n, NULL);
	free(rows);
	free(fingerprint);
}

static void apply(struct library *lib, struct study *s, const struct revlog *raw,
		  const struct cardstate *cs)
{
	revlog_free(&s->log);
	for (size_t i = 0; i < raw->n; i++) {
		struct revlog_entry e = raw->v[i];
		e.card = xstrdup(alias_target(s, cs, e.card));
		s->log.v = xgrow(s->log.v, &s->log.cap, s->log.n + 1, sizeof *s->log.v);
		s->log.v[s->log.n++] = e;
	}
	free(s->st);
	s->st = xcalloc(s->cards.n ? s->cards.n : 1, sizeof *s->st);
	for (size_t i = 0; i < s->cards.n; i++)
		s->st[i].s = (struct srs_card)SRS_CARD_NEW;
	replay(lib, s);
	for (size_t i = 0; i < cs->n; i++) {
		const struct cardstate_rec *r = &cs->v[i];
		long c = study_find(s, alias_target(s, cs, r->card));
		if (c < 0)
			continue;
		struct study_card *sc = &s->st[c];
		if (r->verb == CS_SUSPEND)
			sc->suspended = true;
		else if (r->verb == CS_UNSUSPEND)
			sc->suspended = false;
		else if (r->verb == CS_BURY)
			sc->buried_until = study_next_day(r->time);
		else if (r->verb == CS_UNBURY)
			sc->buried_until = 0;
	}
}

/* New cards take over the history of the card they replace in place. */
static size_t inherit(struct study *s, const struct snap *old, size_t n_old, struct cardstate *cs,
		      const struct revlog *raw, struct strvec *warnings)
{
	size_t done = 0;
	bool *used = xcalloc(n_old ? n_old : 1, 1);
	/* the ids with a history, after aliases (a deck used as a set) */
	struct srs_deck *hist = srs_deck_new();
	for (size_t i = 0; i < raw->n; i++)
		srs_deck_get(hist, alias_target(s, cs, raw->v[i].card), true);
	for (size_t i = 0; i < s->cards.n; i++) {
		const struct card *c = &s->cards.v[i];
		if (srs_deck_get(hist, c->id, false))
			continue;
		char *norm = NULL;
		double best = 0.5;
		long pick = -1;
		for (size_t j = 0; j < n_old; j++) {
			const struct snap *o = &old[j];
			if (used[j] || strcmp(o->file, c->file) || strcmp(o->context, c->context) ||
			    study_find(s, o->id) >= 0 || !srs_deck_get(hist, o->id, false))
				continue;
			if (!norm)
				norm = card_text_normalise(c->front, c->back);
			double sim = similarity(norm, o->norm);
			if (sim >= best) {
				best = sim;
				pick = (long)j;
			}
		}
		free(norm);
		if (pick < 0)
			continue;
		char *err = NULL;
		if (cardstate_append(s->state_path, s->now, old[pick].id, CS_ALIAS, c->id, &err) < 0) {
			strvec_push_owned(warnings, err);
			break;
		}
		used[pick] = true;
		cs->v = xgrow(cs->v, &cs->cap, cs->n + 1, sizeof *cs->v);
		cs->v[cs->n++] = (struct cardstate_rec){s->now, xstrdup(old[pick].id), CS_ALIAS,
							xstrdup(c->id)};
		srs_deck_get(hist, c->id, true);
		done++;
	}
	srs_deck_free(&hist);
	free(used);
	return done;
}

static void snapshot_write(const struct study *s, const char *path, const struct snap *old,
			   size_t n_old)
{
	struct buf b = BUF_INIT;
	bool same = n_old == s->cards.n;
	for (size_t i = 0; i < s->cards.n; i++) {
		const struct card *c = &s->cards.v[i];
		same = same && strcmp(old[i].id, c->id) == 0 && strcmp(old[i].file, c->file) == 0;
		char *norm = card_text_normalise(c->front, c->back);
		buf_printf(&b, "%s\t", c->id);
		add_field(&b, c->file);
		buf_addc(&b, '\t');
		add_field(&b, c->context);
		buf_addc(&b, '\t');
		add_field(&b, norm);
		buf_addc(&b, '\n');
		free(norm);
	}
	if (!same)
		file_write_atomic(path, b.data ? b.data : "", b.len, NULL); /* a cache: may fail */
	buf_free(&b);
}

int study_open(struct library *lib, const struct srs_params *p, int64_t now, struct study **out,
	       struct strvec *warnings, char **errp)
{
	struct study *s = xcalloc(1, sizeof *s);
	s->p = *p;
	s->now = now;
	s->dir = xstrdup(library_dir(lib));
	s->log_path = path_join(s->dir, REVLOG_NAME);
	s->state_path = path_join(s->dir, CARDSTATE_NAME);
	parse_dir(lib, s, CARDS_DIR, warnings);
	parse_dir(lib, s, "notes", warnings);
	generate(lib, s, warnings);
	index_build(s);

	struct revlog raw = REVLOG_INIT;
	struct cardstate cs = {0};
	if (revlog_read(s->log_path, &raw, warnings, errp) < 0 ||
	    cardstate_read(s->state_path, &cs, warnings, errp) < 0) {
		revlog_free(&raw);
		cardstate_free(&cs);
		study_free(&s);
		return -1;
	}
	revlog_resolve(&raw);
	char *snap_path = path_join(library_cache_dir(lib), SNAPSHOT_NAME);
	struct snap *old;
	size_t n_old;
	snapshot_read(snap_path, &old, &n_old);
	s->n_inherited = inherit(s, old, n_old, &cs, &raw, warnings);
	snapshot_write(s, snap_path, old, n_old);
	snap_free(old, n_old);
	free(snap_path);
	apply(lib, s, &raw, &cs);
	revlog_free(&raw);
	cardstate_free(&cs);
	*out = s;
	return 0;
}

void study_free(struct study **sp)
{
	struct study *s = *sp;
	if (!s)
		return;
	card_set_free(&s->cards);
	free(s->st);
	revlog_free(&s->log);
	free(s->dir);
	free(s->log_path);
	free(s->state_path);
	free(s->slots);
	FREE(sp);
}

bool study_is_due(const struct study *s, size_t i)
{
	const struct study_card *c = &s->st[i];
	return c->s.state != SRS_NEW && !c->suspended && c->buried_until <= s->now &&
	       c->s.due <= s->now;
}
