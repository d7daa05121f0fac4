/* diag/stream.c: the formats written file by file, and the whole-report
 * functions on top of that. */
#include "output.h"
#include "output_ci.h"

#include <stdlib.h>
#include <string.h>

#include "../base/base.h"

struct ol_stream {
	FILE *out;
	enum ol_format f;
	struct ol_output_opts o;
	struct ol_counts c;
	struct ol_sarif *sarif;
};

struct ol_stream *ol_stream_open(FILE *out, enum ol_format f, const struct ol_output_opts *o,
                                 const struct ol_rule_info *rules, size_t nrules)
{
	struct ol_stream *s = ol_xcalloc(1, sizeof(*s));
	s->out = out;
	s->f = f;
	s->o = *o;
	if (f == OL_FORMAT_JSON)
		ol_json_head(out, &s->o);
	else if (f == OL_FORMAT_SARIF)
		s->sarif = ol_sarif_open(out, &s->o, rules, nrules);
	return s;
}

void ol_stream_file(struct ol_stream *s, const struct ol_file_result *r)
{
	switch (s->f) {
	case OL_FORMAT_HUMAN:
		ol_human_file(s->out, r, &s->o, true);
		break;
	case OL_FORMAT_JSON:
		ol_json_file(s->out, r, &s->o, s->c.files == 0);
		break;
	case OL_FORMAT_SARIF:
		ol_sarif_file(s->sarif, r);
		break;
	case OL_FORMAT_GITHUB:
		ol_github_file(s->out, r, &s->o);
		break;
	}
	ol_counts_add(&s->c, r);
}

void ol_stream_close(struct ol_stream *s, struct ol_counts *c)
{
	switch (s->f) {
	case OL_FORMAT_HUMAN:
		ol_human_summary(s->out, &s->c, &s->o);
		break;
	case OL_FORMAT_JSON:
		ol_json_tail(s->out, &s->c);
		break;
	case OL_FORMAT_SARIF:
		ol_sarif_close(s->sarif);
		break;
	case OL_FORMAT_GITHUB:
		break;
	}
	if (c)
		*c = s->c;
	free(s);
}

static void whole(FILE *out, enum ol_format f, const struct ol_report *rep,
                  const struct ol_output_opts *o, const struct ol_rule_info *rules, size_t nrules)
{
	struct ol_stream *s = ol_stream_open(out, f, o, rules, nrules);
	for (size_t i = 0; i < rep->n; i++)
		ol_stream_file(s, &rep->files[i]);
	ol_stream_close(s, NULL);
}

void ol_output_human(FILE *out, const struct ol_report *rep, const struct ol_output_opts *o)
{
	whole(out, OL_FORMAT_HUMAN, rep, o, NULL, 0);
}

void ol_output_json(FILE *out, const struct ol_report *rep, const struct ol_output_opts *o)
{
	whole(out, OL_FORMAT_JSON, rep, o, NULL, 0);
}

void ol_output_sarif(FILE *out, const struct ol_report *rep, const struct ol_output_opts *o,
                     const struct ol_rule_info *rules, size_t nrules)
{
	whole(out, OL_FORMAT_SARIF, rep, o, rules, nrules);
}

void ol_output_github(FILE *out, const struct ol_report *rep, const struct ol_output_opts *o)
{
	whole(out, OL_FORMAT_GITHUB, rep, o, NULL, 0);
}
