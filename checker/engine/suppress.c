/* engine/suppress.c: outlint-disable comments → filtered findings. */
#include "suppress.h"

#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "../diag/catalog.h"

#define SUPP_RULE "input/suppression"

enum dkind { D_NEXT, D_DISABLE, D_ENABLE };

/* One directive as written, before it is turned into a covered range. */
struct directive {
	enum dkind kind;
	size_t start, end;   /* the comment */
	char **tok;          /* rule ids / packs; owned */
	size_t ntok;
	char *reason;        /* owned; NULL when missing or empty */
	/* the covered range: findings starting in [from, to] */
	size_t from, to;
	bool open;           /* a disable never closed */
	bool closed;
	unsigned hits;
};

struct dlist {
	struct directive *v;
	size_t n, cap;
};

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool has_prefix(const char *s, size_t n, const char *p, size_t *plen)
{
	size_t k = strlen(p);
	if (n < k || memcmp(s, p, k) != 0)
		return false;
	if (n > k && !is_ws(s[k]))
		return false; /* "outlint-disabled" is not ours */
	*plen = k;
	return true;
}

static void add_token(struct directive *d, const char *s, size_t n)
{
	if (n == 0)
		return;
	d->tok = ol_xrealloc(d->tok, (d->ntok + 1) * sizeof(*d->tok));
	d->tok[d->ntok++] = ol_xstrndup(s, n);
}

/* comment content s[0..n) (without the comment markers) at [start,end):
 *   directive := ws* keyword (ws+ rules)? (ws "--" ws* reason)? ws* */
static void parse_directive(struct dlist *dl, const char *s, size_t n, size_t start, size_t end)
{
	while (n && is_ws(*s))
		s++, n--;
	while (n && is_ws(s[n - 1]))
		n--;
	size_t k;
	enum dkind kind;
	/* the longest keyword first: "outlint-disable" is a prefix of it */
	if (has_prefix(s, n, "outlint-disable-next-line", &k))
		kind = D_NEXT;
	else if (has_prefix(s, n, "outlint-disable", &k))
		kind = D_DISABLE;
	else if (has_prefix(s, n, "outlint-enable", &k))
		kind = D_ENABLE;
	else
		return;
	s += k;
	n -= k;
	/* the separator is the first "--" that starts a word, so that a rule
	 * id never contains it by accident */
	size_t sep = n;
	for (size_t i = 0; i + 1 < n; i++)
		if (s[i] == '-' && s[i + 1] == '-' && (i == 0 || is_ws(s[i - 1]))) {
			sep = i;
			break;
		}
	ol_xgrow(&dl->v, &dl->cap, dl->n + 1, sizeof(*dl->v));
	struct directive *d = &dl->v[dl->n++];
	memset(d, 0, sizeof(*d));
	d->kind = kind;
	d->start = start;
	d->end = end;
	size_t a = 0;
	for (size_t i = 0; i <= sep; i++) {
		if (i == sep || s[i] == ',' || is_ws(s[i])) {
			add_token(d, s + a, i - a);
			a = i + 1;
		}
	}
	if (sep < n) {
		const char *r = s + sep + 2;
		size_t rn = n - sep - 2;
		while (rn && is_ws(*r))
			r++, rn--;
		if (rn)
			d->reason = ol_xstrndup(r, rn);
	}
}

/* A `#` comment from s[i] to the end of the line. */
static void hash_comment(struct dlist *dl, const struct ol_source *src, size_t hash, size_t eol)
{
	size_t e = eol;
	while (e > hash && src->text[e - 1] == '\r')
		e--;
	parse_directive(dl, src->text + hash + 1, e - hash - 1, hash, e);
}

/* Campaign YAML: a `#` at the start of a line's content or after white
 * space, outside quotes, starts a comment (YAML 1.2 §6.6). */
static void scan_yaml(struct dlist *dl, const struct ol_source *src)
{
	for (size_t ln = 1; ln <= src->nlines; ln++) {
		size_t a, b;
		ol_source_line_range(src, ln, &a, &b);
		char quote = 0;
		for (size_t i = a; i < b; i++) {
			char c = src->text[i];
			if (quote) {
				if (c == quote)
					quote = 0;
				continue;
			}
			if ((c == '"' || c == '\'') && (i == a || is_ws(src->text[i - 1]) ||
			                                 strchr(":-[{,", src->text[i - 1])))
				quote = c;
			else if (c == '#' && (i == a || is_ws(src->text[i - 1]))) {
				hash_comment(dl, src, i, b);
				break;
			}
		}
	}
}

