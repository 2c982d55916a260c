<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="cy_GB" sourcelanguage="en_GB">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About {app}</source>
        <translation>Ynghylch {app}</translation>
    </message>
    <message>
        <source>{app} version {version}</source>
        <translation>{app} fersiwn {version}</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Fersiwn</translation>
    </message>
    <message>
        <source>Qt {qt}, Qt for Python {pyside}, Python {python}</source>
        <translation>Qt {qt}, Qt ar gyfer Python {pyside}, Python {python}</translation>
    </message>
    <message>
        <source>Standards: the framework shipped with this version ({key}) is a PLACEHOLDER written for this project under the eight V4 section headings; the official NDTi standards are not public. Your administrator replaces it with the official framework file. Welsh texts await review by a Welsh speaker.</source>
        <translation>Safonau: fframwaith DROS DRO yw&apos;r fframwaith sy&apos;n dod gyda&apos;r fersiwn hon ({key}), a ysgrifennwyd ar gyfer y prosiect hwn o dan wyth pennawd adran V4; nid yw safonau swyddogol NDTi yn gyhoeddus. Bydd eich gweinyddwr yn rhoi ffeil y fframwaith swyddogol yn ei le. Mae&apos;r testunau Cymraeg yn aros i siaradwr Cymraeg eu hadolygu.</translation>
    </message>
    <message>
        <source>Framework note</source>
        <translation>Nodyn am y fframwaith</translation>
    </message>
    <message>
        <source>Data folder: {data}
Settings: {settings}</source>
        <translation>Ffolder data: {data}
Gosodiadau: {settings}</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>Ffolder data</translation>
    </message>
    <message>
        <source>{app} is free software under the {licence} licence. It uses Qt for Python (PySide6) under the LGPL 3.0, SQLite (public domain), SQLAlchemy and Alembic (MIT) and the DejaVu fonts (free licence, see resources/fonts/LICENSE).</source>
        <translation>Mae {app} yn feddalwedd rydd o dan drwydded {licence}. Mae&apos;n defnyddio Qt ar gyfer Python (PySide6) o dan LGPL 3.0, SQLite (parth cyhoeddus), SQLAlchemy ac Alembic (MIT) a&apos;r ffontiau DejaVu (trwydded rydd, gweler resources/fonts/LICENSE).</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>Trwydded</translation>
    </message>
</context>
<context>
    <name>AssessmentWorkspace</name>
    <message>
        <source>Framework notice</source>
        <translation>Hysbysiad am y fframwaith</translation>
    </message>
    <message>
        <source>&amp;1 Overview</source>
        <translation>&amp;1 Trosolwg</translation>
    </message>
    <message>
        <source>&amp;2 Standards</source>
        <translation>&amp;2 Safonau</translation>
    </message>
    <message>
        <source>&amp;3 Interviews</source>
        <translation>&amp;3 Cyfweliadau</translation>
    </message>
    <message>
        <source>&amp;4 Observations</source>
        <translation>&amp;4 Arsylwadau</translation>
    </message>
    <message>
        <source>&amp;5 Case files</source>
        <translation>&amp;5 Ffeiliau achos</translation>
    </message>
    <message>
        <source>&amp;6 Evidence</source>
        <translation>&amp;6 Tystiolaeth</translation>
    </message>
    <message>
        <source>&amp;7 Required actions</source>
        <translation>&amp;7 Camau gofynnol</translation>
    </message>
    <message>
        <source>&amp;8 Coverage</source>
        <translation>&amp;8 Cwmpas</translation>
    </message>
    <message>
        <source>Assessment workspace</source>
        <translation>Gweithle&apos;r asesiad</translation>
    </message>
    <message>
        <source>Control+1 to Control+8 switch tabs</source>
        <translation>Mae Control+1 i Control+8 yn newid y tabiau</translation>
    </message>
    <message>
        <source>Workspace tabs</source>
        <translation>Tabiau&apos;r gweithle</translation>
    </message>
    <message>
        <source>{stage} · {status} · band {band} · lead assessor {lead}</source>
        <translation>{stage} · {status} · band {band} · aseswr arweiniol {lead}</translation>
    </message>
    <message>
        <source>⚠ Placeholder framework: “{title}”. These are not NDTi&apos;s official standards; findings recorded against them cannot be used for an award.</source>
        <translation>⚠ Fframwaith dros dro: “{title}”. Nid safonau swyddogol NDTi yw&apos;r rhain; ni ellir defnyddio canfyddiadau a gofnodir yn eu herbyn ar gyfer dyfarniad.</translation>
    </message>
