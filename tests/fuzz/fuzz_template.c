/* fuzz_template: the template reader (front matter, sections, placeholders,
 * spintax, masks) and then the whole check with the shipped rules. */
#include <stddef.h>
#include <stdint.h>

#include "checker/base/source.h"
#include "checker/content/template.h"
#include "checker/engine/check.h"
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ol_ruleset *rs;
static struct ol_checker *ck;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	rs = fuzz_shipped_rules();
	ck = ol_checker_new(rs); /* lives for the whole run, as in a worker */
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
	ol_findings_fini(&fs);

	ol_source_free(src);
	return 0;
}
