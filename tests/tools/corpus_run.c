/* corpus_run: checks outlint against the annotated corpus.
 *
 *   corpus_run OUTLINT_BINARY CORPUS_DIR
 *
 * Every *.md, *.txt, *.yaml and *.yml file under CORPUS_DIR (hidden files
 * and folders skipped) states the findings it must produce, on lines such as
 *
 *   <!-- expect: tone/sie-form@14 dsgvo/opt-out@1 -->     (templates)
 *   # expect: campaign/max-followups@12                    (YAML)
 *   <!-- expect: none -->  /  # expect: none               (must stay clean)
 *
 * Several expect lines add up; a file without one fails. The runner runs
 * `OUTLINT check --format json --color never CORPUS_DIR` once, reads its
 * JSON (cli.md) and compares, per file, the multiset of (rule, line) with
 * the expectations. Exit 0 if every file passed, 1 if any failed, 2 if the
 * run itself failed (outlint exit 2 or a crash, invalid JSON, unreadable
 * corpus). */
#include "checker/base/base.h"

#include <dirent.h>
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* One (rule, line) pair, expected or found. */
struct hit {
	char *rule;
	long line;
	char *message; /* found only; NULL for expectations */
};

struct hits {
	struct hit *v;
	size_t n, cap;
};

/* One corpus file. */
struct cfile {
	char *path;     /* as passed to outlint, normalised */
	bool has_expect;
	char *bad;      /* a malformed expectation, or NULL */
	struct hits want, got;
};

struct corpus {
	struct cfile *v;
	size_t n, cap;
};

static void hits_add(struct hits *h, const char *rule, size_t rlen, long line, const char *msg)
{
	ol_xgrow(&h->v, &h->cap, h->n + 1, sizeof(*h->v));
	h->v[h->n].rule = ol_xstrndup(rule, rlen);
	h->v[h->n].line = line;
	h->v[h->n].message = msg ? ol_xstrdup(msg) : NULL;
	h->n++;
}

static void hits_fini(struct hits *h)
{
	for (size_t i = 0; i < h->n; i++) {
		free(h->v[i].rule);
		free(h->v[i].message);
	}
	free(h->v);
}

/* Path normalisation so that "corpora/", "./corpora" and "corpora//x" all
 * name the same file: drops "./" components and doubled slashes. */
static char *norm_path(const char *p)
{
	struct ol_buf b;
	ol_buf_init(&b);
	while (p[0] == '.' && p[1] == '/')
		p += 2;
	for (const char *s = p; *s; s++) {
		if (*s == '/' && b.len && b.data[b.len - 1] == '/')
			continue;
		if (*s == '/' && s[1] == '.' && s[2] == '/') {
			s++;
			continue;
		}
		ol_buf_addc(&b, *s);
	}
	return ol_buf_detach(&b);
}

static bool wanted_name(const char *name)
{
	return ol_has_suffix(name, ".md") || ol_has_suffix(name, ".txt") ||
	       ol_has_suffix(name, ".yaml") || ol_has_suffix(name, ".yml");
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collects the corpus files under dir in sorted order. Returns -1 if a
 * folder cannot be read. */
static int walk(const char *dir, struct corpus *c)
{
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "corpus_run: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		ol_xgrow(&names, &cap, n + 1, sizeof(*names));
		names[n++] = ol_xstrdup(e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_names);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		char *p = ol_path_join(dir, names[i]);
		struct stat st;
		if (rc == 0 && stat(p, &st) == 0) {
			if (S_ISDIR(st.st_mode)) {
				rc = walk(p, c);
			} else if (S_ISREG(st.st_mode) && wanted_name(names[i])) {
				ol_xgrow(&c->v, &c->cap, c->n + 1, sizeof(*c->v));
				struct cfile *f = &c->v[c->n++];
				memset(f, 0, sizeof(*f));
				f->path = norm_path(p);
			}
		}
		free(p);
		free(names[i]);
	}
	free(names);
	return rc;
}