static bool line_is(const struct ol_source *src, size_t a, size_t b, const char *what)
{
	while (b > a && is_ws(src->text[b - 1]))
		b--;
	return b - a == strlen(what) && memcmp(src->text + a, what, b - a) == 0;
}

/* Template: HTML comments anywhere, and `#` comment lines inside the front
 * matter (which is YAML). */
static void scan_template(struct dlist *dl, const struct ol_source *src)
{
	size_t a, b;
	ol_source_line_range(src, 1, &a, &b);
	a = a < src->bom ? src->bom : a;
	if (src->nlines > 1 && line_is(src, a, b, "---")) {
		for (size_t ln = 2; ln <= src->nlines; ln++) {
			ol_source_line_range(src, ln, &a, &b);
			if (line_is(src, a, b, "---") || line_is(src, a, b, "..."))
				break;
			size_t i = a;
			while (i < b && (src->text[i] == ' ' || src->text[i] == '\t'))
				i++;
			if (i < b && src->text[i] == '#')
				hash_comment(dl, src, i, b);
		}
	}
	const char *t = src->text;
	size_t i = 0;
	while (i + 4 <= src->len) {
		const char *o = memmem(t + i, src->len - i, "<!--", 4);
		if (!o)
			break;
		size_t s = (size_t)(o - t);
		const char *c = memmem(t + s + 4, src->len - s - 4, "-->", 3);
		size_t ce = c ? (size_t)(c - t) : src->len; /* unclosed: to the end */
		size_t e = c ? ce + 3 : src->len;
		parse_directive(dl, t + s + 4, ce - s - 4, s, e);
		i = e;
	}
}

/* The byte range [from, to] of the first non-blank line after the line
 * holding offset off; from > to if there is none. */
static void next_line_range(const struct ol_source *src, size_t off, size_t *from, size_t *to)
{
	for (size_t ln = ol_source_line(src, off) + 1; ln <= src->nlines; ln++) {
		size_t a, b;
		ol_source_line_range(src, ln, &a, &b);
		for (size_t i = a; i < b; i++)
			if (!is_ws(src->text[i])) {
				*from = a;
				*to = b;
				return;
			}
	}
	*from = 1;
	*to = 0;
}

static bool shares_token(const struct directive *x, const struct directive *y)
{
	for (size_t i = 0; i < x->ntok; i++)
		for (size_t j = 0; j < y->ntok; j++)
			if (strcmp(x->tok[i], y->tok[j]) == 0)
				return true;
	return false;
}

/* A suppression is valid when it names a rule and gives a reason. */
static bool valid(const struct directive *d)
{
	return d->kind != D_ENABLE && d->ntok > 0 && d->reason;
}

/* The ranges: next-line → that line; disable → up to the next enable that
 * names one of its rules (an enable without rules closes every block). */
static void resolve_ranges(struct dlist *dl, const struct ol_source *src)
{
	for (size_t i = 0; i < dl->n; i++) {
		struct directive *d = &dl->v[i];
		if (d->kind == D_NEXT) {
			next_line_range(src, d->end ? d->end - 1 : 0, &d->from, &d->to);
		} else if (d->kind == D_DISABLE) {
			d->from = d->end;
			d->to = src->len;
			d->open = true;
		} else {
			for (size_t j = 0; j < i; j++) {
				struct directive *o = &dl->v[j];
				if (o->kind != D_DISABLE || o->closed)
					continue;
				if (d->ntok == 0 || shares_token(o, d)) {
					o->to = d->start;
					o->open = false;
					o->closed = true;
				}
			}
		}
	}
}

static bool rule_matches(const char *rule, const char *tok)
{
	size_t k = strlen(tok);
	return strncmp(rule, tok, k) == 0 && (rule[k] == '\0' || rule[k] == '/');
}

static bool covers(const struct directive *d, const struct ol_finding *f, const struct ol_source *src)
{
	bool in = f->start >= d->from && f->start <= d->to;
	/* a disable left open to the end of the file covers the file-level
	 * findings at 1:1 too: there is no line before them to write it on */
	if (!in && d->open && f->start <= src->bom && f->end <= src->bom)
		in = true;
	if (!in)
		return false;
	for (size_t i = 0; i < d->ntok; i++)
		if (rule_matches(f->rule, d->tok[i]))
			return true;
	return false;
}

static void finding_fini(struct ol_finding *f)
{
	free(f->rule);
	free(f->message);
	free(f->cite);
	free(f->hint);
	free(f->fix);
	free(f->context);
}

