#include "neighbour.h"

#include "text.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define MAX_COLUMNS 11

static const char *const win32_columns[] = {
        "win32_code",   "win32_name",   "system_message",
        "winsock_code", "winsock_name", "basis",
        "sources",      "confidence",   NULL};
static const char *const ntstatus_columns[] = {
        "ntstatus",     "ntstatus_name", "message",    "win32_code",
        "winsock_code", "sources",       "win32_name", "wine_ws2_32",
        "libuv",        "reactos_msafd", "notes",      NULL};

/* The per-source columns of ntstatus.tsv, and how the basis names them. */
static const struct {
	size_t column;
	const char *title;
} nt_sources[] = {{7, "Wine ws2_32"}, {8, "libuv"}, {9, "ReactOS msafd"}};

/* Cuts s at tabs into at most max columns; how many. */
static size_t split(char *s, char **cols, size_t max)
{
	size_t n = 0;

	for (;;) {
		char *tab = strchr(s, '\t');

		if (n == max)
			return max + 1; /* too many */
		cols[n++] = s;
		if (!tab)
			return n;
		*tab = '\0';
		s = tab + 1;
	}
}

/* A decimal number below 65536, or a 0x hex number of 32 bits when hex. */
static bool parse_number(const char *s, bool hex, uint32_t *out)
{
	unsigned long v;

	if (hex) {
		uint64_t x = 0;
		size_t len = strlen(s);

		if (len < 3 || len > 10 || s[0] != '0' || s[1] != 'x')
			return false;
		for (size_t i = 2; i < len; i++) {
			int d = wsaerr_hex_digit(s[i]);

			if (d < 0)
				return false;
			x = x * 16 + (uint64_t)d;
		}
		*out = (uint32_t)x;
		return true;
	}
	if (!wsaerr_parse_decimal(s, strlen(s), 65535, &v) || v == 0)
		return false;
	*out = (uint32_t)v;
	return true;
}

/* A name as the headers spell it: A-Z, 0-9 and '_', from a letter (and,
 * the caller checks, with a '_'). */
static bool valid_name(const char *s)
{
	if (!(s[0] >= 'A' && s[0] <= 'Z'))
		return false;
	for (; *s; s++) {
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      *s == '_'))
			return false;
	}
	return true;
}

