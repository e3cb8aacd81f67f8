#include "problem.h"

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
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);
	json_t *suggestions = json_object_get(extra, "suggestions");
	size_t i;
	json_t *s;

	if (!f)
		return NULL;
	fprintf(f, "%u %s: %s\n", problems[p].status, problems[p].title,
	        detail);
	json_array_foreach(suggestions, i, s)
	{
		fprintf(f, "did you mean %s (%lld)?\n",
		        json_string_value(json_object_get(s, "name")),
		        (long long)json_integer_value(
		                json_object_get(s, "code")));
	}
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	*len = size;
	return buf;
}

char *problem_body(enum problem p, const char *detail, json_t *extra, bool text,
                   size_t *len)
{
	json_t *j;
	char *body;

	if (text) {
		body = text_body(p, detail, extra, len);
		json_decref(extra);
		return body;
	}
	j = json_pack("{s:s, s:s, s:i, s:s}", "type", problems[p].type, "title",
	              problems[p].title, "status", (int)problems[p].status,
	              "detail", detail);
	if (!j) {
		json_decref(extra);
		return NULL;
	}
	if (extra && json_object_update_new(j, extra) != 0) {
		json_decref(j);
		return NULL;
	}
	return wsaerr_dumps_new(j, len);
}
