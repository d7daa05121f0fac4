/* dsl/resolve.c: loading rule files (with includes) and the semantic pass:
 * names, severities, sections, fields and parameters are checked here, and
 * every pattern is compiled once. Parsing (grammar/) only builds the tree. */
#include "ruleset.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "../content/template.h"
#include "../engine/pattern.h"
#include "parse.h"

#define MAX_INCLUDE_DEPTH 32

struct ol_ruleset *ol_ruleset_new(void)
{
	return ol_xcalloc(1, sizeof(struct ol_ruleset));
}

void ol_ruleset_free(struct ol_ruleset *rs)
{
	if (!rs)
		return;
	for (size_t i = 0; i < rs->npatterns; i++) {
		ol_re_free(rs->patterns[i].re);
		free(rs->patterns[i].source);
	}
	free(rs->patterns);
	for (size_t i = 0; i < rs->nfiles; i++)
		ol_rulefile_free(rs->files[i]);
	free(rs->files);
	free(rs->rules);
	free(rs->lists);
	free(rs);
}

/* ---- errors ---------------------------------------------------------- */

static struct ol_file_result *err_file(struct ol_report *errs, const struct ol_source *src,
                                       const char *path)
{
	for (size_t i = 0; i < errs->n; i++)
		if (strcmp(errs->files[i].path, path) == 0)
			return &errs->files[i];
	struct ol_file_result *r = ol_report_add(errs, path);
	if (src)
		r->src = ol_source_from_string(src->path, src->text, src->len);
	return r;
}

void ol_dsl_error(struct ol_report *errs, const struct ol_rulefile *file,
                  struct ol_loc loc, const char *rule, const char *fmt, ...)
{
	struct ol_buf b;
	va_list ap;
	ol_buf_init(&b);
	va_start(ap, fmt);
	ol_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	struct ol_file_result *r = err_file(errs, file->src, file->src->path);
	ol_findings_add(&r->findings, rule, OL_SEV_ERROR, loc.start, loc.end, b.data);
	ol_buf_fini(&b);
}

/* ---- loading ----------------------------------------------------------- */

/* Files keep the path the user or the include spelled; identity is the
 * real path. */
static bool same_file(const char *path, const char *real)
{
	char r[PATH_MAX];
	return realpath(path, r) && strcmp(r, real) == 0;
}

static bool already_loaded(const struct ol_ruleset *rs, const char *real)
{
	for (size_t i = 0; i < rs->nfiles; i++)
		if (same_file(rs->files[i]->src->path, real))
			return true;
	return false;
}

static int load_file(struct ol_ruleset *rs, const char *path, struct ol_report *errs,
                     const struct ol_rulefile *from, struct ol_loc from_loc,
                     const char **stack, size_t depth, const char *root);

/* The root of a load: the real path of the folder that was named, or of
 * the folder of the rule file that was named. Includes must resolve inside
 * it, so a rule pack cannot pull in files from elsewhere on the disk.
 * Owned; NULL if it cannot be resolved (then includes are not confined). */
static char *load_root(const char *path, bool is_dir)
{
	char *dir = is_dir ? ol_xstrdup(path) : ol_path_dir(path);
	char real[PATH_MAX];
	char *r = realpath(dir, real) ? ol_xstrdup(real) : NULL;
	free(dir);
	return r;
}

static bool inside_root(const char *real, const char *root)
{
	if (!root)
		return true;
	size_t n = strlen(root);
	if (n == 1 && root[0] == '/')
		return true;
	return strncmp(real, root, n) == 0 && real[n] == '/';
}

static void add_file(struct ol_ruleset *rs, struct ol_rulefile *f)
{
	ol_xgrow(&rs->files, &rs->capf, rs->nfiles + 1, sizeof(*rs->files));
	rs->files[rs->nfiles++] = f;
}

static void follow_includes(struct ol_ruleset *rs, struct ol_rulefile *f,
                            struct ol_report *errs, const char **stack, size_t depth,
                            const char *root)
{
	char *dir = ol_path_dir(f->src->path);
	for (struct ol_include *inc = f->includes; inc; inc = inc->next) {
		char *p = ol_path_join(dir, inc->path);
		load_file(rs, p, errs, f, inc->loc, stack, depth + 1, root);
		free(p);
	}
	free(dir);
}

static struct ol_rulefile *parse_into(struct ol_ruleset *rs, struct ol_source *src,
                                      struct ol_report *errs)
{
	struct ol_findings fs;
	ol_findings_init(&fs);
	struct ol_rulefile *f = ol_dsl_parse(src, &fs);
	if (fs.n) {
		struct ol_file_result *r = err_file(errs, f->src, f->src->path);
		ol_findings_move(&r->findings, &fs);
	}
	ol_findings_fini(&fs);
	add_file(rs, f);
	return f;
}

