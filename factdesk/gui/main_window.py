"""The main window: it lays out the panes (articles, reader, claims, claim panel), says which
claim is current, and shows progress and errors. The panes refresh themselves from the
session's desk_changed; the window never reads or writes the database itself."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QSettings, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMessageBox,
    QSplitter,
    QUndoView,
    QWidget,
)

from factdesk import __version__, paths
from factdesk.errors import FactdeskError
from factdesk.model import Claim, ClaimFilter

from . import factcheck_editor, memory_keys, style, undo
from .actions import Actions
from .articles_pane import ArticlesPane
from .claim_panel import ClaimPanel
from .claims_pane import NO_ARTICLE, ClaimsPane
from .dialogs import highlight_from, open_settings
from .export_dialog import ExportDialog
from .family_view import FamilyDialog
from .imports import Importer, Refiner
from .models import article_title
from .operations import DeskSession, QueryOp, log_error
from .progress import StatusProgress
from .reader_pane import ReaderPane
from .review import Review
from .review_state import ReviewState
from .saved_lists import SavedListsSidebar
from .sheets import ShortcutsDialog, SnapshotDialog
from .statistics import StatisticsDialog
from .tasks import Task
from .team import Team
from .watching import SourceWatcher
from .widgets import debounce
from .window_memory import PANE_MINIMUMS, WindowMemory
from .window_view import WindowView

__all__ = ["MainWindow"]


class MainWindow(WindowView):
    imported = Signal(list, list)  # ImportResults, error lines: after every import

    def __init__(self, session: DeskSession, settings: QSettings | None = None):
        super().__init__()
        self.session = session
        self.settings = settings or QSettings(
            str(paths.data_dir() / "window.ini"), QSettings.Format.IniFormat
        )
        self.memory = WindowMemory(self)
        self.last_error = ""
        self._looks = style.palette_key()  # the palette the window was drawn with
        self.setWindowTitle(f"factdesk — {session.path.name}")
        self.setAcceptDrops(True)
        self.editor = undo.Editor(session, self)
        self.articles = ArticlesPane(session)
        self.reader = ReaderPane(session)
        self.claims = ClaimsPane(session)
        self.panel = ClaimPanel(session, ReviewState())
        for pane, least in zip((self.articles, self.claims, self.panel), PANE_MINIMUMS,
                               strict=True):  # fmt: skip
            pane.setMinimumWidth(least)
        self.review = Review(session, self.editor, self.panel, self.claims, self.reader, self.say,
                             self.settings, self.articles)  # fmt: skip
        self.progress = StatusProgress(session, self.statusBar(), self.say)
        self.cancel_button = self.progress.cancel_button
        self.importer = Importer(session, self, self.settings, self.progress.show, self.say)
        self.team = Team(session, self.say, self.show_error, self)
        self.watcher = SourceWatcher(session, self.say, self)
        self.importer.imported.connect(self._imported)
        self._build_layout()
        self.actions_ = Actions(self)
        self.actions_.build_menus()
        factcheck_editor.install(self)  # F7: the fact-check; Ctrl+Shift+P: publishing
        self.url_field = self.actions_.build_toolbar()
        self.url_field.returnPressed.connect(self._import_from_field)
        self._connect()
        self.memory.restore_layout()
        self.apply_preferences()
        self._open_start_article()
        session.warm_up()
        self.refiner = Refiner(session, self)  # scores left provisional are refined now
        self.refiner.kick()
        # Who is reviewing, before review starts (not at the first verdict's key).
        QTimer.singleShot(0, self.review.reviewer.make_known_at_start)

    # === building ============================================================================

    def _build_layout(self) -> None:
        self.centre_split = QSplitter(Qt.Orientation.Vertical)
        self.centre_split.addWidget(self.reader)
        self.centre_split.addWidget(self.claims)
        self.centre_split.setStretchFactor(0, 3)
        self.centre_split.setStretchFactor(1, 2)
        self.main_split = QSplitter(Qt.Orientation.Horizontal)
        for pane, stretch in ((self.articles, 1), (self.centre_split, 3), (self.panel, 1)):
            self.main_split.addWidget(pane)
            self.main_split.setStretchFactor(self.main_split.count() - 1, stretch)
        self.main_split.setChildrenCollapsible(False)
        self.setCentralWidget(self.main_split)
        self.undo_dock = QDockWidget("Undo history", self)
        self.undo_dock.setObjectName("undoHistory")
        self.undo_dock.setWidget(QUndoView(self.editor.stack))
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.undo_dock)
        self.undo_dock.hide()
        self.saved_lists = SavedListsSidebar(self.session, self.editor, self.claims.claim_filter,
                                             self.claims.show_saved, self.say)  # fmt: skip
        self.saved_lists.done.connect(self.claims.view.setFocus)
        self.lists_dock = QDockWidget("Saved lists", self)
        self.lists_dock.setObjectName("savedListsDock")
        self.lists_dock.setWidget(self.saved_lists)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.lists_dock)
        self.lists_dock.hide()  # (shown by View > Saved lists, or Ctrl+Alt+S)
        bar = self.statusBar()
        self.counts = QLabel()
        self.counts.setObjectName("counts")
        self.sync_state = QLabel()
        self.sync_state.setObjectName("syncState")
        self.sync_state.hide()
        for widget in (self.progress.bar, self.cancel_button, self.sync_state, self.counts):
            bar.addPermanentWidget(widget)

    def _connect(self) -> None:
        session = self.session
        session.error.connect(self.show_error)
        session.scales_changed.connect(self.actions_.fill_verdict_menu)
        session.scales_changed.connect(self.apply_preferences)  # (after Settings' OK)
        self.articles.articleChosen.connect(self.open_article)
        self.articles.loaded.connect(self._articles_loaded)
        self.claims.currentClaimChanged.connect(self.show_claim)
        self.claims.emptied.connect(self._list_emptied)
        self.claims.notice.connect(lambda words: self.say(words, 8000))
        self.editor.told.connect(lambda words: self.say(words, 6000))
        self.claims.loaded.connect(self._update_counts)
        self.claims.view.doubleClicked.connect(lambda _i: self.panel.focus_first())
        # Tab from the claims table goes to the claim panel (not from cell to cell); Enter
        # in a panel field saves it and comes back.
        QWidget.setTabOrder(self.claims.view, self.panel.text)
        self.panel.done.connect(self.claims.focus_table)
        self._session_timer = debounce(self, 800, self.memory.save_session)
        self.claims.currentClaimChanged.connect(lambda _c: self._session_timer.start())
        self.claims.filtersChanged.connect(self._session_timer.start)
        self.articles.deleteRequested.connect(self.review.delete_article)
        self.team.state_changed.connect(self._show_sync_state)
        self.team.synced.connect(self._after_sync)
        self.team.changed.connect(self._team_changed)
        session.scales_changed.connect(self._team_changed)  # (the reviewer's name too)
        self.panel.refused.connect(lambda message: self.say(message, 6000))
        self._teammates_timer = debounce(self, 300, self._ask_about_teammates)
        app = QApplication.instance()
        if isinstance(app, QApplication):  # always: a window cannot exist without one
            style.follow_system(app, self._restyle)
        self.reader.claimClicked.connect(self.select_claim)
        self.reader.shown.connect(self._article_shown)
        self.reader.gone.connect(self._article_gone)
        self.reader.welcome.loadSampleRequested.connect(self.importer.load_sample)
        self.reader.welcome.openRequested.connect(self.importer.open_files)
        self.reader.welcome.pasteRequested.connect(self.importer.paste)
        self.panel.claimActivated.connect(self.select_claim)
        self.panel.claimRenamed.connect(self._claim_renamed)
        self.panel.snapshotRequested.connect(lambda e: SnapshotDialog(e, self).exec())

    # === saved lists, statistics, seen before (issue 23) =====================================

    def show_saved_lists(self) -> None:
        self.lists_dock.show()
        self.lists_dock.raise_()

    def show_statistics(self) -> StatisticsDialog:
        dialog = StatisticsDialog(self.session, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()  # the keys go to it (Escape closes it) at once
        return dialog

    # Ctrl+T, F9, Ctrl+Shift+F: claim memory's keys (memory_keys.py)
    def take_earlier_verdict(self) -> None:
        memory_keys.take_earlier_verdict(self)

    def show_family(self) -> FamilyDialog | None:
        return memory_keys.show_family(self)

    def link_to_family(self) -> None:
        memory_keys.link_to_family(self)

    # === layout memory (window_memory.py) ===================================================

    def default_size(self) -> QSize:
        return self.memory.default_size()

    def fit_panes(self) -> None:
        self.memory.fit_panes()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.memory.place_panes_once()

    def closeEvent(self, event: QCloseEvent) -> None:
        # What was being typed is saved; queued edits finish before the database closes.
        self.panel.commit_pending()
        focused = QApplication.focusWidget()
        if focused is not None and focused.window() is self:
            focused.clearFocus()  # now, not while the widgets are torn down
        self.memory.save_layout()
        self.watcher.stop()
        self.session.close()
        self.editor.stack.blockSignals(True)  # it goes with the window: no one to tell
        super().closeEvent(event)

    # === articles and claims =================================================================

    def _open_start_article(self) -> None:
        """Where the checker was: the last article, claim, search and filters; else the
        first article with claims; on an empty desk, the welcome page (Enter loads the
        sample). The keys go to the claims table."""
        wanted, wanted_claim = self.memory.restore_session()

        def start(desk) -> tuple[str | None, str | None]:
            try:
                claim = desk.claim(wanted_claim) if wanted_claim else None
                article_id = desk.article(wanted, with_raw=False).id if wanted else None
            except FactdeskError:
                claim, article_id = None, None
            if claim is not None:
                return claim.article_id, claim.id
            if article_id is None:
                first = desk.claims(ClaimFilter(), limit=1)
                return (first[0].article_id if first else None), None
            return article_id, None

        def open_it(found: tuple[str | None, str | None]) -> None:
            article_id, claim_id = found
            if article_id:
                self.open_article(article_id, claim_id)
            elif self.articles.count() == 0:
                self.reader.show_welcome()
                self.reader.welcome.sample_button.setFocus(Qt.FocusReason.OtherFocusReason)

        QueryOp(self.session, start, label="Opening").success(open_it).run()
        self.claims.focus_table()

    @Slot()
    def _articles_loaded(self) -> None:
        first = self.articles.model.article_at(0)
        if self.reader.article_id() is None and first is not None:
            self.open_article(first.id)
        self._update_counts()

    @Slot(str)
    def _claim_renamed(self, _old_id: str, claim: Claim) -> None:
        """A sync gave the claim on screen another id (and maybe its article): list it
        under that, still current, so the keys go on acting on it."""
        if claim.article_id and self.reader.article and claim.article_id != self.reader.article.id:
            self.open_article(claim.article_id, claim.id)
            return
        self.claims.select_claim(claim.id)
        self.claims.model.reload()

    def open_article(self, article_id: str, claim_id: str | None = None) -> None:
        """Show an article in the reader, list its claims (unless all articles are listed)
        and make `claim_id`, or its first claim, current."""
        self.reader.show_article(article_id)
        self.articles.show_current(article_id)
        self.claims.set_article(article_id, claim_id)

    @Slot(object)
    def show_claim(self, claim: Claim) -> None:
        """The claim the reviewer moved to: in the panel at once, and in the reader."""
        self.panel.show_claim(claim, self._heading(claim))
        if claim.article_id:
            self.claims.follow_article(claim.article_id)  # "This article": the one shown
        if claim.article_id and claim.article_id != self.reader.article_id():
            self.reader.show_article(claim.article_id)
            self.articles.show_current(claim.article_id)
        self.reader.set_current_claim(claim.id)
        self._update_counts()
        self._show_title()
        self._teammates_timer.start()  # once the reviewer stays on it a moment

    def _heading(self, claim: Claim) -> str:
        row = self.claims.model.row_of(claim.id)
        article = self.reader.article
        title = article_title(article) if article and article.id == claim.article_id else ""
        if row is None:
            return title
        return f"Claim {row + 1:,} of {self.claims.model.total():,} · {title}".strip(" ·")

    def _list_emptied(self) -> None:
        """Nothing listed (a search that finds nothing): no claim is shown, keys rate none."""
        if self.panel.claim is not None:
            self.panel.show_claim(None)
            self.panel.heading.setText("No claim listed")
        self._update_counts()

    # === the team hub ========================================================================

    def _show_sync_state(self, words: str, detail: str) -> None:
        self.sync_state.setText(words)
        self.sync_state.setToolTip(detail)
        self.sync_state.setVisible(bool(words))

    def _after_sync(self, _report: object) -> None:
        """What the sync brought: every pane reads again; a teammate's verdict it brought
        is no longer news (the hub is asked again, from the new change number)."""
        self.reload_all()
        if self.panel.claim is not None:
            self.panel.show_teammates(self.panel.claim.id, [])
        self._ask_about_teammates()

    def reload_all(self) -> None:
        """Every pane reads again (after a sync or a bundle: anything may have changed)."""
        self.articles.model.reload()
        self.claims.model.reload()
        self.reader.refresh()
        self.panel.load_details()

    def _team_changed(self) -> None:
        team = self.team
        self.panel.set_checkers(team.checkers if team.me else [])
        self.claims.me = team.me or self.session.reviewer

    def _ask_about_teammates(self) -> None:
        claim = self.panel.claim
        if claim is not None:
            self.team.teammate_notices(claim.id, self.panel.show_teammates)

    def _article_gone(self, article_id: str) -> None:
        """The article read was deleted: the next one in the list, or the welcome page."""
        self.panel.show_claim(None)
        self._show_title()
        listed = (self.articles.model.article_at(r) for r in range(self.articles.count()))
        others = [a for a in listed if a is not None and a.id != article_id]
        if others:
            self.open_article(others[0].id)
        else:
            self.claims.set_article(NO_ARTICLE)
            self.reader.show_welcome()

    def _article_shown(self, _article: object) -> None:
        if self.panel.claim is not None:
            self.panel.heading.setText(self._heading(self.panel.claim))
        self._show_title()

    def _show_title(self) -> None:
        """The database and the article being read (a desktop's window list tells them apart)."""
        article = self.reader.article
        name = f"factdesk — {self.session.path.name}"
        self.setWindowTitle(f"{name} — {article_title(article)}" if article else name)

    @Slot(str)
    def select_claim(self, claim_id: str) -> None:
        """Make a claim current (clicked in the reader, or a similar claim)."""
        if self.claims.select_claim(claim_id):
            return

        def found(claim: Claim) -> None:
            if self.claims.all_articles() or claim.article_id == self.reader.article_id():
                self.claims.view.clearSelection()
                self.show_claim(claim)
            elif claim.article_id:
                self.open_article(claim.article_id, claim.id)

        QueryOp(self.session, lambda desk: desk.claim(claim_id)).success(found).run()

    def set_status(self, status: str) -> None:
        if self.panel.claim is not None:
            self.review.set_status(self.panel.claim.id, status, None)

    def focus_url(self) -> None:
        self.url_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.url_field.selectAll()

    def focus_evidence(self) -> None:
        if self.panel.claim is None:
            self.say("Select a claim first (J/K to move).", 4000)
        else:
            self.panel.focus_evidence()

    def _update_counts(self) -> None:
        articles = self.articles.count()
        self.counts.setText(
            f"{self.claims.counts_text()} · {articles} article{'s' if articles != 1 else ''}"
        )

    # === imports =============================================================================

    @Slot()
    def _import_from_field(self) -> None:
        source = self.url_field.text().strip()
        if source and self.importer.import_sources([source]):
            self.url_field.clear()

    def _imported(self, results: list, errors: list[str]) -> None:
        if results:
            last = results[-1]
            words = {"new": "Imported", "unchanged": "Already here:", "replaced": "Updated"}
            message = (
                f"{words.get(last.outcome, 'Imported')} {article_title(last.article)}"
                f" — {last.claim_count} claims"
            )
            if len(results) > 1:
                message = f"Imported {len(results)} articles. " + message
            self.say(message, 8000)
            self.open_article(last.article.id)
            self.claims.focus_table()
        if errors:
            self.show_error("\n".join(errors[:10]) + ("\n…" if len(errors) > 10 else ""))
        self.imported.emit(results, errors)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() or event.mimeData().hasText():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        local = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
        bundles = [path for path in local if path.suffix == ".bundle"]
        if bundles:  # a teammate's work, merged (one at a time: each shows its progress)
            from .bundle_import import import_bundle

            import_bundle(self, bundles[0])
            local = [path for path in local if path not in bundles]
            event.acceptProposedAction()
        urls = [u.toString() for u in mime.urls() if u.scheme() in ("http", "https")]
        text = mime.text() if mime.hasText() and not mime.hasUrls() else ""
        if self.importer.import_dropped(local, urls, text):
            event.acceptProposedAction()

    # === tasks, errors, dialogs ==============================================================

    def long_work(self) -> list[Task]:
        return self.progress.long_work()

    def escape(self) -> None:
        """Esc: cancel an import under way; and leave any field for the claims table."""
        if self.long_work():
            self.progress.cancel()
        self.claims.focus_table()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # The application's palette changed (the system went dark or light): the window's
        # palette follows it, and so do the colours drawn by hand.
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "_looks"):
            self._restyle()

    def _restyle(self) -> None:
        """The system went light or dark: the stylesheet, icons and drawn colours follow
        (once per change of the palette's page and text colours)."""
        looks = style.palette_key()
        if looks == self._looks:
            return
        self._looks = looks
        app = QApplication.instance()
        if isinstance(app, QApplication):
            style.refresh(app)
        self.actions_.set_icons()
        self.panel.set_scale(self.session.scale)
        self.reader.refresh()
        self.claims.view.viewport().update()

    def say(self, message: str, ms: int = 4000) -> None:
        self.statusBar().showMessage(message, ms)

    def show_error(self, message: str) -> None:
        """Errors in plain words: the status bar, a box on a real screen, the log."""
        if not message:  # a cancelled task
            self.say("Cancelled.", 4000)
            return
        self.say(message.splitlines()[0], 10000)
        log_error(message)
        self.last_error = message
        if self.isVisible() and QGuiApplication.platformName() != "offscreen":
            QMessageBox.warning(self, "factdesk", message)

    def open_settings(self) -> None:
        # A hub set (and tried) there: the first sync runs at once, in a dialog with Cancel.
        open_settings(self.session, self, self.settings, lambda url: self.team.join(url, self))

    def apply_preferences(self) -> None:
        """This computer's review settings: how strongly the reader highlights."""
        threshold = highlight_from(self.settings)
        if threshold != self.reader.reader.highlight_from:
            self.reader.reader.highlight_from = threshold
            self.reader.refresh()

    def export(self) -> None:
        ExportDialog(self).exec()

    def open_bundle(self) -> None:
        """File > Import a bundle…: merged with its progress and Cancel (bundle_import.py)."""
        from .bundle_import import open_bundle

        open_bundle(self)

    def show_trash(self) -> None:
        """Edit > Trash…: window-modal, not blocking (restoring refreshes the panes behind)."""
        from .trash_dialog import TrashDialog

        self.trash_dialog = TrashDialog(self)
        self.trash_dialog.open()

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self.actions_.key_sheet(), self).exec()

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "About factdesk",
            f"<b>factdesk {__version__}</b><p>A desktop workbench for fact-checkers: claims,"
            f" evidence, verdicts, reports.</p><p>Database: {self.session.path}</p>",
        )
