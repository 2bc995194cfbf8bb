/* net.c: the transfer layer. One curl multi handle, driven by a worker
 * thread with curl_multi_poll; callers submit requests and take events
 * from a queue whose readiness an eventfd signals. Everything a transfer
 * needs is set here, in one place: User-Agent, redirects, timeouts, size
 * caps, retries with backoff, Range resume of a .part file, the check of
 * what arrived, the atomic move into place. */
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
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "net/private.h"
#include "util/i18n.h"

struct job {
	struct job *next;         /* in the waiting list */
	struct job *next_active;  /* in the list of running tries */
	struct net *net;
	unsigned id;
	char *url;            /* a landing page's PDF link once followed */
	char *dest, *part;    /* file requests: final path and dest.part */
	int fd;               /* the caller's file, or -1 */
	int part_fd;          /* our .part, open and locked while the job lives */
	bool locked;          /* part_fd holds the lock */
	bool resume, follow_landing, landed, arxiv_api, cancelled;
	size_t max_bytes;
	enum net_expect expect;
	int (*verify)(const char *path, void *user, char **errp);
	void *user;
	/* the current try */
	CURL *easy;
	int tries, timeouts, requests;
	double not_before, started, last_progress;
	long long offset;     /* bytes of the file before this try */
	long long got;        /* bytes this try */
	bool first_write, discard;
	unsigned char head[1024]; /* the file's first bytes */
	size_t nhead;
	struct buf body;      /* memory requests */
	char *content_type;
	double retry_after;
	char *refused;        /* why the write callback stopped the transfer */
	bool too_big;
	bool stalled;         /* no data for the timeout */
	double last_data;     /* when the last byte came */
	long long last_dlnow;
	char ebuf[CURL_ERROR_SIZE];
};

struct event_node {
	struct event_node *next;
	struct net_event ev;
};

struct net {
	struct net_settings s;
	CURLM *multi;
	pthread_t thread;
	pthread_mutex_t mu;
	int efd;
	/* under mu */
	struct job *incoming;
	unsigned *cancels;
	size_t n_cancels, cap_cancels;
	struct event_node *ev_head, *ev_tail;
	unsigned next_id, pending;
	bool quit;
	/* the worker's own */
	struct job *waiting; /* in submission order */
	struct job *active;  /* tries running */
	int running;
	bool api_busy;
	double api_next;
	unsigned seed;
};

static double now_mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- events ---- */

static void push_event(struct net *n, const struct net_event *ev)
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
static void job_detach(struct net *n, struct job *j)
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
static void job_finish(struct net *n, struct job *j, enum net_result result, char *error)
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

static void remove_part(struct job *j)
{
	if (j->part && j->locked) /* never another quire's part */
		unlink(j->part);
}

static void job_fail(struct net *n, struct job *j, char *error)
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
	j->id = ++n->next_id;
	n->pending++;
	struct job **tail = &n->incoming;
	while (*tail)
		tail = &(*tail)->next;
	*tail = j;
	pthread_mutex_unlock(&n->mu);
	curl_multi_wakeup(n->multi);
	return j->id;
}

void net_cancel(struct net *n, unsigned id)
{
	pthread_mutex_lock(&n->mu);
	n->cancels = xgrow(n->cancels, &n->cap_cancels, n->n_cancels + 1, sizeof *n->cancels);
	n->cancels[n->n_cancels++] = id;
	pthread_mutex_unlock(&n->mu);
	curl_multi_wakeup(n->multi);
}

/* ---- callbacks (worker thread) ---- */

static bool looks_like_html(const struct job *j)
{
	if (j->content_type && (strstr(j->content_type, "text/html") ||
				strstr(j->content_type, "application/xhtml")))
		return true;
	for (size_t i = 0; i + 5 <= j->nhead; i++)
		if (strncasecmp((const char *)j->head + i, "<html", 5) == 0 ||
		    (i + 9 <= j->nhead && strncasecmp((const char *)j->head + i, "<!doctype", 9) == 0))
			return true;
	return false;
}

