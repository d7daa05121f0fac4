#!/bin/sh
# outlint under valgrind memcheck: run.sh BUILD_DIR
#
# Runs the unit test binaries and a representative set of CLI runs (check
# on examples/ and corpora/ in human and JSON, explain, test, rules, doc,
# a broken rule file, hostile inputs) under memcheck with full leak
# checking. A run fails when memcheck reports an error or a definite or
# indirect leak (exit status 99), or when the program's own exit status is
# not the expected one. Needs a build without sanitizers (build/, -O2 -g).
# Prints "ok - NAME" / "not ok - NAME" and ends with
# "valgrind: N passed, M failed"; exits 1 on any failure.
#
# Hunspell loads de_DE (≈ 75,000 stems with affixes) in every process,
# which is slow under memcheck: the CLI runs use -j 1 (one handle) and
# bundle many files per run instead of many runs.

set -u

if [ $# -ne 1 ]; then
	echo "usage: run.sh BUILD_DIR" >&2
	exit 2
fi
B=$(cd "$1" && pwd) || exit 2
BIN=$B/outlint
[ -x "$BIN" ] || { echo "run.sh: $BIN is not an executable" >&2; exit 2; }
command -v valgrind >/dev/null 2>&1 || { echo "run.sh: valgrind is not installed" >&2; exit 2; }
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/tests/valgrind

VG="valgrind --tool=memcheck --leak-check=full --error-exitcode=99 \
--errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
--track-origins=no --num-callers=30"
# Every suppression file here is documented in itself (pcre2-jit.supp: the
# JIT's by-design SIMD over-read of the subject).
for s in "$HERE"/*.supp; do
	[ -f "$s" ] && VG="$VG --suppressions=$s"
done

T=$(mktemp -d "${TMPDIR:-/tmp}/outlint-vg.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
trap 'exit 2' INT TERM HUP

pass=0
failed=0
n=0

# vg NAME "EXPECTED_STATUSES" CMD ARGS…: runs CMD under memcheck in $ROOT.
vg() {
	name=$1
	want=$2
	shift 2
	n=$((n + 1))
	log=$T/$n.log
	# shellcheck disable=SC2086 # VG is split into words on purpose
	(cd "$ROOT" && exec $VG --log-file="$log" "$@") >"$T/$n.out" 2>"$T/$n.err" </dev/null
	st=$?
	ok=0
	for w in $want; do
		[ "$st" = "$w" ] && ok=1
	done
	if [ $ok = 1 ] && [ "$st" != 99 ]; then
		echo "ok - $name"
		pass=$((pass + 1))
	else
		echo "not ok - $name"
		echo "# exit status $st, want $want (99: memcheck errors or leaks)"
		grep -E 'ERROR SUMMARY|definitely lost|indirectly lost|Invalid|uninitialised|Mismatched' "$log" | head -n 8 | sed 's/^/# /'
		grep -A 14 -E 'are definitely lost|Invalid (read|write)|uninitialised' "$log" | head -n 40 | sed 's/^/# /'
		failed=$((failed + 1))
	fi
}

# --- unit tests ----------------------------------------------------------
for u in "$B"/tests/test_*; do
	[ -x "$u" ] || continue
	vg "unit $(basename "$u")" 0 "$u"
done

# --- CLI runs --------------------------------------------------------------
vg "check examples (human)" "0 1" "$BIN" check -j 1 --color always examples
vg "check examples (json)" "0 1" "$BIN" check -j 1 --format json examples
vg "check examples (sarif)" "0 1" "$BIN" check -j 1 --format sarif examples
vg "check corpora (json)" "0 1" "$BIN" check -j 1 --format json corpora
vg "check corpora -j 2 (human)" "0 1" "$BIN" check -j 2 corpora
vg "explain" 0 "$BIN" explain tone/sie-form
vg "rules --patterns" 0 "$BIN" rules --patterns
vg "test (every rule's examples)" 0 "$BIN" test
vg "doc" 0 "$BIN" doc

# Hostile and broken inputs: the error paths free what they allocate too.
H=$T/in
mkdir -p "$H/pack"
printf 'Guten Tag,\n\nviele Gr\374\337e\n' >"$H/latin1.md"
printf 'Guten Tag,\n\000Zeit?\n' >"$H/nul.md"
printf -- '---\nsubject: [offen\n---\nhast du Zeit?\n' >"$H/fm.md"
printf -- '---\nsubject: \033[2JHallo\n---\nhast du \033[31mZeit\033[0m?\n' >"$H/esc.md"
{ printf 'campaign: x\naudience: b2b\nsteps: '
	awk 'BEGIN { for (i = 0; i < 2000; i++) printf "["; for (i = 0; i < 2000; i++) printf "]"; print "" }'; } >"$H/deep.yaml"
printf '%s\n' 'campaign: x' 'audience: b2b' 'a: &a [1,2,3]' 'b: &b [*a,*a,*a]' 'steps: [*b, {template: ../../../etc/passwd, day: 0}]' >"$H/alias.yaml"
printf 'include "b.rules"\n' >"$H/pack/a.rules"
printf 'include "a.rules"\n' >"$H/pack/b.rules"
printf 'rule x/y {\n  severity warning\n  forbid /(/\n}\n' >"$H/pack/bad.rules"
vg "check hostile inputs (json)" "1" "$BIN" check -j 1 --format json "$H"
vg "check hostile inputs (human)" "1" "$BIN" check -j 1 "$H"
vg "include cycle (exit 2)" 2 "$BIN" check --no-default-rules --rules "$H/pack/a.rules" "$H/fm.md"
vg "broken rule file (exit 2)" 2 "$BIN" check --no-default-rules --rules "$H/pack/bad.rules" "$H/fm.md"
vg "bad usage (exit 2)" 2 "$BIN" check --format nonsense examples

echo "valgrind: $pass passed, $failed failed"
[ "$failed" -eq 0 ]
