/* Ranked search: matching, order, pasted log lines, typos, paging, limits. */
#include "cases.h"
#include "search.h"

#include <criterion/criterion.h>
#include <string.h>

static struct wsaerr_search_result r;

static enum wsaerr_search_status run(const char *q, size_t offset, size_t limit,
                                     int category)
{
	struct wsaerr_search_opts o = {offset, limit, category};

	return wsaerr_search(wsaerr_table_default(), q, strlen(q), &o, &r);
}

static unsigned at(size_t i)
{
	cr_assert_lt(i, r.count, "hit %zu of %zu", i, r.count);
	return r.hits[i].code->value;
}

static bool has(unsigned value)
{
	for (size_t i = 0; i < r.count; i++) {
		if (r.hits[i].code->value == value)
			return true;
	}
	return false;
}

Test(search, every_word_must_match_at_a_word_start)
{
	cr_assert_eq(run("connection refused", 0, 100, -1), WSAERR_SEARCH_OK);
	cr_expect_eq(r.total, 1);
	cr_expect_eq(at(0), 10061);
	cr_expect_eq(r.hits[0].match, WSAERR_MATCH_MESSAGE);
	cr_expect(!r.hits[0].fuzzy);

	run("refus", 0, 100, -1);
	cr_expect_eq(r.total, 2);
	cr_expect_eq(at(0), 10061);
	cr_expect_eq(at(1), 10112);

	/* inside a word is no prefix match: only a typo match, one edit away */
	run("efused", 0, 100, -1);
	for (size_t i = 0; i < r.count; i++)
		cr_expect(r.hits[i].fuzzy);
	run("xqefusedq", 0, 100, -1);
	cr_expect_eq(r.total, 0);
	run("CONNECTION REFUSED", 0, 100, -1);
	cr_expect_eq(r.total, 1);
}

Test(search, names_before_messages_before_descriptions)
{
	size_t i;

	run("reset", 0, 100, -1);
	cr_assert_geq(r.total, 3);
	/* WSAECONNRESET and WSAENETRESET say "reset" in the message; others
	 * only in the description */
	cr_expect_eq(at(0), 10052);
	cr_expect_eq(at(1), 10054);
	for (i = 2; i < r.count; i++)
		cr_expect_eq(r.hits[i].match, WSAERR_MATCH_DESCRIPTION);

	run("qos", 0, 100, -1);
	cr_expect_eq(r.hits[0].match, WSAERR_MATCH_NAME);
	cr_expect_eq(at(0), 11005); /* ties by value */
	for (i = 1; i < r.count; i++) {
		if (r.hits[i].match == r.hits[i - 1].match)
			cr_expect_lt(r.hits[i - 1].code->value,
			             r.hits[i].code->value);
		else
			cr_expect_lt(r.hits[i - 1].match, r.hits[i].match);
	}
}

Test(search, a_query_that_is_a_key_comes_first)
{
	run("10061", 0, 100, -1);
	cr_expect_eq(r.total, 1);
	cr_expect_eq(at(0), 10061);
	cr_expect_eq(r.hits[0].match, WSAERR_MATCH_KEY);

	run("econnrefused", 0, 100, -1);
	cr_expect_eq(at(0), 10061);
	run("0x2746", 0, 100, -1);
	cr_expect_eq(at(0), 10054);
	run("274D", 0, 100, -1); /* bare hex as the whole query */
	cr_expect_eq(at(0), 10061);
	run("-2147014835", 0, 100, -1);
	cr_expect_eq(at(0), 10061);
	run("ERROR_IO_PENDING", 0, 100, -1);
	cr_expect_eq(at(0), 997);
}

