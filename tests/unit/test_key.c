/* Key parsing: every accepted form and every rejection, as a table. */
#include "cases.h"
#include "key.h"

#include <criterion/criterion.h>
#include <string.h>

struct key_case {
	char input[32];
	enum wsaerr_key_status status;
	unsigned value; /* the code on OK, the number on UNKNOWN_CODE */
};

static struct key_case cases[] = {
        /* decimal */
        {"10061", WSAERR_KEY_OK, 10061},
        {"  10061\t\n", WSAERR_KEY_OK, 10061},
        {"6", WSAERR_KEY_OK, 6},
        {"010061", WSAERR_KEY_OK, 10061}, /* leading zeros: decimal */
        {"0000000000010061", WSAERR_KEY_OK, 10061},
        /* hex */
        {"0x274D", WSAERR_KEY_OK, 10061},
        {"0X274d", WSAERR_KEY_OK, 10061},
        {"0x0000274D", WSAERR_KEY_OK, 10061},
        {"274D", WSAERR_KEY_OK, 10061}, /* bare hex with a letter */
        {"274d", WSAERR_KEY_OK, 10061},
        {"3E5", WSAERR_KEY_OK, 997},
        /* HRESULT forms */
        {"0x8007274D", WSAERR_KEY_OK, 10061},
        {"8007274D", WSAERR_KEY_OK, 10061}, /* bare: 8 digits, 8007 first */
        {"-2147014835", WSAERR_KEY_OK, 10061},
        {"2147952461", WSAERR_KEY_OK, 10061},
        {"0x800703E5", WSAERR_KEY_OK, 997},
        /* names and aliases, any case */
        {"WSAECONNREFUSED", WSAERR_KEY_OK, 10061},
        {"wsaeconnrefused", WSAERR_KEY_OK, 10061},
        {"ECONNREFUSED", WSAERR_KEY_OK, 10061},
        {"ERROR_IO_PENDING", WSAERR_KEY_OK, 997},
        {"NO_ADDRESS", WSAERR_KEY_OK, 11004},
        {"EBADF", WSAERR_KEY_OK, 10009}, /* the name wins over 0xEBADF */
        {"eBaDf", WSAERR_KEY_OK, 10009},
        {"ETIMEDOUT", WSAERR_KEY_OK, 10060},
        {"EAGAIN", WSAERR_KEY_OK, 10035}, /* EWOULDBLOCK on Linux, BSD */
        {"WSASYSCALLFAILURE", WSAERR_KEY_OK, 10107}, /* the headers' */
        {"WSASYSALLFAILURE", WSAERR_KEY_OK, 10107},  /* the page's */
        {"ENOTFOUND", WSAERR_KEY_OK, 11001},         /* Node.js */
        /* .NET's SocketError names */
        {"ConnectionRefused", WSAERR_KEY_OK, 10061},
        {"connectionrefused", WSAERR_KEY_OK, 10061},
        {"SocketError.TimedOut", WSAERR_KEY_OK, 10060},
        {"socketerror.timedout", WSAERR_KEY_OK, 10060},
        {"SocketError.WSAETIMEDOUT", WSAERR_KEY_UNKNOWN_NAME, 0},
        {"SocketError.Nope", WSAERR_KEY_UNKNOWN_NAME, 0},
        {"SocketError.", WSAERR_KEY_MALFORMED, 0},
        {"SocketError.Timed Out", WSAERR_KEY_MALFORMED, 0},
        /* rejections */
        {"", WSAERR_KEY_EMPTY, 0},
        {" \t\r\n", WSAERR_KEY_EMPTY, 0},
        {"10061abc", WSAERR_KEY_TRAILING, 0},
        {"10061 ", WSAERR_KEY_OK, 10061},
        {"10061.", WSAERR_KEY_TRAILING, 0},
        {"0x274DZ", WSAERR_KEY_TRAILING, 0},
        {"-10061x", WSAERR_KEY_TRAILING, 0},
        {"+10061", WSAERR_KEY_MALFORMED, 0}, /* no sign but the HRESULT's */
        {"0x", WSAERR_KEY_MALFORMED, 0},
        {"0xZZ", WSAERR_KEY_MALFORMED, 0},
        {"-", WSAERR_KEY_MALFORMED, 0},
        {"10 061", WSAERR_KEY_TRAILING, 0},
        {"WSAE CONNREFUSED", WSAERR_KEY_MALFORMED, 0},
        {"#10061", WSAERR_KEY_MALFORMED, 0},
        {"99999999999", WSAERR_KEY_RANGE, 0},
        {"65536", WSAERR_KEY_RANGE, 0},
        {"0x123456789", WSAERR_KEY_RANGE, 0},
        {"0x80040005", WSAERR_KEY_RANGE,
         0}, /* an HRESULT, not FACILITY_WIN32 */
        {"-10061", WSAERR_KEY_RANGE, 0},
        {"-2147483649", WSAERR_KEY_RANGE, 0},
        {"126", WSAERR_KEY_UNKNOWN_CODE, 126}, /* ERROR_MOD_NOT_FOUND */
        {"0", WSAERR_KEY_UNKNOWN_CODE, 0},
        {"65535", WSAERR_KEY_UNKNOWN_CODE, 65535},
        {"0x8007007E", WSAERR_KEY_UNKNOWN_CODE, 126},
        {"ABC", WSAERR_KEY_UNKNOWN_CODE,
         0xABC}, /* bare hex, 4 digits or less */
        {"WSAEFOO", WSAERR_KEY_UNKNOWN_NAME, 0},
        {"ECONNREFUSEDX", WSAERR_KEY_UNKNOWN_NAME, 0},
        {"12345678a", WSAERR_KEY_TRAILING, 0}, /* too long for bare hex */
};

