/* server/conns: deadlines, eviction at the limit, per-address limits and
 * the drain, over socketpairs: a connection the list closes sees its
 * peer's stream end. */
#include "conns.h"

#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define S 1000000000ull /* one second in ns */

static struct conns cs;

struct peer {
	struct conn c;
	int fds[2]; /* fds[0] is the server's end, fds[1] the client's */
};

static void open_peer(struct peer *p, const char *ip4, uint64_t now)
{
	struct sockaddr_in a = {.sin_family = AF_INET};

	memset(&p->c, 0, sizeof(p->c));
	cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, p->fds), 0);
	cr_assert_eq(inet_pton(AF_INET, ip4, &a.sin_addr), 1);
	conns_open(&cs, &p->c, p->fds[0], (const struct sockaddr *)&a, now);
}

/* True when the list ended p's stream: the client end reads its end. */
static bool was_closed(const struct peer *p)
{
	struct pollfd pf = {p->fds[1], POLLIN, 0};
	char byte;

	return poll(&pf, 1, 0) == 1 && recv(p->fds[1], &byte, 1, 0) == 0;
}

static void close_peer(struct peer *p)
{
	conns_close(&cs, &p->c);
	close(p->fds[0]);
	close(p->fds[1]);
}

static void setup(void)
{
	cr_assert(conns_init(&cs, 3, 2, 10, 20));
}

static void teardown(void)
{
	conns_release(&cs);
}

TestSuite(conns, .init = setup, .fini = teardown);

Test(conns, head_deadline_is_not_reset_by_activity)
{
	struct peer a, b;

	open_peer(&a, "10.0.0.1", 0);
	open_peer(&b, "10.0.0.2", 5 * S);
	/* a trickles bytes all along: nothing the list sees resets it */
	conns_receiving(&a.c);
	cr_expect_eq(conns_sweep(&cs, 9 * S), 0);
	cr_expect_eq(conns_sweep(&cs, 10 * S), 1);
	cr_expect(was_closed(&a));
	cr_expect(!was_closed(&b));
	cr_expect_eq(atomic_load(&cs.stats.closed[CONN_CLOSED_HEAD_TIMEOUT]),
	             1);
	cr_expect_eq(conns_sweep(&cs, 11 * S), 0, "closed once");
	close_peer(&a);
	close_peer(&b);
}

/* A client that takes its answer slowly (a slow reader) has the send
 * deadline from its head: 20 s here, whatever it reads. */
Test(conns, an_answer_has_the_send_deadline)
{
	struct peer a;

	open_peer(&a, "10.0.0.1", 0);
	conns_answering(&a.c, 1 * S);
	cr_expect_eq(conns_sweep(&cs, 20 * S), 0, "not the head deadline");
	cr_expect_eq(conns_sweep(&cs, 21 * S), 1);
	cr_expect(was_closed(&a));
	cr_expect_eq(atomic_load(&cs.stats.closed[CONN_CLOSED_SEND_TIMEOUT]),
	             1);
	close_peer(&a);
}

Test(conns, an_answer_done_starts_a_new_head_deadline)
{
	struct peer a;

	open_peer(&a, "10.0.0.1", 0);
	conns_answering(&a.c, 5 * S);
	conns_idle(&cs, &a.c, 15 * S);
	cr_expect_eq(conns_sweep(&cs, 24 * S), 0);
	cr_expect_eq(conns_sweep(&cs, 25 * S), 1);
	cr_expect_eq(atomic_load(&cs.stats.closed[CONN_CLOSED_HEAD_TIMEOUT]),
	             1);
	close_peer(&a);
}

