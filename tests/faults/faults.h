/*
 * faults.h: allocation failure on demand, for the fault build only
 * (make check-faults). It is force-included (-include) into every object
 * of lib/, render/ and server/, where it turns malloc, calloc, realloc,
 * strdup, strndup and open_memstream into counting versions that fail
 * when told to. The link wraps libmicrohttpd's response functions, zlib's
 * deflateInit2_ and pthread_create the same way (-Wl,--wrap), and jansson
 * gets the counting allocator (json_set_alloc_funcs) before main().
 *
 * faults_arm(n) makes the n-th counted call from now fail, once. Calls
 * from threads marked with faults_exempt_this_thread() are not counted,
 * so a test's own allocations never fail.
 */
#ifndef WSAERR_FAULTS_H
#define WSAERR_FAULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *faults_malloc(size_t n);
void *faults_calloc(size_t n, size_t size);
void *faults_realloc(void *p, size_t n);
char *faults_strdup(const char *s);
char *faults_strndup(const char *s, size_t n);
FILE *faults_open_memstream(char **buf, size_t *size);

/* Counts a call; true when it is the one to fail. */
bool faults_fail_now(void);

/* Fails the n-th counted call from now (n >= 1); 0 disarms. */
void faults_arm(long n);

/* True when the armed failure happened. */
bool faults_fired(void);

/* Calls from this thread are never counted nor failed. */
void faults_exempt_this_thread(void);

#ifndef WSAERR_FAULTS_IMPLEMENTATION
#define malloc(n)            faults_malloc(n)
#define calloc(n, s)         faults_calloc(n, s)
#define realloc(p, n)        faults_realloc(p, n)
#define strdup(s)            faults_strdup(s)
#define strndup(s, n)        faults_strndup(s, n)
#define open_memstream(b, s) faults_open_memstream(b, s)
#endif

#endif