</context>
<context>
    <name>AssessmentsPage</name>
    <message>
        <source>My assessments</source>
        <extracomment>The app&apos;s exit status after it found damage in the local copy while running.</extracomment>
        <translation>Fy asesiadau</translation>
    </message>
    <message>
        <source>Search organisation or reference (Ctrl+F)</source>
        <translation>Chwilio am sefydliad neu gyfeirnod (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search assessments</source>
        <translation>Chwilio asesiadau</translation>
    </message>
    <message>
        <source>Filters the list as you type, by organisation, reference or any column</source>
        <translation>Yn hidlo&apos;r rhestr wrth i chi deipio, yn ôl sefydliad, cyfeirnod neu unrhyw golofn</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Pob statws</translation>
    </message>
    <message>
        <source>Status filter</source>
        <translation>Hidlydd statws</translation>
    </message>
    <message>
        <source>Show only one status</source>
        <translation>Dangos un statws yn unig</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Sefydliad</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Cyfeirnod</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Cam</translation>
    </message>
    <message>
        <source>Visit dates</source>
        <translation>Dyddiadau&apos;r ymweliad</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statws</translation>
    </message>
    <message>
        <source>Unsynced changes</source>
        <translation>Newidiadau heb eu cysoni</translation>
    </message>
    <message>
        <source>Framework</source>
        <translation>Fframwaith</translation>
    </message>
    <message>
        <source>Assessments</source>
        <translation>Asesiadau</translation>
    </message>
    <message>
        <source>Press Enter or double-click to open the selected assessment</source>
        <translation>Pwyswch Enter neu cliciwch ddwywaith i agor yr asesiad a ddewiswyd</translation>
    </message>
    <message>
        <source>No assessment matches the search.</source>
        <translation>Does dim asesiad yn cyfateb i&apos;r chwiliad.</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Chwilio</translation>
    </message>
    <message>
        <source>S&amp;tatus</source>
        <translation>S&amp;tatws</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>heb ei osod</translation>
    </message>
    <message>
        <source>⚠ Placeholder</source>
        <translation>⚠ Dros dro</translation>
    </message>
    <message>
        <source>Official</source>
        <translation>Swyddogol</translation>
    </message>
    <message>
        <source>✓ none</source>
        <translation>✓ dim</translation>
    </message>
</context>
<context>
    <name>Autosave</name>
    <message>
        <source>{field} {problem}.</source>
        <translation>{field}: {problem}.</translation>
    </message>
    <message>
        <source>Could not save: {error}</source>
        <translation>Methu cadw: {error}</translation>
    </message>
</context>
<context>
    <name>AutosaveField</name>
    <message>
        <source>Problem with {field}</source>
        <translation>Problem gyda {field}</translation>
    </message>
    <message>
        <source>{description} Not saved: {message}</source>
        <translation>{description} Heb ei gadw: {message}</translation>
    </message>
</context>
<context>
    <name>CaseFilesTab</name>
    <message>
        <source>Sampled case files and reports</source>
        <translation>Ffeiliau achos ac adroddiadau a samplwyd</translation>
    </message>
    <message>
        <source>New case file review</source>
        <translation>Adolygiad ffeil achos newydd</translation>
    </message>
    <message>
        <source>Delete review</source>
        <translation>Dileu&apos;r adolygiad</translation>
    </message>
    <message>
        <source>Case code</source>
        <translation>Cod yr achos</translation>
    </message>
    <message>
        <source>The anonymised file&apos;s code, such as CF-101</source>
        <translation>Cod y ffeil ddienw, fel CF-101</translation>
    </message>
    <message>
        <source>Case file or report</source>
        <translation>Ffeil achos neu adroddiad</translation>
    </message>
    <message>
        <source>Not recorded</source>
        <translation>Heb ei gofnodi</translation>
    </message>
    <message>
        <source>Advocacy type</source>
        <translation>Math o eiriolaeth</translation>
    </message>
    <message>
        <source>Spot-checked on site</source>
        <translation>Gwiriad ar hap ar y safle</translation>
    </message>
    <message>
        <source>Ticked when the file was picked on the visit, not sent with the submission</source>
        <translation>Wedi&apos;i dicio pan ddewiswyd y ffeil yn ystod yr ymweliad, heb ei hanfon gyda&apos;r cyflwyniad</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Nodiadau</translation>
    </message>
    <message>
        <source>Notes on this file</source>
        <translation>Nodiadau ar y ffeil hon</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>Safon</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Canlyniad</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>Rhestr wirio</translation>
    </message>
    <message>
        <source>How this file bears on each standard; leave Not checked where it does not</source>
        <translation>Sut mae&apos;r ffeil hon yn berthnasol i bob safon; gadewch Heb ei gwirio lle nad yw</translation>
    </message>
    <message>
        <source>Case &amp;code</source>
        <translation>&amp;Cod yr achos</translation>
    </message>
    <message>
        <source>&amp;Sampled as</source>
        <translation>&amp;Samplwyd fel</translation>
    </message>
    <message>
        <source>Advocacy t&amp;ype</source>
        <translation>&amp;Math o eiriolaeth</translation>
    </message>
    <message>
        <source>Note&amp;s</source>
        <translation>&amp;Nodiadau</translation>
    </message>
    <message>
        <source>C&amp;hecklist</source>
        <translation>&amp;Rhestr wirio</translation>
    </message>
    <message>
        <source>Not checked</source>
        <translation>Heb ei gwirio</translation>
    </message>
    <message>
        <source>Result for {code} {title}</source>
        <translation>Canlyniad ar gyfer {code} {title}</translation>
    </message>
    <message numerus="yes">
        <source>{code} · {kind} · %n checks</source>
        <translation>
            <numerusform>{code} · {kind} · dim gwiriadau</numerusform>
            <numerusform>{code} · {kind} · %n gwiriad</numerusform>
            <numerusform>{code} · {kind} · %n gwiriad</numerusform>
            <numerusform>{code} · {kind} · %n gwiriad</numerusform>
            <numerusform>{code} · {kind} · %n gwiriad</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConflictRow</name>
    <message>
        <source>{record}: {field}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yours: {value}</source>
        <translation>Eich un chi: {value}</translation>
    </message>
    <message>
        <source>On the server: {value}</source>
        <translation>Ar y gweinydd: {value}</translation>
    </message>
    <message>
        <source>Both texts together, to edit</source>
        <translation>Y ddau destun gyda&apos;i gilydd, i&apos;w golygu</translation>
    </message>
    <message>
        <source>Keep &amp;mine</source>
        <translation>Cadw &amp;fy un i</translation>
    </message>
    <message>
        <source>Keep &amp;theirs</source>
        <translation>Cadw eu &amp;hun nhw</translation>
    </message>
    <message>
        <source>Keep this &amp;text</source>
        <translation>Cadw&apos;r &amp;testun hwn</translation>
    </message>
</context>
<context>
    <name>Conflicts</name>
    <message>
        <source>Finding</source>
        <translation>Canfyddiad</translation>
    </message>
    <message>
        <source>Interview</source>
        <translation>Cyfweliad</translation>
    </message>
    <message>
        <source>Observation</source>
        <translation>Arsylwad</translation>
    </message>
    <message>
        <source>Case file review</source>
        <translation>Adolygiad ffeil achos</translation>
    </message>
    <message>
        <source>Case file check</source>
        <translation>Gwiriad ffeil achos</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Dogfen</translation>
    </message>
    <message>
        <source>Attachment</source>
        <translation>Atodiad</translation>
    </message>
    <message>
        <source>Link to a standard</source>
        <translation>Cysylltiad â safon</translation>
    </message>
    <message>
        <source>Required action</source>
        <translation>Cam gofynnol</translation>
    </message>
    <message>
        <source>Site visit</source>
        <translation>Ymweliad safle</translation>
    </message>
    <message>
        <source>Assessment</source>
        <translation>Asesiad</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Adroddiad</translation>
    </message>
    <message>
        <source>Rating</source>
        <translation>Barn</translation>
    </message>
    <message>
        <source>Rationale</source>
        <translation>Rhesymeg</translation>
    </message>
    <message>
        <source>Good practice</source>
        <translation>Arfer da</translation>
    </message>
    <message>
        <source>Areas for improvement</source>
        <translation>Meysydd i&apos;w gwella</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Nodiadau</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Teitl</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Disgrifiad</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Perchennog</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>Dyddiad dyledus</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statws</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Canlyniad</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Nodyn</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Wedi&apos;i ddileu</translation>
    </message>
</context>
<context>
    <name>CoverageTab</name>
    <message>
        <source>Coverage summary</source>
        <translation>Crynodeb o&apos;r cwmpas</translation>
    </message>
    <message>
        <source>Show only standards with &amp;thin evidence</source>
        <translation>Dangos safonau â &amp;thystiolaeth denau yn unig</translation>
    </message>
    <message>
        <source>Show only standards with thin evidence</source>
        <translation>Dangos safonau â thystiolaeth denau yn unig</translation>
    </message>
    <message>
        <source>Hide standards whose evidence spans more than one kind</source>
        <translation>Cuddio safonau y mae eu tystiolaeth yn cwmpasu mwy nag un math</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>Safon</translation>
    </message>
    <message>
        <source>Rating</source>
        <translation>Barn</translation>
    </message>
    <message>
        <source>Interviews</source>
        <translation>Cyfweliadau</translation>
    </message>
    <message>
        <source>Observations</source>
        <translation>Arsylwadau</translation>
    </message>
    <message>
        <source>Case files</source>
        <translation>Ffeiliau achos</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Dogfennau</translation>
    </message>
    <message>
        <source>People interviewed</source>
        <translation>Pobl a gyfwelwyd</translation>
    </message>
    <message>
        <source>Coverage</source>
        <translation>Cwmpas</translation>
    </message>
    <message>
        <source>Evidence coverage</source>
        <translation>Cwmpas y dystiolaeth</translation>
    </message>
    <message>
        <source>One row per standard: sources of each kind, who was interviewed, and whether the judgement rests on one kind of evidence only</source>
        <translation>Un rhes i bob safon: ffynonellau o bob math, pwy a gyfwelwyd, ac a yw&apos;r farn yn dibynnu ar un math o dystiolaeth yn unig</translation>
    </message>
    <message>
        <source>✗ No evidence</source>
        <translation>✗ Dim tystiolaeth</translation>
    </message>
    <message>
        <source>⚠ One kind only</source>
        <translation>⚠ Un math yn unig</translation>
    </message>
    <message numerus="yes">
        <source>✓ %n kinds</source>
        <translation>
            <numerusform>✓ dim mathau</numerusform>
            <numerusform>✓ %n math</numerusform>
            <numerusform>✓ %n math</numerusform>
            <numerusform>✓ %n math</numerusform>
            <numerusform>✓ %n math</numerusform>
        </translation>
    </message>
    <message>
        <source> · expected, none: {kinds}</source>
        <translation> · disgwyliedig, dim: {kinds}</translation>
    </message>
    <message numerus="yes">
        <source>{kind}: %n sources</source>
        <translation>
            <numerusform>{kind}: dim ffynonellau</numerusform>
            <numerusform>{kind}: %n ffynhonnell</numerusform>
            <numerusform>{kind}: %n ffynhonnell</numerusform>
            <numerusform>{kind}: %n ffynhonnell</numerusform>
            <numerusform>{kind}: %n ffynhonnell</numerusform>
        </translation>
    </message>
    <message>
        <source>{total} standards · ✗ {none} with no evidence · ⚠ {single} resting on one kind of evidence only</source>
        <translation>{total} safon · ✗ {none} heb dystiolaeth · ⚠ {single} yn dibynnu ar un math o dystiolaeth yn unig</translation>
    </message>
</context>
<context>
    <name>EvidenceTab</name>
    <message>
        <source>Attach a file</source>
        <translation>Atodi ffeil</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Pob ffeil (*)</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Dogfennau</translation>
    </message>
    <message>
        <source>New document</source>
        <translation>Dogfen newydd</translation>
    </message>
    <message>
        <source>Delete document</source>
        <translation>Dileu&apos;r ddogfen</translation>
    </message>
    <message>
        <source>Kind of document</source>
        <translation>Math o ddogfen</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Teitl</translation>
    </message>
    <message>
        <source>The document&apos;s title</source>
        <translation>Teitl y ddogfen</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Disgrifiad</translation>
    </message>
    <message>
        <source>What the document shows</source>
        <translation>Beth mae&apos;r ddogfen yn ei ddangos</translation>
    </message>
    <message>
        <source>Attached files</source>
        <translation>Ffeiliau atodedig</translation>
    </message>
    <message>
        <source>Files kept with this document: name, size and fingerprint (SHA-256)</source>
        <translation>Ffeiliau a gedwir gyda&apos;r ddogfen hon: enw, maint ac olion bysedd (SHA-256)</translation>
    </message>
    <message>
        <source>&amp;Attach file…</source>
        <translation>&amp;Atodi ffeil…</translation>
    </message>
    <message>
        <source>Attach file</source>
        <translation>Atodi ffeil</translation>
    </message>
    <message>
        <source>Choose a file on this computer to keep with the document</source>
        <translation>Dewiswch ffeil ar y cyfrifiadur hwn i&apos;w chadw gyda&apos;r ddogfen</translation>
    </message>
    <message>
        <source>Linked standards</source>
        <translation>Safonau cysylltiedig</translation>
    </message>
    <message>
        <source>Tick each standard this document is evidence for</source>
        <translation>Ticiwch bob safon y mae&apos;r ddogfen hon yn dystiolaeth ar ei chyfer</translation>
    </message>
    <message>
        <source>&amp;Kind</source>
        <translation>&amp;Math</translation>
    </message>
    <message>
        <source>&amp;Title</source>
        <translation>&amp;Teitl</translation>
    </message>
    <message>
        <source>&amp;Description</source>
        <translation>&amp;Disgrifiad</translation>
    </message>
    <message>
        <source>&amp;Files</source>
        <translation>&amp;Ffeiliau</translation>
    </message>
    <message>
        <source>Linked &amp;standards</source>
        <translation>&amp;Safonau cysylltiedig</translation>
    </message>
    <message numerus="yes">
        <source>{title} · {kind} · %n files</source>
        <translation>
            <numerusform>{title} · {kind} · dim ffeiliau</numerusform>
            <numerusform>{title} · {kind} · %n ffeil</numerusform>
            <numerusform>{title} · {kind} · %n ffeil</numerusform>
            <numerusform>{title} · {kind} · %n ffeil</numerusform>
            <numerusform>{title} · {kind} · %n ffeil</numerusform>
        </translation>
    </message>
    <message>
        <source> · not on this device</source>
        <translation> · nid ar y ddyfais hon</translation>
    </message>
    <message>
        <source>{name} · {size} · SHA-256 {hash}…{state}</source>
        <translation>{name} · {size} · SHA-256 {hash}…{state}</translation>
    </message>
    <message>
        <source>No files attached</source>
        <translation>Dim ffeiliau wedi&apos;u hatodi</translation>
    </message>
</context>
<context>
    <name>ExportBundleDialog</name>
    <message>
        <source>Export rescue bundle</source>
        <translation>Allforio bwndel achub</translation>
    </message>
    <message>
        <source>Bundle file</source>
        <translation>Ffeil y bwndel</translation>
    </message>
    <message>
        <source>Where the encrypted bundle is written, e.g. a USB stick</source>
        <translation>Lle mae&apos;r bwndel wedi&apos;i amgryptio&apos;n cael ei ysgrifennu, e.e. cof bach USB</translation>
    </message>
    <message>
        <source>C&amp;hoose…</source>
        <translation>&amp;Dewis…</translation>
    </message>
    <message>
        <source>Choose the bundle file</source>
        <translation>Dewis ffeil y bwndel</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Cyfrinymadrodd</translation>
    </message>
    <message>
        <source>At least 10 characters; give it to the administrator separately</source>
        <translation>O leiaf 10 nod; rhowch ef i&apos;r gweinyddwr ar wahân</translation>
    </message>
    <message>
        <source>Passphrase again</source>
        <translation>Y cyfrinymadrodd eto</translation>
    </message>
    <message>
        <source>The bundle holds your unsynced changes, the files they refer to and their audit entries, encrypted with this passphrase. Give the file and, separately, the passphrase to the central store&apos;s administrator.</source>
        <translation>Mae&apos;r bwndel yn dal eich newidiadau heb eu cysoni, y ffeiliau y maent yn cyfeirio atynt a&apos;u cofnodion archwilio, wedi&apos;u hamgryptio â&apos;r cyfrinymadrodd hwn. Rhowch y ffeil ac, ar wahân, y cyfrinymadrodd i weinyddwr y storfa ganolog.</translation>
    </message>
    <message>
        <source>Export message</source>
        <translation>Neges allforio</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Ffeil</translation>
    </message>
    <message>
        <source>&amp;Passphrase</source>
        <translation>&amp;Cyfrinymadrodd</translation>
    </message>
    <message>
        <source>&amp;Again</source>
        <translation>&amp;Eto</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Allforio</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Allforio</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Canslo</translation>
    </message>
    <message>
        <source>QPM rescue bundles (*.qpmrescue)</source>
        <translation>Bwndeli achub QPM (*.qpmrescue)</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>Mae&apos;r ddau gyfrinymadrodd yn wahanol.</translation>
    </message>
    <message>
        <source>Choose a passphrase of at least 10 characters.</source>
        <translation>Dewiswch gyfrinymadrodd o 10 nod o leiaf.</translation>
    </message>
    <message>
        <source>Choose where to write the bundle.</source>
        <translation>Dewiswch ble i ysgrifennu&apos;r bwndel.</translation>
    </message>
    <message numerus="yes">
        <source>%n conflict(s) wait for your choice (Sync &gt; Conflicts); choose, then export again.</source>
        <translation>
            <numerusform>Does dim gwrthdaro&apos;n aros i chi ddewis; allforiwch eto.</numerusform>
            <numerusform>Mae %n gwrthdaro&apos;n aros i chi ddewis (Cysoni &gt; Gwrthdaro); dewiswch, yna allforiwch eto.</numerusform>
            <numerusform>Mae %n wrthdaro&apos;n aros i chi ddewis (Cysoni &gt; Gwrthdaro); dewiswch, yna allforiwch eto.</numerusform>
            <numerusform>Mae %n gwrthdaro&apos;n aros i chi ddewis (Cysoni &gt; Gwrthdaro); dewiswch, yna allforiwch eto.</numerusform>
            <numerusform>Mae %n gwrthdaro&apos;n aros i chi ddewis (Cysoni &gt; Gwrthdaro); dewiswch, yna allforiwch eto.</numerusform>
        </translation>
    </message>
    <message>
        <source>The bundle was not written: {reason}</source>
        <translation>Ni chafodd y bwndel ei ysgrifennu: {reason}</translation>
    </message>
</context>
<context>
    <name>FindingEditor</name>
    <message>
        <source>Rating</source>
        <translation>Barn</translation>
    </message>
    <message>
        <source>The judgement on this standard; Met or Not met are the end states</source>
        <translation>Y farn ar y safon hon; Wedi&apos;i fodloni neu Heb ei fodloni yw&apos;r canlyniadau terfynol</translation>
    </message>
    <message>
        <source>Rationale</source>
        <translation>Rhesymeg</translation>
    </message>
    <message>
        <source>Why the standard is rated as it is</source>
        <translation>Pam mae&apos;r safon wedi cael y farn hon</translation>
    </message>
    <message>
        <source>Good practice</source>
        <translation>Arfer da</translation>
    </message>
    <message>
        <source>Good practice seen, for the report (optional)</source>
        <translation>Arfer da a welwyd, ar gyfer yr adroddiad (dewisol)</translation>
    </message>
    <message>
        <source>Areas for improvement</source>
        <translation>Meysydd i&apos;w gwella</translation>
    </message>
    <message>
        <source>Areas for improvement, for the report (optional)</source>
        <translation>Meysydd i&apos;w gwella, ar gyfer yr adroddiad (dewisol)</translation>
    </message>
    <message>
        <source>Linked evidence</source>
        <translation>Tystiolaeth gysylltiedig</translation>
    </message>
    <message>
        <source>Interviews, observations, case files and documents behind this finding</source>
        <translation>Cyfweliadau, arsylwadau, ffeiliau achos a dogfennau y tu ôl i&apos;r canfyddiad hwn</translation>
    </message>
    <message>
        <source>&amp;Rating</source>
        <translation>&amp;Barn</translation>
    </message>
    <message>
        <source>Ra&amp;tionale</source>
        <translation>&amp;Rhesymeg</translation>
    </message>
    <message>
        <source>&amp;Good practice</source>
        <translation>Arfer &amp;da</translation>
    </message>
    <message>
        <source>Areas for &amp;improvement</source>
        <translation>&amp;Meysydd i&apos;w gwella</translation>
    </message>
    <message>
        <source>Linked &amp;evidence</source>
        <translation>&amp;Tystiolaeth gysylltiedig</translation>
    </message>
    <message>
        <source>Mandatory</source>
        <translation>Gorfodol</translation>
    </message>
    <message>
        <source>Advisory (not mandatory)</source>
        <translation>Cynghorol (nid yw&apos;n orfodol)</translation>
    </message>
    <message>
        <source>Not applicable allowed</source>
        <translation>Caniateir Amherthnasol</translation>
    </message>
    <message>
        <source>Not applicable not allowed</source>
        <translation>Ni chaniateir Amherthnasol</translation>
    </message>
    <message>
        <source>{mandatory} · {na} · Evidence expected: {expected}</source>
        <translation>{mandatory} · {na} · Tystiolaeth ddisgwyliedig: {expected}</translation>
    </message>
    <message>
        <source>none stated</source>
        <translation>dim wedi&apos;i nodi</translation>
    </message>
    <message>
        <source>Guidance (in English only): {text}</source>
        <translation>Canllawiau (yn Saesneg yn unig): {text}</translation>
    </message>
    <message>
        <source>Guidance: {text}</source>
        <translation>Canllawiau: {text}</translation>
    </message>
    <message>
        <source>No evidence linked yet</source>
        <translation>Dim tystiolaeth wedi&apos;i chysylltu eto</translation>
    </message>
    <message>
        <source>Sync: {state}</source>
        <translation>Cysoni: {state}</translation>
    </message>
    <message>
        <source>Rate {code} {rating}</source>
        <translation>Barnu {code} yn {rating}</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Welcome to {app}</source>
        <translation>Croeso i {app}</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>Croeso</translation>
    </message>
    <message>
        <source>Choose how to start using {app}</source>
        <translation>Dewiswch sut i ddechrau defnyddio {app}</translation>
    </message>
    <message>
        <source>There is no assessment on this computer yet. Sign in to your organisation&apos;s central store to receive your assessments, or try the app on invented demo data first.</source>
        <translation>Does dim asesiad ar y cyfrifiadur hwn eto. Mewngofnodwch i storfa ganolog eich sefydliad i gael eich asesiadau, neu rhowch gynnig ar yr ap gyda data demo dychmygol yn gyntaf.</translation>
    </message>
    <message>
        <source>Sign in to a central store</source>
        <translation>Mewngofnodi i storfa ganolog</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Cyfeiriad y gweinydd</translation>
    </message>
    <message>
        <source>The address of the central store, as given by your administrator</source>
        <translation>Cyfeiriad y storfa ganolog, fel y&apos;i rhoddwyd gan eich gweinyddwr</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Enw defnyddiwr</translation>
    </message>
    <message>
        <source>Your user name on the central store</source>
        <translation>Eich enw defnyddiwr ar y storfa ganolog</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Cyfrinair</translation>
    </message>
    <message>
        <source>Your password; it is never stored</source>
        <translation>Eich cyfrinair; nid yw byth yn cael ei gadw</translation>
    </message>
    <message>
        <source>Server &amp;address</source>
        <translation>&amp;Cyfeiriad y gweinydd</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>&amp;Enw defnyddiwr</translation>
    </message>
    <message>
        <source>Opens a new local copy and asks for your password</source>
        <translation>Yn agor copi lleol newydd ac yn gofyn am eich cyfrinair</translation>
    </message>
    <message>
        <source>Enter the central store&apos;s address and your user name; the app asks for your password once its window is open, and keeps only a sign-in token in the keyring.</source>
        <translation>Rhowch gyfeiriad y storfa ganolog a&apos;ch enw defnyddiwr; bydd yr ap yn gofyn am eich cyfrinair pan fydd ei ffenestr ar agor, a dim ond tocyn mewngofnodi a gedwir yn y cylch allweddi.</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>&amp;Mewngofnodi</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Mewngofnodi</translation>
    </message>
    <message>
        <source>Sign-in status</source>
        <translation>Statws mewngofnodi</translation>
    </message>
    <message>
        <source>Try the demo</source>
        <translation>Rhoi cynnig ar y demo</translation>
    </message>
    <message>
        <source>Opens a local demo copy: an invented organisation and an assessment whose site visit has just begun. It is kept apart from real data and marked DEMO DATA in the window. Nothing is sent anywhere.</source>
        <translation>Yn agor copi demo lleol: sefydliad dychmygol ac asesiad y mae ei ymweliad safle newydd ddechrau. Caiff ei gadw ar wahân i ddata go iawn a&apos;i farcio&apos;n DATA DEMO yn y ffenestr. Does dim yn cael ei anfon i unman.</translation>
    </message>
    <message>
        <source>&amp;Try the demo</source>
        <translation>&amp;Rhoi cynnig ar y demo</translation>
    </message>
    <message>
        <source>Opens the invented demo assessment, kept apart from real data</source>
        <translation>Yn agor yr asesiad demo dychmygol, a gedwir ar wahân i ddata go iawn</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Gadael</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Gadael</translation>
    </message>
    <message>
        <source>Close without choosing</source>
        <translation>Cau heb ddewis</translation>
    </message>
    <message>
        <source>Enter the server address and your user name.</source>
        <translation>Rhowch gyfeiriad y gweinydd a&apos;ch enw defnyddiwr.</translation>
    </message>
</context>
<context>
    <name>InterviewsTab</name>
    <message>
        <source>Interviews</source>
        <translation>Cyfweliadau</translation>
    </message>
    <message>
        <source>New interview</source>
        <translation>Cyfweliad newydd</translation>
    </message>
    <message>
        <source>Delete interview</source>
        <translation>Dileu&apos;r cyfweliad</translation>
    </message>
    <message>
        <source>Interviewee code</source>
        <translation>Cod y cyfwelai</translation>
    </message>
    <message>
        <source>A code such as ADV-03 that stands in for the person; never a name</source>
        <translation>Cod fel ADV-03 yn lle&apos;r person; byth enw</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rôl</translation>
    </message>
    <message>
        <source>No team</source>
        <translation>Dim tîm</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Tîm</translation>
    </message>
    <message>
        <source>Not recorded</source>
        <translation>Heb ei gofnodi</translation>
    </message>
    <message>
        <source>Advocacy type</source>
        <translation>Math o eiriolaeth</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Dull</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Iaith</translation>
    </message>
    <message>
        <source>Yes, offered</source>
        <translation>Do, cynigiwyd</translation>
    </message>
    <message>
        <source>No, not offered</source>
        <translation>Naddo, ni chynigiwyd</translation>
    </message>
    <message>
        <source>Welsh offered</source>
        <translation>Cynigiwyd y Gymraeg</translation>
    </message>
    <message>
        <source>Whether a service in Welsh was offered without the person asking</source>
        <translation>A gynigiwyd gwasanaeth Cymraeg heb i&apos;r person ofyn</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>Cydsyniad</translation>
    </message>
    <message>
        <source>Consent note</source>
        <translation>Nodyn cydsyniad</translation>
    </message>
    <message>
        <source>How consent was asked for and the basis for the interview</source>
        <translation>Sut y gofynnwyd am gydsyniad a&apos;r sail ar gyfer y cyfweliad</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Nodiadau</translation>
    </message>
    <message>
        <source>What was said, in your words</source>
        <translation>Beth a ddywedwyd, yn eich geiriau chi</translation>
    </message>
    <message>
        <source>Linked standards</source>
        <translation>Safonau cysylltiedig</translation>
    </message>
    <message>
        <source>Tick each standard this interview is evidence for</source>
        <translation>Ticiwch bob safon y mae&apos;r cyfweliad hwn yn dystiolaeth ar ei chyfer</translation>
    </message>
    <message>
        <source>Interviewee &amp;code</source>
        <translation>&amp;Cod y cyfwelai</translation>
    </message>
    <message>
        <source>R&amp;ole</source>
        <translation>&amp;Rôl</translation>
    </message>
    <message>
        <source>&amp;Team</source>
        <translation>&amp;Tîm</translation>
    </message>
    <message>
        <source>Advocacy t&amp;ype</source>
        <translation>&amp;Math o eiriolaeth</translation>
    </message>
    <message>
        <source>&amp;Mode</source>
        <translation>&amp;Dull</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Iaith</translation>
    </message>
    <message>
        <source>&amp;Welsh offered</source>
        <translation>Cynigiwyd y &amp;Gymraeg</translation>
    </message>
    <message>
        <source>Co&amp;nsent</source>
        <translation>Cyd&amp;syniad</translation>
    </message>
    <message>
        <source>Consent n&amp;ote</source>
        <translation>&amp;Nodyn cydsyniad</translation>
    </message>
    <message>
        <source>Note&amp;s</source>
        <translation>&amp;Nodiadau</translation>
    </message>
    <message>
        <source>Linked &amp;standards</source>
        <translation>&amp;Safonau cysylltiedig</translation>
    </message>
    <message>
        <source>{name} ({area}, {manager})</source>
        <translation>{name} ({area}, {manager})</translation>
    </message>
    <message numerus="yes">
        <source>{code} · {role} · %n standards</source>
        <translation>
            <numerusform>{code} · {role} · dim safonau</numerusform>
            <numerusform>{code} · {role} · %n safon</numerusform>
            <numerusform>{code} · {role} · %n safon</numerusform>
            <numerusform>{code} · {role} · %n safon</numerusform>
            <numerusform>{code} · {role} · %n safon</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Not yet assessed</source>
        <translation>Heb ei asesu eto</translation>
    </message>
    <message>
        <source>Further evidence needed</source>
        <translation>Angen rhagor o dystiolaeth</translation>
    </message>
    <message>
        <source>Met</source>
        <translation>Wedi&apos;i fodloni</translation>
    </message>
    <message>
        <source>Not met</source>
        <translation>Heb ei fodloni</translation>
    </message>
    <message>
        <source>Not applicable</source>
        <translation>Amherthnasol</translation>
    </message>
    <message>
        <source>Interview</source>
        <translation>Cyfweliad</translation>
    </message>
    <message>
        <source>Observation</source>
        <translation>Arsylwad</translation>
    </message>
    <message>
        <source>Case file review</source>
        <translation>Adolygiad ffeil achos</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Dogfen</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>Rheolwr</translation>
    </message>
    <message>
        <source>Paid advocate</source>
        <translation>Eiriolwr cyflogedig</translation>
    </message>
    <message>
        <source>Volunteer advocate</source>
        <translation>Eiriolwr gwirfoddol</translation>
    </message>
    <message>
        <source>Advocacy partner</source>
        <translation>Partner eiriolaeth</translation>
    </message>
    <message>
        <source>Family member or carer</source>
        <translation>Aelod o&apos;r teulu neu ofalwr</translation>
    </message>
    <message>
        <source>Trustee or board member</source>
        <translation>Ymddiriedolwr neu aelod o&apos;r bwrdd</translation>
    </message>
    <message>
        <source>Involvement board member</source>
        <translation>Aelod o&apos;r bwrdd cyfranogiad</translation>
    </message>
    <message>
        <source>Senior manager</source>
        <translation>Uwch-reolwr</translation>
    </message>
    <message>
        <source>Commissioner</source>
        <translation>Comisiynydd</translation>
    </message>
    <message>
        <source>Referrer</source>
        <translation>Atgyfeiriwr</translation>
    </message>
    <message>
        <source>Other stakeholder</source>
        <translation>Rhanddeiliad arall</translation>
    </message>
    <message>
        <source>IMCA (Mental Capacity Act)</source>
        <translation>IMCA (Deddf Galluedd Meddyliol)</translation>
    </message>
    <message>
        <source>Paid Relevant Person&apos;s Representative</source>
        <translation>Cynrychiolydd Person Perthnasol cyflogedig</translation>
    </message>
    <message>
        <source>IMHA (Mental Health Act)</source>
        <translation>IMHA (Deddf Iechyd Meddwl)</translation>
    </message>
    <message>
        <source>IMHA (Mental Health (Wales) Measure)</source>
        <translation>IMHA (Mesur Iechyd Meddwl (Cymru))</translation>
    </message>
    <message>
        <source>Care Act advocacy</source>
        <translation>Eiriolaeth y Ddeddf Gofal</translation>
    </message>
    <message>
        <source>NHS complaints advocacy</source>
        <translation>Eiriolaeth cwynion y GIG</translation>
    </message>
    <message>
        <source>Independent Professional Advocacy (Wales)</source>
        <translation>Eiriolaeth Broffesiynol Annibynnol (Cymru)</translation>
    </message>
    <message>
        <source>Statutory advocacy for children and young people (Wales)</source>
        <translation>Eiriolaeth statudol i blant a phobl ifanc (Cymru)</translation>
    </message>
    <message>
        <source>Community advocacy</source>
        <translation>Eiriolaeth gymunedol</translation>
    </message>
    <message>
        <source>Peer advocacy</source>
        <translation>Eiriolaeth cymheiriaid</translation>
    </message>
    <message>
        <source>Citizen advocacy</source>
        <translation>Eiriolaeth dinasyddion</translation>
    </message>
    <message>
        <source>Self-advocacy support</source>
        <translation>Cymorth hunaneiriolaeth</translation>
    </message>
    <message>
        <source>Other advocacy</source>
        <translation>Eiriolaeth arall</translation>
    </message>
    <message>
        <source>England</source>
        <translation>Lloegr</translation>
    </message>
    <message>
        <source>Wales</source>
        <translation>Cymru</translation>
    </message>
    <message>
        <source>Northern Ireland</source>
        <translation>Gogledd Iwerddon</translation>
    </message>
    <message>
        <source>In person</source>
        <translation>Wyneb yn wyneb</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Ffôn</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>Fideo</translation>
    </message>
    <message>
        <source>English</source>
        <translation>Saesneg</translation>
    </message>
    <message>
        <source>Welsh</source>
        <translation>Cymraeg</translation>
    </message>
    <message>
        <source>British Sign Language</source>
        <translation>Iaith Arwyddion Prydain</translation>
    </message>
    <message>
        <source>Through an interpreter</source>
        <translation>Drwy gyfieithydd</translation>
    </message>
    <message>
        <source>Other language</source>
        <translation>Iaith arall</translation>
    </message>
    <message>
        <source>Not recorded</source>
        <translation>Heb ei gofnodi</translation>
    </message>
    <message>
        <source>Given</source>
        <translation>Wedi&apos;i roi</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>Wedi&apos;i wrthod</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>Wedi&apos;i dynnu&apos;n ôl</translation>
    </message>
    <message>
        <source>Pre-assessment</source>
        <translation>Cyn-asesiad</translation>
    </message>
    <message>
        <source>Desktop submission</source>
        <translation>Cyflwyniad desg</translation>
    </message>
    <message>
        <source>Desktop review</source>
        <translation>Adolygiad desg</translation>
    </message>
    <message>
        <source>Site visit</source>
        <translation>Ymweliad safle</translation>
    </message>
    <message>
        <source>Reporting</source>
        <translation>Adrodd</translation>
    </message>
    <message>
        <source>Internal review</source>
        <translation>Adolygiad mewnol</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Penderfyniad</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Wedi cau</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>Ar y gweill</translation>
    </message>
    <message>
        <source>Awarded</source>
        <translation>Dyfarnwyd</translation>
    </message>
    <message>
        <source>Targeted re-assessment</source>
        <translation>Ailasesiad wedi&apos;i dargedu</translation>
    </message>
    <message>
        <source>Not awarded</source>
        <translation>Heb ei ddyfarnu</translation>
    </message>
    <message>
        <source>Did not proceed to site visit</source>
        <translation>Ni aeth ymlaen i ymweliad safle</translation>
    </message>
    <message>
        <source>Lapsed</source>
        <translation>Wedi dod i ben</translation>
    </message>
    <message>
        <source>Team meeting</source>
        <translation>Cyfarfod tîm</translation>
    </message>
    <message>
        <source>Office practice</source>
        <translation>Arferion swyddfa</translation>
    </message>
    <message>
        <source>Record storage</source>
        <translation>Storio cofnodion</translation>
    </message>
    <message>
        <source>Accessibility</source>
        <translation>Hygyrchedd</translation>
    </message>
    <message>
        <source>Other observation</source>
        <translation>Arsylwad arall</translation>
    </message>
    <message>
        <source>Partly met</source>
        <translation>Wedi&apos;i fodloni&apos;n rhannol</translation>
    </message>
    <message>
        <source>Case file</source>
        <translation>Ffeil achos</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Adroddiad</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>Polisi</translation>
    </message>
    <message>
        <source>Procedure</source>
        <translation>Gweithdrefn</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>Ffotograff</translation>
    </message>
    <message>
        <source>Other document</source>
        <translation>Dogfen arall</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Ar agor</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Wedi&apos;i wneud</translation>
    </message>
    <message>
        <source>Not yet synced</source>
        <translation>Heb ei gysoni eto</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>Yn anfon</translation>
    </message>
    <message>
        <source>Synced</source>
        <translation>Wedi&apos;i gysoni</translation>
    </message>
    <message>
        <source>Conflict: choose a version</source>
        <translation>Gwrthdaro: dewiswch fersiwn</translation>
    </message>
    <message>
        <source>Set aside by the central store</source>
        <translation>Wedi&apos;i neilltuo gan y storfa ganolog</translation>
    </message>
    <message>
        <source>Award the QPM</source>
        <translation>Dyfarnu&apos;r QPM</translation>
    </message>
    <message>
        <source>Not yet decided</source>
        <translation>Heb benderfynu eto</translation>
    </message>
    <message>
        <source>Not yet: required actions</source>
        <translation>Ddim eto: camau gofynnol</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>System default</source>
        <translation>Rhagosodiad y system</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>G&amp;osodiadau</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Iaith</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Iaith</translation>
    </message>
    <message>
        <source>The language will change when you next start the app.
Bydd yr iaith yn newid y tro nesaf y byddwch yn agor yr ap.</source>
        <translation>Bydd yr iaith yn newid y tro nesaf y byddwch yn agor yr ap.
The language will change when you next start the app.</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>QPM Desktop is locked</source>
        <translation>Mae QPM Desktop wedi&apos;i gloi</translation>
    </message>
    <message>
        <source>Locked to protect the data</source>
        <translation>Wedi&apos;i gloi i ddiogelu&apos;r data</translation>
    </message>
    <message>
        <source>Password or passphrase</source>
        <translation>Cyfrinair neu gyfrinymadrodd</translation>
    </message>
    <message>
        <source>Type it and press Enter to unlock</source>
        <translation>Teipiwch ef a phwyso Enter i ddatgloi</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>&amp;Datgloi</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Datgloi</translation>
    </message>
    <message>
        <source>Show the window again</source>
        <translation>Dangos y ffenestr eto</translation>
    </message>
    <message>
        <source>Unlock problem</source>
        <translation>Problem datgloi</translation>
    </message>
    <message>
        <source>Enter your password to carry on.</source>
        <translation>Rhowch eich cyfrinair i barhau.</translation>
    </message>
    <message>
        <source>Enter the passphrase of your local data to carry on.</source>
        <translation>Rhowch gyfrinymadrodd eich data lleol i barhau.</translation>
    </message>
    <message>
        <source>Press Unlock to carry on.</source>
        <translation>Pwyswch Datgloi i barhau.</translation>
    </message>
    <message>
        <source>⚠ That is not right. Try again.</source>
        <translation>⚠ Nid yw hynny&apos;n gywir. Rhowch gynnig arall arni.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source> — demo data</source>
        <translation> — data demo</translation>
    </message>
    <message>
        <source>Opening your local data…</source>
        <translation>Wrthi’n agor eich data lleol…</translation>
    </message>
    <message>
        <source>Your local data is damaged</source>
        <translation>Mae eich data lleol wedi&apos;i ddifrodi</translation>
    </message>
    <message>
        <source>QPM Desktop found damage in your local data and has not changed it:
{problem}

Nothing more can be saved in this session. QPM Desktop will close now; when you start it again it offers to restore the newest sound backup.</source>
        <translation>Daeth QPM Desktop o hyd i ddifrod yn eich data lleol ac nid yw wedi&apos;i newid:
{problem}

Ni ellir cadw dim mwy yn y sesiwn hon. Bydd QPM Desktop yn cau nawr; pan fyddwch yn ei gychwyn eto bydd yn cynnig adfer y copi wrth gefn cadarn diweddaraf.</translation>
    </message>
    <message>
        <source>DEMO DATA — invented, not a real assessment</source>
        <translation>DATA DEMO — dychmygol, nid asesiad go iawn</translation>
    </message>
    <message>
        <source>Demo data</source>
        <translation>Data demo</translation>
    </message>
    <message>
        <source>Not signed in — working offline</source>
        <translation>Heb fewngofnodi — yn gweithio all-lein</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Cysylltiad</translation>
    </message>
    <message>
        <source>Everything is kept on this computer until you sign in and sync</source>
        <translation>Caiff popeth ei gadw ar y cyfrifiadur hwn nes i chi fewngofnodi a chysoni</translation>
    </message>
    <message>
        <source>Unsynced changes</source>
        <translation>Newidiadau heb eu cysoni</translation>
    </message>
    <message numerus="yes">
        <source>%n changes not yet synced</source>
        <translation>
            <numerusform>Dim newidiadau heb eu cysoni</numerusform>
            <numerusform>%n newid heb ei gysoni</numerusform>
            <numerusform>%n newid heb eu cysoni</numerusform>
            <numerusform>%n newid heb eu cysoni</numerusform>
            <numerusform>%n newid heb eu cysoni</numerusform>
        </translation>
    </message>
    <message>
        <source>✓ Nothing waiting to sync</source>
        <translation>✓ Dim byd yn aros i&apos;w gysoni</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Ffeil</translation>
    </message>
    <message>
        <source>&amp;Open selected assessment</source>
        <translation>&amp;Agor yr asesiad a ddewiswyd</translation>
    </message>
    <message>
        <source>&amp;My assessments</source>
        <translation>Fy a&amp;sesiadau</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Gadael</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Golygu</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Dadwneud</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Ailwneud</translation>
    </message>
    <message>
        <source>&amp;Find assessment</source>
        <translation>&amp;Chwilio am asesiad</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>G&amp;weld</translation>
    </message>
    <message>
        <source>&amp;Record</source>
        <translation>&amp;Cofnodi</translation>
    </message>
    <message>
        <source>New &amp;interview</source>
        <translation>&amp;Cyfweliad newydd</translation>
    </message>
    <message>
        <source>New &amp;observation</source>
        <translation>A&amp;rsylwad newydd</translation>
    </message>
    <message>
        <source>&amp;Quick note on the standard in view</source>
        <translation>&amp;Nodyn cyflym ar y safon sydd i&apos;w gweld</translation>
    </message>
    <message>
        <source>New &amp;case file review</source>
        <translation>Adolygiad &amp;ffeil achos newydd</translation>
    </message>
    <message>
        <source>New &amp;document</source>
        <translation>&amp;Dogfen newydd</translation>
    </message>
    <message>
        <source>&amp;Attach file to document…</source>
        <translation>A&amp;todi ffeil i ddogfen…</translation>
    </message>
    <message>
        <source>Visit &amp;report…</source>
        <translation>&amp;Adroddiad ymweliad…</translation>
    </message>
    <message>
        <source>S&amp;ync</source>
        <translation>C&amp;ysoni</translation>
    </message>
    <message>
        <source>Sign &amp;in…</source>
        <translation>Mewn&amp;gofnodi…</translation>
    </message>
    <message>
        <source>&amp;Sync now</source>
        <translation>&amp;Cysoni nawr</translation>
    </message>
    <message>
        <source>&amp;Conflicts…</source>
        <translation>G&amp;wrthdrawiadau…</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>&amp;Allgofnodi</translation>
    </message>
    <message>
        <source>Signed in as {user} to {host}</source>
        <translation>Wedi mewngofnodi fel {user} i {host}</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>C&amp;ymorth</translation>
    </message>
    <message>
        <source>&amp;About QPM Desktop</source>
        <translation>&amp;Ynghylch QPM Desktop</translation>
    </message>
    <message>
        <source>Opening the assessment…</source>
        <translation>Wrthi’n agor yr asesiad…</translation>
    </message>
</context>
<context>
    <name>ObservationsTab</name>
    <message>
        <source>Observations</source>
        <translation>Arsylwadau</translation>
    </message>
    <message>
        <source>New observation</source>
        <translation>Arsylwad newydd</translation>
    </message>
    <message>
        <source>Delete observation</source>
        <translation>Dileu&apos;r arsylwad</translation>
    </message>
    <message>
        <source>Kind of observation</source>
        <translation>Math o arsylwad</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Teitl</translation>
    </message>
    <message>
        <source>A short title for what you saw</source>
        <translation>Teitl byr ar gyfer yr hyn a welsoch</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Nodiadau</translation>
    </message>
    <message>
        <source>What you saw</source>
        <translation>Beth a welsoch</translation>
    </message>
    <message>
        <source>Linked standards</source>
        <translation>Safonau cysylltiedig</translation>
    </message>
    <message>
        <source>Tick each standard this observation is evidence for</source>
        <translation>Ticiwch bob safon y mae&apos;r arsylwad hwn yn dystiolaeth ar ei chyfer</translation>
    </message>
    <message>
        <source>&amp;Kind</source>
        <translation>&amp;Math</translation>
    </message>
    <message>
        <source>&amp;Title</source>
        <translation>&amp;Teitl</translation>
    </message>
    <message>
        <source>Note&amp;s</source>
        <translation>&amp;Nodiadau</translation>
    </message>
    <message>
        <source>Linked &amp;standards</source>
        <translation>&amp;Safonau cysylltiedig</translation>
    </message>
    <message>
        <source>{title} · {kind}</source>
        <translation>{title} · {kind}</translation>
    </message>
    <message>
        <source>(untitled)</source>
        <translation>(dim teitl)</translation>
    </message>
</context>
<context>
    <name>OutcomeBanner</name>
    <message>
        <source>Recommended outcome</source>
        <translation>Canlyniad a argymhellir</translation>
    </message>
    <message>
        <source>The recommended outcome under the V4 rule, as the findings stand now</source>
        <translation>Y canlyniad a argymhellir o dan reol V4, fel y mae&apos;r canfyddiadau ar hyn o bryd</translation>
    </message>
    <message>
        <source>Recommended outcome: {mark} {label}</source>
        <translation>Canlyniad a argymhellir: {mark} {label}</translation>
    </message>
    <message>
        <source>Not met: {codes}</source>
        <translation>Heb eu bodloni: {codes}</translation>
    </message>
    <message numerus="yes">
        <source>%n mandatory standards still to decide</source>
        <translation>
            <numerusform>Dim safonau gorfodol i benderfynu arnynt</numerusform>
            <numerusform>%n safon orfodol i benderfynu arni o hyd</numerusform>
            <numerusform>%n safon orfodol i benderfynu arnynt o hyd</numerusform>
            <numerusform>%n safon orfodol i benderfynu arnynt o hyd</numerusform>
            <numerusform>%n safon orfodol i benderfynu arnynt o hyd</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n met</source>
        <translation>
            <numerusform>Dim wedi&apos;u bodloni</numerusform>
            <numerusform>%n wedi&apos;i bodloni</numerusform>
            <numerusform>%n wedi&apos;u bodloni</numerusform>
            <numerusform>%n wedi&apos;u bodloni</numerusform>
            <numerusform>%n wedi&apos;u bodloni</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OverviewTab</name>
    <message>
        <source>Nations</source>
        <translation>Gwledydd</translation>
    </message>
    <message>
        <source>Services delivered</source>
        <translation>Gwasanaethau a ddarperir</translation>
    </message>
    <message>
        <source>Advocates</source>
        <translation>Eiriolwyr</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Cyswllt</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Cyfeirnod</translation>
    </message>
    <message>
        <source>Stage and status</source>
        <translation>Cam a statws</translation>
    </message>
    <message>
        <source>Assessors</source>
        <translation>Aseswyr</translation>
    </message>
    <message>
        <source>Desktop submission</source>
        <translation>Cyflwyniad desg</translation>
    </message>
    <message>
        <source>Site visits</source>
        <translation>Ymweliadau safle</translation>
    </message>
    <message>
        <source>Framework</source>
        <translation>Fframwaith</translation>
    </message>
    <message>
        <source>Desktop review notes</source>
        <translation>Nodiadau&apos;r adolygiad desg</translation>
    </message>
    <message>
        <source>Your notes from the desktop review, saved as you type</source>
        <translation>Eich nodiadau o&apos;r adolygiad desg, wedi&apos;u cadw wrth i chi deipio</translation>
    </message>
    <message>
        <source>Desktop &amp;review notes</source>
        <translation>Nodiadau&apos;r &amp;adolygiad desg</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Tîm</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Ardal</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>Rheolwr</translation>
    </message>
    <message>
        <source>Nation</source>
        <translation>Gwlad</translation>
    </message>
    <message>
        <source>Teams</source>
        <translation>Timau</translation>
    </message>
    <message>
        <source>The organisation&apos;s teams, areas, managers and advocate counts</source>
        <translation>Timau, ardaloedd a rheolwyr y sefydliad, a nifer yr eiriolwyr</translation>
    </message>
    <message>
        <source>Sampling group</source>
        <translation>Grŵp samplu</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Targed</translation>
    </message>
    <message>
        <source>Met so far</source>
        <translation>Wedi cyfarfod hyd yma</translation>
    </message>
    <message>
        <source>Reached</source>
        <translation>Wedi&apos;i gyrraedd</translation>
    </message>
    <message>
        <source>Sampling targets</source>
        <translation>Targedau samplu</translation>
    </message>
    <message>
        <source>Advocates to meet per manager and per area, and files to review</source>
        <translation>Eiriolwyr i&apos;w cyfarfod fesul rheolwr a fesul ardal, a ffeiliau i&apos;w hadolygu</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>Safon</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Cam gweithredu</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Perchennog</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Erbyn</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statws</translation>
    </message>
    <message>
        <source>Actions from earlier assessments</source>
        <translation>Camau gweithredu o asesiadau blaenorol</translation>
    </message>
    <message>
        <source>Required actions the organisation was given at earlier assessments, to check on this visit</source>
        <translation>Camau gweithredu gofynnol a roddwyd i&apos;r sefydliad mewn asesiadau blaenorol, i&apos;w gwirio ar yr ymweliad hwn</translation>
    </message>
    <message>
        <source>Teams and areas</source>
        <translation>Timau ac ardaloedd</translation>
    </message>
    <message>
        <source>Sampling targets and progress</source>
        <translation>Targedau samplu a chynnydd</translation>
    </message>
    <message>
        <source>no due date</source>
        <translation>dim dyddiad erbyn</translation>
    </message>
    <message>
        <source>None: the central store holds no earlier actions for this organisation.</source>
        <translation>Dim: nid yw&apos;r storfa ganolog yn dal unrhyw gamau gweithredu blaenorol ar gyfer y sefydliad hwn.</translation>
    </message>
    <message>
        <source>Shown for reference: they cannot be changed here.</source>
        <translation>Yn cael eu dangos er gwybodaeth: ni ellir eu newid yma.</translation>
    </message>
    <message>
        <source>{ref} (band {band})</source>
        <translation>{ref} (band {band})</translation>
    </message>
    <message>
        <source>{lead} (lead); {co}</source>
        <translation>{lead} (arweiniol); {co}</translation>
    </message>
    <message>
        <source>no co-assessor</source>
        <translation>dim cyd-aseswr</translation>
    </message>
    <message>
        <source>⚠ {title} — placeholder, not the official standards</source>
        <translation>⚠ {title} — dros dro, nid y safonau swyddogol</translation>
    </message>
    <message>
        <source>Manager: {name}</source>
        <translation>Rheolwr: {name}</translation>
    </message>
    <message>
        <source>Area: {name}</source>
        <translation>Ardal: {name}</translation>
    </message>
    <message>
        <source>Case files reviewed</source>
        <translation>Ffeiliau achos a adolygwyd</translation>
    </message>
    <message>
        <source>Reports reviewed</source>
        <translation>Adroddiadau a adolygwyd</translation>
    </message>
    <message>
        <source>✓ Yes</source>
        <translation>✓ Do</translation>
    </message>
    <message>
        <source>✗ Not yet</source>
        <translation>✗ Ddim eto</translation>
    </message>
    <message numerus="yes">
        <source>%n advocates interviewed so far</source>
        <translation>
            <numerusform>Dim eiriolwyr wedi&apos;u cyfweld hyd yma</numerusform>
            <numerusform>%n eiriolwr wedi&apos;i gyfweld hyd yma</numerusform>
            <numerusform>%n eiriolwr wedi&apos;u cyfweld hyd yma</numerusform>
            <numerusform>%n eiriolwr wedi&apos;u cyfweld hyd yma</numerusform>
            <numerusform>%n eiriolwr wedi&apos;u cyfweld hyd yma</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; %n without a known team count towards no group</source>
        <translation>
            <numerusform>; dim heb dîm hysbys</numerusform>
            <numerusform>; nid yw %n heb dîm hysbys yn cyfrif tuag at unrhyw grŵp</numerusform>
            <numerusform>; nid yw %n heb dîm hysbys yn cyfrif tuag at unrhyw grŵp</numerusform>
            <numerusform>; nid yw %n heb dîm hysbys yn cyfrif tuag at unrhyw grŵp</numerusform>
            <numerusform>; nid yw %n heb dîm hysbys yn cyfrif tuag at unrhyw grŵp</numerusform>
        </translation>
    </message>
    <message>
        <source>. Targets are placeholders until NDTi publishes official figures.</source>
        <translation>. Targedau dros dro yw&apos;r rhain nes i NDTi gyhoeddi ffigurau swyddogol.</translation>
    </message>
</context>
<context>
    <name>QtConflicts</name>
    <message>
        <source>Conflicts to choose</source>
        <translation>Gwrthdrawiadau i ddewis rhyngddynt</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cau</translation>
    </message>
    <message>
        <source>You and someone else changed the same field. Nothing has been lost: choose what to keep.</source>
        <translation>Fe newidioch chi a rhywun arall yr un maes. Does dim byd wedi&apos;i golli: dewiswch beth i&apos;w gadw.</translation>
    </message>
    <message>
        <source>No conflicts: everything agrees.</source>
        <translation>Dim gwrthdrawiadau: mae popeth yn cytuno.</translation>
    </message>
</context>
<context>
    <name>QtSyncStatus</name>
    <message>
        <source>Not synced yet</source>
        <extracomment>The interpreter&apos;s thread switch interval once the window has a sync lane (see there).</extracomment>
        <translation>Heb gysoni eto</translation>
    </message>
    <message>
        <source>Sync state</source>
        <translation>Cyflwr cysoni</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Cysoni nawr</translation>
    </message>
    <message>
        <source>Send your work to the central store and fetch changes (F5)</source>
        <translation>Anfon eich gwaith i&apos;r storfa ganolog a nôl newidiadau (F5)</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Yn canslo…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Canslo</translation>
    </message>
    <message>
        <source>Cancel the sync</source>
        <translation>Canslo&apos;r cysoni</translation>
    </message>
    <message>
        <source>Syncing: {phase} ({done} of {total})</source>
        <translation>Yn cysoni: {phase} ({done} o {total})</translation>
    </message>
    <message>
        <source>Syncing: {phase}</source>
        <translation>Yn cysoni: {phase}</translation>
    </message>
    <message>
        <source>✓ Synced at {time}</source>
        <translation>✓ Wedi cysoni am {time}</translation>
    </message>
    <message>
        <source>{sent} sent, {received} received</source>
        <translation>{sent} wedi&apos;u hanfon, {received} wedi&apos;u derbyn</translation>
    </message>
    <message numerus="yes">
        <source>⚠ %n conflict(s) to choose</source>
        <translation>
            <numerusform>⚠ dim gwrthdrawiadau i ddewis rhyngddynt</numerusform>
            <numerusform>⚠ %n gwrthdrawiad i ddewis rhyngddo</numerusform>
            <numerusform>⚠ %n gwrthdrawiad i ddewis rhyngddynt</numerusform>
            <numerusform>⚠ %n gwrthdrawiad i ddewis rhyngddynt</numerusform>
            <numerusform>⚠ %n gwrthdrawiad i ddewis rhyngddynt</numerusform>
        </translation>
    </message>
    <message>
        <source>⚠ audit trail refused</source>
        <translation>⚠ gwrthodwyd y trywydd archwilio</translation>
    </message>
    <message numerus="yes">
        <source>%n signed report(s) timestamped</source>
        <translation>
            <numerusform>dim adroddiadau wedi&apos;u llofnodi wedi cael stamp amser</numerusform>
            <numerusform>%n adroddiad wedi&apos;i lofnodi wedi cael stamp amser</numerusform>
            <numerusform>%n adroddiad wedi&apos;u llofnodi wedi cael stamp amser</numerusform>
            <numerusform>%n adroddiad wedi&apos;u llofnodi wedi cael stamp amser</numerusform>
            <numerusform>%n adroddiad wedi&apos;u llofnodi wedi cael stamp amser</numerusform>
        </translation>
    </message>
    <message>
        <source>⚠ a signed report waits for the next sync</source>
        <translation>⚠ mae adroddiad wedi&apos;i lofnodi&apos;n aros am y cysoni nesaf</translation>
    </message>
</context>
<context>
    <name>QuickNoteDialog</name>
    <message>
        <source>Quick note on {code}</source>
        <translation>Nodyn cyflym ar {code}</translation>
    </message>
    <message>
        <source>Note on {code} {title}</source>
        <translation>Nodyn ar {code} {title}</translation>
    </message>
    <message>
        <source>Note title</source>
        <translation>Teitl y nodyn</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Nodyn</translation>
    </message>
    <message>
        <source>What you want to remember</source>
        <translation>Beth rydych am ei gofio</translation>
    </message>
    <message>
        <source>&amp;Title</source>
        <translation>&amp;Teitl</translation>
    </message>
    <message>
        <source>&amp;Note</source>
        <translation>&amp;Nodyn</translation>
    </message>
</context>
<context>
    <name>RecordsTab</name>
    <message>
        <source>Select a record to edit it on the right</source>
        <extracomment>Change kinds (entity names) this tab shows; ``None`` means &quot;any change&quot;.</extracomment>
        <translation>Dewiswch gofnod i&apos;w olygu ar y dde</translation>
    </message>
    <message>
        <source>Nothing selected.</source>
        <translation>Dim wedi&apos;i ddewis.</translation>
    </message>
    <message>
        <source>Delete “{name}”? Its links to standards are removed too.</source>
        <extracomment>The Recording method that changes one record of this tab (&quot;update_interview&quot; ...). What kind of evidence this tab&apos;s records are, when they can be linked to standards.</extracomment>
        <translation>Dileu “{name}”? Caiff ei gysylltiadau â safonau eu dileu hefyd.</translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <source>Save a copy of the report</source>
        <translation>Cadw copi o’r adroddiad</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Visit report</source>
        <translation>Adroddiad ymweliad</translation>
    </message>
    <message>
        <source>English</source>
        <translation>Saesneg</translation>
    </message>
    <message>
        <source>Cymraeg</source>
        <translation>Cymraeg</translation>
    </message>
    <message>
        <source>Bilingual (Welsh and English)</source>
        <translation>Dwyieithog (Cymraeg a Saesneg)</translation>
    </message>
    <message>
        <source>Report language</source>
        <translation>Iaith yr adroddiad</translation>
    </message>
    <message>
        <source>&amp;Make the report</source>
        <translation>&amp;Gwneud yr adroddiad</translation>
    </message>
    <message>
        <source>Make the report</source>
        <translation>Gwneud yr adroddiad</translation>
    </message>
    <message>
        <source>Render the report from the assessment as it stands now</source>
        <translation>Creu’r adroddiad o’r asesiad fel y mae nawr</translation>
    </message>
    <message>
        <source>Save a &amp;copy…</source>
        <translation>Cadw &amp;copi…</translation>
    </message>
    <message>
        <source>Save a copy</source>
        <translation>Cadw copi</translation>
    </message>
    <message>
        <source>No report made yet.</source>
        <translation>Dim adroddiad wedi’i wneud eto.</translation>
    </message>
    <message>
        <source>Report state</source>
        <translation>Cyflwr yr adroddiad</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Adroddiad</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Iaith</translation>
    </message>
    <message>
        <source>Lead assessor</source>
        <translation>Aseswr arweiniol</translation>
    </message>
    <message>
        <source>&amp;Sign this version</source>
        <translation>&amp;Llofnodi’r fersiwn hon</translation>
    </message>
    <message>
        <source>Sign this version</source>
        <translation>Llofnodi’r fersiwn hon</translation>
    </message>
    <message>
        <source>Sign with this computer&apos;s certificate; the signed version never changes</source>
        <translation>Llofnodi gyda thystysgrif y cyfrifiadur hwn; nid yw’r fersiwn a lofnodwyd byth yn newid</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>Llofnod</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cau</translation>
    </message>
    <message>
        <source>Making the report…</source>
        <translation>Yn gwneud yr adroddiad…</translation>
    </message>
    <message>
        <source>Signing…</source>
        <translation>Yn llofnodi…</translation>
    </message>
    <message>
        <source>Saved a copy as {path}.</source>
        <translation>Wedi cadw copi fel {path}.</translation>
    </message>
    <message>
        <source>Version {number}: {state}.</source>
        <translation>Fersiwn {number}: {state}.</translation>
    </message>
    <message>
        <source>signed</source>
        <translation>wedi’i llofnodi</translation>
    </message>
    <message>
        <source>draft, not signed yet</source>
        <translation>drafft, heb ei llofnodi eto</translation>
    </message>
    <message>
        <source>Nothing has changed since this version was made.</source>
        <translation>Does dim wedi newid ers gwneud y fersiwn hon.</translation>
    </message>
    <message>
        <source>Signed by {names}.</source>
        <translation>Wedi’i llofnodi gan {names}.</translation>
    </message>
    <message>
        <source>This computer has no signing certificate yet: sign in to the central store (Sync &gt; Sign in) so it gets one, then sign. ({detail})</source>
        <translation>Does gan y cyfrifiadur hwn ddim tystysgrif llofnodi eto: mewngofnodwch i’r storfa ganolog (Cysoni &gt; Mewngofnodi) er mwyn iddo gael un, yna llofnodwch. ({detail})</translation>
    </message>
</context>
<context>
    <name>RequiredActionsTab</name>
    <message>
        <source>Required actions</source>
        <translation>Camau gofynnol</translation>
    </message>
    <message>
        <source>New action for the standard in view</source>
        <translation>Cam newydd ar gyfer y safon sydd i&apos;w gweld</translation>
    </message>
    <message>
        <source>Delete action</source>
        <translation>Dileu&apos;r cam</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Disgrifiad</translation>
    </message>
    <message>
        <source>What the organisation must do</source>
        <translation>Beth mae&apos;n rhaid i&apos;r sefydliad ei wneud</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Perchennog</translation>
    </message>
    <message>
        <source>Who at the organisation</source>
        <translation>Pwy yn y sefydliad</translation>
    </message>
    <message>
        <source>Has a due date</source>
        <translation>Mae ganddo ddyddiad cau</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>Dyddiad cau</translation>
    </message>
    <message>
        <source>When the action is due</source>
        <translation>Pryd mae&apos;r cam i&apos;w gwblhau</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statws</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>Safon</translation>
    </message>
    <message>
        <source>&amp;Description</source>
        <translation>&amp;Disgrifiad</translation>
    </message>
    <message>
        <source>&amp;Owner</source>
        <translation>&amp;Perchennog</translation>
    </message>
    <message>
        <source>D&amp;ue date</source>
        <translation>D&amp;yddiad cau</translation>
    </message>
    <message>
        <source>S&amp;tatus</source>
        <translation>S&amp;tatws</translation>
    </message>
    <message>
        <source>no due date</source>
        <translation>dim dyddiad cau</translation>
    </message>
    <message>
        <source>{code} {title} · {status} · {due}</source>
        <translation>{code} {title} · {status} · {due}</translation>
    </message>
    <message>
        <source> (from an earlier assessment)</source>
        <translation> (o asesiad cynharach)</translation>
    </message>
</context>
<context>
    <name>Rescue</name>
    <message>
        <source>Some of its changes are not yet on the central store, or wait for your choice in a conflict. Sync first.</source>
        <translation>Nid yw rhai o&apos;i newidiadau ar y storfa ganolog eto, neu maent yn aros i chi ddewis mewn gwrthdaro. Cysonwch yn gyntaf.</translation>
    </message>
    <message>
        <source>The last sync did not confirm that the central store holds exactly what is here. Sync again.</source>
        <translation>Ni chadarnhaodd y cysoni diwethaf fod y storfa ganolog yn dal yn union yr hyn sydd yma. Cysonwch eto.</translation>
    </message>
    <message>
        <source>It has no signed visit report yet.</source>
        <translation>Nid oes ganddo adroddiad ymweliad wedi&apos;i lofnodi eto.</translation>
    </message>
    <message>
        <source>The central store has not yet confirmed that it holds its signed report and files. Sync again.</source>
        <translation>Nid yw&apos;r storfa ganolog wedi cadarnhau eto ei bod yn dal ei adroddiad wedi&apos;i lofnodi a&apos;i ffeiliau. Cysonwch eto.</translation>
    </message>
    <message>
        <source>The central store has not confirmed it yet.</source>
        <translation>Nid yw&apos;r storfa ganolog wedi&apos;i gadarnhau eto.</translation>
    </message>
    <message>
        <source>Rescue bundle written</source>
        <translation>Ysgrifennwyd y bwndel achub</translation>
    </message>
    <message>
        <source>{changes} change(s), {files} file(s) and {entries} audit entries were written to {path}. The central store&apos;s administrator imports it with qpm-central admin import-rescue.</source>
        <translation>Ysgrifennwyd {changes} newid, {files} ffeil a {entries} cofnod archwilio i {path}. Mae gweinyddwr y storfa ganolog yn ei fewnforio gyda qpm-central admin import-rescue.</translation>
    </message>
    <message>
        <source>Remo&amp;ve from this computer…</source>
        <extracomment>How long after start-up the retention check runs (the window&apos;s first paint comes first).</extracomment>
        <translation>&amp;Tynnu o&apos;r cyfrifiadur hwn…</translation>
    </message>
    <message>
        <source>Remove a confirmed assessment from this computer now (the central store keeps it)</source>
        <translation>Tynnu asesiad a gadarnhawyd o&apos;r cyfrifiadur hwn nawr (mae&apos;r storfa ganolog yn ei gadw)</translation>
    </message>
    <message>
        <source>&amp;Keep confirmed assessments…</source>
        <translation>Cadw asesiadau a gadarnha&amp;wyd…</translation>
    </message>
    <message>
        <source>Remove from this computer</source>
        <translation>Tynnu o&apos;r cyfrifiadur hwn</translation>
    </message>
    <message>
        <source>Select an assessment in My assessments first.</source>
        <translation>Dewiswch asesiad yn Fy asesiadau yn gyntaf.</translation>
    </message>
    <message>
        <source>{reference} cannot be removed yet. {reason}</source>
        <translation>Ni ellir tynnu {reference} eto. {reason}</translation>
    </message>
    <message>
        <source>Remove {reference} from this computer now? The central store holds all of it and its signed report; its files here are overwritten and deleted.</source>
        <translation>Tynnu {reference} o&apos;r cyfrifiadur hwn nawr? Mae&apos;r storfa ganolog yn dal y cyfan ohono a&apos;i adroddiad wedi&apos;i lofnodi; caiff ei ffeiliau yma eu trosysgrifo a&apos;u dileu.</translation>
    </message>
</context>
<context>
    <name>RetentionDialog</name>
    <message>
        <source>Keep confirmed assessments</source>
        <translation>Cadw asesiadau a gadarnhawyd</translation>
    </message>
    <message>
        <source> days</source>
        <translation> diwrnod</translation>
    </message>
    <message>
        <source>Days to keep</source>
        <translation>Diwrnodau i&apos;w cadw</translation>
    </message>
    <message>
        <source>Days a confirmed assessment stays on this computer; 0 removes it at once</source>
        <translation>Nifer y diwrnodau y mae asesiad a gadarnhawyd yn aros ar y cyfrifiadur hwn; mae 0 yn ei dynnu ar unwaith</translation>
    </message>
    <message>
        <source>Once the central store has confirmed an assessment&apos;s data and its signed report, the copy on this computer is removed after this many days, its files overwritten. The central store keeps everything.</source>
        <translation>Unwaith y bydd y storfa ganolog wedi cadarnhau data asesiad a&apos;i adroddiad wedi&apos;i lofnodi, caiff y copi ar y cyfrifiadur hwn ei dynnu ar ôl y nifer hwn o ddiwrnodau, a&apos;i ffeiliau wedi&apos;u trosysgrifo. Mae&apos;r storfa ganolog yn cadw popeth.</translation>
    </message>
    <message>
        <source>&amp;Keep for</source>
        <translation>&amp;Cadw am</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Iawn</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Canslo</translation>
    </message>
</context>
<context>
    <name>SaveIndicator</name>
    <message>
        <source>Save state</source>
        <translation>Cyflwr cadw</translation>
    </message>
    <message>
        <source>Whether your latest change has been saved</source>
        <translation>A yw eich newid diweddaraf wedi&apos;i gadw</translation>
    </message>
    <message>
        <source>All changes are saved as you type</source>
        <translation>Caiff pob newid ei gadw wrth i chi deipio</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Yn cadw…</translation>
    </message>
    <message>
        <source>✓ Saved at {time}</source>
        <translation>✓ Cadwyd am {time}</translation>
    </message>
    <message>
        <source>⚠ Not saved: {reason}</source>
        <translation>⚠ Heb ei gadw: {reason}</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in to the central store</source>
        <translation>Mewngofnodi i&apos;r storfa ganolog</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Cyfeiriad y gweinydd</translation>
    </message>
    <message>
        <source>The central store&apos;s address, from NDTi</source>
        <translation>Cyfeiriad y storfa ganolog, gan NDTi</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Enw defnyddiwr</translation>
    </message>
    <message>
        <source>Your QPM assessor account</source>
        <translation>Eich cyfrif asesydd QPM</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Cyfrinair</translation>
    </message>
    <message>
        <source>It is not kept on this computer</source>
        <translation>Nid yw&apos;n cael ei gadw ar y cyfrifiadur hwn</translation>
    </message>
    <message>
        <source>Sign-in message</source>
        <translation>Neges fewngofnodi</translation>
    </message>
    <message>
        <source>&amp;Server</source>
        <translation>&amp;Gweinydd</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>&amp;Enw defnyddiwr</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Cyfrinair</translation>
    </message>
    <message>
        <source>Sign &amp;in</source>
        <translation>&amp;Mewngofnodi</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Mewngofnodi</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Canslo</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Yn mewngofnodi…</translation>
    </message>
</context>
<context>
    <name>SignOutRefusedDialog</name>
    <message>
        <source>Sign out</source>
        <translation>Allgofnodi</translation>
    </message>
    <message>
        <source>Sign-out refused</source>
        <translation>Gwrthodwyd allgofnodi</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) are not yet on the central store. Signing out now would leave them on this computer only.

