#include "search.h"

#include "fold.h"
#include "key.h"
#include "text.h"

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Field weights, best field counting (see search.h). */
#define W_NAME        3.0f
#define W_SYSTEM      2.0f
#define W_MESSAGE     2.0f
#define W_DOTNET      1.0f /* a bare member name is only a word */
#define W_DESCRIPTION 1.0f
/* a neighbour's message: below the code's own texts where both match */
#define W_NEIGHBOUR 1.5f
/* a localized system message: as the system message, in its language */
#define W_LOCALIZED W_SYSTEM

#define Q_EXACT  1.0f
#define Q_PREFIX 0.75f
#define Q_FUZZY  0.5f
/* a word with characters lost (U+FFFD), matched on what survives */
#define Q_DAMAGED 0.75f
/* a word typed without the marks the text has ("conexao"): a little
 * below the same word with them */
#define Q_UNMARKED 0.9f

/* The fields whose words explain a typed query (explained()): whole words
 * of the code's own short texts; prefixes and typos only of its names,
 * message and POSIX text ("timeout" is .NET's TimedOut). Not the
 * description, a neighbour's message nor a localized text, which need a
 * phrase. */
#define GOOD_EXACT                                                             \
	(WSAERR_FIELD_NAME | WSAERR_FIELD_MESSAGE | WSAERR_FIELD_SYSTEM |      \
	 WSAERR_FIELD_POSIX | WSAERR_FIELD_DOTNET)
#define GOOD_LOOSE                                                             \
	(WSAERR_FIELD_NAME | WSAERR_FIELD_MESSAGE | WSAERR_FIELD_POSIX |       \
	 WSAERR_FIELD_DOTNET)

#define PHRASE_RUN   0.5f /* the longest run's weight counts this again */
#define PHRASE_WHOLE 1.0f /* and a whole message this again */
#define TAIL         0.2f /* hits score at least this much of the best */
/*
 * A run that covers only part of a short field (a message, not a long
 * system message) counts when it holds the field's "no", "not" or "cannot"
 * ("protocol family" is not "Protocol family not supported."), and names
 * what failed, or the query speaks of sockets ("timed out" of a login is
 * not "Connection timed out."). In a longer field a run needs three strong
 * words ("only one" is not "Only one usage of each socket address ...").
 */
#define SHORT_FIELD_WORDS 8
#define LONG_FIELD_RUN    3

#define MAX_PAIRS    512 /* (word, query position) pairs for phrases */
#define MAX_RANGE    32  /* a prefix matching more is left out of phrases */
#define MAX_PHRASED  32  /* codes whose phrases are looked for */
#define PAIRED_WORDS 16  /* 64-bit words of the filter of paired words */
#define MAX_DAMAGED  8   /* a damaged word matching more is no word */
/* the search form of a query: CJK bigrams make it longer than the text */
#define FOLDED_MAX (4 * WSAERR_QUERY_MAX_BYTES)

/* TEXT words are scored; WEAK ones only extend phrases. */
enum kind { TEXT, WEAK, KEY, NUMBER, REPEAT };

/* One word of the query. */
struct qword {
	uint16_t start, len; /* in the query's search form */
	uint16_t lo, hi;     /* the vocabulary words it matches, [lo, hi) */
	uint8_t kind;        /* enum kind */
	uint8_t fold;        /* enum wsaerr_fold_flag bits of its bytes */
	bool ascii;          /* only ASCII bytes: prefixes and typos count */
	bool damaged;        /* it holds WSAERR_FOLD_WILD */
};

/* A vocabulary word some query word matches, and where in the query. */
struct pair {
	uint16_t word;
	uint16_t pos;
};

struct state {
	const struct wsaerr_table *t;
	const char *q; /* the query's search form (fold.h) */
	size_t len;
	char folded[FOLDED_MAX];
	uint8_t fold_flags[FOLDED_MAX];
	uint16_t fold_from[FOLDED_MAX]; /* where in the text each byte is */
	struct qword words[WSAERR_QUERY_MAX_WORDS];
	size_t n_words;
	bool short_query; /* few words, at most one number: typed, or a key */
	bool typed;       /* short, few text words: prefixes and typos count */
	int socket_word;  /* -1: not looked for yet; else 0 or 1 */
	float score[WSAERR_MAX_CODES];
	uint16_t fields[WSAERR_MAX_CODES];
	bool named[WSAERR_MAX_CODES];
	/* the neighbour a code was found through: named, or its message */
	const struct wsaerr_neighbour *via[WSAERR_MAX_CODES];
	/* the localized text a code was found through, or NULL */
	const struct wsaerr_localized *loc[WSAERR_MAX_CODES];
	bool fuzzy[WSAERR_MAX_CODES];
	/* distinct text words found in a field other than the description */
	uint8_t words_matched[WSAERR_MAX_CODES];
	/* in a typed query: its socket words ("socket", "connection"), and
	 * of those, the ones found in each code (see explained()) */
	uint8_t context_words;
	bool negated; /* a typed query with "no", "not" or "cannot" */
	uint8_t context_hit[WSAERR_MAX_CODES];
	uint8_t phrase[WSAERR_MAX_CODES]; /* longest run, in words */
	size_t text_words;
	float best[WSAERR_MAX_CODES]; /* one word's best contribution */
	uint16_t wfield[WSAERR_MAX_CODES];
	bool wgood[WSAERR_MAX_CODES];       /* see mark() */
	uint16_t touched[WSAERR_MAX_CODES]; /* codes this word reached */
	size_t n_touched;
	bool is_touched[WSAERR_MAX_CODES];
	struct pair pairs[MAX_PAIRS];
	size_t n_pairs;
	uint64_t paired[PAIRED_WORDS]; /* bit v % (64 * PAIRED_WORDS): some
	                                * pair may be for vocabulary word v */
};

static float field_weight(uint16_t fields)
{
	if (fields & WSAERR_FIELD_NAME)
		return W_NAME;
	if (fields &
	    (WSAERR_FIELD_SYSTEM | WSAERR_FIELD_MESSAGE | WSAERR_FIELD_POSIX))
		return W_SYSTEM;
	if (fields & WSAERR_FIELD_LOCALIZED)
		return W_LOCALIZED;
	if (fields & WSAERR_FIELD_NEIGHBOUR)
		return W_NEIGHBOUR;
	if (fields & WSAERR_FIELD_DOTNET)
		return W_DOTNET;
	return W_DESCRIPTION;
}

