/* engine/baseline.c: writing, reading (a tiny strict JSON reader for
 * exactly the baseline format) and applying baselines. */
#include "baseline.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/base.h"
#include "../diag/fingerprint.h"

struct entry {
	char fp[17];
	char *rule; /* owned; NULL when loaded (only the fingerprint counts) */
	char *path; /* owned; NULL when loaded */
};

struct ol_baseline {
	char (*fp)[17]; /* sorted */
	size_t n, cap;
};

/* Writing. */

static void put_str(struct ol_buf *b, const char *s)
{
	ol_buf_addc(b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			ol_buf_addc(b, '\\');
			ol_buf_addc(b, (char)c);
		} else if (c == '\n') {
			ol_buf_adds(b, "\\n");
		} else if (c == '\t') {
			ol_buf_adds(b, "\\t");
		} else if (c < 0x20 || c == 0x7f) {
			ol_buf_printf(b, "\\u%04x", c);
		} else {
			ol_buf_addc(b, (char)c);
		}
	}
	ol_buf_addc(b, '"');
}

static int cmp_entry(const void *pa, const void *pb)
{
	const struct entry *a = pa, *b = pb;
	int c = strcmp(a->path, b->path);
	if (!c)
		c = strcmp(a->rule, b->rule);
	if (!c)
		c = strcmp(a->fp, b->fp);
	return c;
}

int ol_baseline_write(const char *path, const struct ol_report *rep, char **err)
{
	struct entry *v = NULL;
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < rep->n; i++) {
		const struct ol_file_result *r = &rep->files[i];
		for (size_t k = 0; k < r->findings.n; k++) {
			ol_xgrow(&v, &cap, n + 1, sizeof(*v));
			ol_fingerprint(&r->findings.v[k], r->path, r->src, v[n].fp);
			v[n].rule = r->findings.v[k].rule;
			v[n].path = r->path;
			n++;
		}
	}
	if (n)
		qsort(v, n, sizeof(*v), cmp_entry);
	struct ol_buf b;
	ol_buf_init(&b);
	ol_buf_adds(&b, "{\n  \"version\": 1,\n  \"findings\": [");
	for (size_t i = 0; i < n; i++) {
		ol_buf_adds(&b, i ? ",\n    {\"fingerprint\": " : "\n    {\"fingerprint\": ");
		put_str(&b, v[i].fp);
		ol_buf_adds(&b, ", \"rule\": ");
		put_str(&b, v[i].rule);
		ol_buf_adds(&b, ", \"path\": ");
		put_str(&b, v[i].path);
		ol_buf_addc(&b, '}');
	}
	ol_buf_adds(&b, n ? "\n  ]\n}\n" : "]\n}\n");
	free(v);

	/* write a sibling and rename it, so that a failed write never leaves
	 * half a baseline behind */
	char *tmp = ol_xasprintf("%s.tmp", path);
	int rc = -1;
	FILE *f = fopen(tmp, "wb");
	if (!f) {
		*err = ol_xasprintf("%s: error: %s", path, strerror(errno));
	} else {
		bool ok = fwrite(b.data, 1, b.len, f) == b.len;
		int e = errno;
		if (fclose(f) != 0 && ok) {
			ok = false;
			e = errno;
		}
		if (!ok) {
			*err = ol_xasprintf("%s: error: %s", path, strerror(e));
			remove(tmp);
		} else if (rename(tmp, path) != 0) {
			*err = ol_xasprintf("%s: error: %s", path, strerror(errno));
			remove(tmp);
		} else {
			rc = 0;
		}
	}
	free(tmp);
	ol_buf_fini(&b);
	return rc;
}

/* Reading. */

struct reader {
	const char *name;  /* for messages */
	const char *s;
	size_t len, pos;
	char *err;         /* first error; owned */
};

static void fail(struct reader *r, size_t at, const char *msg)
{
	if (r->err)
		return;
	size_t line = 1, col = 1;
	for (size_t i = 0; i < at && i < r->len; i++) {
		if (r->s[i] == '\n') {
			line++;
			col = 1;
		} else if (((unsigned char)r->s[i] & 0xC0) != 0x80) {
			col++; /* columns count code points */
		}
	}
	r->err = ol_xasprintf("%s:%zu:%zu: error: %s", r->name, line, col, msg);
}

static void skip_ws(struct reader *r)
{
	while (r->pos < r->len && strchr(" \t\r\n", r->s[r->pos]) && r->s[r->pos])
		r->pos++;
}

/* Expects character c after white space. */
static bool expect(struct reader *r, char c, const char *what)
{
	skip_ws(r);
	if (r->pos < r->len && r->s[r->pos] == c) {
		r->pos++;
		return true;
	}
	char *m = ol_xasprintf("„%c“ erwartet %s", c, what);
	fail(r, r->pos, m);
	free(m);
	return false;
}

