#include "cache.h"

#include "page.h"
#include "render.h"
#include "routes.h"
#include "server.h" /* WSAERR_VERSION */

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The spec, embedded by tools/embed from openapi.yaml. */
extern const char wsaerr_openapi[];
extern const size_t wsaerr_openapi_len;

static void rep_release(struct rep *r)
{
	free(r->body);
	memset(r, 0, sizeof(*r));
}

/* Makes r own body (never NULL) and computes its ETag. */
static void rep_init(struct rep *r, char *body, size_t len,
                     const char *content_type, bool gzipped)
{
	r->body = body;
	r->len = len;
	r->content_type = content_type;
	r->gzipped = gzipped;
	http_etag(body, len, r->etag);
}

/*
 * Fills e from its JSON body and its text body (NULL: none). Takes both,
 * also on failure: each becomes a representation's, released with the
 * entity, or is freed here. False when out of memory (json NULL included).
 */
static bool entity_init(struct entity *e, char *json, size_t json_len,
                        char *text, size_t text_len, const char *json_type,
                        const char *cache_control)
{
	char *bodies[2] = {json, text};
	size_t lens[2] = {json_len, text_len};
	const char *types[2] = {json_type, CT_TEXT};

	e->cache_control = cache_control;
	if (!json) {
		free(text);
		return false;
	}
	for (int t = 0; t < 2; t++) {
		unsigned char *gz;
		size_t gz_len;

		if (!bodies[t])
			continue;
		rep_init(&e->rep[t][0], bodies[t], lens[t], types[t], false);
		if (lens[t] <= GZIP_MIN)
			continue;
		gz = http_gzip(bodies[t], lens[t], &gz_len);
		if (!gz) {
			if (t == 0) /* the text body is not anyone's yet */
				free(text);
			return false;
		}
		rep_init(&e->rep[t][1], (char *)gz, gz_len, types[t], true);
	}
	return true;
}

static void entity_release(struct entity *e)
{
	for (int t = 0; t < 2; t++)
		for (int g = 0; g < 2; g++)
			rep_release(&e->rep[t][g]);
}

const struct rep *entity_pick(const struct entity *e, bool text, bool gzip)
{
	const struct rep *plain = &e->rep[text][0];
	const struct rep *gz = &e->rep[text][1];

	if (!plain->body) { /* no text form: JSON it is */
		plain = &e->rep[0][0];
		gz = &e->rep[0][1];
	}
	return gzip && gz->body ? gz : plain;
}