/* --- finding words ------------------------------------------------------ */

/* Index of the first vocabulary word not below w. */
static size_t lower_bound(const struct wsaerr_table *t, const char *w,
                          size_t len)
{
	size_t lo = 0, hi = t->n_words;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (wsaerr_casecmp(t->words[mid].word, t->words[mid].len, w,
		                   len) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The vocabulary words w matches, [lo, hi): itself, and in a typed query
 * the words it is a prefix of. Empty when none. */
static void match_range(struct state *s, struct qword *w)
{
	const struct wsaerr_table *t = s->t;
	const char *text = s->q + w->start;
	size_t lo = lower_bound(t, text, w->len), hi = lo;

	if (w->damaged) {
		hi = lo; /* see mark_damaged() */
	} else if (s->typed && w->len >= 4 && w->kind == TEXT && w->ascii) {
		while (hi < t->n_words &&
		       wsaerr_has_prefix(t->words[hi].word, t->words[hi].len,
		                         text, w->len))
			hi++;
	} else if (lo < t->n_words && t->words[lo].len == w->len &&
	           wsaerr_casecmp(t->words[lo].word, w->len, text, w->len) ==
	                   0) {
		hi = lo + 1;
	}
	w->lo = (uint16_t)lo;
	w->hi = (uint16_t)hi;
}

/* Adds vocabulary word v, matched by query word w with `quality`, to this
 * word's best. */
static void mark(struct state *s, const struct qword *w, size_t v,
                 float quality)
{
	const struct wsaerr_word *word = &s->t->words[v];
	float unmarked = word->marked && !(w->fold & WSAERR_FOLD_MARKED)
	                         ? Q_UNMARKED
	                         : 1.0f;

	for (size_t i = word->first; i < (size_t)word->first + word->count;
	     i++) {
		const struct wsaerr_posting *p = &s->t->postings[i];
		float val = word->idf * quality * unmarked *
		            field_weight(p->fields);

		if (!s->is_touched[p->code]) {
			s->is_touched[p->code] = true;
			s->touched[s->n_touched++] = p->code;
		}
		if (val > s->best[p->code])
			s->best[p->code] = val;
		s->wfield[p->code] |= p->fields;
		/* what explains a typed query: a whole word in the code's
		 * own short texts, or a prefix or typo of one in its name,
		 * message or POSIX text (see explained()) */
		s->wgood[p->code] =
		        s->wgood[p->code] ||
		        (p->fields &
		         (quality == Q_EXACT ? GOOD_EXACT : GOOD_LOOSE)) != 0;
	}
}

/* Whole words within the edit distance a word of this length allows;
 * true when there were any. */
static bool mark_fuzzy(struct state *s, const struct qword *w)
{
	const struct wsaerr_table *t = s->t;
	const char *text = s->q + w->start;
	unsigned max = w->len < 4 ? 0 : w->len < 7 ? 1 : 2;
	bool any = false;
	struct wsaerr_bag bag;
	uint64_t mask;

	if (max == 0 || !w->ascii)
		return false; /* bytes are not letters beyond ASCII */
	/* once, not once a word of the vocabulary */
	mask = wsaerr_bag_mask(text, w->len);
	wsaerr_bag_of(&bag, text, w->len);
	for (size_t i = 0; i < t->n_words; i++) {
		const struct wsaerr_word *v = &t->words[i];
		size_t diff =
		        w->len > v->len ? w->len - v->len : v->len - w->len;

		/* cheapest test first: the length, then the two bounds, then
		 * the full distance for the few words still in the running */
		if (diff <= max &&
		    wsaerr_mask_lower_bound(mask, v->mask) <= max &&
		    wsaerr_bag_lower_bound(&bag, v->word, v->len) <= max &&
		    wsaerr_edit_distance(text, w->len, v->word, v->len, max) <=
		            max) {
			mark(s, w, i, Q_FUZZY);
			any = true;
		}
	}
	return any;
}

/* Adds a pair for phrases: vocabulary word v at query word w. */
static void add_pair(struct state *s, const struct qword *w, size_t v)
{
	if (s->n_pairs == MAX_PAIRS)
		return;
	s->pairs[s->n_pairs++] =
	        (struct pair){(uint16_t)v, (uint16_t)(w - s->words)};
	s->paired[(v / 64) % PAIRED_WORDS] |= UINT64_C(1) << v % 64;
}

/*
 * A word with characters lost ("mo\x1ana" of "mo�na"): the vocabulary
 * words it matches on what survives, each lost character one of theirs,
 * when it has three characters or more left and lost no more than it
 * kept, and matches at most MAX_DAMAGED words. Marks them and pairs
 * them for phrases; true when there were any.
 */
static bool mark_damaged(struct state *s, struct qword *w)
{
	const struct wsaerr_table *t = s->t;
	const char *text = s->q + w->start;
	size_t lost = 0, kept = 0, n = 0;
	uint16_t found[MAX_DAMAGED];

	for (size_t i = 0; i < w->len; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c == (unsigned char)WSAERR_FOLD_WILD)
			lost++;
		else
			kept += (c & 0xC0) != 0x80;
	}
	if (kept < 3 || lost > kept)
		return false;
	for (size_t v = 0; v < t->n_words; v++) {
		if (!wsaerr_fold_wild_match(text, w->len, t->words[v].word,
		                            t->words[v].len))
			continue;
		if (n == MAX_DAMAGED)
			return false;
		found[n++] = (uint16_t)v;
	}
	for (size_t k = 0; k < n; k++) {
		if (w->kind == TEXT)
			mark(s, w, found[k], Q_DAMAGED);
		add_pair(s, w, found[k]);
	}
	return n > 0;
}

/* True when one of the vocabulary words w matches is in a code's own
 * texts, not only in neighbours' messages. */
static bool own_word(const struct state *s, const struct qword *w)
{
	for (size_t v = w->lo; v < w->hi; v++) {
		const struct wsaerr_word *word = &s->t->words[v];

		for (size_t i = word->first;
		     i < (size_t)word->first + word->count; i++) {
			if (s->t->postings[i].fields & ~WSAERR_FIELD_NEIGHBOUR)
				return true;
		}
	}
	return false;
}

/* The prefixes of the words that speak of sockets (see socket_word()). */
static const char *const socket_prefixes[] = {
        "sock",       "connect",    "bind",        "listen",    "accept",
        "send",       "recv",       "tcp",         "udp",       "wsa",
        "winsock",    "ws2_32",     "getaddrinfo", "gethostby", "setsockopt",
        "getsockopt", "ioctlsocket"};

static bool is_socket_word(const char *w, size_t len)
{
	for (size_t k = 0;
	     k < sizeof(socket_prefixes) / sizeof(*socket_prefixes); k++) {
		if (wsaerr_has_prefix(w, len, socket_prefixes[k],
		                      strlen(socket_prefixes[k])))
			return true;
	}
	return false;
}

/* Scores one text word: its best match in each code. */
static void score_word(struct state *s, struct qword *w)
{
	bool fuzzy = false;

	match_range(s, w);
	if (w->damaged) {
		fuzzy = mark_damaged(s, w);
		if (w->kind != TEXT)
			return;
	} else if (w->kind == WEAK || w->kind == REPEAT) {
		goto phrase; /* a repeat counts once, but may extend a run */
	}
	for (size_t v = w->lo; v < w->hi; v++) {
		bool exact = s->t->words[v].len == w->len;

		mark(s, w, v, exact ? Q_EXACT : Q_PREFIX);
	}
	/* a typo of a code's own word, where the word itself is only in
	 * neighbours' messages ("timeout" is .NET's TimedOut) */
	if (s->typed && !w->damaged && !own_word(s, w))
		fuzzy = mark_fuzzy(s, w);
	if (s->typed && is_socket_word(s->q + w->start, w->len))
		s->context_words++;
	for (size_t i = 0; i < s->n_touched; i++) { /* not all the codes */
		size_t c = s->touched[i];

		if (s->best[c] > 0) {
			s->score[c] += s->best[c];
			s->fields[c] |= s->wfield[c];
			s->fuzzy[c] = s->fuzzy[c] || fuzzy;
			s->words_matched[c] += s->wgood[c];
			s->context_hit[c] +=
			        s->wgood[c] && s->typed &&
			        is_socket_word(s->q + w->start, w->len);
		}
		s->best[c] = 0;
		s->wfield[c] = 0;
		s->wgood[c] = false;
		s->is_touched[c] = false;
	}
	s->n_touched = 0;
phrase:
	if (w->hi - w->lo > MAX_RANGE)
		return; /* too vague a word to build phrases with */
	for (size_t v = w->lo; v < w->hi; v++)
		add_pair(s, w, v);
}

/* --- codes the query names ---------------------------------------------- */

static bool all_digits(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
	}
	return true;
}

