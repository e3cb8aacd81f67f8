/*
 * table.h: the Winsock error table and its indexes.
 *
 * A table is a value-sorted array of codes plus the indexes that key parsing
 * and search use. The table the binaries serve is generated at build time from
 * data/codes.txt (see tools/gentable.c) and is constant: it needs no
 * initialisation and is safe to read from any number of threads.
 * wsaerr_table_load() builds the same structure at run time from text; the
 * generator and the tests use it.
 *
 * Invariants of every table: codes are sorted by value with unique values;
 * names and aliases are unique across the table (ASCII case-insensitive);
 * every string is valid UTF-8 and never NULL.
 */
#ifndef WSAERR_TABLE_H
#define WSAERR_TABLE_H

#include "attr.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WSAERR_MAX_CODES       256 /* a table never holds more codes than this */
#define WSAERR_MAX_ALIASES     4 /* aliases per code, the POSIX name included */
#define WSAERR_MAX_RELATED     2 /* related codes per code */
#define WSAERR_MAX_HINTS       4 /* causes, and checks, per code */
#define WSAERR_MAX_POSIX_TEXTS 3 /* what POSIX systems print, per code */
#define WSAERR_MAX_WHY         4 /* references one hint rests on */
#define WSAERR_MAX_REFS        128 /* references in a table */

/*
 * The categories, one place: X(enum suffix, slug, title). The slug is what the
 * data file and the API use; the title is for people.
 */
#define WSAERR_CATEGORIES(X)                                                   \
	X(WIN32_IO, "win32-io", "Win32 overlapped I/O and system codes")       \
	X(SOCKET, "socket", "Socket operation")                                \
	X(STARTUP, "startup", "Startup and version")                           \
	X(PROVIDER, "provider", "Service provider and name space")             \
	X(RESOLVER, "resolver", "Name resolution")                             \
	X(QOS, "qos", "Quality of service")

enum wsaerr_category {
#define WSAERR_X(e, slug, title) WSAERR_CAT_##e,
	WSAERR_CATEGORIES(WSAERR_X)
#undef WSAERR_X
	        WSAERR_CAT_COUNT
};

/* Where a code's facts come from. X(enum suffix, slug, title). */
#define WSAERR_SOURCES(X)                                                      \
	X(WINSOCK_PAGE, "winsock-page", "Windows Sockets Error Codes page")    \
	X(WINERROR_H, "winerror-h", "WinError.h (System Error Codes)")

enum wsaerr_source {
#define WSAERR_X(e, slug, title) WSAERR_SRC_##e,
	WSAERR_SOURCES(WSAERR_X)
#undef WSAERR_X
	        WSAERR_SRC_COUNT
};

/*
 * What kind of source a hint rests on. X(enum suffix, slug, title). Advice
 * with no DOCS or ARTICLE reference rests on behaviour people reported,
 * not on documentation: the answer says so (wsaerr_hint_documented()).
 */
#define WSAERR_REF_KINDS(X)                                                    \
	X(DOCS, "docs", "Microsoft documentation")                             \
	X(ARTICLE, "article", "Microsoft troubleshooting article")             \
	X(REVIEW, "review", "wsaerr's own review")                             \
	X(OBSERVED, "observed", "Observed behaviour, not documented")

enum wsaerr_ref_kind {
#define WSAERR_X(e, slug, title) WSAERR_REF_##e,
	WSAERR_REF_KINDS(WSAERR_X)
#undef WSAERR_X
	        WSAERR_REF_KIND_COUNT
};

/* A reference hints rest on: a Microsoft page, an article, an issue thread
 * where the behaviour was reported, or the project's own review. */
struct wsaerr_ref {
	const char *id;    /* "ms-connect": how the data names it */
	const char *title; /* for people */
	const char *url;   /* where to read it; "" when it has none */
	enum wsaerr_ref_kind kind;
};

/* One cause or check, and what it rests on. */
struct wsaerr_hint {
	const char *text; /* commands between backquotes */
	/* into the table's refs[]: first n_why are set, at least 1 */
	const struct wsaerr_ref *why[WSAERR_MAX_WHY];
	uint8_t n_why;
};

enum wsaerr_posix_space { WSAERR_POSIX_ERRNO, WSAERR_POSIX_H_ERRNO };

