/* server/uri: strict parsing of the raw request target, and encoding. */
#include "uri.h"

#include <criterion/criterion.h>
#include <string.h>

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
