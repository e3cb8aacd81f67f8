#include "membuf.h"

#include <stdlib.h>

bool membuf_open(struct membuf *m, size_t cap)
{
	m->buf = NULL;
	m->len = 0;
	m->cap = cap;
	m->f = open_memstream(&m->buf, &m->len);
	return m->f != NULL;
}

bool membuf_over(struct membuf *m)
{
	/* the stream's size shows only after a flush */
	return ferror(m->f) || fflush(m->f) != 0 || m->len > m->cap;
}

char *membuf_close(struct membuf *m, size_t *len)
{
	bool failed = ferror(m->f);

	if (fclose(m->f) != 0 || failed || m->len > m->cap) {
		free(m->buf);
		m->buf = NULL;
		return NULL;
	}
	*len = m->len;
	return m->buf;
}

void membuf_discard(struct membuf *m)
{
	fclose(m->f);
	free(m->buf);
	m->buf = NULL;
}
