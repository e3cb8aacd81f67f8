/*
 * wsaerrd: the wsaerr HTTP daemon. Reads its configuration, serves until
 * SIGTERM or SIGINT, then drains: /readyz answers 503, no new connections
 * are accepted, open ones close after their next response, and the process
 * exits 0 once they are gone or the drain seconds have passed. A second
 * signal stops at once.
 */
#include "clock.h"
#include "config.h"
#include "healthcheck.h"
#include "server.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static const char *env(const char *name)
{
	return getenv(name);
}

/*
 * Every connection is a file descriptor, and many hosts start services
 * with a soft limit of 1024, below the default --max-connections and its
 * headroom: raise the soft limit to the hard one, and say so when even
 * that is too low.
 */
static void raise_fd_limit(unsigned max_connections)
{
	/* the connections, those being closed, and a few of the daemon's */
	rlim_t need = (rlim_t)max_connections + max_connections / 4 + 64;
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return;
	if (rl.rlim_cur < need && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max < need ? rl.rlim_max : need;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < need)
		fprintf(stderr,
		        "wsaerrd: warning: --max-connections %u needs %llu "
		        "file descriptors; the limit is %llu\n",
		        max_connections, (unsigned long long)need,
		        (unsigned long long)rl.rlim_cur);
}

/* wsaerrd --healthcheck [URL], the container's HEALTHCHECK: the exit
 * status. */
static int run_healthcheck(int argc, char **argv)
{
	char err[256];

	if (argc > 3) {
		fputs("wsaerrd: --healthcheck takes one URL at most\n", stderr);
		return 2;
	}
	if (!healthcheck(argc == 3 ? argv[2] : NULL, HEALTHCHECK_TIMEOUT_MS,
	                 err, sizeof(err))) {
		fprintf(stderr, "wsaerrd: unhealthy: %s\n", err);
		return 1;
	}
	return 0;
}

/* Reads the configuration into cfg: -1 to run, else the exit status
 * (--help, --version, or 2 for an invalid configuration). */
static int configure(struct server_config *cfg, int argc, char **argv)
{
	char err[256];

	config_defaults(cfg);
	/* argv is only read: the cast is the only one the C type rules need */
	switch (config_parse(cfg, argc, (const char *const *)argv, env, err,
	                     sizeof(err))) {
	case CONFIG_HELP:
		config_print_usage(stdout);
		return 0;
	case CONFIG_VERSION:
		printf("wsaerrd %s\n", WSAERR_VERSION);
		return 0;
	case CONFIG_ERROR:
		fprintf(stderr, "wsaerrd: %s\n", err);
		return 2;
	case CONFIG_OK:
		break;
	}
	return -1;
}

/* After the first of the signals in stop: drains s, and waits until no
 * connection is open, the drain seconds are over, or a second signal. */
static void drain(struct server *s, const struct server_config *cfg,
                  const sigset_t *stop, int sig)
{
	struct timespec wait = {0, 20 * 1000 * 1000};
	struct timespec deadline;
	char detail[160];

	snprintf(detail, sizeof(detail), "signal %d, %u connections open, %u s",
	         sig, server_open_connections(s), cfg->drain_seconds);
	server_log_event(s, "draining", detail);
	server_drain(s);
	deadline = clock_deadline((uint64_t)cfg->drain_seconds * 1000);
	while (server_open_connections(s) > 0 && clock_ms_left(&deadline) > 0) {
		/* a second signal: stop now */
		if (sigtimedwait(stop, NULL, &wait) > 0)
			break;
	}
}

int main(int argc, char **argv)
{
	struct server_config cfg;
	struct server *s;
	char err[256], detail[160];
	sigset_t stop;
	int sig, status;

	if (argc >= 2 && strcmp(argv[1], "--healthcheck") == 0)
		return run_healthcheck(argc, argv);
	status = configure(&cfg, argc, argv);
	if (status >= 0)
		return status;
	/* The signals are taken with sigwait here, so no thread may get them:
	 * block them before the server's threads exist. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	if (pthread_sigmask(SIG_BLOCK, &stop, NULL) != 0)
		return 1;
	signal(SIGPIPE, SIG_IGN);
	raise_fd_limit(cfg.max_connections);

	s = server_start(&cfg, err, sizeof(err));
	if (!s) {
		fprintf(stderr, "wsaerrd: %s\n", err);
		return 1;
	}
	fprintf(stderr, "wsaerrd %s: listening on %s port %u, %u threads\n",
	        WSAERR_VERSION, cfg.bind[0] ? cfg.bind : "*", server_port(s),
	        cfg.threads);
	snprintf(detail, sizeof(detail), "%s port %u",
	         cfg.bind[0] ? cfg.bind : "*", server_port(s));
	server_log_event(s, "listening", detail);

	while (sigwait(&stop, &sig) != 0)
		;
	drain(s, &cfg, &stop, sig);
	snprintf(detail, sizeof(detail), "%u connections still open",
	         server_open_connections(s));
	/* stopping writes out the last request lines: "stopped" comes last */
	server_stop(s);
	accesslog_event(cfg.log_fd, cfg.log_format, "stopped", detail);
	return 0;
}
