/* server/routes and server/cache: dispatch, handlers, parameters and
 * negotiation, with no socket: a target in, a struct reply out. */
#include "bodies.h"
#include "metrics.h"
#include "cases.h"
#include "http.h"
#include "logscan.h"
#include "routes.h"

#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static struct reps reps;
static struct metrics metrics;
static struct reply r;

static void setup(void)
{
	cr_assert(reps_init(&reps, wsaerr_table_default()));
	metrics_init(&metrics, "test", wsaerr_table_default());
}

static void teardown(void)
{
	reply_release(&r);
	reps_release(&reps);
}

TestSuite(routes, .init = setup, .fini = teardown);
TestSuite(cache, .init = setup, .fini = teardown);

/* Dispatches `method target` (Accept preferring text when `text`). */
static unsigned go(enum method method, const char *target, bool text,
                   enum route *route)
{
	struct exchange x = {.table = wsaerr_table_default(),
	                     .reps = &reps,
	                     .metrics = &metrics,
	                     .method = method,
	                     .target = target,
	                     .target_len = strlen(target),
	                     .text = text};
	unsigned st;

	reply_release(&r);
	st = routes_dispatch(&x, &r);
	cr_expect_eq(st, r.status, "the status returned is the reply's");
	if (route)
		*route = x.route;
	return st;
}

static unsigned get(const char *target)
{
	return go(METHOD_GET, target, false, NULL);
}

/* The reply's body as JSON (a built body, or the entity's JSON). */
static json_t *body_json(void)
{
	json_error_t err;
	const char *body = r.entity ? r.entity->rep[0][0].body : r.body;
	size_t len = r.entity ? r.entity->rep[0][0].len : r.len;
	json_t *j = json_loadb(body, len, 0, &err);

	cr_assert_not_null(j, "%s", err.text);
	return j;
}

Test(routes, the_one_list_gives_labels_and_allow)
{
	cr_expect_str_eq(route_label(ROUTE_CODE), "/codes/{key}");
	cr_expect_str_eq(route_label(ROUTE_CODES), "/codes");
	cr_expect_str_eq(route_label(ROUTE_NONE), "unmatched");
	cr_expect_str_eq(route_allow(ROUTE_METRICS), "GET, HEAD, OPTIONS");
	cr_expect_null(route_description(ROUTE_INDEX), "/ is not in its index");
	cr_expect_eq(method_of("GET"), METHOD_GET);
	cr_expect_eq(method_of("OPTIONS"), METHOD_OPTIONS);
	cr_expect_eq(method_of("get"), METHOD_OTHER,
	             "methods are case-sensitive");
	cr_expect_str_eq(method_label(METHOD_OTHER), "OTHER");
}

/* A path and the route it finds. */
struct path_case {
	char target[CASE_TEXT_MAX];
	enum route route;
};

static struct path_case paths[] = {
        {"/codes/10061", ROUTE_CODE},     {"/codes/", ROUTE_CODE},
        {"/codes", ROUTE_CODES},          {"/codes?q=x", ROUTE_CODES},
        {"/livez", ROUTE_LIVEZ},          {"/healthz", ROUTE_HEALTHZ},
        {"/readyz", ROUTE_READYZ},        {"/metrics", ROUTE_METRICS},
        {"/openapi.yaml", ROUTE_OPENAPI}, {"/", ROUTE_INDEX},
        {"/codes/1/2", ROUTE_NONE},       {"/code", ROUTE_NONE},
        {"/livez/", ROUTE_NONE},          {"//", ROUTE_NONE},
};

static const char *path_name(const void *c)
{
	return ((const struct path_case *)c)->target;
}

ParameterizedTestParameters(routes, each_path_finds_its_route)
{
	size_t n = cases_select(paths, sizeof(paths) / sizeof(paths[0]),
	                        sizeof(paths[0]), path_name);

	return cr_make_param_array(struct path_case, paths, n);
}

ParameterizedTest(struct path_case *c, routes, each_path_finds_its_route)
{
	enum route route;

	go(METHOD_GET, c->target, false, &route);
	cr_expect_eq(route, c->route, "%s: route %d", c->target, (int)route);
}

