/*
 * healthcheck.h: the container's HEALTHCHECK, without curl: is a wsaerrd
 * answering? A GET of its /livez that must answer 200 in time.
 */
#ifndef WSAERR_HEALTHCHECK_H
#define WSAERR_HEALTHCHECK_H

#include "attr.h"

#include <stdbool.h>
#include <stddef.h>

#define HEALTHCHECK_TIMEOUT_MS 2000

/*
 * GETs url ("http://HOST[:PORT][/PATH]", HOST a name, an IPv4 address or
 * a bracketed IPv6 one; no path means /livez) and waits at most
 * timeout_ms in all for the status line. NULL means
 * http://127.0.0.1:PORT/livez, PORT from $WSAERR_PORT or 8080.
 * True when the status is 200; else false with a one-line reason in why.
 */
WSAERR_MUST_CHECK bool healthcheck(const char *url, int timeout_ms, char *why,
                                   size_t size);

#endif
