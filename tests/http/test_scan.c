/*
 * POST /scan over HTTP: a log in the body, with a Content-Length or
 * chunked, plain or gzipped; its findings and summary, in JSON and text;
 * and every refusal the contract documents (405, 400, 413, 415, 503), the
 * limits, the metrics. Every exchange is recorded for the contract run.
 */
#include "config.h"
#include "harness.h"
#include "http.h"
#include "server.h"

#include <criterion/criterion.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* In the "http" suite (test_http.c starts its server): see
 * test_localized.c for why not a suite of its own. */

#define WAIT_MS 20000

static const char *const text_plain[] = {"Content-Type: text/plain", NULL};
static const char *const octets[] = {"Content-Type: application/octet-stream",
                                     NULL};

/* A log: a Winsock error in English, a line that names none, a process id,
 * the same error again in Chinese, and a Russian line; CRLF and a NUL. */
static const char log_lines[] =
        "2026-12-05 12:00:00 INFO starting\r\n"
        "connect: [WinError 10061] No connection could be made because the "
        "target machine actively refused it\r\n"
        "sshd[10035]: check pass; user unknown\n"
        "\xE7\x94\xB1\xE4\xBA\x8E\xE7\x9B\xAE\xE6\xA0\x87\xE8\xAE\xA1\xE7\xAE"
        "\x97\xE6\x9C\xBA\xE7\xA7\xAF\xE6\x9E\x81\xE6\x8B\x92\xE7\xBB\x9D\xEF"
        "\xBC\x8C\xE6\x97\xA0\xE6\xB3\x95\xE8\xBF\x9E\xE6\x8E\xA5\xE3\x80\x82\n"
        "recv: \0An existing connection was forcibly closed by the remote "
        "host\n";

/* gzip of p[0..n), as the server gzips its bodies (http.h): malloc'd,
 * its size in *out. */
static unsigned char *gzip_of(const void *p, size_t n, size_t *out)
{
	unsigned char *z = http_gzip(p, n, out);

	cr_assert_not_null(z);
	return z;
}

static void expect_problem(const struct resp *r, long status, const char *type)
{
	json_t *j;

	cr_assert_eq(r->status, status, "%ld %s", r->status, r->body);
	expect_header(r, "Content-Type",
	              "application/problem+json; charset=utf-8");
	j = body_json(r);
	cr_expect_str_eq(json_string_value(json_at(j, "type")), type);
	json_decref(j);
}

/* The summary row of `code` in j: its count, first and last line. */
static void expect_row(json_t *j, int code, long long count, long long first,
                       long long last)
{
	json_t *rows = json_at(j, "summary");

	for (size_t i = 0; i < json_array_size(rows); i++) {
		json_t *row = json_array_get(rows, i);
		char self[32];

		if (json_integer_value(json_at(row, "code")) != code)
			continue;
		cr_expect_eq(json_integer_value(json_at(row, "count")), count,
		             "%d", code);
		cr_expect_eq(json_integer_value(json_at(row, "first")), first);
		cr_expect_eq(json_integer_value(json_at(row, "last")), last);
		snprintf(self, sizeof(self), "/codes/%d", code);
		cr_expect_str_eq(json_string_value(json_at(row, "links/self")),
		                 self);
		return;
	}
	cr_expect_fail("no summary row for %d", code);
}

