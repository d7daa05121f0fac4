/* Unit tests of the rule-language parser (dsl/parse.c with grammar/rules.l
 * and grammar/rules.y). The valid file uses every construct of
 * docs/rule-language.md and the tests walk the AST; the error cases check the
 * exact line:col of each message and what it says. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "checker/base/base.h"
#include "checker/dsl/parse.h"
#include "checker/dsl/ruleset.h"

/* Parses text[0..len) as "t.rules"; errs is initialised here. */
static struct ol_rulefile *parse_n(const char *text, size_t len, struct ol_findings *errs)
{
	ol_findings_init(errs);
	struct ol_source *src = ol_source_from_string("t.rules", text, len);
	struct ol_rulefile *f = ol_dsl_parse(src, errs);
	assert_non_null(f);
	return f;
}

static struct ol_rulefile *parse(const char *text, struct ol_findings *errs)
{
	return parse_n(text, strlen(text), errs);
}

/* Prints the errors, which makes a failing assertion readable. */
static void dump(const struct ol_rulefile *f, const struct ol_findings *errs)
{
	for (size_t i = 0; i < errs->n; i++)
		fprintf(stderr, "  %zu:%zu: %s\n", ol_source_line(f->src, errs->v[i].start),
		        ol_source_col(f->src, errs->v[i].start, OL_COL_CODEPOINT), errs->v[i].message);
}

/* Error i is at line:col (code points) and its message contains each of
 * the NULL-terminated needles. */
static void expect_error(const struct ol_rulefile *f, const struct ol_findings *errs, size_t i,
                         size_t line, size_t col, ...)
{
	if (i >= errs->n)
		dump(f, errs);
	assert_true(i < errs->n);
	const struct ol_finding *e = &errs->v[i];
	if (ol_source_line(f->src, e->start) != line ||
	    ol_source_col(f->src, e->start, OL_COL_CODEPOINT) != col)
		dump(f, errs);
	assert_string_equal(e->rule, "dsl/syntax");
	assert_int_equal(e->severity, OL_SEV_ERROR);
	assert_int_equal(ol_source_line(f->src, e->start), line);
	assert_int_equal(ol_source_col(f->src, e->start, OL_COL_CODEPOINT), col);
	va_list ap;
	va_start(ap, col);
	for (const char *needle; (needle = va_arg(ap, const char *));) {
		if (!strstr(e->message, needle))
			fprintf(stderr, "message \"%s\" lacks \"%s\"\n", e->message, needle);
		assert_non_null(strstr(e->message, needle));
	}
	va_end(ap);
}

static void expect_errors(const struct ol_rulefile *f, const struct ol_findings *errs, size_t n)
{
	if (errs->n != n)
		dump(f, errs);
	assert_int_equal(errs->n, n);
}

static void done(struct ol_rulefile *f, struct ol_findings *errs)
{
	ol_rulefile_free(f);
	ol_findings_fini(errs);
}

/* ---- the valid file ---------------------------------------------------- */

static const char full[] =
	"# every construct of docs/rule-language.md\n"
	"include \"common.rules\"\n"
	"\n"
	"list urgency_hard {\n"
	"  \"nur heute\"\n"
	"  \"letzte Chance\" -> \"bis Freitag\"\n"
	"  /nur\\s+noch\\s+\\d+\\s+Plätze/im\n"
	"  /a\\/b\\\\/x\n"
	"}\n"
	"\n"
	"list sup_irreg inflected case-sensitive {\n"
	"  \"best\" \"größt\" \"höchst\"\n"
	"}\n"
	"\n"
	"rule tone/false-urgency {\n"
	"  severity warning\n"
	"  summary  \"Künstliche Dringlichkeit\"\n"
	"  message  \"künstliche Dringlichkeit: „{match}“\"\n"
	"  hint     \"Nennen Sie eine \\\"echte\\\" Frist.\\n\\tOder nicht.\"\n"
	"  cite     \"§ 5 UWG\"\n"
	"  doc      \"\"\"\n"
	"           Longer documentation;\n"
	"             indented line.\n"
	"\n"
	"           Last \"line\".\n"
	"           \"\"\"\n"
	"  url      \"https://example.org/r\"\n"
	"  applies  templates\n"
	"  when     channel in [email, linkedin]\n"
	"  in       subject, body, ps\n"
	"  param    max_follow_ups = 3\n"
	"  param    min_days = -2.5\n"
	"  param    word = \"Frist\"\n"
	"  param    strict = true\n"
	"  param    mode = lenient\n"
	"\n"
	"  forbid any(urgency_hard) {\n"
	"    severity error\n"
	"    message \"m\"\n"
	"    hint \"h\"\n"
	"    fix map(du_fix)\n"
	"    in body\n"
	"    when step == 1\n"
	"    unless paragraph \"Frist\"\n"
	"  }\n"
	"  forbid /\\bnur heute\\b/i unless sentence /\\bFrist\\b|\\bStichtag\\b/i\n"
	"      if not (\"a\" or paragraph superlative()) and \"b\"\n"
	"  require \"Datenquelle\" { as has_source fix \"Quelle: …\" }\n"
	"  assert count(steps where channel == email) - 1 > max_follow_ups {\n"
	"    at limits.daily_per_sender\n"
	"  }\n"
	"  each step assert day >= 0 and not template_exists == false\n"
	"  bad  \"Nur heute: 20 % Rabatt!\"\n"
	"  good \"Die Frist endet am 30. Juni.\" with step = 3, channel = letter\n"
	"}\n"
	"\n"
	"rule legal/meta-paths {\n"
	"  when meta.url != \"\" and campaign.rule == x or -len(subject) + 2 <= 10\n"
	"  forbid \"x\" unless \"a\" unless \"b\" if \"c\" if \"d\"\n"
	"}\n";