Test(routes, a_code_is_its_cached_entity)
{
	cr_expect_eq(get("/codes/0x274D"), 200);
	cr_expect_eq(r.entity,
	             reps_code(&reps, wsaerr_table_by_value(
	                                      wsaerr_table_default(), 10061)));
	cr_expect(!r.text);
	cr_expect_str_eq(r.cache_control, CC_CODES);
	go(METHOD_GET, "/codes/10061", true, NULL);
	cr_expect(r.text, "Accept asked for text");
	get("/codes/10061?format=text");
	cr_expect(r.text, "?format=text");
	go(METHOD_GET, "/codes/10061?format=json", true, NULL);
	cr_expect(!r.text, "?format wins over Accept");
}

Test(routes, unknown_and_malformed_keys)
{
	json_t *j;

	cr_expect_eq(get("/codes/126"), 404);
	cr_expect_str_eq(r.content_type, CT_PROBLEM);
	j = body_json();
	cr_expect_not_null(
	        strstr(json_string_value(json_object_get(j, "detail")),
	               "below 10000"));
	json_decref(j);
	cr_expect_eq(get("/codes/WSAECONNREFUSEDD"), 404);
	j = body_json();
	cr_expect_eq(
	        json_integer_value(json_object_get(
	                json_array_get(json_object_get(j, "suggestions"), 0),
	                "code")),
	        10061, "the near match is suggested");
	json_decref(j);
	cr_expect_eq(get("/codes/10061abc"), 400);
	cr_expect(!r.close, "a bad key is no reason to close");
	cr_expect_eq(get("/codes/%FF"), 400);
	cr_expect_eq(go(METHOD_GET, "/codes/126", true, NULL), 404);
	cr_expect_str_eq(r.content_type, CT_TEXT);
}

Test(routes, parameters_are_checked)
{
	json_t *j;

	cr_expect_eq(get("/codes?limit=0"), 400);
	j = body_json();
	cr_expect_str_eq(json_string_value(json_object_get(j, "parameter")),
	                 "limit");
	cr_expect_str_eq(json_string_value(json_object_get(j, "detail")),
	                 "limit must be a whole number from 1 to 1000");
	json_decref(j);
	cr_expect_eq(get("/codes?limit=1001"), 400);
	cr_expect_eq(get("/codes?limit=99999999999999999999999"), 400);
	cr_expect_eq(get("/codes?limit=+5"), 400);
	cr_expect_eq(get("/codes?offset=-1"), 400);
	cr_expect_eq(get("/codes?q=a&q=b"), 400);
	cr_expect_eq(get("/codes?format=xml"), 400);
	cr_expect_eq(get("/livez?format=text&format=json"), 400);
	cr_expect_eq(get("/codes?category=nope"), 400);
	j = body_json();
	cr_expect_str_eq(json_string_value(json_object_get(j, "detail")),
	                 "category must be one of win32-io, socket, startup, "
	                 "provider, resolver, qos");
	json_decref(j);
}

Test(routes, the_default_list_is_cached_and_pages_link)
{
	cr_expect_eq(get("/codes"), 200);
	cr_expect_eq(r.entity, &reps.list);
	cr_expect_eq(get("/codes?category=qos&limit=2&offset=2"), 200);
	cr_expect_null(r.entity);
	cr_expect_str_eq(
	        r.link, "</codes?category=qos&limit=2&offset=4>; rel=\"next\", "
	                "</codes?category=qos&limit=2&offset=0>; rel=\"prev\"");
	cr_expect_eq(get("/codes?q=connection%20refused&format=text"), 200);
	cr_expect_str_eq(r.content_type, CT_TEXT);
	cr_expect_eq(strncmp(r.body, "WSAECONNREFUSED (10061", 22), 0, "%s",
	             r.body);
	cr_expect_eq(get("/codes?q=zzzzzzzz"), 200,
	             "no match is an empty page, not an error");
	cr_expect_not_null(strstr(r.body, "\"total\":0,"), "%s", r.body);
}

