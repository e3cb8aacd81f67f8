/*
 * The neighbours of Winsock (issue 20): the Win32 codes and NTSTATUS
 * values of data/neighbours/, as keys, as readings of a bare number, and
 * in search.
 */
#include "cases.h"
#include "key.h"
#include "load.h"
#include "search.h"

#include <criterion/criterion.h>
#include <string.h>

struct nb_case {
	char input[48];
	enum wsaerr_key_status status;
	unsigned code;  /* the Winsock code on OK; 0: none */
	int space;      /* the via's space, -1: no via */
	uint32_t value; /* the via's value */
};

static struct nb_case cases[] = {
        /* the keys */
        {"ERROR_NETNAME_DELETED", WSAERR_KEY_OK, 10054, WSAERR_SPACE_WIN32, 64},
        {"error_netname_deleted", WSAERR_KEY_OK, 10054, WSAERR_SPACE_WIN32, 64},
        {"STATUS_CONNECTION_REFUSED", WSAERR_KEY_OK, 10061,
         WSAERR_SPACE_NTSTATUS, 0xC0000236},
        {"NT_STATUS_IO_TIMEOUT", WSAERR_KEY_OK, 10060, WSAERR_SPACE_NTSTATUS,
         0xC00000B5},
        {"0xC0000236", WSAERR_KEY_OK, 10061, WSAERR_SPACE_NTSTATUS, 0xC0000236},
        {"0xc0000236", WSAERR_KEY_OK, 10061, WSAERR_SPACE_NTSTATUS, 0xC0000236},
        {"C0000236", WSAERR_KEY_OK, 10061, WSAERR_SPACE_NTSTATUS, 0xC0000236},
        {"0xD000020C", WSAERR_KEY_OK, 10054, WSAERR_SPACE_NTSTATUS, 0xC000020C},
        {"-1073741258", WSAERR_KEY_OK, 10061, WSAERR_SPACE_NTSTATUS,
         0xC0000236}, /* 0xC0000236 as a signed integer */
        {"3221226038", WSAERR_KEY_OK, 10061, WSAERR_SPACE_NTSTATUS,
         0xC0000236}, /* and unsigned */
        {"0x80070040", WSAERR_KEY_OK, 10054, WSAERR_SPACE_WIN32, 64},
        {"0x80070079", WSAERR_KEY_OK, 10060, WSAERR_SPACE_WIN32, 121},
        {"ERROR_SEM_TIMEOUT", WSAERR_KEY_OK, 10060, WSAERR_SPACE_WIN32, 121},
        {"ERROR_CONNECTION_REFUSED", WSAERR_KEY_OK, 10061, WSAERR_SPACE_WIN32,
         1225},
        /* a Winsock code of its own: no via */
        {"0x80070006", WSAERR_KEY_OK, 6, -1, 0},
        {"ERROR_IO_PENDING", WSAERR_KEY_OK, 997, -1, 0},
        /* bare numbers stay ambiguous */
        {"64", WSAERR_KEY_UNKNOWN_CODE, 0, -1, 0},
        {"1225", WSAERR_KEY_UNKNOWN_CODE, 0, -1, 0},
        {"0x40", WSAERR_KEY_UNKNOWN_CODE, 0, -1, 0},
        /* no Winsock equivalent: described, not answered */
        {"ERROR_BROKEN_PIPE", WSAERR_KEY_NO_EQUIVALENT, 0, WSAERR_SPACE_WIN32,
         109},
        {"0x8007006D", WSAERR_KEY_NO_EQUIVALENT, 0, WSAERR_SPACE_WIN32, 109},
        {"STATUS_NOT_FOUND", WSAERR_KEY_NO_EQUIVALENT, 0, WSAERR_SPACE_NTSTATUS,
         0xC0000225},
        /* Samba's prefix reaches NTSTATUS names only */
        {"NT_STATUS_CONNECTION_RESET", WSAERR_KEY_OK, 10054,
         WSAERR_SPACE_NTSTATUS, 0xC000020D},
        {"NT_ERROR_NETNAME_DELETED", WSAERR_KEY_UNKNOWN_NAME, 0, -1, 0},
        /* an NTSTATUS this service does not know */
        {"0xC0000001", WSAERR_KEY_RANGE, 0, -1, 0},
        {"C0000001", WSAERR_KEY_RANGE, 0, -1, 0},
        {"STATUS_NOPE", WSAERR_KEY_UNKNOWN_NAME, 0, -1, 0},
};

static const char *nb_case_name(const void *c)
{
	return ((const struct nb_case *)c)->input;
}

ParameterizedTestParameters(neighbour, each_key)
{
	size_t n = cases_select(cases, sizeof(cases) / sizeof(cases[0]),
	                        sizeof(cases[0]), nb_case_name);

	return cr_make_param_array(struct nb_case, cases, n);
}

