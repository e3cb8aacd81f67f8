/*
 * The web page over HTTP: what a browser gets from /, /codes and
 * /codes/{key}, what everyone else keeps getting, the page's files, and
 * its headers. The browser itself is tests/e2e (make e2e).
 */
#include "harness.h"
#include "server.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What Chromium sends when it opens an address. */
#define BROWSER                                                                \
	"Accept: text/html,application/xhtml+xml,application/xml;q=0.9,"       \
	"image/avif,image/webp,image/apng,*/*;q=0.8"

static const char *const browser[] = {BROWSER, NULL};

static void setup(void)
{
	srv_start(NULL);
}

static void teardown(void)
{
	srv_stop();
}

/* "html", not "page": Criterion 2.4.1 runs suites in name order, and its
 * runner leaks 48 bytes (LeakSanitizer) when this suite's short tests
 * start beside the long last test of "limits"; before "http" they do not. */
TestSuite(html, .init = setup, .fini = teardown, .timeout = 60);

/* Asserts r is the web page with status `status` and its headers. */
static void expect_page(const struct resp *r, long status, const char *what)
{
	char *csp = header(r, "Content-Security-Policy");

	cr_expect_eq(r->status, status, "%s: status %ld", what, r->status);
	expect_header(r, "Content-Type", "text/html; charset=utf-8");
	expect_header(r, "Referrer-Policy", "no-referrer");
	expect_common_headers(r);
	cr_assert_not_null(csp, "%s: no CSP", what);
	cr_expect_not_null(strstr(csp, "default-src 'none'"), "%s", csp);
	cr_expect_not_null(strstr(csp, "script-src 'self'"), "%s", csp);
	cr_expect_null(strstr(csp, "unsafe"), "%s", csp);
	cr_expect_eq(strncmp(r->body, "<!doctype html>\n", 16), 0, "%s", what);
	cr_expect_not_null(strstr(r->body, "</html>"), "%s", what);
	free(csp);
}

static void expect_etag_present(const struct resp *r)
{
	char *etag = header(r, "ETag");

	cr_expect_not_null(etag);
	free(etag);
}

static void expect_no_header(const struct resp *r, const char *name)
{
	char *v = header(r, name);

	cr_expect_null(v, "%s: %s", name, v);
	free(v);
}

static struct resp *get_page(const char *target)
{
	return req("GET", target, browser);
}

Test(html, a_browser_gets_the_page_and_curl_keeps_json)
{
	static const char *const targets[] = {"/", "/codes", "/codes/10061",
	                                      "/?q=connection+refused",
	                                      "/codes?q=connection+refused"};
	static const char *const curl[] = {"Accept: */*", NULL};
	static const char *const fetch_[] = {
	        "Accept: application/json, text/plain, */*", NULL};

	for (size_t i = 0; i < sizeof(targets) / sizeof(*targets); i++) {
		struct resp *p = get_page(targets[i]);
		struct resp *j = req("GET", targets[i], curl);
		struct resp *f = req("GET", targets[i], fetch_);
		char *vary = header(p, "Vary");

		expect_page(p, 200, targets[i]);
		cr_expect_str_eq(vary, "Accept, Accept-Encoding");
		expect_header(j, "Content-Type",
		              "application/json; charset=utf-8");
		expect_header(f, "Content-Type",
		              "application/json; charset=utf-8");
		expect_no_header(j, "Content-Security-Policy");
		free(vary);
		resp_free(p);
		resp_free(j);
		resp_free(f);
	}
}

Test(html, format_wins_over_a_browsers_accept)
{
	struct resp *r = get_page("/codes/10061?format=json");

	expect_header(r, "Content-Type", "application/json; charset=utf-8");
	resp_free(r);
	r = get_page("/codes/10061?format=text");
	expect_header(r, "Content-Type", "text/plain; charset=utf-8");
	resp_free(r);
}

