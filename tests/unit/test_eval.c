/*
 * The search evaluation set, tests/search/loglines.tsv: every line that
 * means a code finds it in its top 3, every noise line finds nothing, and
 * the top hit is right for at least 95% of the lines. make eval-search
 * prints the same figures beside SQLite FTS5's.
 */
#include "cases.h"
#include "search.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct logline {
	char name[32];     /* source-N, for WSAERR_CASE */
	char expected[32]; /* "10061", "10102|10110" or "-" */
	char line[1024];
};

static const char *logline_name(const void *c)
{
	return ((const struct logline *)c)->name;
}

/* Cuts a row of a set into its three columns, in place: row is then the
 * expected code. False for a comment or a blank line. */
static bool split_row(char *row, char **source, char **text)
{
	row[strcspn(row, "\n")] = '\0';
	if (row[0] == '#' || row[0] == '\0')
		return false;
	*source = strchr(row, '\t');
	*text = *source ? strchr(*source + 1, '\t') : NULL;
	cr_assert_not_null(*text, "three columns: %s", row);
	*(*source)++ = '\0';
	*(*text)++ = '\0';
	return true;
}

/* Reads the set into `out` (max rows); how many. */
static size_t read_set(struct logline *out, size_t max)
{
	FILE *f = fopen("search/loglines.tsv", "r");
	char row[1200];
	size_t n = 0;
	unsigned per_source[64] = {0};
	char sources[64][16];
	size_t n_sources = 0;

	cr_assert_not_null(f, "run from tests/");
	while (fgets(row, sizeof(row), f) && n < max) {
		char *source, *text;
		size_t s;

		if (!split_row(row, &source, &text))
			continue;
		for (s = 0; s < n_sources; s++) {
			if (strcmp(sources[s], source) == 0)
				break;
		}
		if (s == n_sources && n_sources < 64)
			snprintf(sources[n_sources++], sizeof(sources[0]), "%s",
			         source);
		snprintf(out[n].name, sizeof(out[n].name), "%.16s-%u", source,
		         ++per_source[s]);
		cr_assert_lt(strlen(row), sizeof(out[n].expected), "%s", row);
		memcpy(out[n].expected, row, strlen(row) + 1);
		cr_assert_lt(strlen(text), sizeof(out[n].line), "%s", text);
		memcpy(out[n].line, text, strlen(text) + 1);
		n++;
	}
	fclose(f);
	return n;
}

/* The rank (1-based) of the expected code among the first three hits; 0
 * when it is not there. For noise, the number of hits. */
static size_t rank_of(const struct logline *l)
{
	static struct wsaerr_search_result r;
	struct wsaerr_search_opts o = {0, 3, -1, false};
	char buf[32], *save = NULL;

	cr_assert_eq(wsaerr_search(wsaerr_table_default(), l->line,
	                           strlen(l->line), &o, &r),
	             WSAERR_SEARCH_OK);
	if (strcmp(l->expected, "-") == 0)
		return r.count;
	memcpy(buf, l->expected, sizeof(buf));
	for (size_t i = 0; i < r.count; i++) {
		save = NULL;
		for (char *tok = strtok_r(buf, "|", &save); tok;
		     tok = strtok_r(NULL, "|", &save)) {
			if (strtoul(tok, NULL, 10) == r.hits[i].code->value)
				return i + 1;
		}
		memcpy(buf, l->expected, sizeof(buf));
	}
	return 0;
}

static void free_set(struct criterion_test_params *p)
{
	cr_free(p->params);
}

ParameterizedTestParameters(eval, each_line)
{
	struct logline *set = cr_malloc(400 * sizeof(*set));
	size_t n = set ? read_set(set, 400) : 0;

	n = cases_select(set, n, sizeof(*set), logline_name);
	return cr_make_param_array(struct logline, set, n, free_set);
}

ParameterizedTest(struct logline *l, eval, each_line)
{
	size_t rank = rank_of(l);

	if (strcmp(l->expected, "-") == 0)
		cr_expect_eq(rank, 0, "%s: noise found %zu codes: %s", l->name,
		             rank, l->line);
	else
		cr_expect_gt(rank, 0, "%s: %s not in the top 3: %s", l->name,
		             l->expected, l->line);
}

