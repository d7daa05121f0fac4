/* Unit tests of the template reader (content/template.c): front matter,
 * sections, placeholders, spintax, masks, encodings. Expected spans are
 * written from formats.md and template.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "checker/base/base.h"
#include "checker/content/template.h"
#include "checker/diag/catalog.h"

/* One read template with its source and findings. */
struct fx {
	struct ol_source *src;
	struct ol_template t;
	struct ol_findings diags;
	int rc;
};

static void fx_read_n(struct fx *f, const char *text, size_t len)
{
	f->src = ol_source_from_string("t.md", text, len);
	ol_findings_init(&f->diags);
	f->rc = ol_template_read(f->src, &f->t, &f->diags);
}

static void fx_read(struct fx *f, const char *text)
{
	fx_read_n(f, text, strlen(text));
}

static void fx_fini(struct fx *f)
{
	ol_template_fini(&f->t);
	ol_findings_fini(&f->diags);
	ol_source_free(f->src);
}

/* The text of section s (caller frees), or NULL if absent. */
static char *sec(const struct fx *f, enum ol_section s)
{
	if (!f->t.has[s])
		return NULL;
	return ol_xstrndup(f->src->text + f->t.sec[s].start, f->t.sec[s].end - f->t.sec[s].start);
}

static void expect_sec(const struct fx *f, enum ol_section s, const char *want)
{
	char *got = sec(f, s);
	if (!want) {
		if (got)
			fail_msg("section %s: expected none, got \"%s\"", ol_section_name(s), got);
		return;
	}
	if (!got)
		fail_msg("section %s: expected \"%s\", got none", ol_section_name(s), want);
	if (strcmp(got, want) != 0)
		fail_msg("section %s:\n got \"%s\"\nwant \"%s\"", ol_section_name(s), got, want);
	free(got);
}

static char *span_text(const struct fx *f, struct ol_span sp)
{
	return ol_xstrndup(f->src->text + sp.start, sp.end - sp.start);
}

static void expect_span(const struct fx *f, struct ol_span sp, const char *want)
{
	char *got = span_text(f, sp);
	assert_string_equal(got, want);
	free(got);
}

static size_t at(const struct fx *f, const char *needle)
{
	const char *p = strstr(f->src->text, needle);
	assert_non_null(p);
	return (size_t)(p - f->src->text);
}

/* The number of findings with rule id. */
static size_t count_rule(const struct fx *f, const char *rule)
{
	size_t n = 0;
	for (size_t i = 0; i < f->diags.n; i++)
		if (strcmp(f->diags.v[i].rule, rule) == 0)
			n++;
	return n;
}

static const struct ol_finding *first_rule(const struct fx *f, const char *rule)
{
	for (size_t i = 0; i < f->diags.n; i++)
		if (strcmp(f->diags.v[i].rule, rule) == 0)
			return &f->diags.v[i];
	fail_msg("no finding %s", rule);
	return NULL;
}

/* true if a mask of kind k covers exactly the text want. */
static bool has_mask(const struct fx *f, enum ol_mask_kind k, const char *want)
{
	for (size_t i = 0; i < f->t.nmasks; i++) {
		const struct ol_mask *m = &f->t.masks[i];
		if (m->kind != k)
			continue;
		size_t n = m->span.end - m->span.start;
		if (n == strlen(want) && memcmp(f->src->text + m->span.start, want, n) == 0)
			return true;
	}
	return false;
}

static const char *const realistic =
	"---\n"
	"subject: Ihre Disposition bei {{company}}\n"
	"step: 2\n"
	"channel: linkedin\n"
	"address: du\n"
	"owner: vertrieb   # other tools' keys are fine\n"
	"---\n"
	"Guten Tag {{salutation}} {{ lastName }},\n"
	"\n"
	"{Ihr Beitrag|Ihr Vortrag} zu {{observation}} hat mich auf Sie aufmerksam gemacht.\n"
	"Ihre Adresse habe ich dem Impressum entnommen.\n"
	"\n"
	"Wenn Sie keine weiteren Nachrichten wünschen, antworten Sie mit „Abmelden“.\n"
	"\n"
	"Beste Grüße\n"
	"Max Mustermann\n"
	"Beispiel GmbH · max@beispiel.de\n"
	"\n"
	"P.S. Unsere Fallstudie: https://beispiel.de/fallstudie.\n"
	"P.P.S. Noch ein Gedanke.\n";

