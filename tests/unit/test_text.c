/* The byte-level helpers: UTF-8, words, compare, edit distance. */
#include "text.h"

#include <criterion/criterion.h>
#include <string.h>

static bool utf8(const char *s)
{
	return wsaerr_utf8_valid(s, strlen(s));
}

Test(text, utf8_validation)
{
	cr_expect(utf8(""));
	cr_expect(utf8("plain"));
	cr_expect(utf8("\xE2\x80\x94"));      /* em dash */
	cr_expect(utf8("\xF0\x9F\x98\x80"));  /* U+1F600 */
	cr_expect(!utf8("\x80"));             /* lone continuation */
	cr_expect(!utf8("\xC3"));             /* cut short */
	cr_expect(!utf8("\xC0\xAF"));         /* overlong */
	cr_expect(!utf8("\xE0\x80\xAF"));     /* overlong */
	cr_expect(!utf8("\xED\xA0\x80"));     /* surrogate */
	cr_expect(!utf8("\xF4\x90\x80\x80")); /* above U+10FFFF */
	cr_expect(!utf8("\xFF"));
}

Test(text, words)
{
	const char *s = "  WSA_IO_PENDING, (997)--x ";
	size_t pos = 0, start, len, n = 0;
	const char *want[] = {"WSA_IO_PENDING", "997", "x"};

	while (wsaerr_next_word(s, strlen(s), &pos, &start, &len)) {
		cr_assert_lt(n, 3);
		cr_expect_eq(len, strlen(want[n]));
		cr_expect_eq(memcmp(s + start, want[n], len), 0);
		n++;
	}
	cr_expect_eq(n, 3);
}

Test(text, compare_and_prefix)
{
	cr_expect_eq(wsaerr_casecmp("abc", 3, "ABC", 3), 0);
	cr_expect_lt(wsaerr_casecmp("ab", 2, "abc", 3), 0);
	cr_expect_gt(wsaerr_casecmp("b", 1, "ABC", 3), 0);
	cr_expect(wsaerr_has_prefix("Refused", 7, "REFUS", 5));
	cr_expect(!wsaerr_has_prefix("ref", 3, "refus", 5));
}

/* The NUL-terminated compare gives the sign the counted one gives, for
 * prefixes either way, case, bytes above ASCII and a NUL inside b. */
Test(text, compare_with_a_terminated_string)
{
	static const char *const a[] = {"",         "a",    "ab",
	                                "abc",      "ABD",  "abcd",
	                                "b",        "WSAE", "wsaeconnreset",
	                                "\xC3\xA9", "_"};
	static const char *const b[] = {
	        "",          "a",     "AB",  "abc",  "abd",
	        "abcd",      "abcde", "B",   "wsae", "WSAECONNRESET",
	        "\xC3\xA9t", "a\0b",  "ab\0"};
	static const size_t blen[] = {0, 1, 2, 3, 3, 4, 5, 1, 4, 13, 3, 3, 3};

	for (size_t i = 0; i < sizeof(a) / sizeof(*a); i++) {
		for (size_t j = 0; j < sizeof(b) / sizeof(*b); j++) {
			int want = wsaerr_casecmp(a[i], strlen(a[i]), b[j],
			                          blen[j]);
			int got = wsaerr_casecmp_str(a[i], b[j], blen[j]);

			cr_expect_eq((got > 0) - (got < 0),
			             (want > 0) - (want < 0), "%s ~ b[%zu]",
			             a[i], j);
		}
	}
}

Test(text, edit_distance)
{
	cr_expect_eq(wsaerr_edit_distance("refused", 7, "refused", 7, 2), 0);
	cr_expect_eq(wsaerr_edit_distance("refsued", 7, "refused", 7, 2), 1);
	cr_expect_eq(wsaerr_edit_distance("conection", 9, "connection", 10, 2),
	             1);
	cr_expect_eq(wsaerr_edit_distance("kitten", 6, "sitting", 7, 5), 3);
	cr_expect_eq(wsaerr_edit_distance("kitten", 6, "sitting", 7, 2), 3,
	             "stops at max + 1");
	cr_expect_eq(wsaerr_edit_distance("a", 1, "abcdef", 6, 2), 3);
	cr_expect_eq(wsaerr_edit_distance("ABC", 3, "abd", 3, 2), 1);
}

/* The bound is never above the distance, for every pair of a word set that
 * holds typos of each kind. */
