/* Unit tests of the project configuration (.outlint.yml): keys, errors at
 * their positions, severity and parameter overrides, globs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "checker/config/config.h"

static char dir[64];

static char *write_file(const char *name, const char *text)
{
	char *p = ol_xasprintf("%s/%s", dir, name);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return p;
}

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/ol-config-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char *cmd = ol_xasprintf("rm -rf '%s'", dir);
	int rc = system(cmd);
	free(cmd);
	return rc == 0 ? 0 : -1;
}

static void test_glob(void **state)
{
	(void)state;
	assert_true(ol_glob_match("drafts/**", "drafts/a.md"));
	/* many stars against a long name end at once (no exponential
	 * backtracking; the fuzzer found such a pattern) */
	assert_false(ol_glob_match("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b",
	                           "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	                           "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.md"));
	assert_true(ol_glob_match("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*.md",
	                          "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	                          "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.md"));
	assert_true(ol_glob_match("***/****/x.md", "a/b/c/x.md"));
	assert_true(ol_glob_match("drafts/**", "drafts/x/y/a.md"));
	assert_false(ol_glob_match("drafts/**", "templates/a.md"));
	assert_true(ol_glob_match("**/*.md", "a.md"));
	assert_true(ol_glob_match("**/*.md", "x/y/a.md"));
	assert_false(ol_glob_match("*.md", "x/a.md"));
	assert_true(ol_glob_match("templates/*.md", "templates/erstkontakt.md"));
	assert_false(ol_glob_match("templates/*.md", "templates/alt/erstkontakt.md"));
	assert_true(ol_glob_match("t?.md", "t1.md"));
	assert_false(ol_glob_match("t?.md", "t/.md"));
}

static void test_keys(void **state)
{
	(void)state;
	char *p = write_file(".outlint.yml",
	                     "rules: [eigene.rules]\n"
	                     "default_rules: false\n"
	                     "severity:\n  tone/superlative: off\n  dsgvo: warning\n"
	                     "params:\n  campaign/follow-up-count: {max_follow_ups: 4}\n"
	                     "words: [Kögel, Tourenplan-App]\n"
	                     "include: \"templates/**\"\n"
	                     "exclude: [\"templates/alt/**\", \"*.txt\"]\n"
	                     "address: du\nsignature: external\n");
	struct ol_config c;
	struct ol_report errs;
	ol_report_init(&errs);
	assert_int_equal(ol_config_load(p, &c, &errs), 0);
	assert_int_equal(c.nrules, 1);
	assert_non_null(strstr(c.rules[0], "/eigene.rules"));
	assert_false(c.default_rules);
	assert_int_equal(c.nsev, 2);
	assert_string_equal(c.sev[0].target, "tone/superlative");
	assert_int_equal(c.sev[0].severity, OL_SEV_OFF);
	assert_int_equal(c.nparams, 1);
	assert_string_equal(c.params[0].name, "max_follow_ups");
	assert_int_equal(c.params[0].value->kind, OL_E_NUM);
	assert_int_equal(c.nwords, 2);
	assert_string_equal(c.words[0], "Kögel");
	assert_string_equal(c.address, "du");
	assert_string_equal(c.signature, "external");
	char *t1 = ol_xasprintf("%s/templates/a.md", dir), *t2 = ol_xasprintf("%s/templates/alt/a.md", dir);
	char *t3 = ol_xasprintf("%s/templates/b.txt", dir), *t4 = ol_xasprintf("%s/other/a.md", dir);
	char *mk = ol_xasprintf("mkdir -p '%s/templates/alt' '%s/other' && touch '%s' '%s' '%s' '%s'", dir, dir,
	                        t1, t2, t3, t4);
	assert_int_equal(system(mk), 0);
	assert_true(ol_config_wants(&c, t1));
	assert_false(ol_config_wants(&c, t2)); /* excluded folder */
	assert_false(ol_config_wants(&c, t3)); /* a name pattern matches in any folder */
	assert_false(ol_config_wants(&c, t4)); /* not included */
	free(t1), free(t2), free(t3), free(t4), free(mk);
	ol_config_fini(&c);
	ol_report_fini(&errs);
	free(p);
}

static void test_errors_at_position(void **state)
{
	(void)state;
	char *p = write_file("bad.yml", "words: [a]\nseverity:\n  tone/x: loud\nfarbe: rot\naddress: ihr\n");
	struct ol_config c;
	struct ol_report errs;
	ol_report_init(&errs);
	assert_int_equal(ol_config_load(p, &c, &errs), 3);
	struct ol_file_result *r = &errs.files[0];
	assert_int_equal(r->findings.n, 3);
	assert_int_equal(ol_source_line(r->src, r->findings.v[0].start), 3);
	assert_int_equal(ol_source_col(r->src, r->findings.v[0].start, OL_COL_CODEPOINT), 11);
	assert_non_null(strstr(r->findings.v[0].message, "unknown severity 'loud'"));
	assert_int_equal(ol_source_line(r->src, r->findings.v[1].start), 4);
	assert_non_null(strstr(r->findings.v[1].message, "unknown key 'farbe'"));
	assert_int_equal(ol_source_line(r->src, r->findings.v[2].start), 5);
	ol_config_fini(&c);
	ol_report_fini(&errs);
	free(p);

	p = write_file("broken.yml", "words: [a\nseverity: x\n");
	ol_report_init(&errs);
	assert_int_equal(ol_config_load(p, &c, &errs), 1);
	assert_non_null(strstr(errs.files[0].findings.v[0].message, "invalid YAML"));
	ol_config_fini(&c);
	ol_report_fini(&errs);
	free(p);
}

static void test_apply(void **state)
{
	(void)state;
	struct ol_ruleset *rs = ol_ruleset_new();
	struct ol_report errs;
	ol_report_init(&errs);
	ol_ruleset_load_text(rs, "t.rules",
	                     "rule tone/a { severity warning message \"a\" forbid /a/ forbid /b/ { severity info } }\n"
	                     "rule style/b { severity info message \"b\" param max = 60 forbid /c/ }\n",
	                     &errs);
	assert_int_equal(ol_ruleset_resolve(rs, &errs), 0);
	char *p = write_file("apply.yml", "severity:\n  tone: error\n  style/*: off\n  nope/x: info\n"
	                                  "params:\n  style/b: {max: 80, min: 1}\n");
	struct ol_config c;
	assert_int_equal(ol_config_load(p, &c, &errs), 0);
	assert_int_equal(ol_config_apply(&c, rs, &errs), 2); /* nope/x and min */
	const struct ol_rule *a = ol_ruleset_find(rs, "tone/a");
	assert_int_equal(a->sev, OL_SEV_ERROR);
	assert_int_equal(a->stmts->sev, OL_SEV_ERROR);
	assert_int_equal(a->stmts->next->sev, OL_SEV_INFO); /* its own severity stays */
	const struct ol_rule *b = ol_ruleset_find(rs, "style/b");
	assert_int_equal(b->sev, OL_SEV_OFF);
	const struct ol_expr *v = ol_config_param(b, b->params, &c);
	assert_non_null(v);
	assert_true(v->num == 80);
	ol_config_fini(&c);
	ol_report_fini(&errs);
	ol_ruleset_free(rs);
	free(p);
}

static void test_find_walks_up(void **state)
{
	(void)state;
	char *p = write_file(".outlint.yml", "words: [x]\n");
	char *sub = ol_xasprintf("%s/a/b/c", dir);
	char *mk = ol_xasprintf("mkdir -p '%s'", sub);
	assert_int_equal(system(mk), 0);
	char *found = ol_config_find(sub);
	assert_non_null(found);
	assert_non_null(strstr(found, "/.outlint.yml"));
	free(found);
	free(mk);
	free(sub);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_glob),
	    cmocka_unit_test(test_keys),
	    cmocka_unit_test(test_errors_at_position),
	    cmocka_unit_test(test_apply),
	    cmocka_unit_test(test_find_walks_up),
	};
	return cmocka_run_group_tests_name("config", tests, setup, teardown);
}
