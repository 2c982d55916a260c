"""Render a :class:`ReportSnapshot` to PDF with ReportLab, ready for signing.

The PDF has real text in embedded DejaVu Sans (full Welsh coverage: ŵ ŷ â ê î ô û ...), a
title and a language (/Lang), an outline with one bookmark per part and per framework section,
"Page N of M" on every page, and, on its last page, one empty signature field per assessor so
that each can sign in turn without adding fields after the first (certifying) signature.

Everything the assessors typed is treated as plain text: it is escaped for ReportLab's
paragraph markup, stripped of control characters, and cut into pieces small enough to flow
across pages, so a 1 MB rationale or a line of emoji renders instead of crashing.

ReportLab is not thread-safe: render on one lane at a time.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from qpm_desktop.locations import resources_dir
from qpm_desktop.reports.labels import PDF_LANG, Labels, both
from qpm_desktop.reports.snapshot import (
    EvidenceEntry,
    ReportSnapshot,
    SamplingGroupEntry,
    StandardEntry,
)

FONT = "QPMSans"
FONT_BOLD = "QPMSans-Bold"
FONT_ITALIC = "QPMSans-Oblique"
FONT_BOLD_ITALIC = "QPMSans-BoldOblique"
FONT_MONO = "QPMSansMono"
_FONT_FILES = {
    FONT: "DejaVuSans.ttf",
    FONT_BOLD: "DejaVuSans-Bold.ttf",
    FONT_ITALIC: "DejaVuSans-Oblique.ttf",
    FONT_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
    FONT_MONO: "DejaVuSansMono.ttf",
}

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 20 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
SIGNATURE_BOX_HEIGHT = 34 * mm

# A piece of typed text longer than this is cut (at a space where there is one) into several
# paragraphs: ReportLab splits a paragraph across pages, but wrapping one huge paragraph is slow.
CHUNK_CHARS = 2000
# Table cells hold short values; a table row cannot split across pages, so cap what goes in one.
CELL_CHARS = 400

_PAGE_COUNT_FORM = "qpmPageCount"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

_RATING_COLOURS = {
    "met": colors.HexColor("#1b6e2d"),
    "not_met": colors.HexColor("#a51d1d"),
    "further_evidence_needed": colors.HexColor("#8a5a00"),
    "not_yet_assessed": colors.HexColor("#555555"),
    "not_applicable": colors.HexColor("#555555"),
}
_HEAD_BG = colors.HexColor("#e8edf3")
_GRID = colors.HexColor("#9aa5b1")
_NOTICE_BG = colors.HexColor("#fff4e0")
_NOTICE_EDGE = colors.HexColor("#b35c00")


@dataclass(frozen=True, slots=True)
class SignatureSlot:
    """Where one assessor signs: the field name, the page (0-based) and the box in points."""

    field_name: str
    signer_name: str
    role: str  # "lead_assessor" | "co_assessor"
    page: int
    box: tuple[float, float, float, float]  # x1, y1, x2, y2 from the bottom left


@dataclass(frozen=True, slots=True)
class RenderedReport:
    pdf: bytes
    pages: int
    slots: tuple[SignatureSlot, ...]


def signature_field_name(index: int) -> str:
    """The name of the ``index``-th (0 = lead assessor) signature field."""
    return f"QPM-Signature-{index + 1}"


# --------------------------------------------------------------------------- fonts


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def font_path(name: str = FONT) -> Path:
    """The bundled font file behind the registered font ``name``."""
    return fonts_dir() / _FONT_FILES[name]


@cache
def register_fonts() -> None:
    """Register the bundled DejaVu fonts with ReportLab (once per process)."""
    from reportlab.lib.fonts import addMapping

    for name, file_name in _FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(fonts_dir() / file_name)))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)
    addMapping(FONT, 0, 1, FONT_ITALIC)
    addMapping(FONT, 1, 1, FONT_BOLD_ITALIC)


# --------------------------------------------------------------------------- text


def clean(text: str) -> str:
    """``text`` without control characters (tab and newline kept) or lone surrogates."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def escape(text: str) -> str:
    """``text`` made safe as the content of a ReportLab paragraph (no markup survives)."""
    text = clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\t", " ").replace("\n", "<br/>")


