#!/bin/sh
# Hostile-input tests of outlint: run.sh OUTLINT_BINARY
#
# Each case t_NAME writes hostile input into $D (a fresh folder), runs the
# binary there under `ulimit -v` (1 GB) and `timeout` (20 s), asserts that
# the run finished (no timeout, no crash), and checks exit status and the
# essential message. Large inputs are generated here, never stored in git.
# Prints "ok - NAME" / "not ok - NAME" (reason on a "#" line), ends with
# "hostile: N passed, M failed"; exits 1 on any failure.

set -u

. "$(dirname "$0")/../lib.sh"
ol_test_init hostile "run.sh OUTLINT_BINARY" 1 "$@"
unset NO_COLOR CLICOLOR CLICOLOR_FORCE FORCE_COLOR

MEM_KB=${HOSTILE_MEM_KB:-1048576}   # ulimit -v, in KiB (1 GB)
SECS=${HOSTILE_SECS:-20}           # timeout per run


ESC=$(printf '\033')
pass=0
failed=0

# run ARGS…: the binary in $D, stdin closed, bounded in memory and time.
# $st is its exit status; 124 means timed out (timeout(1)).
run() {
	(cd "$D" && ulimit -v "$MEM_KB" && exec timeout -k 5 "$SECS" "$BIN" "$@") \
		>"$OUT" 2>"$ERR" </dev/null
	st=$?
}

finished() {
	case $st in
	124 | 137) why="did not finish within ${SECS}s (status $st)" ;;
	0 | 1 | 2) return 0 ;;
	*) why="crashed or was killed: status $st; stderr: $(head -c 400 "$ERR")" ;;
	esac
	return 1
}
status_is() {
	finished || return 1
	for want in "$@"; do
		[ "$st" = "$want" ] && return 0
	done
	why="exit status $st, want $*; stdout: $(head -c 300 "$OUT") stderr: $(head -c 400 "$ERR")"
	return 1
}
out_has() {
	grep -Eq -- "$1" "$OUT" && return 0
	why="stdout lacks /$1/; stdout: $(head -c 600 "$OUT")"
	return 1
}
out_lacks() {
	grep -Eq -- "$1" "$OUT" || return 0
	why="stdout has /$1/: $(grep -E -- "$1" "$OUT" | head -c 300)"
	return 1
}
err_has() {
	grep -Eq -- "$1" "$ERR" && return 0
	why="stderr lacks /$1/; stderr: $(head -c 600 "$ERR")"
	return 1
}
out_lacks_esc() {
	grep -q "$ESC" "$OUT" || return 0
	why="stdout has a raw ESC byte: $(grep "$ESC" "$OUT" | head -n 2 | od -c | head -n 4)"
	return 1
}

# A plain valid template.
ok_template() {
	printf '%s\n' '---' 'subject: Kurze Frage' 'address: sie' '---' \
		'Guten Tag Frau Muster,' '' 'haben Sie kurz Zeit?' '' \
		'Beste Grüße' 'Max Mustermann' >"$1"
}

# A rule file of our own, independent of the shipped packs.
du_rule() {
	printf '%s\n' \
		'rule test/du {' \
		'  severity warning' \
		'  summary  "informelles du"' \
		'  message  "informell: „{match}“"' \
		'  forbid   "du"' \
		'  good     "Haben Sie Zeit?"' \
		'  bad      "Hast du Zeit?"' \
		'}' >"$1"
}

# nested N OPEN CLOSE: OPEN repeated N times, then CLOSE N times.
nested() {
	awk -v n="$1" -v o="$2" -v c="$3" 'BEGIN {
		s = ""; for (i = 0; i < n; i++) s = s o; printf "%s", s
		s = ""; for (i = 0; i < n; i++) s = s c; printf "%s\n", s }'
}

# --- encodings and bytes ----------------------------------------------------

