/* engine/spell.c: hunspell wrapper with a memo table.
 *
 * One object per dictionary and process, shared by every worker: loaded in a
 * background thread from the first ol_spell_open() on (the caller goes on
 * compiling rules meanwhile), every query under one mutex (hunspell handles
 * are not thread-safe), reference-counted. */
#include "spell.h"

#include <hunspell.h>
#include <pthread.h>
#include <stdio.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../base/base.h"

struct memo {
	char *word;
	signed char sup; /* -1 unknown, 0, 1 */
	signed char ok;  /* -1 unknown, 0, 1 */
	bool sugg_done;
	char *sugg;      /* hunspell's suggestions, ", "-separated, or NULL */
};

#define MAX_REP 64

struct ol_spell {
	pthread_mutex_t mu;     /* guards everything below */
	pthread_t loader;
	bool loading;           /* the loader thread is still to be joined */
	char *aff, *dic, *dir;
	unsigned refs;
	Hunhandle *h;           /* NULL once loaded: the dictionary failed */
	bool flags_ok;
	struct memo *tab;       /* open addressing */
	size_t cap, n;
	/* the dictionary's REP pairs and TRY characters, for suggestions */
	bool aff_read;
	char *rep_from[MAX_REP], *rep_to[MAX_REP];
	size_t nrep;
	char *try_lower, *try_upper;
	struct ol_spell *next;  /* the process's list of open dictionaries */
};

static pthread_mutex_t open_mu = PTHREAD_MUTEX_INITIALIZER;
static struct ol_spell *open_list;

static unsigned long hash(const char *s, size_t n)
{
	unsigned long h = 1469598103934665603ul;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ul;
	return h;
}

static struct memo *memo_slot(struct ol_spell *s, const char *w, size_t n)
{
	if ((s->n + 1) * 2 > s->cap) {
		size_t oc = s->cap;
		struct memo *old = s->tab;
		s->cap = oc ? oc * 2 : 1024;
		s->tab = ol_xcalloc(s->cap, sizeof(*s->tab));
		s->n = 0;
		for (size_t i = 0; i < oc; i++) {
			if (!old[i].word)
				continue;
			size_t j = hash(old[i].word, strlen(old[i].word)) & (s->cap - 1);
			while (s->tab[j].word)
				j = (j + 1) & (s->cap - 1);
			s->tab[j] = old[i];
			s->n++;
		}
		free(old);
	}
	size_t j = hash(w, n) & (s->cap - 1);
	while (s->tab[j].word) {
		if (strlen(s->tab[j].word) == n && memcmp(s->tab[j].word, w, n) == 0)
			return &s->tab[j];
		j = (j + 1) & (s->cap - 1);
	}
	s->tab[j].word = ol_xstrndup(w, n);
	s->tab[j].sup = -1;
	s->tab[j].ok = -1;
	s->n++;
	return &s->tab[j];
}

