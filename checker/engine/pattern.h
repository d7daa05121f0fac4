/* pattern: the only module that touches PCRE2. Patterns are compiled once
 * (UTF + UCP, JIT where available); matching runs under match and depth
 * limits so that a careless rule cannot hang the checker. */
#ifndef OL_PATTERN_H
#define OL_PATTERN_H

#include <stdbool.h>
#include <stddef.h>

struct ol_re;      /* a compiled pattern; immutable, shareable across threads */
struct ol_rematch; /* per-thread match state (match data, JIT stack, limits) */

/* Compiles pat[0..len) with OL_RF_* flags. On error returns NULL, *err is
 * PCRE2's message (caller frees) and *erroff the offset in pat. */
struct ol_re *ol_re_compile(const char *pat, size_t len, unsigned flags,
                            char **err, size_t *erroff);
void ol_re_free(struct ol_re *re); /* NULL is a no-op */

/* JIT: patterns are JIT-compiled when compiled, unless deferred; then
 * ol_re_jit_all() JIT-compiles every live pattern (call it before threads
 * match: it changes the patterns) and ends the deferral. Matching works
 * either way, without JIT through PCRE2's interpreter. */
void ol_re_defer_jit(bool defer);
void ol_re_jit_all(void);

struct ol_rematch *ol_rematch_new(void);
void ol_rematch_free(struct ol_rematch *m); /* NULL is a no-op */

/* Finds the first match of re in subj[0..len) at or after start.
 * Returns 1 and sets [*ms, *me), 0 when there is none, -1 when a limit was
 * hit (the caller reports it). Empty matches are skipped. */
int ol_re_find(const struct ol_re *re, struct ol_rematch *m, const char *subj,
               size_t len, size_t start, size_t *ms, size_t *me);

/* Escapes s[0..n) for literal use inside a pattern; appends to out. */
struct ol_buf;
void ol_re_quote(struct ol_buf *out, const char *s, size_t n);

#endif
