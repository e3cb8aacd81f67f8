/* render/: a code as JSON and as text, the one way both binaries show it. */
#include "render.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct wsaerr_code *code(unsigned value)
{
	const struct wsaerr_code *c =
	        wsaerr_table_by_value(wsaerr_table_default(), value);

	cr_assert_not_null(c, "%u", value);
	return c;
}

/* What a render function writes, malloc'd. */
static char *rendered(void (*render)(FILE *, const struct wsaerr_code *),
                      const struct wsaerr_code *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	cr_assert_not_null(f);
	render(f, c);
	cr_assert_eq(fclose(f), 0);
	return buf;
}

Test(render, json_has_every_field_of_the_contract)
{
	json_t *j = wsaerr_code_json(code(10061));
	json_t *posix;

	cr_assert_not_null(j);
	cr_expect_eq(json_integer_value(json_object_get(j, "code")), 10061);
	cr_expect_str_eq(json_string_value(json_object_get(j, "name")),
	                 "WSAECONNREFUSED");
	cr_expect_str_eq(json_string_value(json_object_get(j, "hex")),
	                 "0x274D");
	cr_expect_str_eq(json_string_value(json_object_get(j, "hresult")),
	                 "0x8007274D");
	cr_expect_str_eq(json_string_value(json_object_get(j, "category")),
	                 "socket");
	cr_expect(json_is_string(json_object_get(j, "message")));
	cr_expect(json_is_string(json_object_get(j, "description")));
	cr_expect(json_is_array(json_object_get(j, "aliases")));
	cr_expect(json_is_array(json_object_get(j, "related")));
	cr_expect(json_is_boolean(json_object_get(j, "informational")));
	cr_expect_str_eq(json_string_value(json_object_get(
	                         json_object_get(j, "links"), "self")),
	                 "/codes/10061");
	posix = json_object_get(j, "posix");
	cr_expect_str_eq(json_string_value(json_object_get(posix, "name")),
	                 "ECONNREFUSED");
	cr_expect_eq(json_integer_value(json_object_get(posix, "linux")), 111);
	cr_expect_eq(json_array_size(json_object_get(posix, "texts")), 0,
	             "Linux prints the message itself");
	json_decref(j);

	/* what Linux, FreeBSD and macOS print where it differs */
	j = wsaerr_code_json(code(11001));
	posix = json_object_get(json_object_get(j, "posix"), "texts");
	cr_assert_eq(json_array_size(posix), 3);
	cr_expect_str_eq(json_string_value(json_object_get(
	                         json_array_get(posix, 0), "text")),
	                 "Name or service not known");
	cr_expect_str_eq(json_string_value(json_object_get(
	                         json_array_get(posix, 2), "source")),
	                 "macos");
	json_decref(j);

	j = wsaerr_code_json(code(10004));
	cr_expect(json_is_object(j));
	json_decref(j);
}

Test(render, a_code_without_posix_has_null)
{
	const struct wsaerr_table *t = wsaerr_table_default();

	for (size_t i = 0; i < t->n_codes; i++) {
		json_t *j = wsaerr_code_json(&t->codes[i]);

		cr_assert_not_null(j);
		cr_expect(t->codes[i].posix.name
		                  ? json_is_object(json_object_get(j, "posix"))
		                  : json_is_null(json_object_get(j, "posix")),
		          "%u", t->codes[i].value);
		json_decref(j);
	}
}

Test(render, text_line_and_full)
{
	char *line = rendered(wsaerr_code_text_line, code(10061));
	char *full = rendered(wsaerr_code_text_full, code(10061));

	cr_expect_str_eq(
	        line, "WSAECONNREFUSED (10061, 0x274D): Connection refused.\n");
	cr_expect_eq(strncmp(full, line, strlen(line)), 0,
	             "the full text starts with the line");
	cr_expect_not_null(
	        strstr(full,
	               "\nPOSIX: ECONNREFUSED (errno; Linux 111, BSD 61)\n"),
	        "%s", full);
	/* the hints come last, each list under its title */
	cr_expect_not_null(strstr(full, "\nCauses:\n  - The host answered"),
	                   "%s", full);
	cr_expect_not_null(strstr(full, "\nCheck:\n  - On the server: "), "%s",
	                   full);
	free(line);
	free(full);
	full = rendered(wsaerr_code_text_full, code(10004));
	cr_expect_null(strstr(full, "Check:"), "no hints, no title: %s", full);
	free(full);
	full = rendered(wsaerr_code_text_full, code(10057));
	cr_expect_not_null(
	        strstr(full, "\n  Linux (glibc 2.36 strerror, gai_strerror) "
	                     "prints: Transport endpoint is not connected\n"),
	        "%s", full);
	free(full);
}

