#include "text.h"

#include <string.h>

bool wsaerr_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		unsigned char c = p[i];
		size_t need;
		unsigned cp;
		unsigned min;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			need = 1;
			cp = c & 0x1Fu;
			min = 0x80;
		} else if (c >= 0xE0 && c <= 0xEF) {
			need = 2;
			cp = c & 0x0Fu;
			min = 0x800;
		} else if (c >= 0xF0 && c <= 0xF4) {
			need = 3;
			cp = c & 0x07u;
			min = 0x10000;
		} else {
			return false;
		}
		if (len - i <= need)
			return false;
		for (size_t k = 1; k <= need; k++) {
			if ((p[i + k] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i + k] & 0x3Fu);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += need + 1;
	}
	return true;
}

int wsaerr_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool wsaerr_is_word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

bool wsaerr_next_word(const char *s, size_t len, size_t *pos, size_t *start,
                      size_t *wlen)
{
	size_t i = *pos;

	while (i < len && !wsaerr_is_word_byte((unsigned char)s[i]))
		i++;
	if (i >= len) {
		*pos = len;
		return false;
	}
	*start = i;
	while (i < len && wsaerr_is_word_byte((unsigned char)s[i]))
		i++;
	*wlen = i - *start;
	*pos = i;
	return true;
}

static unsigned char lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + ('a' - 'A')) : c;
}

