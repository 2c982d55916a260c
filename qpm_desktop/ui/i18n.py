"""The app's language: English or Cymraeg (Welsh), chosen in settings, the system's by default.

* :func:`apply_language` installs the translators for the chosen language: the app's own
  ``resources/translations/qpm_desktop_<lang>.qm`` and Qt's ``qtbase_<lang>.qm`` when Qt ships
  one (Qt 6 has no ``qtbase_cy``; its few own strings then stay English). It also makes the
  language the default ``QLocale``, so dates are written the Welsh way ("2 Rhag 2026").
* The choice is the setting ``ui/language``: ``system`` (the default: Cymraeg when the system
  locale is Welsh, otherwise English), ``en`` or ``cy``. It takes effect at the next start.
* Framework texts (section and standard titles, statements, guidance) come from the framework
  file's own ``cy`` texts through :func:`framework_text`, with English as a marked fallback.

Regenerating the translation sources after a UI change (new or changed ``tr()`` strings)::

    .venv/bin/python -m qpm_desktop.ui.i18n update

runs ``pyside6-lupdate`` over ``qpm_desktop/ui/**/*.py`` into ``qpm_desktop_cy.ts`` (keeping
every existing translation, marking new strings unfinished) and a plural-only
``qpm_desktop_en.ts`` (English singular/plural of ``%n`` strings), then ``pyside6-lrelease``
into the ``.qm`` files the app loads. Translate the unfinished entries (Qt Linguist:
``.venv/bin/pyside6-linguist resources/translations/qpm_desktop_cy.ts``), then run it again.
``python -m qpm_desktop.ui.i18n check`` lists what is still untranslated.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QDate,
    QLibraryInfo,
    QLocale,
    QSettings,
    QTranslator,
)

from qpm_desktop.locations import resources_dir

SETTING_LANGUAGE = "ui/language"
SYSTEM = "system"
ENGLISH = "en"
WELSH = "cy"
CHOICES = (SYSTEM, ENGLISH, WELSH)
CATALOGUE = "qpm_desktop"
CONTEXT = "Language"

# How each choice is named in the menu: the language's own name, so a speaker finds it in any UI.
_CHOICE_LABELS = {
    SYSTEM: QT_TRANSLATE_NOOP("Language", "System default"),
    ENGLISH: "English",
    WELSH: "Cymraeg",
}

_installed: list[QTranslator] = []
_current = ENGLISH


# --------------------------------------------------------------------------- the choice


def translations_dir() -> Path:
    return resources_dir() / "translations"


def chosen(settings: QSettings | None = None) -> str:
    """The stored choice: "system", "en" or "cy" (anything else reads as "system")."""
    value = str((settings or QSettings()).value(SETTING_LANGUAGE, SYSTEM) or SYSTEM)
    return value if value in CHOICES else SYSTEM


def choose(choice: str, settings: QSettings | None = None) -> None:
    if choice not in CHOICES:
        raise ValueError(f"unknown language choice {choice!r}")
    settings = settings or QSettings()
    settings.setValue(SETTING_LANGUAGE, choice)
    settings.sync()


def effective(choice: str, system: QLocale | None = None) -> str:
    """The language a choice means here: "cy" or "en"."""
    if choice in (ENGLISH, WELSH):
        return choice
    locale = system or QLocale.system()
    return WELSH if locale.language() == QLocale.Language.Welsh else ENGLISH


def current() -> str:
    """The language the UI is shown in now ("en" or "cy")."""
    return _current


def choice_label(choice: str) -> str:
    return QCoreApplication.translate(CONTEXT, _CHOICE_LABELS[choice])


# --------------------------------------------------------------------------- installing


def install(language: str) -> list[str]:
    """Install the translators for ``language`` ("en" or "cy"), replacing earlier ones.

    Returns the files loaded. Safe to call again (tests and screenshots switch back and forth);
    widgets built afterwards are in the new language.
    """
    global _current
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("create the QApplication before installing translations")
    for translator in _installed:
        QCoreApplication.removeTranslator(translator)
    _installed.clear()
    loaded = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, folder in (("qtbase", qt_dir), (CATALOGUE, str(translations_dir()))):
        translator = QTranslator(app)
        if translator.load(f"{name}_{language}", folder):
            QCoreApplication.installTranslator(translator)
            _installed.append(translator)
            loaded.append(translator.filePath())
    locale = QLocale(QLocale.Language.Welsh, QLocale.Country.UnitedKingdom)
    if language != WELSH:
        locale = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
    QLocale.setDefault(locale)
    _current = language
    return loaded


def apply_language(settings: QSettings | None = None) -> str:
    """At start: install the language the settings choose (the system's by default)."""
    language = effective(chosen(settings))
    install(language)
    return language


# --------------------------------------------------------------------------- showing things


def framework_text(text: Any, language: str | None = None) -> str:
    """A framework ``LocalText`` in the UI language; English when the file has no Welsh."""
    return text.text(language or _current) if text is not None else ""


def localised_rows(rows: list[Any], framework: Any) -> list[Any]:
    """``StandardRow``s with their titles in the UI language (the queries give English)."""
    if _current == ENGLISH:
        return rows
    out = []
    for row in rows:
        try:
            title = framework_text(framework.standard(row.code).title)
        except KeyError:
            title = row.title
        out.append(dataclasses.replace(row, title=title))
    return out


def has_welsh(text: Any) -> bool:
    return text is not None and getattr(text, "cy", None) is not None


def format_date(value: _dt.date | None, long: bool = False) -> str:
    """A date the way the UI language writes it: "02 Dec 2026" / "02 Rhag 2026"."""
    if value is None:
        return "\u2013"
    fmt = "d MMMM yyyy" if long else "dd MMM yyyy"
    return QLocale().toString(QDate(value.year, value.month, value.day), fmt)


# --------------------------------------------------------------------------- the menu


def add_language_menu(window: Any, menu_bar: Any, settings: QSettings) -> Any:
    """A "Settings > Language" menu: System default / English / Cymraeg, applied at restart."""
    from PySide6.QtGui import QAction, QActionGroup
    from PySide6.QtWidgets import QMessageBox

    menu = menu_bar.addMenu(QCoreApplication.translate("Language", "&Settings"))
    sub = menu.addMenu(QCoreApplication.translate("Language", "&Language"))
    group = QActionGroup(window)
    group.setExclusive(True)
    now = chosen(settings)
    actions = {}
    for choice in CHOICES:
        action = QAction(choice_label(choice), window)
        action.setCheckable(True)
        action.setChecked(choice == now)
        action.setData(choice)
        group.addAction(action)
        sub.addAction(action)
        actions[choice] = action

    def picked(action: Any) -> None:
        choice = str(action.data())
        if choice == chosen(settings):
            return
        choose(choice, settings)
        if effective(choice) != current():
            QMessageBox.information(
                window,
                QCoreApplication.translate("Language", "Language"),
                QCoreApplication.translate(
                    "Language",
                    "The language will change when you next start the app.\n"
                    "Bydd yr iaith yn newid y tro nesaf y byddwch yn agor yr ap.",
                ),
            )

    group.triggered.connect(picked)
    menu.language_actions = actions  # type: ignore[attr-defined]
    return menu


# --------------------------------------------------------------------------- the .ts/.qm files

_PLACEHOLDER = re.compile(r"\{[a-z_]+\}|%n|%\d")
# Sources that need no Welsh: nothing but placeholders, marks and punctuation.
_NOTHING_TO_TRANSLATE = re.compile(r"^[\s\W\d_]*$")

#: Names and codes that stay as they are in Welsh; a source made of nothing else needs no Welsh.
KEPT_TERMS: tuple[str, ...] = ("QPM Desktop", "QPM", "SHA-256", "NDTi", "V4", "Cymraeg", "PDF")
#: Whole source strings whose Welsh is the English text. Keep it short, and say why.
ALLOWED_UNTRANSLATED: frozenset[str] = frozenset(
    {
        "{ref} (band {band})",  # "band" is the QPM's term for size, in Welsh as in English
        "PDF (*.pdf)",  # a file type filter: the same in every language
    }
)


def ui_sources(root: Path | None = None) -> list[Path]:
    root = root or Path(__file__).resolve().parent
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def _tool(name: str) -> str:
    import shutil

    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise FileNotFoundError(f"{name} not found (install PySide6-Essentials)")
    return found


def lupdate(ts_file: Path, sources: Iterable[Path], *, language: str, plural_only: bool) -> str:
    """Run pyside6-lupdate: bring ``ts_file`` up to date with ``sources`` (kept translations)."""
    import subprocess

    args = [_tool("pyside6-lupdate"), *map(str, sources), "-ts", str(ts_file)]
    args += ["-target-language", language, "-source-language", "en_GB", "-no-obsolete"]
    args += ["-locations", "none"]
    if plural_only:
        args.append("-pluralonly")
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    return done.stdout + done.stderr


def lrelease(ts_file: Path, qm_file: Path) -> str:
    import subprocess

    done = subprocess.run(
        [_tool("pyside6-lrelease"), str(ts_file), "-qm", str(qm_file)],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout + done.stderr


def update_translations(folder: Path | None = None, sources: list[Path] | None = None) -> str:
    """Regenerate both .ts files from the UI sources and compile them to .qm."""
    folder = folder or translations_dir()
    folder.mkdir(parents=True, exist_ok=True)
    sources = sources or ui_sources()
    out = []
    for lang, qt_lang, plural_only in ((WELSH, "cy_GB", False), (ENGLISH, "en_GB", True)):
        ts = folder / f"{CATALOGUE}_{lang}.ts"
        out.append(lupdate(ts, sources, language=qt_lang, plural_only=plural_only))
        out.append(lrelease(ts, folder / f"{CATALOGUE}_{lang}.qm"))
    return "".join(out)


@dataclass(frozen=True)
class Problem:
    context: str
    source: str
    why: str

    def __str__(self) -> str:
        return f"[{self.context}] {self.source!r}: {self.why}"


def needs_translation(source: str) -> bool:
    without = _PLACEHOLDER.sub("", source)
    for term in KEPT_TERMS:
        without = without.replace(term, "")
    return not _NOTHING_TO_TRANSLATE.match(without) and source not in ALLOWED_UNTRANSLATED


def problems(ts_file: Path) -> list[Problem]:
    """Every message of ``ts_file`` without a finished, plausible Welsh translation."""
    import xml.etree.ElementTree as ET

    out: list[Problem] = []
    root = ET.parse(ts_file).getroot()
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            assert translation is not None
            kind = translation.get("type")
            if kind in ("obsolete", "vanished"):
                continue
            if message.get("numerus") == "yes":
                forms = [f.text or "" for f in translation.iter("numerusform")]
            else:
                forms = [translation.text or ""]
            if not needs_translation(source):
                continue
            if kind == "unfinished" or not all(f.strip() for f in forms):
                out.append(Problem(name, source, "no Welsh translation"))
                continue
            if any(f == source for f in forms):
                out.append(Problem(name, source, "translation is the English text"))
            wanted = sorted(set(re.findall(r"\{[a-z_]+\}", source)))
            for form in forms:
                if sorted(set(re.findall(r"\{[a-z_]+\}", form))) != wanted:
                    out.append(Problem(name, source, f"placeholders differ in {form!r}"))
                if ("&" in source.replace("&&", "")) != ("&" in form.replace("&&", "")):
                    out.append(Problem(name, source, f"shortcut marker (&) differs in {form!r}"))
            # Welsh puts the number in every plural form except, here and there, "dim" (none).
            if message.get("numerus") == "yes" and not all(
                "%n" in f or re.search(r"\bdim\b", f, re.IGNORECASE) for f in forms
            ):
                out.append(Problem(name, source, "a plural form lacks %n"))
    return out


def check_current_sources(folder: Path | None = None) -> list[Problem]:
    """Run lupdate over the current UI sources into a copy of the Welsh .ts and check it."""
    import shutil
    import tempfile

    folder = folder or translations_dir()
    with tempfile.TemporaryDirectory(prefix="qpm-i18n-") as tmp:
        ts = Path(tmp) / f"{CATALOGUE}_cy.ts"
        committed = folder / ts.name
        if committed.exists():
            shutil.copy(committed, ts)
        lupdate(ts, ui_sources(), language="cy_GB", plural_only=False)
        return problems(ts)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    command = args[0] if args else "update"
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if command == "update":
        print(update_translations(), end="")
        found = problems(translations_dir() / f"{CATALOGUE}_cy.ts")
    elif command == "check":
        found = check_current_sources()
    else:
        print("usage: python -m qpm_desktop.ui.i18n [update|check]")
        return 2
    for problem in found:
        print(problem)
    print(f"{len(found)} string(s) need Welsh")
    return 1 if found and command == "check" else 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
