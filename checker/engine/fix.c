/* engine/fix.c: choosing, applying and writing fixes. */
#include "fix.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../base/base.h"
#include "../diag/fixit.h"

struct edit {
	size_t start, end;
	const char *text;
	const char *rule;
};

static int cmp_edit(const void *pa, const void *pb)
{
	const struct edit *a = pa, *b = pb;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	int c = strcmp(a->rule, b->rule);
	if (c)
		return c;
	if (a->end != b->end)
		return a->end < b->end ? -1 : 1;
	return strcmp(a->text, b->text);
}

bool ol_fix_text(const char *text, size_t len, const struct ol_findings *fs, unsigned flags,
                 char **out, size_t *out_len, size_t *applied, size_t *skipped)
{
	struct edit *e = ol_xcalloc(fs->n + 1, sizeof(*e));
	size_t n = 0;
	for (size_t i = 0; i < fs->n; i++) {
		const struct ol_finding *f = &fs->v[i];
		size_t s, z;
		ol_finding_fix_span(f, &s, &z);
		if (!f->fix || f->severity == OL_SEV_OFF || (f->fix_unsafe && !(flags & OL_FIX_UNSAFE)) ||
		    (s == z && (flags & OL_FIX_NO_INSERT)) || z < s || z > len)
			continue;
		e[n++] = (struct edit){s, z, f->fix, f->rule};
	}
	qsort(e, n, sizeof(*e), cmp_edit);
	struct ol_buf b;
	ol_buf_init(&b);
	size_t pos = 0;    /* text before pos is copied or replaced */
	size_t taken = 0, lost = 0;
	const struct edit *last = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct edit *x = &e[i];
		if (last && x->start == last->start && x->end == last->end && !strcmp(x->text, last->text))
			continue; /* the same fix from another rule or context */
		/* pos is the end of the span replaced last (or the last insertion
		 * point): a fix must start there or later */
		if (x->start < pos) {
			lost++;
			continue;
		}
		ol_buf_add(&b, text + pos, x->start - pos);
		ol_buf_adds(&b, x->text);
		pos = x->end;
		last = x;
		taken++;
	}
	ol_buf_add(&b, text + pos, len - pos);
	free(e);
	if (applied)
		*applied = taken;
	if (skipped)
		*skipped = lost;
	*out_len = b.len;
	*out = b.data ? ol_buf_detach(&b) : ol_xstrdup("");
	return *out_len != len || memcmp(*out, text, len) != 0;
}

/* Reads the whole of fd from its start. */
static char *slurp(int fd, size_t *len)
{
	struct ol_buf b;
	ol_buf_init(&b);
	char tmp[65536];
	for (;;) {
		ssize_t r = read(fd, tmp, sizeof tmp);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			ol_buf_fini(&b);
			return NULL;
		}
		if (r == 0)
			break;
		ol_buf_add(&b, tmp, (size_t)r);
	}
	*len = b.len;
	return b.data ? ol_buf_detach(&b) : ol_xstrdup("");
}

/* true if the file at path still holds old_text; *st receives its stat. */
static bool unchanged(const char *path, const char *old_text, size_t old_len, struct stat *st, int *eno)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		*eno = errno;
		return false;
	}
	size_t n = 0;
	char *cur = NULL;
	bool ok = fstat(fd, st) == 0 && (cur = slurp(fd, &n)) != NULL;
	*eno = ok ? 0 : errno;
	close(fd);
	ok = ok && n == old_len && memcmp(cur, old_text, n) == 0;
	free(cur);
	return ok;
}

static bool same_stat(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

static int write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

int ol_fix_write_file(const char *path, const char *old_text, size_t old_len,
                      const char *new_text, size_t new_len, char **err)
{
	*err = NULL;
	/* a symbolic link stays one: its target is what gets replaced */
	char real[PATH_MAX];
	if (!realpath(path, real)) {
		*err = ol_xasprintf("cannot fix: %s", strerror(errno));
		return -1;
	}
	struct stat st1, st2;
	int eno = 0;
	if (!unchanged(real, old_text, old_len, &st1, &eno)) {
		*err = eno ? ol_xasprintf("cannot fix: %s", strerror(eno))
		           : ol_xstrdup("changed since it was read; not fixed (run outlint again)");
		return -1;
	}
	char *dir = ol_path_dir(real);
	const char *base = strrchr(real, '/');
	base = base ? base + 1 : real;
	char *tmp = ol_xasprintf("%s/.%s.outlint-XXXXXX", dir, base);
	free(dir);
	int fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		*err = ol_xasprintf("cannot fix: cannot create a temporary file next to it: %s; the file is unchanged",
		                    strerror(errno));
		free(tmp);
		return -1;
	}
	const char *step = "write the temporary file";
	if (write_all(fd, new_text, new_len) != 0)
		goto fail;
	step = "set the permissions of the temporary file";
	if (fchmod(fd, st1.st_mode & 07777) != 0)
		goto fail;
	if (fchown(fd, st1.st_uid, st1.st_gid) != 0) {
		/* only root may give a file away; the group may still fit */
		if (fchown(fd, (uid_t)-1, st1.st_gid) != 0) {
			/* keep going: the owner is the user who runs the fix */
		}
	}
	step = "flush the temporary file to disk";
	if (fsync(fd) != 0)
		goto fail;
	step = "close the temporary file";
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	/* the last look before the rename: anything written in between wins */
	if (!unchanged(real, old_text, old_len, &st2, &eno) || !same_stat(&st1, &st2)) {
		unlink(tmp);
		free(tmp);
		*err = eno ? ol_xasprintf("cannot fix: %s", strerror(eno))
		           : ol_xstrdup("changed since it was read; not fixed (run outlint again)");
		return -1;
	}
	step = "rename the temporary file over it";
	if (rename(tmp, real) != 0)
		goto fail;
	free(tmp);
	/* the rename itself is durable once the folder is flushed */
	char *d = ol_path_dir(real);
	int dfd = open(d, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		(void)fsync(dfd);
		close(dfd);
	}
	free(d);
	return 0;
fail:
	eno = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	*err = ol_xasprintf("cannot fix: cannot %s: %s; the file is unchanged", step, strerror(eno));
	return -1;
}

static void add_err(struct ol_report *errs, const char *path, const char *msg)
{
	struct ol_file_result *r = ol_report_add(errs, path);
	ol_findings_add(&r->findings, "io", OL_SEV_ERROR, 0, 0, msg);
}

int ol_fix_report(const struct ol_report *rep, unsigned flags, FILE *diff_out,
                  struct ol_report *errs, size_t *applied)
{
	int rc = 0;
	size_t total = 0;
	for (size_t i = 0; i < rep->n; i++) {
		const struct ol_file_result *r = &rep->files[i];
		if (!r->src)
			continue;
		char *nt;
		size_t nlen, na = 0, ns = 0;
		if (!ol_fix_text(r->src->text, r->src->len, &r->findings, flags, &nt, &nlen, &na, &ns)) {
			free(nt);
			continue;
		}
		if (diff_out) {
			if (ol_diff_unified(diff_out, r->path, r->src->text, r->src->len, nt, nlen, 3) != 0)
				rc = -1;
			total += na;
		} else {
			char *err = NULL;
			if (ol_fix_write_file(r->path, r->src->text, r->src->len, nt, nlen, &err) != 0) {
				add_err(errs, r->path, err);
				free(err);
				rc = -1;
			} else {
				total += na;
			}
		}
		free(nt);
	}
	if (applied)
		*applied = total;
	return rc;
}
