#include "conns.h"

#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

bool conns_init(struct conns *cs, unsigned max, unsigned per_ip,
                unsigned head_timeout_s, unsigned send_timeout_s)
{
	memset(cs, 0, sizeof(*cs));
	cs->max = max;
	cs->per_ip = per_ip;
	cs->head_timeout_ns = (uint64_t)head_timeout_s * 1000000000u;
	cs->send_timeout_ns = (uint64_t)send_timeout_s * 1000000000u;
	return pthread_mutex_init(&cs->lock, NULL) == 0;
}

void conns_release(struct conns *cs)
{
	pthread_mutex_destroy(&cs->lock);
}

/* Ends c's stream both ways: libmicrohttpd reads the end and closes it.
 * Called with the lock held, so c's socket is still open (conns_close()
 * runs before libmicrohttpd closes a socket, and takes the lock). */
static void shut(struct conns *cs, struct conn *c, enum conn_close_reason why)
{
	c->closing = true;
	cs->closing++;
	shutdown(c->fd, SHUT_RDWR);
	atomic_fetch_add_explicit(&cs->stats.closed[why], 1,
	                          memory_order_relaxed);
}

static void set_addr(struct conn *c, const struct sockaddr *sa)
{
	if (sa && sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)sa;

		memcpy(c->addr, &in->sin_addr, 4);
		c->addr_len = 4;
	} else if (sa && sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)sa;

		memcpy(c->addr, &in6->sin6_addr, 16);
		c->addr_len = 16;
	}
}

/* Connections from c's address that are not being closed. */
static unsigned from_same_address(const struct conns *cs, const struct conn *c)
{
	unsigned n = 0;

	for (const struct conn *o = cs->head; o; o = o->next) {
		if (!o->closing && o->addr_len == c->addr_len &&
		    memcmp(o->addr, c->addr, c->addr_len) == 0)
			n++;
	}
	return n;
}

/*
 * The connection to close to make room at now_ns, or NULL: the one that
 * has waited longest for a head, or else the one whose answer has stalled
 * longest (a slow reader), if it has for CONN_STALLED_MS.
 */
static struct conn *victim(const struct conns *cs, uint64_t now_ns)
{
	struct conn *waiting = NULL, *stalled = NULL;
	uint64_t waiting_since = UINT64_MAX, stalled_since = UINT64_MAX;

	for (struct conn *o = cs->head; o; o = o->next) {
		uint64_t since = atomic_load(&o->since_ns);
		int state = atomic_load(&o->state);
		bool answering = state == CONN_ANSWERING;

		if (o->closing || state == CONN_UPLOADING)
			continue;
		if (!answering && since < waiting_since) {
			waiting = o;
			waiting_since = since;
		} else if (answering && since < stalled_since) {
			stalled = o;
			stalled_since = since;
		}
	}
	if (waiting)
		return waiting;
	if (stalled && now_ns > stalled_since &&
	    now_ns - stalled_since >= (uint64_t)CONN_STALLED_MS * 1000000u)
		return stalled;
	return NULL;
}

void conns_open(struct conns *cs, struct conn *c, int fd,
                const struct sockaddr *sa, uint64_t now_ns)
{
	c->fd = fd;
	atomic_store(&c->since_ns, now_ns);
	atomic_store(&c->state, CONN_WAITING);
	set_addr(c, sa);
	pthread_mutex_lock(&cs->lock);
	if (atomic_load(&cs->draining)) /* accepted as the drain began */
		shut(cs, c, CONN_CLOSED_DRAIN);
	else if (cs->per_ip && c->addr_len &&
	         from_same_address(cs, c) >= cs->per_ip)
		c->refusal = CONN_OVER_PER_IP;
	if (!c->closing && !c->refusal && cs->open - cs->closing >= cs->max) {
		struct conn *v = victim(cs, now_ns);

		if (v)
			shut(cs, v, CONN_CLOSED_EVICTED);
		else
			c->refusal = CONN_OVER_LIMIT;
	}
	if (c->refusal)
		atomic_fetch_add_explicit(
		        &cs->stats.refused[c->refusal == CONN_OVER_PER_IP], 1,
		        memory_order_relaxed);
	c->prev = cs->tail;
	c->next = NULL;
	if (cs->tail)
		cs->tail->next = c;
	else
		cs->head = c;
	cs->tail = c;
	cs->open++;
	pthread_mutex_unlock(&cs->lock);
}

