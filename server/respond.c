#include "respond.h"

#include "http.h"

#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

uint64_t respond_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The headers of one response; NULL and false mean "not sent". */
struct headers {
	const char *content_type;
	const char *cache_control;
	const char *etag;
	const char *link;
	const char *allow;
	bool gzipped;
	bool preflight;
	bool close;
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
	       header_add(r, "Vary", "Accept, Accept-Encoding") &&
	       header_add(r, "Access-Control-Allow-Origin", "*") &&
	       header_add(r, "Access-Control-Expose-Headers", "ETag, Link") &&
	       header_add(r, "X-Content-Type-Options", "nosniff") &&
	       (!h->etag || header_add(r, "ETag", h->etag)) &&
	       (!h->gzipped || header_add(r, "Content-Encoding", "gzip")) &&
	       (!h->link || header_add(r, "Link", h->link)) &&
	       (!h->allow || header_add(r, "Allow", h->allow)) &&
	       (!h->preflight ||
	        (header_add(r, "Access-Control-Allow-Methods", h->allow) &&
	         header_add(r, "Access-Control-Allow-Headers",
	                    "Accept, Accept-Encoding, If-None-Match") &&
	         header_add(r, "Access-Control-Max-Age", "86400"))) &&
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

static bool prepare_one(struct rep *rep, const struct entity *e, void *cls)
{
	struct headers h = rep_headers(rep, e);

	(void)cls;
	rep->prepared = response_new(rep->body, rep->len, false, &h);
	return rep->prepared != NULL;
}

static bool unprepare_one(struct rep *rep, const struct entity *e, void *cls)
{
	(void)e;
	(void)cls;
	if (rep->prepared)
		MHD_destroy_response(rep->prepared);
	rep->prepared = NULL;
	return true;
}

bool respond_prepare(struct cache *c)
{
	return cache_each(c, prepare_one, NULL);
}

void respond_unprepare(struct cache *c)
{
	cache_each(c, unprepare_one, NULL);
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
	               respond_now_ns() - req->start_ns);
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

static unsigned not_modified(struct MHD_Connection *conn, struct request *req,
                             struct metrics *m, const char *etag,
                             const char *cache_control, bool close)
{
	struct headers h = {
	        .cache_control = cache_control, .etag = etag, .close = close};

	return queue_new(conn, req, m, MHD_HTTP_NOT_MODIFIED,
	                 response_new(NULL, 0, false, &h), 0);
}

/* A start-up representation: the prepared response, or a 304. */
static unsigned respond_entity(struct MHD_Connection *conn, struct request *req,
                               struct metrics *m, const struct reply *rp,
                               bool draining)
{
	const struct entity *e = rp->entity;
	const struct rep *rep = entity_pick(e, rp->text, req->gzip);
	struct headers h = rep_headers(rep, e);

	if (http_etag_matches(req->if_none_match, rep->etag))
		return not_modified(conn, req, m, rep->etag, e->cache_control,
		                    draining);
	if (!draining)
		return queue(conn, req, m, MHD_HTTP_OK, rep->prepared,
		             rep->len);
	/* draining: the same body, but the connection must close after it */
	h.close = true;
	return queue_new(conn, req, m, MHD_HTTP_OK,
	                 response_new(rep->body, rep->len, false, &h),
	                 rep->len);
}

unsigned respond(struct MHD_Connection *conn, struct request *req,
                 struct metrics *m, struct reply *rp, bool draining)
{
	char etag[HTTP_ETAG_SIZE];
	struct headers h = {.content_type = rp->content_type,
	                    .cache_control = rp->cache_control,
	                    .link = rp->link[0] ? rp->link : NULL,
	                    .allow = rp->allow,
	                    .preflight = rp->preflight,
	                    .close = rp->close || draining};
	unsigned st;

	if (rp->entity) {
		st = respond_entity(conn, req, m, rp, draining);
		reply_release(rp);
		return st;
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
	if (rp->body) {
		http_etag(rp->body, rp->len, etag);
		h.etag = etag;
	}
	if (rp->body && rp->status == MHD_HTTP_OK &&
	    http_etag_matches(req->if_none_match, etag)) {
		reply_release(rp);
		return not_modified(conn, req, m, etag, h.cache_control,
		                    draining);
	}
	st = rp->status;
	/* the response owns the body from here on */
	st = queue_new(conn, req, m, st,
	               response_new(rp->body, rp->len, true, &h), rp->len);
	rp->body = NULL;
	reply_release(rp);
	return st;
}
