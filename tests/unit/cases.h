/*
 * cases.h: table-driven cases as Criterion parameterized tests.
 *
 * Criterion runs each case in a process of its own, a new image of the test
 * binary, where addresses differ: a case must hold its strings inline
 * (char arrays), never as pointers into the parent's memory.
 *
 * Every failure message names its case. To rerun one case alone, set
 * WSAERR_CASE to its name: cases_select() keeps only the cases whose name
 * is that: make check-unit FILTER=key/each_input CASE=10061abc.
 */
#ifndef WSAERR_TEST_CASES_H
#define WSAERR_TEST_CASES_H

#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdlib.h>
#include <string.h>

#define CASE_TEXT_MAX 160

/*
 * Keeps, at the front of cases[0..n), those named by WSAERR_CASE (all when
 * it is unset or empty); returns how many. `name_of` reads a case's name.
 */
static inline size_t cases_select(void *cases, size_t n, size_t size,
                                  const char *(*name_of)(const void *))
{
	const char *want = getenv("WSAERR_CASE");
	char *p = cases;
	size_t kept = 0;

	if (!want || !want[0])
		return n;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(name_of(p + i * size), want) == 0) {
			if (kept != i)
				memcpy(p + kept * size, p + i * size, size);
			kept++;
		}
	}
	return kept;
}

#endif
