/* Unit tests of the human and JSON formats (diag/output_*.c). Reports are
 * built by hand; every expected text is written from cli.md, not copied
 * from the program's output. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "checker/base/base.h"
#include "checker/diag/output.h"

enum fmt { HUMAN, HUMAN_ERRORS, JSON };

/* Renders rep in format k and returns the text (caller frees). */
static char *render(const struct ol_report *rep, enum fmt k, const struct ol_output_opts *o)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	if (k == HUMAN)
		ol_output_human(f, rep, o);
	else if (k == HUMAN_ERRORS)
		ol_output_human_errors(f, rep, o);
	else
		ol_output_json(f, rep, o);
	fclose(f);
	return buf;
}

static void expect_output(const struct ol_report *rep, enum fmt k,
                          const struct ol_output_opts *o, const char *want)
{
	char *got = render(rep, k, o);
	assert_string_equal(got, want);
	free(got);
}

/* Adds a file with source text to rep. */
static struct ol_file_result *add_file(struct ol_report *rep, const char *path, const char *text)
{
	struct ol_file_result *r = ol_report_add(rep, path);
	if (text)
		r->src = ol_source_from_string(path, text, strlen(text));
	return r;
}

/* Byte offset of the first occurrence of needle in the file's text. */
static size_t at(const struct ol_file_result *r, const char *needle)
{
	const char *p = strstr(r->src->text, needle);
	assert_non_null(p);
	return (size_t)(p - r->src->text);
}

static const struct ol_output_opts plain = {OL_COL_CODEPOINT, false, false, "0.1.0"};

/* 13 short lines, then the line of cli.md's example with „ä“ before the
 * finding: "dir" is the 22nd code point but starts at byte 23. */
static const char umlaut_text[] = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n"
                                  "Ich wäre froh, falls dir das hilft.\n";

static struct ol_file_result *umlaut_report(struct ol_report *rep)
{
	ol_report_init(rep);
	struct ol_file_result *r = add_file(rep, "templates/erstkontakt.md", umlaut_text);
	size_t s = at(r, "dir");
	struct ol_finding *f = ol_findings_add(&r->findings, "tone/sie-form", OL_SEV_ERROR, s,
	                                       s + 3, "informelle Anrede „dir“ in einer Sie-Vorlage");
	f->cite = ol_xstrdup("§ 7 UWG");
	f->hint = ol_xstrdup("Siezen Sie durchgehend.");
	f->fix = ol_xstrdup("Ihnen");
	return r;
}

static void human_umlaut_fix_cite_hint(void **state)
{
	(void)state;
	struct ol_report rep;
	umlaut_report(&rep);
	expect_output(&rep, HUMAN, &plain,
	              "templates/erstkontakt.md:14:22: error: informelle Anrede „dir“ in "
	              "einer Sie-Vorlage [tone/sie-form]\n"
	              "   14 | Ich wäre froh, falls dir das hilft.\n"
	              /*     "Ich wäre froh, falls " = 21 columns */
	              "      |                      ^~~\n"
	              "      |                      Ihnen\n"
	              "      = § 7 UWG\n"
	              "      = hint: Siezen Sie durchgehend.\n"
	              "1 error, 0 warnings in 1 file\n");
	ol_report_fini(&rep);
}

static void human_column_unit_byte(void **state)
{
	(void)state;
	struct ol_report rep;
	umlaut_report(&rep);
	struct ol_output_opts o = plain;
	o.col_unit = OL_COL_BYTE;
	char *got = render(&rep, HUMAN, &o);
	/* the header counts bytes („ä“ is two), the caret stays under "dir" */
	assert_non_null(strstr(got, "templates/erstkontakt.md:14:23: error: "));
	assert_non_null(strstr(got, "\n      |                      ^~~\n"));
	free(got);
	ol_report_fini(&rep);
}

