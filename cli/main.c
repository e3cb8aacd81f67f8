/*
 * wsaerr: look up Windows Sockets error codes from the command line, with the
 * same embedded table the service uses. No network, no files.
 */
#include "key.h"
#include "render.h"
#include "search.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#ifndef WSAERR_VERSION
#define WSAERR_VERSION "0.1.0"
#endif

enum { EXIT_FOUND = 0, EXIT_NOT_FOUND = 1, EXIT_USAGE = 2 };

static const char usage[] =
        "usage: wsaerr [--json] KEY...\n"
        "       wsaerr [--json] -s QUERY\n"
        "       wsaerr [--json] -l\n"
        "\n"
        "Explains Windows Sockets (Winsock) error codes.\n"
        "\n"
        "  KEY          a code in any form people paste: 10061, 0x274D, 274D,\n"
        "               the HRESULT 0x8007274D, -2147014835 or 2147952461,\n"
        "               or a name: WSAECONNREFUSED, econnrefused,\n"
        "               ERROR_IO_PENDING, NO_ADDRESS\n"
        "  -s QUERY     search names, messages and descriptions; QUERY may be\n"
        "               words (\"connection reset\") or a whole log line\n"
        "  -l           list every code\n"
        "  --json       print JSON (one object per key; a search or list is\n"
        "               one object with query, total and items)\n"
        "  -h, --help   show this help\n"
        "  --version    print the version\n"
        "\n"
        "Exit status: 0 when everything asked for was found, 1 when\n"
        "something was not, 2 on bad usage or a malformed key or query.\n"
        "\n"
        "Examples:\n"
        "  wsaerr 10061\n"
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

static int lookup(const struct wsaerr_table *t, const char *key, bool json)
{
	const struct wsaerr_code *c;
	unsigned value = 0;
	enum wsaerr_key_status st =
	        wsaerr_key_parse(t, key, strlen(key), &c, &value);

	if (st == WSAERR_KEY_OK) {
		if (json)
			return print_json(wsaerr_code_json(c)) ? EXIT_FOUND
			                                       : EXIT_USAGE;
		wsaerr_code_text_full(stdout, c);
		return EXIT_FOUND;
	}
	fprintf(stderr, "wsaerr: %s: %s\n", key, wsaerr_key_status_message(st));
	if (st == WSAERR_KEY_UNKNOWN_CODE && value < 10000)
		fputs("wsaerr: (a number below 10000 is usually a Win32 system "
		      "error, not a Winsock one)\n",
		      stderr);
	return wsaerr_key_status_malformed(st) ? EXIT_USAGE : EXIT_NOT_FOUND;
}

/* Prints hits as text lines or as one JSON object. */
static int print_hits(const char *query, const struct wsaerr_code *const *codes,
                      size_t n, bool json)
{
	json_t *items, *root;

	if (!json) {
		for (size_t i = 0; i < n; i++)
			wsaerr_code_text_line(stdout, codes[i]);
		return n > 0 ? EXIT_FOUND : EXIT_NOT_FOUND;
	}
	items = json_array();
	for (size_t i = 0; items && i < n; i++) {
		if (json_array_append_new(items, wsaerr_code_json(codes[i]))) {
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
	if (r.count == 0 && !json)
		fprintf(stderr, "wsaerr: nothing matches \"%s\"\n", q);
	return print_hits(q, codes, r.count, json);
}

static int list(const struct wsaerr_table *t, bool json)
{
	const struct wsaerr_code *codes[WSAERR_MAX_CODES];

	for (size_t i = 0; i < t->n_codes; i++)
		codes[i] = &t->codes[i];
	return print_hits(NULL, codes, t->n_codes, json);
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
