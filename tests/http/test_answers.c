/*
 * The answer cache: a search, or the 404 or 400 of a key, asked again is
 * the same answer, from the cache, sent as it was built.
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

TestSuite(answers, .init = setup, .fini = teardown, .timeout = 60);

/* A dashboard repeats its searches: the second is the same answer, from
 * the cache, and counted so. */
Test(answers, a_repeated_search_is_answered_from_the_cache)
{
	static const char *const text[] = {"Accept: text/plain", NULL};
	const char *q = "/codes?q=connection+reset&limit=1";
	struct resp *a, *b, *t;
	char *ea, *eb, *la, *lb;

	cr_expect_eq(
	        srv_metric(
	                "wsaerr_search_cache_requests_total{result=\"hit\"}"),
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
	        srv_metric(
	                "wsaerr_search_cache_requests_total{result=\"hit\"}"),
	        1);
	cr_expect_eq(
	        srv_metric(
	                "wsaerr_search_cache_requests_total{result=\"miss\"}"),
	        1);
	/* text is another answer; so is another limit or query */
	t = req("GET", q, text);
	cr_expect_eq(strncmp(t->body, "WSAECONNRESET", 13), 0, "%s", t->body);
	resp_free(t);
	resp_free(req("GET", "/codes?q=connection+reset&limit=2", NULL));
	resp_free(req("GET", "/codes?q=Connection+reset&limit=1", NULL));
	cr_expect_eq(
	        srv_metric(
	                "wsaerr_search_cache_requests_total{result=\"hit\"}"),
	        1);
	cr_expect_eq(
	        srv_metric(
	                "wsaerr_search_cache_requests_total{result=\"miss\"}"),
	        4);
	/* a query search refuses is not kept (and leaks nothing: found by
	 * fuzz_request, caught under ASan) */
	t = req("GET", "/codes?q=%22", NULL);
	cr_expect_eq(t->status, 400);
	resp_free(t);
	cr_expect_eq(srv_metric("wsaerr_search_cache_entries"), 4);
	cr_expect_gt(srv_metric("wsaerr_search_cache_bytes"), 0);
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
Test(answers, a_malformed_key_is_answered_from_the_cache_by_its_fault)
{
	static const char *const text[] = {"Accept: text/plain", NULL};
	static const char *const range[] = {"/codes/99999", "/codes/70000",
	                                    "/codes/123456"};
	struct resp *first = req("GET", range[0], NULL), *r, *t;

	cr_assert_eq(first->status, 400);
	cr_expect_eq(
	        srv_metric(
	                "wsaerr_search_cache_requests_total{result=\"miss\"}"),
	        1);
	for (size_t i = 0; i < 3; i++) {
		r = req("GET", range[i], NULL);
		expect_same_answer(first, r);
		resp_free(r);
	}
	cr_expect_eq(
	        srv_metric(
	                "wsaerr_search_cache_requests_total{result=\"hit\"}"),
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
	        srv_metric(
	                "wsaerr_search_cache_requests_total{result=\"hit\"}"),
	        4);
	cr_expect_eq(srv_metric("wsaerr_search_cache_entries"), 3);
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
Test(answers, a_cached_answer_is_sent_as_it_was_built)
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
Test(answers, a_repeated_unknown_key_is_answered_from_the_cache)
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
	        srv_metric(
	                "wsaerr_search_cache_requests_total{result=\"hit\"}"),
	        1);
	cr_expect_eq(srv_metric("wsaerr_lookups_total{code=\"unknown\"}"), 4);
	resp_free(a);
	resp_free(b);
	resp_free(t);
	resp_free(m);
}
