/* Ranked search: each rule of search.h, paging, limits, and the code a
 * query must put first. */
#include "cases.h"
#include "search.h"

#include <criterion/criterion.h>
#include <string.h>

static struct wsaerr_search_result r;

static enum wsaerr_search_status run(const char *q, size_t offset, size_t limit,
                                     int category)
{
	struct wsaerr_search_opts o = {offset, limit, category, false};

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

/* The score of code `value` for query q, 0 when it is no hit. */
static double score_of(const char *q, unsigned value)
{
	cr_assert_eq(run(q, 0, WSAERR_MAX_CODES, -1), WSAERR_SEARCH_OK);
	for (size_t i = 0; i < r.count; i++) {
		if (r.hits[i].code->value == value)
			return r.hits[i].score;
	}
	return 0;
}

Test(search, words_no_code_has_are_ignored)
{
	/* words no code has (a class name, a host) neither count nor sink it */
	run("java.net.ConnectException: Connection refused: connect to "
	    "db01.corp.example",
	    0, 10, -1);
	cr_expect_eq(at(0), 10061);
	cr_expect(!r.hits[0].fuzzy);
}

Test(search, rarer_words_count_more)
{
	/* "refused" is in 2 codes, "socket" in most: the rare word decides */
	run("socket refused", 0, 10, -1);
	cr_expect_eq(at(0), 10061);
	cr_expect_gt(score_of("refused", 10061), score_of("socket", 10038));
}

Test(search, names_and_messages_weigh_more_than_descriptions)
{
	/* "reset" is the message of 10052 and 10054, and in descriptions of
	 * others: the messages come first */
	run("reset", 0, 10, -1);
	cr_assert_geq(r.count, 2);
	cr_expect(r.hits[0].fields & WSAERR_FIELD_MESSAGE);
	cr_expect(r.hits[1].fields & WSAERR_FIELD_MESSAGE);
	cr_expect(has(10052) && has(10054));
	for (size_t i = 2; i < r.count; i++)
		cr_expect_lt(r.hits[i].score, r.hits[1].score);
}

Test(search, a_run_of_words_in_order_counts_more)
{
	/* the same two words: in the order of 10054's message, then not */
	cr_expect_gt(score_of("connection reset", 10054),
	             score_of("reset connection", 10054));
	/* 10054's message has them side by side; 10052's has "on" between */
	run("connection reset", 0, 10, -1);
	cr_expect_eq(at(0), 10054);
}

Test(search, a_whole_system_message_counts_most)
{
	/* 11032's system message starts with 11001's whole one */
	run("ssh: Could not resolve hostname db: No such host is known.", 0, 10,
	    -1);
	cr_expect_eq(at(0), 11001);
	cr_expect(has(11032));
	cr_expect_gt(score_of("No such host is known.", 11001),
	             score_of("No such host is known.", 11032));
	/* Windows' own text, which the seed page words differently */
	run("No connection could be made because the target machine actively "
	    "refused it.",
	    0, 10, -1);
	cr_expect_eq(at(0), 10061);
	cr_expect(r.hits[0].fields & WSAERR_FIELD_SYSTEM);
}

struct rank_case {
	char query[CASE_TEXT_MAX];
	unsigned first;
};

static const char *rank_case_name(const void *c)
{
	return ((const struct rank_case *)c)->query;
}

/* A code the query names comes first, found by its key. */
static struct rank_case named_cases[] = {
        {"10061", 10061},
        {"econnrefused", 10061},
        {"0x2746", 10054},
        {"274D", 10061}, /* bare hex as the whole query */
        {"-2147014835", 10061},
        {"ERROR_IO_PENDING", 997},
        {"EAGAIN", 10035},
        {"WSASYSALLFAILURE", 10107},
        {"connection refused but really 10054", 10054},
        {"hresult 0x80072746 from send", 10054},
        {"WSAGetLastError() = 10035", 10035},
        {"Socket error #10057", 10057},
};

ParameterizedTestParameters(search, a_named_code_ranks_first)
{
	size_t n = cases_select(named_cases,
	                        sizeof(named_cases) / sizeof(named_cases[0]),
	                        sizeof(named_cases[0]), rank_case_name);

	return cr_make_param_array(struct rank_case, named_cases, n);
}

ParameterizedTest(struct rank_case *c, search, a_named_code_ranks_first)
{
	run(c->query, 0, 10, -1);
	cr_assert_gt(r.count, 0, "%s", c->query);
	cr_expect_eq(at(0), c->first, "%s", c->query);
	cr_expect(r.hits[0].fields & WSAERR_MATCHED_KEY, "%s", c->query);
	cr_expect_geq(r.hits[0].score, WSAERR_SEARCH_KEY_SCORE);
}

Test(search, of_two_named_the_one_the_words_match_first)
{
	run("#10057 #10061: connection refused", 0, 10, -1);
	cr_expect_eq(at(0), 10061);
	cr_expect_eq(at(1), 10057);
}

/* A line and the code its number names: 0 when the number is no code
 * there (a duration, an id, a port, a size, a count, a POSIX errno). */
struct number_case {
	char line[CASE_TEXT_MAX];
	unsigned names;
};

static struct number_case numbers[] = {
        /* small Win32 numbers only in an error context */
        {"after 997 ms", 0},
        {"port 995", 0},
        {"995 bytes", 0},
        {"retry 6 of 8", 0},
        {"refused at line 87", 0},
        {"error 997", 997},
        {"WinError 997", 997},
        {"code: 995", 995},
        {"#995", 995},
        {"errno 995", 995},
        {"GetQueuedCompletionStatus returned error 995", 995},
        /* a Winsock number in a typed query, or where the line reads it
         * as a code; not as a duration, an id or a port */
        {"winsock 10054", 10054},
        {"recv failed with 10054 after 3 retries", 0},
        {"retried after 10054 ms", 0},
        {"sshd(pam_unix)[10035]: check pass; user unknown", 0},
        {"GET /api/v1/users/10035 HTTP/1.1", 0},
        {"listening on 127.0.0.1:10061 with 4 workers now", 0},
        {"uid=10037, pid=2227 started by the system", 0},
        {"RAS KERNEL INFO CE sym 10, at 0x08d10580, mask 0x08", 0},
        {"socket.gaierror: [Errno 8] nodename nor servname provided", 0},
        {"System.Net.Sockets.SocketException (10061): refused", 10061},
        {"OSError: [WinError 10054] closed", 10054},
        {"(os error 10060)", 10060},
        {"connect: error 10061 while dialing the database server", 10061},
        {"Winsock error 10049 at startup of the proxy listener", 10049},
};

static const char *number_case_name(const void *c)
{
	return ((const struct number_case *)c)->line;
}

ParameterizedTestParameters(search, numbers_name_codes_only_in_an_error_context)
{
	size_t n = cases_select(numbers, sizeof(numbers) / sizeof(numbers[0]),
	                        sizeof(numbers[0]), number_case_name);

	return cr_make_param_array(struct number_case, numbers, n);
}

ParameterizedTest(struct number_case *c, search,
                  numbers_name_codes_only_in_an_error_context)
{
	cr_assert_eq(run(c->line, 0, 10, -1), WSAERR_SEARCH_OK, "%s", c->line);
	if (c->names == 0) {
		for (size_t k = 0; k < r.count; k++)
			cr_expect(!(r.hits[k].fields & WSAERR_MATCHED_KEY),
			          "%s names %u", c->line, at(k));
		return;
	}
	cr_assert_gt(r.count, 0, "%s", c->line);
	cr_expect_eq(at(0), c->names, "%s", c->line);
	cr_expect(r.hits[0].fields & WSAERR_MATCHED_KEY, "%s", c->line);
}

Test(search, dotnet_names_name_codes_only_as_dotnet_writes_them)
{
	run("SocketError.Shutdown", 0, 10, -1);
	cr_expect_eq(at(0), 10058);
	cr_expect(r.hits[0].fields & WSAERR_MATCHED_KEY);
	run("SocketErrorCode: TimedOut", 0, 10, -1);
	cr_expect_eq(at(0), 10060);
	cr_expect(r.hits[0].fields & WSAERR_MATCHED_KEY);
	/* a bare common word that is a member name is only a word */
	run("Shutdown", 0, 10, -1);
	for (size_t i = 0; i < r.count; i++)
		cr_expect(!(r.hits[i].fields & WSAERR_MATCHED_KEY));
	run("Segmentation fault (core dumped)", 0, 10, -1);
	cr_expect_eq(r.count, 0, "Fault (10014) is only a word");
}

Test(search, a_query_that_explains_nothing_finds_nothing)
{
	static const char *const noise[] = {
	        "hello world",
	        "the quick brown fox",
	        "error",
	        "failed",
	        "Exception",
	        "not",
	        "HTTP/1.1 500 Internal Server Error",
	        "System.NullReferenceException: Object reference not set to an "
	        "instance of an object."};

	for (size_t i = 0; i < sizeof(noise) / sizeof(*noise); i++) {
		cr_assert_eq(run(noise[i], 0, 10, -1), WSAERR_SEARCH_OK);
		cr_expect_eq(r.count, 0, "%s found %s", noise[i],
		             r.count ? r.hits[0].code->name : "");
	}
}

/* Words that other errors use too need a socket word or the whole phrase
 * (the traps of tests/search/negative.tsv, and their socket twins). */
Test(search, words_alone_need_an_error_context_or_a_distinctive_phrase)
{
	static const char *const nothing[] = {
	        "ftpd: User unknown timed out after 900 seconds",
	        "2026/12/05 01:15:54 [error] 22313#22313: *2 \"/srv/index.html\" "
	        "is forbidden (13: Permission denied), client: 127.0.0.1",
	        "time=\"2026-12-05T01:15:57Z\" level=debug msg=\"runtime crun "
	        "initialization failed: invalid argument\"",
	        "[    0.276951] NET: Registered PF_INET protocol family",
	        "==22681== --pid is optional if only one valgrind process is "
	        "running",
	        "node-147 node status 1074098611 1 not responding",
	        "REPORT : 7007 5002 150089 240", "  - memory", "# destroy io",
	        "    version: \"12\"",
	        "22786 <... exit_group resumed>)         = ?",
	        /* short fragments of real logs, which read as typed: each
	         * shares a word with a code, but is not about sockets */
	        "Generation complete.", "syncing data to disk ... ok",
	        "full partition status ... blocked", "Command has been aborted",
	        "Link in reset", "normal", "active", "shutdown complete",
	        "program interrupt", "rts internal error",
	        "Node card is not fully functional", "startAnimation end",
	        "configured out", "1024 HIGHMEM available.",
	        /* a counter after '#', a letter alone */
	        "Thread #6 started", "build #8 passed", "worker #10 idle", "e",
	        "x y z"};
	static const struct {
		const char *q;
		unsigned code;
	} found[] = {
	        {"bind() failed (13: Permission denied) while binding port 80",
	         10013},
	        {"setsockopt SO_RCVBUF: Invalid argument", 10022},
	        {"ssh: connect to host db port 22: Connection timed out",
	         10060},
	        {"Connection reset by 10.0.0.8 port 22", 10054},
	        {"psql: error: connection to server at \"127.0.0.1\", port 1 "
	         "failed: Connection refused",
	         10061},
	        {"ssh: connect to host 175.24.121.148 port 22: No route to host",
	         10065},
	        {"permission denied", 10013},
	        /* typed: every word in the code's own texts, socket words
	         * aside; a typo of a .NET name */
	        {"socket refused", 10061},
	        {"socket closed", 10054},
	        {"timeout", 10060},
	        {"connection timeout", 10060},
	        /* '#' before a Winsock number, or after an error word */
	        {"failed #10061", 10061},
	        {"Socket Error # 10061", 10061},
	        {"error #6", 6},
	};

	for (size_t i = 0; i < sizeof(nothing) / sizeof(*nothing); i++) {
		cr_assert_eq(run(nothing[i], 0, 10, -1), WSAERR_SEARCH_OK);
		cr_expect_eq(r.count, 0, "%s found %s", nothing[i],
		             r.count ? r.hits[0].code->name : "");
	}
	for (size_t i = 0; i < sizeof(found) / sizeof(*found); i++) {
		run(found[i].q, 0, 10, -1);
		cr_assert_gt(r.count, 0, "%s", found[i].q);
		cr_expect_eq(at(0), found[i].code, "%s", found[i].q);
	}
}

/* What Linux and macOS print for a code finds it like its message. */
Test(search, posix_texts_find_their_code)
{
	static const struct {
		const char *q;
		unsigned code;
	} found[] = {
	        {"getaddrinfo() failed: Name or service not known", 11001},
	        {"socket.gaierror: [Errno 8] nodename nor servname provided, or "
	         "not known",
	         11001},
	        {"<urlopen error [Errno -3] Temporary failure in name "
	         "resolution>",
	         11002},
	        {"send: Transport endpoint is not connected", 10057},
	};

	for (size_t i = 0; i < sizeof(found) / sizeof(*found); i++) {
		run(found[i].q, 0, 10, -1);
		cr_assert_gt(r.count, 0, "%s", found[i].q);
		cr_expect_eq(at(0), found[i].code, "%s", found[i].q);
		cr_expect(r.hits[0].fields & WSAERR_FIELD_POSIX, "%s",
		          found[i].q);
	}
	/* a generic one only beside a socket word */
	run("open(\"/etc/x\") = -1: Bad file descriptor in the config loader",
	    0, 10, -1);
	cr_expect_eq(r.count, 0);
}

Test(search, weak_words_count_only_inside_phrases)
{
	run("not", 0, 10, -1);
	cr_expect_eq(r.count, 0);
	run("Socket is not connected", 0, 10, -1);
	cr_expect_eq(at(0), 10057);
	/* one weak word may be skipped: "network [is] unreachable" */
	run("curl: (7) Failed to connect to 10.0.0.1 port 80 after 3 ms: "
	    "Network unreachable",
	    0, 10, -1);
	cr_expect_eq(at(0), 10051);
}

Test(search, typed_queries_take_prefixes_and_typos)
{
	run("refus", 0, 10, -1);
	cr_expect_eq(at(0), 10061);
	cr_expect(!r.hits[0].fuzzy);
	run("conection refsued", 0, 10, -1);
	cr_expect_eq(at(0), 10061);
	cr_expect(r.hits[0].fuzzy);
	/* a pasted line is matched word for word: no typo for "refsued" */
	run("java.lang.RuntimeException at com.example.Db.open: conection "
	    "refsued while opening pool",
	    0, 10, -1);
	cr_expect(!has(10061) || !r.hits[0].fuzzy);
	/* a typo may bring letters the word lacks: as many as the edits
	 * allowed (two for seven letters, one for five) */
	run("refuxez", 0, 10, -1);
	cr_expect_eq(at(0), 10061);
	cr_expect(r.hits[0].fuzzy);
	run("rezet", 0, 10, -1);
	cr_expect(has(10054));
	cr_expect(r.count > 0 && r.hits[0].fuzzy);
	/* short words are never fuzzy */
	run("abx", 0, 10, -1);
	cr_expect_eq(r.count, 0);
}

Test(search, a_long_query_is_cut_not_refused)
{
	static char big[3000];
	char words[1200];

	/* 2000 bytes: the code named after the first 1024 is not seen */
	memset(big, 'x', sizeof(big));
	memcpy(big, "connection refused ", 19);
	memcpy(big + 2000, " 10054", 6);
	big[2006] = '\0';
	cr_assert_eq(run(big, 0, 10, -1), WSAERR_SEARCH_OK);
	cr_expect(r.truncated);
	cr_expect_leq(r.searched, WSAERR_QUERY_MAX_BYTES);
	cr_expect(!has(10054));
	/* the cut never splits a character */
	memset(big, 'a', sizeof(big));
	memcpy(big + WSAERR_QUERY_MAX_BYTES - 1, "\xC3\xA9", 2);
	big[2000] = '\0';
	cr_assert_eq(run(big, 0, 10, -1), WSAERR_SEARCH_OK);
	cr_expect_eq(r.searched, WSAERR_QUERY_MAX_BYTES - 1);
	/* 300 words: the first WSAERR_QUERY_MAX_WORDS are searched */
	for (size_t i = 0; i < 300; i++) {
		words[2 * i] = 'a';
		words[2 * i + 1] = ' ';
	}
	memcpy(words + 2 * 280, "10061 ", 6);
	words[600] = '\0';
	cr_assert_eq(run(words, 0, 10, -1), WSAERR_SEARCH_OK);
	cr_expect(r.truncated);
	cr_expect_eq(r.searched, 2 * WSAERR_QUERY_MAX_WORDS);
	cr_expect(!has(10061));
	run("connection refused", 0, 10, -1);
	cr_expect(!r.truncated);
	cr_expect_eq(r.searched, 18);
}

Test(search, paging_and_total)
{
	size_t total;
	unsigned all[WSAERR_MAX_CODES];
	const char *q = "connection";

	run(q, 0, WSAERR_MAX_CODES, -1);
	total = r.total;
	cr_assert_gt(total, 3);
	cr_expect_eq(r.count, total);
	for (size_t i = 0; i < total; i++)
		all[i] = at(i);
	for (size_t i = 1; i < total; i++)
		cr_expect_geq(r.hits[i - 1].score, r.hits[i].score);
	run(q, 2, 3, -1);
	cr_expect_eq(r.total, total);
	cr_expect_eq(r.count, 3);
	for (size_t i = 0; i < 3; i++)
		cr_expect_eq(at(i), all[2 + i]);
	run(q, total - 1, 10, -1);
	cr_expect_eq(r.count, 1);
	run(q, total + 5, 10, -1);
	cr_expect_eq(r.count, 0);
	cr_expect_eq(r.total, total);
	run(q, 0, 0, -1);
	cr_expect_eq(r.count, 0);
	cr_expect_eq(r.total, total);
	/* the same query twice gives the same order */
	run(q, 0, WSAERR_MAX_CODES, -1);
	for (size_t i = 0; i < total; i++)
		cr_expect_eq(at(i), all[i]);
}

Test(search, category_filter)
{
	run("qos", 0, 100, WSAERR_CAT_QOS);
	cr_expect_gt(r.total, 5);
	for (size_t i = 0; i < r.count; i++)
		cr_expect_eq(r.hits[i].code->category, WSAERR_CAT_QOS);
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
	cr_expect_gt(r.count, 0);
	cr_expect_eq(r.count, r.total);
}

/* Every hit has a confidence from 0 to 1, and search answers only when
 * its first candidate's is at least the threshold. */
Test(search, one_threshold_on_the_calibrated_confidence)
{
	static const char *const queries[] = {
	        "connection refused",
	        "10061",
	        "reset",
	        "qos",
	        "timeout",
	        "conection refsued",
	        "not a socket",
	        "hello world",
	        "success",
	        "wsarecv: The specified network name is no longer available.",
	        "sshd(pam_unix)[10035]: check pass; user unknown"};

	for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
		const char *q = queries[i];
		struct wsaerr_search_opts all = {0, WSAERR_MAX_CODES, -1, true};
		const struct wsaerr_hit *first = NULL;

		/* the candidates, before the threshold: the first one with
		 * evidence decides */
		cr_assert_eq(wsaerr_search(wsaerr_table_default(), q, strlen(q),
		                           &all, &r),
		             WSAERR_SEARCH_OK);
		for (size_t k = 0; k < r.count; k++) {
			cr_expect(r.hits[k].confidence >= 0 &&
			                  r.hits[k].confidence <= 1,
			          "%s: %g", q, r.hits[k].confidence);
			if (r.hits[k].first)
				first = &r.hits[k];
		}
		bool answers = first && first->confidence >=
		                                WSAERR_SEARCH_MIN_CONFIDENCE;
		unsigned want = answers ? first->code->value : 0;

		run(q, 0, 10, -1);
		cr_expect_eq(r.count > 0, answers, "%s: %zu hits", q, r.count);
		if (answers && r.count > 0) {
			cr_expect_eq(at(0), want, "%s", q);
			cr_expect(r.hits[0].first, "%s", q);
			cr_expect_geq(r.hits[0].confidence,
			              WSAERR_SEARCH_MIN_CONFIDENCE, "%s", q);
		}
	}
	/* what decides, for a few: words that explain nothing give no
	 * candidate; a typed query with a low score is below it ("not a
	 * socket" is not WSAESOCKTNOSUPPORT) */
	cr_expect_eq(run("hello world", 0, 10, -1), WSAERR_SEARCH_OK);
	cr_expect_eq(r.count, 0);
	cr_expect_eq(run("not a socket", 0, 10, -1), WSAERR_SEARCH_OK);
	cr_expect_eq(r.count, 0);
	run("connection refused", 0, 10, -1);
	cr_expect_gt(r.hits[0].confidence, 0.9);
	cr_expect_eq(r.hits[0].evidence, WSAERR_EVIDENCE_PHRASE);
	run("10061", 0, 10, -1);
	cr_expect_eq(r.hits[0].evidence, WSAERR_EVIDENCE_NAMED);
	for (int e = 0; e < WSAERR_N_EVIDENCE; e++)
		cr_expect_neq(strcmp(wsaerr_evidence_slug(e), "unknown"), 0);
}

