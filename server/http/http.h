/*
 * http.h: HTTP header logic with no libmicrohttpd in it: request framing,
 * content negotiation, conditional requests, entity tags and gzip. Pure
 * functions over strings, unit-tested in tests/unit/test_http.c.
 */
#ifndef WSAERR_HTTP_H
#define WSAERR_HTTP_H

#include "problem.h"
#include "attr.h"

#include <stdbool.h>
#include <stddef.h>

#define HTTP_ETAG_SIZE 19 /* "\"" + 16 hex + "\"" + NUL */

/* The forms a response can take. */
enum http_form { HTTP_FORM_JSON, HTTP_FORM_TEXT, HTTP_FORM_HTML };

/*
 * The form an Accept header prefers. Each form has the best q of its media
 * ranges: JSON application/json, application/problem+json, application/ *
 * and * / *; text text/plain and text/ *; HTML text/html and
 * application/xhtml+xml. JSON wins unless text or HTML has a higher q (a
 * browser's "text/html, ..., * / *;q=0.8" is HTML; curl's and fetch()'s
 * "* / *" is JSON); text wins a tie with HTML. NULL or empty: JSON.
 */
enum http_form http_preferred_form(const char *accept);

/* True when an Accept-Encoding header accepts gzip (q > 0). */
bool http_accepts_gzip(const char *accept_encoding);

/*
 * True when an If-None-Match header matches etag by weak comparison
 * (RFC 9110 13.1.2): "*", or a listed tag equal to etag with any W/ prefix.
 */
bool http_etag_matches(const char *if_none_match, const char *etag);

/*
 * True when s is a comma-separated list of one or more header names
 * (RFC 9110 tokens) with optional whitespace, as Access-Control-Request-
 * Headers is: "x-request-id, content-type". Empty elements are allowed, as
 * in any list; a list with no name at all is not.
 */
bool http_token_list_valid(const char *s);

/* A strong entity tag for body: "\"" + FNV-1a 64 in hex + "\"". */
void http_etag(const void *body, size_t len, char out[HTTP_ETAG_SIZE]);

/*
 * Gzips in[0..len) into a new buffer that the caller frees with free().
 * Returns it with its size in *out_len, or NULL when out of memory.
 */
WSAERR_MUST_CHECK unsigned char *http_gzip(const void *in, size_t len,
                                           size_t *out_len);

/* --- request framing: checked before anything else --------------------- */

#define HTTP_HEADERS_MAX    16384 /* bytes of request header fields: else 431 */
#define HTTP_UNIQUE_HEADERS 11    /* fields that may appear only once */

/* What the header fields of one request add up to. Zero it to start. */
struct http_framing {
	unsigned counts[HTTP_UNIQUE_HEADERS];
	size_t bytes; /* as sent: names, values, ": " and CRLF */
	bool body;    /* a Content-Length above 0 */
	bool chunked; /* Transfer-Encoding is exactly "chunked" */
	/* a field name that is not a token (empty, or with whitespace, NUL
	 * or a control byte: "Content-Length : 5"), or a value with CR, LF,
	 * NUL or a control byte other than tab: framing a front end and
	 * this server could read two ways (RFC 9112 5.1, 2.2) */
	bool bad_name, bad_value;
};

/* Counts one header field; value is NUL-terminated at value_len. */
void http_framing_count(struct http_framing *f, const char *name,
                        size_t name_len, const char *value, size_t value_len);

/* True when the fields say a body follows: a Content-Length above 0, or
 * a Transfer-Encoding. */
bool http_framing_has_body(const struct http_framing *f);

/*
 * True when the request is well framed. Else false, with the problem in *p
 * and a sentence in detail: fields over HTTP_HEADERS_MAX bytes (431), a
 * field name that is not a token or a value with a control byte, a field
 * that must be unique given twice, an HTTP/1.1 request (`http11`) without
 * Host, and a body (400, and the connection is closed). A body is refused
 * unless `body_allowed` (POST /scan), and then too when it is framed two
 * ways (Content-Length and Transfer-Encoding) or by a transfer coding
 * other than chunked alone, which a front end could read otherwise
 * (RFC 9112 6.1, 6.3).
 */
WSAERR_MUST_CHECK bool http_framing_check(const struct http_framing *f,
                                          bool http11, bool body_allowed,
                                          enum problem *p, char *detail,
                                          size_t size);

#endif
