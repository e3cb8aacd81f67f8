/*
 * proc.h: runs wsaerrd as a process for the tests that need the real
 * binary: signals, the access log, limits, memory. WSAERRD names the
 * binary (the Makefile sets it); it is started with --port 0 and tells its
 * port on stderr.
 */
#ifndef WSAERR_TEST_PROC_H
#define WSAERR_TEST_PROC_H

#include <curl/curl.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include <sys/types.h>

struct proc {
	pid_t pid;
	int out; /* the daemon's stdout: the access log */
	int err; /* its stderr */
	unsigned port;
};

void sleep_ms(long ms);

/*
 * How long a test waits for the server to catch up with what its client
 * saw (a close the server has not yet counted, a line not yet flushed):
 * a bound for a loaded machine or valgrind, which a passing test never
 * waits out. A test polls up to it; it never sleeps in its place.
 */
#define SETTLE_MS 10000

/* A wait for the server to catch up, bounded by SETTLE_MS of wall time
 * (not by a count of tries: under valgrind each try is slow):
 *   struct settle w = settle_start();
 *   while (!caught_up() && settling(&w))
 *           ;
 * settling() sleeps 10 ms and says true until SETTLE_MS have passed. */
struct settle {
	struct timespec start;
};
struct settle settle_start(void);
bool settling(struct settle *w);

/* The binary to run: $WSAERRD. */
const char *binary(void);

/* Reads from fd until `want` appears or 5 s pass; the text read so far
 * is in buf (which holds what came before); the match or NULL. */
char *read_until(int fd, const char *want, char *buf, size_t size);

/* Starts the daemon with args (NULL-ended, without the program name) and
 * the environment variable env ("NAME=value" or NULL). */
struct proc start(const char *const *args, const char *env);

/* The same with its stdout (the access log) on the file stdout_path, or
 * a pipe (p.out) when NULL. */
struct proc start_to(const char *const *args, const char *env,
                     const char *stdout_path);

/* Starts a daemon on 127.0.0.1, port 0, 2 threads, with extra args, and
 * reads its port from stderr. */
struct proc serve(const char *const *extra);
struct proc serve_to(const char *const *extra, const char *stdout_path);

/* serve(), with its stdout and stderr read and thrown away, so that its
 * logs never fill a pipe and stop it (p.out and p.err are then -1). */
struct proc serve_quiet(const char *const *extra);

/* Waits for the process to end, at most `seconds` (then kills it); its
 * exit status, 128 + the signal, or -1. */
int wait_exit(struct proc *p, int seconds);

/* A TCP connection to 127.0.0.1:port; the socket. */
int connect_loopback(unsigned port);

/*
 * A TCP connection to 127.0.0.1:port that has had one request (GET /livez)
 * answered with a 200 and stays open: once the answer is here the server
 * has taken the connection and counts it. (A connection only opened may
 * still wait in the listen queue, or be taken by one thread while another
 * takes the next: on a loaded machine the next was then the one a limit
 * let in.) The socket.
 */
int connect_served(unsigned port);

/* A GET on handle c; the status, or -1 when no exchange happened. The
 * response headers go to `headers` (4096 bytes) unless it is NULL. */
long get(CURL *c, unsigned port, const char *target, char *headers);

#endif