/* Where a POSIX text comes from. X(enum suffix, slug, title). */
#define WSAERR_POSIX_SOURCES(X)                                                \
	X(GLIBC, "glibc", "Linux (glibc 2.36 strerror, gai_strerror)")         \
	X(FREEBSD, "freebsd", "FreeBSD (libc errlst.c, gai_strerror.c)")       \
	X(MACOS, "macos", "macOS (as its programs print it)")

enum wsaerr_posix_source {
#define WSAERR_X(e, slug, title) WSAERR_POSIX_SRC_##e,
	WSAERR_POSIX_SOURCES(WSAERR_X)
#undef WSAERR_X
	        WSAERR_POSIX_SRC_COUNT
};

/* A text a POSIX system prints for the code's error (strerror of its errno,
 * gai_strerror of its getaddrinfo error) where it differs from `message`:
 * Linux's "Transport endpoint is not connected" for 10057. */
struct wsaerr_posix_text {
	const char *text;
	enum wsaerr_posix_source source;
};

struct wsaerr_posix {
	const char *name; /* "ECONNREFUSED"; NULL when none */
	enum wsaerr_posix_space space;
	int linux_value; /* -1 when Linux has no such name */
	int bsd_value;   /* -1 when unknown */
	struct wsaerr_posix_text texts[WSAERR_MAX_POSIX_TEXTS];
	uint8_t n_texts; /* the first n_texts are set */
};

struct wsaerr_localized;

struct wsaerr_code {
	unsigned value;      /* 1..65535 */
	const char *name;    /* "WSAECONNREFUSED" */
	const char *message; /* "Connection refused." (the seed page's) */
	/* what FormatMessage returns, so what logs print: "No connection
	 * could be made because the target machine actively refused it." */
	const char *system_message;
	const char *description; /* the full explanation */
	const char *dotnet;      /* .NET's SocketError member, or NULL */
	char hex[8];             /* "0x274D" */
	char hresult[12];        /* "0x8007274D" */
	enum wsaerr_category category;
	enum wsaerr_source source;
	struct wsaerr_posix posix; /* posix.name == NULL: no equivalent */
	const char *aliases[WSAERR_MAX_ALIASES]; /* first n_aliases are set */
	unsigned n_aliases;
	unsigned related[WSAERR_MAX_RELATED]; /* first n_related are set */
	unsigned n_related;
	bool event; /* reports an event, not a failure */
	/* enum wsaerr_field bits (MESSAGE, SYSTEM) of the texts that are also
	 * what systems print for errors that are not socket errors
	 * ("Permission denied.", "The parameter is incorrect."): search lets
	 * them name the code only beside a socket word */
	uint8_t generic;
	/* what to check for this code: advice written for this service, not
	 * Microsoft's text, each with the references it rests on. Either
	 * both lists are empty or neither is. */
	struct wsaerr_hint causes[WSAERR_MAX_HINTS]; /* first n_causes set */
	struct wsaerr_hint checks[WSAERR_MAX_HINTS]; /* first n_checks set */
	uint8_t n_causes, n_checks;
	/* the words of message and system_message, in order, as indexes into
	 * the table's words[]: table->sequence[msg_at .. msg_at + msg_len);
	 * and of each of posix.texts */
	uint16_t msg_at, msg_len, sys_at, sys_len;
	uint16_t ptx_at[WSAERR_MAX_POSIX_TEXTS],
	        ptx_len[WSAERR_MAX_POSIX_TEXTS];
	/* its system message as Windows in other languages prints it: the
	 * table's localized[] rows of this code that are its own (not a
	 * neighbour's), as the data orders them; NULL and 0 when none is
	 * known */
	const struct wsaerr_localized *localized;
	uint16_t n_localized;
};

/*
 * The neighbours of Winsock: the Win32 codes and NTSTATUS values that socket
 * programs print for the same failure (data/neighbours/README.md). A
 * neighbour's Winsock equivalent is what WSAGetOverlappedResult reports
 * where GetOverlappedResult reports the neighbour: Wine, libuv and ReactOS
 * map the driver's NTSTATUS both ways, and their mappings are the basis.
 * X(enum suffix, slug, title).
 */
