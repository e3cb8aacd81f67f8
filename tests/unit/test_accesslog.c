/* server/accesslog: escaping what clients send, and whole lines. */
#include "accesslog.h"

#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

Test(accesslog, escape_json)
{
	char out[64];

	accesslog_escape_json("a\"b\\c\n", 6, out, sizeof(out));
	cr_expect_str_eq(out, "a\\\"b\\\\c\\u000a");
	accesslog_escape_json("caf\xC3\xA9", 5, out, sizeof(out));
	cr_expect_str_eq(out, "caf\xC3\xA9", "valid UTF-8 is kept");
	accesslog_escape_json("\xFF"
	                      "a\xC3\xA9",
	                      4, out, sizeof(out));
	cr_expect_str_eq(out, "\\u00ffa\\u00c3\\u00a9",
	                 "invalid: every high byte");
	cr_expect_eq(accesslog_escape_json("\"\"\"", 3, out, 5), 4,
	             "cut at a whole escape");
	cr_expect_str_eq(out, "\\\"\\\"");
	cr_expect_eq(accesslog_escape_json("\xC3\xA9\xC3\xA9", 4, out, 4), 2,
	             "never splits a character");
}

/* Writes one entry through a pipe and reads the line back. */
static void line_of(enum accesslog_format format, const struct access_entry *e,
                    char *buf, size_t size)
{
	int fds[2];
	ssize_t n;

	cr_assert_eq(pipe(fds), 0);
	accesslog_write(fds[1], format, e);
	close(fds[1]);
	n = read(fds[0], buf, size - 1);
	close(fds[0]);
	buf[n < 0 ? 0 : n] = '\0';
}

Test(accesslog, json_line_is_one_valid_object)
{
	struct access_entry e = {.method = "GET",
	                         .route = "/codes/{key}",
	                         .target = "/codes/\xFF\"x",
	                         .target_len = 10,
	                         .status = 404,
	                         .bytes = 123,
	                         .duration_ns = 1500000,
	                         .remote = "127.0.0.1",
	                         .request_id = "00000000000000ab"};
	char line[4096];
	json_t *j;
	json_error_t err;

	line_of(ACCESSLOG_JSON, &e, line, sizeof(line));
	cr_expect_eq(strchr(line, '\n'), line + strlen(line) - 1,
	             "one line, ended");
	j = json_loads(line, 0, &err);
	cr_assert_not_null(j, "%s: %s", line, err.text);
	cr_expect_str_eq(json_string_value(json_object_get(j, "target")),
	                 "/codes/\xC3\xBF\"x",
	                 "an invalid byte comes back as U+00FF, not raw");
	cr_expect_eq(json_integer_value(json_object_get(j, "status")), 404);
	cr_expect_eq(json_integer_value(json_object_get(j, "bytes")), 123);
	cr_expect_str_eq(json_string_value(json_object_get(j, "route")),
	                 "/codes/{key}");
	cr_expect_str_eq(json_string_value(json_object_get(j, "request_id")),
	                 "00000000000000ab");
	json_decref(j);

	line_of(ACCESSLOG_TEXT, &e, line, sizeof(line));
	cr_expect_not_null(strstr(line, " GET /codes/\\u00ff\\\"x 404 123B "),
	                   "%s", line);
	line_of(ACCESSLOG_OFF, &e, line, sizeof(line));
	cr_expect_str_eq(line, "");
}