/* Reads "RULE@LINE …" or "none" from s up to end. */
static void parse_expect_list(struct cfile *f, const char *s, const char *end, size_t lineno)
{
	f->has_expect = true;
	while (s < end) {
		while (s < end && (*s == ' ' || *s == '\t' || *s == '\r'))
			s++;
		const char *t = s;
		while (s < end && *s != ' ' && *s != '\t' && *s != '\r')
			s++;
		if (s == t)
			break;
		size_t len = (size_t)(s - t);
		if (len == 4 && memcmp(t, "none", 4) == 0)
			continue;
		const char *at = memchr(t, '@', len);
		char *endnum = NULL;
		long line = at ? strtol(at + 1, &endnum, 10) : 0;
		if (!at || at == t || endnum != s || line < 1) {
			if (!f->bad)
				f->bad = ol_xasprintf("line %zu: malformed expectation „%.*s“ "
				                      "(want RULE@LINE or none)",
				                      lineno, (int)len, t);
			continue;
		}
		hits_add(&f->want, t, (size_t)(at - t), line, NULL);
	}
}

/* Finds the expect lines of one file. */
static void read_expectations(struct cfile *f)
{
	char *data;
	size_t len;
	if (ol_read_file(f->path, &data, &len) != 0) {
		f->bad = ol_xasprintf("cannot read: %s", strerror(errno));
		return;
	}
	size_t lineno = 0;
	for (char *line = data; line < data + len;) {
		char *nl = memchr(line, '\n', (size_t)(data + len - line));
		char *eol = nl ? nl : data + len;
		lineno++;
		char *s = line;
		while (s < eol && (*s == ' ' || *s == '\t'))
			s++;
		const char *body = NULL, *bend = eol;
		if (eol - s >= 4 && memcmp(s, "<!--", 4) == 0) {
			s += 4;
			while (s < eol && (*s == ' ' || *s == '\t'))
				s++;
			if (eol - s >= 7 && memcmp(s, "expect:", 7) == 0) {
				body = s + 7;
				char *close = NULL;
				for (char *q = s; q + 3 <= eol; q++)
					if (memcmp(q, "-->", 3) == 0) {
						close = q;
						break;
					}
				if (close)
					bend = close;
				else if (!f->bad)
					f->bad = ol_xasprintf("line %zu: expect comment without „-->“", lineno);
			}
		} else if (s < eol && *s == '#') {
			s++;
			while (s < eol && (*s == ' ' || *s == '\t'))
				s++;
			if (eol - s >= 7 && memcmp(s, "expect:", 7) == 0)
				body = s + 7;
		}
		if (body)
			parse_expect_list(f, body, bend, lineno);
		line = nl ? nl + 1 : eol;
	}
	free(data);
}

