#include "healthcheck.h"

#include "clock.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct target {
	char host[256];
	char port[8];
	char path[512];
};

/* Splits url into host, port and path; false with why filled when it is
 * not an http URL. */
static bool parse_url(const char *url, struct target *t, char *why, size_t size)
{
	const char *p = url + strlen("http://"), *end, *path;
	size_t n;

	if (strncmp(url, "http://", 7) != 0) {
		snprintf(why, size, "%s: only http:// URLs are checked", url);
		return false;
	}
	path = strchr(p, '/');
	end = path ? path : p + strlen(p);
	snprintf(t->port, sizeof(t->port), "80");
	if (*p == '[') { /* [::1]:8080 */
		const char *close = memchr(p, ']', (size_t)(end - p));

		if (!close)
			goto bad;
		n = (size_t)(close - p - 1);
		if (n == 0 || n >= sizeof(t->host))
			goto bad;
		memcpy(t->host, p + 1, n);
		t->host[n] = '\0';
		p = close + 1;
	} else {
		const char *colon = memchr(p, ':', (size_t)(end - p));
		const char *host_end = colon ? colon : end;

		n = (size_t)(host_end - p);
		if (n == 0 || n >= sizeof(t->host))
			goto bad;
		memcpy(t->host, p, n);
		t->host[n] = '\0';
		p = host_end;
	}
	if (*p == ':') {
		n = (size_t)(end - p - 1);
		if (n == 0 || n >= sizeof(t->port) ||
		    strspn(p + 1, "0123456789") < n)
			goto bad;
		memcpy(t->port, p + 1, n);
		t->port[n] = '\0';
	} else if (p != end) {
		goto bad;
	}
	if (path && strcspn(path, " \t\r\n") != strlen(path))
		goto bad; /* it goes into the request line as it is */
	snprintf(t->path, sizeof(t->path), "%s",
	         path && strcmp(path, "/") != 0 ? path : "/livez");
	return true;
bad:
	snprintf(why, size, "%s: not a URL this check understands", url);
	return false;
}

/* Waits for fd to be ready for `events` until the deadline. */
static bool wait_for(int fd, short events, const struct timespec *deadline)
{
	for (;;) {
		int64_t left = clock_ms_left(deadline);
		struct pollfd p = {fd, events, 0};
		int n;

		if (left <= 0)
			return false;
		n = poll(&p, 1, (int)left);
		if (n > 0)
			return true;
		if (n < 0 && errno != EINTR)
			return false;
	}
}

/* A connected socket to t, or -1 with why filled. */
static int connect_to(const struct target *t, const struct timespec *deadline,
                      char *why, size_t size)
{
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *list, *a;
	int rc = getaddrinfo(t->host, t->port, &hints, &list), fd = -1;

	if (rc != 0) {
		snprintf(why, size, "%s: %s", t->host, gai_strerror(rc));
		return -1;
	}
	snprintf(why, size, "%s port %s: no address to connect to", t->host,
	         t->port);
	for (a = list; a && fd < 0; a = a->ai_next) {
		int err = 0;
		socklen_t len = sizeof(err);

		fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK,
		            a->ai_protocol);
		if (fd < 0)
			continue;
		if (connect(fd, a->ai_addr, a->ai_addrlen) != 0 &&
		    errno != EINPROGRESS)
			err = errno;
		else if (!wait_for(fd, POLLOUT, deadline))
			err = ETIMEDOUT;
		else if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
			err = errno;
		if (err) {
			snprintf(why, size, "%s port %s: %s", t->host, t->port,
			         strerror(err));
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(list);
	return fd;
}

bool healthcheck(const char *url, int timeout_ms, char *why, size_t size)
{
	struct target t;
	struct timespec deadline;
	char request[1024], status[64], fallback[64];
	size_t got = 0;
	int fd, n;
	bool ok;

	if (!url) {
		const char *port = getenv("WSAERR_PORT");

		snprintf(fallback, sizeof(fallback),
		         "http://127.0.0.1:%s/livez",
		         port && *port ? port : "8080");
		url = fallback;
	}
	if (!parse_url(url, &t, why, size))
		return false;
	deadline = clock_deadline((uint64_t)(timeout_ms > 0 ? timeout_ms : 0));
	fd = connect_to(&t, &deadline, why, size);
	if (fd < 0)
		return false;
	n = snprintf(request, sizeof(request),
	             "GET %s HTTP/1.1\r\nHost: %s%s%s:%s\r\n"
	             "Connection: close\r\n"
	             "User-Agent: wsaerrd-healthcheck\r\n\r\n",
	             t.path, strchr(t.host, ':') ? "[" : "", t.host,
	             strchr(t.host, ':') ? "]" : "", t.port);
	if (send(fd, request, (size_t)n, MSG_NOSIGNAL) != n) {
		snprintf(why, size, "%s: could not send the request", url);
		close(fd);
		return false;
	}
	/* "HTTP/1.1 200 OK": the status line is all that is read */
	while (got < 12 && wait_for(fd, POLLIN, &deadline)) {
		ssize_t r = recv(fd, status + got, sizeof(status) - 1 - got, 0);

		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	status[got] = '\0';
	if (got < 12) {
		snprintf(why, size, "%s: no answer within %d ms", url,
		         timeout_ms);
		return false;
	}
	ok = strncmp(status, "HTTP/1.", 7) == 0 &&
	     strncmp(status + 8, " 200", 4) == 0;
	if (!ok)
		snprintf(why, size, "%s answered %.*s", url,
		         (int)strcspn(status, "\r\n"), status);
	return ok;
}
