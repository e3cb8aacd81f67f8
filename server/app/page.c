#include "page.h"

#include "bodies.h"
#include "membuf.h"
#include "render.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The files of web/, embedded by tools/embed: web/app.js is
 * wsaerr_web_app_js, and so on. */
#define WEB_FILES(X) X(page_html) X(app_js) X(app_css) X(icon_svg)
#define WEB_EXTERN(f)                                                          \
	extern const char wsaerr_web_##f[];                                    \
	extern const size_t wsaerr_web_##f##_len;
WEB_FILES(WEB_EXTERN)
#undef WEB_EXTERN

struct asset page_asset(size_t i)
{
	static const char *const names[] = {
#define ASSET_NAME(name, type) name,
	        PAGE_ASSETS(ASSET_NAME)
#undef ASSET_NAME
	};
	static const char *const types[] = {
#define ASSET_TYPE(name, type) type,
	        PAGE_ASSETS(ASSET_TYPE)
#undef ASSET_TYPE
	};
	/* in the order of PAGE_ASSETS */
	const char *const bodies[] = {wsaerr_web_app_js, wsaerr_web_app_css,
	                              wsaerr_web_icon_svg};
	const size_t lens[] = {wsaerr_web_app_js_len, wsaerr_web_app_css_len,
	                       wsaerr_web_icon_svg_len};

	_Static_assert(sizeof(bodies) / sizeof(bodies[0]) == PAGE_N_ASSETS,
	               "a body for every asset");
	return (struct asset){names[i], types[i], bodies[i], lens[i]};
}

/* --- writing HTML -------------------------------------------------------- */

/* Writes s[0..len) with the five characters HTML gives meaning escaped, so
 * it is safe in text and in a quoted attribute. */
static void esc_n(FILE *f, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		switch (s[i]) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		default:
			fputc(s[i], f);
		}
	}
}

static void esc(FILE *f, const char *s)
{
	esc_n(f, s, strlen(s));
}

/*
 * The whole page: web/page.html with {{title}} and {{q}} (escaped) and
 * {{main}} (the view, HTML already) filled in. Takes `main`.
 */
static char *shell(const char *title, const char *q, char *main,
                   size_t main_len, size_t *len)
{
	const char *t = wsaerr_web_page_html,
	           *end = t + wsaerr_web_page_html_len;
	struct membuf o;

	if (!main || !membuf_open(&o, MEMBUF_CAP)) {
		free(main);
		return NULL;
	}
	while (t < end) {
		const char *mark = strstr(t, "{{");

		if (!mark || mark >= end) {
			fwrite(t, 1, (size_t)(end - t), o.f);
			break;
		}
		fwrite(t, 1, (size_t)(mark - t), o.f);
		if (strncmp(mark, "{{title}}", 9) == 0) {
			esc(o.f, title);
			fputs(" \xe2\x80\x93 wsaerr", o.f); /* an en dash */
			t = mark + 9;
		} else if (strncmp(mark, "{{q}}", 5) == 0) {
			esc(o.f, q ? q : "");
			t = mark + 5;
		} else if (strncmp(mark, "{{main}}", 8) == 0) {
			fwrite(main, 1, main_len, o.f);
			t = mark + 8;
		} else { /* not ours: as it is */
			fputs("{{", o.f);
			t = mark + 2;
		}
	}
	free(main);
	return membuf_close(&o, len);
}

/* "“text”", escaped, with curly quotes. */
static void quoted(FILE *f, const char *s)
{
	fputs("\xe2\x80\x9c", f);
	esc(f, s);
	fputs("\xe2\x80\x9d", f);
}

/* One result, as app.js renders it too; `via`, the neighbour it was
 * found through, and `loc`, the localized text, or NULL. */
static void result_item_via(FILE *f, const struct wsaerr_code *c,
                            const struct wsaerr_neighbour *via,
                            const struct wsaerr_localized *loc)
{
	fprintf(f,
	        "<li><a href=\"/codes/%u\"><span class=\"name\">%s</span>"
	        "<span class=\"num\">%u \xc2\xb7 %s</span>"
	        "<span class=\"msg\">",
	        c->value, c->name, c->value, c->hex);
	esc(f, c->message);
	fputs("</span>", f);
	if (via) { /* the data's names are [A-Z0-9_]: nothing to escape */
		fprintf(f, "<span class=\"via\">reported as %s%s</span>",
		        via->name, via->conflict ? " (sources disagree)" : "");
	}
	if (loc) { /* a tag the loader checked: nothing to escape */
		fprintf(f,
		        "<span class=\"via\">Windows (%s): <span lang=\"%s\">",
		        loc->lang, loc->lang);
		esc(f, loc->message);
		fputs("</span></span>", f);
	}
	fputs("</a></li>\n", f);
}

