#include "http.h"

#include "text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static bool is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* True when a[0..alen) is b, ASCII case-insensitively. */
static bool token_is(const char *a, size_t alen, const char *b)
{
	size_t blen = strlen(b);

	return alen == blen && wsaerr_casecmp(a, alen, b, blen) == 0;
}

/* One element of a comma-separated header: its token and q (0..1000). */
struct element {
	const char *token;
	size_t len;
	int q;
};

/*
 * Reads the next element of a list such as "text/plain;q=0.5, *\/\*".
 * Returns false at the end. A malformed q counts as 0 (not acceptable).
 */
static bool next_element(const char **s, struct element *e)
{
	const char *p = *s, *end;

	while (*p == ',' || is_ows(*p))
		p++;
	if (*p == '\0')
		return false;
	end = p;
	while (*end && *end != ',')
		end++;
	e->token = p;
	while (p < end && *p != ';' && !is_ows(*p))
		p++;
	e->len = (size_t)(p - e->token);
	e->q = 1000;
	while (p < end) {
		while (p < end && (*p == ';' || is_ows(*p)))
			p++;
		if (end - p >= 2 && (p[0] == 'q' || p[0] == 'Q') &&
		    p[1] == '=') {
			int q = 0, scale = 1000;

			p += 2;
			if (p < end && (*p == '0' || *p == '1'))
				q = (*p++ - '0') * 1000;
			else
				q = -1;
			if (q >= 0 && p < end && *p == '.') {
				p++;
				for (int d = 0;
				     d < 3 && p < end && *p >= '0' && *p <= '9';
				     d++) {
					scale /= 10;
					q += (*p++ - '0') * scale;
				}
			}
			e->q = (q < 0 || q > 1000) ? 0 : q;
		}
		while (p < end && *p != ';')
			p++;
	}
	*s = end;
	return true;
}

enum http_form http_preferred_form(const char *accept)
{
	struct element e;
	int text = -1, json = -1, html = -1;

	if (!accept)
		return HTTP_FORM_JSON;
	while (next_element(&accept, &e)) {
		int *slot = NULL;

		if (token_is(e.token, e.len, "text/plain") ||
		    token_is(e.token, e.len, "text/*"))
			slot = &text;
		else if (token_is(e.token, e.len, "text/html") ||
		         token_is(e.token, e.len, "application/xhtml+xml"))
			slot = &html;
		else if (token_is(e.token, e.len, "application/json") ||
		         token_is(e.token, e.len, "application/problem+json") ||
		         token_is(e.token, e.len, "application/*") ||
		         token_is(e.token, e.len, "*/*"))
			slot = &json;
		if (slot && e.q > *slot)
			*slot = e.q;
	}
	if (text > 0 && text > json && text >= html)
		return HTTP_FORM_TEXT;
	if (html > 0 && html > json)
		return HTTP_FORM_HTML;
	return HTTP_FORM_JSON;
}

bool http_accepts_gzip(const char *accept_encoding)
{
	struct element e;
	int gzip = -1, any = -1;

	if (!accept_encoding)
		return false;
	while (next_element(&accept_encoding, &e)) {
		if (token_is(e.token, e.len, "gzip") ||
		    token_is(e.token, e.len, "x-gzip"))
			gzip = e.q > gzip ? e.q : gzip;
		else if (token_is(e.token, e.len, "*"))
			any = e.q;
	}
	if (gzip >= 0)
		return gzip > 0;
	return any > 0;
}

bool http_etag_matches(const char *inm, const char *etag)
{
	size_t elen = strlen(etag);

	if (!inm)
		return false;
	while (*inm) {
		const char *start;

		while (*inm == ',' || is_ows(*inm))
			inm++;
		if (*inm == '*')
			return true;
		if (inm[0] == 'W' && inm[1] == '/')
			inm += 2;
		start = inm;
		if (*inm != '"') { /* not a tag: skip to the next one */
			while (*inm && *inm != ',')
				inm++;
			continue;
		}
		inm++;
		while (*inm && *inm != '"')
			inm++;
		if (*inm != '"')
			return false;
		inm++;
		if ((size_t)(inm - start) == elen &&
		    memcmp(start, etag, elen) == 0)
			return true;
	}
	return false;
}