def chunks(text: str, size: int = CHUNK_CHARS) -> Iterable[str]:
    """``text`` cut into pieces of at most about ``size`` characters, at spaces where possible."""
    while len(text) > size:
        cut = text.rfind(" ", size // 2, size)
        if cut <= 0:
            cut = size
        yield text[:cut]
        text = text[cut:].lstrip(" ")
    if text:
        yield text


def _truncate(text: str, limit: int = CELL_CHARS) -> str:
    text = clean(text).replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------- styles


@dataclass(frozen=True)
class _Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    label: ParagraphStyle
    italic: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    mono: ParagraphStyle
    notice_title: ParagraphStyle
    notice: ParagraphStyle
    bullet: ParagraphStyle
    second: ParagraphStyle  # the English after the Welsh in a bilingual report


@cache
def _styles() -> _Styles:
    base = ParagraphStyle(
        "qpm-body",
        fontName=FONT,
        bulletFontName=FONT,
        fontSize=10,
        leading=13.5,
        alignment=TA_LEFT,
        spaceAfter=4,
    )

    def derive(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return _Styles(
        title=derive("qpm-title", fontName=FONT_BOLD, fontSize=22, leading=27, spaceAfter=6),
        subtitle=derive("qpm-subtitle", fontSize=14, leading=18, spaceAfter=14),
        h1=derive(
            "qpm-h1", fontName=FONT_BOLD, fontSize=16, leading=20, spaceBefore=4, spaceAfter=8
        ),
        h2=derive(
            "qpm-h2", fontName=FONT_BOLD, fontSize=13, leading=16, spaceBefore=10, spaceAfter=6
        ),
        h3=derive(
            "qpm-h3", fontName=FONT_BOLD, fontSize=11, leading=14, spaceBefore=10, spaceAfter=3
        ),
        body=base,
        small=derive("qpm-small", fontSize=8.5, leading=11),
        label=derive("qpm-label", fontName=FONT_BOLD, fontSize=9.5, spaceBefore=3, spaceAfter=1),
        italic=derive("qpm-italic", fontName=FONT_ITALIC, textColor=colors.HexColor("#333333")),
        cell=derive("qpm-cell", fontSize=8.5, leading=10.5, spaceAfter=0),
        cell_head=derive("qpm-cell-head", fontName=FONT_BOLD, fontSize=8.5, leading=10.5),
        mono=derive("qpm-mono", fontName=FONT_MONO, fontSize=7, leading=8.5, spaceAfter=0),
        notice_title=derive("qpm-notice-title", fontName=FONT_BOLD, textColor=_NOTICE_EDGE),
        notice=derive("qpm-notice", spaceAfter=0),
        bullet=derive("qpm-bullet", leftIndent=12, bulletIndent=2, spaceAfter=1),
        second=derive(
            "qpm-second", fontName=FONT_ITALIC, textColor=colors.HexColor("#4a5a6a"), fontSize=9.5
        ),
    )


# --------------------------------------------------------------------------- flowables


class _Heading(Paragraph):
    """A heading that leaves a bookmark (outline entry) where it lands."""

    def __init__(self, text: str, style: ParagraphStyle, key: str, level: int) -> None:
        super().__init__(escape(text), style)
        self.outline_title = clean(text).replace("\n", " / ")[:200]
        self.outline_key = key
        self.outline_level = level


class _SignatureBox(Flowable):
    """An empty, captioned box where a signature field goes; it records where it landed."""

    def __init__(self, caption: str, slot_index: int, sink: dict[int, Any]) -> None:
        super().__init__()
        self.caption = caption
        self.slot_index = slot_index
        self.sink = sink
        self.width = CONTENT_WIDTH
        self.height = SIGNATURE_BOX_HEIGHT + 14

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setFont(FONT_BOLD, 9.5)
        c.drawString(0, SIGNATURE_BOX_HEIGHT + 4, clean(self.caption)[:120])
        c.setStrokeColor(_GRID)
        c.setDash(3, 3)
        c.rect(0, 0, self.width, SIGNATURE_BOX_HEIGHT)
        c.restoreState()
        x, y = c.absolutePosition(0, 0)
        self.sink[self.slot_index] = (
            c.getPageNumber() - 1,
            (x, y, x + self.width, y + SIGNATURE_BOX_HEIGHT),
        )


class _ReportDoc(BaseDocTemplate):
    def __init__(self, buffer: io.BytesIO, snapshot: ReportSnapshot, lab: Labels) -> None:
        title = f"{lab('report.title')}: {clean(snapshot.organisation)}"
        super().__init__(
            buffer,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN + 4 * mm,
            bottomMargin=MARGIN,
            title=title,
            author=clean(snapshot.lead_assessor),
            subject=f"{lab('report.subject')} {clean(snapshot.reference)}",
            creator="QPM Desktop",
            producer="QPM Desktop (ReportLab)",
            keywords=f"QPM, {clean(snapshot.reference)}",
            lang=PDF_LANG[snapshot.language],
            displayDocTitle=1,
            initialFontName=FONT,
            invariant=1,  # the same snapshot gives the same bytes
        )
        self.snapshot = snapshot
        self.lab = lab
        frame = Frame(
            self.leftMargin, self.bottomMargin, self.width, self.height, id="body", showBoundary=0
        )
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._decorate)])
        self._doSave = 0  # saved by render(), after the page count form is defined

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, _Heading):
            self.canv.bookmarkPage(flowable.outline_key)
            self.canv.addOutlineEntry(
                flowable.outline_title, flowable.outline_key, level=flowable.outline_level
            )

    def _decorate(self, canv: Any, doc: BaseDocTemplate) -> None:
        snap, lab = self.snapshot, self.lab
        canv.saveState()
        canv.setFont(FONT, 8)
        canv.setFillColor(colors.HexColor("#444444"))
        if canv.getPageNumber() > 1:
            header = f"{_truncate(snap.organisation, 80)} · {_truncate(snap.reference, 40)}"
            canv.drawString(MARGIN, PAGE_HEIGHT - MARGIN + 2 * mm, header)
            canv.setStrokeColor(_GRID)
            rule_y = PAGE_HEIGHT - MARGIN + 0.5 * mm
            canv.line(MARGIN, rule_y, PAGE_WIDTH - MARGIN, rule_y)
        y = MARGIN - 9 * mm
        # "Page N of M": M is a form filled in once the last page is known.
        before, _, _after = lab("footer.page", page="\x00", pages="\x01").partition("\x01")
        text = before.replace("\x00", str(canv.getPageNumber()))
        canv.drawString(MARGIN, y, text)
        canv.saveState()
        canv.translate(MARGIN + pdfmetrics.stringWidth(text, FONT, 8), y)
        canv.doForm(_PAGE_COUNT_FORM)
        canv.restoreState()
        if snap.framework_placeholder:
            canv.setFillColor(_NOTICE_EDGE)
            canv.drawRightString(PAGE_WIDTH - MARGIN, y, lab("footer.placeholder"))
        canv.restoreState()


