/* Unit tests of inline suppressions: real templates, real findings from a
 * small inline rule set (ol_check_template), then ol_suppress_apply. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "checker/base/base.h"
#include "checker/dsl/ruleset.h"
#include "checker/engine/check.h"
#include "checker/engine/suppress.h"

static const char RULES[] =
    "rule t/hast { severity error message \"„{match}“\" forbid /\\bhast\\b/i }\n"
    "rule t/genial { severity warning message \"{match}\" forbid /\\bgenial\\b/i }\n"
    "rule u/abmelden { severity error message \"kein Opt-out\" require /abmelden/i }\n";

struct fixture {
	struct ol_ruleset *rs;
	struct ol_source *src;
	struct ol_findings fs;
	struct ol_suppressions list;
};

static int setup(void **state)
{
	struct fixture *f = ol_xcalloc(1, sizeof(*f));
	struct ol_report errs;
	ol_report_init(&errs);
	f->rs = ol_ruleset_new();
	ol_ruleset_load_text(f->rs, "test.rules", RULES, &errs);
	size_t n = 0;
	for (size_t i = 0; i < errs.n; i++)
		n += errs.files[i].findings.n;
	if (n == 0)
		n = ol_ruleset_resolve(f->rs, &errs);
	ol_report_fini(&errs);
	assert_int_equal(n, 0);
	ol_findings_init(&f->fs);
	ol_suppressions_init(&f->list);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	ol_findings_fini(&f->fs);
	ol_suppressions_fini(&f->list);
	ol_source_free(f->src);
	ol_ruleset_free(f->rs);
	free(f);
	return 0;
}

/* Lints text as template t.md and applies its suppressions. */
static void lint(struct fixture *f, const char *text)
{
	f->src = ol_source_from_string("t.md", text, strlen(text));
	struct ol_checker *ck = ol_checker_new(f->rs);
	ol_check_template(ck, f->src, NULL, &f->fs);
	ol_checker_free(ck);
	ol_suppress_apply(f->src, false, &f->fs, &f->list);
	ol_findings_sort(&f->fs);
}

static size_t count(const struct fixture *f, const char *rule, enum ol_severity sev)
{
	size_t n = 0;
	for (size_t i = 0; i < f->fs.n; i++)
		if (!strcmp(f->fs.v[i].rule, rule) && (sev == OL_SEV_OFF || f->fs.v[i].severity == sev))
			n++;
	return n;
}

static size_t line_of(const struct fixture *f, const char *rule, size_t nth)
{
	for (size_t i = 0; i < f->fs.n; i++)
		if (!strcmp(f->fs.v[i].rule, rule) && nth-- == 0)
			return ol_source_line(f->src, f->fs.v[i].start);
	return 0;
}

static void test_next_line(void **state)
{
	struct fixture *f = *state;
	lint(f, "<!-- outlint-disable-next-line t/hast -- wörtliches Kundenzitat -->\n"
	        "\n"
	        "Hast du Zeit? Sie können sich abmelden.\n"
	        "Hast du morgen Zeit?\n");
	/* the blank line is skipped; only the next non-blank line is covered */
	assert_int_equal(count(f, "t/hast", OL_SEV_OFF), 1);
	assert_int_equal(line_of(f, "t/hast", 0), 4);
	assert_int_equal(count(f, "input/suppression", OL_SEV_OFF), 0);
	assert_int_equal(f->list.n, 1);
	assert_string_equal(f->list.v[0].rules, "t/hast");
	assert_string_equal(f->list.v[0].reason, "wörtliches Kundenzitat");
	assert_int_equal(f->list.v[0].hits, 1);
	assert_int_equal(f->list.v[0].line, 1);
}

static void test_block_and_pack(void **state)
{
	struct fixture *f = *state;
	lint(f, "Sie können sich abmelden.\n"
	        "<!-- outlint-disable t, t/genial -- Zitat aus der Kundenumfrage -->\n"
	        "Hast du Zeit? Genial!\n"
	        "Hast du Zeit?\n"
	        "<!-- outlint-enable t -->\n"
	        "Hast du Zeit? Genial!\n");
	assert_int_equal(count(f, "t/hast", OL_SEV_OFF), 1);
	assert_int_equal(line_of(f, "t/hast", 0), 6);
	assert_int_equal(count(f, "t/genial", OL_SEV_OFF), 1);
	assert_int_equal(count(f, "input/suppression", OL_SEV_OFF), 0);
	assert_int_equal(f->list.n, 1);
	assert_int_equal(f->list.v[0].hits, 3);
	assert_string_equal(f->list.v[0].rules, "t, t/genial");
}

