/* server/qcache: rendered search answers, bounded, shared by threads. */
#include "qcache.h"

#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char link_buf[256];

/* A copy of the answer for key, its link in link_buf. */
static bool get(struct qcache *c, const char *key, char **body, size_t *len)
{
	struct qcache_entry *e = qcache_acquire(c, key, strlen(key));
	const char *b;

	*body = NULL;
	if (!e)
		return false;
	b = qcache_entry_body(e, len);
	*body = malloc(*len + 1);
	cr_assert_not_null(*body);
	memcpy(*body, b, *len);
	snprintf(link_buf, sizeof(link_buf), "%s", qcache_entry_link(e));
	qcache_release(e);
	return true;
}

static void put(struct qcache *c, const char *key, const char *body)
{
	qcache_put(c, key, strlen(key), body, strlen(body),
	           "</x>; rel=\"next\"");
}

Test(qcache, a_miss_then_a_hit_with_the_same_bytes)
{
	struct qcache *c = qcache_new(1 << 20, NULL);
	const struct qcache_stats *st = qcache_stats(c);
	char *body = NULL;
	size_t len = 0;

	cr_assert_not_null(c);
	cr_expect(!get(c, "j|reset", &body, &len));
	cr_expect_null(body);
	put(c, "j|reset", "{\"items\":[]}");
	cr_assert(get(c, "j|reset", &body, &len));
	cr_expect_eq(len, 12);
	cr_expect_eq(memcmp(body, "{\"items\":[]}", 12), 0);
	cr_expect_str_eq(link_buf, "</x>; rel=\"next\"");
	free(body);
	/* another key, even a prefix of it, is another answer */
	cr_expect(!get(c, "j|rese", &body, &len));
	cr_expect(!get(c, "t|reset", &body, &len));
	cr_expect_eq(atomic_load(&st->hits), 1);
	cr_expect_eq(atomic_load(&st->misses), 3);
	cr_expect_eq(atomic_load(&st->entries), 1);
	/* the same key again replaces the answer */
	put(c, "j|reset", "[]");
	cr_assert(get(c, "j|reset", &body, &len));
	cr_expect_eq(len, 2);
	free(body);
	cr_expect_eq(atomic_load(&st->entries), 1);
	qcache_free(c);
}

Test(qcache, bounded_in_bytes_evicting_the_least_recently_used)
{
	size_t limit = 64 * 1024;
	struct qcache *c = qcache_new(limit, NULL);
	const struct qcache_stats *st = qcache_stats(c);
	char key[32], value[500], *body;
	size_t len;

	memset(value, 'v', sizeof(value) - 1);
	value[sizeof(value) - 1] = '\0';
	put(c, "kept", value);
	for (int i = 0; i < 2000; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		put(c, key, value);
		/* used after every insertion: never the oldest */
		cr_assert(get(c, "kept", &body, &len), "evicted at %d", i);
		free(body);
		cr_assert_leq(atomic_load(&st->bytes), limit);
	}
	cr_expect_lt(atomic_load(&st->entries), 2001);
	cr_expect_eq(atomic_load(&st->evictions),
	             2001 - atomic_load(&st->entries));
	/* the first ones went first */
	cr_expect(!get(c, "k0", &body, &len));
	cr_expect(get(c, "k1999", &body, &len));
	free(body);
	qcache_free(c);
}

Test(qcache, an_answer_bigger_than_a_shard_is_not_kept)
{
	struct qcache *c = qcache_new(16 * 1024, NULL); /* 1 KiB a shard */
	char *big = malloc(4096), *body;
	size_t len;

	cr_assert_not_null(big);
	memset(big, 'b', 4095);
	big[4095] = '\0';
	put(c, "big", big);
	cr_expect(!get(c, "big", &body, &len));
	cr_expect_eq(atomic_load(&qcache_stats(c)->bytes), 0);
	free(big);
	qcache_free(c);
	c = qcache_new(0, NULL); /* keeps nothing */
	put(c, "a", "b");
	cr_expect(!get(c, "a", &body, &len));
	qcache_free(c);
}

