/*
 * accesslog.h: one line per request on a file descriptor, as JSON or text.
 * Each line is written with one write(2), so lines from different threads
 * do not interleave. Bytes the client sent are escaped: JSON strings stay
 * valid even for invalid UTF-8, and text lines hold no control bytes.
 */
#ifndef WSAERR_ACCESSLOG_H
#define WSAERR_ACCESSLOG_H

#include <stddef.h>
#include <stdint.h>

enum accesslog_format { ACCESSLOG_JSON, ACCESSLOG_TEXT, ACCESSLOG_OFF };

struct access_entry {
	const char *method; /* as sent, may be anything; NULL: not read */
	const char *route;  /* templated */
	const char *target; /* raw request target, as sent */
	size_t target_len;
	unsigned status;
	uint64_t bytes; /* body bytes sent */
	uint64_t duration_ns;
	const char *remote; /* address text */
	const char *request_id;
};

/* Writes one line for e to fd in the given format; nothing for ACCESSLOG_OFF. */
void accesslog_write(int fd, enum accesslog_format f,
                     const struct access_entry *e);

/* Writes one operational message ("listening", "draining", ...). */
void accesslog_event(int fd, enum accesslog_format f, const char *event,
                     const char *detail);

/*
 * Appends s[0..len) to out as the inside of a JSON string: '"', '\\' and
 * control bytes escaped, valid UTF-8 kept, every byte of invalid UTF-8 as
 * \u00XX. Returns the bytes written, never more than size - 1; out is
 * NUL-terminated. Cut at a character boundary when out is too small.
 */
size_t accesslog_escape_json(const char *s, size_t len, char *out, size_t size);

#endif
