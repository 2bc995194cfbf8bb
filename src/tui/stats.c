/* stats.c: the statistics view (the text of study_stats_render, its
 * block characters coloured from the theme), opened over the panes. */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "study/study.h"
#include "tui/private.h"
#include "util/i18n.h"
#include "util/settings.h"

static struct strvec *stats_lines(const struct view *v)
{
	return v->priv;
}

unsigned stats_open(struct tui *t)
{
	struct view *v = &t->stats;
	if (!v->priv)
		v->priv = xcalloc(1, sizeof(struct strvec));
	struct strvec *l = stats_lines(v);
	strvec_free(l);
	char *path = config_path(), *err = NULL;
	struct config *c = NULL;
	struct srs_params p;
	int rc = config_load(path, &c, &err);
	if (rc == 0)
		rc = srs_params_load(c, path, &p, &err);
	config_free(&c);
	free(path);
	struct study *st = NULL;
	struct strvec warnings = STRVEC_INIT;
	if (rc == 0)
		rc = study_open(t->lib, &p, study_now(), &st, &warnings, &err);
	strvec_free(&warnings);
	if (rc < 0) {
		tui_message(t, true, "%s", err ? err : _("cannot load the cards"));
		free(err);
		return REDRAW_BARS;
	}
	study_stats_render(st, v->r.w, l);
	study_free(&st);
	t->stats_open = true;
	v->offset = 0;
	v->n = l->n;
	return REDRAW_ALL;
}

void stats_close(struct tui *t)
{
	if (t->stats.priv)
		strvec_free(stats_lines(&t->stats));
	t->stats_open = false;
}

static unsigned stats_handle(struct tui *t, struct view *v, enum cmd cmd)
{
	(void)t;
	return view_scroll(v, cmd) ? REDRAW_STATS : REDRAW_NONE;
}

/* Block characters (U+2580-U+259F) and the heat map's dot. */
static bool is_chart(uint32_t cp)
{
	return (cp >= 0x2580 && cp <= 0x259F) || cp == 0xB7;
}

static void stats_draw(const struct tui *t, const struct view *v)
{
	(void)t;
	const struct strvec *l = stats_lines(v);
	draw_fill(&v->r, theme_attr(TH_NORMAL));
	if (!l)
		return;
	int normal = theme_attr(TH_NORMAL), chart = theme_attr(TH_CHART);
	for (int row = 0; row < v->r.h && v->offset + (size_t)row < l->n; row++) {
		const char *s = l->v[v->offset + (size_t)row];
		int x = 0, w = v->r.w - 2;
		size_t n = strlen(s);
		/* runs of chart and text characters, each in its colour */
		for (size_t i = 0; i < n && x < w;) {
			uint32_t cp;
			utf8_decode(s + i, n - i, &cp);
			bool c = is_chart(cp);
			size_t j = i;
			while (j < n) {
				uint32_t cq;
				size_t k = utf8_decode(s + j, n - j, &cq);
				if (is_chart(cq) != c)
					break;
				j += k;
			}
			char *run = xstrndup(s + i, j - i);
			x += draw_text(v->r.y + row, v->r.x + 2 + x, w - x, run, c ? chart : normal);
			free(run);
			i = j;
		}
	}
}

static void stats_layout(struct tui *t, struct view *v)
{
	(void)t;
	size_t h = v->r.h > 1 ? (size_t)v->r.h : 1;
	if (v->offset + h > v->n)
		v->offset = v->n > h ? v->n - h : 0;
}

static void stats_load(struct tui *t, struct view *v)
{
	(void)t;
	(void)v;
}

static void stats_free(struct view *v)
{
	if (v->priv) {
		strvec_free(stats_lines(v));
		FREE(&v->priv);
	}
}

const struct view_ops stats_ops = {
	"stats", stats_load, stats_layout, stats_handle, stats_draw, stats_free,
	REDRAW_STATS, CTX_STATS,
};
