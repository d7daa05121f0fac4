#!/bin/sh
# SARIF consumer test: run.sh OUTLINT_BINARY
#
# Proves outlint's --format sarif against the real schema, not our reading
# of it (consumers.md): the OASIS sarif-schema-2.1.0.json (draft-04) via
# ajv + ajv-draft-04 + ajv-formats, offline once node_modules exists. Also
# checks what GitHub code scanning relies on (partialFingerprints, ruleIndex,
# relative URIs with a uriBaseId, columnKind), that the output is
# byte-identical from run to run, and that the gate rejects a broken log.
# Prints "ok - NAME" / "not ok - NAME" and ends with
# "sarif: N passed, M failed"; exits 1 on any failure, 2 on bad usage.
#
# The schema is ../shared/schemas/sarif-schema-2.1.0.json beside the
# repository (SARIF_SCHEMA overrides). npm packages are installed into
# tests/consumers/sarif/node_modules with `npm ci` only when missing.

set -u

. "$(dirname "$0")/../../lib.sh"
ol_test_init sarif "run.sh OUTLINT_BINARY" 1 "$@"

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
SCHEMA=${SARIF_SCHEMA:-$ROOT/../shared/schemas/sarif-schema-2.1.0.json}
if [ ! -r "$SCHEMA" ]; then
	echo "run.sh: SARIF schema not found at $SCHEMA (set SARIF_SCHEMA)" >&2
	exit 2
fi
if ! command -v node > /dev/null 2>&1; then
	echo "run.sh: node is needed (apt-get install nodejs npm)" >&2
	exit 2
fi
if [ ! -d "$HERE/node_modules/ajv-draft-04" ]; then
	if [ -f "$HERE/package-lock.json" ]; then
		(cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error) >&2 || exit 2
	else
		(cd "$HERE" && npm install --no-audit --no-fund --loglevel=error) >&2 || exit 2
	fi
fi