/* True when word i of the query is the word `w`, ASCII case-insensitively. */
static bool word_is(const struct state *s, size_t i, const char *w)
{
	return wsaerr_casecmp(s->q + s->words[i].start, s->words[i].len, w,
	                      strlen(w)) == 0;
}

/* True when word i is a decimal number of at least min. */
static bool number_at_least(const struct state *s, size_t i, unsigned long min)
{
	unsigned long v;

	return wsaerr_parse_decimal(s->q + s->words[i].start, s->words[i].len,
	                            ULONG_MAX, &v) &&
	       v >= min;
}

/*
 * True when a number or hex value at word i reads as an error code: '#'
 * right before a number of 100 or more, or before it a word that introduces one ("error",
 * "WinError", "errno", "code", "SocketException", "HRESULT",
 * "WSAGetLastError", ...). Not "status", "pid", "port" or a bracket: an
 * exit status, a process id, a port and a counter are numbers too.
 */
/* The words that introduce an error code (see error_context()). */
const char *const wsaerr_error_words[] = {
        "error",     "errors",       "winerror",        "errno",     "code",
        "err",       "errorcode",    "socketexception", "exception", "hresult",
        "lasterror", "getlasterror", "wsagetlasterror", "winsock",   "wsa"};
const size_t wsaerr_n_error_words =
        sizeof(wsaerr_error_words) / sizeof(*wsaerr_error_words);

bool wsaerr_is_error_word(const char *w, size_t len)
{
	for (size_t k = 0; k < wsaerr_n_error_words; k++) {
		if (wsaerr_casecmp_str(wsaerr_error_words[k], w, len) == 0)
			return true;
	}
	return false;
}

static bool error_context(const struct state *s, size_t i)
{
	size_t start = s->words[i].start;

	/* "#10061", "#995"; but "Thread #6", "build #8": a counter's mark
	 * before a small number, which the random bytes of a binary file
	 * make too (no Winsock code or neighbour is below 100 but the
	 * WSA_* overlapped ones, which Windows reports by name) */
	if (start > 0 && s->q[start - 1] == '#' && number_at_least(s, i, 100))
		return true;
	if (i == 0)
		return false;
	if (wsaerr_is_error_word(s->q + s->words[i - 1].start,
	                         s->words[i - 1].len))
		/* "[Errno 8]" is a POSIX errno (Python on Linux and macOS),
		 * not Win32's 8; no POSIX errno reaches 200, so "errno 995"
		 * and "errno 10061" are Windows' */
		return !word_is(s, i - 1, "errno") ||
		       number_at_least(s, i, 200);
	return false;
}

/*
 * True when the number at word i reads as something else than a code: a
 * port ("host:10061", "port 10061"), a process or user id ("sshd[10035]",
 * "pid=10035"), a path's part ("/users/10035"), a duration, size or count
 * ("10054 ms", "after 10054").
 */
static bool number_context(const struct state *s, size_t i)
{
	static const char *const before[] = {
	        "port", "pid",  "uid",  "gid", "tid",    "id",    "after",
	        "user", "line", "size", "len", "length", "offset"};
	static const char *const after[] = {
	        "ms",    "s",       "sec",   "secs",  "seconds", "us",  "ns",
	        "min",   "bytes",   "b",     "kb",    "kib",     "mb",  "mib",
	        "times", "retries", "tries", "items", "lines",   "rows"};
	size_t start = s->words[i].start, end = start + s->words[i].len;
	char prev = start > 0 ? s->q[start - 1] : ' ';

	if (prev == '[' || prev == '/' || prev == '=' || prev == ':' ||
	    (end < s->len && s->q[end] == '%'))
		return true;
	for (size_t k = 0; i > 0 && k < sizeof(before) / sizeof(*before); k++) {
		if (word_is(s, i - 1, before[k]))
			return true;
	}
	for (size_t k = 0;
	     i + 1 < s->n_words && k < sizeof(after) / sizeof(*after); k++) {
		if (word_is(s, i + 1, after[k]))
			return true;
	}
	return false;
}

