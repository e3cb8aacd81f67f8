#include "reps.h"

#include "bodies.h"
#include "membuf.h"
#include "render.h"
#include "service.h"
#include "version.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The spec, embedded by tools/embed from openapi.yaml. */
extern const char wsaerr_openapi[];
extern const size_t wsaerr_openapi_len;

/* Runs a render function into a malloc'd string, or NULL. */
static char *render_text(void (*render)(FILE *, const struct wsaerr_code *),
                         const struct wsaerr_code *c, size_t *len)
{
	struct membuf m;

	if (!membuf_open(&m, MEMBUF_CAP))
		return NULL;
	render(m.f, c);
	return membuf_close(&m, len);
}

/* The index at /: every route with a description, from the route list. */
static char *index_body(size_t *len)
{
	json_t *list = json_array();

	for (int r = 0; list && r < ROUTE_NONE; r++) {
		const char *d = route_description((enum route)r);

		if (d && json_array_append_new(
		                 list, json_pack("{s:s, s:s}", "path",
		                                 route_label((enum route)r),
		                                 "description", d)) != 0) {
			json_decref(list);
			list = NULL;
		}
	}
	return wsaerr_dumps_new(
	        json_pack("{s:s, s:s, s:s, s:o}", "service", "wsaerr",
	                  "version", WSAERR_VERSION, "description",
	                  "Explains Windows Sockets error codes", "routes",
	                  list),
	        len);
}

static bool codes_init(struct reps *c)
{
	const struct wsaerr_table *t = c->table;
	struct listing all = {
	        .n = t->n_codes, .total = t->n_codes, .limit = LIMIT_DEFAULT};
	size_t jl = 0, tl = 0;
	char *j, *txt;

	for (size_t i = 0; i < t->n_codes; i++) {
		all.codes[i] = &t->codes[i];
		j = wsaerr_dumps_new(wsaerr_code_json(all.codes[i]), &jl);
		txt = render_text(wsaerr_code_text_full, all.codes[i], &tl);
		if (!txt) { /* every code has its text form */
			free(j);
			return false;
		}
		if (!entity_init(&c->codes[i], j, jl, txt, tl, CT_JSON,
		                 CC_CODES))
			return false;
	}
	j = listing_body(t, c->codes, &all, false, &jl);
	txt = listing_body(t, c->codes, &all, true, &tl);
	if (!txt) { /* the list has its text form too */
		free(j);
		return false;
	}
	return entity_init(&c->list, j, jl, txt, tl, CT_JSON, CC_CODES);
}

/* An entity of one embedded file, copied: the entity owns its bodies. */
static bool file_entity(struct entity *e, const char *body, size_t len,
                        const char *content_type)
{
	return entity_init(e, entity_body_copy(body, len), len, NULL, 0,
	                   content_type, CC_DOCS);
}

bool reps_init(struct reps *c, const struct wsaerr_table *t)
{
	size_t len = 0;
	char *index;

	memset(c, 0, sizeof(*c));
	c->table = t;
	if (!codes_init(c))
		goto fail;
	if (!file_entity(&c->openapi, wsaerr_openapi, wsaerr_openapi_len,
	                 CT_YAML))
		goto fail;
	index = index_body(&len);
	if (!entity_init(&c->index, index, len, NULL, 0, CT_JSON, CC_DOCS))
		goto fail;
	for (size_t i = 0; i < PAGE_N_ASSETS; i++) {
		struct asset a = page_asset(i);

		if (!file_entity(&c->assets[i], a.body, a.len, a.content_type))
			goto fail;
	}
	return true;
fail:
	reps_release(c);
	return false;
}

void reps_release(struct reps *c)
{
	for (size_t i = 0; i < WSAERR_MAX_CODES; i++)
		entity_release(&c->codes[i]);
	entity_release(&c->list);
	entity_release(&c->openapi);
	entity_release(&c->index);
	for (size_t i = 0; i < PAGE_N_ASSETS; i++)
		entity_release(&c->assets[i]);
}

const struct entity *reps_code(const struct reps *c,
                               const struct wsaerr_code *code)
{
	return &c->codes[code - c->table->codes];
}

bool reps_each(struct reps *c,
               bool (*fn)(struct rep *r, const struct entity *e, void *cls),
               void *cls)
{
	for (size_t i = 0; i < WSAERR_MAX_CODES; i++) {
		if (!entity_each(&c->codes[i], fn, cls))
			return false;
	}
	for (size_t i = 0; i < PAGE_N_ASSETS; i++) {
		if (!entity_each(&c->assets[i], fn, cls))
			return false;
	}
	return entity_each(&c->list, fn, cls) &&
	       entity_each(&c->openapi, fn, cls) &&
	       entity_each(&c->index, fn, cls);
}

const struct entity *reps_asset(const struct reps *c, const char *name,
                                size_t len)
{
	for (size_t i = 0; i < PAGE_N_ASSETS; i++) {
		const char *n = page_asset(i).name;

		if (strlen(n) == len && memcmp(n, name, len) == 0)
			return &c->assets[i];
	}
	return NULL;
}