Sync them now, or export them to an encrypted rescue bundle that the central store can import.</source>
        <translation>
            <numerusform>Does dim newidiadau heb eu cysoni.</numerusform>
            <numerusform>Nid yw %n newid ar y storfa ganolog eto. Byddai allgofnodi nawr yn ei adael ar y cyfrifiadur hwn yn unig.

Cysonwch ef nawr, neu allforiwch ef i fwndel achub wedi&apos;i amgryptio y gall y storfa ganolog ei fewnforio.</numerusform>
            <numerusform>Nid yw %n newid ar y storfa ganolog eto. Byddai allgofnodi nawr yn eu gadael ar y cyfrifiadur hwn yn unig.

Cysonwch nhw nawr, neu allforiwch nhw i fwndel achub wedi&apos;i amgryptio y gall y storfa ganolog ei fewnforio.</numerusform>
            <numerusform>Nid yw %n newid ar y storfa ganolog eto. Byddai allgofnodi nawr yn eu gadael ar y cyfrifiadur hwn yn unig.

Cysonwch nhw nawr, neu allforiwch nhw i fwndel achub wedi&apos;i amgryptio y gall y storfa ganolog ei fewnforio.</numerusform>
            <numerusform>Nid yw %n newid ar y storfa ganolog eto. Byddai allgofnodi nawr yn eu gadael ar y cyfrifiadur hwn yn unig.

