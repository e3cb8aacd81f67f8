#include "scan.h"

#include "text.h"

#include <stdio.h>
#include <string.h>

/* What a word of the filter is: a set of these. */
enum kind {
	K_NAME = 1, /* a name, alias or neighbour's name: it may name a code */
	K_STRONG = 2, /* a word of a text a phrase or a typed query counts in */
	K_ERROR = 4, /* "error", "WinError", ...: a number after it is a code */
	K_WEAK = 8,  /* a weak word: a phrase may run across it */
};

/* The fields whose words make phrases or explain typed text: all but the
 * description. */
#define PHRASE_FIELDS                                                          \
	(WSAERR_FIELD_NAME | WSAERR_FIELD_MESSAGE | WSAERR_FIELD_SYSTEM |      \
	 WSAERR_FIELD_DOTNET | WSAERR_FIELD_POSIX | WSAERR_FIELD_NEIGHBOUR |   \
	 WSAERR_FIELD_LOCALIZED)

/* --- the word filter ---------------------------------------------------- */

/* wsaerr_is_word_byte() for ASCII, inline: the filter asks it of every
 * byte of a log. */
static inline bool word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/* FNV-1a of w[0..len), ASCII letters folded to lower case; never 0. */
static uint64_t word_hash(const char *w, size_t len)
{
	uint64_t h = 14695981039346656037u;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)w[i];

		h ^= c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
		h *= 1099511628211u;
	}
	return h | 1;
}

/* Adds kinds k to a word. A full filter is no error: it only lets more
 * lines through to search. */
static void add(struct wsaerr_scan *s, const char *w, size_t len, unsigned k)
{
	uint64_t h = word_hash(w, len);

	for (size_t i = 0; i < WSAERR_SCAN_FILTER; i++) {
		size_t slot = (h + i) & (WSAERR_SCAN_FILTER - 1);

		if (s->filter[slot] == 0 || s->filter[slot] == h) {
			s->filter[slot] = h;
			s->kind[slot] |= (uint8_t)k;
			return;
		}
	}
}

/* The kinds of the word of hash h; 0 for one the filter does not hold. */
static unsigned lookup(const struct wsaerr_scan *s, uint64_t h)
{
	for (size_t i = 0; i < WSAERR_SCAN_FILTER; i++) {
		size_t slot = (h + i) & (WSAERR_SCAN_FILTER - 1);

		if (s->filter[slot] == h)
			return s->kind[slot];
		if (s->filter[slot] == 0)
			return 0;
	}
	return 0;
}

static void add_str(struct wsaerr_scan *s, const char *w, unsigned k)
{
	add(s, w, strlen(w), k);
}

/* Two strong words a phrase may hold one after the other. */
static uint64_t pair_hash(uint64_t a, uint64_t b)
{
	return (a ^ (b * 0x9E3779B97F4A7C15u) ^ (b >> 29)) | 1;
}

static void add_pair(struct wsaerr_scan *s, uint64_t h)
{
	for (size_t i = 0; i < WSAERR_SCAN_PAIRS; i++) {
		size_t slot = (h + i) & (WSAERR_SCAN_PAIRS - 1);

		if (s->pairs[slot] == 0 || s->pairs[slot] == h) {
			s->pairs[slot] = h;
			return;
		}
	}
}

static bool has_pair(const struct wsaerr_scan *s, uint64_t h)
{
	for (size_t i = 0; i < WSAERR_SCAN_PAIRS; i++) {
		size_t slot = (h + i) & (WSAERR_SCAN_PAIRS - 1);

		if (s->pairs[slot] == h)
			return true;
		if (s->pairs[slot] == 0)
			return false;
	}
	return true; /* full: let it through */
}

/* Each two strong words of a field's words seq[0..n) with only weak ones
 * between: what a phrase of two strong words must hold. */
static void add_pairs(struct wsaerr_scan *s, const uint16_t *seq, size_t n)
{
	const struct wsaerr_word *words = s->t->words;
	uint64_t prev = 0;

	for (size_t j = 0; j < n; j++) {
		const struct wsaerr_word *w = &words[seq[j]];
		uint64_t h;

		if (w->weak)
			continue;
		h = word_hash(w->word, w->len);
		if (prev)
			add_pair(s, pair_hash(prev, h));
		prev = h;
	}
}

