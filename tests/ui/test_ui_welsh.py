"""The app in Welsh: every visible string translated, the language setting, Welsh plurals, dates
and framework texts, and every screen at 1366x768 with nothing cut short."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QSettings
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from qpm_desktop.ui import i18n
from qpm_desktop.ui.screenshots import save_screenshots
from qpm_desktop.ui.workspace import TAB_KEYS


@pytest.fixture
def welsh(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    i18n.install("cy")
    yield
    i18n.install("en")


def test_every_visible_string_has_a_welsh_translation() -> None:
    """lupdate over the CURRENT ui sources (into a copy of the committed .ts) finds no string
    without a finished Welsh translation, apart from the short allow-list; a new tr() string
    fails here until `python -m qpm_desktop.ui.i18n update` is run and it is translated."""
    problems = i18n.check_current_sources()
    listing = "\n".join(str(p) for p in problems)
    assert not problems, (
        f"{len(problems)} UI string(s) need Welsh (run `.venv/bin/python -m qpm_desktop.ui.i18n "
        f"update`, translate, run it again):\n{listing}"
    )


def _hidden_from_lupdate(source: str) -> list[str]:
    """Wrappers that hide strings from lupdate in one UI source file: a function passing its
    own parameter to ``tr`` or ``translate`` (lupdate reads only literals, or tables marked
    with ``QT_TRANSLATE_NOOP``)."""
    import ast

    found = []
    for func in ast.walk(ast.parse(source)):
        if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        params = {a.arg for a in (*func.args.posonlyargs, *func.args.args, *func.args.kwonlyargs)}
        for node in ast.walk(func):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            name = node.func.attr
            if name not in ("tr", "translate") or not node.args:
                continue
            text = node.args[1] if name == "translate" and len(node.args) > 1 else node.args[0]
            if isinstance(text, ast.Name) and text.id in params:
                found.append(f"line {node.lineno}: {func.name}() passes {text.id!r} to {name}")
    return found


def test_every_translated_string_is_a_literal_lupdate_can_see() -> None:
    """A wrapper like ``def _tr(text): return translate("Ctx", text)`` hides its strings from
    lupdate: they never reach the catalogue and stay English for ever, unnoticed."""
    hidden = {
        path.name: found
        for path in i18n.ui_sources()
        if (found := _hidden_from_lupdate(path.read_text(encoding="utf-8")))
    }
    assert not hidden, hidden
    assert _hidden_from_lupdate("def _tr(t):\n    return QCoreApplication.translate('X', t)\n")


def test_the_allow_list_stays_short() -> None:
    assert len(i18n.ALLOWED_UNTRANSLATED) + len(i18n.KEPT_TERMS) <= 10
    assert not i18n.needs_translation("{code} · {kind}")  # placeholders only
    assert not i18n.needs_translation("QPM")
    assert i18n.needs_translation("Met")


def test_the_compiled_files_are_shipped_and_load(welsh: None) -> None:
    folder = i18n.translations_dir()
    for name in (
        "qpm_desktop_cy.ts",
        "qpm_desktop_cy.qm",
        "qpm_desktop_en.ts",
        "qpm_desktop_en.qm",
    ):
        assert (folder / name).is_file(), name
    translate = QCoreApplication.translate
    assert translate("MainWindow", "&File") == "&Ffeil"
    assert translate("Labels", "Met") == "Wedi'i fodloni"
    assert translate("Labels", "Further evidence needed") == "Angen rhagor o dystiolaeth"
    assert translate("Labels", "Not yet assessed") == "Heb ei asesu eto"
    assert translate("Labels", "Not applicable") == "Amherthnasol"


def test_welsh_plurals_in_the_ui(welsh: None) -> None:
    """Qt's Welsh plural forms: 0, 1, 2-5, 6 and the rest."""

    def synced(n: int) -> str:
        return QCoreApplication.translate("MainWindow", "%n changes not yet synced", "", n)

    assert synced(0) == "Dim newidiadau heb eu cysoni"
    assert synced(1) == "1 newid heb ei gysoni"
    assert synced(2) == "2 newid heb eu cysoni"
    assert synced(28) == "28 newid heb eu cysoni"


