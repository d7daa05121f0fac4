/* content/template.c: one template file → front matter, sections,
 * placeholders, spintax groups and masks, all as byte spans of the source.
 *
 * Order of work: encoding checks, front matter (YAML via yaml.c), HTML
 * comments (needed to tell blank lines), the line table, sections, then one
 * scan each for placeholders + spintax and for masks over the subject and
 * the text. Every scan is linear in the text; nothing recurses. */
#include "template.h"

#include "../base/base.h"
#include "../diag/catalog.h"

#include <stdlib.h>
#include <string.h>

/* Lines longer than these cannot be a salutation or a farewell. */
#define GREETING_MAX_BYTES 80
#define CLOSING_MAX_BYTES 100
#define SHORT_CLOSING_MAX_BYTES 40
/* A closing is followed by at most this many non-blank signature lines. */
#define SIGNATURE_MAX_LINES 20
/* Cascading input findings of one kind per file. */
#define MAX_INPUT_FINDINGS 10

static const char *const section_names[OL_SEC__COUNT] = {
	"subject", "greeting", "body", "closing", "signature", "ps", "text",
};

const char *ol_section_name(enum ol_section s)
{
	if ((int)s < 0 || s >= OL_SEC__COUNT)
		return NULL;
	return section_names[s];
}

int ol_section_from_name(const char *name)
{
	if (!name)
		return -1;
	for (int i = 0; i < OL_SEC__COUNT; i++)
		if (strcmp(section_names[i], name) == 0)
			return i;
	return -1;
}

/* One line of the text: [start, end) without its CR/LF. */
struct line {
	size_t start, end;
	bool blank; /* only white space and HTML comments */
};

/* All state of one read. */
struct reader {
	struct ol_template *t;
	struct ol_findings *diags;
	const char *s;             /* the source text */
	size_t len;
	size_t ts;                 /* where the text (after front matter) begins */
	struct ol_span *comments;  /* "<!-- … -->" in the text, in order */
	size_t ncomments, capcomments;
	struct line *lines;        /* the text's lines */
	size_t nlines, caplines;
	size_t capph, capspin, capmasks;
	size_t subj_a, subj_b;     /* the subject's text in the file (inside quotes) */
	size_t nspinerr, nphrerr;  /* findings so far, to cap cascades */
	size_t ph_noclose;         /* no "}}" before this line end: keeps "{{{{…" linear */
};

/* ---- small helpers ---------------------------------------------------- */

static bool is_hspace(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

static char lower_ascii(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool is_ascii_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Latin letters beyond ASCII (umlauts, ß, accents): enough for word
 * boundaries in German and for placeholder names. */
static bool is_latin_letter(uint32_t cp)
{
	return cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7;
}

/* true if a letter or digit begins at s[0..n). */
static bool letter_at(const char *s, size_t n)
{
	if (n == 0)
		return false;
	if (is_ascii_alnum(s[0]))
		return true;
	uint32_t cp;
	size_t l = ol_utf8_decode(s, n, &cp);
	return l > 0 && is_latin_letter(cp);
}

/* Length of phrase at s[0..n) compared ASCII-case-insensitively (other
 * bytes exactly; a space in phrase matches one or more blanks), followed by
 * a word boundary; 0 if it does not match. */
static size_t match_word(const char *s, size_t n, const char *phrase)
{
	size_t i = 0;
	for (const char *p = phrase; *p; p++) {
		if (*p == ' ') {
			if (i >= n || !is_hspace(s[i]))
				return 0;
			while (i < n && is_hspace(s[i]))
				i++;
			continue;
		}
		if (i >= n || lower_ascii(s[i]) != *p)
			return 0;
		i++;
	}
	if (letter_at(s + i, n - i))
		return 0;
	return i;
}

/* Like match_word, for each phrase of a NULL-terminated list. */
static size_t match_any(const char *s, size_t n, const char *const *list)
{
	for (size_t k = 0; list[k]; k++) {
		size_t l = match_word(s, n, list[k]);
		if (l)
			return l;
	}
	return 0;
}

static void add_mask(struct reader *r, enum ol_mask_kind k, size_t a, size_t b)
{
	if (b <= a)
		return;
	struct ol_template *t = r->t;
	ol_xgrow(&t->masks, &r->capmasks, t->nmasks + 1, sizeof(*t->masks));
	t->masks[t->nmasks].kind = k;
	t->masks[t->nmasks].span.start = a;
	t->masks[t->nmasks].span.end = b;
	t->nmasks++;
}

/* A finding span of one code point at off (empty at a line end). */
static size_t one_cp_end(const struct reader *r, size_t off)
{
	if (off >= r->len || r->s[off] == '\n' || r->s[off] == '\r')
		return off;
	uint32_t cp;
	size_t l = ol_utf8_decode(r->s + off, r->len - off, &cp);
	return off + (l ? l : 1);
}

/* ---- encoding ----------------------------------------------------------- */

/* Adds input/encoding or input/binary and returns false if the text cannot
 * be used. A UTF-16 byte-order mark counts as an encoding problem, not as
 * binary, though UTF-16 text is full of NUL bytes. */
static bool check_encoding(const struct ol_source *src, struct ol_findings *diags)
{
	const char *s = src->text;
	size_t len = src->len;
	const unsigned char *u = (const unsigned char *)s;
	bool utf16 = len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF));
	if (!utf16) {
		const char *nul = memchr(s, '\0', len);
		if (nul) {
			size_t off = (size_t)(nul - s);
			ol_catalog_add(diags, OL_CAT_BINARY, off, off + 1, NULL);
			return false;
		}
	}
	size_t bad;
	if (!ol_utf8_valid(s, len, &bad)) {
		char *arg = ol_xasprintf("0x%02X an Offset %zu, Zeile %zu", (unsigned)u[bad], bad,
		                         ol_source_line(src, bad));
		ol_catalog_add(diags, OL_CAT_ENCODING, bad, bad + 1, arg);
		free(arg);
		return false;
	}
	return true;
}