static const struct ol_rule *rule_at(const struct ol_rulefile *f, size_t i)
{
	const struct ol_rule *r = f->rules;
	while (r && i--)
		r = r->next;
	assert_non_null(r);
	return r;
}

static const struct ol_stmt *stmt_at(const struct ol_rule *r, size_t i)
{
	const struct ol_stmt *s = r->stmts;
	while (s && i--)
		s = s->next;
	assert_non_null(s);
	return s;
}

static void expect_path(const struct ol_expr *e, const char *name)
{
	assert_non_null(e);
	assert_int_equal(e->kind, OL_E_PATH);
	assert_string_equal(e->str, name);
}

static void expect_binary(const struct ol_expr *e, enum ol_op op)
{
	assert_non_null(e);
	assert_int_equal(e->kind, OL_E_BINARY);
	assert_int_equal(e->op, op);
}

static void expect_match(const struct ol_cond *c, enum ol_scope scope, enum ol_matcher_kind kind,
                         const char *text)
{
	assert_non_null(c);
	assert_int_equal(c->kind, OL_C_MATCH);
	assert_int_equal(c->scope, scope);
	assert_int_equal(c->m->kind, kind);
	if (text)
		assert_string_equal(c->m->text, text);
}

/* The text of span loc in f's source. */
static char *span(const struct ol_rulefile *f, struct ol_loc loc)
{
	return ol_xstrndup(f->src->text + loc.start, loc.end - loc.start);
}

static void expect_span(const struct ol_rulefile *f, struct ol_loc loc, const char *text)
{
	char *s = span(f, loc);
	assert_string_equal(s, text);
	free(s);
}

static void test_full_file_top_level(void **state)
{
	(void)state;
	struct ol_findings errs;
	struct ol_rulefile *f = parse(full, &errs);
	expect_errors(f, &errs, 0);

	assert_non_null(f->includes);
	assert_string_equal(f->includes->path, "common.rules");
	expect_span(f, f->includes->loc, "\"common.rules\"");
	assert_null(f->includes->next);

	const struct ol_list *l = f->lists;
	assert_non_null(l);
	assert_string_equal(l->name, "urgency_hard");
	assert_ptr_equal(l->file, f);
	assert_false(l->inflected);
	assert_false(l->case_sensitive);
	const struct ol_list_entry *e = l->entries;
	assert_false(e->is_regex);
	assert_string_equal(e->text, "nur heute");
	assert_null(e->replacement);
	e = e->next;
	assert_string_equal(e->text, "letzte Chance");
	assert_string_equal(e->replacement, "bis Freitag");
	expect_span(f, e->loc, "\"letzte Chance\"");
	e = e->next;
	assert_true(e->is_regex);
	assert_string_equal(e->text, "nur\\s+noch\\s+\\d+\\s+Plätze");
	assert_int_equal(e->flags, OL_RF_CASELESS | OL_RF_MULTILINE);
	e = e->next;
	assert_true(e->is_regex);
	assert_string_equal(e->text, "a/b\\\\"); /* \/ unescaped, \\ kept */
	assert_int_equal(e->flags, OL_RF_EXTENDED);
	assert_null(e->next);

	l = l->next;
	assert_non_null(l);
	assert_string_equal(l->name, "sup_irreg");
	assert_true(l->inflected);
	assert_true(l->case_sensitive);
	assert_string_equal(l->entries->next->text, "größt");
	assert_null(l->entries->next->next->next);
	assert_null(l->next);

	assert_string_equal(rule_at(f, 0)->id, "tone/false-urgency");
	assert_string_equal(rule_at(f, 1)->id, "legal/meta-paths");
	assert_null(rule_at(f, 1)->next);
	assert_ptr_equal(rule_at(f, 0)->file, f);
	assert_ptr_equal(rule_at(f, 1)->file, f);
	done(f, &errs);
}