void conns_close(struct conns *cs, struct conn *c)
{
	pthread_mutex_lock(&cs->lock);
	if (c->prev)
		c->prev->next = c->next;
	else
		cs->head = c->next;
	if (c->next)
		c->next->prev = c->prev;
	else
		cs->tail = c->prev;
	cs->open--;
	if (c->closing)
		cs->closing--;
	pthread_mutex_unlock(&cs->lock);
}

void conns_receiving(struct conn *c)
{
	atomic_store(&c->state, CONN_RECEIVING);
}

void conns_answering(struct conn *c, uint64_t now_ns)
{
	atomic_store(&c->since_ns, now_ns);
	atomic_store(&c->state, CONN_ANSWERING);
}

void conns_uploading(struct conn *c, uint64_t now_ns)
{
	atomic_store(&c->body_read, 0);
	atomic_store(&c->since_ns, now_ns);
	atomic_store(&c->state, CONN_UPLOADING);
}

void conns_body_read(struct conn *c, uint64_t n)
{
	atomic_fetch_add_explicit(&c->body_read, n, memory_order_relaxed);
}

/* How long c may have been in its state at most, in nanoseconds. */
static uint64_t allowed_ns(const struct conns *cs, const struct conn *c,
                           int state)
{
	uint64_t read;

	if (state == CONN_ANSWERING)
		return cs->send_timeout_ns;
	if (state != CONN_UPLOADING)
		return cs->head_timeout_ns;
	read = atomic_load_explicit(&c->body_read, memory_order_relaxed);
	return cs->head_timeout_ns + read / SCAN_MIN_RATE * 1000000000u +
	       read % SCAN_MIN_RATE * 1000000000u / SCAN_MIN_RATE;
}

static const enum conn_close_reason timeout_reason[] = {
        [CONN_WAITING] = CONN_CLOSED_HEAD_TIMEOUT,
        [CONN_RECEIVING] = CONN_CLOSED_HEAD_TIMEOUT,
        [CONN_ANSWERING] = CONN_CLOSED_SEND_TIMEOUT,
        [CONN_UPLOADING] = CONN_CLOSED_BODY_TIMEOUT,
};

/*
 * The drain and a connection's answer can end in either order. Both sides
 * use sequentially consistent atomics: conns_drain() sets `draining`, then
 * reads every state; conns_idle() sets its state, then reads `draining`.
 * So at least one of them sees the other's write, and the connection is
 * closed by whichever does (`closing`, under the lock, keeps it to once).
 */
void conns_idle(struct conns *cs, struct conn *c, uint64_t now_ns)
{
	atomic_store(&c->since_ns, now_ns);
	atomic_store(&c->state, CONN_WAITING);
	if (!atomic_load(&cs->draining))
		return;
	pthread_mutex_lock(&cs->lock);
	if (!c->closing)
		shut(cs, c, CONN_CLOSED_DRAIN);
	pthread_mutex_unlock(&cs->lock);
}

unsigned conns_sweep(struct conns *cs, uint64_t now_ns)
{
	unsigned n = 0;

	pthread_mutex_lock(&cs->lock);
	for (struct conn *c = cs->head; c; c = c->next) {
		uint64_t since = atomic_load(&c->since_ns);
		int state = atomic_load(&c->state);

		if (c->closing || now_ns <= since)
			continue;
		if (now_ns - since >= allowed_ns(cs, c, state)) {
			shut(cs, c, timeout_reason[state]);
			n++;
		}
	}
	pthread_mutex_unlock(&cs->lock);
	return n;
}

unsigned conns_drain(struct conns *cs)
{
	unsigned n = 0;

	pthread_mutex_lock(&cs->lock);
	atomic_store(&cs->draining, true);
	for (struct conn *c = cs->head; c; c = c->next) {
		if (!c->closing && atomic_load(&c->state) == CONN_WAITING) {
			shut(cs, c, CONN_CLOSED_DRAIN);
			n++;
		}
	}
	pthread_mutex_unlock(&cs->lock);
	return n;
}

unsigned conns_count(struct conns *cs)
{
	unsigned n;

	pthread_mutex_lock(&cs->lock);
	n = cs->open;
	pthread_mutex_unlock(&cs->lock);
	return n;
}
