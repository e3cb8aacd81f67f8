#include "respond.h"

#include "clock.h"

#include "http.h"
#include "page.h"

#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define VARY           "Accept, Accept-Encoding"
#define VARY_PREFLIGHT "Accept, Accept-Encoding, Access-Control-Request-Headers"

/* The headers of one response; NULL and false mean "not sent". */
struct headers {
	const char *content_type;
	const char *cache_control;
	const char *etag;
	const char *link;
	const char *allow;
	const char *allow_headers; /* the preflight's, NULL: no preflight */
	const char *retry_after;
	bool gzipped;
	bool close;
	bool page; /* the web page: its CSP and Referrer-Policy */
};

static bool header_add(struct MHD_Response *r, const char *name,
                       const char *value)
{
	return MHD_add_response_header(r, name, value) == MHD_YES;
}

/* The one function that sets response headers, those every response
 * carries included. False when out of memory. */
static bool headers_add(struct MHD_Response *r, const struct headers *h)
{
	return (!h->content_type ||
	        header_add(r, "Content-Type", h->content_type)) &&
	       header_add(r, "Cache-Control", h->cache_control) &&
	       header_add(r, "Vary",
	                  h->allow_headers ? VARY_PREFLIGHT : VARY) &&
	       header_add(r, "Access-Control-Allow-Origin", "*") &&
	       header_add(r, "Access-Control-Expose-Headers", "ETag, Link") &&
	       header_add(r, "X-Content-Type-Options", "nosniff") &&
	       (!h->etag || header_add(r, "ETag", h->etag)) &&
	       (!h->gzipped || header_add(r, "Content-Encoding", "gzip")) &&
	       (!h->link || header_add(r, "Link", h->link)) &&
	       (!h->allow || header_add(r, "Allow", h->allow)) &&
	       (!h->retry_after ||
	        header_add(r, "Retry-After", h->retry_after)) &&
	       (!h->allow_headers ||
	        (header_add(r, "Access-Control-Allow-Methods", h->allow) &&
	         header_add(r, "Access-Control-Allow-Headers",
	                    h->allow_headers) &&
	         header_add(r, "Access-Control-Max-Age", "86400"))) &&
	       (!h->page ||
	        (header_add(r, "Content-Security-Policy", PAGE_CSP) &&
	         header_add(r, "Referrer-Policy", PAGE_REFERRER_POLICY))) &&
	       (!h->close || header_add(r, "Connection", "close"));
}

/* The headers of a start-up representation. */
static struct headers rep_headers(const struct rep *rep, const struct entity *e)
{
	return (struct headers){.content_type = rep->content_type,
	                        .cache_control = e->cache_control,
	                        .etag = rep->etag,
	                        .gzipped = rep->gzipped};
}

/*
 * A response over body[0..len) with headers h, or NULL when out of memory.
 * `owned`: the response frees body with free() (also when NULL comes
 * back); else the body outlives the response.
 */
static struct MHD_Response *response_new(char *body, size_t len, bool owned,
                                         const struct headers *h)
{
	struct MHD_Response *r;

	if (owned)
		r = MHD_create_response_from_buffer_with_free_callback(
		        len, body, body ? free : NULL);
	else /* PERSISTENT: no copy */
		r = MHD_create_response_from_buffer(len, body,
		                                    MHD_RESPMEM_PERSISTENT);
	if (!r) {
		if (owned)
			free(body);
		return NULL;
	}
	if (!headers_add(r, h)) {
		MHD_destroy_response(r);
		return NULL;
	}
	return r;
}

/* The headers of a 304 for what h describes: no Content-Type, as a 304
 * has no content (RFC 9110 15.4.5). */
static struct headers not_modified_headers(struct headers h)
{
	h.content_type = NULL;
	h.gzipped = false;
	return h;
}

/*
 * A 304 carries the body of the 200 it stands for, which libmicrohttpd
 * never sends for a 304: its Content-Length is then the 200's, as RFC 9110
 * 8.6 allows, where an empty body would say 0.
 */