static char *join_tokens(const struct directive *d)
{
	struct ol_buf b;
	ol_buf_init(&b);
	for (size_t i = 0; i < d->ntok; i++) {
		if (i)
			ol_buf_adds(&b, ", ");
		ol_buf_adds(&b, d->tok[i]);
	}
	return ol_buf_detach(&b);
}

void ol_suppressions_init(struct ol_suppressions *l)
{
	memset(l, 0, sizeof(*l));
}

void ol_suppressions_fini(struct ol_suppressions *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].path);
		free(l->v[i].rules);
		free(l->v[i].reason);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

bool ol_suppress_is_yaml(const char *path)
{
	return ol_has_suffix(path, ".yaml") || ol_has_suffix(path, ".yml");
}

void ol_suppress_apply(const struct ol_source *src, bool yaml, struct ol_findings *fs,
                       struct ol_suppressions *out_list)
{
	if (!src)
		return;
	struct dlist dl = {0};
	if (yaml)
		scan_yaml(&dl, src);
	else
		scan_template(&dl, src);
	if (dl.n == 0)
		return;
	resolve_ranges(&dl, src);

	size_t w = 0;
	for (size_t i = 0; i < fs->n; i++) {
		struct ol_finding *f = &fs->v[i];
		bool drop = false;
		if (strcmp(f->rule, SUPP_RULE) != 0)
			for (size_t k = 0; k < dl.n; k++)
				if (valid(&dl.v[k]) && covers(&dl.v[k], f, src)) {
					/* every covering suppression counts the finding, so
					 * that overlapping ones are not reported unused */
					dl.v[k].hits++;
					drop = true;
				}
		if (drop)
			finding_fini(f);
		else
			fs->v[w++] = *f;
	}
	fs->n = w;

	for (size_t k = 0; k < dl.n; k++) {
		struct directive *d = &dl.v[k];
		if (d->kind != D_ENABLE) {
			char *rules = join_tokens(d);
			if (d->ntok == 0)
				ol_catalog_add(fs, OL_CAT_SUPPRESSION_NO_REASON, d->start, d->end,
				               "Regel: Regel-ID oder Pack nennen");
			else if (!d->reason)
				ol_catalog_add(fs, OL_CAT_SUPPRESSION_NO_REASON, d->start, d->end,
				               "Begründung: nach den Regeln „-- Grund“ anfügen");
			else if (d->hits == 0)
				ol_catalog_add(fs, OL_CAT_SUPPRESSION_UNUSED, d->start, d->end, rules);
			if (out_list) {
				ol_xgrow(&out_list->v, &out_list->cap, out_list->n + 1, sizeof(*out_list->v));
				struct ol_suppression *s = &out_list->v[out_list->n++];
				s->path = ol_xstrdup(src->path);
				s->line = ol_source_line(src, d->start);
				s->col = ol_source_col(src, d->start, OL_COL_CODEPOINT);
				s->kind = d->kind == D_NEXT ? OL_SUPP_NEXT_LINE : OL_SUPP_BLOCK;
				s->rules = rules;
				rules = NULL;
				s->reason = d->reason ? ol_xstrdup(d->reason) : NULL;
				s->start = d->start;
				s->end = d->end;
				s->hits = d->hits;
			}
			free(rules);
		}
		for (size_t i = 0; i < d->ntok; i++)
			free(d->tok[i]);
		free(d->tok);
		free(d->reason);
	}
	free(dl.v);
}

static int cmp_supp(const void *pa, const void *pb)
{
	const struct ol_suppression *a = pa, *b = pb;
	int c = strcmp(a->path, b->path);
	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return strcmp(a->rules, b->rules);
}

/* Text from the linted file never reaches the terminal raw. */
static void add_clean(struct ol_buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7f)
			ol_buf_adds(b, "\xEF\xBF\xBD");
		else
			ol_buf_addc(b, *s);
	}
}

char *ol_suppressions_render(struct ol_suppressions *l)
{
	struct ol_buf b;
	ol_buf_init(&b);
	ol_buf_adds(&b, "");
	if (l->n)
		qsort(l->v, l->n, sizeof(*l->v), cmp_supp);
	for (size_t i = 0; i < l->n; i++) {
		const struct ol_suppression *s = &l->v[i];
		add_clean(&b, s->path);
		ol_buf_printf(&b, ":%zu:%zu: ", s->line, s->col);
		add_clean(&b, s->rules[0] ? s->rules : "(keine Regel)");
		ol_buf_adds(&b, " — ");
		add_clean(&b, s->reason ? s->reason : "(ohne Begründung)");
		ol_buf_printf(&b, " (%u %s)\n", s->hits, s->hits == 1 ? "finding" : "findings");
	}
	return ol_buf_detach(&b);
}
