/* base/source.c: line maps and column conversion. */
#include "source.h"

#include "base.h"

#include <stdlib.h>
#include <string.h>

struct ol_source *ol_source_new(const char *path, char *text, size_t len)
{
	struct ol_source *s = ol_xcalloc(1, sizeof(*s));
	s->path = ol_xstrdup(path ? path : "");
	s->text = text;
	s->len = len;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		s->bom = 3;
	size_t cap = 0;
	s->nlines = 0;
	ol_xgrow(&s->line_start, &cap, 1, sizeof(size_t));
	s->line_start[s->nlines++] = 0;
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\n') {
			ol_xgrow(&s->line_start, &cap, s->nlines + 1, sizeof(size_t));
			s->line_start[s->nlines++] = i + 1;
		}
	}
	return s;
}

struct ol_source *ol_source_from_string(const char *path, const char *text, size_t len)
{
	return ol_source_new(path, ol_xstrndup(text, len), len);
}

struct ol_source *ol_source_load(const char *path)
{
	char *data;
	size_t len;
	if (ol_read_file(path, &data, &len) != 0)
		return NULL;
	return ol_source_new(path, data, len);
}

void ol_source_free(struct ol_source *s)
{
	if (!s)
		return;
	free(s->path);
	free(s->text);
	free(s->line_start);
	free(s);
}

size_t ol_source_line(const struct ol_source *s, size_t off)
{
	size_t lo = 0, hi = s->nlines;
	if (off > s->len)
		off = s->len;
	/* last line_start <= off */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->line_start[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo + 1;
}

void ol_source_line_range(const struct ol_source *s, size_t line, size_t *start, size_t *end)
{
	if (line < 1)
		line = 1;
	if (line > s->nlines)
		line = s->nlines;
	size_t a = s->line_start[line - 1];
	size_t b = line < s->nlines ? s->line_start[line] - 1 : s->len;
	if (b > a && s->text[b - 1] == '\r' && (b < s->len && s->text[b] == '\n'))
		b--;
	if (a == 0 && s->bom && b >= s->bom)
		a = s->bom;
	*start = a;
	*end = b;
}

/* Width of one code point in unit; invalid bytes count as one. */
static size_t step(const char *p, size_t avail, enum ol_col_unit unit, size_t *w)
{
	uint32_t cp;
	size_t l = ol_utf8_decode(p, avail, &cp);
	if (!l) {
		*w = 1;
		return 1;
	}
	switch (unit) {
	case OL_COL_BYTE:
		*w = l;
		break;
	case OL_COL_UTF16:
		*w = cp >= 0x10000 ? 2 : 1;
		break;
	default:
		*w = 1;
	}
	return l;
}

size_t ol_source_col(const struct ol_source *s, size_t off, enum ol_col_unit unit)
{
	if (off > s->len)
		off = s->len;
	size_t line = ol_source_line(s, off);
	size_t i = s->line_start[line - 1];
	if (i == 0 && s->bom && off >= s->bom)
		i = s->bom;
	size_t col = 1;
	while (i < off) {
		size_t w;
		size_t l = step(s->text + i, s->len - i, unit, &w);
		if (i + l > off) /* off inside a sequence: count it once */
			l = off - i;
		i += l;
		col += w;
	}
	return col;
}

size_t ol_source_offset(const struct ol_source *s, size_t line, size_t col, enum ol_col_unit unit)
{
	size_t a, b;
	ol_source_line_range(s, line, &a, &b);
	size_t c = 1, i = a;
	while (i < b && c < col) {
		size_t w;
		i += step(s->text + i, b - i, unit, &w);
		c += w;
	}
	return i;
}
