/* rules.y: the grammar of the rule language (docs/rule-language.md, "Grammar
 * summary", mirrored rule by rule below). A pure, reentrant bison parser
 * with byte-offset locations. Every action is a one-line call to an AST
 * constructor of checker/dsl/parse.c, which allocates in the file's arena,
 * so error recovery leaks nothing. Names and patterns are checked later by
 * dsl/resolve.c; this file knows only the shape of the language.
 *
 * Errors: the custom reporter names what was expected (LAC makes that
 * list exact) and what is open; recovery resumes at the next item of a
 * list, rule or block, or at the next top-level item, so every error of a
 * file is reported (at most OL_PARSE_MAX_ERRORS). As LAC finds an error
 * before reducing what precedes it, the construct just before an error
 * may be missing from the AST; a file with errors is not used anyway.
 *
 * rules.tab.h is the private interface between this parser, the scanner
 * (rules.l) and parse.c: the parser state and the constructors. */

%code requires {
#include <stdbool.h>
#include <stddef.h>

#include "checker/base/base.h"
#include "checker/dsl/ast.h"

#ifndef YY_TYPEDEF_YY_SCANNER_T
#define YY_TYPEDEF_YY_SCANNER_T
typedef void *yyscan_t;
#endif

/* Nesting deeper than this (expressions, conditions, brackets) is an error:
 * later passes recurse over the tree. */
#define OL_PARSE_MAX_DEPTH 200
/* Syntax errors reported per file; the parse stops after the last. */
#define OL_PARSE_MAX_ERRORS 50

/* The value of a REGEX token: the text between the slashes (with "\/"
 * turned into "/") and the OL_RF_* flags after the closing slash. */
struct ol_pregex {
	char *text;
	unsigned flags;
};

/* Growable vectors, alive only during the parse (in the file's arena). */
struct ol_pnames {          /* idents and dotted paths */
	char **v;
	struct ol_loc *locs;
	size_t n, cap;
};
struct ol_pexprs {          /* list items and call arguments */
	struct ol_expr **v;
	size_t n, cap;
	struct ol_expr *where;  /* count(steps where …) */
};

/* Which text item of a rule or a statement block. */
enum ol_ptext { OL_PT_SUMMARY, OL_PT_MESSAGE, OL_PT_HINT, OL_PT_CITE,
	OL_PT_DOC, OL_PT_URL, OL_PT_FIX };

/* Everything one parse knows, shared by the scanner (as its extra data),
 * the parser (as its parse-param) and the constructors in parse.c. */
struct ol_pstate {
	struct ol_rulefile *file;   /* the result; its arena owns every node */
	struct ol_findings *errs;   /* borrowed: where syntax errors go */
	unsigned nerrs;             /* errors reported so far */
	size_t err_tok_start;       /* where the last syntax error was found */
	unsigned err_tok_count;     /*   and how often in a row (0: none yet) */
	bool stop;                  /* error cap reached: the scanner ends the input */
	bool too_deep;              /* the nesting error was reported once */
	/* scanner */
	size_t off;                 /* byte offset of the next unread byte */
	int last_tok;               /* previous token: a word after '.' is a name */
	unsigned brackets;          /* open ( [ { not yet closed */
	/* what is open; constructors append to it */
	struct ol_rule *rule;
	bool rule_broken;           /* the open rule has a syntax error */
	struct ol_list *list;
	struct ol_stmt *stmt;
	struct ol_example *example;
	bool block;                 /* inside a statement's { … } */
	bool fix_set;               /* the fix item being read was accepted */
	struct ol_loc block_loc;    /* its '{' */
	/* tails, so that everything stays in file order at O(1) per item */
	struct ol_rule **rule_tail;
	struct ol_list **list_tail;
	struct ol_include **include_tail;
	struct ol_stmt **stmt_tail;
	struct ol_param **param_tail;
	struct ol_example **example_tail;
	struct ol_list_entry **entry_tail;
	struct ol_assign **with_tail;
};
}