static void test_unclosed_block_covers_file_level(void **state)
{
	struct fixture *f = *state;
	lint(f, "Guten Tag,\n"
	        "<!-- outlint-disable u/abmelden -- Opt-out steht im Footer des Versandtools -->\n"
	        "Hast du Zeit?\n");
	/* the missing opt-out is reported at 1:1, before the comment */
	assert_int_equal(count(f, "u/abmelden", OL_SEV_OFF), 0);
	assert_int_equal(count(f, "t/hast", OL_SEV_OFF), 1);
	assert_int_equal(count(f, "input/suppression", OL_SEV_OFF), 0);
	assert_int_equal(f->list.v[0].hits, 1);
}

static void test_missing_reason_is_error(void **state)
{
	struct fixture *f = *state;
	lint(f, "Sie können sich abmelden.\n"
	        "<!-- outlint-disable-next-line t/hast -->\n"
	        "Hast du Zeit?\n"
	        "<!-- outlint-disable-next-line t/hast --   -->\n"
	        "Hast du Zeit?\n"
	        "<!-- outlint-disable-next-line -- nur ein Grund -->\n"
	        "Hast du Zeit?\n");
	/* without a reason (or a rule) nothing is suppressed */
	assert_int_equal(count(f, "t/hast", OL_SEV_OFF), 3);
	assert_int_equal(count(f, "input/suppression", OL_SEV_ERROR), 3);
	assert_int_equal(line_of(f, "input/suppression", 0), 2);
	assert_int_equal(line_of(f, "input/suppression", 1), 4);
	assert_int_equal(line_of(f, "input/suppression", 2), 6);
	for (size_t i = 0; i < f->fs.n; i++)
		if (!strcmp(f->fs.v[i].rule, "input/suppression"))
			assert_non_null(strstr(f->fs.v[i].message, "Unterdrückung ohne"));
	assert_int_equal(f->list.n, 3);
	assert_null(f->list.v[0].reason);
}

static void test_unused_is_warning(void **state)
{
	struct fixture *f = *state;
	lint(f, "Sie können sich abmelden.\n"
	        "<!-- outlint-disable-next-line t/genial -- Produktname -->\n"
	        "Hast du Zeit?\n"
	        "<!-- outlint-disable-next-line t/hast -- Zitat -->\n");
	assert_int_equal(count(f, "t/hast", OL_SEV_OFF), 1);
	assert_int_equal(count(f, "input/suppression", OL_SEV_WARNING), 2);
	assert_int_equal(count(f, "input/suppression", OL_SEV_ERROR), 0);
	const struct ol_finding *w = NULL;
	for (size_t i = 0; i < f->fs.n; i++)
		if (!strcmp(f->fs.v[i].rule, "input/suppression"))
			w = w ? w : &f->fs.v[i];
	assert_non_null(w);
	assert_non_null(strstr(w->message, "Unterdrückung ohne Wirkung"));
	assert_non_null(strstr(w->message, "t/genial"));
	assert_int_equal(ol_source_line(f->src, w->start), 2);
	assert_int_equal(ol_source_col(f->src, w->start, OL_COL_CODEPOINT), 1);
}

static void test_never_suppresses_itself(void **state)
{
	struct fixture *f = *state;
	lint(f, "Sie können sich abmelden.\n"
	        "<!-- outlint-disable input -- alles Eingabe -->\n"
	        "<!-- outlint-disable-next-line t/hast -->\n"
	        "Hast du Zeit?\n");
	assert_int_equal(count(f, "input/suppression", OL_SEV_ERROR), 1);
	/* and the block that tried is itself without effect */
	assert_int_equal(count(f, "input/suppression", OL_SEV_WARNING), 1);
}

static void test_front_matter_comments(void **state)
{
	struct fixture *f = *state;
	lint(f, "---\n"
	        "address: sie\n"
	        "# outlint-disable u/abmelden -- Opt-out fügt das Versandtool an\n"
	        "---\n"
	        "Guten Tag,\n\nwir liefern.\n");
	assert_int_equal(count(f, "u/abmelden", OL_SEV_OFF), 0);
	assert_int_equal(count(f, "input/front-matter", OL_SEV_OFF), 0);
	assert_int_equal(count(f, "input/suppression", OL_SEV_OFF), 0);
	assert_int_equal(f->list.n, 1);
	assert_int_equal(f->list.v[0].line, 3);
	assert_int_equal(f->list.v[0].col, 1);
}

