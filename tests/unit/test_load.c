/*
 * The loader, driven by data: every folder under tests/load/ holds an
 * `input` table and the `expected` result, "ok" or "line N: message".
 */
#include "cases.h"
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

struct load_case {
	char dir[64];
};

static const char *load_case_name(const void *c)
{
	return ((const struct load_case *)c)->dir;
}

static void free_cases(struct criterion_test_params *p)
{
	cr_free(p->params);
}

/* One test per folder under tests/load: WSAERR_CASE=duplicate-code reruns
 * that one. The list lives in Criterion's shared memory (cr_malloc), which
 * each test's process sees. */
ParameterizedTestParameters(load, each_case_folder)
{
	DIR *d = opendir("load");
	struct dirent *e;
	struct load_case *cases;
	size_t n = 0, cap = 64;

	if (!d)
		return cr_make_param_array(struct load_case, NULL, 0);
	cases = cr_malloc(cap * sizeof(*cases));
	while (cases && (e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);

		/* a name too long to hold is lost: case_folders_are_there
		 * counts them */
		if (e->d_name[0] == '.' || n == cap ||
		    len >= sizeof(cases->dir))
			continue;
		memcpy(cases[n++].dir, e->d_name, len + 1);
	}
	closedir(d);
	if (!cases)
		n = 0;
	n = cases_select(cases, n, sizeof(*cases), load_case_name);
	return cr_make_param_array(struct load_case, cases, n, free_cases);
}

ParameterizedTest(struct load_case *c, load, each_case_folder)
{
	static char input[8192], expected[512];
	char got[512];
	long len;
	struct wsaerr_load_error err;
	struct wsaerr_table *t;

	len = slurp(c->dir, "input", input, sizeof(input));
	cr_assert_geq(len, 0, "%s/input", c->dir);
	cr_assert_geq(slurp(c->dir, "expected", expected, sizeof(expected)), 0,
	              "%s/expected", c->dir);
	expected[strcspn(expected, "\n")] = '\0';
	t = wsaerr_table_load(input, (size_t)len, &err);
	if (t)
		snprintf(got, sizeof(got), "ok");
	else
		snprintf(got, sizeof(got), "line %u: %s", err.line,
		         err.message);
	cr_expect_str_eq(got, expected, "case %s", c->dir);
	wsaerr_table_free(t);
}

/* The folders are all there: a lost folder is a lost case. */
Test(load, case_folders_are_there)
{
	DIR *d = opendir("load");
	struct dirent *e;
	int cases = 0;

	cr_assert_not_null(d, "run from tests/");
	while ((e = readdir(d)) != NULL) {
		cr_expect_lt(strlen(e->d_name),
		             sizeof(((struct load_case *)0)->dir),
		             "folder name %s is too long", e->d_name);
		cases += e->d_name[0] != '.';
	}
	closedir(d);
	cr_expect_geq(cases, 33);
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
	/* what POSIX systems print, with its source, and searchable */
	cr_assert_eq(t->codes[1].posix.n_texts, 2);
	cr_expect_str_eq(t->codes[1].posix.texts[0].text, "Bee is not here");
	cr_expect_eq(t->codes[1].posix.texts[0].source, WSAERR_POSIX_SRC_GLIBC);
	cr_expect_eq(t->codes[1].posix.texts[1].source, WSAERR_POSIX_SRC_MACOS);
	cr_expect_eq(t->codes[1].ptx_len[0], 4);
	cr_expect_eq(t->codes[1].generic,
	             WSAERR_FIELD_MESSAGE | WSAERR_FIELD_SYSTEM);
	cr_expect_eq(t->codes[0].generic, 0);
	cr_expect(t->codes[1].event);
	cr_expect_str_eq(t->codes[1].hex, "0x14");
	cr_expect_str_eq(t->codes[1].hresult, "0x80070014");
	cr_expect_eq(wsaerr_table_by_name(t, "bb", 2), &t->codes[1]);
	cr_expect_eq(t->n_names, 6);
	/* the .NET name resolves, case-insensitively, and says what it is */
	cr_expect_eq(wsaerr_table_by_name(t, "beeThere", 8), &t->codes[1]);
	cr_expect_eq(wsaerr_table_find_name(t, "BEETHERE", 8)->kind,
	             WSAERR_NAME_DOTNET);
	cr_expect_eq(wsaerr_table_find_name(t, "EB", 2)->kind,
	             WSAERR_NAME_ALIAS);
	cr_expect_eq(wsaerr_table_find_name(t, "B", 1)->kind,
	             WSAERR_NAME_SYMBOL);
	cr_expect_str_eq(t->codes[1].dotnet, "BeeThere");
	cr_expect_null(t->codes[0].dotnet);
	/* the message's words, in order, as vocabulary indexes */
	cr_assert_gt(t->codes[0].sys_len, 0);
	for (unsigned i = 0; i < t->codes[0].sys_len; i++)
		cr_expect_lt(t->sequence[t->codes[0].sys_at + i], t->n_words);
	/* hints: repeated lines, in order, both lists; no hints is none */
	cr_expect_eq(t->codes[2].n_causes, 2);
	cr_expect_str_eq(t->codes[2].causes[1].text, "Another, with `cmd /c`.");
	cr_expect_eq(t->codes[2].n_checks, 1);
	cr_expect_str_eq(t->codes[2].checks[0].text, "Look.");
	/* each hint with the references it rests on, in the data's order */
	cr_assert_eq(t->n_refs, 2);
	cr_expect_str_eq(t->refs[0].id, "ms-doc");
	cr_expect_str_eq(t->refs[0].url, "https://learn.microsoft.com/x");
	cr_expect_eq(t->refs[0].kind, WSAERR_REF_DOCS);
	cr_expect_str_eq(t->refs[1].url, "", "a reference may have no url");
	cr_expect_eq(t->refs[1].kind, WSAERR_REF_OBSERVED);
	cr_assert_eq(t->codes[2].causes[0].n_why, 2);
	cr_expect_eq(t->codes[2].causes[0].why[0], &t->refs[0]);
	cr_expect_eq(t->codes[2].causes[0].why[1], &t->refs[1]);
	cr_expect(wsaerr_hint_documented(&t->codes[2].causes[0]));
	cr_assert_eq(t->codes[2].causes[1].n_why, 1);
	cr_expect(!wsaerr_hint_documented(&t->codes[2].causes[1]),
	          "observed behaviour alone is not documented");
	cr_expect(wsaerr_hint_documented(&t->codes[2].checks[0]));
	cr_expect_eq(t->codes[0].n_causes + t->codes[0].n_checks, 0);
	/* advice is not what a code says: search does not index it */
	for (size_t i = 0; i < t->n_words; i++)
		cr_expect_str_neq(t->words[i].word, "another");
	/* every word knows how rare it is */
	for (size_t i = 0; i < t->n_words; i++)
		cr_expect_gt(t->words[i].idf, 0, "%s", t->words[i].word);
	wsaerr_table_free(t);
}

Test(load, text_need_not_end_in_a_nul)
{
	static const char text[] = "code: 5\nname: A\nmessage: M.\n"
	                           "system: S.\n"
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
