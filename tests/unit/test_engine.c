/* Unit tests of the resolver and the engine: rule text → compiled rules →
 * findings on real template and campaign text (real PCRE2, hunspell and
 * libyaml; nothing is mocked). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "checker/base/base.h"
#include "checker/dsl/ruleset.h"
#include "checker/engine/check.h"
#include "checker/engine/spell.h"

struct fixture {
	struct ol_ruleset *rs;
	struct ol_report errs;
};

/* Loads and resolves rule text; returns the number of errors. */
static size_t load(struct fixture *f, const char *rules)
{
	f->rs = ol_ruleset_new();
	ol_report_init(&f->errs);
	ol_ruleset_load_text(f->rs, "test.rules", rules, &f->errs);
	size_t n = 0;
	for (size_t i = 0; i < f->errs.n; i++)
		n += f->errs.files[i].findings.n;
	if (n == 0)
		n = ol_ruleset_resolve(f->rs, &f->errs);
	return n;
}

static void unload(struct fixture *f)
{
	ol_report_fini(&f->errs);
	ol_ruleset_free(f->rs);
}

static const struct ol_finding *first_error(struct fixture *f)
{
	for (size_t i = 0; i < f->errs.n; i++)
		if (f->errs.files[i].findings.n)
			return &f->errs.files[i].findings.v[0];
	return NULL;
}

/* Lints text as a template; findings sorted. */
static void lint(struct fixture *f, const char *text, struct ol_source **src, struct ol_findings *out)
{
	*src = ol_source_from_string("t.md", text, strlen(text));
	ol_findings_init(out);
	struct ol_checker *ck = ol_checker_new(f->rs);
	ol_check_template(ck, *src, NULL, out);
	ol_checker_free(ck);
	ol_findings_sort(out);
}

static size_t count_rule(const struct ol_findings *fs, const char *rule)
{
	size_t n = 0;
	for (size_t i = 0; i < fs->n; i++)
		if (!strcmp(fs->v[i].rule, rule))
			n++;
	return n;
}

static void assert_span(const struct ol_source *src, const struct ol_finding *fd, size_t line, size_t col)
{
	assert_int_equal(ol_source_line(src, fd->start), line);
	assert_int_equal(ol_source_col(src, fd->start, OL_COL_CODEPOINT), col);
}

static void test_forbid_list_whole_words_and_umlauts(void **state)
{
	(void)state;
	struct fixture f;
	assert_int_equal(load(&f, "list du { \"dir\" -> \"Ihnen\" \"dich\" -> \"Sie\" }\n"
	                          "rule t/du { severity error message \"„{match}“\" in body\n"
	                          "  forbid any(du) { fix map(du) } }\n"),
	                 0);
	struct ol_source *src;
	struct ol_findings fs;
	lint(&f, "Guten Tag Frau Groß,\n\nich schicke dir direkt die Übersicht, für dich.\n", &src, &fs);
	assert_int_equal(fs.n, 2); /* not in „direkt“ */
	assert_string_equal(fs.v[0].message, "„dir“");
	assert_span(src, &fs.v[0], 3, 13);
	assert_string_equal(fs.v[0].fix, "Ihnen");
	/* the column after „Ü“ counts code points */
	assert_span(src, &fs.v[1], 3, 43);
	assert_string_equal(fs.v[1].fix, "Sie");
	ol_findings_fini(&fs);
	ol_source_free(src);
	unload(&f);
}

static void test_unless_overlap_and_sentence(void **state)
{
	(void)state;
	struct fixture f;
	assert_int_equal(load(&f, "rule t/sup { severity info message \"{match}\"\n"
	                          "  forbid /\\bbeste[nr]?\\b/i unless /beste\\s+Grüße/i or sentence /\\?/ }\n"),
	                 0);
	struct ol_source *src;
	struct ol_findings fs;
	lint(&f, "Wir liefern die beste Qualität. Was passt Ihnen am besten?\n\nBeste Grüße\nMax Muster\n", &src, &fs);
	assert_int_equal(fs.n, 1);
	assert_string_equal(fs.v[0].message, "beste");
	assert_span(src, &fs.v[0], 1, 17);
	ol_findings_fini(&fs);
	ol_source_free(src);
	unload(&f);
}

/* `clause X`: X in the same clause. Clauses end at , ; : ( ) and dashes;
 * a conjunction starts one (also without a comma); letters of a longer
 * word („Grundlagen“) do not. */