# „Grüße“ in ISO-8859-1: ü = 0xFC, ß = 0xDF. German teams have such files.
t_latin1() {
	printf -- '---\nsubject: Gr\374\337e\n---\nGuten Tag,\n\nviele Gr\374\337e aus M\374nchen\n' >"$D/t.md"
	run check --format json t.md
	status_is 1 || return 1
	out_has '"input/encoding"' || return 1
	out_has 'iconv' || return 1
	out_has 'Latin-1|latin1|ISO-8859-1' || return 1
	run check t.md
	status_is 1 || return 1
	out_has 'iconv -f latin1 -t utf-8'
}

# The catalogue should name the likely cause in words, not only in the
# iconv command (proposed: /tmp/hostilefix/encoding-latin1.diff).
t_latin1_named() {
	printf 'Guten Tag,\n\nviele Gr\374\337e\n' >"$D/t.md"
	run check t.md
	status_is 1 || return 1
	out_has 'Latin-1'
}

t_invalid_utf8() {
	# a truncated sequence, an overlong encoding and a lone continuation byte
	printf 'Guten Tag,\n\342\202\n\300\257\n\200 Ende\n' >"$D/t.md"
	run check --format json t.md
	status_is 1 || return 1
	out_has '"input/encoding"'
}

t_nul_bytes() {
	printf 'Guten Tag,\n\000\000\000Zeit?\n' >"$D/t.md"
	run check --format json t.md
	status_is 1 || return 1
	out_has '"input/binary"'
}

t_nul_campaign() {
	printf 'campaign: x\naudience: b2b\000\nsteps: []\n' >"$D/c.yaml"
	run check --format json c.yaml
	status_is 1 || return 1
	out_has '"input/(binary|yaml|campaign)"'
}

# --- size -------------------------------------------------------------------

t_10mb_single_line() {
	{
		printf 'Guten Tag, '
		head -c 10485760 /dev/zero | tr '\000' 'a'
		printf ' hast du Zeit?\n'
	} >"$D/t.md"
	run check --format json t.md
	status_is 0 1
}

t_10mb_words() {
	# 10 MB of words on one line: the word-level rules (spelling, tone) see
	# every word
	awk 'BEGIN { s = "Wir liefern Paletten pünktlich nach Hamburg. "
		n = int(10485760 / length(s)); for (i = 0; i < n; i++) printf "%s", s; printf "\n" }' >"$D/t.md"
	run check --format json t.md
	status_is 0 1
}

t_100k_lines() {
	awk 'BEGIN { print "---"; print "subject: Lang"; print "---"
		for (i = 0; i < 100000; i++) printf "Zeile %d: wir liefern pünktlich nach Hamburg.\n", i }' >"$D/t.md"
	run check --format json t.md
	status_is 0 1 || return 1
	[ "$(head -c 1 "$OUT")" = "{" ] || { why="not JSON: $(head -c 200 "$OUT")"; return 1; }
}

t_100k_findings() {
	# every line a finding: the output is big but bounded
	awk 'BEGIN { print "---"; print "address: sie"; print "---"
		for (i = 0; i < 100000; i++) print "hast du Zeit?" }' >"$D/t.md"
	run check t.md
	status_is 1
}

# --- YAML -------------------------------------------------------------------

t_yaml_deep_campaign_flow() {
	{ printf 'campaign: x\naudience: b2b\nsteps: '; nested 10000 '[' ']'; } >"$D/c.yaml"
	run check --format json c.yaml
	status_is 1 || return 1
	out_has '"input/(yaml|campaign)"'
}

t_yaml_deep_campaign_block() {
	# block sequences nested 10,000 deep: "- - - … x"
	{
		printf 'campaign: x\naudience: b2b\nsteps:\n'
		awk 'BEGIN { for (i = 0; i < 10000; i++) printf "- "; print "x" }'
	} >"$D/c.yaml"
	run check --format json c.yaml
	status_is 1 || return 1
	out_has '"input/(yaml|campaign)"'
}

t_yaml_deep_front_matter() {
	{ printf -- '---\nsubject: '; nested 10000 '{a: ' '}'; printf -- '---\nGuten Tag,\n'; } >"$D/t.md"
	run check --format json t.md
	status_is 1 || return 1
	out_has '"input/(front-matter|yaml)"'
}

