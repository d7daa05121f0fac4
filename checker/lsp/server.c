/* server: JSON-RPC framing over file descriptors, the document store and
 * the LSP message loop; see lsp.h. */
#include "lsp.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../base/base.h"
#include "../base/source.h"
#include "../content/campaign.h"
#include "../diag/finding.h"
#include "../engine/check.h"
#include "json.h"

/* JSON-RPC and LSP error codes */
enum {
	RPC_PARSE_ERROR = -32700,
	RPC_INVALID_REQUEST = -32600,
	RPC_METHOD_NOT_FOUND = -32601,
	RPC_INVALID_PARAMS = -32602,
	LSP_SERVER_NOT_INITIALIZED = -32002
};

#define HEADER_MAX 8192 /* bytes of one frame's header section */

/* One open document (full text, as the client last sent it). */
struct doc {
	char *uri;          /* as the client spelled it; owned */
	char *path;         /* file-system path from a file:// URI, or NULL; owned */
	char *norm;         /* path made canonical (realpath) when possible; owned */
	char *text;         /* owned, NUL-terminated */
	size_t len;
	struct doc *next;
};

/* Buffered input from the client. */
struct reader {
	int fd;
	char buf[65536];
	size_t pos, end;    /* unread bytes are buf[pos..end) */
	bool eof;           /* end of input or a read error */
};

/* All state of one server; nothing is global. */
struct server {
	struct reader rd;
	int out_fd;
	bool out_dead;              /* a write failed: the client is gone */
	const struct ol_ruleset *rs;/* borrowed */
	struct ol_checker *ck;      /* owned */
	struct doc *docs;           /* open documents */
	bool initialized;           /* initialize answered */
	bool shutdown;              /* shutdown answered */
	bool exited;                /* exit received */
	enum ol_col_unit unit;      /* OL_COL_UTF16, or OL_COL_BYTE for "utf-8" */
};

