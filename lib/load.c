#include "load.h"

#include "neighbour.h"
#include "fold.h"
#include "text.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A loaded table owns everything its pointers reach. */
struct loaded {
	struct wsaerr_table table; /* first: the public part */
	char *buf;                 /* the text, cut into NUL-ended strings */
	struct wsaerr_code *codes;
	struct wsaerr_ref *refs;
	struct wsaerr_name *names;
	struct wsaerr_word *words;
	struct wsaerr_posting *postings;
	char *word_text;    /* lower-case copies of the words */
	uint16_t *sequence; /* the words of messages, in order */
	char *nb_text;      /* the neighbours' texts, cut up */
	char *nb_arena;     /* strings composed from them */
	struct wsaerr_neighbour *neighbours;
	uint16_t *nb_by_name, *nb_by_code, *nb_at;
	char *loc_text; /* data/localized.tsv, cut up */
	struct wsaerr_localized *localized;
	uint16_t *loc_at;
	/* the search forms of the texts while the index is built */
	char **folds;
	size_t n_folds, cap_folds;
	bool fold_failed; /* out of memory, or a text too long to fold */
};

/* Localized texts a table holds at most. */
#define MAX_LOCALIZED 4096

/* Neighbours a table holds at most. */
#define MAX_NEIGHBOURS 1024

enum field {
	F_CODE,
	F_NAME,
	F_MESSAGE,
	F_SYSTEM,
	F_DESCRIPTION,
	F_CATEGORY,
	F_SOURCE,
	F_POSIX,
	F_POSIX_TEXT,
	F_ALIASES,
	F_RELATED,
	F_EVENT,
	F_GENERIC,
	F_DOTNET,
	F_CAUSE,
	F_CHECK,
	F_WHY,
	F_REF,
	F_KIND,
	F_TITLE,
	F_URL,
	F_COUNT
};

static const char *const field_names[F_COUNT] = {
        "code",    "name",   "message",    "system",  "description", "category",
        "source",  "posix",  "posix_text", "aliases", "related",     "event",
        "generic", "dotnet", "cause",      "check",   "why",         "ref",
        "kind",    "title",  "url",
};

/* Fields a record may give more than once, one item a line. */
#define REPEATABLE                                                             \
	((1u << F_CAUSE) | (1u << F_CHECK) | (1u << F_WHY) |                   \
	 (1u << F_POSIX_TEXT))

/* The fields of a reference record, which opens with 'ref', and those it
 * must have. */
#define REF_FIELDS                                                             \
	((1u << F_REF) | (1u << F_KIND) | (1u << F_TITLE) | (1u << F_URL))
#define REF_REQUIRED ((1u << F_REF) | (1u << F_KIND) | (1u << F_TITLE))

#define REQUIRED                                                               \
	((1u << F_CODE) | (1u << F_NAME) | (1u << F_MESSAGE) |                 \
	 (1u << F_SYSTEM) | (1u << F_DESCRIPTION) | (1u << F_CATEGORY) |       \
	 (1u << F_SOURCE))

struct parser {
	struct loaded *l;
	struct wsaerr_load_error *err;
	unsigned lines[WSAERR_MAX_CODES]; /* line each record starts on */
	size_t n;                         /* records finished */
	unsigned seen;                    /* fields of the open record */
	unsigned start;                   /* line of the open record, 0: none */
	bool in_ref;                      /* the open record is a reference */
	struct wsaerr_code cur;           /* the open code record */
	struct wsaerr_ref cur_ref;        /* the open reference record */
	size_t n_refs;                    /* references finished */
	/* the cause or check of the line before, which a 'why' line may
	 * follow; NULL when the line before was something else */
	struct wsaerr_hint *last_hint;
	const char *last_hint_what; /* "cause" or "check" */
	unsigned last_hint_line;
};

bool wsaerr_load_fail(struct wsaerr_load_error *err, unsigned line,
                      const char *fmt, ...)
{
	va_list ap;

	err->line = line;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return false;
}

/* Parses a decimal number 0..max; false for anything else. */
static bool parse_uint(const char *s, unsigned max, unsigned *out)
{
	unsigned long v;

	if (!wsaerr_parse_decimal(s, strlen(s), max, &v))
		return false;
	*out = (unsigned)v;
	return true;
}

/* Names are A-Z, 0-9 and '_', starting with a letter. */
static bool valid_name(const char *s)
{
	if (!(*s >= 'A' && *s <= 'Z'))
		return false;
	for (; *s; s++) {
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      *s == '_'))
			return false;
	}
	return true;
}

/* .NET member names: a letter, then letters and digits. */
static bool valid_dotnet_name(const char *s)
{
	if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')))
		return false;
	for (; *s; s++) {
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9')))
			return false;
	}
	return true;
}

/* Cuts the next space-separated token off *s, or returns NULL. */
static char *next_token(char **s)
{
	char *p = *s, *tok;

	while (*p == ' ')
		p++;
	if (*p == '\0')
		return NULL;
	tok = p;
	while (*p && *p != ' ')
		p++;
	if (*p)
		*p++ = '\0';
	*s = p;
	return tok;
}

static bool parse_posix(struct parser *p, unsigned line, char *v)
{
	char *name = next_token(&v), *space = next_token(&v);
	char *lin = next_token(&v), *bsd = next_token(&v);
	struct wsaerr_posix *px = &p->cur.posix;
	unsigned n;

	if (!bsd || next_token(&v))
		return wsaerr_load_fail(p->err, line,
		                        "posix needs NAME SPACE LINUX BSD");
	if (!valid_name(name))
		return wsaerr_load_fail(p->err, line, "bad posix name '%s'",
		                        name);
	px->name = name;
	if (strcmp(space, "errno") == 0)
		px->space = WSAERR_POSIX_ERRNO;
	else if (strcmp(space, "h_errno") == 0)
		px->space = WSAERR_POSIX_H_ERRNO;
	else
		return wsaerr_load_fail(p->err, line,
		                        "posix space must be errno or h_errno");
	px->linux_value = -1;
	px->bsd_value = -1;
	if (strcmp(lin, "-") != 0) {
		if (!parse_uint(lin, 4095, &n))
			return wsaerr_load_fail(p->err, line,
			                        "bad Linux value '%s'", lin);
		px->linux_value = (int)n;
	}
	if (strcmp(bsd, "-") != 0) {
		if (!parse_uint(bsd, 4095, &n))
			return wsaerr_load_fail(p->err, line,
			                        "bad BSD value '%s'", bsd);
		px->bsd_value = (int)n;
	}
	return true;
}

