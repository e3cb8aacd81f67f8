/*
 * cache.h: every response body the server can know in advance, rendered
 * once at start-up: each code, the default list, the spec, the index and
 * the web page's files,
 * in JSON and text, plain and gzipped, each with its strong ETag.
 *
 * Invariants after cache_init(): every entity has a plain JSON (or YAML)
 * form, rep[0][0]; a form is gzipped too when it is over GZIP_MIN bytes.
 * The cache is read-only from then on, so any number of threads may read
 * it. No HTTP library here: respond.h attaches a prepared response to each
 * form.
 */
#ifndef WSAERR_CACHE_H
#define WSAERR_CACHE_H

#include "http.h"
#include "page.h"
#include "search.h"
#include "table.h"

#include <stdbool.h>
#include <stddef.h>

#define GZIP_MIN 1024 /* bodies over this are gzipped when accepted */

struct MHD_Response;

/* One representation of a resource. */
struct rep {
	char *body; /* owned; NULL: no such representation */
	size_t len;
	char etag[HTTP_ETAG_SIZE];
	const char *content_type;
	bool gzipped;
	/* the reusable 200 and 304, made and destroyed by respond.h */
	struct MHD_Response *prepared;
	struct MHD_Response *not_modified;
};

/* A resource in JSON and text, each plain and gzipped: rep[text][gzip]. */
struct entity {
	struct rep rep[2][2];
	const char *cache_control;
};

struct cache {
	const struct wsaerr_table *table;
	struct entity codes[WSAERR_MAX_CODES]; /* by index in table->codes */
	struct entity list;                    /* GET /codes, the defaults */
	struct entity openapi;
	struct entity index;
	struct entity assets[PAGE_N_ASSETS]; /* the web page's files */
};

/* A malloc'd copy of body[0..len) (a byte, when len is 0), or NULL when
 * out of memory. */
char *cache_body_copy(const char *body, size_t len);

/*
 * Renders everything for table t into c (caller memory, any contents).
 * Returns false when out of memory; c is then released already.
 */
WSAERR_MUST_CHECK bool cache_init(struct cache *c,
                                  const struct wsaerr_table *t);

/* Frees every body. The prepared responses must be gone already. */
void cache_release(struct cache *c);

/* The entity of code `code`, which must be in the cache's table. */
const struct entity *cache_code(const struct cache *c,
                                const struct wsaerr_code *code);

/* The entity of the web page's file name[0..len), or NULL. */
const struct entity *cache_asset(const struct cache *c, const char *name,
                                 size_t len);

/*
 * Calls fn on every representation that has a body, in a fixed order, and
 * stops at the first that returns false. Returns false then, else true.
 */
bool cache_each(struct cache *c,
                bool (*fn)(struct rep *r, const struct entity *e, void *cls),
                void *cls);

/* The representation a client asked for: text when wanted and there is
 * one (else JSON), gzipped when accepted and worth it. Never NULL. */
const struct rep *entity_pick(const struct entity *e, bool text, bool gzip);

/* A page of codes: a list, or a search's hits. */
struct page {
	const char *query; /* what was searched; NULL for a list */
	size_t query_len;
	bool truncated; /* the query was longer than what was searched */
	const struct wsaerr_code *codes[WSAERR_MAX_CODES];
	const struct wsaerr_hit *hits; /* their scores, or NULL for a list */
	size_t n, total, limit, offset;
};

/*
 * The body of a page: JSON {"query","truncated","total","limit","offset",
 * "items"}, each item a code's start-up JSON (with "score", "confidence"
 * and "matched" for a search), or one text line a code. Returns a malloc'd body the
 * caller frees, its length in *len, or NULL when out of memory.
 */
WSAERR_MUST_CHECK char *cache_page_body(const struct cache *c,
                                        const struct page *p, bool text,
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
WSAERR_MUST_CHECK char *cache_batch_body(const struct cache *c,
                                         const struct batch *b, bool text,
                                         size_t *len);

#endif
