/*
 * metrics.h: request counters and latency histograms, updated with atomics
 * from every server thread, rendered in Prometheus text format 0.0.4.
 */
#ifndef WSAERR_METRICS_H
#define WSAERR_METRICS_H

#include "routes.h"

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define METRICS_STATUSES 12 /* the statuses the server sends, and "other" */
#define METRICS_BUCKETS  14 /* histogram buckets, +Inf not counted here */

struct metrics {
	atomic_uint_fast64_t requests[METHOD_COUNT][ROUTE_COUNT]
	                             [METRICS_STATUSES];
	atomic_uint_fast64_t buckets[ROUTE_COUNT][METRICS_BUCKETS];
	atomic_uint_fast64_t count[ROUTE_COUNT];
	atomic_uint_fast64_t sum_ns[ROUTE_COUNT];
	atomic_int_fast64_t in_flight;
	double start_time; /* seconds since the epoch */
	const char *version;
};

/* Sets everything to zero and records the start time. */
void metrics_init(struct metrics *m, const char *version);

/* Counts one finished request. */
void metrics_record(struct metrics *m, enum method method, enum route route,
                    unsigned status, uint64_t duration_ns);

/* Writes the whole exposition: Prometheus text format 0.0.4. */
void metrics_write(struct metrics *m, FILE *out);

#endif
