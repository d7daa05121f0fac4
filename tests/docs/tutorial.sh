#!/bin/sh
# The tutorial as a test: tutorial.sh OUTLINT_BINARY DOC.md
#
# Walks DOC.md in order. A fenced block whose info string has file=PATH
# (```rules file=haus.rules) is written to PATH in a fresh folder (a later
# block with the same PATH replaces it, as the reader would edit the
# file). A ```console block holds commands, each on a line starting with
# "$ ", followed by the output the tutorial shows; each command runs there
# with `outlint` being OUTLINT_BINARY, and its standard output must be
# exactly the lines shown. Prints "ok - LINE: COMMAND" / "not ok …" with a
# diff and ends with "tutorial: N passed, M failed"; exits 1 on a failure.

set -u
. "$(dirname "$0")/../lib.sh"
ol_test_init tutorial "tutorial.sh OUTLINT_BINARY DOC.md" 2 "$@"
DOC=$2
mkdir -p "$T/bin" "$T/blocks" "$T/work"
ln -s "$BIN" "$T/bin/outlint"

# Split the document: blocks/N holds block N, the manifest one line per
# block: "N file PATH LINE" or "N console - LINE".
awk -v dir="$T/blocks" '
	/^```/ && !inblock {
		if (match($0, /file=[^ ]+/)) {
			n++; kind = "file"; path = substr($0, RSTART + 5, RLENGTH - 5)
		} else if ($0 ~ /^```console[ ]*$/) {
			n++; kind = "console"; path = "-"
		} else {
			inblock = 2; next
		}
		inblock = 1; out = dir "/" n
		printf "" > out
		print n, kind, path, NR + 1 > (dir "/manifest")
		next
	}
	/^```[ ]*$/ && inblock { if (inblock == 1) close(out); inblock = 0; next }
	inblock == 1 { print >> out }
' "$DOC"

pass=0
failed=0
# run_console FILE LINE: the commands of one console block
run_console() {
	block=$1
	line=$2
	awk -v dir="$T/cmd" '
		BEGIN { n = 0 }
		/^\$ / { n++; print substr($0, 3) > (dir "." n ".cmd"); printf "" > (dir "." n ".want"); next }
		n > 0 { print >> (dir "." n ".want") }
		END { print n > (dir ".count") }
	' "$block"
	count=$(cat "$T/cmd.count")
	i=1
	while [ "$i" -le "$count" ]; do
		cmd=$(cat "$T/cmd.$i.cmd")
		(cd "$T/work" && PATH="$T/bin:$PATH" NO_COLOR=1 sh -c "$cmd") >"$T/got" 2>"$T/err" </dev/null
		if diff -u "$T/cmd.$i.want" "$T/got" >"$T/diff"; then
			pass=$((pass + 1))
			echo "ok - $DOC:$line: $cmd"
		else
			failed=$((failed + 1))
			echo "not ok - $DOC:$line: $cmd"
			sed 's/^/#   /' "$T/diff" | head -n 40
			[ -s "$T/err" ] && sed 's/^/#   stderr: /' "$T/err" | head -n 5
		fi
		rm -f "$T/cmd.$i.cmd" "$T/cmd.$i.want"
		i=$((i + 1))
	done
}

if [ ! -f "$T/blocks/manifest" ]; then
	echo "tutorial: no blocks in $DOC"
	exit 1
fi
while read -r n kind path line; do
	if [ "$kind" = file ]; then
		mkdir -p "$T/work/$(dirname "$path")"
		cp "$T/blocks/$n" "$T/work/$path"
	else
		run_console "$T/blocks/$n" "$line"
	fi
done <"$T/blocks/manifest"

echo "tutorial: $pass passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$pass" -gt 0 ]
