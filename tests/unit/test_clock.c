/* server/common/clock: the monotonic clock and deadlines on it. */
#include "clock.h"

#include <criterion/criterion.h>

Test(clock, never_goes_back)
{
	uint64_t a = clock_now_ns(), b = clock_now_ns();

	cr_expect_geq(b, a);
}

Test(clock, a_deadline_is_that_far_ahead)
{
	struct timespec now = clock_deadline(0), later = clock_deadline(10000);
	int64_t left = clock_ms_left(&later);

	cr_expect_leq(clock_ms_left(&now), 0, "a deadline of now has passed");
	/* however slow the machine, not more than asked, nor past */
	cr_expect_leq(left, 10000);
	cr_expect_gt(left, 0);
	cr_expect_lt(later.tv_nsec, 1000000000L, "normalised");
	/* 999 ms carries into the seconds as 1000 ms does */
	struct timespec a = clock_deadline(1999), b = clock_deadline(2000);

	cr_expect_lt(a.tv_nsec, 1000000000L);
	cr_expect_geq(clock_ms_left(&b), clock_ms_left(&a) - 1);
}