static void logmsg(const char *fmt, ...) OL_PRINTF(1, 2);
static void logmsg(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("outlint lsp: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* ---- framing ---------------------------------------------------------- */

static int rd_fill(struct reader *r)
{
	if (r->eof)
		return -1;
	if (r->pos == r->end)
		r->pos = r->end = 0;
	for (;;) {
		ssize_t k = read(r->fd, r->buf + r->end, sizeof(r->buf) - r->end);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			r->eof = true;
			return -1;
		}
		r->end += (size_t)k;
		return 0;
	}
}

static int rd_byte(struct reader *r)
{
	if (r->pos == r->end && rd_fill(r) < 0)
		return -1;
	return (unsigned char)r->buf[r->pos++];
}

/* Reads n bytes into dst (NULL: discards them). */
static int rd_exact(struct reader *r, char *dst, size_t n)
{
	while (n) {
		if (r->pos == r->end && rd_fill(r) < 0)
			return -1;
		size_t k = r->end - r->pos;
		if (k > n)
			k = n;
		if (dst) {
			memcpy(dst, r->buf + r->pos, k);
			dst += k;
		}
		r->pos += k;
		n -= k;
	}
	return 0;
}

/* Reads one header line (without CR LF) into line (cap bytes); returns its
 * length, -1 at end of input, -2 if it was too long (rest discarded). */
static long rd_line(struct reader *r, char *line, size_t cap)
{
	size_t n = 0;
	bool toolong = false;
	for (;;) {
		int c = rd_byte(r);
		if (c < 0)
			return -1;
		if (c == '\n')
			break;
		if (n + 1 < cap)
			line[n++] = (char)c;
		else
			toolong = true;
	}
	if (n && line[n - 1] == '\r')
		n--;
	line[n] = 0;
	return toolong ? -2 : (long)n;
}

/* Reads one frame: headers, a blank line, Content-Length bytes of body.
 * Returns 1 with *body (caller frees) and *len, 0 at end of input, -1 for a
 * malformed or oversized frame (logged and skipped). Header lines other
 * than Content-Length are ignored (junk is logged); a frame whose length is
 * missing, unreadable or given twice cannot be resynchronised on its body
 * and is skipped up to its blank line. */
static int read_frame(struct server *s, char **body, size_t *len)
{
	char line[1024];
	size_t total = 0;
	long long clen = -1;
	bool badlen = false, junk = false, any = false;
	for (;;) {
		long n = rd_line(&s->rd, line, sizeof(line));
		if (n == -1)
			return 0;
		if (n == 0) {
			if (!any)
				continue; /* stray blank lines between frames */
			break;
		}
		any = true;
		total += n < 0 ? sizeof(line) : (size_t)n;
		if (total > HEADER_MAX)
			badlen = true;
		char *colon = n < 0 ? NULL : strchr(line, ':');
		if (!colon) {
			junk = true;
			continue;
		}
		*colon = 0;
		if (strcasecmp(line, "Content-Length") == 0) {
			const char *v = colon + 1;
			while (*v == ' ' || *v == '\t')
				v++;
			char *end;
			errno = 0;
			long long x = (*v >= '0' && *v <= '9') ? strtoll(v, &end, 10) : -1;
			if (x >= 0) {
				while (*end == ' ' || *end == '\t')
					end++;
				if (*end || errno)
					x = -1;
			}
			if (x < 0 || clen >= 0)
				badlen = true;
			clen = x;
		}
	}
	if (badlen || clen < 0) {
		logmsg("malformed message header skipped");
		return -1;
	}
	if (junk)
		logmsg("junk in a message header ignored");
	if ((unsigned long long)clen > OL_JSON_MAX_SIZE) {
		logmsg("message of %lld bytes skipped (limit %zu)", clen, OL_JSON_MAX_SIZE);
		if (rd_exact(&s->rd, NULL, (size_t)clen) < 0)
			return 0;
		return -1;
	}
	char *b = ol_xmalloc((size_t)clen + 1);
	if (rd_exact(&s->rd, b, (size_t)clen) < 0) {
		free(b);
		logmsg("end of input inside a message");
		return 0;
	}
	b[clen] = 0;
	*body = b;
	*len = (size_t)clen;
	return 1;
}

static void write_all(struct server *s, const char *p, size_t n)
{
	while (n && !s->out_dead) {
		ssize_t k = write(s->out_fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			logmsg("cannot write to the client: %s", strerror(errno));
			s->out_dead = true;
			return;
		}
		p += k;
		n -= (size_t)k;
	}
}

/* Sends body (one JSON value) as a frame and clears it. */
static void send_frame(struct server *s, struct ol_buf *body)
{
	char hdr[64];
	int k = snprintf(hdr, sizeof(hdr), "Content-Length: %zu\r\n\r\n", body->len);
	write_all(s, hdr, (size_t)k);
	write_all(s, body->data ? body->data : "", body->len);
	ol_buf_fini(body);
}

static void begin_response(struct ol_buf *b, const struct ol_json *id)
{
	ol_buf_init(b);
	ol_buf_adds(b, "{\"jsonrpc\":\"2.0\",\"id\":");
	ol_json_write_value(b, id);
}

static void send_error(struct server *s, const struct ol_json *id, int code, const char *msg)
{
	struct ol_buf b;
	begin_response(&b, id);
	ol_buf_printf(&b, ",\"error\":{\"code\":%d,\"message\":", code);
	ol_json_write_cstr(&b, msg);
	ol_buf_adds(&b, "}}");
	send_frame(s, &b);
}

/* ---- URIs and documents ------------------------------------------------ */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The file-system path of a file:// URI, percent-decoded; NULL for other
 * schemes or a path with an encoded NUL. Caller frees. */
static char *uri_to_path(const char *uri)
{
	if (strncmp(uri, "file://", 7) != 0)
		return NULL;
	const char *p = uri + 7;
	if (strncmp(p, "localhost/", 10) == 0)
		p += 9;
	if (*p != '/')
		return NULL;
	struct ol_buf b;
	ol_buf_init(&b);
	for (; *p && *p != '?' && *p != '#'; p++) {
		if (*p == '%' && hexval(p[1]) >= 0 && hexval(p[2]) >= 0) {
			char c = (char)(hexval(p[1]) * 16 + hexval(p[2]));
			if (c == 0) {
				ol_buf_fini(&b);
				return NULL;
			}
			ol_buf_addc(&b, c);
			p += 2;
		} else {
			ol_buf_addc(&b, *p);
		}
	}
	return ol_buf_detach(&b);
}

/* A file:// URI for an absolute path. Caller frees. */
static char *path_to_uri(const char *path)
{
	struct ol_buf b;
	ol_buf_init(&b);
	ol_buf_adds(&b, "file://");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
			ol_buf_addc(&b, (char)*p);
		else
			ol_buf_printf(&b, "%%%02X", *p);
	}
	return ol_buf_detach(&b);
}

