#include "accesslog.h"

#include "text.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LINE_MAX_BYTES 4096 /* a line never grows past this */
#define FIELD_MAX      1024 /* escaped client text per field */

size_t accesslog_escape_json(const char *s, size_t len, char *out, size_t size)
{
	static const char hex[] = "0123456789abcdef";
	bool valid = wsaerr_utf8_valid(s, len);
	size_t o = 0;

	if (size == 0)
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[7];
		size_t n;

		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			n = 2;
		} else if (c < 0x20 || c == 0x7F || (c >= 0x80 && !valid)) {
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			n = 6;
		} else if (c >= 0x80) {
			/* a whole UTF-8 sequence, so a cut never splits one */
			n = 1;
			while (i + n < len && n < 4 &&
			       ((unsigned char)s[i + n] & 0xC0) == 0x80)
				n++;
			if (o + n >= size)
				break;
			memcpy(out + o, s + i, n);
			o += n;
			i += n - 1;
			continue;
		} else {
			esc[0] = (char)c;
			n = 1;
		}
		if (o + n >= size)
			break;
		memcpy(out + o, esc, n);
		o += n;
	}
	out[o] = '\0';
	return o;
}

/* "2026-11-25T20:43:37.123Z" */
static void timestamp(char *buf, size_t size)
{
	struct timespec ts;
	struct tm tm;
	char base[32];

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	if (strftime(base, sizeof(base), "%Y-%m-%dT%H:%M:%S", &tm) == 0)
		base[0] = '\0';
	snprintf(buf, size, "%.19s.%03dZ", base, (int)(ts.tv_nsec / 1000000));
}

static void write_line(int fd, const char *line, int n)
{
	size_t len;

	if (n < 0)
		return;
	len = (size_t)n < LINE_MAX_BYTES ? (size_t)n : LINE_MAX_BYTES - 1;
	/* a log that cannot be written must not stop the service */
	if (write(fd, line, len) < 0)
		return;
}

void accesslog_write(int fd, enum accesslog_format f,
                     const struct access_entry *e)
{
	/* NULL method: the request never got that far (JSON null, text -) */
	const char *quote = e->method ? "\"" : "";
	char line[LINE_MAX_BYTES], when[32], method[64], target[FIELD_MAX];
	int n;

	if (f == ACCESSLOG_OFF)
		return;
	timestamp(when, sizeof(when));
	if (e->method)
		accesslog_escape_json(e->method, strlen(e->method), method,
		                      sizeof(method));
	else
		snprintf(method, sizeof(method), "%s",
		         f == ACCESSLOG_JSON ? "null" : "-");
	accesslog_escape_json(e->target, e->target_len, target, sizeof(target));
	if (f == ACCESSLOG_JSON)
		n = snprintf(
		        line, sizeof(line),
		        "{\"time\":\"%s\",\"method\":%s%s%s,\"route\":\"%s\","
		        "\"target\":\"%s\",\"status\":%u,\"bytes\":%llu,"
		        "\"duration_ms\":%.3f,\"remote\":\"%s\","
		        "\"request_id\":\"%s\"}\n",
		        when, quote, method, quote, e->route, target, e->status,
		        (unsigned long long)e->bytes,
		        (double)e->duration_ns / 1e6, e->remote, e->request_id);
	else
		n = snprintf(line, sizeof(line),
		             "%s %s %s %u %lluB %.3fms %s %s\n", when, method,
		             target, e->status, (unsigned long long)e->bytes,
		             (double)e->duration_ns / 1e6, e->remote,
		             e->request_id);
	if (n >= (int)sizeof(line)) { /* keep the line whole: end it */
		line[sizeof(line) - 2] = '\n';
		n = (int)sizeof(line) - 1;
	}
	write_line(fd, line, n);
}

void accesslog_event(int fd, enum accesslog_format f, const char *event,
                     const char *detail)
{
	char line[LINE_MAX_BYTES], when[32], esc[FIELD_MAX];
	int n;

	if (f == ACCESSLOG_OFF)
		return;
	timestamp(when, sizeof(when));
	accesslog_escape_json(detail, strlen(detail), esc, sizeof(esc));
	if (f == ACCESSLOG_JSON)
		n = snprintf(
		        line, sizeof(line),
		        "{\"time\":\"%s\",\"event\":\"%s\",\"detail\":\"%s\"}\n",
		        when, event, esc);
	else
		n = snprintf(line, sizeof(line), "%s %s %s\n", when, event,
		             esc);
	write_line(fd, line, n);
}
