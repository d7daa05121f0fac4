/* finding: the model of one diagnostic about linted content (a rule's
 * finding or one of the checker's own input diagnostics), and the per-file
 * result that output formats render. Positions are byte spans into the
 * file's source; lines and columns are computed only by the formatters. */
#ifndef OL_FINDING_H
#define OL_FINDING_H

#include <stdbool.h>
#include <stddef.h>

#include "../base/source.h"

enum ol_severity {
	OL_SEV_OFF = 0,
	OL_SEV_INFO = 1,
	OL_SEV_WARNING = 2,
	OL_SEV_ERROR = 3
};

const char *ol_severity_name(enum ol_severity s); /* "error", … ("off") */
/* Returns -1 for an unknown name. */
int ol_severity_from_name(const char *name);

struct ol_finding {
	char *rule;      /* rule id, e.g. "tone/sie-form"; owned */
	enum ol_severity severity;
	char *message;   /* owned, German */
	char *cite;      /* owned or NULL */
	char *hint;      /* owned or NULL */
	char *fix;       /* replacement text for the fix span; "" removes it;
	                  * owned or NULL (no fix) */
	bool fix_at;     /* the fix has its own span [fix_start,fix_end), e.g.
	                  * an insertion (empty span) for a missing statement;
	                  * false: the fix replaces [start,end) */
	size_t fix_start, fix_end;
	bool fix_unsafe; /* quick fix only; --fix applies it with --fix-unsafe */
	char *context;   /* "campaigns/q1.yaml, step 2"; owned or NULL */
	size_t start;    /* byte offsets into the file's source, end exclusive */
	size_t end;
};

/* The byte span the fix replaces (empty for an insertion). */
void ol_finding_fix_span(const struct ol_finding *f, size_t *start, size_t *end);
/* The same, kept inside a text of len bytes: a start past the end moves to
 * the end, a span that is reversed or runs past the end becomes empty. */
void ol_finding_fix_span_in(const struct ol_finding *f, size_t len, size_t *start, size_t *end);
/* Line and column of the finding's start and end (all 1 without src). */
void ol_finding_position(const struct ol_finding *f, const struct ol_source *src,
                         enum ol_col_unit unit, size_t *line, size_t *col, size_t *eline,
                         size_t *ecol);

/* A growable list of findings; owns every string of every finding. */
struct ol_findings {
	struct ol_finding *v;
	size_t n, cap;
};

void ol_findings_init(struct ol_findings *fs);
void ol_findings_fini(struct ol_findings *fs);
/* Adds a finding; copies every string argument (NULL allowed but rule and
 * message). Returns the stored finding (valid until the next add). */
struct ol_finding *ol_findings_add(struct ol_findings *fs, const char *rule,
                                   enum ol_severity sev, size_t start,
                                   size_t end, const char *message);
/* Moves all findings of src to the end of dst; src is left empty. */
void ol_findings_move(struct ol_findings *dst, struct ol_findings *src);
/* Sorts by start, then end, then rule id, then message, and drops exact
 * duplicates (same rule, span and message). */
void ol_findings_sort(struct ol_findings *fs);

/* What one linted file produced. */
struct ol_file_result {
	char *path;               /* as the user named it; owned */
	struct ol_source *src;    /* owned; NULL if the file could not be read */
	struct ol_findings findings;
};

void ol_file_result_init(struct ol_file_result *r, const char *path);
void ol_file_result_fini(struct ol_file_result *r);

/* The findings of a whole run, files in output order (sorted by path). */
struct ol_report {
	struct ol_file_result *files;
	size_t n, cap;
};
void ol_report_init(struct ol_report *rep);
void ol_report_fini(struct ol_report *rep);
/* Appends an empty result for path and returns it. */
struct ol_file_result *ol_report_add(struct ol_report *rep, const char *path);
/* Sorts files by path (byte order) and each file's findings. */
void ol_report_sort(struct ol_report *rep);

#endif
