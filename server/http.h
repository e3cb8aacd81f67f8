/*
 * http.h: HTTP header logic with no libmicrohttpd in it: content
 * negotiation, conditional requests, entity tags and gzip. Pure functions
 * over strings, unit-tested in tests/unit/test_http.c.
 */
#ifndef WSAERR_HTTP_H
#define WSAERR_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#define HTTP_ETAG_SIZE 19 /* "\"" + 16 hex + "\"" + NUL */

/*
 * True when an Accept header prefers text/plain to JSON: the best q of
 * text/plain (or text/ *) is above that of application/json (or
 * application/ *, or * / *). NULL or empty: JSON.
 */
bool http_prefers_text(const char *accept);

/* True when an Accept-Encoding header accepts gzip (q > 0). */
bool http_accepts_gzip(const char *accept_encoding);

/*
 * True when an If-None-Match header matches etag by weak comparison
 * (RFC 9110 13.1.2): "*", or a listed tag equal to etag with any W/ prefix.
 */
bool http_etag_matches(const char *if_none_match, const char *etag);

/* A strong entity tag for body: "\"" + FNV-1a 64 in hex + "\"". */
void http_etag(const void *body, size_t len, char out[HTTP_ETAG_SIZE]);

/*
 * Gzips in[0..len) into a new buffer that the caller frees with free().
 * Returns it with its size in *out_len, or NULL when out of memory.
 */
unsigned char *http_gzip(const void *in, size_t len, size_t *out_len);

#endif
