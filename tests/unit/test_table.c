/* The code table: every seed row, the derived facts, the reference map. */
#include "load.h"
#include "table.h"
#include "text.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Every (value, name) of the seed page, read off
 * shared/seed/windows-sockets-error-codes.txt independently of
 * data/codes.txt: the oracle the table is checked against.
 */
static const struct {
	unsigned value;
	const char *name;
} seed[] = {
        {6, "WSA_INVALID_HANDLE"},
        {8, "WSA_NOT_ENOUGH_MEMORY"},
        {87, "WSA_INVALID_PARAMETER"},
        {995, "WSA_OPERATION_ABORTED"},
        {996, "WSA_IO_INCOMPLETE"},
        {997, "WSA_IO_PENDING"},
        {10004, "WSAEINTR"},
        {10009, "WSAEBADF"},
        {10013, "WSAEACCES"},
        {10014, "WSAEFAULT"},
        {10022, "WSAEINVAL"},
        {10024, "WSAEMFILE"},
        {10035, "WSAEWOULDBLOCK"},
        {10036, "WSAEINPROGRESS"},
        {10037, "WSAEALREADY"},
        {10038, "WSAENOTSOCK"},
        {10039, "WSAEDESTADDRREQ"},
        {10040, "WSAEMSGSIZE"},
        {10041, "WSAEPROTOTYPE"},
        {10042, "WSAENOPROTOOPT"},
        {10043, "WSAEPROTONOSUPPORT"},
        {10044, "WSAESOCKTNOSUPPORT"},
        {10045, "WSAEOPNOTSUPP"},
        {10046, "WSAEPFNOSUPPORT"},
        {10047, "WSAEAFNOSUPPORT"},
        {10048, "WSAEADDRINUSE"},
        {10049, "WSAEADDRNOTAVAIL"},
        {10050, "WSAENETDOWN"},
        {10051, "WSAENETUNREACH"},
        {10052, "WSAENETRESET"},
        {10053, "WSAECONNABORTED"},
        {10054, "WSAECONNRESET"},
        {10055, "WSAENOBUFS"},
        {10056, "WSAEISCONN"},
        {10057, "WSAENOTCONN"},
        {10058, "WSAESHUTDOWN"},
        {10059, "WSAETOOMANYREFS"},
        {10060, "WSAETIMEDOUT"},
        {10061, "WSAECONNREFUSED"},
        {10062, "WSAELOOP"},
        {10063, "WSAENAMETOOLONG"},
        {10064, "WSAEHOSTDOWN"},
        {10065, "WSAEHOSTUNREACH"},
        {10066, "WSAENOTEMPTY"},
        {10067, "WSAEPROCLIM"},
        {10068, "WSAEUSERS"},
        {10069, "WSAEDQUOT"},
        {10070, "WSAESTALE"},
        {10071, "WSAEREMOTE"},
        {10091, "WSASYSNOTREADY"},
        {10092, "WSAVERNOTSUPPORTED"},
        {10093, "WSANOTINITIALISED"},
        {10101, "WSAEDISCON"},
        {10102, "WSAENOMORE"},
        {10103, "WSAECANCELLED"},
        {10104, "WSAEINVALIDPROCTABLE"},
        {10105, "WSAEINVALIDPROVIDER"},
        {10106, "WSAEPROVIDERFAILEDINIT"},
        {10107, "WSASYSALLFAILURE"},
        {10108, "WSASERVICE_NOT_FOUND"},
        {10109, "WSATYPE_NOT_FOUND"},
        {10110, "WSA_E_NO_MORE"},
        {10111, "WSA_E_CANCELLED"},
        {10112, "WSAEREFUSED"},
        {11001, "WSAHOST_NOT_FOUND"},
        {11002, "WSATRY_AGAIN"},
        {11003, "WSANO_RECOVERY"},
        {11004, "WSANO_DATA"},
        {11005, "WSA_QOS_RECEIVERS"},
        {11006, "WSA_QOS_SENDERS"},
        {11007, "WSA_QOS_NO_SENDERS"},
        {11008, "WSA_QOS_NO_RECEIVERS"},
        {11009, "WSA_QOS_REQUEST_CONFIRMED"},
        {11010, "WSA_QOS_ADMISSION_FAILURE"},
        {11011, "WSA_QOS_POLICY_FAILURE"},
        {11012, "WSA_QOS_BAD_STYLE"},
        {11013, "WSA_QOS_BAD_OBJECT"},
        {11014, "WSA_QOS_TRAFFIC_CTRL_ERROR"},
        {11015, "WSA_QOS_GENERIC_ERROR"},
        {11016, "WSA_QOS_ESERVICETYPE"},
        {11017, "WSA_QOS_EFLOWSPEC"},
        {11018, "WSA_QOS_EPROVSPECBUF"},
        {11019, "WSA_QOS_EFILTERSTYLE"},
        {11020, "WSA_QOS_EFILTERTYPE"},
        {11021, "WSA_QOS_EFILTERCOUNT"},
        {11022, "WSA_QOS_EOBJLENGTH"},
        {11023, "WSA_QOS_EFLOWCOUNT"},
        {11024, "WSA_QOS_EUNKOWNPSOBJ"},
        {11025, "WSA_QOS_EPOLICYOBJ"},
        {11026, "WSA_QOS_EFLOWDESC"},
        {11027, "WSA_QOS_EPSFLOWSPEC"},
        {11028, "WSA_QOS_EPSFILTERSPEC"},
        {11029, "WSA_QOS_ESDMODEOBJ"},
        {11030, "WSA_QOS_ESHAPERATEOBJ"},
        {11031, "WSA_QOS_RESERVED_PETYPE"},
};

