/*
 * eval-search: how well search finds the code of a pasted log line, and how
 * rarely it answers a line that names no error.
 *
 *   eval-search [-q] SET.tsv...
 *   eval-search --calibrate SET.tsv...
 *
 * Each set has three tab-separated columns: the expected code ("10061",
 * "10102|10110", or "-" for a line that names no socket error and must find
 * nothing; "10054@win32:64" or "10055@ntstatus:0xC000009A" when the hit
 * must also carry that neighbour as its via), the source, and the line. For
 * each set it prints every miss (the expected code not first) and every
 * false answer (a "-" line that found a code), with what came first; -q
 * prints at most 20 of each. Then one line a set: top-1 and top-3 over the
 * lines that mean a code, the lines with a neighbour found first and with
 * it as via, and the "-" lines answered, as a count and a rate. Last, how
 * well the confidence is calibrated: for each evidence and place, the
 * candidates of all the sets, how many were the code meant, and the mean
 * confidence search gave them. Exit status 0; the thresholds are
 * tests/unit/test_eval.c's to enforce.
 *
 * --calibrate prints lib/calibration.h instead: over every candidate of
 * the sets (every code a word scored), for each evidence and place, the
 * share that were the code meant, isotonic in the score (pool adjacent
 * violators) and smoothed as (right + 1) / (seen + 2).
 */
#include "search.h"

#include "expected.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QUIET_MAX   20         /* misses and false answers printed with -q */
#define MAX_SAMPLES (1u << 20) /* candidates kept for the calibration */

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
		struct wsaerr_search_opts o = {0, 3, -1, false};
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

/* One candidate of a labeled line, for the calibration. */
struct sample {
	float score;
	bool right; /* the code the line means */
	uint8_t evidence;
	bool first;
	double confidence; /* what search gave it */
};

static struct sample samples[MAX_SAMPLES];
static size_t n_samples;

/* Adds every candidate of every line of the set at path; false when it
 * cannot be read. */
static bool collect(const char *path)
{
	const struct wsaerr_table *t = wsaerr_table_default();
	static struct wsaerr_search_result r;
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;

	if (!f) {
		perror(path);
		return false;
	}
	while (getline(&line, &cap, f) > 0) {
		struct wsaerr_search_opts o = {0, WSAERR_MAX_CODES, -1, true};
		char *expected = line, *source, *text, *via;

		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		source = strchr(expected, '\t');
		text = source ? strchr(source + 1, '\t') : NULL;
		if (!text)
			continue; /* eval_set() has said so */
		*source = '\0';
		*text++ = '\0';
		via = strchr(expected, '@');
		if (via)
			*via = '\0';
		if (wsaerr_search(t, text, strlen(text), &o, &r) !=
		    WSAERR_SEARCH_OK)
			continue;
		for (size_t i = 0; i < r.count && n_samples < MAX_SAMPLES;
		     i++) {
			const struct wsaerr_hit *h = &r.hits[i];

			/* a named code's text score, as search.c looks it up */
			double score =
			        h->evidence == WSAERR_EVIDENCE_NAMED
			                ? h->score - WSAERR_SEARCH_KEY_SCORE
			                : h->score;

			samples[n_samples++] = (struct sample){
			        (float)score,
			        strcmp(expected, "-") != 0 &&
			                expected_has(expected, h->code->value),
			        h->evidence, h->first, h->confidence};
		}
	}
	free(line);
	fclose(f);
	return true;
}

#define EVIDENCE_ID(id, slug) #id,
static const char *const evidence_ids[] = {WSAERR_EVIDENCE(EVIDENCE_ID)};
#undef EVIDENCE_ID

/* By cell (evidence, then place), then score. */
static int cmp_sample(const void *a, const void *b)
{
	const struct sample *x = a, *y = b;

	if (x->evidence != y->evidence)
		return x->evidence - y->evidence;
	if (x->first != y->first)
		return x->first ? -1 : 1;
	return (x->score > y->score) - (x->score < y->score);
}

/* A block of pooled candidates: from score `from` up. */
struct block {
	float from;
	unsigned right, seen;
};

