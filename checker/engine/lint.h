/* lint: paths → report. Walks folders, tells templates from campaigns,
 * lints every campaign step's template in the campaign's context and the
 * remaining templates on their own. Used by the CLI (and later the LSP). */
#ifndef OL_LINT_H
#define OL_LINT_H

#include "check.h"
#include "suppress.h"

/* Lints paths[0..n) into rep (one entry per linted file, not sorted).
 * Folders are walked recursively in name order: templates are *.md and
 * *.txt (README, CHANGELOG, LICENSE and CONTRIBUTING files and hidden
 * entries are skipped in walks, symlinked folders are not followed),
 * campaigns are *.yaml / *.yml with a top-level "steps:". A template that a
 * campaign of the run references is linted in that campaign's context only.
 * A path that cannot be read adds an entry without a source to errs and
 * makes the result -1; the other paths are still linted. */
struct ol_lint_filter {
	/* true if a file found in a folder walk is to be linted (include and
	 * exclude globs); files named on the command line are always linted */
	bool (*want)(void *arg, const char *path);
	void *arg;
};

/* jobs: worker threads (0 or 1: the caller's thread only); the report is
 * the same for every number. ck is the caller's checker; workers clone it.
 * The outlint-disable comments of every file are applied (suppress.h);
 * supp, if not NULL, receives every suppression with its hit count. */
int ol_lint_paths(struct ol_checker *ck, const char *const *paths, size_t n,
                  const struct ol_lint_filter *filter, unsigned jobs,
                  struct ol_report *rep, struct ol_report *errs,
                  struct ol_suppressions *supp);

#endif