/* realpath when the file exists, else a copy. Caller frees. */
static char *norm_path(const char *path)
{
	char *r = realpath(path, NULL);
	return r ? r : ol_xstrdup(path);
}

static struct doc *doc_find(struct server *s, const char *uri)
{
	for (struct doc *d = s->docs; d; d = d->next)
		if (strcmp(d->uri, uri) == 0)
			return d;
	return NULL;
}

static struct doc *doc_find_norm(struct server *s, const char *norm)
{
	for (struct doc *d = s->docs; d; d = d->next)
		if (d->norm && strcmp(d->norm, norm) == 0)
			return d;
	return NULL;
}

static void doc_set_text(struct doc *d, const char *text, size_t len)
{
	free(d->text);
	d->text = ol_xstrndup(text, len);
	d->len = len;
}

static void doc_free(struct doc *d)
{
	free(d->uri);
	free(d->path);
	free(d->norm);
	free(d->text);
	free(d);
}

/* A name for the checker and for outputs: the path, else the URI. */
static const char *doc_name(const struct doc *d)
{
	return d->path ? d->path : d->uri;
}

static bool is_template(const char *name)
{
	return ol_has_suffix(name, ".md") || ol_has_suffix(name, ".txt");
}

static bool is_campaign_name(const char *name)
{
	return ol_has_suffix(name, ".yaml") || ol_has_suffix(name, ".yml");
}

/* ---- diagnostics -------------------------------------------------------- */

static void write_pos(struct server *s, struct ol_buf *b, const struct ol_source *src, size_t off)
{
	if (off > src->len)
		off = src->len;
	ol_buf_printf(b, "{\"line\":%zu,\"character\":%zu}", ol_source_line(src, off) - 1,
	              ol_source_col(src, off, s->unit) - 1);
}

static void write_range(struct server *s, struct ol_buf *b, const struct ol_source *src,
                        size_t start, size_t end)
{
	ol_buf_adds(b, "{\"start\":");
	write_pos(s, b, src, start);
	ol_buf_adds(b, ",\"end\":");
	write_pos(s, b, src, end);
	ol_buf_addc(b, '}');
}

static int lsp_severity(enum ol_severity sev)
{
	switch (sev) {
	case OL_SEV_ERROR: return 1;
	case OL_SEV_WARNING: return 2;
	default: return 3;
	}
}

/* The text around a fix that must be unchanged when the fix is applied:
 * the lines its span touches (for an insertion, the line of the point and
 * the one before), so that a stale insertion is not offered. */
static void fix_context(const struct ol_source *src, size_t fs, size_t fe, size_t *cs, size_t *ce)
{
	size_t a = fs, z = fe;
	if (a > 0 && a == z)
		a--; /* an insertion at a line start: take the line before */
	while (a > 0 && src->text[a - 1] != '\n')
		a--;
	while (z < src->len && src->text[z] != '\n')
		z++;
	*cs = a;
	*ce = z;
}

/* Sends publishDiagnostics for uri; src is the text the findings' byte
 * spans refer to (NULL with no findings). */