/* A small JSON reader: a tree of values, enough for outlint's output. */
enum jkind { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jval {
	enum jkind kind;
	double num;
	char *str;              /* J_STR */
	struct jval *items;     /* J_ARR, J_OBJ (values) */
	char **keys;            /* J_OBJ */
	size_t n;
};

struct jparser {
	const char *s, *end;
	const char *err;        /* first error, or NULL */
	const char *err_at;
	int depth;
};

static void jfree(struct jval *v)
{
	free(v->str);
	for (size_t i = 0; i < v->n; i++) {
		jfree(&v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
}

static bool jfail(struct jparser *p, const char *msg)
{
	if (!p->err) {
		p->err = msg;
		p->err_at = p->s;
	}
	return false;
}

static void jws(struct jparser *p)
{
	while (p->s < p->end && (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' || *p->s == '\r'))
		p->s++;
}

static bool jlit(struct jparser *p, const char *lit)
{
	size_t n = strlen(lit);
	if ((size_t)(p->end - p->s) < n || memcmp(p->s, lit, n) != 0)
		return jfail(p, "unexpected token");
	p->s += n;
	return true;
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

static bool jhex4(struct jparser *p, uint32_t *v)
{
	if (p->end - p->s < 4)
		return jfail(p, "short \\u escape");
	*v = 0;
	for (int i = 0; i < 4; i++) {
		int h = hexval(p->s[i]);
		if (h < 0)
			return jfail(p, "bad \\u escape");
		*v = *v * 16 + (uint32_t)h;
	}
	p->s += 4;
	return true;
}

static bool jstring(struct jparser *p, char **out)
{
	if (p->s >= p->end || *p->s != '"')
		return jfail(p, "string expected");
	p->s++;
	struct ol_buf b;
	ol_buf_init(&b);
	ol_buf_add(&b, "", 0);
	for (;;) {
		if (p->s >= p->end) {
			ol_buf_fini(&b);
			return jfail(p, "unterminated string");
		}
		unsigned char c = (unsigned char)*p->s;
		if (c == '"') {
			p->s++;
			break;
		}
		if (c < 0x20) {
			ol_buf_fini(&b);
			return jfail(p, "raw control character in string");
		}
		if (c != '\\') {
			uint32_t cp;
			size_t l = ol_utf8_decode(p->s, (size_t)(p->end - p->s), &cp);
			if (!l) {
				ol_buf_fini(&b);
				return jfail(p, "invalid UTF-8 in string");
			}
			ol_buf_add(&b, p->s, l);
			p->s += l;
			continue;
		}
		p->s++;
		if (p->s >= p->end) {
			ol_buf_fini(&b);
			return jfail(p, "unterminated escape");
		}
		char e = *p->s++;
		static const char names[] = "\"\\/bfnrt";
		static const char repl[] = "\"\\/\b\f\n\r\t";
		const char *simple = e ? strchr(names, e) : NULL;
		if (simple) {
			ol_buf_addc(&b, repl[simple - names]);
			continue;
		}
		if (e != 'u') {
			ol_buf_fini(&b);
			return jfail(p, "bad escape");
		}
		uint32_t cp, lo;
		if (!jhex4(p, &cp)) {
			ol_buf_fini(&b);
			return false;
		}
		if (cp >= 0xd800 && cp <= 0xdbff) {
			if (p->end - p->s < 6 || p->s[0] != '\\' || p->s[1] != 'u') {
				ol_buf_fini(&b);
				return jfail(p, "lone surrogate");
			}
			p->s += 2;
			if (!jhex4(p, &lo) || lo < 0xdc00 || lo > 0xdfff) {
				ol_buf_fini(&b);
				return jfail(p, "bad surrogate pair");
			}
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		} else if (cp >= 0xdc00 && cp <= 0xdfff) {
			ol_buf_fini(&b);
			return jfail(p, "lone surrogate");
		}
		char enc[4];
		ol_buf_add(&b, enc, ol_utf8_encode(cp, enc));
	}
	*out = ol_buf_detach(&b);
	return true;
}

static bool jnumber(struct jparser *p, double *v)
{
	const char *s = p->s;
	if (s < p->end && *s == '-')
		s++;
	if (s >= p->end || *s < '0' || *s > '9')
		return jfail(p, "value expected");
	if (*s == '0')
		s++;
	else
		while (s < p->end && *s >= '0' && *s <= '9')
			s++;
	if (s < p->end && *s == '.') {
		s++;
		if (s >= p->end || *s < '0' || *s > '9')
			return jfail(p, "digit expected");
		while (s < p->end && *s >= '0' && *s <= '9')
			s++;
	}
	if (s < p->end && (*s == 'e' || *s == 'E')) {
		s++;
		if (s < p->end && (*s == '+' || *s == '-'))
			s++;
		if (s >= p->end || *s < '0' || *s > '9')
			return jfail(p, "digit expected");
		while (s < p->end && *s >= '0' && *s <= '9')
			s++;
	}
	char *tmp = ol_xstrndup(p->s, (size_t)(s - p->s));
	*v = strtod(tmp, NULL);
	free(tmp);
	p->s = s;
	return true;
}

static bool jvalue(struct jparser *p, struct jval *v)
{
	memset(v, 0, sizeof(*v));
	jws(p);
	if (p->s >= p->end)
		return jfail(p, "value expected");
	if (++p->depth > 64)
		return jfail(p, "nesting too deep");
	bool ok = true;
	size_t cap = 0, kcap = 0;
	switch (*p->s) {
	case '{':
	case '[': {
		bool obj = *p->s == '{';
		char close = obj ? '}' : ']';
		v->kind = obj ? J_OBJ : J_ARR;
		p->s++;
		jws(p);
		if (p->s < p->end && *p->s == close) {
			p->s++;
			break;
		}
		for (;;) {
			ol_xgrow(&v->items, &cap, v->n + 1, sizeof(*v->items));
			if (obj)
				ol_xgrow(&v->keys, &kcap, v->n + 1, sizeof(*v->keys));
			struct jval *it = &v->items[v->n];
			memset(it, 0, sizeof(*it));
			if (obj) {
				v->keys[v->n] = NULL;
				jws(p);
				if (!jstring(p, &v->keys[v->n])) {
					v->n++;
					ok = false;
					break;
				}
				jws(p);
				if (p->s >= p->end || *p->s != ':') {
					v->n++;
					ok = jfail(p, "„:“ expected");
					break;
				}
				p->s++;
			}
			ok = jvalue(p, it);
			v->n++;
			if (!ok)
				break;
			jws(p);
			if (p->s < p->end && *p->s == ',') {
				p->s++;
				continue;
			}
			if (p->s < p->end && *p->s == close) {
				p->s++;
				break;
			}
			ok = jfail(p, obj ? "„,“ or „}“ expected" : "„,“ or „]“ expected");
			break;
		}
		break;
	}
	case '"':
		v->kind = J_STR;
		ok = jstring(p, &v->str);
		break;
	case 't':
		v->kind = J_BOOL;
		v->num = 1;
		ok = jlit(p, "true");
		break;
	case 'f':
		v->kind = J_BOOL;
		ok = jlit(p, "false");
		break;
	case 'n':
		ok = jlit(p, "null");
		break;
	default:
		v->kind = J_NUM;
		ok = jnumber(p, &v->num);
	}
	p->depth--;
	return ok;
}

static const struct jval *jget(const struct jval *o, const char *key, enum jkind kind)
{
	if (!o || o->kind != J_OBJ)
		return NULL;
	for (size_t i = 0; i < o->n; i++)
		if (strcmp(o->keys[i], key) == 0)
			return o->items[i].kind == kind ? &o->items[i] : NULL;
	return NULL;
}

/* Runs argv with stdout captured into *out. Returns the exit status, or -1
 * (with a message) when the program could not run or died of a signal. */
static int run_capture(char *const argv[], char **out, size_t *outlen)
{
	int fds[2];
	if (pipe(fds) != 0) {
		perror("corpus_run: pipe");
		return -1;
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
	posix_spawn_file_actions_addclose(&fa, fds[0]);
	posix_spawn_file_actions_addclose(&fa, fds[1]);
	pid_t pid;
	int e = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	if (e != 0) {
		close(fds[0]);
		fprintf(stderr, "corpus_run: cannot run %s: %s\n", argv[0], strerror(e));
		return -1;
	}
	struct ol_buf b;
	ol_buf_init(&b);
	ol_buf_add(&b, "", 0);
	char chunk[65536];
	for (;;) {
		ssize_t r = read(fds[0], chunk, sizeof chunk);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		ol_buf_add(&b, chunk, (size_t)r);
	}
	close(fds[0]);
	int st;
	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR) {
			perror("corpus_run: waitpid");
			ol_buf_fini(&b);
			return -1;
		}
	}
	*outlen = b.len;
	*out = ol_buf_detach(&b);
	if (WIFSIGNALED(st)) {
		fprintf(stderr, "corpus_run: %s died of signal %d\n", argv[0], WTERMSIG(st));
		return -1;
	}
	return WEXITSTATUS(st);
}

static int cmp_hit(const void *pa, const void *pb)
{
	const struct hit *a = pa, *b = pb;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return strcmp(a->rule, b->rule);
}

/* Prints text with control characters escaped: messages quote the input. */
static void print_safe(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7f)
			printf("\\x%02x", c);
		else
			putchar(c);
	}
}

/* Compares one file's expectations with what outlint found; prints the
 * differences. Returns true if they agree. */
static bool compare(struct cfile *f)
{
	if (!f->has_expect && !f->bad) {
		printf("%s: no expect line (add „<!-- expect: RULE@LINE … -->“, "
		       "„# expect: …“ or „expect: none“)\n", f->path);
		return false;
	}
	if (f->bad) {
		printf("%s: %s\n", f->path, f->bad);
		return false;
	}
	if (f->want.n)
		qsort(f->want.v, f->want.n, sizeof(*f->want.v), cmp_hit);
	if (f->got.n)
		qsort(f->got.v, f->got.n, sizeof(*f->got.v), cmp_hit);
	bool ok = true;
	size_t i = 0, j = 0;
	while (i < f->want.n || j < f->got.n) {
		int c = i == f->want.n ? 1 : j == f->got.n ? -1 : cmp_hit(&f->want.v[i], &f->got.v[j]);
		if (c == 0) {
			i++;
			j++;
			continue;
		}
		ok = false;
		if (c < 0) {
			printf("%s: missing %s@%ld\n", f->path, f->want.v[i].rule, f->want.v[i].line);
			i++;
		} else {
			printf("%s: unexpected %s@%ld (", f->path, f->got.v[j].rule, f->got.v[j].line);
			print_safe(f->got.v[j].message ? f->got.v[j].message : "");
			printf(")\n");
			j++;
		}
	}
	return ok;
}

static struct cfile *find_file(struct corpus *c, const char *path)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->v[i].path, path) == 0)
			return &c->v[i];
	return NULL;
}