#define WSAERR_SPACES(X)                                                       \
	X(WIN32, "win32", "Win32 system error")                                \
	X(NTSTATUS, "ntstatus", "NTSTATUS")

enum wsaerr_space {
#define WSAERR_X(e, slug, title) WSAERR_SPACE_##e,
	WSAERR_SPACES(WSAERR_X)
#undef WSAERR_X
	        WSAERR_SPACE_COUNT
};

/* How sure the Winsock equivalent is. X(enum suffix, slug). */
#define WSAERR_CONFIDENCES(X)                                                  \
	X(NONE, "none") /* no equivalent established */                        \
	X(LOW, "low")   /* one source, a conflict, or a generic code */        \
	X(MEDIUM, "medium")                                                    \
	X(HIGH, "high")

enum wsaerr_confidence {
#define WSAERR_X(e, slug) WSAERR_CONF_##e,
	WSAERR_CONFIDENCES(WSAERR_X)
#undef WSAERR_X
	        WSAERR_CONF_COUNT
};

struct wsaerr_neighbour {
	uint32_t value;     /* the Win32 code, or the NTSTATUS (0xC... form) */
	uint8_t space;      /* enum wsaerr_space */
	uint8_t confidence; /* enum wsaerr_confidence */
	bool conflict;      /* the sources disagree: the answer says so */
	/* its message is one other errors print too (its confidence says
	 * "generic"), or the text of a Winsock code with its number (6, 8,
	 * 87): search lets it name its code only beside a socket word */
	bool generic;
	const char *name; /* "ERROR_NETNAME_DELETED", "STATUS_IO_TIMEOUT" */
	/* what Windows prints for it (the SDK header's MessageText); lines
	 * joined by "\n"; "" when the header has no prose */
	const char *message;
	unsigned winsock;    /* the equivalent Winsock code's value; 0: none */
	unsigned win32;      /* the Win32 code it becomes (an NTSTATUS's
	                   * RtlNtStatusToDosError), or its own value */
	const char *basis;   /* how the equivalence was established */
	const char *note;    /* why the confidence is what it is; "" */
	const char *sources; /* "repository:path@commit; ..." */
	/* the words of message, as for a code's (wsaerr_code.msg_at) */
	uint16_t msg_at, msg_len;
};

/*
 * A code's system message as Windows in another language prints it, seen
 * in real output paired with the code's number (data/localized.tsv). A
 * code and language may have several: Windows versions word it apart.
 */
struct wsaerr_localized {
	uint16_t code;       /* index into codes[] */
	const char *lang;    /* a BCP 47 tag: "de", "zh-CN", "pt-BR" */
	const char *message; /* as printed; lines joined by "\n" */
	const char *source;  /* where it was seen */
	/* the words of its search form, as a code's (wsaerr_code.msg_at) */
	uint16_t msg_at, msg_len;
	/* 0: the code's own system message; else the index in neighbours[]
	 * plus one of the Win32 neighbour whose message it is (64's
	 * "指定的网络名不再可用。"), which `code` is the equivalent of */
	uint16_t neighbour;
};

/* What a name of the index is. */
enum wsaerr_name_kind {
	WSAERR_NAME_SYMBOL, /* the code's own name, WSAECONNREFUSED */
	WSAERR_NAME_ALIAS,  /* ECONNREFUSED, ERROR_IO_PENDING, ... */
	WSAERR_NAME_DOTNET  /* .NET's SocketError member, ConnectionRefused */
};

/* One name of a code. Sorted by key, ASCII case-insensitively. */
struct wsaerr_name {
	const char *key;
	uint16_t code; /* index into codes[] */
	uint8_t kind;  /* enum wsaerr_name_kind */
};

/* Fields a word can be found in, best first: the search ranks by them. */
enum wsaerr_field {
	WSAERR_FIELD_NAME = 1u << 0, /* name or alias */
	WSAERR_FIELD_MESSAGE = 1u << 1,
	WSAERR_FIELD_DESCRIPTION = 1u << 2,
	WSAERR_FIELD_SYSTEM = 1u << 3, /* system_message */
	WSAERR_FIELD_DOTNET = 1u << 4,
	WSAERR_FIELD_POSIX = 1u << 6, /* posix.texts (1u << 5 is search's) */
	/* the message of a neighbour equivalent to the code */
	WSAERR_FIELD_NEIGHBOUR = 1u << 7,
	/* its system message as Windows in another language prints it */
	WSAERR_FIELD_LOCALIZED = 1u << 8,
};