/* Appends one cause or check; the list holds WSAERR_MAX_HINTS at most, and
 * a backquote opens a command that must close on the same line. */
static bool add_hint(struct parser *p, unsigned line, struct wsaerr_hint *list,
                     uint8_t *n, const char *what, char *v)
{
	size_t quotes = 0;

	for (const char *s = v; *s; s++)
		quotes += *s == '`';
	if (quotes % 2 != 0)
		return wsaerr_load_fail(p->err, line,
		                        "a %s has an unclosed '`'", what);
	if (*n >= WSAERR_MAX_HINTS)
		return wsaerr_load_fail(p->err, line, "more than %d %s lines",
		                        WSAERR_MAX_HINTS, what);
	list[*n].text = v;
	p->last_hint = &list[(*n)++];
	p->last_hint_what = what;
	p->last_hint_line = line;
	return true;
}

/* The reference named id, among those defined so far; -1 when none. */
static int find_ref(const struct parser *p, const char *id)
{
	for (size_t i = 0; i < p->n_refs; i++) {
		if (strcmp(p->l->refs[i].id, id) == 0)
			return (int)i;
	}
	return -1;
}

/* The references a hint rests on: a 'why' line right after its cause or
 * check, naming references defined above it. */
static bool add_why(struct parser *p, unsigned line, char *v)
{
	struct wsaerr_hint *h = p->last_hint;
	char *tok;

	if (!h)
		return wsaerr_load_fail(
		        p->err, line,
		        "a 'why' line must follow its cause or check");
	while ((tok = next_token(&v)) != NULL) {
		int r = find_ref(p, tok);

		if (r < 0)
			return wsaerr_load_fail(
			        p->err, line,
			        "no reference '%s' is defined above", tok);
		for (unsigned i = 0; i < h->n_why; i++) {
			if (h->why[i] == &p->l->refs[r])
				return wsaerr_load_fail(
				        p->err, line,
				        "reference '%s' named twice", tok);
		}
		if (h->n_why >= WSAERR_MAX_WHY)
			return wsaerr_load_fail(p->err, line,
			                        "more than %d references",
			                        WSAERR_MAX_WHY);
		h->why[h->n_why++] = &p->l->refs[r];
	}
	p->last_hint = NULL; /* one 'why' line a hint */
	return true;
}

/* Reference ids: a-z, 0-9 and '-', starting with a letter. */
static bool valid_ref_id(const char *s)
{
	if (!(*s >= 'a' && *s <= 'z'))
		return false;
	for (; *s; s++) {
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '-'))
			return false;
	}
	return true;
}

static bool parse_ref_field(struct parser *p, unsigned line, enum field f,
                            char *v)
{
	struct wsaerr_ref *r = &p->cur_ref;

	switch (f) {
	case F_REF:
		if (!valid_ref_id(v))
			return wsaerr_load_fail(p->err, line,
			                        "bad reference id '%s'", v);
		if (find_ref(p, v) >= 0)
			return wsaerr_load_fail(
			        p->err, line, "reference '%s' is defined twice",
			        v);
		r->id = v;
		return true;
	case F_KIND:
		for (int i = 0; i < WSAERR_REF_KIND_COUNT; i++) {
			if (strcmp(v, wsaerr_ref_kind_slug(
			                      (enum wsaerr_ref_kind)i)) == 0) {
				r->kind = (enum wsaerr_ref_kind)i;
				return true;
			}
		}
		return wsaerr_load_fail(p->err, line,
		                        "unknown reference kind '%s'", v);
	case F_TITLE:
		r->title = v;
		return true;
	case F_URL:
		if (strncmp(v, "https://", 8) != 0 || strchr(v, ' '))
			return wsaerr_load_fail(
			        p->err, line,
			        "a url is https://... with no space");
		r->url = v;
		return true;
	default:
		break;
	}
	return wsaerr_load_fail(p->err, line, "internal: bad reference field");
}

/* "glibc: Transport endpoint is not connected": a source, then the text. */
static bool parse_posix_text(struct parser *p, unsigned line, char *v)
{
	struct wsaerr_posix *px = &p->cur.posix;
	char *colon = strstr(v, ": ");
	int i;

	if (!colon || colon[2] == '\0')
		return wsaerr_load_fail(p->err, line,
		                        "posix_text is SOURCE: text");
	*colon = '\0';
	for (i = 0; i < WSAERR_POSIX_SRC_COUNT; i++) {
		if (strcmp(v, wsaerr_posix_source_slug(
		                      (enum wsaerr_posix_source)i)) == 0)
			break;
	}
	if (i == WSAERR_POSIX_SRC_COUNT)
		return wsaerr_load_fail(p->err, line,
		                        "unknown posix_text source '%s'", v);
	if (px->n_texts >= WSAERR_MAX_POSIX_TEXTS)
		return wsaerr_load_fail(p->err, line,
		                        "more than %d posix_text lines",
		                        WSAERR_MAX_POSIX_TEXTS);
	px->texts[px->n_texts].text = colon + 2;
	px->texts[px->n_texts++].source = (enum wsaerr_posix_source)i;
	return true;
}

