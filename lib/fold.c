#include "fold.h"

#include <iconv.h>
#include <pthread.h>
#include <string.h>
#include <utf8proc.h>

/* NFKC and case folding, look-alike punctuation as ASCII, default
 * ignorables (soft hyphen, zero-width joiner) dropped */
#define NFKC_FOLD                                                              \
	(UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |              \
	 UTF8PROC_LUMP | UTF8PROC_IGNORE)
#define MAX_DECOMPOSITION 32 /* utf8proc's longest is 18 */
#define WIDE_RUN          64 /* wide letters held before their bigrams */

/* --- Windows-1252 read back ------------------------------------------- */

/* The characters Windows-1252 gives bytes 0x80 to 0x9F, as iconv says;
 * a byte it leaves undefined is the C1 control of its value, as
 * MultiByteToWideChar makes it. From 0xA0 the code page is Latin-1. */
static uint16_t cp1252_high[32];
static pthread_once_t cp1252_once = PTHREAD_ONCE_INIT;

static void cp1252_init(void)
{
	iconv_t cd = iconv_open("UTF-16LE", "WINDOWS-1252");

	for (unsigned b = 0; b < 32; b++) {
		char in = (char)(0x80 + b);
		unsigned char outb[4] = {0};
		char *ip = &in, *op = (char *)outb;
		size_t il = 1, ol = sizeof(outb);

		cp1252_high[b] = (uint16_t)(0x80 + b);
		if (cd != (iconv_t)-1 &&
		    iconv(cd, &ip, &il, &op, &ol) != (size_t)-1 && ol == 2)
			cp1252_high[b] = (uint16_t)(outb[0] | outb[1] << 8);
	}
	if (cd != (iconv_t)-1)
		iconv_close(cd);
}

/* The Windows-1252 byte that shows as cp, or -1 (ASCII is never one). */
static int cp1252_byte(int32_t cp)
{
	if (cp >= 0xA0 && cp <= 0xFF)
		return (int)cp;
	if (cp < 0x80)
		return -1;
	for (unsigned b = 0; b < 32; b++) {
		if (cp1252_high[b] == cp)
			return (int)(0x80 + b);
	}
	return -1;
}

/* The length of the UTF-8 sequence that lead byte b starts; 0 when b
 * starts none. */
static size_t utf8_seq_len(int b)
{
	if (b >= 0xC2 && b <= 0xDF)
		return 2;
	if (b >= 0xE0 && b <= 0xEF)
		return 3;
	if (b >= 0xF0 && b <= 0xF4)
		return 4;
	return 0;
}

/* Reads the character at s[i]: the UTF-8 one, or, when it and the next
 * ones are the Windows-1252 rendering of a UTF-8 sequence of a character
 * that is assigned and not a control, that character. Returns the bytes
 * read (1 for a byte that is not UTF-8, with *cp -1). */
static size_t read_char(const char *s, size_t len, size_t i, int32_t *cp)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s + i;
	utf8proc_ssize_t n =
	        utf8proc_iterate(p, (utf8proc_ssize_t)(len - i), cp);
	int lead;
	size_t need, at;
	unsigned char bytes[4];
	utf8proc_int32_t fixed;

	if (n <= 0) {
		*cp = -1;
		return 1;
	}
	lead = cp1252_byte(*cp);
	need = utf8_seq_len(lead);
	if (need == 0)
		return (size_t)n;
	bytes[0] = (unsigned char)lead;
	at = i + (size_t)n;
	for (size_t k = 1; k < need; k++) {
		utf8proc_int32_t c;
		utf8proc_ssize_t m =
		        utf8proc_iterate((const utf8proc_uint8_t *)s + at,
		                         (utf8proc_ssize_t)(len - at), &c);
		int b = m > 0 ? cp1252_byte(c) : -1;

		if (b < 0x80 || b > 0xBF)
			return (size_t)n;
		bytes[k] = (unsigned char)b;
		at += (size_t)m;
	}
	if (utf8proc_iterate(bytes, (utf8proc_ssize_t)need, &fixed) !=
	            (utf8proc_ssize_t)need ||
	    utf8proc_category(fixed) == UTF8PROC_CATEGORY_CN ||
	    utf8proc_category(fixed) == UTF8PROC_CATEGORY_CC ||
	    utf8proc_category(fixed) == UTF8PROC_CATEGORY_CO)
		return (size_t)n;
	*cp = fixed;
	return at - i;
}

/* --- the search form ---------------------------------------------------- */

