/* engine/spell.c: hunspell wrapper with a memo table. */
#include "spell.h"

#include <hunspell.h>
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

struct ol_spell {
	Hunhandle *h;
	bool flags_ok;
	struct memo *tab; /* open addressing */
	size_t cap, n;
};

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

struct ol_spell *ol_spell_open(const char *dir)
{
	if (!dir)
		dir = getenv("OUTLINT_DICT_DIR");
	if (!dir || !*dir)
		dir = "/usr/share/hunspell";
	char *aff = ol_xasprintf("%s/de_DE.aff", dir);
	char *dic = ol_xasprintf("%s/de_DE.dic", dir);
	struct ol_spell *s = NULL;
	if (file_exists(aff) && file_exists(dic)) {
		s = ol_xcalloc(1, sizeof(*s));
		s->h = Hunspell_create(aff, dic);
		if (!s->h) {
			free(s);
			s = NULL;
		} else {
			s->flags_ok = morph_superlative(s, "günstigste") &&
			              !morph_superlative(s, "günstig");
		}
	}
	free(aff);
	free(dic);
	return s;
}

void ol_spell_free(struct ol_spell *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->cap; i++) {
		free(s->tab[i].word);
		free(s->tab[i].sugg);
	}
	free(s->tab);
	Hunspell_destroy(s->h);
	free(s);
}

bool ol_spell_flags_ok(const struct ol_spell *s)
{
	return s && s->flags_ok;
}

bool ol_spell_is_superlative(struct ol_spell *s, const char *word, size_t n,
                             bool mid_sentence_cap, bool after_article)
{
	if (n < 4 || n > 200)
		return false;
	if (mid_sentence_cap && !after_article)
		return false; /* a noun reading wins (Herbst, Dienst, Angst) */
	struct memo *m = memo_slot(s, word, n);
	if (m->sup < 0) {
		const char *w = m->word;
		bool r = s->flags_ok ? morph_superlative(s, w) : fallback_superlative(s, w);
		/* allerbeste, allergünstigste: try the rest */
		if (!r && n > 7 && strncasecmp(w, "aller", 5) == 0)
			r = s->flags_ok ? morph_superlative(s, w + 5) : fallback_superlative(s, w + 5);
		m->sup = r;
	}
	return m->sup == 1;
}

bool ol_spell_ok(struct ol_spell *s, const char *word, size_t n)
{
	if (n == 0 || n > 200)
		return true;
	struct memo *m = memo_slot(s, word, n);
	if (m->ok < 0)
		m->ok = Hunspell_spell(s->h, m->word) != 0;
	return m->ok == 1;
}

void ol_spell_suggest(struct ol_spell *s, const char *word, size_t n, size_t max, char **out)
{
	*out = NULL;
	if (n == 0 || n > 200)
		return;
	/* suggesting is hunspell's slowest call; the same typo recurs across
	 * templates, so each word is asked once per run */
	struct memo *m = memo_slot(s, word, n);
	if (!m->sugg_done) {
		m->sugg_done = true;
		char **list = NULL;
		int k = Hunspell_suggest(s->h, &list, m->word);
		struct ol_buf b;
		ol_buf_init(&b);
		for (int i = 0; i < k && (size_t)i < max; i++) {
			if (i)
				ol_buf_adds(&b, ", ");
			ol_buf_adds(&b, list[i]);
		}
		if (k > 0)
			Hunspell_free_list(s->h, &list, k);
		m->sugg = b.len ? ol_buf_detach(&b) : NULL;
		if (!m->sugg)
			ol_buf_fini(&b);
	}
	if (m->sugg)
		*out = ol_xstrdup(m->sugg);
}
