#include "accesslog.h"

#include "text.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LINE_MAX_BYTES 4096 /* a line never grows past this */
#define FIELD_MAX      1024 /* escaped client text per field */

/* A byte that a JSON string holds as it is: printable ASCII but the
 * quote and the backslash (a fast path of wsaerr_json_escape_char()). */
static bool plain(unsigned char c)
{
	return c >= 0x20 && c < 0x7F && c != '"' && c != '\\';
}

size_t accesslog_escape_json(const char *s, size_t len, char *out, size_t size)
{
	bool valid = wsaerr_utf8_valid(s, len);
	size_t o = 0;

	if (size == 0)
		return 0;
	for (size_t i = 0; i < len;) {
		char esc[8];
		size_t n = 0, k;

		/* a run of printable ASCII goes as it is, in one copy */
		while (i + n < len && plain((unsigned char)s[i + n]))
			n++;
		if (n > 0) {
			bool cut = o + n >= size;

			if (cut)
				n = size - 1 - o;
			memcpy(out + o, s + i, n);
			o += n;
			if (cut)
				break;
			i += n;
			continue;
		}
		/* else the one rule (text.h); a cut never splits a character
		 * or an escape */
		k = wsaerr_json_escape_char(s, len, i, valid, true, esc, &n);
		if (o + (k ? k : n) >= size)
			break;
		memcpy(out + o, k ? esc : s + i, k ? k : n);
		o += k ? k : n;
		i += n;
	}
	out[o] = '\0';
	return o;
}

/* "2026-11-25T20:43:37.123Z" into buf (32 bytes). The date and time of
 * the second are formatted once a second per thread: a request costs no
 * strftime. */
static void timestamp(char *buf, size_t size)
{
	static _Thread_local time_t cached_sec = -1;
	static _Thread_local char cached[24];
	struct timespec ts;
	size_t n;
	int ms;

	clock_gettime(CLOCK_REALTIME, &ts);
	if (ts.tv_sec != cached_sec) {
		struct tm tm;

		gmtime_r(&ts.tv_sec, &tm);
		if (strftime(cached, sizeof(cached), "%Y-%m-%dT%H:%M:%S",
		             &tm) == 0)
			cached[0] = '\0';
		cached_sec = ts.tv_sec;
	}
	ms = (int)(ts.tv_nsec / 1000000);
	/* by hand, not with snprintf: this runs on every request */
	n = strnlen(cached, 19);
	if (size < n + 6) {
		buf[0] = '\0';
		return;
	}
	memcpy(buf, cached, n);
	buf[n] = '.';
	buf[n + 1] = (char)('0' + ms / 100);
	buf[n + 2] = (char)('0' + ms / 10 % 10);
	buf[n + 3] = (char)('0' + ms % 10);
	buf[n + 4] = 'Z';
	buf[n + 5] = '\0';
}

/* A line being built, never past its end: what does not fit is cut. */
struct line {
	char *p, *end;
};

static void put(struct line *o, const char *s, size_t n)
{
	if (n > (size_t)(o->end - o->p))
		n = (size_t)(o->end - o->p);
	memcpy(o->p, s, n);
	o->p += n;
}

static void put_str(struct line *o, const char *s)
{
	put(o, s, strlen(s));
}

/* s[0..len) escaped as the inside of a JSON string, at most FIELD_MAX - 1
 * bytes of it. */
static void put_escaped(struct line *o, const char *s, size_t len)
{
	size_t room = (size_t)(o->end - o->p);

	/* the escaper writes a NUL after what it wrote: keep a byte for it */
	if (room < 2)
		return;
	o->p += accesslog_escape_json(s, len, o->p,
	                              room < FIELD_MAX ? room : FIELD_MAX);
}

/* v in decimal, at least `digits` of them (leading zeros). */
static void put_uint(struct line *o, uint64_t v, unsigned digits)
{
	char d[24];

	put(o, d, (size_t)(wsaerr_put_uint(d, v, digits) - d));
}