#define N_SEED (sizeof(seed) / sizeof(seed[0]))

static const struct wsaerr_table *T;

static void setup(void)
{
	T = wsaerr_table_default();
}

TestSuite(table, .init = setup);

Test(table, has_every_seed_code_with_its_name)
{
	cr_assert_eq(N_SEED, 95);
	for (size_t i = 0; i < N_SEED; i++) {
		const struct wsaerr_code *c =
		        wsaerr_table_by_value(T, seed[i].value);

		cr_assert_not_null(c, "code %u missing", seed[i].value);
		if (seed[i].value == 10107) {
			/* the page misspells it; the name is the headers' */
			cr_expect_str_eq(c->name, "WSASYSCALLFAILURE");
			cr_expect_eq(wsaerr_table_by_name(T, seed[i].name,
			                                  strlen(seed[i].name)),
			             c, "the page's spelling stays a key");
		} else {
			cr_expect_str_eq(c->name, seed[i].name);
		}
		cr_expect_eq(c->source, WSAERR_SRC_WINSOCK_PAGE, "%s", c->name);
		cr_expect_gt(strlen(c->message), 3, "%s", c->name);
		cr_expect_gt(strlen(c->description), 10, "%s", c->name);
	}
}

Test(table, adds_the_two_winerror_codes)
{
	const struct wsaerr_code *a = wsaerr_table_by_value(T, 11032);
	const struct wsaerr_code *b = wsaerr_table_by_value(T, 11033);

	cr_assert_eq(T->n_codes, 97);
	cr_assert_not_null(a);
	cr_assert_not_null(b);
	cr_expect_str_eq(a->name, "WSA_SECURE_HOST_NOT_FOUND");
	cr_expect_str_eq(a->message, "No such host is known securely.");
	cr_expect_str_eq(b->name, "WSA_IPSEC_NAME_POLICY_ERROR");
	cr_expect_str_eq(b->message,
	                 "Name based IPSEC policy could not be added.");
	cr_expect_eq(a->source, WSAERR_SRC_WINERROR_H);
	cr_expect_eq(b->source, WSAERR_SRC_WINERROR_H);
	cr_expect_str_eq(wsaerr_source_slug(a->source), "winerror-h");
}

Test(table, values_ascend_and_names_are_unique)
{
	for (size_t i = 1; i < T->n_codes; i++)
		cr_expect_lt(T->codes[i - 1].value, T->codes[i].value);
	for (size_t i = 1; i < T->n_names; i++)
		cr_expect_neq(strcmp(T->names[i - 1].key, T->names[i].key), 0,
		              "%s twice", T->names[i].key);
	/* every name and alias finds its own code */
	for (size_t i = 0; i < T->n_names; i++) {
		const char *k = T->names[i].key;

		cr_expect_eq(wsaerr_table_by_name(T, k, strlen(k)),
		             &T->codes[T->names[i].code], "%s", k);
	}
}

