/* ast: the tree of one rule file, built by the bison parser (grammar/) and
 * completed by the resolver (dsl/resolve.c), then read by the engine.
 * Every node lives in the arena of its struct ol_rulefile, so a parse that
 * fails half-way leaks nothing. Fields marked "resolver" are NULL/0 after
 * parsing and filled by ol_dsl_resolve. */
#ifndef OL_AST_H
#define OL_AST_H

#include <stdbool.h>
#include <stddef.h>

#include "../base/base.h"
#include "../base/source.h"
#include "../diag/finding.h"

/* A position in a rule file: byte offsets into its source text. */
struct ol_loc {
	size_t start, end;
};

/* Regex flags written after the closing slash: /…/i */
enum {
	OL_RF_CASELESS = 1u << 0, /* i */
	OL_RF_EXTENDED = 1u << 1, /* x */
	OL_RF_MULTILINE = 1u << 2 /* m: ^ and $ at line ends */
};

/* A text matcher: /regex/flags, "phrase", or a call such as any(list) or
 * superlative(). */
enum ol_matcher_kind { OL_M_REGEX, OL_M_PHRASE, OL_M_CALL };

struct ol_matcher {
	enum ol_matcher_kind kind;
	struct ol_loc loc;
	char *text;              /* regex source (between the slashes) or phrase */
	unsigned flags;          /* OL_RF_* (regex only) */
	char *func;              /* call: the function name */
	struct ol_loc func_loc;
	char **args;             /* call: identifier arguments, e.g. the list name */
	struct ol_loc *arg_locs;
	size_t nargs;
	/* resolver: */
	void *re;                /* compiled pattern (engine/pattern.h) */
	int builtin;             /* call: which built-in (engine/analysis.h) */
	struct ol_list *list;    /* call any(list): the list */
};

/* Text conditions for `if` / `unless`. */
enum ol_cond_kind { OL_C_MATCH, OL_C_AND, OL_C_OR, OL_C_NOT };
enum ol_scope {
	OL_SCOPE_MATCH,    /* default: the condition's match overlaps the finding */
	OL_SCOPE_CLAUSE,   /* `clause X`: X occurs in the same clause (see check.c) */
	OL_SCOPE_SENTENCE, /* `sentence X`: X occurs in the same sentence */
	OL_SCOPE_PARAGRAPH /* `paragraph X`: X occurs in the same paragraph */
};

struct ol_cond {
	enum ol_cond_kind kind;
	struct ol_loc loc;
	struct ol_cond *a, *b;   /* AND/OR: a, b; NOT: a */
	enum ol_scope scope;     /* MATCH kind */
	struct ol_matcher *m;    /* MATCH kind */
};

/* Data expressions for `when`, `assert`, params and example contexts. */
enum ol_expr_kind {
	OL_E_NUM,     /* num */
	OL_E_STR,     /* str */
	OL_E_BOOL,    /* num != 0 */
	OL_E_PATH,    /* str = "limits.daily_per_sender" (dotted identifiers) */
	OL_E_LIST,    /* [a, b]: items */
	OL_E_CALL,    /* func(items…) or func(items[0] where where) */
	OL_E_UNARY,   /* op OL_OP_NOT or OL_OP_NEG on a */
	OL_E_BINARY,  /* a op b */
	OL_E_REGEX    /* /…/flags as a value: str = pattern, flags */
};

enum ol_op {
	OL_OP_NONE,
	OL_OP_OR, OL_OP_AND, OL_OP_NOT,
	OL_OP_EQ, OL_OP_NE, OL_OP_LT, OL_OP_LE, OL_OP_GT, OL_OP_GE, OL_OP_IN,
	OL_OP_ADD, OL_OP_SUB, OL_OP_NEG
};

struct ol_expr {
	enum ol_expr_kind kind;
	struct ol_loc loc;
	enum ol_op op;
	double num;
	char *str;
	struct ol_expr *a, *b;
	struct ol_expr **items;  /* LIST items, CALL arguments */
	size_t nitems;
	char *func;              /* CALL */
	struct ol_expr *where;   /* CALL: count(steps where channel == email) */
	unsigned flags;          /* REGEX: OL_RF_* */
	void *re;                /* REGEX, resolver: the compiled pattern */
	/* resolver: */
	int field;               /* PATH: field id (engine/eval.h), -1 if none */
	struct ol_param *param;  /* PATH naming a parameter */
	bool symbol;             /* PATH used as a bare word: compare as string str */
	int builtin;             /* CALL: which function */
};

/* One place of `fix insert "…" before closing, after body`. */
struct ol_fix_place {
	bool after;                /* after the section's text; else before it */
	char *section;             /* as written */
	struct ol_loc loc;
	int sec;                   /* resolver: enum ol_section */
	struct ol_fix_place *next;
};

enum ol_stmt_kind {
	OL_S_FORBID,   /* every match of m is a finding */
	OL_S_REQUIRE,  /* a finding when m matches nowhere in scope */
	OL_S_ASSERT,   /* a finding when expr is false */
	OL_S_EACH      /* `each step assert expr`: per campaign step */
};