static void publish(struct server *s, const char *uri, const struct ol_source *src,
                    const struct ol_findings *fs)
{
	struct ol_buf b;
	ol_buf_init(&b);
	ol_buf_adds(&b, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/publishDiagnostics\","
	                "\"params\":{\"uri\":");
	ol_json_write_cstr(&b, uri);
	ol_buf_adds(&b, ",\"diagnostics\":[");
	for (size_t i = 0; fs && src && i < fs->n; i++) {
		const struct ol_finding *f = &fs->v[i];
		size_t st = f->start <= src->len ? f->start : src->len;
		size_t en = f->end <= src->len && f->end >= st ? f->end : st;
		if (i)
			ol_buf_addc(&b, ',');
		ol_buf_adds(&b, "{\"range\":");
		write_range(s, &b, src, st, en);
		ol_buf_printf(&b, ",\"severity\":%d,\"code\":", lsp_severity(f->severity));
		ol_json_write_cstr(&b, f->rule);
		const struct ol_rule *r = ol_ruleset_find(s->rs, f->rule);
		if (r && r->url) {
			ol_buf_adds(&b, ",\"codeDescription\":{\"href\":");
			ol_json_write_cstr(&b, r->url);
			ol_buf_addc(&b, '}');
		}
		ol_buf_adds(&b, ",\"source\":\"outlint\",\"message\":");
		char *msg = f->hint ? ol_xasprintf("%s\n%s", f->message, f->hint)
		                    : ol_xstrdup(f->message);
		ol_json_write_cstr(&b, msg);
		free(msg);
		if (f->fix) {
			/* everything the quick fix needs, so that positions the client
			 * sends back (byte-based in Neovim 0.7 on some lines) are never
			 * used: the replacement, the byte span and the text it
			 * replaces, checked against the buffer when the fix is asked.
			 * The fix's span is its own (an insertion point for a
			 * missing statement), not necessarily the diagnostic's; for
			 * an insertion "orig" holds the line around the point */
			size_t xs, xe;
			ol_finding_fix_span_in(f, src->len, &xs, &xe);
			size_t cs, ce;
			fix_context(src, xs, xe, &cs, &ce);
			ol_buf_adds(&b, ",\"data\":{\"fix\":");
			ol_json_write_cstr(&b, f->fix);
			ol_buf_printf(&b, ",\"start\":%zu,\"end\":%zu,\"orig\":", xs, xe);
			ol_json_write_str(&b, src->text + xs, xe - xs);
			ol_buf_printf(&b, ",\"ctx_start\":%zu,\"ctx\":", cs);
			ol_json_write_str(&b, src->text + cs, ce - cs);
			ol_buf_printf(&b, ",\"safe\":%s,\"range\":", f->fix_unsafe ? "false" : "true");
			write_range(s, &b, src, xs, xe);
			ol_buf_addc(&b, '}');
		}
		ol_buf_addc(&b, '}');
	}
	ol_buf_adds(&b, "]}}");
	send_frame(s, &b);
}

/* Lints the campaign in document c with its steps' templates (from open
 * buffers, else from disk) and publishes for all of them. *covered is set
 * if one of the steps is the template whose canonical path is want. */
static void lint_campaign(struct server *s, struct doc *c, const char *want, bool *covered)
{
	struct ol_source *src = ol_source_from_string(doc_name(c), c->text, c->len);
	struct ol_findings fs;
	ol_findings_init(&fs);
	if (!ol_campaign_sniff(c->text, c->len)) {
		publish(s, c->uri, src, &fs);
		ol_source_free(src);
		return;
	}
	struct ol_campaign camp;
	memset(&camp, 0, sizeof(camp));
	if (ol_campaign_read(src, &camp, &fs) == 0) {
		ol_check_campaign(s->ck, &camp, &fs);
		for (size_t i = 0; i < camp.nsteps; i++) {
			const struct ol_campaign_step *st = &camp.steps[i];
			if (!st->template_path || !c->path)
				continue;
			char *norm = norm_path(st->template_path);
			struct doc *t = doc_find_norm(s, norm);
			struct ol_source *tsrc = t ? ol_source_from_string(doc_name(t), t->text, t->len)
			                           : ol_source_load(st->template_path);
			if (tsrc) {
				char *ctx = ol_xasprintf("%s, step %zu", c->path, st->index);
				struct ol_tctx tc = {&camp, st, ctx};
				struct ol_findings tf;
				ol_findings_init(&tf);
				ol_check_template(s->ck, tsrc, &tc, &tf);
				ol_findings_sort(&tf);
				char *turi = t ? ol_xstrdup(t->uri) : path_to_uri(norm);
				publish(s, turi, tsrc, &tf);
				free(turi);
				ol_findings_fini(&tf);
				free(ctx);
				ol_source_free(tsrc);
				if (want && strcmp(norm, want) == 0)
					*covered = true;
			}
			free(norm);
		}
	}
	ol_campaign_fini(&camp);
	ol_findings_sort(&fs);
	publish(s, c->uri, src, &fs);
	ol_findings_fini(&fs);
	ol_source_free(src);
}