t_yaml_alias_bomb() {
	cat >"$D/c.yaml" <<'Y'
campaign: bomb
audience: b2b
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
steps: *i
Y
	run check --format json c.yaml
	status_is 0 1 || return 1
	out_has '"summary"'
}

t_yaml_alias_bomb_front_matter() {
	{
		printf -- '---\nsubject: Hallo\n'
		printf 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
		p=a
		for n in b c d e f g h i; do
			printf '%s: &%s [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n' $n $n $p $p $p $p $p $p $p $p $p
			p=$n
		done
		printf -- '---\nGuten Tag,\n\n{{ meta.i }}\n'
	} >"$D/t.md"
	run check --format json t.md
	status_is 0 1 || return 1
	out_has '"summary"'
}

# --- the file system --------------------------------------------------------

t_symlink_loop() {
	mkdir -p "$D/proj/sub"
	ok_template "$D/proj/sub/t.md"
	ln -s . "$D/proj/sub/loop"
	ln -s .. "$D/proj/sub/up"
	run check --format json proj
	status_is 0 1 || return 1
	out_has '"summary"'
}

t_symlink_self() {
	mkdir -p "$D/proj"
	ok_template "$D/proj/t.md"
	ln -s self.md "$D/proj/self.md"
	ln -s b.md "$D/proj/a.md"
	ln -s a.md "$D/proj/b.md"
	run check --format json proj
	finished
}

# A campaign step whose template leaves the repository: a finding, and the
# file outside is never read (the path in the message is the one written).
t_template_outside() {
	mkdir -p "$D/repo/.git" "$D/repo/campaigns"
	printf '%s\n' 'campaign: aussen' 'audience: b2b' 'consent: opt-in' \
		'steps:' '  - {template: ../../etc/passwd, day: 0}' >"$D/repo/campaigns/c.yaml"
	run check --format json repo/campaigns/c.yaml
	status_is 1 || return 1
	out_has '"campaign/missing-template"' || return 1
	out_has 'außerhalb' || return 1
	out_lacks 'root:' || return 1
}

# Even a template that exists outside the repository is refused.
t_template_outside_existing() {
	mkdir -p "$D/repo/.git" "$D/repo/campaigns"
	ok_template "$D/outside.md"
	printf '%s\n' 'campaign: aussen' 'audience: b2b' 'consent: opt-in' \
		'steps:' '  - {template: ../../outside.md, day: 0}' >"$D/repo/campaigns/c.yaml"
	run check --format json repo/campaigns/c.yaml
	status_is 1 || return 1
	out_has '"campaign/missing-template"' || return 1
	out_has 'außerhalb'
}

# --- the terminal ----------------------------------------------------------

t_escape_sequences() {
	# clear screen, set title (OSC), move cursor, C1 CSI (U+009B) and a bell
	printf -- '---\nsubject: \033]0;pwned\007Hallo\n---\nGuten Tag \033[2J\033[H,\n\nhast du \033[31mZeit\033[0m? \302\233m\n' >"$D/t.md"
	run check --color never t.md
	status_is 0 1 || return 1
	out_lacks_esc || return 1
	if grep -q "$(printf '\302\233')" "$OUT"; then
		why="stdout has a raw C1 CSI (U+009B)"
		return 1
	fi
	if grep -q "$(printf '\007')" "$OUT"; then
		why="stdout has a raw BEL"
		return 1
	fi
	out_has '\\x1b'
}

# A finding on a line full of escapes: the source line is shown, escaped.
t_escape_in_finding_line() {
	du_rule "$D/du.rules"
	printf 'Guten Tag \033[2J\033[H\033]0;pwned\007, hast du \033[31mZeit\033[0m?\n' >"$D/t.md"
	run check --no-default-rules --rules du.rules --color always t.md
	status_is 0 1 || return 1
	out_has 'test/du' || return 1
	out_has 'hast du' || return 1
	# --color always may add SGR colours of outlint's own; none of the
	# template's sequences may come through
	if grep -q "$ESC\[2J\|$ESC\]0;\|$ESC\[31mZeit" "$OUT"; then
		why="a template escape sequence reached stdout raw"
		return 1
	fi
	run check --no-default-rules --rules du.rules --color never t.md
	out_lacks_esc
}

