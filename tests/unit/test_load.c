/*
 * The loader, driven by data: every folder under tests/load/ holds an
 * `input` table and the `expected` result, "ok" or "line N: message".
 */
#include "load.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <string.h>

/* Reads a whole small file into buf; its length, or -1. */
static long slurp(const char *dir, const char *name, char *buf, size_t size)
{
	char path[512];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "load/%s/%s", dir, name);
	f = fopen(path, "rb");
	if (!f)
		return -1;
	n = fread(buf, 1, size - 1, f);
	fclose(f);
	buf[n] = '\0';
	return (long)n;
}

Test(load, every_case_folder)
{
	DIR *d = opendir("load");
	struct dirent *e;
	int cases = 0;

	cr_assert_not_null(d, "run from tests/");
	while ((e = readdir(d)) != NULL) {
		static char input[8192], expected[512];
		char got[512];
		long len;
		struct wsaerr_load_error err;
		struct wsaerr_table *t;

		if (e->d_name[0] == '.')
			continue;
		len = slurp(e->d_name, "input", input, sizeof(input));
		cr_assert_geq(len, 0, "%s/input", e->d_name);
		cr_assert_geq(slurp(e->d_name, "expected", expected,
		                    sizeof(expected)),
		              0, "%s/expected", e->d_name);
		expected[strcspn(expected, "\n")] = '\0';
		t = wsaerr_table_load(input, (size_t)len, &err);
		if (t)
			snprintf(got, sizeof(got), "ok");
		else
			snprintf(got, sizeof(got), "line %u: %s", err.line,
			         err.message);
		cr_expect_str_eq(got, expected, "case %s", e->d_name);
		wsaerr_table_free(t);
		cases++;
	}
	closedir(d);
	cr_expect_geq(cases, 25);
}

Test(load, valid_case_builds_the_indexes)
{
	static char input[8192];
	long len = slurp("valid", "input", input, sizeof(input));
	struct wsaerr_load_error err;
	struct wsaerr_table *t;

	cr_assert_gt(len, 0);
	t = wsaerr_table_load(input, (size_t)len, &err);
	cr_assert_not_null(t, "%s", err.message);
	cr_expect_eq(t->n_codes, 3);
	cr_expect_str_eq(t->codes[1].aliases[0], "EB"); /* POSIX name first */
	cr_expect_str_eq(t->codes[1].aliases[1], "BB");
	cr_expect_eq(t->codes[1].posix.linux_value, -1);
	cr_expect_eq(t->codes[1].posix.bsd_value, 9);
	cr_expect(t->codes[1].event);
	cr_expect_str_eq(t->codes[1].hex, "0x14");
	cr_expect_str_eq(t->codes[1].hresult, "0x80070014");
	cr_expect_eq(wsaerr_table_by_name(t, "bb", 2), &t->codes[1]);
	cr_expect_eq(t->n_names, 5);
	wsaerr_table_free(t);
}

Test(load, text_need_not_end_in_a_nul)
{
	static const char text[] = "code: 5\nname: A\nmessage: M.\n"
	                           "description: D.\ncategory: qos\n"
	                           "source: winerror-h\nXXXX";
	struct wsaerr_load_error err;
	/* the last line is cut off before "XXXX" */
	struct wsaerr_table *t =
	        wsaerr_table_load(text, sizeof(text) - 5, &err);

	cr_assert_not_null(t, "%u: %s", err.line, err.message);
	cr_expect_eq(t->codes[0].source, WSAERR_SRC_WINERROR_H);
	wsaerr_table_free(t);
}
