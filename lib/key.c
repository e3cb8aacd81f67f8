#include "key.h"

#include "text.h"

#include <stdint.h>
#include <string.h>

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Length of the run of bytes at s that pass `ok`. */
static size_t span(const char *s, size_t len, bool (*ok)(char))
{
	size_t i = 0;

	while (i < len && ok(s[i]))
		i++;
	return i;
}

static bool is_hex(char c)
{
	return wsaerr_hex_digit(c) >= 0;
}

static bool is_word(char c)
{
	return wsaerr_is_word_byte((unsigned char)c);
}

/*
 * A number typed by the user: a Winsock code, an HRESULT_FROM_WIN32 of one
 * or of a Win32 neighbour, or an NTSTATUS neighbour (0xC... or its 0xD...
 * HRESULT form). A bare number below 65536 is never read as a Win32 code:
 * it is ambiguous (wsaerr_interpret()).
 */
static enum wsaerr_key_status from_number(const struct wsaerr_table *t,
                                          uint64_t v, struct wsaerr_key *k)
{
	unsigned c;

	if (v > UINT32_MAX)
		return WSAERR_KEY_RANGE;
	if (v <= 0xFFFF) {
		c = (unsigned)v;
	} else if ((v & 0xFFFF0000u) == 0x80070000u) {
		c = (unsigned)(v & 0xFFFFu);
		if (!wsaerr_table_by_value(t, c))
			k->via = wsaerr_neighbour_by_value(
			        t, WSAERR_SPACE_WIN32, c);
	} else {
		k->via = wsaerr_neighbour_by_value(t, WSAERR_SPACE_NTSTATUS,
		                                   (uint32_t)v);
		if (!k->via)
			return WSAERR_KEY_RANGE;
		c = 0;
	}
	if (k->via) {
		k->code = wsaerr_neighbour_code(t, k->via);
		return k->code ? WSAERR_KEY_OK : WSAERR_KEY_NO_EQUIVALENT;
	}
	k->code = wsaerr_table_by_value(t, c);
	if (k->code)
		return WSAERR_KEY_OK;
	k->value = c;
	return WSAERR_KEY_UNKNOWN_CODE;
}

/* Digits of s[0..len) in base 10 or 16, saturating above UINT32_MAX. */
static uint64_t number(const char *s, size_t len, unsigned base)
{
	uint64_t v = 0;

	for (size_t i = 0; i < len; i++) {
		v = v * base + (uint64_t)wsaerr_hex_digit(s[i]);
		if (v > UINT32_MAX)
			return (uint64_t)UINT32_MAX + 1;
	}
	return v;
}

/* After a number's digits: garbage or the end. */
static enum wsaerr_key_status after_digits(size_t digits, size_t len)
{
	return digits == len ? WSAERR_KEY_OK : WSAERR_KEY_TRAILING;
}

/* True for the first digits of a bare 8-digit NTSTATUS: C0 or D0. */
static bool ntstatus_prefix(const char *s)
{
	return (s[0] == 'C' || s[0] == 'c' || s[0] == 'D' || s[0] == 'd') &&
	       s[1] == '0';
}

enum wsaerr_key_status wsaerr_key_lookup(const struct wsaerr_table *t,
                                         const char *s, size_t len,
                                         struct wsaerr_key *k)
{
	size_t n, word, hex;
	bool letter = false;
	enum wsaerr_key_status st;

	memset(k, 0, sizeof(*k));
	while (len > 0 && is_space(s[0])) {
		s++;
		len--;
	}
	while (len > 0 && is_space(s[len - 1]))
		len--;
	if (len == 0)
		return WSAERR_KEY_EMPTY;
	if (len > WSAERR_KEY_MAX)
		return WSAERR_KEY_TOO_LONG;

