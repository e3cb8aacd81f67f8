/*
 * Integration tests: a real server on port 0, driven over HTTP. Each test
 * asserts status, headers and body.
 */
#include "../unit/cases.h"
#include "harness.h"
#include "render.h"
#include "server.h"
#include "table.h"
#include "version.h"

#include <criterion/criterion.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <strings.h>
#include <zlib.h>

static void setup(void)
{
	srv_start(NULL);
}

static void teardown(void)
{
	srv_stop();
}

TestSuite(http, .init = setup, .fini = teardown, .timeout = 60);

/* --- helpers ---------------------------------------------------------- */

static struct resp *get(const char *target)
{
	return req("GET", target, NULL);
}

static void expect_hdr(const struct resp *r, const char *name, const char *want)
{
	char *v = header(r, name);

	cr_expect_not_null(v, "%s: no header", name);
	if (v)
		cr_expect_str_eq(v, want, "%s", name);
	free(v);
}

static bool matches(const char *s, const char *pattern)
{
	regex_t re;
	bool ok;

	cr_assert_eq(regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB), 0);
	ok = s && regexec(&re, s, 0, NULL, 0) == 0;
	regfree(&re);
	return ok;
}

static void expect_etag(const struct resp *r)
{
	char *e = header(r, "ETag");

	cr_expect(matches(e, "^\"[0-9a-f]{16}\"$"), "ETag %s",
	          e ? e : "(none)");
	free(e);
}

/* A problem+json body with this status and type; returns it. */
static json_t *expect_problem(const struct resp *r, long status,
                              const char *type)
{
	json_t *j;

	cr_expect_eq(r->status, status, "status %ld, want %ld: %s", r->status,
	             status, r->body);
	expect_hdr(r, "Content-Type",
	           "application/problem+json; charset=utf-8");
	expect_hdr(r, "Cache-Control", "no-store");
	expect_common_headers(r);
	j = body_json(r);
	cr_expect_str_eq(json_string_value(json_object_get(j, "type")), type);
	cr_expect_eq(json_integer_value(json_object_get(j, "status")), status);
	cr_expect_not_null(json_string_value(json_object_get(j, "title")));
	cr_expect_gt(strlen(json_string_value(json_object_get(j, "detail"))),
	             5);
	return j;
}

/* GETs target and expects a problem with this status and type. */
static void expect_get_problem(const char *target, long status,
                               const char *type)
{
	struct resp *r = get(target);
	json_t *j = expect_problem(r, status, type);

	json_decref(j);
	resp_free(r);
}

/* "X-Big: aaa..." with 20000 a's, over the 16 KiB header limit; free it. */
static char *big_header(void)
{
	char *big = malloc(20100);

	cr_assert_not_null(big);
	memcpy(big, "X-Big: ", 7);
	memset(big + 7, 'a', 20000);
	big[20007] = '\0';
	return big;
}

/* --- /codes/{key} ----------------------------------------------------- */

Test(http, code_as_json_with_every_field_and_header)
{
	static const char *const fields[] = {
	        "code",      "name",          "message",     "system_message",
	        "localized", "dotnet",        "description", "hex",
	        "hresult",   "category",      "posix",       "aliases",
	        "related",   "informational", "source",      "hints",
	        "links"};
	struct resp *r = get("/codes/10061");
	json_t *j, *posix;

	cr_assert_eq(r->status, 200);
	expect_hdr(r, "Content-Type", "application/json; charset=utf-8");
	expect_hdr(r, "Cache-Control", "public, max-age=86400");
	expect_common_headers(r);
	expect_etag(r);
	j = body_json(r);
	cr_expect_eq(json_object_size(j), sizeof(fields) / sizeof(*fields));
	for (size_t i = 0; i < sizeof(fields) / sizeof(*fields); i++)
		cr_expect_not_null(json_object_get(j, fields[i]), "%s",
		                   fields[i]);
	cr_expect_eq(json_integer_value(json_object_get(j, "code")), 10061);
	cr_expect_str_eq(json_string_value(json_object_get(j, "name")),
	                 "WSAECONNREFUSED");
	cr_expect_str_eq(json_string_value(json_object_get(j, "message")),
	                 "Connection refused.");
	cr_expect_str_eq(json_string_value(json_object_get(j, "hex")),
	                 "0x274D");
	cr_expect_str_eq(json_string_value(json_object_get(j, "hresult")),
	                 "0x8007274D");
	cr_expect_str_eq(json_string_value(json_object_get(j, "category")),
	                 "socket");
	cr_expect_str_eq(json_string_value(json_object_get(j, "source")),
	                 "winsock-page");
	cr_expect(json_is_false(json_object_get(j, "informational")));
	posix = json_object_get(j, "posix");
	cr_expect_str_eq(json_string_value(json_object_get(posix, "name")),
	                 "ECONNREFUSED");
	cr_expect_str_eq(json_string_value(json_object_get(posix, "space")),
	                 "errno");
	cr_expect_eq(json_integer_value(json_object_get(posix, "linux")), 111);
	cr_expect_eq(json_integer_value(json_object_get(posix, "bsd")), 61);
	cr_expect_str_eq(json_string_value(json_array_get(
	                         json_object_get(j, "aliases"), 0)),
	                 "ECONNREFUSED");
	cr_expect_str_eq(json_string_value(json_object_get(
	                         json_object_get(j, "links"), "self")),
	                 "/codes/10061");
	json_decref(j);
	resp_free(r);
}

/* Every form of a key (number, hex, HRESULT, names, padding) is the
 * same code: the same ETag as /codes/10061. */
struct key_form {
	char key[CASE_TEXT_MAX];
};

static struct key_form key_forms[] = {
        {"10061"},           {"0x274D"},       {"274D"},
        {"0x8007274D"},      {"-2147014835"},  {"2147952461"},
        {"econnrefused"},    {"ECONNREFUSED"}, {"%57SAECONNREFUSED"},
        {"WSAECONNREFUSED"}, {"%2010061%20"},
};

static const char *key_form_name(const void *c)
{
	return ((const struct key_form *)c)->key;
}

ParameterizedTestParameters(http, every_key_form_finds_the_same_code)
{
	size_t n =
	        cases_select(key_forms, sizeof(key_forms) / sizeof(*key_forms),
	                     sizeof(*key_forms), key_form_name);

	return cr_make_param_array(struct key_form, key_forms, n);
}

