/* engine/lint.c: walking paths and linting campaigns and templates. */
#include "lint.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include "pattern.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define MAX_WALK_DEPTH 64

enum kind { K_TEMPLATE, K_CAMPAIGN };

struct item {
	char *path;   /* display path */
	char *real;   /* realpath, for identity */
	enum kind kind;
};

struct items {
	struct item *v;
	size_t n, cap;
};

static void add_error(struct ol_report *errs, const char *path, int err)
{
	struct ol_file_result *r = ol_report_add(errs, path);
	ol_findings_add(&r->findings, "input/io", OL_SEV_ERROR, 0, 0, strerror(err));
}

static void add_item(struct items *it, const char *path, enum kind k)
{
	char real[PATH_MAX];
	ol_xgrow(&it->v, &it->cap, it->n + 1, sizeof(*it->v));
	struct item *x = &it->v[it->n++];
	x->path = ol_xstrdup(path);
	x->real = ol_xstrdup(realpath(path, real) ? real : path);
	x->kind = k;
}

static bool skipped_name(const char *name)
{
	static const char *const pre[] = {"readme", "changelog", "license", "licence", "contributing", NULL};
	if (name[0] == '.' || strcmp(name, "node_modules") == 0)
		return true;
	for (const char *const *p = pre; *p; p++)
		if (strncasecmp(name, *p, strlen(*p)) == 0)
			return true;
	return false;
}

static bool is_template_name(const char *n)
{
	return ol_has_suffix(n, ".md") || ol_has_suffix(n, ".txt");
}

static bool is_yaml_name(const char *n)
{
	return ol_has_suffix(n, ".yaml") || ol_has_suffix(n, ".yml");
}

static bool sniff_campaign(const char *path)
{
	char *data;
	size_t len;
	if (ol_read_file(path, &data, &len) != 0)
		return false;
	bool c = ol_campaign_sniff(data, len);
	free(data);
	return c;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *child_path(const char *dir, const char *name)
{
	if (strcmp(dir, ".") == 0)
		return ol_xstrdup(name);
	return ol_path_join(dir, name);
}

static int walk(const char *dir, struct items *it, struct ol_report *errs, int depth,
                const struct ol_lint_filter *f)
{
	DIR *d = opendir(dir);
	if (!d) {
		add_error(errs, dir, errno);
		return -1;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (skipped_name(e->d_name))
			continue;
		ol_xgrow(&names, &cap, n + 1, sizeof(*names));
		names[n++] = ol_xstrdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_name);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		char *p = child_path(dir, names[i]);
		struct stat st;
		if (lstat(p, &st) != 0) {
			add_error(errs, p, errno);
			rc = -1;
		} else if (S_ISDIR(st.st_mode)) {
			if (depth < MAX_WALK_DEPTH && walk(p, it, errs, depth + 1, f) != 0)
				rc = -1;
		} else if (S_ISREG(st.st_mode) || (S_ISLNK(st.st_mode) && stat(p, &st) == 0 && S_ISREG(st.st_mode))) {
			/* symlinks to files are linted; symlinked folders are not
			 * followed, so a link loop cannot trap the walk */
			bool wanted = !f || !f->want || f->want(f->arg, p);
			if (wanted && is_template_name(names[i]))
				add_item(it, p, K_TEMPLATE);
			else if (wanted && is_yaml_name(names[i]) && sniff_campaign(p))
				add_item(it, p, K_CAMPAIGN);
		}
		free(p);
		free(names[i]);
	}
	free(names);
	return rc;
}

/* "a/./b" → "a/b", "./a" → "a"; keeps ".." (the user may mean it). */
static char *tidy(const char *p)
{
	struct ol_buf b;
	ol_buf_init(&b);
	while (p[0] == '.' && p[1] == '/')
		p += 2;
	while (*p) {
		if (p[0] == '/' && p[1] == '.' && p[2] == '/') {
			p += 2;
			continue;
		}
		if (p[0] == '/' && p[1] == '/') {
			p++;
			continue;
		}
		ol_buf_addc(&b, *p++);
	}
	return ol_buf_detach(&b);
}

struct results {
	struct ol_report *rep;
	char **real; /* realpath of rep->files[i] */
	size_t cap;
};

static struct ol_file_result *result_for(struct results *rs, const char *path, const char *real, bool *fresh)
{
	for (size_t i = 0; i < rs->rep->n; i++)
		if (rs->real[i] && strcmp(rs->real[i], real) == 0) {
			*fresh = false;
			return &rs->rep->files[i];
		}
	struct ol_file_result *r = ol_report_add(rs->rep, path);
	ol_xgrow(&rs->real, &rs->cap, rs->rep->n, sizeof(*rs->real));
	rs->real[rs->rep->n - 1] = ol_xstrdup(real);
	*fresh = true;
	return r;
}

