/* catalog: every diagnostic the checker itself emits about input content,
 * as one X-macro list from which ids, levels and German texts come (after
 * mandoc's enum mandocerr). Rule findings carry their own id and text. */
#ifndef OL_CATALOG_H
#define OL_CATALOG_H

#include "finding.h"

/* X(enum name, id, severity, German message; may contain one %s) */
#define OL_CATALOG(X)                                                          \
	X(FRONT_MATTER, "input/front-matter", OL_SEV_ERROR,                    \
	  "Front Matter ist kein gültiges YAML: %s")                           \
	X(FRONT_MATTER_UNCLOSED, "input/front-matter", OL_SEV_ERROR,           \
	  "Front Matter wird nicht mit „---“ geschlossen")                     \
	X(FRONT_MATTER_VALUE, "input/front-matter", OL_SEV_ERROR,              \
	  "ungültiger Wert im Front Matter: %s")                               \
	X(FRONT_MATTER_TYPE, "input/front-matter", OL_SEV_ERROR,               \
	  "Front Matter muss aus Schlüssel-Wert-Paaren bestehen (YAML-Mapping)") \
	X(YAML, "input/yaml", OL_SEV_ERROR, "ungültiges YAML: %s")             \
	X(CAMPAIGN, "input/campaign", OL_SEV_ERROR,                            \
	  "ungültige Kampagne: %s")                                            \
	X(ENCODING, "input/encoding", OL_SEV_ERROR,                            \
	  "ungültiges UTF-8 (Byte %s), wohl Latin-1 (ISO-8859-1); Datei "      \
	  "als UTF-8 speichern, z. B. mit „iconv -f latin1 -t utf-8“")          \
	X(BINARY, "input/binary", OL_SEV_ERROR,                                \
	  "Datei enthält NUL-Bytes und ist wohl keine Textdatei")             \
	X(EMPTY, "input/empty", OL_SEV_WARNING, "Datei ist leer")              \
	X(SPINTAX, "input/spintax", OL_SEV_ERROR, "%s")                        \
	X(PLACEHOLDER, "template/placeholder", OL_SEV_ERROR, "%s")                \
	X(PATTERN_LIMIT, "input/pattern-limit", OL_SEV_WARNING,                \
	  "Regel %s: Musterprüfung nach Erreichen des Suchlimits abgebrochen") \
	X(SUPPRESSION_NO_REASON, "input/suppression", OL_SEV_ERROR,            \
	  "Unterdrückung ohne %s")                                             \
	X(SUPPRESSION_UNUSED, "input/suppression", OL_SEV_WARNING,             \
	  "Unterdrückung ohne Wirkung: keine Meldung von %s unterdrückt")

enum ol_catalog_id {
#define OL_CAT_ENUM(name, id, sev, msg) OL_CAT_##name,
	OL_CATALOG(OL_CAT_ENUM)
#undef OL_CAT_ENUM
	OL_CAT__COUNT
};

const char *ol_catalog_rule(enum ol_catalog_id id);
enum ol_severity ol_catalog_severity(enum ol_catalog_id id);
/* Adds the catalogue diagnostic id at [start,end) to fs; arg fills %s (may
 * be NULL when the text has none). */
struct ol_finding *ol_catalog_add(struct ol_findings *fs, enum ol_catalog_id id,
                                  size_t start, size_t end, const char *arg);

#endif
