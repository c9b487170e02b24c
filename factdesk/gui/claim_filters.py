"""The claims pane's filter bar: the search box, the scope (this article or all), a
Filter menu, and a chip per filter in force (a click on its cross removes it).

The bar holds what the reviewer asked for; the pane lists it (on `changed`)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from factdesk.model import CLAIM_KINDS, STATUSES

from . import style
from .models import KIND_WORDS
from .operations import DeskSession
from .widgets import ChoiceBox, debounce, go_to_results_on_enter

SCORE_STEPS = (0.3, 0.5, 0.7, 0.9)
FILTER_NAMES = {"status": "Status", "verdict": "Verdict", "kind": "Type", "speaker": "Speaker",
                "min_score": "Score", "assignee": "Assigned to"}  # fmt: skip


class ClaimFilterBar(QWidget):
    changed = Signal()  # the search paused, the scope or a filter changed: list again
    searchEntered = Signal()  # Enter or Down in the search box: to the results
    clearRequested = Signal()  # Clear filters: the search, scope and sorting go too

    def __init__(self, session: DeskSession, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        # What the Filter menu narrows the list to (None: any).
        self.filters: dict[str, Any] = dict.fromkeys(FILTER_NAMES)
        self.me: str | None = None  # whose claims "mine" lists (the hub login, or my name)
        self.search = QLineEdit()
        self.search.setObjectName("claimSearch")
        self.search.setPlaceholderText("Search claims  ( / )")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(style.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        go_to_results_on_enter(self.search, self._search_entered)
        self.scope = ChoiceBox()
        self.scope.addItems(["This article", "All articles"])
        self.scope.setToolTip("Show the claims of the current article or of all articles")
        self.filter_button = QToolButton()
        self.filter_button.setObjectName("filterButton")
        self.filter_button.setText("Filter")
        self.filter_button.setIcon(style.icon("filter"))
        self.filter_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.filter_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.filter_button.setToolTip("Narrow the list by status, verdict, type, speaker, score")
        self.filter_menu = QMenu(self.filter_button)
        self.filter_menu.aboutToShow.connect(self._fill_menu)
        self.filter_button.setMenu(self.filter_menu)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(style.TIGHT)
        row = QHBoxLayout()
        row.setContentsMargins(style.GAP, 0, style.GAP, 0)
        row.setSpacing(style.TIGHT)
        row.addWidget(self.search, 1)
        row.addWidget(self.scope)
        row.addWidget(self.filter_button)
        layout.addLayout(row)
        self.chip_bar = QWidget()
        self._chip_row = QHBoxLayout(self.chip_bar)
        self._chip_row.setContentsMargins(style.GAP, 0, style.GAP, 0)
        self._chip_row.setSpacing(style.TIGHT)
        self.chip_bar.hide()
        layout.addWidget(self.chip_bar)
        self._typing = debounce(self, 150, self.changed.emit)
        self.search.textChanged.connect(self._typing.start)
        self.scope.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def _search_entered(self) -> None:
        self._typing.stop()  # the results now, not once the typing pause is over
        self.searchEntered.emit()

    def _fill_menu(self) -> None:
        menu = self.filter_menu
        menu.clear()
        verdicts = [(level.label, level.label) for level in self._session.scale.levels]
        choices = (
            ("status", "&Status", [(s, s) for s in STATUSES]),
            ("verdict", "&Verdict", [("No verdict yet", ""), *verdicts]),
            ("kind", "&Type", [(KIND_WORDS.get(k, k), k) for k in CLAIM_KINDS]),
            ("min_score", "Sc&ore", [(f"at least {s:.1f}", s) for s in SCORE_STEPS]),
        )
        for name, title, options in choices:
            sub = menu.addMenu(title)
            group = QActionGroup(sub)
            for label, value in [("Any", None), *options]:
                act = QAction(label, sub, checkable=True)
                act.setChecked(self.filters[name] == value)
                act.triggered.connect(lambda _c=False, n=name, v=value: self.set_filter(n, v))
                group.addAction(act)
                sub.addAction(act)
        speaker = self.filters["speaker"]
        menu.addAction(f"S&peaker… {f'({speaker})' if speaker else ''}".strip(), self._ask_speaker)
        mine = menu.addAction("Assigned to &me", self.toggle_mine)
        mine.setCheckable(True)
        mine.setChecked(
            self.filters["assignee"] is not None and self.filters["assignee"] == self.me
        )
        mine.setEnabled(bool(self.me))
        menu.addSeparator()
        menu.addAction("&Clear filters", self.clearRequested.emit)

    def _ask_speaker(self) -> None:
        text, ok = QInputDialog.getText(
            self, "Filter by speaker", "Claims by (part of a name or handle):",
            text=self.filters["speaker"] or "",
        )  # fmt: skip
        if ok:
            self.set_filter("speaker", text.strip() or None)

    def toggle_mine(self) -> None:
        """The claims assigned to me (on a team: to my login on the hub)."""
        mine = self.filters["assignee"] is not None and self.filters["assignee"] == self.me
        self.set_filter("assignee", None if mine or not self.me else self.me)

    def set_filter(self, name: str, value: Any) -> None:
        """Narrow the list by `name` (status, verdict, kind, speaker, min_score); None: any."""
        if self.filters[name] != value:
            self.filters[name] = value
            self.show_chips()
            self.changed.emit()

    def show_chips(self) -> None:
        """A chip per filter in force; the Filter button counts them."""
        while self._chip_row.count():
            item = self._chip_row.takeAt(0)
            chip = item.widget() if item is not None else None
            if chip is not None:
                chip.deleteLater()
        for name, value in self.filters.items():
            if value is None:
                continue
            chip = QToolButton()
            chip.setObjectName("filterChip")
            chip.setText(f"{FILTER_NAMES[name]}: {_filter_words(name, value)}")
            chip.setIcon(style.icon("close"))
            chip.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            chip.setToolTip("Remove this filter")
            chip.clicked.connect(lambda _c=False, n=name: self.set_filter(n, None))
            self._chip_row.addWidget(chip)
        self._chip_row.addStretch(1)
        active = any(v is not None for v in self.filters.values())
        self.chip_bar.setVisible(active)
        self.filter_button.setText(
            f"Filter ({sum(v is not None for v in self.filters.values())})" if active else "Filter"
        )


def _filter_words(name: str, value: Any) -> str:
    if name == "min_score":
        return f"at least {value:.1f}"
    if name == "kind":
        return KIND_WORDS.get(value, value)
    if name == "verdict" and value == "":
        return "none yet"
    if name == "assignee":
        return f"me ({value})"
    return str(value)
