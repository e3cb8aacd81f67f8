#include "bodies.h"

#include "membuf.h"
#include "render.h"
#include "text.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Writes the code's JSON r without its closing brace, and the neighbour
 * it was named through when there is one; false when out of memory. */
static bool put_code_via(FILE *f, const struct wsaerr_table *t,
                         const struct rep *r, const struct wsaerr_neighbour *n)
{
	fwrite(r->body, 1, r->len - 1, f);
	if (n) { /* rare: rendered here */
		size_t len = 0;
		char *via = wsaerr_dumps_new(wsaerr_neighbour_json(t, n), &len);

		if (!via)
			return false;
		fputs(",\"via\":", f);
		fwrite(via, 1, len, f);
		free(via);
	}
	return true;
}

/* Writes one search hit: the code's JSON with its score, confidence and
 * fields, and the neighbour it was found through; false when out of
 * memory. */
static bool put_hit(FILE *f, const struct wsaerr_table *t, const struct rep *r,
                    const struct wsaerr_hit *h)
{
	const char *names[8];
	size_t n = wsaerr_matched_names(h->fields, names, 8);

	if (!put_code_via(f, t, r, h->via))
		return false;
	const char *lang = wsaerr_hit_lang(h);

	if (lang) /* a tag the loader checked: [a-z]{2,3}(-[A-Z]{2})? */
		fprintf(f, ",\"lang\":\"%s\"", lang);
	fprintf(f, ",\"score\":%.2f,\"confidence\":%.3f,\"matched\":[",
	        h->score, h->confidence);
	for (size_t i = 0, k = 0; i < n; i++) { /* names: no escaping */
		bool localized = strcmp(names[i], "localized") == 0;

		if (localized && !lang)
			continue; /* words of such a text, found through none */
		fputs(k++ ? ",\"" : "\"", f);
		if (localized)
			fprintf(f, "system_message@%s", lang);
		else
			fputs(names[i], f);
		fputc('"', f);
	}
	fputs("]}", f);
	return true;
}

char *listing_body(const struct wsaerr_table *t, const struct entity *codes,
                   const struct listing *p, bool text, size_t *len)
{
	struct membuf out;
	FILE *f;

	if (!membuf_open(&out, MEMBUF_CAP))
		return NULL;
	f = out.f;
	if (text) {
		if (p->truncated)
			fprintf(f,
			        "# the query was cut to its first %zu bytes\n",
			        p->query_len);
		for (size_t i = 0; i < p->n; i++) {
			const struct wsaerr_neighbour *via =
			        p->hits ? p->hits[i].via : NULL;

			wsaerr_code_text_line(f, p->codes[i]);
			if (via)
				wsaerr_neighbour_text_line(f, via);
			if (p->hits && wsaerr_hit_lang(&p->hits[i]))
				wsaerr_localized_text_line(f, p->hits[i].loc);
		}
		if (p->n == 0)
			fputs(p->total ? "no codes on this page\n"
			               : "no codes match\n",
			      f);
	} else {
		fputs("{\"query\":", f);
		if (!p->query)
			fputs("null", f);
		else if (!wsaerr_json_string(f, p->query, p->query_len)) {
			/* never "null" for a query that was given */
			membuf_discard(&out);
			return NULL;
		}
		fprintf(f,
		        ",\"truncated\":%s,\"total\":%zu,"
		        "\"limit\":%zu,\"offset\":%zu,\"items\":[",
		        p->truncated ? "true" : "false", p->total, p->limit,
		        p->offset);
		for (size_t i = 0; i < p->n; i++) {
			const struct rep *r =
			        &codes[p->codes[i] - t->codes].rep[0][0];

			if (i > 0)
				fputc(',', f);
			if ((p->hits && !put_hit(f, t, r, &p->hits[i])) ||
			    membuf_over(&out)) {
				membuf_discard(&out);
				return NULL;
			} else if (!p->hits)
				fwrite(r->body, 1, r->len, f);
		}
		fputs("]}", f);
	}
	return membuf_close(&out, len);
}

char *batch_body(const struct wsaerr_table *t, const struct entity *codes,
                 const struct batch *b, bool text, size_t *len)
{
	struct membuf out;
	FILE *f;
	bool ok = true;

	if (!membuf_open(&out, MEMBUF_CAP))
		return NULL;
	f = out.f;
	if (!text)
		fprintf(f, "{\"total\":%zu,\"items\":[", b->n);
	for (size_t i = 0; ok && i < b->n; i++) {
		const struct rep *r = &codes[b->codes[i] - t->codes].rep[0][0];

		if (text) {
			wsaerr_code_text_line(f, b->codes[i]);
			if (b->vias[i])
				wsaerr_neighbour_text_line(f, b->vias[i]);
			continue;
		}
		if (i > 0)
			fputc(',', f);
		ok = put_code_via(f, t, r, b->vias[i]) && !membuf_over(&out);
		fputc('}', f);
	}
	if (!text)
		fputs("],\"missing\":[", f);
	for (size_t i = 0; ok && i < b->n_missing; i++) {
		const struct batch_missing *m = &b->missing[i];
		size_t n;
		/* the key and detail escaped as JSON strings by jansson */
		char *j = text ? NULL
		               : wsaerr_dumps_new(
		                         json_pack("{s:s%, s:i, s:s}", "key",
		                                   m->key, m->len, "status",
		                                   (int)m->status, "detail",
		                                   m->detail),
		                         &n);

		if (text) {
			wsaerr_terminal_text(f, m->key, m->len, true);
			fprintf(f, ": %s (%u)\n", m->detail, m->status);
		} else if (j) {
			fprintf(f, "%s%s", i ? "," : "", j);
			free(j);
		} else {
			ok = false;
		}
	}
	if (!text)
		fputs("]}", f);
	if (!ok) {
		membuf_discard(&out);
		return NULL;
	}
	return membuf_close(&out, len);
}
