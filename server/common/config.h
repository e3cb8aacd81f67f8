/*
 * config.h: what an operator sets, from flags and environment variables.
 * Every flag has a variable of the same meaning (--max-connections and
 * WSAERR_MAX_CONNECTIONS); a flag wins over its variable.
 */
#ifndef WSAERR_CONFIG_H
#define WSAERR_CONFIG_H

#include "accesslog.h"
#include "attr.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*
 * The options, one row each (as redis's createIntConfig() rows):
 * X(kind, flag, argument, variable, field, min, max, default, the default
 * as --help says it, what it is). A NUMBER is an unsigned field from min
 * to max; an ADDRESS (an IPv4 or IPv6 literal) and a LOG_FORMAT (json,
 * text or off) have rules of their own. The parser's table, the defaults
 * and the --help lines all come from this list; the man page is held to
 * --help by tests/install/run.sh.
 */
#define CONFIG_OPTIONS(X)                                                      \
	X(NUMBER, "--port", "N", "WSAERR_PORT", port, 0, 65535, 8080, "8080",  \
	  "port, 0 for any")                                                   \
	X(ADDRESS, "--bind", "ADDR", "WSAERR_BIND", bind, 0, 0, "",            \
	  "all IPv4", "IPv4 or IPv6 address")                                  \
	X(NUMBER, "--threads", "N", "WSAERR_THREADS", threads, 1, 256,         \
	  config_cores(), "cores", "worker threads")                           \
	X(NUMBER, "--max-connections", "N", "WSAERR_MAX_CONNECTIONS",          \
	  max_connections, 1, 100000, 1024, "1024", "open connections")        \
	X(NUMBER, "--per-ip-limit", "N", "WSAERR_PER_IP_LIMIT", per_ip_limit,  \
	  0, 100000, 0, "0", "connections per client IP, 0 = none")            \
	X(NUMBER, "--timeout", "S", "WSAERR_TIMEOUT", timeout, 1, 3600, 15,    \
	  "15", "idle seconds")                                                \
	X(NUMBER, "--header-timeout", "S", "WSAERR_HEADER_TIMEOUT",            \
	  header_timeout, 1, 3600, 10, "10", "seconds to send a request head") \
	X(NUMBER, "--send-timeout", "S", "WSAERR_SEND_TIMEOUT", send_timeout,  \
	  1, 3600, 10, "10", "seconds to take an answer")                      \
	X(NUMBER, "--drain-seconds", "S", "WSAERR_DRAIN_SECONDS",              \
	  drain_seconds, 0, 3600, 10, "10", "SIGTERM grace")                   \
	X(NUMBER, "--scan-max-bytes", "N", "WSAERR_SCAN_MAX_BYTES",            \
	  scan_max_bytes, 1, 1073741824, 64u << 20, "67108864",                \
	  "bytes of a POST /scan body, and of it inflated")                    \
	X(NUMBER, "--scan-concurrency", "N", "WSAERR_SCAN_CONCURRENCY",        \
	  scan_concurrency, 0, 1024, 0, "0",                                   \
	  "scans at once, 0 = threads - 1, at least 1")                        \
	X(LOG_FORMAT, "--log-format", "F", "WSAERR_LOG_FORMAT", log_format, 0, \
	  0, ACCESSLOG_JSON, "json", "json, text or off")

/* One worker thread per core, 1 to 256: --threads' default. */
unsigned config_cores(void);

struct server_config {
	unsigned port;    /* 0: any free port */
	char bind[64];    /* IPv4 or IPv6 literal; "" for all IPv4 */
	unsigned threads; /* worker threads */
	unsigned max_connections;
	unsigned per_ip_limit;     /* 0: no limit */
	unsigned timeout;          /* idle seconds before a connection closes */
	unsigned header_timeout;   /* seconds to send a whole request head */
	unsigned send_timeout;     /* seconds to take a whole answer */
	unsigned drain_seconds;    /* how long SIGTERM waits for clients */
	unsigned scan_max_bytes;   /* a POST /scan body, raw and inflated */
	unsigned scan_concurrency; /* scans at once; 0: threads - 1, >= 1 */
	enum accesslog_format log_format;
	int log_fd; /* where access lines go; stdout */
	/* for the request fuzzer, and set by no flag: no listening socket,
	 * connections come from server_add_connection() only; and poll(2),
	 * level-triggered, where epoll's edges leave a client that closed its
	 * side after its request waiting for the head deadline */
	bool no_listen;
	bool use_poll;
};

enum config_result {
	CONFIG_OK,      /* run with *cfg */
	CONFIG_HELP,    /* --help was asked for: config_print_usage() */
	CONFIG_VERSION, /* --version was asked for */
	CONFIG_ERROR,   /* err says what is wrong: exit 2 */
};

/* The defaults of CONFIG_OPTIONS, and the access log on stdout. */
void config_defaults(struct server_config *cfg);

/*
 * Reads the environment through get_env (getenv, or a test's own) and then
 * argv[1..argc). On CONFIG_ERROR, err holds one line naming the flag or
 * variable and what is wrong with it.
 */
WSAERR_MUST_CHECK enum config_result config_parse(
        struct server_config *cfg, int argc, const char *const *argv,
        const char *(*get_env)(const char *), char *err, size_t err_size);

/* Writes the --help text: a line per option, from CONFIG_OPTIONS. */
void config_print_usage(FILE *out);

#endif
