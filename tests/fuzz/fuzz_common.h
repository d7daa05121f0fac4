/* fuzz_common.h: helpers shared by the libFuzzer targets (tests/fuzz/run.sh
 * builds them; see README "Lessons" 8). Header-only, static functions. */
#ifndef OL_FUZZ_COMMON_H
#define OL_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>

#include "checker/diag/finding.h"
#include "checker/dsl/ruleset.h"

#ifndef OL_RULES_DIR
#define OL_RULES_DIR "rules"
#endif

/* The shipped packs, loaded once: $OUTLINT_RULES, else OL_RULES_DIR. Aborts
 * when they do not load cleanly (a broken harness, not a finding). */
static struct ol_ruleset *fuzz_shipped_rules(void)
{
	const char *dir = getenv("OUTLINT_RULES");
	if (!dir || !*dir)
		dir = OL_RULES_DIR;
	struct ol_report errs;
	ol_report_init(&errs);
	struct ol_ruleset *rs = ol_ruleset_new();
	size_t nerr = 0;
	if (ol_ruleset_load(rs, dir, &errs) != 0) {
		fprintf(stderr, "fuzz: cannot load rules from %s\n", dir);
		abort();
	}
	for (size_t i = 0; i < errs.n; i++)
		nerr += errs.files[i].findings.n;
	if (nerr == 0)
		nerr = ol_ruleset_resolve(rs, &errs);
	if (nerr) {
		fprintf(stderr, "fuzz: the rules in %s have %zu errors\n", dir, nerr);
		abort();
	}
	ol_report_fini(&errs);
	return rs;
}

#endif