/* RFC 9110 5.6.2: tchar. */
static bool is_tchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (c && strchr("!#$%&'*+-.^_`|~", c));
}

bool http_token_list_valid(const char *s)
{
	bool any = false;

	for (;;) {
		size_t n = 0;

		while (is_ows(*s))
			s++;
		while (is_tchar((unsigned char)s[n]))
			n++;
		any = any || n > 0;
		s += n;
		while (is_ows(*s))
			s++;
		if (*s == '\0')
			return any;
		if (*s != ',')
			return false;
		s++;
	}
}

static uint64_t load64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t mix(uint64_t h, uint64_t v)
{
	h = (h ^ v) * 0x9e3779b97f4a7c15u;
	return h ^ (h >> 29);
}

/*
 * A 64-bit hash of the body, eight bytes at a time in four lanes: a body
 * that is rendered for a request (a search, a page) is hashed on every
 * request, so the hash must cost little next to the rendering. Strong
 * ETags need only tell this server's bodies apart.
 */
void http_etag(const void *body, size_t len, char out[HTTP_ETAG_SIZE])
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = body;
	uint64_t a = 0x243f6a8885a308d3u ^ len, b = 0x13198a2e03707344u,
	         c = 0xa4093822299f31d0u, d = 0x082efa98ec4e6c89u, tail = 0, h;
	size_t i = 0;

	for (; i + 32 <= len; i += 32) {
		a = mix(a, load64(p + i));
		b = mix(b, load64(p + i + 8));
		c = mix(c, load64(p + i + 16));
		d = mix(d, load64(p + i + 24));
	}
	for (; i + 8 <= len; i += 8)
		a = mix(a, load64(p + i));
	if (i < len)
		memcpy(&tail, p + i, len - i);
	a = mix(a, tail ^ ((uint64_t)(len - i) << 56));
	h = mix(mix(mix(mix(a, b), c), d), len);
	out[0] = '"';
	for (int k = 16; k >= 1; k--, h >>= 4)
		out[k] = hex[h & 15];
	out[17] = '"';
	out[18] = '\0';
}

unsigned char *http_gzip(const void *in, size_t len, size_t *out_len)
{
	z_stream z;
	unsigned char *out;
	uLong cap;
	int bits = 9;

	memset(&z, 0, sizeof(z));
	/* A window no larger than the body: zlib's state for the largest
	 * (32 KiB window, memLevel 8) is 256 KiB, its hash table zeroed on
	 * every init, for bodies that are mostly a kilobyte or two. The hash
	 * shrinks with the window (memLevel + 7 bits, as many slots as the
	 * window has bytes); any inflater reads any window size. */
	while (bits < 15 && ((size_t)1 << bits) < len)
		bits++;
	/* 16 + bits: a gzip wrapper, not zlib's. The fastest level: start-up
	 * gzips every body (a third of its time at the default level), and
	 * a search's body is gzipped on the request; JSON this small gains
	 * little from more. */
	if (deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, 16 + bits, bits - 7,
	                 Z_DEFAULT_STRATEGY) != Z_OK)
		return NULL;
	cap = deflateBound(&z, (uLong)len);
	out = malloc(cap);
	if (!out) {
		deflateEnd(&z);
		return NULL;
	}
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)len;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END) {
		deflateEnd(&z);
		free(out);
		return NULL;
	}
	*out_len = z.total_out;
	deflateEnd(&z);
	return out;
}

/* Header fields that must appear at most once. The first three are also
 * looked at by name. List fields (Accept, If-None-Match, ...) may come on
 * several lines, which make one list (RFC 9110 5.3). */
enum { HDR_HOST, HDR_CONTENT_LENGTH, HDR_TRANSFER_ENCODING };
/* A header name and its length, which is compared first. */
#define NAME(s)                                                                \
	{                                                                      \
		s, sizeof(s) - 1                                               \
	}

