/*
 * bench-lib: nanoseconds per key lookup and per search over fixed sets, each
 * beside a naive reference measured in the same run, so the ratio means
 * something on any machine:
 *   lookup reference: a linear scan of names (strcasecmp) and values;
 *   search reference: a linear scan of every name, message and description
 *                     with strcasestr for each query word.
 * Then the latency of each log line of the search evaluation set
 * (tests/search/loglines.tsv and localized.tsv, or the files named as
 * arguments), each set apart:
 * p50, p99 and the worst, each line's time being the best of many runs.
 */
#define _GNU_SOURCE /* strcasestr, for the reference only */
#include "key.h"
#include "search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static const char *const keys[] = {
        "10061",
        "0x274D",
        "274D",
        "0x8007274D",
        "-2147014835",
        "2147952461",
        "WSAECONNREFUSED",
        "econnrefused",
        "ERROR_IO_PENDING",
        "NO_ADDRESS",
        "wsa_qos_sendErs",
        "11031",
        "126",
        "WSAEFOO",
        "10061abc",
        "  10054 ",
};

static const char *const queries[] = {
        "connection refused",
        "reset",
        "socket",
        "qos",
        "refus",
        "conection refsued",
        "Socket error #10057",
        "SocketException: Connection reset by peer: socket write error: "
        "10054: recv failed",
        "WSAGetLastError() = 10035",
        "host not found",
        "timeout",
        "10061",
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static volatile size_t sink; /* keeps the work from being optimised away */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* The naive lookup: what a first version would do. */
static const struct wsaerr_code *naive_lookup(const struct wsaerr_table *t,
                                              const char *key)
{
	unsigned long v = 0;
	const char *p = key;

	while (*p == ' ')
		p++;
	for (size_t i = 0; i < t->n_codes; i++) {
		const struct wsaerr_code *c = &t->codes[i];

		if (strcasecmp(c->name, p) == 0)
			return c;
		for (unsigned k = 0; k < c->n_aliases; k++) {
			if (strcasecmp(c->aliases[k], p) == 0)
				return c;
		}
	}
	for (; *p >= '0' && *p <= '9'; p++)
		v = v * 10 + (unsigned long)(*p - '0');
	for (size_t i = 0; i < t->n_codes; i++) {
		if (t->codes[i].value == v)
			return &t->codes[i];
	}
	return NULL;
}

/* The naive search: every word must occur somewhere in the code's text. */
static size_t naive_search(const struct wsaerr_table *t, const char *q)
{
	char words[WSAERR_QUERY_MAX_WORDS][WSAERR_QUERY_MAX_BYTES + 1];
	size_t n = 0, hits = 0, pos = 0, len = strlen(q);

	while (pos < len && n < WSAERR_QUERY_MAX_WORDS) {
		size_t s = pos;

		while (pos < len && q[pos] != ' ')
			pos++;
		if (pos > s) {
			memcpy(words[n], q + s, pos - s);
			words[n++][pos - s] = '\0';
		}
		pos++;
	}
	for (size_t i = 0; i < t->n_codes; i++) {
		const struct wsaerr_code *c = &t->codes[i];
		size_t w;

		for (w = 0; w < n; w++) {
			if (!strcasestr(c->name, words[w]) &&
			    !strcasestr(c->message, words[w]) &&
			    !strcasestr(c->description, words[w]))
				break;
		}
		hits += w == n;
	}
	return hits;
}

enum task { LOOKUP, LOOKUP_REF, SEARCH, SEARCH_REF };

static void run_once(const struct wsaerr_table *t, enum task task)
{
	static struct wsaerr_search_result r;
	const struct wsaerr_code *c;

	switch (task) {
	case LOOKUP:
		for (size_t i = 0; i < N(keys); i++)
			sink += wsaerr_key_parse(t, keys[i], strlen(keys[i]),
			                         &c, NULL);
		break;
	case LOOKUP_REF:
		for (size_t i = 0; i < N(keys); i++)
			sink += naive_lookup(t, keys[i]) != NULL;
		break;
	case SEARCH:
		for (size_t i = 0; i < N(queries); i++) {
			struct wsaerr_search_opts o = {0, 20, -1, false};

			if (wsaerr_search(t, queries[i], strlen(queries[i]), &o,
			                  &r) == WSAERR_SEARCH_OK)
				sink += r.total;
		}
		break;
	case SEARCH_REF:
		for (size_t i = 0; i < N(queries); i++)
			sink += naive_search(t, queries[i]);
		break;
	}
}

/* Nanoseconds per item: the best of 5 rounds of about 0.1 s each. */
static double measure(const struct wsaerr_table *t, enum task task,
                      size_t items)
{
	double best = 0;

	for (int round = 0; round < 5; round++) {
		double start = now(), elapsed;
		size_t reps = 0;

		do {
			run_once(t, task);
			reps++;
			elapsed = now() - start;
		} while (elapsed < 1e8);
		elapsed /= (double)(reps * items);
		if (round == 0 || elapsed < best)
			best = elapsed;
	}
	return best;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Nanoseconds for one search of q: the best of enough runs to see it. */
static double time_query(const struct wsaerr_table *t, const char *q)
{
	static struct wsaerr_search_result r;
	struct wsaerr_search_opts o = {0, 20, -1, false};
	double best = 0;

	for (int round = 0; round < 200; round++) {
		double start = now(), took;

		if (wsaerr_search(t, q, strlen(q), &o, &r) == WSAERR_SEARCH_OK)
			sink += r.total;
		took = now() - start;
		if (round == 0 || took < best)
			best = took;
	}
	return best;
}

/* p50, p99 and the worst over the log lines of the evaluation set. */
static int log_lines(const struct wsaerr_table *t, const char *path)
{
	static double times[1024];
	char line[4096];
	size_t n = 0;
	FILE *f = fopen(path, "r");

	if (!f) {
		perror(path);
		return 1;
	}
	while (fgets(line, sizeof(line), f) && n < N(times)) {
		char *text = strchr(line, '\t');

		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || !text || !(text = strchr(text + 1, '\t')))
			continue;
		times[n++] = time_query(t, text + 1);
	}
	fclose(f);
	if (n == 0)
		return 1;
	qsort(times, n, sizeof(times[0]), cmp_double);
	printf("log lines   p50 %6.2f us  p99 %6.2f us  worst %6.2f us "
	       "(%zu lines of %s)\n",
	       times[n / 2] / 1e3, times[(n * 99) / 100] / 1e3,
	       times[n - 1] / 1e3, n, path);
	return 0;
}

int main(int argc, char **argv)
{
	const struct wsaerr_table *t = wsaerr_table_default();
	double lookup = measure(t, LOOKUP, N(keys));
	double lookup_ref = measure(t, LOOKUP_REF, N(keys));
	double search = measure(t, SEARCH, N(queries));
	double search_ref = measure(t, SEARCH_REF, N(queries));

	printf("table: %zu codes, %zu names, %zu words, %zu postings\n",
	       t->n_codes, t->n_names, t->n_words, t->n_postings);
	printf("key lookup  %8.1f ns/key     (%zu keys, every form)\n", lookup,
	       N(keys));
	printf("  reference %8.1f ns/key     (linear scan)  ratio %.2fx\n",
	       lookup_ref, lookup_ref / lookup);
	printf("search      %8.1f ns/query   (%zu queries, ranked, limit 20)\n",
	       search, N(queries));
	printf("  reference %8.1f ns/query   (strcasestr scan, unranked)  "
	       "ratio %.2fx\n",
	       search_ref, search_ref / search);
	if (argc > 1) {
		for (int i = 1; i < argc; i++) {
			if (log_lines(t, argv[i]) != 0)
				return 1;
		}
		return 0;
	}
	/* the English lines, and apart from them the localized ones */
	return log_lines(t, "tests/search/loglines.tsv") ||
	       log_lines(t, "tests/search/localized.tsv");
}