struct ol_stmt {
	enum ol_stmt_kind kind;
	struct ol_loc loc;
	struct ol_matcher *m;      /* FORBID, REQUIRE */
	struct ol_cond *unless;    /* `unless …` (may be NULL) */
	struct ol_cond *ifc;       /* `if …` (may be NULL) */
	struct ol_expr *expr;      /* ASSERT, EACH */
	char *each;                /* EACH: the collection name ("step") */
	struct ol_loc each_loc;
	/* optional block { … } */
	struct ol_expr *when;
	bool has_severity;
	char *severity;            /* as written; resolver checks it */
	struct ol_loc severity_loc;
	char *message;
	char *hint;
	char *fix;                 /* `fix "text"` replacement */
	char *fix_map;             /* `fix map(list)`: the list name */
	bool fix_remove;           /* `fix remove`: delete the match */
	char *fix_insert;          /* `fix insert "text" before|after SECTION, …` */
	struct ol_fix_place *fix_places; /* insert: where, first existing wins */
	bool fix_unsafe;           /* `fix unsafe …`: quick fix only, --fix-unsafe */
	struct ol_loc fix_loc;
	char **sections;           /* `in a, b`; NULL: the rule's */
	struct ol_loc *section_locs;
	size_t nsections;
	char *as_name;             /* `as NAME`: REQUIRE result usable in `when` */
	struct ol_loc as_loc;
	char *at;                  /* `at path`: campaign node to point at */
	struct ol_loc at_loc;
	bool has_max;              /* `max N`: quiet up to N matches */
	double max;
	struct ol_loc max_loc;
	struct ol_stmt *next;
	/* resolver: */
	enum ol_severity sev;
	unsigned secmask;          /* bit (1u << enum ol_section) */
	struct ol_list *fix_list;
	int as_slot;               /* index among the rule's `as` names, -1 */
};

struct ol_param {
	char *name;
	struct ol_loc loc;
	struct ol_expr *value;     /* a literal */
	struct ol_param *next;
};

/* `with name = literal` in an example */
struct ol_assign {
	char *name;
	struct ol_loc loc;
	struct ol_expr *value;
	struct ol_assign *next;
};

struct ol_example {
	bool good;
	char *text;
	struct ol_loc loc;
	struct ol_assign *with;
	struct ol_example *next;
	struct ol_rulefile *file;  /* parser sets it: the file loc is in (an
	                            * override may inherit examples) */
};

struct ol_rule {
	char *id;                  /* "tone/sie-form" */
	struct ol_loc loc;         /* the id */
	char *severity;            /* as written, NULL if absent */
	struct ol_loc severity_loc;
	char *summary, *message, *hint, *cite, *doc, *url;
	char *applies;             /* "templates" | "campaigns" | NULL */
	struct ol_loc applies_loc;
	char **sections;           /* `in …` */
	struct ol_loc *section_locs;
	size_t nsections;
	struct ol_expr *when;
	struct ol_param *params;
	struct ol_stmt *stmts;
	struct ol_example *examples;
	struct ol_rule *next;
	struct ol_rulefile *file;  /* parser sets it */
	bool override;             /* `override rule ID { … }` */
	struct ol_loc override_loc;/* the word `override` */
	/* resolver: */
	struct ol_rule *base;      /* override: the rule it replaces */
	struct ol_rulefile *stmts_file;    /* files of inherited items (an */
	struct ol_rulefile *sections_file; /*   override's statements, `in` */
	struct ol_rulefile *when_file;     /*   and `when`); NULL: file */
	enum ol_severity sev;
	bool campaign;             /* applies to campaigns */
	unsigned secmask;
	char *pack;                /* the id's part before the first '/' */
	size_t nas;                /* number of `as` slots */
	bool needs_spell;          /* calls a hunspell analysis */
};

struct ol_list_entry {
	bool is_regex;
	char *text;                /* phrase or regex source */
	unsigned flags;            /* regex flags */
	char *replacement;         /* "du" -> "Sie" */
	struct ol_loc loc;
	struct ol_list_entry *next;
	struct ol_rulefile *file;  /* resolver: set for entries added by
	                            * `extend list`; NULL: the list's file */
};

struct ol_list {
	char *name;
	struct ol_loc loc;
	bool inflected;            /* `list x inflected { … }`: phrases get (e|er|en|em|es)? */
	bool case_sensitive;       /* `list x case-sensitive { … }` */
	bool extend;               /* `extend list x { … }`: adds entries to x */
	struct ol_list_entry *entries;
	struct ol_list *next;
	struct ol_rulefile *file;
	/* resolver: */
	void *re;                  /* one compiled alternation of all entries */
};

struct ol_include {
	char *path;                /* as written */
	struct ol_loc loc;
	struct ol_include *next;
};

struct ol_rulefile {
	struct ol_source *src;     /* owned */
	struct ol_arena *arena;    /* owns every node of this file */
	struct ol_rule *rules;     /* in file order */
	struct ol_list *lists;
	struct ol_include *includes;
	bool calls_spell;          /* names a hunspell analysis (superlative(),
	                            * misspelled(), german_share()) */
};

#endif