%code provides {
/* The scanner (rules.l) is generated with the unprefixed type names. */
#ifndef YYSTYPE
#define YYSTYPE OLRLSTYPE
#endif
#ifndef YYLTYPE
#define YYLTYPE OLRLLTYPE
#endif

/* Diagnostics (parse.c): rule "dsl/syntax", severity error, span loc. */
void ol_parse_error(struct ol_pstate *ps, struct ol_loc loc, const char *fmt, ...) OL_PRINTF(3, 4);
void ol_parse_stray(struct ol_pstate *ps, const char *s, size_t n, struct ol_loc loc);
/* Resets what was open after error recovery at top level. */
void ol_parse_recover_top(struct ol_pstate *ps);
/* Describes what is open for messages, "rule x/y opened at line 3" (with
 * innermost, "the block opened at line 5" inside a statement's block), or
 * NULL when nothing is. Returns an arena string; *in_block says whether a
 * statement's block is open. */
const char *ol_parse_context(struct ol_pstate *ps, bool innermost, bool *in_block);

/* Token values (scanner). s points into the scanner's copy of the text;
 * positions in messages come from loc or base, offsets into the source. */
char *ol_parse_word(struct ol_pstate *ps, const char *s, size_t n);
char *ol_parse_string(struct ol_pstate *ps, const char *s, size_t n, struct ol_loc loc);
char *ol_parse_raw_string(struct ol_pstate *ps, const char *s, size_t n, size_t base);
struct ol_pregex ol_parse_regex(struct ol_pstate *ps, const char *s, size_t n, struct ol_loc loc);
double ol_parse_number(const char *s, size_t n);

/* Top level */
void ol_parse_include(struct ol_pstate *ps, char *path, struct ol_loc loc);
void ol_parse_list_open(struct ol_pstate *ps, char *name, struct ol_loc loc);
void ol_parse_list_inflected(struct ol_pstate *ps);
void ol_parse_list_case_sensitive(struct ol_pstate *ps);
void ol_parse_list_phrase(struct ol_pstate *ps, char *text, char *replacement, struct ol_loc loc);
void ol_parse_list_regex(struct ol_pstate *ps, struct ol_pregex re, char *replacement, struct ol_loc loc);
void ol_parse_list_close(struct ol_pstate *ps);
void ol_parse_rule_open(struct ol_pstate *ps, char *id, struct ol_loc loc);
void ol_parse_rule_close(struct ol_pstate *ps);
void ol_parse_rule_override(struct ol_pstate *ps, struct ol_loc loc);
void ol_parse_list_extend(struct ol_pstate *ps);

/* Rule items */
void ol_parse_rule_severity(struct ol_pstate *ps, char *name, struct ol_loc loc);
void ol_parse_rule_text(struct ol_pstate *ps, enum ol_ptext which, char *text, struct ol_loc loc);
void ol_parse_rule_applies(struct ol_pstate *ps, char *name, struct ol_loc loc);
void ol_parse_rule_sections(struct ol_pstate *ps, struct ol_pnames *names, struct ol_loc loc);
void ol_parse_rule_when(struct ol_pstate *ps, struct ol_expr *e, struct ol_loc loc);
void ol_parse_param(struct ol_pstate *ps, char *name, struct ol_loc loc, struct ol_expr *value);
void ol_parse_example(struct ol_pstate *ps, bool good, char *text, struct ol_loc loc);
void ol_parse_example_with(struct ol_pstate *ps, char *name, struct ol_loc loc, struct ol_expr *value);

/* Statements and their blocks */
void ol_parse_stmt_match(struct ol_pstate *ps, enum ol_stmt_kind kind, struct ol_matcher *m, struct ol_loc loc);
void ol_parse_stmt_assert(struct ol_pstate *ps, char *each, struct ol_loc each_loc, struct ol_expr *e, struct ol_loc loc);
void ol_parse_stmt_unless(struct ol_pstate *ps, struct ol_cond *c);
void ol_parse_stmt_if(struct ol_pstate *ps, struct ol_cond *c);
void ol_parse_block_open(struct ol_pstate *ps, struct ol_loc loc);
void ol_parse_block_close(struct ol_pstate *ps);
void ol_parse_stmt_severity(struct ol_pstate *ps, char *name, struct ol_loc loc);
void ol_parse_stmt_text(struct ol_pstate *ps, enum ol_ptext which, char *text, struct ol_loc loc);
void ol_parse_stmt_fix_map(struct ol_pstate *ps, char *list, struct ol_loc loc);
void ol_parse_stmt_fix_remove(struct ol_pstate *ps, struct ol_loc loc);
void ol_parse_stmt_fix_insert(struct ol_pstate *ps, char *text, struct ol_loc loc);
void ol_parse_fix_place(struct ol_pstate *ps, bool after, char *section, struct ol_loc loc);
void ol_parse_stmt_fix_done(struct ol_pstate *ps, bool unsafe, struct ol_loc loc);
void ol_parse_stmt_sections(struct ol_pstate *ps, struct ol_pnames *names, struct ol_loc loc);
void ol_parse_stmt_when(struct ol_pstate *ps, struct ol_expr *e, struct ol_loc loc);
void ol_parse_stmt_as(struct ol_pstate *ps, char *name, struct ol_loc loc);
void ol_parse_stmt_at(struct ol_pstate *ps, struct ol_pnames *path, struct ol_loc loc);
void ol_parse_stmt_max(struct ol_pstate *ps, char *name, struct ol_loc name_loc, double n, struct ol_loc loc);
struct ol_expr *ol_parse_e_regex(struct ol_pstate *ps, struct ol_pregex re, struct ol_loc loc);

/* Matchers and conditions */
struct ol_matcher *ol_parse_m_regex(struct ol_pstate *ps, struct ol_pregex re, struct ol_loc loc);
struct ol_matcher *ol_parse_m_phrase(struct ol_pstate *ps, char *text, struct ol_loc loc);
struct ol_matcher *ol_parse_m_call(struct ol_pstate *ps, char *func, struct ol_loc func_loc, struct ol_pnames *args, struct ol_loc loc);
struct ol_cond *ol_parse_c_match(struct ol_pstate *ps, enum ol_scope scope, struct ol_matcher *m, struct ol_loc loc);
struct ol_cond *ol_parse_c_binary(struct ol_pstate *ps, enum ol_cond_kind kind, struct ol_cond *a, struct ol_cond *b, struct ol_loc loc);
struct ol_cond *ol_parse_c_not(struct ol_pstate *ps, struct ol_cond *a, struct ol_loc loc);

/* Expressions */
struct ol_expr *ol_parse_e_num(struct ol_pstate *ps, double num, struct ol_loc loc);
struct ol_expr *ol_parse_e_str(struct ol_pstate *ps, char *s, struct ol_loc loc);
struct ol_expr *ol_parse_e_bool(struct ol_pstate *ps, bool v, struct ol_loc loc);
struct ol_expr *ol_parse_e_path(struct ol_pstate *ps, struct ol_pnames *path, struct ol_loc loc);
struct ol_expr *ol_parse_e_list(struct ol_pstate *ps, struct ol_pexprs *items, struct ol_loc loc);
struct ol_expr *ol_parse_e_call(struct ol_pstate *ps, char *func, struct ol_pexprs *args, struct ol_loc loc);
struct ol_expr *ol_parse_e_unary(struct ol_pstate *ps, enum ol_op op, struct ol_expr *a, struct ol_loc loc);
struct ol_expr *ol_parse_e_binary(struct ol_pstate *ps, enum ol_op op, struct ol_expr *a, struct ol_expr *b, struct ol_loc loc);

/* Vectors */
struct ol_pnames *ol_parse_names(struct ol_pstate *ps, struct ol_pnames *v, char *name, struct ol_loc loc);
struct ol_pexprs *ol_parse_exprs(struct ol_pstate *ps, struct ol_pexprs *v, struct ol_expr *e);
struct ol_pexprs *ol_parse_args_where(struct ol_pstate *ps, struct ol_expr *first, struct ol_expr *where);
}

