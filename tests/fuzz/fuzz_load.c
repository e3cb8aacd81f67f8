/* libFuzzer: the table loader on any text. */
#include "load.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wsaerr_load_error err;
	struct wsaerr_table *t =
	        wsaerr_table_load((const char *)data, size, &err);

	if (!t && err.message[0] == '\0')
		__builtin_trap(); /* a refusal always says why */
	wsaerr_table_free(t);
	return 0;
}