static void test_realistic(void **state)
{
	(void)state;
	struct fx f;
	fx_read(&f, realistic);
	assert_int_equal(f.rc, 0);
	assert_int_equal(f.diags.n, 0);
	assert_true(f.t.has_front_matter);
	assert_non_null(f.t.meta);
	assert_int_equal(f.t.step, 2);
	assert_string_equal(f.t.channel, "linkedin");
	assert_string_equal(f.t.address, "du");
	assert_true(f.t.has_subject);
	assert_string_equal(f.t.subject, "Ihre Disposition bei {{company}}");
	assert_true(f.t.subject_exact);
	expect_span(&f, f.t.subject_span, "Ihre Disposition bei {{company}}");
	expect_sec(&f, OL_SEC_SUBJECT, "Ihre Disposition bei {{company}}");
	expect_sec(&f, OL_SEC_GREETING, "Guten Tag {{salutation}} {{ lastName }},");
	expect_sec(&f, OL_SEC_BODY,
	           "{Ihr Beitrag|Ihr Vortrag} zu {{observation}} hat mich auf Sie aufmerksam "
	           "gemacht.\nIhre Adresse habe ich dem Impressum entnommen.\n\n"
	           "Wenn Sie keine weiteren Nachrichten wünschen, antworten Sie mit „Abmelden“.");
	expect_sec(&f, OL_SEC_CLOSING, "Beste Grüße");
	expect_sec(&f, OL_SEC_SIGNATURE, "Max Mustermann\nBeispiel GmbH · max@beispiel.de");
	expect_sec(&f, OL_SEC_PS,
	           "P.S. Unsere Fallstudie: https://beispiel.de/fallstudie.\nP.P.S. Noch ein Gedanke.");
	assert_int_equal(f.t.sec[OL_SEC_TEXT].start, at(&f, "Guten Tag"));
	assert_int_equal(f.t.sec[OL_SEC_TEXT].end, f.src->len);
	expect_span(&f, f.t.front_matter, "subject: Ihre Disposition bei {{company}}\nstep: 2\n"
	                                  "channel: linkedin\naddress: du\n"
	                                  "owner: vertrieb   # other tools' keys are fine\n");

	/* placeholders in file order, the subject's first */
	assert_int_equal(f.t.nph, 4);
	expect_span(&f, f.t.ph[0].name, "company");
	expect_span(&f, f.t.ph[1].whole, "{{salutation}}");
	expect_span(&f, f.t.ph[2].whole, "{{ lastName }}");
	expect_span(&f, f.t.ph[2].name, "lastName");
	expect_span(&f, f.t.ph[3].name, "observation");
	assert_int_equal(f.t.nspin, 1);
	expect_span(&f, f.t.spin[0].whole, "{Ihr Beitrag|Ihr Vortrag}");

	assert_true(has_mask(&f, OL_MASK_QUOTE, "Abmelden"));
	assert_true(has_mask(&f, OL_MASK_EMAIL, "max@beispiel.de"));
	assert_true(has_mask(&f, OL_MASK_URL, "https://beispiel.de/fallstudie"));
	assert_true(has_mask(&f, OL_MASK_PLACEHOLDER, "lastName"));
	assert_true(has_mask(&f, OL_MASK_PLACEHOLDER, "company"));
	for (size_t i = 1; i < f.t.nmasks; i++)
		assert_true(f.t.masks[i - 1].span.start <= f.t.masks[i].span.start);

	/* sections never overlap (TEXT aside) and come in this order */
	enum ol_section order[] = {OL_SEC_GREETING, OL_SEC_BODY, OL_SEC_CLOSING, OL_SEC_SIGNATURE,
	                           OL_SEC_PS};
	for (size_t i = 1; i < 5; i++)
		assert_true(f.t.sec[order[i - 1]].end <= f.t.sec[order[i]].start);
	fx_fini(&f);
}

static void test_no_front_matter(void **state)
{
	(void)state;
	struct fx f;
	fx_read(&f, "Hallo Frau Schmidt,\n\nich melde mich wegen Ihrer Anfrage.\n\n"
	            "Viele Grüße, Max\n");
	assert_int_equal(f.rc, 0);
	assert_int_equal(f.diags.n, 0);
	assert_false(f.t.has_front_matter);
	assert_null(f.t.meta);
	assert_int_equal(f.t.step, 1);
	assert_string_equal(f.t.channel, "email");
	assert_string_equal(f.t.address, "sie");
	assert_false(f.t.has_subject);
	assert_false(f.t.has[OL_SEC_SUBJECT]);
	expect_sec(&f, OL_SEC_GREETING, "Hallo Frau Schmidt,");
	expect_sec(&f, OL_SEC_BODY, "ich melde mich wegen Ihrer Anfrage.");
	expect_sec(&f, OL_SEC_CLOSING, "Viele Grüße, Max");
	expect_sec(&f, OL_SEC_SIGNATURE, NULL);
	expect_sec(&f, OL_SEC_PS, NULL);
	assert_int_equal(f.t.sec[OL_SEC_TEXT].start, 0);
	fx_fini(&f);
}

