/*
 * Many codes in one round trip (GET /codes?keys=...), and what people look
 * up (wsaerr_lookups_total in /metrics).
 */
#include "harness.h"
#include "server.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void setup(void)
{
	srv_start(NULL);
}

static void teardown(void)
{
	srv_stop();
}

TestSuite(batch, .init = setup, .fini = teardown, .timeout = 60);

static json_t *get_json(const char *target, long status)
{
	struct resp *r = req("GET", target, NULL);
	json_t *j;

	cr_assert_eq(r->status, status, "%s: %ld", target, r->status);
	j = body_json(r);
	resp_free(r);
	return j;
}

Test(batch, codes_in_the_order_given_each_once)
{
	json_t *j = get_json("/codes?keys=10060,10061,0x2746,WSAEACCES,"
	                     "econnrefused,0x8007274D,ConnectionRefused",
	                     200);
	json_t *items = json_object_get(j, "items");
	static const int want[] = {10060, 10061, 10054, 10013};

	cr_assert_eq(json_array_size(items), 4);
	for (size_t i = 0; i < 4; i++)
		cr_expect_eq(json_integer_value(json_object_get(
		                     json_array_get(items, i), "code")),
		             want[i], "item %zu", i);
	cr_expect_eq(json_integer_value(json_object_get(j, "total")), 4);
	cr_expect_eq(json_array_size(json_object_get(j, "missing")), 0);
	/* each item is the whole code, as /codes/{key} gives it */
	cr_expect_str_eq(json_string_value(json_object_get(
	                         json_array_get(items, 1), "system_message")),
	                 "No connection could be made because the target "
	                 "machine actively refused it.");
	cr_expect(json_is_object(
	        json_object_get(json_array_get(items, 1), "hints")));
	json_decref(j);
}

/* A key that names a neighbour gives its code with "via", as
 * /codes/{key} does; the same code named directly is another item. */
Test(batch, a_neighbour_key_gives_its_code_with_via)
{
	json_t *j = get_json("/codes?keys=10054,ERROR_NETNAME_DELETED,"
	                     "0xC0000236,STATUS_CONNECTION_REFUSED,0x80070040",
	                     200);
	json_t *items = json_object_get(j, "items");
	json_t *one = get_json("/codes/ERROR_NETNAME_DELETED", 200);
	static const char *const accept_text[] = {"Accept: text/plain", NULL};
	struct resp *text;

	cr_assert_eq(json_array_size(items), 3);
	cr_expect_null(json_object_get(json_array_get(items, 0), "via"));
	cr_expect_eq(json_integer_value(
	                     json_object_get(json_array_get(items, 1), "code")),
	             10054);
	/* the whole via, as the one-key answer has it */
	cr_expect(json_equal(json_object_get(json_array_get(items, 1), "via"),
	                     json_object_get(one, "via")));
	cr_expect_eq(json_integer_value(
	                     json_object_get(json_array_get(items, 2), "code")),
	             10061);
	cr_expect_str_eq(
	        json_string_value(json_object_get(
	                json_object_get(json_array_get(items, 2), "via"),
	                "name")),
	        "STATUS_CONNECTION_REFUSED");
	json_decref(one);
	json_decref(j);
	text = req("GET", "/codes?keys=ERROR_NETNAME_DELETED", accept_text);
	cr_expect_eq(text->status, 200);
	cr_expect(strstr(text->body, "reported as ERROR_NETNAME_DELETED"), "%s",
	          text->body);
	resp_free(text);
}

/* A missing key's detail is the whole sentence /codes/{key} gives, the
 * longest (51) too. */
Test(batch, a_missing_key_says_all_the_one_key_answer_says)
{
	static const char *const keys[] = {"51", "64", "121", "1225", "111"};

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		char target[64];
		json_t *one, *j;

		snprintf(target, sizeof(target), "/codes/%s", keys[i]);
		one = get_json(target, 404);
		snprintf(target, sizeof(target), "/codes?keys=%s", keys[i]);
		j = get_json(target, 200);
		cr_expect_str_eq(
		        json_string_value(json_object_get(
		                json_array_get(json_object_get(j, "missing"),
		                               0),
		                "detail")),
		        json_string_value(json_object_get(one, "detail")), "%s",
		        keys[i]);
		json_decref(one);
		json_decref(j);
	}
}