Test(search, refusals)
{
	cr_expect_eq(run("caf\xC3", 0, 10, -1), WSAERR_SEARCH_BAD_TEXT);
	cr_expect_eq(r.count, 0);
	cr_expect_eq(run("\xC0\xAF", 0, 10, -1), WSAERR_SEARCH_BAD_TEXT);
	cr_expect_eq(wsaerr_search(wsaerr_table_default(), "a\0b", 3, NULL, &r),
	             WSAERR_SEARCH_BAD_TEXT);
	cr_expect_eq(run("", 0, 10, -1), WSAERR_SEARCH_EMPTY);
	cr_expect_eq(run(" -- !! ", 0, 10, -1), WSAERR_SEARCH_EMPTY);
	cr_expect_eq(run("caf\xC3\xA9 reset", 0, 10, -1), WSAERR_SEARCH_OK);
	for (int st = WSAERR_SEARCH_OK; st <= WSAERR_SEARCH_BAD_TEXT; st++)
		cr_expect_gt(strlen(wsaerr_search_status_message(st)), 1);
}

Test(search, matched_field_names)
{
	const char *names[8];
	size_t n = wsaerr_matched_names(WSAERR_FIELD_DESCRIPTION |
	                                        WSAERR_MATCHED_KEY |
	                                        WSAERR_FIELD_SYSTEM,
	                                names, 8);

	cr_assert_eq(n, 3);
	cr_expect_str_eq(names[0], "key");
	cr_expect_str_eq(names[1], "system_message");
	cr_expect_str_eq(names[2], "description");
	cr_expect_eq(wsaerr_matched_names(WSAERR_FIELD_NAME, names, 0), 0);
}

