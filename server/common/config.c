#include "config.h"

#include "text.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char config_usage[] =
        "usage: wsaerrd [options]\n"
        "\n"
        "Serves Windows Sockets error codes over HTTP (see /openapi.yaml).\n"
        "Each option has an environment variable; the option wins.\n"
        "\n"
        "  --port N             WSAERR_PORT             port, 0 for any (8080)\n"
        "  --bind ADDR          WSAERR_BIND             IPv4 or IPv6 address (all IPv4)\n"
        "  --threads N          WSAERR_THREADS          worker threads, 1-256 (cores)\n"
        "  --max-connections N  WSAERR_MAX_CONNECTIONS  open connections, 1-100000 (1024)\n"
        "  --per-ip-limit N     WSAERR_PER_IP_LIMIT     connections per client IP, 0 = none (0)\n"
        "  --timeout S          WSAERR_TIMEOUT          idle seconds, 1-3600 (15)\n"
        "  --header-timeout S   WSAERR_HEADER_TIMEOUT   seconds to send a request head, 1-3600 (10)\n"
        "  --drain-seconds S    WSAERR_DRAIN_SECONDS    SIGTERM grace, 0-3600 (10)\n"
        "  --log-format F       WSAERR_LOG_FORMAT       json, text or off (json)\n"
        "  --healthcheck [URL]  exit 0 when /livez answers 200 within 2 s, else 1\n"
        "                       (URL: http://127.0.0.1:$WSAERR_PORT/livez)\n"
        "  --help               show this help\n"
        "  --version            print the version\n"
        "\n"
        "Invalid configuration exits with status 2. SIGTERM or SIGINT: /readyz\n"
        "answers 503, no new connections are accepted, connections waiting\n"
        "between requests close, requests begun are answered, and the process\n"
        "exits 0 within the drain seconds.\n";

struct config_option {
	const char *flag;
	const char *env;
	unsigned min, max;
	size_t offset; /* of the unsigned field; SIZE_MAX: not a number */
};

#define FIELD(f)     offsetof(struct server_config, f)
#define NOT_A_NUMBER ((size_t)-1)

static const struct config_option options[] = {
        {"--port", "WSAERR_PORT", 0, 65535, FIELD(port)},
        {"--bind", "WSAERR_BIND", 0, 0, NOT_A_NUMBER},
        {"--threads", "WSAERR_THREADS", 1, 256, FIELD(threads)},
        {"--max-connections", "WSAERR_MAX_CONNECTIONS", 1, 100000,
         FIELD(max_connections)},
        {"--per-ip-limit", "WSAERR_PER_IP_LIMIT", 0, 100000,
         FIELD(per_ip_limit)},
        {"--timeout", "WSAERR_TIMEOUT", 1, 3600, FIELD(timeout)},
        {"--header-timeout", "WSAERR_HEADER_TIMEOUT", 1, 3600,
         FIELD(header_timeout)},
        {"--drain-seconds", "WSAERR_DRAIN_SECONDS", 0, 3600,
         FIELD(drain_seconds)},
        {"--log-format", "WSAERR_LOG_FORMAT", 0, 0, NOT_A_NUMBER},
};

#define N_OPTIONS (sizeof(options) / sizeof(options[0]))

void config_defaults(struct server_config *cfg)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);

	memset(cfg, 0, sizeof(*cfg));
	cfg->port = 8080;
	cfg->threads = cores < 1 ? 1 : cores > 256 ? 256 : (unsigned)cores;
	cfg->max_connections = 1024;
	cfg->per_ip_limit = 0;
	cfg->timeout = 15;
	cfg->header_timeout = 10;
	cfg->drain_seconds = 10;
	cfg->log_format = ACCESSLOG_JSON;
	cfg->log_fd = STDOUT_FILENO;
}

/* Applies one option's text to cfg; false with err filled when invalid. */
static bool option_apply(struct server_config *cfg,
                         const struct config_option *o, const char *name,
                         const char *value, char *err, size_t size)
{
	if (o->offset != NOT_A_NUMBER) {
		unsigned long v;

		if (!wsaerr_parse_decimal(value, strlen(value), o->max, &v) ||
		    v < o->min) {
			snprintf(err, size,
			         "%s: '%s' is not a number from %u to %u", name,
			         value, o->min, o->max);
			return false;
		}
		*(unsigned *)(void *)((char *)cfg + o->offset) = (unsigned)v;
		return true;
	}
	if (strcmp(o->flag, "--bind") == 0) {
		unsigned char addr[16];

		if (strlen(value) >= sizeof(cfg->bind) ||
		    (inet_pton(AF_INET, value, addr) != 1 &&
		     inet_pton(AF_INET6, value, addr) != 1)) {
			snprintf(err, size,
			         "%s: '%s' is not an IPv4 or IPv6 address",
			         name, value);
			return false;
		}
		snprintf(cfg->bind, sizeof(cfg->bind), "%s", value);
		return true;
	}
	if (strcmp(value, "json") == 0)
		cfg->log_format = ACCESSLOG_JSON;
	else if (strcmp(value, "text") == 0)
		cfg->log_format = ACCESSLOG_TEXT;
	else if (strcmp(value, "off") == 0)
		cfg->log_format = ACCESSLOG_OFF;
	else {
		snprintf(err, size, "%s: '%s' is not json, text or off", name,
		         value);
		return false;
	}
	return true;
}

enum config_result config_parse(struct server_config *cfg, int argc,
                                const char *const *argv,
                                const char *(*get_env)(const char *), char *err,
                                size_t err_size)
{
	for (size_t i = 0; i < N_OPTIONS; i++) {
		const char *v = get_env(options[i].env);

		if (v && !option_apply(cfg, &options[i], options[i].env, v, err,
		                       err_size))
			return CONFIG_ERROR;
	}
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *value = NULL, *eq;
		const struct config_option *o = NULL;
		size_t name_len;

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
			return CONFIG_HELP;
		if (strcmp(a, "--version") == 0)
			return CONFIG_VERSION;
		eq = strchr(a, '=');
		name_len = eq ? (size_t)(eq - a) : strlen(a);
		for (size_t k = 0; k < N_OPTIONS; k++) {
			if (strlen(options[k].flag) == name_len &&
			    strncmp(options[k].flag, a, name_len) == 0)
				o = &options[k];
		}
		if (!o) {
			snprintf(err, err_size,
			         "unknown option '%s' (see --help)", a);
			return CONFIG_ERROR;
		}
		if (eq) {
			value = eq + 1;
		} else if (i + 1 < argc) {
			value = argv[++i];
		} else {
			snprintf(err, err_size, "%s needs a value", o->flag);
			return CONFIG_ERROR;
		}
		if (!option_apply(cfg, o, o->flag, value, err, err_size))
			return CONFIG_ERROR;
	}
	return CONFIG_OK;
}
