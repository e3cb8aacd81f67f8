#include "qcache.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SHARDS  16
#define BUCKETS 256 /* per shard; chains are short at any sane size */

/* One answer: the key, the body and the link, in one allocation. */
struct qcache_entry {
	struct qcache_entry *next;          /* in its bucket */
	struct qcache_entry *newer, *older; /* in its shard's use order */
	struct qcache *owner;
	uint64_t hash;
	size_t key_len, len, link_len;
	size_t cost; /* what it counts against the bound, attachments too */
	bool linked; /* in the cache still (under its shard's lock) */
	atomic_uint refs; /* the cache's, while linked, and holders' */
	/* each set once, under the shard's lock */
	_Atomic(void *) attached[QCACHE_SLOTS];
	char data[]; /* key, body, link and a NUL */
};

struct shard {
	pthread_mutex_t lock;
	struct qcache_entry *buckets[BUCKETS];
	struct qcache_entry *newest, *oldest;
	size_t bytes, limit;
};

struct qcache {
	struct qcache_stats stats;
	qcache_release_fn *release;
	struct shard shards[SHARDS];
};

/* FNV-1a, 64 bits. */
static uint64_t hash_of(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037u;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211u;
	}
	return h;
}

struct qcache *qcache_new(size_t bytes, qcache_release_fn *release)
{
	struct qcache *c = calloc(1, sizeof(*c));
	int i = 0;

	if (!c)
		return NULL;
	c->release = release;
	for (; i < SHARDS; i++) {
		if (pthread_mutex_init(&c->shards[i].lock, NULL) != 0)
			break;
		c->shards[i].limit = bytes / SHARDS;
	}
	if (i < SHARDS) {
		while (i-- > 0)
			pthread_mutex_destroy(&c->shards[i].lock);
		free(c);
		return NULL;
	}
	return c;
}

/* Frees e and lets go of what is attached to it. */
static void destroy(struct qcache_entry *e)
{
	for (int i = 0; i < QCACHE_SLOTS; i++) {
		void *attached = atomic_load(&e->attached[i]);

		if (attached && e->owner->release)
			e->owner->release(attached);
	}
	free(e);
}

/* Drops one hold on e: the last frees it. */
static void unref(struct qcache_entry *e)
{
	if (atomic_fetch_sub(&e->refs, 1) == 1)
		destroy(e);
}

void qcache_free(struct qcache *c)
{
	if (!c)
		return;
	for (int i = 0; i < SHARDS; i++) {
		struct qcache_entry *e = c->shards[i].newest;

		while (e) { /* no request holds one any more */
			struct qcache_entry *older = e->older;

			destroy(e);
			e = older;
		}
		pthread_mutex_destroy(&c->shards[i].lock);
	}
	free(c);
}

const struct qcache_stats *qcache_stats(const struct qcache *c)
{
	return &c->stats;
}

static struct shard *shard_of(struct qcache *c, uint64_t h)
{
	return &c->shards[h >> 60]; /* the top 4 bits: 16 shards */
}

static struct qcache_entry **bucket_of(struct shard *s, uint64_t h)
{
	return &s->buckets[h % BUCKETS];
}

/* Takes e out of its shard's use order. */
static void unlink_use(struct shard *s, struct qcache_entry *e)
{
	if (e->newer)
		e->newer->older = e->older;
	else
		s->newest = e->older;
	if (e->older)
		e->older->newer = e->newer;
	else
		s->oldest = e->newer;
	e->newer = e->older = NULL;
}

/* Makes e the most recently used of its shard. */
static void push_newest(struct shard *s, struct qcache_entry *e)
{
	e->older = s->newest;
	e->newer = NULL;
	if (s->newest)
		s->newest->newer = e;
	s->newest = e;
	if (!s->oldest)
		s->oldest = e;
}

static struct qcache_entry *find(struct shard *s, uint64_t h, const char *key,
                                 size_t key_len)
{
	for (struct qcache_entry *e = *bucket_of(s, h); e; e = e->next) {
		if (e->hash == h && e->key_len == key_len &&
		    memcmp(e->data, key, key_len) == 0)
			return e;
	}
	return NULL;
}

/* Takes e out of its shard; it is freed when no request holds it. */
static void drop(struct qcache *c, struct shard *s, struct qcache_entry *e)
{
	struct qcache_entry **p = bucket_of(s, e->hash);

	while (*p != e)
		p = &(*p)->next;
	*p = e->next;
	unlink_use(s, e);
	e->linked = false;
	s->bytes -= e->cost;
	atomic_fetch_sub(&c->stats.bytes, e->cost);
	atomic_fetch_sub(&c->stats.entries, 1);
	unref(e);
}

