"""A pad for a drawn signature, with the signer's typed name, role and the time of signing.

The drawing takes mouse, pen (tablet) and touch input. ``signature_png()`` gives the drawing
as PNG bytes (transparent background, cropped to the ink), which the report's visible
signature shows; the cryptographic signature itself is made by the services.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

_INK = QColor(15, 30, 110)
_PEN_WIDTH = 3.0


class SignatureCanvas(QWidget):
    """The drawing surface: strokes made with a mouse, a pen or a finger."""

    drawing_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._strokes: list[list[QPointF]] = []
        self.setMinimumSize(360, 140)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAccessibleName(self.tr("Signature drawing area"))
        self.setAccessibleDescription(
            self.tr("Draw your signature here with a mouse, a pen or a finger.")
        )

    # -- state -----------------------------------------------------------------------------

    def is_empty(self) -> bool:
        return not any(len(s) > 1 for s in self._strokes)

    def clear(self) -> None:
        self._strokes.clear()
        self.update()
        self.drawing_changed.emit()

    def strokes(self) -> list[list[tuple[float, float]]]:
        return [[(p.x(), p.y()) for p in s] for s in self._strokes]

    def _start(self, point: QPointF) -> None:
        self._strokes.append([point])
        self.update()

    def _extend(self, point: QPointF) -> None:
        if not self._strokes:
            self._start(point)
            return
        self._strokes[-1].append(point)
        self.update()

    def _finish(self) -> None:
        self.drawing_changed.emit()

    # -- input -----------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._start(event.position())
            event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._extend(event.position())
            event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._extend(event.position())
            self._finish()
            event.accept()

    def tabletEvent(self, event: QTabletEvent) -> None:
        kind = event.type()
        if kind == QTabletEvent.Type.TabletPress:
            self._start(event.position())
        elif kind == QTabletEvent.Type.TabletMove and event.pressure() > 0:
            self._extend(event.position())
        elif kind == QTabletEvent.Type.TabletRelease:
            self._finish()
        event.accept()  # a pen must not also arrive as a synthesised mouse event

    def event(self, event: object) -> bool:
        if isinstance(event, QTouchEvent):
            points = event.points()
            if points:
                position = points[0].position()
                kind = event.type()
                if kind == QTouchEvent.Type.TouchBegin:
                    self._start(position)
                elif kind == QTouchEvent.Type.TouchUpdate:
                    self._extend(position)
                elif kind in (QTouchEvent.Type.TouchEnd, QTouchEvent.Type.TouchCancel):
                    self._finish()
            event.accept()
            return True
        return super().event(event)  # type: ignore[arg-type]

    # -- drawing ---------------------------------------------------------------------------

    def _paths(self) -> list[QPainterPath]:
        paths = []
        for stroke in self._strokes:
            path = QPainterPath(stroke[0])
            for point in stroke[1:]:
                path.lineTo(point)
            paths.append(path)
        return paths

    def _pen(self) -> QPen:
        pen = QPen(_INK, _PEN_WIDTH)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        return pen

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        baseline = self.height() * 0.75
        p.setPen(QPen(QColor(190, 196, 204), 1, Qt.PenStyle.DashLine))
        p.drawLine(QPointF(12, baseline), QPointF(self.width() - 12, baseline))
        if self.hasFocus():
            p.setPen(QPen(self.palette().highlight().color(), 2))
            p.drawRect(self.rect().adjusted(1, 1, -2, -2))
        p.setPen(self._pen())
        for path in self._paths():
            p.drawPath(path)
        p.end()

    def to_png(self, scale: float = 2.0) -> bytes:
        """The drawing as PNG bytes: transparent, cropped to the ink, at ``scale`` x pixels."""
        if self.is_empty():
            return b""
        bounds = QRectF()
        for path in self._paths():
            bounds = bounds.united(path.boundingRect())
        margin = _PEN_WIDTH * 2
        bounds = bounds.adjusted(-margin, -margin, margin, margin)
        image = QImage(
            max(1, int(bounds.width() * scale)),
            max(1, int(bounds.height() * scale)),
            QImage.Format.Format_ARGB32,
        )
        image.fill(Qt.GlobalColor.transparent)
        p = QPainter(image)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.scale(scale, scale)
        p.translate(-bounds.topLeft())
        p.setPen(self._pen())
        for path in self._paths():
            p.drawPath(path)
        p.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        return bytes(data.data())


class SignaturePad(QWidget):
    """The drawn signature, the signer's name and role, and when it is signed.

    ``signature_changed`` fires whenever the drawing, the name or the role changes;
    ``is_complete()`` says whether there is enough to sign with.
    """

    signature_changed = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        name: str = "",
        role: str = "",
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self.setAccessibleName(self.tr("Signature pad"))

        self.canvas = SignatureCanvas(self)
        self.name_edit = QLineEdit(name, self)
        self.name_edit.setAccessibleName(self.tr("Signer's name"))
        self.name_edit.setPlaceholderText(self.tr("Your name as it should appear"))
        self.role_box = QComboBox(self)
        self.role_box.setEditable(True)
        self.role_box.setAccessibleName(self.tr("Signer's role"))
        self.role_box.addItems([self.tr("Lead assessor"), self.tr("Co-assessor")])
        if role:
            self.role_box.setCurrentText(role)
        self.time_label = QLabel(self)
        self.time_label.setAccessibleName(self.tr("Time of signing"))
        self.clear_button = QPushButton(self.tr("Clear drawing"), self)
        self.clear_button.setAccessibleName(self.tr("Clear the drawn signature"))

        form = QFormLayout()
        form.addRow(self.tr("&Name"), self.name_edit)
        form.addRow(self.tr("&Role"), self.role_box)
        form.addRow(self.tr("Time"), self.time_label)
        buttons = QHBoxLayout()
        hint = QLabel(self.tr("Sign in the box above"), self)
        buttons.addWidget(hint)
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.canvas, 1)
        layout.addLayout(buttons)
        layout.addLayout(form)

        self.clear_button.clicked.connect(self.canvas.clear)
        self.canvas.drawing_changed.connect(self._changed)
        self.name_edit.textChanged.connect(self._changed)
        self.role_box.currentTextChanged.connect(self._changed)
        self.refresh_time()

    def _changed(self) -> None:
        self.refresh_time()
        self.signature_changed.emit()

    def refresh_time(self) -> datetime:
        """Show (and return) the time that signing now would record."""
        now = self._clock()
        self.time_label.setText(now.strftime("%Y-%m-%d %H:%M %Z").strip())
        return now

    def signer_name(self) -> str:
        return self.name_edit.text().strip()

    def role(self) -> str:
        return self.role_box.currentText().strip()

    def signed_at(self) -> datetime:
        return self.refresh_time()

    def is_complete(self) -> bool:
        return bool(self.signer_name() and self.role() and not self.canvas.is_empty())

    def signature_png(self) -> bytes:
        """The drawing as PNG bytes (empty when nothing is drawn)."""
        return self.canvas.to_png()

    def clear(self) -> None:
        self.canvas.clear()