	/* .NET's spelling: SocketError.TimedOut */
	if (wsaerr_has_prefix(s, len, WSAERR_DOTNET_PREFIX,
	                      strlen(WSAERR_DOTNET_PREFIX))) {
		const size_t skip = strlen(WSAERR_DOTNET_PREFIX);
		const struct wsaerr_name *member;

		if (span(s + skip, len - skip, is_word) != len - skip ||
		    len == skip)
			return WSAERR_KEY_MALFORMED;
		member = wsaerr_table_find_name(t, s + skip, len - skip);
		if (!member || member->kind != WSAERR_NAME_DOTNET)
			return WSAERR_KEY_UNKNOWN_NAME;
		k->code = &t->codes[member->code];
		return WSAERR_KEY_OK;
	}
	word = span(s, len, is_word);
	/* every name starts with a letter (the loader holds to it), so a
	 * number costs no search of the names */
	if (word == len && !is_digit(s[0])) {
		k->code = wsaerr_table_by_name(t, s, len);
		if (k->code)
			return WSAERR_KEY_OK;
		/* ERROR_NETNAME_DELETED, STATUS_IO_TIMEOUT */
		k->via = wsaerr_neighbour_by_name(t, s, len);
		if (k->via) {
			k->code = wsaerr_neighbour_code(t, k->via);
			return k->code ? WSAERR_KEY_OK
			               : WSAERR_KEY_NO_EQUIVALENT;
		}
	}

	if (len >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		n = span(s + 2, len - 2, is_hex);
		if (n == 0)
			return WSAERR_KEY_MALFORMED;
		st = after_digits(n, len - 2);
		if (st != WSAERR_KEY_OK)
			return st;
		return from_number(t, number(s + 2, n, 16), k);
	}

	if (s[0] == '-') {
		uint64_t v;

		n = span(s + 1, len - 1, is_digit);
		if (n == 0)
			return WSAERR_KEY_MALFORMED;
		st = after_digits(n, len - 1);
		if (st != WSAERR_KEY_OK)
			return st;
		v = number(s + 1, n, 10);
		if (v == 0)
			return from_number(t, 0, k);
		if (v > (uint64_t)INT32_MAX + 1)
			return WSAERR_KEY_RANGE;
		/* two's complement of a negative 32-bit integer */
		return from_number(t, (uint64_t)UINT32_MAX + 1 - v, k);
	}

	hex = span(s, len, is_hex);
	for (size_t i = 0; i < hex; i++)
		letter = letter || !is_digit(s[i]);
	if (hex == len && letter &&
	    (len <= 4 || (len == 8 && ((s[0] == '8' && s[1] == '0' &&
	                                s[2] == '0' && s[3] == '7') ||
	                               ntstatus_prefix(s)))))
		return from_number(t, number(s, len, 16), k);

	n = span(s, len, is_digit);
	if (n > 0) {
		st = after_digits(n, len);
		if (st != WSAERR_KEY_OK)
			return st;
		return from_number(t, number(s, n, 10), k);
	}
	if (word == len)
		return WSAERR_KEY_UNKNOWN_NAME;
	return WSAERR_KEY_MALFORMED;
}

enum wsaerr_key_status wsaerr_key_parse(const struct wsaerr_table *t,
                                        const char *s, size_t len,
                                        const struct wsaerr_code **code,
                                        unsigned *value)
{
	struct wsaerr_key k;
	enum wsaerr_key_status st = wsaerr_key_lookup(t, s, len, &k);

	*code = k.code;
	if (st == WSAERR_KEY_UNKNOWN_CODE && value)
		*value = k.value;
	return st;
}

const char *wsaerr_key_status_message(enum wsaerr_key_status st)
{
#define WSAERR_KEY_STATUSES_MESSAGE(suffix, message)                           \
	case WSAERR_KEY_##suffix:                                              \
		return message;
	switch (st) {
		WSAERR_KEY_STATUSES(WSAERR_KEY_STATUSES_MESSAGE)
	}
#undef WSAERR_KEY_STATUSES_MESSAGE
	return "unknown key status";
}

bool wsaerr_key_status_malformed(enum wsaerr_key_status st)
{
	return st != WSAERR_KEY_OK && st != WSAERR_KEY_UNKNOWN_CODE &&
	       st != WSAERR_KEY_UNKNOWN_NAME && st != WSAERR_KEY_NO_EQUIVALENT;
}
