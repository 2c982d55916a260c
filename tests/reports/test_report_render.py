"""The rendered report: its text, metadata, fonts, outline, and what odd input does to it."""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

from pyhanko.pdf_utils.reader import PdfFileReader

from qpm_desktop.model import enums
from qpm_desktop.reports.labels import EN, Labels
from qpm_desktop.reports.render import RenderedReport, escape, render_pdf, render_report
from qpm_desktop.reports.snapshot import InterviewEntry, ReportSnapshot


def _with_first_finding(snapshot: ReportSnapshot, **changes: str) -> ReportSnapshot:
    section = snapshot.sections[0]
    first = dataclasses.replace(section.standards[0], **changes)
    section = dataclasses.replace(section, standards=(first, *section.standards[1:]))
    return dataclasses.replace(snapshot, sections=(section, *snapshot.sections[1:]))


def _text(run_poppler, tmp_path: Path, pdf: bytes) -> str:  # type: ignore[no-untyped-def]
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return run_poppler("pdftotext", "-layout", str(path), "-")


def test_demo_report_text_shows_the_assessment(
    demo_snapshot: ReportSnapshot, demo_report: RenderedReport, run_poppler, tmp_path: Path
) -> None:
    """pdftotext finds the organisation, the placeholder notice, every standard code and the
    evidence by code and role, and no interview notes."""
    text = _text(run_poppler, tmp_path, demo_report.pdf)
    flat = " ".join(text.split())
    assert "Afon Advocacy Partnership (demo)" in flat
    assert "Placeholder framework" in flat
    assert "NOT the official Advocacy QPM standards" in flat
    for standard in demo_snapshot.standards():
        assert re.search(rf"(^|\s){re.escape(standard.code)}\s", text), standard.code
    assert "Interview: ADV-01 (Paid advocate)" in flat
    assert "Not awarded yet" in flat  # 8.2 is Not met
    assert "Cyfweliad yn Gymraeg" not in flat  # interview notes stay out
    assert f"Page 1 of {demo_report.pages}" in flat
    assert f"Page {demo_report.pages} of {demo_report.pages}" in flat


def test_demo_report_metadata_title_language_and_outline(
    demo_report: RenderedReport, run_poppler, tmp_path: Path
) -> None:
    """pdfinfo shows the title and page count; the catalog has /Lang en-GB and an outline with
    one entry per part and per framework section."""
    path = tmp_path / "report.pdf"
    path.write_bytes(demo_report.pdf)
    info = run_poppler("pdfinfo", str(path))
    assert "Title:           Advocacy QPM visit report: Afon Advocacy Partnership (demo)" in info
    assert re.search(rf"Pages:\s+{demo_report.pages}\n", info)
    root = PdfFileReader(io.BytesIO(demo_report.pdf)).root
    assert root["/Lang"] == "en-GB"
    titles: list[str] = []

    def walk(entry):  # type: ignore[no-untyped-def]
        while entry is not None:
            entry = entry.get_object()
            titles.append(str(entry["/Title"]))
            walk(entry.get("/First"))
            entry = entry.get("/Next")

    walk(root["/Outlines"].raw_get("/First"))
    assert "Findings" in titles and "Signatures" in titles
    assert "1. Clarity of purpose" in titles and "8. Supporting advocates" in titles


def test_every_font_is_embedded(demo_report: RenderedReport, run_poppler, tmp_path: Path) -> None:
    """pdffonts lists only embedded fonts (no Helvetica left unembedded)."""
    path = tmp_path / "report.pdf"
    path.write_bytes(demo_report.pdf)
    rows = run_poppler("pdffonts", str(path)).splitlines()[2:]
    assert rows
    for row in rows:
        assert re.search(r"\s(yes)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$", row), row


def test_welsh_letters_render_as_text(
    demo_snapshot: ReportSnapshot, run_poppler, tmp_path: Path
) -> None:
    """Welsh letters (ŵ ŷ â ê î ô û ï) come back out of the PDF as the same letters."""
    welsh = "Mae’r gwasanaeth yn cynnig dŵr, tŷ, â ê î ô û ŵ ŷ Ŵ Ŷ ï ë"
    pdf = render_pdf(_with_first_finding(demo_snapshot, rationale=welsh)).pdf
    assert welsh in " ".join(_text(run_poppler, tmp_path, pdf).split())


