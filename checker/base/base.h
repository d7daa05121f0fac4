/* base: allocation, growable buffers, arenas and UTF-8 helpers; no project
 * knowledge. Every other module of outlint uses it. */
#ifndef OL_BASE_H
#define OL_BASE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define OL_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define OL_PRINTF(a, b)
#endif

/* Allocation that never returns NULL: on exhaustion it prints
 * "outlint: out of memory" and ends the process with status 2 (cli.md).
 * This is the one place outside cli/ that ends the process: there is no
 * sensible recovery from a failed small allocation. */
void *ol_xmalloc(size_t n);
void *ol_xcalloc(size_t n, size_t size);
void *ol_xrealloc(void *p, size_t n);
/* Grow *v (element size elem) so that it holds at least need elements. */
void ol_xgrow(void *vp, size_t *cap, size_t need, size_t elem);
char *ol_xstrdup(const char *s);
char *ol_xstrndup(const char *s, size_t n);
char *ol_xasprintf(const char *fmt, ...) OL_PRINTF(1, 2);

/* A growable byte buffer, always NUL-terminated once anything was added. */
struct ol_buf {
	char *data;
	size_t len;
	size_t cap;
};
void ol_buf_init(struct ol_buf *b);
void ol_buf_fini(struct ol_buf *b);
void ol_buf_add(struct ol_buf *b, const char *s, size_t n);
void ol_buf_adds(struct ol_buf *b, const char *s);
void ol_buf_addc(struct ol_buf *b, char c);
void ol_buf_printf(struct ol_buf *b, const char *fmt, ...) OL_PRINTF(2, 3);
void ol_buf_vprintf(struct ol_buf *b, const char *fmt, va_list ap) OL_PRINTF(2, 0);
/* Returns the data (caller frees) and leaves b empty; never NULL. */
char *ol_buf_detach(struct ol_buf *b);

/* An arena owns many small allocations freed at once (rule-file ASTs,
 * per-document derived data), so error recovery never leaks. */
struct ol_arena;
struct ol_arena *ol_arena_new(void);
void ol_arena_free(struct ol_arena *a); /* NULL is a no-op */
void *ol_arena_alloc(struct ol_arena *a, size_t n); /* zeroed */
char *ol_arena_strndup(struct ol_arena *a, const char *s, size_t n);
char *ol_arena_strdup(struct ol_arena *a, const char *s);

/* UTF-8. ol_utf8_decode reads one code point at s (n bytes available) into
 * *cp and returns its length, or 0 for an invalid or truncated sequence
 * (overlongs, surrogates and values above U+10FFFF are invalid). */
size_t ol_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Returns true if s[0..n) is valid UTF-8; otherwise false and *bad is the
 * offset of the first invalid byte. */
bool ol_utf8_valid(const char *s, size_t n, size_t *bad);
/* Number of bytes of the encoding of cp (1..4). */
size_t ol_utf8_encode(uint32_t cp, char out[4]);

/* Files: reads a whole file into a NUL-terminated buffer the caller frees.
 * Returns 0, or -1 with errno set. */
int ol_read_file(const char *path, char **data, size_t *len);

/* Paths: joins dir and rel (rel absolute → copy of rel). Caller frees. */
char *ol_path_join(const char *dir, const char *rel);
/* The directory part of path ("." if none). Caller frees. */
char *ol_path_dir(const char *path);
/* true if name ends with suffix (ASCII, case-insensitive). */
bool ol_has_suffix(const char *name, const char *suffix);

#endif