# --------------------------------------------------------------------------- the parts


class _Builder:
    def __init__(self, snapshot: ReportSnapshot, lab: Labels) -> None:
        self.s = snapshot
        self.lab = lab
        self.st = _styles()
        self.story: list[Flowable] = []
        self.slots: dict[int, Any] = {}
        self._keys = 0

    # small helpers

    def key(self) -> str:
        self._keys += 1
        return f"qpm-{self._keys}"

    def heading(self, text: str, style: ParagraphStyle, level: int) -> _Heading:
        return _Heading(text, style, self.key(), level)

    def para(self, text: str, style: ParagraphStyle | None = None) -> list[Flowable]:
        """Typed text as paragraphs: one per line, long lines cut into chunks."""
        style = style or self.st.body
        out: list[Flowable] = []
        for line in clean(text).split("\n"):
            for piece in chunks(line.strip()):
                out.append(Paragraph(escape(piece), style))
        return out

    def cell(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(escape(_truncate(text)), style or self.st.cell)

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[Any]],
        widths: Sequence[float],
        extra: Sequence[tuple[Any, ...]] = (),
    ) -> Table:
        head = [Paragraph(escape(h), self.st.cell_head) for h in header]
        body = [[c if isinstance(c, Flowable) else self.cell(str(c)) for c in r] for r in rows]
        t = Table([head, *body], colWidths=list(widths), repeatRows=1, hAlign="LEFT")
        t.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FONT),
                    ("BACKGROUND", (0, 0), (-1, 0), _HEAD_BG),
                    ("GRID", (0, 0), (-1, -1), 0.4, _GRID),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 4),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                    ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                    *extra,
                ]
            )
        )
        return t

    def rating(self, value: str, style: ParagraphStyle | None = None) -> Paragraph:
        colour = _RATING_COLOURS.get(value, colors.black).hexval().replace("0x", "#")
        text = escape(self.lab.enum("rating", value))
        return Paragraph(f'<font color="{colour}"><b>{text}</b></font>', style or self.st.cell)

    def _date_range(self) -> str:
        s, lab = self.s, self.lab
        if s.visit_start and s.visit_end and s.visit_start != s.visit_end:
            return f"{lab.date(s.visit_start)} {lab('cover.to')} {lab.date(s.visit_end)}"
        return lab.date(s.visit_start or s.visit_end)

    # framework texts: English, Welsh (English marked where the framework has none) or both

    def fw_title(self, en: str, cy: str | None) -> str:
        """A framework title in the report's language, on one line."""
        lab = self.lab
        if lab.language == "en":
            return en
        if not cy:
            return f"{en} {lab('findings.english_only_short')}"
        return cy if lab.language == "cy" else (en if cy == en else f"{cy} / {en}")

    def fw_paragraphs(self, en: str, cy: str | None, style: ParagraphStyle) -> list[Flowable]:
        """A framework text (a statement) as paragraphs: Welsh first in a bilingual report."""
        lab = self.lab
        if lab.language == "en" or not en.strip():
            return self.para(en, style)
        if not cy:
            marker = Paragraph(escape(lab("findings.english_only")), self.st.small)
            return [*self.para(en, style), marker]
        if lab.language == "cy":
            return self.para(cy, style)
        return self.para(cy, style) + self.para(en, self.st.second)

    # parts

    def cover(self) -> None:
        s, lab, st = self.s, self.lab, self.st
        self.story.append(Spacer(1, 18 * mm))
        self.story.append(self.heading(lab("report.title"), st.title, 0))
        self.story += self.para(s.organisation, st.subtitle)
        rows = [
            (lab("cover.organisation"), s.organisation),
            (lab("cover.reference"), s.reference),
            (lab("cover.visit_dates"), self._date_range()),
            (lab("cover.lead_assessor"), s.lead_assessor),
            (lab("cover.co_assessors"), ", ".join(s.co_assessors) or lab("cover.none")),
            (lab("cover.framework"), self.fw_title(s.framework_title, s.framework_title_cy)),
            (lab("cover.framework_version"), f"{s.framework_version} ({s.framework_key})"),
            (lab("cover.band"), lab.number(s.band)),
            (lab("cover.nations"), ", ".join(lab.enum("nation", n) for n in s.nations)),
            (
                lab("cover.services"),
                ", ".join(lab.enum("advocacy_type", v) for v in s.services),
            ),
        ]
        for v in s.visits:
            rows.append((lab("cover.visits"), f"{lab.date(v.visit_date)}: {v.location}"))
        data = [[Paragraph(escape(k), st.cell_head), self.cell(v, st.body)] for k, v in rows]
        t = Table(data, colWidths=[45 * mm, CONTENT_WIDTH - 45 * mm], hAlign="LEFT")
        t.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FONT),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.3, _GRID),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        self.story.append(t)
        if s.framework_placeholder:
            self.story.append(Spacer(1, 10 * mm))
            self.story.append(
                self.notice(lab("cover.placeholder_title"), lab("cover.placeholder_notice"))
            )
        self.story.append(PageBreak())

    def notice(self, title: str, text: str) -> Table:
        st = self.st
        box = Table(
            [[[Paragraph(escape(title), st.notice_title), Paragraph(escape(text), st.notice)]]],
            colWidths=[CONTENT_WIDTH],
        )
        box.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FONT),
                    ("BACKGROUND", (0, 0), (-1, -1), _NOTICE_BG),
                    ("BOX", (0, 0), (-1, -1), 1.2, _NOTICE_EDGE),
                    ("LEFTPADDING", (0, 0), (-1, -1), 8),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                    ("TOPPADDING", (0, 0), (-1, -1), 6),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                ]
            )
        )
        return box

    def summary(self) -> None:
        s, lab, st = self.s, self.lab, self.st
        o = s.outcome
        self.story.append(self.heading(lab("summary.title"), st.h1, 0))
        self.story.append(Paragraph(escape(lab("summary.recommendation")), st.label))
        colour = {"award": "#1b6e2d", "actions_required": "#a51d1d"}.get(
            o.recommendation, "#8a5a00"
        )
        rec = escape(lab.enum("recommendation", o.recommendation))
        self.story.append(Paragraph(f'<font color="{colour}"><b>{rec}</b></font>', st.h2))
        self.story.append(Paragraph(escape(lab("summary.rule")), st.italic))
        self.story.append(Spacer(1, 4 * mm))
        total = sum(n for _, n in o.counts)
        rows: list[list[Any]] = [[self.rating(r), lab.number(n)] for r, n in o.counts]
        rows.append(
            [Paragraph(f"<b>{escape(lab('summary.total'))}</b>", st.cell), lab.number(total)]
        )
        size = _counted(lab, "summary.size", "standards", total)
        self.story.append(Paragraph(escape(size), st.body))
        self.story.append(Paragraph(escape(lab("summary.counts")), st.label))
        self.story.append(
            self.table([lab("summary.judgement"), lab("summary.number")], rows, [70 * mm, 25 * mm])
        )
        for key, codes in (("summary.unmet", o.unmet), ("summary.undecided", o.undecided)):
            if codes:
                self.story.append(Paragraph(escape(lab(key)), st.label))
                self.story += self.para(", ".join(codes))
        self.story.append(PageBreak())

    def findings(self) -> None:
        s, lab, st = self.s, self.lab, self.st
        self.story.append(self.heading(lab("findings.title"), st.h1, 0))
        for section in s.sections:
            self.story.append(CondPageBreak(40 * mm))
            title = self.fw_title(section.title, section.title_cy)
            self.story.append(self.heading(f"{section.code}. {title}", st.h2, 1))
            for standard in section.standards:
                self.standard(standard)

    def standard(self, st_: StandardEntry) -> None:
        lab, st = self.lab, self.st
        kind = lab("findings.mandatory") if st_.mandatory else lab("findings.advisory")
        head = [
            self.heading(f"{st_.code} {self.fw_title(st_.title, st_.title_cy)}", st.h3, 2),
            Paragraph(
                f"{escape(lab('findings.judgement'))}: "
                + self.rating(st_.rating).text
                + f" &nbsp;·&nbsp; {escape(kind)}",
                st.body,
            ),
        ]
        statement = self.fw_paragraphs(st_.statement, st_.statement_cy, st.italic)
        head += statement[:1]
        self.story.append(KeepTogether(head))
        self.story += statement[1:]
        self.story.append(Paragraph(escape(lab("findings.rationale")), st.label))
        self.story += self.para(st_.rationale) or [
            Paragraph(escape(lab("findings.no_rationale")), st.italic)
        ]
        for key, text in (
            ("findings.good_practice", st_.good_practice),
            ("findings.areas_for_improvement", st_.areas_for_improvement),
        ):
            if text.strip():
                self.story.append(Paragraph(escape(lab(key)), st.label))
                self.story += self.para(text)
        self.story.append(Paragraph(escape(lab("findings.evidence")), st.label))
        if not st_.evidence:
            self.story.append(Paragraph(escape(lab("findings.no_evidence")), st.italic))
        for ev in st_.evidence:
            self.story.append(Paragraph(escape(self.evidence_line(ev)), st.bullet, bulletText="•"))

    def evidence_line(self, ev: EvidenceEntry) -> str:
        lab = self.lab
        kind = lab.enum("evidence_kind", ev.kind)
        group = {
            "interview": "interview_role",
            "observation": "observation_kind",
            "case_file": "sample_kind",
            "document": "document_kind",
        }.get(ev.kind, "")
        detail = lab.enum(group, ev.detail) if ev.detail else ""
        text = f"{kind}: {_truncate(ev.label, 300)}"
        return f"{text} ({detail})" if detail else text

    def actions(self) -> None:
        s, lab, st = self.s, self.lab, self.st
        self.story.append(PageBreak())
        self.story.append(self.heading(lab("actions.title"), st.h1, 0))
        if not s.required_actions:
            self.story.append(Paragraph(escape(lab("actions.none")), st.body))
            return
        count = _counted(lab, "actions.count", "required_actions", len(s.required_actions))
        self.story.append(Paragraph(escape(count), st.body))
        rows = []
        for a in s.required_actions:
            description = _truncate(a.description, 1200) or lab("actions.not_set")
            if a.from_earlier_assessment:
                description += " " + lab("actions.earlier")
            rows.append(
                [
                    a.standard_code,
                    description,
                    a.owner or lab("actions.not_set"),
                    lab.date(a.due_on) if a.due_on else lab("actions.not_set"),
                    lab.enum("action_status", a.status),
                ]
            )
        self.story.append(
            self.table(
                [
                    lab("actions.standard"),
                    lab("actions.description"),
                    lab("actions.owner"),
                    lab("actions.due"),
                    lab("actions.status"),
                ],
                rows,
                [22 * mm, 76 * mm, 32 * mm, 24 * mm, CONTENT_WIDTH - 154 * mm],
            )
        )

    def sampling(self) -> None:
        s, lab, st = self.s, self.lab, self.st
        sm = s.sampling
        self.story.append(CondPageBreak(60 * mm))
        self.story.append(self.heading(lab("sampling.title"), st.h1, 0))
        self.story.append(Paragraph(escape(lab("sampling.intro")), st.body))
        yes, no = lab("sampling.yes"), lab("sampling.no")

        def groups(title: str, entries: Sequence[SamplingGroupEntry]) -> None:
            self.story.append(Paragraph(escape(title), st.label))
            rows = [
                [
                    g.group,
                    lab.number(g.advocates),
                    lab.number(g.target),
                    lab.number(g.achieved),
                    yes if g.met else no,
                ]
                for g in entries
            ]
            self.story.append(
                self.table(
                    [
                        lab("sampling.group"),
                        lab("sampling.advocates"),
                        lab("sampling.target"),
                        lab("sampling.achieved"),
                        lab("sampling.met"),
                    ],
                    rows or [[lab("evidence.none"), "", "", "", ""]],
                    [70 * mm, 25 * mm, 25 * mm, 25 * mm, CONTENT_WIDTH - 145 * mm],
                )
            )

        groups(lab("sampling.by_manager"), sm.by_manager)
        groups(lab("sampling.by_area"), sm.by_area)
        self.story.append(Spacer(1, 3 * mm))
        rows = [
            [
                lab("sampling.case_files"),
                "",
                lab.number(sm.case_files_target),
                lab.number(sm.case_files_achieved),
                yes if sm.case_files_achieved >= sm.case_files_target else no,
            ],
            [
                lab("sampling.reports"),
                "",
                lab.number(sm.reports_target),
                lab.number(sm.reports_achieved),
                yes if sm.reports_achieved >= sm.reports_target else no,
            ],
        ]
        self.story.append(
            self.table(
                ["", "", lab("sampling.target"), lab("sampling.achieved"), lab("sampling.met")],
                rows,
                [70 * mm, 25 * mm, 25 * mm, 25 * mm, CONTENT_WIDTH - 145 * mm],
            )
        )
        line = lab.count("advocates_interviewed", sm.interviewed, sentence=True)
        if sm.unassigned:
            line += f" ({lab('sampling.unassigned')}: {lab.number(sm.unassigned)})"
        self.story.append(Spacer(1, 2 * mm))
        self.story.append(Paragraph(escape(line), st.body))

    def evidence(self) -> None:
        s, lab, st = self.s, self.lab, self.st
        self.story.append(PageBreak())
        self.story.append(self.heading(lab("evidence.title"), st.h1, 0))

        self.story.append(self.heading(lab("evidence.interviews"), st.h2, 1))
        self.story.append(Paragraph(escape(lab("evidence.interviews_note")), st.italic))
        if s.interviews:
            rows = [
                [
                    i.code,
                    lab.enum("interview_role", i.role),
                    lab.enum("interview_mode", i.mode),
                    lab.enum("interview_language", i.language),
                    lab("unknown")
                    if i.welsh_offered is None
                    else (lab("yes") if i.welsh_offered else lab("no")),
                    ", ".join(i.standards),
                ]
                for i in s.interviews
            ]
            self.story.append(
                self.table(
                    [
                        lab("evidence.code"),
                        lab("evidence.role"),
                        lab("evidence.mode"),
                        lab("evidence.language"),
                        lab("evidence.welsh_offered"),
                        lab("evidence.standards"),
                    ],
                    rows,
                    [20 * mm, 36 * mm, 20 * mm, 23 * mm, 26 * mm, CONTENT_WIDTH - 125 * mm],
                )
            )
        else:
            self.story.append(Paragraph(escape(lab("evidence.none")), st.body))

        self.story.append(self.heading(lab("evidence.observations"), st.h2, 1))
        if not s.observations:
            self.story.append(Paragraph(escape(lab("evidence.none")), st.body))
        for o in s.observations:
            title = f"{lab.enum('observation_kind', o.kind)}: {_truncate(o.title, 300)}"
            meta = ", ".join(o.standards)
            block: list[Flowable] = [Paragraph(f"<b>{escape(title)}</b>", st.body)]
            if meta:
                block.append(Paragraph(escape(f"{lab('evidence.standards')}: {meta}"), st.small))
            self.story.append(KeepTogether(block))
            self.story += self.para(o.notes)

        self.story.append(self.heading(lab("evidence.case_files"), st.h2, 1))
        if s.case_files:
            rows = []
            for c in s.case_files:
                kind = lab.enum("sample_kind", c.sample_kind)
                if c.on_site:
                    kind += f" ({lab('evidence.on_site')})"
                checks = "; ".join(
                    f"{k.standard_code}: {lab.enum('case_check', k.result)}" for k in c.checks
                )
                rows.append([c.code, kind, lab.enum("advocacy_type", c.advocacy_type), checks])
            self.story.append(
                self.table(
                    [
                        lab("evidence.code"),
                        lab("evidence.kind"),
                        lab("cover.services"),
                        lab("evidence.checks"),
                    ],
                    rows,
                    [22 * mm, 30 * mm, 45 * mm, CONTENT_WIDTH - 97 * mm],
                )
            )
        else:
            self.story.append(Paragraph(escape(lab("evidence.none")), st.body))

        self.story.append(self.heading(lab("evidence.documents"), st.h2, 1))
        if not s.documents:
            self.story.append(Paragraph(escape(lab("evidence.none")), st.body))
        for d in s.documents:
            title = f"{lab.enum('document_kind', d.kind)}: {_truncate(d.title, 300)}"
            block = [Paragraph(f"<b>{escape(title)}</b>", st.body)]
            if d.standards:
                block.append(
                    Paragraph(
                        escape(f"{lab('evidence.standards')}: {', '.join(d.standards)}"),
                        st.small,
                    )
                )
            self.story.append(KeepTogether(block))
            self.story += self.para(d.description)

    def appendix(self) -> None:
        s, lab, st = self.s, self.lab, self.st
        self.story.append(PageBreak())
        self.story.append(self.heading(lab("appendix.title"), st.h1, 0))
        self.story.append(Paragraph(escape(lab("appendix.intro")), st.body))
        files = sum(len(d.files) for d in s.documents)
        count = _counted(lab, "appendix.count", "files", files)
        self.story.append(Paragraph(escape(count), st.body))
        rows: list[list[Any]] = []
        for d in s.documents:
            if not d.files:
                rows.append([d.title, lab("appendix.no_files"), "", ""])
            for f in d.files:
                digest = f"{f.sha256[:32]}\n{f.sha256[32:]}"
                size = lab.number(f.size)
                rows.append([d.title, f.file_name, size, Paragraph(escape(digest), st.mono)])
        if rows:
            self.story.append(
                self.table(
                    [
                        lab("evidence.title_col"),
                        lab("appendix.file"),
                        lab("appendix.size"),
                        lab("appendix.sha256"),
                    ],
                    rows,
                    [52 * mm, 45 * mm, 20 * mm, CONTENT_WIDTH - 117 * mm],
                )
            )
        else:
            self.story.append(Paragraph(escape(lab("evidence.none")), st.body))

    def signatures(self) -> None:
        s, lab, st = self.s, self.lab, self.st
        self.story.append(PageBreak())
        self.story.append(self.heading(lab("signatures.title"), st.h1, 0))
        self.story.append(Paragraph(escape(lab("signatures.declaration")), st.body))
        self.story.append(
            Paragraph(
                escape(f"{lab('signatures.snapshot')}: {s.sha256}"),
                st.small,
            )
        )
        self.story.append(Spacer(1, 6 * mm))
        for index, (name, role) in enumerate(signers_of(s)):
            caption = lab("signatures.slot", role=lab(f"role.{role}"), name=name)
            self.story.append(_SignatureBox(caption, index, self.slots))
            self.story.append(Spacer(1, 6 * mm))


