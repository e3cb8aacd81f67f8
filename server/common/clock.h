/*
 * clock.h: the one monotonic clock of the server, and deadlines on it.
 * Durations, deadlines and condition-variable waits all read this clock
 * (a condition variable must be set to CLOCK_MONOTONIC to wait on it);
 * wall-clock time is read only where it is printed (the access log, the
 * metrics' start time).
 */
#ifndef WSAERR_CLOCK_H
#define WSAERR_CLOCK_H

#include <stdint.h>
#include <time.h>

/* Now, in nanoseconds on the monotonic clock. */
uint64_t clock_now_ns(void);

/* The moment `ms` milliseconds from now, on the monotonic clock. */
struct timespec clock_deadline(uint64_t ms);

/* Milliseconds left until deadline; 0 or less once it has passed. */
int64_t clock_ms_left(const struct timespec *deadline);

#endif