Test(table, hex_and_hresult_agree_with_the_value)
{
	for (size_t i = 0; i < T->n_codes; i++) {
		const struct wsaerr_code *c = &T->codes[i];
		char hex[16], hr[16];

		snprintf(hex, sizeof(hex), "0x%X", c->value);
		snprintf(hr, sizeof(hr), "0x%08X", 0x80070000u | c->value);
		cr_expect_str_eq(c->hex, hex);
		cr_expect_str_eq(c->hresult, hr);
		cr_expect_eq(wsaerr_hresult(c->value), 0x80070000u | c->value);
	}
	cr_expect_str_eq(wsaerr_table_by_value(T, 10061)->hresult,
	                 "0x8007274D");
	cr_expect_eq((int32_t)wsaerr_hresult(10061), -2147014835);
	cr_expect_eq(wsaerr_hresult(0), 0);
}

/* A map column: a whole decimal number, or -1 for "-". */
static int number(const char *s)
{
	char *end;
	long v;

	if (strcmp(s, "-") == 0)
		return -1;
	v = strtol(s, &end, 10);
	cr_assert(*s != '\0' && *end == '\0' && v >= 0 && v < 4096,
	          "bad number '%s' in the map", s);
	return (int)v;
}

/* Reads tests/fixtures/wsa-posix-map.tsv, a copy of the reference map. */
Test(table, posix_facts_agree_with_the_reference_map)
{
	FILE *f = fopen("fixtures/wsa-posix-map.tsv", "r");
	char line[512];
	int rows = 0, with_posix = 0;

	cr_assert_not_null(f);
	cr_assert_not_null(fgets(line, sizeof(line), f)); /* header */
	while (fgets(line, sizeof(line), f)) {
		char wsa[64], px[64], space[16], lin[16], bsd[16];
		const struct wsaerr_code *c;

		cr_assert_eq(sscanf(line, "%63s %*u %63s %15s %15s %15s", wsa,
		                    px, space, lin, bsd),
		             5, "%s", line);
		rows++;
		c = wsaerr_table_by_name(T, wsa, strlen(wsa));
		cr_assert_not_null(c, "%s", wsa);
		if (strcmp(wsa, "WSANO_ADDRESS") == 0) {
			/* an alias row: NO_ADDRESS names WSANO_DATA */
			cr_expect_eq(wsaerr_table_by_name(T, px, strlen(px)),
			             c);
			cr_expect_eq(c->value, 11004);
			continue;
		}
		cr_expect_str_eq(c->posix.name, px);
		cr_expect_str_eq(wsaerr_posix_space_name(c->posix.space),
		                 space);
		cr_expect_eq(c->posix.linux_value, number(lin), "%s", wsa);
		cr_expect_eq(c->posix.bsd_value, number(bsd), "%s", wsa);
		cr_expect_str_eq(c->aliases[0], px,
		                 "the POSIX name is an alias");
	}
	fclose(f);
	cr_expect_eq(rows, 48);
	for (size_t i = 0; i < T->n_codes; i++)
		with_posix += T->codes[i].posix.name != NULL;
	cr_expect_eq(with_posix, 47, "no code has a POSIX name the map lacks");
}

/* Reads a reference TSV of tests/fixtures (code, then columns); calls
 * check(code, columns) for each row and returns the rows. */
static int each_row(const char *path,
                    void (*check)(unsigned code, char **cols, int n))
{
	FILE *f = fopen(path, "r");
	char line[1024];
	int rows = 0;

	cr_assert_not_null(f, "%s", path);
	while (fgets(line, sizeof(line), f)) {
		char *cols[4], *save = NULL;
		int n = 0;

		if (line[0] == '#' || line[0] == '\n')
			continue;
		line[strcspn(line, "\n")] = '\0';
		for (char *tok = strtok_r(line, "\t", &save); tok && n < 4;
		     tok = strtok_r(NULL, "\t", &save))
			cols[n++] = tok;
		cr_assert_geq(n, 2, "%s: %s", path, line);
		check((unsigned)strtoul(cols[0], NULL, 10), cols + 1, n - 1);
		rows++;
	}
	fclose(f);
	return rows;
}

