/* json: a small JSON reader and writer for the language server. The reader
 * treats its input as hostile: it bounds nesting depth and input size,
 * validates UTF-8 and decodes \u escapes (surrogate pairs joined, lone
 * surrogates rejected). Used by lsp/server.c and tests/unit/test_lsp.c. */
#ifndef OL_JSON_H
#define OL_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "../base/base.h"

#define OL_JSON_MAX_DEPTH 64 /* nested arrays and objects */
#define OL_JSON_MAX_SIZE ((size_t)64 << 20)

enum ol_json_type {
	OL_JSON_NULL,
	OL_JSON_BOOL,
	OL_JSON_NUMBER,
	OL_JSON_STRING,
	OL_JSON_ARRAY,
	OL_JSON_OBJECT
};

/* One value. Arrays and objects keep their members as a linked list. */
struct ol_json {
	enum ol_json_type type;
	bool b;                 /* OL_JSON_BOOL */
	double num;             /* OL_JSON_NUMBER */
	char *str;              /* OL_JSON_STRING: owned, NUL-terminated UTF-8 */
	size_t len;             /* its length in bytes (it may contain NUL) */
	char *key;              /* member of an object: its key, owned */
	size_t keylen;
	struct ol_json *child;  /* first member (array, object) */
	struct ol_json *next;   /* next member of the parent */
};

/* Parses text[0..len). Returns the value (caller frees with ol_json_free)
 * or NULL and, if err is not NULL, a static description in *err. */
struct ol_json *ol_json_parse(const char *text, size_t len, const char **err);
void ol_json_free(struct ol_json *v); /* NULL is a no-op */

/* The member key of object obj, or NULL (also when obj is not an object).
 * The result is borrowed from obj. */
const struct ol_json *ol_json_get(const struct ol_json *obj, const char *key);
/* The string of v, or NULL if v is not a string. Borrowed. */
const char *ol_json_str(const struct ol_json *v);
/* true and *out if v is a number. */
bool ol_json_num(const struct ol_json *v, double *out);
/* Shorthand: ol_json_str(ol_json_get(obj, key)). */
const char *ol_json_gets(const struct ol_json *obj, const char *key);

/* Writer: appends JSON text to b. */
void ol_json_write_str(struct ol_buf *b, const char *s, size_t n); /* quoted, escaped */
void ol_json_write_cstr(struct ol_buf *b, const char *s);          /* NULL → null */
void ol_json_write_value(struct ol_buf *b, const struct ol_json *v);

#endif