static void test_full_file_rule_items(void **state)
{
	(void)state;
	struct ol_findings errs;
	struct ol_rulefile *f = parse(full, &errs);
	expect_errors(f, &errs, 0);
	const struct ol_rule *r = rule_at(f, 0);

	expect_span(f, r->loc, "tone/false-urgency");
	assert_int_equal(ol_source_line(f->src, r->loc.start), 15);
	assert_string_equal(r->severity, "warning");
	expect_span(f, r->severity_loc, "warning");
	assert_string_equal(r->summary, "Künstliche Dringlichkeit");
	assert_string_equal(r->message, "künstliche Dringlichkeit: „{match}“");
	assert_string_equal(r->hint, "Nennen Sie eine \"echte\" Frist.\n\tOder nicht.");
	assert_string_equal(r->cite, "§ 5 UWG");
	assert_string_equal(r->doc, "Longer documentation;\n  indented line.\n\nLast \"line\".\n");
	assert_string_equal(r->url, "https://example.org/r");
	assert_string_equal(r->applies, "templates");
	expect_span(f, r->applies_loc, "templates");

	/* `in [` is membership; the next line's `in` is the sections item. */
	expect_binary(r->when, OL_OP_IN);
	expect_path(r->when->a, "channel");
	assert_int_equal(r->when->b->kind, OL_E_LIST);
	assert_int_equal(r->when->b->nitems, 2);
	expect_path(r->when->b->items[0], "email");
	expect_path(r->when->b->items[1], "linkedin");
	expect_span(f, r->when->loc, "channel in [email, linkedin]");

	assert_int_equal(r->nsections, 3);
	assert_string_equal(r->sections[0], "subject");
	assert_string_equal(r->sections[1], "body");
	assert_string_equal(r->sections[2], "ps");
	expect_span(f, r->section_locs[2], "ps");

	const struct ol_param *p = r->params;
	assert_string_equal(p->name, "max_follow_ups");
	expect_span(f, p->loc, "max_follow_ups");
	assert_int_equal(p->value->kind, OL_E_NUM);
	assert_true(p->value->num == 3);
	p = p->next;
	assert_string_equal(p->name, "min_days");
	assert_int_equal(p->value->kind, OL_E_NUM);
	assert_true(p->value->num == -2.5);
	p = p->next;
	assert_int_equal(p->value->kind, OL_E_STR);
	assert_string_equal(p->value->str, "Frist");
	p = p->next;
	assert_int_equal(p->value->kind, OL_E_BOOL);
	assert_true(p->value->num != 0);
	p = p->next;
	assert_string_equal(p->name, "mode");
	assert_int_equal(p->value->kind, OL_E_STR); /* a bare word is a string */
	assert_string_equal(p->value->str, "lenient");
	assert_null(p->next);

	const struct ol_example *ex = r->examples;
	assert_false(ex->good);
	assert_string_equal(ex->text, "Nur heute: 20 % Rabatt!");
	assert_null(ex->with);
	ex = ex->next;
	assert_true(ex->good);
	assert_string_equal(ex->text, "Die Frist endet am 30. Juni.");
	expect_span(f, ex->loc, "\"Die Frist endet am 30. Juni.\"");
	assert_string_equal(ex->with->name, "step");
	assert_true(ex->with->value->num == 3);
	assert_string_equal(ex->with->next->name, "channel");
	assert_int_equal(ex->with->next->value->kind, OL_E_STR);
	assert_string_equal(ex->with->next->value->str, "letter");
	assert_null(ex->with->next->next);
	assert_null(ex->next);
	done(f, &errs);
}