/*
 * True when the number at word i is one Windows prints as a Win32 code:
 * Python's "[WinError 64]", Rust's "(os error 121)", and Dart's "errno =
 * 1225" (no POSIX errno reaches 200). Where the number is no Winsock code,
 * it is a Win32 code there.
 */
static bool win32_context(const struct state *s, size_t i)
{
	return (i >= 1 && word_is(s, i - 1, "winerror")) ||
	       (i >= 2 && word_is(s, i - 1, "error") &&
	        word_is(s, i - 2, "os")) ||
	       (i >= 1 && word_is(s, i - 1, "errno") &&
	        number_at_least(s, i, 200));
}

/*
 * The code word i names, or NULL (see search.h): a name or alias, a .NET
 * name in .NET's context, a neighbour's name, a number that reads as a
 * code, 0x-hex, or a signed HRESULT or NTSTATUS. *via is set to the
 * neighbour a neighbour's key named, and NULL otherwise.
 */
static const struct wsaerr_code *named_by(const struct state *s, size_t i,
                                          const struct wsaerr_neighbour **via)
{
	const struct wsaerr_table *t = s->t;
	const char *w = s->q + s->words[i].start;
	size_t len = s->words[i].len, start = s->words[i].start;
	const struct wsaerr_name *name = wsaerr_table_find_name(t, w, len);
	const size_t dot = strlen(WSAERR_DOTNET_PREFIX);
	struct wsaerr_key k;

	*via = NULL;
	if (name && name->kind != WSAERR_NAME_DOTNET)
		return &t->codes[name->code];
	if (name) {
		bool dotted = start >= dot &&
		              wsaerr_has_prefix(s->q + start - dot, dot,
		                                WSAERR_DOTNET_PREFIX, dot);

		return dotted || (i > 0 && word_is(s, i - 1, "SocketErrorCode"))
		               ? &t->codes[name->code]
		               : NULL;
	}
	if (len > 6 && w[0] >= 'A' &&
	    (*via = wsaerr_neighbour_by_name(t, w, len)))
		return wsaerr_neighbour_code(t, *via);
	if (all_digits(w, len)) {
		bool negative = start > 0 && s->q[start - 1] == '-';
		enum wsaerr_key_status st;

		if (negative) { /* a signed HRESULT or NTSTATUS */
			if (wsaerr_key_lookup(t, w - 1, len + 1, &k) ==
			    WSAERR_KEY_OK) {
				*via = k.via;
				return k.code;
			}
			return NULL;
		}
		if (len > 5)
			return NULL;
		st = wsaerr_key_lookup(t, w, len, &k);
		if (st == WSAERR_KEY_UNKNOWN_CODE && win32_context(s, i)) {
			*via = wsaerr_neighbour_by_value(t, WSAERR_SPACE_WIN32,
			                                 k.value);
			return wsaerr_neighbour_code(t, *via);
		}
		if (st != WSAERR_KEY_OK)
			return NULL;
		/* a Winsock number in a typed query ("10061", "winsock
		 * 10061"); anywhere else only where it reads as a code: not
		 * a process id, a port, a size or a duration */
		if (error_context(s, i))
			return k.code;
		return s->short_query && k.code->value >= 10000 &&
		                       !number_context(s, i)
		               ? k.code
		               : NULL;
	}
	if (len > 2 && w[0] == '0' && (w[1] == 'x' || w[1] == 'X') &&
	    wsaerr_key_lookup(t, w, len, &k) == WSAERR_KEY_OK) {
		/* an HRESULT (0x8007274D) or NTSTATUS (0xC0000236) can only
		 * be one; a short hex value may be an address or a mask
		 * ("mask 0x08") */
		if (len == 10 || s->short_query || error_context(s, i)) {
			*via = k.via;
			return k.code;
		}
	}
	return NULL;
}

/* --- phrases ---------------------------------------------------------------
 */

static int cmp_pair(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;

	if (x->word != y->word)
		return x->word < y->word ? -1 : 1;
	return (x->pos > y->pos) - (x->pos < y->pos);
}

