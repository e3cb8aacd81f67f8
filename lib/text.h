/*
 * text.h: byte-level text helpers shared by the loader, key parsing and
 * search. Pure functions: no allocation, no global state.
 *
 * A "word" is a run of ASCII letters, digits and '_'. Every other byte,
 * non-ASCII UTF-8 included, separates words: the words of keys. Search
 * cuts the search form of fold.h, whose words are of any script.
 */
#ifndef WSAERR_TEXT_H
#define WSAERR_TEXT_H

#include "attr.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A macro's value as a string literal: WSAERR_STR(URI_MAX) is "8192", so a
 * message states a limit from its one definition. */
#define WSAERR_STR_(x) #x
#define WSAERR_STR(x)  WSAERR_STR_(x)

/* True when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates,
 * nothing above U+10FFFF). NUL bytes are valid UTF-8 and accepted here. */
bool wsaerr_utf8_valid(const char *s, size_t len);

/*
 * The one rule for every JSON string the service writes itself (bodies,
 * problems, the access log): the character at s[i] of s[0..len) (`valid`:
 * all of s is UTF-8) goes in as it is, and then 0 is returned and *n is
 * its length in bytes; or it is escaped: its escape is written to esc (7
 * bytes at most), its length returned, and *n is the bytes of s it stands
 * for. Escaped, as jansson does: '"', '\\' and the control characters
 * U+0000 to U+001F (\b \f \n \r \t, else \u00XX, upper-case hex); when s
 * is not UTF-8, every byte from 0x80 as \u00XX, its value, so what was sent
 * is kept. With `terminal` (text that people read in a terminal: the
 * access log), also DEL and the C1 controls U+007F to U+009F (U+009B is
 * CSI), the line and paragraph separators U+2028 and U+2029, and the bidi
 * controls U+200E, U+200F, U+202A to U+202E and U+2066 to U+2069, as
 * \uXXXX.
 */
size_t wsaerr_json_escape_char(const char *s, size_t len, size_t i, bool valid,
                               bool terminal, char *esc, size_t *n);

/* v in decimal at p, at least `digits` digits (zeros in front; at most
 * 24 in all); the end of what was written, no NUL. */
char *wsaerr_put_uint(char *p, uint64_t v, unsigned digits);

/* The value of a hex digit (0-9, a-f, A-F), or -1. */
int wsaerr_hex_digit(char c);

/* True for the bytes that make up words. */
bool wsaerr_is_word_byte(unsigned char c);

/*
 * Finds the next word at or after *pos in s[0..len). On success stores its
 * start and length, advances *pos past it and returns true; returns false
 * when no word is left.
 */
bool wsaerr_next_word(const char *s, size_t len, size_t *pos, size_t *start,
                      size_t *wlen);

/*
 * Parses s[0..len) as a whole decimal number from 0 to max: one or more
 * ASCII digits and nothing else (no sign, no space; leading zeros are
 * decimal). Returns true and stores it in *out, or false and leaves *out
 * alone. The one decimal parser of the project.
 */
WSAERR_MUST_CHECK bool wsaerr_parse_decimal(const char *s, size_t len,
                                            unsigned long max,
                                            unsigned long *out);

/*
 * True for a weak word: one of English's small words ("a", "is", "not") or
 * a word every log line has ("error", "failed", "exception"). No code is
 * told by one alone; search counts them only inside phrases.
 */
bool wsaerr_is_weak_word(const char *w, size_t len);

/* Those words, sorted, lower case (for a filter that must know them). */
extern const char *const wsaerr_weak_words[];
extern const size_t wsaerr_n_weak_words;

/* ASCII case-insensitive three-way compare of a[0..alen) and b[0..blen). */
int wsaerr_casecmp(const char *a, size_t alen, const char *b, size_t blen);

/* The same with a NUL-terminated: wsaerr_casecmp(a, strlen(a), b, blen),
 * without the strlen. */
int wsaerr_casecmp_str(const char *a, const char *b, size_t blen);

/* True when p[0..plen) is an ASCII case-insensitive prefix of s[0..slen). */
bool wsaerr_has_prefix(const char *s, size_t slen, const char *p, size_t plen);

/*
 * Optimal-string-alignment distance (insertions, deletions, substitutions and
 * adjacent transpositions, ASCII case-insensitive) between a and b, or
 * max + 1 as soon as it is known to exceed max. Words longer than
 * WSAERR_EDIT_MAX_LEN are never close: the result is then max + 1.
 */
#define WSAERR_EDIT_MAX_LEN 64
unsigned wsaerr_edit_distance(const char *a, size_t alen, const char *b,
                              size_t blen, unsigned max);

/*
 * A cheap lower bound of wsaerr_edit_distance(a, b): half the difference of
 * the two words' character counts, rounded up. One edit changes those counts
 * by at most 2 (a substitution), so the distance is never below it; a word
 * whose bound exceeds the allowed distance needs no full computation.
 */
unsigned wsaerr_edit_lower_bound(const char *a, size_t alen, const char *b,
                                 size_t blen);

/* A word's character counts, for comparing one word with many. */
#define WSAERR_BAG_SIZE 38 /* a-z, 0-9, '_', anything else */
struct wsaerr_bag {
	uint16_t n[WSAERR_BAG_SIZE];
	size_t len;
};

/* The bag of a[0..alen); alen is at most 65535 (longer is cut). */
void wsaerr_bag_of(struct wsaerr_bag *bag, const char *a, size_t alen);

/* wsaerr_edit_lower_bound() of the word whose bag is `a` and b[0..blen),
 * without counting a again. */
unsigned wsaerr_bag_lower_bound(const struct wsaerr_bag *a, const char *b,
                                size_t blen);

/* The character classes of the bag that w[0..len) has, one bit each. */
uint64_t wsaerr_bag_mask(const char *w, size_t len);

/* A cheaper, weaker bound of the edit distance of two words from their
 * masks: each class one of them has and the other lacks costs an edit.
 * Inline: the search tries it on every word of the vocabulary. */
static inline unsigned wsaerr_mask_lower_bound(uint64_t a, uint64_t b)
{
	uint64_t only_a = a & ~b, only_b = b & ~a;
	unsigned na = 0, nb = 0;

	for (; only_a; only_a &= only_a - 1)
		na++;
	for (; only_b; only_b &= only_b - 1)
		nb++;
	return na > nb ? na : nb;
}

#endif
