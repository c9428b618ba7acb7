; The Windows installer: a per-user install that needs no administrator,
; a Start-menu shortcut, an optional desktop shortcut, an uninstaller in
; Settings > Apps, and Microsoft's WebView2 runtime when it is missing.
; The person's data folder (%APPDATA%\zhiku) is never touched.
;
; scripts/dist-windows.sh builds it with Debian's makensis:
;   makensis -INPUTCHARSET UTF8 -DVERSION=0.1.0-dev -DVERSION4=0.1.0.0 \
;     -DEXE=zhiku.exe -DICON=zhiku.ico -DWEBVIEW2=MicrosoftEdgeWebview2Setup.exe \
;     -DOUTFILE=zhiku-0.1.0-dev-windows-amd64-setup.exe build/windows/installer.nsi

Unicode true
; zhiku.exe is amd64 only, so the installer is too; it needs no 32-bit
; layer and reads and writes the 64-bit registry.
Target amd64-unicode
ManifestDPIAware true
SetCompressor /SOLID lzma
; Files carry no date of their own: one commit builds one installer.
SetDateSave off

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "WinVer.nsh"

!define PRODUCT "Zhiku 知库"
!define PUBLISHER "Zhiku"
!define EXE_NAME "zhiku.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Zhiku"
; The Evergreen WebView2 runtime's client ID, under which EdgeUpdate records
; the installed version, machine-wide or for this person.
!define WEBVIEW2_ID "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

Name "${PRODUCT}"
OutFile "${OUTFILE}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\Zhiku"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
ShowInstDetails show
ShowUninstDetails show

VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
VIAddVersionKey /LANG=1033 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=1033 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "FileVersion" "${VERSION4}"
VIAddVersionKey /LANG=1033 "FileDescription" "${PRODUCT} Setup"
VIAddVersionKey /LANG=1033 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=1033 "LegalCopyright" "© Zhiku contributors"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE_NAME}"
!define MUI_FINISHPAGE_RUN_TEXT "$(LaunchApp)"
; The finish page's second checkbox, unticked, offers the desktop shortcut.
!define MUI_FINISHPAGE_SHOWREADME ""
!define MUI_FINISHPAGE_SHOWREADME_TEXT "$(DesktopShortcut)"
!define MUI_FINISHPAGE_SHOWREADME_NOTCHECKED
!define MUI_FINISHPAGE_SHOWREADME_FUNCTION CreateDesktopShortcut
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the fallback; otherwise Windows' display language
; picks.
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "SimpChinese"

LangString LaunchApp ${LANG_ENGLISH} "Launch Zhiku"
LangString LaunchApp ${LANG_SIMPCHINESE} "启动知库"
LangString DesktopShortcut ${LANG_ENGLISH} "Create a desktop shortcut"
LangString DesktopShortcut ${LANG_SIMPCHINESE} "创建桌面快捷方式"
LangString NeedsWindows10 ${LANG_ENGLISH} "Zhiku needs 64-bit Windows 10 or later."
LangString NeedsWindows10 ${LANG_SIMPCHINESE} "知库需要 64 位 Windows 10 或更高版本。"
LangString InstallingWebView2 ${LANG_ENGLISH} "Installing Microsoft WebView2, which shows Zhiku's window…"
LangString InstallingWebView2 ${LANG_SIMPCHINESE} "正在安装显示知库窗口所需的 Microsoft WebView2……"
LangString CloseZhiku ${LANG_ENGLISH} "Zhiku is running. Close its window, then choose Retry."
LangString CloseZhiku ${LANG_SIMPCHINESE} "知库正在运行。请关闭它的窗口，然后选择“重试”。"
LangString StillThere ${LANG_ENGLISH} "Some of Zhiku's files could not be removed from $INSTDIR. Close Zhiku and run the uninstaller again."
LangString StillThere ${LANG_SIMPCHINESE} "无法从 $INSTDIR 删除知库的部分文件。请关闭知库后再次运行卸载程序。"
LangString WebView2Failed ${LANG_ENGLISH} "Microsoft WebView2 could not be installed (it downloads from Microsoft). Zhiku's window needs it: connect to the internet and run this setup again."
LangString WebView2Failed ${LANG_SIMPCHINESE} "未能安装 Microsoft WebView2（需从微软下载）。知库的窗口需要它：请连接网络后重新运行本安装程序。"

