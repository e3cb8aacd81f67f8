#include "handlers.h"

#include "http.h"
#include "text.h"

#include <stdio.h>
#include <string.h>

/* The router's table, from the one list: the handler of each route. */
static handler_fn *const handlers[] = {
#define ROUTE_HANDLER(e, path, handler, allow, description) handler,
        ROUTES(ROUTE_HANDLER)
#undef ROUTE_HANDLER
};

/*
 * True when the path segments of u match template tpl, segment by segment:
 * a literal segment must be equal, and a "{name}" segment matches any one
 * segment, an empty one too ("/codes/" reaches the key parser, which says
 * what is wrong). Segments are decoded, so "%2F" inside one never splits
 * it.
 */
static bool path_matches(const char *tpl, const struct uri *u)
{
	size_t i = 0;

	while (*tpl == '/') {
		const char *seg = tpl + 1;
		size_t n = strcspn(seg, "/");

		if (i >= u->n_segments || i >= URI_MAX_SEGMENTS)
			return false;
		if (seg[0] != '{' && (u->segments[i].len != n ||
		                      memcmp(u->segments[i].text, seg, n) != 0))
			return false;
		i++;
		tpl = seg + n;
	}
	return i == u->n_segments;
}

static enum route match_route(const struct uri *u)
{
	for (int r = 0; r < ROUTE_NONE; r++) {
		if (path_matches(route_label((enum route)r), u))
			return (enum route)r;
	}
	return ROUTE_NONE;
}

bool param(struct exchange *x, const struct uri *u, struct reply *r,
           const char *name, const char **value, size_t *len)
{
	int count, i = uri_param(u, name, &count);
	char detail[96];

	*value = i >= 0 ? u->params[i].value : NULL;
	if (len)
		*len = i >= 0 ? u->params[i].value_len : 0;
	if (count > 1) {
		snprintf(detail, sizeof(detail), "%s is given %d times", name,
		         count);
		reply_bad_parameter(x, r, name, detail);
		return false;
	}
	return true;
}

bool number_param(struct exchange *x, const struct uri *u, struct reply *r,
                  const char *name, size_t def, size_t min, size_t max,
                  size_t *out)
{
	const char *v;
	size_t len;
	unsigned long n;
	char detail[128];

	if (!param(x, u, r, name, &v, &len))
		return false;
	*out = def;
	if (!v)
		return true;
	if (!wsaerr_parse_decimal(v, len, max, &n) || n < min) {
		snprintf(detail, sizeof(detail),
		         "%s must be a whole number from %zu to %zu", name, min,
		         max);
		reply_bad_parameter(x, r, name, detail);
		return false;
	}
	*out = n;
	return true;
}

bool negotiate(struct exchange *x, const struct uri *u, struct reply *r)
{
	const char *v;

	if (!param(x, u, r, "format", &v, NULL))
		return false;
	if (!v)
		return true;
	x->html = false; /* a format asked for by name is never the page */
	if (strcmp(v, "text") == 0) {
		x->text = true;
	} else if (strcmp(v, "json") == 0) {
		x->text = false;
	} else {
		reply_bad_parameter(x, r, "format",
		                    "format must be json or text");
		return false;
	}
	return true;
}

/*
 * The headers a CORS preflight allows: those the browser asks for, when
 * its list is well formed (every header of ours is safe to send), else the
 * ones the API reads. A dashboard's fetch() with a header of its own
 * (X-Request-Id, ...) is then not blocked.
 */
static const char *preflight_allow_headers(const char *requested)
{
	if (requested && http_token_list_valid(requested))
		return requested;
	return "Accept, Accept-Encoding, If-None-Match";
}

/* OPTIONS * asks what the server as a whole allows (RFC 9110 9.3.7). */
static unsigned reply_asterisk(struct exchange *x, struct reply *r)
{
	if (x->method != METHOD_OPTIONS)
		return reply_problem(r, PROBLEM_BAD_URI,
		                     "the target * is for OPTIONS only", NULL,
		                     x->text);
	r->status = 204;
	r->cache_control = CC_NONE;
	r->allow = route_allow(ROUTE_NONE);
	return r->status;
}

enum route routes_match(const char *target, size_t target_len)
{
	struct uri u;

	if (uri_parse(target, target_len, &u) != URI_OK || u.asterisk)
		return ROUTE_NONE;
	return match_route(&u);
}

unsigned routes_dispatch(struct exchange *x, struct reply *r)
{
	/* on the stack of a libmicrohttpd worker, which has the system's
	 * default (8 MiB), not on the heap for every request */
	struct uri u;
	enum uri_status ust = uri_parse(x->target, x->target_len, &u);

	x->route = ROUTE_NONE;
	if (ust != URI_OK)
		return reply_problem(r,
		                     ust == URI_TOO_LONG ? PROBLEM_URI_TOO_LONG
		                                         : PROBLEM_BAD_URI,
		                     uri_status_message(ust), NULL, x->text);
	if (u.asterisk) /* "*": the server as a whole, for OPTIONS only */
		return reply_asterisk(x, r);
	x->route = match_route(&u);
	if (!negotiate(x, &u, r))
		return r->status;
	if (x->route == ROUTE_NONE)
		return reply_error(x, r, PROBLEM_NOT_FOUND,
		                   "no such route; see / and /openapi.yaml",
		                   NULL, NULL, NULL);
	if (x->method == METHOD_OPTIONS) {
		r->status = 204;
		r->cache_control = CC_NONE;
		r->allow = route_allow(x->route);
		r->allow_headers = preflight_allow_headers(x->request_headers);
		return r->status;
	}
	if (!route_allows(x->route, x->method)) {
		char detail[96];

		snprintf(detail, sizeof(detail), "%s serves only %s",
		         route_label(x->route), route_allow(x->route));
		reply_problem(r, PROBLEM_METHOD_NOT_ALLOWED, detail, NULL,
		              x->text);
		r->allow = route_allow(x->route);
		return r->status;
	}
	return handlers[x->route](x, &u, r);
}