def _counted(lab: Labels, label_key: str, count_key: str, n: int) -> str:
    """The label ``label_key`` with ``{count}`` as ``n`` things of kind ``count_key``, in the
    right plural form for each language (a label starting with the count makes it a sentence)."""
    if lab.bilingual:
        cy = _counted(Labels("cy"), label_key, count_key, n)
        return both(cy, _counted(Labels("en"), label_key, count_key, n))
    template = lab(label_key, count="\x00")
    counted = lab.count(count_key, n, sentence=template.startswith("\x00"))
    return template.replace("\x00", counted)


def signers_of(snapshot: ReportSnapshot) -> list[tuple[str, str]]:
    """Who signs, in order: the lead assessor, then each co-assessor."""
    out = [(snapshot.lead_assessor, "lead_assessor")]
    out += [(name, "co_assessor") for name in snapshot.co_assessors]
    return out


# --------------------------------------------------------------------------- entry points


def render_pdf(snapshot: ReportSnapshot) -> RenderedReport:
    """The report as a PDF without signature fields, and where the fields go."""
    register_fonts()
    lab = Labels(snapshot.language)
    b = _Builder(snapshot, lab)
    b.cover()
    b.summary()
    b.findings()
    b.actions()
    b.sampling()
    b.evidence()
    b.appendix()
    b.signatures()
    buffer = io.BytesIO()
    doc = _ReportDoc(buffer, snapshot, lab)
    doc.build(b.story)
    canv = doc.canv
    pages = canv.getPageNumber() - 1
    canv.beginForm(_PAGE_COUNT_FORM)
    canv.setFont(FONT, 8)
    canv.setFillColor(colors.HexColor("#444444"))
    canv.drawString(0, 0, str(pages))
    canv.endForm()
    canv.showOutline()
    if snapshot.taken_at:
        stamp = pdf_date(snapshot.taken_at)
        canv.setDateFormatter(lambda *_ymdhms: stamp)  # CreationDate and ModDate
    canv.save()
    names = signers_of(snapshot)
    slots = tuple(
        SignatureSlot(
            field_name=signature_field_name(i),
            signer_name=names[i][0],
            role=names[i][1],
            page=page,
            box=box,
        )
        for i, (page, box) in sorted(b.slots.items())
    )
    return RenderedReport(buffer.getvalue(), pages, slots)