static void build_pairs(struct wsaerr_scan *s)
{
	const struct wsaerr_table *t = s->t;

	for (size_t i = 0; i < t->n_codes; i++) {
		const struct wsaerr_code *c = &t->codes[i];

		add_pairs(s, t->sequence + c->msg_at, c->msg_len);
		add_pairs(s, t->sequence + c->sys_at, c->sys_len);
		for (unsigned k = 0; k < c->posix.n_texts; k++)
			add_pairs(s, t->sequence + c->ptx_at[k], c->ptx_len[k]);
	}
	for (size_t i = 0; i < t->n_neighbours; i++)
		add_pairs(s, t->sequence + t->neighbours[i].msg_at,
		          t->neighbours[i].msg_len);
	for (size_t i = 0; i < t->n_localized; i++)
		add_pairs(s, t->sequence + t->localized[i].msg_at,
		          t->localized[i].msg_len);
}

/* Samba's spelling of an NTSTATUS name: NT_STATUS_IO_TIMEOUT. */
static void add_samba(struct wsaerr_scan *s, const char *name)
{
	char nt[96];
	int n = snprintf(nt, sizeof(nt), "NT_%s", name);

	if (n > 0 && (size_t)n < sizeof(nt))
		add(s, nt, (size_t)n, K_NAME);
}

static void build_filter(struct wsaerr_scan *s)
{
	const struct wsaerr_table *t = s->t;

	for (size_t i = 0; i < t->n_names; i++)
		add_str(s, t->names[i].key, K_NAME);
	for (size_t i = 0; i < t->n_neighbours; i++) {
		add_str(s, t->neighbours[i].name, K_NAME);
		if (t->neighbours[i].space == WSAERR_SPACE_NTSTATUS)
			add_samba(s, t->neighbours[i].name);
	}
	for (size_t i = 0; i < t->n_words; i++) {
		const struct wsaerr_word *w = &t->words[i];
		unsigned fields = 0;

		for (size_t k = w->first; k < (size_t)w->first + w->count; k++)
			fields |= t->postings[k].fields;
		if (!w->weak && (fields & PHRASE_FIELDS))
			add(s, w->word, w->len, K_STRONG);
	}
	/* search's own words for a number that follows ("error 10061"),
	 * and the weak words a phrase may run across */
	for (size_t i = 0; i < wsaerr_n_error_words; i++)
		add_str(s, wsaerr_error_words[i], K_ERROR);
	for (size_t i = 0; i < wsaerr_n_weak_words; i++)
		add_str(s, wsaerr_weak_words[i], K_WEAK);
}

void wsaerr_scan_init(struct wsaerr_scan *s, const struct wsaerr_table *t,
                      wsaerr_scan_fn fn, void *data)
{
	memset(s, 0, sizeof(*s));
	s->t = t;
	s->fn = fn;
	s->data = data;
	build_filter(s);
	build_pairs(s);
}

/*
 * True when the line's words may name something (scan.h): the cheap look
 * that spares most lines the search. q[0..len) is UTF-8. A phrase is a run
 * of the line's words in a field's order, across weak words only, with two
 * strong words: so two strong words with only weak ones between them, or
 * one in a line short enough to be typed text.
 */
/* True when q[0..len) may be typed text, as search's short_query() reads
 * it: a few words, at most one number, none of a log's marks. */
static bool typed_text(const char *q, size_t len)
{
	size_t words = 0, numbers = 0, i = 0;

	if (len > WSAERR_TYPED_BYTES)
		return false;
	while (i < len && (q[i] == ' ' || q[i] == '\t'))
		i++;
	if (i < len && (q[i] == '-' || q[i] == '#'))
		return false;
	for (; i < len; i++) {
		bool digits = true;

		if (strchr(":=[]<>(){}|*", q[i]) && q[i] != '\0')
			return false;
		if (!word_byte((unsigned char)q[i]))
			continue;
		words++;
		for (; i < len && word_byte((unsigned char)q[i]); i++)
			digits = digits && q[i] >= '0' && q[i] <= '9';
		numbers += digits;
		i--;
	}
	return words <= WSAERR_TYPED_WORDS + 2 && numbers <= 1;
}

