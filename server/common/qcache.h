/*
 * qcache.h: rendered search answers, kept for the next dashboard that asks
 * the same thing.
 *
 * A key is everything an answer depends on (the form, the query as
 * searched, the category, limit and offset: routes.c builds it); a value is
 * the body and the Link header, and what the server attaches to it (its
 * prepared responses). The cache is bounded in bytes (keys, values,
 * attachments and bookkeeping counted), split into shards with a lock each, and
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
	atomic_uint_fast64_t evicted_bytes; /* of those, the bytes */
	atomic_size_t bytes;                /* held now */
	atomic_size_t entries;              /* held now */
};

/*
 * What the server makes of an answer on its first use (its prepared
 * responses), attached to the entry and let go with `release` when the
 * entry is evicted and no request holds it any more.
 */
typedef void qcache_release_fn(void *attached);

/* A cache of at most `bytes` (0: a cache that keeps nothing); `release`
 * (or NULL) lets go of what is attached to an entry. NULL when out of
 * memory. */
WSAERR_MUST_CHECK struct qcache *qcache_new(size_t bytes,
                                            qcache_release_fn *release);
void qcache_free(struct qcache *c);

/* One answer, held by the cache and by whoever acquired it. */
struct qcache_entry;

/*
 * The answer for key[0..key_len), held until qcache_release(): eviction
 * then only takes it out of the cache. NULL on a miss. Counts the hit or
 * miss, and makes the entry the most recently used.
 */
struct qcache_entry *qcache_acquire(struct qcache *c, const char *key,
                                    size_t key_len);

/* Lets go of an entry qcache_acquire() gave; NULL is nothing. */
void qcache_release(struct qcache_entry *e);

/* An acquired entry's body (its length in *len) and Link value, valid
 * while it is held. */
const char *qcache_entry_body(const struct qcache_entry *e, size_t *len);
const char *qcache_entry_link(const struct qcache_entry *e);

/* Attachments an entry holds, each made when first needed: the server
 * keeps one a representation (plain, gzipped). */
#define QCACHE_SLOTS 2

/* What is attached to a held entry in `slot`, or NULL. */
void *qcache_entry_attached(struct qcache_entry *e, unsigned slot);

/*
 * Attaches p (not NULL) to a held entry in `slot`, counting `cost` more
 * bytes against the bound (and evicting other entries to make room).
 * Returns what is attached there then: p, or what another thread attached
 * first, or NULL when the entry could not hold p's cost; p is the
 * caller's to free unless p comes back.
 */
void *qcache_entry_attach(struct qcache_entry *e, unsigned slot, void *p,
                          size_t cost);

/* Keeps a copy of the answer for key, evicting what it must. An answer
 * larger than a shard holds is not kept. Nothing happens when out of
 * memory. */
void qcache_put(struct qcache *c, const char *key, size_t key_len,
                const char *body, size_t len, const char *link);

/* The counters; valid while c lives. */
const struct qcache_stats *qcache_stats(const struct qcache *c);

#endif
