/* content/yaml.c: libyaml's event stream → a tree of ol_ynode in an arena.
 *
 * libyaml's marks count characters (code points; CRLF is two), not bytes,
 * so every mark goes through a cursor that walks the UTF-8 of the text we
 * passed. Events arrive in text order, so the cursor moves forward almost
 * always and the conversion costs O(text) for the whole parse. */
#include "yaml.h"

#include "../base/base.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#define YAML_MAX_DEPTH 64
#define YAML_MAX_NODES 100000

struct ol_ytree {
	struct ol_arena *arena; /* every node, item array and string */
};

/* Maps libyaml's character indexes to byte offsets of text. */
struct cursor {
	const char *text;
	size_t len;
	size_t ci; /* character index of … */
	size_t bi; /* … this byte offset */
};

static size_t cursor_byte(struct cursor *c, size_t ci)
{
	while (c->ci < ci && c->bi < c->len) {
		uint32_t cp;
		size_t l = ol_utf8_decode(c->text + c->bi, c->len - c->bi, &cp);
		c->bi += l ? l : 1;
		c->ci++;
	}
	while (c->ci > ci && c->bi > 0) {
		c->bi--;
		while (c->bi > 0 && ((unsigned char)c->text[c->bi] & 0xC0) == 0x80)
			c->bi--;
		c->ci--;
	}
	return c->bi;
}

/* An anchor name and the finished node it names. */
struct anchor {
	char *name; /* in the arena */
	struct ol_ynode *node;
};

/* An open collection: its node and where its items begin on the item stack. */
struct open_coll {
	struct ol_ynode *node;
	size_t base;
	char *anchor; /* registered when the collection ends, so no cycles */
};

/* All state of one parse. */
struct builder {
	struct ol_ytree *tree;
	struct cursor cur;
	size_t base;               /* file offset of text[0] */
	struct ol_ynode **items;   /* children of open collections, in order */
	size_t nitems, capitems;
	struct open_coll *open;    /* stack of open collections */
	size_t nopen, capopen;
	struct anchor *anchors;
	size_t nanchors, capanchors;
	size_t nnodes;             /* nodes plus alias references so far */
	size_t last_end;           /* file offset where the last complete node ended */
	struct ol_ynode *root;
	size_t ndocs;
	char *err;                 /* malloc'd; set on the first error */
	size_t err_off;
};

static size_t mark_off(struct builder *b, yaml_mark_t m)
{
	return b->base + cursor_byte(&b->cur, m.index);
}

static void fail(struct builder *b, size_t off, const char *msg)
{
	if (b->err)
		return;
	b->err = ol_xstrdup(msg);
	b->err_off = off;
}

static struct ol_ynode *find_anchor(const struct builder *b, const char *name)
{
	/* latest definition wins: YAML allows redefining an anchor */
	for (size_t i = b->nanchors; i-- > 0;)
		if (strcmp(b->anchors[i].name, name) == 0)
			return b->anchors[i].node;
	return NULL;
}

static void add_anchor(struct builder *b, const char *name, struct ol_ynode *n)
{
	if (!name)
		return;
	ol_xgrow(&b->anchors, &b->capanchors, b->nanchors + 1, sizeof(*b->anchors));
	b->anchors[b->nanchors].name = ol_arena_strdup(b->tree->arena, name);
	b->anchors[b->nanchors].node = n;
	b->nanchors++;
}

/* Attaches n to the open collection (or makes it the root). Mapping keys
 * must be scalars: the tree promises items[2i] is one. */
static bool attach(struct builder *b, struct ol_ynode *n, size_t off)
{
	if (++b->nnodes > YAML_MAX_NODES) {
		fail(b, off, "too many nodes (more than 100000)");
		return false;
	}
	if (b->nopen == 0) {
		if (b->root) {
			fail(b, off, "more than one root node");
			return false;
		}
		b->root = n;
		return true;
	}
	struct open_coll *oc = &b->open[b->nopen - 1];
	if (oc->node->kind == OL_Y_MAP && (b->nitems - oc->base) % 2 == 0 &&
	    n->kind != OL_Y_SCALAR) {
		fail(b, off, "mapping keys must be scalars");
		return false;
	}
	ol_xgrow(&b->items, &b->capitems, b->nitems + 1, sizeof(*b->items));
	b->items[b->nitems++] = n;
	return true;
}

