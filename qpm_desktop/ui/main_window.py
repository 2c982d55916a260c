"""The main window: "My assessments", the workspace of the open one, and the status bar."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QSettings, QSortFilterProxyModel, QTimer
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QKeySequence,
    QStandardItem,
    QStandardItemModel,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from qpm_desktop.locations import APP_NAME
from qpm_desktop.model.enums import AssessmentStatus
from qpm_desktop.ui import labels
from qpm_desktop.ui.a11y import accessible
from qpm_desktop.ui.autosave import SaveIndicator
from qpm_desktop.ui.i18n import format_date
from qpm_desktop.ui.ops import OpRunner, ThreadedOpRunner
from qpm_desktop.ui.style import STYLE_SHEET

if TYPE_CHECKING:
    # The window can show the list before these load (see services.first_screen): the
    # workspace, the services and the sync are imported when the services arrive.
    from qpm_desktop.services.changes import Changes
    from qpm_desktop.services.core import Services
    from qpm_desktop.services.syncing import Syncing
    from qpm_desktop.services.views import AssessmentSummary
    from qpm_desktop.ui.sync_status import QtSyncStatus
    from qpm_desktop.ui.workspace import AssessmentWorkspace
    from qpm_desktop.ui.workspace.evidence import FileChooser

#: ``Qt.ItemDataRole.UserRole``, the first role for an application's own use (0x0100 in Qt's
#: API). Spelt as a number so that the first screen does not load the ``Qt`` namespace, whose
#: ninety-odd enums cost start-up about 25 ms; a test holds it equal to Qt's.
USER_ROLE = 0x0100
ID_ROLE = USER_ROLE + 1
STATUS_ROLE = USER_ROLE + 2
SETTING_ASSESSMENT = "session/assessment"
SETTING_TAB = "session/tab"
SETTING_GEOMETRY = "window/geometry"
#: The app's exit status after it found damage in the local copy while running.
EXIT_DAMAGED = 3


class AssessmentFilter(QSortFilterProxyModel):
    """Filters the list by status and by the search text, found in any column whatever its
    case (compared case-folded, so "ŵ" finds "Ŵ" and "strasse" finds "STRASSE")."""

    def __init__(self) -> None:
        super().__init__()
        self.status: AssessmentStatus | None = None
        self.needle = ""

    def set_filter(self, status: AssessmentStatus | None, text: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+: invalidateFilter() is deprecated
            self.beginFilterChange()
            self.status, self.needle = status, text.casefold()
            self.endFilterChange()
        else:
            self.status, self.needle = status, text.casefold()
            self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent: QModelIndex) -> bool:
        model = self.sourceModel()
        status = self.status
        if status is not None and model.index(row, 0, parent).data(STATUS_ROLE) != status:
            return False
        if not self.needle:
            return True
        return any(
            self.needle in str(model.index(row, column, parent).data() or "").casefold()
            for column in range(model.columnCount(parent))
        )


class AssessmentsPage(QWidget):
    """The assessor's assessments, searchable and filterable by status."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.assessments: list[AssessmentSummary] = []
        title = QLabel(self.tr("My assessments"))
        title.setObjectName("workspaceTitle")
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search organisation or reference (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        accessible(
            self.search,
            self.tr("Search assessments"),
            self.tr("Filters the list as you type, by organisation, reference or any column"),
        )
        self.status = QComboBox()
        self.status.addItem(self.tr("All statuses"), None)
        for status in AssessmentStatus:
            self.status.addItem(labels.label(status), status)
        accessible(self.status, self.tr("Status filter"), self.tr("Show only one status"))
        self.model = QStandardItemModel(0, 7)
        self.model.setHorizontalHeaderLabels(
            [
                self.tr("Organisation"),
                self.tr("Reference"),
                self.tr("Stage"),
                self.tr("Visit dates"),
                self.tr("Status"),
                self.tr("Unsynced changes"),
                self.tr("Framework"),
            ]
        )
        self.proxy = AssessmentFilter()
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        accessible(
            self.table,
            self.tr("Assessments"),
            self.tr("Press Enter or double-click to open the selected assessment"),
        )
        self.empty = QLabel(self.tr("No assessment matches the search."))
        self.empty.setVisible(False)
        self.search.textChanged.connect(self._filter)
        self.status.currentIndexChanged.connect(self._filter)

        search_label = QLabel(self.tr("&Search"))
        search_label.setBuddy(self.search)
        status_label = QLabel(self.tr("S&tatus"))
        status_label.setBuddy(self.status)
        bar = QHBoxLayout()
        bar.addWidget(search_label)
        bar.addWidget(self.search, 1)
        bar.addWidget(status_label)
        bar.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 6)
        layout.addWidget(title)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        self.setTabOrder(self.search, self.status)
        self.setTabOrder(self.status, self.table)

    def show_assessments(
        self, rows: list[AssessmentSummary], placeholders: dict[str, bool]
    ) -> None:
        selected = self.selected_id()
        self.assessments = rows
        self.model.removeRows(0, self.model.rowCount())
        for a in rows:
            if a.visit_start and a.visit_end and a.visit_end != a.visit_start:
                dates = f"{format_date(a.visit_start)} \u2013 {format_date(a.visit_end)}"
            elif a.visit_start:
                dates = format_date(a.visit_start)
            else:
                dates = self.tr("not set")
            framework = self.tr("⚠ Placeholder") if placeholders.get(a.id) else self.tr("Official")
            unsynced = str(a.unsynced) if a.unsynced else self.tr("✓ none")
            cells = [
                a.organisation,
                a.reference,
                labels.label(a.stage),
                dates,
                labels.label(a.status),
                unsynced,
                framework,
            ]
            items = [QStandardItem(text) for text in cells]
            items[0].setData(a.id, ID_ROLE)
            items[0].setData(a.status, STATUS_ROLE)
            self.model.appendRow(items)
        self._filter()
        if selected:
            self.select(selected)
        elif self.proxy.rowCount():
            self.table.selectRow(0)

    def _filter(self) -> None:
        self.proxy.set_filter(self.status.currentData(), self.search.text())
        self.empty.setVisible(self.proxy.rowCount() == 0 and self.model.rowCount() > 0)
        if self.proxy.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ID_ROLE) if rows else None

    def select(self, assessment_id: str) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(ID_ROLE) == assessment_id:
                self.table.selectRow(row)
                return