static bool file_exists(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* Does one analysis line carry field name:value? Copies the value. */
static bool field(const char *an, const char *name, char *out, size_t outn)
{
	size_t nl = strlen(name);
	for (const char *p = an; (p = strstr(p, name)) != NULL; p += nl) {
		if (p != an && p[-1] != ' ' && p[-1] != '\t')
			continue;
		const char *v = p + nl;
		size_t k = strcspn(v, " \t\n");
		if (k >= outn)
			k = outn - 1;
		memcpy(out, v, k);
		out[k] = '\0';
		return true;
	}
	return false;
}

static bool has_flag(const char *an, const char *flag)
{
	char v[64];
	const char *p = an;
	while ((p = strstr(p, "fl:")) != NULL) {
		if (field(p, "fl:", v, sizeof v) && strcmp(v, flag) == 0)
			return true;
		p += 3;
	}
	return false;
}

static bool suffix_ok(const char *rest)
{
	/* ^(e?st)(e|er|en|em|es)?$ */
	if (rest[0] == 'e')
		rest++;
	if (strncmp(rest, "st", 2) != 0)
		return false;
	rest += 2;
	return !*rest || !strcmp(rest, "e") || !strcmp(rest, "er") ||
	       !strcmp(rest, "en") || !strcmp(rest, "em") || !strcmp(rest, "es");
}

/* Lower-cases ASCII and the German capitals Ä Ö Ü (enough for comparing a
 * stem with a word whose only capital can be the first letter). */
static void lower(char *s)
{
	for (unsigned char *p = (unsigned char *)s; *p; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*p = (unsigned char)(*p + 32);
		else if (p[0] == 0xC3 && p[1] >= 0x80 && p[1] <= 0x9E && p[1] != 0x97)
			p[1] = (unsigned char)(p[1] + 0x20);
	}
}

static bool morph_superlative(struct ol_spell *s, const char *w)
{
	char **list = NULL;
	int n = Hunspell_analyze(s->h, &list, w);
	bool sup = false, noun = false;
	char lw[256];
	snprintf(lw, sizeof lw, "%s", w);
	lower(lw);
	for (int i = 0; i < n; i++) {
		char st[256];
		if (!field(list[i], "st:", st, sizeof st))
			continue;
		bool has_fl = strstr(list[i], "fl:") != NULL;
		unsigned char c0 = (unsigned char)st[0];
		if (!has_fl && ((c0 >= 'A' && c0 <= 'Z') || c0 == 0xC3))
			noun = true; /* a noun entry such as Herbst wins */
		if (!has_flag(list[i], "C"))
			continue;
		lower(st);
		size_t sl = strlen(st);
		if (sl < strlen(lw) && strncmp(lw, st, sl) == 0 && suffix_ok(lw + sl))
			sup = true;
	}
	Hunspell_free_list(s->h, &list, n);
	return sup && !noun;
}

/* Fallback when the flags differ: a known word ending in -st(e…) whose
 * stem is a known word too. */
static bool fallback_superlative(struct ol_spell *s, const char *w)
{
	char lw[256];
	snprintf(lw, sizeof lw, "%s", w);
	lower(lw);
	size_t n = strlen(lw);
	for (size_t cut = 2; cut + 2 < n && cut <= 5; cut++) {
		if (!suffix_ok(lw + n - cut))
			continue;
		char stem[256];
		memcpy(stem, lw, n - cut);
		stem[n - cut] = '\0';
		if (Hunspell_spell(s->h, stem) && Hunspell_spell(s->h, w))
			return true;
	}
	return false;
}

static void *load(void *arg)
{
	struct ol_spell *s = arg;
	s->h = Hunspell_create(s->aff, s->dic);
	if (s->h)
		s->flags_ok = morph_superlative(s, "günstigste") && !morph_superlative(s, "günstig");
	return NULL;
}

/* Waits for the loader; with s->mu held. false: no dictionary. */
static bool ready(struct ol_spell *s)
{
	if (s->loading) {
		pthread_join(s->loader, NULL);
		s->loading = false;
	}
	return s->h != NULL;
}

struct ol_spell *ol_spell_open(const char *dir)
{
	if (!dir)
		dir = getenv("OUTLINT_DICT_DIR");
	if (!dir || !*dir)
		dir = "/usr/share/hunspell";
	pthread_mutex_lock(&open_mu);
	struct ol_spell *s;
	for (s = open_list; s; s = s->next)
		if (strcmp(s->dir, dir) == 0)
			break;
	if (s) {
		s->refs++;
		pthread_mutex_unlock(&open_mu);
		return s;
	}
	char *aff = ol_xasprintf("%s/de_DE.aff", dir);
	char *dic = ol_xasprintf("%s/de_DE.dic", dir);
	if (!file_exists(aff) || !file_exists(dic)) {
		pthread_mutex_unlock(&open_mu);
		free(aff);
		free(dic);
		return NULL;
	}
	s = ol_xcalloc(1, sizeof(*s));
	pthread_mutex_init(&s->mu, NULL);
	s->aff = aff;
	s->dic = dic;
	s->dir = ol_xstrdup(dir);
	s->refs = 1;
	s->loading = pthread_create(&s->loader, NULL, load, s) == 0;
	if (!s->loading)
		load(s); /* no thread: load here */
	s->next = open_list;
	open_list = s;
	pthread_mutex_unlock(&open_mu);
	return s;
}

void ol_spell_free(struct ol_spell *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&open_mu);
	bool last = --s->refs == 0;
	if (last)
		for (struct ol_spell **pp = &open_list; *pp; pp = &(*pp)->next)
			if (*pp == s) {
				*pp = s->next;
				break;
			}
	pthread_mutex_unlock(&open_mu);
	if (!last)
		return;
	ready(s);
	for (size_t i = 0; i < s->cap; i++) {
		free(s->tab[i].word);
		free(s->tab[i].sugg);
	}
	free(s->tab);
	for (size_t i = 0; i < s->nrep; i++) {
		free(s->rep_from[i]);
		free(s->rep_to[i]);
	}
	free(s->try_lower);
	free(s->try_upper);
	if (s->h)
		Hunspell_destroy(s->h);
	free(s->aff);
	free(s->dic);
	free(s->dir);
	pthread_mutex_destroy(&s->mu);
	free(s);
}

