"""Every word the report prints, one table per language.

A Welsh table ("cy") is added by copying ``EN`` and translating its values; :func:`labels`
falls back to English for any key a table lacks, so a partly translated table still renders.
Enum values are looked up as ``"<enum>.<value>"`` (``"rating.met"``), never shown raw.
"""

from __future__ import annotations

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
        "actions.title": "Required actions",
        "actions.none": "No required actions.",
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

#: Language tables by code. Add "cy" here when the Welsh table exists.
TABLES: Mapping[str, Mapping[str, str]] = MappingProxyType({"en": EN})

#: The PDF /Lang value for each report language.
PDF_LANG: Mapping[str, str] = MappingProxyType({"en": "en-GB", "cy": "cy"})


class Labels:
    """The labels of one language, falling back to English key by key."""

    def __init__(self, language: str) -> None:
        if language not in PDF_LANG:
            raise ValueError(f"unsupported report language {language!r}")
        self.language = language
        self._table = TABLES.get(language, EN)

    def __call__(self, key: str, **params: object) -> str:
        text = self._table.get(key) or EN.get(key)
        if text is None:
            raise KeyError(f"no report label {key!r}")
        return text.format(**params) if params else text

    def enum(self, group: str, value: str | None) -> str:
        """The label for one enum value, or the raw value if the table has none (never fails)."""
        if value is None or value == "":
            return self("unknown")
        return self._table.get(f"{group}.{value}") or EN.get(f"{group}.{value}") or value


def labels(language: str) -> Labels:
    return Labels(language)
