/* Unit tests of baselines: real findings from a small inline rule set,
 * written to a real file, read back and applied; hostile baseline files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "checker/base/base.h"
#include "checker/dsl/ruleset.h"
#include "checker/engine/baseline.h"
#include "checker/engine/check.h"

static const char RULES[] =
    "rule t/hast { severity error message \"„{match}“\" forbid /\\bhast\\b/i }\n"
    "rule u/abmelden { severity error message \"kein Opt-out\" require /abmelden/i }\n";

struct fixture {
	struct ol_ruleset *rs;
	char dir[64];
	char path[96];
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
	strcpy(f->dir, "/tmp/ol-baseline-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/baseline.json", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	unlink(f->path);
	rmdir(f->dir);
	ol_ruleset_free(f->rs);
	free(f);
	return 0;
}

/* A report of one template (path t.md) linted with the fixture's rules. */
static void lint(struct fixture *f, struct ol_report *rep, const char *text)
{
	ol_report_init(rep);
	struct ol_file_result *r = ol_report_add(rep, "templates/t.md");
	r->src = ol_source_from_string("templates/t.md", text, strlen(text));
	struct ol_checker *ck = ol_checker_new(f->rs);
	ol_check_template(ck, r->src, NULL, &r->findings);
	ol_checker_free(ck);
	ol_report_sort(rep);
}

static size_t total(const struct ol_report *rep)
{
	size_t n = 0;
	for (size_t i = 0; i < rep->n; i++)
		n += rep->files[i].findings.n;
	return n;
}

static struct ol_baseline *write_and_load(struct fixture *f, const char *text)
{
	struct ol_report rep;
	lint(f, &rep, text);
	char *err = NULL;
	assert_int_equal(ol_baseline_write(f->path, &rep, &err), 0);
	assert_null(err);
	struct ol_baseline *b = ol_baseline_load(f->path, &err);
	assert_null(err);
	assert_non_null(b);
	assert_int_equal(ol_baseline_size(b), total(&rep));
	ol_report_fini(&rep);
	return b;
}

static const char OLD[] = "Guten Tag,\n\nhast du Zeit? Wir liefern.\n\nViele Grüße\n";

static void test_roundtrip_hides_everything(void **state)
{
	struct fixture *f = *state;
	struct ol_baseline *b = write_and_load(f, OLD);
	assert_int_equal(ol_baseline_size(b), 2); /* t/hast and the missing opt-out */
	struct ol_report rep;
	lint(f, &rep, OLD);
	ol_baseline_filter(b, &rep);
	assert_int_equal(total(&rep), 0);
	ol_report_fini(&rep);
	ol_baseline_free(b);
}

static void test_survives_inserted_lines(void **state)
{
	struct fixture *f = *state;
	struct ol_baseline *b = write_and_load(f, OLD);
	struct ol_report rep;
	lint(f, &rep, "Guten Tag,\n\nvorab ein Satz.\n\nNoch einer.\n\n   hast  du Zeit? Wir liefern.\n\nViele Grüße\n");
	assert_int_equal(total(&rep), 2);
	ol_baseline_filter(b, &rep);
	assert_int_equal(total(&rep), 0);
	ol_report_fini(&rep);
	ol_baseline_free(b);
}

static void test_new_finding_is_not_hidden(void **state)
{
	struct fixture *f = *state;
	struct ol_baseline *b = write_and_load(f, OLD);
	struct ol_report rep;
	/* a new line with the same rule, and a second copy of the old line:
	 * the baseline lists the old one once, so one copy stays */
	lint(f, &rep, "Guten Tag,\n\nhast du Zeit? Wir liefern.\n\nHast du morgen Zeit?\n\n"
	              "hast du Zeit? Wir liefern.\n\nViele Grüße\n");
	assert_int_equal(total(&rep), 4);
	ol_baseline_filter(b, &rep);
	assert_int_equal(total(&rep), 2);
	const struct ol_file_result *r = &rep.files[0];
	assert_string_equal(r->findings.v[0].rule, "t/hast");
	assert_string_equal(r->findings.v[1].rule, "t/hast");
	assert_int_equal(ol_source_line(r->src, r->findings.v[0].start), 5);
	ol_report_fini(&rep);
	ol_baseline_free(b);
}

static char *slurp(const char *path)
{
	char *d;
	size_t n;
	assert_int_equal(ol_read_file(path, &d, &n), 0);
	return d;
}

