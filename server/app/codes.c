#include "handlers.h"

#include "http.h"
#include "key.h"
#include "membuf.h"
#include "metrics.h"
#include "page.h"
#include "render.h"
#include "search.h"
#include "text.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A search's result lives on the stack of a libmicrohttpd worker (the
 * system's default, 8 MiB): kept small enough that it may. */
_Static_assert(sizeof(struct wsaerr_search_result) <= 16 * 1024,
               "a search result fits a worker's stack");

/* The "suggestions" of a problem: [{"code", "name"}] of codes[0..n), or
 * NULL when out of memory. */
static json_t *suggestions_json(const struct wsaerr_code *const *codes,
                                size_t n)
{
	json_t *list = json_array();

	for (size_t i = 0; list && i < n; i++) {
		if (json_array_append_new(
		            list, json_pack("{s:i, s:s}", "code",
		                            (int)codes[i]->value, "name",
		                            codes[i]->name)) != 0) {
			json_decref(list);
			list = NULL;
		}
	}
	return list;
}

/*
 * Adds to `extra` a "suggestions" array of up to SUGGESTIONS_MAX codes, what
 * a search for key[0..len) finds; nothing when it finds none. False when
 * out of memory: a shorter list would be a wrong one.
 */
static bool add_suggestions(struct exchange *x, const char *key, size_t len,
                            json_t *extra)
{
	struct wsaerr_search_result found; /* on the stack (see below) */
	struct wsaerr_search_opts o = {0, SUGGESTIONS_MAX, -1, false};
	const struct wsaerr_code *codes[SUGGESTIONS_MAX];

	if (wsaerr_search(x->table, key, len, &o, &found) != WSAERR_SEARCH_OK ||
	    found.count == 0)
		return true;
	for (size_t i = 0; i < found.count; i++)
		codes[i] = found.hits[i].code;
	return json_object_set_new(extra, "suggestions",
	                           suggestions_json(codes, found.count)) == 0;
}

/* "No code matches “key”": the heading of a browser's 404 for key. */
static void no_match_heading(char *buf, size_t size, const char *key)
{
	/* what is left for the key, cut where a character begins so that a
	 * long key never leaves half a UTF-8 sequence */
	static const char head[] = "No code matches \xe2\x80\x9c",
	                  tail[] = "\xe2\x80\x9d";
	size_t room = size > sizeof(head) + sizeof(tail) - 1
	                      ? size - (sizeof(head) + sizeof(tail) - 1)
	                      : 0,
	       n = strlen(key);

	if (n > room) {
		n = room;
		while (n > 0 && ((unsigned char)key[n] & 0xC0) == 0x80)
			n--;
	}
	snprintf(buf, size, "%s%.*s%s", head, (int)n, key, tail);
}

/* The readings of a bare number, as "interpretations": Win32 first, each
 * with its Winsock equivalent; NULL when out of memory. */
static json_t *interpretations_json(const struct wsaerr_table *t,
                                    const struct wsaerr_interpretation *in,
                                    size_t n, unsigned value)
{
	json_t *list = json_array();

	for (size_t i = 0; list && i < n; i++) {
		const struct wsaerr_code *c = in[i].code;
		json_t *item =
		        json_pack("{s:s, s:i, s:s, s:o}", "reading",
		                  wsaerr_reading_slug(in[i].reading), "value",
		                  (int)value, "name", in[i].name, "winsock",
		                  c ? json_pack("{s:i, s:s}", "code",
		                                (int)c->value, "name", c->name)
		                    : json_null());

		if (item && in[i].neighbour &&
		    json_object_set_new(
		            item, "neighbour",
		            wsaerr_neighbour_json(t, in[i].neighbour)) != 0) {
			json_decref(item);
			item = NULL;
		}
		if (json_array_append_new(list, item) != 0) {
			json_decref(list);
			list = NULL;
		}
	}
	return list;
}

