#!/usr/bin/env bash
# make test-windows: the Windows installer and cofrestr.exe, under Wine, through a real journey.
# Runs inside the build folder: `packaging/windows/buildroot.sh run packaging/windows/test.sh VERSION`.
#
# A fresh Wine prefix each run. The installer runs silently as a user would run it (per user,
# no administrator), then the installed cofrestr.exe: init in a folder whose path has a space
# and "Siân", the demo council, list, export and import (.xlsx and .csv), the IMG pack and the
# annual report in English and Welsh, backup and restore, a passphrase change, check and audit
# verify, hub → join → reference pack → return → import, a wrong passphrase refused, the
# default data folder under the Windows profile, the previous release's database migrated,
# an upgrade over the installed copy keeping the data, and the uninstaller keeping it too.
# The window itself cannot run here (Wine has no WebView2): it is built and installed only.
set -uo pipefail
cd /src
version=${1:?usage: test.sh VERSION}
setup="$PWD/dist/Cofrestr_${version}_x64-setup.exe"
export WINEPREFIX=/tmp/cofrestr-wine WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
export LANG=C.UTF-8
rm -rf "$WINEPREFIX" /tmp/cofrestr-wine-work
mkdir -p /tmp/cofrestr-wine-work
work=/tmp/cofrestr-wine-work
# Debian installs wineserver outside PATH.
wineserver=$(command -v wineserver || command -v wineserver-stable || echo /usr/lib/x86_64-linux-gnu/wine/wineserver)
wineboot --init >/dev/null 2>&1
"$wineserver" -w

user=$(whoami)
profile="$WINEPREFIX/drive_c/users/$user"
instdir="$profile/AppData/Local/Programs/Cofrestr"
data_unix="$profile/AppData/Roaming/Cofrestr/Cofrestr/data"
docs_win="C:\\users\\$user\\Documents\\Gwaith Siân"
docs_unix="$profile/Documents/Gwaith Siân"
mkdir -p "$docs_unix"

passed=0
failed=0
ok() { echo "ok    $1"; passed=$((passed + 1)); }
bad() { echo "FAIL  $1"; [ -n "${2:-}" ] && echo "$2" | sed 's/^/      /' | head -20; failed=$((failed + 1)); }
# expect DESCRIPTION PATTERN -- COMMAND...: COMMAND succeeds and its output matches PATTERN.
expect() {
  local desc=$1 pattern=$2; shift 3
  local out
  if out=$("$@" 2>&1) && grep -Eq -- "$pattern" <<<"$out"; then ok "$desc"; else bad "$desc" "$out"; fi
}
# refuse DESCRIPTION PATTERN -- COMMAND...: COMMAND fails and says PATTERN.
refuse() {
  local desc=$1 pattern=$2; shift 3
  local out
  if out=$("$@" 2>&1); then bad "$desc (it succeeded)" "$out"
  elif grep -Eq -- "$pattern" <<<"$out"; then ok "$desc"; else bad "$desc" "$out"; fi
}
# with NAME=VALUE CMD...: CMD (a function too) with NAME set; without NAME CMD...: with it unset.
with() { local kv=$1; shift; ( export "$kv"; "$@" ); }
without() { local k=$1; shift; ( unset "$k"; "$@" ); }
cli() { wine "$instdir/cofrestr.exe" "$@" | tr -d '\r'; return "${PIPESTATUS[0]}"; }
pdf_says() { [ -s "$1" ] && [ "$(head -c 5 "$1")" = "%PDF-" ] && pdftotext "$1" - | tr -s ' \n' ' ' | grep -q -- "$2"; }

echo "Cofrestr $version under $(wine --version)"

# --- Install -----------------------------------------------------------------------------
out=$(wine "$setup" /S 2>&1); "$wineserver" -w
if [ -f "$instdir/cofrestr.exe" ] && [ -f "$instdir/cofrestr-desktop.exe" ] && [ -f "$instdir/WebView2Loader.dll" ] \
  && [ -f "$instdir/Uninstall.exe" ] && [ -f "$instdir/LICENCE.txt" ] && [ -f "$instdir/THIRD-PARTY-NOTICES.txt" ]; then
  ok "the installer puts both programs, WebView2Loader.dll, the licences and an uninstaller in %LOCALAPPDATA%\\Programs\\Cofrestr (no administrator)"
