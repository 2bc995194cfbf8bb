/* termquery: the reply parser (DA1, kitty OK and error, XTWINOPS 16t and
 * 14t, garbage, replies cut short, keys typed in between) and the query
 * run against a pseudo-terminal that answers, answers late or not at all. */
#include "config.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"
#include "util/termquery.h"

static struct term_replies parse(const char *s, size_t len, bool final, size_t *used,
				 struct buf *other)
{
	struct term_replies r = {0};
	*used = termquery_parse(s, len, final, &r, other);
	return r;
}
#define PARSE(s, final, used, other) parse(s, sizeof(s) - 1, final, used, other)

static void test_parser(void)
{
	struct buf other = BUF_INIT;
	size_t used;
	struct term_replies r = PARSE("\033[?62;4;22c", true, &used, &other);
	ok(r.da1 && r.sixel && used == 11 && other.len == 0, "DA1 with attribute 4: sixel");
	r = PARSE("\033[?64;1;2;6;9;15;18;21;22c", true, &used, &other);
	ok(r.da1 && !r.sixel, "DA1 without 4: no sixel");
	r = PARSE("\033[?4c", true, &used, &other);
	ok(r.da1 && !r.sixel, "the first DA1 number is the class, not attribute 4");
	r = PARSE("\033_Gi=31;OK\033\\", true, &used, &other);
	ok(r.kitty && !r.kitty_error && used == 12, "kitty OK");
	r = PARSE("\033_Gi=31;EINVAL:unsupported format\033\\", true, &used, &other);
	ok(!r.kitty && r.kitty_error, "kitty error reply");
	r = PARSE("\033_Gi=7;OK\033\\", true, &used, &other);
	ok(!r.kitty && !r.kitty_error && other.len == 0, "a kitty reply for another id is dropped");
	r = PARSE("\033[6;18;9t", true, &used, &other);
	is(r.cell_w, 9, "16t: cell width");
	is(r.cell_h, 18, "16t: cell height");
	r = PARSE("\033[4;720;1280t", true, &used, &other);
	ok(r.win_w == 1280 && r.win_h == 720 && r.cell_w == 0, "14t: window pixels");
	r = PARSE("\033[6;0;0t", true, &used, &other);
	ok(r.cell_w == 0 && r.cell_h == 0 && other.len == 0, "16t with zero sizes: unknown");

	buf_reset(&other);
	r = PARSE("ab\033[Aq\033_Gi=31;OK\033\\\033OBz\033[?1;2c\xc3\xa9", true, &used, &other);
	ok(r.kitty && r.da1, "replies among keys");
	is_str(buf_str(&other), "ab\033[Aq\033OBz\xc3\xa9", "the keys are handed back in order");

	buf_reset(&other);
	r = PARSE("x\033[6;20", false, &used, &other);
	ok(used == 1 && r.cell_h == 0 && strcmp(buf_str(&other), "x") == 0,
	   "a reply cut short waits for more");
	r = PARSE("x\033[6;20", true, &used, &other);
	ok(used == 7 && strcmp(buf_str(&other), "xx\033[6;20") == 0,
	   "at the end it is handed back as keys");

	buf_reset(&other);
	r = PARSE("\033", false, &used, &other);
	ok(used == 0, "a lone ESC at the end waits");
	r = PARSE("\033", true, &used, &other);
	ok(used == 1 && strcmp(buf_str(&other), "\033") == 0, "and is the Esc key at the end");

	buf_reset(&other);
	char big[300];
	memset(big, '1', sizeof big);
	memcpy(big, "\033[?", 3);
	big[sizeof big - 1] = 'c';
	struct term_replies rb = {0};
	used = termquery_parse(big, sizeof big, true, &rb, &other);
	ok(!rb.da1 && other.len == sizeof big, "overlong parameters are no reply");

	buf_reset(&other);
	r = PARSE("\033[?;c\033[5;1;1t\033[6;1t\033_Xjunk\033\\", true, &used, &other);
	ok(!r.da1 && r.cell_w == 0 && !r.kitty && other.len == used, "garbage is no reply");

	/* every split of a stream into two reads gives the same result */
	static const char stream[] = "k\033[?62;4c\033_Gi=31;OK\033\\\033[6;16;8t\033";
	size_t n = sizeof stream - 1;
	bool same = true;
	struct buf whole_other = BUF_INIT;
	struct term_replies whole = parse(stream, n, true, &used, &whole_other);
	for (size_t cut = 0; cut <= n; cut++) {
		struct term_replies s = {0};
		struct buf o = BUF_INIT;
		size_t d = termquery_parse(stream, cut, false, &s, &o);
		char *rest = xstrndup(stream + d, n - d);
		termquery_parse(rest, n - d, true, &s, &o);
		same = same && memcmp(&s, &whole, sizeof s) == 0 &&
		       strcmp(buf_str(&o), buf_str(&whole_other)) == 0;
		free(rest);
		buf_free(&o);
	}
	ok(same && whole.sixel && whole.kitty && whole.cell_w == 8, "every split gives the same");
	buf_free(&whole_other);

	struct buf w = BUF_INIT;
	termquery_tmux_wrap("\033_Ga=q\033\\", 8, &w);
	is_str(buf_str(&w), "\033Ptmux;\033\033_Ga=q\033\033\\\033\\", "tmux passthrough doubles ESC");
	buf_free(&w);
	buf_free(&other);
}

