/* cli/main.c: argv → rules → check → format → exit status (cli.md). The
 * only place that ends the process with a status. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../base/base.h"
#include "../config/config.h"
#include "../diag/output.h"
#include "../diag/output_ci.h"
#include "../dsl/ruleset.h"
#include "../engine/check.h"
#include "../engine/baseline.h"
#include "../engine/fix.h"
#include "../engine/lint.h"
#include "../engine/pattern.h"
#include "../engine/spell.h"
#include "../lsp/lsp.h"

#ifndef OL_VERSION
#define OL_VERSION "0.1.0"
#endif
#ifndef OL_RULES_DIR
#define OL_RULES_DIR "rules"
#endif

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_FAILURE_RUN = 2 };

struct options {
	const char *command;
	const char *format;
	const char **rules;
	size_t nrules;
	bool no_default_rules;
	int fail_on;         /* severity */
	long max_warnings;   /* -1: no limit */
	const char *color;   /* auto | always | never */
	long jobs;
	bool quiet;
	enum ol_col_unit col_unit;
	const char **paths;
	size_t npaths;
	const char *config;  /* --config FILE */
	bool no_config;      /* --no-config */
	const char *baseline;       /* --baseline FILE */
	const char *write_baseline; /* --write-baseline FILE */
	bool list_suppressions;     /* --list-suppressions */
	bool patterns;              /* rules --patterns */
	bool explain;               /* check --explain */
	bool markdown;              /* rules --markdown */
	bool verbose;               /* test -v: a line per example */
	bool fix;                   /* --fix: apply safe fixes */
	bool fix_unsafe;            /* --fix-unsafe: unsafe ones too */
	bool diff;                  /* --diff: print the fixes, write nothing */
};

static void usage(FILE *out)
{
	fputs("usage: outlint [check] [OPTIONS] [PATH...]\n"
	      "       outlint explain RULE-ID\n"
	      "       outlint rules [--patterns | --markdown]\n"
	      "       outlint test [-v] [RULEFILE...]\n"
	      "       outlint doc              (Markdown reference of the loaded rules)\n"
	      "       outlint --version | --help\n"
	      "\n"
	      "Lints German B2B outreach templates (*.md, *.txt) and campaigns\n"
	      "(*.yaml, *.yml with steps:) against German law and tone.\n"
	      "\n"
	      "options:\n"
	      "  --format human|json|sarif|github\n"
	      "                          output format (default: human)\n"
	      "  --rules PATH            load a rule file or folder (repeatable)\n"
	      "  --no-default-rules      do not load the shipped rule packs\n"
	      "  --config FILE           project configuration (default: the nearest\n"
	      "                          .outlint.yml above the first path)\n"
	      "  --no-config             ignore .outlint.yml files\n"
	      "  --fail-on error|warning|info\n"
	      "                          lowest severity that makes the exit status 1\n"
	      "                          (default: error)\n"
	      "  --max-warnings N        exit 1 when there are more than N warnings\n"
	      "  --color auto|always|never\n"
	      "                          colour in the human format (NO_COLOR disables)\n"
	      "  --column-unit char|byte|utf16\n"
	      "                          unit of reported columns (default: char)\n"
	      "  -j N                    files linted in parallel (default: the number\n"
	      "                          of cores); the output is the same for any N\n"
	      "  --quiet                 no summary line when there is nothing to report\n"
	      "  --baseline FILE         hide the findings listed in FILE\n"
	      "  --write-baseline FILE   list every current finding in FILE (exit 0)\n"
	      "  --list-suppressions     print every outlint-disable comment with its\n"
	      "                          reason and the number of findings it hides\n"
	      "  --explain               after the first finding of each rule, print the\n"
	      "                          rule's documentation (human format)\n"
	      "  --markdown              rules: the rule list as Markdown (as 'doc')\n"
	      "  -v, --verbose           test: a line per example instead of a mark\n"
	      "  --fix                   apply the safe fixes to the files, then report\n"
	      "                          what is left\n"
	      "  --fix-unsafe            apply unsafe fixes too (spelling suggestions);\n"
	      "                          implies --fix unless --diff is given\n"
	      "  --diff                  print the fixes as a unified diff, write nothing\n"
	      "\n"
	      "exit status: 0 clean, 1 findings at or above --fail-on, 2 the run failed\n",
	      out);
}

static int bad_usage(const char *fmt, const char *arg)
{
	fputs("outlint: ", stderr);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	fprintf(stderr, fmt, arg);
#pragma GCC diagnostic pop
	fputs("\nTry 'outlint --help'.\n", stderr);
	return EXIT_FAILURE_RUN;
}

static bool parse_long(const char *s, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0)
		return false;
	*out = v;
	return true;
}