static bool may_name(const struct wsaerr_scan *s, const char *q, size_t len)
{
	bool short_line = typed_text(q, len);
	uint64_t run = 0; /* a strong word's hash, and only weak ones since */
	unsigned prev = 0;
	size_t i = 0;

	while (i < len) {
		size_t start, n;
		bool digits = true;
		unsigned k;
		uint64_t h;
		unsigned char c = (unsigned char)q[i];

		if (c >= 0x80)
			return true; /* a letter beyond ASCII: search decides */
		if (!word_byte(c)) {
			i++;
			continue;
		}
		start = i;
		while (i < len && word_byte((unsigned char)q[i])) {
			digits = digits && q[i] >= '0' && q[i] <= '9';
			i++;
		}
		if (i < len && (unsigned char)q[i] >= 0x80)
			return true;
		n = i - start;
		if (digits || (n > 2 && q[start] == '0' &&
		               (q[start + 1] == 'x' || q[start + 1] == 'X'))) {
			char before = start > 0 ? q[start - 1] : ' ';

			/* "error 10061", "#10057", a signed HRESULT, an
			 * HRESULT or NTSTATUS in hex, or a Winsock number
			 * alone in typed text ("8" on a line of its own is a
			 * count, or what is left of binary bytes) */
			if ((prev & K_ERROR) || before == '#' ||
			    (short_line && (!digits || n >= 5)) ||
			    (digits && before == '-' && n >= 9) ||
			    (!digits && n == 10))
				return true;
			prev = 0;
			run = 0;
			continue;
		}
		h = word_hash(q + start, n);
		k = lookup(s, h);
		if (k & K_NAME)
			return true;
		if (k & K_STRONG) {
			/* typed text, or two strong words a field has in
			 * this order with only weak words between */
			if (short_line ||
			    (run && has_pair(s, pair_hash(run, h))))
				return true;
			run = h;
		} else if (!(k & K_WEAK)) {
			run = 0;
		}
		prev = k;
	}
	return false;
}

/* --- lines -------------------------------------------------------------- */

/* True when p[0..len) is printable ASCII: search takes it as it is. */
static bool plain(const char *p, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c < 0x20 || c >= 0x7F)
			return false;
	}
	return true;
}

/* p[0..len) as search takes it, into s->clean: bytes that are not UTF-8
 * as U+FFFD, control bytes as spaces; its length. */
static size_t clean_line(struct wsaerr_scan *s, const char *p, size_t len)
{
	size_t o = 0, i = 0;

	while (i < len) {
		unsigned char c = (unsigned char)p[i];
		size_t n = 0;

		if (c < 0x80) {
			s->clean[o++] = c < 0x20 || c == 0x7F ? ' ' : (char)c;
			i++;
			continue;
		}
		/* the length its lead byte says, and those bytes valid: not
		 * the longest valid run, which could take a NUL or a control
		 * byte after a short character ("\xC3\xA9\0x" is valid
		 * UTF-8 of four bytes) */
		n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
		if (n > 0 && (i + n > len || !wsaerr_utf8_valid(p + i, n)))
			n = 0;
		if (n == 0) {
			memcpy(s->clean + o, "\xEF\xBF\xBD", 3);
			o += 3;
			i++;
		} else {
			memcpy(s->clean + o, p + i, n);
			o += n;
			i += n;
		}
	}
	return o;
}

#define PIECE_OVERLAP 64 /* bytes a piece of a long line repeats */

/* The end of the piece of q[0..len) from `at`: a query's length at most,
 * between words where one ends in its second half ("10061" is not "100"
 * and "61"). */
static size_t piece_end(const char *q, size_t at, size_t len)
{
	size_t end = WSAERR_QUERY_MAX_BYTES;

	if (len - at <= end)
		return len;
	while (end > WSAERR_QUERY_MAX_BYTES / 2 && q[at + end] != ' ')
		end--;
	return q[at + end] == ' ' ? at + end : at + WSAERR_QUERY_MAX_BYTES;
}

/* Where the piece after q[at..end) starts: at the first word that starts
 * in its last PIECE_OVERLAP bytes, so that what the cut parted (an error
 * word and its number, a phrase) is searched whole once more. */
static size_t next_piece(const char *q, size_t at, size_t end)
{
	size_t start = end;

	for (size_t p = end; p > at + 1 && end - p < PIECE_OVERLAP; p--) {
		if (q[p - 1] == ' ')
			start = p;
	}
	return start;
}

/* The first hit of q[0..len), searched in pieces of up to a query's
 * length, which overlap by a few words, or NULL. */
