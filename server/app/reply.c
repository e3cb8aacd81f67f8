#include "handlers.h"

#include "page.h"
#include "render.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

void reply_release(struct reply *r)
{
	free(r->body);
	free(r->link);
	qcache_release(r->hit);
	*r = (struct reply){0};
}

unsigned reply_out_of_memory(struct reply *r)
{
	reply_release(r);
	r->status = 500;
	r->cache_control = CC_NONE;
	r->close = true;
	return r->status;
}

unsigned reply_problem(struct reply *r, enum problem p, const char *detail,
                       json_t *extra, bool text)
{
	reply_release(r);
	r->body = problem_body(p, detail, extra, text, &r->len);
	if (!r->body)
		return reply_out_of_memory(r);
	r->status = problem_status(p);
	r->content_type = text ? CT_TEXT : CT_PROBLEM;
	r->cache_control = CC_NONE;
	r->close = problem_closes(p);
	return r->status;
}

unsigned reply_entity(struct reply *r, const struct entity *e, bool text)
{
	r->status = 200;
	r->entity = e;
	r->text = text;
	r->cache_control = e->cache_control;
	return r->status;
}

unsigned reply_body(struct reply *r, char *body, size_t len,
                    const char *content_type, const char *cache_control)
{
	if (!body)
		return reply_out_of_memory(r);
	r->status = 200;
	r->body = body;
	r->len = len;
	r->content_type = content_type;
	r->cache_control = cache_control;
	return r->status;
}

unsigned reply_hit(struct reply *r, struct qcache_entry *hit, unsigned status,
                   const char *content_type, const char *cache_control)
{
	r->status = status;
	r->hit = hit;
	r->content_type = content_type;
	r->cache_control = cache_control;
	if (r->link) { /* stored from a link of REPLY_LINK_SIZE: it fits */
		const char *link = qcache_entry_link(hit);
		size_t n = strnlen(link, REPLY_LINK_SIZE - 1);

		memcpy(r->link, link, n);
		r->link[n] = '\0';
	}
	return r->status;
}

unsigned reply_page(struct reply *r, unsigned status, char *body, size_t len,
                    const char *cache_control)
{
	if (reply_body(r, body, len, CT_HTML, cache_control) == 200) {
		r->status = status;
		r->page = true;
	}
	return r->status;
}

unsigned reply_error(struct exchange *x, struct reply *r, enum problem p,
                     const char *detail, json_t *extra, const char *heading,
                     const char *q)
{
	size_t len = 0;
	char *body;

	if (!x->html)
		return reply_problem(r, p, detail, extra, x->text);
	body = page_message(q, heading ? heading : problem_title(p), detail,
	                    json_object_get(extra, "suggestions"), &len);
	json_decref(extra);
	reply_page(r, problem_status(p), body, len, CC_NONE);
	r->close = problem_closes(p);
	return r->status;
}

unsigned reply_bad_parameter(struct exchange *x, struct reply *r,
                             const char *name, const char *detail)
{
	return reply_error(x, r, PROBLEM_BAD_PARAMETER, detail,
	                   json_pack("{s:s}", "parameter", name), NULL, NULL);
}

unsigned reply_status(struct reply *r, const char *status)
{
	size_t len = 0;
	char *body =
	        wsaerr_dumps_new(json_pack("{s:s}", "status", status), &len);

	return reply_body(r, body, len, CT_JSON, CC_NONE);
}
