/*
 * service.h: the facts of the service that every layer of server/ shares,
 * and nothing else: the routes, the methods, the content types, the
 * Cache-Control values and the limits of a request. It includes no module
 * of ours, so any module may include it without reaching another (as lwan's
 * lwan-http-status.h is one table that the rest expands).
 */
#ifndef WSAERR_SERVICE_H
#define WSAERR_SERVICE_H

#include <stdbool.h>

/*
 * X(enum suffix, path template, handler, Allow, description for the index).
 * A "{name}" segment matches one whole segment of the path. The template is
 * also the route's metrics label. A NULL description keeps a route out of
 * the index at /.
 */
#define ROUTES(X)                                                              \
	X(CODE, "/codes/{key}", route_code, "GET, HEAD, OPTIONS",              \
	  "one code by number, hex, HRESULT or name")                          \
	X(CODES, "/codes", route_codes, "GET, HEAD, OPTIONS",                  \
	  "list and search: q, category, limit, offset")                       \
	X(LIVEZ, "/livez", route_livez, "GET, HEAD, OPTIONS", "alive")         \
	X(HEALTHZ, "/healthz", route_livez, "GET, HEAD, OPTIONS", "alive")     \
	X(READYZ, "/readyz", route_readyz, "GET, HEAD, OPTIONS",               \
	  "ready; 503 while shutting down")                                    \
	X(METRICS, "/metrics", route_metrics, "GET, HEAD, OPTIONS",            \
	  "Prometheus metrics")                                                \
	X(OPENAPI, "/openapi.yaml", route_openapi, "GET, HEAD, OPTIONS",       \
	  "the API contract")                                                  \
	X(ASSET, "/assets/{name}", route_asset, "GET, HEAD, OPTIONS",          \
	  "the web page's script, style sheet and icon")                       \
	X(SCAN, "/scan", route_scan, "POST, OPTIONS",                          \
	  "POST a whole log: every Winsock error in it, and a summary")        \
	X(INDEX, "/", route_index, "GET, HEAD, OPTIONS", NULL)

enum route {
#define ROUTE_ENUM(e, path, handler, allow, description) ROUTE_##e,
	ROUTES(ROUTE_ENUM)
#undef ROUTE_ENUM
	        ROUTE_NONE, /* no route matched, or the target is unusable */
	ROUTE_COUNT
};

/* The methods the metrics tell apart. */
#define METHODS(X) X(GET) X(HEAD) X(OPTIONS) X(POST) X(OTHER)

enum method {
#define METHOD_ENUM(m) METHOD_##m,
	METHODS(METHOD_ENUM)
#undef METHOD_ENUM
	        METHOD_COUNT
};

/* The method named m (exact, case-sensitive, as HTTP methods are). */
enum method method_of(const char *m);

/* The metrics label of a route (its path template; "unmatched" for
 * ROUTE_NONE) or of a method. Never NULL. */
const char *route_label(enum route r);
const char *method_label(enum method m);

/* The Allow value of a route; ROUTE_NONE's is that of every route. */
const char *route_allow(enum route r);

/* The description of a route for the index at /, or NULL. */
const char *route_description(enum route r);

/* True when route r serves method m (its Allow value names it). */
bool route_allows(enum route r, enum method m);

#define LIMIT_DEFAULT   100
#define LIMIT_MAX       1000
#define OFFSET_MAX      100000
#define SUGGESTIONS_MAX 5

/* POST /scan: findings listed (?limit=), and the bytes of a line shown */
#define SCAN_LIMIT_DEFAULT 1000
#define SCAN_LIMIT_MAX     10000
#define SCAN_LINE_SHOWN    512
/* A body must come at this rate, on average, once the head deadline's
 * seconds have passed since its head: a slow sender holds a scan's slot no
 * longer than the log takes at that rate (see conns.h). */
#define SCAN_MIN_RATE (64u * 1024u) /* bytes a second */

#define CT_JSON    "application/json; charset=utf-8"
#define CT_PROBLEM "application/problem+json; charset=utf-8"
#define CT_TEXT    "text/plain; charset=utf-8"
#define CT_METRICS "text/plain; version=0.0.4; charset=utf-8"
#define CT_YAML    "application/yaml; charset=utf-8"
#define CT_HTML    "text/html; charset=utf-8"

#define CC_CODES "public, max-age=86400"
#define CC_DOCS  "public, max-age=3600"
#define CC_NONE  "no-store"

#endif