static bool load_src(struct ol_file_result *r, struct ol_report *errs)
{
	if (r->src)
		return true;
	r->src = ol_source_load(r->path);
	if (!r->src) {
		add_error(errs, r->path, errno);
		return false;
	}
	return true;
}

/* One unit of work: a campaign's own checks, or a template in a context
 * (or standalone). Units run in any order on any worker; their findings
 * are merged in unit order, so the report is the same for every -j. */
struct job {
	size_t result;                        /* index into rep->files */
	const struct ol_campaign *camp;       /* the campaign, or the template's context */
	const struct ol_campaign_step *step;  /* NULL: a campaign job or a standalone template */
	bool campaign;
	char *context;
	struct ol_findings out;
};

struct pool {
	struct job *jobs;
	size_t njobs, next;
	pthread_mutex_t lock;
	struct ol_checker *ck;                /* the caller's; workers clone it */
};

static void run_job(struct ol_checker *ck, struct ol_report *rep, struct job *j)
{
	if (j->campaign) {
		ol_check_campaign(ck, j->camp, &j->out);
		return;
	}
	struct ol_tctx tc = {j->camp, j->step, j->context};
	ol_check_template(ck, rep->files[j->result].src, j->step ? &tc : NULL, &j->out);
}

struct worker {
	struct pool *pool;
	struct ol_report *rep;
	struct ol_checker *ck;
	pthread_t thread;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	for (;;) {
		pthread_mutex_lock(&w->pool->lock);
		size_t i = w->pool->next++;
		pthread_mutex_unlock(&w->pool->lock);
		if (i >= w->pool->njobs)
			break;
		run_job(w->ck, w->rep, &w->pool->jobs[i]);
	}
	return NULL;
}

static void run_jobs(struct ol_checker *ck, struct ol_report *rep, struct job *jobs, size_t njobs,
                     unsigned nthreads)
{
	if (nthreads > njobs)
		nthreads = (unsigned)njobs;
	if (nthreads <= 1) {
		for (size_t i = 0; i < njobs; i++)
			run_job(ck, rep, &jobs[i]);
		return;
	}
	struct pool pool = {jobs, njobs, 0, PTHREAD_MUTEX_INITIALIZER, ck};
	struct worker *ws = ol_xcalloc(nthreads, sizeof(*ws));
	unsigned started = 0;
	for (unsigned t = 0; t < nthreads; t++) {
		ws[t].pool = &pool;
		ws[t].rep = rep;
		/* each worker has its own PCRE2 match data and hunspell handle */
		ws[t].ck = t == 0 ? ck : ol_checker_clone(ck);
		if (t == 0)
			continue;
		if (pthread_create(&ws[t].thread, NULL, work, &ws[t]) == 0)
			started++;
		else {
			ol_checker_free(ws[t].ck);
			ws[t].ck = NULL;
		}
	}
	work(&ws[0]); /* the caller's thread works too */
	for (unsigned t = 1; t < nthreads; t++) {
		if (!ws[t].ck)
			continue;
		pthread_join(ws[t].thread, NULL);
		ol_checker_absorb(ck, ws[t].ck);
		ol_checker_free(ws[t].ck);
	}
	(void)started;
	free(ws);
}

