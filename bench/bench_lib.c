/*
 * bench-lib: nanoseconds per key lookup and per search over fixed sets, each
 * beside a naive reference measured in the same run, so the ratio means
 * something on any machine:
 *   lookup reference: a linear scan of names (strcasecmp) and values;
 *   search reference: a linear scan of every name, message and description
 *                     with strcasestr for each query word.
 */
#define _GNU_SOURCE /* strcasestr, for the reference only */
#include "key.h"
#include "search.h"

#include <stdio.h>
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
			struct wsaerr_search_opts o = {0, 20, -1};

			wsaerr_search(t, queries[i], strlen(queries[i]), &o,
			              &r);
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

int main(void)
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
	return 0;
}