%code {
#include <string.h>

/* The scanner (rules.l); its header is not included, since the Makefile
 * may compile this file before flex has run. */
int olrllex(YYSTYPE *lval, YYLTYPE *lloc, yyscan_t scanner);

/* A span runs from the first to the last symbol of a rule; an empty rule
 * sits, empty, at the end of what precedes it. */
#define YYLLOC_DEFAULT(Cur, Rhs, N)                                          \
	do {                                                                 \
		if (N) {                                                     \
			(Cur).start = YYRHSLOC(Rhs, 1).start;                \
			(Cur).end = YYRHSLOC(Rhs, N).end;                    \
		} else {                                                     \
			(Cur).start = (Cur).end = YYRHSLOC(Rhs, 0).end;      \
		}                                                            \
	} while (0)

static void yyerror(YYLTYPE *loc, yyscan_t scanner, struct ol_pstate *ps, const char *msg);
}

%define api.pure full
%define api.prefix {olrl}
%define api.token.prefix {TK_}
%define api.location.type {struct ol_loc}
%define parse.error custom
%define parse.lac full
%locations
%expect 0
%lex-param {yyscan_t scanner}
%parse-param {yyscan_t scanner} {struct ol_pstate *ps}

%union {
	char *str;
	double num;
	struct ol_pregex re;
	enum ol_op op;
	struct ol_pnames *names;
	struct ol_pexprs *exprs;
	struct ol_matcher *m;
	struct ol_cond *cond;
	struct ol_expr *expr;
}