static void test_no_greeting(void **state)
{
	(void)state;
	struct fx f;
	fx_read(&f, "Ihr Lager in Bremen wächst.\nWir helfen dabei.\n\nMit freundlichen Grüßen\n"
	            "Erika Musterfrau\n");
	expect_sec(&f, OL_SEC_GREETING, NULL);
	expect_sec(&f, OL_SEC_BODY, "Ihr Lager in Bremen wächst.\nWir helfen dabei.");
	expect_sec(&f, OL_SEC_CLOSING, "Mit freundlichen Grüßen");
	expect_sec(&f, OL_SEC_SIGNATURE, "Erika Musterfrau");
	fx_fini(&f);
}

static void test_greeting_with_text_on_line(void **state)
{
	(void)state;
	struct fx f;
	fx_read(&f, "Hallo Herr Müller, ich schreibe Ihnen wegen der Messe.\nBis bald\n");
	expect_sec(&f, OL_SEC_GREETING, "Hallo Herr Müller,");
	expect_sec(&f, OL_SEC_BODY, "ich schreibe Ihnen wegen der Messe.");
	expect_sec(&f, OL_SEC_CLOSING, "Bis bald");
	fx_fini(&f);

	fx_read(&f, "{Hallo|Guten Tag} {{firstName}},\n\nText.\n");
	expect_sec(&f, OL_SEC_GREETING, "{Hallo|Guten Tag} {{firstName}},");
	expect_sec(&f, OL_SEC_BODY, "Text.");
	fx_fini(&f);

	fx_read(&f, "{{anrede}} {{nachname}},\n\nText.\n");
	expect_sec(&f, OL_SEC_GREETING, "{{anrede}} {{nachname}},");
	expect_sec(&f, OL_SEC_BODY, "Text.");
	fx_fini(&f);

	/* a long sentence that only starts like a salutation */
	fx_read(&f, "Hi-Fi-Anlagen und Lautsprecher sind unser Geschäft seit vielen Jahren.\n");
	expect_sec(&f, OL_SEC_GREETING, NULL);
	fx_fini(&f);
}

static void test_dash_signature(void **state)
{
	(void)state;
	struct fx f;
	fx_read(&f, "Guten Morgen,\n\nkurze Frage zu Ihrer Flotte.\n\n-- \nMax Mustermann\n"
	            "Beispiel GmbH\n");
	expect_sec(&f, OL_SEC_GREETING, "Guten Morgen,");
	expect_sec(&f, OL_SEC_BODY, "kurze Frage zu Ihrer Flotte.");
	expect_sec(&f, OL_SEC_CLOSING, NULL);
	expect_sec(&f, OL_SEC_SIGNATURE, "Max Mustermann\nBeispiel GmbH");
	fx_fini(&f);

	/* closing and "--": the signature starts after the closing */
	fx_read(&f, "Moin,\n\nText.\n\nLG\nMax\n--\nBeispiel GmbH\n");
	expect_sec(&f, OL_SEC_CLOSING, "LG");
	expect_sec(&f, OL_SEC_SIGNATURE, "Max\n--\nBeispiel GmbH");
	expect_sec(&f, OL_SEC_BODY, "Text.");
	fx_fini(&f);
}