Test(search, pasted_log_lines_rank_the_code_they_name)
{
	run("Socket error #10057", 0, 100, -1);
	cr_expect_eq(at(0), 10057);
	cr_expect_eq(r.hits[0].match, WSAERR_MATCH_KEY);

	run("SocketException: Connection reset by peer: socket write error: "
	    "10054: recv failed",
	    0, 100, -1);
	cr_expect_eq(r.total, 1);
	cr_expect_eq(at(0), 10054);

	run("WSAGetLastError() = 10035", 0, 100, -1);
	cr_expect_eq(r.total, 1);
	cr_expect_eq(at(0), 10035);

	run("connect failed: WSAECONNREFUSED", 0, 100, -1);
	cr_expect_eq(at(0), 10061);

	/* two codes named: both first, the one the other words match ahead */
	run("#10057 #10061: connection refused", 0, 100, -1);
	cr_expect_eq(at(0), 10061);
	cr_expect_eq(at(1), 10057);
	/* "sometimes" matches neither: then by value */
	run("Socket Error #10061 (sometimes 10057) Connection refused", 0, 100,
	    -1);
	cr_expect_eq(r.total, 2);
	cr_expect_eq(at(0), 10057);
	cr_expect_eq(at(1), 10061);

	run("hresult 0x80072746 from send", 0, 100, -1);
	cr_expect_eq(at(0), 10054);
	run("failed with -2147014835 again", 0, 100, -1);
	cr_expect_eq(at(0), 10061);
}

Test(search, short_numbers_and_bare_hex_in_text_are_not_keys)
{
	/* "at line 8" must not pull in WSA_NOT_ENOUGH_MEMORY (8) */
	run("refused at line 8", 0, 100, -1);
	cr_expect(!has(8));
	/* "bad" is hex (0xBAD) but a word in a longer query */
	run("bad address", 0, 100, -1);
	cr_expect_eq(at(0), 10014);
	cr_expect_eq(r.total, 1);
	/* a decimal number that is not a code is just a word */
	run("Unrecognized Windows Sockets error: 126", 0, 100, -1);
	cr_expect_eq(r.total, 0);
}

Test(search, typos_match_below_exact_hits)
{
	run("conection", 0, 100, -1);
	cr_assert_gt(r.total, 0);
	cr_expect(r.hits[0].fuzzy);
	run("refsued", 0, 100, -1);
	cr_expect_eq(at(0), 10061);
	cr_expect(r.hits[0].fuzzy);
	run("conection refsued", 0, 100, -1);
	cr_expect_eq(at(0), 10061);
	/* an exact word keeps the code above one matched through a typo */
	run("timeout", 0, 100, -1);
	cr_expect(has(10060));
	/* short words are never fuzzy */
	run("abx", 0, 100, -1);
	cr_expect_eq(r.total, 0);
	run("zzzzzzzz", 0, 100, -1);
	cr_expect_eq(r.total, 0);
}

Test(search, paging_and_total)
{
	size_t total;
	unsigned all[WSAERR_MAX_CODES];

	run("socket", 0, WSAERR_MAX_CODES, -1);
	total = r.total;
	cr_assert_gt(total, 10);
	cr_expect_eq(r.count, total);
	for (size_t i = 0; i < total; i++)
		all[i] = at(i);
	run("socket", 5, 3, -1);
	cr_expect_eq(r.total, total);
	cr_expect_eq(r.count, 3);
	for (size_t i = 0; i < 3; i++)
		cr_expect_eq(at(i), all[5 + i]);
	run("socket", total - 1, 10, -1);
	cr_expect_eq(r.count, 1);
	run("socket", total + 5, 10, -1);
	cr_expect_eq(r.count, 0);
	cr_expect_eq(r.total, total);
	run("socket", 0, 0, -1);
	cr_expect_eq(r.count, 0);
	cr_expect_eq(r.total, total);
	/* the same query twice gives the same order */
	run("socket", 0, WSAERR_MAX_CODES, -1);
	for (size_t i = 0; i < total; i++)
		cr_expect_eq(at(i), all[i]);
}

Test(search, category_filter)
{
	run("qos", 0, 100, WSAERR_CAT_QOS);
	cr_expect_eq(r.total, 27);
	run("host", 0, 100, WSAERR_CAT_RESOLVER);
	for (size_t i = 0; i < r.count; i++)
		cr_expect_eq(r.hits[i].code->category, WSAERR_CAT_RESOLVER);
	cr_expect(has(11001));
	cr_expect(!has(10064));
}

