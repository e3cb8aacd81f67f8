#include "config.h"

#include "text.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum option_kind { NUMBER, ADDRESS, LOG_FORMAT };

struct config_option {
	enum option_kind kind;
	const char *flag, *arg, *env;
	unsigned min, max;
	size_t offset; /* of a NUMBER's unsigned field */
	const char *default_text, *help;
};

#define OFFSET_NUMBER(field)     offsetof(struct server_config, field)
#define OFFSET_ADDRESS(field)    0
#define OFFSET_LOG_FORMAT(field) 0

static const struct config_option options[] = {
#define OPTION_ROW(kind, flag, arg, env, field, min, max, def, def_text, help) \
	{kind, flag, arg, env, min, max, OFFSET_##kind(field), def_text, help},
        CONFIG_OPTIONS(OPTION_ROW)
#undef OPTION_ROW
};

#define N_OPTIONS (sizeof(options) / sizeof(options[0]))

unsigned config_cores(void)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);

	return cores < 1 ? 1 : cores > 256 ? 256 : (unsigned)cores;
}

#define DEFAULT_NUMBER(field, def) cfg->field = (def);
#define DEFAULT_ADDRESS(field, def)                                            \
	snprintf(cfg->field, sizeof(cfg->field), "%s", def);
#define DEFAULT_LOG_FORMAT(field, def) cfg->field = (def);

void config_defaults(struct server_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
#define OPTION_DEFAULT(kind, flag, arg, env, field, min, max, def, def_text,   \
                       help)                                                   \
	DEFAULT_##kind(field, def)
	CONFIG_OPTIONS(OPTION_DEFAULT)
#undef OPTION_DEFAULT
	cfg->log_fd = STDOUT_FILENO;
}

void config_print_usage(FILE *out)
{
	fputs("usage: wsaerrd [options]\n"
	      "\n"
	      "Serves Windows Sockets error codes over HTTP (see "
	      "/openapi.yaml).\n"
	      "Each option has an environment variable; the option wins.\n"
	      "\n",
	      out);
	for (size_t i = 0; i < N_OPTIONS; i++) {
		const struct config_option *o = &options[i];
		char flag[32], help[96];

		snprintf(flag, sizeof(flag), "%s %s", o->flag, o->arg);
		if (o->kind == NUMBER)
			snprintf(help, sizeof(help), "%s, %u-%u (%s)", o->help,
			         o->min, o->max, o->default_text);
		else
			snprintf(help, sizeof(help), "%s (%s)", o->help,
			         o->default_text);
		fprintf(out, "  %-21s%-24s%s\n", flag, o->env, help);
	}
	fputs("  --healthcheck [URL]  exit 0 when /livez answers 200 within 2 "
	      "s, else 1\n"
	      "                       (URL: "
	      "http://127.0.0.1:$WSAERR_PORT/livez)\n"
	      "  --help               show this help\n"
	      "  --version            print the version\n"
	      "\n"
	      "Invalid configuration exits with status 2. SIGTERM or SIGINT: "
	      "/readyz\n"
	      "answers 503, no new connections are accepted, connections "
	      "waiting\n"
	      "between requests close, requests begun are answered, and the "
	      "process\n"
	      "exits 0 within the drain seconds.\n",
	      out);
}

/* Applies one option's text to cfg; false with err filled when invalid. */
static bool option_apply(struct server_config *cfg,
                         const struct config_option *o, const char *name,
                         const char *value, char *err, size_t size)
{
	if (o->kind == NUMBER) {
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
	if (o->kind == ADDRESS) {
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