/* ---- front matter ------------------------------------------------------- */

/* If a line exactly "---" (CRLF allowed) starts at off, returns the offset
 * after its line break (or len) in *next. */
static bool dashes_line(const char *s, size_t len, size_t off, size_t *next)
{
	if (len - off < 3 || memcmp(s + off, "---", 3) != 0)
		return false;
	size_t i = off + 3;
	if (i < len && s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')
		i++;
	if (i == len) {
		*next = len;
		return true;
	}
	if (s[i] != '\n')
		return false;
	*next = i + 1;
	return true;
}

static char *value_arg(const struct ol_ynode *v, const char *what)
{
	const char *str = ol_ynode_str(v);
	if (!str)
		return ol_xasprintf("%s", what);
	size_t n = strlen(str);
	if (n > 40) { /* cut at a character boundary */
		n = 40;
		while (n > 0 && ((unsigned char)str[n] & 0xC0) == 0x80)
			n--;
	}
	return ol_xasprintf("%s, nicht „%.*s%s“", what, (int)n, str, n < strlen(str) ? "…" : "");
}

static void value_finding(struct reader *r, const struct ol_ynode *v, const char *what)
{
	char *arg = value_arg(v, what);
	ol_catalog_add(r->diags, OL_CAT_FRONT_MATTER_VALUE, v->start,
	               v->end > v->start ? v->end : one_cp_end(r, v->start), arg);
	free(arg);
}

/* A plain empty, "~" or "null" scalar: the key counts as absent. */
static bool is_null(const struct ol_ynode *v)
{
	if (!v)
		return true;
	if (v->kind != OL_Y_SCALAR || !v->plain)
		return false;
	return v->len == 0 || strcmp(v->str, "~") == 0 || strcmp(v->str, "null") == 0 ||
	       strcmp(v->str, "Null") == 0 || strcmp(v->str, "NULL") == 0;
}

/* Case-insensitive ASCII equality. */
static bool eq_nocase(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (lower_ascii(*a) != lower_ascii(*b))
			return false;
	return *a == *b;
}

static void read_meta(struct reader *r)
{
	struct ol_template *t = r->t;
	const struct ol_ynode *m = t->meta;
	const struct ol_ynode *v;

	if (!is_null(v = ol_ynode_get(m, "step"))) {
		long step;
		if (ol_ynode_int(v, &step) && step >= 1)
			t->step = step;
		else
			value_finding(r, v, "„step“ muss eine positive ganze Zahl sein");
	}
	if (!is_null(v = ol_ynode_get(m, "channel"))) {
		static const char *const channels[] = {"email", "linkedin", "letter", "phone-script", NULL};
		const char *str = ol_ynode_str(v);
		const char *found = NULL;
		for (size_t i = 0; str && channels[i]; i++)
			if (eq_nocase(str, channels[i]))
				found = channels[i];
		if (str && eq_nocase(str, "e-mail"))
			found = "email";
		if (found) {
			free(t->channel);
			t->channel = ol_xstrdup(found);
		} else {
			value_finding(r, v, "„channel“ muss email, linkedin, letter oder phone-script sein");
		}
	}
	if (!is_null(v = ol_ynode_get(m, "address"))) {
		const char *str = ol_ynode_str(v);
		if (str && (eq_nocase(str, "sie") || eq_nocase(str, "du"))) {
			free(t->address);
			t->address = ol_xstrdup(eq_nocase(str, "sie") ? "sie" : "du");
			t->address_given = true;
		} else {
			value_finding(r, v, "„address“ muss sie oder du sein");
		}
	}
	if (!is_null(v = ol_ynode_get(m, "subject"))) {
		if (v->kind != OL_Y_SCALAR) {
			value_finding(r, v, "„subject“ muss ein Text sein");
			return;
		}
		t->has_subject = true;
		t->subject = ol_xstrndup(v->str, v->len);
		t->subject_span.start = v->start;
		t->subject_span.end = v->end;
		size_t a = v->start, b = v->end;
		if (b - a == v->len && memcmp(r->s + a, v->str, v->len) == 0) {
			t->subject_exact = true;
		} else if (b - a >= 2 && (r->s[a] == '"' || r->s[a] == '\'') && r->s[b - 1] == r->s[a] &&
		           b - a - 2 == v->len && memcmp(r->s + a + 1, v->str, v->len) == 0) {
			t->subject_exact = true;
			t->subject_span.start = a + 1;
			t->subject_span.end = b - 1;
		}
		t->has[OL_SEC_SUBJECT] = true;
		t->sec[OL_SEC_SUBJECT] = t->subject_span;
		/* scans look at the raw text between the quotes even when escapes
		 * make the value differ: placeholders and URLs seldom hold any */
		r->subj_a = t->subject_span.start;
		r->subj_b = t->subject_span.end;
		if (!t->subject_exact && b - a >= 2 && (r->s[a] == '"' || r->s[a] == '\'') &&
		    r->s[b - 1] == r->s[a]) {
			r->subj_a = a + 1;
			r->subj_b = b - 1;
		}
	}
}

/* Finds and parses the front matter; sets r->ts to where the text begins. */
static void read_front_matter(struct reader *r, size_t bom)
{
	struct ol_template *t = r->t;
	const char *s = r->s;
	size_t len = r->len;
	size_t fm_start;
	r->ts = bom;
	if (!dashes_line(s, len, bom, &fm_start))
		return;
	size_t off = fm_start, close = len, next = len;
	bool closed = false;
	while (off < len) {
		if (dashes_line(s, len, off, &next)) {
			close = off;
			closed = true;
			break;
		}
		const char *nl = memchr(s + off, '\n', len - off);
		if (!nl)
			break;
		off = (size_t)(nl - s) + 1;
	}
	if (!closed) {
		size_t e = bom + 3;
		ol_catalog_add(r->diags, OL_CAT_FRONT_MATTER_UNCLOSED, bom, e, NULL);
		return; /* the whole file is text */
	}
	t->has_front_matter = true;
	t->front_matter.start = fm_start;
	t->front_matter.end = close;
	r->ts = next;

	struct ol_ynode *root = NULL;
	char *err = NULL;
	size_t err_off = fm_start;
	t->meta_tree = ol_yaml_parse(s + fm_start, close - fm_start, fm_start, &root, &err, &err_off);
	if (!t->meta_tree) {
		ol_catalog_add(r->diags, OL_CAT_FRONT_MATTER, err_off, one_cp_end(r, err_off), err);
		free(err);
		return;
	}
	if (!root)
		return; /* empty front matter: all defaults */
	if (root->kind != OL_Y_MAP) {
		ol_catalog_add(r->diags, OL_CAT_FRONT_MATTER_TYPE, root->start,
		               root->end > root->start ? root->end : one_cp_end(r, root->start), NULL);
		return;
	}
	t->meta = root;
	read_meta(r);
}

/* ---- comments and lines ------------------------------------------------- */

static void find_comments(struct reader *r)
{
	const char *s = r->s;
	size_t i = r->ts;
	while (i < r->len) {
		const char *o = memmem(s + i, r->len - i, "<!--", 4);
		if (!o)
			break;
		size_t a = (size_t)(o - s);
		const char *c = memmem(s + a + 4, r->len - a - 4, "-->", 3);
		if (!c)
			break; /* unclosed: text, and so is every later "<!--" */
		size_t b = (size_t)(c - s) + 3;
		ol_xgrow(&r->comments, &r->capcomments, r->ncomments + 1, sizeof(*r->comments));
		r->comments[r->ncomments].start = a;
		r->comments[r->ncomments].end = b;
		r->ncomments++;
		add_mask(r, OL_MASK_COMMENT, a, b);
		i = b;
	}
}

/* The comment containing off, or NULL (binary search). */
static const struct ol_span *comment_at(const struct reader *r, size_t off)
{
	size_t lo = 0, hi = r->ncomments;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->comments[mid].end <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < r->ncomments && r->comments[lo].start <= off)
		return &r->comments[lo];
	return NULL;
}

