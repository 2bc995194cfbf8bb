/* render.c: one page rendered to pixels, under the memory cap and a time
 * limit. */
#include "config.h"

#include <math.h>
#include <mupdf/fitz.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pdf/private.h"
#include "util/i18n.h"
#include "util/util.h"

/* Aborts MuPDF's drawing once the deadline has passed. */
struct timer {
	pthread_mutex_t mu;
	pthread_cond_t cond;
	struct timespec deadline;
	bool done, fired;
	fz_cookie cookie;
};

static void *timer_run(void *arg)
{
	struct timer *t = arg;
	pthread_mutex_lock(&t->mu);
	while (!t->done)
		if (pthread_cond_timedwait(&t->cond, &t->mu, &t->deadline) != 0 && !t->done) {
			t->fired = true;
			__atomic_store_n(&t->cookie.abort, 1, __ATOMIC_RELAXED);
			break;
		}
	pthread_mutex_unlock(&t->mu);
	return NULL;
}

void pdf_pixels_free(struct pdf_pixels *px)
{
	free(px->data);
	memset(px, 0, sizeof *px);
}

/* Draw the page scaled to fit max_w x max_h, its height yscale times as
 * much as its width, into a new RGB pixmap. */
static fz_pixmap *draw(fz_context *ctx, fz_document *doc, int page, int max_w, int max_h,
		       double yscale, fz_cookie *cookie)
{
	fz_page *pg = NULL;
	fz_pixmap *pix = NULL;
	fz_device *dev = NULL;
	fz_var(pg);
	fz_var(pix);
	fz_var(dev);
	fz_try(ctx)
	{
		pg = fz_load_page(ctx, doc, page);
		fz_rect b = fz_bound_page(ctx, pg);
		double pw = b.x1 - b.x0, ph = b.y1 - b.y0;
		if (!(pw > 0 && ph > 0 && isfinite(pw) && isfinite(ph)))
			fz_throw(ctx, FZ_ERROR_GENERIC, "the page has no size");
		double zoom = fmin(max_w / pw, max_h / (ph * yscale));
		fz_matrix ctm = fz_scale((float)zoom, (float)(zoom * yscale));
		fz_irect ib = fz_round_rect(fz_transform_rect(b, ctm));
		if (ib.x1 <= ib.x0)
			ib.x1 = ib.x0 + 1;
		if (ib.y1 <= ib.y0)
			ib.y1 = ib.y0 + 1;
		pix = fz_new_pixmap_with_bbox(ctx, fz_device_rgb(ctx), ib, NULL, 0);
		fz_clear_pixmap_with_value(ctx, pix, 0xff);
		dev = fz_new_draw_device(ctx, ctm, pix);
		fz_run_page(ctx, pg, dev, fz_identity, cookie);
		fz_close_device(ctx, dev);
		if (cookie->abort)
			fz_throw(ctx, FZ_ERROR_ABORT, "aborted");
	}
	fz_always(ctx)
	{
		fz_drop_device(ctx, dev);
		fz_drop_page(ctx, pg);
	}
	fz_catch(ctx)
	{
		fz_drop_pixmap(ctx, pix);
		fz_rethrow(ctx);
	}
	return pix;
}

struct pdf_renderer {
	struct pdf_ctx pc; /* its heap's user pointer: the struct does not move */
	fz_document *doc;
	char *path;
	struct pdf_limits lim;
	int npages;
};

struct pdf_renderer *pdf_renderer_open(const char *path, const struct pdf_limits *limits,
				       char **errp)
{
	struct pdf_renderer *r = xcalloc(1, sizeof *r);
	r->path = xstrdup(path);
	r->lim = pdf_limits_resolve(limits);
	if (pdf_ctx_open(&r->pc, r->path, &r->lim, errp) != 0) {
		free(r->path);
		free(r);
		return NULL;
	}
	fz_context *ctx = r->pc.ctx;
	int bad = 0;
	fz_var(bad);
	fz_try(ctx)
	{
		r->doc = pdf_ctx_open_doc(&r->pc, path, NULL, 0);
		r->npages = fz_count_pages(ctx, r->doc);
	}
	fz_catch(ctx)
	{
		pdf_ctx_error(&r->pc, path, errp);
		bad = 1;
	}
	if (!bad && r->npages < 1) {
		error_set(errp, _("%s: the document has no pages"), path);
		bad = 1;
	}
	if (bad) {
		pdf_renderer_close(&r);
		return NULL;
	}
	return r;
}

