/* libFuzzer: a log scanned from any bytes (scan.h), in pieces whose size
 * the first byte picks; the findings must be the lines the scan counted,
 * each with text search takes, and a whole feed must find the same. */
#include "scan.h"

#include "text.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t last_line;

static int on_finding(const struct wsaerr_scan_finding *f, void *data)
{
	(void)data;
	if (f->line <= last_line || f->len > 3 * WSAERR_SCAN_LINE_MAX ||
	    !wsaerr_utf8_valid(f->text, f->len) ||
	    memchr(f->text, '\0', f->len) || !f->hit->code)
		__builtin_trap();
	last_line = f->line;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct wsaerr_scan a, b;
	size_t piece;

	if (size < 1)
		return 0;
	piece = (size_t)data[0] + 1;
	data++;
	size--;
	last_line = 0;
	wsaerr_scan_init(&a, wsaerr_table_default(), on_finding, NULL);
	for (size_t i = 0; i < size; i += piece)
		wsaerr_scan_feed(&a, data + i,
		                 size - i < piece ? size - i : piece);
	wsaerr_scan_finish(&a);
	last_line = 0;
	wsaerr_scan_init(&b, wsaerr_table_default(), on_finding, NULL);
	wsaerr_scan_feed(&b, data, size);
	wsaerr_scan_finish(&b);
	if (a.lines != b.lines || a.findings != b.findings || a.bytes != size ||
	    a.findings > a.lines)
		__builtin_trap();
	return 0;
}
