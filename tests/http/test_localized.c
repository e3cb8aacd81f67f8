/*
 * The lines non-English Windows prints, over HTTP: a paste in any script is
 * searched, never refused; a hit found through a localized text says its
 * language, in JSON and in text; a code's JSON has its localized texts
 * with their sources. Every exchange is recorded for the contract run.
 */
#include "harness.h"
#include "server.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

/* In the "http" suite (test_http.c starts its server): as a suite of its
 * own, a tenth in this binary, Criterion 2.4.1's runner leaked 48 bytes of
 * its own at exit, which LeakSanitizer reported (each suite alone, and the
 * nine without it, did not). */

/* A pasted line, percent-encoded as a browser sends it: its first hit,
 * and that hit's language. */
static void expect_first(const char *target, long code, const char *lang)
{
	struct resp *r = req("GET", target, NULL);
	json_t *j;

	cr_assert_eq(r->status, 200, "%s: %ld %s", target, r->status, r->body);
	j = body_json(r);
	cr_expect_eq(json_integer_value(json_at(j, "items/0/code")), code, "%s",
	             target);
	cr_expect_str_eq(json_string_value(json_at(j, "items/0/lang")), lang);
	{
		char want[64];

		snprintf(want, sizeof(want), "system_message@%s", lang);
		cr_expect_str_eq(
		        json_string_value(json_at(j, "items/0/matched/0")),
		        want);
	}
	cr_expect_not_null(json_at(j, "items/0/localized"));
	json_decref(j);
	resp_free(r);
}

Test(http, localized_a_paste_in_any_language_finds_its_code)
{
	/* 由于目标计算机积极拒绝，无法连接。 */
	expect_first("/codes?q=%E7%94%B1%E4%BA%8E%E7%9B%AE%E6%A0%87%E8%AE%A1"
	             "%E7%AE%97%E6%9C%BA%E7%A7%AF%E6%9E%81%E6%8B%92%E7%BB%9D"
	             "%EF%BC%8C%E6%97%A0%E6%B3%95%E8%BF%9E%E6%8E%A5%E3%80%82",
	             10061, "zh-CN");
	/* Подключение не установлено, т.к. конечный компьютер отверг
	 * запрос на подключение. */
	expect_first("/codes?q=%D0%9F%D0%BE%D0%B4%D0%BA%D0%BB%D1%8E%D1%87%D0%B5"
	             "%D0%BD%D0%B8%D0%B5+%D0%BD%D0%B5+%D1%83%D1%81%D1%82%D0%B0"
	             "%D0%BD%D0%BE%D0%B2%D0%BB%D0%B5%D0%BD%D0%BE%2C+%D1%82.%D0"
	             "%BA.+%D0%BA%D0%BE%D0%BD%D0%B5%D1%87%D0%BD%D1%8B%D0%B9+"
	             "%D0%BA%D0%BE%D0%BC%D0%BF%D1%8C%D1%8E%D1%82%D0%B5%D1%80+"
	             "%D0%BE%D1%82%D0%B2%D0%B5%D1%80%D0%B3+%D0%B7%D0%B0%D0%BF"
	             "%D1%80%D0%BE%D1%81+%D0%BD%D0%B0+%D0%BF%D0%BE%D0%B4%D0%BA"
	             "%D0%BB%D1%8E%D1%87%D0%B5%D0%BD%D0%B8%D0%B5.",
	             10061, "ru");
	expect_first(
	        "/codes?q=Es+konnte+keine+Verbindung+hergestellt+werden%2C+"
	        "da+der+Zielcomputer+die+Verbindung+verweigerte",
	        10061, "de");
}

Test(http, localized_a_line_that_names_no_error_finds_nothing_not_a_400)
{
	/* 连接成功: "connected" */
	struct resp *r = req(
	        "GET", "/codes?q=%E8%BF%9E%E6%8E%A5%E6%88%90%E5%8A%9F", NULL);
	json_t *j;

	cr_assert_eq(r->status, 200, "%ld %s", r->status, r->body);
	j = body_json(r);
	cr_expect_eq(json_integer_value(json_at(j, "total")), 0);
	json_decref(j);
	resp_free(r);
}

Test(http, localized_the_text_answer_shows_the_language_s_text)
{
	static const char *const text[] = {"Accept: text/plain", NULL};
	struct resp *r = req("GET",
	                     "/codes?q=Eine+vorhandene+Verbindung+wurde+vom+"
	                     "Remotehost+geschlossen",
	                     text);

	cr_assert_eq(r->status, 200);
	cr_expect(strstr(r->body, "WSAECONNRESET (10054") != NULL, "%s",
	          r->body);
	cr_expect(strstr(r->body, "  Windows (de): Eine vorhandene Verbindung "
	                          "wurde vom Remotehost geschlossen\n") != NULL,
	          "%s", r->body);
	resp_free(r);
}

Test(http, localized_a_code_s_json_has_its_texts_by_language)
{
	struct resp *r = req("GET", "/codes/10061", NULL);
	json_t *j, *de;

	cr_assert_eq(r->status, 200);
	j = body_json(r);
	de = json_at(j, "localized/de/0");
	cr_assert_not_null(de);
	cr_expect_str_eq(json_string_value(json_at(de, "text")),
	                 "Es konnte keine Verbindung hergestellt werden, da "
	                 "der Zielcomputer die Verbindung verweigerte.");
	cr_expect_gt(strlen(json_string_value(json_at(de, "source"))), 5);
	/* 目标计算机 on newer Windows, 目标机器 on older: both */
	cr_expect_eq(json_array_size(json_at(j, "localized/zh-CN")), 2);
	json_decref(j);
	resp_free(r);
	/* a code with none has an empty object */
	r = req("GET", "/codes/10101", NULL);
	cr_assert_eq(r->status, 200);
	j = body_json(r);
	cr_expect(json_is_object(json_at(j, "localized")));
	cr_expect_eq(json_object_size(json_at(j, "localized")), 0);
	json_decref(j);
	resp_free(r);
}

Test(http, localized_a_neighbour_has_its_texts_too)
{
	struct resp *r = req("GET", "/codes/ERROR_NETNAME_DELETED", NULL);
	json_t *j;

	cr_assert_eq(r->status, 200);
	j = body_json(r);
	cr_expect_eq(json_integer_value(json_at(j, "code")), 10054);
	cr_expect_str_eq(
	        json_string_value(json_at(j, "via/localized/zh-CN/0/text")),
	        "指定的网络名不再可用。");
	/* the code's own texts are not the neighbour's */
	cr_expect_null(json_at(j, "localized/zh-CN/1"));
	json_decref(j);
	resp_free(r);
}