static void human_note_for_context(void **state)
{
	(void)state;
	struct ol_report rep;
	ol_report_init(&rep);
	struct ol_file_result *r = add_file(&rep, "t.md", "Hast du Zeit?\n");
	size_t s = at(r, "du");
	struct ol_finding *f = ol_findings_add(&r->findings, "tone/sie-form", OL_SEV_WARNING,
	                                       s, s + 2, "informelle Anrede „du“");
	f->context = ol_xstrdup("campaigns/q1.yaml, step 2");
	expect_output(&rep, HUMAN, &plain,
	              "t.md:1:6: warning: informelle Anrede „du“ [tone/sie-form]\n"
	              "    1 | Hast du Zeit?\n"
	              "      |      ^~\n"
	              "      = note: campaigns/q1.yaml, step 2\n"
	              "0 errors, 1 warning in 1 file\n");
	ol_report_fini(&rep);
}

static void human_multiline_span(void **state)
{
	(void)state;
	struct ol_report rep;
	ol_report_init(&rep);
	struct ol_file_result *r = add_file(&rep, "m.md", "Hallo Welt\nzweite Zeile\n");
	/* from "Welt" to the middle of line 2: the caret covers "Welt" only */
	ol_findings_add(&r->findings, "x/multi", OL_SEV_INFO, at(r, "Welt"), at(r, "ite"),
	                "über zwei Zeilen");
	expect_output(&rep, HUMAN, &plain,
	              "m.md:1:7: info: über zwei Zeilen [x/multi]\n"
	              "    1 | Hallo Welt\n"
	              "      |       ^~~~\n"
	              "0 errors, 0 warnings, 1 info in 1 file\n");
	ol_report_fini(&rep);
}

static void human_empty_span_and_tab(void **state)
{
	(void)state;
	struct ol_report rep;
	ol_report_init(&rep);
	struct ol_file_result *r = add_file(&rep, "e.md", "Hallo Welt\n\tHast du Zeit?\n");
	size_t w = at(r, "Welt");
	ol_findings_add(&r->findings, "x/empty", OL_SEV_INFO, w, w, "leer");
	size_t d = at(r, "du");
	ol_findings_add(&r->findings, "x/tab", OL_SEV_INFO, d, d + 2, "nach Tab");
	expect_output(&rep, HUMAN, &plain,
	              "e.md:1:7: info: leer [x/empty]\n"
	              "    1 | Hallo Welt\n"
	              "      |       ^\n"
	              "e.md:2:7: info: nach Tab [x/tab]\n"
	              "    2 | \tHast du Zeit?\n"
	              "      | \t     ^~\n"
	              "0 errors, 0 warnings, 2 infos in 1 file\n");
	ol_report_fini(&rep);
}

static void human_whole_file_and_no_source(void **state)
{
	(void)state;
	struct ol_report rep;
	ol_report_init(&rep);
	/* cli.md's second block: a finding about the whole file at 1:1 */
	struct ol_file_result *r = add_file(&rep, "templates/erstkontakt.md", "Guten Tag,\n");
	struct ol_finding *f =
		ol_findings_add(&r->findings, "dsgvo/source-statement", OL_SEV_ERROR, 0, 0,
	                        "kein Hinweis, woher die Kontaktdaten stammen");
	f->cite = ol_xstrdup("Art. 14 Abs. 2 lit. f, Abs. 3 lit. b DSGVO");
	f->hint = ol_xstrdup("z. B. „Ihre Adresse habe ich dem Impressum Ihrer Website entnommen.“");
	struct ol_file_result *n = add_file(&rep, "weg.md", NULL);
	ol_findings_add(&n->findings, "input/encoding", OL_SEV_ERROR, 0, 1, "nicht lesbar");
	expect_output(&rep, HUMAN, &plain,
	              "templates/erstkontakt.md:1:1: error: kein Hinweis, woher die "
	              "Kontaktdaten stammen [dsgvo/source-statement]\n"
	              "      = Art. 14 Abs. 2 lit. f, Abs. 3 lit. b DSGVO\n"
	              "      = hint: z. B. „Ihre Adresse habe ich dem Impressum Ihrer "
	              "Website entnommen.“\n"
	              "weg.md: error: nicht lesbar [input/encoding]\n"
	              "2 errors, 0 warnings in 2 files\n");
	ol_report_fini(&rep);
}