Test(http, scan_finds_each_line_that_names_an_error)
{
	struct resp *r = req_post("/scan", text_plain, log_lines,
	                          sizeof(log_lines) - 1, false);
	json_t *j;

	cr_assert_eq(r->status, 200, "%s", r->body);
	expect_header(r, "Content-Type", "application/json; charset=utf-8");
	expect_header(r, "Cache-Control", "no-store");
	cr_expect_null(header(r, "ETag"), "a scan is no resource");
	expect_common_headers(r);
	j = body_json(r);
	cr_expect_eq(json_integer_value(json_at(j, "lines")), 5);
	cr_expect_eq(json_integer_value(json_at(j, "bytes")),
	             (long long)sizeof(log_lines) - 1);
	cr_expect_eq(json_integer_value(json_at(j, "body_bytes")),
	             (long long)sizeof(log_lines) - 1);
	cr_expect_str_eq(json_string_value(json_at(j, "encoding")), "utf-8");
	cr_expect(json_is_false(json_at(j, "truncated")));
	cr_expect_eq(json_array_size(json_at(j, "findings")), 3);
	cr_expect_eq(json_integer_value(json_at(j, "findings/0/line")), 2);
	cr_expect_eq(json_integer_value(json_at(j, "findings/0/code")), 10061);
	cr_expect_str_eq(json_string_value(json_at(j, "findings/0/name")),
	                 "WSAECONNREFUSED");
	cr_expect_gt(json_real_value(json_at(j, "findings/0/confidence")), 0.5);
	cr_expect_eq(strncmp(json_string_value(json_at(j, "findings/0/text")),
	                     "connect: [WinError 10061]", 25),
	             0);
	cr_expect_eq(json_integer_value(json_at(j, "findings/1/line")), 4);
	cr_expect_str_eq(json_string_value(json_at(j, "findings/1/lang")),
	                 "zh-CN");
	cr_expect_eq(json_integer_value(json_at(j, "findings/2/code")), 10054);
	/* most frequent first */
	cr_expect_eq(json_integer_value(json_at(j, "summary/0/code")), 10061);
	expect_row(j, 10061, 2, 2, 4);
	expect_row(j, 10054, 1, 5, 5);
	json_decref(j);
	resp_free(r);
}

/* ?limit= cuts the findings listed, never the summary; 0 lists none. */
Test(http, scan_limit_cuts_the_findings_not_the_summary)
{
	struct resp *r = req_post("/scan?limit=1", text_plain, log_lines,
	                          sizeof(log_lines) - 1, false);
	json_t *j = body_json(r);

	cr_assert_eq(r->status, 200);
	cr_expect_eq(json_array_size(json_at(j, "findings")), 1);
	cr_expect(json_is_true(json_at(j, "truncated")));
	expect_row(j, 10061, 2, 2, 4);
	expect_row(j, 10054, 1, 5, 5);
	json_decref(j);
	resp_free(r);
	r = req_post("/scan?limit=0", text_plain, log_lines,
	             sizeof(log_lines) - 1, false);
	j = body_json(r);
	cr_expect_eq(json_array_size(json_at(j, "findings")), 0);
	cr_expect(json_is_true(json_at(j, "truncated")));
	json_decref(j);
	resp_free(r);
	r = req_post("/scan?limit=10001", text_plain, "x", 1, false);
	expect_problem(r, 400, "urn:wsaerr:problem:bad-parameter");
	resp_free(r);
}

Test(http, scan_as_text)
{
	static const char *const h[] = {"Content-Type: text/plain",
	                                "Accept: text/plain", NULL};
	struct resp *r =
	        req_post("/scan", h, log_lines, sizeof(log_lines) - 1, false);

	cr_assert_eq(r->status, 200, "%s", r->body);
	expect_header(r, "Content-Type", "text/plain; charset=utf-8");
	cr_expect_not_null(strstr(r->body, "2: WSAECONNREFUSED (10061): "
	                                   "connect: [WinError 10061]"),
	                   "%s", r->body);
	cr_expect_not_null(strstr(r->body, "5 lines, "), "%s", r->body);
	cr_expect_not_null(
	        strstr(r->body, "       2  WSAECONNREFUSED (10061)  first line "
	                        "2  last line 4\n"),
	        "%s", r->body);
	resp_free(r);
}

/* Chunked (curl -T - from a pipe), gzipped, both, and gzip in two
 * members (cat a.gz b.gz): the same findings. */
