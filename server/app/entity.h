/*
 * entity.h: a resource's representations, each body with its ETag: JSON
 * (or YAML) and text, each plain and gzipped. The start-up responses
 * (reps.h) are made of them. No HTTP library here: respond.h attaches a
 * prepared response to each form.
 */
#ifndef WSAERR_ENTITY_H
#define WSAERR_ENTITY_H

#include "attr.h"
#include "http.h"

#include <stdbool.h>
#include <stddef.h>

#define GZIP_MIN 1024 /* bodies over this are gzipped when accepted */

struct MHD_Response;

/* One representation of a resource. */
struct rep {
	char *body; /* owned; NULL: no such representation */
	size_t len;
	char etag[HTTP_ETAG_SIZE];
	const char *content_type;
	bool gzipped;
	/* the reusable 200 and 304, made and destroyed by respond.h */
	struct MHD_Response *prepared;
	struct MHD_Response *not_modified;
};

/* A resource in JSON and text, each plain and gzipped: rep[text][gzip]. */
struct entity {
	struct rep rep[2][2];
	const char *cache_control;
};

/* A malloc'd copy of body[0..len) (a byte, when len is 0), or NULL when
 * out of memory. */
char *entity_body_copy(const char *body, size_t len);

/*
 * Fills e from its JSON body and its text body (NULL: none), both sent
 * with the Cache-Control value cache_control. Takes both, also on failure:
 * each becomes a representation's, released with the entity, or is freed
 * here. False when out of memory (json NULL included).
 */
WSAERR_MUST_CHECK bool entity_init(struct entity *e, char *json,
                                   size_t json_len, char *text, size_t text_len,
                                   const char *json_type,
                                   const char *cache_control);

/* Frees every body of e and zeroes it. */
void entity_release(struct entity *e);

/*
 * Calls fn on every representation of e that has a body, and stops at the
 * first that returns false. Returns false then, else true.
 */
bool entity_each(struct entity *e,
                 bool (*fn)(struct rep *r, const struct entity *e, void *cls),
                 void *cls);

/* The representation a client asked for: text when wanted and there is
 * one (else JSON), gzipped when accepted and worth it. Never NULL. */
const struct rep *entity_pick(const struct entity *e, bool text, bool gzip);

#endif
