/* diag/output_sarif.c: SARIF 2.1.0, one run, checked against the OASIS
 * schema (errata01) by tests/consumers/sarif and shaped for GitHub code
 * scanning: relative artifact URIs with a uriBaseId, rules with help and a
 * default level, a stated columnKind, partialFingerprints. The layout is
 * one rule and one result per line, so that the output stays diffable. */
#include "output_ci.h"

#include "../base/base.h"
#include "catalog.h"
#include "fingerprint.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void put_uri_path(struct ol_buf *b, const char *p)
{
	static const char hex[] = "0123456789ABCDEF";
	while (p[0] == '.' && p[1] == '/') {
		p += 2;
		while (*p == '/')
			p++;
	}
	for (; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
			ol_buf_addc(b, (char)c);
		} else {
			ol_buf_addc(b, '%');
			ol_buf_addc(b, hex[c >> 4]);
			ol_buf_addc(b, hex[c & 15]);
		}
	}
}

/* "artifactLocation": a relative reference against %SRCROOT%, or a file:
 * URI for an absolute path (which has no base to be relative to). */
static void put_artifact(struct ol_buf *b, const char *path)
{
	ol_buf_adds(b, "\"artifactLocation\": {\"uri\": \"");
	if (path[0] == '/') {
		ol_buf_adds(b, "file://");
		put_uri_path(b, path);
		ol_buf_adds(b, "\"}");
	} else {
		put_uri_path(b, path);
		ol_buf_adds(b, "\", \"uriBaseId\": \"%SRCROOT%\"}");
	}
}

static const char *level_name(enum ol_severity s)
{
	switch (s) {
	case OL_SEV_ERROR:
		return "error";
	case OL_SEV_WARNING:
		return "warning";
	default:
		return "note";
	}
}

/* Appends a region for [start,end): 1-based lines, exclusive end column
 * (SARIF 3.30.8: endColumn is the column after the last character). A file
 * without source gets 1:1, an empty region at the file's start. */
static void put_region(struct ol_buf *b, const char *key, const struct ol_source *src,
                       size_t start, size_t end, enum ol_col_unit unit)
{
	size_t line = 1, col = 1, eline = 1, ecol = 1;
	if (src) {
		line = ol_source_line(src, start);
		col = ol_source_col(src, start, unit);
		eline = ol_source_line(src, end);
		ecol = ol_source_col(src, end, unit);
	}
	ol_buf_printf(b,
	              "\"%s\": {\"startLine\": %zu, \"startColumn\": %zu, \"endLine\": %zu, "
	              "\"endColumn\": %zu}",
	              key, line, col, eline, ecol);
}

/* The rule table: the caller's rules, then ids only seen in findings
 * (borrowed from the report). */
struct rule_ent {
	char *id;               /* owned */
	enum ol_severity level; /* for the ids only seen in findings */
};
struct rule_tab {
	struct rule_ent *v;
	size_t n, cap, ncaller;
};

static size_t rule_index(const struct rule_tab *t, const char *id)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->v[i].id, id))
			return i;
	return (size_t)-1;
}

static void rule_tab_add(struct rule_tab *t, char *id, enum ol_severity level)
{
	ol_xgrow(&t->v, &t->cap, t->n + 1, sizeof *t->v);
	t->v[t->n++] = (struct rule_ent){id, level};
}

/* The default level of a checker diagnostic: the catalogue's, else the
 * finding's own. */
static enum ol_severity catalog_level(const char *id, enum ol_severity fallback)
{
	for (int i = 0; i < OL_CAT__COUNT; i++)
		if (!strcmp(ol_catalog_rule((enum ol_catalog_id)i), id))
			return ol_catalog_severity((enum ol_catalog_id)i);
	return fallback;
}

/* helpUri must be an absolute URI (the schema's "uri" format): a scheme
 * of letters, digits, + - . and then ':'. */