static double smoothed(const struct block *b)
{
	return (b->right + 1.0) / (b->seen + 2.0);
}

/* Prints x as a C float constant that reads back as x, and ", ". */
static void print_float(float x)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%.9g", (double)x);
	printf("%s%sf, ", buf, strpbrk(buf, ".e") ? "" : ".0");
}

/* Prints the steps of one cell, samples[lo..hi) sorted by score: pool
 * adjacent violators, so the confidence never falls as the score rises. */
static void print_cell(size_t lo, size_t hi)
{
	static struct block blocks[MAX_SAMPLES];
	size_t n = 0;

	for (size_t i = lo; i < hi; i++) {
		/* equal scores share a step */
		if (n == 0 || samples[i].score != samples[i - 1].score)
			blocks[n++] = (struct block){samples[i].score, 0, 0};
		blocks[n - 1].right += samples[i].right;
		blocks[n - 1].seen++;
		while (n > 1 &&
		       smoothed(&blocks[n - 2]) >= smoothed(&blocks[n - 1])) {
			blocks[n - 2].right += blocks[n - 1].right;
			blocks[n - 2].seen += blocks[n - 1].seen;
			n--;
		}
	}
	for (size_t k = 0; k < n; k++) {
		/* the first step from 0: a lower score is no better */
		printf("{%s, %s, ", evidence_ids[samples[lo].evidence],
		       samples[lo].first ? "true" : "false");
		print_float(k == 0 ? 0 : blocks[k].from);
		print_float((float)smoothed(&blocks[k]));
		printf("%u, %u},\n", blocks[k].right, blocks[k].seen);
	}
}

/* The cells of samples (sorted), [lo, hi) each, in turn to fn. */
static void each_cell(void (*fn)(size_t, size_t))
{
	for (size_t lo = 0, hi; lo < n_samples; lo = hi) {
		for (hi = lo; hi < n_samples &&
		              samples[hi].evidence == samples[lo].evidence &&
		              samples[hi].first == samples[lo].first;
		     hi++)
			;
		fn(lo, hi);
	}
}

/* Prints how one cell's candidates fared beside the confidence given. */
static void print_reliability(size_t lo, size_t hi)
{
	unsigned right = 0;
	double sum = 0;

	for (size_t i = lo; i < hi; i++) {
		right += samples[i].right;
		sum += samples[i].confidence;
	}
	printf("  %-6s %-11s %6zu candidates, %5u the code meant (%5.1f%%), "
	       "mean confidence %.3f\n",
	       wsaerr_evidence_slug(samples[lo].evidence),
	       samples[lo].first ? "first" : "after another", hi - lo, right,
	       pct(right, (unsigned)(hi - lo)), sum / (double)(hi - lo));
}

static bool calibration(int argc, char **argv, int first, bool header)
{
	n_samples = 0;
	for (int i = first; i < argc; i++) {
		if (!collect(argv[i]))
			return false;
	}
	qsort(samples, n_samples, sizeof(samples[0]), cmp_sample);
	if (header) {
		printf("/* Made by eval-search --calibrate (make calibrate) from "
		       "the labeled\n * sets of tests/search/: do not edit. "
		       "Rows of struct step in search.c:\n * evidence, first, "
		       "from this score up, confidence, right, seen. */\n");
		each_cell(print_cell);
	} else {
		printf("calibration (every candidate of the sets above):\n");
		each_cell(print_reliability);
	}
	return true;
}

int main(int argc, char **argv)
{
	bool quiet = argc > 1 && strcmp(argv[1], "-q") == 0;
	bool calibrate = argc > 1 && strcmp(argv[1], "--calibrate") == 0;
	int first = quiet || calibrate ? 2 : 1;

	if (argc <= first) {
		fprintf(stderr, "usage: eval-search [-q] SET.tsv...\n"
		                "       eval-search --calibrate SET.tsv...\n");
		return 2;
	}
	if (calibrate)
		return calibration(argc, argv, first, true) ? 0 : 1;
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
	return calibration(argc, argv, first, false) ? 0 : 1;
}