void pdf_renderer_close(struct pdf_renderer **rp)
{
	struct pdf_renderer *r = *rp;
	if (!r)
		return;
	if (r->pc.ctx)
		fz_drop_document(r->pc.ctx, r->doc);
	pdf_ctx_close(&r->pc);
	free(r->path);
	FREE(rp);
}

int pdf_renderer_page(struct pdf_renderer *r, int page, int max_w, int max_h, double yscale,
		      struct pdf_pixels *out, char **errp)
{
	memset(out, 0, sizeof *out);
	const char *path = r->path;
	if (max_w < 1 || max_h < 1)
		return error_set(errp, _("%s: nothing to draw into (%dx%d pixels)"), path, max_w,
				 max_h);
	/* volatile: kept across the setjmp of fz_try */
	volatile double ys = yscale > 0.01 && yscale < 100 ? yscale : 1;
	if (page < 0 || page >= r->npages)
		return error_set(errp, _("%s: no page %d (the document has %d)"), path, page + 1,
				 r->npages);
	struct pdf_ctx *pc = &r->pc;
	fz_context *ctx = pc->ctx;
	struct pdf_limits lim = r->lim;
	pc->refused = false;
	struct timer t = {.mu = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER};
	clock_gettime(CLOCK_REALTIME, &t.deadline);
	double s = floor(lim.page_seconds);
	t.deadline.tv_sec += (time_t)s;
	t.deadline.tv_nsec += (long)((lim.page_seconds - s) * 1e9);
	if (t.deadline.tv_nsec >= 1000000000L) {
		t.deadline.tv_sec++;
		t.deadline.tv_nsec -= 1000000000L;
	}
	pthread_t th;
	bool timed = pthread_create(&th, NULL, timer_run, &t) == 0;
	fz_pixmap *pix = NULL;
	int rc = 0;
	fz_var(pix);
	fz_var(rc);
	fz_try(ctx)
		pix = draw(ctx, r->doc, page, max_w, max_h, ys, &t.cookie);
	fz_catch(ctx)
	{
		rc = -1;
		if (t.fired)
			error_set(errp, _("%s: page %d takes longer than %g seconds to draw"), path,
				  page + 1, lim.page_seconds);
		else
			pdf_ctx_error(pc, path, errp);
	}
	if (timed) {
		pthread_mutex_lock(&t.mu);
		t.done = true;
		pthread_cond_signal(&t.cond);
		pthread_mutex_unlock(&t.mu);
		pthread_join(th, NULL);
	}
	if (pix) {
		/* The pixels are copied out of MuPDF's capped heap. */
		out->w = fz_pixmap_width(ctx, pix);
		out->h = fz_pixmap_height(ctx, pix);
		out->stride = out->w * 3;
		out->data = xmalloc((size_t)out->stride * (size_t)out->h);
		const unsigned char *src = fz_pixmap_samples(ctx, pix);
		ptrdiff_t sstride = fz_pixmap_stride(ctx, pix);
		for (int y = 0; y < out->h; y++)
			memcpy(out->data + (size_t)y * (size_t)out->stride, src + y * sstride,
			       (size_t)out->stride);
		fz_drop_pixmap(ctx, pix);
	}
	return rc;
}

int pdf_render_page(const char *path, int page, int max_w, int max_h,
		    const struct pdf_limits *limits, struct pdf_pixels *out, char **errp)
{
	memset(out, 0, sizeof *out);
	if (max_w < 1 || max_h < 1)
		return error_set(errp, _("%s: nothing to draw into (%dx%d pixels)"), path, max_w,
				 max_h);
	struct pdf_renderer *r = pdf_renderer_open(path, limits, errp);
	if (!r)
		return -1;
	int rc = pdf_renderer_page(r, page, max_w, max_h, 1, out, errp);
	pdf_renderer_close(&r);
	return rc;
}