bool ol_spell_loaded(struct ol_spell *s)
{
	if (!s)
		return false;
	pthread_mutex_lock(&s->mu);
	bool ok = ready(s);
	pthread_mutex_unlock(&s->mu);
	return ok;
}

bool ol_spell_flags_ok(struct ol_spell *s)
{
	if (!s)
		return false;
	pthread_mutex_lock(&s->mu);
	bool ok = ready(s) && s->flags_ok;
	pthread_mutex_unlock(&s->mu);
	return ok;
}

bool ol_spell_is_superlative(struct ol_spell *s, const char *word, size_t n,
                             bool mid_sentence_cap, bool after_article)
{
	if (n < 4 || n > 200)
		return false;
	if (mid_sentence_cap && !after_article)
		return false; /* a noun reading wins (Herbst, Dienst, Angst) */
	pthread_mutex_lock(&s->mu);
	bool r = false;
	if (ready(s)) {
		struct memo *m = memo_slot(s, word, n);
		if (m->sup < 0) {
			const char *w = m->word;
			bool sup = s->flags_ok ? morph_superlative(s, w) : fallback_superlative(s, w);
			/* allerbeste, allergünstigste: try the rest */
			if (!sup && n > 7 && strncasecmp(w, "aller", 5) == 0)
				sup = s->flags_ok ? morph_superlative(s, w + 5) : fallback_superlative(s, w + 5);
			m->sup = sup;
		}
		r = m->sup == 1;
	}
	pthread_mutex_unlock(&s->mu);
	return r;
}

bool ol_spell_ok(struct ol_spell *s, const char *word, size_t n)
{
	if (n == 0 || n > 200)
		return true;
	pthread_mutex_lock(&s->mu);
	bool r = true;
	if (ready(s)) {
		struct memo *m = memo_slot(s, word, n);
		if (m->ok < 0)
			m->ok = Hunspell_spell(s->h, m->word) != 0;
		r = m->ok == 1;
	}
	pthread_mutex_unlock(&s->mu);
	return r;
}

/* ---- suggestions ---------------------------------------------------------
 *
 * Hunspell_suggest() takes 15-100 ms per German word (it tries n-gram
 * similarity over the dictionary and compound splits). Most typos are one
 * edit away, so the edits hunspell itself tries first are tried here, in
 * its order, each candidate checked with Hunspell_spell() (~0.01-0.05 ms):
 * the dictionary's REP pairs (ss→ß, ae→ä, …); then swapped neighbours; then
 * a missing or an extra letter; then one wrong letter (the dictionary's TRY
 * letters, most frequent first). The first group that yields a word ends
 * the search. Only when none does, and the word is short, is
 * Hunspell_suggest() asked; long compounds get no suggestion rather than
 * hunspell's far-fetched ones. */