static void check_system_message(unsigned code, char **cols, int n)
{
	const struct wsaerr_code *c = wsaerr_table_by_value(T, code);

	cr_assert_eq(n, 2);
	cr_assert_not_null(c, "%u", code);
	cr_expect_str_eq(c->system_message, cols[1], "%u", code);
	if (code >= 10000)
		cr_expect_str_eq(c->name, cols[0], "%u", code);
	else /* the Win32 name of the message's own entry: an alias */
		cr_expect_eq(wsaerr_table_by_name(T, cols[0], strlen(cols[0])),
		             c, "%s", cols[0]);
}

/* Reads tests/fixtures/windows-system-messages.tsv, a copy of the
 * reference: what FormatMessage returns for each code. */
Test(table, system_messages_agree_with_the_reference)
{
	cr_expect_eq(each_row("fixtures/windows-system-messages.tsv",
	                      check_system_message),
	             97, "one for every code");
}

static int dotnet_rows;

static void check_dotnet(unsigned code, char **cols, int n)
{
	const struct wsaerr_code *c = wsaerr_table_by_value(T, code);
	const struct wsaerr_name *name;

	cr_assert_eq(n, 1);
	cr_assert_not_null(c, "%u", code);
	cr_expect_str_eq(c->dotnet, cols[0], "%u", code);
	name = wsaerr_table_find_name(T, cols[0], strlen(cols[0]));
	cr_assert_not_null(name, "%s resolves", cols[0]);
	cr_expect_eq(name->kind, WSAERR_NAME_DOTNET);
	cr_expect_eq(&T->codes[name->code], c);
	dotnet_rows++;
}

/* Reads tests/fixtures/dotnet-socketerror.tsv: .NET's SocketError. */
Test(table, dotnet_names_agree_with_the_reference)
{
	size_t with = 0;

	cr_expect_eq(each_row("fixtures/dotnet-socketerror.tsv", check_dotnet),
	             45);
	for (size_t i = 0; i < T->n_codes; i++)
		with += T->codes[i].dotnet != NULL;
	cr_expect_eq(with, 45, "no code has a .NET name the reference lacks");
}

Test(table, eagain_is_ewouldblock)
{
	cr_expect_eq(wsaerr_table_by_name(T, "EAGAIN", 6)->value, 10035);
	cr_expect_eq(wsaerr_table_by_name(T, "eagain", 6)->value, 10035);
}

Test(table, text_is_repaired)
{
	static const char *const damage[] = {
	        "<",  ">",  "**", "](#)",          "\\", "  ",
	        " .", " ,", "( ", "WSAEWOLDBLOCK", "\n", "\t"};

	for (size_t i = 0; i < T->n_codes; i++) {
		const struct wsaerr_code *c = &T->codes[i];
		const char *texts[] = {c->message, c->description};

		for (size_t k = 0; k < 2; k++) {
			cr_expect(
			        wsaerr_utf8_valid(texts[k], strlen(texts[k])));
			for (size_t d = 0; d < sizeof(damage) / sizeof(*damage);
			     d++)
				cr_expect_null(strstr(texts[k], damage[d]),
				               "%s holds '%s'", c->name,
				               damage[d]);
		}
		cr_expect_eq(c->message[strlen(c->message) - 1], '.', "%s",
		             c->name);
	}
}

static const struct wsaerr_code *by(unsigned v)
{
	const struct wsaerr_code *c = wsaerr_table_by_value(T, v);

	cr_assert_not_null(c, "%u", v);
	return c;
}

