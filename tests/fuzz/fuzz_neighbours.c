/*
 * libFuzzer: the tab-separated data on any text. The input is cut at its
 * NUL bytes: the part before the first is win32.tsv, the next ntstatus.tsv,
 * the rest localized.tsv (whose text is folded for search: any UTF-8, CJK,
 * U+FFFD), beside a small table of codes that has every Winsock code a
 * real row names.
 */
#include "load.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A record for each code given: enough for the real rows to load. */
static const char codes[] =
        "code: 995\nname: WSA_OPERATION_ABORTED\nmessage: m\nsystem: s\n"
        "description: d\ncategory: win32-io\nsource: winerror-h\n\n"
        "code: 10054\nname: WSAECONNRESET\nmessage: m\nsystem: s\n"
        "description: d\ncategory: socket\nsource: winsock-page\n\n"
        "code: 10060\nname: WSAETIMEDOUT\nmessage: m\nsystem: s\n"
        "description: d\ncategory: socket\nsource: winsock-page\n\n"
        "code: 10061\nname: WSAECONNREFUSED\nmessage: m\nsystem: s\n"
        "description: d\ncategory: socket\nsource: winsock-page\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const char *nul = memchr(text, '\0', size);
	size_t first = nul ? (size_t)(nul - text) : size;
	const char *nt = nul ? nul + 1 : "";
	size_t rest = nul ? size - first - 1 : 0;
	const char *nul2 = memchr(nt, '\0', rest);
	size_t second = nul2 ? (size_t)(nul2 - nt) : rest;
	struct wsaerr_load_texts in = {codes,
	                               sizeof(codes) - 1,
	                               text,
	                               first,
	                               nt,
	                               second,
	                               nul2 ? nul2 + 1 : NULL,
	                               nul2 ? rest - second - 1 : 0};
	struct wsaerr_load_error err;
	struct wsaerr_table *t = wsaerr_table_load_texts(&in, &err);

	if (!t && err.message[0] == '\0')
		__builtin_trap(); /* a refusal always says why */
	wsaerr_table_free(t);
	return 0;
}
