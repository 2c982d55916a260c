"""The report in Welsh and bilingual: labels, dates, numbers, plural forms, framework texts with
a marked English fallback, every Welsh letter surviving the PDF, and the CLI option."""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from qpm_desktop.model import demo
from qpm_desktop.reports.labels import (
    CY,
    EN,
    LANGUAGES,
    Labels,
    format_date,
    format_number,
    plural_category,
)
from qpm_desktop.reports.render import RenderedReport, render_pdf
from qpm_desktop.reports.snapshot import ReportSnapshot
from qpm_desktop.services.core import Services
from qpm_desktop.services.demo import seed_demo
from qpm_desktop.services.reporting import Reporting, report_command

# Every Welsh letter with a diacritic, lower and upper case (circumflex, grave, acute, diaeresis).
WELSH_LETTERS = "â ê î ô û ŵ ŷ Â Ê Î Ô Û Ŵ Ŷ à è ì ò ù ẁ ỳ á é í ó ú ẃ ý ä ë ï ö ü ẅ ÿ Ẁ Ẃ Ẅ Ỳ"
WELSH_SENTENCE = "Mae’r eiriolwyr yn siarad â’r tŷ; dŵr, gŵr, cyhoeddiad, cefnogaeth, Ŵyr Ŷd"
# pdftotext joins letters set one space apart, so the letters are checked as one run as well.
LETTERS_RUN = WELSH_LETTERS.replace(" ", "")


@pytest.fixture(scope="module")
def snapshots(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ReportSnapshot]:
    root = tmp_path_factory.mktemp("report-welsh") / "local"
    services = Services.open(root, actor=demo.LEAD_ASSESSOR, key=None)
    try:
        seed_demo(services)
        reporting = Reporting(services.ctx)
        return {lang: reporting.build_snapshot(demo.ASSESSMENT_ID, lang) for lang in LANGUAGES}
    finally:
        services.close()


def _with_letters(snapshot: ReportSnapshot) -> ReportSnapshot:
    """The demo with every Welsh letter in a rationale (typed text) and in the organisation."""
    section = snapshot.sections[0]
    first = dataclasses.replace(
        section.standards[0], rationale=f"{WELSH_SENTENCE}. {WELSH_LETTERS}"
    )
    section = dataclasses.replace(section, standards=(first, *section.standards[1:]))
    return dataclasses.replace(
        snapshot, sections=(section, *snapshot.sections[1:]), organisation="Eiriolaeth Ŵyl Ŷ"
    )


@pytest.fixture(scope="module")
def rendered(snapshots: dict[str, ReportSnapshot]) -> dict[str, RenderedReport]:
    return {lang: render_pdf(_with_letters(snapshots[lang])) for lang in ("cy", "bilingual")}


def _text(run_poppler, tmp_path: Path, pdf: bytes, *layout: str) -> str:  # type: ignore[no-untyped-def]
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return run_poppler("pdftotext", *layout, str(path), "-")