static int load_file(struct ol_ruleset *rs, const char *path, struct ol_report *errs,
                     const struct ol_rulefile *from, struct ol_loc from_loc,
                     const char **stack, size_t depth, const char *root)
{
	char real[PATH_MAX];
	if (!realpath(path, real)) {
		if (from) {
			ol_dsl_error(errs, from, from_loc, "dsl/include",
			             "cannot read included file '%s': %s", path, strerror(errno));
		} else {
			struct ol_file_result *r = err_file(errs, NULL, path);
			ol_findings_add(&r->findings, "dsl/io", OL_SEV_ERROR, 0, 0, strerror(errno));
		}
		return -1;
	}
	if (from && !inside_root(real, root)) {
		ol_dsl_error(errs, from, from_loc, "dsl/include",
		             "included file '%s' is outside the rule folder '%s'", path, root);
		return -1;
	}
	for (size_t i = 0; i < depth; i++) {
		if (same_file(stack[i], real)) {
			ol_dsl_error(errs, from, from_loc, "dsl/include",
			             "include cycle: '%s' includes itself", path);
			return -1;
		}
	}
	if (depth >= MAX_INCLUDE_DEPTH) {
		ol_dsl_error(errs, from, from_loc, "dsl/include", "includes nested too deeply");
		return -1;
	}
	if (already_loaded(rs, real))
		return 0; /* included twice (diamond): load once */
	struct ol_source *src = ol_source_load(path);
	if (!src) {
		if (from)
			ol_dsl_error(errs, from, from_loc, "dsl/include",
			             "cannot read included file '%s': %s", path, strerror(errno));
		else {
			struct ol_file_result *r = err_file(errs, NULL, path);
			ol_findings_add(&r->findings, "dsl/io", OL_SEV_ERROR, 0, 0, strerror(errno));
		}
		return -1;
	}
	struct ol_rulefile *f = parse_into(rs, src, errs);
	stack[depth] = f->src->path;
	follow_includes(rs, f, errs, stack, depth, root);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_dir(struct ol_ruleset *rs, const char *dir, struct ol_report *errs, int depth,
                    const char *root)
{
	DIR *d = opendir(dir);
	if (!d) {
		struct ol_file_result *r = err_file(errs, NULL, dir);
		ol_findings_add(&r->findings, "dsl/io", OL_SEV_ERROR, 0, 0, strerror(errno));
		return -1;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		ol_xgrow(&names, &cap, n + 1, sizeof(*names));
		names[n++] = ol_xstrdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		char *p = ol_path_join(dir, names[i]);
		struct stat st;
		if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (depth < 16 && load_dir(rs, p, errs, depth + 1, root) != 0)
				rc = -1;
		} else if (ol_has_suffix(names[i], ".rules")) {
			const char *stack[MAX_INCLUDE_DEPTH + 1];
			if (load_file(rs, p, errs, NULL, (struct ol_loc){0, 0}, stack, 0, root) != 0)
				rc = -1;
		}
		free(p);
		free(names[i]);
	}
	free(names);
	return rc;
}

int ol_ruleset_load(struct ol_ruleset *rs, const char *path, struct ol_report *errs)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		struct ol_file_result *r = err_file(errs, NULL, path);
		ol_findings_add(&r->findings, "dsl/io", OL_SEV_ERROR, 0, 0, strerror(errno));
		return -1;
	}
	bool is_dir = S_ISDIR(st.st_mode);
	char *root = load_root(path, is_dir);
	int rc;
	if (is_dir) {
		rc = load_dir(rs, path, errs, 0, root);
	} else {
		const char *stack[MAX_INCLUDE_DEPTH + 1];
		rc = load_file(rs, path, errs, NULL, (struct ol_loc){0, 0}, stack, 0, root);
	}
	free(root);
	return rc;
}

int ol_ruleset_load_text(struct ol_ruleset *rs, const char *name, const char *text,
                         struct ol_report *errs)
{
	struct ol_source *src = ol_source_from_string(name, text, strlen(text));
	struct ol_rulefile *f = parse_into(rs, src, errs);
	const char *stack[MAX_INCLUDE_DEPTH + 1];
	stack[0] = f->src->path;
	char *root = load_root(name, false);
	follow_includes(rs, f, errs, stack, 1, root);
	free(root);
	return 0;
}

/* ---- resolution -------------------------------------------------------- */

struct rctx {
	struct ol_ruleset *rs;
	struct ol_report *errs;
	struct ol_rulefile *file;
	struct ol_rule *rule;
	size_t nerr;
	bool check_only;       /* the pattern being compiled is only checked */
	const char **as_names; /* the rule's `as` names so far */
	size_t nas, capas;
};

#define RERR(c, loc, ...)                                                      \
	do {                                                                   \
		ol_dsl_error((c)->errs, (c)->file, (loc), "dsl/name", __VA_ARGS__); \
		(c)->nerr++;                                                   \
	} while (0)

static struct ol_list *find_list(struct ol_ruleset *rs, const char *name)
{
	for (size_t i = 0; i < rs->nlists; i++)
		if (strcmp(rs->lists[i]->name, name) == 0)
			return rs->lists[i];
	return NULL;
}

/* Offset of pattern position erroff in the rule file: the regex text starts
 * one byte after the opening slash. `\/` became `/`, so this can be off by
 * the number of escaped slashes before it; good enough for a caret. */
static struct ol_loc pattern_loc(struct ol_loc loc, size_t erroff)
{
	struct ol_loc l = loc;
	size_t p = loc.start + 1 + erroff;
	if (p >= loc.end)
		p = loc.end ? loc.end - 1 : loc.start;
	l.start = p;
	l.end = p + 1;
	return l;
}

