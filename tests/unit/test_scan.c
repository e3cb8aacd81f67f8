/* Scanning a log (scan.h): the same findings whatever the pieces it comes
 * in, every encoding it reads, and the filter's kinds of lines. */
#include "scan.h"

#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static struct wsaerr_scan s;
static unsigned found[64]; /* the code found on each line, or 0 */

static int on_finding(const struct wsaerr_scan_finding *f, void *data)
{
	(void)data;
	if (f->line < 64)
		found[f->line] = f->hit->code->value;
	return 0;
}

/* Scans p[0..n) in pieces of `piece` bytes. */
static void scan(const char *p, size_t n, size_t piece)
{
	memset(found, 0, sizeof(found));
	wsaerr_scan_init(&s, wsaerr_table_default(), on_finding, NULL);
	for (size_t i = 0; i < n; i += piece)
		wsaerr_scan_feed(&s, p + i, n - i < piece ? n - i : piece);
	wsaerr_scan_finish(&s);
}

static const char log_utf8[] =
        "starting\n"
        "connect: [WinError 10061] No connection could be made because the "
        "target machine actively refused it\r\n"
        "sshd[10035]: check pass; user unknown\n"
        "Удаленный хост принудительно разорвал существующее подключение\n"
        "𝄞 an existing connection was forcibly closed by the remote host";

Test(scan, the_pieces_do_not_matter)
{
	size_t n = strlen(log_utf8);
	size_t pieces[] = {1, 2, 3, 7, 64, 65, n};

	for (size_t k = 0; k < sizeof(pieces) / sizeof(*pieces); k++) {
		scan(log_utf8, n, pieces[k]);
		cr_expect_eq(s.lines, 5, "piece %zu", pieces[k]);
		cr_expect_eq(s.findings, 3, "piece %zu", pieces[k]);
		cr_expect_eq(found[2], 10061);
		cr_expect_eq(found[3], 0, "a process id names nothing");
		cr_expect_eq(found[4], 10054);
		cr_expect_eq(found[5], 10054);
		cr_expect_eq(s.bytes, n);
	}
	/* the summary: each code's count, first and last line */
	{
		const struct wsaerr_table *t = wsaerr_table_default();
		const struct wsaerr_scan_count *refused =
		        &s.codes[wsaerr_table_by_value(t, 10061) - t->codes];
		const struct wsaerr_scan_count *reset =
		        &s.codes[wsaerr_table_by_value(t, 10054) - t->codes];

		cr_expect_eq(refused->count, 1);
		cr_expect_eq(refused->first, 2);
		cr_expect_eq(refused->last, 2);
		cr_expect_eq(reset->count, 2);
		cr_expect_eq(reset->first, 4);
		cr_expect_eq(reset->last, 5);
	}
}

/* log_utf8 as UTF-16 (le or be), with a BOM or not, into out. */
static size_t utf16(char *out, bool le, bool bom)
{
	size_t o = 0;
	const unsigned char *p = (const unsigned char *)log_utf8;

	if (bom) {
		out[o++] = (char)(le ? 0xFF : 0xFE);
		out[o++] = (char)(le ? 0xFE : 0xFF);
	}
	while (*p) {
		uint32_t cp;
		int n = *p < 0x80 ? 1 : *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;

		cp = n == 1   ? *p
		     : n == 2 ? (uint32_t)(*p & 0x1F)
		     : n == 3 ? (uint32_t)(*p & 0x0F)
		              : (uint32_t)(*p & 0x07);
		for (int k = 1; k < n; k++)
			cp = cp << 6 | (p[k] & 0x3F);
		p += n;
		uint16_t units[2];
		int nu = 1;

		if (cp >= 0x10000) {
			units[0] = (uint16_t)(0xD800 + ((cp - 0x10000) >> 10));
			units[1] =
			        (uint16_t)(0xDC00 + ((cp - 0x10000) & 0x3FF));
			nu = 2;
		} else {
			units[0] = (uint16_t)cp;
		}
		for (int k = 0; k < nu; k++) {
			out[o++] = (char)(le ? units[k] & 0xFF : units[k] >> 8);
			out[o++] = (char)(le ? units[k] >> 8 : units[k] & 0xFF);
		}
	}
	return o;
}

Test(scan, utf16_with_and_without_a_bom)
{
	static char buf[4096];
	const struct {
		bool le, bom;
		enum wsaerr_scan_encoding want;
	} cases[] = {{true, true, WSAERR_SCAN_UTF16LE},
	             {false, true, WSAERR_SCAN_UTF16BE},
	             {true, false, WSAERR_SCAN_UTF16LE},
	             {false, false, WSAERR_SCAN_UTF16BE}};

	for (size_t k = 0; k < sizeof(cases) / sizeof(*cases); k++) {
		size_t n = utf16(buf, cases[k].le, cases[k].bom);

		for (size_t piece = 1; piece <= 7; piece += 3) {
			scan(buf, n, piece);
			cr_expect_eq(s.encoding, cases[k].want, "case %zu", k);
			cr_expect_eq(s.lines, 5, "case %zu", k);
			cr_expect_eq(s.findings, 3, "case %zu piece %zu", k,
			             piece);
			cr_expect_eq(found[5], 10054, "a surrogate pair read");
		}
	}
}

