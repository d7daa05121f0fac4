/* engine/check.c: compiled rules × one document → findings.
 *
 * A template is matched section by section through "views": the text of a
 * section with every spintax group replaced by one of its options (variant
 * k takes option k of every group, or its last one), plus a map from view
 * offsets back to the file. Each (view, pattern) pair is matched once and
 * cached, so rules that share a list or a condition pay for it once. */
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../diag/catalog.h"
#include "pattern.h"
#include "spell.h"

#define MAX_VARIANTS 16

struct ol_checker {
	const struct ol_ruleset *rs;
	struct ol_rematch *rm;
	struct ol_spell *spell;
	bool spell_tried;
	bool dict_missing;
	const struct ol_rule *only;
	ol_param_lookup plook;
	void *parg;
	struct ol_re *word_re;      /* words for morphology */
	struct ol_re *token_re;     /* words for spelling (letters, digits, inner hyphens) */
	struct ol_re *letters_re;   /* any run of letters */
	char *const *words;         /* project words (configuration) */
	size_t nwords;
	const char *address;        /* default form of address, or NULL */
	const char *signature;      /* signature mode, or NULL */
	char *const *fix_names;     /* configured fix texts ({fix.NAME}); borrowed */
	char *const *fix_texts;
	size_t nfix;
	struct ol_re *irregular_re; /* irregular superlatives (rules.md §3 W-SUP-IRREG) */
};

/* cache keys of the built-in analyses that take no list */
static const int superlative_key, sentence_start_key, opening_key, placeholder_key;

struct ol_checker *ol_checker_new(const struct ol_ruleset *rs)
{
	struct ol_checker *ck = ol_xcalloc(1, sizeof(*ck));
	ck->rs = rs;
	ck->rm = ol_rematch_new();
	char *err = NULL;
	size_t off;
	static const char word[] = "(?<![\\p{L}\\p{N}_-])\\p{L}{4,}(?![\\p{L}\\p{N}_-])";
	static const char irr[] =
	    "^(?:aller)?(?:best|größt|höchst|stärkst|klügst|kürzest|ältest|härtest|"
	    "schärfst|wärmst|längst|jüngst)(?:e|er|en|em|es)$"
	    "|^(?:meistverkauft|meistgelesen|bestverkauft|bestbewertet|"
	    "höchstmöglich|größtmöglich|bestmöglich)(?:e|er|en|em|es)?$";
	static const char token[] = "(?<![\\p{L}\\p{N}_])[\\p{L}\\p{N}]+(?:-[\\p{L}\\p{N}]+)*";
	static const char letters[] = "\\p{L}+";
	ck->word_re = ol_re_compile(word, strlen(word), 0, &err, &off);
	ck->token_re = ol_re_compile(token, strlen(token), 0, &err, &off);
	ck->letters_re = ol_re_compile(letters, strlen(letters), 0, &err, &off);
	ck->irregular_re = ol_re_compile(irr, strlen(irr), 1u /* caseless */, &err, &off);
	free(err);
	return ck;
}

void ol_checker_free(struct ol_checker *ck)
{
	if (!ck)
		return;
	ol_rematch_free(ck->rm);
	ol_spell_free(ck->spell);
	ol_re_free(ck->word_re);
	ol_re_free(ck->token_re);
	ol_re_free(ck->letters_re);
	ol_re_free(ck->irregular_re);
	free(ck);
}

void ol_checker_only(struct ol_checker *ck, const struct ol_rule *rule)
{
	ck->only = rule;
}

void ol_checker_params(struct ol_checker *ck, ol_param_lookup fn, void *arg)
{
	ck->plook = fn;
	ck->parg = arg;
}

void ol_checker_words(struct ol_checker *ck, char *const *words, size_t n)
{
	ck->words = words;
	ck->nwords = n;
}

void ol_checker_defaults(struct ol_checker *ck, const char *address, const char *signature)
{
	ck->address = address;
	ck->signature = signature;
}

void ol_checker_fix_texts(struct ol_checker *ck, char *const *names, char *const *texts, size_t n)
{
	ck->fix_names = names;
	ck->fix_texts = texts;
	ck->nfix = n;
}

struct ol_checker *ol_checker_clone(const struct ol_checker *ck)
{
	struct ol_checker *c = ol_checker_new(ck->rs);
	c->only = ck->only;
	c->plook = ck->plook;
	c->parg = ck->parg;
	c->words = ck->words;
	c->nwords = ck->nwords;
	c->address = ck->address;
	c->signature = ck->signature;
	c->fix_names = ck->fix_names;
	c->fix_texts = ck->fix_texts;
	c->nfix = ck->nfix;
	return c;
}

void ol_checker_absorb(struct ol_checker *ck, const struct ol_checker *worker)
{
	if (ol_checker_dict_missing(worker))
		ck->dict_missing = true;
}

bool ol_checker_dict_missing(const struct ol_checker *ck)
{
	return ck->dict_missing || (ck->spell && !ol_spell_loaded(ck->spell));
}

static struct ol_spell *get_spell(struct ol_checker *ck)
{
	if (!ck->spell_tried) {
		ck->spell_tried = true;
		ck->spell = ol_spell_open(NULL);
		ck->dict_missing = ck->spell == NULL;
	}
	return ck->spell;
}

/* ---- views ------------------------------------------------------------- */

struct seg {
	size_t v, o, len; /* view offset, file offset, length */
};

struct vspan {
	size_t vs, ve; /* view offsets */
	size_t os, oe; /* file offsets */
};

struct mcache {
	const void *key;
	struct vspan *v;
	size_t n;
	bool limit;
};

struct view {
	enum ol_section sec;
	char *text;
	size_t len;
	struct seg *segs;
	size_t nsegs;
	bool collapsed;     /* a subject with escapes: everything maps to one point */
	size_t collapse_at;
	size_t *sent;       /* sentence starts (view offsets), ascending, sent[0] = 0 */
	size_t nsent;
	size_t *para;       /* paragraph starts */
	size_t npara;
	struct mcache **mc; /* entries never move: a condition may add one while
	                     * the caller still reads another */
	size_t nmc, capmc;
};

struct doc {
	struct ol_checker *ck;
	const struct ol_source *src;
	const struct ol_template *t;
	struct ol_evalctx ec;
	const char *context;
	struct ol_findings *out;
	struct view *views[OL_SEC__COUNT][MAX_VARIANTS];
	int nvar[OL_SEC__COUNT]; /* 0: not computed */
	bool limit_reported;
	bool names_done;         /* capitalised words of greeting and signature */
	char **names;
	size_t nnames, capnames;
	bool stats_done;         /* german_share() and word_count() */
	double german, other, words;
};

static size_t map_start(const struct view *w, size_t v)
{
	if (w->collapsed)
		return w->collapse_at;
	size_t lo = 0, hi = w->nsegs;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (w->segs[mid].v <= v)
			lo = mid;
		else
			hi = mid;
	}
	const struct seg *s = &w->segs[lo];
	size_t d = v - s->v;
	if (d > s->len)
		d = s->len;
	return s->o + d;
}

static size_t map_end(const struct view *w, size_t v)
{
	if (w->collapsed)
		return w->collapse_at;
	if (v == 0)
		return map_start(w, 0);
	return map_start(w, v - 1) + 1;
}