static bool prepare_one(struct rep *rep, const struct entity *e, void *cls)
{
	struct headers h = rep_headers(rep, e);
	struct headers nm = not_modified_headers(h);

	(void)cls;
	rep->prepared = response_new(rep->body, rep->len, false, &h);
	rep->not_modified = response_new(rep->body, rep->len, false, &nm);
	return rep->prepared && rep->not_modified;
}

static bool unprepare_one(struct rep *rep, const struct entity *e, void *cls)
{
	(void)e;
	(void)cls;
	if (rep->prepared)
		MHD_destroy_response(rep->prepared);
	if (rep->not_modified)
		MHD_destroy_response(rep->not_modified);
	rep->prepared = NULL;
	rep->not_modified = NULL;
	return true;
}

bool respond_prepare(struct reps *c)
{
	return reps_each(c, prepare_one, NULL);
}

void respond_unprepare(struct reps *c)
{
	reps_each(c, unprepare_one, NULL);
}

/* Queues r (NULL: out of memory) and counts the request. */
static unsigned queue(struct MHD_Connection *conn, struct request *req,
                      struct metrics *m, unsigned status,
                      struct MHD_Response *r, size_t body_len)
{
	if (!r || MHD_queue_response(conn, status, r) != MHD_YES)
		return req->status = 500; /* the caller closes the connection */
	req->answered = true;
	req->status = status;
	req->bytes = req->head ? 0 : body_len;
	metrics_record(m, req->method, req->route, req->status,
	               clock_now_ns() - req->start_ns);
	atomic_fetch_sub(&m->in_flight, 1);
	return status;
}

/* Queues a response made for this request only, and lets go of it. */
static unsigned queue_new(struct MHD_Connection *conn, struct request *req,
                          struct metrics *m, unsigned status,
                          struct MHD_Response *r, size_t body_len)
{
	unsigned st = queue(conn, req, m, status, r, body_len);

	if (r)
		MHD_destroy_response(r);
	return st;
}

/* A start-up representation: its prepared 200 or 304. */
static unsigned respond_entity(struct MHD_Connection *conn, struct request *req,
                               struct metrics *m, const struct reply *rp,
                               bool draining)
{
	const struct entity *e = rp->entity;
	const struct rep *rep = entity_pick(e, rp->text, req->gzip);
	bool fresh = http_etag_matches(req->if_none_match, rep->etag);
	unsigned status = fresh ? MHD_HTTP_NOT_MODIFIED : MHD_HTTP_OK;
	struct headers h = rep_headers(rep, e);

	if (!draining)
		return queue(conn, req, m, status,
		             fresh ? rep->not_modified : rep->prepared,
		             fresh ? 0 : rep->len);
	/* draining: the same, but the connection must close after it */
	h.close = true;
	if (fresh)
		h = not_modified_headers(h);
	return queue_new(conn, req, m, status,
	                 response_new(rep->body, rep->len, false, &h),
	                 fresh ? 0 : rep->len);
}

/*
 * One representation (plain or gzipped) of an answer from the answer
 * cache, prepared when a client asks for it again and attached to the
 * entry in that representation's slot: from then on a cached search or 404
 * is answered as a lookup is, with no copy, no hash and no headers to
 * build. The response owns a copy of the body, so a connection still
 * sending it outlives the entry's eviction.
 */
struct answer {
	struct MHD_Response *r;
	size_t len;
	char etag[HTTP_ETAG_SIZE];
};

#define ANSWER_HEADERS_COST 1024 /* libmicrohttpd's structures, roughly */

void respond_answer_release(void *attached)
{
	struct answer *a = attached;

	MHD_destroy_response(a->r);
	free(a);
}

/* The representation of rp's hit, gzipped or not, its bytes against the
 * cache's bound in *cost; NULL when out of memory or when gzip fails. */
