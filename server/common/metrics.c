#include "metrics.h"

#include "scan.h"

#include <string.h>
#include <time.h>

static const unsigned statuses[METRICS_STATUSES] = {
        200, 204, 304, 400, 404, 405, 406, 413,
        414, 415, 431, 500, 503, 505, 0, /* unanswered: the client or a deadline ended it */
        0                                /* other */
};

/* Upper bounds in seconds; requests take microseconds, so start small. */
static const double bounds[METRICS_BUCKETS] = {
        0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001,
        0.0025,  0.005,    0.01,    0.025,  0.05,    0.1,    1.0,
};

void metrics_init(struct metrics *m, const char *version,
                  const struct wsaerr_table *t)
{
	struct timespec ts;

	memset(m, 0, sizeof(*m));
	m->table = t;
	clock_gettime(CLOCK_REALTIME, &ts);
	m->start_time = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	m->version = version;
}

static const char *const close_labels[] = {
#define CONN_CLOSE_LABEL(e, label) label,
        CONN_CLOSE_REASONS(CONN_CLOSE_LABEL)
#undef CONN_CLOSE_LABEL
};

static size_t status_index(unsigned status)
{
	for (size_t i = 0; i + 1 < METRICS_STATUSES; i++) {
		if (statuses[i] == status)
			return i;
	}
	return METRICS_STATUSES - 1;
}

void metrics_record(struct metrics *m, enum method method, enum route route,
                    unsigned status, uint64_t duration_ns)
{
	double s = (double)duration_ns / 1e9;

	size_t b = 0;

	atomic_fetch_add_explicit(
	        &m->requests[method][route][status_index(status)], 1,
	        memory_order_relaxed);
	/* one bucket: the first whose bound holds it; the exposition sums
	 * them into Prometheus's cumulative buckets. One atomic increment,
	 * not one for every bucket above it. */
	while (b < METRICS_BUCKETS && s > bounds[b])
		b++;
	if (b < METRICS_BUCKETS)
		atomic_fetch_add_explicit(&m->buckets[route][b], 1,
		                          memory_order_relaxed);
	atomic_fetch_add_explicit(&m->count[route], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&m->sum_ns[route], duration_ns,
	                          memory_order_relaxed);
}

static unsigned long long counter_read(const atomic_uint_fast64_t *v)
{
	return (unsigned long long)atomic_load_explicit(v,
	                                                memory_order_relaxed);
}

void metrics_count_lookup(struct metrics *m, const struct wsaerr_code *c)
{
	size_t i = c ? (size_t)(c - m->table->codes) : WSAERR_MAX_CODES;

	atomic_fetch_add_explicit(&m->lookups[i], 1, memory_order_relaxed);
}

void metrics_count_scan(struct metrics *m, uint64_t body_bytes,
                        uint64_t log_bytes,
                        const struct wsaerr_scan_count *found)
{
	atomic_fetch_add_explicit(&m->scans, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&m->scan_body_bytes, body_bytes,
	                          memory_order_relaxed);
	atomic_fetch_add_explicit(&m->scan_bytes, log_bytes,
	                          memory_order_relaxed);
	for (size_t i = 0; found && i < m->table->n_codes; i++) {
		if (found[i].count)
			atomic_fetch_add_explicit(&m->scan_findings[i],
			                          found[i].count,
			                          memory_order_relaxed);
	}
}

/* The scans' counters: a findings series for each code found at least
 * once. */
static void write_scans(struct metrics *m, FILE *out)
{
	fprintf(out,
	        "# HELP wsaerr_scans_total Scans (POST /scan) whose body was "
	        "read to its end.\n"
	        "# TYPE wsaerr_scans_total counter\n"
	        "wsaerr_scans_total %llu\n"
	        "# HELP wsaerr_scans_in_progress Scans under way.\n"
	        "# TYPE wsaerr_scans_in_progress gauge\n"
	        "wsaerr_scans_in_progress %u\n"
	        "# HELP wsaerr_scan_body_bytes_total Bytes of scan bodies, as "
	        "sent.\n"
	        "# TYPE wsaerr_scan_body_bytes_total counter\n"
	        "wsaerr_scan_body_bytes_total %llu\n"
	        "# HELP wsaerr_scan_bytes_total Bytes of logs scanned, "
	        "inflated.\n"
	        "# TYPE wsaerr_scan_bytes_total counter\n"
	        "wsaerr_scan_bytes_total %llu\n"
	        "# HELP wsaerr_scan_findings_total Lines found by scans, by the "
	        "code they name.\n"
	        "# TYPE wsaerr_scan_findings_total counter\n",
	        counter_read(&m->scans),
	        m->scans_active ? atomic_load(m->scans_active) : 0u,
	        counter_read(&m->scan_body_bytes),
	        counter_read(&m->scan_bytes));
	for (size_t i = 0; i < m->table->n_codes; i++) {
		unsigned long long n = counter_read(&m->scan_findings[i]);

		if (n > 0)
			fprintf(out,
			        "wsaerr_scan_findings_total{code=\"%u\",name=\"%s\"}"
			        " %llu\n",
			        m->table->codes[i].value,
			        m->table->codes[i].name, n);
	}
}