static bool is_abbrev(const char *t, size_t dot)
{
	static const char *const ab[] = {
	    "Nr", "Abs", "Art", "bzw", "ca", "vgl", "ggf", "evtl", "inkl", "Dr", "Prof",
	    "Hr", "Hrn", "Fr", "St", "Str", "usw", "etc", "lit", "Tel", "Mio", "Mrd",
	    "gem", "sog", "max", "min", "zzgl", "Std", "Min", "Bd", "Jan", "Feb", "Apr",
	    "Jun", "Jul", "Aug", "Sep", "Sept", "Okt", "Nov", "Dez", "Mo", "Di", "Mi",
	    "Do", "Sa", "So", "Co", "Kfm", "Kfr", "pers", "allg", "bspw", "d", NULL};
	size_t b = dot;
	/* letters, umlauts (UTF-8 bytes) included: „Qualität.“ is no abbreviation */
	while (b > 0 && ((((unsigned char)t[b - 1] | 0x20) >= 'a' && ((unsigned char)t[b - 1] | 0x20) <= 'z') ||
	                 (unsigned char)t[b - 1] >= 0x80))
		b--;
	size_t n = dot - b;
	if (n == 0) {
		/* 30. Juni, § 7 Abs. 2 Nr. 1: a number before the dot */
		return dot > 0 && t[dot - 1] >= '0' && t[dot - 1] <= '9';
	}
	if (n == 1)
		return true; /* z. B., u. a., e. K. */
	for (const char *const *p = ab; *p; p++)
		if (strlen(*p) == n && strncmp(*p, t + b, n) == 0)
			return true;
	return false;
}

static void push(size_t **v, size_t *n, size_t *cap, size_t x)
{
	if (*n && (*v)[*n - 1] >= x)
		return;
	ol_xgrow(v, cap, *n + 1, sizeof(**v));
	(*v)[(*n)++] = x;
}

/* Does a single line break at i (next line at j) end a sentence? Yes after
 * . ! ? : ; and after a short line (signature lines, greetings, list items)
 * or before a bullet; a long line without a full stop is hard-wrapped prose,
 * and German nouns start the next line in capitals, so case cannot tell. */
static bool line_ends_sentence(const char *t, size_t i, size_t j, size_t n)
{
	size_t k = i;
	while (k > 0 && (t[k - 1] == ' ' || t[k - 1] == '\r' || t[k - 1] == '\t'))
		k--;
	size_t ls = k;
	while (ls > 0 && t[ls - 1] != '\n')
		ls--;
	if (k == ls)
		return true;
	char last = t[k - 1];
	if (last == '.' || last == '!' || last == '?' || last == ':' || last == ';')
		return true;
	if (k - ls < 50)
		return true;
	char c = t[j];
	if (c == '-' || c == '*' || c == '>' || ((unsigned char)c == 0xE2 && j + 2 < n &&
	                                         (unsigned char)t[j + 1] == 0x80 && (unsigned char)t[j + 2] == 0xA2))
		return true;
	return false;
}

/* Sentences end at . ! ? … followed by space (not after an abbreviation or
 * an ordinal), at blank lines, and at line breaks that line_ends_sentence
 * accepts. */
static void segment(struct view *w)
{
	const char *t = w->text;
	size_t n = w->len, cs = 0, cp = 0;
	push(&w->sent, &w->nsent, &cs, 0);
	push(&w->para, &w->npara, &cp, 0);
	for (size_t i = 0; i < n; i++) {
		char c = t[i];
		if (c == '\n') {
			size_t j = i + 1;
			bool blank = false;
			while (j < n && (t[j] == ' ' || t[j] == '\t' || t[j] == '\r' || t[j] == '\n')) {
				if (t[j] == '\n')
					blank = true;
				j++;
			}
			if (j >= n)
				break;
			if (blank) {
				push(&w->sent, &w->nsent, &cs, j);
				push(&w->para, &w->npara, &cp, j);
			} else if (line_ends_sentence(t, i, j, n)) {
				push(&w->sent, &w->nsent, &cs, j);
			}
			i = j - 1;
			continue;
		}
		bool end = c == '.' || c == '!' || c == '?';
		size_t len = 1;
		if (!end && (unsigned char)c == 0xE2 && i + 2 < n && (unsigned char)t[i + 1] == 0x80 &&
		    (unsigned char)t[i + 2] == 0xA6) {
			end = true;
			len = 3;
		}
		if (!end)
			continue;
		size_t j = i + len;
		/* closing quotes and brackets belong to the sentence */
		while (j < n && (t[j] == '"' || t[j] == ')' || t[j] == '\'' ||
		                 ((unsigned char)t[j] == 0xE2 && j + 2 < n && (unsigned char)t[j + 1] == 0x80 &&
		                  ((unsigned char)t[j + 2] == 0x9C || (unsigned char)t[j + 2] == 0x99)) ||
		                 ((unsigned char)t[j] == 0xC2 && j + 1 < n && (unsigned char)t[j + 1] == 0xAB)))
			j += ((unsigned char)t[j] == 0xE2) ? 3 : ((unsigned char)t[j] == 0xC2 ? 2 : 1);
		if (j < n && t[j] != ' ' && t[j] != '\t')
			continue;
		if (c == '.' && is_abbrev(t, i))
			continue;
		while (j < n && (t[j] == ' ' || t[j] == '\t'))
			j++;
		if (j < n && t[j] != '\n' && t[j] != '\r')
			push(&w->sent, &w->nsent, &cs, j);
	}
}

static void add_seg(struct view *w, size_t *cap, size_t o, size_t len, const char *src)
{
	ol_xgrow(&w->segs, cap, w->nsegs + 1, sizeof(*w->segs));
	w->segs[w->nsegs++] = (struct seg){w->len, o, len};
	w->text = ol_xrealloc(w->text, w->len + len + 1);
	memcpy(w->text + w->len, src + o, len);
	w->len += len;
	w->text[w->len] = '\0';
}

/* The spintax groups fully inside [a, b). */
static int groups_in(const struct ol_template *t, size_t a, size_t b, size_t *first, size_t *count)
{
	int nvar = 1;
	*first = 0;
	*count = 0;
	bool started = false;
	for (size_t i = 0; i < t->nspin; i++) {
		const struct ol_spin *g = &t->spin[i];
		if (g->whole.start >= a && g->whole.end <= b) {
			if (!started) {
				*first = i;
				started = true;
			}
			(*count)++;
			if ((int)g->nopt > nvar)
				nvar = (int)g->nopt;
		}
	}
	return nvar > MAX_VARIANTS ? MAX_VARIANTS : nvar;
}

static struct view *build_view(const struct doc *d, enum ol_section s, int k)
{
	const struct ol_template *t = d->t;
	struct view *w = ol_xcalloc(1, sizeof(*w));
	size_t cap = 0;
	w->sec = s;
	w->text = ol_xstrdup("");
	if (s == OL_SEC_SUBJECT && !t->subject_exact) {
		free(w->text);
		w->text = ol_xstrdup(t->subject ? t->subject : "");
		w->len = strlen(w->text);
		w->collapsed = true;
		w->collapse_at = t->subject_span.start;
		segment(w);
		return w;
	}
	size_t a = t->sec[s].start, b = t->sec[s].end;
	size_t first, count;
	groups_in(t, a, b, &first, &count);
	size_t pos = a;
	for (size_t i = first; i < first + count; i++) {
		const struct ol_spin *g = &t->spin[i];
		if (g->whole.start < pos)
			continue;
		add_seg(w, &cap, pos, g->whole.start - pos, d->src->text);
		size_t o = (size_t)k < g->nopt ? (size_t)k : g->nopt - 1;
		add_seg(w, &cap, g->options[o].start, g->options[o].end - g->options[o].start, d->src->text);
		pos = g->whole.end;
	}
	add_seg(w, &cap, pos, b - pos, d->src->text);
	segment(w);
	return w;
}

static void free_view(struct view *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->nmc; i++) {
		free(w->mc[i]->v);
		free(w->mc[i]);
	}
	free(w->mc);
	free(w->text);
	free(w->segs);
	free(w->sent);
	free(w->para);
	free(w);
}