/* Returns -1 on success, else an exit status. */
static int parse_args(int argc, char **argv, struct options *o)
{
	static const char *const commands[] = {"check", "explain", "rules", "test", "doc", "lsp", NULL};
	o->format = "human";
	o->fail_on = OL_SEV_ERROR;
	o->max_warnings = -1;
	o->color = "auto";
	o->jobs = 0;
	o->col_unit = OL_COL_CODEPOINT;
	o->rules = ol_xcalloc((size_t)argc + 1, sizeof(char *));
	o->paths = ol_xcalloc((size_t)argc + 1, sizeof(char *));
	int i = 1;
	if (i < argc) {
		for (const char *const *c = commands; *c; c++)
			if (strcmp(argv[i], *c) == 0) {
				o->command = *c;
				i++;
				break;
			}
	}
	if (!o->command)
		o->command = "check";
	bool only_paths = false;
	for (; i < argc; i++) {
		const char *a = argv[i];
		if (only_paths || a[0] != '-' || strcmp(a, "-") == 0) {
			o->paths[o->npaths++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_paths = true;
			continue;
		}
		const char *val = NULL;
		char name[64];
		const char *eq = strchr(a, '=');
		if (a[1] == '-' && eq) {
			size_t n = (size_t)(eq - a);
			if (n >= sizeof name)
				return bad_usage("unknown option '%s'", a);
			memcpy(name, a, n);
			name[n] = '\0';
			val = eq + 1;
		} else if (a[1] == 'j' && a[2]) {
			strcpy(name, "-j");
			val = a + 2;
		} else {
			if (strlen(a) >= sizeof name)
				return bad_usage("unknown option '%s'", a);
			strcpy(name, a);
		}
#define NEED_VALUE()                                                           \
	do {                                                                   \
		if (!val) {                                                    \
			if (i + 1 >= argc)                                     \
				return bad_usage("option '%s' needs a value", name); \
			val = argv[++i];                                       \
		}                                                              \
	} while (0)
		if (!strcmp(name, "--help") || !strcmp(name, "-h")) {
			usage(stdout);
			return EXIT_CLEAN;
		} else if (!strcmp(name, "--version") || !strcmp(name, "-V")) {
			printf("outlint %s\n", OL_VERSION);
			return EXIT_CLEAN;
		} else if (!strcmp(name, "--format")) {
			NEED_VALUE();
			if (strcmp(val, "human") && strcmp(val, "json") && strcmp(val, "sarif") &&
			    strcmp(val, "github"))
				return bad_usage("unknown format '%s' (human, json, sarif, github)", val);
			o->format = val;
		} else if (!strcmp(name, "--rules")) {
			NEED_VALUE();
			o->rules[o->nrules++] = val;
		} else if (!strcmp(name, "--no-default-rules")) {
			o->no_default_rules = true;
		} else if (!strcmp(name, "--config")) {
			NEED_VALUE();
			o->config = val;
		} else if (!strcmp(name, "--no-config")) {
			o->no_config = true;
		} else if (!strcmp(name, "--fail-on")) {
			NEED_VALUE();
			int s = ol_severity_from_name(val);
			if (s <= OL_SEV_OFF)
				return bad_usage("--fail-on takes error, warning or info, not '%s'", val);
			o->fail_on = s;
		} else if (!strcmp(name, "--max-warnings")) {
			NEED_VALUE();
			if (!parse_long(val, &o->max_warnings))
				return bad_usage("--max-warnings takes a number, not '%s'", val);
		} else if (!strcmp(name, "--color") || !strcmp(name, "--colour")) {
			NEED_VALUE();
			if (strcmp(val, "auto") && strcmp(val, "always") && strcmp(val, "never"))
				return bad_usage("--color takes auto, always or never, not '%s'", val);
			o->color = val;
		} else if (!strcmp(name, "--no-color")) {
			o->color = "never";
		} else if (!strcmp(name, "--column-unit")) {
			NEED_VALUE();
			if (!strcmp(val, "char"))
				o->col_unit = OL_COL_CODEPOINT;
			else if (!strcmp(val, "byte"))
				o->col_unit = OL_COL_BYTE;
			else if (!strcmp(val, "utf16"))
				o->col_unit = OL_COL_UTF16;
			else
				return bad_usage("--column-unit takes char, byte or utf16, not '%s'", val);
		} else if (!strcmp(name, "-j") || !strcmp(name, "--jobs")) {
			NEED_VALUE();
			if (!parse_long(val, &o->jobs) || o->jobs < 1 || o->jobs > 256)
				return bad_usage("-j takes a positive number, not '%s'", val);
		} else if (!strcmp(name, "--quiet") || !strcmp(name, "-q")) {
			o->quiet = true;
		} else if (!strcmp(name, "--baseline")) {
			NEED_VALUE();
			o->baseline = val;
		} else if (!strcmp(name, "--write-baseline")) {
			NEED_VALUE();
			o->write_baseline = val;
		} else if (!strcmp(name, "--patterns")) {
			o->patterns = true;
		} else if (!strcmp(name, "--explain")) {
			o->explain = true;
		} else if (!strcmp(name, "--markdown")) {
			o->markdown = true;
		} else if (!strcmp(name, "--verbose") || !strcmp(name, "-v")) {
			o->verbose = true;
		} else if (!strcmp(name, "--list-suppressions")) {
			o->list_suppressions = true;
		} else if (!strcmp(name, "--fix")) {
			o->fix = true;
		} else if (!strcmp(name, "--fix-unsafe")) {
			o->fix_unsafe = true;
		} else if (!strcmp(name, "--diff")) {
			o->diff = true;
		} else {
			return bad_usage("unknown option '%s'", a);
		}
#undef NEED_VALUE
	}
	if (o->explain && strcmp(o->format, "human") != 0)
		return bad_usage("--explain works with the human format, not '%s'", o->format);
	return -1;
}

static bool use_color(const struct options *o)
{
	const char *nc = getenv("NO_COLOR");
	if (nc && *nc)
		return false;
	if (!strcmp(o->color, "always"))
		return true;
	if (!strcmp(o->color, "never"))
		return false;
	const char *term = getenv("TERM");
	return isatty(STDOUT_FILENO) && !(term && !strcmp(term, "dumb"));
}

static bool stderr_color(const struct options *o)
{
	const char *nc = getenv("NO_COLOR");
	if ((nc && *nc) || !strcmp(o->color, "never"))
		return false;
	if (!strcmp(o->color, "always"))
		return true;
	return isatty(STDERR_FILENO);
}

static bool has_errors(const struct ol_report *errs)
{
	for (size_t i = 0; i < errs->n; i++)
		if (errs->files[i].findings.n)
			return true;
	return false;
}

static void print_errors(const struct options *o, struct ol_report *errs)
{
	struct ol_output_opts oo = {.col_unit = OL_COL_CODEPOINT, .color = stderr_color(o), .version = OL_VERSION};
	ol_report_sort(errs);
	ol_output_human_errors(stderr, errs, &oo);
}

/* Loads the configuration at path (NULL: none); false after printing its
 * errors. cfg->path stays NULL when there is none. */
static bool load_config_file(const struct options *o, const char *path, struct ol_config *cfg)
{
	ol_config_init(cfg);
	if (!path)
		return true;
	ol_config_fini(cfg);
	struct ol_report errs;
	ol_report_init(&errs);
	int n = ol_config_load(path, cfg, &errs);
	if (n != 0) {
		print_errors(o, &errs);
		ol_report_fini(&errs);
		return false;
	}
	ol_report_fini(&errs);
	return true;
}

/* The configuration that governs path: --config, none with --no-config,
 * else the nearest .outlint.yml in path's folder or above. Caller frees. */
static char *config_for(const struct options *o, const char *path)
{
	if (o->config)
		return ol_xstrdup(o->config);
	if (o->no_config)
		return NULL;
	struct stat st;
	char *dir = stat(path, &st) == 0 && S_ISDIR(st.st_mode) ? ol_xstrdup(path) : ol_path_dir(path);
	char *found = ol_config_find(dir);
	free(dir);
	return found;
}

/* Finds and loads the configuration of the working folder (rules, explain,
 * lsp); false after printing its errors. */
static bool load_config(const struct options *o, struct ol_config *cfg)
{
	char *path = config_for(o, ".");
	bool ok = load_config_file(o, path, cfg);
	free(path);
	return ok;
}

/* A reference to hunspell's dictionary taken as soon as the rule files are
 * parsed, so that it loads (in its own thread) while the patterns compile;
 * the checkers' own references find it loaded or loading. */
static struct ol_spell *dict_early;

/* The folder of the shipped packs: $OUTLINT_RULES; else the one compiled
 * in (the source tree's rules/, or $(PREFIX)/share/outlint/rules for
 * `make install`); else, when that does not exist (an installation staged
 * with DESTDIR, or moved), share/outlint/rules next to the binary's bin/.
 * Returns env, OL_RULES_DIR or buf. */
static const char *shipped_rules_dir(char *buf, size_t n)
{
	const char *env = getenv("OUTLINT_RULES");
	if (env && *env)
		return env;
	struct stat st;
	if (stat(OL_RULES_DIR, &st) == 0 && S_ISDIR(st.st_mode))
		return OL_RULES_DIR;
	char exe[4096];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (len > 0) {
		exe[len] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			int w = snprintf(buf, n, "%s/../share/outlint/rules", exe);
			if (w > 0 && (size_t)w < n && stat(buf, &st) == 0 && S_ISDIR(st.st_mode))
				return buf;
		}
	}
	return OL_RULES_DIR;
}

