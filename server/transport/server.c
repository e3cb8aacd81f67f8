#include "server.h"

#include "clock.h"

#include "conns.h"
#include "http.h"
#include "listener.h"
#include "logscan.h"
#include "respond.h"
#include "routes.h"
#include "text.h"
#include "uri.h"

#include <arpa/inet.h>
#include <malloc.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/*
 * Connections libmicrohttpd may hold beyond --max-connections: those the
 * server is closing (see conns.h) and those it answers 503. Past this
 * the listener stops accepting until one closes (daemon_full()).
 */
#define CONN_HEADROOM(max) ((max) / 4 + 16)

/* How often the head deadlines are checked. */
#define SWEEP_INTERVAL_MS 100

/* The pool of each connection: a URI_MAX target and HTTP_HEADERS_MAX of
 * fields, with the records libmicrohttpd keeps of them, fit; see
 * ROBUSTNESS.md for what happens past it. libmicrohttpd zeroes the whole
 * pool after every request: a bigger pool costs CPU as well as memory. */
#define CONN_MEMORY (30 * 1024)

struct server {
	struct MHD_Daemon *daemon;
	struct listener *listener; /* NULL: not listening (any more) */
	/* connections handed to libmicrohttpd and not closed yet: the
	 * listener's count, ahead of libmicrohttpd's own (see daemon_start) */
	atomic_uint held;
	pthread_mutex_t listener_lock; /* the drain and the stop both end it */
	bool listener_lock_ready;
	const struct wsaerr_table *table;
	struct server_config cfg;
	struct metrics metrics;
	struct conns conns;
	bool conns_ready;
	atomic_bool draining;
	atomic_uint_fast64_t next_id;
	_Atomic(const struct server_hook *) idle_hook; /* tests only */
	unsigned port;
	struct reps reps;       /* the start-up representations */
	struct accesslog *log;  /* buffered; flushed by the sweeper */
	struct qcache *qcache;  /* rendered searches */
	struct scan_gate scans; /* POST /scan's limits */
	uint64_t trimmed_at;    /* the cache's evicted bytes at the last trim */
	/* the sweeper: checks head deadlines and flushes the log until told
	 * to stop */
	pthread_t sweeper;
	bool sweeper_running;
	pthread_mutex_t sweeper_lock;
	pthread_cond_t sweeper_wake;
	bool sweeper_stop;
};

/* Answers req with rp (taken) on conn. */
static unsigned send_reply(struct server *s, struct MHD_Connection *conn,
                           struct request *req, struct reply *rp)
{
	return respond(conn, req, &s->metrics, rp, atomic_load(&s->draining));
}

/* --- header fields ------------------------------------------------------- */

static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind,
                                    const char *key, size_t key_size,
                                    const char *value, size_t value_size)
{
	(void)kind;
	http_framing_count(cls, key, key_size, value, value_size);
	return MHD_YES;
}

/*
 * True when the request is well framed, what its fields add up to in *f;
 * else answers it with the error. A POST, or a request to /scan with a
 * body, is routed at once (*route_now), its answer made before its body
 * is read: a body is for POST /scan only.
 */
static bool check_framing(struct server *s, struct MHD_Connection *conn,
                          struct request *req, const char *version,
                          struct http_framing *f, bool *route_now)
{
	struct reply rp = {0};
	enum problem p;
	char detail[128];

	if (req->target_len > URI_MAX) {
		reply_problem(&rp, PROBLEM_URI_TOO_LONG,
		              uri_status_message(URI_TOO_LONG), NULL,
		              req->text);
	} else {
		MHD_get_connection_values_n(conn, MHD_HEADER_KIND, count_header,
		                            f);
		/* HTTP/1.1, or a later 1.x that libmicrohttpd serves as it */
		bool http11 = strncmp(version, "HTTP/1.", 7) == 0 &&
		              version[7] >= '1';
		/* a POST elsewhere is answered 405 before its body is read */
		*route_now = req->method == METHOD_POST ||
		             (http_framing_has_body(f) &&
		              routes_match(req->target, req->target_len) ==
		                      ROUTE_SCAN);
		if (http_framing_check(f, http11, *route_now, &p, detail,
		                       sizeof(detail)))
			return true;
		reply_problem(&rp, p, detail, NULL, req->text);
	}
	send_reply(s, conn, req, &rp);
	return false;
}