Cysonwch nhw nawr, neu allforiwch nhw i fwndel achub wedi&apos;i amgryptio y gall y storfa ganolog ei fewnforio.</numerusform>
        </translation>
    </message>
    <message>
        <source>Why signing out is refused</source>
        <translation>Pam y gwrthodir allgofnodi</translation>
    </message>
    <message>
        <source>&amp;Sync now</source>
        <translation>&amp;Cysoni nawr</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Cysoni nawr</translation>
    </message>
    <message>
        <source>&amp;Export rescue bundle…</source>
        <translation>&amp;Allforio bwndel achub…</translation>
    </message>
    <message>
        <source>Export rescue bundle</source>
        <translation>Allforio bwndel achub</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Canslo</translation>
    </message>
</context>
<context>
    <name>SignatureCanvas</name>
    <message>
        <source>Signature drawing area</source>
        <translation>Man tynnu llofnod</translation>
    </message>
    <message>
        <source>Draw your signature here with a mouse, a pen or a finger.</source>
        <translation>Tynnwch eich llofnod yma gyda llygoden, pin neu fys.</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <source>Signature pad</source>
        <translation>Pad llofnod</translation>
    </message>
    <message>
        <source>Signer&apos;s name</source>
        <translation>Enw&apos;r llofnodwr</translation>
    </message>
    <message>
        <source>Your name as it should appear</source>
        <translation>Eich enw fel y dylai ymddangos</translation>
    </message>
    <message>
        <source>Signer&apos;s role</source>
        <translation>Rôl y llofnodwr</translation>
    </message>
    <message>
        <source>Lead assessor</source>
        <translation>Aseswr arweiniol</translation>
    </message>
    <message>
        <source>Co-assessor</source>
        <translation>Cyd-aseswr</translation>
    </message>
    <message>
        <source>Time of signing</source>
        <translation>Amser llofnodi</translation>
    </message>
    <message>
        <source>Clear drawing</source>
        <translation>Clirio&apos;r llun</translation>
    </message>
    <message>
        <source>Clear the drawn signature</source>
        <translation>Clirio&apos;r llofnod a dynnwyd</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Enw</translation>
    </message>
    <message>
        <source>&amp;Role</source>
        <translation>&amp;Rôl</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Amser</translation>
    </message>
    <message>
        <source>Sign in the box above</source>
        <translation>Llofnodwch yn y blwch uchod</translation>
    </message>
