/* Unit tests of the CI formats (diag/output_sarif.c, diag/output_github.c).
 * Reports are built by hand; expected GitHub lines are written from the
 * escaping rules of consumers.md, SARIF facts from the SARIF 2.1.0 spec
 * (validity against the OASIS schema is proven by tests/consumers/sarif). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "checker/base/base.h"
#include "checker/diag/fingerprint.h"
#include "checker/diag/output_ci.h"

static const struct ol_output_opts plain = {OL_COL_CODEPOINT, false, false, "0.1.0"};
static const struct ol_output_opts utf16 = {OL_COL_UTF16, false, false, "0.1.0"};
static const struct ol_output_opts bytes = {OL_COL_BYTE, false, false, "0.1.0"};

static const struct ol_rule_info two_rules[] = {
	{"tone/sie-form", "Sie-Form durchhalten", "Prüft die Anrede.", "§ 7 UWG",
	 "https://example.org/rules/tone/sie-form", OL_SEV_ERROR},
	{"style/length", "Zu lang", NULL, NULL, "not a uri", OL_SEV_INFO},
};

static char *github(const struct ol_report *rep, const struct ol_output_opts *o)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	ol_output_github(f, rep, o);
	fclose(f);
	return buf;
}

static char *sarif(const struct ol_report *rep, const struct ol_output_opts *o,
                   const struct ol_rule_info *rules, size_t n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	ol_output_sarif(f, rep, o, rules, n);
	fclose(f);
	return buf;
}

static struct ol_file_result *add_file(struct ol_report *rep, const char *path, const char *text)
{
	struct ol_file_result *r = ol_report_add(rep, path);
	if (text)
		r->src = ol_source_from_string(path, text, strlen(text));
	return r;
}

static size_t at(const struct ol_file_result *r, const char *needle)
{
	const char *p = strstr(r->src->text, needle);
	assert_non_null(p);
	return (size_t)(p - r->src->text);
}

static struct ol_finding *add(struct ol_file_result *r, const char *rule, enum ol_severity sev,
                              const char *needle, const char *msg)
{
	size_t s = needle ? at(r, needle) : 0;
	return ol_findings_add(&r->findings, rule, sev, s, s + (needle ? strlen(needle) : 0), msg);
}

/* Number of non-overlapping occurrences of needle in hay. */
static size_t count(const char *hay, const char *needle)
{
	size_t n = 0, l = strlen(needle), len = strlen(hay);
	for (size_t i = 0; i + l <= len;) {
		if (!memcmp(hay + i, needle, l)) {
			n++;
			i += l;
		} else {
			i++;
		}
	}
	return n;
}

/* The text of the result line (one result per line) that holds needle. */
static char *line_with(const char *doc, const char *needle)
{
	const char *p = strstr(doc, needle);
	assert_non_null(p);
	const char *a = p, *e = strchr(p, '\n');
	while (a > doc && a[-1] != '\n')
		a--;
	return ol_xstrndup(a, e ? (size_t)(e - a) : strlen(a));
}

/* --- GitHub ----------------------------------------------------------- */

static void github_escaping(void **state)
{
	(void)state;
	struct ol_report rep;
	ol_report_init(&rep);
	struct ol_file_result *r =
	        add_file(&rep, "t/a:b,c%d.md", "Hallo,\nGrüße: dir 100% sicher\n");
	struct ol_finding *f = add(r, "tone/sie-form", OL_SEV_ERROR, "dir",
	                           "Anrede „dir“: 100% falsch,\r\nbitte: siezen");
	f->hint = ol_xstrdup("Ihnen, statt dir: %0A ist kein Zeilenumbruch");
	add(r, "x:y,z%", OL_SEV_WARNING, "Hallo", "Zeile 1\nZeile 2");
	add(r, "style/info", OL_SEV_INFO, "sicher", "nur ein Hinweis");
	add(r, "style/off", OL_SEV_OFF, "sicher", "abgeschaltet");
	char *got = github(&rep, &plain);
	assert_string_equal(
	        got,
	        "::error file=t/a%3Ab%2Cc%25d.md,line=2,col=8,endLine=2,endColumn=11,"
	        "title=tone/sie-form::Anrede „dir“: 100%25 falsch,%0D%0Abitte: siezen"
	        "%0AIhnen, statt dir: %250A ist kein Zeilenumbruch\n"
	        "::warning file=t/a%3Ab%2Cc%25d.md,line=1,col=1,endLine=1,endColumn=6,"
	        "title=x%3Ay%2Cz%25::Zeile 1%0AZeile 2\n"
	        "::notice file=t/a%3Ab%2Cc%25d.md,line=2,col=17,endLine=2,endColumn=23,"
	        "title=style/info::nur ein Hinweis\n");
	free(got);
	ol_report_fini(&rep);
}