static void *compile_or_report(struct rctx *c, const char *pat, size_t len, unsigned flags,
                               struct ol_loc loc, bool at_offset)
{
	char *err = NULL;
	size_t off = 0;
	struct ol_re *re = ol_re_compile(pat, len, flags, &err, &off);
	if (re) {
		ol_xgrow(&c->rs->patterns, &c->rs->cappatterns, c->rs->npatterns + 1,
		         sizeof(*c->rs->patterns));
		c->rs->patterns[c->rs->npatterns++] =
		    (struct ol_compiled){re, ol_xstrndup(pat, len), flags, c->check_only};
	}
	if (!re) {
		ol_dsl_error(c->errs, c->file, at_offset ? pattern_loc(loc, off) : loc,
		             "dsl/pattern", "invalid pattern: %s (at offset %zu)", err, off);
		c->nerr++;
		free(err);
	}
	return re;
}

/* Whole-word boundaries that understand umlauts and ß (rules.md §4.0). */
#define WB_BEFORE "(?<![\\p{L}\\p{N}_])"
#define WB_AFTER "(?![\\p{L}\\p{N}_])"

static void add_phrase(struct ol_buf *b, const char *s, bool inflected)
{
	/* spaces match any white space; the rest is literal */
	const char *p = s;
	while (*p == ' ')
		p++;
	while (*p) {
		size_t n = strcspn(p, " ");
		ol_re_quote(b, p, n);
		p += n;
		if (*p) {
			while (*p == ' ')
				p++;
			if (*p)
				ol_buf_adds(b, "\\s+");
		}
	}
	if (inflected)
		ol_buf_adds(b, "(?:e|er|en|em|es)?");
}

static void *compile_phrase(struct rctx *c, struct ol_matcher *m)
{
	struct ol_buf b;
	ol_buf_init(&b);
	ol_buf_adds(&b, WB_BEFORE "(?:");
	add_phrase(&b, m->text, false);
	ol_buf_adds(&b, ")" WB_AFTER);
	void *re = compile_or_report(c, b.data, b.len, OL_RF_CASELESS, m->loc, false);
	ol_buf_fini(&b);
	return re;
}

static int cmp_entry_len(const void *pa, const void *pb)
{
	const struct ol_list_entry *a = *(struct ol_list_entry *const *)pa;
	const struct ol_list_entry *b = *(struct ol_list_entry *const *)pb;
	size_t la = strlen(a->text), lb = strlen(b->text);
	if (la != lb)
		return la > lb ? -1 : 1;
	return a->loc.start < b->loc.start ? -1 : a->loc.start > b->loc.start;
}

/* One alternation for the whole list, longest entries first, so that
 * „Beste Grüße“ wins over „Beste“ at the same position. */
static void compile_list(struct rctx *c, struct ol_list *l)
{
	size_t n = 0;
	for (struct ol_list_entry *e = l->entries; e; e = e->next) {
		n++;
		if (e->is_regex) { /* check each regex alone for a precise error */
			struct ol_rulefile *save = c->file;
			c->file = e->file ? e->file : l->file;
			c->check_only = true;
			struct ol_re *re = compile_or_report(c, e->text, strlen(e->text), e->flags, e->loc, true);
			c->check_only = false;
			c->file = save;
			if (!re)
				return;
		}
	}
	if (n == 0) {
		struct ol_rulefile *save = c->file;
		c->file = l->file;
		RERR(c, l->loc, "list '%s' is empty", l->name);
		c->file = save;
		return;
	}
	struct ol_list_entry **v = ol_xcalloc(n, sizeof(*v));
	size_t i = 0;
	for (struct ol_list_entry *e = l->entries; e; e = e->next)
		v[i++] = e;
	qsort(v, n, sizeof(*v), cmp_entry_len);
	struct ol_buf b;
	ol_buf_init(&b);
	ol_buf_adds(&b, WB_BEFORE "(?:");
	for (i = 0; i < n; i++) {
		if (i)
			ol_buf_addc(&b, '|');
		if (v[i]->is_regex) {
			ol_buf_adds(&b, "(?");
			if (v[i]->flags & OL_RF_CASELESS)
				ol_buf_addc(&b, 'i');
			else if (!l->case_sensitive)
				ol_buf_addc(&b, 'i');
			if (v[i]->flags & OL_RF_EXTENDED)
				ol_buf_addc(&b, 'x');
			if (v[i]->flags & OL_RF_MULTILINE)
				ol_buf_addc(&b, 'm');
			ol_buf_addc(&b, ':');
			ol_buf_adds(&b, v[i]->text);
			ol_buf_addc(&b, ')');
		} else {
			ol_buf_adds(&b, "(?:");
			add_phrase(&b, v[i]->text, l->inflected);
			ol_buf_addc(&b, ')');
		}
	}
	ol_buf_adds(&b, ")" WB_AFTER);
	free(v);
	struct ol_rulefile *save = c->file;
	c->file = l->file;
	l->re = compile_or_report(c, b.data, b.len, l->case_sensitive ? 0 : OL_RF_CASELESS,
	                          l->loc, false);
	c->file = save;
	ol_buf_fini(&b);
}

