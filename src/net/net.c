/* net.c: the transfer layer's public side and its worker. One curl multi
 * handle, driven by a worker thread with curl_multi_poll; callers submit
 * requests and take events from a queue whose readiness an eventfd
 * signals. What one transfer does is in transfer.c. */
#include "config.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "net/private.h"
#include "util/i18n.h"

double now_mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
/* ---- events ---- */

void push_event(struct net *n, const struct net_event *ev)
{
	struct event_node *e = xcalloc(1, sizeof *e);
	e->ev = *ev;
	pthread_mutex_lock(&n->mu);
	if (n->ev_tail)
		n->ev_tail->next = e;
	else
		n->ev_head = e;
	n->ev_tail = e;
	if (ev->type == NET_EV_DONE)
		n->pending--;
	uint64_t one = 1;
	if (write(n->efd, &one, sizeof one) < 0) {
		/* the counter is already set: the reader wakes anyway */
	}
	pthread_mutex_unlock(&n->mu);
}

int net_next(struct net *n, struct net_event *ev)
{
	pthread_mutex_lock(&n->mu);
	struct event_node *e = n->ev_head;
	if (e) {
		n->ev_head = e->next;
		if (!n->ev_head)
			n->ev_tail = NULL;
	}
	if (!n->ev_head) {
		uint64_t v;
		if (read(n->efd, &v, sizeof v) < 0) {
			/* nothing to clear */
		}
	}
	pthread_mutex_unlock(&n->mu);
	if (!e)
		return 0;
	*ev = e->ev;
	free(e);
	return 1;
}

int net_wait(struct net *n, struct net_event *ev, int timeout_ms)
{
	if (net_next(n, ev))
		return 1;
	struct pollfd p = {.fd = n->efd, .events = POLLIN};
	int r;
	while ((r = poll(&p, 1, timeout_ms)) < 0 && errno == EINTR)
		;
	return r > 0 ? net_next(n, ev) : 0;
}

int net_fd(const struct net *n)
{
	return n->efd;
}

unsigned net_pending(const struct net *n)
{
	pthread_mutex_lock((pthread_mutex_t *)&n->mu);
	unsigned p = n->pending;
	pthread_mutex_unlock((pthread_mutex_t *)&n->mu);
	return p;
}

void net_event_free(struct net_event *ev)
{
	free(ev->error);
	free(ev->body);
	free(ev->url);
	memset(ev, 0, sizeof *ev);
}

const struct net_settings *net_settings(const struct net *n)
{
	return &n->s;
}
/* ---- jobs ---- */

