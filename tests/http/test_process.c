/*
 * The daemon as a process: configuration errors, signals and draining, the
 * access log, connection limits. WSAERRD names the binary (the Makefile
 * sets it); it is started with --port 0 and tells its port on stderr.
 */
#include "version.h"
#include "proc.h"

#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <curl/curl.h>
#include <errno.h>
#include <jansson.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Runs the daemon with args to its end; exit status and what it said on
 * stderr up to the line holding `says`. */
static int run(const char *const *args, const char *env, const char *says,
               char *err, size_t size)
{
	struct proc p = start(args, env);

	err[0] = '\0';
	read_until(p.err, says, err, size);
	read_until(p.err, "\n", err, size);
	return wait_exit(&p, 5);
}

Test(process, invalid_configuration_exits_2_saying_what_is_wrong)
{
	static const struct {
		const char *args[4];
		const char *env;
		const char *says;
	} cases[] = {
	        {{"--port", "70000"},
	         NULL,
	         "--port: '70000' is not a number from 0 to 65535"},
	        {{"--port", "-1"}, NULL, "--port: '-1' is not a number"},
	        {{"--threads", "0"},
	         NULL,
	         "--threads: '0' is not a number from 1 to 256"},
	        {{"--timeout=abc"}, NULL, "--timeout: 'abc' is not a number"},
	        {{"--log-format", "xml"},
	         NULL,
	         "--log-format: 'xml' is not json, text or off"},
	        {{"--bind", "localhost"},
	         NULL,
	         "--bind: 'localhost' is not an IPv4 or IPv6 address"},
	        {{"--max-connections", "0"}, NULL, "--max-connections: '0'"},
	        {{"--drain-seconds", "99999"},
	         NULL,
	         "--drain-seconds: '99999'"},
	        {{"--per-ip-limit", "x"}, NULL, "--per-ip-limit: 'x'"},
	        {{"--bogus"}, NULL, "unknown option '--bogus'"},
	        {{"--port"}, NULL, "--port needs a value"},
	        {{NULL},
	         "WSAERR_PORT=abc",
	         "WSAERR_PORT: 'abc' is not a number"},
	        {{NULL}, "WSAERR_LOG_FORMAT=yaml", "WSAERR_LOG_FORMAT: 'yaml'"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char err[512];
		int st = run(cases[i].args, cases[i].env, cases[i].says, err,
		             sizeof(err));

		cr_expect_eq(st, 2, "case %zu: exit %d", i, st);
		cr_expect_not_null(strstr(err, cases[i].says), "case %zu: %s",
		                   i, err);
		cr_expect_eq(strncmp(err, "wsaerrd: ", 9), 0);
	}
}

Test(process, help_and_version)
{
	static const char *const help[] = {"--help", NULL};
	static const char *const version[] = {"--version", NULL};
	char buf[4096] = "";
	struct proc p = start(help, NULL);

	cr_expect_not_null(
	        read_until(p.out, "--drain-seconds", buf, sizeof(buf)));
	cr_expect_not_null(strstr(buf, "WSAERR_PER_IP_LIMIT"));
	cr_expect_eq(wait_exit(&p, 5), 0);
	buf[0] = '\0';
	p = start(version, NULL);
	cr_expect_not_null(read_until(p.out, "\n", buf, sizeof(buf)));
	cr_expect_str_eq(buf, "wsaerrd " WSAERR_VERSION "\n");
	cr_expect_eq(wait_exit(&p, 5), 0);
}

Test(process, a_flag_wins_over_its_variable)
{
	/* the variable would be invalid; the flag is used instead */
	static const char *const args[] = {
	        "--port",       "0",   "--bind", "127.0.0.1",
	        "--log-format", "off", NULL};
	char buf[512] = "";
	struct proc p = start(args, "WSAERR_LOG_FORMAT=text");

	cr_expect_not_null(read_until(p.err, " port ", buf, sizeof(buf)), "%s",
	                   buf);
	kill(p.pid, SIGTERM);
	cr_expect_eq(wait_exit(&p, 5), 0);
}

Test(process, port_in_use_fails_clearly)
{
	struct proc a = serve(NULL);
	char port[16], err[512];
	const char *args[] = {"--port", port, "--bind", "127.0.0.1", NULL};

	snprintf(port, sizeof(port), "%u", a.port);
	/* not a configuration mistake: exit 1, after libmicrohttpd's own line
	 */
	cr_expect_eq(run(args, NULL, "cannot listen", err, sizeof(err)), 1);
	cr_expect_not_null(strstr(err, "cannot listen"), "%s", err);
	kill(a.pid, SIGTERM);
	cr_expect_eq(wait_exit(&a, 5), 0);
}

Test(process, sigterm_drains_and_exits_0)
{
	static const char *const args[] = {"--drain-seconds", "5", NULL};
	struct proc p = serve(args);
	CURL *kept = curl_easy_init();
	struct timespec t0, t1;
	long ms;
	int st;

	cr_assert(kept);
	/* an idle keep-alive client does not hold the drain */
	cr_expect_eq(get(kept, p.port, "/readyz", NULL), 200);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	kill(p.pid, SIGTERM);
	st = wait_exit(&p, 10);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 +
	     (t1.tv_nsec - t0.tv_nsec) / 1000000;
	cr_expect_eq(st, 0);
	cr_expect_lt(ms, 2000, "exited after %ld ms, not the 5 s deadline", ms);
	curl_easy_cleanup(kept);
}

/* A client that connects and never sends anything, whether the server
 * has taken its connection when the signal comes or not: the drain ends
 * its stream, and the server exits 0 without waiting out a deadline. */
Test(process, drain_closes_a_client_that_never_sends)
{
	static const char *const args[] = {"--drain-seconds", "30", NULL};
	struct proc p = serve(args);
	int fd = connect_loopback(p.port);
	struct pollfd pf = {fd, POLLIN, 0};
	char byte;
	int st;

	kill(p.pid, SIGTERM);
	cr_expect_eq(poll(&pf, 1, SETTLE_MS), 1, "still open after the drain");
	cr_expect_leq(recv(fd, &byte, 1, 0), 0, "an end, or a reset");
	st = wait_exit(&p, SETTLE_MS / 1000);
	cr_expect_eq(st, 0, "exit %d", st);
	close(fd);
}

Test(process, access_log_is_one_json_line_per_request)
{
	static const char *const args[] = {"--log-format", "json", NULL};
	struct proc p = serve(args);
	CURL *c = curl_easy_init();
	char buf[8192] = "", *line;
	json_t *j;
	json_error_t e;

	cr_assert_not_null(c);
	cr_expect_eq(get(c, p.port, "/codes/%22x%5C?q=%E2%80%94", NULL), 400);
	cr_assert_not_null(
	        read_until(p.out, "\"status\":400", buf, sizeof(buf)), "%s",
	        buf);
	line = strstr(buf, "{\"time\":\"");
	/* the first line is the "listening" event; find the request */
	line = strstr(buf, "\"method\"");
	cr_assert_not_null(line);
	while (line > buf && *line != '{')
		line--;
	j = json_loadb(line, strcspn(line, "\n"), 0, &e);
	cr_assert_not_null(j, "%s: %s", e.text, line);
	cr_expect_str_eq(json_string_value(json_object_get(j, "method")),
	                 "GET");
	cr_expect_str_eq(json_string_value(json_object_get(j, "route")),
	                 "/codes/{key}");
	cr_expect_str_eq(json_string_value(json_object_get(j, "target")),
	                 "/codes/%22x%5C?q=%E2%80%94");
	cr_expect_eq(json_integer_value(json_object_get(j, "status")), 400);
	cr_expect_gt(json_integer_value(json_object_get(j, "bytes")), 0);
	cr_expect(json_is_number(json_object_get(j, "duration_ms")));
	cr_expect_str_eq(json_string_value(json_object_get(j, "remote")),
	                 "127.0.0.1");
	cr_expect_eq(
	        strlen(json_string_value(json_object_get(j, "request_id"))),
	        16);
	cr_expect_not_null(json_string_value(json_object_get(j, "time")));
	json_decref(j);
	curl_easy_cleanup(c);
	kill(p.pid, SIGTERM);
	cr_expect_eq(wait_exit(&p, 5), 0);
}

/* The address is written by hand, not by inet_ntop(): every octet width,
 * from a loopback address of the client's choosing. */
Test(process, access_log_writes_the_client_address)
{
	static const char *const args[] = {"--log-format", "json", NULL};
	struct proc p = serve(args);
	CURL *c = curl_easy_init();
	char buf[8192] = "";

	cr_assert_not_null(c);
	curl_easy_setopt(c, CURLOPT_INTERFACE, "127.10.200.3");
	cr_expect_eq(get(c, p.port, "/codes/10061", NULL), 200);
	cr_expect_not_null(read_until(p.out, "\"remote\":\"127.10.200.3\"", buf,
	                              sizeof(buf)),
	                   "%s", buf);
	curl_easy_setopt(c, CURLOPT_INTERFACE, "127.0.99.254");
	cr_expect_eq(get(c, p.port, "/codes/10060", NULL), 200);
	cr_expect_not_null(read_until(p.out, "\"remote\":\"127.0.99.254\"", buf,
	                              sizeof(buf)),
	                   "%s", buf);
	curl_easy_cleanup(c);
	kill(p.pid, SIGTERM);
	cr_expect_eq(wait_exit(&p, 5), 0);
}

Test(process, access_log_escapes_what_the_client_sent)
{
	static const char *const args[] = {"--log-format", "json", NULL};
	static const char request[] =
	        "GET /codes/\xff\x01\"\\ HTTP/1.1\r\nHost: a\r\n"
	        "Connection: close\r\n\r\n";
	struct proc p = serve(args);
	int fd = connect_loopback(p.port);
	char buf[8192] = "", sink[1024], *line;
	json_t *j;
	json_error_t e;

	cr_assert_eq(send(fd, request, sizeof(request) - 1, 0),
	             (ssize_t)sizeof(request) - 1);
	while (recv(fd, sink, sizeof(sink), 0) > 0)
		;
	close(fd);
	cr_assert_not_null(read_until(p.out, "\"status\":", buf, sizeof(buf)));
	read_until(p.out, "}\n", buf, sizeof(buf));
	line = strstr(buf, "\"method\"");
	cr_assert_not_null(line);
	while (line > buf && *line != '{')
		line--;
	j = json_loadb(line, strcspn(line, "\n"), 0, &e);
	cr_assert_not_null(j, "not JSON (%s): %s", e.text, line);
	cr_expect_str_eq(json_string_value(json_object_get(j, "target")),
	                 "/codes/\xC3\xBF\x01\"\\");
	json_decref(j);
	kill(p.pid, SIGTERM);
	cr_expect_eq(wait_exit(&p, 5), 0);
}

Test(process, per_ip_limit_refuses_extra_connections)
{
	static const char *const args[] = {"--per-ip-limit", "1", NULL};
	struct proc p = serve(args);
	int fd = connect_served(p.port);
	CURL *c = curl_easy_init();
	char headers[4096];
	struct settle w = settle_start();
	long status;

	/* one connection from 127.0.0.1 is open: a second is told to come
	 * back later */
	cr_expect_eq(get(c, p.port, "/livez", headers), 503);
	cr_expect_not_null(strstr(headers, "Retry-After: 1\r\n"), "%s",
	                   headers);
	cr_expect_not_null(strstr(headers, "Connection: close\r\n"), "%s",
	                   headers);
	close(fd);
	/* once the server has seen it closed, which may take a moment */
	while ((status = get(c, p.port, "/livez", NULL)) != 200 && settling(&w))
		;
	cr_expect_eq(status, 200, "still refused after the held one closed");
	curl_easy_cleanup(c);
	kill(p.pid, SIGTERM);
	cr_expect_eq(wait_exit(&p, 5), 0);
}

Test(process, idle_connections_time_out)
{
	static const char *const args[] = {"--timeout", "1", NULL};
	struct proc p = serve(args);
	int fd = connect_loopback(p.port);
	struct pollfd pf;
	char c;

	/* the server closes it: recv sees the end, well before 10 s */
	pf = (struct pollfd){fd, POLLIN, 0};
	cr_expect_eq(poll(&pf, 1, 10000), 1);
	cr_expect_eq(recv(fd, &c, 1, 0), 0);
	close(fd);
	kill(p.pid, SIGTERM);
	cr_expect_eq(wait_exit(&p, 5), 0);
}

Test(process, raises_its_file_descriptor_limit_for_its_connections)
{
	struct rlimit low = {256, 0};
	struct proc p;
	char path[64], line[256];
	unsigned long long soft = 0;
	FILE *f;

	cr_assert_eq(getrlimit(RLIMIT_NOFILE, &low), 0);
	if (low.rlim_max < 1400)
		cr_skip_test("the hard limit (%llu) is too low to show it",
		             (unsigned long long)low.rlim_max);
	low.rlim_cur = 256; /* this test's own process: it runs alone */
	cr_assert_eq(setrlimit(RLIMIT_NOFILE, &low), 0);
	p = serve(NULL);
	snprintf(path, sizeof(path), "/proc/%d/limits", (int)p.pid);
	f = fopen(path, "r");
	cr_assert_not_null(f);
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "Max open files", 14) == 0)
			soft = strtoull(line + 14, NULL, 10);
	}
	fclose(f);
	/* 1024 connections, a quarter more being closed, a few of its own */
	cr_expect_geq(soft, 1024 + 256 + 64, "soft limit %llu", soft);
	kill(p.pid, SIGTERM);
	cr_expect_eq(wait_exit(&p, 5), 0);
}