static void test_full_file_statements(void **state)
{
	(void)state;
	struct ol_findings errs;
	struct ol_rulefile *f = parse(full, &errs);
	expect_errors(f, &errs, 0);
	const struct ol_rule *r = rule_at(f, 0);

	/* forbid any(list) { block } */
	const struct ol_stmt *s = stmt_at(r, 0);
	assert_int_equal(s->kind, OL_S_FORBID);
	assert_int_equal(s->m->kind, OL_M_CALL);
	assert_string_equal(s->m->func, "any");
	expect_span(f, s->m->func_loc, "any");
	assert_int_equal(s->m->nargs, 1);
	assert_string_equal(s->m->args[0], "urgency_hard");
	expect_span(f, s->m->arg_locs[0], "urgency_hard");
	expect_span(f, s->m->loc, "any(urgency_hard)");
	expect_span(f, s->loc, "forbid any(urgency_hard)");
	assert_true(s->has_severity);
	assert_string_equal(s->severity, "error");
	expect_span(f, s->severity_loc, "error");
	assert_string_equal(s->message, "m");
	assert_string_equal(s->hint, "h");
	assert_null(s->fix);
	assert_string_equal(s->fix_map, "du_fix");
	assert_int_equal(s->nsections, 1);
	assert_string_equal(s->sections[0], "body");
	expect_binary(s->when, OL_OP_EQ);
	expect_path(s->when->a, "step");
	assert_int_equal(s->when->b->kind, OL_E_NUM);
	expect_match(s->unless, OL_SCOPE_PARAGRAPH, OL_M_PHRASE, "Frist");
	assert_null(s->ifc);

	/* forbid /re/i unless sentence /re/i if not ("a" or paragraph f()) and "b" */
	s = stmt_at(r, 1);
	assert_int_equal(s->kind, OL_S_FORBID);
	assert_int_equal(s->m->kind, OL_M_REGEX);
	assert_string_equal(s->m->text, "\\bnur heute\\b");
	assert_int_equal(s->m->flags, OL_RF_CASELESS);
	expect_match(s->unless, OL_SCOPE_SENTENCE, OL_M_REGEX, "\\bFrist\\b|\\bStichtag\\b");
	assert_int_equal(s->unless->m->flags, OL_RF_CASELESS);
	const struct ol_cond *c = s->ifc;
	assert_int_equal(c->kind, OL_C_AND);
	expect_match(c->b, OL_SCOPE_MATCH, OL_M_PHRASE, "b");
	assert_int_equal(c->a->kind, OL_C_NOT);
	assert_int_equal(c->a->a->kind, OL_C_OR);
	expect_match(c->a->a->a, OL_SCOPE_MATCH, OL_M_PHRASE, "a");
	expect_match(c->a->a->b, OL_SCOPE_PARAGRAPH, OL_M_CALL, NULL);
	assert_string_equal(c->a->a->b->m->func, "superlative");
	assert_int_equal(c->a->a->b->m->nargs, 0);
	assert_false(s->has_severity);
	assert_null(s->sections);

	/* require "…" { as … fix "…" } */
	s = stmt_at(r, 2);
	assert_int_equal(s->kind, OL_S_REQUIRE);
	assert_int_equal(s->m->kind, OL_M_PHRASE);
	assert_string_equal(s->m->text, "Datenquelle");
	assert_string_equal(s->as_name, "has_source");
	expect_span(f, s->as_loc, "has_source");
	assert_string_equal(s->fix, "Quelle: …");
	expect_span(f, s->fix_loc, "fix \"Quelle: …\"");

	/* assert count(steps where channel == email) - 1 > max_follow_ups */
	s = stmt_at(r, 3);
	assert_int_equal(s->kind, OL_S_ASSERT);
	const struct ol_expr *e = s->expr;
	expect_binary(e, OL_OP_GT);
	expect_path(e->b, "max_follow_ups");
	expect_binary(e->a, OL_OP_SUB);
	assert_int_equal(e->a->b->kind, OL_E_NUM);
	assert_true(e->a->b->num == 1);
	const struct ol_expr *call = e->a->a;
	assert_int_equal(call->kind, OL_E_CALL);
	assert_string_equal(call->func, "count");
	assert_int_equal(call->nitems, 1);
	expect_path(call->items[0], "steps");
	expect_binary(call->where, OL_OP_EQ);
	expect_path(call->where->a, "channel");
	expect_path(call->where->b, "email");
	expect_span(f, call->loc, "count(steps where channel == email)");
	assert_string_equal(s->at, "limits.daily_per_sender");
	expect_span(f, s->at_loc, "limits.daily_per_sender");

	/* each step assert day >= 0 and not template_exists == false */
	s = stmt_at(r, 4);
	assert_int_equal(s->kind, OL_S_EACH);
	assert_string_equal(s->each, "step");
	expect_span(f, s->each_loc, "step");
	expect_binary(s->expr, OL_OP_AND);
	expect_binary(s->expr->a, OL_OP_GE);
	expect_path(s->expr->a->a, "day");
	assert_int_equal(s->expr->b->kind, OL_E_UNARY);
	assert_int_equal(s->expr->b->op, OL_OP_NOT);
	expect_binary(s->expr->b->a, OL_OP_EQ);
	assert_int_equal(s->expr->b->a->b->kind, OL_E_BOOL);
	assert_true(s->expr->b->a->b->num == 0);
	assert_null(s->next);
	done(f, &errs);
}

static void test_expressions_and_clauses(void **state)
{
	(void)state;
	struct ol_findings errs;
	struct ol_rulefile *f = parse(full, &errs);
	expect_errors(f, &errs, 0);
	const struct ol_rule *r = rule_at(f, 1);

	/* meta.url != "" and campaign.rule == x or -len(subject) + 2 <= 10:
	 * keywords after '.' are names; or < and < comparison < +/- < unary -. */
	const struct ol_expr *e = r->when;
	expect_binary(e, OL_OP_OR);
	expect_binary(e->a, OL_OP_AND);
	expect_binary(e->a->a, OL_OP_NE);
	expect_path(e->a->a->a, "meta.url");
	assert_int_equal(e->a->a->b->kind, OL_E_STR);
	assert_string_equal(e->a->a->b->str, "");
	expect_binary(e->a->b, OL_OP_EQ);
	expect_path(e->a->b->a, "campaign.rule");
	expect_path(e->a->b->b, "x");
	expect_binary(e->b, OL_OP_LE);
	expect_binary(e->b->a, OL_OP_ADD);
	assert_int_equal(e->b->a->a->kind, OL_E_UNARY);
	assert_int_equal(e->b->a->a->op, OL_OP_NEG);
	assert_int_equal(e->b->a->a->a->kind, OL_E_CALL);
	assert_string_equal(e->b->a->a->a->func, "len");
	assert_null(e->b->a->a->a->where);

	/* unless A unless B → A or B; if C if D → C and D */
	const struct ol_stmt *s = stmt_at(r, 0);
	assert_int_equal(s->unless->kind, OL_C_OR);
	expect_match(s->unless->a, OL_SCOPE_MATCH, OL_M_PHRASE, "a");
	expect_match(s->unless->b, OL_SCOPE_MATCH, OL_M_PHRASE, "b");
	assert_int_equal(s->ifc->kind, OL_C_AND);
	expect_match(s->ifc->a, OL_SCOPE_MATCH, OL_M_PHRASE, "c");
	expect_match(s->ifc->b, OL_SCOPE_MATCH, OL_M_PHRASE, "d");
	done(f, &errs);
}

