/* output_ci: the two formats for CI systems — SARIF 2.1.0 for code
 * scanning (GitHub, Azure DevOps, IDE viewers) and GitHub Actions workflow
 * commands for inline annotations. The CLI picks one with --format. diag/
 * does not know the rule language: the CLI describes the loaded rules to
 * SARIF with struct ol_rule_info. */
#ifndef OL_OUTPUT_CI_H
#define OL_OUTPUT_CI_H

#include <stddef.h>
#include <stdio.h>

#include "finding.h"
#include "output.h"

/* What SARIF says about one rule (tool.driver.rules[]). Every string is
 * borrowed and may be NULL but id. */
struct ol_rule_info {
	const char *id;      /* "tone/sie-form" */
	const char *summary; /* one line: shortDescription */
	const char *help;    /* the rule's doc text: fullDescription and help */
	const char *cite;    /* legal citation, appended to help */
	const char *url;     /* documentation URL: helpUri (only if absolute) */
	enum ol_severity level; /* default severity: defaultConfiguration.level */
};

/* Most results GitHub code scanning accepts in one run; the rest are cut
 * and the cut is named in the run's invocation notifications and
 * run.properties. */
#define OL_SARIF_MAX_RESULTS 25000

/* One SARIF 2.1.0 log (one run) that validates against the OASIS schema:
 * tool.driver.rules = rules[0..nrules) in the given order, then the ids of
 * findings that are not among them (the checker's own input/… diagnostics)
 * in order of first appearance; results in report order with relative,
 * percent-encoded artifact URIs (uriBaseId "%SRCROOT%"; absolute paths
 * become file: URIs), regions with exclusive end columns in the unit named
 * by run.columnKind (UTF-16 code units if o->col_unit is OL_COL_UTF16,
 * code points otherwise), partialFingerprints, fixes and context.
 * Borrows everything; writes to out. */
void ol_output_sarif(FILE *out, const struct ol_report *rep, const struct ol_output_opts *o,
                     const struct ol_rule_info *rules, size_t nrules);

/* The same log written file by file (output.h, ol_stream): results go to
 * a temporary file until ol_sarif_close writes the log. */
struct ol_sarif;
struct ol_sarif *ol_sarif_open(FILE *out, const struct ol_output_opts *o,
                               const struct ol_rule_info *rules, size_t nrules);
void ol_sarif_file(struct ol_sarif *s, const struct ol_file_result *r);
void ol_sarif_close(struct ol_sarif *s); /* writes the log, frees s */

/* GitHub Actions workflow commands, one line per finding and nothing else:
 * "::error file=P,line=L,col=C,endLine=L2,endColumn=C2,title=RULE::MSG"
 * (warning → ::warning, info → ::notice). The hint follows the message
 * after an (escaped) newline. In the message %, CR and LF are escaped
 * (%25, %0D, %0A), in property values also : and , (%3A, %2C); other
 * control characters are shown as \xNN, never raw. Columns in
 * o->col_unit, endColumn exclusive. Borrows everything. */
void ol_output_github(FILE *out, const struct ol_report *rep, const struct ol_output_opts *o);
void ol_github_file(FILE *out, const struct ol_file_result *r, const struct ol_output_opts *o);

#endif