static struct answer *answer_new(const struct reply *rp, bool gzip,
                                 size_t *cost)
{
	struct answer *a = calloc(1, sizeof(*a));
	const char *link = qcache_entry_link(rp->hit);
	struct headers h = {.content_type = rp->content_type,
	                    .cache_control = rp->cache_control,
	                    .link = link[0] ? link : NULL,
	                    .gzipped = gzip};
	size_t len;
	const char *body = qcache_entry_body(rp->hit, &len);
	char *copy;

	if (!a)
		return NULL;
	if (gzip) {
		copy = (char *)http_gzip(body, len, &a->len);
	} else {
		a->len = len;
		copy = entity_body_copy(body, len);
	}
	if (!copy) {
		free(a);
		return NULL;
	}
	http_etag(copy, a->len, a->etag);
	h.etag = a->etag;
	a->r = response_new(copy, a->len, true, &h); /* it owns copy */
	if (!a->r) {
		free(a);
		return NULL;
	}
	*cost = sizeof(*a) + a->len + ANSWER_HEADERS_COST;
	return a;
}

/*
 * Answers with the prepared response of rp's hit, made now if this is the
 * first time its representation is asked for again. Returns 0 when it
 * cannot (out of memory, a 304, draining): rp then has a copy of the body,
 * and the caller goes on as for any body.
 */
static unsigned respond_hit(struct MHD_Connection *conn, struct request *req,
                            struct metrics *m, struct reply *rp, bool draining)
{
	size_t len, cost = 0;
	const char *body = qcache_entry_body(rp->hit, &len);
	unsigned slot = req->gzip && len > GZIP_MIN; /* 1: gzipped */
	struct answer *a = qcache_entry_attached(rp->hit, slot);

	if (!a && !draining && (a = answer_new(rp, slot, &cost)) != NULL) {
		struct answer *now =
		        qcache_entry_attach(rp->hit, slot, a, cost);

		if (now != a) /* another thread's, or no room for it */
			respond_answer_release(a);
		a = now;
	}
	if (a && !draining &&
	    (rp->status != MHD_HTTP_OK ||
	     !http_etag_matches(req->if_none_match, a->etag)))
		return queue(conn, req, m, rp->status, a->r, a->len);
	rp->body = entity_body_copy(body, len);
	if (!rp->body)
		return queue(conn, req, m, 500, NULL, 0);
	rp->len = len;
	return 0;
}

unsigned respond(struct MHD_Connection *conn, struct request *req,
                 struct metrics *m, struct reply *rp, bool draining)
{
	char etag[HTTP_ETAG_SIZE];
	struct headers h = {.content_type = rp->content_type,
	                    .cache_control = rp->cache_control,
	                    .link = rp->link && rp->link[0] ? rp->link : NULL,
	                    .allow = rp->allow,
	                    .allow_headers = rp->allow_headers,
	                    .retry_after = rp->retry_after,
	                    .close = rp->close || draining,
	                    .page = rp->page};
	unsigned status = rp->status;
	size_t sent;

	if (rp->entity) {
		status = respond_entity(conn, req, m, rp, draining);
		reply_release(rp);
		return status;
	}
	if (rp->hit) {
		unsigned st = respond_hit(conn, req, m, rp, draining);

		if (st != 0) {
			reply_release(rp);
			return st;
		}
	}
	if (rp->body && req->gzip && rp->len > GZIP_MIN) {
		size_t gz_len;
		unsigned char *gz = http_gzip(rp->body, rp->len, &gz_len);

		if (gz) { /* else the plain body does */
			free(rp->body);
			rp->body = (char *)gz;
			rp->len = gz_len;
			h.gzipped = true;
		}
	}
	/* a scan's answer is no representation of a resource: no ETag */
	if (rp->body && req->method != METHOD_POST) {
		http_etag(rp->body, rp->len, etag);
		h.etag = etag;
	}
	sent = rp->len;
	if (h.etag && status == MHD_HTTP_OK &&
	    http_etag_matches(req->if_none_match, etag)) {
		/* the body stays only for its length: see prepare_one() */
		status = MHD_HTTP_NOT_MODIFIED;
		h = not_modified_headers(h);
		sent = 0;
	}
	/* the response owns the body from here on */
	status = queue_new(conn, req, m, status,
	                   response_new(rp->body, rp->len, true, &h), sent);
	rp->body = NULL;
	reply_release(rp);
	return status;
}
