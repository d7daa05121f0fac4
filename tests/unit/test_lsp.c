/* Unit tests of the language server: the JSON reader, JSON-RPC framing and
 * error answers, and whole sessions driven in-process through pipes with
 * the shipped rules (real PCRE2, hunspell and libyaml; nothing is mocked). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "checker/base/base.h"
#include "checker/dsl/ruleset.h"
#include "checker/lsp/json.h"
#include "checker/lsp/lsp.h"

#ifndef OL_RULES_DIR
#define OL_RULES_DIR "rules"
#endif

/* ---- JSON reader ------------------------------------------------------- */

static void test_json_values(void **state)
{
	(void)state;
	const char *t = "{\"a\":[1,-2.5e3,true,false,null],\"s\":\"x\\u00fc\\ud83d\\ude00\\n\","
	                "\"a\":7}";
	struct ol_json *v = ol_json_parse(t, strlen(t), NULL);
	assert_non_null(v);
	assert_string_equal(ol_json_gets(v, "s"), "x\xC3\xBC\xF0\x9F\x98\x80\n");
	double d;
	assert_true(ol_json_num(ol_json_get(v, "a"), &d)); /* last duplicate wins */
	assert_true(d == 7);
	struct ol_buf b;
	ol_buf_init(&b);
	ol_json_write_value(&b, v);
	assert_string_equal(b.data, "{\"a\":[1,-2500,true,false,null],"
	                            "\"s\":\"x\xC3\xBC\xF0\x9F\x98\x80\\n\",\"a\":7}");
	ol_buf_fini(&b);
	ol_json_free(v);
	/* an embedded NUL survives with its length */
	v = ol_json_parse("\"a\\u0000b\"", 10, NULL);
	assert_non_null(v);
	assert_int_equal(v->len, 3);
	ol_json_free(v);
}

static void test_json_hostile(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "", "{", "[1,]", "{\"a\" 1}", "01", "1.", "-", "+1", "NaN", "tru",
	    "\"\\ud83d\"", "\"\\ude00\"", "\"\\ud83dx\"", "\"\\x\"", "\"abc",
	    "\"a\tb\"", "\"\xC3\"", "\"\xED\xA0\x80\"", "\"\xC0\xAF\"", "1 2",
	    "{} x", "[\"\\u12\"]",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *err = NULL;
		struct ol_json *v = ol_json_parse(bad[i], strlen(bad[i]), &err);
		if (v)
			fail_msg("accepted: %s", bad[i]);
		assert_non_null(err);
	}
	/* depth: 64 nested arrays are fine, 65 are not; 100000 do not crash */
	char deep[100002];
	for (size_t n = 64; n <= 65; n++) {
		memset(deep, '[', n);
		memset(deep + n, ']', n);
		struct ol_json *v = ol_json_parse(deep, 2 * n, NULL);
		if (n == 64)
			assert_non_null(v);
		else
			assert_null(v);
		ol_json_free(v);
	}
	memset(deep, '[', sizeof(deep));
	assert_null(ol_json_parse(deep, sizeof(deep), NULL));
}

/* ---- sessions ----------------------------------------------------------- */

static struct ol_ruleset *shipped_rules(void)
{
	struct ol_report errs;
	ol_report_init(&errs);
	struct ol_ruleset *rs = ol_ruleset_new();
	assert_int_equal(ol_ruleset_load(rs, OL_RULES_DIR, &errs), 0);
	assert_int_equal(ol_ruleset_resolve(rs, &errs), 0);
	ol_report_fini(&errs);
	return rs;
}

/* A server on a thread, talking through two pipes. */
struct session {
	int to_srv[2], from_srv[2];
	pthread_t th;
	struct ol_ruleset *rs;
	struct ol_lsp_options opt;
	int status;
};

static void *server_main(void *arg)
{
	struct session *s = arg;
	s->status = ol_lsp_run(s->to_srv[0], s->from_srv[1], s->rs, &s->opt);
	close(s->from_srv[1]);
	return NULL;
}

static char astral_word[] = "\xF0\x9D\x94\xB8"; /* 𝔸 */
static char *const project_words[] = {astral_word};

/* session_init, then adjust s->opt, then session_run; or session_start. */
static void session_init(struct session *s)
{
	memset(s, 0, sizeof(*s));
	assert_int_equal(pipe(s->to_srv), 0);
	assert_int_equal(pipe(s->from_srv), 0);
	s->rs = shipped_rules();
	s->opt.words = project_words;
	s->opt.nwords = 1;
}