Test(search, no_options_means_everything)
{
	cr_assert_eq(wsaerr_search(wsaerr_table_default(), "qos", 3, NULL, &r),
	             WSAERR_SEARCH_OK);
	cr_expect_eq(r.count, r.total);
}

Test(search, refusals)
{
	char big[300];
	char words[200];

	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	cr_expect_eq(run(big, 0, 10, -1), WSAERR_SEARCH_TOO_LONG);
	cr_expect_eq(r.count, 0);
	big[256] = '\0';
	cr_expect_eq(run(big, 0, 10, -1), WSAERR_SEARCH_OK); /* 256: allowed */
	for (size_t i = 0; i < 33; i++) {
		words[2 * i] = 'a';
		words[2 * i + 1] = ' ';
	}
	words[66] = '\0';
	cr_expect_eq(run(words, 0, 10, -1), WSAERR_SEARCH_TOO_MANY_WORDS);
	words[64] = '\0'; /* 32 words */
	cr_expect_eq(run(words, 0, 10, -1), WSAERR_SEARCH_OK);
	cr_expect_eq(run("caf\xC3", 0, 10, -1), WSAERR_SEARCH_BAD_TEXT);
	cr_expect_eq(run("\xC0\xAF", 0, 10, -1), WSAERR_SEARCH_BAD_TEXT);
	cr_expect_eq(wsaerr_search(wsaerr_table_default(), "a\0b", 3, NULL, &r),
	             WSAERR_SEARCH_BAD_TEXT);
	cr_expect_eq(run("", 0, 10, -1), WSAERR_SEARCH_EMPTY);
	cr_expect_eq(run(" -- !! ", 0, 10, -1), WSAERR_SEARCH_EMPTY);
	cr_expect_eq(run("caf\xC3\xA9 reset", 0, 10, -1), WSAERR_SEARCH_OK);
	for (int st = WSAERR_SEARCH_OK; st <= WSAERR_SEARCH_BAD_TEXT; st++)
		cr_expect_gt(strlen(wsaerr_search_status_message(st)), 1);
	cr_expect_str_eq(wsaerr_match_name(WSAERR_MATCH_DESCRIPTION),
	                 "description");
}

/* The code a query must put first: one test per query. */
struct rank_case {
	char query[CASE_TEXT_MAX];
	unsigned first;
};

static struct rank_case ranks[] = {
        {"connection refused", 10061},
        {"CONNECTION REFUSED", 10061},
        {"refus", 10061},
        {"reset", 10052},
        {"10061", 10061},
        {"econnrefused", 10061},
        {"0x2746", 10054},
        {"274D", 10061},
        {"-2147014835", 10061},
        {"ERROR_IO_PENDING", 997},
        {"Socket error #10057", 10057},
        {"SocketException: Connection reset by peer: socket write error: "
         "10054: recv failed",
         10054},
        {"WSAGetLastError() = 10035", 10035},
        {"connect failed: WSAECONNREFUSED", 10061},
        {"#10057 #10061: connection refused", 10061},
        {"hresult 0x80072746 from send", 10054},
        {"failed with -2147014835 again", 10061},
        {"bad address", 10014},
        {"refsued", 10061},
        {"conection refsued", 10061},
};

static const char *rank_case_name(const void *c)
{
	return ((const struct rank_case *)c)->query;
}

ParameterizedTestParameters(search, ranks_first)
{
	size_t n = cases_select(ranks, sizeof(ranks) / sizeof(ranks[0]),
	                        sizeof(ranks[0]), rank_case_name);

	return cr_make_param_array(struct rank_case, ranks, n);
}

ParameterizedTest(struct rank_case *c, search, ranks_first)
{
	cr_assert_eq(run(c->query, 0, 10, -1), WSAERR_SEARCH_OK, "'%s'",
	             c->query);
	cr_assert_gt(r.count, 0, "'%s': no hit", c->query);
	cr_expect_eq(r.hits[0].code->value, c->first, "'%s': %s first, want %u",
	             c->query, r.hits[0].code->name, c->first);
}