static void human_wide_gutter(void **state)
{
	(void)state;
	struct ol_buf b;
	ol_buf_init(&b);
	for (int i = 1; i < 12345; i++)
		ol_buf_addc(&b, '\n');
	ol_buf_adds(&b, "ganz unten\n");
	struct ol_report rep;
	ol_report_init(&rep);
	struct ol_file_result *r = add_file(&rep, "lang.md", b.data);
	size_t u = at(r, "unten");
	struct ol_finding *f = ol_findings_add(&r->findings, "x/y", OL_SEV_ERROR, u, u + 5, "m");
	f->hint = ol_xstrdup("h");
	expect_output(&rep, HUMAN, &plain,
	              "lang.md:12345:6: error: m [x/y]\n"
	              " 12345 | ganz unten\n"
	              "       |      ^~~~~\n"
	              "       = hint: h\n"
	              "1 error, 0 warnings in 1 file\n");
	ol_report_fini(&rep);
	ol_buf_fini(&b);
}

static void human_summary_variants(void **state)
{
	(void)state;
	struct ol_report rep;
	ol_report_init(&rep);
	expect_output(&rep, HUMAN, &plain, "0 errors, 0 warnings in 0 files\n");
	struct ol_file_result *a = add_file(&rep, "a.md", "x\n");
	expect_output(&rep, HUMAN, &plain, "0 errors, 0 warnings in 1 file\n");

	struct ol_output_opts quiet = plain;
	quiet.quiet = true;
	expect_output(&rep, HUMAN, &quiet, "");

	ol_findings_add(&a->findings, "r/e", OL_SEV_ERROR, 0, 0, "e1");
	expect_output(&rep, HUMAN, &quiet, "a.md:1:1: error: e1 [r/e]\n"
	                                   "1 error, 0 warnings in 1 file\n");
	struct ol_file_result *b = add_file(&rep, "b.md", "y\n");
	ol_findings_add(&b->findings, "r/e", OL_SEV_ERROR, 0, 0, "e2");
	ol_findings_add(&b->findings, "r/w", OL_SEV_WARNING, 0, 0, "w1");
	expect_output(&rep, HUMAN, &plain, "a.md:1:1: error: e1 [r/e]\n"
	                                   "b.md:1:1: error: e2 [r/e]\n"
	                                   "b.md:1:1: warning: w1 [r/w]\n"
	                                   "2 errors, 1 warning in 2 files\n");
	ol_findings_add(&b->findings, "r/w", OL_SEV_WARNING, 0, 0, "w2");
	ol_findings_add(&b->findings, "r/i", OL_SEV_INFO, 0, 0, "i1");
	ol_findings_add(&b->findings, "r/i", OL_SEV_INFO, 0, 0, "i2");
	ol_findings_add(&b->findings, "r/i", OL_SEV_INFO, 0, 0, "i3");
	char *got = render(&rep, HUMAN, &plain);
	const char *last = strrchr(got, '\n');
	assert_non_null(last);
	const char *p = got + strlen(got) - 1;
	while (p > got && p[-1] != '\n')
		p--;
	assert_string_equal(p, "2 errors, 2 warnings, 3 infos in 2 files\n");
	free(got);

	struct ol_counts c;
	ol_report_count(&rep, &c);
	assert_int_equal(c.files, 2);
	assert_int_equal(c.errors, 2);
	assert_int_equal(c.warnings, 2);
	assert_int_equal(c.infos, 3);
	ol_report_fini(&rep);
}

