/* Unit tests of the campaign reader (content/campaign.c): steps, template
 * paths resolved against the campaign's folder, positions of findings,
 * hostile YAML. Template files live in a mkdtemp folder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "checker/base/base.h"
#include "checker/content/campaign.h"
#include "checker/diag/catalog.h"

struct fx {
	char dir[64];
	struct ol_source *src;
	struct ol_campaign c;
	struct ol_findings diags;
	int rc;
};

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	struct fx *f = ol_xcalloc(1, sizeof(*f));
	strcpy(f->dir, "/tmp/outlint-campaign-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	char *t = ol_path_join(f->dir, "templates");
	if (mkdir(t, 0700) != 0) {
		free(t);
		return -1;
	}
	free(t);
	t = ol_xasprintf("%s/templates/erstkontakt.md", f->dir);
	write_file(t, "Hallo,\n\nText.\n");
	free(t);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char *cmd = ol_xasprintf("rm -rf '%s'", f->dir);
	int rc = system(cmd);
	(void)rc;
	free(cmd);
	free(f);
	return 0;
}

static void fx_read(struct fx *f, const char *text)
{
	char *path = ol_xasprintf("%s/kampagne.yaml", f->dir);
	f->src = ol_source_from_string(path, text, strlen(text));
	free(path);
	ol_findings_init(&f->diags);
	f->rc = ol_campaign_read(f->src, &f->c, &f->diags);
}

static void fx_fini(struct fx *f)
{
	ol_campaign_fini(&f->c);
	ol_findings_fini(&f->diags);
	ol_source_free(f->src);
	f->src = NULL;
}

static size_t at(const struct fx *f, const char *needle)
{
	const char *p = strstr(f->src->text, needle);
	assert_non_null(p);
	return (size_t)(p - f->src->text);
}

static const char *const campaign_text =
	"campaign: q1-logistik-dach\n"
	"audience: b2b\n"
	"sender:\n"
	"  name: Max Müller\n"
	"variables: [salutation, lastName, company]\n"
	"steps:\n"
	"  - template: templates/erstkontakt.md     # relative to this file\n"
	"    channel: email\n"
	"    day: 0\n"
	"  - template: \"templates/nachfassen-ä.md\"\n"
	"    day: 6\n"
	"  - {template: templates/abschluss.md, channel: linkedin, day: 21}\n";

static void test_steps(void **state)
{
	struct fx *f = *state;
	fx_read(f, campaign_text);
	assert_int_equal(f->rc, 0);
	assert_int_equal(f->diags.n, 0);
	assert_string_equal(f->c.name, "q1-logistik-dach");
	assert_int_equal(f->c.nsteps, 3);
	assert_true(f->c.has_variables);
	assert_int_equal(f->c.nvars, 3);
	assert_string_equal(f->c.variables[1], "lastName");

	const struct ol_campaign_step *s = &f->c.steps[0];
	assert_int_equal(s->index, 1);
	assert_string_equal(s->template_rel, "templates/erstkontakt.md");
	char *want = ol_xasprintf("%s/templates/erstkontakt.md", f->dir);
	assert_string_equal(s->template_path, want);
	free(want);
	assert_true(s->template_exists);
	assert_string_equal(s->channel, "email");
	assert_true(s->has_day);
	assert_int_equal(s->day, 0);
	/* position of the template value: line 7, column 15 */
	assert_int_equal(s->template_node->start, at(f, "templates/erstkontakt.md"));
	assert_int_equal(ol_source_line(f->src, s->template_node->start), 7);
	assert_int_equal(ol_source_col(f->src, s->template_node->start, OL_COL_CODEPOINT), 15);

	s = &f->c.steps[1];
	assert_int_equal(s->index, 2);
	assert_false(s->template_exists); /* missing file */
	assert_string_equal(s->template_rel, "templates/nachfassen-ä.md");
	assert_string_equal(s->channel, "email"); /* default */
	assert_int_equal(s->day, 6);
	assert_int_equal(ol_source_line(f->src, s->template_node->start), 10);
	assert_int_equal(ol_source_col(f->src, s->template_node->start, OL_COL_CODEPOINT), 15);
	assert_int_equal(s->template_node->end, at(f, ".md\"\n") + 4);

	s = &f->c.steps[2];
	assert_string_equal(s->channel, "linkedin");
	assert_int_equal(s->day, 21);
	assert_int_equal(s->node->kind, OL_Y_MAP);
	assert_int_equal(s->node->start, at(f, "{template"));
	fx_fini(f);
}