static void test_clause_scope(void **state)
{
	(void)state;
	struct fixture f;
	assert_int_equal(load(&f, "rule t/dir { severity info message \"{match}\"\n"
	                          "  forbid /\\bdir\\b/ if clause /\\b[Ii]ch\\b/ }\n"),
	                 0);
	struct ol_source *src;
	struct ol_findings fs;
	lint(&f,
	     "Schreib dir das auf, ich melde mich. Melde dich und ich schicke dir alles. "
	     "Ich weiß: dir fehlt Zeit. Ich glaube – dir auch. Ich prüfe Grundlagen mit dir. "
	     "Ich (und dir) nicht. Wenn du magst ob ich dir helfe.\n",
	     &src, &fs);
	assert_int_equal(fs.n, 3);
	assert_span(src, &fs.v[0], 1, 65);
	assert_span(src, &fs.v[1], 1, 150);
	assert_span(src, &fs.v[2], 1, 197);
	ol_findings_fini(&fs);
	ol_source_free(src);
	unload(&f);
}

static void test_require_and_sections(void **state)
{
	(void)state;
	struct fixture f;
	assert_int_equal(load(&f, "rule t/optout { severity error message \"kein Opt-out\" in body, ps\n"
	                          "  require /abmelden/i unless sentence /Kundenkonto/ }\n"),
	                 0);
	struct ol_source *src;
	struct ol_findings fs;
	lint(&f, "Hallo Herr Weber,\n\nkurze Frage zu Ihrer Planung.\n\nBeste Grüße\nAbmelden Meier\n", &src, &fs);
	assert_int_equal(count_rule(&fs, "t/optout"), 1); /* the signature does not count */
	assert_int_equal(fs.v[0].start, 0);
	ol_findings_fini(&fs);
	ol_source_free(src);
	lint(&f, "Hallo Herr Weber,\n\nSie können sich im Kundenkonto abmelden.\n\nBeste Grüße\nMax\n", &src, &fs);
	assert_int_equal(count_rule(&fs, "t/optout"), 1); /* a barrier makes it not count */
	ol_findings_fini(&fs);
	ol_source_free(src);
	lint(&f, "Hallo Herr Weber,\n\nAntworten Sie mit „Stopp“, um sich abzumelden oder abmelden.\n\nBeste Grüße\nMax\n", &src, &fs);
	assert_int_equal(count_rule(&fs, "t/optout"), 0);
	ol_findings_fini(&fs);
	ol_source_free(src);
	unload(&f);
}

static void test_spintax_options(void **state)
{
	(void)state;
	struct fixture f;
	assert_int_equal(load(&f, "rule t/hast { severity error message \"{match}\" forbid /\\bhast\\b/i }\n"
	                          "rule t/req { severity error message \"fehlt\" require /Abmelden/ }\n"),
	                 0);
	struct ol_source *src;
	struct ol_findings fs;
	lint(&f, "{Haben Sie|Hast du} Zeit? {Antworten Sie mit Abmelden|Danke}.\n", &src, &fs);
	assert_int_equal(count_rule(&fs, "t/hast"), 1);
	assert_int_equal(count_rule(&fs, "t/req"), 1);
	for (size_t i = 0; i < fs.n; i++) {
		if (!strcmp(fs.v[i].rule, "t/hast")) {
			assert_string_equal(fs.v[i].message, "Hast (in Spintax-Option 2 von 2)");
			assert_span(src, &fs.v[i], 1, 12);
		} else {
			assert_non_null(strstr(fs.v[i].message, "Spintax-Option 2"));
		}
	}
	ol_findings_fini(&fs);
	ol_source_free(src);
	unload(&f);
}

static void test_masks(void **state)
{
	(void)state;
	struct fixture f;
	assert_int_equal(load(&f, "rule t/du { severity error message \"{match}\" forbid /\\b[Dd]u\\b/ }\n"), 0);
	struct ol_source *src;
	struct ol_findings fs;
	lint(&f, "Ein Kunde schrieb: „Du hast mir Zeit gespart.“\n"
	         "Siehe https://beispiel.de/du/info und du@beispiel.de, {{du}}.\n",
	     &src, &fs);
	assert_int_equal(count_rule(&fs, "t/du"), 0);
	ol_findings_fini(&fs);
	ol_source_free(src);
	unload(&f);
}