static void result_item(FILE *f, const struct wsaerr_code *c)
{
	result_item_via(f, c, NULL, NULL);
}

/* A source as the data gives it: its https:// addresses as links a
 * person follows, the rest as text. */
static void source_html(FILE *f, const char *s)
{
	while (*s) {
		size_t n = strcspn(s, " ");

		if (n > 8 && strncmp(s, "https://", 8) == 0) {
			fputs("<a href=\"", f);
			esc_n(f, s, n);
			fputs("\" rel=\"noopener noreferrer\">", f);
			esc_n(f, s + 8, n - 8); /* github.com/...: shorter */
			fputs("</a>", f);
		} else {
			esc_n(f, s, n);
		}
		s += n;
		for (; *s == ' '; s++)
			fputc(' ', f);
	}
}

/* The code's system message as Windows in other languages prints it,
 * each with where it was seen; nothing for a code with none. */
static void localized_html(FILE *f, const struct wsaerr_code *c)
{
	if (c->n_localized == 0)
		return;
	fprintf(f,
	        "<details class=\"localized\"><summary>As Windows prints it "
	        "in other languages (%u)</summary>\n<dl>\n",
	        (unsigned)c->n_localized);
	for (unsigned i = 0; i < c->n_localized; i++) {
		const struct wsaerr_localized *l = &c->localized[i];

		fprintf(f, "<dt>%s</dt><dd><span lang=\"%s\">", l->lang,
		        l->lang);
		esc(f, l->message);
		fputs("</span> <small>seen in: ", f);
		source_html(f, l->source);
		fputs("</small></dd>\n", f);
	}
	fputs("</dl>\n</details>\n", f);
}

char *page_home(size_t *len)
{
	static const char main[] =
	        "<h1>What does this Windows Sockets error mean?</h1>\n"
	        "<p>Type or paste a code (<a href=\"/?q=10061\">10061</a>), "
	        "a name (<a href=\"/?q=WSAECONNRESET\">WSAECONNRESET</a>), "
	        "a hex or HRESULT value (<a href=\"/?q=0x8007274C\">"
	        "0x8007274C</a>), or a whole line from a log "
	        "(<a href=\"/?q=An+existing+connection+was+forcibly+closed+by+"
	        "the+remote+host\">An existing connection was forcibly closed "
	        "by the remote host</a>).</p>\n"
	        "<p>Every code of the table: <a href=\"/codes\">the full "
	        "list</a>.</p>\n";
	char *m = malloc(sizeof(main));

	if (m)
		memcpy(m, main, sizeof(main));
	return shell("Windows Sockets errors", NULL, m, sizeof(main) - 1, len);
}

char *page_results(const struct listing *p, const char *q, size_t *len)
{
	struct membuf o;
	char *main;
	size_t main_len = 0;

	if (!membuf_open(&o, MEMBUF_CAP))
		return NULL;
	if (q) {
		fputs("<h1 id=\"results-title\">Results for ", o.f);
		quoted(o.f, q);
		fputs("</h1>\n", o.f);
	} else {
		fputs("<h1 id=\"results-title\">Every code</h1>\n", o.f);
	}
	if (p->truncated)
		fprintf(o.f,
		        "<p class=\"note\">Only the first %zu bytes were "
		        "searched.</p>\n",
		        p->query_len);
	if (p->total == 0)
		fputs("<p>No code matches. Try the number (10061), the name "
		      "(WSAECONNREFUSED), the hex (0x274D), or the error text "
		      "as the log shows it.</p>\n",
		      o.f);
	else if (p->n == p->total && p->offset == 0)
		fprintf(o.f, "<p>%zu %s.</p>\n", p->total,
		        p->total == 1 ? "code matches" : "codes match");
	else
		fprintf(o.f, "<p>Codes %zu to %zu of %zu.</p>\n", p->offset + 1,
		        p->offset + p->n, p->total);
	if (p->n > 0) {
		fputs("<ol class=\"results\" aria-labelledby=\"results-title\">"
		      "\n",
		      o.f);
		for (size_t i = 0; i < p->n; i++)
			result_item_via(o.f, p->codes[i],
			                p->hits ? p->hits[i].via : NULL,
			                p->hits && wsaerr_hit_lang(&p->hits[i])
			                        ? p->hits[i].loc
			                        : NULL);
		fputs("</ol>\n", o.f);
	}
	main = membuf_close(&o, &main_len);
	return shell(q ? q : "Every code", q, main, main_len, len);
}

