#include "logscan.h"

#include "handlers.h"
#include "membuf.h"
#include "metrics.h"
#include "render.h"
#include "scan.h"
#include "text.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define INFLATE_PIECE (64 * 1024) /* inflated bytes handed to a scan at once */
/* A finding's bytes at most: its line of SCAN_LINE_SHOWN bytes escaped
 * (a quote, a backslash or a bidi control at most doubles) and its
 * fields; and the summary's, at most. Bound the answer's buffers. */
#define FINDING_MAX (2 * SCAN_LINE_SHOWN + 256)
#define SUMMARY_MAX (WSAERR_MAX_CODES * 160 + 1024)

/* Why a body that was read is not scanned to its end. */
enum body_failure {
	BODY_OK,
	BODY_TOO_LARGE, /* inflated past the cap */
	BODY_BAD_GZIP,  /* not gzip */
	BODY_CUT_GZIP,  /* gzip that ends before its end, or none at all */
};

struct logscan {
	struct scan_gate *gate;
	const struct wsaerr_table *t;
	bool text;      /* the answer as text/plain */
	bool gzip;      /* Content-Encoding: gzip */
	bool inflating; /* a gzip member has begun and not ended */
	enum body_failure failure;
	uint64_t received;      /* bytes of the body, as sent */
	size_t limit, listed;   /* findings to list, and listed */
	bool truncated;         /* more were found than listed */
	struct membuf findings; /* the listed ones, rendered, comma-separated */
	bool findings_failed;   /* out of memory while rendering them */
	z_stream z;
	unsigned char *piece; /* INFLATE_PIECE bytes, when gzip */
	struct wsaerr_scan scan;
};

/* --- the head: what is accepted ------------------------------------------ */

/* The media type of a Content-Type value, without its parameters, in
 * lower case into out; false when it does not fit. */
static bool media_type(const char *v, char *out, size_t size)
{
	size_t n = strcspn(v, ";");

	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	while (n > 0 && (*v == ' ' || *v == '\t'))
		v++, n--;
	if (n >= size)
		return false;
	for (size_t i = 0; i < n; i++)
		out[i] = (char)(v[i] >= 'A' && v[i] <= 'Z' ? v[i] + 32 : v[i]);
	out[n] = '\0';
	return true;
}

/* True when the media type is one a log may be sent as: text/plain (in
 * any charset: the scan finds the encoding) or application/octet-stream;
 * none at all is octet-stream (RFC 9110 8.3). */
static bool log_media_type(const char *content_type)
{
	char type[64];

	if (!content_type)
		return true;
	return media_type(content_type, type, sizeof(type)) &&
	       (strcmp(type, "text/plain") == 0 ||
	        strcmp(type, "application/octet-stream") == 0);
}

/* The content coding: 0 none, 1 gzip, -1 one not served. */
static int content_coding(const char *v)
{
	char coding[32];

	if (!v)
		return 0;
	if (!media_type(v, coding, sizeof(coding)))
		return -1;
	if (strcmp(coding, "identity") == 0)
		return 0;
	if (strcmp(coding, "gzip") == 0 || strcmp(coding, "x-gzip") == 0)
		return 1;
	return -1;
}

/* A finding, rendered into the listing or counted past its limit. */
static int on_finding(const struct wsaerr_scan_finding *f, void *data)
{
	struct logscan *j = data;
	FILE *out = j->findings.f;

	if (j->listed >= j->limit) {
		j->truncated = true;
		return 0;
	}
	if (j->listed++ > 0 && !j->text)
		fputc(',', out);
	if (j->text) {
		size_t shown =
		        wsaerr_cut_utf8(f->text, f->len, SCAN_LINE_SHOWN);

		fprintf(out, "%llu: %s (%u): ", (unsigned long long)f->line,
		        f->hit->code->name, f->hit->code->value);
		wsaerr_terminal_text(out, f->text, shown, false);
		fputs(shown < f->len ? "\xE2\x80\xA6\n" : "\n", out);
	} else {
		size_t len;
		char *s = wsaerr_dumps_new(
		        wsaerr_scan_finding_json(f, SCAN_LINE_SHOWN), &len);

		if (!s) {
			j->findings_failed = true;
			return 0;
		}
		fwrite(s, 1, len, out);
		free(s);
	}
	return 0;
}

/* A new scan for x, limit findings listed; NULL when out of memory. */
static struct logscan *logscan_new(struct exchange *x, size_t limit, bool gzip)
{
	struct logscan *j = malloc(sizeof(*j));

	if (!j)
		return NULL;
	memset(j, 0, offsetof(struct logscan, scan));
	j->gate = x->scans;
	j->t = x->table;
	j->text = x->text;
	j->gzip = gzip;
	j->limit = limit;
	if (!membuf_open(&j->findings, limit * FINDING_MAX)) {
		free(j);
		return NULL;
	}
	if (gzip) {
		j->piece = malloc(INFLATE_PIECE);
		/* gzip only (16 + window bits): a zlib or raw deflate stream
		 * is not what Content-Encoding: gzip says */
		if (!j->piece || inflateInit2(&j->z, 16 + MAX_WBITS) != Z_OK) {
			free(j->piece);
			membuf_discard(&j->findings);
			free(j);
			return NULL;
		}
	}
	wsaerr_scan_init(&j->scan, j->t, on_finding, j);
	return j;
}