Test(routes, methods_and_options)
{
	cr_expect_eq(go(METHOD_OPTIONS, "/codes/10061", false, NULL), 204);
	cr_expect_str_eq(r.allow, "GET, HEAD, OPTIONS");
	cr_expect_str_eq(r.allow_headers,
	                 "Accept, Accept-Encoding, If-None-Match");
	cr_expect_null(r.body);
	cr_expect_eq(go(METHOD_OTHER, "/codes/10061", false, NULL), 405);
	cr_expect_str_eq(r.allow, "GET, HEAD, OPTIONS");
	cr_expect_eq(go(METHOD_HEAD, "/livez", false, NULL), 200);
	cr_expect_eq(go(METHOD_OPTIONS, "/nope", false, NULL), 404);
}

Test(routes, bad_targets)
{
	cr_expect_eq(get("/a%00"), 400);
	cr_expect_eq(get("/a%zz"), 400);
	cr_expect_eq(get("*"), 400);
}

Test(routes, operational_routes)
{
	json_t *j;

	cr_expect_eq(get("/readyz"), 200);
	j = body_json();
	cr_expect_str_eq(json_string_value(json_object_get(j, "status")),
	                 "ready");
	json_decref(j);
	cr_expect_str_eq(r.cache_control, CC_NONE);
	cr_expect_eq(get("/metrics"), 200);
	cr_expect_str_eq(r.content_type, CT_METRICS);
	cr_expect_not_null(
	        strstr(r.body, "wsaerr_build_info{version=\"test\"}"));
	cr_expect_eq(get("/openapi.yaml"), 200);
	cr_expect_eq(r.entity, &reps.openapi);
	cr_expect_eq(go(METHOD_GET, "/", true, NULL), 200);
	cr_expect(!r.text, "the index has JSON only");
}

Test(routes, not_ready_while_draining)
{
	struct exchange x = {.table = wsaerr_table_default(),
	                     .reps = &reps,
	                     .metrics = &metrics,
	                     .draining = true,
	                     .method = METHOD_GET,
	                     .target = "/readyz",
	                     .target_len = 7};

	cr_expect_eq(routes_dispatch(&x, &r), 503);
}

Test(cache, every_code_in_json_and_text)
{
	const struct wsaerr_table *t = wsaerr_table_default();

	for (size_t i = 0; i < t->n_codes; i++) {
		const struct entity *e = reps_code(&reps, &t->codes[i]);

		cr_expect_not_null(e->rep[0][0].body, "%u JSON",
		                   t->codes[i].value);
		cr_expect_not_null(e->rep[1][0].body, "%u text",
		                   t->codes[i].value);
		cr_expect_str_neq(e->rep[0][0].etag, e->rep[1][0].etag);
		cr_expect_eq(e->rep[0][1].body != NULL,
		             e->rep[0][0].len > GZIP_MIN,
		             "%u: gzipped exactly when over GZIP_MIN",
		             t->codes[i].value);
	}
}

Test(cache, pick_falls_back_to_json_and_plain)
{
	const struct entity *list = &reps.list;

	cr_assert_not_null(list->rep[0][1].body, "the list is gzipped");
	cr_expect_eq(entity_pick(list, false, true), &list->rep[0][1]);
	cr_expect_eq(entity_pick(list, true, false), &list->rep[1][0]);
	cr_expect_eq(entity_pick(&reps.index, true, false),
	             &reps.index.rep[0][0], "no text form: JSON");
	cr_expect(list->rep[0][1].gzipped);
	cr_expect_str_eq(list->rep[0][0].content_type, CT_JSON);
	cr_expect_str_eq(reps.openapi.rep[0][0].content_type, CT_YAML);
}

Test(cache, index_lists_the_routes)
{
	json_error_t err;
	json_t *j = json_loadb(reps.index.rep[0][0].body,
	                       reps.index.rep[0][0].len, 0, &err);
	json_t *routes = json_object_get(j, "routes");

	cr_assert_not_null(j, "%s", err.text);
	cr_expect_eq(json_array_size(routes), ROUTE_INDEX,
	             "every route but / itself");
	cr_expect_str_eq(json_string_value(json_object_get(
	                         json_array_get(routes, 0), "path")),
	                 "/codes/{key}");
	json_decref(j);
}

static bool count_rep(struct rep *rep, const struct entity *e, void *cls)
{
	(void)e;
	cr_expect_not_null(rep->body);
	++*(size_t *)cls;
	return true;
}

