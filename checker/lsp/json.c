/* json: recursive descent with an explicit depth bound; see json.h. */
#include "json.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reader state. */
struct jp {
	const char *s;    /* the input */
	size_t n;         /* its length */
	size_t i;         /* the next byte to read */
	const char *err;  /* first error, static text */
};

static struct ol_json *parse_value(struct jp *p, int depth);

static void skip_ws(struct jp *p)
{
	while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' ||
	                       p->s[p->i] == '\n' || p->s[p->i] == '\r'))
		p->i++;
}

static struct ol_json *fail(struct jp *p, const char *msg)
{
	if (!p->err)
		p->err = msg;
	return NULL;
}

static int hex4(const char *s, uint32_t *out)
{
	uint32_t v = 0;
	for (int k = 0; k < 4; k++) {
		char c = s[k];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (uint32_t)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

/* string = '"' chars '"'; p->i is at the opening quote. */
static int parse_string(struct jp *p, struct ol_buf *out)
{
	p->i++;
	for (;;) {
		if (p->i >= p->n) {
			fail(p, "unterminated string");
			return -1;
		}
		unsigned char c = (unsigned char)p->s[p->i];
		if (c == '"') {
			p->i++;
			if (!out->data)
				ol_buf_add(out, "", 0);
			return 0;
		}
		if (c < 0x20) {
			fail(p, "control character in string");
			return -1;
		}
		if (c == '\\') {
			if (p->i + 1 >= p->n) {
				fail(p, "unterminated escape");
				return -1;
			}
			char e = p->s[p->i + 1];
			p->i += 2;
			switch (e) {
			case '"': ol_buf_addc(out, '"'); break;
			case '\\': ol_buf_addc(out, '\\'); break;
			case '/': ol_buf_addc(out, '/'); break;
			case 'b': ol_buf_addc(out, '\b'); break;
			case 'f': ol_buf_addc(out, '\f'); break;
			case 'n': ol_buf_addc(out, '\n'); break;
			case 'r': ol_buf_addc(out, '\r'); break;
			case 't': ol_buf_addc(out, '\t'); break;
			case 'u': {
				uint32_t cp, lo;
				if (p->n - p->i < 4 || hex4(p->s + p->i, &cp) < 0) {
					fail(p, "bad \\u escape");
					return -1;
				}
				p->i += 4;
				if (cp >= 0xDC00 && cp <= 0xDFFF) {
					fail(p, "lone low surrogate");
					return -1;
				}
				if (cp >= 0xD800 && cp <= 0xDBFF) {
					if (p->n - p->i < 6 || p->s[p->i] != '\\' ||
					    p->s[p->i + 1] != 'u' ||
					    hex4(p->s + p->i + 2, &lo) < 0 ||
					    lo < 0xDC00 || lo > 0xDFFF) {
						fail(p, "lone high surrogate");
						return -1;
					}
					p->i += 6;
					cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				}
				char enc[4];
				ol_buf_add(out, enc, ol_utf8_encode(cp, enc));
				break;
			}
			default:
				fail(p, "bad escape");
				return -1;
			}
			continue;
		}
		if (c < 0x80) {
			ol_buf_addc(out, (char)c);
			p->i++;
			continue;
		}
		uint32_t cp;
		size_t k = ol_utf8_decode(p->s + p->i, p->n - p->i, &cp);
		if (k == 0) {
			fail(p, "invalid UTF-8");
			return -1;
		}
		ol_buf_add(out, p->s + p->i, k);
		p->i += k;
	}
}

/* number = '-'? int frac? exp? (RFC 8259); checked before strtod so that
 * "inf", "0x10" and the like are rejected. */
static struct ol_json *parse_number(struct jp *p)
{
	size_t st = p->i, i = p->i;
	const char *s = p->s;
	if (i < p->n && s[i] == '-')
		i++;
	if (i < p->n && s[i] == '0')
		i++;
	else if (i < p->n && s[i] >= '1' && s[i] <= '9')
		while (i < p->n && s[i] >= '0' && s[i] <= '9')
			i++;
	else
		return fail(p, "bad number");
	if (i < p->n && s[i] == '.') {
		i++;
		if (i >= p->n || s[i] < '0' || s[i] > '9')
			return fail(p, "bad number");
		while (i < p->n && s[i] >= '0' && s[i] <= '9')
			i++;
	}
	if (i < p->n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < p->n && (s[i] == '+' || s[i] == '-'))
			i++;
		if (i >= p->n || s[i] < '0' || s[i] > '9')
			return fail(p, "bad number");
		while (i < p->n && s[i] >= '0' && s[i] <= '9')
			i++;
	}
	if (i - st > 64)
		return fail(p, "number too long");
	char tmp[72];
	memcpy(tmp, s + st, i - st);
	tmp[i - st] = 0;
	struct ol_json *v = ol_xcalloc(1, sizeof(*v));
	v->type = OL_JSON_NUMBER;
	v->num = strtod(tmp, NULL);
	p->i = i;
	return v;
}

static bool lit(struct jp *p, const char *w)
{
	size_t k = strlen(w);
	if (p->n - p->i >= k && memcmp(p->s + p->i, w, k) == 0) {
		p->i += k;
		return true;
	}
	return false;
}

/* array = '[' (value (',' value)*)? ']'; object likewise with "key": value. */
static struct ol_json *parse_container(struct jp *p, int depth, bool obj)
{
	char close = obj ? '}' : ']';
	struct ol_json *v = ol_xcalloc(1, sizeof(*v));
	v->type = obj ? OL_JSON_OBJECT : OL_JSON_ARRAY;
	struct ol_json **tail = &v->child;
	p->i++;
	skip_ws(p);
	if (p->i < p->n && p->s[p->i] == close) {
		p->i++;
		return v;
	}
	for (;;) {
		struct ol_buf key;
		ol_buf_init(&key);
		skip_ws(p);
		if (obj) {
			if (p->i >= p->n || p->s[p->i] != '"' || parse_string(p, &key) < 0) {
				ol_buf_fini(&key);
				fail(p, "object key expected");
				goto bad;
			}
			skip_ws(p);
			if (p->i >= p->n || p->s[p->i] != ':') {
				ol_buf_fini(&key);
				fail(p, "':' expected");
				goto bad;
			}
			p->i++;
		}
		struct ol_json *m = parse_value(p, depth + 1);
		if (!m) {
			ol_buf_fini(&key);
			goto bad;
		}
		if (obj) {
			m->keylen = key.len;
			m->key = ol_buf_detach(&key);
		}
		*tail = m;
		tail = &m->next;
		skip_ws(p);
		if (p->i < p->n && p->s[p->i] == ',') {
			p->i++;
			continue;
		}
		if (p->i < p->n && p->s[p->i] == close) {
			p->i++;
			return v;
		}
		fail(p, obj ? "',' or '}' expected" : "',' or ']' expected");
		goto bad;
	}
bad:
	ol_json_free(v);
	return NULL;
}

static struct ol_json *parse_value(struct jp *p, int depth)
{
	if (depth >= OL_JSON_MAX_DEPTH)
		return fail(p, "nesting too deep");
	skip_ws(p);
	if (p->i >= p->n)
		return fail(p, "value expected");
	char c = p->s[p->i];
	if (c == '{' || c == '[')
		return parse_container(p, depth, c == '{');
	if (c == '"') {
		struct ol_buf b;
		ol_buf_init(&b);
		if (parse_string(p, &b) < 0) {
			ol_buf_fini(&b);
			return NULL;
		}
		struct ol_json *v = ol_xcalloc(1, sizeof(*v));
		v->type = OL_JSON_STRING;
		v->len = b.len;
		v->str = ol_buf_detach(&b);
		return v;
	}
	if (c == '-' || (c >= '0' && c <= '9'))
		return parse_number(p);
	struct ol_json *v = NULL;
	if (lit(p, "true") || lit(p, "false")) {
		v = ol_xcalloc(1, sizeof(*v));
		v->type = OL_JSON_BOOL;
		v->b = p->s[p->i - 1] == 'e' && p->s[p->i - 2] == 'u';
	} else if (lit(p, "null")) {
		v = ol_xcalloc(1, sizeof(*v));
		v->type = OL_JSON_NULL;
	} else {
		return fail(p, "unexpected character");
	}
	return v;
}

struct ol_json *ol_json_parse(const char *text, size_t len, const char **err)
{
	struct jp p = {text, len, 0, NULL};
	struct ol_json *v = NULL;
	if (len > OL_JSON_MAX_SIZE)
		fail(&p, "input too large");
	else
		v = parse_value(&p, 0);
	if (v) {
		skip_ws(&p);
		if (p.i != p.n) {
			ol_json_free(v);
			v = fail(&p, "trailing data after value");
		}
	}
	if (!v && err)
		*err = p.err ? p.err : "parse error";
	return v;
}

void ol_json_free(struct ol_json *v)
{
	/* siblings iteratively; children recurse, bounded by the depth limit */
	while (v) {
		struct ol_json *next = v->next;
		ol_json_free(v->child);
		free(v->str);
		free(v->key);
		free(v);
		v = next;
	}
}

const struct ol_json *ol_json_get(const struct ol_json *obj, const char *key)
{
	if (!obj || obj->type != OL_JSON_OBJECT)
		return NULL;
	size_t k = strlen(key);
	const struct ol_json *found = NULL;
	/* the last duplicate wins, as in most JSON readers */
	for (const struct ol_json *m = obj->child; m; m = m->next)
		if (m->keylen == k && memcmp(m->key, key, k) == 0)
			found = m;
	return found;
}

const char *ol_json_str(const struct ol_json *v)
{
	return v && v->type == OL_JSON_STRING ? v->str : NULL;
}

bool ol_json_num(const struct ol_json *v, double *out)
{
	if (!v || v->type != OL_JSON_NUMBER)
		return false;
	*out = v->num;
	return true;
}

const char *ol_json_gets(const struct ol_json *obj, const char *key)
{
	return ol_json_str(ol_json_get(obj, key));
}

void ol_json_write_str(struct ol_buf *b, const char *s, size_t n)
{
	ol_buf_addc(b, '"');
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			ol_buf_addc(b, '\\');
			ol_buf_addc(b, (char)c);
			i++;
		} else if (c == '\n') {
			ol_buf_adds(b, "\\n");
			i++;
		} else if (c == '\r') {
			ol_buf_adds(b, "\\r");
			i++;
		} else if (c == '\t') {
			ol_buf_adds(b, "\\t");
			i++;
		} else if (c < 0x20) {
			ol_buf_printf(b, "\\u%04x", c);
			i++;
		} else if (c < 0x80) {
			ol_buf_addc(b, (char)c);
			i++;
		} else {
			/* invalid bytes (a file that is not UTF-8) become U+FFFD so
			 * that the frame stays valid JSON */
			uint32_t cp;
			size_t k = ol_utf8_decode(s + i, n - i, &cp);
			if (k == 0) {
				ol_buf_adds(b, "\xEF\xBF\xBD");
				i++;
			} else {
				ol_buf_add(b, s + i, k);
				i += k;
			}
		}
	}
	ol_buf_addc(b, '"');
}