class MainWindow(QMainWindow):
    """The app's one window. ``runner`` defaults to a threaded one; tests inject a sync one.

    With ``services`` the window is whole at once. Without them (start-up, see
    :mod:`qpm_desktop.services.first_screen`) it shows ``first_list`` (the list read before the
    services loaded) and takes the services later with :meth:`attach`; until then the
    workspace's menus are disabled, and an assessment asked for opens as soon as they arrive.
    """

    def __init__(
        self,
        services: Services | None,
        *,
        demo: bool,
        runner: OpRunner | None = None,
        settings: QSettings | None = None,
        open_on_start: str | None = None,
        choose_file: FileChooser | None = None,
        syncing: Syncing | None = None,
        first_list: tuple[list[AssessmentSummary], dict[str, bool]] | None = None,
        data_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.services: Services | None = None
        self.syncing: Syncing | None = None
        self.workspace: AssessmentWorkspace | None = None
        self.sync_status: QtSyncStatus | None = None
        self.demo = demo
        if data_dir is None and services is not None:
            data_dir = services.store.path.parent
        if data_dir is None:
            raise ValueError("a window without its services must be told its data folder")
        self.data_dir = Path(data_dir)
        self.runner = runner or ThreadedOpRunner(self)
        self.settings = settings or QSettings()
        self._open_on_start = open_on_start
        self._choose_file = choose_file
        self._started = False
        self._open_when_ready: str | None = None
        self._pending_tab: str | None = None
        self._workspace_actions: list[QAction] = []
        self.setWindowTitle(APP_NAME + (self.tr(" — demo data") if demo else ""))
        self.setStyleSheet(STYLE_SHEET)
        self.setMinimumSize(1024, 640)

        self.undo = QUndoStack(self)
        self.page = AssessmentsPage()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.page)
        self.setCentralWidget(self.stack)
        self.page.table.activated.connect(lambda _index: self.open_selected())
        self.page.table.doubleClicked.connect(lambda _index: self.open_selected())

        self._build_status_bar()
        self._build_actions()
        geometry = self.settings.value(SETTING_GEOMETRY)
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1366, 768)
        # The local copy may have opened while its integrity check still runs (writes wait
        # for it); its verdict is looked at here without ever blocking the window.
        self._integrity_timer = QTimer(self)
        self._integrity_timer.setInterval(100)
        self._integrity_timer.timeout.connect(self._check_integrity)
        if services is not None:
            self.attach(services, syncing)
        else:
            self.connection.setText(self.tr("Opening your local data…"))
            self.connection.setAccessibleDescription(self.connection.text())
            if first_list is not None:
                self._list_loaded(first_list, final=False)

    @property
    def ready(self) -> bool:
        """True once the window has its services (every action works)."""
        return self.workspace is not None

    def attach(
        self,
        services: Services,
        syncing: Syncing | None = None,
        *,
        open_on_start: str | None = None,
    ) -> None:
        """Take the services: build the workspace and what needs them, refresh the list, and
        open what the assessor asked for meanwhile, else the last session's assessment, else
        ``open_on_start``."""
        if open_on_start is not None:
            self._open_on_start = open_on_start
        from qpm_desktop.ui.workspace import AssessmentWorkspace
        from qpm_desktop.ui.workspace.evidence import ask_for_file

        self.services = services
        self.syncing = syncing
        self.workspace = AssessmentWorkspace(
            services, self.runner, self.undo, choose_file=self._choose_file or ask_for_file
        )
        self.stack.addWidget(self.workspace)
        self.workspace.tab_did_change.connect(self._remember_tab)
        self.workspace.context_did_load.connect(self._workspace_loaded)
        self.runner.changes_applied.connect(self._changes_applied)
        self._build_workspace_actions()
        self._show_account()
        self.refresh_list()
        self._integrity_timer.start()

    def _check_integrity(self) -> None:
        if self.services is None:
            return
        problems = self.services.integrity_verdict()
        if problems is None:
            return
        self._integrity_timer.stop()
        if not problems:
            return
        QMessageBox.critical(
            self,
            self.tr("Your local data is damaged"),
            self.tr(
                "QPM Desktop found damage in your local data and has not changed it:\n"
                "{problem}\n\nNothing more can be saved in this session. QPM Desktop will "
                "close now; when you start it again it offers to restore the newest sound "
                "backup."
            ).format(problem=problems[0]),
        )
        self.close()
        QApplication.exit(EXIT_DAMAGED)

    # -- status bar ------------------------------------------------------------------------

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.demo_marker = QLabel(self.tr("DEMO DATA — invented, not a real assessment"))
        self.demo_marker.setObjectName("demoMarker")
        accessible(self.demo_marker, self.tr("Demo data"), self.demo_marker.text())
        self.demo_marker.setVisible(self.demo)
        self.connection = QLabel(self.tr("Not signed in — working offline"))
        self.connection.setObjectName("connection")
        accessible(
            self.connection,
            self.tr("Connection"),
            self.tr("Everything is kept on this computer until you sign in and sync"),
        )
        self.unsynced = QLabel()
        accessible(self.unsynced, self.tr("Unsynced changes"))
        self.save_indicator = SaveIndicator(self.runner)
        for widget in (self.demo_marker, self.connection, self.unsynced, self.save_indicator):
            bar.addPermanentWidget(widget)

    def _show_unsynced(self, rows: list[AssessmentSummary]) -> None:
        total = sum(a.unsynced for a in rows)
        text = (
            self.tr("%n changes not yet synced", "", total)
            if total
            else self.tr("✓ Nothing waiting to sync")
        )
        self.unsynced.setText(text)
        self.unsynced.setAccessibleDescription(text)

    # -- actions and shortcuts -------------------------------------------------------------

    def _action(
        self, text: str, shortcut: QKeySequence | str | list, slot: object, tip: str = ""
    ) -> QAction:
        action = QAction(text, self)
        # Always setShortcuts (a list): the first setShortcut() call of a process loads the Qt
        # namespace's ninety-odd enums to choose its overload, 20-30 ms before the first screen.
        # Qt's default context for an action's shortcut is the window (WindowShortcut).
        action.setShortcuts(shortcut if isinstance(shortcut, list) else [QKeySequence(shortcut)])
        action.triggered.connect(slot)
        if tip:
            action.setStatusTip(tip)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("&File"))
        self.open_action = self._action(
            self.tr("&Open selected assessment"), "Ctrl+O", self.open_selected
        )
        self.list_action = self._action(self.tr("&My assessments"), "Ctrl+0", self.show_list)
        self.quit_action = self._action(self.tr("&Quit"), "Ctrl+Q", self.close)
        file_menu.addActions([self.open_action, self.list_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit_menu = menu.addMenu(self.tr("&Edit"))
        self.undo_action = self.undo.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
        self.redo_action = self.undo.createRedoAction(self, self.tr("&Redo"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.find_action = self._action(self.tr("&Find assessment"), "Ctrl+F", self.focus_search)
        edit_menu.addActions([self.undo_action, self.redo_action, self.find_action])
        self.addActions([self.undo_action, self.redo_action])

        # View and Record act on the workspace: filled (and enabled) when it exists.
        self.view_menu = menu.addMenu(self.tr("&View"))
        self.record_menu = menu.addMenu(self.tr("&Record"))
        self.tab_actions: list[QAction] = []
        self._build_settings_menu()
        self._build_help_menu()
        self._update_actions()

    def _build_workspace_actions(self) -> None:
        """The actions on the workspace and what needs the services (see :meth:`attach`)."""
        from qpm_desktop.ui.workspace import TAB_KEYS

        workspace = self.workspace
        assert workspace is not None
        for i, name in enumerate(workspace.tabs.tabText(i) for i in range(len(TAB_KEYS))):
            action = self._action(
                name.replace("&", ""),
                f"Ctrl+{i + 1}",
                lambda _=False, k=TAB_KEYS[i]: self.show_tab(k),
            )
            self.tab_actions.append(action)
            self.view_menu.addAction(action)

        self.new_interview_action = self._action(
            self.tr("New &interview"), "Ctrl+N", workspace.new_interview
        )
        self.new_observation_action = self._action(
            self.tr("New &observation"), "Ctrl+Shift+O", workspace.new_observation
        )
        self.quick_note_action = self._action(
            self.tr("&Quick note on the standard in view"),
            "Ctrl+Shift+N",
            workspace.quick_note,
        )
        self.new_case_action = self._action(
            self.tr("New &case file review"),
            "Ctrl+Shift+C",
            lambda: self._new_in("case_files"),
        )
        self.new_document_action = self._action(
            self.tr("New &document"), "Ctrl+Shift+D", lambda: self._new_in("evidence")
        )
        self.attach_action = self._action(
            self.tr("&Attach file to document…"), "Ctrl+Shift+A", self._attach
        )
        self.record_menu.addActions(
            [
                self.new_interview_action,
                self.new_observation_action,
                self.quick_note_action,
                self.new_case_action,
                self.new_document_action,
                self.attach_action,
            ]
        )
        self._workspace_actions += [
            *self.tab_actions,
            self.new_interview_action,
            self.new_observation_action,
            self.quick_note_action,
            self.new_case_action,
            self.new_document_action,
            self.attach_action,
            self.list_action,
        ]
        self._build_idle_lock()
        self._build_sync()
        self._build_report_action()
        from qpm_desktop.ui.rescue import install_retention

        install_retention(self)  # remove-now, the retention period, the checks (issue 7)
        self._update_actions()

    # --- issue 6: the visit report --------------------------------------------------------------

    def _build_report_action(self) -> None:
        self.report_action = QAction(self.tr("Visit &report…"), self)
        self.report_action.setShortcuts([QKeySequence("Ctrl+P")])
        self.report_action.triggered.connect(self.show_report)
        file_menu = self.menuBar().actions()[0].menu()
        file_menu.insertAction(
            file_menu.actions()[0] if file_menu.actions() else None, self.report_action
        )
        self.addAction(self.report_action)
        self._workspace_actions.append(self.report_action)

    def show_report(self) -> None:
        ctx = self.workspace.ctx if self.workspace is not None else None
        if ctx is None or self.services is None:
            return
        from qpm_desktop.ui.report_dialog import ReportDialog

        self.workspace.flush()  # the report shows what was just typed
        account = self.syncing.account() if self.syncing else None
        dialog = ReportDialog(
            self.services,
            ctx.assessment_id,
            self.runner,
            signer_name=(account.display_name if account else "") or self.services.ctx.actor,
            parent=self,
        )
        dialog.exec()

    # --- end issue 6 ----------------------------------------------------------------------------

    # --- issue 4: sign-in and sync ------------------------------------------------------------

    AUTO_SYNC_MS = 120_000  # while signed in, try again every two minutes (work waits offline)

    def _build_sync(self) -> None:
        """The Sync menu, the status-bar corner, and a quiet sync now and then while signed in."""
        if self.syncing is None:
            return
        from qpm_desktop.ui.first_run import SETTING_CHOICE
        from qpm_desktop.ui.sync_status import QtSyncStatus, SyncLane

        syncing = self.syncing
        self.sync_lane = SyncLane(lambda progress: syncing.sync_now(progress), self)
        self.sync_status = QtSyncStatus(self.sync_lane)
        self.statusBar().insertPermanentWidget(2, self.sync_status)
        self.sync_lane.sync_did_finish.connect(self._synced)
        self.sync_lane.sync_did_fail.connect(lambda _error: self._show_account())
        menu = QMenu(self.tr("S&ync"), self)
        help_action = self.menuBar().actions()[-1]  # Help stays last
        self.menuBar().insertMenu(help_action, menu)
        self.sign_in_action = QAction(self.tr("Sign &in…"), self)
        self.sign_in_action.triggered.connect(self.sign_in)
        self.sync_action = QAction(self.tr("&Sync now"), self)
        self.sync_action.setShortcuts([QKeySequence("F5")])
        self.sync_action.triggered.connect(self.sync_now)
        self.conflicts_action = QAction(self.tr("&Conflicts…"), self)
        self.conflicts_action.triggered.connect(self.show_conflicts)
        self.sign_out_action = QAction(self.tr("Sign &out"), self)
        self.sign_out_action.triggered.connect(self.sign_out)
        for action in (
            self.sign_in_action,
            self.sync_action,
            self.conflicts_action,
            self.sign_out_action,
        ):
            menu.addAction(action)
        self.auto_sync = QTimer(self)
        self.auto_sync.setInterval(self.AUTO_SYNC_MS)
        self.auto_sync.timeout.connect(self._auto_sync)
        self.auto_sync.start()
        self._show_account()
        if not self._signed_in() and self.settings.value(SETTING_CHOICE) == "sign_in":
            # The first-run choice was to sign in: ask for the password once the window is up.
            QTimer.singleShot(0, self.sign_in)

    def _signed_in(self) -> bool:
        account = self.syncing.account() if self.syncing else None
        return bool(account and account.has_tokens)

    def _show_account(self) -> None:
        account = self.syncing.account() if self.syncing else None
        if account and account.has_tokens:
            from PySide6.QtCore import QUrl

            host = QUrl(account.server_url).host() or account.server_url
            text = self.tr("Signed in as {user} to {host}").format(
                user=account.display_name or account.username, host=host
            )
        else:
            text = self.tr("Not signed in — working offline")
        self.connection.setText(text)
        self.connection.setAccessibleDescription(text)
        if self.syncing is None:
            return
        signed_in = bool(account and account.has_tokens)
        self.sync_action.setEnabled(signed_in)
        self.sign_out_action.setEnabled(signed_in)
        if self.sync_status is not None:
            self.sync_status.button.setEnabled(signed_in)

    def sync_now(self) -> None:
        if self.sync_status is not None and self.workspace is not None and self._signed_in():
            self.workspace.flush()  # what is typed goes in this sync
            self.sync_status.start()

    def _auto_sync(self) -> None:
        if self.sync_status is not None and self._signed_in() and not self.sync_lane.running:
            self.sync_now()

    def _synced(self, summary: Any) -> None:
        self.runner.changes_applied.emit(summary.changes, None)
        self.refresh_list()
        self._show_account()

    def sign_in(self) -> None:
        if self.syncing is None:
            return
        from qpm_desktop.ui.first_run import SETTING_CHOICE, SETTING_SERVER, SETTING_USER
        from qpm_desktop.ui.sign_in import DEFAULT_SERVER, SignInDialog

        account = self.syncing.account()
        server = account.server_url if account else self.settings.value(SETTING_SERVER, "")
        user = account.username if account else self.settings.value(SETTING_USER, "")
        dialog = SignInDialog(
            self.syncing.sign_in,
            server_url=str(server or DEFAULT_SERVER),
            username=str(user or ""),
            parent=self,
        )
        if dialog.exec() == SignInDialog.DialogCode.Accepted:
            self.settings.setValue(SETTING_CHOICE, "signed_in")
            self._show_account()
            self.sync_now()

    def sign_out(self) -> None:
        if self.syncing is None:
            return
        from qpm_desktop.services.rescue import UnsyncedWork
        from qpm_desktop.ui.rescue import confirm_sign_out

        # Unsynced work: Sync now, Export rescue bundle…, or Cancel (issue 7, 0012).
        if not confirm_sign_out(self):
            return
        try:
            self.syncing.sign_out()
        except UnsyncedWork:
            pass  # an edit arrived meanwhile: the next sign-out asks again
        finally:
            self._show_account()

    def show_conflicts(self) -> None:
        if self.syncing is None:
            return
        from qpm_desktop.ui.conflicts import QtConflicts

        dialog = QtConflicts(self.syncing, self)
        dialog.resolved.connect(lambda changes: self.runner.changes_applied.emit(changes, None))
        dialog.exec()
        self._show_account()

    # --- end issue 4 ----------------------------------------------------------------------------

    # --- issue 7: the idle lock ---------------------------------------------------------------

    def _build_idle_lock(self) -> None:
        from qpm_desktop.services.unlock import unlock_secret_kind, verify_unlock_secret
        from qpm_desktop.ui.idle_lock import IdleLock

        root = self.data_dir
        assert self.workspace is not None
        self.idle_lock = IdleLock(
            self,
            self.settings,
            secret_kind=lambda: unlock_secret_kind(root),
            verify=lambda secret: verify_unlock_secret(root, secret),
            before_lock=self.workspace.flush,
        )

    # --- end issue 7 ----------------------------------------------------------------------------

    # --- issue 8: Settings > Language (System default / English / Cymraeg), at next start ---

    def _build_settings_menu(self) -> None:
        from qpm_desktop.ui.i18n import add_language_menu

        self.settings_menu = add_language_menu(self, self.menuBar(), self.settings)

    # --- end issue 8 ----------------------------------------------------------------------------

    # --- issue 9: Help > About ------------------------------------------------------------------

    def _build_help_menu(self) -> None:
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.about_action = QAction(self.tr("&About QPM Desktop"), self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)  # the app menu on macOS
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.about_action)

    def show_about(self) -> None:
        from qpm_desktop.ui.about import AboutDialog

        AboutDialog(self.data_dir, self.settings, self).exec()

    # --- end issue 9 ----------------------------------------------------------------------------

    def _update_actions(self) -> None:
        workspace = self.workspace
        in_workspace = workspace is not None and self.stack.currentWidget() is workspace
        for action in self._workspace_actions:
            action.setEnabled(in_workspace and workspace is not None and workspace.ctx is not None)
        self.open_action.setEnabled(not in_workspace)
        self.view_menu.setEnabled(workspace is not None)
        self.record_menu.setEnabled(workspace is not None)

    def _new_in(self, key: str) -> None:
        if self.workspace is None:
            return
        self.show_tab(key)
        tab = {"case_files": self.workspace.case_files, "evidence": self.workspace.evidence}[key]
        tab.create_record()

    def _attach(self) -> None:
        if self.workspace is None:
            return
        self.show_tab("evidence")
        self.workspace.evidence.attach()

    # -- navigation ------------------------------------------------------------------------

    def refresh_list(self) -> None:
        if self.services is None:
            return  # the list read at start-up shows until the services are here
        q = self.services.queries

        def load() -> tuple[list[AssessmentSummary], dict[str, bool]]:
            rows = q.list_assessments()
            return rows, {a.id: q.framework_of(a.id).placeholder for a in rows}

        self.runner.query(load, self._list_loaded)

    def _list_loaded(
        self, result: tuple[list[AssessmentSummary], dict[str, bool]], final: bool = True
    ) -> None:
        rows, placeholders = result
        self.page.show_assessments(rows, placeholders)
        self._show_unsynced(rows)
        if not final:
            self.page.table.setFocus()
        elif not self._started:
            self._started = True
            self._restore(rows)

    def _restore(self, rows: list[AssessmentSummary]) -> None:
        """Open what the assessor asked for while the services loaded, else reopen the last
        assessment and tab, else ``open_on_start`` (e.g. the demo)."""
        ids = {a.id for a in rows}
        last = self.settings.value(SETTING_ASSESSMENT)
        if self._open_when_ready in ids:
            self.open_assessment(self._open_when_ready)
        elif last in ids:
            self.open_assessment(str(last), tab=str(self.settings.value(SETTING_TAB, "")))
        elif self._open_on_start in ids:
            self.open_assessment(str(self._open_on_start), tab="standards")
        else:
            self.page.table.setFocus()

    def open_selected(self) -> None:
        assessment_id = self.page.selected_id()
        if assessment_id is not None:
            self.open_assessment(assessment_id)

    def open_assessment(self, assessment_id: str, *, tab: str | None = None) -> None:
        if self.workspace is None:
            # Asked for before the services arrived: it opens as soon as they do.
            self._open_when_ready = assessment_id
            self.statusBar().showMessage(self.tr("Opening the assessment…"))
            return
        from qpm_desktop.ui.workspace import TAB_KEYS

        self._open_when_ready = None
        self.statusBar().clearMessage()
        self._pending_tab = tab if tab in TAB_KEYS else "overview"
        self.settings.setValue(SETTING_ASSESSMENT, assessment_id)
        self.stack.setCurrentWidget(self.workspace)
        self.workspace.open(assessment_id)
        self._update_actions()

    def _workspace_loaded(self) -> None:
        if self.workspace is None:
            return
        if self._pending_tab:
            self.workspace.show_tab(self._pending_tab)
            self._pending_tab = None
        self._update_actions()
        self.workspace.tabs.setFocus()
        ctx = self.workspace.ctx
        if ctx is not None:
            self.setWindowTitle(
                f"{ctx.overview.summary.organisation} — {APP_NAME}"
                + (self.tr(" — demo data") if self.demo else "")
            )

    def show_list(self) -> None:
        if self.workspace is not None:
            self.workspace.flush()
        self.stack.setCurrentWidget(self.page)
        self.settings.remove(SETTING_ASSESSMENT)
        self._update_actions()
        self.refresh_list()
        self.page.table.setFocus()

    def show_tab(self, key: str) -> None:
        if self.workspace is not None and self.stack.currentWidget() is self.workspace:
            self.workspace.show_tab(key)

    def focus_search(self) -> None:
        if self.stack.currentWidget() is not self.page:
            self.show_list()
        self.page.search.setFocus()
        self.page.search.selectAll()

    def _remember_tab(self, key: str) -> None:
        self.settings.setValue(SETTING_TAB, key)

    def _changes_applied(self, changes: Changes, _initiator: object | None) -> None:
        if changes:
            self.refresh_list()

    # -- closing ---------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.workspace is not None:
            self.workspace.flush()
        self.runner.wait_idle()
        self.settings.setValue(SETTING_GEOMETRY, self.saveGeometry())
        self.settings.sync()
        super().closeEvent(event)