Test(cache, each_visits_every_representation)
{
	size_t n = 0;

	cr_expect(reps_each(&reps, count_rep, &n));
	/* each code: JSON and text; the list: both, gzipped; spec and index */
	cr_expect_geq(n, 2 * wsaerr_table_default()->n_codes + 4 + 2);
}

/* --- POST /scan without the transport (logscan.h) ----------------------- */

/* A scan accepted for `head`, or NULL with r holding the refusal. */
static struct logscan *scan_open(struct scan_gate *gate,
                                 const struct body_head *head,
                                 const char *target)
{
	struct exchange x = {.table = wsaerr_table_default(),
	                     .reps = &reps,
	                     .metrics = &metrics,
	                     .method = METHOD_POST,
	                     .target = target,
	                     .target_len = strlen(target),
	                     .body = head,
	                     .scans = gate};

	reply_release(&r);
	cr_expect_eq(routes_dispatch(&x, &r), x.scan ? 0u : r.status);
	return x.scan;
}

/*
 * A gzip body inflating to exactly two of logscan's 64 KiB pieces, cut in
 * two at every byte of its last 64 (inside its trailer too): wherever the
 * body's last piece begins, every inflated byte is scanned and the stream
 * is seen to end, not taken for one cut short.
 */
Test(routes, scan_inflates_every_byte_wherever_the_body_is_cut)
{
	static char log[128 * 1024];
	unsigned char *gz;
	struct scan_gate gate = {.max_bytes = 1 << 20, .concurrency = 1};
	struct body_head head = {.content_type = "text/plain",
	                         .content_encoding = "gzip"};
	size_t n;

	for (size_t i = 0; i < sizeof(log); i++) /* 128-byte lines */
		log[i] = i % 128 == 127 ? '\n' : (char)('a' + i % 26);
	memcpy(log, "WSAECONNRESET", 13);
	gz = http_gzip(log, sizeof(log), &n); /* as the server gzips */
	cr_assert_not_null(gz);
	for (size_t cut = n - 64; cut <= n; cut++) {
		struct logscan *j = scan_open(&gate, &head, "/scan?limit=0");
		json_t *b;

		cr_assert_not_null(j, "%u %s", r.status, r.body);
		cr_assert(logscan_feed(j, gz, cut));
		if (cut < n)
			cr_assert(logscan_feed(j, gz + cut, n - cut));
		reply_release(&r);
		cr_expect_eq(logscan_finish(j, &metrics, &r), 200,
		             "cut at %zu of %zu: %s", cut, n, r.body);
		logscan_free(j);
		b = body_json();
		cr_expect_eq(json_integer_value(json_object_get(b, "bytes")),
		             (json_int_t)sizeof(log), "cut at %zu", cut);
		cr_expect_eq(json_integer_value(json_object_get(b, "lines")),
		             1024);
		json_decref(b);
	}
	cr_expect_eq(atomic_load(&gate.active), 0, "every slot given back");
	free(gz);
}

/* The head's checks: each refusal before any body, and the slot count. */
Test(routes, scan_refusals_at_the_head)
{
	struct scan_gate gate = {.max_bytes = 100, .concurrency = 1};
	struct body_head plain = {.content_type = "Text/Plain; charset=utf-16"},
	                 form = {.content_type =
	                                 "application/x-www-form-urlencoded"},
	                 br = {.content_encoding = "br"}, big = {.length = 101};
	struct logscan *held;

	cr_expect_null(scan_open(&gate, &form, "/scan"));
	cr_expect_eq(r.status, 415);
	cr_expect_null(scan_open(&gate, &br, "/scan"));
	cr_expect_eq(r.status, 415);
	cr_expect_null(scan_open(&gate, &big, "/scan"));
	cr_expect_eq(r.status, 413);
	cr_expect_null(scan_open(&gate, &plain, "/scan?limit=10001"));
	cr_expect_eq(r.status, 400);
	held = scan_open(&gate, &plain, "/scan");
	cr_assert_not_null(held, "a media type's case and charset are free");
	cr_expect_null(scan_open(&gate, &plain, "/scan"));
	cr_expect_eq(r.status, 503);
	cr_expect_str_eq(r.retry_after, "2");
	logscan_free(held);
	cr_expect_eq(atomic_load(&gate.active), 0);
}
