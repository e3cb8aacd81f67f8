#include "uri.h"

#include "text.h"

#include <stdbool.h>
#include <string.h>

/*
 * Decodes s[0..len) into out (NUL-terminated), '+' as a space when plus is
 * set. Returns the decoded length through *n.
 */
static enum uri_status decode(const char *s, size_t len, bool plus, char *out,
                              size_t *n)
{
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (c == '%') {
			int hi, lo;

			if (len - i < 3)
				return URI_BAD_ESCAPE;
			hi = wsaerr_hex_digit(s[i + 1]);
			lo = wsaerr_hex_digit(s[i + 2]);
			if (hi < 0 || lo < 0)
				return URI_BAD_ESCAPE;
			c = (char)(hi * 16 + lo);
			if (c == '\0')
				return URI_NUL;
			i += 2;
		} else if (c == '+' && plus) {
			c = ' ';
		}
		out[o++] = c;
	}
	out[o] = '\0';
	*n = o;
	return URI_OK;
}

/*
 * The length of the scheme and authority of an absolute-form target
 * ("http://host:port"), 0 when raw is not one. Only http and https, in any
 * case, with an authority that is not empty.
 */
static size_t absolute_prefix(const char *raw, size_t len)
{
	static const char *const schemes[] = {"http://", "https://"};

	for (size_t i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
		size_t n = strlen(schemes[i]), a = n;

		if (!wsaerr_has_prefix(raw, len, schemes[i], n))
			continue;
		while (a < len && raw[a] != '/' && raw[a] != '?' &&
		       raw[a] != '#')
			a++;
		return a > n ? a : 0;
	}
	return 0;
}

/* Splits the raw path into segments at '/' and decodes each one. */
static enum uri_status parse_path(const char *raw, size_t len, struct uri *u,
                                  char **out)
{
	size_t start = 1; /* past the leading '/' */

	u->n_segments = 0;
	for (;;) {
		const char *slash = memchr(raw + start, '/', len - start);
		size_t end = slash ? (size_t)(slash - raw) : len;
		size_t n;
		enum uri_status st =
		        decode(raw + start, end - start, false, *out, &n);

		if (st != URI_OK)
			return st;
		if (u->n_segments < URI_MAX_SEGMENTS)
			u->segments[u->n_segments] =
			        (struct uri_segment){*out, n};
		if (u->n_segments <= URI_MAX_SEGMENTS)
			u->n_segments++;
		*out += n + 1;
		if (!slash)
			return URI_OK;
		start = end + 1;
	}
}

/* The query q[0..len) (after the '?') into u's parameters, decoded into
 * *out. An empty pair ("a=1&&b=2") is nothing. */
static enum uri_status parse_query(const char *q, size_t len, struct uri *u,
                                   char **out)
{
	for (const char *p = q, *end = q + len; p < end;) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *stop = amp ? amp : end;
		const char *eq = memchr(p, '=', (size_t)(stop - p));
		struct uri_param *prm;
		enum uri_status st;
		size_t n;

		if (stop == p) {
			p = stop + 1;
			continue;
		}
		if (u->n_params == URI_MAX_PARAMS)
			return URI_TOO_MANY_PARAMS;
		prm = &u->params[u->n_params++];
		st = decode(p, (size_t)((eq ? eq : stop) - p), true, *out, &n);
		if (st != URI_OK)
			return st;
		prm->key = *out;
		*out += n + 1;
		if (eq) {
			st = decode(eq + 1, (size_t)(stop - eq - 1), true, *out,
			            &n);
			if (st != URI_OK)
				return st;
		} else {
			**out = '\0';
			n = 0;
		}
		prm->value = *out;
		prm->value_len = n;
		*out += n + 1;
		p = stop + 1;
	}
	return URI_OK;
}

enum uri_status uri_parse(const char *raw, size_t len, struct uri *u)
{
	const char *q, *frag;
	size_t path_len, skip;
	char *out = u->buf;
	enum uri_status st;

	u->n_params = 0;
	u->n_segments = 0;
	u->asterisk = false;
	if (len > URI_MAX)
		return URI_TOO_LONG;
	if (memchr(raw, '\0', len))
		return URI_NUL;
	if (len == 1 && raw[0] == '*') {
		u->asterisk = true;
		return URI_OK;
	}
	skip = absolute_prefix(raw, len);
	raw += skip;
	len -= skip;
	frag = memchr(raw, '#', len);
	if (frag) /* clients do not send fragments; ignore one if it comes */
		len = (size_t)(frag - raw);
	q = memchr(raw, '?', len);
	path_len = q ? (size_t)(q - raw) : len;
	if (skip > 0 && path_len == 0) {
		/* "http://host" and "http://host?q": the path is "/" */
		u->segments[0] = (struct uri_segment){out, 0};
		*out++ = '\0';
		u->n_segments = 1;
	} else if (path_len == 0 || raw[0] != '/') {
		return URI_NOT_ORIGIN_FORM;
	} else {
		st = parse_path(raw, path_len, u, &out);
		if (st != URI_OK)
			return st;
	}
	return q ? parse_query(q + 1, (size_t)(raw + len - q - 1), u, &out)
	         : URI_OK;
}

int uri_param(const struct uri *u, const char *key, int *count)
{
	int found = -1;

	*count = 0;
	for (size_t i = 0; i < u->n_params; i++) {
		if (strcmp(u->params[i].key, key) == 0) {
			if (found < 0)
				found = (int)i;
			(*count)++;
		}
	}
	return found;
}

const char *uri_status_message(enum uri_status st)
{
#define URI_STATUSES_MESSAGE(suffix, message)                                  \
	case URI_##suffix:                                                     \
		return message;
	switch (st) {
		URI_STATUSES(URI_STATUSES_MESSAGE)
	}
#undef URI_STATUSES_MESSAGE
	return "bad URI";
}

size_t uri_encode(const char *s, size_t len, char *out, size_t size)
{
	static const char digits[] = "0123456789ABCDEF";
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		            (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		            c == '_' || c == '~';

		if (o + (keep ? 1 : 3) >= size)
			return 0;
		if (keep) {
			out[o++] = (char)c;
		} else {
			out[o++] = '%';
			out[o++] = digits[c >> 4];
			out[o++] = digits[c & 15];
		}
	}
	out[o] = '\0';
	return o;
}