static void test_ps_after_signature(void **state)
{
	(void)state;
	struct fx f;
	fx_read(&f, "Sehr geehrte Frau Dr. Weber,\n\nText eins.\n\nFreundliche Grüße\n\n"
	            "Max Mustermann\nBeispiel GmbH\n\nPS: Ich bin auf der LogiMAT.\n");
	expect_sec(&f, OL_SEC_GREETING, "Sehr geehrte Frau Dr. Weber,");
	expect_sec(&f, OL_SEC_BODY, "Text eins.");
	expect_sec(&f, OL_SEC_CLOSING, "Freundliche Grüße");
	expect_sec(&f, OL_SEC_SIGNATURE, "Max Mustermann\nBeispiel GmbH");
	expect_sec(&f, OL_SEC_PS, "PS: Ich bin auf der LogiMAT.");
	fx_fini(&f);

	/* a P.S. before the closing */
	fx_read(&f, "Hallo Max,\n\nText.\n\nP.S. Danke!\n\nBeste Grüße\nErika\n");
	expect_sec(&f, OL_SEC_BODY, "Text.");
	expect_sec(&f, OL_SEC_PS, "P.S. Danke!");
	expect_sec(&f, OL_SEC_CLOSING, "Beste Grüße");
	expect_sec(&f, OL_SEC_SIGNATURE, "Erika");
	fx_fini(&f);
}

static void test_closing_is_last_and_short_tail(void **state)
{
	(void)state;
	struct fx f;
	/* "Grüße" in the body does not count; the last farewell does */
	fx_read(&f, "Hallo,\n\nGrüße aus Köln hat Ihr Team geschickt.\nText.\n\nGrüße aus Hamburg\n"
	            "Max\n");
	expect_sec(&f, OL_SEC_CLOSING, "Grüße aus Hamburg");
	expect_sec(&f, OL_SEC_BODY, "Grüße aus Köln hat Ihr Team geschickt.\nText.");
	fx_fini(&f);

	/* a farewell followed by a long text is no closing; a full legal
	 * footer (up to 20 lines) still is a signature */
	struct ol_buf b;
	ol_buf_init(&b);
	ol_buf_adds(&b, "Hallo,\n\nViele Grüße\n");
	for (int i = 0; i < 21; i++)
		ol_buf_printf(&b, "Zeile %d\n", i);
	fx_read(&f, b.data);
	expect_sec(&f, OL_SEC_CLOSING, NULL);
	expect_sec(&f, OL_SEC_SIGNATURE, NULL);
	ol_buf_fini(&b);
	fx_fini(&f);
}

static void test_placeholders_with_spaces(void **state)
{
	(void)state;
	struct fx f;
	fx_read(&f, "Hallo {{  first_name-2.x  }}, {{\tfirma\t}}!\n");
	assert_int_equal(f.t.nph, 2);
	expect_span(&f, f.t.ph[0].whole, "{{  first_name-2.x  }}");
	expect_span(&f, f.t.ph[0].name, "first_name-2.x");
	expect_span(&f, f.t.ph[1].name, "firma");
	assert_int_equal(f.diags.n, 0);
	fx_fini(&f);

	fx_read(&f, "Hallo {{first name}} und {{offen\n");
	assert_int_equal(f.t.nph, 0);
	assert_int_equal(count_rule(&f, "template/placeholder"), 2);
	assert_int_equal(count_rule(&f, "input/spintax"), 0);
	fx_fini(&f);
}

static void test_spintax(void **state)
{
	(void)state;
	struct fx f;
	fx_read(&f, "Text {A|B {{name}}|} und {x|y|z}.\n");
	assert_int_equal(f.diags.n, 0);
	assert_int_equal(f.t.nspin, 2);
	expect_span(&f, f.t.spin[0].whole, "{A|B {{name}}|}");
	assert_int_equal(f.t.spin[0].nopt, 3);
	expect_span(&f, f.t.spin[0].options[0], "A");
	expect_span(&f, f.t.spin[0].options[1], "B {{name}}");
	expect_span(&f, f.t.spin[0].options[2], "");
	assert_int_equal(f.t.spin[0].options[2].start, at(&f, "|}") + 1);
	assert_int_equal(f.t.nph, 1);
	expect_span(&f, f.t.ph[0].name, "name");
	assert_int_equal(f.t.spin[1].nopt, 3);
	expect_span(&f, f.t.spin[1].options[2], "z");
	fx_fini(&f);

	/* single braces without "|" are text */
	fx_read(&f, "Das ist {kein} Spintax.\n");
	assert_int_equal(f.t.nspin, 0);
	assert_int_equal(f.diags.n, 0);
	fx_fini(&f);
}