static void lint_doc(struct server *s, struct doc *d)
{
	const char *name = doc_name(d);
	if (is_campaign_name(name)) {
		lint_campaign(s, d, NULL, NULL);
		return;
	}
	if (!is_template(name))
		return;
	/* a template that an open campaign uses is linted in its context */
	bool covered = false;
	if (d->norm)
		for (struct doc *c = s->docs; c; c = c->next)
			if (c != d && is_campaign_name(doc_name(c)))
				lint_campaign(s, c, d->norm, &covered);
	if (covered)
		return;
	struct ol_source *src = ol_source_from_string(name, d->text, d->len);
	struct ol_findings fs;
	ol_findings_init(&fs);
	ol_check_template(s->ck, src, NULL, &fs);
	ol_findings_sort(&fs);
	publish(s, d->uri, src, &fs);
	ol_findings_fini(&fs);
	ol_source_free(src);
}

/* ---- requests and notifications ---------------------------------------- */

static const char *td_uri(const struct ol_json *params)
{
	return ol_json_gets(ol_json_get(params, "textDocument"), "uri");
}

static void on_initialize(struct server *s, const struct ol_json *id, const struct ol_json *params)
{
	const struct ol_json *encs = ol_json_get(
		ol_json_get(ol_json_get(params, "capabilities"), "general"), "positionEncodings");
	s->unit = OL_COL_UTF16;
	if (encs && encs->type == OL_JSON_ARRAY)
		for (const struct ol_json *e = encs->child; e; e = e->next)
			if (e->type == OL_JSON_STRING && strcmp(e->str, "utf-8") == 0)
				s->unit = OL_COL_BYTE;
	s->initialized = true;
	struct ol_buf b;
	begin_response(&b, id);
	ol_buf_printf(&b, ",\"result\":{\"capabilities\":{\"positionEncoding\":\"%s\","
	              "\"textDocumentSync\":{\"openClose\":true,\"change\":1,"
	              "\"save\":{\"includeText\":false}},"
	              "\"codeActionProvider\":{\"codeActionKinds\":[\"quickfix\"]}},"
	              "\"serverInfo\":{\"name\":\"outlint\"}}}",
	              s->unit == OL_COL_BYTE ? "utf-8" : "utf-16");
	send_frame(s, &b);
}

static void on_did_open(struct server *s, const struct ol_json *params)
{
	const struct ol_json *td = ol_json_get(params, "textDocument");
	const char *uri = ol_json_gets(td, "uri");
	const struct ol_json *text = ol_json_get(td, "text");
	if (!uri || !text || text->type != OL_JSON_STRING) {
		logmsg("didOpen without uri or text ignored");
		return;
	}
	struct doc *d = doc_find(s, uri);
	if (!d) {
		d = ol_xcalloc(1, sizeof(*d));
		d->uri = ol_xstrdup(uri);
		d->path = uri_to_path(uri);
		d->norm = d->path ? norm_path(d->path) : NULL;
		d->next = s->docs;
		s->docs = d;
	}
	doc_set_text(d, text->str, text->len);
	lint_doc(s, d);
}