</context>
<context>
    <name>Standards</name>
    <message>
        <source>{kind}: {label} ({detail})</source>
        <translation>{kind}: {label} ({detail})</translation>
    </message>
    <message>
        <source>✗ None</source>
        <translation>✗ Dim</translation>
    </message>
    <message>
        <source>⚠ {sources} · one kind</source>
        <translation>⚠ {sources} · un math</translation>
    </message>
    <message>
        <source>{sources} · {kinds} kinds</source>
        <translation>{sources} · {kinds} math</translation>
    </message>
</context>
<context>
    <name>StandardsChecklist</name>
    <message>
        <source>none</source>
        <extracomment>Drafts a crash left that could not be promoted (refused text), by (entity, record id, field); each is put back into its field, with the reason, when its record is shown.</extracomment>
        <translation>dim</translation>
    </message>
    <message>
        <source>Linked: {codes}</source>
        <translation>Cysylltiedig: {codes}</translation>
    </message>
</context>
<context>
    <name>StandardsTab</name>
    <message>
        <source>Standard</source>
        <translation>Safon</translation>
    </message>
    <message>
        <source>Rating</source>
        <translation>Barn</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Tystiolaeth</translation>
    </message>
    <message>
        <source>Sources linked, and how many kinds</source>
        <translation>Ffynonellau cysylltiedig, a sawl math</translation>
    </message>
    <message>
        <source>Standards</source>
        <translation>Safonau</translation>
    </message>
    <message>
        <source>The framework&apos;s sections and standards with each rating and its evidence</source>
        <translation>Adrannau a safonau&apos;r fframwaith gyda phob barn a&apos;i thystiolaeth</translation>
    </message>
    <message>
        <source> (advisory)</source>
        <translation> (cynghorol)</translation>
    </message>