/*
 * The 404 for a number below 10000, which is ambiguous: its readings, a
 * Win32 code of the neighbours first, then a Linux or BSD errno of the
 * POSIX map, each with its Winsock code, as "interpretations" and in the
 * detail, and their codes as suggestions; else says it is probably a Win32
 * system error, and suggests what a search finds.
 */
static unsigned reply_errno(struct exchange *x, struct reply *r, unsigned value,
                            const char *key)
{
	const struct wsaerr_code *codes[SUGGESTIONS_MAX];
	struct wsaerr_interpretation in[8];
	char detail[768], number[16], heading[96];
	size_t n_codes = 0,
	       n = wsaerr_number_hint(x->table, value, detail, sizeof(detail),
	                              codes, SUGGESTIONS_MAX, &n_codes);
	json_t *extra = json_object(), *list;

	/* the key is a number here, so short */
	no_match_heading(heading, sizeof(heading), key);
	if (n == 0) {
		snprintf(detail, sizeof(detail),
		         "%s (%u); below 10000 it is probably a Win32 system "
		         "error",
		         wsaerr_key_status_message(WSAERR_KEY_UNKNOWN_CODE),
		         value);
		snprintf(number, sizeof(number), "%u", value);
		if (!extra ||
		    !add_suggestions(x, number, strlen(number), extra)) {
			json_decref(extra);
			return reply_out_of_memory(r);
		}
		return reply_error(x, r, PROBLEM_UNKNOWN_CODE, detail, extra,
		                   heading, key);
	}
	list = suggestions_json(codes, n_codes);
	n = wsaerr_interpret(x->table, value, in, 8);
	if (!extra || json_object_set_new(extra, "suggestions", list) != 0 ||
	    json_object_set_new(extra, "interpretations",
	                        interpretations_json(x->table, in, n, value)) !=
	            0) {
		if (!extra)
			json_decref(list);
		json_decref(extra);
		return reply_out_of_memory(r);
	}
	return reply_error(x, r, PROBLEM_UNKNOWN_CODE, detail, extra, heading,
	                   key);
}

/* Why a key names no code, in words: "no Windows Sockets error has this
 * number (126)", with the number for an unknown one. */
static void no_code_detail(char *buf, size_t size, enum wsaerr_key_status st,
                           unsigned value)
{
	if (st == WSAERR_KEY_UNKNOWN_CODE)
		snprintf(buf, size, "%s (%u)", wsaerr_key_status_message(st),
		         value);
	else
		snprintf(buf, size, "%s", wsaerr_key_status_message(st));
}

/*
 * Why key[0..len) (NUL-terminated, UTF-8) names no code, as an error reply:
 * malformed (400) or unknown (404, with an errno hint or suggestions).
 * st and value are what wsaerr_key_parse() said.
 */
static unsigned reply_no_code(struct exchange *x, struct reply *r,
                              const char *key, size_t len,
                              enum wsaerr_key_status st, unsigned value)
{
	json_t *extra;
	char detail[160], *heading;
	unsigned status;

	if (wsaerr_key_status_malformed(st))
		return reply_error(x, r, PROBLEM_BAD_KEY,
		                   wsaerr_key_status_message(st), NULL, NULL,
		                   key);
	if (st == WSAERR_KEY_UNKNOWN_CODE && value < 10000)
		return reply_errno(x, r, value, key);
	no_code_detail(detail, sizeof(detail), st, value);
	/* near matches: what a search for the key finds */
	extra = json_object();
	heading = malloc(len + 32);
	if (!extra || !heading || !add_suggestions(x, key, len, extra)) {
		json_decref(extra);
		free(heading);
		return reply_out_of_memory(r);
	}
	no_match_heading(heading, len + 32, key);
	status = reply_error(x, r, PROBLEM_UNKNOWN_CODE, detail, extra, heading,
	                     key);
	free(heading);
	return status;
}

/*
 * Why a key names no code, from the answer cache when it was given before.
 * The 404 of an unknown key (a dashboard polling a code this table lacks)
 * costs a search for its suggestions: its entry is the key's, "k|". The
 * 400 of a malformed key says only what is wrong with it: its entry is
 * that fault's, "b|" and the key's wsaerr_key_status, so distinct malformed
 * keys share a handful of entries and never push searches out of the
 * cache.
 */
