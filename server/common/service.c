#include "service.h"

#include <string.h>

/* The routes' facts, from the one list (the handlers are the router's). */
static const struct {
	const char *path;
	const char *allow;
	const char *description;
} routes[] = {
#define ROUTE_ROW(e, path, handler, allow, description)                        \
	{path, allow, description},
        ROUTES(ROUTE_ROW)
#undef ROUTE_ROW
};

static const char *const method_labels[] = {
#define METHOD_LABEL(m) #m,
        METHODS(METHOD_LABEL)
#undef METHOD_LABEL
};

/* What ROUTE_NONE allows: what every route allows. */
static const char allow_any[] = "GET, HEAD, OPTIONS";

enum method method_of(const char *m)
{
	for (int i = 0; i < METHOD_OTHER; i++) {
		if (strcmp(m, method_labels[i]) == 0)
			return (enum method)i;
	}
	return METHOD_OTHER;
}

const char *route_label(enum route r)
{
	return r < ROUTE_NONE ? routes[r].path : "unmatched";
}

const char *method_label(enum method m)
{
	return method_labels[m];
}

const char *route_allow(enum route r)
{
	return r < ROUTE_NONE ? routes[r].allow : allow_any;
}

const char *route_description(enum route r)
{
	return r < ROUTE_NONE ? routes[r].description : NULL;
}

bool route_allows(enum route r, enum method m)
{
	const char *allow = route_allow(r), *label = method_labels[m];
	size_t n = strlen(label);

	if (m == METHOD_OTHER)
		return false;
	/* "GET, HEAD, OPTIONS": a label between the list's separators */
	for (const char *p = allow; (p = strstr(p, label)) != NULL; p += n) {
		if ((p == allow || p[-1] == ' ') &&
		    (p[n] == '\0' || p[n] == ','))
			return true;
	}
	return false;
}
