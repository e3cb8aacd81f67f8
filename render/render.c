#include "render.h"

#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* [{"text": ..., "source": "glibc"}, ...]; NULL when out of memory. */
static json_t *posix_texts_json(const struct wsaerr_posix *p)
{
	json_t *a = json_array();

	for (unsigned i = 0; a && i < p->n_texts; i++) {
		if (json_array_append_new(
		            a, json_pack("{s:s, s:s}", "text", p->texts[i].text,
		                         "source",
		                         wsaerr_posix_source_slug(
		                                 p->texts[i].source))) != 0) {
			json_decref(a);
			a = NULL;
		}
	}
	return a;
}

static json_t *posix_json(const struct wsaerr_posix *p)
{
	if (!p->name)
		return json_null();
	return json_pack(
	        "{s:s, s:s, s:o, s:o, s:o}", "name", p->name, "space",
	        wsaerr_posix_space_name(p->space), "linux",
	        p->linux_value < 0 ? json_null() : json_integer(p->linux_value),
	        "bsd",
	        p->bsd_value < 0 ? json_null() : json_integer(p->bsd_value),
	        "texts", posix_texts_json(p));
}

/* A JSON array of strings, or NULL when out of memory. */
static json_t *strings_json(const char *const *items, unsigned n)
{
	json_t *a = json_array();

	for (unsigned i = 0; a && i < n; i++) {
		if (json_array_append_new(a, json_string(items[i])) != 0) {
			json_decref(a);
			a = NULL;
		}
	}
	return a;
}

/* The texts of n hints as a JSON array; NULL when out of memory. */
static json_t *hint_texts_json(const struct wsaerr_hint *h, unsigned n)
{
	const char *texts[WSAERR_MAX_HINTS];

	for (unsigned i = 0; i < n; i++)
		texts[i] = h[i].text;
	return strings_json(texts, n);
}

/* [["ms-connect", "review"], ...]: the ids each of n hints rests on, and
 * each reference added to refs (an object by id); NULL when out of
 * memory. */
static json_t *hint_why_json(const struct wsaerr_hint *h, unsigned n,
                             json_t *refs)
{
	json_t *all = json_array();

	for (unsigned i = 0; all && i < n; i++) {
		const char *ids[WSAERR_MAX_WHY];
		int failed = 0;

		for (unsigned k = 0; k < h[i].n_why && !failed; k++) {
			const struct wsaerr_ref *r = h[i].why[k];

			ids[k] = r->id;
			if (!json_object_get(refs, r->id))
				failed = json_object_set_new(
				        refs, r->id,
				        json_pack(
				                "{s:s, s:s, s:s}", "title",
				                r->title, "url", r->url, "kind",
				                wsaerr_ref_kind_slug(r->kind)));
		}
		if (failed ||
		    json_array_append_new(all, strings_json(ids, h[i].n_why)) !=
		            0) {
			json_decref(all);
			all = NULL;
		}
	}
	return all;
}

/*
 * {"causes": [...], "checks": [...], "why": {"causes": [[ids]], "checks":
 * [[ids]]}, "references": {id: {title, url, kind}}}, or null for a code
 * without hints; NULL when out of memory.
 */
static json_t *hints_json(const struct wsaerr_code *c)
{
	json_t *refs, *texts[WSAERR_N_HINT_LISTS], *why[WSAERR_N_HINT_LISTS];

	if (c->n_causes == 0)
		return json_null();
	refs = json_object();
	for (int l = 0; l < WSAERR_N_HINT_LISTS; l++) {
		unsigned n;
		const struct wsaerr_hint *h =
		        wsaerr_hints(c, (enum wsaerr_hint_list)l, &n);

		why[l] = hint_why_json(h, n, refs);
		texts[l] = hint_texts_json(h, n);
	}
	/* "o" steals each reference, also a NULL one, when packing fails */
	return json_pack("{s:o, s:o, s:{s:o, s:o}, s:o}", "causes", texts[0],
	                 "checks", texts[1], "why", "causes", why[0], "checks",
	                 why[1], "references", refs);
}

/* {"de": [{"text", "source"}, ...], ...}: of rows[0..n), those of
 * `neighbour` (0: a code's own), by language, in the data's order; an
 * empty object when there are none. */
