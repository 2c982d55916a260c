<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="en_GB">
<context>
    <name>CaseFilesTab</name>
    <message numerus="yes">
        <source>{code} · {kind} · %n checks</source>
        <translation>
            <numerusform>{code} · {kind} · %n check</numerusform>
            <numerusform>{code} · {kind} · %n checks</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CoverageTab</name>
    <message numerus="yes">
        <source>✓ %n kinds</source>
        <translation>
            <numerusform>✓ %n kind</numerusform>
            <numerusform>✓ %n kinds</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{kind}: %n sources</source>
        <translation>
            <numerusform>{kind}: %n source</numerusform>
            <numerusform>{kind}: %n sources</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EvidenceTab</name>
    <message numerus="yes">
        <source>{title} · {kind} · %n files</source>
        <translation>
            <numerusform>{title} · {kind} · %n file</numerusform>
            <numerusform>{title} · {kind} · %n files</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportBundleDialog</name>
    <message numerus="yes">
        <source>%n conflict(s) wait for your choice (Sync &gt; Conflicts); choose, then export again.</source>
        <translation>
            <numerusform>%n conflict waits for your choice (Sync &gt; Conflicts); choose, then export again.</numerusform>
            <numerusform>%n conflicts wait for your choice (Sync &gt; Conflicts); choose, then export again.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InterviewsTab</name>
    <message numerus="yes">
        <source>{code} · {role} · %n standards</source>
        <translation>
            <numerusform>{code} · {role} · %n standard</numerusform>
            <numerusform>{code} · {role} · %n standards</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%n changes not yet synced</source>
        <translation>
            <numerusform>%n change not yet synced</numerusform>
            <numerusform>%n changes not yet synced</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OutcomeBanner</name>
    <message numerus="yes">
        <source>%n mandatory standards still to decide</source>
        <translation>
            <numerusform>%n mandatory standard still to decide</numerusform>
            <numerusform>%n mandatory standards still to decide</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n met</source>
        <translation>
            <numerusform>%n met</numerusform>
            <numerusform>%n met</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OverviewTab</name>
    <message numerus="yes">
        <source>%n advocates interviewed so far</source>
        <translation>
            <numerusform>%n advocate interviewed so far</numerusform>
            <numerusform>%n advocates interviewed so far</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; %n without a known team count towards no group</source>
        <translation>
            <numerusform>; %n without a known team counts towards no group</numerusform>
            <numerusform>; %n without a known team count towards no group</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QtSyncStatus</name>
    <message numerus="yes">
        <source>⚠ %n conflict(s) to choose</source>
        <translation>
            <numerusform>⚠ %n conflict to choose</numerusform>
            <numerusform>⚠ %n conflicts to choose</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n signed report(s) timestamped</source>
        <translation>
            <numerusform>%n signed report timestamped</numerusform>
            <numerusform>%n signed reports timestamped</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SignOutRefusedDialog</name>
    <message numerus="yes">
        <source>%n change(s) are not yet on the central store. Signing out now would leave them on this computer only.

Sync them now, or export them to an encrypted rescue bundle that the central store can import.</source>
        <translation>
            <numerusform>%n change is not yet on the central store. Signing out now would leave it on this computer only.

Sync it now, or export it to an encrypted rescue bundle that the central store can import.</numerusform>
            <numerusform>%n changes are not yet on the central store. Signing out now would leave them on this computer only.

Sync them now, or export them to an encrypted rescue bundle that the central store can import.</numerusform>
        </translation>
    </message>
</context>
</TS>
