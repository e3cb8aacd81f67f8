#include "server.h"

#include "http.h"
#include "key.h"
#include "metrics.h"
#include "problem.h"
#include "render.h"
#include "search.h"
#include "text.h"
#include "uri.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

/* The spec, embedded by tools/embed from openapi.yaml. */
extern const char wsaerr_openapi[];
extern const size_t wsaerr_openapi_len;

#define HEADERS_MAX     16384 /* bytes of request header fields: else 431 */
#define GZIP_MIN        1024  /* bodies over this are gzipped when accepted */
#define LIMIT_DEFAULT   100
#define LIMIT_MAX       1000
#define OFFSET_MAX      100000
#define SUGGESTIONS_MAX 5

#define CT_JSON    "application/json; charset=utf-8"
#define CT_PROBLEM "application/problem+json; charset=utf-8"
#define CT_TEXT    "text/plain; charset=utf-8"
#define CT_METRICS "text/plain; version=0.0.4; charset=utf-8"
#define CT_YAML    "application/yaml; charset=utf-8"

#define CACHE_CODES "public, max-age=86400"
#define CACHE_DOCS  "public, max-age=3600"
#define CACHE_NONE  "no-store"

#define ALLOW "GET, HEAD, OPTIONS"

/* One representation of a resource, rendered at start-up. */
struct rep {
	char *body; /* owned; NULL: no such representation */
	size_t len;
	char etag[HTTP_ETAG_SIZE];
	const char *content_type;
	bool gzipped;
	struct MHD_Response *resp; /* 200 with every header, reused */
};

/* A resource in JSON and text, each plain and gzipped: rep[text][gzip]. */
struct entity {
	struct rep rep[2][2];
	const char *cache_control;
};

struct server {
	struct MHD_Daemon *daemon;
	const struct wsaerr_table *table;
	struct server_config cfg;
	struct metrics metrics;
	atomic_bool draining;
	atomic_uint open_connections;
	atomic_uint_fast64_t next_id;
	unsigned port;
	struct entity codes[WSAERR_MAX_CODES]; /* by index in table->codes */
	struct entity list;                    /* GET /codes, the defaults */
	struct entity openapi;
	struct entity index;
};

/* What a request carries from its first byte to the access log. */
struct request {
	size_t target_len; /* bytes in target: URI_MAX + 1 means too long */
	bool started;      /* the access handler has seen it */
	bool answered;     /* a response is queued */
	bool text;         /* Accept prefers text/plain; read once */
	enum route route;
	enum method method;
	char method_text[16];
	unsigned status;
	uint64_t bytes;
	uint64_t start_ns;
	char id[24];
	char remote[INET6_ADDRSTRLEN];
	char target[]; /* the raw request target, up to URI_MAX + 1 bytes */
};

/* Stands in for a request target that could not be parsed: no path, no
 * parameters. */
static const struct uri no_uri;

/* Everything a handler needs; handlers return the status they queued. */
struct ctx {
	struct server *s;
	struct MHD_Connection *conn;
	struct request *req;
	const struct uri *uri;
	bool text; /* the client wants text/plain */
	bool gzip; /* the client accepts gzip */
	const char *if_none_match;
	bool head;
};