/* Declaration order is the order of "expected one of: …" lists: first
 * the closers an author most often forgets, then what continues an
 * expression, then the items. */
%token '}' ')' ']'
%token <str> IDENT "name"
%token <str> RULEID "rule id"
%token <str> STRING "string"
%token <re> REGEX "pattern"
%token <num> NUMBER "number"
%token AND "and" OR "or" EQ "==" NE "!=" '<' LE "<=" '>' GE ">="
%token IN_LIST "in [" '+' '-' '.' ',' WHERE "where" NOT "not" TRUE "true" FALSE "false"
%token INCLUDE "include" LIST "list" RULE "rule"
%token OVERRIDE "override" EXTEND "extend"
%token INFLECTED "inflected" CASE_SENSITIVE "case-sensitive"
%token SEVERITY "severity" SUMMARY "summary" MESSAGE "message" HINT "hint"
%token CITE "cite" DOC "doc" URL "url" APPLIES "applies" IN "in"
%token WHEN "when" PARAM "param" FORBID "forbid" REQUIRE "require"
%token ASSERT "assert" EACH "each" GOOD "good" BAD "bad" WITH "with"
%token UNLESS "unless" IF "if" SENTENCE "sentence" PARAGRAPH "paragraph" CLAUSE "clause"
%token FIX "fix" MAP "map" AS "as" AT "at" ARROW "->"
%token UNSAFE "unsafe" REMOVE "remove" INSERT "insert" BEFORE "before" AFTER "after"

%type <op> cmp_op
%type <names> idents path
%type <exprs> exprs args
%type <m> matcher
%type <cond> cond
%type <expr> expr sum unary primary list_value literal

%left "or"
%left "and"
%precedence "not"

%start file

%%

/* file := { include | list | rule } */
file
	: %empty
	| file top
	;

/* After an error at top level the parser skips to the next include, list
 * or rule and reports errors again from there (yyerrok). That is safe only
 * because the state after `error` is not consistent (it may shift '}'):
 * so the parser reads the lookahead and LAC checks it before `top: error`
 * reduces; in a consistent state the reduction would happen on any token
 * and yyerrok would loop on it. A stray '}' is skipped as junk. */
top
	: "include" STRING              { ol_parse_include(ps, $2, @2); }
	| list
	| rule
	| error                         { ol_parse_recover_top(ps); yyerrok; }
	| error '}'                     { ol_parse_recover_top(ps); }
	;

/* list := 'list' IDENT { 'inflected' | 'case-sensitive' } '{' { entry } '}'
 * Error recovery (here and in rules and blocks): after a bad entry the
 * parser skips to the next entry or to '}'; a list whose '}' is missing
 * ends where the next top-level item starts. */
list
	: list_head list_flags '{' entries '}'          { ol_parse_list_close(ps); }
	| list_head list_flags '{' entries error '}'    { ol_parse_list_close(ps); yyerrok; }
	| list_head list_flags '{' entries error        { ol_parse_list_close(ps); yyerrok; }
	;

/* 'extend' 'list' IDENT adds entries to a list of another file. */
list_head
	: "list" IDENT                  { ol_parse_list_open(ps, $2, @2); }
	| "extend" "list" IDENT         { ol_parse_list_open(ps, $3, @3); ol_parse_list_extend(ps); }
	;

list_flags
	: %empty
	| list_flags "inflected"        { ol_parse_list_inflected(ps); }
	| list_flags "case-sensitive"   { ol_parse_list_case_sensitive(ps); }
	;

entries
	: %empty
	| entries entry
	| entries error entry
	;

/* entry := (STRING | REGEX) [ '->' STRING ] */
entry
	: STRING                        { ol_parse_list_phrase(ps, $1, NULL, @1); }
	| STRING "->" STRING            { ol_parse_list_phrase(ps, $1, $3, @1); }
	| REGEX                         { ol_parse_list_regex(ps, $1, NULL, @1); }
	| REGEX "->" STRING             { ol_parse_list_regex(ps, $1, $3, @1); }
	;

/* rule := 'rule' RULEID '{' { item } '}'
 * A rule whose '}' is missing ends where the next top-level item starts. */
rule
	: rule_head items '}'           { ol_parse_rule_close(ps); }
	| rule_head items error '}'     { ol_parse_rule_close(ps); yyerrok; }
	| rule_head items error         { ol_parse_rule_close(ps); yyerrok; }
	;

/* 'override' 'rule' RULEID '{' replaces a rule of another file by id. */
rule_head
	: "rule" RULEID '{'             { ol_parse_rule_open(ps, $2, @2); }
	| "override" "rule" RULEID '{'  { ol_parse_rule_open(ps, $3, @3); ol_parse_rule_override(ps, @1); }
	;

