/* lint: paths → report. Walks folders, tells templates from campaigns,
 * lints every campaign step's template in the campaign's context and the
 * remaining templates on their own. Used by the CLI (and later the LSP). */
#ifndef OL_LINT_H
#define OL_LINT_H

#include "check.h"
#include "suppress.h"

/* Lints paths[0..n) and hands every linted file to emit, in path order
 * (byte order), as soon as it and every file before it are done.
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

/* Receives one linted file: its path, source and findings (sorted, the
 * file's outlint-disable comments applied). emit may take what it keeps
 * (setting the fields it took to NULL or empty); what is left is freed when
 * it returns, so that memory does not grow with the number of files. */
typedef void (*ol_lint_emit)(void *arg, struct ol_file_result *r);

/* jobs: worker threads (0 or 1: the caller's thread only); the files and
 * findings handed over are the same for every number, and emit is always
 * called on the caller's thread. ck is the caller's checker; workers clone
 * it. supp, if not NULL, receives every suppression with its hit count. */
int ol_lint_paths(struct ol_checker *ck, const char *const *paths, size_t n,
                  const struct ol_lint_filter *filter, unsigned jobs,
                  ol_lint_emit emit, void *arg, struct ol_report *errs,
                  struct ol_suppressions *supp);

#endif
