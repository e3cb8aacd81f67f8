/* libFuzzer: the raw request target parser. */
#include "uri.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct uri u;
	char enc[3 * 64 + 1];
	int count;

	if (uri_parse((const char *)data, size, &u) == URI_OK) {
		/* decoded strings hold no NUL and never outgrow the input */
		if (u.n_params > URI_MAX_PARAMS ||
		    u.n_segments > URI_MAX_SEGMENTS + 1 ||
		    (u.asterisk && (u.n_segments || u.n_params)))
			__builtin_trap();
		for (size_t i = 0; i < u.n_segments && i < URI_MAX_SEGMENTS;
		     i++) {
			if (strlen(u.segments[i].text) != u.segments[i].len ||
			    u.segments[i].len > size)
				__builtin_trap();
		}
		for (size_t i = 0; i < u.n_params; i++) {
			if (strlen(u.params[i].value) != u.params[i].value_len)
				__builtin_trap();
			uri_param(&u, u.params[i].key, &count);
			if (count < 1)
				__builtin_trap();
		}
	}
	if (uri_encode((const char *)data, size < 64 ? size : 64, enc,
	               sizeof(enc)) >= sizeof(enc))
		__builtin_trap();
	return 0;
}