/* Turns each two-character "\n" of s into a line break, in place. */
static void unescape(char *s)
{
	char *w = s;

	for (const char *r = s; *r; r++) {
		if (r[0] == '\\' && r[1] == 'n') {
			*w++ = '\n';
			r++;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
}

/* "high (why)" into its confidence and its why; false when unknown. */
static bool parse_confidence(char *s, struct wsaerr_neighbour *nb)
{
	static const struct {
		const char *word;
		enum wsaerr_confidence c;
	} words[] = {{"high", WSAERR_CONF_HIGH},
	             {"medium", WSAERR_CONF_MEDIUM},
	             {"low", WSAERR_CONF_LOW},
	             {"n/a", WSAERR_CONF_NONE}};

	for (size_t i = 0; i < sizeof(words) / sizeof(*words); i++) {
		size_t len = strlen(words[i].word);

		if (strncmp(s, words[i].word, len) == 0 &&
		    (s[len] == '\0' || s[len] == ' ')) {
			nb->confidence = (uint8_t)words[i].c;
			nb->note = s[len] ? s + len + 1 : "";
			nb->conflict = strstr(s, "disagree") != NULL ||
			               strstr(s, "conflict") != NULL;
			return true;
		}
	}
	return false;
}

/* Appends a formatted string to the arena; NULL when it does not fit. */
static const char *arena_printf(char *arena, size_t size, size_t *used,
                                const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

static const char *arena_printf(char *arena, size_t size, size_t *used,
                                const char *fmt, ...)
{
	va_list ap;
	int n;
	char *at = arena + *used;

	if (*used >= size)
		return NULL;
	va_start(ap, fmt);
	n = vsnprintf(at, size - *used, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size - *used)
		return NULL;
	*used += (size_t)n + 1;
	return at;
}

/* The value a source column gives: "WSAECONNRESET(10054)" is 10054; "-",
 * none, is 0. */
static unsigned source_value(const char *s)
{
	const char *open = strchr(s, '(');
	unsigned long v;

	if (!open ||
	    !wsaerr_parse_decimal(open + 1, strcspn(open + 1, ")"), 65535, &v))
		return 0;
	return (unsigned)v;
}

/* One NTSTATUS row: the confidence and the basis, from the sources. */
static bool ntstatus_row(char **cols, struct wsaerr_neighbour *nb, char *arena,
                         size_t size, size_t *used)
{
	unsigned agree = 0;
	char given[3][64];

	for (size_t i = 0; i < 3; i++) {
		const char *v = cols[nt_sources[i].column];

		agree += nb->winsock && source_value(v) == nb->winsock;
		snprintf(given[i], sizeof(given[i]), "%s",
		         strcmp(v, "-") == 0 ? "no entry" : v);
	}
	nb->note = cols[10];
	nb->conflict = strstr(cols[10], "CONFLICT") != NULL;
	nb->confidence = !nb->winsock   ? WSAERR_CONF_NONE
	                 : nb->conflict ? WSAERR_CONF_LOW
	                 : agree >= 3   ? WSAERR_CONF_HIGH
	                 : agree == 2   ? WSAERR_CONF_MEDIUM
	                                : WSAERR_CONF_LOW;
	nb->basis = arena_printf(
	        arena, size, used,
	        "RtlNtStatusToDosError (Wine ntdll): %u %s; to Winsock: "
	        "%s: %s; %s: %s; %s: %s",
	        nb->win32, cols[6], nt_sources[0].title, given[0],
	        nt_sources[1].title, given[1], nt_sources[2].title, given[2]);
	return nb->basis != NULL;
}

/* Checks the header line against the columns expected. */
static bool check_header(char *line, const char *const *want,
                         struct wsaerr_load_error *err, unsigned lineno)
{
	char *cols[MAX_COLUMNS + 1];
	size_t n = split(line, cols, MAX_COLUMNS), k = 0;

	for (; want[k]; k++) {
		if (k >= n || strcmp(cols[k], want[k]) != 0)
			return wsaerr_load_fail(err, lineno,
			                        "column %zu must be '%s'",
			                        k + 1, want[k]);
	}
	if (n != k)
		return wsaerr_load_fail(err, lineno, "%zu columns, not %zu", n,
		                        k);
	return true;
}

/*
 * Cuts the line at s (of text[0..len)) in place, *end at its end: 1 for a
 * row, 0 for a comment or an empty line, -1 (err filled in) when it is not
 * UTF-8 text.
 */
static int next_row(char *text, size_t len, char *s, char **end,
                    unsigned lineno, struct wsaerr_load_error *err)
{
	char *e = memchr(s, '\n', (size_t)(text + len - s));
	size_t line_len;

	if (!e)
		e = text + len;
	*e = '\0';
	*end = e;
	line_len = (size_t)(e - s);
	if (line_len > 0 && s[line_len - 1] == '\r')
		s[--line_len] = '\0';
	if (memchr(s, '\0', line_len) || !wsaerr_utf8_valid(s, line_len)) {
		wsaerr_load_fail(err, lineno, "not UTF-8 text");
		return -1;
	}
	return s[0] != '#' && s[0] != '\0';
}

bool wsaerr_neighbours_parse(char *text, size_t len, enum wsaerr_space space,
                             struct wsaerr_neighbour *out, size_t max,
                             size_t *n, char *arena, size_t arena_size,
                             size_t *used, struct wsaerr_load_error *err)
{
	const char *const *want =
	        space == WSAERR_SPACE_WIN32 ? win32_columns : ntstatus_columns;
	size_t n_cols = space == WSAERR_SPACE_WIN32 ? 8 : 11;
	bool header = false;
	unsigned lineno = 0;

	for (char *s = text, *end; s < text + len; s = end + 1) {
		char *cols[MAX_COLUMNS + 1];
		struct wsaerr_neighbour *nb;
		uint32_t win32 = 0, winsock = 0;
		int row = next_row(text, len, s, &end, ++lineno, err);

		if (row < 0)
			return false;
		if (row == 0)
			continue;
		if (!header) {
			if (!check_header(s, want, err, lineno))
				return false;
			header = true;
			continue;
		}
		if (split(s, cols, MAX_COLUMNS) != n_cols)
			return wsaerr_load_fail(err, lineno, "not %zu columns",
			                        n_cols);
		if (*n == max)
			return wsaerr_load_fail(
			        err, lineno, "more than %zu neighbours", max);
		nb = &out[(*n)++];
		memset(nb, 0, sizeof(*nb));
		nb->space = (uint8_t)space;
		if (!parse_number(cols[0], space == WSAERR_SPACE_NTSTATUS,
		                  &nb->value))
			return wsaerr_load_fail(
			        err, lineno, "'%s' is not a %s value", cols[0],
			        wsaerr_space_slug(space));
		/* search looks a name up only in a word with a '_' */
		if (!valid_name(cols[1]) || !strchr(cols[1], '_'))
			return wsaerr_load_fail(err, lineno,
			                        "'%s' is not a name", cols[1]);
		nb->name = cols[1];
		unescape(cols[2]);
		/* the header's text for STATUS_TIMEOUT is its own name */
		nb->message = strcmp(cols[2], cols[1]) == 0 ? "" : cols[2];
		nb->sources = space == WSAERR_SPACE_WIN32 ? cols[6] : cols[5];
		if (cols[space == WSAERR_SPACE_WIN32 ? 3 : 4][0] &&
		    !parse_number(cols[space == WSAERR_SPACE_WIN32 ? 3 : 4],
		                  false, &winsock))
			return wsaerr_load_fail(err, lineno,
			                        "bad Winsock code");
		nb->winsock = winsock;
		if (space == WSAERR_SPACE_WIN32) {
			nb->win32 = nb->value;
			nb->basis = cols[5];
			if (!parse_confidence(cols[7], nb))
				return wsaerr_load_fail(
				        err, lineno,
				        "confidence must start with high, "
				        "medium, low or n/a");
			if ((nb->confidence == WSAERR_CONF_NONE) !=
			    (nb->winsock == 0))
				return wsaerr_load_fail(
				        err, lineno,
				        "a Winsock code needs a confidence, "
				        "and n/a none");
		} else {
			if (!parse_number(cols[3], false, &win32))
				return wsaerr_load_fail(err, lineno,
				                        "bad Win32 code");
			nb->win32 = win32;
			if (!ntstatus_row(cols, nb, arena, arena_size, used))
				return wsaerr_load_fail(err, lineno,
				                        "out of memory");
		}
		if (!nb->sources[0])
			return wsaerr_load_fail(err, lineno,
			                        "a row needs its sources");
	}
	if (!header)
		return wsaerr_load_fail(err, 0, "no header line");
	return true;
}

/* A language tag as the data spells it: "de", "zh-CN", "pt-BR". */
static bool valid_lang(const char *s)
{
	size_t n = 0;

	while (s[n] >= 'a' && s[n] <= 'z')
		n++;
	if (n < 2 || n > 3)
		return false;
	if (s[n] == '\0')
		return true;
	return s[n] == '-' && s[n + 1] >= 'A' && s[n + 1] <= 'Z' &&
	       s[n + 2] >= 'A' && s[n + 2] <= 'Z' && s[n + 3] == '\0';
}

bool wsaerr_localized_parse(char *text, size_t len,
                            struct wsaerr_localized_row *out, size_t max,
                            size_t *n, struct wsaerr_load_error *err)
{
	static const char *const want[] = {"code",    "name",   "lang",
	                                   "message", "source", NULL};
	bool header = false;
	unsigned lineno = 0;

	for (char *s = text, *end; s < text + len; s = end + 1) {
		char *cols[MAX_COLUMNS + 1];
		struct wsaerr_localized_row *r;
		int row = next_row(text, len, s, &end, ++lineno, err);

		if (row < 0)
			return false;
		if (row == 0)
			continue;
		if (!header) {
			if (!check_header(s, want, err, lineno))
				return false;
			header = true;
			continue;
		}
		if (split(s, cols, MAX_COLUMNS) != 5)
			return wsaerr_load_fail(err, lineno, "not 5 columns");
		if (*n == max)
			return wsaerr_load_fail(err, lineno,
			                        "more than %zu localized texts",
			                        max);
		r = &out[(*n)++];
		r->line = lineno;
		if (!parse_number(cols[0], false, &r->value))
			return wsaerr_load_fail(err, lineno,
			                        "'%s' is not a code", cols[0]);
		r->name = cols[1];
		if (!valid_lang(cols[2]))
			return wsaerr_load_fail(
			        err, lineno,
			        "'%s' is not a language tag (de, zh-CN)",
			        cols[2]);
		r->lang = cols[2];
		unescape(cols[3]);
		r->message = cols[3];
		r->source = cols[4];
		if (!r->message[0] || !r->source[0])
			return wsaerr_load_fail(
			        err, lineno, "a row needs its text and source");
	}
	if (!header)
		return wsaerr_load_fail(err, 0, "no header line");
	return true;
}
