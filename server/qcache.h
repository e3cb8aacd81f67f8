/*
 * qcache.h: rendered search answers, kept for the next dashboard that asks
 * the same thing.
 *
 * A key is everything an answer depends on (the form, the query as
 * searched, the category, limit and offset: routes.c builds it); a value is
 * the body and the Link header. The cache is bounded in bytes (keys,
 * values and bookkeeping counted), split into shards with a lock each, and
 * evicts the least recently used entry of a shard to make room. Any number
 * of threads may use it. Hits, misses and evictions are counted for
 * /metrics. No HTTP library here.
 */
#ifndef WSAERR_QCACHE_H
#define WSAERR_QCACHE_H

#include "attr.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#define QCACHE_BYTES (8u << 20) /* the default bound: 8 MiB */

struct qcache;

struct qcache_stats {
	atomic_uint_fast64_t hits, misses, evictions;
	atomic_size_t bytes;   /* held now */
	atomic_size_t entries; /* held now */
};

/* A cache of at most `bytes` (0: a cache that keeps nothing). NULL when
 * out of memory. */
WSAERR_MUST_CHECK struct qcache *qcache_new(size_t bytes);
void qcache_free(struct qcache *c);

/*
 * The answer for key[0..key_len): a malloc'd copy of the body in *body
 * (its length in *len) and of the Link value in link (link_size bytes,
 * NUL-terminated). True on a hit; false on a miss or when out of memory
 * (nothing is set then). Counts the hit or miss.
 */
bool qcache_get(struct qcache *c, const char *key, size_t key_len, char **body,
                size_t *len, char *link, size_t link_size);

/* Keeps a copy of the answer for key, evicting what it must. An answer
 * larger than a shard holds is not kept. Nothing happens when out of
 * memory. */
void qcache_put(struct qcache *c, const char *key, size_t key_len,
                const char *body, size_t len, const char *link);

/* The counters; valid while c lives. */
const struct qcache_stats *qcache_stats(const struct qcache *c);

#endif
