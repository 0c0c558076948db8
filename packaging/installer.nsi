; 学校工作报送 — per-user installer (no administrator rights, no UAC prompt).
; Compiled by `python packaging/build.py installer` (makensis -WX -INPUTCHARSET UTF8) with
;   -DVERSION=0.1.0 -DSTAGE=<payload folder> -DOUTFILE=<setup.exe>
; STAGE holds either the Path A payload (python.exe, pythonw.exe, school-report.pyw, Lib\site-packages)
; or, with -DFROZEN=1, a PyInstaller bundle built on Windows (school-report-gui.exe, school-report.exe).
; The clerk's data lives in %LOCALAPPDATA%\school-report\school-report, never in the install folder.

Unicode true
ManifestDPIAware true
; Releases use solid LZMA (smallest download); `build.py installer --fast` passes -DFAST=1 for zlib,
; about 8x less CPU and ~45% bigger, for CI runs that check the contents rather than the download.
!ifdef FAST
  SetCompressor /SOLID zlib
!else
  SetCompressor /SOLID lzma
  SetCompressorDictSize 64
!endif
RequestExecutionLevel user

!ifndef VERSION
  !error "VERSION is not defined (makensis -DVERSION=...)"
!endif
!ifndef STAGE
  !error "STAGE is not defined (makensis -DSTAGE=...)"
!endif
!ifndef OUTFILE
  !define OUTFILE "school-report-${VERSION}-setup.exe"
!endif

!define APPNAME "学校工作报送"
!define APPKEY "school-report"
!define PUBLISHER "学校工作报送项目组"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APPKEY}"
!define DATADIR "$LOCALAPPDATA\school-report\school-report"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "Sections.nsh"

Name "${APPNAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APPNAME}"
InstallDirRegKey HKCU "${UNINSTKEY}" "InstallLocation"
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APPNAME} 安装程序"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "${PUBLISHER}"

!ifdef FROZEN
  !define RUN_EXE "$INSTDIR\school-report-gui.exe"
  !define RUN_ARGS ""
  !define CLI_EXE "$INSTDIR\school-report.exe"
!else
  !define RUN_EXE "$INSTDIR\pythonw.exe"
  !define RUN_ARGS '"$INSTDIR\school-report.pyw"'
  !define CLI_EXE "$INSTDIR\python.exe"
!endif

!define MUI_ABORTWARNING
; Remember the language chosen at install time for the uninstaller.
!define MUI_LANGDLL_REGISTRY_ROOT HKCU
!define MUI_LANGDLL_REGISTRY_KEY "${UNINSTKEY}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "InstallerLanguage"
!define MUI_FINISHPAGE_RUN
!define MUI_FINISHPAGE_RUN_FUNCTION LaunchApp
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
; The list takes the page's full width, the description goes below it: "（不可恢复）" stays visible.
!define MUI_COMPONENTSPAGE_SMALLDESC
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

; Simplified Chinese first (the default), English second.
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"

!define SELFTEST_ZH "${APPNAME} 自检"
!define SELFTEST_EN "${APPNAME} self-test"
LangString SelfTestName ${LANG_SIMPCHINESE} "${SELFTEST_ZH}"
LangString SelfTestName ${LANG_ENGLISH} "${SELFTEST_EN}"
LangString SecProgram ${LANG_SIMPCHINESE} "程序文件"
LangString SecProgram ${LANG_ENGLISH} "Program files"
LangString SecData ${LANG_SIMPCHINESE} "删除我的填报数据和备份（不可恢复）"
LangString SecData ${LANG_ENGLISH} "Delete my report data and backups (cannot be undone)"
LangString SecDataDesc ${LANG_SIMPCHINESE} "勾选后将删除全部填报数据和备份，无法恢复。不勾选则保留，重新安装后数据仍在。"
LangString SecDataDesc ${LANG_ENGLISH} "Deletes all report data and backups; cannot be undone. Unticked, they are kept for a reinstall."
LangString SecProgramDesc ${LANG_SIMPCHINESE} "程序文件、开始菜单和桌面快捷方式。"
LangString SecProgramDesc ${LANG_ENGLISH} "The program files and the Start-menu and desktop shortcuts."
LangString DataKept ${LANG_SIMPCHINESE} "填报数据已保留在：${DATADIR}"
LangString DataKept ${LANG_ENGLISH} "Your report data was kept in: ${DATADIR}"

Function LaunchApp
  Exec '"${RUN_EXE}" ${RUN_ARGS}'
FunctionEnd

Function .onInit
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

Section "!$(SecProgram)" SecMain
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  ; An upgrade replaces the program files only; the data folder is elsewhere and untouched. The app
  ; backs up and migrates the database at its next start.
  ${If} ${FileExists} "$INSTDIR\Lib\site-packages\desktop_app\*.*"
    RMDir /r "$INSTDIR\Lib\site-packages"
  ${EndIf}
  ${If} ${FileExists} "$INSTDIR\_internal\*.*"
    RMDir /r "$INSTDIR\_internal"
  ${EndIf}
  File /r "${STAGE}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\${APPNAME}"
  ; An install in another language than the last one: its self-test shortcut has the other name.
  Delete "$SMPROGRAMS\${APPNAME}\${SELFTEST_ZH}.lnk"
  Delete "$SMPROGRAMS\${APPNAME}\${SELFTEST_EN}.lnk"
  CreateShortcut "$SMPROGRAMS\${APPNAME}\${APPNAME}.lnk" "${RUN_EXE}" '${RUN_ARGS}' "${RUN_EXE}" 0
  CreateShortcut "$SMPROGRAMS\${APPNAME}\$(SelfTestName).lnk" "$SYSDIR\cmd.exe" \
    '/k ""${CLI_EXE}" ${RUN_ARGS} selftest"'
  CreateShortcut "$SMPROGRAMS\${APPNAME}\卸载 ${APPNAME}.lnk" "$INSTDIR\uninstall.exe"
  CreateShortcut "$DESKTOP\${APPNAME}.lnk" "${RUN_EXE}" '${RUN_ARGS}' "${RUN_EXE}" 0

  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${APPNAME}"
  ; MUI saves the language only when the last page is left, which a silent install (/S) never shows:
  ; written here, the uninstaller does not ask for it again.
  WriteRegStr HKCU "${UNINSTKEY}" "InstallerLanguage" $LANGUAGE
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "${RUN_EXE}"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTKEY}" "EstimatedSize" $0
SectionEnd

Function un.onInit
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

Section "un.$(SecProgram)" UnSecMain
  SectionIn RO
  SetShellVarContext current
  Delete "$DESKTOP\${APPNAME}.lnk"
  RMDir /r "$SMPROGRAMS\${APPNAME}"
  ; Only the folder this installer made: the install folder never holds the clerk's data.
  RMDir /r "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTKEY}"
SectionEnd

; Off by default: the clerk's data survives an uninstall unless this box is ticked.
Section /o "un.$(SecData)" UnSecData
  RMDir /r "${DATADIR}"
SectionEnd

!insertmacro MUI_UNFUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${UnSecMain} $(SecProgramDesc)
  !insertmacro MUI_DESCRIPTION_TEXT ${UnSecData} $(SecDataDesc)
!insertmacro MUI_UNFUNCTION_DESCRIPTION_END

Function un.onUninstSuccess
  ${IfNot} ${SectionIsSelected} ${UnSecData}
    ${If} ${FileExists} "${DATADIR}\*.*"
      MessageBox MB_OK|MB_ICONINFORMATION "$(DataKept)" /SD IDOK
    ${EndIf}
  ${EndIf}
FunctionEnd