/* Loads the shipped packs, the configuration's rule files and --rules, and
 * applies the configuration; NULL after printing errors. */
static struct ol_ruleset *load_rules(const struct options *o, const struct ol_config *cfg,
                                     const char *const *extra, size_t nextra)
{
	struct ol_ruleset *rs = ol_ruleset_new();
	struct ol_report errs;
	ol_report_init(&errs);
	if (!o->no_default_rules && (!cfg || cfg->default_rules)) {
		char buf[4200];
		ol_ruleset_load(rs, shipped_rules_dir(buf, sizeof buf), &errs);
	}
	for (size_t i = 0; cfg && i < cfg->nrules; i++)
		ol_ruleset_load(rs, cfg->rules[i], &errs);
	for (size_t i = 0; i < o->nrules; i++)
		ol_ruleset_load(rs, o->rules[i], &errs);
	for (size_t i = 0; i < nextra; i++)
		ol_ruleset_load(rs, extra[i], &errs);
	if (!has_errors(&errs) && !dict_early && ol_ruleset_may_need_spell(rs))
		dict_early = ol_spell_open(NULL);
	if (!has_errors(&errs))
		ol_ruleset_resolve(rs, &errs);
	if (!has_errors(&errs) && cfg && cfg->path)
		ol_config_apply(cfg, rs, &errs);
	if (has_errors(&errs)) {
		print_errors(o, &errs);
		size_t n = 0;
		for (size_t i = 0; i < errs.n; i++)
			n += errs.files[i].findings.n;
		fprintf(stderr, "outlint: %zu error%s in rule files%s\n", n, n == 1 ? "" : "s",
		        cfg && cfg->path ? " or configuration" : "");
		ol_report_fini(&errs);
		ol_ruleset_free(rs);
		return NULL;
	}
	ol_report_fini(&errs);
	return rs;
}

static bool want_file(void *arg, const char *path)
{
	return ol_config_wants(arg, path);
}

/* The paths that share one configuration, with their rules and checker. */
struct group {
	char *cfgpath;                 /* NULL: no configuration */
	struct ol_config cfg;
	struct ol_ruleset *rs;
	struct ol_checker *ck;
	const char **paths;
	size_t npaths;
};

static void free_groups(struct group *g, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		ol_checker_free(g[i].ck);
		ol_ruleset_free(g[i].rs);
		ol_config_fini(&g[i].cfg);
		free(g[i].cfgpath);
		free(g[i].paths);
	}
	free(g);
}

/* Where ol_lint_paths hands each linted file: the output stream (after
 * the baseline), or a report that keeps it. */
struct sink {
	struct ol_report *collect;
	const struct ol_baseline *base;
	struct ol_stream *stream;
};

static void on_file(void *arg, struct ol_file_result *r)
{
	struct sink *k = arg;
	if (k->collect) { /* take it all */
		struct ol_file_result *d = ol_report_add(k->collect, r->path);
		free(d->path);
		*d = *r;
		r->path = NULL;
		r->src = NULL;
		ol_findings_init(&r->findings);
		return;
	}
	struct ol_report one = {.files = r, .n = 1, .cap = 1};
	ol_baseline_filter(k->base, &one);
	ol_stream_file(k->stream, r);
}

/* check --explain: the rules documented so far in this run. */
struct explain_state {
	struct group *groups;
	size_t ngroups;
	char **seen;
	size_t nseen, capseen;
};

static void explain_text(struct ol_buf *b, const struct ol_rule *r, struct ol_config *cfg, bool examples);
static void put_wrapped(struct ol_buf *b, const char *prefix, const char *text);

/* After a finding's block: its rule's documentation as `explain` prints
 * it, without the examples, indented under "= explain:", the first time
 * the rule appears in the run (once per rule keeps a long run readable;
 * later findings carry the rule id to look back for). Input diagnostics
 * (input/…) have no rule file and get nothing. */
static void explain_after(FILE *out, const struct ol_finding *f, void *arg)
{
	struct explain_state *x = arg;
	for (size_t i = 0; i < x->nseen; i++)
		if (!strcmp(x->seen[i], f->rule))
			return;
	const struct ol_rule *r = NULL;
	struct group *g = NULL;
	for (size_t i = 0; i < x->ngroups && !r; i++) {
		r = ol_ruleset_find(x->groups[i].rs, f->rule);
		g = &x->groups[i];
	}
	if (!r)
		return;
	ol_xgrow(&x->seen, &x->capseen, x->nseen + 1, sizeof(*x->seen));
	x->seen[x->nseen++] = ol_xstrdup(f->rule); /* f is freed after its file */
	struct ol_buf b, ind;
	ol_buf_init(&b);
	ol_buf_init(&ind);
	explain_text(&b, r, g->cfg.path ? &g->cfg : NULL, false);
	ol_buf_adds(&ind, "      = explain:\n");
	put_wrapped(&ind, "        ", b.data);
	/* blank lines stay blank: no trailing indentation */
	for (const char *p = ind.data; *p; p++) {
		if (*p == '\n') {
			const char *q = p + 1;
			while (*q == ' ')
				q++;
			if (*q == '\n' || !*q) {
				fputc('\n', out);
				p = q - 1;
				continue;
			}
		}
		fputc(*p, out);
	}
	fputc('\n', out);
	ol_buf_fini(&ind);
	ol_buf_fini(&b);
}

/* Passes of --fix: each lints again and applies what the last one had to
 * skip because it overlapped another fix. */
enum { OL_FIX_PASSES = 8 };

static void print_fix_errors(const struct ol_report *errs)
{
	for (size_t i = 0; i < errs->n; i++)
		for (size_t k = 0; k < errs->files[i].findings.n; k++)
			fprintf(stderr, "outlint: %s: %s\n", errs->files[i].path, errs->files[i].findings.v[k].message);
}

/* After --fix, an insertion still offered was inserted and did not satisfy
 * its rule (or it overlapped another fix): say so once per finding. */
