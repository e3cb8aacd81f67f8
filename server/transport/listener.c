#include "listener.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Out of descriptors or memory: wait this long before accepting again,
 * rather than spin on a socket that stays readable. */
#define BACKOFF_MS 100

struct listener {
	int fd;      /* the listening socket */
	int wake[2]; /* a byte on wake[1] wakes the thread */
	unsigned port;
	listener_add_fn add;
	listener_full_fn full;
	void *arg;
	pthread_t thread;
	atomic_bool stopping;
	atomic_bool waiting; /* for room: listener_room() wakes it */
};

static void wake(struct listener *l)
{
	while (write(l->wake[1], "", 1) < 0 && errno == EINTR)
		;
}

/* Empties the wake pipe. */
static void drain_wake(struct listener *l)
{
	char buf[64];

	while (read(l->wake[0], buf, sizeof(buf)) > 0)
		;
}

/*
 * True when the taker is full. `waiting` is set before the second look, and
 * listener_room() clears it after its connection has gone (both
 * sequentially consistent): either this look sees the room, or
 * listener_room() sees `waiting` and wakes the thread.
 */
static bool is_full(struct listener *l)
{
	if (!l->full(l->arg))
		return false;
	atomic_store(&l->waiting, true);
	if (!l->full(l->arg)) {
		atomic_store(&l->waiting, false);
		return false;
	}
	return true;
}

/* Makes fd non-blocking and close-on-exec (POSIX: no accept4, pipe2 or
 * SOCK_NONBLOCK); false when it cannot. */
static bool nonblocking_cloexec(int fd)
{
	int fl = fcntl(fd, F_GETFL);
	int fd_fl = fcntl(fd, F_GETFD);

	return fl >= 0 && fd_fl >= 0 &&
	       fcntl(fd, F_SETFL, fl | O_NONBLOCK) == 0 &&
	       fcntl(fd, F_SETFD, fd_fl | FD_CLOEXEC) == 0;
}

/* Accepts every connection waiting; false when out of descriptors or
 * memory (back off), true otherwise. */
static bool accept_all(struct listener *l)
{
	for (;;) {
		struct sockaddr_storage ss;
		socklen_t len = sizeof(ss);
		int fd = accept(l->fd, (struct sockaddr *)&ss, &len);

		if (fd >= 0 && !nonblocking_cloexec(fd)) {
			close(fd);
			continue;
		}
		if (fd >= 0) {
			l->add(l->arg, fd, (const struct sockaddr *)&ss, len);
			if (is_full(l))
				return true;
			continue;
		}
		switch (errno) {
		case EMFILE:
		case ENFILE:
		case ENOBUFS:
		case ENOMEM:
			return false;
		case EINTR:
		case ECONNABORTED: /* the client gave up before we took it */
		case EPROTO:
			continue;
		default: /* EAGAIN: nothing waits; anything else: poll again */
			return true;
		}
	}
}

static void *run(void *cls)
{
	struct listener *l = cls;

	while (!atomic_load(&l->stopping)) {
		struct pollfd p[2] = {{l->wake[0], POLLIN, 0},
		                      {l->fd, POLLIN, 0}};
		/* full: only a wake (room, or the stop) ends the wait */
		nfds_t n = is_full(l) ? 1 : 2;

		if (poll(p, n, -1) < 0 && errno != EINTR)
			break;
		if (p[0].revents)
			drain_wake(l);
		if (n == 2 && p[1].revents && !accept_all(l)) {
			/* out of descriptors: wait a while, or for a wake */
			struct pollfd w = {l->wake[0], POLLIN, 0};

			if (poll(&w, 1, BACKOFF_MS) > 0)
				drain_wake(l);
		}
	}
	return NULL;
}

/* The address to listen on; false when bind is no address. */
static bool address(const char *bind, unsigned port,
                    struct sockaddr_storage *ss, socklen_t *len)
{
	memset(ss, 0, sizeof(*ss));
	if (bind[0] && strchr(bind, ':')) {
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;

		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		*len = sizeof(*a6);
		return inet_pton(AF_INET6, bind, &a6->sin6_addr) == 1;
	} else {
		struct sockaddr_in *a4 = (struct sockaddr_in *)ss;

		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)port);
		a4->sin_addr.s_addr = htonl(INADDR_ANY);
		*len = sizeof(*a4);
		return !bind[0] || inet_pton(AF_INET, bind, &a4->sin_addr) == 1;
	}
}

/* Opens, binds and listens; the socket, or -1 with errno set. */
static int open_socket(const struct sockaddr_storage *ss, socklen_t len)
{
	const int on = 1;
	int fd = socket(ss->ss_family, SOCK_STREAM, 0);
	int saved;

	if (fd < 0)
		return -1;
	if (!nonblocking_cloexec(fd)) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	/* a restart binds at once, past the old connections' TIME_WAIT */
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) == 0 &&
	    (ss->ss_family != AF_INET6 ||
	     setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on)) == 0) &&
	    bind(fd, (const struct sockaddr *)ss, len) == 0 &&
	    listen(fd, SOMAXCONN) == 0)
		return fd;
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

struct listener *listener_start(const char *bind, unsigned port,
                                listener_add_fn add, listener_full_fn full,
                                void *arg, char *err, size_t err_size)
{
	struct listener *l = calloc(1, sizeof(*l));
	struct sockaddr_storage ss;
	socklen_t len;

	if (!l) {
		snprintf(err, err_size, "out of memory");
		return NULL;
	}
	l->add = add;
	l->full = full;
	l->arg = arg;
	l->wake[0] = l->wake[1] = -1;
	if (!address(bind, port, &ss, &len)) {
		snprintf(err, err_size, "%s is not an IP address", bind);
		free(l);
		return NULL;
	}
	l->fd = open_socket(&ss, len);
	if (l->fd < 0) {
		snprintf(err, err_size, "cannot listen on %s port %u: %s",
		         bind[0] ? bind : "*", port, strerror(errno));
		free(l);
		return NULL;
	}
	len = sizeof(ss);
	if (getsockname(l->fd, (struct sockaddr *)&ss, &len) == 0)
		l->port =
		        ntohs(ss.ss_family == AF_INET6
		                      ? ((struct sockaddr_in6 *)&ss)->sin6_port
		                      : ((struct sockaddr_in *)&ss)->sin_port);
	if (pipe(l->wake) != 0 || !nonblocking_cloexec(l->wake[0]) ||
	    !nonblocking_cloexec(l->wake[1]) ||
	    pthread_create(&l->thread, NULL, run, l) != 0) {
		snprintf(err, err_size, "cannot start the accepting thread");
		if (l->wake[0] >= 0) {
			close(l->wake[0]);
			close(l->wake[1]);
		}
		close(l->fd);
		free(l);
		return NULL;
	}
	return l;
}

unsigned listener_port(const struct listener *l)
{
	return l->port;
}

void listener_room(struct listener *l)
{
	if (l && atomic_exchange(&l->waiting, false))
		wake(l);
}

void listener_stop(struct listener *l)
{
	if (!l)
		return;
	atomic_store(&l->stopping, true);
	wake(l);
	pthread_join(l->thread, NULL);
	close(l->fd);
	close(l->wake[0]);
	close(l->wake[1]);
	free(l);
}
