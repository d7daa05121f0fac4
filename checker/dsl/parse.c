/* dsl/parse.c: runs the scanner and parser of grammar/ over one rule file.
 * Besides ol_dsl_parse it holds what the generated code calls (declared in
 * rules.tab.h): the syntax-error sink, the decoding of token values and
 * the AST constructors of the grammar's actions. Every node and string is
 * allocated in the file's arena; nothing here is global. */
#include "parse.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rules.tab.h"
#include "rules.lex.h"

#define SYNTAX_RULE "dsl/syntax"

/* ---- diagnostics ---------------------------------------------------- */

void ol_parse_error(struct ol_pstate *ps, struct ol_loc loc, const char *fmt, ...)
{
	if (ps->stop)
		return;
	struct ol_buf b;
	ol_buf_init(&b);
	va_list ap;
	va_start(ap, fmt);
	ol_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (++ps->nerrs >= OL_PARSE_MAX_ERRORS) {
		ol_buf_adds(&b, " (too many errors; the rest of the file is not checked)");
		ps->stop = true;
	}
	ol_findings_add(ps->errs, SYNTAX_RULE, OL_SEV_ERROR, loc.start, loc.end, b.data);
	ol_buf_fini(&b);
	if (ps->rule)
		ps->rule_broken = true;
}

static size_t line_of(const struct ol_pstate *ps, size_t off)
{
	return ol_source_line(ps->file->src, off);
}

/* Typographic quotes are the likeliest stray characters in a German file:
 * the author meant a string. */
static bool is_typographic_quote(uint32_t cp)
{
	switch (cp) {
	case 0x201E: case 0x201C: case 0x201D: /* „ “ ” */
	case 0x201A: case 0x2018: case 0x2019: /* ‚ ‘ ’ */
	case 0x00AB: case 0x00BB:              /* « » */
		return true;
	default:
		return false;
	}
}

void ol_parse_stray(struct ol_pstate *ps, const char *s, size_t n, struct ol_loc loc)
{
	uint32_t cp = 0;
	size_t k = ol_utf8_decode(s, n, &cp);
	if (memchr(s, '\0', n)) {
		ol_parse_error(ps, loc, "unexpected NUL byte: this does not look like a rule file");
	} else if (k == 0) {
		ol_parse_error(ps, loc, "invalid UTF-8 byte 0x%02X: save the rule file as UTF-8",
		               (unsigned)(unsigned char)s[0]);
	} else if (is_typographic_quote(cp)) {
		ol_parse_error(ps, loc, "unexpected character '%.*s': strings are written between "
		               "straight double quotes \"…\"", (int)k, s);
	} else if (n == 1 && s[0] == '!') {
		ol_parse_error(ps, loc, "unexpected character '!': write 'not' to negate, '!=' to compare");
	} else if (cp < 0x20 || cp == 0x7F) {
		ol_parse_error(ps, loc, "unexpected control character 0x%02X", (unsigned)cp);
	} else {
		/* Show at most 40 bytes, cut at a character boundary. */
		size_t show = n;
		if (show > 40) {
			show = 40;
			while (show > 0 && ((unsigned char)s[show] & 0xC0) == 0x80)
				show--;
		}
		ol_parse_error(ps, loc, "unexpected character%s '%.*s%s'", n == k ? "" : "s",
		               (int)show, s, show < n ? "…" : "");
	}
}

/* "rule p/n opened at line 3", "list x opened at line 2", "the block
 * opened at line 5" (innermost only), or NULL. */
static const char *describe_open(struct ol_pstate *ps, bool innermost)
{
	struct ol_buf b;
	ol_buf_init(&b);
	if (innermost && ps->block)
		ol_buf_printf(&b, "the block opened at line %zu", line_of(ps, ps->block_loc.start));
	else if (ps->rule)
		ol_buf_printf(&b, "rule %s opened at line %zu", ps->rule->id,
		              line_of(ps, ps->rule->loc.start));
	else if (ps->list)
		ol_buf_printf(&b, "list %s opened at line %zu", ps->list->name,
		              line_of(ps, ps->list->loc.start));
	else
		return NULL;
	char *s = ol_arena_strndup(ps->file->arena, b.data, b.len);
	ol_buf_fini(&b);
	return s;
}

const char *ol_parse_context(struct ol_pstate *ps, bool innermost, bool *in_block)
{
	*in_block = ps->block;
	return describe_open(ps, innermost);
}

void ol_parse_recover_top(struct ol_pstate *ps)
{
	ps->rule = NULL;
	ps->list = NULL;
	ps->stmt = NULL;
	ps->example = NULL;
	ps->block = false;
}

/* ---- token values ----------------------------------------------------- */

char *ol_parse_word(struct ol_pstate *ps, const char *s, size_t n)
{
	return ol_arena_strndup(ps->file->arena, s, n);
}