static void resolve_matcher(struct rctx *c, struct ol_matcher *m)
{
	switch (m->kind) {
	case OL_M_REGEX:
		m->re = compile_or_report(c, m->text, strlen(m->text), m->flags, m->loc, true);
		break;
	case OL_M_PHRASE:
		m->re = compile_phrase(c, m);
		break;
	case OL_M_CALL:
		if (strcmp(m->func, "any") == 0) {
			m->builtin = OL_BI_ANY;
			if (m->nargs != 1) {
				RERR(c, m->loc, "any() takes one list name");
				break;
			}
			m->list = find_list(c->rs, m->args[0]);
			if (!m->list)
				RERR(c, m->arg_locs[0], "unknown list '%s'", m->args[0]);
		} else if (strcmp(m->func, "superlative") == 0) {
			m->builtin = OL_BI_SUPERLATIVE;
			c->rs->needs_spell = true;
			if (c->rule)
				c->rule->needs_spell = true;
			if (m->nargs != 0)
				RERR(c, m->loc, "superlative() takes no arguments");
		} else if (strcmp(m->func, "misspelled") == 0) {
			m->builtin = OL_BI_MISSPELLED;
			c->rs->needs_spell = true;
			if (c->rule)
				c->rule->needs_spell = true;
			/* the lists are kept in args; each must exist */
			for (size_t i = 0; i < m->nargs; i++)
				if (!find_list(c->rs, m->args[i]))
					RERR(c, m->arg_locs[i], "unknown list '%s'", m->args[i]);
		} else if (strcmp(m->func, "sentence_start") == 0 || strcmp(m->func, "opening") == 0 ||
		           strcmp(m->func, "unknown_placeholder") == 0) {
			m->builtin = m->func[0] == 's' ? OL_BI_SENTENCE_START
			             : m->func[0] == 'o' ? OL_BI_OPENING : OL_BI_UNKNOWN_PLACEHOLDER;
			if (m->nargs != 0)
				RERR(c, m->loc, "%s() takes no arguments", m->func);
		} else {
			RERR(c, m->func_loc, "unknown function '%s' (known: any, superlative, misspelled, "
			     "sentence_start, opening, unknown_placeholder)", m->func);
		}
		break;
	}
}

static void resolve_cond(struct rctx *c, struct ol_cond *k)
{
	if (!k)
		return;
	if (k->kind == OL_C_MATCH)
		resolve_matcher(c, k->m);
	resolve_cond(c, k->a);
	resolve_cond(c, k->b);
}

enum ectx { E_TEMPLATE, E_CAMPAIGN, E_STEP };

static const char *const campaign_keys[] = {
	"campaign", "audience", "consent", "legal_basis", "data_source",
	"retention_months", "sender", "limits", "stop_on", "variables", "steps",
	"name", "consent_record", NULL};

static bool in_list(const char *const *v, const char *s, size_t n)
{
	for (; *v; v++)
		if (strlen(*v) == n && strncmp(*v, s, n) == 0)
			return true;
	return false;
}

static struct ol_param *find_param(struct ol_rule *r, const char *name)
{
	for (struct ol_param *p = r->params; p; p = p->next)
		if (strcmp(p->name, name) == 0)
			return p;
	return NULL;
}

static int field_of(struct rctx *c, const char *path, enum ectx ctx, int *slot)
{
	size_t n = strcspn(path, ".");
	bool dotted = path[n] == '.';
#define IS(s) (n == strlen(s) && strncmp(path, s, n) == 0)
	if (ctx == E_STEP) {
		if (!dotted) {
			if (IS("index")) return OL_F_S_INDEX;
			if (IS("template")) return OL_F_S_TEMPLATE;
			if (IS("channel")) return OL_F_S_CHANNEL;
			if (IS("day")) return OL_F_S_DAY;
			if (IS("template_exists")) return OL_F_S_TEMPLATE_EXISTS;
			if (IS("gap")) return OL_F_S_GAP;
			if (IS("template_seen")) return OL_F_S_TEMPLATE_SEEN;
			if (IS("template_outside")) return OL_F_S_TEMPLATE_OUTSIDE;
		}
		ctx = E_CAMPAIGN;
	}
	if (ctx == E_CAMPAIGN)
		return in_list(campaign_keys, path, n) ? OL_F_ROOT : OL_F_NONE;
	if (!dotted) {
		if (IS("step")) return OL_F_STEP;
		if (IS("channel")) return OL_F_CHANNEL;
		if (IS("address")) return OL_F_ADDRESS;
		if (IS("subject")) return OL_F_SUBJECT;
		if (IS("signature")) return OL_F_SIGNATURE_MODE;
		for (size_t i = 0; i < c->nas; i++)
			if (strcmp(c->as_names[i], path) == 0) {
				*slot = (int)i;
				return OL_F_AS;
			}
	} else {
		if (IS("meta")) return OL_F_META;
		if (IS("campaign")) return OL_F_CAMPAIGN;
	}
	return OL_F_NONE;
#undef IS
}

int ol_field_by_name(const char *name, bool campaign, bool in_step)
{
	struct rctx c;
	memset(&c, 0, sizeof c);
	int slot = -1;
	return field_of(&c, name, campaign ? (in_step ? E_STEP : E_CAMPAIGN) : E_TEMPLATE, &slot);
}