/* Distributes the diagnostics of outlint's JSON over the corpus files; a
 * file outside the corpus that has findings becomes an extra (failing)
 * entry. Returns false if the document does not have cli.md's shape. */
static bool take_results(const struct jval *doc, struct corpus *c)
{
	const struct jval *files = jget(doc, "files", J_ARR);
	if (!files || !jget(doc, "summary", J_OBJ))
		return false;
	for (size_t i = 0; i < files->n; i++) {
		const struct jval *fo = &files->items[i];
		const struct jval *path = jget(fo, "path", J_STR);
		const struct jval *diags = jget(fo, "diagnostics", J_ARR);
		if (!path || !diags)
			return false;
		char *np = norm_path(path->str);
		struct cfile *f = find_file(c, np);
		if (!f && diags->n) {
			ol_xgrow(&c->v, &c->cap, c->n + 1, sizeof(*c->v));
			f = &c->v[c->n++];
			memset(f, 0, sizeof(*f));
			f->path = ol_xstrdup(np);
			f->has_expect = true; /* not a corpus file: expects nothing */
		}
		free(np);
		for (size_t j = 0; j < diags->n; j++) {
			const struct jval *d = &diags->items[j];
			const struct jval *rule = jget(d, "rule", J_STR);
			const struct jval *line = jget(d, "line", J_NUM);
			const struct jval *msg = jget(d, "message", J_STR);
			if (!rule || !line)
				return false;
			hits_add(&f->got, rule->str, strlen(rule->str), (long)line->num,
			         msg ? msg->str : "");
		}
	}
	return true;
}