static void check_nul(struct ol_pstate *ps, const char *s, size_t n, size_t base)
{
	const char *z = memchr(s, '\0', n);
	if (z) {
		size_t at = base + (size_t)(z - s);
		ol_parse_error(ps, (struct ol_loc){at, at + 1}, "NUL byte inside a string");
	}
}

/* s[0..n) is the text between the quotes; loc is the whole token. */
char *ol_parse_string(struct ol_pstate *ps, const char *s, size_t n, struct ol_loc loc)
{
	char *out = ol_arena_alloc(ps->file->arena, n + 1);
	size_t o = 0;
	check_nul(ps, s, n, loc.start + 1);
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\\' || i + 1 == n) {
			out[o++] = s[i];
			continue;
		}
		char c = s[++i];
		switch (c) {
		case '"': out[o++] = '"'; break;
		case '\\': out[o++] = '\\'; break;
		case 'n': out[o++] = '\n'; break;
		case 't': out[o++] = '\t'; break;
		default: {
			uint32_t cp;
			size_t k = ol_utf8_decode(s + i, n - i, &cp);
			if (k == 0)
				k = 1;
			size_t at = loc.start + i; /* the backslash: +1 quote, -1 */
			ol_parse_error(ps, (struct ol_loc){at, at + 1 + k},
			               "unknown escape '\\%.*s' in a string: the escapes are \\\" \\\\ \\n \\t "
			               "(write \\\\ for a backslash)", (int)k, s + i);
			out[o++] = '\\';
			out[o++] = c;
		}
		}
	}
	out[o] = '\0';
	return out;
}

static bool is_blank_line(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return false;
	return true;
}

/* """…""" (s[0..n) between the quotes, at source offset base): no
 * escapes; a line break right after the opening quotes is
 * dropped, and so is the indentation common to all non-blank lines (like
 * Python's textwrap.dedent); blank lines become empty. */
char *ol_parse_raw_string(struct ol_pstate *ps, const char *s, size_t n, size_t base)
{
	check_nul(ps, s, n, base);
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
		i++;
	if (i < n && s[i] == '\n') {
		s += i + 1;
		n -= i + 1;
	}

	const char *margin = NULL;
	size_t mlen = 0;
	for (size_t a = 0; a < n;) {
		const char *nl = memchr(s + a, '\n', n - a);
		size_t b = nl ? (size_t)(nl - s) : n;
		if (!is_blank_line(s + a, b - a)) {
			size_t w = 0;
			while (a + w < b && (s[a + w] == ' ' || s[a + w] == '\t'))
				w++;
			if (!margin) {
				margin = s + a;
				mlen = w;
			} else {
				size_t k = 0;
				while (k < mlen && k < w && margin[k] == s[a + k])
					k++;
				mlen = k;
			}
		}
		a = b + 1;
	}

	char *out = ol_arena_alloc(ps->file->arena, n + 1);
	size_t o = 0;
	for (size_t a = 0; a < n;) {
		const char *nl = memchr(s + a, '\n', n - a);
		size_t b = nl ? (size_t)(nl - s) : n;
		if (!is_blank_line(s + a, b - a)) {
			memcpy(out + o, s + a + mlen, b - a - mlen);
			o += b - a - mlen;
		}
		if (nl)
			out[o++] = '\n';
		a = b + 1;
	}
	out[o] = '\0';
	return out;
}

/* s[0..n) is the whole token "/…/flags". The text keeps every escape but
 * "\/", which only hides the slash from the scanner. */
