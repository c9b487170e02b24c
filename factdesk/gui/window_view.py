"""The main window as its helpers (its actions, the export dialog, its remembered layout)
see it: a QMainWindow with the panes and commands listed here. MainWindow (main_window.py)
is the one window of this kind; the helpers name this view, not it, since main_window.py
builds them (naming it back would be a circle)."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDockWidget, QMainWindow, QSplitter

from .claim_panel import ClaimPanel
from .claims_pane import ClaimsPane
from .imports import Importer
from .operations import DeskSession
from .reader_pane import ReaderPane
from .review import Review
from .saved_lists import SavedListsSidebar
from .team import Team
from .undo import Editor


class WindowView(QMainWindow):
    # set by MainWindow.__init__
    session: DeskSession
    settings: QSettings
    editor: Editor
    reader: ReaderPane
    claims: ClaimsPane
    panel: ClaimPanel
    review: Review
    importer: Importer
    team: Team
    saved_lists: SavedListsSidebar
    undo_dock: QDockWidget
    lists_dock: QDockWidget
    main_split: QSplitter
    centre_split: QSplitter

    # the window's own commands (MainWindow has them)
    def say(self, message: str, ms: int = 4000) -> None:
        raise NotImplementedError

    def take_earlier_verdict(self) -> None:
        raise NotImplementedError

    def link_to_family(self) -> None:
        raise NotImplementedError

    def show_family(self) -> object:
        raise NotImplementedError

    def select_claim(self, claim_id: str) -> None:
        raise NotImplementedError

    def open_bundle(self) -> None:
        raise NotImplementedError

    def show_trash(self) -> None:
        raise NotImplementedError

    def show_statistics(self) -> object:
        raise NotImplementedError

    def show_shortcuts(self) -> None:
        raise NotImplementedError

    def show_about(self) -> None:
        raise NotImplementedError

    def set_status(self, status: str) -> None:
        raise NotImplementedError

    def open_settings(self) -> None:
        raise NotImplementedError

    def focus_url(self) -> None:
        raise NotImplementedError

    def focus_evidence(self) -> None:
        raise NotImplementedError

    def export(self) -> None:
        raise NotImplementedError

    def escape(self) -> None:
        raise NotImplementedError