static const struct wsaerr_hit *search_line(struct wsaerr_scan *s,
                                            const char *q, size_t len)
{
	struct wsaerr_search_opts o = {0, 1, -1, false};
	size_t at = 0;

	while (at < len) {
		size_t end = piece_end(q, at, len);

		s->searched++;
		if (wsaerr_search(s->t, q + at, end - at, &o, &s->result) ==
		            WSAERR_SEARCH_OK &&
		    s->result.count > 0)
			return &s->result.hits[0];
		/* search may stop short of the piece (its word limit) */
		if (s->result.searched > 0 && s->result.searched < end - at)
			end = at + s->result.searched;
		if (end >= len)
			break;
		at = next_piece(q, at, end);
	}
	return NULL;
}

/* A whole line, p[0..len) (its first WSAERR_SCAN_LINE_MAX bytes):
 * searched, counted, reported. */
static void end_line(struct wsaerr_scan *s, const char *p, size_t len)
{
	const struct wsaerr_hit *h;

	s->lines++;
	s->len = 0;
	s->over = false;
	while (len > 0 && p[len - 1] == '\r')
		len--;
	if (!plain(p, len)) { /* most lines of a log are */
		len = clean_line(s, p, len);
		p = s->clean;
	}
	if (len == 0 || !may_name(s, p, len) || !(h = search_line(s, p, len)))
		return;
	{
		struct wsaerr_scan_count *c = &s->codes[h->code - s->t->codes];
		struct wsaerr_scan_finding f = {s->lines, h, p, len};

		if (c->count++ == 0)
			c->first = s->lines;
		c->last = s->lines;
		s->findings++;
		if (s->fn && s->status == 0)
			s->status = s->fn(&f, s->data);
	}
}

/* Appends p[0..n) to the line held, as much as fits, in whole characters;
 * once it is full, the rest of the line is only counted. */
static void append(struct wsaerr_scan *s, const char *p, size_t n)
{
	size_t room = sizeof(s->line) - s->len;

	if (n > room) {
		n = room;
		while (n > 0 && ((unsigned char)p[n] & 0xC0) == 0x80)
			n--; /* back to the lead byte of the character cut */
		s->over = true;
	}
	memcpy(s->line + s->len, p, n);
	s->len += n;
}

/* The first WSAERR_SCAN_LINE_MAX bytes of p[0..n), cut at a character. */
static size_t line_cap(const char *p, size_t n)
{
	if (n <= WSAERR_SCAN_LINE_MAX)
		return n;
	n = WSAERR_SCAN_LINE_MAX;
	while (n > 0 && ((unsigned char)p[n] & 0xC0) == 0x80)
		n--;
	return n;
}

static void feed_utf8(struct wsaerr_scan *s, const char *p, size_t n)
{
	while (n > 0) {
		const char *nl = memchr(p, '\n', n);
		size_t part = nl ? (size_t)(nl - p) : n;

		if (nl && s->len == 0 && !s->over) {
			/* a whole line in this piece: read where it is */
			end_line(s, p, line_cap(p, part));
		} else {
			if (!s->over)
				append(s, p, part);
			if (!nl)
				return;
			end_line(s, s->line, s->len);
		}
		p += part + 1;
		n -= part + 1;
	}
}

/* One UTF-16 code unit. */
static void feed_unit(struct wsaerr_scan *s, uint32_t u)
{
	char b[4];
	size_t n;
	uint32_t cp = u;

	if (u >= 0xD800 && u <= 0xDBFF) {
		if (s->surrogate)
			feed_utf8(s, "\xEF\xBF\xBD", 3);
		s->surrogate = u;
		return;
	}
	if (u >= 0xDC00 && u <= 0xDFFF) {
		if (!s->surrogate) {
			feed_utf8(s, "\xEF\xBF\xBD", 3);
			return;
		}
		cp = 0x10000 + ((s->surrogate - 0xD800) << 10) + (u - 0xDC00);
		s->surrogate = 0;
	} else if (s->surrogate) {
		s->surrogate = 0;
		feed_utf8(s, "\xEF\xBF\xBD", 3);
	}
	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | cp >> 12);
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		b[0] = (char)(0xF0 | cp >> 18);
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	feed_utf8(s, b, n);
}

static void feed_utf16(struct wsaerr_scan *s, const unsigned char *p, size_t n)
{
	bool le = s->encoding == WSAERR_SCAN_UTF16LE;

	/* a byte left from the piece before makes a unit with the first */
	if (s->n_head == 1 && n > 0) {
		unsigned char a = s->head[0], b = p[0];

		s->n_head = 0;
		feed_unit(s,
		          le ? (uint32_t)(a | b << 8) : (uint32_t)(a << 8 | b));
		p++;
		n--;
	}
	for (; n >= 2; p += 2, n -= 2)
		feed_unit(s, le ? (uint32_t)(p[0] | p[1] << 8)
		                : (uint32_t)(p[0] << 8 | p[1]));
	if (n == 1) {
		s->head[0] = p[0];
		s->n_head = 1;
	}
}

