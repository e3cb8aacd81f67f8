/*
 * membuf.h: the one growing buffer of the server, with a cap, in the
 * spirit of curl's dynbuf. It is written as a stream (open_memstream), so
 * the renderers, which write to a FILE *, write into it.
 *
 * The cap: a stream cannot refuse one write, so the size is checked where
 * the writer asks (membuf_over(), after each item of a list) and when the
 * buffer is closed. A buffer over its cap, or one a write failed on (out
 * of memory), is freed, and membuf_close() says so with NULL. No body the
 * server builds comes near its cap; the cap is what bounds a mistake.
 */
#ifndef WSAERR_MEMBUF_H
#define WSAERR_MEMBUF_H

#include "attr.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define MEMBUF_CAP (8u << 20) /* a response body: 8 MiB */

struct membuf {
	FILE *f; /* write here */
	char *buf;
	size_t len;
	size_t cap;
};

/* Opens m for writing, up to cap bytes. False when out of memory. */
WSAERR_MUST_CHECK bool membuf_open(struct membuf *m, size_t cap);

/* True when m is past its cap or a write to it failed: stop writing. */
bool membuf_over(struct membuf *m);

/* Closes m and returns what was written (malloc'd, the caller frees; its
 * length in *len), or NULL, with nothing to free, when a write failed or m
 * went past its cap. */
WSAERR_MUST_CHECK char *membuf_close(struct membuf *m, size_t *len);

/* Closes m and frees what was written. */
void membuf_discard(struct membuf *m);

#endif
