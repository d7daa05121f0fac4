/* content/campaign.c: a campaign YAML file → its steps and variables, with
 * the tree kept for the rules that look at campaign fields. */
#include "campaign.h"

#include "../base/base.h"
#include "../diag/catalog.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool ol_campaign_sniff(const char *text, size_t len)
{
	size_t i = 0;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len) {
		if (len - i >= 6 && memcmp(text + i, "steps:", 6) == 0)
			return true;
		const char *nl = memchr(text + i, '\n', len - i);
		if (!nl)
			break;
		i = (size_t)(nl - text) + 1;
	}
	return false;
}

/* A finding span for node n: the node, or one byte if it is empty. */
static void node_finding(struct ol_findings *diags, enum ol_catalog_id id,
                         const struct ol_ynode *n, size_t fallback, const char *arg)
{
	size_t a = n ? n->start : fallback;
	size_t b = n ? n->end : fallback;
	ol_catalog_add(diags, id, a, b, arg);
}

static bool readable_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, R_OK) == 0;
}

/* The project root of a campaign: the nearest folder upwards from the
 * campaign's folder that holds .git, .outlint.yml or .outlint.yaml, else
 * the campaign's folder itself. Real path, owned; NULL if the folder
 * cannot be resolved (an unsaved buffer): then nothing is outside. */
static char *project_root(const char *dir)
{
	char real[PATH_MAX];
	if (!realpath(dir, real))
		return NULL;
	char cur[PATH_MAX];
	memcpy(cur, real, sizeof(cur));
	for (;;) {
		static const char *const marks[] = {".git", ".outlint.yml", ".outlint.yaml"};
		for (size_t i = 0; i < sizeof(marks) / sizeof(*marks); i++) {
			char *m = ol_path_join(cur, marks[i]);
			bool found = access(m, F_OK) == 0;
			free(m);
			if (found)
				return ol_xstrdup(cur);
		}
		char *slash = strrchr(cur, '/');
		if (!slash || slash == cur)
			return ol_xstrdup(real);
		*slash = '\0';
	}
}

/* The real path of path, or for a path that does not exist (yet) the real
 * path of its nearest existing ancestor with the rest appended; NULL when
 * a ".." would have to be applied to a folder that does not exist. */
static char *resolve_loose(const char *path)
{
	char real[PATH_MAX];
	if (realpath(path, real))
		return ol_xstrdup(real);
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	if (!strcmp(base, "..") || !strcmp(base, "."))
		return NULL;
	char *dir = ol_path_dir(path);
	char *rd = strcmp(dir, path) ? resolve_loose(dir) : NULL;
	free(dir);
	if (!rd)
		return NULL;
	char *r = ol_path_join(rd, base);
	free(rd);
	return r;
}