void ol_json_write_cstr(struct ol_buf *b, const char *s)
{
	if (s)
		ol_json_write_str(b, s, strlen(s));
	else
		ol_buf_adds(b, "null");
}

void ol_json_write_value(struct ol_buf *b, const struct ol_json *v)
{
	if (!v) {
		ol_buf_adds(b, "null");
		return;
	}
	switch (v->type) {
	case OL_JSON_NULL: ol_buf_adds(b, "null"); break;
	case OL_JSON_BOOL: ol_buf_adds(b, v->b ? "true" : "false"); break;
	case OL_JSON_NUMBER:
		/* range first: converting a double outside long long is UB */
		if (isfinite(v->num) && fabs(v->num) < 9007199254740992.0 &&
		    v->num == (double)(long long)v->num)
			ol_buf_printf(b, "%lld", (long long)v->num);
		else if (isfinite(v->num))
			ol_buf_printf(b, "%.17g", v->num);
		else
			ol_buf_adds(b, "null");
		break;
	case OL_JSON_STRING: ol_json_write_str(b, v->str, v->len); break;
	case OL_JSON_ARRAY:
	case OL_JSON_OBJECT: {
		bool obj = v->type == OL_JSON_OBJECT;
		ol_buf_addc(b, obj ? '{' : '[');
		for (const struct ol_json *m = v->child; m; m = m->next) {
			if (m != v->child)
				ol_buf_addc(b, ',');
			if (obj) {
				ol_json_write_str(b, m->key, m->keylen);
				ol_buf_addc(b, ':');
			}
			ol_json_write_value(b, m);
		}
		ol_buf_addc(b, obj ? '}' : ']');
		break;
	}
	}
}
