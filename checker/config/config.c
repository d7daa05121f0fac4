/* config/config.c: reading `.outlint.yml` and applying it. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "../content/yaml.h"

static const char *const known_keys[] = {"rules", "default_rules", "severity", "params", "words",
                                         "include", "exclude", "address", "signature", "fix", NULL};

void ol_config_init(struct ol_config *c)
{
	memset(c, 0, sizeof(*c));
	c->default_rules = true;
	c->arena = ol_arena_new();
}

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void ol_config_fini(struct ol_config *c)
{
	free(c->path);
	free(c->dir);
	ol_source_free(c->src);
	free_strv(c->rules, c->nrules);
	for (size_t i = 0; i < c->nsev; i++)
		free(c->sev[i].target);
	free(c->sev);
	for (size_t i = 0; i < c->nparams; i++) {
		free(c->params[i].rule);
		free(c->params[i].name);
	}
	free(c->params);
	free_strv(c->words, c->nwords);
	free_strv(c->include, c->ninclude);
	free_strv(c->exclude, c->nexclude);
	free(c->address);
	free(c->signature);
	free_strv(c->fix_names, c->nfix);
	free_strv(c->fix_texts, c->nfix);
	free(c->fix_offs);
	ol_arena_free(c->arena);
	memset(c, 0, sizeof(*c));
}

char *ol_config_find(const char *dir)
{
	char cur[PATH_MAX];
	if (!realpath(dir, cur))
		return NULL;
	for (;;) {
		static const char *const names[] = {".outlint.yml", ".outlint.yaml"};
		for (int i = 0; i < 2; i++) {
			char *p = ol_path_join(cur, names[i]);
			struct stat st;
			if (stat(p, &st) == 0 && S_ISREG(st.st_mode))
				return p;
			free(p);
		}
		char *slash = strrchr(cur, '/');
		if (!slash || slash == cur) {
			if (strcmp(cur, "/") == 0)
				return NULL;
			strcpy(cur, "/");
			continue;
		}
		*slash = '\0';
	}
}

struct cctx {
	struct ol_config *c;
	struct ol_report *errs;
	struct ol_file_result *r;
	int n;
};

static void cerr(struct cctx *x, const struct ol_ynode *n, const char *fmt, const char *arg) OL_PRINTF(3, 0);

static void cerr(struct cctx *x, const struct ol_ynode *n, const char *fmt, const char *arg)
{
	if (!x->r) {
		x->r = ol_report_add(x->errs, x->c->path);
		x->r->src = ol_source_from_string(x->c->src->path, x->c->src->text, x->c->src->len);
	}
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	char *msg = ol_xasprintf(fmt, arg ? arg : "");
#pragma GCC diagnostic pop
	ol_findings_add(&x->r->findings, "config", OL_SEV_ERROR, n ? n->start : 0, n ? n->end : 0, msg);
	free(msg);
	x->n++;
}

/* A list of strings (a single string counts as a list of one). */
static bool strings(struct cctx *x, const struct ol_ynode *v, const char *key, char ***out, size_t *n)
{
	if (v->kind == OL_Y_SCALAR) {
		*out = ol_xcalloc(1, sizeof(char *));
		(*out)[0] = ol_xstrdup(v->str);
		*n = 1;
		return true;
	}
	if (v->kind != OL_Y_SEQ) {
		cerr(x, v, "'%s' takes a list of strings", key);
		return false;
	}
	*out = ol_xcalloc(v->n + 1, sizeof(char *));
	*n = 0;
	for (size_t i = 0; i < v->n; i++) {
		if (v->items[i]->kind != OL_Y_SCALAR) {
			cerr(x, v->items[i], "'%s' takes a list of strings", key);
			continue;
		}
		(*out)[(*n)++] = ol_xstrdup(v->items[i]->str);
	}
	return true;
}

static struct ol_expr *literal(struct cctx *x, const struct ol_ynode *v)
{
	struct ol_expr *e = ol_arena_alloc(x->c->arena, sizeof(*e));
	e->field = OL_F_NONE;
	if (v->plain) {
		char *end;
		double d = strtod(v->str, &end);
		if (end != v->str && !*end) {
			e->kind = OL_E_NUM;
			e->num = d;
			return e;
		}
		if (!strcasecmp(v->str, "true") || !strcasecmp(v->str, "false")) {
			e->kind = OL_E_BOOL;
			e->num = !strcasecmp(v->str, "true");
			return e;
		}
	}
	e->kind = OL_E_STR;
	e->str = ol_arena_strdup(x->c->arena, v->str);
	return e;
}