static json_t *localized_json(const struct wsaerr_localized *rows, size_t n,
                              unsigned neighbour)
{
	json_t *by_lang = json_object();

	for (size_t i = 0; by_lang && i < n; i++) {
		const struct wsaerr_localized *l = &rows[i];
		json_t *list;

		if (l->neighbour != neighbour)
			continue;
		list = json_object_get(by_lang, l->lang);

		if (!list && json_object_set_new(by_lang, l->lang,
		                                 list = json_array()) != 0)
			list = NULL;
		if (!list ||
		    json_array_append_new(list, json_pack("{s:s, s:s}", "text",
		                                          l->message, "source",
		                                          l->source)) != 0) {
			json_decref(by_lang);
			return NULL;
		}
	}
	return by_lang;
}

json_t *wsaerr_code_json(const struct wsaerr_code *c)
{
	json_t *aliases = strings_json(c->aliases, c->n_aliases);
	json_t *related = json_array(), *hints = hints_json(c);
	json_t *localized = localized_json(c->localized, c->n_localized, 0);
	char self[32];
	int failed = !aliases || !related || !hints || !localized;

	for (unsigned i = 0; !failed && i < c->n_related; i++)
		failed = json_array_append_new(related,
		                               json_integer(c->related[i]));
	if (failed) {
		json_decref(aliases);
		json_decref(related);
		json_decref(hints);
		json_decref(localized);
		return NULL;
	}
	snprintf(self, sizeof(self), "/codes/%u", c->value);
	/* "o" steals the references, also when packing fails */
	return json_pack(
	        "{s:i, s:s, s:s, s:s, s:o, s:s, s:s?, s:s, s:s, s:s, s:o, "
	        "s:o, s:o, s:b, s:s, s:o, s:{s:s}}",
	        "code", (json_int_t)c->value, "name", c->name, "message",
	        c->message, "system_message", c->system_message, "localized",
	        localized, "description", c->description, "dotnet", c->dotnet,
	        "hex", c->hex, "hresult", c->hresult, "category",
	        wsaerr_category_slug(c->category), "posix",
	        posix_json(&c->posix), "aliases", aliases, "related", related,
	        "informational", (int)c->event, "source",
	        wsaerr_source_slug(c->source), "hints", hints, "links", "self",
	        self);
}

void wsaerr_localized_text_line(FILE *out, const struct wsaerr_localized *l)
{
	fprintf(out, "  Windows (%s): ", l->lang);
	for (const char *p = l->message; *p; p++)
		fputc(*p == '\n' ? ' ' : *p, out);
	fputc('\n', out);
}

const char *wsaerr_hit_lang(const struct wsaerr_hit *h)
{
	return h->loc && (h->fields & WSAERR_FIELD_LOCALIZED) ? h->loc->lang
	                                                      : NULL;
}

void wsaerr_code_text_line(FILE *out, const struct wsaerr_code *c)
{
	fprintf(out, "%s (%u, %s): %s\n", c->name, c->value, c->hex,
	        c->message);
}

/* The references of an answer's hints, numbered in order of first use. */
struct ref_list {
	const struct wsaerr_ref *refs[2 * WSAERR_MAX_HINTS * WSAERR_MAX_WHY];
	unsigned n;
};

/* r's number in the list (from 1), added if it is not there yet. */
static unsigned ref_number(struct ref_list *l, const struct wsaerr_ref *r)
{
	for (unsigned i = 0; i < l->n; i++) {
		if (l->refs[i] == r)
			return i + 1;
	}
	l->refs[l->n++] = r;
	return l->n;
}

/* "Causes:" or "Check:", then one "  - item [1, 2]" line each: the numbers
 * of the references it rests on, listed under "Sources:". */
static void text_list(FILE *out, const char *title,
                      const struct wsaerr_hint *items, unsigned n,
                      struct ref_list *refs)
{
	if (n == 0)
		return;
	fprintf(out, "%s\n", title);
	for (unsigned i = 0; i < n; i++) {
		fprintf(out, "  - %s [", items[i].text);
		for (unsigned k = 0; k < items[i].n_why; k++)
			fprintf(out, "%s%u", k ? ", " : "",
			        ref_number(refs, items[i].why[k]));
		fputs(wsaerr_hint_documented(&items[i])
		              ? "]\n"
		              : "; not from Microsoft's documentation]\n",
		      out);
	}
}

/* "Sources:", then "  [1] title (kind): url" for each reference. */
static void text_sources(FILE *out, const struct ref_list *refs)
{
	if (refs->n == 0)
		return;
	fputs("Sources:\n", out);
	for (unsigned i = 0; i < refs->n; i++) {
		const struct wsaerr_ref *r = refs->refs[i];

		fprintf(out, "  [%u] %s (%s)%s%s\n", i + 1, r->title,
		        wsaerr_ref_kind_title(r->kind), r->url[0] ? ": " : "",
		        r->url);
	}
}

