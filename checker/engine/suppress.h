/* suppress: inline suppressions with reasons. Reads the outlint-disable
 * comments of one template (HTML comments, and `#` lines in its front
 * matter) or campaign (`#` comments), drops the findings they cover and
 * reports suppressions without a reason or without effect as
 * input/suppression. Used by lint (after a file's findings are complete)
 * and by the CLI for --list-suppressions.
 *
 * Forms (RULES: rule ids or pack names, separated by commas):
 *   <!-- outlint-disable-next-line RULES -- reason -->   the next non-blank line
 *   <!-- outlint-disable RULES -- reason -->             up to the matching
 *   <!-- outlint-enable RULES -->                        enable, else to the end
 *   # outlint-disable-next-line RULES -- reason          (campaign YAML, front matter)
 * An outlint-disable that is never closed also covers the file-level
 * findings reported at 1:1 (a required text that is missing). A
 * suppression without a reason or without a rule suppresses nothing. */
#ifndef OL_SUPPRESS_H
#define OL_SUPPRESS_H

#include <stdbool.h>
#include <stddef.h>

#include "../base/source.h"
#include "../diag/finding.h"

enum ol_suppression_kind { OL_SUPP_NEXT_LINE, OL_SUPP_BLOCK };

struct ol_suppression {
	char *path;      /* the file's path as the user named it; owned */
	size_t line;     /* 1-based line and column (code points) of the comment */
	size_t col;
	enum ol_suppression_kind kind;
	char *rules;     /* "tone/sie-form, tone/hype" as written (normalised); owned */
	char *reason;    /* owned; NULL when missing */
	size_t start;    /* byte span of the comment in the file */
	size_t end;
	unsigned hits;   /* findings it suppressed in this run */
};

/* Every suppression of a run; owns its entries. */
struct ol_suppressions {
	struct ol_suppression *v;
	size_t n, cap;
};

void ol_suppressions_init(struct ol_suppressions *l);
void ol_suppressions_fini(struct ol_suppressions *l);

/* Applies the suppressions written in src (borrowed) to fs: removes every
 * finding a valid suppression covers (never input/suppression ones), adds
 * input/suppression findings (error: no reason or no rule; warning: no
 * effect), and appends every suppression of the file with its hit count to
 * out_list (may be NULL). yaml: src is a campaign (`#` comments) rather than
 * a template. fs must hold all findings of the file for this run. */
void ol_suppress_apply(const struct ol_source *src, bool yaml, struct ol_findings *fs,
                       struct ol_suppressions *out_list);

/* true if path names a YAML file (.yaml/.yml), i.e. ol_suppress_apply's
 * yaml argument for a linted file. */
bool ol_suppress_is_yaml(const char *path);

/* Sorts l by path, line, column and renders one line per suppression:
 *   path:line:col: RULES — reason (N findings)\n
 * (reason "(ohne Begründung)" when missing; control characters are shown
 * as U+FFFD). Returns a string the caller frees (empty if l is empty). */
char *ol_suppressions_render(struct ol_suppressions *l);

#endif