static bool peek(struct reader *r, char c)
{
	skip_ws(r);
	return r->pos < r->len && r->s[r->pos] == c;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool hex4(struct reader *r, size_t at, uint32_t *out)
{
	if (at + 4 > r->len)
		return false;
	uint32_t v = 0;
	for (size_t i = 0; i < 4; i++) {
		int h = hexval(r->s[at + i]);
		if (h < 0)
			return false;
		v = v * 16 + (uint32_t)h;
	}
	*out = v;
	return true;
}

/* string := '"' (char | escape)* '"'; returns a malloc'd string or NULL. */
static char *string(struct reader *r)
{
	skip_ws(r);
	if (r->pos >= r->len || r->s[r->pos] != '"') {
		fail(r, r->pos, "Zeichenkette erwartet");
		return NULL;
	}
	size_t open = r->pos++;
	struct ol_buf b;
	ol_buf_init(&b);
	ol_buf_adds(&b, "");
	for (;;) {
		if (r->pos >= r->len) {
			fail(r, open, "Zeichenkette wird nicht geschlossen");
			break;
		}
		unsigned char c = (unsigned char)r->s[r->pos];
		if (c == '"') {
			r->pos++;
			return ol_buf_detach(&b);
		}
		if (c < 0x20) {
			fail(r, r->pos, "Steuerzeichen in einer Zeichenkette");
			break;
		}
		if (c != '\\') {
			ol_buf_addc(&b, (char)c);
			r->pos++;
			continue;
		}
		size_t esc = r->pos++;
		char e = r->pos < r->len ? r->s[r->pos++] : 0;
		const char *simple = strchr("\"\\/bfnrt", e);
		if (e && simple) {
			static const char out[] = "\"\\/\b\f\n\r\t";
			ol_buf_addc(&b, out[simple - "\"\\/bfnrt"]);
			continue;
		}
		uint32_t cp;
		if (e != 'u' || !hex4(r, r->pos, &cp)) {
			fail(r, esc, "ungültige Escape-Sequenz");
			break;
		}
		r->pos += 4;
		if (cp >= 0xD800 && cp <= 0xDBFF) {
			uint32_t lo;
			if (r->pos + 6 <= r->len && r->s[r->pos] == '\\' && r->s[r->pos + 1] == 'u' &&
			    hex4(r, r->pos + 2, &lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				r->pos += 6;
			} else {
				fail(r, esc, "einzelnes UTF-16-Surrogat");
				break;
			}
		} else if (cp >= 0xDC00 && cp <= 0xDFFF) {
			fail(r, esc, "einzelnes UTF-16-Surrogat");
			break;
		}
		if (cp == 0) {
			fail(r, esc, "NUL in einer Zeichenkette");
			break;
		}
		char u[4];
		ol_buf_add(&b, u, ol_utf8_encode(cp, u));
	}
	ol_buf_fini(&b);
	return NULL;
}

static bool is_fp(const char *s)
{
	if (strlen(s) != 16)
		return false;
	for (size_t i = 0; i < 16; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

static void add_fp(struct ol_baseline *b, const char *fp)
{
	ol_xgrow(&b->fp, &b->cap, b->n + 1, sizeof(*b->fp));
	memcpy(b->fp[b->n++], fp, 17);
}

/* entry := '{' member (',' member)* '}'
 * member := "fingerprint" ':' string | "rule" ':' string | "path" ':' string */
static bool entry(struct reader *r, struct ol_baseline *b)
{
	size_t open = r->pos;
	if (!expect(r, '{', "(Eintrag der Liste „findings“)"))
		return false;
	bool seen[3] = {false, false, false};
	static const char *const keys[3] = {"fingerprint", "rule", "path"};
	char fp[17] = "";
	do {
		size_t at = (skip_ws(r), r->pos);
		char *key = string(r);
		if (!key)
			return false;
		int k = -1;
		for (int i = 0; i < 3; i++)
			if (strcmp(key, keys[i]) == 0)
				k = i;
		free(key);
		if (k < 0) {
			fail(r, at, "unbekannter Schlüssel (erlaubt: fingerprint, rule, path)");
			return false;
		}
		if (seen[k]) {
			fail(r, at, "Schlüssel doppelt");
			return false;
		}
		seen[k] = true;
		if (!expect(r, ':', "nach dem Schlüssel"))
			return false;
		at = (skip_ws(r), r->pos);
		char *val = string(r);
		if (!val)
			return false;
		if (k == 0) {
			if (!is_fp(val)) {
				free(val);
				fail(r, at, "Fingerabdruck muss aus 16 Hexadezimalziffern (klein) bestehen");
				return false;
			}
			memcpy(fp, val, 17);
		}
		free(val);
	} while (peek(r, ',') && (r->pos++, true));
	if (!expect(r, '}', "(Ende des Eintrags)"))
		return false;
	if (!seen[0]) {
		fail(r, open, "Eintrag ohne „fingerprint“");
		return false;
	}
	add_fp(b, fp);
	return true;
}

/* doc := '{' "version" ':' 1 ',' "findings" ':' '[' (entry (',' entry)*)? ']' '}'
 * (the two keys in any order, each exactly once) */
static bool document(struct reader *r, struct ol_baseline *b)
{
	if (!expect(r, '{', "(Baseline-Datei ist ein JSON-Objekt)"))
		return false;
	bool version = false, findings = false;
	do {
		size_t at = (skip_ws(r), r->pos);
		char *key = string(r);
		if (!key)
			return false;
		bool is_v = strcmp(key, "version") == 0, is_f = strcmp(key, "findings") == 0;
		free(key);
		if (!is_v && !is_f) {
			fail(r, at, "unbekannter Schlüssel (erlaubt: version, findings)");
			return false;
		}
		if ((is_v && version) || (is_f && findings)) {
			fail(r, at, "Schlüssel doppelt");
			return false;
		}
		if (!expect(r, ':', "nach dem Schlüssel"))
			return false;
		skip_ws(r);
		if (is_v) {
			version = true;
			if (r->pos < r->len && r->s[r->pos] == '1' &&
			    (r->pos + 1 >= r->len || !strchr("0123456789.eE", r->s[r->pos + 1]) ||
			     !r->s[r->pos + 1])) {
				r->pos++;
			} else {
				fail(r, r->pos, "nicht unterstützte Version (erwartet: 1)");
				return false;
			}
		} else {
			findings = true;
			if (!expect(r, '[', "(Liste „findings“)"))
				return false;
			if (!peek(r, ']'))
				do {
					if (!entry(r, b))
						return false;
				} while (peek(r, ',') && (r->pos++, true));
			if (!expect(r, ']', "(Ende der Liste „findings“)"))
				return false;
		}
	} while (peek(r, ',') && (r->pos++, true));
	if (!expect(r, '}', "(Ende des Objekts)"))
		return false;
	skip_ws(r);
	if (r->pos < r->len) {
		fail(r, r->pos, "Text nach dem Ende des JSON-Objekts");
		return false;
	}
	if (!version || !findings) {
		fail(r, 0, !version ? "Schlüssel „version“ fehlt" : "Schlüssel „findings“ fehlt");
		return false;
	}
	return true;
}

static int cmp_fp(const void *a, const void *b)
{
	return strcmp(a, b);
}

struct ol_baseline *ol_baseline_parse(const char *name, const char *text, size_t len, char **err)
{
	struct reader r = {name, text, len, 0, NULL};
	size_t bad;
	if (!ol_utf8_valid(text, len, &bad))
		fail(&r, bad, "ungültiges UTF-8");
	else if (memchr(text, '\0', len))
		fail(&r, (size_t)((const char *)memchr(text, '\0', len) - text), "NUL-Byte");
	struct ol_baseline *b = ol_xcalloc(1, sizeof(*b));
	if (r.err || !document(&r, b)) {
		*err = r.err;
		ol_baseline_free(b);
		return NULL;
	}
	if (b->n)
		qsort(b->fp, b->n, sizeof(*b->fp), cmp_fp);
	return b;
}

struct ol_baseline *ol_baseline_load(const char *path, char **err)
{
	char *data;
	size_t len;
	if (ol_read_file(path, &data, &len) != 0) {
		*err = ol_xasprintf("%s: error: %s", path, strerror(errno));
		return NULL;
	}
	struct ol_baseline *b = ol_baseline_parse(path, data, len, err);
	free(data);
	return b;
}

size_t ol_baseline_size(const struct ol_baseline *b)
{
	return b ? b->n : 0;
}

void ol_baseline_free(struct ol_baseline *b)
{
	if (!b)
		return;
	free(b->fp);
	free(b);
}

static void finding_fini(struct ol_finding *f)
{
	free(f->rule);
	free(f->message);
	free(f->cite);
	free(f->hint);
	free(f->fix);
	free(f->context);
}

void ol_baseline_filter(const struct ol_baseline *b, struct ol_report *rep)
{
	if (!b || b->n == 0)
		return;
	bool *used = ol_xcalloc(b->n, sizeof(*used));
	for (size_t i = 0; i < rep->n; i++) {
		struct ol_file_result *r = &rep->files[i];
		size_t w = 0;
		for (size_t k = 0; k < r->findings.n; k++) {
			struct ol_finding *f = &r->findings.v[k];
			char fp[17];
			ol_fingerprint(f, r->path, r->src, fp);
			/* the first entry equal to fp, then the first unused one of
			 * that run: each entry hides one finding (a multiset) */
			size_t lo = 0, hi = b->n;
			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;
				if (strcmp(b->fp[mid], fp) < 0)
					lo = mid + 1;
				else
					hi = mid;
			}
			bool drop = false;
			for (size_t j = lo; j < b->n && strcmp(b->fp[j], fp) == 0; j++)
				if (!used[j]) {
					used[j] = true;
					drop = true;
					break;
				}
			if (drop)
				finding_fini(f);
			else
				r->findings.v[w++] = *f;
		}
		r->findings.n = w;
	}
	free(used);
}