static void warn_insertions_left(const struct ol_report *rep)
{
	for (size_t i = 0; i < rep->n; i++)
		for (size_t k = 0; k < rep->files[i].findings.n; k++) {
			const struct ol_finding *f = &rep->files[i].findings.v[k];
			if (f->fix && f->fix_at && f->fix_start == f->fix_end && !f->fix_unsafe)
				fprintf(stderr, "outlint: %s: warning: the text inserted for %s does not satisfy it "
				        "(or the insertion overlapped another fix); not inserted again: check the "
				        "fix: texts of .outlint.yml and run --fix again\n",
				        rep->files[i].path, f->rule);
		}
}

static int cmd_check(const struct options *o)
{
	if ((o->fix || o->fix_unsafe || o->diff) && (o->write_baseline || o->list_suppressions))
		return bad_usage("%s does not go with --write-baseline or --list-suppressions",
		                 o->diff ? "--diff" : "--fix");
	ol_re_defer_jit(true);
	static const char *const dot[] = {"."};
	const char *const *paths = o->npaths ? o->paths : dot;
	size_t npaths = o->npaths ? o->npaths : 1;
	/* each path is linted with the configuration found by walking up from
	 * it; paths that share one are linted together */
	struct group *groups = ol_xcalloc(npaths, sizeof(*groups));
	size_t ngroups = 0;
	for (size_t i = 0; i < npaths; i++) {
		char *cp = config_for(o, paths[i]);
		size_t g;
		for (g = 0; g < ngroups; g++)
			if ((!cp && !groups[g].cfgpath) || (cp && groups[g].cfgpath && !strcmp(cp, groups[g].cfgpath)))
				break;
		if (g == ngroups) {
			groups[ngroups].cfgpath = cp;
			groups[ngroups].paths = ol_xcalloc(npaths, sizeof(char *));
			ngroups++;
		} else {
			free(cp);
		}
		groups[g].paths[groups[g].npaths++] = paths[i];
	}
	for (size_t g = 0; g < ngroups; g++) {
		struct group *gr = &groups[g];
		if (!load_config_file(o, gr->cfgpath, &gr->cfg) || !(gr->rs = load_rules(o, &gr->cfg, NULL, 0))) {
			free_groups(groups, ngroups);
			return EXIT_FAILURE_RUN;
		}
		gr->ck = ol_checker_new(gr->rs);
		ol_checker_params(gr->ck, ol_config_param, &gr->cfg);
		ol_checker_words(gr->ck, gr->cfg.words, gr->cfg.nwords);
		ol_checker_defaults(gr->ck, gr->cfg.address, gr->cfg.signature);
		ol_checker_fix_texts(gr->ck, gr->cfg.fix_names, gr->cfg.fix_texts, gr->cfg.nfix);
	}
	struct ol_report rep, errs;
	ol_report_init(&rep);
	ol_report_init(&errs);
	long jobs = o->jobs;
	if (jobs <= 0) { /* default: the number of cores */
		jobs = sysconf(_SC_NPROCESSORS_ONLN);
		if (jobs < 1)
			jobs = 1;
		if (jobs > 64)
			jobs = 64;
	}
	struct ol_baseline *base = NULL;
	if (o->baseline && !o->write_baseline) {
		char *err = NULL;
		base = ol_baseline_load(o->baseline, &err);
		if (!base) {
			fprintf(stderr, "outlint: %s\n", err);
			free(err);
			free_groups(groups, ngroups);
			return EXIT_FAILURE_RUN;
		}
	}
	bool report = !o->write_baseline && !o->list_suppressions;
	struct ol_output_opts oo = {.col_unit = o->col_unit, .color = use_color(o), .quiet = o->quiet,
	                            .version = OL_VERSION};
	struct explain_state explain = {.groups = groups, .ngroups = ngroups};
	if (o->explain) {
		oo.after = explain_after;
		oo.after_arg = &explain;
	}
	enum ol_format fmt = !strcmp(o->format, "json")    ? OL_FORMAT_JSON
	                     : !strcmp(o->format, "sarif")  ? OL_FORMAT_SARIF
	                     : !strcmp(o->format, "github") ? OL_FORMAT_GITHUB
	                                                    : OL_FORMAT_HUMAN;
	/* SARIF describes the loaded rules (the first group's version of a rule
	 * when configurations differ); rules switched off are left out */
	size_t total = 0;
	for (size_t g = 0; g < ngroups; g++)
		total += groups[g].rs->nrules;
	struct ol_rule_info *ri = ol_xcalloc(total ? total : 1, sizeof *ri);
	size_t nri = 0;
	for (size_t g = 0; g < ngroups && fmt == OL_FORMAT_SARIF; g++) {
		for (size_t i = 0; i < groups[g].rs->nrules; i++) {
			const struct ol_rule *r = groups[g].rs->rules[i];
			bool seen = false;
			for (size_t k = 0; k < nri; k++)
				if (!strcmp(ri[k].id, r->id))
					seen = true;
			if (r->sev == OL_SEV_OFF || seen)
				continue;
			ri[nri++] = (struct ol_rule_info){.id = r->id, .summary = r->summary,
			                                  .help = r->doc, .cite = r->cite,
			                                  .url = r->url, .level = r->sev};
		}
	}
	int fix_pass = 0;
	bool fixing = o->fix || o->fix_unsafe || o->diff;
	/* One configuration: each file is written as soon as it is done and
	 * then forgotten. Several (their files interleave in path order), a
	 * baseline to write, the suppression audit, or fixes (applied to the
	 * whole report): all files first. */
	struct sink sink = {.base = base};
	if (ngroups > 1 || !report || fixing)
		sink.collect = &rep;
	else
		sink.stream = ol_stream_open(stdout, fmt, &oo, ri, nri);
	struct ol_suppressions supp;
	int rc = 0;
relint: /* --fix: until no fix applies (overlapping ones wait a pass) */
	ol_suppressions_init(&supp);
	for (size_t g = 0; g < ngroups; g++) {
		struct ol_lint_filter filter = {want_file, &groups[g].cfg};
		if (ol_lint_paths(groups[g].ck, groups[g].paths, groups[g].npaths, &filter, (unsigned)jobs,
		                  on_file, &sink, &errs, &supp) != 0)
			rc = -1;
	}
	if (!report) {
		/* no report: the baseline file or the audit list is the output */
		ol_report_sort(&rep);
		int st = rc != 0 || has_errors(&errs) ? EXIT_FAILURE_RUN : EXIT_CLEAN;
		for (size_t i = 0; i < errs.n; i++)
			for (size_t k = 0; k < errs.files[i].findings.n; k++)
				fprintf(stderr, "outlint: %s: %s\n", errs.files[i].path,
				        errs.files[i].findings.v[k].message);
		if (o->write_baseline) {
			char *err = NULL;
			if (ol_baseline_write(o->write_baseline, &rep, &err) != 0) {
				fprintf(stderr, "outlint: %s\n", err);
				free(err);
				st = EXIT_FAILURE_RUN;
			}
		} else {
			char *list = ol_suppressions_render(&supp);
			fputs(list, stdout);
			free(list);
		}
		free(ri);
		ol_baseline_free(base);
		ol_suppressions_fini(&supp);
		ol_report_fini(&rep);
		ol_report_fini(&errs);
		free_groups(groups, ngroups);
		return st;
	}
	ol_suppressions_fini(&supp);
	if (sink.collect) {
		ol_report_sort(&rep);
		ol_baseline_filter(base, &rep);
	}
	if (fixing) {
		size_t applied = 0;
		/* an insertion goes in once: a text that does not satisfy its rule
		 * would otherwise be inserted again on every pass */
		unsigned flags = (o->fix_unsafe ? OL_FIX_UNSAFE : 0) | (fix_pass > 0 ? OL_FIX_NO_INSERT : 0);
		if (ol_fix_report(&rep, flags, o->diff ? stdout : NULL, &errs, &applied) != 0)
			rc = -1;
		if (o->diff) {
			/* the diff is the output: 1 when there is something to fix */
			fflush(stdout);
			print_fix_errors(&errs);
			int st = rc != 0 || has_errors(&errs) ? EXIT_FAILURE_RUN : applied ? EXIT_FINDINGS : EXIT_CLEAN;
			free(ri);
			ol_baseline_free(base);
			ol_report_fini(&rep);
			ol_report_fini(&errs);
			free_groups(groups, ngroups);
			return st;
		}
		if (applied) {
			/* what is reported is what the last pass saw, errors too: a
			 * file that cannot be written fails again and says so; after
			 * the last pass, one more lint only reports */
			if (++fix_pass >= OL_FIX_PASSES)
				fixing = false;
			ol_report_fini(&rep);
			ol_report_init(&rep);
			ol_report_fini(&errs);
			ol_report_init(&errs);
			rc = 0;
			goto relint;
		}
	}
	if (fix_pass > 0)
		warn_insertions_left(&rep);
	if (sink.collect) {
		sink.stream = ol_stream_open(stdout, fmt, &oo, ri, nri);
		for (size_t i = 0; i < rep.n; i++)
			ol_stream_file(sink.stream, &rep.files[i]);
	}
	struct ol_counts c;
	ol_stream_close(sink.stream, &c);
	free(ri);
	ol_baseline_free(base);
	fflush(stdout);
	bool dict_missing = false;
	for (size_t g = 0; g < ngroups; g++)
		dict_missing = dict_missing || ol_checker_dict_missing(groups[g].ck);
	if (dict_missing)
		fputs("outlint: warning: hunspell's de_DE dictionary was not found; "
		      "morphology-based checks found nothing (apt-get install hunspell-de-de)\n",
		      stderr);
	for (size_t i = 0; i < errs.n; i++)
		for (size_t k = 0; k < errs.files[i].findings.n; k++)
			fprintf(stderr, "outlint: %s: %s\n", errs.files[i].path,
			        errs.files[i].findings.v[k].message);
	int status = EXIT_CLEAN;
	size_t at_or_above = c.errors;
	if (o->fail_on <= OL_SEV_WARNING)
		at_or_above += c.warnings;
	if (o->fail_on <= OL_SEV_INFO)
		at_or_above += c.infos;
	if (at_or_above > 0)
		status = EXIT_FINDINGS;
	if (o->max_warnings >= 0 && c.warnings > (size_t)o->max_warnings)
		status = EXIT_FINDINGS;
	if (rc != 0 || has_errors(&errs))
		status = EXIT_FAILURE_RUN;
	for (size_t i = 0; i < explain.nseen; i++)
		free(explain.seen[i]);
	free(explain.seen);
	ol_report_fini(&rep);
	ol_report_fini(&errs);
	free_groups(groups, ngroups);
	return status;
}

