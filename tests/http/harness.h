/*
 * harness.h: drives a real wsaerr server over HTTP for the integration
 * tests. The server runs in the test's own process on port 0 (the port is
 * read back from libmicrohttpd); requests go through libcurl, or a raw
 * socket for what curl will not send.
 *
 * When WSAERR_RECORD names a file, every exchange with a UTF-8 body is
 * appended to it as a JSON line (method, target, status, content type,
 * body) for the contract check in tests/contract.
 */
#ifndef WSAERR_HARNESS_H
#define WSAERR_HARNESS_H

#include "config.h"

#include <jansson.h>
#include <stddef.h>

struct resp {
	long status;
	char *headers; /* raw header block, NUL-terminated */
	char *body;    /* NUL-terminated; may hold NULs before it */
	size_t len;
	int curl_error; /* CURLE_OK (0) when the exchange happened */
};

/* Starts a server on 127.0.0.1, port 0, with cfg (NULL: test defaults,
 * 2 threads, no access log). Returns its port. */
unsigned srv_start(const struct server_config *cfg);
void srv_stop(void);
unsigned srv_port(void);
struct server *srv(void);

/* A request through libcurl. `headers` is a NULL-ended list of "Name: v"
 * lines or NULL. `gzip` asks curl to send Accept-Encoding: gzip and to
 * decode the body. The response is recorded. Never NULL. */
struct resp *req(const char *method, const char *target,
                 const char *const *headers);
struct resp *req_gzip(const char *target, bool decode);

/* A POST of body[0..len) with a Content-Length, or `chunked` (in chunks
 * of 1000 bytes). curl adds Content-Type: application/x-www-form-urlencoded
 * unless headers give one ("Content-Type:" alone sends none). Recorded. */
struct resp *req_post(const char *target, const char *const *headers,
                      const void *body, size_t len, bool chunked);

/* A GET on a connection kept open between calls (for keep-alive tests). */
struct resp *req_keepalive(const char *target);
void keepalive_close(void);

/* Sends raw bytes on a new connection and reads until the server closes
 * it or 2 s pass. The status is parsed from the status line. */
struct resp *raw(const char *bytes, size_t len);

/* The same in steps: a connection, bytes sent on it (as many times as
 * wanted), then the answer read until the server closes or 2 s pass. */
int raw_open(void);
void raw_send(int fd, const char *bytes, size_t len);
struct resp *raw_finish(int fd);

void resp_free(struct resp *r);

/* Appends an exchange made with raw() to $WSAERR_RECORD, for the contract
 * check (req() records its own). */
void record(const char *method, const char *target, const struct resp *r);

/* The value of header `name` (case-insensitive) in a malloc'd string the
 * test frees, or NULL when absent. */
char *header(const struct resp *r, const char *name);

/* The body parsed as JSON (caller owns), failing the test when it is not. */
json_t *body_json(const struct resp *r);

/* The value at `path` in j, borrowed, or NULL: object keys and array
 * indexes between slashes ("items/1/via/name"). */
json_t *json_at(json_t *j, const char *path);

/* The value of the sample `series` in the in-process server's /metrics
 * (`wsaerr_lookups_total{code="10061"}`), or -1 when it has none. */
long long srv_metric(const char *series);

/* Asserts that header `name` is there with value `want`. */
void expect_header(const struct resp *r, const char *name, const char *want);

/* Asserts the headers every response carries. */
void expect_common_headers(const struct resp *r);

#endif
