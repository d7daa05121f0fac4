/* Unit tests of fixes: the rule language's fix forms (parse and resolve
 * errors), the engine's fix spans (replacement, removal, insertion, the
 * configured texts), choosing and applying fixes with overlaps, the
 * unified diff, and the atomic write (a file changed since it was read is
 * left alone; the mode is kept). Real PCRE2, hunspell and libyaml. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "checker/base/base.h"
#include "checker/diag/fixit.h"
#include "checker/diag/output.h"
#include "checker/dsl/ruleset.h"
#include "checker/engine/check.h"
#include "checker/engine/fix.h"

/* ---- choosing and applying --------------------------------------------- */

static struct ol_finding *add(struct ol_findings *fs, const char *rule, size_t s, size_t e, const char *fix)
{
	struct ol_finding *f = ol_findings_add(fs, rule, OL_SEV_ERROR, s, e, "m");
	f->fix = ol_xstrdup(fix);
	return f;
}

static char *apply(const char *text, struct ol_findings *fs, bool unsafe, size_t *applied, size_t *skipped)
{
	char *out;
	size_t n;
	ol_fix_text(text, strlen(text), fs, unsafe ? OL_FIX_UNSAFE : 0, &out, &n, applied, skipped);
	assert_int_equal(strlen(out), n);
	return out;
}

static void test_apply_basic(void **state)
{
	(void)state;
	const char *t = "Hast du Zeit? Ich schicke dir die Studie!!!";
	struct ol_findings fs;
	ol_findings_init(&fs);
	/* given out of order: application goes by position */
	add(&fs, "b/hype", 40, 43, "!");
	add(&fs, "a/du", 5, 7, "Sie");
	add(&fs, "a/du", 26, 29, "Ihnen");
	add(&fs, "a/verb", 0, 4, "Haben");
	size_t ap, sk;
	char *out = apply(t, &fs, false, &ap, &sk);
	assert_string_equal(out, "Haben Sie Zeit? Ich schicke Ihnen die Studie!");
	assert_int_equal(ap, 4);
	assert_int_equal(sk, 0);
	free(out);
	ol_findings_fini(&fs);
}

static void test_apply_overlap(void **state)
{
	(void)state;
	const char *t = "abcdefghij";
	struct ol_findings fs;
	ol_findings_init(&fs);
	add(&fs, "z/late", 2, 5, "X");  /* the first by position */
	add(&fs, "a/early", 4, 8, "Y"); /* overlaps it: skipped */
	add(&fs, "m/touch", 5, 6, "Z"); /* starts where the first ends: fine */
	size_t ap, sk;
	char *out = apply(t, &fs, false, &ap, &sk);
	assert_string_equal(out, "abXZghij");
	assert_int_equal(ap, 2);
	assert_int_equal(sk, 1);
	free(out);

	/* same start: the rule id decides */
	ol_findings_fini(&fs);
	ol_findings_init(&fs);
	add(&fs, "b/two", 2, 4, "B");
	add(&fs, "a/one", 2, 6, "A");
	out = apply(t, &fs, false, &ap, &sk);
	assert_string_equal(out, "abAghij");
	assert_int_equal(sk, 1);
	free(out);
	ol_findings_fini(&fs);
}

