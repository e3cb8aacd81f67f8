/* The server's pure parts: URI parsing, header logic, configuration, log
 * escaping, problem bodies. No sockets here. */
#include "../../server/accesslog.h"
#include "../../server/config.h"
#include "../../server/http.h"
#include "../../server/problem.h"
#include "../../server/uri.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static struct uri u;

static enum uri_status parse(const char *s)
{
	return uri_parse(s, strlen(s), &u);
}

Test(uri, decodes_path_and_query_strictly)
{
	int count;

	cr_assert_eq(parse("/codes/%57SA%20x?q=a+b%2Bc&limit=5&flag&&x="),
	             URI_OK);
	cr_expect_str_eq(u.path, "/codes/WSA x");
	cr_expect_eq(u.n_params, 4);
	cr_expect_str_eq(u.params[0].key, "q");
	cr_expect_str_eq(u.params[0].value, "a b+c");
	cr_expect_str_eq(u.params[2].key, "flag");
	cr_expect_str_eq(u.params[2].value, "");
	cr_expect_eq(uri_param(&u, "limit", &count), 1);
	cr_expect_eq(count, 1);
	cr_expect_eq(uri_param(&u, "none", &count), -1);
	cr_expect_eq(count, 0);
	cr_assert_eq(parse("/a+b"), URI_OK);
	cr_expect_str_eq(u.path, "/a+b", "'+' is a space only in the query");
	cr_assert_eq(parse("/x?q=1&q=2"), URI_OK);
	uri_param(&u, "q", &count);
	cr_expect_eq(count, 2);
	cr_assert_eq(parse("/x#frag"), URI_OK);
	cr_expect_str_eq(u.path, "/x");
}

Test(uri, refuses_what_libmicrohttpd_lets_through)
{
	char big[URI_MAX + 2];

	cr_expect_eq(parse("/a%00b"), URI_NUL);
	cr_expect_eq(parse("/a?q=%00"), URI_NUL);
	cr_expect_eq(parse("/a%zz"), URI_BAD_ESCAPE);
	cr_expect_eq(parse("/a%"), URI_BAD_ESCAPE);
	cr_expect_eq(parse("/a%4"), URI_BAD_ESCAPE);
	cr_expect_eq(parse("/a?%g1=2"), URI_BAD_ESCAPE);
	cr_expect_eq(parse("*"), URI_NOT_ORIGIN_FORM);
	cr_expect_eq(parse("http://x/y"), URI_NOT_ORIGIN_FORM);
	cr_expect_eq(parse(""), URI_NOT_ORIGIN_FORM);
	cr_expect_eq(parse("/?a&b&c&d&e&f&g&h&i&j&k&l&m&n&o&p&q"),
	             URI_TOO_MANY_PARAMS);
	memset(big, 'a', sizeof(big));
	big[0] = '/';
	cr_expect_eq(uri_parse(big, URI_MAX + 1, &u), URI_TOO_LONG);
	cr_expect_eq(uri_parse(big, URI_MAX, &u), URI_OK);
	cr_expect_gt(strlen(uri_status_message(URI_NUL)), 5);
}

Test(uri, encode)
{
	char out[64];

	cr_expect_eq(uri_encode("a b/&é~", 8, out, sizeof(out)), 18);
	cr_expect_str_eq(out, "a%20b%2F%26%C3%A9~");
	cr_expect_eq(uri_encode("abcdef", 6, out, 6), 0, "does not fit");
}

Test(http_headers, accept)
{
	cr_expect(!http_prefers_text(NULL));
	cr_expect(!http_prefers_text(""));
	cr_expect(!http_prefers_text("*/*"));
	cr_expect(http_prefers_text("text/plain"));
	cr_expect(http_prefers_text("TEXT/PLAIN; charset=utf-8"));
	cr_expect(http_prefers_text("text/*"));
	cr_expect(!http_prefers_text("application/json, text/plain"));
	cr_expect(http_prefers_text("application/json;q=0.5, text/plain"));
	cr_expect(!http_prefers_text("text/plain;q=0.2, */*;q=0.8"));
	cr_expect(!http_prefers_text("text/plain;q=0"));
	cr_expect(!http_prefers_text(
	        "text/html, application/xhtml+xml, */*;q=0.8"));
	cr_expect(!http_prefers_text("text/plain;q=bogus"));
}

Test(http_headers, accept_encoding)
{
	cr_expect(!http_accepts_gzip(NULL));
	cr_expect(http_accepts_gzip("gzip"));
	cr_expect(http_accepts_gzip("deflate, gzip;q=0.5, br"));
	cr_expect(!http_accepts_gzip("gzip;q=0"));
	cr_expect(!http_accepts_gzip("gzip;q=0.000"));
	cr_expect(http_accepts_gzip("*"));
	cr_expect(!http_accepts_gzip("*, gzip;q=0"));
	cr_expect(!http_accepts_gzip("br, deflate"));
	cr_expect(!http_accepts_gzip("identity"));
}

