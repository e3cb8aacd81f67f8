/*
 * search.h: ranked search over what people paste: a few words, or a whole
 * log line or the first lines of a stack trace.
 *
 * Words. The query and the table's texts go through one normalization,
 * fold.h's search form: utf8proc's NFKC and case folding, marks stripped,
 * CJK cut into bigrams, U+FFFD a lost character, UTF-8 read as
 * Windows-1252 read back. Then a word is a run of letters and digits of
 * any script, and '_'. Up to WSAERR_QUERY_MAX_BYTES bytes and
 * WSAERR_QUERY_MAX_WORDS words are searched; a longer query is not
 * refused: its start is searched and the result says it was cut.
 *
 * Codes the query names rank first, whatever the other words do:
 *   - a name or alias (WSAECONNREFUSED, ECONNREFUSED, EAGAIN), an HRESULT
 *     (0x8007274D, -2147014835), or the whole query as a key;
 *   - a number or short 0x-hex value only where it reads as a code: after
 *     "error", "WinError", "errno", "code", "err", "SocketException",
 *     "HRESULT", "WSAGetLastError", "Winsock" and their like, or right
 *     after '#'; and a Winsock number (10004 to 11033) or hex value in a
 *     short query (see below) unless it reads as a port, an id, a path's
 *     part, a size, a duration or a count ("host:10061", "sshd[10035]",
 *     "pid=10035", "/users/10035", "10054 ms", "after 10054"). "[Errno 8]"
 *     is a POSIX errno, not Win32's 8: after "errno", only numbers from
 *     200 name a code;
 *   - a .NET SocketError name after "SocketError." or "SocketErrorCode".
 *     A bare "Shutdown" or "Fault" is only a word.
 *
 * Every other word adds to the score of the codes whose text holds it:
 *   - by how rare it is: its inverse document frequency over the codes,
 *     as in BM25, ln(1 + (N - df + 0.5) / (df + 0.5));
 *   - by the field it is in, best field counting: names and aliases 3,
 *     the system message, the message and the .NET name 2, the
 *     description 1;
 *   - whole words only, in a pasted line; in a typed query (at most
 *     WSAERR_TYPED_WORDS words of text, two more in all, at most one
 *     number, WSAERR_TYPED_BYTES bytes, and none of a log's marks: ':',
 *     '=', brackets, a leading '-' or '#') also as a prefix ("refus",
 *     0.75) and, for a word that matches nothing, within a small edit
 *     distance ("conection", 0.5: 1 edit for 4 to 6 letters, 2 from 7);
 *   - once, however often it is repeated; numbers are never words.
 * Words no code has (class names, hosts, paths, timestamps) add nothing.
 *
 * Phrases. The longest run of consecutive query words found in order in a
 * code's message or system message adds half its words' weight again, and
 * a whole message or system message inside the query adds its full weight
 * once more: "No connection could be made because the target machine
 * actively refused it" is 10061, whatever else the line says. A repeated
 * query word counts once but may extend a run. A run over part of a short
 * field (up to 8 words) counts only when it keeps the field's "no", "not"
 * or "cannot", and names what failed ("connection", "host", ...) or the
 * query has a socket word; over part of a longer field, only with three
 * strong words. A field the table marks generic (a text other errors print
 * too: "Permission denied.") counts only beside a socket word ("socket",
 * "connect", "bind", "send", "recv", "tcp", "Winsock", "getaddrinfo", ...).
 *
 * Other languages. A code's system message as Windows in another language
 * prints it (data/localized.tsv) counts as its system message does, but
 * as a neighbour's message: only a run of three strong words or the whole
 * text, for no list of each language's "not" is kept. A run of CJK
 * bigrams is one letter longer than its words (its first bigram is not a
 * strong word), so four letters of grammar ("しました") are no phrase. A
 * word typed without the marks the text has ("conexao") counts 0.9 of it;
 * a word with lost characters matches the words whose other letters are
 * the same, at 0.75, when it kept three or more and lost no more than it
 * kept. The hit says which text it was found through (wsaerr_hit.loc).
 *
 * Evidence. A code the query names, or whose words explain it, is a
 * candidate: a run that counts, or, in a typed query, every text word
 * found in the code's own name, message, system message, .NET name or
 * POSIX text (whole, or as a prefix or typo of its names, message or POSIX
 * text), socket words aside ("socket refused"). A neighbour's message or
 * the description explains nothing alone. Its evidence is how: named, a
 * phrase, a typed query's words, the same with a typo (enum
 * wsaerr_evidence); and whether it comes first or after another.
 *
 * Confidence, and one threshold. Each candidate's confidence is the share
 * of candidates with the same evidence and place, and a score as high,
 * that were the code meant, on the labeled sets of tests/search/
 * (isotonic in the score, smoothed as (right + 1) / (seen + 2)):
 * calibration.h, made from them by "eval-search --calibrate". Search
 * answers nothing when its first candidate's confidence is below
 * WSAERR_SEARCH_MIN_CONFIDENCE; else it answers it, and the other
 * candidates down to a fifth of the first one's score, each with its own
 * confidence. "error", "failed", "hello world", "User unknown timed out",
 * "Command has been aborted", "shutdown complete" find nothing.
 *
 * Order, deterministic: named codes, then by score, then by value. A
 * named code's score is its text score plus WSAERR_SEARCH_KEY_SCORE.
 *
 * Allocation: none. The result is written into the caller's struct and
 * scratch space is on the stack (about 12 KiB), so a search is safe from
 * any number of threads at once.
 */
