#!/usr/bin/env bash
# Stages the Windows build and makes the installer. Runs inside the build folder after
# build.sh: `packaging/windows/buildroot.sh run packaging/windows/dist.sh VERSION`.
# Needs target/dist/LICENCE.txt and target/dist/THIRD-PARTY-NOTICES.txt (make dist writes them).
# Output in dist/: cofrestr.exe, cofrestr-desktop.exe, WebView2Loader.dll and
# Cofrestr_VERSION_x64-setup.exe.
set -euo pipefail
cd "$(dirname "$0")/../.."
version=$1
# OUT: where the build put the executables (the release workflow builds natively elsewhere).
out=${OUT:-target/windows/x86_64-pc-windows-gnu/release}
stage=target/windows/stage
rm -rf "$stage" && mkdir -p "$stage" dist
for f in cofrestr.exe cofrestr-desktop.exe; do
  # The release profile strips symbols already; strip again with mingw's tool in case the
  # linker kept any (it changes nothing when there is nothing to take).
  "${STRIP:-x86_64-w64-mingw32-strip}" -o "$stage/$f" "$out/$f"
  # SIGN: a command that signs the file it is given in place (Authenticode; README, "Code
  # signing"). After stripping: stripping a signed file would break its signature.
  [ -z "${SIGN:-}" ] || $SIGN "$stage/$f"
done
# Tauri on the -gnu target loads WebView2Loader.dll from beside the executable; the build
# copied it from the webview2-com-sys crate.
cp "$out/WebView2Loader.dll" "$stage/"
cp assets/icons/icon.ico "$stage/cofrestr.ico"
# Windows programs read CRLF text best.
sed 's/$/\r/' target/dist/LICENCE.txt > "$stage/LICENCE.txt"
sed 's/$/\r/' target/dist/THIRD-PARTY-NOTICES.txt > "$stage/THIRD-PARTY-NOTICES.txt"
setup="Cofrestr_${version}_x64-setup.exe"
makensis -V2 -INPUTCHARSET UTF8 -DVERSION="$version" -DSTAGE="$PWD/$stage" \
  -DOUTFILE="$PWD/dist/$setup.partial" packaging/windows/installer.nsi
for f in cofrestr.exe cofrestr-desktop.exe WebView2Loader.dll; do
  cp "$stage/$f" "dist/$f.partial" && mv -f "dist/$f.partial" "dist/$f"
done
[ -z "${SIGN:-}" ] || $SIGN "dist/$setup.partial"
mv -f "dist/$setup.partial" "dist/$setup"
ls -l dist/