static void test_missing_template(void **state)
{
	struct fx *f = *state;
	fx_read(f, "steps:\n  - day: 3\n  - template: [a]\n  - nur-text\n");
	assert_int_equal(f->rc, 0);
	assert_int_equal(f->c.nsteps, 3);
	/* a step without template is left to the rule campaign/missing-template;
	 * the reader reports only what cannot be a step at all */
	assert_int_equal(f->diags.n, 2);
	for (size_t i = 0; i < 3; i++) {
		assert_null(f->c.steps[i].template_rel);
		assert_null(f->c.steps[i].template_path);
		assert_false(f->c.steps[i].template_exists);
	}
	for (size_t i = 0; i < 2; i++)
		assert_string_equal(f->diags.v[i].rule, "input/campaign");
	assert_int_equal(f->diags.v[0].start, at(f, "[a]"));
	assert_non_null(strstr(f->diags.v[0].message, "Schritt 2"));
	assert_int_equal(f->diags.v[1].start, at(f, "nur-text"));
	assert_false(f->c.has_variables);
	fx_fini(f);
}

static void test_steps_not_a_list(void **state)
{
	struct fx *f = *state;
	fx_read(f, "campaign: x\nsteps:\n  template: a.md\n");
	assert_int_equal(f->rc, 0);
	assert_int_equal(f->c.nsteps, 0);
	assert_int_equal(f->diags.n, 1);
	assert_string_equal(f->diags.v[0].rule, "input/campaign");
	assert_int_equal(f->diags.v[0].start, at(f, "template: a.md"));
	assert_non_null(strstr(f->diags.v[0].message, "Liste"));
	fx_fini(f);

	fx_read(f, "- a\n- b\n");
	assert_int_equal(f->rc, -1);
	assert_string_equal(f->diags.v[0].rule, "input/campaign");
	fx_fini(f);

	fx_read(f, "campaign: x\nvariables: a, b\nsteps: []\n");
	assert_int_equal(f->rc, 0);
	assert_int_equal(f->diags.n, 1);
	assert_int_equal(f->diags.v[0].start, at(f, "a, b"));
	assert_false(f->c.has_variables);
	fx_fini(f);
}

static void test_invalid_yaml(void **state)
{
	struct fx *f = *state;
	fx_read(f, "campaign: Grüße\nsteps:\n  - template: a.md\n   day: 3\n");
	assert_int_equal(f->rc, -1);
	assert_int_equal(f->diags.n, 1);
	assert_string_equal(f->diags.v[0].rule, "input/yaml");
	assert_non_null(strstr(f->diags.v[0].message, "ungültiges YAML: "));
	assert_int_equal(ol_source_line(f->src, f->diags.v[0].start), 4);
	assert_int_equal(ol_source_col(f->src, f->diags.v[0].start, OL_COL_CODEPOINT), 4);
	fx_fini(f);

	fx_read(f, "\xEF\xBB\xBF" "campaign: ä\nsteps: [\n");
	assert_int_equal(f->rc, -1);
	assert_string_equal(f->diags.v[0].rule, "input/yaml");
	assert_true(f->diags.v[0].start <= f->src->len);
	fx_fini(f);

	fx_read(f, "campaign: \xFF\nsteps: []\n");
	assert_int_equal(f->rc, -1);
	assert_string_equal(f->diags.v[0].rule, "input/encoding");
	assert_int_equal(f->diags.v[0].start, 10);
	fx_fini(f);
}