/*
 * Room for the list fields of one request, joined. Their lines are part of
 * the HTTP_HEADERS_MAX bytes the framing check allows, and a join adds two
 * bytes (", ") where a line costs four (": " and CRLF), so for a request
 * that passes the check every join fits. Accept is read before the check,
 * to answer its error in the form asked for: past the room, lines are
 * dropped, and the check then refuses the request anyway.
 */
struct lists {
	char buf[HTTP_HEADERS_MAX + 64];
	size_t used;
};

struct list_join {
	const char *name;
	size_t name_len;   /* compared first: on every line of a request */
	const char *first; /* libmicrohttpd's value, when there is one line */
	char *out;         /* the join in the lists' buffer, from line two */
	size_t len, room;
	unsigned lines;
};

static void join_append(struct list_join *j, const char *v, size_t n)
{
	if (j->len + n + 3 > j->room) /* see struct lists */
		return;
	if (j->len > 0) {
		memcpy(j->out + j->len, ", ", 2);
		j->len += 2;
	}
	memcpy(j->out + j->len, v, n);
	j->len += n;
	j->out[j->len] = '\0';
}

static enum MHD_Result join_line(void *cls, enum MHD_ValueKind kind,
                                 const char *key, size_t key_size,
                                 const char *value, size_t value_size)
{
	struct list_join *j = cls;

	(void)kind;
	if (key_size != j->name_len ||
	    wsaerr_casecmp(key, key_size, j->name, key_size) != 0)
		return MHD_YES;
	if (++j->lines == 1) {
		j->first = value;
		return MHD_YES;
	}
	if (j->lines == 2)
		join_append(j, j->first, strlen(j->first));
	join_append(j, value, value_size);
	return MHD_YES;
}

/*
 * The value of list field `name`, its lines joined with ", " (RFC 9110
 * 5.3): Accept on two lines is one Accept. NULL when absent. Valid while
 * the access handler runs.
 */
static const char *header_list(struct MHD_Connection *conn, const char *name,
                               struct lists *l)
{
	struct list_join j = {.name = name,
	                      .name_len = strlen(name),
	                      .out = l->buf + l->used,
	                      .room = sizeof(l->buf) - l->used};

	MHD_get_connection_values_n(conn, MHD_HEADER_KIND, join_line, &j);
	if (j.lines < 2)
		return j.first;
	l->used += j.len + 1;
	return j.out;
}

/* --- libmicrohttpd callbacks --------------------------------------------- */

/* id as 16 lower-case hex digits and a NUL: on every request, so by hand. */
static void request_id(char out[17], uint64_t id)
{
	static const char hex[] = "0123456789abcdef";

	for (int i = 15; i >= 0; i--, id >>= 4)
		out[i] = hex[id & 15];
	out[16] = '\0';
}

/* An IPv4 address in dotted decimal into buf (16 bytes): what
 * inet_ntop() writes, without the sprintf it spends on every request. */
static void ipv4_text(const struct in_addr *a, char buf[16])
{
	const unsigned char *b = (const unsigned char *)&a->s_addr;
	char *p = buf;

	for (int i = 0; i < 4; i++) {
		unsigned v = b[i];

		if (v >= 100)
			*p++ = (char)('0' + v / 100);
		if (v >= 10)
			*p++ = (char)('0' + v / 10 % 10);
		*p++ = (char)('0' + v % 10);
		*p++ = i < 3 ? '.' : '\0';
	}
}

/* The client's address as text into buf. */
static void remote_text(struct MHD_Connection *conn, char *buf, size_t size)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
	        conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	if (sa && sa->sa_family == AF_INET && size >= INET_ADDRSTRLEN)
		ipv4_text(&((const struct sockaddr_in *)(const void *)sa)
		                   ->sin_addr,
		          buf);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
		          &((const struct sockaddr_in6 *)(const void *)sa)
		                   ->sin6_addr,
		          buf, (socklen_t)size);
}

/* The list entry of a connection, or NULL. */
static struct conn *conn_of(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
	        conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci ? ci->socket_context : NULL;
}