Test(html, the_code_view_has_every_field_and_the_hints)
{
	struct resp *r = get_page("/codes/0x274D");
	static const char *const want[] = {
	        "<title>WSAECONNREFUSED (10061): Connection refused. "
	        "\xe2\x80\x93 wsaerr</title>",
	        "<h1 id=\"code-title\">WSAECONNREFUSED",
	        "<dd>0x274D</dd>",
	        "<dd>0x8007274D</dd>",
	        "<dd>ECONNREFUSED (errno; Linux 111, BSD 61)</dd>",
	        "<dd>SocketError.ConnectionRefused</dd>",
	        "No connection could be made because the target machine "
	        "actively refused it.",
	        "<h2>Likely causes</h2>",
	        "<h2>What to check</h2>",
	        "<code>Get-NetTCPConnection -State Listen -LocalPort "
	        "PORT</code>",
	        /* what each hint rests on, on request */
	        "<details class=\"why\"><summary>Why we say this</summary>",
	        "Advice in English",
	        /* a code the hints name is a link */
	        "Compare with <a href=\"/codes/10060\">10060</a>",
	        "data-copy=\"WSAECONNREFUSED\"",
	        "data-copy=\"10061\"",
	        "data-copy=\"0x274D\"",
	        "data-copy=\"0x8007274D\"",
	        "not Microsoft's text",
	};

	expect_page(r, 200, "code");
	expect_header(r, "Cache-Control", "public, max-age=86400");
	for (size_t i = 0; i < sizeof(want) / sizeof(*want); i++)
		cr_expect_not_null(strstr(r->body, want[i]), "%s", want[i]);
	resp_free(r);
	/* related codes are links */
	r = get_page("/codes/10102");
	cr_expect_not_null(strstr(r->body, "<a href=\"/codes/10110\">"));
	resp_free(r);
	/* a code without hints has no hints section */
	r = get_page("/codes/10004");
	expect_page(r, 200, "10004");
	cr_expect_null(strstr(r->body, "Likely causes"));
	resp_free(r);
}

Test(html, search_results_without_javascript)
{
	struct resp *r = get_page(
	        "/?q=An+existing+connection+was+forcibly+closed+by+the+"
	        "remote+host");
	const char *first;

	expect_page(r, 200, "results");
	/* the box keeps the query, the first result is the code */
	cr_expect_not_null(strstr(r->body,
	                          "value=\"An existing connection was forcibly "
	                          "closed by the remote host\""));
	first = strstr(r->body, "<ol class=\"results\"");
	cr_assert_not_null(first);
	cr_expect_eq(strncmp(strstr(first, "<li>"),
	                     "<li><a href=\"/codes/10054\"><span "
	                     "class=\"name\">WSAECONNRESET</span>",
	                     55),
	             0, "%.200s", first);
	resp_free(r);
	/* the list of every code */
	r = get_page("/codes");
	expect_page(r, 200, "list");
	cr_expect_not_null(strstr(r->body, "href=\"/codes/6\""));
	cr_expect_not_null(strstr(r->body, "href=\"/codes/11033\""));
	resp_free(r);
	/* several words that match nothing: a 200 that says so */
	r = get_page("/?q=zzqqxx+vvbbnn");
	expect_page(r, 200, "no match");
	cr_expect_not_null(strstr(r->body, "No code matches."));
	resp_free(r);
}

Test(html, one_word_that_matches_nothing_says_why)
{
	struct resp *r = get_page("/?q=111");

	expect_page(r, 404, "errno");
	cr_expect_not_null(strstr(r->body, "Linux errno 111 is ECONNREFUSED"));
	cr_expect_not_null(strstr(r->body, "<h2>Did you mean</h2>"));
	cr_expect_not_null(strstr(r->body, "href=\"/codes/10061\""));
	expect_header(r, "Cache-Control", "no-store");
	resp_free(r);
	r = get_page("/codes?q=126");
	expect_page(r, 404, "one unknown number, searched");
	resp_free(r);
	r = get_page("/codes/WSAECONNREFUSEX");
	expect_page(r, 404, "unknown name");
	cr_expect_not_null(strstr(r->body, "No code matches \xe2\x80\x9c"
	                                   "WSAECONNREFUSEX\xe2\x80\x9d"));
	cr_expect_not_null(strstr(r->body, "href=\"/codes/10061\""));
	resp_free(r);
	r = get_page("/codes/10061abc");
	expect_page(r, 400, "malformed");
	resp_free(r);
	r = get_page("/nowhere");
	expect_page(r, 404, "no route");
	resp_free(r);
}

/* Whatever the request holds is text on the page, never markup. */
Test(html, the_request_is_escaped)
{
	static const char *const targets[] = {
	        "/codes/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
	        "/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
	        "/?q=%22%3E%3Cimg+src%3Dx%3E",
	        "/codes?q=%27%22%3E%3Csvg%3E",
	};

	for (size_t i = 0; i < sizeof(targets) / sizeof(*targets); i++) {
		struct resp *r = get_page(targets[i]);

		cr_expect(r->status == 200 || r->status == 400 ||
		                  r->status == 404,
		          "%s: %ld", targets[i], r->status);
		cr_expect_null(strstr(r->body, "<script>"), "%s", targets[i]);
		cr_expect_null(strstr(r->body, "<img"), "%s", targets[i]);
		cr_expect_null(strstr(r->body, "<svg"), "%s", targets[i]);
		cr_expect_null(strstr(r->body, "\"><img"), "%s", targets[i]);
		cr_expect_null(strstr(r->body, "'\""), "%s", targets[i]);
		resp_free(r);
	}
	/* and shown as the text it was */
	{
		struct resp *r = get_page("/?q=%22%3E%3Cimg+src%3Dx%3E");

		cr_expect_not_null(
		        strstr(r->body,
		               "value=\"&quot;&gt;&lt;img src=x&gt;\""),
		        "%s", r->body);
		resp_free(r);
	}
}