Test(eval, the_set_is_what_the_issue_asks_for)
{
	static struct logline set[400];
	size_t n = read_set(set, 400), noise = 0, top1 = 0, lines = 0;

	for (size_t i = 0; i < n; i++) {
		if (strcmp(set[i].expected, "-") == 0) {
			noise++;
			continue;
		}
		lines++;
		top1 += rank_of(&set[i]) == 1;
	}
	cr_expect_geq(lines, 80, "at least 80 log lines");
	cr_expect_geq(noise, 15, "at least 15 noise lines");
	cr_expect_geq(100 * top1, 95 * lines, "top-1 %zu of %zu", top1, lines);
}

/*
 * The negative corpus, tests/search/negative.tsv: real lines of ordinary
 * programs that name no socket error. Search answers at most 0.1% of them,
 * from at least 20,000 lines of at least 8 programs. Each false answer is
 * printed, so a change that adds one says which.
 */
Test(eval, lines_that_name_no_error_find_nothing, .timeout = 600)
{
	static struct wsaerr_search_result r;
	FILE *f = fopen("search/negative.tsv", "r");
	char *row = NULL, programs[64][24];
	size_t cap = 0, lines = 0, searched = 0, answered = 0, n_programs = 0;
	/* under valgrind (WSAERR_SLOW=1), every 25th line: memcheck makes
	 * 25,000 searches take minutes, and the fuzzers cover the rest */
	const char *slow = getenv("WSAERR_SLOW");
	size_t stride = slow && strcmp(slow, "1") == 0 ? 25 : 1;

	cr_assert_not_null(f, "run from tests/");
	while (getline(&row, &cap, f) > 0) {
		char *source, *text, *colon;
		size_t p;

		if (!split_row(row, &source, &text))
			continue;
		cr_assert_str_eq(row, "-", "a line that names no error");
		colon = strchr(source, ':');
		if (colon)
			*colon = '\0';
		for (p = 0; p < n_programs; p++) {
			if (strcmp(programs[p], source) == 0)
				break;
		}
		if (p == n_programs && n_programs < 64)
			snprintf(programs[n_programs++], sizeof(programs[0]),
			         "%s", source);
		if (lines++ % stride != 0)
			continue;
		searched++;
		/* a line with no words is refused: it finds nothing too */
		if (wsaerr_search(wsaerr_table_default(), text, strlen(text),
		                  NULL, &r) == WSAERR_SEARCH_OK &&
		    r.count > 0) {
			answered++;
			cr_log_info("false answer %s for %s: %s",
			            r.hits[0].code->name, source, text);
		}
	}
	free(row);
	fclose(f);
	cr_expect_geq(lines, 20000, "at least 20,000 lines, not %zu", lines);
	cr_expect_geq(n_programs, 8, "of at least 8 programs, not %zu",
	              n_programs);
	cr_expect_leq(1000 * answered, searched,
	              "%zu false answers of %zu lines", answered, searched);
}

/* Socket errors as Linux and macOS programs print them
 * (tests/search/positives.tsv): precision is not bought with recall. The
 * floor is what search finds today; the one miss is Chromium's
 * net::ERR_NAME_NOT_RESOLVED, another error space. */
Test(eval, errno_texts_are_still_found)
{
	static struct wsaerr_search_result r;
	FILE *f = fopen("search/positives.tsv", "r");
	char *row = NULL;
	size_t cap = 0, lines = 0, top1 = 0;

	cr_assert_not_null(f, "run from tests/");
	while (getline(&row, &cap, f) > 0) {
		char *source, *text;

		if (!split_row(row, &source, &text))
			continue;
		lines++;
		if (wsaerr_search(wsaerr_table_default(), text, strlen(text),
		                  NULL, &r) == WSAERR_SEARCH_OK &&
		    r.count > 0 &&
		    r.hits[0].code->value == strtoul(row, NULL, 10))
			top1++;
		else
			cr_log_info("miss %s: %s", row, text);
	}
	free(row);
	fclose(f);
	cr_expect_geq(lines, 30);
	cr_expect_geq(top1, 30, "top-1 %zu of %zu", top1, lines);
}

/* Real lines that print a Win32 or NTSTATUS neighbour
 * (tests/search/neighbours.tsv, "10054@win32:64"): at least 95% find the
 * Winsock code first with that neighbour as its via, as issue 20 asks. */
