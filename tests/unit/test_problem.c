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