static size_t on_header(char *data, size_t size, size_t nitems, void *ud)
{
	struct job *j = ud;
	size_t len = size * nitems;
	char *line = xstrndup(data, len);
	str_trim(line);
	if (str_starts_with(line, "HTTP/")) {
		/* a new response (after a redirect): forget the last one's */
		FREE(&j->content_type);
		j->retry_after = -1;
	} else if (str_starts_with_ci(line, "content-type:")) {
		free(j->content_type);
		j->content_type = str_trim(xstrdup(line + 13));
	} else if (str_starts_with_ci(line, "retry-after:")) {
		j->retry_after = net_retry_after(line + 12);
	}
	free(line);
	return len;
}

static size_t write_file(struct job *j, const char *data, size_t len)
{
	int fd = j->dest ? j->part_fd : j->fd;
	while (len) {
		ssize_t w = write(fd, data, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			j->refused = xasprintf(_("cannot write %s: %s"), j->dest ? j->dest : _("the file"),
					       strerror(errno));
			return 0;
		}
		data += w;
		len -= (size_t)w;
	}
	return 1;
}

static size_t on_data(char *data, size_t size, size_t nmemb, void *ud)
{
	struct job *j = ud;
	size_t len = size * nmemb;
	if (j->first_write) {
		j->first_write = false;
		long code = 0;
		curl_easy_getinfo(j->easy, CURLINFO_RESPONSE_CODE, &code);
		j->discard = code < 200 || code >= 300; /* an error page: not the file */
		if (!j->discard && code != 206 && j->offset > 0) {
			/* Range ignored: the whole file again, from the start */
			int fd = j->dest ? j->part_fd : j->fd;
			if (ftruncate(fd, 0) < 0 || lseek(fd, 0, SEEK_SET) < 0) {
				j->refused = xasprintf("%s: %s", j->dest, strerror(errno));
				return 0;
			}
			j->offset = 0;
			j->nhead = 0;
		}
	}
	if (j->discard)
		return len;
	if ((unsigned long long)(j->offset + j->got) + len > j->max_bytes) {
		j->too_big = true;
		return 0;
	}
	for (size_t i = 0; i < len && j->nhead < sizeof j->head && j->offset + j->got + (long long)i ==
							 (long long)j->nhead; i++)
		j->head[j->nhead++] = (unsigned char)data[i];
	if (j->expect == NET_EXPECT_GGUF && j->nhead >= 4 && memcmp(j->head, "GGUF", 4) != 0) {
		j->refused = xstrdup(_("not a GGUF model file (it does not start with \"GGUF\"); nothing was added"));
		return 0;
	}
	if (j->dest || j->fd >= 0) {
		if (!write_file(j, data, len))
			return 0;
	} else {
		buf_add(&j->body, data, len);
	}
	j->got += (long long)len;
	return len;
}

/* Progress events, at most ten a second per transfer. */
static int on_progress(void *ud, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ut, curl_off_t un)
{
	UNUSED(ut);
	UNUSED(un);
	struct job *j = ud;
	if (j->cancelled)
		return 1;
	double t = now_mono();
	/* no byte for the timeout (libcurl's own low-speed check averages
	 * over seconds and gives up late) */
	if (dlnow > j->last_dlnow || j->last_data == 0) {
		j->last_dlnow = dlnow;
		j->last_data = t;
	} else if (t - j->last_data >= (double)j->net->s.timeout) {
		j->stalled = true;
		return 1;
	}
	if (t - j->last_progress < 0.1 && !(dltotal && dlnow == dltotal))
		return 0;
	j->last_progress = t;
	struct net *n = j->net;
	if (j->discard)
		return 0;
	struct net_event ev = {.type = NET_EV_PROGRESS, .id = j->id, .user = j->user,
			       .now = j->offset + (long long)dlnow,
			       .total = dltotal > 0 ? j->offset + (long long)dltotal : -1,
			       .rate = t > j->started ? (double)dlnow / (t - j->started) : 0};
	push_event(n, &ev);
	return 0;
}

/* ---- starting and ending a try ---- */