/* First offset in [a, b) that is neither white space nor inside a comment;
 * b if none. */
static size_t skip_blank(const struct reader *r, size_t a, size_t b)
{
	while (a < b) {
		if (is_space(r->s[a])) {
			a++;
			continue;
		}
		const struct ol_span *c = comment_at(r, a);
		if (!c)
			return a;
		a = c->end;
	}
	return b;
}

/* One past the last offset in [a, b) that is neither white space nor inside
 * a comment; a if none. */
static size_t skip_blank_back(const struct reader *r, size_t a, size_t b)
{
	while (b > a) {
		if (is_space(r->s[b - 1])) {
			b--;
			continue;
		}
		const struct ol_span *c = comment_at(r, b - 1);
		if (!c)
			return b;
		b = c->start > a ? c->start : a;
	}
	return a;
}

static void split_lines(struct reader *r)
{
	size_t i = r->ts;
	while (i < r->len) {
		const char *nl = memchr(r->s + i, '\n', r->len - i);
		size_t e = nl ? (size_t)(nl - r->s) : r->len;
		size_t next = nl ? e + 1 : r->len;
		if (e > i && r->s[e - 1] == '\r')
			e--;
		ol_xgrow(&r->lines, &r->caplines, r->nlines + 1, sizeof(*r->lines));
		struct line *l = &r->lines[r->nlines++];
		l->start = i;
		l->end = e;
		l->blank = skip_blank(r, i, e) == e;
		i = next;
	}
}

/* ---- what a line is ----------------------------------------------------- */

/* The trimmed content of line l: [*a, *b). */
static void line_trim(const struct reader *r, const struct line *l, size_t *a, size_t *b)
{
	size_t x = l->start, y = l->end;
	while (x < y && is_hspace(r->s[x]))
		x++;
	while (y > x && is_hspace(r->s[y - 1]))
		y--;
	*a = x;
	*b = y;
}

