/*
 * Allocation failure, each in turn (make check-faults): at start-up, in
 * the daemon's own start-up, and in a request of every route. Built with
 * ASan and UBSan, so a leak or a bad access on any failure path fails the
 * run. See faults.h for how an allocation is made to fail.
 */
#include "faults.h"
#include "harness.h"
#include "proc.h"
#include "server.h"

#include <criterion/criterion.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_POINTS 100000 /* far more allocations than any path makes */

TestSuite(faults, .timeout = 600);

static void config(struct server_config *c)
{
	config_defaults(c);
	c->port = 0;
	c->threads = 2;
	c->log_format = ACCESSLOG_OFF;
	snprintf(c->bind, sizeof(c->bind), "127.0.0.1");
}

Test(faults, start_up_fails_cleanly_at_each_allocation)
{
	struct server_config c;
	long n;
	int survived = 0;

	config(&c);
	/* as the daemon starts by default: its access log on (to /dev/null
	 * here), so the log's allocations are walked too */
	c.log_format = ACCESSLOG_JSON;
	c.log_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	cr_assert_geq(c.log_fd, 0);
	for (n = 1; n < MAX_POINTS; n++) {
		char err[256] = "";
		struct server *s;
		bool fired;

		faults_arm(n);
		s = server_start(&c, err, sizeof(err));
		fired = faults_fired();
		faults_arm(0);
		if (!s) {
			cr_expect(fired, "failed at %ld with no fault: %s", n,
			          err);
			cr_expect_gt(strlen(err), 10, "failure %ld says why",
			             n);
			continue;
		}
		server_stop(s);
		if (!fired)
			break; /* past the last allocation */
		survived++;    /* a failure it could do without */
		if (getenv("WSAERR_FAULTS_TRACE"))
			fprintf(stderr, "faults: start-up survived %ld\n", n);
	}
	close(c.log_fd);
	cr_log_info("start-up: %ld allocations failed in turn, %d survived",
	            n - 1, survived);
	cr_expect_gt(n, 100, "start-up allocates (%ld)", n);
	cr_expect_lt(n, MAX_POINTS);
}

/* What the daemon did when its allocation `n` was made to fail. */
enum outcome { EXITED_1, SERVED_ANYWAY, NOT_REACHED };

static enum outcome daemon_at(long n)
{
	static const char *const args[] = {"--port", "0", "--bind", "127.0.0.1",
	                                   NULL};
	char env[64], err[8192] = "";
	struct proc p;
	int st;

	snprintf(env, sizeof(env), "WSAERR_FAULT_AT=%ld", n);
	p = start(args, env);
	if (read_until(p.err, "listening", err, sizeof(err))) {
		kill(p.pid, SIGTERM);
		read_until(p.err, "\nfaults: ", err, sizeof(err));
		st = wait_exit(&p, 10);
		cr_expect_eq(st, 0, "at %ld: exit %d after serving", n, st);
		return strstr(err, "faults: the failure happened")
		               ? SERVED_ANYWAY
		               : NOT_REACHED;
	}
	st = wait_exit(&p, 10);
	cr_expect_eq(st, 1, "at %ld: exit %d: %s", n, st, err);
	cr_expect_not_null(strstr(err, "wsaerrd: "), "at %ld: %s", n, err);
	cr_expect_null(strstr(err, "Sanitizer"), "at %ld: %s", n, err);
	return EXITED_1;
}

/*
 * The daemon, as a process, at its allocations: that it exits 1 saying
 * why, or serves. Each of the ten thousand allocations of server_start()
 * fails in turn in the test above, in process, with the daemon's default
 * configuration, and main() answers every one of them the same way; so
 * this walks main()'s own allocations one by one (the first DAEMON_HEAD,
 * and the last stretch, up to where it listens), and server_start()'s
 * between them every DAEMON_STRIDE-th. A daemon a point takes about 40 ms
 * under ASan: all ten thousand were 400 s of `make test`.
 * WSAERR_FAULTS_ALL=1 (make check-faults FAULTS_ALL=1) walks every one.
 */
#define DAEMON_HEAD   200
#define DAEMON_STRIDE 97

Test(faults, the_daemon_exits_1_saying_why_at_each_allocation)
{
	bool all = getenv("WSAERR_FAULTS_ALL") != NULL, tail = false;
	long n = 1, last = 0, tried = 0;
	int survived = 0;

	while (n < MAX_POINTS) {
		enum outcome o = daemon_at(n);

		tried++;
		if (o == NOT_REACHED) {
			if (tail || n == last + 1)
				break; /* past the last allocation */
			tail = true;   /* walk the last stride one by one */
			n = last + 1;
			continue;
		}
		survived += o == SERVED_ANYWAY;
		last = n;
		n += all || tail || n < DAEMON_HEAD ? 1 : DAEMON_STRIDE;
	}
	cr_log_info("daemon start-up: %ld allocations, %ld daemons started, "
	            "%d survived",
	            n - 1, tried, survived);
	cr_expect_gt(n, 100);
	cr_expect_lt(n, MAX_POINTS);
}

/* A request to make, and the status it gets when nothing fails. */
struct probe {
	const char *method, *target;
	const char *headers[3];
	long status;
	const char *body; /* POSTed when not NULL */
};