ParameterizedTest(struct key_form *c, http, every_key_form_finds_the_same_code)
{
	char target[CASE_TEXT_MAX + 16];
	struct resp *want = get("/codes/10061"), *r;
	char *etag, *want_etag = header(want, "ETag");

	snprintf(target, sizeof(target), "/codes/%s", c->key);
	r = get(target);
	cr_expect_eq(r->status, 200, "%s: %ld", c->key, r->status);
	etag = header(r, "ETag");
	cr_assert_not_null(etag, "%s", c->key);
	cr_expect_str_eq(etag, want_etag, "%s", c->key);
	free(etag);
	free(want_etag);
	resp_free(r);
	resp_free(want);
}

Test(http, every_code_of_the_table)
{
	const struct wsaerr_table *t = wsaerr_table_default();

	for (size_t i = 0; i < t->n_codes; i++) {
		char target[32];
		struct resp *r;
		json_t *j;

		snprintf(target, sizeof(target), "/codes/%u",
		         t->codes[i].value);
		r = get(target);
		cr_assert_eq(r->status, 200, "%s", target);
		j = body_json(r);
		cr_expect_eq(json_integer_value(json_object_get(j, "code")),
		             t->codes[i].value);
		cr_expect_str_eq(json_string_value(json_object_get(j, "name")),
		                 t->codes[i].name);
		json_decref(j);
		resp_free(r);
	}
}

/* Every code's body, JSON and text, is byte for byte what the renderer
 * writes: the server adds nothing and loses nothing. */
Test(http, every_code_is_what_the_renderer_writes)
{
	static const char *const text[] = {"Accept: text/plain", NULL};
	const struct wsaerr_table *t = wsaerr_table_default();

	for (size_t i = 0; i < t->n_codes; i++) {
		const struct wsaerr_code *c = &t->codes[i];
		char target[32], *want, *want_text = NULL;
		size_t len = 0, text_len = 0;
		FILE *f = open_memstream(&want_text, &text_len);
		struct resp *r;

		cr_assert_not_null(f);
		wsaerr_code_text_full(f, c);
		cr_assert_eq(fclose(f), 0);
		want = wsaerr_dumps_new(wsaerr_code_json(c), &len);
		cr_assert_not_null(want);
		snprintf(target, sizeof(target), "/codes/%u", c->value);
		r = get(target);
		cr_expect_eq(r->len, len, "%s", target);
		cr_expect(r->len == len && memcmp(r->body, want, len) == 0,
		          "%s: JSON as rendered", target);
		resp_free(r);
		r = req("GET", target, text);
		cr_expect(r->len == text_len &&
		                  memcmp(r->body, want_text, text_len) == 0,
		          "%s: text as rendered", target);
		resp_free(r);
		free(want);
		free(want_text);
	}
}

Test(http, code_as_text)
{
	static const char *const accept[] = {"Accept: text/plain", NULL};
	static const char *const both[] = {
	        "Accept: application/json;q=0.5, text/plain", NULL};
	static const char *const json_wins[] = {
	        "Accept: text/plain;q=0.2, application/json", NULL};
	const char *want =
	        "WSAECONNREFUSED (10061, 0x274D): Connection refused.\n"
	        "Windows: No connection could be made because the target "
	        "machine actively refused it.\n"
	        "No connection could be made because the target "
	        "computer actively refused it.";
	struct resp *r = req("GET", "/codes/10061", accept);

	cr_expect_eq(r->status, 200);
	expect_hdr(r, "Content-Type", "text/plain; charset=utf-8");
	expect_etag(r);
	cr_expect_eq(strncmp(r->body, want, strlen(want)), 0, "%s", r->body);
	cr_expect_not_null(strstr(r->body,
	                          "\nPOSIX: ECONNREFUSED (errno; Linux "
	                          "111, BSD 61)\n"));
	resp_free(r);
	r = get("/codes/10061?format=text");
	expect_hdr(r, "Content-Type", "text/plain; charset=utf-8");
	resp_free(r);
	r = req("GET", "/codes/10061", both);
	expect_hdr(r, "Content-Type", "text/plain; charset=utf-8");
	resp_free(r);
	r = req("GET", "/codes/10061", json_wins);
	expect_hdr(r, "Content-Type", "application/json; charset=utf-8");
	resp_free(r);
	/* the parameter wins over Accept */
	r = req("GET", "/codes/10061?format=json", accept);
	expect_hdr(r, "Content-Type", "application/json; charset=utf-8");
	resp_free(r);
	r = get("/codes/997?format=text");
	cr_expect_not_null(strstr(r->body, "\nPOSIX: no equivalent\n"));
	resp_free(r);
}

Test(http, unknown_code_is_404_with_suggestions)
{
	struct resp *r = get("/codes/126");
	json_t *j = expect_problem(r, 404, "urn:wsaerr:problem:unknown-code");
	json_t *s;

	cr_expect_not_null(strstr(
	        json_string_value(json_object_get(j, "detail")), "(126)"));
	cr_expect_null(json_object_get(j, "suggestions"),
	               "nothing is near 126");
	json_decref(j);
	resp_free(r);

	r = get("/codes/WSAECONNREFUSE");
	j = expect_problem(r, 404, "urn:wsaerr:problem:unknown-code");
	s = json_object_get(j, "suggestions");
	cr_assert(json_is_array(s));
	cr_expect_geq(json_array_size(s), 1);
	cr_expect_leq(json_array_size(s), 5);
	cr_expect_eq(json_integer_value(
	                     json_object_get(json_array_get(s, 0), "code")),
	             10061);
	cr_expect_str_eq(json_string_value(
	                         json_object_get(json_array_get(s, 0), "name")),
	                 "WSAECONNREFUSED");
	json_decref(j);
	resp_free(r);

	/* at most 5, however many are near */
	r = get("/codes/WSA_QOS");
	j = expect_problem(r, 404, "urn:wsaerr:problem:unknown-code");
	cr_expect_eq(json_array_size(json_object_get(j, "suggestions")), 5);
	json_decref(j);
	resp_free(r);

	r = get("/codes/WSAECONNREFUSE?format=text");
	cr_expect_eq(r->status, 404);
	expect_hdr(r, "Content-Type", "text/plain; charset=utf-8");
	cr_expect(matches(r->body, "^404 Unknown error code: "), "%s", r->body);
	cr_expect_not_null(
	        strstr(r->body, "did you mean WSAECONNREFUSED (10061)?"));
	resp_free(r);
}

/* A key the service cannot read: 400, a bad-key problem. */
struct bad_key {
	char target[CASE_TEXT_MAX];
};

static struct bad_key bad_keys[] = {
        {"/codes/10061abc"},
        {"/codes/"},
        {"/codes/%20"},
        {"/codes/+10061"},
        {"/codes/0x"},
        {"/codes/99999999999"},
        {"/codes/%FF"},
        {"/codes/1111111111111111111111111111111111111111111111111111111111"
         "11111111"},
};