static void put_wrapped(struct ol_buf *b, const char *prefix, const char *text)
{
	if (!text)
		return;
	ol_buf_adds(b, prefix);
	for (const char *p = text; *p; p++) {
		ol_buf_addc(b, *p);
		if (*p == '\n' && p[1])
			ol_buf_adds(b, prefix);
	}
	ol_buf_addc(b, '\n');
}

static void md_rules(const struct ol_ruleset *rs, bool sections);

static int cmd_rules(const struct options *o)
{
	struct ol_config cfg;
	if (!load_config(o, &cfg)) {
		ol_config_fini(&cfg);
		return EXIT_FAILURE_RUN;
	}
	struct ol_ruleset *rs = load_rules(o, &cfg, NULL, 0);
	ol_config_fini(&cfg);
	if (!rs)
		return EXIT_FAILURE_RUN;
	if (o->patterns) {
		/* FLAGS<TAB>PATTERN per compiled pattern, for the benchmark's bare
		 * PCRE2 scan; every pattern is also compiled UTF + UCP */
		for (size_t i = 0; i < rs->npatterns; i++) {
			const struct ol_compiled *p = &rs->patterns[i];
			if (p->check_only || strchr(p->source, '\n'))
				continue;
			char fl[4];
			size_t k = 0;
			if (p->flags & OL_RF_CASELESS)
				fl[k++] = 'i';
			if (p->flags & OL_RF_EXTENDED)
				fl[k++] = 'x';
			if (p->flags & OL_RF_MULTILINE)
				fl[k++] = 'm';
			if (!k)
				fl[k++] = '-';
			fl[k] = '\0';
			printf("%s\t%s\n", fl, p->source);
		}
		ol_ruleset_free(rs);
		return EXIT_CLEAN;
	}
	if (o->markdown) {
		md_rules(rs, false);
		ol_ruleset_free(rs);
		return EXIT_CLEAN;
	}
	size_t w = 2;
	for (size_t i = 0; i < rs->nrules; i++)
		if (strlen(rs->rules[i]->id) > w)
			w = strlen(rs->rules[i]->id);
	for (size_t i = 0; i < rs->nrules; i++) {
		const struct ol_rule *r = rs->rules[i];
		printf("%-*s  %-7s  %-10s  %s\n", (int)w, r->id, ol_severity_name(r->sev), r->pack,
		       r->summary ? r->summary : "");
	}
	ol_ruleset_free(rs);
	return EXIT_CLEAN;
}

static void put_example_block(struct ol_buf *b, const struct ol_rule *r, bool good)
{
	bool any = false;
	for (const struct ol_example *e = r->examples; e; e = e->next) {
		if (e->good != good)
			continue;
		if (!any)
			ol_buf_printf(b, "\n%s:\n", good ? "Good" : "Bad");
		any = true;
		put_wrapped(b, "    ", e->text);
		if (e->with) {
			ol_buf_adds(b, "      (with");
			for (const struct ol_assign *a = e->with; a; a = a->next) {
				struct ol_evalctx ec = {0};
				ol_buf_printf(b, "%s %s = ", a == e->with ? "" : ",", a->name);
				ol_value_format(b, ol_eval(&ec, a->value));
			}
			ol_buf_adds(b, ")\n");
		}
	}
}

