#!/bin/sh
# tests/fuzz/run.sh MODE — builds the libFuzzer targets (clang, ASan + UBSan)
# into build-fuzz/ and runs each one: first over its regression inputs
# (tests/fuzz/regress/<target>/, each must run clean), then for a bounded
# time on a temporary copy of its seed corpus.
#   MODE short: 10 s per target (part of `make check`)
#   MODE long:  300 s per target (`make fuzz`); FUZZ_TIME=N overrides both.
# Seeds: corpora/**/*.md (template), corpora/**/*.yaml (campaign),
# rules/*.rules (rules), tests/fuzz/seeds/<target>/ (all; config and lsp
# have only these). New crashes are left in build-fuzz/crashes/<target>/.
# dash and bash have test -nt; the flag strings carry literal quotes for
# -DOL_RULES_DIR on purpose (the macro is a C string literal).
# shellcheck disable=SC3013,SC2089,SC2090,SC2086
set -u
cd "$(dirname "$0")/../.." || exit 2
ROOT=$(pwd)

MODE=${1:-short}
case $MODE in
short) TIME=10 ;;
long) TIME=300 ;;
*) echo "usage: $0 short|long" >&2; exit 2 ;;
esac
TIME=${FUZZ_TIME:-$TIME}

CC=${FUZZ_CC:-clang}
OUT=${FUZZ_BUILD:-build-fuzz}
PKGS="libpcre2-8 hunspell yaml-0.1"
TARGETS=${FUZZ_TARGETS:-"rules template campaign config lsp"}

command -v "$CC" >/dev/null 2>&1 || { echo "fuzz: $CC not found (sh .ci/deps-fuzz)" >&2; exit 2; }
if ! command -v bison >/dev/null 2>&1 || ! command -v flex >/dev/null 2>&1; then
	echo "fuzz: bison/flex not found (sh .ci/deps)" >&2
	exit 2
fi

SAN="-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
BASE="-g -O1 $SAN -std=c17 -D_GNU_SOURCE -I$OUT/gen -I. -DOL_RULES_DIR=\"$ROOT/rules\" $(pkg-config --cflags $PKGS)"
LIBS="$(pkg-config --libs $PKGS) -lm -lpthread"

# ---- build -----------------------------------------------------------------
# The library is compiled with -fsanitize=fuzzer-no-link (coverage, no main);
# each target adds its own file and links with -fsanitize=fuzzer.
LIBSAN="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
LIBFLAGS="-g -O1 $LIBSAN -std=c17 -D_GNU_SOURCE -I$OUT/gen -I. -DOL_RULES_DIR=\"$ROOT/rules\" $(pkg-config --cflags $PKGS)"

