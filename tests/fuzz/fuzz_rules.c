/* fuzz_rules: the rule-language scanner, parser and resolver/compiler
 * (ol_ruleset_load_text + ol_ruleset_resolve) on arbitrary rule text. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checker/diag/finding.h"
#include "checker/dsl/ruleset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0'; /* the API takes a C string: stops at an embedded NUL */

	struct ol_report errs;
	ol_report_init(&errs);
	struct ol_ruleset *rs = ol_ruleset_new();
	ol_ruleset_load_text(rs, "fuzz.rules", text, &errs);
	/* resolve also after syntax errors: the recovered AST must be sound */
	ol_ruleset_resolve(rs, &errs);
	ol_ruleset_free(rs);
	ol_report_fini(&errs);
	free(text);
	return 0;
}