/*
 * What a request that the server did not answer ended with: the status
 * libmicrohttpd sent itself (its own 431 for a head too large for the
 * pool), or 0 when nothing was sent (the client left, or a deadline).
 */
static unsigned unanswered_status(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci =
	        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_HTTP_STATUS);

	return ci ? ci->http_status : 0;
}

/*
 * Ends a request: counts it, logs it and frees it. `conn` is NULL when
 * libmicrohttpd closed the connection without ever saying the request was
 * done (it does after some errors of its own): then nothing was sent.
 */
static void request_finish(struct server *s, struct MHD_Connection *conn,
                           struct request *req, bool completed, uint64_t now)
{
	struct access_entry e;

	if (!completed && req->status < 400)
		req->bytes = 0; /* the client went away before the end */
	if (!req->answered) {   /* never queued by us: count it as it ends */
		req->status = conn ? unanswered_status(conn) : 0;
		req->bytes = 0;
		atomic_fetch_sub(&s->metrics.in_flight, 1);
		metrics_record(&s->metrics, req->method, req->route,
		               req->status, now - req->start_ns);
	}
	logscan_free(req->scan); /* the body never ended */
	e = (struct access_entry){
	        .method = req->started ? req->method_text : NULL,
	        .route = route_label(req->route),
	        .target = req->target,
	        .target_len =
	                req->target_len > URI_MAX ? URI_MAX : req->target_len,
	        .status = req->status,
	        .bytes = req->bytes,
	        .bytes_read = req->bytes_read,
	        .duration_ns = now - req->start_ns,
	        .remote = req->remote,
	        .request_id = req->id,
	};
	accesslog_log(s->log, &e);
	free(req);
}

/*
 * The length of the raw target libmicrohttpd passes to on_uri(). It ends
 * at a NUL, where the space before the version was; but a target may hold
 * NUL bytes of its own, and libmicrohttpd, which knows the length, looks
 * past them for the query. The version it accepted follows the target:
 * exactly "HTTP/1." and a digit (0.9.75 takes 1.2 to 1.9 as 1.1), then a
 * NUL where the line ended. So hopping from NUL to NUL finds it: a
 * "\0HTTP/1.x\0" inside the target can stop the hop early, never late, so
 * nothing past the line is read, whatever minor version came ("HTTP/1.9"
 * too).
 */
static size_t raw_target_len(const char *uri)
{
	static const char version[] = "\0HTTP/1."; /* 8 bytes, NUL first */
	size_t n = strlen(uri);

	while (memcmp(uri + n, version, 8) != 0 || uri[n + 8] < '0' ||
	       uri[n + 8] > '9' || uri[n + 9] != '\0')
		n += 1 + strlen(uri + n + 1);
	return n;
}

/*
 * Called first for every request, with the raw target: the request's
 * state is made here and freed in on_completed.
 *
 * `uri` points into libmicrohttpd's own writable copy of the request line;
 * only the callback's type makes it const. Right after this call, 0.9.75
 * stores every query parameter as a record in the connection's memory
 * pool; a few thousand exhaust it, and the request then hangs with no
 * answer and no completion (its state leaked for good). The server parses
 * the raw target itself, from the copy made here, so it ends the query
 * that libmicrohttpd would parse: libmicrohttpd sees an empty one.
 */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct server *s = cls;
	size_t len = raw_target_len(uri);
	/* keep one byte past the limit: enough to know it was exceeded */
	size_t kept = len > URI_MAX + 1 ? URI_MAX + 1 : len;
	struct request *req = calloc(1, sizeof(*req) + kept + 1);
	char *query = memchr(uri, '?', len);
	struct conn *c = conn_of(conn);

	if (req)
		memcpy(req->target, uri, kept);
	if (query) /* after the copy: the server's parser sees it all */
		query[1] = '\0';
	if (c && c->request) /* the last one never completed */
		request_finish(s, NULL, c->request, false, clock_now_ns());
	if (c) {
		conns_receiving(c);
		c->request = req;
	}
	if (!req)
		return NULL;
	req->start_ns = clock_now_ns();
	req->target_len = kept;
	req->route = ROUTE_NONE;
	req->method = METHOD_OTHER;
	request_id(req->id, atomic_fetch_add(&s->next_id, 1));
	remote_text(conn, req->remote, sizeof(req->remote));
	atomic_fetch_add(&s->metrics.in_flight, 1);
	return req;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
                         enum MHD_RequestTerminationCode toe)
{
	struct server *s = cls;
	struct request *req = *req_cls;
	struct conn *c = conn_of(conn);
	uint64_t now = clock_now_ns();