Test(html, etag_and_304_as_for_the_api)
{
	struct resp *a = get_page("/codes/10061"), *b;
	char *etag = header(a, "ETag"), line[64];
	const char *const h[] = {BROWSER, line, NULL};
	struct resp *j = req("GET", "/codes/10061", NULL);
	char *json_etag = header(j, "ETag");

	cr_assert_not_null(etag);
	cr_expect_str_neq(etag, json_etag,
	                  "the page is another representation");
	snprintf(line, sizeof(line), "If-None-Match: %s", etag);
	b = req("GET", "/codes/10061", h);
	cr_expect_eq(b->status, 304);
	resp_free(b);
	b = get_page("/codes/10061");
	free(json_etag);
	json_etag = header(b, "ETag");
	cr_expect_str_eq(json_etag, etag, "the same page, the same tag");
	resp_free(b);
	free(etag);
	free(json_etag);
	resp_free(a);
	resp_free(j);
}

Test(html, the_pages_files)
{
	static const struct {
		const char *target, *type;
	} files[] = {
	        {"/assets/app.js", "text/javascript; charset=utf-8"},
	        {"/assets/app.css", "text/css; charset=utf-8"},
	        {"/assets/icon.svg", "image/svg+xml"},
	};
	size_t total = 0;
	struct resp *r;

	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++) {
		r = req("GET", files[i].target, browser);
		cr_expect_eq(r->status, 200, "%s", files[i].target);
		expect_header(r, "Content-Type", files[i].type);
		expect_header(r, "Cache-Control", "public, max-age=3600");
		expect_common_headers(r);
		expect_etag_present(r);
		total += r->len;
		resp_free(r);
	}
	r = get_page("/codes/10061");
	total += r->len;
	resp_free(r);
	/* the budget: the page and its files under 40 KB uncompressed */
	cr_expect_lt(total, 40000, "%zu bytes", total);
	r = req("GET", "/assets/nothing.js", NULL);
	cr_expect_eq(r->status, 404);
	resp_free(r);
	r = req("HEAD", "/assets/app.js", NULL);
	cr_expect_eq(r->status, 200);
	resp_free(r);
}

/* Every page refers only to its own files: nothing from other hosts. */
Test(html, nothing_from_other_hosts)
{
	static const char *const targets[] = {"/", "/codes/10061",
	                                      "/?q=timed+out", "/?q=111"};

	for (size_t i = 0; i < sizeof(targets) / sizeof(*targets); i++) {
		struct resp *r = get_page(targets[i]);

		cr_expect_null(strstr(r->body, "http://"), "%s", targets[i]);
		/* another host only as a link a person follows (a hint's
		 * source), which tells that host nothing of this page */
		for (const char *at = r->body; (at = strstr(at, "https://"));
		     at++) {
			static const char anchor[] = "<a href=\"";
			static const char rel[] =
			        "\" rel=\"noopener noreferrer\">";

			cr_expect(at - r->body >= (long)sizeof(anchor) - 1 &&
			                  memcmp(at - (sizeof(anchor) - 1),
			                         anchor,
			                         sizeof(anchor) - 1) == 0,
			          "%s: https:// outside a link", targets[i]);
			cr_expect(strncmp(strchr(at, '"'), rel,
			                  sizeof(rel) - 1) == 0,
			          "%s: a link to another host without rel",
			          targets[i]);
		}
		cr_expect_null(strstr(r->body, "src=\"//"), "%s", targets[i]);
		cr_expect_null(strstr(r->body, "<script>"), "no inline script");
		cr_expect_null(strstr(r->body, "<style"), "no inline style");
		cr_expect_null(strstr(r->body, "style=\""),
		               "no style attribute");
		resp_free(r);
	}
}

/* A long key (padding, leading zeros) is cut in the heading where a
 * character begins, and the closing quote is whole (the security review's
 * finding 7). */
Test(html, a_long_key_keeps_its_heading_whole)
{
	char target[512];
	size_t n = (size_t)snprintf(target, sizeof(target), "/codes/");

	for (int i = 0; i < 60; i++)
		n += (size_t)snprintf(target + n, sizeof(target) - n, "%%20");
	snprintf(target + n, sizeof(target) - n, "%s",
	         "0000000000000000000000000000000000000000000111");
	struct resp *r = get_page(target);
	const char *h1 = strstr(r->body, "<h1");
	const char *end = h1 ? strstr(h1, "</h1>") : NULL;

	cr_assert_not_null(end, "%s", r->body);
	cr_expect(end - h1 > 3 && memcmp(end - 3, "\xe2\x80\x9d", 3) == 0,
	          "%.*s", (int)(end - h1 + 5), h1);
	resp_free(r);
}
