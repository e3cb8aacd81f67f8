/*
 * gentable: turns data/codes.txt and the neighbours' files into C, so the
 * binaries embed the table.
 *
 *   gentable data/codes.txt data/neighbours/win32.tsv \
 *            data/neighbours/ntstatus.tsv build/gen/table_data.c
 *
 * Parses with the library's own loader, so a malformed table fails the build
 * with "FILE:LINE: what is wrong". The output holds the codes, the name index
 * and the search vocabulary as constant arrays, and defines
 * wsaerr_table_default().
 */
#include "../lib/load.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_INPUT (4u << 20) /* the table is ~60 KiB; refuse absurd input */

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;

	if (!f)
		return NULL;
	buf = malloc(MAX_INPUT + 1);
	if (!buf) {
		fclose(f);
		return NULL;
	}
	n = fread(buf, 1, MAX_INPUT + 1, f);
	if (ferror(f) || n > MAX_INPUT) {
		fclose(f);
		free(buf);
		errno = EFBIG;
		return NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

/* Writes s as a C string literal; every byte outside printable ASCII, '"',
 * '\\' and '?' (trigraphs) is an octal escape. */
static void put_str(FILE *out, const char *s)
{
	if (!s) {
		fputs("NULL", out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\' || c == '?')
			fprintf(out, "\\%03o", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

/* ".field = {"a", "b", }, .n_field = 2," (an empty list is {0}: ISO C
 * has no empty braces) */
static void put_list(FILE *out, const char *field, const char *const *items,
                     unsigned n)
{
	fprintf(out, "\t\t.%s = {", field);
	for (unsigned k = 0; k < n; k++) {
		put_str(out, items[k]);
		fputs(", ", out);
	}
	fprintf(out, "%s},\n\t\t.n_%s = %u,\n", n ? "" : "0", field, n);
}

/* ".field = {{"text", {0, 3}, 2}, }, .n_field = 1," */
static void put_hints(FILE *out, const struct wsaerr_table *t,
                      const char *field, const struct wsaerr_hint *items,
                      unsigned n)
{
	fprintf(out, "\t\t.%s = {", field);
	for (unsigned k = 0; k < n; k++) {
		fputs("\n\t\t\t{", out);
		put_str(out, items[k].text);
		fputs(", {", out);
		for (unsigned i = 0; i < items[k].n_why; i++)
			fprintf(out, "%s&refs[%u]", i ? ", " : "",
			        (unsigned)(items[k].why[i] - t->refs));
		fprintf(out, "}, %u},", (unsigned)items[k].n_why);
	}
	fprintf(out, "%s},\n\t\t.n_%s = %u,\n", n ? "\n\t\t" : "{0}", field, n);
}

static void put_code(FILE *out, const struct wsaerr_table *t,
                     const struct wsaerr_code *c)
{
	fprintf(out, "\t{\n\t\t.value = %u,\n\t\t.name = ", c->value);
	put_str(out, c->name);
	fputs(",\n\t\t.message = ", out);
	put_str(out, c->message);
	fputs(",\n\t\t.system_message = ", out);
	put_str(out, c->system_message);
	fputs(",\n\t\t.description = ", out);
	put_str(out, c->description);
	fputs(",\n\t\t.dotnet = ", out);
	put_str(out, c->dotnet);
	fprintf(out, ",\n\t\t.hex = \"%s\",\n\t\t.hresult = \"%s\",\n", c->hex,
	        c->hresult);
	fprintf(out, "\t\t.category = %d,\n\t\t.source = %d,\n",
	        (int)c->category, (int)c->source);
	fputs("\t\t.posix = {", out);
	put_str(out, c->posix.name);
	fprintf(out, ", %d, %d, %d, {", (int)c->posix.space,
	        c->posix.linux_value, c->posix.bsd_value);
	for (unsigned k = 0; k < c->posix.n_texts; k++) {
		fputs("{", out);
		put_str(out, c->posix.texts[k].text);
		fprintf(out, ", %d}, ", (int)c->posix.texts[k].source);
	}
	fprintf(out, "%s}, %u},\n", c->posix.n_texts ? "" : "{0}",
	        (unsigned)c->posix.n_texts);
	put_list(out, "aliases", c->aliases, c->n_aliases);
	fputs("\t\t.related = {", out);
	for (unsigned k = 0; k < c->n_related; k++)
		fprintf(out, "%u, ", c->related[k]);
	fprintf(out,
	        "%s},\n\t\t.n_related = %u,\n\t\t.event = %s,\n"
	        "\t\t.generic = %u,\n",
	        c->n_related ? "" : "0", c->n_related,
	        c->event ? "true" : "false", (unsigned)c->generic);
	put_hints(out, t, "causes", c->causes, c->n_causes);
	put_hints(out, t, "checks", c->checks, c->n_checks);
	fprintf(out,
	        "\t\t.msg_at = %u, .msg_len = %u, .sys_at = %u, .sys_len = %u,\n"
	        "\t\t.ptx_at = {",
	        (unsigned)c->msg_at, (unsigned)c->msg_len, (unsigned)c->sys_at,
	        (unsigned)c->sys_len);
	for (unsigned k = 0; k < WSAERR_MAX_POSIX_TEXTS; k++)
		fprintf(out, "%s%u", k ? ", " : "", (unsigned)c->ptx_at[k]);
	fputs("}, .ptx_len = {", out);
	for (unsigned k = 0; k < WSAERR_MAX_POSIX_TEXTS; k++)
		fprintf(out, "%s%u", k ? ", " : "", (unsigned)c->ptx_len[k]);
	fputs("},\n", out);
	if (c->n_localized)
		fprintf(out,
		        "\t\t.localized = &localized[%u], .n_localized = %u,\n",
		        (unsigned)(c->localized - t->localized),
		        (unsigned)c->n_localized);
	fputs("\t},\n", out);
}

/* "};\n\nstatic const uint16_t name[] = {1, 2, ..." (the caller ends it);
 * {0} when empty. */
static void put_u16s(FILE *out, const char *name, const uint16_t *v, size_t n)
{
	fprintf(out, "%s};\n\nstatic const uint16_t %s[] = {",
	        strcmp(name, "nb_by_name") == 0 ? "" : "\n", name);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%s%u,", i % 16 ? " " : "\n\t", (unsigned)v[i]);
	if (n == 0)
		fputs("0", out);
}

static int emit(FILE *out, const char *src, const struct wsaerr_table *t)
{
	fprintf(out,
	        "/* generated by tools/gentable from %s: do not edit */\n"
	        "#include \"table.h\"\n\n#include <stddef.h>\n#include <stdint.h>\n\n",
	        src);
	fputs("static const struct wsaerr_ref refs[] = {\n", out);
	for (size_t i = 0; i < t->n_refs; i++) {
		fputs("\t{", out);
		put_str(out, t->refs[i].id);
		fputs(", ", out);
		put_str(out, t->refs[i].title);
		fputs(", ", out);
		put_str(out, t->refs[i].url);
		fprintf(out, ", %d},\n", (int)t->refs[i].kind);
	}
	if (t->n_refs == 0)
		fputs("\t{\"\", \"\", \"\", 0},\n", out);
	fputs("};\n\nstatic const struct wsaerr_localized localized[] = {\n",
	      out);
	for (size_t i = 0; i < t->n_localized; i++) {
		const struct wsaerr_localized *lc = &t->localized[i];

		fprintf(out, "\t{%u, ", (unsigned)lc->code);
		put_str(out, lc->lang);
		fputs(", ", out);
		put_str(out, lc->message);
		fputs(", ", out);
		put_str(out, lc->source);
		fprintf(out, ", %u, %u, %u},\n", (unsigned)lc->msg_at,
		        (unsigned)lc->msg_len, (unsigned)lc->neighbour);
	}
	if (t->n_localized == 0)
		fputs("\t{0},\n", out);
	fputs("};\n\nstatic const struct wsaerr_code codes[] = {\n", out);
	for (size_t i = 0; i < t->n_codes; i++)
		put_code(out, t, &t->codes[i]);
	fputs("};\n\nstatic const struct wsaerr_name names[] = {\n", out);
	for (size_t i = 0; i < t->n_names; i++) {
		fputs("\t{", out);
		put_str(out, t->names[i].key);
		fprintf(out, ", %u, %u},\n", (unsigned)t->names[i].code,
		        (unsigned)t->names[i].kind);
	}
	fputs("};\n\nstatic const struct wsaerr_word words[] = {\n", out);
	for (size_t i = 0; i < t->n_words; i++) {
		const struct wsaerr_word *w = &t->words[i];

		fputs("\t{", out);
		put_str(out, w->word);
		fprintf(out, ", %u, %u, %u, %.6ff, %s, %s, %s, 0x%llxu},\n",
		        (unsigned)w->len, (unsigned)w->first,
		        (unsigned)w->count, (double)w->idf,
		        w->weak ? "true" : "false",
		        w->marked ? "true" : "false",
		        w->wide ? "true" : "false",
		        (unsigned long long)w->mask);
	}
	fputs("};\n\nstatic const struct wsaerr_posting postings[] = {\n", out);
	for (size_t i = 0; i < t->n_postings; i++)
		fprintf(out, "\t{%u, %u},\n", (unsigned)t->postings[i].code,
		        (unsigned)t->postings[i].fields);
	fputs("};\n\nstatic const uint16_t sequence[] = {", out);
	for (size_t i = 0; i < t->n_sequence; i++)
		fprintf(out, "%s%u,", i % 16 ? " " : "\n\t",
		        (unsigned)t->sequence[i]);
	fputs("\n};\n\nstatic const struct wsaerr_neighbour neighbours[] = {\n",
	      out);
	for (size_t i = 0; i < t->n_neighbours; i++) {
		const struct wsaerr_neighbour *n = &t->neighbours[i];

		fprintf(out, "\t{0x%Xu, %u, %u, %s, %s, ", (unsigned)n->value,
		        (unsigned)n->space, (unsigned)n->confidence,
		        n->conflict ? "true" : "false",
		        n->generic ? "true" : "false");
		put_str(out, n->name);
		fputs(", ", out);
		put_str(out, n->message);
		fprintf(out, ", %u, %u, ", n->winsock, n->win32);
		put_str(out, n->basis);
		fputs(", ", out);
		put_str(out, n->note);
		fputs(", ", out);
		put_str(out, n->sources);
		fprintf(out, ", %u, %u},\n", (unsigned)n->msg_at,
		        (unsigned)n->msg_len);
	}
	if (t->n_neighbours == 0)
		fputs("\t{0},\n", out);
	put_u16s(out, "nb_by_name", t->nb_by_name, t->n_neighbours);
	put_u16s(out, "nb_by_code", t->nb_by_code, t->n_neighbours);
	put_u16s(out, "nb_at", t->nb_at, t->nb_at ? t->n_codes + 1 : 0);
	put_u16s(out, "loc_at", t->loc_at, t->loc_at ? t->n_codes + 1 : 0);
	fputs("\n};\n\nstatic const struct wsaerr_table table = {\n"
	      "\tcodes, sizeof(codes) / sizeof(codes[0]),\n"
	      "\tnames, sizeof(names) / sizeof(names[0]),\n"
	      "\twords, sizeof(words) / sizeof(words[0]),\n"
	      "\tpostings, sizeof(postings) / sizeof(postings[0]),\n"
	      "\tsequence, sizeof(sequence) / sizeof(sequence[0]),\n",
	      out);
	fprintf(out,
	        "\trefs, %zu,\n\tneighbours, %zu,\n"
	        "\tnb_by_name, nb_by_code, nb_at,\n"
	        "\tlocalized, %zu, loc_at,\n};\n\n",
	        t->n_refs, t->n_neighbours, t->n_localized);
	fputs("const struct wsaerr_table *wsaerr_table_default(void)\n"
	      "{\n\treturn &table;\n}\n",
	      out);
	return ferror(out) ? -1 : 0;
}

int main(int argc, char **argv)
{
	struct wsaerr_load_error err;
	struct wsaerr_table *t;
	struct wsaerr_load_texts in = {0};
	char *text[4] = {NULL, NULL, NULL, NULL};
	size_t len[4] = {0, 0, 0, 0};
	FILE *out;
	int rc;

	if (argc != 6) {
		fprintf(stderr, "usage: gentable CODES.txt WIN32.tsv "
		                "NTSTATUS.tsv LOCALIZED.tsv OUT.c\n");
		return 2;
	}
	for (int i = 0; i < 4; i++) {
		text[i] = read_file(argv[1 + i], &len[i]);
		if (!text[i]) {
			fprintf(stderr, "gentable: %s: %s\n", argv[1 + i],
			        strerror(errno));
			for (int k = 0; k < i; k++)
				free(text[k]);
			return 1;
		}
	}
	in = (struct wsaerr_load_texts){text[0], len[0], text[1], len[1],
	                                text[2], len[2], text[3], len[3]};
	t = wsaerr_table_load_texts(&in, &err);
	for (int i = 0; i < 4; i++)
		free(text[i]);
	if (!t) {
		fprintf(stderr, "%s:%u: %s\n", argv[1 + (int)err.part],
		        err.line, err.message);
		return 1;
	}
	out = fopen(argv[5], "w");
	if (!out) {
		fprintf(stderr, "gentable: %s: %s\n", argv[5], strerror(errno));
		wsaerr_table_free(t);
		return 1;
	}
	rc = emit(out, argv[1], t);
	wsaerr_table_free(t);
	if (fclose(out) != 0 || rc != 0) {
		fprintf(stderr, "gentable: writing %s failed\n", argv[5]);
		remove(argv[5]);
		return 1;
	}
	return 0;
}
