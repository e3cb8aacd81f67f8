/* server/problem: every error body, as JSON and as text. */
#include "problem.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

Test(problem, bodies)
{
	size_t len;
	char *b =
	        problem_body(PROBLEM_UNKNOWN_CODE, "no such code",
	                     json_pack("{s:[{s:i,s:s}]}", "suggestions", "code",
	                               10061, "name", "WSAECONNREFUSED"),
	                     false, &len);

	cr_assert_not_null(b);
	cr_expect_str_eq(
	        b, "{\"type\":\"urn:wsaerr:problem:unknown-code\","
	           "\"title\":\"Unknown error code\",\"status\":404,"
	           "\"detail\":\"no such code\",\"suggestions\":[{\"code\":"
	           "10061,\"name\":\"WSAECONNREFUSED\"}]}");
	cr_expect_eq(len, strlen(b));
	free(b);
	b = problem_body(PROBLEM_UNKNOWN_CODE, "no such code",
	                 json_pack("{s:[{s:i,s:s}]}", "suggestions", "code",
	                           10061, "name", "WSAECONNREFUSED"),
	                 true, &len);
	cr_expect_str_eq(b, "404 Unknown error code: no such code\n"
	                    "did you mean WSAECONNREFUSED (10061)?\n");
	free(b);
	cr_expect_eq(problem_status(PROBLEM_HEADERS_TOO_LARGE), 431);
	cr_expect_eq(problem_status(PROBLEM_NOT_READY), 503);
}

Test(problem, closing_is_a_column_of_the_table)
{
	cr_expect(problem_closes(PROBLEM_BAD_REQUEST));
	cr_expect(problem_closes(PROBLEM_URI_TOO_LONG));
	cr_expect(problem_closes(PROBLEM_HEADERS_TOO_LARGE));
	cr_expect(!problem_closes(PROBLEM_BAD_KEY));
	cr_expect(!problem_closes(PROBLEM_UNKNOWN_CODE));
	cr_expect(!problem_closes(PROBLEM_NOT_READY));
}

/* What the JSON body was before it was written by hand: jansson's dump of
 * the four members with extra's added. */
static char *reference(enum problem p, const char *type, const char *detail,
                       json_t *extra)
{
	json_t *j = json_pack("{s:s, s:s, s:i, s:s}", "type", type, "title",
	                      problem_title(p), "status",
	                      (int)problem_status(p), "detail", detail);
	char *s;

	if (!j) {
		json_decref(extra);
		return NULL;
	}
	if (extra && json_object_update_new(j, extra) != 0) {
		json_decref(j);
		return NULL;
	}
	s = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
	json_decref(j);
	return s;
}

static json_t *extra_of(size_t k)
{
	switch (k) {
	case 1:
		return json_pack("{s:s}", "parameter", "limit");
	case 2:
		return json_pack("{s:[{s:i,s:s},{s:i,s:s}]}", "suggestions",
		                 "code", 10061, "name", "WSAECONNREFUSED",
		                 "code", 10054, "name", "WSAECONNRESET");
	case 3:
		return json_object();
	case 4:
		return json_pack("{s:s, s:i}", "parameter", "q\"\\\n\xC3\xA9",
		                 "n", -3);
	}
	return NULL;
}

/* Every problem, with details that need escaping and extras of each kind:
 * byte for byte what jansson writes. */
Test(problem, json_bodies_are_what_jansson_writes)
{
	static const char *const types[] = {
#define TYPE_X(e, status, type, title, close) type,
	        PROBLEMS(TYPE_X)
#undef TYPE_X
	};
	static const char *const details[] = {
	        "",
	        "the key is not UTF-8",
	        "quote \" backslash \\ slash / newline \n tab \t bell \x07 "
	        "del \x7f",
	        "\xC3\xA9 \xE2\x80\x94 \xE6\x97\xA5 \xF0\x9F\x98\x80",
	        "</script><b>x</b>",
	};

	for (size_t p = 0; p < sizeof(types) / sizeof(types[0]); p++) {
		for (size_t d = 0; d < sizeof(details) / sizeof(details[0]);
		     d++) {
			for (size_t k = 0; k < 5; k++) {
				size_t len = 7;
				char *want =
				        reference((enum problem)p, types[p],
				                  details[d], extra_of(k));
				char *got = problem_body(
				        (enum problem)p, details[d],
				        extra_of(k), false, &len);

				cr_assert_not_null(want);
				cr_assert_not_null(got, "%zu %zu %zu", p, d, k);
				cr_expect_str_eq(got, want, "%zu %zu %zu", p, d,
				                 k);
				cr_expect_eq(len, strlen(want));
				free(want);
				free(got);
			}
		}
	}
}

/* What jansson refused, or what would replace one of the four members, is
 * refused: NULL, and extra is freed (the run under valgrind says so). */
Test(problem, a_body_that_cannot_be_written_is_null)
{
	size_t len;

	cr_expect_null(
	        problem_body(PROBLEM_BAD_KEY, "\xC3", NULL, false, &len));
	cr_expect_null(problem_body(PROBLEM_BAD_KEY, "\xFF",
	                            json_pack("{s:s}", "parameter", "q"), false,
	                            &len));
	cr_expect_null(problem_body(PROBLEM_BAD_KEY, "x",
	                            json_pack("{s:i}", "status", 200), false,
	                            &len));
	cr_expect_null(
	        problem_body(PROBLEM_BAD_KEY, "x", json_array(), false, &len));
}