def _flat(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- plurals, dates


@pytest.mark.parametrize(
    ("n", "category"),
    [
        (0, "zero"),
        (1, "one"),
        (2, "two"),
        (3, "few"),
        (4, "other"),
        (5, "other"),
        (6, "many"),
        (7, "other"),
        (10, "other"),
        (11, "other"),
        (16, "other"),
        (20, "other"),
        (100, "other"),
        (1000000, "other"),
    ],
)
def test_welsh_plural_categories_follow_cldr(n: int, category: str) -> None:
    assert plural_category(n, "cy") == category


def test_english_plural_categories() -> None:
    assert [plural_category(n, "en") for n in (0, 1, 2, 6)] == ["other", "one", "other", "other"]


def test_welsh_counts_change_form_and_mutate() -> None:
    cy, en = Labels("cy"), Labels("en")
    forms = [cy.count("required_actions", n) for n in (0, 1, 2, 3, 4, 6, 11)]
    assert forms == [
        "dim camau gofynnol",
        "un cam gofynnol",
        "dau gam gofynnol",  # soft mutation after dau
        "tri cham gofynnol",  # aspirate mutation after tri
        "4 cam gofynnol",
        "chwe cham gofynnol",  # aspirate mutation after chwe
        "11 cam gofynnol",
    ]
    assert cy.count("files", 2, sentence=True) == "Dwy ffeil wedi'u hatodi"  # feminine: dwy
    assert [en.count("required_actions", n) for n in (1, 2)] == [
        "1 required action",
        "2 required actions",
    ]
    both = Labels("bilingual").count("standards", 3)
    assert both == "tair safon / 3 standards"


def test_dates_and_numbers_per_language() -> None:
    assert format_date("2026-12-02", "cy") == "2 Rhagfyr 2026"
    assert format_date("2026-12-02", "en") == "2 December 2026"
    assert format_date("2027-02-25", "bilingual") == "25 Chwefror / February 2027"
    months = [format_date(f"2026-{m:02}-01", "cy").split()[1] for m in range(1, 13)]
    assert months == [
        "Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin",
        "Gorffennaf", "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr",
    ]  # fmt: skip
    assert format_number(1234567, "cy") == format_number(1234567, "en") == "1,234,567"


def test_the_welsh_table_covers_every_english_key() -> None:
    assert sorted(set(EN) - set(CY)) == []
    assert sorted(set(CY) - set(EN)) == []
    same = [k for k in EN if EN[k] == CY[k] and not re.fullmatch(r"[A-Z0-9 \-{}:()]+", EN[k])]
    # The same in Welsh: "Band", and patterns made of placeholders only.
    assert sorted(same) == ["actions.count", "appendix.count", "cover.band", "signatures.slot"]


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError):
        Labels("fr")


# --------------------------------------------------------------------------- snapshots


def test_english_snapshot_has_no_welsh_fields(snapshots: dict[str, ReportSnapshot]) -> None:
    """An English snapshot's canonical JSON is as it was before Welsh reports existed."""
    assert "_cy" not in snapshots["en"].canonical_json()
    assert "Eglurder diben" in snapshots["cy"].canonical_json()
    assert len({s.sha256 for s in snapshots.values()}) == 3


def test_welsh_falls_back_to_english_and_says_so(
    snapshots: dict[str, ReportSnapshot], run_poppler, tmp_path: Path
) -> None:
    """A standard the framework has no Welsh for is printed in English, marked."""
    snapshot = snapshots["cy"]
    section = snapshot.sections[0]
    first = dataclasses.replace(section.standards[0], title_cy=None, statement_cy=None)
    section = dataclasses.replace(section, standards=(first, *section.standards[1:]))
    pdf = render_pdf(dataclasses.replace(snapshot, sections=(section, *snapshot.sections[1:])))
    flat = _flat(_text(run_poppler, tmp_path, pdf.pdf))
    assert f"1.1 {first.title} [Saesneg yn unig]" in flat
    assert first.statement in flat
    assert "[Saesneg yn unig: nid oes testun Cymraeg yn y fframwaith]" in flat


# --------------------------------------------------------------------------- the PDFs


def test_welsh_report_text_is_what_was_written(
    snapshots: dict[str, ReportSnapshot],
    rendered: dict[str, RenderedReport],
    run_poppler,
    tmp_path: Path,
) -> None:
    report = rendered["cy"]
    text = _text(run_poppler, tmp_path, report.pdf)
    flat = _flat(text)
    for phrase in (
        "Adroddiad ymweliad QPM Eiriolaeth",
        "Eiriolaeth Ŵyl Ŷ",
        "Dyddiadau'r ymweliad 2 Rhagfyr 2026 i 3 Rhagfyr 2026",
        "Fframwaith dros dro",
        "NID safonau swyddogol QPM Eiriolaeth",
        "Heb ei ddyfarnu eto: camau gofynnol i'w cwblhau",
        "Mae gan y fframwaith 41 safon.",
        "Canfyddiadau",
        "1. Eglurder diben",
        "1.1 Diben wedi'i ddatgan",
        "Barn: Wedi'i fodloni · Gorfodol",
        "Mae gan y sefydliad ddatganiad ysgrifenedig clir",
        "Angen rhagor o dystiolaeth",
        "Heb ei asesu eto",
        "Cyfweliad: ADV-01 (Eiriolwr cyflogedig)",
        "Ffeiliau achos ac adroddiadau a adolygwyd",
        "Un cam gofynnol.",
        "Dau eiriolwr wedi'u cyfweld",
        "Dim ffeiliau wedi'u hatodi.",
        "Llofnodion",
        "Aseswr arweiniol: Sam Okafor",
        f"Tudalen 1 o {report.pages}",
        f"Tudalen {report.pages} o {report.pages}",
        "FFRAMWAITH DROS DRO",
        WELSH_SENTENCE,
    ):
        assert phrase in flat, phrase
    assert LETTERS_RUN in flat.replace(" ", "")
    assert all(letter in flat for letter in LETTERS_RUN)
    for standard in snapshots["cy"].standards():
        assert standard.title_cy and standard.title_cy in flat, standard.code
    # No English label leaks into the Welsh report (typed text from the demo aside).
    for english in ("Findings", "Required actions", "Recommended outcome", "Page 1 of"):
        assert english not in flat, english


