/*
 * faults_wrap.c: the fault build's -Wl,--wrap targets. Calls from lib/,
 * render/ and server/ to these functions of libmicrohttpd, zlib and
 * pthreads land here, and fail when faults.h says so.
 */
#define WSAERR_FAULTS_IMPLEMENTATION
#include "faults.h"

#include <errno.h>
#include <jansson.h>
#include <microhttpd.h>
#include <pthread.h>
#include <zlib.h>

/* --- the link's --wrap: calls from lib/, render/ and server/ land here */

struct MHD_Response *__real_MHD_create_response_from_buffer(
        size_t size, void *buffer, enum MHD_ResponseMemoryMode mode);
struct MHD_Response *__wrap_MHD_create_response_from_buffer(
        size_t size, void *buffer, enum MHD_ResponseMemoryMode mode);
struct MHD_Response *__real_MHD_create_response_from_buffer_with_free_callback(
        size_t size, void *buffer, MHD_ContentReaderFreeCallback crfc);
struct MHD_Response *__wrap_MHD_create_response_from_buffer_with_free_callback(
        size_t size, void *buffer, MHD_ContentReaderFreeCallback crfc);
enum MHD_Result __real_MHD_add_response_header(struct MHD_Response *r,
                                               const char *header,
                                               const char *content);
enum MHD_Result __wrap_MHD_add_response_header(struct MHD_Response *r,
                                               const char *header,
                                               const char *content);
int __real_deflateInit2_(z_streamp strm, int level, int method, int windowBits,
                         int memLevel, int strategy, const char *version,
                         int stream_size);
int __wrap_deflateInit2_(z_streamp strm, int level, int method, int windowBits,
                         int memLevel, int strategy, const char *version,
                         int stream_size);
int __real_pthread_create(pthread_t *t, const pthread_attr_t *a,
                          void *(*fn)(void *), void *arg);
int __wrap_pthread_create(pthread_t *t, const pthread_attr_t *a,
                          void *(*fn)(void *), void *arg);

struct MHD_Response *__wrap_MHD_create_response_from_buffer(
        size_t size, void *buffer, enum MHD_ResponseMemoryMode mode)
{
	if (faults_fail_now())
		return NULL;
	return __real_MHD_create_response_from_buffer(size, buffer, mode);
}

struct MHD_Response *__wrap_MHD_create_response_from_buffer_with_free_callback(
        size_t size, void *buffer, MHD_ContentReaderFreeCallback crfc)
{
	if (faults_fail_now())
		return NULL;
	return __real_MHD_create_response_from_buffer_with_free_callback(
	        size, buffer, crfc);
}

enum MHD_Result __wrap_MHD_add_response_header(struct MHD_Response *r,
                                               const char *header,
                                               const char *content)
{
	if (faults_fail_now())
		return MHD_NO;
	return __real_MHD_add_response_header(r, header, content);
}

int __wrap_deflateInit2_(z_streamp strm, int level, int method, int windowBits,
                         int memLevel, int strategy, const char *version,
                         int stream_size)
{
	if (faults_fail_now())
		return Z_MEM_ERROR;
	return __real_deflateInit2_(strm, level, method, windowBits, memLevel,
	                            strategy, version, stream_size);
}

int __wrap_pthread_create(pthread_t *t, const pthread_attr_t *a,
                          void *(*fn)(void *), void *arg)
{
	if (faults_fail_now())
		return EAGAIN;
	return __real_pthread_create(t, a, fn, arg);
}

/* jansson allocates through the counting allocator too. */
__attribute__((constructor)) static void faults_in_jansson(void)
{
	json_set_alloc_funcs(faults_malloc, free);
}