/* Runs a render function into a malloc'd string, or NULL. */
static char *render_text(void (*render)(FILE *, const struct wsaerr_code *),
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

/* Writes the code's JSON r without its closing brace, and the neighbour
 * it was named through when there is one; false when out of memory. */
static bool put_code_via(FILE *f, const struct cache *c, const struct rep *r,
                         const struct wsaerr_neighbour *n)
{
	fwrite(r->body, 1, r->len - 1, f);
	if (n) { /* rare: rendered here */
		size_t len = 0;
		char *via = wsaerr_dumps_new(wsaerr_neighbour_json(c->table, n),
		                             &len);

		if (!via)
			return false;
		fputs(",\"via\":", f);
		fwrite(via, 1, len, f);
		free(via);
	}
	return true;
}

/* Writes one search hit: the code's JSON with its score, confidence and
 * fields, and the neighbour it was found through; false when out of
 * memory. */
static bool put_hit(FILE *f, const struct cache *c, const struct rep *r,
                    const struct wsaerr_hit *h)
{
	const char *names[8];
	size_t n = wsaerr_matched_names(h->fields, names, 8);

	if (!put_code_via(f, c, r, h->via))
		return false;
	fprintf(f, ",\"score\":%.2f,\"confidence\":%.3f,\"matched\":[",
	        h->score, h->confidence);
	for (size_t i = 0; i < n; i++) { /* names of fields: no escaping */
		fputs(i ? ",\"" : "\"", f);
		fputs(names[i], f);
		fputc('"', f);
	}
	fputs("]}", f);
	return true;
}

char *cache_page_body(const struct cache *c, const struct page *p, bool text,
                      size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	if (!f)
		return NULL;
	if (text) {
		if (p->truncated)
			fprintf(f,
			        "# the query was cut to its first %zu bytes\n",
			        p->query_len);
		for (size_t i = 0; i < p->n; i++) {
			const struct wsaerr_neighbour *via =
			        p->hits ? p->hits[i].via : NULL;

			wsaerr_code_text_line(f, p->codes[i]);
			if (via)
				wsaerr_neighbour_text_line(f, via);
		}
		if (p->n == 0)
			fputs(p->total ? "no codes on this page\n"
			               : "no codes match\n",
			      f);
	} else {
		fputs("{\"query\":", f);
		if (!p->query)
			fputs("null", f);
		else if (!wsaerr_json_string(f, p->query, p->query_len)) {
			/* never "null" for a query that was given */
			fclose(f);
			free(buf);
			return NULL;
		}
		fprintf(f,
		        ",\"truncated\":%s,\"total\":%zu,"
		        "\"limit\":%zu,\"offset\":%zu,\"items\":[",
		        p->truncated ? "true" : "false", p->total, p->limit,
		        p->offset);
		for (size_t i = 0; i < p->n; i++) {
			const struct rep *r =
			        &cache_code(c, p->codes[i])->rep[0][0];

			if (i > 0)
				fputc(',', f);
			if (p->hits && !put_hit(f, c, r, &p->hits[i])) {
				fclose(f);
				free(buf);
				return NULL;
			} else if (!p->hits)
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

static bool codes_init(struct cache *c)
{
	const struct wsaerr_table *t = c->table;
	struct page all = {
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
		                 CACHE_CODES))
			return false;
	}
	j = cache_page_body(c, &all, false, &jl);
	txt = cache_page_body(c, &all, true, &tl);
	if (!txt) { /* the list has its text form too */
		free(j);
		return false;
	}
	return entity_init(&c->list, j, jl, txt, tl, CT_JSON, CACHE_CODES);
}

char *cache_batch_body(const struct cache *c, const struct batch *b, bool text,
                       size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	bool ok = f != NULL;

	if (!f)
		return NULL;
	if (!text)
		fprintf(f, "{\"total\":%zu,\"items\":[", b->n);
	for (size_t i = 0; ok && i < b->n; i++) {
		const struct rep *r = &cache_code(c, b->codes[i])->rep[0][0];

		if (text) {
			wsaerr_code_text_line(f, b->codes[i]);
			if (b->vias[i])
				wsaerr_neighbour_text_line(f, b->vias[i]);
			continue;
		}
		if (i > 0)
			fputc(',', f);
		ok = put_code_via(f, c, r, b->vias[i]);
		fputc('}', f);
	}
	if (!text)
		fputs("],\"missing\":[", f);
	for (size_t i = 0; ok && i < b->n_missing; i++) {
		const struct batch_missing *m = &b->missing[i];
		size_t n;
		/* the key and detail escaped as JSON strings by jansson */
		char *j = text ? NULL
		               : wsaerr_dumps_new(
		                         json_pack("{s:s%, s:i, s:s}", "key",
		                                   m->key, m->len, "status",
		                                   (int)m->status, "detail",
		                                   m->detail),
		                         &n);

		if (text) {
			fwrite(m->key, 1, m->len, f);
			fprintf(f, ": %s (%u)\n", m->detail, m->status);
		} else if (j) {
			fprintf(f, "%s%s", i ? "," : "", j);
			free(j);
		} else {
			ok = false;
		}
	}
	if (!text)
		fputs("]}", f);
	if (fclose(f) != 0 || !ok) {
		free(buf);
		return NULL;
	}
	return buf;
}

char *cache_body_copy(const char *body, size_t len)
{
	char *copy = malloc(len ? len : 1);

	if (copy)
		memcpy(copy, body, len);
	return copy;
}

/* An entity of one embedded file, copied: the entity owns its bodies. */
static bool file_entity(struct entity *e, const char *body, size_t len,
                        const char *content_type)
{
	return entity_init(e, cache_body_copy(body, len), len, NULL, 0,
	                   content_type, CACHE_DOCS);
}

bool cache_init(struct cache *c, const struct wsaerr_table *t)
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
	if (!entity_init(&c->index, index, len, NULL, 0, CT_JSON, CACHE_DOCS))
		goto fail;
	for (size_t i = 0; i < PAGE_N_ASSETS; i++) {
		struct asset a = page_asset(i);

		if (!file_entity(&c->assets[i], a.body, a.len, a.content_type))
			goto fail;
	}
	return true;
fail:
	cache_release(c);
	return false;
}

void cache_release(struct cache *c)
{
	for (size_t i = 0; i < WSAERR_MAX_CODES; i++)
		entity_release(&c->codes[i]);
	entity_release(&c->list);
	entity_release(&c->openapi);
	entity_release(&c->index);
	for (size_t i = 0; i < PAGE_N_ASSETS; i++)
		entity_release(&c->assets[i]);
}

const struct entity *cache_code(const struct cache *c,
                                const struct wsaerr_code *code)
{
	return &c->codes[code - c->table->codes];
}

static bool entity_each(struct entity *e,
                        bool (*fn)(struct rep *, const struct entity *, void *),
                        void *cls)
{
	for (int t = 0; t < 2; t++) {
		for (int g = 0; g < 2; g++) {
			if (e->rep[t][g].body && !fn(&e->rep[t][g], e, cls))
				return false;
		}
	}
	return true;
}

bool cache_each(struct cache *c,
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

const struct entity *cache_asset(const struct cache *c, const char *name,
                                 size_t len)
{
	for (size_t i = 0; i < PAGE_N_ASSETS; i++) {
		const char *n = page_asset(i).name;

		if (strlen(n) == len && memcmp(n, name, len) == 0)
			return &c->assets[i];
	}
	return NULL;
}
