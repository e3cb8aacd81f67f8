/*
 * wsaerr: look up Windows Sockets error codes from the command line, with the
 * same embedded table the service uses. No network, no files.
 */
#include "key.h"
#include "render.h"
#include "scan_cmd.h"
#include "version.h"
#include "search.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const char usage[] =
        "usage: wsaerr [--json] KEY...\n"
        "       wsaerr [--json] -s QUERY\n"
        "       wsaerr [--json] -l\n"
        "       wsaerr scan [--json] [--limit N] [FILE...]\n"
        "\n"
        "Explains Windows Sockets (Winsock) error codes.\n"
        "\n"
        "  KEY          a code in any form people paste: 10061, 0x274D, 274D,\n"
        "               the HRESULT 0x8007274D, -2147014835 or 2147952461,\n"
        "               or a name: WSAECONNREFUSED, econnrefused,\n"
        "               ERROR_IO_PENDING, NO_ADDRESS, ConnectionRefused,\n"
        "               SocketError.TimedOut; a Win32 or NTSTATUS\n"
        "               neighbour: ERROR_SEM_TIMEOUT, 0xC0000236,\n"
        "               STATUS_CONNECTION_REFUSED; any other text (a log line)\n"
        "               prints its best match, after a line saying so\n"
        "  -s QUERY     search names, messages and descriptions; QUERY may be\n"
        "               words (\"connection reset\") or a whole log line\n"
        "  -l           list every code\n"
        "  scan         every line of logs that names a Winsock error, and a\n"
        "               summary by code (wsaerr scan --help)\n"
        "  --json       print JSON (one object per key; a search or list is\n"
        "               one object with query, total and items)\n"
        "  -h, --help   show this help\n"
        "  --version    print the version\n"
        "\n"
        "Exit status: 0 when everything asked for was found, 1 when\n"
        "something was not, 2 on bad usage, or on a malformed key that looks\n"
        "like one (0x, +10061, 10061abc).\n"
        "\n"
        "Examples:\n"
        "  wsaerr 10061\n"
        "  wsaerr \"java.net.ConnectException: Connection refused\"\n"
        "  wsaerr -s \"SocketException: error: 10054: recv failed\"\n";

/* Prints j as one line and releases it; false when printing failed. */
static bool print_json(json_t *j)
{
	bool ok = j && json_dumpf(j, stdout, JSON_COMPACT) == 0;

	json_decref(j);
	if (ok)
		fputc('\n', stdout);
	else
		fputs("wsaerr: out of memory\n", stderr);
	return ok;
}

/* A code, and the neighbour it was named or found through (NULL: none),
 * as the API gives them: "via" in JSON, a "Reported as" line first. */
static int print_code(const struct wsaerr_table *t, const struct wsaerr_code *c,
                      const struct wsaerr_neighbour *via, bool json)
{
	if (json) {
		json_t *j = wsaerr_code_json(c);

		if (j && via &&
		    json_object_set_new(j, "via",
		                        wsaerr_neighbour_json(t, via)) != 0) {
			json_decref(j);
			j = NULL;
		}
		return print_json(j) ? EXIT_FOUND : EXIT_USAGE;
	}
	if (via)
		wsaerr_neighbour_text(stdout, via);
	wsaerr_code_text_full(stdout, c);
	return EXIT_FOUND;
}

/*
 * True when the argument is meant as a key: one word, starting the way
 * numbers and keys do ("0x", "+10061", "10061abc"). Anything else that is
 * no key is text to search for.
 */
static bool looks_like_key(const char *a)
{
	while (*a == ' ' || *a == '\t')
		a++;
	if (*a == '\0') /* nothing at all: the empty key */
		return true;
	if (strpbrk(a, " \t\n"))
		return false;
	return (*a >= '0' && *a <= '9') || *a == '+' || *a == '-';
}

/*
 * The best match for text that is no key, printed after a line saying so;
 * EXIT_NOT_FOUND (printing nothing) when nothing matches, or when only a
 * typo matches and `fuzzy` is false (a name that is not one: WSAEFOO).
 */
