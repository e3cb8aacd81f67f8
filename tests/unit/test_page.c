/* server/page: the web page's views as HTML, and its embedded files. */
#include "bodies.h"
#include "page.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

static const struct wsaerr_code *code(unsigned value)
{
	const struct wsaerr_code *c =
	        wsaerr_table_by_value(wsaerr_table_default(), value);

	cr_assert_not_null(c, "%u", value);
	return c;
}

/* Asserts a whole page: the shell around one view. */
static void expect_shell(const char *p, size_t len)
{
	cr_assert_not_null(p);
	cr_expect_eq(strlen(p), len, "no NUL inside, len is the length");
	cr_expect_eq(strncmp(p, "<!doctype html>\n", 16), 0);
	cr_expect_null(strstr(p, "{{"), "every mark filled in");
	cr_expect_not_null(strstr(p, "<script src=\"/assets/app.js\" defer>"));
	cr_expect_eq(strcmp(p + len - 8, "</html>\n"), 0);
}

Test(page, home)
{
	size_t len = 0;
	char *p = page_home(&len);

	expect_shell(p, len);
	cr_expect_not_null(strstr(p, "value=\"\""), "an empty box");
	cr_expect_not_null(strstr(p, "<h1>"));
	free(p);
}

Test(page, the_search_box_and_title_are_escaped)
{
	struct listing pg = {0};
	const char *q = "<b>\"x\" & 'y'</b>";
	size_t len = 0;
	char *p;

	pg.query = q;
	pg.query_len = strlen(q);
	p = page_results(&pg, q, &len);
	expect_shell(p, len);
	cr_expect_null(strstr(p, "<b>"));
	cr_expect_not_null(strstr(
	        p,
	        "value=\"&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;\""));
	cr_expect_not_null(strstr(p, "<title>&lt;b&gt;"));
	cr_expect_not_null(strstr(p, "No code matches."));
	free(p);
}

Test(page, results_link_each_code)
{
	struct listing pg = {0};
	size_t len = 0;
	char *p;

	pg.codes[0] = code(10054);
	pg.codes[1] = code(10053);
	pg.n = 2;
	pg.total = 5;
	pg.limit = 2;
	p = page_results(&pg, "reset", &len);
	expect_shell(p, len);
	cr_expect_not_null(strstr(
	        p, "<li><a href=\"/codes/10054\"><span class=\"name\">"
	           "WSAECONNRESET</span><span class=\"num\">10054 \xc2\xb7 "
	           "0x2746</span><span class=\"msg\">Connection reset by "
	           "peer.</span></a></li>"));
	cr_expect_not_null(strstr(p, "Codes 1 to 2 of 5."));
	free(p);
}

Test(page, hints_mark_commands_and_link_codes)
{
	size_t len = 0;
	char *p = page_code(wsaerr_table_default(), code(10048), &len);

	expect_shell(p, len);
	/* backquotes become <code>, and what is inside is escaped */
	cr_expect_not_null(
	        strstr(p, "<code>tasklist /FI &quot;PID eq 1234&quot;</code>"));
	cr_expect_null(strstr(p, "`"));
	free(p);
	p = page_code(wsaerr_table_default(), code(10060), &len);
	/* a code a hint names links to it, and is a related code */
	cr_expect_not_null(strstr(p, "<a href=\"/codes/10061\">10061</a>"));
	cr_expect_not_null(strstr(p, "<h2>Related codes</h2>"));
	free(p);
	/* numbers that are no code stay text: 65,507 bytes */
	p = page_code(wsaerr_table_default(), code(10040), &len);
	cr_expect_not_null(strstr(p, "65,507 bytes"));
	free(p);
}

Test(page, message_with_suggestions)
{
	json_t *s = json_pack("[{s:i, s:s}]", "code", 10061, "name",
	                      "WSAECONNREFUSED");
	size_t len = 0;
	char *p = page_message("111",
	                       "No code matches \xe2\x80\x9c"
	                       "111\xe2\x80\x9d",
	                       "111 is not a Winsock code", s, &len);

	expect_shell(p, len);
	cr_expect_not_null(strstr(p, "<p>111 is not a Winsock code.</p>"));
	cr_expect_not_null(strstr(p, "<h2>Did you mean</h2>"));
	cr_expect_not_null(strstr(p, "href=\"/codes/10061\""));
	cr_expect_not_null(strstr(p, "value=\"111\""));
	free(p);
	json_decref(s);
	p = page_message(NULL, "Not Found", NULL, NULL, &len);
	expect_shell(p, len);
	cr_expect_null(strstr(p, "Did you mean"));
	free(p);
}

/* Under 40 KB uncompressed in all: the shell and its files. */
Test(page, the_budget)
{
	size_t total = 0, len = 0;
	char *p = page_code(wsaerr_table_default(), code(10054), &len);

	for (size_t i = 0; i < PAGE_N_ASSETS; i++) {
		struct asset a = page_asset(i);

		cr_expect_gt(a.len, 0, "%s", a.name);
		cr_expect_eq(strlen(a.body), a.len, "%s", a.name);
		total += a.len;
	}
	cr_expect_lt(total + len, 40000, "%zu bytes", total + len);
	free(p);
}

/* Every hint says, on request, what it rests on: a disclosure that needs
 * no script, with a link to each reference that has an address. */
Test(page, the_code_view_shows_what_posix_systems_print)
{
	size_t len = 0;
	char *p = page_code(wsaerr_table_default(), code(11001), &len);

	expect_shell(p, len);
	cr_expect_not_null(strstr(p, "<dt>macOS (as its programs print it)</dt>"
	                             "<dd>nodename nor servname provided, or "
	                             "not known</dd>"));
	free(p);
}

Test(page, every_hint_says_why_we_say_it)
{
	const struct wsaerr_table *t = wsaerr_table_default();

	for (size_t i = 0; i < t->n_codes; i++) {
		const struct wsaerr_code *c = &t->codes[i];
		unsigned hints = c->n_causes + c->n_checks, whys = 0;
		size_t len = 0;
		char *p = page_code(t, c, &len);
		const char *at = p;

		expect_shell(p, len);
		while ((at = strstr(at,
		                    "<summary>Why we say this</summary>"))) {
			whys++;
			at++;
		}
		cr_expect_eq(whys, hints, "%u: %u hints, %u disclosures",
		             c->value, hints, whys);
		free(p);
	}
}

Test(page, a_hint_links_its_sources_and_says_when_none_is_microsofts)
{
	size_t len = 0;
	char *p = page_code(wsaerr_table_default(), code(10035), &len);

	/* the connect hint rests on Microsoft's connect page */
	cr_expect_not_null(strstr(
	        p, "<a href=\"https://learn.microsoft.com/windows/win32/api/"
	           "winsock2/nf-winsock2-connect\" rel=\"noopener "
	           "noreferrer\">connect function (winsock2.h)</a> "
	           "<span class=\"kind\">(Microsoft documentation)</span>"));
	free(p);
	/* every hint of 10093 rests on a Microsoft page */
	p = page_code(wsaerr_table_default(), code(10093), &len);
	cr_expect_null(strstr(p, "review, not on Microsoft"));
	free(p);
	/* a hint on reported behaviour alone says so */
	p = page_code(wsaerr_table_default(), code(11001), &len);
	cr_expect_not_null(strstr(p, "(Observed behaviour, not documented)"));
	cr_expect_not_null(strstr(p, "review, not on Microsoft"));
	free(p);
}