def pdf_date(iso: str) -> str:
    """An ISO 8601 time as a PDF date in UTC ("D:20261203163000+00'00'"); a time without a
    zone is taken as UTC."""
    moment = datetime.fromisoformat(iso)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("D:%Y%m%d%H%M%S+00'00'")


@cache
def _reproducible_update_class() -> type:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    class ReproducibleUpdate(IncrementalPdfFileWriter):
        """pyHanko's incremental writer, made a function of its input: the update's file
        identifier comes from the bytes it extends (not at random), and its modification
        date stays the document's creation date (the snapshot's time), not the clock's."""

        def __init__(self, data: bytes) -> None:
            super().__init__(io.BytesIO(data), strict=False)
            first = self._document_id[0]
            digest = hashlib.sha256(data).digest()[:16]
            self._document_id = generic.ArrayObject([first, generic.ByteStringObject(digest)])

        def _update_meta(self) -> None:
            super()._update_meta()
            info = self._info.get_object() if self._info is not None else None
            if info is not None and "/CreationDate" in info:
                info[generic.NameObject("/ModDate")] = info["/CreationDate"]

    return ReproducibleUpdate


def _reproducible_writer(data: bytes) -> Any:
    return _reproducible_update_class()(data)


def render_report(snapshot: ReportSnapshot) -> RenderedReport:
    """The report, with one empty signature field per assessor, ready to sign. One snapshot
    always gives the same bytes."""
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field

    rendered = render_pdf(snapshot)
    writer = _reproducible_writer(rendered.pdf)
    for slot in rendered.slots:
        append_signature_field(
            writer,
            SigFieldSpec(
                sig_field_name=slot.field_name,
                on_page=slot.page,
                box=slot.box,  # type: ignore[arg-type]
            ),
        )
    out = io.BytesIO()
    writer.write(out)
    return RenderedReport(out.getvalue(), rendered.pages, rendered.slots)