Test(batch, a_key_that_names_nothing_is_missing_not_an_error)
{
	json_t *j = get_json("/codes?keys=WSAEFOO,10061,111,10061abc,,"
	                     "WSAEFOO,%20%2010054%20",
	                     200);
	json_t *items = json_object_get(j, "items");
	json_t *missing = json_object_get(j, "missing");
	static const struct {
		const char *key;
		int status;
		const char *detail;
	} want[] = {
	        {"WSAEFOO", 404, "no Windows Sockets error has this name"},
	        {"111", 404, "Linux errno 111 is ECONNREFUSED"},
	        {"10061abc", 400, "followed by characters"},
	        {"", 400, "the key is empty"},
	};

	/* spaces around a key are dropped */
	cr_assert_eq(json_array_size(items), 2);
	cr_expect_eq(json_integer_value(
	                     json_object_get(json_array_get(items, 1), "code")),
	             10054);
	cr_assert_eq(json_array_size(missing), 4, "each missing key once");
	for (size_t i = 0; i < 4; i++) {
		json_t *m = json_array_get(missing, i);
		const char *detail =
		        json_string_value(json_object_get(m, "detail"));

		cr_expect_str_eq(json_string_value(json_object_get(m, "key")),
		                 want[i].key);
		cr_expect_eq(json_integer_value(json_object_get(m, "status")),
		             want[i].status, "%s", want[i].key);
		cr_expect_not_null(detail);
		cr_expect_not_null(strstr(detail ? detail : "", want[i].detail),
		                   "%s: %s", want[i].key, detail);
	}
	json_decref(j);
	/* nothing found at all is still an answer */
	j = get_json("/codes?keys=nosuch", 200);
	cr_expect_eq(json_array_size(json_object_get(j, "items")), 0);
	cr_expect_eq(json_array_size(json_object_get(j, "missing")), 1);
	json_decref(j);
}

/* "k0,k1,...": n keys, each a code, or the same one. */
static char *keys_target(size_t n)
{
	char *t = malloc(16 + n * 8);
	size_t used;

	cr_assert_not_null(t);
	used = (size_t)snprintf(t, 16, "/codes?keys=");
	for (size_t i = 0; i < n; i++)
		used += (size_t)snprintf(t + used, 9, "%s%u", i ? "," : "",
		                         10004 + (unsigned)i % 60);
	return t;
}

Test(batch, at_most_100_keys)
{
	char *t = keys_target(100);
	json_t *j = get_json(t, 200), *p;

	cr_expect_eq(json_array_size(json_object_get(j, "items")) +
	                     json_array_size(json_object_get(j, "missing")),
	             60, "100 keys, 60 distinct");
	json_decref(j);
	free(t);
	t = keys_target(101);
	p = get_json(t, 400);
	cr_expect_str_eq(json_string_value(json_object_get(p, "parameter")),
	                 "keys");
	cr_expect_not_null(strstr(
	        json_string_value(json_object_get(p, "detail")), "1 to 100"));
	json_decref(p);
	free(t);
	p = get_json("/codes?keys=", 400);
	json_decref(p);
}

Test(batch, keys_stand_alone)
{
	static const char *const with[] = {"q=reset", "category=qos", "limit=5",
	                                   "offset=1"};

	for (size_t i = 0; i < sizeof(with) / sizeof(*with); i++) {
		char target[64];
		json_t *p;

		snprintf(target, sizeof(target), "/codes?keys=10061&%s",
		         with[i]);
		p = get_json(target, 400);
		cr_expect_str_eq(json_string_value(json_object_get(p, "type")),
		                 "urn:wsaerr:problem:bad-parameter");
		json_decref(p);
	}
	json_decref(get_json("/codes?keys=10061&keys=10060", 400));
	json_decref(get_json("/codes?keys=%FF", 400));
}

Test(batch, text_etag_and_304_as_for_the_rest)
{
	static const char *const text[] = {"Accept: text/plain", NULL};
	struct resp *r = req("GET", "/codes?keys=10061,WSAEFOO", text);
	char *etag, line[64];
	const char *h[] = {line, NULL};

	cr_expect_eq(r->status, 200);
	cr_expect_str_eq(r->body,
	                 "WSAECONNREFUSED (10061, 0x274D): Connection "
	                 "refused.\nWSAEFOO: no Windows Sockets error has this "
	                 "name (404)\n");
	resp_free(r);
	r = req("GET", "/codes?keys=10061,10060", NULL);
	expect_header(r, "Cache-Control", "public, max-age=86400");
	expect_common_headers(r);
	etag = header(r, "ETag");
	cr_assert_not_null(etag);
	snprintf(line, sizeof(line), "If-None-Match: %s", etag);
	resp_free(r);
	r = req("GET", "/codes?keys=10061,10060", h);
	cr_expect_eq(r->status, 304);
	resp_free(r);
	/* another order is another answer */
	r = req("GET", "/codes?keys=10060,10061", h);
	cr_expect_eq(r->status, 200);
	resp_free(r);
	free(etag);
}