/* One (code, fields) pair of a word's posting list. */
struct wsaerr_posting {
	uint16_t code;   /* index into codes[] */
	uint16_t fields; /* enum wsaerr_field bits */
};

/* A distinct lower-case word of the table and where it occurs. Sorted. */
struct wsaerr_word {
	const char *word;
	uint16_t len;
	uint16_t first; /* index of its first posting */
	uint16_t count; /* number of postings: the codes that have it */
	/* how rare it is: ln(1 + (N - count + 0.5) / (count + 0.5)) over the
	 * table's N codes, BM25's inverse document frequency */
	float idf;
	bool weak; /* wsaerr_is_weak_word(): counts only inside phrases */
	/* a text had it with marks that the search form strips ("conexão"):
	 * a query without them matches it a little less well */
	bool marked;
	/* a bigram of wide letters (CJK): a run of them needs one more */
	bool wide;
	uint64_t mask; /* wsaerr_bag_mask(): the search's cheapest typo test */
};

struct wsaerr_table {
	const struct wsaerr_code *codes;
	size_t n_codes;
	const struct wsaerr_name *names;
	size_t n_names;
	const struct wsaerr_word *words;
	size_t n_words;
	const struct wsaerr_posting *postings;
	size_t n_postings;
	const uint16_t *sequence; /* see wsaerr_code.msg_at */
	size_t n_sequence;
	const struct wsaerr_ref *refs; /* what hints rest on, in data order */
	size_t n_refs;
	/* sorted by space, then value; 0 of them in a table loaded without */
	const struct wsaerr_neighbour *neighbours;
	size_t n_neighbours;
	/* indexes into neighbours[]: by name (ASCII case-insensitive), and
	 * by the Winsock code they are equivalent to (codes[i]'s are
	 * nb_by_code[nb_at[i] .. nb_at[i + 1]), n_codes + 1 entries) */
	const uint16_t *nb_by_name;
	const uint16_t *nb_by_code;
	const uint16_t *nb_at;
	/* by code, its own texts before its neighbours', then in the data's
	 * order; codes[i]'s are localized[loc_at[i] .. loc_at[i + 1])
	 * (n_codes + 1 entries) */
	const struct wsaerr_localized *localized;
	size_t n_localized;
	const uint16_t *loc_at;
};

/* The table compiled into the binary. Never NULL; lives forever. */
const struct wsaerr_table *wsaerr_table_default(void);

/* The code with this value, or NULL. O(log n). */
const struct wsaerr_code *wsaerr_table_by_value(const struct wsaerr_table *t,
                                                unsigned value);

/*
 * The code with this name, alias or .NET name, compared ASCII
 * case-insensitively, or NULL. `name` need not be NUL-terminated.
 * O(log n).
 */
const struct wsaerr_code *wsaerr_table_by_name(const struct wsaerr_table *t,
                                               const char *name, size_t len);

/* The same, but the entry of the name index, which says what kind of name
 * it is; NULL when there is none. */
const struct wsaerr_name *wsaerr_table_find_name(const struct wsaerr_table *t,
                                                 const char *name, size_t len);

/* HRESULT_FROM_WIN32(value): (value & 0xFFFF) | 0x80070000 for value > 0. */
uint32_t wsaerr_hresult(unsigned value);

/* Slug and title of a category or source; "" for an out-of-range value. */
const char *wsaerr_category_slug(enum wsaerr_category c);
const char *wsaerr_category_title(enum wsaerr_category c);
const char *wsaerr_source_slug(enum wsaerr_source s);
const char *wsaerr_source_title(enum wsaerr_source s);

/* The category with this slug (exact, case-sensitive) or -1. */
int wsaerr_category_from_slug(const char *slug, size_t len);

/* Slug and title of a POSIX text's source; "" for an out-of-range value. */
const char *wsaerr_posix_source_slug(enum wsaerr_posix_source s);
const char *wsaerr_posix_source_title(enum wsaerr_posix_source s);