else bad "installed files" "$out$(ls -la "$instdir" 2>&1)"; fi
[ -f "$profile/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Cofrestr.lnk" ] \
  && ok "a Start-menu entry" || bad "Start-menu entry" "$(find "$profile" -name '*.lnk' 2>&1)"
expect "an entry in Settings > Apps with the version" "DisplayVersion.*$version" -- \
  wine reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\Cofrestr' /v DisplayVersion

# --- The command line ----------------------------------------------------------------------
export COFRESTR_PASSPHRASE="correct horse battery staple 2026"
expect "--version is the workspace version" "^cofrestr $version\$" -- cli --version
expect "the default data folder is the Windows per-user one" \
  "Default data folder: C:\\\\users\\\\$user\\\\AppData\\\\Roaming\\\\Cofrestr\\\\Cofrestr\\\\data" -- cli about
expect "about names the licence and build" "Licence: EUPL-1.2" -- cli about
expect "about --licences lists the crates' licences" "Apache License" -- cli about --licences

export COFRESTR_DB="$docs_win\\cofrestr.db"
expect "init in a folder with a space and \"Siân\"" "." -- cli init --council "Wrexham County Borough Council" --user "Siân Hughes"
[ -f "$docs_unix/cofrestr.db" ] && ok "the database is where it was asked to be" || bad "database file" "$(ls -la "$docs_unix")"
expect "the demo council" "." -- cli demo --scale small
expect "list people" "." -- cli list people
n_people=$(cli list people --format csv | tail -n +2 | grep -c .)
[ "$n_people" -gt 10 ] && ok "the demo has $n_people people" || bad "people count" "$n_people"
expect "about shows the installation and role when unlocked" "Installation [0-9a-f-]{36}: Department laptop" -- cli about
for ext in xlsx csv; do
  expect "export people as .$ext" "." -- cli export people --out "$docs_win\\people.$ext"
  expect "import the .$ext back: every row unchanged" "." -- cli import people "$docs_win\\people.$ext"
done
after=$(cli list people --format csv | tail -n +2 | grep -c .)
[ "$after" = "$n_people" ] && ok "importing the exports changed no count ($after)" || bad "people after import" "$after"

for lang in en cy; do
  expect "IMG pack in $lang" "." -- cli --lang $lang report pack --quarter 2026-27-Q2 --out "$docs_win\\pack-$lang.pdf"
  expect "annual report in $lang" "." -- cli --lang $lang report annual --year 2025-26 --out "$docs_win\\annual-$lang.pdf"
done
pdf_says "$docs_unix/pack-en.pdf" "Information Management Group" && ok "the English pack reads \"Information Management Group\"" || bad "pack-en text"
pdf_says "$docs_unix/pack-cy.pdf" "Grŵp Rheoli Gwybodaeth" && ok "the Welsh pack reads \"Grŵp Rheoli Gwybodaeth\" (ŵ embedded)" || bad "pack-cy text" "$(pdftotext "$docs_unix/pack-cy.pdf" - 2>&1 | head -5)"
pdf_says "$docs_unix/annual-en.pdf" "Senior Information Risk Owner" && ok "the English annual report" || bad "annual-en text"
pdf_says "$docs_unix/annual-cy.pdf" "Uwch Berchennog Risg Gwybodaeth" && ok "the Welsh annual report" || bad "annual-cy text" "$(pdftotext "$docs_unix/annual-cy.pdf" - 2>&1 | head -5)"

