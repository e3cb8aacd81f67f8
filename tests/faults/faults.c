#define WSAERR_FAULTS_IMPLEMENTATION
#include "faults.h"

#include <execinfo.h>
#include <stdatomic.h>

static atomic_long countdown; /* 0: disarmed */
static atomic_bool fired;
static _Thread_local bool exempt;

void faults_arm(long n)
{
	atomic_store(&fired, false);
	atomic_store(&countdown, n);
}

bool faults_fired(void)
{
	return atomic_load(&fired);
}

void faults_exempt_this_thread(void)
{
	exempt = true;
}

/* WSAERR_FAULTS_TRACE=1: where each failure happens, on stderr. */
static void trace(void)
{
	void *frames[16];
	int n = backtrace(frames, 16);

	fputs("faults: failing here:\n", stderr);
	backtrace_symbols_fd(frames, n, 2);
}

bool faults_fail_now(void)
{
	long left;

	if (exempt)
		return false;
	left = atomic_load(&countdown);
	while (left > 0) {
		if (atomic_compare_exchange_weak(&countdown, &left, left - 1)) {
			if (left == 1) {
				atomic_store(&fired, true);
				if (getenv("WSAERR_FAULTS_TRACE"))
					trace();
				return true;
			}
			return false;
		}
	}
	return false;
}

void *faults_malloc(size_t n)
{
	return faults_fail_now() ? NULL : malloc(n);
}

void *faults_calloc(size_t n, size_t size)
{
	return faults_fail_now() ? NULL : calloc(n, size);
}

void *faults_realloc(void *p, size_t n)
{
	return faults_fail_now() ? NULL : realloc(p, n);
}

char *faults_strdup(const char *s)
{
	return faults_fail_now() ? NULL : strdup(s);
}

char *faults_strndup(const char *s, size_t n)
{
	return faults_fail_now() ? NULL : strndup(s, n);
}

FILE *faults_open_memstream(char **buf, size_t *size)
{
	return faults_fail_now() ? NULL : open_memstream(buf, size);
}

/* WSAERR_FAULT_AT=n in the environment fails the n-th call from the
 * start: how the daemon's own start-up is tested. */
__attribute__((constructor)) static void faults_from_environment(void)
{
	const char *at = getenv("WSAERR_FAULT_AT");

	if (at)
		faults_arm(strtol(at, NULL, 10));
}

/* ... and says at exit whether that failure happened, for a daemon that
 * went on serving. */
__attribute__((destructor)) static void faults_report(void)
{
	if (getenv("WSAERR_FAULT_AT") && faults_fired())
		fputs("faults: the failure happened\n", stderr);
}