/* wsaerr_lookups_total: a series for each code looked up at least once,
 * and always the one of keys that named no code. */
static void write_lookups(struct metrics *m, FILE *out)
{
	fputs("# HELP wsaerr_lookups_total Lookups by key, by the code found; "
	      "code=\"unknown\" when the key named none.\n"
	      "# TYPE wsaerr_lookups_total counter\n",
	      out);
	for (size_t i = 0; i < m->table->n_codes; i++) {
		unsigned long long n = counter_read(&m->lookups[i]);

		if (n > 0)
			fprintf(out, "wsaerr_lookups_total{code=\"%u\"} %llu\n",
			        m->table->codes[i].value, n);
	}
	fprintf(out, "wsaerr_lookups_total{code=\"unknown\"} %llu\n",
	        counter_read(&m->lookups[WSAERR_MAX_CODES]));
}

static void write_search_cache(const struct qcache_stats *q, FILE *out)
{
	fprintf(out,
	        "# HELP wsaerr_search_cache_requests_total Searches, and the "
	        "errors of keys that name no code, answered from the cache of "
	        "rendered answers (hit) or not (miss).\n"
	        "# TYPE wsaerr_search_cache_requests_total counter\n"
	        "wsaerr_search_cache_requests_total{result=\"hit\"} %llu\n"
	        "wsaerr_search_cache_requests_total{result=\"miss\"} %llu\n"
	        "# HELP wsaerr_search_cache_evictions_total Answers evicted to "
	        "make room.\n"
	        "# TYPE wsaerr_search_cache_evictions_total counter\n"
	        "wsaerr_search_cache_evictions_total %llu\n"
	        "# HELP wsaerr_search_cache_bytes Bytes the cache holds.\n"
	        "# TYPE wsaerr_search_cache_bytes gauge\n"
	        "wsaerr_search_cache_bytes %zu\n"
	        "# HELP wsaerr_search_cache_entries Answers the cache holds.\n"
	        "# TYPE wsaerr_search_cache_entries gauge\n"
	        "wsaerr_search_cache_entries %zu\n",
	        (unsigned long long)atomic_load(&q->hits),
	        (unsigned long long)atomic_load(&q->misses),
	        (unsigned long long)atomic_load(&q->evictions),
	        atomic_load(&q->bytes), atomic_load(&q->entries));
}

/* http_requests_total: by method, route and status, the series seen. */
static void write_requests(struct metrics *m, FILE *out)
{
	fputs("# HELP http_requests_total HTTP requests by method, templated "
	      "route and status code.\n"
	      "# TYPE http_requests_total counter\n",
	      out);
	for (int me = 0; me < METHOD_COUNT; me++) {
		for (int r = 0; r < ROUTE_COUNT; r++) {
			for (int s = 0; s < METRICS_STATUSES; s++) {
				unsigned long long n =
				        counter_read(&m->requests[me][r][s]);
				char code[12] = "other";

				if (n == 0)
					continue;
				if (statuses[s])
					snprintf(code, sizeof(code), "%u",
					         statuses[s]);
				else if (s + 1 < METRICS_STATUSES)
					snprintf(code, sizeof(code), "none");
				fprintf(out,
				        "http_requests_total{method=\"%s\","
				        "route=\"%s\",code=\"%s\"} %llu\n",
				        method_label((enum method)me),
				        route_label((enum route)r), code, n);
			}
		}
	}
}

