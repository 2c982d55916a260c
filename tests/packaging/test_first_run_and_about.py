"""First start: sign in or demo. Help > About: the version, the data folder and the licence."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from qpm_desktop import __version__
from qpm_desktop.ui.about import AboutDialog
from qpm_desktop.ui.first_run import (
    SETTING_CHOICE,
    SETTING_SERVER,
    SETTING_USER,
    FirstRunChoice,
    FirstRunDialog,
    has_local_copy,
    resolve_start,
)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def test_the_demo_is_chosen_with_the_keyboard_and_remembered(qtbot, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """With no local copy, Enter on the dialog picks the demo; the next start skips the dialog."""
    asked: list[FirstRunDialog] = []

    def ask(dialog: FirstRunDialog) -> int:
        asked.append(dialog)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.demo_button.isDefault()
        qtbot.keyClick(dialog.demo_button, Qt.Key.Key_Return)
        return dialog.result()

    start = resolve_start(tmp_path / "local", tmp_path / "demo", settings=settings, ask=ask)
    assert start == (tmp_path / "demo", True)
    assert settings.value(SETTING_CHOICE) == FirstRunChoice.DEMO.value
    again = resolve_start(tmp_path / "local", tmp_path / "demo", settings=settings, ask=ask)
    assert again == (tmp_path / "demo", True) and len(asked) == 1


def test_sign_in_records_the_server_and_opens_a_new_copy(qtbot, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Sign in keeps the address and user name (never the password) and opens a new local copy,
    whose window then asks for the password."""
    dialog = FirstRunDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5000)
    dialog.server.setFocus()
    qtbot.keyClicks(dialog.server, "https://qpm.example.org")
    qtbot.keyClick(dialog.server, Qt.Key.Key_Tab)
    assert dialog.user.hasFocus()
    qtbot.keyClicks(dialog.user, "elin")
    qtbot.keyClicks(dialog.password, "s3cret")
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert settings.value(SETTING_SERVER) == "https://qpm.example.org"
    assert settings.value(SETTING_USER) == "elin"
    assert "s3cret" not in Path(settings.fileName()).read_text()
    assert dialog.password.text() == ""
    assert dialog.choice is FirstRunChoice.SIGN_IN and not dialog.isVisible()
    start = resolve_start(
        tmp_path / "local",
        tmp_path / "demo",
        settings=settings,
        ask=lambda d: (
            d.server.setText("https://qpm.example.org")
            or d.user.setText("elin")
            or d._sign_in()
            or 0
        ),
    )
    assert start == (tmp_path / "local", False)


def test_every_control_has_an_accessible_name(qtbot, settings) -> None:  # type: ignore[no-untyped-def]
    """A screen reader can name each field and button of the first-run dialog."""
    dialog = FirstRunDialog(settings)
    qtbot.addWidget(dialog)
    for widget in (
        dialog.server,
        dialog.user,
        dialog.password,
        dialog.sign_in_button,
        dialog.demo_button,
        dialog.quit_button,
    ):
        assert widget.accessibleName(), widget
        assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus


def test_closing_the_dialog_starts_nothing(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Quit (or Escape) on the first-run dialog means: open no copy at all."""
    start = resolve_start(
        tmp_path / "local", tmp_path / "demo", settings=settings, ask=lambda d: d.reject() or 0
    )
    assert start is None


def test_an_existing_local_copy_opens_without_asking(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Real data on this computer means no first-run question."""
    (tmp_path / "local").mkdir()
    (tmp_path / "local" / "qpm-local.sqlite3").write_bytes(b"")
    assert has_local_copy(tmp_path / "local")

    def never(_dialog: FirstRunDialog) -> int:
        raise AssertionError("asked")

    assert resolve_start(tmp_path / "local", tmp_path / "demo", settings=settings, ask=never) == (
        tmp_path / "local",
        False,
    )


def test_about_shows_version_framework_note_data_folder_and_licence(  # type: ignore[no-untyped-def]
    qtbot, settings, tmp_path
) -> None:
    """About names the version, warns of the placeholder standards, shows where data lives."""
    dialog = AboutDialog(tmp_path / "data", settings)
    qtbot.addWidget(dialog)
    texts = "\n".join(label.text() for label in dialog.findChildren(type(dialog.version_label)))
    assert __version__ in dialog.version_label.text()
    assert "PLACEHOLDER" in texts
    assert str(tmp_path / "data") in texts
    assert "MIT" in texts


def test_help_about_is_in_the_main_window_menu(qtbot, services, settings) -> None:  # type: ignore[no-untyped-def]
    """The main window's Help menu has About."""
    from qpm_desktop.ui.main_window import MainWindow
    from qpm_desktop.ui.ops import SyncOpRunner

    window = MainWindow(services, demo=True, runner=SyncOpRunner(), settings=settings)
    qtbot.addWidget(window)
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions()}
    assert "Help" in menus
    assert window.about_action in menus["Help"].actions()


def test_ask_again_shows_the_dialog_despite_a_remembered_demo(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """``--first-run`` (ask_again) asks even when the demo was chosen before."""
    settings.setValue(SETTING_CHOICE, FirstRunChoice.DEMO.value)
    asked: list[FirstRunDialog] = []
    start = resolve_start(
        tmp_path / "local",
        tmp_path / "demo",
        settings=settings,
        ask_again=True,
        ask=lambda d: asked.append(d) or d.reject() or 0,
    )
    assert start is None and len(asked) == 1