/* Drops the least recently used entries, all but `keep` (which may be
 * the oldest: a request held it while others were used), while s is over
 * its bound. */
static void evict(struct qcache *c, struct shard *s, size_t incoming,
                  const struct qcache_entry *keep)
{
	struct qcache_entry *e = s->oldest;

	while (e && s->bytes + incoming > s->limit) {
		struct qcache_entry *newer = e->newer; /* e may be freed */

		if (e != keep) {
			size_t cost = e->cost;

			drop(c, s, e);
			atomic_fetch_add_explicit(&c->stats.evictions, 1,
			                          memory_order_relaxed);
			atomic_fetch_add_explicit(&c->stats.evicted_bytes, cost,
			                          memory_order_relaxed);
		}
		e = newer;
	}
}

struct qcache_entry *qcache_acquire(struct qcache *c, const char *key,
                                    size_t key_len)
{
	uint64_t h = hash_of(key, key_len);
	struct shard *s = shard_of(c, h);
	struct qcache_entry *e;

	pthread_mutex_lock(&s->lock);
	e = find(s, h, key, key_len);
	if (e) {
		atomic_fetch_add_explicit(&e->refs, 1, memory_order_relaxed);
		unlink_use(s, e);
		push_newest(s, e);
	}
	pthread_mutex_unlock(&s->lock);
	atomic_fetch_add_explicit(e ? &c->stats.hits : &c->stats.misses, 1,
	                          memory_order_relaxed);
	return e;
}

void qcache_release(struct qcache_entry *e)
{
	if (e)
		unref(e);
}

const char *qcache_entry_body(const struct qcache_entry *e, size_t *len)
{
	*len = e->len;
	return e->data + e->key_len;
}

const char *qcache_entry_link(const struct qcache_entry *e)
{
	return e->data + e->key_len + e->len;
}

void *qcache_entry_attached(struct qcache_entry *e, unsigned slot)
{
	return slot < QCACHE_SLOTS ? atomic_load(&e->attached[slot]) : NULL;
}

void *qcache_entry_attach(struct qcache_entry *e, unsigned slot, void *p,
                          size_t cost)
{
	struct qcache *c = e->owner;
	struct shard *s = shard_of(c, e->hash);
	void *now;

	if (slot >= QCACHE_SLOTS)
		return NULL;
	pthread_mutex_lock(&s->lock);
	now = atomic_load(&e->attached[slot]);
	/* an evicted entry is counted nowhere: it keeps nothing more */
	if (!now && e->linked && e->cost + cost <= s->limit) {
		atomic_store(&e->attached[slot], p);
		now = p;
		e->cost += cost;
		s->bytes += cost;
		atomic_fetch_add(&c->stats.bytes, cost);
		evict(c, s, 0, e);
	}
	pthread_mutex_unlock(&s->lock);
	return now;
}

void qcache_put(struct qcache *c, const char *key, size_t key_len,
                const char *body, size_t len, const char *link)
{
	uint64_t h = hash_of(key, key_len);
	struct shard *s = shard_of(c, h);
	size_t link_len = strlen(link);
	size_t size =
	        sizeof(struct qcache_entry) + key_len + len + link_len + 1;
	struct qcache_entry *e, *old;

	if (size > s->limit)
		return;
	e = malloc(size);
	if (!e)
		return;
	*e = (struct qcache_entry){.owner = c,
	                           .hash = h,
	                           .key_len = key_len,
	                           .len = len,
	                           .link_len = link_len,
	                           .cost = size,
	                           .linked = true};
	atomic_init(&e->refs, 1); /* the cache's */
	for (int i = 0; i < QCACHE_SLOTS; i++)
		atomic_init(&e->attached[i], NULL);
	memcpy(e->data, key, key_len);
	memcpy(e->data + key_len, body, len);
	memcpy(e->data + key_len + len, link, link_len + 1);
	pthread_mutex_lock(&s->lock);
	old = find(s, h, key, key_len);
	if (old) /* two threads missed at once: the later answer stays */
		drop(c, s, old);
	evict(c, s, size, NULL);
	e->next = *bucket_of(s, h);
	*bucket_of(s, h) = e;
	push_newest(s, e);
	s->bytes += size;
	atomic_fetch_add(&c->stats.bytes, size);
	atomic_fetch_add(&c->stats.entries, 1);
	pthread_mutex_unlock(&s->lock);
}