/* http_request_duration_seconds: a histogram a route. */
static void write_durations(struct metrics *m, FILE *out)
{
	fputs("# HELP http_request_duration_seconds Time from the request "
	      "line to the response being queued, by templated route.\n"
	      "# TYPE http_request_duration_seconds histogram\n",
	      out);
	for (int r = 0; r < ROUTE_COUNT; r++) {
		const char *route = route_label((enum route)r);
		unsigned long long count = counter_read(&m->count[r]);

		if (count == 0)
			continue;
		unsigned long long below = 0;

		for (int b = 0; b < METRICS_BUCKETS; b++) {
			below += counter_read(&m->buckets[r][b]);
			/* read apart from count: never above it */
			if (below > count)
				below = count;
			fprintf(out,
			        "http_request_duration_seconds_bucket"
			        "{route=\"%s\",le=\"%g\"} %llu\n",
			        route, bounds[b], below);
		}
		fprintf(out,
		        "http_request_duration_seconds_bucket"
		        "{route=\"%s\",le=\"+Inf\"} %llu\n",
		        route, count);
		fprintf(out,
		        "http_request_duration_seconds_sum{route=\"%s\"} %.9f\n",
		        route, (double)counter_read(&m->sum_ns[r]) / 1e9);
		fprintf(out,
		        "http_request_duration_seconds_count{route=\"%s\"} %llu\n",
		        route, count);
	}
}

/* The gauges of the process: requests in flight, start time, version. */
static void write_process(struct metrics *m, FILE *out)
{
	fprintf(out,
	        "# HELP http_requests_in_flight Requests read but not yet "
	        "answered.\n"
	        "# TYPE http_requests_in_flight gauge\n"
	        "http_requests_in_flight %lld\n"
	        "# HELP process_start_time_seconds Start time of the process "
	        "since the Unix epoch in seconds.\n"
	        "# TYPE process_start_time_seconds gauge\n"
	        "process_start_time_seconds %.3f\n"
	        "# HELP wsaerr_build_info The version of wsaerr; always 1.\n"
	        "# TYPE wsaerr_build_info gauge\n"
	        "wsaerr_build_info{version=\"%s\"} 1\n",
	        (long long)atomic_load(&m->in_flight), m->start_time,
	        m->version);
}

/* The connections: open now, closed by the server and why, refused. */
static void write_connections(struct metrics *m, FILE *out)
{
	fprintf(out,
	        "# HELP wsaerr_connections_open Client connections open now.\n"
	        "# TYPE wsaerr_connections_open gauge\n"
	        "wsaerr_connections_open %lld\n",
	        (long long)atomic_load(&m->connections_open));
	fputs("# HELP wsaerr_connections_closed_total Connections the server "
	      "closed itself, by reason.\n"
	      "# TYPE wsaerr_connections_closed_total counter\n",
	      out);
	for (int r = 0; r < CONN_CLOSE_REASON_COUNT; r++)
		fprintf(out,
		        "wsaerr_connections_closed_total{reason=\"%s\"} %llu\n",
		        close_labels[r],
		        m->conns ? counter_read(&m->conns->closed[r]) : 0);
	fprintf(out,
	        "# HELP wsaerr_connections_refused_total Connections answered "
	        "503, by the limit they were over.\n"
	        "# TYPE wsaerr_connections_refused_total counter\n"
	        "wsaerr_connections_refused_total{limit=\"connections\"} %llu\n"
	        "wsaerr_connections_refused_total{limit=\"per_ip\"} %llu\n",
	        m->conns ? counter_read(&m->conns->refused[0]) : 0,
	        m->conns ? counter_read(&m->conns->refused[1]) : 0);
}

/* The access log's lines lost. */
static void write_accesslog(struct metrics *m, FILE *out)
{
	fprintf(out,
	        "# HELP wsaerr_accesslog_dropped_total Access log lines the "
	        "log's file refused (a full disk, a closed pipe).\n"
	        "# TYPE wsaerr_accesslog_dropped_total counter\n"
	        "wsaerr_accesslog_dropped_total %llu\n",
	        counter_read(&m->log_dropped));
}

void metrics_write(struct metrics *m, FILE *out)
{
	write_requests(m, out);
	write_durations(m, out);
	write_process(m, out);
	write_connections(m, out);
	write_accesslog(m, out);
	write_lookups(m, out);
	write_scans(m, out);
	if (m->search_cache)
		write_search_cache(m->search_cache, out);
}
