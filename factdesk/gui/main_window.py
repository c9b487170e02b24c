"""The main window: articles, the reader, the claims table and the claim panel."""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtCore import (
    QByteArray,
    QItemSelectionModel,
    QModelIndex,
    QSettings,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QIcon,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QDoubleSpinBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolButton,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from factdesk import __version__, paths, secrets
from factdesk.desk import Changes, Desk
from factdesk.errors import BadInput, FactdeskError
from factdesk.model import CLAIM_KINDS, STATUSES, Article, Claim, ClaimFilter, Evidence

from . import undo
from .claim_panel import ClaimPanel
from .dialogs import SettingsDialog, ShortcutsDialog, SnapshotDialog, open_export_dialog
from .models import ArticleListModel, ClaimTableModel, article_title
from .reader import ArticleReader
from .tasks import Task, TaskRunner
from .welcome import WelcomePage
from .workers import (
    IMPORTABLE_SUFFIXES,
    Prefetched,
    fetch_page,
    import_articles_job,
    read_sources_job,
    sources_in_folder,
)

SHORTCUTS = (
    ("J", "Next claim"),
    ("K", "Previous claim"),
    ("1 … 9", "Set the verdict to that level of the current scale"),
    ("E", "Add evidence to the current claim"),
    ("X", "Not checking: set the selected claims aside (and go to the next)"),
    ("R", "Researching: take the selected claims on (assigned to you)"),
    ("/", "Search claims"),
    ("Ctrl+L", "Go to the URL field (import an article)"),
    ("Ctrl+O", "Open a file"),
    ("Ctrl+Shift+V", "Paste text as a new article"),
    ("Ctrl+Shift+A", "Add the selected text as a claim"),
    ("Ctrl+Shift+S", "Split the claim at the cursor in the reader"),
    ("Ctrl+M", "Merge the selected claims"),
    ("Delete", "Delete the selected claims"),
    ("Ctrl+Z", "Undo"),
    ("Ctrl+Shift+Z", "Redo"),
    ("Ctrl+Shift+E", "Export a report"),
    ("Ctrl+,", "Settings"),
    ("F1", "This sheet"),
)


class MainWindow(QMainWindow):
    imported = Signal(list, list)  # ImportResults, error lines: after every import
    changed = Signal(object)  # Changes: after every edit, undo and redo

    def __init__(self, desk: Desk, settings: QSettings | None = None):
        super().__init__()
        self.desk = desk
        self.settings = settings or QSettings(
            str(paths.data_dir() / "window.ini"), QSettings.Format.IniFormat
        )
        self.tasks = TaskRunner(desk.path, self)
        self.tasks.started.connect(self._task_started)
        self.tasks.finished.connect(self._task_finished)
        self.editor = undo.Editor(desk, self.apply_changes, self.show_error)
        self.current_article: Article | None = None
        self.current_claim: Claim | None = None
        self._similar_request = 0
        self._syncing = 0
        self.setWindowTitle(f"factdesk — {desk.path.name}")
        self.setAcceptDrops(True)

        self.articles_model = ArticleListModel(desk, self, runner=self.tasks)
        self.articles_model.loaded.connect(self._articles_loaded)
        # Nothing listed until an article is open (no query over every claim at start-up).
        self.claims_model = ClaimTableModel(desk, self, ClaimFilter(article_id="-"))
        self._build_widgets()
        self._build_actions()
        self._build_menus_and_toolbar()
        self.panel.set_scale(desk.scale())
        self._restore_layout()
        self._show_start_page()
        self._update_counts()

    # === building ================================================================================

    def _build_widgets(self) -> None:
        # Articles pane
        self.article_search = QLineEdit()
        self.article_search.setPlaceholderText("Search articles")
        self.article_search.setClearButtonEnabled(True)
        self.article_sort = QComboBox()
        self.article_sort.addItems(["Newest first", "Oldest first", "Title", "Date published"])
        self.article_view = QTableView()
        self.article_view.setObjectName("articles")
        self.article_view.setModel(self.articles_model)
        _tidy_table(self.article_view)
        header = self.article_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Fixed widths: ResizeToContents would read every row of a long list.
        for column, width in ((1, 50), (2, 46), (3, 78)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.article_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        articles_pane = QWidget()
        layout = QVBoxLayout(articles_pane)
        layout.setContentsMargins(6, 6, 0, 6)
        row = QHBoxLayout()
        row.addWidget(self.article_search, 1)
        row.addWidget(self.article_sort)
        layout.addLayout(row)
        layout.addWidget(self.article_view)
        self._article_search_timer = _debounce(self, 200, self._apply_article_search)
        self.article_search.textChanged.connect(self._article_search_timer.start)
        self.article_sort.currentIndexChanged.connect(self._apply_article_sort)
        self.article_view.selectionModel().currentRowChanged.connect(self._article_row_changed)

        # Reader (with the welcome page in its place while there is nothing to read)
        self.reader = ArticleReader()
        self.reader.setObjectName("reader")
        self.reader.claimClicked.connect(self.select_claim)
        self.reader.anchorClicked.connect(self._reader_link)
        self.welcome = WelcomePage()
        self.welcome.loadSampleRequested.connect(self.load_sample)
        self.welcome.openRequested.connect(self.open_files)
        self.welcome.pasteRequested.connect(self.paste_article)
        self.reader_stack = QStackedWidget()
        self.reader_stack.addWidget(self.welcome)
        self.reader_stack.addWidget(self.reader)

        # Claims table with its filters
        self.scope = QComboBox()
        self.scope.addItems(["This article", "All articles"])
        self.scope.setToolTip("Show the claims of the current article or of all articles")
        self.status_filter = QComboBox()
        self.status_filter.addItems(["Any status", *STATUSES])
        self.verdict_filter = QComboBox()
        self.kind_filter = QComboBox()
        self.kind_filter.addItems(["Any type", *CLAIM_KINDS])
        self.speaker_filter = QLineEdit()
        self.speaker_filter.setPlaceholderText("Speaker")
        self.speaker_filter.setClearButtonEnabled(True)
        self.score_filter = QDoubleSpinBox()
        self.score_filter.setRange(0, 1)
        self.score_filter.setSingleStep(0.1)
        self.score_filter.setDecimals(2)
        self.score_filter.setPrefix("score ≥ ")
        self.score_filter.setToolTip("Only claims at least this check-worthy")
        self.search = QLineEdit()
        self.search.setObjectName("claimSearch")
        self.search.setPlaceholderText("Search claims  ( / )")
        self.search.setClearButtonEnabled(True)
        self._fill_verdict_filter()
        for combo in (self.scope, self.status_filter, self.verdict_filter, self.kind_filter):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(9)
        filters = QHBoxLayout()
        filters.setSpacing(4)
        for widget, stretch in (
            (self.search, 3),
            (self.scope, 0),
            (self.status_filter, 0),
            (self.verdict_filter, 0),
            (self.kind_filter, 0),
            (self.speaker_filter, 1),
            (self.score_filter, 0),
        ):
            filters.addWidget(widget, stretch)
        self.claim_view = QTableView()
        self.claim_view.setObjectName("claims")
        self.claim_view.setModel(self.claims_model)
        _tidy_table(self.claim_view)
        # No sort column: claims in article order. Set before enabling sorting, which
        # would otherwise sort by the first column at once.
        self.claim_view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.claim_view.setSortingEnabled(True)
        header = self.claim_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 110), (2, 80), (3, 46), (4, 84), (5, 76), (6, 96), (7, 160)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.claim_view.setColumnHidden(ClaimTableModel.ARTICLE_COLUMN, True)
        self.claim_view.selectionModel().currentRowChanged.connect(self._claim_row_changed)
        self.claim_view.doubleClicked.connect(lambda _i: self.panel.text.setFocus())
        claims_pane = QWidget()
        layout = QVBoxLayout(claims_pane)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.claim_view)
        self._search_timer = _debounce(self, 150, self._apply_filters)
        self.search.textChanged.connect(self._search_timer.start)
        self.speaker_filter.textChanged.connect(self._search_timer.start)
        for combo in (self.scope, self.status_filter, self.verdict_filter, self.kind_filter):
            combo.currentIndexChanged.connect(self._apply_filters)
        self.score_filter.valueChanged.connect(self._search_timer.start)

        # Claim panel
        self.panel = ClaimPanel()
        self.panel.editRequested.connect(self._edit_claim)
        self.panel.verdictRequested.connect(self._set_verdict)
        self.panel.statusRequested.connect(self._set_status)
        self.panel.evidenceRequested.connect(self.add_evidence)
        self.panel.removeEvidenceRequested.connect(self._remove_evidence)
        self.panel.editEvidenceRequested.connect(self._edit_evidence)
        self.panel.snapshotRequested.connect(self._show_snapshot)
        self.panel.archiveRequested.connect(self._archive_evidence)
        self.panel.claimActivated.connect(self.select_claim)
        self.panel.lookupRequested.connect(self.lookup_prior_checks)
        self.panel.setMinimumWidth(300)

        self.centre_split = QSplitter(Qt.Orientation.Vertical)
        self.centre_split.addWidget(self.reader_stack)
        self.centre_split.addWidget(claims_pane)
        self.centre_split.setStretchFactor(0, 3)
        self.centre_split.setStretchFactor(1, 2)
        self.main_split = QSplitter(Qt.Orientation.Horizontal)
        self.main_split.addWidget(articles_pane)
        self.main_split.addWidget(self.centre_split)
        self.main_split.addWidget(self.panel)
        self.main_split.setStretchFactor(0, 1)
        self.main_split.setStretchFactor(1, 3)
        self.main_split.setStretchFactor(2, 1)
        self.main_split.setSizes([290, 730, 420])
        self.setCentralWidget(self.main_split)

        # Undo history (hidden until asked for)
        self.undo_dock = QDockWidget("Undo history", self)
        self.undo_dock.setObjectName("undoHistory")
        self.undo_dock.setWidget(QUndoView(self.editor.stack))
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.undo_dock)
        self.undo_dock.hide()

        # Status bar: message, progress with cancel, counts
        bar = self.statusBar()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(180)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.cancel_button = QToolButton()
        self.cancel_button.setText("Cancel")
        self.cancel_button.clicked.connect(self.cancel_tasks)
        self.cancel_button.hide()
        self.counts = QLabel()
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)
        bar.addPermanentWidget(self.counts)

    def _build_actions(self) -> None:
        def action(text, slot, shortcut=None, tip=None) -> QAction:
            act = QAction(text, self)
            if shortcut is not None:
                if isinstance(shortcut, list):
                    act.setShortcuts(shortcut)
                else:
                    act.setShortcut(QKeySequence(shortcut))
            if tip:
                act.setStatusTip(tip)
            act.triggered.connect(lambda _checked=False: slot())
            self.addAction(act)  # shortcuts work while menus are closed and toolbars hidden
            return act

        self.act_open = action("&Open file…", self.open_files, QKeySequence.StandardKey.Open)
        self.act_folder = action("Import &folder…", self.import_folder)
        self.act_paste = action("&Paste as new article", self.paste_article, "Ctrl+Shift+V")
        self.act_url = action("Import from &URL", self.focus_url, "Ctrl+L")
        self.act_sample = action("Load the &sample article", self.load_sample)
        self.act_claimreview = action(
            "Import published &fact-checks (ClaimReview)…", self.open_claimreview
        )
        self.act_export = action("&Export…", self.export, "Ctrl+Shift+E")
        self.act_settings = action("Se&ttings…", self.open_settings, "Ctrl+,")
        self.act_quit = action("&Quit", self.close, QKeySequence.StandardKey.Quit)

        self.act_undo = self.editor.stack.createUndoAction(self, "&Undo")
        self.act_undo.setShortcut(QKeySequence("Ctrl+Z"))
        self.act_redo = self.editor.stack.createRedoAction(self, "&Redo")
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.addActions([self.act_undo, self.act_redo])
        self.act_find = action("&Search claims", self.focus_search, "/")
        self.act_add_claim = action(
            "&Add selection as claim", self.add_claim_from_selection, "Ctrl+Shift+A"
        )

        self.act_next = action("&Next claim", lambda: self.move_claim(1), "J")
        self.act_prev = action("&Previous claim", lambda: self.move_claim(-1), "K")
        self.act_evidence = action("Add &evidence", self.focus_evidence, "E")
        self.act_not_checking = action(
            "Set aside (&not checking)", lambda: self.triage("not checking"), "X"
        )
        self.act_researching = action(
            "Take on (&researching)", lambda: self.triage("researching"), "R"
        )
        self.act_split = action("&Split at cursor", self.split_claim, "Ctrl+Shift+S")
        self.act_merge = action("&Merge selected", self.merge_claims, "Ctrl+M")
        self.act_delete = action("&Delete", self.delete_claims, QKeySequence.StandardKey.Delete)
        self.act_lookup = action("&Look up prior fact-checks", self.lookup_prior_checks)
        self.verdict_actions: list[QAction] = []
        for number in range(1, 10):
            act = action(f"Level {number}", lambda n=number: self.set_verdict_level(n), str(number))
            self.verdict_actions.append(act)

        self.act_all = QAction("Claims of &all articles", self, checkable=True)
        self.act_all.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.act_all.toggled.connect(lambda on: self.scope.setCurrentIndex(1 if on else 0))
        self.scope.currentIndexChanged.connect(
            lambda i: (
                self.act_all.setChecked(i == 1) if self.act_all.isChecked() != (i == 1) else None
            )
        )
        # Which article a claim is from matters only when listing all articles.
        self.scope.currentIndexChanged.connect(
            lambda i: self.claim_view.setColumnHidden(ClaimTableModel.ARTICLE_COLUMN, i == 0)
        )
        self.addAction(self.act_all)
        self.act_reset_filters = action("&Clear filters", self.clear_filters, "Ctrl+Shift+R")
        self.act_shortcuts = action("&Keyboard shortcuts", self.show_shortcuts, "F1")
        self.act_about = action("&About factdesk", self.show_about)

    def _build_menus_and_toolbar(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        for act in (self.act_url, self.act_open, self.act_folder, self.act_paste):
            file_menu.addAction(act)
        file_menu.addSeparator()
        file_menu.addAction(self.act_sample)
        file_menu.addAction(self.act_claimreview)
        file_menu.addAction(self.act_export)
        file_menu.addSeparator()
        file_menu.addAction(self.act_settings)
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        edit_menu = menu.addMenu("&Edit")
        for act in (self.act_undo, self.act_redo):
            edit_menu.addAction(act)
        edit_menu.addSeparator()
        edit_menu.addAction(self.act_add_claim)
        edit_menu.addAction(self.act_find)
        view_menu = menu.addMenu("&View")
        view_menu.addAction(self.act_all)
        view_menu.addAction(self.act_reset_filters)
        view_menu.addSeparator()
        view_menu.addAction(self.undo_dock.toggleViewAction())
        claim_menu = menu.addMenu("&Claim")
        for act in (self.act_next, self.act_prev):
            claim_menu.addAction(act)
        claim_menu.addSeparator()
        self.verdict_menu = claim_menu.addMenu("&Verdict")
        status_menu = claim_menu.addMenu("S&tatus")
        for status in STATUSES:
            status_menu.addAction(status, lambda s=status: self._set_status(s, None))
        claim_menu.addAction(self.act_researching)
        claim_menu.addAction(self.act_not_checking)
        claim_menu.addAction(self.act_evidence)
        claim_menu.addAction(self.act_lookup)
        claim_menu.addSeparator()
        for act in (self.act_add_claim, self.act_split, self.act_merge, self.act_delete):
            claim_menu.addAction(act)
        help_menu = menu.addMenu("&Help")
        help_menu.addAction(self.act_shortcuts)
        help_menu.addAction(self.act_about)
        self._fill_verdict_menu()

        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.url_field = QLineEdit()
        self.url_field.setObjectName("urlField")
        self.url_field.setPlaceholderText("Article URL or file path, then Enter  (Ctrl+L)")
        self.url_field.setClearButtonEnabled(True)
        self.url_field.setMinimumWidth(360)
        self.url_field.returnPressed.connect(self._import_from_field)
        toolbar.addWidget(self.url_field)
        import_button = QPushButton("Import")
        import_button.clicked.connect(self._import_from_field)
        toolbar.addWidget(import_button)
        toolbar.addSeparator()
        self._set_icons()
        for act in (self.act_open, self.act_paste, None, self.act_prev, self.act_next,
                    self.act_evidence, None, self.act_undo, self.act_redo, None,
                    self.act_export, self.act_settings):  # fmt: skip
            if act is None:
                toolbar.addSeparator()
            else:
                toolbar.addAction(act)

    def _set_icons(self) -> None:
        for act, name, short in (
            (self.act_open, "open", "Open"),
            (self.act_paste, "paste", "Paste"),
            (self.act_undo, "undo", "Undo"),
            (self.act_redo, "redo", "Redo"),
            (self.act_export, "export", "Export"),
            (self.act_settings, "settings", "Settings"),
            (self.act_evidence, "evidence", "Evidence"),
            (self.act_next, "next", "Next"),
            (self.act_prev, "previous", "Previous"),
        ):
            act.setIcon(icon(name))
            act.setIconText(short)

    def _fill_verdict_menu(self) -> None:
        self.verdict_menu.clear()
        levels = self.desk.scale().levels
        for number, act in enumerate(self.verdict_actions, start=1):
            if number <= len(levels):
                act.setText(f"{number}  {levels[number - 1].label}")
                act.setEnabled(True)
                self.verdict_menu.addAction(act)
            else:
                act.setEnabled(False)

    def _fill_verdict_filter(self) -> None:
        current = self.verdict_filter.currentData()
        self.verdict_filter.blockSignals(True)
        self.verdict_filter.clear()
        self.verdict_filter.addItem("Any verdict", None)
        self.verdict_filter.addItem("No verdict", "")
        for level in self.desk.scale().levels:
            self.verdict_filter.addItem(level.label, level.label)
        index = self.verdict_filter.findData(current)
        self.verdict_filter.setCurrentIndex(max(index, 0))
        self.verdict_filter.blockSignals(False)

    # === layout memory ===========================================================================

    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 860)
        for key, widget in (
            ("window/state", self),
            ("window/main_split", self.main_split),
            ("window/centre_split", self.centre_split),
        ):
            value = self.settings.value(key)
            if isinstance(value, QByteArray) and not value.isEmpty():
                widget.restoreState(value)
        header = self.settings.value("window/claim_header")
        if isinstance(header, QByteArray) and not header.isEmpty():
            self.claim_view.horizontalHeader().restoreState(header)
            self.claim_view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)

    def save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/main_split", self.main_split.saveState())
        self.settings.setValue("window/centre_split", self.centre_split.saveState())
        self.settings.setValue(
            "window/claim_header", self.claim_view.horizontalHeader().saveState()
        )
        if self.current_article:
            self.settings.setValue("session/article", self.current_article.id)
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        self.tasks.shutdown()
        super().closeEvent(event)

    # === articles ================================================================================

    def _show_start_page(self) -> None:
        """Open the last article (or the first with claims) at once; the article list
        arrives from the database thread and catches up."""
        wanted = self.settings.value("session/article")
        if wanted:
            try:
                self.open_article(self.desk.article(str(wanted)).id)
                return
            except FactdeskError:
                pass
        first = self.desk.claims(ClaimFilter(), limit=1)
        if first:
            self.open_article(first[0].article_id)
            return
        self.reader_stack.setCurrentWidget(self.welcome)
        self.panel.show_claim(None)
        # Keyboard first: on an empty desk, Enter loads the sample.
        self.welcome.sample_button.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def _articles_loaded(self) -> None:
        if self.current_article is not None:
            self._reselect_article(self.current_article.id)
        elif self.articles_model.rowCount():
            self.select_article_row(0)
        self._update_counts()

    def select_article_row(self, row: int) -> None:
        index = self.articles_model.index(row, 0)
        self.article_view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def select_article(self, article_id: str) -> None:
        self.open_article(article_id)
        self._reselect_article(article_id)

    @Slot()
    def _apply_article_search(self) -> None:
        current = self.current_article.id if self.current_article else None
        self.articles_model.set_search(self.article_search.text())
        _ = current  # the list re-selects the current article when it arrives

    @Slot(int)
    def _apply_article_sort(self, choice: int) -> None:
        key, descending = [("imported", True), ("imported", False), ("title", False),
                           ("published", True)][choice]  # fmt: skip
        self.articles_model.set_sort(key, descending)

    def _reselect_article(self, article_id: str) -> None:
        row = self.articles_model.row_of(article_id)
        if row is not None:
            with self._quiet():
                self.select_article_row(row)

    @contextlib.contextmanager
    def _quiet(self):
        """Move selections without acting on them (the views still repaint)."""
        self._syncing += 1
        try:
            yield
        finally:
            self._syncing -= 1

    @Slot(QModelIndex, QModelIndex)
    def _article_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing:
            return
        article = self.articles_model.article_at(current.row())
        if article is None:
            return
        self.open_article(article.id)

    def open_article(self, article_id: str, claim_id: str | None = None) -> None:
        """Show an article in the reader (and its claims, unless all articles are listed)."""
        try:
            self.current_article = self.desk.article(article_id)
        except FactdeskError as error:
            self.show_error(str(error))
            return
        self.reader_stack.setCurrentWidget(self.reader)
        self._render_reader()
        if self.scope.currentIndex() == 0:
            self._apply_filters(keep_claim=claim_id)
        elif claim_id:
            self.select_claim(claim_id)
        if claim_id is None and self.scope.currentIndex() == 0:
            self.set_current_row(0)

    def _render_reader(self) -> None:
        article = self.current_article
        claims = self.desk.claims(ClaimFilter(article_id=article.id)) if article else []
        self.reader.show_article(article, claims, self.claims_model._scale_colours)
        if self.current_claim and article and self.current_claim.article_id == article.id:
            self.reader.set_current_claim(self.current_claim.id, scroll=False)

    @Slot(object)
    def _reader_link(self, url) -> None:
        if url.scheme() in ("http", "https"):
            from PySide6.QtGui import QDesktopServices

            QDesktopServices.openUrl(url)

    # === claims table ============================================================================

    def claim_filter(self) -> ClaimFilter:
        article_id = None
        if self.scope.currentIndex() == 0:
            article_id = self.current_article.id if self.current_article else "-"
        status = self.status_filter.currentText() if self.status_filter.currentIndex() else None
        kind = self.kind_filter.currentText() if self.kind_filter.currentIndex() else None
        return ClaimFilter(
            article_id=article_id,
            text=self.search.text().strip() or None,
            status=status,
            verdict=self.verdict_filter.currentData(),
            speaker=self.speaker_filter.text().strip() or None,
            kind=kind,
            min_score=self.score_filter.value() or None,
        )

    @Slot()
    def _apply_filters(self, keep_claim: str | None = None) -> None:
        keep = keep_claim or (self.current_claim.id if self.current_claim else None)
        self.claims_model.set_filter(self.claim_filter())
        self._reselect_claim(keep)
        self._update_counts()

    def clear_filters(self) -> None:
        for widget in (self.search, self.speaker_filter):
            widget.blockSignals(True)
            widget.clear()
            widget.blockSignals(False)
        for combo in (self.status_filter, self.verdict_filter, self.kind_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.score_filter.blockSignals(True)
        self.score_filter.setValue(0)
        self.score_filter.blockSignals(False)
        self._apply_filters()

    def _reselect_claim(self, claim_id: str | None) -> None:
        """Keep the same claim current in the table after a reload (if it is still listed)."""
        selection = self.claim_view.selectionModel()
        row = self.claims_model.row_of(claim_id) if claim_id else None
        if row is None:
            return
        index = self.claims_model.index(row, 0)
        with self._quiet():
            selection.setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        self.claim_view.scrollTo(index)

    def _update_counts(self) -> None:
        shown = self.claims_model.rowCount()
        more = "+" if self.claims_model.canFetchMore() else ""
        articles = self.articles_model.rowCount()
        self.counts.setText(f"{shown}{more} claims listed · {articles} articles")

    @Slot(QModelIndex, QModelIndex)
    def _claim_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing:
            return
        claim = self.claims_model.claim_at(current.row())
        if claim is not None:
            self._show_claim(claim)

    def set_current_row(self, row: int) -> None:
        """Make `row` the current and only selected claim (whatever keys are held)."""
        index = self.claims_model.index(row, 0)
        self.claim_view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.claim_view.scrollTo(index)

    def select_claim(self, claim_id: str) -> None:
        """Make a claim current: in the table when it is listed, in the reader and panel."""
        row = self.claims_model.row_of(claim_id)
        if row is not None:
            self.set_current_row(row)
            self.claim_view.scrollTo(self.claims_model.index(row, 0))
            return
        try:
            claim = self.desk.claim(claim_id)
        except FactdeskError as error:
            self.show_error(str(error))
            return
        self.claim_view.clearSelection()
        self._show_claim(claim)

    def _show_claim(self, claim: Claim) -> None:
        self.current_claim = claim
        if self.current_article is None or self.current_article.id != claim.article_id:
            try:
                self.current_article = self.desk.article(claim.article_id)
            except FactdeskError:
                self.current_article = None
            self.reader_stack.setCurrentWidget(self.reader)
            self._render_reader()
            if self.current_article:
                self._reselect_article(self.current_article.id)
        self.reader.set_current_claim(claim.id)
        self._refresh_panel()

    def _refresh_panel(self) -> None:
        claim = self.current_claim
        if claim is None:
            self.panel.show_claim(None)
            return
        heading = article_title(self.current_article) if self.current_article else ""
        row = self.claims_model.row_of(claim.id)
        if row is not None:
            more = "+" if self.claims_model.canFetchMore() else ""
            heading = f"Claim {row + 1} of {self.claims_model.rowCount()}{more} · {heading}"
        self.panel.show_claim(
            claim,
            article_title=heading,
            evidence=self.desk.evidence(claim.id),
            history=self.desk.history(claim.id),
            prior_checks=self.desk.prior_checks_for(claim.id),
        )
        self._load_similar(claim.id)

    def _load_similar(self, claim_id: str) -> None:
        """Similar claims come from the database thread (it can take a moment on big
        databases); a late answer for a claim no longer shown is dropped."""
        self._similar_request += 1
        request = self._similar_request

        def job(desk, _ctx):
            return desk.similar_claims(claim_id, limit=8)

        def done(matches):
            if request == self._similar_request and self.current_claim:
                self.panel.show_similar(matches)

        self.tasks.run_db("Finding similar claims", job, done, lambda _m: None)

    def current_claims(self) -> list[Claim]:
        rows = sorted({i.row() for i in self.claim_view.selectionModel().selectedRows()})
        claims = [self.claims_model.claim_at(r) for r in rows]
        claims = [c for c in claims if c is not None]
        if not claims and self.current_claim:
            claims = [self.current_claim]
        return claims

    # === keyboard review =========================================================================

    def move_claim(self, step: int) -> None:
        """J/K: the next or previous claim in the table (fetching the next page if needed)."""
        model = self.claims_model
        current = self.claim_view.currentIndex()
        row = current.row() + step if current.isValid() else 0
        if row >= model.rowCount() and model.canFetchMore():
            model.fetchMore()
        if 0 <= row < model.rowCount():
            self.set_current_row(row)
            self._update_counts()

    def set_verdict_level(self, number: int) -> None:
        levels = self.desk.scale().levels
        if self.current_claim is None:
            self.statusBar().showMessage("Select a claim first (J/K to move).", 4000)
            return
        if not 1 <= number <= len(levels):
            self.statusBar().showMessage(f"The current scale has no level {number}.", 4000)
            return
        self._set_verdict(levels[number - 1].label, self.panel.summary.text().strip())

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def focus_url(self) -> None:
        self.url_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.url_field.selectAll()

    def focus_evidence(self) -> None:
        if self.current_claim is None:
            self.statusBar().showMessage("Select a claim first (J/K to move).", 4000)
            return
        self.panel.focus_evidence()

    # === edits (all through the undo stack) ===================================================

    def _execute(self, command: undo.DeskCommand) -> bool:
        return self.editor.execute(command)

    @Slot(dict)
    def _edit_claim(self, fields: dict) -> None:
        if self.current_claim:
            self._execute(undo.EditClaim(self.editor, self.current_claim, **fields))

    @Slot(object, str)
    def _set_verdict(self, rating: str | None, summary: str) -> None:
        claim = self.current_claim
        if claim and self._execute(undo.SetVerdict(self.editor, claim, rating, summary)):
            self.statusBar().showMessage(f"Verdict: {rating or summary}", 3000)

    @Slot(str, str)
    def triage(self, status: str) -> None:
        """X / R: set the selected claims aside or take them on, as one undoable step;
        with one claim, go on to the next (reviewing dozens a day, by keyboard)."""
        claims = self.current_claims()
        if not claims:
            self.statusBar().showMessage("Select a claim first (J/K to move).", 4000)
            return
        me = self.desk.setting("reviewer")
        stack = self.editor.stack
        stack.beginMacro(f"{status.capitalize()}: {len(claims)} claim(s)")
        try:
            for claim in claims:
                assignee = me if status == "researching" and me else claim.assignee or ""
                self._execute(undo.SetStatus(self.editor, claim, status, assignee))
        finally:
            stack.endMacro()
        self.statusBar().showMessage(f"{len(claims)} claim(s): {status}. Ctrl+Z undoes.", 4000)
        if len(claims) == 1:
            self.move_claim(1)

    def _set_status(self, status: str, assignee: str | None) -> None:
        claim = self.current_claim
        if claim:
            if assignee is None:
                assignee = claim.assignee or ""
            self._execute(undo.SetStatus(self.editor, claim, status, assignee))

    def add_claim_from_selection(self) -> None:
        span = self.reader.selected_span()
        if self.current_article is None or span is None:
            self.show_error("Select some text of the article in the reader first.")
            return
        command = undo.AddClaim(self.editor, self.current_article.id, *span)
        if self._execute(command):
            self.select_claim(command.claim.id)

    def split_claim(self) -> None:
        claim = self.current_claim
        cursor = self.reader.textCursor()
        at = self.reader.article_offset(cursor.selectionStart() if cursor.hasSelection()
                                        else cursor.position())  # fmt: skip
        if claim is None or at is None or not claim.start < at < claim.end:
            self.show_error("Click inside the current claim in the reader where it should split.")
            return
        command = undo.SplitClaim(self.editor, claim, at)
        if self._execute(command):
            self.select_claim(command.results[0].id)

    def merge_claims(self) -> None:
        claims = self.current_claims()
        if len(claims) < 2:
            self.show_error("Select two or more claims of one article in the table to merge.")
            return
        command = undo.MergeClaims(self.editor, claims)
        if self._execute(command):
            self.select_claim(command.results[0].id)

    def delete_claims(self) -> None:
        claims = self.current_claims()
        if not claims:
            return
        row = self.claim_view.currentIndex().row()
        if self._execute(undo.DeleteClaims(self.editor, claims)):
            self.statusBar().showMessage(
                f"Deleted {len(claims)} claim(s). Ctrl+Z brings them back.", 5000
            )
            row = min(max(row, 0), self.claims_model.rowCount() - 1)
            if row >= 0:
                self.set_current_row(row)

    def add_evidence(self, url: str, stance: str = "unclear", quote: str = "") -> None:
        """Fetch the page on the network pool, then attach it (undoably) on the GUI thread."""
        claim = self.current_claim
        if claim is None:
            return
        try:
            from factdesk.ingest.fetch import check_url

            url = check_url(url, credentials=False)
        except BadInput as error:
            self.show_error(str(error))
            return
        network = self.desk.network_settings()
        self.statusBar().showMessage(f"Fetching {url} …")

        def attach(page_or_error) -> None:
            command = undo.AddEvidence(
                self.editor, claim, url, stance, quote or None, fetcher=Prefetched(page_or_error)
            )
            if self._execute(command):
                evidence = command.evidence
                if evidence.fetch_error:
                    self.statusBar().showMessage(
                        f"Saved the link without an offline copy: {evidence.fetch_error}"
                        + offline_hint(evidence.fetch_error),
                        8000,
                    )
                else:
                    self.statusBar().showMessage(
                        f"Evidence added: {evidence.title or evidence.url}", 4000
                    )

        self.tasks.run_network(
            f"Fetching {url}", lambda ctx: fetch_page(url, network), attach, self.show_error
        )

    @Slot(object)
    def _remove_evidence(self, evidence: Evidence) -> None:
        self._execute(undo.RemoveEvidence(self.editor, evidence))

    @Slot(object, dict)
    def _edit_evidence(self, evidence: Evidence, fields: dict) -> None:
        self._execute(undo.EditEvidence(self.editor, evidence, **fields))

    @Slot(object)
    def _show_snapshot(self, evidence: Evidence) -> None:
        SnapshotDialog(evidence, self).exec()

    def apply_changes(self, changes: Changes) -> None:
        """Refresh what an edit (or its undo) changed: table rows, reader, panel, counts."""
        if changes.settings or changes.scales:
            self.claims_model.refresh_scales()
            self.panel.set_scale(self.desk.scale())
            self._fill_verdict_menu()
            self._fill_verdict_filter()
        if changes.claims and not self.claims_model.refresh_claims(changes.claims):
            keep = self.current_claim.id if self.current_claim else None
            self.claims_model.reload()
            self._reselect_claim(keep)
        if self.current_claim and self.current_claim.id in changes.claims:
            try:
                self.current_claim = self.desk.claim(self.current_claim.id)
            except FactdeskError:
                self.current_claim = None
        if changes.articles or changes.claims or changes.scales:
            if self.current_article:
                self._render_reader()
            self.articles_model.reload()  # counts change; the current row is kept
        if self.current_claim is None:
            index = self.claim_view.currentIndex()
            claim = self.claims_model.claim_at(index.row()) if index.isValid() else None
            if claim:
                self._show_claim(claim)
            else:
                self.panel.show_claim(None)
        else:
            self._refresh_panel()
        self._update_counts()
        self.changed.emit(changes)

    # === import ==================================================================================

    @Slot()
    def _import_from_field(self) -> None:
        source = self.url_field.text().strip()
        if source:
            self.import_sources([source])
            self.url_field.clear()

    def open_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self,
            "Open articles",
            str(self.settings.value("session/open_dir", str(Path.home()))),
            "Articles (*.html *.htm *.txt *.md);;All files (*)",
        )
        if files:
            self.settings.setValue("session/open_dir", str(Path(files[0]).parent))
            self.import_sources(files)

    def open_claimreview(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self,
            "Import published fact-checks",
            str(self.settings.value("session/open_dir", str(Path.home()))),
            "ClaimReview (*.json *.jsonld *.html *.htm *.html.gz);;All files (*)",
        )
        if files:
            self.import_claimreview(files)

    def import_claimreview(self, sources: list[str]) -> None:
        """Keep the published fact-checks in ClaimReview files; every claim they match
        shows them under Seen before."""

        def job(desk, ctx):
            added = 0
            for n, source in enumerate(sources):
                ctx.check()
                ctx.progress(n, len(sources), source)
                added += desk.import_claimreview(source)
            return added

        def done(added: int) -> None:
            self._refresh_panel()
            self.statusBar().showMessage(f"{added} new published fact-checks kept.", 5000)

        self.tasks.run_db("Importing fact-checks", job, done, self.show_error)

    def import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import a folder of articles")
        if folder:
            self.import_folder_path(folder)

    def import_folder_path(self, folder: str | Path) -> None:
        sources = sources_in_folder(Path(folder))
        if not sources:
            self.show_error(f"{folder}: no articles here ({', '.join(IMPORTABLE_SUFFIXES)} files)")
            return
        self.import_sources(sources)

    def paste_article(self) -> None:
        text = QGuiApplication.clipboard().text()
        if not text.strip():
            text, ok = QInputDialog.getMultiLineText(
                self, "Paste an article", "The clipboard is empty. Paste the article's text:"
            )
            if not ok or not text.strip():
                return
        self.import_text(text)

    def import_text(self, text: str) -> Task:
        return self.import_sources(["-"], stdin_text=text)

    def load_sample(self) -> Task | None:
        seeds = paths.seed_files()
        if not seeds:
            self.show_error("No sample article is shipped with this copy of factdesk.")
            return None
        # Read through importlib.resources so it works from a wheel or a frozen build too.
        return self.import_sources(["-"], stdin_text=seeds[0].read_text(encoding="utf-8"),
                                   label="the sample article")  # fmt: skip

    def import_sources(
        self, sources: list[str], *, stdin_text: str | None = None, label: str | None = None
    ) -> Task:
        """Read (network pool) then store (database thread) articles, with progress."""
        label = label or (sources[0] if len(sources) == 1 else f"{len(sources)} articles")
        self.statusBar().showMessage(f"Importing {label} …")
        holder: dict[str, Task] = {}

        def store(read_results) -> None:
            articles = [r for r in read_results if not isinstance(r, str)]
            errors = [r for r in read_results if isinstance(r, str)]
            if not articles:
                self._import_finished([], errors)
                return
            holder["task"] = self.tasks.run_db(
                f"Storing {label}",
                import_articles_job(articles),
                lambda results: self._import_finished(results, errors),
                self.show_error,
                self._progress,
            )

        task = self.tasks.run_network(
            f"Reading {label}",
            read_sources_job(sources, stdin_text),
            store,
            self.show_error,
            self._progress,
        )
        self.last_import = task
        return task

    def _import_finished(self, results: list, errors: list[str]) -> None:
        changed = Changes()
        for result in results:
            changed = changed | result.changes
        self.articles_model.reload()
        if results:
            last = results[-1]
            words = {"new": "Imported", "unchanged": "Already here:", "replaced": "Updated"}
            message = (
                f"{words.get(last.outcome, 'Imported')} {article_title(last.article)}"
                f" — {last.claim_count} claims"
            )
            if len(results) > 1:
                message = f"Imported {len(results)} articles. " + message
            self.statusBar().showMessage(message, 8000)
            self.select_article(last.article.id)
        if errors:
            self.show_error("\n".join(errors[:10]) + ("\n…" if len(errors) > 10 else ""))
        self._update_counts()
        self.imported.emit(results, errors)

    # === network look-ups ===========================================================

    def lookup_prior_checks(self) -> None:
        """Search published fact-checks: the search on the network pool, the results
        saved on the database thread (kept for reading offline)."""
        claim = self.current_claim
        if claim is None:
            return
        client = self.desk.factcheck_client()

        def search(_ctx):
            return client.search(claim.text, api_key=secrets.require_secret("factcheck-api-key"))

        def save(checks) -> None:
            def done(_count) -> None:
                if self.current_claim and self.current_claim.id == claim.id:
                    self._refresh_panel()
                self.statusBar().showMessage(f"{len(checks)} published fact-checks found.", 5000)

            self.tasks.run_db(
                "Saving fact-checks",
                lambda desk, _ctx: desk.save_prior_checks(claim.id, checks),
                done,
                self.show_error,
            )

        self.tasks.run_network("Looking up fact-checks", search, save, self.show_error)

    @Slot(object)
    def _archive_evidence(self, evidence: Evidence) -> None:
        """Find the page in the Wayback Machine; if it has no copy and the archive keys are
        set, capture it (Save Page Now). The archived link is an undoable edit."""
        client = self.desk.wayback_client()

        def find(ctx):
            snapshot = client.lookup(evidence.url)
            if snapshot is None:
                access = secrets.get_secret("archive-access-key")
                secret = secrets.get_secret("archive-secret-key")
                if access and secret:
                    snapshot = client.save(
                        evidence.url, access_key=access, secret_key=secret,
                        cancelled=lambda: ctx.cancelled,
                    )  # fmt: skip
            return snapshot

        def done(snapshot) -> None:
            if snapshot is None:
                self.statusBar().showMessage(
                    "The Wayback Machine has no copy yet. Set the archive keys in Settings "
                    "to capture one.",
                    8000,
                )
                return
            self._execute(
                undo.EditEvidence(self.editor, evidence, archived_url=snapshot.archived_url)
            )
            self.statusBar().showMessage(f"Archived: {snapshot.archived_url}", 6000)

        self.tasks.run_network(f"Archiving {evidence.url}", find, done, self.show_error)

    # === tasks, errors, dialogs ==================================================================

    @Slot(object)
    def _task_started(self, task: Task) -> None:
        if _background(task):
            return
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()

    @Slot(object)
    def _task_finished(self, _task: Task) -> None:
        visible = [t for t in self.tasks.active() if not _background(t)]
        if not visible:
            self.progress.hide()
            self.cancel_button.hide()

    def _progress(self, done: int, total: int, text: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        if text:
            self.statusBar().showMessage(text)

    def cancel_tasks(self) -> None:
        for task in self.tasks.active():
            task.cancel()
        self.statusBar().showMessage("Cancelled.", 4000)

    def show_error(self, message: str) -> None:
        """Errors in plain words: the status bar, and a box for anything long-lived."""
        if not message:  # a cancelled task
            self.statusBar().showMessage("Cancelled.", 4000)
            return
        self.statusBar().showMessage(message.splitlines()[0], 10000)
        if self.isVisible() and QGuiApplication.platformName() != "offscreen":
            QMessageBox.warning(self, "factdesk", message)
        self.last_error = message

    def open_settings(self) -> None:
        dialog = SettingsDialog(self.desk, self)
        if dialog.exec():
            self.apply_changes(Changes(settings=True, scales=True))

    def export(self) -> None:
        open_export_dialog(self)

    def show_shortcuts(self) -> None:
        ShortcutsDialog(SHORTCUTS, self).exec()

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "About factdesk",
            f"<b>factdesk {__version__}</b><p>A desktop workbench for fact-checkers: claims,"
            f" evidence, verdicts, reports.</p><p>Database: {self.desk.path}</p>",
        )

    # === drag and drop of files and URLs onto the window =========================================

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() or event.mimeData().hasText():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        sources: list[str] = []
        for url in mime.urls():
            if url.isLocalFile():
                path = Path(url.toLocalFile())
                sources.extend(sources_in_folder(path) if path.is_dir() else [str(path)])
            elif url.scheme() in ("http", "https"):
                sources.append(url.toString())
        if sources:
            event.acceptProposedAction()
            self.import_sources(sources)
        elif mime.hasText() and mime.text().strip():
            event.acceptProposedAction()
            text = mime.text().strip()
            if text.startswith(("http://", "https://")) and " " not in text:
                self.import_sources([text])
            else:
                self.import_text(text)


def _background(task: Task) -> bool:
    """Quick reads that need no progress bar (and may start before the window is built)."""
    return task.label in ("Listing articles", "Finding similar claims")


def icon(name: str) -> QIcon:
    """An icon from resources/icons/ (SVG)."""
    return QIcon(str(paths.resource(f"icons/{name}.svg")))


def offline_hint(error: str) -> str:
    words = error.lower()
    if any(w in words for w in ("resolve", "connect", "network", "unreachable", "timed out")):
        return " (are you offline? the link is kept; refetch it later)"
    return ""


def _tidy_table(view: QTableView) -> None:
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(24)
    view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.horizontalHeader().setHighlightSections(False)
    view.horizontalHeader().setStretchLastSection(False)


def _debounce(parent, ms: int, slot) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(ms)
    timer.timeout.connect(lambda: slot())
    return timer