/* Nanoseconds as milliseconds with three decimals: "0.012". */
static void put_ms(struct line *o, uint64_t ns)
{
	uint64_t us = (ns + 500) / 1000;

	put_uint(o, us / 1000, 1);
	put(o, ".", 1);
	put_uint(o, us % 1000, 3);
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

/* Formats e as one whole line into line (LINE_MAX_BYTES); its length. By
 * hand, not with printf: the log is written on every request. */
static size_t format_entry(enum accesslog_format f,
                           const struct access_entry *e, char *line)
{
	char when[32];
	/* one byte kept for the newline, which ends even a cut line */
	struct line o = {line, line + LINE_MAX_BYTES - 2};
	bool json = f == ACCESSLOG_JSON;

	timestamp(when, sizeof(when));
	put_str(&o, json ? "{\"time\":\"" : "");
	put_str(&o, when);
	put_str(&o, json ? "\",\"method\":" : " ");
	/* NULL method: the request never got that far (JSON null, text -) */
	if (!e->method) {
		put_str(&o, json ? "null" : "-");
	} else {
		put_str(&o, json ? "\"" : "");
		put_escaped(&o, e->method, strnlen(e->method, 63));
		put_str(&o, json ? "\"" : "");
	}
	if (json) {
		put_str(&o, ",\"route\":\"");
		put_str(&o, e->route);
		put_str(&o, "\",\"target\":\"");
	} else {
		/* quoted, its quotes escaped: a target with spaces is one
		 * field, so a line always reads back into the same fields */
		put_str(&o, " \"");
	}
	put_escaped(&o, e->target, e->target_len);
	put_str(&o, json ? "\",\"status\":" : "\" ");
	put_uint(&o, e->status, 1);
	put_str(&o, json ? ",\"bytes\":" : " ");
	put_uint(&o, e->bytes, 1);
	put_str(&o, json ? ",\"bytes_read\":" : "B ");
	put_uint(&o, e->bytes_read, 1);
	put_str(&o, json ? ",\"duration_ms\":" : "B ");
	put_ms(&o, e->duration_ns);
	put_str(&o, json ? ",\"remote\":\"" : "ms ");
	put_str(&o, e->remote);
	put_str(&o, json ? "\",\"request_id\":\"" : " ");
	put_str(&o, e->request_id);
	put_str(&o, json ? "\"}" : "");
	*o.p++ = '\n';
	return (size_t)(o.p - line);
}

void accesslog_write(int fd, enum accesslog_format f,
                     const struct access_entry *e)
{
	char line[LINE_MAX_BYTES];

	if (f == ACCESSLOG_OFF)
		return;
	write_line(fd, line, (int)format_entry(f, e, line));
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

/* --- the buffered log ------------------------------------------------------ */

#define SHARDS     8           /* buffers, one a thread in practice */
#define SHARD_SIZE (32 * 1024) /* bytes a buffer holds before a write */

struct shard {
	pthread_mutex_t lock;
	char *buf; /* SHARD_SIZE bytes, made at the first line; NULL: none */
	size_t used;
	size_t lines; /* whole lines in buf[0..used) */
};

struct accesslog {
	int fd;
	enum accesslog_format format;
	atomic_uint_fast64_t *dropped;
	/* one write(2) at a time: buffers are bigger than PIPE_BUF, and two
	 * writes to a pipe at once could interleave */
	pthread_mutex_t write_lock;
	struct shard shards[SHARDS];
};

/* The shard of the calling thread: threads are numbered at their first
 * line, so a thread keeps its shard (and never waits for another's). */
static struct shard *my_shard(struct accesslog *l)
{
	static atomic_uint next;
	static _Thread_local unsigned mine; /* 0: not numbered yet */

	if (mine == 0)
		mine = atomic_fetch_add(&next, 1) % SHARDS + 1;
	return &l->shards[mine - 1];
}

/* Lines in b[0..len), for the lines a failed write lost. */
static size_t count_lines(const char *b, size_t len)
{
	size_t n = 0;

	for (const char *p = b; (p = memchr(p, '\n', (size_t)(b + len - p)));
	     p++)
		n++;
	return n;
}

/* Writes b[0..len) whole, retrying short writes and EINTR; the lines it
 * could not write are counted in l->dropped. Takes the write lock. */
static void write_all(struct accesslog *l, const char *b, size_t len)
{
	size_t done = 0;

	pthread_mutex_lock(&l->write_lock);
	while (done < len) {
		ssize_t n = write(l->fd, b + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	pthread_mutex_unlock(&l->write_lock);
	if (done < len && l->dropped) {
		/* a line cut short counts as lost */
		size_t start = done;

		while (start > 0 && b[start - 1] != '\n')
			start--;
		atomic_fetch_add_explicit(l->dropped,
		                          count_lines(b + start, len - start),
		                          memory_order_relaxed);
	}
}

/* Writes out what sh holds; sh is locked by the caller. */
static void shard_flush(struct accesslog *l, struct shard *sh)
{
	if (sh->used > 0)
		write_all(l, sh->buf, sh->used);
	sh->used = 0;
	sh->lines = 0;
}

struct accesslog *accesslog_open(int fd, enum accesslog_format f,
                                 atomic_uint_fast64_t *dropped)
{
	struct accesslog *l = calloc(1, sizeof(*l));
	int i = 0;

	if (!l)
		return NULL;
	l->fd = fd;
	l->format = f;
	l->dropped = dropped;
	if (pthread_mutex_init(&l->write_lock, NULL) != 0) {
		free(l);
		return NULL;
	}
	for (; i < SHARDS; i++) {
		if (pthread_mutex_init(&l->shards[i].lock, NULL) != 0)
			break;
	}
	if (i < SHARDS) {
		while (i-- > 0)
			pthread_mutex_destroy(&l->shards[i].lock);
		pthread_mutex_destroy(&l->write_lock);
		free(l);
		return NULL;
	}
	return l;
}

void accesslog_log(struct accesslog *l, const struct access_entry *e)
{
	char line[LINE_MAX_BYTES];
	struct shard *sh;
	size_t n;

	if (!l || l->format == ACCESSLOG_OFF)
		return;
	n = format_entry(l->format, e, line);
	sh = my_shard(l);
	pthread_mutex_lock(&sh->lock);
	if (!sh->buf)
		sh->buf = malloc(SHARD_SIZE);
	if (!sh->buf) { /* no buffer: the line goes out on its own */
		pthread_mutex_unlock(&sh->lock);
		write_all(l, line, n);
		return;
	}
	if (sh->used + n > SHARD_SIZE)
		shard_flush(l, sh);
	memcpy(sh->buf + sh->used, line, n);
	sh->used += n;
	sh->lines++;
	pthread_mutex_unlock(&sh->lock);
}

void accesslog_flush(struct accesslog *l)
{
	if (!l)
		return;
	for (int i = 0; i < SHARDS; i++) {
		struct shard *sh = &l->shards[i];

		pthread_mutex_lock(&sh->lock);
		shard_flush(l, sh);
		pthread_mutex_unlock(&sh->lock);
	}
}

void accesslog_log_event(struct accesslog *l, const char *event,
                         const char *detail)
{
	if (!l)
		return;
	accesslog_flush(l); /* the lines before it come first */
	pthread_mutex_lock(&l->write_lock);
	accesslog_event(l->fd, l->format, event, detail);
	pthread_mutex_unlock(&l->write_lock);
}

void accesslog_close(struct accesslog *l)
{
	if (!l)
		return;
	accesslog_flush(l);
	for (int i = 0; i < SHARDS; i++) {
		free(l->shards[i].buf);
		pthread_mutex_destroy(&l->shards[i].lock);
	}
	pthread_mutex_destroy(&l->write_lock);
	free(l);
}