Test(render, hints_are_an_object_or_null)
{
	json_t *j = wsaerr_code_json(code(10048));
	json_t *h = json_object_get(j, "hints");

	json_t *why, *refs, *r;

	cr_assert(json_is_object(h));
	cr_expect_eq(json_object_size(h), 4);
	cr_expect_eq(json_array_size(json_object_get(h, "causes")),
	             code(10048)->n_causes);
	cr_expect_str_eq(json_string_value(json_array_get(
	                         json_object_get(h, "checks"), 0)),
	                 code(10048)->checks[0].text);
	/* each hint's references, by id, each described once */
	why = json_object_get(h, "why");
	refs = json_object_get(h, "references");
	cr_assert(json_is_object(refs));
	for (int l = 0; l < 2; l++) {
		const char *list = l ? "checks" : "causes";
		const struct wsaerr_hint *hints =
		        l ? code(10048)->checks : code(10048)->causes;
		json_t *a = json_object_get(why, list);

		cr_assert_eq(json_array_size(a),
		             json_array_size(json_object_get(h, list)));
		for (size_t i = 0; i < json_array_size(a); i++) {
			json_t *ids = json_array_get(a, i);

			cr_expect_eq(json_array_size(ids), hints[i].n_why);
			for (size_t k = 0; k < json_array_size(ids); k++) {
				const char *id = json_string_value(
				        json_array_get(ids, k));

				cr_expect_str_eq(id, hints[i].why[k]->id);
				r = json_object_get(refs, id);
				cr_expect_str_eq(
				        json_string_value(
				                json_object_get(r, "title")),
				        hints[i].why[k]->title);
				cr_expect_str_eq(
				        json_string_value(
				                json_object_get(r, "kind")),
				        wsaerr_ref_kind_slug(
				                hints[i].why[k]->kind));
			}
		}
	}
	json_decref(j);
	j = wsaerr_code_json(code(10004));
	cr_expect(json_is_null(json_object_get(j, "hints")));
	json_decref(j);
}

Test(render, dumps_new_steals_its_argument)
{
	size_t len = 0;
	char *s = wsaerr_dumps_new(json_pack("{s:i}", "a", 1), &len);

	cr_expect_str_eq(s, "{\"a\":1}");
	cr_expect_eq(len, 7);
	free(s);
	s = wsaerr_dumps_new(json_string("x"), &len);
	cr_expect_str_eq(s, "\"x\"", "any value, not only objects");
	free(s);
	cr_expect_null(wsaerr_dumps_new(NULL, &len), "NULL in, NULL out");
}

/* One pass into a growing buffer writes what jansson's own json_dumps()
 * writes: every code, and values that grow the buffer many times. */
Test(render, dumps_new_equals_json_dumps)
{
	const struct wsaerr_table *t = wsaerr_table_default();
	json_t *big = json_array(), *values[4];

	for (int i = 0; i < 20000; i++)
		json_array_append_new(big, json_pack("{s:i, s:s}", "n", i, "s",
		                                     "caf\xc3\xa9 \"\\\n"));
	values[0] = big;
	values[1] = json_string("");
	values[2] = json_pack("{s:[], s:{}, s:n, s:b, s:f}", "a", "o", "z", "t",
	                      1, "r", 0.5);
	values[3] = json_stringn("\0x\x01\xe2\x82\xac", 6);
	for (size_t i = 0; i < t->n_codes + 4; i++) {
		json_t *j = i < t->n_codes ? wsaerr_code_json(&t->codes[i])
		                           : values[i - t->n_codes];
		char *want = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
		size_t len = 0;
		char *got = wsaerr_dumps_new(json_incref(j), &len);

		cr_assert_not_null(want);
		cr_assert_not_null(got, "value %zu", i);
		cr_expect_eq(len, strlen(want), "value %zu", i);
		cr_expect_eq(memcmp(got, want, len), 0, "value %zu", i);
		cr_expect_eq(got[len], '\0');
		free(want);
		free(got);
		json_decref(j);
	}
}

/* What wsaerr_json_string writes for s[0..len), malloc'd; NULL when it
 * refuses. */
static char *json_string_of(const char *s, size_t len)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);
	bool ok;

	cr_assert_not_null(f);
	ok = wsaerr_json_string(f, s, len);
	fclose(f);
	if (!ok) {
		cr_expect_eq(size, 0, "nothing written when refused");
		free(buf);
		return NULL;
	}
	return buf;
}

/* Byte for byte what jansson writes: every ASCII byte, escapes among
 * runs, UTF-8 of each length, NUL inside. */
Test(render, json_string_is_what_jansson_writes)
{
	static const char *const cases[] = {
	        "",
	        "connection reset by peer",
	        "a\"b\\c/d",
	        "\b\f\n\r\t\x01\x1f\x7f",
	        "caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x98\x80",
	        "\"quoted\" at both ends\"",
	};
	char all[128];
	size_t len;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *want = wsaerr_dumps_new(json_string(cases[i]), &len);
		char *got = json_string_of(cases[i], strlen(cases[i]));

		cr_assert_not_null(want);
		cr_assert_not_null(got, "%s", cases[i]);
		cr_expect_str_eq(got, want);
		free(want);
		free(got);
	}
	for (int b = 0; b < 128; b++)
		all[b] = (char)b;
	{
		char *want = wsaerr_dumps_new(json_stringn(all, 128), &len);
		char *got = json_string_of(all, 128);

		cr_assert_not_null(want);
		cr_assert_not_null(got);
		cr_expect_str_eq(got, want, "every ASCII byte, NUL first");
		free(want);
		free(got);
	}
	cr_expect_null(json_string_of("\xff", 1), "not UTF-8: refused");
	cr_expect_null(json_string_of("a\xc3", 2), "cut in a character");
}
