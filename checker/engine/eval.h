/* eval: evaluates rule expressions (`when`, `assert`, parameters) against a
 * template's context or a campaign's YAML. Used by engine/check.c. */
#ifndef OL_EVAL_H
#define OL_EVAL_H

#include <stdbool.h>

#include "../content/campaign.h"
#include "../content/template.h"
#include "../dsl/ruleset.h"

enum ol_vkind { OL_V_NULL, OL_V_NUM, OL_V_STR, OL_V_BOOL, OL_V_YNODE, OL_V_STEPS, OL_V_LIST };

struct ol_value {
	enum ol_vkind kind;
	double num;                 /* NUM, BOOL */
	const char *str;            /* STR (borrowed) */
	const struct ol_ynode *y;   /* YNODE: a sequence or mapping */
	const struct ol_expr *list; /* LIST: a list literal */
};

/* What a parameter's value is overridden with (configuration); NULL: the
 * rule's default. */
typedef const struct ol_expr *(*ol_param_lookup)(const struct ol_rule *r,
                                                 const struct ol_param *p, void *arg);

struct ol_evalctx {
	const struct ol_rule *rule;
	/* template documents */
	const struct ol_template *t;  /* NULL for campaign documents */
	long step;
	const char *channel;
	const char *address;
	const char *signature_mode;   /* "template" | "external" */
	const bool *as_results;       /* the rule's `as` slots */
	/* the campaign (the document, or the one a template is linted in) */
	const struct ol_campaign *camp;
	const struct ol_campaign_step *cur; /* inside `where` / `each step` */
	ol_param_lookup plook;        /* parameter overrides, may be NULL */
	void *parg;
	/* german_share() and word_count() of the template text: fn is
	 * OL_FN_GERMAN_SHARE or OL_FN_WORD_COUNT; false when there is no value */
	bool (*text_stat)(void *arg, int fn, double *out);
	void *stat_arg;
};

struct ol_value ol_eval(const struct ol_evalctx *c, const struct ol_expr *e);
bool ol_eval_truthy(struct ol_value v);
/* The value of a field by name ({NAME} in messages); null if unknown. */
struct ol_value ol_eval_field(const struct ol_evalctx *c, const char *name);
/* Formats v for a message („4“, „email“); appends to b. */
void ol_value_format(struct ol_buf *b, struct ol_value v);

#endif