void wsaerr_posix_text(FILE *out, const struct wsaerr_posix *p)
{
	if (!p->name) {
		fputs("no equivalent", out);
		return;
	}
	fprintf(out, "%s (%s", p->name, wsaerr_posix_space_name(p->space));
	if (p->linux_value >= 0)
		fprintf(out, "; Linux %d", p->linux_value);
	else
		fputs("; not on Linux", out);
	if (p->bsd_value >= 0)
		fprintf(out, ", BSD %d", p->bsd_value);
	fputc(')', out);
}

void wsaerr_code_text_full(FILE *out, const struct wsaerr_code *c)
{
	struct ref_list refs = {.n = 0};

	wsaerr_code_text_line(out, c);
	fprintf(out, "Windows: %s\n", c->system_message);
	fprintf(out, "%s\n", c->description);
	fputs("POSIX: ", out);
	wsaerr_posix_text(out, &c->posix);
	fputc('\n', out);
	for (unsigned i = 0; i < c->posix.n_texts; i++)
		fprintf(out, "  %s prints: %s\n",
		        wsaerr_posix_source_title(c->posix.texts[i].source),
		        c->posix.texts[i].text);
	if (c->n_localized) { /* the texts are in the JSON and the page */
		fputs("Windows in other languages:", out);
		for (unsigned i = 0; i < c->n_localized; i++) {
			unsigned k = 0; /* each language once */

			while (k < i && strcmp(c->localized[k].lang,
			                       c->localized[i].lang) != 0)
				k++;
			if (k == i)
				fprintf(out, " %s", c->localized[i].lang);
		}
		fputc('\n', out);
	}
	for (int l = 0; l < WSAERR_N_HINT_LISTS; l++) {
		static const char *const titles[] = {"Causes:", "Check:"};
		unsigned n;
		const struct wsaerr_hint *h =
		        wsaerr_hints(c, (enum wsaerr_hint_list)l, &n);

		text_list(out, titles[l], h, n, &refs);
	}
	text_sources(out, &refs);
}

bool wsaerr_json_string(FILE *out, const char *s, size_t len)
{
	size_t run = 0;

	if (!wsaerr_utf8_valid(s, len))
		return false;
	fputc('"', out);
	for (size_t i = 0; i < len;) {
		char esc[8];
		size_t n, k = wsaerr_json_escape_char(s, len, i, true, false,
		                                      esc, &n);

		if (k) {
			fwrite(s + run, 1, i - run, out);
			fwrite(esc, 1, k, out);
			run = i + n;
		}
		i += n;
	}
	fwrite(s + run, 1, len - run, out);
	fputc('"', out);
	return true;
}

/* A growing buffer that jansson's dump writes into. */
struct dump_buf {
	char *s;
	size_t len, cap;
	bool failed; /* a write was refused: the text is not whole */
};

static int dump_add(const char *p, size_t n, void *data)
{
	struct dump_buf *b = data;

	if (b->failed)
		return -1;
	if (n >= b->cap - b->len) { /* room for n and the final NUL */
		size_t cap = b->cap ? b->cap : 1024;
		char *s;

		while (n >= cap - b->len) {
			if (cap > SIZE_MAX / 2) {
				b->failed = true;
				return -1;
			}
			cap *= 2;
		}
		s = realloc(b->s, cap);
		if (!s) {
			b->failed = true;
			return -1;
		}
		b->s = s;
		b->cap = cap;
	}
	memcpy(b->s + b->len, p, n);
	b->len += n;
	return 0;
}

/*
 * One pass of json_dump_callback() into a growing buffer. Not json_dumps():
 * jansson 2.14 ignores a failure to dump an object's key (dump.c, the
 * unsorted branch), so when an allocation fails there it returns JSON with
 * a key cut short. The buffer here remembers any write it refused, so such
 * a dump is thrown away whatever jansson returns. One pass: measuring
 * first with json_dumpb() would double start-up's JSON time.
 */
char *wsaerr_dumps_new(json_t *j, size_t *len)
{
	struct dump_buf b = {0};

	if (j && (json_dump_callback(j, dump_add, &b,
	                             JSON_COMPACT | JSON_ENCODE_ANY) != 0 ||
	          b.failed || !b.s)) {
		free(b.s);
		b.s = NULL;
	}
	if (b.s) {
		b.s[b.len] = '\0';
		*len = b.len;
	}
	json_decref(j);
	return b.s;
}

