#include "harness.h"
#include "proc.h"

#include "server.h"

#include <criterion/criterion.h>
#include <curl/curl.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

static struct server *server;
static unsigned port;
static CURL *keep;

struct buf {
	char *data;
	size_t len;
};

static size_t collect(char *p, size_t size, size_t n, void *cls)
{
	struct buf *b = cls;
	char *grown = realloc(b->data, b->len + size * n + 1);

	cr_assert_not_null(grown);
	memcpy(grown + b->len, p, size * n);
	b->len += size * n;
	grown[b->len] = '\0';
	b->data = grown;
	return size * n;
}

unsigned srv_port(void)
{
	return port;
}

unsigned srv_start(const struct server_config *cfg)
{
	struct server_config c;
	char err[256];

	if (cfg) {
		c = *cfg;
	} else {
		config_defaults(&c);
		c.threads = 2;
		c.log_format = ACCESSLOG_OFF;
	}
	c.port = 0;
	if (!c.bind[0])
		snprintf(c.bind, sizeof(c.bind), "127.0.0.1");
	server = server_start(&c, err, sizeof(err));
	cr_assert_not_null(server, "server_start: %s", err);
	port = server_port(server);
	cr_assert_neq(port, 0);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	return port;
}

void srv_stop(void)
{
	keepalive_close();
	server_stop(server);
	server = NULL;
	curl_global_cleanup();
}

struct server *srv(void)
{
	return server;
}

/* Appends the exchange to $WSAERR_RECORD for the contract check. */
void record(const char *method, const char *target, const struct resp *r)
{
	const char *path = getenv("WSAERR_RECORD");
	char *ct = header(r, "Content-Type"),
	     *ce = header(r, "Content-Encoding");
	json_t *j;
	char *line;
	int fd;

	if (!path || r->curl_error || ce ||
	    memchr(r->body, '\0', r->len) /* binary */) {
		free(ct);
		free(ce);
		return;
	}
	j = json_pack("{s:s, s:s, s:i, s:s?, s:s%}", "method", method, "target",
	              target, "status", (int)r->status, "content_type", ct,
	              "body", r->body, r->len);
	free(ct);
	if (!j) /* not UTF-8: nothing a schema could check */
		return;
	line = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0644);
	if (fd >= 0 && line) {
		size_t n = strlen(line);

		line[n] = '\n'; /* replaces the NUL; one write per line */
		cr_assert_eq(write(fd, line, n + 1), (ssize_t)(n + 1));
	}
	if (fd >= 0)
		close(fd);
	free(line);
}

/* A request body, handed to curl in pieces of `step` bytes (0: any). */
struct upload {
	const char *p;
	size_t len, at, step;
};

static size_t feed(char *buf, size_t size, size_t n, void *data)
{
	struct upload *u = data;
	size_t k = size * n;

	if (k > u->len - u->at)
		k = u->len - u->at;
	if (u->step && k > u->step)
		k = u->step;
	memcpy(buf, u->p + u->at, k);
	u->at += k;
	return k;
}

static struct resp *perform_body(CURL *c, const char *method,
                                 const char *target, const char *const *headers,
                                 bool gzip, bool decode, struct upload *up,
                                 bool chunked);

static struct resp *perform(CURL *c, const char *method, const char *target,
                            const char *const *headers, bool gzip, bool decode)
{
	return perform_body(c, method, target, headers, gzip, decode, NULL,
	                    false);
}

static struct resp *perform_body(CURL *c, const char *method,
                                 const char *target, const char *const *headers,
                                 bool gzip, bool decode, struct upload *up,
                                 bool chunked)
{
	struct resp *r = calloc(1, sizeof(*r));
	struct buf body = {0}, head = {0};
	struct curl_slist *list = NULL;
	char url[16384];

	cr_assert_not_null(r);
	snprintf(url, sizeof(url), "http://127.0.0.1:%u%s", port, target);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &head);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	else if (strcmp(method, "GET") != 0)
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (gzip && decode)
		curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "gzip");
	if (gzip && !decode)
		list = curl_slist_append(list, "Accept-Encoding: gzip");
	for (size_t i = 0; headers && headers[i]; i++)
		list = curl_slist_append(list, headers[i]);
	if (up && chunked) {
		curl_easy_setopt(c, CURLOPT_POST, 1L);
		curl_easy_setopt(c, CURLOPT_READFUNCTION, feed);
		curl_easy_setopt(c, CURLOPT_READDATA, up);
		list = curl_slist_append(list, "Transfer-Encoding: chunked");
	} else if (up) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, up->p);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
		                 (curl_off_t)up->len);
	}
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
	r->curl_error = (int)curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	curl_slist_free_all(list);
	r->body = body.data ? body.data : calloc(1, 1);
	r->len = body.len;
	r->headers = head.data ? head.data : calloc(1, 1);
	record(method, target, r);
	return r;
}

struct resp *req(const char *method, const char *target,
                 const char *const *headers)
{
	CURL *c = curl_easy_init();
	struct resp *r;

	cr_assert_not_null(c);
	r = perform(c, method, target, headers, false, false);
	curl_easy_cleanup(c);
	return r;
}