static int nvariants(struct doc *d, enum ol_section s)
{
	if (!d->nvar[s]) {
		const struct ol_template *t = d->t;
		if (!t->has[s] && !(s == OL_SEC_SUBJECT && t->has_subject)) {
			d->nvar[s] = -1;
		} else if (s == OL_SEC_SUBJECT && !t->subject_exact) {
			d->nvar[s] = 1;
		} else {
			size_t first, count;
			d->nvar[s] = groups_in(t, t->sec[s].start, t->sec[s].end, &first, &count);
		}
	}
	return d->nvar[s] < 0 ? 0 : d->nvar[s];
}

static struct view *get_view(struct doc *d, enum ol_section s, int k)
{
	int nv = nvariants(d, s);
	if (nv == 0)
		return NULL;
	if (k >= nv)
		k = nv - 1;
	if (!d->views[s][k])
		d->views[s][k] = build_view(d, s, k);
	return d->views[s][k];
}

/* ---- matching ---------------------------------------------------------- */

static bool masked(const struct doc *d, size_t os, size_t oe)
{
	const struct ol_template *t = d->t;
	for (size_t i = 0; i < t->nmasks; i++) {
		const struct ol_span *m = &t->masks[i].span;
		if (m->start > os)
			break;
		if (os >= m->start && oe <= m->end) {
			/* a pattern that matches a whole URL or address looks for it */
			if ((t->masks[i].kind == OL_MASK_URL || t->masks[i].kind == OL_MASK_EMAIL) &&
			    os == m->start && oe == m->end)
				continue;
			return true;
		}
	}
	return false;
}

/* Does t[a, b) contain a blank line (a paragraph break)? */
static bool spans_paragraphs(const char *t, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++) {
		if (t[i] != '\n')
			continue;
		size_t j = i + 1;
		while (j < b && (t[j] == ' ' || t[j] == '\t' || t[j] == '\r'))
			j++;
		if (j < b && t[j] == '\n')
			return true;
	}
	return false;
}

static void add_vspan(struct mcache *c, size_t *cap, const struct doc *d, const struct view *w,
                      size_t vs, size_t ve)
{
	/* a match never runs across a paragraph break: a gap like [^.!?]{0,80}
	 * would otherwise join a paragraph that ends without a full stop (a
	 * link, a list line) to the next one */
	if (spans_paragraphs(w->text, vs, ve))
		return;
	size_t os = map_start(w, vs), oe = map_end(w, ve);
	if (!w->collapsed && masked(d, os, oe))
		return;
	ol_xgrow(&c->v, cap, c->n + 1, sizeof(*c->v));
	c->v[c->n++] = (struct vspan){vs, ve, os, oe};
}

static bool upper_initial(const char *s)
{
	unsigned char c = (unsigned char)s[0];
	if (c >= 'A' && c <= 'Z')
		return true;
	/* Ä Ö Ü */
	return c == 0xC3 && ((unsigned char)s[1] == 0x84 || (unsigned char)s[1] == 0x96 ||
	                     (unsigned char)s[1] == 0x9C);
}

static bool sentence_start(const struct view *w, size_t vs)
{
	/* the first word of a sentence, after opening quotes or a bracket */
	size_t lo = 0, hi = w->nsent;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (w->sent[mid] <= vs)
			lo = mid;
		else
			hi = mid;
	}
	for (size_t i = w->sent[lo]; i < vs; i++) {
		unsigned char c = (unsigned char)w->text[i];
		if (c >= 0x80 || c == '"' || c == '(' || c == '\'' || c == ' ' || c == '-' || c == '*')
			continue; /* quotes („ »), bullets, spaces */
		return false;
	}
	return true;
}

static bool after_article(const struct view *w, size_t vs)
{
	static const char *const art[] = {"das", "der", "die", "den", "dem", "des", "am", "aufs", "zum", "zur", "im", NULL};
	size_t e = vs;
	while (e > 0 && (w->text[e - 1] == ' ' || w->text[e - 1] == '\t'))
		e--;
	size_t b = e;
	while (b > 0 && ((w->text[b - 1] | 0x20) >= 'a' && (w->text[b - 1] | 0x20) <= 'z'))
		b--;
	for (const char *const *p = art; *p; p++)
		if (strlen(*p) == e - b && strncasecmp(*p, w->text + b, e - b) == 0)
			return true;
	return false;
}

static void superlatives(struct doc *d, struct view *w, struct mcache *c, size_t *cap)
{
	struct ol_checker *ck = d->ck;
	struct ol_spell *sp = get_spell(ck);
	size_t pos = 0, ms, me;
	while (ol_re_find(ck->word_re, ck->rm, w->text, w->len, pos, &ms, &me) == 1) {
		pos = me;
		size_t a, b;
		bool irregular = ol_re_find(ck->irregular_re, ck->rm, w->text + ms, me - ms, 0, &a, &b) == 1;
		bool cap0 = upper_initial(w->text + ms);
		bool mid_cap = cap0 && !sentence_start(w, ms);
		bool art = after_article(w, ms);
		bool sup;
		if (irregular)
			sup = !mid_cap || art;
		else
			sup = sp && ol_spell_is_superlative(sp, w->text + ms, me - ms, mid_cap, art);
		if (sup)
			add_vspan(c, cap, d, w, ms, me);
	}
}

static void sentence_starts(struct doc *d, struct view *w, struct mcache *c, size_t *cap)
{
	for (size_t i = 0; i < w->nsent; i++) {
		size_t end = i + 1 < w->nsent ? w->sent[i + 1] : w->len, ms, me;
		if (ol_re_find(d->ck->letters_re, d->ck->rm, w->text, end, w->sent[i], &ms, &me) == 1)
			add_vspan(c, cap, d, w, ms, me);
	}
}

static void opening_span(struct doc *d, struct view *w, struct mcache *c, size_t *cap)
{
	size_t end = w->nsent > 2 ? w->sent[2] : w->len;
	while (end > 0 && (w->text[end - 1] == ' ' || w->text[end - 1] == '\n' || w->text[end - 1] == '\r' ||
	                   w->text[end - 1] == '\t'))
		end--;
	if (end == 0 || w->collapsed)
		return;
	ol_xgrow(&c->v, cap, c->n + 1, sizeof(*c->v));
	c->v[c->n++] = (struct vspan){0, end, map_start(w, 0), map_end(w, end)};
}

/* Is name[0..n) defined by the campaign: in `variables`, or sender.X with
 * the sender's field X? */
static bool placeholder_known(const struct ol_campaign *camp, const char *name, size_t n)
{
	if (n > 7 && strncmp(name, "sender.", 7) == 0) {
		char key[128];
		if (n - 7 >= sizeof key)
			return false;
		memcpy(key, name + 7, n - 7);
		key[n - 7] = '\0';
		return ol_ynode_get(ol_ynode_get(camp->root, "sender"), key) != NULL;
	}
	for (size_t i = 0; i < camp->nvars; i++)
		if (strlen(camp->variables[i]) == n && strncmp(camp->variables[i], name, n) == 0)
			return true;
	return false;
}

