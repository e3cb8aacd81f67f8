/*
 * handlers.h: what the router and the handlers share, inside app/ only.
 *
 * A route is a row of ROUTES (service.h) and a handler: route_NAME(x, u,
 * r) fills r and returns r->status. The /codes handlers are in codes.c,
 * the operational ones (health, metrics, the spec, the web page's files,
 * the index) in ops.c; router.c matches, checks and dispatches, and
 * reply.c builds the replies they all return. Adding a route is a row in
 * ROUTES and a function in a handler file.
 */
#ifndef WSAERR_HANDLERS_H
#define WSAERR_HANDLERS_H

#include "problem.h"
#include "qcache.h"
#include "routes.h"
#include "uri.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* Every handler fills r and returns r->status. */
typedef unsigned handler_fn(struct exchange *x, const struct uri *u,
                            struct reply *r);

#define ROUTE_DECLARE(e, path, handler, allow, description) handler_fn handler;
ROUTES(ROUTE_DECLARE)
#undef ROUTE_DECLARE

/* --- replies (reply.c): each fills r and returns r->status ------------ */

/* A 500 with no body: all that can be said when out of memory. */
unsigned reply_out_of_memory(struct reply *r);

/* A start-up entity, in the form negotiated. */
unsigned reply_entity(struct reply *r, const struct entity *e, bool text);

/* A body built for this request; takes body (NULL: out of memory). */
unsigned reply_body(struct reply *r, char *body, size_t len,
                    const char *content_type, const char *cache_control);

/*
 * An answer from the answer cache, held until the reply is released: its
 * Link into r->link when the route pages.
 */
unsigned reply_hit(struct reply *r, struct qcache_entry *hit, unsigned status,
                   const char *content_type, const char *cache_control);

/* A web page built for this request; takes body (NULL: out of memory). */
unsigned reply_page(struct reply *r, unsigned status, char *body, size_t len,
                    const char *cache_control);

/*
 * The one way a route reports an error: a problem (JSON or text), or for a
 * browser the web page saying the same, with the same status. `heading`
 * (or NULL: the problem's title) heads the page; q goes back in its search
 * box. `extra` is stolen; its "suggestions" become links on the page.
 */
unsigned reply_error(struct exchange *x, struct reply *r, enum problem p,
                     const char *detail, json_t *extra, const char *heading,
                     const char *q);

/* A problem about one query parameter: adds {"parameter": name}. */
unsigned reply_bad_parameter(struct exchange *x, struct reply *r,
                             const char *name, const char *detail);

/* {"status": status}, never cached: the health routes' answer. */
unsigned reply_status(struct reply *r, const char *status);

/* --- query parameters (router.c): false after a 400 in r --------------- */

/* The value of parameter `name` in *value (NULL when absent), its length
 * in *len when len is not NULL; it may be given once. */
bool param(struct exchange *x, const struct uri *u, struct reply *r,
           const char *name, const char **value, size_t *len);

/* A whole decimal number min..max, def when absent. */
bool number_param(struct exchange *x, const struct uri *u, struct reply *r,
                  const char *name, size_t def, size_t min, size_t max,
                  size_t *out);

/* Content negotiation: ?format= wins over Accept. */
bool negotiate(struct exchange *x, const struct uri *u, struct reply *r);

#endif
