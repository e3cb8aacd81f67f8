#include "table.h"

#include "text.h"

#include <stdio.h>
#include <string.h>

const struct wsaerr_code *wsaerr_table_by_value(const struct wsaerr_table *t,
                                                unsigned value)
{
	size_t lo = 0, hi = t->n_codes;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		unsigned v = t->codes[mid].value;

		if (v == value)
			return &t->codes[mid];
		if (v < value)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct wsaerr_name *wsaerr_table_find_name(const struct wsaerr_table *t,
                                                 const char *name, size_t len)
{
	size_t lo = 0, hi = t->n_names;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = wsaerr_casecmp_str(t->names[mid].key, name, len);

		if (c == 0)
			return &t->names[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct wsaerr_code *wsaerr_table_by_name(const struct wsaerr_table *t,
                                               const char *name, size_t len)
{
	const struct wsaerr_name *n = wsaerr_table_find_name(t, name, len);

	return n ? &t->codes[n->code] : NULL;
}

uint32_t wsaerr_hresult(unsigned value)
{
	if (value == 0)
		return 0;
	return (uint32_t)(value & 0xFFFFu) | 0x80070000u;
}

static const char *const category_slugs[] = {
#define WSAERR_X(e, slug, title) slug,
        WSAERR_CATEGORIES(WSAERR_X)
#undef WSAERR_X
};

static const char *const category_titles[] = {
#define WSAERR_X(e, slug, title) title,
        WSAERR_CATEGORIES(WSAERR_X)
#undef WSAERR_X
};

static const char *const source_slugs[] = {
#define WSAERR_X(e, slug, title) slug,
        WSAERR_SOURCES(WSAERR_X)
#undef WSAERR_X
};

static const char *const source_titles[] = {
#define WSAERR_X(e, slug, title) title,
        WSAERR_SOURCES(WSAERR_X)
#undef WSAERR_X
};

static const char *const posix_source_slugs[] = {
#define WSAERR_X(e, slug, title) slug,
        WSAERR_POSIX_SOURCES(WSAERR_X)
#undef WSAERR_X
};

static const char *const posix_source_titles[] = {
#define WSAERR_X(e, slug, title) title,
        WSAERR_POSIX_SOURCES(WSAERR_X)
#undef WSAERR_X
};

const char *wsaerr_posix_source_slug(enum wsaerr_posix_source s)
{
	return (unsigned)s < WSAERR_POSIX_SRC_COUNT ? posix_source_slugs[s]
	                                            : "";
}

const char *wsaerr_posix_source_title(enum wsaerr_posix_source s)
{
	return (unsigned)s < WSAERR_POSIX_SRC_COUNT ? posix_source_titles[s]
	                                            : "";
}

static const char *const ref_kind_slugs[] = {
#define WSAERR_X(e, slug, title) slug,
        WSAERR_REF_KINDS(WSAERR_X)
#undef WSAERR_X
};

static const char *const ref_kind_titles[] = {
#define WSAERR_X(e, slug, title) title,
        WSAERR_REF_KINDS(WSAERR_X)
#undef WSAERR_X
};

const char *wsaerr_ref_kind_slug(enum wsaerr_ref_kind k)
{
	return (unsigned)k < WSAERR_REF_KIND_COUNT ? ref_kind_slugs[k] : "";
}

const char *wsaerr_ref_kind_title(enum wsaerr_ref_kind k)
{
	return (unsigned)k < WSAERR_REF_KIND_COUNT ? ref_kind_titles[k] : "";
}

const struct wsaerr_hint *wsaerr_hints(const struct wsaerr_code *c,
                                       enum wsaerr_hint_list l, unsigned *n)
{
	*n = l == WSAERR_HINT_CAUSES ? c->n_causes : c->n_checks;
	return l == WSAERR_HINT_CAUSES ? c->causes : c->checks;
}

bool wsaerr_hint_documented(const struct wsaerr_hint *h)
{
	for (unsigned i = 0; i < h->n_why; i++) {
		if (h->why[i]->kind == WSAERR_REF_DOCS ||
		    h->why[i]->kind == WSAERR_REF_ARTICLE)
			return true;
	}
	return false;
}

const char *wsaerr_category_slug(enum wsaerr_category c)
{
	return (unsigned)c < WSAERR_CAT_COUNT ? category_slugs[c] : "";
}

const char *wsaerr_category_title(enum wsaerr_category c)
{
	return (unsigned)c < WSAERR_CAT_COUNT ? category_titles[c] : "";
}

const char *wsaerr_source_slug(enum wsaerr_source s)
{
	return (unsigned)s < WSAERR_SRC_COUNT ? source_slugs[s] : "";
}

const char *wsaerr_source_title(enum wsaerr_source s)
{
	return (unsigned)s < WSAERR_SRC_COUNT ? source_titles[s] : "";
}

int wsaerr_category_from_slug(const char *slug, size_t len)
{
	for (int i = 0; i < WSAERR_CAT_COUNT; i++) {
		if (strlen(category_slugs[i]) == len &&
		    memcmp(category_slugs[i], slug, len) == 0)
			return i;
	}
	return -1;
}

const char *wsaerr_posix_space_name(enum wsaerr_posix_space s)
{
	return s == WSAERR_POSIX_H_ERRNO ? "h_errno" : "errno";
}

/* --- the neighbours --------------------------------------------------------
 */

const struct wsaerr_neighbour *wsaerr_neighbour_by_value(
        const struct wsaerr_table *t, enum wsaerr_space space, uint32_t value)
{
	size_t lo = 0, hi = t->n_neighbours;

	/* HRESULT_FROM_NT sets the customer bit: 0xD000020C is 0xC000020C */
	if (space == WSAERR_SPACE_NTSTATUS && (value >> 28) == 0xD)
		value &= ~UINT32_C(0x10000000);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct wsaerr_neighbour *n = &t->neighbours[mid];

		if (n->space == space && n->value == value)
			return n;
		if (n->space < space || (n->space == space && n->value < value))
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The neighbour named name[0..len) exactly, ASCII case-insensitively. */
static const struct wsaerr_neighbour *by_exact_name(
        const struct wsaerr_table *t, const char *name, size_t len)
{
	size_t lo = 0, hi = t->n_neighbours;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct wsaerr_neighbour *n =
		        &t->neighbours[t->nb_by_name[mid]];
		int c = wsaerr_casecmp(n->name, strlen(n->name), name, len);

		if (c == 0)
			return n;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct wsaerr_neighbour *wsaerr_neighbour_by_name(
        const struct wsaerr_table *t, const char *name, size_t len)
{
	/* Samba prints NT_STATUS_IO_TIMEOUT for STATUS_IO_TIMEOUT */
	static const char samba[] = "NT_STATUS_";
	const size_t skip = sizeof(samba) - 1 - strlen("STATUS_");
	const struct wsaerr_neighbour *n;

	if (wsaerr_has_prefix(name, len, samba, sizeof(samba) - 1)) {
		n = by_exact_name(t, name + skip, len - skip);
		return n && n->space == WSAERR_SPACE_NTSTATUS ? n : NULL;
	}
	return by_exact_name(t, name, len);
}

const struct wsaerr_code *wsaerr_neighbour_code(
        const struct wsaerr_table *t, const struct wsaerr_neighbour *n)
{
	return n && n->winsock ? wsaerr_table_by_value(t, n->winsock) : NULL;
}

static const char *const space_slugs[] = {
#define WSAERR_X(e, slug, title) slug,
        WSAERR_SPACES(WSAERR_X)
#undef WSAERR_X
};

static const char *const space_titles[] = {
#define WSAERR_X(e, slug, title) title,
        WSAERR_SPACES(WSAERR_X)
#undef WSAERR_X
};

static const char *const confidence_slugs[] = {
#define WSAERR_X(e, slug) slug,
        WSAERR_CONFIDENCES(WSAERR_X)
#undef WSAERR_X
};

const char *wsaerr_space_slug(enum wsaerr_space s)
{
	return (unsigned)s < WSAERR_SPACE_COUNT ? space_slugs[s] : "";
}

const char *wsaerr_space_title(enum wsaerr_space s)
{
	return (unsigned)s < WSAERR_SPACE_COUNT ? space_titles[s] : "";
}

const char *wsaerr_confidence_slug(enum wsaerr_confidence c)
{
	return (unsigned)c < WSAERR_CONF_COUNT ? confidence_slugs[c] : "";
}

const char *wsaerr_reading_slug(enum wsaerr_reading r)
{
	switch (r) {
	case WSAERR_READ_WIN32:
		return "win32";
	case WSAERR_READ_LINUX:
		return "linux-errno";
	case WSAERR_READ_BSD:
		return "bsd-errno";
	}
	return "";
}

size_t wsaerr_interpret(const struct wsaerr_table *t, unsigned value,
                        struct wsaerr_interpretation *out, size_t max)
{
	const struct wsaerr_neighbour *nb =
	        wsaerr_neighbour_by_value(t, WSAERR_SPACE_WIN32, value);
	size_t n = 0;

	if (nb && n < max)
		out[n++] = (struct wsaerr_interpretation){
		        WSAERR_READ_WIN32, nb->name,
		        wsaerr_neighbour_code(t, nb), nb};
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < t->n_codes && n < max; i++) {
			const struct wsaerr_posix *p = &t->codes[i].posix;
			int v = pass == 0 ? p->linux_value : p->bsd_value;

			if (p->name && p->space == WSAERR_POSIX_ERRNO &&
			    v == (int)value)
				out[n++] = (struct wsaerr_interpretation){
				        pass == 0 ? WSAERR_READ_LINUX
				                  : WSAERR_READ_BSD,
				        p->name, &t->codes[i], NULL};
		}
	}
	return n;
}

size_t wsaerr_number_hint(const struct wsaerr_table *t, unsigned value,
                          char *buf, size_t size,
                          const struct wsaerr_code **codes, size_t max,
                          size_t *n_codes)
{
	struct wsaerr_interpretation in[8];
	size_t n = wsaerr_interpret(t, value, in, 8), used, out = 0;

	*n_codes = 0;
	if (size == 0 || n == 0)
		return 0;
	used = (size_t)snprintf(buf, size, "%u is not a Winsock code", value);
	for (size_t i = 0; i < n; i++) {
		const struct wsaerr_interpretation *r = &in[i];
		/* the same name and code on Linux and the BSDs: said once */
		bool both = r->reading == WSAERR_READ_LINUX && i + 1 < n &&
		            in[i + 1].reading == WSAERR_READ_BSD &&
		            in[i + 1].code == r->code;

		if (r->code && out < max &&
		    (out == 0 || codes[out - 1] != r->code))
			codes[out++] = r->code;
		if (used >= size)
			continue;
		if (r->reading == WSAERR_READ_WIN32) {
			const struct wsaerr_neighbour *nb = r->neighbour;

			used += (size_t)snprintf(buf + used, size - used,
			                         "; Win32 error %u is %s (%s)",
			                         value, nb->name, nb->message);
			if (r->code && used < size)
				used += (size_t)snprintf(
				        buf + used, size - used,
				        ", which Winsock reports as %s (%u), %s "
				        "confidence%s",
				        r->code->name, r->code->value,
				        wsaerr_confidence_slug(nb->confidence),
				        nb->conflict ? ", the sources disagree"
				                     : "");
			else if (used < size)
				used += (size_t)snprintf(
				        buf + used, size - used,
				        ", with no established Winsock "
				        "equivalent");
			continue;
		}
		used += (size_t)snprintf(
		        buf + used, size - used,
		        "; %s errno %u is %s, which Windows reports as %s (%u)",
		        both                              ? "Linux and BSD"
		        : r->reading == WSAERR_READ_LINUX ? "Linux"
		                                          : "BSD",
		        value, r->name, r->code->name, r->code->value);
		i += both;
	}
	*n_codes = out;
	return n;
}