static void corpus_fini(struct corpus *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].path);
		free(c->v[i].bad);
		hits_fini(&c->v[i].want);
		hits_fini(&c->v[i].got);
	}
	free(c->v);
}

/* Runs outlint on the corpus and fills in what it found. Returns 0, or 2
 * when the run failed (message printed). */
static int run_outlint(const char *bin, const char *dir, struct corpus *c)
{
	/* posix_spawn wants char *const[]: writable copies, no casts */
	char a_check[] = "check", a_format[] = "--format", a_json[] = "json";
	char a_color[] = "--color", a_never[] = "never";
	char *a_bin = ol_xstrdup(bin), *a_dir = ol_xstrdup(dir);
	char *args[] = {a_bin, a_check, a_format, a_json, a_color, a_never, a_dir, NULL};
	char *out = NULL;
	size_t outlen = 0;
	int st = run_capture(args, &out, &outlen);
	free(a_bin);
	free(a_dir);
	if (st < 0 || st >= 2) {
		if (st >= 2)
			fprintf(stderr, "corpus_run: %s exited with status %d (the run failed)\n",
			        bin, st);
		free(out);
		return 2;
	}
	struct jparser p = {out, out + outlen, NULL, NULL, 0};
	struct jval doc;
	bool ok = jvalue(&p, &doc);
	jws(&p);
	if (ok && p.s != p.end)
		ok = jfail(&p, "text after the JSON document");
	int rc = 0;
	if (!ok) {
		fprintf(stderr, "corpus_run: %s printed invalid JSON: %s at byte %zu\n", bin,
		        p.err, (size_t)(p.err_at - out));
		rc = 2;
	} else if (!take_results(&doc, c)) {
		fprintf(stderr, "corpus_run: %s printed JSON without the shape of cli.md "
		                "(files[].path, diagnostics[].rule/line, summary)\n", bin);
		rc = 2;
	}
	jfree(&doc);
	free(out);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: corpus_run OUTLINT_BINARY CORPUS_DIR\n");
		return 2;
	}
	struct corpus c = {0};
	if (walk(argv[2], &c) != 0) {
		corpus_fini(&c);
		return 2;
	}
	for (size_t i = 0; i < c.n; i++)
		read_expectations(&c.v[i]);
	if (run_outlint(argv[1], argv[2], &c) != 0) {
		corpus_fini(&c);
		return 2;
	}
	size_t passed = 0, failed = 0;
	for (size_t i = 0; i < c.n; i++) {
		if (compare(&c.v[i]))
			passed++;
		else
			failed++;
	}
	corpus_fini(&c);
	printf("corpus: %zu passed, %zu failed\n", passed, failed);
	return failed ? 1 : 0;
}
