/*
 * metrics.h: request counters and latency histograms, updated with atomics
 * from every server thread, rendered in Prometheus text format 0.0.4.
 */
#ifndef WSAERR_METRICS_H
#define WSAERR_METRICS_H

#include "qcache.h"
#include "routes.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define METRICS_STATUSES 14 /* the statuses the server sends, and "other" */

/* Why the server closed a connection itself: X(enum suffix, label). */
#define CONN_CLOSE_REASONS(X)                                                  \
	X(EVICTED, "evicted")                                                  \
	X(HEAD_TIMEOUT, "header_timeout")                                      \
	X(DRAIN, "drain")

enum conn_close_reason {
#define CONN_CLOSE_ENUM(e, label) CONN_CLOSED_##e,
	CONN_CLOSE_REASONS(CONN_CLOSE_ENUM)
#undef CONN_CLOSE_ENUM
	        CONN_CLOSE_REASON_COUNT
};
#define METRICS_BUCKETS 14 /* histogram buckets, +Inf not counted here */

struct metrics {
	atomic_uint_fast64_t requests[METHOD_COUNT][ROUTE_COUNT]
	                             [METRICS_STATUSES];
	/* requests by the first bucket whose bound holds them (not
	 * cumulative: the exposition sums them) */
	atomic_uint_fast64_t buckets[ROUTE_COUNT][METRICS_BUCKETS];
	atomic_uint_fast64_t count[ROUTE_COUNT];
	atomic_uint_fast64_t sum_ns[ROUTE_COUNT];
	atomic_int_fast64_t in_flight;
	atomic_int_fast64_t connections_open;
	atomic_uint_fast64_t closed[CONN_CLOSE_REASON_COUNT];
	atomic_uint_fast64_t refused[2];  /* over the limit, over per-IP */
	atomic_uint_fast64_t log_dropped; /* access log lines not written */
	/* lookups by key that found a code, by index in table->codes; the
	 * last counts those that found none */
	atomic_uint_fast64_t lookups[WSAERR_MAX_CODES + 1];
	const struct wsaerr_table *table;
	const struct qcache_stats *search_cache; /* or NULL */
	double start_time;                       /* seconds since the epoch */
	const char *version;
};

/* Sets everything to zero and records the start time; t is the table
 * whose codes lookups count. */
void metrics_init(struct metrics *m, const char *version,
                  const struct wsaerr_table *t);

/* Counts a lookup by key: of code c (in the table), or NULL when the key
 * named no code. One relaxed atomic increment. */
void metrics_count_lookup(struct metrics *m, const struct wsaerr_code *c);

/* Counts one finished request. */
void metrics_record(struct metrics *m, enum method method, enum route route,
                    unsigned status, uint64_t duration_ns);

/* Counts a connection the server closed itself, and why. */
void metrics_count_close(struct metrics *m, enum conn_close_reason why);

/* Counts a connection refused with a 503: over the connection limit, or
 * over the per-address limit when `per_ip`. */
void metrics_count_refusal(struct metrics *m, bool per_ip);

/* Writes the whole exposition: Prometheus text format 0.0.4. */
void metrics_write(struct metrics *m, FILE *out);

#endif
