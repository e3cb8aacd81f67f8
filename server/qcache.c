#include "qcache.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SHARDS  16
#define BUCKETS 256 /* per shard; chains are short at any sane size */

/* One answer: the key, the body and the link, in one allocation. */
struct entry {
	struct entry *next;          /* in its bucket */
	struct entry *newer, *older; /* in its shard's use order */
	uint64_t hash;
	size_t key_len, len, link_len;
	size_t cost; /* what it counts against the bound */
	char data[]; /* key, body, link and a NUL */
};

struct shard {
	pthread_mutex_t lock;
	struct entry *buckets[BUCKETS];
	struct entry *newest, *oldest;
	size_t bytes, limit;
};

struct qcache {
	struct qcache_stats stats;
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

struct qcache *qcache_new(size_t bytes)
{
	struct qcache *c = calloc(1, sizeof(*c));
	int i = 0;

	if (!c)
		return NULL;
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

void qcache_free(struct qcache *c)
{
	if (!c)
		return;
	for (int i = 0; i < SHARDS; i++) {
		struct entry *e = c->shards[i].newest;

		while (e) {
			struct entry *older = e->older;

			free(e);
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

static struct entry **bucket_of(struct shard *s, uint64_t h)
{
	return &s->buckets[h % BUCKETS];
}

/* Takes e out of its shard's use order. */
static void unlink_use(struct shard *s, struct entry *e)
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
static void push_newest(struct shard *s, struct entry *e)
{
	e->older = s->newest;
	e->newer = NULL;
	if (s->newest)
		s->newest->newer = e;
	s->newest = e;
	if (!s->oldest)
		s->oldest = e;
}

static struct entry *find(struct shard *s, uint64_t h, const char *key,
                          size_t key_len)
{
	for (struct entry *e = *bucket_of(s, h); e; e = e->next) {
		if (e->hash == h && e->key_len == key_len &&
		    memcmp(e->data, key, key_len) == 0)
			return e;
	}
	return NULL;
}

/* Takes e out of its shard entirely and frees it. */
static void drop(struct qcache *c, struct shard *s, struct entry *e)
{
	struct entry **p = bucket_of(s, e->hash);

	while (*p != e)
		p = &(*p)->next;
	*p = e->next;
	unlink_use(s, e);
	s->bytes -= e->cost;
	atomic_fetch_sub(&c->stats.bytes, e->cost);
	atomic_fetch_sub(&c->stats.entries, 1);
	free(e);
}

bool qcache_get(struct qcache *c, const char *key, size_t key_len, char **body,
                size_t *len, char *link, size_t link_size)
{
	uint64_t h = hash_of(key, key_len);
	struct shard *s = shard_of(c, h);
	struct entry *e;
	char *copy = NULL;

	pthread_mutex_lock(&s->lock);
	e = find(s, h, key, key_len);
	if (e && e->link_len < link_size &&
	    (copy = malloc(e->len ? e->len : 1)) != NULL) {
		memcpy(copy, e->data + key_len, e->len);
		memcpy(link, e->data + key_len + e->len, e->link_len + 1);
		*len = e->len;
		unlink_use(s, e);
		push_newest(s, e);
	}
	pthread_mutex_unlock(&s->lock);
	atomic_fetch_add_explicit(copy ? &c->stats.hits : &c->stats.misses, 1,
	                          memory_order_relaxed);
	*body = copy;
	return copy != NULL;
}

void qcache_put(struct qcache *c, const char *key, size_t key_len,
                const char *body, size_t len, const char *link)
{
	uint64_t h = hash_of(key, key_len);
	struct shard *s = shard_of(c, h);
	size_t link_len = strlen(link);
	size_t size = sizeof(struct entry) + key_len + len + link_len + 1;
	struct entry *e, *old;

	if (size > s->limit)
		return;
	e = malloc(size);
	if (!e)
		return;
	*e = (struct entry){.hash = h,
	                    .key_len = key_len,
	                    .len = len,
	                    .link_len = link_len,
	                    .cost = size};
	memcpy(e->data, key, key_len);
	memcpy(e->data + key_len, body, len);
	memcpy(e->data + key_len + len, link, link_len + 1);
	pthread_mutex_lock(&s->lock);
	old = find(s, h, key, key_len);
	if (old) /* two threads missed at once: the later answer stays */
		drop(c, s, old);
	while (s->bytes + size > s->limit && s->oldest) {
		drop(c, s, s->oldest);
		atomic_fetch_add_explicit(&c->stats.evictions, 1,
		                          memory_order_relaxed);
	}
	e->next = *bucket_of(s, h);
	*bucket_of(s, h) = e;
	push_newest(s, e);
	s->bytes += size;
	atomic_fetch_add(&c->stats.bytes, size);
	atomic_fetch_add(&c->stats.entries, 1);
	pthread_mutex_unlock(&s->lock);
}