static unsigned reply_no_code_cached(struct exchange *x, struct reply *r,
                                     const char *key, size_t len,
                                     enum wsaerr_key_status st, unsigned value)
{
	bool malformed = wsaerr_key_status_malformed(st);
	unsigned status = problem_status(malformed ? PROBLEM_BAD_KEY
	                                           : PROBLEM_UNKNOWN_CODE);
	size_t key_len = malformed ? 4 + 20 : len + 4;
	char *cache_key = malloc(key_len);
	struct qcache_entry *hit;

	if (!cache_key)
		return reply_no_code(x, r, key, len, st, value);
	memcpy(cache_key, malformed ? "b|" : "k|", 2);
	memcpy(cache_key + 2, x->text ? "t|" : "j|", 2);
	if (malformed)
		key_len = (size_t)(wsaerr_put_uint(cache_key + 4, st, 1) -
		                   cache_key);
	else
		memcpy(cache_key + 4, key, len);
	hit = qcache_acquire(x->qcache, cache_key, key_len);
	if (hit) {
		free(cache_key);
		return reply_hit(r, hit, status, x->text ? CT_TEXT : CT_PROBLEM,
		                 CC_NONE);
	}
	reply_no_code(x, r, key, len, st, value);
	if (r->status == status && r->body)
		qcache_put(x->qcache, cache_key, key_len, r->body, r->len, "");
	free(cache_key);
	return r->status;
}

/*
 * A code named through a neighbour (ERROR_SEM_TIMEOUT, 0xC0000236): the
 * code's answer with "via", rendered for this request (neighbours' keys
 * are rare: they are not kept rendered).
 */
static unsigned reply_via(struct exchange *x, struct reply *r,
                          const struct wsaerr_code *code,
                          const struct wsaerr_neighbour *via)
{
	size_t len = 0;
	char *body = NULL;

	if (x->html) {
		body = page_code_via(x->table, code, via, &len);
		return reply_page(r, 200, body, len, CC_CODES);
	}
	if (x->text) {
		struct membuf m;

		if (!membuf_open(&m, MEMBUF_CAP))
			return reply_out_of_memory(r);
		wsaerr_neighbour_text(m.f, via);
		wsaerr_code_text_full(m.f, code);
		body = membuf_close(&m, &len);
	} else {
		json_t *j = wsaerr_code_json(code);

		if (j && json_object_set_new(
		                 j, "via",
		                 wsaerr_neighbour_json(x->table, via)) != 0) {
			json_decref(j);
			j = NULL;
		}
		body = wsaerr_dumps_new(j, &len);
	}
	return reply_body(r, body, len, x->text ? CT_TEXT : CT_JSON, CC_CODES);
}

/*
 * A neighbour with no Winsock equivalent (ERROR_BROKEN_PIPE): a 404 that
 * still says what it is, with the neighbour as "neighbour".
 */
static unsigned reply_no_equivalent(struct exchange *x, struct reply *r,
                                    const struct wsaerr_neighbour *n,
                                    const char *key)
{
	char detail[512], heading[160];
	json_t *extra = json_object();

	if (!extra ||
	    json_object_set_new(extra, "neighbour",
	                        wsaerr_neighbour_json(x->table, n)) != 0) {
		json_decref(extra);
		return reply_out_of_memory(r);
	}
	snprintf(detail, sizeof(detail),
	         "%s (%u, 0x%08X) is a %s with no established Windows "
	         "Sockets equivalent%s%s",
	         n->name, (unsigned)n->value, (unsigned)n->value,
	         wsaerr_space_title(n->space), n->message[0] ? ": " : "",
	         n->message);
	snprintf(heading, sizeof(heading), "%s has no Winsock equivalent",
	         n->name);
	return reply_error(x, r, PROBLEM_UNKNOWN_CODE, detail, extra, heading,
	                   key);
}