/* A block after an error (`require any(x) in body { … }`) is read whole
 * and, as a guess, given to the last statement, so that its items and its
 * '}' are not mistaken for the rule's. */
items
	: %empty
	| items item
	| items error item
	| items error block_open block_items '}'   { ol_parse_block_close(ps); }
	;

item
	: "severity" IDENT              { ol_parse_rule_severity(ps, $2, @2); }
	| "summary" STRING              { ol_parse_rule_text(ps, OL_PT_SUMMARY, $2, @$); }
	| "message" STRING              { ol_parse_rule_text(ps, OL_PT_MESSAGE, $2, @$); }
	| "hint" STRING                 { ol_parse_rule_text(ps, OL_PT_HINT, $2, @$); }
	| "cite" STRING                 { ol_parse_rule_text(ps, OL_PT_CITE, $2, @$); }
	| "doc" STRING                  { ol_parse_rule_text(ps, OL_PT_DOC, $2, @$); }
	| "url" STRING                  { ol_parse_rule_text(ps, OL_PT_URL, $2, @$); }
	| "applies" IDENT               { ol_parse_rule_applies(ps, $2, @2); }
	| "in" idents                   { ol_parse_rule_sections(ps, $2, @$); }
	| "when" expr                   { ol_parse_rule_when(ps, $2, @$); }
	| "param" IDENT '=' literal     { ol_parse_param(ps, $2, @2, $4); }
	| statement
	| example
	;

/*   ('forbid' | 'require') matcher { clause } [ block ]
 * | 'assert' expr [ block ] | 'each' IDENT 'assert' expr [ block ] */
statement
	: match_head clauses opt_block
	| assert_head opt_block
	;

match_head
	: "forbid" matcher              { ol_parse_stmt_match(ps, OL_S_FORBID, $2, @$); }
	| "require" matcher             { ol_parse_stmt_match(ps, OL_S_REQUIRE, $2, @$); }
	;

assert_head
	: "assert" expr                 { ol_parse_stmt_assert(ps, NULL, @1, $2, @$); }
	| "each" IDENT "assert" expr    { ol_parse_stmt_assert(ps, $2, @2, $4, @$); }
	;

clauses
	: %empty
	| clauses clause
	;

/* clause := 'unless' cond | 'if' cond */
clause
	: "unless" cond                 { ol_parse_stmt_unless(ps, $2); }
	| "if" cond                     { ol_parse_stmt_if(ps, $2); }
	;

/* block := '{' { block item } '}' */
opt_block
	: %empty
	| block_open block_items '}'        { ol_parse_block_close(ps); }
	| block_open block_items error '}'  { ol_parse_block_close(ps); }
	;

block_open
	: '{'                           { ol_parse_block_open(ps, @1); }
	;

block_items
	: %empty
	| block_items block_item
	| block_items error block_item
	;

block_item
	: "severity" IDENT              { ol_parse_stmt_severity(ps, $2, @2); }
	| "message" STRING              { ol_parse_stmt_text(ps, OL_PT_MESSAGE, $2, @$); }
	| "hint" STRING                 { ol_parse_stmt_text(ps, OL_PT_HINT, $2, @$); }
	| "fix" fix_what                { ol_parse_stmt_fix_done(ps, false, @$); }
	| "fix" "unsafe" fix_what       { ol_parse_stmt_fix_done(ps, true, @$); }
	| "in" idents                   { ol_parse_stmt_sections(ps, $2, @$); }
	| "when" expr                   { ol_parse_stmt_when(ps, $2, @$); }
	| "as" IDENT                    { ol_parse_stmt_as(ps, $2, @2); }
	| "at" path                     { ol_parse_stmt_at(ps, $2, @2); }
	| IDENT NUMBER                  { ol_parse_stmt_max(ps, $1, @1, $2, @2); }
	| clause
	;

/* fix := STRING | 'map' '(' IDENT ')' | 'remove'
 *      | 'insert' STRING place { ',' place } */
fix_what
	: STRING                        { ol_parse_stmt_text(ps, OL_PT_FIX, $1, @$); }
	| "map" '(' IDENT ')'           { ol_parse_stmt_fix_map(ps, $3, @$); }
	| "remove"                      { ol_parse_stmt_fix_remove(ps, @$); }
	| "insert" STRING               { ol_parse_stmt_fix_insert(ps, $2, @$); }
	  fix_places
	;