static const char *const salutations[] = {
	"sehr geehrte damen und herren", "sehr geehrter", "sehr geehrte", "sehr geehrtes",
	"guten tag", "guten morgen", "guten abend", "grüß gott", "grüss gott", "grüß sie",
	"grüß dich", "grüezi", "grüessech", "hallo", "hallöchen", "hello", "hi", "hey",
	"liebe", "lieber", "liebes", "moin moin", "moin", "servus", "werte", "werter",
	"good morning", "good afternoon", "good evening", "dear", "salut", "tach", NULL,
};

/* Farewell formulas: [prefix] [mit] [adjective] noun …, or a fixed phrase. */
static const char *const closing_prefixes[] = {
	"vielen dank und", "vielen dank &", "danke und", "danke &", "dank und", NULL,
};
static const char *const closing_adjectives[] = {
	"allerbeste", "allerbesten", "beste", "besten", "bestem", "viele", "vielen",
	"freundliche", "freundlichen", "freundlichem", "herzliche", "herzlichen",
	"herzlichem", "liebe", "lieben", "schöne", "schönen", "sonnige", "sonnigen",
	"kollegiale", "kollegialen", "kollegialem", "frohe", "frohen", "nette", "netten",
	"ganz liebe", "ganz herzliche", NULL,
};
static const char *const closing_nouns[] = {
	"grüße", "grüßen", "gruß", "grüsse", "grüssen", "gruss", "gruesse", "gruessen", NULL,
};
static const char *const closing_fixed[] = {
	"best regards", "kind regards", "warm regards", "warmest regards", "best wishes",
	"herzlichst", "freundlichst", "hochachtungsvoll", "bis bald", "bis dann",
	"bis später", "mfg", NULL,
};
/* Short or ambiguous ones: only on a short line. */
static const char *const closing_short[] = {
	"regards", "cheers", "best", "thanks", "lg", "vg", "bg", "ciao", "tschüss",
	"alles gute", NULL,
};

static bool is_closing_text(const char *s, size_t n)
{
	if (n == 0 || n > CLOSING_MAX_BYTES)
		return false;
	if (n <= SHORT_CLOSING_MAX_BYTES && match_any(s, n, closing_short))
		return true;
	if (match_any(s, n, closing_fixed))
		return true;
	size_t i = 0, l;
	if ((l = match_any(s, n, closing_prefixes)) != 0) {
		i += l;
		while (i < n && is_hspace(s[i]))
			i++;
	}
	if ((l = match_word(s + i, n - i, "mit")) != 0) {
		i += l;
		while (i < n && is_hspace(s[i]))
			i++;
	}
	if ((l = match_any(s + i, n - i, closing_adjectives)) != 0) {
		i += l;
		while (i < n && is_hspace(s[i]))
			i++;
	}
	return match_any(s + i, n - i, closing_nouns) != 0;
}

static bool is_closing_line(const struct reader *r, const struct line *l)
{
	if (l->blank)
		return false;
	size_t a, b;
	line_trim(r, l, &a, &b);
	return is_closing_text(r->s + a, b - a);
}

/* "P.S.", "P. S.", "PS:", "PS ", "PS.", "P.P.S.", "PPS:" at the line start. */
static bool is_ps_line(const struct reader *r, const struct line *l)
{
	if (l->blank)
		return false;
	size_t a, b;
	line_trim(r, l, &a, &b);
	const char *s = r->s + a;
	size_t n = b - a, i = 0;
	static const char *const forms[] = {"p.p.s", "p. p. s", "p.s", "p. s", "pps", "ps", NULL};
	for (size_t k = 0; forms[k]; k++) {
		size_t fl = strlen(forms[k]);
		if (n < fl)
			continue;
		bool ok = true;
		for (size_t j = 0; j < fl; j++)
			if (lower_ascii(s[j]) != forms[k][j])
				ok = false;
		if (ok) {
			i = fl;
			break;
		}
	}
	if (i == 0)
		return false;
	return i == n || s[i] == '.' || s[i] == ':' || s[i] == ',' || is_hspace(s[i]);
}

static bool is_sig_delim(const struct reader *r, const struct line *l)
{
	size_t n = l->end - l->start;
	const char *s = r->s + l->start;
	return (n == 2 && memcmp(s, "--", 2) == 0) || (n == 3 && memcmp(s, "-- ", 3) == 0);
}

/* If line l opens with a salutation, sets *gend to the greeting's end and
 * *body to where the body may begin on the same line (l->end if the whole
 * line is the greeting). */
