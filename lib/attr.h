/*
 * attr.h: compiler attributes that state a contract.
 */
#ifndef WSAERR_ATTR_H
#define WSAERR_ATTR_H

/* A result that must be checked: an error, or memory the caller now owns
 * (jansson's JANSSON_ATTRS((warn_unused_result))). */
#if defined(__GNUC__)
#define WSAERR_MUST_CHECK __attribute__((warn_unused_result))
#else
#define WSAERR_MUST_CHECK
#endif

#endif