/* place := ('before' | 'after') IDENT */
fix_places
	: fix_place
	| fix_places ',' fix_place
	;

fix_place
	: "before" IDENT                { ol_parse_fix_place(ps, false, $2, @2); }
	| "after" IDENT                 { ol_parse_fix_place(ps, true, $2, @2); }
	;

/* ('good' | 'bad') STRING [ 'with' assign { ',' assign } ] */
example
	: example_head
	| example_head "with" assigns
	;

example_head
	: "good" STRING                 { ol_parse_example(ps, true, $2, @2); }
	| "bad" STRING                  { ol_parse_example(ps, false, $2, @2); }
	;

assigns
	: assign
	| assigns ',' assign
	;

/* assign := IDENT '=' literal */
assign
	: IDENT '=' literal             { ol_parse_example_with(ps, $1, @1, $3); }
	;

/* cond := cond 'or' cond | cond 'and' cond | 'not' cond | '(' cond ')'
 *       | [ 'clause' | 'sentence' | 'paragraph' ] matcher */
cond
	: cond "or" cond                { $$ = ol_parse_c_binary(ps, OL_C_OR, $1, $3, @$); }
	| cond "and" cond               { $$ = ol_parse_c_binary(ps, OL_C_AND, $1, $3, @$); }
	| "not" cond                    { $$ = ol_parse_c_not(ps, $2, @$); }
	| '(' cond ')'                  { $$ = $2; }
	| matcher                       { $$ = ol_parse_c_match(ps, OL_SCOPE_MATCH, $1, @$); }
	| "clause" matcher              { $$ = ol_parse_c_match(ps, OL_SCOPE_CLAUSE, $2, @$); }
	| "sentence" matcher            { $$ = ol_parse_c_match(ps, OL_SCOPE_SENTENCE, $2, @$); }
	| "paragraph" matcher           { $$ = ol_parse_c_match(ps, OL_SCOPE_PARAGRAPH, $2, @$); }
	;

/* matcher := REGEX | STRING | IDENT '(' [ IDENT { ',' IDENT } ] ')' */
matcher
	: REGEX                         { $$ = ol_parse_m_regex(ps, $1, @$); }
	| STRING                        { $$ = ol_parse_m_phrase(ps, $1, @$); }
	| IDENT '(' ')'                 { $$ = ol_parse_m_call(ps, $1, @1, NULL, @$); }
	| IDENT '(' idents ')'          { $$ = ol_parse_m_call(ps, $1, @1, $3, @$); }
	;

/* idents := IDENT { ',' IDENT } */
idents
	: IDENT                         { $$ = ol_parse_names(ps, NULL, $1, @1); }
	| idents ',' IDENT              { $$ = ol_parse_names(ps, $1, $3, @3); }
	;

/* expr := expr 'or' expr | expr 'and' expr | 'not' expr
 *       | sum [ ('=='|'!='|'<'|'<='|'>'|'>=') sum ] | sum IN_LIST list */
expr
	: expr "or" expr                { $$ = ol_parse_e_binary(ps, OL_OP_OR, $1, $3, @$); }
	| expr "and" expr               { $$ = ol_parse_e_binary(ps, OL_OP_AND, $1, $3, @$); }
	| "not" expr                    { $$ = ol_parse_e_unary(ps, OL_OP_NOT, $2, @$); }
	| sum
	| sum cmp_op sum                { $$ = ol_parse_e_binary(ps, $2, $1, $3, @$); }
	| sum "in [" list_value         { $$ = ol_parse_e_binary(ps, OL_OP_IN, $1, $3, @$); }
	;

cmp_op
	: "=="                          { $$ = OL_OP_EQ; }
	| "!="                          { $$ = OL_OP_NE; }
	| '<'                           { $$ = OL_OP_LT; }
	| "<="                          { $$ = OL_OP_LE; }
	| '>'                           { $$ = OL_OP_GT; }
	| ">="                          { $$ = OL_OP_GE; }
	;

/* sum := sum ('+'|'-') unary | unary */
sum
	: sum '+' unary                 { $$ = ol_parse_e_binary(ps, OL_OP_ADD, $1, $3, @$); }
	| sum '-' unary                 { $$ = ol_parse_e_binary(ps, OL_OP_SUB, $1, $3, @$); }
	| unary
	;

/* unary := '-' unary | primary */
unary
	: '-' unary                     { $$ = ol_parse_e_unary(ps, OL_OP_NEG, $2, @$); }
	| primary
	;

/* primary := NUMBER | STRING | REGEX | 'true' | 'false' | path | list
 *          | IDENT '(' [ expr [ 'where' expr ] { ',' expr } ] ')' | '(' expr ')' */
