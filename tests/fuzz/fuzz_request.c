/*
 * libFuzzer: the whole request path. Each input is the bytes a client sends
 * on one connection: libmicrohttpd parses them, the server routes and
 * answers. The daemon runs in this process with no listening socket and
 * polls with poll(2); each input arrives on a socketpair handed over with
 * MHD_add_connection(). (Not loopback TCP: hundreds of thousands of
 * connections use up the ports in TIME_WAIT.)
 *
 * Found is: a crash or sanitizer report anywhere on the path; a connection
 * the server neither answers nor closes within 5 s of the client's end of
 * input (the head deadline is 1 s); a request or connection still counted
 * once the exchange is over.
 */
#include "server.h"

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct server *server;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct server_config cfg;
	char err[256];

	(void)argc;
	(void)argv;
	config_defaults(&cfg);
	cfg.port = 0;
	cfg.threads = 1;
	cfg.log_format = ACCESSLOG_OFF;
	cfg.no_listen = true;
	cfg.use_poll = true;
	/* some heads libmicrohttpd never finishes, even at the client's end
	 * of input (see test_limits.c): the deadline must end them, well
	 * within the 5 s a connection is given below */
	cfg.header_timeout = 1;
	server = server_start(&cfg, err, sizeof(err));
	if (!server) {
		fprintf(stderr, "fuzz_request: %s\n", err);
		abort();
	}
	return 0;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {0, ms * 1000000L};

	nanosleep(&ts, NULL);
}

/* True when fd has something to read (or its end) within ms. libFuzzer's
 * SIGALRM, which keeps its -timeout, interrupts poll(): wait again. */
static bool readable_within(int fd, long ms)
{
	struct timespec start, now;
	long waited = 0;

	clock_gettime(CLOCK_MONOTONIC, &start);
	while (waited < ms) {
		struct pollfd p = {fd, POLLIN, 0};
		int n = poll(&p, 1, (int)(ms - waited));

		if (n > 0)
			return true;
		if (n < 0 && errno != EINTR)
			return false;
		clock_gettime(CLOCK_MONOTONIC, &now);
		waited = (now.tv_sec - start.tv_sec) * 1000 +
		         (now.tv_nsec - start.tv_nsec) / 1000000;
	}
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct sockaddr_in peer = {.sin_family = AF_INET,
	                                 .sin_port = htons(40000),
	                                 .sin_addr.s_addr =
	                                         htonl(INADDR_LOOPBACK)};
	int fds[2], client;
	char buf[65536];
	int waited = 0;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0)
		abort();
	client = fds[1];
	if (!server_add_connection(server, fds[0],
	                           (const struct sockaddr *)&peer,
	                           sizeof(peer))) {
		close(client);
		return 0;
	}
	for (size_t sent = 0; sent < size;) {
		ssize_t n =
		        send(client, data + sent, size - sent, MSG_NOSIGNAL);

		if (n <= 0)
			break; /* the server answered and closed early */
		sent += (size_t)n;
	}
	shutdown(client, SHUT_WR); /* the client is done */
	for (;;) {
		ssize_t n;

		if (!readable_within(client, 5000))
			__builtin_trap(); /* neither answered nor closed */
		n = recv(client, buf, sizeof(buf), 0);
		if (n <= 0)
			break;
	}
	close(client);
	/* libmicrohttpd frees the connection in its own thread */
	while ((server_open_connections(server) > 0 ||
	        server_requests_in_flight(server) != 0) &&
	       waited < 5000) {
		sleep_ms(1);
		waited++;
	}
	if (server_open_connections(server) > 0 ||
	    server_requests_in_flight(server) != 0)
		__builtin_trap(); /* something stayed behind */
	return 0;
}
