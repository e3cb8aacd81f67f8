/* server/common/membuf: the growing buffer and its cap. */
#include "membuf.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

Test(membuf, gives_what_was_written)
{
	struct membuf m;
	size_t len = 0;
	char *s;

	cr_assert(membuf_open(&m, 64));
	fputs("hello, ", m.f);
	fprintf(m.f, "%d", 42);
	cr_expect(!membuf_over(&m));
	s = membuf_close(&m, &len);
	cr_assert_not_null(s);
	cr_expect_eq(len, 9);
	cr_expect_eq(memcmp(s, "hello, 42", 9), 0);
	free(s);
}

Test(membuf, past_its_cap_gives_nothing)
{
	struct membuf m;
	size_t len = 7;

	cr_assert(membuf_open(&m, 8));
	fputs("12345678", m.f);
	cr_expect(!membuf_over(&m), "at the cap is not past it");
	fputc('9', m.f);
	cr_expect(membuf_over(&m));
	cr_expect_null(membuf_close(&m, &len));
	cr_expect_eq(len, 7, "len is left alone");
	/* past the cap only at the close: the same */
	cr_assert(membuf_open(&m, 4));
	fputs("12345", m.f);
	cr_expect_null(membuf_close(&m, &len));
}

Test(membuf, discarded_leaves_nothing)
{
	struct membuf m;

	cr_assert(membuf_open(&m, MEMBUF_CAP));
	fputs("gone", m.f);
	membuf_discard(&m);
	cr_expect_null(m.buf);
}