static bool parse_field(struct parser *p, unsigned line, enum field f, char *v)
{
	struct wsaerr_code *c = &p->cur;
	char *tok;
	int i;

	switch (f) {
	case F_CODE:
		if (!parse_uint(v, 65535, &c->value) || c->value == 0)
			return wsaerr_load_fail(
			        p->err, line, "code must be 1..65535, not '%s'",
			        v);
		return true;
	case F_NAME:
		if (!valid_name(v))
			return wsaerr_load_fail(p->err, line, "bad name '%s'",
			                        v);
		c->name = v;
		return true;
	case F_MESSAGE:
		c->message = v;
		return true;
	case F_SYSTEM:
		c->system_message = v;
		return true;
	case F_DOTNET:
		if (!valid_dotnet_name(v))
			return wsaerr_load_fail(p->err, line,
			                        "bad .NET name '%s'", v);
		c->dotnet = v;
		return true;
	case F_DESCRIPTION:
		c->description = v;
		return true;
	case F_CATEGORY:
		i = wsaerr_category_from_slug(v, strlen(v));
		if (i < 0)
			return wsaerr_load_fail(p->err, line,
			                        "unknown category '%s'", v);
		c->category = (enum wsaerr_category)i;
		return true;
	case F_SOURCE:
		for (i = 0; i < WSAERR_SRC_COUNT; i++) {
			if (strcmp(v, wsaerr_source_slug(
			                      (enum wsaerr_source)i)) == 0) {
				c->source = (enum wsaerr_source)i;
				return true;
			}
		}
		return wsaerr_load_fail(p->err, line, "unknown source '%s'", v);
	case F_POSIX:
		return parse_posix(p, line, v);
	case F_POSIX_TEXT:
		return parse_posix_text(p, line, v);
	case F_ALIASES:
		while ((tok = next_token(&v)) != NULL) {
			if (!valid_name(tok))
				return wsaerr_load_fail(p->err, line,
				                        "bad alias '%s'", tok);
			/* one place is kept for the POSIX name */
			if (c->n_aliases + 1 >= WSAERR_MAX_ALIASES)
				return wsaerr_load_fail(p->err, line,
				                        "more than %d aliases",
				                        WSAERR_MAX_ALIASES - 1);
			c->aliases[c->n_aliases++] = tok;
		}
		return true;
	case F_RELATED:
		while ((tok = next_token(&v)) != NULL) {
			unsigned r;

			if (!parse_uint(tok, 65535, &r) || r == 0)
				return wsaerr_load_fail(p->err, line,
				                        "bad related code '%s'",
				                        tok);
			if (c->n_related >= WSAERR_MAX_RELATED)
				return wsaerr_load_fail(
				        p->err, line,
				        "more than %d related codes",
				        WSAERR_MAX_RELATED);
			c->related[c->n_related++] = r;
		}
		return true;
	case F_EVENT:
		if (strcmp(v, "yes") != 0 && strcmp(v, "no") != 0)
			return wsaerr_load_fail(p->err, line,
			                        "event must be yes or no");
		c->event = strcmp(v, "yes") == 0;
		return true;
	case F_GENERIC:
		while ((tok = next_token(&v)) != NULL) {
			if (strcmp(tok, "message") == 0)
				c->generic |= WSAERR_FIELD_MESSAGE;
			else if (strcmp(tok, "system") == 0)
				c->generic |= WSAERR_FIELD_SYSTEM;
			else
				return wsaerr_load_fail(
				        p->err, line,
				        "generic names message or system, "
				        "not '%s'",
				        tok);
		}
		return true;
	case F_CAUSE:
		return add_hint(p, line, c->causes, &c->n_causes, "cause", v);
	case F_CHECK:
		return add_hint(p, line, c->checks, &c->n_checks, "check", v);
	case F_WHY:
		return add_why(p, line, v);
	case F_REF:
	case F_KIND:
	case F_TITLE:
	case F_URL:
	case F_COUNT:
		break;
	}
	return wsaerr_load_fail(p->err, line, "internal: bad field");
}

/* A hint whose 'why' line has not come: an error, once the line after it
 * is not that line. */
static bool check_why(struct parser *p)
{
	if (p->last_hint && p->last_hint->n_why == 0)
		return wsaerr_load_fail(
		        p->err, p->last_hint_line,
		        "a %s needs a 'why' line after it, naming the "
		        "references it rests on",
		        p->last_hint_what);
	p->last_hint = NULL;
	return true;
}

/* Fails on the first field of `required` the open record lacks. */
static bool check_required(struct parser *p, unsigned required)
{
	for (int f = 0; f < F_COUNT; f++) {
		if ((required & (1u << f)) && !(p->seen & (1u << f)))
			return wsaerr_load_fail(p->err, p->start,
			                        "record has no '%s' field",
			                        field_names[f]);
	}
	return true;
}

static bool finish_ref(struct parser *p)
{
	if (!check_required(p, REF_REQUIRED))
		return false;
	if (p->n_refs >= WSAERR_MAX_REFS)
		return wsaerr_load_fail(p->err, p->start,
		                        "more than %d references",
		                        WSAERR_MAX_REFS);
	if (!p->cur_ref.url)
		p->cur_ref.url = "";
	p->l->refs[p->n_refs++] = p->cur_ref;
	memset(&p->cur_ref, 0, sizeof(p->cur_ref));
	p->seen = 0;
	p->start = 0;
	p->in_ref = false;
	return true;
}

/* Closes the open record, if any: checks it is complete and stores it. */
static bool finish_record(struct parser *p)
{
	struct wsaerr_code *c = &p->cur;

	if (p->start == 0)
		return true;
	if (p->in_ref)
		return finish_ref(p);
	if (!check_why(p) || !check_required(p, REQUIRED))
		return false;
	if (c->posix.n_texts > 0 && !c->posix.name)
		return wsaerr_load_fail(
		        p->err, p->start,
		        "a record with posix_text needs a posix line");
	if ((c->n_causes == 0) != (c->n_checks == 0))
		return wsaerr_load_fail(
		        p->err, p->start,
		        "a record with hints needs both 'cause' and "
		        "'check' lines");
	if (p->n >= WSAERR_MAX_CODES)
		return wsaerr_load_fail(p->err, p->start, "more than %d codes",
		                        WSAERR_MAX_CODES);
	for (size_t i = 0; i < p->n; i++) {
		if (p->l->codes[i].value == c->value)
			return wsaerr_load_fail(
			        p->err, p->start,
			        "duplicate code %u (first on line %u)",
			        c->value, p->lines[i]);
	}
	if (p->n > 0 && p->l->codes[p->n - 1].value > c->value)
		return wsaerr_load_fail(
		        p->err, p->start,
		        "code %u is out of order: codes must ascend", c->value);
	/* The POSIX name is the first alias. */
	if (c->posix.name) {
		memmove(&c->aliases[1], &c->aliases[0],
		        c->n_aliases * sizeof(c->aliases[0]));
		c->aliases[0] = c->posix.name;
		c->n_aliases++;
	}
	snprintf(c->hex, sizeof(c->hex), "0x%X", c->value);
	snprintf(c->hresult, sizeof(c->hresult), "0x%08X",
	         (unsigned)wsaerr_hresult(c->value));
	p->lines[p->n] = p->start;
	p->l->codes[p->n++] = *c;
	memset(c, 0, sizeof(*c));
	p->seen = 0;
	p->start = 0;
	return true;
}

