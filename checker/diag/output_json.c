/* diag/output_json.c: the JSON format of cli.md, laid out exactly like the
 * example there (2-space indent; small objects and the position on one
 * line), so that the output is stable and diffable. */
#include "output.h"

#include "../base/base.h"
#include "fixit.h"

#include <stdint.h>
#include <string.h>

/* Appends s as a JSON string (RFC 8259). Control characters (and DEL, the
 * C1 range and U+2028/U+2029, which some readers mishandle) become \uXXXX;
 * bytes that are not UTF-8 become U+FFFD, so the document is always valid
 * UTF-8 even for a broken input file. */
void ol_json_put_str(struct ol_buf *b, const char *s)
{
	size_t n = strlen(s), i = 0;
	ol_buf_addc(b, '"');
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			ol_buf_addc(b, '\\');
			ol_buf_addc(b, (char)c);
			i++;
			continue;
		}
		if (c < 0x20 || c == 0x7f) {
			switch (c) {
			case '\n':
				ol_buf_adds(b, "\\n");
				break;
			case '\r':
				ol_buf_adds(b, "\\r");
				break;
			case '\t':
				ol_buf_adds(b, "\\t");
				break;
			default:
				ol_buf_printf(b, "\\u%04x", (unsigned)c);
			}
			i++;
			continue;
		}
		if (c < 0x80) {
			ol_buf_addc(b, (char)c);
			i++;
			continue;
		}
		uint32_t cp;
		size_t l = ol_utf8_decode(s + i, n - i, &cp);
		if (!l) {
			ol_buf_adds(b, "\xEF\xBF\xBD"); /* U+FFFD */
			i++;
			continue;
		}
		if (cp <= 0x9f || cp == 0x2028 || cp == 0x2029)
			ol_buf_printf(b, "\\u%04x", (unsigned)cp);
		else
			ol_buf_add(b, s + i, l);
		i += l;
	}
	ol_buf_addc(b, '"');
}

static void put_key_str(struct ol_buf *b, const char *indent, const char *key,
                        const char *val)
{
	ol_buf_printf(b, ",\n%s\"%s\": ", indent, key);
	ol_json_put_str(b, val);
}

static void put_diag(struct ol_buf *b, const struct ol_file_result *r,
                     const struct ol_finding *f, const struct ol_output_opts *o)
{
	static const char ind[] = "          ";
	size_t line, col, eline, ecol;
	ol_finding_position(f, r->src, o->col_unit, &line, &col, &eline, &ecol);
	ol_buf_adds(b, "        {\n");
	ol_buf_printf(b, "%s\"rule\": ", ind);
	ol_json_put_str(b, f->rule);
	put_key_str(b, ind, "severity", ol_severity_name(f->severity));
	put_key_str(b, ind, "message", f->message);
	ol_buf_printf(b,
	              ",\n%s\"line\": %zu, \"column\": %zu, \"end_line\": %zu, "
	              "\"end_column\": %zu",
	              ind, line, col, eline, ecol);
	/* cite and hint share a line, as in cli.md */
	if (f->cite || f->hint)
		ol_buf_printf(b, ",\n%s", ind);
	if (f->cite) {
		ol_buf_adds(b, "\"cite\": ");
		ol_json_put_str(b, f->cite);
	}
	if (f->hint) {
		ol_buf_adds(b, f->cite ? ", \"hint\": " : "\"hint\": ");
		ol_json_put_str(b, f->hint);
	}
	if (f->fix) {
		ol_buf_printf(b, ",\n%s\"fix\": ", ind);
		ol_fix_json(b, r->src, f, o->col_unit);
	}
	if (f->context)
		put_key_str(b, ind, "context", f->context);
	ol_buf_adds(b, "\n        }");
}

void ol_json_head(FILE *out, const struct ol_output_opts *o)
{
	struct ol_buf b;
	ol_buf_init(&b);
	ol_buf_adds(&b, "{\n  \"tool\": {\"name\": \"outlint\", \"version\": ");
	ol_json_put_str(&b, o->version ? o->version : "unknown");
	ol_buf_adds(&b, "},\n  \"files\": [");
	fwrite(b.data, 1, b.len, out);
	ol_buf_fini(&b);
}

void ol_json_file(FILE *out, const struct ol_file_result *r, const struct ol_output_opts *o,
                  bool first)
{
	struct ol_buf b;
	ol_buf_init(&b);
	ol_buf_adds(&b, first ? "\n    {\n      \"path\": " : ",\n    {\n      \"path\": ");
	ol_json_put_str(&b, r->path);
	ol_buf_adds(&b, ",\n      \"diagnostics\": [");
	size_t shown = 0;
	for (size_t j = 0; j < r->findings.n; j++) {
		const struct ol_finding *f = &r->findings.v[j];
		if (f->severity == OL_SEV_OFF)
			continue;
		ol_buf_adds(&b, shown++ ? ",\n" : "\n");
		put_diag(&b, r, f, o);
	}
	ol_buf_adds(&b, shown ? "\n      ]\n    }" : "]\n    }");
	fwrite(b.data, 1, b.len, out);
	ol_buf_fini(&b);
}

void ol_json_tail(FILE *out, const struct ol_counts *c)
{
	fprintf(out,
	        "%s  \"summary\": {\"files\": %zu, \"errors\": %zu, "
	        "\"warnings\": %zu, \"infos\": %zu}\n}\n",
	        c->files ? "\n  ],\n" : "],\n", c->files, c->errors, c->warnings, c->infos);
}
