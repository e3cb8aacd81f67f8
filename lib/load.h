/*
 * load.h: builds a table, with its indexes, from the text of data/codes.txt.
 *
 * The format is described at the top of data/codes.txt. The loader is strict:
 * anything malformed (unknown or repeated field, missing required field, bad
 * value, duplicate value or name, related code that does not point back) is
 * refused with the number of the line it is on.
 */
#ifndef WSAERR_LOAD_H
#define WSAERR_LOAD_H

#include "table.h"

#include <stddef.h>

/* Which text a load error is in. */
enum wsaerr_load_part {
	WSAERR_LOAD_CODES,     /* data/codes.txt */
	WSAERR_LOAD_WIN32,     /* data/neighbours/win32.tsv */
	WSAERR_LOAD_NTSTATUS,  /* data/neighbours/ntstatus.tsv */
	WSAERR_LOAD_LOCALIZED, /* data/localized.tsv */
};

struct wsaerr_load_error {
	enum wsaerr_load_part part;
	unsigned line;     /* 1-based; 0 when not about one line */
	char message[160]; /* NUL-terminated, never empty on error */
};

/* The texts a table is built from. The neighbours' and the localized may
 * be NULL: a table without them. None need be NUL-terminated. */
struct wsaerr_load_texts {
	const char *codes;
	size_t codes_len;
	const char *win32; /* data/neighbours/win32.tsv, see neighbour.h */
	size_t win32_len;
	const char *ntstatus; /* data/neighbours/ntstatus.tsv */
	size_t ntstatus_len;
	const char *localized; /* data/localized.tsv; may be NULL */
	size_t localized_len;
};

/*
 * Parses text[0..len) (need not be NUL-terminated). Returns a new table that
 * the caller owns and releases with wsaerr_table_free(), or NULL with *err
 * filled in. Nothing of `text` is kept.
 */
WSAERR_MUST_CHECK struct wsaerr_table *wsaerr_table_load(
        const char *text, size_t len, struct wsaerr_load_error *err);

/* The same from the codes and their neighbours: every neighbour's Winsock
 * code must be in the table, and names and values must be unique. */
WSAERR_MUST_CHECK struct wsaerr_table *wsaerr_table_load_texts(
        const struct wsaerr_load_texts *in, struct wsaerr_load_error *err);

/* Releases a table from wsaerr_table_load(). NULL is allowed. */
void wsaerr_table_free(struct wsaerr_table *t);

#endif