Test(scan, plain_bytes_are_utf8_and_bad_ones_are_tolerated)
{
	static const char bad[] = "\xFF\xFE\x00 A request to send or receive "
	                          "data was disallowed because the socket is "
	                          "not connected\n\x80\x81\n";

	scan(bad, sizeof(bad) - 1, 5);
	cr_expect_eq(s.encoding, WSAERR_SCAN_UTF16LE,
	             "FF FE is a BOM, whatever follows");
	scan(bad + 2, sizeof(bad) - 3, 5);
	cr_expect_eq(s.encoding, WSAERR_SCAN_UTF8);
	cr_expect_eq(s.lines, 2);
	cr_expect_eq(found[1], 10057);
}

/* Binary bytes are no log: whatever letters, '#' and digits they happen
 * to hold ("#8", a lone "e" between bytes that are not UTF-8), they name
 * nothing. The bytes of a fixed generator, so a failure repeats. */
Test(scan, binary_bytes_name_nothing)
{
	static char bin[1 << 20];
	uint32_t x = 2463534242u;

	for (size_t i = 0; i < sizeof(bin); i++) {
		x ^= x << 13; /* xorshift32 */
		x ^= x >> 17;
		x ^= x << 5;
		bin[i] = (char)(x >> 24);
	}
	for (size_t piece = 4096; piece <= sizeof(bin); piece *= 16) {
		scan(bin, sizeof(bin), piece);
		cr_expect_eq(s.findings, 0, "%llu lines found in binary bytes",
		             (unsigned long long)s.findings);
	}
}

/* A line longer than a query is searched in pieces: wherever the cut
 * falls, a code is found whole, with its error word, and a piece is never
 * a word's tail alone (a count of "6" left of "10006"). */
Test(scan, the_pieces_of_a_long_line_overlap_between_words)
{
	static char line[2 * WSAERR_QUERY_MAX_BYTES];

	for (size_t pad = WSAERR_QUERY_MAX_BYTES - 24;
	     pad < WSAERR_QUERY_MAX_BYTES + 8; pad++) {
		size_t n;

		memset(line, ' ', pad);
		for (size_t i = 0; i + 1 < pad; i += 4)
			memcpy(line + i, "abc", 3);
		n = pad + (size_t)snprintf(line + pad, sizeof(line) - pad,
		                           "[WinError 10061]\n");
		scan(line, n, n);
		cr_expect_eq(found[1], 10061, "cut at %zu", pad);
		n = pad +
		    (size_t)snprintf(line + pad, sizeof(line) - pad, "10006\n");
		scan(line, n, n);
		cr_expect_eq(s.findings, 0, "cut at %zu", pad);
	}
}

static bool text_has_control;

static int on_finding_text(const struct wsaerr_scan_finding *f, void *data)
{
	(void)data;
	for (size_t i = 0; i < f->len; i++)
		text_has_control =
		        text_has_control || (unsigned char)f->text[i] < 0x20;
	return 0;
}

/* A control byte right after a short character is a space in what search
 * takes and what a finding shows, as anywhere else (found by the scan
 * fuzzer: the longest valid run took "\xC3\xA9\0x" whole). */
Test(scan, a_control_byte_after_a_character_is_a_space)
{
	static const char line[] =
	        "caf\xC3\xA9\0\x01WSAECONNRESET \xC3\xA9\x1B[31m\n";

	text_has_control = false;
	wsaerr_scan_init(&s, wsaerr_table_default(), on_finding_text, NULL);
	wsaerr_scan_feed(&s, line, sizeof(line) - 1);
	wsaerr_scan_finish(&s);
	cr_expect_eq(s.findings, 1);
	cr_expect(!text_has_control, "a NUL or ESC reached the finding");
}

Test(scan, a_long_line_is_searched_at_its_start)
{
	static char big[20000];

	memset(big, 'x', sizeof(big));
	memcpy(big, "Connection refused by peer: connect ", 36);
	memcpy(big + 10000, "\nConnection timed out\n", 22);
	scan(big, 10022, 4096);
	cr_expect_eq(s.lines, 2);
	cr_expect_eq(found[1], 10061);
	cr_expect_eq(found[2], 10060);
	/* and the error text past its first 4 KiB is not searched */
	memset(big, 'x', 5000);
	scan(big, 10022, 333);
	cr_expect_eq(found[1], 0);
}

/* The summary's order, the CLI's and the server's: most frequent first,
 * a tie in the table's order, and what was not found left out. */
Test(scan, the_codes_found_rank_by_count_then_by_value)
{
	struct wsaerr_scan_count k[6] = {{0}};
	uint16_t order[6];

	k[1].count = 2;
	k[2].count = 7;
	k[4].count = 2;
	k[5].count = 1;
	cr_assert_eq(wsaerr_scan_rank(k, 6, order), 4);
	cr_expect_eq(order[0], 2);
	cr_expect_eq(order[1], 1);
	cr_expect_eq(order[2], 4);
	cr_expect_eq(order[3], 5);
	memset(k, 0, sizeof(k));
	cr_expect_eq(wsaerr_scan_rank(k, 6, order), 0, "nothing found");
}