static void read_key(struct cctx *x, const struct ol_ynode *k, const struct ol_ynode *v)
{
	struct ol_config *c = x->c;
	const char *key = k->str;
	if (!strcmp(key, "rules")) {
		char **v2 = NULL;
		size_t n = 0;
		if (strings(x, v, key, &v2, &n)) {
			c->rules = ol_xcalloc(n + 1, sizeof(char *));
			for (size_t i = 0; i < n; i++) {
				c->rules[c->nrules++] = ol_path_join(c->dir, v2[i]);
				free(v2[i]);
			}
		}
		free(v2);
	} else if (!strcmp(key, "default_rules")) {
		if (v->kind != OL_Y_SCALAR || (strcasecmp(v->str, "true") && strcasecmp(v->str, "false")))
			cerr(x, v, "'%s' takes true or false", key);
		else
			c->default_rules = !strcasecmp(v->str, "true");
	} else if (!strcmp(key, "severity")) {
		if (v->kind != OL_Y_MAP) {
			cerr(x, v, "'%s' maps rule ids or packs to error, warning, info or off", key);
			return;
		}
		c->sev = ol_xcalloc(v->n + 1, sizeof(*c->sev));
		for (size_t i = 0; i < v->n; i++) {
			const struct ol_ynode *t = v->items[2 * i], *s = v->items[2 * i + 1];
			int sev = s->kind == OL_Y_SCALAR ? ol_severity_from_name(s->str) : -1;
			if (sev < 0) {
				cerr(x, s, "unknown severity '%s' (error, warning, info, off)",
				     s->kind == OL_Y_SCALAR ? s->str : "");
				continue;
			}
			c->sev[c->nsev++] = (struct ol_config_severity){ol_xstrdup(t->str), sev, t->start};
		}
	} else if (!strcmp(key, "params")) {
		if (v->kind != OL_Y_MAP) {
			cerr(x, v, "'%s' maps rule ids to their parameters", key);
			return;
		}
		size_t total = 0;
		for (size_t i = 0; i < v->n; i++)
			total += v->items[2 * i + 1]->kind == OL_Y_MAP ? v->items[2 * i + 1]->n : 0;
		c->params = ol_xcalloc(total + 1, sizeof(*c->params));
		for (size_t i = 0; i < v->n; i++) {
			const struct ol_ynode *rule = v->items[2 * i], *m = v->items[2 * i + 1];
			if (m->kind != OL_Y_MAP) {
				cerr(x, m, "parameters of '%s' are written as name: value", rule->str);
				continue;
			}
			for (size_t j = 0; j < m->n; j++) {
				const struct ol_ynode *pk = m->items[2 * j], *pv = m->items[2 * j + 1];
				if (pv->kind != OL_Y_SCALAR) {
					cerr(x, pv, "parameter '%s' takes a number or a string", pk->str);
					continue;
				}
				c->params[c->nparams++] = (struct ol_config_param){
				    ol_xstrdup(rule->str), ol_xstrdup(pk->str), literal(x, pv), pk->start};
			}
		}
	} else if (!strcmp(key, "words")) {
		strings(x, v, key, &c->words, &c->nwords);
	} else if (!strcmp(key, "include")) {
		strings(x, v, key, &c->include, &c->ninclude);
	} else if (!strcmp(key, "exclude")) {
		strings(x, v, key, &c->exclude, &c->nexclude);
	} else if (!strcmp(key, "address")) {
		if (v->kind != OL_Y_SCALAR || (strcasecmp(v->str, "sie") && strcasecmp(v->str, "du")))
			cerr(x, v, "'%s' is sie or du", key);
		else
			c->address = ol_xstrdup(!strcasecmp(v->str, "sie") ? "sie" : "du");
	} else if (!strcmp(key, "signature")) {
		if (v->kind != OL_Y_SCALAR || (strcmp(v->str, "template") && strcmp(v->str, "external")))
			cerr(x, v, "'%s' is template or external", key);
		else
			c->signature = ol_xstrdup(v->str);
	} else if (!strcmp(key, "fix")) {
		/* texts that fixes insert, by name: `fix insert "{fix.opt_out}" …` */
		if (v->kind != OL_Y_MAP) {
			cerr(x, v, "'%s' maps names (opt_out, source, …) to the texts fixes insert", key);
			return;
		}
		c->fix_names = ol_xcalloc(v->n + 1, sizeof(char *));
		c->fix_texts = ol_xcalloc(v->n + 1, sizeof(char *));
		c->fix_offs = ol_xcalloc(v->n + 1, sizeof(size_t));
		for (size_t i = 0; i < v->n; i++) {
			const struct ol_ynode *fk = v->items[2 * i], *fv = v->items[2 * i + 1];
			if (!fk->str[0] || strspn(fk->str, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") !=
			                       strlen(fk->str)) {
				cerr(x, fk, "fix text name '%s' may hold only letters, digits and '_'", fk->str);
				continue;
			}
			if (fv->kind != OL_Y_SCALAR || !fv->str[0] || (fv->plain && !strcmp(fv->str, "~"))) {
				cerr(x, fv, "fix text '%s' takes a non-empty string", fk->str);
				continue;
			}
			c->fix_offs[c->nfix] = fk->start;
			c->fix_names[c->nfix] = ol_xstrdup(fk->str);
			c->fix_texts[c->nfix++] = ol_xstrdup(fv->str);
		}
	}
}

int ol_config_load(const char *path, struct ol_config *c, struct ol_report *errs)
{
	ol_config_init(c);
	c->path = ol_xstrdup(path);
	c->dir = ol_path_dir(path);
	c->src = ol_source_load(path);
	if (!c->src) {
		struct ol_file_result *r = ol_report_add(errs, path);
		ol_findings_add(&r->findings, "config", OL_SEV_ERROR, 0, 0, strerror(errno));
		return -1;
	}
	struct cctx x = {c, errs, NULL, 0};
	struct ol_ynode *root = NULL;
	char *msg = NULL;
	size_t off = 0;
	size_t bad;
	if (!ol_utf8_valid(c->src->text, c->src->len, &bad)) {
		struct ol_ynode n = {.start = bad, .end = bad + 1};
		cerr(&x, &n, "%s is not valid UTF-8", "the configuration");
		return x.n;
	}
	struct ol_ytree *tree = ol_yaml_parse(c->src->text, c->src->len, 0, &root, &msg, &off);
	if (!tree) {
		struct ol_ynode n = {.start = off, .end = off};
		cerr(&x, &n, "invalid YAML: %s", msg);
		free(msg);
		return x.n;
	}
	if (root && root->kind != OL_Y_MAP) {
		cerr(&x, root, "%s must be a mapping of keys to values", "the configuration");
	} else if (root) {
		for (size_t i = 0; i < root->n; i++) {
			const struct ol_ynode *k = root->items[2 * i];
			bool known = false;
			for (const char *const *p = known_keys; *p; p++)
				if (!strcmp(*p, k->str))
					known = true;
			if (!known) {
				cerr(&x, k, "unknown key '%s' (known: rules, default_rules, severity, "
				     "params, words, include, exclude, address, signature, fix)", k->str);
				continue;
			}
			bool dup = false;
			for (size_t j = 0; j < i && !dup; j++)
				dup = !strcmp(root->items[2 * j]->str, k->str);
			if (dup) {
				/* read_key assumes each key once: a second "rules" or
				 * "severity" would lose the first arrays and write past
				 * the new ones */
				cerr(&x, k, "duplicate key '%s'", k->str);
				continue;
			}
			read_key(&x, k, root->items[2 * i + 1]);
		}
	}
	ol_yaml_free(tree);
	return x.n;
}

static bool targets(const char *target, const struct ol_rule *r)
{
	if (!strcmp(target, r->id) || !strcmp(target, r->pack))
		return true;
	size_t n = strlen(target);
	return n > 2 && !strcmp(target + n - 2, "/*") && strlen(r->pack) == n - 2 &&
	       !strncmp(target, r->pack, n - 2);
}

size_t ol_config_apply(const struct ol_config *c, struct ol_ruleset *rs, struct ol_report *errs)
{
	struct cctx x = {(struct ol_config *)(uintptr_t)c, errs, NULL, 0};
	for (size_t i = 0; i < c->nsev; i++) {
		bool any = false;
		for (size_t k = 0; k < rs->nrules; k++) {
			struct ol_rule *r = rs->rules[k];
			if (!targets(c->sev[i].target, r))
				continue;
			any = true;
			r->sev = (enum ol_severity)c->sev[i].severity;
			for (struct ol_stmt *s = r->stmts; s; s = s->next)
				if (!s->has_severity)
					s->sev = r->sev;
		}
		if (!any) {
			struct ol_ynode n = {.start = c->sev[i].off, .end = c->sev[i].off + strlen(c->sev[i].target)};
			cerr(&x, &n, "severity: no rule or pack '%s' is loaded (see 'outlint rules')", c->sev[i].target);
		}
	}
	for (size_t i = 0; i < c->nparams; i++) {
		const struct ol_rule *r = ol_ruleset_find(rs, c->params[i].rule);
		bool ok = false;
		for (const struct ol_param *p = r ? r->params : NULL; p; p = p->next)
			if (!strcmp(p->name, c->params[i].name))
				ok = true;
		if (!ok) {
			struct ol_ynode n = {.start = c->params[i].off, .end = c->params[i].off + strlen(c->params[i].name)};
			cerr(&x, &n, r ? "params: the rule has no parameter '%s'" : "params: no rule '%s' is loaded",
			     r ? c->params[i].name : c->params[i].rule);
		}
	}
	/* a fix text no loaded rule asks for is a typo (opt_ot) or a leftover */
	for (size_t i = 0; i < c->nfix; i++) {
		char *ref = ol_xasprintf("{fix.%s}", c->fix_names[i]);
		bool used = false;
		struct ol_buf known;
		ol_buf_init(&known);
		for (size_t k = 0; k < rs->nrules && !used; k++)
			for (const struct ol_stmt *s = rs->rules[k]->stmts; s && !used; s = s->next) {
				const char *t[2] = {s->fix, s->fix_insert};
				for (int j = 0; j < 2; j++) {
					if (!t[j])
						continue;
					if (strstr(t[j], ref))
						used = true;
					for (const char *p = t[j]; (p = strstr(p, "{fix.")) != NULL; p += 5) {
						size_t n = strcspn(p + 5, "}");
						ol_buf_printf(&known, "%s%.*s", known.len ? ", " : "", (int)n, p + 5);
					}
				}
			}
		if (!used) {
			struct ol_ynode n = {.start = c->fix_offs[i], .end = c->fix_offs[i] + strlen(c->fix_names[i])};
			char *what = ol_xasprintf("'%s'%s%s%s", c->fix_names[i], known.len ? " (the rules use: " : "",
			                          known.len ? known.data : "", known.len ? ")" : "");
			cerr(&x, &n, "fix: no loaded rule uses a text named %s", what);
			free(what);
		}
		ol_buf_fini(&known);
		free(ref);
	}
	return (size_t)x.n;
}

const struct ol_expr *ol_config_param(const struct ol_rule *r, const struct ol_param *p, void *config)
{
	const struct ol_config *c = config;
	for (size_t i = 0; c && i < c->nparams; i++)
		if (!strcmp(c->params[i].rule, r->id) && !strcmp(c->params[i].name, p->name))
			return c->params[i].value;
	return NULL;
}

/* Backtracking over the stars of a glob is exponential in the worst case
 * ("*a*a*a*…b" against a long path; the fuzzer found one): each (pattern
 * position, path position) pair is tried once, failures are remembered. */
struct glob {
	const char *p0, *s0;
	size_t slen;
	unsigned char *failed; /* bit (p - p0) * (slen + 1) + (s - s0) */
};

static bool glob_at(struct glob *g, const char *p, const char *s)
{
	size_t key = (size_t)(p - g->p0) * (g->slen + 1) + (size_t)(s - g->s0);
	if (g->failed[key / 8] & (1u << (key % 8)))
		return false;
	while (*p) {
		if (p[0] == '*' && p[1] == '*') {
			p += 2;
			while (*p == '*')
				p++;
			if (!*p)
				return true; /* a trailing ** takes everything below */
			if (*p == '/')
				p++;
			for (const char *t = s;; t++) {
				if ((t == s || t[-1] == '/') && glob_at(g, p, t))
					return true;
				if (!*t)
					goto fail;
			}
		}
		if (*p == '*') {
			for (const char *t = s;; t++) {
				if (glob_at(g, p + 1, t))
					return true;
				if (!*t || *t == '/')
					goto fail;
			}
		}
		if (*p == '?') {
			if (!*s || *s == '/')
				goto fail;
		} else if (*p != *s) {
			goto fail;
		}
		p++;
		s++;
	}
	if (!*s)
		return true;
fail:
	g->failed[key / 8] |= (unsigned char)(1u << (key % 8));
	return false;
}

bool ol_glob_match(const char *p, const char *s)
{
	size_t plen = strlen(p), slen = strlen(s);
	struct glob g = {p, s, slen, ol_xcalloc((plen + 1) * (slen + 1) / 8 + 1, 1)};
	bool r = glob_at(&g, p, s);
	free(g.failed);
	return r;
}

/* A pattern without '/' matches the file name in any folder. */
static bool glob_any(char **pats, size_t n, const char *rel)
{
	const char *base = strrchr(rel, '/');
	base = base ? base + 1 : rel;
	for (size_t i = 0; i < n; i++) {
		const char *p = pats[i];
		if (!strncmp(p, "./", 2))
			p += 2;
		if (ol_glob_match(p, rel) || (!strchr(p, '/') && ol_glob_match(p, base)))
			return true;
	}
	return false;
}

bool ol_config_wants(const struct ol_config *c, const char *path)
{
	if (!c || (!c->ninclude && !c->nexclude))
		return true;
	char rf[PATH_MAX], rd[PATH_MAX];
	const char *rel = path;
	if (c->dir && realpath(path, rf) && realpath(c->dir, rd)) {
		size_t n = strlen(rd);
		if (!strncmp(rf, rd, n) && rf[n] == '/')
			rel = rf + n + 1;
	}
	if (!strncmp(rel, "./", 2))
		rel += 2;
	if (c->ninclude && !glob_any(c->include, c->ninclude, rel))
		return false;
	return !glob_any(c->exclude, c->nexclude, rel);
}
