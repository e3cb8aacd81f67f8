/* server/http: request framing, negotiation, conditional requests, entity
 * tags and gzip. */
#include "http.h"

#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static bool prefers_text(const char *accept)
{
	return http_preferred_form(accept) == HTTP_FORM_TEXT;
}

Test(http, accept)
{
	cr_expect(!prefers_text(NULL));
	cr_expect(!prefers_text(""));
	cr_expect(!prefers_text("*/*"));
	cr_expect(prefers_text("text/plain"));
	cr_expect(prefers_text("TEXT/PLAIN; charset=utf-8"));
	cr_expect(prefers_text("text/*"));
	cr_expect(!prefers_text("application/json, text/plain"));
	cr_expect(prefers_text("application/json;q=0.5, text/plain"));
	cr_expect(!prefers_text("text/plain;q=0.2, */*;q=0.8"));
	cr_expect(!prefers_text("text/plain;q=0"));
	cr_expect(!prefers_text("text/html, application/xhtml+xml, */*;q=0.8"));
	cr_expect(!prefers_text("text/plain;q=bogus"));
}

/* Browsers get the page; curl, fetch() and dashboards keep JSON. */
Test(http, accept_html)
{
	static const struct {
		const char *accept;
		enum http_form form;
	} cases[] = {
	        /* Chromium's and Firefox's navigations */
	        {"text/html,application/xhtml+xml,application/xml;q=0.9,"
	         "image/avif,image/webp,image/apng,*/*;q=0.8,"
	         "application/signed-exchange;v=b3;q=0.7",
	         HTTP_FORM_HTML},
	        {"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;"
	         "q=0.8",
	         HTTP_FORM_HTML},
	        {"application/xhtml+xml", HTTP_FORM_HTML},
	        {"TEXT/HTML", HTTP_FORM_HTML},
	        /* curl, fetch(), XMLHttpRequest, dashboards */
	        {NULL, HTTP_FORM_JSON},
	        {"*/*", HTTP_FORM_JSON},
	        {"application/json, text/plain, */*", HTTP_FORM_JSON},
	        {"text/html, application/json", HTTP_FORM_JSON},
	        {"text/html, */*", HTTP_FORM_JSON},
	        {"text/html;q=0", HTTP_FORM_JSON},
	        {"text/html;q=0.5, application/json", HTTP_FORM_JSON},
	        /* text and HTML: the higher q; text on a tie */
	        {"text/plain, text/html", HTTP_FORM_TEXT},
	        {"text/plain;q=0.5, text/html", HTTP_FORM_HTML},
	        {"text/*", HTTP_FORM_TEXT},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		cr_expect_eq(http_preferred_form(cases[i].accept),
		             cases[i].form, "%s",
		             cases[i].accept ? cases[i].accept : "(none)");
}

Test(http, accept_encoding)
{
	cr_expect(!http_accepts_gzip(NULL));
	cr_expect(http_accepts_gzip("gzip"));
	cr_expect(http_accepts_gzip("deflate, gzip;q=0.5, br"));
	cr_expect(!http_accepts_gzip("gzip;q=0"));
	cr_expect(!http_accepts_gzip("gzip;q=0.000"));
	cr_expect(http_accepts_gzip("*"));
	cr_expect(!http_accepts_gzip("*, gzip;q=0"));
	cr_expect(!http_accepts_gzip("br, deflate"));
	cr_expect(!http_accepts_gzip("identity"));
}

Test(http, if_none_match)
{
	const char *e = "\"0123456789abcdef\"";

	cr_expect(http_etag_matches("\"0123456789abcdef\"", e));
	cr_expect(http_etag_matches("W/\"0123456789abcdef\"", e));
	cr_expect(http_etag_matches("\"x\", \"0123456789abcdef\"", e));
	cr_expect(http_etag_matches("*", e));
	cr_expect(!http_etag_matches("\"0123456789abcde\"", e));
	cr_expect(!http_etag_matches("0123456789abcdef", e));
	cr_expect(!http_etag_matches("\"0123456789abcdef", e));
	cr_expect(!http_etag_matches("", e));
	cr_expect(!http_etag_matches(NULL, e));
}

Test(http, etag_and_gzip)
{
	char a[HTTP_ETAG_SIZE], b[HTTP_ETAG_SIZE];
	static char text[4096];
	unsigned char *gz, back[4096];
	size_t n;
	uLongf back_len = sizeof(back);
	z_stream z = {0};

	http_etag("hello", 5, a);
	http_etag("hellp", 5, b);
	cr_expect_eq(strlen(a), 18);
	cr_expect_str_neq(a, b);
	memset(text, 'x', sizeof(text));
	gz = http_gzip(text, sizeof(text), &n);
	cr_assert_not_null(gz);
	cr_expect_lt(n, 100);
	cr_expect_eq(gz[0], 0x1f, "a gzip header");
	cr_expect_eq(gz[1], 0x8b);
	cr_assert_eq(inflateInit2(&z, 15 + 16), Z_OK);
	z.next_in = gz;
	z.avail_in = (uInt)n;
	z.next_out = back;
	z.avail_out = (uInt)back_len;
	cr_expect_eq(inflate(&z, Z_FINISH), Z_STREAM_END);
	cr_expect_eq(z.total_out, sizeof(text));
	inflateEnd(&z);
	free(gz);
}

/* Inflates gz into out; returns its length, or (size_t)-1 when it is not
 * one whole gzip member. */
static size_t gunzip(const unsigned char *gz, size_t n, unsigned char *out,
                     size_t cap)
{
	z_stream z = {0};
	size_t got;
	int rc;

	if (inflateInit2(&z, 15 + 16) != Z_OK)
		return (size_t)-1;
	z.next_in = (Bytef *)(uintptr_t)gz;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	rc = inflate(&z, Z_FINISH);
	got = z.total_out;
	inflateEnd(&z);
	return rc == Z_STREAM_END && z.avail_in == 0 ? got : (size_t)-1;
}

/* The window is sized to the body: every size around each window's edge,
 * text that repeats from far back and text that does not, comes back
 * whole from an ordinary inflater, and repeats within the body still
 * shrink it. */
Test(http, gzip_window_fits_the_body)
{
	static const size_t sizes[] = {0,     1,     300,   511,    512,
	                               513,   1024,  1025,  4095,   4097,
	                               16383, 16385, 32767, 32768,  32769,
	                               40000, 65536, 99999, 200000, 262144};
	static unsigned char in[262144], back[262144 + 1];
	uint32_t x = 12345;

	for (size_t i = 0; i < sizeof(in); i++) { /* noise, then a repeat */
		x = x * 1103515245u + 12345u;
		in[i] = i < 1500 ? (unsigned char)(x >> 24) : in[i % 1500];
	}
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		size_t n = 0, len = sizes[k];
		unsigned char *gz = http_gzip(in, len, &n);

		cr_assert_not_null(gz, "gzip of %zu bytes", len);
		cr_expect_eq(gunzip(gz, n, back, sizeof(back)), len,
		             "%zu bytes come back", len);
		cr_expect_eq(memcmp(back, in, len), 0, "%zu bytes equal", len);
		if (len >= 4095) /* the noise repeats every 1500 bytes */
			cr_expect_lt(n, 1500 + len / 20, "%zu bytes shrink",
			             len);
		free(gz);
	}
}