static void github_units_and_edges(void **state)
{
	(void)state;
	struct ol_report rep;
	ol_report_init(&rep);
	/* 🙂 is one code point, two UTF-16 units, four bytes */
	struct ol_file_result *r = add_file(&rep, "a.md", "🙂 dir\n");
	add(r, "tone/sie-form", OL_SEV_ERROR, "dir", "du\x1b[31m");
	struct ol_file_result *e = add_file(&rep, "leer.md", "");
	ol_findings_add(&e->findings, "input/empty", OL_SEV_WARNING, 0, 0, "Datei ist leer");
	struct ol_file_result *n = add_file(&rep, "weg.md", NULL);
	ol_findings_add(&n->findings, "input/binary", OL_SEV_ERROR, 0, 0, "kaputt");
	add_file(&rep, "sauber.md", "Guten Tag\n");
	char *got = github(&rep, &plain);
	assert_string_equal(got,
	                    "::error file=a.md,line=1,col=3,endLine=1,endColumn=6,"
	                    "title=tone/sie-form::du\\x1b[31m\n"
	                    "::warning file=leer.md,line=1,col=1,endLine=1,endColumn=1,"
	                    "title=input/empty::Datei ist leer\n"
	                    "::error file=weg.md,line=1,col=1,endLine=1,endColumn=1,"
	                    "title=input/binary::kaputt\n");
	free(got);
	got = github(&rep, &utf16);
	assert_non_null(strstr(got, "line=1,col=4,endLine=1,endColumn=7,"));
	free(got);
	ol_report_fini(&rep);

	ol_report_init(&rep);
	add_file(&rep, "sauber.md", "Guten Tag\n");
	got = github(&rep, &plain);
	assert_string_equal(got, ""); /* commands only, no summary */
	free(got);
	ol_report_fini(&rep);
}

/* --- SARIF ------------------------------------------------------------ */

