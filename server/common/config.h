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

struct server_config {
	unsigned port;    /* 0: any free port */
	char bind[64];    /* IPv4 or IPv6 literal; "" for all IPv4 */
	unsigned threads; /* worker threads */
	unsigned max_connections;
	unsigned per_ip_limit;   /* 0: no limit */
	unsigned timeout;        /* idle seconds before a connection closes */
	unsigned header_timeout; /* seconds to send a whole request head */
	unsigned drain_seconds;  /* how long SIGTERM waits for clients */
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
	CONFIG_HELP,    /* --help was asked for: print config_usage */
	CONFIG_VERSION, /* --version was asked for */
	CONFIG_ERROR,   /* err says what is wrong: exit 2 */
};

/* The defaults: port 8080, all IPv4 addresses, one thread per core,
 * 1024 connections, no per-IP limit, 15 s idle, 10 s drain, JSON logs. */
void config_defaults(struct server_config *cfg);

/*
 * Reads the environment through get_env (getenv, or a test's own) and then
 * argv[1..argc). On CONFIG_ERROR, err holds one line naming the flag or
 * variable and what is wrong with it.
 */
WSAERR_MUST_CHECK enum config_result config_parse(
        struct server_config *cfg, int argc, const char *const *argv,
        const char *(*get_env)(const char *), char *err, size_t err_size);

extern const char config_usage[];

#endif