Test(table, damaged_entries_are_whole)
{
	cr_expect_str_eq(by(10004)->message, "Interrupted function call.");
	cr_expect_str_eq(by(10004)->description,
	                 "A blocking operation was interrupted by a call to "
	                 "WSACancelBlockingCall.");
	cr_expect_str_eq(by(11021)->message, "Incorrect QoS filter count.");
	cr_expect_str_eq(
	        by(11021)->description,
	        "An incorrect number of QoS FILTERSPECS were specified "
	        "in the FLOWDESCRIPTOR.");
	cr_expect_not_null(strstr(by(10064)->description,
	                          "A socket operation encountered a dead host. "
	                          "Networking activity on the local host has "
	                          "not been initiated."));
	cr_expect_not_null(strstr(by(11004)->description,
	                          "no A record\xE2\x80\x94"
	                          "indicating the host "
	                          "itself exists, but is not directly "
	                          "reachable."));
	cr_expect_not_null(strstr(by(10091)->description,
	                          "the first one in the path is appropriate"));
	cr_expect_not_null(strstr(by(10022)->description, "socket\xE2\x80\x94"
	                                                  "for instance"));
	cr_expect_not_null(
	        strstr(by(10013)->description, "setsockopt(SO_BROADCAST)."));
}

Test(table, aliases_related_events_categories)
{
	static const struct {
		const char *alias;
		unsigned value;
	} aliases[] = {
	        {"ERROR_INVALID_HANDLE", 6},
	        {"ERROR_NOT_ENOUGH_MEMORY", 8},
	        {"ERROR_INVALID_PARAMETER", 87},
	        {"ERROR_OPERATION_ABORTED", 995},
	        {"ERROR_IO_INCOMPLETE", 996},
	        {"ERROR_IO_PENDING", 997},
	        {"NO_ADDRESS", 11004},
	        {"NO_DATA", 11004},
	        {"WSANO_ADDRESS", 11004},
	        {"ECONNREFUSED", 10061},
	        {"HOST_NOT_FOUND", 11001},
	        {"EAI_NOSECURENAME", 11032},
	};
	unsigned events = 0, related = 0;

	for (size_t i = 0; i < sizeof(aliases) / sizeof(*aliases); i++) {
		const char *a = aliases[i].alias;
		const struct wsaerr_code *c =
		        wsaerr_table_by_name(T, a, strlen(a));

		cr_assert_not_null(c, "%s", a);
		cr_expect_eq(c->value, aliases[i].value, "%s", a);
	}
	cr_expect_eq(by(10102)->related[0], 10110);
	cr_expect_eq(by(10110)->related[0], 10102);
	cr_expect_eq(by(10103)->related[0], 10111);
	cr_expect_eq(by(10111)->related[0], 10103);
	for (size_t i = 0; i < T->n_codes; i++) {
		const struct wsaerr_code *c = &T->codes[i];

		events += c->event;
		related += c->n_related;
		cr_expect_lt((unsigned)c->category, WSAERR_CAT_COUNT);
		cr_expect_eq(c->category == WSAERR_CAT_WIN32_IO,
		             c->value < 10000);
		cr_expect_eq(c->category == WSAERR_CAT_QOS,
		             c->value >= 11005 && c->value <= 11031);
	}
	cr_expect_eq(related, 4);
	cr_expect_eq(events, 3);
	cr_expect(by(11005)->event && by(11006)->event && by(11009)->event);
	cr_expect_eq(by(10061)->category, WSAERR_CAT_SOCKET);
	cr_expect_eq(by(11001)->category, WSAERR_CAT_RESOLVER);
	cr_expect_str_eq(wsaerr_category_slug(WSAERR_CAT_PROVIDER), "provider");
	cr_expect_eq(wsaerr_category_from_slug("qos", 3), WSAERR_CAT_QOS);
	cr_expect_eq(wsaerr_category_from_slug("QOS", 3), -1);
}

