/* fuzz_template: the template reader (front matter, sections, placeholders,
 * spintax, masks), then the whole check with the shipped rules, then
 * every fix applied (check --fix-unsafe in memory) and the fixed text
 * checked again. A fix must never turn valid UTF-8 into invalid UTF-8. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "checker/base/source.h"
#include "checker/content/template.h"
#include "checker/base/base.h"
#include "checker/engine/check.h"
#include "checker/engine/fix.h"
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ol_ruleset *rs;
static struct ol_checker *ck;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	rs = fuzz_shipped_rules();
	ck = ol_checker_new(rs); /* lives for the whole run, as in a worker */
	/* the texts the shipped insertions name, so that they are offered */
	static char *const names[] = {"opt_out", "source"};
	static char *const texts[] = {"Wenn Sie keine Nachrichten wünschen, antworten Sie mit „Abmelden“.",
	                              "Ihre Adresse stammt von Ihrer Website."};
	ol_checker_fix_texts(ck, names, texts, 2);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ol_source *src = ol_source_from_string("fuzz.md", (const char *)data, size);
	if (!src)
		return 0;

	struct ol_findings fs;
	ol_findings_init(&fs);
	struct ol_template t;
	ol_template_read(src, &t, &fs);
	ol_template_fini(&t);
	ol_findings_fini(&fs);

	ol_findings_init(&fs);
	ol_check_template(ck, src, NULL, &fs);
	ol_findings_sort(&fs);
	char *fixed = NULL;
	size_t flen = 0, applied = 0, skipped = 0;
	size_t bad;
	bool valid = ol_utf8_valid(src->text, src->len, &bad);
	if (ol_fix_text(src->text, src->len, &fs, OL_FIX_UNSAFE, &fixed, &flen, &applied, &skipped)) {
		if (valid && !ol_utf8_valid(fixed, flen, &bad))
			abort(); /* a fix broke the encoding */
		struct ol_source *again = ol_source_from_string("fuzz.md", fixed, flen);
		if (again) {
			struct ol_findings fs2;
			ol_findings_init(&fs2);
			ol_check_template(ck, again, NULL, &fs2);
			ol_findings_fini(&fs2);
			ol_source_free(again);
		}
	}
	free(fixed);
	ol_findings_fini(&fs);

	ol_source_free(src);
	return 0;
}
