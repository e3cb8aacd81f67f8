/* libFuzzer: search on any bytes; the first two bytes pick the page. */
#include "search.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct wsaerr_search_result r;
	struct wsaerr_search_opts o = {0, 0, -1};

	if (size < 2)
		return 0;
	o.offset = data[0] % 128;
	o.limit = data[1];
	o.category = (int)(data[1] % 8) - 1;
	if (o.category >= WSAERR_CAT_COUNT)
		o.category = -1;
	if (wsaerr_search(wsaerr_table_default(), (const char *)data + 2,
	                  size - 2, &o, &r) != WSAERR_SEARCH_OK)
		return 0;
	if (r.count > o.limit || r.count > r.total)
		__builtin_trap();
	for (size_t i = 0; i < r.count; i++) {
		if (!r.hits[i].code)
			__builtin_trap();
	}
	return 0;
}