static void test_alias_bomb(void **state)
{
	struct fx *f = *state;
	struct ol_buf b;
	ol_buf_init(&b);
	ol_buf_adds(&b, "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
	for (int i = 1; i < 40; i++) {
		ol_buf_printf(&b, "a%d: &a%d [", i, i);
		for (int k = 0; k < 10; k++)
			ol_buf_printf(&b, "%s*a%d", k ? ", " : "", i - 1);
		ol_buf_adds(&b, "]\n");
	}
	ol_buf_adds(&b, "steps:\n  - template: templates/erstkontakt.md\n    extra: *a39\n");
	clock_t c0 = clock();
	fx_read(f, b.data);
	double secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
	assert_true(secs < 1.0);
	assert_int_equal(f->rc, 0);
	assert_int_equal(f->c.nsteps, 1);
	assert_true(f->c.steps[0].template_exists);
	fx_fini(f);
	ol_buf_fini(&b);
}

static void test_deep_nesting(void **state)
{
	struct fx *f = *state;
	struct ol_buf b;
	ol_buf_init(&b);
	ol_buf_adds(&b, "steps: ");
	for (int i = 0; i < 10000; i++)
		ol_buf_addc(&b, '[');
	fx_read(f, b.data);
	assert_int_equal(f->rc, -1);
	assert_int_equal(f->diags.n, 1);
	assert_string_equal(f->diags.v[0].rule, "input/yaml");
	fx_fini(f);
	ol_buf_fini(&b);

	ol_buf_init(&b);
	ol_buf_adds(&b, "steps:\n");
	for (int i = 0; i < 70; i++) {
		for (int k = 0; k < i; k++)
			ol_buf_adds(&b, "  ");
		ol_buf_adds(&b, "- \n");
	}
	fx_read(f, b.data);
	assert_int_equal(f->rc, -1);
	assert_non_null(strstr(f->diags.v[0].message, "64"));
	fx_fini(f);
	ol_buf_fini(&b);
}

static void test_sniff(void **state)
{
	(void)state;
	const char *yes = "campaign: x\nsteps:\n  - template: a.md\n";
	assert_true(ol_campaign_sniff(yes, strlen(yes)));
	assert_true(ol_campaign_sniff("\xEF\xBB\xBFsteps: []", 13));
	assert_true(ol_campaign_sniff("steps:", 6));
	const char *no = "campaign: x\n  steps:\n# steps:\nsteps2: 1\n";
	assert_false(ol_campaign_sniff(no, strlen(no)));
	assert_false(ol_campaign_sniff("", 0));
	assert_false(ol_campaign_sniff("step", 4));
}

static void test_missing_steps_and_empty(void **state)
{
	struct fx *f = *state;
	fx_read(f, "campaign: x\n");
	assert_int_equal(f->rc, 0);
	assert_int_equal(f->diags.n, 1);
	assert_non_null(strstr(f->diags.v[0].message, "steps"));
	fx_fini(f);

	fx_read(f, "");
	assert_int_equal(f->rc, -1);
	assert_int_equal(f->diags.n, 1);
	fx_fini(f);

	fx_read(f, "steps:\nvariables:\n");
	assert_int_equal(f->rc, 0);
	assert_int_equal(f->diags.n, 0); /* steps: with nothing is no steps, for the rules to judge */
	assert_true(f->c.has_variables);
	assert_int_equal(f->c.nvars, 0);
	fx_fini(f);
}

static void test_folder_as_template(void **state)
{
	struct fx *f = *state;
	fx_read(f, "steps:\n  - template: templates\n  - template: /dev/null\n");
	assert_false(f->c.steps[0].template_exists); /* a folder */
	assert_false(f->c.steps[1].template_exists); /* not a regular file */
	assert_string_equal(f->c.steps[1].template_path, "/dev/null");
	fx_fini(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_steps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_template, setup, teardown),
		cmocka_unit_test_setup_teardown(test_steps_not_a_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_yaml, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alias_bomb, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deep_nesting, setup, teardown),
		cmocka_unit_test(test_sniff),
		cmocka_unit_test_setup_teardown(test_missing_steps_and_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_folder_as_template, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