static bool is_greeting_line(const struct reader *r, const struct line *l, size_t *gend,
                             size_t *body)
{
	if (l->blank || is_closing_line(r, l))
		return false;
	size_t a, b;
	line_trim(r, l, &a, &b);
	size_t i = a;
	/* "{Hallo|Guten Tag} {{name}}," — a spintax group may open it */
	if (i < b && r->s[i] == '{' && !(i + 1 < b && r->s[i + 1] == '{'))
		i++;
	size_t sl = match_any(r->s + i, b - i, salutations);
	if (!sl) {
		/* "{{anrede}} {{nachname}}," — a short line of placeholders */
		if (b - a > 60 || r->s[a] != '{' || a + 1 >= b || r->s[a + 1] != '{' ||
		    (r->s[b - 1] != ',' && r->s[b - 1] != '!') ||
		    memchr(r->s + a, '.', b - a) || memchr(r->s + a, '?', b - a))
			return false;
		*gend = b;
		*body = l->end;
		return true;
	}
	/* "Hallo," "Hi {{name}}" "Hey!" — not "Hi-Fi-Anlagen …" */
	char after = i + sl < b ? r->s[i + sl] : ' ';
	if (!is_hspace(after) && after != ',' && after != '!' && after != '|' && after != ':')
		return false;
	char last = r->s[b - 1];
	const char *punct = NULL;
	for (size_t k = i; k < b; k++) {
		if (r->s[k] == ',' || r->s[k] == '!') {
			punct = r->s + k;
			break;
		}
	}
	if (last == ',' || last == '!' || !punct) {
		if (!punct && b - a > GREETING_MAX_BYTES)
			return false; /* a long sentence that happens to start with "Hallo" */
		*gend = b;
		*body = l->end;
		return true;
	}
	/* "Hallo Herr Müller, ich schreibe Ihnen, weil …": the salutation ends
	 * at the first comma, the body starts on the same line */
	*gend = (size_t)(punct - r->s) + 1;
	*body = *gend;
	return true;
}

/* ---- sections ----------------------------------------------------------- */

/* Sets section sec to [a, b) trimmed of blank lines, comments and spaces;
 * absent if nothing is left. */
static void set_section(struct reader *r, enum ol_section sec, size_t a, size_t b)
{
	size_t x = skip_blank(r, a, b);
	size_t y = skip_blank_back(r, x, b);
	if (x >= y)
		return;
	/* start at the line's beginning when only indentation precedes */
	size_t ls = x;
	while (ls > a && is_hspace(r->s[ls - 1]))
		ls--;
	if (ls >= a && (ls == 0 || r->s[ls - 1] == '\n'))
		x = ls;
	r->t->sec[sec].start = x;
	r->t->sec[sec].end = y;
	r->t->has[sec] = true;
}

/* Non-blank lines in (from, to) of the line table. */
static size_t count_nonblank(const struct reader *r, size_t from, size_t to)
{
	size_t n = 0;
	for (size_t i = from + 1; i < to; i++)
		if (!r->lines[i].blank)
			n++;
	return n;
}

/* The last closing line in [lo, hi) if at most SIGNATURE_MAX_LINES
 * non-blank lines follow it before tail_end; SIZE_MAX if none. */
static size_t find_closing(const struct reader *r, size_t lo, size_t hi, size_t tail_end)
{
	for (size_t i = hi; i-- > lo;) {
		if (is_closing_line(r, &r->lines[i]))
			return count_nonblank(r, i, tail_end) <= SIGNATURE_MAX_LINES ? i : SIZE_MAX;
	}
	return SIZE_MAX;
}

static void find_sections(struct reader *r)
{
	struct ol_template *t = r->t;
	size_t n = r->nlines;
	const size_t NONE = SIZE_MAX;
	if (r->ts < r->len) {
		t->has[OL_SEC_TEXT] = true;
		t->sec[OL_SEC_TEXT].start = r->ts;
		t->sec[OL_SEC_TEXT].end = r->len;
	}
	size_t first = 0;
	while (first < n && r->lines[first].blank)
		first++;
	if (first == n)
		return;

	size_t greet = NONE, gend = 0, body_off = r->lines[first].start;
	if (is_greeting_line(r, &r->lines[first], &gend, &body_off)) {
		greet = first;
		set_section(r, OL_SEC_GREETING, r->lines[first].start, gend);
	}
	size_t lo = greet == NONE ? first : greet + 1;

	size_t delim = NONE, ps = NONE;
	for (size_t i = lo; i < n; i++) {
		if (is_sig_delim(r, &r->lines[i]))
			delim = i; /* the last one */
		else if (ps == NONE && is_ps_line(r, &r->lines[i]))
			ps = i;
	}
	size_t closing = NONE;
	if (ps != NONE) {
		/* "Beste Grüße / Max / P.S. …" or "P.S. … / Beste Grüße / Max" */
		closing = find_closing(r, lo, ps, ps);
		if (closing == NONE)
			closing = find_closing(r, ps + 1, n, n);
	} else {
		closing = find_closing(r, lo, n, n);
	}

	size_t text_end = r->len;
#define LSTART(i) ((i) < n ? r->lines[(i)].start : text_end)
	/* body: up to the first of closing, "-- " and P.S. */
	size_t body_end_line = n;
	if (closing != NONE && closing < body_end_line)
		body_end_line = closing;
	if (delim != NONE && delim < body_end_line)
		body_end_line = delim;
	if (ps != NONE && ps < body_end_line)
		body_end_line = ps;
	if (body_end_line > first || body_off > r->lines[first].start)
		set_section(r, OL_SEC_BODY, body_off, LSTART(body_end_line));
	if (closing != NONE)
		set_section(r, OL_SEC_CLOSING, r->lines[closing].start, r->lines[closing].end);
	size_t sig = closing != NONE ? closing + 1 : delim != NONE ? delim + 1 : NONE;
	if (sig != NONE) {
		size_t sig_end = ps != NONE && ps >= sig ? ps : n;
		set_section(r, OL_SEC_SIGNATURE, LSTART(sig), LSTART(sig_end));
	}
	if (ps != NONE) {
		size_t ps_end = n;
		if (closing != NONE && closing > ps)
			ps_end = closing;
		if (delim != NONE && delim > ps && delim < ps_end)
			ps_end = delim;
		set_section(r, OL_SEC_PS, r->lines[ps].start, LSTART(ps_end));
	}
#undef LSTART
}