int ol_lint_paths(struct ol_checker *ck, const char *const *paths, size_t n,
                  const struct ol_lint_filter *filter, unsigned jobs_wanted,
                  struct ol_report *rep, struct ol_report *errs,
                  struct ol_suppressions *supp)
{
	struct items it = {0};
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (stat(paths[i], &st) != 0) {
			add_error(errs, paths[i], errno);
			rc = -1;
		} else if (S_ISDIR(st.st_mode)) {
			if (walk(paths[i], &it, errs, 0, filter) != 0)
				rc = -1;
		} else if (is_yaml_name(paths[i])) {
			/* YAML without a top-level steps: is another tool's file (a CI
			 * workflow, a pre-commit config): not ours, as in a folder walk */
			if (sniff_campaign(paths[i]))
				add_item(&it, paths[i], K_CAMPAIGN);
		} else {
			add_item(&it, paths[i], K_TEMPLATE);
		}
	}
	struct results res = {rep, NULL, 0};
	ol_xgrow(&res.real, &res.cap, rep->n + 1, sizeof(*res.real));
	struct job *jobs = NULL;
	size_t njobs = 0, capjobs = 0;
	struct ol_campaign **camps = NULL;
	size_t ncamps = 0, capcamps = 0;
	/* campaigns first: their templates are linted in context */
	char **in_context = NULL;
	size_t nctx = 0, capctx = 0;
	for (size_t i = 0; i < it.n; i++) {
		if (it.v[i].kind != K_CAMPAIGN)
			continue;
		bool fresh;
		struct ol_file_result *cr = result_for(&res, it.v[i].path, it.v[i].real, &fresh);
		size_t cidx = (size_t)(cr - rep->files);
		if (!fresh || !load_src(cr, errs)) {
			if (fresh)
				rc = -1;
			continue;
		}
		struct ol_campaign *camp = ol_xcalloc(1, sizeof(*camp));
		ol_xgrow(&camps, &capcamps, ncamps + 1, sizeof(*camps));
		camps[ncamps++] = camp;
		int crc = ol_campaign_read(cr->src, camp, &cr->findings);
		if (crc != 0)
			continue;
		ol_xgrow(&jobs, &capjobs, njobs + 1, sizeof(*jobs));
		jobs[njobs++] = (struct job){.result = cidx, .camp = camp, .campaign = true};
		for (size_t k = 0; k < camp->nsteps; k++) {
			const struct ol_campaign_step *st = &camp->steps[k];
			if (!st->template_path || !st->template_exists)
				continue;
			char *tp = tidy(st->template_path);
			char real[PATH_MAX];
			const char *rp = realpath(tp, real) ? real : tp;
			bool tfresh;
			struct ol_file_result *tr = result_for(&res, tp, rp, &tfresh);
			size_t tidx = (size_t)(tr - rep->files);
			if (tfresh) {
				ol_xgrow(&in_context, &capctx, nctx + 1, sizeof(*in_context));
				in_context[nctx++] = ol_xstrdup(rp);
			}
			if (load_src(tr, errs)) {
				ol_xgrow(&jobs, &capjobs, njobs + 1, sizeof(*jobs));
				jobs[njobs++] = (struct job){.result = tidx, .camp = camp, .step = st,
				                             .context = ol_xasprintf("%s, step %zu",
				                                                     rep->files[cidx].path, st->index)};
			} else {
				rc = -1;
			}
			free(tp);
		}
	}
	/* the remaining templates on their own */
	for (size_t i = 0; i < it.n; i++) {
		if (it.v[i].kind != K_TEMPLATE)
			continue;
		bool done = false;
		for (size_t k = 0; k < nctx; k++)
			if (strcmp(in_context[k], it.v[i].real) == 0)
				done = true;
		if (done)
			continue;
		bool fresh;
		struct ol_file_result *tr = result_for(&res, it.v[i].path, it.v[i].real, &fresh);
		if (!fresh)
			continue;
		if (!load_src(tr, errs)) {
			rc = -1;
			continue;
		}
		ol_xgrow(&jobs, &capjobs, njobs + 1, sizeof(*jobs));
		jobs[njobs++] = (struct job){.result = (size_t)(tr - rep->files)};
	}
	ol_re_jit_all();
	run_jobs(ck, rep, jobs, njobs, jobs_wanted ? jobs_wanted : 1);
	for (size_t i = 0; i < njobs; i++) {
		ol_findings_move(&rep->files[jobs[i].result].findings, &jobs[i].out);
		free(jobs[i].context);
	}
	free(jobs);
	/* a file's findings are complete only now (a template may have been
	 * linted in several campaign contexts), so suppressions are applied
	 * here, once per file, and "without effect" means in this whole run */
	for (size_t i = 0; i < rep->n; i++)
		if (rep->files[i].src)
			ol_suppress_apply(rep->files[i].src, ol_suppress_is_yaml(rep->files[i].path),
			                  &rep->files[i].findings, supp);
	for (size_t i = 0; i < ncamps; i++) {
		ol_campaign_fini(camps[i]);
		free(camps[i]);
	}
	free(camps);
	/* files that could not be read are reported in errs, not as results */
	size_t w = 0;
	for (size_t i = 0; i < rep->n; i++) {
		if (!rep->files[i].src) {
			ol_file_result_fini(&rep->files[i]);
			continue;
		}
		rep->files[w++] = rep->files[i];
	}
	rep->n = w;
	for (size_t i = 0; i < res.cap && res.real; i++)
		free(res.real[i]);
	free(res.real);
	for (size_t k = 0; k < nctx; k++)
		free(in_context[k]);
	free(in_context);
	for (size_t i = 0; i < it.n; i++) {
		free(it.v[i].path);
		free(it.v[i].real);
	}
	free(it.v);
	return rc;
}