static const char *bad_key_name(const void *c)
{
	return ((const struct bad_key *)c)->target;
}

ParameterizedTestParameters(http, malformed_keys_are_400)
{
	size_t n = cases_select(bad_keys, sizeof(bad_keys) / sizeof(*bad_keys),
	                        sizeof(*bad_keys), bad_key_name);

	return cr_make_param_array(struct bad_key, bad_keys, n);
}

ParameterizedTest(struct bad_key *c, http, malformed_keys_are_400)
{
	expect_get_problem(c->target, 400, "urn:wsaerr:problem:bad-key");
}

Test(http, key_route_takes_one_segment)
{
	struct resp *r = get("/codes/10061/extra");
	json_t *j = expect_problem(r, 404, "about:blank");

	json_decref(j);
	resp_free(r);
}

/* --- /codes ----------------------------------------------------------- */

Test(http, list_without_parameters_is_every_code)
{
	struct resp *r = get("/codes");
	json_t *j = body_json(r), *items = json_object_get(j, "items");

	cr_expect_eq(r->status, 200);
	expect_hdr(r, "Content-Type", "application/json; charset=utf-8");
	expect_hdr(r, "Cache-Control", "public, max-age=86400");
	expect_common_headers(r);
	expect_etag(r);
	cr_expect_null(header(r, "Link"));
	cr_expect(json_is_null(json_object_get(j, "query")));
	cr_expect_eq(json_integer_value(json_object_get(j, "total")), 97);
	cr_expect_eq(json_integer_value(json_object_get(j, "limit")), 100);
	cr_expect_eq(json_integer_value(json_object_get(j, "offset")), 0);
	cr_assert_eq(json_array_size(items), 97);
	cr_expect_eq(json_integer_value(
	                     json_object_get(json_array_get(items, 0), "code")),
	             6);
	cr_expect_eq(json_integer_value(json_object_get(
	                     json_array_get(items, 96), "code")),
	             11033);
	json_decref(j);
	resp_free(r);
	/* an empty q is the same list */
	r = get("/codes?q=");
	j = body_json(r);
	cr_expect_eq(json_integer_value(json_object_get(j, "total")), 97);
	json_decref(j);
	resp_free(r);
}

Test(http, paging_with_link_headers)
{
	struct resp *r = get("/codes?limit=10&offset=20");
	json_t *j = body_json(r);
	char *link = header(r, "Link");

	cr_expect_eq(r->status, 200);
	cr_expect_eq(json_array_size(json_object_get(j, "items")), 10);
	cr_expect_eq(json_integer_value(json_object_get(j, "total")), 97);
	cr_expect_eq(json_integer_value(json_object_get(j, "offset")), 20);
	cr_expect_eq(json_integer_value(json_object_get(
	                     json_array_get(json_object_get(j, "items"), 0),
	                     "code")),
	             10043);
	cr_assert_not_null(link);
	cr_expect_str_eq(link, "</codes?limit=10&offset=30>; rel=\"next\", "
	                       "</codes?limit=10&offset=10>; rel=\"prev\"");
	free(link);
	json_decref(j);
	resp_free(r);

	r = get("/codes?q=connection&category=socket&format=json&limit=2&"
	        "offset=1");
	link = header(r, "Link");
	cr_assert_not_null(link);
	cr_expect_str_eq(link,
	                 "</codes?q=connection&category=socket&format=json&"
	                 "limit=2&offset=3>; rel=\"next\", "
	                 "</codes?q=connection&category=socket&format=json&"
	                 "limit=2&offset=0>; rel=\"prev\"");
	free(link);
	resp_free(r);

	/* the last page has no next; past the end is an empty page */
	r = get("/codes?limit=10&offset=90");
	link = header(r, "Link");
	cr_expect(link && !strstr(link, "next") && strstr(link, "prev"));
	free(link);
	resp_free(r);
	/* past the end, prev is the last page there is, not a page past it
	 * (the security review's finding 7) */
	r = get("/codes?category=qos&limit=1&offset=99999");
	link = header(r, "Link");
	cr_expect_not_null(link);
	cr_expect(link && strstr(link, "limit=1&offset=26>; rel=\"prev\""),
	          "%s", link);
	free(link);
	resp_free(r);
	r = get("/codes?offset=500");
	j = body_json(r);
	cr_expect_eq(json_array_size(json_object_get(j, "items")), 0);
	cr_expect_eq(json_integer_value(json_object_get(j, "total")), 97);
	json_decref(j);
	resp_free(r);
}

static unsigned first_code(const char *target, size_t *total)
{
	struct resp *r = get(target);
	json_t *j = body_json(r);
	unsigned code = (unsigned)json_integer_value(json_object_get(
	        json_array_get(json_object_get(j, "items"), 0), "code"));

	cr_expect_eq(r->status, 200, "%s", target);
	*total = (size_t)json_integer_value(json_object_get(j, "total"));
	json_decref(j);
	resp_free(r);
	return code;
}

Test(http, search_ranks_and_reads_log_lines)
{
	size_t total;
	struct resp *r;
	json_t *j;

	cr_expect_eq(first_code("/codes?q=connection+refused", &total), 10061);
	cr_expect_eq(total, 2, "10112's system message is refused too");
	/* Windows' own text, the way logs print it */
	cr_expect_eq(
	        first_code("/codes?q=dial+tcp+127.0.0.1%3A8080%3A+connectex"
	                   "%3A+No+connection+could+be+made+because+the+"
	                   "target+machine+actively+refused+it.",
	                   &total),
	        10061);
	cr_expect_eq(first_code("/codes?q=SocketErrorCode%3A+ConnectionReset",
	                        &total),
	             10054);
	cr_expect_eq(first_code("/codes?q=Socket%20error%20%2310057", &total),
	             10057);
	cr_expect_eq(first_code("/codes?q=conection%20refsued", &total), 10061);
	cr_expect_eq(first_code("/codes?q=econnrefused", &total), 10061);
	cr_expect_eq(first_code("/codes?q=SocketException%3A+Connection+reset+"
	                        "by+peer%3A+socket+write+error%3A+10054",
	                        &total),
	             10054);
	cr_expect_eq(first_code("/codes?q=host&category=resolver", &total),
	             11001);
	r = get("/codes?q=connection+reset");
	j = body_json(r);
	cr_expect_str_eq(json_string_value(json_object_get(j, "query")),
	                 "connection reset");
	json_decref(j);
	resp_free(r);
	r = get("/codes?q=zzzzzzzz");
	j = body_json(r);
	cr_expect_eq(r->status, 200);
	cr_expect_eq(json_integer_value(json_object_get(j, "total")), 0);
	json_decref(j);
	resp_free(r);
}

