/* proc.c: the daemon as a process, for the process and limit tests. */
#include "proc.h"

#include <fcntl.h>

#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

const char *binary(void)
{
	const char *b = getenv("WSAERRD");

	cr_assert_not_null(b, "WSAERRD must name the wsaerrd binary");
	return b;
}

/* Reads from fd until `want` appears or 5 s pass; the text read so far. */
char *read_until(int fd, const char *want, char *buf, size_t size)
{
	size_t len = strlen(buf);

	while (!strstr(buf, want) && len + 1 < size) {
		struct pollfd p = {fd, POLLIN, 0};
		ssize_t n;

		if (poll(&p, 1, 5000) <= 0)
			break;
		n = read(fd, buf + len, size - len - 1);
		if (n <= 0)
			break;
		len += (size_t)n;
		buf[len] = '\0';
	}
	return strstr(buf, want);
}

/* Starts the daemon with argv (NULL-ended, without the program name) and
 * the environment variable env ("NAME=value" or NULL). */
struct proc start(const char *const *args, const char *env)
{
	return start_to(args, env, NULL);
}

struct proc start_to(const char *const *args, const char *env,
                     const char *stdout_path)
{
	struct proc p = {0};
	int out[2], err[2];
	const char *argv[32] = {binary()};
	size_t n = 1;

	for (; args && args[n - 1] && n < 31; n++)
		argv[n] = args[n - 1];
	argv[n] = NULL;
	cr_assert_eq(pipe(out), 0);
	cr_assert_eq(pipe(err), 0);
	p.pid = fork();
	cr_assert_geq(p.pid, 0);
	if (p.pid == 0) {
		int to = stdout_path ? open(stdout_path, O_WRONLY) : out[1];

		dup2(to, STDOUT_FILENO);
		dup2(err[1], STDERR_FILENO);
		close(out[0]);
		close(err[0]);
		if (env) {
			char name[64];
			size_t eq = strcspn(env, "=");

			snprintf(name, sizeof(name), "%.*s", (int)eq, env);
			setenv(name, env + eq + 1, 1);
		}
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(out[1]);
	close(err[1]);
	p.out = out[0];
	p.err = err[0];
	if (stdout_path) { /* nothing comes down that pipe */
		close(p.out);
		p.out = -1;
	}
	return p;
}

/* Starts a daemon that serves, and reads its port from stderr. */
struct proc serve(const char *const *extra)
{
	return serve_to(extra, NULL);
}

struct proc serve_to(const char *const *extra, const char *stdout_path)
{
	const char *args[24] = {"--port",    "0",         "--bind",
	                        "127.0.0.1", "--threads", "2"};
	size_t n = 6;
	char buf[1024] = "";
	char *at;
	struct proc p;

	for (size_t i = 0; extra && extra[i] && n < 23; i++)
		args[n++] = extra[i];
	args[n] = NULL;
	p = start_to(args, NULL, stdout_path);
	at = read_until(p.err, " port ", buf, sizeof(buf));
	cr_assert_not_null(at, "no port in: %s", buf);
	p.port = (unsigned)strtoul(at + 6, NULL, 10);
	cr_assert_gt(p.port, 0);
	return p;
}

struct settle settle_start(void)
{
	struct settle w;

	clock_gettime(CLOCK_MONOTONIC, &w.start);
	return w;
}

bool settling(struct settle *w)
{
	struct timespec now;
	long ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (now.tv_sec - w->start.tv_sec) * 1000 +
	     (now.tv_nsec - w->start.tv_nsec) / 1000000;
	if (ms >= SETTLE_MS)
		return false;
	sleep_ms(10);
	return true;
}

/* Says how the daemon ended and what it last wrote to stderr, so that a
 * failure seen once on a loaded machine can be read afterwards. */
static void log_stderr(const struct proc *p, int code)
{
	char buf[2048], chunk[1024];
	size_t len = 0;
	ssize_t n;

	if (p->err >= 0)
		fcntl(p->err, F_SETFL, fcntl(p->err, F_GETFL) | O_NONBLOCK);
	/* the process is gone: read to the end, keep the last of it */
	while (p->err >= 0 && (n = read(p->err, chunk, sizeof(chunk))) > 0) {
		size_t keep = sizeof(buf) - 1 - (size_t)n;

		if (len > keep) {
			memmove(buf, buf + len - keep, keep);
			len = keep;
		}
		memcpy(buf + len, chunk, (size_t)n);
		len += (size_t)n;
	}
	buf[len] = '\0';
	cr_log_info("wsaerrd (pid %d) ended with status %d%s; stderr: %s",
	            (int)p->pid, code, code > 128 ? " (128 + signal)" : "",
	            buf);
}

/* Waits for the process to end, at most `seconds`; its exit status or -1. */
int wait_exit(struct proc *p, int seconds)
{
	for (int i = 0; i < seconds * 100; i++) {
		int st;

		if (waitpid(p->pid, &st, WNOHANG) == p->pid) {
			int code = WIFEXITED(st) ? WEXITSTATUS(st)
			                         : 128 + WTERMSIG(st);

			if (code != 0)
				log_stderr(p, code);
			if (p->out >= 0)
				close(p->out);
			if (p->err >= 0)
				close(p->err);
			return code;
		}
		sleep_ms(10);
	}
	kill(p->pid, SIGKILL);
	waitpid(p->pid, NULL, 0);
	return -1;
}

/* A TCP connection to 127.0.0.1:port; the socket. */
int connect_loopback(unsigned port)
{
	struct sockaddr_in a = {0};
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	cr_assert_geq(fd, 0);
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert_eq(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	return fd;
}

int connect_served(unsigned port)
{
	static const char request[] = "GET /livez HTTP/1.1\r\nHost: a\r\n\r\n";
	int fd = connect_loopback(port);
	char head[4096] = "";

	cr_assert_eq(send(fd, request, sizeof(request) - 1, MSG_NOSIGNAL),
	             (ssize_t)(sizeof(request) - 1));
	cr_assert_not_null(read_until(fd, "\r\n\r\n", head, sizeof(head)),
	                   "no answer on the held connection: %s", head);
	cr_assert(strncmp(head, "HTTP/1.1 200", 12) == 0, "%.60s", head);
	return fd;
}

static size_t ignore(char *p, size_t size, size_t n, void *cls)
{
	(void)p;
	(void)cls;
	return size * n;
}

static size_t keep_headers(char *p, size_t size, size_t n, void *cls)
{
	strncat(cls, p,
	        4095 - strlen(cls) < size * n ? 4095 - strlen(cls) : size * n);
	return size * n;
}

/* A GET on handle c; the status, or -1 when no exchange happened. */
long get(CURL *c, unsigned port, const char *target, char *headers)
{
	char url[256];
	long status = -1;

	snprintf(url, sizeof(url), "http://127.0.0.1:%u%s", port, target);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, ignore);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 5L);
	if (headers) {
		headers[0] = '\0';
		curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, keep_headers);
		curl_easy_setopt(c, CURLOPT_HEADERDATA, headers);
	}
	if (curl_easy_perform(c) != CURLE_OK)
		return -1;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	return status;
}

/* Reads a descriptor to its end and closes it. */
static void *drain(void *cls)
{
	int fd = (int)(intptr_t)cls;
	char buf[4096];

	while (read(fd, buf, sizeof(buf)) > 0)
		;
	close(fd);
	return NULL;
}

struct proc serve_quiet(const char *const *extra)
{
	struct proc p = serve(extra);
	pthread_t t[2];

	/* nobody reads the logs: a full pipe would stop the daemon */
	cr_assert_eq(
	        pthread_create(&t[0], NULL, drain, (void *)(intptr_t)p.out), 0);
	cr_assert_eq(
	        pthread_create(&t[1], NULL, drain, (void *)(intptr_t)p.err), 0);
	pthread_detach(t[0]);
	pthread_detach(t[1]);
	p.out = -1;
	p.err = -1;
	return p;
}