static const char *key_case_name(const void *c)
{
	return ((const struct key_case *)c)->input;
}

/* One test per input: WSAERR_CASE='10061abc' reruns that one. */
ParameterizedTestParameters(key, each_input)
{
	size_t n = cases_select(cases, sizeof(cases) / sizeof(cases[0]),
	                        sizeof(cases[0]), key_case_name);

	return cr_make_param_array(struct key_case, cases, n);
}

ParameterizedTest(struct key_case *k, key, each_input)
{
	const struct wsaerr_code *c = (const void *)1;
	unsigned value = 0;
	enum wsaerr_key_status st = wsaerr_key_parse(
	        wsaerr_table_default(), k->input, strlen(k->input), &c, &value);

	cr_expect_eq(st, k->status, "'%s': status %d, want %d", k->input,
	             (int)st, (int)k->status);
	if (k->status == WSAERR_KEY_OK) {
		cr_assert_not_null(c, "'%s'", k->input);
		cr_expect_eq(c->value, k->value, "'%s'", k->input);
	} else {
		cr_expect_null(c, "'%s' sets no code", k->input);
	}
	if (k->status == WSAERR_KEY_UNKNOWN_CODE)
		cr_expect_eq(value, k->value, "'%s'", k->input);
}

Test(key, length_limit_is_64_bytes_after_trimming)
{
	const struct wsaerr_table *t = wsaerr_table_default();
	const struct wsaerr_code *c;
	char buf[200];

	memset(buf, '0', sizeof(buf));
	memcpy(buf + 59, "10061", 5); /* 64 bytes: 59 zeros, then 10061 */
	cr_expect_eq(wsaerr_key_parse(t, buf, 64, &c, NULL), WSAERR_KEY_OK);
	cr_expect_eq(wsaerr_key_parse(t, buf, 65, &c, NULL),
	             WSAERR_KEY_TOO_LONG);
	memset(buf, ' ', 100);
	memcpy(buf + 100, "10061", 5);
	cr_expect_eq(wsaerr_key_parse(t, buf, 105, &c, NULL), WSAERR_KEY_OK);
}

Test(key, nul_byte_and_raw_length)
{
	const struct wsaerr_table *t = wsaerr_table_default();
	const struct wsaerr_code *c;

	/* the length is what counts, not a NUL */
	cr_expect_eq(wsaerr_key_parse(t,
	                              "100\0"
	                              "61",
	                              6, &c, NULL),
	             WSAERR_KEY_TRAILING);
	cr_expect_eq(wsaerr_key_parse(t, "WSAE\0X", 6, &c, NULL),
	             WSAERR_KEY_MALFORMED);
	cr_expect_eq(wsaerr_key_parse(t, "10061999", 5, &c, NULL),
	             WSAERR_KEY_OK);
}

Test(key, messages_and_classes)
{
	for (int st = WSAERR_KEY_OK; st <= WSAERR_KEY_UNKNOWN_NAME; st++) {
		const char *m = wsaerr_key_status_message(st);

		cr_expect_not_null(m);
		cr_expect_gt(strlen(m), 1);
	}
	cr_expect(wsaerr_key_status_malformed(WSAERR_KEY_EMPTY));
	cr_expect(wsaerr_key_status_malformed(WSAERR_KEY_RANGE));
	cr_expect(!wsaerr_key_status_malformed(WSAERR_KEY_UNKNOWN_CODE));
	cr_expect(!wsaerr_key_status_malformed(WSAERR_KEY_UNKNOWN_NAME));
	cr_expect(!wsaerr_key_status_malformed(WSAERR_KEY_OK));
}