#define SUGG_HUNSPELL_MAX_BYTES 14
/* Longer words get no suggestion: German words rarely pass 40 bytes, a
 * key held down („Datenschutzhaaaa…hinweise“) makes thousands of long
 * candidates that hunspell analyses as compounds (seconds per word). */
#define SUGG_MAX_BYTES 40
/* At most this many candidates per word (a 40-byte word has ~3,000);
 * fixed, so that a word's suggestions do not depend on the run. */
#define SUGG_MAX_TRIES 2000

/* Reads the REP and TRY lines of the .aff file once. */
static void read_aff(struct ol_spell *s)
{
	if (s->aff_read)
		return;
	s->aff_read = true;
	struct ol_buf lo, up;
	ol_buf_init(&lo);
	ol_buf_init(&up);
	FILE *f = fopen(s->aff, "r");
	char line[512];
	while (f && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (strncmp(line, "TRY ", 4) == 0 && !lo.len && !up.len) {
			for (const char *p = line + 4; *p;) {
				uint32_t cp;
				size_t k = ol_utf8_decode(p, strlen(p), &cp);
				if (k == 0)
					break;
				const unsigned char *u = (const unsigned char *)p;
				bool upper = (u[0] >= 'A' && u[0] <= 'Z') ||
				             (u[0] == 0xC3 && u[1] >= 0x80 && u[1] <= 0x9E && u[1] != 0x97);
				if (u[0] != '.' && u[0] != '-' && u[0] != ' ')
					ol_buf_add(upper ? &up : &lo, p, k);
				p += k;
			}
		} else if (strncmp(line, "REP ", 4) == 0 && s->nrep < MAX_REP) {
			char from[64], to[64];
			/* the count line "REP 28" has one field; entries with
			 * anchors or spaces (^ $ _) are left out */
			if (sscanf(line + 4, "%63s %63s", from, to) == 2 && !strpbrk(from, "_^$") &&
			    !strpbrk(to, "_^$")) {
				s->rep_from[s->nrep] = ol_xstrdup(from);
				s->rep_to[s->nrep] = ol_xstrdup(to);
				s->nrep++;
			}
		}
	}
	if (f)
		fclose(f);
	s->try_lower = ol_buf_detach(&lo);
	s->try_upper = ol_buf_detach(&up);
}

struct sugg {
	struct ol_spell *s;
	const char *word;
	char *v[8];
	size_t n, max;
	size_t tries;
	struct ol_buf cand;
};

/* Keeps the candidate in sg->cand if hunspell accepts it. */
static void try_cand(struct sugg *sg)
{
	const char *c = sg->cand.len ? sg->cand.data : "";
	if (sg->n >= sg->max || strcmp(c, sg->word) == 0 || !*c || sg->tries >= SUGG_MAX_TRIES)
		return;
	for (size_t i = 0; i < sg->n; i++)
		if (strcmp(sg->v[i], c) == 0)
			return;
	sg->tries++;
	if (Hunspell_spell(sg->s->h, c))
		sg->v[sg->n++] = ol_xstrdup(c);
}

static void cand3(struct sugg *sg, const char *a, size_t an, const char *b, size_t bn,
                  const char *rest)
{
	sg->cand.len = 0;
	ol_buf_add(&sg->cand, a, an);
	ol_buf_add(&sg->cand, b, bn);
	ol_buf_adds(&sg->cand, rest);
	try_cand(sg);
}

static size_t cp_len(const char *p)
{
	uint32_t cp;
	size_t k = ol_utf8_decode(p, strnlen(p, 4), &cp);
	return k ? k : 1;
}

/* The TRY letters for position i of w: capitals only at the start of a
 * capitalised word, small letters elsewhere. */
