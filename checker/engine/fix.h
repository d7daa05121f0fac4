/* fix: applies the fixes that findings carry (`check --fix`, `--diff`).
 * Picks the fixes of one file that can be applied together, builds the
 * fixed text, and replaces the file atomically. Used by the CLI and the
 * unit tests. */
#ifndef OL_FIX_H
#define OL_FIX_H

#include <stdbool.h>
#include <stdio.h>

#include "../diag/finding.h"

/* What ol_fix_text and ol_fix_report apply besides the safe fixes. */
enum {
	OL_FIX_UNSAFE = 1u << 0,    /* unsafe fixes too (--fix-unsafe) */
	OL_FIX_NO_INSERT = 1u << 1  /* no insertions: a later --fix pass must not
	                             * insert a text again that did not satisfy
	                             * its rule */
};

/* Applies the fixes of fs (a file's findings, spans into text[0..len)) to
 * the text and returns the new text, NUL-terminated, in *out (*out_len
 * bytes); the caller frees it. Findings that are off, without a fix, with
 * a span outside the text, unsafe (without OL_FIX_UNSAFE), or insertions
 * (with OL_FIX_NO_INSERT) are passed over.
 * Fixes are taken in the order of their span's start, then rule id, then
 * span end; a fix that starts before the end of the one taken last
 * overlaps it and is skipped, counted in *skipped (the next run gets it).
 * So insertions at one point all apply, and a fix that only touches the
 * end of another applies too; a fix equal to the one taken last (same
 * span and text, from another rule or context) is not counted. *applied
 * counts the fixes taken. Returns true if the text changed. */
bool ol_fix_text(const char *text, size_t len, const struct ol_findings *fs, unsigned flags,
                 char **out, size_t *out_len, size_t *applied, size_t *skipped);

/* Replaces the file at path with new_text, atomically: only if it still
 * holds exactly old_text (what was linted), through a temporary file in
 * the same folder that gets the original's permission bits, is flushed to
 * disk (fsync) and renamed over the original; the content, size and
 * modification time are compared once more just before the rename. A
 * symbolic link is kept: its target is replaced. Returns 0; -1 with *err
 * (caller frees; English, without the path) when the file is left as it
 * was: it changed since it was read, or a read, write or rename failed. */
int ol_fix_write_file(const char *path, const char *old_text, size_t old_len,
                      const char *new_text, size_t new_len, char **err);

/* Fixes every file of rep: with diff_out set, prints a unified diff of
 * each changed file there (3 lines of context) and writes nothing;
 * otherwise writes each changed file with ol_fix_write_file. A file that
 * cannot be written gets an entry in errs with the reason. *applied (may
 * be NULL) receives the number of fixes applied or shown. Returns 0, -1
 * when a file could not be fixed or the diff could not be written. */
int ol_fix_report(const struct ol_report *rep, unsigned flags, FILE *diff_out,
                  struct ol_report *errs, size_t *applied);

#endif