/* What tests attach: counts its release. */
static atomic_int releases;

static void released(void *attached)
{
	atomic_fetch_add(&releases, 1);
	free(attached);
}

/* Something to attach; NULL when out of memory. No assertion: threads
 * call it too. */
static void *attachment(void)
{
	return malloc(16);
}

Test(qcache, an_attachment_lives_as_long_as_its_entry)
{
	struct qcache *c = qcache_new(1 << 20, released);
	const struct qcache_stats *st = qcache_stats(c);
	struct qcache_entry *e, *again;
	void *p = attachment(), *q = attachment();
	size_t len, bytes;

	atomic_store(&releases, 0);
	put(c, "j|reset", "{\"items\":[]}");
	e = qcache_acquire(c, "j|reset", 7);
	cr_assert_not_null(e);
	cr_expect_null(qcache_entry_attached(e, 0));
	bytes = atomic_load(&st->bytes);
	cr_expect_eq(qcache_entry_attach(e, 0, p, 1000), p);
	cr_expect_eq(atomic_load(&st->bytes), bytes + 1000,
	             "its cost counts against the bound");
	/* another thread's attachment loses to the first */
	again = qcache_acquire(c, "j|reset", 7);
	cr_expect_eq(qcache_entry_attach(again, 0, q, 1000), p);
	free(q);
	cr_expect_eq(qcache_entry_attached(again, 0), p);
	qcache_release(again);
	/* replaced while held: out of the cache, alive for its holder */
	put(c, "j|reset", "[]");
	cr_expect_eq(atomic_load(&releases), 0);
	cr_expect_eq(memcmp(qcache_entry_body(e, &len), "{\"items\":[]}", 12),
	             0);
	cr_expect_eq(len, 12);
	cr_expect_eq(atomic_load(&st->entries), 1);
	qcache_release(e);
	cr_expect_eq(atomic_load(&releases), 1, "released once, by the last");
	/* an evicted entry takes no attachment: nothing would count it */
	e = qcache_acquire(c, "j|reset", 7);
	put(c, "j|reset", "{}");
	p = attachment();
	cr_expect_null(qcache_entry_attach(e, 0, p, 10));
	free(p);
	qcache_release(e);
	/* nor one bigger than its shard */
	e = qcache_acquire(c, "j|reset", 7);
	p = attachment();
	cr_expect_null(qcache_entry_attach(e, 0, p, 1 << 20));
	free(p);
	p = attachment();
	cr_expect_eq(qcache_entry_attach(e, 0, p, 10), p);
	/* the other slot, for another representation; no third */
	q = attachment();
	cr_expect_null(qcache_entry_attach(e, QCACHE_SLOTS, q, 10));
	cr_expect_eq(qcache_entry_attach(e, 1, q, 10), q);
	cr_expect_eq(qcache_entry_attached(e, 1), q);
	cr_expect_eq(qcache_entry_attached(e, 0), p);
	qcache_release(e);
	cr_expect_eq(atomic_load(&releases), 1);
	qcache_free(c); /* lets go of what is still attached */
	cr_expect_eq(atomic_load(&releases), 3);
}

Test(qcache, attachments_evict_to_stay_in_bounds)
{
	size_t limit = 64 * 1024; /* 4 KiB a shard */
	struct qcache *c = qcache_new(limit, released);
	const struct qcache_stats *st = qcache_stats(c);
	char key[32];

	atomic_store(&releases, 0);
	for (int i = 0; i < 500; i++) {
		struct qcache_entry *e;
		void *p = attachment();

		snprintf(key, sizeof(key), "k%d", i);
		put(c, key, "answer");
		e = qcache_acquire(c, key, strlen(key));
		cr_assert_not_null(e);
		cr_assert_eq(qcache_entry_attach(e, 0, p, 1500), p);
		qcache_release(e);
		cr_assert_leq(atomic_load(&st->bytes), limit);
	}
	cr_expect_eq(atomic_load(&releases),
	             500 - (int)atomic_load(&st->entries),
	             "every evicted attachment is released");
	qcache_free(c);
	cr_expect_eq(atomic_load(&releases), 500);
}

