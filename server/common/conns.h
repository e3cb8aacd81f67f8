/*
 * conns.h: every open connection, so that no client can hold the service.
 *
 * libmicrohttpd 0.9.75 closes a connection only after an idle timeout,
 * which every trickled byte resets, and stops accepting at its connection
 * limit, leaving new clients in the kernel's queue. So the server keeps its
 * own list, and:
 *   - gives each connection a deadline for a whole request head, counted
 *     from its opening or from its previous answer, and one for taking
 *     its answer, counted from its head; trickling extends neither
 *     (conns_sweep, from a timer): a client that reads its answer slowly
 *     holds a slot no longer than a client that sends its head slowly;
 *   - at the connection limit, makes room by closing the connection that
 *     has waited longest for a request head (an idle keep-alive or a slow
 *     sender), or else the one whose answer has stalled longest (answering
 *     for CONN_STALLED_MS or more: a slow reader), so a new client is
 *     served; a connection over the limit that finds none to close, or over
 *     the per-address limit, is marked refused and its first request
 *     answered 503;
 *   - at the drain, closes every connection that waits between requests;
 *     one whose request has begun (its request line came) is answered,
 *     and closed the moment its answer ends; one added after the drain
 *     is closed as it is added. Whatever the order of the drain and a
 *     connection's own steps, no connection waits for a request after
 *     the drain (see conns_idle()).
 * A connection is closed with shutdown(2): libmicrohttpd then sees the end
 * of the stream and closes it in its own thread. No HTTP library here.
 *
 * Thread safety: the list is behind a mutex. conns_answering() and conns_idle()
 * touch only atomics of their own connection, so a request takes no lock.
 */
#ifndef WSAERR_CONNS_H
#define WSAERR_CONNS_H

#include "attr.h"
#include "service.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

/* Why the list closed a connection itself: X(enum suffix, label). */
#define CONN_CLOSE_REASONS(X)                                                  \
	X(EVICTED, "evicted")                                                  \
	X(HEAD_TIMEOUT, "header_timeout")                                      \
	X(SEND_TIMEOUT, "send_timeout")                                        \
	X(BODY_TIMEOUT, "body_timeout")                                        \
	X(DRAIN, "drain")

enum conn_close_reason {
#define CONN_CLOSE_ENUM(e, label) CONN_CLOSED_##e,
	CONN_CLOSE_REASONS(CONN_CLOSE_ENUM)
#undef CONN_CLOSE_ENUM
	        CONN_CLOSE_REASON_COUNT
};

/* What the list counts, for the metrics to read (as they read the answer
 * cache's): relaxed atomics, read from any thread. */
struct conns_stats {
	atomic_uint_fast64_t closed[CONN_CLOSE_REASON_COUNT];
	atomic_uint_fast64_t refused[2]; /* over the limit, over per-IP */
};

/* An answer under way this long is a stalled one, which the list may
 * close to make room: far more than any answer takes to a client that
 * reads it. */
#define CONN_STALLED_MS 1000

/* Where a connection is in its current request. */
enum conn_state {
	CONN_WAITING,   /* between requests, or before the request line */
	CONN_RECEIVING, /* the request line came; the rest of the head not */
	CONN_ANSWERING, /* the whole head came; the answer is being made */
	CONN_UPLOADING  /* a body is being read (POST /scan) */
};

enum conn_refusal {
	CONN_ACCEPTED = 0,
	CONN_OVER_LIMIT, /* over --max-connections, nothing to make room */
	CONN_OVER_PER_IP /* over --per-ip-limit */
};

/* One open connection. Caller memory; owned by the list between
 * conns_open() and conns_close(). */
struct conn {
	struct conn *prev, *next;
	int fd;
	unsigned char addr[16]; /* the client address, for the per-IP limit */
	unsigned char addr_len; /* 4 or 16; 0 when unknown */
	atomic_uint_fast64_t since_ns;  /* the wait for a request head began */
	atomic_int state;               /* enum conn_state */
	atomic_uint_fast64_t body_read; /* bytes of the body, uploading */
	bool closing;                   /* shut down by the list */
	enum conn_refusal refusal;
	/* the server's state of the request under way, or NULL; touched only
	 * by the connection's own thread */
	void *request;
};

struct conns {
	pthread_mutex_t lock;
	struct conn *head, *tail; /* in opening order */
	unsigned open;            /* in the list */
	unsigned closing;         /* of those, shut down and not yet closed */
	unsigned max;             /* connections served at once */
	unsigned per_ip;          /* per client address; 0: no limit */
	atomic_bool draining;     /* set once, by conns_drain() */
	uint64_t head_timeout_ns;
	uint64_t send_timeout_ns; /* from the head to the answer's end */
	struct conns_stats stats; /* closes and refusals */
};

/*
 * Sets up an empty list: at most `max` connections, `per_ip` from one
 * address (0: any), `head_timeout_s` seconds for a whole request head,
 * `send_timeout_s` for the client to take its answer. Counts what it does
 * in cs->stats. False when the mutex cannot be made.
 */
WSAERR_MUST_CHECK bool conns_init(struct conns *cs, unsigned max,
                                  unsigned per_ip, unsigned head_timeout_s,
                                  unsigned send_timeout_s);

/* Destroys the mutex. The list must be empty. */
void conns_release(struct conns *cs);

/*
 * Adds c (zeroed by the caller) for socket fd from address sa (may be
 * NULL), waiting for a head since now_ns. At the limit, first closes the
 * connection that has waited longest, if any; sets c->refusal when c is
 * over a limit all the same.
 */
void conns_open(struct conns *cs, struct conn *c, int fd,
                const struct sockaddr *sa, uint64_t now_ns);

/* Removes c; its socket is about to be closed. */
void conns_close(struct conns *cs, struct conn *c);

/* c's request line arrived: the drain lets it finish. */
void conns_receiving(struct conn *c);

/* A whole request head arrived on c at now_ns: from then, its answer has
 * the send deadline. */
void conns_answering(struct conn *c, uint64_t now_ns);

/*
 * A body began to come on c at now_ns (POST /scan): from then, it must
 * come at SCAN_MIN_RATE bytes a second on average once the head
 * deadline's seconds have passed, else c is closed (a slow sender, as
 * slowhttptest -B is). It is never closed to make room: it is working.
 * conns_answering() ends the upload.
 */
void conns_uploading(struct conn *c, uint64_t now_ns);

/* n more bytes of c's body came. */
void conns_body_read(struct conn *c, uint64_t n);

/*
 * c's answer is done: it waits for its next head from now_ns. After the
 * drain began, c is closed instead. Called on c's own thread. Takes the
 * lock only when the drain has begun.
 */
void conns_idle(struct conns *cs, struct conn *c, uint64_t now_ns);

/* Closes every connection whose head, body or send deadline passed;
 * returns how many. */
unsigned conns_sweep(struct conns *cs, uint64_t now_ns);

/*
 * Begins the drain: closes every connection waiting between requests, and
 * from now on every connection as it starts to wait (conns_idle()) or as
 * it is added (conns_open()). Returns how many it closed now; a second
 * call closes none.
 */
unsigned conns_drain(struct conns *cs);

/* Connections open now, those being closed included. */
unsigned conns_count(struct conns *cs);

#endif