</context>
<context>
    <name>Unlock</name>
    <message>
        <source>Protect your local data</source>
        <translation>Diogelu eich data lleol</translation>
    </message>
    <message>
        <source>This computer has no secure keyring, so the notes you record are protected by a passphrase. Choose one of at least 10 characters (a short sentence works well). It cannot be recovered if forgotten.</source>
        <translation>Nid oes gan y cyfrifiadur hwn gylch allweddi diogel, felly caiff y nodiadau a gofnodwch eu diogelu gan gyfrinymadrodd. Dewiswch un o 10 nod o leiaf (mae brawddeg fer yn gweithio&apos;n dda). Ni ellir ei adfer os caiff ei anghofio.</translation>
    </message>
    <message>
        <source>Type the passphrase again.</source>
        <translation>Teipiwch y cyfrinymadrodd eto.</translation>
    </message>
    <message>
        <source>The two passphrases differ. Try again.</source>
        <translation>Mae&apos;r ddau gyfrinymadrodd yn wahanol. Rhowch gynnig arall arni.</translation>
    </message>
    <message>
        <source>Your local data is damaged</source>
        <translation>Mae eich data lleol wedi&apos;i ddifrodi</translation>
    </message>
    <message>
        <source>QPM Desktop found damage in your local data and has not changed it:
{problem}