struct out {
	char *buf;
	uint8_t *flags;
	uint16_t *from;
	size_t n, cap;
	bool full;
	/* the run of wide letters not yet cut into bigrams */
	int32_t wide[WIDE_RUN];
	uint16_t wide_from[WIDE_RUN];
	size_t n_wide;
	bool wide_cut; /* the run began before wide[0]: no word of one */
};

/* Appends bytes b[0..n) as one unit: all of them, or none and full. */
static bool put(struct out *o, const char *b, size_t n, uint8_t flag,
                size_t from)
{
	if (o->full || n > o->cap - o->n) {
		o->full = true;
		return false;
	}
	memcpy(o->buf + o->n, b, n);
	for (size_t k = 0; k < n; k++) {
		if (o->flags)
			o->flags[o->n + k] = flag;
		if (o->from)
			o->from[o->n + k] = (uint16_t)from;
	}
	o->n += n;
	return true;
}

static size_t encode(int32_t cp, char *b)
{
	return (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)b);
}

/* " ab" for the wide letters a and b: a bigram, as one unit. */
static void put_bigram(struct out *o, size_t i)
{
	char b[1 + 8];
	size_t n = 1;

	b[0] = ' ';
	n += encode(o->wide[i], b + n);
	if (i + 1 < o->n_wide)
		n += encode(o->wide[i + 1], b + n);
	put(o, b, n, WSAERR_FOLD_WIDE, o->wide_from[i]);
}

/* Cuts the wide letters held into bigrams; a run of one is one word. With
 * `more`, the run goes on: its last letter starts the next bigram. */
static void flush_wide(struct out *o, bool more)
{
	if (o->n_wide == 0)
		return;
	if (o->n_wide == 1 && !o->wide_cut) {
		put_bigram(o, 0);
	} else {
		for (size_t i = 0; i + 1 < o->n_wide; i++)
			put_bigram(o, i);
	}
	put(o, " ", 1, 0, o->wide_from[o->n_wide - 1]);
	if (more) {
		o->wide[0] = o->wide[o->n_wide - 1];
		o->wide_from[0] = o->wide_from[o->n_wide - 1];
		o->n_wide = 1;
		o->wide_cut = true;
	} else {
		o->n_wide = 0;
		o->wide_cut = false;
	}
}