static void test_spintax_errors(void **state)
{
	(void)state;
	struct fx f;
	fx_read(&f, "Hallo,\n\n{A|B ohne Ende.\n\nZweiter Absatz.\n");
	assert_int_equal(count_rule(&f, "input/spintax"), 1);
	const struct ol_finding *d = first_rule(&f, "input/spintax");
	assert_int_equal(d->start, at(&f, "{A|B"));
	assert_non_null(strstr(d->message, "geschlossen"));
	assert_int_equal(f.t.nspin, 0);
	fx_fini(&f);

	fx_read(&f, "Text A|B} weiter.\n");
	d = first_rule(&f, "input/spintax");
	assert_int_equal(d->start, at(&f, "}"));
	fx_fini(&f);

	fx_read(&f, "Text {A|{B|C}} weiter.\n");
	d = first_rule(&f, "input/spintax");
	assert_int_equal(d->start, at(&f, "{B"));
	assert_non_null(strstr(d->message, "verschachtelt"));
	assert_int_equal(f.t.nspin, 0);
	fx_fini(&f);

	/* cascades are capped */
	struct ol_buf b;
	ol_buf_init(&b);
	for (int i = 0; i < 1000; i++)
		ol_buf_adds(&b, "} ");
	fx_read(&f, b.data);
	assert_true(f.diags.n <= 10);
	ol_buf_fini(&b);
	fx_fini(&f);
}

static void test_umlaut_columns(void **state)
{
	(void)state;
	struct fx f;
	fx_read(&f, "Hallo,\n\nBeste Grüße {{name}} und 𝄞 {{x}}\n");
	size_t off = f.t.ph[0].whole.start;
	assert_int_equal(ol_source_col(f.src, off, OL_COL_CODEPOINT), 13);
	assert_int_equal(ol_source_col(f.src, off, OL_COL_BYTE), 15);
	assert_int_equal(ol_source_col(f.src, off, OL_COL_UTF16), 13);
	off = f.t.ph[1].whole.start;
	assert_int_equal(ol_source_col(f.src, off, OL_COL_CODEPOINT), 28);
	assert_int_equal(ol_source_col(f.src, off, OL_COL_UTF16), 29);
	assert_int_equal(ol_source_line(f.src, off), 3);
	fx_fini(&f);
}

/* Section texts with CRs removed (caller frees). */
static char *sec_nocr(const struct fx *f, enum ol_section s)
{
	char *x = sec(f, s);
	if (!x)
		return NULL;
	char *w = x;
	for (char *r = x; *r; r++)
		if (*r != '\r')
			*w++ = *r;
	*w = '\0';
	return x;
}

static void test_crlf_equals_lf(void **state)
{
	(void)state;
	struct ol_buf b;
	ol_buf_init(&b);
	for (const char *p = realistic; *p; p++) {
		if (*p == '\n')
			ol_buf_addc(&b, '\r');
		ol_buf_addc(&b, *p);
	}
	struct fx lf, crlf;
	fx_read(&lf, realistic);
	fx_read(&crlf, b.data);
	assert_int_equal(crlf.diags.n, 0);
	assert_int_equal(crlf.t.step, 2);
	assert_string_equal(crlf.t.subject, lf.t.subject);
	for (int s = 0; s < OL_SEC__COUNT; s++) {
		assert_int_equal(lf.t.has[s], crlf.t.has[s]);
		char *x = sec_nocr(&lf, (enum ol_section)s), *y = sec_nocr(&crlf, (enum ol_section)s);
		if (x)
			assert_string_equal(x, y);
		free(x);
		free(y);
		/* no section but TEXT ends with a CR */
		if (crlf.t.has[s] && s != OL_SEC_TEXT)
			assert_true(crlf.src->text[crlf.t.sec[s].end - 1] != '\r');
	}
	assert_int_equal(lf.t.nph, crlf.t.nph);
	assert_int_equal(lf.t.nspin, crlf.t.nspin);
	assert_int_equal(lf.t.nmasks, crlf.t.nmasks);
	for (size_t i = 0; i < lf.t.nmasks; i++) {
		char *x = span_text(&lf, lf.t.masks[i].span), *y = span_text(&crlf, crlf.t.masks[i].span);
		assert_string_equal(x, y);
		free(x);
		free(y);
	}
	fx_fini(&lf);
	fx_fini(&crlf);
	ol_buf_fini(&b);
}

static void test_bom(void **state)
{
	(void)state;
	struct fx f;
	fx_read(&f, "\xEF\xBB\xBF---\nstep: 3\n---\nHallo,\n\nText.\n");
	assert_true(f.t.has_front_matter);
	assert_int_equal(f.t.step, 3);
	expect_sec(&f, OL_SEC_GREETING, "Hallo,");
	fx_fini(&f);

	fx_read(&f, "\xEF\xBB\xBFHallo,\n\nText.\n");
	expect_sec(&f, OL_SEC_GREETING, "Hallo,");
	assert_int_equal(f.t.sec[OL_SEC_GREETING].start, 3);
	assert_int_equal(f.t.sec[OL_SEC_TEXT].start, 3);
	assert_int_equal(ol_source_col(f.src, 3, OL_COL_CODEPOINT), 1);
	fx_fini(&f);
}