def test_english_plurals_in_the_ui(qapp) -> None:  # type: ignore[no-untyped-def]
    i18n.install("en")
    translate = QCoreApplication.translate
    assert translate("MainWindow", "%n changes not yet synced", "", 1) == "1 change not yet synced"
    assert translate("MainWindow", "%n changes not yet synced", "", 3) == "3 changes not yet synced"


def test_language_setting_follows_the_system_by_default(tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    assert i18n.chosen(settings) == "system"
    welsh_system = QLocale(QLocale.Language.Welsh, QLocale.Country.UnitedKingdom)
    english_system = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
    assert i18n.effective("system", welsh_system) == "cy"
    assert i18n.effective("system", english_system) == "en"
    assert i18n.effective("en", welsh_system) == "en"
    i18n.choose("cy", settings)
    assert (
        QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat).value(i18n.SETTING_LANGUAGE)
        == "cy"
    )
    assert i18n.effective(i18n.chosen(settings)) == "cy"
    with pytest.raises(ValueError):
        i18n.choose("fr", settings)


def test_the_main_window_in_welsh(make_window, welsh: None) -> None:  # type: ignore[no-untyped-def]
    window, _services = make_window()
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&Ffeil", "&Golygu", "G&weld", "&Cofnodi", "G&osodiadau", "C&ymorth"]
    language = window.settings_menu.language_actions
    assert [language[c].text() for c in i18n.CHOICES] == [
        "Rhagosodiad y system",
        "English",
        "Cymraeg",
    ]
    assert language["system"].isChecked()
    assert window.unsynced.text().endswith("newid heb eu cysoni")
    assert window.demo_marker.text().startswith("DATA DEMO")
    tabs = window.workspace.tabs
    assert [tabs.tabText(i) for i in range(tabs.count())][:3] == [
        "&1 Trosolwg",
        "&2 Safonau",
        "&3 Cyfweliadau",
    ]
    # Framework texts come from the framework's Welsh; its English-only guidance is marked.
    window.show_tab("standards")
    window.workspace.standards.select("1.1")
    editor = window.workspace.standards.editor
    assert editor.title.text() == "1.1  Diben wedi'i ddatgan"
    assert editor.statement.text().startswith("Mae gan y sefydliad ddatganiad")
    assert editor.guidance.text().startswith("Canllawiau (yn Saesneg yn unig): Look for")
    top = window.workspace.standards.tree.topLevelItem(0)
    assert top.text(0) == "1  Eglurder diben"
    # Dates the Welsh way on the list.
    window.show_list()
    row = [window.page.model.index(0, c).data() for c in range(window.page.model.columnCount())]
    assert "02 Rhag 2026" in row[3] and "03 Rhag 2026" in row[3]


def _needs(widget: QWidget) -> int:
    hint = widget.minimumSizeHint() if isinstance(widget, QLabel) else widget.sizeHint()
    return hint.width()


def _cut_short(root: QWidget) -> list[str]:
    """Visible one-line labels and buttons narrower than their text needs."""
    out = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or widget.width() <= 0:
            continue
        label = isinstance(widget, QLabel) and not widget.wordWrap()
        button = isinstance(widget, QAbstractButton)
        if (label or button) and widget.text() and widget.width() + 1 < _needs(widget):
            out.append(f"{widget.text()!r}: {widget.width()} px < {_needs(widget)} px")
    return out


def test_every_screen_in_welsh_at_1366x768(
    qapp,
    tmp_path: Path,
    test_key: bytes,  # type: ignore[no-untyped-def]
) -> None:
    """Screenshots of every screen in Welsh, none with a label or button cut short."""
    from PySide6.QtWidgets import QApplication

    seen: list[str] = []
    original_grab = QWidget.grab

    def grab_and_check(self, *args):  # type: ignore[no-untyped-def]
        seen.extend(_cut_short(self))
        return original_grab(self, *args)

    QWidget.grab = grab_and_check  # type: ignore[method-assign]
    try:
        paths = save_screenshots(
            tmp_path / "data", tmp_path / "shots", sizes=((1366, 768),), language="cy"
        )
    finally:
        QWidget.grab = original_grab  # type: ignore[method-assign]
    assert [p.name for p in paths] == [
        f"1366x768-{i:02d}-{name}.png" for i, name in enumerate(["assessments", *TAB_KEYS])
    ]
    assert all(p.stat().st_size > 10_000 for p in paths)
    assert seen == []
    assert i18n.current() == "en"  # the language in use before is put back
    assert QApplication.instance() is qapp
