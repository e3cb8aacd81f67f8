/*
 * metrics.h: request counters and latency histograms, updated with atomics
 * from every server thread, rendered in Prometheus text format 0.0.4.
 */
#ifndef WSAERR_METRICS_H
#define WSAERR_METRICS_H

#include "conns.h"
#include "qcache.h"
#include "service.h"
#include "table.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define METRICS_STATUSES 16 /* the statuses the server sends, and "other" */

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
	atomic_uint_fast64_t log_dropped; /* access log lines not written */
	/* lookups by key that found a code, by index in table->codes; the
	 * last counts those that found none */
	atomic_uint_fast64_t lookups[WSAERR_MAX_CODES + 1];
	/* POST /scan: scans whose body was read to its end, the bytes of
	 * their bodies as sent and of the logs as scanned, and the lines
	 * found by code (by index in table->codes) */
	atomic_uint_fast64_t scans;
	atomic_uint_fast64_t scan_body_bytes, scan_bytes;
	atomic_uint_fast64_t scan_findings[WSAERR_MAX_CODES];
	const atomic_uint *scans_active; /* scans under way, or NULL */
	const struct wsaerr_table *table;
	const struct qcache_stats *search_cache; /* or NULL */
	const struct conns_stats *conns;         /* or NULL */
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

struct wsaerr_scan_count;

/* Counts a scan whose body was read to its end: body_bytes as sent,
 * log_bytes scanned, and what was found of each code (by index in the
 * table; NULL when the log was not scanned to its end). */
void metrics_count_scan(struct metrics *m, uint64_t body_bytes,
                        uint64_t log_bytes,
                        const struct wsaerr_scan_count *found);

/* Counts one finished request. */
void metrics_record(struct metrics *m, enum method method, enum route route,
                    unsigned status, uint64_t duration_ns);

/* Writes the whole exposition: Prometheus text format 0.0.4. */
void metrics_write(struct metrics *m, FILE *out);

#endif