static void sarif_skeleton_and_rules(void **state)
{
	(void)state;
	struct ol_report rep;
	ol_report_init(&rep);
	struct ol_file_result *r = add_file(&rep, "vorlage.md", "Hallo dir\n");
	add(r, "style/length", OL_SEV_INFO, "Hallo", "zu lang");
	add(r, "tone/sie-form", OL_SEV_ERROR, "dir", "dir");
	struct ol_file_result *b = add_file(&rep, "kaputt.md", "\xff\n");
	ol_findings_add(&b->findings, "input/encoding", OL_SEV_ERROR, 0, 1, "ungültiges UTF-8");
	ol_findings_add(&b->findings, "input/encoding", OL_SEV_ERROR, 0, 1, "nochmal");
	char *got = sarif(&rep, &plain, two_rules, 2);

	assert_non_null(strstr(got, "\"$schema\": \"https://docs.oasis-open.org/sarif/sarif/"
	                            "v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json\""));
	assert_non_null(strstr(got, "\"version\": \"2.1.0\""));
	assert_int_equal(count(got, "\"runs\": ["), 1);
	assert_non_null(strstr(got, "\"name\": \"outlint\""));
	assert_non_null(strstr(got, "\"version\": \"0.1.0\""));
	assert_non_null(strstr(got, "\"columnKind\": \"unicodeCodePoints\""));

	/* rules: the caller's two, then input/encoding once */
	assert_int_equal(count(got, "{\"id\": "), 3);
	char *l = line_with(got, "{\"id\": \"tone/sie-form\"");
	assert_non_null(strstr(l, "\"shortDescription\": {\"text\": \"Sie-Form durchhalten\"}"));
	assert_non_null(strstr(l, "\"help\": {\"text\": \"Prüft die Anrede.\\n\\n§ 7 UWG\"}"));
	assert_non_null(strstr(l, "\"helpUri\": \"https://example.org/rules/tone/sie-form\""));
	assert_non_null(strstr(l, "\"defaultConfiguration\": {\"level\": \"error\"}"));
	free(l);
	l = line_with(got, "{\"id\": \"style/length\"");
	assert_null(strstr(l, "helpUri")); /* "not a uri" is left out */
	assert_non_null(strstr(l, "\"defaultConfiguration\": {\"level\": \"note\"}"));
	free(l);
	l = line_with(got, "{\"id\": \"input/encoding\"");
	assert_null(strstr(l, "\"help\""));
	assert_non_null(strstr(l, "\"defaultConfiguration\": {\"level\": \"error\"}"));
	free(l);

	/* ruleIndex points at the rule of the same id */
	l = line_with(got, "{\"ruleId\": \"style/length\"");
	assert_non_null(strstr(l, "\"ruleIndex\": 1, \"level\": \"note\""));
	free(l);
	l = line_with(got, "{\"ruleId\": \"tone/sie-form\"");
	assert_non_null(strstr(l, "\"ruleIndex\": 0, \"level\": \"error\""));
	free(l);
	assert_int_equal(count(got, "\"ruleId\": \"input/encoding\", \"ruleIndex\": 2,"), 2);
	assert_int_equal(count(got, "\"partialFingerprints\": {\"outlintFingerprint/v1\": \""), 4);

	/* results keep report order */
	assert_true(strstr(got, "\"ruleId\": \"style/length\"") <
	            strstr(got, "\"ruleId\": \"tone/sie-form\", \"ruleIndex\": 0"));
	free(got);

	got = sarif(&rep, &utf16, two_rules, 2);
	assert_non_null(strstr(got, "\"columnKind\": \"utf16CodeUnits\""));
	free(got);
	ol_report_fini(&rep);
}

static void sarif_uri_encoding(void **state)
{
	(void)state;
	struct ol_report rep;
	ol_report_init(&rep);
	const char *paths[] = {"vorlagen/Erstkontakt für Müller.md", "./x.md", "a:b#c?d.md",
	                       "/abs/ä.md"};
	for (size_t i = 0; i < 4; i++) {
		struct ol_file_result *r = add_file(&rep, paths[i], "x\n");
		add(r, "tone/sie-form", OL_SEV_ERROR, "x", "m");
	}
	char *got = sarif(&rep, &plain, two_rules, 2);
	assert_non_null(strstr(got, "{\"uri\": \"vorlagen/Erstkontakt%20f%C3%BCr%20M%C3%BCller.md\", "
	                            "\"uriBaseId\": \"%SRCROOT%\"}"));
	assert_non_null(strstr(got, "{\"uri\": \"x.md\", \"uriBaseId\": \"%SRCROOT%\"}"));
	assert_non_null(strstr(got, "{\"uri\": \"a%3Ab%23c%3Fd.md\", \"uriBaseId\": \"%SRCROOT%\"}"));
	assert_non_null(strstr(got, "{\"uri\": \"file:///abs/%C3%A4.md\"}"));
	free(got);
	ol_report_fini(&rep);
}