static void test_raw_string_and_bom(void **state)
{
	(void)state;
	struct ol_findings errs;
	struct ol_rulefile *f = parse("\xEF\xBB\xBFrule a/b {\n"
	                              "  good \"\"\"\n"
	                              "    campaign: q1\n"
	                              "    steps:\n"
	                              "      - template: a.md\n"
	                              "  \"\"\"\n"
	                              "  bad \"\"\"on the first line \"quoted\"\"\"\"\n"
	                              "}\n",
	                              &errs);
	expect_errors(f, &errs, 0);
	const struct ol_rule *r = rule_at(f, 0);
	assert_int_equal(ol_source_col(f->src, r->loc.start, OL_COL_CODEPOINT), 6);
	assert_string_equal(r->examples->text, "campaign: q1\nsteps:\n  - template: a.md\n");
	assert_string_equal(r->examples->next->text, "on the first line \"quoted\"");
	done(f, &errs);
}

static void test_empty_file(void **state)
{
	(void)state;
	struct ol_findings errs;
	struct ol_rulefile *f = parse("", &errs);
	expect_errors(f, &errs, 0);
	assert_null(f->rules);
	assert_null(f->lists);
	assert_null(f->includes);
	done(f, &errs);

	f = parse("\xEF\xBB\xBF# only a comment\n\n", &errs);
	expect_errors(f, &errs, 0);
	assert_null(f->rules);
	done(f, &errs);
}

/* ---- errors ------------------------------------------------------------ */

static void test_missing_closing_brace(void **state)
{
	(void)state;
	struct ol_findings errs;
	struct ol_rulefile *f = parse("rule tone/a {\n"
	                              "  severity warning\n"
	                              "\n"
	                              "rule tone/b {\n"
	                              "  severity error\n"
	                              "}\n",
	                              &errs);
	expect_errors(f, &errs, 1);
	expect_error(f, &errs, 0, 4, 1, "expected '}' to close rule tone/a opened at line 1",
	             "found 'rule'", NULL);
	/* Both rules survive: the second is not swallowed by the first. */
	assert_string_equal(rule_at(f, 0)->severity, "warning");
	assert_string_equal(rule_at(f, 1)->id, "tone/b");
	assert_string_equal(rule_at(f, 1)->severity, "error");
	done(f, &errs);

	/* at the end of the file, and in a list */
	f = parse("list x {\n  \"a\"\n\nrule t/a {\n  summary \"s\"\n", &errs);
	expect_errors(f, &errs, 2);
	expect_error(f, &errs, 0, 4, 1, "expected '}' to close list x opened at line 1", NULL);
	expect_error(f, &errs, 1, 5, 14, "expected '}' to close rule t/a opened at line 4",
	             "found end of file", NULL);
	/* The parser detects an error before reducing what precedes it (LAC),
	 * so the entry "a", which might have gone on with "->", is dropped;
	 * "summary" could not go on and is kept. */
	assert_string_equal(f->lists->name, "x");
	assert_string_equal(rule_at(f, 0)->summary, "s");
	done(f, &errs);

	/* a statement's block left open before a rule item */
	f = parse("rule t/a {\n  forbid \"x\" {\n    severity error\n  good \"y\"\n}\n", &errs);
	expect_error(f, &errs, 0, 4, 3, "expected '}' to close the block opened at line 2",
	             "found 'good'", "(in rule t/a opened at line 1)", NULL);
	done(f, &errs);
}

static void test_unexpected_token_lists_expected(void **state)
{
	(void)state;
	struct ol_findings errs;
	struct ol_rulefile *f = parse("rule tone/a {\n"
	                              "  summary \"x\"\n"
	                              "  \"Nur heute\"\n"
	                              "}\n",
	                              &errs);
	expect_errors(f, &errs, 1);
	expect_error(f, &errs, 0, 3, 3, "unexpected string \"Nur heute\"",
	             "expected one of: '}', severity, summary, message, hint, cite, doc, url, …",
	             "(in rule tone/a opened at line 1)", NULL);
	assert_int_equal(errs.v[0].end - errs.v[0].start, strlen("\"Nur heute\""));
	done(f, &errs);

	f = parse("rule sie-form {\n}\n", &errs);
	expect_errors(f, &errs, 1);
	expect_error(f, &errs, 0, 1, 6, "unexpected name \"sie\", expected rule id",
	             "pack/name", NULL);
	done(f, &errs);

	f = parse("rule a/b {\n  when step == 1 == 2\n}\n", &errs);
	expect_errors(f, &errs, 1);
	expect_error(f, &errs, 0, 2, 18, "unexpected '=='", "expected one of: '}', and, or", NULL);
	done(f, &errs);
}

static void test_unterminated_string(void **state)
{
	(void)state;
	struct ol_findings errs;
	struct ol_rulefile *f = parse("rule t/a {\n  summary \"abc\n  hint \"ok\"\n}\n", &errs);
	expect_errors(f, &errs, 1);
	expect_error(f, &errs, 0, 2, 11, "unterminated string", NULL);
	assert_int_equal(errs.v[0].end - errs.v[0].start, 4); /* "abc */
	assert_string_equal(rule_at(f, 0)->summary, "abc");
	assert_string_equal(rule_at(f, 0)->hint, "ok");
	done(f, &errs);

	f = parse("rule t/a {\n  doc \"\"\"\n  never closed }\n", &errs);
	expect_error(f, &errs, 0, 2, 7, "unterminated string", "\"\"\"", NULL);
	done(f, &errs);

	f = parse("rule t/a {\n  summary \"a\\qb\"\n}\n", &errs);
	expect_errors(f, &errs, 1);
	expect_error(f, &errs, 0, 2, 13, "unknown escape '\\q'", NULL);
	done(f, &errs);
}