/* Byte offset of an LSP position in d's text. */
static size_t pos_offset(struct server *s, const struct ol_source *src, const struct ol_json *pos)
{
	double line, ch;
	if (!ol_json_num(ol_json_get(pos, "line"), &line) ||
	    !ol_json_num(ol_json_get(pos, "character"), &ch) || line < 0 || ch < 0)
		return src->len;
	if (line >= (double)src->nlines)
		return src->len;
	if (ch > 1e9)
		ch = 1e9;
	return ol_source_offset(src, (size_t)line + 1, (size_t)ch + 1, s->unit);
}

static void on_did_change(struct server *s, const struct ol_json *params)
{
	struct doc *d = doc_find(s, td_uri(params) ? td_uri(params) : "");
	const struct ol_json *ch = ol_json_get(params, "contentChanges");
	if (!d || !ch || ch->type != OL_JSON_ARRAY) {
		logmsg("didChange for an unknown document or without changes ignored");
		return;
	}
	for (const struct ol_json *c = ch->child; c; c = c->next) {
		const struct ol_json *text = ol_json_get(c, "text");
		if (!text || text->type != OL_JSON_STRING)
			continue;
		const struct ol_json *range = ol_json_get(c, "range");
		if (!range) {
			doc_set_text(d, text->str, text->len);
			continue;
		}
		/* we ask for full sync, but an incremental change is cheap to apply */
		struct ol_source *src = ol_source_from_string(doc_name(d), d->text, d->len);
		size_t a = pos_offset(s, src, ol_json_get(range, "start"));
		size_t z = pos_offset(s, src, ol_json_get(range, "end"));
		ol_source_free(src);
		if (z < a)
			z = a;
		struct ol_buf nb;
		ol_buf_init(&nb);
		ol_buf_add(&nb, d->text, a);
		ol_buf_add(&nb, text->str, text->len);
		ol_buf_add(&nb, d->text + z, d->len - z);
		free(d->text);
		d->len = nb.len;
		d->text = ol_buf_detach(&nb);
	}
	lint_doc(s, d);
}

static void on_did_save(struct server *s, const struct ol_json *params)
{
	struct doc *d = doc_find(s, td_uri(params) ? td_uri(params) : "");
	if (!d)
		return;
	const struct ol_json *text = ol_json_get(params, "text");
	if (text && text->type == OL_JSON_STRING)
		doc_set_text(d, text->str, text->len);
	lint_doc(s, d);
}

static void on_did_close(struct server *s, const struct ol_json *params)
{
	const char *uri = td_uri(params);
	for (struct doc **pp = &s->docs; uri && *pp; pp = &(*pp)->next) {
		if (strcmp((*pp)->uri, uri) == 0) {
			struct doc *d = *pp;
			*pp = d->next;
			publish(s, d->uri, NULL, NULL);
			doc_free(d);
			return;
		}
	}
}

/* The title of a quick fix, German like the findings: insert, remove or
 * replace. Line breaks of an inserted paragraph are left out. */
static char *fix_title(const char *fix, size_t flen, bool insertion, const char *orig, size_t olen)
{
	struct ol_buf t;
	ol_buf_init(&t);
	if (insertion)
		ol_buf_adds(&t, "Einf\xC3\xBCgen: \xE2\x80\x9E");
	else if (flen == 0)
		ol_buf_adds(&t, "Entfernen: \xE2\x80\x9E");
	else
		ol_buf_adds(&t, "Ersetzen durch \xE2\x80\x9E");
	const char *p = flen ? fix : orig;
	size_t n = flen ? flen : olen;
	while (n && (*p == '\r' || *p == '\n'))
		p++, n--;
	while (n && (p[n - 1] == '\r' || p[n - 1] == '\n'))
		n--;
	for (size_t i = 0; i < n; i++)
		ol_buf_addc(&t, p[i] == '\n' || p[i] == '\r' ? ' ' : p[i]);
	ol_buf_adds(&t, "\xE2\x80\x9C");
	return ol_buf_detach(&t);
}

