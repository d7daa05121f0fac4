/* diag/output_github.c: GitHub Actions workflow commands. The runner
 * decodes only %25, %0D, %0A (and in properties %3A, %2C), so those are
 * the only escapes; anything else would show up literally in the UI. */
#include "output_ci.h"

#include "../base/base.h"

#include <string.h>

/* Appends s escaped for a command's message (prop false) or a property
 * value (prop true). Control characters other than tab become a visible
 * "\xNN": the log viewer would otherwise interpret ANSI sequences from the
 * linted text. */
static void put_esc(struct ol_buf *b, const char *s, bool prop)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '%')
			ol_buf_adds(b, "%25");
		else if (c == '\r')
			ol_buf_adds(b, "%0D");
		else if (c == '\n')
			ol_buf_adds(b, "%0A");
		else if (prop && c == ':')
			ol_buf_adds(b, "%3A");
		else if (prop && c == ',')
			ol_buf_adds(b, "%2C");
		else if ((c < 0x20 && c != '\t') || c == 0x7f)
			ol_buf_printf(b, "\\x%02x", (unsigned)c);
		else
			ol_buf_addc(b, (char)c);
	}
}

void ol_github_file(FILE *out, const struct ol_file_result *r, const struct ol_output_opts *o)
{
	struct ol_buf b;
	ol_buf_init(&b);
	for (size_t j = 0; j < r->findings.n; j++) {
		const struct ol_finding *f = &r->findings.v[j];
		const char *cmd;
		switch (f->severity) {
		case OL_SEV_ERROR:
			cmd = "error";
			break;
		case OL_SEV_WARNING:
			cmd = "warning";
			break;
		case OL_SEV_INFO:
			cmd = "notice";
			break;
		default:
			continue; /* off */
		}
		size_t line, col, eline, ecol;
		ol_finding_position(f, r->src, o->col_unit, &line, &col, &eline, &ecol);
		ol_buf_printf(&b, "::%s file=", cmd);
		put_esc(&b, r->path, true);
		ol_buf_printf(&b, ",line=%zu,col=%zu,endLine=%zu,endColumn=%zu,title=", line,
		              col, eline, ecol);
		put_esc(&b, f->rule, true);
		ol_buf_adds(&b, "::");
		put_esc(&b, f->message, false);
		if (f->hint) {
			ol_buf_adds(&b, "%0A");
			put_esc(&b, f->hint, false);
		}
		ol_buf_addc(&b, '\n');
	}
	if (b.len)
		fwrite(b.data, 1, b.len, out);
	ol_buf_fini(&b);
}