ParameterizedTest(struct nb_case *c, neighbour, each_key)
{
	struct wsaerr_key k;
	enum wsaerr_key_status st = wsaerr_key_lookup(
	        wsaerr_table_default(), c->input, strlen(c->input), &k);

	cr_expect_eq(st, c->status, "'%s': status %d, want %d", c->input,
	             (int)st, (int)c->status);
	if (c->code)
		cr_expect(k.code && k.code->value == c->code,
		          "'%s': code %u, want %u", c->input,
		          k.code ? k.code->value : 0, c->code);
	else
		cr_expect_null(k.code, "'%s' names no code", c->input);
	if (c->space < 0) {
		cr_expect_null(k.via, "'%s' has no via", c->input);
		return;
	}
	cr_assert_not_null(k.via, "'%s' has a via", c->input);
	cr_expect_eq(k.via->space, c->space, "'%s'", c->input);
	cr_expect_eq(k.via->value, c->value, "'%s': 0x%X", c->input,
	             (unsigned)k.via->value);
}

/* What the data says stays said: the confidence, the conflicts, the
 * sources, and the message Windows prints. */
Test(neighbour, carries_its_confidence_conflict_and_sources)
{
	const struct wsaerr_table *t = wsaerr_table_default();
	const struct wsaerr_neighbour *n64 =
	        wsaerr_neighbour_by_value(t, WSAERR_SPACE_WIN32, 64);
	const struct wsaerr_neighbour *cancelled =
	        wsaerr_neighbour_by_name(t, "STATUS_CANCELLED", 16);
	const struct wsaerr_neighbour *n68 =
	        wsaerr_neighbour_by_value(t, WSAERR_SPACE_WIN32, 68);
	const struct wsaerr_neighbour *refused =
	        wsaerr_neighbour_by_value(t, WSAERR_SPACE_NTSTATUS, 0xC0000236);

	cr_assert_not_null(n64);
	cr_expect_str_eq(n64->message,
	                 "The specified network name is no longer available.");
	cr_expect_eq(n64->confidence, WSAERR_CONF_HIGH);
	cr_expect_not(n64->conflict);
	cr_expect_neq(strstr(n64->note, "STATUS_LOCAL_DISCONNECT"), NULL);
	cr_assert_not_null(cancelled);
	cr_expect(cancelled->conflict, "Wine and libuv disagree");
	cr_expect_eq(cancelled->confidence, WSAERR_CONF_LOW);
	cr_assert_not_null(n68);
	cr_expect(n68->conflict);
	cr_expect_eq(n68->confidence, WSAERR_CONF_LOW);
	cr_assert_not_null(refused);
	/* Wine ws2_32 and libuv give it; ReactOS msafd has no entry */
	cr_expect_eq(refused->confidence, WSAERR_CONF_MEDIUM);
	cr_expect_eq(refused->win32, 1225);
	cr_expect_neq(strstr(refused->basis, "libuv: WSAECONNREFUSED(10061)"),
	              NULL, "%s", refused->basis);
	for (size_t i = 0; i < t->n_neighbours; i++) {
		const struct wsaerr_neighbour *n = &t->neighbours[i];

		cr_expect_neq(n->sources[0], '\0', "%s has sources", n->name);
		cr_expect_neq(n->basis[0], '\0', "%s has a basis", n->name);
		cr_expect_eq(n->winsock != 0, n->confidence != WSAERR_CONF_NONE,
		             "%s", n->name);
		if (n->winsock)
			cr_expect_not_null(wsaerr_neighbour_code(t, n), "%s",
			                   n->name);
	}
	cr_expect_eq(t->n_neighbours, 53 + 82);
}

/* A bare 64: the Win32 reading first, then the errno ones. */
Test(neighbour, a_bare_number_reads_as_win32_first)
{
	const struct wsaerr_table *t = wsaerr_table_default();
	struct wsaerr_interpretation in[4];
	size_t n = wsaerr_interpret(t, 64, in, 4);

	cr_assert_geq(n, 2);
	cr_expect_eq(in[0].reading, WSAERR_READ_WIN32);
	cr_expect_str_eq(in[0].name, "ERROR_NETNAME_DELETED");
	cr_assert_not_null(in[0].code);
	cr_expect_eq(in[0].code->value, 10054);
	cr_expect_eq(in[n - 1].reading, WSAERR_READ_BSD);
	cr_expect_str_eq(in[n - 1].name, "EHOSTDOWN");
	cr_expect_eq(in[n - 1].code->value, 10064);
	/* 111 is ECONNREFUSED on Linux and no Win32 neighbour */
	n = wsaerr_interpret(t, 111, in, 4);
	cr_assert_geq(n, 1);
	cr_expect_eq(in[0].reading, WSAERR_READ_LINUX);
	cr_expect_eq(in[0].code->value, 10061);
}

struct search_case {
	char line[CASE_TEXT_MAX];
	unsigned code;
	int space; /* -1: no via */
	uint32_t value;
};

