/* diag/fingerprint.c: FNV-1a over what identifies a finding. */
#include "fingerprint.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint64_t mix(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return (h ^ 0xff) * 1099511628211ull; /* field separator */
}

void ol_fingerprint(const struct ol_finding *f, const char *path, const struct ol_source *src,
                    char out[17])
{
	uint64_t h = 1469598103934665603ull;
	h = mix(h, f->rule, strlen(f->rule));
	h = mix(h, path, strlen(path));
	h = mix(h, f->message, strlen(f->message));
	if (src) {
		size_t a, b;
		ol_source_line_range(src, ol_source_line(src, f->start), &a, &b);
		/* the line's text with runs of white space folded, so that
		 * re-indenting or moving the line keeps the identity */
		bool space = true;
		for (size_t i = a; i < b; i++) {
			char c = src->text[i];
			bool ws = c == ' ' || c == '\t' || c == '\r';
			if (ws && space)
				continue;
			space = ws;
			h = (h ^ (unsigned char)(ws ? ' ' : c)) * 1099511628211ull;
		}
	}
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}