static bool under(const char *path, const char *root)
{
	size_t n = strlen(root);
	if (n == 1 && root[0] == '/')
		return path[0] == '/';
	return strncmp(path, root, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

static void read_step(struct ol_campaign_step *st,
                      const struct ol_ynode *node, const char *dir,
                      const char *root, struct ol_findings *diags)
{
	st->node = node;
	st->template_node = node;
	st->channel = "email";
	if (node->kind != OL_Y_MAP) {
		char *msg = ol_xasprintf("Schritt %zu muss ein Mapping mit „template“ sein", st->index);
		node_finding(diags, OL_CAT_CAMPAIGN, node, 0, msg);
		free(msg);
		return;
	}
	const struct ol_ynode *tv = ol_ynode_get(node, "template");
	const char *rel = ol_ynode_str(tv);
	if (tv)
		st->template_node = tv;
	if (!tv) {
		/* a step without template is campaign/missing-template's finding */
	} else if (!rel || !*rel || strlen(rel) != tv->len) {
		char *msg = ol_xasprintf("Schritt %zu: „template“ muss ein Dateipfad sein", st->index);
		node_finding(diags, OL_CAT_CAMPAIGN, tv, 0, msg);
		free(msg);
	} else {
		st->template_rel = rel;
		st->template_path = ol_path_join(dir, rel);
		if (root) {
			char *rp = resolve_loose(st->template_path);
			st->template_outside = !rp || !under(rp, root);
			free(rp);
		}
		/* a template outside the project is never read */
		st->template_exists = !st->template_outside && readable_file(st->template_path);
	}
	const char *ch = ol_ynode_str(ol_ynode_get(node, "channel"));
	if (ch && *ch)
		st->channel = ch;
	st->has_day = ol_ynode_int(ol_ynode_get(node, "day"), &st->day);
}

static void read_variables(struct ol_campaign *c, const struct ol_ynode *v,
                           struct ol_findings *diags)
{
	if (!v)
		return;
	if (v->kind == OL_Y_SCALAR && v->plain && v->len == 0) {
		c->has_variables = true; /* "variables:" with nothing: none declared */
		return;
	}
	if (v->kind != OL_Y_SEQ) {
		node_finding(diags, OL_CAT_CAMPAIGN, v, 0, "„variables“ muss eine Liste sein");
		return;
	}
	c->has_variables = true;
	c->variables = ol_xcalloc(v->n ? v->n : 1, sizeof(*c->variables));
	for (size_t i = 0; i < v->n; i++) {
		const char *s = ol_ynode_str(v->items[i]);
		if (!s) {
			node_finding(diags, OL_CAT_CAMPAIGN, v->items[i], 0,
			             "Einträge von „variables“ müssen Namen sein");
			continue;
		}
		c->variables[c->nvars++] = s;
	}
}

int ol_campaign_read(const struct ol_source *src, struct ol_campaign *c,
                     struct ol_findings *diags)
{
	memset(c, 0, sizeof(*c));
	c->src = src;
	const char *text = src->text;
	size_t len = src->len, bom = src->bom;

	/* the same encoding checks as for templates, so the finding is the
	 * helpful one rather than libyaml's reader error */
	const char *nul = memchr(text, '\0', len);
	if (nul) {
		size_t off = (size_t)(nul - text);
		ol_catalog_add(diags, OL_CAT_BINARY, off, off + 1, NULL);
		return -1;
	}
	size_t bad;
	if (!ol_utf8_valid(text, len, &bad)) {
		char *arg = ol_xasprintf("0x%02X an Offset %zu, Zeile %zu",
		                         (unsigned)(unsigned char)text[bad], bad,
		                         ol_source_line(src, bad));
		ol_catalog_add(diags, OL_CAT_ENCODING, bad, bad + 1, arg);
		free(arg);
		return -1;
	}

	struct ol_ynode *root = NULL;
	char *err = NULL;
	size_t err_off = bom;
	c->tree = ol_yaml_parse(text + bom, len - bom, bom, &root, &err, &err_off);
	if (!c->tree) {
		size_t e = err_off < len ? err_off + 1 : err_off;
		if (e > err_off && (text[err_off] == '\n' || text[err_off] == '\r'))
			e = err_off;
		ol_catalog_add(diags, OL_CAT_YAML, err_off, e, err);
		free(err);
		return -1;
	}
	if (!root || root->kind != OL_Y_MAP) {
		node_finding(diags, OL_CAT_CAMPAIGN, root, bom,
		             "die oberste Ebene muss ein Mapping mit „steps“ sein");
		return -1;
	}
	c->root = root;
	c->name = ol_ynode_str(ol_ynode_get(root, "campaign"));

	const struct ol_ynode *steps = ol_ynode_get(root, "steps");
	if (!steps) {
		node_finding(diags, OL_CAT_CAMPAIGN, NULL, bom, "„steps“ fehlt");
	} else if (steps->kind == OL_Y_SCALAR && steps->plain && !*steps->str) {
		/* `steps:` with nothing: no steps, campaign/missing-template says so */
	} else if (steps->kind != OL_Y_SEQ) {
		node_finding(diags, OL_CAT_CAMPAIGN, steps, bom,
		             "„steps“ muss eine Liste von Schritten sein");
	} else if (steps->n) {
		char *dir = ol_path_dir(src->path && *src->path ? src->path : ".");
		char *proot = project_root(dir);
		c->steps = ol_xcalloc(steps->n, sizeof(*c->steps));
		c->nsteps = steps->n;
		for (size_t i = 0; i < steps->n; i++) {
			c->steps[i].index = i + 1;
			read_step(&c->steps[i], steps->items[i], dir, proot, diags);
		}
		free(proot);
		free(dir);
	}
	read_variables(c, ol_ynode_get(root, "variables"), diags);
	return 0;
}

void ol_campaign_fini(struct ol_campaign *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nsteps; i++)
		free(c->steps[i].template_path);
	free(c->steps);
	free(c->variables);
	ol_yaml_free(c->tree);
	memset(c, 0, sizeof(*c));
}