/* The codes people hit most carry advice; every hint is whole. */
Test(table, common_codes_have_hints)
{
	static const unsigned common[] = {
	        995,   10013, 10014, 10022, 10024, 10035, 10038, 10040, 10048,
	        10049, 10050, 10051, 10052, 10053, 10054, 10055, 10057, 10060,
	        10061, 10064, 10065, 10091, 10093, 11001, 11002, 11004,
	};
	size_t with = 0;

	for (size_t i = 0; i < sizeof(common) / sizeof(*common); i++) {
		const struct wsaerr_code *c = by(common[i]);

		cr_expect_gt(c->n_causes, 0, "%u has no causes", c->value);
		cr_expect_gt(c->n_checks, 0, "%u has no checks", c->value);
	}
	for (size_t i = 0; i < T->n_codes; i++) {
		const struct wsaerr_code *c = &T->codes[i];
		const struct wsaerr_hint *lists[2] = {c->causes, c->checks};
		unsigned counts[2] = {c->n_causes, c->n_checks};

		with += c->n_causes > 0;
		cr_expect_eq(c->n_causes > 0, c->n_checks > 0, "%u", c->value);
		for (int l = 0; l < 2; l++) {
			for (unsigned k = 0; k < counts[l]; k++) {
				const char *h = lists[l][k].text;
				size_t n = strlen(h), quotes = 0;

				/* every hint rests on a reference */
				cr_expect_gt(lists[l][k].n_why, 0, "%u: %s",
				             c->value, h);

				for (size_t j = 0; j < n; j++)
					quotes += h[j] == '`';
				/* a sentence: a capital or a command first,
				 * a full stop last, commands closed */
				cr_expect(n > 20 && n < 400, "%u: %s", c->value,
				          h);
				cr_expect((h[0] >= 'A' && h[0] <= 'Z') ||
				                  h[0] == '`',
				          "%u: %s", c->value, h);
				cr_expect_eq(h[n - 1], '.', "%u: %s", c->value,
				             h);
				cr_expect_eq(quotes % 2, 0, "%u: %s", c->value,
				             h);
			}
		}
	}
	cr_expect_geq(with, 25);
	/* the distinction support most often needs, in both codes */
	cr_expect_not_null(strstr(by(10061)->checks[1].text, "10060"));
	cr_expect_not_null(strstr(by(10060)->checks[0].text, "10061"));
}

Test(table, lookups_miss_cleanly)
{
	cr_expect_null(wsaerr_table_by_value(T, 0));
	cr_expect_null(wsaerr_table_by_value(T, 10000));
	cr_expect_null(wsaerr_table_by_value(T, 65535));
	cr_expect_null(wsaerr_table_by_name(T, "WSAE", 4));
	cr_expect_null(wsaerr_table_by_name(T, "", 0));
	cr_expect_eq(wsaerr_table_by_name(T, "wsaeconnrefusedX", 15),
	             by(10061));
}

/* The same hints, in order, with the same references. */
static void expect_same_hints(const struct wsaerr_hint *a, unsigned na,
                              const struct wsaerr_hint *b, unsigned nb)
{
	cr_expect_eq(na, nb);
	for (unsigned k = 0; k < na && k < nb; k++) {
		cr_expect_str_eq(a[k].text, b[k].text);
		cr_expect_eq(a[k].n_why, b[k].n_why);
		for (unsigned r = 0; r < a[k].n_why && r < b[k].n_why; r++)
			cr_expect_str_eq(a[k].why[r]->id, b[k].why[r]->id);
	}
}

/* Reads path (from tests/) into buf; its length. */
static size_t slurp(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "rb");
	size_t len;

	cr_assert_not_null(f, "%s", path);
	len = fread(buf, 1, size, f);
	fclose(f);
	cr_assert_lt(len, size, "%s", path);
	return len;
}

/* The generated table is exactly what the loader makes of the data
 * files. */