/* ---- placeholders and spintax ------------------------------------------- */

static bool is_name_byte(const char *s, size_t n, size_t *len)
{
	char c = s[0];
	if (is_ascii_alnum(c) || c == '_' || c == '-' || c == '.') {
		*len = 1;
		return true;
	}
	uint32_t cp;
	size_t l = ol_utf8_decode(s, n, &cp);
	if (l && is_latin_letter(cp)) {
		*len = l;
		return true;
	}
	return false;
}

static void placeholder_finding(struct reader *r, size_t a, size_t b, const char *msg)
{
	if (r->nphrerr++ >= MAX_INPUT_FINDINGS)
		return;
	ol_catalog_add(r->diags, OL_CAT_PLACEHOLDER, a, b, msg);
}

static void spin_finding(struct reader *r, size_t a, size_t b, const char *msg)
{
	if (r->nspinerr++ >= MAX_INPUT_FINDINGS)
		return;
	ol_catalog_add(r->diags, OL_CAT_SPINTAX, a, b, msg);
}

/* At "{{" (s[i], s[i+1]): parses a placeholder within [i, b). Returns the
 * offset after it; records it if well-formed, else adds a finding. */
static size_t scan_placeholder(struct reader *r, size_t i, size_t b)
{
	const char *s = r->s;
	size_t j = i + 2;
	while (j < b && is_hspace(s[j]))
		j++;
	size_t na = j, l;
	while (j < b && is_name_byte(s + j, b - j, &l))
		j += l;
	size_t nb = j;
	while (j < b && is_hspace(s[j]))
		j++;
	if (nb > na && j + 1 < b && s[j] == '}' && s[j + 1] == '}') {
		struct ol_template *t = r->t;
		ol_xgrow(&t->ph, &r->capph, t->nph + 1, sizeof(*t->ph));
		t->ph[t->nph].whole.start = i;
		t->ph[t->nph].whole.end = j + 2;
		t->ph[t->nph].name.start = na;
		t->ph[t->nph].name.end = nb;
		t->nph++;
		add_mask(r, OL_MASK_PLACEHOLDER, na, nb);
		return j + 2;
	}
	/* malformed: skip to "}}" on the same line if there is one */
	size_t k = i + 2;
	if (k < r->ph_noclose)
		k = r->ph_noclose;
	else
		while (k < b && s[k] != '\n' && !(s[k] == '}' && k + 1 < b && s[k + 1] == '}'))
			k++;
	if (k + 1 < b && s[k] == '}' && s[k + 1] == '}') {
		placeholder_finding(r, i, k + 2,
		                    "ungültiger Platzhalter: erlaubt ist „{{name}}“ mit Buchstaben, "
		                    "Ziffern, „_“, „-“ und „.“");
		return k + 2;
	}
	r->ph_noclose = k;
	placeholder_finding(r, i, i + 2, "„{{“ wird nicht mit „}}“ geschlossen");
	return i + 2;
}

