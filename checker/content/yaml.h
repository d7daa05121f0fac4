/* yaml: a small YAML document tree with byte positions, built from
 * libyaml's event API. Used for front matter, campaigns and (later) the
 * project configuration. libyaml handles are created and freed only here. */
#ifndef OL_YAML_H
#define OL_YAML_H

#include <stdbool.h>
#include <stddef.h>

enum ol_ynode_kind { OL_Y_SCALAR, OL_Y_SEQ, OL_Y_MAP };

struct ol_ynode {
	enum ol_ynode_kind kind;
	size_t start, end;   /* byte offsets into the whole file's text */
	/* scalar: */
	char *str;           /* the scalar's value, NUL-terminated; owned by the tree */
	size_t len;
	bool plain;          /* plain (unquoted) scalar: only these can be null/bool/number */
	/* sequence: items[0..n); mapping: n pairs, items[2i] = key (scalar),
	 * items[2i+1] = value, i < n */
	struct ol_ynode **items;
	size_t n;
};

struct ol_ytree;  /* owns every node (an arena) */

/* Parses text[0..len) as one YAML document. base is the byte offset of
 * text[0] within the whole file, so that node positions are file offsets
 * (front matter starts after the first "---" line). On success returns a
 * tree; *root is NULL for an empty document. On a syntax error returns NULL,
 * *err_msg (caller frees) says what is wrong in English as libyaml says it,
 * *err_off is the file offset of the problem. Aliases are resolved by
 * sharing nodes (no copies, so alias bombs cost nothing); nesting deeper
 * than 64 levels and more than 100000 nodes are errors. */
struct ol_ytree *ol_yaml_parse(const char *text, size_t len, size_t base,
                               struct ol_ynode **root, char **err_msg,
                               size_t *err_off);
void ol_yaml_free(struct ol_ytree *t); /* NULL is a no-op */

/* The value of key in mapping m, or NULL (m NULL or not a mapping too). */
const struct ol_ynode *ol_ynode_get(const struct ol_ynode *m, const char *key);
/* The key node of key in mapping m, or NULL. */
const struct ol_ynode *ol_ynode_key(const struct ol_ynode *m, const char *key);
/* Scalar helpers: true and *out set if n is a scalar of that type. */
bool ol_ynode_int(const struct ol_ynode *n, long *out);
const char *ol_ynode_str(const struct ol_ynode *n); /* NULL if not a scalar */

#endif