Test(http, category_filter)
{
	size_t total;
	struct resp *r;
	json_t *j;

	cr_expect_eq(first_code("/codes?category=qos", &total), 11005);
	cr_expect_eq(total, 27);
	cr_expect_eq(first_code("/codes?category=win32-io", &total), 6);
	cr_expect_eq(total, 6);
	r = get("/codes?category=bogus");
	j = expect_problem(r, 400, "urn:wsaerr:problem:bad-parameter");
	cr_expect_str_eq(json_string_value(json_object_get(j, "parameter")),
	                 "category");
	json_decref(j);
	resp_free(r);
}

Test(http, search_as_text)
{
	struct resp *r = get("/codes?q=connection+reset&format=text&limit=2");

	cr_expect_eq(r->status, 200);
	expect_hdr(r, "Content-Type", "text/plain; charset=utf-8");
	cr_expect_str_eq(
	        r->body,
	        "WSAECONNRESET (10054, 0x2746): Connection reset by peer.\n"
	        "WSAENETRESET (10052, 0x2744): Network dropped "
	        "connection on reset.\n");
	resp_free(r);
	r = get("/codes?q=zzzzzzzz&format=text");
	cr_expect_str_eq(r->body, "no codes match\n");
	resp_free(r);
}

Test(http, bad_parameters_are_400_naming_the_parameter)
{
	static const struct {
		const char *target, *parameter;
	} bad[] = {
	        {"/codes?limit=0", "limit"},
	        {"/codes?limit=1001", "limit"},
	        {"/codes?limit=abc", "limit"},
	        {"/codes?limit=-1", "limit"},
	        {"/codes?limit=", "limit"},
	        {"/codes?limit=1&limit=2", "limit"},
	        {"/codes?offset=x", "offset"},
	        {"/codes?offset=100001", "offset"},
	        {"/codes?format=xml", "format"},
	        {"/codes/10061?format=xml", "format"},
	        {"/codes?q=%FF", "q"},
	        {"/codes?q=a&q=b", "q"},
	        {"/codes?q=%21%21%21", "q"},
	        {"/codes?category=QOS", "category"},
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		struct resp *r = get(bad[i].target);
		json_t *j = expect_problem(r, 400,
		                           "urn:wsaerr:problem:bad-parameter");

		cr_expect_str_eq(
		        json_string_value(json_object_get(j, "parameter")),
		        bad[i].parameter, "%s", bad[i].target);
		json_decref(j);
		resp_free(r);
	}
}

Test(http, query_limits)
{
	static char target[4096] = "/codes?q=";
	struct resp *r;
	json_t *j;
	const char *q;

	/* 2000 bytes: not refused, its first 1024 searched, and said so */
	memcpy(target + 9, "connection+refused+", 19);
	memset(target + 28, 'a', 2000 - 19);
	target[9 + 2000] = '\0';
	r = get(target);
	cr_expect_eq(r->status, 200);
	j = body_json(r);
	cr_expect(json_is_true(json_object_get(j, "truncated")));
	q = json_string_value(json_object_get(j, "query"));
	cr_expect_eq(strlen(q), 1024, "the query as searched");
	cr_expect_eq(json_integer_value(json_object_get(
	                     json_array_get(json_object_get(j, "items"), 0),
	                     "code")),
	             10061);
	json_decref(j);
	resp_free(r);
	/* as text, a first line says so */
	memcpy(target + 9 + 2000, "&format=text", 13);
	r = get(target);
	cr_expect_eq(strncmp(r->body,
	                     "# the query was cut to its first 1024 bytes\n",
	                     44),
	             0, "%s", r->body);
	resp_free(r);
	/* 300 words: the first WSAERR_QUERY_MAX_WORDS (256) searched */
	for (int i = 0; i < 300; i++)
		memcpy(target + 9 + 3 * i, "ab+", 3);
	target[9 + 3 * 300] = '\0';
	r = get(target);
	cr_expect_eq(r->status, 200);
	j = body_json(r);
	cr_expect(json_is_true(json_object_get(j, "truncated")));
	json_decref(j);
	resp_free(r);
	/* and a short one is whole */
	r = get("/codes?q=connection+refused");
	j = body_json(r);
	cr_expect(json_is_false(json_object_get(j, "truncated")));
	json_decref(j);
	resp_free(r);
}

/* --- methods ------------------------------------------------------------ */

static const char *const all_routes[] = {
        "/codes/10061", "/codes",        "/livez", "/healthz",       "/readyz",
        "/metrics",     "/openapi.yaml", "/",      "/assets/app.js",
};

Test(http, head_is_get_without_body)
{
	for (size_t i = 0; i < sizeof(all_routes) / sizeof(*all_routes); i++) {
		struct resp *g = get(all_routes[i]);
		struct resp *h = req("HEAD", all_routes[i], NULL);
		char *ct_g = header(g, "Content-Type"),
		     *ct_h = header(h, "Content-Type");

		cr_expect_eq(h->status, 200, "%s", all_routes[i]);
		cr_expect_eq(h->len, 0);
		cr_expect_str_eq(ct_h, ct_g);
		expect_common_headers(h);
		free(ct_g);
		free(ct_h);
		resp_free(g);
		resp_free(h);
	}
}

Test(http, options_is_204_with_allow_and_cors)
{
	for (size_t i = 0; i < sizeof(all_routes) / sizeof(*all_routes); i++) {
		static const char *const pre[] = {
		        "Origin: https://dash.example",
		        "Access-Control-Request-Method: GET", NULL};
		struct resp *r = req("OPTIONS", all_routes[i], pre);

		cr_expect_eq(r->status, 204, "%s", all_routes[i]);
		cr_expect_eq(r->len, 0);
		expect_hdr(r, "Allow", "GET, HEAD, OPTIONS");
		expect_hdr(r, "Access-Control-Allow-Methods",
		           "GET, HEAD, OPTIONS");
		expect_hdr(r, "Access-Control-Allow-Headers",
		           "Accept, Accept-Encoding, If-None-Match");
		expect_hdr(r, "Access-Control-Max-Age", "86400");
		expect_hdr(r, "Vary",
		           "Accept, Accept-Encoding, "
		           "Access-Control-Request-Headers");
		expect_common_headers(r);
		resp_free(r);
	}
}

Test(http, other_methods_are_405_with_allow)
{
	static const char *const methods[] = {"POST",  "PUT",   "DELETE",
	                                      "PATCH", "TRACE", "BREW"};

	for (size_t i = 0; i < sizeof(all_routes) / sizeof(*all_routes); i++) {
		for (size_t m = 0; m < sizeof(methods) / sizeof(*methods);
		     m++) {
			struct resp *r = req(methods[m], all_routes[i], NULL);
			json_t *j = expect_problem(r, 405, "about:blank");

			expect_hdr(r, "Allow", "GET, HEAD, OPTIONS");
			json_decref(j);
			resp_free(r);
		}
	}
}

