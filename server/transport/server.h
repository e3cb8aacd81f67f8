/*
 * server.h: the wsaerr HTTP service on libmicrohttpd: the daemon's
 * callbacks and lifecycle. Routes are routes.h's, bodies cache.h's, and
 * putting a reply on the wire respond.h's.
 *
 * Lifecycle: server_start() renders every code once and starts listening;
 * server_drain() turns /readyz to 503, stops accepting connections and
 * makes every further response close its connection; server_open_connections()
 * tells when clients have gone; server_stop() ends everything.
 */
#ifndef WSAERR_SERVER_H
#define WSAERR_SERVER_H

#include "attr.h"
#include "config.h"
#include "version.h"

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

struct server;

/*
 * Starts a server with cfg (copied). Returns it, owned by the caller until
 * server_stop(), or NULL with err filled in (the port is taken, ...).
 */
WSAERR_MUST_CHECK struct server *server_start(const struct server_config *cfg,
                                              char *err, size_t err_size);

/* The port the server listens on: cfg->port, or the one the system chose
 * for port 0. */
unsigned server_port(const struct server *s);

/* Begins the drain. Safe to call once; later calls do nothing. */
void server_drain(struct server *s);

/* Writes an event ("listening", "draining", ...) to the access log, after
 * every request line logged before it. */
void server_log_event(struct server *s, const char *event, const char *detail);

/* Connections open now. */
unsigned server_open_connections(const struct server *s);

/* Requests read but not yet answered or ended. */
long server_requests_in_flight(const struct server *s);

/*
 * Serves the connected socket fd as if it had been accepted from `addr`,
 * and owns it from then on. For a server started with cfg->no_listen.
 * False when libmicrohttpd refused it (fd is closed then).
 */
WSAERR_MUST_CHECK bool server_add_connection(struct server *s, int fd,
                                             const struct sockaddr *addr,
                                             unsigned addr_len);

/*
 * For tests: a function called on a connection's own thread when its answer
 * has been sent, just before the connection counts as waiting for its next
 * request. A test blocks in it to make an order of events certain (the
 * drain landing while an answer ends). `hook` must outlive its use; NULL
 * removes it. Production code never sets one.
 */
struct server_hook {
	void (*fn)(void *arg);
	void *arg;
};
void server_set_idle_hook(struct server *s, const struct server_hook *hook);

/* Stops the daemon, closes every connection and frees s. NULL is allowed. */
void server_stop(struct server *s);

#endif
