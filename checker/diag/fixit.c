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
	ol_finding_fix_span_in(f, src->len, &fs, &fe);
	if (fs == fe) {
		/* the blank lines that make an inserted paragraph are said, not shown */
		const char *t = f->fix;
		size_t n = strlen(t);
		size_t lead = strspn(t, "\r\n"), trail = 0;
		while (trail < n - lead && (t[n - 1 - trail] == '\n' || t[n - 1 - trail] == '\r'))
			trail++;
		ol_buf_printf(&b, "insert %sat %zu:%zu: \xE2\x80\x9E", lead || trail ? "a paragraph " : "",
		              ol_source_line(src, fs), ol_source_col(src, fs, unit));
		put_flat(&b, t + lead, n - lead - trail);
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

/* Differences beyond which the middle of the texts is shown as removed and
 * added whole: Myers' trace takes O(D^2) memory. Fixes change a few lines. */
enum { MAX_D = 2000 };

/* Edit script of a[pre..pre+n) → b[pre..pre+m) by Myers' O((N+M)·D)
 * shortest edit (fixes change few lines of possibly long files), appended
 * to ops at *k: '=' '-' '+'. */
static void myers(const struct lines *a, const struct lines *b, size_t pre, size_t n, size_t m,
                  char *ops, size_t *k)
{
	long N = (long)n, M = (long)m;
	long **trace = ol_xcalloc(MAX_D + 1, sizeof(long *));
	long *v = ol_xcalloc((size_t)(2 * MAX_D + 3), sizeof(long));
	long off = MAX_D + 1;
	long D = -1;
	for (long d = 0; d <= MAX_D && D < 0; d++) {
		for (long kk = -d; kk <= d; kk += 2) {
			long x;
			if (kk == -d || (kk != d && v[off + kk - 1] < v[off + kk + 1]))
				x = v[off + kk + 1];
			else
				x = v[off + kk - 1] + 1;
			long y = x - kk;
			while (x < N && y < M && same(a, pre + (size_t)x, b, pre + (size_t)y))
				x++, y++;
			v[off + kk] = x;
			if (x >= N && y >= M) {
				D = d;
				break;
			}
		}
		trace[d] = ol_xcalloc((size_t)(2 * d + 1), sizeof(long));
		for (long kk = -d; kk <= d; kk++)
			trace[d][kk + d] = v[off + kk];
	}
	if (D < 0) { /* too many differences: remove all, add all */
		for (size_t i = 0; i < n; i++)
			ops[(*k)++] = '-';
		for (size_t i = 0; i < m; i++)
			ops[(*k)++] = '+';
	} else {
		/* walk back from (N, M), writing the script in reverse */
		char *rev = ol_xcalloc(n + m + 1, 1);
		size_t r = 0;
		long x = N, y = M;
		for (long d = D; d > 0; d--) {
			long kk = x - y;
			const long *pv = trace[d - 1]; /* index kk + (d - 1) */
			long pk;
			if (kk == -d || (kk != d && pv[kk - 1 + d - 1] < pv[kk + 1 + d - 1]))
				pk = kk + 1; /* came down: an insertion */
			else
				pk = kk - 1; /* came right: a deletion */
			long px = pv[pk + d - 1], py = px - pk;
			long sx = pk == kk + 1 ? px : px + 1; /* where the snake starts */
			while (x > sx) {
				rev[r++] = '=';
				x--, y--;
			}
			rev[r++] = pk == kk + 1 ? '+' : '-';
			x = px;
			y = py;
		}
		while (x > 0 && y > 0) {
			rev[r++] = '=';
			x--, y--;
		}
		while (r > 0)
			ops[(*k)++] = rev[--r];
		free(rev);
	}
	for (long d = 0; d <= MAX_D; d++)
		free(trace[d]);
	free(trace);
	free(v);
}

/* The edit script: the common prefix and suffix, Myers in between. */
static char *edit_script(const struct lines *a, const struct lines *b, size_t *nops)
{
	size_t pre = 0;
	while (pre < a->count && pre < b->count && same(a, pre, b, pre))
		pre++;
	size_t suf = 0;
	while (suf < a->count - pre && suf < b->count - pre &&
	       same(a, a->count - 1 - suf, b, b->count - 1 - suf))
		suf++;
	char *ops = ol_xcalloc(a->count + b->count + 1, 1);
	size_t k = 0;
	for (size_t i = 0; i < pre; i++)
		ops[k++] = '=';
	myers(a, b, pre, a->count - pre - suf, b->count - pre - suf, ops, &k);
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
	/* git's prefixes: "./x" is "a/x", and "/tmp/x" "a/tmp/x" (so that
	 * patch -p1 works from the root) */
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	const char *sep = path[0] == '/' ? "" : "/";
	ol_buf_printf(&o, "--- a%s%s\n+++ b%s%s\n", sep, path, sep, path);
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
