/* campaign: reads a campaign file (formats.md) into its steps, keeping the
 * YAML tree with positions for the rules that look at campaign fields. */
#ifndef OL_CAMPAIGN_H
#define OL_CAMPAIGN_H

#include <stdbool.h>
#include <stddef.h>

#include "../base/source.h"
#include "../diag/finding.h"
#include "yaml.h"

struct ol_campaign_step {
	size_t index;                  /* 1-based position */
	const struct ol_ynode *node;   /* the step's mapping */
	const char *template_rel;      /* as written, or NULL if missing */
	char *template_path;           /* resolved against the campaign's folder; owned; NULL if missing */
	const struct ol_ynode *template_node; /* the value node, or the step node */
	const char *channel;           /* as written or "email" */
	long day;
	bool has_day;
	bool template_exists;          /* template_path names a readable regular file inside the project */
	bool template_outside;         /* template_path resolves outside the project root (see campaign.c) */
};

struct ol_campaign {
	const struct ol_source *src;   /* borrowed */
	struct ol_ytree *tree;         /* owned */
	const struct ol_ynode *root;   /* the top-level mapping */
	const char *name;              /* "campaign:" or NULL */
	struct ol_campaign_step *steps;/* owned */
	size_t nsteps;
	const char **variables;        /* owned array of borrowed strings */
	size_t nvars;
	bool has_variables;            /* "variables:" present */
};

/* true if text looks like a campaign: YAML whose top level has "steps:"
 * (a cheap textual test used when walking folders). */
bool ol_campaign_sniff(const char *text, size_t len);

/* Reads src as a campaign. Invalid YAML or an invalid structure (steps not
 * a list, a step without template) become catalogue findings in diags
 * (input/yaml, input/campaign) at the node concerned. Returns 0 when the
 * campaign can be checked, -1 when it cannot (YAML broken); call
 * ol_campaign_fini in both cases. */
int ol_campaign_read(const struct ol_source *src, struct ol_campaign *c,
                     struct ol_findings *diags);
void ol_campaign_fini(struct ol_campaign *c);

#endif
