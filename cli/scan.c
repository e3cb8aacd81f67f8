/*
 * wsaerr scan [--json] [--limit N] [FILE...]: every line of the logs that
 * names a Winsock error, then a summary by code (lib/scan.h does the
 * reading and the finding; this is the terminal's side of it).
 */
#include "scan_cmd.h"

#include "render.h"
#include "scan.h"
#include "text.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHUNK      (64 * 1024)
#define TEXT_WIDTH 200 /* bytes of a line shown in text; the rest is cut */

static const char usage[] =
        "usage: wsaerr scan [--json] [--limit N] [FILE...]\n"
        "\n"
        "Prints each line of the logs that names a Windows Sockets error\n"
        "(FILE:LINE: NAME (CODE): the line), then a summary by code, most\n"
        "frequent first. With no FILE, or with -, reads standard input.\n"
        "Reads UTF-8 and UTF-16 (with a BOM, or where the bytes leave no\n"
        "doubt), CRLF or LF; searches the first 4 KiB of each line.\n"
        "\n"
        "  --json       NDJSON: an object a finding (file, line, code, name,\n"
        "               score, confidence, text), then one with summary,\n"
        "               lines and bytes\n"
        "  --limit N    print at most N findings (the summary counts all)\n"
        "\n"
        "Exit status: 0 when something was found, 1 when nothing was, 2 on\n"
        "an error. Color when standard output is a terminal and NO_COLOR is\n"
        "not set; progress on standard error when it is a terminal.\n";

/* In which files a code was first and last seen (its lines and count
 * are in the run's `seen`). */
struct seen_in {
	int first, last;
};

struct run {
	const struct wsaerr_table *t;
	bool json, color, progress;
	uint64_t limit, printed;
	const char *file; /* the name shown: "-" is "(standard input)" */
	int file_index;
	const char **files;
	struct wsaerr_scan_count seen[WSAERR_MAX_CODES]; /* over every file */
	struct seen_in seen_in[WSAERR_MAX_CODES];
	uint64_t lines, bytes;
	bool write_failed;
};

static int finding_json(struct run *r, const struct wsaerr_scan_finding *f)
{
	json_t *j = wsaerr_scan_finding_json(f, WSAERR_SCAN_LINE_MAX);
	char *line;
	size_t len;

	if (j && json_object_set_new(j, "file", json_string(r->file)) != 0) {
		json_decref(j);
		return -1;
	}
	line = wsaerr_dumps_new(j, &len);
	if (!line)
		return -1;
	puts(line);
	free(line);
	return 0;
}

static int on_finding(const struct wsaerr_scan_finding *f, void *data)
{
	struct run *r = data;
	const struct wsaerr_code *c = f->hit->code;
	struct wsaerr_scan_count *s = &r->seen[c - r->t->codes];
	struct seen_in *in = &r->seen_in[c - r->t->codes];
	size_t shown;

	if (s->count++ == 0) {
		in->first = r->file_index;
		s->first = f->line;
	}
	in->last = r->file_index;
	s->last = f->line;
	if (r->printed >= r->limit)
		return 0;
	r->printed++;
	if (r->json)
		return finding_json(r, f);
	shown = wsaerr_cut_utf8(f->text, f->len, TEXT_WIDTH);
	if (r->color)
		printf("\033[35m%s\033[36m:\033[32m%llu\033[36m:\033[0m "
		       "\033[1;31m%s\033[0m (%u): ",
		       r->file, (unsigned long long)f->line, c->name, c->value);
	else
		printf("%s:%llu: %s (%u): ", r->file,
		       (unsigned long long)f->line, c->name, c->value);
	wsaerr_terminal_text(stdout, f->text, shown, false);
	fputs(shown < f->len ? "\xE2\x80\xA6\n" : "\n", stdout);
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Progress on standard error, for a long input: bytes, lines, rate. */
static void progress(const struct run *r, const struct wsaerr_scan *s,
                     double start, double *last, bool done)
{
	double t = now();

	if (!r->progress || (!done && (t - start < 1.0 || t - *last < 0.5)))
		return;
	if (done) {
		if (*last > 0)
			fputs("\r\033[K", stderr);
		return;
	}
	*last = t;
	fprintf(stderr, "\r\033[Kwsaerr: %s: %.0f MiB, %llu lines, %.0f MiB/s",
	        r->file, (double)s->bytes / 1048576.0,
	        (unsigned long long)s->lines,
	        (double)s->bytes / 1048576.0 / (t - start));
}

/* Scans one file (or standard input); false when it could not be read. */
static bool scan_file(struct run *r, struct wsaerr_scan *s, const char *name)
{
	static char buf[CHUNK];
	bool in = strcmp(name, "-") == 0;
	FILE *f = in ? stdin : fopen(name, "rb");
	double start = now(), last = 0;
	size_t n;

	r->file = in ? "(standard input)" : name;
	if (!f) {
		fprintf(stderr, "wsaerr: scan: %s: %s\n", name,
		        strerror(errno));
		return false;
	}
	wsaerr_scan_init(s, r->t, on_finding, r);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		if (wsaerr_scan_feed(s, buf, n) != 0)
			r->write_failed = true;
		progress(r, s, start, &last, false);
	}
	if (wsaerr_scan_finish(s) != 0)
		r->write_failed = true;
	progress(r, s, start, &last, true);
	r->lines += s->lines;
	r->bytes += s->bytes;
	if (ferror(f)) {
		fprintf(stderr, "wsaerr: scan: %s: %s\n", name,
		        strerror(errno));
		if (!in)
			fclose(f);
		return false;
	}
	if (!in)
		fclose(f);
	return true;
}

