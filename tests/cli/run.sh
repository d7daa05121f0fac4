#!/bin/sh
# CLI-level tests of outlint: run.sh OUTLINT_BINARY
#
# Each case is a function t_NAME that writes its inputs into $D (a fresh
# folder under one mktemp -d), runs the binary there with `run`, and checks
# exit status and output. cli.md is the contract these tests are written
# from. Prints "ok - NAME" / "not ok - NAME" (with the reason on a "#"
# line) and ends with "cli: N passed, M failed"; exits 1 on any failure.

set -u

. "$(dirname "$0")/../lib.sh"
ol_test_init cli "run.sh OUTLINT_BINARY" 1 "$@"

# The cases decide about colour themselves.
unset NO_COLOR CLICOLOR CLICOLOR_FORCE FORCE_COLOR


ESC=$(printf '\033')
pass=0
failed=0

# run ARGS…: runs the binary in $D with stdin closed; $st is its exit
# status, $OUT and $ERR hold stdout and stderr. RUNENV (words NAME=VALUE)
# adds to the environment.
run() {
	# shellcheck disable=SC2086 # RUNENV is split into words on purpose
	(cd "$D" && exec env ${RUNENV:-} "$BIN" "$@") >"$OUT" 2>"$ERR" </dev/null
	st=$?
}

# Assertions: each returns 1 with $why set when it fails.
status_is() {
	for want in "$@"; do
		[ "$st" = "$want" ] && return 0
	done
	why="exit status $st, want $*"
	[ "$st" -gt 2 ] && why="$why (crash?)"
	why="$why; stderr: $(head -c 400 "$ERR")"
	return 1
}
out_has() {
	grep -Eq -- "$1" "$OUT" && return 0
	why="stdout lacks /$1/; stdout: $(head -c 600 "$OUT")"
	return 1
}
err_has() {
	grep -Eq -- "$1" "$ERR" && return 0
	why="stderr lacks /$1/; stderr: $(head -c 600 "$ERR")"
	return 1
}
any_has() {
	cat "$OUT" "$ERR" | grep -Eq -- "$1" && return 0
	why="output lacks /$1/; stdout: $(head -c 400 "$OUT") stderr: $(head -c 400 "$ERR")"
	return 1
}
out_lacks_esc() {
	grep -q "$ESC" "$OUT" || return 0
	why="stdout has a raw ESC byte: $(grep "$ESC" "$OUT" | head -n 2 | od -c | head -n 4)"
	return 1
}
json_ok() {
	if [ "$(head -c 1 "$OUT")" != "{" ] || ! grep -q '"summary"' "$OUT"; then
		why="not cli.md's JSON: $(head -c 300 "$OUT")"
		return 1
	fi
	if command -v python3 >/dev/null 2>&1 &&
		! python3 -c 'import json,sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$OUT" 2>/dev/null; then
		why="python3 cannot parse the JSON: $(head -c 300 "$OUT")"
		return 1
	fi
	return 0
}

