#!/bin/sh
# The sample output in README.md is real: readme.sh OUTLINT_BINARY README
#
# The code block after the line starting "Two findings of `build/outlint
# check examples/`" must appear, line for line and in order, in the output of
# that command (run from the repository root, without colour).
set -u
. "$(dirname "$0")/../lib.sh"
ol_test_init readme "readme.sh OUTLINT_BINARY README" 2 "$@"
README=$2
awk '/^Two findings of `build\/outlint check examples\/`/ { on = 1; next }
     on && /^```/ { if (inblock) exit; inblock = 1; next }
     inblock { print }' "$README" >"$T/want"
if [ ! -s "$T/want" ]; then
	echo "not ok - README.md: no sample output block found"
	exit 1
fi
NO_COLOR=1 "$BIN" check --color never examples/ >"$T/got" 2>&1
# every sample line, in order, as a line of the real output
if awk 'NR == FNR { want[++n] = $0; next }
        i < n && $0 == want[i + 1] { i++ }
        END { if (i < n) { print "missing from the output: " want[i + 1]; exit 1 } }' "$T/want" "$T/got"; then
	echo "ok - README.md sample output"
	echo "readme: 1 passed, 0 failed"
else
	echo "not ok - README.md sample output"
	echo "readme: 0 passed, 1 failed"
	exit 1
fi