/* true if a blank line (paragraph break) starts right after the LF at i. */
static bool paragraph_break(const char *s, size_t i, size_t b)
{
	size_t j = i + 1;
	while (j < b && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r'))
		j++;
	return j < b && s[j] == '\n';
}

/* At a single "{" (s[i]): parses a spintax group within [i, b) and the
 * current paragraph. Returns the offset to go on from. */
static size_t scan_spin(struct reader *r, size_t i, size_t b)
{
	const char *s = r->s;
	size_t *bars = NULL, nbars = 0, capbars = 0;
	size_t j = i + 1, nested = SIZE_MAX, depth = 0;
	while (j < b) {
		char c = s[j];
		if (c == '\n' && paragraph_break(s, j, b))
			break;
		if (c == '{' && j + 1 < b && s[j + 1] == '{') {
			j = scan_placeholder(r, j, b); /* options may hold placeholders */
			continue;
		}
		if (c == '{') {
			if (nested == SIZE_MAX)
				nested = j;
			depth++;
		} else if (c == '}') {
			if (depth == 0)
				break;
			depth--;
		} else if (c == '|' && depth == 0) {
			ol_xgrow(&bars, &capbars, nbars + 1, sizeof(*bars));
			bars[nbars++] = j;
		}
		j++;
	}
	if (j >= b || s[j] != '}') {
		free(bars);
		spin_finding(r, i, i + 1, "Spintax: „{“ wird nicht mit „}“ geschlossen");
		/* go on after the scanned part: its placeholders are recorded
		 * already, and the rest would only cascade */
		return j;
	}
	size_t close = j;
	if (nested != SIZE_MAX) {
		free(bars);
		spin_finding(r, nested, nested + 1,
		             "Spintax: verschachtelte Gruppen „{…{…}…}“ werden nicht unterstützt");
		return close + 1;
	}
	if (nbars == 0) {
		free(bars);
		return close + 1; /* "{word}": plain text, not spintax */
	}
	struct ol_template *t = r->t;
	ol_xgrow(&t->spin, &r->capspin, t->nspin + 1, sizeof(*t->spin));
	struct ol_spin *sp = &t->spin[t->nspin++];
	sp->whole.start = i;
	sp->whole.end = close + 1;
	sp->nopt = nbars + 1;
	sp->options = ol_xcalloc(sp->nopt, sizeof(*sp->options));
	size_t a = i + 1;
	for (size_t k = 0; k <= nbars; k++) {
		size_t e = k < nbars ? bars[k] : close;
		sp->options[k].start = a;
		sp->options[k].end = e;
		a = e + 1;
	}
	free(bars);
	return close + 1;
}

static void scan_braces(struct reader *r, size_t a, size_t b)
{
	const char *s = r->s;
	size_t i = a;
	while (i < b) {
		const struct ol_span *c;
		if (s[i] == '<' && (c = comment_at(r, i)) != NULL) {
			i = c->end;
			continue;
		}
		if (s[i] == '{' && i + 1 < b && s[i + 1] == '{') {
			i = scan_placeholder(r, i, b);
		} else if (s[i] == '{') {
			i = scan_spin(r, i, b);
		} else if (s[i] == '}') {
			if (i + 1 < b && s[i + 1] == '}') {
				placeholder_finding(r, i, i + 2, "„}}“ ohne öffnendes „{{“");
				i += 2;
			} else {
				spin_finding(r, i, i + 1, "Spintax: „}“ ohne öffnende „{“");
				i++;
			}
		} else {
			i++;
		}
	}
}

/* ---- masks ------------------------------------------------------------- */

struct quote_pair {
	const char *open;
	const char *close1, *close2; /* close2 may be NULL */
};

static const struct quote_pair quote_pairs[] = {
	{"\xE2\x80\x9E", "\xE2\x80\x9C", "\xE2\x80\x9D"}, /* „…“ „…” */
	{"\xE2\x80\x9C", "\xE2\x80\x9D", NULL},           /* “…” */
	{"\xC2\xBB", "\xC2\xAB", NULL},                   /* »…« */
	{"\xC2\xAB", "\xC2\xBB", NULL},                   /* «…» */
	{"\xE2\x80\x9A", "\xE2\x80\x98", NULL},           /* ‚…‘ (not ’: an apostrophe) */
	{"\"", "\"", NULL},                               /* "…" */
};
#define NQUOTES (sizeof(quote_pairs) / sizeof(quote_pairs[0]))

static bool starts_with(const char *s, size_t n, const char *p)
{
	size_t l = strlen(p);
	return n >= l && memcmp(s, p, l) == 0;
}

/* Masks the inner text of quote pairs within a paragraph. fail[k] is the
 * paragraph end up to which pair k is known to have no closer, so a text
 * full of unpaired openers stays linear. */
static void scan_quotes(struct reader *r, size_t a, size_t b)
{
	const char *s = r->s;
	size_t fail[NQUOTES] = {0};
	size_t i = a;
	while (i < b) {
		const struct ol_span *c;
		if (s[i] == '<' && (c = comment_at(r, i)) != NULL) {
			i = c->end;
			continue;
		}
		size_t k;
		for (k = 0; k < NQUOTES; k++)
			if (starts_with(s + i, b - i, quote_pairs[k].open))
				break;
		if (k == NQUOTES || i < fail[k]) {
			i++;
			continue;
		}
		const struct quote_pair *q = &quote_pairs[k];
		size_t ol = strlen(q->open);
		size_t j = i + ol, found = SIZE_MAX, cl = 0;
		while (j < b) {
			if (s[j] == '\n' && paragraph_break(s, j, b))
				break;
			if (starts_with(s + j, b - j, q->close1)) {
				found = j;
				cl = strlen(q->close1);
				break;
			}
			if (q->close2 && starts_with(s + j, b - j, q->close2)) {
				found = j;
				cl = strlen(q->close2);
				break;
			}
			j++;
		}
		if (found == SIZE_MAX) {
			fail[k] = j;
			i += ol;
			continue;
		}
		add_mask(r, OL_MASK_QUOTE, i + ol, found);
		i = found + cl;
	}
}

static void scan_quote_lines(struct reader *r)
{
	for (size_t k = 0; k < r->nlines; k++) {
		const struct line *l = &r->lines[k];
		size_t i = l->start;
		while (i < l->end && i - l->start < 3 && r->s[i] == ' ')
			i++;
		if (i < l->end && r->s[i] == '>')
			add_mask(r, OL_MASK_QUOTE, l->start, l->end);
	}
}

/* A byte that ends a URL: white space, angle brackets, quotes. */
static bool url_stop(const char *s, size_t n)
{
	char c = s[0];
	if (is_space(c) || c == '<' || c == '>' || c == '"' || c == '`')
		return true;
	uint32_t cp;
	size_t l = ol_utf8_decode(s, n, &cp);
	return l > 1 && ((cp >= 0x2018 && cp <= 0x201F) || cp == 0xAB || cp == 0xBB || cp == 0x2026);
}

static size_t scan_url(struct reader *r, size_t i, size_t b)
{
	const char *s = r->s;
	size_t l = match_word(s + i, b - i, "https") ? 5 : match_word(s + i, b - i, "http") ? 4 : 0;
	size_t j;
	if (l && i + l + 3 <= b && memcmp(s + i + l, "://", 3) == 0)
		j = i + l + 3;
	else if (match_word(s + i, b - i, "www") && i + 4 <= b && s[i + 3] == '.')
		j = i + 4;
	else
		return i;
	size_t body = j, open = 0, close = 0;
	while (j < b && !url_stop(s + j, b - j)) {
		open += s[j] == '(';
		close += s[j] == ')';
		j++;
	}
	/* "(siehe https://x.de/a_(b))": keep balanced parentheses only */
	for (;;) {
		if (j > body && s[j - 1] && strchr(".,;:!?']", s[j - 1])) {
			j--;
		} else if (j > body && s[j - 1] == ')' && close > open) {
			j--;
			close--;
		} else {
			break;
		}
	}
	if (j == body)
		return i;
	add_mask(r, OL_MASK_URL, i, j);
	return j;
}

static bool is_local_byte(char c)
{
	return is_ascii_alnum(c) || (c && strchr("._%+-", c));
}

/* At "@" (s[i]): masks local@domain.tld around it. */
static void scan_email(struct reader *r, size_t i, size_t a, size_t b)
{
	const char *s = r->s;
	size_t x = i;
	while (x > a && is_local_byte(s[x - 1]))
		x--;
	while (x < i && s[x] == '.')
		x++;
	if (x == i)
		return;
	size_t j = i + 1, lastdot = SIZE_MAX;
	while (j < b) {
		size_t l;
		if (is_ascii_alnum(s[j]) || s[j] == '-') {
			j++;
		} else if (s[j] == '.') {
			lastdot = j;
			j++;
		} else if ((unsigned char)s[j] >= 0x80 && is_name_byte(s + j, b - j, &l)) {
			j += l;
		} else {
			break;
		}
	}
	while (j > i + 1 && (s[j - 1] == '.' || s[j - 1] == '-'))
		j--;
	if (lastdot == SIZE_MAX || lastdot >= j || lastdot == i + 1 || j - lastdot < 3)
		return;
	add_mask(r, OL_MASK_EMAIL, x, j);
}

static void scan_links(struct reader *r, size_t a, size_t b)
{
	const char *s = r->s;
	size_t i = a;
	while (i < b) {
		char c = lower_ascii(s[i]);
		if ((c == 'h' || c == 'w') && (i == a || !is_ascii_alnum(s[i - 1]))) {
			size_t j = scan_url(r, i, b);
			if (j > i) {
				/* an address inside a URL (mailto:, user@host) is part of it */
				i = j;
				continue;
			}
		} else if (c == '@') {
			scan_email(r, i, a, b);
		}
		i++;
	}
}

static int cmp_mask(const void *pa, const void *pb)
{
	const struct ol_mask *x = pa, *y = pb;
	if (x->span.start != y->span.start)
		return x->span.start < y->span.start ? -1 : 1;
	if (x->span.end != y->span.end)
		return x->span.end < y->span.end ? -1 : 1;
	return (int)x->kind - (int)y->kind;
}

/* ---- entry points ------------------------------------------------------- */

static void set_defaults(struct ol_template *t, const struct ol_source *src)
{
	memset(t, 0, sizeof(*t));
	t->src = src;
	t->step = 1;
	t->channel = ol_xstrdup("email");
	t->address = ol_xstrdup("sie");
}

int ol_template_read(const struct ol_source *src, struct ol_template *t,
                     struct ol_findings *diags)
{
	set_defaults(t, src);
	if (!check_encoding(src, diags))
		return -1;

	struct reader r;
	memset(&r, 0, sizeof(r));
	r.t = t;
	r.diags = diags;
	r.s = src->text;
	r.len = src->len;
	size_t bom = src->bom;

	size_t nb = bom;
	while (nb < r.len && is_space(r.s[nb]))
		nb++;
	if (nb == r.len) {
		ol_catalog_add(diags, OL_CAT_EMPTY, 0, 0, NULL);
		return 0;
	}

	read_front_matter(&r, bom);
	find_comments(&r);
	split_lines(&r);
	find_sections(&r);

	if (t->has_subject)
		scan_braces(&r, r.subj_a, r.subj_b);
	scan_braces(&r, r.ts, r.len);

	if (t->has_subject) {
		scan_quotes(&r, r.subj_a, r.subj_b);
		scan_links(&r, r.subj_a, r.subj_b);
	}
	scan_quotes(&r, r.ts, r.len);
	scan_quote_lines(&r);
	scan_links(&r, r.ts, r.len);
	if (t->nmasks > 1)
		qsort(t->masks, t->nmasks, sizeof(*t->masks), cmp_mask);

	free(r.comments);
	free(r.lines);
	return 0;
}

void ol_template_fini(struct ol_template *t)
{
	if (!t)
		return;
	ol_yaml_free(t->meta_tree);
	free(t->channel);
	free(t->address);
	free(t->subject);
	free(t->ph);
	for (size_t i = 0; i < t->nspin; i++)
		free(t->spin[i].options);
	free(t->spin);
	free(t->masks);
	memset(t, 0, sizeof(*t));
}