/* The entry that grows may be the oldest of its shard: the others go. */
Test(qcache, an_old_entry_that_grows_evicts_the_others)
{
	size_t limit = 32 * 1024; /* 2 KiB a shard: a dozen small entries */
	struct qcache *c = qcache_new(limit, released);
	struct qcache_entry *held[400];
	char key[64];
	int attached = 0;

	atomic_store(&releases, 0);
	/* enough answers to fill every shard */
	for (int i = 0; i < 400; i++) {
		snprintf(key, sizeof(key), "q=%d&limit=%d", i * 7919, i % 7);
		put(c, key, "answer");
	}
	/* held in order: in each shard, the first held is the oldest */
	for (int i = 0; i < 400; i++) {
		snprintf(key, sizeof(key), "q=%d&limit=%d", i * 7919, i % 7);
		held[i] = qcache_acquire(c, key, strlen(key));
	}
	for (int i = 0; i < 400; i++) {
		void *p;

		if (!held[i]) /* evicted while the shards filled */
			continue;
		p = attachment();
		/* NULL: evicted by an older one's growth: it keeps nothing */
		if (qcache_entry_attach(held[i], 0, p, 1700) == p)
			attached++;
		else
			free(p);
		cr_assert_leq(atomic_load(&qcache_stats(c)->bytes), limit,
		              "after %d", i);
	}
	cr_expect_geq(attached, 16, "one a shard at least");
	for (int i = 0; i < 400; i++)
		qcache_release(held[i]);
	qcache_free(c);
	cr_expect_eq(atomic_load(&releases), attached);
}

struct worker {
	struct qcache *c;
	int seed;
};

static void *hammer(void *cls)
{
	struct worker *w = cls;
	char key[32], value[64];
	size_t len;

	for (int i = 0; i < 20000; i++) {
		int k = (i * 7 + w->seed) % 300;

		snprintf(key, sizeof(key), "q%d", k);
		snprintf(value, sizeof(value), "answer %d", k);
		struct qcache_entry *e = qcache_acquire(w->c, key, strlen(key));

		if (e) {
			const char *b = qcache_entry_body(e, &len);
			void *p = attachment(), *now;

			/* whatever thread put it, it is this key's answer */
			if (len != strlen(value) || memcmp(b, value, len))
				return (void *)1;
			/* and whatever thread attached first, it stays */
			if (!p) {
				qcache_release(e);
				continue;
			}
			now = qcache_entry_attach(e, (unsigned)k % 2, p, 64);
			if (now != p)
				free(p);
			if (now &&
			    qcache_entry_attached(e, (unsigned)k % 2) != now)
				return (void *)1;
			qcache_release(e);
		} else {
			put(w->c, key, value);
		}
	}
	return NULL;
}

/* Threads that miss, put and hit the same keys at once. */
Test(qcache, shared_safely_between_threads)
{
	struct qcache *c = qcache_new(32 * 1024, released);
	struct worker w[4];
	pthread_t t[4];
	void *bad;

	atomic_store(&releases, 0);
	for (int i = 0; i < 4; i++) {
		w[i] = (struct worker){c, i * 13};
		cr_assert_eq(pthread_create(&t[i], NULL, hammer, &w[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], &bad);
		cr_expect_null(bad, "a wrong answer in thread %d", i);
	}
	cr_expect_leq(atomic_load(&qcache_stats(c)->bytes), 32 * 1024);
	cr_expect_eq(atomic_load(&qcache_stats(c)->hits) +
	                     atomic_load(&qcache_stats(c)->misses),
	             80000);
	qcache_free(c);
	cr_expect_gt(atomic_load(&releases), 0);
}