/* What `outlint explain ID` prints, and `check --explain` after a rule's
 * first finding: summary, severity, norm, documentation, fix, parameters
 * (with the values in effect), examples, where it is defined. */
static void explain_text(struct ol_buf *b, const struct ol_rule *r, struct ol_config *cfg, bool examples)
{
	ol_buf_printf(b, "%s — %s\n\n", r->id, r->summary ? r->summary : "");
	ol_buf_printf(b, "Severity: %s    Pack: %s    Checks: %s\n", ol_severity_name(r->sev), r->pack,
	              r->campaign ? "campaigns" : "templates");
	if (r->cite)
		ol_buf_printf(b, "Norm: %s\n", r->cite);
	if (r->doc) {
		ol_buf_addc(b, '\n');
		put_wrapped(b, "", r->doc);
	}
	if (r->hint)
		ol_buf_printf(b, "\nHow to fix: %s\n", r->hint);
	for (const struct ol_param *p = r->params; p; p = p->next) {
		struct ol_evalctx ec = {0};
		const struct ol_expr *v = cfg ? ol_config_param(r, p, cfg) : NULL;
		ol_buf_printf(b, "Parameter: %s = ", p->name);
		ol_value_format(b, ol_eval(&ec, v ? v : p->value));
		ol_buf_addc(b, '\n');
	}
	if (examples) {
		put_example_block(b, r, false);
		put_example_block(b, r, true);
	} else if (r->examples) {
		ol_buf_printf(b, "\nExamples: outlint explain %s\n", r->id);
	}
	ol_buf_printf(b, "\nDefined in %s:%zu\n", r->file->src->path, ol_source_line(r->file->src, r->loc.start));
	for (const struct ol_rule *base = r->base; base; base = base->base)
		ol_buf_printf(b, "Overrides the rule defined in %s:%zu\n", base->file->src->path,
		              ol_source_line(base->file->src, base->loc.start));
}

static int cmd_explain(const struct options *o)
{
	if (o->npaths != 1) {
		fputs("outlint: explain takes one rule id, e.g. 'outlint explain tone/sie-form'\n", stderr);
		return EXIT_FAILURE_RUN;
	}
	struct ol_config cfg;
	if (!load_config(o, &cfg)) {
		ol_config_fini(&cfg);
		return EXIT_FAILURE_RUN;
	}
	struct ol_ruleset *rs = load_rules(o, &cfg, NULL, 0);
	if (!rs) {
		ol_config_fini(&cfg);
		return EXIT_FAILURE_RUN;
	}
	const struct ol_rule *r = ol_ruleset_find(rs, o->paths[0]);
	if (!r) {
		fprintf(stderr, "outlint: unknown rule '%s' (see 'outlint rules')\n", o->paths[0]);
		ol_ruleset_free(rs);
		ol_config_fini(&cfg);
		return EXIT_FAILURE_RUN;
	}
	struct ol_buf b;
	ol_buf_init(&b);
	explain_text(&b, r, cfg.path ? &cfg : NULL, true);
	fwrite(b.data, 1, b.len, stdout);
	ol_buf_fini(&b);
	ol_ruleset_free(rs);
	ol_config_fini(&cfg);
	return EXIT_CLEAN;
}

static void md_example(const struct ol_example *e)
{
	if (strchr(e->text, '\n')) {
		puts("");
		puts("```text");
		fputs(e->text, stdout);
		if (e->text[0] && e->text[strlen(e->text) - 1] != '\n')
			putchar('\n');
		puts("```");
	} else {
		printf("- „%s“", e->text);
	}
	if (e->with) {
		fputs(" (mit", stdout);
		for (const struct ol_assign *a = e->with; a; a = a->next) {
			struct ol_buf b;
			ol_buf_init(&b);
			struct ol_evalctx ec = {0};
			ol_value_format(&b, ol_eval(&ec, a->value));
			printf("%s `%s: %s`", a == e->with ? "" : ",", a->name, b.data ? b.data : "");
			ol_buf_fini(&b);
		}
		putchar(')');
	}
	putchar('\n');
}

/* The loaded rules as Markdown: a table (id, severity, checks, summary)
 * and, with sections, one section per rule with what `explain` says.
 * `outlint doc` (sections) and `outlint rules --markdown` (the table) both
 * print this, so the two cannot disagree. */
static void md_rules(const struct ol_ruleset *rs, bool sections)
{
	if (sections) {
		puts("# outlint rule reference");
		puts("");
		puts("Generated by `outlint doc` from the rule files; do not edit by hand.");
		puts("`outlint explain RULE-ID` shows the same text in the terminal.");
	} else {
		puts("# outlint rules");
		puts("");
		puts("The rules loaded here (`outlint rules --markdown`); `outlint doc` adds a section per rule.");
	}
	puts("");
	puts("| rule | severity | checks | summary |");
	puts("| --- | --- | --- | --- |");
	for (size_t i = 0; i < rs->nrules; i++) {
		const struct ol_rule *r = rs->rules[i];
		char anchor[128];
		size_t k = 0;
		for (const char *p = r->id; *p && k + 1 < sizeof anchor; p++)
			if (*p != '/')
				anchor[k++] = *p;
		anchor[k] = '\0';
		if (sections)
			printf("| [%s](#%s) ", r->id, anchor);
		else
			printf("| `%s` ", r->id);
		printf("| %s | %s | %s |\n", ol_severity_name(r->sev),
		       r->campaign ? "campaigns" : "templates", r->summary ? r->summary : "");
	}
	for (size_t i = 0; sections && i < rs->nrules; i++) {
		const struct ol_rule *r = rs->rules[i];
		const char *base = strrchr(r->file->src->path, '/');
		base = base ? base + 1 : r->file->src->path;
		printf("\n## %s\n\n", r->id);
		if (r->summary)
			printf("%s\n\n", r->summary);
		printf("- Severity: %s\n- Pack: %s\n- Checks: %s", ol_severity_name(r->sev), r->pack,
		       r->campaign ? "campaigns" : "templates");
		if (!r->campaign) {
			fputs(" (", stdout);
			if (!r->nsections)
				fputs("text", stdout);
			for (size_t k = 0; k < r->nsections; k++)
				printf("%s%s", k ? ", " : "", r->sections[k]);
			putchar(')');
		}
		printf("\n- Defined in: `rules/%s`\n", base);
		if (r->cite)
			printf("- Norm: %s\n", r->cite);
		for (const struct ol_param *p = r->params; p; p = p->next) {
			struct ol_buf b;
			ol_buf_init(&b);
			struct ol_evalctx ec = {0};
			ol_value_format(&b, ol_eval(&ec, p->value));
			printf("- Parameter: `%s` = %s\n", p->name, b.data ? b.data : "");
			ol_buf_fini(&b);
		}
		if (r->doc)
			printf("\n%s\n", r->doc);
		if (r->hint)
			printf("\n**How to fix:** %s\n", r->hint);
		for (int good = 0; good < 2; good++) {
			bool any = false;
			for (const struct ol_example *e = r->examples; e; e = e->next) {
				if (e->good != (bool)good)
					continue;
				if (!any)
					printf("\n**%s examples**\n\n", good ? "Good" : "Bad");
				any = true;
				md_example(e);
			}
		}
	}
}

