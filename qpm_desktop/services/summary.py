"""One assessment as the list shows it (a module of its own: the first screen shows the list
before the rest of the services, and :mod:`qpm_desktop.services.views`, are loaded)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from qpm_desktop.model.enums import AssessmentStage, AssessmentStatus


@dataclass(frozen=True, slots=True)
class AssessmentSummary:
    id: str
    reference: str
    organisation: str
    stage: AssessmentStage
    status: AssessmentStatus
    band: int
    lead_assessor: str
    visit_start: date | None
    visit_end: date | None
    unsynced: int  # records changed here and not yet confirmed by the central store
