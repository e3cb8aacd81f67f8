/*
 * listener.h: the listening socket, and the one thread that accepts from it
 * and hands each connection on.
 *
 * Why not libmicrohttpd's own listening socket: draining must stop
 * accepting while the workers go on, and libmicrohttpd 0.9.75's
 * MHD_quiesce_daemon() races its epoll workers for the removal of the
 * listening socket from their epoll sets; the loser's epoll_ctl() fails
 * with ENOENT and libmicrohttpd aborts the process (MHD_PANIC "Failed to
 * remove listen FD from epoll set"). Under load that was a SIGTERM that
 * ended in SIGABRT now and then. Accepting here, the workers never see a
 * listening socket, and stopping is ours: listener_stop() wakes the thread,
 * joins it and closes the socket, so a client connecting after it is
 * refused by the kernel.
 *
 * Used from one thread (the daemon's start and stop); the accepting thread
 * is internal.
 */
#ifndef WSAERR_LISTENER_H
#define WSAERR_LISTENER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

struct listener;

/* Takes over fd, an accepted connection (non-blocking, close-on-exec), and
 * closes it when it cannot keep it. Called on the accepting thread. */
typedef void (*listener_add_fn)(void *arg, int fd, const struct sockaddr *sa,
                                socklen_t len);

/* True when whoever takes the connections holds all it can: the listener
 * then leaves new ones waiting in the kernel's backlog, as libmicrohttpd
 * does at its connection limit, until listener_room(). */
typedef bool (*listener_full_fn)(void *arg);

/*
 * Listens on bind (an IPv4 or IPv6 address; "" for every IPv4 address) and
 * port (0: one the kernel picks), and starts accepting. NULL with a
 * sentence in err when it cannot.
 */
struct listener *listener_start(const char *bind, unsigned port,
                                listener_add_fn add, listener_full_fn full,
                                void *arg, char *err, size_t err_size);

/* Says that a connection has closed: a listener waiting for room looks
 * again. Cheap when it is not waiting; safe from any thread, and l may be
 * NULL. */
void listener_room(struct listener *l);

/* The port listened on. */
unsigned listener_port(const struct listener *l);

/* Stops accepting and closes the socket; waits for the accepting thread.
 * Then frees l. NULL is allowed. */
void listener_stop(struct listener *l);

#endif