static void test_unterminated_regex(void **state)
{
	(void)state;
	struct ol_findings errs;
	struct ol_rulefile *f = parse("rule t/a {\n  forbid /ab\\/c\n  good \"x\"\n}\n", &errs);
	expect_errors(f, &errs, 1);
	expect_error(f, &errs, 0, 2, 10, "unterminated pattern", "\\/", NULL);
	assert_string_equal(rule_at(f, 0)->examples->text, "x");
	done(f, &errs);

	f = parse("rule t/a {\n  forbid /ab/ig\n}\n", &errs);
	expect_errors(f, &errs, 1);
	expect_error(f, &errs, 0, 2, 15, "unknown pattern flag 'g'", NULL);
	done(f, &errs);
}

static void test_stray_character(void **state)
{
	(void)state;
	struct ol_findings errs;
	struct ol_rulefile *f = parse("rule t/a {\n  severity @ error\n}\n", &errs);
	expect_errors(f, &errs, 1);
	expect_error(f, &errs, 0, 2, 12, "unexpected character '@'", NULL);
	assert_string_equal(rule_at(f, 0)->severity, "error");
	done(f, &errs);

	/* typographic quotes get a hint; columns count code points */
	f = parse("rule t/a {\n  summary „Frist“\n}\n", &errs);
	expect_error(f, &errs, 0, 2, 11, "unexpected character '„'", "straight double quotes", NULL);
	done(f, &errs);
}

static void test_two_errors_in_one_file(void **state)
{
	(void)state;
	struct ol_findings errs;
	struct ol_rulefile *f = parse("rule t/a {\n"
	                              "  severity \"x\"\n"
	                              "  summary \"ok\"\n"
	                              "}\n"
	                              "rule t/b {\n"
	                              "  when == 1\n"
	                              "}\n",
	                              &errs);
	expect_errors(f, &errs, 2);
	expect_error(f, &errs, 0, 2, 12, "unexpected string \"x\", expected name", "rule t/a", NULL);
	expect_error(f, &errs, 1, 6, 8, "unexpected '=='", "rule t/b", NULL);
	assert_string_equal(rule_at(f, 0)->summary, "ok");
	assert_string_equal(rule_at(f, 1)->id, "t/b");
	done(f, &errs);
}

/* After an error at top level, the next include, list or rule starts
 * afresh: its errors are reported although they follow closely. */
static void test_top_level_recovery(void **state)
{
	(void)state;
	struct ol_findings errs;
	struct ol_rulefile *f = parse("include common.rules\n"
	                              "list { \"a\" }\n"
	                              "rule t/a\n"
	                              "  severity error\n"
	                              "}\n"
	                              "}\n"
	                              "rule t/b { severity info }\n",
	                              &errs);
	expect_errors(f, &errs, 3);
	expect_error(f, &errs, 0, 1, 9, "unexpected name \"common\", expected string", NULL);
	expect_error(f, &errs, 1, 2, 6, "unexpected '{', expected name", NULL);
	expect_error(f, &errs, 2, 4, 3, "unexpected 'severity', expected '{'", NULL);
	assert_string_equal(rule_at(f, 0)->id, "t/b");
	assert_string_equal(rule_at(f, 0)->severity, "info");
	assert_null(rule_at(f, 0)->next);
	done(f, &errs);
}

/* Duplicate items are errors, except as echoes of a syntax error. */
static void test_duplicates(void **state)
{
	(void)state;
	struct ol_findings errs;
	struct ol_rulefile *f = parse("rule t/a {\n"
	                              "  summary \"a\"\n"
	                              "  summary \"b\"\n"
	                              "  forbid \"x\" { when a when b }\n"
	                              "}\n",
	                              &errs);
	expect_errors(f, &errs, 2);
	expect_error(f, &errs, 0, 3, 3, "duplicate 'summary'", NULL);
	expect_error(f, &errs, 1, 4, 23, "duplicate 'when'", "'and'", NULL);
	done(f, &errs);

	/* `in` before a statement's block is not a clause: one error with a
	 * hint, and the block's items read as the rule's are not duplicates. */
	f = parse("rule t/a {\n"
	          "  severity error\n"
	          "  require any(x) in body {\n"
	          "    severity warning\n"
	          "  }\n"
	          "}\n",
	          &errs);
	expect_errors(f, &errs, 1);
	expect_error(f, &errs, 0, 3, 26, "unexpected '{'", "'in' and 'when' go inside it", NULL);
	done(f, &errs);
}

static void test_nul_bytes_and_garbage(void **state)
{
	(void)state;
	struct ol_findings errs;
	static const char text[] = "rule a/b {\0\0 severity error }\0\x01\xff";
	struct ol_rulefile *f = parse_n(text, sizeof(text) - 1, &errs);
	assert_true(errs.n >= 2);
	expect_error(f, &errs, 0, 1, 11, "NUL", NULL);
	done(f, &errs);

	static const char in_string[] = "rule a/b {\n  doc \"\"\"x\0y\"\"\"\n}\n";
	f = parse_n(in_string, sizeof(in_string) - 1, &errs);
	expect_errors(f, &errs, 1);
	expect_error(f, &errs, 0, 2, 11, "NUL byte inside a string", NULL);
	done(f, &errs);

	/* Binary noise: errors, capped, and no crash. */
	char noise[4096];
	uint32_t x = 12345;
	for (size_t i = 0; i < sizeof(noise); i++) {
		x = x * 1103515245u + 12345u;
		noise[i] = (char)(x >> 16);
	}
	f = parse_n(noise, sizeof(noise), &errs);
	assert_true(errs.n >= 1 && errs.n <= 50);
	done(f, &errs);
}