unsigned route_scan(struct exchange *x, const struct uri *u, struct reply *r)
{
	const struct body_head *b = x->body;
	size_t limit;
	int coding;
	char detail[160];

	x->html = false; /* the page posts with fetch() and reads JSON */
	if (!number_param(x, u, r, "limit", SCAN_LIMIT_DEFAULT, 0,
	                  SCAN_LIMIT_MAX, &limit))
		return r->status;
	if (!b || !x->scans) /* no body framing known: not from a POST */
		return reply_problem(r, PROBLEM_INTERNAL,
		                     "the scan was not given its body", NULL,
		                     x->text);
	if (x->draining)
		return reply_problem(r, PROBLEM_NOT_READY,
		                     "the server is shutting down", NULL,
		                     x->text);
	if (!log_media_type(b->content_type))
		return reply_problem(r, PROBLEM_UNSUPPORTED_MEDIA_TYPE,
		                     "send the log as text/plain (any charset) "
		                     "or application/octet-stream; with curl, "
		                     "-H 'Content-Type: text/plain' "
		                     "--data-binary @FILE, or -T FILE",
		                     NULL, x->text);
	coding = content_coding(b->content_encoding);
	if (coding < 0)
		return reply_problem(r, PROBLEM_UNSUPPORTED_MEDIA_TYPE,
		                     "the only Content-Encoding served is gzip",
		                     NULL, x->text);
	if (!b->chunked && b->length > x->scans->max_bytes) {
		snprintf(detail, sizeof(detail),
		         "the body is %llu bytes; at most %llu are scanned",
		         (unsigned long long)b->length,
		         (unsigned long long)x->scans->max_bytes);
		return reply_problem(r, PROBLEM_CONTENT_TOO_LARGE, detail, NULL,
		                     x->text);
	}
	if (atomic_fetch_add(&x->scans->active, 1) >= x->scans->concurrency) {
		atomic_fetch_sub(&x->scans->active, 1);
		snprintf(detail, sizeof(detail),
		         "%u scans are under way, as many as run at once; "
		         "retry later",
		         x->scans->concurrency);
		reply_problem(r, PROBLEM_TOO_MANY_SCANS, detail, NULL, x->text);
		r->retry_after = "2";
		return r->status;
	}
	x->scan = logscan_new(x, limit, coding == 1);
	if (!x->scan) {
		atomic_fetch_sub(&x->scans->active, 1);
		return reply_out_of_memory(r);
	}
	return 0;
}

/* --- the body ------------------------------------------------------------ */

/* Hands p[0..n) of the log to the scan, within the cap on what is
 * scanned. */
static void scan_piece(struct logscan *j, const void *p, size_t n)
{
	uint64_t room = j->gate->max_bytes - j->scan.bytes;

	if (n > room) {
		n = (size_t)room;
		j->failure = BODY_TOO_LARGE;
	}
	(void)wsaerr_scan_feed(&j->scan, p, n); /* on_finding never fails */
}

/* Inflates p[0..n) and scans what comes of it: until the input is used
 * and inflate has nothing more to give (a call that fills the output
 * piece may leave output inside zlib though no input is left). */
static void inflate_piece(struct logscan *j, const void *p, size_t n)
{
	j->z.next_in = (unsigned char *)(uintptr_t)p;
	j->z.avail_in = (uInt)n;
	do {
		int rc;

		if (!j->inflating) {
			/* a member ended and more bytes came: the next member
			 * of a multi-member gzip (`cat a.gz b.gz`), as gzip -d
			 * reads it; anything else is no gzip */
			if (inflateReset(&j->z) != Z_OK) {
				j->failure = BODY_BAD_GZIP;
				return;
			}
			j->inflating = true;
		}
		j->z.next_out = j->piece;
		j->z.avail_out = INFLATE_PIECE;
		rc = inflate(&j->z, Z_NO_FLUSH);
		if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
			j->failure = BODY_BAD_GZIP;
			return;
		}
		scan_piece(j, j->piece, INFLATE_PIECE - j->z.avail_out);
		if (rc == Z_STREAM_END)
			j->inflating = false;
		else if (rc == Z_BUF_ERROR)
			return; /* no progress: it needs more input */
	} while (j->failure == BODY_OK &&
	         (j->z.avail_in > 0 || (j->inflating && j->z.avail_out == 0)));
}

bool logscan_feed(struct logscan *j, const void *p, size_t n)
{
	if (n > j->gate->max_bytes - j->received) {
		j->received = j->gate->max_bytes + 1;
		return false;
	}
	j->received += n;
	if (j->failure != BODY_OK) /* read and thrown away */
		return true;
	if (j->gzip)
		inflate_piece(j, p, n);
	else
		scan_piece(j, p, n);
	return true;
}

