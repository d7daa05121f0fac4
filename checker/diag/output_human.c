/* diag/output_human.c: the GCC/Clang-style human format of cli.md, and the
 * same blocks for rule-file and configuration errors. */
#include "output.h"

#include "../base/base.h"
#include "fixit.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define C_BOLD "\033[1m"
#define C_RED "\033[1;31m"
#define C_MAGENTA "\033[1;35m"
#define C_CYAN "\033[1;36m"
#define C_GREEN "\033[1;32m"
#define C_RESET "\033[0m"

/* How one unit of input text (a code point or an invalid byte) is shown. */
enum unit_kind {
	U_TEXT,    /* printed as is */
	U_TAB,     /* printed as is; the caret line copies it to stay aligned */
	U_ESCAPED  /* every byte printed as \xNN */
};

/* Classifies the unit at s (n > 0 bytes available); *len is its length in
 * bytes and *width its display width in terminal columns. */
static enum unit_kind unit_next(const char *s, size_t n, size_t *len, size_t *width)
{
	unsigned char c = (unsigned char)s[0];
	*len = 1;
	*width = 1;
	if (c == '\t')
		return U_TAB;
	if (c < 0x20 || c == 0x7f) {
		*width = 4;
		return U_ESCAPED;
	}
	if (c < 0x80)
		return U_TEXT;
	uint32_t cp;
	size_t l = ol_utf8_decode(s, n, &cp);
	if (!l) {
		*width = 4;
		return U_ESCAPED;
	}
	*len = l;
	/* C1 controls (a terminal reads U+009B as CSI), the line and paragraph
	 * separators, and the bidi embeddings/overrides/isolates that let text
	 * display in another order than it is read ("Trojan Source"). */
	if ((cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029 ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) {
		*width = 4 * l;
		return U_ESCAPED;
	}
	/* Combining marks and zero-width characters take no column; East
	 * Asian wide characters and most emoji take two. */
	if ((cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b && cp <= 0x200f) ||
	    cp == 0xfeff || (cp >= 0xfe00 && cp <= 0xfe0f))
		*width = 0;
	else if ((cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
	         (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
	         (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
	         (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1f64f) ||
	         (cp >= 0x1f900 && cp <= 0x1f9ff) || (cp >= 0x20000 && cp <= 0x3fffd))
		*width = 2;
	return U_TEXT;
}

/* Appends s[0..n) to b with control characters and invalid UTF-8 escaped. */
static void put_esc(struct ol_buf *b, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t len, w;
		enum unit_kind k = unit_next(s + i, n - i, &len, &w);
		if (k == U_ESCAPED) {
			for (size_t j = 0; j < len; j++)
				ol_buf_printf(b, "\\x%02x", (unsigned)(unsigned char)s[i + j]);
		} else {
			ol_buf_add(b, s + i, len);
		}
		i += len;
	}
}

static void put_escs(struct ol_buf *b, const char *s)
{
	put_esc(b, s, strlen(s));
}

static void put_spaces(struct ol_buf *b, size_t n)
{
	while (n--)
		ol_buf_addc(b, ' ');
}

static const char *sev_color(enum ol_severity s)
{
	switch (s) {
	case OL_SEV_ERROR:
		return C_RED;
	case OL_SEV_WARNING:
		return C_MAGENTA;
	default:
		return C_CYAN;
	}
}

static size_t digits(size_t v)
{
	size_t d = 1;
	while (v >= 10) {
		v /= 10;
		d++;
	}
	return d;
}

/* The white space before the caret: one space per display column of
 * text[a..to), a tab for a tab, so that the caret lands under the span. */
static size_t put_indent(struct ol_buf *b, const char *text, size_t a, size_t to)
{
	size_t i = a;
	while (i < to) {
		size_t len, w;
		if (unit_next(text + i, to - i, &len, &w) == U_TAB)
			ol_buf_addc(b, '\t');
		else
			put_spaces(b, w);
		i += len;
	}
	return i;
}

/* "   14 | <line>", the caret line and the fix line. */
static void put_excerpt(struct ol_buf *b, const struct ol_source *src,
                        const struct ol_finding *f, bool color)
{
	size_t line = ol_source_line(src, f->start);
	size_t ls, le;
	ol_source_line_range(src, line, &ls, &le);
	size_t gw = digits(line) < 4 ? 4 : digits(line);
	const char *t = src->text;

	ol_buf_printf(b, " %*zu | ", (int)gw, line);
	put_esc(b, t + ls, le - ls);
	ol_buf_addc(b, '\n');

	size_t start = f->start < ls ? ls : f->start;
	if (start > le)
		start = le;
	size_t end = f->end > le ? le : f->end;

	ol_buf_addc(b, ' ');
	put_spaces(b, gw);
	ol_buf_adds(b, " | ");
	struct ol_buf ind;
	ol_buf_init(&ind);
	size_t i = put_indent(&ind, t, ls, start);
	ol_buf_add(b, ind.data ? ind.data : "", ind.len);
	if (color)
		ol_buf_adds(b, C_GREEN);
	bool caret = false;
	while (i < end) {
		size_t len, w;
		enum unit_kind k = unit_next(t + i, end - i, &len, &w);
		if (k == U_TAB && caret) {
			ol_buf_addc(b, '\t');
		} else if (k == U_TAB) {
			ol_buf_adds(b, "^\t");
			caret = true;
		} else {
			for (size_t j = 0; j < w; j++) {
				ol_buf_addc(b, caret ? '~' : '^');
				caret = true;
			}
		}
		i += len;
	}
	if (!caret)
		ol_buf_addc(b, '^');
	if (color)
		ol_buf_adds(b, C_RESET);
	ol_buf_addc(b, '\n');

	if (f->fix && f->fix[0] && !f->fix_at) {
		ol_buf_addc(b, ' ');
		put_spaces(b, gw);
		ol_buf_adds(b, " | ");
		ol_buf_add(b, ind.data ? ind.data : "", ind.len);
		if (color)
			ol_buf_adds(b, C_GREEN);
		put_escs(b, f->fix);
		if (color)
			ol_buf_adds(b, C_RESET);
		ol_buf_addc(b, '\n');
	}
	ol_buf_fini(&ind);
}

/* One block; with_rule adds " [rule]" to the first line. */
static void put_block(struct ol_buf *b, const struct ol_file_result *r,
                      const struct ol_finding *f, const struct ol_output_opts *o,
                      bool with_rule)
{
	const struct ol_source *src = r->src;
	if (o->color)
		ol_buf_adds(b, C_BOLD);
	put_escs(b, r->path);
	if (src)
		ol_buf_printf(b, ":%zu:%zu", ol_source_line(src, f->start),
		              ol_source_col(src, f->start, o->col_unit));
	ol_buf_addc(b, ':');
	if (o->color)
		ol_buf_printf(b, C_RESET " %s%s:" C_RESET " " C_BOLD, sev_color(f->severity),
		              ol_severity_name(f->severity));
	else
		ol_buf_printf(b, " %s: ", ol_severity_name(f->severity));
	put_escs(b, f->message);
	if (o->color)
		ol_buf_adds(b, C_RESET);
	if (with_rule) {
		ol_buf_adds(b, " [");
		put_escs(b, f->rule);
		ol_buf_addc(b, ']');
	}
	ol_buf_addc(b, '\n');
	if (!src)
		return;

	/* A finding about the whole file (an empty span at its start, e.g. a
	 * missing data-source statement) has no excerpt, as in cli.md; an
	 * insertion at the start (it has a fix) still shows where. */
	bool whole_file = f->start == 0 && f->end == 0 && (!f->fix || f->fix_at);
	if (!whole_file && src->len > 0)
		put_excerpt(b, src, f, o->color);

	size_t line = ol_source_line(src, f->start);
	size_t pad = 2 + (digits(line) < 4 ? 4 : digits(line));
	if (f->fix && (f->fix_at || !f->fix[0] || f->fix_unsafe)) {
		/* what the caret line cannot show: an insertion elsewhere, a
		 * removal, a fix that --fix leaves alone */
		put_spaces(b, pad);
		char *what = ol_fix_describe(src, f, o->col_unit);
		ol_buf_adds(b, "= fix: ");
		put_escs(b, what);
		free(what);
		ol_buf_addc(b, '\n');
	}
	if (f->cite) {
		put_spaces(b, pad);
		ol_buf_adds(b, "= ");
		put_escs(b, f->cite);
		ol_buf_addc(b, '\n');
	}
	if (f->hint) {
		put_spaces(b, pad);
		ol_buf_adds(b, "= hint: ");
		put_escs(b, f->hint);
		ol_buf_addc(b, '\n');
	}
	if (f->context) {
		put_spaces(b, pad);
		ol_buf_adds(b, "= note: ");
		put_escs(b, f->context);
		ol_buf_addc(b, '\n');
	}
}

void ol_human_file(FILE *out, const struct ol_file_result *r, const struct ol_output_opts *o,
                   bool with_rule)
{
	struct ol_buf b;
	ol_buf_init(&b);
	for (size_t j = 0; j < r->findings.n; j++) {
		const struct ol_finding *f = &r->findings.v[j];
		if (f->severity == OL_SEV_OFF)
			continue;
		b.len = 0;
		put_block(&b, r, f, o, with_rule);
		fwrite(b.data, 1, b.len, out);
		if (o->after && with_rule)
			o->after(out, f, o->after_arg);
	}
	ol_buf_fini(&b);
}

void ol_counts_add(struct ol_counts *c, const struct ol_file_result *r)
{
	c->files++;
	for (size_t j = 0; j < r->findings.n; j++) {
		switch (r->findings.v[j].severity) {
		case OL_SEV_ERROR:
			c->errors++;
			break;
		case OL_SEV_WARNING:
			c->warnings++;
			break;
		case OL_SEV_INFO:
			c->infos++;
			break;
		default:
			break;
		}
	}
}

void ol_report_count(const struct ol_report *rep, struct ol_counts *c)
{
	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < rep->n; i++)
		ol_counts_add(c, &rep->files[i]);
}

void ol_human_summary(FILE *out, const struct ol_counts *c, const struct ol_output_opts *o)
{
	if (o->quiet && c->errors + c->warnings + c->infos == 0)
		return;
	fprintf(out, "%zu error%s, %zu warning%s", c->errors, c->errors == 1 ? "" : "s",
	        c->warnings, c->warnings == 1 ? "" : "s");
	if (c->infos)
		fprintf(out, ", %zu info%s", c->infos, c->infos == 1 ? "" : "s");
	fprintf(out, " in %zu file%s\n", c->files, c->files == 1 ? "" : "s");
}

void ol_output_human_errors(FILE *out, const struct ol_report *rep, const struct ol_output_opts *o)
{
	for (size_t i = 0; i < rep->n; i++)
		ol_human_file(out, &rep->files[i], o, false);
}
