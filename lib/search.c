#include "search.h"

#include "key.h"
#include "text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NO_TIER 0xFF

struct score {
	bool key;         /* named by the query */
	bool alive;       /* there were words, all matched */
	uint8_t fuzzy;    /* words matched only by edit distance */
	uint8_t max_tier; /* 0 name, 1 message, 2 description */
	uint16_t sum_tier;
	uint16_t idx; /* into t->codes */
};

static uint8_t tier_of(uint8_t fields)
{
	if (fields & WSAERR_FIELD_NAME)
		return 0;
	if (fields & WSAERR_FIELD_MESSAGE)
		return 1;
	return 2;
}

/* Marks in best[] the best tier each code has in the postings of word w. */
static void mark_postings(const struct wsaerr_table *t,
                          const struct wsaerr_word *w, uint8_t *best)
{
	for (size_t i = w->first; i < (size_t)w->first + w->count; i++) {
		const struct wsaerr_posting *p = &t->postings[i];
		uint8_t tier = tier_of(p->fields);

		if (tier < best[p->code])
			best[p->code] = tier;
	}
}

/* Index of the first vocabulary word not below w. */
static size_t lower_bound(const struct wsaerr_table *t, const char *w,
                          size_t len)
{
	size_t lo = 0, hi = t->n_words;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (wsaerr_casecmp(t->words[mid].word, t->words[mid].len, w,
		                   len) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Prefix matches of w; false when there are none. */
static bool match_prefix(const struct wsaerr_table *t, const char *w,
                         size_t len, uint8_t *best)
{
	bool any = false;

	for (size_t i = lower_bound(t, w, len); i < t->n_words; i++) {
		if (!wsaerr_has_prefix(t->words[i].word, t->words[i].len, w,
		                       len))
			break;
		mark_postings(t, &t->words[i], best);
		any = true;
	}
	return any;
}

/* Whole words within the edit distance a word of this length allows. */
static void match_fuzzy(const struct wsaerr_table *t, const char *w, size_t len,
                        uint8_t *best)
{
	unsigned max = len < 4 ? 0 : len < 7 ? 1 : 2;

	if (max == 0)
		return;
	for (size_t i = 0; i < t->n_words; i++) {
		const struct wsaerr_word *v = &t->words[i];

		size_t diff = len > v->len ? len - v->len : v->len - len;

		/* cheapest test first: the length, then the bound, then the
		 * full distance for the few words still in the running */
		if (diff <= max &&
		    wsaerr_edit_lower_bound(w, len, v->word, v->len) <= max &&
		    wsaerr_edit_distance(w, len, v->word, v->len, max) <= max)
			mark_postings(t, v, best);
	}
}

static bool all_digits(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
	}
	return true;
}

/*
 * The code a word of a longer query names, or NULL: a name or alias, a
 * decimal number of 3 digits or more (with a '-' before it, a signed
 * HRESULT) or 0x-hex. Bare hex is left out: "bad" and "face" are hex.
 */
static const struct wsaerr_code *key_word(const struct wsaerr_table *t,
                                          const char *q, size_t start,
                                          size_t len)
{
	const struct wsaerr_code *c = wsaerr_table_by_name(t, q + start, len);
	bool negative = start > 0 && q[start - 1] == '-';

	if (c)
		return c;
	if (all_digits(q + start, len) && (len >= 3 || negative)) {
		if (negative) {
			start--;
			len++;
		}
	} else if (!(len > 2 && q[start] == '0' &&
	             (q[start + 1] == 'x' || q[start + 1] == 'X'))) {
		return NULL;
	}
	if (wsaerr_key_parse(t, q + start, len, &c, NULL) != WSAERR_KEY_OK)
		return NULL;
	return c;
}

static int cmp_score(const void *a, const void *b)
{
	const struct score *x = a, *y = b;

	if (x->key != y->key)
		return x->key ? -1 : 1;
	if (x->alive != y->alive)
		return x->alive ? -1 : 1;
	if (x->fuzzy != y->fuzzy)
		return x->fuzzy < y->fuzzy ? -1 : 1;
	if (x->max_tier != y->max_tier)
		return x->max_tier < y->max_tier ? -1 : 1;
	if (x->sum_tier != y->sum_tier)
		return x->sum_tier < y->sum_tier ? -1 : 1;
	/* codes are in value order, so the index orders by value */
	return (x->idx > y->idx) - (x->idx < y->idx);
}

static enum wsaerr_search_status check_query(const char *q, size_t len)
{
	size_t pos = 0, start, wlen, words = 0;

	if (len > WSAERR_QUERY_MAX_BYTES)
		return WSAERR_SEARCH_TOO_LONG;
	if (memchr(q, '\0', len) || !wsaerr_utf8_valid(q, len))
		return WSAERR_SEARCH_BAD_TEXT;
	while (wsaerr_next_word(q, len, &pos, &start, &wlen))
		words++;
	if (words == 0)
		return WSAERR_SEARCH_EMPTY;
	if (words > WSAERR_QUERY_MAX_WORDS)
		return WSAERR_SEARCH_TOO_MANY_WORDS;
	return WSAERR_SEARCH_OK;
}

enum wsaerr_search_status wsaerr_search(const struct wsaerr_table *t,
                                        const char *q, size_t len,
                                        const struct wsaerr_search_opts *opts,
                                        struct wsaerr_search_result *out)
{
	static const struct wsaerr_search_opts all = {0, SIZE_MAX, -1};
	struct score scores[WSAERR_MAX_CODES];
	uint8_t best[WSAERR_MAX_CODES];
	const struct wsaerr_code *whole = NULL;
	size_t n = t->n_codes, pos = 0, start, wlen, words = 0, hits = 0;
	size_t alive = n; /* codes every word so far matched */
	enum wsaerr_search_status st = check_query(q, len);
	bool fuzzy;

	memset(out, 0, sizeof(*out));
	if (st != WSAERR_SEARCH_OK)
		return st;
	if (!opts)
		opts = &all;
	for (size_t i = 0; i < n; i++)
		scores[i] = (struct score){false, true, 0, 0, 0, (uint16_t)i};
	if (wsaerr_key_parse(t, q, len, &whole, NULL) == WSAERR_KEY_OK)
		scores[whole - t->codes].key = true;

	while (wsaerr_next_word(q, len, &pos, &start, &wlen)) {
		const struct wsaerr_code *c = key_word(t, q, start, wlen);

		if (c) {
			scores[c - t->codes].key = true;
			continue;
		}
		words++;
		if (alive == 0)
			continue; /* no code can match every word any more */
		memset(best, NO_TIER, n);
		/* fuzzy matching is only tried for words with no prefix match,
		 * so every mark a word makes is exact or every one is fuzzy */
		fuzzy = !match_prefix(t, q + start, wlen, best);
		if (fuzzy)
			match_fuzzy(t, q + start, wlen, best);
		for (size_t i = 0; i < n; i++) {
			struct score *s = &scores[i];

			if (best[i] == NO_TIER) {
				alive -= s->alive;
				s->alive = false;
				continue;
			}
			s->fuzzy = (uint8_t)(s->fuzzy + fuzzy);
			s->sum_tier = (uint16_t)(s->sum_tier + best[i]);
			if (best[i] > s->max_tier)
				s->max_tier = best[i];
		}
	}

	for (size_t i = 0; i < n; i++) {
		struct score *s = &scores[i];

		s->alive = s->alive && words > 0;
		if (!s->key && !s->alive)
			continue;
		if (!s->alive) {
			/* a key hit the words missed: its partial word
			 * statistics mean nothing, so only value orders it */
			s->fuzzy = 0;
			s->max_tier = 0;
			s->sum_tier = 0;
		}
		if (opts->category >= 0 &&
		    (int)t->codes[i].category != opts->category)
			continue;
		scores[hits++] = *s;
	}
	qsort(scores, hits, sizeof(scores[0]), cmp_score);
	out->total = hits;
	for (size_t i = opts->offset; i < hits && out->count < opts->limit;
	     i++) {
		const struct score *s = &scores[i];
		struct wsaerr_hit *h = &out->hits[out->count++];

		h->code = &t->codes[s->idx];
		h->fuzzy = s->fuzzy > 0;
		if (s->key)
			h->match = WSAERR_MATCH_KEY;
		else
			h->match = (enum wsaerr_match)(WSAERR_MATCH_NAME +
			                               s->max_tier);
	}
	return WSAERR_SEARCH_OK;
}

const char *wsaerr_search_status_message(enum wsaerr_search_status st)
{
	switch (st) {
	case WSAERR_SEARCH_OK:
		return "ok";
	case WSAERR_SEARCH_EMPTY:
		return "the query has no words to search for";
	case WSAERR_SEARCH_TOO_LONG:
		return "the query is longer than " WSAERR_STR(
		        WSAERR_QUERY_MAX_BYTES) " bytes";
	case WSAERR_SEARCH_TOO_MANY_WORDS:
		return "the query has more than " WSAERR_STR(
		        WSAERR_QUERY_MAX_WORDS) " words";
	case WSAERR_SEARCH_BAD_TEXT:
		return "the query is not valid UTF-8 text";
	}
	return "unknown search status";
}

const char *wsaerr_match_name(enum wsaerr_match m)
{
	switch (m) {
	case WSAERR_MATCH_KEY:
		return "key";
	case WSAERR_MATCH_NAME:
		return "name";
	case WSAERR_MATCH_MESSAGE:
		return "message";
	case WSAERR_MATCH_DESCRIPTION:
		return "description";
	}
	return "";
}
