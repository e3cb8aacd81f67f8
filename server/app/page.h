/*
 * page.h: the web page for people, as the server renders it.
 *
 * A browser that asks for text/html gets one page (web/page.html, embedded)
 * around a view: the start, the results of a search or a list, one code in
 * full, or a message when nothing matches. The page's script (web/app.js)
 * searches as the user types, but every view is complete HTML without it.
 * The page loads nothing from other hosts; its script, style sheet and icon
 * are the assets below, served under /assets/.
 *
 * Every function returns a malloc'd page the caller frees, its length in
 * *len, or NULL when out of memory. Text from the request is escaped. No
 * HTTP library here.
 */
#ifndef WSAERR_PAGE_H
#define WSAERR_PAGE_H

#include "attr.h"
#include "table.h"

#include <jansson.h>
#include <stddef.h>

struct listing;

/*
 * What the page's responses carry besides the API's headers: a policy that
 * lets the page load and connect only to its own origin, and run no inline
 * script or style.
 */
#define PAGE_CSP                                                               \
	"default-src 'none'; script-src 'self'; style-src 'self'; "            \
	"img-src 'self'; connect-src 'self'; form-action 'self'; "             \
	"base-uri 'none'; frame-ancestors 'none'"
#define PAGE_REFERRER_POLICY "no-referrer"

/* The page's static files, embedded from web/: X(name in /assets/{name},
 * Content-Type). */
#define PAGE_ASSETS(X)                                                         \
	X("app.js", "text/javascript; charset=utf-8")                          \
	X("app.css", "text/css; charset=utf-8")                                \
	X("icon.svg", "image/svg+xml")

enum {
#define PAGE_ASSET_COUNT(name, type) +1
	PAGE_N_ASSETS = 0 PAGE_ASSETS(PAGE_ASSET_COUNT)
#undef PAGE_ASSET_COUNT
};

struct asset {
	const char *name;
	const char *content_type;
	const char *body;
	size_t len;
};

/* Asset i, 0 <= i < PAGE_N_ASSETS. */
struct asset page_asset(size_t i);

/* The start: the search box and how to use it. */
WSAERR_MUST_CHECK char *page_home(size_t *len);

/*
 * The results of a search for q (p->query set) or a list (q NULL): each
 * code's name, number, hex and message, linked to its full view. With no
 * results, says so.
 */
WSAERR_MUST_CHECK char *page_results(const struct listing *p, const char *q,
                                     size_t *len);

/*
 * One code in full: every field, the system message, the hints, the POSIX
 * equivalent, related codes (and codes the hints name) as links, and copy
 * buttons for the name, decimal, hex and HRESULT.
 */
WSAERR_MUST_CHECK char *page_code(const struct wsaerr_table *t,
                                  const struct wsaerr_code *c, size_t *len);

/* The same for a key that named a neighbour of c: a "Reported as" section
 * under the lead says which, how sure the equivalence is and why. via may
 * be NULL. */
WSAERR_MUST_CHECK char *page_code_via(const struct wsaerr_table *t,
                                      const struct wsaerr_code *c,
                                      const struct wsaerr_neighbour *via,
                                      size_t *len);

/*
 * A message: `heading`, then `detail` (a sentence, or NULL), then the
 * codes of `suggestions` (a JSON array of {code, name}, or NULL) as links.
 * q (or NULL) is put back in the search box.
 */
WSAERR_MUST_CHECK char *page_message(const char *q, const char *heading,
                                     const char *detail,
                                     const json_t *suggestions, size_t *len);

#endif