/* wsaerrd --healthcheck [URL]: its exit status and the line on stderr */
static int healthcheck_run(const char *url, const char *env, char *err,
                           size_t size)
{
	const char *args[] = {"--healthcheck", url, NULL};

	return run(args, env, "\n", err, size);
}

Test(process, healthcheck_is_0_only_when_livez_answers_200)
{
	struct proc p = serve(NULL);
	char url[96], env[32], err[512];

	snprintf(url, sizeof(url), "http://127.0.0.1:%u/livez", p.port);
	cr_expect_eq(healthcheck_run(url, NULL, err, sizeof(err)), 0, "%s",
	             err);
	cr_expect_str_eq(err, "");
	/* no path means /livez; no URL means $WSAERR_PORT on 127.0.0.1 */
	snprintf(url, sizeof(url), "http://localhost:%u", p.port);
	cr_expect_eq(healthcheck_run(url, NULL, err, sizeof(err)), 0, "%s",
	             err);
	snprintf(env, sizeof(env), "WSAERR_PORT=%u", p.port);
	cr_expect_eq(healthcheck_run(NULL, env, err, sizeof(err)), 0, "%s",
	             err);
	/* a status other than 200 is unhealthy, and says which */
	snprintf(url, sizeof(url), "http://127.0.0.1:%u/nope", p.port);
	cr_expect_eq(healthcheck_run(url, NULL, err, sizeof(err)), 1);
	cr_expect_not_null(strstr(err, "answered HTTP/1.1 404"), "%s", err);
	kill(p.pid, SIGTERM);
	cr_expect_eq(wait_exit(&p, 5), 0);
	/* stopped: nothing listens any more */
	snprintf(url, sizeof(url), "http://127.0.0.1:%u/livez", p.port);
	cr_expect_eq(healthcheck_run(url, NULL, err, sizeof(err)), 1);
	cr_expect_not_null(strstr(err, "wsaerrd: unhealthy: "), "%s", err);
	cr_expect_not_null(strstr(err, "Connection refused"), "%s", err);
}