static void test_when_step(void **state)
{
	(void)state;
	struct fixture f;
	assert_int_equal(load(&f, "rule t/src { severity error message \"keine Quelle\" when step == 1\n"
	                          "  require /Impressum/ }\n"),
	                 0);
	struct ol_source *src;
	struct ol_findings fs;
	lint(&f, "---\nstep: 2\n---\nHallo,\n\nwie besprochen.\n", &src, &fs);
	assert_int_equal(count_rule(&fs, "t/src"), 0);
	ol_findings_fini(&fs);
	ol_source_free(src);
	lint(&f, "Hallo,\n\nwie besprochen.\n", &src, &fs);
	assert_int_equal(count_rule(&fs, "t/src"), 1);
	ol_findings_fini(&fs);
	ol_source_free(src);
	unload(&f);
}

static void test_pattern_limit_is_bounded(void **state)
{
	(void)state;
	struct fixture f;
	assert_int_equal(load(&f, "rule t/slow { severity warning message \"x\" forbid /(a+)+$/ }\n"), 0);
	size_t n = 200000;
	char *text = ol_xmalloc(n + 2);
	memset(text, 'a', n);
	text[n] = 'b';
	text[n + 1] = '\0';
	struct ol_source *src;
	struct ol_findings fs;
	clock_t t0 = clock();
	lint(&f, text, &src, &fs);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	assert_true(secs < 20.0); /* generous: this guards against a hang, not a speed */
	assert_int_equal(count_rule(&fs, "input/pattern-limit"), 1);
	assert_non_null(strstr(fs.v[0].message, "t/slow"));
	ol_findings_fini(&fs);
	ol_source_free(src);
	free(text);
	unload(&f);
}

static void test_superlative_morphology(void **state)
{
	(void)state;
	struct fixture f;
	assert_int_equal(load(&f, "rule t/sup { severity info message \"{match}\" forbid superlative() }\n"), 0);
	struct ol_source *src;
	struct ol_findings fs;
	lint(&f, "Wir haben die günstigsten Preise und die modernste Technik. Im Herbst starten wir. "
	         "Das kostet wenig, sagen die meisten Kunden in der nächsten Woche.\n",
	     &src, &fs);
	assert_int_equal(fs.n, 2);
	assert_string_equal(fs.v[0].message, "günstigsten");
	assert_string_equal(fs.v[1].message, "modernste");
	ol_findings_fini(&fs);
	ol_source_free(src);
	unload(&f);
}

static void test_campaign_assert(void **state)
{
	(void)state;
	struct fixture f;
	assert_int_equal(load(&f, "rule c/count { severity warning applies campaigns\n"
	                          "  message \"{value} Nachfassungen, höchstens {max}\" param max = 2\n"
	                          "  assert count(steps where channel == email) - 1 <= max { at steps } }\n"),
	                 0);
	const char *yaml = "campaign: x\nsteps:\n  - template: a.md\n  - template: b.md\n"
	                   "  - template: c.md\n    channel: linkedin\n  - template: d.md\n  - template: e.md\n";
	struct ol_source *src = ol_source_from_string("c.yaml", yaml, strlen(yaml));
	struct ol_campaign camp;
	struct ol_findings fs;
	ol_findings_init(&fs);
	assert_int_equal(ol_campaign_read(src, &camp, &fs), 0);
	struct ol_checker *ck = ol_checker_new(f.rs);
	ol_checker_only(ck, ol_ruleset_find(f.rs, "c/count"));
	ol_check_campaign(ck, &camp, &fs);
	assert_int_equal(count_rule(&fs, "c/count"), 1);
	assert_string_equal(fs.v[0].message, "3 Nachfassungen, höchstens 2");
	assert_span(src, &fs.v[0], 2, 1);
	ol_checker_free(ck);
	ol_campaign_fini(&camp);
	ol_findings_fini(&fs);
	ol_source_free(src);
	unload(&f);
}

static void test_resolver_errors(void **state)
{
	(void)state;
	struct fixture f;
	const struct ol_finding *e;
	assert_int_equal(load(&f, "rule t/a { severity error message \"x\" forbid any(nope) }\n"), 1);
	e = first_error(&f);
	assert_non_null(strstr(e->message, "unknown list 'nope'"));
	assert_int_equal(e->start, strlen("rule t/a { severity error message \"x\" forbid any("));
	unload(&f);

	assert_int_equal(load(&f, "rule t/a { severity error message \"x\"\n  forbid /ab(c/ }\n"), 1);
	e = first_error(&f);
	assert_non_null(strstr(e->message, "invalid pattern"));
	assert_int_equal(ol_source_line(f.errs.files[0].src, e->start), 2);
	unload(&f);

	assert_int_equal(load(&f, "rule t/a { severity loud message \"x\" in bodyy when stepp == 1 forbid /x/ }\n"), 3);
	unload(&f);

	assert_int_equal(load(&f, "rule t/a { severity error message \"x\" forbid /x/ }\n"
	                          "rule t/a { severity error message \"y\" forbid /y/ }\n"),
	                 1);
	e = first_error(&f);
	assert_non_null(strstr(e->message, "defined twice"));
	unload(&f);
}