static void session_run(struct session *s)
{
	assert_int_equal(pthread_create(&s->th, NULL, server_main, s), 0);
}

static void session_start(struct session *s)
{
	session_init(s);
	session_run(s);
}

/* Closes our end of the input, waits for the server; returns its status. */
static int session_end(struct session *s)
{
	close(s->to_srv[1]);
	pthread_join(s->th, NULL);
	close(s->to_srv[0]);
	close(s->from_srv[0]);
	ol_ruleset_free(s->rs);
	return s->status;
}

static void send_raw(struct session *s, const char *p, size_t n)
{
	while (n) {
		ssize_t k = write(s->to_srv[1], p, n);
		assert_true(k > 0);
		p += k;
		n -= (size_t)k;
	}
}

static void send_msg(struct session *s, const char *json)
{
	char hdr[64];
	int k = snprintf(hdr, sizeof(hdr), "Content-Length: %zu\r\n\r\n", strlen(json));
	send_raw(s, hdr, (size_t)k);
	send_raw(s, json, strlen(json));
}

/* Reads n bytes from the server within 20 s; false at end of output. */
static bool recv_exact(struct session *s, char *dst, size_t n)
{
	while (n) {
		struct pollfd pf = {s->from_srv[0], POLLIN, 0};
		if (poll(&pf, 1, 20000) <= 0)
			fail_msg("the server did not answer in time");
		ssize_t k = read(s->from_srv[0], dst, n);
		if (k <= 0)
			return false;
		dst += k;
		n -= (size_t)k;
	}
	return true;
}

/* The next message from the server (caller frees), NULL at end of output. */
static struct ol_json *recv_msg(struct session *s)
{
	char hdr[256];
	size_t n = 0;
	while (n < 4 || memcmp(hdr + n - 4, "\r\n\r\n", 4) != 0) {
		assert_true(n + 1 < sizeof(hdr));
		if (!recv_exact(s, hdr + n, 1))
			return NULL;
		n++;
	}
	hdr[n] = 0;
	size_t len;
	assert_int_equal(sscanf(hdr, "Content-Length: %zu\r\n\r\n", &len), 1);
	char *body = malloc(len + 1);
	assert_non_null(body);
	assert_true(recv_exact(s, body, len));
	const char *err = NULL;
	struct ol_json *v = ol_json_parse(body, len, &err);
	if (!v)
		fail_msg("server sent invalid JSON (%s): %.*s", err, (int)len, body);
	free(body);
	return v;
}

static long num(const struct ol_json *v, const char *key)
{
	double d = -1;
	assert_true(ol_json_num(ol_json_get(v, key), &d));
	return (long)d;
}

/* Checks that v is an error answer with id (-1: null) and code. */
static void assert_error(struct ol_json *v, long id, long code)
{
	assert_non_null(v);
	const struct ol_json *idv = ol_json_get(v, "id");
	assert_non_null(idv);
	if (id < 0)
		assert_int_equal(idv->type, OL_JSON_NULL);
	else
		assert_int_equal(num(v, "id"), id);
	assert_int_equal(num(ol_json_get(v, "error"), "code"), code);
	ol_json_free(v);
}

static const char init_msg[] =
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"capabilities\":{}}}";

