/* check: runs compiled rules over one document and produces findings.
 * A checker holds per-worker state (PCRE2 match data, the hunspell handle,
 * its memo table); the ruleset it borrows is shared and immutable. */
#ifndef OL_CHECK_H
#define OL_CHECK_H

#include "../content/campaign.h"
#include "../content/template.h"
#include "../dsl/ruleset.h"
#include "eval.h"

struct ol_checker;

/* rs is borrowed and must outlive the checker. */
struct ol_checker *ol_checker_new(const struct ol_ruleset *rs);
void ol_checker_free(struct ol_checker *ck); /* NULL is a no-op */

/* Restricts checking to one rule (outlint test); NULL: all rules. */
void ol_checker_only(struct ol_checker *ck, const struct ol_rule *rule);
/* Parameter overrides from the configuration (may be NULL). */
void ol_checker_params(struct ol_checker *ck, ol_param_lookup fn, void *arg);
/* Project words that misspelled() accepts (borrowed; must outlive ck). */
void ol_checker_words(struct ol_checker *ck, char *const *words, size_t n);
/* Defaults from the configuration: the form of address of templates that
 * do not set one, and the signature mode ("template" | "external"); NULL
 * keeps the built-in defaults. Borrowed. */
void ol_checker_defaults(struct ol_checker *ck, const char *address, const char *signature);
/* Texts of the configuration that fixes name as {fix.NAME}: names[i]
 * has texts[i] (borrowed; must outlive ck). A fix that names a text not
 * given here is not offered. */
void ol_checker_fix_texts(struct ol_checker *ck, char *const *names, char *const *texts, size_t n);
/* A new checker with the same rule set and settings (for a worker thread);
 * free with ol_checker_free. */
struct ol_checker *ol_checker_clone(const struct ol_checker *ck);
/* Takes over what a worker learnt that the caller reports (a missing
 * dictionary). */
void ol_checker_absorb(struct ol_checker *ck, const struct ol_checker *worker);
/* true once a rule needed hunspell and the dictionary was missing. */
bool ol_checker_dict_missing(const struct ol_checker *ck);

/* The campaign a template is linted in. */
struct ol_tctx {
	const struct ol_campaign *camp;
	const struct ol_campaign_step *step;
	const char *context;           /* "campaigns/q1.yaml, step 2" */
};

/* Reads src as a template and adds every finding (reader diagnostics and
 * rule findings) to out. ctx NULL: the template stands alone. */
void ol_check_template(struct ol_checker *ck, const struct ol_source *src,
                       const struct ol_tctx *ctx, struct ol_findings *out);

/* Checks an already read campaign with the campaign rules; adds findings
 * about the campaign file to out. */
void ol_check_campaign(struct ol_checker *ck, const struct ol_campaign *camp,
                       struct ol_findings *out);

#endif
