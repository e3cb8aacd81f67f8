/*
 * uri.h: strict parsing of a raw request target ("/codes/x?q=a+b").
 *
 * libmicrohttpd 0.9.75 decodes %00 into a string end and passes bad '%'
 * sequences through, so the server parses the raw target itself: every '%'
 * must start a valid escape, and no escape may decode to NUL. The path is
 * split into segments before it is decoded, so "%2F" is a byte of a
 * segment, never a separator. In the query, '+' is a space.
 *
 * Accepted forms (RFC 9112 3.2): origin-form "/path?query", absolute-form
 * "http://host:port/path?query" (the scheme and authority are dropped), and
 * asterisk-form "*". Nothing is allocated: the decoded strings live in the
 * struct the caller provides.
 */
#ifndef WSAERR_URI_H
#define WSAERR_URI_H

#include "attr.h"
#include "text.h"

#include <stdbool.h>
#include <stddef.h>

#define URI_MAX          8192 /* bytes of request target; longer is a 414 */
#define URI_MAX_PARAMS   16
#define URI_MAX_SEGMENTS 8 /* segments kept; a deeper path routes nowhere */

/*
 * X(suffix, message): each status of a target, and what it says to
 * people. OK; TOO_LONG: over URI_MAX bytes; NOT_ORIGIN_FORM: neither
 * "/...", "http(s)://..." nor "*"; BAD_ESCAPE: '%' not followed by two hex
 * digits; NUL: %00; TOO_MANY_PARAMS: over URI_MAX_PARAMS parameters.
 */
#define URI_STATUSES(X)                                                        \
	X(OK, "ok")                                                            \
	X(TOO_LONG,                                                            \
	  "the request target is longer than " WSAERR_STR(URI_MAX) " bytes")   \
	X(NOT_ORIGIN_FORM, "the request target must be a path starting with "  \
	                   "'/', an http or https URL, or '*'")                \
	X(BAD_ESCAPE, "the URI holds a '%' that is not followed by two hex "   \
	              "digits")                                                \
	X(NUL, "the URI holds %00, an encoded NUL byte")                       \
	X(TOO_MANY_PARAMS,                                                     \
	  "the query has more than " WSAERR_STR(URI_MAX_PARAMS) " parameters")

#define URI_STATUSES_ENUM(suffix, message) URI_##suffix,
enum uri_status { URI_STATUSES(URI_STATUSES_ENUM) };
#undef URI_STATUSES_ENUM

struct uri_param {
	const char *key;   /* decoded, NUL-terminated */
	const char *value; /* decoded, NUL-terminated; "" when no '=' */
	size_t value_len;
};

/* One path segment: the bytes between two '/', decoded. */
struct uri_segment {
	const char *text; /* decoded, NUL-terminated; may hold '/' from %2F */
	size_t len;
};

struct uri {
	bool asterisk; /* the target is "*": no path, no parameters */
	/* "/" is one empty segment, "/codes/" is "codes" and "" */
	struct uri_segment segments[URI_MAX_SEGMENTS];
	size_t n_segments; /* URI_MAX_SEGMENTS + 1: deeper than kept */
	struct uri_param params[URI_MAX_PARAMS];
	size_t n_params;
	/* the decoded strings: never longer than the raw ones, plus a NUL
	 * for each segment, key and value */
	char buf[URI_MAX + 1 + 2 * URI_MAX_PARAMS + URI_MAX_SEGMENTS];
};

/* Parses raw[0..len) into *u. On failure *u is unusable. */
WSAERR_MUST_CHECK enum uri_status uri_parse(const char *raw, size_t len,
                                            struct uri *u);

/* The parameter named key: its index, or -1. *count gets how many times
 * it was given (a parameter given twice is an error the caller reports). */
int uri_param(const struct uri *u, const char *key, int *count);

/* What went wrong, as a sentence for people. */
const char *uri_status_message(enum uri_status st);

/*
 * Percent-encodes s[0..len) for a query value into out (size bytes,
 * NUL-terminated): unreserved bytes stay, all else becomes %XX. Returns
 * the length written, or 0 when it does not fit.
 */
WSAERR_MUST_CHECK size_t uri_encode(const char *s, size_t len, char *out,
                                    size_t size);

#endif
