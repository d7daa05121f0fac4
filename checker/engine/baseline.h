/* baseline: the findings a project has accepted for now, as a JSON file of
 * fingerprints (diag/fingerprint.h: stable across line shifts). The CLI
 * writes it with --write-baseline and drops what it lists with --baseline.
 *
 * Format (written sorted by path, rule, fingerprint; read strictly):
 *   {
 *     "version": 1,
 *     "findings": [
 *       {"fingerprint": "0123456789abcdef", "rule": "tone/sie-form", "path": "a.md"}
 *     ]
 *   }
 * "rule" and "path" are for readers; only "fingerprint" is matched. The
 * list is a multiset: two identical findings need two entries. */
#ifndef OL_BASELINE_H
#define OL_BASELINE_H

#include "../diag/finding.h"

struct ol_baseline;

/* Writes the fingerprints of every finding of rep (borrowed; each file's
 * src is used for the fingerprint) to path. Returns 0, or -1 with *err set
 * to a message the caller frees. */
int ol_baseline_write(const char *path, const struct ol_report *rep, char **err);

/* Reads path. Returns the baseline (free with ol_baseline_free), or NULL
 * with *err set to "path:line:col: error: …" (or "path: …" when the file
 * cannot be read); the caller frees *err. */
struct ol_baseline *ol_baseline_load(const char *path, char **err);

/* Parses text[0..len) as the baseline named name (for messages); as
 * ol_baseline_load. */
struct ol_baseline *ol_baseline_parse(const char *name, const char *text, size_t len, char **err);

/* Removes from rep every finding whose fingerprint has an unused entry in
 * b (b itself is not changed; each call starts afresh). */
void ol_baseline_filter(const struct ol_baseline *b, struct ol_report *rep);

/* Number of entries. */
size_t ol_baseline_size(const struct ol_baseline *b);

void ol_baseline_free(struct ol_baseline *b); /* NULL is a no-op */

#endif
