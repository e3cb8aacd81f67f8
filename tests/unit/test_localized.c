/* Search on what non-English Windows prints (data/localized.tsv): every
 * normalization of issue 21 on a line of the language it is about, the
 * frames programs put around the text, damaged text, and the lines in
 * those languages that name no error. */
#include "search.h"

#include <criterion/criterion.h>
#include <string.h>

static struct wsaerr_search_result r;

static enum wsaerr_search_status run(const char *q)
{
	struct wsaerr_search_opts o = {0, 10, -1, false};

	return wsaerr_search(wsaerr_table_default(), q, strlen(q), &o, &r);
}

/* The first hit of q: code `value`, found through a text of `lang` (NULL:
 * through none). */
static void first_is(const char *q, unsigned value, const char *lang)
{
	cr_assert_eq(run(q), WSAERR_SEARCH_OK, "%s", q);
	cr_assert_gt(r.count, 0, "nothing for %s", q);
	cr_expect_eq(r.hits[0].code->value, value, "%s: %u", q,
	             r.hits[0].code->value);
	if (lang) {
		cr_assert_not_null(r.hits[0].loc, "%s", q);
		cr_expect_str_eq(r.hits[0].loc->lang, lang, "%s", q);
		cr_expect(r.hits[0].fields & WSAERR_FIELD_LOCALIZED);
	}
}

static double first_score(const char *q)
{
	cr_assert_eq(run(q), WSAERR_SEARCH_OK);
	cr_assert_gt(r.count, 0, "nothing for %s", q);
	return r.hits[0].score;
}

Test(localized, the_issue_s_lines_find_their_code)
{
	first_is("Es konnte keine Verbindung hergestellt werden, da der "
	         "Zielcomputer die Verbindung verweigerte",
	         10061, "de");
	first_is("由于目标计算机积极拒绝，无法连接。", 10061, "zh-CN");
	first_is("Подключение не установлено, т.к. конечный компьютер отверг "
	         "запрос на подключение.",
	         10061, "ru");
	first_is("connectex: Nenhuma conexão pôde ser feita porque a máquina "
	         "de destino as recusou ativamente",
	         10061, "pt-BR");
}

Test(localized, no_paste_of_real_text_is_refused)
{
	/* Chinese, Japanese, Korean, Russian, Greek, Arabic: words all */
	const char *const lines[] = {"连接成功", "接続中", "연결",
	                             "Ошибка",   "σφάλμα", "خطأ"};

	for (size_t i = 0; i < sizeof(lines) / sizeof(*lines); i++)
		cr_expect_eq(run(lines[i]), WSAERR_SEARCH_OK, "%s", lines[i]);
	/* punctuation alone is still no word */
	cr_expect_eq(run("。、「」"), WSAERR_SEARCH_EMPTY);
}

Test(localized, case_width_and_quotes_do_not_matter)
{
	first_is("ПОДКЛЮЧЕНИЕ НЕ УСТАНОВЛЕНО, Т.К. КОНЕЧНЫЙ КОМПЬЮТЕР ОТВЕРГ "
	         "ЗАПРОС НА ПОДКЛЮЧЕНИЕ",
	         10061, "ru");
	first_is("由于目标计算机积极拒绝，无法连接（ｌｏｃａｌｈｏｓｔ：８０）",
	         10061, "zh-CN");
	first_is(
	        "ｿｹｯﾄ: 対象のｺﾝﾋﾟｭｰﾀｰによって拒否されたため、接続できませんでした",
	        10061, "ja");
	first_is("Aucune connexion n'a pu être établie car l'ordinateur cible "
	         "l'a expressément refusée",
	         10061, "fr");
}

Test(localized, accents_may_be_missing_and_rank_below)
{
	double with = first_score("Nenhuma conexão pôde ser feita porque a "
	                          "máquina de destino as recusou ativamente");
	double without =
	        first_score("Nenhuma conexao pode ser feita porque a "
	                    "maquina de destino as recusou ativamente");

	cr_expect_eq(r.hits[0].code->value, 10061);
	cr_expect_gt(with, without);
	cr_expect_gt(first_score("Nenhuma conexão pôde ser feita"),
	             first_score("Nenhuma conexao pode ser feita"));
	cr_expect_eq(r.hits[0].code->value, 10061);
	/* a word alone is no phrase: a localized text needs one */
	cr_expect_eq(run("conexão"), WSAERR_SEARCH_OK);
	cr_expect_eq(r.count, 0);
}

Test(localized, line_breaks_periods_and_a_lowercase_start)
{
	/* German 10053 has a line break in the raw text */
	first_is("Eine bestehende Verbindung wurde softwaregesteuert\r\n"
	         "durch den Hostcomputer abgebrochen.",
	         10053, "de");
	/* Python drops the period; some frameworks lower the first letter */
	first_is("es konnte keine Verbindung hergestellt werden, da der "
	         "Zielcomputer die Verbindung verweigerte",
	         10061, "de");
	first_is("удаленный хост принудительно разорвал существующее "
	         "подключение",
	         10054, "ru");
}

