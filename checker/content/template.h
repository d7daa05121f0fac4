/* template: reads one outreach template (formats.md) into sections,
 * placeholders, spintax groups and masked spans. Everything is a byte span
 * into the file's source text; nothing is copied except the subject value.
 * Used by the engine; input problems become findings, never failures. */
#ifndef OL_TEMPLATE_H
#define OL_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "../base/source.h"
#include "../diag/finding.h"
#include "yaml.h"

enum ol_section {
	OL_SEC_SUBJECT,   /* the front matter's subject value */
	OL_SEC_GREETING,  /* the first salutation line */
	OL_SEC_BODY,      /* after the greeting, before closing and P.S. */
	OL_SEC_CLOSING,   /* the farewell line („Beste Grüße“) */
	OL_SEC_SIGNATURE, /* after the closing, or after a "-- " line */
	OL_SEC_PS,        /* a trailing P.S. block */
	OL_SEC_TEXT,      /* everything after the front matter */
	OL_SEC__COUNT
};

/* "subject", …; NULL for an invalid value. */
const char *ol_section_name(enum ol_section s);
/* Returns -1 for an unknown name. */
int ol_section_from_name(const char *name);

struct ol_span {
	size_t start, end; /* byte offsets, end exclusive */
};

struct ol_placeholder {
	struct ol_span whole; /* "{{ name }}" */
	struct ol_span name;  /* "name" */
};

struct ol_spin {
	struct ol_span whole;     /* "{A|B}" */
	struct ol_span *options;  /* "A", "B" (may be empty spans); owned */
	size_t nopt;              /* >= 2 */
};

enum ol_mask_kind {
	OL_MASK_QUOTE,       /* „…“ "…" »…« ‚…‘ (inner text) and lines starting with ">" */
	OL_MASK_PLACEHOLDER, /* the name part of a placeholder */
	OL_MASK_URL,         /* http(s)://… and www.… */
	OL_MASK_EMAIL,       /* local@domain.tld */
	OL_MASK_COMMENT      /* an HTML comment "<!-- … -->", delimiters included */
};

struct ol_mask {
	enum ol_mask_kind kind;
	struct ol_span span;
};

struct ol_template {
	const struct ol_source *src;   /* borrowed */
	/* front matter */
	bool has_front_matter;
	struct ol_span front_matter;   /* the YAML text between the --- lines */
	struct ol_ytree *meta_tree;    /* owned; NULL if none or malformed */
	const struct ol_ynode *meta;   /* the mapping, or NULL */
	/* declared context (defaults when absent: step 1, "email", "sie") */
	long step;
	char *channel;                 /* owned */
	char *address;                 /* owned */
	bool address_given;            /* the front matter sets address */
	/* subject: the scalar's value; subject_span is its place in the file.
	 * subject_exact is true when the value is the exact bytes of the span
	 * (plain or quoted without escapes), so offsets map one to one;
	 * otherwise every position inside the subject maps to span.start. */
	bool has_subject;
	char *subject;                 /* owned */
	struct ol_span subject_span;
	bool subject_exact;
	/* sections of the text, as spans of the source (OL_SEC_SUBJECT is the
	 * subject_span). has[s] is false for a section that is absent. */
	struct ol_span sec[OL_SEC__COUNT];
	bool has[OL_SEC__COUNT];
	/* the body may be interrupted by nothing; P.S. follows the signature or
	 * the closing or the body; sections never overlap except TEXT. */
	struct ol_placeholder *ph;     /* owned; in text order, subject included */
	size_t nph;
	struct ol_spin *spin;          /* owned; in text order, subject included */
	size_t nspin;
	struct ol_mask *masks;         /* owned; sorted by start */
	size_t nmasks;
};

/* Reads src as a template. Problems with the content (invalid UTF-8, NUL
 * bytes, malformed front matter, bad front-matter values, unbalanced
 * spintax) are added to diags as catalogue findings; reading goes on where
 * it can. Returns 0; -1 only when the text cannot be used at all (binary or
 * invalid UTF-8: the finding is added and *t holds no sections). Always
 * call ol_template_fini afterwards. */
int ol_template_read(const struct ol_source *src, struct ol_template *t,
                     struct ol_findings *diags);
void ol_template_fini(struct ol_template *t);

#endif
