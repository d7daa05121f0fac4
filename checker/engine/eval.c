/* engine/eval.c: the expression evaluator. Absent fields are null, and
 * every comparison with null is false, so a rule about a field that a
 * campaign does not set stays quiet instead of guessing. */
#include "eval.h"

#include "pattern.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <strings.h>

static struct ol_value vnull(void)
{
	return (struct ol_value){.kind = OL_V_NULL};
}

static struct ol_value vnum(double d)
{
	return (struct ol_value){.kind = OL_V_NUM, .num = d};
}

static struct ol_value vbool(bool b)
{
	return (struct ol_value){.kind = OL_V_BOOL, .num = b};
}

static struct ol_value vstr(const char *s)
{
	if (!s)
		return vnull();
	return (struct ol_value){.kind = OL_V_STR, .str = s};
}

/* A YAML node as a value: plain scalars can be numbers, booleans, null. */
static struct ol_value from_ynode(const struct ol_ynode *n)
{
	if (!n)
		return vnull();
	if (n->kind != OL_Y_SCALAR)
		return (struct ol_value){.kind = OL_V_YNODE, .y = n};
	if (n->plain) {
		const char *s = n->str;
		if (!*s || !strcmp(s, "~") || !strcasecmp(s, "null"))
			return vnull();
		if (!strcasecmp(s, "true") || !strcasecmp(s, "yes"))
			return vbool(true);
		if (!strcasecmp(s, "false") || !strcasecmp(s, "no"))
			return vbool(false);
		char *end;
		double d = strtod(s, &end);
		if (end != s && !*end && isfinite(d))
			return vnum(d);
	}
	return vstr(n->str);
}

/* Walks a dotted path (from its component k on) through mappings. */
static const struct ol_ynode *walk(const struct ol_ynode *n, const char *path)
{
	char key[128];
	while (n && *path) {
		size_t k = strcspn(path, ".");
		if (k >= sizeof key)
			return NULL;
		memcpy(key, path, k);
		key[k] = '\0';
		n = ol_ynode_get(n, key);
		path += k;
		if (*path == '.')
			path++;
	}
	return n;
}

static const char *after_first(const char *path)
{
	const char *d = strchr(path, '.');
	return d ? d + 1 : "";
}

static struct ol_value root_path(const struct ol_evalctx *c, const char *path)
{
	if (!c->camp)
		return vnull();
	if (strcmp(path, "steps") == 0)
		return (struct ol_value){.kind = OL_V_STEPS};
	return from_ynode(walk(c->camp->root, path));
}

static struct ol_value path_value(const struct ol_evalctx *c, const struct ol_expr *e)
{
	if (e->param) {
		const struct ol_expr *ov = c->plook ? c->plook(c->rule, e->param, c->parg) : NULL;
		return ol_eval(c, ov ? ov : e->param->value);
	}
	if (e->symbol)
		return vstr(e->str);
	const struct ol_campaign_step *s = c->cur;
	switch (e->field) {
	case OL_F_STEP:
		return vnum((double)c->step);
	case OL_F_CHANNEL:
		return vstr(c->channel);
	case OL_F_ADDRESS:
		return vstr(c->address);
	case OL_F_SUBJECT:
		return c->t && c->t->has_subject ? vstr(c->t->subject) : vnull();
	case OL_F_META:
		return c->t ? from_ynode(walk(c->t->meta, after_first(e->str))) : vnull();
	case OL_F_CAMPAIGN:
		return root_path(c, after_first(e->str));
	case OL_F_AS:
		return vbool(c->as_results && c->as_results[(int)e->num]);
	case OL_F_SIGNATURE_MODE:
		return c->t ? vstr(c->signature_mode ? c->signature_mode : "template") : vnull();
	case OL_F_ROOT:
		return root_path(c, e->str);
	case OL_F_S_INDEX:
		return s ? vnum((double)s->index) : vnull();
	case OL_F_S_TEMPLATE:
		return s ? vstr(s->template_rel) : vnull();
	case OL_F_S_CHANNEL:
		return s ? vstr(s->channel) : vnull();
	case OL_F_S_DAY:
		return s && s->has_day ? vnum((double)s->day) : vnull();
	case OL_F_S_TEMPLATE_EXISTS:
		return s ? vbool(s->template_exists) : vnull();
	case OL_F_S_TEMPLATE_OUTSIDE:
		return s ? vbool(s->template_outside) : vnull();
	case OL_F_S_GAP: {
		if (!s || !c->camp || s->index < 2)
			return vnull();
		const struct ol_campaign_step *p = &c->camp->steps[s->index - 2];
		return s->has_day && p->has_day ? vnum((double)(s->day - p->day)) : vnull();
	}
	case OL_F_S_TEMPLATE_SEEN:
		if (!s || !c->camp || !s->template_rel)
			return s ? vbool(false) : vnull();
		for (size_t i = 0; i + 1 < s->index; i++)
			if (c->camp->steps[i].template_rel && !strcmp(c->camp->steps[i].template_rel, s->template_rel))
				return vbool(true);
		return vbool(false);
	default:
		return vnull();
	}
}