/* The first pair for vocabulary word v, or n_pairs. */
static size_t first_pair(const struct state *s, uint16_t v)
{
	size_t lo = 0, hi = s->n_pairs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->pairs[mid].word < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* A run of query words found in order in a field, ending at one cell. */
struct run {
	float weight;   /* the idf of the field words it matched */
	uint16_t step;  /* the field word it ends at, plus one; 0: unused */
	uint8_t len;    /* words matched */
	uint8_t strong; /* of those, the words that are not weak */
	uint8_t from;   /* the field word it starts at */
	bool negation;  /* it holds "no", "not" or "cannot" */
	bool noun;      /* it holds what failed: "connection", "host", ... */
};

/* True for the words that name what a socket error is about. */
static bool is_noun(const struct wsaerr_word *w)
{
	static const char *const nouns[] = {"connection", "socket",  "network",
	                                    "host",       "address", "route",
	                                    "peer"};

	for (size_t k = 0; k < sizeof(nouns) / sizeof(*nouns); k++) {
		if (wsaerr_casecmp(w->word, w->len, nouns[k],
		                   strlen(nouns[k])) == 0)
			return true;
	}
	return false;
}

/* True for the words that turn a message into a failure's. */
static bool is_negation_text(const char *w, size_t len)
{
	return wsaerr_casecmp(w, len, "no", 2) == 0 ||
	       wsaerr_casecmp(w, len, "not", 3) == 0 ||
	       wsaerr_casecmp(w, len, "cannot", 6) == 0;
}

static bool is_negation(const struct wsaerr_word *w)
{
	return is_negation_text(w->word, w->len);
}

/* The run that ends at field word j (cell `r`), or NULL when none does:
 * a cell holds a run only when step j wrote it. */
static const struct run *ending(const struct run *r, size_t j)
{
	return r->step == j + 1 ? r : NULL;
}

static bool better(const struct run *a, const struct run *b)
{
	if (a->strong != b->strong)
		return a->strong > b->strong;
	if (a->weight != b->weight)
		return a->weight > b->weight;
	return a->len > b->len;
}

/* True when vocabulary word v may have pairs: false is certain. */
static bool may_pair(const struct state *s, uint16_t v)
{
	return s->paired[(v / 64) % PAIRED_WORDS] & UINT64_C(1) << v % 64;
}

/*
 * The bonus of one field, words seq[0..n) with weight `fw`. A run is query
 * words found in order in the field; one weak word may be skipped on either
 * side ("network [is] unreachable", "connection [was] reset"). The best run
 * (most words that are not weak, then most weight) counts PHRASE_RUN of its
 * weight again, more as it covers more of the field, and PHRASE_WHOLE more
 * when it covers all of it. Its strong words go to *strongest when more.
 */
static bool socket_word(struct state *s);

static float phrase_bonus(struct state *s, const uint16_t *seq, size_t n,
                          float fw, bool strict, uint8_t *strongest)
{
	/* cells[j % 3][pos]: the run ending at field word j and query word
	 * pos; three rows, for one skipped field word. A cell is stamped
	 * with its step, so a row is never cleared: most field words are in
	 * no pair and write nothing */
	struct run cells[3][WSAERR_QUERY_MAX_WORDS];
	struct run best = {0, 0, 0, 0, 0, false, false};
	size_t best_end = 0, paired = 0;

	/* a run that counts has two strong words of the query: most fields
	 * (a code's many neighbours) have fewer, and cost no more than this */
	for (size_t j = 0; j < n && paired < 2; j++)
		paired += !s->t->words[seq[j]].weak && may_pair(s, seq[j]);
	if (paired < 2)
		return 0;
	for (size_t r = 0; r < 3; r++)
		memset(cells[r], 0, s->n_words * sizeof(cells[r][0]));
	for (size_t j = 0; j < n; j++) {
		struct run *now = cells[j % 3];
		const struct run *back1 = cells[(j + 2) % 3];
		const struct run *back2 = cells[(j + 1) % 3];
		const struct wsaerr_word *fword = &s->t->words[seq[j]];
		bool skip_field = j >= 2 && s->t->words[seq[j - 1]].weak;

		if (!may_pair(s, seq[j]))
			continue;
		for (size_t k = first_pair(s, seq[j]);
		     k < s->n_pairs && s->pairs[k].word == seq[j]; k++) {
			size_t pos = s->pairs[k].pos;
			bool skip_query =
			        pos >= 2 && s->words[pos - 1].kind == WEAK;
			struct run r = {0, 0, 0, 0, (uint8_t)j, false, false};
			const struct run *b;

			if (j >= 1 && pos >= 1 &&
			    (b = ending(&back1[pos - 1], j - 1)))
				r = *b;
			if (skip_field && pos >= 1 &&
			    (b = ending(&back2[pos - 1], j - 2)) &&
			    better(b, &r))
				r = *b;
			if (skip_query && j >= 1 &&
			    (b = ending(&back1[pos - 2], j - 1)) &&
			    better(b, &r))
				r = *b;
			r.step = (uint16_t)(j + 1);
			r.len++;
			/* a run of bigrams is one letter longer than its
			 * words: its first one is not a strong word, so
			 * that three strong words are five letters or more
			 * ("しました" of "失敗しました" is grammar) */
			r.strong = (uint8_t)(r.strong +
			                     (!fword->weak &&
			                      !(fword->wide && r.len == 1)));
			r.weight += fword->idf;
			r.negation = r.negation || is_negation(fword);
			r.noun = r.noun || is_noun(fword);
			now[pos] = r;
			if (better(&now[pos], &best)) {
				best = now[pos];
				best_end = j;
			}
		}
	}
	if (best.strong < 2)
		return 0;
	if (strict && best.strong < LONG_FIELD_RUN &&
	    !(best.from == 0 && best_end == n - 1))
		return 0; /* a neighbour's: "data available" is not "More data
		           * is available." */
	if (n <= SHORT_FIELD_WORDS) {
		size_t strong = 0;
		bool negation = false;

		for (size_t j = 0; j < n; j++) {
			strong += !s->t->words[seq[j]].weak;
			negation =
			        negation || is_negation(&s->t->words[seq[j]]);
		}
		if (negation && !best.negation)
			return 0;
		if (best.strong < strong && !best.noun && !socket_word(s))
			return 0;
	} else if (best.strong < LONG_FIELD_RUN &&
	           !(best.from == 0 && best_end == n - 1)) {
		return 0;
	}
	if (best.strong > *strongest)
		*strongest = best.strong;
	{
		/* words matched, not spanned: a skip makes a run worse */
		float coverage = (float)best.len / (float)n;
		bool whole = best.from == 0 && best_end == n - 1;

		return fw * best.weight *
		       (PHRASE_RUN * (0.5f + 0.5f * coverage) +
		        (whole ? PHRASE_WHOLE : 0));
	}
}

/*
 * True when a word of the query speaks of sockets (socket, connect, bind,
 * send, recv, tcp, Winsock, getaddrinfo, ...): then "Permission denied" or
 * "Invalid argument" may be a socket's. Looked for once, when needed.
 */
static bool socket_word(struct state *s)
{
	if (s->socket_word >= 0)
		return s->socket_word;
	s->socket_word = 0;
	for (size_t i = 0; i < s->n_words && !s->socket_word; i++)
		s->socket_word = is_socket_word(s->q + s->words[i].start,
		                                s->words[i].len);
	return s->socket_word;
}

/* Adds the phrase bonuses of the best-scoring codes. */
/* A code and its score, for choosing the codes whose phrases count. */
struct scored {
	float score;
	uint16_t idx;
};

/* By score, best first; then by value (the index), for one order. */
static int cmp_scored(const void *a, const void *b)
{
	const struct scored *x = a, *y = b;

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return (x->idx > y->idx) - (x->idx < y->idx);
}

static void score_phrases(struct state *s)
{
	const struct wsaerr_table *t = s->t;
	size_t n = t->n_codes, m = 0;
	struct scored best_codes[WSAERR_MAX_CODES];
	float top = 0;

	if (s->n_pairs == 0)
		return;
	qsort(s->pairs, s->n_pairs, sizeof(s->pairs[0]), cmp_pair);
	for (size_t c = 0; c < n; c++)
		top = s->score[c] > top ? s->score[c] : top;
	for (size_t c = 0; c < n; c++) {
		if (s->score[c] > 0 && s->score[c] >= TAIL * top)
			best_codes[m++] =
			        (struct scored){s->score[c], (uint16_t)c};
	}
	/* the best MAX_PHRASED by their words, not the first by value: a
	 * typed query's prefixes reach many codes */
	if (m > MAX_PHRASED) {
		qsort(best_codes, m, sizeof(best_codes[0]), cmp_scored);
		m = MAX_PHRASED;
	}
	for (size_t i = 0; i < m; i++) {
		size_t c = best_codes[i].idx;
		const struct wsaerr_code *code = &t->codes[c];

		/* a text other errors print too names this code only beside
		 * a socket word */
		bool generic_ok = socket_word(s);
		float msg =
		        (code->generic & WSAERR_FIELD_MESSAGE) && !generic_ok
		                ? 0
		                : phrase_bonus(s, t->sequence + code->msg_at,
		                               code->msg_len, W_MESSAGE, false,
		                               &s->phrase[c]);
		float sys =
		        (code->generic & WSAERR_FIELD_SYSTEM) && !generic_ok
		                ? 0
		                : phrase_bonus(s, t->sequence + code->sys_at,
		                               code->sys_len, W_SYSTEM, false,
		                               &s->phrase[c]);

		float best = msg > sys ? msg : sys;

		/* what Windows prints for a neighbour of it: found through
		 * the neighbour, unless the code's own text does better */
		for (size_t k = t->nb_at ? t->nb_at[c] : 0;
		     t->nb_at && k < t->nb_at[c + 1]; k++) {
			const struct wsaerr_neighbour *nb =
			        &t->neighbours[t->nb_by_code[k]];
			float nbx =
			        nb->msg_len == 0 || (nb->generic && !generic_ok)
			                ? 0
			                : phrase_bonus(s,
			                               t->sequence + nb->msg_at,
			                               nb->msg_len, W_NEIGHBOUR,
			                               true, &s->phrase[c]);

			if (nbx > best) {
				best = nbx;
				if (!s->named[c])
					s->via[c] = nb;
			}
		}

		/* what Linux and macOS print for it, as the message */
		for (unsigned k = 0; k < code->posix.n_texts; k++) {
			float ptx =
			        (code->generic & WSAERR_FIELD_MESSAGE) &&
			                        !generic_ok
			                ? 0
			                : phrase_bonus(
			                          s,
			                          t->sequence + code->ptx_at[k],
			                          code->ptx_len[k], W_MESSAGE,
			                          false, &s->phrase[c]);

			best = ptx > best ? ptx : best;
		}

		/* what Windows in another language prints for it: only a
		 * run of three strong words or the whole text counts, as in
		 * a neighbour's (no list of each language's "not") */
		for (size_t k = t->loc_at ? t->loc_at[c] : 0;
		     t->loc_at && k < t->loc_at[c + 1]; k++) {
			const struct wsaerr_localized *lc = &t->localized[k];
			float lx = phrase_bonus(
			        s, t->sequence + lc->msg_at, lc->msg_len,
			        lc->neighbour ? W_NEIGHBOUR : W_LOCALIZED, true,
			        &s->phrase[c]);

			if (lx > best) {
				const struct wsaerr_neighbour *nb =
				        lc->neighbour
				                ? &t->neighbours[lc->neighbour -
				                                 1]
				                : NULL;

				best = lx;
				s->loc[c] = lc;
				/* a neighbour's: found through the neighbour */
				if (!s->named[c])
					s->via[c] = nb;
			}
		}
		/* the better field: a message that repeats its system message
		 * is not twice the evidence */
		s->score[c] += best;
	}
}

/* --- the search ------------------------------------------------------------
 */

/*
 * Cuts the query q[0..*len) to what is searched, and makes its search form
 * s->q; false when it is not text. *len becomes the bytes of q searched.
 */
static bool cut_query(struct state *s, const char *q, size_t *len,
                      bool *truncated)
{
	size_t pos = 0, start, wlen, consumed;

	*truncated = false;
	if (*len > WSAERR_QUERY_MAX_BYTES) {
		size_t n = WSAERR_QUERY_MAX_BYTES;

		/* back to the start of a character */
		while (n > 0 && ((unsigned char)q[n] & 0xC0) == 0x80)
			n--;
		*len = n;
		*truncated = true;
	}
	if (memchr(q, '\0', *len) || !wsaerr_utf8_valid(q, *len))
		return false;
	s->len = wsaerr_fold(q, *len, s->folded, sizeof(s->folded),
	                     s->fold_flags, s->fold_from, &consumed);
	s->q = s->folded;
	if (consumed < *len) {
		*len = consumed;
		*truncated = true;
	}
	while (wsaerr_next_folded_word(s->q, s->len, &pos, &start, &wlen)) {
		struct qword *w = &s->words[s->n_words];

		if (s->n_words == WSAERR_QUERY_MAX_WORDS) {
			*truncated = true;
			/* the whole query is what was searched */
			*len = s->fold_from[start];
			s->len = start;
			break;
		}
		*w = (struct qword){(uint16_t)start,
		                    (uint16_t)wlen,
		                    0,
		                    0,
		                    TEXT,
		                    0,
		                    true,
		                    false};
		for (size_t k = start; k < start + wlen; k++) {
			w->fold |= s->fold_flags[k];
			w->ascii = w->ascii && (unsigned char)s->q[k] < 0x80 &&
			           s->q[k] != WSAERR_FOLD_WILD;
			w->damaged = w->damaged || s->q[k] == WSAERR_FOLD_WILD;
		}
		s->n_words++;
	}
	return true;
}

/*
 * True when the query's words explain code c well enough to show it: a run
 * of two or more of them in its message or system message, or, in a typed
 * query, every one of its words found in the code's own short texts (see
 * GOOD_EXACT), but for socket words, which say what the query is about:
 * "bad address", "refus" and "socket refused" explain their codes, and
 * a query that says "no", "not" or "cannot" only codes whose texts do;
 * "Command has been aborted", "Link in reset" and "normal", log fragments
 * that share a word with a code, do not.
 */
/* True when one of code c's own texts holds "no", "not" or "cannot". */
static bool code_negates(const struct state *s, size_t c)
{
	const struct wsaerr_table *t = s->t;
	const struct wsaerr_code *code = &t->codes[c];
	uint16_t at[2 + WSAERR_MAX_POSIX_TEXTS] = {code->msg_at, code->sys_at};
	uint16_t len[2 + WSAERR_MAX_POSIX_TEXTS] = {code->msg_len,
	                                            code->sys_len};

	for (unsigned k = 0; k < code->posix.n_texts; k++) {
		at[2 + k] = code->ptx_at[k];
		len[2 + k] = code->ptx_len[k];
	}
	for (size_t f = 0; f < 2u + code->posix.n_texts; f++) {
		for (size_t j = at[f]; j < (size_t)at[f] + len[f]; j++) {
			if (is_negation(&t->words[t->sequence[j]]))
				return true;
		}
	}
	return false;
}

static bool explained(const struct state *s, size_t c)
{
	/* a socket word the code lacks only says what the query is about */
	size_t context = (size_t)s->context_words - s->context_hit[c];

	/* and "not connected" is not "Socket is already connected." */
	return s->phrase[c] >= 2 ||
	       (s->typed && s->words_matched[c] >= 1 &&
	        s->words_matched[c] + context >= s->text_words &&
	        (!s->negated || code_negates(s, c)));
}

/* True when the whole query is one bare .NET name ("Shutdown"): as a key it
 * resolves, but in a search it is only a word. */
static bool bare_dotnet_name(const struct state *s)
{
	const struct wsaerr_name *n;

	if (s->n_words != 1)
		return false;
	n = wsaerr_table_find_name(s->t, s->q + s->words[0].start,
	                           s->words[0].len);
	return n && n->kind == WSAERR_NAME_DOTNET;
}

struct ranked {
	float score;
	uint16_t idx;
	bool named;
	uint8_t evidence; /* enum wsaerr_evidence */
};

/* A step of the calibration: from this score up, in its cell, this
 * confidence (see search.h; made by eval-search --calibrate). */
struct step {
	uint8_t evidence; /* enum wsaerr_evidence */
	bool first;
	float score;
	float confidence;
	unsigned right, seen; /* what it was measured on */
};

static const struct step calibration[] = {
#include "calibration.h"
};

/* The calibrated confidence of a candidate; 0 in a cell never measured. */
static double confidence(enum wsaerr_evidence e, bool first, float score)
{
	const struct step *at = NULL;

	for (size_t i = 0; i < sizeof(calibration) / sizeof(calibration[0]);
	     i++) {
		const struct step *st = &calibration[i];

		if (st->evidence != e || st->first != first)
			continue;
		/* steps rise with the score; below the first, the first */
		if (!at || st->score <= score)
			at = st;
	}
	return at ? at->confidence : 0;
}

static enum wsaerr_evidence evidence(const struct state *s, size_t c)
{
	if (s->named[c])
		return WSAERR_EVIDENCE_NAMED;
	if (s->phrase[c] >= 2)
		return WSAERR_EVIDENCE_PHRASE;
	if (explained(s, c))
		return s->fuzzy[c] ? WSAERR_EVIDENCE_TYPO
		                   : WSAERR_EVIDENCE_TYPED;
	return WSAERR_EVIDENCE_NONE;
}

const char *wsaerr_evidence_slug(enum wsaerr_evidence e)
{
#define WSAERR_EVIDENCE_SLUG(id, slug)                                         \
	case id:                                                               \
		return slug;
	switch (e) {
		WSAERR_EVIDENCE(WSAERR_EVIDENCE_SLUG)
	case WSAERR_N_EVIDENCE:
		break;
	}
#undef WSAERR_EVIDENCE_SLUG
	return "unknown";
}

static int cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->named != y->named)
		return x->named ? -1 : 1;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	/* codes are in value order, so the index orders by value */
	return (x->idx > y->idx) - (x->idx < y->idx);
}