/*
 * A hint is read in pieces: a backquote (which opens or closes a command),
 * a run of digits, or one other byte. Returns the piece's length; 0 at the
 * end. *number says whether it is digits.
 */
static size_t next_piece(const char *h, bool *number)
{
	size_t n = 0;

	while (h[n] >= '0' && h[n] <= '9')
		n++;
	*number = n > 0;
	return n > 0 ? n : (h[0] != '\0');
}

/* The code a hint names with digits s[0..n): a 4- or 5-digit number that
 * is a code of t, outside a command; else NULL. */
static const struct wsaerr_code *named_code(const struct wsaerr_table *t,
                                            const char *s, size_t n)
{
	unsigned v = 0;

	if (n < 4 || n > 5)
		return NULL;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (unsigned)(s[i] - '0');
	return wsaerr_table_by_value(t, v);
}

/*
 * A hint as HTML: `command` becomes <code>command</code>, and a code it
 * names (10060) a link to that code.
 */
static void hint_html(FILE *f, const struct wsaerr_table *t, const char *h)
{
	bool in_code = false, number;
	size_t n;

	for (; (n = next_piece(h, &number)) > 0; h += n) {
		const struct wsaerr_code *c =
		        number && !in_code ? named_code(t, h, n) : NULL;

		if (c) {
			fprintf(f, "<a href=\"/codes/%u\">%u</a>", c->value,
			        c->value);
		} else if (*h == '`') {
			fputs(in_code ? "</code>" : "<code>", f);
			in_code = !in_code;
		} else {
			esc_n(f, h, n);
		}
	}
	if (in_code)
		fputs("</code>", f);
}

/* What a hint rests on, shown on request: a disclosure that works
 * without JavaScript. */
static void hint_why(FILE *f, const struct wsaerr_hint *h)
{
	fputs("<details class=\"why\"><summary>Why we say this</summary>\n"
	      "<ul>\n",
	      f);
	for (unsigned k = 0; k < h->n_why; k++) {
		const struct wsaerr_ref *r = h->why[k];

		fputs("<li>", f);
		if (r->url[0]) {
			fputs("<a href=\"", f);
			esc(f, r->url);
			fputs("\" rel=\"noopener noreferrer\">", f);
			esc(f, r->title);
			fputs("</a>", f);
		} else {
			esc(f, r->title);
		}
		fprintf(f, " <span class=\"kind\">(%s)</span></li>\n",
		        wsaerr_ref_kind_title(r->kind));
	}
	fputs("</ul>\n", f);
	if (!wsaerr_hint_documented(h))
		fputs("<p>This rests on behaviour people reported and on our "
		      "review, not on Microsoft's documentation.</p>\n",
		      f);
	fputs("</details>", f);
}

static void hint_list(FILE *f, const struct wsaerr_table *t, const char *title,
                      const struct wsaerr_hint *items, unsigned n)
{
	fprintf(f, "<h2>%s</h2>\n<ul>\n", title);
	for (unsigned i = 0; i < n; i++) {
		fputs("<li>", f);
		hint_html(f, t, items[i].text);
		hint_why(f, &items[i]);
		fputs("</li>\n", f);
	}
	fputs("</ul>\n", f);
}

/* Adds code v to list (of *n) unless it is there or is c itself. */
static void add_related(const struct wsaerr_table *t,
                        const struct wsaerr_code *c, unsigned v,
                        const struct wsaerr_code **list, size_t *n, size_t max)
{
	const struct wsaerr_code *r = wsaerr_table_by_value(t, v);

	if (!r || r == c || *n >= max)
		return;
	for (size_t i = 0; i < *n; i++) {
		if (list[i] == r)
			return;
	}
	list[(*n)++] = r;
}