static void test_max_counts(void **state)
{
	(void)state;
	struct fixture f;
	assert_int_equal(load(&f, "rule t/bang { severity warning message \"{count} Ausrufezeichen\"\n"
	                          "  forbid /!/ { max 2 } }\n"),
	                 0);
	struct ol_source *src;
	struct ol_findings fs;
	lint(&f, "Hallo! Toll! Super!\n", &src, &fs);
	assert_int_equal(fs.n, 1);
	assert_string_equal(fs.v[0].message, "3 Ausrufezeichen");
	assert_span(src, &fs.v[0], 1, 19); /* the third one */
	ol_findings_fini(&fs);
	ol_source_free(src);
	lint(&f, "Hallo! Toll!\n", &src, &fs);
	assert_int_equal(fs.n, 0); /* exactly the maximum is fine */
	ol_findings_fini(&fs);
	ol_source_free(src);
	unload(&f);
}

static void test_misspelled(void **state)
{
	(void)state;
	struct fixture f;
	assert_int_equal(load(&f, "list ok { \"Opt-out\" \"Tourenplanung\" }\n"
	                          "rule t/sp { severity warning message \"{match}\" hint \"{suggestions}\"\n"
	                          "  forbid misspelled(ok) }\n"),
	                 0);
	struct ol_source *src;
	struct ol_findings fs;
	lint(&f, "Guten Tag Frau Kowalczyk,\n\n"
	         "wir unterstüzen Speditionen bei der Tourenplanung mit LinkedIn und dem CRM, "
	         "Modell X500, Opt-out-Link inklusive, Rückmeldnug bitte an @vertrieb. "
	         "Unsere Nahverkehrsflotte kennt Janusz gut.\n\n"
	         "Beste Grüße\nJanusz Wróblewski\n",
	     &src, &fs);
	assert_int_equal(fs.n, 2);
	assert_string_equal(fs.v[0].message, "unterstüzen");
	assert_span(src, &fs.v[0], 3, 5);
	assert_non_null(fs.v[0].fix);
	assert_string_equal(fs.v[0].fix, "unterstützen");
	assert_non_null(strstr(fs.v[0].hint, "unterstützen"));
	assert_string_equal(fs.v[1].message, "Rückmeldnug");
	/* not reported: a compound of two known words, a name of the signature */
	ol_findings_fini(&fs);
	ol_source_free(src);
	unload(&f);
}