Test(process, healthcheck_gives_up_on_a_silent_server)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	char url[96], err[512];
	struct timespec t0, t1;
	double s;

	/* it listens, so the connection is made, but never answers */
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert_eq(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	cr_assert_eq(listen(fd, 4), 0);
	cr_assert_eq(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	snprintf(url, sizeof(url), "http://127.0.0.1:%u/livez",
	         (unsigned)ntohs(a.sin_port));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	cr_expect_eq(healthcheck_run(url, NULL, err, sizeof(err)), 1);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	cr_expect_not_null(strstr(err, "no answer within 2000 ms"), "%s", err);
	/* bounded, not hung: the 2 s budget plus start-up */
	s = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	cr_expect_lt(s, 4.5, "%.1f s", s);
	close(fd);
}

Test(process, healthcheck_refuses_what_it_cannot_check)
{
	static const char *const urls[] = {
	        "https://127.0.0.1/livez",
	        "ftp://x/",
	        "http://",
	        "http://host:port/",
	        "http://[::1/livez",
	        "http://h:1/a b",
	        "http://h:99999999/",
	};
	static const char *const two[] = {"--healthcheck", "http://a/",
	                                  "http://b/", NULL};
	char err[512];

	for (size_t i = 0; i < sizeof(urls) / sizeof(*urls); i++) {
		cr_expect_eq(healthcheck_run(urls[i], NULL, err, sizeof(err)),
		             1, "%s", urls[i]);
		cr_expect_not_null(strstr(err, "wsaerrd: unhealthy: "),
		                   "%s: %s", urls[i], err);
	}
	cr_expect_eq(run(two, NULL, "\n", err, sizeof(err)), 2);
	cr_expect_not_null(strstr(err, "one URL at most"), "%s", err);
}

/* Reads fd to its end; the bytes, malloc'd. A thread's body. */
static void *read_all(void *cls)
{
	int fd = (int)(intptr_t)cls;
	size_t cap = 1 << 20, len = 0;
	char *buf = malloc(cap + 1);
	ssize_t n;

	while (buf && (n = read(fd, buf + len, cap - len)) > 0) {
		len += (size_t)n;
		if (len == cap) {
			char *more = realloc(buf, cap * 2 + 1);

			if (!more)
				free(buf);
			buf = more;
			cap *= 2;
		}
	}
	if (buf)
		buf[len] = '\0';
	return buf;
}

/* The access log is buffered: N requests, then SIGTERM, and all N lines
 * are there, whole, before the "stopped" line. */
Test(process, no_access_log_line_is_lost_on_sigterm)
{
	static const char *const args[] = {"--log-format", "json", NULL};
	/* under valgrind (WSAERR_SLOW=1) the daemon is tens of times slower */
	const char *slow = getenv("WSAERR_SLOW");
	const int N = slow && strcmp(slow, "1") == 0 ? 300 : 3000;
	struct proc p = serve(args);
	CURL *c = curl_easy_init();
	size_t lines = 0;
	pthread_t reader;
	void *out;
	int st, fd;
	char *log, *line, *save = NULL, *stopped;

	cr_assert_not_null(c);
	/* more than a pipe holds: read it while the requests go */
	cr_assert_eq(pthread_create(&reader, NULL, read_all,
	                            (void *)(intptr_t)p.out),
	             0);
	for (int i = 0; i < N; i++)
		cr_assert_eq(
		        get(c, p.port, i % 2 ? "/codes/10061" : "/livez", NULL),
		        200);
	curl_easy_cleanup(c);
	kill(p.pid, SIGTERM);
	fd = p.out;
	p.out = -1; /* the reader's until it ends */
	st = wait_exit(&p, 10);
	pthread_join(reader, &out); /* the daemon is gone: its log ended */
	close(fd);
	log = out;
	cr_assert_not_null(log);
	cr_expect_eq(st, 0);
	stopped = strstr(log, "\"event\":\"stopped\"");
	cr_expect_not_null(stopped);
	for (line = strtok_r(log, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (strstr(line, "\"route\":")) {
			cr_expect_eq(strncmp(line, "{\"time\":", 8), 0, "%s",
			             line);
			cr_expect_eq(line[strlen(line) - 1], '}', "%s", line);
			cr_expect(!stopped || line < stopped,
			          "a line after stopped");
			lines++;
		}
	}
	cr_expect_eq(lines, N, "%zu of %d lines", lines, N);
	free(log);
}

static size_t into_file(char *data, size_t size, size_t n, void *f)
{
	return fwrite(data, size, n, f);
}

/* The value of a sample of the daemon's /metrics, or -1. */
static long long metric_of(unsigned port, const char *name)
{
	CURL *c = curl_easy_init();
	char url[128], *body = NULL, want[128], *at;
	size_t len = 0;
	FILE *f = open_memstream(&body, &len);
	long long v = -1;

	cr_assert(c && f);
	snprintf(url, sizeof(url), "http://127.0.0.1:%u/metrics", port);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, into_file);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, f);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 5L);
	curl_easy_perform(c);
	curl_easy_cleanup(c);
	fclose(f);
	snprintf(want, sizeof(want), "\n%s ", name);
	at = body ? strstr(body, want) : NULL;
	if (at)
		v = strtoll(at + strlen(want), NULL, 10);
	free(body);
	return v;
}

/* Lines a full disk refuses are counted in /metrics, and it serves on. */
Test(process, a_full_disk_drops_lines_and_counts_them)
{
	static const char *const args[] = {"--log-format", "json", NULL};
	struct proc p = serve_to(args, "/dev/full");
	CURL *c = curl_easy_init();
	long long dropped = -1;
	int st;
	struct settle w;

	cr_assert_not_null(c);
	for (int i = 0; i < 100; i++)
		cr_assert_eq(get(c, p.port, "/codes/10061", NULL), 200);
	curl_easy_cleanup(c);
	/* the flush comes within 100 ms: look for a while */
	w = settle_start();
	while (dropped < 100 && settling(&w))
		dropped = metric_of(p.port, "wsaerr_accesslog_dropped_total");
	/* the /metrics requests are lines too: at least the 100 */
	cr_expect_geq(dropped, 100, "dropped %lld", dropped);
	kill(p.pid, SIGTERM);
	st = wait_exit(&p, 10);
	cr_expect_eq(st, 0, "exit status %d", st);
}