	if (c) { /* the next head's deadline starts now */
		const struct server_hook *hook = atomic_load(&s->idle_hook);

		if (hook)
			hook->fn(hook->arg);
		conns_idle(&s->conns, c, now);
		c->request = NULL;
	}
	if (!req)
		return;
	request_finish(s, conn, req, toe == MHD_REQUEST_TERMINATED_COMPLETED_OK,
	               now);
	*req_cls = NULL;
}

static void on_connection(void *cls, struct MHD_Connection *conn,
                          void **socket_ctx,
                          enum MHD_ConnectionNotificationCode code)
{
	struct server *s = cls;
	struct conn *c = *socket_ctx;
	const union MHD_ConnectionInfo *fd, *addr;

	if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
		atomic_fetch_sub(&s->metrics.connections_open, 1);
		atomic_fetch_sub(&s->held, 1);
		/* a listener waiting for room may take one more */
		pthread_mutex_lock(&s->listener_lock);
		listener_room(s->listener);
		pthread_mutex_unlock(&s->listener_lock);
		if (c && c->request) /* never completed: see request_finish */
			request_finish(s, NULL, c->request, false,
			               clock_now_ns());
		if (c)
			conns_close(&s->conns, c);
		free(c);
		*socket_ctx = NULL;
		return;
	}
	atomic_fetch_add(&s->metrics.connections_open, 1);
	fd = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
	addr = MHD_get_connection_info(conn,
	                               MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	c = calloc(1, sizeof(*c));
	if (!c || !fd) {
		/* no room to keep it in order: end it at once */
		free(c);
		if (fd)
			shutdown(fd->connect_fd, SHUT_RDWR);
		return;
	}
	conns_open(&s->conns, c, fd->connect_fd,
	           addr ? addr->client_addr : NULL, clock_now_ns());
	*socket_ctx = c;
}

/* method into out, cut to size - 1 bytes: snprintf's "%s" without its
 * cost on every request. */
static void method_copy(char *out, size_t size, const char *method)
{
	size_t n = strnlen(method, size - 1);

	memcpy(out, method, n);
	out[n] = '\0';
}

/* The answer to a connection over a limit: 503, come back later. */
static void refuse(struct server *s, struct MHD_Connection *conn,
                   struct request *req, enum conn_refusal why)
{
	struct reply rp = {0};
	char detail[128];

	if (why == CONN_OVER_PER_IP)
		snprintf(detail, sizeof(detail),
		         "over %u connections from one address; retry later",
		         s->cfg.per_ip_limit);
	else
		snprintf(detail, sizeof(detail),
		         "over %u open connections; retry later",
		         s->cfg.max_connections);
	reply_problem(&rp, PROBLEM_TOO_MANY_CONNECTIONS, detail, NULL,
	              req->text);
	rp.retry_after = "1";
	send_reply(s, conn, req, &rp);
}

/* The exchange of req on conn, with the request's headers. */
static struct exchange exchange_of(struct server *s,
                                   struct MHD_Connection *conn,
                                   struct request *req, struct lists *lists)
{
	req->gzip = http_accepts_gzip(
	        header_list(conn, MHD_HTTP_HEADER_ACCEPT_ENCODING, lists));
	return (struct exchange){
	        .table = s->table,
	        .reps = &s->reps,
	        .metrics = &s->metrics,
	        .qcache = s->qcache,
	        .draining = atomic_load(&s->draining),
	        .method = req->method,
	        .target = req->target,
	        .target_len = req->target_len,
	        .text = req->text,
	        .html = req->html,
	        .request_headers = header_list(
	                conn, MHD_HTTP_HEADER_ACCESS_CONTROL_REQUEST_HEADERS,
	                lists)};
}