Function .onInit
  ${IfNot} ${AtLeastWin10}
    MessageBox MB_OK|MB_ICONSTOP "$(NeedsWindows10)" /SD IDOK
    Abort
  ${EndIf}
  SetShellVarContext current
FunctionEnd

Function un.onInit
  SetShellVarContext current
FunctionEnd

; A running zhiku.exe cannot be replaced or deleted: ask the person to
; close it rather than leave a half-updated or half-removed program.
!macro WAIT_FOR_ZHIKU_CLOSED un
  Function ${un}WaitForZhikuClosed
    retry:
    IfFileExists "$INSTDIR\${EXE_NAME}" 0 done
    ClearErrors
    FileOpen $0 "$INSTDIR\${EXE_NAME}" a
    IfErrors 0 closed
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(CloseZhiku)" /SD IDCANCEL IDRETRY retry
    Abort
    closed:
    FileClose $0
    done:
  FunctionEnd
!macroend
!insertmacro WAIT_FOR_ZHIKU_CLOSED ""
!insertmacro WAIT_FOR_ZHIKU_CLOSED "un."

Function CreateDesktopShortcut
  CreateShortCut "$DESKTOP\${PRODUCT}.lnk" "$INSTDIR\${EXE_NAME}" "" "$INSTDIR\${EXE_NAME}" 0
FunctionEnd

; WebView2 is part of Windows 11 and of most Windows 10 by now; the
; bootstrapper downloads and installs it only where neither the machine
; nor this person has it.
Function InstallWebView2IfMissing
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_ID}" "pv"
  ${If} $0 != ""
  ${AndIf} $0 != "0.0.0.0"
    Return
  ${EndIf}
  ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_ID}" "pv"
  ${If} $0 != ""
  ${AndIf} $0 != "0.0.0.0"
    Return
  ${EndIf}
  DetailPrint "$(InstallingWebView2)"
  InitPluginsDir
  SetOutPath "$PLUGINSDIR"
  File "/oname=MicrosoftEdgeWebview2Setup.exe" "${WEBVIEW2}"
  ExecWait '"$PLUGINSDIR\MicrosoftEdgeWebview2Setup.exe" /silent /install' $1
  SetOutPath "$INSTDIR"
  ${If} $1 != 0
    MessageBox MB_OK|MB_ICONEXCLAMATION "$(WebView2Failed)" /SD IDOK
  ${EndIf}
FunctionEnd

Section "Zhiku" SecApp
  SectionIn RO
  Call WaitForZhikuClosed
  SetOutPath "$INSTDIR"
  File "/oname=${EXE_NAME}" "${EXE}"
  File "/oname=THIRD-PARTY-NOTICES.txt" "${NOTICES}"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortCut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\${EXE_NAME}" "" "$INSTDIR\${EXE_NAME}" 0

  ; Settings > Apps lists the program, for this person only.
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${EXE_NAME},0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" $0

  Call InstallWebView2IfMissing
SectionEnd

; The program and its shortcuts go; the data folder, with the person's
; knowledge bases, chats and settings, stays for a later install.
Section "Uninstall"
  Call un.WaitForZhikuClosed
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  Delete "$DESKTOP\${PRODUCT}.lnk"
  Delete "$INSTDIR\${EXE_NAME}"
  Delete "$INSTDIR\THIRD-PARTY-NOTICES.txt"
  ; Settings > Apps keeps its entry while the program is still there, so
  ; the uninstaller can be run again.
  ${If} ${FileExists} "$INSTDIR\${EXE_NAME}"
    MessageBox MB_OK|MB_ICONEXCLAMATION "$(StillThere)" /SD IDOK
    Abort
  ${EndIf}
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd
