"""Demo data: an invented organisation, its assessment and a visit day's first records.

Everything here is made up. It is plain data so that the app's local copy and the central
store can both be seeded from one description. Ids are fixed, so the demo is the same on every
machine and a newcomer's screenshots match the README's.
"""

from __future__ import annotations

from datetime import date
from typing import Any

FRAMEWORK_FILE = "qpm-v4-placeholder.json"
FRAMEWORK_KEY = "qpm-v4-placeholder@4.0-placeholder.1"

LEAD_ASSESSOR = "Sam Okafor"
# The demo central store's lead assessor account (published: demo data only).
DEMO_USERNAME = "demo.assessor"
DEMO_PASSWORD = "demo"
CO_ASSESSOR = "Elin Davies"

ORGANISATION_ID = "0b9a7c1e-1f3d-4c55-9a43-2d1f3c6a0001"
ASSESSMENT_ID = "0b9a7c1e-1f3d-4c55-9a43-2d1f3c6a0100"
VISIT_ID = "0b9a7c1e-1f3d-4c55-9a43-2d1f3c6a0200"
TEAM_IDS = {
    "imha": "0b9a7c1e-1f3d-4c55-9a43-2d1f3c6a0011",
    "care_act": "0b9a7c1e-1f3d-4c55-9a43-2d1f3c6a0012",
    "ipa": "0b9a7c1e-1f3d-4c55-9a43-2d1f3c6a0013",
    "community": "0b9a7c1e-1f3d-4c55-9a43-2d1f3c6a0014",
}

ORGANISATION: dict[str, Any] = {
    "name": "Afon Advocacy Partnership (demo)",
    "profile": (
        "An invented charity for the demo. It delivers statutory and community advocacy across "
        "the Severn: IMHA, IMCA and Care Act advocacy from Bristol, and Independent "
        "Professional Advocacy and community advocacy in Newport and Cardiff, in English and "
        "Welsh. Around 40 staff and 12 volunteers."
    ),
    "nations": ["england", "wales"],
    "services": ["imha", "imca", "paid_rpr", "care_act", "ipa_wales", "community", "peer"],
    "advocates": 23,
    "contact": "Office manager, 1 Quay Street (invented)",
}

TEAMS: list[dict[str, Any]] = [
    {"key": "imha", "name": "IMHA Bristol", "area": "Bristol", "manager": "Priya Shah",
     "nation": "england", "advocates": 8},
    {"key": "care_act", "name": "Care Act and IMCA", "area": "Bristol", "manager": "Priya Shah",
     "nation": "england", "advocates": 6},
    {"key": "ipa", "name": "Gwent IPA", "area": "Newport", "manager": "Rhys Pritchard",
     "nation": "wales", "advocates": 5},
    {"key": "community", "name": "Community and peer advocacy", "area": "Cardiff",
     "manager": "Carys Morgan", "nation": "wales", "advocates": 4},
]  # fmt: skip

ASSESSMENT: dict[str, Any] = {
    "reference": "QPM-2026-0142",
    "stage": "site_visit",
    "status": "in_progress",
    "band": 2,
    "lead_assessor": LEAD_ASSESSOR,
    "co_assessors": [CO_ASSESSOR],
    "desktop_submitted_on": date(2026, 9, 14),
    "visit_start": date(2026, 12, 2),
    "visit_end": date(2026, 12, 3),
    "desktop_review_notes": (
        "Workbook complete. Policies current except the lone working policy (2021). "
        "Ask about how Welsh is offered at first contact in Gwent, and how volunteer "
        "advocates are supervised in Cardiff."
    ),
}

# The organisation's previous assessment (not assigned to the demo assessor): its required
# actions arrive as "actions from earlier assessments", to be checked on this visit.
EARLIER_ASSESSMENT_ID = "0b9a7c1e-1f3d-4c55-9a43-2d1f3c6a0101"
EARLIER_ASSESSMENT: dict[str, Any] = {
    "reference": "QPM-2023-0031",
    "stage": "closed",
    "status": "awarded",
    "band": 2,
    "lead_assessor": "Gareth Lloyd",
    "visit_start": date(2023, 11, 7),
    "visit_end": date(2023, 11, 8),
}
EARLIER_ACTIONS: list[dict[str, Any]] = [
    {
        "id": "0b9a7c1e-1f3d-4c55-9a43-2d1f3c6a0501",
        "standard_code": "2.2",
        "description": (
            "Record at first contact whether the partner was offered an advocate who speaks "
            "Welsh, and what they chose."
        ),
        "owner": "Operations manager",
        "due_on": date(2024, 5, 31),
        "status": "done",
    },
    {
        "id": "0b9a7c1e-1f3d-4c55-9a43-2d1f3c6a0502",
        "standard_code": "7.3",
        "description": (
            "Bring the lone working policy up to date and brief every volunteer advocate on it."
        ),
        "owner": "Volunteer coordinator",
        "due_on": date(2024, 3, 31),
        "status": "open",
    },
]

