/* transfer.c: one request through libcurl, everything a transfer needs in
 * one place: User-Agent, redirects, timeouts, size caps, retries with
 * backoff, Range resume of a .part file, the check of what arrived, the
 * atomic move into place. Runs on the worker thread. */
#include "config.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "net/private.h"
#include "util/i18n.h"

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

void try_start(struct net *n, struct job *j)
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

/* Put the job back in the waiting list, to start at not_before. */static bool retryable(CURLcode rc, long http)
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

/* The standard phrase of an HTTP status a user may meet, or NULL. */
static const char *reason(long http)
{
	static const struct {
		long code;
		const char *phrase;
	} phrases[] = {
		{400, "Bad Request"}, {401, "Unauthorized"}, {403, "Forbidden"}, {404, "Not Found"},
		{408, "Request Timeout"}, {410, "Gone"}, {429, "Too Many Requests"},
		{500, "Internal Server Error"}, {502, "Bad Gateway"}, {503, "Service Unavailable"},
		{504, "Gateway Timeout"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(phrases); i++)
		if (phrases[i].code == http)
			return phrases[i].phrase;
	return NULL;
}

/* Why a try failed, one line naming the URL. Caller frees. */
static char *try_error(struct net *n, struct job *j, CURLcode rc, long http)
{
	const char *why = *j->ebuf ? j->ebuf : curl_easy_strerror(rc);
	switch (rc) {
	case CURLE_OK:
		if (reason(http))
			return xasprintf("%s: HTTP %ld (%s)", j->url, http, reason(http));
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
		why = xasprintf(_("%s: a truncated PDF (%lld bytes, no %%EOF at its end)"), j->url,
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

void try_done(struct net *n, struct job *j, CURLcode rc)
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
