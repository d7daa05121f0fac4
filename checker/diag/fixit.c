/* diag/fixit.c: fix-it text for humans and JSON; the unified diff. */
#include "fixit.h"

#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "output.h"

/* The text of a fix for one line of output: line breaks as "\n". */
static void put_flat(struct ol_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\r')
			continue;
		if (s[i] == '\n')
			ol_buf_adds(b, "\\n");
		else
			ol_buf_addc(b, s[i]);
	}
}

char *ol_fix_describe(const struct ol_source *src, const struct ol_finding *f,
                      enum ol_col_unit unit)
{
	struct ol_buf b;
	ol_buf_init(&b);
	size_t fs, fe;
	ol_finding_fix_span(f, &fs, &fe);
	if (fs > src->len)
		fs = src->len;
	if (fe > src->len || fe < fs)
		fe = fs;
	if (fs == fe) {
		ol_buf_printf(&b, "insert at %zu:%zu: \xE2\x80\x9E", ol_source_line(src, fs),
		              ol_source_col(src, fs, unit));
		put_flat(&b, f->fix, strlen(f->fix));
	} else if (!f->fix[0]) {
		ol_buf_adds(&b, "remove \xE2\x80\x9E");
		put_flat(&b, src->text + fs, fe - fs);
	} else {
		ol_buf_adds(&b, "replace with \xE2\x80\x9E");
		put_flat(&b, f->fix, strlen(f->fix));
	}
	ol_buf_adds(&b, "\xE2\x80\x9C");
	if (f->fix_unsafe)
		ol_buf_adds(&b, " (unsafe: --fix applies it only with --fix-unsafe)");
	return ol_buf_detach(&b);
}

void ol_fix_json(struct ol_buf *b, const struct ol_source *src, const struct ol_finding *f,
                 enum ol_col_unit unit)
{
	ol_buf_adds(b, "{\"replacement\": ");
	ol_json_put_str(b, f->fix);
	if (f->fix_at && src) {
		size_t fs, fe;
		ol_finding_fix_span(f, &fs, &fe);
		ol_buf_printf(b, ", \"line\": %zu, \"column\": %zu, \"end_line\": %zu, \"end_column\": %zu",
		              ol_source_line(src, fs), ol_source_col(src, fs, unit),
		              ol_source_line(src, fe), ol_source_col(src, fe, unit));
	}
	ol_buf_printf(b, ", \"safe\": %s}", f->fix_unsafe ? "false" : "true");
}

/* ---- unified diff ------------------------------------------------------- */

struct lines {
	const char **s;   /* start of each line */
	size_t *n;        /* its length, line break included */
	size_t count;
};

static void split(struct lines *l, const char *t, size_t len)
{
	size_t caps = 0, capn = 0;
	l->s = NULL;
	l->n = NULL;
	l->count = 0;
	size_t i = 0;
	while (i < len) {
		const char *nl = memchr(t + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - t) + 1 : len;
		ol_xgrow(&l->s, &caps, l->count + 1, sizeof(*l->s));
		ol_xgrow(&l->n, &capn, l->count + 1, sizeof(*l->n));
		l->s[l->count] = t + i;
		l->n[l->count] = e - i;
		l->count++;
		i = e;
	}
}

static bool same(const struct lines *a, size_t i, const struct lines *b, size_t j)
{
	return a->n[i] == b->n[j] && memcmp(a->s[i], b->s[j], a->n[i]) == 0;
}

static void put_line(struct ol_buf *b, char tag, const char *s, size_t n)
{
	ol_buf_addc(b, tag);
	ol_buf_add(b, s, n);
	if (!n || s[n - 1] != '\n')
		ol_buf_adds(b, "\n\\ No newline at end of file\n");
}

/* Edit script by the longest common subsequence of lines (fixes change a
 * few lines of a template: the common prefix and suffix are cut first, the
 * quadratic table covers only the middle). ops: '=' '-' '+'. */
