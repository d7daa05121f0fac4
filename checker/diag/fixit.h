/* fixit: how a finding's fix is shown — the human "= fix: …" line and the
 * JSON "fix" object — and the unified diff that `check --diff` prints.
 * Used by the output formats and the CLI; no file system access. */
#ifndef OL_FIXIT_H
#define OL_FIXIT_H

#include <stdio.h>

#include "finding.h"

struct ol_buf;

/* "insert at 12:1: „…“" ("insert a paragraph at …" when the text comes
 * with its blank lines, which are not shown), "remove „Re: “" or
 * "replace with „Ihnen“",
 * with " (unsafe: only with --fix-unsafe)" for an unsafe fix; line breaks
 * of the text shown as "\n". f->fix must not be NULL. Caller frees. */
char *ol_fix_describe(const struct ol_source *src, const struct ol_finding *f,
                      enum ol_col_unit unit);

/* Appends the JSON object of f's fix: {"replacement": "…", "safe": true},
 * with "line", "column", "end_line", "end_column" (end exclusive; equal to
 * the start for an insertion) when the fix has a span of its own. */
void ol_fix_json(struct ol_buf *b, const struct ol_source *src, const struct ol_finding *f,
                 enum ol_col_unit unit);

/* Writes a git-style unified diff of old → new ("--- a/PATH", "+++ b/PATH",
 * hunks with `context` lines around each change) to out. Nothing when the
 * texts are equal ("./" in front of path is dropped; an absolute path
 * becomes "a/tmp/x.md"). The bytes of the lines are written as they are
 * (a patch must apply). A last line without a line break is marked
 * "\ No newline at end of file". Returns 0, -1 when out fails. */
int ol_diff_unified(FILE *out, const char *path, const char *old_text, size_t old_len,
                    const char *new_text, size_t new_len, int context);

#endif