Test(http, scan_takes_chunked_and_gzip_bodies)
{
	static const char *const gz[] = {"Content-Type: text/plain",
	                                 "Content-Encoding: gzip", NULL};
	size_t n, n2;
	unsigned char *z = gzip_of(log_lines, sizeof(log_lines) - 1, &n);
	unsigned char *two = malloc(2 * n);
	struct resp *r;
	json_t *j;

	r = req_post("/scan", text_plain, log_lines, sizeof(log_lines) - 1,
	             true);
	cr_assert_eq(r->status, 200, "%s", r->body);
	j = body_json(r);
	expect_row(j, 10061, 2, 2, 4);
	json_decref(j);
	resp_free(r);
	for (int chunked = 0; chunked < 2; chunked++) {
		r = req_post("/scan", gz, z, n, chunked);
		cr_assert_eq(r->status, 200, "%s", r->body);
		j = body_json(r);
		expect_row(j, 10061, 2, 2, 4);
		cr_expect_eq(json_integer_value(json_at(j, "body_bytes")),
		             (long long)n);
		cr_expect_eq(json_integer_value(json_at(j, "bytes")),
		             (long long)sizeof(log_lines) - 1);
		json_decref(j);
		resp_free(r);
	}
	cr_assert_not_null(two);
	memcpy(two, z, n);
	memcpy(two + n, z, n);
	n2 = 2 * n;
	r = req_post("/scan", gz, two, n2, false);
	cr_assert_eq(r->status, 200, "%s", r->body);
	j = body_json(r);
	expect_row(j, 10061, 4, 2, 9);
	json_decref(j);
	resp_free(r);
	free(two);
	free(z);
}

/* A UTF-16LE log with a BOM, as PowerShell's > writes it. */
Test(http, scan_reads_utf16)
{
	static const char line[] = "WSAECONNRESET here\r\n";
	char body[2 + 2 * sizeof(line)];
	size_t n = 0;
	struct resp *r;
	json_t *j;

	body[n++] = '\xFF';
	body[n++] = '\xFE';
	for (size_t i = 0; i + 1 < sizeof(line); i++) {
		body[n++] = line[i];
		body[n++] = '\0';
	}
	r = req_post("/scan", octets, body, n, false);
	cr_assert_eq(r->status, 200, "%s", r->body);
	j = body_json(r);
	cr_expect_str_eq(json_string_value(json_at(j, "encoding")), "utf-16le");
	expect_row(j, 10054, 1, 1, 1);
	json_decref(j);
	resp_free(r);
}

/* What is refused before the body is read, and what after. */
Test(http, scan_refuses_what_it_cannot_read)
{
	static const char *const json[] = {"Content-Type: application/json",
	                                   NULL};
	static const char *const br[] = {"Content-Type: text/plain",
	                                 "Content-Encoding: br", NULL};
	static const char *const gz[] = {"Content-Type: text/plain",
	                                 "Content-Encoding: gzip", NULL};
	static const char over[] =
	        "POST /scan HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
	        "Content-Length: 99999999999\r\n\r\nabc";
	static const char both[] =
	        "POST /scan HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
	        "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n";
	static const char put_scan[] =
	        "PUT /scan HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc";
	static const char put_codes[] =
	        "PUT /codes HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc";
	static const char coded[] =
	        "POST /scan HTTP/1.1\r\nHost: x\r\n"
	        "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n";
	size_t n;
	unsigned char *z = gzip_of(log_lines, sizeof(log_lines) - 1, &n);
	struct resp *r;
	char *allow;

	r = req_post("/scan", json, "{}", 2, false);
	expect_problem(r, 415, "urn:wsaerr:problem:unsupported-media-type");
	expect_header(r, "Connection", "close");
	resp_free(r);
	r = req_post("/scan", NULL, "a=b", 3, false); /* curl's form type */
	expect_problem(r, 415, "urn:wsaerr:problem:unsupported-media-type");
	resp_free(r);
	r = req_post("/scan", br, "x", 1, false);
	expect_problem(r, 415, "urn:wsaerr:problem:unsupported-media-type");
	resp_free(r);
	r = req_post("/scan", gz, "not gzip at all", 15, false);
	expect_problem(r, 400, "urn:wsaerr:problem:bad-body");
	resp_free(r);
	r = req_post("/scan", gz, z, n / 2, false); /* cut short */
	expect_problem(r, 400, "urn:wsaerr:problem:bad-body");
	resp_free(r);
	r = req_post("/scan", gz, "", 0, false);
	expect_problem(r, 400, "urn:wsaerr:problem:bad-body");
	resp_free(r);
	free(z);
	r = raw(over, sizeof(over) - 1);
	record("POST", "/scan", r);
	expect_problem(r, 413, "urn:wsaerr:problem:content-too-large");
	expect_header(r, "Connection", "close");
	resp_free(r);
	r = raw(both, sizeof(both) - 1);
	expect_problem(r, 400, "urn:wsaerr:problem:bad-request");
	resp_free(r);
	r = raw(coded, sizeof(coded) - 1);
	expect_problem(r, 400, "urn:wsaerr:problem:bad-request");
	resp_free(r);
	r = req("GET", "/scan", NULL);
	expect_problem(r, 405, "about:blank");
	allow = header(r, "Allow");
	cr_expect_str_eq(allow, "POST, OPTIONS");
	free(allow);
	resp_free(r);
	r = req("HEAD", "/scan", NULL);
	cr_expect_eq(r->status, 405);
	expect_header(r, "Allow", "POST, OPTIONS");
	cr_expect_eq(r->len, 0, "a HEAD answer has no body");
	resp_free(r);
	r = raw(put_scan, sizeof(put_scan) - 1);
	record("PUT", "/scan", r);
	expect_problem(r, 405, "about:blank");
	expect_header(r, "Allow", "POST, OPTIONS");
	resp_free(r);
	{
		static const char *const pre[] = {
		        "Origin: http://example.com",
		        "Access-Control-Request-Method: POST",
		        "Access-Control-Request-Headers: content-encoding",
		        NULL};

		r = req("OPTIONS", "/scan", pre);
		cr_expect_eq(r->status, 204);
		expect_header(r, "Allow", "POST, OPTIONS");
		expect_header(r, "Access-Control-Allow-Methods",
		              "POST, OPTIONS");
		expect_header(r, "Access-Control-Allow-Headers",
		              "content-encoding");
		resp_free(r);
	}
	r = req_post("/codes/10061", text_plain, "x", 1, false);
	expect_problem(r, 405, "about:blank");
	resp_free(r);
	/* a body elsewhere than POST /scan is still refused */
	r = raw(put_codes, sizeof(put_codes) - 1);
	expect_problem(r, 400, "urn:wsaerr:problem:bad-request");
	resp_free(r);
	/* and the server serves on */
	r = req("GET", "/codes/10061", NULL);
	cr_expect_eq(r->status, 200);
	resp_free(r);
}