static void expect_suggestions(struct ol_spell *sp, const char *word, const char *want)
{
	char *got = NULL;
	ol_spell_suggest(sp, word, strlen(word), 3, &got);
	if (!want) {
		assert_null(got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

/* The suggestions of spell.c, word by word: each kind of edit, in
 * hunspell's order, the search ending at the first kind that finds one. */
static void test_suggestions(void **state)
{
	(void)state;
	struct ol_spell *sp = ol_spell_open(NULL);
	assert_non_null(sp);
	struct ol_spell *again = ol_spell_open(NULL);
	assert_ptr_equal(sp, again); /* one dictionary per process */
	ol_spell_free(again);
	assert_true(ol_spell_loaded(sp));
	expect_suggestions(sp, "Grüsse", "Grüße");                 /* REP ss → ß; Güsse not tried */
	expect_suggestions(sp, "Vorraussetzung", "Voraussetzung");  /* an extra letter */
	expect_suggestions(sp, "Rückmeldnug", "Rückmeldung");       /* swapped neighbours */
	expect_suggestions(sp, "unterstüzen", "unterstützen");      /* a missing letter */
	expect_suggestions(sp, "Addresse", "Adresse");              /* an extra letter */
	expect_suggestions(sp, "Projeckt", "Projekt");              /* an extra letter */
	expect_suggestions(sp, "Standart", "Standard");             /* REP t → d */
	expect_suggestions(sp, "Termn", "Term, Termen, Termin");    /* at most three */
	expect_suggestions(sp, "Rückmeldnug", "Rückmeldung");       /* memoised: the same again */
	/* a long word two edits from anything: no far-fetched guess */
	expect_suggestions(sp, "Lagerlogistiker", NULL);
	/* a key held down: no suggestion for words over 40 bytes (the fuzzer
	 * found one that took seconds) */
	expect_suggestions(sp, "Datenschutzhaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaainweise", NULL);
	ol_spell_free(sp);
}

static void test_sentence_start_and_opening(void **state)
{
	(void)state;
	struct fixture f;
	assert_int_equal(load(&f, "rule t/sie { severity error message \"{match}\" in body\n"
	                          "  forbid /\\b(?:Sie|Ihnen)\\b/ unless sentence_start() }\n"
	                          "rule t/open { severity warning message \"kein Platzhalter am Anfang\" in body\n"
	                          "  require /\\{\\{/ if opening() }\n"),
	                 0);
	struct ol_source *src;
	struct ol_findings fs;
	lint(&f, "Hallo Jan,\n\nich hoffe, dir geht es gut. Hast du Zeit? Dann schreibe ich Ihnen. "
	         "Sie wissen ja, {{company}} wächst.\n\nViele Grüße\nAnna\n",
	     &src, &fs);
	assert_int_equal(count_rule(&fs, "t/sie"), 1); /* „Sie wissen“ starts a sentence */
	assert_int_equal(count_rule(&fs, "t/open"), 1); /* the placeholder is in sentence 4 */
	for (size_t i = 0; i < fs.n; i++)
		if (!strcmp(fs.v[i].rule, "t/sie"))
			assert_string_equal(fs.v[i].message, "Ihnen");
	ol_findings_fini(&fs);
	ol_source_free(src);
	unload(&f);
}

static void test_whole_url_counts(void **state)
{
	(void)state;
	struct fixture f;
	assert_int_equal(load(&f, "rule t/link { severity error message \"kein Link\"\n"
	                          "  require /https?:\\/\\/\\S+\\/datenschutz\\S*/ }\n"),
	                 0);
	struct ol_source *src;
	struct ol_findings fs;
	lint(&f, "Details: https://beispiel.de/datenschutz-akquise\n", &src, &fs);
	assert_int_equal(fs.n, 0);
	ol_findings_fini(&fs);
	ol_source_free(src);
	unload(&f);
}

static void test_campaign_functions(void **state)
{
	(void)state;
	struct fixture f;
	assert_int_equal(load(&f, "rule c/x { severity error applies campaigns message \"m\"\n"
	                          "  assert contains(stop_on, \"Opt-Out\") { message \"stop\" }\n"
	                          "  assert not matches(data_source, /^(?:Internet|online)$/i) { message \"vage: {data_source}\" at data_source }\n"
	                          "  each step assert gap >= 3 or index == 1 { message \"Abstand {gap} an Tag {day}\" at day }\n"
	                          "  each step assert not template_seen { message \"{template} doppelt\" at template } }\n"),
	                 0);
	const char *yaml = "campaign: x\ndata_source: Internet\nstop_on: [reply, opt-out]\nsteps:\n"
	                   "  - {template: a.md, day: 0}\n  - {template: b.md, day: 2}\n  - {template: a.md, day: 9}\n";
	struct ol_source *src = ol_source_from_string("c.yaml", yaml, strlen(yaml));
	struct ol_campaign camp;
	struct ol_findings fs;
	ol_findings_init(&fs);
	assert_int_equal(ol_campaign_read(src, &camp, &fs), 0);
	struct ol_checker *ck = ol_checker_new(f.rs);
	ol_check_campaign(ck, &camp, &fs);
	ol_findings_sort(&fs);
	assert_int_equal(fs.n, 3);
	assert_string_equal(fs.v[0].message, "vage: Internet");
	assert_span(src, &fs.v[0], 2, 1);
	assert_string_equal(fs.v[1].message, "Abstand 2 an Tag 2");
	assert_span(src, &fs.v[1], 6, 22);
	assert_string_equal(fs.v[2].message, "a.md doppelt");
	assert_span(src, &fs.v[2], 7, 6);
	ol_checker_free(ck);
	ol_campaign_fini(&camp);
	ol_findings_fini(&fs);
	ol_source_free(src);
	unload(&f);
}

static void test_unknown_placeholder_and_share(void **state)
{
	(void)state;
	struct fixture f;
	assert_int_equal(load(&f, "rule t/ph { severity error message \"{match}\" forbid unknown_placeholder() }\n"
	                          "rule t/lang { severity warning message \"{value}\" param min = 0.7\n"
	                          "  assert german_share() >= min }\n"),
	                 0);
	char dir[] = "/tmp/ol-engine-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *tpath = ol_xasprintf("%s/t.md", dir);
	FILE *fp = fopen(tpath, "w");
	assert_non_null(fp);
	fputs("Hello {{firstName}}, I hope you are doing well and we can talk about {{sender.name}} and {{sender.phone}}.\n", fp);
	fclose(fp);
	const char *yaml = "campaign: x\nvariables: [firstName]\nsender:\n  name: Max\nsteps:\n  - template: t.md\n";
	char *cpath = ol_xasprintf("%s/c.yaml", dir);
	struct ol_source *csrc = ol_source_from_string(cpath, yaml, strlen(yaml));
	struct ol_campaign camp;
	struct ol_findings fs;
	ol_findings_init(&fs);
	assert_int_equal(ol_campaign_read(csrc, &camp, &fs), 0);
	struct ol_source *tsrc = ol_source_load(tpath);
	assert_non_null(tsrc);
	struct ol_checker *ck = ol_checker_new(f.rs);
	struct ol_tctx ctx = {&camp, &camp.steps[0], "c.yaml, step 1"};
	ol_check_template(ck, tsrc, &ctx, &fs);
	ol_findings_sort(&fs);
	assert_int_equal(count_rule(&fs, "t/ph"), 1);
	assert_int_equal(count_rule(&fs, "t/lang"), 1);
	for (size_t i = 0; i < fs.n; i++) {
		if (!strcmp(fs.v[i].rule, "t/ph"))
			assert_string_equal(fs.v[i].message, "{{sender.phone}}");
		else
			assert_string_equal(fs.v[i].message, "0"); /* no word is German */
		assert_string_equal(fs.v[i].context, "c.yaml, step 1");
	}
	ol_checker_free(ck);
	ol_campaign_fini(&camp);
	ol_findings_fini(&fs);
	ol_source_free(csrc);
	ol_source_free(tsrc);
	unlink(tpath);
	rmdir(dir);
	free(tpath);
	free(cpath);
	unload(&f);
}

static void test_no_match_across_paragraphs(void **state)
{
	(void)state;
	struct fixture f;
	assert_int_equal(load(&f, "rule t/gap { severity info message \"{match}\" forbid /Daten[^.!?]{0,80}?abmelden/i }\n"), 0);
	struct ol_source *src;
	struct ol_findings fs;
	lint(&f, "Zu Ihren Daten: siehe unten\n\nSie können sich jederzeit abmelden.\n", &src, &fs);
	assert_int_equal(fs.n, 0);
	ol_findings_fini(&fs);
	ol_source_free(src);
	/* the dropped match does not hide one inside the next paragraph */
	lint(&f, "Zu Ihren Daten: siehe unten\n\nIhre Daten: Sie können sich abmelden.\n", &src, &fs);
	assert_int_equal(fs.n, 1);
	assert_string_equal(fs.v[0].message, "Daten: Sie können sich abmelden");
	ol_findings_fini(&fs);
	ol_source_free(src);
	lint(&f, "Zu Ihren Daten: siehe unten,\nSie können sich jederzeit abmelden.\n", &src, &fs);
	assert_int_equal(fs.n, 1); /* a single line break is no paragraph break */
	ol_findings_fini(&fs);
	ol_source_free(src);
	unload(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_forbid_list_whole_words_and_umlauts),
	    cmocka_unit_test(test_unless_overlap_and_sentence),
	    cmocka_unit_test(test_clause_scope),
	    cmocka_unit_test(test_require_and_sections),
	    cmocka_unit_test(test_spintax_options),
	    cmocka_unit_test(test_masks),
	    cmocka_unit_test(test_when_step),
	    cmocka_unit_test(test_pattern_limit_is_bounded),
	    cmocka_unit_test(test_superlative_morphology),
	    cmocka_unit_test(test_campaign_assert),
	    cmocka_unit_test(test_resolver_errors),
	    cmocka_unit_test(test_max_counts),
	    cmocka_unit_test(test_misspelled),
	    cmocka_unit_test(test_suggestions),
	    cmocka_unit_test(test_sentence_start_and_opening),
	    cmocka_unit_test(test_whole_url_counts),
	    cmocka_unit_test(test_campaign_functions),
	    cmocka_unit_test(test_unknown_placeholder_and_share),
	    cmocka_unit_test(test_no_match_across_paragraphs),
	};
	return cmocka_run_group_tests_name("engine", tests, NULL, NULL);
}