/* The codes of c->related, then those its hints name. */
static size_t related_codes(const struct wsaerr_table *t,
                            const struct wsaerr_code *c,
                            const struct wsaerr_code **list, size_t max)
{
	size_t n = 0;

	for (unsigned i = 0; i < c->n_related; i++)
		add_related(t, c, c->related[i], list, &n, max);
	for (int l = 0; l < WSAERR_N_HINT_LISTS; l++) {
		unsigned count;
		const struct wsaerr_hint *hints =
		        wsaerr_hints(c, (enum wsaerr_hint_list)l, &count);

		for (unsigned k = 0; k < count; k++) {
			const char *h = hints[k].text;
			bool in_code = false, number;
			size_t d;

			for (; (d = next_piece(h, &number)) > 0; h += d) {
				const struct wsaerr_code *r =
				        number && !in_code ? named_code(t, h, d)
				                           : NULL;

				in_code ^= *h == '`';
				if (r)
					add_related(t, c, r->value, list, &n,
					            max);
			}
		}
	}
	return n;
}

static void copy_button(FILE *f, const char *what, const char *value)
{
	fprintf(f,
	        "<button type=\"button\" class=\"secondary\" data-copy=\"%s\">"
	        "Copy %s</button>\n",
	        value, what);
}

/* The facts of c as a definition list. */
static void code_facts(FILE *f, const struct wsaerr_code *c)
{
	fprintf(f,
	        "<h2>Details</h2>\n<dl class=\"facts\">\n"
	        "<dt>Decimal</dt><dd>%u</dd>\n<dt>Hex</dt><dd>%s</dd>\n"
	        "<dt>HRESULT</dt><dd>%s</dd>\n<dt>Category</dt><dd>%s</dd>\n",
	        c->value, c->hex, c->hresult,
	        wsaerr_category_title(c->category));
	fputs("<dt>POSIX</dt><dd>", f);
	wsaerr_posix_text(f, &c->posix);
	fputs("</dd>\n", f);
	for (unsigned i = 0; i < c->posix.n_texts; i++) {
		fprintf(f, "<dt>%s</dt><dd>",
		        wsaerr_posix_source_title(c->posix.texts[i].source));
		esc(f, c->posix.texts[i].text);
		fputs("</dd>\n", f);
	}
	fputs("<dt>.NET</dt><dd>", f);
	if (c->dotnet)
		fprintf(f, "SocketError.%s", c->dotnet);
	else
		fputs("none", f);
	fputs("</dd>\n", f);
	if (c->n_aliases > 0) {
		fputs("<dt>Also</dt><dd>", f);
		for (unsigned i = 0; i < c->n_aliases; i++)
			fprintf(f, "%s%s", i ? ", " : "", c->aliases[i]);
		fputs("</dd>\n", f);
	}
	if (c->event)
		fputs("<dt>Kind</dt><dd>reports an event, not a failure</dd>\n",
		      f);
	fprintf(f, "<dt>Source</dt><dd>%s</dd>\n</dl>\n",
	        wsaerr_source_title(c->source));
}

/* "Reported as ERROR_SEM_TIMEOUT (121, Win32 system error): ...", with
 * how sure the equivalence is and what it rests on. */
static void via_html(FILE *f, const struct wsaerr_neighbour *n)
{
	fputs("<section class=\"via\" aria-label=\"Reported as\">\n<p>"
	      "Reported as <strong>",
	      f);
	esc(f, n->name);
	if (n->space == WSAERR_SPACE_WIN32)
		fprintf(f, "</strong> (%u, ", (unsigned)n->value);
	else
		fprintf(f, "</strong> (0x%08X, ", (unsigned)n->value);
	esc(f, wsaerr_space_title(n->space));
	fputs(")", f);
	if (n->message[0]) {
		fputs(": ", f);
		esc(f, n->message);
	}
	fputs("</p>\n<p>The same failure as this Winsock code: ", f);
	esc(f, wsaerr_confidence_slug(n->confidence));
	fputs(" confidence", f);
	if (n->conflict)
		fputs(", <strong>the sources disagree</strong>", f);
	if (n->note[0]) {
		fputs(" (", f);
		esc(f, n->note);
		fputs(")", f);
	}
	fputs(".</p>\n<details><summary>Why we say this</summary>\n<p>", f);
	esc(f, n->basis);
	fputs("</p>\n<p>Sources: ", f);
	esc(f, n->sources);
	fputs("</p>\n</details>\n</section>\n", f);
}