/*
 * True when the query reads as typed, not pasted: a few words, at most one
 * of them a number, in a short text. A log line with a timestamp, a pid
 * and a counter is not, however few its words.
 */
static bool short_query(const struct state *s)
{
	size_t numbers = 0;

	for (size_t i = 0; i < s->n_words; i++)
		numbers +=
		        all_digits(s->q + s->words[i].start, s->words[i].len);
	/* the marks of a log's structure: a key and its value, a list item,
	 * a comment, a bracketed field ("version:", "- memory", "# destroy
	 * io", "sshd[10035]") */
	size_t lead = 0;

	/* a character lost to bytes that were not UTF-8 came from a machine
	 * (a log read in the wrong code page, a binary file), not a person */
	if (memchr(s->q, WSAERR_FOLD_WILD, s->len))
		return false;
	while (lead < s->len && (s->q[lead] == ' ' || s->q[lead] == '\t'))
		lead++;
	if (lead < s->len && (s->q[lead] == '-' || s->q[lead] == '#'))
		return false;
	for (size_t i = 0; i < s->len; i++) {
		if (strchr(":=[]<>(){}|*", s->q[i]))
			return false;
	}
	return s->n_words <= WSAERR_TYPED_WORDS + 2 && numbers <= 1 &&
	       s->len <= WSAERR_TYPED_BYTES;
}

