"""Put the demo assessment into a local copy, the way it would arrive and be worked on.

The organisation, its teams, the assessment and the visit are stored as if downloaded from the
central store (confirmed); the interviews, observations, case files, documents and findings are
recorded through the services, as an assessor would on the first morning, so they are pending
sync with a full audit trail.
"""

from __future__ import annotations

from typing import Any

from qpm_desktop.locations import frameworks_dir
from qpm_desktop.model import demo
from qpm_desktop.model.enums import ActionStatus, EvidenceKind
from qpm_desktop.services.core import Services
from qpm_desktop.services.syncing import Syncing
from qpm_desktop.store.records import insert_confirmed
from qpm_desktop.store.tables import Assessment, EarlierAction, Organisation, SiteVisit, Team


def has_demo(services: Services) -> bool:
    with services.store.read() as s:
        return s.get(Assessment, demo.ASSESSMENT_ID) is not None


def seed_demo(services: Services) -> str:
    """Seed the demo (once; a second call does nothing) and return the assessment id."""
    if has_demo(services):
        return demo.ASSESSMENT_ID
    services.ctx.frameworks.import_file(frameworks_dir() / demo.FRAMEWORK_FILE)
    now = services.ctx.clock()
    pulled = {"actor": "central store (demo)", "now": now, "server_version": 1}
    with services.store.write() as s:
        insert_confirmed(s, Organisation, demo.ORGANISATION_ID, demo.ORGANISATION, **pulled)
        for team in demo.TEAMS:
            values = {k: v for k, v in team.items() if k != "key"}
            values["organisation_id"] = demo.ORGANISATION_ID
            insert_confirmed(s, Team, demo.TEAM_IDS[team["key"]], values, **pulled)
        insert_confirmed(
            s,
            Assessment,
            demo.ASSESSMENT_ID,
            {
                **demo.ASSESSMENT,
                "organisation_id": demo.ORGANISATION_ID,
                "framework_key": demo.FRAMEWORK_KEY,
            },
            **pulled,
        )
        insert_confirmed(
            s,
            SiteVisit,
            demo.VISIT_ID,
            {**demo.SITE_VISIT, "assessment_id": demo.ASSESSMENT_ID},
            **pulled,
        )
        for action in demo.EARLIER_ACTIONS:
            s.add(
                EarlierAction(
                    **{**action, "status": ActionStatus(action["status"])},
                    organisation_id=demo.ORGANISATION_ID,
                    assessment_id=demo.EARLIER_ASSESSMENT_ID,
                    server_version=1,
                )
            )
    _record_visit_morning(services)
    return demo.ASSESSMENT_ID


def seed_demo_through_central(services: Services, syncing: Syncing, server_url: str) -> str:
    """The demo as it really flows: sign in to a central store holding the demo as
    ``demo.assessor``, download the assignment, record the first morning's work on a new copy,
    and sync it back. Raises what sign-in or sync raise (a :class:`SyncError` says why)."""
    account = syncing.account()
    if account is None or not account.has_tokens:
        syncing.sign_in(server_url, demo.DEMO_USERNAME, demo.DEMO_PASSWORD)
    syncing.sync_now()
    if not services.queries.interviews(demo.ASSESSMENT_ID):
        _record_visit_morning(services)
        syncing.sync_now()
    return demo.ASSESSMENT_ID


def _record_visit_morning(services: Services) -> None:
    rec = services.recording
    aid = demo.ASSESSMENT_ID
    for item in demo.INTERVIEWS:
        values = _without(item, "team", "standards")
        values["team_id"] = demo.TEAM_IDS[item["team"]]
        values["site_visit_id"] = demo.VISIT_ID
        iid = rec.create_interview(aid, **values).record_id("interview")
        rec.set_linked_standards(aid, EvidenceKind.INTERVIEW, iid, item["standards"])
    for item in demo.OBSERVATIONS:
        oid = rec.create_observation(
            aid, site_visit_id=demo.VISIT_ID, **_without(item, "standards")
        ).record_id("observation")
        rec.set_linked_standards(aid, EvidenceKind.OBSERVATION, oid, item["standards"])
    for item in demo.CASE_FILES:
        rid = rec.create_case_file_review(aid, **_without(item, "checks")).record_id(
            "case_file_review"
        )
        for code, result in item["checks"].items():
            rec.set_case_check(rid, code, result)
    for item in demo.DOCUMENTS:
        did = rec.create_evidence_item(aid, **_without(item, "standards")).record_id(
            "evidence_item"
        )
        rec.set_linked_standards(aid, EvidenceKind.DOCUMENT, did, item["standards"])
    for item in demo.FINDINGS:
        rec.record_finding(aid, **item)


def _without(item: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k not in keys}
