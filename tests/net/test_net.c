/* The transfer layer as the interface uses it, against the loopback test
 * server (tests/net/server.py): submitting never waits, the event fd is
 * readable exactly while events wait, a download is cancelled at once,
 * net_close ends what is running, several transfers run at once. */
#include "config.h"

#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "net/net.h"
#include "tap.h"

static pid_t server;
static int port;
static char tmp[] = "/tmp/quire-net-XXXXXX";

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int start_server(void)
{
	const char *py = getenv("PYTHON3");
	const char *src = getenv("QUIRE_SRCDIR");
	if (!py || !*py)
		py = "python3";
	char *script = xasprintf("%s/tests/net/server.py", src ? src : ".");
	char *pdf = test_data("pdf/Rcpp-introduction.pdf");
	char *log = xasprintf("%s/server.log", tmp);
	int fds[2];
	if (pipe(fds) < 0)
		return -1;
	server = fork();
	if (server == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		execlp(py, py, script, pdf, log, "60", (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	FILE *f = fdopen(fds[0], "r");
	if (!f || fscanf(f, "%d", &port) != 1)
		port = 0;
	if (f)
		fclose(f);
	free(script), free(pdf), free(log);
	return port ? 0 : -1;
}

static struct net *open_net(int parallel, long timeout)
{
	struct net_settings s = {.arxiv_api = xasprintf("http://127.0.0.1:%d/api/query", port),
				 .arxiv_pdf = xasprintf("http://127.0.0.1:%d/pdf/", port),
				 .parallel = parallel, .retries = 1, .timeout = timeout,
				 .backoff = 0.1};
	struct net *n = NULL;
	char *err = NULL;
	if (net_open(&s, &n, &err) < 0) {
		printf("# %s\n", err);
		free(err);
	}
	return n;
}

static bool readable(int fd)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	return poll(&p, 1, 0) == 1;
}

/* The done event of request id, other events dropped; false on timeout. */
static bool wait_done(struct net *n, unsigned id, struct net_event *out, double seconds)
{
	double end = now() + seconds;
	while (now() < end) {
		struct net_event ev;
		if (!net_wait(n, &ev, 100))
			continue;
		if (ev.type == NET_EV_DONE && ev.id == id) {
			*out = ev;
			return true;
		}
		net_event_free(&ev);
	}
	return false;
}

static void test_memory(void)
{
	struct net *n = open_net(4, 5);
	char *url = xasprintf("http://127.0.0.1:%d/api/query?id_list=2106.09685", port);
	struct net_request rq = {.url = url, .fd = -1, .arxiv_api = true};
	ok(!readable(net_fd(n)), "no event yet: the fd is not readable");
	unsigned id = net_submit(n, &rq);
	free(url);
	ok(id > 0, "a request gets an id");
	struct pollfd p = {.fd = net_fd(n), .events = POLLIN};
	ok(poll(&p, 1, 5000) == 1, "the fd becomes readable when an event comes");
	struct net_event ev;
	ok(wait_done(n, id, &ev, 5), "the done event arrives");
	ok(ev.result == NET_OK && ev.http == 200 && ev.body && strstr(ev.body, "LoRA: Low-Rank"),
	   "with the body in memory");
	net_event_free(&ev);
	while (net_next(n, &ev))
		net_event_free(&ev);
	ok(!readable(net_fd(n)), "all events taken: the fd is not readable again");
	is(net_pending(n), 0, "nothing pending");
	net_close(&n);
	ok(n == NULL, "net_close nulls the pointer");
}

static void test_cancel(void)
{
	struct net *n = open_net(4, 30);
	char *dest = xasprintf("%s/stall.pdf", tmp);
	char *part = xasprintf("%s.part", dest);
	char *url = xasprintf("http://127.0.0.1:%d/pdf-stallall/x", port);
	struct net_request rq = {.url = url, .dest = dest, .fd = -1, .resume = true,
				 .expect = NET_EXPECT_PDF};
	double t0 = now();
	unsigned id = net_submit(n, &rq);
	ok(now() - t0 < 0.05, "submitting a download to a stalling server does not wait");
	struct stat st;
	for (int i = 0; i < 50 && !(stat(part, &st) == 0 && st.st_size > 0); i++)
		usleep(100000);
	ok(stat(part, &st) == 0 && st.st_size > 0, "the download writes its .part");
	t0 = now();
	net_cancel(n, id);
	struct net_event ev;
	ok(wait_done(n, id, &ev, 5) && ev.result == NET_CANCELLED, "cancelled");
	ok(now() - t0 < 2, "at once (%.2f s)", now() - t0);
	ok(stat(part, &st) == 0 && st.st_size > 0 && stat(dest, &st) != 0,
	   "the .part is kept for a resume, nothing where a reader looks");
	net_event_free(&ev);
	/* net_close with a download still running ends it */
	id = net_submit(n, &rq);
	usleep(300000);
	t0 = now();
	net_close(&n);
	ok(now() - t0 < 2, "net_close ends a running download at once (%.2f s)", now() - t0);
	free(url), free(dest), free(part);
}

static void test_parallel(void)
{
	struct net *n = open_net(3, 5);
	unsigned ids[8];
	for (int i = 0; i < 8; i++) {
		char *url = xasprintf("http://127.0.0.1:%d/pdf/p%d", port, i);
		char *dest = xasprintf("%s/p%d.pdf", tmp, i);
		struct net_request rq = {.url = url, .dest = dest, .fd = -1, .resume = true,
					 .expect = NET_EXPECT_PDF, .user = (void *)(long)i};
		ids[i] = net_submit(n, &rq);
		free(url), free(dest);
	}
	int done = 0, okay = 0;
	double end = now() + 20;
	while (done < 8 && now() < end) {
		struct net_event ev;
		if (!net_wait(n, &ev, 100))
			continue;
		if (ev.type == NET_EV_DONE) {
			done++;
			okay += ev.result == NET_OK && ev.id == ids[(long)ev.user];
		}
		net_event_free(&ev);
	}
	is(okay, 8, "eight downloads with [net] parallel = 3: all done");
	net_close(&n);
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	if (!mkdtemp(tmp) || start_server() < 0) {
		skip("no loopback server (python3)");
		return done_testing();
	}
	test_memory();
	test_cancel();
	test_parallel();
	kill(server, SIGTERM);
	waitpid(server, NULL, 0);
	char *cmd = xasprintf("rm -rf '%s'", tmp);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", tmp);
	free(cmd);
	return done_testing();
}