static void human_control_chars_escaped(void **state)
{
	(void)state;
	struct ol_report rep;
	ol_report_init(&rep);
	struct ol_file_result *r =
		add_file(&rep, "esc.md", "Hallo \x1b[31mrot\x1b[0m und\x7f ok\n");
	size_t s = at(r, "rot");
	/* the message quotes input text with an ESC sequence and a C1 CSI */
	struct ol_finding *f = ol_findings_add(&r->findings, "x/esc", OL_SEV_WARNING, s, s + 3,
	                                       "zitiert „\x1b[2J\xc2\x9b" "1m“");
	f->fix = ol_xstrdup("blau");
	expect_output(&rep, HUMAN, &plain,
	              "esc.md:1:12: warning: zitiert „\\x1b[2J\\xc2\\x9b1m“ [x/esc]\n"
	              "    1 | Hallo \\x1b[31mrot\\x1b[0m und\\x7f ok\n"
	              /*     "Hallo " 6 + "\x1b" 4 + "[31m" 4 = 14 columns */
	              "      |               ^~~\n"
	              "      |               blau\n"
	              "0 errors, 1 warning in 1 file\n");
	ol_report_fini(&rep);
}

static void human_invalid_utf8_escaped(void **state)
{
	(void)state;
	struct ol_report rep;
	ol_report_init(&rep);
	struct ol_file_result *r = add_file(&rep, "bad.txt", "\xff\xfe" "du\r\n");
	size_t s = at(r, "du");
	ol_findings_add(&r->findings, "x/bad", OL_SEV_ERROR, s, s + 2, "Byte \xff" "ab");
	/* invalid bytes count one column each (source.h); CRLF is a line end */
	expect_output(&rep, HUMAN, &plain,
	              "bad.txt:1:3: error: Byte \\xff" "ab [x/bad]\n"
	              "    1 | \\xff\\xfe" "du\n"
	              "      |         ^~\n"
	              "1 error, 0 warnings in 1 file\n");
	char *got = render(&rep, HUMAN, &plain);
	for (const char *p = got; *p; p++) {
		unsigned char c = (unsigned char)*p;
		assert_false(c == 0x1b || c == 0x7f || (c < 0x20 && c != '\n' && c != '\t'));
	}
	free(got);
	ol_report_fini(&rep);
}

static void human_color(void **state)
{
	(void)state;
	struct ol_report rep;
	umlaut_report(&rep);
	char *got = render(&rep, HUMAN, &plain);
	assert_null(strchr(got, '\033'));
	free(got);

	struct ol_output_opts o = plain;
	o.color = true;
	got = render(&rep, HUMAN, &o);
	assert_non_null(strstr(got, "\033[1mtemplates/erstkontakt.md:14:22:\033[0m "
	                            "\033[1;31merror:\033[0m "));
	assert_non_null(strstr(got, "\033[1;32m^~~\033[0m\n"));
	free(got);
	ol_report_fini(&rep);

	ol_report_init(&rep);
	struct ol_file_result *r = add_file(&rep, "w.md", "x\n");
	ol_findings_add(&r->findings, "r/w", OL_SEV_WARNING, 0, 0, "w");
	ol_findings_add(&r->findings, "r/i", OL_SEV_INFO, 0, 0, "i");
	got = render(&rep, HUMAN, &o);
	assert_non_null(strstr(got, "\033[1;35mwarning:\033[0m"));
	assert_non_null(strstr(got, "\033[1;36minfo:\033[0m"));
	free(got);
	ol_report_fini(&rep);
}

static void human_errors_format(void **state)
{
	(void)state;
	struct ol_report rep;
	ol_report_init(&rep);
	struct ol_file_result *r = add_file(&rep, "my.rules", "rule a/b {\n  severity\n");
	size_t s = at(r, "severity");
	struct ol_finding *f = ol_findings_add(&r->findings, "dsl/syntax", OL_SEV_ERROR, s, s + 8,
	                                       "„severity“ braucht einen Wert");
	f->hint = ol_xstrdup("error, warning, info oder off");
	expect_output(&rep, HUMAN_ERRORS, &plain,
	              "my.rules:2:3: error: „severity“ braucht einen Wert\n"
	              "    2 |   severity\n"
	              "      |   ^~~~~~~~\n"
	              "      = hint: error, warning, info oder off\n");
	ol_report_fini(&rep);
}

/* JSON */