static void resolve_expr(struct rctx *c, struct ol_expr *e, enum ectx ctx, bool rhs)
{
	if (!e)
		return;
	switch (e->kind) {
	case OL_E_NUM:
	case OL_E_STR:
	case OL_E_BOOL:
		break;
	case OL_E_REGEX:
		e->re = compile_or_report(c, e->str, strlen(e->str), e->flags, e->loc, true);
		break;
	case OL_E_PATH: {
		e->field = OL_F_NONE;
		if (!strchr(e->str, '.')) {
			struct ol_param *p = find_param(c->rule, e->str);
			if (p) {
				e->param = p;
				break;
			}
		}
		int slot = -1;
		e->field = field_of(c, e->str, ctx, &slot);
		if (e->field == OL_F_AS)
			e->num = slot;
		if (e->field == OL_F_NONE) {
			if (rhs && !strchr(e->str, '.'))
				e->symbol = true;
			else
				RERR(c, e->loc, "unknown field or parameter '%s'", e->str);
		}
		break;
	}
	case OL_E_LIST:
		for (size_t i = 0; i < e->nitems; i++)
			resolve_expr(c, e->items[i], ctx, true);
		break;
	case OL_E_CALL: {
		static const struct {
			const char *name;
			int fn;
			size_t nargs;
		} fns[] = {{"count", OL_FN_COUNT, 1},        {"len", OL_FN_LEN, 1},
		           {"exists", OL_FN_EXISTS, 1},      {"contains", OL_FN_CONTAINS, 2},
		           {"matches", OL_FN_MATCHES, 2},    {"german_share", OL_FN_GERMAN_SHARE, 0},
		           {"word_count", OL_FN_WORD_COUNT, 0}};
		size_t k;
		for (k = 0; k < sizeof fns / sizeof fns[0]; k++)
			if (strcmp(e->func, fns[k].name) == 0)
				break;
		if (k == sizeof fns / sizeof fns[0]) {
			RERR(c, e->loc, "unknown function '%s' (known: count, len, exists, contains, matches, "
			     "german_share, word_count)", e->func);
			break;
		}
		e->builtin = fns[k].fn;
		if (e->nitems != fns[k].nargs) {
			RERR(c, e->loc, "%s() takes %zu argument%s", e->func, fns[k].nargs, fns[k].nargs == 1 ? "" : "s");
			break;
		}
		if ((e->builtin == OL_FN_GERMAN_SHARE || e->builtin == OL_FN_WORD_COUNT) && ctx != E_TEMPLATE) {
			RERR(c, e->loc, "%s() measures template text; this is a campaign rule", e->func);
			break;
		}
		if (e->builtin == OL_FN_GERMAN_SHARE) {
			c->rs->needs_spell = true;
			if (c->rule)
				c->rule->needs_spell = true;
		}
			if (c->rule)
				c->rule->needs_spell = true;
		if (e->builtin == OL_FN_MATCHES && e->items[1]->kind != OL_E_REGEX) {
			RERR(c, e->items[1]->loc, "matches() takes a /pattern/ as its second argument");
			break;
		}
		if (e->nitems == 0)
			break;
		if (e->nitems == 2)
			resolve_expr(c, e->items[1], ctx, true);
		resolve_expr(c, e->items[0], ctx, false);
		if (e->where) {
			if (e->builtin != OL_FN_COUNT)
				RERR(c, e->where->loc, "'where' works only with count()");
			bool steps = e->items[0]->kind == OL_E_PATH && strcmp(e->items[0]->str, "steps") == 0;
			resolve_expr(c, e->where, steps ? E_STEP : ctx, false);
		}
		break;
	}
	case OL_E_UNARY:
		resolve_expr(c, e->a, ctx, false);
		break;
	case OL_E_BINARY: {
		bool cmp = e->op >= OL_OP_EQ && e->op <= OL_OP_IN;
		resolve_expr(c, e->a, ctx, false);
		resolve_expr(c, e->b, ctx, cmp);
		break;
	}
	}
}

static unsigned resolve_sections(struct rctx *c, char **names, struct ol_loc *locs, size_t n)
{
	unsigned mask = 0;
	for (size_t i = 0; i < n; i++) {
		int s = ol_section_from_name(names[i]);
		if (s < 0)
			RERR(c, locs[i], "unknown section '%s' (known: subject, greeting, body, closing, signature, ps, text)", names[i]);
		else
			mask |= 1u << s;
	}
	return mask;
}

static int resolve_severity(struct rctx *c, const char *name, struct ol_loc loc)
{
	int s = ol_severity_from_name(name);
	if (s < 0)
		RERR(c, loc, "unknown severity '%s' (known: error, warning, info, off)", name);
	return s < 0 ? OL_SEV_ERROR : s;
}