static void on_code_action(struct server *s, const struct ol_json *id, const struct ol_json *params)
{
	const char *uri = td_uri(params);
	struct doc *d = uri ? doc_find(s, uri) : NULL;
	const struct ol_json *ctx = ol_json_get(params, "context");
	const struct ol_json *diags = ol_json_get(ctx, "diagnostics");
	const struct ol_json *only = ol_json_get(ctx, "only");
	bool want = true;
	if (only && only->type == OL_JSON_ARRAY) {
		want = false;
		for (const struct ol_json *k = only->child; k; k = k->next)
			if (k->type == OL_JSON_STRING && strncmp(k->str, "quickfix", 8) == 0 &&
			    (k->str[8] == 0 || k->str[8] == '.'))
				want = true;
		/* "quickfix.x" is narrower than ours; "" means all kinds */
		for (const struct ol_json *k = only->child; k; k = k->next)
			if (k->type == OL_JSON_STRING && k->len == 0)
				want = true;
	}
	struct ol_buf b;
	begin_response(&b, id);
	ol_buf_adds(&b, ",\"result\":[");
	size_t n = 0;
	struct ol_source *src = d ? ol_source_from_string(doc_name(d), d->text, d->len) : NULL;
	for (const struct ol_json *dg = diags && diags->type == OL_JSON_ARRAY && want && src
	                                    ? diags->child : NULL;
	     dg; dg = dg->next) {
		const struct ol_json *data = ol_json_get(dg, "data");
		const struct ol_json *fix = ol_json_get(data, "fix");
		const struct ol_json *orig = ol_json_get(data, "orig");
		double st, en;
		if (!fix || fix->type != OL_JSON_STRING || !orig || orig->type != OL_JSON_STRING ||
		    !ol_json_num(ol_json_get(data, "start"), &st) ||
		    !ol_json_num(ol_json_get(data, "end"), &en))
			continue;
		/* the span must still hold the text it was found on: the buffer
		 * may have changed since the diagnostic was published */
		if (!(st >= 0 && en >= st && en <= (double)d->len) || st != (double)(size_t)st ||
		    en != (double)(size_t)en)
			continue;
		size_t a = (size_t)st, z = (size_t)en;
		if (z - a != orig->len || memcmp(d->text + a, orig->str, orig->len) != 0)
			continue;
		const struct ol_json *ctxt = ol_json_get(data, "ctx");
		double cst;
		if (ctxt && ctxt->type == OL_JSON_STRING && ol_json_num(ol_json_get(data, "ctx_start"), &cst)) {
			/* the lines around the fix are unchanged, too */
			if (!(cst >= 0 && cst <= (double)a) || cst != (double)(size_t)cst ||
			    (size_t)cst + ctxt->len > d->len ||
			    memcmp(d->text + (size_t)cst, ctxt->str, ctxt->len) != 0)
				continue;
		}
		const struct ol_json *safe = ol_json_get(data, "safe");
		if (n++)
			ol_buf_addc(&b, ',');
		char *title = fix_title(fix->str, fix->len, a == z, d->text + a, z - a);
		ol_buf_adds(&b, "{\"title\":");
		ol_json_write_cstr(&b, title);
		free(title);
		/* an unsafe fix (a spelling suggestion) is offered, never preferred */
		ol_buf_printf(&b, ",\"kind\":\"quickfix\",\"isPreferred\":%s,\"diagnostics\":[",
		              safe && safe->type == OL_JSON_BOOL && !safe->b ? "false" : "true");
		ol_json_write_value(&b, dg);
		ol_buf_adds(&b, "],\"edit\":{\"changes\":{");
		ol_json_write_cstr(&b, d->uri);
		ol_buf_adds(&b, ":[{\"range\":");
		write_range(s, &b, src, a, z);
		ol_buf_adds(&b, ",\"newText\":");
		ol_json_write_str(&b, fix->str, fix->len);
		ol_buf_adds(&b, "}]}}}");
	}
	ol_source_free(src);
	ol_buf_adds(&b, "]}");
	send_frame(s, &b);
}

