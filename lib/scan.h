/*
 * scan.h: a whole log, streamed: every line that names a Winsock error (or
 * one of its neighbours), found by the same search and the same threshold
 * as one pasted line, and a summary by code.
 *
 * Input. Fed in pieces of any size (wsaerr_scan_feed), never held whole:
 *   - UTF-8, with or without a BOM; bytes that are not UTF-8 are read as
 *     U+FFFD, a NUL or another control byte as a space;
 *   - UTF-16LE or UTF-16BE with a BOM (PowerShell's `>` writes UTF-16LE),
 *     and without one where the first bytes leave no doubt: most of the
 *     first code units are ASCII with the zero byte on one side only;
 *   - lines end at LF or CRLF; a line of any length is read, and its
 *     first WSAERR_SCAN_LINE_MAX bytes (as UTF-8) are searched, in
 *     pieces of WSAERR_QUERY_MAX_BYTES until one names a code.
 *
 * Speed. Most lines of a log name nothing, and search is the costly step,
 * so a line reaches it only when a cheap look at its words says it may
 * name something: a word that is a name or alias (WSAECONNREFUSED,
 * ECONNREFUSED, ERROR_SEM_TIMEOUT, ConnectionRefused), a number or 0x-hex
 * value after a word that introduces an error code or after '#', an
 * HRESULT or NTSTATUS form, two strong words of the table's texts, one in
 * a line short enough to be typed text, or any letter beyond ASCII (a line
 * in another language). Each of search's kinds of evidence needs one of
 * these, but a typo: a log prints its words as they are, and a scan takes
 * no typos.
 *
 * Memory: a scan is one struct (about 150 KiB, most of it the filter's
 * words and the search's result), whatever the input's size. No
 * allocation.
 */
#ifndef WSAERR_SCAN_H
#define WSAERR_SCAN_H

#include "search.h"
#include "table.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WSAERR_SCAN_LINE_MAX 4096  /* bytes of a line searched */
#define WSAERR_SCAN_FILTER   8192  /* slots of the word filter */
#define WSAERR_SCAN_PAIRS    16384 /* slots of its pairs of words */

/* One line that names a code. `text` is the line as searched (UTF-8, at
 * most WSAERR_SCAN_LINE_MAX bytes, no line end), valid during the call. */
struct wsaerr_scan_finding {
	uint64_t line; /* 1-based */
	const struct wsaerr_hit *hit;
	const char *text;
	size_t len;
};

/* Called for each finding in order; nonzero stops nothing, it is only
 * passed back from wsaerr_scan_feed() (a writer that failed). */
typedef int (*wsaerr_scan_fn)(const struct wsaerr_scan_finding *f, void *data);

/* What a scan found of one code. */
struct wsaerr_scan_count {
	uint64_t count;
	uint64_t first, last; /* lines; 0 when count is 0 */
};

enum wsaerr_scan_encoding {
	WSAERR_SCAN_UNKNOWN, /* nothing read yet */
	WSAERR_SCAN_UTF8,
	WSAERR_SCAN_UTF16LE,
	WSAERR_SCAN_UTF16BE,
};

struct wsaerr_scan {
	const struct wsaerr_table *t;
	wsaerr_scan_fn fn;
	void *data;
	uint64_t lines, bytes, findings, searched;
	uint8_t encoding; /* enum wsaerr_scan_encoding */
	/* bytes held until the encoding is known, or a code unit is whole */
	unsigned char head[64];
	size_t n_head;
	uint32_t surrogate; /* a UTF-16 high surrogate waiting, or 0 */
	/* the current line, as UTF-8: its first WSAERR_SCAN_LINE_MAX bytes */
	char line[WSAERR_SCAN_LINE_MAX];
	size_t len;
	bool over; /* the line is longer: the rest is only counted */
	struct wsaerr_scan_count codes[WSAERR_MAX_CODES];
	/* the filter: hashes of the words that may name something, each
	 * with what it is (see scan.c) */
	uint64_t filter[WSAERR_SCAN_FILTER];
	uint8_t kind[WSAERR_SCAN_FILTER];
	uint64_t pairs[WSAERR_SCAN_PAIRS];
	char clean[3 * WSAERR_SCAN_LINE_MAX]; /* the line as search gets it */
	struct wsaerr_search_result result;
	int status; /* the first nonzero return of fn */
};

/* Starts a scan of a log against t; fn (may be NULL) gets each finding. */
void wsaerr_scan_init(struct wsaerr_scan *s, const struct wsaerr_table *t,
                      wsaerr_scan_fn fn, void *data);

/* Reads p[0..n), the next piece of the log. Returns fn's first nonzero
 * return, or 0. */
int wsaerr_scan_feed(struct wsaerr_scan *s, const void *p, size_t n);

/* Ends the log: its last line, when it had no line end. Returns as
 * wsaerr_scan_feed(). */
int wsaerr_scan_finish(struct wsaerr_scan *s);

/* The indexes of the codes counted in codes[0..n) (n at most
 * WSAERR_MAX_CODES), most frequent first, a tie in index order (the
 * table's, by value), into order; how many there are. A summary's order. */
size_t wsaerr_scan_rank(const struct wsaerr_scan_count *codes, size_t n,
                        uint16_t *order);

/* "utf-8", "utf-16le", "utf-16be", or "unknown". */
const char *wsaerr_scan_encoding_name(enum wsaerr_scan_encoding e);

#endif
