"""Every word the report prints, one table per language, and how each language writes dates,
numbers and counts.

Report languages: "en", "cy" (Welsh) and "bilingual" (Welsh then English in each block, see
docs/decisions/0007-welsh.md). :class:`Labels` falls back to English for any key the Welsh table
lacks, so a partly translated table still renders. Enum values are looked up as
``"<enum>.<value>"`` (``"rating.met"``), never shown raw.

Counts go through :func:`plural_category` (CLDR rules: English one/other; Welsh zero, one, two,
few, many, other) and a per-language phrase for each category (``COUNTS``), because Welsh nouns
after a number change with it: "dim camau", "un cam", "dau gam", "tri cham", "chwe cham".
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from types import MappingProxyType

EN: Mapping[str, str] = MappingProxyType(
    {
        "report.title": "Advocacy QPM visit report",
        "report.subject": "Advocacy QPM assessment report",
        "cover.organisation": "Organisation",
        "cover.reference": "Assessment reference",
        "cover.visit_dates": "Visit dates",
        "cover.visits": "Site visits",
        "cover.lead_assessor": "Lead assessor",
        "cover.co_assessors": "Co-assessors",
        "cover.framework": "Framework",
        "cover.framework_version": "Framework version",
        "cover.band": "Band",
        "cover.nations": "Nations",
        "cover.services": "Advocacy delivered",
        "cover.placeholder_title": "Placeholder framework",
        "cover.placeholder_notice": (
            "This assessment uses a placeholder framework that ships with QPM Desktop. Its "
            "standards are NOT the official Advocacy QPM standards published by NDTi. Do not "
            "rely on this report as a QPM decision."
        ),
        "cover.none": "None",
        "cover.to": "to",
        "summary.title": "Summary",
        "summary.recommendation": "Recommended outcome",
        "summary.rule": (
            "Under the V4 rule the QPM is awarded only when every mandatory standard is Met. "
            "This is the assessors' recommendation; the decision follows internal review."
        ),
        "summary.counts": "Standards by judgement",
        "summary.size": "The framework has {count}.",
        "summary.unmet": "Mandatory standards not met",
        "summary.undecided": "Mandatory standards not yet decided",
        "summary.total": "Total",
        "summary.judgement": "Judgement",
        "summary.number": "Number",
        "recommendation.award": "Award the QPM",
        "recommendation.not_yet": "Not yet decided: some mandatory standards are still open",
        "recommendation.actions_required": "Not awarded yet: required actions to complete",
        "findings.title": "Findings",
        "findings.standard": "Standard",
        "findings.statement": "Statement",
        "findings.judgement": "Judgement",
        "findings.mandatory": "Mandatory",
        "findings.advisory": "Advisory",
        "findings.rationale": "Rationale",
        "findings.good_practice": "Good practice",
        "findings.areas_for_improvement": "Areas for improvement",
        "findings.evidence": "Evidence",
        "findings.no_evidence": "No evidence linked.",
        "findings.no_rationale": "No rationale recorded.",
        "findings.english_only": "[English only: the framework has no Welsh text]",
        "findings.english_only_short": "[English only]",
        "actions.title": "Required actions",
        "actions.none": "No required actions.",
        "actions.count": "{count}.",
        "actions.standard": "Standard",
        "actions.description": "Action",
        "actions.owner": "Owner",
        "actions.due": "Due",
        "actions.status": "Status",
        "actions.earlier": "(from an earlier assessment)",
        "actions.not_set": "Not set",
        "sampling.title": "Sampling",
        "sampling.intro": (
            "What the visit sampled, against the targets for the organisation's band."
        ),
        "sampling.group": "Group",
        "sampling.advocates": "Advocates",
        "sampling.target": "Target",
        "sampling.achieved": "Achieved",
        "sampling.met": "Reached",
        "sampling.by_manager": "Advocates met, by manager",
        "sampling.by_area": "Advocates met, by area",
        "sampling.case_files": "Case files reviewed",
        "sampling.reports": "Reports reviewed",
        "sampling.interviewed": "Advocates interviewed",
        "sampling.unassigned": "of whom not assigned to a team",
        "sampling.yes": "Yes",
        "sampling.no": "No",
        "evidence.title": "Evidence gathered",
        "evidence.interviews": "Interviews",
        "evidence.interviews_note": (
            "Interviewees are identified by code and role only; names and interview notes stay "
            "out of the report."
        ),
        "evidence.observations": "Observations",
        "evidence.case_files": "Case files and reports reviewed",
        "evidence.documents": "Documents",
        "evidence.code": "Code",
        "evidence.role": "Role",
        "evidence.mode": "How",
        "evidence.language": "Language",
        "evidence.welsh_offered": "Welsh offered",
        "evidence.standards": "Standards",
        "evidence.kind": "Kind",
        "evidence.title_col": "Title",
        "evidence.checks": "Checks",
        "evidence.on_site": "on site",
        "evidence.none": "None recorded.",
        "appendix.title": "Appendix: evidence items and file hashes",
        "appendix.intro": (
            "Each attached file is identified by its SHA-256 hash, so a copy can be checked "
            "against the one the assessors saw."
        ),
        "appendix.count": "{count}.",
        "appendix.file": "File",
        "appendix.size": "Size (bytes)",
        "appendix.sha256": "SHA-256",
        "appendix.no_files": "No files attached.",
        "signatures.title": "Signatures",
        "signatures.declaration": (
            "We confirm that this report is a true account of the assessment. The report is "
            "signed digitally: any change made after signing can be detected with ordinary PDF "
            "tools."
        ),
        "signatures.snapshot": "Snapshot SHA-256",
        "signatures.slot": "{role}: {name}",
        "role.lead_assessor": "Lead assessor",
        "role.co_assessor": "Co-assessor",
        "footer.page": "Page {page} of {pages}",
        "footer.placeholder": "PLACEHOLDER FRAMEWORK - not the official QPM standards",
        "yes": "Yes",
        "no": "No",
        "unknown": "Not recorded",
        # enums
        "rating.not_yet_assessed": "Not yet assessed",
        "rating.further_evidence_needed": "Further evidence needed",
        "rating.met": "Met",
        "rating.not_met": "Not met",
        "rating.not_applicable": "Not applicable",
        "evidence_kind.interview": "Interview",
        "evidence_kind.observation": "Observation",
        "evidence_kind.case_file": "Case file",
        "evidence_kind.document": "Document",
        "interview_role.manager": "Manager",
        "interview_role.paid_advocate": "Paid advocate",
        "interview_role.volunteer_advocate": "Volunteer advocate",
        "interview_role.advocacy_partner": "Advocacy partner",
        "interview_role.family_or_carer": "Family member or carer",
        "interview_role.trustee": "Trustee",
        "interview_role.involvement_board_member": "Involvement board member",
        "interview_role.senior_manager": "Senior manager",
        "interview_role.commissioner": "Commissioner",
        "interview_role.referrer": "Referrer",
        "interview_role.other_stakeholder": "Other stakeholder",
        "interview_mode.in_person": "In person",
        "interview_mode.phone": "Phone",
        "interview_mode.video": "Video",
        "interview_language.english": "English",
        "interview_language.welsh": "Welsh",
        "interview_language.bsl": "BSL",
        "interview_language.interpreter": "Interpreter",
        "interview_language.other": "Other",
        "observation_kind.team_meeting": "Team meeting",
        "observation_kind.office_practice": "Office practice",
        "observation_kind.record_storage": "Record storage",
        "observation_kind.accessibility": "Accessibility",
        "observation_kind.other": "Other",
        "case_check.met": "Met",
        "case_check.partly_met": "Partly met",
        "case_check.not_met": "Not met",
        "case_check.not_applicable": "Not applicable",
        "sample_kind.case_file": "Case file",
        "sample_kind.report": "Report",
        "document_kind.policy": "Policy",
        "document_kind.procedure": "Procedure",
        "document_kind.report": "Report",
        "document_kind.photo": "Photo",
        "document_kind.other": "Other",
        "action_status.open": "Open",
        "action_status.done": "Done",
        "advocacy_type.imca": "IMCA",
        "advocacy_type.paid_rpr": "Paid RPR",
        "advocacy_type.imha": "IMHA",
        "advocacy_type.imha_wales": "IMHA (Wales)",
        "advocacy_type.care_act": "Care Act",
        "advocacy_type.nhs_complaints": "NHS complaints",
        "advocacy_type.ipa_wales": "Independent Professional Advocacy (Wales)",
        "advocacy_type.children_wales": "Children and young people (Wales)",
        "advocacy_type.community": "Community",
        "advocacy_type.peer": "Peer",
        "advocacy_type.citizen": "Citizen",
        "advocacy_type.self_advocacy": "Self-advocacy support",
        "advocacy_type.other": "Other",
        "nation.england": "England",
        "nation.wales": "Wales",
        "nation.northern_ireland": "Northern Ireland",
    }
)

CY: Mapping[str, str] = MappingProxyType(
    {
        "report.title": "Adroddiad ymweliad QPM Eiriolaeth",
        "report.subject": "Adroddiad asesiad QPM Eiriolaeth",
        "cover.organisation": "Sefydliad",
        "cover.reference": "Cyfeirnod yr asesiad",
        "cover.visit_dates": "Dyddiadau'r ymweliad",
        "cover.visits": "Ymweliadau safle",
        "cover.lead_assessor": "Aseswr arweiniol",
        "cover.co_assessors": "Cyd-aseswyr",
        "cover.framework": "Fframwaith",
        "cover.framework_version": "Fersiwn y fframwaith",
        "cover.band": "Band",
        "cover.nations": "Gwledydd",
        "cover.services": "Eiriolaeth a ddarperir",
        "cover.placeholder_title": "Fframwaith dros dro",
        "cover.placeholder_notice": (
            "Mae'r asesiad hwn yn defnyddio fframwaith dros dro sy'n dod gyda QPM Desktop. NID "
            "safonau swyddogol QPM Eiriolaeth a gyhoeddwyd gan NDTi yw ei safonau. Peidiwch â "
            "dibynnu ar yr adroddiad hwn fel penderfyniad QPM."
        ),
        "cover.none": "Dim",
        "cover.to": "i",
        "summary.title": "Crynodeb",
        "summary.recommendation": "Canlyniad a argymhellir",
        "summary.rule": (
            "O dan reol V4, dim ond pan fydd pob safon orfodol wedi'i bodloni y dyfernir y QPM. "
            "Argymhelliad yr aseswyr yw hwn; daw'r penderfyniad ar ôl adolygiad mewnol."
        ),
        "summary.counts": "Safonau yn ôl barn",
        "summary.size": "Mae gan y fframwaith {count}.",
        "summary.unmet": "Safonau gorfodol heb eu bodloni",
        "summary.undecided": "Safonau gorfodol heb benderfyniad eto",
        "summary.total": "Cyfanswm",
        "summary.judgement": "Barn",
        "summary.number": "Nifer",
        "recommendation.award": "Dyfarnu'r QPM",
        "recommendation.not_yet": "Heb benderfynu eto: mae rhai safonau gorfodol yn dal ar agor",
        "recommendation.actions_required": "Heb ei ddyfarnu eto: camau gofynnol i'w cwblhau",
        "findings.title": "Canfyddiadau",
        "findings.standard": "Safon",
        "findings.statement": "Datganiad",
        "findings.judgement": "Barn",
        "findings.mandatory": "Gorfodol",
        "findings.advisory": "Cynghorol",
        "findings.rationale": "Rhesymeg",
        "findings.good_practice": "Arfer da",
        "findings.areas_for_improvement": "Meysydd i'w gwella",
        "findings.evidence": "Tystiolaeth",
        "findings.no_evidence": "Dim tystiolaeth wedi'i chysylltu.",
        "findings.no_rationale": "Dim rhesymeg wedi'i chofnodi.",
        "findings.english_only": "[Saesneg yn unig: nid oes testun Cymraeg yn y fframwaith]",
        "findings.english_only_short": "[Saesneg yn unig]",
        "actions.title": "Camau gofynnol",
        "actions.none": "Dim camau gofynnol.",
        "actions.count": "{count}.",
        "actions.standard": "Safon",
        "actions.description": "Cam",
        "actions.owner": "Perchennog",
        "actions.due": "Erbyn",
        "actions.status": "Statws",
        "actions.earlier": "(o asesiad cynharach)",
        "actions.not_set": "Heb ei osod",
        "sampling.title": "Samplu",
        "sampling.intro": (
            "Beth a samplwyd yn yr ymweliad, o'i gymharu â'r targedau ar gyfer band y sefydliad."
        ),
        "sampling.group": "Grŵp",
        "sampling.advocates": "Eiriolwyr",
        "sampling.target": "Targed",
        "sampling.achieved": "Cyflawnwyd",
        "sampling.met": "Wedi'i gyrraedd",
        "sampling.by_manager": "Eiriolwyr a gyfarfuwyd, fesul rheolwr",
        "sampling.by_area": "Eiriolwyr a gyfarfuwyd, fesul ardal",
        "sampling.case_files": "Ffeiliau achos a adolygwyd",
        "sampling.reports": "Adroddiadau a adolygwyd",
        "sampling.interviewed": "Eiriolwyr a gyfwelwyd",
        "sampling.unassigned": "heb eu neilltuo i dîm",
        "sampling.yes": "Do",
        "sampling.no": "Naddo",
        "evidence.title": "Tystiolaeth a gasglwyd",
        "evidence.interviews": "Cyfweliadau",
        "evidence.interviews_note": (
            "Caiff y rhai a gyfwelwyd eu nodi yn ôl cod a rôl yn unig; mae enwau a nodiadau "
            "cyfweliadau yn cael eu cadw allan o'r adroddiad."
        ),
        "evidence.observations": "Arsylwadau",
        "evidence.case_files": "Ffeiliau achos ac adroddiadau a adolygwyd",
        "evidence.documents": "Dogfennau",
        "evidence.code": "Cod",
        "evidence.role": "Rôl",
        "evidence.mode": "Sut",
        "evidence.language": "Iaith",
        "evidence.welsh_offered": "Cynigiwyd y Gymraeg",
        "evidence.standards": "Safonau",
        "evidence.kind": "Math",
        "evidence.title_col": "Teitl",
        "evidence.checks": "Gwiriadau",
        "evidence.on_site": "ar y safle",
        "evidence.none": "Dim wedi'i gofnodi.",
        "appendix.title": "Atodiad: eitemau tystiolaeth a stwnshau ffeiliau",
        "appendix.intro": (
            "Caiff pob ffeil atodedig ei nodi gan ei stwnsh SHA-256, fel y gellir gwirio copi yn "
            "erbyn yr un a welodd yr aseswyr."
        ),
        "appendix.count": "{count}.",
        "appendix.file": "Ffeil",
        "appendix.size": "Maint (beitiau)",
        "appendix.sha256": "SHA-256",
        "appendix.no_files": "Dim ffeiliau wedi'u hatodi.",
        "signatures.title": "Llofnodion",
        "signatures.declaration": (
            "Rydym yn cadarnhau bod yr adroddiad hwn yn gofnod cywir o'r asesiad. Caiff yr "
            "adroddiad ei lofnodi'n ddigidol: gellir canfod unrhyw newid a wneir ar ôl llofnodi "
            "gydag offer PDF cyffredin."
        ),
        "signatures.snapshot": "SHA-256 y ciplun",
        "signatures.slot": "{role}: {name}",
        "role.lead_assessor": "Aseswr arweiniol",
        "role.co_assessor": "Cyd-aseswr",
        "footer.page": "Tudalen {page} o {pages}",
        "footer.placeholder": "FFRAMWAITH DROS DRO - nid safonau swyddogol y QPM",
        "yes": "Do",
        "no": "Naddo",
        "unknown": "Heb ei gofnodi",
        # enums
        "rating.not_yet_assessed": "Heb ei asesu eto",
        "rating.further_evidence_needed": "Angen rhagor o dystiolaeth",
        "rating.met": "Wedi'i fodloni",
        "rating.not_met": "Heb ei fodloni",
        "rating.not_applicable": "Amherthnasol",
        "evidence_kind.interview": "Cyfweliad",
        "evidence_kind.observation": "Arsylwad",
        "evidence_kind.case_file": "Ffeil achos",
        "evidence_kind.document": "Dogfen",
        "interview_role.manager": "Rheolwr",
        "interview_role.paid_advocate": "Eiriolwr cyflogedig",
        "interview_role.volunteer_advocate": "Eiriolwr gwirfoddol",
        "interview_role.advocacy_partner": "Partner eiriolaeth",
        "interview_role.family_or_carer": "Aelod o'r teulu neu ofalwr",
        "interview_role.trustee": "Ymddiriedolwr",
        "interview_role.involvement_board_member": "Aelod o'r bwrdd cyfranogiad",
        "interview_role.senior_manager": "Uwch-reolwr",
        "interview_role.commissioner": "Comisiynydd",
        "interview_role.referrer": "Atgyfeiriwr",
        "interview_role.other_stakeholder": "Rhanddeiliad arall",
        "interview_mode.in_person": "Wyneb yn wyneb",
        "interview_mode.phone": "Ffôn",
        "interview_mode.video": "Fideo",
        "interview_language.english": "Saesneg",
        "interview_language.welsh": "Cymraeg",
        "interview_language.bsl": "BSL",
        "interview_language.interpreter": "Cyfieithydd",
        "interview_language.other": "Arall",
        "observation_kind.team_meeting": "Cyfarfod tîm",
        "observation_kind.office_practice": "Arferion swyddfa",
        "observation_kind.record_storage": "Storio cofnodion",
        "observation_kind.accessibility": "Hygyrchedd",
        "observation_kind.other": "Arall",
        "case_check.met": "Wedi'i fodloni",
        "case_check.partly_met": "Wedi'i fodloni'n rhannol",
        "case_check.not_met": "Heb ei fodloni",
        "case_check.not_applicable": "Amherthnasol",
        "sample_kind.case_file": "Ffeil achos",
        "sample_kind.report": "Adroddiad",
        "document_kind.policy": "Polisi",
        "document_kind.procedure": "Gweithdrefn",
        "document_kind.report": "Adroddiad",
        "document_kind.photo": "Ffotograff",
        "document_kind.other": "Arall",
        "action_status.open": "Ar agor",
        "action_status.done": "Wedi'i wneud",
        "advocacy_type.imca": "IMCA",
        "advocacy_type.paid_rpr": "RPR cyflogedig",
        "advocacy_type.imha": "IMHA",
        "advocacy_type.imha_wales": "IMHA (Cymru)",
        "advocacy_type.care_act": "Deddf Gofal",
        "advocacy_type.nhs_complaints": "Cwynion y GIG",
        "advocacy_type.ipa_wales": "Eiriolaeth Broffesiynol Annibynnol (Cymru)",
        "advocacy_type.children_wales": "Plant a phobl ifanc (Cymru)",
        "advocacy_type.community": "Cymunedol",
        "advocacy_type.peer": "Cymheiriaid",
        "advocacy_type.citizen": "Dinasyddion",
        "advocacy_type.self_advocacy": "Cymorth hunaneiriolaeth",
        "advocacy_type.other": "Arall",
        "nation.england": "Lloegr",
        "nation.wales": "Cymru",
        "nation.northern_ireland": "Gogledd Iwerddon",
    }
)

#: Language tables by code ("bilingual" combines "cy" and "en", Welsh first).
TABLES: Mapping[str, Mapping[str, str]] = MappingProxyType({"en": EN, "cy": CY})

#: The report languages offered at export.
LANGUAGES: tuple[str, ...] = ("en", "cy", "bilingual")

#: The PDF /Lang value for each report language (a bilingual report is mainly Welsh-first).
PDF_LANG: Mapping[str, str] = MappingProxyType({"en": "en-GB", "cy": "cy", "bilingual": "cy"})

# Labels whose bilingual form is not simply "Welsh / English".
_BILINGUAL: Mapping[str, str] = MappingProxyType(
    {
        "footer.page": "Tudalen / Page {page} o / of {pages}",
        "footer.placeholder": "FFRAMWAITH DROS DRO / PLACEHOLDER FRAMEWORK",
        "cover.to": "i / to",
        "signatures.slot": "{role}: {name}",
    }
)

# --------------------------------------------------------------------------- dates and numbers

MONTHS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "en": (
            "January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December",
        ),
        "cy": (
            "Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst",
            "Medi", "Hydref", "Tachwedd", "Rhagfyr",
        ),
    }
)  # fmt: skip


def format_date(value: str | _dt.date | None, language: str) -> str:
    """A date as the language writes it: "2 December 2026", "2 Rhagfyr 2026" or, bilingual,
    "2 Rhagfyr / December 2026". ``value`` is a date or an ISO string (a datetime's date part
    is used); anything unparseable is returned unchanged."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            day = _dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    else:
        day = value
    if language == "bilingual":
        cy, en = MONTHS["cy"][day.month - 1], MONTHS["en"][day.month - 1]
        month = cy if cy == en else f"{cy} / {en}"  # "Mai" and "Awst" differ, so all do
        return f"{day.day} {month} {day.year}"
    return f"{day.day} {MONTHS[_base(language)][day.month - 1]} {day.year}"


