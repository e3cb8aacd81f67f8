/*
 * problem.h: every error body the server sends, built in one place.
 *
 * JSON errors are RFC 9457 problem details (application/problem+json):
 * type, title, status, detail, plus documented extension members
 * ("suggestions" on unknown codes, "parameter" on bad parameters). A client
 * that asked for text gets the same facts as text/plain lines.
 */
#ifndef WSAERR_PROBLEM_H
#define WSAERR_PROBLEM_H

#include "attr.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * X(enum suffix, status, type, title, close): `close` is true where the
 * request cannot be trusted, so the connection is closed after the answer.
 */
#define PROBLEMS(X)                                                            \
	X(BAD_REQUEST, 400, "urn:wsaerr:problem:bad-request", "Bad request",   \
	  true)                                                                \
	X(BAD_URI, 400, "urn:wsaerr:problem:bad-uri", "Malformed URI", false)  \
	X(BAD_KEY, 400, "urn:wsaerr:problem:bad-key",                          \
	  "Malformed error code key", false)                                   \
	X(BAD_PARAMETER, 400, "urn:wsaerr:problem:bad-parameter",              \
	  "Invalid query parameter", false)                                    \
	X(UNKNOWN_CODE, 404, "urn:wsaerr:problem:unknown-code",                \
	  "Unknown error code", false)                                         \
	X(NOT_FOUND, 404, "about:blank", "Not Found", false)                   \
	X(METHOD_NOT_ALLOWED, 405, "about:blank", "Method Not Allowed", false) \
	X(CONTENT_TOO_LARGE, 413, "urn:wsaerr:problem:content-too-large",      \
	  "Content too large", true)                                           \
	X(BAD_BODY, 400, "urn:wsaerr:problem:bad-body", "Unreadable body",     \
	  true)                                                                \
	X(UNSUPPORTED_MEDIA_TYPE, 415,                                         \
	  "urn:wsaerr:problem:unsupported-media-type",                         \
	  "Unsupported media type", true)                                      \
	X(URI_TOO_LONG, 414, "about:blank", "URI Too Long", true)              \
	X(HEADERS_TOO_LARGE, 431, "about:blank",                               \
	  "Request Header Fields Too Large", true)                             \
	X(INTERNAL, 500, "about:blank", "Internal Server Error", false)        \
	X(NOT_READY, 503, "urn:wsaerr:problem:not-ready", "Not ready", false)  \
	X(TOO_MANY_CONNECTIONS, 503,                                           \
	  "urn:wsaerr:problem:too-many-connections", "Too many connections",   \
	  true)                                                                \
	X(TOO_MANY_SCANS, 503, "urn:wsaerr:problem:too-many-scans",            \
	  "Too many scans", true)

enum problem {
#define PROBLEM_X(e, status, type, title, close) PROBLEM_##e,
	PROBLEMS(PROBLEM_X)
#undef PROBLEM_X
};

/* The HTTP status of a problem. */
unsigned problem_status(enum problem p);

/* The title of a problem: "Unknown error code". */
const char *problem_title(enum problem p);

/* True when the connection is closed after problem p. */
bool problem_closes(enum problem p);

/*
 * Builds the body of problem p: JSON, or text when `text`. `detail` is a
 * sentence for people (valid UTF-8). `extra` is an object whose members are
 * added to the JSON body after the four (type, title, status, detail; it
 * may not have those), or NULL; it is stolen, as by jansson's *_new
 * functions, also on failure.
 * Returns a malloc'd body the caller frees, with its length in *len, or
 * NULL when out of memory (or detail is not UTF-8, or extra is wrong).
 */
WSAERR_MUST_CHECK char *problem_body(enum problem p, const char *detail,
                                     json_t *extra, bool text, size_t *len);

#endif