/* The value of the sample `series` in /metrics, or -1. */
static long long metric(const char *series)
{
	struct resp *r = req("GET", "/metrics", NULL);
	char needle[160];
	const char *at;
	long long v = -1;

	/* a sample line, not the HELP line that names it */
	snprintf(needle, sizeof(needle), "\n%s ", series);
	at = strstr(r->body, needle);
	if (at)
		v = strtoll(at + strlen(needle), NULL, 10);
	resp_free(r);
	return v;
}

Test(batch, lookups_are_counted_by_code)
{
	static const char *const browser[] = {"Accept: text/html", NULL};
	struct resp *r;

	cr_expect_eq(metric("wsaerr_lookups_total{code=\"10061\"}"), -1,
	             "no series before a lookup");
	cr_expect_eq(metric("wsaerr_lookups_total{code=\"unknown\"}"), 0);
	resp_free(req("GET", "/codes/10061", NULL));
	resp_free(req("GET", "/codes/ECONNREFUSED", NULL));
	resp_free(req("GET", "/codes/0x274D", browser));
	resp_free(req("GET", "/codes/WSAEFOO", NULL));
	resp_free(req("GET", "/codes/10061abc", NULL));
	resp_free(req("GET", "/codes?keys=10061,10060,nosuch", NULL));
	/* a search is no lookup */
	resp_free(req("GET", "/codes?q=10061", NULL));
	r = req("HEAD", "/codes/10054", NULL);
	resp_free(r);
	cr_expect_eq(metric("wsaerr_lookups_total{code=\"10061\"}"), 4);
	cr_expect_eq(metric("wsaerr_lookups_total{code=\"10060\"}"), 1);
	cr_expect_eq(metric("wsaerr_lookups_total{code=\"10054\"}"), 1);
	cr_expect_eq(metric("wsaerr_lookups_total{code=\"unknown\"}"), 3);
}

/* A dashboard repeats its searches: the second is the same answer, from
 * the cache, and counted so. */
Test(batch, a_repeated_search_is_answered_from_the_cache)
{
	static const char *const text[] = {"Accept: text/plain", NULL};
	const char *q = "/codes?q=connection+reset&limit=1";
	struct resp *a, *b, *t;
	char *ea, *eb, *la, *lb;

	cr_expect_eq(
	        metric("wsaerr_search_cache_requests_total{result=\"hit\"}"),
	        0);
	a = req("GET", q, NULL);
	b = req("GET", q, NULL);
	cr_assert_eq(a->status, 200);
	cr_assert_eq(b->status, 200);
	cr_expect_eq(a->len, b->len);
	cr_expect_eq(memcmp(a->body, b->body, a->len), 0);
	ea = header(a, "ETag");
	eb = header(b, "ETag");
	la = header(a, "Link");
	lb = header(b, "Link");
	cr_expect_str_eq(ea, eb);
	cr_assert_not_null(la, "a next page");
	cr_expect_str_eq(la, lb, "the Link header is kept too");
	cr_expect_eq(
	        metric("wsaerr_search_cache_requests_total{result=\"hit\"}"),
	        1);
	cr_expect_eq(
	        metric("wsaerr_search_cache_requests_total{result=\"miss\"}"),
	        1);
	/* text is another answer; so is another limit or query */
	t = req("GET", q, text);
	cr_expect_eq(strncmp(t->body, "WSAECONNRESET", 13), 0, "%s", t->body);
	resp_free(t);
	resp_free(req("GET", "/codes?q=connection+reset&limit=2", NULL));
	resp_free(req("GET", "/codes?q=Connection+reset&limit=1", NULL));
	cr_expect_eq(
	        metric("wsaerr_search_cache_requests_total{result=\"hit\"}"),
	        1);
	cr_expect_eq(
	        metric("wsaerr_search_cache_requests_total{result=\"miss\"}"),
	        4);
	/* a query search refuses is not kept (and leaks nothing: found by
	 * fuzz_request, caught under ASan) */
	t = req("GET", "/codes?q=%22", NULL);
	cr_expect_eq(t->status, 400);
	resp_free(t);
	cr_expect_eq(metric("wsaerr_search_cache_entries"), 4);
	cr_expect_gt(metric("wsaerr_search_cache_bytes"), 0);
	free(ea);
	free(eb);
	free(la);
	free(lb);
	resp_free(a);
	resp_free(b);
}