Restore the newest sound backup? The damaged file is kept beside the backups.</source>
        <translation>Daeth QPM Desktop o hyd i ddifrod yn eich data lleol ac nid yw wedi&apos;i newid:
{problem}

Adfer y copi wrth gefn cadarn diweddaraf? Caiff y ffeil a ddifrodwyd ei chadw wrth ymyl y copïau wrth gefn.</translation>
    </message>
    <message>
        <source>There is no sound backup to restore.</source>
        <translation>Nid oes copi wrth gefn cadarn i&apos;w adfer.</translation>
    </message>
    <message>
        <source>Restored the backup made {when}. Work since then may need to be entered again.</source>
        <translation>Adferwyd y copi wrth gefn a wnaed {when}. Efallai y bydd angen rhoi gwaith ers hynny i mewn eto.</translation>
    </message>
    <message>
        <source>Unlock QPM Desktop</source>
        <translation>Datgloi QPM Desktop</translation>
    </message>
    <message>
        <source>Enter the passphrase of your local data.</source>
        <translation>Rhowch gyfrinymadrodd eich data lleol.</translation>
    </message>
    <message>
        <source>That passphrase does not open your data.</source>
        <translation>Nid yw&apos;r cyfrinymadrodd hwnnw&apos;n agor eich data.</translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <source>Change linked standards</source>
        <translation>Newid y safonau cysylltiedig</translation>
    </message>
</context>
</TS>