/*
 * A POST, or a body to /scan, in the first call: routed now, before any of
 * its body is read.
 * POST /scan accepted starts its scan, and libmicrohttpd then hands over
 * the body (answering "100 Continue" to a client that waits for it); any
 * other answer is queued now, and libmicrohttpd closes the connection
 * after it without reading the body.
 */
static enum MHD_Result on_post(struct server *s, struct MHD_Connection *conn,
                               struct request *req,
                               const struct http_framing *f)
{
	struct lists lists = {.used = 0};
	const char *length = MHD_lookup_connection_value(
	        conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	struct body_head body = {
	        .content_type = MHD_lookup_connection_value(
	                conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE),
	        .content_encoding = header_list(
	                conn, MHD_HTTP_HEADER_CONTENT_ENCODING, &lists),
	        .chunked = f->chunked};
	struct exchange x = exchange_of(s, conn, req, &lists);
	struct conn *c = conn_of(conn);
	struct reply rp = {0};

	/* libmicrohttpd has refused a Content-Length that is no number */
	body.length = length ? strtoull(length, NULL, 10) : 0;
	x.body = &body;
	x.scans = &s->scans;
	routes_dispatch(&x, &rp);
	req->route = x.route;
	if (x.scan) {
		req->scan = x.scan;
		if (c)
			conns_uploading(c, clock_now_ns());
		return MHD_YES;
	}
	send_reply(s, conn, req, &rp);
	return req->answered ? MHD_YES : MHD_NO;
}

/*
 * libmicrohttpd's first call for a request, when its head has come: reads
 * what the request is (method, representation) and refuses what must be
 * refused (over a limit, bad framing), answering and closing at once.
 * Everything else is answered in the second call: queueing in the first
 * makes libmicrohttpd 0.9.75 close every connection.
 */
static enum MHD_Result on_head(struct server *s, struct MHD_Connection *conn,
                               struct request *req, const char *method,
                               const char *version)
{
	struct conn *c = conn_of(conn);
	struct lists lists = {.used = 0};
	struct http_framing framing = {0};
	bool route_now = false;
	enum http_form form;

	req->started = true;
	if (c)
		conns_answering(c, clock_now_ns());
	method_copy(req->method_text, sizeof(req->method_text), method);
	req->method = method_of(method);
	req->head = req->method == METHOD_HEAD;
	form = http_preferred_form(
	        header_list(conn, MHD_HTTP_HEADER_ACCEPT, &lists));
	req->text = form == HTTP_FORM_TEXT;
	req->html = form == HTTP_FORM_HTML;
	if (c && c->refusal) {
		refuse(s, conn, req, c->refusal);
		return req->answered ? MHD_YES : MHD_NO;
	}
	if (!check_framing(s, conn, req, version, &framing, &route_now))
		/* a failure to queue the error closes the connection */
		return req->answered ? MHD_YES : MHD_NO;
	if (route_now)
		return on_post(s, conn, req, &framing);
	return MHD_YES;
}

/* libmicrohttpd's second call: routes the request and queues the answer. */
static enum MHD_Result on_answer(struct server *s, struct MHD_Connection *conn,
                                 struct request *req)
{
	struct lists lists = {.used = 0};
	struct exchange x = exchange_of(s, conn, req, &lists);
	struct reply rp = {0};

	req->if_none_match =
	        header_list(conn, MHD_HTTP_HEADER_IF_NONE_MATCH, &lists);
	routes_dispatch(&x, &rp);
	req->route = x.route;
	send_reply(s, conn, req, &rp);
	req->if_none_match = NULL; /* it pointed at lists */
	/* nothing queued (out of memory): close rather than leave the client
	 * waiting */
	return req->answered ? MHD_YES : MHD_NO;
}

/* A piece of a body, which libmicrohttpd has read (and un-chunked). */
static enum MHD_Result on_body(struct MHD_Connection *conn, struct request *req,
                               const char *data, size_t *size)
{
	struct conn *c = conn_of(conn);
	size_t n = *size;

	*size = 0;
	if (!req->scan) /* a body slipped through: drop it */
		return MHD_YES;
	req->bytes_read += n;
	if (c)
		conns_body_read(c, n);
	/* past the cap as sent: close, as nothing can be answered yet */
	return logscan_feed(req->scan, data, n) ? MHD_YES : MHD_NO;
}

/* The body of a scan has ended: its answer. */
static enum MHD_Result on_scanned(struct server *s, struct MHD_Connection *conn,
                                  struct request *req)
{
	struct conn *c = conn_of(conn);
	struct reply rp = {0};

	if (c) /* the answer's send deadline starts now */
		conns_answering(c, clock_now_ns());
	logscan_finish(req->scan, &s->metrics, &rp);
	logscan_free(req->scan);
	req->scan = NULL;
	send_reply(s, conn, req, &rp);
	return req->answered ? MHD_YES : MHD_NO;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
                                  const char *url, const char *method,
                                  const char *version, const char *upload_data,
                                  size_t *upload_size, void **req_cls)
{
	struct server *s = cls;
	struct request *req = *req_cls;

	(void)url;
	if (!req) /* on_uri ran out of memory */
		return MHD_NO;
	if (!req->started)
		return on_head(s, conn, req, method, version);
	if (*upload_size != 0)
		return on_body(conn, req, upload_data, upload_size);
	if (req->answered) /* refused in the first call */
		return MHD_YES;
	if (req->scan)
		return on_scanned(s, conn, req);
	return on_answer(s, conn, req);
}

/* --- lifecycle ------------------------------------------------------------ */

/*
 * libmicrohttpd's own messages, one line each on stderr. A request it
 * answers itself (its text/html 400, 414, 431 or 505) also gets a
 * "refused" event in the access log: one it answers before the server sees
 * its target (a request line too long or not HTTP/1.x) reaches no callback
 * and would not be logged at all.
 */
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	static const char marker[] = "HTTP response code is ";
	struct server *s = cls;
	char line[512];
	const char *at;
	unsigned long status;

	vsnprintf(line, sizeof(line), fmt, ap);
	fprintf(stderr, "wsaerrd: libmicrohttpd: %s", line);
	at = strstr(line, marker);
	if (!at || !wsaerr_parse_decimal(at + strlen(marker), 3, 999, &status))
		return;
	snprintf(line, sizeof(line), "libmicrohttpd answered %lu itself",
	         status);
	accesslog_log_event(s->log, "refused", line);
}