/* The encoding of a log from its first bytes: a BOM, else UTF-16 where
 * most of the first units are ASCII with the zero byte on one side only.
 * *skip is the BOM's length. */
static enum wsaerr_scan_encoding detect(const unsigned char *b, size_t n,
                                        size_t *skip)
{
	size_t le = 0, be = 0, pairs = n / 2;

	*skip = 0;
	if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) {
		*skip = 3;
		return WSAERR_SCAN_UTF8;
	}
	if (n >= 2 && b[0] == 0xFF && b[1] == 0xFE) {
		*skip = 2;
		return WSAERR_SCAN_UTF16LE;
	}
	if (n >= 2 && b[0] == 0xFE && b[1] == 0xFF) {
		*skip = 2;
		return WSAERR_SCAN_UTF16BE;
	}
	for (size_t i = 0; i < pairs; i++) {
		le += b[2 * i] != 0 && b[2 * i] < 0x80 && b[2 * i + 1] == 0;
		be += b[2 * i] == 0 && b[2 * i + 1] != 0 && b[2 * i + 1] < 0x80;
	}
	if (pairs >= 4 && le * 4 >= pairs * 3 && be == 0)
		return WSAERR_SCAN_UTF16LE;
	if (pairs >= 4 && be * 4 >= pairs * 3 && le == 0)
		return WSAERR_SCAN_UTF16BE;
	return WSAERR_SCAN_UTF8;
}

static void feed_known(struct wsaerr_scan *s, const unsigned char *p, size_t n)
{
	if (s->encoding == WSAERR_SCAN_UTF8)
		feed_utf8(s, (const char *)p, n);
	else
		feed_utf16(s, p, n);
}

/* Decides the encoding from the bytes held, and reads them. */
static void settle(struct wsaerr_scan *s)
{
	unsigned char head[sizeof(s->head)];
	size_t n = s->n_head, skip;

	memcpy(head, s->head, n);
	s->n_head = 0;
	s->encoding = (uint8_t)detect(head, n, &skip);
	feed_known(s, head + skip, n - skip);
}

int wsaerr_scan_feed(struct wsaerr_scan *s, const void *p, size_t n)
{
	const unsigned char *b = p;

	s->bytes += n;
	if (s->encoding == WSAERR_SCAN_UNKNOWN) {
		size_t take = sizeof(s->head) - s->n_head;

		take = take < n ? take : n;
		memcpy(s->head + s->n_head, b, take);
		s->n_head += take;
		b += take;
		n -= take;
		if (s->n_head < sizeof(s->head))
			return s->status;
		settle(s);
	}
	feed_known(s, b, n);
	return s->status;
}

int wsaerr_scan_finish(struct wsaerr_scan *s)
{
	if (s->encoding == WSAERR_SCAN_UNKNOWN)
		settle(s);
	if (s->surrogate) {
		s->surrogate = 0;
		feed_utf8(s, "\xEF\xBF\xBD", 3);
	}
	if (s->n_head == 1) { /* half a UTF-16 unit */
		s->n_head = 0;
		feed_utf8(s, "\xEF\xBF\xBD", 3);
	}
	if (s->len > 0)
		end_line(s, s->line, s->len);
	return s->status;
}

/* An insertion sort: a log names a few codes, and the table has
 * WSAERR_MAX_CODES at most. */
size_t wsaerr_scan_rank(const struct wsaerr_scan_count *codes, size_t n,
                        uint16_t *order)
{
	size_t found = 0;

	for (size_t i = 0; i < n; i++) {
		size_t at = found;

		if (!codes[i].count)
			continue;
		found++;
		while (at > 0 && codes[order[at - 1]].count < codes[i].count) {
			order[at] = order[at - 1];
			at--;
		}
		order[at] = (uint16_t)i;
	}
	return found;
}

const char *wsaerr_scan_encoding_name(enum wsaerr_scan_encoding e)
{
	switch (e) {
	case WSAERR_SCAN_UTF8:
		return "utf-8";
	case WSAERR_SCAN_UTF16LE:
		return "utf-16le";
	case WSAERR_SCAN_UTF16BE:
		return "utf-16be";
	case WSAERR_SCAN_UNKNOWN:
		break;
	}
	return "unknown";
}