unsigned route_code(struct exchange *x, const struct uri *u, struct reply *r)
{
	/* the route is /codes/{key}: the key is the second segment */
	const char *key = u->segments[1].text;
	size_t len = u->segments[1].len, page_len = 0;
	struct wsaerr_key k;
	char *body;
	enum wsaerr_key_status st;

	if (!wsaerr_utf8_valid(key, len)) {
		metrics_count_lookup(x->metrics, NULL);
		return reply_error(x, r, PROBLEM_BAD_KEY,
		                   "the key is not UTF-8", NULL, NULL, NULL);
	}
	st = wsaerr_key_lookup(x->table, key, len, &k);
	metrics_count_lookup(x->metrics, st == WSAERR_KEY_OK ? k.code : NULL);
	if (st == WSAERR_KEY_NO_EQUIVALENT)
		return reply_no_equivalent(x, r, k.via, key);
	if (st != WSAERR_KEY_OK && !x->html && x->qcache)
		return reply_no_code_cached(x, r, key, len, st, k.value);
	if (st != WSAERR_KEY_OK)
		return reply_no_code(x, r, key, len, st, k.value);
	if (k.via)
		return reply_via(x, r, k.code, k.via);
	if (!x->html)
		return reply_entity(r, reps_code(x->reps, k.code), x->text);
	/* the body first: an argument's order of evaluation is unspecified */
	body = page_code(x->table, k.code, &page_len);
	return reply_page(r, 200, body, page_len, CC_CODES);
}

/*
 * Appends one `<...>; rel="..."` to the Link header being built in buf: the
 * page at `offset`, of the same query (as searched: a cut query stays cut),
 * category, format and limit.
 */
static void link_append(char *buf, size_t size, const char *rel,
                        const struct listing *p, const char *category,
                        const char *format, size_t offset)
{
	char enc[3 * WSAERR_QUERY_MAX_BYTES + 1] = "";
	size_t used = strlen(buf);

	/* what was searched fits by its limit; a link that did not would be
	 * wrong, so none is better */
	if (p->query &&
	    uri_encode(p->query, p->query_len, enc, sizeof(enc)) == 0)
		return;
	/* one argument a line: the format string stays whole */
	snprintf(
	        buf + used, size - used,
	        "%s</codes?%s%s%s%s%s%s%s%s%slimit=%zu&offset=%zu>; rel=\"%s\"",
	        used ? ", " : "", p->query ? "q=" : "", enc,
	        p->query ? "&" : "", category ? "category=" : "",
	        category ? category : "", category ? "&" : "",
	        format ? "format=" : "", format ? format : "",
	        format ? "&" : "", p->limit, offset, rel);
}

/* "category must be one of win32-io, socket, ...", from the one list. */
static void category_detail(char *buf, size_t size)
{
	size_t used = (size_t)snprintf(buf, size, "category must be one of ");

	for (int c = 0; c < WSAERR_CAT_COUNT && used < size; c++)
		used += (size_t)snprintf(
		        buf + used, size - used, "%s%s", c ? ", " : "",
		        wsaerr_category_slug((enum wsaerr_category)c));
}

/*
 * The key of a search in the answer cache: everything its body and Link
 * depend on. A malloc'd string, its length in *len; NULL when out of
 * memory (the search is then not cached).
 */
static char *search_key(const struct exchange *x, const char *q,
                        const char *format, int cat, size_t limit,
                        size_t offset, size_t *len)
{
	size_t q_len = strlen(q), f_len = format ? strlen(format) : 0;
	char *key = malloc(q_len + f_len + 96), *p = key;
	const size_t numbers[] = {limit, offset};

	if (!key)
		return NULL;
	/* "j|format|cat|limit|offset|q", by hand: on every search */
	*p++ = x->text ? 't' : 'j';
	*p++ = '|';
	memcpy(p, format ? format : "", f_len);
	p += f_len;
	*p++ = '|';
	if (cat < 0)
		*p++ = '-'; /* no category: -1 */
	p = wsaerr_put_uint(p, cat < 0 ? 1u : (uint64_t)cat, 1);
	for (size_t i = 0; i < 2; i++) {
		*p++ = '|';
		p = wsaerr_put_uint(p, numbers[i], 1);
	}
	*p++ = '|';
	memcpy(p, q, q_len);
	*len = (size_t)(p - key) + q_len;
	return key;
}