static const char *file_name(const struct run *r, int i)
{
	return strcmp(r->files[i], "-") == 0 ? "(standard input)" : r->files[i];
}

static json_t *place_json(const struct run *r, int file, uint64_t line)
{
	return json_pack("{s:s, s:I}", "file", file_name(r, file), "line",
	                 (json_int_t)line);
}

static bool summary(struct run *r)
{
	uint16_t order[WSAERR_MAX_CODES];
	size_t n = wsaerr_scan_rank(r->seen, r->t->n_codes, order);
	if (r->json) {
		json_t *list = json_array(), *j;
		char *line;

		for (size_t i = 0; list && i < n; i++) {
			const struct wsaerr_scan_count *s = &r->seen[order[i]];
			const struct seen_in *in = &r->seen_in[order[i]];
			const struct wsaerr_code *c = &r->t->codes[order[i]];

			json_array_append_new(
			        list,
			        json_pack("{s:i, s:s, s:I, s:o, s:o}", "code",
			                  (int)c->value, "name", c->name,
			                  "count", (json_int_t)s->count,
			                  "first",
			                  place_json(r, in->first, s->first),
			                  "last",
			                  place_json(r, in->last, s->last)));
		}
		j = json_pack("{s:o, s:I, s:I}", "summary", list, "lines",
		              (json_int_t)r->lines, "bytes",
		              (json_int_t)r->bytes);
		line = j ? json_dumps(j, JSON_COMPACT) : NULL;
		json_decref(j);
		if (!line)
			return false;
		puts(line);
		free(line);
		return true;
	}
	printf("%s%llu lines, %llu bytes: %zu %s\n", r->printed ? "\n" : "",
	       (unsigned long long)r->lines, (unsigned long long)r->bytes, n,
	       n == 1 ? "code" : "codes");
	for (size_t i = 0; i < n; i++) {
		const struct wsaerr_scan_count *s = &r->seen[order[i]];
		const struct seen_in *in = &r->seen_in[order[i]];
		const struct wsaerr_code *c = &r->t->codes[order[i]];

		printf("%8llu  %s (%u)  first %s:%llu  last %s:%llu\n",
		       (unsigned long long)s->count, c->name, c->value,
		       file_name(r, in->first), (unsigned long long)s->first,
		       file_name(r, in->last), (unsigned long long)s->last);
	}
	return true;
}

int wsaerr_cli_scan(const struct wsaerr_table *t, int argc, char **argv)
{
	static struct run r;
	static const char *stdin_only[] = {"-"};
	struct wsaerr_scan *s;
	int n_files = 0, rc;
	bool failed = false;

	r = (struct run){.t = t, .limit = UINT64_MAX};
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		unsigned long v;

		if (strcmp(a, "--json") == 0) {
			r.json = true;
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(usage, stdout);
			return EXIT_FOUND;
		} else if (strcmp(a, "--limit") == 0) {
			if (i + 1 >= argc ||
			    !wsaerr_parse_decimal(argv[i + 1],
			                          strlen(argv[i + 1]),
			                          1000000000UL, &v)) {
				fputs("wsaerr: scan: --limit needs a number\n",
				      stderr);
				return EXIT_USAGE;
			}
			r.limit = v;
			i++;
		} else if (a[0] == '-' && a[1] != '\0') {
			fprintf(stderr, "wsaerr: scan: unknown option %s\n%s",
			        a, usage);
			return EXIT_USAGE;
		} else {
			argv[n_files++] = argv[i];
		}
	}
	r.files = n_files ? (const char **)argv : stdin_only;
	n_files = n_files ? n_files : 1;
	r.color = !r.json && isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	r.progress = isatty(STDERR_FILENO);
	s = malloc(sizeof(*s));
	if (!s) {
		fputs("wsaerr: out of memory\n", stderr);
		return EXIT_USAGE;
	}
	for (int i = 0; i < n_files; i++) {
		r.file_index = i;
		failed = !scan_file(&r, s, r.files[i]) || failed;
	}
	free(s);
	if (!summary(&r) || r.write_failed || fflush(stdout) != 0 ||
	    ferror(stdout)) {
		fputs("wsaerr: scan: writing failed\n", stderr);
		return EXIT_USAGE;
	}
	rc = failed ? EXIT_USAGE : EXIT_NOT_FOUND;
	for (size_t i = 0; i < t->n_codes && rc == EXIT_NOT_FOUND; i++)
		rc = r.seen[i].count ? EXIT_FOUND : rc;
	return rc;
}
