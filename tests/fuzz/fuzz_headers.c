/* libFuzzer: Accept, Accept-Encoding, If-None-Match and log escaping. */
#include "accesslog.h"
#include "http.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	char out[256];
	size_t n;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0'; /* header values arrive NUL-terminated */
	(void)http_preferred_form(s);
	(void)http_accepts_gzip(s);
	(void)http_etag_matches(s, "\"0123456789abcdef\"");
	n = accesslog_escape_json((const char *)data, size, out, sizeof(out));
	if (n >= sizeof(out) || strlen(out) != n)
		__builtin_trap();
	free(s);
	return 0;
}
