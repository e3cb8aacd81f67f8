/*
 * respond.h: turns a struct reply into a libmicrohttpd response and queues
 * it: the headers every response carries, the ETag, gzip, 304 Not
 * Modified, and the metrics of the request. With server.c, the only part
 * of the project that includes microhttpd.h.
 */
#ifndef WSAERR_RESPOND_H
#define WSAERR_RESPOND_H

#include "reps.h"
#include "metrics.h"
#include "routes.h"

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

struct MHD_Connection;

/* What a request carries from its first byte to the access log. Made in
 * server.c's URI callback, freed when libmicrohttpd says it completed. */
struct request {
	size_t target_len; /* bytes in target: URI_MAX + 1 means too long */
	bool started;      /* the access handler has seen it */
	bool answered;     /* a response is queued */
	bool text;         /* Accept prefers text/plain; read once */
	bool html;         /* Accept prefers text/html: a browser */
	bool head;         /* HEAD: no body goes out */
	bool gzip;         /* Accept-Encoding takes gzip */
	const char *if_none_match; /* libmicrohttpd's, lives as long */
	enum route route;
	enum method method;
	char method_text[16];
	unsigned status;
	uint64_t bytes;
	uint64_t bytes_read;  /* of the body */
	struct logscan *scan; /* POST /scan, its body being read; or NULL */
	uint64_t start_ns;
	char id[24];
	char remote[INET6_ADDRSTRLEN];
	char target[]; /* the raw request target, up to URI_MAX + 1 bytes */
};

/*
 * Builds the reusable 200 response of every representation in c, headers
 * and all, so a lookup only queues one. False when out of memory; undo
 * with respond_unprepare() either way.
 */
WSAERR_MUST_CHECK bool respond_prepare(struct reps *c);

/* Destroys what respond_prepare() made. */
void respond_unprepare(struct reps *c);

/* Lets go of what respond() attached to an entry of the answer cache:
 * the qcache's release function. */
void respond_answer_release(void *attached);

/*
 * Queues rp on conn as the answer to req, and takes rp's body. A 200 whose
 * ETag the client has (If-None-Match) becomes a 304. `draining` adds
 * Connection: close. Counts the request in m now, not when libmicrohttpd
 * reports it complete: by the time a client has its response, the metrics
 * include it. Call at most once per request. Returns the status queued; on
 * failure req->answered stays false and the caller closes the connection.
 */
unsigned respond(struct MHD_Connection *conn, struct request *req,
                 struct metrics *m, struct reply *rp, bool draining);

#endif