pass=0
failed=0
ok() {
	pass=$((pass + 1))
	echo "ok - $1"
}
notok() {
	failed=$((failed + 1))
	echo "not ok - $1"
	[ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/#   /' | head -n 20
}

validate() { # FILE…: schema validation; prints the errors
	node "$HERE/validate.js" "$SCHEMA" "$@" 2>&1
}

# What GitHub code scanning relies on beyond the schema.
github_checks() { # FILE…
	# shellcheck disable=SC2016 # JavaScript, not shell
	node -e '
const fs = require("fs");
let bad = [];
for (const f of process.argv.slice(1)) {
  const log = JSON.parse(fs.readFileSync(f, "utf8"));
  if (log.runs.length !== 1) bad.push(`${f}: ${log.runs.length} runs`);
  for (const run of log.runs) {
    if (!["unicodeCodePoints", "utf16CodeUnits"].includes(run.columnKind))
      bad.push(`${f}: columnKind ${run.columnKind}`);
    const rules = run.tool.driver.rules || [];
    const ids = new Set();
    for (const r of rules) {
      if (ids.has(r.id)) bad.push(`${f}: rule ${r.id} twice`);
      ids.add(r.id);
      if (!r.defaultConfiguration || !r.defaultConfiguration.level)
        bad.push(`${f}: rule ${r.id} without defaultConfiguration.level`);
    }
    if (run.results.length > 25000) bad.push(`${f}: ${run.results.length} results`);
    run.results.forEach((res, i) => {
      const w = `${f}: result ${i} (${res.ruleId})`;
      const fp = res.partialFingerprints && res.partialFingerprints["outlintFingerprint/v1"];
      if (!/^[0-9a-f]{16}$/.test(fp || "")) bad.push(`${w}: no partialFingerprints`);
      if (!rules[res.ruleIndex] || rules[res.ruleIndex].id !== res.ruleId)
        bad.push(`${w}: ruleIndex ${res.ruleIndex} does not name ${res.ruleId}`);
      const loc = res.locations[0].physicalLocation;
      if (loc.artifactLocation.uriBaseId !== "%SRCROOT%" || /^[a-z]+:|^\//i.test(loc.artifactLocation.uri))
        bad.push(`${w}: uri ${loc.artifactLocation.uri} is not relative to %SRCROOT%`);
      const g = loc.region;
      if (!(g.startLine >= 1 && g.startColumn >= 1 && (g.endLine > g.startLine ||
            (g.endLine === g.startLine && g.endColumn >= g.startColumn))))
        bad.push(`${w}: region ${JSON.stringify(g)}`);
    });
  }
}
if (bad.length) { console.log(bad.slice(0, 20).join("\n")); process.exit(1); }
' "$@" 2>&1
}

# sarif NAME ARGS…: runs outlint --format sarif ARGS… in the repository
# root into $T/NAME.sarif; exit 0 and 1 are fine (1 = findings).
sarif() {
	name=$1
	shift
	(cd "$ROOT" && "$BIN" check --format sarif "$@" > "$T/$name.sarif" 2> "$T/$name.err")
	st=$?
	[ "$st" -le 1 ]
}

for target in examples corpora; do
	if ! sarif "$target" "$target"; then
		notok "$target: outlint exited $st" "$(cat "$T/$target.err")"
		continue
	fi
	if out=$(validate "$T/$target.sarif"); then
		ok "$target: valid against the OASIS schema"
	else
		notok "$target: valid against the OASIS schema" "$out"
	fi
	if out=$(github_checks "$T/$target.sarif"); then
		ok "$target: fingerprints, ruleIndex, relative URIs, columnKind"
	else
		notok "$target: fingerprints, ruleIndex, relative URIs, columnKind" "$out"
	fi
	if sarif "$target-again" "$target" -j 1 && cmp -s "$T/$target.sarif" "$T/$target-again.sarif"; then
		ok "$target: byte-identical on a second run (-j 1)"
	else
		notok "$target: byte-identical on a second run (-j 1)" \
			"$(diff "$T/$target.sarif" "$T/$target-again.sarif" | head -n 10)"
	fi
done

# UTF-16 columns, stated as such, are valid too.
if sarif utf16 --column-unit utf16 examples && out=$(validate "$T/utf16.sarif") &&
	grep -q '"columnKind": "utf16CodeUnits"' "$T/utf16.sarif"; then
	ok "utf16: valid, columnKind utf16CodeUnits"
else
	notok "utf16: valid, columnKind utf16CodeUnits" "${out:-$(cat "$T/utf16.err")}"
fi

# A broken file (invalid UTF-8, a name with a space and umlauts): the
# checker's own input/encoding diagnostic is a rule, the URI is encoded.
mkdir -p "$T/repo/vorlagen"
printf 'Sehr geehrte Frau M\374ller,\n' > "$T/repo/vorlagen/Brief für Müller.md"
(cd "$T/repo" && "$BIN" check --format sarif vorlagen > "$T/input.sarif" 2> "$T/input.err")
st=$?
if [ "$st" -le 1 ] && out=$(validate "$T/input.sarif") && out=$(github_checks "$T/input.sarif") &&
	grep -q '"uri": "vorlagen/Brief%20f%C3%BCr%20M%C3%BCller.md"' "$T/input.sarif" &&
	grep -q '{"id": "input/encoding"' "$T/input.sarif"; then
	ok "input diagnostic: valid, rule input/encoding, percent-encoded URI"
else
	notok "input diagnostic: valid, rule input/encoding, percent-encoded URI" \
		"${out:-exit $st: $(head -c 2000 "$T/input.sarif")}"
fi

# Fixes: an insertion (an empty deletedRegion at the insertion point, from
# the configured opt-out text), a removal (empty insertedContent) and a
# replacement, all valid.
mkdir -p "$T/fixrepo"
printf '%s\n' 'fix:' '  opt_out: "Wenn Sie keine weiteren Nachrichten wünschen, antworten Sie mit „Abmelden“."' \
	> "$T/fixrepo/.outlint.yml"
printf '%s\n' '---' 'subject: "Re: Frage zu Ihrer Tourenplanung"' '---' 'Guten Tag Frau Berg,' '' \
	'hast du nächste Woche Zeit?' '' 'Beste Grüße' 'Max Mustermann' > "$T/fixrepo/a.md"
(cd "$T/fixrepo" && "$BIN" check --format sarif a.md > "$T/fix.sarif" 2> "$T/fix.err")
st=$?
if [ "$st" -le 1 ] && out=$(validate "$T/fix.sarif") && out=$(github_checks "$T/fix.sarif") &&
	grep -q '"text": "einfügen"}, "artifactChanges": \[{"artifactLocation": {"uri": "a.md", "uriBaseId": "%SRCROOT%"}, "replacements": \[{"deletedRegion": {"startLine": 8, "startColumn": 1, "endLine": 8, "endColumn": 1}' "$T/fix.sarif" &&
	grep -q '"text": "entfernen"' "$T/fix.sarif" && grep -q '"text": "ersetzen"' "$T/fix.sarif"; then
	ok "fixes: insertion, removal and replacement valid"
else
	notok "fixes: insertion, removal and replacement valid" "${out:-exit $st: $(grep -o '"fixes".\{0,400\}' "$T/fix.sarif" | head -n 5)}"
fi

# The gate itself: the same log with a region without startLine (valid
# otherwise) must be rejected, and the intact one accepted.
cat > "$T/good.sarif" <<'JSON'
{"$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
 "version": "2.1.0",
 "runs": [{"tool": {"driver": {"name": "outlint", "rules": [{"id": "tone/sie-form"}]}},
   "columnKind": "unicodeCodePoints",
   "results": [{"ruleId": "tone/sie-form", "ruleIndex": 0, "level": "error", "message": {"text": "m"},
     "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a.md", "uriBaseId": "%SRCROOT%"},
       "region": {"startLine": 2, "startColumn": 3, "endColumn": 6}}}]}]}]}
JSON
sed 's/"startLine": 2, //' "$T/good.sarif" > "$T/broken.sarif"
out=$(validate "$T/broken.sarif")
st=$?
if [ "$st" -eq 1 ] && printf '%s' "$out" | grep -q "startLine" && validate "$T/good.sarif" > /dev/null; then
	ok "negative: a region without startLine is rejected"
else
	notok "negative: a region without startLine is rejected" "exit $st: $out"
fi

echo "sarif: $pass passed, $failed failed"
[ "$failed" -eq 0 ]