static const struct {
	const char *name;
	size_t len;
} unique_headers[HTTP_UNIQUE_HEADERS] = {
        NAME("Host"),
        NAME("Content-Length"),
        NAME("Transfer-Encoding"),
        NAME("Content-Type"),
        NAME("If-Modified-Since"),
        NAME("Authorization"),
        NAME("Origin"),
        NAME("Range"),
        NAME("User-Agent"),
        NAME("Referer"),
        NAME("Access-Control-Request-Method"),
};

void http_framing_count(struct http_framing *f, const char *name,
                        size_t name_len, const char *value, size_t value_len)
{
	f->bytes += name_len + value_len + 4; /* ": " and CRLF */
	f->bad_name = f->bad_name || name_len == 0;
	for (size_t i = 0; i < name_len && !f->bad_name; i++)
		f->bad_name = !is_tchar((unsigned char)name[i]);
	for (size_t i = 0; i < value_len && !f->bad_value; i++) {
		unsigned char c = (unsigned char)value[i];

		f->bad_value = (c < 0x20 && c != '\t') || c == 0x7F;
	}
	for (size_t i = 0; i < HTTP_UNIQUE_HEADERS; i++) {
		/* on every line of every request: the length first */
		if (name_len != unique_headers[i].len ||
		    wsaerr_casecmp(name, name_len, unique_headers[i].name,
		                   name_len) != 0)
			continue;
		f->counts[i]++;
		if (i == HDR_CONTENT_LENGTH && strspn(value, "0") != value_len)
			f->body = true;
		if (i == HDR_TRANSFER_ENCODING)
			f->chunked =
			        value_len == 7 &&
			        wsaerr_casecmp(value, 7, "chunked", 7) == 0;
		break; /* the names differ: no other can match */
	}
}

bool http_framing_has_body(const struct http_framing *f)
{
	return f->body || f->counts[HDR_TRANSFER_ENCODING] > 0;
}

bool http_framing_check(const struct http_framing *f, bool http11,
                        bool body_allowed, enum problem *p, char *detail,
                        size_t size)
{
	*p = PROBLEM_BAD_REQUEST;
	if (f->bytes > HTTP_HEADERS_MAX) {
		*p = PROBLEM_HEADERS_TOO_LARGE;
		snprintf(detail, size,
		         "the header fields are larger than %u bytes",
		         (unsigned)HTTP_HEADERS_MAX);
		return false;
	}
	if (f->bad_name) {
		snprintf(detail, size,
		         "a header field name holds a byte that is not a token "
		         "character (whitespace before the colon, NUL, a "
		         "control byte)");
		return false;
	}
	if (f->bad_value) {
		snprintf(detail, size,
		         "a header field value holds CR, LF, NUL or another "
		         "control byte");
		return false;
	}
	for (size_t i = 0; i < HTTP_UNIQUE_HEADERS; i++) {
		if (f->counts[i] > 1) {
			snprintf(detail, size,
			         "the %s header is given %u times",
			         unique_headers[i].name, f->counts[i]);
			return false;
		}
	}
	if (!body_allowed && http_framing_has_body(f)) {
		snprintf(detail, size, "requests must not have a body");
		return false;
	}
	if (f->counts[HDR_TRANSFER_ENCODING] > 0 &&
	    f->counts[HDR_CONTENT_LENGTH] > 0) {
		snprintf(detail, size,
		         "a body is framed by Content-Length or by "
		         "Transfer-Encoding, not both");
		return false;
	}
	if (f->counts[HDR_TRANSFER_ENCODING] > 0 && !f->chunked) {
		snprintf(detail, size,
		         "the only Transfer-Encoding served is chunked");
		return false;
	}
	if (f->counts[HDR_HOST] == 0 && http11) {
		snprintf(detail, size, "HTTP/1.1 requests need a Host header");
		return false;
	}
	return true;
}
