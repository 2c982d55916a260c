"""How long the signed visit report takes, beside ReportLab rendering plain pages.

An assessment with 40 interviews and every standard rated is rendered from its snapshot and
signed (certification signature, visible field); in the same run ReportLab renders the same
number of pages of plain text with the same embedded font. The signing key is certified by a
throwaway CA made for the run.
"""

from __future__ import annotations

import io
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from qpm_desktop.model import demo
from qpm_desktop.model.enums import EvidenceKind, InterviewRole, Rating
from qpm_desktop.reports.render import FONT, register_fonts, render_report
from qpm_desktop.reports.sign import SignatureAppearance, sign_pdf
from qpm_desktop.reports.throwaway_ca import make_ca
from qpm_desktop.services.core import Services
from qpm_desktop.services.demo import seed_demo
from qpm_desktop.services.reporting import Reporting

BENCH_KEY = bytes(range(32))
INTERVIEWS = 40
ROLES = [
    InterviewRole.PAID_ADVOCATE,
    InterviewRole.ADVOCACY_PARTNER,
    InterviewRole.MANAGER,
    InterviewRole.TRUSTEE,
    InterviewRole.REFERRER,
]


def _assessment(root: Path) -> Services:
    services = Services.open(root, actor=demo.LEAD_ASSESSOR, key=BENCH_KEY)
    aid = seed_demo(services)
    rec, q = services.recording, services.queries
    codes = [st.code for _, st in q.framework_of(aid).iter_standards()]
    have = len(q.interviews(aid))
    for i in range(have, INTERVIEWS):
        iid = rec.create_interview(
            aid,
            interviewee_code=f"BX-{i:02d}",
            role=ROLES[i % len(ROLES)],
            notes="Described how advocacy is agreed and reviewed with the person.",
        ).record_id("interview")
        rec.set_linked_standards(
            aid, EvidenceKind.INTERVIEW, iid, [codes[i % len(codes)], codes[(i * 7) % len(codes)]]
        )
    for code in codes:
        rec.record_finding(
            aid,
            code,
            rating=Rating.MET,
            rationale="Seen in interviews with advocates and partners, and in the case files "
            "sampled on site; the written policy matches what staff described. " * 2,
        )
    return services


def _plain_pdf(pages: int) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    register_fonts()
    style = ParagraphStyle("plain", fontName=FONT, fontSize=10, leading=13)
    text = "The organisation has a clear written statement of its purpose. " * 40
    story = []
    for _ in range(pages):
        story += [Paragraph(text, style), Paragraph(text, style), PageBreak()]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(story[:-1])
    return buffer.getvalue()


def run(repeats: int = 5) -> dict[str, float]:
    ca = make_ca("QPM benchmark CA")
    material = ca.material("Benchmark Assessor")
    with tempfile.TemporaryDirectory(prefix="qpm-bench-report-") as tmp:
        services = _assessment(Path(tmp))
        try:
            snapshot = Reporting(services.ctx).build_snapshot(demo.ASSESSMENT_ID)
        finally:
            services.close()
    render_ms, sign_ms, plain_ms = [], [], []
    pages = 0
    for _ in range(repeats):
        start = time.perf_counter()
        rendered = render_report(snapshot)
        mid = time.perf_counter()
        signed = sign_pdf(
            rendered.pdf,
            material,
            SignatureAppearance("Benchmark Assessor", "Lead assessor", datetime.now(UTC)),
            field_name=rendered.slots[0].field_name,
            certify=True,
        )
        end = time.perf_counter()
        assert signed.startswith(b"%PDF")
        pages = rendered.pages
        render_ms.append((mid - start) * 1000)
        sign_ms.append((end - mid) * 1000)
        start = time.perf_counter()
        _plain_pdf(pages)
        plain_ms.append((time.perf_counter() - start) * 1000)
    figures = {
        "pages": pages,
        "render_ms": statistics.median(render_ms),
        "sign_ms": statistics.median(sign_ms),
        "total_ms": statistics.median(r + s for r, s in zip(render_ms, sign_ms, strict=True)),
        "plain_ms": statistics.median(plain_ms),
    }
    figures["ratio"] = figures["total_ms"] / figures["plain_ms"]
    print(
        f"Signed report of an assessment with {INTERVIEWS} interviews and every standard rated "
        f"({pages} pages), median of {repeats}:"
    )
    print(f"  render {figures['render_ms']:.0f} ms + sign {figures['sign_ms']:.0f} ms = "
          f"{figures['total_ms']:.0f} ms (target under 1000 ms)")  # fmt: skip
    print(f"  ReportLab, {pages} plain pages: {figures['plain_ms']:.0f} ms; "
          f"ratio {figures['ratio']:.2f} (target within 3x)")  # fmt: skip
    return figures