static void test_written_file_is_sorted_and_deterministic(void **state)
{
	struct fixture *f = *state;
	struct ol_report rep;
	lint(f, &rep, OLD);
	struct ol_file_result *r2 = ol_report_add(&rep, "a \"quoted\".md");
	r2->src = ol_source_from_string(r2->path, "Hast du Zeit?\n", 14);
	struct ol_checker *ck = ol_checker_new(f->rs);
	ol_check_template(ck, r2->src, NULL, &r2->findings);
	ol_checker_free(ck);
	char *err = NULL;
	assert_int_equal(ol_baseline_write(f->path, &rep, &err), 0);
	char *one = slurp(f->path);
	assert_int_equal(ol_baseline_write(f->path, &rep, &err), 0);
	char *two = slurp(f->path);
	assert_string_equal(one, two);
	assert_non_null(strstr(one, "{\n  \"version\": 1,\n  \"findings\": [\n    {\"fingerprint\": \""));
	/* sorted by path: the quoted one (escaped) first */
	char *q = strstr(one, "\"path\": \"a \\\"quoted\\\".md\"");
	char *t = strstr(one, "\"path\": \"templates/t.md\"");
	assert_non_null(q);
	assert_non_null(t);
	assert_true(q < t);
	/* and it reads back */
	struct ol_baseline *b = ol_baseline_load(f->path, &err);
	assert_non_null(b);
	assert_int_equal(ol_baseline_size(b), 4);
	ol_baseline_free(b);
	free(one);
	free(two);
	ol_report_fini(&rep);
}

static void expect_error(const char *text, const char *want)
{
	char *err = NULL;
	struct ol_baseline *b = ol_baseline_parse("b.json", text, strlen(text), &err);
	assert_null(b);
	assert_non_null(err);
	if (strncmp(err, want, strlen(want)) != 0)
		fail_msg("got „%s“, want prefix „%s“", err, want);
	free(err);
}

static void test_broken_files(void **state)
{
	(void)state;
	expect_error("", "b.json:1:1: error: „{“ erwartet");
	expect_error("{\n  \"version\": 1,\n  \"findings\": [\n    {\"fingerprint\": \"xyz\"}\n  ]\n}\n",
	             "b.json:4:21: error: Fingerabdruck");
	expect_error("{\"version\": 1, \"findings\": [\n  {\"fingerprint\": \"0123456789abcdef\"},\n]}",
	             "b.json:3:1: error: „{“ erwartet");
	expect_error("{\"version\": 2, \"findings\": []}", "b.json:1:13: error: nicht unterstützte Version");
	expect_error("{\"version\": 1}", "b.json:1:1: error: Schlüssel „findings“ fehlt");
	expect_error("{\"version\": 1, \"findings\": [], \"x\": 1}", "b.json:1:32: error: unbekannter Schlüssel");
	expect_error("{\"version\": 1, \"findings\": [{\"rule\": \"t/a\"}]}", "b.json:1:29: error: Eintrag ohne");
	expect_error("{\"version\": 1, \"findings\": [{\"fingerprint\": \"0123456789abcdef", "b.json:1:45: error: Zeichenkette wird nicht geschlossen");
	expect_error("{\"version\": 1, \"findings\": []} []", "b.json:1:32: error: Text nach dem Ende");
	expect_error("{\"version\": 1, \"findings\": [{\"path\": \"\\ud800\"}]}", "b.json:1:39: error: einzelnes UTF-16-Surrogat");
	expect_error("{\"version\": 1, \"findings\": [{\"path\": \"ä\xff\"}]}", "b.json:1:40: error: ungültiges UTF-8");
	expect_error("{\"version\": 1, \"version\": 1, \"findings\": []}", "b.json:1:16: error: Schlüssel doppelt");

	char *err = NULL;
	assert_null(ol_baseline_load("/nonexistent/b.json", &err));
	assert_non_null(strstr(err, "/nonexistent/b.json: error: "));
	free(err);
	err = NULL;
	struct ol_baseline *b = ol_baseline_parse("b.json", "{\"findings\": [], \"version\": 1}", 30, &err);
	assert_non_null(b);
	assert_int_equal(ol_baseline_size(b), 0);
	ol_baseline_free(b);
}

static void test_write_error(void **state)
{
	struct fixture *f = *state;
	struct ol_report rep;
	lint(f, &rep, OLD);
	char *err = NULL;
	assert_int_equal(ol_baseline_write("/nonexistent/dir/b.json", &rep, &err), -1);
	assert_non_null(err);
	assert_non_null(strstr(err, "/nonexistent/dir/b.json: error: "));
	free(err);
	ol_report_fini(&rep);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_roundtrip_hides_everything, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_survives_inserted_lines, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_new_finding_is_not_hidden, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_written_file_is_sorted_and_deterministic, setup, teardown),
	    cmocka_unit_test(test_broken_files),
	    cmocka_unit_test_setup_teardown(test_write_error, setup, teardown),
	};
	return cmocka_run_group_tests_name("baseline", tests, NULL, NULL);
}