Test(http, unknown_route_is_404)
{
	static const char *const targets[] = {"/nope", "/codes2", "/CODES/1",
	                                      "/livez/"};

	for (size_t i = 0; i < sizeof(targets) / sizeof(*targets); i++) {
		struct resp *r = get(targets[i]);
		json_t *j = expect_problem(r, 404, "about:blank");

		json_decref(j);
		resp_free(r);
	}
	/* an error in text for a client that wants text */
	{
		static const char *const accept[] = {"Accept: text/plain",
		                                     NULL};
		struct resp *r = req("GET", "/nope", accept);

		cr_expect_eq(r->status, 404);
		expect_hdr(r, "Content-Type", "text/plain; charset=utf-8");
		cr_expect(matches(r->body, "^404 Not Found: "));
		resp_free(r);
	}
}

/* --- caching -------------------------------------------------------------- */

static void expect_conditional(const char *target)
{
	struct resp *r = get(target), *again;
	char *etag = header(r, "ETag"), *cc = header(r, "Cache-Control");
	char inm[128], weak[128], list[160];
	const char *h1[] = {inm, NULL}, *h2[] = {weak, NULL},
	           *h3[] = {list, NULL};
	const char *star[] = {"If-None-Match: *", NULL};
	const char *other[] = {"If-None-Match: \"0000000000000000\"", NULL};

	cr_assert_not_null(etag, "%s", target);
	snprintf(inm, sizeof(inm), "If-None-Match: %s", etag);
	snprintf(weak, sizeof(weak), "If-None-Match: W/%s", etag);
	snprintf(list, sizeof(list), "If-None-Match: \"1111111111111111\", %s",
	         etag);
	for (int k = 0; k < 4; k++) {
		const char *const *h = k == 0   ? h1
		                       : k == 1 ? h2
		                       : k == 2 ? h3
		                                : star;

		again = req("GET", target, h);
		cr_expect_eq(again->status, 304, "%s (%s)", target, h[0]);
		cr_expect_eq(again->len, 0);
		expect_hdr(again, "ETag", etag);
		expect_hdr(again, "Cache-Control", cc);
		expect_common_headers(again);
		resp_free(again);
	}
	again = req("GET", target, other);
	cr_expect_eq(again->status, 200);
	resp_free(again);
	free(etag);
	free(cc);
	resp_free(r);
}

Test(http, if_none_match_answers_304)
{
	expect_conditional("/codes/10061");
	expect_conditional("/codes/10061?format=text");
	expect_conditional("/codes");
	expect_conditional("/codes?q=reset");
	expect_conditional("/codes?category=qos&limit=5");
	expect_conditional("/openapi.yaml");
	expect_conditional("/");
	expect_conditional("/assets/app.css");
}

Test(http, etag_differs_between_representations)
{
	struct resp *a = get("/codes/10061"),
	            *b = get("/codes/10061?format=text");
	struct resp *c = get("/codes/10054");
	char *ea = header(a, "ETag"), *eb = header(b, "ETag"),
	     *ec = header(c, "ETag");

	cr_expect_str_neq(ea, eb);
	cr_expect_str_neq(ea, ec);
	free(ea);
	free(eb);
	free(ec);
	resp_free(a);
	resp_free(b);
	resp_free(c);
}

/* Inflates a gzip body. */
static char *gunzip(const struct resp *r, size_t *len)
{
	z_stream z = {0};
	size_t cap = 1 << 20;
	char *out = malloc(cap);

	cr_assert_not_null(out);
	cr_assert_eq(inflateInit2(&z, 15 + 16), Z_OK);
	z.next_in = (Bytef *)r->body;
	z.avail_in = (uInt)r->len;
	z.next_out = (Bytef *)out;
	z.avail_out = (uInt)cap;
	cr_assert_eq(inflate(&z, Z_FINISH), Z_STREAM_END);
	*len = z.total_out;
	inflateEnd(&z);
	return out;
}

Test(http, gzip_over_1_kib_with_its_own_etag)
{
	static const char *const targets[] = {
	        "/codes", "/codes?category=socket&limit=20", "/openapi.yaml"};

	for (size_t i = 0; i < sizeof(targets) / sizeof(*targets); i++) {
		struct resp *plain = get(targets[i]);
		struct resp *gz = req_gzip(targets[i], false);
		char *ep = header(plain, "ETag"), *eg = header(gz, "ETag");
		size_t n;
		char *body;

		cr_expect_eq(gz->status, 200);
		expect_hdr(gz, "Content-Encoding", "gzip");
		expect_hdr(gz, "Vary", "Accept, Accept-Encoding");
		cr_expect_null(header(plain, "Content-Encoding"));
		cr_expect_str_neq(ep, eg, "%s", targets[i]);
		cr_expect_lt(gz->len, plain->len);
		body = gunzip(gz, &n);
		cr_expect_eq(n, plain->len);
		cr_expect_eq(memcmp(body, plain->body, n), 0);
		free(body);
		free(ep);
		free(eg);
		resp_free(plain);
		resp_free(gz);
	}
	/* a code under 1 KiB is never gzipped */
	{
		struct resp *r = req_gzip("/codes/10004", false);

		cr_expect_null(header(r, "Content-Encoding"));
		resp_free(r);
	}
	/* gzip;q=0 refuses it */
	{
		static const char *const no[] = {"Accept-Encoding: gzip;q=0",
		                                 NULL};
		struct resp *r = req("GET", "/codes", no);

		cr_expect_null(header(r, "Content-Encoding"));
		resp_free(r);
	}
}

/* --- request framing ---------------------------------------------------------
 */