uint64_t logscan_received(const struct logscan *j)
{
	return j->received;
}

/* --- the answer ---------------------------------------------------------- */

static void summary_json(const struct logscan *j, FILE *out)
{
	uint16_t order[WSAERR_MAX_CODES];
	size_t n = wsaerr_scan_rank(j->scan.codes, j->t->n_codes, order);

	fprintf(out,
	        "],\"truncated\":%s,\"lines\":%llu,\"bytes\":%llu,"
	        "\"body_bytes\":%llu,\"encoding\":\"%s\",\"summary\":[",
	        j->truncated ? "true" : "false",
	        (unsigned long long)j->scan.lines,
	        (unsigned long long)j->scan.bytes,
	        (unsigned long long)j->received,
	        wsaerr_scan_encoding_name(
	                (enum wsaerr_scan_encoding)j->scan.encoding));
	for (size_t i = 0; i < n; i++) {
		const struct wsaerr_code *c = &j->t->codes[order[i]];
		const struct wsaerr_scan_count *k = &j->scan.codes[order[i]];

		fprintf(out,
		        "%s{\"code\":%u,\"name\":\"%s\",\"count\":%llu,"
		        "\"first\":%llu,\"last\":%llu,\"links\":{\"self\":"
		        "\"/codes/%u\"}}",
		        i ? "," : "", c->value, c->name,
		        (unsigned long long)k->count,
		        (unsigned long long)k->first,
		        (unsigned long long)k->last, c->value);
	}
	fputs("]}", out);
}

static void summary_text(const struct logscan *j, FILE *out)
{
	uint16_t order[WSAERR_MAX_CODES];
	size_t n = wsaerr_scan_rank(j->scan.codes, j->t->n_codes, order);

	if (j->truncated)
		fprintf(out,
		        "(more findings than the %zu listed: ?limit= "
		        "lists up to %u)\n",
		        j->limit, SCAN_LIMIT_MAX);
	fprintf(out, "%s%llu lines, %llu bytes: %zu %s\n",
	        j->listed ? "\n" : "", (unsigned long long)j->scan.lines,
	        (unsigned long long)j->scan.bytes, n,
	        n == 1 ? "code" : "codes");
	for (size_t i = 0; i < n; i++) {
		const struct wsaerr_code *c = &j->t->codes[order[i]];
		const struct wsaerr_scan_count *k = &j->scan.codes[order[i]];

		fprintf(out,
		        "%8llu  %s (%u)  first line %llu  last line %llu\n",
		        (unsigned long long)k->count, c->name, c->value,
		        (unsigned long long)k->first,
		        (unsigned long long)k->last);
	}
}

/* The problem of a body read to its end but not scanned to it. */
static unsigned failure_reply(struct logscan *j, struct reply *r)
{
	char detail[160];

	if (j->failure == BODY_TOO_LARGE) {
		snprintf(detail, sizeof(detail),
		         "the body inflates to more than %llu bytes, which is "
		         "as much as is scanned",
		         (unsigned long long)j->gate->max_bytes);
		return reply_problem(r, PROBLEM_CONTENT_TOO_LARGE, detail, NULL,
		                     j->text);
	}
	return reply_problem(r, PROBLEM_BAD_BODY,
	                     j->failure == BODY_CUT_GZIP
	                             ? "the body ends before its gzip stream "
	                               "does"
	                             : "the body is not valid gzip",
	                     NULL, j->text);
}

unsigned logscan_finish(struct logscan *j, struct metrics *m, struct reply *r)
{
	struct membuf out;
	char *listed;
	size_t listed_len, len;
	char *body;

	if (j->failure == BODY_OK)
		(void)wsaerr_scan_finish(&j->scan);
	if (j->gzip && j->failure == BODY_OK && (j->inflating || !j->received))
		j->failure = BODY_CUT_GZIP; /* cut short, or empty */
	if (j->failure != BODY_OK) {
		metrics_count_scan(m, j->received, j->scan.bytes, NULL);
		return failure_reply(j, r);
	}
	metrics_count_scan(m, j->received, j->scan.bytes, j->scan.codes);
	listed = membuf_close(&j->findings, &listed_len);
	j->findings.f = NULL;
	if (!listed || j->findings_failed ||
	    !membuf_open(&out, listed_len + SUMMARY_MAX)) {
		free(listed);
		return reply_out_of_memory(r);
	}
	if (!j->text)
		fputs("{\"findings\":[", out.f);
	fwrite(listed, 1, listed_len, out.f);
	free(listed);
	if (j->text)
		summary_text(j, out.f);
	else
		summary_json(j, out.f);
	body = membuf_close(&out, &len);
	return reply_body(r, body, len, j->text ? CT_TEXT : CT_JSON, CC_NONE);
}

void logscan_free(struct logscan *j)
{
	if (!j)
		return;
	if (j->findings.f)
		membuf_discard(&j->findings);
	if (j->gzip) {
		inflateEnd(&j->z);
		free(j->piece);
	}
	atomic_fetch_sub(&j->gate->active, 1);
	free(j);
}