static void test_malformed_front_matter(void **state)
{
	(void)state;
	struct fx f;
	fx_read(&f, "---\nstep: 2\nsubject: [offen\n---\nHallo,\n\nText.\n");
	assert_int_equal(f.rc, 0);
	assert_int_equal(count_rule(&f, "input/front-matter"), 1);
	const struct ol_finding *d = first_rule(&f, "input/front-matter");
	assert_true(ol_source_line(f.src, d->start) >= 3);
	assert_true(ol_source_line(f.src, d->start) <= 4);
	assert_non_null(strstr(d->message, "kein gültiges YAML"));
	assert_int_equal(f.t.step, 1); /* defaults kept */
	assert_string_equal(f.t.channel, "email");
	assert_null(f.t.meta);
	assert_true(f.t.has_front_matter);
	expect_sec(&f, OL_SEC_GREETING, "Hallo,");
	expect_sec(&f, OL_SEC_BODY, "Text.");
	fx_fini(&f);

	fx_read(&f, "---\nä: ö: ü\n---\nText.\n");
	d = first_rule(&f, "input/front-matter");
	assert_int_equal(ol_source_line(f.src, d->start), 2);
	assert_int_equal(ol_source_col(f.src, d->start, OL_COL_CODEPOINT), 5);
	fx_fini(&f);

	/* not a mapping */
	fx_read(&f, "---\n- a\n- b\n---\nText.\n");
	assert_int_equal(count_rule(&f, "input/front-matter"), 1);
	assert_null(f.t.meta);
	fx_fini(&f);
}

static void test_unclosed_front_matter(void **state)
{
	(void)state;
	struct fx f;
	fx_read(&f, "---\nstep: 2\nHallo,\n\nText.\n");
	assert_int_equal(count_rule(&f, "input/front-matter"), 1);
	const struct ol_finding *d = first_rule(&f, "input/front-matter");
	assert_int_equal(ol_source_line(f.src, d->start), 1);
	assert_non_null(strstr(d->message, "geschlossen"));
	assert_false(f.t.has_front_matter);
	assert_int_equal(f.t.step, 1);
	assert_int_equal(f.t.sec[OL_SEC_TEXT].start, 0);
	expect_sec(&f, OL_SEC_BODY, "---\nstep: 2\nHallo,\n\nText.");
	fx_fini(&f);

	/* "--- " is not a front matter line */
	fx_read(&f, "--- \nText.\n");
	assert_int_equal(f.diags.n, 0);
	fx_fini(&f);
}

static void test_invalid_values(void **state)
{
	(void)state;
	struct fx f;
	fx_read(&f, "---\nstep: zwei\nchannel: fax\naddress: ihr\nsubject: [a]\nextra: {x: 1}\n"
	            "---\nText.\n");
	assert_int_equal(count_rule(&f, "input/front-matter"), 4);
	const struct ol_finding *d = first_rule(&f, "input/front-matter");
	assert_int_equal(d->start, at(&f, "zwei"));
	assert_int_equal(d->end, at(&f, "zwei") + 4);
	assert_non_null(strstr(d->message, "step"));
	assert_non_null(strstr(d->message, "zwei"));
	assert_int_equal(f.t.step, 1);
	assert_string_equal(f.t.channel, "email");
	assert_string_equal(f.t.address, "sie");
	assert_false(f.t.has_subject);
	fx_fini(&f);

	fx_read(&f, "---\nstep: 0\n---\nText.\n");
	assert_int_equal(count_rule(&f, "input/front-matter"), 1);
	assert_int_equal(f.t.step, 1);
	fx_fini(&f);

	fx_read(&f, "---\nstep: -4\nchannel: E-Mail\naddress: Sie\nsubject:\n---\nText.\n");
	assert_int_equal(count_rule(&f, "input/front-matter"), 1);
	assert_string_equal(f.t.channel, "email");
	assert_string_equal(f.t.address, "sie");
	assert_false(f.t.has_subject);
	fx_fini(&f);
}