primary
	: NUMBER                        { $$ = ol_parse_e_num(ps, $1, @$); }
	| STRING                        { $$ = ol_parse_e_str(ps, $1, @$); }
	| REGEX                         { $$ = ol_parse_e_regex(ps, $1, @$); }
	| "true"                        { $$ = ol_parse_e_bool(ps, true, @$); }
	| "false"                       { $$ = ol_parse_e_bool(ps, false, @$); }
	| path                          { $$ = ol_parse_e_path(ps, $1, @$); }
	| list_value
	| IDENT '(' ')'                 { $$ = ol_parse_e_call(ps, $1, NULL, @$); }
	| IDENT '(' args ')'            { $$ = ol_parse_e_call(ps, $1, $3, @$); }
	| '(' expr ')'                  { $$ = $2; }
	;

/* list := '[' [ expr { ',' expr } ] ']' */
list_value
	: '[' ']'                       { $$ = ol_parse_e_list(ps, NULL, @$); }
	| '[' exprs ']'                 { $$ = ol_parse_e_list(ps, $2, @$); }
	;

exprs
	: expr                          { $$ = ol_parse_exprs(ps, NULL, $1); }
	| exprs ',' expr                { $$ = ol_parse_exprs(ps, $1, $3); }
	;

args
	: expr                          { $$ = ol_parse_exprs(ps, NULL, $1); }
	| expr "where" expr             { $$ = ol_parse_args_where(ps, $1, $3); }
	| args ',' expr                 { $$ = ol_parse_exprs(ps, $1, $3); }
	;

/* path := IDENT { '.' IDENT } */
path
	: IDENT                         { $$ = ol_parse_names(ps, NULL, $1, @1); }
	| path '.' IDENT                { $$ = ol_parse_names(ps, $1, $3, @3); }
	;

/* literal := NUMBER | '-' NUMBER | STRING | 'true' | 'false' | IDENT */
literal
	: NUMBER                        { $$ = ol_parse_e_num(ps, $1, @$); }
	| '-' NUMBER                    { $$ = ol_parse_e_num(ps, -$2, @$); }
	| STRING                        { $$ = ol_parse_e_str(ps, $1, @$); }
	| REGEX                         { $$ = ol_parse_e_regex(ps, $1, @$); }
	| "true"                        { $$ = ol_parse_e_bool(ps, true, @$); }
	| "false"                       { $$ = ol_parse_e_bool(ps, false, @$); }
	| IDENT                         { $$ = ol_parse_e_str(ps, $1, @$); }
	;

%%

/* The name of a token kind for "expected" lists: keywords as themselves,
 * operators quoted, value tokens by what they are ("name", "string"). */
static void put_symbol(struct ol_buf *b, yysymbol_kind_t k)
{
	const char *s = yysymbol_name(k);
	bool word = true;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || *p == '-' || *p == ' '))
			word = false;
	if (word || s[0] == '\'')
		ol_buf_adds(b, s);
	else
		ol_buf_printf(b, "'%s'", s);
}

/* The unexpected token as the author wrote it: `string "Nur heute"`. */
static void put_found(struct ol_buf *b, struct ol_pstate *ps, yysymbol_kind_t k, struct ol_loc loc)
{
	const char *what = NULL;
	switch (k) {
	case YYSYMBOL_IDENT: what = "name"; break;
	case YYSYMBOL_RULEID: what = "rule id"; break;
	case YYSYMBOL_STRING: what = "string"; break;
	case YYSYMBOL_REGEX: what = "pattern"; break;
	case YYSYMBOL_NUMBER: what = "number"; break;
	case YYSYMBOL_YYEOF: ol_buf_adds(b, "end of file"); return;
	default: /* keywords quoted, like the operators */
		if (yysymbol_name(k)[0] >= 'a' && yysymbol_name(k)[0] <= 'z')
			ol_buf_printf(b, "'%s'", yysymbol_name(k));
		else
			put_symbol(b, k);
		return;
	}
	/* Show at most one line and about 40 bytes of the token, cut at a
	 * character boundary. */
	const char *text = ps->file->src->text + loc.start;
	size_t n = loc.end - loc.start, cut = 0;
	while (cut < n && text[cut] != '\n' && text[cut] != '\r' && cut < 40)
		cut++;
	while (cut < n && cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80)
		cut--;
	bool quote = k == YYSYMBOL_IDENT || k == YYSYMBOL_RULEID;
	ol_buf_printf(b, "%s %s%.*s%s%s", what, quote ? "\"" : "", (int)cut, text,
	              cut < n ? "…" : "", quote ? "\"" : "");
}

