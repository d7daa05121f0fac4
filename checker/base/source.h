/* source: one input text (template, campaign, rule file) with its line map.
 * Positions everywhere are byte offsets into text; this module turns them
 * into 1-based lines and columns in the unit an output asks for. */
#ifndef OL_SOURCE_H
#define OL_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

enum ol_col_unit {
	OL_COL_CODEPOINT, /* humans, JSON (cli.md) */
	OL_COL_UTF16,     /* LSP default */
	OL_COL_BYTE       /* --column-unit byte, Vim's errorformat */
};

struct ol_source {
	char *path;          /* as the user named it; owned */
	char *text;          /* owned, NUL-terminated; raw bytes incl. BOM/CR */
	size_t len;
	size_t bom;          /* 3 if text starts with a UTF-8 BOM, else 0 */
	size_t *line_start;  /* owned; byte offset of each line's first byte */
	size_t nlines;       /* >= 1 */
};

/* Takes ownership of text (malloc'd, len bytes, must be NUL-terminated at
 * text[len]); copies path. Free with ol_source_free. */
struct ol_source *ol_source_new(const char *path, char *text, size_t len);
/* Copies text. */
struct ol_source *ol_source_from_string(const char *path, const char *text, size_t len);
/* Reads path; NULL with errno set on failure. */
struct ol_source *ol_source_load(const char *path);
void ol_source_free(struct ol_source *s); /* NULL is a no-op */

/* 1-based line of byte offset off (off may equal len). */
size_t ol_source_line(const struct ol_source *s, size_t off);
/* 1-based column of off within its line, in unit. A leading BOM is not
 * counted; invalid UTF-8 bytes count as one column each. */
size_t ol_source_col(const struct ol_source *s, size_t off, enum ol_col_unit unit);
/* Byte range of line (1-based) without its line terminator (LF or CRLF). */
void ol_source_line_range(const struct ol_source *s, size_t line, size_t *start, size_t *end);
/* Byte offset of (line, col) with col counted in unit; clamps to the line. */
size_t ol_source_offset(const struct ol_source *s, size_t line, size_t col, enum ol_col_unit unit);

#endif