static void test_apply_insertions(void **state)
{
	(void)state;
	const char *t = "Text.\n\nGruß\n";
	struct ol_findings fs;
	ol_findings_init(&fs);
	struct ol_finding *f = add(&fs, "d/source", 0, 0, "Quelle.\n\n");
	f->fix_at = true;
	f->fix_start = f->fix_end = 7;
	f = add(&fs, "d/opt-out", 0, 0, "Abmelden.\n\n");
	f->fix_at = true;
	f->fix_start = f->fix_end = 7;
	/* the same insertion from a second context is a duplicate, not a skip */
	f = add(&fs, "d/source", 0, 0, "Quelle.\n\n");
	f->fix_at = true;
	f->fix_start = f->fix_end = 7;
	/* a replacement around the point conflicts with the insertions */
	add(&fs, "x/span", 5, 9, "!");
	size_t ap, sk;
	char *out = apply(t, &fs, false, &ap, &sk);
	assert_string_equal(out, "Text.!uß\n");
	free(out);
	/* without it, both insertions at one point apply, in rule order */
	fs.n--;
	free(fs.v[fs.n].rule);
	free(fs.v[fs.n].message);
	free(fs.v[fs.n].fix);
	out = apply(t, &fs, false, &ap, &sk);
	assert_string_equal(out, "Text.\n\nAbmelden.\n\nQuelle.\n\nGruß\n");
	assert_int_equal(ap, 2);
	assert_int_equal(sk, 0);
	free(out);
	/* a later --fix pass inserts nothing */
	size_t n;
	assert_false(ol_fix_text(t, strlen(t), &fs, OL_FIX_NO_INSERT, &out, &n, &ap, &sk));
	assert_int_equal(ap, 0);
	free(out);
	ol_findings_fini(&fs);
}

static void test_apply_skips(void **state)
{
	(void)state;
	const char *t = "eins zwei";
	struct ol_findings fs;
	ol_findings_init(&fs);
	struct ol_finding *f = add(&fs, "s/spell", 0, 4, "EINS");
	f->fix_unsafe = true;
	add(&fs, "x/outside", 5, 99, "weg"); /* past the end: never applied */
	f = add(&fs, "x/off", 5, 9, "DREI");
	f->severity = OL_SEV_OFF;
	ol_findings_add(&fs, "x/nofix", OL_SEV_ERROR, 0, 4, "m");
	size_t ap, sk;
	char *out;
	size_t n;
	assert_false(ol_fix_text(t, strlen(t), &fs, 0, &out, &n, &ap, &sk));
	assert_string_equal(out, t);
	assert_int_equal(ap, 0);
	free(out);
	assert_true(ol_fix_text(t, strlen(t), &fs, OL_FIX_UNSAFE, &out, &n, &ap, &sk));
	assert_string_equal(out, "EINS zwei");
	free(out);
	ol_findings_fini(&fs);
}

/* ---- the unified diff ---------------------------------------------------- */

static char *diff(const char *a, const char *b)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	assert_int_equal(ol_diff_unified(m, "x.md", a, strlen(a), b, strlen(b), 3), 0);
	fclose(m);
	return buf;
}

static void test_diff(void **state)
{
	(void)state;
	char *d = diff("a\nb\n", "a\nb\n");
	assert_string_equal(d, "");
	free(d);
	d = diff("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n", "1\nZWEI\n3\n4\n5\n6\n7\n8\n9\n10\nELF\n12\n");
	assert_string_equal(d, "--- a/x.md\n+++ b/x.md\n"
	                       "@@ -1,5 +1,5 @@\n 1\n-2\n+ZWEI\n 3\n 4\n 5\n"
	                       "@@ -8,5 +8,5 @@\n 8\n 9\n 10\n-11\n+ELF\n 12\n");
	free(d);
	/* an insertion, and a last line without a line break */
	d = diff("a\nb", "a\nneu\n\nb");
	assert_string_equal(d, "--- a/x.md\n+++ b/x.md\n"
	                       "@@ -1,2 +1,4 @@\n a\n+neu\n+\n b\n\\ No newline at end of file\n");
	free(d);
	/* git's prefixes for "./x" and an absolute path */
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	assert_int_equal(ol_diff_unified(m, "./t/x.md", "a\n", 2, "b\n", 2, 3), 0);
	assert_int_equal(ol_diff_unified(m, "/tmp/y.md", "a\n", 2, "b\n", 2, 3), 0);
	fclose(m);
	assert_string_equal(buf, "--- a/t/x.md\n+++ b/t/x.md\n@@ -1 +1 @@\n-a\n+b\n"
	                         "--- a/tmp/y.md\n+++ b/tmp/y.md\n@@ -1 +1 @@\n-a\n+b\n");
	free(buf);
	/* into an empty file */
	d = diff("", "x\n");
	assert_string_equal(d, "--- a/x.md\n+++ b/x.md\n@@ -0,0 +1 @@\n+x\n");
	free(d);
}