Test(http_headers, if_none_match)
{
	const char *e = "\"0123456789abcdef\"";

	cr_expect(http_etag_matches("\"0123456789abcdef\"", e));
	cr_expect(http_etag_matches("W/\"0123456789abcdef\"", e));
	cr_expect(http_etag_matches("\"x\", \"0123456789abcdef\"", e));
	cr_expect(http_etag_matches("*", e));
	cr_expect(!http_etag_matches("\"0123456789abcde\"", e));
	cr_expect(!http_etag_matches("0123456789abcdef", e));
	cr_expect(!http_etag_matches("\"0123456789abcdef", e));
	cr_expect(!http_etag_matches("", e));
	cr_expect(!http_etag_matches(NULL, e));
}

Test(http_headers, etag_and_gzip)
{
	char a[HTTP_ETAG_SIZE], b[HTTP_ETAG_SIZE];
	static char text[4096];
	unsigned char *gz, back[4096];
	size_t n;
	uLongf back_len = sizeof(back);
	z_stream z = {0};

	http_etag("hello", 5, a);
	http_etag("hellp", 5, b);
	cr_expect_eq(strlen(a), 18);
	cr_expect_str_neq(a, b);
	memset(text, 'x', sizeof(text));
	gz = http_gzip(text, sizeof(text), &n);
	cr_assert_not_null(gz);
	cr_expect_lt(n, 100);
	cr_expect_eq(gz[0], 0x1f, "a gzip header");
	cr_expect_eq(gz[1], 0x8b);
	cr_assert_eq(inflateInit2(&z, 15 + 16), Z_OK);
	z.next_in = gz;
	z.avail_in = (uInt)n;
	z.next_out = back;
	z.avail_out = (uInt)back_len;
	cr_expect_eq(inflate(&z, Z_FINISH), Z_STREAM_END);
	cr_expect_eq(z.total_out, sizeof(text));
	inflateEnd(&z);
	free(gz);
}

static const char *fake_env(const char *name)
{
	if (strcmp(name, "WSAERR_PORT") == 0)
		return "9000";
	if (strcmp(name, "WSAERR_THREADS") == 0)
		return "3";
	return NULL;
}

static const char *no_env(const char *name)
{
	(void)name;
	return NULL;
}

Test(config, defaults_environment_and_flags)
{
	struct server_config c;
	char err[200];
	const char *argv[] = {"wsaerrd",
	                      "--port",
	                      "7000",
	                      "--bind=::1",
	                      "--log-format",
	                      "text",
	                      "--per-ip-limit",
	                      "4",
	                      NULL};

	config_defaults(&c);
	cr_expect_eq(c.port, 8080);
	cr_expect_eq(c.timeout, 15);
	cr_expect_eq(c.drain_seconds, 10);
	cr_expect_eq(c.max_connections, 1024);
	cr_expect_geq(c.threads, 1);
	cr_expect_eq(c.log_format, ACCESSLOG_JSON);
	cr_assert_eq(config_parse(&c, 8, argv, fake_env, err, sizeof(err)),
	             CONFIG_OK, "%s", err);
	cr_expect_eq(c.port, 7000, "the flag wins");
	cr_expect_eq(c.threads, 3, "from the environment");
	cr_expect_str_eq(c.bind, "::1");
	cr_expect_eq(c.log_format, ACCESSLOG_TEXT);
	cr_expect_eq(c.per_ip_limit, 4);
}

Test(config, errors_and_requests)
{
	struct server_config c;
	char err[200];
	const char *help[] = {"wsaerrd", "--help", NULL};
	const char *version[] = {"wsaerrd", "--version", NULL};
	const char *bad[] = {"wsaerrd", "--timeout", "0", NULL};
	const char *big[] = {"wsaerrd", "--port", "99999999999999999999", NULL};

	config_defaults(&c);
	cr_expect_eq(config_parse(&c, 2, help, no_env, err, sizeof(err)),
	             CONFIG_HELP);
	cr_expect_eq(config_parse(&c, 2, version, no_env, err, sizeof(err)),
	             CONFIG_VERSION);
	cr_expect_eq(config_parse(&c, 3, bad, no_env, err, sizeof(err)),
	             CONFIG_ERROR);
	cr_expect_str_eq(err, "--timeout: '0' is not a number from 1 to 3600");
	cr_expect_eq(config_parse(&c, 3, big, no_env, err, sizeof(err)),
	             CONFIG_ERROR);
	cr_expect_not_null(strstr(config_usage, "WSAERR_DRAIN_SECONDS"));
}

Test(accesslog, accesslog_escape_json)
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
