#include "entity.h"

#include "service.h"

#include <stdlib.h>
#include <string.h>

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

bool entity_init(struct entity *e, char *json, size_t json_len, char *text,
                 size_t text_len, const char *json_type,
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

void entity_release(struct entity *e)
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

bool entity_each(struct entity *e,
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

char *entity_body_copy(const char *body, size_t len)
{
	char *copy = malloc(len ? len : 1);

	if (copy)
		memcpy(copy, body, len);
	return copy;
}