static void test_crlf(void **state)
{
	struct fixture *f = *state;
	lint(f, "Sie können sich abmelden.\r\n"
	        "<!-- outlint-disable-next-line t/hast -- Zitat -->\r\n"
	        "\r\n"
	        "Hast du Zeit?\r\n"
	        "Hast du Zeit?\r\n");
	assert_int_equal(count(f, "t/hast", OL_SEV_OFF), 1);
	assert_int_equal(line_of(f, "t/hast", 0), 5);
	assert_int_equal(count(f, "input/suppression", OL_SEV_OFF), 0);
	assert_string_equal(f->list.v[0].reason, "Zitat");
}

/* Campaign YAML: `#` comments; the findings are placed by hand at the
 * lines a campaign rule would report. */
static void test_yaml_comments(void **state)
{
	struct fixture *f = *state;
	const char *y = "name: Q1 # outlint-disable-next-line campaign/x -- Altbestand\r\n"
	                "steps:\r\n"
	                "  # outlint-disable-next-line campaign/send-volume -- vom DSB freigegeben\r\n"
	                "  - template: a.md   # \"# outlint-disable x\" in quotes is no comment\r\n"
	                "    note: \"# outlint-disable-next-line campaign -- im String\"\r\n"
	                "    wait_days: 1\r\n"
	                "  # outlint-disable-next-line campaign -- no reason follows:\r\n"
	                "  # outlint-disable-next-line campaign/follow-up-spacing\r\n";
	f->src = ol_source_from_string("q1.yaml", y, strlen(y));
	size_t a, b;
	ol_source_line_range(f->src, 4, &a, &b);
	ol_findings_add(&f->fs, "campaign/send-volume", OL_SEV_WARNING, a + 4, b, "zu viele");
	ol_source_line_range(f->src, 6, &a, &b);
	ol_findings_add(&f->fs, "campaign/follow-up-spacing", OL_SEV_WARNING, a + 4, b, "zu knapp");
	assert_true(ol_suppress_is_yaml("q1.yaml"));
	assert_false(ol_suppress_is_yaml("t.md"));
	ol_suppress_apply(f->src, true, &f->fs, &f->list);
	ol_findings_sort(&f->fs);
	assert_int_equal(count(f, "campaign/send-volume", OL_SEV_OFF), 0);
	assert_int_equal(count(f, "campaign/follow-up-spacing", OL_SEV_OFF), 1);
	/* line 1: a trailing comment, without effect; line 7: nothing follows
	 * but a comment line, without effect; line 8: no reason */
	assert_int_equal(count(f, "input/suppression", OL_SEV_WARNING), 2);
	assert_int_equal(count(f, "input/suppression", OL_SEV_ERROR), 1);
	assert_int_equal(line_of(f, "input/suppression", 0), 1);
	assert_int_equal(f->list.n, 4);
}

static void test_render_sorted(void **state)
{
	struct fixture *f = *state;
	lint(f, "Sie können sich abmelden.\n"
	        "<!-- outlint-disable-next-line t/genial -- Produktname „Genial\x01“ -->\n"
	        "Genial!\n"
	        "<!-- outlint-disable-next-line t/hast -->\n"
	        "Hast du Zeit?\n");
	const char *a = "x\n  <!-- outlint-disable-next-line t -- Grund -->\n";
	struct ol_source *other = ol_source_from_string("a.md", a, strlen(a));
	struct ol_findings none;
	ol_findings_init(&none);
	ol_suppress_apply(other, false, &none, &f->list);
	ol_findings_fini(&none);
	ol_source_free(other);
	char *out = ol_suppressions_render(&f->list);
	assert_string_equal(out,
	                    "a.md:2:3: t — Grund (0 findings)\n"
	                    "t.md:2:1: t/genial — Produktname „Genial\xEF\xBF\xBD“ (1 finding)\n"
	                    "t.md:4:1: t/hast — (ohne Begründung) (0 findings)\n");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_next_line, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_block_and_pack, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unclosed_block_covers_file_level, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_missing_reason_is_error, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unused_is_warning, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_never_suppresses_itself, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_front_matter_comments, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_crlf, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_yaml_comments, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_render_sorted, setup, teardown),
	};
	return cmocka_run_group_tests_name("suppress", tests, NULL, NULL);
}
