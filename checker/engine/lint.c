/* engine/lint.c: walking paths and linting campaigns and templates. */
#include "lint.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include "pattern.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define MAX_WALK_DEPTH 64

/* Below this much text in a run, patterns are not JIT-compiled. */
#define OL_LINT_JIT_MIN_BYTES 4096

enum kind { K_TEMPLATE, K_CAMPAIGN };

struct item {
	char *path;   /* display path */
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
	ol_xgrow(&it->v, &it->cap, it->n + 1, sizeof(*it->v));
	struct item *x = &it->v[it->n++];
	x->path = ol_xstrdup(path);
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

/* ---- planning: one unit per file ----------------------------------------
 *
 * A unit is one file of the report with everything that lints it: its
 * campaign checks, or its template in each campaign context (or alone).
 * Units are planned first (campaigns read, templates not yet), sorted by
 * path, then run by the workers and handed to the caller in that order as
 * soon as each unit and all before it are done; then their memory is
 * freed. At most WINDOW units beyond the next one to hand over are in
 * work, so memory does not grow with the number of files. */

struct job {
	const struct ol_campaign *camp;       /* the campaign, or the template's context */
	const struct ol_campaign_step *step;  /* NULL: a campaign job or a standalone template */
	bool campaign;
	char *context;
};

enum ustate { U_TODO, U_BUSY, U_DONE };

struct unit {
	struct ol_file_result res;  /* path, src (loaded when run), findings */
	dev_t dev;                  /* identity: device and inode */
	ino_t ino;
	bool keep_src;              /* a campaign's source: its campaign points into it */
	bool in_context;            /* a template some campaign step references */
	int err;                    /* errno of a failed read, or 0 */
	size_t bytes;               /* size on disk, for the JIT decision */
	struct job *jobs;
	size_t njobs;
	enum ustate state;
};

struct plan {
	struct unit **u;
	size_t n, cap;
	size_t *hash; /* open addressing over (dev, ino): index + 1, 0 = empty */
	size_t hcap;
};

static size_t id_hash(dev_t dev, ino_t ino)
{
	unsigned long long h = ((unsigned long long)dev * 1099511628211ull) ^ (unsigned long long)ino;
	h ^= h >> 29;
	return (size_t)(h * 0x9E3779B97F4A7C15ull);
}

static void hash_put(struct plan *pl, size_t idx)
{
	size_t j = id_hash(pl->u[idx]->dev, pl->u[idx]->ino) & (pl->hcap - 1);
	while (pl->hash[j])
		j = (j + 1) & (pl->hcap - 1);
	pl->hash[j] = idx + 1;
}

/* The unit of the file at path (the same file under another name, a
 * symlink or a/./b, is the same unit), a new one if there is none. A file
 * that cannot be stat'ed gets a unit of its own (its read fails later).
 * Takes path (malloc'd): the unit keeps it, or it is freed. */
static struct unit *unit_for(struct plan *pl, char *path, bool *fresh)
{
	struct stat st;
	bool known = stat(path, &st) == 0;
	if (known && pl->hcap) {
		for (size_t j = id_hash(st.st_dev, st.st_ino) & (pl->hcap - 1); pl->hash[j];
		     j = (j + 1) & (pl->hcap - 1)) {
			struct unit *u = pl->u[pl->hash[j] - 1];
			if (u->dev == st.st_dev && u->ino == st.st_ino) {
				free(path);
				*fresh = false;
				return u;
			}
		}
	}
	if ((pl->n + 1) * 2 > pl->hcap) {
		free(pl->hash);
		pl->hcap = pl->hcap ? pl->hcap * 2 : 256;
		pl->hash = ol_xcalloc(pl->hcap, sizeof(*pl->hash));
		for (size_t i = 0; i < pl->n; i++)
			if (pl->u[i]->bytes != SIZE_MAX)
				hash_put(pl, i);
	}
	struct unit *u = ol_xcalloc(1, sizeof(*u));
	u->res.path = path;
	ol_findings_init(&u->res.findings);
	ol_xgrow(&pl->u, &pl->cap, pl->n + 1, sizeof(*pl->u));
	pl->u[pl->n++] = u;
	if (known) {
		u->dev = st.st_dev;
		u->ino = st.st_ino;
		u->bytes = (size_t)st.st_size;
		hash_put(pl, pl->n - 1);
	} else {
		u->bytes = SIZE_MAX; /* not in the hash */
	}
	*fresh = true;
	return u;
}

static void add_job(struct unit *u, struct job j)
{
	/* most units have one job: grow one at a time, not by ol_xgrow's
	 * doubling, which would reserve room for eight per file */
	u->jobs = ol_xrealloc(u->jobs, (u->njobs + 1) * sizeof(*u->jobs));
	u->jobs[u->njobs++] = j;
}

static void unit_free(struct unit *u)
{
	for (size_t i = 0; i < u->njobs; i++)
		free(u->jobs[i].context);
	free(u->jobs);
	ol_file_result_fini(&u->res);
	free(u);
}

static int cmp_unit(const void *pa, const void *pb)
{
	const struct unit *a = *(struct unit *const *)pa, *b = *(struct unit *const *)pb;
	int c = strcmp(a->res.path, b->res.path);
	if (c)
		return c;
	return (a > b) - (a < b); /* same display path, two files: keep it stable */
}

/* ---- running ------------------------------------------------------------- */

/* Loads a template's source and runs the unit's jobs. */
static void run_unit(struct ol_checker *ck, struct unit *u)
{
	if (!u->res.src) {
		u->res.src = ol_source_load(u->res.path);
		if (!u->res.src) {
			u->err = errno ? errno : EIO;
			return;
		}
	}
	for (size_t i = 0; i < u->njobs; i++) {
		const struct job *j = &u->jobs[i];
		if (j->campaign) {
			ol_check_campaign(ck, j->camp, &u->res.findings);
			continue;
		}
		struct ol_tctx tc = {j->camp, j->step, j->context};
		ol_check_template(ck, u->res.src, j->step ? &tc : NULL, &u->res.findings);
	}
}

struct pool {
	struct unit **u;
	size_t n;
	size_t next;      /* the next unit to take */
	size_t emitted;   /* units before this one were handed over */
	size_t window;
	pthread_mutex_t lock;
	pthread_cond_t cond;
};

struct worker {
	struct pool *pool;
	struct ol_checker *ck;
	pthread_t thread;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	struct pool *p = w->pool;
	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (p->next < p->n && p->next >= p->emitted + p->window)
			pthread_cond_wait(&p->cond, &p->lock);
		if (p->next >= p->n)
			break;
		struct unit *u = p->u[p->next++];
		u->state = U_BUSY;
		pthread_mutex_unlock(&p->lock);
		run_unit(w->ck, u);
		pthread_mutex_lock(&p->lock);
		u->state = U_DONE;
		pthread_cond_broadcast(&p->cond);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

struct emitter {
	ol_lint_emit fn;
	void *arg;
	struct ol_report *errs;
	struct ol_suppressions *supp;
	int rc;
};

/* Hands a finished unit to the caller and frees what it no longer needs.
 * A file's findings are complete only now (a template may be linted in
 * several campaign contexts), so suppressions are applied here, once per
 * file, and "without effect" means in this whole run. */
static void emit(struct emitter *e, struct unit **up)
{
	struct unit *u = *up;
	if (u->err) {
		add_error(e->errs, u->res.path, u->err);
		e->rc = -1;
	} else if (u->res.src) {
		ol_suppress_apply(u->res.src, ol_suppress_is_yaml(u->res.path), &u->res.findings, e->supp);
		ol_findings_sort(&u->res.findings);
		e->fn(e->arg, &u->res);
	}
	ol_findings_fini(&u->res.findings);
	ol_findings_init(&u->res.findings);
	if (!u->keep_src) { /* a template: done with it */
		unit_free(u);
		*up = NULL;
	}
}

static void run_units(struct ol_checker *ck, struct unit **units, size_t n, unsigned nthreads,
                      struct emitter *e)
{
	if (nthreads > n)
		nthreads = (unsigned)n;
	if (nthreads <= 1) {
		for (size_t i = 0; i < n; i++) {
			run_unit(ck, units[i]);
			emit(e, &units[i]);
		}
		return;
	}
	struct pool pool = {.u = units, .n = n, .window = 8 * (size_t)nthreads};
	pthread_mutex_init(&pool.lock, NULL);
	pthread_cond_init(&pool.cond, NULL);
	struct worker *ws = ol_xcalloc(nthreads, sizeof(*ws));
	for (unsigned t = 0; t < nthreads; t++) {
		ws[t].pool = &pool;
		/* workers share the rules and the dictionary; each has its own
		 * PCRE2 match data */
		ws[t].ck = ol_checker_clone(ck);
		if (pthread_create(&ws[t].thread, NULL, work, &ws[t]) != 0) {
			ol_checker_free(ws[t].ck);
			ws[t].ck = NULL;
		}
	}
	/* this thread hands the units over in order; with no worker started
	 * it does the work itself */
	bool any = false;
	for (unsigned t = 0; t < nthreads; t++)
		any = any || ws[t].ck;
	for (size_t i = 0; i < n; i++) {
		if (!any) {
			run_unit(ck, units[i]);
		} else {
			pthread_mutex_lock(&pool.lock);
			while (units[i]->state != U_DONE)
				pthread_cond_wait(&pool.cond, &pool.lock);
			pthread_mutex_unlock(&pool.lock);
		}
		emit(e, &units[i]);
		pthread_mutex_lock(&pool.lock);
		pool.emitted = i + 1;
		pthread_cond_broadcast(&pool.cond);
		pthread_mutex_unlock(&pool.lock);
	}
	for (unsigned t = 0; t < nthreads; t++) {
		if (!ws[t].ck)
			continue;
		pthread_join(ws[t].thread, NULL);
		ol_checker_absorb(ck, ws[t].ck);
		ol_checker_free(ws[t].ck);
	}
	free(ws);
	pthread_cond_destroy(&pool.cond);
	pthread_mutex_destroy(&pool.lock);
}

int ol_lint_paths(struct ol_checker *ck, const char *const *paths, size_t n,
                  const struct ol_lint_filter *filter, unsigned jobs_wanted,
                  ol_lint_emit fn, void *arg, struct ol_report *errs,
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
	struct plan pl = {0};
	struct ol_campaign **camps = NULL;
	size_t ncamps = 0, capcamps = 0;
	/* campaigns first: their templates are linted in context */
	for (size_t i = 0; i < it.n; i++) {
		if (it.v[i].kind != K_CAMPAIGN)
			continue;
		bool fresh;
		struct unit *cu = unit_for(&pl, it.v[i].path, &fresh);
		it.v[i].path = NULL;
		if (!fresh)
			continue;
		cu->keep_src = true;
		cu->res.src = ol_source_load(cu->res.path);
		if (!cu->res.src) {
			cu->err = errno ? errno : EIO;
			continue;
		}
		struct ol_campaign *camp = ol_xcalloc(1, sizeof(*camp));
		ol_xgrow(&camps, &capcamps, ncamps + 1, sizeof(*camps));
		camps[ncamps++] = camp;
		if (ol_campaign_read(cu->res.src, camp, &cu->res.findings) != 0)
			continue;
		add_job(cu, (struct job){.camp = camp, .campaign = true});
		for (size_t k = 0; k < camp->nsteps; k++) {
			const struct ol_campaign_step *st = &camp->steps[k];
			if (!st->template_path || !st->template_exists)
				continue;
			char *tp = tidy(st->template_path);
			bool tfresh;
			struct unit *tu = unit_for(&pl, tp, &tfresh); /* takes tp */
			if (tfresh)
				tu->in_context = true;
			if (tu->in_context)
				add_job(tu, (struct job){.camp = camp, .step = st,
				                         .context = ol_xasprintf("%s, step %zu", cu->res.path,
				                                                 st->index)});
		}
	}
	/* the remaining templates on their own */
	for (size_t i = 0; i < it.n; i++) {
		if (it.v[i].kind != K_TEMPLATE)
			continue;
		bool fresh;
		struct unit *tu = unit_for(&pl, it.v[i].path, &fresh);
		it.v[i].path = NULL;
		if (!fresh)
			continue; /* named twice, or linted in a campaign's context */
		add_job(tu, (struct job){0});
	}
	/* JIT-compiling every pattern (~25 ms for the shipped packs) pays off
	 * from about two templates on; one template is matched faster by
	 * PCRE2's interpreter than compiled */
	size_t total = 0;
	for (size_t i = 0; i < pl.n; i++)
		if (pl.u[i]->bytes != SIZE_MAX)
			total += pl.u[i]->bytes;
	if (total >= OL_LINT_JIT_MIN_BYTES)
		ol_re_jit_all();
	/* what only planning needed goes before the work starts */
	for (size_t i = 0; i < it.n; i++) {
		free(it.v[i].path);
	}
	free(it.v);
	free(pl.hash);
	pl.hash = NULL;
	if (pl.n > 1)
		qsort(pl.u, pl.n, sizeof(*pl.u), cmp_unit);
	struct emitter e = {fn, arg, errs, supp, 0};
	run_units(ck, pl.u, pl.n, jobs_wanted ? jobs_wanted : 1, &e);
	if (e.rc != 0)
		rc = -1;
	for (size_t i = 0; i < pl.n; i++)
		if (pl.u[i])
			unit_free(pl.u[i]);
	free(pl.u);
	for (size_t i = 0; i < ncamps; i++) {
		ol_campaign_fini(camps[i]);
		free(camps[i]);
	}
	free(camps);
	return rc;
}