/* Binary bytes and NULs are read as a log that names nothing. */
Test(http, scan_of_binary_bytes_finds_nothing)
{
	static unsigned char bin[256 * 1024];
	uint32_t x = 2463534242u;
	struct resp *r;
	json_t *j;

	for (size_t i = 0; i < sizeof(bin); i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		bin[i] = (unsigned char)(x >> 24);
	}
	r = req_post("/scan", octets, bin, sizeof(bin), false);
	cr_assert_eq(r->status, 200, "%s", r->body);
	j = body_json(r);
	cr_expect_eq(json_array_size(json_at(j, "summary")), 0, "%s", r->body);
	cr_expect_eq(json_integer_value(json_at(j, "bytes")),
	             (long long)sizeof(bin));
	json_decref(j);
	resp_free(r);
}

/* Polls the in-process server's gauge until it reads `want`, up to
 * WAIT_MS. */
static void wait_for_scans(long long want)
{
	for (int waited = 0;
	     srv_metric("wsaerr_scans_in_progress") != want && waited < WAIT_MS;
	     waited += 10)
		nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
	cr_assert_eq(srv_metric("wsaerr_scans_in_progress"), want);
}

/* A server of small limits: a 64 KiB cap, one scan at once. */
static void restart_small(void)
{
	struct server_config cfg;

	srv_stop();
	config_defaults(&cfg);
	cfg.threads = 2;
	cfg.log_format = ACCESSLOG_OFF;
	cfg.scan_max_bytes = 64 * 1024;
	cfg.scan_concurrency = 1;
	srv_start(&cfg);
}