/* Counts the fields of a request head written as "Name: value" lines. */
static struct http_framing framing_of(const char *const *fields)
{
	struct http_framing f = {0};

	for (; *fields; fields++) {
		const char *colon = strchr(*fields, ':');
		const char *value = colon + 2;

		http_framing_count(&f, *fields, (size_t)(colon - *fields),
		                   value, strlen(value));
	}
	return f;
}

Test(http, framing)
{
	const char *ok[] = {"Host: x", "Accept: */*", "Content-Length: 0",
	                    NULL};
	const char *twice[] = {"Host: x", "host: y", NULL};
	const char *body[] = {"Host: x", "Content-Length: 5", NULL};
	const char *chunked[] = {"Host: x", "Transfer-Encoding: chunked", NULL};
	const char *no_host[] = {"Accept: */*", NULL};
	struct http_framing f;
	enum problem p;
	char detail[128];

	f = framing_of(ok);
	cr_expect(http_framing_check(&f, true, false, &p, detail,
	                             sizeof(detail)));
	f = framing_of(twice);
	cr_expect(!http_framing_check(&f, true, false, &p, detail,
	                              sizeof(detail)));
	cr_expect_eq(p, PROBLEM_BAD_REQUEST);
	cr_expect_str_eq(detail, "the Host header is given 2 times");
	f = framing_of(body);
	cr_expect(!http_framing_check(&f, true, false, &p, detail,
	                              sizeof(detail)));
	cr_expect_str_eq(detail, "requests must not have a body");
	f = framing_of(chunked);
	cr_expect(!http_framing_check(&f, true, false, &p, detail,
	                              sizeof(detail)));
	f = framing_of(no_host);
	cr_expect(!http_framing_check(&f, true, false, &p, detail,
	                              sizeof(detail)));
	cr_expect_str_eq(detail, "HTTP/1.1 requests need a Host header");
	cr_expect(http_framing_check(&f, false, false, &p, detail,
	                             sizeof(detail)),
	          "HTTP/1.0 needs no Host");
}