/* "0x00000040" for Win32 64, "0xC0000236" for an NTSTATUS. */
static void neighbour_hex(char *buf, size_t size,
                          const struct wsaerr_neighbour *n)
{
	snprintf(buf, size, "0x%08X", (unsigned)n->value);
}

json_t *wsaerr_neighbour_json(const struct wsaerr_table *t,
                              const struct wsaerr_neighbour *n)
{
	const struct wsaerr_code *c = wsaerr_neighbour_code(t, n);
	char hex[16];

	neighbour_hex(hex, sizeof(hex), n);
	/* the data is the loader's: valid UTF-8, never NULL; "o" steals,
	 * also when packing fails */
	return json_pack(
	        "{s:s, s:I, s:s, s:s, s:s, s:o, s:I, s:o, s:s, s:b, s:s, s:s, "
	        "s:s}",
	        "space", wsaerr_space_slug(n->space), "value",
	        (json_int_t)n->value, "hex", hex, "name", n->name, "message",
	        n->message, "localized",
	        localized_json(t->localized, t->n_localized,
	                       (unsigned)(n - t->neighbours + 1)),
	        "win32", (json_int_t)n->win32, "winsock",
	        c ? json_pack("{s:i, s:s}", "code", (int)c->value, "name",
	                      c->name)
	          : json_null(),
	        "confidence", wsaerr_confidence_slug(n->confidence), "conflict",
	        n->conflict, "note", n->note, "basis", n->basis, "sources",
	        n->sources);
}

void wsaerr_neighbour_text(FILE *out, const struct wsaerr_neighbour *n)
{
	char hex[16];

	neighbour_hex(hex, sizeof(hex), n);
	if (n->space == WSAERR_SPACE_WIN32)
		fprintf(out, "Reported as %s (%u, %s)", n->name,
		        (unsigned)n->value, wsaerr_space_title(n->space));
	else
		fprintf(out, "Reported as %s (%s, %s)", n->name, hex,
		        wsaerr_space_title(n->space));
	if (n->message[0])
		fprintf(out, ": %s", n->message);
	fputc('\n', out);
	if (n->confidence == WSAERR_CONF_NONE)
		fputs("  Winsock equivalent: none established", out);
	else
		fprintf(out, "  Winsock equivalent: %s confidence%s",
		        wsaerr_confidence_slug(n->confidence),
		        n->conflict ? ", the sources disagree" : "");
	fprintf(out, "%s%s\n", n->note[0] ? "; " : "", n->note);
	fprintf(out, "  Basis: %s\n", n->basis);
	fprintf(out, "  Sources: %s\n", n->sources);
}

void wsaerr_neighbour_text_line(FILE *out, const struct wsaerr_neighbour *n)
{
	fprintf(out, "  reported as %s (%s %u%s)\n", n->name,
	        wsaerr_space_slug(n->space), (unsigned)n->value,
	        n->conflict ? ", sources disagree" : "");
}

void wsaerr_terminal_text(FILE *out, const char *s, size_t len, bool quotes)
{
	bool valid = wsaerr_utf8_valid(s, len);

	for (size_t i = 0; i < len;) {
		char esc[8];
		size_t n, k = wsaerr_json_escape_char(s, len, i, valid, true,
		                                      esc, &n);

		if (!quotes && (s[i] == '"' || s[i] == '\\'))
			k = 0;
		fwrite(k ? esc : s + i, 1, k ? k : n, out);
		i += n;
	}
}

size_t wsaerr_cut_utf8(const char *s, size_t len, size_t width)
{
	if (len <= width)
		return len;
	while (width > 0 && ((unsigned char)s[width] & 0xC0) == 0x80)
		width--;
	return width;
}

json_t *wsaerr_scan_finding_json(const struct wsaerr_scan_finding *f,
                                 size_t width)
{
	const struct wsaerr_hit *h = f->hit;
	const char *lang = wsaerr_hit_lang(h);
	json_t *j = json_pack("{s:I, s:i, s:s, s:f, s:f, s:s%}", "line",
	                      (json_int_t)f->line, "code", (int)h->code->value,
	                      "name", h->code->name, "score", h->score,
	                      "confidence", h->confidence, "text", f->text,
	                      wsaerr_cut_utf8(f->text, f->len, width));

	if (j && lang &&
	    json_object_set_new(j, "lang", json_string(lang)) != 0) {
		json_decref(j);
		return NULL;
	}
	if (j && h->via &&
	    json_object_set_new(j, "via", json_string(h->via->name)) != 0) {
		json_decref(j);
		return NULL;
	}
	return j;
}
