; The Cofrestr installer for Windows: per user, no administrator rights, in English and Welsh.
; Built on Linux by makensis (packaging/windows/dist.sh, from `make dist`):
;   makensis -DVERSION=0.1.0 -DSTAGE=<folder of files> -DOUTFILE=<setup.exe> installer.nsi
;
; What it does, for a council's IT team (README, "For IT teams"):
; - copies cofrestr-desktop.exe (the window), cofrestr.exe (the command line),
;   WebView2Loader.dll and the licences into %LOCALAPPDATA%\Programs\Cofrestr (or the folder
;   chosen), adds a Start-menu entry and an entry in Settings > Apps with an uninstaller;
; - installs Microsoft Edge WebView2 for this user, with Microsoft's bootstrapper, only when it
;   is missing (Windows 11 and current Windows 10 have it);
; - never touches the user's data: the database, its backups and preferences live under
;   %APPDATA%\Cofrestr\Cofrestr, which neither an upgrade nor the uninstaller changes.
; `Setup.exe /S` installs silently (`/D=C:\path` chooses the folder); `Uninstall.exe /S`
; removes silently.

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel user

!ifndef VERSION
  !error "VERSION is given by make dist, from the workspace version"
!endif
!ifndef STAGE
  !error "STAGE is the folder holding the files to install"
!endif
!ifndef OUTFILE
  !error "OUTFILE is the installer to write"
!endif

!define PRODUCT "Cofrestr"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Cofrestr"
!define PRODUCT_KEY "Software\Cofrestr"
; The WebView2 Runtime's client id in EdgeUpdate (Microsoft's documented detection).
!define WEBVIEW2_KEY "Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"
; Microsoft's Evergreen bootstrapper, fetched only on a machine that lacks WebView2.
!define WEBVIEW2_URL "https://go.microsoft.com/fwlink/p/?LinkId=2124703"

Name "${PRODUCT} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT}"
InstallDirRegKey HKCU "${PRODUCT_KEY}" "InstallDir"
BrandingText "${PRODUCT} ${VERSION}"

!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh

!define MUI_ICON "${STAGE}\cofrestr.ico"
!define MUI_UNICON "${STAGE}\cofrestr.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\cofrestr-desktop.exe"
!define MUI_LANGDLL_REGISTRY_ROOT HKCU
!define MUI_LANGDLL_REGISTRY_KEY "${PRODUCT_KEY}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "InstallerLanguage"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_LICENSE "${STAGE}\LICENCE.txt"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "Welsh"
!insertmacro MUI_RESERVEFILE_LANGDLL

LangString WebView2Present ${LANG_ENGLISH} "Microsoft Edge WebView2 is installed: the window will use it."
LangString WebView2Present ${LANG_WELSH} "Mae Microsoft Edge WebView2 wedi'i osod: bydd y ffenestr yn ei ddefnyddio."
LangString WebView2Fetching ${LANG_ENGLISH} "Cofrestr's window needs Microsoft Edge WebView2, which is missing. Fetching Microsoft's installer for it…"
LangString WebView2Fetching ${LANG_WELSH} "Mae ffenestr Cofrestr angen Microsoft Edge WebView2, sydd ar goll. Yn nôl gosodwr Microsoft ar ei gyfer…"
LangString WebView2Installing ${LANG_ENGLISH} "Installing Microsoft Edge WebView2…"
LangString WebView2Installing ${LANG_WELSH} "Yn gosod Microsoft Edge WebView2…"
LangString WebView2Failed ${LANG_ENGLISH} "Microsoft Edge WebView2 could not be installed (is this computer offline?). Cofrestr is installed, but its window will not open until WebView2 is: ask your IT team to install the Microsoft Edge WebView2 Runtime. The command-line tool, cofrestr.exe, works without it."
LangString WebView2Failed ${LANG_WELSH} "Nid oedd modd gosod Microsoft Edge WebView2 (a yw'r cyfrifiadur hwn all-lein?). Mae Cofrestr wedi'i osod, ond ni fydd ei ffenestr yn agor nes bydd WebView2 wedi'i osod: gofynnwch i'ch tîm TG osod Microsoft Edge WebView2 Runtime. Mae'r offeryn llinell orchymyn, cofrestr.exe, yn gweithio hebddo."
LangString DataKept ${LANG_ENGLISH} "Your Cofrestr data was not touched: the database, its backups and your preferences stay in $APPDATA\Cofrestr\Cofrestr."
LangString DataKept ${LANG_WELSH} "Ni chyffyrddwyd â'ch data Cofrestr: mae'r gronfa ddata, ei chopïau wrth gefn a'ch dewisiadau yn aros yn $APPDATA\Cofrestr\Cofrestr."
LangString FileInUse ${LANG_ENGLISH} "Cannot replace $0. If Cofrestr is open, close it, then choose Retry."
LangString FileInUse ${LANG_WELSH} "Methu disodli $0. Os yw Cofrestr ar agor, caewch ef, yna dewiswch Ailgynnig."