/*
 * Gives each candidate of ranked[0..n) (in order) its confidence, and
 * keeps the answer in place: nothing when the first is below the
 * threshold; else it and the others down to a fifth of the best score
 * (`top`), in opts' category. Returns how many were kept, and writes the
 * page of them that opts asks for into out. With opts->candidates, keeps
 * them all.
 */
static size_t answer(const struct state *s,
                     const struct wsaerr_search_opts *opts,
                     struct ranked *ranked, size_t n, float top,
                     struct wsaerr_search_result *out)
{
	const struct wsaerr_table *t = s->t;
	size_t kept = 0;
	bool first = true;

	for (size_t i = 0; i < n; i++) {
		struct ranked r = ranked[i];
		size_t c = r.idx;
		bool is_first = first && r.evidence != WSAERR_EVIDENCE_NONE;
		double conf = confidence(r.evidence, is_first, s->score[c]);

		if (is_first && !opts->candidates &&
		    conf < WSAERR_SEARCH_MIN_CONFIDENCE)
			return 0;
		first = first && !is_first;
		if (!opts->candidates &&
		    ((!r.named && s->score[c] < TAIL * top) ||
		     (opts->category >= 0 &&
		      (int)t->codes[c].category != opts->category)))
			continue;
		if (kept++ < opts->offset || out->count >= opts->limit)
			continue;

		struct wsaerr_hit *h = &out->hits[out->count++];

		h->code = &t->codes[c];
		h->score = r.score;
		h->fields = s->fields[c] | (r.named ? WSAERR_MATCHED_KEY : 0);
		h->fuzzy = s->fuzzy[c];
		h->via = s->via[c];
		h->loc = s->loc[c];
		h->confidence = conf;
		h->evidence = r.evidence;
		h->first = is_first;
	}
	return kept;
}