static bool is_letter(utf8proc_category_t c)
{
	return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

static bool is_number(utf8proc_category_t c)
{
	return c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO;
}

static bool is_mark(utf8proc_category_t c)
{
	return c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME;
}

/* A combining mark after a wide letter: composed with it where Unicode
 * composes them (a half-width voiced mark: ｶﾞ is ガ); else dropped. */
static void mark_after_wide(struct out *o, int32_t mark)
{
	utf8proc_int32_t pair[2] = {o->wide[o->n_wide - 1], mark};

	if (utf8proc_normalize_utf32(pair, 2, UTF8PROC_COMPOSE) == 1)
		o->wide[o->n_wide - 1] = pair[0];
}

/* One character of the normalized text, from s[from]. */
static void emit(struct out *o, int32_t cp, size_t from)
{
	utf8proc_category_t cat;
	utf8proc_int32_t base[MAX_DECOMPOSITION];
	utf8proc_ssize_t nb;
	int boundclass = 0;
	char b[8];
	bool marked;

	if (cp < 0x80) {
		flush_wide(o, false);
		b[0] = cp < 0x20 || cp == 0x7F ? ' ' : (char)cp;
		put(o, b, 1, 0, from);
		return;
	}
	if (cp == 0xFFFD) {
		flush_wide(o, false);
		b[0] = WSAERR_FOLD_WILD;
		put(o, b, 1, 0, from);
		return;
	}
	cat = utf8proc_category(cp);
	if (is_mark(cat)) {
		if (o->n_wide)
			mark_after_wide(o, cp);
		else if (o->flags && o->n > 0 &&
		         wsaerr_is_folded_word_byte(
		                 (unsigned char)o->buf[o->n - 1]))
			o->flags[o->n - 1] |= WSAERR_FOLD_MARKED;
		return;
	}
	if (!is_letter(cat) && !is_number(cat)) {
		flush_wide(o, false);
		put(o, " ", 1, 0, from);
		return;
	}
	if (is_letter(cat) && utf8proc_charwidth(cp) == 2) {
		if (o->n_wide == WIDE_RUN)
			flush_wide(o, true);
		o->wide[o->n_wide] = cp;
		o->wide_from[o->n_wide++] = (uint16_t)from;
		return;
	}
	flush_wide(o, false);
	/* conexão is conexao: the letter without its marks */
	nb = utf8proc_decompose_char(cp, base, MAX_DECOMPOSITION,
	                             UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK,
	                             &boundclass);
	if (nb <= 0 || nb > MAX_DECOMPOSITION) {
		base[0] = cp;
		nb = 1;
	}
	marked = nb != 1 || base[0] != cp;
	for (utf8proc_ssize_t k = 0; k < nb; k++) {
		size_t n = encode(base[k], b);

		put(o, b, n, marked ? WSAERR_FOLD_MARKED : 0, from);
	}
}

size_t wsaerr_fold(const char *s, size_t len, char *out, size_t cap,
                   uint8_t *flags, uint16_t *from, size_t *consumed)
{
	struct out o = {.buf = out, .flags = flags, .from = from, .cap = cap};
	size_t i = 0;

	pthread_once(&cp1252_once, cp1252_init);
	while (i < len && !o.full) {
		unsigned char c = (unsigned char)s[i];
		utf8proc_int32_t cp, norm[MAX_DECOMPOSITION];
		utf8proc_ssize_t n;
		int boundclass = 0;
		size_t used;

		if (c < 0x80) {
			/* the common case, a run of ASCII, without a call a
			 * byte */
			size_t end = i;

			flush_wide(&o, false);
			while (end < len && (unsigned char)s[end] < 0x80 &&
			       end - i < o.cap - o.n)
				end++;
			if (end == i) {
				o.full = true;
				break;
			}
			for (size_t k = i; k < end; k++) {
				unsigned char b = (unsigned char)s[k];

				o.buf[o.n] =
				        b < 0x20 || b == 0x7F ? ' ' : (char)b;
				if (o.flags)
					o.flags[o.n] = 0;
				if (o.from)
					o.from[o.n] = (uint16_t)k;
				o.n++;
			}
			i = end;
			continue;
		}
		used = read_char(s, len, i, &cp);
		if (cp < 0) {
			emit(&o, ' ', i);
		} else {
			n = utf8proc_decompose_char(cp, norm, MAX_DECOMPOSITION,
			                            NFKC_FOLD, &boundclass);
			if (n > MAX_DECOMPOSITION)
				n = 0; /* longer than any Unicode has */
			if (n > 0)
				n = utf8proc_normalize_utf32(norm, n,
				                             NFKC_FOLD);
			for (utf8proc_ssize_t k = 0; k < n; k++)
				emit(&o, norm[k], i);
		}
		if (!o.full)
			i += used;
	}
	flush_wide(&o, false);
	if (o.full) {
		/* a cut word is no word: back to the last space, and what was
		 * folded is the text up to the character it came from */
		while (o.n > 0 && o.buf[o.n - 1] != ' ')
			o.n--;
		if (o.from && o.n > 0) {
			size_t at = o.from[o.n - 1];
			size_t n = utf8_seq_len((unsigned char)s[at]);

			i = at + (n ? n : 1);
		} else if (o.from) {
			i = 0;
		}
	}
	if (consumed)
		*consumed = o.full ? i : len;
	return o.n;
}

bool wsaerr_is_folded_word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c >= 0x80 ||
	       c == (unsigned char)WSAERR_FOLD_WILD;
}

bool wsaerr_next_folded_word(const char *s, size_t len, size_t *pos,
                             size_t *start, size_t *wlen)
{
	size_t i = *pos;

	while (i < len && !wsaerr_is_folded_word_byte((unsigned char)s[i]))
		i++;
	if (i == len) {
		*pos = len;
		return false;
	}
	*start = i;
	while (i < len && wsaerr_is_folded_word_byte((unsigned char)s[i]))
		i++;
	*wlen = i - *start;
	*pos = i;
	return true;
}

static unsigned char lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

bool wsaerr_fold_wild_match(const char *w, size_t wlen, const char *v,
                            size_t vlen)
{
	size_t i = 0, j = 0;

	while (i < wlen && j < vlen) {
		unsigned char a = (unsigned char)w[i];

		if (a == (unsigned char)WSAERR_FOLD_WILD) {
			/* one character of v: its lead byte and the rest */
			j++;
			while (j < vlen && ((unsigned char)v[j] & 0xC0) == 0x80)
				j++;
			i++;
			continue;
		}
		if (lower(a) != lower((unsigned char)v[j]))
			return false;
		i++;
		j++;
	}
	return i == wlen && j == vlen;
}