/* ---- the atomic write ------------------------------------------------------ */

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char *buf = ol_xcalloc(4096, 1);
	size_t n = fread(buf, 1, 4095, f);
	buf[n] = 0;
	fclose(f);
	return buf;
}

static void write_str(const char *path, const char *s)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(s, f);
	fclose(f);
}

static void test_write_file(void **state)
{
	(void)state;
	char dir[] = "/tmp/outlint-fix-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *p = ol_xasprintf("%s/t.md", dir);
	write_str(p, "Hast du Zeit?\n");
	assert_int_equal(chmod(p, 0604), 0);
	char *err = NULL;
	/* what was linted is no longer in the file: left alone */
	assert_int_equal(ol_fix_write_file(p, "Hast du Zeit\n", 13, "X\n", 2, &err), -1);
	assert_non_null(strstr(err, "changed since it was read"));
	free(err);
	char *now = read_all(p);
	assert_string_equal(now, "Hast du Zeit?\n");
	free(now);
	/* the real thing: content replaced, mode kept, no temporary file left */
	assert_int_equal(ol_fix_write_file(p, "Hast du Zeit?\n", 14, "Haben Sie Zeit?\n", 16, &err), 0);
	now = read_all(p);
	assert_string_equal(now, "Haben Sie Zeit?\n");
	free(now);
	struct stat st;
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0604);
	char *cmd = ol_xasprintf("test $(ls -A %s | wc -l) -eq 1", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	/* a missing file */
	char *q = ol_xasprintf("%s/fehlt.md", dir);
	assert_int_equal(ol_fix_write_file(q, "", 0, "x", 1, &err), -1);
	assert_non_null(strstr(err, "cannot fix"));
	free(err);
	free(q);
	unlink(p);
	rmdir(dir);
	free(p);
}

/* ---- rules: syntax, resolution and the engine's fix spans -------------------- */

static struct ol_ruleset *load(const char *rules, struct ol_report *errs, size_t *nerr)
{
	struct ol_ruleset *rs = ol_ruleset_new();
	ol_report_init(errs);
	ol_ruleset_load_text(rs, "t.rules", rules, errs);
	size_t n = 0;
	for (size_t i = 0; i < errs->n; i++)
		n += errs->files[i].findings.n;
	if (n == 0)
		n = ol_ruleset_resolve(rs, errs);
	*nerr = n;
	return rs;
}

static const char *first_msg(const struct ol_report *errs)
{
	for (size_t i = 0; i < errs->n; i++)
		if (errs->files[i].findings.n)
			return errs->files[i].findings.v[0].message;
	return "";
}

