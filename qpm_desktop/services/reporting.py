"""The visit report as a use case: freeze a snapshot, render it, keep each version, sign it.

* :meth:`Reporting.build_snapshot` reads the assessment through the queries into a
  :class:`~qpm_desktop.reports.snapshot.ReportSnapshot` (the only place the report meets the
  database).
* :meth:`Reporting.render_report` renders it and records a ``ReportVersion`` (number + 1) whose
  PDF is kept by content (SHA-256) under ``<data>/reports``. A snapshot identical to the latest
  version's gives that version back instead of a new one.
* :meth:`Reporting.sign_report` signs a version with this device's key. The first signature
  certifies the report and freezes the version (state ``signed``): its file is never rewritten,
  and a later change to the assessment renders as a new version. A co-assessor's signature is
  appended to the signed file (an incremental update, which the certification permits); the
  version then points at the co-signed file, whose first bytes are the file as first signed.
* :meth:`Reporting.timestamp_signed` (on the sync after signing) appends validation data and
  the central store's RFC 3161 document timestamp to each report whose latest signature was
  made on this device (PAdES B-LT); the version then points at the extended file, and the
  signed one stays in the store, unchanged. :meth:`Reporting.upload_signed` sends the current
  file of those reports to the store, which verifies it before accepting it (decision 0009).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import func, select

from qpm_desktop.credentials.signing_key import DeviceCredentials
from qpm_desktop.model.enums import Rating
from qpm_desktop.reports import render as rnd
from qpm_desktop.reports import sign as sgn
from qpm_desktop.reports import snapshot as snap
from qpm_desktop.reports.labels import LANGUAGES
from qpm_desktop.services.context import ServiceContext
from qpm_desktop.services.queries import Queries
from qpm_desktop.store import replica as rep
from qpm_desktop.store.records import NotFound, get_live, write_record
from qpm_desktop.store.tables import Assessment, ReportVersion, new_id

REPORTS_FOLDER = "reports"
STATE_DRAFT = "draft"
STATE_SIGNED = "signed"
#: Local setting (this device only) per report file: the store accepted it (value: when).
K_REPORT_UPLOADED = "reports.uploaded."


class CentralReports(Protocol):
    """What the timestamp and upload steps need of the central store (the sync client)."""

    def timestamp(self, query: bytes) -> bytes: ...

    def revocation_list(self) -> bytes: ...

    def upload_report(self, assessment_id: str, sha256: str, pdf: bytes) -> Any: ...


class ReportError(RuntimeError):
    """A report operation that cannot be done (say, signing a slot already signed)."""


@dataclass(frozen=True, slots=True)
class ReportVersionView:
    id: str
    assessment_id: str
    number: int
    language: str
    snapshot_sha256: str
    pdf_sha256: str
    file_name: str
    size: int
    state: str
    signers: tuple[dict[str, Any], ...]
    signed_at: datetime | None
    path: Path | None
    reused: bool = False  # render_report found an identical latest version


class Reporting:
    def __init__(self, ctx: ServiceContext, credentials: DeviceCredentials | None = None) -> None:
        self._ctx = ctx
        self._queries = Queries(ctx)
        self._credentials = credentials
        # Reports hold the same personal data as the database: sealed at rest like attachments.
        self._files = ctx.file_store(Path(ctx.attachments_dir).parent / REPORTS_FOLDER)

    @property
    def credentials(self) -> DeviceCredentials:
        if self._credentials is None:
            self._credentials = DeviceCredentials(self._ctx.actor)
        return self._credentials

    # -- the snapshot ----------------------------------------------------------------------

    def build_snapshot(self, assessment_id: str, language: str = "en") -> snap.ReportSnapshot:
        """The snapshot of ``assessment_id`` for a report in ``language`` ("en", "cy" or
        "bilingual"): framework texts in English, plus their Welsh (``*_cy``) unless "en"."""
        if language not in LANGUAGES:
            raise ValueError(f"unsupported report language {language!r}")
        welsh = language != "en"

        def cy(text: Any) -> str | None:
            return text.cy if welsh and text is not None else None

        q = self._queries
        overview = q.overview(assessment_id)
        framework = q.framework_of(assessment_id)
        summary = overview.summary
        rows = {r.code: r for r in q.standards(assessment_id)}
        sections = []
        for section in framework.sections:
            standards = []
            for standard in section.standards:
                f = q.finding(assessment_id, standard.code)
                standards.append(
                    snap.StandardEntry(
                        code=standard.code,
                        title=standard.title.en,
                        statement=standard.statement.en,
                        mandatory=standard.mandatory,
                        rating=rows[standard.code].rating.value,
                        rationale=f.rationale,
                        good_practice=f.good_practice,
                        areas_for_improvement=f.areas_for_improvement,
                        evidence=tuple(
                            snap.EvidenceEntry(e.kind.value, e.label, e.detail) for e in f.evidence
                        ),
                        title_cy=cy(standard.title),
                        statement_cy=cy(standard.statement),
                    )
                )
            sections.append(
                snap.SectionEntry(
                    section.code,
                    section.title.en,
                    section.kind,
                    tuple(standards),
                    title_cy=cy(section.title),
                )
            )
        outcome = q.outcome(assessment_id)
        sampling = q.sampling(assessment_id)
        return snap.ReportSnapshot(
            language=language,
            assessment_id=assessment_id,
            reference=summary.reference,
            organisation=overview.organisation.name,
            nations=tuple(str(n) for n in overview.organisation.nations),
            services=tuple(str(v) for v in overview.organisation.services),
            band=summary.band,
            lead_assessor=summary.lead_assessor,
            co_assessors=tuple(overview.co_assessors),
            visit_start=_iso(summary.visit_start),
            visit_end=_iso(summary.visit_end),
            visits=tuple(
                snap.VisitEntry(v.visit_date.isoformat(), v.location) for v in overview.site_visits
            ),
            framework_key=framework.key,
            framework_title=framework.title.en,
            framework_title_cy=cy(framework.title),
            framework_version=framework.version,
            framework_placeholder=framework.placeholder,
            framework_sha256=framework.sha256,
            sections=tuple(sections),
            outcome=snap.OutcomeEntry(
                recommendation=outcome.recommendation.value,
                unmet=outcome.unmet,
                undecided=outcome.undecided,
                counts=tuple((r.value, outcome.counts[r]) for r in Rating),
            ),
            required_actions=tuple(
                snap.ActionEntry(
                    a.standard_code,
                    a.description,
                    a.owner,
                    _iso(a.due_on),
                    a.status.value,
                    a.from_earlier_assessment,
                )
                for a in q.required_actions(assessment_id)
            ),
            sampling=snap.SamplingEntry(
                by_manager=_groups(sampling.by_manager),
                by_area=_groups(sampling.by_area),
                case_files_target=sampling.case_files.target,
                case_files_achieved=sampling.case_files.achieved,
                reports_target=sampling.reports.target,
                reports_achieved=sampling.reports.achieved,
                interviewed=sampling.interviewed,
                unassigned=sampling.unassigned,
            ),
            interviews=tuple(
                snap.InterviewEntry(
                    code=i.interviewee_code,
                    role=i.role.value,
                    mode=i.mode.value,
                    language=i.language.value,
                    welsh_offered=i.welsh_offered,
                    held_on=i.held_at.date().isoformat() if i.held_at else None,
                    standards=i.linked_standards,
                )
                for i in q.interviews(assessment_id)
            ),
            observations=tuple(
                snap.ObservationEntry(
                    kind=o.kind.value,
                    title=o.title,
                    notes=o.notes,
                    observed_on=o.observed_at.date().isoformat() if o.observed_at else None,
                    standards=o.linked_standards,
                )
                for o in q.observations(assessment_id)
            ),
            case_files=tuple(
                snap.CaseFileEntry(
                    code=c.case_code,
                    sample_kind=c.sample_kind.value,
                    advocacy_type=c.advocacy_type.value if c.advocacy_type else None,
                    on_site=c.on_site,
                    checks=tuple(
                        snap.CaseCheckEntry(k.standard_code, k.result.value, k.note)
                        for k in c.checks
                    ),
                )
                for c in q.case_file_reviews(assessment_id)
            ),
            documents=tuple(
                snap.DocumentEntry(
                    kind=d.kind.value,
                    title=d.title,
                    description=d.description,
                    standards=d.linked_standards,
                    files=tuple(
                        snap.FileEntry(a.file_name, a.size, a.sha256) for a in d.attachments
                    ),
                )
                for d in q.evidence_items(assessment_id)
            ),
            taken_at=self._ctx.clock().astimezone(UTC).isoformat(timespec="seconds"),
        )

    # -- versions --------------------------------------------------------------------------

    def versions(self, assessment_id: str) -> list[ReportVersionView]:
        with self._ctx.store.read() as s:
            rows = s.scalars(
                select(ReportVersion)
                .where(
                    ReportVersion.assessment_id == assessment_id,
                    ReportVersion.deleted.is_(False),
                )
                .order_by(ReportVersion.number)
            ).all()
            return [_version_view(r) for r in rows]

    def version(self, version_id: str) -> ReportVersionView:
        with self._ctx.store.read() as s:
            return _version_view(get_live(s, ReportVersion, version_id))

    def render_report(
        self, assessment_id: str, out_dir: Path | None = None, *, language: str = "en"
    ) -> ReportVersionView:
        """Render the assessment as it stands now into a new version (or the identical latest).

        With ``out_dir``, a copy of the PDF is also written there under the version's file name.
        """
        snapshot = self.build_snapshot(assessment_id, language)
        digest = snapshot.sha256
        with self._ctx.store.read() as s:
            get_live(s, Assessment, assessment_id)
            latest = _latest(s, assessment_id, language)
            if latest is not None and latest.snapshot_sha256 == digest:
                view = _version_view(latest, reused=True)
                if view.path is not None and view.path.is_file():
                    self._copy_out(view, out_dir)
                    return view
        rendered = rnd.render_report(snapshot)
        stored = self._put(rendered.pdf)
        with self._ctx.store.write() as s:
            number = (
                s.scalar(
                    select(func.max(ReportVersion.number)).where(
                        ReportVersion.assessment_id == assessment_id
                    )
                )
                or 0
            ) + 1
            version_id = new_id()
            write_record(
                s,
                ReportVersion,
                version_id,
                {
                    "assessment_id": assessment_id,
                    "number": number,
                    "language": language,
                    "snapshot_sha256": digest,
                    "pdf_sha256": stored.sha256,
                    "file_name": _file_name(snapshot, number),
                    "size": stored.size,
                    "state": STATE_DRAFT,
                    "signers": [],
                    "signed_at": None,
                    "local_path": str(stored.path),
                },
                actor=self._ctx.actor,
                now=self._ctx.clock(),
            )
            view = _version_view(s.get(ReportVersion, version_id))  # type: ignore[arg-type]
        self._copy_out(view, out_dir)
        return view

    def sign_report(
        self,
        version_id: str,
        signer_name: str,
        role: str,
        signature_png: bytes | None,
        *,
        signed_at: datetime | None = None,
        credentials: DeviceCredentials | None = None,
        out_dir: Path | None = None,
    ) -> ReportVersionView:
        """Sign version ``version_id`` in the next free signature field.

        The first signature certifies the report (later changes other than signing are
        forbidden) and freezes the version; each later one is an approval signature.
        """
        creds = credentials or self.credentials
        material = creds.signing_material()  # before any work: a clear error if not enrolled
        when = signed_at or self._ctx.clock()
        with self._ctx.store.read() as s:
            row = get_live(s, ReportVersion, version_id)
            signers = list(row.signers or [])
            path = Path(row.local_path) if row.local_path else None
            number = row.number
            pdf_sha256 = row.pdf_sha256
        if path is None or not path.is_file():
            raise ReportError(f"the PDF of report version {number} is not on this device")
        pdf = self._files.read_bytes(pdf_sha256)
        free = sgn.unsigned_fields(pdf)
        if not free:
            raise ReportError(f"every signature field of report version {number} is signed")
        signed = sgn.sign_pdf(
            pdf,
            material,
            sgn.SignatureAppearance(
                name=signer_name, role=role, signed_at=when, drawing_png=signature_png
            ),
            field_name=free[0],
            certify=not signers,
        )
        stored = self._put(signed)
        signers.append(
            {
                "name": signer_name,
                "role": role,
                "field": free[0],
                "signed_at": when.isoformat(),
                "certificate_subject": material.certificate.subject.rfc4514_string(),
                "pdf_sha256": stored.sha256,
            }
        )
        with self._ctx.store.write() as s:
            values: dict[str, Any] = {
                "pdf_sha256": stored.sha256,
                "size": stored.size,
                "state": STATE_SIGNED,
                "signers": signers,
                "local_path": str(stored.path),
            }
            if len(signers) == 1:
                values["signed_at"] = when
            write_record(
                s, ReportVersion, version_id, values, actor=self._ctx.actor, now=self._ctx.clock()
            )
            view = _version_view(s.get(ReportVersion, version_id))  # type: ignore[arg-type]
        self._copy_out(view, out_dir)
        return view

    # -- after signing: timestamp and upload (on sync) ------------------------------------

    def _signed_here(self) -> list[ReportVersion] | None:
        """Signed versions whose latest signature this device's certificate made (``None``
        when this device has no certificate: then it signed nothing)."""
        with self._ctx.store.read() as s:
            rows = s.scalars(
                select(ReportVersion)
                .where(ReportVersion.state == STATE_SIGNED, ReportVersion.deleted.is_(False))
                .order_by(ReportVersion.assessment_id, ReportVersion.number)
            ).all()
            for row in rows:
                s.expunge(row)
        if not rows:
            return []  # the usual case: no keyring read on every sync
        try:
            certificate = self.credentials.certificate()
        except Exception:  # no keyring, no certificate: nothing was signed here
            return None
        if certificate is None:
            return None
        subject = certificate.subject.rfc4514_string()
        return [
            r
            for r in rows
            if r.signers
            and r.signers[-1].get("certificate_subject") == subject
            and self._files.path_for(r.pdf_sha256).exists()
        ]

    def timestamp_signed(self, central: CentralReports) -> tuple[list[int], list[str]]:
        """Timestamp every report signed here and not timestamped since its last signature:
        validation data (certificates and the store's revocation list) and a document
        timestamp from the store's TSA are appended, the version points at the new file.

        Returns the version numbers timestamped and a plain problem per report that could not
        be (each is tried again on the next sync). Network errors propagate only as problems.
        """
        pending = [
            r for r in self._signed_here() or [] if r.signers[-1].get("pdf_sha256") == r.pdf_sha256
        ]
        if not pending:
            return [], []
        ca_cert = self.credentials.ca_certificate()
        if ca_cert is None:
            return [], ["this computer holds no QPM CA certificate (sign in again)"]
        try:
            crl = central.revocation_list()
        except Exception as e:
            return [], [f"the store's revocation list could not be fetched: {e}"]
        timestamper = sgn.TimestampClient(central.timestamp)
        done: list[int] = []
        problems: list[str] = []
        for row in pending:
            try:
                pdf = self._files.read_bytes(row.pdf_sha256)
                extended = sgn.extend_signatures(pdf, timestamper, [ca_cert], crls=[crl])
            except Exception as e:  # a refusal, a network error, a revoked certificate
                problems.append(f"report version {row.number} was not timestamped: {e}")
                continue
            stored = self._put(extended)
            with self._ctx.store.write() as s:
                current = s.get(ReportVersion, row.id)
                if current is None or current.pdf_sha256 != row.pdf_sha256:
                    continue  # signed again meanwhile: the next sync timestamps that file
                write_record(
                    s,
                    ReportVersion,
                    row.id,
                    {
                        "pdf_sha256": stored.sha256,
                        "size": stored.size,
                        "local_path": str(stored.path),
                    },
                    actor=self._ctx.actor,
                    now=self._ctx.clock(),
                )
            done.append(row.number)
        return done, problems

    def upload_signed(self, central: CentralReports) -> tuple[int, list[str]]:
        """Send the current file of each report signed here that the store has not accepted
        yet (it verifies each one); returns how many it accepted and the refusals."""
        uploaded = 0
        problems: list[str] = []
        for row in self._signed_here() or []:
            key = K_REPORT_UPLOADED + row.pdf_sha256
            with self._ctx.store.read() as s:
                if rep.get_setting(s, key) is not None:
                    continue
            try:
                central.upload_report(
                    row.assessment_id, row.pdf_sha256, self._files.read_bytes(row.pdf_sha256)
                )
            except Exception as e:
                problems.append(f"report version {row.number} was not sent: {e}")
                continue
            with self._ctx.store.write() as s:
                rep.set_setting(s, key, self._ctx.clock().isoformat())
            uploaded += 1
        return uploaded, problems

    # -- files -----------------------------------------------------------------------------

    def _put(self, data: bytes) -> Any:
        return self._files.put_bytes(data)

    def export(self, view: ReportVersionView, target: Path) -> Path:
        """Write the version's PDF, decrypted, to ``target`` (to share or print it)."""
        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        self._files.export(view.pdf_sha256, target)
        return target

    def _copy_out(self, view: ReportVersionView, out_dir: Path | None) -> None:
        if out_dir is not None:
            self.export(view, Path(out_dir) / view.file_name)


def report_command(reporting: Reporting, argv: Sequence[str]) -> int:
    """``qpm-desktop report ASSESSMENT --out FILE.pdf [--sign --name N --role R --drawing P]``.

    Renders (and with ``--sign``, signs with this device's credentials) without the window;
    prints the version and the file written. Exit status 0 on success.
    """
    import argparse

    parser = argparse.ArgumentParser(prog="qpm-desktop report")
    parser.add_argument("assessment", help="the assessment id")
    parser.add_argument("--out", type=Path, required=True, help="where to write the PDF")
    parser.add_argument(
        "--language",
        default="en",
        choices=list(LANGUAGES),
        help="en (English), cy (Cymraeg) or bilingual (Welsh then English in each part)",
    )
    parser.add_argument("--sign", action="store_true", help="sign the report after rendering")
    parser.add_argument("--name", help="the signer's name, as shown on the signature")
    parser.add_argument("--role", default="Lead assessor", help="the signer's role")
    parser.add_argument("--drawing", type=Path, help="a PNG of the drawn signature")
    try:
        args = parser.parse_args(list(argv))
    except SystemExit as e:
        return int(e.code or 0)
    try:
        version = reporting.render_report(args.assessment, language=args.language)
        if args.sign:
            drawing = args.drawing.read_bytes() if args.drawing else None
            version = reporting.sign_report(
                version.id, args.name or reporting.credentials.user, args.role, drawing
            )
        if version.path is None:
            raise ReportError("the rendered report is not on this device")
        reporting.export(version, args.out)
    except (ReportError, NotFound, OSError, RuntimeError, ValueError) as e:
        print(f"Cannot make the report: {e}")
        return 1
    print(f"Report version {version.number} ({version.state}) written to {args.out}")
    return 0


def _latest(s: Any, assessment_id: str, language: str) -> ReportVersion | None:
    return s.scalars(
        select(ReportVersion)
        .where(
            ReportVersion.assessment_id == assessment_id,
            ReportVersion.language == language,
            ReportVersion.deleted.is_(False),
        )
        .order_by(ReportVersion.number.desc())
        .limit(1)
    ).first()


def _version_view(row: ReportVersion, *, reused: bool = False) -> ReportVersionView:
    if row is None:
        raise NotFound("report version")
    return ReportVersionView(
        id=row.id,
        assessment_id=row.assessment_id,
        number=row.number,
        language=row.language,
        snapshot_sha256=row.snapshot_sha256,
        pdf_sha256=row.pdf_sha256,
        file_name=row.file_name,
        size=row.size,
        state=row.state,
        signers=tuple(row.signers or ()),
        signed_at=row.signed_at,
        path=Path(row.local_path) if row.local_path else None,
        reused=reused,
    )


def _file_name(snapshot: snap.ReportSnapshot, number: int) -> str:
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in snapshot.reference)
    return f"{safe or 'report'}-v{number}-{snapshot.language}.pdf"


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _groups(groups: Sequence[Any]) -> tuple[snap.SamplingGroupEntry, ...]:
    return tuple(
        snap.SamplingGroupEntry(g.group, g.advocates, g.target, g.achieved, g.met) for g in groups
    )


__all__ = ["ReportError", "ReportVersionView", "Reporting", "report_command"]