struct resp *req_post(const char *target, const char *const *headers,
                      const void *body, size_t len, bool chunked)
{
	CURL *c = curl_easy_init();
	struct upload up = {body, len, 0, chunked ? 1000 : 0};
	struct resp *r;

	cr_assert_not_null(c);
	r = perform_body(c, "POST", target, headers, false, false, &up,
	                 chunked);
	curl_easy_cleanup(c);
	return r;
}

struct resp *req_gzip(const char *target, bool decode)
{
	CURL *c = curl_easy_init();
	struct resp *r;

	cr_assert_not_null(c);
	r = perform(c, "GET", target, NULL, true, decode);
	curl_easy_cleanup(c);
	return r;
}

struct resp *req_keepalive(const char *target)
{
	if (!keep)
		keep = curl_easy_init();
	cr_assert_not_null(keep);
	return perform(keep, "GET", target, NULL, false, false);
}

void keepalive_close(void)
{
	if (keep)
		curl_easy_cleanup(keep);
	keep = NULL;
}

int raw_open(void)
{
	return connect_loopback(port);
}

void raw_send(int fd, const char *bytes, size_t len)
{
	for (size_t sent = 0; sent < len;) {
		ssize_t n = send(fd, bytes + sent, len - sent, MSG_NOSIGNAL);

		if (n <= 0)
			break; /* the server may close before reading it all */
		sent += (size_t)n;
	}
}

struct resp *raw_finish(int fd)
{
	struct resp *r = calloc(1, sizeof(*r));
	struct buf in = {0};
	char chunk[4096];
	char *end;

	cr_assert_not_null(r);
	for (;;) {
		struct pollfd p = {fd, POLLIN, 0};
		ssize_t n;

		if (poll(&p, 1, 2000) <= 0)
			break;
		n = recv(fd, chunk, sizeof(chunk), 0);
		if (n <= 0)
			break;
		collect(chunk, 1, (size_t)n, &in);
	}
	close(fd);
	if (!in.data)
		in.data = calloc(1, 1);
	r->headers = in.data;
	end = strstr(in.data, "\r\n\r\n");
	r->body = strdup(end ? end + 4 : "");
	r->len = strlen(r->body);
	if (strncmp(in.data, "HTTP/1.", 7) == 0 && in.data[8] == ' ')
		r->status = strtol(in.data + 9, NULL, 10);
	return r;
}

struct resp *raw(const char *bytes, size_t len)
{
	int fd = raw_open();

	raw_send(fd, bytes, len);
	return raw_finish(fd);
}

void resp_free(struct resp *r)
{
	if (!r)
		return;
	free(r->headers);
	free(r->body);
	free(r);
}

char *header(const struct resp *r, const char *name)
{
	size_t n = strlen(name);
	const char *p = r->headers, *found = NULL;

	/* the last block wins: curl keeps 1xx and redirect headers too */
	for (; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		if (strncasecmp(p, name, n) == 0 && p[n] == ':')
			found = p + n + 1;
	}
	if (!found)
		return NULL;
	while (*found == ' ')
		found++;
	return strndup(found, strcspn(found, "\r\n"));
}

json_t *body_json(const struct resp *r)
{
	json_error_t e;
	json_t *j = json_loadb(r->body, r->len, 0, &e);

	cr_assert_not_null(j, "not JSON (%s): %.200s", e.text, r->body);
	return j;
}

void expect_header(const struct resp *r, const char *name, const char *want)
{
	char *v = header(r, name);

	cr_expect_not_null(v, "no %s header", name);
	if (v)
		cr_expect_str_eq(v, want, "%s", name);
	free(v);
}

void expect_common_headers(const struct resp *r)
{
	expect_header(r, "Access-Control-Allow-Origin", "*");
	expect_header(r, "Access-Control-Expose-Headers", "ETag, Link");
	expect_header(r, "X-Content-Type-Options", "nosniff");
	/* a preflight adds Access-Control-Request-Headers */
	{
		char *v = header(r, "Vary");

		cr_expect(v && strncmp(v, "Accept, Accept-Encoding", 23) == 0,
		          "Vary: %s", v ? v : "(none)");
		cr_expect(!v || !strstr(v, "Origin"),
		          "no answer depends on Origin: Vary %s", v);
		free(v);
	}
}

json_t *json_at(json_t *j, const char *path)
{
	while (j && *path) {
		size_t n = strcspn(path, "/");
		char key[64];
		char *end;

		if (n >= sizeof(key))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		if (json_is_array(j)) {
			unsigned long i = strtoul(key, &end, 10);

			j = *end == '\0' && end != key ? json_array_get(j, i)
			                               : NULL;
		} else {
			j = json_object_get(j, key);
		}
		path += n + (path[n] == '/');
	}
	return j;
}

long long srv_metric(const char *series)
{
	struct resp *r = req("GET", "/metrics", NULL);
	char needle[160];
	const char *at;
	long long v = -1;

	/* a sample line, not the HELP line that names it */
	snprintf(needle, sizeof(needle), "\n%s ", series);
	at = strstr(r->body, needle);
	if (at)
		v = strtoll(at + strlen(needle), NULL, 10);
	resp_free(r);
	return v;
}