t_escape_in_path() {
	mkdir -p "$D/p"
	ok_template "$D/p/$(printf 'x\033[2Jy').md"
	printf 'hast du Zeit?\n' >>"$D/p/$(printf 'x\033[2Jy').md"
	run check --color never p
	status_is 0 1 || return 1
	out_lacks_esc
}

# --- rule files -------------------------------------------------------------

t_catastrophic_pattern() {
	printf '%s\n' \
		'rule test/slow {' \
		'  severity warning' \
		'  summary  "katastrophales Muster"' \
		'  message  "Treffer"' \
		'  forbid   /(a+)+$/' \
		'}' >"$D/slow.rules"
	{ head -c 102400 /dev/zero | tr '\000' 'a'; printf '!\n'; } >"$D/t.md"
	start=$(date +%s)
	run check --no-default-rules --rules slow.rules --format json t.md
	end=$(date +%s)
	finished || return 1
	out_has '"input/pattern-limit"' || return 1
	out_has 'test/slow' || return 1
	if [ $((end - start)) -gt 10 ]; then
		why="took $((end - start)) s"
		return 1
	fi
}

t_include_cycle() {
	printf 'include "b.rules"\n' >"$D/a.rules"
	du_rule "$D/a.body"
	cat "$D/a.body" >>"$D/a.rules"
	printf '\ninclude "a.rules"\n' >"$D/b.rules"
	ok_template "$D/t.md"
	run check --no-default-rules --rules a.rules t.md
	status_is 2 || return 1
	err_has 'cycle' || return 1
	err_has 'b\.rules:2:[0-9]+: error'
}

t_include_self() {
	printf 'include "a.rules"\n' >"$D/a.rules"
	ok_template "$D/t.md"
	run check --no-default-rules --rules a.rules t.md
	status_is 2 || return 1
	err_has 'a\.rules:1:[0-9]+: error.*cycle'
}

# An include must stay inside the folder of the rule file that was named.
t_include_outside() {
	mkdir -p "$D/pack"
	du_rule "$D/outside.rules"
	printf 'include "../outside.rules"\n' >"$D/pack/main.rules"
	ok_template "$D/t.md"
	run check --no-default-rules --rules pack/main.rules t.md
	status_is 2 || return 1
	err_has 'main\.rules:1:[0-9]+: error' || return 1
	err_has 'outside|außerhalb'
}

t_include_outside_abs() {
	mkdir -p "$D/pack"
	du_rule "$D/outside.rules"
	printf 'include "%s/outside.rules"\n' "$D" >"$D/pack/main.rules"
	ok_template "$D/t.md"
	run check --no-default-rules --rules pack/main.rules t.md
	status_is 2
}

# Includes into a subfolder of the root stay allowed.
t_include_inside() {
	mkdir -p "$D/pack/sub"
	du_rule "$D/pack/sub/du.rules"
	printf 'include "sub/du.rules"\n' >"$D/pack/main.rules"
	printf 'hast du Zeit?\n' >"$D/t.md"
	run check --no-default-rules --rules pack/main.rules --format json t.md
	status_is 0 1 || return 1
	out_has '"test/du"'
}

# --- driver -----------------------------------------------------------------

cases=$(sed -n 's/^\(t_[a-z0-9_]*\)() {$/\1/p' "$0")
i=0
for c in $cases; do
	i=$((i + 1))
	D=$T/$i
	mkdir -p "$D"
	OUT=$T/$i.out
	ERR=$T/$i.err
	why=
	if "$c"; then
		echo "ok - ${c#t_}"
		pass=$((pass + 1))
	else
		echo "not ok - ${c#t_}"
		echo "# $why" | head -c 1500
		echo
		failed=$((failed + 1))
	fi
	rm -rf "$D"
done
echo "hostile: $pass passed, $failed failed"
[ "$failed" -eq 0 ]
