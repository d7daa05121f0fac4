#!/bin/sh
# pre-commit consumer test: run.sh OUTLINT_BINARY
#
# Debian's pre-commit (installed with apt-get only when missing) runs
# outlint as a `language: system` hook in a throw-away git repository and
# must block a real `git commit` of a Sie template with a du-form, and let
# the fixed template through; the repository's own .pre-commit-hooks.yaml
# (copied into a throw-away hook repository) is checked with
# `pre-commit try-repo` the same way. Works offline.
# Prints "ok - NAME" / "not ok - NAME" and ends with
# "precommit: N passed, M failed"; exits 1 on any failure, 2 on bad setup.

set -u

. "$(dirname "$0")/../../lib.sh"
ol_test_init precommit "run.sh OUTLINT_BINARY" 1 "$@"
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)

if ! command -v pre-commit >/dev/null 2>&1; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q pre-commit >/dev/null ||
			{ echo "run.sh: apt-get install pre-commit failed" >&2; exit 2; }
	else
		echo "run.sh: pre-commit is missing; install it with: apt-get install pre-commit" >&2
		exit 2
	fi
fi

# pre-commit keeps its cache under PRE_COMMIT_HOME and reads git's
# configuration from HOME: both point into the throw-away folder
export HOME="$T/home" PRE_COMMIT_HOME="$T/cache"
export GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
mkdir -p "$HOME" "$PRE_COMMIT_HOME"

pass=0
failed=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
not_ok() {
	failed=$((failed + 1))
	echo "not ok - $1"
	[ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/# /'
	return 0
}

# template GOOD|BAD FILE: a compliant Sie template, or one with „Hast du …?“
template() {
	if [ "$1" = BAD ]; then ask='Hast du Zeit für die Fallstudie?'; else ask='Darf ich Ihnen die Fallstudie schicken?'; fi
	cat >"$2" <<TPL
---
subject: Lagerplätze in Ihrem Standort Kamen
step: 1
channel: email
address: sie
---
Guten Tag Frau Yilmaz,

Ihre Kontaktdaten stammen aus dem Ausstellerverzeichnis der LogiMAT 2026, wo Ihr Unternehmen als Aussteller eingetragen ist.

Ich bin Max Mustermann von der Beispiel GmbH. Wir digitalisieren Wareneingang und Kommissionierung für Lager mit 2.000 bis 20.000 Stellplätzen. Ein Lager in Unna hat damit die Durchlaufzeit im Wareneingang von 48 auf 31 Minuten gesenkt (Auswertung Januar bis Juni 2025).

$ask

Wie wir Ihre Daten verarbeiten und welche Rechte Sie haben: https://beispiel.de/datenschutz-akquise

Sie können der Verwendung Ihrer Daten für Werbezwecke jederzeit widersprechen – eine kurze Antwort auf diese E-Mail genügt, und ich melde mich nicht wieder.

Mit freundlichen Grüßen
Max Mustermann
Vertrieb
Beispiel GmbH
Musterstraße 1, 10115 Berlin
max.mustermann@beispiel.de
Sitz: Berlin · Amtsgericht Charlottenburg HRB 123456 B · Geschäftsführerin: Erika Musterfrau
TPL
}

# newrepo DIR: an empty git repository with an identity
newrepo() {
	mkdir -p "$1" && git -C "$1" init -q && git -C "$1" config user.name "outlint test" &&
		git -C "$1" config user.email "test@example.invalid" && git -C "$1" config commit.gpgsign false
}

# --- repo: local with the binary under test, and a real git commit
R="$T/repo"
newrepo "$R" || { echo "run.sh: git init failed" >&2; exit 2; }
cat >"$R/.pre-commit-config.yaml" <<CFG
repos:
  - repo: local
    hooks:
      - id: outlint
        name: outlint
        entry: $BIN check
        language: system
        files: \\.(md|txt|ya?ml)\$
        exclude: (^|/)\\.pre-commit-(config|hooks)\\.ya?ml\$
CFG
if out=$(cd "$R" && pre-commit install 2>&1); then ok "pre-commit install"; else not_ok "pre-commit install" "$out"; fi

mkdir -p "$R/templates"
template BAD "$R/templates/erstkontakt.md"
git -C "$R" add .pre-commit-config.yaml templates/erstkontakt.md
out=$(cd "$R" && git commit -q -m "bad template" 2>&1)
st=$?
if [ $st -ne 0 ] && ! git -C "$R" rev-parse -q --verify HEAD >/dev/null; then
	ok "commit with „Hast du“ in a Sie template is blocked"
else
	not_ok "commit with „Hast du“ in a Sie template is blocked" "status $st: $out"
fi
case $out in
*"[tone/sie-form]"*"„Hast“"* | *"„Hast“"*"[tone/sie-form]"*) ok "hook output names tone/sie-form and „Hast“" ;;
*) not_ok "hook output names tone/sie-form and „Hast“" "$out" ;;
esac

template GOOD "$R/templates/erstkontakt.md"
git -C "$R" add templates/erstkontakt.md
out=$(cd "$R" && git commit -q -m "fixed template" 2>&1)
st=$?
if [ $st -eq 0 ] && git -C "$R" rev-parse -q --verify HEAD >/dev/null; then
	ok "commit of the fixed template succeeds"
else
	not_ok "commit of the fixed template succeeds" "status $st: $out"
fi

# a file the hook does not match never runs it
printf 'Hast du Zeit?\n' >"$R/notes.json"
git -C "$R" add notes.json
out=$(cd "$R" && git commit -q -m "not a template" 2>&1)
st=$?
case $st:$out in
0:*"outlint"*"Skipped"* | 0:*"(no files to check)"*) ok "files outside the pattern skip the hook" ;;
*) not_ok "files outside the pattern skip the hook" "status $st: $out" ;;
esac

# --- the repository's own .pre-commit-hooks.yaml (entry: outlint check),
# copied into a throw-away hook repository: try-repo reads only what git
# tracks, and this test must not depend on what is committed in $ROOT
if [ -f "$ROOT/.pre-commit-hooks.yaml" ]; then
	mkdir -p "$T/bin" && ln -s "$BIN" "$T/bin/outlint"
	H="$T/hookrepo"
	newrepo "$H" || exit 2
	cp "$ROOT/.pre-commit-hooks.yaml" "$H/"
	git -C "$H" add .pre-commit-hooks.yaml && git -C "$H" commit -q -m hooks || exit 2
	R2="$T/try"
	newrepo "$R2" || exit 2
	template BAD "$R2/bad.md"
	template GOOD "$R2/good.md"
	git -C "$R2" add bad.md good.md
	out=$(cd "$R2" && PATH="$T/bin:$PATH" pre-commit try-repo "$H" outlint --files bad.md 2>&1)
	st=$?
	case $st:$out in
	1:*"[tone/sie-form]"*) ok "try-repo: the shipped hook fails on the du-form" ;;
	*) not_ok "try-repo: the shipped hook fails on the du-form" "status $st: $out" ;;
	esac
	out=$(cd "$R2" && PATH="$T/bin:$PATH" pre-commit try-repo "$H" outlint --files good.md 2>&1)
	st=$?
	if [ $st -eq 0 ]; then ok "try-repo: the shipped hook passes the fixed template"; else
		not_ok "try-repo: the shipped hook passes the fixed template" "status $st: $out"; fi
else
	not_ok "try-repo: $ROOT/.pre-commit-hooks.yaml is missing"
fi

echo "precommit: $pass passed, $failed failed"
[ $failed -eq 0 ]