/* Asserts that a and b carry the same value of header `name` (or both
 * none). */
static void expect_same_header(const struct resp *a, const struct resp *b,
                               const char *name)
{
	char *va = header(a, name), *vb = header(b, name);

	cr_expect((!va && !vb) || (va && vb && strcmp(va, vb) == 0),
	          "%s: %s against %s", name, va ? va : "(none)",
	          vb ? vb : "(none)");
	free(va);
	free(vb);
}

/* Every header but Date, and the body: a cached answer is sent as the
 * first was. */
static void expect_same_answer(const struct resp *a, const struct resp *b)
{
	static const char *const names[] = {"Content-Type",
	                                    "Content-Length",
	                                    "Content-Encoding",
	                                    "Cache-Control",
	                                    "Vary",
	                                    "ETag",
	                                    "Link",
	                                    "Access-Control-Allow-Origin",
	                                    "Access-Control-Expose-Headers",
	                                    "X-Content-Type-Options",
	                                    "Connection"};

	cr_expect_eq(a->status, b->status);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		expect_same_header(a, b, names[i]);
	cr_expect_eq(a->len, b->len);
	cr_expect_eq(
	        memcmp(a->body, b->body, a->len < b->len ? a->len : b->len), 0);
}

/* The 400 of a malformed key is kept once for each thing a key can have
 * wrong, not once a key: other keys with the same fault are hits, and a
 * stream of distinct bad keys adds no entries. */
Test(batch, a_malformed_key_is_answered_from_the_cache_by_its_fault)
{
	static const char *const text[] = {"Accept: text/plain", NULL};
	static const char *const range[] = {"/codes/99999", "/codes/70000",
	                                    "/codes/123456"};
	struct resp *first = req("GET", range[0], NULL), *r, *t;

	cr_assert_eq(first->status, 400);
	cr_expect_eq(
	        metric("wsaerr_search_cache_requests_total{result=\"miss\"}"),
	        1);
	for (size_t i = 0; i < 3; i++) {
		r = req("GET", range[i], NULL);
		expect_same_answer(first, r);
		resp_free(r);
	}
	cr_expect_eq(
	        metric("wsaerr_search_cache_requests_total{result=\"hit\"}"),
	        3);
	/* another fault is another answer; text is another representation */
	r = req("GET", "/codes/WSA%20X", NULL);
	cr_expect_eq(r->status, 400);
	cr_expect_neq(strcmp(r->body, first->body), 0, "%s", r->body);
	resp_free(r);
	t = req("GET", range[1], text);
	cr_expect_eq(t->status, 400);
	cr_expect_eq(strncmp(t->body, "400 Malformed", 13), 0, "%s", t->body);
	resp_free(t);
	t = req("GET", range[2], text);
	cr_expect_eq(strncmp(t->body, "400 Malformed", 13), 0, "%s", t->body);
	resp_free(t);
	cr_expect_eq(
	        metric("wsaerr_search_cache_requests_total{result=\"hit\"}"),
	        4);
	cr_expect_eq(metric("wsaerr_search_cache_entries"), 3);
	/* and the entries of faults are not the entries of keys, whatever
	 * the number that stands for the fault: "4" and "5" are codes this
	 * table lacks, 404s, before and after the faults were kept */
	for (size_t i = 4; i <= 5; i++) {
		char path[16];

		snprintf(path, sizeof(path), "/codes/%zu", i);
		r = req("GET", path, NULL);
		cr_expect_eq(r->status, 404, "%s", path);
		cr_expect_not_null(strstr(r->body, "\"status\":404"), "%s: %s",
		                   path, r->body);
		resp_free(r);
	}
	r = req("GET", "/codes/WSA%20Y", NULL);
	cr_expect_eq(r->status, 400);
	cr_expect_not_null(strstr(r->body, "\"status\":400"), "%s", r->body);
	resp_free(r);
	resp_free(first);
}

/*
 * From its second use a cached answer is sent as a prepared response
 * (respond.c's struct answer): the same bytes and headers as the answer
 * built the first time, gzipped or not, with the 304 and HEAD of any
 * other response.
 */