/* A response to build for this request only. */
struct reply {
	unsigned status;
	const char *content_type;
	char *body; /* malloc'd, handed over; may be NULL */
	size_t len;
	const char *cache_control;
	const char *link; /* Link header, or NULL */
	bool allow;       /* send Allow */
	bool close;       /* close the connection after it */
	bool preflight;   /* CORS preflight headers */
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* --- headers every response carries ------------------------------------ */

static bool add(struct MHD_Response *r, const char *name, const char *value)
{
	return MHD_add_response_header(r, name, value) == MHD_YES;
}

static bool add_common(struct MHD_Response *r, const char *content_type,
                       const char *cache_control)
{
	return (!content_type || add(r, "Content-Type", content_type)) &&
	       add(r, "Cache-Control", cache_control) &&
	       add(r, "Vary", "Accept, Accept-Encoding") &&
	       add(r, "Access-Control-Allow-Origin", "*") &&
	       add(r, "Access-Control-Expose-Headers", "ETag, Link") &&
	       add(r, "X-Content-Type-Options", "nosniff");
}

/* --- the start-up cache -------------------------------------------------- */

static void rep_release(struct rep *r)
{
	if (r->resp)
		MHD_destroy_response(r->resp);
	free(r->body);
	memset(r, 0, sizeof(*r));
}

/* Makes r own body and builds its reusable 200 response. */
static bool rep_init(struct rep *r, char *body, size_t len,
                     const char *content_type, const char *cache_control,
                     bool gzipped)
{
	r->body = body;
	r->len = len;
	r->content_type = content_type;
	r->gzipped = gzipped;
	http_etag(body, len, r->etag);
	/* PERSISTENT: the body lives as long as the daemon; no copy */
	r->resp = MHD_create_response_from_buffer(len, body,
	                                          MHD_RESPMEM_PERSISTENT);
	return r->resp && add_common(r->resp, content_type, cache_control) &&
	       add(r->resp, "ETag", r->etag) &&
	       (!gzipped || add(r->resp, "Content-Encoding", "gzip"));
}

/*
 * Renders an entity from its JSON body and its text body (NULL: none). Takes
 * both, also on failure: each is either a representation's, released with
 * the entity, or freed here.
 */
static bool entity_init(struct entity *e, char *json, size_t json_len,
                        char *text, size_t text_len, const char *json_type,
                        const char *cache_control)
{
	char *bodies[2] = {json, text};
	size_t lens[2] = {json_len, text_len};
	const char *types[2] = {json_type, CT_TEXT};
	bool ok = json != NULL;

	e->cache_control = cache_control;
	for (int t = 0; ok && t < 2; t++) {
		unsigned char *gz;
		size_t gz_len;

		if (!bodies[t])
			continue;
		/* the representation owns the body from here on */
		ok = rep_init(&e->rep[t][0], bodies[t], lens[t], types[t],
		              cache_control, false);
		bodies[t] = NULL;
		if (!ok || lens[t] <= GZIP_MIN)
			continue;
		gz = http_gzip(e->rep[t][0].body, lens[t], &gz_len);
		ok = gz && rep_init(&e->rep[t][1], (char *)gz, gz_len, types[t],
		                    cache_control, true);
	}
	free(bodies[0]);
	free(bodies[1]);
	return ok;
}

static void entity_release(struct entity *e)
{
	for (int t = 0; t < 2; t++)
		for (int g = 0; g < 2; g++)
			rep_release(&e->rep[t][g]);
}

/* The representation a client asked for: gzip when accepted and worth it. */
static const struct rep *entity_pick(const struct entity *e,
                                     const struct ctx *c)
{
	const struct rep *plain = &e->rep[c->text][0];
	const struct rep *gz = &e->rep[c->text][1];

	if (!plain->body) { /* no text form: JSON it is */
		plain = &e->rep[0][0];
		gz = &e->rep[0][1];
	}
	return c->gzip && gz->body ? gz : plain;
}

static char *dump(json_t *j, size_t *len)
{
	char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;

	json_decref(j);
	if (s)
		*len = strlen(s);
	return s;
}

/* Runs a render function into a malloc'd string. */
static char *text_of(void (*render)(FILE *, const struct wsaerr_code *),
                     const struct wsaerr_code *c, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	if (!f)
		return NULL;
	render(f, c);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/*
 * The body of a page of codes: JSON {"query","total","limit","offset",
 * "items"} built from the codes' start-up JSON, or one text line each.
 */
static char *page_body(const struct server *s, const char *query,
                       const struct wsaerr_code *const *codes, size_t n,
                       size_t total, size_t limit, size_t offset, bool text,
                       size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	if (!f)
		return NULL;
	if (text) {
		for (size_t i = 0; i < n; i++)
			wsaerr_code_text_line(f, codes[i]);
		if (n == 0)
			fputs(total ? "no codes on this page\n"
			            : "no codes match\n",
			      f);
	} else {
		json_t *q = query ? json_string(query) : json_null();
		char *qs = q ? json_dumps(q, JSON_ENCODE_ANY) : NULL;

		json_decref(q);
		fprintf(f,
		        "{\"query\":%s,\"total\":%zu,\"limit\":%zu,"
		        "\"offset\":%zu,\"items\":[",
		        qs ? qs : "null", total, limit, offset);
		free(qs);
		for (size_t i = 0; i < n; i++) {
			const struct rep *r =
			        &s->codes[codes[i] - s->table->codes].rep[0][0];

			if (i > 0)
				fputc(',', f);
			fwrite(r->body, 1, r->len, f);
		}
		fputs("]}", f);
	}
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* The handlers, defined below; each returns the status it queued. */
static unsigned h_code(struct ctx *c);
static unsigned h_codes(struct ctx *c);
static unsigned h_livez(struct ctx *c);
static unsigned h_readyz(struct ctx *c);
static unsigned h_metrics(struct ctx *c);
static unsigned h_openapi(struct ctx *c);
static unsigned h_index(struct ctx *c);

/* The route table. A prefix route matches "/codes/" and anything after. */
static const struct {
	const char *path;
	bool prefix;
	enum route route;
	unsigned (*handler)(struct ctx *);
	const char *description; /* for the index at / */
} routes[] = {
        {"/codes/", true, ROUTE_CODE, h_code,
         "one code by number, hex, HRESULT or name"},
        {"/codes", false, ROUTE_CODES, h_codes,
         "list and search: q, category, limit, offset"},
        {"/livez", false, ROUTE_LIVEZ, h_livez, "alive"},
        {"/healthz", false, ROUTE_HEALTHZ, h_livez, "alive"},
        {"/readyz", false, ROUTE_READYZ, h_readyz,
         "ready; 503 while shutting down"},
        {"/metrics", false, ROUTE_METRICS, h_metrics, "Prometheus metrics"},
        {"/openapi.yaml", false, ROUTE_OPENAPI, h_openapi, "the API contract"},
        {"/", false, ROUTE_INDEX, h_index, NULL},
};

#define N_ROUTES (sizeof(routes) / sizeof(routes[0]))

/* The index at /: every route but itself, from the route table. */
static char *index_body(size_t *len)
{
	json_t *list = json_array();

	for (size_t i = 0; list && i < N_ROUTES; i++) {
		if (routes[i].description &&
		    json_array_append_new(
		            list, json_pack("{s:s, s:s}", "path",
		                            route_label(routes[i].route),
		                            "description",
		                            routes[i].description)) != 0) {
			json_decref(list);
			list = NULL;
		}
	}
	return dump(json_pack("{s:s, s:s, s:s, s:o}", "service", "wsaerr",
	                      "version", WSAERR_VERSION, "description",
	                      "Explains Windows Sockets error codes", "routes",
	                      list),
	            len);
}

static bool cache_init(struct server *s)
{
	const struct wsaerr_table *t = s->table;
	const struct wsaerr_code *all[WSAERR_MAX_CODES];
	size_t jl, tl;
	char *j, *txt;

	for (size_t i = 0; i < t->n_codes; i++) {
		const struct wsaerr_code *c = &t->codes[i];

		all[i] = c;
		j = dump(wsaerr_code_json(c), &jl);
		txt = text_of(wsaerr_code_text_full, c, &tl);
		if (!txt || !entity_init(&s->codes[i], j, jl, txt, tl, CT_JSON,
		                         CACHE_CODES)) {
			if (!txt)
				free(j);
			return false;
		}
	}
	j = page_body(s, NULL, all, t->n_codes, t->n_codes, LIMIT_DEFAULT, 0,
	              false, &jl);
	txt = page_body(s, NULL, all, t->n_codes, t->n_codes, LIMIT_DEFAULT, 0,
	                true, &tl);
	if (!txt ||
	    !entity_init(&s->list, j, jl, txt, tl, CT_JSON, CACHE_CODES)) {
		if (!txt)
			free(j);
		return false;
	}
	j = malloc(wsaerr_openapi_len);
	if (j)
		memcpy(j, wsaerr_openapi, wsaerr_openapi_len);
	if (!entity_init(&s->openapi, j, wsaerr_openapi_len, NULL, 0, CT_YAML,
	                 CACHE_DOCS))
		return false;
	j = index_body(&jl);
	return entity_init(&s->index, j, jl, NULL, 0, CT_JSON, CACHE_DOCS);
}

static void cache_release(struct server *s)
{
	for (size_t i = 0; i < WSAERR_MAX_CODES; i++)
		entity_release(&s->codes[i]);
	entity_release(&s->list);
	entity_release(&s->openapi);
	entity_release(&s->index);
}

/* --- sending ------------------------------------------------------------- */

/*
 * Queues r and counts the request in the metrics now, not when libmicrohttpd
 * reports it complete: by the time a client has its response, the metrics
 * include it. Called once per request.
 */
static unsigned queue(struct ctx *c, unsigned status, struct MHD_Response *r,
                      size_t body_len)
{
	struct request *req = c->req;

	req->answered = true;
	req->status = status;
	req->bytes = c->head ? 0 : body_len;
	if (MHD_queue_response(c->conn, status, r) != MHD_YES)
		req->status = 500;
	metrics_record(&c->s->metrics, req->method, req->route, req->status,
	               now_ns() - req->start_ns);
	atomic_fetch_sub(&c->s->metrics.in_flight, 1);
	return status;
}

static unsigned send_not_modified(struct ctx *c, const char *etag,
                                  const char *cache_control)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(
	        0, NULL, MHD_RESPMEM_PERSISTENT);
	unsigned st;

	if (!r || !add_common(r, NULL, cache_control) ||
	    !add(r, "ETag", etag)) {
		if (r)
			MHD_destroy_response(r);
		return 500;
	}
	if (atomic_load(&c->s->draining))
		add(r, "Connection", "close");
	st = queue(c, MHD_HTTP_NOT_MODIFIED, r, 0);
	MHD_destroy_response(r);
	return st;
}

/* Sends a start-up representation: the reusable response, or a 304. */
static unsigned send_entity(struct ctx *c, const struct entity *e)
{
	const struct rep *rep = entity_pick(e, c);
	struct MHD_Response *r;
	unsigned st;

	if (http_etag_matches(c->if_none_match, rep->etag))
		return send_not_modified(c, rep->etag, e->cache_control);
	if (!atomic_load(&c->s->draining))
		return queue(c, MHD_HTTP_OK, rep->resp, rep->len);
	/* draining: the same body, but the connection must close after it */
	r = MHD_create_response_from_buffer(rep->len, rep->body,
	                                    MHD_RESPMEM_PERSISTENT);
	if (!r || !add_common(r, rep->content_type, e->cache_control) ||
	    !add(r, "ETag", rep->etag) ||
	    (rep->gzipped && !add(r, "Content-Encoding", "gzip")) ||
	    !add(r, "Connection", "close")) {
		if (r)
			MHD_destroy_response(r);
		return 500;
	}
	st = queue(c, MHD_HTTP_OK, r, rep->len);
	MHD_destroy_response(r);
	return st;
}

/* Sends a response built for this request; takes rp->body. */
static unsigned send_reply(struct ctx *c, struct reply *rp)
{
	struct MHD_Response *r;
	char etag[HTTP_ETAG_SIZE];
	bool gzipped = false;
	unsigned st;

	if (rp->body && c->gzip && rp->len > GZIP_MIN) {
		size_t gz_len;
		unsigned char *gz = http_gzip(rp->body, rp->len, &gz_len);

		if (gz) {
			free(rp->body);
			rp->body = (char *)gz;
			rp->len = gz_len;
			gzipped = true;
		}
	}
	if (rp->body)
		http_etag(rp->body, rp->len, etag);
	if (rp->body && rp->status == MHD_HTTP_OK &&
	    http_etag_matches(c->if_none_match, etag)) {
		free(rp->body);
		return send_not_modified(c, etag, rp->cache_control);
	}
	r = MHD_create_response_from_buffer_with_free_callback(
	        rp->len, rp->body, rp->body ? free : NULL);
	if (!r) {
		free(rp->body);
		return 500;
	}
	rp->body = NULL; /* the response owns it now */
	if (!add_common(r, rp->content_type, rp->cache_control) ||
	    (rp->len && !add(r, "ETag", etag)) ||
	    (gzipped && !add(r, "Content-Encoding", "gzip")) ||
	    (rp->link && !add(r, "Link", rp->link)) ||
	    (rp->allow && !add(r, "Allow", ALLOW)) ||
	    (rp->preflight && (!add(r, "Access-Control-Allow-Methods", ALLOW) ||
	                       !add(r, "Access-Control-Allow-Headers",
	                            "Accept, Accept-Encoding, If-None-Match") ||
	                       !add(r, "Access-Control-Max-Age", "86400"))) ||
	    ((rp->close || atomic_load(&c->s->draining)) &&
	     !add(r, "Connection", "close"))) {
		MHD_destroy_response(r);
		return 500;
	}
	st = queue(c, rp->status, r, rp->len);
	MHD_destroy_response(r);
	return st;
}

/* The one function that sends every error. `extra` is stolen. */
static unsigned send_problem(struct ctx *c, enum problem p, const char *detail,
                             json_t *extra)
{
	struct reply rp = {0};

	rp.status = problem_status(p);
	rp.body = problem_body(p, detail, extra, c->text, &rp.len);
	if (!rp.body)
		return 500;
	rp.content_type = c->text ? CT_TEXT : CT_PROBLEM;
	rp.cache_control = CACHE_NONE;
	rp.allow = p == PROBLEM_METHOD_NOT_ALLOWED;
	rp.close = p == PROBLEM_BAD_REQUEST || p == PROBLEM_HEADERS_TOO_LARGE ||
	           p == PROBLEM_URI_TOO_LONG;
	return send_reply(c, &rp);
}

/* A problem about one query parameter: adds {"parameter": name}. */
static unsigned send_bad_parameter(struct ctx *c, const char *name,
                                   const char *detail)
{
	return send_problem(c, PROBLEM_BAD_PARAMETER, detail,
	                    json_pack("{s:s}", "parameter", name));
}

/* --- query parameters ---------------------------------------------------- */

/*
 * The value of parameter `name` in *value, or NULL when absent. False
 * (after sending the 400) when it was given twice.
 */
static bool param(struct ctx *c, const char *name, const char **value,
                  unsigned *status)
{
	int count, i = uri_param(c->uri, name, &count);
	char detail[96];

	*value = i >= 0 ? c->uri->params[i].value : NULL;
	if (count > 1) {
		snprintf(detail, sizeof(detail), "%s is given %d times", name,
		         count);
		*status = send_bad_parameter(c, name, detail);
		return false;
	}
	return true;
}

/* A whole decimal number min..max, or false (after sending the 400). */
static bool number_param(struct ctx *c, const char *name, size_t def,
                         size_t min, size_t max, size_t *out, unsigned *status)
{
	const char *v;
	size_t n = 0, i;
	char detail[128];

	if (!param(c, name, &v, status))
		return false;
	*out = def;
	if (!v)
		return true;
	for (i = 0; v[i] >= '0' && v[i] <= '9' && n <= max; i++)
		n = n * 10 + (size_t)(v[i] - '0');
	if (i == 0 || v[i] != '\0' || n < min || n > max) {
		snprintf(detail, sizeof(detail),
		         "%s must be a whole number from %zu to %zu", name, min,
		         max);
		*status = send_bad_parameter(c, name, detail);
		return false;
	}
	*out = n;
	return true;
}

/* --- handlers: each returns the status it queued ----------------------- */

static unsigned h_code(struct ctx *c)
{
	const char *key = c->uri->path + strlen("/codes/");
	size_t len = c->uri->path_len - strlen("/codes/");
	const struct wsaerr_code *code;
	unsigned value = 0;
	enum wsaerr_key_status st;
	struct wsaerr_search_result r; /* 4 KiB, on the stack */
	json_t *suggestions, *extra;
	char detail[160];

	if (!wsaerr_utf8_valid(key, len))
		return send_problem(c, PROBLEM_BAD_KEY, "the key is not UTF-8",
		                    NULL);
	st = wsaerr_key_parse(c->s->table, key, len, &code, &value);
	if (st == WSAERR_KEY_OK)
		return send_entity(c, &c->s->codes[code - c->s->table->codes]);
	if (wsaerr_key_status_malformed(st))
		return send_problem(c, PROBLEM_BAD_KEY,
		                    wsaerr_key_status_message(st), NULL);
	if (st == WSAERR_KEY_UNKNOWN_CODE)
		snprintf(detail, sizeof(detail), "%s (%u)%s",
		         wsaerr_key_status_message(st), value,
		         value < 10000 ? "; below 10000 it is probably a "
		                         "Win32 system error"
		                       : "");
	else
		snprintf(detail, sizeof(detail), "%s",
		         wsaerr_key_status_message(st));
	/* near matches: what a search for the key finds */
	suggestions = json_array();
	extra = json_object();
	if (suggestions && extra) {
		struct wsaerr_search_opts o = {0, SUGGESTIONS_MAX, -1};

		if (wsaerr_search(c->s->table, key, len, &o, &r) ==
		    WSAERR_SEARCH_OK) {
			for (size_t i = 0; i < r.count; i++)
				json_array_append_new(
				        suggestions,
				        json_pack("{s:i, s:s}", "code",
				                  (int)r.hits[i].code->value,
				                  "name",
				                  r.hits[i].code->name));
		}
	}
	if (extra && json_array_size(suggestions) > 0)
		json_object_set_new(extra, "suggestions", suggestions);
	else
		json_decref(suggestions);
	return send_problem(c, PROBLEM_UNKNOWN_CODE, detail, extra);
}

/* Appends one `<...>; rel="..."` to a Link header being built in buf. */
static void link_add(char *buf, size_t size, const char *rel, const char *q,
                     const char *category, const char *format, size_t limit,
                     size_t offset)
{
	char enc[3 * WSAERR_QUERY_MAX_BYTES + 1] = "";
	size_t used = strlen(buf);

	if (q)
		uri_encode(q, strlen(q), enc, sizeof(enc));
	snprintf(
	        buf + used, size - used,
	        "%s</codes?%s%s%s%s%s%s%s%s%slimit=%zu&offset=%zu>; rel=\"%s\"",
	        used ? ", " : "", q ? "q=" : "", enc, q ? "&" : "",
	        category ? "category=" : "", category ? category : "",
	        category ? "&" : "", format ? "format=" : "",
	        format ? format : "", format ? "&" : "", limit, offset, rel);
}

static unsigned h_codes(struct ctx *c)
{
	const struct wsaerr_table *t = c->s->table;
	const char *q, *category, *format;
	size_t limit, offset, total = 0, n = 0;
	int cat = -1;
	unsigned status = 0;
	const struct wsaerr_code *page[WSAERR_MAX_CODES];
	struct reply rp = {0};
	char link[2 * (3 * WSAERR_QUERY_MAX_BYTES + 128)] = "";

	if (!param(c, "q", &q, &status) ||
	    !param(c, "category", &category, &status) ||
	    !param(c, "format", &format, &status) ||
	    !number_param(c, "limit", LIMIT_DEFAULT, 1, LIMIT_MAX, &limit,
	                  &status) ||
	    !number_param(c, "offset", 0, 0, OFFSET_MAX, &offset, &status))
		return status;
	if (category) {
		cat = wsaerr_category_from_slug(category, strlen(category));
		if (cat < 0)
			return send_bad_parameter(
			        c, "category",
			        "category must be one of win32-io, socket, "
			        "startup, provider, resolver, qos");
	}
	if (q && q[0] == '\0')
		q = NULL; /* an empty search box lists everything */
	if (!q && cat < 0 && limit == LIMIT_DEFAULT && offset == 0)
		return send_entity(c, &c->s->list);

	if (q) {
		struct wsaerr_search_result r; /* 4 KiB, on the stack */
		struct wsaerr_search_opts o = {offset, limit, cat};
		/* %00 is refused by uri_parse, so strlen is the length */
		enum wsaerr_search_status st =
		        wsaerr_search(t, q, strlen(q), &o, &r);

		if (st != WSAERR_SEARCH_OK)
			return send_bad_parameter(
			        c, "q", wsaerr_search_status_message(st));
		total = r.total;
		n = r.count;
		for (size_t i = 0; i < n; i++)
			page[i] = r.hits[i].code;
	} else {
		for (size_t i = 0; i < t->n_codes; i++) {
			if (cat >= 0 && (int)t->codes[i].category != cat)
				continue;
			if (total >= offset && n < limit)
				page[n++] = &t->codes[i];
			total++;
		}
	}
	if (offset + limit < total)
		link_add(link, sizeof(link), "next", q, category, format, limit,
		         offset + limit);
	if (offset > 0)
		link_add(link, sizeof(link), "prev", q, category, format, limit,
		         offset > limit ? offset - limit : 0);
	rp.body = page_body(c->s, q, page, n, total, limit, offset, c->text,
	                    &rp.len);
	if (!rp.body)
		return send_problem(c, PROBLEM_INTERNAL, "out of memory", NULL);
	rp.status = MHD_HTTP_OK;
	rp.content_type = c->text ? CT_TEXT : CT_JSON;
	rp.cache_control = CACHE_CODES;
	rp.link = link[0] ? link : NULL;
	return send_reply(c, &rp);
}

static unsigned send_status(struct ctx *c, const char *status)
{
	struct reply rp = {0};

	rp.status = MHD_HTTP_OK;
	rp.body = dump(json_pack("{s:s}", "status", status), &rp.len);
	if (!rp.body)
		return send_problem(c, PROBLEM_INTERNAL, "out of memory", NULL);
	rp.content_type = CT_JSON;
	rp.cache_control = CACHE_NONE;
	return send_reply(c, &rp);
}

static unsigned h_livez(struct ctx *c)
{
	return send_status(c, "ok");
}

static unsigned h_readyz(struct ctx *c)
{
	if (atomic_load(&c->s->draining))
		return send_problem(c, PROBLEM_NOT_READY,
		                    "the server is shutting down", NULL);
	return send_status(c, "ready");
}

static unsigned h_metrics(struct ctx *c)
{
	struct reply rp = {0};
	FILE *f = open_memstream(&rp.body, &rp.len);

	if (!f)
		return send_problem(c, PROBLEM_INTERNAL, "out of memory", NULL);
	metrics_write(&c->s->metrics, f);
	if (fclose(f) != 0) {
		free(rp.body);
		return send_problem(c, PROBLEM_INTERNAL, "out of memory", NULL);
	}
	rp.status = MHD_HTTP_OK;
	rp.content_type = CT_METRICS;
	rp.cache_control = CACHE_NONE;
	return send_reply(c, &rp);
}

static unsigned h_openapi(struct ctx *c)
{
	c->text = false; /* one representation: YAML */
	return send_entity(c, &c->s->openapi);
}

static unsigned h_index(struct ctx *c)
{
	c->text = false;
	return send_entity(c, &c->s->index);
}

static int match_route(const char *path, size_t len)
{
	for (size_t i = 0; i < N_ROUTES; i++) {
		size_t plen = strlen(routes[i].path);

		if (routes[i].prefix) {
			/* one segment after the prefix: "/codes/a/b" is no key
			 */
			if (len >= plen &&
			    memcmp(path, routes[i].path, plen) == 0 &&
			    !memchr(path + plen, '/', len - plen))
				return (int)i;
		} else if (len == plen &&
		           memcmp(path, routes[i].path, len) == 0) {
			return (int)i;
		}
	}
	return -1;
}

/* Content negotiation: ?format= wins over Accept. False after a 400. */
static bool negotiate(struct ctx *c, unsigned *status)
{
	int count, i = uri_param(c->uri, "format", &count);
	const char *v = i >= 0 ? c->uri->params[i].value : NULL;

	/* c->text holds the Accept preference, read in the first call */
	if (count > 1) {
		*status = send_bad_parameter(c, "format",
		                             "format is given twice");
		return false;
	}
	if (!v)
		return true;
	if (strcmp(v, "text") == 0) {
		c->text = true;
	} else if (strcmp(v, "json") == 0) {
		c->text = false;
	} else {
		*status = send_bad_parameter(c, "format",
		                             "format must be json or text");
		return false;
	}
	return true;
}

static unsigned dispatch(struct ctx *c)
{
	struct request *req = c->req;
	/* about 8.5 KiB: on the stack of a libmicrohttpd worker, which has
	 * the system's default (8 MiB), not on the heap for every request */
	struct uri u;
	enum uri_status ust = uri_parse(req->target, req->target_len, &u);
	unsigned status;
	int ri;

	if (ust != URI_OK)
		return send_problem(c,
		                    ust == URI_TOO_LONG ? PROBLEM_URI_TOO_LONG
		                                        : PROBLEM_BAD_URI,
		                    uri_status_message(ust), NULL);
	c->uri = &u;
	ri = match_route(u.path, u.path_len);
	req->route = ri < 0 ? ROUTE_NONE : routes[ri].route;
	if (!negotiate(c, &status))
		return status;
	if (ri < 0)
		status = send_problem(c, PROBLEM_NOT_FOUND,
		                      "no such route; see / and /openapi.yaml",
		                      NULL);
	else if (req->method == METHOD_OPTIONS)
		status = send_reply(c,
		                    &(struct reply){.status = 204,
		                                    .cache_control = CACHE_NONE,
		                                    .allow = true,
		                                    .preflight = true});
	else if (req->method == METHOD_OTHER)
		status = send_problem(c, PROBLEM_METHOD_NOT_ALLOWED,
		                      "only GET, HEAD and OPTIONS are served",
		                      NULL);
	else
		status = routes[ri].handler(c);
	c->uri = &no_uri; /* u ends here */
	return status;
}

/* --- request framing: checked before anything else ---------------------- */

/* Header fields that must appear at most once; the first three are also
 * looked at by name below. */
enum { HDR_HOST, HDR_CONTENT_LENGTH, HDR_TRANSFER_ENCODING };
static const char *const unique_headers[] = {
        "Host",          "Content-Length", "Transfer-Encoding",
        "Content-Type",  "If-None-Match",  "If-Modified-Since",
        "Authorization", "Origin",         "Range",
        "User-Agent",    "Referer",        "Access-Control-Request-Method",
};

#define N_UNIQUE (sizeof(unique_headers) / sizeof(unique_headers[0]))

struct framing {
	unsigned counts[N_UNIQUE];
	size_t bytes;
	bool body; /* Content-Length above 0 */
};

static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind,
                                    const char *key, size_t key_size,
                                    const char *value, size_t value_size)
{
	struct framing *f = cls;

	(void)kind;
	f->bytes += key_size + value_size + 4; /* ": " and CRLF */
	for (size_t i = 0; i < N_UNIQUE; i++) {
		if (strcasecmp(key, unique_headers[i]) == 0)
			f->counts[i]++;
	}
	if (strcasecmp(key, unique_headers[HDR_CONTENT_LENGTH]) == 0 &&
	    strspn(value, "0") != value_size)
		f->body = true;
	return MHD_YES;
}

/* 0 when the request is well framed; else the status of the error sent. */
static unsigned check_framing(struct ctx *c, const char *version)
{
	struct framing f = {0};
	char detail[128];

	if (c->req->target_len > URI_MAX)
		return send_problem(c, PROBLEM_URI_TOO_LONG,
		                    uri_status_message(URI_TOO_LONG), NULL);
	MHD_get_connection_values_n(c->conn, MHD_HEADER_KIND, count_header, &f);
	if (f.bytes > HEADERS_MAX)
		return send_problem(
		        c, PROBLEM_HEADERS_TOO_LARGE,
		        "the header fields are larger than 16384 bytes", NULL);
	for (size_t i = 0; i < N_UNIQUE; i++) {
		if (f.counts[i] > 1) {
			snprintf(detail, sizeof(detail),
			         "the %s header is given %u times",
			         unique_headers[i], f.counts[i]);
			return send_problem(c, PROBLEM_BAD_REQUEST, detail,
			                    NULL);
		}
	}
	if (f.counts[HDR_TRANSFER_ENCODING] > 0 || f.body)
		return send_problem(c, PROBLEM_BAD_REQUEST,
		                    "requests must not have a body", NULL);
	if (f.counts[HDR_HOST] == 0 &&
	    strcmp(version, MHD_HTTP_VERSION_1_1) == 0)
		return send_problem(c, PROBLEM_BAD_REQUEST,
		                    "HTTP/1.1 requests need a Host header",
		                    NULL);
	return 0;
}

/* --- libmicrohttpd callbacks --------------------------------------------- */

static enum method method_of(const char *m)
{
	if (strcmp(m, "GET") == 0)
		return METHOD_GET;
	if (strcmp(m, "HEAD") == 0)
		return METHOD_HEAD;
	if (strcmp(m, "OPTIONS") == 0)
		return METHOD_OPTIONS;
	return METHOD_OTHER;
}

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
	req->start_ns = now_ns();
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
	dur = now_ns() - req->start_ns;
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
	struct ctx c = {s, conn, req, &no_uri, false, false, NULL, false};

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
		req->text = http_prefers_text(MHD_lookup_connection_value(
		        conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT));
		c.head = req->method == METHOD_HEAD;
		c.text = req->text;
		/* a failure to queue the error closes the connection */
		return check_framing(&c, version) == 0 || req->answered
		               ? MHD_YES
		               : MHD_NO;
	}
	if (*upload_size != 0) { /* a body slipped through: drop it */
		*upload_size = 0;
		return MHD_YES;
	}
	if (req->answered) /* a framing error, answered in the first call */
		return MHD_YES;
	c.head = req->method == METHOD_HEAD;
	c.text = req->text;
	c.gzip = http_accepts_gzip(MHD_lookup_connection_value(
	        conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_ENCODING));
	c.if_none_match = MHD_lookup_connection_value(
	        conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
	dispatch(&c);
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
	if (!cache_init(s)) {
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
	        /* room for a URI_MAX target and HEADERS_MAX of fields, so the
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
	cache_release(s);
	free(s);
}
