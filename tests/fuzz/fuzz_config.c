/* fuzz_config: the project configuration loader (.outlint.yml). The loader
 * reads a path, so the input goes to a file in /dev/shm (or $TMPDIR) that is
 * rewritten for every input; applying it to the shipped rules and asking
 * include/exclude questions exercise what was loaded. */
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checker/config/config.h"
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ol_ruleset *rs;
static char path[256];
static int *saved_sev;   /* rule and statement severities, to undo ol_config_apply */
static size_t nsaved;

/* Saves (save true) or restores every severity ol_config_apply may change,
 * so that each input sees the shipped rules. */
static void severities(bool save)
{
	size_t k = 0;
	for (size_t i = 0; i < rs->nrules; i++) {
		struct ol_rule *r = rs->rules[i];
		if (save) {
			saved_sev = realloc(saved_sev, (k + 1) * sizeof *saved_sev);
			saved_sev[k] = (int)r->sev;
		} else
			r->sev = (enum ol_severity)saved_sev[k];
		k++;
		for (struct ol_stmt *s = r->stmts; s; s = s->next) {
			if (save) {
				saved_sev = realloc(saved_sev, (k + 1) * sizeof *saved_sev);
				saved_sev[k] = (int)s->sev;
			} else
				s->sev = (enum ol_severity)saved_sev[k];
			k++;
		}
	}
	nsaved = k;
}

static void cleanup(void)
{
	unlink(path);
	char dir[256];
	snprintf(dir, sizeof dir, "%s", path);
	char *slash = strrchr(dir, '/');
	if (slash) {
		*slash = '\0';
		rmdir(dir);
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	rs = fuzz_shipped_rules();
	severities(true);
	char dir[200];
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : (getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	snprintf(dir, sizeof dir, "%s/olfuzz-config.XXXXXX", base);
	if (!mkdtemp(dir)) {
		perror("fuzz_config: mkdtemp");
		abort();
	}
	snprintf(path, sizeof path, "%s/.outlint.yml", dir);
	atexit(cleanup);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		abort();
	size_t off = 0;
	while (off < size) {
		ssize_t k = write(fd, data + off, size - off);
		if (k <= 0)
			abort();
		off += (size_t)k;
	}
	close(fd);

	struct ol_config c;
	struct ol_report errs;
	ol_report_init(&errs);
	int n = ol_config_load(path, &c, &errs);
	if (n == 0) {
		ol_config_apply(&c, rs, &errs);
		severities(false);
		(void)ol_config_wants(&c, "templates/a.md");
		(void)ol_config_wants(&c, "x/y/z/campaign.yaml");
		for (size_t i = 0; i < c.nparams; i++) {
			const struct ol_rule *r = ol_ruleset_find(rs, c.params[i].rule);
			(void)r;
		}
	}
	ol_config_fini(&c);
	ol_report_fini(&errs);
	return 0;
}
