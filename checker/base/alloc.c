/* base/alloc.c: allocation that never returns NULL, buffers and arenas. */
#include "base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(void)
{
	fputs("outlint: out of memory\n", stderr);
	_Exit(2);
}

void *ol_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *ol_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *ol_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom();
	return q;
}

void ol_xgrow(void *vp, size_t *cap, size_t need, size_t elem)
{
	void **v = vp;
	if (need <= *cap)
		return;
	size_t nc = *cap ? *cap * 2 : 8;
	while (nc < need)
		nc *= 2;
	if (nc > SIZE_MAX / elem)
		oom();
	*v = ol_xrealloc(*v, nc * elem);
	memset((char *)*v + *cap * elem, 0, (nc - *cap) * elem);
	*cap = nc;
}

char *ol_xstrdup(const char *s)
{
	return ol_xstrndup(s, strlen(s));
}

char *ol_xstrndup(const char *s, size_t n)
{
	char *p = ol_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *ol_xasprintf(const char *fmt, ...)
{
	struct ol_buf b;
	va_list ap;
	ol_buf_init(&b);
	va_start(ap, fmt);
	ol_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return ol_buf_detach(&b);
}

void ol_buf_init(struct ol_buf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
}

void ol_buf_fini(struct ol_buf *b)
{
	free(b->data);
	ol_buf_init(b);
}

static void buf_reserve(struct ol_buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t nc = b->cap ? b->cap * 2 : 64;
	while (nc < b->len + extra + 1)
		nc *= 2;
	b->data = ol_xrealloc(b->data, nc);
	b->cap = nc;
}

void ol_buf_add(struct ol_buf *b, const char *s, size_t n)
{
	buf_reserve(b, n);
	if (n)
		memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void ol_buf_adds(struct ol_buf *b, const char *s)
{
	ol_buf_add(b, s, strlen(s));
}

void ol_buf_addc(struct ol_buf *b, char c)
{
	ol_buf_add(b, &c, 1);
}

void ol_buf_vprintf(struct ol_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	buf_reserve(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void ol_buf_printf(struct ol_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ol_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

char *ol_buf_detach(struct ol_buf *b)
{
	char *p = b->data ? b->data : ol_xstrdup("");
	ol_buf_init(b);
	return p;
}

/* Arena: a chain of blocks; big requests get a block of their own. */
struct arena_block {
	struct arena_block *next;
	size_t used, size;
	max_align_t data[];
};

struct ol_arena {
	struct arena_block *head;
};

struct ol_arena *ol_arena_new(void)
{
	return ol_xcalloc(1, sizeof(struct ol_arena));
}

void ol_arena_free(struct ol_arena *a)
{
	if (!a)
		return;
	struct arena_block *b = a->head;
	while (b) {
		struct arena_block *n = b->next;
		free(b);
		b = n;
	}
	free(a);
}

void *ol_arena_alloc(struct ol_arena *a, size_t n)
{
	const size_t align = sizeof(max_align_t);
	n = (n + align - 1) / align * align;
	if (n == 0)
		n = align;
	struct arena_block *b = a->head;
	if (!b || b->size - b->used < n) {
		size_t size = n > 16384 ? n : 16384;
		b = ol_xmalloc(sizeof(*b) + size);
		b->used = 0;
		b->size = size;
		b->next = a->head;
		a->head = b;
	}
	void *p = (char *)b->data + b->used;
	b->used += n;
	memset(p, 0, n);
	return p;
}

char *ol_arena_strndup(struct ol_arena *a, const char *s, size_t n)
{
	char *p = ol_arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *ol_arena_strdup(struct ol_arena *a, const char *s)
{
	return ol_arena_strndup(a, s, strlen(s));
}
