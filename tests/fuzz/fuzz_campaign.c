/* fuzz_campaign: the campaign reader (YAML → steps) and the campaign rules
 * of the shipped packs. */
#include <stddef.h>
#include <stdint.h>

#include "checker/base/source.h"
#include "checker/content/campaign.h"
#include "checker/engine/check.h"
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ol_ruleset *rs;
static struct ol_checker *ck;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	rs = fuzz_shipped_rules();
	ck = ol_checker_new(rs);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	(void)ol_campaign_sniff((const char *)data, size);
	/* a folder that does not exist: step templates resolve but never load */
	struct ol_source *src = ol_source_from_string("/nonexistent-fuzz/c.yaml",
	                                              (const char *)data, size);
	if (!src)
		return 0;
	struct ol_findings fs;
	ol_findings_init(&fs);
	struct ol_campaign c;
	if (ol_campaign_read(src, &c, &fs) == 0)
		ol_check_campaign(ck, &c, &fs);
	ol_campaign_fini(&c);
	ol_findings_sort(&fs);
	ol_findings_fini(&fs);
	ol_source_free(src);
	return 0;
}
