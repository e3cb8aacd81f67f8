/*
 * render.h: a code as JSON or as text, the one way the CLI and the server
 * show a code. Uses jansson; no HTTP, no I/O but the FILE it is given.
 *
 * The JSON object (the API contract, see openapi.yaml):
 *   code, name, message, system_message, description, dotnet (or null),
 *   hex, hresult, category, posix {name, space, linux, bsd, texts
 *   [{text, source}]} or null,
 *   aliases [], related [], informational, source,
 *   hints {causes [], checks [], why {causes [[id]], checks [[id]]},
 *   references {id: {title, url, kind}}} or null, links {self}
 * The text form: a first line "WSAECONNREFUSED (10061, 0x274D): Connection
 * refused.", then "Windows: " and the system message, then the
 * description, then the POSIX equivalent and, indented, what POSIX systems
 * print for it ("  Linux (glibc ...) prints: ..."), then for a code with hints
 * "Causes:" and "Check:", each followed by "  - " lines that end in the
 * numbers of the references they rest on ("[1, 2]", with "; not from
 * Microsoft's documentation" when none is Microsoft's), and "Sources:" with one
 * "  [1] title (kind): url" line each.
 */
#ifndef WSAERR_RENDER_H
#define WSAERR_RENDER_H

#include "scan.h"
#include "search.h"
#include "table.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

/* A new JSON object for c that the caller owns, or NULL when out of
 * memory. */
WSAERR_MUST_CHECK json_t *wsaerr_code_json(const struct wsaerr_code *c);

/*
 * Dumps j as compact JSON into a malloc'd string the caller frees, its
 * length in *len, and releases j: it steals j, as jansson's *_new functions
 * do. NULL when j is NULL or out of memory, never a JSON cut short. The one
 * way the project turns JSON into text.
 */
WSAERR_MUST_CHECK char *wsaerr_dumps_new(json_t *j, size_t *len);

/*
 * Writes s[0..len) as a JSON string, quotes included, byte for byte as
 * wsaerr_dumps_new(json_stringn(s, len)) would: for a string in every
 * answer (a search's query), without building a jansson value. False,
 * with nothing written, when s is not UTF-8 (jansson refuses it too).
 */
bool wsaerr_json_string(FILE *out, const char *s, size_t len);

/* The line under a search hit's summary line that was found through a
 * localized text: "  Windows (de): Es konnte keine Verbindung ...", its
 * line breaks as spaces. */
void wsaerr_localized_text_line(FILE *out, const struct wsaerr_localized *l);

/* The language of the text a hit was found through ("de", "zh-CN"), or
 * NULL when it was not found through one: its "lang", and what its
 * "matched" says instead of "localized" ("system_message@de"). */
const char *wsaerr_hit_lang(const struct wsaerr_hit *h);

/*
 * Writes s[0..len) for a terminal: what one would act on (control bytes,
 * C1, the bidi controls and line separators) as \uXXXX, by the one rule
 * of the JSON strings (text.h); so a key or a log line stays on its line
 * and prints as it is. `quotes`: the quote and the backslash escaped too,
 * as in a key the reader must tell from the text around it.
 */
void wsaerr_terminal_text(FILE *out, const char *s, size_t len, bool quotes);

/* The length of s[0..len) cut to at most `width` bytes, at the start of a
 * UTF-8 character. */
size_t wsaerr_cut_utf8(const char *s, size_t len, size_t width);

/*
 * A finding of a scan as a new JSON object: line, code, name, score,
 * confidence, text (the line cut to `width` bytes), and lang and via when
 * found so; NULL when out of memory. The CLI's NDJSON and POST /scan's
 * findings are these.
 */
WSAERR_MUST_CHECK json_t *wsaerr_scan_finding_json(
        const struct wsaerr_scan_finding *f, size_t width);

/* Writes the one-line summary of c, with its newline. */
void wsaerr_code_text_line(FILE *out, const struct wsaerr_code *c);

/* Writes "ECONNREFUSED (errno; Linux 111, BSD 61)", or "no equivalent". */
void wsaerr_posix_text(FILE *out, const struct wsaerr_posix *p);

/* Writes the summary line, the system message, the description, the POSIX
 * equivalent and the hints. */
void wsaerr_code_text_full(FILE *out, const struct wsaerr_code *c);

/*
 * A neighbour (table.h) as JSON, the "via" of an answer: space, value,
 * hex, name, message (Windows' text, lines joined by "\n"), win32,
 * winsock {code, name} or null, confidence, conflict, note, basis,
 * sources. NULL when out of memory.
 */
WSAERR_MUST_CHECK json_t *wsaerr_neighbour_json(
        const struct wsaerr_table *t, const struct wsaerr_neighbour *n);

/* The same for people: "Reported as ERROR_SEM_TIMEOUT (121, Win32 system
 * error): The semaphore timeout period has expired.", then indented lines
 * with the confidence (and a conflict), the basis and the sources. */
void wsaerr_neighbour_text(FILE *out, const struct wsaerr_neighbour *n);

/* The line under a search hit's summary line that was found through n:
 * "  reported as ERROR_SEM_TIMEOUT (win32 121)". */
void wsaerr_neighbour_text_line(FILE *out, const struct wsaerr_neighbour *n);

#endif