expect "backup" "." -- cli backup --out "$docs_win\\copy.db"
{ head -n 1 "$docs_unix/people.csv"
  printf '%s\r\n' ",,Gwen Parry,Records Officer,gwen.parry@example-council.gov.uk,100999,Social Care – Adults,2026-12-01,,no"
} > "$docs_unix/new-person.csv"
expect "a change after the backup: one person added" "1 added" -- cli import people "$docs_win\\new-person.csv"
n=$(cli list people --format csv | tail -n +2 | grep -c .)
[ "$n" = $((n_people + 1)) ] && ok "now $n people" || bad "people after adding one" "$n"
expect "restore from the backup" "Restored" -- cli restore "$docs_win\\copy.db"
n=$(cli list people --format csv | tail -n +2 | grep -c .)
[ "$n" = "$n_people" ] && ok "the restored database has the $n_people people of the backup" || bad "people after restore" "$n"
expect "check after restore" "healthy" -- cli check
expect "audit verify" "." -- cli audit verify

expect "change the passphrase" "." -- with COFRESTR_NEW_PASSPHRASE="another long passphrase for Siân" cli passphrase
refuse "the old passphrase is refused" "Wrong passphrase" -- cli list people
export COFRESTR_PASSPHRASE="another long passphrase for Siân"
expect "the new passphrase opens it" "." -- cli list people
refuse "a wrong passphrase is refused, in Welsh too" "Cyfrinymadrodd anghywir" -- with COFRESTR_PASSPHRASE=wrong cli --lang cy list people

# --- The recovery key (issue 26): forgotten passphrase, a new key, a backup under the old ----
keypat='[0-9A-Z]{4}(-[0-9A-Z]{4}){7}'
key=$(cli recovery-key show | grep -oE "$keypat" | head -1)
[ -n "$key" ] && ok "the recovery key made at init waits to be stored" || bad "recovery-key show" "$(cli recovery-key show 2>&1)"
refuse "a mistyped recovery key is refused by its check characters" "not a recovery key" -- with COFRESTR_RECOVERY_KEY="0000-0000-0000-0000-0000-0000-0000-0000" with COFRESTR_NEW_PASSPHRASE="third long passphrase for the laptop" cli recover
expect "forgotten passphrase: recover with the key" "Unlocked with recovery key" -- with COFRESTR_RECOVERY_KEY="$key" with COFRESTR_NEW_PASSPHRASE="third long passphrase for the laptop" cli recover
refuse "the passphrase before is refused" "Wrong passphrase" -- cli list people
export COFRESTR_PASSPHRASE="third long passphrase for the laptop"
expect "check after recovering" "healthy" -- cli check
expect "a backup before a new key" "." -- cli backup --out "$docs_win\\before-key.db"
[ -f "$docs_unix/before-key.db.key" ] && ok "the backup has its key file beside it" || bad "before-key.db.key missing" "$(ls "$docs_unix")"
newkey=$(cli recovery-key new | grep -oE "$keypat" | head -1)
[ -n "$newkey" ] && [ "$newkey" != "$key" ] && ok "a new recovery key (the file re-encrypted and moved into place)" || bad "recovery-key new" "$newkey"
expect "check under the new key" "healthy" -- cli check
refuse "the old recovery key no longer opens it" "does not open this database" -- with COFRESTR_RECOVERY_KEY="$key" with COFRESTR_NEW_PASSPHRASE="fourth long passphrase for the laptop" cli recover
expect "the backup from before opens with the old key" "Restored" -- with COFRESTR_RECOVERY_KEY="$key" cli restore "$docs_win\\before-key.db" --recovery-key
expect "check after restoring with the key" "healthy" -- cli check
expect "the key's uses are in the trail" "Backup .* restored with recovery key" -- cli recovery-key status

# --- Hub and laptop ----------------------------------------------------------------------
hub="$docs_win\\hub.db"
expect "hub: init" "." -- cli --db "$hub" init --council "Wrexham County Borough Council" --user "Ysgrifennydd IMG"
expect "hub: become the hub" "." -- cli --db "$hub" hub init
expect "hub: add a laptop" "join file|Laptop" -- cli --db "$hub" hub add-laptop --name "Adran Siân" --out "$docs_win\\join.json"
expect "laptop: join" "Joined" -- cli join "$docs_win\\join.json"
expect "hub: reference pack" "Reference pack 1" -- cli --db "$hub" reference-pack export --out "$docs_win\\pack.cofrestr"
expect "laptop: take the reference pack" "applied" -- cli reference-pack import "$docs_win\\pack.cofrestr"
expect "laptop: write a return" "Return 1 written" -- cli return export --out "$docs_win\\return.cofrestr"
expect "hub: apply the return" "Return 1 from .* applied" -- cli --db "$hub" return import "$docs_win\\return.cofrestr"
expect "hub: check" "healthy" -- cli --db "$hub" check
expect "hub: about says hub" "Hub" -- cli --db "$hub" about