struct ol_pregex ol_parse_regex(struct ol_pstate *ps, const char *s, size_t n, struct ol_loc loc)
{
	struct ol_pregex re = {NULL, 0};
	size_t close = n - 1;
	while (close > 0 && s[close] != '/')
		close--;
	char *out = ol_arena_alloc(ps->file->arena, close + 1);
	size_t o = 0;
	for (size_t i = 1; i < close; i++) {
		if (s[i] == '\\' && i + 1 < close) {
			if (s[i + 1] != '/')
				out[o++] = '\\';
			out[o++] = s[++i];
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
	re.text = out;
	check_nul(ps, s + 1, close - 1, loc.start + 1);
	if (close == 1)
		ol_parse_error(ps, loc, "empty pattern '//' (a comment starts with '#')");
	for (size_t i = close + 1; i < n; i++) {
		switch (s[i]) {
		case 'i': re.flags |= OL_RF_CASELESS; break;
		case 'x': re.flags |= OL_RF_EXTENDED; break;
		case 'm': re.flags |= OL_RF_MULTILINE; break;
		default:
			ol_parse_error(ps, (struct ol_loc){loc.start + i, loc.start + i + 1},
			               "unknown pattern flag '%c': the flags are i, m and x", s[i]);
		}
	}
	return re;
}

/* Decimal, independent of the C locale (a German LC_NUMERIC would want a
 * comma). Only the first 17 fraction digits count. */
double ol_parse_number(const char *s, size_t n)
{
	double v = 0, frac = 0, scale = 1;
	size_t i = 0;
	for (; i < n && s[i] != '.'; i++)
		v = v * 10 + (s[i] - '0');
	for (i++; i < n && scale < 1e17; i++) {
		frac = frac * 10 + (s[i] - '0');
		scale *= 10;
	}
	return v + frac / scale;
}

/* ---- vectors ---------------------------------------------------------- */

/* Grows an arena array to hold n + 1 elements; arenas cannot realloc, so
 * the old array is left behind (doubling keeps the waste linear). */
static void *grow(struct ol_pstate *ps, void *old, size_t n, size_t *cap, size_t elem)
{
	if (n < *cap)
		return old;
	size_t nc = *cap ? *cap * 2 : 4;
	void *p = ol_arena_alloc(ps->file->arena, nc * elem);
	if (n)
		memcpy(p, old, n * elem);
	*cap = nc;
	return p;
}

struct ol_pnames *ol_parse_names(struct ol_pstate *ps, struct ol_pnames *v, char *name, struct ol_loc loc)
{
	if (!v)
		v = ol_arena_alloc(ps->file->arena, sizeof(*v));
	size_t cap = v->cap;
	v->v = grow(ps, v->v, v->n, &cap, sizeof(*v->v));
	v->locs = grow(ps, v->locs, v->n, &v->cap, sizeof(*v->locs));
	v->v[v->n] = name;
	v->locs[v->n] = loc;
	v->n++;
	return v;
}

struct ol_pexprs *ol_parse_exprs(struct ol_pstate *ps, struct ol_pexprs *v, struct ol_expr *e)
{
	if (!v)
		v = ol_arena_alloc(ps->file->arena, sizeof(*v));
	v->v = grow(ps, v->v, v->n, &v->cap, sizeof(*v->v));
	v->v[v->n++] = e;
	return v;
}

struct ol_pexprs *ol_parse_args_where(struct ol_pstate *ps, struct ol_expr *first, struct ol_expr *where)
{
	struct ol_pexprs *v = ol_parse_exprs(ps, NULL, first);
	v->where = where;
	return v;
}

/* "a", "b" → "a.b" */
static char *join_path(struct ol_pstate *ps, const struct ol_pnames *p)
{
	size_t len = 0;
	for (size_t i = 0; i < p->n; i++)
		len += strlen(p->v[i]) + 1;
	char *s = ol_arena_alloc(ps->file->arena, len + 1);
	size_t o = 0;
	for (size_t i = 0; i < p->n; i++) {
		size_t k = strlen(p->v[i]);
		if (i)
			s[o++] = '.';
		memcpy(s + o, p->v[i], k);
		o += k;
	}
	s[o] = '\0';
	return s;
}

/* ---- top level -------------------------------------------------------- */

void ol_parse_include(struct ol_pstate *ps, char *path, struct ol_loc loc)
{
	struct ol_include *inc = ol_arena_alloc(ps->file->arena, sizeof(*inc));
	inc->path = path;
	inc->loc = loc;
	*ps->include_tail = inc;
	ps->include_tail = &inc->next;
}

void ol_parse_list_open(struct ol_pstate *ps, char *name, struct ol_loc loc)
{
	struct ol_list *l = ol_arena_alloc(ps->file->arena, sizeof(*l));
	l->name = name;
	l->loc = loc;
	l->file = ps->file;
	*ps->list_tail = l;
	ps->list_tail = &l->next;
	ps->list = l;
	ps->entry_tail = &l->entries;
}

void ol_parse_list_inflected(struct ol_pstate *ps)
{
	if (ps->list)
		ps->list->inflected = true;
}

void ol_parse_list_case_sensitive(struct ol_pstate *ps)
{
	if (ps->list)
		ps->list->case_sensitive = true;
}

static void add_entry(struct ol_pstate *ps, bool is_regex, char *text, unsigned flags,
                      char *replacement, struct ol_loc loc)
{
	if (!ps->list)
		return;
	struct ol_list_entry *e = ol_arena_alloc(ps->file->arena, sizeof(*e));
	e->is_regex = is_regex;
	e->text = text;
	e->flags = flags;
	e->replacement = replacement;
	e->loc = loc;
	*ps->entry_tail = e;
	ps->entry_tail = &e->next;
}

void ol_parse_list_phrase(struct ol_pstate *ps, char *text, char *replacement, struct ol_loc loc)
{
	add_entry(ps, false, text, 0, replacement, loc);
}

void ol_parse_list_regex(struct ol_pstate *ps, struct ol_pregex re, char *replacement, struct ol_loc loc)
{
	add_entry(ps, true, re.text, re.flags, replacement, loc);
}

void ol_parse_list_close(struct ol_pstate *ps)
{
	ps->list = NULL;
}

void ol_parse_rule_open(struct ol_pstate *ps, char *id, struct ol_loc loc)
{
	struct ol_rule *r = ol_arena_alloc(ps->file->arena, sizeof(*r));
	r->id = id;
	r->loc = loc;
	r->file = ps->file;
	*ps->rule_tail = r;
	ps->rule_tail = &r->next;
	ps->rule = r;
	ps->rule_broken = false;
	ps->stmt = NULL;
	ps->example = NULL;
	ps->block = false;
	ps->stmt_tail = &r->stmts;
	ps->param_tail = &r->params;
	ps->example_tail = &r->examples;
}

/* `override rule ID`: the rule just opened replaces a loaded one. */
void ol_parse_rule_override(struct ol_pstate *ps, struct ol_loc loc)
{
	if (!ps->rule)
		return;
	ps->rule->override = true;
	ps->rule->override_loc = loc;
}

/* `extend list NAME`: the list just opened adds entries to a loaded one. */
void ol_parse_list_extend(struct ol_pstate *ps)
{
	if (ps->list)
		ps->list->extend = true;
}

void ol_parse_rule_close(struct ol_pstate *ps)
{
	ol_parse_recover_top(ps);
}

/* ---- rule items --------------------------------------------------------- */

static const char *const text_names[] = {
	[OL_PT_SUMMARY] = "summary", [OL_PT_MESSAGE] = "message", [OL_PT_HINT] = "hint",
	[OL_PT_CITE] = "cite", [OL_PT_DOC] = "doc", [OL_PT_URL] = "url", [OL_PT_FIX] = "fix",
};

/* Reports a duplicate item, unless the rule already has a syntax error:
 * then the duplicate is most likely an item of a broken statement that
 * recovery read as the rule's own. */
static void duplicate(struct ol_pstate *ps, struct ol_loc loc, const char *what, const char *advice)
{
	if (ps->rule_broken)
		return;
	ol_parse_error(ps, loc, "duplicate '%s': %s", what, advice);
	ps->rule_broken = false; /* a duplicate is no syntax error */
}

/* Sets *slot unless an earlier item did: the author probably copied a
 * line and forgot to change it, so that is an error, not an override. */
static void set_once(struct ol_pstate *ps, char **slot, char *value, const char *what, struct ol_loc loc)
{
	if (*slot) {
		duplicate(ps, loc, what, "it is already set above");
		return;
	}
	*slot = value;
}

/* A statement has one fix of any kind: replacement, map, remove, insert. */
static bool fix_free(struct ol_pstate *ps, struct ol_loc loc)
{
	const struct ol_stmt *st = ps->stmt;
	ps->fix_set = false;
	if (st->fix || st->fix_map || st->fix_remove || st->fix_insert) {
		duplicate(ps, loc, "fix", "a statement has one fix");
		return false;
	}
	return true;
}

void ol_parse_rule_severity(struct ol_pstate *ps, char *name, struct ol_loc loc)
{
	if (!ps->rule)
		return;
	if (!ps->rule->severity)
		ps->rule->severity_loc = loc;
	set_once(ps, &ps->rule->severity, name, "severity", loc);
}

void ol_parse_rule_text(struct ol_pstate *ps, enum ol_ptext which, char *text, struct ol_loc loc)
{
	struct ol_rule *r = ps->rule;
	if (!r)
		return;
	char **slot = NULL;
	switch (which) {
	case OL_PT_SUMMARY: slot = &r->summary; break;
	case OL_PT_MESSAGE: slot = &r->message; break;
	case OL_PT_HINT: slot = &r->hint; break;
	case OL_PT_CITE: slot = &r->cite; break;
	case OL_PT_DOC: slot = &r->doc; break;
	case OL_PT_URL: slot = &r->url; break;
	case OL_PT_FIX: return; /* not a rule item */
	}
	if (slot)
		set_once(ps, slot, text, text_names[which], loc);
}

void ol_parse_rule_applies(struct ol_pstate *ps, char *name, struct ol_loc loc)
{
	if (!ps->rule)
		return;
	if (!ps->rule->applies)
		ps->rule->applies_loc = loc;
	set_once(ps, &ps->rule->applies, name, "applies", loc);
}

void ol_parse_rule_sections(struct ol_pstate *ps, struct ol_pnames *names, struct ol_loc loc)
{
	if (!ps->rule)
		return;
	if (ps->rule->sections) {
		duplicate(ps, loc, "in", "list all sections in one 'in a, b, c'");
		return;
	}
	ps->rule->sections = names->v;
	ps->rule->section_locs = names->locs;
	ps->rule->nsections = names->n;
}

void ol_parse_rule_when(struct ol_pstate *ps, struct ol_expr *e, struct ol_loc loc)
{
	if (!ps->rule)
		return;
	if (ps->rule->when) {
		duplicate(ps, loc, "when", "combine the conditions with 'and'");
		return;
	}
	ps->rule->when = e;
}

void ol_parse_param(struct ol_pstate *ps, char *name, struct ol_loc loc, struct ol_expr *value)
{
	if (!ps->rule)
		return;
	struct ol_param *p = ol_arena_alloc(ps->file->arena, sizeof(*p));
	p->name = name;
	p->loc = loc;
	p->value = value;
	*ps->param_tail = p;
	ps->param_tail = &p->next;
}

void ol_parse_example(struct ol_pstate *ps, bool good, char *text, struct ol_loc loc)
{
	if (!ps->rule)
		return;
	struct ol_example *ex = ol_arena_alloc(ps->file->arena, sizeof(*ex));
	ex->good = good;
	ex->text = text;
	ex->loc = loc;
	ex->file = ps->file;
	*ps->example_tail = ex;
	ps->example_tail = &ex->next;
	ps->example = ex;
	ps->with_tail = &ex->with;
}

void ol_parse_example_with(struct ol_pstate *ps, char *name, struct ol_loc loc, struct ol_expr *value)
{
	if (!ps->example)
		return;
	struct ol_assign *a = ol_arena_alloc(ps->file->arena, sizeof(*a));
	a->name = name;
	a->loc = loc;
	a->value = value;
	*ps->with_tail = a;
	ps->with_tail = &a->next;
}

/* ---- statements ---------------------------------------------------------- */

static struct ol_stmt *new_stmt(struct ol_pstate *ps, enum ol_stmt_kind kind, struct ol_loc loc)
{
	struct ol_stmt *st = ol_arena_alloc(ps->file->arena, sizeof(*st));
	st->kind = kind;
	st->loc = loc;
	st->as_slot = -1;
	if (ps->rule) {
		*ps->stmt_tail = st;
		ps->stmt_tail = &st->next;
	}
	ps->stmt = st;
	ps->block = false;
	return st;
}

void ol_parse_stmt_match(struct ol_pstate *ps, enum ol_stmt_kind kind, struct ol_matcher *m, struct ol_loc loc)
{
	new_stmt(ps, kind, loc)->m = m;
}

void ol_parse_stmt_assert(struct ol_pstate *ps, char *each, struct ol_loc each_loc, struct ol_expr *e,
                          struct ol_loc loc)
{
	struct ol_stmt *st = new_stmt(ps, each ? OL_S_EACH : OL_S_ASSERT, loc);
	st->expr = e;
	st->each = each;
	if (each)
		st->each_loc = each_loc;
}

/* Several clauses of one kind combine: `unless A unless B` skips a match
 * when either holds, `if A if B` needs both. */
void ol_parse_stmt_unless(struct ol_pstate *ps, struct ol_cond *c)
{
	if (!ps->stmt)
		return;
	struct ol_cond *old = ps->stmt->unless;
	ps->stmt->unless = old ? ol_parse_c_binary(ps, OL_C_OR, old, c,
	                                           (struct ol_loc){old->loc.start, c->loc.end})
	                       : c;
}

void ol_parse_stmt_if(struct ol_pstate *ps, struct ol_cond *c)
{
	if (!ps->stmt)
		return;
	struct ol_cond *old = ps->stmt->ifc;
	ps->stmt->ifc = old ? ol_parse_c_binary(ps, OL_C_AND, old, c,
	                                        (struct ol_loc){old->loc.start, c->loc.end})
	                    : c;
}

void ol_parse_block_open(struct ol_pstate *ps, struct ol_loc loc)
{
	ps->block = true;
	ps->block_loc = loc;
}

void ol_parse_block_close(struct ol_pstate *ps)
{
	ps->block = false;
}

void ol_parse_stmt_severity(struct ol_pstate *ps, char *name, struct ol_loc loc)
{
	if (!ps->stmt)
		return;
	if (!ps->stmt->has_severity) {
		ps->stmt->has_severity = true;
		ps->stmt->severity_loc = loc;
	}
	set_once(ps, &ps->stmt->severity, name, "severity", loc);
}

void ol_parse_stmt_text(struct ol_pstate *ps, enum ol_ptext which, char *text, struct ol_loc loc)
{
	struct ol_stmt *st = ps->stmt;
	if (!st)
		return;
	switch (which) {
	case OL_PT_MESSAGE: set_once(ps, &st->message, text, "message", loc); break;
	case OL_PT_HINT: set_once(ps, &st->hint, text, "hint", loc); break;
	case OL_PT_FIX:
		if (!fix_free(ps, loc))
			return;
		ps->fix_set = true;
		st->fix_loc = loc;
		st->fix = text;
		break;
	default: break; /* not a block item */
	}
}

void ol_parse_stmt_fix_map(struct ol_pstate *ps, char *list, struct ol_loc loc)
{
	if (!ps->stmt || !fix_free(ps, loc))
		return;
	ps->fix_set = true;
	ps->stmt->fix_loc = loc;
	ps->stmt->fix_map = list;
}

void ol_parse_stmt_fix_remove(struct ol_pstate *ps, struct ol_loc loc)
{
	if (!ps->stmt || !fix_free(ps, loc))
		return;
	ps->fix_set = true;
	ps->stmt->fix_loc = loc;
	ps->stmt->fix_remove = true;
}

void ol_parse_stmt_fix_insert(struct ol_pstate *ps, char *text, struct ol_loc loc)
{
	if (!ps->stmt || !fix_free(ps, loc))
		return;
	ps->fix_set = true;
	ps->stmt->fix_loc = loc;
	ps->stmt->fix_insert = text;
}

/* Places go to the statement whose `fix insert` is open; a place after a
 * rejected (duplicate) insert has no owner and is dropped. */
void ol_parse_fix_place(struct ol_pstate *ps, bool after, char *section, struct ol_loc loc)
{
	if (!ps->stmt || !ps->fix_set || !ps->stmt->fix_insert)
		return;
	struct ol_fix_place *p = ol_arena_alloc(ps->file->arena, sizeof *p);
	p->after = after;
	p->section = section;
	p->loc = loc;
	p->sec = -1;
	struct ol_fix_place **tail = &ps->stmt->fix_places;
	while (*tail)
		tail = &(*tail)->next;
	*tail = p;
}

/* The whole item, "fix" included, is the fix's location. fix_set tells a
 * rejected duplicate apart (it left the first fix in place). */
void ol_parse_stmt_fix_done(struct ol_pstate *ps, bool unsafe, struct ol_loc loc)
{
	struct ol_stmt *st = ps->stmt;
	if (!st || !ps->fix_set)
		return;
	ps->fix_set = false;
	st->fix_loc = loc;
	st->fix_unsafe = unsafe;
}

void ol_parse_stmt_sections(struct ol_pstate *ps, struct ol_pnames *names, struct ol_loc loc)
{
	if (!ps->stmt)
		return;
	if (ps->stmt->sections) {
		duplicate(ps, loc, "in", "list all sections in one 'in a, b, c'");
		return;
	}
	ps->stmt->sections = names->v;
	ps->stmt->section_locs = names->locs;
	ps->stmt->nsections = names->n;
}

void ol_parse_stmt_when(struct ol_pstate *ps, struct ol_expr *e, struct ol_loc loc)
{
	if (!ps->stmt)
		return;
	if (ps->stmt->when) {
		duplicate(ps, loc, "when", "combine the conditions with 'and'");
		return;
	}
	ps->stmt->when = e;
}

void ol_parse_stmt_as(struct ol_pstate *ps, char *name, struct ol_loc loc)
{
	if (!ps->stmt)
		return;
	if (!ps->stmt->as_name)
		ps->stmt->as_loc = loc;
	set_once(ps, &ps->stmt->as_name, name, "as", loc);
}

/* `max N` is read as IDENT NUMBER so that "max" stays usable as a name. */
void ol_parse_stmt_max(struct ol_pstate *ps, char *name, struct ol_loc name_loc, double n, struct ol_loc loc)
{
	if (strcmp(name, "max") != 0) {
		ol_parse_error(ps, name_loc, "unexpected name '%s' in a statement block (did you mean 'max %g'?)", name, n);
		return;
	}
	if (!ps->stmt)
		return;
	if (n < 0 || n != (double)(long)n) {
		ol_parse_error(ps, loc, "max takes a whole number of matches");
		return;
	}
	ps->stmt->has_max = true;
	ps->stmt->max = n;
	ps->stmt->max_loc = loc;
}

void ol_parse_stmt_at(struct ol_pstate *ps, struct ol_pnames *path, struct ol_loc loc)
{
	if (!ps->stmt)
		return;
	if (!ps->stmt->at)
		ps->stmt->at_loc = loc;
	set_once(ps, &ps->stmt->at, join_path(ps, path), "at", loc);
}

/* ---- matchers and conditions ----------------------------------------------- */

static struct ol_matcher *new_matcher(struct ol_pstate *ps, enum ol_matcher_kind kind, struct ol_loc loc)
{
	struct ol_matcher *m = ol_arena_alloc(ps->file->arena, sizeof(*m));
	m->kind = kind;
	m->loc = loc;
	m->builtin = -1;
	return m;
}

struct ol_matcher *ol_parse_m_regex(struct ol_pstate *ps, struct ol_pregex re, struct ol_loc loc)
{
	struct ol_matcher *m = new_matcher(ps, OL_M_REGEX, loc);
	m->text = re.text;
	m->flags = re.flags;
	return m;
}

struct ol_matcher *ol_parse_m_phrase(struct ol_pstate *ps, char *text, struct ol_loc loc)
{
	struct ol_matcher *m = new_matcher(ps, OL_M_PHRASE, loc);
	m->text = text;
	return m;
}

struct ol_matcher *ol_parse_m_call(struct ol_pstate *ps, char *func, struct ol_loc func_loc,
                                   struct ol_pnames *args, struct ol_loc loc)
{
	struct ol_matcher *m = new_matcher(ps, OL_M_CALL, loc);
	m->func = func;
	if (func && (!strcmp(func, "superlative") || !strcmp(func, "misspelled")))
		ps->file->calls_spell = true;
	m->func_loc = func_loc;
	if (args) {
		m->args = args->v;
		m->arg_locs = args->locs;
		m->nargs = args->n;
	}
	return m;
}

/* Nodes carry their tree depth in a hidden header, so that nesting is
 * bounded for the passes that recurse over the tree (left-deep chains such
 * as `a or b or c …` never show on the parser's stack). */
struct cond_box {
	unsigned depth;
	struct ol_cond c;
};

struct expr_box {
	unsigned depth;
	struct ol_expr e;
};

static unsigned cond_depth(const struct ol_cond *c)
{
	if (!c)
		return 0;
	return ((const struct cond_box *)(const void *)((const char *)c - offsetof(struct cond_box, c)))->depth;
}

static unsigned expr_depth(const struct ol_expr *e)
{
	if (!e)
		return 0;
	return ((const struct expr_box *)(const void *)((const char *)e - offsetof(struct expr_box, e)))->depth;
}

/* Reports (once per file) a tree deeper than OL_PARSE_MAX_DEPTH; the
 * caller then drops the new node, so the tree stays bounded. */
static bool too_deep(struct ol_pstate *ps, unsigned depth, struct ol_loc loc)
{
	if (depth <= OL_PARSE_MAX_DEPTH)
		return false;
	if (!ps->too_deep) {
		ps->too_deep = true;
		ol_parse_error(ps, loc, "expression nested too deeply (more than %d levels)",
		               OL_PARSE_MAX_DEPTH);
	}
	return true;
}

static struct ol_cond *new_cond(struct ol_pstate *ps, enum ol_cond_kind kind, unsigned depth, struct ol_loc loc)
{
	struct cond_box *box = ol_arena_alloc(ps->file->arena, sizeof(*box));
	box->depth = depth;
	box->c.kind = kind;
	box->c.loc = loc;
	return &box->c;
}

struct ol_cond *ol_parse_c_match(struct ol_pstate *ps, enum ol_scope scope, struct ol_matcher *m, struct ol_loc loc)
{
	struct ol_cond *c = new_cond(ps, OL_C_MATCH, 1, loc);
	c->scope = scope;
	c->m = m;
	return c;
}

struct ol_cond *ol_parse_c_binary(struct ol_pstate *ps, enum ol_cond_kind kind, struct ol_cond *a,
                                  struct ol_cond *b, struct ol_loc loc)
{
	unsigned da = cond_depth(a), db = cond_depth(b);
	unsigned d = 1 + (da > db ? da : db);
	if (too_deep(ps, d, loc))
		return a;
	struct ol_cond *c = new_cond(ps, kind, d, loc);
	c->a = a;
	c->b = b;
	return c;
}

struct ol_cond *ol_parse_c_not(struct ol_pstate *ps, struct ol_cond *a, struct ol_loc loc)
{
	unsigned d = 1 + cond_depth(a);
	if (too_deep(ps, d, loc))
		return a;
	struct ol_cond *c = new_cond(ps, OL_C_NOT, d, loc);
	c->a = a;
	return c;
}

/* ---- expressions ----------------------------------------------------------- */

static struct ol_expr *new_expr(struct ol_pstate *ps, enum ol_expr_kind kind, unsigned depth, struct ol_loc loc)
{
	struct expr_box *box = ol_arena_alloc(ps->file->arena, sizeof(*box));
	box->depth = depth;
	box->e.kind = kind;
	box->e.loc = loc;
	box->e.field = -1;
	box->e.builtin = -1;
	return &box->e;
}

struct ol_expr *ol_parse_e_num(struct ol_pstate *ps, double num, struct ol_loc loc)
{
	struct ol_expr *e = new_expr(ps, OL_E_NUM, 1, loc);
	e->num = num;
	return e;
}

struct ol_expr *ol_parse_e_str(struct ol_pstate *ps, char *s, struct ol_loc loc)
{
	struct ol_expr *e = new_expr(ps, OL_E_STR, 1, loc);
	e->str = s;
	return e;
}

struct ol_expr *ol_parse_e_bool(struct ol_pstate *ps, bool v, struct ol_loc loc)
{
	struct ol_expr *e = new_expr(ps, OL_E_BOOL, 1, loc);
	e->num = v ? 1 : 0;
	return e;
}

struct ol_expr *ol_parse_e_regex(struct ol_pstate *ps, struct ol_pregex re, struct ol_loc loc)
{
	struct ol_expr *e = new_expr(ps, OL_E_REGEX, 1, loc);
	e->str = re.text;
	e->flags = re.flags;
	return e;
}

struct ol_expr *ol_parse_e_path(struct ol_pstate *ps, struct ol_pnames *path, struct ol_loc loc)
{
	struct ol_expr *e = new_expr(ps, OL_E_PATH, 1, loc);
	e->str = join_path(ps, path);
	return e;
}

static unsigned items_depth(const struct ol_pexprs *v)
{
	unsigned d = 0;
	if (!v)
		return 0;
	for (size_t i = 0; i < v->n; i++)
		if (expr_depth(v->v[i]) > d)
			d = expr_depth(v->v[i]);
	if (expr_depth(v->where) > d)
		d = expr_depth(v->where);
	return d;
}

struct ol_expr *ol_parse_e_list(struct ol_pstate *ps, struct ol_pexprs *items, struct ol_loc loc)
{
	unsigned d = 1 + items_depth(items);
	struct ol_expr *e = new_expr(ps, OL_E_LIST, d, loc);
	if (items && !too_deep(ps, d, loc)) {
		e->items = items->v;
		e->nitems = items->n;
	}
	return e;
}

struct ol_expr *ol_parse_e_call(struct ol_pstate *ps, char *func, struct ol_pexprs *args, struct ol_loc loc)
{
	unsigned d = 1 + items_depth(args);
	struct ol_expr *e = new_expr(ps, OL_E_CALL, d, loc);
	e->func = func;
	if (func && !strcmp(func, "german_share"))
		ps->file->calls_spell = true;
	if (args && !too_deep(ps, d, loc)) {
		e->items = args->v;
		e->nitems = args->n;
		e->where = args->where;
	}
	return e;
}

struct ol_expr *ol_parse_e_unary(struct ol_pstate *ps, enum ol_op op, struct ol_expr *a, struct ol_loc loc)
{
	unsigned d = 1 + expr_depth(a);
	if (too_deep(ps, d, loc))
		return a;
	struct ol_expr *e = new_expr(ps, OL_E_UNARY, d, loc);
	e->op = op;
	e->a = a;
	return e;
}

struct ol_expr *ol_parse_e_binary(struct ol_pstate *ps, enum ol_op op, struct ol_expr *a,
                                  struct ol_expr *b, struct ol_loc loc)
{
	unsigned da = expr_depth(a), db = expr_depth(b);
	unsigned d = 1 + (da > db ? da : db);
	if (too_deep(ps, d, loc))
		return a;
	struct ol_expr *e = new_expr(ps, OL_E_BINARY, d, loc);
	e->op = op;
	e->a = a;
	e->b = b;
	return e;
}

/* ---- entry points ---------------------------------------------------------- */

struct ol_rulefile *ol_dsl_parse(struct ol_source *src, struct ol_findings *errs)
{
	struct ol_rulefile *f = ol_xcalloc(1, sizeof(*f));
	f->src = src;
	f->arena = ol_arena_new();

	struct ol_findings dropped;
	ol_findings_init(&dropped);
	struct ol_pstate ps;
	memset(&ps, 0, sizeof(ps));
	ps.file = f;
	ps.errs = errs ? errs : &dropped;
	ps.rule_tail = &f->rules;
	ps.list_tail = &f->lists;
	ps.include_tail = &f->includes;

	size_t skip = src->len >= 3 && memcmp(src->text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	ps.off = skip;
	if (src->len - skip > (size_t)INT_MAX - 2) {
		ol_parse_error(&ps, (struct ol_loc){0, 0}, "rule file too large");
	} else {
		yyscan_t scanner;
		olrllex_init_extra(&ps, &scanner);
		YY_BUFFER_STATE buf = olrl_scan_bytes(src->text + skip, (int)(src->len - skip), scanner);
		olrlparse(scanner, &ps);
		olrl_delete_buffer(buf, scanner);
		olrllex_destroy(scanner);
	}
	ol_findings_fini(&dropped);
	return f;
}

void ol_rulefile_free(struct ol_rulefile *f)
{
	if (!f)
		return;
	ol_source_free(f->src);
	ol_arena_free(f->arena);
	free(f);
}