#ifndef WSAERR_SEARCH_H
#define WSAERR_SEARCH_H

#include "table.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WSAERR_QUERY_MAX_BYTES 1024 /* searched; the rest is cut */
#define WSAERR_QUERY_MAX_WORDS 256  /* searched; the rest is cut */
#define WSAERR_TYPED_WORDS     4    /* up to this: prefixes, typos */
#define WSAERR_TYPED_BYTES     64   /* and a typed query is this short */
/* the one threshold: search answers nothing below it (see above) */
#define WSAERR_SEARCH_MIN_CONFIDENCE 0.5
#define WSAERR_SEARCH_KEY_SCORE      100.0

/*
 * X(suffix, message): each status of a search, and what it says to
 * people. OK; EMPTY: no word in the query; BAD_TEXT: not UTF-8, or holds a
 * NUL byte.
 */
#define WSAERR_SEARCH_STATUSES(X)                                              \
	X(OK, "ok")                                                            \
	X(EMPTY, "the query has no words to search for")                       \
	X(BAD_TEXT, "the query is not valid UTF-8 text")

#define WSAERR_SEARCH_STATUSES_ENUM(suffix, message) WSAERR_SEARCH_##suffix,
enum wsaerr_search_status {
	WSAERR_SEARCH_STATUSES(WSAERR_SEARCH_STATUSES_ENUM)
};
#undef WSAERR_SEARCH_STATUSES_ENUM

/* How a candidate's words explain it: the rows of the calibration. */
#define WSAERR_EVIDENCE(X)                                                     \
	X(WSAERR_EVIDENCE_NAMED, "named")   /* the query names it */           \
	X(WSAERR_EVIDENCE_PHRASE, "phrase") /* a run of its text */            \
	X(WSAERR_EVIDENCE_TYPED, "typed")   /* all a typed query's words */    \
	X(WSAERR_EVIDENCE_TYPO, "typo")     /* the same, one of them a typo */ \
	X(WSAERR_EVIDENCE_NONE, "none")     /* words it has, explaining none */

#define WSAERR_EVIDENCE_ENUM(id, slug) id,
enum wsaerr_evidence {
	WSAERR_EVIDENCE(WSAERR_EVIDENCE_ENUM) WSAERR_N_EVIDENCE
};
#undef WSAERR_EVIDENCE_ENUM

/* "named", "phrase", ...: the slug of an evidence, for the calibration. */
const char *wsaerr_evidence_slug(enum wsaerr_evidence e);

/* How a hit was found: a set of these. */
enum wsaerr_matched {
	WSAERR_MATCHED_KEY = 1u << 5, /* the query named the code */
	/* and the enum wsaerr_field bits of the fields words were found in */
};

struct wsaerr_hit {
	const struct wsaerr_code *code;
	double score;    /* higher is better */
	unsigned fields; /* enum wsaerr_field bits, and WSAERR_MATCHED_KEY */
	bool fuzzy;      /* some word matched only within an edit distance */
	/* found through a neighbour: the query named it (ERROR_SEM_TIMEOUT,
	 * 0xC0000236, "[WinError 121]"), or held its message; else NULL */
	const struct wsaerr_neighbour *via;
	/* found through the code's system message in another language
	 * (data/localized.tsv): the text that matched best; else NULL */
	const struct wsaerr_localized *loc;
	double confidence; /* calibrated, 0 to 1 (see above) */
	uint8_t evidence;  /* enum wsaerr_evidence */
	bool first;        /* the first candidate, or after another */
};

struct wsaerr_search_opts {
	size_t offset; /* hits to skip */
	size_t limit;  /* hits to return at most */
	int category;  /* enum wsaerr_category, or -1 for all */
	/* every code some word scored, named or explained or not, with no
	 * threshold: what the calibration is made from */
	bool candidates;
};

struct wsaerr_search_result {
	size_t total;    /* hits before paging */
	size_t count;    /* hits in `hits` */
	bool truncated;  /* the query was longer than what was searched */
	size_t searched; /* bytes of the query searched: all, unless cut */
	struct wsaerr_hit hits[WSAERR_MAX_CODES];
};

/*
 * Searches t for q[0..len). On WSAERR_SEARCH_OK fills *out (count may be
 * 0); on a refusal *out is zeroed. opts may be NULL: offset 0, no limit,
 * all categories.
 */
WSAERR_MUST_CHECK enum wsaerr_search_status wsaerr_search(
        const struct wsaerr_table *t, const char *q, size_t len,
        const struct wsaerr_search_opts *opts,
        struct wsaerr_search_result *out);

/* True for a word that introduces an error code ("error", "WinError",
 * "errno", "code", "SocketException", "HRESULT", ...), ASCII
 * case-insensitively: a number after it reads as a code. */
bool wsaerr_is_error_word(const char *w, size_t len);

/* Those words, lower case, for a filter that must know them (scan.h). */
extern const char *const wsaerr_error_words[];
extern const size_t wsaerr_n_error_words;

/* Why a query was refused, as a sentence for people; never NULL. */
const char *wsaerr_search_status_message(enum wsaerr_search_status st);

/*
 * The names of the fields in a hit's `fields`, best first, as the API
 * spells them ("key", "name", "dotnet", "system_message", "localized",
 * "message", "description"): writes up to `max` of them to names[] and
 * returns how many. The API says "system_message@de" for "localized",
 * with the language of the text the hit was found through, and nothing
 * when it was found through none (its words were in one).
 */
size_t wsaerr_matched_names(unsigned fields, const char **names, size_t max);

#endif