static void resolve_stmt(struct rctx *c, struct ol_rule *r, struct ol_stmt *s)
{
	enum ectx ctx = r->campaign ? E_CAMPAIGN : E_TEMPLATE;
	s->sev = r->sev;
	s->as_slot = -1;
	if (s->has_severity && s->severity)
		s->sev = resolve_severity(c, s->severity, s->severity_loc);
	s->secmask = r->secmask;
	if (s->nsections) {
		if (r->campaign)
			RERR(c, s->section_locs[0], "'in' applies to template rules only");
		s->secmask = resolve_sections(c, s->sections, s->section_locs, s->nsections);
	}
	resolve_expr(c, s->when, s->kind == OL_S_EACH && r->campaign ? E_STEP : ctx, false);
	switch (s->kind) {
	case OL_S_FORBID:
	case OL_S_REQUIRE:
		if (r->campaign) {
			RERR(c, s->loc, "'%s' checks template text; campaign rules use 'assert'",
			     s->kind == OL_S_FORBID ? "forbid" : "require");
			return;
		}
		resolve_matcher(c, s->m);
		resolve_cond(c, s->unless);
		resolve_cond(c, s->ifc);
		break;
	case OL_S_ASSERT:
		resolve_expr(c, s->expr, ctx, false);
		break;
	case OL_S_EACH:
		if (!r->campaign || strcmp(s->each, "step") != 0) {
			RERR(c, s->each_loc, "'each %s' is not known (campaign rules have 'each step')", s->each);
			return;
		}
		resolve_expr(c, s->expr, E_STEP, false);
		break;
	}
	if (s->fix_map) {
		s->fix_list = find_list(c->rs, s->fix_map);
		if (!s->fix_list)
			RERR(c, s->fix_loc, "unknown list '%s'", s->fix_map);
	}
	/* a replacement or removal needs a match; an insertion needs the
	 * sections of a template */
	if ((s->fix || s->fix_map || s->fix_remove) && s->kind != OL_S_FORBID)
		RERR(c, s->fix_loc, "this fix replaces the match of a 'forbid'; a 'require' can 'fix insert'");
	if (s->fix_insert && r->campaign)
		RERR(c, s->fix_loc, "'fix insert' puts text into a template section; this is a campaign rule");
	for (struct ol_fix_place *p = s->fix_places; p; p = p->next) {
		p->sec = ol_section_from_name(p->section);
		if (p->sec < 0 || p->sec == OL_SEC_SUBJECT || p->sec == OL_SEC_TEXT)
			RERR(c, p->loc, "'fix insert' goes before or after one of greeting, body, closing, signature, ps; not '%s'",
			     p->section);
	}
	if (s->as_name) {
		if (s->kind != OL_S_REQUIRE)
			RERR(c, s->as_loc, "'as' names the result of a 'require'");
		ol_xgrow(&c->as_names, &c->capas, c->nas + 1, sizeof(*c->as_names));
		s->as_slot = (int)c->nas;
		c->as_names[c->nas++] = s->as_name;
	}
	if (s->has_max && s->kind != OL_S_FORBID)
		RERR(c, s->max_loc, "'max' counts the matches of a 'forbid'");
	if (s->at && !r->campaign)
		RERR(c, s->at_loc, "'at' points at campaign fields; this is a template rule");
}

static void resolve_rule(struct rctx *c, struct ol_rule *r)
{
	c->rule = r;
	c->nas = 0;
	const char *slash = strchr(r->id, '/');
	r->pack = ol_arena_strndup(r->file->arena, r->id, slash ? (size_t)(slash - r->id) : strlen(r->id));
	r->sev = OL_SEV_WARNING;
	if (r->severity)
		r->sev = resolve_severity(c, r->severity, r->severity_loc);
	else
		RERR(c, r->loc, "rule %s has no severity", r->id);
	if (!r->message && !r->summary)
		RERR(c, r->loc, "rule %s needs a message or a summary", r->id);
	r->campaign = false;
	if (r->applies) {
		if (strcmp(r->applies, "campaigns") == 0)
			r->campaign = true;
		else if (strcmp(r->applies, "templates") != 0)
			RERR(c, r->applies_loc, "unknown kind '%s' (known: templates, campaigns)", r->applies);
	}
	r->secmask = 1u << OL_SEC_TEXT;
	if (r->nsections) {
		c->file = r->sections_file ? r->sections_file : r->file;
		if (r->campaign)
			RERR(c, r->section_locs[0], "'in' applies to template rules only");
		r->secmask = resolve_sections(c, r->sections, r->section_locs, r->nsections);
		c->file = r->file;
	}
	for (struct ol_param *p = r->params; p; p = p->next) {
		for (struct ol_param *q = r->params; q != p; q = q->next)
			if (strcmp(q->name, p->name) == 0)
				RERR(c, p->loc, "parameter '%s' defined twice", p->name);
	}
	c->file = r->when_file ? r->when_file : r->file;
	resolve_expr(c, r->when, r->campaign ? E_CAMPAIGN : E_TEMPLATE, false);
	c->file = r->stmts_file ? r->stmts_file : r->file;
	bool any = false;
	for (struct ol_stmt *s = r->stmts; s; s = s->next) {
		resolve_stmt(c, r, s);
		any = true;
	}
	c->file = r->file;
	if (!any)
		RERR(c, r->loc, "rule %s checks nothing (add forbid, require or assert)", r->id);
	r->nas = c->nas;
	for (struct ol_example *ex = r->examples; ex; ex = ex->next)
		for (struct ol_assign *a = ex->with; a; a = a->next) {
			static const char *const tkeys[] = {"step", "channel", "address", "subject", NULL};
			c->file = ex->file ? ex->file : r->file;
			if (r->campaign)
				RERR(c, a->loc, "campaign examples take no 'with'; write the campaign's YAML");
			else if (!in_list(tkeys, a->name, strlen(a->name)))
				RERR(c, a->loc, "unknown example setting '%s' (known: step, channel, address, subject)", a->name);
		}
}

static int cmp_rule(const void *pa, const void *pb)
{
	const struct ol_rule *a = *(struct ol_rule *const *)pa, *b = *(struct ol_rule *const *)pb;
	return strcmp(a->id, b->id);
}

/* ---- overrides and extensions ----------------------------------------- */

/* Levenshtein distance of a and b, capped: the "did you mean" of an
 * unknown id, list or parameter. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 128 || lb > 128)
		return (size_t)-1;
	size_t row[129];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			if (up + 1 < best)
				best = up + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* Tracks the closest candidate to a misspelt name. */
