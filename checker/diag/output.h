/* output: renders a report (diag/finding.h) in the formats of cli.md.
 * These are the only functions that print findings; the CLI picks one. */
#ifndef OL_OUTPUT_H
#define OL_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "finding.h"

struct ol_output_opts {
	enum ol_col_unit col_unit; /* human/json: OL_COL_CODEPOINT unless --column-unit */
	bool color;                /* human: ANSI colours (the CLI decides: tty, NO_COLOR, --color) */
	bool quiet;                /* human: no summary line when there are no findings */
	const char *version;       /* json "tool.version" */
	/* human: called after each finding's block with the file it is in
	 * (check --explain appends the rule's documentation); NULL: none */
	void (*after)(FILE *out, const struct ol_finding *f, void *arg);
	void *after_arg;
};

struct ol_counts {
	size_t files, errors, warnings, infos;
};

/* Counts files and findings by severity. */
void ol_report_count(const struct ol_report *rep, struct ol_counts *c);
/* Adds one file and its findings to c. */
void ol_counts_add(struct ol_counts *c, const struct ol_file_result *r);

/* ---- streaming --------------------------------------------------------
 * A run's output written file by file as files are done (engine/lint.h),
 * so that memory does not grow with the number of files. Each whole-report
 * function below is open, one file at a time, close. */
enum ol_format { OL_FORMAT_HUMAN, OL_FORMAT_JSON, OL_FORMAT_SARIF, OL_FORMAT_GITHUB };
struct ol_stream;
struct ol_rule_info; /* output_ci.h; SARIF only, else NULL */
struct ol_stream *ol_stream_open(FILE *out, enum ol_format f, const struct ol_output_opts *o,
                                 const struct ol_rule_info *rules, size_t nrules);
void ol_stream_file(struct ol_stream *s, const struct ol_file_result *r);
/* Writes what follows the last file (summary line, JSON summary, the SARIF
 * log), frees s, and leaves the run's counts in *c (if not NULL). */
void ol_stream_close(struct ol_stream *s, struct ol_counts *c);

/* The parts of the formats that ol_stream puts together. */
void ol_human_file(FILE *out, const struct ol_file_result *r, const struct ol_output_opts *o,
                   bool with_rule);
void ol_human_summary(FILE *out, const struct ol_counts *c, const struct ol_output_opts *o);
void ol_json_head(FILE *out, const struct ol_output_opts *o);
void ol_json_file(FILE *out, const struct ol_file_result *r, const struct ol_output_opts *o,
                  bool first);
void ol_json_tail(FILE *out, const struct ol_counts *c);

/* GCC-style blocks: "path:line:col: severity: message [rule]", the source
 * line with a gutter, a caret range, the fix under it, "= cite" and
 * "= hint: …" lines; then the summary line "2 errors, 0 warnings in 1 file"
 * (infos are named only when there are some). Control characters of the
 * input are shown escaped (e.g. "\x1b"), never raw. Files are in report
 * order, findings in their stored order (ol_report_sort first). */
void ol_output_human(FILE *out, const struct ol_report *rep, const struct ol_output_opts *o);

/* The same blocks for errors in rule files and configuration: no rule id
 * in brackets, no summary line. */
void ol_output_human_errors(FILE *out, const struct ol_report *rep, const struct ol_output_opts *o);

/* One JSON document exactly as cli.md shows: tool, files (every file, clean
 * ones with an empty list), summary; optional keys only where they apply;
 * end_line/end_column exclusive; strings escaped per RFC 8259 (control
 * characters as \u00XX). */
void ol_output_json(FILE *out, const struct ol_report *rep, const struct ol_output_opts *o);

/* Appends s to b as a JSON string (RFC 8259): control characters, DEL,
 * C1 and U+2028/2029 as \uXXXX, bytes that are not UTF-8 as U+FFFD. Shared
 * by the JSON and SARIF formats. */
struct ol_buf;
void ol_json_put_str(struct ol_buf *b, const char *s);

#endif