/* A terminal on the master side of a pty: reads the queries, then answers
 * with reply after delay_ms (NULL: never). */
struct fake {
	int master;
	const char *reply;
	int delay_ms;
	struct buf got;
};

static void *fake_run(void *arg)
{
	struct fake *f = arg;
	char chunk[256];
	/* the queries end with DA1 */
	while (!strstr(buf_str(&f->got), "\033[c")) {
		ssize_t n = read(f->master, chunk, sizeof chunk);
		if (n <= 0)
			return NULL;
		buf_add(&f->got, chunk, (size_t)n);
	}
	if (f->reply) {
		struct timespec ts = {f->delay_ms / 1000, (long)(f->delay_ms % 1000) * 1000000L};
		nanosleep(&ts, NULL);
		ssize_t w = write(f->master, f->reply, strlen(f->reply));
		(void)w;
	}
	return NULL;
}

static double ms_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int run_fake(const char *reply, int delay_ms, bool tmux, struct term_replies *r,
		    struct buf *other, double *ms, struct buf *queries)
{
	int master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) || unlockpt(master))
		return -2;
	int slave = open(ptsname(master), O_RDWR | O_NOCTTY);
	if (slave < 0)
		return -2;
	struct fake f = {master, reply, delay_ms, BUF_INIT};
	pthread_t th;
	pthread_create(&th, NULL, fake_run, &f);
	double t0 = ms_now();
	int rc = termquery_run(slave, slave, 150, tmux, r, other);
	*ms = ms_now() - t0;
	close(slave);
	pthread_join(th, NULL);
	close(master);
	if (queries)
		buf_add(queries, f.got.data, f.got.len);
	buf_free(&f.got);
	return rc;
}

static void test_run(void)
{
	struct term_replies r;
	struct buf other = BUF_INIT, q = BUF_INIT;
	double ms;
	int rc = run_fake("j\033_Gi=31;OK\033\\\033[6;20;10t\033[?62;4c", 5, false, &r, &other, &ms,
			  &q);
	if (rc == -2) {
		skip("no pseudo-terminal");
		return;
	}
	ok(rc == 1 && r.kitty && r.sixel && r.cell_w == 10 && r.cell_h == 20, "a terminal that answers");
	ok(ms < 140, "the answer ends the wait (%.0f ms)", ms);
	is_str(buf_str(&other), "j", "a key typed meanwhile is handed back");
	ok(strstr(buf_str(&q), "\033_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\033\\") &&
	   strstr(buf_str(&q), "\033[16t") && strstr(buf_str(&q), "\033[14t"),
	   "the queries were written");
	buf_reset(&other);
	buf_reset(&q);
	rc = run_fake(NULL, 0, true, &r, &other, &ms, &q);
	ok(rc == 0 && !r.da1 && !r.kitty && ms >= 145 && ms < 400,
	   "a silent terminal: the time runs out (%.0f ms)", ms);
	ok(strstr(buf_str(&q), "\033Ptmux;\033\033_G"), "inside tmux the kitty query is wrapped");
	rc = run_fake("\033[?1;2c", 400, false, &r, &other, &ms, NULL);
	ok(rc == 0 && !r.da1 && ms < 400, "a late answer is not waited for (%.0f ms)", ms);
	rc = termquery_run(-1, -1, 150, false, &r, &other);
	is(rc, -1, "no terminal");
	buf_free(&other);
	buf_free(&q);
}

int main(void)
{
	test_parser();
	test_run();
	return done_testing();
}