Test(text, edit_lower_bound_never_exceeds_the_distance)
{
	static const char *const w[] = {"refused",
	                                "refsued",
	                                "refuse",
	                                "rfused",
	                                "connection",
	                                "conection",
	                                "timeout",
	                                "etimedout",
	                                "timed",
	                                "a",
	                                "",
	                                "WSA_QOS",
	                                "wsa_qos",
	                                "0x274d",
	                                "10061",
	                                "10016",
	                                "abcdefghijklmnopqrstuvwxyz",
	                                "zyxwvutsrqponmlkjihgfedcba"};
	size_t n = sizeof(w) / sizeof(*w);

	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < n; j++) {
			size_t a = strlen(w[i]), b = strlen(w[j]);
			unsigned d = wsaerr_edit_distance(w[i], a, w[j], b, 60);
			unsigned lb = wsaerr_edit_lower_bound(w[i], a, w[j], b);
			struct wsaerr_bag bag;

			cr_expect_leq(lb, d, "%s ~ %s: bound %u, distance %u",
			              w[i], w[j], lb, d);
			/* from a bag counted once: the very same bound */
			wsaerr_bag_of(&bag, w[i], a);
			cr_expect_eq(wsaerr_bag_lower_bound(&bag, w[j], b), lb,
			             "%s ~ %s", w[i], w[j]);
			/* the masks' bound is weaker, and a bound too */
			cr_expect_leq(wsaerr_mask_lower_bound(
			                      wsaerr_bag_mask(w[i], a),
			                      wsaerr_bag_mask(w[j], b)),
			              d, "%s ~ %s: mask bound", w[i], w[j]);
		}
	}
	cr_expect_eq(wsaerr_bag_mask("aA_z9-", 6),
	             1u | 1u << 25 | UINT64_C(1) << 35 | UINT64_C(1) << 36 |
	                     UINT64_C(1) << 37,
	             "a-z any case, 0-9, '_', the rest");
	cr_expect_eq(wsaerr_mask_lower_bound(wsaerr_bag_mask("abc", 3),
	                                     wsaerr_bag_mask("xyz", 3)),
	             3);
	cr_expect_eq(wsaerr_mask_lower_bound(wsaerr_bag_mask("abcd", 4),
	                                     wsaerr_bag_mask("ab", 2)),
	             2);
	cr_expect_eq(wsaerr_mask_lower_bound(wsaerr_bag_mask("refused", 7),
	                                     wsaerr_bag_mask("refsued", 7)),
	             0);
	cr_expect_eq(wsaerr_edit_lower_bound("refused", 7, "refsued", 7), 0);
	cr_expect_eq(wsaerr_edit_lower_bound("abc", 3, "xyz", 3), 3);
	cr_expect_eq(wsaerr_edit_lower_bound("abc", 3, "ab", 2), 1);
}

Test(text, parse_decimal)
{
	unsigned long v = 7;

	cr_expect(wsaerr_parse_decimal("0", 1, 10, &v));
	cr_expect_eq(v, 0);
	cr_expect(wsaerr_parse_decimal("010", 3, 10, &v), "leading zeros");
	cr_expect_eq(v, 10);
	cr_expect(!wsaerr_parse_decimal("11", 2, 10, &v), "over max");
	cr_expect_eq(v, 10, "left alone on failure");
	cr_expect(!wsaerr_parse_decimal("", 0, 10, &v));
	cr_expect(!wsaerr_parse_decimal("+1", 2, 10, &v));
	cr_expect(!wsaerr_parse_decimal("-1", 2, 10, &v));
	cr_expect(!wsaerr_parse_decimal("1 ", 2, 10, &v));
	cr_expect(!wsaerr_parse_decimal("99999999999999999999999", 23,
	                                (unsigned long)-1, &v),
	          "no wrap past the type");
	cr_expect(wsaerr_parse_decimal("18446744073709551615", 20,
	                               (unsigned long)-1, &v));
	cr_expect_eq(v, (unsigned long)-1);
	cr_expect(wsaerr_parse_decimal("123abc", 3, 1000, &v),
	          "only the length given is read");
	cr_expect_eq(v, 123);
}

Test(text, put_uint_in_decimal)
{
	char buf[32];

	*wsaerr_put_uint(buf, 0, 1) = '\0';
	cr_expect_str_eq(buf, "0");
	*wsaerr_put_uint(buf, 10061, 1) = '\0';
	cr_expect_str_eq(buf, "10061");
	*wsaerr_put_uint(buf, 7, 3) = '\0';
	cr_expect_str_eq(buf, "007", "zeros in front");
	*wsaerr_put_uint(buf, 1234, 3) = '\0';
	cr_expect_str_eq(buf, "1234", "never cut");
	*wsaerr_put_uint(buf, UINT64_MAX, 1) = '\0';
	cr_expect_str_eq(buf, "18446744073709551615");
}
