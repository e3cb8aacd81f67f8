/*
 * key.h: turns what a user typed into a code, or says why not.
 *
 * Accepted, after surrounding ASCII whitespace is trimmed:
 *   10061, 010061          decimal; leading zeros are decimal, never octal
 *   0x274D, 0X274d         hex with a prefix, 1 to 8 significant digits
 *   274D                   bare hex with a letter in it, 1 to 4 digits
 *   0x8007274D, 8007274D   HRESULT_FROM_WIN32 (facility 7), bare only when
 *                          it is all 8 digits and starts with 8007
 *   -2147014835            the HRESULT as a signed 32-bit integer
 *   2147952461             the HRESULT as an unsigned integer
 *   WSAECONNREFUSED, wsaeconnrefused,
 *   ECONNREFUSED, ERROR_IO_PENDING,
 *   NO_ADDRESS             names and aliases, ASCII case-insensitive; a name
 *                          wins over bare hex ("EBADF" is WSAEBADF)
 *   ConnectionRefused,
 *   SocketError.TimedOut   .NET's SocketError names, case-insensitive
 *   ERROR_NETNAME_DELETED, STATUS_CONNECTION_REFUSED,
 *   NT_STATUS_IO_TIMEOUT   a neighbour's name (Samba's spelling too)
 *   0xC0000236, C0000236,
 *   0xD0000236,
 *   -1073741514            an NTSTATUS neighbour, its HRESULT form
 *                          (HRESULT_FROM_NT), signed
 *   0x80070040             HRESULT_FROM_WIN32 of a Win32 neighbour (64)
 *
 * A neighbour's key names the Winsock code it is equivalent to, and the
 * neighbour itself (wsaerr_key.via). A bare number below 65536 is never
 * read as a Win32 code: "64" is ERROR_NETNAME_DELETED, but also Linux's
 * ENONET and BSD's EHOSTDOWN (wsaerr_interpret()).
 *
 * Refused (see enum wsaerr_key_status): "+10061" (no sign but the HRESULT's
 * minus), "0x" (no digits), "10 061", "10061abc".
 */
#ifndef WSAERR_KEY_H
#define WSAERR_KEY_H

#include "table.h"
#include "text.h"

#include <stddef.h>

#define WSAERR_KEY_MAX 64 /* bytes, after trimming */

/* How .NET writes its SocketError names: SocketError.TimedOut. */
#define WSAERR_DOTNET_PREFIX "SocketError."

/*
 * X(suffix, message): each status of a key, and what it says to people.
 * OK; EMPTY: nothing but whitespace; TOO_LONG: over WSAERR_KEY_MAX bytes;
 * TRAILING: a number with garbage after it; MALFORMED: neither a number
 * nor a name; RANGE: a number no Win32 code, HRESULT or known NTSTATUS
 * has; UNKNOWN_CODE: a possible code that the table lacks (wsaerr_key.value
 * says which); UNKNOWN_NAME: a well-formed name that the table lacks;
 * NO_EQUIVALENT: a neighbour with no Winsock equivalent (wsaerr_key.via
 * says which).
 */
#define WSAERR_KEY_STATUSES(X)                                                 \
	X(OK, "ok")                                                            \
	X(EMPTY, "the key is empty")                                           \
	X(TOO_LONG,                                                            \
	  "the key is longer than " WSAERR_STR(WSAERR_KEY_MAX) " bytes")       \
	X(TRAILING, "the number is followed by characters that are not "       \
	            "part of it")                                              \
	X(MALFORMED, "the key is neither a number (10061, 0x274D, "            \
	             "0x8007274D) nor a name (WSAECONNREFUSED)")               \
	X(RANGE, "the number is out of range: not a Win32 error code (0 to "   \
	         "65535), a Win32 HRESULT (0x8007xxxx) or an NTSTATUS this "   \
	         "service knows (0xC0000236)")                                 \
	X(UNKNOWN_CODE, "no Windows Sockets error has this number")            \
	X(UNKNOWN_NAME, "no Windows Sockets error has this name")              \
	X(NO_EQUIVALENT, "a Win32 or NTSTATUS error with no established "      \
	                 "Windows Sockets equivalent")

#define WSAERR_KEY_STATUSES_ENUM(suffix, message) WSAERR_KEY_##suffix,
enum wsaerr_key_status { WSAERR_KEY_STATUSES(WSAERR_KEY_STATUSES_ENUM) };
#undef WSAERR_KEY_STATUSES_ENUM

/* What a key names. */
struct wsaerr_key {
	const struct wsaerr_code *code; /* OK: the code */
	/* the neighbour the key named (OK or NO_EQUIVALENT), or NULL */
	const struct wsaerr_neighbour *via;
	unsigned value; /* UNKNOWN_CODE: the number, 126 for "126" */
};

/*
 * Parses s[0..len) (need not be NUL-terminated; a NUL byte inside is
 * refused) into *k, which is zeroed first.
 */
WSAERR_MUST_CHECK enum wsaerr_key_status wsaerr_key_lookup(
        const struct wsaerr_table *t, const char *s, size_t len,
        struct wsaerr_key *k);

/*
 * The same without the neighbour. On WSAERR_KEY_OK stores the code in
 * *code. On
 * WSAERR_KEY_UNKNOWN_CODE stores the code number in *value (for "126",
 * 126); *value is left alone otherwise. `value` may be NULL.
 */
WSAERR_MUST_CHECK enum wsaerr_key_status wsaerr_key_parse(
        const struct wsaerr_table *t, const char *s, size_t len,
        const struct wsaerr_code **code, unsigned *value);

/* What went wrong, as a sentence for people; never NULL. */
const char *wsaerr_key_status_message(enum wsaerr_key_status st);

/* True when the key itself is bad (EMPTY to RANGE), false when it is well
 * formed (OK, UNKNOWN_*, NO_EQUIVALENT): an HTTP service answers 400
 * against 404. */
bool wsaerr_key_status_malformed(enum wsaerr_key_status st);

#endif
