/* net: downloads with libcurl (one multi handle driven by a worker thread),
 * the arXiv API (Atom feeds, parsed with expat) and landing pages (their
 * citation_pdf_url, parsed with gumbo). Depends on lib and util.
 *
 * The caller's thread never waits on the network: requests are submitted,
 * the worker runs them (several at once, the arXiv API ones spaced by the
 * politeness delay, retries after a backoff), and every progress report and
 * result comes back as an event in a queue. net_fd() becomes readable when
 * an event is waiting: the interface polls it beside the keyboard and takes
 * events with net_next(); the command line simply calls net_wait().
 *
 * In the interface: net_settings_load + net_open once; cli_fetch_submit
 * (a paper's PDF) and cli_resolve_submit (arXiv ids) in cli.h build the
 * requests as the commands do, each with a user pointer of the caller's;
 * when net_fd() is readable, take every event with net_next(): PROGRESS
 * (bytes, total, rate: redraw the bar), RETRY (why, and the wait), DONE
 * (result; error is one line to show; for a look-up, hand the event to
 * cli_resolve_done on the thread that owns the library). net_cancel stops
 * one request, net_close all of them (partial files stay as .part). */
#ifndef QUIRE_NET_H
#define QUIRE_NET_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/lib.h"

struct net;

/* What a transfer needs, read once by net_open: from the [net] section of
 * the config file, overridden by the environment. */
struct net_settings {
	char *arxiv_api;     /* [net] arxiv_api, $QUIRE_ARXIV_API */
	char *arxiv_pdf;     /* [net] arxiv_pdf, $QUIRE_ARXIV_PDF */
	double delay;        /* [net] delay, $QUIRE_ARXIV_DELAY: seconds between API requests */
	int parallel;        /* [net] parallel: transfers at once (4) */
	int retries;         /* [net] retries, $QUIRE_NET_RETRIES: after the first try (4) */
	long timeout;        /* [net] timeout, $QUIRE_NET_TIMEOUT: seconds to connect, or
	                        without data, before a try is given up (60) */
	double backoff;      /* $QUIRE_NET_BACKOFF: first wait before a retry, doubled each time (1) */
};

/* Read the settings (config file, then environment). A config file that
 * cannot be parsed, or a value out of range, is an error naming it. Free
 * with net_settings_free. */
int net_settings_load(struct net_settings *s, char **errp);
void net_settings_free(struct net_settings *s);

/* Start the worker. Takes ownership of *s (zeroed). Returns 0, or -1 with
 * *errp set. */
int net_open(struct net_settings *s, struct net **out, char **errp);
/* Cancel what is still running, stop the worker, free everything; partial
 * files stay as .part for a later resume. */
void net_close(struct net **n);
const struct net_settings *net_settings(const struct net *n);

/* What a request brings back: its body in memory, or a file. */
enum net_expect {
	NET_EXPECT_ANY,  /* any body (memory requests) */
	NET_EXPECT_PDF,  /* a PDF: anything else is refused and never stored */
	NET_EXPECT_GGUF, /* a GGUF model (starts with "GGUF") */
};

struct net_request {
	const char *url;
	/* NULL: the body is kept in memory (at most max_bytes). Else the
	 * final path: the body goes to dest + ".part" (resumed with a Range
	 * request when one is there and resume is set), checked, synced and
	 * renamed to dest only when complete and accepted. */
	const char *dest;
	int fd;              /* instead of dest: write into this open file
	                        (no resume, no rename; the caller owns it), -1 */
	bool resume;
	size_t max_bytes;    /* 0: the default cap (512 MiB for files, 32 MiB in memory) */
	enum net_expect expect;
	/* For a PDF: when the answer is an HTML page, follow the PDF link it
	 * declares in <meta name="citation_pdf_url"> (once). */
	bool follow_landing;
	bool arxiv_api;      /* an arXiv API request: spaced by the delay, one at a time */
	/* Run on the worker thread on the complete file before it is
	 * renamed into place: 0 accepts it, -1 (with *errp, which should not
	 * name the .part path) refuses it. */
	int (*verify)(const char *path, void *user, char **errp);
	void *user;          /* handed back in every event */
};

/* Queue a request; returns its id (> 0). Strings are copied. */
unsigned net_submit(struct net *n, const struct net_request *rq);
/* Stop a request (its done event follows, with NET_CANCELLED). */
void net_cancel(struct net *n, unsigned id);

enum net_event_type { NET_EV_PROGRESS, NET_EV_RETRY, NET_EV_DONE };
enum net_result { NET_OK, NET_FAILED, NET_CANCELLED };

struct net_event {
	enum net_event_type type;
	unsigned id;
	void *user;
	long long now, total;  /* bytes so far (a resumed file counts its
	                          part), and in all (-1 when unknown) */
	double rate;           /* bytes per second, this try */
	/* NET_EV_RETRY: the try that failed (why) and the wait before the next */
	double wait;
	/* NET_EV_DONE: */
	enum net_result result;
	char *error;           /* one line naming the URL, when not NET_OK; for
	                          NET_EV_RETRY the reason of the retry */
	long http;             /* the last HTTP status */
	char *body;            /* memory requests: the body (NUL-terminated) */
	size_t len;
	char *url;             /* the URL the body finally came from */
	int requests;          /* HTTP requests made (tries, landing page) */
};
void net_event_free(struct net_event *ev);

/* Readable while an event is waiting (level-triggered). */
int net_fd(const struct net *n);
/* Take the next event without waiting: 1, or 0 when there is none. */
int net_next(struct net *n, struct net_event *ev);
/* Take the next event, waiting at most timeout_ms (-1: for ever): 1, or 0
 * when none came. */
int net_wait(struct net *n, struct net_event *ev, int timeout_ms);
/* Requests submitted and not yet done. */
unsigned net_pending(const struct net *n);

/* ---- arXiv ---- */

/* The API takes at most this many ids per request. */
#define ARXIV_BATCH 100

/* The API query URL for these ids (at most ARXIV_BATCH). Caller frees. */
char *arxiv_api_url(const struct net_settings *s, char *const *ids, size_t n);
/* The PDF URL of an id (version 0: the latest). Caller frees. */
char *arxiv_pdf_url(const struct net_settings *s, const char *id, int version);

/* Parse an arXiv API answer. Every entry becomes a record (arXiv id
 * without version, latest version, title and abstract with whitespace
 * squeezed, all authors in order, categories, dates, DOI, journal
 * reference and the raw <entry> element); an entry without a title (an id
 * the API does not know) is left out, so a feed may give no record. An
 * error entry (title "Error"), malformed XML or a document that is not an
 * Atom feed is -1 with *errp set to one line (which the caller prefixes
 * with the URL). Records are malloc'd: free with arxiv_records_free. */
int atom_parse(const char *xml, size_t len, struct arxiv_record **out, size_t *n, char **errp);

/* ---- landing pages ---- */

/* The PDF link an HTML page declares (<meta name="citation_pdf_url">),
 * resolved against base_url; NULL when it declares none. Caller frees. */
char *landing_pdf_url(const char *html, size_t len, const char *base_url);

#endif