bool wsaerr_parse_decimal(const char *s, size_t len, unsigned long max,
                          unsigned long *out)
{
	unsigned long v = 0;

	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned d;

		if (s[i] < '0' || s[i] > '9')
			return false;
		d = (unsigned)(s[i] - '0');
		if (v > (max - d) / 10)
			return false; /* v * 10 + d would pass max */
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

/* sorted, for the binary search */
const char *const wsaerr_weak_words[] = {
        "a",       "after",  "an",      "and",   "are",       "as",
        "at",      "be",     "because", "been",  "before",    "but",
        "by",      "can",    "cannot",  "could", "debug",     "did",
        "do",      "does",   "during",  "error", "errors",    "exception",
        "fail",    "failed", "failure", "fatal", "for",       "from",
        "has",     "have",   "if",      "in",    "info",      "into",
        "is",      "it",     "its",     "may",   "must",      "no",
        "not",     "of",     "on",      "or",    "should",    "so",
        "than",    "that",   "the",     "then",  "there",     "these",
        "they",    "this",   "to",      "trace", "unhandled", "warn",
        "warning", "was",    "were",    "when",  "where",     "which",
        "while",   "will",   "with",    "would",
};
const size_t wsaerr_n_weak_words =
        sizeof(wsaerr_weak_words) / sizeof(wsaerr_weak_words[0]);

bool wsaerr_is_weak_word(const char *w, size_t len)
{
	size_t lo = 0, hi = wsaerr_n_weak_words;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = wsaerr_casecmp_str(wsaerr_weak_words[mid], w, len);

		if (c == 0)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

int wsaerr_casecmp(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t n = alen < blen ? alen : blen;

	for (size_t i = 0; i < n; i++) {
		unsigned char ca = lower((unsigned char)a[i]);
		unsigned char cb = lower((unsigned char)b[i]);

		if (ca != cb)
			return ca < cb ? -1 : 1;
	}
	if (alen == blen)
		return 0;
	return alen < blen ? -1 : 1;
}

char *wsaerr_put_uint(char *p, uint64_t v, unsigned digits)
{
	char d[24];
	size_t n = 0;

	do {
		d[n++] = (char)('0' + v % 10);
		v /= 10;
	} while ((v > 0 || n < digits) && n < sizeof(d));
	while (n > 0)
		*p++ = d[--n];
	return p;
}

int wsaerr_casecmp_str(const char *a, const char *b, size_t blen)
{
	for (size_t i = 0; i < blen; i++) {
		unsigned char ca = lower((unsigned char)a[i]);
		unsigned char cb = lower((unsigned char)b[i]);

		if (a[i] == '\0')
			return -1; /* a is the shorter, and a prefix of b */
		if (ca != cb)
			return ca < cb ? -1 : 1;
	}
	return a[blen] == '\0' ? 0 : 1;
}

bool wsaerr_has_prefix(const char *s, size_t slen, const char *p, size_t plen)
{
	return plen <= slen && wsaerr_casecmp(s, plen, p, plen) == 0;
}

static unsigned min3(unsigned a, unsigned b, unsigned c)
{
	unsigned m = a < b ? a : b;

	return m < c ? m : c;
}

unsigned wsaerr_edit_distance(const char *a, size_t alen, const char *b,
                              size_t blen, unsigned max)
{
	/* Three rows of the dynamic-programming matrix, on the stack. */
	unsigned rows[3][WSAERR_EDIT_MAX_LEN + 1];
	unsigned *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
	size_t diff = alen > blen ? alen - blen : blen - alen;

	if (alen > WSAERR_EDIT_MAX_LEN || blen > WSAERR_EDIT_MAX_LEN ||
	    diff > max)
		return max + 1;
	for (size_t j = 0; j <= blen; j++)
		prev[j] = (unsigned)j;
	for (size_t i = 1; i <= alen; i++) {
		unsigned best = (unsigned)i;
		unsigned *t;

		cur[0] = (unsigned)i;
		for (size_t j = 1; j <= blen; j++) {
			unsigned char ca = lower((unsigned char)a[i - 1]);
			unsigned char cb = lower((unsigned char)b[j - 1]);
			unsigned cost = ca != cb;
			unsigned d = min3(prev[j] + 1, cur[j - 1] + 1,
			                  prev[j - 1] + cost);

			if (i > 1 && j > 1 &&
			    ca == lower((unsigned char)b[j - 2]) &&
			    lower((unsigned char)a[i - 2]) == cb &&
			    prev2[j - 2] + 1 < d)
				d = prev2[j - 2] + 1;
			cur[j] = d;
			if (d < best)
				best = d;
		}
		if (best > max)
			return max + 1;
		t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[blen] <= max ? prev[blen] : max + 1;
}

/* Character classes for the bound: a-z (any case), 0-9, then the rest. */
#define BAG_SIZE WSAERR_BAG_SIZE

static unsigned bag_index(unsigned char c)
{
	c = lower(c);
	if (c >= 'a' && c <= 'z')
		return c - 'a';
	if (c >= '0' && c <= '9')
		return 26u + (c - '0');
	return c == '_' ? 36u : 37u;
}

uint64_t wsaerr_bag_mask(const char *w, size_t len)
{
	uint64_t mask = 0;

	for (size_t i = 0; i < len; i++)
		mask |= UINT64_C(1) << bag_index((unsigned char)w[i]);
	return mask;
}

unsigned wsaerr_edit_lower_bound(const char *a, size_t alen, const char *b,
                                 size_t blen)
{
	int bag[BAG_SIZE] = {0};
	unsigned diff = 0;

	for (size_t i = 0; i < alen; i++)
		bag[bag_index((unsigned char)a[i])]++;
	for (size_t i = 0; i < blen; i++)
		bag[bag_index((unsigned char)b[i])]--;
	for (size_t i = 0; i < BAG_SIZE; i++)
		diff += (unsigned)(bag[i] < 0 ? -bag[i] : bag[i]);
	return (diff + 1) / 2;
}

void wsaerr_bag_of(struct wsaerr_bag *bag, const char *a, size_t alen)
{
	if (alen > UINT16_MAX)
		alen = UINT16_MAX;
	memset(bag, 0, sizeof(*bag));
	bag->len = alen;
	for (size_t i = 0; i < alen; i++)
		bag->n[bag_index((unsigned char)a[i])]++;
}

/*
 * The same bound: the counts differ by alen + blen less twice what the
 * two words share, and what they share is found by taking each character
 * of b from a copy of a's counts.
 */
unsigned wsaerr_bag_lower_bound(const struct wsaerr_bag *a, const char *b,
                                size_t blen)
{
	uint16_t left[BAG_SIZE];
	size_t shared = 0;

	memcpy(left, a->n, sizeof(left));
	for (size_t i = 0; i < blen; i++) {
		unsigned k = bag_index((unsigned char)b[i]);

		if (left[k] > 0) {
			left[k]--;
			shared++;
		}
	}
	return (unsigned)((a->len + blen - 2 * shared + 1) / 2);
}

/* True for a character a JSON string of ours escapes though it is valid
 * UTF-8: C1 controls, line and paragraph separators, bidi controls. */
static bool escaped_code_point(unsigned cp)
{
	return (cp >= 0x7F && cp <= 0x9F) || cp == 0x200E || cp == 0x200F ||
	       (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

size_t wsaerr_json_escape_char(const char *s, size_t len, size_t i, bool valid,
                               bool terminal, char *esc, size_t *n)
{
	static const char hex[] = "0123456789ABCDEF";
	static const char named[] = "\"\\\b\f\n\r\t", letter[] = "\"\\bfnrt";
	const unsigned char *p = (const unsigned char *)s + i;
	unsigned cp;
	const char *k;

	*n = 1;
	if (p[0] < 0x80) {
		cp = p[0];
		k = cp ? memchr(named, (int)cp, sizeof(named) - 1) : NULL;
		if (k) {
			esc[0] = '\\';
			esc[1] = letter[k - named];
			return 2;
		}
		if (cp >= 0x20 && (cp != 0x7F || !terminal))
			return 0;
	} else if (!valid) {
		cp = p[0]; /* the byte itself */
	} else {
		/* valid UTF-8: the lead byte gives the length */
		size_t need = p[0] >= 0xF0 ? 3 : p[0] >= 0xE0 ? 2 : 1;

		cp = p[0] & (0x3Fu >> need);
		for (size_t k2 = 1; k2 <= need && i + k2 < len; k2++)
			cp = cp << 6 | (p[k2] & 0x3Fu);
		*n = need + 1 <= len - i ? need + 1 : len - i;
		if (!terminal || !escaped_code_point(cp))
			return 0;
	}
	memcpy(esc, "\\u", 2);
	esc[2] = hex[cp >> 12 & 15];
	esc[3] = hex[cp >> 8 & 15];
	esc[4] = hex[cp >> 4 & 15];
	esc[5] = hex[cp & 15];
	return 6;
}
