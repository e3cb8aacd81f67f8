#include "handlers.h"

#include "membuf.h"
#include "metrics.h"
#include "page.h"

#include <stdio.h>
#include <stdlib.h>

unsigned route_livez(struct exchange *x, const struct uri *u, struct reply *r)
{
	(void)x;
	(void)u;
	return reply_status(r, "ok");
}

unsigned route_readyz(struct exchange *x, const struct uri *u, struct reply *r)
{
	(void)u;
	if (x->draining)
		return reply_problem(r, PROBLEM_NOT_READY,
		                     "the server is shutting down", NULL,
		                     x->text);
	return reply_status(r, "ready");
}

unsigned route_metrics(struct exchange *x, const struct uri *u, struct reply *r)
{
	struct membuf m;
	char *body;
	size_t len = 0;

	(void)u;
	if (!membuf_open(&m, MEMBUF_CAP))
		return reply_out_of_memory(r);
	metrics_write(x->metrics, m.f);
	body = membuf_close(&m, &len);
	return reply_body(r, body, len, CT_METRICS, CC_NONE);
}

unsigned route_openapi(struct exchange *x, const struct uri *u, struct reply *r)
{
	(void)u;
	return reply_entity(r, &x->reps->openapi, false); /* YAML only */
}

unsigned route_asset(struct exchange *x, const struct uri *u, struct reply *r)
{
	/* the route is /assets/{name} */
	const struct entity *e =
	        reps_asset(x->reps, u->segments[1].text, u->segments[1].len);

	if (!e)
		return reply_error(x, r, PROBLEM_NOT_FOUND,
		                   "no such file of the web page", NULL, NULL,
		                   NULL);
	return reply_entity(r, e, false);
}

/* The index of the API in JSON; for a browser the web page, with the
 * results of ?q= when given (the page's form submits there). */
unsigned route_index(struct exchange *x, const struct uri *u, struct reply *r)
{
	const char *q;
	size_t len = 0;
	char *body;

	if (!x->html)
		return reply_entity(r, &x->reps->index, false);
	if (!param(x, u, r, "q", &q, NULL))
		return r->status;
	if (q && q[0])
		return route_codes(x, u, r);
	body = page_home(&len);
	return reply_page(r, 200, body, len, CC_DOCS);
}