bool ol_eval_truthy(struct ol_value v)
{
	switch (v.kind) {
	case OL_V_NULL:
		return false;
	case OL_V_NUM:
	case OL_V_BOOL:
		return v.num != 0;
	case OL_V_STR:
		return v.str[0] != '\0';
	default:
		return true;
	}
}

/* Equality; strings compare case-sensitively (channel names are lower case
 * by the format), numbers against numeric strings by value. */
static int equal(struct ol_value a, struct ol_value b)
{
	if (a.kind == OL_V_NULL || b.kind == OL_V_NULL)
		return -1; /* unknown: every comparison is false */
	if ((a.kind == OL_V_NUM || a.kind == OL_V_BOOL) && (b.kind == OL_V_NUM || b.kind == OL_V_BOOL))
		return a.num == b.num;
	if (a.kind == OL_V_STR && b.kind == OL_V_STR)
		return strcmp(a.str, b.str) == 0;
	if (a.kind == OL_V_NUM && b.kind == OL_V_STR) {
		char *end;
		double d = strtod(b.str, &end);
		return end != b.str && !*end && d == a.num;
	}
	if (a.kind == OL_V_STR && b.kind == OL_V_NUM)
		return equal(b, a);
	return 0;
}

static bool member(const struct ol_evalctx *c, struct ol_value a, struct ol_value list)
{
	if (list.kind == OL_V_LIST) {
		for (size_t i = 0; i < list.list->nitems; i++)
			if (equal(a, ol_eval(c, list.list->items[i])) == 1)
				return true;
	} else if (list.kind == OL_V_YNODE && list.y->kind == OL_Y_SEQ) {
		for (size_t i = 0; i < list.y->n; i++)
			if (equal(a, from_ynode(list.y->items[i])) == 1)
				return true;
	}
	return false;
}

static bool num_of(struct ol_value v, double *d)
{
	if (v.kind == OL_V_NUM || v.kind == OL_V_BOOL) {
		*d = v.num;
		return true;
	}
	if (v.kind == OL_V_STR) {
		char *end;
		*d = strtod(v.str, &end);
		return end != v.str && !*end;
	}
	return false;
}

static bool same_ci(struct ol_value a, struct ol_value b)
{
	if (a.kind == OL_V_STR && b.kind == OL_V_STR)
		return strcasecmp(a.str, b.str) == 0;
	return equal(a, b) == 1;
}

static struct ol_value call(const struct ol_evalctx *c, const struct ol_expr *e)
{
	if (e->builtin == OL_FN_GERMAN_SHARE || e->builtin == OL_FN_WORD_COUNT) {
		double d;
		if (c->text_stat && c->text_stat(c->stat_arg, e->builtin, &d))
			return vnum(d);
		return vnull();
	}
	struct ol_value x = ol_eval(c, e->items[0]);
	switch (e->builtin) {
	case OL_FN_EXISTS:
		/* present and not empty: an empty string or list says nothing */
		if (x.kind == OL_V_STR)
			return vbool(x.str[0] != '\0');
		if (x.kind == OL_V_YNODE)
			return vbool(x.y->n > 0);
		return vbool(x.kind != OL_V_NULL);
	case OL_FN_CONTAINS: {
		struct ol_value v = ol_eval(c, e->items[1]);
		if (v.kind == OL_V_NULL)
			return vbool(false);
		if (x.kind == OL_V_YNODE && x.y->kind == OL_Y_SEQ) {
			for (size_t i = 0; i < x.y->n; i++)
				if (same_ci(from_ynode(x.y->items[i]), v))
					return vbool(true);
		} else if (x.kind == OL_V_LIST) {
			for (size_t i = 0; i < x.list->nitems; i++)
				if (same_ci(ol_eval(c, x.list->items[i]), v))
					return vbool(true);
		} else if (x.kind != OL_V_NULL) {
			return vbool(same_ci(x, v));
		}
		return vbool(false);
	}
	case OL_FN_MATCHES: {
		const struct ol_re *re = e->items[1]->re;
		if (x.kind != OL_V_STR || !re)
			return vbool(false);
		struct ol_rematch *m = ol_rematch_new();
		size_t ms, me;
		bool hit = ol_re_find(re, m, x.str, strlen(x.str), 0, &ms, &me) == 1;
		ol_rematch_free(m);
		return vbool(hit);
	}
	case OL_FN_LEN:
		if (x.kind == OL_V_STEPS)
			return vnum(c->camp ? (double)c->camp->nsteps : 0);
		if (x.kind == OL_V_YNODE)
			return vnum((double)(x.y->n));
		if (x.kind == OL_V_LIST)
			return vnum((double)x.list->nitems);
		if (x.kind == OL_V_STR)
			return vnum((double)strlen(x.str));
		return vnull();
	case OL_FN_COUNT: {
		if (x.kind == OL_V_STEPS && c->camp) {
			size_t n = 0;
			struct ol_evalctx sub = *c;
			for (size_t i = 0; i < c->camp->nsteps; i++) {
				sub.cur = &c->camp->steps[i];
				if (!e->where || ol_eval_truthy(ol_eval(&sub, e->where)))
					n++;
			}
			return vnum((double)n);
		}
		if (x.kind == OL_V_YNODE)
			return vnum((double)(x.y->n));
		if (x.kind == OL_V_LIST)
			return vnum((double)x.list->nitems);
		return vnum(0);
	}
	default:
		return vnull();
	}
}