/* The rule reference in docs/ is this output; `make check` fails when the
 * committed file differs, so the documentation cannot go stale. */
static int cmd_doc(const struct options *o)
{
	struct ol_ruleset *rs = load_rules(o, NULL, NULL, 0);
	if (!rs)
		return EXIT_FAILURE_RUN;
	md_rules(rs, true);
	ol_ruleset_free(rs);
	return EXIT_CLEAN;
}

/* The template text of an example: its own front matter, or one made from
 * its `with` settings. */
static char *example_text(const struct ol_example *e, size_t *fm_lines)
{
	struct ol_buf b;
	ol_buf_init(&b);
	*fm_lines = 0;
	if (e->with && strncmp(e->text, "---\n", 4) != 0) {
		ol_buf_adds(&b, "---\n");
		for (const struct ol_assign *a = e->with; a; a = a->next) {
			struct ol_evalctx ec = {0};
			ol_buf_printf(&b, "%s: ", a->name);
			struct ol_value v = ol_eval(&ec, a->value);
			if (v.kind == OL_V_STR) {
				ol_buf_addc(&b, '"');
				for (const char *p = v.str; *p; p++) {
					if (*p == '"' || *p == '\\')
						ol_buf_addc(&b, '\\');
					ol_buf_addc(&b, *p);
				}
				ol_buf_addc(&b, '"');
			} else {
				ol_value_format(&b, v);
			}
			ol_buf_addc(&b, '\n');
			(*fm_lines)++;
		}
		ol_buf_adds(&b, "---\n");
		*fm_lines += 2;
	}
	ol_buf_adds(&b, e->text);
	return ol_buf_detach(&b);
}

/* Runs one example through ck; fs receives every finding. src is the
 * example as a document (caller frees). */
static struct ol_source *run_example(struct ol_checker *ck, const struct ol_rule *r,
                                     const struct ol_example *e, size_t *fm, struct ol_findings *fs)
{
	char *text = example_text(e, fm);
	char *dir = ol_path_dir(e->file->src->path);
	char *name = ol_path_join(dir, r->campaign ? "example.yaml" : "example.md");
	struct ol_source *src = ol_source_from_string(name, text, strlen(text));
	if (r->campaign) {
		struct ol_campaign camp;
		if (ol_campaign_read(src, &camp, fs) == 0)
			ol_check_campaign(ck, &camp, fs);
		ol_campaign_fini(&camp);
	} else {
		ol_check_template(ck, src, NULL, fs);
	}
	free(name);
	free(dir);
	free(text);
	return src;
}

/* The example's text on one line (line breaks shown as ⏎), at most about
 * 70 characters. */
static void put_example_text(struct ol_buf *b, const char *text)
{
	while (*text == '\n')
		text++;
	ol_buf_adds(b, "„");
	size_t chars = 0;
	const char *p = text;
	for (; *p && chars < 70; p++) {
		if (*p == '\n') {
			if (p[1])
				ol_buf_adds(b, " ⏎ ");
			chars += 3;
			continue;
		}
		if (((unsigned char)*p & 0xC0) != 0x80)
			chars++;
		ol_buf_addc(b, *p);
	}
	while (*p && ((unsigned char)*p & 0xC0) == 0x80)
		ol_buf_addc(b, *p++);
	ol_buf_adds(b, *p && strcmp(p, "\n") != 0 ? " …“" : "“");
}

/* "RULE LINE:COL „message“" for each finding of fs that is (mine) or is
 * not (!mine) of rule id; returns how many. */
static size_t put_fired(struct ol_buf *b, const struct ol_findings *fs, const struct ol_source *src,
                        size_t fm, const char *id, bool mine)
{
	size_t n = 0;
	for (size_t k = 0; k < fs->n; k++) {
		const struct ol_finding *f = &fs->v[k];
		if ((strcmp(f->rule, id) == 0) != mine)
			continue;
		size_t line = ol_source_line(src, f->start);
		ol_buf_printf(b, "%s%s at %zu:%zu: %s", n ? "\n                  " : " ", f->rule,
		              line > fm ? line - fm : line,
		              ol_source_col(src, f->start, OL_COL_CODEPOINT), f->message);
		n++;
	}
	return n;
}

/* Whether `outlint test` runs r's examples: every rule with examples, or
 * with files named (real paths in only[0..n)), the rules defined in them
 * (overrides included). */
static bool test_wanted(const struct ol_rule *r, char *const *only, size_t n)
{
	if (!r->examples)
		return false;
	if (!n)
		return true;
	bool named = false;
	char *real = realpath(r->file->src->path, NULL);
	for (size_t k = 0; k < n; k++)
		if (real && !strncmp(real, only[k], strlen(only[k])))
			named = true;
	free(real);
	return named;
}

/* outlint test: every example of every rule (or of the rules of the named
 * files), reported like a test runner: one line per rule with a mark per
 * example (. passed, F failed), then each failure with the rule, which
 * example, where it is written, and what fired instead; the last line is
 * "N examples, M failed". Exit 1 on a failure, 2 on rule-file errors. */