static bool parse_line(struct parser *p, unsigned line, char *s)
{
	char *colon = strchr(s, ':');
	int f;

	if (*s == '#')
		return true;
	if (*s == '\0')
		return finish_record(p);
	if (!colon || colon[1] != ' ' || colon[2] == '\0' || colon[2] == ' ')
		return wsaerr_load_fail(p->err, line,
		                        "expected 'field: value'");
	*colon = '\0';
	for (f = 0; f < F_COUNT; f++) {
		if (strcmp(s, field_names[f]) == 0)
			break;
	}
	if (f == F_COUNT)
		return wsaerr_load_fail(p->err, line, "unknown field '%s'", s);
	if ((p->seen & (1u << f)) && !(REPEATABLE & (1u << f)))
		return wsaerr_load_fail(p->err, line, "field '%s' given twice",
		                        s);
	if (p->start == 0) {
		p->start = line;
		p->in_ref = f == F_REF;
	}
	if (p->in_ref != ((REF_FIELDS & (1u << f)) != 0))
		return wsaerr_load_fail(
		        p->err, line,
		        p->in_ref ? "field '%s' in a reference record"
		                  : "field '%s' outside a reference record "
		                    "(which opens with 'ref')",
		        s);
	p->seen |= 1u << f;
	if (p->in_ref)
		return parse_ref_field(p, line, (enum field)f, colon + 2);
	if (f != F_WHY && !check_why(p))
		return false;
	return parse_field(p, line, (enum field)f, colon + 2);
}

/* Checks what needs the whole table: related codes, unique names. */
static bool check_table(struct parser *p)
{
	struct loaded *l = p->l;

	if (p->n == 0)
		return wsaerr_load_fail(p->err, 0, "the table has no codes");
	for (size_t i = 0; i < p->n; i++) {
		const struct wsaerr_code *c = &l->codes[i];

		for (unsigned k = 0; k < c->n_related; k++) {
			const struct wsaerr_code *r =
			        wsaerr_table_by_value(&l->table, c->related[k]);
			bool back = false;

			if (!r || r == c)
				return wsaerr_load_fail(
				        p->err, p->lines[i],
				        "related code %u is not in the table",
				        c->related[k]);
			for (unsigned j = 0; j < r->n_related; j++)
				back = back || r->related[j] == c->value;
			if (!back)
				return wsaerr_load_fail(
				        p->err, p->lines[i],
				        "related code %u does not point back "
				        "at %u",
				        r->value, c->value);
		}
	}
	for (size_t i = 1; i < l->table.n_names; i++) {
		const struct wsaerr_name *a = &l->names[i - 1],
		                         *b = &l->names[i];

		if (wsaerr_casecmp(a->key, strlen(a->key), b->key,
		                   strlen(b->key)) == 0) {
			unsigned line =
			        p->lines[a->code > b->code ? a->code : b->code];

			return wsaerr_load_fail(p->err, line,
			                        "name '%s' is used twice",
			                        b->key);
		}
	}
	return true;
}

static int cmp_name(const void *a, const void *b)
{
	const struct wsaerr_name *x = a, *y = b;
	/* the order wsaerr_table_by_name() searches in */
	int c = wsaerr_casecmp(x->key, strlen(x->key), y->key, strlen(y->key));

	if (c != 0)
		return c;
	return (x->code > y->code) - (x->code < y->code);
}

/* A word occurrence while the index is built. */
struct occ {
	const char *word;
	size_t len;
	uint16_t code;
	uint16_t field;
	bool marked; /* its text had marks the search form stripped */
	bool wide;   /* a bigram of wide letters */
};

static int cmp_occ(const void *a, const void *b)
{
	const struct occ *x = a, *y = b;
	int c = wsaerr_casecmp(x->word, x->len, y->word, y->len);

	if (c != 0)
		return c;
	return (x->code > y->code) - (x->code < y->code);
}

/*
 * The search form of s (fold.h) in a new string, and its flags after it,
 * kept in l->folds when `keep` (until the index is built), and its length
 * in *n; NULL (l->fold_failed) when out of memory.
 */
static char *fold_text(struct loaded *l, const char *s, bool keep, size_t *n)
{
	size_t len = strlen(s), cap = 16 * len + 16, used;
	char *buf = malloc(2 * cap);

	if (!buf) {
		l->fold_failed = true;
		return NULL;
	}
	*n = wsaerr_fold(s, len, buf, cap, (uint8_t *)buf + cap, NULL, &used);
	memmove(buf + *n, buf + cap, *n); /* the flags, after the text */
	if (used != len)
		l->fold_failed = true;
	if (keep) {
		if (l->n_folds == l->cap_folds) {
			size_t c = l->cap_folds ? 2 * l->cap_folds : 256;
			char **f = realloc(l->folds, c * sizeof(*f));

			if (!f) {
				free(buf);
				l->fold_failed = true;
				return NULL;
			}
			l->folds = f;
			l->cap_folds = c;
		}
		l->folds[l->n_folds++] = buf;
	}
	return buf;
}

static void free_folds(struct loaded *l)
{
	for (size_t i = 0; i < l->n_folds; i++)
		free(l->folds[i]);
	free(l->folds);
	l->folds = NULL;
	l->n_folds = l->cap_folds = 0;
}

/*
 * Writes to out (when not NULL) every word of s's search form and, for
 * words holding '_', each '_'-separated part too, so that "qos" finds
 * WSA_QOS_RECEIVERS. Returns the number of words.
 */
static size_t each_word(struct loaded *l, const char *s, struct occ *out,
                        uint16_t code, uint16_t field)
{
	size_t pos = 0, start, len, n = 0, flen;
	char *f = fold_text(l, s, out != NULL, &flen);
	const uint8_t *flags = (const uint8_t *)f + flen;

	if (!f)
		return 0;
	while (wsaerr_next_folded_word(f, flen, &pos, &start, &len)) {
		const char *w = f + start;
		size_t part = 0;
		bool marked = false, wide = false;

		for (size_t k = start; k < start + len; k++) {
			marked = marked || (flags[k] & WSAERR_FOLD_MARKED);
			wide = wide || (flags[k] & WSAERR_FOLD_WIDE);
		}
		if (out)
			out[n] =
			        (struct occ){w, len, code, field, marked, wide};
		n++;
		if (!memchr(w, '_', len))
			continue;
		for (size_t i = 0; i <= len; i++) {
			if (i < len && w[i] != '_')
				continue;
			if (i > part) {
				if (out)
					out[n] = (struct occ){
					        w + part, i - part, code,
					        field,    marked,   wide};
				n++;
			}
			part = i + 1;
		}
	}
	if (!out)
		free(f);
	return n;
}