Test(table, generated_table_matches_the_data_file)
{
	static char buf[1 << 20], w32[1 << 18], nt[1 << 18], loc[1 << 18];
	struct wsaerr_load_texts in = {buf, 0, w32, 0, nt, 0, loc, 0};
	struct wsaerr_load_error err;
	struct wsaerr_table *l;

	in.codes_len = slurp("../data/codes.txt", buf, sizeof(buf));
	in.win32_len = slurp("../data/neighbours/win32.tsv", w32, sizeof(w32));
	in.ntstatus_len =
	        slurp("../data/neighbours/ntstatus.tsv", nt, sizeof(nt));
	in.localized_len = slurp("../data/localized.tsv", loc, sizeof(loc));
	l = wsaerr_table_load_texts(&in, &err);
	cr_assert_not_null(l, "%u: %s", err.line, err.message);
	cr_assert_eq(l->n_localized, T->n_localized);
	cr_assert_gt(T->n_localized, 70);
	for (size_t i = 0; i < T->n_localized; i++) {
		const struct wsaerr_localized *a = &l->localized[i],
		                              *b = &T->localized[i];

		cr_expect_eq(a->code, b->code);
		cr_expect_str_eq(a->lang, b->lang);
		cr_expect_str_eq(a->message, b->message);
		cr_expect_str_eq(a->source, b->source);
		cr_expect_eq(a->msg_at, b->msg_at);
		cr_expect_eq(a->msg_len, b->msg_len);
		cr_expect_eq(a->neighbour, b->neighbour);
	}
	for (size_t i = 0; i <= T->n_codes; i++) {
		cr_expect_eq(l->loc_at[i], T->loc_at[i]);
		if (i < T->n_codes)
			cr_expect_eq(l->codes[i].n_localized,
			             T->codes[i].n_localized);
	}
	cr_assert_eq(l->n_neighbours, T->n_neighbours);
	for (size_t i = 0; i < T->n_neighbours; i++) {
		const struct wsaerr_neighbour *a = &l->neighbours[i],
		                              *b = &T->neighbours[i];

		cr_expect_eq(a->value, b->value);
		cr_expect_eq(a->winsock, b->winsock);
		cr_expect_eq(a->confidence, b->confidence);
		cr_expect_str_eq(a->name, b->name);
		cr_expect_str_eq(a->message, b->message);
		cr_expect_str_eq(a->basis, b->basis);
		cr_expect_eq(a->msg_at, b->msg_at);
		cr_expect_eq(a->msg_len, b->msg_len);
		cr_expect_eq(l->nb_by_name[i], T->nb_by_name[i]);
		cr_expect_eq(l->nb_by_code[i], T->nb_by_code[i]);
	}
	for (size_t i = 0; i <= T->n_codes; i++)
		cr_expect_eq(l->nb_at[i], T->nb_at[i]);
	cr_assert_eq(l->n_codes, T->n_codes);
	cr_assert_eq(l->n_names, T->n_names);
	cr_assert_eq(l->n_words, T->n_words);
	cr_assert_eq(l->n_postings, T->n_postings);
	cr_assert_eq(l->n_refs, T->n_refs);
	for (size_t i = 0; i < T->n_refs; i++) {
		cr_expect_str_eq(l->refs[i].id, T->refs[i].id);
		cr_expect_str_eq(l->refs[i].title, T->refs[i].title);
		cr_expect_str_eq(l->refs[i].url, T->refs[i].url);
		cr_expect_eq(l->refs[i].kind, T->refs[i].kind);
	}
	for (size_t i = 0; i < T->n_codes; i++) {
		const struct wsaerr_code *a = &l->codes[i], *b = &T->codes[i];

		cr_expect_eq(a->value, b->value);
		cr_expect_str_eq(a->description, b->description);
		cr_expect_eq(a->n_aliases, b->n_aliases);
		cr_expect_eq(a->category, b->category);
		expect_same_hints(a->causes, a->n_causes, b->causes,
		                  b->n_causes);
		expect_same_hints(a->checks, a->n_checks, b->checks,
		                  b->n_checks);
	}
	for (size_t i = 0; i < T->n_words; i++) {
		cr_expect_str_eq(l->words[i].word, T->words[i].word);
		cr_expect_eq(l->words[i].count, T->words[i].count);
		cr_expect_eq(l->words[i].weak, T->words[i].weak);
		/* the search's typo filter: the mask of the word itself, in
		 * the generated table as in the loaded one */
		cr_expect_eq(T->words[i].mask,
		             wsaerr_bag_mask(T->words[i].word, T->words[i].len),
		             "%s", T->words[i].word);
		cr_expect_eq(l->words[i].mask, T->words[i].mask, "%s",
		             T->words[i].word);
		cr_expect_gt(T->words[i].idf, 0, "%s", T->words[i].word);
	}
	wsaerr_table_free(l);
}
