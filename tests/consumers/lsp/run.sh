#!/bin/sh
# Neovim end-to-end tests of `outlint lsp` (consumers.md "Language server"):
#   run.sh OUTLINT_BINARY
#
# Debian 12's neovim 0.7.2 runs headless with its built-in LSP client
# (vim.lsp.start_client + buf_attach_client) against `OUTLINT_BINARY lsp`;
# each case is a Lua script whose editor exit status is the result. Installs
# neovim with apt-get only when it is missing. Prints "ok - NAME" /
# "not ok - NAME" (with the editor's and the client log's last lines as "#"
# lines) and ends with "lsp: N passed, M failed"; exits 1 on any failure.

set -u

. "$(dirname "$0")/../../lib.sh"
ol_test_init lsp "run.sh OUTLINT_BINARY" 1 "$@"
HERE=$(cd "$(dirname "$0")" && pwd)

if ! command -v nvim >/dev/null 2>&1; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "run.sh: nvim is missing; as root: apt-get install -y --no-install-recommends neovim" >&2
		exit 2
	fi
	apt-get install -y --no-install-recommends neovim >&2 ||
		{ apt-get update >&2 && apt-get install -y --no-install-recommends neovim >&2; } ||
		{ echo "run.sh: cannot install neovim" >&2; exit 2; }
fi


PASS=0
FAIL=0

# A clean Sie-template (the shipped example erstkontakt-sauber.md) whose
# line 13 is replaced by $1.
template() {
	cat <<EOT
---
subject: Lagerplätze in Ihrem Standort Kamen
step: 1
channel: email
address: sie
---
Guten Tag Frau Yilmaz,

Ihre Kontaktdaten stammen aus dem Ausstellerverzeichnis der LogiMAT 2026, wo Ihr Unternehmen als Aussteller eingetragen ist.

Ich bin Max Mustermann von der Beispiel GmbH. Wir digitalisieren Wareneingang und Kommissionierung für Lager mit 2.000 bis 20.000 Stellplätzen. Ein Lager in Unna hat damit die Durchlaufzeit im Wareneingang von 48 auf 31 Minuten gesenkt (Auswertung Januar bis Juni 2025).

$1

Wie wir Ihre Daten verarbeiten und welche Rechte Sie haben: https://beispiel.de/datenschutz-akquise

Sie können der Verwendung Ihrer Daten für Werbezwecke jederzeit widersprechen – eine kurze Antwort auf diese E-Mail genügt, und ich melde mich nicht wieder.

Mit freundlichen Grüßen
Max Mustermann
Vertrieb
Beispiel GmbH
Musterstraße 1, 10115 Berlin
max.mustermann@beispiel.de
Sitz: Berlin · Amtsgericht Charlottenburg HRB 123456 B · Geschäftsführerin: Erika Musterfrau
EOT
}

# nvim_case NAME FOLDER FILE SCRIPT [VAR=VALUE…]: opens FILE in FOLDER with
# SCRIPT; passes if the editor exits with 0 within 60 s.
nvim_case() {
	name=$1 dir=$2 file=$3 script=$4
	shift 4
	(
		cd "$dir" &&
		env XDG_CACHE_HOME="$dir/.cache" XDG_STATE_HOME="$dir/.state" \
		    XDG_CONFIG_HOME="$dir/.config" XDG_DATA_HOME="$dir/.data" \
		    OUTLINT_BIN="$BIN" "$@" \
		    timeout 60 nvim --headless -u NONE -i NONE -n \
		    -c "luafile $HERE/$script" "$file" >"$dir/.out" 2>&1
	)
	st=$?
	if [ $st -eq 0 ]; then
		echo "ok - $name"
		PASS=$((PASS + 1))
	else
		echo "not ok - $name"
		echo "# editor exit status $st"
		tail -n 20 "$dir/.out" | sed 's/^/# /'
		[ -f "$dir/.cache/nvim/lsp.log" ] && tail -n 20 "$dir/.cache/nvim/lsp.log" | sed 's/^/# log: /'
		FAIL=$((FAIL + 1))
	fi
}

# Findings arrive; the quick fix for "dir" on a line with umlauts, applied
# through textDocument/codeAction + apply_workspace_edit, makes them clear;
# shutdown and exit end the server with status 0.
t_quickfix_umlauts() {
	d=$T/quickfix
	mkdir -p "$d"
	template "Zu Kühlräumen (Ölsäure-Tanks): Darf ich dir die Fallstudie schicken?" >"$d/erstkontakt.md"
	nvim_case quickfix-umlauts "$d" erstkontakt.md quickfix.lua EXPECT_LINE=12
}

# A campaign buffer: its own finding arrives, and its step's template (on
# disk, not open) is linted in the campaign's context under its own URI.
t_campaign_context() {
	d=$T/campaign
	mkdir -p "$d/templates"
	template "Darf ich dir die Fallstudie über Kühlräume schicken?" >"$d/templates/a.md"
	cat >"$d/q1.yaml" <<EOT
campaign: q1-test
audience: b2b
consent: none
legal_basis: legitimate-interest
data_source: "Impressum der Unternehmenswebsites"
sender:
  name: Max Mustermann
  company: Beispiel GmbH
  address: Musterstraße 1, 10115 Berlin
  email: max.mustermann@beispiel.de
steps:
  - template: templates/a.md
    channel: email
    day: 0
EOT
	nvim_case campaign-context "$d" q1.yaml campaign.lua
}

t_quickfix_umlauts
t_campaign_context

echo "lsp: $PASS passed, $FAIL failed"
[ $FAIL -eq 0 ]
