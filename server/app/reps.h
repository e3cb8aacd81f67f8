/*
 * reps.h: every response body the server can know in advance, rendered
 * once at start-up: each code, the default list, the spec, the index and
 * the web page's files, in JSON and text, plain and gzipped, each with
 * its strong ETag (entity.h).
 *
 * Invariants after reps_init(): every entity has a plain JSON (or YAML)
 * form, rep[0][0]; a form is gzipped too when it is over GZIP_MIN bytes.
 * The representations are read-only from then on, so any number of
 * threads may read them.
 */
#ifndef WSAERR_REPS_H
#define WSAERR_REPS_H

#include "attr.h"
#include "entity.h"
#include "page.h"
#include "table.h"

#include <stdbool.h>

struct reps {
	const struct wsaerr_table *table;
	struct entity codes[WSAERR_MAX_CODES]; /* by index in table->codes */
	struct entity list;                    /* GET /codes, the defaults */
	struct entity openapi;
	struct entity index;
	struct entity assets[PAGE_N_ASSETS]; /* the web page's files */
};

/*
 * Renders everything for table t into c (caller memory, any contents).
 * Returns false when out of memory; c is then released already.
 */
WSAERR_MUST_CHECK bool reps_init(struct reps *c, const struct wsaerr_table *t);

/* Frees every body. The prepared responses must be gone already. */
void reps_release(struct reps *c);

/* The entity of code `code`, which must be in c's table. */
const struct entity *reps_code(const struct reps *c,
                               const struct wsaerr_code *code);

/* The entity of the web page's file name[0..len), or NULL. */
const struct entity *reps_asset(const struct reps *c, const char *name,
                                size_t len);

/*
 * Calls fn on every representation that has a body, in a fixed order, and
 * stops at the first that returns false. Returns false then, else true.
 */
bool reps_each(struct reps *c,
               bool (*fn)(struct rep *r, const struct entity *e, void *cls),
               void *cls);

#endif
