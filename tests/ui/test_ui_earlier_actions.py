"""The Overview shows the organisation's actions from earlier assessments, read-only."""

from __future__ import annotations

from sqlalchemy import delete

from qpm_desktop.model import demo
from qpm_desktop.store.tables import EarlierAction


def test_earlier_actions_are_listed_on_the_overview(make_window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window, services = make_window()
    ws = window.workspace
    ws.show_tab("overview")
    tab = ws.overview
    assert not tab.earlier.isHidden() and tab.earlier.rowCount() == len(demo.EARLIER_ACTIONS)
    rows = {
        tab.earlier.item(i, 0).text(): [tab.earlier.item(i, j).text() for j in range(5)]
        for i in range(tab.earlier.rowCount())
    }
    first = demo.EARLIER_ACTIONS[0]
    _code, description, owner, due, status = rows[first["standard_code"]]
    assert description == first["description"] and owner == first["owner"]
    assert "2024" in due and status == "Done"
    assert tab.earlier.accessibleName() == "Actions from earlier assessments"
    # Laid out below the table, never over it.
    qtbot.waitUntil(lambda: tab.earlier_note.y() >= tab.earlier.y() + tab.earlier.height())
    window.grab().save(str(tmp_path / "overview-earlier-actions.png"))

    with services.store.write() as s:
        s.execute(delete(EarlierAction))
    tab.reload()
    assert tab.earlier.isHidden() and tab.earlier_note.text().startswith("None")
