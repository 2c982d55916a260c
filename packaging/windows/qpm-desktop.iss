; Inno Setup script for the Windows installer of QPM Desktop.
;
; Build on Windows, after the PyInstaller bundle (see packaging/README.md):
;   .venv\Scripts\pyinstaller --noconfirm --clean packaging\qpm-desktop.spec
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\windows\qpm-desktop.iss
; Output: dist\installer\qpm-desktop-<version>-setup.exe
;
; Installs per user by default (no administrator needed: assessors' laptops are often locked
; down), or for all users when run as administrator. The assessor's data lives in
; %LOCALAPPDATA%\qpm-desktop and settings in HKCU\Software\QPM Desktop; neither is touched by an
; upgrade or by uninstalling.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "QPM Desktop"
#define AppExe "qpm-desktop.exe"
#define Bundle "..\..\dist\qpm-desktop"

[Setup]
; Never change AppId: it is how an upgrade finds the installed copy.
AppId={{6B0F6E2C-7E1B-4C1A-9E0B-5D8C3F1A2B71}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=QPM Desktop
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.17763
OutputDir=..\..\dist\installer
OutputBaseFilename=qpm-desktop-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\qpm-desktop.ico
UninstallDisplayIcon={app}\{#AppExe}
LicenseFile=..\..\packaging\LICENSE.txt
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; An upgrade replaces the program files only; close a running copy first.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "welsh"; MessagesFile: "compiler:Languages\Welsh.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; Files of the previous version that the new one no longer ships (a one-folder bundle changes
; its file list between versions); the data is elsewhere and is not affected.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