Test(http, bad_percent_escapes_and_nul_are_400)
{
	static const char *const bad[] = {
	        "/codes/100%0061", "/codes/%zz",   "/codes/10061%",
	        "/codes/%4",       "/codes?q=%00", "/codes?q=a%2",
	        "/livez?x=%00",    "/nope%00",     "/codes?%zz=1",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		expect_get_problem(bad[i], 400, "urn:wsaerr:problem:bad-uri");
}

static void expect_closed_400(const char *request, const char *why)
{
	struct resp *r = raw(request, strlen(request));
	char *conn = header(r, "Connection");

	cr_expect_eq(r->status, 400, "%s: %.80s", why, r->headers);
	cr_expect(conn && strcasecmp(conn, "close") == 0, "%s: closes", why);
	cr_expect_not_null(strstr(r->body, "urn:wsaerr:problem:bad-request"),
	                   "%s: %s", why, r->body);
	free(conn);
	resp_free(r);
}

Test(http, bodies_and_duplicate_headers_are_400_and_close)
{
	struct resp *r;

	expect_closed_400("GET /livez HTTP/1.1\r\nHost: a\r\nContent-Length: 5"
	                  "\r\n\r\nhello",
	                  "a body");
	expect_closed_400(
	        "GET /livez HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: "
	        "chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
	        "chunked");
	expect_closed_400("GET /livez HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
	                  "two Hosts");
	expect_closed_400("GET /codes/1 HTTP/1.1\r\nHost: a\r\nOrigin: "
	                  "https://a\r\nOrigin: https://b\r\n\r\n",
	                  "two Origins");
	expect_closed_400(
	        "GET /livez HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n"
	        "Content-Length: 0\r\n\r\n",
	        "two Content-Lengths");
	expect_closed_400("GET /livez HTTP/1.1\r\n\r\n", "no Host");
	/* curl sends a body with GET when told to */
	{
		static const char *const h[] = {"Content-Type: text/plain",
		                                NULL};

		r = req("POST", "/codes", h); /* no body: a 405, not a 400 */
		cr_expect_eq(r->status, 405);
		resp_free(r);
	}
	/* Content-Length: 0 is no body */
	{
		static const char zero[] = "GET /livez HTTP/1.1\r\nHost: a\r\n"
		                           "Content-Length: 0\r\n"
		                           "Connection: close\r\n\r\n";
		static const char v10[] = "GET /livez HTTP/1.0\r\n\r\n";

		r = raw(zero, strlen(zero));
		cr_expect_eq(r->status, 200);
		resp_free(r);
		/* HTTP/1.0 needs no Host */
		r = raw(v10, strlen(v10));
		cr_expect_eq(r->status, 200);
		resp_free(r);
	}
}

/*
 * Issue 23, 1 (the security review's finding 1): header fields a front end
 * could read as framing where this server did not. Each is one 400 that
 * closes the connection: the bytes after it are never served as a request
 * of their own.
 */
Test(http, loose_header_fields_are_400_and_close)
{
	static const struct {
		const char *request, *why;
	} cases[] = {
	        {"GET /codes/10061 HTTP/1.1\r\nHost: x\r\nContent-Length : "
	         "29\r\n\r\nGET /metrics HTTP/1.1\r\nX: y\r\n\r\nGET /livez "
	         "HTTP/1.1\r\nHost: x\r\n\r\n",
	         "a space before the colon"},
	        {"GET /livez HTTP/1.1\r\nHost: x\r\nContent-Length\t: 33\r\n\r\n"
	         "GET /codes/0 HTTP/1.1\r\nHost: y\r\n\r\n",
	         "a tab before the colon"},
	        {"GET /livez HTTP/1.1\r\nHost: x\r\nX: a\rContent-Length: "
	         "5\r\n\r\nGET /codes/1 HTTP/1.1\r\nHost: y\r\n\r\n",
	         "a bare CR in a value"},
	        {"GET /codes/10061 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : "
	         "chunked\r\n\r\n0\r\n\r\n",
	         "Transfer-Encoding with a space"},
	        {"GET /livez HTTP/1.1\r\nHost: x\r\nHost : y\r\n\r\n",
	         "a second Host, hidden"},
	        {"GET /livez HTTP/1.1\r\nHost: x\r\nX: a\001b\r\n\r\n",
	         "a control byte in a value"},
	        {"GET /livez HTTP/1.1\r\nHost: x\r\nX\001Y: b\r\n\r\n",
	         "a control byte in a name"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct resp *r =
		        raw(cases[i].request, strlen(cases[i].request));
		char *conn = header(r, "Connection");

		cr_expect_eq(r->status, 400, "%s", cases[i].why);
		cr_expect(conn && strcasecmp(conn, "close") == 0, "%s: closes",
		          cases[i].why);
		cr_expect_null(strstr(r->body, "HTTP/1."),
		               "%s: one answer, not two: %s", cases[i].why,
		               r->body);
		free(conn);
		resp_free(r);
	}
	/* a tab inside a value is allowed */
	{
		static const char tab[] =
		        "GET /livez HTTP/1.1\r\nHost: x\r\n"
		        "X: a\tb\r\nConnection: close\r\n\r\n";
		struct resp *r = raw(tab, strlen(tab));

		cr_expect_eq(r->status, 200);
		resp_free(r);
	}
}

/* 400, 414 and 431 come before routing: every route gives them. */
Test(http, framing_errors_on_every_route)
{
	char *big = big_header(), *pad = malloc(9200), target[128];
	const char *h[] = {big, NULL};

	cr_assert_not_null(pad);
	for (size_t i = 0; i < sizeof(all_routes) / sizeof(*all_routes); i++) {
		struct resp *r;
		json_t *j;
		size_t n;

		snprintf(target, sizeof(target), "%s?x=%%00", all_routes[i]);
		expect_get_problem(target, 400, "urn:wsaerr:problem:bad-uri");
		snprintf(pad, 9200, "%s?pad=", all_routes[i]);
		n = strlen(pad);
		memset(pad + n, 'a', 9000);
		pad[n + 9000] = '\0';
		expect_get_problem(pad, 414, "about:blank");
		r = req("GET", all_routes[i], h);
		j = expect_problem(r, 431, "about:blank");
		json_decref(j);
		resp_free(r);
	}
	/* a long path, not only a long query */
	memcpy(pad, "/codes/", 7);
	memset(pad + 7, '1', 9000);
	pad[9007] = '\0';
	expect_get_problem(pad, 414, "about:blank");
	free(big);
	free(pad);
}

/* --- operations
 * --------------------------------------------------------------- */

Test(http, livez_healthz_readyz)
{
	static const char *const paths[] = {"/livez", "/healthz", "/readyz"};
	static const char *const want[] = {"{\"status\":\"ok\"}",
	                                   "{\"status\":\"ok\"}",
	                                   "{\"status\":\"ready\"}"};

	for (size_t i = 0; i < 3; i++) {
		struct resp *r = get(paths[i]);

		cr_expect_eq(r->status, 200);
		expect_hdr(r, "Content-Type",
		           "application/json; charset=utf-8");
		expect_hdr(r, "Cache-Control", "no-store");
		expect_common_headers(r);
		cr_expect_str_eq(r->body, want[i]);
		resp_free(r);
	}
}

Test(http, metrics_in_prometheus_text_format)
{
	struct resp *r;

	resp_free(get("/codes/10061"));
	resp_free(get("/codes/10061"));
	resp_free(get("/codes/126"));
	resp_free(req("DELETE", "/codes", NULL));
	r = get("/metrics");
	cr_expect_eq(r->status, 200);
	expect_hdr(r, "Content-Type",
	           "text/plain; version=0.0.4; charset=utf-8");
	expect_hdr(r, "Cache-Control", "no-store");
	cr_expect_not_null(
	        strstr(r->body, "# TYPE http_requests_total counter\n"));
	cr_expect_not_null(strstr(r->body,
	                          "http_requests_total{method=\"GET\",route=\"/"
	                          "codes/{key}\",code=\"200\"} 2\n"),
	                   "%s", r->body);
	cr_expect_not_null(strstr(r->body,
	                          "http_requests_total{method=\"GET\",route=\"/"
	                          "codes/{key}\",code=\"404\"} 1\n"));
	cr_expect_not_null(
	        strstr(r->body, "http_requests_total{method=\"OTHER\",route=\"/"
	                        "codes\",code=\"405\"} 1\n"));
	cr_expect_not_null(strstr(r->body,
	                          "# TYPE http_request_duration_seconds "
	                          "histogram\n"));
	cr_expect_not_null(strstr(r->body,
	                          "http_request_duration_seconds_bucket{"
	                          "route=\"/codes/{key}\",le=\"+Inf\"} 3\n"));
	cr_expect_not_null(strstr(r->body,
	                          "http_request_duration_seconds_count{"
	                          "route=\"/codes/{key}\"} 3\n"));
	cr_expect_not_null(strstr(r->body, "http_request_duration_seconds_sum{"
	                                   "route=\"/codes/{key}\"} "));
	/* the metrics request itself is in flight */
	cr_expect_not_null(strstr(r->body, "\nhttp_requests_in_flight 1\n"));
	cr_expect(
	        matches(r->body,
	                "\nprocess_start_time_seconds [0-9]{10}\\.[0-9]{3}\n"));
	cr_expect_not_null(
	        strstr(r->body, "\nwsaerr_build_info{version=\"" WSAERR_VERSION
	                        "\"} 1\n"));
	resp_free(r);
}

Test(http, openapi_yaml_is_the_spec)
{
	struct resp *r = get("/openapi.yaml");
	FILE *f = fopen("../openapi.yaml", "rb");
	static char spec[1 << 18];
	size_t n;

	cr_assert_not_null(f);
	n = fread(spec, 1, sizeof(spec), f);
	fclose(f);
	cr_expect_eq(r->status, 200);
	expect_hdr(r, "Content-Type", "application/yaml; charset=utf-8");
	expect_hdr(r, "Cache-Control", "public, max-age=3600");
	expect_etag(r);
	cr_assert_eq(r->len, n);
	cr_expect_eq(memcmp(r->body, spec, n), 0);
	cr_expect_not_null(strstr(spec, "\n  version: " WSAERR_VERSION "\n"),
	                   "the spec's version is the server's");
	resp_free(r);
}

Test(http, index_lists_the_routes)
{
	struct resp *r = get("/");
	json_t *j = body_json(r);

	cr_expect_eq(r->status, 200);
	expect_hdr(r, "Content-Type", "application/json; charset=utf-8");
	cr_expect_str_eq(json_string_value(json_object_get(j, "service")),
	                 "wsaerr");
	cr_expect_str_eq(json_string_value(json_object_get(j, "version")),
	                 WSAERR_VERSION);
	cr_expect_eq(json_array_size(json_object_get(j, "routes")), 9);
	json_decref(j);
	resp_free(r);
}

Test(http, keep_alive_connections_are_reused)
{
	struct resp *a = req_keepalive("/livez"),
	            *b = req_keepalive("/codes/1006");

	cr_expect_eq(a->status, 200);
	cr_expect_eq(b->status, 404);
	cr_expect_null(header(a, "Connection"), "no close before a drain");
	resp_free(a);
	resp_free(b);
}

Test(http, keys_dotnet_and_the_headers_spell_and_other_error_spaces)
{
	size_t total;
	struct resp *r;
	json_t *j, *s;

	cr_expect_eq(first_code("/codes?q=EAGAIN", &total), 10035);
	r = get("/codes/ConnectionRefused");
	j = body_json(r);
	cr_expect_eq(r->status, 200);
	cr_expect_str_eq(json_string_value(json_object_get(j, "dotnet")),
	                 "ConnectionRefused");
	cr_expect_str_eq(
	        json_string_value(json_object_get(j, "system_message")),
	        "No connection could be made because the target machine "
	        "actively refused it.");
	json_decref(j);
	resp_free(r);
	r = get("/codes/SocketError.TimedOut");
	j = body_json(r);
	cr_expect_eq(json_integer_value(json_object_get(j, "code")), 10060);
	json_decref(j);
	resp_free(r);
	r = get("/codes/WSASYSALLFAILURE");
	j = body_json(r);
	cr_expect_str_eq(json_string_value(json_object_get(j, "name")),
	                 "WSASYSCALLFAILURE");
	json_decref(j);
	resp_free(r);
	/* a Linux errno is not a Winsock code, and says which one it is */
	r = get("/codes/111");
	j = expect_problem(r, 404, "urn:wsaerr:problem:unknown-code");
	cr_expect_str_eq(json_string_value(json_object_get(j, "detail")),
	                 "111 is not a Winsock code; Linux errno 111 is "
	                 "ECONNREFUSED, which Windows reports as "
	                 "WSAECONNREFUSED (10061)");
	s = json_object_get(j, "suggestions");
	cr_expect_eq(json_array_size(s), 1);
	cr_expect_eq(json_integer_value(
	                     json_object_get(json_array_get(s, 0), "code")),
	             10061);
	json_decref(j);
	resp_free(r);
}

Test(http, search_hits_say_how_they_were_found)
{
	struct resp *r = get("/codes?q=java.net.ConnectException%3A+Connection+"
	                     "refused%3A+connect");
	json_t *j = body_json(r), *first;

	first = json_array_get(json_object_get(j, "items"), 0);
	cr_expect_eq(json_integer_value(json_object_get(first, "code")), 10061);
	cr_expect(json_is_number(json_object_get(first, "score")));
	cr_expect_gt(json_number_value(json_object_get(first, "score")), 0);
	{
		json_t *m = json_object_get(first, "matched"), *v;
		size_t i;
		bool message = false;

		json_array_foreach(m, i, v)
		{
			message = message ||
			          strcmp(json_string_value(v), "message") == 0;
		}
		cr_expect(message, "\"Connection refused\" is the message");
	}
	json_decref(j);
	resp_free(r);
	/* a line that explains nothing finds nothing */
	r = get("/codes?q=hello+world");
	j = body_json(r);
	cr_expect_eq(r->status, 200);
	cr_expect_eq(json_integer_value(json_object_get(j, "total")), 0);
	json_decref(j);
	resp_free(r);
}

/* Issue 20: a neighbour's key answers its Winsock code with "via". */
Test(http, a_neighbour_key_answers_its_winsock_code_with_via)
{
	static const struct {
		const char *target, *space, *name;
		int code;
	} keys[] = {
	        {"/codes/ERROR_SEM_TIMEOUT", "win32", "ERROR_SEM_TIMEOUT",
	         10060},
	        {"/codes/0x80070040", "win32", "ERROR_NETNAME_DELETED", 10054},
	        {"/codes/0xC0000236", "ntstatus", "STATUS_CONNECTION_REFUSED",
	         10061},
	        {"/codes/0xD000020C", "ntstatus",
	         "STATUS_CONNECTION_DISCONNECTED", 10054},
	        {"/codes/NT_STATUS_IO_TIMEOUT", "ntstatus", "STATUS_IO_TIMEOUT",
	         10060},
	};

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		struct resp *r = get(keys[i].target);
		json_t *j = body_json(r), *via = json_object_get(j, "via");

		cr_expect_eq(r->status, 200, "%s", keys[i].target);
		expect_header(r, "Content-Type",
		              "application/json; charset=utf-8");
		cr_expect_eq(json_integer_value(json_object_get(j, "code")),
		             keys[i].code, "%s", keys[i].target);
		cr_assert_not_null(via, "%s", keys[i].target);
		cr_expect_str_eq(
		        json_string_value(json_object_get(via, "space")),
		        keys[i].space);
		cr_expect_str_eq(
		        json_string_value(json_object_get(via, "name")),
		        keys[i].name);
		cr_expect_not_null(
		        json_string_value(json_object_get(via, "basis")));
		cr_expect_not_null(
		        json_string_value(json_object_get(via, "confidence")));
		json_decref(j);
		resp_free(r);
	}
}

/* ... as text and as a page, saying so before the code. */
Test(http, a_neighbour_key_as_text_and_page_says_reported_as)
{
	static const char *const text[] = {"Accept: text/plain", NULL};
	static const char *const html[] = {"Accept: text/html", NULL};
	struct resp *r = req("GET", "/codes/ERROR_SEM_TIMEOUT", text);

	cr_expect_eq(r->status, 200);
	cr_expect_eq(
	        strncmp(r->body,
	                "Reported as ERROR_SEM_TIMEOUT (121, Win32 system "
	                "error): The semaphore timeout period has expired.",
	                86),
	        0, "%s", r->body);
	cr_expect_not_null(strstr(r->body, "WSAETIMEDOUT (10060"));
	resp_free(r);
	r = req("GET", "/codes/STATUS_CANCELLED", html);
	cr_expect_eq(r->status, 200);
	cr_expect_not_null(strstr(r->body, "<section class=\"via\""));
	cr_expect_not_null(strstr(r->body, "the sources disagree"),
	                   "a conflict is never shown as certain");
	resp_free(r);
}

/* A bare number is ambiguous: its readings, Win32 first. */
Test(http, a_bare_number_lists_its_interpretations_win32_first)
{
	struct resp *r = get("/codes/64");
	json_t *j = expect_problem(r, 404, "urn:wsaerr:problem:unknown-code");
	json_t *in = json_object_get(j, "interpretations"), *first, *last;

	cr_assert_geq(json_array_size(in), 2);
	first = json_array_get(in, 0);
	last = json_array_get(in, json_array_size(in) - 1);
	cr_expect_str_eq(json_string_value(json_object_get(first, "reading")),
	                 "win32");
	cr_expect_str_eq(json_string_value(json_object_get(first, "name")),
	                 "ERROR_NETNAME_DELETED");
	cr_expect_eq(json_integer_value(json_object_get(
	                     json_object_get(first, "winsock"), "code")),
	             10054);
	cr_expect_str_eq(json_string_value(json_object_get(last, "reading")),
	                 "bsd-errno");
	cr_expect_eq(json_integer_value(json_object_get(
	                     json_object_get(last, "winsock"), "code")),
	             10064);
	cr_expect_eq(strncmp(json_string_value(json_object_get(j, "detail")),
	                     "64 is not a Winsock code; Win32 error 64 is "
	                     "ERROR_NETNAME_DELETED",
	                     64),
	             0);
	json_decref(j);
	resp_free(r);
}

/* A neighbour with no Winsock equivalent: a 404 that describes it. */
Test(http, a_neighbour_without_equivalent_is_a_404_that_describes_it)
{
	struct resp *r = get("/codes/ERROR_BROKEN_PIPE");
	json_t *j = expect_problem(r, 404, "urn:wsaerr:problem:unknown-code");
	json_t *n = json_object_get(j, "neighbour");

	cr_assert_not_null(n);
	cr_expect_str_eq(json_string_value(json_object_get(n, "name")),
	                 "ERROR_BROKEN_PIPE");
	cr_expect(json_is_null(json_object_get(n, "winsock")));
	cr_expect_str_eq(json_string_value(json_object_get(n, "confidence")),
	                 "none");
	cr_expect_not_null(
	        strstr(json_string_value(json_object_get(j, "detail")),
	               "The pipe has been ended."));
	json_decref(j);
	resp_free(r);
}

/* A search hit found through a neighbour carries it. */
Test(http, a_search_hit_found_through_a_neighbour_carries_via)
{
	struct resp *r = get("/codes?q=OSError%3A+%5BWinError+121%5D+The+"
	                     "semaphore+timeout+period+has+expired");
	json_t *j = body_json(r), *first;

	cr_expect_eq(r->status, 200);
	first = json_array_get(json_object_get(j, "items"), 0);
	cr_assert_not_null(first);
	cr_expect_eq(json_integer_value(json_object_get(first, "code")), 10060);
	cr_expect_str_eq(json_string_value(json_object_get(
	                         json_object_get(first, "via"), "name")),
	                 "ERROR_SEM_TIMEOUT");
	json_decref(j);
	resp_free(r);
	r = get("/codes?q=wsarecv%3A+The+specified+network+name+is+no+longer+"
	        "available.");
	j = body_json(r);
	first = json_array_get(json_object_get(j, "items"), 0);
	cr_expect_eq(json_integer_value(json_object_get(first, "code")), 10054,
	             "not WSAESTALE");
	cr_expect_str_eq(json_string_value(json_object_get(
	                         json_object_get(first, "via"), "name")),
	                 "ERROR_NETNAME_DELETED");
	json_decref(j);
	resp_free(r);
}
