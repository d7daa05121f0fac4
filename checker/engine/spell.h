/* spell: the only module that touches hunspell. Loads Debian's de_DE
 * dictionary once per process (in a background thread, from the first
 * ol_spell_open() on), answers spelling and morphology questions, and
 * memoises each distinct word. Thread-safe: one shared object for every
 * worker, queries serialised by a mutex. */
#ifndef OL_SPELL_H
#define OL_SPELL_H

#include <stdbool.h>
#include <stddef.h>

struct ol_spell;

/* Opens dir/de_DE.aff and .dic (dir NULL: $OUTLINT_DICT_DIR or
 * /usr/share/hunspell): returns at once, the dictionary loads in a
 * background thread and the first query waits for it. The same object
 * (one more reference) for the same dir. NULL if the files are missing.
 * The loader runs the self-test of the dictionary's flags (rules.md §2): if
 * „günstigste“ is not analysed with fl:C, morphology falls back to suffix
 * rules. */
struct ol_spell *ol_spell_open(const char *dir);
/* Drops a reference; the last one frees. NULL is a no-op. */
void ol_spell_free(struct ol_spell *s);
/* Waits for the dictionary; false if hunspell could not load it (every
 * query then answers "correct", "not a superlative", no suggestions). */
bool ol_spell_loaded(struct ol_spell *s);

/* true if hunspell's morphology flags were confirmed by the self-test */
bool ol_spell_flags_ok(struct ol_spell *s);

/* Is word[0..n) (UTF-8) a superlative adjective form (rules.md §2)?
 * mid_sentence_cap: the token is capitalised and not at a sentence start;
 * after_article: preceded by an article (das Beste). Memoised. */
bool ol_spell_is_superlative(struct ol_spell *s, const char *word, size_t n,
                             bool mid_sentence_cap, bool after_article);

/* Does de_DE accept word[0..n)? Memoised. */
bool ol_spell_ok(struct ol_spell *s, const char *word, size_t n);
/* Up to max (≤ 8) suggestions for word, separated by ", ", in *out (a
 * malloc'd string the caller frees; NULL if none): the words one edit away
 * that de_DE accepts, in hunspell's order of edits (at most 2,000
 * candidates; none for words over 40 bytes); hunspell's own suggestions
 * only for short words without one. Memoised. */
void ol_spell_suggest(struct ol_spell *s, const char *word, size_t n, size_t max, char **out);

#endif