# --- The previous release's database -------------------------------------------------------
cp packaging/fixtures/previous-release.db "$docs_unix/previous.db"
expect "the previous release's database opens and migrates" "healthy" -- \
  with COFRESTR_PASSPHRASE="previous release passphrase" cli --db "$docs_win\\previous.db" check
expect "its audit trail is whole after the upgrade" "Audit trail intact" -- \
  with COFRESTR_PASSPHRASE="previous release passphrase" cli --db "$docs_win\\previous.db" audit verify
n_prev=$(with COFRESTR_PASSPHRASE="previous release passphrase" cli --db "$docs_win\\previous.db" list people --format csv | tail -n +2 | grep -c .)
want=$(sed -n 's/.*"people": \([0-9]*\).*/\1/p' packaging/fixtures/previous-release.counts.json)
[ "$n_prev" = "$want" ] && ok "its $want people are all there" || bad "previous release people" "$n_prev, want $want"
[ -f "$docs_unix/backups/previous-before-upgrade-from-schema-15.db" ] \
  && ok "a copy as the previous release left it is kept in its backups folder" || bad "pre-upgrade copy" "$(ls -la "$docs_unix/backups" 2>&1)"

# --- Upgrade over the installed copy, then uninstall -------------------------------------
expect "a database in the default data folder" "." -- without COFRESTR_DB cli init --council "Cyngor Prawf" --user "Siân"
# A newer installer over the installed one: the same programs packed as the next patch version.
IFS=. read -r major minor patch <<<"${version%%-*}"
next="$major.$minor.$((patch + 1))"
makensis -V1 -INPUTCHARSET UTF8 -DVERSION="$next" -DSTAGE="$PWD/target/windows/stage" \
  -DOUTFILE="$work/Cofrestr_${next}_x64-setup.exe" packaging/windows/installer.nsi >/dev/null
out=$(wine "$work/Cofrestr_${next}_x64-setup.exe" /S 2>&1); "$wineserver" -w
expect "installing $next over $version: Settings > Apps shows $next" "DisplayVersion.*$next" -- \
  wine reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\Cofrestr' /v DisplayVersion
expect "after installing again over it, the default database still opens" "healthy" -- without COFRESTR_DB cli check
expect "and so does the one in Documents" "healthy" -- cli check

# The uninstaller copies itself away and returns at once: wait for Wine to finish.
wine "$instdir/Uninstall.exe" /S >/dev/null 2>&1; sleep 2; "$wineserver" -w
if [ ! -e "$instdir/cofrestr.exe" ] && [ ! -e "$instdir/cofrestr-desktop.exe" ] && [ ! -e "$instdir/Uninstall.exe" ]; then
  ok "the uninstaller removes the programs"
else bad "uninstall" "$(ls -la "$instdir" 2>&1)"; fi
[ ! -e "$profile/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Cofrestr.lnk" ] && ok "and the Start-menu entry" || bad "shortcut left"
if wine reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\Cofrestr' >/dev/null 2>&1; then
  bad "the Settings > Apps entry is left"; else ok "and the Settings > Apps entry"; fi
[ -f "$data_unix/cofrestr.db" ] && [ -f "$docs_unix/cofrestr.db" ] && [ -d "$docs_unix/backups" ] \
  && ok "the database in the user's data folder, the one in Documents and its backups are kept" \
  || bad "data after uninstall" "$(ls -laR "$profile/AppData/Roaming/Cofrestr" 2>&1)"

echo
echo "test-windows: $passed passed, $failed failed"
[ "$failed" = 0 ]