/*
 * The web page of a search or list. A search of one word that finds
 * nothing is a key lookup: the page then says why that key names no code,
 * as /codes/{key} would (an errno hint, suggestions).
 */
static unsigned reply_results_page(struct exchange *x, struct reply *r,
                                   const struct listing *p, const char *q)
{
	size_t len = 0;
	char *body;

	if (q && p->total == 0 && q[strcspn(q, " \t\r\n")] == '\0' &&
	    wsaerr_utf8_valid(q, strlen(q))) {
		const struct wsaerr_code *code;
		unsigned value = 0;
		enum wsaerr_key_status st =
		        wsaerr_key_parse(x->table, q, strlen(q), &code, &value);

		if (st != WSAERR_KEY_OK)
			return reply_no_code(x, r, q, strlen(q), st, value);
	}
	body = page_results(p, q, &len);
	return reply_page(r, 200, body, len, CC_CODES);
}

/* Adds key[0..len) to b: its code once, or once as a missing key. */
static void batch_add(struct exchange *x, struct batch *b, const char *key,
                      size_t len)
{
	const struct wsaerr_code *first;
	struct wsaerr_key k;
	enum wsaerr_key_status st = wsaerr_key_lookup(x->table, key, len, &k);
	struct batch_missing *m;
	size_t n_codes;

	metrics_count_lookup(x->metrics, st == WSAERR_KEY_OK ? k.code : NULL);
	if (st == WSAERR_KEY_OK) {
		for (size_t i = 0; i < b->n; i++) {
			if (b->codes[i] == k.code && b->vias[i] == k.via)
				return;
		}
		b->vias[b->n] = k.via;
		b->codes[b->n++] = k.code;
		return;
	}
	for (size_t i = 0; i < b->n_missing; i++) {
		if (b->missing[i].len == len &&
		    memcmp(b->missing[i].key, key, len) == 0)
			return;
	}
	m = &b->missing[b->n_missing++];
	m->key = key;
	m->len = len;
	m->status = wsaerr_key_status_malformed(st) ? 400 : 404;
	if (st == WSAERR_KEY_UNKNOWN_CODE &&
	    wsaerr_number_hint(x->table, k.value, m->detail, sizeof(m->detail),
	                       &first, 1, &n_codes) > 0)
		return; /* "111 is not a Winsock code; Linux errno 111 is ..." */
	if (st == WSAERR_KEY_NO_EQUIVALENT) {
		snprintf(m->detail, sizeof(m->detail),
		         "%s is a %s with no established Windows Sockets "
		         "equivalent",
		         k.via->name, wsaerr_space_title(k.via->space));
		return;
	}
	no_code_detail(m->detail, sizeof(m->detail), st, k.value);
}

/*
 * GET /codes?keys=10060,10061,0x2746: many codes in one round trip, in the
 * order given, each once; a key that names none is reported in "missing"
 * with its reason, not as an error of the whole request. Spaces around a
 * key are dropped. The other parameters of /codes do not combine with it.
 */
static unsigned route_batch(struct exchange *x, const struct uri *u,
                            struct reply *r, const char *keys, size_t len)
{
	static const char *const alone[] = {"q", "category", "limit", "offset"};
	struct batch *b;
	char detail[96], *body;
	size_t n = 1, body_len = 0;
	int count;