/* Slug and title of a reference kind; "" for an out-of-range value. */
const char *wsaerr_ref_kind_slug(enum wsaerr_ref_kind k);
const char *wsaerr_ref_kind_title(enum wsaerr_ref_kind k);

/* The two lists of a code's hints, in the order every view shows them. */
enum wsaerr_hint_list { WSAERR_HINT_CAUSES, WSAERR_HINT_CHECKS };
#define WSAERR_N_HINT_LISTS 2

/* The hints of c in list l, and how many in *n: the one walk of the
 * hints for the JSON, the text and the page. */
const struct wsaerr_hint *wsaerr_hints(const struct wsaerr_code *c,
                                       enum wsaerr_hint_list l, unsigned *n);

/* True when one of h's references is Microsoft's (DOCS or ARTICLE); false
 * when the advice rests on reported behaviour and the review alone, which
 * an answer must say. */
bool wsaerr_hint_documented(const struct wsaerr_hint *h);

/* The neighbour of this space and value, or NULL. An NTSTATUS may be
 * given in its 0xD form (the customer bit that HRESULT_FROM_NT sets). */
const struct wsaerr_neighbour *wsaerr_neighbour_by_value(
        const struct wsaerr_table *t, enum wsaerr_space space, uint32_t value);

/*
 * The neighbour with this name, ASCII case-insensitively, or NULL; Samba's
 * spelling of an NTSTATUS (NT_STATUS_IO_TIMEOUT) too. `name` need not be
 * NUL-terminated.
 */
const struct wsaerr_neighbour *wsaerr_neighbour_by_name(
        const struct wsaerr_table *t, const char *name, size_t len);

/* The Winsock code a neighbour is equivalent to, or NULL when none is
 * established. */
const struct wsaerr_code *wsaerr_neighbour_code(
        const struct wsaerr_table *t, const struct wsaerr_neighbour *n);

/* Slug and title of a space, slug of a confidence; "" when out of range. */
const char *wsaerr_space_slug(enum wsaerr_space s);
const char *wsaerr_space_title(enum wsaerr_space s);
const char *wsaerr_confidence_slug(enum wsaerr_confidence c);

/*
 * What a bare number can be, in the order a Windows service should read
 * it: a Win32 neighbour first, then a Linux, then a BSD errno. Each with
 * its Winsock equivalent (code; NULL when none) and, for the Win32 one,
 * the neighbour.
 */
enum wsaerr_reading { WSAERR_READ_WIN32, WSAERR_READ_LINUX, WSAERR_READ_BSD };

struct wsaerr_interpretation {
	enum wsaerr_reading reading;
	const char *name; /* "ERROR_NETNAME_DELETED", "EHOSTDOWN" */
	const struct wsaerr_code *code;
	const struct wsaerr_neighbour *neighbour; /* WIN32 only */
};

/* Writes up to max readings of value into out; how many. */
size_t wsaerr_interpret(const struct wsaerr_table *t, unsigned value,
                        struct wsaerr_interpretation *out, size_t max);

/*
 * For a number that is not a Winsock code: its readings as a sentence for
 * people, in wsaerr_interpret()'s order, such as "64 is not a Winsock code;
 * Win32 error 64 is ERROR_NETNAME_DELETED (The specified network name is
 * no longer available.), which Winsock reports as WSAECONNRESET (10054),
 * high confidence; BSD errno 64 is EHOSTDOWN, which Windows reports as
 * WSAEHOSTDOWN (10064)", into buf; and up to `max` of their Winsock codes,
 * each once, into codes[], their count in *n_codes. Returns how many
 * readings there were (0: buf is untouched, the number has none). Only
 * the errno space: h_errno values are too small to tell anything.
 */
size_t wsaerr_number_hint(const struct wsaerr_table *t, unsigned value,
                          char *buf, size_t size,
                          const struct wsaerr_code **codes, size_t max,
                          size_t *n_codes);

/* "win32", "linux-errno", "bsd-errno". */
const char *wsaerr_reading_slug(enum wsaerr_reading r);

/* "errno" or "h_errno". */
const char *wsaerr_posix_space_name(enum wsaerr_posix_space s);

#endif
