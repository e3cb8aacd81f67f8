/* The search form (fold.h): every rule of the normalization, on the texts
 * Windows prints in other languages. */
#include "fold.h"

#include <criterion/criterion.h>
#include <string.h>

static char out[4096];
static uint8_t flags[4096];

/* The search form of s, NUL-terminated, with its words joined by one
 * space (runs of spaces are one). */
static const char *fold(const char *s)
{
	static char words[4096];
	size_t n =
	        wsaerr_fold(s, strlen(s), out, sizeof(out), flags, NULL, NULL);
	size_t pos = 0, start, len, w = 0;

	while (wsaerr_next_folded_word(out, n, &pos, &start, &len)) {
		if (w)
			words[w++] = ' ';
		memcpy(words + w, out + start, len);
		w += len;
	}
	words[w] = '\0';
	return words;
}

Test(fold, case_of_every_script_is_one)
{
	cr_expect_str_eq(fold("ПОДКЛЮЧЕНИЕ Подключение"),
	                 "подключение подключение");
	cr_expect_str_eq(fold("ΣΎΝΔΕΣΗ"), fold("σύνδεση"));
	/* ASCII stays as it was: search compares it case-insensitively */
	cr_expect_str_eq(fold("WSAECONNREFUSED"), "WSAECONNREFUSED");
}

Test(fold, marks_are_stripped_and_remembered)
{
	cr_expect_str_eq(fold("conexão pôde máquina"), "conexao pode maquina");
	/* ł is a letter of its own, not l with a mark */
	cr_expect_str_eq(fold("Nie można nawiązać połączenia"),
	                 "Nie mozna nawiazac połaczenia");
	/* a decomposed mark is stripped as a composed one */
	cr_expect_str_eq(fold("conexa\xCC\x83o"), "conexao");
	/* and the letters it came off are flagged */
	wsaerr_fold("ã", 2, out, sizeof(out), flags, NULL, NULL);
	cr_expect(flags[0] & WSAERR_FOLD_MARKED);
	wsaerr_fold("a", 1, out, sizeof(out), flags, NULL, NULL);
	cr_expect(!(flags[0] & WSAERR_FOLD_MARKED));
}

Test(fold, full_width_and_half_width_are_one)
{
	cr_expect_str_eq(fold("ＷｉｎＥｒｒｏｒ　１００６１"),
	                 "winerror 10061");
	/* half-width katakana and its voiced mark are the full-width letter */
	cr_expect_str_eq(fold("ｶﾞ"), fold("ガ"));
	cr_expect_str_eq(fold("ｺﾝﾋﾟｭｰﾀｰ"), fold("コンピューター"));
	/* full-width punctuation is the search's own marks: ［ is [ */
	wsaerr_fold("［", 3, out, sizeof(out), NULL, NULL, NULL);
	cr_expect_eq(out[0], '[');
}

Test(fold, punctuation_and_space_separate_words)
{
	/* ’ and ' alike; line breaks and runs of spaces; no trailing period */
	cr_expect_str_eq(fold("n’a pu être établie car l’ordinateur"),
	                 fold("n'a pu être établie car l'ordinateur"));
	cr_expect_str_eq(fold("softwaregesteuert\r\n  durch den Hostcomputer."),
	                 "softwaregesteuert durch den Hostcomputer");
	cr_expect_str_eq(fold("«connexion» — refusée…"), "connexion refusee");
}

Test(fold, wide_letters_are_bigrams)
{
	cr_expect_str_eq(fold("目标计算机"), "目标 标计 计算 算机");
	/* punctuation of any width ends a run; a run of one is one word */
	cr_expect_str_eq(fold("由于，无法。连"), "由于 无法 连");
	/* Latin beside a run is its own word */
	cr_expect_str_eq(fold("Socket错误x"), "Socket 错误 x");
	cr_expect_str_eq(fold("接続できません"),
	                 "接続 続で でき きま ませ せん");
	cr_expect_str_eq(fold("연결된 구성원"), "연결 결된 구성 성원");
	wsaerr_fold("目标", 6, out, sizeof(out), flags, NULL, NULL);
	cr_expect(flags[1] & WSAERR_FOLD_WIDE);
}

Test(fold, lost_characters_are_wild)
{
	cr_expect_str_eq(fold("mo\xEF\xBF\xBDna"), "mo\x1Ana");
	cr_expect(wsaerr_fold_wild_match("mo\x1Ana", 5, "mozna", 5));
	cr_expect(wsaerr_fold_wild_match("po\x1A\x1A"
	                                 "czenia",
	                                 10, "polaczenia", 10));
	/* one lost character is one character, of any length */
	cr_expect(wsaerr_fold_wild_match("\x1A"
	                                 "b",
	                                 2,
	                                 "\xC5\x82"
	                                 "b",
	                                 3));
	cr_expect(!wsaerr_fold_wild_match("mo\x1Ana", 5, "mona", 4));
	cr_expect(!wsaerr_fold_wild_match("mo\x1Ana", 5, "mozzna", 6));
	/* and a control byte sent in a query is a space, never a wild card */
	cr_expect_str_eq(fold("a\x1A"
	                      "b"),
	                 "a b");
}

Test(fold, utf8_read_as_windows_1252_is_read_back)
{
	/* "Ã©" is é, "Ã£" ã; Cyrillic through bytes 0x80 to 0x9F too */
	cr_expect_str_eq(fold("NÃ£o conexÃ£o Ã©"), "Nao conexao e");
	cr_expect_str_eq(fold("Ð£Ð´Ð°Ð»ÐµÐ½Ð½Ñ‹Ð¹ Ñ…Ð¾ÑÑ‚"),
	                 fold("Удаленный хост"));
	cr_expect_str_eq(fold("ç”±äºŽ"), fold("由于"));
	/* real Latin-1 text that is no UTF-8 stays as it is */
	cr_expect_str_eq(fold("NÃO ÇÃ"), "NaO ca");
}

Test(fold, ignorables_and_invalid_bytes)
{
	/* a zero-width joiner and a soft hyphen are nothing */
	cr_expect_str_eq(fold("Verbin\xC2\xAD"
	                      "dung\xE2\x80\x8D"),
	                 "Verbindung");
	/* a byte that is not UTF-8 is a space */
	cr_expect_str_eq(fold("a\xFF"
	                      "b"),
	                 "a b");
}

Test(fold, the_output_is_bounded_and_says_so)
{
	char s[600];
	size_t used, n;
	uint16_t from[64];

	for (size_t i = 0; i + 3 <= 600; i += 3)
		memcpy(s + i, "目", 3);
	n = wsaerr_fold(s, 600, out, 64, NULL, from, &used);
	cr_expect_leq(n, 64);
	cr_expect_lt(used, 600);
	cr_expect_eq(used % 3, 0, "cut at a character: %zu", used);
	n = wsaerr_fold("abc", 3, out, 64, NULL, NULL, &used);
	cr_expect_eq(n, 3);
	cr_expect_eq(used, 3);
}
