/*
 * logscan.h: POST /scan, a whole log as the request body, read and
 * searched as it arrives (lib/scan.h), answered with its findings and a
 * summary by code. No HTTP library here: the transport hands over the
 * pieces of the body as libmicrohttpd reads them.
 *
 * The route's handler (route_scan, handlers.h) runs when the head has
 * come, before any of the body is read: it checks the parameters, the
 * media type, the content coding, the declared length and the number of
 * scans under way, and either answers (an error, which closes the
 * connection: its body is never read) or sets x->scan, a scan waiting for
 * its body. Then logscan_feed() for each piece, and logscan_finish() for
 * the answer when the body has ended.
 *
 * Limits (struct scan_gate): the body as sent, and separately what it
 * inflates to, are capped at max_bytes. A Content-Length over it is
 * answered 413 at once. A body that turns out larger is read no further
 * as a log: inflated past the cap, the rest of the body is read and thrown
 * away (within the cap as sent) and answered 413; sent past the cap
 * (chunked), logscan_feed() says to close the connection, as
 * libmicrohttpd 0.9.75 cannot answer before the body has ended.
 *
 * Memory of one scan, whatever the log's size: the search's state (struct
 * wsaerr_scan, about 150 KiB), zlib's inflate state and window (about
 * 44 KiB) and its output piece (64 KiB) when gzipped, and the findings
 * listed, at most `limit` of them, each a line cut to SCAN_LINE_SHOWN bytes
 * (about 700 bytes of JSON each: 0.7 MB at the default 1,000, 7 MB at the
 * most, 10,000).
 */
#ifndef WSAERR_LOGSCAN_H
#define WSAERR_LOGSCAN_H

#include "attr.h"
#include "routes.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What every scan of one server shares: its limits and the count of
 * scans under way. */
struct scan_gate {
	uint64_t max_bytes;   /* the body as sent, and inflated */
	unsigned concurrency; /* scans at once */
	atomic_uint active;   /* scans under way */
};

/* What a request's head says of its body. */
struct body_head {
	const char *content_type;     /* NULL: not sent */
	const char *content_encoding; /* NULL: not sent */
	bool chunked;                 /* else Content-Length, `length` */
	uint64_t length;
};

/* Reads the next piece of the body, n > 0 bytes. False when the body as
 * sent went past the cap: read no more of it and close the connection
 * (nothing can be answered before the body ends). */
WSAERR_MUST_CHECK bool logscan_feed(struct logscan *j, const void *p, size_t n);

/* The body has ended: the answer, into r (zeroed by the caller), and the
 * scan counted in m. Returns r->status. */
unsigned logscan_finish(struct logscan *j, struct metrics *m, struct reply *r);

/* Bytes of the body read so far, as sent. */
uint64_t logscan_received(const struct logscan *j);

/* Ends j, answered or not (the client left halfway), and frees its slot
 * at the gate. NULL is nothing. */
void logscan_free(struct logscan *j);

#endif