static void unknown_placeholders(struct doc *d, struct view *w, struct mcache *c, size_t *cap)
{
	const struct ol_campaign *camp = d->ec.camp;
	if (!camp || !camp->has_variables || w->collapsed)
		return;
	const struct ol_template *t = d->t;
	for (size_t i = 0; i < t->nph; i++) {
		const struct ol_placeholder *p = &t->ph[i];
		if (placeholder_known(camp, d->src->text + p->name.start, p->name.end - p->name.start))
			continue;
		for (size_t k = 0; k < w->nsegs; k++) {
			const struct seg *sg = &w->segs[k];
			if (p->whole.start >= sg->o && p->whole.end <= sg->o + sg->len) {
				size_t vs = sg->v + (p->whole.start - sg->o);
				ol_xgrow(&c->v, cap, c->n + 1, sizeof(*c->v));
				c->v[c->n++] = (struct vspan){vs, vs + (p->whole.end - p->whole.start),
				                              p->whole.start, p->whole.end};
				break;
			}
		}
	}
}

static bool is_upper_at(const char *s)
{
	return upper_initial(s);
}

/* Capitalised words of the greeting and the signature are names; they are
 * names in the body too („Jana“ of „Jana Roth“). The campaign's sender
 * name and company count as well. */
static void collect_names(struct doc *d)
{
	if (d->names_done)
		return;
	d->names_done = true;
	const struct ol_template *t = d->t;
	static const enum ol_section secs[] = {OL_SEC_GREETING, OL_SEC_SIGNATURE};
	struct ol_buf extra;
	ol_buf_init(&extra);
	const struct ol_ynode *sender = d->ec.camp ? ol_ynode_get(d->ec.camp->root, "sender") : NULL;
	const char *sn = ol_ynode_str(ol_ynode_get(sender, "name"));
	const char *sc = ol_ynode_str(ol_ynode_get(sender, "company"));
	for (int pass = 0; pass < 2; pass++) {
		for (size_t k = 0; k < (pass == 0 ? 2u : 1u); k++) {
			const char *text;
			size_t a, b;
			if (pass == 0) {
				if (!t->has[secs[k]])
					continue;
				text = d->src->text;
				a = t->sec[secs[k]].start;
				b = t->sec[secs[k]].end;
			} else {
				ol_buf_printf(&extra, "%s %s", sn ? sn : "", sc ? sc : "");
				text = extra.data ? extra.data : "";
				a = 0;
				b = extra.len;
			}
			size_t pos = a, ms, me;
			while (ol_re_find(d->ck->letters_re, d->ck->rm, text, b, pos, &ms, &me) == 1) {
				pos = me;
				if (!upper_initial(text + ms) || me - ms < 2)
					continue;
				ol_xgrow(&d->names, &d->capnames, d->nnames + 1, sizeof(*d->names));
				d->names[d->nnames++] = ol_xstrndup(text + ms, me - ms);
			}
		}
	}
	ol_buf_fini(&extra);
}

static bool is_name(struct doc *d, const char *w, size_t n)
{
	collect_names(d);
	for (size_t i = 0; i < d->nnames; i++)
		if (strlen(d->names[i]) == n && memcmp(d->names[i], w, n) == 0)
			return true;
	return false;
}

/* Upper-cases the first letter (ASCII, ä ö ü) into buf. */
static void capitalise(char *buf, const char *w, size_t n)
{
	memcpy(buf, w, n);
	buf[n] = '\0';
	unsigned char *u = (unsigned char *)buf;
	if (u[0] >= 'a' && u[0] <= 'z')
		u[0] = (unsigned char)(u[0] - 32);
	else if (u[0] == 0xC3 && (u[1] == 0xA4 || u[1] == 0xB6 || u[1] == 0xBC))
		u[1] = (unsigned char)(u[1] - 0x20);
}

static bool in_lists(struct doc *d, const struct ol_matcher *m, const char *w, size_t n)
{
	for (size_t i = 0; i < m->nargs; i++) {
		const struct ol_list *l = NULL;
		const struct ol_ruleset *rs = d->ck->rs;
		for (size_t k = 0; k < rs->nlists; k++)
			if (!strcmp(rs->lists[k]->name, m->args[i]))
				l = rs->lists[k];
		size_t ms, me;
		if (l && l->re && ol_re_find(l->re, d->ck->rm, w, n, 0, &ms, &me) == 1 && ms == 0 && me == n)
			return true;
	}
	return false;
}

/* German compounds the 2016 dictionary lacks (Nahverkehrsflotte,
 * Instandhaltungsplanung, Lagerlogistiker): accepted when the word splits
 * into two known words, the first possibly with a linking -s-, each of at
 * least 3 letters; the second may also be a word of the rule's lists. */
static bool known_compound(struct doc *d, struct ol_spell *sp, const struct ol_matcher *m,
                           const char *w, size_t n)
{
	if (n < 8 || n > 120)
		return false;
	char left[128], right[128];
	for (size_t i = 3; i + 3 <= n; i++) {
		if (((unsigned char)w[i] & 0xC0) == 0x80)
			continue; /* not inside a UTF-8 sequence */
		capitalise(right, w + i, n - i);
		if (!ol_spell_ok(sp, right, n - i) && !in_lists(d, m, right, n - i))
			continue;
		memcpy(left, w, i);
		left[i] = '\0';
		if (ol_spell_ok(sp, left, i))
			return true;
		if (i > 4 && left[i - 1] == 's' && ol_spell_ok(sp, left, i - 1))
			return true;
	}
	return false;
}

/* One word (no hyphen) of a token: known, listed, or spared. */
static bool word_ok(struct doc *d, struct ol_spell *sp, const struct ol_matcher *m, const char *w, size_t n,
                    bool dot_follows)
{
	if (n < 2)
		return true;
	for (size_t i = 0; i < d->ck->nwords; i++) /* project words, any case */
		if (strlen(d->ck->words[i]) == n && strncasecmp(d->ck->words[i], w, n) == 0)
			return true;
	size_t letters = 0, upper = 0;
	bool camel = false, prev_lower = false;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)w[i];
		if (ch >= '0' && ch <= '9')
			return true; /* tokens with digits: model numbers, dates */
		if ((ch & 0xC0) == 0x80)
			continue;
		letters++;
		bool up = is_upper_at(w + i);
		if (up) {
			upper++;
			if (prev_lower)
				camel = true;
		}
		prev_lower = !up;
	}
	if (camel || (upper == letters && letters <= 6))
		return true; /* LinkedIn, HubSpot; abbreviations DSGVO, CRM */
	if (w[n - 1] == 's' && upper == letters - 1 && upper >= 3 && upper <= 6)
		return true; /* plural of an abbreviation: KMUs, KPIs, PDFs */
	/* hunspell's answer is memoised; the lists are a regex match */
	if (ol_spell_ok(sp, w, n) || in_lists(d, m, w, n))
		return true;
	if (dot_follows) { /* abbreviations with a period: ggf., Str., Mo. */
		char buf[256];
		if (n + 2 <= sizeof buf) {
			memcpy(buf, w, n);
			buf[n] = '.';
			if (ol_spell_ok(sp, buf, n + 1) || in_lists(d, m, buf, n + 1))
				return true;
		}
	}
	if (upper_initial(w) && is_name(d, w, n))
		return true;
	return known_compound(d, sp, m, w, n);
}