static const char scan_log[] =
        "connect: [WinError 10061] No connection could be made because the "
        "target machine actively refused it\r\nall is well\r\n"
        "\xE7\x94\xB1\xE4\xBA\x8E\xE7\x9B\xAE\xE6\xA0\x87\xE8\xAE"
        "\xA1\xE7\xAE\x97\xE6\x9C\xBA\xE7\xA7\xAF\xE6\x9E\x81\xE6"
        "\x8B\x92\xE7\xBB\x9D\xEF\xBC\x8C\xE6\x97\xA0\xE6\xB3\x95"
        "\xE8\xBF\x9E\xE6\x8E\xA5\xE3\x80\x82\n";

static const struct probe probes[] = {
        {"GET", "/codes/10061", {NULL}, 200, NULL},
        {"GET", "/codes/10061", {"Accept: text/plain", NULL}, 200, NULL},
        {"GET", "/codes", {"Accept-Encoding: gzip", NULL}, 200, NULL},
        {"GET", "/codes?q=connection+reset", {NULL}, 200, NULL},
        {"GET",
         "/codes?category=qos&limit=30",
         {"Accept-Encoding: gzip", NULL},
         200,
         NULL},
        {"GET", "/codes?q=refused&format=text", {NULL}, 200, NULL},
        /* asked again and again: its prepared responses, gzip too */
        {"GET",
         "/codes?q=connection",
         {"Accept-Encoding: gzip", NULL},
         200,
         NULL},
        {"GET", "/codes/WSAEFOO", {NULL}, 404, NULL},
        {"GET", "/codes/126", {NULL}, 404, NULL},
        {"GET", "/codes/0x", {NULL}, 400, NULL},
        {"GET", "/codes?limit=0", {NULL}, 400, NULL},
        {"GET", "/livez", {NULL}, 200, NULL},
        {"GET", "/healthz", {NULL}, 200, NULL},
        {"GET", "/readyz", {NULL}, 200, NULL},
        {"GET", "/metrics", {NULL}, 200, NULL},
        {"GET", "/openapi.yaml", {NULL}, 200, NULL},
        {"GET", "/", {NULL}, 200, NULL},
        {"OPTIONS",
         "/codes",
         {"Access-Control-Request-Headers: x-a", NULL},
         204,
         NULL},
        {"POST", "/codes", {NULL}, 405, NULL},
        {"GET", "/nope", {NULL}, 404, NULL},
        {"GET", "/codes/10061", {"If-None-Match: *", NULL}, 304, NULL},
        {"GET", "/codes?keys=10061,WSAEFOO,111,0x", {NULL}, 200, NULL},
        {"GET", "/codes?keys=10061,126&format=text", {NULL}, 200, NULL},
        {"GET", "/codes/10061", {"Accept: text/html", NULL}, 200, NULL},
        {"GET", "/?q=connection+reset", {"Accept: text/html", NULL}, 200, NULL},
        {"GET", "/codes/126", {"Accept: text/html", NULL}, 404, NULL},
        {"POST", "/scan", {"Content-Type: text/plain", NULL}, 200, scan_log},
        {"POST",
         "/scan?format=text&limit=1",
         {"Content-Type: text/plain", NULL},
         200,
         scan_log},
        {"POST",
         "/scan",
         {"Content-Type: text/plain", "Content-Encoding: gzip", NULL},
         400,
         "not gzip"},
        {"POST", "/scan", {"Content-Type: text/html", NULL}, 415, "x"},
};

/* What a request whose allocation failed may get: what it gets anyway (a
 * failure the server could do without), a 500 or 503, or a closed
 * connection when not even that could be built. */
static void expect_survived(const struct probe *p, const struct resp *r, long n)
{
	if (r->curl_error != 0)
		return; /* closed: nothing could be sent */
	cr_expect(r->status == p->status || r->status == 500 ||
	                  r->status == 503,
	          "%s %s, failure %ld: status %ld", p->method, p->target, n,
	          r->status);
	if (r->status == 500 && r->len > 0)
		cr_expect_not_null(strstr(r->body, "\"status\":500"),
		                   "%s %s, failure %ld: %s", p->method,
		                   p->target, n, r->body);
}

Test(faults, every_route_survives_a_failure_at_each_allocation)
{
	struct server_config c;
	struct resp *r;

	config(&c);
	srv_start(&c);
	faults_exempt_this_thread(); /* the test's own allocations */
	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		const struct probe *p = &probes[i];
		long n;

		for (n = 1; n < MAX_POINTS; n++) {
			bool fired;

			faults_arm(n);
			r = p->body ? req_post(p->target, p->headers, p->body,
			                       strlen(p->body), false)
			            : req(p->method, p->target,
			                  p->headers[0] ? p->headers : NULL);
			fired = faults_fired();
			faults_arm(0);
			if (!fired) {
				cr_expect_eq(r->status, p->status,
				             "%s %s unharmed", p->method,
				             p->target);
				resp_free(r);
				break;
			}
			expect_survived(p, r, n);
			resp_free(r);
		}
		cr_log_info("%s %s: %ld allocations failed in turn", p->method,
		            p->target, n - 1);
	}
	/* still serving, and nothing left in flight */
	r = req("GET", "/metrics", NULL);
	cr_expect_eq(r->status, 200);
	cr_expect_not_null(strstr(r->body, "\nhttp_requests_in_flight 1\n"),
	                   "%s", r->body);
	resp_free(r);
	srv_stop();
}