/* Open and lock dest.part for the job's whole life. */
static int part_open(struct job *j, char **errp)
{
	j->part_fd = open(j->part, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (j->part_fd < 0)
		return error_set(errp, "%s: %s", j->part, strerror(errno));
	if (flock(j->part_fd, LOCK_EX | LOCK_NB) < 0)
		return error_set(errp, _("%s: another quire is downloading it"), j->dest);
	j->locked = true;
	struct stat st;
	if (fstat(j->part_fd, &st) < 0 || !S_ISREG(st.st_mode))
		return error_set(errp, _("%s: not a regular file"), j->part);
	return 0;
}

static void try_start(struct net *n, struct job *j)
{
	char *err = NULL;
	if (j->dest && j->part_fd < 0) {
		char *dir = xstrdup(j->dest);
		char *slash = strrchr(dir, '/');
		if (slash)
			*slash = '\0';
		int r = slash ? mkdir_p(dir, &err) : 0;
		free(dir);
		if (r < 0 || part_open(j, &err) < 0) {
			job_fail(n, j, err);
			return;
		}
	}
	j->offset = 0;
	if (j->dest) {
		struct stat st;
		if (!j->resume && ftruncate(j->part_fd, 0) < 0)
			err = xasprintf("%s: %s", j->part, strerror(errno));
		else if (fstat(j->part_fd, &st) == 0)
			j->offset = st.st_size;
		lseek(j->part_fd, 0, SEEK_END);
		ssize_t h = j->offset ? pread(j->part_fd, j->head, sizeof j->head, 0) : 0;
		j->nhead = h > 0 ? (size_t)h : 0;
		if (j->offset > 0 && j->nhead < sizeof j->head && (long long)j->nhead < j->offset)
			j->nhead = 0;
	} else if (j->fd >= 0) {
		if (ftruncate(j->fd, 0) < 0 || lseek(j->fd, 0, SEEK_SET) < 0)
			err = xasprintf("%s: %s", j->url, strerror(errno));
		j->nhead = 0;
	} else {
		buf_reset(&j->body);
		j->nhead = 0;
	}
	if (err) {
		job_fail(n, j, err);
		return;
	}
	j->got = 0;
	j->first_write = true;
	j->discard = false;
	j->too_big = false;
	FREE(&j->refused);
	FREE(&j->content_type);
	j->retry_after = -1;
	j->ebuf[0] = '\0';
	j->started = now_mono();
	j->last_progress = 0;
	j->stalled = false;
	j->last_data = 0;
	j->last_dlnow = 0;
	CURL *c = curl_easy_init();
	j->easy = c;
	curl_easy_setopt(c, CURLOPT_URL, j->url);
	curl_easy_setopt(c, CURLOPT_PRIVATE, (char *)j);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, j);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, j);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, j);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, j->ebuf);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "quire/" PACKAGE_VERSION);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, (long)NET_MAX_REDIRS);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	/* TLS verification stays libcurl's default (on); proxies come from
	 * the environment (libcurl's own handling) */
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, n->s.timeout);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, n->s.timeout);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)j->max_bytes);
	if (!j->dest && j->fd < 0)
		curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	if (j->offset > 0) {
		/* a plain Range header: a server that ignores it answers 200,
		 * and on_data starts the file again */
		char range[48];
		snprintf(range, sizeof range, "%lld-", j->offset);
		curl_easy_setopt(c, CURLOPT_RANGE, range);
	}
	j->requests++;
	j->net = n;
	curl_multi_add_handle(n->multi, c);
	n->running++;
	j->next_active = n->active;
	n->active = j;
	if (j->arxiv_api)
		n->api_busy = true;
}

/* Put the job back in the waiting list, to start at not_before. */
static void job_requeue(struct net *n, struct job *j, double wait)
{
	job_detach(n, j);
	j->not_before = now_mono() + wait;
	j->next = NULL;
	struct job **tail = &n->waiting;
	while (*tail)
		tail = &(*tail)->next;
	*tail = j;
}

static bool retryable(CURLcode rc, long http)
{
	switch (rc) {
	case CURLE_OK:
		return http >= 500 || http == 429 || http == 408;
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_COULDNT_CONNECT:
	case CURLE_PARTIAL_FILE:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
		return true;
	default:
		return false;
	}
}

