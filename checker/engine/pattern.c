/* engine/pattern.c: PCRE2 wrapper. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "pattern.h"

#include <pcre2.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "../dsl/ast.h"

/* Limits: generous for sane rules on long texts, small enough that a
 * catastrophic pattern on a long line ends in well under a second. */
#define OL_MATCH_LIMIT 2000000u
#define OL_DEPTH_LIMIT 10000u
#define OL_HEAP_LIMIT 20000u /* KiB */

struct ol_re {
	pcre2_code *code;
	bool jit;
	struct ol_re *prev, *next; /* every live pattern, for ol_re_jit_all() */
};

/* JIT-compiling a pattern costs about ten times compiling it (~25 ms for
 * the shipped packs), more than matching one template without JIT. So the
 * CLI defers it (ol_re_defer_jit) until it knows how much text there is. */
static pthread_mutex_t reg_mu = PTHREAD_MUTEX_INITIALIZER;
static struct ol_re *reg_head;
static bool jit_deferred;

void ol_re_defer_jit(bool defer)
{
	pthread_mutex_lock(&reg_mu);
	jit_deferred = defer;
	pthread_mutex_unlock(&reg_mu);
}

void ol_re_jit_all(void)
{
	pthread_mutex_lock(&reg_mu);
	jit_deferred = false;
	for (struct ol_re *re = reg_head; re; re = re->next)
		if (!re->jit)
			re->jit = pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE) == 0;
	pthread_mutex_unlock(&reg_mu);
}

struct ol_rematch {
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *stack;
};

struct ol_re *ol_re_compile(const char *pat, size_t len, unsigned flags,
                            char **err, size_t *erroff)
{
	uint32_t opts = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF;
	if (flags & OL_RF_CASELESS)
		opts |= PCRE2_CASELESS;
	if (flags & OL_RF_EXTENDED)
		opts |= PCRE2_EXTENDED;
	if (flags & OL_RF_MULTILINE)
		opts |= PCRE2_MULTILINE;
	int code;
	PCRE2_SIZE off;
	pcre2_code *c = pcre2_compile((PCRE2_SPTR)pat, len, opts, &code, &off, NULL);
	if (!c) {
		PCRE2_UCHAR buf[256];
		pcre2_get_error_message(code, buf, sizeof buf);
		*err = ol_xstrdup((const char *)buf);
		*erroff = off;
		return NULL;
	}
	struct ol_re *re = ol_xcalloc(1, sizeof(*re));
	re->code = c;
	pthread_mutex_lock(&reg_mu);
	if (!jit_deferred)
		re->jit = pcre2_jit_compile(c, PCRE2_JIT_COMPLETE) == 0;
	re->next = reg_head;
	if (reg_head)
		reg_head->prev = re;
	reg_head = re;
	pthread_mutex_unlock(&reg_mu);
	return re;
}

void ol_re_free(struct ol_re *re)
{
	if (!re)
		return;
	pthread_mutex_lock(&reg_mu);
	if (re->prev)
		re->prev->next = re->next;
	else
		reg_head = re->next;
	if (re->next)
		re->next->prev = re->prev;
	pthread_mutex_unlock(&reg_mu);
	pcre2_code_free(re->code);
	free(re);
}

struct ol_rematch *ol_rematch_new(void)
{
	struct ol_rematch *m = ol_xcalloc(1, sizeof(*m));
	m->md = pcre2_match_data_create(32, NULL);
	m->mctx = pcre2_match_context_create(NULL);
	m->stack = pcre2_jit_stack_create(32 * 1024, 512 * 1024, NULL);
	if (!m->md || !m->mctx || !m->stack) {
		ol_rematch_free(m);
		return ol_xmalloc(SIZE_MAX); /* reports out of memory */
	}
	pcre2_set_match_limit(m->mctx, OL_MATCH_LIMIT);
	pcre2_set_depth_limit(m->mctx, OL_DEPTH_LIMIT);
	pcre2_set_heap_limit(m->mctx, OL_HEAP_LIMIT);
	pcre2_jit_stack_assign(m->mctx, NULL, m->stack);
	return m;
}

void ol_rematch_free(struct ol_rematch *m)
{
	if (!m)
		return;
	pcre2_match_data_free(m->md);
	pcre2_match_context_free(m->mctx);
	pcre2_jit_stack_free(m->stack);
	free(m);
}

int ol_re_find(const struct ol_re *re, struct ol_rematch *m, const char *subj,
               size_t len, size_t start, size_t *ms, size_t *me)
{
	while (start <= len) {
		int rc = pcre2_match(re->code, (PCRE2_SPTR)subj, len, start,
		                     PCRE2_NO_UTF_CHECK, m->md, m->mctx);
		if (rc == PCRE2_ERROR_NOMATCH)
			return 0;
		if (rc < 0 && rc != PCRE2_ERROR_PARTIAL)
			return -1;
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
		if (ov[0] > ov[1]) /* \K in a lookaround: ignore */
			return 0;
		if (ov[1] > ov[0]) {
			*ms = ov[0];
			*me = ov[1];
			return 1;
		}
		/* empty match: retry one code point further */
		start = ov[0] + 1;
		while (start < len && ((unsigned char)subj[start] & 0xC0) == 0x80)
			start++;
	}
	return 0;
}

void ol_re_quote(struct ol_buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (strchr("\\^$.|?*+()[]{}/#", c) && c)
			ol_buf_addc(out, '\\');
		ol_buf_addc(out, c);
	}
}