SITE_VISIT: dict[str, Any] = {
    "visit_date": date(2026, 12, 2),
    "location": "Bristol office, then Newport by video",
    "notes": "",
}

# Recorded on the first morning of the visit (through the services, like an assessor would).
INTERVIEWS: list[dict[str, Any]] = [
    {"interviewee_code": "MGR-01", "role": "manager", "team": "imha", "mode": "in_person",
     "language": "english", "consent": "given", "standards": ["1.1", "2.1", "6.1"],
     "notes": "Explained how referrals are screened for conflicts of interest."},
    {"interviewee_code": "ADV-01", "role": "paid_advocate", "team": "imha", "mode": "in_person",
     "language": "english", "consent": "given", "advocacy_type": "imha",
     "standards": ["1.1", "4.1"],
     "notes": "Described agreeing the issues with the person at the first meeting."},
    {"interviewee_code": "ADV-02", "role": "paid_advocate", "team": "ipa", "mode": "video",
     "language": "welsh", "welsh_offered": True, "consent": "given",
     "advocacy_type": "ipa_wales", "standards": ["5.1"],
     "notes": "Cyfweliad yn Gymraeg. Welsh offered at first contact as a matter of course."},
    {"interviewee_code": "AP-01", "role": "advocacy_partner", "team": "imha", "mode": "phone",
     "language": "english", "consent": "given", "advocacy_type": "imha",
     "standards": ["4.1", "3.1"],
     "notes": "Felt listened to; knew how to complain; had been told what stays private."},
]  # fmt: skip

OBSERVATIONS: list[dict[str, Any]] = [
    {"kind": "team_meeting", "title": "IMHA team meeting", "standards": ["8.1", "6.1"],
     "notes": "Case discussion kept to initials; supervision dates on the agenda."},
    {"kind": "record_storage", "title": "Paper files in the Bristol office",
     "standards": ["3.1"], "notes": "Locked cabinet; key log kept."},
]  # fmt: skip

CASE_FILES: list[dict[str, Any]] = [
    {"case_code": "CF-101", "sample_kind": "case_file", "advocacy_type": "imha",
     "checks": {"1.1": "met", "4.1": "met", "3.1": "met"}},
    {"case_code": "CF-102", "sample_kind": "case_file", "advocacy_type": "care_act",
     "checks": {"1.1": "met", "4.1": "partly_met"}},
    {"case_code": "RP-201", "sample_kind": "report", "advocacy_type": "ipa_wales",
     "checks": {"4.1": "met", "5.1": "met"}},
]  # fmt: skip

DOCUMENTS: list[dict[str, Any]] = [
    {"kind": "policy", "title": "Safeguarding adults and children policy (2025)",
     "standards": ["7.1"], "description": "Reviewed in the desktop assessment."},
    {"kind": "policy", "title": "Lone working policy (2021)", "standards": ["8.2"],
     "description": "Out of date: last reviewed 2021."},
]  # fmt: skip

FINDINGS: list[dict[str, Any]] = [
    {"standard_code": "1.1", "rating": "met",
     "rationale": "Purpose is written down, known by staff (MGR-01, ADV-01) and shown in "
                  "case files CF-101 and CF-102.",
     "good_practice": "Leaflets in English, Welsh and easy read."},
    {"standard_code": "2.1", "rating": "further_evidence_needed",
     "rationale": "Conflict-of-interest screening described by MGR-01; no written record seen "
                  "yet."},
    {"standard_code": "8.2", "rating": "not_met",
     "rationale": "Lone working policy last reviewed in 2021; staff unsure of the current "
                  "check-in procedure.",
     "areas_for_improvement": "Review the lone working policy and brief all advocates."},
]  # fmt: skip
