#!/bin/sh
# Fix round trip over the corpus: roundtrip.sh OUTLINT_BINARY CORPUS_DIR
#
# For every template of the corpus (*.md, *.txt) that carries a safe fix —
# linted next to a .outlint.yml that sets the fix texts, so that the
# insertions of dsgvo/opt-out and dsgvo/source-statement are offered too —
# a copy is fixed with `check --fix`; then
#   - linting the copy again finds no finding with a safe fix left,
#   - a second `check --fix` leaves the copy byte-identical,
#   - the fixed copy still lints (no exit status 2).
# Prints "ok - FILE" / "not ok - FILE" and "fix-roundtrip: N passed, M
# failed"; exits 1 on any failure.
set -u
. "$(dirname "$0")/../lib.sh"
ol_test_init fix "roundtrip.sh OUTLINT_BINARY CORPUS_DIR" 2 "$@"
CORPUS=$2

# the texts are rules.md's good examples, so the inserted paragraph
# satisfies the rule that asked for it
cat > "$T/outlint.yml" <<'YML'
fix:
  opt_out: "Wenn Sie keine weiteren Nachrichten von mir wünschen, antworten Sie einfach mit „Abmelden“ – dann melde ich mich nicht wieder."
  source: "Ihre E-Mail-Adresse habe ich dem Impressum Ihrer Website entnommen."
YML

pass=0
failed=0
fixed=0
for f in $(find "$CORPUS" -type f \( -name '*.md' -o -name '*.txt' \) ! -path '*/.*' | sort); do
	n=$((pass + failed))
	D="$T/case$n"
	mkdir -p "$D"
	cp "$T/outlint.yml" "$D/.outlint.yml"
	name=$(basename "$f")
	cp "$f" "$D/$name"
	(cd "$D" && "$BIN" check -j 1 --format json "$name") > "$D/before.json" 2>"$D/err"
	st=$?
	if [ "$st" -gt 1 ]; then
		echo "not ok - $f"
		echo "# lint failed with status $st: $(head -c 300 "$D/err")"
		failed=$((failed + 1))
		continue
	fi
	if ! grep -q '"safe": true' "$D/before.json"; then
		rm -rf "$D"
		continue # nothing to fix
	fi
	why=""
	(cd "$D" && "$BIN" check -j 1 --fix --format json "$name") > "$D/after.json" 2>"$D/err"
	st=$?
	[ "$st" -gt 1 ] && why="--fix failed with status $st: $(head -c 300 "$D/err")"
	if [ -z "$why" ] && cmp -s "$f" "$D/$name"; then
		why="--fix changed nothing although a safe fix was reported"
	fi
	if [ -z "$why" ] && grep -q '"safe": true' "$D/after.json"; then
		why="safe fixes left after --fix: $(grep -B6 '"safe": true' "$D/after.json" | grep '"rule"' | head -n 3 | tr -d ' ')"
	fi
	if [ -z "$why" ]; then
		cp "$D/$name" "$D/once"
		(cd "$D" && "$BIN" check -j 1 --fix "$name") > /dev/null 2>"$D/err"
		st=$?
		if [ "$st" -gt 1 ]; then
			why="second --fix failed with status $st"
		elif ! cmp -s "$D/once" "$D/$name"; then
			why="second --fix changed the file: $(diff "$D/once" "$D/$name" | head -n 6)"
		fi
	fi
	if [ -z "$why" ]; then
		echo "ok - $f"
		pass=$((pass + 1))
		fixed=$((fixed + 1))
	else
		echo "not ok - $f"
		echo "# $why"
		failed=$((failed + 1))
	fi
done
echo "fix-roundtrip: $pass passed, $failed failed ($fixed files fixed)"
[ "$failed" -eq 0 ] && [ "$fixed" -gt 0 ]