static int best_match(const struct wsaerr_table *t, const char *text, bool json,
                      bool fuzzy)
{
	static struct wsaerr_search_result r;
	struct wsaerr_search_opts o = {0, 1, -1, false};

	if (wsaerr_search(t, text, strlen(text), &o, &r) != WSAERR_SEARCH_OK ||
	    r.count == 0 || (r.hits[0].fuzzy && !fuzzy))
		return EXIT_NOT_FOUND;
	if (!json) {
		printf("best match for \"%.*s\"%s:\n", (int)r.searched, text,
		       r.truncated ? " (cut)" : "");
		if (wsaerr_hit_lang(&r.hits[0])) /* what it was found by */
			wsaerr_localized_text_line(stdout, r.hits[0].loc);
	}
	return print_code(t, r.hits[0].code, r.hits[0].via, json);
}

static int lookup(const struct wsaerr_table *t, const char *key, bool json)
{
	const struct wsaerr_code *others[4];
	struct wsaerr_key k;
	size_t n_others;
	char hint[768];
	enum wsaerr_key_status st = wsaerr_key_lookup(t, key, strlen(key), &k);
	const unsigned value = k.value;
	int rc;

	if (st == WSAERR_KEY_OK)
		return print_code(t, k.code, k.via, json);
	if (st == WSAERR_KEY_NO_EQUIVALENT) {
		fprintf(stderr, "wsaerr: %s: %s\n", key,
		        wsaerr_key_status_message(st));
		wsaerr_neighbour_text(stderr, k.via);
		return EXIT_NOT_FOUND;
	}
	if ((st == WSAERR_KEY_UNKNOWN_NAME ||
	     wsaerr_key_status_malformed(st)) &&
	    !looks_like_key(key)) {
		rc = best_match(t, key, json, st != WSAERR_KEY_UNKNOWN_NAME);
		if (rc != EXIT_NOT_FOUND)
			return rc;
		if (st != WSAERR_KEY_UNKNOWN_NAME) {
			fprintf(stderr, "wsaerr: nothing matches \"%s\"\n",
			        key);
			return EXIT_NOT_FOUND;
		}
	}
	if (st == WSAERR_KEY_UNKNOWN_CODE && value < 10000 &&
	    wsaerr_number_hint(t, value, hint, sizeof(hint), others, 4,
	                       &n_others) > 0) {
		fprintf(stderr, "wsaerr: %s\n", hint);
		return EXIT_NOT_FOUND;
	}
	fprintf(stderr, "wsaerr: %s: %s\n", key, wsaerr_key_status_message(st));
	if (st == WSAERR_KEY_UNKNOWN_CODE && value < 10000)
		fputs("wsaerr: (a number below 10000 is usually a Win32 system "
		      "error, not a Winsock one)\n",
		      stderr);
	return wsaerr_key_status_malformed(st) ? EXIT_USAGE : EXIT_NOT_FOUND;
}

/* A search hit as JSON: the code, its score, its confidence and the
 * fields it matched in,
 * as the API gives them; NULL when out of memory. */
static json_t *hit_json(const struct wsaerr_hit *h)
{
	const char *names[8];
	size_t n = wsaerr_matched_names(h->fields, names, 8);
	json_t *j = wsaerr_code_json(h->code), *matched = json_array();
	bool ok =
	        j && matched &&
	        json_object_set_new(j, "score", json_real(h->score)) == 0 &&
	        json_object_set_new(j, "confidence",
	                            json_real(h->confidence)) == 0 &&
	        (!h->via || json_object_set_new(j, "via",
	                                        wsaerr_neighbour_json(
	                                                wsaerr_table_default(),
	                                                h->via)) == 0);

	const char *lang = wsaerr_hit_lang(h);
	char at[32];

	if (ok && lang)
		ok = json_object_set_new(j, "lang", json_string(lang)) == 0;
	for (size_t i = 0; ok && i < n; i++) {
		const char *name = names[i];

		if (strcmp(name, "localized") == 0) {
			if (!lang)
				continue; /* words of one, found through none */
			snprintf(at, sizeof(at), "system_message@%s", lang);
			name = at;
		}
		ok = json_array_append_new(matched, json_string(name)) == 0;
	}
	if (ok && json_object_set_new(j, "matched", matched) == 0)
		return j;
	if (!ok)
		json_decref(matched);
	json_decref(j);
	return NULL;
}

/* Prints codes (with their hits' scores when hits is not NULL) as text
 * lines or as one JSON object. */