build() {
	mkdir -p "$OUT/gen" "$OUT/obj" "$OUT/bin" || return 1
	if [ ! -f "$OUT/gen/rules.tab.c" ] || [ grammar/rules.y -nt "$OUT/gen/rules.tab.c" ]; then
		bison -Wall -Werror --defines="$OUT/gen/rules.tab.h" -o "$OUT/gen/rules.tab.c" grammar/rules.y || return 1
	fi
	if [ ! -f "$OUT/gen/rules.lex.c" ] || [ grammar/rules.l -nt "$OUT/gen/rules.lex.c" ] ||
	   [ "$OUT/gen/rules.tab.h" -nt "$OUT/gen/rules.lex.c" ]; then
		flex --header-file="$OUT/gen/rules.lex.h" -o "$OUT/gen/rules.lex.c" grammar/rules.l || return 1
	fi
	objs=""
	for src in checker/base/*.c checker/diag/*.c checker/dsl/*.c checker/content/*.c \
	           checker/engine/*.c checker/config/*.c checker/lsp/*.c \
	           "$OUT/gen/rules.tab.c" "$OUT/gen/rules.lex.c"; do
		obj="$OUT/obj/$(echo "$src" | sed "s|^$OUT/||; s|/|_|g; s|\.c\$|.o|")"
		objs="$objs $obj"
		# rebuild when the source or any header of the tree is newer
		if [ -f "$obj" ] && [ "$obj" -nt "$src" ] &&
		   [ -z "$(find checker "$OUT/gen" -name '*.h' -newer "$obj" 2>/dev/null | head -1)" ]; then
			continue
		fi
		extra=""
		case $src in "$OUT"/gen/*) extra="-Igrammar -Wno-unused-function -Wno-sign-compare -Wno-unreachable-code" ;; esac
		# shellcheck disable=SC2086
		$CC $LIBFLAGS $extra -c -o "$obj" "$src" || return 1
	done
	for t in $TARGETS; do
		# shellcheck disable=SC2086
		$CC $BASE -o "$OUT/bin/fuzz_$t" "tests/fuzz/fuzz_$t.c" $objs $LIBS || return 1
	done
}

echo "fuzz: building into $OUT/ with $CC"
mkdir -p "$OUT" || exit 2
if ! build > "$OUT/build.log" 2>&1; then
	cat "$OUT/build.log" >&2
	echo "not ok - build"
	echo "fuzz: 0 passed, 1 failed"
	exit 1
fi

# ---- run -------------------------------------------------------------------
export OUTLINT_RULES="$ROOT/rules"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/olfuzz.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT INT TERM

seed() { # target corpus-dir
	case $1 in
	rules) find rules -name '*.rules' -type f ;;
	template) find corpora -name '*.md' -type f ;;
	campaign) find corpora \( -name '*.yaml' -o -name '*.yml' \) -type f ;;
	esac
	[ -d "tests/fuzz/seeds/$1" ] && find "tests/fuzz/seeds/$1" -type f
	[ -d "tests/fuzz/regress/$1" ] && find "tests/fuzz/regress/$1" -type f
}

pass=0 fail=0
for t in $TARGETS; do
	bin="$OUT/bin/fuzz_$t"
	log="$OUT/fuzz_$t.log"
	ok=1
	: > "$log"
	# 1. every regression input must run clean
	reg=$(find "tests/fuzz/regress/$t" -type f 2>/dev/null | sort)
	if [ -n "$reg" ]; then
		# shellcheck disable=SC2086
		if ! "$bin" -rss_limit_mb=2048 -timeout=10 $reg >> "$log" 2>&1; then
			ok=0
			echo "# fuzz_$t: a regression input fails (see $log)"
		fi
	fi
	# 2. a bounded run on a copy of the seeds
	if [ $ok = 1 ]; then
		corpus="$TMP/$t"
		mkdir -p "$corpus" "$OUT/crashes/$t"
		i=0
		seed "$t" | while read -r f; do
			i=$((i + 1))
			cp "$f" "$corpus/seed$i-$(basename "$f")"
		done
		# Hunspell's suggestions for the mutated words make the checks slow
		# (tens of inputs per second): template and lsp spend the second
		# half of their time without the dictionary (30x faster, the same
		# corpus), so the code around the spelling gets its share too.
		case $t in
		template | lsp) half=$((TIME / 2)); [ "$half" -ge 1 ] || half=1 ;;
		*) half=$TIME ;;
		esac
		if ! "$bin" -max_total_time="$half" -rss_limit_mb=2048 -timeout=10 \
		     -print_final_stats=1 -artifact_prefix="$OUT/crashes/$t/" \
		     "$corpus" >> "$log" 2>&1; then
			ok=0
		elif [ "$half" -lt "$TIME" ] &&
		     ! OUTLINT_DICT_DIR=/nonexistent-olfuzz "$bin" -max_total_time=$((TIME - half)) \
		       -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
		       -artifact_prefix="$OUT/crashes/$t/" "$corpus" >> "$log" 2>&1; then
			ok=0
		fi
		if [ $ok = 0 ]; then
			echo "# fuzz_$t: crash (inputs in $OUT/crashes/$t/, log $log):"
			grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" | head -5 | sed 's/^/#   /'
		fi
	fi
	if [ $ok = 1 ]; then
		pass=$((pass + 1))
		runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | awk '{ s += $NF } END { print s }')
		echo "ok - fuzz_$t (${runs:-?} runs)"
	else
		fail=$((fail + 1))
		echo "not ok - fuzz_$t"
	fi
done
echo "fuzz: $pass passed, $fail failed"
[ $fail = 0 ]
