/* private.h: what the files of src/net share. */
#ifndef QUIRE_NET_PRIVATE_H
#define QUIRE_NET_PRIVATE_H

#include <curl/curl.h>
#include <pthread.h>

#include "net/net.h"

/* Redirects followed before a request fails. */
#define NET_MAX_REDIRS 10
/* The largest landing page read for its citation_pdf_url. */
#define LANDING_MAX ((size_t)4 << 20)
/* Default caps on a body. */
#define NET_FILE_MAX ((size_t)512 << 20)
#define NET_MEMORY_MAX ((size_t)32 << 20)

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

/* net.c: the clock, the event queue and the jobs' life (worker thread) */
double now_mono(void);
void push_event(struct net *n, const struct net_event *ev);
/* End the job's running try, if any. */
void job_detach(struct net *n, struct job *j);
/* The job is over: its done event (error: one line, taken), the job freed. */
void job_finish(struct net *n, struct job *j, enum net_result result, char *error);
/* Failed (or cancelled): an empty .part is removed first. */
void job_fail(struct net *n, struct job *j, char *error);
/* Remove the job's .part, only when it holds its lock. */
void remove_part(struct job *j);
/* Back in the waiting list, to start wait seconds from now. */
void job_requeue(struct net *n, struct job *j, double wait);

/* transfer.c: a try of a job */
void try_start(struct net *n, struct job *j);
/* A try ended with rc: retry, follow a landing page, or finish the job. */
void try_done(struct net *n, struct job *j, CURLcode rc);

/* Seconds to wait before a retry from a Retry-After value (seconds or an
 * HTTP date), or -1 when it is neither. */
double net_retry_after(const char *value);

#endif