/* The code a query must put first: one test per query. */

static struct rank_case ranks[] = {
        {"connection refused", 10061},
        {"CONNECTION REFUSED", 10061},
        {"refus", 10061},
        {"reset", 10052},
        {"SocketError.TimedOut", 10060},
        {"ConnectionRefused", 10061},
        {"Only one usage of each socket address (protocol/network "
         "address/port) is normally permitted",
         10048},
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
        {"EAGAIN", 10035},
        {"refsued", 10061},
        {"conection refsued", 10061},
        /* a typed query whose prefixes reach many codes: its phrases are
         * looked for in the best-scoring ones, not the first by value */
        {"System call failure", 10107},
        {"A system call has failed.", 10107},
        /* a typed "not" needs a code whose text says it */
        {"Not connected", 10057},
        {"is not connected", 10057},
        {"host not found", 11001},
};

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

/*
 * The table's own words find their code: each code's message and system
 * message, typed as they are, put it in the first three, unless the table
 * marks that text generic (others print it too). Neighbours' messages
 * must not push a code's own text out.
 */
Test(search, every_code_s_own_texts_find_it)
{
	const struct wsaerr_table *t = wsaerr_table_default();
	static const unsigned fields[2] = {WSAERR_FIELD_MESSAGE,
	                                   WSAERR_FIELD_SYSTEM};

	for (size_t i = 0; i < t->n_codes; i++) {
		const struct wsaerr_code *c = &t->codes[i];
		const char *texts[2] = {c->message, c->system_message};

		for (size_t k = 0; k < 2; k++) {
			bool found = false;

			if (c->generic & fields[k])
				continue;
			cr_assert_eq(run(texts[k], 0, 3, -1), WSAERR_SEARCH_OK);
			for (size_t h = 0; h < r.count; h++)
				found = found || r.hits[h].code == c;
			cr_expect(found, "%u: '%s' finds %s first", c->value,
			          texts[k],
			          r.count ? r.hits[0].code->name : "nothing");
		}
	}
}