/*
 * Gives the memory the answer cache let go back to the system once it has
 * let go of a quarter of its bound since the last time. glibc keeps what a
 * thread frees in that thread's arena: a flood of distinct searches, each
 * answer made on one worker and evicted on another, left the process at
 * four to six times the cache's bound, though the cache held no more than
 * it (the security review's finding 3). malloc_trim() returns every
 * arena's free pages; from this thread, at most once a sweep, it costs a
 * request nothing.
 */
static void trim_after_churn(struct server *s)
{
	const struct qcache_stats *q =
	        s->qcache ? qcache_stats(s->qcache) : NULL;
	uint64_t evicted;

	if (!q)
		return;
	evicted = atomic_load_explicit(&q->evicted_bytes, memory_order_relaxed);
	if (evicted - s->trimmed_at < QCACHE_BYTES / 4)
		return;
	s->trimmed_at = evicted;
	malloc_trim(0);
}

/* Closes the connections whose head deadline passed, until told to stop. */
static void *sweep(void *cls)
{
	struct server *s = cls;
	struct timespec until;

	pthread_mutex_lock(&s->sweeper_lock);
	while (!s->sweeper_stop) {
		until = clock_deadline(SWEEP_INTERVAL_MS);
		pthread_cond_timedwait(&s->sweeper_wake, &s->sweeper_lock,
		                       &until);
		if (s->sweeper_stop)
			break;
		pthread_mutex_unlock(&s->sweeper_lock);
		conns_sweep(&s->conns, clock_now_ns());
		/* a line waits 100 ms at most */
		accesslog_flush(s->log);
		trim_after_churn(s);
		pthread_mutex_lock(&s->sweeper_lock);
	}
	pthread_mutex_unlock(&s->sweeper_lock);
	return NULL;
}