static size_t code_words(struct loaded *l, const struct wsaerr_code *c,
                         struct occ *out, uint16_t idx)
{
	size_t n = each_word(l, c->name, out, idx, WSAERR_FIELD_NAME);

	for (unsigned k = 0; k < c->n_aliases; k++)
		n += each_word(l, c->aliases[k], out ? out + n : NULL, idx,
		               WSAERR_FIELD_NAME);
	if (c->dotnet)
		n += each_word(l, c->dotnet, out ? out + n : NULL, idx,
		               WSAERR_FIELD_DOTNET);
	n += each_word(l, c->message, out ? out + n : NULL, idx,
	               WSAERR_FIELD_MESSAGE);
	n += each_word(l, c->system_message, out ? out + n : NULL, idx,
	               WSAERR_FIELD_SYSTEM);
	n += each_word(l, c->description, out ? out + n : NULL, idx,
	               WSAERR_FIELD_DESCRIPTION);
	for (unsigned k = 0; k < c->posix.n_texts; k++)
		n += each_word(l, c->posix.texts[k].text, out ? out + n : NULL,
		               idx, WSAERR_FIELD_POSIX);
	return n;
}

/* The words of the neighbours' messages, as postings of the codes they
 * are equivalent to, and of the localized messages, of their codes. */
static size_t neighbour_words(struct loaded *l, struct occ *out)
{
	size_t n = 0;

	for (size_t i = 0; i < l->table.n_neighbours; i++) {
		const struct wsaerr_neighbour *nb = &l->neighbours[i];
		const struct wsaerr_code *c =
		        wsaerr_neighbour_code(&l->table, nb);

		if (c)
			n += each_word(l, nb->message, out ? out + n : NULL,
			               (uint16_t)(c - l->codes),
			               WSAERR_FIELD_NEIGHBOUR);
	}
	for (size_t i = 0; i < l->table.n_localized; i++)
		n += each_word(l, l->localized[i].message, out ? out + n : NULL,
		               l->localized[i].code, WSAERR_FIELD_LOCALIZED);
	return n;
}

/* The index of vocabulary word w[0..len) (it is there: every word of the
 * table is). */