/* Why a try failed, one line naming the URL. Caller frees. */
static char *try_error(struct net *n, struct job *j, CURLcode rc, long http)
{
	const char *why = *j->ebuf ? j->ebuf : curl_easy_strerror(rc);
	switch (rc) {
	case CURLE_OK:
		return xasprintf(_("%s: HTTP %ld"), j->url, http);
	case CURLE_OPERATION_TIMEDOUT:
		if (j->stalled)
			return xasprintf(_("%s: no data for %ld s, given up"), j->url, n->s.timeout);
		return xasprintf(_("%s: no data for %ld s, given up (%s)"), j->url, n->s.timeout, why);
	case CURLE_PARTIAL_FILE:
		return xasprintf(_("%s: the connection closed before the end of the file (%s)"), j->url,
				 why);
	case CURLE_TOO_MANY_REDIRECTS:
		return xasprintf(_("%s: more than %d redirects (a redirect loop?)"), j->url,
				 NET_MAX_REDIRS);
	case CURLE_FILESIZE_EXCEEDED:
		return xasprintf(_("%s: larger than %zu MiB, not downloaded"), j->url,
				 j->max_bytes >> 20);
	default:
		return xasprintf("%s: %s", j->url, why);
	}
}

/* A failed try: wait and try again, or give up. */
static void try_failed(struct net *n, struct job *j, CURLcode rc, long http)
{
	char *why = try_error(n, j, rc, http);
	/* a stalled server, or one that refuses connections, is tried once
	 * more, not for minutes */
	bool timeout = rc == CURLE_OPERATION_TIMEDOUT || rc == CURLE_COULDNT_CONNECT;
	if (!retryable(rc, http) || j->tries >= n->s.retries || (timeout && j->timeouts >= 1)) {
		if (j->tries > 0) {
			char *w = xasprintf(_("%s (after %d tries)"), why, j->tries + 1);
			free(why);
			why = w;
		}
		job_fail(n, j, why);
		return;
	}
	double wait = n->s.backoff * (double)(1u << (j->tries < 16 ? j->tries : 16));
	wait *= 0.5 + (double)rand_r(&n->seed) / RAND_MAX; /* jitter */
	if (j->retry_after >= 0) {
		if (j->retry_after > 3600) {
			char *w = xasprintf(_("%s (the server asks to wait %.0f s; try later)"), why,
					    j->retry_after);
			free(why);
			job_fail(n, j, w);
			return;
		}
		wait = j->retry_after;
	}
	j->tries++;
	j->timeouts += timeout;
	struct net_event ev = {.type = NET_EV_RETRY, .id = j->id, .user = j->user, .wait = wait,
			       .error = why, .http = http, .now = j->offset + j->got, .total = -1};
	push_event(n, &ev);
	job_requeue(n, j, wait);
}

static bool has_eof_marker(int fd, off_t size)
{
	char tail[2048];
	off_t from = size > (off_t)sizeof tail ? size - (off_t)sizeof tail : 0;
	ssize_t r = pread(fd, tail, sizeof tail, from);
	return r > 0 && memmem(tail, (size_t)r, "%%EOF", 5) != NULL;
}

/* What arrived is an HTML page: follow its citation_pdf_url (once).
 * Returns true when the job was requeued. */
static bool follow_landing(struct net *n, struct job *j, off_t size, char **why)
{
	if (!j->follow_landing || j->landed || (size_t)size > LANDING_MAX)
		return false;
	char *html = xmalloc((size_t)size + 1);
	ssize_t r = pread(j->part_fd, html, (size_t)size, 0);
	char *eff = NULL;
	curl_easy_getinfo(j->easy, CURLINFO_EFFECTIVE_URL, &eff);
	char *pdf = r == size ? landing_pdf_url(html, (size_t)size, eff ? eff : j->url) : NULL;
	free(html);
	if (!pdf) {
		*why = xasprintf(_("%s: a web page (%s), not a PDF, and it names no PDF (citation_pdf_url)"),
				 j->url, j->content_type ? j->content_type : "HTML");
		return false;
	}
	free(j->url);
	j->url = pdf;
	j->landed = true;
	if (ftruncate(j->part_fd, 0) < 0) {
		*why = xasprintf("%s: %s", j->part, strerror(errno));
		return false;
	}
	j->tries = j->timeouts = 0;
	job_requeue(n, j, 0);
	return true;
}