static bool sweeper_start(struct server *s)
{
	pthread_condattr_t attr;
	bool ok;

	if (pthread_mutex_init(&s->sweeper_lock, NULL) != 0)
		return false;
	if (pthread_condattr_init(&attr) != 0) {
		pthread_mutex_destroy(&s->sweeper_lock);
		return false;
	}
	/* the deadline above is on the monotonic clock */
	ok = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC) == 0 &&
	     pthread_cond_init(&s->sweeper_wake, &attr) == 0;
	pthread_condattr_destroy(&attr);
	if (!ok) {
		pthread_mutex_destroy(&s->sweeper_lock);
		return false;
	}
	if (pthread_create(&s->sweeper, NULL, sweep, s) != 0) {
		pthread_cond_destroy(&s->sweeper_wake);
		pthread_mutex_destroy(&s->sweeper_lock);
		return false;
	}
	s->sweeper_running = true;
	return true;
}

static void sweeper_stop(struct server *s)
{
	if (!s->sweeper_running)
		return;
	pthread_mutex_lock(&s->sweeper_lock);
	s->sweeper_stop = true;
	pthread_cond_signal(&s->sweeper_wake);
	pthread_mutex_unlock(&s->sweeper_lock);
	pthread_join(s->sweeper, NULL);
	pthread_cond_destroy(&s->sweeper_wake);
	pthread_mutex_destroy(&s->sweeper_lock);
	s->sweeper_running = false;
}

/* Hands an accepted connection to libmicrohttpd, which closes it when it
 * cannot take it (over its connection limit). */
static void add_accepted(void *cls, int fd, const struct sockaddr *sa,
                         socklen_t len)
{
	struct server *s = cls;

	atomic_fetch_add(&s->held, 1);
	if (MHD_add_connection(s->daemon, fd, sa, len) != MHD_YES)
		atomic_fetch_sub(&s->held, 1); /* it closed fd */
}

/* True when the server holds all the connections it may: the rest wait in
 * the backlog, where the kernel keeps them for us. */
static bool daemon_full(void *cls)
{
	const struct server *s = cls;

	return atomic_load(&s->held) >=
	       s->cfg.max_connections + CONN_HEADROOM(s->cfg.max_connections);
}

/* Starts libmicrohttpd, which never listens itself (see listener.h);
 * false when it cannot start. */
static bool daemon_start(struct server *s)
{
	const struct server_config *cfg = &s->cfg;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC |
	                 MHD_USE_ERROR_LOG | MHD_USE_NO_LISTEN_SOCKET |
	                 (cfg->use_poll ? MHD_USE_POLL : MHD_USE_EPOLL);

	s->daemon = MHD_start_daemon(
	        flags, 0, NULL, NULL, on_request, s,
	        /* first, so that every later message goes through it */
	        MHD_OPTION_EXTERNAL_LOGGER, mhd_log, s,
	        MHD_OPTION_THREAD_POOL_SIZE,
	        (unsigned)(cfg->threads > 1 ? cfg->threads : 0),
	        /* the limits are the server's own (see conns.h), and the
	         * listener holds to them (daemon_full()). libmicrohttpd's is
	         * twice that, never reached: with connections added
	         * from outside at its limit, both workers of 0.9.75 were seen
	         * (gdb, the slow-clients test) to wait for ever on a lock of
	         * its own */
	        MHD_OPTION_CONNECTION_LIMIT,
	        2 * (cfg->max_connections +
	             CONN_HEADROOM(cfg->max_connections)),
	        MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout,
	        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONN_MEMORY,
	        MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
	        MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
	        MHD_OPTION_NOTIFY_CONNECTION, on_connection, s, MHD_OPTION_END);
	return s->daemon != NULL;
}