static char *edit_script(const struct lines *a, const struct lines *b, size_t *nops)
{
	size_t pre = 0;
	while (pre < a->count && pre < b->count && same(a, pre, b, pre))
		pre++;
	size_t suf = 0;
	while (suf < a->count - pre && suf < b->count - pre &&
	       same(a, a->count - 1 - suf, b, b->count - 1 - suf))
		suf++;
	size_t n = a->count - pre - suf, m = b->count - pre - suf;
	char *ops = ol_xcalloc(a->count + b->count + 1, 1);
	size_t k = 0;
	for (size_t i = 0; i < pre; i++)
		ops[k++] = '=';
	/* L[i][j]: LCS length of a[pre+i..pre+n) and b[pre+j..pre+m) */
	size_t *L = ol_xcalloc((n + 1) * (m + 1), sizeof(size_t));
	for (size_t i = n; i-- > 0;)
		for (size_t j = m; j-- > 0;)
			L[i * (m + 1) + j] = same(a, pre + i, b, pre + j)
			                         ? L[(i + 1) * (m + 1) + j + 1] + 1
			                         : (L[(i + 1) * (m + 1) + j] >= L[i * (m + 1) + j + 1]
			                                ? L[(i + 1) * (m + 1) + j]
			                                : L[i * (m + 1) + j + 1]);
	size_t i = 0, j = 0;
	while (i < n || j < m) {
		if (i < n && j < m && same(a, pre + i, b, pre + j)) {
			ops[k++] = '=';
			i++, j++;
		} else if (i < n && (j == m || L[(i + 1) * (m + 1) + j] >= L[i * (m + 1) + j + 1])) {
			ops[k++] = '-';
			i++;
		} else {
			ops[k++] = '+';
			j++;
		}
	}
	free(L);
	for (size_t s = 0; s < suf; s++)
		ops[k++] = '=';
	*nops = k;
	return ops;
}

int ol_diff_unified(FILE *out, const char *path, const char *old_text, size_t old_len,
                    const char *new_text, size_t new_len, int context)
{
	if (old_len == new_len && memcmp(old_text, new_text, old_len) == 0)
		return 0;
	struct lines a, b;
	split(&a, old_text, old_len);
	split(&b, new_text, new_len);
	size_t nops;
	char *ops = edit_script(&a, &b, &nops);
	struct ol_buf o;
	ol_buf_init(&o);
	ol_buf_printf(&o, "--- a/%s\n+++ b/%s\n", path, path);
	size_t ctx = context < 0 ? 0 : (size_t)context;
	size_t k = 0;
	while (k < nops) {
		/* the next change; a hunk starts ctx lines before it and grows
		 * while the next change is at most 2*ctx unchanged lines away */
		size_t c = k;
		while (c < nops && ops[c] == '=')
			c++;
		if (c == nops)
			break;
		size_t hs = c > ctx ? c - ctx : 0;
		if (hs < k)
			hs = k;
		size_t he = c;
		for (;;) {
			while (he < nops && ops[he] != '=')
				he++;
			size_t eq = he;
			while (eq < nops && ops[eq] == '=')
				eq++;
			if (eq < nops && eq - he <= 2 * ctx) {
				he = eq;
				continue;
			}
			he = he + ctx < nops ? he + ctx : nops;
			if (he > eq)
				he = eq;
			break;
		}
		/* line numbers of the hunk's start in both texts */
		size_t ai = 0, bi = 0;
		for (size_t q = 0; q < hs; q++) {
			if (ops[q] != '+')
				ai++;
			if (ops[q] != '-')
				bi++;
		}
		size_t an = 0, bn = 0;
		for (size_t q = hs; q < he; q++) {
			if (ops[q] != '+')
				an++;
			if (ops[q] != '-')
				bn++;
		}
		/* as diff(1): an empty range names the line before it */
		ol_buf_printf(&o, "@@ -%zu", an ? ai + 1 : ai);
		if (an != 1)
			ol_buf_printf(&o, ",%zu", an);
		ol_buf_printf(&o, " +%zu", bn ? bi + 1 : bi);
		if (bn != 1)
			ol_buf_printf(&o, ",%zu", bn);
		ol_buf_adds(&o, " @@\n");
		for (size_t q = hs; q < he; q++) {
			if (ops[q] == '=') {
				put_line(&o, ' ', a.s[ai], a.n[ai]);
				ai++, bi++;
			} else if (ops[q] == '-') {
				put_line(&o, '-', a.s[ai], a.n[ai]);
				ai++;
			} else {
				put_line(&o, '+', b.s[bi], b.n[bi]);
				bi++;
			}
		}
		k = he;
	}
	free(ops);
	free(a.s);
	free(a.n);
	free(b.s);
	free(b.n);
	size_t w = fwrite(o.data ? o.data : "", 1, o.len, out);
	int rc = w == o.len ? 0 : -1;
	ol_buf_fini(&o);
	return rc;
}
