/* termquery.c: the terminal's replies to the graphics queries, parsed out
 * of whatever else comes from the keyboard meanwhile. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "util/termquery.h"

#define ESC '\033'
#define MAX_PARAMS 64  /* bytes of parameters in a CSI reply */
#define MAX_APC 1024   /* bytes of a kitty graphics reply */

/* A kitty graphics query for image id 31 (one RGB pixel, "AAAA"). */
#define KITTY_QUERY "\033_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\033\\"
#define OTHER_QUERIES "\033[16t\033[14t\033[c"

enum match { NOMATCH, MATCH, MORE };

void termquery_tmux_wrap(const char *seq, size_t len, struct buf *out)
{
	buf_adds(out, "\033Ptmux;");
	for (size_t i = 0; i < len; i++) {
		if (seq[i] == ESC)
			buf_addc(out, ESC);
		buf_addc(out, seq[i]);
	}
	buf_adds(out, "\033\\");
}

char *termquery_queries(bool tmux, size_t *lenp)
{
	struct buf b = BUF_INIT;
	if (tmux)
		termquery_tmux_wrap(KITTY_QUERY, strlen(KITTY_QUERY), &b);
	else
		buf_adds(&b, KITTY_QUERY);
	buf_adds(&b, OTHER_QUERIES);
	*lenp = b.len;
	return buf_detach(&b);
}

/* Numbers separated by ';' (an empty one counts as 0); at most max. */
static int parse_params(const char *p, size_t n, int *v, int max)
{
	int k = 0;
	long cur = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i == n || p[i] == ';') {
			if (k < max)
				v[k] = (int)cur;
			k++;
			cur = 0;
		} else if (cur < 100000) {
			cur = cur * 10 + (p[i] - '0');
		}
	}
	return k;
}

/* CSI ? Ps;... c (DA1), or CSI 6;h;w t / CSI 4;h;w t (XTWINOPS). */
static enum match match_csi(const char *p, size_t n, struct term_replies *r, size_t *used)
{
	size_t i = 2;
	bool da = i < n && p[i] == '?';
	if (da)
		i++;
	size_t start = i;
	while (i < n && ((p[i] >= '0' && p[i] <= '9') || p[i] == ';')) {
		if (i - start >= MAX_PARAMS)
			return NOMATCH;
		i++;
	}
	if (i == n)
		return MORE;
	int v[16];
	int k = parse_params(p + start, i - start, v, 16);
	if (da && p[i] == 'c' && k >= 1 && v[0] > 0) {
		r->da1 = true;
		for (int j = 1; j < k && j < 16; j++)
			if (v[j] == 4)
				r->sixel = true;
	} else if (!da && p[i] == 't' && k == 3 && (v[0] == 6 || v[0] == 4)) {
		if (v[1] > 0 && v[2] > 0 && v[0] == 6) {
			r->cell_h = v[1];
			r->cell_w = v[2];
		} else if (v[1] > 0 && v[2] > 0) {
			r->win_h = v[1];
			r->win_w = v[2];
		}
	} else {
		return NOMATCH;
	}
	*used = i + 1;
	return MATCH;
}

/* APC G key=value,...;message ST: the kitty graphics reply to id 31. */
static enum match match_apc(const char *p, size_t n, struct term_replies *r, size_t *used)
{
	if (n < 3)
		return MORE;
	if (p[2] != 'G')
		return NOMATCH;
	size_t i = 3;
	while (i + 1 < n && !(p[i] == ESC && p[i + 1] == '\\')) {
		if (i >= MAX_APC)
			return NOMATCH;
		i++;
	}
	if (i + 1 >= n)
		return i >= MAX_APC ? NOMATCH : MORE;
	const char *body = p + 3, *semi = memchr(body, ';', (size_t)(p + i - body));
	if (!semi)
		return NOMATCH;
	/* the control data names the id: i=31 as one of its keys */
	bool ours = false;
	for (const char *k = body; k < semi;) {
		const char *e = memchr(k, ',', (size_t)(semi - k));
		if (!e)
			e = semi;
		if (e - k == 4 && memcmp(k, "i=31", 4) == 0)
			ours = true;
		k = e + 1;
	}
	if (ours) {
		size_t mlen = (size_t)(p + i - (semi + 1));
		if (mlen == 2 && memcmp(semi + 1, "OK", 2) == 0)
			r->kitty = true;
		else
			r->kitty_error = true;
	}
	*used = i + 2;
	return MATCH;
}

size_t termquery_parse(const char *data, size_t len, bool final, struct term_replies *r,
		       struct buf *other)
{
	size_t i = 0;
	while (i < len) {
		if (data[i] != ESC) {
			if (other)
				buf_addc(other, data[i]);
			i++;
			continue;
		}
		const char *p = data + i;
		size_t n = len - i, used = 0;
		enum match m = n < 2 ? MORE
			       : p[1] == '[' ? match_csi(p, n, r, &used)
			       : p[1] == '_' ? match_apc(p, n, r, &used)
					     : NOMATCH;
		if (m == MORE && !final)
			return i;
		if (m == MATCH) {
			i += used;
		} else {
			/* the ESC is the user's (a key, Esc itself); so is what follows */
			if (other)
				buf_addc(other, ESC);
			i++;
		}
	}
	return i;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int termquery_run(int in_fd, int out_fd, int timeout_ms, bool tmux, struct term_replies *r,
		  struct buf *other)
{
	memset(r, 0, sizeof *r);
	struct termios saved, raw;
	if (!isatty(in_fd) || tcgetattr(in_fd, &saved) != 0)
		return -1;
	raw = saved;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	raw.c_cc[VMIN] = 0;
	raw.c_cc[VTIME] = 0;
	if (tcsetattr(in_fd, TCSANOW, &raw) != 0)
		return -1;
	size_t qlen;
	char *q = termquery_queries(tmux, &qlen);
	size_t off = 0;
	while (off < qlen) {
		ssize_t w = write(out_fd, q + off, qlen - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	free(q);
	struct buf in = BUF_INIT;
	size_t done = 0;
	double end = now_ms() + timeout_ms;
	int rc = 0;
	while (!r->da1) {
		double left = end - now_ms();
		if (left <= 0)
			break;
		struct pollfd pfd = {.fd = in_fd, .events = POLLIN};
		int n = poll(&pfd, 1, (int)left + 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		char chunk[512];
		ssize_t got = read(in_fd, chunk, sizeof chunk);
		if (got < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (got <= 0) {
			rc = -1;
			break;
		}
		buf_add(&in, chunk, (size_t)got);
		done += termquery_parse(in.data + done, in.len - done, false, r, other);
	}
	if (done < in.len)
		termquery_parse(in.data + done, in.len - done, true, r, other);
	buf_free(&in);
	tcsetattr(in_fd, TCSANOW, &saved);
	return rc < 0 ? -1 : r->da1 ? 1 : 0;
}