Test(batch, a_cached_answer_is_sent_as_it_was_built)
{
	const char *q = "/codes?q=connection&limit=4"; /* over GZIP_MIN */
	const char *gq = "/codes?q=connection&limit=3";
	struct resp *a = req("GET", q, NULL), *b = req("GET", q, NULL);
	struct resp *ga = req_gzip(gq, false), *gb = req_gzip(gq, false);
	struct resp *gc = req_gzip(q, false), *head, *nm, *gd;
	char *etag = header(b, "ETag"), *gz_etag = header(gc, "ETag");
	char inm[128], *link;
	const char *const conditional[] = {inm, NULL};
	const char *const gz_conditional[] = {"Accept-Encoding: gzip", inm,
	                                      NULL};

	/* built the first time, prepared the second: no difference */
	cr_assert_eq(a->status, 200);
	expect_same_answer(a, b);
	link = header(b, "Link");
	cr_expect_not_null(link, "it pages");
	free(link);
	expect_common_headers(b);
	expect_same_answer(ga, gb);
	expect_header(gb, "Content-Encoding", "gzip");
	/* a plain answer's first gzipped use: gzipped as a built one is */
	expect_header(gc, "Content-Encoding", "gzip");
	cr_assert_not_null(etag);
	cr_assert_not_null(gz_etag);
	cr_expect_str_neq(etag, gz_etag, "each representation its own tag");
	gd = req_gzip(q, true);
	cr_expect_eq(gd->len, a->len, "it decodes to the plain answer");
	cr_expect_eq(memcmp(gd->body, a->body, a->len), 0);
	/* HEAD: the headers, no body */
	head = req("HEAD", q, NULL);
	cr_expect_eq(head->status, 200);
	cr_expect_eq(head->len, 0);
	expect_same_header(head, b, "ETag");
	expect_same_header(head, b, "Content-Length");
	/* the client has it: 304, for either representation */
	snprintf(inm, sizeof(inm), "If-None-Match: %s", etag);
	nm = req("GET", q, conditional);
	cr_expect_eq(nm->status, 304);
	cr_expect_eq(nm->len, 0);
	expect_same_header(nm, b, "ETag");
	resp_free(nm);
	snprintf(inm, sizeof(inm), "If-None-Match: %s", gz_etag);
	nm = req("GET", q, conditional);
	cr_expect_eq(nm->status, 200, "the gzip tag is not the plain one's");
	resp_free(nm);
	nm = req("GET", q, gz_conditional);
	cr_expect_eq(nm->status, 304);
	expect_same_header(nm, gc, "ETag");
	resp_free(nm);
	free(etag);
	free(gz_etag);
	resp_free(a);
	resp_free(b);
	resp_free(ga);
	resp_free(gb);
	resp_free(gc);
	resp_free(gd);
	resp_free(head);
}

/* A dashboard polling a key the table lacks: the same 404, from the cache
 * the second time, in each form. */
Test(batch, a_repeated_unknown_key_is_answered_from_the_cache)
{
	static const char *const text[] = {"Accept: text/plain", NULL};
	struct resp *a = req("GET", "/codes/WSAECONNREFUSEX", NULL);
	struct resp *b = req("GET", "/codes/WSAECONNREFUSEX", NULL);
	struct resp *t = req("GET", "/codes/WSAECONNREFUSEX", text);
	struct resp *m = req("GET", "/codes/0x", NULL);

	cr_expect_eq(a->status, 404);
	cr_expect_eq(b->status, 404);
	expect_same_answer(a, b);
	expect_common_headers(b);
	expect_header(b, "Content-Type",
	              "application/problem+json; charset=utf-8");
	expect_header(b, "Cache-Control", "no-store");
	cr_expect_eq(a->len, b->len);
	cr_expect_eq(memcmp(a->body, b->body, a->len), 0);
	cr_expect_not_null(strstr(b->body, "\"suggestions\""), "%s", b->body);
	cr_expect_eq(t->status, 404);
	expect_header(t, "Content-Type", "text/plain; charset=utf-8");
	cr_expect_eq(m->status, 400, "a malformed key is no 404");
	cr_expect_eq(
	        metric("wsaerr_search_cache_requests_total{result=\"hit\"}"),
	        1);
	cr_expect_eq(metric("wsaerr_lookups_total{code=\"unknown\"}"), 4);
	resp_free(a);
	resp_free(b);
	resp_free(t);
	resp_free(m);
}