static void misspellings(struct doc *d, struct view *w, const struct ol_matcher *m, struct mcache *c,
                         size_t *cap)
{
	struct ol_spell *sp = get_spell(d->ck);
	if (!sp)
		return;
	size_t pos = 0, ms, me;
	const struct ol_template *t = d->t;
	while (ol_re_find(d->ck->token_re, d->ck->rm, w->text, w->len, pos, &ms, &me) == 1) {
		pos = me;
		if (ms > 0 && (w->text[ms - 1] == '@' || w->text[ms - 1] == '#' || w->text[ms - 1] == '.' ||
		               w->text[ms - 1] == '/' || w->text[ms - 1] == '_'))
			continue; /* handles, hashtags, file names, domains */
		if (me < w->len && (w->text[me] == '@' || w->text[me] == '_' ||
		                    (w->text[me] == '.' && me + 1 < w->len && w->text[me + 1] != ' ' &&
		                     w->text[me + 1] != '\n' && w->text[me + 1] != '\r')))
			continue;
		if (is_upper_at(w->text + ms) && !w->collapsed) {
			/* capitalised words in greeting and signature are names */
			size_t o = map_start(w, ms);
			bool name = false;
			static const enum ol_section name_secs[] = {OL_SEC_GREETING, OL_SEC_SIGNATURE};
			for (size_t k = 0; k < 2; k++) {
				enum ol_section sec = name_secs[k];
				if (t->has[sec] && o >= t->sec[sec].start && o < t->sec[sec].end)
					name = true;
			}
			if (name)
				continue;
		}
		const char *tok = w->text + ms;
		size_t n = me - ms;
		bool dot = me < w->len && w->text[me] == '.';
		if (word_ok(d, sp, m, tok, n, dot))
			continue;
		/* a hyphenated word passes when every part does (Opt-out-Link) */
		bool ok = memchr(tok, '-', n) != NULL;
		for (size_t a = 0; ok && a < n;) {
			size_t b = a;
			while (b < n && tok[b] != '-')
				b++;
			if (!word_ok(d, sp, m, tok + a, b - a, false) && !(b - a < 2))
				ok = false;
			a = b + 1;
		}
		if (!ok)
			add_vspan(c, cap, d, w, ms, me);
	}
}

static const struct mcache *matches(struct doc *d, struct view *w, const struct ol_matcher *m)
{
	const void *key = NULL;
	const struct ol_re *re = NULL;
	switch (m->kind) {
	case OL_M_REGEX:
	case OL_M_PHRASE:
		key = re = m->re;
		break;
	case OL_M_CALL:
		if (m->builtin == OL_BI_ANY && m->list) {
			key = re = m->list->re;
		} else if (m->builtin == OL_BI_SUPERLATIVE) {
			key = &superlative_key;
		} else if (m->builtin == OL_BI_SENTENCE_START) {
			key = &sentence_start_key;
		} else if (m->builtin == OL_BI_OPENING) {
			key = &opening_key;
		} else if (m->builtin == OL_BI_UNKNOWN_PLACEHOLDER) {
			key = &placeholder_key;
		} else if (m->builtin == OL_BI_MISSPELLED) {
			key = m; /* each call has its own lists */
		}
		break;
	}
	for (size_t i = 0; i < w->nmc; i++)
		if (w->mc[i]->key == key)
			return w->mc[i];
	ol_xgrow(&w->mc, &w->capmc, w->nmc + 1, sizeof(*w->mc));
	struct mcache *c = ol_xcalloc(1, sizeof(*c));
	w->mc[w->nmc++] = c;
	c->key = key;
	size_t cap = 0;
	if (key == &superlative_key) {
		superlatives(d, w, c, &cap);
	} else if (key == &sentence_start_key) {
		sentence_starts(d, w, c, &cap);
	} else if (key == &opening_key) {
		opening_span(d, w, c, &cap);
	} else if (key == &placeholder_key) {
		unknown_placeholders(d, w, c, &cap);
	} else if (key == m && m->builtin == OL_BI_MISSPELLED) {
		misspellings(d, w, m, c, &cap);
	} else if (re) {
		size_t pos = 0, ms, me;
		int rc;
		while ((rc = ol_re_find(re, d->ck->rm, w->text, w->len, pos, &ms, &me)) == 1) {
			if (spans_paragraphs(w->text, ms, me)) {
				/* dropped: look again from the next character, so that a
				 * match inside the next paragraph is still found */
				pos = ms + 1;
				while (pos < w->len && ((unsigned char)w->text[pos] & 0xC0) == 0x80)
					pos++;
				continue;
			}
			add_vspan(c, &cap, d, w, ms, me);
			pos = me;
		}
		c->limit = rc < 0;
	}
	return c;
}

static void range_of(const size_t *starts, size_t n, size_t total, size_t v, size_t *a, size_t *b)
{
	size_t lo = 0, hi = n;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (starts[mid] <= v)
			lo = mid;
		else
			hi = mid;
	}
	*a = starts[lo];
	*b = lo + 1 < n ? starts[lo + 1] : total;
}

/* The clause around [vs, ve) inside the sentence [a, b): clauses end at
 * , ; : ( ) [ ] and at a dash between spaces (– — -), and a clause starts at
 * a conjunction that joins or opens one (und, oder, dass, wenn, ob …), so
 * that „Melde dich und ich helfe dir“ is two clauses. German sets a comma
 * before subordinate clauses; the conjunctions catch the ones written
 * without it. */
static bool word_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

static size_t conjunction_at(const char *t, size_t i, size_t end)
{
	static const char *const conj[] = {"und", "oder", "aber", "sondern", "denn", "dass", "daß", "ob",
	                                   "wenn", "falls", "weil", "damit", "sobald", "bevor", "nachdem",
	                                   "obwohl", "sodass", "wobei", NULL};
	for (size_t k = 0; conj[k]; k++) {
		size_t n = strlen(conj[k]);
		if (i + n > end || strncasecmp(t + i, conj[k], n))
			continue;
		if (i + n < end && word_char((unsigned char)t[i + n]))
			continue;
		return n;
	}
	return 0;
}

static void clause_of(const struct view *w, size_t vs, size_t ve, size_t *a, size_t *b)
{
	size_t sa, sb;
	range_of(w->sent, w->nsent, w->len, vs, &sa, &sb);
	const char *t = w->text;
	*a = sa;
	*b = sb;
	for (size_t i = sa; i < sb; i++) {
		unsigned char c = (unsigned char)t[i];
		size_t n = 0;
		bool conj = false;
		if (c == ',' || c == ';' || c == ':' || c == '(' || c == ')' || c == '[' || c == ']')
			n = 1;
		else if (c == '-' && i > sa && t[i - 1] == ' ' && i + 1 < sb && t[i + 1] == ' ')
			n = 1;
		else if (c == 0xE2 && i + 2 < sb && (unsigned char)t[i + 1] == 0x80 &&
		         ((unsigned char)t[i + 2] == 0x93 || (unsigned char)t[i + 2] == 0x94))
			n = 3; /* – — */
		else if ((i == sa || !word_char((unsigned char)t[i - 1])) && (n = conjunction_at(t, i, sb)))
			conj = true;
		if (!n)
			continue;
		if (i >= ve) {
			*b = i;
			return;
		}
		if (conj) {
			if (i <= vs)
				*a = i; /* the conjunction opens the clause */
		} else if (i < vs) {
			*a = i + n;
		}
		i += n - 1;
	}
}

static bool cond_true(struct doc *d, struct view *w, const struct ol_cond *k, size_t vs, size_t ve)
{
	switch (k->kind) {
	case OL_C_AND:
		return cond_true(d, w, k->a, vs, ve) && cond_true(d, w, k->b, vs, ve);
	case OL_C_OR:
		return cond_true(d, w, k->a, vs, ve) || cond_true(d, w, k->b, vs, ve);
	case OL_C_NOT:
		return !cond_true(d, w, k->a, vs, ve);
	case OL_C_MATCH:
		break;
	}
	size_t a = vs, b = ve;
	if (k->scope == OL_SCOPE_CLAUSE)
		clause_of(w, vs, ve, &a, &b);
	else if (k->scope == OL_SCOPE_SENTENCE)
		range_of(w->sent, w->nsent, w->len, vs, &a, &b);
	else if (k->scope == OL_SCOPE_PARAGRAPH)
		range_of(w->para, w->npara, w->len, vs, &a, &b);
	const struct mcache *c = matches(d, w, k->m);
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i].vs < b && c->v[i].ve > a)
			return true;
	return false;
}

