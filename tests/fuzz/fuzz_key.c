/* libFuzzer: key parsing on any bytes. */
#include "key.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct wsaerr_code *c;
	unsigned value = 0;
	enum wsaerr_key_status st = wsaerr_key_parse(
	        wsaerr_table_default(), (const char *)data, size, &c, &value);

	/* the contract: a code exactly when OK */
	if ((st == WSAERR_KEY_OK) != (c != NULL))
		__builtin_trap();
	(void)wsaerr_key_status_message(st);
	return 0;
}