; What the installer says when a program file is in use (Cofrestr open): $0 is the file.
FileErrorText "$(FileInUse)"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileDescription" "${PRODUCT} ${VERSION} installer"
VIAddVersionKey /LANG=${LANG_ENGLISH} "LegalCopyright" "EUPL-1.2"

Function .onInit
  SetShellVarContext current
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

Function un.onInit
  SetShellVarContext current
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

; $0 = "1" when a WebView2 Runtime is registered for the machine or this user.
Function HasWebView2
  StrCpy $0 "0"
  SetRegView 64
  ReadRegStr $1 HKLM "SOFTWARE\WOW6432Node\${WEBVIEW2_KEY}" "pv"
  SetRegView 32
  ${If} $1 == ""
    ReadRegStr $1 HKLM "SOFTWARE\${WEBVIEW2_KEY}" "pv"
  ${EndIf}
  ${If} $1 == ""
    ReadRegStr $1 HKCU "Software\${WEBVIEW2_KEY}" "pv"
  ${EndIf}
  ${If} $1 != ""
  ${AndIf} $1 != "0.0.0.0"
    StrCpy $0 "1"
  ${EndIf}
FunctionEnd

Function InstallWebView2
  Call HasWebView2
  ${If} $0 == "1"
    DetailPrint "$(WebView2Present)"
    Return
  ${EndIf}
  DetailPrint "$(WebView2Fetching)"
  InitPluginsDir
  StrCpy $2 "$PLUGINSDIR\MicrosoftEdgeWebview2Setup.exe"
  ; Windows 10 (1803 and later) and 11 carry curl.exe; PowerShell is the fallback.
  nsExec::ExecToLog '"$SYSDIR\curl.exe" --fail --silent --show-error --location --max-time 300 --output "$2" "${WEBVIEW2_URL}"'
  Pop $1
  ${IfNot} ${FileExists} "$2"
    nsExec::ExecToLog 'powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -Command "Invoke-WebRequest -UseBasicParsing -Uri $\'${WEBVIEW2_URL}$\' -OutFile $\'$2$\'"'
    Pop $1
  ${EndIf}
  ${If} ${FileExists} "$2"
    DetailPrint "$(WebView2Installing)"
    ExecWait '"$2" /silent /install' $1
  ${EndIf}
  Call HasWebView2
  ${If} $0 != "1"
    DetailPrint "$(WebView2Failed)"
    MessageBox MB_ICONEXCLAMATION|MB_OK "$(WebView2Failed)" /SD IDOK
  ${EndIf}
FunctionEnd

Section "Cofrestr" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  File "${STAGE}\cofrestr-desktop.exe"
  File "${STAGE}\cofrestr.exe"
  File "${STAGE}\WebView2Loader.dll"
  File "${STAGE}\cofrestr.ico"
  File "${STAGE}\LICENCE.txt"
  File "${STAGE}\THIRD-PARTY-NOTICES.txt"
  WriteUninstaller "$INSTDIR\Uninstall.exe"

  CreateShortCut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\cofrestr-desktop.exe" "" "$INSTDIR\cofrestr.ico" 0

  WriteRegStr HKCU "${PRODUCT_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${PRODUCT_KEY}" "Version" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PRODUCT}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\cofrestr.ico"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\Uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\Uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"

  Call InstallWebView2
  DetailPrint "$(DataKept)"
SectionEnd

Section "Uninstall"
  ; Only what the installer put here: the data folder (%APPDATA%\Cofrestr) is the user's.
  Delete "$INSTDIR\cofrestr-desktop.exe"
  Delete "$INSTDIR\cofrestr.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\cofrestr.ico"
  Delete "$INSTDIR\LICENCE.txt"
  Delete "$INSTDIR\THIRD-PARTY-NOTICES.txt"
  Delete "$INSTDIR\Uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "${PRODUCT_KEY}"
  DetailPrint "$(DataKept)"
SectionEnd
