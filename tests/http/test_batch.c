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

Test(batch, lookups_are_counted_by_code)
{
	static const char *const browser[] = {"Accept: text/html", NULL};
	struct resp *r;

	cr_expect_eq(srv_metric("wsaerr_lookups_total{code=\"10061\"}"), -1,
	             "no series before a lookup");
	cr_expect_eq(srv_metric("wsaerr_lookups_total{code=\"unknown\"}"), 0);
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
	cr_expect_eq(srv_metric("wsaerr_lookups_total{code=\"10061\"}"), 4);
	cr_expect_eq(srv_metric("wsaerr_lookups_total{code=\"10060\"}"), 1);
	cr_expect_eq(srv_metric("wsaerr_lookups_total{code=\"10054\"}"), 1);
	cr_expect_eq(srv_metric("wsaerr_lookups_total{code=\"unknown\"}"), 3);
}

/* Keys echoed in a text answer cannot drive a terminal or forge a line:
 * ESC, BEL, CR, LF, C1 and bidi controls come back escaped (the security
 * review's finding 4). */
Test(batch, text_keys_cannot_drive_a_terminal)
{
	static const char *const text[] = {"Accept: text/plain", NULL};
	struct resp *r = req("GET",
	                     "/codes?keys=%1B%5B2Jx,%07bell%0D%0Aforged,"
	                     "%C2%9B31m,%E2%80%AEabc,caf%C3%A9",
	                     text);
	size_t lines = 0;

	cr_assert_eq(r->status, 200);
	for (size_t i = 0; i < r->len; i++) {
		unsigned char c = (unsigned char)r->body[i];

		lines += c == '\n';
		cr_expect(c >= 0x20 || c == '\n', "byte 0x%02x at %zu", c, i);
	}
	cr_expect_eq(lines, 5, "one line a key: %s", r->body);
	cr_expect_null(strstr(r->body, "\xC2\x9B"), "no C1 CSI");
	cr_expect_null(strstr(r->body, "\xE2\x80\xAE"), "no bidi override");
	cr_expect_not_null(strstr(r->body, "\\u001B[2Jx: "));
	cr_expect_not_null(strstr(r->body, "\\u0007bell\\r\\nforged: "));
	cr_expect_not_null(strstr(r->body, "caf\xC3\xA9: "), "text as it is");
	resp_free(r);
}