static void curl_init_once(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* End the job's running try, if any. */
void job_detach(struct net *n, struct job *j)
{
	if (!j->easy)
		return;
	curl_multi_remove_handle(n->multi, j->easy);
	curl_easy_cleanup(j->easy);
	j->easy = NULL;
	n->running--;
	for (struct job **p = &n->active; *p; p = &(*p)->next_active)
		if (*p == j) {
			*p = j->next_active;
			break;
		}
	j->next_active = NULL;
	if (j->arxiv_api) {
		n->api_busy = false;
		n->api_next = now_mono() + n->s.delay;
	}
}

static void job_free(struct job *j)
{
	if (j->part_fd >= 0)
		close(j->part_fd);
	free(j->url), free(j->dest), free(j->part);
	buf_free(&j->body);
	free(j->content_type);
	free(j->refused);
	free(j);
}

/* The job is over: its done event, and the job freed. */
void job_finish(struct net *n, struct job *j, enum net_result result, char *error)
{
	struct net_event ev = {.type = NET_EV_DONE, .id = j->id, .user = j->user,
			       .result = result, .error = error, .requests = j->requests,
			       .now = j->offset + j->got, .total = -1};
	if (j->easy)
		curl_easy_getinfo(j->easy, CURLINFO_RESPONSE_CODE, &ev.http);
	ev.url = xstrdup(j->url);
	if (result == NET_OK && !j->dest && j->fd < 0) {
		ev.len = j->body.len;
		ev.body = buf_detach(&j->body);
	}
	job_detach(n, j);
	push_event(n, &ev);
	job_free(j);
}

void remove_part(struct job *j)
{
	if (j->part && j->locked) /* never another quire's part */
		unlink(j->part);
}

void job_fail(struct net *n, struct job *j, char *error)
{
	struct stat st;
	/* an empty part is no start for a resume */
	if (j->part_fd >= 0 && fstat(j->part_fd, &st) == 0 && st.st_size == 0)
		remove_part(j);
	job_finish(n, j, j->cancelled ? NET_CANCELLED : NET_FAILED, error);
}


unsigned net_submit(struct net *n, const struct net_request *rq)
{
	struct job *j = xcalloc(1, sizeof *j);
	j->url = xstrdup(rq->url);
	j->dest = rq->dest ? xstrdup(rq->dest) : NULL;
	j->part = rq->dest ? xasprintf("%s.part", rq->dest) : NULL;
	j->fd = rq->dest ? -1 : rq->fd;
	j->part_fd = -1;
	j->resume = rq->resume;
	j->follow_landing = rq->follow_landing;
	j->arxiv_api = rq->arxiv_api;
	j->expect = rq->expect;
	j->max_bytes = rq->max_bytes ? rq->max_bytes
				     : (j->dest || j->fd >= 0) ? NET_FILE_MAX : NET_MEMORY_MAX;
	j->verify = rq->verify;
	j->user = rq->user;
	j->retry_after = -1;
	pthread_mutex_lock(&n->mu);
	unsigned id = j->id = ++n->next_id;
	n->pending++;
	struct job **tail = &n->incoming;
	while (*tail)
		tail = &(*tail)->next;
	*tail = j;
	pthread_mutex_unlock(&n->mu);
	/* from here j belongs to the worker, which may be done with it already */
	curl_multi_wakeup(n->multi);
	return id;
}

void net_cancel(struct net *n, unsigned id)
{
	pthread_mutex_lock(&n->mu);
	n->cancels = xgrow(n->cancels, &n->cap_cancels, n->n_cancels + 1, sizeof *n->cancels);
	n->cancels[n->n_cancels++] = id;
	pthread_mutex_unlock(&n->mu);
	curl_multi_wakeup(n->multi);
}
void job_requeue(struct net *n, struct job *j, double wait)
{
	job_detach(n, j);
	j->not_before = now_mono() + wait;
	j->next = NULL;
	struct job **tail = &n->waiting;
	while (*tail)
		tail = &(*tail)->next;
	*tail = j;
}

/* ---- the worker ---- */

static void take_requests(struct net *n)
{
	pthread_mutex_lock(&n->mu);
	struct job *in = n->incoming;
	n->incoming = NULL;
	unsigned *cancels = n->cancels;
	size_t n_cancels = n->n_cancels;
	n->cancels = NULL;
	n->n_cancels = n->cap_cancels = 0;
	pthread_mutex_unlock(&n->mu);
	while (in) {
		struct job *next = in->next;
		job_requeue(n, in, 0);
		in = next;
	}
	for (size_t i = 0; i < n_cancels; i++) {
		bool found = false;
		for (struct job **p = &n->waiting; *p && !found; p = &(*p)->next) {
			if ((*p)->id == cancels[i]) {
				struct job *j = *p;
				*p = j->next;
				j->cancelled = found = true;
				job_fail(n, j, xasprintf(_("%s: cancelled"), j->url));
				break;
			}
		}
		/* a running one stops at its next progress callback */
		for (struct job *j = n->active; j && !found; j = j->next_active)
			if (j->id == cancels[i])
				j->cancelled = found = true;
	}
	free(cancels);
}

static void start_ready(struct net *n, double *wait)
{
	double t = now_mono();
	*wait = 1.0;
	for (struct job **p = &n->waiting; *p && n->running < n->s.parallel;) {
		struct job *j = *p;
		double ready = j->not_before;
		if (j->arxiv_api) {
			if (n->api_busy) {
				p = &j->next;
				continue;
			}
			if (n->api_next > ready)
				ready = n->api_next;
		}
		if (ready > t) {
			if (ready - t < *wait)
				*wait = ready - t;
			p = &j->next;
			continue;
		}
		*p = j->next;
		j->next = NULL;
		try_start(n, j);
	}
}

static bool should_quit(struct net *n)
{
	pthread_mutex_lock(&n->mu);
	bool quit = n->quit;
	pthread_mutex_unlock(&n->mu);
	return quit;
}

static void *worker(void *arg)
{
	struct net *n = arg;
	while (!should_quit(n)) {
		take_requests(n);
		double wait;
		start_ready(n, &wait);
		curl_multi_poll(n->multi, NULL, 0, (int)(wait * 1000) + 1, NULL);
		int still;
		curl_multi_perform(n->multi, &still);
		CURLMsg *m;
		int left;
		while ((m = curl_multi_info_read(n->multi, &left))) {
			if (m->msg != CURLMSG_DONE)
				continue;
			struct job *j = NULL;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&j);
			if (j)
				try_done(n, j, m->data.result);
		}
	}
	/* what is left is cancelled: partial files stay for a resume */
	take_requests(n);
	while (n->active) {
		struct job *j = n->active;
		j->cancelled = true;
		job_fail(n, j, xasprintf(_("%s: cancelled"), j->url));
	}
	while (n->waiting) {
		struct job *j = n->waiting;
		n->waiting = j->next;
		j->cancelled = true;
		job_fail(n, j, xasprintf(_("%s: cancelled"), j->url));
	}
	return NULL;
}

