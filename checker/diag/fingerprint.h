/* fingerprint: a stable identity of a finding that survives line shifts
 * (rule id, path, message, and the text of the finding's line with white
 * space folded). SARIF partialFingerprints and baselines use it. */
#ifndef OL_FINGERPRINT_H
#define OL_FINGERPRINT_H

#include "finding.h"

/* Writes 16 lowercase hex digits and a NUL into out. src may be NULL (the
 * line text is then left out). */
void ol_fingerprint(const struct ol_finding *f, const char *path, const struct ol_source *src,
                    char out[17]);

#endif