def test_bilingual_report_has_both_languages_welsh_first(
    rendered: dict[str, RenderedReport], run_poppler, tmp_path: Path
) -> None:
    report = rendered["bilingual"]
    flat = _flat(_text(run_poppler, tmp_path, report.pdf))
    for phrase in (
        "Adroddiad ymweliad QPM Eiriolaeth / Advocacy QPM visit report",
        "Canfyddiadau / Findings",
        "1. Eglurder diben / Clarity of purpose",
        "1.1 Diben wedi'i ddatgan / Stated purpose",
        "Wedi'i fodloni / Met",
        "2 Rhagfyr / December 2026",
        "Un cam gofynnol. 1 required action.",
        f"Tudalen / Page 1 o / of {report.pages}",
    ):
        assert phrase in flat, phrase
    assert LETTERS_RUN in flat.replace(" ", "")
    welsh = flat.index("Mae gan y sefydliad ddatganiad ysgrifenedig clir")
    english = flat.index("The organisation has a clear written statement")
    assert welsh < english  # Welsh first, then English, in each block


def test_welsh_pdf_language_title_and_outline(rendered: dict[str, RenderedReport]) -> None:
    for lang in ("cy", "bilingual"):
        reader = PdfFileReader(io.BytesIO(rendered[lang].pdf))
        assert str(reader.root["/Lang"]) == "cy"
        titles = []
        outline = reader.root["/Outlines"]
        item = outline.get("/First")
        while item is not None:
            item = item.get_object()
            titles.append(str(item["/Title"]))
            item = item.get("/Next")
        assert titles[0].startswith("Adroddiad ymweliad QPM Eiriolaeth"), titles
        assert all("\n" not in t for t in titles)


def test_every_welsh_letter_is_drawn_with_an_embedded_font(
    rendered: dict[str, RenderedReport], run_poppler, tmp_path: Path
) -> None:
    """pdffonts: only the bundled DejaVu fonts, all embedded, so ŵ ŷ ẁ ẃ ẅ ỳ show everywhere."""
    path = tmp_path / "cy.pdf"
    path.write_bytes(rendered["cy"].pdf)
    rows = run_poppler("pdffonts", str(path)).splitlines()[2:]
    assert rows and all("DejaVu" in r and " yes " in r for r in rows), rows


def test_report_command_accepts_the_languages(tmp_path: Path) -> None:
    services = Services.open(tmp_path / "local", actor=demo.LEAD_ASSESSOR, key=None)
    try:
        seed_demo(services)
        reporting = Reporting(services.ctx)
        for lang in LANGUAGES:
            out = tmp_path / f"{lang}.pdf"
            args = [demo.ASSESSMENT_ID, "--out", str(out), "--language", lang]
            assert report_command(reporting, args) == 0
            assert out.read_bytes().startswith(b"%PDF")
        assert report_command(reporting, [demo.ASSESSMENT_ID, "--out", "x", "--language", "fr"])
        assert {v.language for v in reporting.versions(demo.ASSESSMENT_ID)} == set(LANGUAGES)
    finally:
        services.close()