static uint16_t word_index(const struct loaded *l, const char *w, size_t len)
{
	size_t lo = 0, hi = l->table.n_words;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = wsaerr_casecmp(l->words[mid].word, l->words[mid].len, w,
		                       len);

		if (c == 0)
			return (uint16_t)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* Appends the word indexes of s's search form to l->sequence at *n; their
 * count. */
static uint16_t sequence_of(struct loaded *l, const char *s, size_t *n)
{
	size_t pos = 0, start, len, first = *n, flen;
	char *f = fold_text(l, s, false, &flen);

	if (!f)
		return 0;
	while (wsaerr_next_folded_word(f, flen, &pos, &start, &len)) {
		if (l->sequence)
			l->sequence[*n] = word_index(l, f + start, len);
		(*n)++;
	}
	free(f);
	return (uint16_t)(*n - first);
}

/* The message and system message of each code as word indexes, for the
 * search's phrase matching. */
static bool build_sequences(struct parser *p)
{
	struct loaded *l = p->l;
	size_t n = 0;

	for (int pass = 0; pass < 2; pass++) {
		n = 0;
		for (size_t i = 0; i < p->n; i++) {
			struct wsaerr_code *c = &l->codes[i];

			c->msg_at = (uint16_t)n;
			c->msg_len = sequence_of(l, c->message, &n);
			c->sys_at = (uint16_t)n;
			c->sys_len = sequence_of(l, c->system_message, &n);
			for (unsigned k = 0; k < c->posix.n_texts; k++) {
				c->ptx_at[k] = (uint16_t)n;
				c->ptx_len[k] = sequence_of(
				        l, c->posix.texts[k].text, &n);
			}
		}
		for (size_t i = 0; i < l->table.n_neighbours; i++) {
			struct wsaerr_neighbour *nb = &l->neighbours[i];

			nb->msg_at = (uint16_t)n;
			/* the words of one with no Winsock code are in no
			 * posting: it is not searched */
			nb->msg_len = wsaerr_neighbour_code(&l->table, nb)
			                      ? sequence_of(l, nb->message, &n)
			                      : 0;
		}
		for (size_t i = 0; i < l->table.n_localized; i++) {
			struct wsaerr_localized *lc = &l->localized[i];

			lc->msg_at = (uint16_t)n;
			lc->msg_len = sequence_of(l, lc->message, &n);
		}
		if (pass == 0) {
			if (n > UINT16_MAX)
				return wsaerr_load_fail(p->err, 0,
				                        "too many words");
			l->sequence = calloc(n ? n : 1, sizeof(*l->sequence));
			if (!l->sequence)
				return wsaerr_load_fail(p->err, 0,
				                        "out of memory");
		}
	}
	l->table.sequence = l->sequence;
	l->table.n_sequence = n;
	return true;
}

/* The sorted index of every name, alias and .NET name. */
static bool build_names(struct parser *p)
{
	struct loaded *l = p->l;
	size_t n_names = 0;

	for (size_t i = 0; i < p->n; i++)
		n_names += 1 + l->codes[i].n_aliases +
		           (l->codes[i].dotnet != NULL);
	l->names = calloc(n_names, sizeof(*l->names));
	if (!l->names)
		return wsaerr_load_fail(p->err, 0, "out of memory");
	n_names = 0;
	for (size_t i = 0; i < p->n; i++) {
		const struct wsaerr_code *c = &l->codes[i];

		l->names[n_names++] = (struct wsaerr_name){c->name, (uint16_t)i,
		                                           WSAERR_NAME_SYMBOL};
		for (unsigned k = 0; k < c->n_aliases; k++)
			l->names[n_names++] = (struct wsaerr_name){
			        c->aliases[k], (uint16_t)i, WSAERR_NAME_ALIAS};
		if (c->dotnet)
			l->names[n_names++] = (struct wsaerr_name){
			        c->dotnet, (uint16_t)i, WSAERR_NAME_DOTNET};
	}
	qsort(l->names, n_names, sizeof(*l->names), cmp_name);
	l->table.names = l->names;
	l->table.n_names = n_names;
	return true;
}

/* Every word of the codes' texts and the neighbours' messages, with where
 * it is: *out, sorted, and their count in *n. */
static bool collect_words(struct parser *p, struct occ **out, size_t *n)
{
	struct loaded *l = p->l;
	size_t n_occ = 0;
	struct occ *occ;

	for (size_t i = 0; i < p->n; i++)
		n_occ += code_words(l, &l->codes[i], NULL, (uint16_t)i);
	n_occ += neighbour_words(l, NULL);
	occ = calloc(n_occ ? n_occ : 1, sizeof(*occ));
	if (!occ)
		return wsaerr_load_fail(p->err, 0, "out of memory");
	n_occ = 0;
	for (size_t i = 0; i < p->n; i++)
		n_occ += code_words(l, &l->codes[i], occ + n_occ, (uint16_t)i);
	n_occ += neighbour_words(l, occ + n_occ);
	qsort(occ, n_occ, sizeof(*occ), cmp_occ);
	*out = occ;
	*n = n_occ;
	return true;
}

/* The vocabulary (each word once, lower case) and its postings (the codes
 * each word is in, and in which fields), from the sorted occurrences. */
static bool build_postings(struct parser *p, const struct occ *occ,
                           size_t n_occ)
{
	struct loaded *l = p->l;
	size_t text = 0, nw = 0, np = 0;
	char *wt;

	for (size_t i = 0; i < n_occ; i++)
		text += occ[i].len + 1;
	l->words = calloc(n_occ ? n_occ : 1, sizeof(*l->words));
	l->postings = calloc(n_occ ? n_occ : 1, sizeof(*l->postings));
	l->word_text = wt = malloc(text ? text : 1);
	if (!l->words || !l->postings || !wt || n_occ > UINT16_MAX)
		return wsaerr_load_fail(p->err, 0,
		                        "out of memory or too many words");
	for (size_t i = 0; i < n_occ; i++) {
		const struct occ *o = &occ[i];
		bool new_word = i == 0 ||
		                wsaerr_casecmp(o->word, o->len, occ[i - 1].word,
		                               occ[i - 1].len) != 0;

		if (new_word) {
			for (size_t k = 0; k < o->len; k++) {
				char ch = o->word[k];

				wt[k] = (ch >= 'A' && ch <= 'Z')
				                ? (char)(ch - 'A' + 'a')
				                : ch;
			}
			wt[o->len] = '\0';
			l->words[nw++] = (struct wsaerr_word){
			        wt,
			        (uint16_t)o->len,
			        (uint16_t)np,
			        0,
			        0,
			        false,
			        false,
			        o->wide,
			        wsaerr_bag_mask(wt, o->len)};
			wt += o->len + 1;
		}
		if (new_word || l->postings[np - 1].code != o->code)
			l->postings[np++] = (struct wsaerr_posting){o->code, 0};
		l->postings[np - 1].fields |= o->field;
		l->words[nw - 1].marked = l->words[nw - 1].marked || o->marked;
		l->words[nw - 1].count =
		        (uint16_t)(np - l->words[nw - 1].first);
	}
	l->table.words = l->words;
	l->table.n_words = nw;
	l->table.postings = l->postings;
	l->table.n_postings = np;
	return true;
}

/* Each word's weight: how rare it is among the codes' own texts (BM25's
 * idf), and whether it is a weak word. The neighbours' messages add
 * fields to search, not to how common the codes' words are; a word only
 * they have counts their codes. */
static void weigh_words(struct parser *p)
{
	struct loaded *l = p->l;

	for (size_t i = 0; i < l->table.n_words; i++) {
		double df = 0;

		for (size_t k = l->words[i].first;
		     k < (size_t)l->words[i].first + l->words[i].count; k++)
			df += (l->postings[k].fields &
			       ~WSAERR_FIELD_NEIGHBOUR) != 0;
		if (df == 0)
			df = l->words[i].count;

		l->words[i].idf = (float)log(1.0 + ((double)p->n - df + 0.5) /
		                                           (df + 0.5));
		l->words[i].weak =
		        wsaerr_is_weak_word(l->words[i].word, l->words[i].len);
	}
}

static bool build_index(struct parser *p)
{
	struct occ *occ = NULL;
	size_t n_occ = 0;
	bool ok;

	if (!build_names(p) || !collect_words(p, &occ, &n_occ))
		return false;
	ok = !p->l->fold_failed && build_postings(p, occ, n_occ);
	free(occ);
	free_folds(p->l);
	if (!ok)
		return p->l->fold_failed ? wsaerr_load_fail(p->err, 0,
		                                            "out of memory or "
		                                            "a text too long")
		                         : false;
	weigh_words(p);
	return build_sequences(p) && !p->l->fold_failed;
}

/* Sorts by space, then value. */
static int cmp_neighbour(const void *a, const void *b)
{
	const struct wsaerr_neighbour *x = a, *y = b;

	if (x->space != y->space)
		return x->space < y->space ? -1 : 1;
	return (x->value > y->value) - (x->value < y->value);
}

static int cmp_nb_name(const struct wsaerr_neighbour *x,
                       const struct wsaerr_neighbour *y)
{
	return wsaerr_casecmp(x->name, strlen(x->name), y->name,
	                      strlen(y->name));
}

/* By Winsock code; Win32 first, then the surer, then by value. */
static int cmp_nb_code(const struct wsaerr_neighbour *x,
                       const struct wsaerr_neighbour *y)
{
	if (x->winsock != y->winsock)
		return x->winsock < y->winsock ? -1 : 1;
	if (x->space != y->space)
		return x->space < y->space ? -1 : 1;
	if (x->confidence != y->confidence)
		return x->confidence > y->confidence ? -1 : 1;
	return (x->value > y->value) - (x->value < y->value);
}

/* Sorts idx[0..n), indexes into base, by cmp: an insertion sort, for a
 * few hundred neighbours once at load, with no state outside its
 * arguments. */
static void sort_indexes(uint16_t *idx, size_t n,
                         const struct wsaerr_neighbour *base,
                         int (*cmp)(const struct wsaerr_neighbour *,
                                    const struct wsaerr_neighbour *))
{
	for (size_t i = 1; i < n; i++) {
		uint16_t v = idx[i];
		size_t j = i;

		for (; j > 0 && cmp(&base[idx[j - 1]], &base[v]) > 0; j--)
			idx[j] = idx[j - 1];
		idx[j] = v;
	}
}

/* Reads the neighbours' two files into l; checks what needs the codes. */
static bool load_neighbours(struct loaded *l,
                            const struct wsaerr_load_texts *in,
                            struct wsaerr_load_error *err)
{
	size_t n = 0, used = 0, arena = in->ntstatus_len + 4096;
	size_t total = in->win32_len + in->ntstatus_len + 2, codes;
	struct wsaerr_table *t = &l->table;

	if (!in->win32 || !in->ntstatus)
		return true;
	l->nb_text = malloc(total);
	l->nb_arena = malloc(arena);
	l->neighbours = calloc(MAX_NEIGHBOURS, sizeof(*l->neighbours));
	if (!l->nb_text || !l->nb_arena || !l->neighbours)
		return wsaerr_load_fail(err, 0, "out of memory");
	memcpy(l->nb_text, in->win32, in->win32_len);
	l->nb_text[in->win32_len] = '\0';
	memcpy(l->nb_text + in->win32_len + 1, in->ntstatus, in->ntstatus_len);
	l->nb_text[total - 1] = '\0';
	err->part = WSAERR_LOAD_WIN32;
	if (!wsaerr_neighbours_parse(l->nb_text, in->win32_len,
	                             WSAERR_SPACE_WIN32, l->neighbours,
	                             MAX_NEIGHBOURS, &n, l->nb_arena, arena,
	                             &used, err))
		return false;
	err->part = WSAERR_LOAD_NTSTATUS;
	if (!wsaerr_neighbours_parse(l->nb_text + in->win32_len + 1,
	                             in->ntstatus_len, WSAERR_SPACE_NTSTATUS,
	                             l->neighbours, MAX_NEIGHBOURS, &n,
	                             l->nb_arena, arena, &used, err))
		return false;
	qsort(l->neighbours, n, sizeof(*l->neighbours), cmp_neighbour);
	t->neighbours = l->neighbours;
	t->n_neighbours = n;
	codes = t->n_codes;
	l->nb_by_name = calloc(n + 1, sizeof(*l->nb_by_name));
	l->nb_by_code = calloc(n + 1, sizeof(*l->nb_by_code));
	l->nb_at = calloc(codes + 1, sizeof(*l->nb_at));
	if (!l->nb_by_name || !l->nb_by_code || !l->nb_at)
		return wsaerr_load_fail(err, 0, "out of memory");
	for (size_t i = 0; i < n; i++) {
		const struct wsaerr_neighbour *nb = &l->neighbours[i];

		err->part = nb->space == WSAERR_SPACE_WIN32
		                    ? WSAERR_LOAD_WIN32
		                    : WSAERR_LOAD_NTSTATUS;
		if (i > 0 && cmp_neighbour(nb - 1, nb) == 0)
			return wsaerr_load_fail(
			        err, 0, "%s 0x%X is given twice",
			        wsaerr_space_slug(nb->space), nb->value);
		if (nb->winsock && !wsaerr_table_by_value(t, nb->winsock))
			return wsaerr_load_fail(
			        err, 0,
			        "%s: Winsock code %u is not in the table",
			        nb->name, nb->winsock);
		l->neighbours[i].generic =
		        strstr(nb->note, "generic") != NULL ||
		        (nb->space == WSAERR_SPACE_WIN32 &&
		         wsaerr_table_by_value(t, nb->value) != NULL);
		l->nb_by_name[i] = l->nb_by_code[i] = (uint16_t)i;
	}
	err->part = WSAERR_LOAD_CODES;
	sort_indexes(l->nb_by_name, n, l->neighbours, cmp_nb_name);
	sort_indexes(l->nb_by_code, n, l->neighbours, cmp_nb_code);
	for (size_t i = 1; i < n; i++) {
		const char *a = l->neighbours[l->nb_by_name[i - 1]].name,
		           *b = l->neighbours[l->nb_by_name[i]].name;

		if (wsaerr_casecmp(a, strlen(a), b, strlen(b)) == 0)
			return wsaerr_load_fail(
			        err, 0, "neighbour name '%s' is used twice", b);
	}
	/* nb_at[c]: the first of code c's in nb_by_code, where those with
	 * no code sort first; code c's end where c + 1's begin */
	for (size_t c = 0, k = 0; c <= codes; c++) {
		while (k < n &&
		       (l->neighbours[l->nb_by_code[k]].winsock == 0 ||
		        (c < codes && l->neighbours[l->nb_by_code[k]].winsock <
		                              l->codes[c].value)))
			k++;
		l->nb_at[c] = (uint16_t)(c == codes ? n : k);
	}
	t->nb_by_name = l->nb_by_name;
	t->nb_by_code = l->nb_by_code;
	t->nb_at = l->nb_at;
	return true;
}

/* A localized row resolved: the text, and its line to keep the data's
 * order. */
struct loc_row {
	struct wsaerr_localized loc;
	unsigned line;
};

/* By code, its own texts first, then in the data's order. */
static int cmp_localized(const void *a, const void *b)
{
	const struct loc_row *x = a, *y = b;

	if (x->loc.code != y->loc.code)
		return x->loc.code < y->loc.code ? -1 : 1;
	if ((x->loc.neighbour != 0) != (y->loc.neighbour != 0))
		return x->loc.neighbour ? 1 : -1;
	return (x->line > y->line) - (x->line < y->line);
}

/* Row r as the table's: the code it names, or the Win32 neighbour it
 * names and the code that is its equivalent; false when it names none. */
static bool resolve_localized(const struct wsaerr_table *t,
                              const struct wsaerr_localized_row *r,
                              struct loc_row *out)
{
	const struct wsaerr_code *c = wsaerr_table_by_value(t, r->value);
	const struct wsaerr_neighbour *nb;

	*out = (struct loc_row){{0, r->lang, r->message, r->source, 0, 0, 0},
	                        r->line};
	if (c && strcmp(c->name, r->name) == 0) {
		out->loc.code = (uint16_t)(c - t->codes);
		return true;
	}
	nb = wsaerr_neighbour_by_value(t, WSAERR_SPACE_WIN32, r->value);
	c = nb ? wsaerr_neighbour_code(t, nb) : NULL;
	if (!c || strcmp(nb->name, r->name) != 0)
		return false;
	out->loc.code = (uint16_t)(c - t->codes);
	out->loc.neighbour = (uint16_t)(nb - t->neighbours + 1);
	return true;
}

/* data/localized.tsv: every row's code must be in the table, under its
 * name. */
static bool load_localized(struct loaded *l, const struct wsaerr_load_texts *in,
                           struct wsaerr_load_error *err)
{
	struct wsaerr_table *t = &l->table;
	struct wsaerr_localized_row *rows;
	struct loc_row *sorted = NULL;
	size_t n = 0, codes = t->n_codes;
	bool ok;

	if (!in->localized)
		return true;
	err->part = WSAERR_LOAD_LOCALIZED;
	l->loc_text = malloc(in->localized_len + 1);
	rows = calloc(MAX_LOCALIZED, sizeof(*rows));
	if (!l->loc_text || !rows) {
		free(rows);
		return wsaerr_load_fail(err, 0, "out of memory");
	}
	memcpy(l->loc_text, in->localized, in->localized_len);
	l->loc_text[in->localized_len] = '\0';
	ok = wsaerr_localized_parse(l->loc_text, in->localized_len, rows,
	                            MAX_LOCALIZED, &n, err);
	sorted = calloc(n + 1, sizeof(*sorted));
	l->localized = calloc(n + 1, sizeof(*l->localized));
	l->loc_at = calloc(codes + 1, sizeof(*l->loc_at));
	if (ok && (!sorted || !l->localized || !l->loc_at))
		ok = wsaerr_load_fail(err, 0, "out of memory");
	for (size_t i = 0; ok && i < n; i++) {
		if (!resolve_localized(t, &rows[i], &sorted[i]))
			ok = wsaerr_load_fail(
			        err, rows[i].line,
			        "%u is not %s in the table, nor a Win32 "
			        "neighbour with a Winsock code",
			        (unsigned)rows[i].value, rows[i].name);
	}
	if (ok)
		qsort(sorted, n, sizeof(*sorted), cmp_localized);
	for (size_t i = 0; ok && i < n; i++)
		l->localized[i] = sorted[i].loc;
	free(rows);
	free(sorted);
	if (!ok)
		return false;
	for (size_t c = 0, k = 0; c <= codes; c++) {
		while (k < n && l->localized[k].code < c)
			k++;
		l->loc_at[c] = (uint16_t)k;
	}
	for (size_t c = 0; c < codes; c++) {
		size_t own = l->loc_at[c];

		while (own < l->loc_at[c + 1] && !l->localized[own].neighbour)
			own++;
		l->codes[c].n_localized = (uint16_t)(own - l->loc_at[c]);
		l->codes[c].localized = l->codes[c].n_localized
		                                ? &l->localized[l->loc_at[c]]
		                                : NULL;
	}
	t->localized = l->localized;
	t->n_localized = n;
	t->loc_at = l->loc_at;
	err->part = WSAERR_LOAD_CODES;
	return true;
}

struct wsaerr_table *wsaerr_table_load(const char *text, size_t len,
                                       struct wsaerr_load_error *err)
{
	const struct wsaerr_load_texts in = {text, len, NULL, 0,
	                                     NULL, 0,   NULL, 0};

	return wsaerr_table_load_texts(&in, err);
}

struct wsaerr_table *wsaerr_table_load_texts(const struct wsaerr_load_texts *in,
                                             struct wsaerr_load_error *err)
{
	struct parser *p = calloc(1, sizeof(*p));
	struct loaded *l = calloc(1, sizeof(*l));
	const char *text = in->codes;
	size_t len = in->codes_len;
	unsigned line = 1;
	char *s;
	bool ok = true;

	memset(err, 0, sizeof(*err));
	if (!p || !l || !(l->buf = malloc(len + 1)) ||
	    !(l->codes = calloc(WSAERR_MAX_CODES, sizeof(*l->codes))) ||
	    !(l->refs = calloc(WSAERR_MAX_REFS, sizeof(*l->refs)))) {
		wsaerr_load_fail(err, 0, "out of memory");
		goto error;
	}
	memcpy(l->buf, text, len);
	l->buf[len] = '\0';
	p->l = l;
	p->err = err;
	l->table.codes = l->codes;
	l->table.refs = l->refs;
	for (s = l->buf; ok && s < l->buf + len; line++) {
		char *end = memchr(s, '\n', (size_t)(l->buf + len - s));
		size_t n;

		if (!end)
			end = l->buf + len;
		*end = '\0';
		n = (size_t)(end - s);
		if (n > 0 && s[n - 1] == '\r')
			s[--n] = '\0';
		if (memchr(s, '\0', n) || !wsaerr_utf8_valid(s, n))
			ok = wsaerr_load_fail(err, line, "not UTF-8 text");
		else
			ok = parse_line(p, line, s);
		s = end + 1;
	}
	ok = ok && finish_record(p);
	l->table.n_codes = p->n;
	l->table.n_refs = p->n_refs;
	ok = ok && load_neighbours(l, in, err) && load_localized(l, in, err) &&
	     build_index(p) && check_table(p);
	if (!ok)
		goto error;
	free(p);
	return &l->table;
error:
	free(p);
	wsaerr_table_free(l ? &l->table : NULL);
	return NULL;
}

void wsaerr_table_free(struct wsaerr_table *t)
{
	struct loaded *l = (struct loaded *)t;

	if (!l)
		return;
	free(l->buf);
	free(l->codes);
	free(l->refs);
	free(l->names);
	free(l->words);
	free(l->postings);
	free(l->word_text);
	free(l->sequence);
	free(l->nb_text);
	free(l->nb_arena);
	free(l->neighbours);
	free(l->nb_by_name);
	free(l->nb_by_code);
	free(l->nb_at);
	free(l->loc_text);
	free(l->localized);
	free(l->loc_at);
	free_folds(l);
	free(l);
}