static void json_document(void **state)
{
	(void)state;
	struct ol_report rep;
	ol_report_init(&rep);
	struct ol_file_result *a = add_file(&rep, "templates/a.md", "Hallo Welt,\nhast du Zeit?\n");
	size_t s = at(a, "du");
	struct ol_finding *f = ol_findings_add(&a->findings, "tone/sie-form", OL_SEV_ERROR, s,
	                                       s + 2, "informelle Anrede „du“");
	f->cite = ol_xstrdup("§ 7 UWG");
	f->hint = ol_xstrdup("Siezen");
	f->fix = ol_xstrdup("Sie");
	f->context = ol_xstrdup("campaigns/q1.yaml, step 2");
	/* a span over the line break: end is exclusive, on line 2 */
	ol_findings_add(&a->findings, "x/w", OL_SEV_WARNING, at(a, "Welt"), at(a, "st du"),
	                "zwei Zeilen");
	ol_findings_add(&a->findings, "x/i", OL_SEV_INFO, 0, 0, "ganz");
	f = ol_findings_add(&a->findings, "x/h", OL_SEV_INFO, 0, 0, "nur hint");
	f->hint = ol_xstrdup("h");
	add_file(&rep, "templates/clean.md", "Guten Tag\n");
	expect_output(&rep, JSON, &plain,
	              "{\n"
	              "  \"tool\": {\"name\": \"outlint\", \"version\": \"0.1.0\"},\n"
	              "  \"files\": [\n"
	              "    {\n"
	              "      \"path\": \"templates/a.md\",\n"
	              "      \"diagnostics\": [\n"
	              "        {\n"
	              "          \"rule\": \"tone/sie-form\",\n"
	              "          \"severity\": \"error\",\n"
	              "          \"message\": \"informelle Anrede „du“\",\n"
	              "          \"line\": 2, \"column\": 6, \"end_line\": 2, \"end_column\": 8,\n"
	              "          \"cite\": \"§ 7 UWG\", \"hint\": \"Siezen\",\n"
	              "          \"fix\": {\"replacement\": \"Sie\", \"safe\": true},\n"
	              "          \"context\": \"campaigns/q1.yaml, step 2\"\n"
	              "        },\n"
	              "        {\n"
	              "          \"rule\": \"x/w\",\n"
	              "          \"severity\": \"warning\",\n"
	              "          \"message\": \"zwei Zeilen\",\n"
	              "          \"line\": 1, \"column\": 7, \"end_line\": 2, \"end_column\": 3\n"
	              "        },\n"
	              "        {\n"
	              "          \"rule\": \"x/i\",\n"
	              "          \"severity\": \"info\",\n"
	              "          \"message\": \"ganz\",\n"
	              "          \"line\": 1, \"column\": 1, \"end_line\": 1, \"end_column\": 1\n"
	              "        },\n"
	              "        {\n"
	              "          \"rule\": \"x/h\",\n"
	              "          \"severity\": \"info\",\n"
	              "          \"message\": \"nur hint\",\n"
	              "          \"line\": 1, \"column\": 1, \"end_line\": 1, \"end_column\": 1,\n"
	              "          \"hint\": \"h\"\n"
	              "        }\n"
	              "      ]\n"
	              "    },\n"
	              "    {\n"
	              "      \"path\": \"templates/clean.md\",\n"
	              "      \"diagnostics\": []\n"
	              "    }\n"
	              "  ],\n"
	              "  \"summary\": {\"files\": 2, \"errors\": 1, \"warnings\": 1, \"infos\": 2}\n"
	              "}\n");
	ol_report_fini(&rep);
}

static void json_empty_report(void **state)
{
	(void)state;
	struct ol_report rep;
	ol_report_init(&rep);
	expect_output(&rep, JSON, &plain,
	              "{\n"
	              "  \"tool\": {\"name\": \"outlint\", \"version\": \"0.1.0\"},\n"
	              "  \"files\": [],\n"
	              "  \"summary\": {\"files\": 0, \"errors\": 0, \"warnings\": 0, \"infos\": 0}\n"
	              "}\n");
	ol_report_fini(&rep);
}