static int cmd_test(const struct options *o)
{
	struct ol_ruleset *rs = load_rules(o, NULL, o->paths, o->npaths);
	if (!rs)
		return EXIT_FAILURE_RUN;
	/* with rule files named, only their rules are tested */
	char **only_files = ol_xcalloc(o->npaths + 1, sizeof(char *));
	for (size_t i = 0; i < o->npaths; i++) {
		char *real = realpath(o->paths[i], NULL);
		only_files[i] = real ? real : ol_xstrdup(o->paths[i]);
	}
	bool color = use_color(o);
	const char *green = color ? "\033[32m" : "", *red = color ? "\033[1;31m" : "",
	           *bold = color ? "\033[1m" : "", *reset = color ? "\033[0m" : "";
	struct ol_checker *ck = ol_checker_new(rs);
	struct ol_checker *all = NULL; /* every rule: what fired instead */
	size_t total = 0, failed = 0, w = 0;
	struct ol_buf fails;
	ol_buf_init(&fails);
	for (size_t i = 0; i < rs->nrules; i++)
		if (test_wanted(rs->rules[i], only_files, o->npaths) && strlen(rs->rules[i]->id) > w)
			w = strlen(rs->rules[i]->id);
	for (size_t i = 0; i < rs->nrules; i++) {
		const struct ol_rule *r = rs->rules[i];
		if (!test_wanted(r, only_files, o->npaths))
			continue;
		ol_checker_only(ck, r);
		if (!o->verbose)
			printf("%-*s  ", (int)w, r->id);
		size_t rule_failed = 0, ngood = 0, nbad = 0;
		for (const struct ol_example *e = r->examples; e; e = e->next) {
			size_t idx = e->good ? ++ngood : ++nbad;
			size_t fm;
			struct ol_findings fs;
			ol_findings_init(&fs);
			struct ol_source *src = run_example(ck, r, e, &fm, &fs);
			size_t hits = 0;
			for (size_t k = 0; k < fs.n; k++)
				if (!strcmp(fs.v[k].rule, r->id))
					hits++;
			bool ok = e->good ? hits == 0 : hits > 0;
			total++;
			if (o->verbose)
				printf("%s %s #%zu (%s:%zu) ... %s%s%s\n", r->id, e->good ? "good" : "bad", idx,
				       e->file->src->path, ol_source_line(e->file->src, e->loc.start),
				       ok ? green : red, ok ? "ok" : "FAILED", reset);
			else
				putchar(ok ? '.' : 'F');
			if (!ok) {
				failed++;
				rule_failed++;
				const struct ol_source *rf = e->file->src;
				ol_buf_printf(&fails, "\n%s---- %s: %s example #%zu %s ----%s\n", bold, r->id,
				              e->good ? "good" : "bad", idx,
				              e->good ? "fires its rule" : "does not fire its rule", reset);
				ol_buf_printf(&fails, "  --> %s:%zu:%zu\n", rf->path, ol_source_line(rf, e->loc.start),
				              ol_source_col(rf, e->loc.start, OL_COL_CODEPOINT));
				ol_buf_adds(&fails, "  example:        ");
				put_example_text(&fails, e->text);
				for (const struct ol_assign *a = e->with; a; a = a->next) {
					struct ol_evalctx ec = {0};
					ol_buf_printf(&fails, "%s%s = ", a == e->with ? " with " : ", ", a->name);
					ol_value_format(&fails, ol_eval(&ec, a->value));
				}
				ol_buf_printf(&fails, "\n  expected:       %s\n  %s",
				              e->good ? "no finding of the rule" : "at least one finding of the rule",
				              e->good ? "fired:         " : "fired instead: ");
				if (e->good) {
					put_fired(&fails, &fs, src, fm, r->id, true);
				} else {
					/* run every rule to say what fired instead */
					if (!all)
						all = ol_checker_new(rs);
					struct ol_findings fa;
					ol_findings_init(&fa);
					size_t fm2;
					struct ol_source *src2 = run_example(all, r, e, &fm2, &fa);
					ol_findings_sort(&fa);
					if (put_fired(&fails, &fa, src2, fm2, r->id, false) == 0)
						ol_buf_adds(&fails, " nothing (no rule fired)");
					ol_findings_fini(&fa);
					ol_source_free(src2);
				}
				ol_buf_addc(&fails, '\n');
			}
			ol_findings_fini(&fs);
			ol_source_free(src);
		}
		if (o->verbose)
			continue;
		if (rule_failed)
			printf("  %sFAILED%s\n", red, reset);
		else
			printf("  %sok%s\n", green, reset);
	}
	if (failed) {
		printf("\nfailures:\n%s", fails.data);
		putchar('\n');
	}
	printf("%s%zu example%s, %zu failed%s\n", failed ? red : "", total, total == 1 ? "" : "s", failed,
	       failed ? reset : "");
	ol_buf_fini(&fails);
	for (size_t i = 0; i < o->npaths; i++)
		free(only_files[i]);
	free(only_files);
	ol_checker_free(all);
	ol_checker_free(ck);
	ol_ruleset_free(rs);
	return failed ? EXIT_FINDINGS : EXIT_CLEAN;
}

/* outlint lsp: the language server on stdin/stdout (cli.md "Language
 * server"); configuration and rules are loaded as for check, from the
 * working folder (or --config / --no-config, --rules, --no-default-rules). */
static int cmd_lsp(const struct options *o)
{
	struct ol_config cfg;
	if (!load_config(o, &cfg)) {
		ol_config_fini(&cfg);
		return EXIT_FAILURE_RUN;
	}
	struct ol_ruleset *rs = load_rules(o, &cfg, NULL, 0);
	if (!rs) {
		ol_config_fini(&cfg);
		return EXIT_FAILURE_RUN;
	}
	struct ol_lsp_options opt = {
		.words = cfg.words, .nwords = cfg.nwords,
		.address = cfg.address, .signature = cfg.signature,
		.param_fn = ol_config_param, .param_arg = &cfg,
		.fix_names = cfg.fix_names, .fix_texts = cfg.fix_texts, .nfix = cfg.nfix,
	};
	/* only frames may reach the client: the server writes to a copy of
	 * stdout, and anything else printed to stdout goes to stderr */
	int out = dup(STDOUT_FILENO);
	if (out < 0 || dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
		fprintf(stderr, "outlint: %s\n", strerror(errno));
		ol_ruleset_free(rs);
		ol_config_fini(&cfg);
		return EXIT_FAILURE_RUN;
	}
	int rc = ol_lsp_run(STDIN_FILENO, out, rs, &opt);
	close(out);
	ol_ruleset_free(rs);
	ol_config_fini(&cfg);
	return rc;
}

int main(int argc, char **argv)
{
	struct options o;
	memset(&o, 0, sizeof o);
	int rc = parse_args(argc, argv, &o);
	if (rc < 0) {
		if (!strcmp(o.command, "check"))
			rc = cmd_check(&o);
		else if (!strcmp(o.command, "rules"))
			rc = cmd_rules(&o);
		else if (!strcmp(o.command, "explain"))
			rc = cmd_explain(&o);
		else if (!strcmp(o.command, "test"))
			rc = cmd_test(&o);
		else if (!strcmp(o.command, "doc"))
			rc = cmd_doc(&o);
		else /* "lsp" */
			rc = cmd_lsp(&o);
	}
	/* The dictionary is left to the operating system: Hunspell_destroy
	 * takes ~10 ms, a fifth of a one-template run. It stays reachable
	 * from spell.c's list of open dictionaries (no leak for valgrind or
	 * LeakSanitizer); its loader is waited for, so that no thread runs
	 * while the process exits. */
	if (dict_early)
		(void)ol_spell_loaded(dict_early);
	free(o.rules);
	free(o.paths);
	return rc;
}