Test(eval, neighbour_lines_find_their_code_through_the_neighbour)
{
	static struct wsaerr_search_result r;
	FILE *f = fopen("search/neighbours.tsv", "r");
	char *row = NULL;
	size_t cap = 0, lines = 0, found = 0;

	cr_assert_not_null(f, "run from tests/");
	while (getline(&row, &cap, f) > 0) {
		char *source, *text, *at, *colon;
		const struct wsaerr_hit *h;
		bool ok;

		if (!split_row(row, &source, &text))
			continue;
		at = strchr(row, '@');
		if (!at)
			continue; /* 995: a Winsock code of its own */
		lines++;
		colon = strchr(at, ':');
		cr_assert_not_null(colon, "%s", row);
		ok = wsaerr_search(wsaerr_table_default(), text, strlen(text),
		                   NULL, &r) == WSAERR_SEARCH_OK &&
		     r.count > 0;
		h = ok ? &r.hits[0] : NULL;
		ok = ok && h->code->value == strtoul(row, NULL, 10) && h->via &&
		     strncmp(at + 1, wsaerr_space_slug(h->via->space),
		             (size_t)(colon - at - 1)) == 0 &&
		     h->via->value == strtoul(colon + 1, NULL, 0);
		found += ok;
		if (!ok)
			cr_log_info("miss %s: %s", row, text);
	}
	free(row);
	fclose(f);
	cr_expect_geq(lines, 24);
	cr_expect_geq(found * 100, lines * 95, "%zu of %zu", found, lines);
}

/*
 * The confidence is calibrated: over every candidate of the labeled sets,
 * in each cell of the calibration (evidence and place) with 20 or more,
 * the share that were the code meant is within 0.1 of the mean confidence
 * search gives them. A change to search that moves a cell without make
 * calibrate fails here, with the cell.
 */
Test(eval, the_confidence_is_calibrated, .timeout = 600)
{
	static const char *const sets[] = {
	        "search/loglines.tsv", "search/positives.tsv",
	        "search/neighbours.tsv", "search/typed.tsv",
	        "search/negative.tsv"};
	static struct wsaerr_search_result r;
	unsigned seen[WSAERR_N_EVIDENCE][2] = {{0}},
	         right[WSAERR_N_EVIDENCE][2] = {{0}};
	double sum[WSAERR_N_EVIDENCE][2] = {{0}};
	/* under valgrind, every 25th line, as above */
	const char *slow = getenv("WSAERR_SLOW");
	size_t stride = slow && strcmp(slow, "1") == 0 ? 25 : 1, lines = 0;

	for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
		FILE *f = fopen(sets[i], "r");
		char *row = NULL;
		size_t cap = 0;

		cr_assert_not_null(f, "run from tests/: %s", sets[i]);
		while (getline(&row, &cap, f) > 0) {
			struct wsaerr_search_opts o = {0, WSAERR_MAX_CODES, -1,
			                               true};
			char *source, *text, *via;

			if (!split_row(row, &source, &text) ||
			    lines++ % stride != 0)
				continue;
			via = strchr(row, '@');
			if (via)
				*via = '\0';
			if (wsaerr_search(wsaerr_table_default(), text,
			                  strlen(text), &o,
			                  &r) != WSAERR_SEARCH_OK)
				continue;
			for (size_t k = 0; k < r.count; k++) {
				const struct wsaerr_hit *h = &r.hits[k];
				char want[16];

				snprintf(want, sizeof(want), "%u",
				         h->code->value);
				seen[h->evidence][h->first]++;
				sum[h->evidence][h->first] += h->confidence;
				for (char *p = row; p; p = strchr(p, '|')) {
					p += *p == '|';
					if (strncmp(p, want, strlen(want)) ==
					            0 &&
					    (p[strlen(want)] == '|' ||
					     p[strlen(want)] == '\0')) {
						right[h->evidence][h->first]++;
						break;
					}
				}
			}
		}
		free(row);
		fclose(f);
	}
	for (int e = 0; e < WSAERR_N_EVIDENCE; e++) {
		for (int first = 0; first < 2; first++) {
			unsigned n = seen[e][first];

			if (n < 20)
				continue;
			cr_log_info("%s %s: %u candidates, %u right, mean "
			            "confidence %.3f",
			            wsaerr_evidence_slug(e),
			            first ? "first" : "after another", n,
			            right[e][first], sum[e][first] / n);
			cr_expect_leq(fabs((double)right[e][first] / n -
			                   sum[e][first] / n),
			              0.1,
			              "%s %s: %u of %u right, confidence %.3f",
			              wsaerr_evidence_slug(e),
			              first ? "first" : "after another",
			              right[e][first], n, sum[e][first] / n);
		}
	}
}
