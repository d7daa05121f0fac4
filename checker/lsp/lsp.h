/* lsp: the language server (`outlint lsp`): LSP 3.17 over a pair of file
 * descriptors — full document sync, publishDiagnostics on open, change and
 * save, quick-fix code actions. Used by cli/main.c and the unit tests. */
#ifndef OL_LSP_H
#define OL_LSP_H

#include <stddef.h>

#include "../dsl/ruleset.h"
#include "../engine/eval.h"

/* What the configuration gives the checker; every field may be zero/NULL.
 * Everything is borrowed and must outlive ol_lsp_run. */
struct ol_lsp_options {
	char *const *words;          /* project words spelling/de accepts */
	size_t nwords;
	const char *address;         /* "sie" | "du" | NULL */
	const char *signature;       /* "template" | "external" | NULL */
	ol_param_lookup param_fn;    /* rule parameter overrides, may be NULL */
	void *param_arg;
	char *const *fix_names;      /* configured fix texts ({fix.NAME}) */
	char *const *fix_texts;
	size_t nfix;
};

/* Serves one client: reads framed JSON-RPC messages from in_fd and writes
 * frames (and nothing else) to out_fd until `exit` or end of input; logs to
 * stderr. rs is borrowed; opt may be NULL. Returns the exit status: 0 after
 * shutdown and exit, 1 after exit (or end of input) without shutdown. */
int ol_lsp_run(int in_fd, int out_fd, const struct ol_ruleset *rs,
               struct ol_lsp_options *opt);

#endif