static const char *try_at(const struct ol_spell *s, const char *w, size_t i)
{
	const unsigned char *u = (const unsigned char *)w;
	bool cap = (u[0] >= 'A' && u[0] <= 'Z') || (u[0] == 0xC3 && u[1] >= 0x80 && u[1] <= 0x9E);
	return i == 0 && cap ? s->try_upper : s->try_lower;
}

static void fast_suggest(struct sugg *sg)
{
	struct ol_spell *s = sg->s;
	const char *w = sg->word;
	size_t n = strlen(w);
	/* REP pairs, every occurrence */
	for (size_t r = 0; r < s->nrep; r++) {
		size_t fl = strlen(s->rep_from[r]);
		for (const char *p = w; (p = strstr(p, s->rep_from[r])) != NULL; p++)
			cand3(sg, w, (size_t)(p - w), s->rep_to[r], strlen(s->rep_to[r]), p + fl);
	}
	if (sg->n)
		return;
	/* swapped neighbours */
	for (size_t i = 0; i < n;) {
		size_t a = cp_len(w + i);
		if (i + a >= n)
			break;
		size_t b = cp_len(w + i + a);
		sg->cand.len = 0;
		ol_buf_add(&sg->cand, w, i);
		ol_buf_add(&sg->cand, w + i + a, b);
		ol_buf_add(&sg->cand, w + i, a);
		ol_buf_adds(&sg->cand, w + i + a + b);
		try_cand(sg);
		i += a;
	}
	if (sg->n)
		return;
	/* an extra letter */
	for (size_t i = 0; i < n; i += cp_len(w + i))
		cand3(sg, w, i, "", 0, w + i + cp_len(w + i));
	/* a missing letter */
	for (size_t i = 0; i <= n; i += i < n ? cp_len(w + i) : 1)
		for (const char *t = try_at(s, w, i); *t; t += cp_len(t))
			cand3(sg, w, i, t, cp_len(t), w + i);
	if (sg->n)
		return;
	/* a wrong letter */
	for (size_t i = 0; i < n; i += cp_len(w + i))
		for (const char *t = try_at(s, w, i); *t; t += cp_len(t))
			cand3(sg, w, i, t, cp_len(t), w + i + cp_len(w + i));
}

void ol_spell_suggest(struct ol_spell *s, const char *word, size_t n, size_t max, char **out)
{
	*out = NULL;
	if (n == 0 || n > 200)
		return;
	pthread_mutex_lock(&s->mu);
	if (!ready(s)) {
		pthread_mutex_unlock(&s->mu);
		return;
	}
	/* the same typo recurs across templates: each word is asked once */
	struct memo *m = memo_slot(s, word, n);
	if (!m->sugg_done) {
		m->sugg_done = true;
		read_aff(s);
		struct sugg sg = {.s = s, .word = m->word, .max = max < 8 ? max : 8};
		ol_buf_init(&sg.cand);
		if (n <= SUGG_MAX_BYTES)
			fast_suggest(&sg);
		ol_buf_fini(&sg.cand);
		struct ol_buf b;
		ol_buf_init(&b);
		for (size_t i = 0; i < sg.n; i++) {
			ol_buf_adds(&b, i ? ", " : "");
			ol_buf_adds(&b, sg.v[i]);
			free(sg.v[i]);
		}
		if (!sg.n && n <= SUGG_HUNSPELL_MAX_BYTES) {
			char **list = NULL;
			int k = Hunspell_suggest(s->h, &list, m->word);
			for (int i = 0; i < k && (size_t)i < max; i++) {
				ol_buf_adds(&b, i ? ", " : "");
				ol_buf_adds(&b, list[i]);
			}
			if (k > 0)
				Hunspell_free_list(s->h, &list, k);
		}
		m->sugg = b.len ? ol_buf_detach(&b) : NULL;
		if (!m->sugg)
			ol_buf_fini(&b);
	}
	if (m->sugg)
		*out = ol_xstrdup(m->sugg);
	pthread_mutex_unlock(&s->mu);
}
