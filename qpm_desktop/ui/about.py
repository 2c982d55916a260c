"""Help > About: the version, the framework note, where the data lives, and the licences."""

from __future__ import annotations

import platform
from pathlib import Path

import PySide6
from PySide6.QtCore import QSettings, Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from qpm_desktop import __version__
from qpm_desktop.locations import APP_NAME, placeholder_framework_path
from qpm_desktop.ui.a11y import accessible

LICENCE = "MIT"


def _shipped_framework() -> str:
    """The title and version of the framework this build ships (the placeholder)."""
    from qpm_desktop.model.framework import FrameworkError, load_framework

    try:
        framework = load_framework(placeholder_framework_path())
    except (FrameworkError, OSError) as exc:
        return f"? ({exc})"
    return f"{framework.key}"


class AboutDialog(QDialog):
    """Plain selectable text, so an assessor can copy the version into a support e-mail."""

    def __init__(
        self, data_dir: Path, settings: QSettings | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        settings = settings or QSettings()
        self.setWindowTitle(self.tr("About {app}").format(app=APP_NAME))
        self.version_label = QLabel(
            self.tr("{app} version {version}").format(app=APP_NAME, version=__version__)
        )
        self.version_label.setObjectName("heading2")
        accessible(self.version_label, self.tr("Version"), self.version_label.text())
        runtime = QLabel(
            self.tr("Qt {qt}, Qt for Python {pyside}, Python {python}").format(
                qt=qVersion(), pyside=PySide6.__version__, python=platform.python_version()
            )
        )
        framework = QLabel(
            self.tr(
                "Standards: the framework shipped with this version ({key}) is a PLACEHOLDER "
                "written for this project under the eight V4 section headings; the official "
                "NDTi standards are not public. Your administrator replaces it with the "
                "official framework file. Welsh texts await review by a Welsh speaker."
            ).format(key=_shipped_framework())
        )
        accessible(framework, self.tr("Framework note"), framework.text())
        self.data_label = QLabel(
            self.tr("Data folder: {data}\nSettings: {settings}").format(
                data=Path(data_dir), settings=settings.fileName()
            )
        )
        accessible(self.data_label, self.tr("Data folder"), self.data_label.text())
        licence = QLabel(
            self.tr(
                "{app} is free software under the {licence} licence. It uses Qt for Python "
                "(PySide6) under the LGPL 3.0, SQLite (public domain), SQLAlchemy and Alembic "
                "(MIT) and the DejaVu fonts (free licence, see resources/fonts/LICENSE)."
            ).format(app=APP_NAME, licence=LICENCE)
        )
        accessible(licence, self.tr("Licence"), licence.text())
        layout = QVBoxLayout(self)
        for label in (self.version_label, runtime, framework, self.data_label, licence):
            label.setWordWrap(True)
            label.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse
                | Qt.TextInteractionFlag.TextSelectableByKeyboard
            )
            layout.addWidget(label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        # Wrapped labels only know their height once the width is known.
        self.setMinimumWidth(600)
        self.resize(600, self.heightForWidth(600))