# The diagnostics of a JSON document as "path|rule|line" lines, whatever
# the layout (keys are read in document order).
diags() {
	awk '{ s = s $0 "\n" }
	END {
		while (match(s, /"(path|rule|line)"[ \t\r\n]*:[ \t\r\n]*("([^"\\]|\\.)*"|[0-9]+)/)) {
			tok = substr(s, RSTART, RLENGTH)
			s = substr(s, RSTART + RLENGTH)
			key = tok
			sub(/^"/, "", key)
			sub(/".*/, "", key)
			val = tok
			sub(/^"[a-z]+"[ \t\r\n]*:[ \t\r\n]*/, "", val)
			if (key == "path") {
				gsub(/^"|"$/, "", val)
				path = val
			} else if (key == "rule") {
				gsub(/^"|"$/, "", val)
				rule = val
			} else {
				print path "|" rule "|" val
			}
		}
	}' "$OUT"
}
diag_has() {
	diags | grep -Eq -- "$1" && return 0
	why="no diagnostic /$1/ in: $(diags | tr '\n' ' ')"
	return 1
}

# A Sie template with an informal „du“ (tone/sie-form in the default rules).
du_template() {
	printf '%s\n' '---' 'subject: Kurze Frage' 'address: sie' '---' \
		'Guten Tag Frau Muster,' '' 'hast du Zeit für ein kurzes Gespräch?' '' \
		'Beste Grüße' 'Max Mustermann' >"$D/$1"
}

# A rule file of our own, so that exit-status cases do not depend on the
# shipped packs.
du_rule() {
	printf '%s\n' \
		'rule test/du {' \
		'  severity warning' \
		'  summary  "informelles du"' \
		'  message  "informell: „{match}“"' \
		'  forbid   "du"' \
		'  good     "Haben Sie Zeit?"' \
		'  bad      "Hast du Zeit?"' \
		'}' >"$D/$1"
}

# --- the cases -------------------------------------------------------------

t_front_matter() {
	printf '%s\n' '---' 'subject: [nicht geschlossen' 'step: 1' '---' 'Guten Tag,' >"$D/t.md"
	run check --format json t.md
	status_is 1 || return 1
	json_ok || return 1
	diag_has '(^|/)t\.md\|input/front-matter\|'
}

t_front_matter_unclosed() {
	printf '%s\n' '---' 'subject: Hallo' 'Guten Tag,' >"$D/t.md"
	run check --format json t.md
	status_is 1 || return 1
	diag_has '(^|/)t\.md\|input/front-matter\|'
}

t_yaml_campaign() {
	printf '%s\n' 'campaign: q1' 'audience: b2b' 'steps: [' '  {template: a.md, day: 0' >"$D/c.yaml"
	run check --format json c.yaml
	status_is 1 || return 1
	json_ok || return 1
	diag_has '(^|/)c\.yaml\|input/yaml\|'
}

t_encoding() {
	printf 'Guten Tag,\n\nhaben Sie Zeit? \377\n' >"$D/t.md"
	run check --format json t.md
	status_is 1 || return 1
	json_ok || return 1
	diag_has '(^|/)t\.md\|input/encoding\|3$'
}

t_empty_file() {
	: >"$D/leer.md"
	run check leer.md
	status_is 0 1 || return 1
	out_has 'in 1 file' || return 1
	run check --format json leer.md
	status_is 0 1 || return 1
	json_ok || return 1
	diag_has '(^|/)leer\.md\|input/empty\|1$'
}

t_binary() {
	printf 'Guten Tag,\000\001\002Welt\n' >"$D/b.md"
	run check --format json b.md
	status_is 1 || return 1
	json_ok || return 1
	diag_has '(^|/)b\.md\|input/binary\|'
}

t_missing_path() {
	run check gibt-es-nicht.md
	status_is 2 || return 1
	err_has 'gibt-es-nicht\.md'
}

t_unreadable() {
	if [ "$(id -u)" = 0 ]; then
		skip=root
		return 0
	fi
	du_template t.md
	chmod 000 "$D/t.md"
	run check t.md
	chmod 644 "$D/t.md"
	status_is 2 || return 1
	err_has 't\.md'
}

t_campaign_missing_template() {
	mkdir -p "$D/templates"
	du_template templates/a.md
	printf '%s\n' \
		'campaign: q1-test' \
		'audience: b2b' \
		'consent: none' \
		'legal_basis: legitimate-interest' \
		'data_source: "Impressum der Website"' \
		'steps:' \
		'  - template: templates/a.md' \
		'    day: 0' \
		'  - template: templates/fehlt.md' \
		'    day: 6' >"$D/c.yaml"
	run check --format json c.yaml
	status_is 1 || return 1
	json_ok || return 1
	# the finding points at the campaign, at the second step (line 9)
	diag_has '(^|/)c\.yaml\|(campaign/missing-template|input/campaign)\|9$'
}

t_escape_in_human() {
	printf 'Guten Tag,\n\nhast du Zeit? \033[31mrot\033[2J\033]0;titel\007 \302\233 ende\n' >"$D/t.md"
	run check --color never t.md
	status_is 0 1 || return 1
	out_has 't\.md:' || return 1
	out_lacks_esc || return 1
	if grep -q "$(printf '\007')" "$OUT"; then
		why="stdout has a raw BEL byte"
		return 1
	fi
	if grep -q "$(printf '\302\233')" "$OUT"; then
		why="stdout has a raw C1 CSI (U+009B)"
		return 1
	fi
}

t_no_color() {
	du_template t.md
	RUNENV=NO_COLOR=1 run check t.md
	status_is 1 || return 1
	out_lacks_esc || return 1
	run check --color never t.md
	status_is 1 || return 1
	out_lacks_esc || return 1
	# on a terminal, too (script(1) gives the program a tty)
	if command -v script >/dev/null 2>&1 &&
		script -qec true /dev/null >/dev/null 2>&1 </dev/null; then
		(cd "$D" && NO_COLOR=1 script -qec "'$BIN' check t.md" /dev/null) >"$OUT" 2>&1 </dev/null
		out_lacks_esc || return 1
		(cd "$D" && script -qec "'$BIN' check --color never t.md" /dev/null) >"$OUT" 2>&1 </dev/null
		out_lacks_esc || return 1
		(cd "$D" && script -qec "'$BIN' check t.md" /dev/null) >"$OUT" 2>&1 </dev/null
		if ! grep -q "$ESC\[" "$OUT"; then
			why="no colours on a terminal without NO_COLOR (--color auto)"
			return 1
		fi
	fi
}

t_color_always() {
	du_template t.md
	run check --color always t.md
	status_is 1 || return 1
	if ! grep -q "$ESC\[" "$OUT"; then
		why="--color always printed no ANSI colour codes"
		return 1
	fi
}

t_json_parses() {
	du_template t.md
	printf '%s\n' 'Guten Tag,' '' 'danke.' >"$D/ok.txt"
	run check --format json .
	status_is 0 1 || return 1
	json_ok || return 1
	out_has '"path": *"(\./)?t\.md"' || return 1
	out_has '"path": *"(\./)?ok\.txt"' || return 1
	diag_has '(^|/)t\.md\|tone/sie-form\|7$'
}

t_deterministic() {
	mkdir -p "$D/b" "$D/a"
	du_template b/zwei.md
	du_template a/eins.md
	du_template drei.txt
	printf 'Hallo\377\n' >"$D/a/kaputt.md"
	run check --format json .
	status_is 1 || return 1
	cp "$OUT" "$T/det1"
	run check --format json .
	status_is 1 || return 1
	if ! cmp -s "$OUT" "$T/det1"; then
		why="two JSON runs differ"
		return 1
	fi
	run check --format json -j 4 .
	status_is 1 || return 1
	if ! cmp -s "$OUT" "$T/det1"; then
		why="JSON with -j 4 differs from the default run"
		return 1
	fi
}

t_rules_syntax_error() {
	du_template t.md
	printf '%s\n' '# kaputt' 'rule test/kaputt {' '  severity error' '  forbid ]' '}' >"$D/bad.rules"
	run check --rules bad.rules t.md
	status_is 2 || return 1
	err_has 'bad\.rules:4:[0-9]+:' || return 1
	err_has '^ *\|.*\^' || { why="no caret line: $why"; return 1; }
}

t_version() {
	run --version
	status_is 0 || return 1
	out_has '[0-9]+\.[0-9]+'
}

t_help() {
	run --help
	status_is 0 || return 1
	out_has 'check' || return 1
	out_has '--format'
}

t_unknown_option() {
	du_template t.md
	run check --gibt-es-nicht t.md
	status_is 2 || return 1
	err_has 'gibt-es-nicht'
}

t_test_failing_example() {
	printf '%s\n' \
		'rule test/nie {' \
		'  severity error' \
		'  summary  "findet nie etwas"' \
		'  message  "nie"' \
		'  forbid   "zzqqxx"' \
		'  good     "Guten Tag"' \
		'  bad      "Hast du Zeit?"' \
		'}' >"$D/nie.rules"
	run test nie.rules
	status_is 1 || return 1
	out_has '^test/nie +\.F  FAILED$' || return 1
	out_has '^---- test/nie: bad example #1 does not fire its rule ----$' || return 1
	out_has '^  --> nie\.rules:7:12$' || return 1
	out_has '^  example: +„Hast du Zeit\?“$' || return 1
	out_has '^ +tone/sie-form at 1:6: informelle Anrede „du“' || return 1
	out_has '^2 examples, 1 failed$' || return 1
	run test -v nie.rules
	status_is 1 || return 1
	out_has '^test/nie good #1 \(nie\.rules:6\) \.\.\. ok$' || return 1
	out_has '^test/nie bad #1 \(nie\.rules:7\) \.\.\. FAILED$'
}

t_test_passing_examples() {
	du_rule du.rules
	run test du.rules
	status_is 0
}

# Exit status by --fail-on and --max-warnings, with a rule of our own.
t_fail_on() {
	du_rule du.rules
	printf '%s\n' 'Hast du Zeit?' >"$D/t.md"
	run check --no-default-rules --rules du.rules t.md
	status_is 0 || return 1
	run check --no-default-rules --rules du.rules --fail-on warning t.md
	status_is 1 || return 1
	run check --no-default-rules --rules du.rules --max-warnings 0 t.md
	status_is 1 || return 1
	run check --no-default-rules --rules du.rules --max-warnings 1 t.md
	status_is 0
}

# The human format end to end (cli.md): block, excerpt, caret, summary.
t_human_format() {
	du_rule du.rules
	printf '%s\n' 'Hast du Zeit?' >"$D/t.md"
	run check --no-default-rules --rules du.rules --color never t.md
	status_is 0 || return 1
	out_has '^t\.md:1:6: warning: informell: „du“ \[test/du\]$' || return 1
	out_has '^    1 \| Hast du Zeit\?$' || return 1
	out_has '^      \|      \^~$' || return 1
	out_has '^0 errors, 1 warning in 1 file$'
}

t_json_positions() {
	du_rule du.rules
	printf '%s\n' 'Grüße, hast du Zeit?' >"$D/t.md"
	run check --no-default-rules --rules du.rules --format json t.md
	status_is 0 || return 1
	json_ok || return 1
	# code points: „ü“ and „ß“ count one column each; end is exclusive
	out_has '"column": *13([,} ]|$)' || return 1
	out_has '"end_column": *15([,} ]|$)'
}

t_quiet_clean() {
	du_rule du.rules
	printf '%s\n' 'Haben Sie Zeit?' >"$D/t.md"
	run check --no-default-rules --rules du.rules --quiet t.md
	status_is 0 || return 1
	if [ -s "$OUT" ]; then
		why="--quiet printed something for a clean file: $(head -c 200 "$OUT")"
		return 1
	fi
}

t_explain() {
	run explain tone/sie-form
	status_is 0 || return 1
	out_has 'tone/sie-form' || return 1
	run explain gibt/es-nicht
	status_is 2
}

t_rules_list() {
	run rules
	status_is 0 || return 1
	out_has 'tone/sie-form'
}

# A .outlint.yml found above the linted folder turns the rule down to a
# warning (so the exit status is 0) and excludes a folder from the walk.
t_config_found_and_applied() {
	mkdir -p "$D/vorlagen/entwurf"
	du_template vorlagen/a.md
	du_template vorlagen/entwurf/b.md
	printf '%s\n' 'severity:' '  tone/sie-form: warning' 'default_rules: false' \
		'rules: [eigen.rules]' 'exclude: ["vorlagen/entwurf/**"]' >"$D/.outlint.yml"
	printf '%s\n' 'rule tone/sie-form {' '  severity error' '  message "du: {match}"' \
		'  forbid "du"' '}' >"$D/eigen.rules"
	run check --format json vorlagen
	status_is 0 || return 1
	diag_has '^vorlagen/a.md\|tone/sie-form\|7$' || return 1
	if diags | grep -q 'entwurf'; then
		why="excluded file was linted: $(diags | tr '\n' ' ')"
		return 1
	fi
	out_has '"severity": "warning"'
}

# An unknown key and a bad value are named at their line and column: exit 2.
t_config_errors() {
	du_template a.md
	printf '%s\n' 'severity:' '  tone/sie-form: laut' 'farbe: rot' >"$D/.outlint.yml"
	run check a.md
	status_is 2 || return 1
	err_has '\.outlint\.yml:2:18: error: unknown severity' || return 1
	err_has "\\.outlint\\.yml:3:1: error: unknown key 'farbe'"
}

# A fix text that no loaded rule uses is a typo: an error at its key, with
# the names the rules do use.
t_config_fix_typo() {
	du_template a.md
	printf '%s\n' 'fix:' '  opt_out: "Antworten Sie mit Abmelden."' '  opt_ot: "x"' >"$D/.outlint.yml"
	run check a.md
	status_is 2 || return 1
	err_has "\\.outlint\\.yml:3:3: error: fix: no loaded rule uses a text named 'opt_ot' .the rules use: opt_out, source." || return 1
	err_has 'error in rule files or configuration'
}

# --config names the file; --no-config ignores the one found.
t_config_option() {
	du_template a.md
	printf '%s\n' 'severity:' '  tone: off' >"$D/leise.yml"
	printf '%s\n' 'farbe: rot' >"$D/.outlint.yml"
	run check --config leise.yml --format json a.md
	status_is 0 1 || return 1
	if diags | grep -q 'tone/'; then
		why="tone rules were not switched off: $(diags | tr '\n' ' ')"
		return 1
	fi
	run check --no-config --format json a.md
	status_is 1 || return 1
	diag_has 'tone/sie-form'
}

# -j N lints files in parallel; the output is byte-identical to -j 1.
t_jobs_identical() {
	i=0
	while [ $i -lt 12 ]; do
		du_template "t$i.md"
		printf '%s\n' 'Wir sind der führende Anbieter. Nur heute!' >>"$D/t$i.md"
		i=$((i + 1))
	done
	run check -j 1 --format json .
	status_is 1 || return 1
	cp "$OUT" "$D/../one.json"
	run check -j 4 --format json .
	status_is 1 || return 1
	if ! cmp -s "$OUT" "$D/../one.json"; then
		why="-j 4 differs from -j 1"
		return 1
	fi
	run check -j 0 .
	status_is 2
}

# A suppression with a reason hides its finding and is listed for an audit;
# one without a reason is itself a finding.
t_suppressions() {
	printf '%s\n' '---' 'subject: Kurze Frage' '---' 'Guten Tag Frau Muster,' '' \
		'<!-- outlint-disable-next-line tone/sie-form -- Zitat aus dem Kundenbrief, freigegeben -->' \
		'hast du Zeit für ein kurzes Gespräch?' '' \
		'<!-- outlint-disable-next-line tone/sie-form -->' \
		'Hast du morgen Zeit?' '' 'Beste Grüße' 'Max Mustermann' >"$D/a.md"
	run check --format json a.md
	diag_has '^a.md\|input/suppression\|9$' || return 1
	diag_has '^a.md\|tone/sie-form\|10$' || return 1
	if diags | grep -q 'tone/sie-form|7$'; then
		why="the suppressed finding was reported"
		return 1
	fi
	run check --list-suppressions a.md
	status_is 0 || return 1
	out_has 'a.md:6:1: .*tone/sie-form.*Zitat aus dem Kundenbrief'
}

# A baseline hides the findings it lists, also after lines are inserted
# above them, but not a new one.
t_baseline() {
	du_template a.md
	run check --write-baseline base.json a.md
	status_is 0 || return 1
	run check --baseline base.json --format json a.md
	status_is 0 || return 1
	if diags | grep -q 'tone/sie-form'; then
		why="baselined finding reported: $(diags | tr '\n' ' ')"
		return 1
	fi
	printf '%s\n' '---' 'subject: Kurze Frage' 'address: sie' '---' 'Guten Tag Frau Muster,' '' \
		'Ein neuer Absatz.' '' 'hast du Zeit für ein kurzes Gespräch?' '' 'Kannst du morgen?' '' \
		'Beste Grüße' 'Max Mustermann' >"$D/a.md"
	run check --baseline base.json --format json a.md
	status_is 1 || return 1
	diag_has '^a.md\|tone/sie-form\|11$' || return 1
	if diags | grep -q 'tone/sie-form|9$'; then
		why="the shifted, baselined finding came back"
		return 1
	fi
	printf '{"version": 1, "findings": [' >"$D/broken.json"
	run check --baseline broken.json a.md
	status_is 2 || return 1
	err_has 'broken.json:1:'
}

# Each path has its own configuration, found by walking up from it.
t_config_per_path() {
	mkdir -p "$D/team-a" "$D/team-b"
	du_template team-a/a.md
	du_template team-b/b.md
	printf '%s\n' 'severity:' '  tone/sie-form: off' >"$D/team-a/.outlint.yml"
	printf '%s\n' 'severity:' '  tone/sie-form: info' >"$D/team-b/.outlint.yml"
	run check --format json team-a team-b
	status_is 0 1 || return 1
	if diags | grep -q '^team-a/a.md|tone/sie-form'; then
		why="team-a's configuration was not applied: $(diags | tr '\n' ' ')"
		return 1
	fi
	diag_has '^team-b/b.md\|tone/sie-form\|7$' || return 1
	out_has '"severity": "info"'
}

# rules --patterns prints every compiled pattern as FLAGS<TAB>PATTERN.
t_rules_patterns() {
	du_rule own.rules
	run rules --no-default-rules --rules own.rules --patterns
	status_is 0 || return 1
	# the phrase "du" compiled with umlaut-aware word boundaries, caseless
	out_has '^i	\(\?<!\[\\p\{L\}\\p\{N\}_\]\)\(\?:du\)'
}

# --- fixes (--fix, --fix-unsafe, --diff) -----------------------------------

# A rule of our own with a fix: the exit status after --fix is that of what
# is left.
fix_rule() {
	printf '%s\n' \
		'rule test/du {' \
		'  severity error' \
		'  summary  "informelles du"' \
		'  message  "informell: „{match}“"' \
		'  forbid   "du" {' \
		'    fix "Sie"' \
		'  }' \
		'  good     "Haben Sie Zeit?"' \
		'  bad      "Hast du Zeit?"' \
		'}' >"$D/$1"
}

# The template of the hand-written diff below: a reply prefix in the
# subject of a first contact, „Kannst du“ and „!!!“ in one line, far
# enough apart for two hunks.
fix_template() {
	printf '%s\n' '---' 'subject: "AW: Kurze Frage zu Ihrer Tourenplanung"' 'address: sie' '---' \
		'Guten Tag Frau Berg,' '' \
		'Ihre E-Mail-Adresse habe ich dem Impressum Ihrer Website entnommen.' '' \
		'Wir planen für 40 Speditionen die Touren.' \
		'Die Disposition spart damit jeden Morgen eine Stunde.' '' \
		'Kannst du mir sagen, wie Ihr Team heute plant? Das lohnt sich!!!' '' \
		'Wenn Sie keine weiteren Nachrichten von mir wünschen, antworten Sie einfach mit „Abmelden“.' '' \
		'Beste Grüße' 'Max Mustermann' >"$D/$1"
}

t_fix_diff_expected() {
	fix_template t.md
	cp "$D/t.md" "$D/orig"
	# written by hand from the rules: ddg/disguised-subject removes „AW: “,
	# tone/sie-form turns „Kannst du“ into „Können Sie“ (the verb only
	# because its pronoun is fixed in the same sentence), tone/hype
	# collapses „!!!“; 3 lines of context, hunks 5 unchanged lines apart
	# at the least are separate
	{
		echo '--- a/t.md'
		echo '+++ b/t.md'
		echo '@@ -1,5 +1,5 @@'
		echo ' ---'
		echo '-subject: "AW: Kurze Frage zu Ihrer Tourenplanung"'
		echo '+subject: "Kurze Frage zu Ihrer Tourenplanung"'
		echo ' address: sie'
		echo ' ---'
		echo ' Guten Tag Frau Berg,'
		echo '@@ -9,7 +9,7 @@'
		echo ' Wir planen für 40 Speditionen die Touren.'
		echo ' Die Disposition spart damit jeden Morgen eine Stunde.'
		echo ' '
		echo '-Kannst du mir sagen, wie Ihr Team heute plant? Das lohnt sich!!!'
		echo '+Können Sie mir sagen, wie Ihr Team heute plant? Das lohnt sich!'
		echo ' '
		echo ' Wenn Sie keine weiteren Nachrichten von mir wünschen, antworten Sie einfach mit „Abmelden“.'
		echo ' '
	} >"$D/want.diff"
	run check --diff t.md
	status_is 1 || return 1
	if ! cmp -s "$OUT" "$D/want.diff"; then
		why="diff differs: $(diff "$D/want.diff" "$OUT" | head -n 20)"
		return 1
	fi
	if ! cmp -s "$D/t.md" "$D/orig"; then
		why="--diff wrote the file"
		return 1
	fi
	# `patch` agrees with the format
	if command -v patch >/dev/null 2>&1; then
		(cd "$D" && patch -s -p1 --dry-run <"$OUT") >/dev/null 2>&1 || {
			why="patch rejects the diff"
			return 1
		}
	fi
	return 0
}

# The insertions of the configured texts, by hand: both before the
# closing, opt-out first (dsgvo/opt-out < dsgvo/source-statement), each a
# paragraph of its own; CRLF line breaks kept.
t_fix_diff_insertion() {
	printf '%s\n' 'fix:' \
		'  opt_out: "Wenn Sie keine weiteren Nachrichten wünschen, antworten Sie einfach mit „Abmelden“."' \
		'  source: "Ihre E-Mail-Adresse habe ich dem Impressum Ihrer Website entnommen."' >"$D/.outlint.yml"
	printf 'Guten Tag Frau Berg,\r\n\r\nhaben Sie Zeit?\r\n\r\nBeste Grüße\r\nMax\r\n' >"$D/t.md"
	{
		printf '%s\n' '--- a/t.md' '+++ b/t.md' '@@ -2,5 +2,9 @@'
		printf ' \r\n'
		printf ' haben Sie Zeit?\r\n'
		printf ' \r\n'
		printf '+Wenn Sie keine weiteren Nachrichten wünschen, antworten Sie einfach mit „Abmelden“.\r\n'
		printf '+\r\n'
		printf '+Ihre E-Mail-Adresse habe ich dem Impressum Ihrer Website entnommen.\r\n'
		printf '+\r\n'
		printf ' Beste Grüße\r\n'
		printf ' Max\r\n'
	} >"$D/want.diff"
	run check --diff t.md
	status_is 1 || return 1
	if ! cmp -s "$OUT" "$D/want.diff"; then
		why="diff differs: $(diff "$D/want.diff" "$OUT" | cat -A | head -n 20)"
		return 1
	fi
}

t_fix_diff_clean() {
	fix_rule r.rules
	printf '%s\n' 'Haben Sie Zeit?' >"$D/t.md"
	run check --no-default-rules --rules r.rules --diff t.md
	status_is 0 || return 1
	if [ -s "$OUT" ]; then
		why="output for a file without fixes: $(head -c 200 "$OUT")"
		return 1
	fi
}

t_fix_applies_keeps_mode() {
	fix_rule r.rules
	printf '%s\n' 'Hast du Zeit? Dann melde dich.' 'Ich rufe du an.' >"$D/t.md"
	chmod 640 "$D/t.md"
	run check --no-default-rules --rules r.rules t.md
	status_is 1 || return 1
	run check --no-default-rules --rules r.rules --fix t.md
	status_is 0 || return 1 # nothing is left: the status of what remains
	printf '%s\n' 'Hast Sie Zeit? Dann melde dich.' 'Ich rufe Sie an.' >"$D/want"
	if ! cmp -s "$D/t.md" "$D/want"; then
		why="fixed file: $(cat "$D/t.md")"
		return 1
	fi
	mode=$(stat -c %a "$D/t.md")
	if [ "$mode" != 640 ]; then
		why="mode $mode after --fix, want 640"
		return 1
	fi
	if ls -A "$D" | grep -q outlint-; then
		why="temporary file left: $(ls -A "$D")"
		return 1
	fi
	# a second run changes nothing
	cp "$D/t.md" "$D/once"
	run check --no-default-rules --rules r.rules --fix t.md
	status_is 0 || return 1
	cmp -s "$D/t.md" "$D/once" || { why="second --fix changed the file"; return 1; }
}

t_fix_remaining_status() {
	fix_template t.md
	run check --fix --format json t.md
	# privacy-notice and the sender's details have no fix: still errors
	status_is 1 || return 1
	json_ok || return 1
	if grep -q '"safe": true' "$OUT"; then
		why="a safe fix is left after --fix"
		return 1
	fi
	grep -q 'Können Sie mir sagen' "$D/t.md" || { why="not fixed: $(cat "$D/t.md")"; return 1; }
}

t_fix_symlink_kept() {
	fix_rule r.rules
	mkdir -p "$D/echt"
	printf '%s\n' 'Ich rufe du an.' >"$D/echt/t.md"
	ln -s echt/t.md "$D/link.md"
	run check --no-default-rules --rules r.rules --fix link.md
	status_is 0 || return 1
	[ -L "$D/link.md" ] || { why="the link was replaced by a file"; return 1; }
	grep -q 'Ich rufe Sie an' "$D/echt/t.md" || { why="target not fixed"; return 1; }
}

t_fix_unsafe() {
	printf '%s\n' 'Guten Tag,' '' 'ich würde mich über Ihre Antwortt freuen.' '' 'Beste Grüße' 'Max' >"$D/t.md"
	cp "$D/t.md" "$D/orig"
	run check --fix t.md
	grep -q 'Antwortt' "$D/t.md" || { why="--fix applied a spelling suggestion"; return 1; }
	run check --fix-unsafe t.md
	status_is 0 1 || return 1
	grep -q 'Ihre Antwort freuen' "$D/t.md" || { why="--fix-unsafe did not apply it: $(cat "$D/t.md")"; return 1; }
}

# du → Sie: „dich“/„dir“ with du (or, after the first pass, Sie) as the
# subject of the sentence are reflexive: --fix leaves them (an unsafe
# „sich“ is offered), --fix-unsafe writes „sich“; as the object of another
# subject they become Sie/Ihnen. Never „Haben Sie Lust, Sie …“.
t_fix_reflexive() {
	printf '%s\n' '---' 'address: sie' '---' 'Guten Tag Frau Brandt,' '' \
		'Hast du Lust, dich kurz mit uns auszutauschen? Ich schicke dir gern eine Fallstudie.' '' \
		'Beste Grüße' 'Tobias Keller' >"$D/t.md"
	run check --fix t.md
	grep -qx 'Haben Sie Lust, dich kurz mit uns auszutauschen? Ich schicke Ihnen gern eine Fallstudie.' "$D/t.md" ||
		{ why="after --fix: $(sed -n 6p "$D/t.md")"; return 1; }
	run check --fix-unsafe t.md
	grep -qx 'Haben Sie Lust, sich kurz mit uns auszutauschen? Ich schicke Ihnen gern eine Fallstudie.' "$D/t.md" ||
		{ why="after --fix-unsafe: $(sed -n 6p "$D/t.md")"; return 1; }
}

# dich/dir become Sie/Ihnen only as objects of another subject in their
# clause or in the clause before; with du as the subject „sich“ (unsafe);
# an imperative has no subject and gets no fix. Expected texts written by
# hand, one sentence per paragraph.
t_fix_sie_form_objects() {
	cat >"$D/in.txt" <<'EOF2'
Darf ich dich nächste Woche anrufen?
Wenn du willst, rufe ich dich morgen an.
Du kannst dich jederzeit abmelden.
Ich hoffe, dir geht es gut.
Melde dich gern, wenn ich helfen kann.
Melde dich und ich schicke dir die Unterlagen.
Ich weiß dass du dich freust.
Wir würden uns freuen, dir unser Tool vorzustellen.
Nimm dir 15 Minuten Zeit – ich zeige dir, wie es geht.
Gern sende ich dir und deinem Team die Unterlagen.
EOF2
	cat >"$D/fix.txt" <<'EOF2'
Darf ich Sie nächste Woche anrufen?
Wenn Sie wollen, rufe ich Sie morgen an.
Sie können dich jederzeit abmelden.
Ich hoffe, Ihnen geht es gut.
Melde dich gern, wenn ich helfen kann.
Melde dich und ich schicke Ihnen die Unterlagen.
Ich weiß dass Sie dich freust.
Wir würden uns freuen, Ihnen unser Tool vorzustellen.
Nimm dir 15 Minuten Zeit – ich zeige Ihnen, wie es geht.
Gern sende ich Ihnen und Ihrem Team die Unterlagen.
EOF2
	{
		printf '%s\n' '---' 'address: sie' '---' 'Guten Tag Frau Brandt,' ''
		sed 's/$/\n/' "$D/in.txt"
		printf '%s\n' 'Beste Grüße' 'Tobias Keller'
	} >"$D/t.md"
	run check --fix t.md
	sed -n '6~2p' "$D/t.md" | head -10 >"$D/got.txt"
	diff -u "$D/fix.txt" "$D/got.txt" >"$D/d" || { why="after --fix: $(cat "$D/d")"; return 1; }
	# the unsafe step changes exactly the two reflexive forms
	run check --fix-unsafe t.md
	sed -n '6~2p' "$D/t.md" | head -10 >"$D/got.txt"
	sed -e 's/Sie können dich/Sie können sich/' -e 's/Sie dich freust/Sie sich freust/' "$D/fix.txt" >"$D/unsafe.txt"
	diff -u "$D/unsafe.txt" "$D/got.txt" >"$D/d" || { why="after --fix-unsafe: $(cat "$D/d")"; return 1; }
	# what is left is reported: „dich“/„dir“ of the three imperatives, „freust“
	run check --format json t.md
	n=$(grep -o '"rule": "tone/sie-form"' "$OUT" | wc -l)
	[ "$n" = 4 ] || { why="$n tone/sie-form findings left, expected 4"; return 1; }
}

# The temporary file cannot be created (its name is too long even for
# root): the original stays, the message names the file, status 2.
t_fix_write_fails() {
	fix_rule r.rules
	long=$(printf 'v%.0s' $(seq 1 240)).md
	printf '%s\n' 'Ich rufe du an.' >"$D/$long"
	cp "$D/$long" "$D/orig"
	printf '%s\n' 'Hast du Zeit?' >"$D/gut.md"
	run check --no-default-rules --rules r.rules --fix "$long" gut.md
	status_is 2 || return 1
	err_has "vvvv\.md: cannot fix: .*the file is unchanged" || return 1
	cmp -s "$D/$long" "$D/orig" || { why="the original changed"; return 1; }
	# the other file is fixed all the same, and the failure named once
	grep -q 'Hast Sie Zeit' "$D/gut.md" || { why="the other file was not fixed"; return 1; }
	n=$(grep -c 'cannot fix' "$ERR")
	[ "$n" = 1 ] || { why="$n messages for one failed file"; return 1; }
	# what is reported is what is left: the unfixed file's finding only
	out_has "^vvvv.*\.md:1:10: error: informell" || return 1
	if grep -q '^gut\.md' "$OUT"; then
		why="the fixed file is still reported"
		return 1
	fi
}

t_fix_readonly_dir() {
	if [ "$(id -u)" = 0 ]; then
		skip=root
		return 0
	fi
	fix_rule r.rules
	mkdir -p "$D/ro"
	printf '%s\n' 'Ich rufe du an.' >"$D/ro/t.md"
	chmod 555 "$D/ro"
	run check --no-default-rules --rules r.rules --fix ro/t.md
	chmod 755 "$D/ro"
	status_is 2 || return 1
	err_has "ro/t\.md: cannot fix" || return 1
	grep -q 'Ich rufe du an' "$D/ro/t.md" || { why="the original changed"; return 1; }
}

# A configured text that does not satisfy its rule goes in once, with a
# warning, not once per pass.
t_fix_insert_once() {
	printf '%s\n' 'fix:' '  opt_out: "Bei Fragen stehe ich gern zur Verfügung."' >"$D/.outlint.yml"
	printf '%s\n' 'Guten Tag Frau Berg,' '' 'haben Sie Zeit?' '' 'Beste Grüße' 'Max' >"$D/t.md"
	run check --fix t.md
	status_is 1 || return 1
	n=$(grep -c 'Bei Fragen' "$D/t.md")
	[ "$n" = 1 ] || { why="inserted $n times"; return 1; }
	err_has "t\.md: warning: the text inserted for dsgvo/opt-out does not satisfy it"
}

t_fix_config_texts() {
	printf '%s\n' 'fix:' '  opt_out: 3' '  "bad name": "x"' >"$D/.outlint.yml"
	du_template t.md
	run check t.md
	status_is 2 || return 1
	err_has "\.outlint\.yml:3:3: error: fix text name 'bad name'" || return 1
	printf '%s\n' 'fix:' '  opt_out: ""' >"$D/.outlint.yml"
	run check t.md
	status_is 2 || return 1
	err_has "\.outlint\.yml:2:12: error: fix text 'opt_out' takes a non-empty string"
}

# --- driver ----------------------------------------------------------------

tcase() {
	name=$1
	mkdir -p "$T/$name/in"
	D=$T/$name/in
	OUT=$T/$name/stdout
	ERR=$T/$name/stderr
	why=
	skip=
	RUNENV=
	if "t_$name"; then
		pass=$((pass + 1))
		if [ -n "$skip" ]; then
			echo "ok - $name (skipped: $skip)"
		else
			echo "ok - $name"
		fi
	else
		failed=$((failed + 1))
		echo "not ok - $name"
		[ -n "$why" ] && printf '%s\n' "$why" | sed 's/^/#   /' | head -n 12
	fi
}

# A campaign with three follow-ups (campaign/follow-up-count allows 3).
three_follow_ups() {
	mkdir -p "$D/templates"
	for f in erstkontakt nachfassen-1 nachfassen-2 abschluss; do
		printf '%s\n' 'Guten Tag {{salutation}} {{lastName}},' '' \
			'ich melde mich wegen der Tourenplanung.' '' 'Mit freundlichen Grüßen' >"$D/templates/$f.md"
	done
	printf '%s\n' 'campaign: q1' 'audience: b2b' 'steps:' \
		'  - template: templates/erstkontakt.md' '    day: 0' \
		'  - template: templates/nachfassen-1.md' '    day: 6' \
		'  - template: templates/nachfassen-2.md' '    day: 14' \
		'  - template: templates/abschluss.md' '    day: 21' >"$D/q1.yaml"
}

# override rule: a project rule file changes a shipped rule's parameter
# (with --rules and through .outlint.yml `rules:`); the rest of the rule
# is the shipped one.
t_override_param() {
	three_follow_ups
	run check --no-config --format json q1.yaml
	if diags | grep -q 'campaign/follow-up-count'; then
		why="three follow-ups fire without the override: $(diags | tr '\n' ' ')"
		return 1
	fi
	printf '%s\n' '# Hausregel: höchstens zwei Nachfassungen' \
		'override rule campaign/follow-up-count {' '  param max_follow_ups = 2' '}' >"$D/haus.rules"
	run check --no-config --rules haus.rules --format json q1.yaml
	status_is 0 1 || return 1
	diag_has '^q1.yaml\|campaign/follow-up-count\|' || return 1
	printf '%s\n' 'rules: [haus.rules]' >"$D/.outlint.yml"
	run check --format json q1.yaml
	diag_has '^q1.yaml\|campaign/follow-up-count\|' || return 1
	run explain campaign/follow-up-count
	status_is 0 || return 1
	out_has '^Parameter: max_follow_ups = 2$' || return 1
	out_has '^Severity: warning ' || return 1
	out_has 'Overrides the rule defined in .*rules/campaign\.rules:[0-9]+' || return 1
	# the shipped examples still run, against the new parameter
	run test haus.rules
	any_has 'campaign/follow-up-count' || return 1
}

# override rule replaces statements and metadata; the id is kept.
t_override_replace() {
	du_template a.md
	printf '%s\n' 'override rule tone/sie-form {' '  severity info' \
		'  message "Duzen: „{match}“"' '  forbid "Zeit"' \
		'  bad "Haben Sie Zeit?"' '  good "Guten Tag"' '}' >"$D/haus.rules"
	run check --no-config --rules haus.rules --format json a.md
	diag_has '^a.md\|tone/sie-form\|' || return 1
	out_has 'Duzen: „Zeit“' || return 1
	out_has '"severity": "info"' || return 1
	if grep -q '„du“' "$OUT"; then
		why="the shipped statements still ran: $(head -c 400 "$OUT")"
		return 1
	fi
	run test haus.rules
	status_is 0 || return 1
	out_has '^tone/sie-form +\.\.  ok$' || return 1
	out_has '^2 examples, 0 failed$'
}

# A plain redefinition is an error that names both places and suggests
# `override`; an override of an unknown id suggests the closest one.
t_override_errors() {
	du_template a.md
	printf '%s\n' 'rule tone/sie-form {' '  severity info' '  summary "x"' '  forbid "du"' '}' \
		'override rule tone/false-urgncy {' '  severity error' '}' \
		'override rule campaign/follow-up-spacing {' '  param min_gap = 2' '}' >"$D/haus.rules"
	run check --no-config --rules haus.rules a.md
	status_is 2 || return 1
	err_has "haus\\.rules:1:6: error: rule tone/sie-form is already defined \\(at .*rules/tone\\.rules:[0-9]+:6\\); to replace it, write 'override rule tone/sie-form" || return 1
	err_has "haus\\.rules:6:15: error: override: no rule tone/false-urgncy is loaded \\(did you mean 'tone/false-urgency'\\?\\)" || return 1
	err_has "haus\\.rules:10:9: error: rule campaign/follow-up-spacing has no parameter 'min_gap' \\(did you mean 'min_gap_days'\\?\\)"
}

# extend list: a project word joins the shipped spelling list.
t_extend_list() {
	printf '%s\n' 'Sehr geehrte Frau Roth,' '' 'wir bieten Peakshaving für Ihr Depot an.' '' \
		'Mit freundlichen Grüßen' >"$D/a.md"
	run check --no-config --format json a.md
	diag_has '^a.md\|spelling/de\|3$' || return 1
	printf '%s\n' 'extend list spelling_ok {' '  "Peakshaving"' '}' >"$D/woerter.rules"
	run check --no-config --rules woerter.rules --format json a.md
	if diags | grep -q 'spelling/de'; then
		why="extended word still reported: $(diags | tr '\n' ' ')"
		return 1
	fi
	printf '%s\n' 'extend list speling_ok {' '  "Peakshaving"' '}' >"$D/woerter.rules"
	run check --no-config --rules woerter.rules a.md
	status_is 2 || return 1
	err_has "woerter\\.rules:1:13: error: extend list: no list 'speling_ok' is loaded \\(did you mean 'spelling_ok'\\?\\)"
}

# check --explain: each finding, and after a rule's first finding its
# documentation (once per rule per run); the exit status is check's.
t_check_explain() {
	printf '%s\n' '---' 'subject: Kurze Frage' 'address: sie' '---' 'Guten Tag Herr Roth,' '' \
		'hast du Zeit? Und du?' '' 'Beste Grüße' >"$D/a.md"
	run check --no-config --explain a.md
	status_is 1 || return 1
	out_has '^      = explain:$' || return 1
	out_has '^        tone/sie-form — ' || return 1
	out_has '^        Examples: outlint explain tone/sie-form$' || return 1
	n=$(grep -c '^        tone/sie-form — ' "$OUT")
	if [ "$n" != 1 ]; then
		why="tone/sie-form explained $n times"
		return 1
	fi
	[ "$(grep -c '\[tone/sie-form\]$' "$OUT")" -ge 2 ] || { why="want two sie-form findings"; return 1; }
	run check --no-config --explain --format json a.md
	status_is 2 || return 1
	err_has 'explain works with the human format'
}

# rules --markdown prints the Markdown table that `doc` starts with.
t_rules_markdown() {
	run rules --markdown
	status_is 0 || return 1
	out_has '^\| rule \| severity \| checks \| summary \|$' || return 1
	out_has '^\| `tone/sie-form` \| (error|warning) \| templates \| ' || return 1
	rows=$(grep -c '^| `' "$OUT")
	want=$(cd "$D" && "$BIN" rules | wc -l)
	[ "$rows" = "$want" ] || { why="$rows rows, $want rules"; return 1; }
}

# make install / uninstall: with DESTDIR (staged: the binary finds the packs
# next to its bin/) and with a PREFIX (the path compiled in); the man page
# renders without warnings. Needs the source tree of the normal build (the
# sanitizer build would link a plain main.c against an instrumented library).
t_install() {
	root=$(cd "$(dirname "$BIN")/.." && pwd)
	if [ "$(basename "$(dirname "$BIN")")" != build ] || [ ! -f "$root/Makefile" ]; then
		skip="install is tested with the normal build"
		return 0
	fi
	dest=$D/dest
	if ! make -s -C "$root" install DESTDIR="$dest" PREFIX=/usr/local >"$D/make.out" 2>&1; then
		why="make install failed: $(tail -n 5 "$D/make.out")"
		return 1
	fi
	ib=$dest/usr/local/bin/outlint
	for f in "$ib" "$dest/usr/local/share/outlint/rules/tone.rules" \
		"$dest/usr/local/share/man/man1/outlint.1"; do
		[ -f "$f" ] || { why="not installed: $f"; return 1; }
	done
	du_template a.md
	(cd "$D" && env -u OUTLINT_RULES "$ib" check --no-config a.md) >"$OUT" 2>"$ERR"
	st=$?
	status_is 1 || return 1
	out_has '\[tone/sie-form\]' || return 1
	(cd "$D" && env -u OUTLINT_RULES "$ib" rules) >"$OUT" 2>"$ERR"
	[ "$(wc -l <"$OUT")" = "$(cd "$D" && "$BIN" rules | wc -l)" ] || { why="installed rules differ"; return 1; }
	if [ ! -d /usr/local/share/outlint/rules ]; then
		(cd "$D" && env -u OUTLINT_RULES "$ib" explain tone/hype) >"$OUT" 2>"$ERR"
		out_has "^Defined in $dest/usr/local/bin/\\.\\./share/outlint/rules/tone\\.rules:" || return 1
	fi
	if command -v groff >/dev/null 2>&1; then
		groff -man -Tutf8 -ww "$dest/usr/local/share/man/man1/outlint.1" >/dev/null 2>"$D/groff.err"
		[ -s "$D/groff.err" ] && { why="groff: $(head -n 5 "$D/groff.err")"; return 1; }
	fi
	make -s -C "$root" uninstall DESTDIR="$dest" PREFIX=/usr/local >"$D/make.out" 2>&1
	left=$(find "$dest" -type f | head -n 3)
	[ -z "$left" ] || { why="left after uninstall: $left"; return 1; }
	# a real prefix: the installed path is compiled in
	make -s -C "$root" install PREFIX="$D/prefix" >"$D/make.out" 2>&1 || { why="install PREFIX failed"; return 1; }
	(cd / && env -u OUTLINT_RULES "$D/prefix/bin/outlint" explain tone/hype) >"$OUT" 2>"$ERR"
	out_has "^Defined in $D/prefix/share/outlint/rules/tone\\.rules:"
}

# An override that sets a parameter to its default changes nothing: on the
# rule's corpus the findings are the same, and explain differs only in the
# lines that say where the rule comes from. With max_follow_ups = 2 the
# corpus file with exactly three follow-ups fires.
t_override_keeps_rest() {
	corpus=$(cd "$(dirname "$BIN")/.." && pwd)/corpora/campaign-follow-up-count
	if [ ! -d "$corpus" ]; then
		skip="no corpora/ next to the binary's folder"
		return 0
	fi
	cp -R "$corpus" "$D/c"
	printf '%s\n' 'override rule campaign/follow-up-count {' '  param max_follow_ups = 3' '}' >"$D/same.rules"
	printf '%s\n' 'override rule campaign/follow-up-count {' '  param max_follow_ups = 2' '}' >"$D/zwei.rules"
	run check --no-config --format json c
	cp "$OUT" "$D/plain.json"
	run check --no-config --rules same.rules --format json c
	if ! cmp -s "$D/plain.json" "$OUT"; then
		why="an override to the default changed findings: $(diff "$D/plain.json" "$OUT" | head -n 6)"
		return 1
	fi
	run explain campaign/follow-up-count
	grep -v '^Defined in' "$OUT" >"$D/plain.txt"
	run explain --rules same.rules campaign/follow-up-count
	grep -v '^Defined in\|^Overrides the rule' "$OUT" >"$D/same.txt"
	if ! cmp -s "$D/plain.txt" "$D/same.txt"; then
		why="explain differs: $(diff "$D/plain.txt" "$D/same.txt" | head -n 6)"
		return 1
	fi
	run check --no-config --rules zwei.rules --format json c
	diag_has '^c/clean-01-genau-drei.yaml\|campaign/follow-up-count\|' || return 1
	run check --no-config --format json c
	if diags | grep -q '^c/clean-01-genau-drei.yaml|campaign/follow-up-count'; then
		why="clean-01 fires without the override"
		return 1
	fi
}

for c in front_matter front_matter_unclosed yaml_campaign encoding empty_file \
	binary missing_path unreadable campaign_missing_template escape_in_human \
	no_color color_always json_parses deterministic rules_syntax_error version \
	help unknown_option test_failing_example test_passing_examples fail_on \
	human_format json_positions quiet_clean explain rules_list \
	config_found_and_applied config_errors config_option jobs_identical \
	suppressions baseline config_per_path rules_patterns \
	override_param override_replace override_errors extend_list check_explain rules_markdown install \
	override_keeps_rest config_fix_typo fix_reflexive fix_sie_form_objects \
	fix_diff_expected fix_diff_insertion fix_diff_clean fix_applies_keeps_mode fix_remaining_status \
	fix_symlink_kept fix_unsafe fix_write_fails fix_readonly_dir fix_config_texts fix_insert_once; do
	tcase "$c"
done

echo "cli: $pass passed, $failed failed"
[ "$failed" -eq 0 ]