def format_number(value: int | float, language: str) -> str:
    """A number with thousands separated: "12,345" (Welsh writes numbers as English does)."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{int(value):,}"


# --------------------------------------------------------------------------- plurals


def plural_category(n: int, language: str) -> str:
    """The CLDR plural category of the whole number ``n``.

    English: "one" (1) and "other". Welsh: "zero" (0), "one" (1), "two" (2), "few" (3),
    "many" (6) and "other" (4, 5, 7 and up) - CLDR's rules for ``cy``.
    """
    n = abs(int(n))
    if _base(language) == "cy":
        return {0: "zero", 1: "one", 2: "two", 3: "few", 6: "many"}.get(n, "other")
    return "one" if n == 1 else "other"


#: Counted phrases, one per plural category. Welsh puts a singular noun after a number and
#: mutates it after some numbers (dau gam, tri cham, chwe cham), so the phrase is per category;
#: small numbers are spelt out where Welsh grammar depends on them.
COUNTS: Mapping[str, Mapping[str, Mapping[str, str]]] = MappingProxyType(
    {
        "en": {
            "standards": {"one": "{n} standard", "other": "{n} standards"},
            "advocates_interviewed": {
                "one": "{n} advocate interviewed",
                "other": "{n} advocates interviewed",
            },
            "required_actions": {"one": "{n} required action", "other": "{n} required actions"},
            "files": {"one": "{n} file attached", "other": "{n} files attached"},
        },
        "cy": {
            "standards": {
                "zero": "dim safonau",
                "one": "un safon",
                "two": "dwy safon",
                "few": "tair safon",
                "many": "chwe safon",
                "other": "{n} safon",
            },
            "advocates_interviewed": {
                "zero": "dim eiriolwyr wedi'u cyfweld",
                "one": "un eiriolwr wedi'i gyfweld",
                "two": "dau eiriolwr wedi'u cyfweld",
                "few": "tri eiriolwr wedi'u cyfweld",
                "many": "chwe eiriolwr wedi'u cyfweld",
                "other": "{n} eiriolwr wedi'u cyfweld",
            },
            "required_actions": {
                "zero": "dim camau gofynnol",
                "one": "un cam gofynnol",
                "two": "dau gam gofynnol",
                "few": "tri cham gofynnol",
                "many": "chwe cham gofynnol",
                "other": "{n} cam gofynnol",
            },
            "files": {
                "zero": "dim ffeiliau wedi'u hatodi",
                "one": "un ffeil wedi'i hatodi",
                "two": "dwy ffeil wedi'u hatodi",
                "few": "tair ffeil wedi'u hatodi",
                "many": "chwe ffeil wedi'u hatodi",
                "other": "{n} ffeil wedi'u hatodi",
            },
        },
    }
)


def _base(language: str) -> str:
    return "cy" if language == "cy" else "en"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


class Labels:
    """The labels of one report language, falling back to English key by key.

    For "bilingual", each label is the Welsh and the English: short ones as "Welsh / English"
    on one line, sentences as two lines, Welsh first.
    """

    def __init__(self, language: str) -> None:
        if language not in PDF_LANG:
            raise ValueError(f"unsupported report language {language!r}")
        self.language = language
        self._table = TABLES.get(language, EN)

    @property
    def bilingual(self) -> bool:
        return self.language == "bilingual"

    def __call__(self, key: str, **params: object) -> str:
        if self.bilingual:
            if key in _BILINGUAL:
                return _BILINGUAL[key].format(**params) if params else _BILINGUAL[key]
            return both(Labels("cy")(key, **params), Labels("en")(key, **params))
        text = self._table.get(key) or EN.get(key)
        if text is None:
            raise KeyError(f"no report label {key!r}")
        return text.format(**params) if params else text

    def enum(self, group: str, value: str | None) -> str:
        """The label for one enum value, or the raw value if the table has none (never fails)."""
        if self.bilingual:
            return both(Labels("cy").enum(group, value), Labels("en").enum(group, value))
        if value is None or value == "":
            return self("unknown")
        return self._table.get(f"{group}.{value}") or EN.get(f"{group}.{value}") or value

    def date(self, value: str | _dt.date | None) -> str:
        return format_date(value, self.language) or self("unknown")

    def number(self, value: int | float) -> str:
        return format_number(value, self.language)

    def count(self, key: str, n: int, *, sentence: bool = False) -> str:
        """``n`` things of one kind, in the right plural form: "dau gam gofynnol"."""
        if self.bilingual:
            cy = Labels("cy").count(key, n, sentence=sentence)
            return both(cy, Labels("en").count(key, n, sentence=sentence))
        base = _base(self.language)
        forms = COUNTS[base][key]
        form = forms.get(plural_category(n, base)) or forms["other"]
        text = form.format(n=format_number(n, base))
        return _sentence(text) if sentence else text


def both(cy: str, en: str) -> str:
    """One bilingual label: Welsh first; on one line when short, else on two."""
    if cy == en:
        return cy
    if len(cy) + len(en) <= 64 and not cy.rstrip().endswith("."):
        return f"{cy} / {en}"
    return f"{cy}\n{en}"


def labels(language: str) -> Labels:
    return Labels(language)
