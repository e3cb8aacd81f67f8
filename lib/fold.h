/*
 * fold.h: the search form of a text, the one normalization that the table's
 * texts and every query go through before they are cut into words.
 *
 * Unicode is utf8proc's, never a table of ours: NFKC with case folding and
 * its "lump" of look-alike punctuation (’ is ', full-width ： is :, Ａ is
 * a), and the marks of Latin, Cyrillic and Greek letters stripped
 * (conexão is conexao, ё is е). Then:
 *   - ASCII bytes are kept as they are (the search reads its own marks,
 *     ':', '[', '=', as before); control bytes are spaces;
 *   - a letter or digit of any script is a word byte; every other
 *     character (punctuation, symbols, spaces, 。 and 、) is a space;
 *   - a letter of East Asian wide width (Han, kana, Hangul, as utf8proc's
 *     width says) stands in no word alone: a run of them is cut into
 *     overlapping bigrams, "目标计算机" into "目标 标计 计算 算机", as
 *     Lucene's CJK analyzer does; a run of one is a word of one;
 *   - U+FFFD, where a decoder lost a byte ("mo�na"), is WSAERR_FOLD_WILD:
 *     one character of a word that search matches with any;
 *   - UTF-8 that was read as Windows-1252 and written out again ("Ã©" for
 *     "é"), the commonest damage of a log, is read back first where the
 *     bytes make UTF-8 again (the code page's map comes from iconv).
 */
#ifndef WSAERR_FOLD_H
#define WSAERR_FOLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WSAERR_FOLD_WILD '\x1a' /* ASCII SUB: one lost character */

/* What each byte of the search form came from (flags[], one per byte). */
enum wsaerr_fold_flag {
	WSAERR_FOLD_MARKED = 1u << 0, /* a letter whose marks were stripped */
	WSAERR_FOLD_WIDE = 1u << 1,   /* a bigram of wide letters */
};

/*
 * Writes the search form of s[0..len) (UTF-8; bytes that are not are
 * spaces) to out[0..cap): returns its length, never more than cap, with no
 * NUL. flags (may be NULL) gets enum wsaerr_fold_flag bits per byte, and
 * from (may be NULL) the offset in s of the character each byte came from.
 * *consumed (may be NULL) is how much of s was folded: len, unless out
 * was full. Thread-safe; allocates nothing.
 */
size_t wsaerr_fold(const char *s, size_t len, char *out, size_t cap,
                   uint8_t *flags, uint16_t *from, size_t *consumed);

/* True for the bytes that make up words in the search form: ASCII
 * letters, digits and '_', every byte from 0x80, and WSAERR_FOLD_WILD. */
bool wsaerr_is_folded_word_byte(unsigned char c);

/* The next word of the search form s[0..len), as wsaerr_next_word(). */
bool wsaerr_next_folded_word(const char *s, size_t len, size_t *pos,
                             size_t *start, size_t *wlen);

/*
 * True when the search-form word w[0..wlen), which holds WSAERR_FOLD_WILD,
 * matches v[0..vlen): each WILD is one character (one UTF-8 sequence) of
 * v, every other byte is equal, ASCII case-insensitively.
 */
bool wsaerr_fold_wild_match(const char *w, size_t wlen, const char *v,
                            size_t vlen);

#endif