/* Handles one message body. */
static void handle(struct server *s, const char *body, size_t len)
{
	const char *err = NULL;
	struct ol_json *msg = ol_json_parse(body, len, &err);
	if (!msg) {
		logmsg("parse error: %s", err);
		send_error(s, NULL, RPC_PARSE_ERROR, err);
		return;
	}
	const struct ol_json *id = ol_json_get(msg, "id");
	if (msg->type != OL_JSON_OBJECT) {
		send_error(s, NULL, RPC_INVALID_REQUEST, "a message must be an object");
		goto done;
	}
	if (id && id->type != OL_JSON_STRING && id->type != OL_JSON_NUMBER) {
		send_error(s, NULL, RPC_INVALID_REQUEST, "id must be a number or a string");
		goto done;
	}
	const struct ol_json *mv = ol_json_get(msg, "method");
	const char *method = ol_json_str(mv);
	const char *ver = ol_json_gets(msg, "jsonrpc");
	if (!mv && id && (ol_json_get(msg, "result") || ol_json_get(msg, "error")))
		goto done; /* a response; we send no requests */
	if (!method || !ver || strcmp(ver, "2.0") != 0) {
		if (id)
			send_error(s, id, RPC_INVALID_REQUEST,
			           method ? "jsonrpc must be \"2.0\"" : "method missing");
		else
			logmsg("invalid notification skipped");
		goto done;
	}
	const struct ol_json *params = ol_json_get(msg, "params");
	if (!id) {
		/* notifications */
		if (strcmp(method, "exit") == 0)
			s->exited = true;
		else if (!s->initialized || s->shutdown)
			; /* dropped, as LSP says */
		else if (strcmp(method, "textDocument/didOpen") == 0)
			on_did_open(s, params);
		else if (strcmp(method, "textDocument/didChange") == 0)
			on_did_change(s, params);
		else if (strcmp(method, "textDocument/didSave") == 0)
			on_did_save(s, params);
		else if (strcmp(method, "textDocument/didClose") == 0)
			on_did_close(s, params);
		goto done;
	}
	if (strcmp(method, "initialize") == 0) {
		on_initialize(s, id, params);
	} else if (!s->initialized) {
		send_error(s, id, LSP_SERVER_NOT_INITIALIZED, "server not initialized");
	} else if (s->shutdown) {
		send_error(s, id, RPC_INVALID_REQUEST, "server is shut down");
	} else if (strcmp(method, "shutdown") == 0) {
		s->shutdown = true;
		struct ol_buf b;
		begin_response(&b, id);
		ol_buf_adds(&b, ",\"result\":null}");
		send_frame(s, &b);
	} else if (strcmp(method, "textDocument/codeAction") == 0) {
		on_code_action(s, id, params);
	} else {
		send_error(s, id, RPC_METHOD_NOT_FOUND, "method not found");
	}
done:
	ol_json_free(msg);
}

int ol_lsp_run(int in_fd, int out_fd, const struct ol_ruleset *rs, struct ol_lsp_options *opt)
{
	/* a client that goes away must end the loop, not the process */
	signal(SIGPIPE, SIG_IGN);
	struct server *s = ol_xcalloc(1, sizeof(*s));
	s->rd.fd = in_fd;
	s->out_fd = out_fd;
	s->rs = rs;
	s->unit = OL_COL_UTF16;
	s->ck = ol_checker_new(rs);
	if (opt) {
		if (opt->param_fn)
			ol_checker_params(s->ck, opt->param_fn, opt->param_arg);
		if (opt->words)
			ol_checker_words(s->ck, opt->words, opt->nwords);
		ol_checker_defaults(s->ck, opt->address, opt->signature);
		ol_checker_fix_texts(s->ck, opt->fix_names, opt->fix_texts, opt->nfix);
	}
	while (!s->exited && !s->out_dead) {
		char *body = NULL;
		size_t len = 0;
		int r = read_frame(s, &body, &len);
		if (r == 0)
			break;
		if (r < 0)
			continue;
		handle(s, body, len);
		free(body);
	}
	int status = s->shutdown && s->exited ? 0 : 1;
	while (s->docs) {
		struct doc *d = s->docs;
		s->docs = d->next;
		doc_free(d);
	}
	ol_checker_free(s->ck);
	free(s);
	return status;
}