static void test_error_cap(void **state)
{
	(void)state;
	struct ol_buf b;
	ol_buf_init(&b);
	for (int i = 0; i < 200; i++)
		ol_buf_adds(&b, "rule a/b { severity \"x\" }\n");
	struct ol_findings errs;
	struct ol_rulefile *f = parse(b.data, &errs);
	expect_errors(f, &errs, 50);
	assert_non_null(strstr(errs.v[49].message, "too many errors"));
	done(f, &errs);
	ol_buf_fini(&b);
}

static void test_deep_nesting(void **state)
{
	(void)state;
	struct ol_findings errs;
	struct ol_buf b;
	const char *const unit[] = {"(", "[", "not ", "- ", "1 + ", "a or "};
	for (size_t u = 0; u < sizeof(unit) / sizeof(unit[0]); u++) {
		ol_buf_init(&b);
		ol_buf_adds(&b, "rule a/b {\n  when ");
		for (int i = 0; i < 20000; i++)
			ol_buf_adds(&b, unit[u]);
		ol_buf_adds(&b, "1\n}\n");
		struct ol_rulefile *f = parse(b.data, &errs);
		assert_true(errs.n >= 1);
		assert_non_null(strstr(errs.v[0].message, "deep"));
		done(f, &errs);
		ol_buf_fini(&b);
	}
	/* a condition chain */
	ol_buf_init(&b);
	ol_buf_adds(&b, "rule a/b {\n  forbid \"x\" unless \"y\"");
	for (int i = 0; i < 1000; i++)
		ol_buf_adds(&b, " or \"y\"");
	ol_buf_adds(&b, "\n}\n");
	struct ol_rulefile *f = parse(b.data, &errs);
	expect_errors(f, &errs, 1);
	expect_error(f, &errs, 0, 2, 21, "nested too deeply", NULL);
	done(f, &errs);
	ol_buf_fini(&b);
}

/* `override rule` and `extend list` parse into flagged nodes. */
static void test_override_extend_parse(void **state)
{
	(void)state;
	struct ol_findings errs;
	struct ol_rulefile *f = parse("override rule tone/x {\n  param max = 3\n}\n"
	                              "extend list words { \"Wallbox\" /Ladepunkt(e|en)?/ }\n", &errs);
	if (errs.n)
		dump(f, &errs);
	assert_int_equal(errs.n, 0);
	assert_non_null(f->rules);
	assert_true(f->rules->override);
	assert_string_equal(f->rules->id, "tone/x");
	assert_int_equal(f->rules->override_loc.start, 0);
	assert_int_equal(f->rules->override_loc.end, 8);
	assert_string_equal(f->rules->params->name, "max");
	assert_non_null(f->lists);
	assert_true(f->lists->extend);
	assert_string_equal(f->lists->name, "words");
	assert_string_equal(f->lists->entries->text, "Wallbox");
	assert_true(f->lists->entries->next->is_regex);
	ol_findings_fini(&errs);
	ol_rulefile_free(f);
	/* `override` takes a rule, `extend` a list */
	f = parse("override list x { \"a\" }\nextend rule a/b { }\n", &errs);
	expect_error(f, &errs, 0, 1, 10, "unexpected 'list'", "expected rule", NULL);
	expect_error(f, &errs, 1, 2, 8, "unexpected 'rule'", "expected list", NULL);
	ol_findings_fini(&errs);
	ol_rulefile_free(f);
}

/* The resolver's errors of one loaded text: "line:col message" lines. */
static char *resolve_errors(struct ol_ruleset *rs, const char *file)
{
	struct ol_report errs;
	ol_report_init(&errs);
	ol_ruleset_resolve(rs, &errs);
	struct ol_buf b;
	ol_buf_init(&b);
	for (size_t i = 0; i < errs.n; i++) {
		if (strcmp(errs.files[i].path, file) != 0)
			continue;
		for (size_t k = 0; k < errs.files[i].findings.n; k++) {
			const struct ol_finding *e = &errs.files[i].findings.v[k];
			ol_buf_printf(&b, "%zu:%zu %s\n", ol_source_line(errs.files[i].src, e->start),
			              ol_source_col(errs.files[i].src, e->start, OL_COL_CODEPOINT), e->message);
		}
	}
	ol_report_fini(&errs);
	char *s = ol_buf_detach(&b);
	return s ? s : ol_xstrdup("");
}

static const char base_rules[] =
	"list words { \"Angebot\" }\n"
	"rule t/count {\n"
	"  severity warning\n"
	"  summary \"Zu viele\"\n"
	"  message \"mehr als {max}\"\n"
	"  param max = 3\n"
	"  param min = 1\n"
	"  forbid any(words) { max 3 }\n"
	"  bad \"Angebot Angebot Angebot Angebot\"\n"
	"}\n";