/* Classifies each word: a key, a number, a repeat, or text to score. */
static size_t classify(struct state *s)
{
	size_t text = 0;

	for (size_t i = 0; i < s->n_words; i++) {
		struct qword *w = &s->words[i];
		const struct wsaerr_neighbour *via;
		const struct wsaerr_code *c = named_by(s, i, &via);

		if (c) {
			size_t idx = (size_t)(c - s->t->codes);

			w->kind = KEY;
			/* the first neighbour that named it */
			if (!s->named[idx] || (via && !s->via[idx]))
				s->via[idx] = via;
			s->named[idx] = true;
			continue;
		}
		if (all_digits(s->q + w->start, w->len)) {
			w->kind = NUMBER;
			continue;
		}
		/* a letter alone ("e", the part of WSA_E_NO_MORE, or what is
		 * left of a binary line) is no evidence */
		if (wsaerr_is_weak_word(s->q + w->start, w->len) ||
		    (w->len == 1 && w->ascii)) {
			w->kind = WEAK;
			continue;
		}
		for (size_t k = 0; k < i; k++) {
			if (s->words[k].kind == TEXT &&
			    s->words[k].len == w->len &&
			    wsaerr_casecmp(s->q + s->words[k].start,
			                   s->words[k].len, s->q + w->start,
			                   w->len) == 0) {
				w->kind = REPEAT;
				break;
			}
		}
		text += w->kind == TEXT;
	}
	return text;
}

enum wsaerr_search_status wsaerr_search(const struct wsaerr_table *t,
                                        const char *q, size_t len,
                                        const struct wsaerr_search_opts *opts,
                                        struct wsaerr_search_result *out)
{
	static const struct wsaerr_search_opts all = {0, SIZE_MAX, -1, false};
	struct state s;
	struct ranked ranked[WSAERR_MAX_CODES];
	struct wsaerr_key whole;
	size_t n = t->n_codes, hits = 0;
	bool truncated;
	float top = 0;

	memset(out, 0, sizeof(*out));
	memset(&s, 0, offsetof(struct state, folded));
	memset(&s.words, 0, sizeof(s) - offsetof(struct state, words));
	s.t = t;
	s.socket_word = -1;
	if (!opts)
		opts = &all;
	if (!cut_query(&s, q, &len, &truncated))
		return WSAERR_SEARCH_BAD_TEXT;
	if (s.n_words == 0)
		return WSAERR_SEARCH_EMPTY;
	if (wsaerr_key_lookup(t, q, len, &whole) == WSAERR_KEY_OK &&
	    !bare_dotnet_name(&s)) {
		s.named[whole.code - t->codes] = true;
		s.via[whole.code - t->codes] = whole.via;
	}
	s.short_query = short_query(&s);
	s.text_words = classify(&s);
	s.typed = s.short_query && s.text_words <= WSAERR_TYPED_WORDS;
	for (size_t i = 0; s.typed && i < s.n_words; i++)
		s.negated =
		        s.negated || is_negation_text(s.q + s.words[i].start,
		                                      s.words[i].len);
	for (size_t i = 0; i < s.n_words; i++) {
		if (s.words[i].kind == TEXT || s.words[i].kind == WEAK ||
		    s.words[i].kind == REPEAT)
			score_word(&s, &s.words[i]);
	}
	score_phrases(&s);

	for (size_t c = 0; c < n; c++)
		top = !s.named[c] && s.score[c] > top ? s.score[c] : top;
	for (size_t c = 0; c < n; c++) {
		if (!s.named[c] && s.score[c] <= 0)
			continue; /* most codes: no word of the query */

		enum wsaerr_evidence e = evidence(&s, c);

		if (e == WSAERR_EVIDENCE_NONE && !opts->candidates)
			continue;
		ranked[hits++] = (struct ranked){
		        s.score[c] + (s.named[c] ? WSAERR_SEARCH_KEY_SCORE : 0),
		        (uint16_t)c, s.named[c], (uint8_t)e};
	}
	qsort(ranked, hits, sizeof(ranked[0]), cmp_ranked);
	hits = answer(&s, opts, ranked, hits, top, out);
	out->total = hits;
	out->truncated = truncated;
	out->searched = len;
	return WSAERR_SEARCH_OK;
}

const char *wsaerr_search_status_message(enum wsaerr_search_status st)
{
#define WSAERR_SEARCH_STATUSES_MESSAGE(suffix, message)                        \
	case WSAERR_SEARCH_##suffix:                                           \
		return message;
	switch (st) {
		WSAERR_SEARCH_STATUSES(WSAERR_SEARCH_STATUSES_MESSAGE)
	}
#undef WSAERR_SEARCH_STATUSES_MESSAGE
	return "unknown search status";
}

size_t wsaerr_matched_names(unsigned fields, const char **names, size_t max)
{
	static const struct {
		unsigned bit;
		const char *name;
	} order[] = {
	        {WSAERR_MATCHED_KEY, "key"},
	        {WSAERR_FIELD_NAME, "name"},
	        {WSAERR_FIELD_DOTNET, "dotnet"},
	        {WSAERR_FIELD_SYSTEM, "system_message"},
	        {WSAERR_FIELD_LOCALIZED, "localized"},
	        {WSAERR_FIELD_MESSAGE, "message"},
	        {WSAERR_FIELD_POSIX, "posix_text"},
	        {WSAERR_FIELD_NEIGHBOUR, "neighbour_message"},
	        {WSAERR_FIELD_DESCRIPTION, "description"},
	};
	size_t n = 0;

	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]) && n < max;
	     i++) {
		if (fields & order[i].bit)
			names[n++] = order[i].name;
	}
	return n;
}