Test(http, scan_limits)
{
	static const char *const gz[] = {"Content-Type: text/plain",
	                                 "Content-Encoding: gzip", NULL};
	static const char head[] = "POST /scan HTTP/1.1\r\nHost: x\r\n"
	                           "Content-Type: text/plain\r\n"
	                           "Content-Length: 100\r\n\r\n0123456789";
	static char zeros[1 << 20], big[70 * 1024];
	size_t n;
	unsigned char *bomb;
	struct resp *r;
	char *retry;
	int fd;

	restart_small();
	/* a body that inflates past the cap: 413, and closed */
	bomb = gzip_of(zeros, sizeof(zeros), &n);
	cr_assert_lt(n, 64 * 1024);
	r = req_post("/scan", gz, bomb, n, false);
	expect_problem(r, 413, "urn:wsaerr:problem:content-too-large");
	expect_header(r, "Connection", "close");
	resp_free(r);
	free(bomb);
	/* a Content-Length past it: 413 before the body */
	memset(big, 'a', sizeof(big));
	r = req_post("/scan", text_plain, big, sizeof(big), false);
	expect_problem(r, 413, "urn:wsaerr:problem:content-too-large");
	resp_free(r);
	/* chunked past it: nothing can be answered, the connection closes */
	r = req_post("/scan", text_plain, big, sizeof(big), true);
	cr_expect_eq(r->status == 0 || r->curl_error != 0, true, "%ld %s",
	             r->status, r->body);
	resp_free(r);
	/* one scan at once: the second gets 503 with Retry-After */
	fd = raw_open();
	raw_send(fd, head, sizeof(head) - 1);
	wait_for_scans(1);
	r = req_post("/scan", text_plain, "x", 1, false);
	expect_problem(r, 503, "urn:wsaerr:problem:too-many-scans");
	retry = header(r, "Retry-After");
	cr_expect_str_eq(retry, "2");
	free(retry);
	resp_free(r);
	/* lookups are served meanwhile */
	r = req("GET", "/codes/10054", NULL);
	cr_expect_eq(r->status, 200);
	resp_free(r);
	/* the first scan's body stops halfway: its slot comes back */
	close(fd);
	wait_for_scans(0);
	r = req_post("/scan", text_plain, log_lines, sizeof(log_lines) - 1,
	             false);
	cr_expect_eq(r->status, 200, "%s", r->body);
	resp_free(r);
}

Test(http, scan_metrics)
{
	long long scans = srv_metric("wsaerr_scans_total");
	long long found =
	        srv_metric("wsaerr_scan_findings_total{code=\"10061\","
	                   "name=\"WSAECONNREFUSED\"}");
	long long bytes = srv_metric("wsaerr_scan_bytes_total");
	struct resp *r = req_post("/scan", text_plain, log_lines,
	                          sizeof(log_lines) - 1, false);

	cr_assert_eq(r->status, 200);
	resp_free(r);
	cr_expect_eq(srv_metric("wsaerr_scans_total"), scans + 1);
	cr_expect_eq(srv_metric("wsaerr_scan_findings_total{code=\"10061\","
	                        "name=\"WSAECONNREFUSED\"}"),
	             (found < 0 ? 0 : found) + 2);
	cr_expect_eq(srv_metric("wsaerr_scan_bytes_total"),
	             bytes + (long long)sizeof(log_lines) - 1);
	cr_expect_eq(srv_metric("wsaerr_scans_in_progress"), 0);
}

/* As many findings as ?limit= allows, each a line of quotes and
 * backslashes that JSON escaping doubles: the answer is whole (its buffer
 * is sized for the worst, not a fixed 8 MiB). */
Test(http, scan_answer_of_the_most_findings_escaped_is_whole)
{
	/* under valgrind and the sanitizers (WSAERR_RSS=0), fewer: each line
	 * is searched, tens of times slower there, and curl waits 10 s */
	const char *rss = getenv("WSAERR_RSS");
	bool slow = getenv("WSAERR_SLOW") || (rss && strcmp(rss, "0") == 0);
	size_t lines = slow ? 1000 : 10000, n = 0;
	size_t line_len = 14 + 600 + 1;
	char *body = malloc(lines * line_len);
	char target[40];
	struct resp *r;
	json_t *j;

	cr_assert_not_null(body);
	for (size_t i = 0; i < lines; i++) {
		memcpy(body + n, "WSAECONNRESET ", 14);
		n += 14;
		for (size_t k = 0; k < 600; k++)
			body[n++] = k % 2 ? '\\' : '"';
		body[n++] = '\n';
	}
	snprintf(target, sizeof(target), "/scan?limit=%zu", lines);
	r = req_post(target, text_plain, body, n, false);
	cr_assert_eq(r->status, 200, "%.300s", r->body);
	j = body_json(r);
	cr_expect_eq(json_array_size(json_at(j, "findings")), lines);
	cr_expect(json_is_false(json_at(j, "truncated")));
	cr_expect_eq(strlen(json_string_value(json_at(j, "findings/0/text"))),
	             512);
	json_decref(j);
	resp_free(r);
	free(body);
}
