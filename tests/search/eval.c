/*
 * eval-search: how well search finds the code of a pasted log line.
 *
 *   eval-search tests/search/loglines.tsv
 *
 * Prints every miss (the expected code not first) with what came first,
 * then one line: top-1 and top-3 accuracy over the lines that mean a code,
 * and how many noise lines found anything (they should find nothing).
 * Exit status 0; the thresholds are tests/unit/test_eval.c's to enforce.
 */
#include "search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_MAX_BYTES 4096

/* True when code `value` is one of expected ("10061" or "10102|10110"). */
static bool expected_has(const char *expected, unsigned value)
{
	/* read in place: a copy into a fixed buffer could cut the list */
	for (const char *p = expected;; p++) {
		char *end;

		if (strtoul(p, &end, 10) == value && end != p)
			return true;
		p = strchr(end, '|');
		if (!p)
			return false;
	}
}

int main(int argc, char **argv)
{
	const struct wsaerr_table *t = wsaerr_table_default();
	FILE *f;
	char line[LINE_MAX_BYTES];
	unsigned lines = 0, top1 = 0, top3 = 0, noise = 0, noisy = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: eval-search loglines.tsv\n");
		return 2;
	}
	f = fopen(argv[1], "r");
	if (!f) {
		perror(argv[1]);
		return 1;
	}
	while (fgets(line, sizeof(line), f)) {
		struct wsaerr_search_opts o = {0, 3, -1};
		struct wsaerr_search_result r;
		char *expected = line, *source, *text;
		size_t rank = 0;

		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		source = strchr(expected, '\t');
		text = source ? strchr(source + 1, '\t') : NULL;
		if (!text) {
			fprintf(stderr, "%s: a line without three columns\n",
			        argv[1]);
			fclose(f);
			return 1;
		}
		*source++ = '\0';
		*text++ = '\0';
		if (wsaerr_search(t, text, strlen(text), &o, &r) !=
		    WSAERR_SEARCH_OK)
			r.count = 0;
		if (strcmp(expected, "-") == 0) {
			noise++;
			if (r.count > 0) {
				noisy++;
				printf("noise found %s (%.1f): %s\n",
				       r.hits[0].code->name, r.hits[0].score,
				       text);
			}
			continue;
		}
		lines++;
		for (size_t i = 0; i < r.count && !rank; i++) {
			if (expected_has(expected, r.hits[i].code->value))
				rank = i + 1;
		}
		top1 += rank == 1;
		top3 += rank >= 1;
		if (rank != 1)
			printf("miss %s (%s): rank %zu, first %s: %s\n",
			       expected, source, rank,
			       r.count ? r.hits[0].code->name : "nothing",
			       text);
	}
	fclose(f);
	printf("wsaerr: top-1 %u/%u (%.1f%%), top-3 %u/%u (%.1f%%), "
	       "noise answered %u/%u\n",
	       top1, lines, lines ? 100.0 * top1 / lines : 0, top3, lines,
	       lines ? 100.0 * top3 / lines : 0, noisy, noise);
	return 0;
}
