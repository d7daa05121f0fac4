/* diag/finding.c: the finding model. */
#include "finding.h"

#include "catalog.h"
#include "../base/base.h"

#include <stdlib.h>
#include <string.h>

static const char *const sev_names[] = {"off", "info", "warning", "error"};

const char *ol_severity_name(enum ol_severity s)
{
	return (unsigned)s < 4 ? sev_names[s] : "error";
}

int ol_severity_from_name(const char *name)
{
	for (int i = 0; i < 4; i++)
		if (strcmp(name, sev_names[i]) == 0)
			return i;
	return -1;
}

void ol_findings_init(struct ol_findings *fs)
{
	fs->v = NULL;
	fs->n = fs->cap = 0;
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

void ol_findings_fini(struct ol_findings *fs)
{
	for (size_t i = 0; i < fs->n; i++)
		finding_fini(&fs->v[i]);
	free(fs->v);
	ol_findings_init(fs);
}

struct ol_finding *ol_findings_add(struct ol_findings *fs, const char *rule,
                                   enum ol_severity sev, size_t start,
                                   size_t end, const char *message)
{
	ol_xgrow(&fs->v, &fs->cap, fs->n + 1, sizeof(*fs->v));
	struct ol_finding *f = &fs->v[fs->n++];
	memset(f, 0, sizeof(*f));
	f->rule = ol_xstrdup(rule);
	f->severity = sev;
	f->message = ol_xstrdup(message);
	f->start = start;
	f->end = end < start ? start : end;
	return f;
}

void ol_findings_move(struct ol_findings *dst, struct ol_findings *src)
{
	ol_xgrow(&dst->v, &dst->cap, dst->n + src->n, sizeof(*dst->v));
	if (src->n)
		memcpy(dst->v + dst->n, src->v, src->n * sizeof(*src->v));
	dst->n += src->n;
	free(src->v);
	ol_findings_init(src);
}

static int cmp_str(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int cmp_finding(const void *pa, const void *pb)
{
	const struct ol_finding *a = pa, *b = pb;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->end != b->end)
		return a->end < b->end ? -1 : 1;
	int c = strcmp(a->rule, b->rule);
	if (c)
		return c;
	c = strcmp(a->message, b->message);
	if (c)
		return c;
	return cmp_str(a->context, b->context);
}

void ol_findings_sort(struct ol_findings *fs)
{
	if (fs->n < 2)
		return;
	qsort(fs->v, fs->n, sizeof(*fs->v), cmp_finding);
	size_t w = 1;
	for (size_t i = 1; i < fs->n; i++) {
		struct ol_finding *p = &fs->v[w - 1], *f = &fs->v[i];
		if (p->start == f->start && p->end == f->end &&
		    strcmp(p->rule, f->rule) == 0 &&
		    strcmp(p->message, f->message) == 0) {
			finding_fini(f); /* the same finding from another context */
			continue;
		}
		fs->v[w++] = *f;
	}
	fs->n = w;
}

void ol_file_result_init(struct ol_file_result *r, const char *path)
{
	r->path = ol_xstrdup(path);
	r->src = NULL;
	ol_findings_init(&r->findings);
}

void ol_file_result_fini(struct ol_file_result *r)
{
	free(r->path);
	ol_source_free(r->src);
	ol_findings_fini(&r->findings);
}

void ol_report_init(struct ol_report *rep)
{
	rep->files = NULL;
	rep->n = rep->cap = 0;
}

void ol_report_fini(struct ol_report *rep)
{
	for (size_t i = 0; i < rep->n; i++)
		ol_file_result_fini(&rep->files[i]);
	free(rep->files);
	ol_report_init(rep);
}

struct ol_file_result *ol_report_add(struct ol_report *rep, const char *path)
{
	ol_xgrow(&rep->files, &rep->cap, rep->n + 1, sizeof(*rep->files));
	struct ol_file_result *r = &rep->files[rep->n++];
	ol_file_result_init(r, path);
	return r;
}

static int cmp_file(const void *pa, const void *pb)
{
	const struct ol_file_result *a = pa, *b = pb;
	return strcmp(a->path, b->path);
}

void ol_report_sort(struct ol_report *rep)
{
	if (rep->n > 1)
		qsort(rep->files, rep->n, sizeof(*rep->files), cmp_file);
	for (size_t i = 0; i < rep->n; i++)
		ol_findings_sort(&rep->files[i].findings);
}

/* The catalogue. */
struct cat_entry {
	const char *rule;
	enum ol_severity sev;
	const char *msg;
};

static const struct cat_entry catalog[] = {
#define OL_CAT_ROW(name, id, sev, msg) {id, sev, msg},
	OL_CATALOG(OL_CAT_ROW)
#undef OL_CAT_ROW
};

const char *ol_catalog_rule(enum ol_catalog_id id)
{
	return catalog[id].rule;
}

enum ol_severity ol_catalog_severity(enum ol_catalog_id id)
{
	return catalog[id].sev;
}

struct ol_finding *ol_catalog_add(struct ol_findings *fs, enum ol_catalog_id id,
                                  size_t start, size_t end, const char *arg)
{
	const struct cat_entry *e = &catalog[id];
	struct ol_buf b;
	ol_buf_init(&b);
	const char *p = strstr(e->msg, "%s");
	if (p) {
		ol_buf_add(&b, e->msg, (size_t)(p - e->msg));
		ol_buf_adds(&b, arg ? arg : "");
		ol_buf_adds(&b, p + 2);
	} else {
		ol_buf_adds(&b, e->msg);
	}
	struct ol_finding *f = ol_findings_add(fs, e->rule, e->sev, start, end, b.data);
	ol_buf_fini(&b);
	return f;
}

void ol_finding_fix_span(const struct ol_finding *f, size_t *start, size_t *end)
{
	*start = f->fix_at ? f->fix_start : f->start;
	*end = f->fix_at ? f->fix_end : f->end;
}

void ol_finding_fix_span_in(const struct ol_finding *f, size_t len, size_t *start, size_t *end)
{
	ol_finding_fix_span(f, start, end);
	if (*start > len)
		*start = len;
	if (*end > len || *end < *start)
		*end = *start;
}

void ol_finding_position(const struct ol_finding *f, const struct ol_source *src,
                         enum ol_col_unit unit, size_t *line, size_t *col, size_t *eline,
                         size_t *ecol)
{
	*line = *col = *eline = *ecol = 1;
	if (!src)
		return;
	*line = ol_source_line(src, f->start);
	*col = ol_source_col(src, f->start, unit);
	*eline = ol_source_line(src, f->end);
	*ecol = ol_source_col(src, f->end, unit);
}