struct closest {
	const char *want;
	const char *best;
	size_t dist;
};

static void closest_try(struct closest *k, const char *cand)
{
	size_t d = edit_distance(k->want, cand);
	size_t lw = strlen(k->want), lc = strlen(cand);
	if (lw >= 3 && lc > lw && strncmp(k->want, cand, lw) == 0)
		d = 1; /* a prefix: min_gap for min_gap_days */
	size_t limit = strlen(k->want) / 3 + 1;
	if (limit < 2)
		limit = 2;
	if (d <= limit && (!k->best || d < k->dist)) {
		k->best = cand;
		k->dist = d;
	}
}

/* " (did you mean 'x'?)" or "" */
static const char *did_you_mean(struct ol_buf *b, const struct closest *k)
{
	if (!k->best)
		return "";
	ol_buf_printf(b, " (did you mean '%s'?)", k->best);
	return b->data;
}

static size_t rule_index(const struct ol_ruleset *rs, const char *id)
{
	for (size_t k = 0; k < rs->nrules; k++)
		if (strcmp(rs->rules[k]->id, id) == 0)
			return k;
	return rs->nrules;
}

/* "path:line:col" of loc in file (arena string). */
static const char *where(struct ol_rulefile *f, struct ol_loc loc)
{
	char buf[64];
	snprintf(buf, sizeof buf, ":%zu:%zu", ol_source_line(f->src, loc.start),
	         ol_source_col(f->src, loc.start, OL_COL_CODEPOINT));
	size_t n = strlen(f->src->path);
	char *s = ol_arena_alloc(f->arena, n + strlen(buf) + 1);
	memcpy(s, f->src->path, n);
	strcpy(s + n, buf);
	return s;
}

/* `extend list x { … }`: x's entries grow by the extension's, in load
 * order; each keeps its own file for error positions. */
static void apply_extension(struct rctx *c, struct ol_list *ext)
{
	struct ol_list *l = find_list(c->rs, ext->name);
	if (!l) {
		struct closest k = {.want = ext->name};
		for (size_t i = 0; i < c->rs->nlists; i++)
			closest_try(&k, c->rs->lists[i]->name);
		struct ol_buf b;
		ol_buf_init(&b);
		RERR(c, ext->loc, "extend list: no list '%s' is loaded%s", ext->name, did_you_mean(&b, &k));
		ol_buf_fini(&b);
		return;
	}
	if (ext->inflected || ext->case_sensitive) {
		RERR(c, ext->loc, "extend list '%s' takes no 'inflected' or 'case-sensitive': "
		     "the entries follow the list's own setting", ext->name);
		return;
	}
	struct ol_list_entry **tail = &l->entries;
	while (*tail)
		tail = &(*tail)->next;
	for (struct ol_list_entry *e = ext->entries; e; e = e->next)
		e->file = ext->file;
	*tail = ext->entries;
}

/* Copies r's parameters with the values that the override o sets; o's
 * parameters that r lacks are errors unless o brings its own statements
 * (which may use new ones). */
static struct ol_param *merge_params(struct rctx *c, struct ol_rule *o, const struct ol_rule *r)
{
	struct ol_param *head = NULL, **tail = &head;
	for (const struct ol_param *p = r->params; p; p = p->next) {
		struct ol_param *q = ol_arena_alloc(o->file->arena, sizeof(*q));
		*q = *p;
		q->next = NULL;
		for (struct ol_param *op = o->params; op; op = op->next)
			if (strcmp(op->name, p->name) == 0) {
				q->value = op->value;
				q->loc = op->loc;
			}
		*tail = q;
		tail = &q->next;
	}
	for (struct ol_param *op = o->params; op; op = op->next) {
		for (struct ol_param *q = o->params; q != op; q = q->next)
			if (strcmp(q->name, op->name) == 0)
				RERR(c, op->loc, "parameter '%s' defined twice", op->name);
	}
	for (struct ol_param *op = o->params; op; op = op->next) {
		bool known = false;
		for (const struct ol_param *p = r->params; p; p = p->next)
			known = known || strcmp(op->name, p->name) == 0;
		if (known)
			continue;
		if (o->stmts) {
			struct ol_param *q = ol_arena_alloc(o->file->arena, sizeof(*q));
			*q = *op;
			q->next = NULL;
			*tail = q;
			tail = &q->next;
			continue;
		}
		struct closest k = {.want = op->name};
		for (const struct ol_param *p = r->params; p; p = p->next)
			closest_try(&k, p->name);
		struct ol_buf b;
		ol_buf_init(&b);
		if (r->params)
			RERR(c, op->loc, "rule %s has no parameter '%s'%s", r->id, op->name, did_you_mean(&b, &k));
		else
			RERR(c, op->loc, "rule %s has no parameters", r->id);
		ol_buf_fini(&b);
	}
	return head;
}

/* `override rule ID { … }`: o takes every item it does not write itself
 * from r, the rule it replaces. Statements and examples are taken as a
 * whole: an override with its own forbid/require/assert replaces all of
 * r's, one with its own good/bad examples replaces r's examples. */