	for (size_t i = 0; i < sizeof(alone) / sizeof(*alone); i++) {
		if (uri_param(u, alone[i], &count) >= 0) {
			snprintf(detail, sizeof(detail),
			         "keys does not combine with %s", alone[i]);
			return reply_bad_parameter(x, r, alone[i], detail);
		}
	}
	if (!wsaerr_utf8_valid(keys, len))
		return reply_bad_parameter(x, r, "keys", "keys is not UTF-8");
	for (size_t i = 0; i < len; i++)
		n += keys[i] == ',';
	if (len == 0 || n > BATCH_MAX) {
		snprintf(detail, sizeof(detail),
		         "keys must hold 1 to %d keys, separated by commas",
		         BATCH_MAX);
		return reply_bad_parameter(x, r, "keys", detail);
	}
	b = calloc(1, sizeof(*b)); /* BATCH_MAX keys and details: heap */
	if (!b)
		return reply_out_of_memory(r);
	for (const char *k = keys, *end = keys + len; k <= end;) {
		const char *comma = memchr(k, ',', (size_t)(end - k));
		const char *stop = comma ? comma : end, *a = k, *z = stop;

		while (a < z && (*a == ' ' || *a == '\t'))
			a++;
		while (z > a && (z[-1] == ' ' || z[-1] == '\t'))
			z--;
		batch_add(x, b, a, (size_t)(z - a));
		k = stop + 1;
	}
	if (x->html) {
		struct listing *p = calloc(1, sizeof(*p));
		struct wsaerr_hit *vias = calloc(BATCH_MAX, sizeof(*vias));

		if (p && vias) {
			for (size_t i = 0; i < b->n; i++) {
				p->codes[i] = vias[i].code = b->codes[i];
				vias[i].via = b->vias[i];
			}
			p->hits = vias; /* for the neighbours only */
			p->n = p->total = p->limit = b->n;
			body = page_results(p, keys, &body_len);
		} else {
			body = NULL;
		}
		free(vias);
		free(p);
		free(b);
		return reply_page(r, 200, body, body_len, CC_CODES);
	}
	body = batch_body(x->reps->table, x->reps->codes, b, x->text,
	                  &body_len);
	free(b);
	return reply_body(r, body, body_len, x->text ? CT_TEXT : CT_JSON,
	                  CC_CODES);
}

/* What /codes was asked for: its parameters, checked. */
struct codes_query {
	const char *q; /* NULL: the list */
	const char *category, *format;
	int cat; /* enum wsaerr_category, or -1 */
	size_t limit, offset;
};

/* Reads and checks the parameters of /codes into cq; false after a 400. */
static bool codes_query(struct exchange *x, const struct uri *u,
                        struct reply *r, struct codes_query *cq)
{
	cq->cat = -1;
	if (!param(x, u, r, "q", &cq->q, NULL) ||
	    !param(x, u, r, "category", &cq->category, NULL) ||
	    !param(x, u, r, "format", &cq->format, NULL) ||
	    !number_param(x, u, r, "limit", LIMIT_DEFAULT, 1, LIMIT_MAX,
	                  &cq->limit) ||
	    !number_param(x, u, r, "offset", 0, 0, OFFSET_MAX, &cq->offset))
		return false;
	if (cq->category) {
		cq->cat = wsaerr_category_from_slug(cq->category,
		                                    strlen(cq->category));
		if (cq->cat < 0) {
			char detail[160];

			category_detail(detail, sizeof(detail));
			reply_bad_parameter(x, r, "category", detail);
			return false;
		}
	}
	if (cq->q && cq->q[0] == '\0')
		cq->q = NULL; /* an empty search box lists everything */
	return true;
}

/* The listing of a search for cq->q, whose hits are found's; false, with r
 * a 400, when the query cannot be searched. */
static bool search_listing(struct exchange *x, struct reply *r,
                           const struct codes_query *cq,
                           struct wsaerr_search_result *found,
                           struct listing *listing)
{
	/* %00 is refused by uri_parse, so strlen is the length */
	enum wsaerr_search_status st =
	        wsaerr_search(x->table, cq->q, strlen(cq->q),
	                      &(struct wsaerr_search_opts){
	                              cq->offset, cq->limit, cq->cat, false},
	                      found);

