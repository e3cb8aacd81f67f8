#include "server.h"

#include "http.h"
#include "respond.h"
#include "routes.h"
#include "uri.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct server {
	struct MHD_Daemon *daemon;
	const struct wsaerr_table *table;
	struct server_config cfg;
	struct metrics metrics;
	atomic_bool draining;
	atomic_uint open_connections;
	atomic_uint_fast64_t next_id;
	unsigned port;
	struct cache cache;
};

/* Answers req with rp (taken) on conn. */
static unsigned send_reply(struct server *s, struct MHD_Connection *conn,
                           struct request *req, struct reply *rp)
{
	return respond(conn, req, &s->metrics, rp, atomic_load(&s->draining));
}

/* --- request framing: checked before anything else ---------------------- */

static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind,
                                    const char *key, size_t key_size,
                                    const char *value, size_t value_size)
{
	(void)kind;
	http_framing_count(cls, key, key_size, value, value_size);
	return MHD_YES;
}

/* True when the request is well framed; else answers it with the error. */
static bool check_framing(struct server *s, struct MHD_Connection *conn,
                          struct request *req, const char *version)
{
	struct http_framing f = {0};
	struct reply rp = {0};
	enum problem p;
	char detail[128];

	if (req->target_len > URI_MAX) {
		reply_problem(&rp, PROBLEM_URI_TOO_LONG,
		              uri_status_message(URI_TOO_LONG), NULL,
		              req->text);
	} else {
		MHD_get_connection_values_n(conn, MHD_HEADER_KIND, count_header,
		                            &f);
		if (http_framing_check(
		            &f, strcmp(version, MHD_HTTP_VERSION_1_1) == 0, &p,
		            detail, sizeof(detail)))
			return true;
		reply_problem(&rp, p, detail, NULL, req->text);
	}
	send_reply(s, conn, req, &rp);
	return false;
}

/* --- libmicrohttpd callbacks --------------------------------------------- */

/* Called first for every request, with the raw target: the request's
 * state is made here and freed in on_completed. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct server *s = cls;
	size_t len = strlen(uri);
	/* keep one byte past the limit: enough to know it was exceeded */
	size_t kept = len > URI_MAX + 1 ? URI_MAX + 1 : len;
	struct request *req = calloc(1, sizeof(*req) + kept + 1);
	const union MHD_ConnectionInfo *ci;

	if (!req)
		return NULL;
	req->start_ns = respond_now_ns();
	memcpy(req->target, uri, kept);
	req->target_len = kept;
	req->route = ROUTE_NONE;
	req->status = 500;
	snprintf(req->id, sizeof(req->id), "%016llx",
	         (unsigned long long)atomic_fetch_add(&s->next_id, 1));
	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;

		if (sa->sa_family == AF_INET)
			inet_ntop(
			        AF_INET,
			        &((const struct sockaddr_in *)(const void *)sa)
			                 ->sin_addr,
			        req->remote, sizeof(req->remote));
		else if (sa->sa_family == AF_INET6)
			inet_ntop(
			        AF_INET6,
			        &((const struct sockaddr_in6 *)(const void *)sa)
			                 ->sin6_addr,
			        req->remote, sizeof(req->remote));
	}
	atomic_fetch_add(&s->metrics.in_flight, 1);
	return req;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
                         enum MHD_RequestTerminationCode toe)
{
	struct server *s = cls;
	struct request *req = *req_cls;
	struct access_entry e;
	uint64_t dur;

	(void)conn;
	if (!req)
		return;
	if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK && req->status < 400)
		req->bytes = 0; /* the client went away before the end */
	dur = respond_now_ns() - req->start_ns;
	if (!req->answered) /* never queued: count it as it ends */
		atomic_fetch_sub(&s->metrics.in_flight, 1);
	e = (struct access_entry){
	        .method = req->method_text,
	        .route = route_label(req->route),
	        .target = req->target,
	        .target_len =
	                req->target_len > URI_MAX ? URI_MAX : req->target_len,
	        .status = req->status,
	        .bytes = req->bytes,
	        .duration_ns = dur,
	        .remote = req->remote,
	        .request_id = req->id,
	};
	accesslog_write(s->cfg.log_fd, s->cfg.log_format, &e);
	free(req);
	*req_cls = NULL;
}

static void on_connection(void *cls, struct MHD_Connection *conn,
                          void **socket_ctx,
                          enum MHD_ConnectionNotificationCode code)
{
	struct server *s = cls;

