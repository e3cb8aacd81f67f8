/*
 * HTTP details that clients written by others rely on: the 304's length,
 * absolute-form and asterisk-form targets, encoded slashes, list fields on
 * several lines, the CORS preflight, and the answers libmicrohttpd gives
 * itself.
 */
#include "harness.h"
#include "proc.h"
#include "server.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

static void setup(void)
{
	srv_start(NULL);
}

static void teardown(void)
{
	srv_stop();
}

TestSuite(clients, .init = setup, .fini = teardown, .timeout = 60);

/* Sends a raw request, records it for the contract check, returns it. */
static struct resp *send_raw(const char *method, const char *target,
                             const char *request)
{
	struct resp *r = raw(request, strlen(request));

	record(method, target, r);
	return r;
}

/* The 304's Content-Length, when it sends one, is the 200's (RFC 9110 8.6). */
static void expect_304_length(const char *target, const char *extra)
{
	char request[512];
	struct resp *ok, *nm;
	char *etag, *len200, *len304;

	snprintf(request, sizeof(request),
	         "GET %s HTTP/1.1\r\nHost: a\r\n%sConnection: close\r\n\r\n",
	         target, extra);
	ok = send_raw("GET", target, request);
	cr_assert_eq(ok->status, 200, "%s", target);
	etag = header(ok, "ETag");
	len200 = header(ok, "Content-Length");
	cr_assert_not_null(etag);
	snprintf(request, sizeof(request),
	         "GET %s HTTP/1.1\r\nHost: a\r\n%sIf-None-Match: %s\r\n"
	         "Connection: close\r\n\r\n",
	         target, extra, etag);
	nm = send_raw("GET", target, request);
	cr_expect_eq(nm->status, 304, "%s", target);
	len304 = header(nm, "Content-Length");
	cr_expect(!len304 || strcmp(len304, len200) == 0,
	          "%s: 304 Content-Length %s, the 200's %s", target,
	          len304 ? len304 : "(none)", len200);
	cr_expect_eq(nm->len, 0, "a 304 has no body");
	cr_expect_null(header(nm, "Content-Type"), "a 304 has no content");
	free(etag);
	free(len200);
	free(len304);
	resp_free(ok);
	resp_free(nm);
}

Test(clients, not_modified_has_the_length_of_the_200)
{
	expect_304_length("/codes/10061", ""); /* cached */
	expect_304_length("/codes/10061", "Accept-Encoding: gzip\r\n");
	expect_304_length("/codes", "Accept-Encoding: gzip\r\n"); /* gzipped */
	expect_304_length("/codes?q=connection+reset", "");       /* built */
	expect_304_length("/codes?category=qos&limit=30",
	                  "Accept-Encoding: gzip\r\n"); /* built, gzipped */
}

Test(clients, absolute_form_targets)
{
	char request[256], target[128];
	struct resp *r;

	snprintf(target, sizeof(target), "http://127.0.0.1:%u/codes/10061",
	         srv_port());
	snprintf(
	        request, sizeof(request),
	        "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
	        target);
	r = send_raw("GET", "/codes/10061", request);
	cr_expect_eq(r->status, 200, "%.80s", r->headers);
	cr_expect_not_null(strstr(r->body, "\"code\":10061"));
	resp_free(r);
	r = send_raw("GET", "/codes",
	             "GET HTTP://x:1/codes?q=refused&limit=1 HTTP/1.1\r\n"
	             "Host: x\r\nConnection: close\r\n\r\n");
	cr_expect_eq(r->status, 200);
	cr_expect_not_null(strstr(r->body, "\"code\":10061"), "%s", r->body);
	resp_free(r);
	r = send_raw("GET", "/",
	             "GET https://x HTTP/1.1\r\nHost: x\r\n"
	             "Connection: close\r\n\r\n");
	cr_expect_eq(r->status, 200, "no path is /");
	resp_free(r);
	r = send_raw("GET", "/livez",
	             "GET ftp://x/livez HTTP/1.1\r\nHost: x\r\n\r\n");
	cr_expect_eq(r->status, 400, "only http and https");
	resp_free(r);
}

