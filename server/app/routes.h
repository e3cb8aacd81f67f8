/*
 * routes.h: what the server answers, with no HTTP library in it: app/'s
 * face to the transport.
 *
 * ROUTES (service.h) is the one list of routes. From it come the router's
 * table, the route enum, the metrics labels (the path templates) and the
 * Allow values. routes_dispatch() parses a request target, picks the
 * route, negotiates the representation, checks the parameters and runs
 * the handler (handlers.h), which fills a struct reply; respond.h turns a
 * reply into bytes on a connection. Pure C over strings and the start-up
 * representations: unit-tested directly in tests/unit/test_routes.c.
 */
#ifndef WSAERR_ROUTES_H
#define WSAERR_ROUTES_H

#include "bodies.h"
#include "problem.h"
#include "qcache.h"
#include "reps.h"
#include "search.h"
#include "service.h"
#include "table.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct metrics;
struct exchange;
struct reply;
struct logscan;   /* a POST /scan under way: logscan.h */
struct scan_gate; /* the limits of scans: logscan.h */
struct body_head; /* what a head says of its body: logscan.h */

/* A request as the routes see it. The caller fills the inputs; dispatch
 * sets the outputs. */
struct exchange {
	/* inputs */
	const struct wsaerr_table *table;
	const struct reps *reps;
	struct metrics *metrics; /* written out by /metrics */
	struct qcache *qcache;   /* rendered searches; NULL: none */
	bool draining;           /* the server is shutting down */
	enum method method;
	const char *target; /* the raw request target, as sent */
	size_t target_len;
	bool text; /* Accept prefers text/plain; ?format= may change it */
	/* Accept prefers text/html (a browser): /, /codes and /codes/{key}
	 * answer with the web page; ?format= turns it off */
	bool html;
	/* Access-Control-Request-Headers, every line joined, or NULL */
	const char *request_headers;
	/* a POST: what its head says of the body, and the scans' limits */
	const struct body_head *body;
	struct scan_gate *scans;
	/* outputs */
	enum route route;
	/* POST /scan accepted: the scan that waits for the body, which the
	 * caller feeds and ends (logscan.h); no reply was made */
	struct logscan *scan;
};

/* Two links (next and prev), each with the query percent-encoded. */
#define REPLY_LINK_SIZE (2 * (3 * WSAERR_QUERY_MAX_BYTES + 160))

/*
 * What to send: a start-up entity (borrowed), an answer from the answer
 * cache (held) or a body built for this request (owned), and the headers
 * that depend on the route. The headers
 * every response carries, the ETag, gzip and 304 are respond.h's.
 * Release with reply_release() unless respond() took it.
 */
struct reply {
	unsigned status;
	const struct entity *entity; /* borrowed from the cache, or NULL */
	bool text;                   /* which of the entity's forms */
	char *body;                  /* owned; NULL: no body */
	size_t len;
	const char *content_type;
	const char *cache_control;
	const char *allow;       /* Allow header value, or NULL */
	const char *retry_after; /* Retry-After header value, or NULL */
	bool close;              /* close the connection after it */
	bool page; /* the web page: sends its Content-Security-Policy */
	/* a CORS preflight: the Access-Control-Allow-Headers value; NULL
	 * for any other reply */
	const char *allow_headers;
	/* the Link header value, REPLY_LINK_SIZE bytes, malloc'd by the
	 * routes that page; NULL or "" for none */
	char *link;
	/* an answer from the answer cache, held: its body is the reply's
	 * (respond.h sends its prepared response); NULL for any other */
	struct qcache_entry *hit;
};

/* Frees what r owns and zeroes it. */
void reply_release(struct reply *r);

/*
 * The one function that builds every error: problem p with `detail` (a
 * sentence for people), as problem+json or text (`text`). `extra` is
 * stolen. Sets r's status, body and headers; on out of memory r is a 500
 * with no body, which closes the connection. Returns r->status.
 */
unsigned reply_problem(struct reply *r, enum problem p, const char *detail,
                       json_t *extra, bool text);

/* The route of a request target, or ROUTE_NONE: what the head's checks
 * need to know before the request is routed (a body is for POST /scan
 * only). */
enum route routes_match(const char *target, size_t target_len);

/*
 * Routes the request x into r (zeroed by the caller). Returns the status
 * of the reply, which is also r->status; 0 when x->scan was set, a POST
 * /scan accepted, whose reply comes when its body has ended. Never fails:
 * out of memory is a 500 reply.
 */
unsigned routes_dispatch(struct exchange *x, struct reply *r);

#endif
