/* config: the project configuration `.outlint.yml` (formats.md) → one
 * settings struct the CLI applies to the rule set, the checker and the
 * file walk. Errors are reported at their line and column. */
#ifndef OL_CONFIG_H
#define OL_CONFIG_H

#include <stdbool.h>

#include "../diag/finding.h"
#include "../dsl/ruleset.h"

struct ol_config_param {
	char *rule;            /* rule id */
	char *name;            /* parameter name */
	struct ol_expr *value; /* a literal (number, string or boolean) */
	size_t off;            /* where it was written, for errors */
};

struct ol_config_severity {
	char *target;          /* rule id, pack name, or pack name with "/" and "*" */
	int severity;          /* enum ol_severity; OL_SEV_OFF disables */
	size_t off;
};

struct ol_config {
	char *path;            /* the file; NULL when there is none */
	char *dir;             /* its folder: relative paths in it start here */
	struct ol_source *src; /* kept for error positions */
	char **rules;          /* extra rule files or folders (resolved) */
	size_t nrules;
	bool default_rules;    /* load the shipped packs (default true) */
	struct ol_config_severity *sev;
	size_t nsev;
	struct ol_config_param *params;
	size_t nparams;
	char **words;          /* project words for spelling */
	size_t nwords;
	char **include, **exclude; /* globs relative to dir */
	size_t ninclude, nexclude;
	char *address;         /* default form of address, "sie" | "du", or NULL */
	char *signature;       /* "template" (default) | "external" */
	char **fix_names;      /* `fix:` texts that fixes insert ({fix.NAME}) */
	char **fix_texts;
	size_t *fix_offs;      /* byte offset of each name in the file */
	size_t nfix;
	struct ol_arena *arena;
};

/* Walks up from dir (a folder) to the file system root and returns the
 * first `.outlint.yml` (or `.outlint.yaml`) found, or NULL. Caller frees. */
char *ol_config_find(const char *dir);

/* Loads path into c (c is initialised first). Problems (invalid YAML, an
 * unknown key, a wrong type or value) are added to errs at their position;
 * returns their number, or -1 when the file cannot be read (an entry is
 * added to errs). Always call ol_config_fini. */
int ol_config_load(const char *path, struct ol_config *c, struct ol_report *errs);
void ol_config_init(struct ol_config *c);
void ol_config_fini(struct ol_config *c);

/* Applies severity overrides to a resolved rule set (in place). Targets that
 * name no loaded rule or pack are reported to errs; returns their number. */
size_t ol_config_apply(const struct ol_config *c, struct ol_ruleset *rs, struct ol_report *errs);

/* The override of parameter p of rule r, or NULL: an ol_param_lookup. */
const struct ol_expr *ol_config_param(const struct ol_rule *r, const struct ol_param *p, void *config);

/* Whether a walked file (path relative to the config's folder or as given)
 * passes include/exclude. `**` matches across folders, `*` within one. */
bool ol_config_wants(const struct ol_config *c, const char *path);

/* Glob matching as above (exposed for tests). */
bool ol_glob_match(const char *pattern, const char *path);

#endif