Test(clients, options_asterisk)
{
	struct resp *r = send_raw("OPTIONS", "*",
	                          "OPTIONS * HTTP/1.1\r\nHost: a\r\n"
	                          "Connection: close\r\n\r\n");

	cr_expect_eq(r->status, 204);
	expect_header(r, "Allow", "GET, HEAD, OPTIONS");
	cr_expect_eq(r->len, 0);
	resp_free(r);
	r = send_raw("GET", "*",
	             "GET * HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
	cr_expect_eq(r->status, 400, "* is for OPTIONS only");
	cr_expect_not_null(strstr(r->body, "urn:wsaerr:problem:bad-uri"));
	resp_free(r);
}

Test(clients, an_encoded_slash_is_not_a_separator)
{
	struct resp *r = req("GET", "/codes%2F10061", NULL);

	cr_expect_eq(r->status, 404, "one segment, no such route");
	resp_free(r);
	r = req("GET", "/codes%2f10061", NULL);
	cr_expect_eq(r->status, 404);
	resp_free(r);
	r = req("GET", "/codes/10061%2Fx", NULL);
	cr_expect_eq(r->status, 400, "the key is \"10061/x\"");
	cr_expect_not_null(strstr(r->body, "urn:wsaerr:problem:bad-key"));
	resp_free(r);
	r = req("GET", "/c%6Fdes/10061", NULL);
	cr_expect_eq(r->status, 200, "an encoded letter is the letter");
	resp_free(r);
}

Test(clients, list_fields_on_several_lines_are_one_list)
{
	struct resp *ok = req("GET", "/codes/10061", NULL), *r;
	char *etag = header(ok, "ETag");
	char inm[64];
	const char *two_inm[] = {"If-None-Match: \"0000000000000000\"", inm,
	                         NULL};
	const char *two_accept[] = {"Accept: application/json;q=0.5",
	                            "Accept: text/plain", NULL};
	const char *two_ae[] = {"Accept-Encoding: identity",
	                        "Accept-Encoding: gzip", NULL};
	char *ce;

	cr_assert_not_null(etag);
	snprintf(inm, sizeof(inm), "If-None-Match: %s", etag);
	r = req("GET", "/codes/10061", two_inm);
	cr_expect_eq(r->status, 304, "the second line matches");
	resp_free(r);
	r = req("GET", "/codes/10061", two_accept);
	expect_header(r, "Content-Type", "text/plain; charset=utf-8");
	resp_free(r);
	r = req("GET", "/codes", two_ae);
	ce = header(r, "Content-Encoding");
	cr_expect(ce && strcmp(ce, "gzip") == 0, "gzip on the second line");
	free(ce);
	resp_free(r);
	free(etag);
	resp_free(ok);
}

Test(clients, cors_preflight_allows_what_the_dashboard_asks_for)
{
	const char *custom[] = {"Origin: https://dash.example",
	                        "Access-Control-Request-Method: GET",
	                        "Access-Control-Request-Headers: "
	                        "x-request-id,content-type",
	                        NULL};
	const char *split[] = {"Origin: https://dash.example",
	                       "Access-Control-Request-Headers: x-a",
	                       "Access-Control-Request-Headers: x-b", NULL};
	const char *bad[] = {"Origin: https://dash.example",
	                     "Access-Control-Request-Headers: x a, (b)", NULL};
	struct resp *r = req("OPTIONS", "/codes/10061", custom);

	cr_expect_eq(r->status, 204);
	expect_header(r, "Access-Control-Allow-Headers",
	              "x-request-id,content-type");
	expect_header(r, "Access-Control-Max-Age", "86400");
	expect_header(r, "Access-Control-Allow-Origin", "*");
	cr_expect_null(header(r, "Access-Control-Allow-Credentials"));
	resp_free(r);
	r = req("OPTIONS", "/codes", split);
	expect_header(r, "Access-Control-Allow-Headers", "x-a, x-b");
	resp_free(r);
	r = req("OPTIONS", "/codes", bad);
	expect_header(r, "Access-Control-Allow-Headers",
	              "Accept, Accept-Encoding, If-None-Match");
	resp_free(r);
	/* the actual request then carries the header: nothing changes */
	{
		const char *h[] = {"Origin: https://dash.example",
		                   "X-Request-Id: 42", NULL};

		r = req("GET", "/codes/10061", h);
		cr_expect_eq(r->status, 200);
		expect_header(r, "Access-Control-Allow-Origin", "*");
		resp_free(r);
	}
}

/* Routes, as the contract check names them, and a target on each. */
static const char *const routes[][2] = {
        {"/codes/{key}", "/codes/10061"},
        {"/codes", "/codes"},
        {"/livez", "/livez"},
        {"/healthz", "/healthz"},
        {"/readyz", "/readyz"},
        {"/metrics", "/metrics"},
        {"/openapi.yaml", "/openapi.yaml"},
        {"/", "/"},
        {"/assets/{name}", "/assets/app.js"},
};

#define N_ROUTES (sizeof(routes) / sizeof(routes[0]))

/* What libmicrohttpd answers itself: a complete answer, and closed. */
static void expect_from_libmicrohttpd(struct resp *r, long status)
{
	char *conn = header(r, "Connection");

	cr_expect_eq(r->status, status, "%.60s", r->headers);
	cr_expect(conn && strcasecmp(conn, "close") == 0);
	cr_expect_not_null(strstr(r->body, "<html>"));
	free(conn);
}

Test(clients, what_libmicrohttpd_answers_itself)
{
	for (size_t i = 0; i < N_ROUTES; i++) {
		char request[256];
		struct resp *r;

		snprintf(request, sizeof(request),
		         "GET %s HTTP/2.0\r\nHost: a\r\n\r\n", routes[i][1]);
		r = send_raw("GET", routes[i][1], request);
		expect_from_libmicrohttpd(r, 505);
		resp_free(r);
		/* a header line with no colon */
		snprintf(request, sizeof(request),
		         "GET %s HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n",
		         routes[i][1]);
		r = send_raw("GET", routes[i][1], request);
		expect_from_libmicrohttpd(r, 400);
		resp_free(r);
	}
}

/* A server that takes one connection per address. */
static void setup_per_ip(void)
{
	struct server_config c;

	config_defaults(&c);
	c.threads = 2;
	c.log_format = ACCESSLOG_OFF;
	c.per_ip_limit = 1;
	srv_start(&c);
}

TestSuite(refused, .init = setup_per_ip, .fini = teardown, .timeout = 60);

Test(refused, over_the_per_ip_limit_every_route_answers_503)
{
	/* the one connection 127.0.0.1 may have */
	int held = connect_served(srv_port());

	for (size_t i = 0; i < N_ROUTES; i++) {
		char request[256];
		struct resp *r;

		snprintf(request, sizeof(request),
		         "GET %s HTTP/1.1\r\nHost: a\r\n\r\n", routes[i][1]);
		r = send_raw("GET", routes[i][1], request);
		cr_expect_eq(r->status, 503, "%s: %.60s", routes[i][1],
		             r->headers);
		expect_header(r, "Retry-After", "1");
		expect_header(r, "Connection", "close");
		cr_expect_not_null(strstr(
		        r->body, "urn:wsaerr:problem:too-many-connections"));
		resp_free(r);
	}
	close(held);
	/* with the held one gone, a client is served again */
	{
		struct resp *r = req("GET", "/livez", NULL);
		struct settle w = settle_start();

		while (r->status != 200 && settling(&w)) {
			resp_free(r);
			r = req("GET", "/livez", NULL);
		}
		cr_expect_eq(r->status, 200);
		resp_free(r);
	}
}

/* Found by fuzz_request: HTTP/1.2 to 1.9, which libmicrohttpd serves as
 * 1.1, with and without a NUL in the target. */
Test(clients, later_http_1_minor_versions_are_served_as_1_1)
{
	static const char nul[] = "GET /a\0?q=a HTTP/1.9\r\nHost: a\r\n"
	                          "Connection: close\r\n\r\n";
	struct resp *r = send_raw("GET", "/livez",
	                          "GET /livez HTTP/1.9\r\nHost: a\r\n"
	                          "Connection: close\r\n\r\n");

	cr_expect_eq(r->status, 200);
	resp_free(r);
	r = raw("GET /livez HTTP/1.5\r\nConnection: close\r\n\r\n", 42);
	cr_expect_eq(r->status, 400, "1.x from 1.1 on needs Host");
	resp_free(r);
	r = raw(nul, sizeof(nul) - 1);
	cr_expect_eq(r->status, 400, "a NUL in the target");
	cr_expect_not_null(strstr(r->body, "urn:wsaerr:problem:bad-uri"));
	resp_free(r);
}