/* A complete answer to a file request: check it, then move it into place. */
static void file_done(struct net *n, struct job *j)
{
	int fd = j->dest ? j->part_fd : j->fd;
	struct stat st;
	char *why = NULL;
	bool drop = true; /* what arrived is no use for a resume */
	if (fstat(fd, &st) < 0) {
		why = xasprintf("%s: %s", j->dest ? j->part : j->url, strerror(errno));
		drop = false;
	} else if (st.st_size == 0) {
		why = xasprintf(_("%s: an empty answer (HTTP 200 without a body)"), j->url);
	} else if (j->expect == NET_EXPECT_PDF &&
		   !memmem(j->head, j->nhead, "%PDF", 4)) {
		if (looks_like_html(j) && j->dest && follow_landing(n, j, st.st_size, &why))
			return;
		if (!why)
			why = xasprintf(_("%s: not a PDF (%s%s)"), j->url,
					looks_like_html(j) ? _("a web page: ") : _("Content-Type: "),
					j->content_type ? j->content_type : _("none"));
	} else if (j->expect == NET_EXPECT_PDF && !has_eof_marker(fd, st.st_size)) {
		why = xasprintf(_("%s: a truncated PDF (%lld bytes, no %%%%EOF at its end)"), j->url,
				(long long)st.st_size);
	} else if (j->expect == NET_EXPECT_GGUF && st.st_size < 4) {
		why = xasprintf(_("%s: not a GGUF model file (it does not start with \"GGUF\"); nothing was added"),
				j->url);
	} else if (j->verify && j->verify(j->dest ? j->part : NULL, j->user, &why) < 0) {
		char *w = xasprintf("%s: %s", j->url, why ? why : _("refused"));
		free(why);
		why = w;
	} else if (j->dest && fsync(fd) < 0) {
		why = xasprintf("%s: %s", j->part, strerror(errno));
		drop = false;
	} else if (j->dest && rename(j->part, j->dest) < 0) {
		why = xasprintf("%s: %s", j->dest, strerror(errno));
		drop = false;
	}
	if (why) {
		if (drop)
			remove_part(j);
		job_fail(n, j, why);
		return;
	}
	if (j->dest) {
		char *dir = xstrdup(j->dest);
		char *slash = strrchr(dir, '/');
		if (slash) {
			*slash = '\0';
			int dfd = open(*dir ? dir : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			if (dfd >= 0) {
				fsync(dfd);
				close(dfd);
			}
		}
		free(dir);
	}
	job_finish(n, j, NET_OK, NULL);
}

static void try_done(struct net *n, struct job *j, CURLcode rc)
{
	long http = 0;
	curl_easy_getinfo(j->easy, CURLINFO_RESPONSE_CODE, &http);
	if (j->cancelled) {
		job_fail(n, j, xasprintf(_("%s: cancelled"), j->url));
		return;
	}
	if (j->refused) {
		char *why = xasprintf("%s: %s", j->url, j->refused);
		remove_part(j);
		job_fail(n, j, why);
		return;
	}
	if (j->too_big || rc == CURLE_FILESIZE_EXCEEDED) {
		j->too_big = true;
		remove_part(j);
		job_fail(n, j, try_error(n, j, CURLE_FILESIZE_EXCEEDED, http));
		return;
	}
	if (rc == CURLE_OK && http == 416 && j->offset > 0 && j->dest) {
		/* the part does not fit the file the server has: start over */
		if (ftruncate(j->part_fd, 0) == 0 && !j->landed) {
			j->nhead = 0;
			job_requeue(n, j, 0);
			return;
		}
	}
	if (j->stalled) {
		rc = CURLE_OPERATION_TIMEDOUT;
		snprintf(j->ebuf, sizeof j->ebuf, _("no data for %ld s"), n->s.timeout);
	}
	if (rc != CURLE_OK || http < 200 || http >= 300) {
		try_failed(n, j, rc, http);
		return;
	}
	if (j->dest || j->fd >= 0) {
		file_done(n, j);
		return;
	}
	job_finish(n, j, NET_OK, NULL);
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
