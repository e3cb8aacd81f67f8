/* server/accesslog: escaping what clients send, and whole lines. */
#include "accesslog.h"

#include <criterion/criterion.h>
#include <fcntl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

Test(accesslog, escape_json)
{
	char out[64];

	accesslog_escape_json("a\"b\\c\n", 6, out, sizeof(out));
	cr_expect_str_eq(out, "a\\\"b\\\\c\\n", "as jansson writes them");
	accesslog_escape_json("caf\xC3\xA9", 5, out, sizeof(out));
	cr_expect_str_eq(out, "caf\xC3\xA9", "valid UTF-8 is kept");
	accesslog_escape_json("\xFF"
	                      "a\xC3\xA9",
	                      4, out, sizeof(out));
	cr_expect_str_eq(out, "\\u00FFa\\u00C3\\u00A9",
	                 "invalid: every high byte");
	cr_expect_eq(accesslog_escape_json("\"\"\"", 3, out, 5), 4,
	             "cut at a whole escape");
	cr_expect_str_eq(out, "\\\"\\\"");
	cr_expect_eq(accesslog_escape_json("\xC3\xA9\xC3\xA9", 4, out, 4), 2,
	             "never splits a character");
	/* runs of plain bytes are copied whole: cut inside one, and after */
	cr_expect_eq(accesslog_escape_json("abcdef", 6, out, 4), 3,
	             "a run is cut to what fits");
	cr_expect_str_eq(out, "abc");
	cr_expect_eq(accesslog_escape_json("ab\"cd\x7F"
	                                   "e",
	                                   7, out, sizeof(out)),
	             13);
	cr_expect_str_eq(out, "ab\\\"cd\\u007Fe", "runs around escapes");
	cr_expect_eq(accesslog_escape_json("ab\"cd", 5, out, 5), 4,
	             "an escape that does not fit ends it");
	cr_expect_str_eq(out, "ab\\\"");
	cr_expect_eq(accesslog_escape_json("", 0, out, 1), 0);
	cr_expect_str_eq(out, "");
	/* what a terminal would act on, though it is valid UTF-8: C1 (U+009B
	 * is CSI), the bidi overrides, the line separators */
	accesslog_escape_json("a\xC2\x9B"
	                      "31m\xE2\x80\xAE"
	                      "b\xE2\x80\xA8"
	                      "c\xE2\x81\xA6"
	                      "d\xC2\xA0",
	                      20, out, sizeof(out));
	cr_expect_str_eq(out, "a\\u009B31m\\u202Eb\\u2028c\\u2066d\xC2\xA0",
	                 "C1, bidi and separators escaped; NBSP kept");
}

/* Writes one entry through a pipe and reads the line back. */
static void line_of(enum accesslog_format format, const struct access_entry *e,
                    char *buf, size_t size)
{
	int fds[2];
	ssize_t n;

	cr_assert_eq(pipe(fds), 0);
	accesslog_write(fds[1], format, e);
	close(fds[1]);
	n = read(fds[0], buf, size - 1);
	close(fds[0]);
	buf[n < 0 ? 0 : n] = '\0';
}

Test(accesslog, json_line_is_one_valid_object)
{
	struct access_entry e = {.method = "GET",
	                         .route = "/codes/{key}",
	                         .target = "/codes/\xFF\"x",
	                         .target_len = 10,
	                         .status = 404,
	                         .bytes = 123,
	                         .bytes_read = 4567,
	                         .duration_ns = 1500000,
	                         .remote = "127.0.0.1",
	                         .request_id = "00000000000000ab"};
	char line[4096];
	json_t *j;
	json_error_t err;

	line_of(ACCESSLOG_JSON, &e, line, sizeof(line));
	cr_expect_eq(strchr(line, '\n'), line + strlen(line) - 1,
	             "one line, ended");
	j = json_loads(line, 0, &err);
	cr_assert_not_null(j, "%s: %s", line, err.text);
	cr_expect_str_eq(json_string_value(json_object_get(j, "target")),
	                 "/codes/\xC3\xBF\"x",
	                 "an invalid byte comes back as U+00FF, not raw");
	cr_expect_eq(json_integer_value(json_object_get(j, "status")), 404);
	cr_expect_eq(json_integer_value(json_object_get(j, "bytes")), 123);
	cr_expect_eq(json_integer_value(json_object_get(j, "bytes_read")), 4567,
	             "a scan's body, read");
	cr_expect_str_eq(json_string_value(json_object_get(j, "route")),
	                 "/codes/{key}");
	cr_expect_str_eq(json_string_value(json_object_get(j, "request_id")),
	                 "00000000000000ab");
	json_decref(j);

	line_of(ACCESSLOG_TEXT, &e, line, sizeof(line));
	cr_expect_not_null(
	        strstr(line,
	               " GET \"/codes/\\u00FF\\\"x\" 404 123B 4567B 1.500ms "),
	        "%s", line);
	/* a target with spaces cannot forge the fields after it */
	e.target = "/x 200 1B 0.001ms 10.0.0.1 ffff";
	e.target_len = strlen(e.target);
	line_of(ACCESSLOG_TEXT, &e, line, sizeof(line));
	cr_expect_not_null(
	        strstr(line, " GET \"/x 200 1B 0.001ms 10.0.0.1 ffff\" 404 "),
	        "%s", line);
	line_of(ACCESSLOG_OFF, &e, line, sizeof(line));
	cr_expect_str_eq(line, "");
}

