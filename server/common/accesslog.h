/*
 * accesslog.h: one line per request on a file descriptor, as JSON or text.
 * Bytes the client sent are escaped: JSON strings stay valid even for
 * invalid UTF-8, and text lines hold no control bytes.
 *
 * The server logs through a buffered log (accesslog_open()): each thread
 * appends whole lines to a buffer of its own, written out with one
 * write(2) when full and by accesslog_flush(), which the server calls at
 * least every 100 ms, before each event, on drain and on close. Lines never
 * interleave, and none is lost: a line the descriptor refuses (a full disk)
 * is counted as dropped. accesslog_write() and accesslog_event() write one
 * line at once.
 */
#ifndef WSAERR_ACCESSLOG_H
#define WSAERR_ACCESSLOG_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

enum accesslog_format { ACCESSLOG_JSON, ACCESSLOG_TEXT, ACCESSLOG_OFF };

struct access_entry {
	const char *method; /* as sent, may be anything; NULL: not read */
	const char *route;  /* templated */
	const char *target; /* raw request target, as sent */
	size_t target_len;
	unsigned status;
	uint64_t bytes;      /* body bytes sent */
	uint64_t bytes_read; /* body bytes read (POST /scan's log) */
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
 * Appends s[0..len) to out as the inside of a JSON string, by the one rule
 * of every JSON string the service writes, for a terminal
 * (wsaerr_json_escape_char(), text.h): control characters, DEL and C1, the
 * line separators and the bidi controls escaped, other valid UTF-8 kept,
 * every byte of invalid UTF-8 as \u00XX. Returns the bytes written, never more than size - 1; out is
 * NUL-terminated. Cut at a character boundary when out is too small.
 */
size_t accesslog_escape_json(const char *s, size_t len, char *out, size_t size);

/* A buffered log on fd. `dropped` (or NULL) counts the lines a write
 * failed to write. NULL when out of memory. */
struct accesslog *accesslog_open(int fd, enum accesslog_format f,
                                 atomic_uint_fast64_t *dropped);

/* Appends the line of e to the calling thread's buffer. Thread-safe. */
void accesslog_log(struct accesslog *l, const struct access_entry *e);

/* Writes out every buffer. Thread-safe. */
void accesslog_flush(struct accesslog *l);

/* Writes out every buffer, then the event's line. */
void accesslog_log_event(struct accesslog *l, const char *event,
                         const char *detail);

/* Writes out every buffer and frees l; no thread may log to it any more.
 * NULL is nothing. */
void accesslog_close(struct accesslog *l);

#endif