static void test_framing_and_errors(void **state)
{
	(void)state;
	struct session s;
	session_start(&s);
	/* before initialize: -32002 */
	send_msg(&s, "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"shutdown\"}");
	assert_error(recv_msg(&s), 9, -32002);
	send_msg(&s, init_msg);
	struct ol_json *v = recv_msg(&s);
	assert_non_null(v);
	const struct ol_json *caps = ol_json_get(ol_json_get(v, "result"), "capabilities");
	assert_string_equal(ol_json_gets(caps, "positionEncoding"), "utf-16");
	assert_int_equal(num(ol_json_get(caps, "textDocumentSync"), "change"), 1);
	ol_json_free(v);
	/* a header block without Content-Length: skipped, the next frame works */
	send_raw(&s, "Content-Type: x\r\n\r\n", 19);
	/* a junk header line (the frame is still read: {} is no request and
	 * gets no answer), a non-number length, a duplicate length */
	send_raw(&s, "garbage\r\nContent-Length: 2\r\n\r\n{}", 32);
	send_raw(&s, "Content-Length: 1x\r\n\r\n", 22);
	send_raw(&s, "Content-Length: 2\r\nContent-Length: 2\r\n\r\n", 40);
	/* broken JSON, invalid UTF-8, lone surrogate: -32700 with id null */
	send_msg(&s, "{\"jsonrpc\":\"2.0\",\"id\":2,");
	assert_error(recv_msg(&s), -1, -32700);
	send_msg(&s, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"\xFF\"}");
	assert_error(recv_msg(&s), -1, -32700);
	send_msg(&s, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"\\udc00\"}");
	assert_error(recv_msg(&s), -1, -32700);
	/* not an object, a batch, a bad id: -32600 with id null */
	send_msg(&s, "42");
	assert_error(recv_msg(&s), -1, -32600);
	send_msg(&s, "[{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"shutdown\"}]");
	assert_error(recv_msg(&s), -1, -32600);
	send_msg(&s, "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"shutdown\"}");
	assert_error(recv_msg(&s), -1, -32600);
	/* no method, wrong version: -32600 with the id */
	send_msg(&s, "{\"jsonrpc\":\"2.0\",\"id\":4}");
	assert_error(recv_msg(&s), 4, -32600);
	send_msg(&s, "{\"jsonrpc\":\"1.0\",\"id\":5,\"method\":\"shutdown\"}");
	assert_error(recv_msg(&s), 5, -32600);
	/* unknown request: -32601; unknown notification and response: nothing */
	send_msg(&s, "{\"jsonrpc\":\"2.0\",\"method\":\"$/whatever\",\"params\":[1]}");
	send_msg(&s, "{\"jsonrpc\":\"2.0\",\"id\":77,\"result\":null}");
	send_msg(&s, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":7}");
	send_msg(&s, "{\"jsonrpc\":\"2.0\",\"id\":\"s6\",\"method\":\"workspace/symbol\"}");
	v = recv_msg(&s);
	assert_string_equal(ol_json_gets(v, "id"), "s6");
	assert_int_equal(num(ol_json_get(v, "error"), "code"), -32601);
	ol_json_free(v);
	/* a body cut short by the end of input: no crash, status 1 */
	send_raw(&s, "Content-Length: 100\r\n\r\n{\"jsonrpc\"", 33);
	close(s.to_srv[1]);
	assert_null(recv_msg(&s));
	s.to_srv[1] = -1;
	assert_int_equal(session_end(&s), 1);
}

