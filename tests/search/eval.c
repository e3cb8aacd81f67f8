/*
 * eval-search: how well search finds the code of a pasted log line, and how
 * rarely it answers a line that names no error.
 *
 *   eval-search [-q] SET.tsv...
 *
 * Each set has three tab-separated columns: the expected code ("10061",
 * "10102|10110", or "-" for a line that names no socket error and must find
 * nothing; "10054@win32:64" or "10055@ntstatus:0xC000009A" when the hit
 * must also carry that neighbour as its via), the source, and the line. For each set it prints every miss
 * (the expected code not first) and every false answer (a "-" line that
 * found a code), with what came first; -q prints at most 20 of each. Then
 * one line a set: top-1 and top-3 over the lines that mean a code, the
 * lines with a neighbour found first and with it as via, and the "-" lines
 * answered, as a count and a rate. Exit status 0; the thresholds
 * are tests/unit/test_eval.c's to enforce.
 */
#include "search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QUIET_MAX 20 /* misses and false answers printed with -q */

/* True when the hit's via is the neighbour "win32:64" or
 * "ntstatus:0xC000009A" names. */
static bool via_is(const struct wsaerr_hit *h, const char *want)
{
	const char *colon = strchr(want, ':');
	char *end;
	unsigned long v;

	if (!h->via || !colon)
		return false;
	v = strtoul(colon + 1, &end, 0);
	return strncmp(want, wsaerr_space_slug(h->via->space),
	               (size_t)(colon - want)) == 0 &&
	       strlen(wsaerr_space_slug(h->via->space)) ==
	               (size_t)(colon - want) &&
	       h->via->value == v;
}

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

struct tally {
	unsigned lines, top1, top3; /* lines that mean a code */
	unsigned neighbour, via;    /* of those, with a neighbour; and found
	                             * first with it as via */
	unsigned noise, noisy;      /* lines that mean none, and answered */
};

static double pct(unsigned a, unsigned b)
{
	return b ? 100.0 * a / b : 0;
}

/* Scores one set; false when it cannot be read. */
static bool eval_set(const char *path, bool quiet, struct tally *n)
{
	const struct wsaerr_table *t = wsaerr_table_default();
	static struct wsaerr_search_result r;
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	unsigned printed_miss = 0, printed_noise = 0;

	if (!f) {
		perror(path);
		return false;
	}
	memset(n, 0, sizeof(*n));
	while (getline(&line, &cap, f) > 0) {
		struct wsaerr_search_opts o = {0, 3, -1};
		char *expected = line, *source, *text, *via;
		size_t rank = 0;

		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		source = strchr(expected, '\t');
		text = source ? strchr(source + 1, '\t') : NULL;
		if (!text) {
			fprintf(stderr, "%s: a line without three columns\n",
			        path);
			free(line);
			fclose(f);
			return false;
		}
		*source++ = '\0';
		*text++ = '\0';
		if (wsaerr_search(t, text, strlen(text), &o, &r) !=
		    WSAERR_SEARCH_OK)
			r.count = 0;
		if (strcmp(expected, "-") == 0) {
			n->noise++;
			if (r.count > 0) {
				n->noisy++;
				if (!quiet || printed_noise++ < QUIET_MAX)
					printf("false %s (%.1f) for %s: %s\n",
					       r.hits[0].code->name,
					       r.hits[0].score, source, text);
			}
			continue;
		}
		n->lines++;
		via = strchr(expected, '@');
		if (via)
			*via++ = '\0';
		for (size_t i = 0; i < r.count && !rank; i++) {
			if (expected_has(expected, r.hits[i].code->value))
				rank = i + 1;
		}
		n->top1 += rank == 1;
		n->top3 += rank >= 1;
		if (via) {
			bool ok = rank == 1 && via_is(&r.hits[0], via);

			n->neighbour++;
			n->via += ok;
			if (!ok && rank == 1 &&
			    (!quiet || printed_miss++ < QUIET_MAX))
				printf("no via %s (%s): %s\n", via, source,
				       text);
		}
		if (rank != 1 && (!quiet || printed_miss++ < QUIET_MAX))
			printf("miss %s (%s): rank %zu, first %s: %s\n",
			       expected, source, rank,
			       r.count ? r.hits[0].code->name : "nothing",
			       text);
	}
	free(line);
	fclose(f);
	return true;
}

int main(int argc, char **argv)
{
	bool quiet = argc > 1 && strcmp(argv[1], "-q") == 0;
	int first = quiet ? 2 : 1;

	if (argc <= first) {
		fprintf(stderr, "usage: eval-search [-q] SET.tsv...\n");
		return 2;
	}
	for (int i = first; i < argc; i++) {
		struct tally n;

		if (!eval_set(argv[i], quiet, &n))
			return 1;
		printf("wsaerr %s: ", argv[i]);
		if (n.lines)
			printf("top-1 %u/%u (%.1f%%), top-3 %u/%u (%.1f%%)%s",
			       n.top1, n.lines, pct(n.top1, n.lines), n.top3,
			       n.lines, pct(n.top3, n.lines),
			       n.noise ? ", " : "");
		if (n.neighbour)
			printf(", with the neighbour as via %u/%u (%.1f%%)",
			       n.via, n.neighbour, pct(n.via, n.neighbour));
		if (n.noise)
			printf("false answers %u/%u (%.2f%%)", n.noisy, n.noise,
			       pct(n.noisy, n.noise));
		printf("\n");
	}
	return 0;
}
