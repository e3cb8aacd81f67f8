/*
 * bodies.h: the bodies rendered per request from the codes' start-up
 * JSON: a listing (a page of a list or of a search's hits) and a batch
 * (?keys=).
 */
#ifndef WSAERR_BODIES_H
#define WSAERR_BODIES_H

#include "attr.h"
#include "entity.h"
#include "search.h"
#include "table.h"

#include <stdbool.h>
#include <stddef.h>

/* A listing: a page of codes of a list, or of a search's hits. */
struct listing {
	const char *query; /* what was searched; NULL for a list */
	size_t query_len;
	bool truncated; /* the query was longer than what was searched */
	const struct wsaerr_code *codes[WSAERR_MAX_CODES];
	const struct wsaerr_hit *hits; /* their scores, or NULL for a list */
	size_t n, total, limit, offset;
};

/*
 * The body of a listing: JSON {"query","truncated","total","limit","offset",
 * "items"}, each item a code's start-up JSON (with "score", "confidence"
 * and "matched" for a search), or one text line a code. Returns a malloc'd body the
 * caller frees, its length in *len, or NULL when out of memory. `codes`
 * are the codes' start-up entities, by index in t->codes.
 */
WSAERR_MUST_CHECK char *listing_body(const struct wsaerr_table *t,
                                     const struct entity *codes,
                                     const struct listing *p, bool text,
                                     size_t *len);

/* At most this many keys in one ?keys= request. */
#define BATCH_MAX 100

/* A key of a batch that named no code, and why. */
struct batch_missing {
	const char *key; /* as given, UTF-8; not NUL-terminated */
	size_t len;
	unsigned status;  /* 400: malformed, 404: unknown */
	char detail[512]; /* a sentence for people: the longest, for 51, is
	                   * 428 bytes */
};

/* The answer to ?keys=: the codes found, in the order given, each once,
 * or once more for each neighbour a key named it through (10054, and
 * 10054 via ERROR_NETNAME_DELETED); then the keys that named none, each
 * once. */
struct batch {
	const struct wsaerr_code *codes[BATCH_MAX];
	const struct wsaerr_neighbour *vias[BATCH_MAX]; /* or NULL */
	size_t n;
	struct batch_missing missing[BATCH_MAX];
	size_t n_missing;
};

/*
 * The body of a batch: JSON {"total","items","missing"}, each item a
 * code's start-up JSON (with "via" when a key named it through a
 * neighbour) and each missing key {"key","status","detail"}; or text, a
 * line a code (and its neighbour's) and then "KEY: detail" a missing
 * key. Returns a
 * malloc'd body the caller frees, its length in *len, or NULL when out of
 * memory.
 */
WSAERR_MUST_CHECK char *batch_body(const struct wsaerr_table *t,
                                   const struct entity *codes,
                                   const struct batch *b, bool text,
                                   size_t *len);

#endif