/* The text of the first "message" value in a JSON document (caller frees). */
static char *json_field(const char *doc, const char *key)
{
	char pat[64];
	snprintf(pat, sizeof pat, "\"%s\": ", key);
	const char *p = strstr(doc, pat);
	assert_non_null(p);
	p += strlen(pat);
	const char *e = p + 1;
	while (*e && *e != '"')
		e += *e == '\\' ? 2 : 1;
	return ol_xstrndup(p, (size_t)(e + 1 - p));
}

static void json_escaping(void **state)
{
	(void)state;
	struct ol_report rep;
	ol_report_init(&rep);
	struct ol_file_result *r = add_file(&rep, "x\xff.md", "a\n");
	ol_findings_add(&r->findings, "x/q", OL_SEV_ERROR, 0, 1,
	                "\"q\" \\ n\nr\rt\tc\x01\x1b[0m\x7f\xc2\x85|\xc3(|\xe2\x80\xa8|ü");
	char *doc = render(&rep, JSON, &plain);
	char *msg = json_field(doc, "message");
	assert_string_equal(msg, "\"\\\"q\\\" \\\\ n\\nr\\rt\\tc\\u0001\\u001b[0m\\u007f\\u0085|"
	                         "\xef\xbf\xbd(|\\u2028|ü\"");
	free(msg);
	char *path = json_field(doc, "path");
	assert_string_equal(path, "\"x\xef\xbf\xbd.md\"");
	free(path);
	/* the whole document is valid UTF-8 and has no raw control character */
	assert_true(ol_utf8_valid(doc, strlen(doc), NULL));
	for (const char *p = doc; *p; p++)
		assert_false((unsigned char)*p < 0x20 && *p != '\n');
	free(doc);
	ol_report_fini(&rep);
}

static void json_column_units(void **state)
{
	(void)state;
	struct ol_report rep;
	ol_report_init(&rep);
	/* 𝄞 is 1 code point, 2 UTF-16 units, 4 bytes; ä is 1, 1, 2 */
	struct ol_file_result *r = add_file(&rep, "u.md", "𝄞 ä du\n");
	size_t s = at(r, "du");
	ol_findings_add(&r->findings, "x/u", OL_SEV_ERROR, s, s + 2, "m");
	struct ol_output_opts o = plain;
	char *doc = render(&rep, JSON, &o);
	assert_non_null(strstr(doc, "\"line\": 1, \"column\": 5, \"end_line\": 1, \"end_column\": 7\n"));
	free(doc);
	o.col_unit = OL_COL_UTF16;
	doc = render(&rep, JSON, &o);
	assert_non_null(strstr(doc, "\"line\": 1, \"column\": 6, \"end_line\": 1, \"end_column\": 8\n"));
	free(doc);
	o.col_unit = OL_COL_BYTE;
	doc = render(&rep, JSON, &o);
	assert_non_null(strstr(doc, "\"line\": 1, \"column\": 9, \"end_line\": 1, \"end_column\": 11\n"));
	free(doc);
	ol_report_fini(&rep);
}

static void json_no_version(void **state)
{
	(void)state;
	struct ol_report rep;
	ol_report_init(&rep);
	struct ol_output_opts o = plain;
	o.version = NULL;
	char *doc = render(&rep, JSON, &o);
	assert_non_null(strstr(doc, "\"tool\": {\"name\": \"outlint\", \"version\": \""));
	free(doc);
	ol_report_fini(&rep);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(human_umlaut_fix_cite_hint),
		cmocka_unit_test(human_column_unit_byte),
		cmocka_unit_test(human_note_for_context),
		cmocka_unit_test(human_multiline_span),
		cmocka_unit_test(human_empty_span_and_tab),
		cmocka_unit_test(human_whole_file_and_no_source),
		cmocka_unit_test(human_wide_gutter),
		cmocka_unit_test(human_summary_variants),
		cmocka_unit_test(human_control_chars_escaped),
		cmocka_unit_test(human_invalid_utf8_escaped),
		cmocka_unit_test(human_color),
		cmocka_unit_test(human_errors_format),
		cmocka_unit_test(json_document),
		cmocka_unit_test(json_empty_report),
		cmocka_unit_test(json_escaping),
		cmocka_unit_test(json_column_units),
		cmocka_unit_test(json_no_version),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