def test_odd_text_is_escaped_not_interpreted(
    demo_snapshot: ReportSnapshot, run_poppler, tmp_path: Path
) -> None:
    """Markup, ampersands, control characters, emoji, lone surrogates and right-to-left text
    neither break the paragraph markup nor vanish."""
    odd = (
        "<b>not bold</b> & <font size=40>x</font> <br/> &amp; \x00\x07\x1b[31m "
        "emoji 😀👍🏽 RTL שלום مرحبا \u202eevil\u202c lone \ud800 surrogate " + "W" * 3000
    )
    snapshot = _with_first_finding(demo_snapshot, rationale=odd, good_practice="<i>&</i>")
    pdf = render_pdf(snapshot).pdf
    flat = " ".join(_text(run_poppler, tmp_path, pdf).split())
    assert "<b>not bold</b> & <font size=40>x</font> <br/> &amp;" in flat
    assert "<i>&</i>" in flat
    assert "שלום" in flat or "םולש" in flat


def test_a_one_megabyte_rationale_flows_over_many_pages(demo_snapshot: ReportSnapshot) -> None:
    """A 1 MB rationale renders (split across pages) instead of crashing."""
    words = ("gwasanaeth advocacy ŵŷ independent " * 40_000)[:1_000_000]
    rendered = render_pdf(_with_first_finding(demo_snapshot, rationale=words))
    assert rendered.pages > 100


def test_five_hundred_interviews_render(demo_snapshot: ReportSnapshot) -> None:
    """500 interviews make a long, page-splitting table and still render."""
    interviews = tuple(
        InterviewEntry(f"INT-{i:03}", "paid_advocate", "phone", "welsh", True, None, ("1.1",))
        for i in range(500)
    )
    rendered = render_pdf(dataclasses.replace(demo_snapshot, interviews=interviews))
    assert rendered.pages > 20


def test_the_same_snapshot_gives_the_same_pdf(demo_snapshot: ReportSnapshot) -> None:
    """Rendering is a function of the snapshot: the same snapshot twice gives the same bytes."""
    assert render_pdf(demo_snapshot).pdf == render_pdf(demo_snapshot).pdf


def test_render_report_adds_one_signature_field_per_assessor(
    demo_report: RenderedReport,
) -> None:
    """The lead assessor and the co-assessor each get an empty signature field on the last page."""
    from qpm_desktop.reports.sign import unsigned_fields

    assert unsigned_fields(demo_report.pdf) == ["QPM-Signature-1", "QPM-Signature-2"]
    assert {slot.page for slot in demo_report.slots} == {demo_report.pages - 1}
    assert [s.signer_name for s in demo_report.slots] == ["Sam Okafor", "Elin Davies"]


def test_snapshot_hash_follows_its_content(demo_snapshot: ReportSnapshot) -> None:
    """The canonical JSON is stable, and any change to what the report shows changes the hash."""
    assert demo_snapshot.canonical_json() == dataclasses.replace(demo_snapshot).canonical_json()
    changed = _with_first_finding(demo_snapshot, rationale="Something else.")
    assert changed.sha256 != demo_snapshot.sha256
    assert len(demo_snapshot.sha256) == 64


def test_every_enum_value_has_an_english_label() -> None:
    """Each value the report may print has a label, so no raw identifier reaches a reader."""
    groups = {
        "rating": enums.Rating,
        "evidence_kind": enums.EvidenceKind,
        "interview_role": enums.InterviewRole,
        "interview_mode": enums.InterviewMode,
        "interview_language": enums.InterviewLanguage,
        "observation_kind": enums.ObservationKind,
        "case_check": enums.CaseCheckResult,
        "sample_kind": enums.SampleKind,
        "document_kind": enums.DocumentKind,
        "action_status": enums.ActionStatus,
        "advocacy_type": enums.AdvocacyType,
        "nation": enums.Nation,
    }
    missing = [f"{g}.{v.value}" for g, e in groups.items() for v in e if f"{g}.{v.value}" not in EN]
    assert missing == []
    assert Labels("en")("footer.page", page=2, pages=9) == "Page 2 of 9"


def test_escape_leaves_no_markup() -> None:
    """escape() turns markup characters into entities and drops control characters."""
    assert escape("<b>&\x00x\n") == "&lt;b&gt;&amp;x<br/>"


def test_a_rendered_report_is_a_signable_pdf(demo_snapshot: ReportSnapshot) -> None:
    """render_report's output reads back with pyHanko (it is what gets signed)."""
    rendered = render_report(demo_snapshot)
    assert PdfFileReader(io.BytesIO(rendered.pdf)).root["/AcroForm"]
