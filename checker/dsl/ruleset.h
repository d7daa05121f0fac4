/* ruleset: loads rule files (following includes), resolves names and
 * compiles every pattern once; the result is what the engine runs. Rule
 * files are the only place rules come from. */
#ifndef OL_RULESET_H
#define OL_RULESET_H

#include <stdbool.h>

#include "ast.h"

/* Built-in matcher functions (ol_matcher.builtin) */
enum {
	OL_BI_NONE, OL_BI_ANY, OL_BI_SUPERLATIVE, OL_BI_MISSPELLED, OL_BI_SENTENCE_START,
	OL_BI_OPENING, OL_BI_UNKNOWN_PLACEHOLDER
};
/* Built-in expression functions (ol_expr.builtin) */
enum {
	OL_FN_NONE, OL_FN_COUNT, OL_FN_LEN, OL_FN_EXISTS, OL_FN_CONTAINS, OL_FN_MATCHES,
	OL_FN_GERMAN_SHARE, OL_FN_WORD_COUNT
};

/* Fields (ol_expr.field): what a PATH expression reads. */
enum ol_field {
	OL_F_NONE = -1,
	/* template documents */
	OL_F_STEP, OL_F_CHANNEL, OL_F_ADDRESS, OL_F_SUBJECT,
	OL_F_META,          /* meta.KEY…: front matter */
	OL_F_CAMPAIGN,      /* campaign.KEY…: the campaign a template is linted in */
	OL_F_AS,            /* a require's `as` result; num = slot */
	OL_F_SIGNATURE_MODE,/* `signature`: template | external (configuration) */
	/* campaign documents */
	OL_F_ROOT,          /* a path from the campaign's top-level mapping */
	/* a campaign step (inside `where` / `each step`) */
	OL_F_S_INDEX, OL_F_S_TEMPLATE, OL_F_S_CHANNEL, OL_F_S_DAY,
	OL_F_S_TEMPLATE_EXISTS, OL_F_S_GAP, OL_F_S_TEMPLATE_SEEN,
	OL_F_S_TEMPLATE_OUTSIDE
};

/* A compiled pattern with its source (for `outlint rules --patterns`, which
 * the benchmark's bare PCRE2 scan reads). */
struct ol_compiled {
	void *re;         /* struct ol_re * */
	char *source;     /* as compiled, boundaries and list alternations included */
	unsigned flags;   /* OL_RF_* */
	bool check_only;  /* compiled only to report an error precisely (list entries) */
};

struct ol_ruleset {
	struct ol_rulefile **files; /* owned, in load order */
	size_t nfiles, capf;
	struct ol_rule **rules;     /* effective rules (overrides applied), sorted by id */
	size_t nrules, capr;
	struct ol_list **lists;     /* all lists */
	size_t nlists, capl;
	bool needs_spell;           /* some rule calls a hunspell analysis */
	bool resolved;
	struct ol_compiled *patterns; /* every compiled pattern, owned */
	size_t npatterns, cappatterns;
};

struct ol_ruleset *ol_ruleset_new(void);
void ol_ruleset_free(struct ol_ruleset *rs); /* NULL is a no-op; frees compiled patterns */

/* Loads a rule file, or every *.rules file of a folder (sorted, recursive),
 * following includes. Syntax errors go to errs (one entry per rule file,
 * holding a copy of its source). Returns -1 when path cannot be read (an
 * entry with the path and no source is added to errs), else 0. */
int ol_ruleset_load(struct ol_ruleset *rs, const char *path, struct ol_report *errs);
/* Loads rule text from memory (tests). */
int ol_ruleset_load_text(struct ol_ruleset *rs, const char *name, const char *text,
                         struct ol_report *errs);
/* true if a loaded rule file names a hunspell analysis: known after
 * loading, before resolving, so that the caller can start loading the
 * dictionary (spell.h) while the patterns compile. */
bool ol_ruleset_may_need_spell(const struct ol_ruleset *rs);
/* Resolves names, applies overrides by id, compiles patterns. Errors go to
 * errs; returns their number (0 = usable). */
size_t ol_ruleset_resolve(struct ol_ruleset *rs, struct ol_report *errs);
const struct ol_rule *ol_ruleset_find(const struct ol_ruleset *rs, const char *id);

/* Which field a name means in a template rule (`campaign` false) or a
 * campaign rule, for {NAME} in messages; OL_F_NONE if none. */
int ol_field_by_name(const char *name, bool campaign, bool in_step);

/* Adds an error at loc of file to errs (used by the resolver and loader). */
void ol_dsl_error(struct ol_report *errs, const struct ol_rulefile *file,
                  struct ol_loc loc, const char *rule, const char *fmt, ...) OL_PRINTF(5, 6);

#endif