static struct search_case searches[] = {
        {"wsarecv: The specified network name is no longer available.", 10054,
         WSAERR_SPACE_WIN32, 64},
        {"OSError: [WinError 121] The semaphore timeout period has expired",
         10060, WSAERR_SPACE_WIN32, 121},
        {"[WinError 1225] The remote computer refused the network "
         "connection",
         10061, WSAERR_SPACE_WIN32, 1225},
        {"0xC0000236", 10061, WSAERR_SPACE_NTSTATUS, 0xC0000236},
        {"STATUS_CONNECTION_REFUSED", 10061, WSAERR_SPACE_NTSTATUS, 0xC0000236},
        {"smbd: NT_STATUS_IO_TIMEOUT reading from client", 10060,
         WSAERR_SPACE_NTSTATUS, 0xC00000B5},
        {"thread panicked: called `Result::unwrap()` on an `Err` value: "
         "Os { code: 1225 } (os error 1225)",
         10061, WSAERR_SPACE_WIN32, 1225},
        {"(error code 0x80070040)", 10054, WSAERR_SPACE_WIN32, 64},
        /* the code's own text wins where both match: no via */
        {"An existing connection was forcibly closed by the remote host", 10054,
         -1, 0},
};

static const char *search_case_name(const void *c)
{
	return ((const struct search_case *)c)->line;
}

ParameterizedTestParameters(neighbour, each_line)
{
	size_t n =
	        cases_select(searches, sizeof(searches) / sizeof(searches[0]),
	                     sizeof(searches[0]), search_case_name);

	return cr_make_param_array(struct search_case, searches, n);
}

ParameterizedTest(struct search_case *c, neighbour, each_line)
{
	static struct wsaerr_search_result r;

	cr_assert_eq(wsaerr_search(wsaerr_table_default(), c->line,
	                           strlen(c->line), NULL, &r),
	             WSAERR_SEARCH_OK);
	cr_assert_gt(r.count, 0, "'%s' finds something", c->line);
	cr_expect_eq(r.hits[0].code->value, c->code, "'%s': %s", c->line,
	             r.hits[0].code->name);
	if (c->space < 0) {
		cr_expect_null(r.hits[0].via, "'%s'", c->line);
		return;
	}
	cr_assert_not_null(r.hits[0].via, "'%s' has a via", c->line);
	cr_expect_eq(r.hits[0].via->space, c->space, "'%s'", c->line);
	cr_expect_eq(r.hits[0].via->value, c->value, "'%s'", c->line);
}

/* A table loaded without the neighbours' files has none, and its keys
 * and searches work as before. */
Test(neighbour, a_table_without_them_has_none)
{
	static const char text[] =
	        "code: 10061\nname: WSAECONNREFUSED\nmessage: Connection "
	        "refused.\nsystem: No connection could be made.\n"
	        "description: d\ncategory: socket\nsource: winsock-page\n";
	struct wsaerr_load_error err;
	struct wsaerr_table *t =
	        wsaerr_table_load(text, sizeof(text) - 1, &err);
	struct wsaerr_key k;

	cr_assert_not_null(t, "%u: %s", err.line, err.message);
	cr_expect_eq(t->n_neighbours, 0);
	cr_expect_eq(wsaerr_key_lookup(t, "ERROR_NETNAME_DELETED", 21, &k),
	             WSAERR_KEY_UNKNOWN_NAME);
	cr_expect_eq(wsaerr_key_lookup(t, "0xC0000236", 10, &k),
	             WSAERR_KEY_RANGE);
	cr_expect_eq(wsaerr_interpret(t, 64,
	                              (struct wsaerr_interpretation[2]){0}, 2),
	             0);
	wsaerr_table_free(t);
}

/* A neighbour whose text other errors print too (Access is denied.), or
 * that is a Winsock code's own text (6: The handle is invalid.), names its
 * code only beside a socket word, as the code's own generic texts do. */
Test(neighbour, a_generic_neighbour_text_needs_a_socket_word)
{
	static struct wsaerr_search_result r;
	static const char *const alone[] = {"The handle is invalid.",
	                                    "Access is denied.",
	                                    "Incorrect function."};
	const struct wsaerr_table *t = wsaerr_table_default();

	for (size_t i = 0; i < sizeof(alone) / sizeof(*alone); i++) {
		cr_assert_eq(
		        wsaerr_search(t, alone[i], strlen(alone[i]), NULL, &r),
		        WSAERR_SEARCH_OK);
		for (size_t h = 0; h < r.count; h++)
			cr_expect_null(r.hits[h].via, "'%s' finds %s via %s",
			               alone[i], r.hits[h].code->name,
			               r.hits[h].via->name);
	}
	cr_assert(wsaerr_neighbour_by_value(t, WSAERR_SPACE_WIN32, 5)->generic);
	cr_assert(wsaerr_neighbour_by_value(t, WSAERR_SPACE_WIN32, 6)->generic);
	cr_assert_not(
	        wsaerr_neighbour_by_value(t, WSAERR_SPACE_WIN32, 64)->generic);
}