static struct ol_ynode *new_node(struct builder *b, enum ol_ynode_kind k,
                                 const yaml_event_t *ev)
{
	struct ol_ynode *n = ol_arena_alloc(b->tree->arena, sizeof(*n));
	n->kind = k;
	n->start = mark_off(b, ev->start_mark);
	n->end = mark_off(b, ev->end_mark);
	return n;
}

static bool open_coll(struct builder *b, enum ol_ynode_kind k, const yaml_event_t *ev,
                      const yaml_char_t *anchor)
{
	struct ol_ynode *n = new_node(b, k, ev);
	if (b->nopen >= YAML_MAX_DEPTH) {
		fail(b, n->start, "nesting deeper than 64 levels");
		return false;
	}
	if (!attach(b, n, n->start))
		return false;
	ol_xgrow(&b->open, &b->capopen, b->nopen + 1, sizeof(*b->open));
	b->open[b->nopen].node = n;
	b->open[b->nopen].base = b->nitems;
	b->open[b->nopen].anchor =
		anchor ? ol_arena_strdup(b->tree->arena, (const char *)anchor) : NULL;
	b->nopen++;
	return true;
}

static void close_coll(struct builder *b, const yaml_event_t *ev)
{
	if (b->nopen == 0)
		return;
	struct open_coll *oc = &b->open[--b->nopen];
	struct ol_ynode *n = oc->node;
	n->n = b->nitems - oc->base;
	if (n->n) {
		n->items = ol_arena_alloc(b->tree->arena, n->n * sizeof(*n->items));
		memcpy(n->items, b->items + oc->base, n->n * sizeof(*n->items));
	}
	b->nitems = oc->base;
	if (n->kind == OL_Y_MAP)
		n->n /= 2; /* a complete mapping always has pairs */
	/* the end event of a flow collection is its closing bracket; that of a
	 * block collection is an empty token where the next one begins (after
	 * blank lines and comments), so there the last item's end is used */
	size_t end = mark_off(b, ev->end_mark);
	if (ev->end_mark.index == ev->start_mark.index && n->n)
		end = b->last_end;
	n->end = end < n->start ? n->start : end;
	b->last_end = n->end;
	add_anchor(b, oc->anchor, n);
}

static void on_event(struct builder *b, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++b->ndocs > 1)
			fail(b, mark_off(b, ev->start_mark), "more than one document");
		break;
	case YAML_SCALAR_EVENT: {
		struct ol_ynode *n = new_node(b, OL_Y_SCALAR, ev);
		n->len = ev->data.scalar.length;
		n->str = ol_arena_strndup(b->tree->arena, (const char *)ev->data.scalar.value, n->len);
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		b->last_end = n->end;
		if (attach(b, n, n->start))
			add_anchor(b, (const char *)ev->data.scalar.anchor, n);
		break;
	}
	case YAML_ALIAS_EVENT: {
		size_t off = mark_off(b, ev->start_mark);
		struct ol_ynode *n = find_anchor(b, (const char *)ev->data.alias.anchor);
		if (!n) {
			fail(b, off, "found undefined alias");
			break;
		}
		attach(b, n, off); /* shared, not copied */
		b->last_end = mark_off(b, ev->end_mark);
		break;
	}
	case YAML_SEQUENCE_START_EVENT:
		open_coll(b, OL_Y_SEQ, ev, ev->data.sequence_start.anchor);
		break;
	case YAML_MAPPING_START_EVENT:
		open_coll(b, OL_Y_MAP, ev, ev->data.mapping_start.anchor);
		break;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		close_coll(b, ev);
		break;
	default:
		break;
	}
}

static void parser_error(struct builder *b, const yaml_parser_t *p)
{
	size_t off;
	if (p->error == YAML_READER_ERROR) /* the reader counts bytes */
		off = b->base + (p->problem_offset < b->cur.len ? p->problem_offset : b->cur.len);
	else
		off = mark_off(b, p->problem_mark);
	char *msg;
	const char *problem = p->problem ? p->problem : "syntax error";
	if (p->context)
		msg = ol_xasprintf("%s %s", problem, p->context);
	else
		msg = ol_xstrdup(problem);
	fail(b, off, msg);
	free(msg);
}