char *page_code(const struct wsaerr_table *t, const struct wsaerr_code *c,
                size_t *len)
{
	return page_code_via(t, c, NULL, len);
}

char *page_code_via(const struct wsaerr_table *t, const struct wsaerr_code *c,
                    const struct wsaerr_neighbour *via, size_t *len)
{
	const struct wsaerr_code *related[8];
	size_t n_related = related_codes(t, c, related, 8);
	char decimal[16], title[160], *main;
	size_t main_len = 0;
	struct membuf o;

	if (!membuf_open(&o, MEMBUF_CAP))
		return NULL;
	snprintf(decimal, sizeof(decimal), "%u", c->value);
	fprintf(o.f,
	        "<article class=\"code\" aria-labelledby=\"code-title\">\n"
	        "<h1 id=\"code-title\">%s <span class=\"num\">%u</span></h1>\n"
	        "<p class=\"lead\">",
	        c->name, c->value);
	esc(o.f, c->message);
	fputs("</p>\n", o.f);
	if (via)
		via_html(o.f, via);
	fputs("<div class=\"copy\">\n", o.f);
	copy_button(o.f, "name", c->name);
	copy_button(o.f, "decimal", decimal);
	copy_button(o.f, "hex", c->hex);
	copy_button(o.f, "HRESULT", c->hresult);
	/* what the log says, then what to do about it, then the rest */
	fputs("</div>\n<h2>What Windows says</h2>\n<blockquote><p>", o.f);
	esc(o.f, c->system_message);
	fputs("</p></blockquote>\n", o.f);
	localized_html(o.f, c);
	if (c->n_causes > 0) {
		fputs("<section class=\"hints\" aria-label=\"What to check\">\n",
		      o.f);
		static const char *const titles[] = {"Likely causes",
		                                     "What to check"};

		for (int l = 0; l < WSAERR_N_HINT_LISTS; l++) {
			unsigned n;
			const struct wsaerr_hint *h =
			        wsaerr_hints(c, (enum wsaerr_hint_list)l, &n);

			hint_list(o.f, t, titles[l], h, n);
		}
		fputs("<p class=\"note\">Advice in English, written for this "
		      "service, not Microsoft's text; each point says why "
		      "we say it.</p>\n</section>\n",
		      o.f);
	}
	code_facts(o.f, c);
	fputs("<h2>Description</h2>\n<p>", o.f);
	esc(o.f, c->description);
	fputs("</p>\n", o.f);
	if (n_related > 0) {
		fputs("<h2>Related codes</h2>\n<ol class=\"results\">\n", o.f);
		for (size_t i = 0; i < n_related; i++)
			result_item(o.f, related[i]);
		fputs("</ol>\n", o.f);
	}
	fputs("</article>\n", o.f);
	main = membuf_close(&o, &main_len);
	snprintf(title, sizeof(title), "%s (%u): %s", c->name, c->value,
	         c->message);
	return shell(title, NULL, main, main_len, len);
}

char *page_message(const char *q, const char *heading, const char *detail,
                   const json_t *suggestions, size_t *len)
{
	struct membuf o;
	char *main;
	size_t main_len = 0, i;
	json_t *s;

	if (!membuf_open(&o, MEMBUF_CAP))
		return NULL;
	fputs("<h1>", o.f);
	esc(o.f, heading);
	fputs("</h1>\n", o.f);
	if (detail && detail[0]) {
		fputs("<p>", o.f);
		esc(o.f, detail);
		fputs(detail[strlen(detail) - 1] == '.' ? "</p>\n" : ".</p>\n",
		      o.f);
	}
	if (json_array_size(suggestions) > 0) {
		fputs("<h2>Did you mean</h2>\n<ol class=\"results\">\n", o.f);
		json_array_foreach(suggestions, i, s)
		{
			json_int_t code =
			        json_integer_value(json_object_get(s, "code"));
			const char *name =
			        json_string_value(json_object_get(s, "name"));

			fprintf(o.f,
			        "<li><a href=\"/codes/%lld\"><span "
			        "class=\"name\">",
			        (long long)code);
			esc(o.f, name ? name : "");
			fprintf(o.f,
			        "</span><span class=\"num\">%lld</span>"
			        "</a></li>\n",
			        (long long)code);
		}
		fputs("</ol>\n", o.f);
	}
	main = membuf_close(&o, &main_len);
	return shell(heading, q, main, main_len, len);
}