/* --- the buffered log ------------------------------------------------------ */

static const struct access_entry entry = {
        .method = "GET",
        .route = "/codes/{key}",
        .target = "/codes/10061",
        .target_len = 12,
        .status = 200,
        .bytes = 554,
        .duration_ns = 12345,
        .remote = "127.0.0.1",
        .request_id = "0123456789abcdef",
};

/* Reads a whole file. */
static char *slurp_fd(int fd, size_t *len)
{
	char *buf = NULL;
	size_t cap = 0;
	ssize_t n;

	*len = 0;
	lseek(fd, 0, SEEK_SET);
	do {
		if (*len + 65536 > cap) {
			cap = cap * 2 + 65536;
			buf = realloc(buf, cap + 1);
			cr_assert_not_null(buf);
		}
		n = read(fd, buf + *len, cap - *len);
		if (n > 0)
			*len += (size_t)n;
	} while (n > 0);
	buf[*len] = '\0';
	return buf;
}

static size_t count_newlines(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

struct writer {
	struct accesslog *log;
	int lines;
};

static void *write_lines(void *cls)
{
	struct writer *w = cls;

	for (int i = 0; i < w->lines; i++)
		accesslog_log(w->log, &entry);
	return NULL;
}

/* Many threads, many lines: each line whole, none lost, none mixed. */
Test(accesslog, buffered_lines_from_threads_are_whole_and_all_there)
{
	char path[] = "/tmp/wsaerr-log-XXXXXX";
	int fd = mkstemp(path);
	atomic_uint_fast64_t dropped = 0;
	struct accesslog *l = accesslog_open(fd, ACCESSLOG_JSON, &dropped);
	pthread_t t[6];
	struct writer w = {l, 5000};
	size_t len, lines = 0;
	char *text, *line, *save = NULL;

	cr_assert(fd >= 0 && l);
	unlink(path);
	for (int i = 0; i < 6; i++)
		cr_assert_eq(pthread_create(&t[i], NULL, write_lines, &w), 0);
	for (int i = 0; i < 6; i++)
		pthread_join(t[i], NULL);
	accesslog_log_event(l, "draining", "now");
	accesslog_close(l);
	text = slurp_fd(fd, &len);
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (strstr(line, "\"event\":\"draining\"")) {
			cr_expect_eq(lines, 30000,
			             "the event after every line");
			continue;
		}
		cr_expect_eq(strncmp(line, "{\"time\":\"", 9), 0, "%s", line);
		cr_expect_not_null(strstr(line, "\"request_id\":\"0123456789"
		                                "abcdef\"}"),
		                   "%s", line);
		lines++;
	}
	cr_expect_eq(lines, 30000);
	cr_expect_eq(dropped, 0);
	free(text);
	close(fd);
}

/* Lines wait in the buffer until a flush, then all go out. */
Test(accesslog, buffered_until_flushed)
{
	char path[] = "/tmp/wsaerr-log-XXXXXX";
	int fd = mkstemp(path);
	struct accesslog *l = accesslog_open(fd, ACCESSLOG_TEXT, NULL);
	size_t len;
	char *text;

	cr_assert(fd >= 0 && l);
	unlink(path);
	for (int i = 0; i < 3; i++)
		accesslog_log(l, &entry);
	cr_expect_eq(lseek(fd, 0, SEEK_END), 0, "nothing written yet");
	accesslog_flush(l);
	text = slurp_fd(fd, &len);
	cr_expect_eq(count_newlines(text), 3);
	free(text);
	/* closing writes out what is left */
	accesslog_log(l, &entry);
	accesslog_log(l, &entry);
	accesslog_close(l);
	text = slurp_fd(fd, &len);
	cr_expect_eq(count_newlines(text), 5);
	free(text);
	close(fd);
}

/* A full disk: the lines it refuses are counted, and the log goes on. */
Test(accesslog, lines_a_full_disk_refuses_are_counted)
{
	int fd = open("/dev/full", O_WRONLY);
	atomic_uint_fast64_t dropped = 0;
	struct accesslog *l = accesslog_open(fd, ACCESSLOG_JSON, &dropped);

	cr_assert(fd >= 0 && l);
	/* more than a buffer holds: some go out while logging */
	for (int i = 0; i < 1000; i++)
		accesslog_log(l, &entry);
	accesslog_close(l);
	cr_expect_eq(dropped, 1000);
	close(fd);
}

/* Off is nothing at all; NULL is a log that never was. */
/* With the log off, nothing reaches its file, and a NULL log (no log at
 * all) takes every call as a no-op. */
Test(accesslog, off_and_null)
{
	int fds[2];
	char buf[64];
	struct accesslog *l;

	cr_assert_eq(pipe(fds), 0);
	cr_assert_eq(fcntl(fds[0], F_SETFL, O_NONBLOCK), 0);
	l = accesslog_open(fds[1], ACCESSLOG_OFF, NULL);
	accesslog_log(l, &entry);
	accesslog_flush(l);
	accesslog_close(l);
	accesslog_log(NULL, &entry);
	accesslog_flush(NULL);
	accesslog_close(NULL);
	cr_expect_eq(read(fds[0], buf, sizeof(buf)), -1,
	             "nothing written with the log off");
	close(fds[1]);
	cr_expect_eq(read(fds[0], buf, sizeof(buf)), 0, "and the pipe ends");
	close(fds[0]);
}