static void merge_override(struct rctx *c, struct ol_rule *o, struct ol_rule *r)
{
	o->base = r;
#define INHERIT(f) do { if (!o->f) o->f = r->f; } while (0)
	if (!o->severity) {
		o->severity = r->severity;
		o->severity_loc = r->severity_loc;
	}
	INHERIT(summary);
	INHERIT(message);
	INHERIT(hint);
	INHERIT(cite);
	INHERIT(doc);
	INHERIT(url);
	if (!o->applies) {
		o->applies = r->applies;
		o->applies_loc = r->applies_loc;
	} else if (!o->stmts && strcmp(o->applies, r->applies ? r->applies : "templates") != 0) {
		/* the inherited statements (and sections) were written for the
		 * other kind of document: say so here, not in the shipped file */
		RERR(c, o->applies_loc, "override changes 'applies' of rule %s to '%s'; its statements "
		     "check %s, so write the new ones in the override", r->id, o->applies,
		     r->applies ? r->applies : "templates");
		o->base = r;
		return;
	}
#undef INHERIT
	if (!o->nsections && r->nsections) {
		o->sections = r->sections;
		o->section_locs = r->section_locs;
		o->nsections = r->nsections;
		o->sections_file = r->sections_file ? r->sections_file : r->file;
	}
	if (!o->when && r->when) {
		o->when = r->when;
		o->when_file = r->when_file ? r->when_file : r->file;
	}
	o->params = merge_params(c, o, r);
	if (!o->stmts) {
		o->stmts = r->stmts;
		o->stmts_file = r->stmts_file ? r->stmts_file : r->file;
	}
	if (!o->examples)
		o->examples = r->examples;
}

size_t ol_ruleset_resolve(struct ol_ruleset *rs, struct ol_report *errs)
{
	struct rctx c = {.rs = rs, .errs = errs};
	/* lists: global names */
	for (size_t i = 0; i < rs->nfiles; i++) {
		for (struct ol_list *l = rs->files[i]->lists; l; l = l->next) {
			if (l->extend)
				continue;
			struct ol_list *prev = find_list(rs, l->name);
			if (prev) {
				c.file = rs->files[i];
				RERR(&c, l->loc, "list '%s' is already defined (at %s); to add entries to it, "
				     "write 'extend list %s { … }'", l->name, where(prev->file, prev->loc), l->name);
				continue;
			}
			ol_xgrow(&rs->lists, &rs->capl, rs->nlists + 1, sizeof(*rs->lists));
			rs->lists[rs->nlists++] = l;
		}
	}
	for (size_t i = 0; i < rs->nfiles; i++) {
		c.file = rs->files[i];
		for (struct ol_list *l = rs->files[i]->lists; l; l = l->next)
			if (l->extend)
				apply_extension(&c, l);
	}
	for (size_t i = 0; i < rs->nlists; i++)
		compile_list(&c, rs->lists[i]);
	/* rules: an id is defined once; a later `override rule` replaces it */
	for (size_t i = 0; i < rs->nfiles; i++) {
		c.file = rs->files[i];
		for (struct ol_rule *r = rs->files[i]->rules; r; r = r->next) {
			if (r->override)
				continue;
			size_t k = rule_index(rs, r->id);
			if (k < rs->nrules) {
				const struct ol_rule *prev = rs->rules[k];
				if (prev->file == r->file)
					RERR(&c, r->loc, "rule %s is defined twice in this file (first at %s)", r->id,
					     where(prev->file, prev->loc));
				else
					RERR(&c, r->loc, "rule %s is already defined (at %s); to replace it, write "
					     "'override rule %s { … }'", r->id, where(prev->file, prev->loc), r->id);
				continue;
			}
			ol_xgrow(&rs->rules, &rs->capr, rs->nrules + 1, sizeof(*rs->rules));
			rs->rules[rs->nrules++] = r;
		}
	}
	for (size_t i = 0; i < rs->nfiles; i++) {
		c.file = rs->files[i];
		for (struct ol_rule *o = rs->files[i]->rules; o; o = o->next) {
			if (!o->override)
				continue;
			size_t k = rule_index(rs, o->id);
			if (k == rs->nrules) {
				struct closest near = {.want = o->id};
				for (size_t j = 0; j < rs->nrules; j++)
					closest_try(&near, rs->rules[j]->id);
				struct ol_buf b;
				ol_buf_init(&b);
				RERR(&c, o->loc, "override: no rule %s is loaded%s", o->id, did_you_mean(&b, &near));
				ol_buf_fini(&b);
				continue;
			}
			merge_override(&c, o, rs->rules[k]);
			rs->rules[k] = o;
		}
	}
	/* only the rules in effect are resolved: a replaced rule's patterns
	 * are not compiled */
	for (size_t k = 0; k < rs->nrules; k++) {
		c.file = rs->rules[k]->file;
		resolve_rule(&c, rs->rules[k]);
	}
	if (rs->nrules > 1)
		qsort(rs->rules, rs->nrules, sizeof(*rs->rules), cmp_rule);
	free(c.as_names);
	rs->resolved = true;
	return c.nerr;
}

bool ol_ruleset_may_need_spell(const struct ol_ruleset *rs)
{
	for (size_t i = 0; i < rs->nfiles; i++)
		if (rs->files[i]->calls_spell)
			return true;
	return false;
}

const struct ol_rule *ol_ruleset_find(const struct ol_ruleset *rs, const char *id)
{
	for (size_t i = 0; i < rs->nrules; i++)
		if (strcmp(rs->rules[i]->id, id) == 0)
			return rs->rules[i];
	return NULL;
}
