/*
 * search.h: ranked search over names, aliases, messages and descriptions.
 *
 * Matching: the query is cut into words (runs of ASCII letters, digits and
 * '_'); every word must match (AND), ASCII case-insensitively, at the start
 * of a word of the code (so "refus" finds "refused"; words holding '_' are
 * also indexed by their parts, so "qos" finds WSA_QOS_SENDERS). A word that
 * matches nothing in the table matches words within a small edit distance
 * instead (1 for words of 4 to 6 letters, 2 from 7 on; none below 4).
 *
 * Keys in the query: when the whole query is a key (see key.h), or a word of
 * it names a code (a name or alias, a decimal number of 3 digits or more,
 * 0x-hex, or -N for a signed HRESULT), that code is a hit whatever the other
 * words do, and those words are left out of the AND. Bare hex inside a
 * longer query is not taken as a key: too many English words are hex.
 *
 * Order, deterministic: codes named by keys (those the other words match
 * too first, then by value); then codes with fewer fuzzy words; then by the
 * worst field the words were found in (names and aliases, then messages, then
 * descriptions); then by the sum over words of that field; then by value.
 *
 * Allocation: none. The result is written into the caller's struct and
 * scratch space is on the stack (about 3 KiB), so a search is safe from
 * any number of threads at once.
 */
#ifndef WSAERR_SEARCH_H
#define WSAERR_SEARCH_H

#include "table.h"

#include <stdbool.h>
#include <stddef.h>

#define WSAERR_QUERY_MAX_BYTES 256
#define WSAERR_QUERY_MAX_WORDS 32

enum wsaerr_search_status {
	WSAERR_SEARCH_OK = 0,
	WSAERR_SEARCH_EMPTY,          /* no word in the query */
	WSAERR_SEARCH_TOO_LONG,       /* over WSAERR_QUERY_MAX_BYTES */
	WSAERR_SEARCH_TOO_MANY_WORDS, /* over WSAERR_QUERY_MAX_WORDS */
	WSAERR_SEARCH_BAD_TEXT,       /* not UTF-8, or holds a NUL byte */
};

/* How a hit was found, best first. */
enum wsaerr_match {
	WSAERR_MATCH_KEY,         /* the query named the code */
	WSAERR_MATCH_NAME,        /* every word in a name or alias */
	WSAERR_MATCH_MESSAGE,     /* the worst word in the message */
	WSAERR_MATCH_DESCRIPTION, /* the worst word in the description */
};

struct wsaerr_hit {
	const struct wsaerr_code *code;
	enum wsaerr_match match;
	bool fuzzy; /* some word matched only by edit distance */
};

struct wsaerr_search_opts {
	size_t offset; /* hits to skip */
	size_t limit;  /* hits to return at most */
	int category;  /* enum wsaerr_category, or -1 for all */
};

struct wsaerr_search_result {
	size_t total; /* hits before paging */
	size_t count; /* hits in `hits` */
	struct wsaerr_hit hits[WSAERR_MAX_CODES];
};

/*
 * Searches t for q[0..len). On WSAERR_SEARCH_OK fills *out (count may be 0);
 * on a refusal *out is zeroed. opts may be NULL: offset 0, no limit, all
 * categories.
 */
WSAERR_MUST_CHECK enum wsaerr_search_status wsaerr_search(
        const struct wsaerr_table *t, const char *q, size_t len,
        const struct wsaerr_search_opts *opts,
        struct wsaerr_search_result *out);

/* Why a query was refused, as a sentence for people; never NULL. */
const char *wsaerr_search_status_message(enum wsaerr_search_status st);

/* "key", "name", "message" or "description". */
const char *wsaerr_match_name(enum wsaerr_match m);

#endif
