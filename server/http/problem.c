#include "problem.h"

#include "membuf.h"
#include "render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	unsigned status;
	const char *type;
	const char *title;
	bool close;
} problems[] = {
#define PROBLEM_X(e, status, type, title, close) {status, type, title, close},
        PROBLEMS(PROBLEM_X)
#undef PROBLEM_X
};

unsigned problem_status(enum problem p)
{
	return problems[p].status;
}

const char *problem_title(enum problem p)
{
	return problems[p].title;
}

bool problem_closes(enum problem p)
{
	return problems[p].close;
}

/* Text form: "404 Unknown error code: detail", then a line per suggestion. */
static char *text_body(enum problem p, const char *detail, json_t *extra,
                       size_t *len)
{
	struct membuf m;
	FILE *f;
	json_t *suggestions = json_object_get(extra, "suggestions");
	size_t i;
	json_t *s;

	if (!membuf_open(&m, MEMBUF_CAP))
		return NULL;
	f = m.f;
	fprintf(f, "%u %s: %s\n", problems[p].status, problems[p].title,
	        detail);
	json_array_foreach(suggestions, i, s)
	{
		fprintf(f, "did you mean %s (%lld)?\n",
		        json_string_value(json_object_get(s, "name")),
		        (long long)json_integer_value(
		                json_object_get(s, "code")));
	}
	return membuf_close(&m, len);
}

/*
 * JSON form, byte for byte what jansson writes for the object of the four
 * members with extra's added (a test compares them), but without building
 * that object: the four are written by hand and extra's members, dumped by
 * jansson, spliced in after them. Every error a client's bytes provoke
 * (a path no route has, a bad parameter) comes through here.
 */
static char *json_body(enum problem p, const char *detail, json_t *extra,
                       size_t *len)
{
	static const char *const own[] = {"type", "title", "status", "detail"};
	char *members = NULL;
	size_t members_len = 0;
	struct membuf m;
	FILE *f;
	bool ok;

	if (extra) {
		bool fits = json_is_object(extra); /* adds, never replaces */

		for (size_t i = 0; fits && i < sizeof(own) / sizeof(own[0]);
		     i++)
			fits = !json_object_get(extra, own[i]);
		if (!fits) {
			json_decref(extra);
			return NULL;
		}
		members = wsaerr_dumps_new(extra, &members_len); /* "{...}" */
		if (!members)
			return NULL;
	}
	if (!membuf_open(&m, MEMBUF_CAP)) {
		free(members);
		return NULL;
	}
	f = m.f;
	/* the type and the title are constants with nothing to escape */
	fprintf(f,
	        "{\"type\":\"%s\",\"title\":\"%s\",\"status\":%u,\"detail\":",
	        problems[p].type, problems[p].title, problems[p].status);
	ok = wsaerr_json_string(f, detail, strlen(detail));
	if (members_len > 2) { /* not "{}" */
		fputc(',', f);
		fwrite(members + 1, 1, members_len - 1, f);
	} else {
		fputc('}', f);
	}
	free(members);
	if (!ok) {
		membuf_discard(&m);
		return NULL;
	}
	return membuf_close(&m, len);
}

char *problem_body(enum problem p, const char *detail, json_t *extra, bool text,
                   size_t *len)
{
	char *body;

	if (text) {
		body = text_body(p, detail, extra, len);
		json_decref(extra);
		return body;
	}
	return json_body(p, detail, extra, len);
}
