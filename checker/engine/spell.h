/* spell: the only module that touches hunspell. Loads Debian's de_DE
 * dictionary once, answers spelling and morphology questions, and memoises
 * each distinct word. Not thread-safe: one per worker. */
#ifndef OL_SPELL_H
#define OL_SPELL_H

#include <stdbool.h>
#include <stddef.h>

struct ol_spell;

/* Opens dir/de_DE.aff and .dic (dir NULL: $OUTLINT_DICT_DIR or
 * /usr/share/hunspell). NULL if the files are missing. Runs the start-up
 * self-test of the dictionary's flags (rules.md §2): if „günstigste“ is not
 * analysed with fl:C, morphology falls back to suffix rules. */
struct ol_spell *ol_spell_open(const char *dir);
void ol_spell_free(struct ol_spell *s); /* NULL is a no-op */

/* true if hunspell's morphology flags were confirmed by the self-test */
bool ol_spell_flags_ok(const struct ol_spell *s);

/* Is word[0..n) (UTF-8) a superlative adjective form (rules.md §2)?
 * mid_sentence_cap: the token is capitalised and not at a sentence start;
 * after_article: preceded by an article (das Beste). Memoised. */
bool ol_spell_is_superlative(struct ol_spell *s, const char *word, size_t n,
                             bool mid_sentence_cap, bool after_article);

/* Does de_DE accept word[0..n)? Memoised. */
bool ol_spell_ok(struct ol_spell *s, const char *word, size_t n);
/* Appends up to max of hunspell's suggestions for word, separated by
 * ", ", to *out (a malloc'd string the caller frees; NULL if none). */
void ol_spell_suggest(struct ol_spell *s, const char *word, size_t n, size_t max, char **out);

#endif