static void test_rule_errors(void **state)
{
	(void)state;
	static const struct {
		const char *rules, *msg;
	} cases[] = {
	    {"rule a/b { severity error summary \"s\" require \"x\" { fix remove } }",
	     "replaces the match of a 'forbid'"},
	    {"rule a/b { severity error summary \"s\" require \"x\" { fix insert \"t\" before subject } }",
	     "not 'subject'"},
	    {"rule a/b { severity error summary \"s\" require \"x\" { fix insert \"t\" after nirgends } }",
	     "not 'nirgends'"},
	    {"rule a/b { severity error summary \"s\" forbid \"x\" { fix remove fix \"y\" } }",
	     "duplicate 'fix'"},
	    {"rule a/b { severity error summary \"s\" forbid \"x\" { fix insert \"t\" } }",
	     "expected"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct ol_report errs;
		size_t n;
		struct ol_ruleset *rs = load(cases[i].rules, &errs, &n);
		assert_true(n > 0);
		if (!strstr(first_msg(&errs), cases[i].msg))
			fail_msg("case %zu: '%s' lacks '%s'", i, first_msg(&errs), cases[i].msg);
		ol_report_fini(&errs);
		ol_ruleset_free(rs);
	}
}

static const char rules[] =
    "rule t/opt {\n"
    "  severity error\n"
    "  summary \"kein Abmeldehinweis\"\n"
    "  in body, ps\n"
    "  require \"Abmelden\" { fix insert \"{fix.opt_out}\" before closing, after body }\n"
    "}\n"
    "rule t/re {\n"
    "  severity error\n"
    "  summary \"Re\"\n"
    "  in subject\n"
    "  forbid /^Re:\\s*/ { fix remove }\n"
    "}\n"
    "rule t/du {\n"
    "  severity error\n"
    "  summary \"du\"\n"
    "  forbid \"du\" { fix unsafe \"Sie\" }\n"
    "}\n";

static void check(const char *text, bool with_config, struct ol_source **src, struct ol_findings *out,
                  struct ol_ruleset *rs)
{
	static char name[] = "opt_out", value[] = "Antworten Sie mit „Abmelden“.";
	static char *names[] = {name};
	static char *texts[] = {value};
	*src = ol_source_from_string("t.md", text, strlen(text));
	ol_findings_init(out);
	struct ol_checker *ck = ol_checker_new(rs);
	if (with_config)
		ol_checker_fix_texts(ck, names, texts, 1);
	ol_check_template(ck, *src, NULL, out);
	ol_checker_free(ck);
	ol_findings_sort(out);
}

static const struct ol_finding *by_rule(const struct ol_findings *fs, const char *rule)
{
	for (size_t i = 0; i < fs->n; i++)
		if (!strcmp(fs->v[i].rule, rule))
			return &fs->v[i];
	return NULL;
}

static void test_engine_fixes(void **state)
{
	(void)state;
	struct ol_report errs;
	size_t n;
	struct ol_ruleset *rs = load(rules, &errs, &n);
	assert_int_equal(n, 0);
	const char *text = "---\nsubject: \"Re: Frage\"\n---\nGuten Tag,\r\n\r\nhast du Zeit?\r\n\r\nBeste Grüße\r\nMax\r\n";
	struct ol_source *src;
	struct ol_findings fs;

	/* without the configured text: no insertion offered */
	check(text, false, &src, &fs, rs);
	const struct ol_finding *f = by_rule(&fs, "t/opt");
	assert_non_null(f);
	assert_null(f->fix);
	ol_findings_fini(&fs);
	ol_source_free(src);

	check(text, true, &src, &fs, rs);
	f = by_rule(&fs, "t/opt");
	assert_non_null(f);
	assert_true(f->fix_at);
	/* before the closing line, with the file's CRLF */
	assert_int_equal(f->fix_start, (size_t)(strstr(text, "Beste") - text));
	assert_int_equal(f->fix_end, f->fix_start);
	assert_string_equal(f->fix, "Antworten Sie mit „Abmelden“.\r\n\r\n");
	assert_false(f->fix_unsafe);
	char *d = ol_fix_describe(src, f, OL_COL_CODEPOINT);
	assert_string_equal(d, "insert a paragraph at 8:1: „Antworten Sie mit „Abmelden“.“");
	free(d);

	f = by_rule(&fs, "t/re");
	assert_non_null(f);
	assert_string_equal(f->fix, "");
	assert_false(f->fix_at);
	d = ol_fix_describe(src, f, OL_COL_CODEPOINT);
	assert_string_equal(d, "remove „Re: “");
	free(d);

	f = by_rule(&fs, "t/du");
	assert_non_null(f);
	assert_true(f->fix_unsafe);
	struct ol_buf b;
	ol_buf_init(&b);
	ol_fix_json(&b, src, f, OL_COL_CODEPOINT);
	assert_string_equal(b.data, "{\"replacement\": \"Sie\", \"safe\": false}");
	ol_buf_fini(&b);

	/* applied: the unsafe one stays, the others go in */
	char *out;
	size_t len, ap, sk;
	assert_true(ol_fix_text(src->text, src->len, &fs, 0, &out, &len, &ap, &sk));
	assert_string_equal(out, "---\nsubject: \"Frage\"\n---\nGuten Tag,\r\n\r\nhast du Zeit?\r\n\r\n"
	                         "Antworten Sie mit „Abmelden“.\r\n\r\nBeste Grüße\r\nMax\r\n");
	free(out);
	ol_findings_fini(&fs);
	ol_source_free(src);

	/* no closing: after the body, behind its last word */
	check("Guten Tag,\n\nhast Sie Zeit?\n\n\n", true, &src, &fs, rs);
	f = by_rule(&fs, "t/opt");
	assert_non_null(f);
	assert_non_null(f->fix);
	assert_int_equal(f->fix_start, strlen("Guten Tag,\n\nhast Sie Zeit?"));
	assert_string_equal(f->fix, "\n\nAntworten Sie mit „Abmelden“.");
	ol_findings_fini(&fs);
	ol_source_free(src);

	ol_report_fini(&errs);
	ol_ruleset_free(rs);
}

/* ---- the formats: fix-it lines in the human format, the JSON object ------ */

static char *render(void (*fn)(FILE *, const struct ol_report *, const struct ol_output_opts *),
                    const struct ol_report *rep)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	struct ol_output_opts o = {.col_unit = OL_COL_CODEPOINT, .version = "0.1.0"};
	fn(m, rep, &o);
	fclose(m);
	return buf;
}