struct server *server_start(const struct server_config *cfg, char *err,
                            size_t err_size)
{
	struct server *s = calloc(1, sizeof(*s));

	if (!s) {
		snprintf(err, err_size, "out of memory");
		return NULL;
	}
	s->cfg = *cfg;
	s->table = wsaerr_table_default();
	/* request ids: the start time in the high bits, so two runs of the
	 * server do not hand out the same ids */
	atomic_store(&s->next_id, (uint_fast64_t)time(NULL) << 24);
	metrics_init(&s->metrics, WSAERR_VERSION, s->table);
	s->log = accesslog_open(cfg->log_fd, cfg->log_format,
	                        &s->metrics.log_dropped);
	s->qcache = qcache_new(QCACHE_BYTES, respond_answer_release);
	if (!s->log || !s->qcache) {
		snprintf(err, err_size, "out of memory");
		accesslog_close(s->log);
		qcache_free(s->qcache);
		free(s);
		return NULL;
	}
	s->metrics.search_cache = qcache_stats(s->qcache);
	s->scans.max_bytes = cfg->scan_max_bytes;
	s->scans.concurrency = cfg->scan_concurrency ? cfg->scan_concurrency
	                       : cfg->threads > 1    ? cfg->threads - 1
	                                             : 1;
	s->metrics.scans_active = &s->scans.active;
	if (!reps_init(&s->reps, s->table)) {
		snprintf(err, err_size, "out of memory rendering the table");
		accesslog_close(s->log);
		qcache_free(s->qcache);
		free(s);
		return NULL;
	}
	if (!respond_prepare(&s->reps)) {
		snprintf(err, err_size, "out of memory rendering the table");
		server_stop(s);
		return NULL;
	}
	s->conns_ready =
	        conns_init(&s->conns, cfg->max_connections, cfg->per_ip_limit,
	                   cfg->header_timeout, cfg->send_timeout);
	s->metrics.conns = &s->conns.stats;
	if (!s->conns_ready || !sweeper_start(s)) {
		snprintf(err, err_size,
		         "cannot start the connection sweeper thread");
		server_stop(s);
		return NULL;
	}
	s->listener_lock_ready =
	        pthread_mutex_init(&s->listener_lock, NULL) == 0;
	if (!s->listener_lock_ready || !daemon_start(s)) {
		snprintf(err, err_size, "cannot start libmicrohttpd");
		server_stop(s);
		return NULL;
	}
	if (!cfg->no_listen) {
		s->listener = listener_start(cfg->bind, cfg->port, add_accepted,
		                             daemon_full, s, err, err_size);
		if (!s->listener) {
			server_stop(s);
			return NULL;
		}
		s->port = listener_port(s->listener);
	}
	return s;
}

unsigned server_port(const struct server *s)
{
	return s->port;
}

/* Stops accepting, once: the kernel refuses connections from then on. */
static void stop_listening(struct server *s)
{
	struct listener *l;

	if (!s->listener_lock_ready)
		return;
	pthread_mutex_lock(&s->listener_lock);
	l = s->listener;
	s->listener = NULL;
	pthread_mutex_unlock(&s->listener_lock);
	listener_stop(l);
}

void server_drain(struct server *s)
{
	if (atomic_exchange(&s->draining, true))
		return;
	/* stop accepting; requests being answered are answered, and their
	 * connections close after it; connections that wait close now */
	stop_listening(s);
	conns_drain(&s->conns);
}

void server_set_idle_hook(struct server *s, const struct server_hook *hook)
{
	atomic_store(&s->idle_hook, hook);
}

unsigned server_open_connections(const struct server *s)
{
	return (unsigned)atomic_load(&s->metrics.connections_open);
}

long server_requests_in_flight(const struct server *s)
{
	return (long)atomic_load(&s->metrics.in_flight);
}

bool server_add_connection(struct server *s, int fd,
                           const struct sockaddr *addr, unsigned addr_len)
{
	atomic_fetch_add(&s->held, 1);
	if (MHD_add_connection(s->daemon, fd, addr, (socklen_t)addr_len) ==
	    MHD_YES)
		return true;
	atomic_fetch_sub(&s->held, 1);
	return false;
}

void server_log_event(struct server *s, const char *event, const char *detail)
{
	accesslog_log_event(s->log, event, detail);
}

void server_stop(struct server *s)
{
	if (!s)
		return;
	stop_listening(s); /* no connection comes to a stopped daemon */
	sweeper_stop(s);
	if (s->daemon)
		MHD_stop_daemon(s->daemon);
	if (s->listener_lock_ready)
		pthread_mutex_destroy(&s->listener_lock);
	if (s->conns_ready)
		conns_release(&s->conns);
	/* every thread that logs has stopped: the last lines go out */
	accesslog_close(s->log);
	qcache_free(s->qcache);
	respond_unprepare(&s->reps);
	reps_release(&s->reps);
	free(s);
}
