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

size_t wsaerr_errno_hint(const struct wsaerr_table *t, unsigned value,
                         char *buf, size_t size,
                         const struct wsaerr_code **codes, size_t max)
{
	size_t n = 0, used;

	if (size == 0)
		return 0;
	used = (size_t)snprintf(buf, size, "%u is not a Winsock code", value);
	for (size_t i = 0; i < t->n_codes && n < max; i++) {
		const struct wsaerr_code *c = &t->codes[i];
		const struct wsaerr_posix *p = &c->posix;
		bool on_linux = p->linux_value == (int)value;
		bool on_bsd = p->bsd_value == (int)value;

		if (!p->name || p->space != WSAERR_POSIX_ERRNO ||
		    (!on_linux && !on_bsd))
			continue;
		codes[n++] = c;
		if (used < size)
			used += (size_t)snprintf(
			        buf + used, size - used,
			        "; %s errno %u is %s, which Windows reports as %s "
			        "(%u)",
			        on_linux && on_bsd ? "Linux and BSD"
			        : on_linux         ? "Linux"
			                           : "BSD",
			        value, p->name, c->name, c->value);
	}
	return n;
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