/* Rule items that have no place inside a statement's block: meeting one
 * there means the block's '}' is missing. */
static bool rule_only_item(yysymbol_kind_t k)
{
	switch (k) {
	case YYSYMBOL_SUMMARY: case YYSYMBOL_CITE: case YYSYMBOL_DOC:
	case YYSYMBOL_URL: case YYSYMBOL_APPLIES: case YYSYMBOL_PARAM:
	case YYSYMBOL_FORBID: case YYSYMBOL_REQUIRE: case YYSYMBOL_ASSERT:
	case YYSYMBOL_EACH: case YYSYMBOL_GOOD: case YYSYMBOL_BAD:
		return true;
	default:
		return false;
	}
}

/* "unexpected X, expected one of: a, b, c (in rule p/n opened at line 3)";
 * where a '}' is the likely fix, "expected '}' to close …, found X". */
static int yyreport_syntax_error(const yypcontext_t *ctx, yyscan_t scanner, struct ol_pstate *ps)
{
	(void)scanner;
	/* After the error cap, or should recovery ever fail to move past a
	 * token, end the parse (2 makes bison abort). */
	struct ol_loc loc = *yypcontext_location(ctx);
	if (ps->err_tok_count > 0 && loc.start == ps->err_tok_start) {
		ps->err_tok_count++;
	} else {
		ps->err_tok_start = loc.start;
		ps->err_tok_count = 1;
	}
	if (ps->err_tok_count > 3)
		ps->stop = true;
	if (ps->stop)
		return 2;
	yysymbol_kind_t exp[YYNTOKENS];
	int n = yypcontext_expected_tokens(ctx, exp, YYNTOKENS);
	if (n < 0)
		return n;
	yysymbol_kind_t tok = yypcontext_token(ctx);
	bool close_expected = false, in_block = false;
	for (int i = 0; i < n; i++)
		if (strcmp(yysymbol_name(exp[i]), "'}'") == 0)
			close_expected = true;
	const char *inner = ol_parse_context(ps, true, &in_block);
	const char *outer = ol_parse_context(ps, false, &in_block);
	bool top_item = tok == YYSYMBOL_YYEOF || tok == YYSYMBOL_RULE ||
	                tok == YYSYMBOL_LIST || tok == YYSYMBOL_INCLUDE ||
	                tok == YYSYMBOL_OVERRIDE || tok == YYSYMBOL_EXTEND;
	bool closing = close_expected && inner && (top_item || (in_block && rule_only_item(tok)));
	struct ol_buf b;
	ol_buf_init(&b);
	if (closing) {
		ol_buf_printf(&b, "expected '}' to close %s, found ", inner);
		put_found(&b, ps, tok, loc);
	} else {
		ol_buf_adds(&b, "unexpected ");
		put_found(&b, ps, tok, loc);
		/* "end of file" is worth naming only when nothing else would do. */
		int shown = 0;
		for (int i = 0; i < n; i++) {
			if (exp[i] == YYSYMBOL_YYEOF && n > 1)
				continue;
			if (shown == 8) {
				ol_buf_adds(&b, ", …");
				break;
			}
			ol_buf_adds(&b, shown ? ", " : (n > 1 ? ", expected one of: " : ", expected "));
			put_symbol(&b, exp[i]);
			shown++;
		}
		if (n == 1 && exp[0] == YYSYMBOL_RULEID)
			ol_buf_adds(&b, " (a rule id is pack/name, e.g. tone/false-urgency)");
		else if (strcmp(yysymbol_name(tok), "'{'") == 0 && outer && !in_block)
			ol_buf_adds(&b, " (a block { … } follows its forbid, require or assert and "
			                "their unless/if clauses directly; 'in' and 'when' go inside it)");
	}
	if (outer && !(closing && !in_block)) /* not when it names the rule already */
		ol_buf_printf(&b, " (in %s)", outer);
	ol_parse_error(ps, loc, "%s", b.data);
	ol_buf_fini(&b);
	return 0;
}

/* Called by bison only when its stack is exhausted (nesting too deep), or
 * when the reporter above asked to stop (nothing to say then). */
static void yyerror(YYLTYPE *loc, yyscan_t scanner, struct ol_pstate *ps, const char *msg)
{
	(void)scanner;
	(void)msg;
	if (!ps->stop)
		ol_parse_error(ps, *loc, "nested too deeply (the parser's stack is exhausted)");
}