static void test_formats(void **state)
{
	(void)state;
	const char *text = "---\nsubject: \"AW: Frage\"\n---\nGuten Tag,\n\nhast du Zeit?\n\nBeste Grüße\n";
	struct ol_report rep;
	ol_report_init(&rep);
	struct ol_file_result *r = ol_report_add(&rep, "t.md");
	r->src = ol_source_from_string("t.md", text, strlen(text));
	size_t aw = (size_t)(strstr(text, "AW") - text), at = (size_t)(strstr(text, "Beste") - text);
	struct ol_finding *f = add(&r->findings, "d/opt-out", 0, 0, "Abmelden.\n\n");
	f->fix_at = true;
	f->fix_start = f->fix_end = at;
	add(&r->findings, "d/re", aw, aw + 4, "");
	f = add(&r->findings, "s/du", aw + 10, aw + 12, "Sie"); /* a stand-in span */
	f->fix_unsafe = true;
	ol_report_sort(&rep);

	char *h = render(ol_output_human, &rep);
	/* the insertion: no excerpt of line 1, a fix-it line naming the place */
	assert_non_null(strstr(h, "t.md:1:1: error: m [d/opt-out]\n      = fix: insert a paragraph at 8:1: „Abmelden.“\n"));
	/* the removal: the excerpt with its caret, then what goes */
	assert_non_null(strstr(h, "    2 | subject: \"AW: Frage\"\n      |           ^~~~\n      = fix: remove „AW: “\n"));
	/* an unsafe replacement: under the caret, and said to be unsafe */
	assert_non_null(strstr(h, "= fix: replace with „Sie“ (unsafe: --fix applies it only with --fix-unsafe)"));
	free(h);

	char *j = render(ol_output_json, &rep);
	assert_non_null(strstr(j, "\"fix\": {\"replacement\": \"Abmelden.\\n\\n\", \"line\": 8, \"column\": 1, "
	                          "\"end_line\": 8, \"end_column\": 1, \"safe\": true}"));
	assert_non_null(strstr(j, "\"fix\": {\"replacement\": \"\", \"safe\": true}"));
	assert_non_null(strstr(j, "\"fix\": {\"replacement\": \"Sie\", \"safe\": false}"));
	free(j);
	ol_report_fini(&rep);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_apply_basic),
	    cmocka_unit_test(test_apply_overlap),
	    cmocka_unit_test(test_apply_insertions),
	    cmocka_unit_test(test_apply_skips),
	    cmocka_unit_test(test_diff),
	    cmocka_unit_test(test_write_file),
	    cmocka_unit_test(test_rule_errors),
	    cmocka_unit_test(test_engine_fixes),
	    cmocka_unit_test(test_formats),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