	(void)conn;
	(void)socket_ctx;
	if (code == MHD_CONNECTION_NOTIFY_STARTED)
		atomic_fetch_add(&s->open_connections, 1);
	else
		atomic_fetch_sub(&s->open_connections, 1);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
                                  const char *url, const char *method,
                                  const char *version, const char *upload_data,
                                  size_t *upload_size, void **req_cls)
{
	struct server *s = cls;
	struct request *req = *req_cls;
	struct exchange x;
	struct reply rp;

	(void)url;
	(void)upload_data;
	if (!req) /* on_uri ran out of memory */
		return MHD_NO;
	if (!req->started) {
		/* Answer on the second call: queueing in the first makes
		 * libmicrohttpd 0.9.75 close every connection. Only a badly
		 * framed request is answered now, and closed. */
		req->started = true;
		snprintf(req->method_text, sizeof(req->method_text), "%s",
		         method);
		req->method = method_of(method);
		req->head = req->method == METHOD_HEAD;
		req->text = http_prefers_text(MHD_lookup_connection_value(
		        conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT));
		/* a failure to queue the error closes the connection */
		return check_framing(s, conn, req, version) || req->answered
		               ? MHD_YES
		               : MHD_NO;
	}
	if (*upload_size != 0) { /* a body slipped through: drop it */
		*upload_size = 0;
		return MHD_YES;
	}
	if (req->answered) /* a framing error, answered in the first call */
		return MHD_YES;
	req->gzip = http_accepts_gzip(MHD_lookup_connection_value(
	        conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_ENCODING));
	req->if_none_match = MHD_lookup_connection_value(
	        conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
	x = (struct exchange){.table = s->table,
	                      .cache = &s->cache,
	                      .metrics = &s->metrics,
	                      .draining = atomic_load(&s->draining),
	                      .method = req->method,
	                      .target = req->target,
	                      .target_len = req->target_len,
	                      .text = req->text};
	memset(&rp, 0, sizeof(rp));
	routes_dispatch(&x, &rp);
	req->route = x.route;
	send_reply(s, conn, req, &rp);
	/* nothing queued (out of memory): close rather than leave the client
	 * waiting */
	return req->answered ? MHD_YES : MHD_NO;
}

/* --- lifecycle ------------------------------------------------------------ */

/* libmicrohttpd's own messages, one line each on stderr. */
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	fputs("wsaerrd: libmicrohttpd: ", stderr);
	vfprintf(stderr, fmt, ap);
}

struct server *server_start(const struct server_config *cfg, char *err,
                            size_t err_size)
{
	struct server *s = calloc(1, sizeof(*s));
	struct sockaddr_in6 a6;
	struct sockaddr_in a4;
	const struct sockaddr *addr = NULL;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	                 MHD_USE_ITC | MHD_USE_ERROR_LOG;
	const union MHD_DaemonInfo *info;

	if (!s) {
		snprintf(err, err_size, "out of memory");
		return NULL;
	}
	s->cfg = *cfg;
	s->table = wsaerr_table_default();
	/* request ids: the start time in the high bits, so two runs of the
	 * server do not hand out the same ids */
	atomic_store(&s->next_id, (uint_fast64_t)time(NULL) << 24);
	metrics_init(&s->metrics, WSAERR_VERSION);
	if (!cache_init(&s->cache, s->table)) {
		snprintf(err, err_size, "out of memory rendering the table");
		free(s);
		return NULL;
	}
	if (!respond_prepare(&s->cache)) {
		snprintf(err, err_size, "out of memory rendering the table");
		server_stop(s);
		return NULL;
	}
	if (cfg->bind[0] && strchr(cfg->bind, ':')) {
		memset(&a6, 0, sizeof(a6));
		a6.sin6_family = AF_INET6;
		a6.sin6_port = htons((uint16_t)cfg->port);
		inet_pton(AF_INET6, cfg->bind, &a6.sin6_addr);
		addr = (const struct sockaddr *)(const void *)&a6;
		flags |= MHD_USE_IPv6;
	} else if (cfg->bind[0]) {
		memset(&a4, 0, sizeof(a4));
		a4.sin_family = AF_INET;
		a4.sin_port = htons((uint16_t)cfg->port);
		inet_pton(AF_INET, cfg->bind, &a4.sin_addr);
		addr = (const struct sockaddr *)(const void *)&a4;
	}
	s->daemon = MHD_start_daemon(
	        flags, (uint16_t)cfg->port, NULL, NULL, on_request, s,
	        /* first, so that every later message goes through it */
	        MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
	        MHD_OPTION_THREAD_POOL_SIZE,
	        (unsigned)(cfg->threads > 1 ? cfg->threads : 0),
	        MHD_OPTION_CONNECTION_LIMIT, cfg->max_connections,
	        MHD_OPTION_PER_IP_CONNECTION_LIMIT, cfg->per_ip_limit,
	        MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout,
	        /* room for a URI_MAX target and HTTP_HEADERS_MAX of fields, so the
	         * server, not libmicrohttpd, answers 414 and 431 */
	        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024,
	        MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
	        MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
	        MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
	        addr ? MHD_OPTION_SOCK_ADDR : MHD_OPTION_END, addr,
	        MHD_OPTION_END);
	if (!s->daemon) {
		snprintf(err, err_size, "cannot listen on %s port %u",
		         cfg->bind[0] ? cfg->bind : "*", cfg->port);
		server_stop(s);
		return NULL;
	}
	info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : cfg->port;
	return s;
}

unsigned server_port(const struct server *s)
{
	return s->port;
}

void server_drain(struct server *s)
{
	MHD_socket fd;

	if (atomic_exchange(&s->draining, true))
		return;
	/* stop accepting; connections already open are served */
	fd = MHD_quiesce_daemon(s->daemon);
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
}

unsigned server_open_connections(const struct server *s)
{
	return atomic_load(&s->open_connections);
}

void server_stop(struct server *s)
{
	if (!s)
		return;
	if (s->daemon)
		MHD_stop_daemon(s->daemon);
	respond_unprepare(&s->cache);
	cache_release(&s->cache);
	free(s);
}