	if (st != WSAERR_SEARCH_OK) {
		reply_bad_parameter(x, r, "q",
		                    wsaerr_search_status_message(st));
		return false;
	}
	listing->query = cq->q;
	listing->query_len = found->searched;
	listing->truncated = found->truncated;
	listing->hits = found->hits;
	listing->total = found->total;
	listing->n = found->count;
	for (size_t i = 0; i < listing->n; i++)
		listing->codes[i] = found->hits[i].code;
	return true;
}

/* The listing of the list, of one category when cq asks for one. */
static void list_listing(const struct wsaerr_table *t,
                         const struct codes_query *cq, struct listing *listing)
{
	for (size_t i = 0; i < t->n_codes; i++) {
		if (cq->cat >= 0 && (int)t->codes[i].category != cq->cat)
			continue;
		if (listing->total >= cq->offset && listing->n < cq->limit)
			listing->codes[listing->n++] = &t->codes[i];
		listing->total++;
	}
}

/* The Link header of a listing (REPLY_LINK_SIZE bytes): next and prev. */
static void listing_links(char *link, const struct listing *listing,
                          const struct codes_query *cq)
{
	size_t offset = cq->offset, limit = cq->limit;

	if (offset + limit < listing->total)
		link_append(link, REPLY_LINK_SIZE, "next", listing,
		            cq->category, cq->format, offset + limit);
	if (offset > 0) {
		size_t prev = offset > limit ? offset - limit : 0;

		/* past the end: the previous listing is the last one there is */
		if (prev + limit > listing->total)
			prev = listing->total > limit ? listing->total - limit
			                              : 0;
		link_append(link, REPLY_LINK_SIZE, "prev", listing,
		            cq->category, cq->format, prev);
	}
}

unsigned route_codes(struct exchange *x, const struct uri *u, struct reply *r)
{
	struct codes_query cq;
	size_t len, keys_len, key_len = 0;
	const char *keys;
	char *cache_key = NULL, *body;
	struct listing listing = {0};
	struct wsaerr_search_result found; /* on the stack (see below) */

	if (!param(x, u, r, "keys", &keys, &keys_len))
		return r->status;
	if (keys)
		return route_batch(x, u, r, keys, keys_len);
	if (!codes_query(x, u, r, &cq))
		return r->status;
	if (!cq.q && cq.cat < 0 && cq.limit == LIMIT_DEFAULT &&
	    cq.offset == 0 && !x->html)
		return reply_entity(r, &x->reps->list, x->text);
	listing.limit = cq.limit;
	listing.offset = cq.offset;
	r->link = malloc(REPLY_LINK_SIZE); /* the Link header, if it pages */
	if (!r->link)
		return reply_out_of_memory(r);
	r->link[0] = '\0';
	/* a search asked before: its answer as it was rendered */
	if (cq.q && !x->html && x->qcache) {
		cache_key = search_key(x, cq.q, cq.format, cq.cat, cq.limit,
		                       cq.offset, &key_len);
		struct qcache_entry *hit =
		        cache_key
		                ? qcache_acquire(x->qcache, cache_key, key_len)
		                : NULL;

		if (hit) {
			free(cache_key);
			return reply_hit(r, hit, 200,
			                 x->text ? CT_TEXT : CT_JSON, CC_CODES);
		}
	}
	if (cq.q && !search_listing(x, r, &cq, &found, &listing)) {
		free(cache_key);
		return r->status;
	}
	if (!cq.q)
		list_listing(x->table, &cq, &listing);
	listing_links(r->link, &listing, &cq);
	if (x->html)
		return reply_results_page(x, r, &listing, cq.q);
	body = listing_body(x->reps->table, x->reps->codes, &listing, x->text,
	                    &len);
	if (cache_key && body)
		qcache_put(x->qcache, cache_key, key_len, body, len, r->link);
	free(cache_key);
	return reply_body(r, body, len, x->text ? CT_TEXT : CT_JSON, CC_CODES);
}