Test(conns, at_the_limit_the_longest_waiting_makes_room)
{
	struct peer p[4];

	open_peer(&p[0], "10.0.0.1", 1 * S);
	open_peer(&p[1], "10.0.0.2", 2 * S);
	open_peer(&p[2], "10.0.0.3", 3 * S);
	conns_answering(&p[1].c, 2 * S); /* stalled since 2 s */
	conns_idle(&cs, &p[0].c, 4 * S); /* p[0] answered; waits since 4 s */
	open_peer(&p[3], "10.0.0.4", 5 * S);
	cr_expect_eq(p[3].c.refusal, CONN_ACCEPTED);
	cr_expect(was_closed(&p[2]), "p[2] waited longest (since 3 s)");
	cr_expect(!was_closed(&p[0]));
	cr_expect(!was_closed(&p[1]), "one waiting goes before a reader");
	cr_expect_eq(atomic_load(&cs.stats.closed[CONN_CLOSED_EVICTED]), 1);
	cr_expect_eq(conns_count(&cs), 4, "p[2] is closing, not gone");
	for (int i = 0; i < 4; i++)
		close_peer(&p[i]);
	cr_expect_eq(conns_count(&cs), 0);
}

/* Every slot answering, none for CONN_STALLED_MS yet: healthy readers
 * are kept, and the newcomer is refused. */
Test(conns, over_the_limit_with_all_answering_is_refused)
{
	static const char *const ips[] = {"10.0.0.1", "10.0.0.2", "10.0.0.3"};
	struct peer p[4];

	for (int i = 0; i < 3; i++) {
		open_peer(&p[i], ips[i], 0);
		conns_answering(&p[i].c, 0);
	}
	open_peer(&p[3], "10.0.0.4", (CONN_STALLED_MS - 1) * 1000000ull);
	cr_expect_eq(p[3].c.refusal, CONN_OVER_LIMIT);
	cr_expect_eq(atomic_load(&cs.stats.refused[0]), 1);
	for (int i = 0; i < 3; i++)
		cr_expect(!was_closed(&p[i]));
	for (int i = 0; i < 4; i++)
		close_peer(&p[i]);
}

/* Every slot answering: the reader stalled longest makes room, once it
 * has for CONN_STALLED_MS (ten slow readers cannot hold ten slots). */
Test(conns, at_the_limit_the_longest_stalled_reader_makes_room)
{
	static const char *const ips[] = {"10.0.0.1", "10.0.0.2", "10.0.0.3"};
	struct peer p[4];

	for (int i = 0; i < 3; i++) {
		open_peer(&p[i], ips[i], 0);
		conns_answering(&p[i].c, (uint64_t)(3 - i) * S);
	}
	/* p[2] answering since 1 s, p[1] since 2 s, p[0] since 3 s */
	open_peer(&p[3], "10.0.0.4", 3 * S);
	cr_expect_eq(p[3].c.refusal, CONN_ACCEPTED);
	cr_expect(was_closed(&p[2]), "stalled longest (2 s)");
	cr_expect(!was_closed(&p[1]) && !was_closed(&p[0]));
	cr_expect_eq(atomic_load(&cs.stats.closed[CONN_CLOSED_EVICTED]), 1);
	for (int i = 0; i < 4; i++)
		close_peer(&p[i]);
}

Test(conns, per_address_limit)
{
	struct peer p[3];

	open_peer(&p[0], "10.0.0.1", 0);
	open_peer(&p[1], "10.0.0.1", 0);
	open_peer(&p[2], "10.0.0.1", 0);
	cr_expect_eq(p[1].c.refusal, CONN_ACCEPTED);
	cr_expect_eq(p[2].c.refusal, CONN_OVER_PER_IP);
	cr_expect_eq(atomic_load(&cs.stats.refused[1]), 1);
	for (int i = 0; i < 3; i++)
		close_peer(&p[i]);
}

Test(conns, drain_closes_the_waiting_only)
{
	struct peer p[3];

	open_peer(&p[0], "10.0.0.1", 0);
	open_peer(&p[1], "10.0.0.2", 0);
	open_peer(&p[2], "10.0.0.3", 0);
	conns_receiving(&p[1].c);
	conns_answering(&p[2].c, 0);
	cr_expect_eq(conns_drain(&cs), 1);
	cr_expect(was_closed(&p[0]));
	cr_expect(!was_closed(&p[1]), "its request has begun");
	cr_expect(!was_closed(&p[2]));
	cr_expect_eq(atomic_load(&cs.stats.closed[CONN_CLOSED_DRAIN]), 1);
	for (int i = 0; i < 3; i++)
		close_peer(&p[i]);
}