static void test_exit_without_shutdown(void **state)
{
	(void)state;
	struct session s;
	session_start(&s);
	send_msg(&s, init_msg);
	ol_json_free(recv_msg(&s));
	send_msg(&s, "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
	assert_null(recv_msg(&s));
	assert_int_equal(session_end(&s), 1);
}

static void test_utf8_negotiation(void **state)
{
	(void)state;
	struct session s;
	session_start(&s);
	send_msg(&s, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
	             "{\"capabilities\":{\"general\":{\"positionEncodings\":[\"utf-16\",\"utf-8\"]}}}}");
	struct ol_json *v = recv_msg(&s);
	const struct ol_json *caps = ol_json_get(ol_json_get(v, "result"), "capabilities");
	assert_string_equal(ol_json_gets(caps, "positionEncoding"), "utf-8");
	ol_json_free(v);
	send_msg(&s, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"shutdown\"}");
	ol_json_free(recv_msg(&s));
	send_msg(&s, "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
	assert_null(recv_msg(&s));
	assert_int_equal(session_end(&s), 0);
}

/* A clean Sie-template (the shipped example erstkontakt-sauber.md, copied
 * so that edits of the example cannot break these tests) with its line 13
 * replaced by line. Caller frees. */
static const char clean_head[] =
	"---\n"
	"subject: Lagerpl\xC3\xA4tze in Ihrem Standort Kamen\n"
	"step: 1\n"
	"channel: email\n"
	"address: sie\n"
	"---\n"
	"Guten Tag Frau Yilmaz,\n"
	"\n"
	"Ihre Kontaktdaten stammen aus dem Ausstellerverzeichnis der LogiMAT 2026, wo Ihr Unternehmen als Aussteller eingetragen ist.\n"
	"\n"
	"Ich bin Max Mustermann von der Beispiel GmbH. Wir digitalisieren Wareneingang und Kommissionierung f\xC3\xBCr Lager mit 2.000 bis 20.000 Stellpl\xC3\xA4tzen. Ein Lager in Unna hat damit die Durchlaufzeit im Wareneingang von 48 auf 31 Minuten gesenkt (Auswertung Januar bis Juni 2025).\n"
	"\n";
static const char clean_tail[] =
	"\n"
	"\n"
	"Wie wir Ihre Daten verarbeiten und welche Rechte Sie haben: https://beispiel.de/datenschutz-akquise\n"
	"\n"
	"Sie k\xC3\xB6nnen der Verwendung Ihrer Daten f\xC3\xBCr Werbezwecke jederzeit widersprechen \xE2\x80\x93 eine kurze Antwort auf diese E-Mail gen\xC3\xBCgt, und ich melde mich nicht wieder.\n"
	"\n"
	"Mit freundlichen Gr\xC3\xBC\xC3\x9F""en\n"
	"Max Mustermann\n"
	"Vertrieb\n"
	"Beispiel GmbH\n"
	"Musterstra\xC3\x9F""e 1, 10115 Berlin\n"
	"max.mustermann@beispiel.de\n"
	"Sitz: Berlin \xC2\xB7 Amtsgericht Charlottenburg HRB 123456 B \xC2\xB7 Gesch\xC3\xA4""ftsf\xC3\xBChrerin: Erika Musterfrau\n";

static char *template_with(const char *line)
{
	return ol_xasprintf("%s%s%s", clean_head, line, clean_tail);
}

/* didOpen/didChange message for text (JSON-escaped here). */
static char *doc_msg(const char *method, const char *uri, const char *text, int version)
{
	struct ol_buf b;
	ol_buf_init(&b);
	ol_buf_printf(&b, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/%s\",\"params\":"
	                  "{\"textDocument\":{\"uri\":\"%s\",\"languageId\":\"markdown\","
	                  "\"version\":%d%s", method, uri, version,
	              strcmp(method, "didOpen") == 0 ? ",\"text\":" : "},\"contentChanges\":[{\"text\":");
	ol_json_write_cstr(&b, text);
	ol_buf_adds(&b, strcmp(method, "didOpen") == 0 ? "}}}" : "}]}}");
	return ol_buf_detach(&b);
}

/* Reads messages until a publishDiagnostics for uri; returns it. */
static struct ol_json *recv_publish(struct session *s, const char *uri)
{
	for (;;) {
		struct ol_json *v = recv_msg(s);
		assert_non_null(v);
		const char *m = ol_json_gets(v, "method");
		if (m && strcmp(m, "textDocument/publishDiagnostics") == 0 &&
		    strcmp(ol_json_gets(ol_json_get(v, "params"), "uri"), uri) == 0)
			return v;
		ol_json_free(v);
	}
}

static const struct ol_json *diagnostics(const struct ol_json *pub)
{
	const struct ol_json *d = ol_json_get(ol_json_get(pub, "params"), "diagnostics");
	assert_non_null(d);
	assert_int_equal(d->type, OL_JSON_ARRAY);
	return d;
}

static void assert_pos(const struct ol_json *range, const char *which, long line, long ch)
{
	const struct ol_json *p = ol_json_get(range, which);
	assert_int_equal(num(p, "line"), line);
	assert_int_equal(num(p, "character"), ch);
}

#define URI "file:///tmp/outlint-test/k%C3%BChl%20r%C3%A4ume.md"

static void test_full_session(void **state)
{
	(void)state;
	struct session s;
	session_start(&s);
	send_msg(&s, init_msg);
	ol_json_free(recv_msg(&s));
	send_msg(&s, "{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}");

	/* umlauts and an astral character (two UTF-16 units, four bytes) before
	 * the finding: code point column 42, UTF-16 43, byte 49 (0-based) */
	char *bad = template_with("Zu K\xC3\xBChlr\xC3\xA4umen (\xC3\x96ls\xC3\xA4ure-Tanks "
	                          "\xF0\x9D\x94\xB8): Darf ich dir die Fallstudie schicken?");
	char *m = doc_msg("didOpen", URI, bad, 1);
	send_msg(&s, m);
	free(m);
	struct ol_json *pub = recv_publish(&s, URI);
	const struct ol_json *ds = diagnostics(pub);
	const struct ol_json *d = ds->child;
	assert_non_null(d);
	assert_null(d->next); /* the only finding */
	assert_string_equal(ol_json_gets(d, "code"), "tone/sie-form");
	assert_string_equal(ol_json_gets(d, "source"), "outlint");
	assert_int_equal(num(d, "severity"), 1);
	assert_non_null(strstr(ol_json_gets(d, "message"), "\nSiezen Sie"));
	assert_pos(ol_json_get(d, "range"), "start", 12, 43);
	assert_pos(ol_json_get(d, "range"), "end", 12, 46);
	assert_string_equal(ol_json_gets(ol_json_get(d, "data"), "fix"), "Ihnen");

	/* codeAction with the diagnostic sent back as Neovim 0.7 may: with
	 * byte-based positions (49..52); the fix must not care */
	struct ol_buf b;
	ol_buf_init(&b);
	ol_buf_adds(&b, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"textDocument/codeAction\","
	                "\"params\":{\"textDocument\":{\"uri\":\"" URI "\"},"
	                "\"range\":{\"start\":{\"line\":12,\"character\":49},"
	                "\"end\":{\"line\":12,\"character\":52}},\"context\":{\"diagnostics\":[{"
	                "\"range\":{\"start\":{\"line\":12,\"character\":49},"
	                "\"end\":{\"line\":12,\"character\":52}},\"message\":\"x\",\"data\":");
	ol_json_write_value(&b, ol_json_get(d, "data"));
	ol_buf_adds(&b, "}]}}}");
	char *action_req = ol_buf_detach(&b);
	send_msg(&s, action_req);
	ol_json_free(pub);

	struct ol_json *v = recv_msg(&s);
	assert_int_equal(num(v, "id"), 2);
	const struct ol_json *acts = ol_json_get(v, "result");
	assert_non_null(acts);
	assert_non_null(acts->child);
	assert_null(acts->child->next);
	const struct ol_json *a = acts->child;
	assert_string_equal(ol_json_gets(a, "kind"), "quickfix");
	assert_string_equal(ol_json_gets(a, "title"),
	                    "Ersetzen durch \xE2\x80\x9EIhnen\xE2\x80\x9C");
	assert_true(ol_json_get(a, "isPreferred")->b);
	const struct ol_json *edits =
	    ol_json_get(ol_json_get(ol_json_get(a, "edit"), "changes"), URI);
	assert_non_null(edits);
	assert_non_null(edits->child);
	assert_pos(ol_json_get(edits->child, "range"), "start", 12, 43);
	assert_pos(ol_json_get(edits->child, "range"), "end", 12, 46);
	assert_string_equal(ol_json_gets(edits->child, "newText"), "Ihnen");
	ol_json_free(v);

	/* the client applies the edit: didChange with the fixed text */
	char *good = template_with("Zu K\xC3\xBChlr\xC3\xA4umen (\xC3\x96ls\xC3\xA4ure-Tanks "
	                           "\xF0\x9D\x94\xB8): Darf ich Ihnen die Fallstudie schicken?");
	m = doc_msg("didChange", URI, good, 2);
	send_msg(&s, m);
	free(m);
	pub = recv_publish(&s, URI);
	assert_null(diagnostics(pub)->child);
	ol_json_free(pub);

	/* the old fix no longer matches the buffer: no action */
	send_msg(&s, action_req);
	v = recv_msg(&s);
	assert_int_equal(num(v, "id"), 2);
	assert_null(ol_json_get(v, "result")->child);
	ol_json_free(v);
	free(action_req);

	/* close: diagnostics cleared */
	send_msg(&s, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didClose\",\"params\":"
	             "{\"textDocument\":{\"uri\":\"" URI "\"}}}");
	pub = recv_publish(&s, URI);
	assert_null(diagnostics(pub)->child);
	ol_json_free(pub);

	send_msg(&s, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"shutdown\"}");
	v = recv_msg(&s);
	assert_int_equal(num(v, "id"), 3);
	assert_int_equal(ol_json_get(v, "result")->type, OL_JSON_NULL);
	ol_json_free(v);
	/* requests after shutdown are invalid */
	send_msg(&s, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"textDocument/codeAction\"}");
	assert_error(recv_msg(&s), 4, -32600);
	send_msg(&s, "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
	assert_null(recv_msg(&s));
	assert_int_equal(session_end(&s), 0);
	free(bad);
	free(good);
}

/* Missing opt-out: the configured text is offered as an insertion before
 * the closing — an empty range at the start of its line, a title that
 * says "Einfügen" — and applying it clears the finding; once the lines
 * around the point changed, the stale insertion is not offered again. */
static char optout_name[] = "opt_out";
static char optout_text[] = "Wenn Sie keine weiteren Nachrichten von mir w\xC3\xBCnschen, antworten Sie "
                            "einfach mit \xE2\x80\x9E" "Abmelden\xE2\x80\x9C.";
static char *const fix_names[] = {optout_name};
static char *const fix_texts[] = {optout_text};

static void test_insertion_quick_fix(void **state)
{
	(void)state;
	struct session s;
	session_init(&s);
	s.opt.fix_names = fix_names;
	s.opt.fix_texts = fix_texts;
	s.opt.nfix = 1;
	session_run(&s);
	send_msg(&s, init_msg);
	ol_json_free(recv_msg(&s));
	send_msg(&s, "{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}");

	/* the clean template without its opt-out paragraph */
	char *full = template_with("Darf ich Ihnen die Fallstudie schicken?");
	char *cut = strstr(full, "Sie k\xC3\xB6nnen der Verwendung");
	assert_non_null(cut);
	char *end = strstr(cut, "\n\n");
	assert_non_null(end);
	memmove(cut, end + 2, strlen(end + 2) + 1);
	const char *closing = strstr(full, "Mit freundlichen");
	assert_non_null(closing);
	long closing_line = 0;
	for (const char *p = full; p < closing; p++)
		closing_line += *p == '\n';

	char *m = doc_msg("didOpen", URI, full, 1);
	send_msg(&s, m);
	free(m);
	struct ol_json *pub = recv_publish(&s, URI);
	const struct ol_json *d = NULL;
	for (const struct ol_json *x = diagnostics(pub)->child; x; x = x->next)
		if (strcmp(ol_json_gets(x, "code"), "dsgvo/opt-out") == 0)
			d = x;
	assert_non_null(d);
	const struct ol_json *data = ol_json_get(d, "data");
	assert_non_null(data);
	assert_int_equal(num(data, "start"), num(data, "end"));
	assert_int_equal(num(data, "start"), closing - full);
	assert_true(ol_json_get(data, "safe")->b);

	struct ol_buf b;
	ol_buf_init(&b);
	ol_buf_adds(&b, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"textDocument/codeAction\","
	                "\"params\":{\"textDocument\":{\"uri\":\"" URI "\"},"
	                "\"range\":{\"start\":{\"line\":0,\"character\":0},"
	                "\"end\":{\"line\":0,\"character\":0}},\"context\":{\"only\":[\"quickfix\"],"
	                "\"diagnostics\":[{\"range\":{\"start\":{\"line\":0,\"character\":0},"
	                "\"end\":{\"line\":0,\"character\":0}},\"message\":\"x\",\"data\":");
	ol_json_write_value(&b, data);
	ol_buf_adds(&b, "}]}}}");
	char *action_req = ol_buf_detach(&b);
	ol_json_free(pub);
	send_msg(&s, action_req);

	struct ol_json *v = recv_msg(&s);
	assert_int_equal(num(v, "id"), 7);
	const struct ol_json *a = ol_json_get(v, "result")->child;
	assert_non_null(a);
	assert_null(a->next);
	assert_string_equal(ol_json_gets(a, "kind"), "quickfix");
	char *title = ol_xasprintf("Einf\xC3\xBCgen: \xE2\x80\x9E%s\xE2\x80\x9C", optout_text);
	assert_string_equal(ol_json_gets(a, "title"), title);
	free(title);
	const struct ol_json *edits = ol_json_get(ol_json_get(ol_json_get(a, "edit"), "changes"), URI);
	assert_non_null(edits);
	assert_non_null(edits->child);
	assert_null(edits->child->next);
	/* an empty range at the start of the closing line */
	assert_pos(ol_json_get(edits->child, "range"), "start", closing_line, 0);
	assert_pos(ol_json_get(edits->child, "range"), "end", closing_line, 0);
	char *want = ol_xasprintf("%s\n\n", optout_text);
	assert_string_equal(ol_json_gets(edits->child, "newText"), want);
	ol_json_free(v);

	/* the client applies the edit: the finding is gone */
	size_t at = (size_t)(closing - full);
	char *fixed = ol_xasprintf("%.*s%s%s", (int)at, full, want, full + at);
	free(want);
	m = doc_msg("didChange", URI, fixed, 2);
	send_msg(&s, m);
	free(m);
	pub = recv_publish(&s, URI);
	for (const struct ol_json *x = diagnostics(pub)->child; x; x = x->next)
		assert_string_not_equal(ol_json_gets(x, "code"), "dsgvo/opt-out");
	ol_json_free(pub);

	/* the old insertion point holds the same bytes (an empty span always
	 * does), but the line before it changed: not offered again */
	send_msg(&s, action_req);
	v = recv_msg(&s);
	assert_int_equal(num(v, "id"), 7);
	assert_null(ol_json_get(v, "result")->child);
	ol_json_free(v);
	free(action_req);

	send_msg(&s, "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"shutdown\"}");
	ol_json_free(recv_msg(&s));
	send_msg(&s, "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
	assert_null(recv_msg(&s));
	assert_int_equal(session_end(&s), 0);
	free(full);
	free(fixed);
}

static bool has_code(const struct ol_json *pub, const char *code)
{
	for (const struct ol_json *d = diagnostics(pub)->child; d; d = d->next)
		if (strcmp(ol_json_gets(d, "code"), code) == 0)
			return true;
	return false;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* A campaign buffer: its own findings, and its step's template (read from
 * disk, then from the open buffer) linted in its context and published
 * under the template's URI. */
static void test_campaign_session(void **state)
{
	(void)state;
	char dir[] = "/tmp/outlint-lsp-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *tdir = ol_xasprintf("%s/templates", dir);
	assert_int_equal(mkdir(tdir, 0700), 0);
	char *tpath = ol_xasprintf("%s/a.md", tdir);
	char *bad = template_with("Darf ich dir die Fallstudie schicken?");
	write_file(tpath, bad);
	const char *camp =
	    "campaign: test\naudience: b2b\nconsent: none\nlegal_basis: legitimate-interest\n"
	    "data_source: \"Impressum\"\nsender:\n  name: Max Mustermann\n"
	    "  company: Beispiel GmbH\n  address: Musterstra\xC3\x9F" "e 1, 10115 Berlin\n"
	    "  email: max.mustermann@beispiel.de\nsteps:\n  - template: templates/a.md\n"
	    "    channel: email\n    day: 0\n";
	char *curi = ol_xasprintf("file://%s/q1.yaml", dir);
	char *turi = ol_xasprintf("file://%s", tpath);

	struct session s;
	session_start(&s);
	send_msg(&s, init_msg);
	ol_json_free(recv_msg(&s));
	char *m = doc_msg("didOpen", curi, camp, 1);
	send_msg(&s, m);
	free(m);
	struct ol_json *pub = recv_publish(&s, turi);
	assert_true(has_code(pub, "tone/sie-form"));
	ol_json_free(pub);
	pub = recv_publish(&s, curi);
	assert_true(has_code(pub, "campaign/consent"));
	ol_json_free(pub);

	/* the template's buffer (fixed, unsaved) wins over the file */
	char *good = template_with("Darf ich Ihnen die Fallstudie schicken?");
	m = doc_msg("didOpen", turi, good, 1);
	send_msg(&s, m);
	free(m);
	pub = recv_publish(&s, turi);
	assert_false(has_code(pub, "tone/sie-form"));
	ol_json_free(pub);

	send_msg(&s, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"shutdown\"}");
	for (;;) {
		struct ol_json *v = recv_msg(&s);
		assert_non_null(v);
		bool done = ol_json_get(v, "id") != NULL;
		ol_json_free(v);
		if (done)
			break;
	}
	send_msg(&s, "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
	assert_null(recv_msg(&s));
	assert_int_equal(session_end(&s), 0);
	unlink(tpath);
	rmdir(tdir);
	rmdir(dir);
	free(bad);
	free(good);
	free(curi);
	free(turi);
	free(tpath);
	free(tdir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_json_values),
	    cmocka_unit_test(test_json_hostile),
	    cmocka_unit_test(test_framing_and_errors),
	    cmocka_unit_test(test_exit_without_shutdown),
	    cmocka_unit_test(test_utf8_negotiation),
	    cmocka_unit_test(test_full_session),
	    cmocka_unit_test(test_insertion_quick_fix),
	    cmocka_unit_test(test_campaign_session),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