static void test_quoted_subject(void **state)
{
	(void)state;
	struct fx f;
	fx_read(&f, "---\nsubject: \"{Frage|Idee} zu {{company}}\"\n---\nText.\n");
	assert_true(f.t.subject_exact);
	expect_span(&f, f.t.subject_span, "{Frage|Idee} zu {{company}}");
	assert_int_equal(f.t.nspin, 1);
	expect_span(&f, f.t.spin[0].options[1], "Idee");
	assert_false(has_mask(&f, OL_MASK_QUOTE, "{Frage|Idee} zu {{company}}"));
	fx_fini(&f);

	fx_read(&f, "---\nsubject: \"Tab\\there {{x}}\"\n---\nText.\n");
	assert_false(f.t.subject_exact);
	assert_string_equal(f.t.subject, "Tab\there {{x}}");
	expect_span(&f, f.t.subject_span, "\"Tab\\there {{x}}\"");
	assert_int_equal(f.t.nph, 1);
	expect_span(&f, f.t.ph[0].name, "x");
	assert_int_equal(f.t.nmasks, 1);
	fx_fini(&f);
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	struct fx f;
	fx_read(&f, "Hallo,\n\nGr\xFC\xDF" "e\n");
	assert_int_equal(f.rc, -1);
	assert_int_equal(f.diags.n, 1);
	assert_string_equal(f.diags.v[0].rule, "input/encoding");
	assert_int_equal(f.diags.v[0].start, 10);
	assert_non_null(strstr(f.diags.v[0].message, "0xFC"));
	assert_non_null(strstr(f.diags.v[0].message, "Zeile 3"));
	for (int s = 0; s < OL_SEC__COUNT; s++)
		assert_false(f.t.has[s]);
	fx_fini(&f);
}

static void test_nul_bytes(void **state)
{
	(void)state;
	struct fx f;
	fx_read_n(&f, "Hallo\0Welt\n", 11);
	assert_int_equal(f.rc, -1);
	assert_int_equal(f.diags.n, 1);
	assert_string_equal(f.diags.v[0].rule, "input/binary");
	assert_int_equal(f.diags.v[0].start, 5);
	assert_false(f.t.has[OL_SEC_TEXT]);
	fx_fini(&f);

	/* UTF-16 is an encoding problem, not a binary file */
	fx_read_n(&f, "\xFF\xFEH\0a\0", 6);
	assert_int_equal(f.rc, -1);
	assert_string_equal(f.diags.v[0].rule, "input/encoding");
	fx_fini(&f);
}

static void test_empty(void **state)
{
	(void)state;
	struct fx f;
	fx_read(&f, "");
	assert_int_equal(f.rc, 0);
	for (int s = 0; s < OL_SEC__COUNT; s++)
		assert_false(f.t.has[s]);
	assert_int_equal(count_rule(&f, "input/empty"), 1);
	assert_int_equal(f.t.nmasks, 0);
	fx_fini(&f);

	fx_read(&f, "\xEF\xBB\xBF\n  \n");
	assert_int_equal(count_rule(&f, "input/empty"), 1);
	fx_fini(&f);

	fx_read(&f, "---\nstep: 2\n---\n");
	assert_int_equal(f.diags.n, 0);
	assert_int_equal(f.t.step, 2);
	assert_false(f.t.has[OL_SEC_TEXT]);
	assert_false(f.t.has[OL_SEC_BODY]);
	fx_fini(&f);

	/* fini on a template that was never read is harmless */
	struct ol_template t;
	memset(&t, 0, sizeof(t));
	ol_template_fini(&t);
}

static void test_quote_masks(void **state)
{
	(void)state;
	struct fx f;
	fx_read(&f, "Hallo,\n\nSie schrieben „nur heute“ und »letzte Chance« und \"gratis\" "
	            "und ‚kostenlos‘, wie geht’s? Und «Swiss» und “english”.\n"
	            "> Zitat: nur heute!\n  > auch eingerückt\n\n„offen\n\nnächster Absatz“\n");
	assert_true(has_mask(&f, OL_MASK_QUOTE, "nur heute"));
	assert_true(has_mask(&f, OL_MASK_QUOTE, "letzte Chance"));
	assert_true(has_mask(&f, OL_MASK_QUOTE, "gratis"));
	assert_true(has_mask(&f, OL_MASK_QUOTE, "kostenlos"));
	assert_true(has_mask(&f, OL_MASK_QUOTE, "Swiss"));
	assert_true(has_mask(&f, OL_MASK_QUOTE, "english"));
	assert_true(has_mask(&f, OL_MASK_QUOTE, "> Zitat: nur heute!"));
	assert_true(has_mask(&f, OL_MASK_QUOTE, "  > auch eingerückt"));
	/* quotes do not pair across paragraphs */
	for (size_t i = 0; i < f.t.nmasks; i++)
		assert_true(f.t.masks[i].span.end <= at(&f, "offen"));
	fx_fini(&f);
}