static void sarif_regions(void **state)
{
	(void)state;
	struct ol_report rep;
	ol_report_init(&rep);
	/* "Zeit" is code points 19..22 of line 2 (bytes 22..25): endColumn 23 */
	struct ol_file_result *r = add_file(&rep, "u.md", "Hallo\nGrüße, hätten Sie Zeit?\n🙂 dir\n");
	struct ol_finding *f = add(r, "tone/sie-form", OL_SEV_ERROR, "Zeit", "Zeit");
	f->fix = ol_xstrdup("Muße");
	f->context = ol_xstrdup("campaigns/q1.yaml, step 2");
	add(r, "style/length", OL_SEV_WARNING, "dir", "dir");
	ol_findings_add(&r->findings, "input/empty", OL_SEV_WARNING, 0, 0, "leer");
	const char zeit[] = "\"region\": {\"startLine\": 2, \"startColumn\": 19, \"endLine\": 2, "
	                    "\"endColumn\": 23}";
	char *got = sarif(&rep, &plain, two_rules, 2);
	char *l = line_with(got, "\"message\": {\"text\": \"Zeit\"}");
	assert_non_null(strstr(l, zeit));
	assert_non_null(strstr(l, "\"replacements\": [{\"deletedRegion\": {\"startLine\": 2, "
	                          "\"startColumn\": 19, \"endLine\": 2, \"endColumn\": 23}, "
	                          "\"insertedContent\": {\"text\": \"Muße\"}}]"));
	assert_non_null(strstr(l, "\"properties\": {\"context\": \"campaigns/q1.yaml, step 2\"}"));
	char fp[17];
	ol_fingerprint(f, "u.md", r->src, fp);
	char *want = ol_xasprintf("\"partialFingerprints\": {\"outlintFingerprint/v1\": \"%s\"}", fp);
	assert_non_null(strstr(l, want));
	free(want);
	free(l);
	l = line_with(got, "\"message\": {\"text\": \"dir\"}");
	assert_non_null(strstr(l, "{\"startLine\": 3, \"startColumn\": 3, \"endLine\": 3, \"endColumn\": 6}"));
	free(l);
	/* a zero-length span at the start: 1:1 to 1:1, startLine present */
	l = line_with(got, "\"message\": {\"text\": \"leer\"}");
	assert_non_null(strstr(l, "{\"startLine\": 1, \"startColumn\": 1, \"endLine\": 1, \"endColumn\": 1}"));
	free(l);
	free(got);

	/* the byte unit still reports code points, as columnKind says */
	got = sarif(&rep, &bytes, two_rules, 2);
	assert_non_null(strstr(got, "\"columnKind\": \"unicodeCodePoints\""));
	assert_non_null(strstr(got, zeit));
	free(got);

	got = sarif(&rep, &utf16, two_rules, 2);
	assert_non_null(strstr(got, zeit)); /* all of it in the BMP */
	assert_non_null(strstr(got, "{\"startLine\": 3, \"startColumn\": 4, \"endLine\": 3, \"endColumn\": 7}"));
	free(got);
	ol_report_fini(&rep);
}

static void sarif_empty_and_deterministic(void **state)
{
	(void)state;
	struct ol_report rep;
	ol_report_init(&rep);
	add_file(&rep, "sauber.md", "Guten Tag\n");
	char *got = sarif(&rep, &plain, NULL, 0);
	assert_non_null(strstr(got, "\"rules\": []"));
	assert_non_null(strstr(got, "\"results\": []"));
	char *again = sarif(&rep, &plain, NULL, 0);
	assert_string_equal(got, again);
	free(got);
	free(again);
	ol_report_fini(&rep);
}

static void sarif_truncation(void **state)
{
	(void)state;
	struct ol_report rep;
	ol_report_init(&rep);
	struct ol_file_result *r = add_file(&rep, "viel.md", "x\n");
	for (size_t i = 0; i < OL_SARIF_MAX_RESULTS + 2; i++)
		ol_findings_add(&r->findings, "style/length", OL_SEV_INFO, 0, 1, "m");
	char *got = sarif(&rep, &plain, two_rules, 2);
	assert_int_equal(count(got, "\"ruleId\": "), OL_SARIF_MAX_RESULTS);
	assert_non_null(strstr(got, "\"toolExecutionNotifications\": [{\"level\": \"warning\""));
	assert_non_null(strstr(got, "\"properties\": {\"truncated\": true, \"totalResults\": 25002, "
	                            "\"reportedResults\": 25000}"));
	free(got);
	ol_report_fini(&rep);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(github_escaping),
		cmocka_unit_test(github_units_and_edges),
		cmocka_unit_test(sarif_skeleton_and_rules),
		cmocka_unit_test(sarif_uri_encoding),
		cmocka_unit_test(sarif_regions),
		cmocka_unit_test(sarif_empty_and_deterministic),
		cmocka_unit_test(sarif_truncation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