static int print_hits(const char *query, const struct wsaerr_code *const *codes,
                      const struct wsaerr_hit *hits, size_t n, bool json)
{
	json_t *items, *root;

	if (!json) {
		for (size_t i = 0; i < n; i++) {
			const struct wsaerr_neighbour *via =
			        hits ? hits[i].via : NULL;

			wsaerr_code_text_line(stdout, codes[i]);
			if (via)
				wsaerr_neighbour_text_line(stdout, via);
			if (hits && wsaerr_hit_lang(&hits[i]))
				wsaerr_localized_text_line(stdout, hits[i].loc);
		}
		return n > 0 ? EXIT_FOUND : EXIT_NOT_FOUND;
	}
	items = json_array();
	for (size_t i = 0; items && i < n; i++) {
		json_t *item =
		        hits ? hit_json(&hits[i]) : wsaerr_code_json(codes[i]);

		if (json_array_append_new(items, item)) {
			json_decref(items);
			items = NULL;
		}
	}
	root = json_pack("{s:s?, s:I, s:o}", "query", query, "total",
	                 (json_int_t)n, "items", items);
	if (!print_json(root))
		return EXIT_USAGE;
	return n > 0 ? EXIT_FOUND : EXIT_NOT_FOUND;
}

static int search(const struct wsaerr_table *t, const char *q, bool json)
{
	static struct wsaerr_search_result r;
	const struct wsaerr_code *codes[WSAERR_MAX_CODES];
	enum wsaerr_search_status st = wsaerr_search(t, q, strlen(q), NULL, &r);

	if (st != WSAERR_SEARCH_OK) {
		fprintf(stderr, "wsaerr: %s\n",
		        wsaerr_search_status_message(st));
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < r.count; i++)
		codes[i] = r.hits[i].code;
	if (r.truncated)
		fprintf(stderr,
		        "wsaerr: the query was cut to its first %zu "
		        "bytes\n",
		        r.searched);
	if (r.count == 0 && !json)
		fprintf(stderr, "wsaerr: nothing matches \"%s\"\n", q);
	return print_hits(q, codes, r.hits, r.count, json);
}

static int list(const struct wsaerr_table *t, bool json)
{
	const struct wsaerr_code *codes[WSAERR_MAX_CODES];

	for (size_t i = 0; i < t->n_codes; i++)
		codes[i] = &t->codes[i];
	return print_hits(NULL, codes, NULL, t->n_codes, json);
}

/* "-x" is an option; "-2147014835" (a signed HRESULT) and "-" are keys. */
static bool is_option(const char *a)
{
	return a[0] == '-' && a[1] != '\0' && !(a[1] >= '0' && a[1] <= '9');
}

int main(int argc, char **argv)
{
	const struct wsaerr_table *t = wsaerr_table_default();
	const char *query = NULL;
	bool json = false, do_list = false, options = true;
	int n_keys = 0, rc = EXIT_FOUND;

	if (argc > 1 && strcmp(argv[1], "scan") == 0)
		return wsaerr_cli_scan(t, argc - 2, argv + 2);

	/* Keys are moved to the front of argv as the options are read. */
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!options || !is_option(a)) {
			argv[n_keys++] = argv[i];
		} else if (strcmp(a, "--") == 0) {
			options = false;
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(usage, stdout);
			return EXIT_FOUND;
		} else if (strcmp(a, "--version") == 0) {
			printf("wsaerr %s\n", WSAERR_VERSION);
			return EXIT_FOUND;
		} else if (strcmp(a, "--json") == 0) {
			json = true;
		} else if (strcmp(a, "-l") == 0 || strcmp(a, "--list") == 0) {
			do_list = true;
		} else if (strcmp(a, "-s") == 0 || strcmp(a, "--search") == 0) {
			if (i + 1 >= argc) {
				fprintf(stderr, "wsaerr: %s needs a query\n",
				        a);
				return EXIT_USAGE;
			}
			query = argv[++i];
		} else {
			fprintf(stderr, "wsaerr: unknown option %s\n%s", a,
			        usage);
			return EXIT_USAGE;
		}
	}
	if ((query != NULL) + do_list + (n_keys > 0) != 1) {
		fprintf(stderr,
		        "wsaerr: give one of KEY..., -s QUERY or -l\n%s",
		        usage);
		return EXIT_USAGE;
	}
	if (query)
		return search(t, query, json);
	if (do_list)
		return list(t, json);
	for (int i = 0; i < n_keys; i++) {
		int r = lookup(t, argv[i], json);

		if (r > rc)
			rc = r;
	}
	return rc;
}
