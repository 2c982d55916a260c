"""Render the app icon's PNG, ICO and ICNS files from resources/icons/qpm-desktop.svg.

    .venv/bin/python packaging/make_icons.py

The outputs are committed, so a build never needs this script; run it again after changing the
SVG. It uses Qt's own SVG renderer (QtSvg ships with PySide6-Essentials) and Qt's ICO and ICNS
image writers, so no other imaging library is needed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QImageWriter, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SVG = ICONS / "qpm-desktop.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def main() -> int:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"error: {SVG} is not a valid SVG", file=sys.stderr)
        return 1
    written = []
    for size in SIZES:
        path = ICONS / f"qpm-desktop-{size}.png"
        if not render(renderer, size).save(str(path), "PNG"):
            print(f"error: could not write {path}", file=sys.stderr)
            return 1
        written.append(path)
    # Windows wants an .ico (the EXE and the installer); macOS an .icns (the app bundle).
    # Qt's writers take one image each; the largest size is what both systems scale from.
    formats = {bytes(f).decode() for f in QImageWriter.supportedImageFormats()}
    for suffix in ("ico", "icns"):
        path = ICONS / f"qpm-desktop.{suffix}"
        if suffix not in formats:
            print(f"warning: Qt cannot write .{suffix} here; {path.name} not made")
            continue
        if not render(renderer, 256).save(str(path), suffix.upper()):
            print(f"error: could not write {path}", file=sys.stderr)
            return 1
        written.append(path)
    for path in written:
        print(path.relative_to(ICONS.parent.parent))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