/* The race of a drain that lands while an answer is being sent: the
 * connection is not waiting then, so the drain passes it by; it must be
 * closed the moment it starts to wait, whatever the order. */
Test(conns, drain_closes_an_answered_connection_when_it_starts_to_wait)
{
	struct peer p;

	open_peer(&p, "10.0.0.1", 0);
	conns_answering(&p.c, 0);
	cr_expect_eq(conns_drain(&cs), 0, "not waiting yet");
	cr_expect(!was_closed(&p));
	conns_idle(&cs, &p.c, 1 * S);
	cr_expect(was_closed(&p), "closed as it became idle");
	cr_expect_eq(atomic_load(&cs.stats.closed[CONN_CLOSED_DRAIN]), 1);
	cr_expect_eq(conns_drain(&cs), 0, "closed once");
	close_peer(&p);
}

Test(conns, drain_closes_a_request_begun_before_it_when_its_answer_ends)
{
	struct peer p;

	open_peer(&p, "10.0.0.1", 0);
	conns_receiving(&p.c);
	cr_expect_eq(conns_drain(&cs), 0);
	conns_answering(&p.c, 0);
	cr_expect(!was_closed(&p), "its request is answered");
	conns_idle(&cs, &p.c, 1 * S);
	cr_expect(was_closed(&p));
	close_peer(&p);
}

/* A connection accepted before the listening socket closed, but added to
 * the list after the drain went through it. */
Test(conns, drain_closes_a_connection_added_after_it)
{
	struct peer p;

	cr_expect_eq(conns_drain(&cs), 0);
	open_peer(&p, "10.0.0.1", 0);
	cr_expect(was_closed(&p));
	cr_expect_eq(atomic_load(&cs.stats.closed[CONN_CLOSED_DRAIN]), 1);
	close_peer(&p);
}

/* A body must come at SCAN_MIN_RATE on average once the head deadline's
 * 10 s have passed: what came buys time, trickling does not. */
Test(conns, a_body_has_a_deadline_its_rate_extends)
{
	struct peer slow, fast;

	open_peer(&slow, "10.0.0.1", 0);
	open_peer(&fast, "10.0.0.2", 0);
	conns_uploading(&slow.c, 1 * S);
	conns_uploading(&fast.c, 1 * S);
	conns_body_read(&slow.c, 100); /* 100 bytes: 1.5 ms more */
	conns_body_read(&fast.c, 5 * SCAN_MIN_RATE);
	cr_expect_eq(conns_sweep(&cs, 10 * S), 0, "within the grace");
	cr_expect_eq(conns_sweep(&cs, 12 * S), 1);
	cr_expect(was_closed(&slow), "a slow body is closed");
	cr_expect(!was_closed(&fast), "5 s of body at the rate buy 5 s");
	cr_expect_eq(conns_sweep(&cs, 15 * S), 0);
	cr_expect_eq(conns_sweep(&cs, 16 * S + 1), 1);
	cr_expect(was_closed(&fast));
	cr_expect_eq(atomic_load(&cs.stats.closed[CONN_CLOSED_BODY_TIMEOUT]),
	             2);
	close_peer(&slow);
	close_peer(&fast);
}

/* A connection whose body is coming is working: never the one closed to
 * make room, however long it has been at it. */
Test(conns, an_upload_is_never_evicted)
{
	struct peer up, a, b, d;

	open_peer(&up, "10.0.0.1", 0);
	conns_uploading(&up.c, 0);
	conns_body_read(&up.c, 100 * SCAN_MIN_RATE);
	open_peer(&a, "10.0.0.2", 1 * S);
	open_peer(&b, "10.0.0.3", 2 * S);
	open_peer(&d, "10.0.0.4", 3 * S); /* the fourth of 3: makes room */
	cr_expect(!was_closed(&up));
	cr_expect(was_closed(&a), "the longest waiting for a head goes");
	cr_expect_eq(d.c.refusal, CONN_ACCEPTED);
	close_peer(&up);
	close_peer(&a);
	close_peer(&b);
	close_peer(&d);
}