Test(localized, frames_programs_add_are_no_matter)
{
	/* .NET wraps Japanese with 。。 and adds (host:port) */
	first_is(
	        "System.Net.Http.HttpRequestException: "
	        "対象のコンピューターによって拒否されたため、接続できませんでした。。 "
	        "(localhost:5000)",
	        10061, "ja");
	first_is("dial tcp 127.0.0.1:8080: connectex: Es konnte keine "
	         "Verbindung hergestellt werden, da der Zielcomputer die "
	         "Verbindung verweigerte.",
	         10061, "de");
	first_is("Invoke-WebRequest: Kan geen verbinding maken omdat de "
	         "doelcomputer de verbinding actief heeft geweigerd.",
	         10061, "nl");
	first_is("SQLSTATE[HY000] [2002] Nie można nawiązać połączenia, "
	         "ponieważ komputer docelowy aktywnie go odmawia.",
	         10061, "pl");
	first_is("java.io.IOException: 远程主机强迫关闭了一个现有的连接。",
	         10054, "zh-CN");
}

Test(localized, damaged_text_finds_its_code)
{
	/* U+FFFD where a byte was lost */
	first_is("Nie mo\xEF\xBF\xBDna nawi\xEF\xBF\xBDza\xEF\xBF\xBD "
	         "po\xEF\xBF\xBD\xEF\xBF\xBD"
	         "czenia",
	         10061, "pl");
	/* UTF-8 read as Windows-1252 */
	first_is("Nenhuma conexÃ£o pÃ´de ser feita porque a mÃ¡quina de "
	         "destino as recusou ativamente",
	         10061, "pt-BR");
	first_is(
	        "Ð£Ð´Ð°Ð»ÐµÐ½Ð½Ñ‹Ð¹ Ñ…Ð¾Ñ\xC2\x81Ñ‚ Ð¿Ñ€Ð¸Ð½ÑƒÐ´Ð¸Ñ‚ÐµÐ»ÑŒÐ½Ð¾ "
	        "Ñ€Ð°Ð·Ð¾Ñ€Ð²Ð°Ð» Ñ\xC2\x81ÑƒÑ‰ÐµÑ\xC2\x81Ñ‚Ð²ÑƒÑŽÑ‰ÐµÐµ "
	        "Ð¿Ð¾Ð´ÐºÐ»ÑŽÑ‡ÐµÐ½Ð¸Ðµ",
	        10054, "ru");
	/* a word of little that survives finds nothing by itself */
	cr_expect_eq(run("\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
	                 "a"),
	             WSAERR_SEARCH_OK);
	cr_expect_eq(r.count, 0);
}

Test(localized, lines_that_name_no_error_find_nothing)
{
	const char *const lines[] = {
	        "Verbindung erfolgreich hergestellt",
	        "连接成功",
	        "Соединение установлено",
	        "Connexion établie avec le serveur",
	        "接続しました",
	        "Conexión establecida",
	        "Verbunden mit deb.debian.org (151.101.2.132)",
	        "正在连接 deb.debian.org (151.101.2.132)",
	        /* four letters of grammar in a long text: しま まし した */
	        "接続しました",
	        "无法连接",
	};

	for (size_t i = 0; i < sizeof(lines) / sizeof(*lines); i++) {
		cr_expect_eq(run(lines[i]), WSAERR_SEARCH_OK);
		cr_expect_eq(r.count, 0, "%s: %u", lines[i],
		             r.count ? r.hits[0].code->value : 0);
	}
}

Test(localized, a_neighbour_s_text_finds_its_code_through_it)
{
	/* Python's "[WinError 64] 指定的网络名不再可用。": 64 is
	 * ERROR_NETNAME_DELETED, whose Winsock equivalent is 10054 */
	first_is("aiohttp.client_exceptions.ClientOSError: "
	         "指定的网络名不再可用。",
	         10054, "zh-CN");
	cr_assert_not_null(r.hits[0].via);
	cr_expect_str_eq(r.hits[0].via->name, "ERROR_NETNAME_DELETED");
	cr_expect_neq(r.hits[0].loc->neighbour, 0);
	/* and it is no text of 10054's own */
	for (unsigned i = 0; i < r.hits[0].code->n_localized; i++)
		cr_expect_eq(r.hits[0].code->localized[i].neighbour, 0);
}

Test(localized, english_hits_carry_no_language)
{
	first_is("No connection could be made because the target machine "
	         "actively refused it.",
	         10061, NULL);
	cr_expect_null(r.hits[0].loc);
}
