/* server/metrics: counting requests and writing Prometheus text. */
#include "metrics.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The exposition of m, malloc'd. */
static char *exposition(struct metrics *m)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	cr_assert_not_null(f);
	metrics_write(m, f);
	cr_assert_eq(fclose(f), 0);
	return buf;
}

static struct metrics m; /* large: not on the stack */

Test(metrics, counts_by_method_route_and_status)
{
	char *text;

	metrics_init(&m, "1.2.3", wsaerr_table_default());
	metrics_record(&m, METHOD_GET, ROUTE_CODE, 200, 3000);
	metrics_record(&m, METHOD_GET, ROUTE_CODE, 200, 7000);
	metrics_record(&m, METHOD_HEAD, ROUTE_CODE, 404, 1000);
	metrics_record(&m, METHOD_OTHER, ROUTE_NONE, 418, 1000);
	text = exposition(&m);
	cr_expect_not_null(strstr(text,
	                          "http_requests_total{method=\"GET\","
	                          "route=\"/codes/{key}\",code=\"200\"} 2\n"),
	                   "%s", text);
	cr_expect_not_null(strstr(text,
	                          "http_requests_total{method=\"HEAD\","
	                          "route=\"/codes/{key}\",code=\"404\"} 1\n"));
	cr_expect_not_null(strstr(text,
	                          "http_requests_total{method=\"OTHER\","
	                          "route=\"unmatched\",code=\"other\"} 1\n"),
	                   "a status the table lacks is other");
	cr_expect_null(strstr(text, "route=\"/livez\""),
	               "a route with no requests has no series");
	cr_expect_not_null(
	        strstr(text, "wsaerr_build_info{version=\"1.2.3\"} 1\n"));
	free(text);
}

Test(metrics, histogram_is_cumulative)
{
	char *text;

	metrics_init(&m, "x", wsaerr_table_default());
	metrics_record(&m, METHOD_GET, ROUTE_LIVEZ, 200, 5000);   /* 5 us */
	metrics_record(&m, METHOD_GET, ROUTE_LIVEZ, 200, 300000); /* 0.3 ms */
	text = exposition(&m);
	cr_expect_not_null(strstr(text, "http_request_duration_seconds_bucket"
	                                "{route=\"/livez\",le=\"1e-05\"} 1\n"),
	                   "%s", text);
	cr_expect_not_null(strstr(text,
	                          "http_request_duration_seconds_bucket"
	                          "{route=\"/livez\",le=\"0.0005\"} 2\n"));
	cr_expect_not_null(strstr(text, "http_request_duration_seconds_bucket"
	                                "{route=\"/livez\",le=\"+Inf\"} 2\n"));
	cr_expect_not_null(strstr(text, "http_request_duration_seconds_sum"
	                                "{route=\"/livez\"} 0.000305000\n"));
	cr_expect_not_null(strstr(text, "http_request_duration_seconds_count"
	                                "{route=\"/livez\"} 2\n"));
	free(text);
}

Test(metrics, every_line_is_a_comment_or_a_sample)
{
	char *text, *line, *save = NULL;

	metrics_init(&m, "x", wsaerr_table_default());
	for (int r = 0; r < ROUTE_COUNT; r++)
		metrics_record(&m, METHOD_GET, (enum route)r, 200, 1000);
	atomic_store(&m.in_flight, 3);
	text = exposition(&m);
	cr_expect_not_null(strstr(text, "\nhttp_requests_in_flight 3\n"));
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#') {
			cr_expect(strncmp(line, "# HELP ", 7) == 0 ||
			                  strncmp(line, "# TYPE ", 7) == 0,
			          "%s", line);
			continue;
		}
		/* name{labels} value: one space, before the value */
		cr_expect_not_null(strchr(line, ' '), "%s", line);
		cr_expect_null(strchr(strchr(line, ' ') + 1, ' '), "%s", line);
	}
	free(text);
}

Test(metrics, lookups_by_code_with_one_unknown)
{
	const struct wsaerr_table *t = wsaerr_table_default();
	char *text;

	metrics_init(&m, "x", t);
	text = exposition(&m);
	cr_expect_not_null(strstr(text,
	                          "# TYPE wsaerr_lookups_total counter\n"
	                          "wsaerr_lookups_total{code=\"unknown\"} "
	                          "0\n"),
	                   "only unknown before any lookup");
	free(text);
	metrics_count_lookup(&m, wsaerr_table_by_value(t, 10061));
	metrics_count_lookup(&m, wsaerr_table_by_value(t, 10061));
	metrics_count_lookup(&m, &t->codes[t->n_codes - 1]);
	metrics_count_lookup(&m, NULL);
	text = exposition(&m);
	cr_expect_not_null(
	        strstr(text, "wsaerr_lookups_total{code=\"10061\"} 2\n"));
	cr_expect_not_null(
	        strstr(text, "wsaerr_lookups_total{code=\"11033\"} 1\n"));
	cr_expect_not_null(
	        strstr(text, "wsaerr_lookups_total{code=\"unknown\"} 1\n"));
	cr_expect_null(strstr(text, "code=\"10060\""), "none without a lookup");
	free(text);
}
