"""What the window remembers between runs, in its QSettings file: its size and pane layout,
and where the checker was (article, claim, search and filters). The session part is written
as the checker moves, so a crash loses none of it."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QGuiApplication

if TYPE_CHECKING:
    from .window_view import WindowView

PREFERRED_SIZE = QSize(1400, 860)  # when the screen has room for it
# The panes' shares of the width (articles, reader and claims, claim panel) and the least
# each needs: at 1024 wide all three still fit.
PANE_SHARES, PANE_MINIMUMS = (0.18, 0.53, 0.29), (170, 380, 310)


class WindowMemory:
    def __init__(self, window: WindowView):
        self.window = window
        self.settings = window.settings
        self.panes_placed = False  # by the layout saved last time, or on first show

    # --- layout --------------------------------------------------------------------------

    def restore_layout(self) -> None:
        w = self.window
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty() and self._same_room():
            w.restoreGeometry(geometry)
        else:  # a first run, or a smaller screen than last time (a laptop off its monitor)
            w.resize(self.default_size())
        self.fit_panes()
        for key, widget in (("window/state", w), ("window/main_split", w.main_split),
                            ("window/centre_split", w.centre_split)):  # fmt: skip
            value = self.settings.value(key)
            if isinstance(value, QByteArray) and not value.isEmpty():
                widget.restoreState(value)
                self.panes_placed = self.panes_placed or widget is w.main_split
        header = self.settings.value("window/claim_header")
        if isinstance(header, QByteArray) and not header.isEmpty():
            w.claims.view.horizontalHeader().restoreState(header)
            w.claims.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)

    def _room(self) -> QSize:
        screen = self.window.screen() or QGuiApplication.primaryScreen()
        return screen.availableGeometry().size() if screen is not None else PREFERRED_SIZE

    def _same_room(self) -> bool:
        """Whether the screen has at least the room it had when the size was saved (Qt
        squeezes a saved size onto a smaller screen oddly: 1366x768 became 862x466 on a
        1024x700 one)."""
        saved = str(self.settings.value("window/screen") or "")
        width, _, height = saved.partition("x")
        if not (width.isdigit() and height.isdigit()):
            return True  # saved before the screen was kept: trust the geometry
        room = self._room()
        return room.width() >= int(width) and room.height() >= int(height)

    def default_size(self) -> QSize:
        """The preferred size, or the screen's free area when that is smaller (a 1366x768
        laptop): the window never starts bigger than the screen."""
        w = self.window
        screen = w.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return PREFERRED_SIZE
        room = screen.availableGeometry().size()
        frame = w.frameGeometry().size() - w.geometry().size()
        return PREFERRED_SIZE.boundedTo(room - frame)

    def fit_panes(self) -> None:
        """Share the width between the panes (each keeps at least what it needs)."""
        w = self.window
        width = max(w.width(), sum(PANE_MINIMUMS))
        sizes = [max(least, round(width * share))
                 for share, least in zip(PANE_SHARES, PANE_MINIMUMS, strict=True)]  # fmt: skip
        sizes[1] = max(PANE_MINIMUMS[1], width - sizes[0] - sizes[2])
        w.main_split.setSizes(sizes)
        # The reader over the claims table: the table keeps room for several claims.
        height = max(w.centre_split.height(), w.height() - 120)
        w.centre_split.setSizes([round(height * 0.55), round(height * 0.45)])

    def place_panes_once(self) -> None:
        """On a first run, share the width the window has once shown."""
        if not self.panes_placed:
            self.panes_placed = True
            self.fit_panes()

    def save_layout(self) -> None:
        w = self.window
        self.settings.setValue("window/geometry", w.saveGeometry())
        room = self._room()
        self.settings.setValue("window/screen", f"{room.width()}x{room.height()}")
        self.settings.setValue("window/state", w.saveState())
        self.settings.setValue("window/main_split", w.main_split.saveState())
        self.settings.setValue("window/centre_split", w.centre_split.saveState())
        self.settings.setValue("window/claim_header", w.claims.view.horizontalHeader().saveState())
        self.save_session()

    # --- where the checker was -----------------------------------------------------------

    def save_session(self) -> None:
        """Where the checker is (article, claim, search, filters): written as they move, so
        the next start finds it after a crash. (What is being typed is kept in the
        database's drafts: see panel_drafts.py.)"""
        w = self.window
        if w.reader.article is not None:
            self.settings.setValue("session/article", w.reader.article.id)
        if w.panel.claim is not None:
            self.settings.setValue("session/claim", w.panel.claim.id)
        self.settings.setValue("session/list", json.dumps(w.claims.state()))
        self.settings.sync()

    def restore_session(self) -> tuple[str, str | None]:
        """Put back the list's search and filters; return the
        article and claim the checker was on ("" and None when none)."""
        w = self.window
        listed = _saved_json(self.settings.value("session/list"))
        if listed:
            w.claims.restore_state(listed)
        article = str(self.settings.value("session/article") or "")
        return article, str(self.settings.value("session/claim") or "") or None


def _saved_json(saved: object) -> dict:
    """A saved JSON object; anything else (a damaged or hand-edited file) is an empty one."""
    try:
        value = json.loads(str(saved or "{}"))
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
