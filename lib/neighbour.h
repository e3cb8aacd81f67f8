/*
 * neighbour.h: reads the tab-separated data beside codes.txt: the
 * neighbours' (data/neighbours/win32.tsv and ntstatus.tsv) and the
 * localized messages (data/localized.tsv), for the loader. Private to lib/: the public view is the
 * table's neighbours[] and its look-ups in table.h.
 *
 * Each file is tab-separated UTF-8 with a header line naming its columns,
 * which must be the ones below, in that order; '#' lines are comments. A
 * message's "\n" (two characters) is a line break.
 *   win32.tsv     win32_code win32_name system_message winsock_code
 *                 winsock_name basis sources confidence
 *   ntstatus.tsv  ntstatus ntstatus_name message win32_code winsock_code
 *                 sources win32_name wine_ws2_32 libuv reactos_msafd notes
 *
 * Confidence. A Win32 row says its own ("high", "medium", "low" or "n/a",
 * then why). An NTSTATUS row's is read from its sources: every one of Wine
 * ws2_32, libuv and ReactOS msafd giving the Winsock code is high, two are
 * medium, one is low; a row whose notes say CONFLICT is low, and so is a
 * Win32 row whose confidence says the sources disagree: both are marked
 * `conflict`.
 */
#ifndef WSAERR_NEIGHBOUR_H
#define WSAERR_NEIGHBOUR_H

#include "load.h"
#include "table.h"

#include <stddef.h>

/*
 * Parses text[0..len) (NUL-terminated at len, and cut up in place: the
 * neighbours point into it) of `space`'s format, appending to out[*n..max).
 * Strings the parse composes (an NTSTATUS row's basis) are written into
 * arena[*used..arena_size). False with err filled in (err->line is the
 * file's line).
 */
bool wsaerr_neighbours_parse(char *text, size_t len, enum wsaerr_space space,
                             struct wsaerr_neighbour *out, size_t max,
                             size_t *n, char *arena, size_t arena_size,
                             size_t *used, struct wsaerr_load_error *err);

/*
 * data/localized.tsv: the system message of a code as Windows in another
 * language prints it. Columns: code name lang message source; a "\n" of
 * the message is a line break. A row of the parse, before the loader
 * checks its code and name against the table.
 */
struct wsaerr_localized_row {
	uint32_t value;
	const char *name, *lang, *message, *source;
	unsigned line;
};

/* Parses text[0..len) as wsaerr_neighbours_parse() does, appending to
 * out[*n..max). */
bool wsaerr_localized_parse(char *text, size_t len,
                            struct wsaerr_localized_row *out, size_t max,
                            size_t *n, struct wsaerr_load_error *err);

/* The loaders' one way to refuse: the line and a sentence into *err;
 * false, for `return wsaerr_load_fail(...)`. */
bool wsaerr_load_fail(struct wsaerr_load_error *err, unsigned line,
                      const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

#endif