static bool qualifies(struct doc *d, struct view *w, const struct ol_stmt *s, const struct vspan *m)
{
	if (s->unless && cond_true(d, w, s->unless, m->vs, m->ve))
		return false;
	if (s->ifc && !cond_true(d, w, s->ifc, m->vs, m->ve))
		return false;
	return true;
}

/* ---- findings ---------------------------------------------------------- */

static struct ol_value param_value(const struct doc *d, const struct ol_rule *r, const struct ol_param *p)
{
	const struct ol_expr *e = NULL;
	if (d->ck->plook)
		e = d->ck->plook(r, p, d->ck->parg);
	return ol_eval(&d->ec, e ? e : p->value);
}

/* What a message can quote besides parameters and fields. */
struct ivals {
	const char *match;
	size_t mlen;
	const struct ol_value *value; /* {value}: the left side of a failed assert */
	long count;                   /* {count}: matches of a `max` statement, -1 */
	const char *suggestions;      /* {suggestions}: hunspell's, or NULL */
};

static void interpolate(struct ol_buf *b, const struct doc *d, const struct ol_rule *r,
                        const char *msg, const struct ivals *iv)
{
	for (const char *p = msg; *p;) {
		if (*p == '{') {
			size_t n = strspn(p + 1, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.");
			if (n && p[1 + n] == '}') {
				char name[64];
				if (n < sizeof name) {
					memcpy(name, p + 1, n);
					name[n] = '\0';
					bool done = true;
					if (!strcmp(name, "match") && iv->match) {
						ol_buf_add(b, iv->match, iv->mlen);
					} else if (!strcmp(name, "value") && iv->value) {
						ol_value_format(b, *iv->value);
					} else if (!strcmp(name, "count") && iv->count >= 0) {
						ol_buf_printf(b, "%ld", iv->count);
					} else if (!strcmp(name, "suggestions")) {
						ol_buf_adds(b, iv->suggestions ? iv->suggestions : "–");
					} else {
						done = false;
						for (const struct ol_param *q = r->params; q; q = q->next)
							if (!strcmp(q->name, name)) {
								ol_value_format(b, param_value(d, r, q));
								done = true;
							}
						if (!done) {
							struct ol_value v = ol_eval_field(&d->ec, name);
							if (v.kind != OL_V_NULL) {
								ol_value_format(b, v);
								done = true;
							}
						}
					}
					if (done) {
						p += n + 2;
						continue;
					}
				}
			}
		}
		ol_buf_addc(b, *p++);
	}
}

/* Lower-cases ASCII and ÄÖÜ for the fix-map lookup. */
static bool same_word(const char *a, size_t an, const char *b)
{
	size_t bn = strlen(b);
	if (an != bn)
		return false;
	for (size_t i = 0; i < an; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
		if (x >= 'A' && x <= 'Z')
			x = (unsigned char)(x + 32);
		if (y >= 'A' && y <= 'Z')
			y = (unsigned char)(y + 32);
		if (i > 0 && (unsigned char)a[i - 1] == 0xC3 && x >= 0x80 && x <= 0x9E)
			x = (unsigned char)(x + 0x20);
		if (i > 0 && (unsigned char)b[i - 1] == 0xC3 && y >= 0x80 && y <= 0x9E)
			y = (unsigned char)(y + 0x20);
		if (x != y)
			return false;
	}
	return true;
}

static void option_note(struct ol_buf *b, const struct doc *d, size_t os, size_t oe)
{
	const struct ol_template *t = d->t;
	for (size_t i = 0; i < t->nspin; i++) {
		const struct ol_spin *g = &t->spin[i];
		if (os < g->whole.start || oe > g->whole.end)
			continue;
		for (size_t k = 0; k < g->nopt; k++)
			if (os >= g->options[k].start && oe <= g->options[k].end) {
				ol_buf_printf(b, " (in Spintax-Option %zu von %zu)", k + 1, g->nopt);
				return;
			}
	}
}

/* A fix text: the message placeholders, then {fix.NAME} from the
 * configuration (not interpreted further: a configured text may hold
 * template placeholders). NULL when it names a text the configuration
 * does not set: then there is no fix. */
static char *fix_text(struct doc *d, const struct ol_rule *r, const char *tmpl, const struct ivals *iv)
{
	struct ol_buf in, out;
	ol_buf_init(&in);
	interpolate(&in, d, r, tmpl, iv);
	ol_buf_init(&out);
	const char *p = in.data ? in.data : "";
	while (*p) {
		if (strncmp(p, "{fix.", 5) == 0) {
			size_t n = strspn(p + 5, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
			if (n && p[5 + n] == '}') {
				const char *val = NULL;
				for (size_t i = 0; i < d->ck->nfix; i++)
					if (strlen(d->ck->fix_names[i]) == n && !strncmp(d->ck->fix_names[i], p + 5, n))
						val = d->ck->fix_texts[i];
				if (!val || !*val) {
					ol_buf_fini(&in);
					ol_buf_fini(&out);
					return NULL;
				}
				ol_buf_adds(&out, val);
				p += 5 + n + 1;
				continue;
			}
		}
		ol_buf_addc(&out, *p++);
	}
	ol_buf_fini(&in);
	if (!out.data)
		return ol_xstrdup("");
	return ol_buf_detach(&out);
}

/* „Hast“ → „Haben“: a map replacement takes the capital of the text it
 * replaces (sentence start); a capitalised replacement (Sie, Ihnen) stays. */
static char *keep_initial_case(const char *match, const char *repl)
{
	char *s = ol_xstrdup(repl);
	if (match[0] >= 'A' && match[0] <= 'Z' && s[0] >= 'a' && s[0] <= 'z')
		s[0] = (char)(s[0] - 32);
	return s;
}

/* The line break at a place of the file: that of the line at `at` (or of
 * the one before, at the end of the file), so that an inserted paragraph
 * matches its neighbours in a CRLF file. */
static const char *file_newline(const struct ol_source *src, size_t at)
{
	const char *t = src->text;
	const char *nl = memchr(t + at, '\n', src->len - at);
	if (!nl)
		for (size_t i = at; i > 0 && !nl; i--)
			if (t[i - 1] == '\n')
				nl = t + i - 1;
	return nl && nl > t && nl[-1] == '\r' ? "\r\n" : "\n";
}

/* `fix insert "…" before|after SECTION, …`: the first place whose section
 * the template has. Before a section: at the start of its first line,
 * followed by a blank line; after it: behind its last character that is
 * not white space, preceded by a blank line. So the text becomes a
 * paragraph of its own. */
static void insert_fix(struct doc *d, const struct ol_rule *r, const struct ol_stmt *s,
                       struct ol_finding *f, const struct ivals *iv)
{
	const struct ol_template *t = d->t;
	if (!t || f->fix)
		return;
	const struct ol_source *src = t->src;
	for (const struct ol_fix_place *p = s->fix_places; p; p = p->next) {
		if (p->sec < 0 || !t->has[p->sec] || t->sec[p->sec].end <= t->sec[p->sec].start)
			continue;
		struct ol_span sp = t->sec[p->sec];
		size_t at;
		if (p->after) {
			at = sp.end;
			while (at > sp.start && strchr(" \t\r\n", src->text[at - 1]))
				at--;
		} else {
			at = sp.start;
			while (at > src->bom && src->text[at - 1] != '\n')
				at--;
		}
		char *text = fix_text(d, r, s->fix_insert, iv);
		if (!text)
			return;
		const char *nl = file_newline(src, at);
		f->fix = p->after ? ol_xasprintf("%s%s%s", nl, nl, text) : ol_xasprintf("%s%s%s", text, nl, nl);
		free(text);
		f->fix_at = true;
		f->fix_start = f->fix_end = at;
		f->fix_unsafe = s->fix_unsafe;
		return;
	}
}

static void emit(struct doc *d, const struct ol_rule *r, const struct ol_stmt *s,
                 enum ol_severity sev, size_t os, size_t oe, const struct ivals *iv,
                 const char *suffix)
{
	if (sev == OL_SEV_OFF)
		return;
	struct ivals local = *iv;
	char *sugg = NULL;
	if (s && s->m && s->m->builtin == OL_BI_MISSPELLED && iv->match && d->ck->spell) {
		ol_spell_suggest(d->ck->spell, iv->match, iv->mlen, 3, &sugg);
		local.suggestions = sugg;
	}
	const char *tmpl = (s && s->message) ? s->message : r->message ? r->message : r->summary;
	struct ol_buf b;
	ol_buf_init(&b);
	interpolate(&b, d, r, tmpl, &local);
	if (suffix)
		ol_buf_adds(&b, suffix);
	if (d->t && iv->match && !(d->t->has_subject && !d->t->subject_exact && os == d->t->subject_span.start))
		option_note(&b, d, os, oe);
	struct ol_finding *f = ol_findings_add(d->out, r->id, sev, os, oe, b.data);
	ol_buf_fini(&b);
	if (r->cite)
		f->cite = ol_xstrdup(r->cite);
	const char *hint = (s && s->hint) ? s->hint : r->hint;
	if (hint) {
		ol_buf_init(&b);
		interpolate(&b, d, r, hint, &local);
		f->hint = ol_buf_detach(&b);
	}
	if (d->context)
		f->context = ol_xstrdup(d->context);
	if (s && iv->match && oe > os) {
		if (s->fix)
			f->fix = fix_text(d, r, s->fix, &local);
		else if (s->fix_remove)
			f->fix = ol_xstrdup("");
		else if (s->fix_list)
			for (const struct ol_list_entry *e = s->fix_list->entries; e; e = e->next)
				if (e->replacement && !e->is_regex && same_word(iv->match, iv->mlen, e->text)) {
					f->fix = keep_initial_case(iv->match, e->replacement);
					break;
				}
		f->fix_unsafe = f->fix && s->fix_unsafe;
		if (!f->fix && sugg) { /* the first suggestion: a quick fix only */
			f->fix = ol_xstrndup(sugg, strcspn(sugg, ","));
			f->fix_unsafe = true;
		}
	}
	if (s && s->fix_insert)
		insert_fix(d, r, s, f, &local);
	free(sugg);
}

static void report_limit(struct doc *d, const struct ol_rule *r, const struct mcache *c)
{
	if (!c->limit || d->limit_reported)
		return;
	d->limit_reported = true;
	struct ol_finding *f = ol_catalog_add(d->out, OL_CAT_PATTERN_LIMIT, 0, 0, r->id);
	if (d->context)
		f->context = ol_xstrdup(d->context);
}

/* The sections a statement looks at: TEXT covers all but the subject. */
static unsigned effective_sections(unsigned mask)
{
	if (mask & (1u << OL_SEC_TEXT))
		mask = (1u << OL_SEC_TEXT) | (mask & (1u << OL_SEC_SUBJECT));
	return mask;
}

struct hit {
	const struct view *w;
	struct vspan m;
};

static int cmp_hit(const void *pa, const void *pb)
{
	const struct hit *a = pa, *b = pb;
	if (a->m.os != b->m.os)
		return a->m.os < b->m.os ? -1 : 1;
	return a->m.oe < b->m.oe ? -1 : a->m.oe > b->m.oe;
}

static void run_forbid(struct doc *d, const struct ol_rule *r, const struct ol_stmt *s)
{
	unsigned mask = effective_sections(s->secmask);
	struct hit *hits = NULL;
	size_t n = 0, cap = 0;
	for (int sec = 0; sec < OL_SEC__COUNT; sec++) {
		if (!(mask & (1u << sec)))
			continue;
		int nv = nvariants(d, (enum ol_section)sec);
		for (int k = 0; k < nv; k++) {
			struct view *w = get_view(d, (enum ol_section)sec, k);
			const struct mcache *c = matches(d, w, s->m);
			report_limit(d, r, c);
			for (size_t i = 0; i < c->n; i++) {
				struct vspan m = c->v[i];
				if (!qualifies(d, w, s, &m))
					continue;
				ol_xgrow(&hits, &cap, n + 1, sizeof(*hits));
				hits[n++] = (struct hit){w, m};
			}
		}
	}
	/* the same place found in several spintax variants counts once */
	if (n > 1)
		qsort(hits, n, sizeof(*hits), cmp_hit);
	size_t u = 0;
	for (size_t i = 0; i < n; i++)
		if (!u || hits[u - 1].m.os != hits[i].m.os || hits[u - 1].m.oe != hits[i].m.oe)
			hits[u++] = hits[i];
	n = u;
	if (s->has_max) {
		size_t max = (size_t)s->max;
		if (n > max) {
			const struct hit *h = &hits[max];
			struct ivals iv = {h->w->text + h->m.vs, h->m.ve - h->m.vs, NULL, (long)n, NULL};
			emit(d, r, s, s->sev, h->m.os, h->m.oe, &iv, NULL);
		}
	} else {
		for (size_t i = 0; i < n; i++) {
			const struct hit *h = &hits[i];
			struct ivals iv = {h->w->text + h->m.vs, h->m.ve - h->m.vs, NULL, -1, NULL};
			emit(d, r, s, s->sev, h->m.os, h->m.oe, &iv, NULL);
		}
	}
	free(hits);
}

static bool found_in(struct doc *d, const struct ol_rule *r, const struct ol_stmt *s, unsigned mask, int k)
{
	for (int sec = 0; sec < OL_SEC__COUNT; sec++) {
		if (!(mask & (1u << sec)))
			continue;
		struct view *w = get_view(d, (enum ol_section)sec, k);
		if (!w)
			continue;
		const struct mcache *c = matches(d, w, s->m);
		report_limit(d, r, c);
		for (size_t i = 0; i < c->n; i++)
			if (qualifies(d, w, s, &c->v[i]))
				return true;
	}
	return false;
}

static bool run_require(struct doc *d, const struct ol_rule *r, const struct ol_stmt *s)
{
	unsigned mask = effective_sections(s->secmask);
	int nv = 1;
	for (int sec = 0; sec < OL_SEC__COUNT; sec++)
		if (mask & (1u << sec)) {
			int v = nvariants(d, (enum ol_section)sec);
			if (v > nv)
				nv = v;
		}
	int fails = 0, first_fail = -1;
	for (int k = 0; k < nv; k++)
		if (!found_in(d, r, s, mask, k)) {
			fails++;
			if (first_fail < 0)
				first_fail = k;
		}
	if (fails == 0)
		return true;
	char suffix[96];
	suffix[0] = '\0';
	if (fails < nv)
		snprintf(suffix, sizeof suffix, " (fehlt, wenn Spintax-Option %d gewählt wird)", first_fail + 1);
	struct ivals iv = {NULL, 0, NULL, -1, NULL};
	emit(d, r, s, s->sev, 0, 0, &iv, suffix[0] ? suffix : NULL);
	return false;
}

static void run_assert_at(struct doc *d, const struct ol_rule *r, const struct ol_stmt *s,
                          size_t os, size_t oe)
{
	struct ol_value v = ol_eval(&d->ec, s->expr);
	if (ol_eval_truthy(v))
		return;
	struct ol_value left = {.kind = OL_V_NULL};
	const struct ol_value *lp = NULL;
	if (s->expr->kind == OL_E_BINARY && s->expr->op >= OL_OP_EQ && s->expr->op <= OL_OP_IN) {
		left = ol_eval(&d->ec, s->expr->a);
		lp = &left;
	}
	struct ivals iv = {NULL, 0, lp, -1, NULL};
	emit(d, r, s, s->sev, os, oe, &iv, NULL);
}

/* german_share() and word_count() over the subject and the text (first
 * spintax variant), masked words left out. */
static bool text_stat(void *arg, int fn, double *out)
{
	struct doc *d = arg;
	if (!d->stats_done) {
		d->stats_done = true;
		struct ol_spell *sp = get_spell(d->ck);
		enum ol_section secs[2] = {OL_SEC_SUBJECT, OL_SEC_TEXT};
		for (int i = 0; i < 2; i++) {
			struct view *w = get_view(d, secs[i], 0);
			if (!w)
				continue;
			size_t pos = 0, ms, me;
			while (ol_re_find(d->ck->letters_re, d->ck->rm, w->text, w->len, pos, &ms, &me) == 1) {
				pos = me;
				size_t os = map_start(w, ms), oe = map_end(w, me);
				if (!w->collapsed && masked(d, os, oe))
					continue;
				d->words++;
				if (me - ms < 2 || !sp)
					continue;
				if (ol_spell_ok(sp, w->text + ms, me - ms))
					d->german++;
				else if (!upper_initial(w->text + ms))
					d->other++; /* capitalised unknown words are names */
			}
		}
	}
	if (fn == OL_FN_WORD_COUNT) {
		*out = d->words;
		return true;
	}
	if (d->german + d->other < 5)
		return false;
	*out = d->german / (d->german + d->other);
	return true;
}

static void free_views(struct doc *d)
{
	for (size_t i = 0; i < d->nnames; i++)
		free(d->names[i]);
	free(d->names);
	for (int s = 0; s < OL_SEC__COUNT; s++)
		for (int k = 0; k < MAX_VARIANTS; k++)
			free_view(d->views[s][k]);
}

void ol_check_template(struct ol_checker *ck, const struct ol_source *src,
                       const struct ol_tctx *ctx, struct ol_findings *out)
{
	struct ol_template t;
	struct ol_findings diags;
	ol_findings_init(&diags);
	int rc = ol_template_read(src, &t, &diags);
	for (size_t i = 0; i < diags.n; i++)
		if (ctx && ctx->context && !diags.v[i].context)
			diags.v[i].context = ol_xstrdup(ctx->context);
	ol_findings_move(out, &diags);
	if (rc < 0) {
		ol_template_fini(&t);
		return;
	}
	struct doc d;
	memset(&d, 0, sizeof d);
	d.ck = ck;
	d.src = src;
	d.t = &t;
	d.out = out;
	d.context = ctx ? ctx->context : NULL;
	d.ec.t = &t;
	d.ec.step = ctx && ctx->step ? (long)ctx->step->index : t.step;
	d.ec.channel = ctx && ctx->step ? ctx->step->channel : t.channel;
	d.ec.address = t.address_given || !ck->address ? t.address : ck->address;
	d.ec.signature_mode = ck->signature;
	d.ec.camp = ctx ? ctx->camp : NULL;
	d.ec.plook = ck->plook;
	d.ec.parg = ck->parg;
	d.ec.text_stat = text_stat;
	d.ec.stat_arg = &d;
	const struct ol_ruleset *rs = ck->rs;
	/* the rules that need hunspell last: its dictionary may still be
	 * loading (spell.h), and the order of findings is settled by sorting */
	for (size_t k = 0; k < 2 * rs->nrules; k++) {
		const struct ol_rule *r = rs->rules[k % rs->nrules];
		if (r->needs_spell != (k >= rs->nrules))
			continue;
		if (r->campaign || r->sev == OL_SEV_OFF || (ck->only && ck->only != r))
			continue;
		bool *as = ol_xcalloc(r->nas + 1, sizeof(bool));
		d.ec.rule = r;
		d.ec.as_results = as;
		if (!r->when || ol_eval_truthy(ol_eval(&d.ec, r->when))) {
			for (const struct ol_stmt *s = r->stmts; s; s = s->next) {
				if (s->when && !ol_eval_truthy(ol_eval(&d.ec, s->when)))
					continue;
				switch (s->kind) {
				case OL_S_FORBID:
					run_forbid(&d, r, s);
					break;
				case OL_S_REQUIRE: {
					bool ok = run_require(&d, r, s);
					if (s->as_slot >= 0)
						as[s->as_slot] = ok;
					break;
				}
				case OL_S_ASSERT:
					run_assert_at(&d, r, s, 0, 0);
					break;
				case OL_S_EACH:
					break;
				}
			}
		}
		free(as);
	}
	free_views(&d);
	ol_template_fini(&t);
}

/* The node a campaign finding points at: the key of `at PATH` (looked up in
 * the step first), else the fallback node. */
static const struct ol_ynode *at_node(const struct ol_ynode *base, const struct ol_ynode *root,
                                      const char *path, const struct ol_ynode *fallback)
{
	if (!path)
		return fallback;
	const struct ol_ynode *maps[2] = {base, root};
	for (int m = 0; m < 2; m++) {
		const struct ol_ynode *n = maps[m], *key = NULL;
		const char *p = path;
		char part[128];
		while (n && *p) {
			size_t k = strcspn(p, ".");
			if (k >= sizeof part)
				break;
			memcpy(part, p, k);
			part[k] = '\0';
			key = ol_ynode_key(n, part);
			n = ol_ynode_get(n, part);
			p += k;
			if (*p == '.')
				p++;
		}
		if (key && !*p)
			return key;
	}
	return fallback;
}

void ol_check_campaign(struct ol_checker *ck, const struct ol_campaign *camp,
                       struct ol_findings *out)
{
	struct doc d;
	memset(&d, 0, sizeof d);
	d.ck = ck;
	d.src = camp->src;
	d.out = out;
	d.ec.camp = camp;
	d.ec.plook = ck->plook;
	d.ec.parg = ck->parg;
	const struct ol_ruleset *rs = ck->rs;
	const struct ol_ynode *root = camp->root;
	for (size_t i = 0; i < rs->nrules; i++) {
		const struct ol_rule *r = rs->rules[i];
		if (!r->campaign || r->sev == OL_SEV_OFF || (ck->only && ck->only != r))
			continue;
		d.ec.rule = r;
		d.ec.cur = NULL;
		if (r->when && !ol_eval_truthy(ol_eval(&d.ec, r->when)))
			continue;
		for (const struct ol_stmt *s = r->stmts; s; s = s->next) {
			d.ec.cur = NULL;
			/* an `each step` block's `when` is asked per step */
			if (s->kind != OL_S_EACH && s->when && !ol_eval_truthy(ol_eval(&d.ec, s->when)))
				continue;
			if (s->kind == OL_S_ASSERT) {
				const struct ol_ynode *n = at_node(NULL, root, s->at, root);
				run_assert_at(&d, r, s, n ? n->start : 0, n ? n->end : 0);
			} else if (s->kind == OL_S_EACH) {
				for (size_t k = 0; k < camp->nsteps; k++) {
					d.ec.cur = &camp->steps[k];
					if (s->when && !ol_eval_truthy(ol_eval(&d.ec, s->when)))
						continue;
					const struct ol_ynode *n = at_node(camp->steps[k].node, root, s->at, camp->steps[k].node);
					run_assert_at(&d, r, s, n ? n->start : 0, n ? n->end : 0);
				}
				d.ec.cur = NULL;
			}
		}
	}
}
