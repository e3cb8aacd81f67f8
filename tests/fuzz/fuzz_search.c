/* libFuzzer: search on any bytes; the first two bytes pick the page, and
 * the first's top bit every candidate (for the calibration). */
#include "search.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct wsaerr_search_result r;
	struct wsaerr_search_opts o = {0, 0, -1, false};

	if (size < 2)
		return 0;
	o.offset = data[0] % 128;
	o.candidates = data[0] & 0x80;
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
		const struct wsaerr_hit *h = &r.hits[i];

		if (!h->code || !(h->confidence >= 0 && h->confidence <= 1) ||
		    h->evidence >= WSAERR_N_EVIDENCE)
			__builtin_trap();
	}
	/* an answer's first hit clears the threshold */
	if (!o.candidates && o.offset == 0 && r.count > 0 && r.hits[0].first &&
	    r.hits[0].confidence < WSAERR_SEARCH_MIN_CONFIDENCE)
		__builtin_trap();
	return 0;
}
