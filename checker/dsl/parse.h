/* parse: rule-file text → AST (struct ol_rulefile), with the flex scanner
 * and bison parser of grammar/. Used by dsl/load.c and the unit tests.
 * Follows no includes and checks no names: that is dsl/resolve.c. */
#ifndef OL_PARSE_H
#define OL_PARSE_H

#include "ast.h"

/* Parses src (ownership passes to the returned file). Every syntax error is
 * added to errs as a finding with rule "dsl/syntax", severity error, the
 * byte span of the offending token, and an English message such as
 * "unexpected string, expected one of: severity, summary, … (in rule
 * tone/x opened at line 3)". Parsing recovers at statement and rule level,
 * so several errors in one file are all reported (at most 50).
 * Never returns NULL; free with ol_rulefile_free. */
struct ol_rulefile *ol_dsl_parse(struct ol_source *src, struct ol_findings *errs);
void ol_rulefile_free(struct ol_rulefile *f); /* NULL is a no-op */

#endif
