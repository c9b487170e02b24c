"""The claims pane: a compact filter bar (search, scope, a Filter menu, a chip per filter
in force) over the claims table (paged, sorted and filtered in SQL on the reader thread).
It says which claim is current; it never edits anything itself."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QMenu,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from factdesk.desk import Changes
from factdesk.model import CLAIM_KINDS, STATUSES, Claim, ClaimFilter

from . import style
from .delegates import CELL_PADDING, ChipDelegate, ClaimTextDelegate, chip_width, row_height
from .models import KIND_WORDS, ClaimTableModel
from .operations import DeskSession
from .widgets import ChoiceBox, debounce, go_to_results_on_enter, tidy_table

NO_ARTICLE = "-"  # a filter that lists nothing (before an article is open)
SCORE_STEPS = (0.3, 0.5, 0.7, 0.9)
# Columns a narrow window hides first, so the claim's text keeps room (the panel shows them).
HIDE_FIRST = (ClaimTableModel.TYPE_COLUMN, ClaimTableModel.SAID_ON_COLUMN,
              ClaimTableModel.SPEAKER_COLUMN)  # fmt: skip
CLAIM_MIN_WIDTH = 240
SPEAKER_WIDTH = 130
# Sorted highest first on the first click: what a reviewer wants on top.
DESCENDING_FIRST = (ClaimTableModel.SCORE_COLUMN, ClaimTableModel.SAID_ON_COLUMN)
FILTER_NAMES = {"status": "Status", "verdict": "Verdict", "kind": "Type", "speaker": "Speaker",
                "min_score": "Score", "assignee": "Assigned to"}  # fmt: skip


class ClaimTable(QTableView):
    """The claims table: rows are claims (Tab leaves it, as from any list)."""

    resized = Signal()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resized.emit()

    def keyboardSearch(self, search: str) -> None:
        """Letters are review keys here (J, K, S, X, ...): one that is not, or one whose
        shortcut did not fire, must not jump to a claim that begins with it."""


class ClaimsPane(QWidget):
    currentClaimChanged = Signal(object)  # the Claim the reviewer moved to
    loaded = Signal()  # the table's rows (re)arrived
    filtersChanged = Signal()

    def __init__(self, session: DeskSession, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self._article_id: str | None = None
        self._wanted: str | None = None  # a claim to make current when the rows arrive
        self._before_reset: str | None = None  # the current claim when a reload began
        self._first_on_load = False
        self._pending_move: int | None = None
        self._quiet = 0
        self._sorted_column = -1
        # What the Filter menu narrows the list to (None: any).
        self.filters: dict[str, Any] = dict.fromkeys(FILTER_NAMES)
        self.me: str | None = None  # whose claims "mine" lists (the hub login, or my name)
        self.model = ClaimTableModel(session, self, ClaimFilter(article_id=NO_ARTICLE))
        self.model.loaded.connect(self._rows_loaded)
        self.model.modelAboutToBeReset.connect(
            lambda: setattr(self, "_before_reset", self.current_claim_id())
        )
        self.model.page_added.connect(self._page_added)
        self._build_filter_bar()
        self.view = ClaimTable()
        self.view.setObjectName("claims")
        self.view.setModel(self.model)
        tidy_table(self.view)
        self.view.setTabKeyNavigation(False)  # Tab goes on to the claim panel
        self.view.setWordWrap(True)
        self.view.setItemDelegateForColumn(0, ClaimTextDelegate(self.view))
        chips = ChipDelegate(self.view)
        for column in (ClaimTableModel.STATUS_COLUMN, ClaimTableModel.VERDICT_COLUMN):
            self.view.setItemDelegateForColumn(column, chips)
        # No sort column: claims in article order. Set before enabling sorting, which
        # would otherwise sort by the first column at once.
        header = self.view.horizontalHeader()
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(self._sort_clicked)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(24)
        self.view.setColumnHidden(ClaimTableModel.ARTICLE_COLUMN, True)
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        self.view.resized.connect(self.fit_columns)
        self.fit_columns()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, style.GAP, 0, 0)
        layout.setSpacing(style.TIGHT)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.chip_bar)
        layout.addWidget(self.view)
        session.desk_changed.connect(self._desk_changed)
        session.scales_changed.connect(self._scales_changed)

    # --- the filter bar ---------------------------------------------------------------

    def _build_filter_bar(self) -> None:
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
        self.filter_menu.aboutToShow.connect(self._fill_filter_menu)
        self.filter_button.setMenu(self.filter_menu)
        self.filter_bar = QWidget()
        row = QHBoxLayout(self.filter_bar)
        row.setContentsMargins(style.GAP, 0, style.GAP, 0)
        row.setSpacing(style.TIGHT)
        row.addWidget(self.search, 1)
        row.addWidget(self.scope)
        row.addWidget(self.filter_button)
        self.chip_bar = QWidget()
        self._chip_row = QHBoxLayout(self.chip_bar)
        self._chip_row.setContentsMargins(style.GAP, 0, style.GAP, 0)
        self._chip_row.setSpacing(style.TIGHT)
        self.chip_bar.hide()
        self._filter_timer = debounce(self, 150, self.apply_filters)
        self.search.textChanged.connect(self._filter_timer.start)
        self.scope.currentIndexChanged.connect(lambda _i: self.apply_filters())
        # Which article a claim is from matters only when listing all articles.
        self.scope.currentIndexChanged.connect(lambda _i: self.fit_columns())

    def _fill_filter_menu(self) -> None:
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
        menu.addAction("&Clear filters", self.clear_filters)

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
            self._show_chips()
            self.apply_filters()

    def _show_chips(self) -> None:
        while self._chip_row.count():
            item = self._chip_row.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()
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

    def _search_entered(self) -> None:
        """Enter or Down in the search box: the results, from the first."""
        self._filter_timer.stop()
        self._first_on_load = True
        self._wanted = None
        if not self.apply_filters():  # nothing changed: the rows are there already
            self._first_on_load = False
            if self.model.rowCount():
                self.set_current_row(0)
        self.focus_table()

    # --- what is listed -------------------------------------------------------------

    def all_articles(self) -> bool:
        return self.scope.currentIndex() == 1

    def set_article(self, article_id: str, claim_id: str | None = None) -> None:
        """The article being read: its claims are listed (unless all articles are), and
        `claim_id` (or else the first claim) becomes current when they arrive."""
        self._article_id = article_id
        self._first_on_load = claim_id is None
        if claim_id is not None:
            self.select_claim(claim_id)
        if not self.all_articles():
            self.apply_filters()

    def claim_filter(self) -> ClaimFilter:
        article_id = None if self.all_articles() else (self._article_id or NO_ARTICLE)
        return ClaimFilter(
            article_id=article_id,
            text=self.search.text().strip() or None,
            status=self.filters["status"],
            verdict=self.filters["verdict"],
            speaker=self.filters["speaker"],
            kind=self.filters["kind"],
            min_score=self.filters["min_score"],
            assignee=self.filters["assignee"],
        )

    @Slot()
    def apply_filters(self) -> bool:
        """List what the filters say; False when that is what is listed already."""
        changed = self.model.set_filter(self.claim_filter())
        self.filtersChanged.emit()
        return changed

    def clear_filters(self) -> None:
        """Everything back to the start: no search, no filter, this article, article order."""
        for name in self.filters:
            self.filters[name] = None
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.scope.blockSignals(True)
        self.scope.setCurrentIndex(0)
        self.scope.blockSignals(False)
        self._show_chips()
        self.fit_columns()
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.model.sort(-1)
        self.apply_filters()

    # --- the session: what is listed, kept between runs ------------------------------

    def state(self) -> dict[str, Any]:
        header = self.view.horizontalHeader()
        return {
            "search": self.search.text(),
            "all_articles": self.all_articles(),
            "filters": dict(self.filters),
            "sort": header.sortIndicatorSection(),
            "descending": header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder,
        }

    def restore_state(self, state: dict[str, Any]) -> None:
        """The list as it was when the window closed (before the first rows are read)."""
        filters = state.get("filters") or {}
        for name in self.filters:
            self.filters[name] = filters.get(name)
        self.search.blockSignals(True)
        self.search.setText(str(state.get("search") or ""))
        self.search.blockSignals(False)
        self.scope.blockSignals(True)
        self.scope.setCurrentIndex(1 if state.get("all_articles") else 0)
        self.scope.blockSignals(False)
        self._show_chips()
        sort = int(state.get("sort", -1))
        if 0 <= sort < self.model.columnCount():
            order = Qt.SortOrder.DescendingOrder if state.get("descending") else (
                Qt.SortOrder.AscendingOrder)  # fmt: skip
            self._sorted_column = sort
            self.view.horizontalHeader().setSortIndicator(sort, order)
        self.fit_columns()

    # --- columns --------------------------------------------------------------------

    def fit_columns(self) -> None:
        """Short columns as wide as their widest label (never cut); the claim's text takes
        the rest, and a narrow window hides Type, Said on and Speaker (in that order) rather
        than squeeze it."""
        view, header = self.view, self.view.horizontalHeader()
        metrics = QFontMetrics(view.font())
        header_metrics = QFontMetrics(header.font())
        view.verticalHeader().setDefaultSectionSize(row_height(metrics))
        labels = {
            ClaimTableModel.SAID_ON_COLUMN: ["2000-00-00"],
            ClaimTableModel.SCORE_COLUMN: ["0.00"],
            ClaimTableModel.TYPE_COLUMN: list(KIND_WORDS.values()),
        }
        widths = {}
        for column in range(1, ClaimTableModel.ARTICLE_COLUMN + 1):
            heading = header.sectionSizeFromContents(column).width()
            if column in (ClaimTableModel.STATUS_COLUMN, ClaimTableModel.VERDICT_COLUMN):
                words = STATUSES if column == ClaimTableModel.STATUS_COLUMN else [
                    level.label for level in self._session.scale.levels]  # fmt: skip
                content = max((chip_width(metrics, w) for w in words), default=0)
            elif column in labels:
                content = max(metrics.horizontalAdvance(w) for w in labels[column])
                content += 2 * CELL_PADDING
            elif column == ClaimTableModel.SPEAKER_COLUMN:
                content = SPEAKER_WIDTH
            else:
                content = 2 * SPEAKER_WIDTH  # the article's title
            widths[column] = max(heading, content, header_metrics.height())
        hidden = {ClaimTableModel.ARTICLE_COLUMN} if not self.all_articles() else set()
        available = view.viewport().width() or view.width()

        def spare() -> int:
            return available - sum(w for c, w in widths.items() if c not in hidden)

        for column in HIDE_FIRST:
            if spare() >= CLAIM_MIN_WIDTH:
                break
            hidden.add(column)
        for column, width in widths.items():
            view.setColumnHidden(column, column in hidden)
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, width)
        speaker_hidden = ClaimTableModel.SPEAKER_COLUMN in hidden
        if self.model.speaker_in_text != speaker_hidden:
            self.model.speaker_in_text = speaker_hidden
            view.viewport().update()

    def _sort_clicked(self, column: int, order: Qt.SortOrder) -> None:
        """A first click on Score or Said on sorts highest first; clicks after toggle."""
        first_click = column != self._sorted_column
        self._sorted_column = column
        if first_click and column in DESCENDING_FIRST and order == Qt.SortOrder.AscendingOrder:
            self.view.horizontalHeader().setSortIndicator(column, Qt.SortOrder.DescendingOrder)
            return  # (called again with the new order)
        self.filtersChanged.emit()

    # --- the current claim ----------------------------------------------------------

    def current_claim_id(self) -> str | None:
        claim = self.model.claim_at(self.view.currentIndex().row())
        return claim.id if claim else None

    def selected_claims(self) -> list[Claim]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [c for c in (self.model.claim_at(r) for r in rows) if c is not None]

    def select_claim(self, claim_id: str) -> bool:
        """Make a listed claim current; one not listed (yet) becomes current if it arrives."""
        row = self.model.row_of(claim_id)
        if row is None:
            self._wanted = claim_id
            return False
        self._wanted = None
        self.set_current_row(row)
        return True

    def set_current_row(self, row: int) -> None:
        """Make `row` the current and only selected claim (whatever keys are held)."""
        index = self.model.index(row, 0)
        self.view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

    def move_claim(self, step: int) -> None:
        """J/K: the next or previous claim (the next page is read first if need be)."""
        current = self.view.currentIndex()
        row = current.row() + step if current.isValid() else 0
        if row >= self.model.rowCount() and self.model.has_more():
            self._pending_move = row
            self.model.fetchMore()
        elif 0 <= row < self.model.rowCount():
            self.set_current_row(row)

    def focus_table(self) -> None:
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def counts_text(self) -> str:
        more = "+" if self.model.has_more() else ""
        return f"{self.model.rowCount()}{more} claims listed"

    @contextlib.contextmanager
    def _quietly(self) -> Iterator[None]:
        self._quiet += 1
        try:
            yield
        finally:
            self._quiet -= 1

    @Slot(QModelIndex, QModelIndex)
    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        claim = self.model.claim_at(current.row())
        if claim is not None and not self._quiet:
            self.currentClaimChanged.emit(claim)

    @Slot()
    def _rows_loaded(self) -> None:
        wanted = None if self._first_on_load and not self._wanted else (
            self._wanted or self._before_reset)  # fmt: skip
        row = self.model.row_of(wanted) if wanted else None
        if row is not None:
            self._wanted = None
        elif self._first_on_load and self.model.rowCount():
            row = 0
        self._first_on_load = False
        if row is not None and wanted is not None and wanted == self._before_reset:
            with self._quietly():  # the claim shown stays current: not shown again
                self.set_current_row(row)
        elif row is not None:
            self.set_current_row(row)
        self.loaded.emit()

    @Slot()
    def _page_added(self) -> None:
        row, self._pending_move = self._pending_move, None
        if row is not None and 0 <= row < self.model.rowCount():
            self.set_current_row(row)
        self.loaded.emit()

    def _desk_changed(self, changes: Changes, _origin: object) -> None:
        if changes.claims:
            self.model.refresh_claims(changes.claims)

    def _scales_changed(self) -> None:
        if self.filters["verdict"] and self.filters["verdict"] not in {
            level.label for level in self._session.scale.levels
        }:
            self.set_filter("verdict", None)
        self.model.refresh_scales()
        self.fit_columns()


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
