/* server/config: defaults, variables, flags and their errors. */
#include "config.h"

#include <criterion/criterion.h>
#include <string.h>

static const char *fake_env(const char *name)
{
	if (strcmp(name, "WSAERR_PORT") == 0)
		return "9000";
	if (strcmp(name, "WSAERR_THREADS") == 0)
		return "3";
	return NULL;
}

static const char *no_env(const char *name)
{
	(void)name;
	return NULL;
}

Test(config, defaults_environment_and_flags)
{
	struct server_config c;
	char err[200];
	const char *argv[] = {"wsaerrd",
	                      "--port",
	                      "7000",
	                      "--bind=::1",
	                      "--log-format",
	                      "text",
	                      "--per-ip-limit",
	                      "4",
	                      NULL};

	config_defaults(&c);
	cr_expect_eq(c.port, 8080);
	cr_expect_eq(c.timeout, 15);
	cr_expect_eq(c.drain_seconds, 10);
	cr_expect_eq(c.max_connections, 1024);
	cr_expect_geq(c.threads, 1);
	cr_expect_eq(c.log_format, ACCESSLOG_JSON);
	cr_assert_eq(config_parse(&c, 8, argv, fake_env, err, sizeof(err)),
	             CONFIG_OK, "%s", err);
	cr_expect_eq(c.port, 7000, "the flag wins");
	cr_expect_eq(c.threads, 3, "from the environment");
	cr_expect_str_eq(c.bind, "::1");
	cr_expect_eq(c.log_format, ACCESSLOG_TEXT);
	cr_expect_eq(c.per_ip_limit, 4);
}

Test(config, errors_and_requests)
{
	struct server_config c;
	char err[200];
	const char *help[] = {"wsaerrd", "--help", NULL};
	const char *version[] = {"wsaerrd", "--version", NULL};
	const char *bad[] = {"wsaerrd", "--timeout", "0", NULL};
	const char *big[] = {"wsaerrd", "--port", "99999999999999999999", NULL};

	config_defaults(&c);
	cr_expect_eq(config_parse(&c, 2, help, no_env, err, sizeof(err)),
	             CONFIG_HELP);
	cr_expect_eq(config_parse(&c, 2, version, no_env, err, sizeof(err)),
	             CONFIG_VERSION);
	cr_expect_eq(config_parse(&c, 3, bad, no_env, err, sizeof(err)),
	             CONFIG_ERROR);
	cr_expect_str_eq(err, "--timeout: '0' is not a number from 1 to 3600");
	cr_expect_eq(config_parse(&c, 3, big, no_env, err, sizeof(err)),
	             CONFIG_ERROR);
}

/* --help has a line per option of the one list: its flag, its variable,
 * its range and its default. */
Test(config, usage_has_every_option)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	cr_assert_not_null(f);
	config_print_usage(f);
	cr_assert_eq(fclose(f), 0);
#define EXPECT_LINE(kind, flag, arg, env, field, min, max, def, def_text,      \
                    help)                                                      \
	{                                                                      \
		const char *at = strstr(text, "  " flag " " arg " ");          \
		cr_expect_not_null(at, "%s", flag);                            \
		if (at) {                                                      \
			const char *eol = strchr(at, '\n');                    \
			cr_expect(strstr(at, env) && strstr(at, env) < eol,    \
			          "%s", env);                                  \
			cr_expect(strstr(at, "(" def_text ")") &&              \
			                  strstr(at, "(" def_text ")") < eol,  \
			          "%s: (%s)", flag, def_text);                 \
		}                                                              \
	}
	CONFIG_OPTIONS(EXPECT_LINE)
#undef EXPECT_LINE
	cr_expect_not_null(strstr(text, "--max-connections N  "
	                                "WSAERR_MAX_CONNECTIONS  open "
	                                "connections, 1-100000 (1024)\n"));
	free(text);
}