struct ol_ytree *ol_yaml_parse(const char *text, size_t len, size_t base,
                               struct ol_ynode **root, char **err_msg,
                               size_t *err_off)
{
	struct builder b;
	memset(&b, 0, sizeof(b));
	b.tree = ol_xcalloc(1, sizeof(*b.tree));
	b.tree->arena = ol_arena_new();
	b.cur.text = text;
	b.cur.len = len;
	b.base = base;
	*root = NULL;
	if (err_msg)
		*err_msg = NULL;
	if (err_off)
		*err_off = base;

	yaml_parser_t p;
	if (!yaml_parser_initialize(&p)) {
		fail(&b, base, "cannot initialise the YAML parser");
	} else {
		yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
		yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
		for (;;) {
			yaml_event_t ev;
			if (!yaml_parser_parse(&p, &ev)) {
				parser_error(&b, &p);
				break;
			}
			on_event(&b, &ev);
			bool done = ev.type == YAML_STREAM_END_EVENT;
			yaml_event_delete(&ev);
			if (done || b.err)
				break;
		}
		yaml_parser_delete(&p);
	}
	free(b.items);
	free(b.open);
	free(b.anchors);
	if (b.err) {
		if (err_msg)
			*err_msg = b.err;
		else
			free(b.err);
		if (err_off)
			*err_off = b.err_off;
		ol_yaml_free(b.tree);
		return NULL;
	}
	*root = b.root;
	return b.tree;
}

void ol_yaml_free(struct ol_ytree *t)
{
	if (!t)
		return;
	ol_arena_free(t->arena);
	free(t);
}

static const struct ol_ynode *find_pair(const struct ol_ynode *m, const char *key, bool want_key)
{
	if (!m || m->kind != OL_Y_MAP || !key)
		return NULL;
	for (size_t i = 0; i < m->n; i++) {
		const struct ol_ynode *k = m->items[2 * i];
		if (k->kind == OL_Y_SCALAR && k->str && strcmp(k->str, key) == 0)
			return want_key ? k : m->items[2 * i + 1];
	}
	return NULL;
}

const struct ol_ynode *ol_ynode_get(const struct ol_ynode *m, const char *key)
{
	return find_pair(m, key, false);
}

const struct ol_ynode *ol_ynode_key(const struct ol_ynode *m, const char *key)
{
	return find_pair(m, key, true);
}

bool ol_ynode_int(const struct ol_ynode *n, long *out)
{
	if (!n || n->kind != OL_Y_SCALAR || !n->plain || !n->str || n->len == 0)
		return false;
	if (strlen(n->str) != n->len)
		return false;
	const char *s = n->str;
	int sign = 1;
	if (*s == '+' || *s == '-') {
		sign = *s == '-' ? -1 : 1;
		s++;
	}
	int radix = 10;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		radix = 16;
		s += 2;
	} else if (s[0] == '0' && (s[1] == 'o' || s[1] == 'O')) {
		radix = 8;
		s += 2;
	}
	if (!*s)
		return false;
	for (const char *q = s; *q; q++) {
		int d;
		if (*q >= '0' && *q <= '9')
			d = *q - '0';
		else if (*q >= 'a' && *q <= 'f')
			d = *q - 'a' + 10;
		else if (*q >= 'A' && *q <= 'F')
			d = *q - 'A' + 10;
		else
			return false;
		if (d >= radix)
			return false;
	}
	errno = 0;
	char *end;
	unsigned long long v = strtoull(s, &end, radix);
	if (errno == ERANGE || *end)
		return false;
	if (sign > 0) {
		if (v > (unsigned long long)LONG_MAX)
			return false;
		*out = (long)v;
	} else {
		if (v > (unsigned long long)LONG_MAX + 1ULL)
			return false;
		*out = v == (unsigned long long)LONG_MAX + 1ULL ? LONG_MIN : -(long)v;
	}
	return true;
}

const char *ol_ynode_str(const struct ol_ynode *n)
{
	if (!n || n->kind != OL_Y_SCALAR)
		return NULL;
	return n->str;
}