int net_open(struct net_settings *s, struct net **out, char **errp)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, curl_init_once);
	struct net *n = xcalloc(1, sizeof *n);
	n->s = *s;
	memset(s, 0, sizeof *s);
	n->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	n->multi = curl_multi_init();
	n->seed = (unsigned)time(NULL) ^ (unsigned)getpid();
	pthread_mutex_init(&n->mu, NULL);
	if (n->efd < 0 || !n->multi) {
		error_set(errp, _("cannot start the network layer: %s"), strerror(errno));
		goto fail;
	}
	curl_multi_setopt(n->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)n->s.parallel);
	/* Signals go to the caller's thread, never the worker's (which
	 * inherits this mask): a write to a closed TLS connection fails with
	 * EPIPE instead of killing quire with SIGPIPE. */
	sigset_t all, saved;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &saved);
	int rc = pthread_create(&n->thread, NULL, worker, n);
	pthread_sigmask(SIG_SETMASK, &saved, NULL);
	if (rc != 0) {
		error_set(errp, _("cannot start the network layer: %s"), strerror(rc));
		goto fail;
	}
	*out = n;
	return 0;
fail:
	if (n->multi)
		curl_multi_cleanup(n->multi);
	if (n->efd >= 0)
		close(n->efd);
	pthread_mutex_destroy(&n->mu);
	net_settings_free(&n->s);
	free(n);
	return -1;
}

void net_close(struct net **np)
{
	struct net *n = *np;
	if (!n)
		return;
	pthread_mutex_lock(&n->mu);
	n->quit = true;
	pthread_mutex_unlock(&n->mu);
	curl_multi_wakeup(n->multi);
	pthread_join(n->thread, NULL);
	struct net_event ev;
	while (net_next(n, &ev))
		net_event_free(&ev);
	curl_multi_cleanup(n->multi);
	close(n->efd);
	pthread_mutex_destroy(&n->mu);
	free(n->cancels);
	net_settings_free(&n->s);
	FREE(np);
}

double net_retry_after(const char *value)
{
	while (*value == ' ' || *value == '\t')
		value++;
	if (!*value)
		return -1;
	char *end;
	long secs = strtol(value, &end, 10);
	if (end != value && (*end == '\0' || *end == ' ') && secs >= 0)
		return (double)secs;
	time_t when = curl_getdate(value, NULL);
	if (when < 0)
		return -1;
	double d = difftime(when, time(NULL));
	return d > 0 ? d : 0;
}