struct ol_value ol_eval(const struct ol_evalctx *c, const struct ol_expr *e)
{
	if (!e)
		return vnull();
	switch (e->kind) {
	case OL_E_NUM:
		return vnum(e->num);
	case OL_E_STR:
		return vstr(e->str);
	case OL_E_BOOL:
		return vbool(e->num != 0);
	case OL_E_PATH:
		return path_value(c, e);
	case OL_E_LIST:
		return (struct ol_value){.kind = OL_V_LIST, .list = e};
	case OL_E_CALL:
		return call(c, e);
	case OL_E_REGEX:
		return vstr(e->str);
	case OL_E_UNARY: {
		struct ol_value a = ol_eval(c, e->a);
		if (e->op == OL_OP_NOT)
			return vbool(!ol_eval_truthy(a));
		double d;
		return num_of(a, &d) ? vnum(-d) : vnull();
	}
	case OL_E_BINARY:
		break;
	}
	if (e->op == OL_OP_AND)
		return vbool(ol_eval_truthy(ol_eval(c, e->a)) && ol_eval_truthy(ol_eval(c, e->b)));
	if (e->op == OL_OP_OR)
		return vbool(ol_eval_truthy(ol_eval(c, e->a)) || ol_eval_truthy(ol_eval(c, e->b)));
	struct ol_value a = ol_eval(c, e->a), b = ol_eval(c, e->b);
	double x, y;
	switch (e->op) {
	case OL_OP_EQ:
		return vbool(equal(a, b) == 1);
	case OL_OP_NE:
		return vbool(equal(a, b) == 0);
	case OL_OP_IN:
		return vbool(a.kind != OL_V_NULL && member(c, a, b));
	case OL_OP_LT:
		return vbool(num_of(a, &x) && num_of(b, &y) && x < y);
	case OL_OP_LE:
		return vbool(num_of(a, &x) && num_of(b, &y) && x <= y);
	case OL_OP_GT:
		return vbool(num_of(a, &x) && num_of(b, &y) && x > y);
	case OL_OP_GE:
		return vbool(num_of(a, &x) && num_of(b, &y) && x >= y);
	case OL_OP_ADD:
		return num_of(a, &x) && num_of(b, &y) ? vnum(x + y) : vnull();
	case OL_OP_SUB:
		return num_of(a, &x) && num_of(b, &y) ? vnum(x - y) : vnull();
	default:
		return vnull();
	}
}

struct ol_value ol_eval_field(const struct ol_evalctx *c, const char *name)
{
	int f = ol_field_by_name(name, c->t == NULL, c->cur != NULL);
	if (f == OL_F_NONE || f == OL_F_AS)
		return vnull();
	struct ol_expr e;
	memset(&e, 0, sizeof e);
	e.kind = OL_E_PATH;
	e.str = (char *)(uintptr_t)name; /* read only */
	e.field = f;
	return path_value(c, &e);
}

void ol_value_format(struct ol_buf *b, struct ol_value v)
{
	switch (v.kind) {
	case OL_V_NUM:
		if (v.num == floor(v.num) && fabs(v.num) < 1e15) {
			ol_buf_printf(b, "%lld", (long long)v.num);
		} else {
			/* German decimal comma, two places: 0,2 → „0,20“ */
			size_t at = b->len;
			ol_buf_printf(b, "%.2f", v.num);
			char *dot = strchr(b->data + at, '.');
			if (dot)
				*dot = ',';
		}
		break;
	case OL_V_BOOL:
		ol_buf_adds(b, v.num != 0 ? "ja" : "nein");
		break;
	case OL_V_STR:
		ol_buf_adds(b, v.str);
		break;
	case OL_V_NULL:
		ol_buf_adds(b, "–");
		break;
	default:
		ol_buf_adds(b, "…");
	}
}
