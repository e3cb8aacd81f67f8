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
	cr_expect_eq(u.n_segments, 2);
	cr_expect_str_eq(u.segments[0].text, "codes");
	cr_expect_str_eq(u.segments[1].text, "WSA x");
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
	cr_expect_str_eq(u.segments[0].text, "a+b",
	                 "'+' is a space only in the query");
	cr_assert_eq(parse("/x?q=1&q=2"), URI_OK);
	uri_param(&u, "q", &count);
	cr_expect_eq(count, 2);
	cr_assert_eq(parse("/x#frag"), URI_OK);
	cr_expect_str_eq(u.segments[0].text, "x");
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
	cr_expect_eq(parse("**"), URI_NOT_ORIGIN_FORM);
	cr_expect_eq(parse("ftp://x/y"), URI_NOT_ORIGIN_FORM);
	cr_expect_eq(parse("http:///y"), URI_NOT_ORIGIN_FORM, "no authority");
	cr_expect_eq(parse("codes/1"), URI_NOT_ORIGIN_FORM);
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

Test(uri, segments_split_before_decoding)
{
	cr_assert_eq(parse("/codes%2F10061"), URI_OK);
	cr_expect_eq(u.n_segments, 1, "an encoded slash is no separator");
	cr_expect_str_eq(u.segments[0].text, "codes/10061");
	cr_assert_eq(parse("/codes/a%2fb"), URI_OK);
	cr_expect_eq(u.n_segments, 2);
	cr_expect_str_eq(u.segments[1].text, "a/b");
	cr_assert_eq(parse("/"), URI_OK);
	cr_expect_eq(u.n_segments, 1);
	cr_expect_str_eq(u.segments[0].text, "");
	cr_assert_eq(parse("/codes/"), URI_OK);
	cr_expect_eq(u.n_segments, 2);
	cr_expect_eq(u.segments[1].len, 0);
	cr_assert_eq(parse("//"), URI_OK);
	cr_expect_eq(u.n_segments, 2);
	cr_assert_eq(parse("/1/2/3/4/5/6/7/8"), URI_OK);
	cr_expect_eq(u.n_segments, 8);
	cr_assert_eq(parse("/1/2/3/4/5/6/7/8/9/10"), URI_OK);
	cr_expect_eq(u.n_segments, URI_MAX_SEGMENTS + 1, "deeper than kept");
	cr_expect_eq(parse("/1/2/3/4/5/6/7/8/9/%zz"), URI_BAD_ESCAPE,
	             "every segment is checked");
}

Test(uri, absolute_and_asterisk_forms)
{
	cr_assert_eq(parse("http://localhost:8080/codes/10061?q=x"), URI_OK);
	cr_expect_eq(u.n_segments, 2);
	cr_expect_str_eq(u.segments[1].text, "10061");
	cr_expect_eq(u.n_params, 1);
	cr_assert_eq(parse("HTTPS://example.org"), URI_OK);
	cr_expect_eq(u.n_segments, 1, "no path is /");
	cr_expect_eq(u.segments[0].len, 0);
	cr_assert_eq(parse("http://h?q=a"), URI_OK);
	cr_expect_eq(u.n_params, 1);
	cr_assert_eq(parse("*"), URI_OK);
	cr_expect(u.asterisk);
	cr_expect_eq(u.n_segments, 0);
}