static void test_url_email_masks(void **state)
{
	(void)state;
	struct fx f;
	fx_read(&f, "Text: siehe https://beispiel.de/a?b=1, www.beispiel.de. und "
	            "(http://x.de/wiki_(a)) oder max.mustermann@beispiel-gmbh.de! "
	            "Nicht: a@b, @foo, hallo@welt.\n");
	assert_true(has_mask(&f, OL_MASK_URL, "https://beispiel.de/a?b=1"));
	assert_true(has_mask(&f, OL_MASK_URL, "www.beispiel.de"));
	assert_true(has_mask(&f, OL_MASK_URL, "http://x.de/wiki_(a)"));
	assert_true(has_mask(&f, OL_MASK_EMAIL, "max.mustermann@beispiel-gmbh.de"));
	size_t emails = 0;
	for (size_t i = 0; i < f.t.nmasks; i++)
		if (f.t.masks[i].kind == OL_MASK_EMAIL)
			emails++;
	assert_int_equal(emails, 1);
	fx_fini(&f);
}

static void test_html_comments(void **state)
{
	(void)state;
	struct fx f;
	fx_read(&f, "<!-- expect: tone/sie-form 5 -->\n\nHallo Frau Meier,\n\nText <!-- x --> "
	            "hier.\n<!-- expect: nothing -->\n\nBeste Grüße\nMax\n<!-- ende -->\n");
	expect_sec(&f, OL_SEC_GREETING, "Hallo Frau Meier,");
	expect_sec(&f, OL_SEC_BODY, "Text <!-- x --> hier.");
	expect_sec(&f, OL_SEC_CLOSING, "Beste Grüße");
	expect_sec(&f, OL_SEC_SIGNATURE, "Max");
	assert_true(has_mask(&f, OL_MASK_COMMENT, "<!-- expect: tone/sie-form 5 -->"));
	assert_true(has_mask(&f, OL_MASK_COMMENT, "<!-- x -->"));
	assert_true(has_mask(&f, OL_MASK_COMMENT, "<!-- ende -->"));
	fx_fini(&f);
}

static void test_section_names(void **state)
{
	(void)state;
	for (int s = 0; s < OL_SEC__COUNT; s++)
		assert_int_equal(ol_section_from_name(ol_section_name((enum ol_section)s)), s);
	assert_string_equal(ol_section_name(OL_SEC_PS), "ps");
	assert_int_equal(ol_section_from_name("footer"), -1);
	assert_null(ol_section_name(OL_SEC__COUNT));
}

static void test_hostile(void **state)
{
	(void)state;
	/* many unpaired openers in one paragraph, many "{{" and "<!--" */
	struct ol_buf b;
	ol_buf_init(&b);
	for (int i = 0; i < 20000; i++)
		ol_buf_adds(&b, "„ » \" <!-- {{ { @ www.");
	struct fx f;
	fx_read(&f, b.data);
	assert_int_equal(f.rc, 0);
	assert_true(f.diags.n <= 20);
	fx_fini(&f);
	ol_buf_fini(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_realistic),
		cmocka_unit_test(test_no_front_matter),
		cmocka_unit_test(test_no_greeting),
		cmocka_unit_test(test_greeting_with_text_on_line),
		cmocka_unit_test(test_dash_signature),
		cmocka_unit_test(test_ps_after_signature),
		cmocka_unit_test(test_closing_is_last_and_short_tail),
		cmocka_unit_test(test_placeholders_with_spaces),
		cmocka_unit_test(test_spintax),
		cmocka_unit_test(test_spintax_errors),
		cmocka_unit_test(test_umlaut_columns),
		cmocka_unit_test(test_crlf_equals_lf),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_malformed_front_matter),
		cmocka_unit_test(test_unclosed_front_matter),
		cmocka_unit_test(test_invalid_values),
		cmocka_unit_test(test_quoted_subject),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_nul_bytes),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_quote_masks),
		cmocka_unit_test(test_url_email_masks),
		cmocka_unit_test(test_html_comments),
		cmocka_unit_test(test_section_names),
		cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