# --------------------------------------------------------------------------- signature appearance


def render_signature_appearance(
    width: float,
    height: float,
    *,
    name: str,
    role: str,
    when: str,
    issuer: str,
    drawing_png: bytes | None,
    signed_label: str = "Signed digitally",
) -> bytes:
    """A one-page PDF, ``width`` x ``height`` points: the visible face of one signature.

    The drawn signature fills the left part, the name, role, time and issuer the right; text is
    in the bundled font, so any name (ŵ, ŷ, â ...) shows as typed.
    """
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    register_fonts()
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=(width, height), invariant=1, initialFontName=FONT)
    c.setFillColor(colors.white)
    c.setStrokeColor(colors.HexColor("#33496e"))
    c.setLineWidth(1)
    c.rect(0.5, 0.5, width - 1, height - 1, fill=1, stroke=1)
    pad = 6.0
    split = width * 0.42 if drawing_png else pad
    if drawing_png:
        image = ImageReader(io.BytesIO(drawing_png))
        c.drawImage(
            image,
            pad,
            pad,
            width=split - 2 * pad,
            height=height - 2 * pad,
            preserveAspectRatio=True,
            anchor="c",
            mask="auto",
        )
        c.setStrokeColor(colors.HexColor("#c3cad3"))
        c.line(split, pad, split, height - pad)
    x = split + 8
    room = width - x - pad
    lines = [
        (FONT_BOLD, 11.0, name, colors.black),
        (FONT, 9.5, role, colors.black),
        (FONT, 9.0, when, colors.HexColor("#333333")),
        (FONT_ITALIC, 8.0, f"{signed_label} · {issuer}", colors.HexColor("#33496e")),
    ]
    y = height - pad - 13
    for font, size, text, colour in lines:
        text = _fit(clean(text).replace("\n", " "), font, size, room)
        c.setFont(font, size)
        c.setFillColor(colour)
        c.drawString(x, y, text)
        y -= size + 6
    c.showPage()
    c.save()
    return buffer.getvalue()


def _fit(text: str, font: str, size: float, room: float) -> str:
    """``text``, cut with an ellipsis so that it fits ``room`` points."""
    if pdfmetrics.stringWidth(text, font, size) <= room:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > room:
        text = text[:-1]
    return text + "…"