/* base_rules as base.rules, then proj as proj.rules (no syntax errors);
 * returns the resolver's errors in proj.rules (caller frees both). */
static char *load_base_and(struct ol_ruleset *rs, const char *proj)
{
	struct ol_report errs;
	ol_report_init(&errs);
	ol_ruleset_load_text(rs, "base.rules", base_rules, &errs);
	ol_ruleset_load_text(rs, "proj.rules", proj, &errs);
	assert_int_equal(errs.n, 0);
	ol_report_fini(&errs);
	return resolve_errors(rs, "proj.rules");
}

/* An override keeps what it does not write; extend appends entries. */
static void test_override_merges(void **state)
{
	(void)state;
	struct ol_ruleset *rs = ol_ruleset_new();
	char *e = load_base_and(rs, "override rule t/count {\n  param max = 1\n  severity error\n}\n"
	                            "extend list words { \"Rabatt\" }\n");
	assert_string_equal(e, "");
	free(e);
	assert_int_equal(rs->nrules, 1);
	const struct ol_rule *r = ol_ruleset_find(rs, "t/count");
	assert_true(r->override);
	assert_string_equal(r->file->src->path, "proj.rules");
	assert_string_equal(r->base->file->src->path, "base.rules");
	assert_int_equal(r->sev, OL_SEV_ERROR);
	assert_string_equal(r->summary, "Zu viele");
	assert_string_equal(r->message, "mehr als {max}");
	assert_non_null(r->stmts);
	assert_int_equal(r->stmts->sev, OL_SEV_ERROR);
	assert_ptr_equal(r->stmts_file, r->base->file);
	assert_non_null(r->examples);
	assert_string_equal(r->examples->file->src->path, "base.rules");
	/* parameters: max overridden, min kept, order kept */
	assert_string_equal(r->params->name, "max");
	assert_int_equal((int)r->params->value->num, 1);
	assert_string_equal(r->params->next->name, "min");
	assert_int_equal((int)r->params->next->value->num, 1);
	/* the shipped rule's own parameter node is untouched */
	assert_int_equal((int)r->base->params->value->num, 3);
	size_t n = 0;
	for (const struct ol_list_entry *x = rs->lists[0]->entries; x; x = x->next)
		n++;
	assert_int_equal(n, 2);
	assert_string_equal(rs->lists[0]->entries->next->text, "Rabatt");
	ol_ruleset_free(rs);
}

/* Redefinition, unknown ids, lists and parameters: file:line:col with
 * both places named and a suggestion where one is close. */
static void test_override_errors(void **state)
{
	(void)state;
	struct ol_ruleset *rs = ol_ruleset_new();
	char *e = load_base_and(rs, "rule t/count {\n  severity info\n  summary \"x\"\n  forbid \"y\"\n}\n"
	                            "override rule t/cuont { severity info }\n"
	                            "override rule t/count { param maxx = 2 }\n"
	                            "extend list wrods { \"x\" }\n"
	                            "list words { \"z\" }\n"
	                            "override rule zz/zz { severity info }\n");
	const char *want =
		"9:6 list 'words' is already defined (at base.rules:1:6); to add entries to it, write 'extend list words { … }'\n"
		"8:13 extend list: no list 'wrods' is loaded (did you mean 'words'?)\n"
		"1:6 rule t/count is already defined (at base.rules:2:6); to replace it, write 'override rule t/count { … }'\n"
		"6:15 override: no rule t/cuont is loaded (did you mean 't/count'?)\n"
		"7:31 rule t/count has no parameter 'maxx' (did you mean 'max'?)\n"
		"10:15 override: no rule zz/zz is loaded\n";
	if (strcmp(e, want) != 0)
		fprintf(stderr, "got:\n%s", e);
	assert_string_equal(e, want);
	free(e);
	ol_ruleset_free(rs);
}

/* An override that switches the kind of document without statements of its
 * own is an error at its 'applies', not in the shipped file. */
static void test_override_applies(void **state)
{
	(void)state;
	struct ol_ruleset *rs = ol_ruleset_new();
	char *e = load_base_and(rs, "override rule t/count {\n  applies campaigns\n}\n");
	assert_non_null(strstr(e, "2:11 override changes 'applies' of rule t/count to 'campaigns'"));
	free(e);
	ol_ruleset_free(rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_file_top_level),
		cmocka_unit_test(test_full_file_rule_items),
		cmocka_unit_test(test_full_file_statements),
		cmocka_unit_test(test_expressions_and_clauses),
		cmocka_unit_test(test_raw_string_and_bom),
		cmocka_unit_test(test_empty_file),
		cmocka_unit_test(test_missing_closing_brace),
		cmocka_unit_test(test_unexpected_token_lists_expected),
		cmocka_unit_test(test_unterminated_string),
		cmocka_unit_test(test_unterminated_regex),
		cmocka_unit_test(test_stray_character),
		cmocka_unit_test(test_two_errors_in_one_file),
		cmocka_unit_test(test_top_level_recovery),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_nul_bytes_and_garbage),
		cmocka_unit_test(test_error_cap),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_override_extend_parse),
		cmocka_unit_test(test_override_merges),
		cmocka_unit_test(test_override_errors),
		cmocka_unit_test(test_override_applies),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