/* POST /scan takes a body framed one way: Content-Length, or chunked. */
Test(http, framing_of_a_body_where_one_is_allowed)
{
	static const struct {
		const char *fields[4];
		bool ok;
		const char *detail;
	} cases[] = {
	        {{"Host: x", "Content-Length: 5", NULL}, true, NULL},
	        {{"Host: x", "Transfer-Encoding: chunked", NULL}, true, NULL},
	        {{"Host: x", "Transfer-Encoding: Chunked", NULL}, true, NULL},
	        {{"Host: x", "Content-Length: 5", "Transfer-Encoding: chunked"},
	         false,
	         "a body is framed by Content-Length or by Transfer-Encoding, "
	         "not both"},
	        {{"Host: x", "Transfer-Encoding: gzip, chunked", NULL},
	         false,
	         "the only Transfer-Encoding served is chunked"},
	        {{"Host: x", "Transfer-Encoding: chunked, chunked", NULL},
	         false,
	         "the only Transfer-Encoding served is chunked"},
	        {{"Host: x", "Transfer-Encoding: identity", NULL},
	         false,
	         "the only Transfer-Encoding served is chunked"},
	        {{"Host: x", "Content-Length: 5", "Content-Length: 5"},
	         false,
	         "the Content-Length header is given 2 times"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *fields[5] = {0};
		struct http_framing f;
		enum problem p;
		char detail[128] = "";

		memcpy(fields, cases[i].fields, sizeof(cases[i].fields));
		f = framing_of(fields);
		cr_expect_eq(http_framing_check(&f, true, true, &p, detail,
		                                sizeof(detail)),
		             cases[i].ok, "case %zu: %s", i, detail);
		if (cases[i].detail)
			cr_expect_str_eq(detail, cases[i].detail, "case %zu",
			                 i);
		/* where no body is allowed, none of them passes */
		cr_expect(!http_framing_check(&f, true, false, &p, detail,
		                              sizeof(detail)),
		          "case %zu", i);
	}
}

/* Names that are not tokens, values with control bytes: 400. */
Test(http, framing_refuses_loose_fields)
{
	static const struct {
		const char *name, *value;
		bool ok;
	} fields[] = {
	        {"Content-Length ", "29", false},
	        {"Content-Length\t", "33", false},
	        {"", "5", false},
	        {"Host ", "y", false},
	        {"X", "a\rContent-Length: 5", false},
	        {"X", "a\nb", false},
	        {"X", "a\001b", false},
	        {"X", "a\177b", false},
	        {"X-Y", "a\tb", true},
	        {"X-Y", "caf\303\251", true}, /* obs-text is not control */
	};

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		struct http_framing f = {0};
		enum problem p;
		char detail[160];

		http_framing_count(&f, "Host", 4, "x", 1);
		http_framing_count(&f, fields[i].name, strlen(fields[i].name),
		                   fields[i].value, strlen(fields[i].value));
		cr_expect_eq(http_framing_check(&f, true, false, &p, detail,
		                                sizeof(detail)),
		             fields[i].ok, "field %zu", i);
		if (!fields[i].ok)
			cr_expect_eq(p, PROBLEM_BAD_REQUEST, "field %zu", i);
	}
}

Test(http, framing_size_limit)
{
	static char value[HTTP_HEADERS_MAX];
	struct http_framing f = {0};
	enum problem p;
	char detail[128];
	size_t len = HTTP_HEADERS_MAX - strlen("X: ") - 2 - 1;

	memset(value, 'a', len);
	value[len] = '\0';
	http_framing_count(&f, "X", 1, value, len);
	cr_expect(http_framing_check(&f, false, false, &p, detail,
	                             sizeof(detail)),
	          "%zu bytes: at the limit", f.bytes);
	http_framing_count(&f, "Y", 1, "", 0);
	cr_expect(!http_framing_check(&f, false, false, &p, detail,
	                              sizeof(detail)));
	cr_expect_eq(p, PROBLEM_HEADERS_TOO_LARGE);
	cr_expect_str_eq(detail,
	                 "the header fields are larger than 16384 bytes");
}

Test(http, token_lists)
{
	cr_expect(http_token_list_valid("x-request-id"));
	cr_expect(http_token_list_valid("x-request-id, content-type"));
	cr_expect(http_token_list_valid("a,b ,\tc"));
	cr_expect(http_token_list_valid("a,,b"), "empty elements are allowed");
	cr_expect(!http_token_list_valid(""), "no name at all");
	cr_expect(!http_token_list_valid(" , "));
	cr_expect(!http_token_list_valid("x a"), "a space inside a name");
	cr_expect(!http_token_list_valid("(b)"));
	cr_expect(!http_token_list_valid("a\r\nb"));
	cr_expect(!http_token_list_valid("caf\xC3\xA9"), "not ASCII");
}

/* The tag tells apart bodies that differ in one byte anywhere, or only in
 * length: every position of every lane and of the tail. */
Test(http, etag_changes_with_every_byte_and_the_length)
{
	char body[100], base[HTTP_ETAG_SIZE], other[HTTP_ETAG_SIZE];

	memset(body, 'a', sizeof(body));
	for (size_t len = 0; len <= sizeof(body); len++) {
		http_etag(body, len, base);
		cr_expect_eq(strlen(base), 18);
		cr_expect(base[0] == '"' && base[17] == '"');
		if (len > 0) {
			http_etag(body, len - 1, other);
			cr_expect_str_neq(base, other, "length %zu", len);
		}
		for (size_t i = 0; i < len; i++) {
			body[i] = 'b';
			http_etag(body, len, other);
			body[i] = 'a';
			cr_expect_str_neq(base, other, "byte %zu of %zu", i,
			                  len);
		}
	}
	/* a zero byte at the end is a byte too */
	http_etag("ab", 2, base);
	http_etag("ab\0", 3, other);
	cr_expect_str_neq(base, other);
}