static bool absolute_uri(const char *s)
{
	if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')))
		return false;
	for (s++; *s && *s != ':'; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9') || *s == '+' || *s == '-' || *s == '.'))
			return false;
	return *s == ':' && s[1];
}

static void put_rule(struct ol_buf *b, const struct ol_rule_info *ri)
{
	ol_buf_adds(b, "{\"id\": ");
	ol_json_put_str(b, ri->id);
	ol_buf_adds(b, ", \"name\": ");
	ol_json_put_str(b, ri->id);
	if (ri->summary && *ri->summary) {
		ol_buf_adds(b, ", \"shortDescription\": {\"text\": ");
		ol_json_put_str(b, ri->summary);
		ol_buf_addc(b, '}');
	}
	struct ol_buf h;
	ol_buf_init(&h);
	if (ri->help && *ri->help)
		ol_buf_adds(&h, ri->help);
	if (ri->cite && *ri->cite) {
		if (h.len)
			ol_buf_adds(&h, h.data[h.len - 1] == '\n' ? "\n" : "\n\n");
		ol_buf_adds(&h, ri->cite);
	}
	if (h.len) {
		ol_buf_adds(b, ", \"fullDescription\": {\"text\": ");
		ol_json_put_str(b, h.data);
		ol_buf_adds(b, "}, \"help\": {\"text\": ");
		ol_json_put_str(b, h.data);
		ol_buf_addc(b, '}');
	} else if (ri->summary && *ri->summary) {
		/* GitHub shows help; the summary is better than nothing */
		ol_buf_adds(b, ", \"help\": {\"text\": ");
		ol_json_put_str(b, ri->summary);
		ol_buf_addc(b, '}');
	}
	ol_buf_fini(&h);
	if (ri->url && absolute_uri(ri->url)) {
		ol_buf_adds(b, ", \"helpUri\": ");
		ol_json_put_str(b, ri->url);
	}
	ol_buf_printf(b, ", \"defaultConfiguration\": {\"level\": \"%s\"}}", level_name(ri->level));
}

static void put_result(struct ol_buf *b, const struct ol_file_result *r,
                       const struct ol_finding *f, size_t idx, enum ol_col_unit unit)
{
	ol_buf_adds(b, "{\"ruleId\": ");
	ol_json_put_str(b, f->rule);
	ol_buf_printf(b, ", \"ruleIndex\": %zu, \"level\": \"%s\", \"message\": {\"text\": ", idx,
	              level_name(f->severity));
	if (f->hint) {
		char *m = ol_xasprintf("%s\n%s", f->message, f->hint);
		ol_json_put_str(b, m);
		free(m);
	} else {
		ol_json_put_str(b, f->message);
	}
	ol_buf_adds(b, "}, \"locations\": [{\"physicalLocation\": {");
	put_artifact(b, r->path);
	ol_buf_adds(b, ", ");
	put_region(b, "region", r->src, f->start, f->end, unit);
	ol_buf_adds(b, "}}]");
	char fp[17];
	ol_fingerprint(f, r->path, r->src, fp);
	ol_buf_printf(b, ", \"partialFingerprints\": {\"outlintFingerprint/v1\": \"%s\"}", fp);
	if (f->fix) {
		size_t fs, fe;
		ol_finding_fix_span(f, &fs, &fe);
		ol_buf_adds(b, ", \"fixes\": [{\"description\": {\"text\": ");
		ol_json_put_str(b, fs == fe ? "einfügen" : *f->fix ? "ersetzen" : "entfernen");
		ol_buf_adds(b, "}, \"artifactChanges\": [{");
		put_artifact(b, r->path);
		ol_buf_adds(b, ", \"replacements\": [{");
		put_region(b, "deletedRegion", r->src, fs, fe, unit);
		ol_buf_adds(b, ", \"insertedContent\": {\"text\": ");
		ol_json_put_str(b, f->fix);
		ol_buf_adds(b, "}}]}]}]");
	}
	if (f->cite || f->context) {
		ol_buf_adds(b, ", \"properties\": {");
		if (f->cite) {
			ol_buf_adds(b, "\"cite\": ");
			ol_json_put_str(b, f->cite);
		}
		if (f->context) {
			ol_buf_adds(b, f->cite ? ", \"context\": " : "\"context\": ");
			ol_json_put_str(b, f->context);
		}
		ol_buf_addc(b, '}');
	}
	ol_buf_addc(b, '}');
}

/* A SARIF log written file by file: the results go to a temporary file
 * (memory if none can be made) while the rule table grows, and the log is
 * put together when the run ends, because tool.driver.rules and the
 * invocation's notice about a cut come before the results. */
struct ol_sarif {
	FILE *out;
	const struct ol_output_opts *o;
	enum ol_col_unit unit;
	const struct ol_rule_info *rules;
	struct rule_tab t;
	FILE *tmp;
	struct ol_buf mem;
	struct ol_buf one;
	long mark; /* offset in tmp before the result being written */
	size_t total, shown;
};

struct ol_sarif *ol_sarif_open(FILE *out, const struct ol_output_opts *o,
                               const struct ol_rule_info *rules, size_t nrules)
{
	struct ol_sarif *s = ol_xcalloc(1, sizeof(*s));
	s->out = out;
	s->o = o;
	s->unit = o->col_unit == OL_COL_UTF16 ? OL_COL_UTF16 : OL_COL_CODEPOINT;
	s->rules = rules;
	for (size_t i = 0; i < nrules; i++)
		rule_tab_add(&s->t, ol_xstrdup(rules[i].id), rules[i].level);
	s->t.ncaller = s->t.n;
	s->tmp = tmpfile();
	if (s->tmp) /* unbuffered: a failing write shows at once (to_memory) */
		setvbuf(s->tmp, NULL, _IONBF, 0);
	ol_buf_init(&s->mem);
	ol_buf_init(&s->one);
	return s;
}

/* The temporary file failed (a full disk): what it holds goes to memory,
 * the rest follows there. A partly written result is dropped and written
 * again by the caller. */
static void to_memory(struct ol_sarif *s)
{
	long end = s->mark; /* complete results only */
	rewind(s->tmp);
	char chunk[65536];
	size_t k, left = end > 0 ? (size_t)end : 0;
	while (left && (k = fread(chunk, 1, left < sizeof chunk ? left : sizeof chunk, s->tmp)) > 0) {
		ol_buf_add(&s->mem, chunk, k);
		left -= k;
	}
	fclose(s->tmp);
	s->tmp = NULL;
}

void ol_sarif_file(struct ol_sarif *s, const struct ol_file_result *r)
{
	for (size_t j = 0; j < r->findings.n; j++) {
		const struct ol_finding *f = &r->findings.v[j];
		if (f->severity == OL_SEV_OFF)
			continue;
		s->total++;
		if (rule_index(&s->t, f->rule) == (size_t)-1)
			rule_tab_add(&s->t, ol_xstrdup(f->rule), catalog_level(f->rule, f->severity));
		if (s->shown >= OL_SARIF_MAX_RESULTS)
			continue;
		s->one.len = 0;
		if (s->tmp)
			s->mark = ftell(s->tmp);
		ol_buf_adds(&s->one, s->shown++ ? ",\n        " : "\n        ");
		put_result(&s->one, r, f, rule_index(&s->t, f->rule), s->unit);
		if (s->tmp && fwrite(s->one.data, 1, s->one.len, s->tmp) != s->one.len)
			to_memory(s);
		if (!s->tmp)
			ol_buf_add(&s->mem, s->one.data, s->one.len);
	}
}

void ol_sarif_close(struct ol_sarif *s)
{
	struct ol_buf b;
	ol_buf_init(&b);
	ol_buf_adds(&b, "{\n  \"$schema\": \"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/"
	                "os/schemas/sarif-schema-2.1.0.json\",\n  \"version\": \"2.1.0\",\n"
	                "  \"runs\": [\n    {\n      \"tool\": {\n        \"driver\": {\n"
	                "          \"name\": \"outlint\",\n          \"version\": ");
	ol_json_put_str(&b, s->o->version ? s->o->version : "unknown");
	ol_buf_adds(&b, ",\n          \"informationUri\": \"https://github.com/outlint/outlint\",\n"
	                "          \"rules\": [");
	for (size_t i = 0; i < s->t.n; i++) {
		ol_buf_adds(&b, i ? ",\n            " : "\n            ");
		if (i < s->t.ncaller) {
			put_rule(&b, &s->rules[i]);
		} else {
			struct ol_rule_info ri = {.id = s->t.v[i].id, .level = s->t.v[i].level};
			put_rule(&b, &ri);
		}
	}
	ol_buf_adds(&b, s->t.n ? "\n          ]\n        }\n      },\n" : "]\n        }\n      },\n");
	bool cut = s->total > OL_SARIF_MAX_RESULTS;
	ol_buf_adds(&b, "      \"invocations\": [{\"executionSuccessful\": true");
	if (cut)
		ol_buf_printf(&b,
		              ", \"toolExecutionNotifications\": [{\"level\": \"warning\", "
		              "\"message\": {\"text\": \"%zu results, only the first %d are "
		              "reported (GitHub code scanning accepts at most %d per run)\"}}]",
		              s->total, OL_SARIF_MAX_RESULTS, OL_SARIF_MAX_RESULTS);
	ol_buf_adds(&b, "}],\n");
	ol_buf_printf(&b, "      \"columnKind\": \"%s\",\n",
	              s->unit == OL_COL_UTF16 ? "utf16CodeUnits" : "unicodeCodePoints");
	ol_buf_adds(&b, "      \"results\": [");
	fwrite(b.data, 1, b.len, s->out);
	if (s->tmp) {
		rewind(s->tmp);
		char chunk[65536];
		size_t k;
		while ((k = fread(chunk, 1, sizeof chunk, s->tmp)) > 0)
			fwrite(chunk, 1, k, s->out);
		fclose(s->tmp);
	} else if (s->mem.len) {
		fwrite(s->mem.data, 1, s->mem.len, s->out);
	}
	b.len = 0;
	ol_buf_adds(&b, s->shown ? "\n      ]" : "]");
	if (cut)
		ol_buf_printf(&b,
		              ",\n      \"properties\": {\"truncated\": true, \"totalResults\": %zu, "
		              "\"reportedResults\": %zu}",
		              s->total, s->shown);
	ol_buf_adds(&b, "\n    }\n  ]\n}\n");
	fwrite(b.data, 1, b.len, s->out);
	ol_buf_fini(&b);
	ol_buf_fini(&s->mem);
	ol_buf_fini(&s->one);
	for (size_t i = 0; i < s->t.n; i++)
		free(s->t.v[i].id);
	free(s->t.v);
	free(s);
}
