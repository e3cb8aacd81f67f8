/* tests/search/expected.h: the labeled sets' "expected" column, for
 * eval-search and eval-scan. */
#ifndef WSAERR_TESTS_EXPECTED_H
#define WSAERR_TESTS_EXPECTED_H

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* True when code `value` is one of expected ("10061", "10102|10110",
 * "10054@win32:64"). */
static inline bool expected_has(const char *expected, unsigned value)
{
	/* read in place: a copy into a fixed buffer could cut the list */
	for (const char *p = expected;; p++) {
		char *end;

		if (strtoul(p, &end, 10) == value && end != p)
			return true;
		p = strchr(end, '|');
		if (!p)
			return false;
	}
}

#endif
